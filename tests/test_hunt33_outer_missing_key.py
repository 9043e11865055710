"""Round 33 (hunt33): a pandas crosstab whose *outer* row level has a missing key.

``pd.crosstab([group, region], sex, margins=True, dropna=False).to_csv()`` writes the rows
whose group is missing with a blank outer label (``,N,7,9,16``) after ``y,S``. The layout
carried the blank down as ``y`` (a sparse hierarchy's repeated label), so ``y/N`` and
``y/S`` came twice: the table contradicted itself (SDC402 ``review`` at the missing key's
``All``, or table-wide) where the same table with the key named is checked cell by cell.
pandas' ``to_csv`` writes every level of every row, and a sparse hierarchy never repeats a
row, so a blank whose carrying would repeat a row written under that label is a key of its
own. The oracles: the findings of the same table with the key named ``z``; hidden cells
pinned by the table's own equations (``pinned``, a linear program per cell)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.test_missing_key_grand_margin import findings, hide, people, pinned


def outer_text(seed: int) -> str:
    df = people(seed)  # group is missing for about one person in ten
    return pd.crosstab([df.group, df.region], df.sex, margins=True, dropna=False).to_csv()


def named_twin(text: str) -> str:
    return "\n".join(f"z{line}" if line.startswith(",") else line
                     for line in text.splitlines()) + "\n"


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_a_missing_outer_key_is_a_key_like_any_other(seed: int, tmp_path: Path) -> None:
    text = outer_text(seed)
    assert [line.split(",")[:2] for line in text.splitlines()[5:7]] == [["", "N"], ["", "S"]]
    got = findings(tmp_path, "blank", text)
    assert got == findings(tmp_path, "named", named_twin(text))
    assert not {f for f in got if f[0] == "SDC402"}


def test_a_hidden_cell_of_the_missing_outer_key_is_recovered(tmp_path: Path) -> None:
    published = hide(outer_text(1), {"C6", "E6"})  # ,N's F (7) and its All (16)
    got = findings(tmp_path, "hidden", published)
    assert pinned(published) == {"C6", "E6"}
    assert {ref for rule, ref in got if rule == "SDC501"} == {"C6", "E6"}
    assert got == {("SDC501", "C6"), ("SDC501", "E6"), ("SDC101", "C7"), ("SDC101", "D6"),
                   ("SDC103", "D7")}


def test_the_safe_twin_hiding_a_rectangle_passes(tmp_path: Path) -> None:
    published = hide(outer_text(1), {"C6", "D6", "C7", "D7"})  # the missing key's counts
    assert pinned(published) == set()
    folder = tmp_path / "rectangle"
    folder.mkdir()
    (folder / "t.csv").write_text(published, encoding="utf-8")
    result = sdc.check(folder, build_policy({}))
    assert (result.status.value, result.findings) == ("pass", [])


def test_a_sparse_hierarchy_is_still_carried_down(tmp_path: Path) -> None:
    """Outer labels written once (a hand-made table, R's ``ftable`` saved as CSV): no row
    repeats, so the blanks are the line above's, as the same table written in full."""
    full = "region,group,F,M\nN,x,37,56\nN,y,45,3\nS,x,45,52\nS,y,48,35\n"
    sparse = "region,group,F,M\nN,x,37,56\n,y,45,3\nS,x,45,52\n,y,48,35\n"
    got = findings(tmp_path, "sparse", sparse)
    assert got == findings(tmp_path, "full", full)
    assert ("SDC101", "D3") in got
