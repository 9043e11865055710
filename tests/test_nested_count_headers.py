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


# -- round 21 (flat): a header of ONE row of texts no vocabulary knows --------------------------

def _flat(folder: Path, how: str, columns: dict[str, list[int]],
          regions: tuple[str, ...] = ("North", "South")) -> sdc.RunResult:
    """One row per region under a header of one row, ``columns`` in order, written as pandas
    (``to_csv``), R (``write.csv``: quoted texts, a blank first header) or openpyxl writes it."""
    if how == "pandas":
        pd.DataFrame(columns, index=pd.Index(list(regions), name="region")).to_csv(
            folder / "t.csv")
    elif how in ("R", "R no row names"):
        # write.csv(df) names the row-names column "" ; write.csv(df, row.names = FALSE) of a
        # data frame with a region column names it; both quote every string
        lines = [",".join(['""' if how == "R" else '"region"', *(f'"{c}"' for c in columns)])]
        lines += [",".join([f'"{r}"', *(str(v[i]) for v in columns.values())])
                  for i, r in enumerate(regions)]
        (folder / "t.csv").write_text("\n".join(lines) + "\n")
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "t"
        ws.append(["region", *columns])
        for i, r in enumerate(regions):
            ws.append([r, *(v[i] for v in columns.values())])
        wb.save(folder / "t.xlsx")
    return sdc.check(folder, build_policy({}))


_WHERE = {"pandas": "t.csv", "R": "t.csv", "R no row names": "t.csv", "openpyxl": "t.xlsx[t]"}


@pytest.mark.parametrize("how", ["pandas", "R", "R no row names", "openpyxl"])
def test_two_measures_under_a_header_of_one_row_are_paired(tmp_path: Path, how: str) -> None:
    # 'Residents' 40 over 'Vaccinated' 37 in North: 3 unvaccinated passed, the header read as
    # two categories of one count (neither text names a count); South's rest 15 is safe
    result = _flat(tmp_path, how, {"Residents": [40, 55], "Vaccinated": [37, 40]})
    assert findings_of(result) == {("SDC101", _WHERE[how], "C2")}
    (finding,) = result.findings
    assert finding.status.value == "review"
    far = tmp_path / "far"
    far.mkdir()
    assert _flat(far, how, {"Residents": [40, 55], "Vaccinated": [27, 40]}
                 ).status.value == "pass"


@pytest.mark.parametrize("how", ["pandas", "openpyxl"])
def test_sexes_under_a_header_of_one_row_that_nest_by_chance_pass(tmp_path: Path,
                                                                  how: str) -> None:
    # every Male at most its Female, by 3 and 5: two categories of sex, no whole and part
    assert _flat(tmp_path, how, {"Female": [40, 55], "Male": [37, 50]}).status.value == "pass"


@pytest.mark.parametrize("how", ["pandas", "openpyxl"])
def test_a_column_printing_the_sum_says_the_others_are_categories(tmp_path: Path,
                                                                  how: str) -> None:
    # products A and B nest by chance (B never above A, by 3 and 5); 'All' is A + B on every
    # line: categories of one variable, split out of the sum (pd.crosstab margins): pass
    summed = {"A": [40, 55], "B": [37, 50], "All": [77, 105]}
    assert _flat(tmp_path, how, summed).status.value == "pass"
    # the wrong guess: a column that is the sum on one line only says nothing; B is paired
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    result = _flat(wrong, how, {"A": [40, 55], "B": [37, 50], "Sum": [77, 100]})
    assert ("SDC101", _WHERE[how], "C2") in findings_of(result)
    assert result.status.value == "review"


def _sold(folder: Path, west_sold: int, north_sold: int = 127) -> sdc.RunResult:
    """Fruit sold per region beside 'Sold' (no total word), West's apples and pears hidden as
    ``[c]`` (two: neither is the sum less the other)."""
    counts = {"Apples": [40, 30, None], "Pears": [37, 28, None], "Plums": [50, 32, 22],
              "Sold": [north_sold, 90, west_sold]}
    pd.DataFrame(counts, index=pd.Index(["North", "South", "West"], name="region")).astype(
        object).fillna("[c]").to_csv(folder / "t.csv")
    return sdc.check(folder, build_policy({}))


def test_a_sum_column_beside_hidden_cells_is_checked_where_all_are_printed(
        tmp_path: Path) -> None:
    # 'Sold' is the sum where all three are printed, and West's is above what is printed of it
    # (two hidden): categories, Pears never above Apples by chance (pass). The four labels
    # hold one order on every line (Pears, Apples, Plums, Sold), so only the sum exempts them
    assert _sold(tmp_path, 70).status.value == "pass"
    # North's Sold one above the sum of its fruit: no sum, so the chain is read by its
    # numbers, each label less the one below it (round 22, flat2: neighbours only)
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    counts = {"Apples": [40, 30], "Pears": [37, 28], "Plums": [50, 32]}
    small = {("SDC101", "t.csv", f"{col}{row + 2}")
             for whole, sub, col in (("Apples", "Pears", "C"), ("Plums", "Apples", "B"))
             for row in range(2) if 0 < counts[whole][row] - counts[sub][row] < 10}
    assert small == {("SDC101", "t.csv", c) for c in ("C2", "C3", "B3")}
    result = _sold(wrong, 70, north_sold=128)
    assert findings_of(result) == small
    assert result.status.value == "review"
    # a West below its printed fruit makes 'Sold' no sum of them, and breaks the one order
    # (Plums 22 over Sold 20): four labels on two lines, of which three pairs nest by chance
    # on average (12 ordered pairs, each 1 in 4): Pears under Apples is not evidence (pass)
    below = tmp_path / "below"
    below.mkdir()
    assert _sold(below, 20).status.value == "pass"


def test_two_measures_shaped_like_ranges_are_paired(tmp_path: Path) -> None:
    # '1-2' and '3-4' parse as disjoint ranges, but nothing says they are bands of a variable
    # (no age word, no open band, two alone): read by their numbers, 3 left over in North
    result = _flat(tmp_path, "pandas", {"1-2": [40, 55], "3-4": [37, 40]})
    assert findings_of(result) == {("SDC101", "t.csv", "C2")}
    assert result.status.value == "review"
    # three bands that tile a span, or an open band beside them: age bands that nest by chance
    bands = tmp_path / "bands"
    bands.mkdir()
    assert _flat(bands, "pandas", {"0-17": [40, 55], "18-64": [37, 50], "65-84": [35, 48]}
                 ).status.value == "pass"
    opened = tmp_path / "opened"
    opened.mkdir()
    assert _flat(opened, "pandas", {"18-64": [40, 55], "65+": [37, 50]}).status.value == "pass"


def test_bare_ranges_need_more_than_their_shape() -> None:
    from sdc.category_levels import categories_of_one_variable
    assert not categories_of_one_variable("1-2", "3-4")
    assert categories_of_one_variable("1-2", "3-4", ["1-2", "3-4", "5-6"])
    assert not categories_of_one_variable("1-2", "3-4", ["1-2", "3-4", "2-6"])  # overlap
    assert categories_of_one_variable("1-2", "3-4", dimension="age_group")
    assert not categories_of_one_variable("1-2", "3-4", dimension="stage")
    assert categories_of_one_variable("aged 18-39", "40-64")
    assert categories_of_one_variable("18-39", "65+")


def _crossed_three(folder: Path, tops: list[str], cells: list[list[int]]) -> sdc.RunResult:
    """An openpyxl sheet whose header of two rows sets ``tops`` over 0-64 and 65+."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "t"
    ws["A1"] = "Region"
    ws.merge_cells("A1:A2")
    for i, top in enumerate(tops):
        col = 2 + 2 * i
        ws.cell(1, col, top)
        ws.merge_cells(start_row=1, start_column=col, end_row=1, end_column=col + 1)
        ws.cell(2, col, "0-64")
        ws.cell(2, col + 1, "65+")
    for r, (region, row) in enumerate(zip(["East", "North", "South"], cells, strict=True),
                                      start=3):
        ws.cell(r, 1, region)
        for c, value in enumerate(row, start=2):
            ws.cell(r, c, value)
    wb.save(folder / "t.xlsx")
    return sdc.check(folder, build_policy({}))


def test_a_difference_printed_beside_its_pair_is_checked_where_printed(tmp_path: Path) -> None:
    # lifelines' removed, observed and censored by age band: removed less observed IS the
    # censored column; North's 3 censored aged 65+ are found at their printed cell (G4) and
    # nowhere else (no SDC101 at the observed cell E4 repeating it; SDC103 at F4: the 15
    # censored aged 0-64 leave North's 3 of its 18 censored)
    rows = [[60, 64, 41, 48, 19, 16], [40, 42, 25, 39, 15, 3], [75, 70, 62, 55, 13, 15]]
    result = _crossed_three(tmp_path, ["Removed", "Observed", "Censored"], rows)
    assert findings_of(result) == {("SDC101", "t.xlsx[t]", "G4"), ("SDC103", "t.xlsx[t]", "F4")}
    assert result.status.value == "fail"


def test_regions_named_by_the_compass_are_categories(tmp_path: Path) -> None:
    # South never above North (by 3 and 5): two regions of one partition, whatever their
    # numbers (pass); 'North East' beside 'North' may be a part of it: paired (review at C2)
    assert _flat(tmp_path, "pandas", {"North": [40, 55], "South": [37, 50]},
                 regions=("2019", "2020")).status.value == "pass"
    part = tmp_path / "part"
    part.mkdir()
    result = _flat(part, "pandas", {"North": [40, 55], "North East": [37, 40]},
                   regions=("2019", "2020"))
    assert findings_of(result) == {("SDC101", "t.csv", "C2")}
    from sdc.category_levels import categories_of_one_variable
    assert categories_of_one_variable("North East", "south-west")
    assert not categories_of_one_variable("North", "Northeast")


def test_a_chain_of_cumulative_counts_pairs_neighbours(tmp_path: Path) -> None:
    # cases to the end of January, February and March by area: each month over the one
    # before on every line. February less January (3) and March less February (2) are found;
    # March less January (5) is their sum, not paired again (a chain of n months gives n - 1
    # pairs, not n * n; issue 14)
    result = _flat(tmp_path, "pandas", {"January": [40, 30], "February": [43, 45],
                                        "March": [45, 62]}, regions=("A", "B"))
    assert findings_of(result) == {("SDC101", "t.csv", "B2"), ("SDC101", "t.csv", "C2")}
    assert result.status.value == "review"
    from sdc.derived_counts import implied_counts
    from sdc.engine import read_file
    (output,) = read_file(tmp_path / "t.csv", "t.csv", tmp_path,
                          build_policy({}).read_options())
    assert output.table is not None
    paired = {(i.how.split("'")[1], i.how.split("'")[3]) for i in implied_counts(output.table)}
    assert paired == {("February", "January"), ("March", "February")}


# -- round 22 (flat2): how much nesting is evidence ----------------------------------------------

def _left_over_at(columns: dict[str, list[int]], whole: str, sub: str
                  ) -> set[tuple[str, str, str]]:
    """SDC101 at the part's cells where the whole less the part is above 0 and below 10 (the
    part's column letter from its place in ``columns``, after the row labels in A)."""
    letter = "ABCDEFGH"[list(columns).index(sub) + 1]
    return {("SDC101", "t.csv", f"{letter}{row + 2}")
            for row, (big, part) in enumerate(zip(columns[whole], columns[sub], strict=True))
            if 0 < big - part < 10}


def test_four_regions_nesting_on_two_lines_is_chance(tmp_path: Path) -> None:
    # R xtabs(~ outcome + region): London 56 over North 51 and 49 over 46, the regions crossing
    # otherwise. Four labels ask 12 ordered pairs, each nesting on two lines 1 in 4 by chance
    # (3 expected): no evidence of a whole and its part (pass)
    two = {"North": [51, 46], "South": [54, 59], "East": [41, 47], "London": [56, 49]}
    assert _flat(tmp_path, "pandas", two, regions=("2019", "2020")).status.value == "pass"
    # on five lines London over North every time is 12 in 32 by chance, under 1 in 2: paired
    five = {"North": [51, 46, 50, 40, 45], "South": [54, 59, 40, 70, 60],
            "East": [41, 47, 70, 45, 50], "London": [56, 49, 60, 52, 47]}
    many = tmp_path / "many"
    many.mkdir()
    result = _flat(many, "pandas", five, regions=("a", "b", "c", "d", "e"))
    expected = _left_over_at(five, "London", "North")
    assert expected == {("SDC101", "t.csv", c) for c in ("B2", "B3", "B6")}
    assert findings_of(result) == expected
    assert result.status.value == "review"


def test_a_header_of_one_row_over_one_line_is_paired(tmp_path: Path) -> None:
    # one line orders every two different numbers: 40 over 37 is no evidence of a whole and
    # its part, and none of categories either: fail closed, paired (round 22 flat3; more in
    # tests/test_one_line_header.py)
    one = {"Residents": [40], "Vaccinated": [37]}
    result = _flat(tmp_path, "pandas", one, regions=("North",))
    expected = _left_over_at(one, "Residents", "Vaccinated")
    assert expected == {("SDC101", "t.csv", "C2")}
    assert findings_of(result) == expected
    assert result.status.value == "review"


def test_three_measures_in_no_one_order_need_more_lines(tmp_path: Path) -> None:
    # Vaccinated and Tested cross (37 over 30, 40 under 45): no one order, and three labels
    # on two lines (6 ordered pairs, each 1 in 4) nest by chance: not paired (the cost)
    two = {"Residents": [40, 55], "Vaccinated": [37, 40], "Tested": [30, 45]}
    assert _flat(tmp_path, "pandas", two).status.value == "pass"
    # on four lines Residents over Vaccinated is 6 in 16 by chance: paired
    four = {"Residents": [40, 55, 60, 70], "Vaccinated": [37, 40, 50, 65],
            "Tested": [30, 45, 20, 30]}
    more = tmp_path / "more"
    more.mkdir()
    result = _flat(more, "pandas", four, regions=("N", "S", "E", "W"))
    expected = _left_over_at(four, "Residents", "Vaccinated")
    assert expected == {("SDC101", "t.csv", "C2"), ("SDC101", "t.csv", "C5")}
    assert findings_of(result) == expected
