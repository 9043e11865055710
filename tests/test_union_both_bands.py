"""Part tables that each print both age bands; a one-column header that is a band (round 43).

1. ``a.csv`` ``age,region,F,M,Total`` printing North and South of ``18-64`` and ``65+``,
   ``b.csv`` East and West of both, beside an age x sex whole (``c.csv``
   ``age,F,M,Total / 18-64,111,132,243 / 65+,...``, or long, or the bands as columns): North's
   women of 18-64 = 111 - 51 - 36 - 20 = 4. On base43 every output passed: no table carries a
   band as a constant label, so the whole was not read per band (union42's *Left*). The whole
   is now read per band where another table prints its two dimensions' labels at the ends of
   two of its dimensions, beside a third (``union_labels._spanned``).
2. ``sex,18-64 / F,111 / M,132 / Total,243`` (one band as the only value column) beside
   union41's p11 ``a.csv`` (both bands' four regions in one file): on base43 every output
   passed, the header read as the measure's name. It is now read as the table's constant
   label, as ``age,F,M,Total / 18-64`` prints it; a bare year (``2020``), which may be a
   measure's name too, is read both ways, the header's reading weak (``review``).

Each case at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings, and its safe
twins (a national whole of much larger numbers; a whole of fewer women than the rows print;
both rows of a band hidden, so no cell comes back; a header of a band no table prints)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import release_modes
from tests.release_modes import found as _found

jobs = release_modes.jobs  # the fixture its tests take: each mode

HEAD = "age,region,F,M,Total\n"
NORTH_SOUTH = ("18-64,North,*,*,40\n18-64,South,51,49,100\n"
               "65+,North,30,31,61\n65+,South,40,41,81\n")
EAST_WEST = ("18-64,East,36,30,66\n18-64,West,20,17,37\n"
             "65+,East,25,26,51\n65+,West,20,22,42\n")
TRUE = ("111,132,243", "115,120,235")  # each band's F, M, Total over the four regions
NATIONAL = ("5000,5200,10200", "4800,5100,9900")  # the remainder absorbs them
FEWER = ("100,132,232", TRUE[1])  # fewer women than South, East and West print (107)

WHOLES = {
    "age": "age,F,M,Total\n18-64,{}\n65+,{}\n",
    "band": "band,F,M,Total\n18-64,{}\n65+,{}\n",
    "long": "age,sex,n\n18-64,F,{}\n18-64,M,{}\n65+,F,{}\n65+,M,{}\n",
    "columns": "sex,18-64,65+,Total\nF,{},{},{}\nM,{},{},{}\nTotal,{},{},{}\n",
}


def _whole_text(template: str, young: str, old: str) -> str:
    """The whole's text from the two bands' ``F,M,Total`` cells, by its template's fields:
    two (a row a band), four (long: F and M of each), nine (the bands as columns)."""
    y, o = young.split(","), old.split(",")
    fields = template.count("{}")
    if fields == 4:
        return template.format(y[0], y[1], o[0], o[1])
    if fields == 9:
        rows = [(y[i], o[i], str(int(y[i]) + int(o[i]))) for i in range(3)]
        return template.format(*(n for row in rows for n in row))
    return template.format(young, old)


def _fail(*cells: str, status: str = "fail") -> set[tuple[str, str, str, str]]:
    return {("a.csv", "SDC501", status, cell) for cell in cells}


def _release(root: Path, a: str, whole: str, b: str = HEAD + EAST_WEST) -> dict[str, str]:
    (root / "a.csv").write_text(a)
    (root / "b.csv").write_text(b)
    (root / "c.csv").write_text(whole)
    return {"a.csv": "pass", "b.csv": "pass", "c.csv": "pass"}


# 1. a.csv and b.csv each print both bands, beside an age x sex whole
@pytest.mark.parametrize("shape", sorted(WHOLES))
def test_part_tables_each_of_both_bands_are_read_per_band(tmp_path: Path, jobs: int,
                                                          shape: str) -> None:
    # base43: every output passed
    statuses = _release(tmp_path, HEAD + NORTH_SOUTH, _whole_text(WHOLES[shape], *TRUE))
    assert _found(tmp_path, jobs) == ("fail", statuses | {"a.csv": "fail"},
                                      _fail("C2", "D2"))


def test_both_bands_hidden_each_come_back(tmp_path: Path, jobs: int) -> None:
    # base43: every output passed; 65+ North's women and men = 115 - 40 - 25 - 20 = 30, 31
    a = HEAD + NORTH_SOUTH.replace("65+,North,30,31,61", "65+,North,*,*,61")
    statuses = _release(tmp_path, a, _whole_text(WHOLES["age"], *TRUE))
    assert _found(tmp_path, jobs) == ("fail", statuses | {"a.csv": "fail"},
                                      _fail("C2", "D2", "C4", "D4"))


def test_both_bands_printed_in_another_order(tmp_path: Path, jobs: int) -> None:
    # base43: every output passed; the bands alternate, a region's two bands together
    rows = NORTH_SOUTH.splitlines()
    a = HEAD + "\n".join([rows[0], rows[2], rows[1], rows[3]]) + "\n"
    statuses = _release(tmp_path, a, _whole_text(WHOLES["age"], *TRUE))
    assert _found(tmp_path, jobs) == ("fail", statuses | {"a.csv": "fail"},
                                      _fail("C2", "D2"))


@pytest.mark.parametrize("whole", [NATIONAL, FEWER], ids=["national", "fewer"])
@pytest.mark.parametrize("shape", ["age", "long", "columns"])
def test_part_tables_of_both_bands_beside_another_whole_pass(
        tmp_path: Path, jobs: int, shape: str, whole: tuple[str, str]) -> None:
    statuses = _release(tmp_path, HEAD + NORTH_SOUTH, _whole_text(WHOLES[shape], *whole))
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


def test_a_band_of_two_hidden_rows_passes(tmp_path: Path, jobs: int) -> None:
    # North and South of 18-64 both hidden: their women add up to 55, one degree left
    a = HEAD + NORTH_SOUTH.replace("18-64,South,51,49,100", "18-64,South,*,*,100")
    statuses = _release(tmp_path, a, _whole_text(WHOLES["age"], *TRUE))
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


# 2. a one-column header that is a band
ONE_FILE = HEAD + NORTH_SOUTH.replace("65+,North", "18-64,East,36,30,66\n18-64,West,20,17,37\n"
                                      "65+,North") + "65+,East,25,26,51\n65+,West,20,22,42\n"
HEADED = "sex,{}\nF,{}\nM,{}\nTotal,{}\n"


def _headed(band: str, cells: str) -> str:
    return HEADED.format(band, *cells.split(","))


def _one_file(root: Path, *wholes: str) -> dict[str, str]:
    (root / "a.csv").write_text(ONE_FILE)
    statuses = {"a.csv": "pass"}
    for name, whole in zip(("c.csv", "e.csv"), wholes, strict=False):
        (root / name).write_text(whole)
        statuses[name] = "pass"
    return statuses


def test_a_band_as_the_only_value_column_is_the_tables_band(tmp_path: Path,
                                                            jobs: int) -> None:
    # base43: every output passed (the header read as the measure's name: cells F, M)
    statuses = _one_file(tmp_path, _headed("18-64", TRUE[0]))
    assert _found(tmp_path, jobs) == ("fail", statuses | {"a.csv": "fail"},
                                      _fail("C2", "D2"))


def test_a_band_header_without_a_total_row(tmp_path: Path, jobs: int) -> None:
    # base43: every output passed
    statuses = _one_file(tmp_path, "sex,18-64\nF,111\nM,132\n")
    assert _found(tmp_path, jobs) == ("fail", statuses | {"a.csv": "fail"},
                                      _fail("C2", "D2"))


def test_a_band_header_beside_part_tables_of_both_bands(tmp_path: Path, jobs: int) -> None:
    # base43: every output passed (item 1's parts, the whole a band's one column)
    statuses = _release(tmp_path, HEAD + NORTH_SOUTH, _headed("18-64", TRUE[0]))
    assert _found(tmp_path, jobs) == ("fail", statuses | {"a.csv": "fail"},
                                      _fail("C2", "D2"))


@pytest.mark.parametrize("whole", [NATIONAL[0], FEWER[0]], ids=["national", "fewer"])
def test_a_band_header_of_other_numbers_passes(tmp_path: Path, jobs: int, whole: str) -> None:
    statuses = _one_file(tmp_path, _headed("18-64", whole))
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


def test_a_band_header_no_table_prints_passes(tmp_path: Path, jobs: int) -> None:
    # 30-44 is no band a.csv prints: its numbers are no whole of a.csv's rows
    statuses = _one_file(tmp_path, _headed("30-44", TRUE[0]))
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


YEARS = ("year,region,F,M,Total\n2020,North,*,*,40\n2020,South,51,49,100\n"
         "2020,East,36,30,66\n2020,West,20,17,37\n2021,North,30,31,61\n2021,South,40,41,81\n"
         "2021,East,25,26,51\n2021,West,20,22,42\n")


def test_a_year_header_may_be_a_measures_name_and_is_review(tmp_path: Path,
                                                            jobs: int) -> None:
    # base43: every output passed. ``2020`` may be a year or a measure's name (a code):
    # read both ways, the year's reading weak
    (tmp_path / "a.csv").write_text(YEARS)
    (tmp_path / "c.csv").write_text(_headed("2020", TRUE[0]))
    assert _found(tmp_path, jobs) == ("review", {"a.csv": "review", "c.csv": "pass"},
                                      _fail("C2", "D2", status="review"))
