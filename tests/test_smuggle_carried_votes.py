"""Votes carried to a new version (issue 12, hunt round 18): an approval given to one finding
must not be kept for a different one that reads alike.

A new version keeps an output's votes when its bytes and its findings are unchanged. The
findings were compared by rule, status, cell and their *value-free* message (the one CI logs
show), so a finding whose number changed was "unchanged". The attack: version 1 has a.csv
(ages 0-17) and b.csv (ages 0-15); SDC503 fails b.csv at B2 (16-17 = 120 - 112 = 8, below 10),
and both reviewers approve b.csv with a comment (8 is the count the data owner agreed to).
Version 2 changes only a.csv, so that 16-17 = 1. b.csv's bytes are the same and its finding
reads the same without values: its approvals were carried, a.csv passes and is approved, and
the release gave the sliver of 1 away with no reviewer having seen it. Now the full findings
(message with its values, related cells, waivers and declarations) are compared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.test_ledger_support import BACKENDS, VOTE_INPUT, ledger_with_checkers, workflow_app

runner = CliRunner()
A_V1 = "age,count\n0-17,120\n18-64,500\n65+,200\nTotal,820\n"
A_V2 = "age,count\n0-17,113\n18-64,507\n65+,200\nTotal,820\n"  # 16-17 = 113 - 112 = 1
A_SAME_SLIVER = "age,count\n0-17,120\n18-64,500\n65+,200\nTotal,820\n\n"  # new bytes, still 8
B = "age,count\n0-15,112\n16-64,508\n65+,200\nTotal,820\n"


def _workflow(backend: str, tmp_path: Path, a_v2: str) -> tuple[dict, dict, Path, str]:
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / "a.csv").write_text(A_V1)
    (folder / "b.csv").write_text(B)
    wf = workflow_app()
    target = tmp_path / "out"
    with ledger_with_checkers(backend, tmp_path) as url:
        def run(*args: str, code: int = 0):  # type: ignore[no-untyped-def]
            result = runner.invoke(wf, [*args, "--ledger", url], input=VOTE_INPUT)
            assert result.exit_code == code, (args, result.stdout, result.stderr)
            return result

        run("request", "submit", str(folder), "--author", "alice")
        v1 = json.loads(run("request", "show", "R-0001", "--format", "json").stdout)
        for reviewer in ("bob", "carol"):
            run("review", "R-0001", "--reviewer", reviewer, "--output", "a.csv",
                "--decision", "approve")
            run("review", "R-0001", "--reviewer", reviewer, "--output", "b.csv",
                "--decision", "approve", "--comment", "16-17 is 8: agreed with the data owner")
        (folder / "a.csv").write_text(a_v2)
        submitted = run("request", "submit", str(folder), "--author", "alice",
                        "--update", "R-0001")
        v2 = json.loads(run("request", "show", "R-0001", "--format", "json").stdout)
        for reviewer in ("bob", "carol"):
            run("review", "R-0001", "--reviewer", reviewer, "--output", "a.csv",
                "--decision", "approve")
        released = runner.invoke(wf, ["release", "R-0001", "--to", str(target),
                                      "--ledger", url])
        return v1, v2, target, submitted.stderr + released.stdout


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_approval_is_not_carried_to_a_finding_whose_number_changed(
        tmp_path: Path, backend: str) -> None:
    v1, v2, target, said = _workflow(backend, tmp_path, A_V2)
    checks1 = {o["path"]: o["check"] for o in v1["outputs"]}
    assert checks1 == {"a.csv": "pass", "b.csv": "fail"}
    outputs = {o["path"]: o for o in v2["outputs"]}
    assert outputs["b.csv"]["check"] == "fail"
    assert outputs["b.csv"]["votes"] == 0 and outputs["b.csv"]["state"] == "pending"
    assert "votes reset (changed): a.csv, b.csv" in said
    assert sorted(p.name for p in target.rglob("*")) == ["a.csv"]  # b.csv waits for review


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_same_finding_keeps_its_approvals(tmp_path: Path, backend: str) -> None:
    """The twin: a.csv's bytes change but the sliver is still 8; b.csv's finding is the one
    its reviewers approved, so their votes are kept and both outputs are released."""
    _, v2, target, said = _workflow(backend, tmp_path, A_SAME_SLIVER)
    outputs = {o["path"]: o for o in v2["outputs"]}
    assert outputs["b.csv"]["state"] == "approved" and outputs["b.csv"]["votes"] == 2
    assert "votes kept (unchanged): b.csv" in said
    assert sorted(p.name for p in target.rglob("*")) == ["a.csv", "b.csv"]
    assert (target / "b.csv").read_text() == B
