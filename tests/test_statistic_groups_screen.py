"""``magnitude_bounds.statistic_groups`` reads each dimension's distinct labels and each
measure's statistic once, and gives up before grouping cells when the measures do not name a
count, a mean and a standard deviation together (a long count table's 25,000 cells were each
grouped by their coordinates for the 0/1-mean reading, issue 14 §3): the groups are those of
the code it replaced (below, as it was), on generated aggregation tables."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc import magnitude_bounds as mb
from sdc.table import Table
from tests.test_columnar_equivalence import _table

STATS = ["count", "mean", "std", "min", "max", "n", "N", "sum", "median", "cost", "mean / cost",
         "std / cost", "count / cost", "bmi / mean", "bmi / std", "bmi / count", "25%"]


def _describe_dimension_plain(table: Table) -> str | None:
    labels: dict[str, set[str]] = {}
    for cell in table.cells:
        for dim, label in cell.coords.items():
            labels.setdefault(dim, set()).add(mb._name(table, label))
    for dim, found in labels.items():
        if found <= mb.DESCRIBE_ROWS and found >= mb.NEEDED:
            return dim
    return None


def _groups_plain(table: Table) -> list[dict]:
    by_key: dict[tuple, dict] = {}
    dim = _describe_dimension_plain(table)
    if dim is not None:
        for cell in table.cells:
            rest = tuple(sorted((d, v) for d, v in cell.coords.items() if d != dim))
            by_key.setdefault((cell.measure.name, rest), {})[
                mb._name(table, cell.coords[dim])] = cell
        return list(by_key.values())
    split = {id(c): mb._column_and_statistic(c.measure.name, table) for c in table.cells}
    if any(stat not in mb.AGG_MEASURES for _, stat in split.values()):
        split = {id(c): mb._statistic_over_column(c.measure.name) for c in table.cells}
    if not table.cells or any(stat not in mb.AGG_MEASURES for _, stat in split.values()):
        return []
    clashes: set[tuple] = set()
    for cell in table.cells:
        column, name = split[id(cell)]
        key = (column, tuple(sorted(cell.coords.items())))
        stats = by_key.setdefault(key, {})
        if name in stats:
            clashes.add(key)
        stats[name] = cell
    return [s for key, s in by_key.items() if key not in clashes and set(s) >= mb.NEEDED]


@st.composite
def agg_tables(draw: st.DrawFn) -> str:
    header = ["ward", *draw(st.lists(st.sampled_from(STATS), min_size=1, max_size=5))]
    rows = [header]
    for i in range(draw(st.integers(1, 6))):
        rows.append([f"W{i % 3}", *(draw(st.sampled_from(["50", "0.04", "0.198", "3", "[c]",
                                                          "12.5", "0"]))
                                    for _ in header[1:])])
    if draw(st.booleans()):
        rows = [list(col) for col in zip(*rows, strict=True)]  # describe()'s shape
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agg_tables())
def test_statistic_groups_as_the_plain_code_found_them(text: str) -> None:
    table = _table(text)
    if table is None:
        return
    assert mb._describe_dimension(table) == _describe_dimension_plain(table)
    got, want = mb.statistic_groups(table), _groups_plain(table)
    assert [{k: id(c) for k, c in g.items()} for g in got] == \
        [{k: id(c) for k, c in g.items()} for g in want]


def test_a_count_table_is_not_grouped() -> None:
    table = _table("region,age,n\n" + "".join(f"R{i},{a},{i + 3}\n" for i in range(30)
                                             for a in ("0-4", "5-9")))
    assert table is not None and len(table.cells) == 60
    assert mb.statistic_groups(table) == [] == _groups_plain(table)
    table = _table("ward,count,mean,std\nA,50,0.04,0.198\nB,60,0.5,0.504\n")
    assert table is not None
    assert [sorted(g) for g in mb.statistic_groups(table)] == [["count", "mean", "std"]] * 2
    described = _table(",bmi,age\ncount,50,50\nmean,24.1,40.2\nstd,3.1,9.9\nmin,18,18\n")
    assert described is not None
    assert mb._describe_dimension(described) == _describe_dimension_plain(described) is not None
