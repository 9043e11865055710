"""The release workflow's commands: ``request`` (submit, show, list), ``review``, ``release`` and
``audit`` (verify, export). Thin: parse, call ``sdc.ledger``, print, exit.

Exit codes: 0 done; 1 refused or failed verification (nothing to release, a corrupted snapshot,
a broken audit log); 2 usage or configuration error (message, no traceback).
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from sdc.textsafe import printable

if TYPE_CHECKING:
    from sdc.ledger.db import Ledger
    from sdc.policy import Policy

err = Console(stderr=True, highlight=False, soft_wrap=True)

LedgerOpt = Annotated[str | None, typer.Option(
    "--ledger", help="Ledger: a SQLite file or postgresql://… URL "
                     "(default: $SDC_LEDGER, else .sdc/ledger.sqlite).")]
StoreOpt = Annotated[Path | None, typer.Option(
    "--store", help="Snapshot store folder (default: beside a SQLite ledger; in the database "
                    "for PostgreSQL).")]


class Format(StrEnum):
    text = "text"
    json = "json"


class Decision(StrEnum):
    approve = "approve"
    request_changes = "request-changes"
    reject = "reject"


def default_user() -> str:
    """Who is acting when no name is given: $SDC_USER, else the login name."""
    try:
        return os.environ.get("SDC_USER") or getpass.getuser()
    except (KeyError, OSError):
        return ""


@contextmanager
def _errors() -> Iterator[None]:
    """Map library errors to exit codes with a one-line message."""
    from sdc.ledger.errors import LedgerError, VerificationError
    from sdc.ledger.release import ReleaseRefused
    from sdc.policy import PolicyError

    try:
        yield
    except (LedgerError, PolicyError) as exc:
        err.print(f"[bold red]error[/]: {escape(str(exc))}")
        raise typer.Exit(2) from None
    except VerificationError as exc:
        err.print(f"[bold red]verification failed[/]: {escape(str(exc))}")
        raise typer.Exit(1) from None
    except ReleaseRefused as exc:
        err.print(f"[bold red]refused[/]: {escape(str(exc))}")
        raise typer.Exit(1) from None


def _open(ledger: str | None, store: Path | None, *, create: bool = False) -> Ledger:
    from sdc.ledger.db import open_ledger

    return open_ledger(ledger, store=store, create=create)


def ledger_policy(led: Ledger, rules: Path | None, profile: str | None,
                  checked: list[Path]) -> Policy:
    """The policy a submission is checked under: the ledger's pinned one (``sdc.ledger.pinned``),
    never the submitter's. ``--rules``, ``--profile`` or ``$SDC_POLICY`` naming another one are
    refused (the submitter asked for something that would not happen); a rules.toml above the
    working directory is not looked for."""
    from sdc.ledger.pinned import PolicyMismatch, pinned_policy
    from sdc.policy import POLICY_ENV, load_policy

    pin, policy = pinned_policy(led)
    if rules is not None or os.environ.get(POLICY_ENV):
        chosen = load_policy(rules, profile=profile, checked=list(checked))
        asked = f"{chosen.source} (profile {chosen.profile}, sha256 {chosen.sha256[:12]}…)"
        same = pin.matches(chosen.sha256, chosen.profile)
    else:
        asked, same = f"the profile {profile}", profile is None or profile == pin.profile
    if not same:
        how = "--rules" if rules is not None else f"${POLICY_ENV}" if os.environ.get(
            POLICY_ENV) else "--profile"
        raise PolicyMismatch(f"{how} asks for {asked}, but this ledger checks every submission "
                             f"under its own policy, {pin.describe()}; only an admin changes "
                             "it (sdc ledger policy set): drop the option")
    return policy


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


# -- request ---------------------------------------------------------------------------------

def submit(
    folder: Annotated[Path, typer.Argument(help="The request folder (outputs + request.toml).")],
    author: Annotated[str | None, typer.Option(
        "--author", help="Who submits (default: request.toml's author, else $SDC_USER or the "
                         "login name).")] = None,
    update: Annotated[str | None, typer.Option(
        "--update", help="Submit as a new version of this request.")] = None,
    rules: Annotated[Path | None, typer.Option(
        "--rules", help="Policy file: refused unless it is the ledger's policy (sdc ledger "
                        "policy show); the ledger's policy is used either way.")] = None,
    profile: Annotated[str | None, typer.Option(
        "--profile", help="Policy profile: refused unless it is the ledger's.")] = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
) -> None:
    """Snapshot and check a request folder; print the request id."""
    from sdc.ledger.requests import submit as do_submit

    with _errors():
        if not folder.is_dir():
            from sdc.ledger.errors import LedgerError

            raise LedgerError(f"not a folder: {folder}")
        with closing(_open(ledger, store, create=True)) as led:
            policy = ledger_policy(led, rules, profile, [folder])
            declared = _declared_author(folder)
            name = author or declared or default_user()
            result = do_submit(led, folder, author=name, policy=policy, update=update)
    if fmt is Format.json:
        _echo_json(vars(result))
        return
    typer.echo(result.request_id)
    err.print(f"{result.request_id} version {result.version}: {len(result.outputs)} output(s), "
              f"check {result.status}; each needs {result.reviewers_required} independent "
              "review(s)")
    if result.carried:
        err.print("votes kept (unchanged): " + escape(", ".join(result.carried)))
    if result.reset:
        err.print("votes reset (changed): " + escape(", ".join(result.reset)))


def _declared_author(folder: Path) -> str | None:
    from sdc.readers import REQUEST_FILE
    from sdc.request import RequestError, load_request

    path = folder / REQUEST_FILE
    if not path.is_file():
        return None
    try:
        return load_request(path).request.author
    except RequestError:
        return None


def show(
    request: Annotated[str, typer.Argument(help="Request id (e.g. R-0001).")],
    viewer: Annotated[str | None, typer.Option(
        "--as", help="Show as this reviewer: their own vote is visible before the others'.")]
    = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
) -> None:
    """Show a request's state, votes (as far as you may see them) and history."""
    from sdc.ledger.views import show as do_show

    with _errors(), closing(_open(ledger, store)) as led:
        data = do_show(led, request, viewer)
    if fmt is Format.json:
        _echo_json(data)
        return
    _print_show(data)


def _safe(value: object) -> str:
    """Researcher or reviewer text for the terminal: control characters and terminal escapes
    shown as visible escapes (``sdc.textsafe``), and rich markup escaped, so a comment such as
    ``[bold red]approved[/]`` or ``\\x1b[8m`` prints as the characters it holds."""
    return escape(printable(str(value)))


def _print_show(data: dict[str, Any]) -> None:
    out = Console(highlight=False, soft_wrap=True)
    title = f" — {data['title']}" if data.get("title") else ""
    out.print(f"[bold]{_safe(data['id'])}[/]{_safe(title)}  by {_safe(data['author'])}")
    out.print(f"version {data['version']}, check {_safe(data['check'])}, state "
              f"[bold]{_safe(data['state'])}[/], {data['reviewers_required']} review(s) per "
              "output")
    policy = data.get("policy") or {}
    if policy:
        pin = data.get("policy_in_force") or {}
        verdict = ("the policy in force for this ledger" if policy.get("in_force") else
                   "[bold red]not the policy in force for this ledger[/] "
                   f"({_safe(pin.get('source'))}, profile {_safe(pin.get('profile'))}, sha256 "
                   f"{_safe(str(pin.get('sha256'))[:12])}): it cannot be voted on nor released; "
                   "submit it again")
        out.print(f"checked under the policy {_safe(policy['source'])} (profile "
                  f"{_safe(policy['profile'])}, sha256 {_safe(policy['sha256'][:12])}): "
                  f"{verdict}")
    from sdc.reports.common import declaration_source

    justifications = data.get("justifications") or {}
    declarations = data.get("declarations") or {}
    for o in data["outputs"]:
        _print_output(out, o, justifications.get(o["path"]))
        for d in declarations.get(o["path"], []):
            where = f"{d['sheet']}!{d['cell'] or ''}" if d["sheet"] else (d["cell"] or "")
            out.print(f"      changed by a declaration in {declaration_source([d])}: "
                      f"{_safe(d['rule'])} "
                      f"{_safe(where)} {_safe(d['from'])} -> {_safe(d['to'])} by "
                      f"{_safe(d['kind'])}")
    _print_trail(out, data)


# how a vote's review entry says it was cast (``authenticated``: true, false, absent)
_HOW_VOTED = {True: "authenticated", False: "not authenticated: a name, as the policy allows",
              None: "authentication not recorded: before round 21"}


def _print_output(out: Console, o: dict[str, Any], justification: str | None) -> None:
    """One output of ``request show``: its state and votes, then each reviewer's decision."""
    released = " (released)" if o["released"] else ""
    out.print(f"  {_safe(o['path'])}: check {_safe(o['check'])}, "
              f"[bold]{_safe(o['state'])}[/] ({o['votes']}/{o['required']} votes){released}")
    if justification:
        out.print(f"      justification: {_safe(justification)}")
    for d in o["decisions"]:
        extra = f" — {d['comment']}" if d["comment"] else ""
        carried = f" [kept from v{d['carried_from']}]" if d["carried_from"] else ""
        out.print(f"      {_safe(d['reviewer'])}: {_safe(d['decision'])}{_safe(extra)}"
                  f"{_safe(carried)} ({_HOW_VOTED[d.get('authenticated')]})")
        for ov in d["overrides"]:
            cell = f"@{ov['cell']}" if ov["cell"] else ""
            out.print(f"        overrides {_safe(ov['rule'] + cell)}")
    if o["hidden_votes"]:
        out.print(f"      {o['hidden_votes']} vote(s) hidden until {o['required']} "
                  "reviewers have voted")
    if o["conflict"]:
        out.print("      [bold red]conflict[/]: the reviewers disagree")


def _print_trail(out: Console, data: dict[str, Any]) -> None:
    """The request's comments, releases and audit history."""
    if data.get("comments"):
        out.print("comments:")
        for c in data["comments"]:
            out.print(f"  v{c['version']} {_safe(c['path'] or '')} {_safe(c['actor'])}: "
                      f"{_safe(c['text'])}")
    if data["releases"]:
        out.print("releases:")
        for r in data["releases"]:
            out.print(f"  #{r['id']} v{r['version']} by {_safe(r['by'])} to "
                      f"{_safe(r['target'])}: {_safe(r['state'])}")
    out.print("history:")
    for h in data["history"]:
        details = ", ".join(f"{k}={v}" for k, v in sorted(h["data"].items())
                            if k in ("version", "path", "decision", "rule", "cell", "status",
                                     "state", "target", "text", "reason"))
        out.print(f"  {h['seq']:>5} {_safe(h['at'][:19])} {_safe(h['actor'])} "
                  f"{_safe(h['event'])} {_safe(details)}")


def list_requests(
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
) -> None:
    """List the requests in the ledger."""
    from sdc.ledger.requests import list_requests as do_list

    with _errors(), closing(_open(ledger, store)) as led:
        rows = do_list(led)
    if fmt is Format.json:
        _echo_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['id']}\tv{r['version']}\t{r['check']}\t{r['author']}\t"
                   f"{r['created_at'][:19]}\t{r['title'] or ''}")


# -- review and release ----------------------------------------------------------------------

def review(
    request: Annotated[str, typer.Argument(help="Request id.")],
    reviewer: Annotated[str, typer.Option(
        "--reviewer", help="Your checker account (its password is asked; piped: the first "
                           "line), or your name where the policy says [workflow] cli_votes = "
                           "\"named\".")],
    outputs: Annotated[list[str], typer.Option(
        "--output", help="Output path as listed by `sdc request show` (repeatable).")],
    decision: Annotated[Decision | None, typer.Option(
        "--decision", help="approve, request-changes or reject (omit to only comment).")]
    = None,
    comment: Annotated[str | None, typer.Option(
        "--comment", help="Why; required to approve an output with fail findings or to "
                          "override.")] = None,
    overrides: Annotated[list[str] | None, typer.Option(
        "--override", help="RULE@CELL (e.g. SDC101@C4, or Sheet1!C4) or RULE: accept that "
                           "finding (repeatable; needs --comment).")] = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
) -> None:
    """Record your decision on outputs of a request (votes are final and independent)."""
    from sdc.ledger.reviews import review as do_review

    with _errors(), closing(_open(ledger, store)) as led:
        name, authenticated = _voter(led, reviewer)
        result = do_review(led, request, reviewer=name, paths=outputs,
                           decision=decision.value if decision else None, comment=comment,
                           overrides=overrides or [], authenticated=authenticated)
    for out in result.outputs:
        if decision is None:
            typer.echo(f"{out.path}: comment recorded")
        elif not out.complete:
            typer.echo(f"{out.path}: {decision.value} recorded ({len(out.votes)} of "
                       f"{out.required} votes; the others stay hidden until all are in)")
        else:
            votes = ", ".join(f"{v.reviewer} {v.decision}" for v in out.votes)
            state = "CONFLICT" if out.state == "conflict" else out.state
            typer.echo(f"{out.path}: {state} ({votes})")


def _voter(led: Ledger, reviewer: str) -> tuple[str, bool]:
    """Who votes: the checker account ``reviewer`` proven by its password (read as ``sdc
    users`` reads one), or the bare name where the policy in force says ``cli_votes =
    "named"``; and whether it was an account."""
    from sdc.cli.users import read_password
    from sdc.ledger.votes import NAMED, cli_votes, voter

    with led.read() as conn:
        mode = cli_votes(conn)
    if mode == NAMED:
        return reviewer, False
    password = read_password(f"Password of {reviewer}", confirm=False)
    return voter(led, reviewer, password).name, True


def release(
    request: Annotated[str, typer.Argument(help="Request id.")],
    to: Annotated[Path, typer.Option("--to", help="New or empty folder to release into.")],
    by: Annotated[str | None, typer.Option(
        "--by", help="Who releases (default: $SDC_USER or the login name).")] = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
) -> None:
    """Export the approved outputs of a request, verified against their snapshot hashes."""
    from sdc.ledger.release import release as do_release

    with _errors(), closing(_open(ledger, store)) as led:
        result = do_release(led, request, to, actor=by or default_user())
    for path in result.files:
        typer.echo(f"released {path}")
    for path in result.withheld:
        err.print(f"withheld {escape(path)} (not approved)")
    err.print(f"{result.request_id} version {result.version}: {len(result.files)} output(s) "
              f"released to {escape(str(result.target))}")


# -- audit -----------------------------------------------------------------------------------

def audit_verify(
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
    witness: Annotated[Path | None, typer.Option(
        "--witness", help="Check the chain against the checkpoints in FILE, written outside "
        "the ledger (default: $SDC_AUDIT_WITNESS, when set).")] = None,
) -> None:
    """Check the audit log's hash chain, its checkpoints outside the ledger, the state it
    records and the stored output pages; exit 1 at the first bad entry."""
    from sdc.ledger.grants import admin_with_digest, without_digest
    from sdc.ledger.verify import verify

    with _errors(), closing(_open(ledger, store)) as led, led.read() as conn:
        report = verify(conn) if witness is None else verify(conn, witness)
        old, digest_admin = without_digest(conn), admin_with_digest(conn)
    if old:
        _warn_without_digest(old, digest_admin)
    if report.ok:
        typer.echo(report.message())
        return
    err.print(f"[bold red]{escape(report.message())}[/]")
    raise typer.Exit(1)


def _warn_without_digest(accounts: list[tuple[str, str]], digest_admin: bool) -> None:
    """Name the accounts added before round 20 that were not reset: a warning, not a failure
    (round 21's decision: an old ledger is not locked out of its releases)."""
    names = ", ".join(f"{name} ({role})" for name, role in accounts)
    first = "" if digest_admin else (
        "; no admin has a digest yet: add one first (sdc users add NAME --role admin)")
    err.print(f"warning: {len(accounts)} account(s) added before round 20 have no password "
              f"digest in the audit log, so their password is not checked against it: "
              f"{escape(printable(names))}; reset each: sdc users reset NAME --by ADMIN{first}")


def audit_export(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to FILE.")]
    = None,
    request: Annotated[str | None, typer.Option("--request", help="Only this request.")]
    = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
) -> None:
    """Write the audit log as JSON lines (one entry per line, with its hashes)."""
    from sdc.ledger import events
    from sdc.ledger.requests import get_request

    with _errors():
        with closing(_open(ledger, store)) as led, led.read() as conn:
            rid = get_request(conn, request).id if request else None
            lines = [json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True)
                     for e in events.entries(conn, rid)]
        if output is None:
            sys.stdout.write("".join(line + "\n" for line in lines))
            return
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        except OSError as exc:
            from sdc.ledger.errors import LedgerError

            raise LedgerError(f"cannot write {output}: {exc.strerror or exc}") from None
    err.print(f"{len(lines)} entries written to {escape(str(output))}")


def register(app: typer.Typer) -> None:
    """Add the workflow commands to the ``sdc`` app."""
    request_app = typer.Typer(no_args_is_help=True, help="Release requests in the ledger.")
    request_app.command("submit")(submit)
    request_app.command("show")(show)
    request_app.command("list")(list_requests)
    from sdc.cli import lifecycle  # the web app's lifecycle steps (draft ... return, reject)

    lifecycle.register(request_app)
    app.add_typer(request_app, name="request")
    app.command("review")(review)
    app.command("release")(release)
    audit_app = typer.Typer(no_args_is_help=True, help="The ledger's tamper-evident audit log.")
    audit_app.command("verify")(audit_verify)
    audit_app.command("export")(audit_export)
    app.add_typer(audit_app, name="audit")
    from sdc.cli import ledger_policy  # sdc ledger policy set|show: the checkers' policy

    ledger_policy.register(app)
