"""Round 29's ACRO 1.0.2 sessions: the round-27 random session under ACRO's other finalisations
and mitigations, plus calls that session does not make (run under ACRO's own interpreter;
never imports sdc).

    python acro_sweep29.py ROOT VARIANT SEED...

VARIANT is ``json`` (finalised to JSON), ``xlsx`` (finalised to one ``results.xlsx``; no
pictures: ACRO 1.0.2's workbook finalisation raises on them), ``suppress``
(``ACRO(suppress=True)``: flagged cells blanked) or ``round`` (``ACRO(mitigation="round")``).
Each session is ``acro_sweep27.session`` followed by ``extra``: numbers as row labels (an age
band of whole years, a 0/1 outcome), ``margins_name="Total"`` with ``rownames``/``colnames``,
aggfunc lists with margins over two column levels, and the formula models (``olsr``,
``logitr``, ``probitr``) with a categorical predictor on a handful of records. Writes
ROOT/s29-VARIANT-SEED, its ``.expected.json`` and ROOT/s29-VARIANT-SEED-plain as
``acro_sweep27.write`` does.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from acro_sweep27 import AGGFUNCS, microdata, session, write_plain
from acro_sweeps import NoPictures, main, write_sweep  # beside this script: its sys.path[0]

VARIANTS = ("json", "xlsx", "suppress", "round")


def extra(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """Calls the round-27 session does not make."""
    decade = (df.age // 20 * 20).astype(int)
    calls = [
        lambda: acro.crosstab(decade, df.died, margins=bool(rng.random() < 0.5)),
        lambda: acro.crosstab([df.area, decade], df.sex, margins=True),
        lambda: acro.crosstab(decade, df.sex, values=df.pay,
                              aggfunc=str(rng.choice(AGGFUNCS)), margins=True),
        lambda: acro.crosstab([df.area, df.band], df.sex, rownames=["Area", "Band"],
                              colnames=["Sex"], margins=True, margins_name="Total"),
        lambda: acro.crosstab(df.area, [df.sex, df.grp], values=df.pay,
                              aggfunc=[str(a) for a in rng.choice(AGGFUNCS[:-1], 2,
                                                                   replace=False)],
                              margins=True),
        lambda: acro.pivot_table(df, index=["area", "band"], columns=["sex"], values="pay",
                                 aggfunc=[str(a) for a in rng.choice(AGGFUNCS[:-1], 2,
                                                                      replace=False)],
                                 margins=True, margins_name="Total"),
        lambda: acro.crosstab(df.died, df.sex, values=df.weight, aggfunc="sum",
                              margins=True),
    ]
    for call in calls:
        if rng.random() < 0.6:
            try:
                call()
            except Exception:  # a combination ACRO 1.0.2 raises on: nothing recorded
                continue
    few = df.dropna(subset=["pay"]).head(int(rng.integers(8, 40)))
    for name, formula in (("olsr", "pay ~ age + C(area)"), ("logitr", "died ~ age + C(sex)"),
                          ("probitr", "died ~ C(area)")):
        if rng.random() < 0.5:
            try:
                getattr(acro, name)(formula=formula, data=few)
            except Exception:  # perfect separation, a singular design
                continue


def write(root: Path, variant: str, seed: int) -> None:
    from acro import ACRO

    target, plain = root / f"s29-{variant}-{seed}", root / f"s29-{variant}-{seed}-plain"
    rng = np.random.default_rng(seed)
    options: dict[str, Any] = {"suppress": variant == "suppress"}
    if variant == "round":
        options = {"mitigation": "round"}

    def run(acro: Any) -> None:
        df = microdata(rng)
        session(NoPictures(acro) if variant == "xlsx" else acro, df, rng)
        extra(acro, df, rng)
        write_plain(acro, plain)

    write_sweep(target, "xlsx" if variant == "xlsx" else "json", lambda: ACRO(**options), run)


if __name__ == "__main__":
    sys.exit(main(sys.argv, __doc__, write, VARIANTS))
