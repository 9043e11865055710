"""Round 53 (diff53): differencing (SDC503) that round 52 left ``pass``.

5. Nations beyond the UK (``sdc.places``, a list kept as data): a whole printing ``United
   States`` (``Canada``, ``Australia``) for everyone beside a part printing a state; a state
   beside a part no listed place names (``Texas`` beside ``Harris County``); a whole titled
   ``in Canada`` beside a part placed by its title.

Each release in-process (``sdc.check``) with exact findings; twins pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import sdc
from sdc.policy import build_policy

Found = tuple[str, set[tuple[str, str, str, str | None]]]


def _found(tmp_path: Path, files: dict[str, str], policy: dict[str, Any] | None = None
           ) -> Found:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result = sdc.check(tmp_path, build_policy(policy or {}))
    return result.status.value, {
        (o.path, f.rule, f.status.value, f.location.cell)
        for o in result.outputs for f in o.findings}


def _review(path: str, *cells: str) -> Found:
    return "review", {(path, "SDC503", "review", cell) for cell in cells}


PASS: Found = ("pass", set())


# 5. nations beyond the UK

def _one_valued(label: str, rows: tuple[tuple[int, int], ...], dim: str = "region") -> str:
    ages = ("0-17", "18-64", "65+")
    return f"{dim},age,F,M\n" + "".join(
        f"{label},{age},{f},{m}\n" for age, (f, m) in zip(ages, rows, strict=True))


WHOLE_ROWS = ((40, 45), (111, 120), (60, 50))
PART_ROWS = ((35, 30), (108, 100), (55, 45))  # rests 5 15 / 3 20 / 5 5


@pytest.mark.parametrize("whole,part", [
    ("United States", "Texas"),
    ("USA", "California"),
    ("Canada", "Ontario"),
    ("Australia", "New South Wales"),
    ("Texas", "Harris County"),  # a state beside a part no listed place names
], ids=["united-states", "usa", "canada", "australia", "state-county"])
def test_whole_named_a_place(tmp_path: Path, whole: str, part: str) -> None:
    files = {"whole.csv": _one_valued(whole, WHOLE_ROWS),
             "part.csv": _one_valued(part, PART_ROWS)}
    assert _found(tmp_path, files) == _review("part.csv", "C2", "C3", "C4", "D4")


@pytest.mark.parametrize("whole,part", [
    ("Texas", "California"),  # two states: siblings
    ("Ontario", "Texas"),  # a province beside another nation's state
    ("Texas", "Canada"),  # a state is no nation's whole
], ids=["two-states", "province-state", "state-nation"])
def test_sibling_places_pass(tmp_path: Path, whole: str, part: str) -> None:
    files = {"whole.csv": _one_valued(whole, WHOLE_ROWS),
             "part.csv": _one_valued(part, PART_ROWS)}
    assert _found(tmp_path, files) == PASS


WHOLE = "age,F,M\n0-17,40,45\n18-64,111,120\n65+,60,50\n"
PLACED = "age,F,M\n0-17,25,30\n18-64,108,100\n65+,35,45\n"


@pytest.mark.parametrize("whole_name", ["patients_in_canada.csv",
                                        "patients_in_the_united_states.csv"])
def test_part_placed_beside_a_whole_titled_a_nation(tmp_path: Path, whole_name: str) -> None:
    assert _found(tmp_path, {whole_name: WHOLE, "patients_in_ontario.csv": PLACED}) == \
        _review("patients_in_ontario.csv", "B3", "C4")


def test_places_are_data() -> None:
    from sdc.places import is_nation, is_place, is_region
    assert is_nation("United  States") and is_nation("canada") and not is_nation("Texas")
    assert is_region("New South Wales") and is_region("Quebec")
    assert not is_place("Harris County") and not is_place("North")
