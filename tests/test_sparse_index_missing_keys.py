"""A three-level row index written by pandas with a missing inner key (``East,,old``: pandas
writes NaN blank) or with margins (``All,,``). The sparse-label reading carried every blank
down from the line above, so ``East,,old`` read as ``East,M,old`` (rows repeated: SDC603, or
cells named after the wrong row and "recomputed" from it: SDC501) and ``All,,`` as
``All,M,young``. A blank is now carried only where the labels left of it are blank too (how a
sparse index is written: ``to_excel`` merges them), and a margin's blank pads only the levels
after its ``All`` on its own axis, so the rows with a missing key are members of the grand
total (round 28, acro28; docs/decisions.md). Written by pandas, as ``to_csv`` and
``to_excel``; exact rule and cell for the small cells, and the safe twin passes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.test_coverage_codes import _table  # a plain CSV read as the layout reads it

POLICY = build_policy({}, profile="acro")


def _people(small: bool) -> pd.DataFrame:
    """Counts 50, 67, 84, ... per (region, sex, age, grp), a missing sex in each region;
    ``small``: West's missing-sex old people in group a are 3."""
    rows = []
    k = 0
    for region in ("East", "West"):
        for sex in ("F", "M", None):
            for age in ("old", "young"):
                for grp in ("a", "b"):
                    n = 3 if small and (region, sex, age, grp) == ("West", None, "old", "a") \
                        else 50 + 17 * k
                    rows += [(region, sex, age, grp)] * n
                    k += 1
    return pd.DataFrame(rows, columns=["region", "sex", "age", "grp"]).assign(v=1)


def _check(root: Path, small: bool, margins: bool) -> tuple[set[tuple[str, str, str | None]],
                                                           str]:
    table = _people(small).pivot_table(index=["region", "sex", "age"], columns="grp",
                                       values="v", aggfunc="count", dropna=False,
                                       margins=margins)
    table.to_csv(root / "t.csv")
    table.to_excel(root / "t.xlsx")  # merged outer labels, the missing key's blank merged
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def _both(found: set[tuple[str, str | None]]) -> set[tuple[str, str, str | None]]:
    return {(rule, name, cell) for rule, cell in found for name in ("t.csv", "t.xlsx[Sheet1]")}


@pytest.mark.parametrize("margins", [False, True])
def test_the_safe_twin_passes(tmp_path: Path, margins: bool) -> None:
    # before: SDC603 fail (the missing key's rows repeated East,M,old) without margins, and
    # SDC402 review with them (East,,old / All read as a total over sexes)
    assert _check(tmp_path, small=False, margins=margins) == (set(), "pass")


@pytest.mark.parametrize("margins", [False, True])
def test_the_small_cell_is_named_under_its_missing_key(tmp_path: Path, margins: bool) -> None:
    # D12 is West,,old / a = 3 (before: named West / M / old, or SDC603 for the table);
    # D6 (East,,old / a: 186 of 189 across regions), E12 (407 of 410 across grp) and D13
    # (424 of 427 across age) are its group disclosures
    expected = _both({("SDC101", "D12"), ("SDC103", "D6"), ("SDC103", "D13"),
                      ("SDC103", "E12")})
    assert _check(tmp_path, small=True, margins=margins) == (expected, "fail")


def _row_labels(text: str) -> list[tuple[str, ...]]:
    table = _table(text)
    rows: dict[int, tuple[str, ...]] = {}
    for cell in table.cells:
        rows.setdefault(cell.source.row, tuple(cell.coords[d] for d in table.row_dimensions))
    return [rows[r] for r in sorted(rows)]


def test_a_blank_under_a_written_label_is_a_label_of_its_own() -> None:
    text = ("region,sex,age,a,b\nEast,F,old,50,67\nEast,,old,84,101\nEast,,young,118,135\n"
            "All,,,252,303\n")
    assert _row_labels(text) == [("East", "F", "old"), ("East", "", "old"),
                                 ("East", "", "young"), ("All", "", "")]


def test_a_blank_under_blank_outer_labels_is_still_carried_down() -> None:
    # a hand-made or ``to_excel`` sparse index: the blank ``sex`` of the third and fourth lines
    # is under a blank region, so both are the line above's
    text = ("region,sex,age,a,b\nEast,F,old,50,67\n,,young,84,101\n,M,old,118,135\n"
            ",,young,152,169\nWest,F,old,186,203\n")
    assert _row_labels(text) == [("East", "F", "old"), ("East", "F", "young"),
                                 ("East", "M", "old"), ("East", "M", "young"),
                                 ("West", "F", "old")]
