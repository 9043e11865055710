"""Part tables split over files beside a whole varying on six dimensions or more (round 49).

Round 48 read a whole varying on four or five dimensions per combination of all but one
(``MAX_VARYING`` 5) and gave up silently beyond: a whole ``year,age,eth,imd,sector,F,M,Total``
(six varying: the five and the sexes) or seven (a ``tenure`` more) beside ``a.csv`` North
(the first combination's women and men hidden) and South and ``b.csv`` East and West (the same
dimensions and ``region``) passed on base49 (bdb09f9): a reader gets the women as the whole's
cell less South's, East's and West's (4; the men 36). A release now reads wholes per
combination up to the most varying dimensions of a whole some split was found for
(``sdc.union_labels._Deep.most``), so no count gives up. Each case at ``-j 1`` and ``-j 2``,
read whole and streamed, with exact findings; twins that pass: a national whole, nothing
hidden."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written

jobs = release_modes.jobs  # the fixture its tests take: each mode

DIMS = (("year", ("2020", "2021")), ("age", ("18-64", "65+")), ("eth", ("Asian", "White")),
        ("imd", ("Low", "High")), ("sector", ("Public", "Private")),
        ("tenure", ("Own", "Rent")))
REGIONS = {"a.csv": ("North", "South"), "b.csv": ("East", "West")}


def _counts(key: tuple[str, ...], hidden: tuple[int, int]) -> tuple[int, int]:
    """A cell's women and men: ``hidden`` for North's first combination, else 20-59 by its
    labels."""
    if key[-1] == "North" and all(k == DIMS[i][1][0] for i, k in enumerate(key[:-1])):
        return hidden
    n = sum(ord(c) * (i + 3) for i, c in enumerate("".join(key)))
    return 20 + n % 40, 20 + (n // 40) % 40


def _release(n_dims: int, *, hide: bool = True, big: int = 0) -> dict[str, str]:
    """a.csv (North, South), b.csv (East, West) and the whole c.csv over the first
    ``n_dims`` dimensions and the sexes."""
    dims = [labels for _, labels in DIMS[:n_dims]]
    names = ",".join(name for name, _ in DIMS[:n_dims])
    hidden = (4, 36) if hide else (14, 26)
    files = {}
    for name, regions in REGIONS.items():
        lines = [f"{names},region,F,M,Total"]
        for key in itertools.product(*dims, regions):
            f, m = _counts(key, hidden)
            shown = "*,*" if hide and (f, m) == hidden else f"{f},{m}"
            lines.append(f"{','.join(key)},{shown},{f + m}")
        files[name] = "\n".join(lines) + "\n"
    lines = [f"{names},F,M,Total"]
    every = REGIONS["a.csv"] + REGIONS["b.csv"]
    for key in itertools.product(*dims):
        f = sum(_counts((*key, r), hidden)[0] for r in every) + big
        m = sum(_counts((*key, r), hidden)[1] for r in every) + big
        lines.append(f"{','.join(key)},{f},{m},{f + m}")
    files["c.csv"] = "\n".join(lines) + "\n"
    return files


# varying dimensions of the whole (its labels' and the sexes) -> the hidden cells' columns
CELLS = {6: ("G2", "H2"), 7: ("H2", "I2")}


@pytest.mark.parametrize("varying", sorted(CELLS))
def test_the_hidden_cell_is_recomputed(tmp_path: Path, jobs: int, varying: int) -> None:
    # base49: every output passed
    written(tmp_path, _release(varying - 1))
    women, men = CELLS[varying]
    assert _found(tmp_path, jobs) == (
        "fail", {"a.csv": "fail", "b.csv": "pass", "c.csv": "pass"},
        {("a.csv", "SDC501", "fail", women), ("a.csv", "SDC501", "fail", men)})


@pytest.mark.parametrize("varying", sorted(CELLS))
@pytest.mark.parametrize("twin", ["national", "nothing-hidden"])
def test_twins_pass(tmp_path: Path, jobs: int, varying: int, twin: str) -> None:
    files = _release(varying - 1, big=5000) if twin == "national" else _release(
        varying - 1, hide=False)
    written(tmp_path, files)
    assert _found(tmp_path, jobs) == ("pass", dict.fromkeys(files, "pass"), set())
