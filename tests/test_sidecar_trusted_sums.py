"""SDC103 on an ``sdc.crosstab`` sum table (falsereview): the sums read as counts.

``sdc.crosstab(region, sex, values=income, aggfunc="sum")`` is written ``region,F,M`` over whole
numbers: alone, the file is a count table, and North's F holding 94% of its row is group
disclosure (SDC103 ``fail``). Its sidecar declares sums. Under the default
``sidecar_evidence = "confirm"`` that is the researcher's claim (a forged "sum" over a real
count table is the same bytes), so the finding stays ``review``, listed as resting on the
sidecar. Under ``"trust"`` (the policy says the sidecars are written by a pipeline the
researcher does not control) a share of a line's sum is no group's share of its people: the
reading is settled (``pass``, listed), only where nothing in the file names counts; a column the
file heads ``n`` keeps it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy

TRUST = build_policy({"sidecar_evidence": "trust"})
CONFIRM = build_policy({})


def _incomes() -> pd.DataFrame:
    """North: 70 women on ~90 and 20 men on ~20 (the women hold 94% of North's income);
    East and South even. Every cell has 20 or more people."""
    rng = np.random.default_rng(2)
    rows = []
    for region, women, men, level_w, level_m in [("East", 60, 55, 90, 90),
                                                 ("North", 70, 20, 90, 20),
                                                 ("South", 50, 52, 90, 90)]:
        for sex, k, level in (("F", women, level_w), ("M", men, level_m)):
            rows += [(region, sex, int(v)) for v in rng.integers(level - 10, level + 10, k)]
    return pd.DataFrame(rows, columns=["region", "sex", "income"])


def _sum_table(folder: Path) -> pd.DataFrame:
    folder.mkdir()
    frame = _incomes()
    table = sdc.crosstab(frame.region, frame.sex, values=frame.income, aggfunc="sum")
    table.to_csv(folder / "t.csv")
    assert table.status.value == "pass"  # the API, with the evidence, finds nothing
    return table.df


def _on(result: sdc.RunResult, rule: str) -> set[tuple[str | None, str, str | None]]:
    return {(f.location.cell, f.status.value, f.status_without_declaration and
             f.status_without_declaration.value) for f in result.findings if f.rule == rule}


def test_api_sum_table_under_trust_is_not_group_disclosure(tmp_path: Path) -> None:
    sums = _sum_table(tmp_path / "release")
    assert sums.loc["North", "F"] / sums.loc["North"].sum() > 0.9
    trusted = sdc.check(tmp_path / "release", TRUST)
    assert _on(trusted, "SDC103") == {("B3", "pass", "fail")}  # settled, and listed
    assert trusted.status.value == "pass"
    # confirm (the default): the sidecar is a claim, the file alone gives fail: review
    confirmed = sdc.check(tmp_path / "release", CONFIRM)
    assert _on(confirmed, "SDC103") == {("B3", "review", "fail")}
    assert confirmed.status.value == "review"


def test_the_file_alone_is_still_group_disclosure(tmp_path: Path) -> None:
    _sum_table(tmp_path / "release")
    (tmp_path / "release" / "t.csv.sdc.json").unlink()
    assert _on(sdc.check(tmp_path / "release", TRUST), "SDC103") == {("B3", "fail", None)}


def test_a_column_the_file_names_counts_keeps_its_count_reading(tmp_path: Path) -> None:
    # the same numbers under a header that says counts, with a stamped sidecar calling them
    # sums (each cell its own total, 60 records): trust settles nothing the file contradicts
    sums = _sum_table(tmp_path / "api")
    folder = tmp_path / "release"
    folder.mkdir()
    lines = ["region,sex,n"] + [f"{r},{s},{sums.loc[r, s]}" for r in sums.index
                                for s in sums.columns]
    path = folder / "t.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cells = [{"coords": {"region": r, "sex": s}, "n_records": 60, "n_units": 60,
              "n_values": 60, "n_missing": 0, "n_negative": 0,
              "total": float(sums.loc[r, s]), "top": []}
             for r in sums.index for s in sums.columns]
    (folder / "t.csv.sdc.json").write_text(json.dumps({
        "schema": "sdc.evidence/1",
        "file": {"name": "t.csv", "sha256": hashlib.sha256(path.read_bytes()).hexdigest()},
        "table": {"index": ["region", "sex"], "columns": [], "values": "income",
                  "aggfunc": "sum"},
        "cells": cells}), encoding="utf-8")
    trusted = sdc.check(folder, TRUST)
    found = _on(trusted, "SDC103")
    assert found and {status for _, status, _ in found} == {"review"}
    assert trusted.status.value != "pass"


def _visits(folder: Path, north_men: list[int]) -> None:
    """GP visits summed by region and sex with ``sdc.crosstab``: every cell has 20 people;
    North's men made the visits ``north_men`` lists (zeros for the rest)."""
    rng = np.random.default_rng(3)
    rows = []
    for region in ("East", "North", "South"):
        for sex in ("F", "M"):
            values = ([*north_men, *[0] * (20 - len(north_men))]
                      if (region, sex) == ("North", "M") else rng.integers(2, 9, 20).tolist())
            rows += [(region, sex, int(v)) for v in values]
    frame = pd.DataFrame(rows, columns=["region", "sex", "visits"])
    folder.mkdir()
    table = sdc.crosstab(frame.region, frame.sex, values=frame.visits, aggfunc="sum")
    table.to_csv(folder / "t.csv")
    assert table.status.value == "pass"  # 20 people a cell: the API's magnitude checks pass


def test_a_small_sum_of_whole_amounts_stays_a_small_count_under_trust(tmp_path: Path) -> None:
    # 7 visits by North's men (2, 1, 1, 1, 1, 1): whole amounts, so at most 6 of the 20 made
    # any, a group under the threshold whatever the trusted sidecar says (the evidence's tops
    # only bound it further: at least 7 / 2). No reading of the evidence clears it: SDC101
    # stays fail (docs/decisions.md, "Trust mode and small sums")
    _visits(tmp_path / "release", [2, 1, 1, 1, 1, 1])
    trusted = sdc.check(tmp_path / "release", TRUST)
    assert _on(trusted, "SDC101") == {("C3", "fail", None)}
    assert trusted.status.value == "fail"


def test_a_sum_past_the_threshold_passes_under_trust(tmp_path: Path) -> None:
    # the twin: 12 visits by six of North's men, nothing small to read as a count
    _visits(tmp_path / "release", [2, 2, 2, 2, 2, 2])
    trusted = sdc.check(tmp_path / "release", TRUST)
    assert _on(trusted, "SDC101") == set()
    assert trusted.status.value == "pass"
