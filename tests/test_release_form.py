"""The compact per-table form of the release stage (``sdc.release_form``, issue 14 §3) holds a
table's cells exactly: every cell made again from it equals the model's (measure, labels in
their order, source cell with its text, value, marker and hidden flag, margins, evidence),
its accessors read what the model reads, and a table it cannot hold exactly gets no form.
Tables: random long and wide CSVs (blank, spaced and repeated labels, markers, decimals,
margins, evidence), every output of the corpus and of examples/."""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import math
import random
from dataclasses import replace
from pathlib import Path

import pytest

from sdc.coords import Coords, RowCoords, WideCoords
from sdc.engine import read_release
from sdc.ledger.index import describe, describe_form
from sdc.outputs import Output
from sdc.policy import build_policy
from sdc.release_form import MAX_NAMES, ReleaseTable, TableCells, form_of, keep_form
from sdc.rules import prior_release
from sdc.table import DataCell, Measure, RawCell, Role, Table
from tests.corpus.outputs import ENTRIES
from tests.test_columnar_equivalence import _table

LABELS = ["a", "b", "A", " b", "b ", "1", "2", "Total", "All", "x", "", " ", "18-24", "25+",
          "é", "a, b"]
VALUES = ["0", "3", "12", "40", "[c]", "7", "*", "", "2.50", "1,204", "1e3", "-4", "n/a", "..",
          "12 (40%)"]


def _long_csv(rng: random.Random) -> str:
    width = rng.randint(1, 4)
    vocab = [rng.sample(LABELS, rng.randint(1, 4)) for _ in range(width)]
    measures = rng.randint(1, 3)
    rows = [[f"d{k}" for k in range(width)] + [f"n{m}" for m in range(measures)]]
    for combo in itertools.product(*vocab):
        if rng.random() < 0.8:
            rows.append([*combo, *(rng.choice(VALUES) for _ in range(measures))])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _wide_csv(rng: random.Random) -> str:
    columns = rng.sample(LABELS, rng.randint(1, 5))
    rows = [["group", *columns, *(["Total"] if rng.random() < 0.5 else [])]]
    for label in rng.sample(LABELS, rng.randint(1, 6)):
        rows.append([label, *(rng.choice(VALUES) for _ in range(len(rows[0]) - 1))])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _assert_same(table: Table, form: ReleaseTable) -> None:
    """Every cell made again equals the model's, the accessors read what it reads, and the
    readers moved onto the form find what they found on the model (SDC504's index entry
    and count cells by key)."""
    _assert_same_readings(table, form)
    for population in (None, {"cohort": "A"}):
        assert describe_form(form, population) == describe(table, population)
    again = prior_release._count_cells_by_key(form.cells_with_role(Role.COUNT))
    assert again == prior_release._cells_by_key(table)
    assert list(again) == list(prior_release._cells_by_key(table))  # in the same order
    for role in Role:
        assert form.cells_with_role(role) == list(table.cells_with_role(role))
    output = Output(path="out/" + table.path, file=Path(table.path), extension="csv", size=1,
                    sha256="", sheet=table.sheet, table=table, table_number=2)
    for i, cell in enumerate(table.cells):  # where a finding at the cell is reported
        assert form.location(i, output.path, output.sheet, 2) == output.location(cell)
    # SDC503's unions read the labels through ``TableCells``: from the form as from the cells
    keep_form(output, form)
    read, plain = TableCells(output), TableCells.of_cells(table.cells)
    assert read.form is form and plain.form is None
    places = list(range(len(table.cells)))[::-1]
    for dim in (*table.dimensions, "not a dimension"):
        assert read.labels_along(places, dim, "absent") == plain.labels_along(places, dim,
                                                                              "absent")
        assert [read.label(i, dim) for i in places] == [plain.label(i, dim) for i in places]
    for i in places:
        assert list(read.pairs(i)) == list(plain.pairs(i))
        assert read.margins(i) == plain.margins(i)


def _assert_same_readings(table: Table, form: ReleaseTable) -> None:
    assert len(form) == len(table.cells)
    made = list(form.cells())
    assert made == table.cells
    for i, (cell, again) in enumerate(zip(table.cells, made, strict=True)):
        assert again.measure is cell.measure
        assert list(again.coords) == list(cell.coords)  # the labels' order too
        # a long table's store rows come back as the ``Coords`` of their labels, as a
        # pickled ``RowCoords`` does (a pivot cache's 2,400 rows: fp27's corpus entry); a
        # wide table's ``WideCoords`` as the ``Coords`` of its joined labels (round 41)
        held = Coords if type(cell.coords) in (RowCoords, WideCoords) else type(cell.coords)
        assert type(again.coords) is held
        assert again.labels_key == cell.labels_key
        assert again.ref == cell.ref
        assert form.suppressed(i) is cell.suppressed
        assert form.raw_text(i) == cell.source.raw
        value = form.cell_value(i)
        assert (value is None) == (cell.value is None)
        if value is not None and cell.value is not None:
            assert value == cell.value or (math.isnan(value) and math.isnan(cell.value))
        for dim in (*table.dimensions, "not a dimension"):
            assert form.label_of(i, dim) == cell.coords.get(dim)
    coords = [c.coords for c in made if type(c.coords) is Coords]
    for a, b in itertools.combinations(coords[:40], 2):  # one position dict per layout
        assert (a._at is b._at) == (list(a) == list(b))
    assert (form.path, form.sheet, list(form.dimensions), form.layout, list(form.title)) == (
        table.path, table.sheet, table.dimensions, table.layout, table.title)
    assert (list(form.row_dimensions), list(form.column_dimensions)) == (
        table.row_dimensions, table.column_dimensions)
    assert form.rows_unlabelled is table.rows_unlabelled


def _drawn(rng: random.Random) -> Table:
    for _ in range(50):
        table = _table(_long_csv(rng) if rng.random() < 0.5 else _wide_csv(rng))
        if table is not None and table.cells:
            return table
    raise AssertionError("no draw of 50 was read as a table")


@pytest.mark.parametrize("seed", range(150))
def test_random_tables_are_held_exactly(seed: int) -> None:
    rng = random.Random(seed)
    table = _drawn(rng)
    cells = table.cells
    if rng.random() < 0.4:  # margins, some naming no dimension of the table
        for cell in rng.sample(cells, min(3, len(cells))):
            dims = [d for d in table.dimensions if rng.random() < 0.6]
            cell.total_dims = frozenset(dims + (["not a dimension"] if rng.random() < 0.3
                                                else []))
    if rng.random() < 0.3:  # evidence on a few cells
        for k, cell in enumerate(rng.sample(cells, min(2, len(cells)))):
            cell.evidence = {"total": 10.0 + k, "top": [6.0, 2.0], "n_units": 3}
    if rng.random() < 0.3:  # a cell with dict labels in another order, one hidden
        i = rng.randrange(len(cells))
        cells[i] = replace(cells[i], coords=dict(reversed(list(cells[i].coords.items()))))
        cells[rng.randrange(len(cells))].source.hidden = True
    form = ReleaseTable.of(table)
    assert form is not None
    _assert_same(table, form)


def test_exact_cells_of_a_small_table() -> None:
    table = _table("area,n\nNorth,12\nSouth,[c]\nEast,2.50\nTotal,40\n")
    assert table is not None
    form = ReleaseTable.of(table)
    assert form is not None
    _assert_same(table, form)
    assert [form.raw_text(i) for i in range(len(form))] == ["12", "[c]", "2.50", "40"]
    assert [form.suppressed(i) for i in range(len(form))] == [False, True, False, False]
    assert [form.cell_value(i) for i in range(len(form))] == [12.0, None, 2.5, 40.0]
    assert [form.label_of(i, "area") for i in range(len(form))] == [
        "North", "South", "East", "Total"]
    assert [form.cell(i).ref for i in range(len(form))] == ["B2", "B3", "B4", "B5"]
    # five labels interned once each, one layout, the raw texts joined
    assert form.labels == (("North", "South", "East", "Total"),)
    assert len(form.layouts) == 1 and form.raw == "12[c]2.5040"


def _table_of(cells: list[DataCell], measures: list[Measure]) -> Table:
    return Table(path="t.csv", sheet=None, dimensions=["d"], row_dimensions=["d"],
                 column_dimensions=[], measures=measures, cells=cells, layout="long")


def test_a_value_that_is_nan_stays_nan_and_none_stays_none() -> None:
    n = Measure("n", Role.COUNT)
    cells = [DataCell(n, {"d": "a"}, RawCell(2, 2, "nan", float("nan"))),
             DataCell(n, {"d": "b"}, RawCell(3, 2, "", None)),
             DataCell(n, {"d": "c"}, RawCell(4, 2, "0", 0.0))]
    form = ReleaseTable.of(_table_of(cells, [n]))
    assert form is not None
    value = form.cell_value(0)
    assert value is not None and math.isnan(value)
    assert form.cell_value(1) is None and form.cell_value(2) == 0.0


def test_a_table_it_cannot_hold_exactly_gets_no_form() -> None:
    n = Measure("n", Role.COUNT)
    elsewhere = Measure("n", Role.COUNT)  # equal, but not one of the table's measures

    class ChartCell(RawCell):
        pass

    plain = DataCell(n, {"d": "a"}, RawCell(2, 2, "3", 3.0))
    assert ReleaseTable.of(_table_of([plain], [n])) is not None
    assert ReleaseTable.of(_table_of([replace(plain, measure=elsewhere)], [n])) is None
    assert ReleaseTable.of(_table_of([replace(plain, source=ChartCell(2, 2, "3", 3.0))],
                                     [n])) is None
    assert ReleaseTable.of(_table_of([replace(plain, coords={"d": 3})], [n])) is None  # type: ignore[dict-item]


def _release_tables(root: Path) -> list[Table]:
    outputs, *_ = read_release([root], build_policy({}))
    return [o.table for o in outputs if o.table is not None and o.table.cells]


def test_every_corpus_table_is_held_exactly(tmp_path: Path) -> None:
    for k, entry in enumerate(ENTRIES):
        folder = tmp_path / f"e{k}"
        folder.mkdir()
        entry.write(folder)
    tables = _release_tables(tmp_path)
    assert len(tables) > 100
    formed = 0
    for table in tables:
        table.grid.unpack()
        form = ReleaseTable.of(table)
        if form is None:  # only a chart's own cells are kept as a model
            assert any(type(c.source) is not RawCell for c in table.cells), table.path
            continue
        formed += 1
        _assert_same(table, form)
    assert formed > 100


def test_every_example_table_is_held_exactly() -> None:
    tables = _release_tables(Path(__file__).parent.parent / "examples" / "heart-study")
    assert tables
    for table in tables:
        form = ReleaseTable.of(table)
        assert form is not None, table.path
        _assert_same(table, form)


def test_cells_with_labels_on_other_dimensions_or_none() -> None:
    n = Measure("n", Role.COUNT)
    at = {"d": 0}
    cells = [DataCell(n, Coords(at, ("a",)), RawCell(2, 2, "3", 3.0)),
             DataCell(n, {"e": "x", "d": "b"}, RawCell(3, 2, "4", 4.0), frozenset({"e"})),
             DataCell(n, {}, RawCell(4, 2, "7", 7.0), frozenset({"d"})),
             DataCell(n, Coords(at, ("c",)), RawCell(5, 2, "[c]", None, "[c]"))]
    table = _table_of(cells, [n])
    form = ReleaseTable.of(table)
    assert form is not None
    _assert_same(table, form)
    assert form.names == ("d", "e")
    assert [form.label_of(i, "d") for i in range(4)] == ["a", "b", None, "c"]
    assert [form.label_of(i, "e") for i in range(4)] == [None, "x", None, None]
    assert [sorted(form.margin_sets[form.margins[i]]) for i in range(4)] == [
        [], ["e"], ["d"], []]
    assert form.markers == ("[c]",) and list(form.marker) == [-1, -1, -1, 0]


def test_margins_not_a_frozenset_or_too_many_names_give_no_form() -> None:
    n = Measure("n", Role.COUNT)
    plain = DataCell(n, {"d": "a"}, RawCell(2, 2, "3", 3.0))
    assert ReleaseTable.of(_table_of([replace(plain, total_dims={"d"})], [n])) is None  # type: ignore[arg-type]
    # the table's own "d" and one name a cell: 64 names held, 65 not
    many = [DataCell(n, {f"k{i}": "a"}, RawCell(i + 2, 2, "3", 3.0)) for i in range(64)]
    assert ReleaseTable.of(_table_of(many, [n])) is None
    table = _table_of(many[:63], [n])
    form = ReleaseTable.of(table)
    assert form is not None and len(form.names) == MAX_NAMES
    _assert_same(table, form)


def test_form_of_reads_the_kept_form_of_the_current_table_only() -> None:
    table = _table("area,n\nNorth,12\nSouth,[c]\nTotal,40\n")
    other = _table("area,n\nEast,7\nWest,9\n")
    assert table is not None and other is not None
    output = Output(path="t.csv", file=Path("t.csv"), extension="csv", size=1, sha256="",
                    table=table)
    made = form_of(output)  # made now, not kept
    assert made is not None and list(made.cells()) == table.cells
    assert form_of(output) is not made
    kept = ReleaseTable.of(table)
    keep_form(output, kept)
    assert form_of(output) is kept
    output.table = other  # another table since: the kept form is not its
    again = form_of(output)
    assert again is not kept and again is not None and list(again.cells()) == other.cells
    keep_form(output, None)  # a table the form cannot hold: read from the model
    assert form_of(output) is None
    output.table = None
    assert form_of(output) is None


def test_count_rows_are_the_index_reading_of_the_count_cells() -> None:
    table = _table("area,n,mean\nNorth,12,3.5\nSouth,[c],2\nTotal,40,3\n")
    assert table is not None
    form = ReleaseTable.of(table)
    assert form is not None
    assert [(m.name, m.role) for m in table.measures] == [("n", Role.COUNT),
                                                          ("mean", Role.MAGNITUDE)]
    assert list(form.count_rows()) == [
        ("n", {"area": "North"}, frozenset(), 2, 2, "12", 12.0),
        ("n", {"area": "South"}, frozenset(), 3, 2, "[c]", None),
        ("n", {"area": "Total"}, frozenset({"area"}), 4, 2, "40", 40.0)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_check_keeps_each_tables_form_made_after_its_rules(tmp_path: Path, jobs: int,
                                                               monkeypatch) -> None:
    """After a check every table's form is kept on its output (``sdc.engine.kept_form``), at
    ``-j 2`` sent back by the worker that ran its rules: it gives the parent's cells back
    exactly, its measures the parent table's own objects. (SDC503 not in a process of its
    own: with it there and the models kept, no form is made here, ``test_forms_unread``.)"""
    from sdc import engine
    from sdc.engine import run
    from sdc.parallel import MIN_ITEMS_FOR_POOL
    from sdc.release_form import _FORM

    monkeypatch.setattr(engine, "_apart_wanted", lambda *args: False)
    rng = random.Random(14)
    for i in range(MIN_ITEMS_FOR_POOL + 4):
        text = _long_csv(rng) if i % 2 else _wide_csv(rng)
        (tmp_path / f"t{i:02d}.csv").write_text(text, encoding="utf-8")
    outputs = run([tmp_path], build_policy({}), jobs=jobs).outputs
    tables = [o for o in outputs if o.table is not None]
    assert len(tables) >= MIN_ITEMS_FOR_POOL  # the pool is used at -j 2
    for output in tables:
        table, form = output.__dict__[_FORM]
        assert table is output.table and form is form_of(output)
        made = ReleaseTable.of(output.table)
        if made is None:
            assert form is None
            continue
        assert form is not None and list(form.cells()) == output.table.cells
        assert all(a is b for a, b in zip(form.measures, output.table.measures, strict=True))


def test_a_form_sent_back_by_a_worker_reads_the_parents_measures() -> None:
    """A worker's form arrives pickled (its measures copies); kept on the parent's output
    it gives cells whose measures are the parent table's objects. A form of another table
    (its measures not the table's count) is made again here."""
    import pickle

    from sdc.engine import keep_sent_form

    table = _table("area,n,mean\nNorth,12,3.5\nSouth,[c],2\nTotal,40,3\n")
    other = _table("area,n\nEast,7\nWest,9\n")
    assert table is not None and other is not None
    output = Output(path="t.csv", file=Path("t.csv"), extension="csv", size=1, sha256="",
                    table=table)
    sent = pickle.loads(pickle.dumps(ReleaseTable.of(table)))
    assert sent.measures[0] is not table.measures[0]
    keep_sent_form(output, sent)
    assert form_of(output) is sent and list(sent.cells()) == table.cells
    assert all(a is b for a, b in zip(sent.measures, table.measures, strict=True))
    keep_sent_form(output, pickle.loads(pickle.dumps(ReleaseTable.of(other))))
    kept = form_of(output)
    assert kept is not None and list(kept.cells()) == table.cells
    keep_sent_form(output, None)  # the worker could not make one: the model is read
    assert form_of(output) is None


def test_one_shared_layout_read_by_column_equals_cell_by_cell() -> None:
    """Cells sharing one ``Coords`` layout (a CSV's) are read a name's column at a time; each
    cell with its own equal layout dict is read cell by cell: the two forms are the same in
    every field. A label that is not a string, among shared ones, still gives no form."""
    n, pct = Measure("n", Role.COUNT), Measure("pct", Role.PERCENT)
    rows = [("c", "y"), ("a", "x"), ("c", "x"), ("b", "y"), ("a", "y")]

    def cells(shared: bool, last: tuple[object, ...] = ("a", "y")) -> list[DataCell]:
        at = {"d": 0, "e": 1}
        return [DataCell(pct if k % 2 else n,
                         Coords(at if shared else dict(at), labels),  # type: ignore[arg-type]
                         RawCell(k + 2, 3, f"{k}", float(k), "[c]" if k == 3 else None,
                                 k == 1),
                         frozenset({"e"}) if k == 2 else frozenset(),
                         {"note": k} if k == 4 else None)
                for k, labels in enumerate([*rows[:-1], last])]

    by_column, by_cell = (ReleaseTable.of(_table_of(cells(s), [n, pct])) for s in (True, False))
    assert by_column is not None and by_cell is not None
    for field in dataclasses.fields(ReleaseTable):
        assert getattr(by_column, field.name) == getattr(by_cell, field.name), field.name
    assert by_column.labels == (("c", "a", "b"), ("y", "x")) and len(by_column.layouts) == 1
    _assert_same(_table_of(cells(True), [n, pct]), by_column)
    for shared in (True, False):
        assert ReleaseTable.of(_table_of(cells(shared, ("a", 7)), [n, pct])) is None
    empty = ReleaseTable.of(_table_of([], [n]))
    assert empty is not None and len(empty) == 0 and empty.raw == ""


@pytest.mark.parametrize("seed", range(20))
def test_a_form_made_a_few_cells_at_a_time_is_the_same(seed: int,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """``_of`` makes its columns ``_CHUNK`` cells at a time (bounding its lists on a long
    table): made 1, 2 or 3 cells at a time, every field equals the form made at once (labels
    and markers numbered in first-seen order across the chunks, texts' ends running on), and a
    label that is not a string in a later chunk still gives no form."""
    from sdc import release_form

    rng = random.Random(1000 + seed)
    table = _drawn(rng)
    if rng.random() < 0.5:
        for k, cell in enumerate(rng.sample(table.cells, min(2, len(table.cells)))):
            cell.evidence = {"total": 10.0 + k}
            cell.total_dims = frozenset(table.dimensions[:1])
    whole = ReleaseTable.of(table)
    assert whole is not None
    monkeypatch.setattr(release_form, "_CHUNK", rng.choice([1, 2, 3]))
    chunked = ReleaseTable.of(table)
    assert chunked is not None
    for field in dataclasses.fields(ReleaseTable):
        assert getattr(chunked, field.name) == getattr(whole, field.name), field.name
    _assert_same(table, chunked)
    last = table.cells[-1]
    if type(last.coords) is Coords and len(last.coords):
        table.cells[-1] = replace(last, coords=Coords(last.coords._at, (7,) * len(last.coords)))  # type: ignore[arg-type]
        assert ReleaseTable.of(table) is None
