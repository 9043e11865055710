"""Part tables that each print both bands beside an age x sex whole (round 44, union44).

``a.csv`` ``age,region,F,M,Total`` prints North (hidden) and South of ``18-64`` and of
``65+``, ``b.csv`` East and West of both, ``c.csv`` the whole (``age,F,M,Total / 18-64,
111,132,243 / 65+,...``, or ``band``, long ``age,sex,n``, the bands as columns, with or
without a ``Total`` row): North's women = 111 - 51 - 36 - 20 = 4. On base44 (223f19a) every
output passed: no table carries a band as a constant label, so the whole was not read per
band (union43 tried and reverted a wider reading). Now a whole is read per band where two
tables of its population each print exactly its bands along one dimension and, along a
third, labels disjoint from each other's (the regions split over files).

Each case at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings, and its safe
twins (a national whole; a whole of fewer women than the rows print; a band no table
prints; the same regions in both files: no split)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import release_modes
from tests.release_modes import found as _found

jobs = release_modes.jobs  # the fixture its tests take: each mode

HEAD = "age,region,F,M,Total\n"
YOUNG = "18-64,North,*,*,40\n18-64,South,51,49,100\n"
OLDER = "65+,North,30,31,61\n65+,South,40,41,81\n"
EAST_WEST = HEAD + "18-64,East,36,30,66\n18-64,West,20,17,37\n" + (
    "65+,East,25,26,51\n65+,West,20,22,42\n")
TRUE, OLD = ("111", "132", "243"), ("115", "120", "235")  # OLD: the 65+ rows' sums
NATIONAL = (("5000", "5200", "10200"), ("4800", "5100", "9900"))
FEWER = (("100", "132", "232"), OLD)  # fewer women than South, East and West print (107)

WHOLES = {
    "age": "age,F,M,Total\n18-64,{yf},{ym},{yt}\n65+,{of},{om},{ot}\n",
    "age-total": ("age,F,M,Total\n18-64,{yf},{ym},{yt}\n65+,{of},{om},{ot}\n"
                  "Total,{tf},{tm},{tt}\n"),
    "band": "band,F,M,Total\n18-64,{yf},{ym},{yt}\n65+,{of},{om},{ot}\n",
    "long": "age,sex,n\n18-64,F,{yf}\n18-64,M,{ym}\n65+,F,{of}\n65+,M,{om}\n",
    "columns": "sex,18-64,65+\nF,{yf},{of}\nM,{ym},{om}\n",
    "columns-total": ("sex,18-64,65+,Total\nF,{yf},{of},{tf}\nM,{ym},{om},{tm}\n"
                      "Total,{yt},{ot},{tt}\n"),
}


def _whole(shape: str, young: tuple[str, str, str], old: tuple[str, str, str],
            bands: tuple[str, str] = ("18-64", "65+")) -> str:
    sums = [str(int(a) + int(b)) for a, b in zip(young, old, strict=True)]
    text = WHOLES[shape].format(yf=young[0], ym=young[1], yt=young[2], of=old[0], om=old[1],
                                ot=old[2], tf=sums[0], tm=sums[1], tt=sums[2])
    return text.replace("18-64", bands[0]).replace("65+", bands[1])


def _release(root: Path, whole: str, a: str = HEAD + YOUNG + OLDER, b: str = EAST_WEST
             ) -> dict[str, str]:
    (root / "a.csv").write_text(a)
    (root / "b.csv").write_text(b)
    (root / "c.csv").write_text(whole)
    return {"a.csv": "pass", "b.csv": "pass", "c.csv": "pass"}


def _fail(*cells: str) -> set[tuple[str, str, str, str]]:
    return {("a.csv", "SDC501", "fail", cell) for cell in cells}


@pytest.mark.parametrize("shape", sorted(WHOLES))
def test_part_tables_each_of_both_bands_beside_the_whole(tmp_path: Path, jobs: int,
                                                        shape: str) -> None:
    # base44: every output passed
    statuses = _release(tmp_path, _whole(shape, TRUE, OLD))
    assert _found(tmp_path, jobs) == ("fail", statuses | {"a.csv": "fail"},
                                      _fail("C2", "D2"))


def test_both_bands_of_north_hidden(tmp_path: Path, jobs: int) -> None:
    # base44: pass (65+ North's women = 115 - 40 - 25 - 20 = 30)
    a = HEAD + YOUNG + "65+,North,*,*,61\n65+,South,40,41,81\n"
    statuses = _release(tmp_path, _whole("age", TRUE, OLD), a=a)
    assert _found(tmp_path, jobs) == ("fail", statuses | {"a.csv": "fail"},
                                      _fail("C2", "D2", "C4", "D4"))


def test_the_bands_alternating_with_a_margin_row(tmp_path: Path, jobs: int) -> None:
    # base44: pass; the rows in another order and a Total,Total row (hidden: 125, 157)
    a = HEAD + ("18-64,North,*,*,40\n65+,North,30,31,61\n18-64,South,51,49,100\n"
                "65+,South,40,41,81\nTotal,Total,*,*,282\n")
    statuses = _release(tmp_path, _whole("age", TRUE, OLD), a=a)
    assert _found(tmp_path, jobs) == ("fail", statuses | {"a.csv": "fail"},
                                      _fail("C2", "D2", "C6", "D6"))


def test_regions_over_three_files(tmp_path: Path, jobs: int) -> None:
    # base44: pass; b.csv East alone, d.csv West alone, each of both bands
    statuses = _release(tmp_path, _whole("age", TRUE, OLD),
                        b=HEAD + "18-64,East,36,30,66\n65+,East,25,26,51\n")
    (tmp_path / "d.csv").write_text(HEAD + "18-64,West,20,17,37\n65+,West,20,22,42\n")
    assert _found(tmp_path, jobs) == ("fail", statuses | {"a.csv": "fail", "d.csv": "pass"},
                                      _fail("C2", "D2"))


@pytest.mark.parametrize("whole", [NATIONAL, FEWER], ids=["national", "fewer"])
@pytest.mark.parametrize("shape", ["age", "long", "columns-total"])
def test_beside_a_whole_of_other_counts_passes(tmp_path: Path, jobs: int, shape: str,
                                               whole: tuple[tuple[str, str, str],
                                                            tuple[str, str, str]]) -> None:
    statuses = _release(tmp_path, _whole(shape, *whole))
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


def test_a_whole_of_a_band_no_table_prints_passes(tmp_path: Path, jobs: int) -> None:
    # the whole's 18-44 is no band of the parts: they are no split of it
    statuses = _release(tmp_path, _whole("age", TRUE, OLD, bands=("18-44", "65+")))
    assert _found(tmp_path, jobs) == ("pass", statuses, set())


def test_the_same_regions_in_both_files_is_no_split(tmp_path: Path, jobs: int) -> None:
    # b.csv prints North and South again (another session's counts): no region split, so
    # the whole is not read per band against them (as ACRO's tables of one session)
    b = HEAD + ("18-64,North,36,30,66\n18-64,South,20,17,37\n65+,North,25,26,51\n"
                "65+,South,20,22,42\n")
    statuses = _release(tmp_path, _whole("age", TRUE, OLD), b=b)
    assert _found(tmp_path, jobs) == ("pass", statuses, set())
