"""Round 40 (mem40, issue 14 §3): the per-cell model's repeats shared, the findings the same.

A document table read as cells (its texts too distinct to code) gives each text's cells one
meaning (``reading._cells``: one string, one float, as a CSV's ``_CellParser``), each cell the
one ``raw_cell`` makes; ``TableCells.places_of`` gives the release's place ints as it finds
them; a table's lines number its measures without a list of ids. Memory is measured by
``benchmarks.bench_html_memory``, not here.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.csv_columns import text_columns
from sdc.readers.csv_reader import raw_cell
from sdc.readers.documents import reading
from sdc.readers.documents.model import TextTable
from sdc.release_form import ReleaseTable, TableCells
from sdc.table import ENCODED_FROM, Grid, Role

_TEXTS = ["12", "12", "4", "4.5", "1,234", "*", "<5", "c", "[c]", "", " ", ".", "-", "x",
          " 12 ", "1e3", "(7)", "n/a", "12%", "Total", "0", "00", "—", "3 (12%)"]


def _rows(rng: random.Random, rows: int, width: int) -> list[list[str]]:
    """Rows of a few repeated texts among many distinct numbers (more than a quarter
    distinct: the page is read as cells, not codes)."""
    return [[rng.choice(_TEXTS) if rng.random() < 0.3 else str(rng.randint(10, 10**6))
             for _ in range(width)] for _ in range(rows)]


@pytest.mark.parametrize("seed", range(6))
def test_a_tables_cells_are_raw_cells_and_one_text_shares_its_meaning(seed: int) -> None:
    rng = random.Random(seed)
    rows = _rows(rng, rng.randint(1, 300), rng.randint(1, 8))
    options = build_policy({}).read_options()
    grid = reading._grid(TextTable(index=1, rows=[list(r) for r in rows]), options)
    assert isinstance(grid, list)  # read as cells (small or too distinct to code)
    assert grid == [[raw_cell(r, c, text, options.markers, False)
                     for c, text in enumerate(row, start=1)]
                    for r, row in enumerate(rows, start=1)]
    first: dict[str, object] = {}
    for row, cells in zip(rows, grid, strict=True):
        for text, cell in zip(row, cells, strict=True):
            known = first.setdefault(text, cell)
            assert cell.raw is known.raw and cell.value is known.value  # type: ignore[attr-defined]


def test_a_large_distinct_table_is_read_as_shared_cells() -> None:
    rng = random.Random(7)
    rows = _rows(rng, ENCODED_FROM // 4, 8)
    options = build_policy({}).read_options()
    grid = reading._grid(TextTable(index=1, rows=[list(r) for r in rows]), options)
    assert isinstance(grid, list) and not isinstance(grid, Grid)
    values = [c.value for row in grid for c in row if c.raw == "12"]
    assert len(values) > 1 and len({id(v) for v in values}) == 1


def test_the_coding_hands_over_the_meanings_it_worked_out_when_it_gives_up() -> None:
    rng = random.Random(3)
    rows = _rows(rng, 5_000, 4)  # more than a chunk (4,096 rows) of mostly distinct texts
    markers = build_policy({}).read_options().markers

    def meaning(text: str) -> tuple[str, float | None, str | None]:
        cell = raw_cell(0, 0, text, markers, False)
        return cell.raw, cell.value, cell.marker

    met: dict[str, tuple[str, float | None, str | None, bool]] = {}
    assert text_columns(rows, meaning, 1_000, met) is None
    texts = {text for row in rows[:4_096] for text in row}
    assert set(met) == texts  # the first chunk's, each once
    assert all(met[text] == (*meaning(text), False) for text in texts)
    assert reading._cells(rows, meaning, met) == [
        [raw_cell(r, c, text, markers, False) for c, text in enumerate(row, start=1)]
        for r, row in enumerate(rows, start=1)]


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
    """A page of distinct counts (read as cells), one ``small`` at row 2502, column B."""
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
        tmp_path: Path, small: int, found: set[tuple[str, str, str, str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[int] = []
    cells = reading._cells
    monkeypatch.setattr(reading, "_cells", lambda rows, *args: read.append(len(rows))
                        or cells(rows, *args))
    (tmp_path / "t.html").write_text(_page(small))
    assert {(f.rule, f.status.value, f.location.cell, f.message)
            for o in sdc.check(tmp_path, build_policy({})).outputs
            for f in o.findings} == found
    assert read == [3_001]  # the table read as cells, not codes
