"""Linked tables sharing a margin (ESSnet *Handbook on SDC* ch. 4, linked tables; sdcTable's
linked-tables examples): a turnover table by region and industry with its margins, and beside
it the same firms by region alone (one column category, as ``sdc.crosstab(region, year)`` of
one year writes it), whose hidden rows repeat the first table's hidden region margins.

The second table adds no information: every cell of it equals a margin of the first. So the
audit must give what the first table alone gives (its protection intervals, computed here by
linear programming). Before, a firm leading a hidden cell of the first table was also in the
second table's copy of that cell's margin, and SDC502's respondent audit took the copy for
another cell of that firm ("one contributor to several suppressed cells"): a false ``fail``.
Cells that lines of two terms make equal now count as one cell of a respondent
(``sdc.rules.insiders._equal_variables``)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from sdc.rules.insiders import _respondents
from sdc.table import Measure, Role
from tests.parity.test_handbook_protection import (
    CASES,
    MARGIN,
    POLICIES,
    contributions,
    oracle,
    patterns,
    write_release,
)
from tests.test_respondent_several_cells import nested_cell


def write_by_region(folder: Path, cells: dict[tuple[str, str], list[float]],
                    hidden: set[tuple[str, str]]) -> str:
    """The same firms by region and one year, with the rows of the first table's hidden
    region margins hidden (``[c]``) and the sidecar re-stamped; the text written."""
    data = pd.DataFrame([{"region": r, "year": "2023", "firm": f"{r}-{c}-{i}", "turnover": v}
                         for (r, c), values in cells.items() for i, v in enumerate(values)])
    table = sdc.crosstab(data.region, data.year, values=data.turnover, aggfunc="sum",
                         contributor=data.firm, margins=True)
    path = table.to_csv(folder / "by_region.csv")
    rows = {r for r, c in hidden if c == MARGIN}
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        label, *values = line.split(",")
        lines.append(",".join([label, *(["[c]"] * len(values) if label in rows else values)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sidecar = Path(f"{path}.sdc.json")
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    meta["file"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    sidecar.write_text(json.dumps(meta), encoding="utf-8")
    return "\n".join(lines)


@pytest.mark.parametrize("rules", sorted(POLICIES))
@pytest.mark.parametrize("seed", sorted({s for s, p in CASES if p == "with-margins"}))
def test_a_margin_copied_into_a_linked_table_adds_no_respondent_cell(
        seed: int, rules: str, tmp_path: Path) -> None:
    cells = contributions(seed)
    hidden = patterns(cells)["with-margins"]
    folder = tmp_path / "release"
    published = write_release(folder, cells, hidden)
    _, narrow = oracle(published, cells, rules)
    text = write_by_region(folder, cells, hidden)
    assert text.count("[c]") == 2 * len({r for r, c in hidden if c == MARGIN})
    result = sdc.check(folder, build_policy(POLICIES[rules]))
    found = {(f.location.path, f.location.cell) for f in result.findings
             if f.rule in ("SDC501", "SDC502")}
    assert found == {("turnover.csv", at) for at in narrow}


def test_the_linked_cases_can_fail_both_ways() -> None:
    """Some of the cases above have unprotected cells, some none (the test tells them apart)."""
    outcomes = set()
    for seed in sorted({s for s, p in CASES if p == "with-margins"}):
        cells = contributions(seed)
        hidden = patterns(cells)["with-margins"]
        published = pd.DataFrame({c: ["0"] * 4 for c in ["Farming", "Mining", "Retail", MARGIN]},
                                 index=["East", "North", "South", MARGIN])
        for row in published.index:
            for col in published.columns:
                firms = [v for (r, c), vs in cells.items() if row in (r, MARGIN)
                         and col in (c, MARGIN) for v in vs]
                published.loc[row, col] = "[c]" if (row, col) in hidden else str(sum(firms))
        outcomes.add(bool(oracle(published, cells, "p%")[1]))
    assert outcomes == {True, False}


def test_cells_made_equal_by_the_lines_are_one_cell_of_a_respondent() -> None:
    """North/Mining, its margin North/Total, and another table's cell that a line makes equal
    to that margin: one cell (not several); with no such line, the other table's cell is a
    cell of its own, as before; and two inner cells stay several whatever is equal."""
    first, second = Measure("turnover", Role.MAGNITUDE), Measure("turnover", Role.MAGNITUDE)
    hidden = {0: nested_cell(first, "North", "Mining", "X"),
              1: nested_cell(first, "North", "Total", "X", ("industry",)),
              2: nested_cell(second, "North", "2023", "X")}
    assert "X" not in _respondents(hidden, {2: 1, 1: 1})
    assert sorted(_respondents(hidden)["X"]) == [0, 1, 2]
    hidden[3] = nested_cell(first, "North", "Retail", "X")
    assert sorted(_respondents(hidden, {2: 1, 1: 1})["X"]) == [0, 1, 2, 3]
