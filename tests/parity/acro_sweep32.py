"""Round 32's ACRO 1.0.2 sessions: the calls and options earlier random sweeps made least,
seeded, with each table also saved the ways a researcher saves it without ACRO (run under
ACRO's own interpreter; never imports sdc).

    python acro_sweep32.py ROOT VARIANT SEED...

VARIANT is ``json`` (finalised to JSON), ``xlsx`` (finalised to one ``results.xlsx``; no
pictures: ACRO 1.0.2's workbook finalisation raises on them) or ``suppress``
(``ACRO(suppress=True)``). Each session draws from what ACRO 1.0.2's ``Tables`` and
``Regression`` accept (read from its code): ``pivot_table`` with aggfunc lists of two to four,
``margins_name``, ``fill_value=0``, ``sort=False`` and ``observed=False`` over a categorical with
an unused category; ``crosstab`` with ``values``/``aggfunc`` (each of ACRO's eight), with
``normalize`` over counts and over an aggregate, ``margins_name``, ``rownames``/``colnames``,
``dropna`` (ACRO forces it off), three index levels or three column levels, numbers and
booleans as labels, a missing key in a column; ``hist`` (with ``by_val``), ``pie``,
``surv_func`` tables and plots; ``ols``/``olsr``/``logit``/``logitr``/``probit``/``probitr`` on
5 to 40 records with categorical predictors. Writes ROOT/s32-VARIANT-SEED (ACRO's folder),
its ``.expected.json`` (as ``acro_session.py`` writes it) and ROOT/s32-VARIANT-SEED-plain: each
table as pandas writes it (``UID.csv``, ``UID.xlsx``), rounded to one decimal as a researcher
tidies it (``UID-r1.csv``), and to a workbook without merged cells (``UID-flat.xlsx``); each
model's and picture's files copied from ACRO's folder (JSON variants only).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from acro_sweep27 import AGGFUNCS
from acro_sweep27 import microdata as microdata27
from acro_sweeps import (  # beside this script: its sys.path[0]
    NoPictures,
    main,
    tables_of,
    write_sweep,
)

VARIANTS = ("json", "xlsx", "suppress")
NAMES = ["All", "Total", "Overall"]
CALLS: dict[str, str] = {}  # each output's call, spelled out (ROOT/s32-VARIANT-SEED.calls.json)


def noted(acro: Any, text: str, call: Any, *args: Any, **kwargs: Any) -> None:
    """Make ``call(*args, **kwargs)`` and note ``text`` for each output it records (none if
    ACRO 1.0.2 or statsmodels raises on the combination: perfect separation, a singular
    design)."""
    before = acro.results.output_id
    try:
        call(*args, **kwargs)
    except Exception:
        return
    for i in range(before, acro.results.output_id):
        CALLS[f"output_{i}"] = text


def microdata(rng: np.random.Generator) -> pd.DataFrame:
    """Round 27's people, with an ethnic group (one rare), a year, a boolean, sometimes a
    missing sex, and the band as a categorical whose first category no one is in."""
    df = microdata27(rng)
    n = len(df)
    df["eth"] = rng.choice(["A", "B", "C", "D", "E"], n, p=[0.5, 0.2, 0.15, 0.12, 0.03])
    df["year"] = rng.choice([2019, 2020, 2021, 2022], n)
    df["smoker"] = rng.random(n) < 0.2
    if rng.random() < 0.2:
        df.loc[df.index[rng.random(n) < 0.03], "sex"] = np.nan
    if rng.random() < 0.3:
        df["band"] = pd.Categorical(df.band, categories=["0-15", "16-34", "35-64", "65+"])
    return df


def session(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """Fifteen to twenty-five draws of tables, then models, survival and pictures."""

    def pick(options: list[Any]) -> Any:
        return options[int(rng.integers(len(options)))]

    def keys(names: list[str]) -> Any:
        return [df[c] for c in names] if len(names) > 1 else df[names[0]]

    def aggs(lo: int, hi: int) -> list[str]:
        k = int(rng.integers(lo, hi + 1))
        return [str(a) for a in rng.choice(AGGFUNCS[:-1], k, replace=False)]

    rows = [["area"], ["eth"], ["year"], ["area", "band"], ["eth", "sex"],
            ["area", "band", "grp"], ["area", "smoker", "grp"]]
    cols = [["sex"], ["died"], ["smoker"], ["sex", "grp"], ["sex", "grp", "died"]]
    for _ in range(int(rng.integers(15, 26))):
        index = pick(rows)
        columns = [c for c in pick(cols) if c not in index] or ["died"]
        if len(index) + len(columns) > 5:
            columns = columns[:1]
        margins = bool(rng.random() < 0.6)
        name = pick(NAMES)
        kind = rng.random()
        ix, cx = keys(index), keys(columns)
        if kind < 0.15:  # counts, ACRO's dropna forced off, names of its own
            options: dict[str, Any] = {"dropna": bool(rng.random() < 0.5), "rownames": [
                i.title() for i in index] if rng.random() < 0.3 else None}
        elif kind < 0.27:  # shares
            options = {"normalize": pick(["index", "columns", "all", True])}
        elif kind < 0.5:  # one statistic of pay
            options = {"values": df.pay, "aggfunc": pick(AGGFUNCS)}
        elif kind < 0.57:  # an aggregate normalised
            options = {"values": df.pay, "aggfunc": pick(["sum", "mean", "count"]),
                       "normalize": pick(["index", "columns", "all"])}
        elif kind < 0.67:  # several statistics in a crosstab
            columns = columns[:2]
            cx = keys(columns)
            options = {"values": df.pay, "aggfunc": aggs(2, 3)}
        if kind < 0.67:
            options.update(margins=margins, margins_name=name)
            shown = {k: "pay" if k == "values" else v for k, v in options.items()}
            text = f"crosstab {index} x {columns} {shown}"
            noted(acro, text, acro.crosstab, ix, cx, **options)
            continue
        # pivot tables: lists, margins_name, fill_value, sort, observed
        options = {"index": index if len(index) > 1 else index[0],
                   "columns": None if rng.random() < 0.2 else columns[:2], "values": "pay",
                   "aggfunc": aggs(2, 4) if rng.random() < 0.6 else pick(AGGFUNCS[:-1]),
                   "margins": margins, "margins_name": name,
                   "fill_value": 0 if rng.random() < 0.25 else None,
                   "sort": bool(rng.random() < 0.8), "observed": False}
        noted(acro, "pivot_table " + ", ".join(f"{k}={v}" for k, v in options.items()),
              acro.pivot_table, df, **options)
    models(acro, df, rng)
    for output in ("table", "plot"):
        if rng.random() < (0.6 if output == "table" else 0.3):
            data = df.head(int(rng.integers(6, 40))) if rng.random() < 0.5 else df
            noted(acro, f"surv_func {output} on {len(data)} records",
                  acro.surv_func, data.time, data.died, output=output, filename="km.png")
    if rng.random() < 0.4:
        data = df.head(int(rng.integers(20, 120))).dropna(subset=["pay"]).copy()
        by, bins = "sex" if rng.random() < 0.4 else None, int(rng.integers(5, 20))
        noted(acro, f"hist pay of {len(data)} records, by_val={by}, bins={bins}",
              acro.hist, data, "pay", by_val=by, bins=bins, filename="pay.png")
    if rng.random() < 0.4:
        column = pick(["area", "eth"])
        noted(acro, f"pie {column}", acro.pie, df, column, filename="pie.png")


def models(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """Each of ACRO's six regressions at most once, on a handful of records or on all."""
    import statsmodels.api as sm

    formulas = {"olsr": ["pay ~ age + C(area)", "pay ~ age * C(sex)", "pay ~ C(eth)"],
                "logitr": ["died ~ age + C(sex)", "died ~ C(area)", "died ~ age + smoker"],
                "probitr": ["died ~ C(area)", "died ~ age + C(grp)"]}
    for name in ("ols", "olsr", "logit", "logitr", "probit", "probitr"):
        if rng.random() < 0.5:
            continue
        data = df.dropna(subset=["pay"])
        if rng.random() < 0.7:
            data = data.head(int(rng.integers(5, 41)))
        if name.endswith("r"):
            options = formulas[name]
            formula = options[int(rng.integers(len(options)))]
            noted(acro, f"{name} {formula} on {len(data)} records",
                  getattr(acro, name), formula=formula, data=data)
        else:
            x = sm.add_constant(data[["age", "weight"]].astype(float))
            y = data.pay if name == "ols" else data.died
            noted(acro, f"{name} on age, weight, {len(data)} records",
                  getattr(acro, name), y, x)


def write_plain(acro: Any, plain: Path) -> None:
    """Each table ACRO made, saved as a researcher saves it without ACRO."""
    plain.mkdir(parents=True)
    for uid, table in tables_of(acro):
        table.to_csv(plain / f"{uid}.csv")
        table.to_excel(plain / f"{uid}.xlsx")
        table.round(1).to_csv(plain / f"{uid}-r1.csv")
        table.to_excel(plain / f"{uid}-flat.xlsx", merge_cells=False)


def write(root: Path, variant: str, seed: int) -> None:
    from acro import ACRO

    target, plain = root / f"s32-{variant}-{seed}", root / f"s32-{variant}-{seed}-plain"
    rng = np.random.default_rng(seed)
    CALLS.clear()

    def run(acro: Any) -> None:
        session(NoPictures(acro) if variant == "xlsx" else acro, microdata(rng), rng)
        write_plain(acro, plain)

    write_sweep(target, "xlsx" if variant == "xlsx" else "json",
                lambda: ACRO(suppress=variant == "suppress"), run,
                after=lambda t: Path(f"{t}.calls.json").write_text(
                    json.dumps(CALLS, indent=1), encoding="utf-8"))


if __name__ == "__main__":
    sys.exit(main(sys.argv, __doc__, write, VARIANTS))
