"""A form's integer columns held in the smallest typecode of their signedness that holds their
numbers (``sdc.release_form._smallest``, issue 14 §3, round 44): the same numbers, read as
before; never wider than they came, never a number changed at a type's edge."""

from __future__ import annotations

from array import array

import numpy as np
import pytest

from sdc.release_form import ReleaseTable, _smallest
from tests.test_columnar_equivalence import _table
from tests.test_release_form import _assert_same


@pytest.mark.parametrize(("code", "numbers", "expected"), [
    ("i", [-1, 0, 126], "b"),
    ("i", [-128, 127], "b"),
    ("i", [-129, 5], "h"),
    ("i", [0, 128], "h"),
    ("i", [2, 32_767], "h"),
    ("i", [0, 32_768], "i"),
    ("i", [-2**31, 2**31 - 1], "i"),
    ("H", [0, 255], "B"),
    ("H", [0, 256], "H"),
    ("I", [3, 65_535], "H"),
    ("I", [3, 65_536], "I"),
    ("h", [-1, 5], "b"),
    ("b", [-1, 5], "b"),
    ("i", [], "i"),
])
def test_a_column_is_held_in_the_smallest_type_that_holds_its_numbers(
        code: str, numbers: list[int], expected: str) -> None:
    narrowed = _smallest(array(code, numbers))
    assert narrowed.typecode == expected
    assert narrowed.tolist() == numbers


def test_a_long_column_is_narrowed_as_a_short_one_is() -> None:
    """From 1,024 numbers the bounds are numpy's: the same answer as the loop's."""
    numbers = [7] * 2_000 + [40_000]
    assert _smallest(array("I", numbers)).typecode == "H"
    assert _smallest(array("i", numbers)).typecode == "i"
    assert _smallest(array("I", [*numbers, 70_000])).typecode == "I"
    numbers[-1] = -3
    narrowed = _smallest(array("i", numbers))
    assert narrowed.typecode == "b" and narrowed.tolist() == numbers
    assert np.frombuffer(narrowed, dtype=narrowed.typecode).tolist() == numbers


def test_a_long_tables_form_holds_one_byte_columns_and_gives_its_cells_back() -> None:
    """A long count table: one measure, one layout, no margin, one marker, one column, up to
    126 labels a name: 1-byte columns (rows in 2), every cell made again equal the model's."""
    lines = ["region,sex,n"] + [f"R{k % 40},{'FM'[k % 2]},{'[c]' if k % 7 == 0 else k}"
                                for k in range(1, 300)]
    table = _table("\n".join(lines) + "\n")
    assert table is not None
    form = ReleaseTable.of(table)
    assert form is not None
    assert {name: getattr(form, name).typecode for name in (
        "marker", "measure", "layout_of", "margins", "row", "col", "raw_end")} == {
        "marker": "b", "measure": "B", "layout_of": "B", "margins": "B", "row": "h",
        "col": "b", "raw_end": "H"}
    assert [column.typecode for column in form.label] == ["b", "b"]
    _assert_same(table, form)
    assert sum(form.suppressed(i) for i in range(len(form))) == 42


def test_a_column_past_a_small_type_keeps_a_wider_one() -> None:
    """A dimension of 200 labels: its codes in 2 bytes (1 byte would wrap them)."""
    lines = ["area,n"] + [f"A{k},{k + 10}" for k in range(200)]
    table = _table("\n".join(lines) + "\n")
    assert table is not None
    form = ReleaseTable.of(table)
    assert form is not None
    assert [column.typecode for column in form.label] == ["h"]
    assert form.label_of(199, "area") == "A199"
    _assert_same(table, form)
