"""Tables of other age bands, each its own population, stay apart (round 37, link37).

Round 36 (hunt36) stopped a line's unpublished total (a table's sum over the rows it
prints, no totals row) from parting two tables, to close a wrong ``pass`` (a table printing
some of another's rows: ``tests/test_some_rows_printed_elsewhere.py``). That linked too
much: two tables printing other age bands, agreeing on no cell, were linked through the
one band they share, and their sums contradicted (SDC402 ``review`` where main had none).
Now such a sum is compared only with a total over no other categories of its line, and a
sum over other categories that differs still parts tables agreeing on fewer than two
printed cells (``sdc.linking._comparable``, ``_exact_links``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from benchmarks.link37_age_sex_release import write_release
from sdc.linking import _comparable
from tests.test_some_rows_printed_elsewhere import _found, jobs  # noqa: F401 (a fixture)

# bands 25-34, 35-49, 50-64 (no totals row; F's sum unknown, M's 91) beside 0-17, 35-49,
# 65+ with a totals row (M 69): they share 35-49 only, where t004 prints M = 41
T004 = "age_band,F,M\n25-34,27,30\n35-49,*,41\n50-64,37,20\n"
T013 = "age_band,F,M\n0-17,*,22\n35-49,*,*\n65+,*,38\nTotal,14,69\n"


def test_tables_of_other_bands_are_parted_by_their_sums(tmp_path: Path, jobs: int) -> None:  # noqa: F811
    (tmp_path / "t004.csv").write_text(T004, encoding="utf-8")
    (tmp_path / "t013.csv").write_text(T013, encoding="utf-8")
    # t013's M (9) is given back by its own totals row alone; nothing links the two. Their
    # bands read together (round 42, bands42's unions) fit one population only with a
    # count below 0 (22 + 30 + 41 + 20 > 69): SDC503 at t013's Total, review only
    assert _found(tmp_path, jobs) == ("fail", {"t004.csv": "pass", "t013.csv": "fail"},
                                      {("t013.csv", "SDC501", "fail", "C3"),
                                       ("t013.csv", "SDC503", "review", "C5")})


def test_the_twin_hiding_nothing_t013_recovers_is_review_only(tmp_path: Path, jobs: int) -> None:  # noqa: F811
    # no table's own cells give anything back; the bands of both, read as one population,
    # would give ``Total − (35-49) − (50-64)`` = 8, but they fit one only with a count below
    # 0: a review (sdc cannot tell which of them count one population), never a fail
    (tmp_path / "t004.csv").write_text(T004, encoding="utf-8")
    (tmp_path / "t013.csv").write_text(T013.replace("38\n", "*\n"), encoding="utf-8")
    assert _found(tmp_path, jobs) == ("review", {"t004.csv": "pass", "t013.csv": "review"},
                                      {("t013.csv", "SDC503", "review", "C5")})


def test_two_sums_over_other_bands_are_not_equated(tmp_path: Path, jobs: int) -> None:  # noqa: F811
    # neither table prints a total; they share 0-17 and 25-34. Main equated the two F sums
    # (101 and t016's unknown one) and the two unknown M sums, and with 25-34/F (31 in
    # t010) contradicted: SDC402 at both. Now only the shared cells link, weakly: each
    # table's hidden cell printed in the other is given back, at review
    (tmp_path / "t010.csv").write_text(
        "age_band,F,M\n0-17,39,*\n25-34,31,*\n35-49,13,49\n65+,18,*\n", encoding="utf-8")
    (tmp_path / "t016.csv").write_text(
        "age_band,F,M\n0-17,39,*\n25-34,*,55\n50-64,13,39\n", encoding="utf-8")
    assert _found(tmp_path, jobs) == (
        "review", {"t010.csv": "review", "t016.csv": "review"},
        {("t010.csv", "SDC501", "review", "C3"), ("t016.csv", "SDC501", "review", "B3")})


# main's statuses on these generated releases of 20 tables, none with SDC402; round 36's
# change gave 3 and 2 tables SDC402. Round 46 (total46): one table of each release is SDC503
# review, its margins adding to a few from another table's (t011.csv 237 beside t003.csv's
# 232; t007.csv 161 beside t003.csv's 154), where both print no grand total
MAIN = {9: {"fail": 11, "pass": 8, "review": 1}, 10: {"pass": 10, "fail": 9, "review": 1}}


@pytest.mark.parametrize("seed", sorted(MAIN))
def test_generated_age_band_tables_get_no_sdc402(tmp_path: Path, jobs: int,  # noqa: F811
                                                 seed: int) -> None:
    write_release(tmp_path, 20, seed)
    status, statuses, found = _found(tmp_path, jobs)
    assert not {f for f in found if f[1] == "SDC402"}
    assert (status, dict(Counter(statuses.values()))) == ("fail", MAIN[seed])


A, B, C, D = (frozenset(s) for s in ({1, 2, 3}, {2, 3}, {2, 4}, {7, 8}))


@pytest.mark.parametrize(("virtual_a", "virtual_b", "lines_a", "lines_b", "expected"), [
    (True, False, (A,), (B,), True),  # the table prints every category the margin's does
    (True, False, (B,), (A,), False),  # some of them: the first half of a table's rows
    (False, True, (A,), (B,), False),  # the same, the other way round
    (True, False, (A,), (C,), False),  # other bands, one in common
    (True, True, (A,), (B,), False),  # two unpublished sums: only the same categories
    (True, True, (B,), (B,), True),
    (True, False, (A,), (D,), True),  # a line along another dimension says nothing
    (True, False, (B,), (D, A), False),  # a grand total read both ways: one line is wider
    (True, False, (A,), (), True),  # a cell that totals no line of its table
    (False, False, (B,), (A,), True),  # two printed numbers: compared as ever
])
def test_comparable(virtual_a: bool, virtual_b: bool, lines_a: tuple[frozenset[int], ...],
                    lines_b: tuple[frozenset[int], ...], expected: bool) -> None:
    assert _comparable(virtual_a, virtual_b, lines_a, lines_b) is expected
