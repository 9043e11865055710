"""Abbreviated labels in one release: rows adding to a total none prints (round 46, link46).

ledger45 left, in one release, ``b.csv`` by ``NE``, ``SW`` hiding its women, rows adding to
108 with no total printed, beside ``a.csv``'s ``North East``, ``South West`` 107: ``pass``.
Spelt alike the two are ``review`` (SDC402 on both, SDC502 at b.csv B2): the union reading
(``sdc.union_labels``) reads ``a.csv``'s margins as wholes over ``b.csv``'s rows, and they
contradict. It compared folded labels, so ``NE`` was no ``north east`` there; now it spells
labels with the release's aliases (``sdc.link_abbreviations.spelt``).

And the pairing was one way round: ``a.csv`` by ``NE``, ``SW`` with its ``Total`` beside
``b.csv`` by ``North East``, ``South West`` printing none paired nothing (``total`` was a
label only the short side had), so ``b.csv``'s hidden cell that ``a.csv``'s counts give back
passed, while ``b.csv`` abbreviating was ``review``. A margin's label is no category now
(``link_abbreviations.table_dimensions``).

Each case is checked at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings;
the twins pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written as _write

jobs = release_modes.jobs

SPELT = "age,North East,South West,Total\nTotal,50,57,107\n"
SHORT = "age,NE,SW,Total\nTotal,50,57,107\n"
BY_REGION = "region,n\nNorth East,50\nSouth West,57\nTotal,107\n"
# the women hidden, the rows adding to 108 (13 + 95), no total row printed
ONE_MORE_SHORT = "sex,NE,SW,Total\nF,*,*,13\nM,45,50,95\n"
ONE_MORE_SPELT = "sex,North East,South West,Total\nF,*,*,13\nM,45,50,95\n"
CONTRADICT = {("a.csv", "SDC402", "review", None), ("b.csv", "SDC402", "review", None),
              ("b.csv", "SDC502", "review", "B2")}
# and b.csv's margins adding to 108 beside a.csv's total 107, whatever the labels: SDC503's
# close totals at b.csv's first margin (round 46, total46's ``_implied_totals``)
CLOSE_TOTALS = {("b.csv", "SDC503", "review", "D2")}




@pytest.mark.parametrize("files", [
    {"a.csv": SPELT, "b.csv": ONE_MORE_SHORT},  # ledger45's case: b.csv abbreviates
    {"a.csv": SHORT, "b.csv": ONE_MORE_SPELT},  # a.csv does
    {"a.csv": SPELT, "b.csv": ONE_MORE_SHORT.lower()},  # ``ne``, ``sw``
    {"a.csv": BY_REGION, "b.csv": ONE_MORE_SHORT},  # the spelt-out counts a one-way table
    # the rows add to 117: ten off, as spelt alike (SDC402 reads labels whatever the totals)
    {"a.csv": SPELT, "b.csv": "sex,NE,SW,Total\nF,*,*,22\nM,45,50,95\n"},
], ids=["b-short", "a-short", "lower", "one-way", "ten-off"])
def test_rows_adding_to_another_total_contradict(tmp_path: Path, jobs: int,
                                                 files: dict[str, str]) -> None:
    """As the two spelt alike: both SDC402 ``review`` and b.csv's women in [0, 5] SDC502
    (base46: pass, no finding); and, but ten off, SDC503's close totals."""
    ten_off = files["b.csv"].endswith("F,*,*,22\nM,45,50,95\n")
    assert _found(_write(tmp_path, files), jobs) == (
        "review", {"a.csv": "review", "b.csv": "review"},
        CONTRADICT if ten_off else CONTRADICT | CLOSE_TOTALS)


def test_spelt_alike_as_before(tmp_path: Path, jobs: int) -> None:
    """The reference: the same two tables spelt alike (base46 the same)."""
    assert _found(_write(tmp_path, {"a.csv": SPELT, "b.csv": ONE_MORE_SPELT}), jobs) == (
        "review", {"a.csv": "review", "b.csv": "review"}, CONTRADICT | CLOSE_TOTALS)


@pytest.mark.parametrize("files,given_back", [
    # one hidden cell, no total in b.csv: North East's women 50 - 30 = 20 through a.csv
    ({"a.csv": "region,n\nNE,50\nSW,57\nTotal,107\n",
      "b.csv": "region,F,M\nNorth East,*,30\nSouth West,27,30\n"}, {"B2"}),
    # the women of both hidden, b.csv by sex: 50 - 45 = 5 and 57 - 50 = 7
    ({"a.csv": "region,n\nNE,50\nSW,57\nTotal,107\n",
      "b.csv": "sex,North East,South West\nF,*,*\nM,45,50\n"}, {"B2", "C2"}),
], ids=["rows", "columns"])
def test_the_abbreviating_table_prints_a_total(tmp_path: Path, jobs: int,
                                               files: dict[str, str],
                                               given_back: set[str]) -> None:
    """``a.csv`` abbreviates and prints its ``Total``, ``b.csv`` spells out and prints none:
    SDC501 ``review`` at the cells a.csv's counts give back, as with b.csv abbreviating
    (base46: pass)."""
    assert _found(_write(tmp_path, files), jobs) == (
        "review", {"a.csv": "pass", "b.csv": "review"},
        {("b.csv", "SDC501", "review", cell) for cell in given_back})


def test_labels_no_abbreviation_pairs_leave_only_the_close_totals(tmp_path: Path,
                                                                  jobs: int) -> None:
    """``Nord``, ``Sud`` are no ``North``, ``South``: nothing is linked (no SDC402, no
    SDC501/SDC502), and b.csv's margins adding to 108 beside a.csv's 107 are SDC503's close
    totals whatever the labels (round 46, total46; a twin that passed before)."""
    files = {"a.csv": "age,North,South,Total\nTotal,50,57,107\n",
             "b.csv": "sex,Nord,Sud,Total\nF,*,*,13\nM,45,50,95\n"}
    assert _found(_write(tmp_path, files), jobs) == (
        "review", {"a.csv": "pass", "b.csv": "review"}, CLOSE_TOTALS)


@pytest.mark.parametrize("files", [
    # a.csv abbreviates with its total, b.csv's labels none of its
    {"a.csv": "region,n\nNE,50\nSW,57\nTotal,107\n",
     "b.csv": "region,F,M\nAlpha,*,30\nBeta,27,30\n"},
    # North East's two cells hidden: a.csv gives their sum only
    {"a.csv": "region,n\nNE,50\nSW,57\nTotal,107\n",
     "b.csv": "region,F,M\nNorth East,*,*\nSouth West,27,30\n"},
], ids=["other-labels", "sum-only"])
def test_twins_pass(tmp_path: Path, jobs: int, files: dict[str, str]) -> None:
    assert _found(_write(tmp_path, files), jobs) == (
        "pass", dict.fromkeys(files, "pass"), set())


# -- the pieces ---------------------------------------------------------------------------------

def _dimensions(text: str, tmp_path: Path):
    from sdc.engine import read_release
    from sdc.link_abbreviations import table_dimensions
    from sdc.policy import build_policy

    path = tmp_path / f"t{len(list(tmp_path.iterdir()))}.csv"
    path.write_text(text, encoding="utf-8")
    outputs, _, _, _ = read_release([path], build_policy({}))
    return table_dimensions(outputs[0].table)


def test_a_margin_label_is_no_category(tmp_path: Path) -> None:
    from sdc.link_abbreviations import release_aliases

    short = _dimensions("region,n\nNE,50\nSW,57\nTotal,107\n", tmp_path)
    assert short[0] == (frozenset({"ne", "sw"}),)
    # a margin of one dimension keeps its label on the other (``F`` of the Total column)
    assert _dimensions(ONE_MORE_SPELT + "Total,*,*,108\n", tmp_path)[0] == (
        frozenset({"female", "male"}), frozenset({"north east", "south west"}))
    spelt = _dimensions("region,F,M\nNorth East,*,30\nSouth West,27,30\n", tmp_path)
    assert release_aliases([short, spelt]) == {"ne": "north east", "sw": "south west"}
    assert release_aliases([spelt, short]) == {"ne": "north east", "sw": "south west"}


def test_spelt_reads_the_aliases_only_within_spelling() -> None:
    from sdc.link_abbreviations import spelling, spelt

    assert spelt(" NE ") == "ne"
    with spelling({"ne": "north east"}):
        assert (spelt("NE"), spelt("ne"), spelt("SW"), spelt("North  East")) == (
            "north east", "north east", "sw", "north east")
    assert spelt("NE") == "ne"


def test_agreed_aliases() -> None:
    from sdc.link_abbreviations import agreed_aliases

    assert agreed_aliases([{"ne": "north east"}, {"ne": "north east", "sw": "south west"}]) \
        == {"ne": "north east", "sw": "south west"}
    # two long labels for one short: neither; a chain: neither link of it
    assert agreed_aliases([{"ne": "north east"}, {"ne": "new england"}]) == {}
    assert agreed_aliases([{"n": "ne"}, {"ne": "north east"}]) == {}
