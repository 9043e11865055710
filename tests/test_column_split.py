"""A table's columns printed one a file (round 41, cols41; ``sdc.column_split``).

``a.csv region,female / North,* / South,51 / East,36``, ``b.csv region,male`` (36, 70, 30)
and ``c.csv region,all`` (40, 121, 66): South and East add up exactly (51 + 70 = 121, 36 + 30
= 66), so ``all`` is the rows' total, and North's women are 40 - 36 = 4. In one file
(``region,female,male,all``) that is SDC501 ``fail`` at a.csv B2; split one column a file,
every output passed on main (69cbe5f), whatever the headers (``all``, ``persons``, ``n``,
``count``, ``total``; ``F``/``M``/``n``, ``F``/``M``/``Total``, ``Female``/``Male``/``Total``:
the ``Total`` spellings were ``review`` only by SDC203 at c.csv, the hidden cell never found).

Each case at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings, and its safe
twins: columns that do not add up on a printed row, two hidden cells in North's row (each
in [0, 40]), every cell printed and at least 10, a whole that contradicts (dropped: main's
audit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import release_modes
from tests.release_modes import found as _found

jobs = release_modes.jobs  # the fixture its tests take: each mode

ALL_PASS = {"a.csv": "pass", "b.csv": "pass", "c.csv": "pass"}
NORTH_F = ("a.csv", "SDC501", "fail", "B2")

# each spelling: the three headers, and whether c.csv's lone ``Total`` column is read as a
# magnitude with no contributions (SDC203 ``review``, as on main)
SPELLINGS = {
    "all": (("female", "male", "all"), False),
    "persons": (("female", "male", "persons"), False),
    "n": (("female", "male", "n"), False),
    "count": (("female", "male", "count"), False),
    "total": (("female", "male", "total"), True),
    "F-M-n": (("F", "M", "n"), False),
    "F-M-Total": (("F", "M", "Total"), True),
    "Female-Male-Total": (("Female", "Male", "Total"), True),
}


def _column(header: str, values: tuple[str, ...],
            rows: tuple[str, ...] = ("North", "South", "East")) -> str:
    return f"region,{header}\n" + "".join(f"{r},{v}\n" for r, v in zip(rows, values,
                                                                        strict=True))


def _write(root: Path, female: tuple[str, ...], male: tuple[str, ...], whole: tuple[str, ...],
           headers: tuple[str, str, str] = ("female", "male", "all")) -> None:
    for name, header, values in zip(("a.csv", "b.csv", "c.csv"), headers,
                                    (female, male, whole), strict=True):
        (root / name).write_text(_column(header, values))


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_a_hidden_cell_the_other_files_columns_give_back_fails(tmp_path: Path, jobs: int,
                                                               spelling: str) -> None:
    # main: every output passed (SDC203 review at c.csv for the Total spellings)
    headers, magnitude = SPELLINGS[spelling]
    _write(tmp_path, ("*", "51", "36"), ("36", "70", "30"), ("40", "121", "66"), headers)
    c_csv = ({"c.csv": "review"}, {("c.csv", "SDC203", "review", None)}) if magnitude \
        else ({}, set())
    assert _found(tmp_path, jobs) == (
        "fail", ALL_PASS | {"a.csv": "fail"} | c_csv[0], {NORTH_F} | c_csv[1])


def test_a_large_hidden_cell_given_back_exactly_fails_as_in_one_file(tmp_path: Path,
                                                                     jobs: int) -> None:
    # North/F = 50 - 36 = 14: exact, as ``region,female,male,all`` in one file gives it (a
    # remainder >= 0 would have left it in [0, 14] and passed)
    _write(tmp_path, ("*", "51", "36"), ("36", "70", "30"), ("50", "121", "66"))
    assert _found(tmp_path, jobs) == ("fail", ALL_PASS | {"a.csv": "fail"}, {NORTH_F})


def test_a_hidden_whole_the_parts_give_back_fails(tmp_path: Path, jobs: int) -> None:
    # North/all = 14 + 13 = 27 (the parts printed, the total hidden)
    _write(tmp_path, ("14", "51", "36"), ("13", "70", "30"), ("*", "121", "66"))
    assert _found(tmp_path, jobs) == (
        "fail", ALL_PASS | {"c.csv": "fail"}, {("c.csv", "SDC501", "fail", "B2")})


def test_three_parts_one_a_file(tmp_path: Path, jobs: int) -> None:
    # female + male + other = all on South and East; North/F = 55 - 36 - 15 = 4
    (tmp_path / "a.csv").write_text(_column("female", ("*", "51", "36")))
    (tmp_path / "b.csv").write_text(_column("male", ("36", "70", "30")))
    (tmp_path / "c.csv").write_text(_column("other", ("15", "12", "11")))
    (tmp_path / "d.csv").write_text(_column("all", ("55", "133", "77")))
    assert _found(tmp_path, jobs) == (
        "fail", ALL_PASS | {"a.csv": "fail", "d.csv": "pass"}, {NORTH_F})


def test_two_columns_in_one_file_and_the_third_in_another(tmp_path: Path, jobs: int) -> None:
    # ``region,female`` beside ``region,male,all`` was SDC402 review at b.csv on main (its
    # ``all`` read as ``male``'s own total, which it is not), a.csv passed; round 42 (cols42)
    # reads b.csv's columns as column views too (tests/test_column_views.py)
    (tmp_path / "a.csv").write_text(_column("female", ("*", "51", "36")))
    (tmp_path / "b.csv").write_text("region,male,all\nNorth,36,40\nSouth,70,121\nEast,30,66\n")
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "review"},
        {NORTH_F} | {("b.csv", "SDC402", "review", c) for c in ("C2", "C3", "C4")})


# --- twins -------------------------------------------------------------------------------------

def test_columns_that_do_not_add_up_pass(tmp_path: Path, jobs: int) -> None:
    # East: 36 + 30 != 67, so ``all`` is no total of the two (North/F unknown)
    _write(tmp_path, ("*", "51", "36"), ("36", "70", "30"), ("40", "121", "67"))
    assert _found(tmp_path, jobs) == ("pass", ALL_PASS, set())


def test_two_hidden_cells_in_the_row_pass(tmp_path: Path, jobs: int) -> None:
    # North/F + North/M = 40, both hidden: each in [0, 40]
    _write(tmp_path, ("*", "51", "36"), ("*", "70", "30"), ("40", "121", "66"))
    assert _found(tmp_path, jobs) == ("pass", ALL_PASS, set())


def test_every_cell_printed_and_at_least_10_passes(tmp_path: Path, jobs: int) -> None:
    _write(tmp_path, ("14", "51", "36"), ("36", "70", "30"), ("50", "121", "66"))
    assert _found(tmp_path, jobs) == ("pass", ALL_PASS, set())


def test_a_whole_that_contradicts_its_row_is_dropped(tmp_path: Path, jobs: int) -> None:
    # North/all 30 < North/M 36: no sum of these columns (dropped silently: main's audit)
    _write(tmp_path, ("*", "51", "36"), ("36", "70", "30"), ("30", "121", "66"))
    assert _found(tmp_path, jobs) == ("pass", ALL_PASS, set())


# --- one printed row that adds up: a weak reading (``review``) ----------------------------------

def _two_rows(root: Path, whole_south: str) -> None:
    (root / "a.csv").write_text(_column("female", ("*", "51"), ("North", "South")))
    (root / "b.csv").write_text(_column("male", ("36", "49"), ("North", "South")))
    (root / "c.csv").write_text(_column("all", ("40", whole_south), ("North", "South")))


def test_one_printed_row_that_adds_up_is_a_weak_reading(tmp_path: Path, jobs: int) -> None:
    # only South is printed whole (51 + 49 = 100): one agreeing row is a weak link's evidence
    # (round 40), so North/F = 4 is SDC501 ``review``; main passed a.csv (b.csv's SDC503 is
    # main's: the female and male files' South margins)
    _two_rows(tmp_path, "100")
    assert _found(tmp_path, jobs) == (
        "review", {"a.csv": "review", "b.csv": "review", "c.csv": "pass"},
        {("a.csv", "SDC501", "review", "B2"), ("b.csv", "SDC503", "review", "B3")})


def test_one_printed_row_that_does_not_add_up_is_no_reading(tmp_path: Path, jobs: int) -> None:
    _two_rows(tmp_path, "101")
    assert _found(tmp_path, jobs) == (
        "review", {"a.csv": "pass", "b.csv": "review", "c.csv": "pass"},
        {("b.csv", "SDC503", "review", "B3")})
