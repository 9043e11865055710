"""One finding per cause: statistics written by the API are reported by SDC303 alone, and
SDC204 (negative contributions) only where a dominance rule would apply (sums and means)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of


def _values_with_a_negative() -> pd.DataFrame:
    return pd.DataFrame({"g": ["a"] * 5 + ["b"] * 20,
                         "v": [-1.0, 2, 3, 4, 5] + [float(i) for i in range(20)]})


def test_median_and_std_on_few_units_are_one_sdc303_finding_each(tmp_path: Path) -> None:
    sdc.aggregate(_values_with_a_negative(), by=["g"], values="v",
                  stats=["median", "std"]).to_csv(tmp_path / "t.csv")
    result = sdc.check(tmp_path, build_policy({"sidecar_evidence": "trust"}))
    assert findings_of(result, {"SDC101", "SDC204", "SDC303"}) == {
        ("SDC303", "t.csv", "B2"), ("SDC303", "t.csv", "C2"),
        ("SDC303", "t.csv", None)}  # the published numbers alone: units unknown
    settled = [f for f in result.findings if f.declaration_kind == "evidence_sidecar"]
    assert [(f.rule, f.location.cell, f.status) for f in settled] == [
        ("SDC303", None, sdc.Status.PASS)] * 2  # median, std: settled by the trusted sidecar


def test_negative_contributions_flag_the_sum_not_the_median(tmp_path: Path) -> None:
    sdc.aggregate(_values_with_a_negative(), by=["g"], values="v",
                  stats=["sum", "median"]).to_csv(tmp_path / "t.csv")
    result = sdc.check(tmp_path, build_policy({}))
    assert findings_of(result, {"SDC204"}) == {("SDC204", "t.csv", "B2")}
