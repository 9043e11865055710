"""Excludes from the policy file (rules.toml, sdc.toml, [tool.sdc]) as well as the command line:
every skipped path is listed in the report with what skipped it, and a checker's policy can
forbid excludes (then every file is checked)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app
from sdc.policy import PolicyError, build_policy, load_policy
from tests.conftest import write_files
from tests.test_ledger_support import (
    ADMIN_PASSWORD,
    cheap_argon2,
    ledger_with_admin,
    workflow_app,
)

runner = CliRunner()
SAFE = "grp,n\na,12\nb,25\n"
SMALL = "grp,n\na,3\nb,25\n"  # SDC101 fail at B2


def _project(tmp_path: Path, policy: str, files: dict[str, str]) -> Path:
    """A project with its policy in pyproject.toml [tool.sdc] and outputs in outputs/."""
    proj = tmp_path / "proj"
    write_files(proj, {"pyproject.toml": "[project]\nname = 'x'\n\n[tool.sdc]\n" + policy})
    write_files(proj / "outputs", files)
    return proj


def _check(proj: Path, monkeypatch: pytest.MonkeyPatch, *args: str, fmt: str = "json"):
    monkeypatch.chdir(proj)  # the policy is found walking up from here, like ruff's
    return runner.invoke(app, ["check", "outputs", "-f", fmt, *args])


def _report(result) -> dict:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_extend_exclude_in_tool_sdc_skips_and_the_report_lists_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proj = _project(tmp_path, 'extend_exclude = ["drafts"]\n',
                    {"t.csv": SAFE, "drafts/d.csv": SMALL, ".venv/v.csv": SMALL})
    report = _report(_check(proj, monkeypatch))
    assert [o["path"] for o in report["outputs"]] == ["t.csv"]
    by = {skip["path"]: skip["by"] for skip in report["excluded"]}
    assert by == {".venv/": "default",
                  "drafts/": f"extend_exclude in policy {proj / 'pyproject.toml'} [tool.sdc]"}
    # the text report names what was not checked too (a researcher's exclude is never silent)
    text = _check(proj, monkeypatch, fmt="text").stdout
    assert "not checked (excluded): 2 path(s)" in text and "drafts/ (by extend_exclude" in text
    sarif = json.loads(_check(proj, monkeypatch, fmt="sarif").stdout)
    assert {s["path"] for s in sarif["runs"][0]["properties"]["excluded"]} == {
        ".venv/", "drafts/"}


def test_policy_exclude_replaces_the_defaults_and_the_command_line_replaces_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proj = _project(tmp_path, 'exclude = ["drafts"]\n',
                    {"t.csv": SAFE, "drafts/d.csv": SMALL, ".venv/v.csv": SMALL})
    paths = {o["path"] for o in _report(_check(proj, monkeypatch))["outputs"]}
    assert paths == {"t.csv", ".venv/v.csv"}  # the defaults were replaced
    paths = {o["path"] for o in _report(_check(proj, monkeypatch, "--exclude", ".venv"))
             ["outputs"]}
    assert paths == {"t.csv", "drafts/d.csv"}  # --exclude replaces the policy's exclude
    report = _report(_check(proj, monkeypatch, "--extend-exclude", "t.csv"))
    assert {o["path"] for o in report["outputs"]} == {".venv/v.csv"}
    assert {s["path"]: s["by"] for s in report["excluded"]}["t.csv"] == "--extend-exclude"


def test_respect_gitignore_from_the_policy_and_the_flag_over_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proj = _project(tmp_path, "respect_gitignore = false\n",
                    {"t.csv": SAFE, "scratch.csv": SMALL})
    subprocess.run(["git", "init", "-q", str(proj)], check=True)
    (proj / ".gitignore").write_text("scratch.csv\n", encoding="utf-8")
    paths = {o["path"] for o in _report(_check(proj, monkeypatch))["outputs"]}
    assert paths == {"t.csv", "scratch.csv"}
    report = _report(_check(proj, monkeypatch, "--respect-gitignore"))
    assert {o["path"] for o in report["outputs"]} == {"t.csv"}
    assert report["excluded"] == [{"path": "scratch.csv", "by": ".gitignore"}]


def test_a_checker_policy_that_forbids_excludes_checks_every_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the researcher's pyproject asks to skip drafts/; the checker's policy (--rules, outside
    # the outputs) forbids excludes: every file is checked, .venv and .gitignore'd ones too
    proj = _project(tmp_path, 'extend_exclude = ["drafts"]\n',
                    {"t.csv": SAFE, "drafts/d.csv": SMALL, ".venv/v.csv": SMALL,
                     "ignored.csv": SMALL})
    subprocess.run(["git", "init", "-q", str(proj)], check=True)
    (proj / ".gitignore").write_text("ignored.csv\n", encoding="utf-8")
    checker = write_files(tmp_path / "tre", {"rules.toml": "allow_excludes = false\n"})
    rules = str(checker / "rules.toml")
    result = _check(proj, monkeypatch, "--rules", rules)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    statuses = {o["path"]: o["status"] for o in report["outputs"]}
    assert set(statuses) == {"t.csv", "drafts/d.csv", ".venv/v.csv", "ignored.csv"}
    assert statuses["drafts/d.csv"] == statuses[".venv/v.csv"] == statuses["ignored.csv"] == "fail"
    assert "excluded" not in report
    # asking to exclude under that policy is a usage error, not a silent skip
    refused = _check(proj, monkeypatch, "--rules", rules, "--extend-exclude", "drafts")
    assert refused.exit_code == 2
    assert "forbids excludes" in refused.output
    shown = _check(proj, monkeypatch, "--rules", rules, "--show-policy")
    assert "excludes: forbidden (allow_excludes = false)" in shown.stdout


def test_a_policy_cannot_both_forbid_and_set_excludes() -> None:
    with pytest.raises(PolicyError, match="extend_exclude: the policy forbids excludes"):
        build_policy({"allow_excludes": False, "extend_exclude": ["x"]})
    with pytest.raises(PolicyError, match=r"^exclude: "):
        build_policy({"exclude": "drafts"})  # a list, not a string


def test_show_policy_names_the_excludes(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    proj = _project(tmp_path, 'extend_exclude = ["drafts"]\n', {"t.csv": SAFE})
    shown = _check(proj, monkeypatch, "--show-policy")
    assert shown.exit_code == 0
    assert "excludes: defaults, extend_exclude = ['drafts']; .gitignore respected" in shown.stdout


def test_excludes_in_a_policy_never_reach_the_release_workflow(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # request submit checks every file of the folder whatever the policy's excludes say, the
    # policy pinned by the ledger's admin included (round 19: the submitter no longer chooses it)
    pytest.importorskip("argon2", reason="the admin's password needs argon2")
    cheap_argon2(monkeypatch)
    proj = tmp_path / "proj"
    write_files(proj, {"rules.toml": 'exclude = ["*.csv"]\n'})
    folder = write_files(proj / "release", {
        "request.toml": '[request]\ntitle = "t"\nauthor = "alice"\n',
        "t.csv": SAFE, "hidden.csv": SMALL,
    })
    assert load_policy(proj / "rules.toml").model.exclude == ["*.csv"]
    with ledger_with_admin("sqlite", tmp_path, monkeypatch) as url:
        workflow = workflow_app()
        pinned = runner.invoke(workflow, ["ledger", "policy", "set", str(proj / "rules.toml"),
                                          "--by", "root", "--ledger", url],
                               input=ADMIN_PASSWORD + "\n")
        assert pinned.exit_code == 0, pinned.output
        submitted = runner.invoke(workflow, ["request", "submit", str(folder), "--author",
                                             "alice", "--ledger", url])
        assert submitted.exit_code == 0, submitted.output
        shown = json.loads(runner.invoke(workflow, ["request", "show", "R-0001", "--ledger",
                                                    url, "--format", "json"]).stdout)
    checks = {o["path"]: o["check"] for o in shown["outputs"]}
    assert set(checks) >= {"t.csv", "hidden.csv"} and checks["hidden.csv"] == "fail"
