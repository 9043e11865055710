"""ACRO 1.0.2's calls and options that ``acro_session.py`` does not make, one folder each, on
seeded data with a safe twin and a small one (run under ACRO's own interpreter; never imports
sdc).

    python acro_options.py ROOT

writes ROOT/CASE-safe and ROOT/CASE-small (each with ``.expected.json`` beside it, as
``acro_session.py`` writes it; ``dof20``, ``missing`` and ``nk`` also finalised to a
workbook, ROOT/CASE-TWIN-xlsx) for each case:

* ``pie``: ``acro.pie`` of region (small: a region of 3); ``pie-suppress`` with suppression;
* ``calls``: ``crosstab`` with ``normalize`` (index, all with margins, columns),
  ``margins_name``, ``rownames``/``colnames``, ``aggfunc="count"`` over values, a list of five
  aggfuncs with margins, two column variables; ``pivot_table`` with min, max and count
  (``calls-suppress``: the same with ACRO's suppression on);
* ``nk``: sum and mean tables with a cell three records dominate (85%, two hold under 80%) and
  one whose remainder is 15% of its largest, under ACRO's ``safe_nk_n = 3``,
  ``safe_nk_k = 0.8``, ``safe_pratio_p = 0.2`` (``nk-default``: the same under its defaults;
  ``nk-suppress``: with ACRO's suppression on);
* ``dof20``: ``safe_dof_threshold = 20``: an OLS on 18 records (16 residual dof) and a logit
  on 40 (38);
* ``categorical``: ``olsr(income ~ C(region))`` and ``logitr(died ~ C(region))``;
* ``missing``: ``check_missing_values = True`` over income with missing values (a mean table,
  a count pivot table);
* ``round10``: ``enable_rounding(10)``, a crosstab with margins and a count pivot table;
* ``fill``: ``pivot_table(fill_value=0)`` of counts and means, and of sums with
  ``margins_name``;
* ``exception``: ``add_exception``, ``rename_output`` and ``remove_output``.

Beside each folder, ``pandas-CASE.csv`` files hold the pandas output of the same calls,
written as a researcher writes them (``to_csv``), for checking alone.
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

NK = {"safe_nk_n": 3, "safe_nk_k": 0.8, "safe_pratio_p": 0.2}


def microdata(small: bool) -> pd.DataFrame:
    """300 people in three regions; the small twin moves 3 women to a fourth region, West."""
    rng = np.random.default_rng(1)
    n = 300
    df = pd.DataFrame({"region": rng.choice(["North", "South", "East"], n, p=[0.4, 0.3, 0.3]),
                       "sex": rng.choice(["F", "M"], n),
                       "income": rng.lognormal(10, 0.4, n).round(0),
                       "age": rng.integers(18, 90, n).astype(float),
                       "died": (rng.random(n) < 0.3).astype(int)})
    if small:
        df.loc[df.index[:3], ["region", "sex"]] = ["West", "F"]
    return df


def dominated(df: pd.DataFrame) -> pd.DataFrame:
    """East/F: its three largest incomes hold 85% of the cell (36%, 33%, 31% of that), the two
    largest 58%; South/M: what is left after its two largest is 15% of the largest."""
    df = df.copy()
    cell = df.index[(df.region == "East") & (df.sex == "F")]
    top = df.loc[cell[3:], "income"].sum() * 0.85 / 0.15
    df.loc[cell[:3], "income"] = [top * 0.36, top * 0.33, top * 0.31]
    cell = df.index[(df.region == "South") & (df.sex == "M")]
    x1 = df.loc[cell[2:], "income"].sum() / 0.15
    df.loc[cell[:2], "income"] = [x1, x1 * 0.5]
    return df


def calls(acro: Any, df: pd.DataFrame) -> None:
    reg, sex, income = df.region, df.sex, df.income
    acro.crosstab(reg, sex, normalize="index")
    # ACRO 1.0.2's redaction raises on these two with suppression on
    suppress = getattr(acro, "mitigation", "none") == "suppress"
    if not suppress:
        acro.crosstab(reg, sex, normalize="all", margins=True)
    acro.crosstab(reg, sex, normalize="columns")
    acro.crosstab(reg, sex, margins=True, margins_name="Total")
    acro.crosstab(reg, sex, rownames=["Region"], colnames=["Sex"])
    acro.crosstab(reg, sex, values=income, aggfunc="count")
    acro.crosstab(reg, sex, values=income, aggfunc=["count", "mean", "std", "median", "sum"],
                  margins=True)
    if not suppress:
        acro.pivot_table(df, index="region", columns="sex", values="income",
                         aggfunc=["min", "max", "count"])
    acro.crosstab(reg, [sex, df.died], values=income, aggfunc="mean", margins=True)


def pandas_calls(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The same calls made with pandas (``dropna=False`` where ACRO forces it)."""
    reg, sex, income = df.region, df.sex, df.income
    return {
        "normalize": pd.crosstab(reg, sex, normalize="index"),
        "normalize_all": pd.crosstab(reg, sex, normalize="all", margins=True),
        "margins_name": pd.crosstab(reg, sex, margins=True, margins_name="Total"),
        "rownames": pd.crosstab(reg, sex, rownames=["Region"], colnames=["Sex"]),
        "count_values": pd.crosstab(reg, sex, values=income, aggfunc="count"),
        "five": pd.crosstab(reg, sex, values=income, margins=True, dropna=False,
                            aggfunc=["count", "mean", "std", "median", "sum"]),
        "min_max_count": pd.pivot_table(df, index="region", columns="sex", values="income",
                                        aggfunc=["min", "max", "count"]),
        "value_counts": df.region.value_counts().to_frame(),
    }


def nk(acro: Any, df: pd.DataFrame) -> None:
    d = dominated(df)
    acro.crosstab(d.region, d.sex, values=d.income, aggfunc="sum")
    acro.crosstab(d.region, d.sex, values=d.income, aggfunc="mean", margins=True)


def models(acro: Any, df: pd.DataFrame) -> None:
    import statsmodels.api as sm

    few, some = df.head(18), df.head(40)
    acro.ols(few.income, sm.add_constant(few[["age"]]))
    acro.logit(some.died, sm.add_constant(some[["age"]]))


def categorical(acro: Any, df: pd.DataFrame) -> None:
    """Models on one categorical predictor (the small twin: West's 3 women all died)."""
    d = df.copy()
    d.loc[d.region == "West", "died"] = 1
    acro.olsr(formula="income ~ C(region)", data=d)
    acro.logitr(formula="died ~ C(region)", data=d)


def missing(acro: Any, df: pd.DataFrame) -> None:
    d = df.copy()
    d.loc[d.index[5:40], "income"] = np.nan
    acro.crosstab(d.region, d.sex, values=d.income, aggfunc="mean")
    acro.pivot_table(d, index="region", columns="sex", values="income", aggfunc="count")


def rounded(acro: Any, df: pd.DataFrame) -> None:
    acro.enable_rounding(10)
    acro.crosstab(df.region, df.sex, margins=True)
    acro.pivot_table(df, index="region", columns="sex", values="income", aggfunc="count")


def filled(acro: Any, df: pd.DataFrame) -> None:
    """``fill_value=0``: an empty group is written 0 (a count, and a mean of no one)."""
    for aggfunc in ("count", "mean"):
        acro.pivot_table(df, index="region", columns="sex", values="income", aggfunc=aggfunc,
                         fill_value=0)
    acro.pivot_table(df, index="region", columns="sex", values="income", aggfunc="sum",
                     margins=True, margins_name="Total")


def bookkeeping(acro: Any, df: pd.DataFrame) -> None:
    """An exception requested, the output renamed, a second output removed."""
    acro.crosstab(df.region, df.sex)
    acro.add_exception("output_0", "the West cell is a structural group")
    acro.rename_output("output_0", "by_region")
    acro.crosstab(df.region, df.died)
    acro.remove_output("output_1")


def pie(acro: Any, df: pd.DataFrame) -> None:
    acro.pie(df, "region", filename="pie.png")


# case: (session, ACRO's config over its defaults, ACRO's constructor arguments)
CASES: dict[str, tuple[Any, dict[str, Any], dict[str, Any]]] = {
    "pie": (pie, {}, {}), "pie-suppress": (pie, {}, {"suppress": True}),
    "calls": (calls, {}, {}), "calls-suppress": (calls, {}, {"suppress": True}),
    "nk": (nk, NK, {}), "nk-suppress": (nk, NK, {"suppress": True}),
    "nk-default": (nk, {}, {}),
    "dof20": (models, {"safe_dof_threshold": 20}, {}),
    "categorical": (categorical, {}, {}),
    "missing": (missing, {"check_missing_values": True}, {}), "round10": (rounded, {}, {}),
    "fill": (filled, {}, {}), "exception": (bookkeeping, {}, {}),
}


XLSX = ("dof20", "missing", "nk", "nk-suppress", "categorical")


def main(argv: list[str]) -> int:
    from acro import ACRO

    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    logging.disable(logging.CRITICAL)
    root = Path(argv[1]).resolve()
    for small in (False, True):
        df = microdata(small)
        twin = "small" if small else "safe"
        for case, (run, config, kwargs) in CASES.items():
            target = root / f"{case}-{twin}"
            shutil.rmtree(target, ignore_errors=True)

            def make(config: dict[str, Any] = config, kwargs: dict[str, Any] = kwargs) -> Any:
                acro = ACRO(**kwargs)
                acro.config.update(config)  # the dict ACRO's checks read (its risk appetite)
                return acro

            write_session(target, "json", make, lambda acro, run=run, df=df: run(acro, df))
            if case in XLSX:  # also finalised to one workbook (ACRO's other format)
                target = root / f"{case}-{twin}-xlsx"
                shutil.rmtree(target, ignore_errors=True)
                write_session(target, "xlsx", make, lambda acro, run=run, df=df: run(acro, df))
        alone = root / f"pandas-{twin}"
        alone.mkdir(parents=True, exist_ok=True)
        for name, table in pandas_calls(df).items():
            (alone / name).mkdir(exist_ok=True)  # each alone: sdc check reads a whole folder
            table.to_csv(alone / name / f"{name}.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
