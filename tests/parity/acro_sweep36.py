"""Round 36's ACRO 1.0.2 sessions: shapes no earlier sweep drew, and tables the researcher
edited after ACRO (run under ACRO's own interpreter; never imports sdc).

    python acro_sweep36.py ROOT SEED...

Each seed's session is finalised to JSON (ROOT/s36-SEED, its ``.expected.json`` with each
flagged cell's place, ACRO's outcome read by the cells' labels, ``.calls.json``), as
``acro_sweep34.py`` writes round 34's. The draws: ``pivot_table`` with five to seven aggfuncs
at once (mean, std, count, sum, min, max, median), some over two column variables (four
header lines); ``crosstab`` of a magnitude (``values=``, ``aggfunc=``) with ``normalize=``;
margins named other than ACRO's and earlier sweeps' (``Grand total``, ``Sum``, ``Any``); the
three regressions on one to four records more than their parameters; ``hist`` and
``surv_func`` tables. Each table is saved alone two ways only (ROOT/s36-SEED-plain:
``to_csv``, ``to_excel``: MultiIndex columns as several header lines), and once more as the
researcher edited it after ACRO (ROOT/s36-SEED-edited/UID.csv): its statistics' names
renamed (``mean`` -> ``Mean``), or its last column dropped, or its numbers rounded to one
decimal; where each flagged cell went is noted as style ``edited`` (a flag in a dropped column
is left out and its entry marked ``dropped``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from acro_session import _header_lines, _ref
from acro_sweep32 import CALLS, microdata, noted
from acro_sweep33 import _grid_csv, cell_refs
from acro_sweep34 import _written
from acro_sweeps import main, tables_of  # beside this script: its sys.path[0]

NAMES = ["Grand total", "Sum", "Any"]
MANY = ["mean", "std", "count", "sum", "min", "max", "median"]
RENAMED = {"mean": "Mean", "std": "SD", "count": "N", "sum": "Total pay", "min": "Lowest",
           "max": "Highest", "median": "Median"}


def tables(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """Eight to fourteen tables of the shapes above."""

    def pick(options: list[Any]) -> Any:
        return options[int(rng.integers(len(options)))]

    def keys(names: list[str]) -> Any:
        return [df[c] for c in names] if len(names) > 1 else df[names[0]]

    rows = [["area"], ["eth"], ["year"], ["area", "sex"], ["eth", "grp"]]
    for _ in range(int(rng.integers(8, 15))):
        index = pick(rows)
        margins, name = bool(rng.random() < 0.7), pick(NAMES)
        if rng.random() < 0.6:  # pivot tables of many statistics at once
            columns = pick([None, ["died"], ["smoker"], ["sex", "grp"]])
            if columns and set(columns) & set(index):
                columns = ["died"]
            many = int(rng.integers(5, 8)) if not columns or len(columns) == 1 else 3
            pivot = {"index": index if len(index) > 1 else index[0], "columns": columns,
                     "values": pick(["pay", "pay", "weight"]),
                     "aggfunc": [str(a) for a in rng.choice(MANY, many, replace=False)],
                     "margins": margins, "margins_name": name}
            noted(acro, "pivot_table " + ", ".join(f"{k}={v}" for k, v in pivot.items()),
                  acro.pivot_table, df, **pivot)
            continue
        columns = pick([["sex"], ["died"], ["grp"]])
        columns = [c for c in columns if c not in index] or ["died"]
        options = {"values": df.pay, "aggfunc": pick(["sum", "mean", "count"]),
                   "normalize": pick(["index", "columns", "all"]), "margins": margins,
                   "margins_name": name}
        shown = {k: "pay" if k == "values" else v for k, v in options.items()}
        noted(acro, f"crosstab {index} x {columns} {shown}", acro.crosstab, keys(index),
              keys(columns), **options)


def models(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """ols, logit and probit on one to four records more than their three parameters, or
    (one time in four) on all."""
    import statsmodels.api as sm

    data = df.dropna(subset=["pay"]).sample(frac=1.0, random_state=int(rng.integers(1 << 30)))
    for name in ("ols", "logit", "probit"):
        rows = data if rng.random() < 0.25 else data.head(3 + int(rng.integers(1, 5)))
        x = sm.add_constant(rows[["age", "weight"]].astype(float), has_constant="add")
        noted(acro, f"{name} on age, weight, {len(rows)} records", getattr(acro, name),
              rows.pay if name == "ols" else rows.died, x)


def pictures(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """A histogram and a survival table, on a handful of records or on all."""
    data = (df if rng.random() < 0.4 else df.head(int(rng.integers(8, 80)))).dropna(
        subset=["pay"])
    bins = int(rng.integers(4, 25))
    noted(acro, f"hist pay of {len(data)} records, bins={bins}", acro.hist, data, "pay",
          bins=bins, filename="hist.png")
    data = df if rng.random() < 0.3 else df.head(int(rng.integers(5, 60)))
    noted(acro, f"surv_func table on {len(data)} records", acro.surv_func, data.time,
          data.died, output="table")


def edited(table: pd.DataFrame, how: str) -> tuple[pd.DataFrame, int | None]:
    """The table as the researcher edited it (``rename``, ``drop``, ``round``) and the column
    dropped (None: none)."""
    if how == "rename":
        def name(label: Any) -> Any:
            if isinstance(label, tuple):
                return (RENAMED.get(str(label[0]), label[0]), *label[1:])
            return RENAMED.get(str(label), label)
        out = table.copy()
        out.columns = pd.Index([name(c) for c in table.columns], tupleize_cols=True)
        if isinstance(table.columns, pd.MultiIndex):
            out.columns = pd.MultiIndex.from_tuples(list(out.columns),
                                                    names=table.columns.names)
        return out, None
    if how == "drop" and table.shape[1] > 1:
        return table.iloc[:, :-1], table.shape[1] - 1
    numbers = table.select_dtypes("number")
    out = table.copy()
    out[numbers.columns] = numbers.round(1)
    return out, None


def write_edited(table: pd.DataFrame, folder: Path, uid: str, how: str) -> dict[str, Any]:
    """The edited table saved ``to_csv``; each ``to_csv`` reference of the table -> its
    reference in the edited file (a dropped column's cells have none)."""
    out, dropped = edited(table, how)
    out.to_csv(folder / f"{uid}.csv")
    top, left = _header_lines(table), table.index.nlevels
    refs = {}
    for r in range(table.shape[0]):
        for c in range(table.shape[1]):
            if c != dropped:
                refs[_ref(top + r + 1, left + c + 1)] = _ref(
                    _header_lines(out) + r + 1, left + c + 1)
    return {"refs": refs, "how": how, "dropped": dropped is not None}


def write_plain(acro: Any, plain: Path, target: Path, rng: np.random.Generator
                ) -> dict[str, Any]:
    """Each table alone as ``to_csv`` and ``to_excel``, and edited; where each cell went."""
    plain.mkdir(parents=True)
    edits = Path(f"{target}-edited")
    edits.mkdir()
    where: dict[str, Any] = {}
    for uid, table in tables_of(acro):
        table.to_csv(plain / f"{uid}.csv")
        table.to_excel(plain / f"{uid}.xlsx")
        top, left = _header_lines(table), table.index.nlevels
        csv = cell_refs(table, _grid_csv(plain / f"{uid}.csv"), top, left, top, left)
        edit = write_edited(table, edits, uid, str(rng.choice(["rename", "drop", "round"])))
        where[uid] = {"styles": {"csv": csv, "edited": edit["refs"]},
                      "edit": {"how": edit["how"], "dropped": edit["dropped"]}}
    return where


def write(root: Path, seed: int) -> None:
    from acro import ACRO

    target, rng = root / f"s36-{seed}", np.random.default_rng(seed)
    CALLS.clear()
    shutil.rmtree(f"{target}-edited", ignore_errors=True)
    where: dict[str, Any] = {}

    def draw(acro: Any) -> None:
        df = microdata(rng)
        tables(acro, df, rng)
        models(acro, df, rng)
        pictures(acro, df, rng)

    def plain(acro: Any, folder: Path) -> dict[str, Any]:
        where.update(write_plain(acro, folder, target, rng))
        return where

    _written(target, ACRO, draw, plain)
    # the edit of each table beside its record (``_written`` keeps the styles only)
    import json
    stem = Path(f"{target}.expected.json")
    expected = json.loads(stem.read_text(encoding="utf-8"))
    for uid, entry in expected.items():
        if uid in where:
            entry["edit"] = where[uid]["edit"]
    stem.write_text(json.dumps(expected, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv, __doc__, write))
