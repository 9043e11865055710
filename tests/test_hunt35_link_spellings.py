"""Round 35 (hunt35): two outputs that spell one category two ways are linked.

hunt32's pair (``tests/test_hunt32_linked_only_modes.py``): two tables of one population,
each safe alone, whose hidden rectangles differ, so together the small North/F (4) is
pinned. When the second table spells its labels another way real tools write them
(``Female`` for ``F``, ``True`` for ``Yes``, ``18 to 24`` for ``18-24``, ``65 and over`` for
``65+``, ``2.0`` or ``02`` for ``2``, ``F¹`` or ``sex: F`` for ``F``, a doubled space), the
two were not linked and the release passed. Now the labels are compared in one spelling
(``sdc.link_labels``): ``a.csv`` fails at B2 (SDC501) through ``b.csv``'s printed cell, at
``-j 1`` and ``-j 2``, streamed or not; the twin hiding the same rectangle in both passes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import sdc.pool as pool
import sdc.stream_read as stream_read
from sdc.engine import run
from sdc.link_labels import link_label
from sdc.policy import build_policy
from tests.test_hunt32_linked_only_modes import _table

CODES = {"North": "1", "South": "2", "East": "3", "West": "4"}
YEARS = {"North": "2019", "South": "2020", "East": "2021", "West": "2022"}
AGES = {"North": "18-24", "South": "25-34", "East": "35-44", "West": "45+"}
# (a.csv's renaming, b.csv's renaming): columns, then rows
SPELLINGS = {
    "sex words": (({}, {}), ({"F": "Female", "M": "Male"}, {})),
    "sex plurals": (({"F": "females", "M": "males"}, {}), ({"F": "F", "M": "M"}, {})),
    "answers": (({"F": "Yes", "M": "No"}, {}), ({"F": "TRUE", "M": "FALSE"}, {})),
    "ranges": (({}, AGES), ({}, {"North": "18 to 24", "South": "25 – 34", "East": "35 - 44",
                                 "West": "45 and over"})),
    "spaces": (({}, {"North": "North East"}), ({}, {"North": "North  East"})),
    # pandas prints a code column that held a missing value as floats
    "codes as floats": (({"F": "1", "M": "2"}, {}), ({"F": "1.0", "M": "2.0"}, {})),
    "years as floats": (({}, YEARS), ({}, {k: f"{v}.0" for k, v in YEARS.items()})),
    "codes with zeros": (({}, CODES), ({}, {k: f"0{v}" for k, v in CODES.items()})),
    "footnote marks": (({}, {}), ({"F": "F\u00b9", "M": "M*"}, {})),
    "notes": (({}, {}), ({"F": "F [note 1]", "M": "M [note 1]"}, {})),
    "named levels": (({}, {}), ({"F": "sex: F", "M": "sex = M"}, {})),
}


def _pair(root: Path, spelling: str, hidden_b: list[int]) -> None:
    (cols_a, rows_a), (cols_b, rows_b) = SPELLINGS[spelling]
    _table([0, 1]).rename(columns=cols_a, index=rows_a).to_csv(root / "a.csv")
    _table(hidden_b).rename(columns=cols_b, index=rows_b).to_csv(root / "b.csv")


def checked(root: Path, jobs: int) -> tuple[dict[str, Any], dict[str, str]]:
    """The release's JSON report as the command writes it, and each output's status."""
    result = run([root], build_policy({}), keep_models=False, jobs=jobs).result
    report = json.loads(json.dumps(result.for_reports().to_dict(with_evidence=True)))
    return report, {o["path"]: o["status"] for o in report["outputs"]}


def _found(root: Path, jobs: int) -> tuple[str, dict[str, str], set[tuple[str, str, str, str]]]:
    report, statuses = checked(root, jobs)
    found = {(o["path"], f["rule"], f["status"], (f.get("location") or {}).get("cell"))
             for o in report["outputs"] for f in o.get("findings", [])}
    return report["status"], statuses, found


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_one_category_spelled_two_ways_is_linked(tmp_path: Path, spelling: str, jobs: int,
                                                  streamed: bool,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)  # -j 2 reads in a worker
    monkeypatch.setattr(stream_read, "MIN_BYTES", 0 if streamed else 10 ** 15)
    _pair(tmp_path, spelling, [0, 2])  # North and East hidden: South printed
    status, statuses, found = _found(tmp_path, jobs)
    assert (status, statuses["a.csv"], statuses["b.csv"]) == ("fail", "fail", "fail")
    assert ("a.csv", "SDC501", "fail", "B2") in found  # North/F = 4, through b.csv's South
    assert ("b.csv", "SDC501", "fail", "B2") in found


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_the_safe_twin_passes(tmp_path: Path, spelling: str, jobs: int,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    _pair(tmp_path, spelling, [0, 1])  # the same rectangle hidden in both
    assert _found(tmp_path, jobs) == ("pass", {"a.csv": "pass", "b.csv": "pass"}, set())


def test_a_workbook_spelling_sexes_in_full_is_linked(tmp_path: Path) -> None:
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    _table([0, 2]).rename(columns={"F": "Female", "M": "Male"}).to_excel(tmp_path / "b.xlsx")
    _, statuses, found = _found(tmp_path, 1)
    assert ("a.csv", "SDC501", "fail", "B2") in found
    assert statuses["a.csv"] == "fail"


@pytest.mark.parametrize(("label", "expected"), [
    ("F", "female"), (" Females ", "female"), ("male", "male"), ("M", "male"),
    ("True", "yes"), ("FALSE", "no"), ("Yes", "yes"),
    ("18 to 24", "18-24"), ("18\u201324", "18-24"), ("18 - 24", "18-24"), ("2.5-3.5", "2.5-3.5"),
    ("65 and over", "65+"), ("65+", "65+"), ("65 plus", "65+"),
    ("North   East", "north east"), ("Total", "total"), ("2.0", "2"), ("2019.00", "2019"),
    ("-1.0", "-1"), ("07", "7"), ("00", "0"), ("0", "0"), ("10", "10"),
    ("F\u00b9", "female"), ("F*", "female"), ("Female\u2020", "female"), ("F [note 1]", "female"),
    ("sex: F", "female"), ("Sex = Female", "female"), ("age: 65 and over", "65+"),
    ("sex: F [note 2]*", "female"), ("2019*", "2019"), ("Total\u00b9", "total"),
    ("*", "*"), ("[1]", "[1]"), ("1:2", "1:2"), ("Time 10:30", "time 10:30"), ("F (n)", "f (n)"),
    # left apart: codes, words of another population, a label that merely holds a range
    ("1", "1"), ("0", "0"), ("Women", "female"), ("Girls", "girls"), ("Y", "y"), ("N", "n"),
    ("aged 18-24", "aged 18-24"), ("-5-0", "-5-0"), ("1.10", "1.10"), ("2.5", "2.5"),
])
def test_the_one_spelling(label: str, expected: str) -> None:
    assert link_label(label) == expected
    assert link_label(expected) == expected  # one spelling: read again, the same
