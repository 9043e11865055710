"""Round 30 (mem30): an audited hidden cell holds no cell (``AuditedCell.cell`` is read from
its system at each use), the audit's order is read off the places without making cells, and
the rules make a cell only where they need one."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.linking import Places
from sdc.policy import build_policy
from sdc.release_form import ReleaseTable
from sdc.rules import suppression
from sdc.rules.suppression import AuditedCell, _Audit, _ShareWork, cell_place
from sdc.table_standin import FormCells
from tests.conftest import read_files

POLICY = build_policy({})
# hidden counts in two linked tables (their intervals wide and narrow), and a magnitude
# (each table prints a number above 100: none can be a table of shares)
FILES = {"a.csv": "grp,A,B,C,Total\nr1,12,[c],130,160\nr2,20,25,35,80\nr3,[c],[c],40,95\n",
         "b.csv": "grp,A,B,Total\nr1,[c],[c],6\nr2,300,250,550\nTotal,[c],[c],556\n",
         "c.csv": "sex,age,n\nF,young,[c]\nF,old,120\nM,young,[c]\nM,old,16\nF,Total,145\n"
                  "M,Total,40\n"}


def _outputs(tmp_path: Path) -> list:
    return read_files(tmp_path / "r", FILES, POLICY)


def _audit(tmp_path: Path) -> _Audit:
    return _Audit(_outputs(tmp_path), POLICY.shared.rounding_base, list(POLICY.total_labels))


def _audit_of(outputs: list) -> _Audit:
    return _Audit(outputs, POLICY.shared.rounding_base, list(POLICY.total_labels))


def test_an_audited_cell_holds_none_and_reads_its_systems(tmp_path: Path) -> None:
    audit = _audit(tmp_path)
    assert len(audit.cells) >= 5
    assert "cell" not in AuditedCell.__slots__  # type: ignore[attr-defined]
    for audited in audit.cells:
        assert audited.cell is audited.ts.cells[audited.var]  # the model's own, while held
        source = audited.cell.source
        assert audited.place == (source.row, source.col)
    order = {id(ts): k for k, ts in enumerate(audit.systems)}
    keys = [(order[id(c.ts)], c.cell.source.row, c.cell.source.col) for c in audit.cells]
    assert keys == sorted(keys)  # the order the cells' own sources give


def test_places_read_a_forms_rows_and_columns_without_a_cell(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """Over a form's cells (the model let go) ``cell_place`` is the made cell's source row
    and column, and no cell is made for it."""
    audit = _audit(tmp_path)
    for ts in audit.systems:
        form = ReleaseTable.of(ts.output.table)
        assert form is not None and isinstance(ts.cells, Places)
        made = Places(FormCells(form), ts.cells.at)
        expected = [(c.source.row, c.source.col) for c in made]
        monkeypatch.setattr(ReleaseTable, "cell", lambda *a: pytest.fail("a cell was made"))
        ts.cells = made
        assert [cell_place(ts, var) for var in range(len(made))] == expected
        monkeypatch.undo()


def test_no_cell_is_made_for_the_share_work_without_a_table_of_shares(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = _outputs(tmp_path)
    audit = _audit_of(outputs)
    made: list[AuditedCell] = []
    monkeypatch.setattr(AuditedCell, "cell", property(lambda self: made.append(self)))
    assert any(c.ts.count and not c.interval.exact for c in audit.cells)
    assert _ShareWork(outputs, audit).found == []
    assert made == []


def test_narrow_suppression_reads_a_cell_only_where_it_may_find(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SDC502 makes a count's cell only when its interval is below the threshold (its
    finding's): a wider one needs no protection level, whatever the cell."""
    audit = _audit(tmp_path)
    rule = suppression.NarrowSuppression(suppression.NarrowSuppression.Params())
    threshold = POLICY.shared.threshold
    read: list[AuditedCell] = []
    real = AuditedCell.cell

    def counted(self: AuditedCell) -> object:
        read.append(self)
        return real.fget(self)  # type: ignore[attr-defined]

    monkeypatch.setattr(AuditedCell, "cell", property(counted))
    from sdc.rules.protection_levels import DominanceLevels

    levels = DominanceLevels.of(POLICY)
    found = [f for c in audit.cells for f in rule._one(c, threshold, levels)]
    small = [c for c in audit.cells if not c.interval.exact and c.interval.hi < threshold]
    assert small and read == small
    assert len(found) == len(small)
    assert any(not c.interval.exact and c.interval.hi >= threshold for c in audit.cells)
