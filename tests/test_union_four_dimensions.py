"""Part tables split over files beside a whole varying on four or five dimensions (round 48).

Round 47 read a whole of three varying dimensions (``year,age,F,M,Total``) per combination of
two. A whole of four (``year,age,eth,F,M,Total``: year x age x ethnic group x the sexes) or
five (an ``imd`` more) beside ``a.csv`` North (2020's 18-64 Asian women and men hidden) and
South and ``b.csv`` East and West (``year,age,eth,region,F,M,Total``) passed on base48
(1434bef): a reader gets the women as the whole's cell less South's, East's and West's (4;
the men 36). The whole is now read per combination of all but one of its varying dimensions.
A region split named differently in ``b.csv`` (``area``) is weak: ``review``. Each case at
``-j 1`` and ``-j 2``, read whole and streamed, with exact findings; twins that pass: a
national whole, nothing hidden."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written

jobs = release_modes.jobs  # the fixture its tests take: each mode

YEARS, AGES, ETHS, IMDS = ("2020", "2021"), ("18-64", "65+"), ("Asian", "White"), ("Low", "High")
NORTH_SOUTH, EAST_WEST = ("North", "South"), ("East", "West")
HIDDEN = ("2020", "18-64", "Asian")


def _counts(key: tuple[str, ...], hidden: tuple[int, int]) -> tuple[int, int]:
    """A cell's women and men: 4 and 36 where hidden (of North), else 20-59 by its labels."""
    if key[:3] == HIDDEN and key[-1] == "North" and all(k in ("Low",) for k in key[3:-1]):
        return hidden
    n = sum(ord(c) * (i + 3) for i, c in enumerate("".join(key)))
    return 20 + n % 40, 20 + (n // 40) % 40


def _release(dims: tuple[tuple[str, ...], ...], names: str, *, hide: bool = True,
             big: int = 0, area: bool = False) -> dict[str, str]:
    """a.csv (North, South), b.csv (East, West) and the whole c.csv over ``dims``."""
    hidden = (4, 36) if hide else (14, 26)
    files = {}
    for name, regions in (("a.csv", NORTH_SOUTH), ("b.csv", EAST_WEST)):
        third = "area" if area and name == "b.csv" else "region"
        lines = [f"{names},{third},F,M,Total"]
        for key in itertools.product(*dims, regions):
            f, m = _counts(key, hidden)
            shown = "*,*" if hide and (f, m) == hidden else f"{f},{m}"
            lines.append(f"{','.join(key)},{shown},{f + m}")
        files[name] = "\n".join(lines) + "\n"
    lines = [f"{names},F,M,Total"]
    for key in itertools.product(*dims):
        f = sum(_counts((*key, r), hidden)[0] for r in NORTH_SOUTH + EAST_WEST) + big
        m = sum(_counts((*key, r), hidden)[1] for r in NORTH_SOUTH + EAST_WEST) + big
        lines.append(f"{','.join(key)},{f},{m},{f + m}")
    files["c.csv"] = "\n".join(lines) + "\n"
    return files


FOUR = ((YEARS, AGES, ETHS), "year,age,eth")
FIVE = ((YEARS, AGES, ETHS, IMDS), "year,age,eth,imd")
# the hidden cells' columns: after the labels and the region
CELLS = {"four": ("E2", "F2"), "five": ("F2", "G2")}


@pytest.mark.parametrize(("case", "area"), [("four", False), ("five", False), ("four", True)])
def test_the_hidden_cell_is_recomputed(tmp_path: Path, jobs: int, case: str,
                                       area: bool) -> None:
    # base48: every output passed
    dims, names = FOUR if case == "four" else FIVE
    written(tmp_path, _release(dims, names, area=area))
    status = "review" if area else "fail"
    women, men = CELLS[case]
    assert _found(tmp_path, jobs) == (
        status, {"a.csv": status, "b.csv": "pass", "c.csv": "pass"},
        {("a.csv", "SDC501", status, women), ("a.csv", "SDC501", status, men)})


def test_the_whole_printed_long(tmp_path: Path, jobs: int) -> None:
    # ``year,age,eth,sex,n``: the same whole, its sexes along the rows
    files = _release(*FOUR)
    long = ["year,age,eth,sex,n"]
    for line in files["c.csv"].splitlines()[1:]:
        *key, f, m, _ = line.split(",")
        long += [f"{','.join(key)},F,{f}", f"{','.join(key)},M,{m}"]
    files["c.csv"] = "\n".join(long) + "\n"
    written(tmp_path, files)
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "pass", "c.csv": "pass"},
        {("a.csv", "SDC501", "fail", "E2"), ("a.csv", "SDC501", "fail", "F2")})


@pytest.mark.parametrize("case", ["four", "five"])
@pytest.mark.parametrize("twin", ["national", "nothing-hidden"])
def test_twins_pass(tmp_path: Path, jobs: int, case: str, twin: str) -> None:
    dims, names = FOUR if case == "four" else FIVE
    files = _release(dims, names, big=5000) if twin == "national" else _release(
        dims, names, hide=False)
    written(tmp_path, files)
    assert _found(tmp_path, jobs) == ("pass", dict.fromkeys(files, "pass"), set())
