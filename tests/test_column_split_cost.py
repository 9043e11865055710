"""Issue 14 for the column views (round 43, cols43): ``sdc.column_split`` reads cells off the
tables' forms a column at a time and searches each crosstab whole's sets on its own rows; on
random releases it must give exactly the unions, in the same order, of round 42's reading
(``tests/column_split_r42.py``: every cell made and read, every crosstab compared on all of
its group's rows), with the models kept (cells read one at a time) and let go (off the form).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc import column_split
from sdc.policy import build_policy
from tests import column_split_r42

SEX = ["F", "M", "Persons", "Unknown"]
IMD = ["imd1", "imd2", "imd3", "imd4", "imd5"]
REGIONS = ["North", "South", "East", "West", " north"]
HIDE = st.sampled_from(["*", "[c]", ""])


def _inputs(root: Path, keep_models: bool) -> list[tuple[Any, Any, Any]]:
    """Every call's ``column_unions`` inputs while ``sdc check`` reads ``root``."""
    seen: list[tuple[Any, Any, Any]] = []
    real = column_split.column_unions

    def spy(systems: Any, combos: Any, pops: Any) -> Any:
        seen.append((systems, combos, pops))
        return real(systems, combos, pops)

    column_split.column_unions = spy  # type: ignore[assignment]
    try:
        sdc.check(root, build_policy({}), in_release=True, keep_models=keep_models, jobs=1)
    finally:
        column_split.column_unions = real  # type: ignore[assignment]
    return seen


def _grid(draw: st.DrawFn, rows: list[str], cols: list[str]) -> list[list[int]]:
    return [[draw(st.integers(0, 60)) for _ in cols] for _ in rows]


def _show(draw: st.DrawFn, v: int) -> str:
    """A count as printed: a small one hidden (mostly), now and then a zero blank."""
    if 0 < v < 10 and not draw(st.integers(0, 2)):
        return draw(HIDE) or "*"
    return str(v)


def _crosstab(draw: st.DrawFn, grid: list[list[int]], rows: list[str], cols: list[str],
              year: str | None, hide_first: bool = False) -> str:
    """``sex x imd`` (rows and columns a random subset, labels spelt in another case now and
    then, maybe a Total row and column, maybe a constant ``year`` column) as CSV;
    ``hide_first``: the first cell hidden."""
    keep_r = [i for i in range(len(rows)) if draw(st.integers(0, 7))] or [0]
    keep_c = [j for j in range(len(cols)) if draw(st.integers(0, 7))] or [0]
    if draw(st.integers(0, 4)) == 0:
        rows = [f" {r.lower()}" for r in rows]
    totals = draw(st.booleans())
    head = (["year"] if year else []) + ["sex"] + [cols[j] for j in keep_c]
    lines = [",".join(head + (["Total"] if totals else []))]
    for i in keep_r:
        cells = [("*" if hide_first and (i, j) == (keep_r[0], keep_c[0])
                  else _show(draw, grid[i][j])) for j in keep_c]
        if totals:
            cells.append(str(sum(grid[i][j] for j in keep_c)))
        lines.append(",".join(([year] if year else []) + [rows[i]] + cells))
    if totals:
        sums = [str(sum(grid[i][j] for i in keep_r)) for j in keep_c]
        grand = str(sum(grid[i][j] for i in keep_r for j in keep_c))
        lines.append(",".join(([year] if year else []) + ["Total"] + sums + [grand]))
    return "\n".join(lines) + "\n"


@st.composite
def releases(draw: st.DrawFn) -> dict[str, str]:
    """A random release: crosstabs of some years and their sum (now and then off by one, or
    another table's), one-way columns of regions beside two-way ``region,male,all`` tables
    and their sum, cells hidden at random."""
    files: dict[str, str] = {}
    rows = draw(st.lists(st.sampled_from(SEX), min_size=2, max_size=4, unique=True))
    cols = draw(st.lists(st.sampled_from(IMD), min_size=2, max_size=5, unique=True))
    years = [_grid(draw, rows, cols) for _ in range(draw(st.integers(2, 4)))]
    off = draw(st.integers(0, 5)) == 0  # the sum off by one on a cell: no union
    whole = [[sum(g[i][j] for g in years) + int(off and i == j == 0)
              for j in range(len(cols))] for i in range(len(rows))]
    stratum = draw(st.booleans())
    for y, grid in enumerate(years):
        files[f"y{y}.csv"] = _crosstab(draw, grid, rows, cols,
                                       f"{2019 + y}-{20 + y}" if stratum else None,
                                       hide_first=y == 0)
    files["all.csv"] = _crosstab(draw, whole, rows, cols, "All" if stratum else None)
    if draw(st.booleans()):  # an unrelated crosstab of the same dimensions
        files["other.csv"] = _crosstab(draw, _grid(draw, rows, cols), rows, cols, None)
    regions = draw(st.lists(st.sampled_from(REGIONS), min_size=2, max_size=4, unique=True))
    parts = [[draw(st.integers(0, 60)) for _ in regions] for _ in range(draw(st.integers(2, 3)))]
    for p, column in enumerate(parts):
        shown = [r for r in regions if draw(st.integers(0, 5))] or regions[:1]
        files[f"r{p}.csv"] = f"region,c{p}\n" + "".join(
            f"{r},{_show(draw, column[regions.index(r)])}\n" for r in shown)
    if draw(st.integers(0, 3)):
        total = [sum(c[i] for c in parts) for i in range(len(regions))]
        files["rall.csv"] = "region,all\n" + "".join(
            f"{r},{_show(draw, v)}\n" for r, v in zip(regions, total, strict=True))
    if draw(st.booleans()):
        male = [draw(st.integers(0, 60)) for _ in regions]
        files["two.csv"] = "region,male,all\n" + "".join(
            f"{r},{_show(draw, m)},{m + parts[0][i]}\n"
            for i, (r, m) in enumerate(zip(regions, male, strict=True)))
    return files


def _same(root: Path) -> int:
    """Check ``root`` with the models kept and let go; every call's unions equal round 42's.
    How many unions were found."""
    found = 0
    for keep in (True, False):
        for systems, combos, pops in _inputs(root, keep):
            got = column_split.column_unions(systems, combos, pops)
            assert got == column_split_r42.column_unions(systems, combos, pops)
            found += len(got)
    return found


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=releases())
def test_the_round_43_views_are_round_42s(tmp_path_factory: pytest.TempPathFactory,
                                          files: dict[str, str]) -> None:
    root = tmp_path_factory.mktemp("rel")
    for name, text in files.items():
        (root / name).write_text(text)
    _same(root)


def test_the_reference_and_the_views_find_unions(tmp_path: Path) -> None:
    """The property test is not vacuous: crosstabs of three years beside their sum (one
    hidden cell) and region columns beside their sum give unions, the same both ways."""
    years = [[[12, 20, 31], [15, 22, 18]], [[5, 30, 11], [14, 19, 25]],
             [[17, 13, 22], [21, 16, 12]]]
    for y, grid in enumerate(years):
        shown = [[("*" if (y, i, j) == (0, 1, 0) else str(v)) for j, v in enumerate(r)]
                 for i, r in enumerate(grid)]
        (tmp_path / f"y{y}.csv").write_text(
            "sex,1,2,3\n" + "".join(f"{s},{','.join(r)}\n" for s, r in zip("FM", shown,
                                                                          strict=True)))
    total = [[sum(g[i][j] for g in years) for j in range(3)] for i in range(2)]
    (tmp_path / "all.csv").write_text(
        "sex,1,2,3\n" + "".join(f"{s},{','.join(map(str, r))}\n"
                                for s, r in zip("FM", total, strict=True)))
    (tmp_path / "a.csv").write_text("region,female\nNorth,*\nSouth,51\nEast,36\n")
    (tmp_path / "b.csv").write_text("region,male\nNorth,36\nSouth,70\nEast,30\n")
    (tmp_path / "c.csv").write_text("region,all\nNorth,40\nSouth,121\nEast,66\n")
    # per mode: the sum's 6 cells (crosstabs) and the columns' 3 rows
    assert _same(tmp_path) == 2 * (6 + 3)


def test_crosstabs_of_other_columns_with_their_totals(tmp_path: Path) -> None:
    """Each year prints its own columns and a Total column over them (margins over other
    categories: left out where the members' rows differ), the sum every column: the sum's
    category cells the years share give unions, the Totals none; the same both ways."""
    years = [[[12, 20, 31, 40], [15, 22, 18, 33]], [[5, 30, 11, 26], [14, 19, 25, 17]],
             [[17, 13, 22, 35], [21, 16, 12, 28]]]
    keep = [(0, 1, 2, 3), (0, 1, 2), (0, 1, 2, 3)]
    for y, (grid, cols) in enumerate(zip(years, keep, strict=True)):
        head = "sex," + ",".join(f"imd{j + 1}" for j in cols) + ",Total\n"
        body = "".join(
            f"{s}," + ",".join("*" if (y, i, j) == (0, 1, 0) else str(r[j]) for j in cols)
            + f",{sum(r[j] for j in cols)}\n" for i, (s, r) in enumerate(zip("FM", grid,
                                                                          strict=True)))
        (tmp_path / f"y{y}.csv").write_text(head + body)
    total = [[sum(g[i][j] for g in years) for j in range(4)] for i in range(2)]
    (tmp_path / "all.csv").write_text(
        "sex,imd1,imd2,imd3,imd4,Total\n" + "".join(f"{s},{','.join(map(str, r))},{sum(r)}\n"
                                               for s, r in zip("FM", total, strict=True)))
    # per mode: the six category cells all of them have (imd1-imd3 of F and M)
    assert _same(tmp_path) == 2 * 6
