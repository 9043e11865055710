"""A count table whose small cells were blanked (``ACRO(suppress=True)``, or pandas'
``mask(t < 10)``) and written with ``to_csv``: pandas writes every column holding a blank as
floats (``25.0``), and that ``.0`` was read as a sign of sums (SDC203 ``review``), while the
same table written to XLSX passed. A column whose floats a blank of its own explains says
nothing of sums, so it is read as the XLSX form is (``_floated_by_blanks`` in
``sdc/readers/layout_magnitude.py``; docs/reading.md). Written by pandas."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _people(west: tuple[int, int] = (4, 3)) -> pd.DataFrame:
    rows: list[tuple[str, str]] = []
    for area, women, men in [("East", 25, 27), ("North", 40, 38), ("South", 30, 33),
                             ("West", *west)]:
        rows += [(area, "F")] * women + [(area, "M")] * men
    people = pd.DataFrame(rows, columns=["area", "sex"])
    people["los"] = np.random.default_rng(3).integers(1, 20, len(people)).astype(float)
    return people


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_suppressed_crosstab_passes_in_csv_as_in_xlsx(tmp_path: Path, suffix: str) -> None:
    people = _people()
    table = pd.crosstab(people.area, people.sex)
    hidden = table.mask(table < 10)  # what ACRO's suppression leaves: West/F 4, West/M 3
    if suffix == "csv":
        hidden.to_csv(tmp_path / "counts.csv")
        assert "East,25.0,27.0" in (tmp_path / "counts.csv").read_text()
        assert "West,," in (tmp_path / "counts.csv").read_text()
    else:
        hidden.to_excel(tmp_path / "counts.xlsx")
    # before (CSV): SDC203 review, the floats read as sums
    assert _check(tmp_path) == (set(), "pass")


def test_suppressed_band_crosstab_passes(tmp_path: Path) -> None:
    # three columns, every West cell under 10: the West row is left empty
    people = _people()
    people["band"] = np.where(people.los < 7, "1-6", np.where(people.los < 14, "7-13", "14+"))
    table = pd.crosstab(people.area, people.band)
    table.mask(table < 10).to_csv(tmp_path / "stays.csv")
    assert "\nWest,,,\n" in (tmp_path / "stays.csv").read_text()
    assert _check(tmp_path) == (set(), "pass")  # before: SDC203 review


def test_suppressed_crosstab_with_true_margins_recovered(tmp_path: Path) -> None:
    # the twin: margins kept from before the masking give West's cells away (99 - 95 = 4)
    people = _people()
    table = pd.crosstab(people.area, people.sex, margins=True)
    table.mask(table < 10).to_csv(tmp_path / "counts.csv")
    assert _check(tmp_path) == ({("SDC501", "counts.csv", "B5"),
                                 ("SDC501", "counts.csv", "C5"),
                                 ("SDC501", "counts.csv", "D5")}, "fail")


def test_small_count_the_masking_missed_fails(tmp_path: Path) -> None:
    # only West/F blanked: West/M's 3 is still printed (an int column: no blank in it)
    people = _people()
    table = pd.crosstab(people.area, people.sex)
    table.mask((table < 10) & (table.columns == "F")).to_csv(tmp_path / "counts.csv")
    assert "West,,3" in (tmp_path / "counts.csv").read_text()
    assert _check(tmp_path) == ({("SDC101", "counts.csv", "C5"),
                                 ("SDC102", "counts.csv", "B5")}, "fail")


def test_sums_with_a_float_column_without_blank_stay_review(tmp_path: Path) -> None:
    # a sum of a float variable: the M column is floats with no blank, a float dtype
    people = _people()
    sums = people.pivot_table(index="area", columns="sex", values="los", aggfunc="sum")
    sums.loc["West", "F"] = np.nan
    sums.to_csv(tmp_path / "table.csv")
    assert _check(tmp_path) == ({("SDC203", "table.csv", None)}, "review")


def test_floats_beside_a_marker_stay_review(tmp_path: Path) -> None:
    # ``[c]`` is text: pandas writes a column holding it with the numbers as they were, so a
    # float there may be a float dtype's (a sum); only an empty cell explains the ``.0``
    people = _people()
    table = pd.crosstab(people.area, people.sex)
    hidden = table.mask(table < 10)
    hidden.astype(object).where(hidden.notna(), "[c]").to_csv(tmp_path / "counts.csv")
    assert "West,[c],[c]" in (tmp_path / "counts.csv").read_text()
    assert _check(tmp_path) == ({("SDC203", "counts.csv", None)}, "review")
