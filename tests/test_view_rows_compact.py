"""The report view's data rows held as compactly as they read back the same (issue 14 §3,
round 45, held45): a ``range`` when the lines run on unbroken, else 4-byte numbers, else the
list; each answers every read the reporters make (``in``, ``set``, ``min``, ``enumerate``,
``len``, truth, order) as the table's list does."""

from __future__ import annotations

from array import array

import pytest

from sdc.reports.table_view import ReportTable, _rows
from tests.test_columnar_equivalence import _table


def _reads(rows: object) -> tuple[object, ...]:
    """What the reporters read of a view's data rows (``acro``, ``html_grid``, ``xlsx``)."""
    seq = rows  # type: ignore[assignment]
    return (list(seq), len(seq), bool(seq), set(seq), min(seq or [1]),  # type: ignore
            {row: i for i, row in enumerate(seq)}, [n in seq for n in range(-3, 12)])  # type: ignore


@pytest.mark.parametrize(("lines", "kind"), [
    ([2, 3, 4, 5], range),
    ([7], range),
    ([-2, -1, 0, 1], range),
    ([2**31, 2**31 + 1], range),  # beyond 4 bytes, still a run
    ([2, 3, 5, 6], array),  # a gap
    ([3, 2, 4], array),  # out of order
    ([2, 2, 3], array),  # a line twice
    ([], array),
    ([1, 2**31 + 5], list),  # not a run, and beyond 4 bytes
])
def test_rows_read_back_as_the_list(lines: list[int], kind: type) -> None:
    rows = _rows(lines)
    assert type(rows) is kind
    assert _reads(rows) == _reads(lines)


def test_a_line_not_an_int_keeps_the_list() -> None:
    lines = [2, 3, True]  # a bool is not a line number read back as one
    assert _rows(lines) is lines
    floats = [2.0, 3.0]
    assert _rows(floats) is floats  # type: ignore[arg-type]


def test_a_long_tables_view_holds_no_number_a_row() -> None:
    body = "".join(f"r{i},{i % 7}\n" for i in range(500))
    table = _table("area,n\n" + body)
    assert table is not None
    view = ReportTable.of(table)
    assert view.data_rows == range(2, 502)
    assert list(view.data_rows) == list(table.data_rows)
