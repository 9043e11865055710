"""A dimension constant over a table read as its population's label (round 41, union41).

Per-age region tables split over files (``age,region,F,M,Total`` of ``18-64`` in ``a.csv``
and ``b.csv``; ``65+`` in ``d.csv``) beside an age x sex whole (``age,F,M,Total / 18-64,111,...
/ 65+,...``, or long ``age,sex,n``) passed everything on main (69cbe5f), as did the ``18-64``
parts beside a whole that calls the band ``band``, prints it beside ``group / All``, or prints
no age (``group / All``, ``region / Total``), and parts without an age beside a whole of one
age band. a.csv hides North/F = 111 - 51 - 36 - 20 = 4 (and North/M = 36); the same rows in
one file (``age,region,...`` of both bands) and the whole ``age,region / 18-64,Total`` (the
parts' names exactly) failed. Only the labels and the file split the researcher chose
differed: now each is read as the total over the parts' rows of its band.

Each case at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings, and its safe
twins: the whole of a national table (much larger numbers: the remainder absorbs them),
totals that contradict the rows (fewer women than the printed rows hold: dropped), totals of
other columns (no whole), and a whole of another age band (not these rows' population)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests import release_modes
from tests.release_modes import found as _found

jobs = release_modes.jobs  # the fixture its tests take: each mode

AGED_A = "age,region,F,M,Total\n18-64,North,*,*,40\n18-64,South,51,49,100\n"
AGED_B = "age,region,F,M,Total\n18-64,East,36,30,66\n18-64,West,20,17,37\n"
OLDER = ("age,region,F,M,Total\n65+,North,30,31,61\n65+,South,40,41,81\n65+,East,25,26,51\n"
         "65+,West,20,22,42\n")  # its sums: 115, 120, 235
PLAIN_A = "region,F,M,Total\nNorth,*,*,40\nSouth,51,49,100\n"
PLAIN_B = "region,F,M,Total\nEast,36,30,66\nWest,20,17,37\n"

Whole = Callable[[str, str], str]  # the 18-64 and 65+ cells ("111,132,243") -> the text


def _wide(head: str, row: str) -> Whole:
    return lambda cells, _older: f"{head},F,M,Total\n{row},{cells}\n"


# shape -> (parts: the files besides c.csv, the whole's text; a.csv's F and M columns)
CASES: dict[str, tuple[dict[str, str], Whole, tuple[str, str]]] = {
    # 18-64 parts; a whole that calls the band another name, prints it beside an ``All``
    # row, prints no age; p4 (the parts' names exactly) failed on main already
    "p1-band": ({"a.csv": AGED_A, "b.csv": AGED_B}, _wide("band,group", "18-64,All"),
                ("C2", "D2")),
    "p2-age-all": ({"a.csv": AGED_A, "b.csv": AGED_B}, _wide("age,group", "18-64,All"),
                   ("C2", "D2")),
    "p3-no-age": ({"a.csv": AGED_A, "b.csv": AGED_B}, _wide("group", "All"), ("C2", "D2")),
    "p4-same-names": ({"a.csv": AGED_A, "b.csv": AGED_B},
                      _wide("age,region", "18-64,Total"), ("C2", "D2")),
    "p5-region-total": ({"a.csv": AGED_A, "b.csv": AGED_B}, _wide("region", "Total"),
                        ("C2", "D2")),
    # parts without an age; a whole of one age band
    "p6-age-all": ({"a.csv": PLAIN_A, "b.csv": PLAIN_B}, _wide("age,group", "18-64,All"),
                   ("B2", "C2")),
    "p7-age": ({"a.csv": PLAIN_A, "b.csv": PLAIN_B}, _wide("age", "18-64"), ("B2", "C2")),
    "p8-age-region": ({"a.csv": PLAIN_A, "b.csv": PLAIN_B},
                      _wide("age,region", "18-64,Total"), ("B2", "C2")),
    # the whole per age band, each band's parts in files of their own
    "p9-age-by-sex": ({"a.csv": AGED_A, "b.csv": AGED_B, "d.csv": OLDER},
                      lambda cells, older: f"age,F,M,Total\n18-64,{cells}\n65+,{older}\n",
                      ("C2", "D2")),
    "p10-long": ({"a.csv": AGED_A, "b.csv": AGED_B, "d.csv": OLDER},
                 lambda cells, older: _long(cells, {"65+": older}), ("C2", "D2")),
}


def _long(cells: str, older: dict[str, str]) -> str:
    """The long ``age,sex,n`` whole: the 18-64 cells (``F,M,Total`` or ``F,M,X,Total``; the
    Total left out), then the other bands'."""
    lines = ["age,sex,n"]
    for band, values in {"18-64": cells, **older}.items():
        numbers = values.split(",")
        sexes = ["F", "M", "X"] if len(numbers) == 4 else ["F", "M"]
        lines.extend(f"{band},{sex},{n}" for sex, n in zip(sexes, numbers, strict=False))
    return "\n".join(lines) + "\n"


def _write(root: Path, shape: str, cells: str, older: str = "115,120,235") -> dict[str, str]:
    parts, whole, _ = CASES[shape]
    for name, text in parts.items():
        (root / name).write_text(text)
    (root / "c.csv").write_text(whole(cells, older))
    return {name: "pass" for name in [*parts, "c.csv"]}


@pytest.mark.parametrize("shape", sorted(CASES))
def test_a_whole_of_the_parts_band_gives_the_hidden_cells_back(tmp_path: Path, jobs: int,
                                                               shape: str) -> None:
    # main (69cbe5f): every output passed, but for p4
    statuses = _write(tmp_path, shape, "111,132,243")
    f, m = CASES[shape][2]
    assert _found(tmp_path, jobs) == (
        "fail", statuses | {"a.csv": "fail"},
        {("a.csv", "SDC501", "fail", f), ("a.csv", "SDC501", "fail", m)})


def test_the_same_rows_in_one_file_fail_as_before(tmp_path: Path, jobs: int) -> None:
    (tmp_path / "a.csv").write_text(AGED_A + AGED_B.split("\n", 1)[1] + OLDER.split("\n", 1)[1])
    (tmp_path / "c.csv").write_text("age,F,M,Total\n18-64,111,132,243\n65+,115,120,235\n")
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "c.csv": "pass"},
        {("a.csv", "SDC501", "fail", "C2"), ("a.csv", "SDC501", "fail", "D2")})


@pytest.mark.parametrize("shape", sorted(CASES))
def test_a_national_whole_of_much_larger_numbers_passes(tmp_path: Path, jobs: int,
                                                        shape: str) -> None:
    # North/F in [0, 4893]: the remainder absorbs it (65+ national too: no cell of c.csv
    # holds most of its column)
    statuses = _write(tmp_path, shape, "5000,5200,10200", "4800,5100,9900")
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


@pytest.mark.parametrize("shape", sorted(CASES))
def test_a_whole_that_contradicts_the_rows_is_dropped(tmp_path: Path, jobs: int,
                                                      shape: str) -> None:
    # 100 women, fewer than South, East and West print (107): no union of these rows
    statuses = _write(tmp_path, shape, "100,132,232")
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


@pytest.mark.parametrize("shape", sorted(CASES))
def test_a_whole_of_other_columns_is_no_whole(tmp_path: Path, jobs: int, shape: str) -> None:
    # F, M, X: other columns than the rows' (they count something else)
    parts, whole, _ = CASES[shape]
    for name, text in parts.items():
        (tmp_path / name).write_text(text)
    if shape == "p10-long":
        text = _long("111,132,30,273", {"65+": "115,120,30,265"})
    else:
        head, *rows = whole("111,132,243", "115,120,235").splitlines()
        text = "\n".join([head.replace(",Total", ",X,Total"), *(
            f"{line.rsplit(',', 1)[0]},30,{int(line.rsplit(',', 1)[1]) + 30}"
            for line in rows)]) + "\n"
    (tmp_path / "c.csv").write_text(text)
    statuses = {name: "pass" for name in [*parts, "c.csv"]}
    if shape in ("p7-age", "p9-age-by-sex"):  # ``age,F,M,X,Total``: a magnitude (main too)
        assert _found(tmp_path, jobs) == ("review", statuses | {"c.csv": "review"},
                                          {("c.csv", "SDC203", "review", None)})
    else:
        assert _found(tmp_path, jobs) == ("pass", statuses, set())


@pytest.mark.parametrize("whole", [
    "age,F,M,Total\n65+,111,132,243\n",  # one band, not the parts'
    "band,group,F,M,Total\n65+,All,111,132,243\n",
    "age,F,M,Total\n35-44,111,132,243\n65+,115,120,235\n",  # bands, none of a.csv's
])
def test_a_whole_of_another_band_is_not_read_over_these_rows(tmp_path: Path, jobs: int,
                                                            whole: str) -> None:
    # the 18-64 rows are no part of a 65+ (or 35-44) whole: nothing is given back
    (tmp_path / "a.csv").write_text(AGED_A)
    (tmp_path / "b.csv").write_text(AGED_B)
    (tmp_path / "c.csv").write_text(whole)
    assert _found(tmp_path, jobs) == (
        "pass", {"a.csv": "pass", "b.csv": "pass", "c.csv": "pass"}, set())


def test_a_band_the_parts_do_not_carry_printed_first_hides_nothing(tmp_path: Path,
                                                                  jobs: int) -> None:
    # the whole's first row (0-17) is a band no part table carries: the row order the
    # researcher chose must not keep the 18-64 row from being read (main: every output passed)
    (tmp_path / "a.csv").write_text(AGED_A)
    (tmp_path / "b.csv").write_text(AGED_B)
    (tmp_path / "d.csv").write_text(OLDER)
    (tmp_path / "c.csv").write_text(
        "age,F,M,Total\n0-17,50,60,110\n18-64,111,132,243\n65+,115,120,235\n")
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "pass", "c.csv": "pass", "d.csv": "pass"},
        {("a.csv", "SDC501", "fail", "C2"), ("a.csv", "SDC501", "fail", "D2")})


def test_a_forged_part_of_the_whole_band_does_not_put_the_true_parts_out(tmp_path: Path,
                                                                        jobs: int) -> None:
    # parts without an age and a forged 18-64 table (Hills) beside an 18-64 whole: every
    # part is read (taking only those of the whole's band would read Hills alone); the union
    # contradicts with Hills (117 women > 111) and is read without it (round 40): North/F in
    # [0, 4], ``review`` (main: every output passed)
    (tmp_path / "a.csv").write_text(PLAIN_A)
    (tmp_path / "b.csv").write_text(PLAIN_B)
    (tmp_path / "c.csv").write_text("age,F,M,Total\n18-64,111,132,243\n")
    (tmp_path / "e.csv").write_text("age,region,F,M,Total\n18-64,Hills,10,10,20\n")
    assert _found(tmp_path, jobs) == (
        "review", {"a.csv": "review", "b.csv": "pass", "c.csv": "pass", "e.csv": "pass"},
        {("a.csv", "SDC502", "review", "B2")})
