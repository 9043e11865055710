"""Round 52's ACRO 1.0.2 sessions: options no sweep drew before (run under ACRO's own
interpreter; never imports sdc).

    python acro_sweep52.py ROOT VARIANT SEED...

VARIANT ``options``: ``ACRO()``, finalised to JSON (ROOT/s52-SEED, as ``acro_sweep51.py``'s
``json``), each table saved alone eight ways (ROOT/s52-SEED-plain). Drawn: ``crosstab`` of
counts with ``margins=True`` and ``normalize`` (``all``/``index``/``columns``/``True``),
``rownames``/``colnames`` given, margins under pandas' name or a name of the table's own;
``crosstab`` of one statistic or a list of two to four (``max``/``min`` among them) with
margins under a name of its own; ``pivot_table`` of a list of statistics with margins,
``fill_value`` and ``dropna=False``; a ``hist`` with bins as a number or as edges, with a
``range``; a ``surv_func`` table and plot. ``own``: as ``options``, with every margin named
``Everyone`` and crosstabs of ``max``/``min``/``mode`` of whole numbers only.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from acro_sweep32 import CALLS, noted
from acro_sweep34 import _written
from acro_sweep51 import people, write_plain
from acro_sweeps import main  # beside this script

VARIANTS = ("options", "own")
PREFIX = {"options": "s52", "own": "s52o"}
STATS = ["count", "sum", "mean", "median", "std", "min", "max"]


def tables(acro: Any, df: pd.DataFrame, rng: np.random.Generator, own: bool) -> None:
    """Twelve tables of the options above."""

    def pick(options: list[Any]) -> Any:
        return options[int(rng.integers(len(options)))]

    rows = [["area"], ["eth"], ["area", "sex"], ["area", "smoker", "sex"], ["eth", "grp"]]
    cols = [["died"], ["sex"], ["year"], ["grp", "died"]]
    for _ in range(12):
        index = pick(rows)
        columns = [c for c in pick(cols) if c not in index] or ["died"]
        name = "Everyone" if own else pick(["All", "Everyone", "Total", "All groups"])
        kind = rng.random()
        if not own and kind < 0.3:  # counts, margins and normalize
            options: dict[str, Any] = {
                "margins": True, "margins_name": name,
                "normalize": pick(["all", "index", "columns", True])}
            if rng.random() < 0.5:
                options["rownames"] = [f"r_{c}" for c in index]
                options["colnames"] = [f"c_{c}" for c in columns]
            noted(acro, f"crosstab {index} x {columns} {options}", acro.crosstab,
                  [df[c] for c in index], [df[c] for c in columns], **options)
            continue
        values = pick(["profit", "benefit", "pay"])
        if own or kind < 0.6:  # one statistic or a list, margins of the table's own name
            stat: Any = pick(["max", "min", "mode"]) if own else (
                pick(STATS) if rng.random() < 0.5 else
                [str(a) for a in rng.choice(STATS, int(rng.integers(2, 5)), replace=False)])
            columns = columns[:1]
            options = {"values": df[values], "aggfunc": stat,
                       "margins": bool(own or rng.random() < 0.8), "margins_name": name}
            shown = {k: values if k == "values" else v for k, v in options.items()}
            noted(acro, f"crosstab {index} x {columns} {shown}", acro.crosstab,
                  [df[c] for c in index], [df[c] for c in columns], **options)
            continue
        stats = [str(a) for a in rng.choice(STATS, int(rng.integers(2, 5)), replace=False)]
        pivot = {"index": index if len(index) > 1 else index[0], "columns": columns[0],
                 "values": values, "aggfunc": stats, "margins": True, "margins_name": name,
                 "dropna": False, "fill_value": pick([None, 0])}
        noted(acro, "pivot_table " + ", ".join(f"{k}={v}" for k, v in pivot.items()),
              acro.pivot_table, df, **pivot)


def pictures(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """A histogram (bins as a number or as edges, a range) and a survival table and plot."""
    data = (df if rng.random() < 0.5 else df.head(int(rng.integers(8, 80)))).dropna(
        subset=["profit"])
    low, high = float(data.profit.min()), float(data.profit.max())
    if rng.random() < 0.5:
        bins: Any = [float(x) for x in np.linspace(low, high, int(rng.integers(3, 12)))]
        noted(acro, f"hist profit of {len(data)} records, bins=edges {len(bins)}", acro.hist,
              data, "profit", bins=bins, filename="hist.png")
    else:
        bins = int(rng.integers(3, 40))
        noted(acro, f"hist profit of {len(data)} records, bins={bins}, range", acro.hist,
              data, "profit", bins=bins, range=(low, (low + high) / 2), filename="hist.png")
    data = df if rng.random() < 0.5 else df.head(int(rng.integers(5, 60)))
    noted(acro, f"surv_func table on {len(data)} records", acro.surv_func, data.time,
          data.died, output="table")
    noted(acro, f"surv_func plot on {len(data)} records", acro.surv_func, data.time,
          data.died, output="plot", filename="km.png")


def write(root: Path, variant: str, seed: int) -> None:
    from acro import ACRO

    target, rng = root / f"{PREFIX[variant]}-{seed}", np.random.default_rng(seed)
    CALLS.clear()

    def draw(acro: Any) -> None:
        df = people(rng)
        if variant == "own":
            for c in ("profit", "benefit", "pay"):
                df[c] = df[c].round(0)
        tables(acro, df, rng, variant == "own")
        if variant == "options":
            pictures(acro, df, rng)

    _written(target, ACRO, draw, write_plain)


if __name__ == "__main__":
    sys.exit(main(sys.argv, __doc__, write, VARIANTS))
