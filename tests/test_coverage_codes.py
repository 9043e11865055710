"""Coverage over a grid still read as the parser's codes (``coverage._check_codes``) names
exactly the cells the cell-by-cell loop names, for any plain CSV: the old loop over the
same table's rows is the oracle. A cell never made gets the verdict of its (column, code);
a made cell goes the grid's way, by identity (issue 12 ch. 12, issue 14 §3)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, event, given, reject, settings
from hypothesis import strategies as st

from sdc import coverage
from sdc.readers import csv_reader
from sdc.readers.layout import LayoutError, LayoutOptions, infer_table
from sdc.table import Role, Table
from tests.test_csv_columns import MARKERS

ALL_ROLES = set(Role)
ROLE_SETS = [ALL_ROLES, ALL_ROLES - {Role.COUNT}, {Role.MAGNITUDE, Role.STATISTIC}, set()]

# labels that look like numbers, markers, blanks, repeated texts, counts in words, margins,
# years, percentiles; and (RARE) texts some pass reads cell by cell, which turns the grid into
# rows first (n (%) strings, bases, model facts): in a third of the tables only
FIELDS = ["1", "2", "3", "4", "10", "2019", "2020", "0", "1.5", "-3", "[c]", "*", "<5", "-",
          "", " ", "North", "South", "Total", "All", "n", "N", "seven patients", "25%", "50%",
          "a1", "Stage 3", "age 40-49", "count", "mean", "12", "7", "250"]
RARE = ["12 (34.5%)", "3 (1.2)", "(3)", "n=200", "x: 4", "No. Observations:", "Df Residuals:"]


@st.composite
def plain_csvs(draw: st.DrawFn) -> str:
    """Plain CSV texts (one width, no quotes: the codes' way reads them), most with a header
    line of words, some headerless or with a number in the header."""
    width = draw(st.integers(2, 5))
    field = st.one_of(st.sampled_from(FIELDS), st.integers(0, 400).map(str),
                      *([st.sampled_from(RARE)] if draw(st.integers(0, 2)) == 0 else []))
    header = draw(st.sampled_from(["words", "words", "words", "none", "numbers"]))
    lines = []
    if header == "words":
        lines.append(",".join(draw(st.sampled_from(
            ["region", "sex", "age", "n", "count", "mean", "pct", "year", "value",
             "coef", "se"])) for _ in range(width)))
    elif header == "numbers":
        lines.append(",".join(["group", *(draw(st.sampled_from(["1", "2", "2019", "0"]))
                                          for _ in range(width - 1))]))
    for _ in range(draw(st.integers(2, 30))):
        lines.append(",".join(draw(field) for _ in range(width)))
    if all(not line.replace(",", "").strip() for line in lines):
        lines[0] = ",".join(["a"] * width)
    return "\n".join(lines) + "\n"


def _table(text: str) -> Table:
    """A plain CSV text read as the layout reads it (also ``tests.test_row_level_keys``')."""
    out = SimpleNamespace(too_large=None, unreadable=None)
    grid = csv_reader._parse(out, text, csv_reader.sniff_dialect(text), markers=MARKERS,
                             max_rows=10**6, max_columns=10**4)
    assert grid is not None
    try:
        return infer_table(grid, "t.csv", None, LayoutOptions(markers=MARKERS,
                                                               total_labels=[]))
    except LayoutError:
        reject()  # no table in it (a header and no data): nothing to read


def _both_ways(text: str, roles: set[Role], model: bool, header_known: bool
               ) -> tuple[list[str], list[str], bool]:
    """The refs named over the codes and over the rows (the oracle), and whether the codes'
    loop ran."""
    codes = _table(text)
    used = codes.grid.code_rows() is not None
    ran = []
    real = coverage._check_codes

    def spy(*args: object) -> None:
        ran.append(True)
        real(*args)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(coverage, "_check_codes", spy)
        got = coverage.uncovered_cells(codes, roles, model=model, header_known=header_known)
    named = list(got._cells)  # type: ignore[attr-defined]
    rows = list(codes.grid)  # the grid turns into rows: every cell named is its own
    for cell in named:
        assert rows[cell.row - 1][cell.col - 1] is cell
    oracle = _table(text)
    list(oracle.grid)  # rows before the coverage: the cell-by-cell loop
    assert oracle.grid.code_rows() is None
    expected = coverage.uncovered_cells(oracle, roles, model=model, header_known=header_known)
    assert not used or codes.grid.code_rows() is None
    return list(got), list(expected), bool(ran)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_csvs(), st.sampled_from(range(len(ROLE_SETS))), st.booleans(), st.booleans(),
       st.integers(1, 8))
def test_the_codes_name_what_the_rows_name(text: str, roles: int, model: bool,
                                           header_known: bool, chunk: int) -> None:
    # the visits put in file order a few rows at a time (a long table's 4,096): chunks that
    # cut the tables' rows anywhere
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(coverage, "_VISIT_ROWS", chunk)
        got, expected, ran = _both_ways(text, ROLE_SETS[roles], model, header_known)
    event("over the codes" if ran else "over the rows (a pass turned the grid)")
    assert got == expected


@pytest.mark.parametrize("chunk", [1, 3, 4096])
def test_rows_of_other_widths_name_what_the_rows_name(chunk: int) -> None:
    """A ragged CSV (rows of 2 to 5 cells): each column's rows are those that reach it, the
    visits in file order across chunks; the 1.5 under sex on the last line is named, as the
    cell-by-cell loop names it."""
    text = "region,sex,n\nNorth,F,4\nNorth,M\n1.5,F,12\n2019,M,3,9,9\nWest\n-3,x,5\n250,1.5\n"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(coverage, "_VISIT_ROWS", chunk)
        got, expected, ran = _both_ways(text, ALL_ROLES, False, False)
    assert ran
    assert got == expected == ["B8"]


def test_a_judgement_that_makes_every_cell_leaves_the_rest_to_the_rows() -> None:
    """Judging a column's codes (an ``n (%)`` label: a pass reading cells) may make every cell
    of the grid; the columns after it then go the rows' way. They were judged as never made,
    the mean's made cells included: its C cells all named (found by hypothesis; main before
    this named C2..C28 the rows' loop does not)."""
    text = ("region,region,mean\n1,1,1\n1,All,1\n1,1,1\n1,1,1\n1,Total,1\n1,North,1\n1,1,1\n"
            + "1,12 (34.5%),1\n" * 4 + "1,1,1\n" * 6 + "1,12 (34.5%),1\n1,1,1\n1,1,1\n"
            "1,Stage 3,1\n" + "1,12 (34.5%),1\n" * 3 + "1,mean,1\n1,12 (34.5%),1\n1,1,1\n")
    got, expected, ran = _both_ways(text, ROLE_SETS[1], False, False)
    assert ran
    assert got == expected
    assert "B2" in got and not any(ref.startswith("C") for ref in got)


def test_a_code_is_judged_per_column() -> None:
    """``2019`` is a label among regions (a year) and not among groups holding a ``7``: a
    verdict kept per code alone (not per column and code) would give both the first one's.
    None of these cells is made by the layout (rows 20-31 of 40)."""
    regions = ["2019" if k in (20, 30) else ["North", "South"][k % 2] for k in range(40)]
    groups = ["2019" if k in (21, 31) else "7" if k == 25 else "ABC"[k % 3] for k in range(40)]
    lines = ["region,group,n"] + [f"{r},{g},{10 + k}"
                                  for k, (r, g) in enumerate(zip(regions, groups, strict=True))]
    text = "\n".join(lines) + "\n"
    table = _table(text)
    code = table.grid.code_rows()
    assert table.label_columns == [1, 2] and code is not None
    assert not any(code.made(i, col) for i in (21, 22, 26, 31, 32) for col in (1, 2))
    got, expected, ran = _both_ways(text, ALL_ROLES, False, False)
    assert ran
    assert got == expected == ["B23", "B27", "B33"]


def test_a_named_fact_before_a_never_made_number_covers_it_in_a_model() -> None:
    """In a model's table a number after a named fact (``No. Observations:``) is a model
    statistic, over the codes as over the rows. (Every named fact ends in ``:``, which sends
    the printed bases' pass over the rows first: the codes' loop keeps the branch, fail
    closed, for a grid that would reach it.)"""
    labels = ["No. Observations:" if k == 20 else "ABC"[k % 3] for k in range(40)]
    lines = ["group,x,n"] + [f"{lab},{'412' if k == 20 else 'q'},{10 + k}"
                             for k, lab in enumerate(labels)]
    text = "\n".join(lines) + "\n"
    for model in (False, True):
        got, expected, ran = _both_ways(text, ALL_ROLES, model, False)
        assert got == expected
        assert ("B22" in got) is not model, (model, got, ran)


def test_a_long_tables_labels_are_never_made_by_its_coverage() -> None:
    """A long table's coverage reads its labels from the codes: after it, the grid is still
    codes and no label cell of the data lines was made."""
    lines = ["region,sex,age,n"]
    for k in range(500):
        n = "[c]" if k % 7 == 3 else str(10 + k % 50)
        lines.append(f"R{k % 5},{'FM'[k % 2]},{k % 9 + 1},{n}")
    table = _table("\n".join(lines) + "\n")
    code = table.grid.code_rows()
    assert code is not None
    before = [i for i in range(len(code)) if code.made(i, 1) is not None]
    got = coverage.uncovered_cells(table, ALL_ROLES)
    assert list(got) == []
    assert table.grid.code_rows() is code
    assert [i for i in range(len(code)) if code.made(i, 1) is not None] == before
    assert len(before) < 20


def test_a_number_in_a_label_column_nothing_checks_is_named_as_its_cell() -> None:
    """A never-made cell named (``7`` under texts) is made then, once: the grid's own."""
    lines = ["grp,n"] + [f"{'7' if k == 30 else 'G' + str(k % 3)},{10 + k}" for k in range(60)]
    table = _table("\n".join(lines) + "\n")
    code = table.grid.code_rows()
    assert code is not None and code.made(31, 1) is None
    got = coverage.uncovered_cells(table, ALL_ROLES)
    assert list(got) == ["A32"]
    assert got._cells[0] is code.made(31, 1)  # type: ignore[attr-defined]


def test_a_code_grid_is_packed_from_its_codes_with_its_made_cells_pinned() -> None:
    """``Grid.pack`` of a grid still read as codes: no row made; every cell made before (the
    data cells' sources, a changed one) is the same object after unpacking, the others are
    equal to the cells the rows would hold."""
    lines = ["region,sex,age,n"]
    for k in range(400):
        n = "[c]" if k % 7 == 3 else "" if k % 11 == 5 else str(10 + k % 50)
        lines.append(f"R{k % 5},{'FM'[k % 2]},{k % 9 + 1},{n}")
    text = "\n".join(lines) + "\n"
    table = _table(text)
    code = table.grid.code_rows()
    assert code is not None
    coverage.uncovered_cells(table, ALL_ROLES)
    made = {(i, col): code.made(i, col) for i in range(len(code)) for col in (1, 2, 3, 4)
            if code.made(i, col) is not None}
    assert table.grid.pack() and table.grid.packed and table.grid.code_rows() is None
    assert code._rows is None  # type: ignore[attr-defined]  # never turned into rows
    for (i, col), cell in made.items():  # a packed grid's row: its pinned cells
        assert table.grid[i][col - 1] is cell
    table.grid.unpack()
    rows = list(table.grid)
    for (i, col), cell in made.items():
        assert rows[i][col - 1] is cell
    assert all(rows[c.source.row - 1][c.source.col - 1] is c.source for c in table.cells)
    oracle = _table(text)
    assert [[(c.row, c.col, c.raw, c.value, c.marker, c.hidden) for c in row]
            for row in rows] == [[(c.row, c.col, c.raw, c.value, c.marker, c.hidden)
                                  for c in row] for row in oracle.grid]


def test_a_code_grids_few_made_cells_are_pinned_sparsely_and_read_as_a_list_would() -> None:
    """A label column with a dozen made cells among 400 rows keeps them as a dict (not a slot
    per row); every reading of the packed grid (rows, columns, texts, pickling, unpacking)
    gives what the same pins kept as a list give: the pinned cells as themselves, the rest
    equal."""
    import pickle

    from sdc.grid_columns import Columns

    lines = ["region,sex,age,n"]
    for k in range(400):
        n = "[c]" if k % 7 == 3 else str(10 + k % 50)
        lines.append(f"R{k % 5},{'FM'[k % 2]},{k % 9 + 1},{n}")
    table = _table("\n".join(lines) + "\n")
    coverage.uncovered_cells(table, ALL_ROLES)
    assert table.grid.pack()
    sparse: Columns = table.grid._packed  # type: ignore[attr-defined,assignment]
    kinds = {j: type(p) for j, p in sparse.pins.items()}
    assert kinds[0] is dict and len(sparse.pins[0]) < 20  # the labels: a few made cells
    assert kinds[3] is list  # the counts: every cell is a data cell's source
    n_rows = len(sparse)
    dense_pins = {j: ([p.get(i) for i in range(n_rows)] if isinstance(p, dict) else p)
                  for j, p in sparse.pins.items()}
    dense = Columns(sparse.lines, sparse.widths, sparse.codes, sparse.meanings, dense_pins,
                    sparse.plain, sparse.regular)

    def fields(rows: list[list]) -> list[list[tuple]]:
        return [[(c.row, c.col, c.raw, c.value, c.marker, c.hidden) for c in row]
                for row in rows]

    for i in range(n_rows):
        assert all(a is b or (a.raw, a.value) == (b.raw, b.value)
                   for a, b in zip(sparse.row(i), dense.row(i), strict=True))
    for j, p in sparse.pins.items():
        for i, cell in (p.items() if isinstance(p, dict) else enumerate(p)):
            if cell is not None:
                assert sparse.row(i)[j] is cell
                assert sparse.all_rows()[i][j] is cell
                assert sparse.column(j + 1)[i] is cell
    assert fields(sparse.all_rows()) == fields(dense.all_rows())
    for col in range(1, 5):
        assert fields([sparse.column(col)]) == fields([dense.column(col)])
        assert sparse.texts(col) == dense.texts(col)
        assert sparse.position_texts(col - 1) == dense.position_texts(col - 1)
    assert sparse.distinct_texts() == dense.distinct_texts()
    again = pickle.loads(pickle.dumps(table.grid))
    assert fields(list(again)) == fields(dense.all_rows())
