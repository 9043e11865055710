"""The per-output and release passes after reading, made to cost what their work needs on a
large table (issue 14 §3, issue 12 channel 12), answer what the plain passes answered. Each
shortcut is held, on random tables, to the plain code it stands for (copied below as it was),
run in the same process."""

from __future__ import annotations

import csv
import io
import itertools
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc import derived_counts, hierarchy, linking, release_form
from sdc.derived_counts import ImpliedCount, _fmt
from sdc.outputs import Output
from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.release_form import TableCells
from sdc.rules import differencing
from sdc.rules.differencing import Cutting
from sdc.table import DataCell, Measure, RawCell, Role, Table
from tests.test_columnar_equivalence import _table
from tests.test_hierarchy_equivalence import nested_tables
from tests.test_line_shortcuts import TEXTS

POLICY = build_policy({})

# --- the plain code each shortcut replaced ---------------------------------------------------


def _unpublished_remainders_plain(table: Table) -> list[ImpliedCount]:
    """``derived_counts._unpublished_remainders`` as it was: every line of two members or
    more listed, those without a total skipped one by one."""
    found: list[ImpliedCount] = []
    seen: set[int] = set()
    lines = list(table.lines(Role.COUNT, min_members=2))
    for _dim, members, total in lines:
        if total is None or total.value is None or id(total) in seen:
            continue
        if any(m.value is None or m.suppressed for m in members):
            continue
        rest = total.value - sum(m.value for m in members)  # type: ignore[misc]
        if rest <= 1e-9:
            continue
        seen.add(id(total))
        found.append(ImpliedCount(
            cell=total, count=float(round(rest)), base=None, share=None, split=False,
            how=f"the total {_fmt(total.value)} is {_fmt(round(rest))} more than its "
                f"published parts ({_fmt(total.value - rest)}): a category not shown",
            public="a total above the sum of its published parts"))
    if found and all(c.value % 5 == 0 for _, members, total in lines
                     for c in (*members, total) if c is not None and c.value is not None):
        return []
    return found


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_unpublished_remainders_read_from_the_lines_with_a_total(text: str) -> None:
    table = _table(text)
    if table is None:
        return
    assert derived_counts._unpublished_remainders(table) == \
        _unpublished_remainders_plain(table)


def test_a_total_above_its_parts_is_found_through_the_kept_totals() -> None:
    """A case the random tables must not miss by chance: a line with a total above its
    published parts, beside lines without a total."""
    table = _table("region,sex,n\nNorth,F,12\nNorth,M,15\nNorth,Total,30\n"
                   "South,F,11\nSouth,M,14\n")
    assert table is not None
    found = derived_counts._unpublished_remainders(table)
    assert [(f.cell.source.ref, f.count) for f in found] == [("C4", 3.0)]
    assert found == _unpublished_remainders_plain(table)


def _output_cuttings_plain(output: Output) -> list[Cutting]:
    """``differencing.output_cuttings`` as it was: each dimension's cells listed before its
    labels, a generator per cell into its context's frozenset."""
    from collections import defaultdict

    from sdc.linking import population_key

    found: list[Cutting] = []
    table = output.table
    if table is None:
        return found
    pop = population_key(output)
    place = {id(c): i for i, c in enumerate(table.cells)}
    counted = [c for c in table.cells if Role.COUNT in (c.measure.role, c.measure.read_as)]
    for dim in table.dimensions:
        counts = [c for c in counted if dim in c.coords and dim not in c.total_dims]
        labels = tuple(sorted({c.coords[dim] for c in counts}))
        parsed = differencing._parse_bands(labels)
        by_label = {b.label: b for b in parsed if b is not None}
        if not by_label:
            continue
        contexts: dict = defaultdict(dict)
        groups_of: dict = {}
        for cell in counts:
            if cell.coords[dim].strip() not in by_label:
                continue
            others = frozenset(label for d, label in cell.coords.items()
                               if d != dim and d not in cell.total_dims and label)
            contexts[others][cell.coords[dim]] = place[id(cell)]
        for others, cells in contexts.items():
            bands = [by_label[label.strip()] for label in cells]
            context = (pop, tuple(sorted(others)))
            shape = tuple(cells)
            groups = groups_of.get(shape)
            if groups is None:
                groups = groups_of[shape] = differencing._disjoint_groups(bands)
            for group in groups:
                found.append(Cutting.of_cells(output, dim, context,
                                              {b.label: differencing.cells_by_band(cells, b)
                                               for b in group}, list(group),
                                              TableCells(output)))
    return found


AGES = ["<20", "20-39", "18-24", "25-64", " 18-64", "18-65", "65+", "40+", "Unknown", "Total",
        "All", "0-17", "18-24 "]
OTHER = ["North", "South", "", "Total", "18-24", "x"]


@st.composite
def banded_tables(draw: st.DrawFn) -> str:
    """Long count tables with a banded age beside one or two other label columns (a label
    that is a band too, an empty one, a margin), a count and sometimes a second count."""
    width = draw(st.integers(1, 2))
    ages = draw(st.lists(st.sampled_from(AGES), min_size=1, max_size=6, unique=True))
    others = [draw(st.lists(st.sampled_from(OTHER), min_size=1, max_size=3, unique=True))
              for _ in range(width)]
    two = draw(st.booleans())
    rows = [["age", *[f"g{k}" for k in range(width)], "n", *(["deaths"] if two else [])]]
    for combo in itertools.product(ages, *others):
        if draw(st.integers(0, 9)) == 0:
            continue
        values = [draw(st.sampled_from(["0", "3", "12", "40", "[c]", ""]))
                  for _ in range(2 if two else 1)]
        rows.append([*combo, *values])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _output(text: str) -> Output | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(text, encoding="utf-8")
        outputs = read_output(path, "t.csv", POLICY)
    return outputs[0] if outputs else None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(banded_tables(), TEXTS))
def test_output_cuttings_are_those_of_the_cell_by_cell_pass(text: str) -> None:
    output = _output(text)
    if output is None or output.table is None:
        return
    assert differencing.output_cuttings(output) == _output_cuttings_plain(output)


def test_cuttings_of_a_banded_table() -> None:
    """The bands of one context, the band that overlaps another in a cutting of its own, a
    label that is no band left out."""
    output = _output("age,region,n\n<20,North,5\n18-24 ,North,7\n20-39,North,12\n"
                     "Unknown,North,3\n<20,South,4\n20-39,South,9\n")
    assert output is not None
    cuts = differencing.output_cuttings(output)
    assert [(c.context[1], sorted(c.cells), [b.label for b in c.bands]) for c in cuts] == [
        (("North",), ["20-39", "<20"], ["<20", "20-39"]),
        (("North",), ["18-24"], ["18-24"]),
        (("South",), ["20-39", "<20"], ["<20", "20-39"])]
    assert cuts == _output_cuttings_plain(output)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(nested_tables(), banded_tables(), TEXTS))
def test_hierarchy_screened_by_column_as_by_a_dict_of_every_row(text: str) -> None:
    """``hierarchy_totals`` with a regular grid's label columns screened from their texts
    (``SCREEN_BY_COLUMN``) finds the pairs it finds from a dict of every row."""
    table = _table(text)
    if table is None:
        return
    for measure in table.measures:
        cells = [c for c in table.cells if c.measure is measure]
        found = hierarchy.hierarchy_totals(table, cells, _no_slack)
        try:
            hierarchy.SCREEN_BY_COLUMN = False
            plain = hierarchy.hierarchy_totals(table, cells, _no_slack)
        finally:
            hierarchy.SCREEN_BY_COLUMN = True
        assert found == plain


def test_hierarchy_grid_lines_a_byte_a_line_or_a_set() -> None:
    """``_grid_lines`` marks each row's line in a byte array (a set when the numbers are far
    apart), refuses rows that share a line, and ``_all_on`` asks whether every cell's source
    is on a marked line, as ``rows <= set(lines)`` did."""
    from sdc.table import Grid

    def table(lines: list[int]) -> Table:
        grid = Grid([[RawCell(line, 1, "a"), RawCell(line, 2, "1")] for line in lines])
        return Table(path="t.csv", sheet=None, dimensions=["d"], row_dimensions=["d"],
                     column_dimensions=[], measures=[], cells=[], layout="long", grid=grid)

    def cells(rows: list[int]) -> list[DataCell]:
        measure = Measure(name="n", role=Role.COUNT, col=2)
        return [DataCell(measure=measure, coords={"d": "a"}, source=RawCell(r, 2, "1", 1.0))
                for r in rows]

    marks, width = hierarchy._grid_lines(table([1, 2, 5]))
    assert isinstance(marks, bytearray) and width == 2
    assert [i for i, b in enumerate(marks) if b] == [1, 2, 5]
    assert hierarchy._all_on(cells([1, 5]), marks)
    for off in ([3], [6], [0], [-1], [1, 500]):
        assert not hierarchy._all_on(cells(off), marks)
    assert hierarchy._grid_lines(table([1, 2, 2])) == (None, 0)
    far, width = hierarchy._grid_lines(table([2, 10**9]))
    assert far == {2, 10**9} and width == 2
    assert hierarchy._all_on(cells([10**9]), far) and not hierarchy._all_on(cells([3]), far)
    assert hierarchy._grid_lines(table([10**9, 10**9])) == (None, 0)


def _no_slack(kids: list, parent: object) -> float:
    return 1e-6


def _cell_bounds_plain(cells: list, rounded: int | None, scheme: str = "any"):
    """``linking._cell_bounds`` as it was: a cell at a time (a count no multiple of the
    rounding base read as printed, round 32)."""
    lower = [0.0] * len(cells)
    upper = [math.inf] * len(cells)
    suppressed = []
    slack = linking.rounding_slack(rounded, scheme) if rounded else 0
    for i, cell in enumerate(cells):
        if cell.value is not None:
            if rounded and cell.value % rounded == 0:
                lower[i] = max(cell.value - slack, 0.0)
                upper[i] = cell.value + slack
            else:
                lower[i] = upper[i] = cell.value
        elif cell.suppressed:
            suppressed.append(i)
        if cell.value is not None and cell.value < 0:
            lower[i] = cell.value
    if any(math.isnan(b) for b in (*lower, *upper)):
        raise ValueError("bounds must not be NaN (use -inf / inf for no bound)")
    return lower, upper, suppressed


CELL_VALUES = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True),
                        st.integers(-5, 50).map(float))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(CELL_VALUES, st.sampled_from([None, "[c]", "x"])), max_size=12),
       st.sampled_from([None, 0, 3, 5, 10]), st.sampled_from(["any", "nearest"]))
def test_cell_bounds_read_a_list_at_a_time(pairs: list, rounded: int | None,
                                           scheme: str) -> None:
    measure = Measure("n", Role.COUNT)
    cells = [DataCell(measure, {"g": str(i)}, RawCell(i + 2, 2, "", value, marker))
             for i, (value, marker) in enumerate(pairs)]
    try:
        plain = _cell_bounds_plain(cells, rounded, scheme)
    except ValueError:
        with pytest.raises(ValueError):
            linking._cell_bounds(cells, rounded, scheme)
        return
    assert linking._cell_bounds(cells, rounded, scheme) == plain


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(banded_tables(), TEXTS))
def test_a_lone_table_gives_what_its_rerun_index_gave(text: str) -> None:
    """A release of one table has no pair to compare as re-runs: SDC503 (and every rule)
    finds on it what it found with the table's count index made and bucketed."""
    import sdc

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(text, encoding="utf-8")
        found = _findings(sdc.check(path, POLICY))
        try:
            differencing.LONE_TABLE_SKIPS_RERUNS = False
            plain = _findings(sdc.check(path, POLICY))
        finally:
            differencing.LONE_TABLE_SKIPS_RERUNS = True
    assert found == plain


def test_two_tables_are_still_compared_as_reruns(tmp_path: Path) -> None:
    """The shortcut is for a lone table only: two tables one patient apart are a re-run."""
    import sdc

    (tmp_path / "week1.csv").write_text("region,n\nNorth,40\nSouth,52\nEast,61\n")
    (tmp_path / "week2.csv").write_text("region,n\nNorth,41\nSouth,52\nEast,61\n")
    found = [(f.rule, f.location.path) for f in sdc.check(tmp_path, POLICY).findings
             if f.rule == "SDC503"]
    assert ("SDC503", "week2.csv") in found


def _findings(result) -> list:
    return [(f.rule, f.status.value, f.location.path, f.location.cell, f.message)
            for f in result.findings]


def _cuttings_shape(cuts: list[Cutting]) -> list[tuple]:
    """Everything a cutting holds, its cells by place (which cell won a label counts)."""
    return [(c.dimension, c.context, list(c.cells.items()), [b.label for b in c.bands])
            for c in cuts]


def _cuttings_read_how(output: Output, how: str) -> list[Cutting]:
    """``output_cuttings`` with each context made cell by cell (``_contexts_by_cells``: "cells"),
    by rows of one layout ("rows", ``_contexts_by_rows``) or from the table's compact form
    ("form", ``_FormLabels``)."""
    with pytest.MonkeyPatch.context() as patch:
        if how != "form":
            patch.setattr(release_form, "form_of", lambda output: None)
        if how == "cells":
            patch.setattr(differencing, "_layout", lambda counted: None)
        if how == "form":
            patch.setattr(release_form, "form_of", _form_or_fail)
        return differencing.output_cuttings(output)


def _form_or_fail(output: Output) -> release_form.ReleaseTable:
    form = release_form.ReleaseTable.of(output.table)  # type: ignore[arg-type]
    assert form is not None
    return form


def _cuttings_cell_by_cell(output: Output) -> list[Cutting]:
    return _cuttings_read_how(output, "cells")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(banded_tables(), TEXTS))
def test_cuttings_contexts_by_rows_are_those_made_cell_by_cell(text: str) -> None:
    """The contexts made once per row of other labels (``_contexts_by_rows``) are those made
    cell by cell: the same cuttings in the same order, the same cell under each label."""
    output = _output(text)
    if output is None or output.table is None:
        return
    by_cells = _cuttings_shape(_cuttings_cell_by_cell(output))
    assert _cuttings_shape(_cuttings_read_how(output, "rows")) == by_cells
    if release_form.ReleaseTable.of(output.table) is not None:  # read from the form alike
        assert _cuttings_shape(_cuttings_read_how(output, "form")) == by_cells


@pytest.mark.parametrize("text, expected", [
    # the age band alone: no other label, every cell in one empty context
    ("age,n\n<20,5\n20-39,12\n", [((), ["20-39", "<20"])]),
    # a label written in two columns, a blank label, and a margin row (its own total left
    # out of its context), and a later cell of the same label and context winning
    ("age,g0,g1,n\n<20,North,North,5\n20-39,North,,12\n<20,,North,6\n"
     "20-39,Total,South,30\n<20,Total,South,11\n",
     [(("North",), ["20-39", "<20"]), (("South",), ["20-39", "<20"])]),
])
def test_cuttings_contexts_by_rows_on_edge_rows(text: str, expected: list) -> None:
    output = _output(text)
    assert output is not None and output.table is not None
    assert differencing._layout(
        [c for c in output.table.cells if Role.COUNT in (c.measure.role, c.measure.read_as)]
    ) is not None
    cuts = differencing.output_cuttings(output)
    assert [(c.context[1], sorted(c.cells)) for c in cuts] == expected
    assert _cuttings_shape(cuts) == _cuttings_shape(_cuttings_cell_by_cell(output))
    assert _cuttings_shape(_cuttings_read_how(output, "rows")) == _cuttings_shape(cuts)
    assert cuts == _output_cuttings_plain(output)


def _band_groups_plain(cuts: list[Cutting]) -> list[tuple[list[Cutting], list[Cutting]]]:
    """``differencing.band_groups`` as it was: a dict of shapes for every context."""
    from collections import defaultdict

    by_context: dict = defaultdict(lambda: defaultdict(list))
    for cutting in cuts:
        by_context[cutting.context][tuple((b.lo, b.hi) for b in cutting.bands)].append(cutting)
    groups = []
    for shapes in by_context.values():
        banded = list(shapes.values())
        groups += [(first, second) for i, first in enumerate(banded) for second in banded[i + 1:]]
    return groups


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(banded_tables(), TEXTS), min_size=1, max_size=3), st.randoms())
def test_band_groups_are_those_of_a_dict_of_shapes_per_context(texts: list[str], rng) -> None:
    """The pairs of bandings SDC503 compares, grouped only where a context has two shapes or
    more (``band_groups``), are those of a dict of shapes for every context: the same pairs
    of the same cuttings, in the same order. Tables named alike share their contexts."""
    outputs = [o for o in map(_output, texts) if o is not None and o.table is not None]
    cuts = [cut for o in outputs for cut in differencing.output_cuttings(o)]
    rng.shuffle(cuts)  # contexts and shapes met in any order

    def ids(groups: list) -> list:
        return [([id(c) for c in a], [id(c) for c in b]) for a, b in groups]

    assert ids(differencing.band_groups(cuts)) == ids(_band_groups_plain(cuts))


def test_band_groups_only_where_a_context_has_two_shapes() -> None:
    """``<20`` and ``<25`` in one context are two shapes (a group); a context of one shape,
    however many tables repeat it, none."""
    text = "age,g,n\n<20,North,5\n20-39,North,12\n<25,North,9\n25-39,North,8\n" \
           "<20,South,5\n20-39,South,12\n"
    output = _output(text)
    assert output is not None
    cuts = differencing.output_cuttings(output)
    groups = differencing.band_groups(cuts + cuts)
    assert [(sorted(a[0].cells), sorted(b[0].cells), len(a), len(b)) for a, b in groups] == [
        (["20-39", "<20"], ["25-39", "<25"], 2, 2)]
