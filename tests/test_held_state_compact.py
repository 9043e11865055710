"""What every table keeps from its rules to the reports, made smaller (issue 14 §3, round 29):
a form's label columns as 2-byte codes, the report view's data rows as an int array (a range
when consecutive: round 45), and no
interning dict of link keys held beside the link numbers. Each reads as before."""

from __future__ import annotations

from array import array
from pathlib import Path

from sdc import engine, linking
from sdc.policy import build_policy
from sdc.release_form import _NONE, ReleaseTable, _narrowed
from sdc.reports.table_view import ReportTable, _rows
from tests.test_columnar_equivalence import _table
from tests.test_link_columns import _release
from tests.test_release_form import _assert_same


def test_a_forms_label_columns_are_two_byte_codes_read_as_before() -> None:
    table = _table("area,sex,n\nNorth,F,12\nNorth,M,[c]\nSouth,F,3\nSouth,M,40\n"
                   "Total,F,15\nTotal,M,50\n")
    assert table is not None
    form = ReleaseTable.of(table)
    assert form is not None
    assert [column.typecode for column in form.label] == ["b", "b"]
    _assert_same(table, form)
    assert [form.label_of(i, "area") for i in range(len(form))] == [
        "North", "North", "South", "South", "Total", "Total"]


def test_a_column_of_many_labels_keeps_four_bytes_and_no_label_stays_none() -> None:
    column = array("i", [0, _NONE, 5, 32765])
    narrow = _narrowed(column, 32766)
    assert narrow.typecode == "h" and list(narrow) == [0, _NONE, 5, 32765]
    wide = array("i", [0, _NONE, 40_000])
    assert _narrowed(wide, 40_001) is wide  # 2 bytes would not hold its codes


def test_the_report_views_data_rows_are_a_range_equal_to_the_tables() -> None:
    """Consecutive data rows (round 45: a range, no number held a row; gaps: an int array,
    ``tests/test_view_rows_compact.py``)."""
    table = _table("area,n\nNorth,12\nSouth,[c]\nEast,2\nTotal,40\n")
    assert table is not None
    view = ReportTable.of(table)
    assert view.data_rows == range(2, 6) and list(table.data_rows) == [2, 3, 4, 5]
    assert list(view.data_rows) == list(table.data_rows) and view.data_rows
    assert min(view.data_rows or [1]) == min(table.data_rows)
    assert set(view.data_rows) == set(table.data_rows)
    # what is not an int that fits 4 bytes stays the list it was
    assert _rows([1, 2**31]) == [1, 2**31] and isinstance(_rows([1, 2**31]), list)
    assert _rows([]) == array("i") and not _rows([])


def test_link_keys_are_not_interned_beside_the_link_numbers(
        tmp_path: Path) -> None:
    """Built as the audit builds (compact, numbered together), no interned key is held once
    a table is numbered, and the numbering is that of a build that keeps them interned."""
    _release(tmp_path, 5)
    policy = build_policy({})
    outputs, *_ = engine.read_release([tmp_path], policy)
    engine._prepare(outputs, policy)
    tables = [o for o in outputs if o.table is not None]

    def built(forget: bool) -> tuple[linking.SystemsBuild, list[linking.TableSystem]]:
        build = linking.SystemsBuild(tables, None, total_labels=list(policy.total_labels),
                                     compact=True)
        if not forget:
            build.codes.forget_keys = lambda: None  # type: ignore[method-assign]
        for output in tables:
            build.add(output)
            if forget:
                assert build.codes._interned == {}
        return build, build.systems

    kept_build, kept = built(False)
    assert kept_build.codes._interned  # the build does intern keys
    forgot_build, forgot = built(True)
    assert forgot_build.numbers is not None and kept_build.numbers is not None
    assert forgot_build.numbers.sizes() == kept_build.numbers.sizes()
    assert len(forgot) == len(kept) > 1
    for a, b in zip(forgot, kept, strict=True):
        assert (a.links is None) == (b.links is None)
        if a.links is not None and b.links is not None:
            assert a.links.ids.tolist() == b.links.ids.tolist()
            assert a.links.values() == b.links.values()
        assert list(a.equation_cells) == list(b.equation_cells)
