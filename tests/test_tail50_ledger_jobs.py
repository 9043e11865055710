"""The audit beside released tables (``--ledger``) on the check's ``-j`` (round 50, tail50).

Rounds 41-49 audited this release's tables beside the released ones with ``jobs=1``, after the
release's own audit, the other core idle at ``-j 2``: the audit beside them, each released
table audited alone and the components audited without this release's tables
(``sdc.rules.released_audit``) now take the check's ``-j``. Their results and order are the
same whatever ``jobs``: the findings at ``-j 2`` are those at ``-j 1``, exactly, on SQLite
and PostgreSQL, with pools forced however few the items (``pool.MIN_ITEMS_FOR_POOL`` 1).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sdc import pool
from sdc.engine import run
from sdc.policy import build_policy
from sdc.rules import released_audit, suppression
from tests.test_ledger41_released_audit import NEW, RELEASED
from tests.test_ledger_support import (
    BACKENDS,
    approve_and_release,
    ledger_location,
    opened,
    write_request,
)

# a second released table, of other people (by age), hiding every count: two released
# tables to audit alone (``_alone``), each with hidden cells this release gives back
RELEASED_2 = "age,F,M,Total\n18-39,*,*,32\n40-64,*,*,29\nTotal,26,35,61\n"
# this release's table by age: its own total gives its hidden cell back, and it gives back
# the released one's four
AGES = "age,F,M,Total\n18-39,12,*,32\n40-64,14,15,29\n"

EXPECTED = {
    # this release's hidden cells, pinned beside the released region table (ledger41's)
    ("n.csv", "SDC501", "fail", "B2", 5.0), ("n.csv", "SDC501", "fail", "C2", 7.0),
    ("n.csv", "SDC501", "fail", "C3", 50.0), ("n.csv", "SDC501", "fail", "D3", 95.0),
    ("n.csv", "SDC502", "review", "C2", None), ("n.csv", "SDC502", "review", "C3", None),
    # its four hidden cells given back, through South's women
    *{("n.csv", "SDC501", "fail", "B3", v) for v in (5.0, 7.0, 45.0, 50.0)},
    # the age table's own hidden cell, and the released age table's four given back
    ("a.csv", "SDC501", "fail", "C2", 20.0), ("a.csv", "SDC501", "fail", "B2", 12.0),
    ("a.csv", "SDC501", "fail", "B2", 20.0), ("a.csv", "SDC501", "fail", "B3", 14.0),
    ("a.csv", "SDC501", "fail", "C3", 15.0),
}


def _check(ledger, root: Path, jobs: int) -> tuple[str, set[tuple]]:
    """The check's status and findings (path, rule, status, cell, value), SDC503 off: its
    process beside the release rules would hold the other core (``pool.busy``) and the
    audits' pools would then fork no worker."""
    result = run([root], build_policy({"ignore": ["SDC503"]}), ledger=ledger, jobs=jobs,
                 keep_models=False).result.for_reports()
    document = result.to_dict(with_evidence=True)
    return document["status"], {
        (o["path"], f["rule"], f["status"], f["location"]["cell"], f["evidence"].get("value"))
        for o in document["outputs"] for f in o["findings"]}


def _release(ledger, tmp_path: Path) -> Path:
    approve_and_release(ledger, tmp_path / "old", {"r.csv": RELEASED, "s.csv": RELEASED_2})
    return write_request(tmp_path / "new", {"n.csv": NEW, "a.csv": AGES})


@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_location(request.param, tmp_path) as url, opened(url) as led:
        yield led


@pytest.fixture
def every_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 1)


def test_j2_finds_what_j1_finds(ledger, tmp_path: Path, every_pool: None) -> None:
    root = _release(ledger, tmp_path)
    one = _check(ledger, root, 1)
    assert one == ("fail", EXPECTED)
    assert _check(ledger, root, 2) == one


def test_twin_nothing_pinned_passes_at_both(ledger, tmp_path: Path, every_pool: None) -> None:
    approve_and_release(ledger, tmp_path / "old", {"r.csv": RELEASED, "s.csv": RELEASED_2})
    root = write_request(tmp_path / "new", {
        "n.csv": "region,F,M,Total\nEast,30,31,61\nWest,22,25,47\n"})
    assert _check(ledger, root, 1) == _check(ledger, root, 2) == ("pass", set())


def test_the_audit_beside_released_tables_takes_the_checks_jobs(
        ledger, tmp_path: Path, every_pool: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit of this release beside the released tables (``wanted``: this release's
    stand-ins) is made with the check's ``-j`` (base50: 1)."""
    asked: list[tuple[int, bool]] = []
    made = suppression._Audit.__init__

    def spy(self, outputs, *args, **kwargs) -> None:
        asked.append((kwargs.get("jobs", 1), kwargs.get("wanted") is not None))
        made(self, outputs, *args, **kwargs)

    monkeypatch.setattr(suppression._Audit, "__init__", spy)
    root = _release(ledger, tmp_path)
    status, found = _check(ledger, root, 2)
    assert (status, found) == ("fail", EXPECTED)
    beside = [jobs for jobs, wanted in asked if wanted]
    assert beside and all(jobs == 2 for jobs in beside)


def test_released_tables_alone_are_audited_in_a_worker(
        ledger, tmp_path: Path, every_pool: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each released table audited alone (``_alone``) is an item of a pool at ``-j 2``: one
    of them is audited in a forked worker (its pid written to a file), and the findings
    are those at ``-j 1`` (base50: every one here)."""
    pids = tmp_path / "pids"
    audit = released_audit._audit

    def spy(outputs, ctx, wanted=None, jobs=None):
        if len(outputs) == 1 and wanted is None:
            with pids.open("a") as out:
                out.write(f"{os.getpid()}\n")
        return audit(outputs, ctx, wanted, jobs)

    monkeypatch.setattr(released_audit, "_audit", spy)
    root = _release(ledger, tmp_path)
    one = _check(ledger, root, 1)
    assert set(pids.read_text().split()) == {str(os.getpid())}
    pids.unlink()
    assert _check(ledger, root, 2) == one
    alone = pids.read_text().split()
    assert len(alone) == 2 and str(os.getpid()) in alone and len(set(alone)) == 2


def test_a_serial_map_in_an_item_done_here_leaves_the_pools_task(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``pool.ordered_map``'s first item is done in this process before its worker forks; a
    serial ``ordered_map`` inside it (``_alone``'s item: an audit at ``jobs=1``) cleared the
    pool's task (base50), and the worker then raised ``KeyError: 'func'``."""
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)

    def item(x: int) -> tuple[int, int]:
        return sum(pool.ordered_map(lambda y: x * y, [1, 2], 1)), os.getpid()

    done = list(pool.ordered_map(item, [1, 2, 3, 4], 2))
    assert [value for value, _ in done] == [3, 6, 9, 12]
    assert done[0][1] == os.getpid()
