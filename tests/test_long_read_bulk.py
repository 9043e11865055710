"""Round 29 (read29): a long table's read work done a column or a chunk at a time says what
the step per row said (issue 14 §3).

- ``layout._chunk_cells``: the cells of a long table, row by row and a measure after another,
  each its grid cell; the cells ``_data_cell`` reads (missing, text, empty) in row order, so
  ``table.unparsed`` is in file order, across chunks of ``BUILD_CHUNK`` rows;
- ``LabelColumns.column`` looked up by numpy: the same label objects as the list look-up;
- ``content._LabelKeys`` in Python's ints when a key would not fit numpy's (the numpy path is
  ``tests.test_row_level_keys``' oracle test);
- ``content._first_cells`` of a table whose rows are one cell each: every cell;
- ``cell_text``: a reading order with no letter is not searched, and no run of it is kept;
- ``layout._in_blocks``: a numeric column's runs found by C steps, as the step a row found
  them (a ``NaN`` ends a run: ``==``, not identity);
- ``CodeRows.column_cells``: a column's cells not made yet made by ``map`` steps, equal to
  those ``cell`` makes one by one, the ones made before kept as themselves.
"""

from __future__ import annotations

import base64
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc import code_rows
from sdc.coords import COLUMN_WITH_NUMPY_FROM, LabelColumns
from sdc.readers import cell_text, layout
from sdc.rules import content
from sdc.table import RawCell
from tests.test_coverage_codes import _table
from tests.test_row_level_keys import _oracle, _outcome, long_tables

NUMBERS = ["5", "[c]", "", "abc", "12", "x"]
MEANS = ["1.5", "", "zz", "[c]", "7"]


def _mixed_long(rows: int, seed: int) -> tuple[str, list[tuple[str, str]]]:
    rng = random.Random(seed)
    lines, values = ["region,age,n,mean"], []
    for i in range(rows):
        n, m = rng.choice(NUMBERS), rng.choice(MEANS)
        values.append((n, m))
        lines.append(f"R{i % 50},A{i // 50},{n},{m}")
    return "\n".join(lines) + "\n", values


@pytest.mark.parametrize("seed", [1, 2])
def test_cells_row_by_row_and_texts_in_file_order(seed: int) -> None:
    rows = 2 * layout.BUILD_CHUNK + 300  # three chunks, the last short
    text, values = _mixed_long(rows, seed)
    table = _table(text)
    assert table.layout == "long"
    assert [m.name for m in table.measures] == ["n", "mean"]
    assert len(table.cells) == 2 * rows
    for i, (first, second) in enumerate(zip(table.cells[::2], table.cells[1::2], strict=True)):
        line = i + 2
        assert (first.measure.name, first.source.row, first.source.col) == ("n", line, 3)
        assert (second.measure.name, second.source.row, second.source.col) == ("mean", line, 4)
        assert first.coords is second.coords  # a row's cells share its coordinates
        assert dict(first.coords.items()) == {"region": f"R{i % 50}", "age": f"A{i // 50}"}
        assert (first.source.raw, second.source.raw) == values[i]
        assert first.source is table.grid[i + 1][2] and second.source is table.grid[i + 1][3]
    # the data cells that are text (neither number, marker nor empty), in file order: row
    # by row, n before mean, across the chunks
    texts = [c.source for c in table.cells if c.source.kind == "text"]
    assert len(texts) > 100
    assert [c.ref for c in table.unparsed] == [c.ref for c in texts]
    assert [(c.row, c.col) for c in texts] == sorted((c.row, c.col) for c in texts)
    assert {c.source.raw for c in table.cells if c.source.kind == "text"} <= {"abc", "x", "zz"}


def test_a_measure_column_shorter_than_its_rows_fails() -> None:
    text, _ = _mixed_long(20, 3)
    table = _table(text)
    chunk = [({}, (("R0", "A0"), None))] * 3
    with pytest.raises(ValueError, match="shorter"):
        layout._chunk_cells(table, table.measures[:1], {3: [None, None]}, chunk,
                            [{}] * 3, layout._Interned(), frozenset(), 0, [[]] * 3,
                            layout.LayoutOptions(markers=None, total_labels=[]))


@pytest.mark.parametrize("first", [0, 7])
def test_a_column_by_numpy_is_the_lists_look_up(first: int) -> None:
    rng = random.Random(first)
    store = LabelColumns({"a": 0, "b": 1})
    n = COLUMN_WITH_NUMPY_FROM + 500
    labels = [(f"a{rng.randrange(300)}", f"b{rng.randrange(3)}") for _ in range(n)]
    keys = list(range(first, first + n))
    store.add_many(labels, keys)
    store.freeze()
    for at in (0, 1):
        for asked in (keys, sorted(rng.sample(keys, COLUMN_WITH_NUMPY_FROM)),
                      keys[:10], keys[::-1]):
            got = store.column(at, asked)
            want = [store.label(key, at) for key in asked]
            assert got == want
            assert all(g is w for g, w in zip(got, want, strict=True))  # the same objects
    with pytest.raises(IndexError):
        store.column(0, [*keys, first + n + 5])


def test_keys_in_python_ints_say_what_the_label_tuples_said(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(content, "KEYS_WITH_NUMPY_FROM", 0)  # numpy's path on small tables
    # eight label columns of 300 distinct labels: 300**8 keys do not fit numpy's int64
    lines = ["a,b,c,d,e,f,g,h,sbp"] + [
        ",".join(f"{c}{k % 300}" for c in "abcdefgh") + f",{k}" for k in range(600)]
    table = _table("\n".join(lines) + "\n")
    keys = content._LabelKeys(content._first_cells(table.cells), table.row_dimensions)
    assert keys.distinct == [300] * 8 and keys.combinations == 300 and keys.repeated == 600
    said = content._individual_rows(table, 10)
    assert said == _oracle(table, 10) == (
        "600 of 600 rows repeat another row's labels (a table has one row per label "
        "combination)")
    # the same table's keys in numpy and in Python's ints alike
    monkeypatch.setattr(content, "KEYS_IN_NUMPY_BELOW", 0)
    small = _table("region,sex,sbp\n" + "".join(f"R{k % 7},{'FM'[k % 2]},{k}\n"
                                                for k in range(40)))
    python = content._LabelKeys(content._first_cells(small.cells), small.row_dimensions)
    monkeypatch.setattr(content, "KEYS_IN_NUMPY_BELOW", 2**62)
    numpy = content._LabelKeys(content._first_cells(small.cells), small.row_dimensions)
    monkeypatch.setattr(content, "KEYS_WITH_NUMPY_FROM", 10**9)
    plain = content._LabelKeys(content._first_cells(small.cells), small.row_dimensions)
    assert (python.combinations, python.repeated, python.distinct) == (
        numpy.combinations, numpy.repeated, numpy.distinct) == (
        plain.combinations, plain.repeated, plain.distinct) == (14, 40, [7, 2])
    assert python.digits == numpy.digits == plain.digits


def test_rows_of_one_cell_each_are_their_own_firsts() -> None:
    table = _table("region,n\n" + "".join(f"R{k},{k}\n" for k in range(30)))
    firsts = content._first_cells(table.cells)
    assert firsts == table.cells and firsts is not table.cells


def test_an_order_without_a_letter_is_not_searched() -> None:
    years = cell_text._Order()
    years.extend([RawCell(k + 1, 1, str(2000 + k)) for k in range(40)], 0)
    seen: set[str | bytes] = set()
    assert years.text().startswith("2000\n2001\n")
    assert list(years.runs(seen)) == [] and not seen  # searched, 40 years were a run
    # a blob cut down a column beside a column of years is found
    blob = base64.b64encode(b"patient 9434765919 born 1970-01-01, patient 4010232137 born "
                            b"1981-02-03").decode()
    pieces = [blob[k:k + 16] for k in range(0, len(blob), 16)]
    lines = ["year,code,n"] + [f"{2000 + k},{pieces[k] if k < len(pieces) else 'no code'},{k}"
                               for k in range(12)]
    found = cell_text.split_blobs([_table("\n".join(lines) + "\n")])
    assert [[h.cell for h in hidden] for _, hidden, _ in found] == [["B2"]]


# -- a numeric key column's blocks found in C steps -----------------------------------------

def _in_blocks_by_row(groups: list, values: list[float]) -> bool:
    runs: list = []
    for g, v in zip(groups, values, strict=True):
        if runs and runs[-1][0] == g and runs[-1][1] == v:
            runs[-1] = (g, v, runs[-1][2] + 1)
        else:
            runs.append((g, v, 1))
    keys = [(g, v) for g, v, _ in runs]
    single = sum(1 for *_, n in runs if n < 2)
    return (len(runs) >= 2 and len(set(keys)) == len(keys)
            and single * layout.SINGLE_ROW_RUNS_PER <= len(runs))


@pytest.mark.parametrize("seed", range(80))
def test_blocks_found_in_c_steps_say_what_the_step_a_row_said(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.choice([0, 1, 2, 3, 8, 40, 300])
    values = [float(rng.randrange(3)) for _ in range(n)]
    if rng.random() < 0.3 and values:
        values[rng.randrange(len(values))] = float("nan")
    for groups in ([rng.randrange(3) for _ in range(n)], [0] * n,
                   sorted(rng.randrange(4) for _ in range(n))):
        for these in (values, sorted(values, key=str)):  # the values in runs, or not
            assert layout._in_blocks(groups, these) == _in_blocks_by_row(groups, these)


def test_a_nan_ends_a_run_and_equal_values_continue_it() -> None:
    nan = float("nan")
    assert layout._in_blocks([0, 0, 0, 0], [nan, nan, 1.0, 1.0]) is False  # nan runs of one
    assert layout._in_blocks([0, 0, 0, 0], [2.0, 2.0, 1.0, 1.0]) is True
    assert layout._in_blocks([0, 0, 1, 1], [1.0, 1.0, 1.0, 1.0]) is True
    with pytest.raises(ValueError):
        layout._in_blocks([0, 0], [1.0])


# -- a column's cells made by map steps (CodeRows.column_cells) -------------------------------

def _code_rows(text: str) -> code_rows.CodeRows:
    from types import SimpleNamespace

    from sdc.readers import csv_reader
    from tests.test_coverage_codes import MARKERS

    out = SimpleNamespace(too_large=None, unreadable=None)
    grid = csv_reader._parse(out, text, csv_reader.sniff_dialect(text), markers=MARKERS,
                             max_rows=10**6, max_columns=10**4)
    code = grid.code_rows()
    assert code is not None
    return code


@pytest.mark.parametrize("asked_first", [[], [0, 5, 4999], list(range(0, 5000, 7))])
def test_a_columns_cells_made_by_map_are_the_cells_made_one_by_one(asked_first: list[int]
                                                                   ) -> None:
    rng = random.Random(len(asked_first))
    raws = [rng.choice(["5", "[c]", "", " 12 ", "abc", "3.5", "-"]) for _ in range(5000)]
    text = "region,n\n" + "".join(f"R{k % 9},{raw}\n" for k, raw in enumerate(raws))
    code = _code_rows(text)
    oracle = _code_rows(text)
    before = {i: code.cell(i, 2) for i in asked_first}  # made before: kept as themselves
    got = code.column_cells(2, range(1, len(code)))
    want = [oracle.cell(i, 2) for i in range(1, len(oracle))]
    assert got == want  # the same fields, cell for cell
    for i, cell in before.items():
        if i >= 1:
            assert got[i - 1] is cell
    assert all(a is b for a, b in zip(got, code.column_cells(2, range(1, len(code))),
                                      strict=True))  # made once
    assert all(code.cell(i, 2) is got[i - 1] for i in range(1, len(code), 97))


def test_a_ragged_column_is_made_cell_by_cell() -> None:
    assert code_rows._fresh_cells([2, 0, 3], [None, None, ("a", None, None, False),
                                              ("1", 1.0, None, False)], [1, 2, 3], 2) is None
    assert code_rows._fresh_cells([2, 3], [None, None, ("a", None, None, False), None],
                                  [1, 2], 2) is None
    made = code_rows._fresh_cells([2, 3, 2], [None, None, ("a", None, None, False),
                                              ("1", 1.0, None, False)], [4, 5, 6], 2)
    assert made == [RawCell(4, 2, "a"), RawCell(5, 2, "1", 1.0), RawCell(6, 2, "a")]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(long_tables(), st.sampled_from([1, 5, 10, 20, 40]))
def test_numpys_keys_say_what_the_label_tuples_said(text: str, min_rows: int) -> None:
    """``test_row_level_keys``' oracle test with numpy's path on its small tables."""
    table = _table(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(content, "KEYS_WITH_NUMPY_FROM", 0)
        got = _outcome(content._individual_rows, table, min_rows)
    assert got == _outcome(_oracle, table, min_rows)
