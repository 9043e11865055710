"""A wider randomized ACRO 1.0.2 session (round 27), seeded, with the same tables written by
pandas alone (run under ACRO's own interpreter; never imports sdc).

    python acro_sweep27.py ROOT SEED...

writes, for each seed, ROOT/s27-SEED (ACRO's folder, finalised to JSON), ROOT/s27-SEED.expected
.json (as ``acro_session.py`` writes it) and ROOT/s27-SEED-plain: each table ACRO made, written
by pandas to ``UID.csv`` and ``UID.xlsx`` (no ACRO metadata), and each model's tables and each
picture copied from ACRO's folder, so a checker meets the same numbers without ACRO's record.

What ``acro_sweep.py`` draws, and more: missing values in the values and in the keys, a cell
whose every value is 0, negative values, a weight summed into weighted counts, three index
levels and two column levels, margins, ``normalize``, pivot tables over several levels, models
with a handful of residual degrees of freedom, survival tables and plots, histograms.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from acro_session import write_session  # beside this script: its sys.path[0]

AGGFUNCS = ["count", "sum", "mean", "median", "std", "min", "max", "mode"]


def microdata(rng: np.random.Generator) -> pd.DataFrame:
    """People in areas (one rare), with pay, a weight, a diagnosis code, survival times."""
    n = int(rng.integers(40, 600))
    rare = float(rng.uniform(0.005, 0.06))
    df = pd.DataFrame({
        "area": rng.choice(["North", "South", "East", "Isle"], n,
                           p=[0.45, 0.3, 0.25 - rare, rare]),
        "sex": rng.choice(["F", "M"], n),
        "band": rng.choice(["16-34", "35-64", "65+"], n, p=[0.45, 0.4, 0.15]),
        "grp": rng.choice(["g1", "g2"], n),
        "pay": rng.lognormal(9.5, float(rng.uniform(0.2, 1.4)), n).round(0),
        "weight": rng.uniform(0.5, 40, n).round(2),
        "age": rng.integers(18, 95, n),
        "time": rng.integers(1, 60, n),
        "died": (rng.random(n) < float(rng.uniform(0.05, 0.5))).astype(int),
    })
    if rng.random() < 0.5:  # one record dominates a cell
        cell = df.index[(df.area == "South") & (df.sex == "M")]
        if len(cell):
            df.loc[cell[0], "pay"] = float(df.loc[cell, "pay"].sum() * rng.uniform(1.5, 60))
    if rng.random() < 0.3:  # two records share a cell's total
        cell = df.index[(df.area == "East") & (df.sex == "F")]
        if len(cell) > 2:
            df.loc[cell[:2], "pay"] = float(df.loc[cell, "pay"].sum() * rng.uniform(3, 20))
    if rng.random() < 0.3:  # a cell whose every value is 0
        df.loc[(df.area == "North") & (df.band == "65+"), "pay"] = 0.0
    if rng.random() < 0.3:  # missing values
        miss = rng.random(n) < float(rng.uniform(0.02, 0.3))
        df.loc[miss, "pay"] = np.nan
    if rng.random() < 0.2:  # a missing key
        df.loc[df.index[rng.random(n) < 0.05], "band"] = np.nan
    if rng.random() < 0.3:  # an empty group
        df = df[~((df.area == "East") & (df.band == "65+") & (df.sex == "M"))]
    if rng.random() < 0.25:  # losses
        df.loc[df.index[: int(rng.integers(1, 5))], "pay"] *= -1
    return df.reset_index(drop=True)


def session(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    import statsmodels.api as sm

    def agg() -> str | list[str]:
        if rng.random() < 0.3:  # in a list pandas raises on "mode"
            k = int(rng.integers(2, 4))
            return [str(a) for a in rng.choice(AGGFUNCS[:-1], k, replace=False)]
        return str(rng.choice(AGGFUNCS))

    def keys(names: list[str]) -> Any:
        return [df[c] for c in names] if len(names) > 1 else df[names[0]]

    for _ in range(int(rng.integers(8, 16))):
        depth = int(rng.choice([1, 1, 2, 3]))
        index = ["area", "band", "grp"][:depth]
        columns = ["sex", "grp"] if depth < 3 and rng.random() < 0.25 else ["sex"]
        margins = bool(rng.random() < 0.5)
        kind = rng.random()
        try:
            if kind < 0.2:
                acro.crosstab(keys(index), keys(columns), margins=margins)
            elif kind < 0.3:  # weighted counts
                acro.crosstab(keys(index), keys(columns), values=df.weight, aggfunc="sum",
                              margins=margins)
            elif kind < 0.37:
                normalize = str(rng.choice(["index", "columns", "all"]))
                acro.crosstab(keys(index), keys(columns), normalize=normalize,
                              margins=margins and normalize != "all")
            elif kind < 0.7:
                acro.crosstab(keys(index), keys(columns), values=df.pay, aggfunc=agg(),
                              margins=margins)
            else:  # ACRO 1.0.2's pivot_table raises on "mode"
                a = agg()
                a = "median" if a == "mode" else a
                cols = None if rng.random() < 0.3 else (columns if len(columns) > 1
                                                        else columns[0])
                acro.pivot_table(df, index=index if depth > 1 else index[0], columns=cols,
                                 values="pay", aggfunc=a, margins=margins and cols is not None)
        except Exception:  # a combination ACRO 1.0.2 raises on: nothing recorded
            continue
    for model in rng.choice(["ols", "logit", "probit"], int(rng.integers(1, 4)), replace=False):
        few = df.dropna(subset=["pay"]).head(int(rng.integers(5, 30)))
        data = few if rng.random() < 0.6 else df.dropna(subset=["pay"])
        x = sm.add_constant(data[["age", "weight"]] if rng.random() < 0.5 else data[["age"]])
        y = data.pay if model == "ols" else data.died
        try:
            getattr(acro, str(model))(y, x)
        except Exception:  # perfect separation and the like
            continue
    if rng.random() < 0.6:
        data = df.head(int(rng.integers(6, 40))) if rng.random() < 0.5 else df
        acro.surv_func(data.time, data.died, output="table")
    if rng.random() < 0.4:
        data = df.head(int(rng.integers(6, 40))) if rng.random() < 0.5 else df
        acro.surv_func(data.time, data.died, output="plot", filename="km.png")
    if rng.random() < 0.5:
        data = df.head(int(rng.integers(20, 120))) if rng.random() < 0.5 else df
        acro.hist(data.dropna(subset=["pay"]), "pay", bins=int(rng.integers(5, 30)),
                  filename="pay.png")


def write_plain(acro: Any, plain: Path) -> None:
    """Each table ACRO made, as pandas writes it to CSV and to a workbook."""
    plain.mkdir(parents=True)
    for uid, record in acro.results.results.items():
        tables = [t for t in record.output if isinstance(t, pd.DataFrame)]
        if record.output_type == "table" and tables:
            tables[0].to_csv(plain / f"{uid}.csv")
            tables[0].to_excel(plain / f"{uid}.xlsx")


def write(root: Path, seed: int) -> None:
    from acro import ACRO

    target, plain = root / f"s27-{seed}", root / f"s27-{seed}-plain"
    shutil.rmtree(target, ignore_errors=True)
    shutil.rmtree(plain, ignore_errors=True)
    rng = np.random.default_rng(seed)

    def run(acro: Any) -> None:
        session(acro, microdata(rng), rng)
        write_plain(acro, plain)

    write_session(target, "json", lambda: ACRO(suppress=False), run)
    expected = json.loads(Path(f"{target}.expected.json").read_text(encoding="utf-8"))
    for uid, entry in expected.items():  # models and pictures: ACRO's own files
        if entry["type"] != "table":
            for name in entry["files"]:
                shutil.copy(target / name, plain / f"{uid}-{name}")


def main(argv: list[str]) -> int:
    if len(argv) < 3 or not all(a.isdigit() for a in argv[2:]):
        print(__doc__, file=sys.stderr)
        return 2
    logging.disable(logging.CRITICAL)
    root = Path(argv[1]).resolve()
    for seed in argv[2:]:  # one interpreter for every session: importing ACRO is the slow part
        write(root, int(seed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
