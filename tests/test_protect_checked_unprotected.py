"""``sdc protect``'s list of unprotected cells agrees with the check of the file it writes
(round 52, handbook51's last "noticed").

The table of ``test_printed_tops_bounds`` (τ-ARGUS-style ``freq, top1, top2`` beside a hidden
turnover) under the default threshold 10: every district rests on 3-5 firms, so the planner
hides them all and the region's ``Total`` too (trying to widen them). The check of the
written file then asks the hidden ``Total`` its reach (SDC502 ``review``: printed tops, no
total to pin it) — a cell the plan had proved by its own model and left out of
``unprotected``. The plan's list now takes the written file's word: every hidden cell the check
flags SDC501/SDC502 is in ``result.unprotected`` (and the log, and ``--format json``)."""

from __future__ import annotations

import json
from pathlib import Path

from sdc.policy import build_policy
from sdc.protect import protect
from tests.test_printed_tops_bounds import NK, SENSITIVE, P, write
from tests.test_protect_cli import run_sdc

# the default threshold (10): the districts of 3-5 firms are threshold cells
RULES = {"rules": {"p-percent": {"p": P}, "nk-dominance": {"rules": [{"n": 2, "k": NK[1]}]},
                   "extreme-value": {"status": "off"}}}


def flagged(result_findings: list, hidden: set[str]) -> set[str]:
    return {f.location.cell for f in result_findings
            if f.rule in ("SDC501", "SDC502") and f.location.cell in hidden}


def test_the_plan_names_every_hidden_cell_the_written_check_flags(tmp_path: Path) -> None:
    """C2-C4 (the districts) unproven by the plan; C5 (the Total, hidden as a secondary) is
    SDC502 ``review`` in the written file: all four are ``unprotected`` after ``write``."""
    path = write(tmp_path / "in", SENSITIVE, set())
    result = protect(path, policy=build_policy(RULES))
    assert result.suppressed == ["C2", "C3", "C4", "C5"]
    assert result.unprotected == ["C2", "C3", "C4"]  # the plan's own proof, before writing
    (tmp_path / "out").mkdir()
    checked = result.write(tmp_path / "out" / "turnover.csv")
    findings = [f for out in checked.outputs for f in out.findings]
    assert flagged(findings, set(result.suppressed)) == {"C2", "C3", "C4", "C5"}
    assert {(f.rule, f.status.value) for f in findings if f.location.cell == "C5"} == {
        ("SDC502", "review")}
    assert result.unprotected == ["C2", "C3", "C4", "C5"]
    assert result.status is not None and result.status.value == "fail"
    assert result.log_path is not None
    assert "NOT PROTECTED (by the check of the written file): C5" in \
        result.log_path.read_text(encoding="utf-8")


def test_a_plan_the_check_agrees_with_adds_nothing(tmp_path: Path) -> None:
    """Threshold 3 (the districts are no threshold cells): the written file's SDC501/SDC502
    cells are all among the plan's own (C2), nothing is added."""
    rules = {"rules": {**RULES["rules"], "small-count": {"threshold": 3}}}
    path = write(tmp_path / "in", SENSITIVE, set())
    result = protect(path, policy=build_policy(rules))
    planned = list(result.unprotected)
    (tmp_path / "out").mkdir()
    checked = result.write(tmp_path / "out" / "turnover.csv")
    findings = [f for out in checked.outputs for f in out.findings]
    assert "C2" in planned
    assert flagged(findings, set(result.suppressed)) <= set(planned)
    assert result.unprotected == planned and result.checked_unresolved == ["C2"]


def test_the_cli_json_lists_the_checked_cell(tmp_path: Path) -> None:
    """``sdc protect --format json``: ``unprotected`` holds the Total the check flags."""
    path = write(tmp_path / "in", SENSITIVE, set())
    (tmp_path / "rules.toml").write_text(
        "[rules.p-percent]\np = 0.1\n[rules.nk-dominance]\nrules = [{ n = 2, k = 0.9 }]\n"
        "[rules.extreme-value]\nstatus = \"off\"\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    done = run_sdc("protect", str(path), "-o", str(out), "--rules",
                   str(tmp_path / "rules.toml"), "--format", "json")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data["unprotected"] == ["C2", "C3", "C4", "C5"]
