"""A lone count column headed by a category (``region,female``, ``region,all``,
``region,other``) is read as that category's counts, as each column of ``area,F,M`` is — not as
a header that says nothing (round 51, the lead; ``sdc.category_levels.names_a_category``,
``sdc.readers.layout_magnitude.says_nothing``). The numbers are checked as counts either way:
the category only ends unnamed51's SDC602 ``review`` of a header that names nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.category_levels import names_a_category
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(tmp_path: Path, header: str, values: tuple[int, ...]) -> sdc.RunResult:
    rows = "".join(f"{r},{v}\n" for r, v in zip(("North", "South", "East"), values, strict=True))
    path = tmp_path / "t.csv"
    path.write_text(f"region,{header}\n{rows}", encoding="utf-8")
    return sdc.check(path, POLICY)


@pytest.mark.parametrize("header", ["female", "Men", "F", "all", "Other", "Unknown", "2019"])
def test_a_category_headed_count_column_passes(tmp_path: Path, header: str) -> None:
    result = _check(tmp_path, header, (40, 121, 66))
    assert (result.status, findings_of(result)) == ("pass", set())


@pytest.mark.parametrize("header", ["female", "all", "other"])
def test_its_small_count_still_fails(tmp_path: Path, header: str) -> None:
    result = _check(tmp_path, header, (40, 3, 66))
    assert findings_of(result) == {("SDC101", "t.csv", "B3")}
    assert result.status == "fail"


@pytest.mark.parametrize("header", ["foo", "col2", "x1"])
def test_a_header_that_names_nothing_stays_review(tmp_path: Path, header: str) -> None:
    result = _check(tmp_path, header, (40, 121, 66))
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert result.status == "review"


def test_names_a_category() -> None:
    assert all(map(names_a_category, ["female", "Women", "north east", "65+", "Yes", "all"]))
    assert not any(map(names_a_category, ["foo", "V1", "value", "age", "", "patients"]))
