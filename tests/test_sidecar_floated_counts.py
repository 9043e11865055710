"""Counts pandas wrote as floats, with the API's sidecar saying they are counts (falsereview).

``sdc.crosstab(region, age, values=income, aggfunc="count")`` (and a count ``pivot_table``)
with an empty combination: pandas unstacks the counts into one float block, so every column is
written ``34.0`` and the empty combination blank. A column of floats without a blank of its
own is read as magnitudes as well as counts (``layout_magnitude``: a float dtype is what a sum
has); the sidecar's ``aggfunc="count"`` settles that (``floats_only_counts``), but the check on
the published numbers alone (``sidecar_bounds``) undid it and kept SDC203 "a magnitude with no
contribution evidence" (``review``) on the API's own count table, which the API itself does not
raise. The count claim is now kept on the published numbers alone for exactly those columns: a
forged one buys nothing the same table written as integers does not have (tested below), and
the values stay count-checked either way.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy

AGES = ["0-17", "18-64", "65+"]


def _people(empty_north_children: bool) -> pd.DataFrame:
    """900 people in five regions by age band, incomes 10..89; with ``empty_north_children``
    no child lives in North (an empty combination)."""
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({
        "region": rng.choice(["East", "North", "South", "West", "Mid"], 900,
                             p=[0.3, 0.05, 0.3, 0.2, 0.15]),
        "age": rng.choice(AGES, 900, p=[0.1, 0.6, 0.3]),
        "income": rng.integers(10, 90, 900)})
    north_children = (frame.region == "North") & (frame.age == "0-17")
    if empty_north_children:
        frame.loc[north_children, "region"] = "East"
    else:
        frame.loc[frame.index[:12], ["region", "age"]] = ["North", "0-17"]
    return frame


def _found(result: sdc.RunResult) -> set[tuple[str, str | None, str]]:
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings}


def test_api_count_table_written_as_floats_is_read_as_counts(tmp_path: Path) -> None:
    frame = _people(empty_north_children=True)
    table = sdc.crosstab(frame.region, frame.age, values=frame.income, aggfunc="count")
    path = table.to_csv(tmp_path / "t.csv")
    text = path.read_text(encoding="utf-8")
    assert "East,32.0,161.0,90.0" in text and "North,,25.0,13.0" in text  # pandas' floats
    result = sdc.check(tmp_path)
    # the empty combination, blank: a zero count (review, as the API says); before, SDC203
    # 'count is a magnitude with no contribution evidence' (review) came back from the
    # published numbers alone
    assert _found(result) == {("SDC102", "B4", "review")}
    assert {(f.rule, f.location.cell, f.status.value) for f in table.findings} == {
        ("SDC102", "B4", "review")}
    # the same under a policy that trusts sidecars: the blank is still a possible zero
    trusted = sdc.check(tmp_path, build_policy({"sidecar_evidence": "trust"}))
    assert _found(trusted) == {("SDC102", "B4", "review")}


def test_safe_twin_passes(tmp_path: Path) -> None:
    frame = _people(empty_north_children=False)
    table = sdc.crosstab(frame.region, frame.age, values=frame.income, aggfunc="count")
    table.to_csv(tmp_path / "t.csv")
    assert "." not in (tmp_path / "t.csv").read_text(encoding="utf-8")  # integers
    assert sdc.check(tmp_path).status.value == "pass"


def test_a_small_count_written_as_a_float_still_fails(tmp_path: Path) -> None:
    frame = _people(empty_north_children=True)
    frame.loc[(frame.region == "Mid") & (frame.age == "65+"), "region"] = "East"
    frame.loc[frame.index[:3], ["region", "age"]] = ["Mid", "65+"]
    table = sdc.crosstab(frame.region, frame.age, values=frame.income, aggfunc="count")
    table.to_csv(tmp_path / "t.csv")
    assert "Mid,12.0,75.0,3.0" in (tmp_path / "t.csv").read_text(encoding="utf-8")
    assert _found(sdc.check(tmp_path)) == {("SDC101", "D3", "fail"),
                                           ("SDC102", "B4", "review")}


def _forged_count_sidecar(folder: Path, rows: dict[str, list[float]]) -> None:
    """A sidecar an insider writes for a table of sums: 'counts', each cell its own number
    of records, stamped with the file's real SHA-256 (``value_problem`` accepts it)."""
    path = folder / "t.csv"
    cells = []
    for region, values in rows.items():
        for age, value in zip(AGES, values, strict=True):
            n = int(value)
            cells.append({"coords": {"region": region, "age": age}, "n_records": n,
                          "n_units": n, "n_values": n, "n_missing": 0, "n_negative": 0,
                          "total": float(n), "top": []})
    document = {"schema": "sdc.evidence/1",
                "file": {"name": "t.csv", "sha256": hashlib.sha256(path.read_bytes()).hexdigest()},
                "table": {"index": ["region"], "columns": ["age"], "values": "income",
                          "aggfunc": "count"},
                "cells": cells}
    (folder / "t.csv.sdc.json").write_text(json.dumps(document), encoding="utf-8")


def _write(folder: Path, rows: dict[str, list[float]], floats: bool) -> None:
    folder.mkdir()
    lines = ["region," + ",".join(AGES)] + [
        f"{region}," + ",".join(f"{v:.1f}" if floats else f"{v:.0f}" for v in values)
        for region, values in rows.items()]
    (folder / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_forged_count_claim_buys_nothing_an_integer_file_has_not(tmp_path: Path) -> None:
    # sums of income written as floats (one dominated by a single record, which no evidence
    # shows): alone, the floats add the magnitude reading (SDC203 review)
    rows = {"East": [2410.0, 8120.0, 3975.0], "Mid": [655.0, 3590.0, 1822.0],
            "South": [1730.0, 8033.0, 4410.0]}
    _write(tmp_path / "floats", rows, floats=True)
    alone = sdc.check(tmp_path / "floats")
    assert ("SDC203", None, "review") in _found(alone)
    # with a forged 'count' sidecar, exactly what the same numbers written as integers give
    _forged_count_sidecar(tmp_path / "floats", rows)
    _write(tmp_path / "integers", rows, floats=False)
    assert _found(sdc.check(tmp_path / "floats")) == _found(sdc.check(tmp_path / "integers"))
    # a value no count table plausibly holds is another signal: the claim settles nothing
    big = {**rows, "South": [1730.0, 80330.0, 4410.0]}
    _write(tmp_path / "large", big, floats=True)
    _forged_count_sidecar(tmp_path / "large", big)
    assert ("SDC203", None, "review") in _found(sdc.check(tmp_path / "large"))
