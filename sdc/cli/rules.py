"""``sdc rules``: list the rules with their status under the policy, or document one; with
``--toml`` or ``--markdown`` print the commented default rules.toml or docs/rules.md."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from sdc.cli.common import usage_error
from sdc.cli.options import ProfileOpt, RulesOpt


def rules_cmd(
    key: Annotated[str | None, typer.Argument(metavar="[CODE|NAME]",
                                              help="A rule code or name.")] = None,
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    toml: Annotated[bool, typer.Option(
        "--toml", help="Print the commented default policy file (rules.toml).")] = False,
    markdown: Annotated[bool, typer.Option(
        "--markdown", help="Print the rule catalogue (docs/rules.md).")] = False,
) -> None:
    """List the rules, or document one (code or name)."""
    if toml or markdown:
        if (toml and markdown) or key is not None:
            raise usage_error("--toml and --markdown print the whole catalogue: give one, "
                              "without a rule")
        from sdc.catalogue import rules_markdown, rules_toml

        typer.echo(rules_toml() if toml else rules_markdown(), nl=False)
        return
    from rich.console import Console
    from rich.table import Table as RichTable

    from sdc.policy import PolicyError, load_policy
    from sdc.rules import REGISTRY, find_rule

    try:
        policy = load_policy(rules, profile=profile)
    except PolicyError as exc:
        raise usage_error(f"invalid policy: {exc}") from None
    out = Console(highlight=False)
    if key is None:
        table = RichTable(title=f"sdc rules (profile {policy.profile})")
        for col in ("code", "name", "status", "summary"):
            table.add_column(col)
        for code, listed in REGISTRY.items():
            status = policy.params(listed).status if policy.is_enabled(listed) else "off"
            table.add_row(code, listed.name, status, escape(listed.summary))
        out.print(table)
        return
    rule = find_rule(key)
    if rule is None:
        raise usage_error(f"no rule {key!r}; `sdc rules` lists them")
    params = policy.params(rule).model_dump(mode="json")
    out.print(f"[bold]{rule.code} {rule.name}[/]  ({escape(rule.summary)})\n", soft_wrap=True)
    out.print(escape(rule.doc()), soft_wrap=True)
    out.print(f"\n[bold]Parameters[/] (rules.toml: {escape(f'[rules.{rule.name}]')})",
              soft_wrap=True)
    for pname, value in params.items():
        info = rule.Params.model_fields.get(pname)
        desc = f"  — {info.description}" if info is not None and info.description else ""
        out.print(f"  {pname} = {escape(repr(value))}{escape(desc)}", soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("rules")(rules_cmd)

