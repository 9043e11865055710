"""A count ``pivot_table`` with ``values=["income"]`` over a column variable (falsereview).

pandas heads the counts with the counted variable on a row of its own above the sexes
(``,income,income,income`` / ``sex,F,M,All``), so the table's measures are ``income / F``,
``income / M``, ``income / All``: the word ``income`` made them magnitudes, and the count
reading that a table's one word-named measure keeps (``_integer_magnitudes_stay_counts``) was
given only to tables of one measure. A count of 3 under it was only SDC203 ``review``
(dominance unassessable), never SDC101. One value over a column variable is one measure: its
whole numbers written without a decimal point are now counts too (the magnitude reading stays).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})


def _write(folder: Path, north_men: int, margins: bool) -> Path:
    rows = []
    for region, women, men in [("East", 60, 55), ("North", 40, north_men), ("South", 50, 52),
                               ("West", 33, 41)]:
        rows += [(region, "F", 50)] * women + [(region, "M", 50)] * men
    frame = pd.DataFrame(rows, columns=["region", "sex", "income"])
    table = pd.pivot_table(frame, values=["income"], index="region", columns="sex",
                           aggfunc="count", margins=margins)
    folder.mkdir()
    path = folder / "t.csv"
    table.to_csv(path)
    return path


def _found(folder: Path) -> set[tuple[str, str | None, str]]:
    return {(f.rule, f.location.cell, f.status.value) for f in sdc.check(folder, POLICY).findings}


def test_a_count_of_three_under_the_counted_variable_fails(tmp_path: Path) -> None:
    path = _write(tmp_path / "margins", 3, margins=True)
    assert path.read_text().splitlines()[:2] == [",income,income,income", "sex,F,M,All"]
    found = _found(tmp_path / "margins")
    assert ("SDC101", "C5", "fail") in found  # North / M
    assert {f for f in found if f[0] == "SDC101"} == {("SDC101", "C5", "fail")}
    _write(tmp_path / "plain", 3, margins=False)
    assert ("SDC101", "C5", "fail") in _found(tmp_path / "plain")


def test_safe_twin_has_no_count_finding(tmp_path: Path) -> None:
    _write(tmp_path / "margins", 30, margins=True)
    found = _found(tmp_path / "margins")
    # read as counts and as possible sums: no count finding; the sum reading's SDC203 stays
    assert {f[0] for f in found} == {"SDC203"}
    assert {f[2] for f in found} == {"review"}


def test_a_sum_written_as_floats_keeps_only_the_magnitude_reading(tmp_path: Path) -> None:
    # pandas writes a sum of a float column with a decimal point: no count reading is added
    folder = tmp_path / "sums"
    folder.mkdir()
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"region": rng.choice(["East", "West"], 200),
                          "sex": rng.choice(["F", "M"], 200),
                          "income": rng.normal(300.0, 20.0, 200).round(0)})
    pd.pivot_table(frame, values=["income"], index="region", columns="sex",
                   aggfunc="sum").to_csv(folder / "t.csv")
    assert ".0" in (folder / "t.csv").read_text()
    assert {f[0] for f in _found(folder)} == {"SDC203"}


def _api_table(folder: Path, north_men: int) -> sdc.SDCTable:
    rows = []
    for region, women, men in [("East", 60, 55), ("North", 40, north_men), ("South", 50, 52),
                               ("West", 33, 41)]:
        rows += [(region, "F", 50)] * women + [(region, "M", 50)] * men
    frame = pd.DataFrame(rows, columns=["region", "sex", "income"])
    table = sdc.pivot_table(frame, values=["income"], index="region", columns="sex",
                            aggfunc="count", margins=True)
    folder.mkdir()
    table.to_csv(folder / "t.csv")
    return table


def test_the_api_sidecar_of_such_a_pivot_is_matched(tmp_path: Path) -> None:
    # the sidecar keys the cells by (region, sex); the table reads sex inside its measures'
    # names (income / F): it was 'does not match the table as read (12 of 15 cells)', SDC602
    table = _api_table(tmp_path / "safe", 30)
    assert table.status.value == "pass"
    found = _found(tmp_path / "safe")
    assert {f[0] for f in found} == {"SDC203"}  # the file alone may hold sums: review
    trusted = sdc.check(tmp_path / "safe", build_policy({"sidecar_evidence": "trust"}))
    assert trusted.status.value == "pass"
    small = _api_table(tmp_path / "small", 3)
    assert ("SDC101", "C5", "fail") in {(f.rule, f.location.cell, f.status.value)
                                        for f in small.findings}
    found = _found(tmp_path / "small")
    assert ("SDC101", "C5", "fail") in found and "SDC602" not in {f[0] for f in found}
