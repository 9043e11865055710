"""An age band named in each output's title or count header (issue 12, hunt12, round 25).

``a.csv`` titled ``Patients aged 0-64`` and ``b.csv`` titled ``Patients aged 0-17``, both by
region: South 300 less 297 is 3 patients aged 18-64. The bands stood in no label, so SDC503
had no cutting to compare, and two populations named by different bands nest in no filter
(``aged 18 and over`` beside ``All patients`` was already a subgroup): the release passed.
Outputs that name one age band each, one inside the other, are now compared count by count
under the same labels (``Differencing._titled_bands``): SDC503 ``review`` at the narrower
band's cell. Safe twins: differences of 10 or more, and another count under the same labels.
Written with pandas, checked by the engine in-process."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})
REGIONS = ["North", "South", "East"]


def _write(path: Path, title: str | None, header: str, counts: list[int]) -> None:
    frame = pd.DataFrame({"Region": REGIONS, header: counts})
    with path.open("w") as f:
        if title is not None:
            f.write(title + "\n")
        frame.to_csv(f, index=False)


@pytest.mark.parametrize("where", ["title", "header"])
def test_nested_bands_named_in_titles_give_the_band_between(tmp_path: Path, where: str) -> None:
    for name, band, counts in [("a.csv", "0-64", [200, 300, 150]),
                               ("b.csv", "0-17", [40, 297, 60])]:
        if where == "title":
            _write(tmp_path / name, f"Patients aged {band}", "Patients", counts)
        else:
            _write(tmp_path / name, None, f"Patients aged {band}", counts)
    result = sdc.check(tmp_path, POLICY)
    cell = "B4" if where == "title" else "B3"
    assert findings_of(result) == {("SDC503", "b.csv", cell)}
    assert result.status.value == "review"


def test_bands_far_apart_everywhere_pass(tmp_path: Path) -> None:
    _write(tmp_path / "a.csv", "Patients aged 0-64", "Patients", [200, 300, 150])
    _write(tmp_path / "b.csv", "Patients aged 0-17", "Patients", [40, 250, 60])
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", findings_of(result)


def test_another_count_is_not_compared(tmp_path: Path) -> None:
    _write(tmp_path / "a.csv", None, "Patients aged 0-64", [200, 300, 150])
    _write(tmp_path / "b.csv", None, "Admissions aged 0-17", [40, 297, 60])
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", findings_of(result)


def test_bands_named_by_sheets_give_the_band_between(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    for sheet, (band, counts) in enumerate([("0-64", [200, 300, 150]),
                                            ("0-17", [40, 297, 60])]):
        ws = book.active if sheet == 0 else book.create_sheet()
        ws.title = f"Aged {band}"
        ws.append(["Region", "Patients"])
        for region, n in zip(REGIONS, counts, strict=True):
            ws.append([region, n])
    book.save(tmp_path / "t.xlsx")
    result = sdc.check(tmp_path, POLICY)
    assert findings_of(result) == {("SDC503", "t.xlsx[Aged 0-17]", "B3")}


def test_populations_declared_apart_are_not_compared(tmp_path: Path) -> None:
    # the request says the two count other people: their bands are not one population's
    _write(tmp_path / "a.csv", "Patients aged 0-64", "Patients", [200, 300, 150])
    _write(tmp_path / "b.csv", "Patients aged 0-17", "Patients", [40, 297, 60])
    (tmp_path / "request.toml").write_text(
        '[[outputs]]\npath = "a.csv"\npopulation = { cohort = "A" }\n'
        '[[outputs]]\npath = "b.csv"\npopulation = { cohort = "B" }\n')
    result = sdc.check(tmp_path, POLICY)
    assert findings_of(result, {"SDC503"}) == set()
