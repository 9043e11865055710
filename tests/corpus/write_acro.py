"""Write the corpus's ACRO output folders with ACRO 1.0.2 (run under ACRO's own interpreter).

    /work/main/.acro-venv/bin/python tests/corpus/write_acro.py tests/corpus/acro

ACRO pins its own pandas, so it runs in its own virtual environment and the folders it writes are
kept in the repository (``tests/corpus/acro/NAME``): the corpus test reads them as a reviewer
would receive them. Re-run this script to write them again (the timestamps change, nothing
else; name sessions after the folder to write only those). The microdata are seeded.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd


def _people(seed: int, n: int, west: float) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    p = [(1 - west) / 3] * 3 + [west]
    return pd.DataFrame({
        "region": rng.choice(["North", "South", "East", "West"], n, p=p),
        "sex": rng.choice(["F", "M"], n),
        "income": rng.lognormal(10, 0.6, n).round(0),
        "age": rng.integers(18, 90, n),
    })


def session_disclosive(acro, df: pd.DataFrame) -> None:
    import statsmodels.api as sm

    acro.crosstab(df.region, df.sex)
    acro.crosstab(df.region, df.sex, values=df.income, aggfunc="mean")
    acro.ols(df.income, sm.add_constant(df[["age"]]))


def session_safe(acro, df: pd.DataFrame) -> None:
    import statsmodels.api as sm

    acro.crosstab(df.region, df.sex)
    acro.ols(df.income, sm.add_constant(df[["age"]]))


def session_mixed(acro, df: pd.DataFrame) -> None:
    import statsmodels.api as sm

    df = df.assign(died=(np.random.default_rng(4).random(len(df)) < 0.2).astype(int))
    acro.pivot_table(df, index="region", values="income", aggfunc=["mean", "std"])
    acro.crosstab(df.region, df.sex, margins=True)
    acro.logit(df.died, sm.add_constant(df[["age"]]))
    acro.hist(df, "income", filename="hist.png")


def session_counts(acro, df: pd.DataFrame) -> None:
    # count pivots pandas names after the counted variable (``region,sex,income``)
    acro.pivot_table(df, index=["region", "sex"], values="income", aggfunc="count")
    acro.pivot_table(df, index="region", values="income", aggfunc="count")


def session_counts_age(acro, df: pd.DataFrame) -> None:
    # a count pivot headed by a measured variable (``region,age``): the name a max or a sum
    # of ages would carry too; ACRO's record says it is counts
    acro.pivot_table(df, index="region", values="age", aggfunc="count")


def session_suppressed(acro, df: pd.DataFrame) -> None:
    acro.crosstab(df.region, df.sex, margins=True)


def session_suppressed_safe(acro, df: pd.DataFrame) -> None:
    # four West women among ~40 West people: ACRO suppresses that one cell; no margins, so
    # nothing in the table recovers it
    west = df.index[df.region == "West"]
    df.loc[west, "sex"] = ["F" if i < 4 else "M" for i in range(len(west))]
    acro.crosstab(df.region, df.sex)


def session_coded(acro, df: pd.DataFrame) -> None:
    # a crosstab by a 0/1 variable: the header is region,0,1 (codes only ACRO's outcome,
    # keyed "0" and "1", confirms)
    df["died"] = (df.age >= 70).astype(int)
    acro.crosstab(df.region, df.died)


def _logit_exposure(acro, df: pd.DataFrame, exposed_cases: int) -> None:
    # acro.logit of a case indicator on one binary exposure: 30 of 160 unexposed and
    # exposed_cases of 40 exposed are cases (the 2x2 table in another form)
    import statsmodels.api as sm

    df = df.iloc[:200].copy()
    df["exposed"] = [0] * 160 + [1] * 40
    df["died"] = [1] * 30 + [0] * 130 + [1] * exposed_cases + [0] * (40 - exposed_cases)
    acro.logit(df.died, sm.add_constant(df[["exposed"]]))


def session_logit_exposure(acro, df: pd.DataFrame) -> None:
    _logit_exposure(acro, df, 4)


def session_logit_exposure_safe(acro, df: pd.DataFrame) -> None:
    _logit_exposure(acro, df, 14)


SESSIONS = {
    "disclosive": (session_disclosive, dict(seed=1, n=300, west=0.02), False),
    "safe": (session_safe, dict(seed=2, n=600, west=0.25), False),
    "suppressed": (session_suppressed, dict(seed=1, n=300, west=0.02), True),
    "mixed": (session_mixed, dict(seed=3, n=500, west=0.03), False),
    "counts": (session_counts, dict(seed=5, n=500, west=0.03), False),
    "suppressed_safe": (session_suppressed_safe, dict(seed=6, n=400, west=0.1), True),
    "coded": (session_coded, dict(seed=7, n=600, west=0.25), False),
    "coded_small": (session_coded, dict(seed=8, n=300, west=0.05), False),
    "counts_age": (session_counts_age, dict(seed=9, n=600, west=0.25), False),
    "logit_exposure": (session_logit_exposure, dict(seed=10, n=200, west=0.25), False),
    "logit_exposure_safe": (session_logit_exposure_safe, dict(seed=10, n=200, west=0.25),
                            False),
    # the same session finalised to results.xlsx (one sheet an output)
    "logit_exposure_xlsx": (session_logit_exposure, dict(seed=10, n=200, west=0.25), False,
                            "xlsx"),
    "logit_exposure_safe_xlsx": (session_logit_exposure_safe, dict(seed=10, n=200, west=0.25),
                                 False, "xlsx"),
}


def main(target: str, only: list[str] | None = None) -> int:
    from acro import ACRO

    logging.disable(logging.CRITICAL)
    root = Path(target).resolve()
    for name, (session, spec, suppress, *written) in SESSIONS.items():
        if only and name not in only:
            continue
        folder = root / name
        shutil.rmtree(folder, ignore_errors=True)
        work = root / f".{name}-work"
        work.mkdir(parents=True, exist_ok=True)
        cwd = os.getcwd()
        os.chdir(work)
        try:
            acro = ACRO(suppress=suppress)
            session(acro, _people(**spec))
            acro.finalise(str(folder), written[0] if written else "json")
        finally:
            os.chdir(cwd)
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "tests/corpus/acro", sys.argv[2:]))
