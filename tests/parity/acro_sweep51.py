"""Round 51's ACRO 1.0.2 sessions: magnitudes of either sign and mostly zero, missing keys kept
or dropped, four-variable tables, and every way pandas saves a table with and without its index
(run under ACRO's own interpreter; never imports sdc).

    python acro_sweep51.py ROOT VARIANT SEED...

VARIANT ``json``: ``ACRO()``; ``suppress``: ``ACRO(suppress=True)`` (ACRO blanks the cells it
fails and marks the table ``review``); ``xlsx``: ``ACRO()`` finalised to its workbook
(ROOT/s51x-SEED/results.xlsx, flagged cells moved to where the workbook has them by
``acro_session.in_workbook``; no picture, no tables alone); ``extremes``: as ``json``, but
twelve crosstabs of one statistic no file alone names (``min``, ``max``, ``median``,
``mode``, ``std``, ``mean``) with margins named ``All`` or otherwise, and nothing else. Each
other session is finalised
to JSON (ROOT/s51-SEED or ROOT/s51s-SEED, its ``.expected.json`` with each flagged cell's place in
each style, ACRO's outcome read by the cells' labels, ``.calls.json``), as
``acro_sweep34.py`` writes round 34's. The draws: round 32's people with a ``profit`` of
either sign (whole groups in loss), a ``benefit`` that is zero for most people, and missing
ethnic groups; ``crosstab`` of counts over four variables (``dropna`` both ways), of one
statistic (``mode`` too) or a list of two to four of profit or benefit, with margins under
names of its own; ``pivot_table`` of profit or benefit, one to four statistics, index of two
or three variables and one or two column variables; one regression of each kind
(``ols``/``olsr``/``logit``/``logitr``/``probit``/``probitr``) on a handful of records or on
all, a ``hist`` and a ``surv_func`` table. Each table is saved alone eight ways
(ROOT/PREFIX-SEED-plain: ``to_csv`` with and without its index, ``to_excel`` with and
without (pandas refuses the latter for MultiIndex columns: no file), ``to_markdown`` and
``to_html`` with and without); where each flagged cell went is noted per style.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from acro_session import _header_lines
from acro_sweep27 import AGGFUNCS
from acro_sweep32 import CALLS, microdata, noted
from acro_sweep33 import _grid_html, _grid_md, cell_refs, located
from acro_sweep34 import _written
from acro_sweeps import NoPictures, main, tables_of, write_sweep  # beside this script

VARIANTS = ("json", "suppress", "xlsx", "extremes")
PREFIX = {"json": "s51", "suppress": "s51s", "xlsx": "s51x", "extremes": "s51e"}
ONE = ["min", "max", "median", "mode", "std", "mean"]  # one statistic nothing in the file names
NAMES = ["Total", "Everyone", "All groups"]
MAGNITUDES = ["profit", "benefit", "pay"]


def people(rng: np.random.Generator) -> pd.DataFrame:
    """Round 32's people with a profit of either sign (one area in loss), a benefit most
    people have none of, and (sometimes) missing ethnic groups."""
    df = microdata(rng)
    n = len(df)
    df["profit"] = rng.normal(0, float(rng.uniform(500, 20000)), n).round(0)
    if rng.random() < 0.5:  # a whole area in loss, one record dominating it
        loss = df.index[df.area == "East"]
        df.loc[loss, "profit"] = -df.loc[loss, "profit"].abs()
        if len(loss):
            df.loc[loss[0], "profit"] = float(df.loc[loss, "profit"].sum() * 5)
    benefit = rng.lognormal(7, 1, n).round(0)
    df["benefit"] = np.where(rng.random(n) < float(rng.uniform(0.5, 0.9)), 0.0, benefit)
    if rng.random() < 0.4:
        df.loc[df.index[rng.random(n) < 0.05], "eth"] = np.nan
    return df


def tables(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """Ten to sixteen tables of the shapes above."""

    def pick(options: list[Any]) -> Any:
        return options[int(rng.integers(len(options)))]

    def keys(names: list[str]) -> Any:
        return [df[c] for c in names] if len(names) > 1 else df[names[0]]

    rows = [["area", "sex"], ["eth", "grp"], ["area", "band", "grp"], ["year", "eth"],
            ["area", "smoker", "sex"], ["eth"], ["area"]]
    cols = [["died"], ["sex"], ["smoker", "died"], ["grp", "died"], ["year"]]
    for _ in range(int(rng.integers(10, 17))):
        index = pick(rows)
        columns = [c for c in pick(cols) if c not in index] or ["died"]
        margins, name = bool(rng.random() < 0.7), pick(NAMES)
        values = pick(MAGNITUDES)
        kind = rng.random()
        if kind < 0.25:  # counts over three or four variables, missing keys kept or dropped
            options: dict[str, Any] = {"dropna": bool(rng.random() < 0.5)}
        elif kind < 0.45:  # one statistic, mode too
            options = {"values": df[values], "aggfunc": pick(AGGFUNCS)}
        elif kind < 0.6:  # a list of statistics (pandas raises on mode in a list)
            columns = columns[:1]
            k = int(rng.integers(2, 5))
            options = {"values": df[values], "aggfunc": [
                str(a) for a in rng.choice(AGGFUNCS[:-1], k, replace=False)]}
        if kind < 0.6:
            options.update(margins=margins, margins_name=name)
            shown = {k: values if k == "values" else v for k, v in options.items()}
            noted(acro, f"crosstab {index} x {columns} {shown}", acro.crosstab, keys(index),
                  keys(columns), **options)
            continue
        stats = [str(a) for a in rng.choice(AGGFUNCS[:-1], int(rng.integers(1, 5)),
                                             replace=False)]
        pivot = {"index": index if len(index) > 1 else index[0],
                 "columns": columns if rng.random() < 0.8 else None, "values": values,
                 "aggfunc": stats if len(stats) > 1 else stats[0], "margins": margins,
                 "margins_name": name}
        noted(acro, "pivot_table " + ", ".join(f"{k}={v}" for k, v in pivot.items()),
              acro.pivot_table, df, **pivot)


def extremes(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """Twelve crosstabs of one statistic (``ONE``) that a table saved alone does not name,
    over codes (``died``, ``year``) or words (``sex``), margins under pandas' name or others."""

    def pick(options: list[Any]) -> Any:
        return options[int(rng.integers(len(options)))]

    rows = [["area"], ["eth"], ["area", "sex"], ["area", "smoker", "sex"], ["eth", "grp"]]
    for _ in range(12):
        index = pick(rows)
        columns = [c for c in pick([["died"], ["year"], ["sex"], ["grp", "died"]])
                   if c not in index] or ["died"]
        values, stat = pick(MAGNITUDES), pick(ONE)
        options = {"values": df[values], "aggfunc": stat, "margins": bool(rng.random() < 0.8),
                   "margins_name": pick([*NAMES, "All"])}
        shown = {k: values if k == "values" else v for k, v in options.items()}
        noted(acro, f"crosstab {index} x {columns} {shown}", acro.crosstab,
              [df[c] for c in index], [df[c] for c in columns], **options)


def models(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """One regression of each kind, array and formula forms, on a handful of records (one to
    four more than their parameters) or on all."""
    import statsmodels.api as sm

    data = df.dropna(subset=["profit"]).sample(frac=1.0, random_state=int(rng.integers(1 << 30)))
    for name in ("ols", "logit", "probit"):
        rows = data if rng.random() < 0.4 else data.head(3 + int(rng.integers(1, 5)))
        x = sm.add_constant(rows[["age", "weight"]].astype(float), has_constant="add")
        noted(acro, f"{name} on age, weight, {len(rows)} records", getattr(acro, name),
              rows.profit if name == "ols" else rows.died, x)
        rows = data if rng.random() < 0.4 else data.head(3 + int(rng.integers(1, 5)))
        formula = f"{'profit' if name == 'ols' else 'died'} ~ age + weight"
        noted(acro, f"{name}r {formula}, {len(rows)} records", getattr(acro, f"{name}r"),
              formula, data=rows.reset_index(drop=True))


def pictures(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """A histogram of profit and a survival table, on a handful of records or on all."""
    data = (df if rng.random() < 0.4 else df.head(int(rng.integers(8, 80)))).dropna(
        subset=["profit"])
    bins = int(rng.integers(4, 25))
    noted(acro, f"hist profit of {len(data)} records, bins={bins}", acro.hist, data, "profit",
          bins=bins, filename="hist.png")
    data = df if rng.random() < 0.3 else df.head(int(rng.integers(5, 60)))
    noted(acro, f"surv_func table on {len(data)} records", acro.surv_func, data.time,
          data.died, output="table")


def _grid_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True).worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def write_plain(acro: Any, plain: Path) -> dict[str, Any]:
    """Each table saved eight ways alone; where each style put each flagged cell (``csv``
    layout's reference -> the style's)."""
    plain.mkdir(parents=True)
    where: dict[str, Any] = {}
    for uid, table in tables_of(acro):
        table.to_csv(plain / f"{uid}.csv")
        table.to_csv(plain / f"{uid}-noindex.csv", index=False)
        table.to_excel(plain / f"{uid}.xlsx")
        (plain / f"{uid}.md").write_text(table.to_markdown(), encoding="utf-8")
        (plain / f"{uid}-noindex.md").write_text(table.to_markdown(index=False),
                                                 encoding="utf-8")
        (plain / f"{uid}.html").write_text(table.to_html(), encoding="utf-8")
        (plain / f"{uid}-noindex.html").write_text(table.to_html(index=False), encoding="utf-8")
        styles = located(table, plain, uid)
        top, left = _header_lines(table), table.index.nlevels
        levels = table.columns.nlevels
        styles["md-noindex"] = cell_refs(table, _grid_md(plain / f"{uid}-noindex.md"), 1, 0,
                                         top, left)
        # pandas keeps an empty label column under a named column axis: either layout
        grid = _grid_html(plain / f"{uid}-noindex.html")
        styles["html-noindex"] = max((cell_refs(table, grid, levels, gap, top, left)
                                      for gap in (0, 1)), key=len)
        if levels == 1:
            table.to_excel(plain / f"{uid}-noindex.xlsx", index=False)
            styles["xlsx-noindex"] = cell_refs(
                table, _grid_xlsx(plain / f"{uid}-noindex.xlsx"), 1, 0, top, left)
        where[uid] = {"styles": styles}
    return where


def write(root: Path, variant: str, seed: int) -> None:
    from acro import ACRO

    target, rng = root / f"{PREFIX[variant]}-{seed}", np.random.default_rng(seed)
    CALLS.clear()

    def draw(acro: Any) -> None:
        df = people(rng)
        if variant == "extremes":
            extremes(acro, df, rng)
            return
        tables(acro, df, rng)
        models(acro, df, rng)
        pictures(acro, df, rng)

    if variant != "xlsx":
        _written(target, lambda: ACRO(suppress=variant == "suppress"), draw, write_plain)
        return
    # ACRO's workbook: its pictures left out (ACRO 1.0.2 cannot put them in a workbook)
    write_sweep(target, "xlsx", ACRO, lambda acro: draw(NoPictures(acro)),
                after=lambda t: Path(f"{t}.calls.json").write_text(
                    json.dumps(CALLS, indent=1), encoding="utf-8"))


if __name__ == "__main__":
    sys.exit(main(sys.argv, __doc__, write, VARIANTS))
