"""Round 45 (read45): the read's passes over a long table's code rows give what the plain
passes they replaced gave (issue 14 §3). Each faster piece is held to the former code, kept
here as the oracle: label columns read per distinct code (``CodeRows.facts_map``,
``layout.column_labels``, ``layout._row_labels``), the candidate key columns' row codes
(``layout._RowCodes``) and the plain CSV's ragged-line test (``csv_columns.plain_columns``)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.code_rows import CodeMaps, CodeRows, code_maps
from sdc.readers import csv_columns, csv_reader, layout
from sdc.readers.row_maps import column_facts
from sdc.readers.values import MarkerSet
from tests.test_csv_columns import MARKERS

LABELS = ["North", " North", "North ", "South", "", " ", "Total", "All", "x", "[c]", "7",
          "2016", " 2016 ", "0-17", "-0", "0", "nan", "1e3"]


def _maps(rows: list[list[str]]) -> CodeMaps:
    """The code rows' maps of a plain CSV (a header line, then ``rows``)."""
    width = len(rows[0])
    text = "\n".join([",".join(f"h{j}" for j in range(width)),
                      *(",".join(row) for row in rows)]) + "\n"
    parser = csv_reader._CellParser(MARKERS, False)
    packed = csv_columns.plain_columns(text, ",", parser.meaning, max_rows=10**6,
                                       max_columns=10**4)
    assert packed is not None
    code = CodeRows(packed)
    return code_maps(code, range(1, len(code)))


def _rows_of(width: int) -> st.SearchStrategy[list[list[str]]]:
    return st.lists(st.lists(st.sampled_from(LABELS), min_size=width, max_size=width),
                    min_size=1, max_size=30)


def _stripped_labels_old(maps: Sequence[dict]) -> list[list[str]]:
    """Before: a list of the column's facts, of their texts and the set of those."""
    out = []
    for col in range(1, len(maps[0]) + 1 if maps else 1):
        raws = [cell.raw if cell is not None else "" for cell in column_facts(maps, col)]
        stripped = {raw: raw.strip() for raw in set(raws)}
        out.append(list(map(stripped.__getitem__, raws)))
    return out


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 5).flatmap(_rows_of), st.data())
def test_facts_map_and_column_labels_as_the_facts_read_one_by_one(
        rows: list[list[str]], data: st.DataObject) -> None:
    maps = _maps(rows)
    found = maps.columns_from()
    assert found is not None
    code, at = found
    width = len(rows[0])
    start = data.draw(st.integers(0, len(at)))
    stop = data.draw(st.integers(start, len(at)))
    for col in range(0, width + 2):  # 0 and width + 1: no such column
        facts = code.column_facts(col, at[start:stop])
        assert code.facts_map(col, at[start:stop], lambda f: (f.raw, f.value, f.marker),
                              "-") == ["-" if f is None else (f.raw, f.value, f.marker)
                                       for f in facts]
    assert [layout.column_labels(maps, col) for col in range(1, width + 1)] == \
        _stripped_labels_old(maps)


def test_column_labels_of_code_rows_strip_each_text() -> None:
    maps = _maps([[" North ", "2016"], ["South", " 2016"], ["", "x"]])
    assert layout.column_labels(maps, 1) == ["North", "South", ""]
    assert layout.column_labels(maps, 2) == ["2016", "2016", "x"]
    assert layout.column_labels(maps, 3) == ["", "", ""]  # no such column: every row blank


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 5).flatmap(_rows_of))
def test_row_labels_from_codes_as_from_the_maps_one_by_one(rows: list[list[str]]) -> None:
    options = layout.LayoutOptions(markers=MarkerSet(["[c]", "x"]), total_labels=["Total"])
    maps = _maps(rows)
    width = len(rows[0])
    label_cols = list(range(1, width))
    names = [f"d{c}" for c in label_cols]
    as_list = list(maps)  # the same maps, read map by map
    chunk = layout.ROW_LABELS_CHUNK
    try:
        for layout.ROW_LABELS_CHUNK in (1, 3, chunk):
            assert list(layout._row_labels(maps, label_cols, names, options)) == \
                list(layout._row_labels(as_list, label_cols, names, options))
    finally:
        layout.ROW_LABELS_CHUNK = chunk


def _of_old(rows: Sequence[dict], columns: list[int]) -> np.ndarray:
    """``_RowCodes.of`` before (numpy codes): the labels numbered in a dict per raw text."""
    codes = np.zeros(len(rows), dtype=np.int64)
    for col in columns:
        raws = [cell.raw if cell is not None else "" for cell in column_facts(rows, col)]
        stripped: dict[str, int] = {}
        code = {raw: stripped.setdefault(raw.strip(), len(stripped)) for raw in set(raws)}
        label = np.fromiter(map(code.__getitem__, raws), dtype=np.int64, count=len(raws))
        pairs = codes * len(stripped) + label
        codes = np.unique(pairs, return_inverse=True)[1].reshape(-1)
    return codes


def _partition(codes: Sequence[int]) -> list[int]:
    """Codes renumbered in order of first appearance: equal for two numberings of one
    partition of the rows."""
    first: dict[int, int] = {}
    return [first.setdefault(int(c), len(first)) for c in codes]


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 5).flatmap(_rows_of))
def test_row_codes_partition_the_rows_as_before(rows: list[list[str]]) -> None:
    maps = _maps(rows)
    width = len(rows[0])
    threshold = layout.KEY_CODES_WITH_NUMPY_FROM
    try:
        layout.KEY_CODES_WITH_NUMPY_FROM = 0  # numpy codes
        codes = layout._RowCodes(maps)
        for k in range(1, width + 1):
            columns = list(range(1, k + 1))
            new, old = codes.of(columns), _of_old(maps, columns)
            assert _partition(new) == _partition(old)
            assert codes.distinct(new) == len(set(old.tolist()))
    finally:
        layout.KEY_CODES_WITH_NUMPY_FROM = threshold


@pytest.mark.parametrize(("text", "read"), [
    ("a,b\n1,2\n3,4\n", True),
    ("a,b\n1,2\n3\n", False),  # ragged: the cells' way
    ("a,b\n1,2\n3,4,5\n", False),
])
def test_plain_columns_refuses_a_ragged_text(text: str, read: bool) -> None:
    parser = csv_reader._CellParser(MARKERS, False)
    found = csv_columns.plain_columns(text, ",", parser.meaning, max_rows=100, max_columns=10)
    assert (found is not None) is read


def test_a_chunk_boundary_does_not_hide_a_ragged_line() -> None:
    parser = csv_reader._CellParser(MARKERS, False)
    lines = ["a,b", *itertools.repeat("1,2", csv_columns.CHUNK + 5)]
    lines[csv_columns.CHUNK + 2] = "1"
    found = csv_columns.plain_columns("\n".join(lines) + "\n", ",", parser.meaning,
                                      max_rows=10**6, max_columns=10)
    assert found is None
