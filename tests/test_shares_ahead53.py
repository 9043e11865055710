"""Round 53 (issue 14 §4): under ``-j`` > 1 the share recoveries' readings (each output's
table of shares, each hidden count's labels) are read as the audit's components come back
(``sdc.share_recovery.SharesAhead``), not after the pool with the other core idle; what the
audit's loop made is moved old (``gc_pacing.survivors_made_old``). The same recoveries."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import sdc
from sdc import share_recovery
from sdc.policy import build_policy
from sdc.rules.suppression import AuditedCell, _Audit, _ShareWork
from tests.conftest import read_files

POLICY = build_policy({})
# West/F hidden beside the row shares (25.0 / 75.0) and West/M's 12: it is 4; two tables of
# other labels each hide two counts of a line (open: no table of shares names them)
SHARES = {"counts.csv": "area,F,M\nNorth,40,38\nSouth,30,33\nWest,[c],12\n",
          "shares.csv": "area,F,M\nNorth,51.3,48.7\nSouth,47.6,52.4\nWest,25.0,75.0\n",
          **{f"other{k}.csv": f"region,age {k}a,age {k}b,Total\nR{k}x,[c],[c],30\nR{k}y,7,9,16\n"
             for k in range(2)}}
# no table of shares: every table but the one hiding a count prints a number above 100
NO_SHARES = {"counts.csv": SHARES["counts.csv"],
             **{f"other{k}.csv": f"region,age {k}a,age {k}b,Total\nR{k}x,[c],[c],130\n"
                f"R{k}y,70,90,160\n" for k in range(2)}}


def _audit(outputs: list, jobs: int) -> _Audit:
    return _Audit(outputs, POLICY.shared.rounding_base, list(POLICY.total_labels), jobs=jobs,
                  shares=True)


def _found(work: _ShareWork) -> list[tuple[str, str, int, int, bool]]:
    return [(r.output.path, r.cell.coords["area"], r.low, r.high, r.confirmed)
            for r in work.found]


def test_labels_and_tables_read_as_the_components_come_back(tmp_path: Path) -> None:
    outputs = read_files(tmp_path / "r", SHARES, POLICY)
    audit = _audit(outputs, jobs=2)
    ahead = audit.shares_ahead
    assert ahead is not None
    by_path = {o.path: o for o in outputs}
    # the outputs hiding no count looked at (the shares one is one), those hiding one not
    assert ahead._tables[id(by_path["shares.csv"])] is not None
    assert id(by_path["counts.csv"]) not in ahead._tables
    hidden = [a for a in audit.cells if a.ts.count and not a.interval.exact]
    assert len(hidden) == 5  # West/F and the two tables' two open counts each
    items = [(a.ts.cells, a.var, a.interval.lo, a.interval.hi) for a in hidden]
    assert {(id(cells), var) for cells, var, _, _ in items} == set(ahead._labels)
    for output in {id(a.ts.output): a.ts.output for a in hidden}.values():
        mine = [item for item, a in zip(items, hidden, strict=True) if a.ts.output is output]
        n = len(output.table.measures)
        assert ahead.labelled(mine, n) == share_recovery._hidden_labels(mine, n)
    found = _ShareWork(outputs, audit)
    assert audit.shares_ahead is None  # let go once read
    assert _found(found) == _found(_ShareWork(outputs, _audit(outputs, jobs=1)))
    assert _found(found) == [("counts.csv", "West", 4, 4, True)]


def test_no_label_is_read_without_a_table_of_shares(tmp_path: Path) -> None:
    outputs = read_files(tmp_path / "r", NO_SHARES, POLICY)
    audit = _audit(outputs, jobs=2)
    ahead = audit.shares_ahead
    assert ahead is not None and ahead._labels == {} and ahead._waiting == []
    assert _ShareWork(outputs, audit).found == []


def test_a_reading_that_raises_is_read_again_when_asked(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """Nothing a reading raised while the pool ran is kept: asked for, it raises then, where
    the rule's guard names it (SDC602), as at ``-j 1``."""
    outputs = read_files(tmp_path / "r", SHARES, POLICY)

    def broken(output):  # type: ignore[no-untyped-def]
        raise RuntimeError("unreadable")

    monkeypatch.setattr(share_recovery, "_share_table", broken)
    audit = _audit(outputs, jobs=2)
    assert audit.shares_ahead is not None and audit.shares_ahead._tables == {}
    with pytest.raises(RuntimeError, match="unreadable"):
        _ShareWork(outputs, audit)


def test_the_audits_cells_are_moved_old(tmp_path: Path) -> None:
    """The cells the audit's loop made are in no young generation once it is done: the next
    young collection (in the rules after the pool) does not walk them."""
    outputs = read_files(tmp_path / "r", SHARES, POLICY)
    before = gc.get_threshold()
    gc.set_threshold(1_000_000, before[1], before[2])  # no collection moves them meanwhile
    try:
        audit = _audit(outputs, jobs=1)
        young = [o for o in gc.get_objects(generation=0) if isinstance(o, AuditedCell)]
    finally:
        gc.set_threshold(*before)
    assert len(audit.cells) == 5 and young == []


def test_the_same_report_at_j2(tmp_path: Path) -> None:
    for name, text in SHARES.items():
        (tmp_path / name).write_text(text)
    one = sdc.check(tmp_path, POLICY, jobs=1, in_release=True, keep_models=False)
    two = sdc.check(tmp_path, POLICY, jobs=2, in_release=True, keep_models=False)
    assert two.to_dict() == one.to_dict()
    assert [(o.path, f.rule, f.location.cell) for o in two.outputs for f in o.findings
            if f.rule == "SDC501"] == [("counts.csv", "SDC501", "B4")]
