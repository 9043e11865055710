"""Layout inference worked out a column (and a distinct label) at a time reads every table as
the row-by-row code it replaced did (issue 14 §3, issue 12 channel 12).

Structural, not timed. Seeded random delimited files (quoted fields, titles, notes, blank
lines, markers, ragged rows, ``n (%)``, negative numbers, a BOM, ``;`` and tab delimiters, long
and wide, sparse and numeric labels, totals) are read and checked twice: as shipped, and with
each column-wise pass swapped for the plain code below (as it was). The tables' fields and
cells and the findings must be equal.
"""

from __future__ import annotations

import csv
import gc
import io
import itertools
import random
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sdc
from sdc import gc_pacing
from sdc.policy import build_policy
from sdc.readers import layout, read_output
from sdc.readers.csv_reader import _CellParser
from sdc.readers.roles import numeric_labels_understood
from sdc.readers.values import MarkerSet
from sdc.table import DataCell, RawCell, Table

POLICY = build_policy({})


# --- the plain code each column-wise pass replaced ---------------------------------------------

def _filled_values_plain(data_by_col, col):
    values: list[float] = []
    for row in data_by_col:
        cell = row.get(col)
        if cell is not None and cell.kind == "num":
            values.append(float(cell.value))
        elif (cell is None or cell.kind == "empty") and values:
            values.append(values[-1])
        else:
            return None
    return values


def _key_columns_plain(data_by_col, numeric_sorted, text_labels, header_text, own=None):
    """``_numeric_key_columns`` as it was: each row's labels as a tuple of every key column,
    rebuilt for each candidate, and the whole column of values judged as labels (``own``:
    the table's own margin name, round 53)."""
    keys = list(text_labels)
    chosen: list[int] = []
    if not text_labels and numeric_sorted and layout._confirmed_code_column(
            data_by_col, numeric_sorted, header_text, own):
        return [numeric_sorted[0]]
    if not text_labels and layout._bin_edges(data_by_col, numeric_sorted):
        return numeric_sorted[:2]  # a histogram's edges, proven by their numbers (849a57f)
    if layout._closing_margin(data_by_col, numeric_sorted, text_labels, own):
        data_by_col = data_by_col[:-1]

    def rows_of(columns):
        return [tuple(layout._label_key(r, c) for c in columns) for r in data_by_col]

    for k, col in enumerate(numeric_sorted):
        values = _filled_values_plain(data_by_col, col)
        if k == 0 and text_labels and layout._row_names(col, values, header_text, text_labels):
            keys.append(col)
            chosen.append(col)
            continue
        if k == len(numeric_sorted) - 1:
            break
        if values is None or not numeric_labels_understood(values):
            break
        n = len(values)
        before = rows_of(keys)
        if text_labels and layout._constant_period(
                values, header_text.get(col, ""), col < max(text_labels),
                lambda col=col: layout._outside_totals(data_by_col, col, numeric_sorted)):
            keys.append(col)  # round 48: one year on every row, the table's constant label
            chosen.append(col)
            continue
        if keys and len(set(before)) == n:
            break
        after = list(zip(before, values, strict=True))
        if len(set(after)) == n:
            ok = layout._crosses(before, values) if keys else layout._regular_index(values)
        else:
            ok = layout._in_blocks(before, values)
        if not ok:
            break
        keys.append(col)
        chosen.append(col)
    if chosen:
        final = rows_of(keys)
        if len(set(final)) != len(final):
            return []
    return chosen


def _fill_sparse_labels_plain(data_by_col, label_cols):
    """A blank carried into only under labels all blank as written (round 28), and only
    where no row it is carried into would repeat a row written under that label, every
    label right of it written (round 33)."""
    written = [{col for col in label_cols if (cell := row.get(col)) is not None
                and cell.kind != "empty"} for row in data_by_col]
    for k, col in enumerate(label_cols[:-1]):
        right = label_cols[k + 1:]

        def rest(row, here, right=right):
            return tuple(row[c].raw.strip() for c in right) if set(right) <= here else None

        full = {(row[col].raw.strip(), rest(row, here))
                for row, here in zip(data_by_col, written, strict=True) if col in here}
        carry, runs = None, []
        for row, here in zip(data_by_col, written, strict=True):
            cell = row.get(col)
            if cell is not None and cell.kind != "empty":
                carry = cell
                runs.append((carry, []))
            elif carry is not None and not here & set(label_cols[:k]):
                runs[-1][1].append((row, cell, here))
        for carry, rows in runs:
            if any(rest(row, here) is not None and (carry.raw.strip(), rest(row, here)) in full
                   for row, _, here in rows):
                continue
            for row, cell, _ in rows:
                row[col] = RawCell(row=carry.row if cell is None else cell.row,
                                   col=col, raw=carry.raw, value=carry.value)


def _coords_for_row_plain(row, label_cols, dim_names, options):
    coords, totals = {}, set()
    for name, col in zip(dim_names, label_cols, strict=True):
        cell = row.get(col)
        label = cell.raw.strip() if cell is not None else ""
        coords[name] = label
        if options.is_total(label):
            totals.add(name)
    return coords, totals


def _row_labels_plain(data_by_col, label_cols, dim_names, options):
    """Each row's coordinates and margins worked out on the row, as ``_build_long`` and
    ``_wide_cells`` did (``_coords_for_row``)."""
    for row in data_by_col:
        coords, totals = _coords_for_row_plain(row, label_cols, dim_names, options)
        yield tuple(coords.values()), totals


def _coords_of_plain(self, names, labels, key=None):
    """A plain dict per row, as before ``sdc.coords.Coords`` (equal coordinates compare equal;
    ``key``, the row's line a columnar store files it under, is no part of them)."""
    return dict(zip(names, labels, strict=True))


class _FilledPlain:
    """``layout._Filled`` as the code was: every row's filled cells made up front, by id."""

    def __init__(self, grid) -> None:
        self.cells = {id(row): cells for row in grid if (cells := layout._nonempty(row))}

    def of(self, row):
        return self.cells[id(row)]

    def columns(self, rows):
        return sorted({c.col for row in rows for c in self.cells[id(row)]})

    def first_col(self, rows):
        return min(c.col for row in rows for c in self.cells[id(row)])


def _content_plain(grid, regular=False):
    filled = _FilledPlain(grid)
    rows = [row for row in grid if id(row) in filled.cells]
    if not rows:
        raise layout.LayoutError("the file has no content")
    ncol = max(c.col for cells in filled.cells.values() for c in cells)
    title, rows = layout._split_titles(rows, ncol, filled)
    notes, rows = layout._split_notes(rows, ncol, filled)
    if len(rows) < 2:
        raise layout.LayoutError("there is a header but no data rows")
    return title, notes, rows, filled.columns(rows)


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "_content", _content_plain)
    monkeypatch.setattr(layout, "_filled_values", _filled_values_plain)
    monkeypatch.setattr(layout, "_numeric_key_columns", _key_columns_plain)
    monkeypatch.setattr(layout, "_fill_sparse_labels", _fill_sparse_labels_plain)
    monkeypatch.setattr(layout, "_row_labels", _row_labels_plain)
    monkeypatch.setattr(layout._Interned, "coords_of", _coords_of_plain)


# --- seeded random delimited files --------------------------------------------------------------

REGIONS = ["North", "South", "East", "West", "Total", "All regions", "Midlands, East"]
GROUPS = ["0-17", "18-44", "45-64", "65+", "<18", "Unknown", "All"]
MARKERS = ["[c]", "x", "*", "<5", "..", "[z]"]


def _value(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.5:
        return str(int(rng.expovariate(1 / 30)))
    if pick < 0.6:
        return rng.choice(MARKERS)
    if pick < 0.68:
        n, base = rng.randint(0, 60), rng.randint(60, 200)
        return f"{n} ({100 * n / base:.1f}%)"
    if pick < 0.76:
        return f"-{rng.randint(1, 500)}"
    if pick < 0.84:
        return f"{rng.uniform(0, 100):.1f}"
    if pick < 0.9:
        return ""
    if pick < 0.95:
        return f"{rng.randint(1, 99)}%"
    return f"{rng.randint(1000, 99999):,}"


def _random_csv(seed: int) -> tuple[bytes, str]:
    """A file a researcher might write (and some they should not), and its suffix."""
    rng = random.Random(seed)
    delimiter = rng.choice([",", ",", ";", "\t"])
    rows: list[list[str]] = []
    if rng.random() < 0.4:
        rows.append([rng.choice(["Table 1: admissions by region", "Deaths, by age and sex",
                                 "Source tables"])])
        if rng.random() < 0.3:
            rows.append([])
    long = rng.random() < 0.5
    n_labels = rng.randint(1, 3)
    n_rows = rng.choice([2, 3, 5, 8, 12, 30, 60])
    if long:
        header = ["region", "age", "year"][:n_labels] + rng.choice(
            [["n"], ["count", "pct"], ["died", "survived", "pct_died"], ["value"]])
    else:
        header = [""] * (n_labels - 1) + [rng.choice(["region", "", "Group"])] + \
            rng.choice([["Female", "Male"], ["Female", "Male", "Total"],
                        ["2019", "2020", "2021"], ["n (%)"], ["1", "2", "3", "4"]])
    if rng.random() > 0.1:
        rows.append(header)
    sparse = rng.random() < 0.3
    numeric_year = rng.random() < 0.5
    combos = itertools.product(REGIONS[:rng.randint(2, 7)], GROUPS[:rng.randint(1, 7)],
                               [str(y) if numeric_year else f"FY{y}"
                                for y in range(2018, 2018 + rng.randint(1, 4))])
    last: list[str] = []
    for combo in itertools.islice(combos, n_rows):
        labels = list(combo[:n_labels])
        shown = [("" if sparse and k < n_labels - 1 and last[k:k + 1] == [lab] else lab)
                 for k, lab in enumerate(labels)]
        last = labels
        row = shown + [_value(rng) for _ in header[n_labels:]]
        if rng.random() < 0.05:
            row = row[:-1] if rng.random() < 0.5 else [*row, _value(rng)]  # ragged
        if rng.random() < 0.05:
            rows.append([])  # a blank line
        rows.append(row)
    if rng.random() < 0.3:
        rows.append(["Total", *[""] * (n_labels - 1),
                     *[str(rng.randint(100, 900)) for _ in header[n_labels:]]])
    if rng.random() < 0.4:
        rows.append([rng.choice(["Source: HES, 2023", "Note: counts below 5 are suppressed",
                                 "* rounded to the nearest 5"])])
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n",
               quoting=rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
               ).writerows(rows)
    data = out.getvalue().encode("utf-8")
    if rng.random() < 0.15:
        data = b"\xef\xbb\xbf" + data
    return data, ".tsv" if delimiter == "\t" and rng.random() < 0.5 else ".csv"


def _dump(table: Table | None) -> object:
    """Every field of the table the reader built, cells by value (never by identity)."""
    if table is None:
        return None

    def raw(cell: RawCell) -> tuple:
        return (type(cell).__name__, cell.row, cell.col, cell.raw, cell.value, cell.marker,
                cell.hidden)

    def data(cell: DataCell) -> tuple:
        return (cell.measure.name, cell.measure.role, tuple(cell.coords.items()),
                tuple(sorted(cell.total_dims)), raw(cell.source))

    return {
        "fields": (table.path, table.sheet, table.dimensions, table.row_dimensions,
                   table.column_dimensions, table.layout, table.title, table.notes,
                   table.header_rows, table.label_columns, table.column_headers,
                   table.data_rows, table.problems, table.kind, table.header_certain),
        "measures": [(m.name, m.role, m.col, m.read_as, m.per) for m in table.measures],
        "cells": [data(c) for c in table.cells],
        "unparsed": [raw(c) for c in table.unparsed],
        "grid": [[raw(c) for c in row] for row in table.grid],
    }


def _read(path: Path) -> tuple:
    outputs = read_output(path, path.name, POLICY)
    first = outputs[0]
    return (len(outputs), first.kind, first.unreadable, first.too_large, _dump(first.table),
            [(f.rule, f.status.value, f.location.cell, f.message)
             for f in sdc.check(str(path), POLICY).findings])


@pytest.mark.parametrize("block", range(4))
def test_random_files_read_and_check_as_the_row_by_row_code_did(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    tables = rules = 0
    for seed in range(block * 40, block * 40 + 40):
        data, suffix = _random_csv(seed)
        path = tmp_path / f"t{seed}{suffix}"
        path.write_bytes(data)
        with monkeypatch.context() as numpy_codes:
            if seed % 2:  # row codes as numpy arrays, as on a large table
                numpy_codes.setattr(layout, "KEY_CODES_WITH_NUMPY_FROM", 0)
            fast = _read(path)
        with monkeypatch.context() as patched:
            _plain(patched)
            assert _read(path) == fast, seed
        tables += fast[4] is not None and bool(fast[4]["cells"])
        rules += len({rule for rule, *_ in fast[5]})
    assert tables >= 20 and rules >= 40  # not a run of unreadable, finding-free files


def test_a_long_table_past_the_shared_coordinates_limit(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """More rows than ``_Interned.NO_REPEAT_AFTER``, each with labels of its own, then rows
    that repeat earlier labels; with a total label among them."""
    rng = random.Random(3)
    lines = ["region,age,year,sex,n"]
    combos = list(itertools.product(REGIONS, GROUPS, [f"FY{y}" for y in range(2000, 2030)],
                                    ["F", "M"]))
    for combo in combos[:2600] + combos[:50]:
        v = int(rng.expovariate(1 / 40))
        lines.append(",".join(f'"{c}"' if "," in c else c for c in combo) + ","
                     + ("[c]" if 0 < v < 10 else str(v)))
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(layout, "ROW_LABELS_CHUNK", 1000)  # rows in three chunks
    fast = _read(path)
    assert len(fast[4]["cells"]) == 2650
    assert any(rule == "SDC101" for rule, *_ in fast[5])
    with monkeypatch.context() as patched:
        _plain(patched)
        assert _read(path) == fast


# --- each pass against its plain code on small grids -------------------------------------------

CELL_TEXT = st.sampled_from(["1", "2", "3", "2019", "2020", "", " ", "a", " a", "b", "0", "12",
                             "[c]", "x", "-4", "1.5", "Total", "All"])


def _by_col(rows: list[list[str]]) -> list[dict[int, RawCell]]:
    parser = _CellParser(MarkerSet(["[c]", "x"]), decimal_comma=False)
    return [{j: RawCell(r, j, *parser.meaning(raw)) for j, raw in enumerate(row, 1)
             if raw or j % 2} for r, row in enumerate(rows, 2)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(CELL_TEXT, min_size=5, max_size=5), min_size=1, max_size=12),
       st.integers(0, 3))
def test_each_pass_matches_its_plain_code(rows: list[list[str]], n_text: int) -> None:
    """Key columns (with the margin row, row names and codes), carried-down values, labels and
    margins per row, and sparse labels filled, on grids with blank, padded, marker and missing
    cells."""
    options = layout.LayoutOptions(markers=MarkerSet(["[c]", "x"]), total_labels=["Total"])
    data_by_col = _by_col(rows)
    text_labels = list(range(1, n_text + 1))
    numeric = list(range(n_text + 1, 6))
    threshold = layout.KEY_CODES_WITH_NUMPY_FROM
    try:
        for layout.KEY_CODES_WITH_NUMPY_FROM in (0, threshold):  # numpy codes, then lists
            for header in ({}, {1: "", 2: "year"}):
                assert layout._numeric_key_columns(data_by_col, numeric, text_labels,
                                                   header) == \
                    _key_columns_plain(data_by_col, numeric, text_labels, header)
    finally:
        layout.KEY_CODES_WITH_NUMPY_FROM = threshold
    for col in range(1, 7):
        assert layout._filled_values(data_by_col, col) == \
            _filled_values_plain(data_by_col, col)
        assert layout.column_labels(data_by_col, col) == \
            [layout._label_key(r, col) for r in data_by_col]
    label_cols = list(range(1, n_text + 2))
    names = [f"d{c}" for c in label_cols]
    plain = [(labels, totals or None)  # None: no label of the row names a total
             for labels, totals in _row_labels_plain(data_by_col, label_cols, names, options)]
    chunk = layout.ROW_LABELS_CHUNK
    try:
        for layout.ROW_LABELS_CHUNK in (1, 3, chunk):
            assert list(layout._row_labels(data_by_col, label_cols, names, options)) == plain
    finally:
        layout.ROW_LABELS_CHUNK = chunk
    filled, by_plain = _by_col(rows), _by_col(rows)
    layout._fill_sparse_labels(filled, label_cols)
    _fill_sparse_labels_plain(by_plain, label_cols)
    assert filled == by_plain


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(CELL_TEXT, max_size=6), min_size=1, max_size=10))
def test_content_matches_its_plain_code(rows: list[list[str]]) -> None:
    """Titles, notes, rows and columns in use, found a column at a time on a regular grid
    (ragged and blank rows, blank first cells, empty columns), as every row's filled cells
    made up front found them."""
    parser = _CellParser(MarkerSet(["[c]", "x"]), decimal_comma=False)
    grid = [[RawCell(r, j, *parser.meaning(raw)) for j, raw in enumerate(row, 1)]
            for r, row in enumerate(rows, 1)]

    def outcome(content, regular):
        try:
            return content(grid, regular)
        except layout.LayoutError as exc:
            return str(exc)

    plain = outcome(_content_plain, False)
    assert outcome(layout._content, True) == plain
    assert outcome(layout._content, False) == plain


def test_key_columns_exact() -> None:
    """``region,year,imd,n``: year crosses the regions, imd runs under each year; n stays a
    measure. The same with a blank year (carried down) makes year a key still."""
    rows = [[r, y, d, str(10 + k)] for k, (r, y, d) in enumerate(
        itertools.product(["North", "South"], ["2019", "2020"], ["1", "2", "3"]))]
    data_by_col = _by_col([[r, y, d, n, ""] for r, y, d, n in rows])
    assert layout._numeric_key_columns(data_by_col, [2, 3, 4], [1], {}) == [2, 3]
    rows[1][1] = ""
    data_by_col = _by_col([[*row, ""] for row in rows])
    assert layout._filled_values(data_by_col, 2)[:3] == [2019.0, 2019.0, 2019.0]
    assert layout._numeric_key_columns(data_by_col, [2, 3, 4], [1], {}) == [2, 3]


# --- the collector's pacing ------------------------------------------------------------------

def test_collections_are_paced_while_a_check_runs_and_restored_after() -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with gc_pacing.fewer_collections():
            assert gc.get_threshold() == (gc_pacing.YOUNG_THRESHOLD, 10,
                                          gc_pacing.OLD_THRESHOLD)
            with gc_pacing.fewer_collections():  # nested: unchanged, restored once
                pass
            assert gc.get_threshold() == (gc_pacing.YOUNG_THRESHOLD, 10,
                                          gc_pacing.OLD_THRESHOLD)
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(50_000, 20, 500)  # a process that asked for less: kept
        with gc_pacing.fewer_collections():
            assert gc.get_threshold() == (50_000, 20, 500)
        assert gc.get_threshold() == (50_000, 20, 500)
    finally:
        gc.set_threshold(*before)


def test_the_restore_starts_the_counts_again_and_keeps_every_object_collectable() -> None:
    """Round 31: the middle collections counted under the raised old threshold are past the
    restored one; restoring used to make the next collection a full walk of everything the
    check held. The counts start again instead, nothing stays frozen, and a cycle made in the
    block is still collected by a later full collection."""
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with gc_pacing.fewer_collections():
            ring: list[object] = []
            ring.append(ring)  # a cycle only the collector frees
            watch = weakref.ref(_Node(ring))
            for _ in range(12):  # each middle collection counts one toward a full one
                gc.collect(1)
            assert gc.get_count()[2] > 10
            del ring
        assert gc.get_threshold() == (700, 10, 10)
        assert gc.get_count()[2] == 0 and gc.get_freeze_count() == 0
        assert watch() is not None  # deferred, not collected by the restore...
        gc.collect()
        assert watch() is None  # ...and collectable
    finally:
        gc.set_threshold(*before)


def test_the_restore_leaves_a_frozen_process_frozen() -> None:
    before = gc.get_threshold()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        gc.set_threshold(700, 10, 10)
        with gc_pacing.fewer_collections():
            for _ in range(12):
                gc.collect(1)
        # a frozen object freed by its reference count leaves the count (another thread, a
        # pytest-xdist worker's own objects): an unfreeze would leave none, so half is proof
        assert gc.get_freeze_count() > frozen // 2 and gc.get_count()[2] > 10
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_no_walk_at_exit_freezes_once_the_program_ends() -> None:
    """The hook runs at exit, after the program's own code: the checker registered before it
    runs after it (atexit runs last-registered first) and sees every object frozen."""
    code = ("import atexit, gc\n"
            "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
            "from sdc.gc_pacing import no_walk_at_exit\n"
            "no_walk_at_exit(); no_walk_at_exit()\n"
            "print('running', gc.get_freeze_count())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parent.parent)
    assert done.stdout.split() == ["running", "0", "frozen", "True"]


class _Node:
    def __init__(self, ring: list[object]) -> None:
        ring.append(self)


def test_the_key_column_search_leaves_no_cycle_holding_the_rows() -> None:
    """Nothing the search made still refers to the data rows once it returns, even with the
    collector off (a closure calling itself is a cycle: every cell held until collected, and
    a -j worker would send them all back as objects)."""
    rows = [[r, y, d, str(10 + k), ""] for k, (r, y, d) in enumerate(
        itertools.product(["North", "South"], ["2019", "2020"], ["1", "2", "3"]))]
    data_by_col = _by_col(rows)
    gc.disable()
    try:
        before = sys.getrefcount(data_by_col)
        assert layout._numeric_key_columns(data_by_col, [2, 3, 4], [1], {}) == [2, 3]
        assert sys.getrefcount(data_by_col) == before
    finally:
        gc.enable()
