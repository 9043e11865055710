"""SDC503: two tables' grand totals a few units apart (a region table totalling 570 beside a sex
table totalling 574: if both count one cohort, 4 patients have no region recorded). Each test
checks files on disk through ``sdc.check``."""

from __future__ import annotations

import io

import pytest

from sdc.reports import ReportOptions, get_reporter
from tests.conftest import findings_of

REGION = "region,n\nNorth,200\nSouth,180\nEast,190\nTotal,570\n"
SEX = "sex,n\nFemale,290\nMale,284\nTotal,574\n"


def _statuses(result) -> dict[str, str]:
    return {o.path: str(o.status) for o in result.outputs}


def test_totals_four_apart_are_review_at_the_later_tables_total(check_files) -> None:
    result = check_files({"by_region.csv": REGION, "by_sex.csv": SEX})
    assert findings_of(result) == {("SDC503", "by_sex.csv", "B4")}
    [finding] = result.findings
    assert [(r.path, r.cell) for r in finding.related] == [("by_region.csv", "B5")]
    assert finding.evidence["difference"] == 4
    assert _statuses(result) == {"by_region.csv": "pass", "by_sex.csv": "review"}
    assert not any(ch.isdigit() for ch in (finding.public_message or "").replace(
        "by_region.csv", ""))


def test_a_one_number_table_beside_a_crosstab_total(check_files) -> None:
    result = check_files({"cohort.csv": "patients\n571\n", "by_region.csv": REGION})
    assert findings_of(result) == {("SDC503", "cohort.csv", "A2")}


def test_equal_totals_pass(check_files) -> None:
    result = check_files({"by_region.csv": REGION, "by_sex.csv": SEX.replace("284", "280")
                          .replace("574", "570")})
    assert findings_of(result) == set()
    assert set(_statuses(result).values()) == {"pass"}


def test_totals_a_threshold_or_more_apart_pass(check_files) -> None:
    result = check_files({"by_region.csv": REGION, "by_sex.csv": SEX.replace("284", "290")
                          .replace("574", "580")})
    assert findings_of(result) == set()


def test_the_threshold_is_the_policys(check_files) -> None:
    files = {"by_region.csv": REGION, "by_sex.csv": SEX.replace("284", "290")
             .replace("574", "580")}  # 10 apart
    result = check_files(files, policy={"rules": {"small-count": {"threshold": 11}}})
    assert findings_of(result) == {("SDC503", "by_sex.csv", "B4")}


def test_a_rounded_tables_total_is_a_rounding_apart(check_files) -> None:
    # eight regions, every count a multiple of 5 (rounded before release): the totals differ
    # by its rounding, not by units
    region = "region,n\n" + "".join(f"R{i},{70 + 5 * (i % 2)}\n" for i in range(8)) + "Total,580\n"
    sex = "sex,n\nFemale,290\nMale,285\nTotal,575\n"
    result = check_files({"by_region.csv": region, "by_sex.csv": sex})
    assert findings_of(result) == set()
    # the same totals unrounded (a 71 among the regions): review
    result = check_files({"by_region.csv": region.replace("R0,70", "R0,71").replace(
        "580", "581"), "by_sex.csv": sex})
    assert findings_of(result) == {("SDC503", "by_sex.csv", "B4")}


def test_a_table_without_a_total_has_no_grand_total(check_files) -> None:
    result = check_files({"by_region.csv": REGION, "by_sex.csv": "sex,n\nFemale,290\nMale,284\n"})
    assert findings_of(result) == set()


def test_a_rerun_is_reported_once_not_again_by_its_totals(check_files) -> None:
    # the same table with one more patient: the re-run finding says it; the totals add nothing
    rerun = REGION.replace("180", "181").replace("570", "571")
    result = check_files({"a.csv": REGION, "b.csv": rerun})
    found = findings_of(result)
    assert found and all(rule == "SDC503" for rule, _, _ in found)
    assert not any("total" in f.evidence and "other_total" in f.evidence
                   for f in result.findings)


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github"])
def test_machine_formats_carry_no_totals(check_files, fmt: str) -> None:
    result = check_files({"by_region.csv": REGION, "by_sex.csv": SEX})
    stream = io.StringIO()
    get_reporter(fmt)(result, stream, ReportOptions())
    text = stream.getvalue()
    assert "SDC503" in text and "574" not in text and "570" not in text
