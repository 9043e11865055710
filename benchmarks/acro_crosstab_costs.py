"""sdc against ACRO on realistic crosstabs: false reviews and wrong passes, table by table.

Run on demand (seeded, not in CI; needs ACRO's interpreter):

    SDC_ACRO_PYTHON=.acro-venv/bin/python python -m benchmarks.acro_crosstab_costs [--n 240]

Each release is person-level synthetic data (region or city, sex, age band, ethnicity, IMD
quintile, diagnosis group; 50 to 50,000 people, log-uniform; category sizes skewed by a
Dirichlet draw), one ``crosstab`` of two or three of its variables, with or without margins.
ACRO 1.0.2 (``tests/acro_helper.py``, ``suppress=False``) gives its verdict per cell; the same
table, written the way a researcher writes it (pandas ``to_csv``, ``to_excel``, or R
``write.csv``), goes alone through ``sdc.check`` with the default policy. Tables are compared
by verdict, and cell by cell by labels: a cell ACRO flags that no sdc finding names is a
wrong pass of that cell. A table ACRO passes and SDC101 reviews, without margins, is checked
again as its twin from the same data with ``margins=True``.
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy

HELPER = Path(__file__).resolve().parent.parent / "tests" / "acro_helper.py"

VARIABLES: dict[str, list[str]] = {
    "region": ["North East", "North West", "Yorkshire and The Humber", "East Midlands",
               "West Midlands", "East of England", "London", "South East", "South West"],
    "city": ["Leeds", "York", "Hull", "Sheffield", "Bradford", "Wakefield"],
    "sex": ["Female", "Male"],
    "age_band": ["0-15", "16-24", "25-44", "45-64", "65-74", "75+"],
    "ethnicity": ["White", "Asian", "Black", "Mixed", "Other"],
    "imd_quintile": ["1", "2", "3", "4", "5"],
    "diagnosis": ["Circulatory", "Respiratory", "Neoplasms", "Digestive", "Mental health",
                  "Injury"],
}
FORMATS = ("pandas_csv", "excel", "r_csv")


def make_people(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """n people; each variable's categories get skewed shares (Dirichlet, alpha 0.7..3; sex
    40..60%)."""
    data = {}
    for name, cats in VARIABLES.items():
        shares = rng.dirichlet(np.full(len(cats), rng.uniform(0.7, 3.0)))
        if name == "sex":
            female = rng.uniform(0.4, 0.6)
            shares = np.array([female, 1 - female])
        data[name] = rng.choice(np.array(cats, dtype=object), size=n, p=shares)
    return pd.DataFrame(data)


def make_cases(seed: int, count: int) -> list[dict[str, Any]]:
    """``count`` releases: data, the crosstab's variables, margins, the file's format."""
    rng = np.random.default_rng(seed)
    cases = []
    for i in range(count):
        n = round(math.exp(rng.uniform(math.log(50), math.log(50_000))))
        place = "region" if rng.random() < 0.5 else "city"
        others = ["sex", "age_band", "ethnicity", "imd_quintile", "diagnosis"]
        picks = [str(v) for v in rng.choice(others, size=2, replace=False)]
        if rng.random() < 0.8:  # two dimensions: place by one other, or two others
            index, columns = ([place], [picks[0]]) if rng.random() < 0.6 else ([picks[0]],
                                                                              [picks[1]])
        else:
            index, columns = [place, picks[0]], [picks[1]]
        if rng.random() < 0.3:
            index, columns = columns, index
        fmt = FORMATS[int(rng.integers(len(FORMATS)))]
        if len(index) > 1 and fmt == "r_csv":
            fmt = "pandas_csv"
        cases.append({"id": f"t{i:03d}", "n": n, "seed": int(rng.integers(2**31)),
                      "index": index, "columns": columns, "margins": bool(rng.random() < 0.4),
                      "format": fmt})
    return cases


def run_acro(cases: list[dict[str, Any]], tmp: Path, python: str) -> dict[str, Any]:
    """ACRO's verdict for every case, one data file a case."""
    runs = []
    for case in cases:
        data = tmp / f"{case['id']}.csv"
        make_people(np.random.default_rng(case["seed"]), case["n"]).to_csv(data, index=False)
        runs.append({"data": str(data), "keys": list(VARIABLES),
                     "cases": [{"id": case["id"], "index": case["index"],
                                "columns": case["columns"], "values": None, "aggfunc": None,
                                "margins": case["margins"]}]})
    spec, out = tmp / "spec.json", tmp / "acro.json"
    spec.write_text(json.dumps({"runs": runs}), encoding="utf-8")
    subprocess.run([python, str(HELPER), str(spec), str(out)], check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def table_of(case: dict[str, Any], tmp: Path) -> pd.DataFrame:
    data = pd.read_csv(tmp / f"{case['id']}.csv", dtype=str)
    index = [data[c] for c in case["index"]]
    columns = [data[c] for c in case["columns"]]
    return pd.crosstab(index, columns, margins=case["margins"])


def write(table: pd.DataFrame, fmt: str, folder: Path) -> Path:
    """The table as a researcher saves it."""
    if fmt == "pandas_csv":
        path = folder / "table.csv"
        table.to_csv(path)
    elif fmt == "excel":
        path = folder / "table.xlsx"
        table.to_excel(path)
    else:  # R write.csv(as.data.frame.matrix(xtabs(...))): "" corner, strings quoted
        path = folder / "table.csv"
        lines = [",".join(['""'] + [f'"{c}"' for c in table.columns])]
        for label, row in table.iterrows():
            lines.append(",".join([f'"{label}"'] + [str(int(v)) for v in row]))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def acro_flagged(result: dict[str, Any]) -> set[tuple[str, str]]:
    """(row label, column label) of every cell ACRO flags; labels joined by ' / '."""
    cells = set()
    for r, row in enumerate(result["outcome"]):
        for c, text in enumerate(row):
            if text != "ok":
                cells.add((" / ".join(result["index"][r]), " / ".join(result["columns"][c])))
    return cells


def names(finding: Any, cell: tuple[str, str]) -> bool:
    """Whether a finding (or a cell it relates) sits on ACRO's cell, by labels; a finding of
    the whole table (no cell) names every cell."""
    spots = [finding.location, *finding.related]
    if finding.location.cell is None:
        return True
    return any(s.row_label is not None and s.column_label is not None
               and all(part in s.row_label for part in cell[0].split(" / "))
               and all(part in s.column_label for part in cell[1].split(" / "))
               for s in spots)


def value(table: pd.DataFrame, cell: tuple[str, str]) -> Any:
    """The table's count in ACRO's cell (labels joined by ' / '); None for a combination no
    one has, which pandas does not print (ACRO's outcome holds it)."""
    row, col = cell[0].split(" / "), cell[1].split(" / ")
    try:
        return table.loc[tuple(row) if len(row) > 1 else row[0],
                         tuple(col) if len(col) > 1 else col[0]]
    except KeyError:
        return None


def address(table: pd.DataFrame, cell: tuple[str, str]) -> str | None:
    """The sheet address (``C14``) where every writer here puts ACRO's cell: one header row
    over a single level of columns, else one a level plus pandas' row of index names; the
    index's levels first. None for a cell pandas does not print."""
    if value(table, cell) is None:
        return None
    row, col = cell[0].split(" / "), cell[1].split(" / ")
    i = table.index.get_loc(tuple(row) if len(row) > 1 else row[0])
    j = table.columns.get_loc(tuple(col) if len(col) > 1 else col[0])
    if not isinstance(i, int) or not isinstance(j, int):
        return None
    levels = table.columns.nlevels
    top = 1 if levels == 1 else levels + 1
    number = table.index.nlevels + j + 1
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{top + i + 1}"


def reading_of(findings: list[Any], table: pd.DataFrame) -> tuple[str, list[str]]:
    """Which labels SDC101's subgroup pairing paired: rows (rows4's funnel) or columns
    (flat2's one-row header)."""
    rows = {str(v) for v in table.index.get_level_values(-1)}
    cols = {str(v) for v in table.columns.get_level_values(-1)}
    for f in findings:
        if f.rule == "SDC101" and "subgroup" in f.message:
            quoted = f.message.split("'")[1::2][:2]
            if set(quoted) <= rows:
                return "rows (funnel)", quoted
            if set(quoted) <= cols:
                return "columns (header)", quoted
    return "other SDC101", []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=240)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--show", action="store_true", help="print each disagreement")
    args = parser.parse_args(argv)
    python = os.environ.get("SDC_ACRO_PYTHON")
    if not python:
        print("set SDC_ACRO_PYTHON to ACRO's interpreter", file=sys.stderr)
        return 2
    policy = build_policy({})
    cases = make_cases(args.seed, args.n)
    grid: collections.Counter[tuple[str, str]] = collections.Counter()
    why: collections.Counter[str] = collections.Counter()
    by_format: collections.Counter[tuple[str, str]] = collections.Counter()
    readings: collections.Counter[str] = collections.Counter()
    margins: collections.Counter[tuple[bool, str]] = collections.Counter()
    twins: collections.Counter[str] = collections.Counter()
    acro_cells = unnamed = unnamed_zero = unnamed_absent = at_cell = 0
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        acro = run_acro(cases, tmp, python)
        for case in cases:
            folder = tmp / f"out-{case['id']}"
            folder.mkdir()
            table = table_of(case, tmp)
            write(table, case["format"], folder)
            result = sdc.check(folder, policy)
            ours = result.status.value
            theirs = "fail" if acro[case["id"]]["status"] == "fail" else "pass"
            grid[(theirs, ours)] += 1
            findings = [f for o in result.outputs for f in o.findings]
            rules = sorted({f"{f.rule} {f.status.value}" for f in findings
                            if f.status.value != "pass"})
            if theirs == "pass" and ours != "pass":
                why[", ".join(rules)] += 1
                by_format[(case["format"], ours)] += 1
            if theirs == "fail":
                flagged = acro_flagged(acro[case["id"]])
                acro_cells += len(flagged)
                missed = [c for c in flagged if not any(names(f, c) for f in findings
                                                         if f.status.value != "pass")]
                # a finding at the cell's address names it, under labels sdc did not read
                # (a header it could not tell from data: the table fails, every cell flagged)
                spots = {f.location.cell for f in findings if f.status.value != "pass"}
                flagged_here = [c for c in missed if address(table, c) in spots]
                at_cell += len(flagged_here)
                missed = [c for c in missed if c not in flagged_here]
                absent = [c for c in missed if value(table, c) is None]
                zeros = [c for c in missed if value(table, c) == 0]
                unnamed_absent += len(absent)
                unnamed_zero += len(zeros)
                unnamed += len(missed) - len(zeros) - len(absent)
                if len(missed) > len(zeros) + len(absent) and args.show:
                    print(case["id"], "ACRO cells no sdc finding names:",
                          [c for c in missed if c not in zeros and c not in absent][:5])
            if theirs == "pass":
                margins[(case["margins"], ours)] += 1
            if theirs == "pass" and any(f.rule == "SDC101" for f in findings):
                reading, pair = reading_of(findings, table)
                readings[reading] += 1
                if not case["margins"]:  # its twin from the same data with margins=True
                    twin = tmp / f"twin-{case['id']}"
                    twin.mkdir()
                    write(table_of({**case, "margins": True}, tmp), case["format"], twin)
                    twins[sdc.check(twin, policy).status.value] += 1
                if args.show:
                    print(case["id"], "SDC101:", reading, pair)
            if args.show and (theirs, ours) != ("fail", "fail") and ours != theirs:
                print(case["id"], case["n"], case["index"], case["columns"],
                      "margins" if case["margins"] else "", case["format"],
                      f"ACRO {theirs} sdc {ours}:", "; ".join(rules))
    print(f"{len(cases)} releases (seed {args.seed})")
    for (theirs, ours), count in sorted(grid.items()):
        print(f"ACRO {theirs:4} sdc {ours:6} {count}")
    print("sdc not pass where ACRO passes, by rule:")
    for rules, count in why.most_common():
        print(f"  {count:4}  {rules}")
    print("... by format:", dict(by_format))
    print("where ACRO passes, sdc's verdict by margins:",
          {f"{'margins' if m else 'no margins'} {v}": n for (m, v), n in sorted(margins.items())})
    print("SDC101 where ACRO passes, by the labels paired:", dict(readings))
    print("... the same tables with margins=True:", dict(twins))
    print(f"cells ACRO flags: {acro_cells}; named by no sdc finding: {unnamed_absent} not "
          f"printed (no one in the combination), {unnamed_zero} printed zeros, {unnamed} others"
          f"; flagged at their cell under labels sdc did not read: {at_cell}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
