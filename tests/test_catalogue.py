"""The rule catalogue is generated from the code: docs/rules.md and the commented rules.toml are
what ``sdc rules --markdown`` / ``--toml`` print, so a rule cannot change without them."""

from __future__ import annotations

import tomllib
from pathlib import Path

from typer.testing import CliRunner

from sdc.catalogue import REGENERATE, rules_markdown, rules_toml, toml_value
from sdc.cli import app
from sdc.policy import build_policy
from sdc.rules import REGISTRY

ROOT = Path(__file__).resolve().parent.parent


def test_committed_rules_toml_is_generated() -> None:
    assert (ROOT / "rules.toml").read_text(encoding="utf-8") == rules_toml(), \
        f"rules.toml is stale: run `{REGENERATE}`"


def test_committed_rules_md_is_generated() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), \
        f"docs/rules.md is stale: run `{REGENERATE}`"


def test_every_parameter_is_described() -> None:
    missing = [f"{rule.name}.{name}" for rule in REGISTRY.values()
               for name, info in rule.Params.model_fields.items()
               if name != "status" and not info.description]
    assert missing == []


def test_an_unset_parameter_shows_an_example_that_the_policy_accepts() -> None:
    text = rules_toml()
    for rule in REGISTRY.values():
        for name, info in rule.Params.model_fields.items():
            if info.default is None:
                assert info.examples, f"{rule.name}.{name}"
                example = info.examples[0]
                assert f"# {name} = {toml_value(example)}" in text
                policy = build_policy({"rules": {rule.name: {name: example}}})
                assert getattr(policy.params(rule), name) == example


def test_the_generated_file_is_the_builtin_policy() -> None:
    raw = tomllib.loads(rules_toml())
    assert build_policy(raw).effective_params() == build_policy({}).effective_params()


def test_a_changed_rule_makes_the_committed_documents_stale(monkeypatch) -> None:
    rule = REGISTRY["SDC101"]
    monkeypatch.setattr(rule, "summary", rule.summary + " (changed)")
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") != rules_markdown()
    assert (ROOT / "rules.toml").read_text(encoding="utf-8") != rules_toml()


def test_cli_prints_both_documents() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["rules", "--toml"]).output == rules_toml()
    assert runner.invoke(app, ["rules", "--markdown"]).output == rules_markdown()
    both = runner.invoke(app, ["rules", "--toml", "--markdown"])
    assert both.exit_code == 2
