"""The hierarchy reading's shortcuts find exactly the (children, parent) pairs of the plain
reading (issue 12 channel 12, issue 14 §3): each label sequence's nesting read once, and a
dimension whose labels cannot nest in any order skipped before its lines are formed."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc import hierarchy
from sdc.table import DataCell, Table
from tests.test_columnar_equivalence import _table  # the CSV text's table, as read

# codes that nest (C over C10, 10 over 10.1 and 101, I00-I99 over I20-I25), indented and
# bulleted areas, and plain labels that never nest
LABELS = ["C", "C10", "C11", "10", "10.1", "10.2", "101", "1011", "I00-I99", "I20-I25",
          "I30-I39", "North East", "  Newcastle", "  Durham", "- Sunderland", "North West",
          "  Leeds", "Female", "Male", "2019", "2020", "A", "B", "11", "1"]
VALUES = ["3", "12", "45", "60", "120", "200", "[c]", "0", "55"]


@st.composite
def nested_tables(draw: st.DrawFn) -> str:
    """A long table of one or two label columns drawn from ``LABELS`` and a count column."""
    n_labels = draw(st.integers(1, 2))
    # a header that nests with the labels below it (``C`` over ``C10``): the column's texts
    # then may nest though the labels may not, and the lines are read
    names = draw(st.lists(st.sampled_from(["dim", "C", "10", "North", "  area", "I00-I99"]),
                          min_size=n_labels, max_size=n_labels, unique=True))
    rows = [[*names, "n"]]
    outer = draw(st.lists(st.sampled_from(["x", "y"]), min_size=1, max_size=2, unique=True))
    inner = draw(st.lists(st.sampled_from(LABELS), min_size=2, max_size=9))
    for o in outer:
        for label in inner:
            rows.append(([o] if n_labels == 2 else []) + [label, draw(st.sampled_from(VALUES))])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _plain(table: Table, cells: list[DataCell], tolerance: hierarchy.Tolerance):
    """``hierarchy_totals`` as it was: every line's nesting read on its own."""
    if not table.row_dimensions or not any(c.suppressed for c in cells):
        return []
    raw_at = {(c.row, c.col): c.raw for row in table.grid for c in row}
    found = []
    for i, dim in enumerate(table.row_dimensions):
        if i >= len(table.label_columns):
            break
        col = table.label_columns[i]
        others = [d for d in table.dimensions if d != dim]
        groups: dict[tuple, list[DataCell]] = defaultdict(list)
        for cell in cells:
            if dim in cell.coords and dim not in cell.total_dims:
                groups[tuple(cell.coords.get(d) for d in others)].append(cell)
        for line in groups.values():
            line.sort(key=lambda c: c.source.row)
            raws = [raw_at.get((c.source.row, col), c.coords[dim]) for c in line]
            found += hierarchy._fitting(line, hierarchy._parents(raws), tolerance)
    return found


def _pairs(found) -> list[tuple[list[str], str]]:
    return [([k.ref for k in kids], parent.ref) for kids, parent in found]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested_tables())
def test_hierarchy_totals_match_the_plain_reading(text: str) -> None:
    table = _table(text)
    if table is None:
        return
    cells = list(table.cells)
    assert _pairs(hierarchy.hierarchy_totals(table, cells, lambda kids, parent: 0.0)) == \
        _pairs(_plain(table, cells, lambda kids, parent: 0.0))


def test_labels_that_cannot_nest_skip_their_lines_and_nesting_ones_do_not() -> None:
    assert not hierarchy._may_nest({"Female", "Male", "2019", "2020"})
    assert hierarchy._may_nest({"C", "C10"})
    assert hierarchy._may_nest({"North East", "  Newcastle"})
    assert hierarchy._may_nest({"I00-I99", "I20-I25"})
    # too many labels to compare pairs: the lines are formed as before
    assert hierarchy._may_nest({f"id{i}" for i in range(hierarchy.MAX_PAIRS + 1)})
