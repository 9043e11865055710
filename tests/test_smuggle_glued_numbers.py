"""Counts written with letters glued after them (issue 12, hunt12, round 25).

A count column written ``3p``, ``12p`` (or ``0x3``, ``0xC``; ``3a``; ``12k``) is text, so the
reader took it for a label column, and a label with letters beside its digits was a category's
name: ``Deaths`` of 3 in the North passed. Such a token is no name's spelling (``West 3``,
``3 West``) and no code's (a code opens with its letter: ``code_systems``), so its number is now
understood only in a shape the TRE's policy declares (``[rules.unreadable-output]
code_shapes``): SDC602 ``review`` naming each cell. A bare ordinal (``3rd``, ``12th``) was
taken for a percentile's name, whose row's values the rules check: it names no row's statistic
(``cell_roles``), so it is read the same way; so is a number spelt alone (``three``,
``twelve``), which no reading took for a number in a label column. A measure with its unit
glued on (``10mg``, read as ``10 mg`` is) still passes. Files written by pandas, checked by
the engine in-process."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})


def _deaths(folder: Path, deaths: list[str]) -> Path:
    pd.DataFrame({"Region": ["North", "South"], "Patients": [30, 40],
                  "Deaths": deaths}).to_csv(folder / "t.csv", index=False)
    return folder


@pytest.mark.parametrize("deaths", [["3p", "12p"], ["0x3", "0xC"], ["3a", "12a"],
                                    ["0b11", "0b1100"], ["3k", "12k"], ["3rd", "12th"],
                                    ["three", "twelve"]])
def test_a_count_with_letters_glued_after_it_is_not_a_name(tmp_path: Path,
                                                          deaths: list[str]) -> None:
    result = sdc.check(_deaths(tmp_path, deaths), POLICY)
    (finding,) = result.findings
    assert (finding.rule, finding.status.value) == ("SDC602", "review")
    assert [loc.cell for loc in finding.related] == ["C2", "C3"]


def test_glued_counts_in_the_first_column_are_named(tmp_path: Path) -> None:
    pd.DataFrame({"Deaths": ["0x3", "0xC"], "Patients": [30, 40]}).to_csv(
        tmp_path / "t.csv", index=False)
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert finding.rule == "SDC602"
    assert [loc.cell for loc in finding.related] == ["A2", "A3"]


def test_a_dose_with_its_unit_glued_on_passes(tmp_path: Path) -> None:
    pd.DataFrame({"Dose": ["10mg", "20mg", "40mg"], "Patients": [30, 40, 50]}).to_csv(
        tmp_path / "t.csv", index=False)
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings


def test_a_shape_the_policy_declares_is_a_code(tmp_path: Path) -> None:
    # a TRE whose wards are coded ``01A``, ``02B``: its policy says so, never the request
    pd.DataFrame({"Ward": ["01A", "02B", "17C"], "Patients": [30, 40, 50]}).to_csv(
        tmp_path / "t.csv", index=False)
    assert sdc.check(tmp_path, POLICY).status.value == "review"
    policy = build_policy({"rules": {"unreadable-output": {"code_shapes": [r"\d\d[A-Z]"]}}})
    result = sdc.check(tmp_path, policy)
    assert result.status.value == "pass", result.findings
