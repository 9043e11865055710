"""Round 37 (hunt37): labels one table abbreviates that another spells out, linked.

``a.csv`` by ``North East``, ``North West``, ... hides North East and North West (each safe
alone: every printed count at least 10); ``b.csv``, the same counts by ``NE``, ``NW``, ...,
prints North West (51, 33), which gives North East/F = 4 back through ``a.csv``'s margins.
SDC503 paired such labels (``sdc.abbreviated_labels``), the linked audit did not: both passed.
Now the release's dimensions are paired one to one and a short label coded as its long one
(``sdc.link_abbreviations``, ``LabelCodes.aliases``), the same whole, streamed and at ``-j 2``
(a streamed read that finds a pairing is read again whole: ``AuditPrebuild.settle``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests import release_modes
from tests.release_modes import found as _found
from tests.test_hunt32_linked_only_modes import _table as linked_table

COUNTS = {"F": [4, 51, 36, 20], "M": [59, 33, 15, 25]}
WORDS = ["North East", "North West", "South East", "South West"]
SHORT = {"initials": ["NE", "NW", "SE", "SW"], "dotted": ["N.E.", "N.W.", "S.E.", "S.W."]}
POINTS = (["North", "South", "East", "West"], ["N", "S", "E", "W"])


def _table(regions: list[str], hidden: list[int], counts: dict[str, list[int]] = COUNTS
           ) -> pd.DataFrame:
    return linked_table(hidden, regions, counts)


jobs = release_modes.jobs  # the fixture its tests take: each mode


A_FAILS = {("a.csv", "SDC501", "fail", cell) for cell in ("B2", "B3", "C2", "C3")}
B_FAILS = {("b.csv", "SDC501", "fail", cell) for cell in ("B2", "B4", "C2", "C4")}
# b.csv's own: none. Until round 47 (abbr47) the dotted headers were read as a count ``N.E.``
# (the count word ``n``) beside other columns, so ``'N.W.' 33 less 'S.W.' 25 leaves 8, if the
# second is a subgroup`` was SDC101 ``review`` at C5; now they are initials, as ``NE`` is
OWN: dict[str, set[tuple[str, str, str, str]]] = {"initials": set(), "dotted": set()}


@pytest.mark.parametrize("short", list(SHORT))
def test_an_abbreviated_table_gives_the_spelled_out_ones_hidden_cells_back(
        tmp_path: Path, jobs: int, short: str) -> None:
    _table(WORDS, [0, 1]).to_csv(tmp_path / "a.csv")  # North East and North West hidden
    _table(SHORT[short], [0, 2]).to_csv(tmp_path / "b.csv")  # NE and SE hidden: NW printed
    status, statuses, found = _found(tmp_path, jobs)
    assert (status, statuses) == ("fail", {"a.csv": "fail", "b.csv": "fail"})
    assert found == A_FAILS | B_FAILS | OWN[short]  # NE/F = 4 through the other's NW and SE


def test_a_compass_point_by_its_letter(tmp_path: Path, jobs: int) -> None:
    _table(POINTS[0], [0, 1]).to_csv(tmp_path / "a.csv")
    _table(POINTS[1], [0, 2]).to_csv(tmp_path / "b.csv")
    status, statuses, found = _found(tmp_path, jobs)
    assert (status, statuses) == ("fail", {"a.csv": "fail", "b.csv": "fail"})
    assert found == A_FAILS | B_FAILS | {("b.csv", "SDC101", "review", "C5")}  # was: a passed


def test_twin_the_abbreviated_table_hides_the_same_rows(tmp_path: Path, jobs: int) -> None:
    _table(WORDS, [0, 1]).to_csv(tmp_path / "a.csv")
    _table(SHORT["initials"], [0, 1]).to_csv(tmp_path / "b.csv")
    assert _found(tmp_path, jobs) == ("pass", {"a.csv": "pass", "b.csv": "pass"}, set())


def test_twin_other_counts_under_the_abbreviations(tmp_path: Path, jobs: int) -> None:
    """Another population by the short labels (no two cells agree): no link, no finding."""
    _table(WORDS, [0, 1]).to_csv(tmp_path / "a.csv")
    other = {"F": [14, 41, 26, 30], "M": [49, 23, 35, 15]}
    _table(SHORT["initials"], [0, 2], other).to_csv(tmp_path / "b.csv")
    assert _found(tmp_path, jobs) == ("pass", {"a.csv": "pass", "b.csv": "pass"}, set())


def test_a_contradicting_abbreviated_table_leaves_a_failing_table_failing(
        tmp_path: Path, jobs: int) -> None:
    """The edge of a wrong link: ``a.csv`` fails alone (North East/F = 4 from its own
    margins); ``b.csv`` by the short labels agrees on most cells and contradicts one (its NW
    total, 85 against 84). Two tables that publish one key with two values are parted, and a
    contradiction among linked tables drops links, never a table's own equations: ``a.csv``
    keeps exactly the findings it has alone."""
    a = _table(WORDS, [])
    a.iloc[0, 0] = "*"  # North East/F alone hidden: 63 - 59
    b = _table(SHORT["initials"], [0])
    b.iloc[1, 2] = 85  # NW's total: 84 in a.csv (51 + 33)
    alone, both = tmp_path / "alone", tmp_path / "both"
    alone.mkdir()
    both.mkdir()
    a.to_csv(alone / "a.csv")
    a.to_csv(both / "a.csv")
    b.to_csv(both / "b.csv")
    status, statuses, found = _found(both, jobs)
    assert (status, statuses) == ("fail", {"a.csv": "fail", "b.csv": "fail"})
    own = {("a.csv", "SDC103", "fail", "C2"), ("a.csv", "SDC501", "fail", "B2")}
    assert {f for f in found if f[0] == "a.csv"} == own == _found(alone, jobs)[2]


def _dims(*labels: set[str]) -> tuple[tuple[frozenset[str], ...], frozenset[str], bool]:
    return tuple(frozenset(s) for s in labels), frozenset(), True


def test_the_pairing_is_one_to_one_and_keeps_one_tables_labels_apart() -> None:
    from sdc.link_abbreviations import release_aliases

    words = {"north east", "north west", "total"}
    assert release_aliases([_dims(words), _dims({"ne", "nw", "total"})]) == {
        "ne": "north east", "nw": "north west"}
    # NE as North East here and as New England there: neither
    assert release_aliases([_dims(words), _dims({"ne", "nw", "total"}),
                            _dims({"new england", "nw", "total"})]) == {"nw": "north west"}
    # a table printing NE and North East: two of its labels, never one
    assert release_aliases([_dims(words), _dims({"ne", "nw", "total"}),
                            _dims({"ne", "north east"})]) == {"nw": "north west"}
    # a label too many to pair (``LDN`` or ``Lon`` for London, not both in one renaming)
    assert release_aliases([_dims({"london", "leeds"}), _dims({"l", "le"})]) == {}
