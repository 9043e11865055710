"""Worked examples of the ESSnet *Handbook on Statistical Disclosure Control* (Hundepool et
al., the sdcTools edition), rebuilt as the files a researcher hands over and checked with
``sdc check``. Each test names its example; the expected findings are computed here with the
handbook's own method (linear programs for feasible intervals, its protection-level formulas,
its differencing by subtraction), never copied as answers.

* ch. 4.2, "Example 4": a cell of 330 with contributions 300, 20 and 10 is unsafe under the
  (1, 85%) rule; suppressed, it is protected only when its feasible upper bound reaches
  ``100/85 * 300``;
* ch. 4.2, after the table of upper protection levels: two hidden *singletons* (cells of one
  contributor) that protect each other are no protection, each contributor knowing its own
  value; a pattern is valid only when no respondent can use its own contribution to narrow
  another hidden cell below its protection;
* ch. 4.2, "Sampling weights": sdc takes a unit's contribution as its weighted value, the
  handbook's rule for weights that are not kept confidential;
* ch. 5.2, "Disclosure by differencing": the geographical example (one area under two
  boundary definitions), the linking example (all persons beside males) and the
  sub-population example (hours worked banded <20/20-39 and <25/25-39).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from sdc.protect.protection import ProtectResult, protect
from tests.conftest import publish_turnover
from tests.parity.test_acro_mitigation import feasible_intervals

ROWS = ["North", "South"]  # pandas sorts them so
COLS = ["Farming", "Mining", "Retail"]
MARGIN = "All"


def firms(*values: float) -> list[float]:
    return [float(v) for v in values]


def ref(row: str, col: str) -> str:
    """Where pandas' to_csv puts a cell of the table: one header line, one index column."""
    return f"{chr(ord('B') + [*COLS, MARGIN].index(col))}{[*ROWS, MARGIN].index(row) + 2}"


def cell_firms(cells: dict[tuple[str, str], list[float]], row: str, col: str) -> list[float]:
    return [v for (r, c), values in cells.items() if row in (r, MARGIN) and col in (c, MARGIN)
            for v in values]


def write_turnover(folder: Path, cells: dict[tuple[str, str], list[float]],
                   hidden: set[tuple[str, str]]) -> pd.DataFrame:
    """:func:`publish_turnover`, with the rows and columns where :func:`ref` places them."""
    published = publish_turnover(folder, cells, hidden)
    assert list(published.index) == [*ROWS, MARGIN]
    assert list(published.columns) == [*COLS, MARGIN]
    return published


def grid(published: pd.DataFrame, known: dict[str, float] | None = None,
         at_least: tuple[str, str, float] | None = None) -> list[dict]:
    """The published table as linear-program cells; ``known`` adds cells an insider knows
    exactly, ``at_least = (row, col, low)`` a hidden cell it knows to hold at least ``low``
    (written ``x = low + y``, ``y >= 0``: ``low`` comes off the cell's published margins)."""
    known = known or {}
    out = []
    for row in published.index:
        for col in published.columns:
            at, raw = ref(row, col), published.loc[row, col]
            blank = raw == "[c]" and at not in known
            value = None if blank else known.get(at, float(raw) if raw != "[c]" else None)
            if at_least is not None and value is not None and at not in known:
                r, c, low = at_least
                if (row, col) in ((r, MARGIN), (MARGIN, c), (MARGIN, MARGIN)):
                    value -= low
            out.append({"ref": at, "row": row, "col": col, "value": value, "blank": blank})
    return out


def upper_protection(values: list[float], *, p: float | None, nk: list[tuple[int, float]]
                     ) -> float:
    """The handbook's upper protection level (its table of levels): p% ``p*x1 - (X - x1 -
    x2)``, (n, k) ``(x1 + .. + xn)/k - X``; the largest the rules ask, 0 for a safe cell."""
    top, total = [*sorted(values, reverse=True), 0.0, 0.0, 0.0], sum(values)
    levels = [0.0]
    if p is not None:
        levels.append(p * top[0] - (total - top[0] - top[1]))
    levels += [sum(top[:n]) / k - total for n, k in nk]
    return max(levels)


def unprotected(interval: tuple[float, float], value: float, level: float) -> bool:
    lo, hi = interval
    return level > 0 and (hi - value < level or value - lo < level)


def findings(folder: Path, policy: dict, code: str) -> dict[str, sdc.Finding]:
    result = sdc.check(folder, build_policy(policy))
    return {f.location.cell: f for f in result.findings if f.rule == code}


# -- ch. 4.2, Example 4: the (1, 85%) rule's protection level -------------------------------

ONE_85 = {"rules": {"small-count": {"threshold": 3}, "p-percent": {"status": "off"},
                    "nk-dominance": {"rules": [{"n": 1, "k": 0.85}]}}}
EXAMPLE_4 = firms(300, 20, 10)  # X = 330


def example_4_cells(partner: float) -> dict[tuple[str, str], list[float]]:
    """Example 4's cell at North/Mining, hidden with a rectangle whose partner cells hold
    ``partner`` spread over three firms each (safe cells), the rest larger."""
    share = partner / 3
    cells = {(r, c): firms(400, 350, 300) for r in ROWS for c in COLS}
    cells[("North", "Mining")] = EXAMPLE_4
    for at in (("North", "Retail"), ("South", "Mining"), ("South", "Retail")):
        cells[at] = firms(share, share, share)
    return cells


@pytest.mark.parametrize("partner", [15.0, 60.0, 300.0])
def test_example_4_one_85_rule_protection_level(partner: float, tmp_path: Path) -> None:
    """Hidden in a rectangle, the cell can rise by as much as its smallest partner holds: with
    partners of 15 its upper bound stays below 100/85 * 300 (unsafe), with 60 or 300 it
    reaches it (protected)."""
    cells = example_4_cells(partner)
    hidden = {("North", "Mining"), ("North", "Retail"), ("South", "Mining"), ("South", "Retail")}
    published = write_turnover(tmp_path / "release", cells, hidden)
    intervals = feasible_intervals(grid(published))
    level = upper_protection(EXAMPLE_4, p=None, nk=[(1, 0.85)])
    assert level == pytest.approx(100 / 85 * 300 - 330)  # the handbook's 352.94 - 330
    want = {at for r, c in hidden if unprotected(
        intervals[at := ref(r, c)], sum(cell_firms(cells, r, c)),
        upper_protection(cell_firms(cells, r, c), p=None, nk=[(1, 0.85)]))}
    assert want == ({"C2"} if partner < level else set())
    found = findings(tmp_path / "release", ONE_85, "SDC502")
    assert set(found) == want
    for at, finding in found.items():
        assert finding.evidence["interval"] == pytest.approx(list(intervals[at]))
        assert finding.evidence["protection"] == pytest.approx(level)


# -- ch. 4.2, singletons: each single contributor knows its own value ------------------------

BOTH = {"rules": {"small-count": {"threshold": 3}, "p-percent": {"p": 0.10},
                  "nk-dominance": {"rules": [{"n": 2, "k": 0.9}]}}}


def singleton_cells(third: list[float]) -> dict[tuple[str, str], list[float]]:
    """Two single-firm cells in North (Mining 5,000, Retail 3,000), North/Farming ``third``,
    every other cell four firms."""
    cells = {(r, c): firms(300 + 7 * k, 250 + 5 * k, 200 + 3 * k, 150)
             for k, (r, c) in enumerate((r, c) for r in ROWS for c in COLS)}
    cells[("North", "Mining")] = firms(5_000)
    cells[("North", "Retail")] = firms(3_000)
    cells[("North", "Farming")] = third
    return cells


def insider_oracle(published: pd.DataFrame, cells: dict[tuple[str, str], list[float]],
                   hidden: set[tuple[str, str]]) -> tuple[set[str], set[str]]:
    """The hidden sensitive cells an outsider cannot narrow enough (published table alone),
    and those the largest contributor of another hidden sensitive cell of the same row or
    column can, knowing its own contribution (the whole cell when it is the only one)."""
    outside = feasible_intervals(grid(published))
    sensitive = {(r, c): (sum(cells[(r, c)]), upper_protection(
        cells[(r, c)], p=0.10, nk=[(2, 0.9)])) for r, c in hidden}
    sensitive = {rc: vl for rc, vl in sensitive.items() if vl[1] > 0}
    by_outsider = {ref(*rc) for rc, (value, level) in sensitive.items()
                   if unprotected(outside[ref(*rc)], value, level)}
    by_insider = set()
    for (r, c), values in cells.items():
        if (r, c) not in sensitive:
            continue
        if len(values) == 1:
            inside = feasible_intervals(grid(published, {ref(r, c): values[0]}))
        else:
            seen = feasible_intervals(grid(published, at_least=(r, c, max(values))))
            inside = {at: (lo + max(values), hi + max(values)) if at == ref(r, c) else (lo, hi)
                      for at, (lo, hi) in seen.items()}
        by_insider |= {ref(*rc) for rc, (value, level) in sensitive.items()
                       if rc != (r, c) and (rc[0] == r or rc[1] == c)
                       and unprotected(inside[ref(*rc)], value, level)}
    return by_outsider, by_insider - by_outsider


def test_two_singletons_hidden_together_disclose_each_other(tmp_path: Path) -> None:
    """North/Mining and North/Retail, one firm each, hidden in a rectangle with South: wide
    intervals to an outsider, but each firm subtracts its own value from what the rectangle
    leaves and has the other's exactly."""
    cells = singleton_cells(firms(400, 380, 350))
    hidden = {("North", "Mining"), ("North", "Retail"), ("South", "Mining"), ("South", "Retail")}
    published = write_turnover(tmp_path / "release", cells, hidden)
    by_outsider, by_insider = insider_oracle(published, cells, hidden)
    assert by_outsider == set()
    assert by_insider == {"C2", "D2"}
    found = findings(tmp_path / "release", BOTH, "SDC502")
    assert set(found) == by_insider
    assert found["C2"].evidence["interval"] == [5_000.0, 5_000.0]
    assert found["D2"].evidence["interval"] == [3_000.0, 3_000.0]
    assert {loc.cell for loc in found["C2"].related} == {"D2"}
    assert found["C2"].status.value == "fail"
    assert "[c]" not in json.dumps(found["C2"].public_message)
    assert "5000" not in (found["C2"].public_message or "")  # values stay out of public text


def test_two_dominated_cells_hidden_together_are_narrowed_by_their_largest_firms(
        tmp_path: Path) -> None:
    """The handbook's wider case: the only other hidden cell of the line is sensitive too.
    North/Mining (5,000 beside 120 and 90) and North/Retail (3,000 beside 70 and 60): each
    dominant firm knows its cell holds at least its own turnover, so the other cell can
    exceed its true value by no more than the first cell's small firms hold."""
    cells = singleton_cells(firms(400, 380, 350))
    cells[("North", "Mining")] = firms(5_000, 120, 90)
    cells[("North", "Retail")] = firms(3_000, 70, 60)
    hidden = {("North", "Mining"), ("North", "Retail"), ("South", "Mining"), ("South", "Retail")}
    published = write_turnover(tmp_path / "release", cells, hidden)
    by_outsider, by_insider = insider_oracle(published, cells, hidden)
    assert by_outsider == set()
    assert by_insider == {"C2", "D2"}
    found = findings(tmp_path / "release", BOTH, "SDC502")
    assert set(found) == by_insider
    # Retail can rise by what Mining's small firms hold: 3,130 + 210
    assert found["D2"].evidence["interval"][1] == pytest.approx(3_130 + 120 + 90)


def test_one_dominated_cell_hidden_with_safe_partners_is_protected(tmp_path: Path) -> None:
    """The twin with one sensitive hidden cell (Mining, 5,000 beside 120 and 90) and three
    safe partners: no other respondent's own contribution narrows it."""
    cells = singleton_cells(firms(400, 380, 350))
    cells[("North", "Mining")] = firms(5_000, 120, 90)
    cells[("North", "Retail")] = firms(800, 700, 650, 600)
    hidden = {("North", "Mining"), ("North", "Retail"), ("South", "Mining"), ("South", "Retail")}
    published = write_turnover(tmp_path / "release", cells, hidden)
    assert insider_oracle(published, cells, hidden) == (set(), set())
    assert findings(tmp_path / "release", BOTH, "SDC502") == {}


def test_singletons_with_a_third_hidden_cell_in_their_line_stay_protected(
        tmp_path: Path) -> None:
    """The safe twin: the whole of North and South hidden but the margins (a 2 x 3 block),
    North/Farming's firms large: a singleton's own value leaves the other singleton free to
    move by as much as Farming holds."""
    cells = singleton_cells(firms(2_000, 1_900, 1_800))
    hidden = {(r, c) for r in ROWS for c in COLS}
    published = write_turnover(tmp_path / "release", cells, hidden)
    assert insider_oracle(published, cells, hidden) == (set(), set())
    assert findings(tmp_path / "release", BOTH, "SDC502") == {}


# -- ch. 4.2, sampling weights -----------------------------------------------------------

P_ONLY = {"rules": {"small-count": {"threshold": 2}, "p-percent": {"p": 0.10},
                    "nk-dominance": {"status": "off"}}}


@pytest.mark.parametrize("sample", [
    [(100.0, 4), (10.0, 7)],  # the handbook's example: 470
    [(100.0, 2), (1.0, 3), (40.0, 5), (30.0, 6)],  # its over-protection example, larger
    [(100.0, 1), (90.0, 1), (80.0, 1), (70.0, 1), (60.0, 1)],
])
def test_sampling_weights_weighted_contributions(sample: list[tuple[float, int]],
                                                 tmp_path: Path) -> None:
    """sdc ranks each sampled unit by its weighted value ``w * x``: the handbook's p% rule
    when the weights are not confidential, ``X - w1 x1 - w2 x2 < p * x1`` with ``x1`` the
    largest weighted contribution (at least as strict as its other two readings)."""
    rows = [("a", f"f{i}", x, w) for i, (x, w) in enumerate(sample)]
    df = pd.DataFrame(rows, columns=["cell", "firm", "turnover", "w"]).assign(sector="S")
    folder = tmp_path / "release"
    folder.mkdir()
    sdc.crosstab(df.cell, df.sector, values=df.turnover, aggfunc="sum", contributor=df.firm,
                 weights=df.w).to_csv(folder / "t.csv")
    weighted = sorted((x * w for x, w in sample), reverse=True)
    total = sum(weighted)
    unsafe = total - weighted[0] - weighted[1] < 0.10 * weighted[0]
    # the handbook's own sample reading: the two largest observations, unweighted
    observed = sorted((x for x, _ in sample), reverse=True)
    sample_rule = total - observed[0] - observed[1] < 0.10 * observed[0]
    assert unsafe or not sample_rule  # never laxer than the handbook's sample reading
    found = findings(folder, P_ONLY, "SDC202")
    assert set(found) == ({"B2"} if unsafe else set())


# -- ch. 5.2, disclosure by differencing ----------------------------------------------------

def check_folder(folder: Path, files: dict[str, str], threshold: int = 10
                 ) -> dict[str, list[sdc.Finding]]:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    policy = build_policy({"rules": {"small-count": {"threshold": threshold}}})
    result = sdc.check(folder, policy)
    by_file: dict[str, list[sdc.Finding]] = {name: [] for name in files}
    for f in result.findings:
        by_file[f.location.path].append(f)
    return by_file


def csv_text(header: list[str], rows: list[list]) -> str:
    return "\n".join(",".join(str(v) for v in line) for line in [header, *rows]) + "\n"


SINGLE_HH = ["hours worked", "Single person household male", "Single person household female"]
HOURS = ["More than 30", "16-30", "15 or less"]
OA_2001 = [[50, 54], [128, 140], [39, 49]]  # Area A, 2001 output-area definition
ED_1991 = [[52, 55], [130, 140], [39, 49]]  # Area A, 1991 enumeration-district definition


def by_hours(counts: list[list[int]]) -> list[list]:
    return [[h, *v] for h, v in zip(HOURS, counts, strict=True)]


def test_geographical_differencing_of_two_area_definitions(tmp_path: Path) -> None:
    """The two definitions of Area A differ by a sliver of land: subtracting one table from
    the other gives the sliver's table, whose non-zero cells (2, 1, 2) are small."""
    found = check_folder(tmp_path / "release", {
        "area_a_2001_oa.csv": csv_text(SINGLE_HH, by_hours(OA_2001)),
        "area_a_1991_ed.csv": csv_text(SINGLE_HH, by_hours(ED_1991)),
    })
    sliver = {f"{chr(ord('B') + j)}{i + 2}": b - a
              for i, (row_a, row_b) in enumerate(zip(OA_2001, ED_1991, strict=True))
              for j, (a, b) in enumerate(zip(row_a, row_b, strict=True))}
    want = {at for at, d in sliver.items() if 0 < d < 10}
    assert want == {"B2", "C2", "B3"}
    both = [f for fs in found.values() for f in fs if f.rule == "SDC503"]
    assert {f.location.cell for f in both} == want
    assert {f.status.value for f in both} == {"fail"}
    for f in both:  # the sliver's count is the difference of the two cells
        assert f.evidence["difference"] == sliver[f.location.cell]


BANDS_A = ["<20", "20-39", "40-59", "60-69", "70 or more"]
BANDS_B = ["<25", "25-39", "40-59", "60-69", "70 or more"]
MALE_A, FEMALE_A = [6, 9, 5, 8, 4], [10, 38, 51, 42, 32]
MALE_B, FEMALE_B = [7, 8, 5, 8, 4], [10, 38, 51, 42, 32]


def test_sub_population_differencing_of_recoded_bands(tmp_path: Path) -> None:
    """Hours worked banded <20/20-39 in one table and <25/25-39 in another: (<25) - (<20)
    is the 20-24 band, one man (the handbook's threshold 3: nothing else is small)."""
    found = check_folder(tmp_path / "release", {
        "hours_by_sex_a.csv": csv_text(["sex", *BANDS_A], [["Male", *MALE_A],
                                                           ["Female", *FEMALE_A]]),
        "hours_by_sex_b.csv": csv_text(["sex", *BANDS_B], [["Male", *MALE_B],
                                                           ["Female", *FEMALE_B]]),
    }, threshold=3)
    derived = {"Male": MALE_B[0] - MALE_A[0], "Female": FEMALE_B[0] - FEMALE_A[0]}
    assert derived == {"Male": 1, "Female": 0}
    want = {("hours_by_sex_b.csv", "B2")}  # the male <25 cell, of which 1 is 20-24
    got = {(f.location.path, f.location.cell, f.status.value) for fs in found.values()
           for f in fs if f.rule == "SDC503"}
    assert {(path, cell) for path, cell, status in got if status == "fail"} == want
    # and the renamed re-runs' reading (round 50), pairing <25 with <20 and 25-39 with
    # 20-39: 7 - 6 and 9 - 8 are the same 20-24 man, so a review at both (a relabelled band is
    # an insider's renaming as much as a re-banding: the band algebra does not read 0-15/16-64
    # against 0-17/18-64, tests/test_names50_fail_closed.py)
    assert {(path, cell) for path, cell, status in got if status == "review"} == {
        ("hours_by_sex_b.csv", "B2"), ("hours_by_sex_b.csv", "C2")}


# the handbook's linking example: all persons of Area A, and males (its table of males by
# where they live and work, 21 / 58 / 23, brought to the first table's columns)
WHOLE = {"number working in area": 49, "number living in area": 102,
         "living and working in area": 22}
MALES_LIVE_AND_WORK, MALES_LIVE_ONLY, MALES_WORK_ONLY = 21, 58, 23


def test_linking_all_persons_beside_males(tmp_path: Path) -> None:
    """Area A's residence and workplace counts for everyone, and the same for males: their
    difference is the females' table, with one woman living and working in Area A. Each
    count column of the long table is compared with its own column of the whole."""
    males = {"number working in area": MALES_LIVE_AND_WORK + MALES_WORK_ONLY,
             "number living in area": MALES_LIVE_AND_WORK + MALES_LIVE_ONLY,
             "living and working in area": MALES_LIVE_AND_WORK}
    columns = list(WHOLE)
    found = check_folder(tmp_path / "release", {
        "residence_workplace.csv": csv_text(["area", *columns],
                                            [["Area A", *WHOLE.values()]]),
        "males_residence_workplace.csv": csv_text(["area", *columns],
                                                  [["Area A", *males.values()]]),
    })
    females = {name: WHOLE[name] - males[name] for name in columns}
    assert females["living and working in area"] == 1  # the handbook's unique woman
    want = {f"{chr(ord('B') + j)}2" for j, name in enumerate(columns)
            if 0 < females[name] < 10}
    assert want == {"B2", "D2"}
    got = {f.location.cell: f for f in found["males_residence_workplace.csv"]
           if f.rule == "SDC503"}
    assert set(got) == want
    for at, finding in got.items():
        assert finding.evidence["difference"] == females[columns[ord(at[0]) - ord("B")]]
        assert finding.status.value == "review"  # the subgroup is named by the file alone
    assert not [f for f in found["residence_workplace.csv"] if f.rule == "SDC503"]


PRACTICES = {"A": [120, 40, 80], "B": [130, 50, 80], "C": [140, 60, 80]}
MEASURES = ["admissions", "deaths", "discharges"]


@pytest.mark.parametrize("changed", [0, 1, 2])
def test_rerun_with_one_extra_unit_in_any_count_column(changed: int, tmp_path: Path) -> None:
    """A long table of three counts per practice run again with a few more patients in one
    column: the difference is those patients, whichever column it is in (before, only the
    first column of a long table was compared)."""
    again = {k: list(v) for k, v in PRACTICES.items()}
    again["C"][changed] += 3
    found = check_folder(tmp_path / "release", {
        "run_1.csv": csv_text(["practice", *MEASURES], [[k, *v] for k, v in PRACTICES.items()]),
        "run_2.csv": csv_text(["practice", *MEASURES], [[k, *v] for k, v in again.items()]),
    })
    diffs = {f"{chr(ord('B') + j)}{i + 2}": b - a
             for i, k in enumerate(PRACTICES)
             for j, (a, b) in enumerate(zip(PRACTICES[k], again[k], strict=True))}
    want = {at for at, d in diffs.items() if 0 < d < 10}
    assert len(want) == 1
    got = {f.location.cell for f in found["run_2.csv"] if f.rule == "SDC503"}
    assert got == want
    assert not [f for f in found["run_1.csv"] if f.rule == "SDC503"]


def test_same_long_table_twice_is_no_rerun(tmp_path: Path) -> None:
    """The safe twin: the same long table of three counts saved twice differs nowhere."""
    text = csv_text(["practice", *MEASURES], [[k, *v] for k, v in PRACTICES.items()])
    found = check_folder(tmp_path / "release", {"run_1.csv": text, "run_2.csv": text})
    assert not [f for fs in found.values() for f in fs if f.rule == "SDC503"]


# -- ch. 4.1, Example 1a: a sector and its three sub-sectors ---------------------------------

SECTOR = 56_600
SUBSECTORS = {"Subsector I": None, "Subsector II": 47_600, "Subsector III": 8_002}


@pytest.mark.parametrize("secondary", [False, True])
def test_example_1a_sector_total_gives_the_hidden_subsector_away(secondary: bool,
                                                                 tmp_path: Path) -> None:
    """Production of a sector published with two of its three sub-sectors: the hidden one is
    the total minus the others (56,600 - 47,600 - 8,002). Read as sums only by the word
    ``Total`` (no fully published line shows the column adds up), it is ``review``; with
    Subsector III hidden too (the handbook's secondary suppression) nothing is recovered."""
    shown = dict(SUBSECTORS)
    if secondary:
        shown["Subsector III"] = None
    rows = [[name, "[c]" if v is None else v] for name, v in shown.items()]
    found = check_folder(tmp_path / "release", {
        "production.csv": csv_text(["subsector", "production"], [*rows, ["Total", SECTOR]])})
    exact = {f.location.cell: f for f in found["production.csv"] if f.rule == "SDC501"}
    if secondary:
        assert exact == {}
        return
    assert set(exact) == {"B2"}
    assert exact["B2"].evidence["value"] == SECTOR - sum(v for v in shown.values() if v)
    assert exact["B2"].status.value == "review"


# -- sdcTable-style hierarchy: districts within regions, with sub-totals -----------------

DISTRICTS = {"North": {"N1": (None, None, 25), "N2": (14, 16, 30), "N3": (12, 13, 25)},
             "South": {"S1": (20, 21, 41), "S2": (22, 17, 39)}}
REGION_TOTALS = {"North": (40, 40, 80), "South": (42, 38, 80)}


def test_hierarchy_hidden_district_row_recovered_through_its_region(tmp_path: Path) -> None:
    """A district row hidden whole (N1: male and female, its total shown) is protected in its
    row, but the region's sub-total row recovers each cell: N1 male = North male - N2 - N3.
    The grand total alone would not (it spans both regions)."""
    rows = []
    for region, districts in DISTRICTS.items():
        for name, (m, f, t) in districts.items():
            rows.append([region, name, "[c]" if m is None else m, "[c]" if f is None else f, t])
        rows.append([region, "Total", *REGION_TOTALS[region]])
    rows.append(["Total", "Total", *(sum(v[k] for v in REGION_TOTALS.values())
                                     for k in range(3))])
    found = check_folder(tmp_path / "release", {
        "by_district.csv": csv_text(["region", "district", "Male", "Female", "Total"], rows)})
    north = DISTRICTS["North"]
    want = {"C2": REGION_TOTALS["North"][0] - north["N2"][0] - north["N3"][0],
            "D2": REGION_TOTALS["North"][1] - north["N2"][1] - north["N3"][1]}
    exact = {f.location.cell: f for f in found["by_district.csv"] if f.rule == "SDC501"}
    assert {at: f.evidence["value"] for at, f in exact.items()} == want
    assert {f.status.value for f in exact.values()} == {"fail"}


# -- ch. 5.2, linked tables: protection in one table must hold in all ------------------------

def test_linked_tables_sharing_a_margin(tmp_path: Path) -> None:
    """Region by sex publishes each region's total; region by age hides one age cell per
    row and no row total: the other table's total gives each hidden cell (the link rests on
    the labels alone: ``review``). The twin hides two cells a row: nothing recovered."""
    by_sex = csv_text(["region", "Male", "Female", "Total"],
                      [["North", 40, 40, 80], ["South", 42, 38, 80], ["Total", 82, 78, 160]])
    shown = {"North": 77, "South": 60}
    found = check_folder(tmp_path / "one", {
        "by_sex.csv": by_sex,
        "by_age.csv": csv_text(["region", "under 30", "30 and over"],
                               [["North", "[c]", shown["North"]],
                                ["South", "[c]", shown["South"]], ["Total", 23, 137]])})
    exact = {f.location.cell: f for f in found["by_age.csv"] if f.rule == "SDC501"}
    assert {at: f.evidence["value"] for at, f in exact.items()} == {"B2": 80 - 77, "B3": 80 - 60}
    assert {f.status.value for f in exact.values()} == {"review"}
    twin = check_folder(tmp_path / "twin", {
        "by_sex.csv": by_sex,
        "by_age.csv": csv_text(["region", "under 30", "30 to 59", "60 and over"],
                               [["North", "[c]", "[c]", 40], ["South", "[c]", "[c]", 35],
                                ["Total", 23, 62, 75]])})
    assert not [f for fs in twin.values() for f in fs if f.rule in ("SDC501", "SDC502")]


# -- sdc protect plans for the singletons' insiders ------------------------------------------

def protect_turnover(tmp_path: Path, cells: dict[tuple[str, str], list[float]]
                     ) -> tuple[Path, ProtectResult]:
    records = [{"region": r, "industry": c, "firm": f"{r}-{c}-{i}", "turnover": v}
               for (r, c), values in cells.items() for i, v in enumerate(values)]
    data = pd.DataFrame(records)
    source = tmp_path / "source"
    source.mkdir()
    sdc.crosstab(data.region, data.industry, values=data.turnover, aggfunc="sum",
                 contributor=data.firm, margins=True).to_csv(source / "turnover.csv")
    result = protect(source / "turnover.csv", policy=BOTH)
    out = tmp_path / "release"
    out.mkdir()
    result.write(out / "turnover.csv", log=False)
    return out, result


def test_protect_hides_a_third_cell_beside_two_singletons(tmp_path: Path) -> None:
    """``sdc protect`` of the singletons' table: the planner's rectangle left each firm the
    other's value; a third cell of their line is hidden too (the handbook's remedy), and the
    protected table passes the insider audit and sdc check's suppression rules."""
    cells = singleton_cells(firms(400, 380, 350))
    out, result = protect_turnover(tmp_path, cells)
    published = pd.read_csv(out / "turnover.csv", index_col=0, dtype=str)
    hidden = {(r, c) for r in ROWS for c in COLS if published.loc[r, c] == "[c]"}
    assert {("North", "Mining"), ("North", "Retail"), ("North", "Farming")} <= hidden
    assert insider_oracle(published, cells, hidden) == (set(), set())
    assert not findings(out, BOTH, "SDC502") and not findings(out, BOTH, "SDC501")
    added = [d for d in result.decisions if "largest contributor" in " ".join(d.reasons)]
    assert [d.cell for d in added] == ["B2"]


def test_protect_leaves_one_singleton_to_the_planner(tmp_path: Path) -> None:
    """The twin: one singleton (North/Mining) among safe cells: nothing for an insider to
    learn, no cell added for one."""
    cells = singleton_cells(firms(400, 380, 350))
    cells[("North", "Retail")] = firms(800, 700, 650, 600)
    out, result = protect_turnover(tmp_path, cells)
    assert not [d for d in result.decisions if "largest contributor" in " ".join(d.reasons)]
    assert not findings(out, BOTH, "SDC502") and not findings(out, BOTH, "SDC501")


def test_protect_insider_repair_stops_at_the_time_limit(tmp_path: Path) -> None:
    """Out of time, no re-planning for insiders: the table is reported not proven protected
    (the time limit's usual outcome), never written as if it were."""
    cells = singleton_cells(firms(400, 380, 350))
    records = [{"region": r, "industry": c, "firm": f"{r}-{c}-{i}", "turnover": v}
               for (r, c), values in cells.items() for i, v in enumerate(values)]
    data = pd.DataFrame(records)
    sdc.crosstab(data.region, data.industry, values=data.turnover, aggfunc="sum",
                 contributor=data.firm, margins=True).to_csv(tmp_path / "turnover.csv")
    result = protect(tmp_path / "turnover.csv", policy=BOTH, time_limit=1e-6)
    assert result.timed_out
    assert not [d for d in result.decisions if "largest contributor" in " ".join(d.reasons)]
    assert set(result.unprotected) == {"C2", "D2"}


def test_counts_whose_rows_no_label_tells_apart_are_not_compared(tmp_path: Path) -> None:
    """Two survival tables of different cohorts (statsmodels' columns, times as numbers, no
    label column): a count's rows share their (empty) labels, so nothing says which row of
    one is which of the other; no column is compared with the other table's (as before the
    long-table keys), whatever their numbers."""
    header = ["Time", "Surv prob", "Surv prob SE", "num at risk", "num events"]
    found = check_folder(tmp_path / "release", {
        "cohort_a.csv": csv_text(header, [[5, 0.909, 0.087, 11, 1], [7, 0.818, 0.116, 10, 1],
                                          [20, 0.701, 0.147, 7, 1]]),
        "cohort_b.csv": csv_text(header, [[21, 0.8, 0.179, 5, 1], [28, 0.0, "", 1, 1]]),
    })
    assert not [f for fs in found.values() for f in fs if f.rule == "SDC503"]
