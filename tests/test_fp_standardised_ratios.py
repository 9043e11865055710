"""Standardised mortality/incidence ratio tables read as what they are (false positives, third
round): ``observed`` is a count of events (checked), ``expected`` a model figure (the population
times reference rates) and the SMR observed over expected; both rest on the observed count
beside them (SDC303). Before, ``area,observed,expected,SMR`` was one wide block of unknown
values (SDC602 review, the small observed count unnamed) and ``observed_deaths,
expected_deaths`` failed an expected 5.1 as a small count. Each safe table passes; its twin
with one small observed count still fails at that count and at the figures resting on it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def _smr(first_observed: int, names: tuple[str, str, str] = ("observed", "expected", "SMR"),
         interval: bool = False) -> pd.DataFrame:
    observed = [first_observed, 40, 25, 31]
    expected = [5.1, 35.2, 27.3, 30.4]
    df = pd.DataFrame({"area": ["North", "South", "East", "West"], names[0]: observed,
                       names[1]: expected})
    df[names[2]] = (df[names[0]] / df[names[1]]).round(2)
    if interval:  # Byar's approximation's ends, as epitools/PHE tools print them
        df["lci"] = (df[names[2]] * 0.6).round(2)
        df["uci"] = (df[names[2]] * 1.6).round(2)
    return df


@pytest.mark.parametrize("names", [("observed", "expected", "SMR"),
                                   ("observed_deaths", "expected_deaths", "smr"),
                                   ("Observed deaths", "Expected deaths",
                                    "Standardised mortality ratio"),
                                   ("observed", "expected", "SIR")])
def test_smr_table_passes(tmp_path: Path, names: tuple[str, str, str]) -> None:
    _smr(12, names).to_csv(tmp_path / "t.csv", index=False)
    assert _check(tmp_path) == (set(), "pass")


@pytest.mark.parametrize("names", [("observed", "expected", "SMR"),
                                   ("observed_deaths", "expected_deaths", "smr")])
def test_smr_table_with_a_small_observed_count_fails_at_it(
        tmp_path: Path, names: tuple[str, str, str]) -> None:
    # North: 2 deaths where 5.1 were expected. The 2 is a small count; the expected figure and
    # the SMR rest on it
    _smr(2, names).to_csv(tmp_path / "t.csv", index=False)
    assert _check(tmp_path) == ({("SDC101", "t.csv", "B2"), ("SDC303", "t.csv", "C2"),
                                 ("SDC303", "t.csv", "D2")}, "fail")


def test_smr_table_from_r_write_csv_passes(tmp_path: Path) -> None:
    # R's write.csv: quoted header, a blank-named column of row names 1..4
    df = _smr(12)
    df.index = range(1, len(df) + 1)
    df.to_csv(tmp_path / "t.csv", index_label="", quoting=2)
    assert _check(tmp_path) == (set(), "pass")


def test_smr_with_its_interval_passes(tmp_path: Path) -> None:
    # lci/uci beside an SMR are the ends of its interval (no coefficient beside them), not a
    # model's: they rest on the observed count too (before: SDC301 review, no dof source)
    _smr(12, interval=True).to_csv(tmp_path / "t.csv", index=False)
    assert _check(tmp_path) == (set(), "pass")


def test_smr_with_its_interval_and_a_small_observed_count_fails(tmp_path: Path) -> None:
    _smr(2, interval=True).to_csv(tmp_path / "t.csv", index=False)
    assert _check(tmp_path) == ({("SDC101", "t.csv", "B2"), ("SDC303", "t.csv", "C2"),
                                 ("SDC303", "t.csv", "D2"), ("SDC303", "t.csv", "E2"),
                                 ("SDC303", "t.csv", "F2")}, "fail")


def test_smr_without_its_observed_count_is_review(tmp_path: Path) -> None:
    # nothing says how many events an SMR rests on: it cannot be checked (fails closed)
    _smr(12, interval=True)[["area", "SMR", "lci", "uci"]].to_csv(tmp_path / "t.csv",
                                                                 index=False)
    findings, status = _check(tmp_path)
    assert status == "review"
    assert {f[0] for f in findings} == {"SDC303"}


def test_smr_with_abbreviated_parts_passes_and_its_twin_fails(tmp_path: Path) -> None:
    # obs/exp beside an SMR: its observed and expected events (before: one wide block of
    # unknown values, SDC602 review)
    names = ("obs", "exp", "smr")
    _smr(12, names).to_csv(tmp_path / "t.csv", index=False)
    assert _check(tmp_path) == (set(), "pass")
    _smr(2, names).to_csv(tmp_path / "t.csv", index=False)
    assert _check(tmp_path) == ({("SDC101", "t.csv", "B2"), ("SDC303", "t.csv", "C2"),
                                 ("SDC303", "t.csv", "D2")}, "fail")


@pytest.mark.parametrize("names", [("O", "E", "SMR"), ("o", "e", "SIR"), ("O", "E", "smr")])
def test_smr_with_one_letter_parts_passes_and_its_twin_fails(
        tmp_path: Path, names: tuple[str, str, str]) -> None:
    # ``area,O,E,SMR`` (epitools, PHE's fingertips exports): the one-letter O beside the ratio
    # is its observed events, the units E and the SMR rest on (before: SDC303 review at every
    # E and SMR, their units unknown)
    _smr(12, names).to_csv(tmp_path / "t.csv", index=False)
    assert _check(tmp_path) == (set(), "pass")
    _smr(2, names).to_csv(tmp_path / "t.csv", index=False)
    assert _check(tmp_path) == ({("SDC101", "t.csv", "B2"), ("SDC303", "t.csv", "C2"),
                                 ("SDC303", "t.csv", "D2")}, "fail")


def test_one_letter_o_without_a_ratio_names_no_units(tmp_path: Path) -> None:
    # without a standardised ratio beside it ``O`` is no observed count: a median beside it
    # rests on units nothing names (SDC303 review), as before
    (tmp_path / "t.csv").write_text("area,O,median\nNorth,12,4.5\nSouth,40,6.5\n"
                                    "East,25,3.5\nWest,31,5.0\n")
    findings, status = _check(tmp_path)
    assert status == "review"
    assert findings == {("SDC303", "t.csv", None)}


def test_exp_without_a_ratio_is_not_expected_events(tmp_path: Path) -> None:
    # ``exp`` alone names nothing sdc knows: its decimals stay not understood (review)
    (tmp_path / "t.csv").write_text("area,obs,exp\nNorth,12,5.1\nSouth,40,35.2\n")
    findings, status = _check(tmp_path)
    assert status == "review"
    assert "SDC602" in {f[0] for f in findings}
