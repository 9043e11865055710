"""Round 53's ACRO 1.0.2 sessions: round 52's options made while ACRO's suppression is on (run
under ACRO's own interpreter; never imports sdc).

    python acro_sweep53.py ROOT VARIANT SEED...

VARIANT ``suppress``: ``ACRO(suppress=True)`` (ACRO blanks each cell it fails and marks the
table ``review``), finalised to JSON (ROOT/s53s-SEED), each table saved alone eight ways
(ROOT/s53s-SEED-plain: the blanks written empty, as pandas writes ``NaN``). ``json``: the same
calls under ``ACRO()`` (ROOT/s53-SEED). Drawn in every session: ``crosstab`` of ``values=``
with an ``aggfunc`` list (several statistics at once, margins under pandas' name or one of the
table's own), ``crosstab`` of counts with ``margins=True`` and ``normalize=``, ``pivot_table``
over three index levels and over two with no column; then round 52's twelve random tables
(``acro_sweep52.tables``), its ``hist`` and its ``surv_func`` table and plot.
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
from acro_sweep52 import pictures, tables
from acro_sweeps import main  # beside this script

VARIANTS = ("json", "suppress")
PREFIX = {"json": "s53", "suppress": "s53s"}


def fixed(acro: Any, df: pd.DataFrame, rng: np.random.Generator, prefix: str) -> None:
    """The options every session draws (their statistics and names picked by the seed)."""

    def pick(options: list[Any]) -> Any:
        return options[int(rng.integers(len(options)))]

    stats = [str(a) for a in rng.choice(["mean", "std", "count", "sum", "median", "max"],
                                        int(rng.integers(2, 4)), replace=False)]
    name = pick(["All", "Total", "Everyone"])
    noted(acro, f"{prefix}crosstab ['area', 'sex'] x ['died'] values=pay aggfunc={stats} "
          f"margins_name={name}", acro.crosstab, [df.area, df.sex], df.died, values=df.pay,
          aggfunc=stats, margins=True, margins_name=name)
    noted(acro, f"{prefix}crosstab ['eth'] x ['grp'] values=benefit aggfunc=['max', 'sum']",
          acro.crosstab, df.eth, df.grp, values=df.benefit, aggfunc=["max", "sum"],
          margins=True)
    normalize = pick(["all", "index", "columns", True])
    noted(acro, f"{prefix}crosstab ['area'] x ['sex', 'died'] margins normalize={normalize}",
          acro.crosstab, df.area, [df.sex, df.died], margins=True, normalize=normalize)
    noted(acro, f"{prefix}pivot_table index=['area', 'smoker', 'sex'] columns=died "
          "values=pay aggfunc=['mean', 'count'] margins", acro.pivot_table, df,
          index=["area", "smoker", "sex"], columns="died", values="pay",
          aggfunc=["mean", "count"], margins=True)
    noted(acro, f"{prefix}pivot_table index=['eth', 'grp'] values=profit "
          "aggfunc=['median', 'sum', 'max']", acro.pivot_table, df, index=["eth", "grp"],
          values="profit", aggfunc=["median", "sum", "max"])


def write(root: Path, variant: str, seed: int) -> None:
    from acro import ACRO

    target, rng = root / f"{PREFIX[variant]}-{seed}", np.random.default_rng(seed)
    prefix = "[suppress] " if variant == "suppress" else ""
    CALLS.clear()

    def draw(acro: Any) -> None:
        df = people(rng)
        fixed(acro, df, rng, prefix)
        tables(acro, df, rng, False)
        pictures(acro, df, rng)
        for uid, text in CALLS.items():
            if not text.startswith(prefix):
                CALLS[uid] = prefix + text

    _written(target, lambda: ACRO(suppress=variant == "suppress"), draw, write_plain)


if __name__ == "__main__":
    sys.exit(main(sys.argv, __doc__, write, VARIANTS))
