"""Released tables in the suppression audit (round 41, ledger41; ``sdc.rules.released_audit``).

A new table hiding a cell that a released table (``--ledger``) pins passed: the audit of
hidden cells (SDC501) read this release's outputs alone. Now the released tables SDC504's
lookups find are audited beside the release's as published equations; a hidden cell they
pin is SDC501 at the new output's cell, exactly as when both tables are in one release
(``fail`` through a table two printed numbers link, ``review`` through one only its labels
link). Released tables' own cells are never findings of this release. Checked as ``sdc check
--ledger`` checks, at ``-j 1`` and ``-j 2``, read whole and streamed, on SQLite and
PostgreSQL; each case has a twin that passes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sdc import pool, stream_read
from sdc.engine import run
from sdc.policy import build_policy
from tests.test_ledger_support import (
    BACKENDS,
    approve_and_release,
    ledger_location,
    opened,
    write_request,
)

# released: North and South hidden (North's women anywhere in 0-12 alone)
RELEASED = ("region,F,M,Total\nNorth,*,*,12\nSouth,*,*,95\nEast,30,31,61\n"
            "Total,80,88,168\n")
# new: South's women printed, no totals row: with the released totals North's women are
# 80 - 45 - 30 = 5 (alone, North and South's men are open)
NEW = "region,F,M,Total\nNorth,*,*,12\nSouth,45,*,*\nEast,30,31,61\n"


@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_location(request.param, tmp_path) as url, opened(url) as led:
        yield led


@pytest.fixture(params=[(1, False), (2, False), (1, True), (2, True)],
                ids=["j1", "j2", "j1-streamed", "j2-streamed"])
def jobs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    n, streamed = request.param
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 1)
    monkeypatch.setattr(stream_read, "MIN_BYTES", 0 if streamed else 10 ** 15)
    return int(n)


def _report(ledger, root: Path, jobs: int) -> dict:
    """The check's JSON document (with evidence) of ``root`` against the ledger."""
    result = run([root], build_policy({}), ledger=ledger, jobs=jobs, keep_models=False).result
    return json.loads(json.dumps(result.for_reports().to_dict(with_evidence=True)))


def _found(ledger, root: Path, jobs: int) -> tuple[str, set[tuple]]:
    report = _report(ledger, root, jobs)
    return report["status"], {
        (o["path"], f["rule"], f["status"], f["location"]["cell"], f["evidence"].get("value"))
        for o in report["outputs"] for f in o["findings"]}


def test_a_released_table_gives_a_hidden_cell_back(ledger, tmp_path: Path, jobs: int) -> None:
    """Linked by two printed numbers (North's 12, East's row): ``fail``, the cells and values
    the same two tables in one release give (main: pass, nothing found)."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": RELEASED})
    root = write_request(tmp_path / "new", {"n.csv": NEW})
    assert _found(ledger, root, jobs) == ("fail", {
        ("n.csv", "SDC501", "fail", "B2", 5.0), ("n.csv", "SDC501", "fail", "C2", 7.0),
        ("n.csv", "SDC501", "fail", "C3", 50.0), ("n.csv", "SDC501", "fail", "D3", 95.0),
        # and the released table's four hidden cells, given back through South's women
        *{("n.csv", "SDC501", "fail", "B3", v) for v in (5.0, 7.0, 45.0, 50.0)}})


def test_the_same_hiding_again_passes(ledger, tmp_path: Path, jobs: int) -> None:
    """Twin: the new table hides what the released one hides (no totals row): North's women
    stay anywhere in 0-12."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": RELEASED})
    new = "region,F,M,Total\nNorth,*,*,12\nSouth,*,*,95\nEast,30,31,61\n"
    assert _found(ledger, write_request(tmp_path / "new", {"n.csv": new}), jobs) == (
        "pass", set())


def test_released_totals_complete_the_margins(ledger, tmp_path: Path, jobs: int) -> None:
    """A released totals row is the new table's missing column totals: North's women are
    50 - 45 = 5. Linked by its labels alone (no number agrees): ``review``, as in one
    release (main: pass)."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": "region,F,M,Total\n"
                                                            "Total,50,57,107\n"})
    root = write_request(tmp_path / "new", {
        "n.csv": "region,F,M,Total\nNorth,*,*,12\nSouth,45,50,95\n"})
    assert _found(ledger, root, jobs) == ("review", {
        ("n.csv", "SDC501", "review", "B2", 5.0), ("n.csv", "SDC501", "review", "C2", 7.0)})


@pytest.mark.parametrize("new", [
    # two rows hidden: North's and West's women add up to 5, each open
    "region,F,M,Total\nNorth,*,*,12\nWest,*,*,20\nSouth,45,50,95\n",
    # the released totals are another population's (more women than North can hold):
    # the link contradicts the rows and is dropped
    "region,F,M,Total\nNorth,*,*,12\nSouth,25,70,95\n",
])
def test_released_totals_that_pin_nothing_pass(ledger, tmp_path: Path, jobs: int,
                                               new: str) -> None:
    approve_and_release(ledger, tmp_path / "old", {"r.csv": "region,F,M,Total\n"
                                                            "Total,50,57,107\n"})
    assert _found(ledger, write_request(tmp_path / "new", {"n.csv": new}), jobs) == (
        "pass", set())


def test_twin_other_rows_give_nothing_back(ledger, tmp_path: Path, jobs: int) -> None:
    approve_and_release(ledger, tmp_path / "old", {"r.csv": RELEASED})
    root = write_request(tmp_path / "new", {
        "n.csv": "region,F,M,Total\nEast,30,31,61\nWest,22,25,47\n"})
    assert _found(ledger, root, jobs) == ("pass", set())


def test_without_a_ledger_nothing_changes(tmp_path: Path) -> None:
    """The release alone: as on main (nothing pins North)."""
    root = write_request(tmp_path / "new", {"n.csv": NEW})
    result = run([root], build_policy({}), keep_models=False).result
    assert result.for_reports().to_dict()["status"] == "pass"
