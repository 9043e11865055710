"""Round 40 (mem40, issue 14 §3): two per-cell intermediates of the rules cut, the findings
the same: ``TableCells.places_of`` gives the release's place ints as it finds them (no list
of new ints beside them) and a table's lines number its measures without a list of ids.
Memory is measured by ``benchmarks.bench_html_memory``, not here.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.release_form import ReleaseTable, TableCells
from sdc.table import Role


class _Table:
    """An output with a table of two measures, cells interleaved (a count, a percent)."""

    def __init__(self, rows: int) -> None:
        from sdc.table import DataCell, Measure, RawCell, Table

        count, percent = Measure("n", Role.COUNT), Measure("pct", Role.PERCENT)
        cells = [DataCell(measure=count if j == 0 else percent, coords={"r": f"r{i}",
                          "m": str(j)}, source=RawCell(i + 2, j + 2, str(i), float(i)))
                 for i in range(rows) for j in range(2)]
        self.table = Table(path="t.csv", sheet=None, dimensions=["r", "m"],
                           row_dimensions=["r"], column_dimensions=["m"],
                           measures=[count, percent], cells=cells, layout="wide")


@pytest.mark.parametrize("with_form", [False, True])
@pytest.mark.parametrize("roles", [(Role.COUNT,), (Role.COUNT, Role.PERCENT), (Role.MODEL,)])
def test_places_of_gives_the_shared_ints_of_the_cells_of_its_roles(
        with_form: bool, roles: tuple[Role, ...]) -> None:
    output = _Table(700)
    read = TableCells.of_cells(output.table.cells)
    if with_form:
        read.form = ReleaseTable.of(output.table)  # type: ignore[arg-type]
        assert read.form is not None
    expected = [i for i, c in enumerate(output.table.cells) if c.measure.role in roles]
    ints = [int(str(i)) for i in range(2 * len(expected) + 1500)]  # objects of their own
    assert read.places_of(roles) == expected
    given = read.places_of(roles, ints)
    assert given == expected
    assert all(g is ints[i] for g, i in zip(given, expected, strict=True))


def test_places_of_a_form_of_one_measure_is_every_place() -> None:
    output = _Table(3)
    read = TableCells.of_cells(output.table.cells)
    read.form = ReleaseTable.of(output.table)  # type: ignore[arg-type]
    assert read.places_of((Role.COUNT, Role.PERCENT), range(10)) == list(range(6))
    assert read.places_of((Role.COUNT, Role.PERCENT)) == list(range(6))


def _page(small: int, rows: int = 3_000) -> str:
    """A page of distinct counts (9,000 cells: its lines grouped with numpy, read by SDC503
    through the release's places), one ``small`` at row 2502, column B."""
    rng = random.Random(11)
    body = []
    for i in range(rows):
        values = [rng.randint(20, 4_000) for _ in range(3)]
        if i == 2500:
            values[0] = small
        name = "".join(chr(97 + i // 26**k % 26) for k in range(3))  # letters: a label
        body.append(f"<tr><th>{name}</th>" + "".join(f"<td>{v}</td>" for v in values)
                    + "</tr>")
    return ("<table><thead><tr><th>area</th><th>deaths</th><th>admissions</th><th>cases</th>"
            "</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


@pytest.mark.parametrize(("small", "found"), [
    (4, {("SDC101", "fail", "B2502", "count 4 is below the threshold 10")}), (40, set())])
def test_a_small_count_in_a_page_of_distinct_counts_is_found_its_twin_passes(
        tmp_path: Path, small: int, found: set[tuple[str, str, str, str]]) -> None:
    (tmp_path / "t.html").write_text(_page(small))
    assert {(f.rule, f.status.value, f.location.cell, f.message)
            for o in sdc.check(tmp_path, build_policy({})).outputs
            for f in o.findings} == found


def _lines(table: object) -> list[tuple[str, list[str], str | None]]:
    return [(dim, [c.ref for c in members], total.ref if total is not None else None)
            for dim, members, total in table.lines(Role.COUNT)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("rows", [1_500, 3_000])
def test_lines_of_two_interleaved_count_measures_are_those_grouped_without_numpy(
        rows: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two count measures, cells alternating (``n_men``/``n_women`` by row): the measures
    numbered in order of first appearance give the lines the plain grouping gives."""
    import sdc.table as table_module
    from sdc.table import DataCell, Measure, RawCell, Table

    men, women = Measure("n_men", Role.COUNT), Measure("n_women", Role.COUNT)
    cells = [DataCell(measure=m, coords={"area": f"a{i % 50}", "year": str(i // 50)},
                      source=RawCell(i + 2, k + 2, str(i), float(i)))
             for i in range(rows) for k, m in enumerate((men, women))]

    def table() -> Table:
        return Table(path="t.csv", sheet=None, dimensions=["area", "year"],
                     row_dimensions=["area", "year"], column_dimensions=[],
                     measures=[men, women], cells=list(cells), layout="wide")

    with_numpy = _lines(table())
    monkeypatch.setattr(table_module, "LINES_WITH_NUMPY_FROM", 10**9)
    assert with_numpy == _lines(table())
    assert len(with_numpy) == 2 * (50 + rows // 50)  # per measure: a line per year and area
