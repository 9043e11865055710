"""A randomized ACRO 1.0.2 session, seeded: random microdata and a random choice of analyses,
finalised like ``acro_session.py`` (run under ACRO's own interpreter; never imports sdc).

    python acro_sweep.py ROOT json|xlsx SEED...

writes ROOT/sweep-SEED-EXT for each seed (``empty``, ``empty-suppress``: the fixed session
:func:`empty_group`, without and with ACRO's suppression).

Where ``acro_session.py`` is one fixed session, each seed here draws its own shape: how many
records, how rare the rare category is, whether a cell is dominated, whether some values are
negative, which aggfuncs (one or a list), margins on or off, one or two index levels, crosstab
or pivot_table, and a few models, survival tables and a histogram. ``FOLDER.expected.json`` is
written as ``acro_session.py`` writes it: each output's status and each flagged cell's reference.
"""

from __future__ import annotations

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
    n = int(rng.integers(60, 400))
    rare = float(rng.uniform(0.01, 0.08))
    df = pd.DataFrame({
        "area": rng.choice(["A1", "B2", "C3", "Dx"], n, p=[0.4, 0.3, 0.3 - rare, rare]),
        "sex": rng.choice(["F", "M"], n),
        "band": rng.choice(["young", "old"], n, p=[0.8, 0.2]),
        "pay": rng.lognormal(9, float(rng.uniform(0.2, 1.2)), n).round(0),
        "age": rng.integers(18, 90, n),
        "time": rng.integers(1, 40, n),
        "died": (rng.random(n) < 0.3).astype(int),
    })
    if rng.random() < 0.5:  # one record dominates a cell
        cell = df.index[(df.area == "B2") & (df.sex == "M")]
        if len(cell):
            df.loc[cell[0], "pay"] = float(df.loc[cell, "pay"].sum() * rng.uniform(2, 40))
    if rng.random() < 0.3:  # an empty group: pandas leaves its cells blank, or 0 in a crosstab
        df = df[~((df.area == "C3") & (df.band == "old") & (df.sex == "F"))]
    if rng.random() < 0.3:  # losses: negative values
        df.loc[df.index[:3], "pay"] *= -1
    return df


def session(acro: Any, df: pd.DataFrame, rng: np.random.Generator, charts: bool) -> None:
    import statsmodels.api as sm

    def pick_agg() -> str | list[str]:
        if rng.random() < 0.3:
            k = int(rng.integers(2, 4))
            # ACRO 1.0.2 maps a lone "mode" to its own function; in a list pandas raises
            return [str(a) for a in rng.choice(AGGFUNCS[:-1], k, replace=False)]
        return str(rng.choice(AGGFUNCS))

    for _ in range(int(rng.integers(6, 12))):
        margins = bool(rng.random() < 0.5)
        two = bool(rng.random() < 0.35)
        agg = pick_agg()
        index = [df.area, df.band] if two else df.area
        if rng.random() < 0.6:
            if agg == "count" and rng.random() < 0.5:
                acro.crosstab(index, df.sex, margins=margins)
            else:
                acro.crosstab(index, df.sex, values=df.pay, aggfunc=agg, margins=margins)
        else:  # ACRO 1.0.2's pivot_table raises on "mode"
            agg = "median" if agg == "mode" else agg
            idx = ["area", "band"] if two else "area"
            cols = None if rng.random() < 0.4 else "sex"
            acro.pivot_table(df, index=idx, columns=cols, values="pay", aggfunc=agg,
                             margins=margins and cols is not None)
    small = df.head(int(rng.integers(8, 40)))
    for model in rng.choice(["ols", "logit", "probit"], int(rng.integers(1, 3)), replace=False):
        data = small if rng.random() < 0.5 else df
        x = sm.add_constant(data[["age"]])
        y = data.pay if model == "ols" else data.died
        getattr(acro, str(model))(y, x)
    if rng.random() < 0.5:
        data = small if rng.random() < 0.5 else df
        acro.surv_func(data.time, data.died, output="table")
    if charts and rng.random() < 0.5:
        acro.hist(df, "pay", filename="pay.png")


def empty_group(acro: Any) -> None:
    """A count pivot table with one empty group (B, M), every other cell large: pandas leaves
    the empty group's cell blank where a crosstab writes 0; and a std and count crosstab."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"area": rng.choice(["A", "B"], 400), "sex": rng.choice(["F", "M"], 400),
                       "pay": rng.lognormal(9, 0.3, 400).round(0)})
    df = df[~((df.area == "B") & (df.sex == "M"))]
    acro.pivot_table(df, index="area", columns="sex", values="pay", aggfunc="count")
    # a std on 3 records, then counts: ACRO glues "FrequencyTable : " to its dof line
    few = pd.concat([df[df.area == "A"].head(30), df[df.area == "B"].head(3)])
    acro.crosstab(few.area, few.sex, values=few.pay, aggfunc=["std", "count"])
    # the empty group's count among other statistics (a list of aggfuncs: a sum first)
    acro.pivot_table(df, index="area", columns="sex", values="pay", aggfunc=["sum", "count"])


def write(target: Path, seed: int | None, ext: str, suppress: bool = False) -> None:
    """One seeded session (None: :func:`empty_group`) finalised to ``target``, and
    ``target.expected.json`` beside it."""
    from acro import ACRO

    shutil.rmtree(target, ignore_errors=True)
    rng = np.random.default_rng(seed)

    def run(acro: Any) -> None:
        if seed is None:
            empty_group(acro)
        else:
            session(acro, microdata(rng), rng, charts=ext == "json")

    write_session(target, ext, lambda: ACRO(suppress=suppress), run)


def main(argv: list[str]) -> int:
    if len(argv) < 4 or argv[2] not in ("json", "xlsx") or not all(
            a.isdigit() or a in ("empty", "empty-suppress") for a in argv[3:]):
        print(__doc__, file=sys.stderr)
        return 2
    logging.disable(logging.CRITICAL)
    root, ext = Path(argv[1]).resolve(), argv[2]
    for seed in argv[3:]:  # one interpreter for every session: importing ACRO is the slow part
        target = root / f"sweep-{seed}-{ext}"
        if seed.startswith("empty"):
            write(target, None, ext, suppress=seed == "empty-suppress")
        else:
            write(target, int(seed), ext)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
