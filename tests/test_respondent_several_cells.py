"""The handbook's other insufficient protection (ESSnet *Handbook on SDC*, ch. 4.2, secondary
suppression): a respondent contributing to several hidden cells knows its own contribution to
each of them at once. Two cells one firm dominates, hidden beside a third sensitive cell of
their row, pin that third cell although neither cell's largest contributor alone could.

The release is written as the TRE writes it: ``sdc.crosstab`` of the contributions (kept in a
folder of their own, never released), cells hidden ``[c]`` by hand, and the sidecar's
``top_ids`` filled from the contributions file. The expected findings are computed here with
the handbook's method (linear programs over the published table, each respondent's own
contributions as lower bounds, its protection levels), never copied as answers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.evidence.sidecar import SidecarError, read_sidecar
from sdc.policy import build_policy
from sdc.rules.insiders import _respondents
from sdc.table import DataCell, Measure, RawCell, Role
from tests.conftest import hide_cells
from tests.parity.test_acro_mitigation import feasible_intervals
from tests.test_handbook_examples import (
    BOTH,
    COLS,
    MARGIN,
    ROWS,
    ref,
    unprotected,
    upper_protection,
)

Cells = dict[tuple[str, str], list[tuple[str, float]]]
HIDDEN = {(r, c) for r in ROWS for c in COLS}  # every inner cell; the margins published


def release_cells(mining_owner: str, retail_owner: str, farming_second: str = "f2") -> Cells:
    """North: Mining (5,000 beside 120 and 90) and Retail (3,000 beside 70 and 60) dominated by
    ``mining_owner`` / ``retail_owner``, Farming dominated by firm G (4,000 beside
    ``farming_second``'s 100 and 80); South: four firms a cell."""
    cells: Cells = {("North", "Mining"): [(mining_owner, 5_000.0), ("m2", 120.0), ("m3", 90.0)],
                    ("North", "Retail"): [(retail_owner, 3_000.0), ("r2", 70.0), ("r3", 60.0)],
                    ("North", "Farming"): [("G", 4_000.0), (farming_second, 100.0),
                                           ("f3", 80.0)]}
    for k, col in enumerate(COLS):
        cells[("South", col)] = [(f"s{col}{i}", v) for i, v in
                                 enumerate((300.0 + 7 * k, 250.0 + 5 * k, 200.0 + 3 * k, 150.0))]
    return cells


def expected_ids(per_firm: pd.Series, top_n: int) -> list[str | None] | None:
    """Who made each of a cell's ``top_n`` largest contributions (``per_firm`` descending),
    ``None`` at a rank whose contribution equals another among the first ``top_n + 1`` (which
    equal firm ranks first is arbitrary); ``None`` for the whole cell when nobody is named."""
    per_firm = per_firm[per_firm > 0]  # only positive contributions rank
    values = list(per_firm.iloc[:top_n + 1])
    ids: list[str | None] = []
    for j in range(min(top_n, len(values))):
        tied = values.count(values[j]) > 1
        ids.append(None if tied else str(per_firm.index[j]))
    ids += [None] * (top_n - len(ids))
    return ids if any(ids) else None


def write_release(tmp_path: Path, cells: Cells, fill_ids: bool = True) -> pd.DataFrame:
    """The contributions file (outside the release), the table and its sidecar with
    ``top_ids`` from the contributions file (``fill_ids``; else as ``sdc.crosstab`` wrote
    them, checked against the contributions file); the published table as read back."""
    tre, folder = tmp_path / "tre", tmp_path / "release"
    tre.mkdir()
    folder.mkdir()
    contributions = pd.DataFrame([{"region": r, "industry": c, "firm": f, "turnover": v}
                                  for (r, c), firms in cells.items() for f, v in firms])
    contributions.to_csv(tre / "contributions.csv", index=False)
    data = pd.read_csv(tre / "contributions.csv")
    table = sdc.crosstab(data.region, data.industry, values=data.turnover, aggfunc="sum",
                         contributor=data.firm, margins=True)  # top_ids by default
    path = table.to_csv(folder / "turnover.csv")
    meta = hide_cells(path, HIDDEN)
    for cell in meta["cells"]:
        coords = cell["coords"]
        rows = data[((data.region == coords["region"]) | (coords["region"] == MARGIN))
                    & ((data.industry == coords["industry"]) | (coords["industry"] == MARGIN))]
        per_firm = rows.groupby("firm").turnover.sum().sort_values(ascending=False)
        assert list(per_firm.iloc[:len(cell["top"])]) == pytest.approx(
            [t for t in cell["top"] if t > 0])
        assert cell.get("top_ids") == expected_ids(per_firm, len(cell["top"]))
        if fill_ids:
            cell["top_ids"] = [str(f) for f in per_firm.index[:len(cell["top"])]]
    Path(f"{path}.sdc.json").write_text(json.dumps(meta), encoding="utf-8")
    return pd.read_csv(path, index_col=0, dtype=str)


def grid_knowing(published: pd.DataFrame, lows: dict[str, float]) -> list[dict]:
    """The published table as linear-program cells for a respondent that knows each hidden
    cell ``lows`` names holds at least that much: the cell is written ``low + y`` (``y >=
    0``), so ``low`` comes off the published margins of its row, its column and the total."""
    out = []
    for row in published.index:
        for col in published.columns:
            at, raw = ref(row, col), published.loc[row, col]
            value = None if raw == "[c]" else float(raw)
            if value is not None:
                value -= sum(low for (r, c), low in ((_rc(k), v) for k, v in lows.items())
                             if (row, col) in ((r, MARGIN), (MARGIN, c), (MARGIN, MARGIN)))
            out.append({"ref": at, "row": row, "col": col, "value": value,
                        "blank": raw == "[c]"})
    return out


def _rc(at: str) -> tuple[str, str]:
    return [*ROWS, MARGIN][int(at[1:]) - 2], [*COLS, MARGIN][ord(at[0]) - ord("B")]


def oracle(published: pd.DataFrame, cells: Cells) -> tuple[set[str], set[str], set[str]]:
    """Hidden sensitive cells unprotected against an outsider, against the largest contributor
    of one other hidden cell of their lines, and against one respondent knowing all its
    contributions to the hidden cells of their lines (each set without the earlier ones)."""
    sensitive = {}
    for rc in HIDDEN:
        values = [v for _, v in cells[rc]]
        level = upper_protection(values, p=0.10, nk=[(2, 0.9)])
        if level > 0:
            sensitive[ref(*rc)] = (sum(values), level)

    def breached(intervals: dict[str, tuple[float, float]], lows: dict[str, float],
                 leads: set[str]) -> set[str]:
        """The sensitive cells of the lines of ``lows``' cells, but for those the respondent
        is the largest contributor of (``leads``), inside their protection."""
        near = {at for at in sensitive if at not in leads
                and any(_rc(at)[0] == _rc(o)[0] or _rc(at)[1] == _rc(o)[1] for o in lows)}
        return {at for at in near if unprotected(
            (intervals[at][0] + lows.get(at, 0.0), intervals[at][1] + lows.get(at, 0.0)),
            *sensitive[at])}

    outside = {at for at, vl in sensitive.items()
               if unprotected(feasible_intervals(grid_knowing(published, {}))[at], *vl)}
    largest: set[str] = set()
    for at in sensitive:
        low = {at: max(v for _, v in cells[_rc(at)])}
        largest |= breached(feasible_intervals(grid_knowing(published, low)), low, {at})
    joint: set[str] = set()
    for firm in {f for rc in HIDDEN for f, _ in cells[rc]}:
        lows = {ref(*rc): v for rc in HIDDEN for f, v in cells[rc] if f == firm}
        if len(lows) > 1:
            leads = {ref(*rc) for rc in HIDDEN
                     if max(cells[rc], key=lambda fv: fv[1])[0] == firm}
            joint |= breached(feasible_intervals(grid_knowing(published, lows)), lows, leads)
    return outside, largest - outside, joint - largest - outside


def sdc502(folder: Path) -> dict[str, sdc.Finding]:
    result = sdc.check(folder, build_policy(BOTH))
    return {f.location.cell: f for f in result.findings if f.rule == "SDC502"}


@pytest.mark.parametrize("farming_second", ["f2", "F"])
def test_one_firm_dominating_two_hidden_cells_pins_the_third(farming_second: str,
                                                             tmp_path: Path) -> None:
    """Firm F holds 5,000 of Mining and 3,000 of Retail: knowing both, it has North/Farming
    (4,180) within what Mining's and Retail's small firms hold (340), inside Farming's
    protection; neither cell's largest contributor alone comes near. The same when F is also
    Farming's second contributor (the one whose estimate of G the p% rule guards against)."""
    cells = release_cells("F", "F", farming_second)
    published = write_release(tmp_path, cells)
    outside, largest, joint = oracle(published, cells)
    assert (outside, largest, joint) == (set(), set(), {"B2"})
    found = sdc502(tmp_path / "release")
    assert set(found) == joint
    finding = found["B2"]
    lows = {ref("North", "Mining"): 5_000.0, ref("North", "Retail"): 3_000.0}
    if farming_second == "F":
        lows[ref("North", "Farming")] = 100.0
    lo, hi = feasible_intervals(grid_knowing(published, lows))["B2"]
    lo, hi = lo + lows.get("B2", 0.0), hi + lows.get("B2", 0.0)
    assert finding.evidence["interval"] == pytest.approx([lo, hi])
    assert hi == pytest.approx(4_180 + 120 + 90 + 70 + 60)
    assert finding.evidence["protection"] == pytest.approx(
        upper_protection([4_000, 100, 80], p=0.10, nk=[(2, 0.9)]))
    assert finding.status.value == "fail"
    assert [loc.cell for loc in finding.related] == ["C2", "D2"]
    assert "one contributor to the suppressed cells turnover.csv!C2, turnover.csv!D2" in (
        finding.message)
    assert "4180" not in (finding.public_message or "")


@pytest.mark.parametrize(("retail_owner", "expected"), [("F", {"B2"}), ("H", set())])
def test_the_api_names_the_contributors_itself(retail_owner: str, expected: set[str],
                                               tmp_path: Path) -> None:
    """``sdc.crosstab(..., contributor=firm)`` writes ``top_ids`` itself (checked against the
    contributions file in ``write_release``): the one-firm case is found without a TRE
    filling them in, and its twin (Retail led by H) still passes."""
    cells = release_cells("F", retail_owner)
    published = write_release(tmp_path, cells, fill_ids=False)
    assert oracle(published, cells)[2] == expected
    assert set(sdc502(tmp_path / "release")) == expected


def test_two_firms_dominating_the_two_cells_leave_the_third_protected(tmp_path: Path) -> None:
    """The safe twin: Mining dominated by F, Retail by H: each knows one lower bound only, and
    North/Farming stays free by what the other cell holds."""
    cells = release_cells("F", "H")
    published = write_release(tmp_path, cells)
    assert oracle(published, cells) == (set(), set(), set())
    assert sdc502(tmp_path / "release") == {}


def test_without_contributor_ids_the_release_is_audited_as_before(tmp_path: Path) -> None:
    """No ``top_ids``: nothing says F is in both cells, so the finding needs them (the
    largest-contributor audit alone, as before this round)."""
    cells = release_cells("F", "F")
    write_release(tmp_path, cells)
    sidecar = tmp_path / "release" / "turnover.csv.sdc.json"
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    for cell in meta["cells"]:
        cell.pop("top_ids", None)
    sidecar.write_text(json.dumps(meta), encoding="utf-8")
    assert sdc502(tmp_path / "release") == {}


@pytest.mark.parametrize("bad", [["F", 3], "F", ["a", "b", "c", "d", "e", "f", "g"]])
def test_malformed_top_ids_make_the_sidecar_unusable(bad: object, tmp_path: Path) -> None:
    cells = release_cells("F", "F")
    write_release(tmp_path, cells)
    sidecar = tmp_path / "release" / "turnover.csv.sdc.json"
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    meta["cells"][0]["top_ids"] = bad
    sidecar.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(SidecarError, match="top_ids"):
        read_sidecar(sidecar)


def nested_cell(measure: Measure, region: str, industry: str, firm: str,
                margins: tuple[str, ...] = ()) -> DataCell:
    """A hidden magnitude of ``measure`` whose largest contributor is ``firm`` (400 of 1,000,
    three units), a margin at ``margins``."""
    coords = {"region": region, "industry": industry}
    return DataCell(measure, coords, RawCell(0, 0, "[c]"), frozenset(margins),
                    {"top": [400.0, 350.0], "top_ids": [firm, "other"], "total": 1_000.0,
                     "n_units": 3})


def test_a_cell_and_its_hidden_margins_are_one_cell_of_a_respondent() -> None:
    """Every contributor of a hidden cell is in that cell's hidden margins too: a firm found
    only in one cell and the margins of that cell is the single-cell case, not several cells
    (the parity cases of tests/parity/test_handbook_protection.py with hidden margins, now
    that the API writes ``top_ids``)."""
    turnover = Measure("turnover", Role.MAGNITUDE)
    hidden = {0: nested_cell(turnover, "North", "Mining", "X"),
              1: nested_cell(turnover, "North", "Total", "X", ("industry",)),
              2: nested_cell(turnover, "Total", "Total", "X", ("region", "industry"))}
    assert "X" not in _respondents(hidden)


def test_a_respondent_in_two_cells_is_audited_with_its_margins_too() -> None:
    """Two cells neither of which is a margin of the other make several cells; the margins
    the firm is also in stay among the bounds it is audited with."""
    turnover = Measure("turnover", Role.MAGNITUDE)
    hidden = {0: nested_cell(turnover, "North", "Mining", "X"),
              1: nested_cell(turnover, "North", "Retail", "X"),
              2: nested_cell(turnover, "North", "Total", "X", ("industry",))}
    assert sorted(_respondents(hidden)["X"]) == [0, 1, 2]


def test_cells_of_two_tables_are_never_taken_as_nested() -> None:
    """Nesting is read within one table (one measure) only: the same labels in another
    table's cells are two cells of the respondent, audited jointly (more bounds, never
    fewer)."""
    first, second = Measure("turnover", Role.MAGNITUDE), Measure("turnover", Role.MAGNITUDE)
    hidden = {0: nested_cell(first, "North", "Mining", "X"),
              1: nested_cell(second, "North", "Total", "X", ("industry",))}
    assert sorted(_respondents(hidden)["X"]) == [0, 1]
