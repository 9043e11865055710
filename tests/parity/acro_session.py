"""Drive ACRO 1.0.2 through what researchers use and write its output folder (run under ACRO's
own interpreter: ACRO pins its own pandas, and this script never imports sdc).

    python acro_session.py FOLDER SEED json|xlsx [none|suppress|round]

Seeded microdata with cells meant to fail (a rare region, a rare year, a dominated cell,
negative values, a model on a handful of records) and cells meant to pass go through crosstab
(counts, mean, sum, std, median, max, mode, several statistics at once; with and without
margins; two and three dimensions; numbers as labels), pivot_table, the six regressions (and
three on a dozen records), surv_func (on all and on a dozen records) and hist, and are
finalised to FOLDER, with ACRO's mitigation (``none``, the default; ``suppress``:
``ACRO(suppress=True)`` blanks the cells it flags and recomputes the margins; ``round``: it
rounds every cell to its base and the margins from the rounded cells). Beside it,
``FOLDER.expected.json`` says, for each output, what ACRO recorded in terms a checker of the
folder can compare with: the file, ACRO's status, and for each cell ACRO flagged, the check and
the cell's spreadsheet reference in the file as pandas wrote it (``B5``), with whether pandas
left it blank. The references are computed from the DataFrame ACRO wrote (header lines = column
levels, plus pandas' index-name line under MultiIndex columns; label columns = index levels),
not from anything sdc does.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

CHECK = re.compile(r"[A-Z][A-Za-z]*Check")


def microdata(seed: int) -> pd.DataFrame:
    """People in four regions (West rare: its cells are small), a dominated East/F income cell,
    a profit with losses (negative values) in the South, survival times."""
    rng = np.random.default_rng(seed)
    n = 420
    df = pd.DataFrame({
        "region": rng.choice(["North", "South", "East", "West"], n, p=[0.4, 0.3, 0.27, 0.03]),
        "sex": rng.choice(["F", "M"], n),
        "grp": rng.choice(["g1", "g2"], n),
        "income": rng.lognormal(10, 0.5, n).round(0),
        "age": rng.integers(18, 90, n),
    })
    east_f = df.index[(df.region == "East") & (df.sex == "F")]
    df.loc[east_f[0], "income"] = float(df.loc[east_f, "income"].sum() * 30)  # dominates
    df["profit"] = (df.income / 100).round(0)
    south = df.index[df.region == "South"]
    df.loc[south[:3], "profit"] = -df.loc[south[:3], "profit"] * 4
    df["died"] = (rng.random(n) < 0.3).astype(int)
    df["time"] = rng.integers(1, 30, n)
    df["year"] = rng.choice([2019, 2020, 2021], n, p=[0.48, 0.48, 0.04])  # numeric labels
    df["score"] = rng.choice([1.5, 2.5], n)
    df["admitted"] = pd.Timestamp("2019-01-07") + pd.to_timedelta(df.age * 7 + df.time, "D")
    return df


def session(acro: Any, df: pd.DataFrame, charts: bool = True) -> None:
    import statsmodels.api as sm

    suppress = getattr(acro, "mitigation", "none") == "suppress"

    reg, sex = df.region, df.sex
    acro.crosstab(reg, sex)
    acro.crosstab(reg, sex, margins=True)
    acro.crosstab([reg, df.grp], sex)
    acro.crosstab([reg, df.grp], sex, margins=True)
    acro.crosstab(reg, sex, values=df.income, aggfunc="mean")
    acro.crosstab(reg, sex, values=df.income, aggfunc="mean", margins=True)
    acro.crosstab(reg, sex, values=df.income, aggfunc="sum")
    acro.crosstab(reg, [sex, df.grp], values=df.income, aggfunc="sum", margins=True)
    acro.crosstab(reg, sex, values=df.income, aggfunc="std")
    acro.crosstab(reg, sex, values=df.income, aggfunc="median")
    acro.crosstab(reg, sex, values=df.income, aggfunc="max")
    acro.crosstab(reg, sex, values=df.income, aggfunc="mode")
    acro.crosstab(reg, sex, values=df.income, aggfunc=["mean", "count"])
    acro.crosstab(reg, sex, values=df.profit, aggfunc="sum")
    acro.pivot_table(df, index="region", values="income", aggfunc=["mean", "std"])
    acro.pivot_table(df, index="region", columns="sex", values="income", aggfunc="sum")
    acro.pivot_table(df, index="region", columns="grp", values="income", aggfunc="sum",
                     margins=True)
    if not suppress:  # ACRO 1.0.2's redaction raises on a MultiIndex pivot table
        acro.pivot_table(df, index=["region", "grp"], values="income", aggfunc="count")
    # minima and maxima of dates: one person's date
    acro.crosstab(reg, sex, values=df.admitted, aggfunc="max")
    acro.pivot_table(df, index="region", values="admitted", aggfunc=["min", "max"])
    # numbers as labels: years down the side, 0/1 across, decimals down the side
    acro.crosstab(df.year, df.died)
    acro.crosstab([df.year, sex], df.died, values=df.income, aggfunc="mean")
    acro.crosstab(df.score, df.year, values=df.income, aggfunc="mean")
    x = sm.add_constant(df[["age"]])
    acro.ols(df.income, x)
    acro.olsr(formula="income ~ age", data=df)
    acro.logit(df.died, x)
    acro.logitr(formula="died ~ age", data=df)
    acro.probit(df.died, x)
    acro.probitr(formula="died ~ age", data=df)
    few = df[df.region == "West"].head(8)  # 8 records, 2 parameters: 6 residual dof
    acro.ols(few.income, sm.add_constant(few[["age"]]))
    # statistics with margins, and models and a survival table on a dozen records
    acro.crosstab(reg, sex, values=df.income, aggfunc="std", margins=True)
    acro.crosstab(reg, sex, values=df.income, aggfunc="median", margins=True)
    acro.crosstab([reg, df.grp], sex, values=df.income, aggfunc="mean", margins=True)
    acro.crosstab(reg, sex, values=df.income, aggfunc=["mean", "std"], margins=True)
    acro.pivot_table(df, index="region", columns="sex", values="income", aggfunc="median",
                     margins=True)
    acro.pivot_table(df, index="region", columns="sex", values="income", aggfunc="std")
    dozen = df[df.region == "West"].head(12)
    acro.logit(dozen.died, sm.add_constant(dozen[["age"]]))
    acro.probit(dozen.died, sm.add_constant(dozen[["age"]]))
    acro.olsr(formula="income ~ age + C(sex)", data=dozen)
    acro.surv_func(dozen.time, dozen.died, output="table")
    acro.surv_func(df.time, df.died, output="table")
    if charts:  # ACRO 1.0.2's finalise to xlsx raises on a chart (its output is a file)
        acro.hist(df, "income", filename="income.png")
        acro.surv_func(df.time, df.died, output="plot", filename="km.png")


def _header_lines(table: pd.DataFrame) -> int:
    """The lines pandas' to_csv writes above the data."""
    multi = isinstance(table.columns, pd.MultiIndex)
    named_index = any(name is not None for name in table.index.names)
    return table.columns.nlevels + (1 if multi and named_index else 0)


def _ref(row: int, col: int) -> str:
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def _number(value: Any) -> tuple[bool, float | None]:
    """(blank, the value as a number): a date is no number (None), NaN and NaT are blank."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return True, None
    try:
        return False, float(value)
    except (TypeError, ValueError):
        return False, None


def _published(table: pd.DataFrame) -> dict[str, Any]:
    """The table as ACRO published it: each cell's reference in the file as pandas writes it,
    its row and column labels (as text, MultiIndex levels joined by ``/``) and its value (None:
    blank), for a test to recompute what the published numbers imply."""
    top, left = _header_lines(table), table.index.nlevels

    def text(label: Any) -> str:
        parts = label if isinstance(label, tuple) else (label,)
        return "/".join(str(p) for p in parts)

    cells = []
    for r in range(table.shape[0]):
        for c in range(table.shape[1]):
            blank, number = _number(table.iat[r, c])
            cells.append({"ref": _ref(top + r + 1, left + c + 1), "row": text(table.index[r]),
                          "col": text(table.columns[c]), "value": number, "blank": blank})
    return {"cells": cells}


def expected(acro: Any) -> dict[str, Any]:
    """What ACRO recorded for each output, by file and cell reference."""
    out: dict[str, Any] = {}
    for uid, record in acro.results.results.items():
        entry: dict[str, Any] = {"type": record.output_type, "status": record.status,
                                 "summary": record.summary, "cells": [],
                                 "properties": {k: v for k, v in record.properties.items()
                                                if isinstance(v, str | int | float)}}
        tables = [t for t in record.output if isinstance(t, pd.DataFrame)]
        outcome = record.outcome
        if record.output_type == "table" and tables and outcome is not None and \
                outcome.shape == tables[0].shape:
            table = tables[0]
            top, left = _header_lines(table), table.index.nlevels
            for r in range(table.shape[0]):
                for c in range(table.shape[1]):
                    value = table.iat[r, c]
                    blank, number = _number(value)
                    for check in CHECK.findall(str(outcome.iat[r, c])):
                        entry["cells"].append({
                            "check": check, "ref": _ref(top + r + 1, left + c + 1),
                            "csv_ref": _ref(top + r + 1, left + c + 1),
                            "value": number, "text": None if blank else str(value),
                            "blank": blank, "zero": number == 0})
        if record.output_type == "table" and tables:
            entry["table"] = _published(tables[0])
        if record.output_type == "histogram":
            flagged = record.sdc.get("cells", {}).get("MinimumThresholdCheck", [])
            entry["bins"] = len(flagged)
        entry["check_status"] = dict(record.fair.get("check_status", {})) \
            if isinstance(record.fair, dict) else {}
        out[uid] = entry
    return out


def in_workbook(path: Path, record: dict[str, Any]) -> None:
    """Move each flagged cell's reference to where ACRO's results.xlsx has it: its sheet is the
    output's uid, and its table is the block under the outcome block (rows 5 on), laid out as
    pandas' to_excel lays it out, like to_csv. Each reference is checked against the value the
    workbook shows there, so a wrong guess of the layout stops the test here."""
    from openpyxl import load_workbook
    from openpyxl.utils import coordinate_to_tuple

    workbook = load_workbook(path, data_only=True)
    for uid, entry in record.items():
        entry["files"], entry["sheet"] = ["results.xlsx"], uid
        if "table" not in entry:
            continue
        sheet = workbook[uid]
        empty = [r for r in range(5, sheet.max_row + 1)
                 if all(c.value is None for c in sheet[r])]
        if not empty and not entry["cells"]:  # no outcome block (a survival table)
            del entry["table"]
            continue
        shift = empty[0] + 1 - 5  # the table block starts one row after the outcome block

        def moved(ref: str, shift: int = shift) -> tuple[str, int, int]:
            row, col = coordinate_to_tuple(ref)
            return f"{ref.rstrip('0123456789')}{row + shift + 4}", row + shift + 4, col

        for flag in entry["cells"]:
            flag["ref"], row, col = moved(flag.pop("csv_ref"))
            _same(sheet.cell(row, col).value, flag, f"{uid} {flag['ref']}")
        for cell in entry["table"]["cells"]:
            cell["ref"], row, col = moved(cell["ref"])
            _same(sheet.cell(row, col).value, cell, f"{uid} {cell['ref']}")


def _same(shown: Any, cell: dict[str, Any], where: str) -> None:
    """The workbook shows ``cell``'s value there (blank where it is blank)."""
    if cell["blank"] != (shown is None) or (cell["value"] is not None and not math.isclose(
            float(shown), cell["value"], rel_tol=1e-9, abs_tol=1e-9)):
        raise AssertionError(f"{where}: {shown!r} is not {cell['value']}")


def record_files(target: Path, record: dict[str, Any]) -> None:
    """Each analysis's files as the folder's results.json lists them (none for a workbook),
    and no sheet yet."""
    files: dict[str, list[str]] = {}
    results = target / "results.json"
    if results.is_file():
        data = json.loads(results.read_text(encoding="utf-8"))
        files = {uid: [f["name"] for f in r["files"]] for uid, r in data["results"].items()}
    for uid, entry in record.items():
        entry["files"], entry["sheet"] = files.get(uid, []), None


def main(argv: list[str]) -> int:
    from acro import ACRO

    mitigation = argv[4] if len(argv) == 5 else "none"
    if len(argv) not in (4, 5) or argv[3] not in ("json", "xlsx") or \
            mitigation not in ("none", "suppress", "round"):
        print(__doc__, file=sys.stderr)
        return 2
    logging.disable(logging.CRITICAL)
    target, seed, ext = Path(argv[1]).resolve(), int(argv[2]), argv[3]
    shutil.rmtree(target, ignore_errors=True)
    write_session(target, ext, lambda: ACRO(mitigation=mitigation), lambda acro: session(
        acro, microdata(seed), charts=ext == "json" and mitigation == "none"))
    return 0


def write_session(target: Path, ext: str, make: Any, run: Any) -> None:
    """Run a session (``run(make())``) in a scratch folder, finalise it into ``target`` and
    write what ACRO recorded beside it (``target.expected.json``)."""
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)  # ACRO writes its plots and artifacts in the working directory
        try:
            acro = make()
            # statsmodels prints its optimiser's progress. ACRO formats its tables into debug
            # messages even with logging off, and pandas, run from a script, fits each to the
            # terminal's width column by column (max_columns 0): a tenth of a session's CPU. Its
            # own default off a terminal (20 columns) writes the same files (CI time).
            with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull), \
                    pd.option_context("display.max_columns", 20):
                run(acro)
                record = expected(acro)
                acro.finalise(str(target), ext)
        finally:
            os.chdir(cwd)
    record_files(target, record)
    if ext == "xlsx":
        in_workbook(target / "results.xlsx", record)
    Path(f"{target}.expected.json").write_text(json.dumps(record, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
