"""SDC501/SDC502 name a hidden cell off its table's form, no cell made (round 37, issue 14 §4):
once a table's model has gone (``sdc check``'s path), a finding at a hidden cell the audit
left exact, or small, takes its location from ``ReleaseTable.location`` (``AuditedCell.
location``) instead of making the cell again from the form only to name it: ~4,500 cells
made after the audit's pool on bench_scale's 1,000 tables, with no other process running.
The findings are those read with the models kept, at the same cells and labels."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc import engine, table_standin
from sdc.policy import build_policy

POLICY = build_policy({})


def _release(root: Path) -> None:
    """A hidden cell the total gives back (SDC501), two hidden counts of a line whose total
    is 6 (SDC502, below the threshold 10), and their safe twin (a total of 40: each open in
    [0, 40], no finding); one table long, with two label columns."""
    (root / "exact.csv").write_text("area,F,M,Total\nNorth,10,[c],30\nSouth,12,14,26\n")
    (root / "small.csv").write_text("region,old,young,Total\nEast,[c],[c],6\nWest,20,30,50\n")
    (root / "open.csv").write_text("region,old,young,Total\nEast,[c],[c],40\nWest,20,30,50\n")
    (root / "long.csv").write_text(
        "year,sex,count\n2020,F,[c]\n2020,M,15\n2020,Total,40\n2021,F,11\n2021,M,12\n"
        "2021,Total,23\n")


def _checked(root: Path, keep_models: bool) -> tuple[dict, dict[str, int]]:
    """The check's JSON (in a release, as ``sdc check`` runs it) and the cells made from a
    stand-in's form while each of SDC501 and SDC502 ran."""
    made: dict[str, int] = {"SDC501": 0, "SDC502": 0}
    running: list[str] = []
    real_guarded = engine._guarded
    real_get = table_standin.FormCells.__getitem__

    def guarded(rule, output, run):  # type: ignore[no-untyped-def]
        running.append(rule.code)
        try:
            return real_guarded(rule, output, run)
        finally:
            running.pop()

    def get(self, i):  # type: ignore[no-untyped-def]
        if running and running[-1] in made:
            made[running[-1]] += 1
        return real_get(self, i)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_guarded", guarded)
        patch.setattr(table_standin.FormCells, "__getitem__", get)
        result = sdc.check(root, POLICY, in_release=True, keep_models=keep_models)
    return result.to_dict(), made


def _audit_findings(report: dict) -> list[tuple[str, str, str, str | None, str | None, str]]:
    return [(o["path"], f["rule"], f["location"]["cell"], f["location"].get("row_label"),
             f["location"].get("column_label"), f["status"])
            for o in report["outputs"] for f in o["findings"]
            if f["rule"] in ("SDC501", "SDC502")]


def test_hidden_cells_named_without_making_them(tmp_path: Path) -> None:
    _release(tmp_path)
    report, made = _checked(tmp_path, keep_models=False)
    assert sorted(_audit_findings(report)) == [
        ("exact.csv", "SDC501", "C2", "North", "M", "fail"),
        ("long.csv", "SDC501", "C2", "2020 / F", "count", "fail"),
        ("small.csv", "SDC502", "B2", "East", "old", "review"),
        ("small.csv", "SDC502", "C2", "East", "young", "review"),
    ]
    # main made one cell a finding (4): each is named off its form now
    assert made == {"SDC501": 0, "SDC502": 0}


def test_named_as_with_the_models_kept(tmp_path: Path) -> None:
    _release(tmp_path)
    let_go, _ = _checked(tmp_path, keep_models=False)
    kept, made = _checked(tmp_path, keep_models=True)
    assert made == {"SDC501": 0, "SDC502": 0}  # no form read: the models' own cells
    assert let_go == kept


def test_the_safe_twin_has_none(tmp_path: Path) -> None:
    (tmp_path / "open.csv").write_text(
        "region,old,young,Total\nEast,[c],[c],40\nWest,20,30,50\n")
    report, made = _checked(tmp_path, keep_models=False)
    assert _audit_findings(report) == []
    assert made == {"SDC501": 0, "SDC502": 0}


def test_narrow_suppression_evaluates_only_what_it_may_find(tmp_path: Path) -> None:
    """SDC502 evaluates, under its guard, only the open hidden cells below the threshold (or
    magnitudes): small.csv's two. Main evaluated all six hidden cells (the exact ones, the
    safe twin's two), each finding nothing but at those two."""
    from sdc.rules import suppression

    _release(tmp_path)
    seen: list[tuple[str, tuple[int, int]]] = []
    real_one = suppression.NarrowSuppression._one

    def one(self, audited, *args):  # type: ignore[no-untyped-def]
        seen.append((audited.ts.output.path, audited.place))
        return real_one(self, audited, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(suppression.NarrowSuppression, "_one", one)
        report = sdc.check(tmp_path, POLICY, in_release=True, keep_models=False).to_dict()
    assert seen == [("small.csv", (2, 2)), ("small.csv", (2, 3))]  # B2, C2
    assert [f for f in _audit_findings(report) if f[1] == "SDC502"] == [
        ("small.csv", "SDC502", "B2", "East", "old", "review"),
        ("small.csv", "SDC502", "C2", "East", "young", "review"),
    ]
