"""A count beside a part of it whose headers say so without sharing a word (hunt round 19,
issue 12): ``patients`` beside ``of whom vaccinated``, ``all patients`` beside ``vaccinated``,
``n`` beside ``deaths``. The part less the whole is a count printed nowhere (3 unvaccinated);
it passed, as only a part repeating the whole's words (``patients aged 18+``) was paired.
Tables written by pandas ``groupby().agg().to_csv()``, checked in-process."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.count_pairs import whole_and_part


@pytest.mark.parametrize(("whole", "part"), [("patients", "of whom vaccinated"),
                                             ("patients", "Of which: emergency"),
                                             ("all patients", "vaccinated"),
                                             ("n", "deaths")])
def test_a_part_the_headers_say_nests_leaves_a_count(tmp_path: Path, whole: str,
                                                     part: str) -> None:
    # North: 3 without the event, printed nowhere; the part's cell C3 gives it away
    result = whole_and_part(tmp_path, whole, part, [25, 3, 30])
    assert ("SDC101", "t.csv", "C3") in findings_of(result)
    assert result.status.value == "review"
    (finding,) = [f for f in result.findings if f.rule == "SDC101"]
    assert finding.status.value == "review"


def test_a_large_rest_and_two_names_of_one_count_pass(tmp_path: Path) -> None:
    assert whole_and_part(tmp_path, "patients", "of whom vaccinated", [25, 12, 30]
                  ).status.value == "pass"
    same = tmp_path / "same"
    same.mkdir()
    assert whole_and_part(same, "n", "total", [0, 0, 0]).status.value == "pass"


def _survived(folder: Path, header: str, died: list[int]) -> sdc.RunResult:
    """Per region, the patients and the share of them who survived (``died`` did not)."""
    rng = np.random.default_rng(7)
    rows = []
    for region, dead in zip(["East", "North", "South"], died, strict=True):
        alive = int(rng.integers(25, 60))
        rows += [(region, True)] * alive + [(region, False)] * dead
    df = pd.DataFrame(rows, columns=["region", "alive"])
    out = df.groupby("region").alive.agg(patients="size", share="mean")
    out["share"] = (100 * out["share"]).round(1)
    out.rename(columns={"share": header}).to_csv(folder / "t.csv")
    return sdc.check(folder, build_policy({}))


@pytest.mark.parametrize("header", ["Survived %", "Survival (%)", "KM survival %"])
def test_a_share_that_survived_by_region_gives_the_deaths_back(tmp_path: Path,
                                                               header: str) -> None:
    # a survival share was taken for a Kaplan-Meier curve's step and never read as a share of
    # the patients beside it: 3 deaths in North (91.7% of 36) passed; by region it is a share
    result = _survived(tmp_path, header, [20, 3, 25])
    assert ("SDC103", "t.csv", "C3") in findings_of(result)
    assert result.status.value == "fail"


def test_a_survival_share_with_many_deaths_passes(tmp_path: Path) -> None:
    assert _survived(tmp_path, "Survived %", [20, 14, 25]).status.value == "pass"


def test_a_survival_rate_of_unknown_scale_is_reviewed_like_any_rate(tmp_path: Path) -> None:
    # 'Survival rate' 0.917 beside 36 patients passed (its words made it a curve's step), where
    # 'Mortality rate' beside them is SDC303 review: its scale is not given
    rng = np.random.default_rng(7)
    rows = [(r, bool(a)) for r, n, dead in (("East", 40, 20), ("North", 33, 3), ("South", 50, 25))
            for a in [1] * n + [0] * dead]
    rng.shuffle(rows)
    df = pd.DataFrame(rows, columns=["region", "alive"])
    df.groupby("region").alive.agg(patients="size", **{"survival rate": "mean"}).round(3) \
        .to_csv(tmp_path / "t.csv")
    result = sdc.check(tmp_path, build_policy({}))
    assert {f.rule for f in result.findings} == {"SDC303"}
    assert result.status.value == "review"


def _rows_of_whom(folder: Path, vaccinated: list[int]) -> sdc.RunResult:
    """Patients per region and, in the row under them, those vaccinated (a wide table of
    counts whose rows are the measures, as ``DataFrame.T.to_csv`` writes it)."""
    patients = [30, 30, 20]
    pd.DataFrame({"North": [patients[0], vaccinated[0]], "South": [patients[1], vaccinated[1]],
                  "East": [patients[2], vaccinated[2]]},
                 index=pd.Index(["Patients", "of whom vaccinated"], name="measure")
                 ).to_csv(folder / "t.csv")
    return sdc.check(folder, build_policy({}))


def test_a_row_of_whom_under_its_whole_leaves_a_count(tmp_path: Path) -> None:
    # South: 30 patients, 26 vaccinated: 4 unvaccinated printed nowhere (passed)
    result = _rows_of_whom(tmp_path, [18, 26, 10])
    assert findings_of(result) == {("SDC101", "t.csv", "C3")}
    assert result.status.value == "review"
    twin = tmp_path / "twin"
    twin.mkdir()
    assert _rows_of_whom(twin, [18, 16, 10]).status.value == "pass"


def test_a_count_never_above_the_one_beside_it_leaves_the_rest(tmp_path: Path) -> None:
    # 'Patients' beside 'Vaccinated': no word says one nests in the other, but the vaccinated
    # are never above the patients on any row; North's 3 unvaccinated passed (round 20)
    result = whole_and_part(tmp_path, "Patients", "Vaccinated", [25, 3, 30])
    assert findings_of(result) == {("SDC101", "t.csv", "C3")}
    (finding,) = result.findings
    assert finding.status.value == "review"


def test_counts_beside_each_other_pass_when_far_apart_or_not_nested(tmp_path: Path) -> None:
    assert whole_and_part(tmp_path, "Patients", "Vaccinated", [25, 12, 30]
                          ).status.value == "pass"
    # 'Admissions' above 'Patients' in North (a readmitted patient): no nesting to read
    crossed = tmp_path / "crossed"
    crossed.mkdir()
    pd.DataFrame({"Patients": [60, 40, 75], "Admissions": [66, 37, 80]},
                 index=pd.Index(["East", "North", "South"], name="region")
                 ).to_csv(crossed / "t.csv")
    assert sdc.check(crossed, build_policy({})).status.value == "pass"


def _crossed_header(folder: Path, top: list[str], cells: list[list[int]]) -> sdc.RunResult:
    """An Excel sheet (openpyxl) with a header of two rows, ``top`` merged over the age bands
    0-64 and 65+, one row per region: the layout reads each column as a measure 'top / age'."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "t"
    ws["A1"] = "Region"
    ws.merge_cells("A1:A2")
    ws["B1"], ws["D1"] = top
    ws.merge_cells("B1:C1")
    ws.merge_cells("D1:E1")
    for col, band in zip("BCDE", ["0-64", "65+", "0-64", "65+"], strict=True):
        ws[f"{col}2"] = band
    for r, (region, row) in enumerate(zip(["East", "North", "South"], cells, strict=True),
                                      start=3):
        ws.cell(r, 1, region)
        for c, value in enumerate(row, start=2):
            ws.cell(r, c, value)
    wb.save(folder / "t.xlsx")
    return sdc.check(folder, build_policy({}))


def test_a_header_of_measures_over_age_bands_pairs_the_measures(tmp_path: Path) -> None:
    # Vaccinated 65+ in North is 3 below its Patients 65+ (E4 against C4); the age bands are
    # categories, not paired with each other, nor with the other measure in the other band
    result = _crossed_header(tmp_path, ["Patients", "Vaccinated"],
                             [[60, 64, 41, 48], [40, 42, 25, 39], [75, 70, 62, 55]])
    assert findings_of(result) == {("SDC101", "t.xlsx[t]", "E4")}
    assert result.status.value == "review"
    # Female over Male by age: categories crossed with categories, none paired
    twin = tmp_path / "twin"
    twin.mkdir()
    assert _crossed_header(twin, ["Female", "Male"],
                           [[60, 64, 41, 48], [40, 42, 25, 39], [75, 70, 62, 55]]
                           ).status.value == "pass"


def _residents_by_age(folder: Path, top: list[str], unvaccinated_65: list[int]) -> sdc.RunResult:
    """Residents and, of them, the vaccinated per region and age band, built from people and
    written by pandas as a researcher would (``pivot_table`` to a two-row header ``top`` over
    0-64 and 65+, ``to_csv``); ``unvaccinated_65`` are the residents aged 65+ not vaccinated,
    per region (East, North, South), printed nowhere."""
    rng = np.random.default_rng(20)
    rows = []
    for region, rest in zip(["East", "North", "South"], unvaccinated_65, strict=True):
        young, old = int(rng.integers(60, 90)), int(rng.integers(40, 70))
        rows += [(region, "0-64", 1)] * young + [(region, "0-64", 0)] * 30
        rows += [(region, "65+", 1)] * old + [(region, "65+", 0)] * rest
    df = pd.DataFrame(rows, columns=["region", "age", "vaccinated"])
    table = df.pivot_table(index="region", columns="age", values="vaccinated",
                           aggfunc=["size", "sum"])
    table.columns = table.columns.set_levels(top, level=0)
    table.to_csv(folder / "t.csv")
    return sdc.check(folder, build_policy({}))


def test_two_measures_naming_no_count_over_age_bands_are_paired(tmp_path: Path) -> None:
    # Residents / 65+ over Vaccinated / 65+: North's 3 unvaccinated residents aged 65+ passed
    # (neither 'Residents' nor 'Vaccinated' names a count, so they were read as categories)
    result = _residents_by_age(tmp_path, ["Residents", "Vaccinated"], [25, 3, 30])
    assert findings_of(result) == {("SDC101", "t.csv", "E5")}
    (finding,) = result.findings
    assert finding.status.value == "review"
    far = tmp_path / "far"
    far.mkdir()
    assert _residents_by_age(far, ["Residents", "Vaccinated"], [25, 13, 30]
                             ).status.value == "pass"


def test_two_measures_naming_no_count_over_age_bands_in_excel(tmp_path: Path) -> None:
    # the same header as openpyxl writes it: Vaccinated 65+ in North 3 below Residents 65+
    result = _crossed_header(tmp_path, ["Residents", "Vaccinated"],
                             [[60, 64, 41, 48], [40, 42, 25, 39], [75, 70, 62, 55]])
    assert findings_of(result) == {("SDC101", "t.xlsx[t]", "E4")}
    assert result.status.value == "review"


@pytest.mark.parametrize("sexes", [["Female", "Male"], ["F", "M"], ["Women", "Men"]])
def test_sex_by_age_band_that_happens_to_nest_passes(tmp_path: Path, sexes: list[str]) -> None:
    # every Male cell at most its Female cell, every 65+ cell at most its 0-64 cell, by 1 to
    # 3 in places: two variables' categories, no whole and part (the safe twin)
    assert _crossed_header(tmp_path, sexes,
                           [[60, 58, 59, 57], [40, 39, 38, 37], [75, 73, 74, 72]]
                           ).status.value == "pass"


def test_only_known_categories_exempt_a_pair() -> None:
    # '65+' and '75+' may nest (the 65-74s), 'Residents' and 'Vaccinated' are unknown, 'Male'
    # and 'Men' are one sex: read by their numbers, never exempted by the vocabulary
    from sdc.category_levels import categories_of_one_variable
    assert categories_of_one_variable("0-64", "65+")
    assert categories_of_one_variable("(0, 64]", "(64, 120]")
    assert categories_of_one_variable("under 18", "18-64")
    assert categories_of_one_variable("2019", "2020/21")
    assert not categories_of_one_variable("65+", "75+")
    assert not categories_of_one_variable("0-64", "18-64")
    assert not categories_of_one_variable("Residents", "Vaccinated")
    assert not categories_of_one_variable("Male", "Men")
    assert not categories_of_one_variable("Male", "65+")
