"""A percentage row of a transposed table is a share of the count row above it (hunt round 19,
issue 12). ``,North,South,East`` over ``Patients,30,30,20`` and ``Vaccinated %,60.0,90.0,85.0``
gives 3 unvaccinated in South back, as the long form (``Region,Patients,Vaccinated %``) does;
whole percentages were read as counts of one measure and passed. Tables written by pandas
(``groupby().agg()``, transposed, ``to_csv``), checked in-process."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

_REGIONS = ["North", "South", "East"]


def _shares(folder: Path, header: str, people: list[int], with_it: list[int], *,
            whole: bool) -> sdc.RunResult:
    """Per region, the patients and the share of them with the event, transposed: one row of
    counts, one of percentages (``whole``: rounded to whole numbers, else ``60.0`` as pandas
    writes a float in an object frame)."""
    rows = []
    for region, n, k in zip(_REGIONS, people, with_it, strict=True):
        rows += [(region, True)] * k + [(region, False)] * (n - k)
    df = pd.DataFrame(rows, columns=["region", "event"])
    out = df.groupby("region", sort=False).event.agg(Patients="size", share="mean")
    share = (100 * out.pop("share")).round(1)
    out[header] = share.round().astype(int) if whole else share
    out.rename_axis(None).astype(object).T.to_csv(folder / "t.csv")
    return sdc.check(folder, build_policy({}))


@pytest.mark.parametrize("whole", [False, True])
@pytest.mark.parametrize("header", ["Vaccinated %", "Survived %"])
def test_a_percentage_row_gives_the_rest_of_its_count_row_back(tmp_path: Path, header: str,
                                                              whole: bool) -> None:
    # South: 90% of 30 (3 without), East: 85% of 20 (3 without); North 60% of 30 is safe
    result = _shares(tmp_path, header, [30, 30, 20], [18, 27, 17], whole=whole)
    assert findings_of(result, {"SDC103"}) == {
        ("SDC103", "t.csv", "C3"), ("SDC103", "t.csv", "D3")}
    assert result.status.value == "fail"


def test_a_percentage_row_of_large_groups_passes(tmp_path: Path) -> None:
    # 60%, 80%, 85% of 300, 300, 200: 120, 60 and 30 without the event
    result = _shares(tmp_path, "Vaccinated %", [300, 300, 200], [180, 240, 170], whole=False)
    assert result.status.value == "pass", findings_of(result)


def _relative(folder: Path, header: str, people: list[int], share: list[float]
              ) -> sdc.RunResult:
    """Per region, the patients and a percentage headed ``Relative ...`` (pandas
    ``groupby().agg()`` with a share column, long form)."""
    rows = [(region, i < n) for region, n in zip(_REGIONS, people, strict=True)
            for i in range(n)]
    out = pd.DataFrame(rows, columns=["region", "event"]).groupby(
        "region", sort=False).event.agg(Patients="size")
    out[header] = share
    out.to_csv(folder / "t.csv")
    return sdc.check(folder, build_policy({}))


def test_a_plain_share_headed_relative_gives_the_rest_back(tmp_path: Path) -> None:
    # 'relative' marks a ratio (relative survival), yet 90.0% and 85.0% of 30 and 20 are 27
    # and 17 of them: a share by its numbers, 3 without the event in South and East
    result = _relative(tmp_path, "Relative vaccinated %", [30, 30, 20], [60.0, 90.0, 85.0])
    assert findings_of(result, {"SDC103"}) == {("SDC103", "t.csv", "C3"),
                                               ("SDC103", "t.csv", "C4")}
    assert result.status.value == "fail"


@pytest.mark.parametrize(("header", "people", "share"), [
    ("Relative vaccinated %", [300, 300, 200], [60.0, 80.0, 85.0]),  # a share of large groups
    # observed over expected survival (27/30 over 0.95 is 94.7): no whole number of patients
    ("Relative survival %", [30, 30, 20], [87.3, 94.7, 91.2]),
])
def test_a_relative_share_of_large_groups_or_a_true_ratio_passes(
        tmp_path: Path, header: str, people: list[int], share: list[float]) -> None:
    result = _relative(tmp_path, header, people, share)
    assert result.status.value == "pass", findings_of(result)


def _with_numerator(folder: Path, people: list[int], with_it: list[int], *,
                    transposed: bool) -> sdc.RunResult:
    """Per region, the patients, those vaccinated and their share (a whole percentage), long
    or transposed (pandas ``groupby().agg()``)."""
    rows = [(region, i < k) for region, n, k in zip(_REGIONS, people, with_it, strict=True)
            for i in range(n)]
    out = pd.DataFrame(rows, columns=["region", "event"]).groupby(
        "region", sort=False).event.agg(Patients="size", Vaccinated="sum", share="mean")
    out["Vaccinated %"] = (100 * out.pop("share")).round().astype(int)
    (out.rename_axis(None).T if transposed else out).to_csv(folder / "t.csv")
    return sdc.check(folder, build_policy({}))


@pytest.mark.parametrize(("transposed", "cells"), [(False, {"D3", "D4"}),
                                                   (True, {"C4", "D4"})])
def test_a_share_beside_its_numerator_still_gives_the_rest_back(
        tmp_path: Path, transposed: bool, cells: set[str]) -> None:
    # 27 vaccinated of 30 at 90%: the share is the ratio of the two published counts, and so
    # the vaccinated are a part of the patients; 3 unvaccinated, as without the 27 printed
    result = _with_numerator(tmp_path, [30, 30, 20], [18, 27, 17], transposed=transposed)
    assert findings_of(result, {"SDC103"}) == {("SDC103", "t.csv", c) for c in cells}
    assert result.status.value == "fail"


def test_a_share_beside_its_numerator_of_large_groups_passes(tmp_path: Path) -> None:
    result = _with_numerator(tmp_path, [300, 300, 200], [180, 240, 170], transposed=False)
    assert result.status.value == "pass", findings_of(result)


def _decimal_shares(folder: Path, people: list[int], with_it: list[int], *, excel: bool
                    ) -> sdc.RunResult:
    """Per region, the patients and the share vaccinated to one decimal, transposed: a row
    ``N`` of whole counts over a row ``%`` of decimals (``92.5``), one column per region, as
    pandas writes ``groupby().agg().T`` to CSV or (openpyxl) to a workbook."""
    rows = [(region, i < k) for region, n, k in zip(_REGIONS, people, with_it, strict=True)
            for i in range(n)]
    out = pd.DataFrame(rows, columns=["region", "event"]).groupby(
        "region", sort=False).event.agg(N="size", share="mean")
    out["%"] = (100 * out.pop("share")).round(1)
    wide = out.rename_axis(None).astype(object).T
    if excel:
        wide.to_excel(folder / "t.xlsx", sheet_name="vaccinated")
    else:
        wide.to_csv(folder / "t.csv")
    return sdc.check(folder, build_policy({}))


@pytest.mark.parametrize(("excel", "where"), [(False, "t.csv"), (True, "t.xlsx[vaccinated]")])
def test_a_decimal_share_row_gives_the_rest_of_its_count_row_back(
        tmp_path: Path, excel: bool, where: str) -> None:
    # North: 88.3% of 60 is 53, 7 unvaccinated. Decimals under whole counts made the table one
    # measure of unknown values (SDC602 review) and the share row was never paired with N
    result = _decimal_shares(tmp_path, [60, 55, 40], [53, 33, 18], excel=excel)
    assert findings_of(result, {"SDC101", "SDC102", "SDC103"}) == {("SDC103", where, "B3")}
    assert result.status.value == "fail"


def test_a_decimal_share_row_of_large_groups_stays_review(tmp_path: Path) -> None:
    # the same shares of ten times as many: 70 unvaccinated in North; only the unknown values'
    # review (SDC602) remains
    result = _decimal_shares(tmp_path, [600, 550, 400], [530, 330, 180], excel=False)
    assert {f.rule for f in result.findings} == {"SDC602"}
    assert result.status.value == "review"


def _n_percent_line(folder: Path, patients: list[int], line: list[int]) -> sdc.RunResult:
    """A transposed table whose second line is labelled ``n (%)`` but holds bare whole numbers
    (the percentages dropped, or the line a share after all): pandas ``DataFrame.to_csv``."""
    pd.DataFrame([patients, line], index=["Patients", "n (%)"], columns=_REGIONS
                 ).to_csv(folder / "t.csv")
    return sdc.check(folder, build_policy({}))


def test_an_n_percent_line_of_bare_numbers_is_read_both_ways(tmp_path: Path) -> None:
    # 97 under 'n (%)' beside 200 patients: 97 people, or 97% of 200 (6 without). The label
    # said counts and the share reading was skipped (pass); read as a share alone it failed
    # SDC103 on a line that may hold counts. Either reading: SDC101 review at the cell
    result = _n_percent_line(tmp_path, [200, 180, 150], [97, 80, 70])
    assert findings_of(result) == {("SDC101", "t.csv", "B3")}
    (finding,) = result.findings
    assert finding.status.value == "review"


def test_an_n_percent_line_far_from_its_whole_passes(tmp_path: Path) -> None:
    # 80, 70, 60 of 200, 180, 150: as people or as shares, no small group
    assert _n_percent_line(tmp_path, [200, 180, 150], [80, 70, 60]).status.value == "pass"
