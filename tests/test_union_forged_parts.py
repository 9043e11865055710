"""Union totals beside two forged part tables (round 40, union40).

Round 39 read a union that contradicts alone without each one of its part tables in turn; a
researcher who adds two forged part tables (``Central,500,500,1000`` and ``Coast,...``) made
every such try contradict, the union was left out, and the hidden cell the true union pins
passed. Now, where no single drop fits, the union is read over the part tables that each fit
the whole alone (its cells ``review``), and where that does not fit either, the whole's
table is SDC402 ``review``: which tables it totals is not decided.

Each case at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings, and a safe
twin."""

from __future__ import annotations

from pathlib import Path

from tests import release_modes
from tests.release_modes import found as _found

# round 39's release: North/F = 111 - 51 - 36 - 20 = 4 hidden in a.csv
from tests.test_union_leftovers import EAST_WEST, HEADER, NORTH_HIDDEN, TOTALS, _write

jobs = release_modes.jobs  # the fixture its tests take: each mode



def _release(root: Path, totals: str, forged: int) -> None:
    _write(root, **{"a.csv": HEADER + NORTH_HIDDEN, "b.csv": HEADER + EAST_WEST,
                    "c.csv": HEADER + totals,
                    "e.csv": HEADER + f"Central,{forged},{forged},{2 * forged}\n",
                    "f.csv": HEADER + f"Coast,{forged},{forged},{2 * forged}\n"})


ALL_PASS = {"a.csv": "pass", "b.csv": "pass", "c.csv": "pass", "e.csv": "pass",
            "f.csv": "pass"}


def test_two_forged_rows_the_totals_cannot_hold_are_review(tmp_path: Path,
                                                           jobs: int) -> None:
    # e.csv and f.csv each print 500 women the totals (111) cannot hold: the union over every
    # row, and without either one, contradict (main: the union left out, the release passed
    # while a.csv's North/F = 4 is 111 - 51 - 36 - 20). a.csv and b.csv each fit alone, and
    # together: North/F in [0, 4], review (which rows are forged is not decided)
    _release(tmp_path, TOTALS, 500)
    assert _found(tmp_path, jobs) == (
        "review", ALL_PASS | {"a.csv": "review"}, {("a.csv", "SDC502", "review", "B2")})


def test_two_forged_rows_beside_a_wide_remainder_pass(tmp_path: Path, jobs: int) -> None:
    # the twin: the totals count 20 more women, so even without e.csv and f.csv North/F is
    # in [0, 24]
    _release(tmp_path, "Total,131,132,263\n", 500)
    assert _found(tmp_path, jobs) == ("pass", ALL_PASS, set())


def test_two_forged_rows_that_fit_alone_leave_the_totals_undecided(tmp_path: Path,
                                                                   jobs: int) -> None:
    # e.csv and f.csv print 60 women each: every table fits the totals alone, no three of the
    # four do. Which two the totals count is not decided without trying every set: c.csv is
    # SDC402 review (a reader of the passed tables has no totals to pin North/F; main passed)
    _release(tmp_path, TOTALS, 60)
    assert _found(tmp_path, jobs) == (
        "review", ALL_PASS | {"c.csv": "review"}, {("c.csv", "SDC402", "review", None)})


def test_rows_that_fit_the_totals_together_pass(tmp_path: Path, jobs: int) -> None:
    # the twin: totals of 300 women hold every row (North/F in [0, 73])
    _release(tmp_path, "Total,300,300,600\n", 60)
    assert _found(tmp_path, jobs) == ("pass", ALL_PASS, set())
