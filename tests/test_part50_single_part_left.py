"""A single part table beside a whole (round 50, part50; read in round 51, ``sdc.single_part``).

The whole ``age × sex`` and one part of it (``region`` = North only, the region a one-valued
column the whole lacks; or the whole by ``region`` and a part of one age band): the remainder
(whole − part) is published implicitly, and here it is a count below the threshold (the
women aged 18-64 outside North: 111 − 108 = 3; the East's people outside 18-64: 28 − 25 =
3). Every output passes on base50 and on this tree, in every mode. Rounds 44 and 46 read a
population's single part table in the union reading (``sdc.union_labels``) and lost exact
ACRO ``fail``s; round 50 did not attempt it (see docs/decisions.md, "Round 50 (part50)").
Round 51 reads the part (``sdc.single_part``): SDC503 ``review`` at the part's cells whose rest
is below the threshold; the twin (a large remainder everywhere) stays ``pass``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written

jobs = release_modes.jobs

WHOLE = "age,F,M,Total\n18-64,111,132,243\n65+,115,120,235\n"
SHAPES = {
    # the part's region a one-valued column the whole lacks: 18-64 women outside North, 3
    "region-column": {"whole.csv": WHOLE, "north.csv": "age,region,F,M,Total\n"
                      "18-64,North,108,100,208\n65+,North,80,90,170\n"},
    # the whole by region (all ages), the part one age band: the East's others 1 + 2 = 3
    "age-band-column": {"whole.csv": "region,F,M,Total\nNorth,160,170,330\nSouth,90,95,185\n"
                        "East,11,17,28\nTotal,261,282,543\n",
                        "young.csv": "age,region,F,M,Total\n18-64,North,58,62,120\n"
                        "18-64,South,37,40,77\n18-64,East,10,15,25\n18-64,Total,105,117,222\n"},
}


# the part's cells whose rest is below the threshold (round 51)
FOUND = {"region-column": {("north.csv", "SDC503", "review", "C2")},
         "age-band-column": {("young.csv", "SDC503", "review", cell)
                             for cell in ("C4", "D4", "E4")}}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_small_remainder_is_not_passed(tmp_path: Path, jobs: int, shape: str) -> None:
    written(tmp_path, SHAPES[shape])
    assert _found(tmp_path, jobs)[::2] == ("review", FOUND[shape])


def test_a_large_remainder_passes(tmp_path: Path, jobs: int) -> None:
    """Twin: the people outside North are 30 or more in every cell."""
    files = {"whole.csv": WHOLE, "north.csv": "age,region,F,M,Total\n"
             "18-64,North,70,100,170\n65+,North,80,90,170\n"}
    written(tmp_path, files)
    assert _found(tmp_path, jobs) == ("pass", dict.fromkeys(files, "pass"), set())
