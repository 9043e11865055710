"""Round 38 (hunt38): one long table stopped the abbreviation pairing for the whole release.

hunt37's pair (``a.csv`` by ``North East``, ... hiding North East and North West; ``b.csv`` by
``NE``, ... printing NW) fails SDC501 at the four hidden cells of each. Put beside them a
table of 20,001 districts (its long dimension's labels more than ``MAX_HELD``: too many to
hold to keep its labels apart) and the pairing stopped for every table: the release passed,
every output ``pass``, North East/F = 4 given back. Now a table too long to hold holds only
its labels that may be short (a short label it prints is paired nowhere), and one with too
many even of those stops no pairing (a pairing wrongly applied to it contradicts or links
more, never clears a cell).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import sdc.link_abbreviations as link_abbreviations
from tests import release_modes
from tests.release_modes import found as _found
from tests.test_hunt37_abbreviated_links import A_FAILS, B_FAILS, SHORT, WORDS, _table

jobs = release_modes.jobs
# ``MAX_HELD`` is 20,000; the tests lower it to 300 (read at each call, and the pool's workers
# are forked, so they see it too) and write 301 labels: the same reading as 20,001 labels
# against 20,000, at a sixtieth of the CI time (a 20,001-row table read eight times cost
# ~240 s of CPU). ``test_the_limit_is_held_at_twenty_thousand`` pins the real figure.
REAL_HELD = link_abbreviations.MAX_HELD  # read before any test lowers it
HELD = 300
ROWS = HELD + 1  # more labels than ``MAX_HELD`` in the long table's dimension


@pytest.fixture(autouse=True)
def _held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(link_abbreviations, "MAX_HELD", HELD)


def test_the_limit_is_held_at_twenty_thousand() -> None:
    """The figure the tests lower: at the real one a 20,001-district table is over it."""
    assert REAL_HELD == 20_000


def _long_table(path: Path, labels: list[str]) -> None:
    """A safe long table: each label's counts in two years, every one 80 or more."""
    rng = random.Random(38)
    lines = ["district,2019,2020"]
    for label in labels:
        count = rng.randint(100, 200)
        lines.append(f"{label},{count},{count + rng.randint(-20, 20)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _districts() -> list[str]:
    return [f"District {i:05d}" for i in range(ROWS)]


def _codes() -> list[str]:
    """``ROWS`` labels of four letters (each may be short): too many even of those to hold."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [a + b + c + d for a in letters for b in letters for c in letters
            for d in letters][:ROWS]


def test_an_abbreviated_pair_beside_a_long_table_still_fails(tmp_path: Path,
                                                             jobs: int) -> None:
    _table(WORDS, [0, 1]).to_csv(tmp_path / "a.csv")
    _table(SHORT["initials"], [0, 2]).to_csv(tmp_path / "b.csv")
    _long_table(tmp_path / "long.csv", _districts())
    status, statuses, found = _found(tmp_path, jobs)
    assert (status, statuses) == ("fail", {"a.csv": "fail", "b.csv": "fail",
                                           "long.csv": "pass"})
    assert found == A_FAILS | B_FAILS  # was: pass, no finding


def test_twin_the_abbreviated_table_hides_the_same_rows(tmp_path: Path, jobs: int) -> None:
    _table(WORDS, [0, 1]).to_csv(tmp_path / "a.csv")
    _table(SHORT["initials"], [0, 1]).to_csv(tmp_path / "b.csv")
    _long_table(tmp_path / "long.csv", _districts())
    assert _found(tmp_path, jobs) == (
        "pass", {"a.csv": "pass", "b.csv": "pass", "long.csv": "pass"}, set())


def test_a_long_table_of_short_codes_stops_no_pairing(tmp_path: Path) -> None:
    _table(WORDS, [0, 1]).to_csv(tmp_path / "a.csv")
    _table(SHORT["initials"], [0, 2]).to_csv(tmp_path / "b.csv")
    _long_table(tmp_path / "long.csv", _codes())
    status, statuses, found = _found(tmp_path, 1)
    assert (status, statuses["a.csv"], statuses["b.csv"]) == ("fail", "fail", "fail")
    assert found == A_FAILS | B_FAILS


def test_a_short_label_the_long_table_prints_is_paired_nowhere() -> None:
    """Its long label may stand beside it unseen in the long table: NE is left apart; NW,
    which it does not print, is paired."""
    from sdc.link_abbreviations import release_aliases

    words = (frozenset({"north east", "north west", "total"}),)
    short = (frozenset({"ne", "nw", "total"}),)
    assert release_aliases([(words, frozenset(), True), (short, frozenset(), True),
                            ((), frozenset({"ne", "abc"}), False)]) == {"nw": "north west"}
    assert release_aliases([(words, frozenset(), True), (short, frozenset(), True),
                            ((), None, False)]) == {"ne": "north east", "nw": "north west"}
