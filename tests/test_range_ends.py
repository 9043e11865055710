"""A group's minimum and maximum under the names of a range's ends (``lo``/``hi``,
``from``/``to``, ``lower``/``upper``): one record's values each (SDC302), not counts or the
categories of a cross-tab (issue 11, hunt: ``region,patients,lo,hi`` over ages passed).
sdc.readers.layout_ranges; docs/reading.md, "The ends of a range"."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})
ENDS = [("lo", "hi"), ("low", "high"), ("from", "to"), ("start", "end"), ("bottom", "top"),
        ("floor", "ceiling"), ("least", "most"), ("lower", "upper"), ("age_lo", "age_hi"),
        ("age from", "age to"), ("lower bound", "upper bound"), ("age (lower)", "age (upper)"),
        ("ageLow", "ageHigh")]


def _ages(size: int, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"region": rng.choice(["East", "North", "South"], size),
                         "age": rng.integers(18, 96, size)})


def _range_table(path: Path, lo: str, hi: str, size: int) -> None:
    """What a researcher writes: people per region, the youngest and the oldest age."""
    _ages(size).groupby("region").age.agg(
        patients="size", **{lo: "min", hi: "max"}).to_csv(path)


@pytest.mark.parametrize(("lo", "hi"), ENDS)
def test_a_range_beside_the_count_it_cannot_bracket_is_its_extremes(
        tmp_path: Path, lo: str, hi: str) -> None:
    # 450 people: every region holds over 100, more than any age, so the pair cannot be an
    # interval around the count; its ends are the youngest and oldest people (SDC302)
    path = tmp_path / "ages.csv"
    _range_table(path, lo, hi, 450)
    result = sdc.check(path, POLICY)
    assert result.status == "fail"
    assert findings_of(result) == {("SDC302", "ages.csv", f"{c}{r}")
                                   for c in "CD" for r in (2, 3, 4)}


@pytest.mark.parametrize(("lo", "hi"), [("lo", "hi"), ("from", "to"), ("start", "end")])
def test_a_range_that_brackets_the_count_is_review(tmp_path: Path, lo: str, hi: str) -> None:
    # 90 people, about 30 a region, inside every region's age range: the pair may be an
    # interval around the count, or the range; it passed as counts, now a person looks
    # (SDC602 names the doubt; the ages above the patients add the magnitude reading, SDC203)
    path = tmp_path / "ages.csv"
    _range_table(path, lo, hi, 90)
    table = pd.read_csv(path)
    assert ((table[lo] <= table.patients) & (table.patients <= table[hi])).all()
    result = sdc.check(path, POLICY)
    assert result.status == "review"
    assert findings_of(result) == {("SDC602", "ages.csv", None), ("SDC203", "ages.csv", None)}
    assert any("ends of a range" in f.message for f in result.findings if f.rule == "SDC602")


def test_a_confidence_interval_beside_its_estimate_is_left_as_it_was(tmp_path: Path) -> None:
    # beside a mean, lower/upper are its interval: no range, no new finding
    path = tmp_path / "ci.csv"
    pd.DataFrame({"region": ["East", "North", "South"], "patients": [140, 161, 135],
                  "mean_age": [54.2, 49.8, 58.1], "lower": [51.0, 47.1, 54.3],
                  "upper": [57.4, 52.5, 61.9]}).to_csv(path, index=False)
    assert not findings_of(sdc.check(path, POLICY), {"SDC302", "SDC602"})


def test_categories_that_add_up_to_the_count_before_them_stay_counts(tmp_path: Path) -> None:
    # `low`/`high` risk people adding up to the patients: a cross-tab with its margin, safe
    path = tmp_path / "risk.csv"
    pd.DataFrame({"region": ["East", "North", "South"], "patients": [140, 161, 135],
                  "low": [90, 101, 85], "high": [50, 60, 50]}).to_csv(path, index=False)
    result = sdc.check(path, POLICY)
    assert result.status == "pass", findings_of(result)


def test_band_edges_leading_a_count_are_not_a_range(tmp_path: Path) -> None:
    # `age_from,age_to,n`: the bands of the rows, before the count; a small count still fails
    path = tmp_path / "bands.csv"
    pd.DataFrame({"age_from": [0, 16, 65], "age_to": [15, 64, 120],
                  "n": [40, 210, 3]}).to_csv(path, index=False)
    result = sdc.check(path, POLICY)
    assert not findings_of(result, {"SDC302"})
    assert ("SDC101", "bands.csv", "C4") in findings_of(result)


@pytest.mark.parametrize(("hi", "lo"), [("hi", "lo"), ("upper", "lower"), ("to", "from"),
                                        ("top", "bottom"), ("high", "low")])
def test_a_range_written_high_end_first(tmp_path: Path, hi: str, lo: str) -> None:
    path = tmp_path / "ages.csv"
    _ages(450).groupby("region").age.agg(patients="size", **{hi: "max", lo: "min"}).to_csv(path)
    assert findings_of(sdc.check(path, POLICY)) == {("SDC302", "ages.csv", f"{c}{r}")
                                                    for c in "CD" for r in (2, 3, 4)}


def test_a_high_end_below_the_low_end_is_no_range(tmp_path: Path) -> None:
    # `hi` under `lo` on a row: not the ends of one range; read as before (counts, safe)
    path = tmp_path / "t.csv"
    pd.DataFrame({"region": ["East", "North"], "patients": [140, 161], "hi": [18, 21],
                  "lo": [94, 89]}).to_csv(path, index=False)
    assert not findings_of(sdc.check(path, POLICY), {"SDC302", "SDC602"})


@pytest.mark.parametrize("header", ["minAge", "maxAge", "ageMax", "ageMin", "oldestPatient"])
def test_an_extreme_in_a_camel_case_header(tmp_path: Path, header: str) -> None:
    # `minAge` lower-cased is one word no vocabulary holds: it passed as counts
    path = tmp_path / "ages.csv"
    _ages(450).groupby("region").age.agg(patients="size", **{header: "max"}).to_csv(path)
    assert findings_of(sdc.check(path, POLICY)) == {("SDC302", "ages.csv", f"C{r}")
                                                    for r in (2, 3, 4)}


def test_camel_case_raises_no_other_role(tmp_path: Path) -> None:
    # only an extreme is read from a camelCase split: `nPatients` stays what it was (counts)
    path = tmp_path / "t.csv"
    pd.DataFrame({"region": ["East", "North", "South"],
                  "nPatients": [140, 161, 4]}).to_csv(path, index=False)
    assert findings_of(sdc.check(path, POLICY), {"SDC101"}) == {("SDC101", "t.csv", "B4")}


def test_overlapping_ranges_right_of_the_count_under_any_header(tmp_path: Path) -> None:
    # `agg(patients=size, ages=lambda s: f"{s.min()} to {s.max()}")`: the strings are bands to
    # the layout, and `ages` names no range, so the youngest and oldest passed as labels
    path = tmp_path / "ages.csv"
    _ages(450).groupby("region").age.agg(
        patients="size", ages=lambda s: f"{s.min()} to {s.max()}").to_csv(path)
    assert findings_of(sdc.check(path, POLICY)) == {("SDC302", "ages.csv", f"C{r}")
                                                    for r in (2, 3, 4)}


def test_disjoint_bands_right_of_the_count_stay_labels(tmp_path: Path) -> None:
    # what `SELECT count(*), age_band ... GROUP BY age_band` writes: the count first, then the
    # rows' bands, which never overlap: labels, safe
    path = tmp_path / "bands.csv"
    pd.DataFrame({"n": [120, 340, 95], "age_band": ["18 to 39", "40 to 64", "65 to 94"]}
                 ).to_csv(path, index=False)
    result = sdc.check(path, POLICY)
    assert result.status == "pass", findings_of(result)
