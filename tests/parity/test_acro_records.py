"""What a tool's record says about a table's values, and what it can never take away.

A frequency table pandas wrote as floats (``49.0``: a blank cell, or ACRO's rounding, made
the column float) is read as the counts it is when ACRO's record (``FrequencyTable``) or an
API sidecar (``aggfunc="count"``) says so and nothing else in the output names an amount or
is that large: exactly as the same table written as integers. The record is the
researcher's file, so each test here also makes the record lie and checks that the output
still ends in ``review`` or ``fail``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

ACRO = Path(__file__).parents[1] / "corpus" / "acro"
POLICY = build_policy({}, profile="acro")


def _suppressed(tmp_path: Path, table: str | None = None, summary: str | None = None) -> Path:
    """ACRO's suppressed crosstab folder, its table replaced by ``table`` (the checksum
    rewritten, as a researcher could) and its record's summary by ``summary``."""
    folder = tmp_path / "suppressed"
    shutil.copytree(ACRO / "suppressed", folder)
    if table is not None:
        (folder / "output_0_0.csv").write_text(table, encoding="utf-8")
        digest = hashlib.sha256(table.encode()).hexdigest()
        (folder / "checksums" / "output_0_0.csv.txt").write_text(digest, encoding="utf-8")
    if summary is not None:
        path = folder / "results.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["results"]["output_0"]["summary"] = summary
        path.write_text(json.dumps(data), encoding="utf-8")
    return folder


def _on_table(result: sdc.RunResult, rules: set[str]) -> set[tuple[str, str | None]]:
    return {(rule, cell) for rule, path, cell in findings_of(result, rules)
            if path == "output_0_0.csv"}


def test_acro_frequency_table_written_as_floats_is_counts(tmp_path: Path) -> None:
    result = sdc.check(_suppressed(tmp_path), POLICY)
    assert _on_table(result, {"SDC101", "SDC203", "SDC501"}) == {
        ("SDC501", c) for c in ("B5", "C5", "D5")}


def test_a_record_saying_counts_over_small_sums_still_fails_them(tmp_path: Path) -> None:
    # the record lies: these are sums, small ones; read as counts they are small counts
    table = ("region,F,M,All\nEast,49.0,48.0,97.0\nNorth,63.0,3.0,66.0\nSouth,51.0,44.0,95.0\n"
             "West,,,\nAll,163.0,95.0,258.0\n")
    result = sdc.check(_suppressed(tmp_path, table), POLICY)
    assert ("SDC101", "C3") in _on_table(result, {"SDC101"})
    assert result.status.value == "fail"


def test_a_record_saying_counts_over_large_values_keeps_the_magnitude_reading(
        tmp_path: Path) -> None:
    # sums of incomes no count table holds in one cell: the record does not make them counts
    table = ("region,F,M,All\nEast,490120.0,480311.0,970431.0\nNorth,630007.0,410550.0,"
             "1040557.0\nSouth,510333.0,440129.0,950462.0\nWest,,,\n"
             "All,1630460.0,1330990.0,2961450.0\n")
    result = sdc.check(_suppressed(tmp_path, table), POLICY)
    assert ("SDC203", None) in _on_table(result, {"SDC203"})


def test_a_record_of_sums_written_as_floats_keeps_the_magnitude_reading(tmp_path: Path) -> None:
    summary = "Sum : \n MinimumThresholdCheck: fail - 3 cells may need suppressing.\n"
    result = sdc.check(_suppressed(tmp_path, summary=summary), POLICY)
    assert ("SDC203", None) in _on_table(result, {"SDC203"})


def _api_count_table(folder: Path, rows: int = 300) -> None:
    """``sdc.pivot_table(aggfunc="count", margins=True)`` with an empty combination: pandas
    writes the counts as floats (``65.0``) beside the blank."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"region": rng.choice(["N", "S", "E"], rows),
                       "sex": rng.choice(["F", "M"], rows),
                       "income": rng.normal(100, 10, rows)})
    df = df[~((df.region == "E") & (df.sex == "F"))]
    folder.mkdir()
    table = sdc.pivot_table(df, index="region", columns="sex", values="income",
                            aggfunc="count", margins=True)
    table.to_csv(folder / "counts.csv")


def test_api_count_table_written_as_floats_is_counts(tmp_path: Path) -> None:
    _api_count_table(tmp_path / "release")
    assert "65.0" in (tmp_path / "release" / "counts.csv").read_text()
    trusted = sdc.check(tmp_path / "release",
                        build_policy({"sidecar_evidence": "trust"}, profile="default"))
    # the blank E/F is a zero the margins give away, and all of E is M: the margins pin the
    # blank at 0, which the numbers cannot tell from margins that leave hidden cells out (as
    # ACRO's suppression recomputes them), so both are review, named at their cells; the
    # blank read as a zero is SDC102 review (pandas writes an empty combination blank)
    status = {(f.rule, f.location.cell): f.status.value for f in trusted.findings}
    expected = {("SDC501", "B2"): "review", ("SDC103", "C2"): "review",
                ("SDC102", "B2"): "review"}
    assert status == expected
    # the float reading is settled by the sidecar's count under "confirm" (the default) too:
    # a forged claim there buys nothing the integers do not have (tests/
    # test_sidecar_floated_counts.py); before, its SDC203 review stayed, listed as resting on
    # the sidecar
    confirmed = sdc.check(tmp_path / "release", build_policy({}, profile="default"))
    assert {(f.rule, f.location.cell): f.status.value for f in confirmed.findings} == expected


def test_a_sidecar_saying_count_over_values_that_large_keeps_the_magnitude_reading(
        tmp_path: Path) -> None:
    # a count table written as floats whose inner cells reach 100,000 is read as possible sums
    # too, whatever the sidecar says: the trusted sidecar does not settle that reading
    _api_count_table(tmp_path / "release", rows=480_000)
    assert "All," in (tmp_path / "release" / "counts.csv").read_text()
    assert (tmp_path / "release" / "counts.csv.sdc.json").is_file()
    trusted = sdc.check(tmp_path / "release",
                        build_policy({"sidecar_evidence": "trust"}, profile="default"))
    assert ("SDC203", "counts.csv", None) in findings_of(trusted)
