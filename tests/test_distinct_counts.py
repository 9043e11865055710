"""Counts of distinct values (docs/reading.md, "Distinct counts"). A distinct count of units
(``n_distinct(patient_id)``, ``unique_patients``) or events is a count: SDC101 and the rest.
A distinct count of a variable that is recognisably no unit (``nunique`` of ward,
``n_distinct(dx)``) counts values, not units: a statistic of the units behind it (SDC303 checks
their number, and 1 distinct value says they all share one). Anything else, and a column no word
marks as a distinct count, is read as counts, the stricter reading. Written from scratch as
pandas and dplyr write them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from sdc.readers.roles import role_from_text
from sdc.table import Role
from tests.conftest import findings_of

POLICY = build_policy({})


def _stays() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"region": rng.choice(["North", "South", "East", "West"], 400),
                       "pid": rng.integers(1, 150, 400), "ward": rng.choice(list("ABCDEFG"), 400),
                       "dx": rng.choice(["I10", "E11"], 400)})
    df.loc[df.region == "West", "dx"] = "E11"  # every West patient has one diagnosis
    return df


def test_roles_of_distinct_count_headers() -> None:
    for header in ("ward_nunique", "n_distinct(ward)", "count(DISTINCT ward)",
                   "Distinct diagnoses", "ward / nunique"):
        assert role_from_text(header) is Role.STATISTIC, header
    for header in ("n_distinct(patient_id)", "distinct patients", "unique_patients",
                   "Unique visits", "unique_pid", "n_distinct(mrn)", "hospital_number nunique"):
        assert role_from_text(header) is Role.COUNT, header
    # what is counted is not said, or is no recognisable non-unit variable: may be people
    for header in ("nunique", "n_distinct(x)", "count(distinct v3)"):
        assert role_from_text(header) is Role.COUNT, header


def test_a_distinct_count_of_an_unnamed_variable_is_counts(tmp_path: Path) -> None:
    # n_distinct(mrn) is a count of patients: 4 fails even beside n = 15
    path = tmp_path / "t.csv"
    path.write_text('"region","n","n_distinct(mrn)"\n"North",40,31\n"West",15,4\n')
    # (and North's 31 leaves 4 of the column's 35: group disclosure, as for any count; and a
    # count beside ``n`` may be a part of it, so North's 40 - 31 = 9 is a count left over:
    # SDC101 review at C2, hunt round 19)
    assert findings_of(sdc.check(path, POLICY)) == {("SDC101", "t.csv", "C3"),
                                                    ("SDC103", "t.csv", "C2"),
                                                    ("SDC101", "t.csv", "C2")}


def test_dplyr_distinct_counts_beside_n(tmp_path: Path) -> None:
    # summarise(n = n(), n_distinct(ward), n_distinct(dx)): 7 wards is no count of people
    # (passes beside n >= 10); West's 1 diagnosis says every West patient has it
    path = tmp_path / "t.csv"
    lines = ['"region","n","n_distinct(ward)","n_distinct(dx)"']
    for region, g in _stays().groupby("region"):
        lines.append(f'"{region}",{len(g)},{g.ward.nunique()},{g.dx.nunique()}')
    path.write_text("\n".join(lines) + "\n")
    assert findings_of(sdc.check(path, POLICY)) == {("SDC303", "t.csv", "D5")}


def test_distinct_patients_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    lines = ['"region","n_distinct(patient_id)"']
    for region, g in _stays().groupby("region"):
        lines.append(f'"{region}",{g.pid.nunique() if region != "West" else 4}')
    path.write_text("\n".join(lines) + "\n")
    assert findings_of(sdc.check(path, POLICY)) == {("SDC101", "t.csv", "B5")}


def test_nunique_without_its_units_is_review(tmp_path: Path) -> None:
    # groupby().agg({"ward": ["nunique"]}): no count of the units behind the values
    path = tmp_path / "t.csv"
    _stays().groupby("region").agg({"ward": ["nunique"]}).to_csv(path)
    assert findings_of(sdc.check(path, POLICY)) == {("SDC303", "t.csv", None)}


def test_a_bare_nunique_beside_size_is_counts(tmp_path: Path) -> None:
    # groupby("region")["ward"].agg(["size", "nunique"]) writes region,size,nunique: the same
    # file as ["patient_id"] would (admissions and distinct patients), so 7 is a count and
    # fails (a false positive for wards, kept: the file cannot say); size above the count
    # beside it is read as sums too (SDC203)
    path = tmp_path / "t.csv"
    _stays().groupby("region")["ward"].agg(["size", "nunique"]).to_csv(path)
    assert findings_of(sdc.check(path, POLICY)) == {
        ("SDC101", "t.csv", f"C{row}") for row in range(2, 6)} | {("SDC203", "t.csv", None)}


def test_a_distinct_count_with_no_word_is_a_count(tmp_path: Path) -> None:
    # groupby("region")["ward"].nunique() writes region,ward: nothing says distinct
    path = tmp_path / "t.csv"
    _stays().groupby("region")["ward"].nunique().to_csv(path)
    assert findings_of(sdc.check(path, POLICY)) == {
        ("SDC101", "t.csv", f"B{row}") for row in range(2, 6)}
