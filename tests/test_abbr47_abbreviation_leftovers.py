"""Abbreviations round 46 (link46) left (round 47, abbr47).

1. An ambiguous abbreviation (``NE`` beside ``North East`` in one table and ``New England``
   in another) was paired with neither, so the cell either table gives back passed: each
   reading is now audited (``sdc.ambiguous_readings``), its findings SDC501 ``review``.
2. The column views (``sdc.column_split``) compared folded labels, not the release's
   pairing: a column split over files with ``NE``, ``SW`` beside ``North East``, ``South
   West`` passed its hidden cell.
3. ``N.E.`` as a CSV column header held the count word ``n`` (``roles.words``): the table
   was read as a count beside a magnitude (SDC203, and the audit's 62/57 for 5/7).
4. ``NE``, ``SW`` as columns were two counts that may nest (SDC101 ``review``), which
   ``North East``, ``South West`` are not (``category_levels``' compass).

Each release is checked at ``-j 1`` and ``-j 2``, read whole and streamed, with exact
findings; the twins show what stays.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc.link_abbreviations as link_abbreviations
from sdc.category_levels import categories_of_one_variable
from sdc.readers.roles import role_from_text, words
from sdc.table import Role
from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written as _write
from tests.test_hunt35_link_spellings import checked

jobs = release_modes.jobs

SPELT = "region,n\nNorth East,50\nSouth West,57\nTotal,107\n"
ENGLAND = "region,n\nNew England,80\nSouth West,57\nTotal,137\n"
SHORT_HIDING = "region,F,M\nNE,*,30\nSW,27,30\n"  # North East's women: 50 - 30 = 20


# 1. an ambiguous abbreviation

def test_ambiguous_abbreviation_each_reading_is_audited(tmp_path: Path, jobs: int) -> None:
    """``NE`` is ``North East`` (a.csv) or ``New England`` (c.csv): either gives b.csv's
    hidden cell back (20 or 50). base47: pass, no finding."""
    assert _found(_write(tmp_path, {"a.csv": SPELT, "b.csv": SHORT_HIDING, "c.csv": ENGLAND}),
                  jobs) == ("review", {"a.csv": "pass", "b.csv": "review", "c.csv": "pass"},
                            {("b.csv", "SDC501", "review", "B2")})


def test_ambiguous_abbreviation_the_long_side_hides(tmp_path: Path, jobs: int) -> None:
    """The table spelling ``North East`` hides its women; ``NE`` prints 50 beside a third
    table by ``New England``. base47: pass."""
    files = {"a.csv": "region,F,M\nNorth East,*,30\nSouth West,27,30\n",
             "b.csv": "region,n\nNE,50\nSW,57\nTotal,107\n",
             "c.csv": "region,F,M\nNew England,40,40\nSouth West,27,30\n"}
    assert _found(_write(tmp_path, files), jobs) == (
        "review", {"a.csv": "review", "b.csv": "pass", "c.csv": "pass"},
        {("a.csv", "SDC501", "review", "B2")})


def test_one_pairing_as_before(tmp_path: Path, jobs: int) -> None:
    """The reference: without c.csv ``NE`` is North East's, SDC501 ``review`` (base47 the
    same)."""
    assert _found(_write(tmp_path, {"a.csv": SPELT, "b.csv": SHORT_HIDING}), jobs) == (
        "review", {"a.csv": "pass", "b.csv": "review"}, {("b.csv", "SDC501", "review", "B2")})


@pytest.mark.parametrize("b", ["region,F,M\nNE,*,*\nSW,27,30\n",  # both hidden: 50 or 80 only
                               "region,F,M\nNE,20,30\nSW,27,30\n"],  # nothing hidden
                         ids=["row-hidden", "none-hidden"])
def test_ambiguous_twins_that_pass(tmp_path: Path, jobs: int, b: str) -> None:
    """No reading pins a cell: nothing (base47: the printed one had SDC101 ``review``
    between NE and SW, item 4)."""
    assert _found(_write(tmp_path, {"a.csv": SPELT, "b.csv": b, "c.csv": ENGLAND}), jobs) == (
        "pass", {"a.csv": "pass", "b.csv": "pass", "c.csv": "pass"}, set())


def test_each_reading_named_with_its_value(tmp_path: Path) -> None:
    """The finding names each reading and the number it gives."""
    report, _ = checked(_write(tmp_path, {"a.csv": SPELT, "b.csv": SHORT_HIDING,
                                          "c.csv": ENGLAND}), 1)
    [finding] = [f for o in report["outputs"] for f in o["findings"]]
    assert finding["evidence"]["readings"] == [
        {"abbreviations": {"ne": "new england"}, "value": 50.0},
        {"abbreviations": {"ne": "north east"}, "value": 20.0}]
    assert "50 if 'ne' is 'new england'; 20 if 'ne' is 'north east'" in finding["message"]


def test_too_many_readings_is_review(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """More readings than are tried: every table hiding a count is ``review``."""
    monkeypatch.setattr(link_abbreviations, "MAX_READINGS", 1)
    status, statuses, found = _found(
        _write(tmp_path, {"a.csv": SPELT, "b.csv": SHORT_HIDING, "c.csv": ENGLAND}), 1)
    assert (status, statuses, found) == (
        "review", {"a.csv": "pass", "b.csv": "review", "c.csv": "pass"},
        {("b.csv", "SDC501", "review", None)})


def _dims(*labels: list[str]) -> tuple[tuple[frozenset[str], ...], frozenset[str], bool]:
    return tuple(frozenset(x) for x in labels), frozenset(), True


def test_release_pairings() -> None:
    """The agreed aliases, and each reading of the ambiguous label."""
    from sdc.link_abbreviations import release_pairings

    spelt = _dims(["north east", "south west"])
    england = _dims(["new england", "south west"])
    short = _dims(["ne", "sw"])
    assert release_pairings([spelt, short]) == ({"ne": "north east", "sw": "south west"}, [])
    assert release_pairings([spelt, short, england]) == ({"sw": "south west"}, [
        ({"sw": "south west", "ne": "new england"}, {"ne": "new england"}),
        ({"sw": "south west", "ne": "north east"}, {"ne": "north east"})])
    # a table printing both NE and North East: that reading makes two of its labels one
    both = _dims(["ne", "north east", "x"])
    aliases, readings = release_pairings([spelt, short, england, both])
    assert aliases == {"sw": "south west"}
    assert readings == [({"sw": "south west", "ne": "new england"}, {"ne": "new england"})]


# 2. a column split over files, one side abbreviating

FEMALE_SHORT = "region,female\nNE,*\nSW,27\nNW,33\n"
FEMALE = "region,female\nNorth East,*\nSouth West,27\nNorth West,33\n"
MALE_ALL = "region,male,all\nNorth East,30,50\nSouth West,30,57\nNorth West,40,73\n"
MALE_ALL_SHORT = "region,male,all\nNE,30,50\nSW,30,57\nNW,40,73\n"
OWN_TOTAL = {("t.csv", "SDC402", "review", cell) for cell in ("C2", "C3", "C4")}


@pytest.mark.parametrize("files", [
    {"f.csv": FEMALE_SHORT, "t.csv": MALE_ALL},
    {"f.csv": FEMALE, "t.csv": MALE_ALL_SHORT},
    {"f.csv": FEMALE, "t.csv": MALE_ALL},  # the reference (base47 the same)
], ids=["female-short", "all-short", "spelt"])
def test_column_split_with_abbreviated_rows(tmp_path: Path, jobs: int,
                                            files: dict[str, str]) -> None:
    """``all`` = ``female`` + ``male`` over two files: North East's women 50 - 30 = 20,
    SDC501 ``fail`` (and t.csv's ``all`` is no total of its own ``male``: SDC402). base47:
    f.csv pass where one side abbreviates."""
    assert _found(_write(tmp_path, files), jobs) == (
        "fail", {"f.csv": "fail", "t.csv": "review"},
        {("f.csv", "SDC501", "fail", "B2")} | OWN_TOTAL)


def _crosstab(regions: list[str], rows: list[tuple[str, list[object]]]) -> str:
    return "sex," + ",".join(regions) + "\n" + "".join(
        f"{sex}," + ",".join(map(str, values)) + "\n" for sex, values in rows)


LONG = ["North East", "South West", "North West"]
Y2019 = [("F", ["*", 12, 14]), ("M", [15, 16, 17])]
Y2020 = [("F", [11, 13, 15]), ("M", [14, 18, 19])]
BOTH = [("F", [20, 25, 29]), ("M", [29, 34, 36])]


def test_crosstab_split_with_an_abbreviated_sum(tmp_path: Path, jobs: int) -> None:
    """Two years' crosstabs and their sum by ``NE``, ``SW``, ``NW``: 2019's hidden cell is
    20 - 11 = 9, SDC501 ``fail`` as spelt alike (y2020's SDC503 is the same both ways).
    base47: y2019.csv pass, and all.csv SDC101 ``review`` four times (item 4)."""
    files = {"y2019.csv": _crosstab(LONG, Y2019), "y2020.csv": _crosstab(LONG, Y2020),
             "all.csv": _crosstab(["NE", "SW", "NW"], BOTH)}
    assert _found(_write(tmp_path, files), jobs) == (
        "fail", {"all.csv": "pass", "y2019.csv": "fail", "y2020.csv": "review"},
        {("y2019.csv", "SDC501", "fail", "B2"), ("y2020.csv", "SDC503", "review", "C2")})


def test_column_split_twin_other_rows(tmp_path: Path, jobs: int) -> None:
    """Rows no abbreviation pairs (``NE`` beside ``Leeds``...): no split read, no ``fail``;
    exactly base47's findings (b.csv's SDC501 ``review`` is another reading's, t.csv's own
    SDC402)."""
    files = {"f.csv": FEMALE_SHORT,
             "t.csv": "region,male,all\nLeeds,30,50\nYork,30,57\nHull,40,73\n"}
    assert _found(_write(tmp_path, files), jobs) == (
        "review", {"f.csv": "review", "t.csv": "review"},
        {("f.csv", "SDC501", "review", "B2")} | OWN_TOTAL)


# 3. and 4. abbreviated column headers

BY_SEX = "sex,{},{}\nF,*,*\nM,45,50\n"


@pytest.mark.parametrize("heads", [("N.E.", "S.W."), ("NE", "SW"), ("North East", "South West")],
                         ids=["dotted", "initials", "spelt"])
def test_abbreviated_headers_read_as_spelt(tmp_path: Path, jobs: int,
                                           heads: tuple[str, str]) -> None:
    """b.csv's women 50 - 45 = 5 and 57 - 50 = 7 through a.csv, SDC501 ``review``, and
    nothing else. base47: ``N.E.`` added SDC203 and gave 62/57; ``NE`` added SDC101 at B3."""
    root = _write(tmp_path, {"a.csv": SPELT, "b.csv": BY_SEX.format(*heads)})
    assert _found(root, jobs) == ("review", {"a.csv": "pass", "b.csv": "review"},
                                  {("b.csv", "SDC501", "review", "B2"),
                                   ("b.csv", "SDC501", "review", "C2")})
    if jobs == 1:
        report, _ = checked(root, 1)
        values = {f["location"]["cell"]: f["evidence"]["value"]
                  for o in report["outputs"] for f in o["findings"]}
        assert values == {"B2": 5.0, "C2": 7.0}


@pytest.mark.parametrize("heads", [("N.E.", "S.W."), ("NE", "SW")], ids=["dotted", "initials"])
def test_abbreviated_headers_alone_pass(tmp_path: Path, jobs: int,
                                        heads: tuple[str, str]) -> None:
    """Alone, as ``North East``, ``South West``: nothing (base47: SDC203, SDC101 ``review``)."""
    assert _found(_write(tmp_path, {"b.csv": BY_SEX.format(*heads)}), jobs) == (
        "pass", {"b.csv": "pass"}, set())


def test_nesting_columns_still_read(tmp_path: Path, jobs: int) -> None:
    """The twin: ``Residents`` beside ``Vaccinated`` may nest (3 unvaccinated), as before."""
    assert _found(_write(tmp_path, {"b.csv": "sex,Residents,Vaccinated\nF,40,37\nM,45,43\n"}),
                  jobs) == ("review", {"b.csv": "review"},
                            {("b.csv", "SDC101", "review", "C2"),
                             ("b.csv", "SDC101", "review", "C3")})


def test_words_join_dotted_initials() -> None:
    assert words("N.E.") == ["ne"]
    assert words("S.W") == ["sw"]
    assert words("n.risk") == ["n", "risk"]
    assert words("No. of patients") == ["no", "of", "patients"]
    assert words("N. E.") == ["n", "e"]  # spaced: letters apart, as before
    assert role_from_text("N.E.") is Role.UNKNOWN
    assert role_from_text("n") is Role.COUNT


def test_compass_initials() -> None:
    assert categories_of_one_variable("NE", "SW")
    assert categories_of_one_variable("N.E.", "S.W.")
    assert not categories_of_one_variable("NE", "North East")  # one category, two spellings
    assert not categories_of_one_variable("N", "S")  # single letters: not read as points
    assert not categories_of_one_variable("NE", "Patients")
