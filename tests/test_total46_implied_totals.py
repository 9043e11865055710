"""SDC503: a table that prints no grand total, its margins adding to near another's (round 46,
total46).

link46 left, in one release, ``a.csv`` by region totalling 107 beside ``b.csv`` by region and
sex hiding its women, printing the margins ``F`` 13 and ``M`` 95 and no grand total: ``pass``.
The margins add to 108, one from 107: a reader who takes a.csv for b.csv's population less
one person learns North East's women are 5 or 6. With ``Total,13,95,108`` printed it was
SDC503 ``review`` (``_close_totals``); now the total the margins add to is compared too
(``_implied_totals``), reported at the first margin.

Each case is checked at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings;
the twins pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.rules.differencing import _count_index, _implied_totals
from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written as _write

jobs = release_modes.jobs

BY_REGION = "region,n\nNorth East,50\nSouth West,57\nTotal,107\n"
# the women hidden, the margins 13 + 95 = 108, no grand total printed
MARGINS = "region,F,M\nNorth East,*,45\nSouth West,*,50\nTotal,13,95\n"
BY_SEX = "sex,North East,South West,Total\nF,*,*,13\nM,45,50,95\n"
# six regions, the women hidden, every count a multiple of 5: 60 + 345 = 405
ROUNDED = ("region,F,M\n" + "".join(f"R{i + 1},*,{45 + 5 * i}\n" for i in range(6))
           + "Total,60,345\n")




@pytest.mark.parametrize("files,where", [
    # link46's case: the margins row adds to 108 beside a.csv's printed 107
    ({"a.csv": BY_REGION, "b.csv": MARGINS}, ("b.csv", "B4")),
    # the table that prints no total first in path order: reported at the other's total,
    # the later table's (as two printed totals are)
    ({"a.csv": MARGINS, "b.csv": BY_REGION}, ("b.csv", "B4")),
    # the margins a column (a Total column by sex, no Total row): 13 + 95 = 108 beside a
    # one-number table of 100, eight apart
    ({"a.csv": "patients\n100\n", "b.csv": BY_SEX}, ("b.csv", "D2")),
    # neither prints a total: both added up (108 and 115)
    ({"a.csv": MARGINS, "b.csv": "age,F,M\n0-15,*,40\n16+,*,60\nTotal,15,100\n"},
     ("b.csv", "B4")),
    # ROUNDED with one count not a multiple of 5: 406 beside 400
    ({"a.csv": "patients\n400\n",
      "b.csv": ROUNDED.replace("R1,*,45", "R1,*,46").replace("60,345", "60,346")},
     ("b.csv", "B8")),
], ids=["row-margins", "other-way", "column-margins", "both-implied", "unrounded"])
def test_margins_adding_near_another_total_are_review(tmp_path: Path, jobs: int,
                                                      files: dict[str, str],
                                                      where: tuple[str, str]) -> None:
    """SDC503 ``review`` at the later table's total (or its first margin), and nothing else
    (265eafc: pass, no finding)."""
    path, cell = where
    assert _found(_write(tmp_path, files), jobs) == (
        "review", {"a.csv": "pass", path: "review"}, {(path, "SDC503", "review", cell)})


@pytest.mark.parametrize("files", [
    # ten apart (108 against 98): the threshold is 10
    {"a.csv": "region,n\nNorth East,40\nSouth West,58\nTotal,98\n", "b.csv": MARGINS},
    # a rounded table (every count a multiple of 5): 405 beside 400 is a rounding apart
    {"a.csv": "patients\n400\n", "b.csv": ROUNDED},
], ids=["ten-apart", "rounded"])
def test_twins_pass(tmp_path: Path, jobs: int, files: dict[str, str]) -> None:
    assert _found(_write(tmp_path, files), jobs) == (
        "pass", {"a.csv": "pass", "b.csv": "pass"}, set())


@pytest.mark.parametrize("margin", ["F,*,*,*", "F,*,*,"], ids=["hidden", "blank"])
def test_a_margin_not_printed_implies_no_total(tmp_path: Path, jobs: int, margin: str) -> None:
    """The women's margin hidden or blank: no total is added up, so no SDC503; what is left
    are the other readings' findings on the hidden cells (265eafc the same)."""
    files = {"a.csv": "patients\n100\n", "b.csv": BY_SEX.replace("F,*,*,13", margin)}
    assert _found(_write(tmp_path, files), jobs) == (
        "review", {"a.csv": "pass", "b.csv": "review"},
        {("b.csv", "SDC502", "review", "B2"), ("b.csv", "SDC502", "review", "C2"),
         ("b.csv", "SDC501", "review", "D2")})


@pytest.mark.parametrize("text,implied", [
    (MARGINS, [(("F",), 108.0)]),
    # both margins printed, no corner: each dimension's sum, once
    ("region,F,M,Total\nNorth East,5,45,50\nSouth West,8,50,58\nTotal,13,95,\n",
     [(("North East",), 108.0)]),
    (MARGINS.replace("Total,13,95", "Total,*,95"), []),
    ("region,n\nNorth East,50\nSouth West,57\n", []),  # one dimension: not read here
    (BY_REGION, []),  # no margins but the grand total
])
def test_implied_totals(tmp_path: Path, text: str,
                        implied: list[tuple[tuple[str, ...], float]]) -> None:
    (tmp_path / "t.csv").write_text(text, encoding="utf-8")
    [output] = read_output(tmp_path / "t.csv", "t.csv", build_policy({}))
    assert _implied_totals(output, _count_index(output)) == implied
