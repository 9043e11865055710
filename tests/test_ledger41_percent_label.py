"""A value beside a name under a percent unit (round 41, ledger41; ``readers.roles``).

``label_text_understood`` read past a percent sign set off from a label (hunt40: ``18-29
(%)``) when what was left was a label, and otherwise fell back to the old reading, which
looks for a number at the end of the text: ``West | 3 (%)`` ends in ``(%)``, so the value 3
set off beside the name was read as part of a label, and a count table with such row labels
passed (``West | 3`` alone is SDC602 ``review``). Now what the unit is set off from is read as
a label would be: a value beside a name stays a number the rules do not check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.readers.roles import label_text_understood
from tests import release_modes

jobs = release_modes.jobs


@pytest.mark.parametrize(("text", "understood"), [
    ("West | 3 (%)", False), ("West | 3 %", False), ("% West | 3", False),
    ("North (n=3) (%)", False), ("30 (%)", False), ("West: 3 (%)", False),
    ("n=3 %", False),
    # unchanged: labels under a unit, a percentile's name
    ("18-29 (%)", True), ("Total (%)", True), ("% 18-29", True), ("Stage 3 (%)", True),
    ("COVID-19 (%)", True), ("3 %", True),
    # tableone's variable = level, as main reads it (the corpus's tableone prints)
    ("died = 1 (%)", True), ("West = 3 (%)", True),
])
def test_what_the_unit_is_set_off_from_is_read_as_a_label(text: str, understood: bool) -> None:
    assert label_text_understood(text) is understood


def test_a_value_beside_a_name_under_a_percent_unit(tmp_path: Path, jobs: int) -> None:
    """main: pass, nothing found."""
    (tmp_path / "t.csv").write_text("region,count\nWest | 3 (%),40\nEast | 21 (%),50\n")
    assert release_modes.found(tmp_path, jobs) == (
        "review", {"t.csv": "review"}, {("t.csv", "SDC602", "review", None)})


def test_twin_names_under_a_percent_unit_pass(tmp_path: Path, jobs: int) -> None:
    (tmp_path / "t.csv").write_text("region,count\nWest (%),40\nEast (%),50\n")
    assert release_modes.found(tmp_path, jobs) == ("pass", {"t.csv": "pass"}, set())
