"""Round 34's ACRO 1.0.2 sessions: what earlier random sweeps drew least, and every way pandas
saves a table alone (run under ACRO's own interpreter; never imports sdc).

    python acro_sweep34.py ROOT VARIANT SEED...

VARIANT ``json``: a session drawn here, finalised to JSON, written as ``acro_sweep33.py``
writes round 33's (ROOT/s34-SEED, its ``.expected.json`` with each flagged cell's place in
each text style and ACRO's outcome read by the cells' labels, ``.calls.json``, and
ROOT/s34-SEED-plain: each table ``to_csv``, ``to_csv(index=False)``, ``to_excel``,
``to_markdown``, ``to_html``). ``to_latex`` needs jinja2, which ACRO's environment lacks: each
table is pickled to ROOT/s34-SEED-tables/UID.pkl and the project's interpreter writes it
(``benchmarks/acro_agreement34.py``). The draws, read from ACRO 1.0.2's ``acro_tables.py`` and
``acro_regression.py``: ``crosstab`` with ``margins=True`` and two to four aggfuncs at once,
counts with margins and ``normalize``; ``pivot_table`` of aggfunc lists over pay, a weight
or an age (ACRO refuses two value columns); tables made while ACRO's mitigations are on
(``enable_suppression``, ``enable_rounding``: ACRO marks them ``review``); ``hist``
(``by_val``, bins) and ``surv_func`` tables and plots on a handful of records or on all;
``ols``/``logit``/``probit`` and their formula forms on one to four records more than they
have parameters.

VARIANT ``suppress32``: round 32's session with ``ACRO(suppress=True)`` (ROOT/s32-suppress-SEED,
as ``acro_sweep32.py`` writes it, for ``benchmarks/acro_agreement32.py --variant suppress``),
but ACRO's outcome read by the cells' labels: ``acro_session.expected`` pairs it with the table
by position, which misplaces the flags of a ``pivot_table(sort=False)`` (round 33).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from acro_session import _header_lines
from acro_sweep27 import AGGFUNCS
from acro_sweep32 import CALLS, microdata, noted
from acro_sweep32 import session as session32
from acro_sweep32 import write_plain as write_plain32
from acro_sweep33 import aligned_cells, cell_refs
from acro_sweep33 import write_plain as write_plain33
from acro_sweeps import main, tables_of, write_sweep  # beside this script: its sys.path[0]

VARIANTS = ("json", "suppress32", "latex")
RULES = ("\\toprule", "\\midrule", "\\bottomrule", "\\cline", "\\begin", "\\end")
SPAN = re.compile(r"\\multi(row|column)(?:\[\w\]|)\{(\d+|\*)\}\{[^}]*\}\{(.*)\}$")
NAMES = ["All", "Total", "Overall"]


def mitigated(acro: Any, rng: np.random.Generator) -> str:
    """Sometimes turn one of ACRO's mitigations on for the next table (ACRO marks it
    ``review``); the prefix its call is noted with."""
    draw = rng.random()
    if draw < 0.12:
        acro.enable_suppression()
        return "[suppress] "
    if draw < 0.24:
        base = int(rng.choice([5, 10]))
        acro.enable_rounding(base)
        return f"[round {base}] "
    return ""


def unmitigated(acro: Any) -> None:
    acro.disable_suppression()
    acro.disable_rounding()


def tables(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """Twelve to twenty tables: several statistics with margins, shares with margins, pivot
    tables of aggfunc lists; some made under a mitigation."""

    def pick(options: list[Any]) -> Any:
        return options[int(rng.integers(len(options)))]

    def keys(names: list[str]) -> Any:
        return [df[c] for c in names] if len(names) > 1 else df[names[0]]

    def aggs(lo: int, hi: int, pool: list[str]) -> list[str]:
        k = int(rng.integers(lo, hi + 1))
        return [str(a) for a in rng.choice(pool, k, replace=False)]

    rows = [["area"], ["eth"], ["year"], ["band"], ["area", "sex"], ["eth", "grp"],
            ["year", "smoker"]]
    cols = [["sex"], ["died"], ["smoker"], ["grp"], ["sex", "grp"], ["year"]]
    for _ in range(int(rng.integers(12, 21))):
        index = pick(rows)
        columns = [c for c in pick(cols) if c not in index] or ["died"]
        name = pick(NAMES)
        prefix = mitigated(acro, rng)
        kind = rng.random()
        if kind < 0.4:  # several statistics at once, with margins
            pool = AGGFUNCS if rng.random() < 0.3 else AGGFUNCS[:-1]
            options: dict[str, Any] = {"values": df.pay, "aggfunc": aggs(2, 4, pool),
                                       "margins": True, "margins_name": name}
        elif kind < 0.55:  # counts with margins, sometimes as shares
            options = {"margins": True, "margins_name": name}
            if rng.random() < 0.5:
                options["normalize"] = pick(["index", "columns", "all"])
        elif kind < 0.65:  # one statistic with margins
            options = {"values": df.pay, "aggfunc": pick(AGGFUNCS), "margins": True,
                       "margins_name": name}
        else:  # pivot tables of aggfunc lists (ACRO 1.0.2 refuses two value columns)
            values = pick(["pay", "pay", "weight", "age"])
            pivot = {"index": index if len(index) > 1 else index[0],
                     "columns": None if rng.random() < 0.25 else columns[:1],
                     "values": values, "aggfunc": aggs(2, 4, AGGFUNCS[:-1]),
                     "margins": bool(rng.random() < 0.7), "margins_name": name}
            noted(acro, prefix + "pivot_table " + ", ".join(
                f"{k}={v}" for k, v in pivot.items()), acro.pivot_table, df, **pivot)
            unmitigated(acro)
            continue
        shown = {k: "pay" if k == "values" else v for k, v in options.items()}
        noted(acro, f"{prefix}crosstab {index} x {columns} {shown}", acro.crosstab,
              keys(index), keys(columns), **options)
        unmitigated(acro)


def models(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """Each of ACRO's six regressions on one to four records more than its parameters (or,
    one time in four, on all)."""
    import statsmodels.api as sm

    formulas = {"olsr": [("pay ~ age + C(sex)", 3), ("pay ~ age + weight", 3),
                         ("pay ~ C(area)", 4)],
                "logitr": [("died ~ age + C(sex)", 3), ("died ~ age", 2)],
                "probitr": [("died ~ age + weight", 3), ("died ~ C(grp)", 2)]}
    data = df.dropna(subset=["pay"]).sample(frac=1.0, random_state=int(rng.integers(1 << 30)))
    for name in ("ols", "olsr", "logit", "logitr", "probit", "probitr"):
        if rng.random() < 0.3:
            continue
        if name.endswith("r"):
            formula, params = formulas[name][int(rng.integers(len(formulas[name])))]
        else:
            formula, params = "", 3
        rows = data if rng.random() < 0.25 else data.head(params + int(rng.integers(1, 5)))
        if formula:
            noted(acro, f"{name} {formula} on {len(rows)} records", getattr(acro, name),
                  formula=formula, data=rows)
            continue
        x = sm.add_constant(rows[["age", "weight"]].astype(float), has_constant="add")
        noted(acro, f"{name} on age, weight, {len(rows)} records", getattr(acro, name),
              rows.pay if name == "ols" else rows.died, x)


def pictures(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """Histograms and survival tables and plots, on a handful of records or on all."""
    for i in range(int(rng.integers(1, 4))):
        data = df if rng.random() < 0.4 else df.head(int(rng.integers(8, 80)))
        data = data.dropna(subset=["pay"])
        column = "pay" if rng.random() < 0.6 else "age"
        by = "sex" if rng.random() < 0.3 else None
        bins = int(rng.integers(4, 25))
        noted(acro, f"hist {column} of {len(data)} records, by_val={by}, bins={bins}",
              acro.hist, data, column, by_val=by, bins=bins, filename=f"hist{i}.png")
    for i in range(int(rng.integers(1, 4))):
        data = df if rng.random() < 0.3 else df.head(int(rng.integers(5, 60)))
        output = "table" if rng.random() < 0.6 else "plot"
        noted(acro, f"surv_func {output} on {len(data)} records", acro.surv_func,
              data.time, data.died, output=output, filename=f"km{i}.png")


def session(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    tables(acro, df, rng)
    models(acro, df, rng)
    pictures(acro, df, rng)


def pickled(acro: Any, folder: Path) -> None:
    """Each table, for the project's interpreter to write ``to_latex`` (jinja2)."""
    folder.mkdir(parents=True)
    for uid, table in tables_of(acro):
        table.to_pickle(folder / f"{uid}.pkl")


def _written(target: Path, make: Any, draw: Any, plain: Any) -> None:
    """A session drawn by ``draw(acro)``, its tables saved alone by ``plain(acro, folder)``
    (which may say where each style put each cell), written by ``write_sweep``; ACRO's record
    beside it has each table's flags read by the cells' labels, and each output's call."""
    found: dict[str, Any] = {}

    def run(acro: Any) -> None:
        draw(acro)
        where = plain(acro, Path(f"{target}-plain")) or {}
        for uid, table in tables_of(acro):
            found[uid] = {**where.get(uid, {}),
                          "cells": aligned_cells(table, acro.results.results[uid].outcome)}

    def after(target: Path) -> None:
        stem = Path(f"{target}.expected.json")
        expected = json.loads(stem.read_text(encoding="utf-8"))
        for uid, entry in expected.items():
            if "styles" in found.get(uid, {}):
                entry["styles"] = found[uid]["styles"]
            if found.get(uid, {}).get("cells") is not None:
                entry["cells"], entry["aligned"] = found[uid]["cells"], True
        stem.write_text(json.dumps(expected, indent=1), encoding="utf-8")
        Path(f"{target}.calls.json").write_text(json.dumps(CALLS, indent=1), encoding="utf-8")

    write_sweep(target, "json", make, run, after=after)


def write_json(root: Path, seed: int) -> None:
    from acro import ACRO

    target, rng = root / f"s34-{seed}", np.random.default_rng(seed)
    CALLS.clear()
    shutil.rmtree(f"{target}-tables", ignore_errors=True)

    def plain(acro: Any, folder: Path) -> dict[str, Any]:
        pickled(acro, Path(f"{target}-tables"))
        return write_plain33(acro, folder)

    _written(target, ACRO, lambda acro: session(acro, microdata(rng), rng), plain)


def write_suppress32(root: Path, seed: int) -> None:
    """Round 32's suppressed session, its flags paired with the table's cells by label."""
    from acro import ACRO

    rng = np.random.default_rng(seed)
    CALLS.clear()
    _written(root / f"s32-suppress-{seed}", lambda: ACRO(suppress=True),
             lambda acro: session32(acro, microdata(rng), rng), write_plain32)


def _grid_tex(text: str) -> list[list[str]]:
    """A ``tabular``'s rows (rules left out), each cell stripped; ``\\multicolumn{n}`` spread
    over its n cells, ``\\multirow``'s label in its first row."""
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(RULES):
            continue
        cells: list[str] = []
        for cell in line.removesuffix("\\\\").split("&"):
            cell = cell.strip()
            span = SPAN.match(cell)
            if span:
                many = int(span[2]) if span[1] == "column" else 1
                cells += [span[3]] * many
            else:
                cells.append(cell)
        rows.append(cells)
    return rows


def write_latex(root: Path, seed: int) -> None:
    latex_styles(root / f"s34-{seed}")


def latex_styles(target: Path) -> None:
    """Each pickled table of a ``json`` session written ``to_latex`` beside the others alone
    (run under the project's interpreter: ACRO's has no jinja2), and where each flagged cell
    stands there (LaTeX's references: tabular rows, ``&`` columns) added to the session's
    ``.expected.json`` as style ``tex``, found by the table's shape and checked against the
    value the file shows."""
    stem = Path(f"{target}.expected.json")
    expected = json.loads(stem.read_text(encoding="utf-8"))
    for pickle in sorted(Path(f"{target}-tables").glob("*.pkl")):
        uid, table = pickle.stem, pd.read_pickle(pickle)
        tex = Path(f"{target}-plain") / f"{uid}.tex"
        tex.write_text(table.to_latex(), encoding="utf-8")
        grid = _grid_tex(tex.read_text(encoding="utf-8"))
        named = any(n is not None for n in table.index.names)
        top, left = table.columns.nlevels + (1 if named else 0), table.index.nlevels
        refs = cell_refs(table, grid, top, left, _header_lines(table), left)
        if uid in expected:
            expected[uid].setdefault("styles", {})["tex"] = refs
    stem.write_text(json.dumps(expected, indent=1), encoding="utf-8")


def write(root: Path, variant: str, seed: int) -> None:
    {"json": write_json, "suppress32": write_suppress32, "latex": write_latex}[variant](
        root, seed)


if __name__ == "__main__":
    sys.exit(main(sys.argv, __doc__, write, VARIANTS))
