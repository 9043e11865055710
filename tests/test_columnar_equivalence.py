"""Large-table speed-ups read exactly what the plain code read (issue 12 channel 12, issue 14
§3): each faster piece is held, on random tables, to the straightforward version it replaced."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sdc import coverage
from sdc.cell_roles import role_named_by_label, statistic_dimensions
from sdc.derived_counts import (
    N_LINE,
    _base_label,
    _dimensions_with_a_base,
    _lines_along_dim,
    _parts_of_base,
    _shares_of_a_base_line,
    implied_counts,
    parse_n_percent,
)
from sdc.linking import (
    LabelCodes,
    TableSystem,
    audited_as_count,
    build_table_system,
    table_systems,
)
from sdc.readers import read_output
from sdc.readers.code_systems import code_of, codes_understood, described_codes, fixed_name
from sdc.readers.layout import pandas_series_header
from sdc.readers.numbered_names import (
    mixed_names,
    name_then_number,
    number_first,
    ordinal_name,
    roman_numbered,
    same_series,
    spelt_number,
)
from sdc.readers.roles import has_number
from sdc.rules.content import _birth_date_columns, _counts_on_rows, _distinct_texts
from sdc.table import DataCell, RawCell, Role, Table
from tests.test_coverage import HEADER_WORDS, LABEL_WORDS, POLICY, TITLES

CELL_TEXT = ["3", "12", "45", "100", "0", "[c]", "", "2019", "1", "2", "12 (45.1%)", "50.0",
             "n=40", "Total", "Base", "n", "North", "4.5", "-2", "x"]


@st.composite
def small_tables(draw: st.DrawFn) -> str:
    """Random small CSV tables: labels, counts, markers, shares, bases, titles and notes."""
    n_labels = draw(st.integers(0, 3))
    n_measures = draw(st.integers(1, 4))
    header = [draw(st.sampled_from(HEADER_WORDS)) for _ in range(n_labels + n_measures)]
    rows = [header]
    for _ in range(draw(st.integers(1, 8))):
        labels = [draw(st.sampled_from([*LABEL_WORDS, "Total", "n", "1", "2", "Stage 3",
                                        "West 3", "Key Stage 4", "North West 4", "West-4",
                                        "West three", "3 West", "Site 1", "Site 2",
                                        "10 Food products", "11 Beverages", "W3", "west3",
                                        "West III", "Third West", "3 North West", "E60",
                                        "E11", "N7", "Q3", "R2", "HIV-1", "ABC-3",
                                        "E06000001", "Median", "W3 London",
                                        "E11 Type 2 diabetes", "60 North East"]))
                  for _ in range(n_labels)]
        rows.append(labels + [draw(st.sampled_from(CELL_TEXT)) for _ in range(n_measures)])
    if draw(st.booleans()):
        rows = [list(col) for col in zip(*rows, strict=True)]
    width = len(rows[0])
    for title in draw(st.lists(st.sampled_from(TITLES), max_size=2)):
        rows.insert(0, [title] + [""] * (width - 1))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _table(text: str) -> Table | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(text, encoding="utf-8")
        outputs = read_output(path, "t.csv", POLICY)
    return outputs[0].table if outputs else None


def _uncovered_plain(table: Table, roles: set[Role]) -> list[str]:
    """The former loop of ``coverage.uncovered_cells`` (``model=False``): every cell through
    ``_understood``, nothing remembered between cells."""
    if not table.cells and not table.header_rows and not table.data_rows:
        return [cell.ref for cell in coverage._uncovered_words(table)]
    sources = {id(c.source): c for c in table.cells}
    named = {id(c) for c in table.unparsed[:coverage.NAMED_UNPARSED]}
    header_rows, data_rows = set(table.header_rows), set(table.data_rows)
    label_cols = set(table.label_columns)
    label_ok = coverage._numeric_label_columns(table, label_cols, data_rows)
    header_ok = coverage._numeric_header_rows(table, header_rows, label_cols)
    series_name = coverage._pandas_series_name(table, header_rows)
    n_percent = {id(found.cell) for found in implied_counts(table)
                 if isinstance(found.cell, RawCell) and (parse_n_percent(found.cell.raw, True)
                                                         or found.public == N_LINE)
                 } if Role.COUNT in roles else set()
    missing = []
    for row in table.grid:
        for cell in row:
            if not (has_number(cell.raw) or spelt_number(cell.raw)) or coverage._understood(
                    table, cell, sources, named, roles, data_rows, label_cols, header_rows,
                    label_ok, header_ok,
                    lambda header, cell=cell: _in_a_series_plain(table, cell, header,
                                                                 data_rows)):
                continue
            if cell is series_name or id(cell) in n_percent:
                continue
            missing.append(cell.ref)
    return missing


def _in_a_series_plain(table: Table, cell: RawCell, header: bool, data_rows: set[int]
                       ) -> bool:
    """``coverage._in_a_series`` read off the whole grid for each cell: the numbers of the
    labels of the header row (or of the label column's data rows) of the same name, its own
    among them, are a run (``ordinal_run``)."""
    label_cols = set(table.label_columns)
    others = [c for row in table.grid for c in row
              if (c.row == cell.row if header else c.col == cell.col and c.row in data_rows)]
    members = [c for c in others if not (header and c.col in label_cols)]
    mixed = mixed_names(c.raw for c in members)  # a plain name beside: codes' shapes are names
    found = name_then_number(cell.raw, mixed, not header)
    if found is None:  # a code: understood in a column of one real code system's codes
        code = code_of(cell.raw)
        return code is None or fixed_name(code) or codes_understood(
            [c.raw for c in members], mixed)
    if number_first(cell.raw) and not mixed and described_codes(c.raw for c in members):
        return True
    if roman_numbered(cell.raw) and ordinal_name(found[0]):
        return True
    return coverage.ordinal_run({f[1] for c in others
                                 if (f := name_then_number(c.raw, mixed, not header))
                                 and same_series(found[0], f[0])} | {found[1]},
                                name=found[0])


ROLE_SETS = [set(Role), {Role.COUNT}, {Role.MAGNITUDE, Role.STATISTIC}, set()]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_tables(), st.sampled_from(range(len(ROLE_SETS))))
@example("n,n,n,n\nn,3,3,3\n3,3,,3\n3,3,12 (45.1%),3\n3,3,12 (45.1%),3\n", 0)  # an n line
@example("n,n,n,n,n\nStage 2,3,3,3,3\nKey Stage 4,3,3,3,3\n", 0)  # 2 and 4: no run
# 'North' met first over a label column (C) and again over a count (D): still a plain name
# beside '10 Food products', which is then no code (was a pass of the fast path only)
@example("n,10 Food products,North,North,North\nn,3,12 (45.1%),3,3\n", 0)
def test_uncovered_cells_match_the_plain_loop(text: str, which: int) -> None:
    table = _table(text)
    if table is None:
        return
    roles = ROLE_SETS[which]
    assert coverage.uncovered_cells(table, roles) == _uncovered_plain(table, roles)


def _parts_plain(line, dim):
    """The former first step of ``_parts_of_base``: the parts, or None when it gives up."""
    parts = [c for c in line if dim not in c.total_dims and not _base_label(c.coords[dim])]
    if len(parts) < 2 or any(c.value is None or c.value < 0 for c in parts):
        return None
    return parts


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_tables())
def test_parts_of_base_match_the_plain_filter(text: str) -> None:
    table = _table(text)
    if table is None:
        return
    for dim in table.dimensions:
        for role in {c.measure.role for c in table.cells}:
            for _dim, members, total in table.lines(role, min_members=1):
                if _dim != dim:
                    continue
                line = [*members, *([total] if total is not None else [])]
                found = _parts_of_base(line, dim)
                if _parts_plain(line, dim) is None:
                    assert found == []
                else:  # the parts it reports are the plain filter's, in order (or none fit)
                    parts = _parts_plain(line, dim)
                    assert [f.cell for f in found] in ([], parts)


LABELS = st.sampled_from(["a", "b", "c", "north", "2019", "", "total", "x y"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(LABELS, max_size=5), min_size=1, max_size=12), LABELS)
def test_link_keys_are_equal_exactly_when_the_label_sets_are(
        sets: list[list[str]], dropped: str) -> None:
    codes = LabelCodes()
    keys = [codes.key(labels) for labels in sets]
    for a, ka in zip(sets, keys, strict=True):
        for b, kb in zip(sets, keys, strict=True):
            assert (ka == kb) == (frozenset(a) == frozenset(b))
            # a label less: the key of the smaller set, or the same key when it was not there
            assert (codes.without(ka, dropped) == kb) == (frozenset(a) - {dropped}
                                                          == frozenset(b))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 8).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.lists(st.integers(0, n - 1), min_size=1, max_size=6), max_size=8))))
def test_system_matrix_matches_the_linear_system(drawn: tuple[int, list[list[int]]]) -> None:
    """Equations straight to CSR, against ``LinearSystem.add_sum`` then ``matrix()``:
    repeated members, a total among its own members (a zero coefficient, dropped)."""
    n, equations = drawn
    ts = TableSystem(output=None, measure=None, cells=[], lower=[0.0] * n,  # type: ignore[arg-type]
                     upper=[float("inf")] * n, equation_cells=equations)
    a, rhs = ts.matrix()
    b, rhs_b = ts.system.matrix()
    assert a.shape == b.shape
    assert (a.indptr.tolist(), a.indices.tolist(), a.data.tolist()) == (
        b.indptr.tolist(), b.indices.tolist(), b.data.tolist())
    assert rhs.tolist() == rhs_b.tolist()


def test_a_rerun_is_reported_at_its_grand_total(tmp_path: Path) -> None:
    """Two runs of one crosstab a few units apart in every cell: the re-run is reported at the
    grand total (the cell with no labels: ``()``, the empty labels key), not at the first
    changed inner cell. (Runs that agree on most cells are a ``fail`` at each cell apart:
    tests/test_same_counts_apart.py.)"""
    import sdc

    (tmp_path / "a.csv").write_text("region,Female,Male,Total\nNorth,20,30,50\n"
                                    "South,40,25,65\nTotal,60,55,115\n")
    (tmp_path / "b.csv").write_text("region,Female,Male,Total\nNorth,21,31,52\n"
                                    "South,41,27,68\nTotal,62,58,120\n")
    found = [(f.location.path, f.location.cell) for f in sdc.check(tmp_path, POLICY).findings
             if f.message.startswith("the same table as")]
    assert found == [("b.csv", "D4")]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_tables())
# a magnitude read as counts too (``12 (45.1%)`` beside whole numbers), found in CI
@example(text="condition,x,12 (45.1%),[c]\nn,3,3,3\nn,3,3,[c]\nn,3,3,-2\n")
def test_systems_of_a_release_without_hidden_cells_keep_every_check(text: str) -> None:
    """With no suppressed cell in the release the systems skip link keys and virtual totals
    (nothing to solve or link), and keep every published line and inconsistent total
    (SDC402); with one, they are the full systems, but for the release's only count table
    whose only equations are free line totals (``_free_virtual_totals``): it has none, and no
    keys (``tests/test_free_virtual_totals.py`` shows the audit finds the same)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(text, encoding="utf-8")
        outputs = read_output(path, "t.csv", POLICY)
    light = table_systems(outputs, None)
    hidden = any(c.value is None and c.suppressed for o in outputs if o.table is not None
                 for c in o.table.cells)
    codes = LabelCodes()  # one for every system, as table_systems codes the release's labels
    # a magnitude is assumed to be a sum only when a cell is hidden, as table_systems does (an
    # assumed sum has no fully published line, so it holds no SDC402 check of its own)
    full = [ts for o in outputs if o.table is not None for m in o.table.measures
            if (ts := build_table_system(o, m, None, infer_totals=True, virtual_totals=True,
                                         assume_sums=hidden, codes=codes)) is not None]
    assert [(ts.measure, ts.cells, ts.inconsistent, ts.suppressed) for ts in light] == [
        (ts.measure, ts.cells, ts.inconsistent, ts.suppressed) for ts in full]
    if hidden:
        bare = [not ts.keys and not ts.equation_cells and bool(f.keys)
                for ts, f in zip(light, full, strict=True)]
        assert [(ts.keys, ts.equation_cells, ts.lower) for ts, b in zip(light, bare,
                                                                      strict=True) if not b] == [
            (ts.keys, ts.equation_cells, ts.lower) for ts, b in zip(full, bare, strict=True)
            if not b]
        for ts, f, b in zip(light, full, bare, strict=True):
            if b:  # only free line totals, on the release's only measure audited as counts
                # (a count, or whole numbers read as counts as well as amounts: e079603)
                assert sum(audited_as_count(o.table, m) for o in outputs if o.table is not None
                           for m in o.table.measures) == 1
                assert all(eq[-1] >= len(f.cells) for eq in f.equation_cells)
                assert ts.lower == f.lower[:len(ts.cells)]
    else:
        assert all(not ts.suppressed and ts.keys == [] for ts in light)
        assert [ts.equation_cells for ts in light] == [
            [eq for eq in ts.equation_cells if eq[-1] < len(ts.cells)] for ts in full]


def _shares_plain(table: Table) -> tuple[list, dict[int, float | None]]:
    """The former ``_shares_of_a_base_line``: every line along every dimension through
    ``_parts_of_base`` (no screen), with the percentage bases it recorded."""
    found, known = [], {}
    for dim in table.dimensions:
        for line in _lines_along_dim(table.cells, dim).values():
            parts = _parts_of_base(line, dim)
            for part in parts:
                if isinstance(part.cell, DataCell) and part.cell.measure.role is Role.PERCENT:
                    known.setdefault(id(part.cell), part.base)
            if parts:
                for cell in line:
                    if dim in cell.total_dims and cell.measure.role is Role.PERCENT:
                        known.setdefault(id(cell), parts[0].base)
            found.extend(parts)
    return found, known


STAT_LABELS = ["mean", "median", "max", "min", "sd", "count", "North", "Q2", "Total", "n",
               "Base", "1", "2"]


@st.composite
def long_tables(draw: st.DrawFn) -> str:
    """Long tables whose label columns may hold statistics' names, bases and totals."""
    width = draw(st.integers(1, 3))
    rows = [[f"d{k}" for k in range(width)] + ["value"]]
    for _ in range(draw(st.integers(1, 10))):
        rows.append([draw(st.sampled_from(STAT_LABELS)) for _ in range(width)]
                    + [draw(st.sampled_from(CELL_TEXT))])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@st.composite
def share_tables(draw: st.DrawFn) -> str:
    """Column shares that add up to 100 (or not) over a line of bases labelled ``n``, a
    total, or an ordinary label (``group,Female,Male`` / ``Smokers,20,10`` / ``n,200,30``)."""
    n_cols = draw(st.integers(1, 3))
    n_parts = draw(st.integers(1, 4))
    columns = []
    for _ in range(n_cols):
        parts = [draw(st.integers(0, 100)) for _ in range(n_parts - 1)]
        columns.append([*parts, max(0, 100 - sum(parts)) + draw(st.sampled_from([0, 0, 1, 7]))])
    rows = [["group", *[draw(st.sampled_from(["Female", "Male", "pct", "n"]))
                        for _ in range(n_cols)]]]
    rows += [[f"g{i}", *[str(col[i]) for col in columns]] for i in range(n_parts)]
    for label in draw(st.lists(st.sampled_from(["n", "Base", "Total", "All", "North",
                                                "Total (n=80)"]), max_size=2)):
        rows.append([label, *[draw(st.sampled_from(["30", "200", "[c]", "100", "4"]))
                              for _ in range(n_cols)]])
    if draw(st.booleans()):
        rows = [list(col) for col in zip(*rows, strict=True)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(small_tables(), long_tables(), share_tables()))
def test_shares_of_a_base_line_match_every_line(text: str) -> None:
    """The screen (dimensions with a margin or a base label only) finds the same parts, in
    the same order, with the same percentage bases, as every line of every dimension."""
    table = _table(text)
    if table is None:
        return
    table.__dict__.pop("_sdc_percent_bases", None)
    screened = _shares_of_a_base_line(table)
    plain, known = _shares_plain(table)
    assert [(id(f.cell), f.count, f.base, f.how) for f in screened] == [
        (id(f.cell), f.count, f.base, f.how) for f in plain]
    assert table.__dict__.get("_sdc_percent_bases", {}) == known
    assert set(_dimensions_with_a_base(table)) <= set(table.dimensions)
    assert _dimensions_with_a_base(table) == _dimensions_with_a_base_plain(table)


def _dimensions_with_a_base_plain(table: Table) -> list[str]:
    """``_dimensions_with_a_base`` cell by cell: each cell's margins and labels read."""
    margins = {dim for c in table.cells for dim in c.total_dims}
    return [dim for dim in table.dimensions if dim in margins or any(
        _base_label(c.coords[dim]) for c in table.cells if dim in c.coords)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(small_tables(), long_tables()))
def test_statistic_dimensions_match_the_cell_by_cell_loop(text: str) -> None:
    table = _table(text)
    if table is None:
        return
    labels: dict[str, set[str]] = {d: set() for d in table.dimensions}
    for cell in table.cells:  # the former loop: every cell's every label
        for dim, label in cell.coords.items():
            if dim not in cell.total_dims and label.strip() and dim in labels:
                labels[dim].add(label)
    plain = frozenset(dim for dim, seen in labels.items()
                      if seen and all(role_named_by_label(label) is not None for label in seen))
    table.__dict__.pop("_sdc_statistic_dims", None)
    assert statistic_dimensions(table) == plain


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_tables(), st.sampled_from(["0", "1", "x", ""]))
def test_pandas_series_name_matches_the_full_test(text: str, last: str) -> None:
    """The early exit (no single ``0`` on the header line) gives what the full test gives,
    also on ``groupby().size()``-shaped headers whose last name is a 0."""
    lines = text.splitlines()
    head = lines[0].split(",")
    text = "\n".join([",".join([*head[:-1], last]), *lines[1:]]) + "\n"
    table = _table(text)
    if table is None:
        return
    header_rows = set(table.header_rows)
    found = coverage._pandas_series_name(table, header_rows)
    expected = None
    if len(header_rows) == 1:
        (row,) = header_rows
        line = next((r for r in table.grid if r and r[0].row == row), None)
        if line is not None:
            data_rows = set(table.data_rows)
            rest = [{c.col: c for c in r} for r in table.grid if r and r[0].row in data_rows]
            cols = sorted({c.col for r in table.grid for c in r if c.kind != "empty"})
            first = {c.col: c for c in line if c.kind != "empty"}
            # the coverage check asks for a confirmed header (``baseline,0`` over years)
            if cols and pandas_series_header(first, rest, cols, confirmed=True):
                expected = next(c for c in first.values() if c.kind == "num")
    assert found is expected


DATES = st.one_of(st.dates(date(1930, 1, 1), date(2020, 12, 31)).map(str),
                  st.sampled_from(["North", "2019", "", "1", "[c]", "01/02/1990", "n"]))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(DATES, DATES, st.integers(0, 60)), min_size=1, max_size=40))
def test_birth_date_columns_match_without_the_screen(rows: list[tuple[str, str, int]]
                                                     ) -> None:
    """The screen (four in five cells must be dates) keeps every column both readings find."""
    from sdc.identifiers import look_like_birth_dates, look_like_person_dates

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([("born", "seen", "n"), *rows])
    table = _table(out.getvalue())
    if table is None:
        return
    header_rows, data_rows = set(table.header_rows), set(table.data_rows)
    by_col: dict[int, list[RawCell]] = {}
    for row in table.grid:
        for cell in row:
            if cell.row in data_rows and cell.kind == "text":
                by_col.setdefault(cell.col, []).append(cell)
    plain: dict[int, str] = {}
    for col, cells in by_col.items():
        texts = [c.raw for c in cells]
        if look_like_birth_dates(texts):
            plain[col] = "date of birth"
        elif look_like_person_dates(texts, _counts_on_rows(table, [c.row for c in cells])):
            plain[col] = "a day-precision date of an individual (date of birth or of an event)"
    assert _birth_date_columns(table, header_rows) == plain
    # with the table's distinct texts (SDC604's screen: no date among them, no column)
    assert _birth_date_columns(table, header_rows, _distinct_texts(table)) == plain


def _identifier_cells_plain(table: Table, header_rows: set[int], flagged: set[tuple[int, int]],
                            birth_cols: set[int], pattern_kinds: dict[int, str]
                            ) -> list[tuple[str, str]]:
    """SDC604's former cell loop: empty and flagged cells skipped first, then each cell's
    kind."""
    from sdc.identifiers import looks_like_date, value_identifier_kind

    found = []
    for row in table.grid:
        for cell in row:
            if cell.kind == "empty" or (cell.row, cell.col) in flagged:
                continue
            kind = value_identifier_kind(cell.raw)
            if (kind is None and cell.row not in header_rows and looks_like_date(cell.raw)
                    and (cell.col in birth_cols or cell.col in pattern_kinds)):
                kind = "date of birth" if cell.col in birth_cols else pattern_kinds[cell.col]
            if kind is not None:
                found.append((cell.ref, kind))
    return found


IDENTIFIER_TEXT = ["943 476 5919", "9434765919", "a@b.org", "SW1A 1AA", "1990-03-04",
                   "04/03/1990", "North", "", " ", "12", "[c]", "dob 1990-03-04", "2019"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(IDENTIFIER_TEXT), min_size=3, max_size=3),
                min_size=1, max_size=30),
       st.sampled_from(["dob", "nhs_number", "region", "date", "dob 1990-03-04"]))
def test_identifier_cells_match_the_former_loop(rows: list[list[str]], head: str) -> None:
    """SDC604 reports the same cells, with the same kinds, in the same order (its loop now
    asks for a cell's kind first and skips empty and flagged cells only when it has one)."""
    from sdc.context import CheckContext
    from sdc.identifiers import identifier_column_kind, is_birth_column
    from sdc.rules import REGISTRY

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[head, "seen", "n"], *rows])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        outputs = read_output(path, "t.csv", POLICY)
    rule = REGISTRY["SDC604"](POLICY.params(REGISTRY["SDC604"]))
    found = [(f.location.cell, f.message) for f in rule.check(outputs[0], CheckContext(
        policy=POLICY)) if f.message.startswith("value looks like")]
    table = outputs[0].table
    if table is None:
        return
    header_rows = set(table.header_rows)
    birth_cols = {col for col, h in table.column_headers.items()
                  if identifier_column_kind(h) is not None and is_birth_column(h)}
    flagged: set[tuple[int, int]] = set()
    for col, header in table.column_headers.items():  # each such column's first header cell
        heads = [(c.row, c.col) for row in table.grid for c in row
                 if c.row in header_rows and c.col == col and c.kind != "empty"]
        if identifier_column_kind(header) is not None and heads:
            flagged.add(heads[0])
    plain = _identifier_cells_plain(table, header_rows, flagged, birth_cols,
                                    _birth_date_columns(table, header_rows))
    assert found == [(ref, f"value looks like an identifier: {kind}")
                     for ref, kind in plain][:50]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(small_tables(), long_tables(), share_tables()),
       st.sampled_from([None, Role.COUNT, Role.MAGNITUDE]))
def test_counted_cells_match_counted_role(text: str, read_as: Role | None) -> None:
    """``counted_cells`` keeps exactly the cells ``counted_role`` reads as counts, in order,
    also when a sidecar relabelled a column (``read_as``) and when labels name statistics."""
    from sdc.cell_roles import counted_cells, counted_role

    table = _table(text)
    if table is None:
        return
    for measure in table.measures[:1]:
        if read_as is not None and measure.role is not read_as:
            measure.read_as, measure.role = read_as, Role.MAGNITUDE
    for role in {m.role for m in table.measures}:
        for _dim, members, _total in table.lines(role, min_members=1):
            assert [id(m) for m in counted_cells(table, members)] == [
                id(m) for m in members if counted_role(table, m) is Role.COUNT]
    assert [id(c) for c in counted_cells(table, table.cells)] == [
        id(c) for c in table.cells if counted_role(table, c) is Role.COUNT]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(small_tables(), long_tables(), share_tables()))
def test_numeric_columns_found_with_the_header_are_the_data_rows(text: str) -> None:
    """The numeric columns ``_find_header`` works out are reused for the columns' reading only
    when they are the data rows': the same columns as working them out again."""
    from dataclasses import replace

    from sdc.readers import layout
    from sdc.readers.csv_reader import _CellParser
    from sdc.readers.values import MarkerSet

    parser = _CellParser(MarkerSet(["[c]"]), decimal_comma=False)
    grid = [[RawCell(r, j, *parser.meaning(raw)) for j, raw in enumerate(record, 1)]
            for r, record in enumerate(csv.reader(io.StringIO(text)), 1)]
    try:
        _title, _notes, rows, cols = layout._content(grid)
        head = layout._find_header(rows, cols)
    except layout.LayoutError:
        return
    data_by_col = head.by_col[len(head.header_idx):]
    assert layout._columns(head, cols, data_by_col) == layout._columns(
        replace(head, numeric_below_first=None), cols, data_by_col)


def _key_columns_plain(data_by_col, numeric_sorted, text_labels, header_text, own=None):
    """The former ``_numeric_key_columns``: each row's label tuple built anew for each
    candidate column (``own``: the table's own margin name, round 53)."""
    from sdc.readers import layout
    from sdc.readers.roles import numeric_labels_understood

    keys, chosen = list(text_labels), []
    if not text_labels and numeric_sorted and layout._confirmed_code_column(
            data_by_col, numeric_sorted, header_text, own):
        return [numeric_sorted[0]]
    if not text_labels and layout._bin_edges(data_by_col, numeric_sorted):
        return numeric_sorted[:2]  # a histogram's edges, proven by their numbers (849a57f)
    for k, col in enumerate(numeric_sorted):
        values = layout._filled_values(data_by_col, col)
        if k == 0 and text_labels and layout._row_names(col, values, header_text, text_labels):
            keys.append(col)
            chosen.append(col)
            continue
        if k == len(numeric_sorted) - 1 or values is None or not numeric_labels_understood(
                values):
            break
        before = [tuple(r[c].raw.strip() if c in r else "" for c in keys) for r in data_by_col]
        if keys and len(set(before)) == len(values):
            break
        if len(set(zip(before, values, strict=True))) == len(values):
            ok = layout._crosses(before, values) if keys else layout._regular_index(values)
        else:
            ok = layout._in_blocks(before, values)
        if not ok:
            break
        keys.append(col)
        chosen.append(col)
    final = [tuple(layout._label_key(r, c) for c in keys) for r in data_by_col]
    return [] if chosen and len(set(final)) != len(final) else chosen


KEY_TEXT = st.sampled_from(["1", "2", "3", "2019", "2020", "", "a", " a", "b", "0", "12"])


@settings(max_examples=250, deadline=None)
@given(st.lists(st.lists(KEY_TEXT, min_size=4, max_size=4), min_size=1, max_size=10),
       st.integers(0, 2))
def test_numeric_key_columns_match_rebuilding_the_label_rows(rows: list[list[str]],
                                                             n_text: int) -> None:
    """Reading each column's labels once finds the key columns that rebuilding every row's
    labels for each candidate found (blank, padded and repeated labels; no text label)."""
    from sdc.readers import layout
    from sdc.readers.csv_reader import _CellParser
    from sdc.readers.values import MarkerSet

    parser = _CellParser(MarkerSet(["[c]"]), decimal_comma=False)
    data_by_col = [{j: RawCell(r, j, *parser.meaning(raw)) for j, raw in enumerate(row, 1)
                    if raw or j % 2} for r, row in enumerate(rows, 2)]
    text_labels = list(range(1, n_text + 1))
    numeric = list(range(n_text + 1, 5))
    for header in ({}, {1: "", 2: "year"}):
        assert layout._numeric_key_columns(data_by_col, numeric, text_labels, header) == \
            _key_columns_plain(data_by_col, numeric, text_labels, header)
