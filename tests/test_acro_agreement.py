"""sdc and ACRO 1.0.2 flag the same cells, except where sdc differs on purpose.

Random microdata (several seeds) go through ``acro.crosstab`` (``ACRO(suppress=False)``) and
``sdc.crosstab`` under the ``acro`` profile, for frequency, sum, mean and std tables, with and
without margins, over two and three dimensions. For every seed the threshold (SDC101), p-ratio
(SDC202) and nk (SDC201) cells must be the same, except for the differences documented in
docs/acro-differences.md, which are asserted here as differences:

* zeros: ACRO's threshold check flags a zero count (0 < 10); sdc reports it as SDC102
  (zero-count, ``fail`` under the acro profile), and an empty cell of a magnitude table, which
  pandas leaves blank, is not a published number and is not flagged.
* zeros in p%: ACRO's p-ratio flags a cell whose every contribution is 0; sdc does not.
* missing values: ACRO counts records, sdc counts units with a value, so a cell of 12 records
  with 4 values is a small cell for sdc only, and a cell whose records all lack a value (a
  blank mean, a zero sum) has no unit behind it and is not a small cell for sdc.
* negative values: once any value is negative ACRO reviews the table and judges no dominance;
  sdc reviews the cells with negatives (SDC204) and judges the others.
* std: ACRO checks a standard deviation's cell count minus 1 against its dof threshold, and its
  per-cell outcome marks every cell with a count other than 1; sdc flags (SDC303) the cells
  with fewer than 10 degrees of freedom (units - 1, as ACRO) or on units that all share one
  value.

ACRO pins ``pandas<=2.3.3``. When ``SDC_ACRO_PYTHON`` names an interpreter with ACRO installed
(CI makes one in ``.acro-venv``), ``tests/acro_helper.py`` runs there, or its recording is
read (``tests/acro_recordings.py``); otherwise ACRO must be importable here, or the test is
skipped.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests import acro_recordings

HELPER = Path(__file__).with_name("acro_helper.py")
SEEDS = [3, 11, 29, 47, 61, 83]
A, P_A = ["a1", "a2", "a3", "a4", "a5"], [0.34, 0.3, 0.2, 0.1, 0.06]
B, P_B = ["b1", "b2", "b3"], [0.5, 0.3, 0.2]
C = ["c1", "c2"]
ZERO_CELL = ("a4", "b2")  # every contribution is 0
MISSING_CELL = ("a3", "b3")  # 12 records, 4 of them with a value

CASES: list[dict[str, Any]] = [
    {"id": "count2", "index": ["a"], "columns": ["b"], "values": None, "aggfunc": None},
    {"id": "count2m", "index": ["a"], "columns": ["b"], "values": None, "aggfunc": None,
     "margins": True},
    {"id": "count3", "index": ["a", "c"], "columns": ["b"], "values": None, "aggfunc": None},
    {"id": "sum2", "index": ["a"], "columns": ["b"], "values": "v", "aggfunc": "sum"},
    {"id": "sum3m", "index": ["a", "c"], "columns": ["b"], "values": "v", "aggfunc": "sum",
     "margins": True},
    {"id": "mean2m", "index": ["a"], "columns": ["b"], "values": "v", "aggfunc": "mean",
     "margins": True},
    {"id": "mean3", "index": ["a", "c"], "columns": ["b"], "values": "v", "aggfunc": "mean"},
    {"id": "std2", "index": ["a"], "columns": ["b"], "values": "v", "aggfunc": "std"},
]


def make_data(seed: int) -> pd.DataFrame:
    """Skewed microdata: small cells, a few dominant records, a zero cell and a missing cell."""
    rng = np.random.default_rng(seed)
    n = 360
    df = pd.DataFrame({
        "a": rng.choice(A, n, p=P_A), "b": rng.choice(B, n, p=P_B), "c": rng.choice(C, n),
        "v": rng.lognormal(3.0, 1.0, n),
    })
    big = rng.choice(n, 12, replace=False)
    df.loc[big, "v"] *= rng.uniform(10, 300, big.size)
    special = ((df.a == ZERO_CELL[0]) & (df.b == ZERO_CELL[1])) | (
        (df.a == MISSING_CELL[0]) & (df.b == MISSING_CELL[1]))
    df = df[~special]
    zeros = pd.DataFrame({"a": ZERO_CELL[0], "b": ZERO_CELL[1], "c": rng.choice(C, 11),
                          "v": 0.0})
    missing = pd.DataFrame({"a": MISSING_CELL[0], "b": MISSING_CELL[1],
                            "c": rng.choice(C, 12), "v": [*rng.lognormal(3.0, 1.0, 4),
                                                          *[np.nan] * 8]})
    return pd.concat([df, zeros, missing], ignore_index=True)


NEGATIVE_CELL = ("a2", "b1")
NEGATIVE_CASE = {"index": ["a"], "columns": ["b"], "values": "v", "aggfunc": "sum"}


def make_negative_data() -> pd.DataFrame:
    """A refund in one cell; another cell dominated by one record."""
    rows = [(a, b, 100.0 + i) for a in A[:3] for b in B[:2] for i in range(12)]
    df = pd.DataFrame(rows, columns=["a", "b", "v"])
    df.loc[(df.a == NEGATIVE_CELL[0]) & (df.b == NEGATIVE_CELL[1]), "v"] -= 150.0
    df.loc[(df.a == "a1") & (df.b == "b2") & (df.v == 111.0), "v"] = 100_000.0
    return df


# --- running ACRO ---------------------------------------------------------------------------


def _run_acro(spec: dict[str, Any], tmp: Path) -> dict[str, Any]:
    """ACRO's outcomes for ``spec``: recorded, or live under ``SDC_ACRO_PYTHON``
    (``tests/acro_recordings.py``), else in this interpreter if it has ACRO."""
    spec_path, out_path = tmp / "spec.json", tmp / "acro.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    args = [str(spec_path), str(out_path)]
    inputs = [spec_path, *(Path(run["data"]) for run in spec["runs"])]
    if os.environ.get("SDC_ACRO_PYTHON") or acro_recordings.recording(HELPER, args, tmp, inputs):
        acro_recordings.run(HELPER, args, tmp, inputs, timeout=600)
        return json.loads(out_path.read_text(encoding="utf-8"))
    pytest.importorskip("acro")
    sys.path.insert(0, str(HELPER.parent))
    try:
        import acro_helper
    finally:
        sys.path.remove(str(HELPER.parent))
    return acro_helper.run(spec)


@pytest.fixture(scope="module")
def acro_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("acro")
    runs = []
    for seed in SEEDS:
        path = tmp / f"seed{seed}.csv"
        make_data(seed).to_csv(path, index=False)
        runs.append({"data": str(path), "keys": ["a", "b", "c"],
                     "cases": [{**case, "id": f"{seed}:{case['id']}"} for case in CASES]})
    negative = tmp / "negative.csv"
    make_negative_data().to_csv(negative, index=False)
    runs.append({"data": str(negative), "keys": ["a", "b"],
                 "cases": [{**NEGATIVE_CASE, "id": "negative"}]})
    return _run_acro({"runs": runs}, tmp)


# --- comparing ------------------------------------------------------------------------------

Cell = tuple[str, ...]


def acro_cells(result: dict[str, Any], check: str) -> set[Cell]:
    """The cells whose ACRO outcome names ``check``."""
    out: set[Cell] = set()
    for i, row in enumerate(result["outcome"]):
        for j, text in enumerate(row):
            if check in text:
                out.add((*result["index"][i], *result["columns"][j]))
    return out


def sdc_cells(table: sdc.SDCTable, rule: str) -> set[Cell]:
    """The cells (labels in row then column order) where ``rule`` has a finding."""
    by_ref = {cell.ref: cell for cell in table.output.table.cells}
    dims = table.output.table.dimensions
    return {tuple(by_ref[f.location.cell].coords[d] for d in dims)
            for f in table.findings if f.rule == rule and f.location.cell}


def ours(df: pd.DataFrame, case: dict[str, Any]) -> sdc.SDCTable:
    index = [df[c] for c in case["index"]]
    columns = [df[c] for c in case["columns"]]
    return sdc.crosstab(index, columns, values=df[case["values"]] if case["values"] else None,
                        aggfunc=case["aggfunc"], margins=case.get("margins", False),
                        dropna=False,  # ACRO forces dropna=False
                        policy=build_policy({}, profile="acro"))


def cell_facts(df: pd.DataFrame, case: dict[str, Any]) -> pd.DataFrame:
    """Records, values and whether every value is zero, per inner cell (independent of sdc)."""
    keys = case["index"] + case["columns"]
    return df.groupby(keys).agg(records=("v", "size"), units=("v", "count"),
                                zero=("v", lambda s: bool(s.notna().any() and (s == 0).all())),
                                same=("v", lambda s: s.dropna().nunique() == 1))


def inner(cells: set[Cell]) -> set[Cell]:
    return {c for c in cells if "All" not in c}


@pytest.mark.parametrize("seed", SEEDS)
def test_same_cells_as_acro(seed: int, acro_results: dict[str, Any]) -> None:
    df = make_data(seed)
    for case in CASES:
        theirs = acro_results[f"{seed}:{case['id']}"]
        table = ours(df, case)
        facts = cell_facts(df, case)
        shape = {tuple(map(str, k)) for k in facts.index}
        all_cells = {(*i, *c) for i in theirs["index"] for c in theirs["columns"]}
        empty = {c for c in inner(all_cells) if c not in shape}
        threshold = acro_cells(theirs, "MinimumThresholdCheck")
        where = f"seed {seed}, {case['id']}"

        if case["values"] is None:  # frequency: ACRO's threshold also flags zeros
            assert threshold == sdc_cells(table, "SDC101") | sdc_cells(table, "SDC102"), where
            assert sdc_cells(table, "SDC102") == empty, where
            assert acro_cells(theirs, "PresenceOfZeroCheck") == empty, where
            continue
        if case["aggfunc"] == "std":
            dof_cells = acro_cells(theirs, "MinimumDoFCheck")
            records = {tuple(map(str, k)): r for k, r in facts["records"].items()}
            assert dof_cells == {c for c in all_cells if records.get(c, 0) != 1}, where
            # SDC303: fewer than 10 units, or fewer than 10 degrees of freedom (units - 1, as
            # ACRO's dof check), or units that all share one value
            thin = {tuple(map(str, k)) for k, row in facts.iterrows()
                    if 0 < row.units <= 10 or row.same}
            assert inner(sdc_cells(table, "SDC303")) == thin, where
            continue

        # threshold: ACRO counts records (empty cells too), sdc units with a value; a cell
        # with no value at all (blank mean, zero sum) has no unit to protect
        thin = {tuple(map(str, k)) for k, row in facts.iterrows()
                if row.records >= 10 and row.units < 10}
        no_units = empty | {tuple(map(str, k)) for k, u in facts["units"].items() if u == 0}
        if len(case["index"]) == 1:  # the designed differences are exercised
            assert MISSING_CELL in thin, where
        assert sdc_cells(table, "SDC101") == (threshold - no_units) | thin, where
        # nk: the same cells
        assert sdc_cells(table, "SDC201") == acro_cells(theirs, "NKCheck"), where
        # p-ratio: ACRO also flags the all-zero cells
        zero = {tuple(map(str, k)) for k, z in facts["zero"].items() if z}
        if len(case["index"]) == 1:
            assert ZERO_CELL in zero, where
        assert sdc_cells(table, "SDC202") == acro_cells(theirs, "PPercentCheck") - zero, where
        assert zero <= acro_cells(theirs, "PPercentCheck"), where


def test_the_comparison_is_not_vacuous(acro_results: dict[str, Any]) -> None:
    """Across the seeds, every compared check flags some cells and passes others."""
    for check in ("MinimumThresholdCheck", "NKCheck", "PPercentCheck"):
        flagged = sum(len(acro_cells(r, check)) for k, r in acro_results.items()
                      if not k.endswith(("count2", "count2m", "count3", "std2")))
        total = sum(len(r["index"]) * len(r["columns"]) for r in acro_results.values())
        assert 0 < flagged < total, check


def test_negative_values_differ_on_purpose(acro_results: dict[str, Any]) -> None:
    """ACRO reviews the whole table and assesses no dominance once any value is negative;
    sdc reviews the cells with negatives (SDC204) and still judges the others."""
    theirs = acro_results["negative"]
    assert theirs["status"] == "review"
    assert acro_cells(theirs, "NKCheck") == acro_cells(theirs, "PPercentCheck") == {
        NEGATIVE_CELL}
    table = ours(make_negative_data(), NEGATIVE_CASE)
    assert sdc_cells(table, "SDC204") == {NEGATIVE_CELL}
    assert sdc_cells(table, "SDC201") == sdc_cells(table, "SDC202") == {("a1", "b2")}
