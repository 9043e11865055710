"""The audit's imports asked beside the read once a table read hides a cell (round 46, par46).

``sdc check -j 2`` forks SDC503's process (``engine._EarlyApart``) as the read ends, and its
band algebra imports ``scipy`` through ``sdc.audit.rank``. Asked beside the per-output stage,
after that fork, the parent imported the audit's modules and the process imported them again
(~0.3 s of CPU each). Once a table read hides a cell the parent's audit imports them in any
case, so they are asked beside the read's pool instead; a release that hides nothing asks
nothing, and ``-j 1`` asks nothing at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc import engine, parallel, pool
from sdc.policy import build_policy
from sdc.rules.suppression import AUDIT_IMPORTS


def _write(root: Path, n: int, hidden_at: int | None) -> None:
    """``n`` crosstabs; the one numbered ``hidden_at`` shows a cell as ``[c]``."""
    for i in range(n):
        cell = "[c]" if i == hidden_at else "14"
        (root / f"t{i:03d}.csv").write_text(
            f"Table {i}: patients by sex and region\n"
            "sex,North,South,Total\n"
            f"Female,{cell},25,39\n"
            "Male,31,22,53\n"
            "Total,45,47,92\n")


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """Every list ``pool.import_beside`` is given (nothing imported: the lists only)."""
    seen: list[tuple[str, ...]] = []
    monkeypatch.setattr(pool, "import_beside", lambda names: seen.append(tuple(names)))
    monkeypatch.setattr(parallel, "import_beside", lambda names: seen.append(tuple(names)),
                        raising=False)
    return seen


def test_a_hidden_cell_asks_the_audit_imports_beside_the_read(tmp_path, asked) -> None:
    _write(tmp_path, 6, hidden_at=3)
    outputs, *_ = engine.read_release([tmp_path], build_policy({}), jobs=2)
    assert len(outputs) == 6
    assert asked == [engine.AFTER_READ, (*engine.AFTER_READ, *AUDIT_IMPORTS), ()]


def test_a_release_hiding_nothing_asks_only_the_read_imports(tmp_path, asked) -> None:
    _write(tmp_path, 6, hidden_at=None)
    engine.read_release([tmp_path], build_policy({}), jobs=2)
    assert asked == [engine.AFTER_READ, ()]


def test_one_job_asks_nothing(tmp_path, asked) -> None:
    _write(tmp_path, 6, hidden_at=0)
    engine.read_release([tmp_path], build_policy({}), jobs=1)
    assert asked == []


def test_asked_only_for_a_cell_with_a_marker_and_no_value(tmp_path, asked) -> None:
    plain, hidden = tmp_path / "plain", tmp_path / "hidden"
    plain.mkdir()
    hidden.mkdir()
    _write(plain, 2, hidden_at=None)
    (plain / "notes.txt").write_text("Counts of patients, no table here.\n")
    _write(hidden, 2, hidden_at=1)
    policy = build_policy({})
    shown, *_ = engine.read_release([plain], policy, jobs=1)
    hiding, *_ = engine.read_release([hidden], policy, jobs=1)
    assert [o.table is not None for o in shown] == [False, True, True]
    assert parallel.audit_imports_beside(shown, ("x",)) is False
    assert asked == []
    assert parallel.audit_imports_beside(hiding[:1], ("x",)) is False
    assert parallel.audit_imports_beside([*shown, *hiding], ("x",)) is True
    assert asked == [("x", *AUDIT_IMPORTS)]
