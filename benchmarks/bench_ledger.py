"""Benchmark: checking a request with and without a ledger of 100,000 released tables (issue 6).

The ledger (SQLite) is filled with synthetic released tables: 2,000 synthetic cohorts (300 to
50,000 people each, one record per person) with 50 two-way frequency tables each, of two
variables drawn from a vocabulary of eleven (age in three bandings, sex, region, ethnicity,
deprivation, ...), built exactly as the CSV reader parses the same wide CSV (with margins).
Tables of one cohort are consistent with each other, as real releases of one study are.
The new request is 50 CSV tables: five re-run released tables on their cohort plus one person
(SDC504 must find them), 45 tabulate a new cohort.

Timed: the whole check of the request folder (read + every rule), once without a ledger and once
with it (opening the ledger included); SDC504 runs inside the check once it is registered, and
is run explicitly on the same outputs until then. Times are medians of ``--repeat`` runs.

    python benchmarks/bench_ledger.py [--tables 100000] [--outputs 50] [--repeat 5]
"""

from __future__ import annotations

import argparse
import pickle
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

from sdc.ledger import schema
from sdc.ledger.checking import check_folder, context
from sdc.ledger.clock import now
from sdc.ledger.db import open_ledger
from sdc.ledger.index import describe
from sdc.ledger.margins import index_margins
from sdc.policy import build_policy
from sdc.rules import REGISTRY
from sdc.rules.prior_release import PriorReleaseDifferencing
from sdc.table import DataCell, Measure, RawCell, Role, Table

# variable -> (bandings or category lists); age is banded from a numeric age
AGE_BANDINGS = [(["0-17", "18-39", "40-64", "65+"], [18, 40, 65]),
                (["<20", "20-39", "40-59", "60+"], [20, 40, 60]),
                (["0-15", "16-24", "25-49", "50-74", "75+"], [16, 25, 50, 75])]
CATEGORIES: dict[str, list[str]] = {
    "sex": ["female", "male"],
    "region": ["North East", "North West", "Yorkshire", "East Midlands", "West Midlands",
               "East", "London", "South East", "South West"],
    "ethnicity": ["Asian", "Black", "Mixed", "White", "Other"],
    "imd": ["Q1", "Q2", "Q3", "Q4", "Q5"],
    "smoking": ["never", "former", "current"],
    "year": ["2019", "2020", "2021", "2022"],
    "diabetes": ["yes", "no"],
    "practice": ["small", "medium", "large"],
    "alcohol": ["none", "low", "high"],
    "household": ["one", "two", "three or four", "five or more"],
}
COLUMN_VARS = ["sex", "diabetes", "smoking", "practice", "alcohol"]
ROW_VARS = ["age", *CATEGORIES]
TABLES_PER_COHORT = 50

Spec = tuple[str, int, str]  # row variable, banding (age) or 0, column variable


def cohort(rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    """A synthetic population: one record per person (the released tables of one study)."""
    people = {"age": rng.integers(0, 100, size)}
    for var, cats in CATEGORIES.items():
        people[var] = rng.integers(0, len(cats), size)
    return people


def random_spec(rng: random.Random) -> Spec:
    col = rng.choice(COLUMN_VARS)
    row = rng.choice([v for v in ROW_VARS if v != col])
    return row, rng.randrange(len(AGE_BANDINGS)) if row == "age" else 0, col


def tabulate(people: dict[str, np.ndarray], spec: Spec
             ) -> tuple[str, list[str], list[str], list[list[int]]]:
    """(row variable, row labels, column labels, counts) of a two-way frequency table."""
    row, banding, col = spec
    if row == "age":
        rows, edges = AGE_BANDINGS[banding]
        codes = np.digitize(people["age"], edges)
    else:
        rows, codes = CATEGORIES[row], people[row]
    cols = CATEGORIES[col]
    flat = np.bincount(codes * len(cols) + people[col], minlength=len(rows) * len(cols))
    return row, rows, cols, flat.reshape(len(rows), len(cols)).tolist()


def to_table(row_var: str, rows: list[str], cols: list[str], counts: list[list[int]]) -> Table:
    """The Table the CSV reader makes of the wide CSV of ``to_csv`` (margins included)."""
    measure = Measure("count", Role.COUNT)
    cells = []
    grid = [[*r, sum(r)] for r in counts]
    grid.append([sum(c) for c in zip(*grid, strict=True)])
    for i, label in enumerate([*rows, "Total"]):
        for j, col in enumerate([*cols, "Total"]):
            total_dims = frozenset(([row_var] if label == "Total" else [])
                                   + (["columns"] if col == "Total" else []))
            value = grid[i][j]
            cells.append(DataCell(measure, {row_var: label, "columns": col},
                                  RawCell(i + 2, j + 2, str(value), float(value)), total_dims))
    return Table(path="t.csv", sheet=None, dimensions=[row_var, "columns"],
                 row_dimensions=[row_var], column_dimensions=["columns"], measures=[measure],
                 cells=cells, layout="wide")


def to_csv(row_var: str, rows: list[str], cols: list[str], counts: list[list[int]]) -> str:
    lines = [",".join([row_var, *cols, "Total"])]
    for label, r in zip(rows, counts, strict=True):
        lines.append(",".join([label, *map(str, r), str(sum(r))]))
    totals = [sum(c) for c in zip(*counts, strict=True)]
    lines.append(",".join(["Total", *map(str, totals), str(sum(totals))]))
    return "\n".join(lines) + "\n"


def synthetic_release(ledger, title: str, who: str) -> None:  # type: ignore[no-untyped-def]
    """One request, version and complete release (``R-0000``, release 1) that released
    tables are written under directly, without the workflow (a history made in bulk)."""
    at = now()
    with ledger.write() as conn:
        conn.execute(schema.requests.insert().values(
            id="R-0000", number=0, title=title, author=who, created_at=at, current_version=1))
        conn.execute(schema.versions.insert().values(
            request_id="R-0000", version=1, submitted_by=who, submitted_at=at,
            policy_source=who, policy_profile="default", policy_sha256="0" * 64,
            reviewers_required=2, status="pass", result_json="{}", audit_seq=0))
        conn.execute(schema.releases.insert().values(
            id=1, request_id="R-0000", version=1, released_by=who, target="-",
            state="complete", started_at=at, audit_seq=0))


def fill(ledger, n: int, rng: random.Random, nprng: np.random.Generator  # type: ignore[no-untyped-def]
         ) -> tuple[dict[str, np.ndarray], list[Spec]]:
    """Insert ``n`` released tables: ``n / 50`` cohorts of 300 to 50,000 people, 50 tables
    each (under one synthetic request, version and release). Returns one cohort and the specs
    of its first five tables, to re-run."""
    synthetic_release(ledger, "synthetic history", "bench")
    kept: tuple[dict[str, np.ndarray], list[Spec]] | None = None
    tables: list[dict] = []
    index: list[dict] = []
    k = 0
    while k < n:
        people = cohort(nprng, int(np.exp(nprng.uniform(np.log(300), np.log(50_000)))))
        specs = [random_spec(rng) for _ in range(min(TABLES_PER_COHORT, n - k))]
        if kept is None:
            kept = (people, specs[:5])
        for spec in specs:
            k += 1
            desc = describe(to_table(*tabulate(people, spec)))
            assert desc is not None
            tables.append({"id": k, "request_id": "R-0000", "version": 1,
                           "path": f"history/t{k:06d}.csv", "sheet": None,
                           "dim_sig": desc.dim_sig, "label_sig": desc.label_sig,
                           "grand_total": desc.grand_total, "table_json": desc.to_json()})
            index.append({"table_id": k, "release_id": 1, "dim_sig": desc.dim_sig,
                          "label_sig": desc.label_sig, "grand_total": desc.grand_total})
        if len(tables) >= 10_000 or k >= n:
            with ledger.write() as conn:
                conn.execute(schema.output_tables.insert(), tables)
                conn.execute(schema.released_tables.insert(), index)
                index_margins(conn, [row["table_id"] for row in index])  # as a release does
            tables, index = [], []
    assert kept is not None
    return kept


def write_request(folder: Path, n: int, rerun: tuple[dict[str, np.ndarray], list[Spec]],
                  rng: random.Random, nprng: np.random.Generator) -> None:
    """``n`` tables: re-runs of released tables on their cohort plus one person, then tables
    of a new cohort."""
    folder.mkdir(parents=True, exist_ok=True)
    people, specs = rerun
    grown = {var: np.append(values, values[:1]) for var, values in people.items()}
    fresh = cohort(nprng, 5_000)
    for i in range(n):
        spec = specs[i] if i < len(specs) else random_spec(rng)
        table = tabulate(grown if i < len(specs) else fresh, spec)
        (folder / f"out{i:02d}.csv").write_text(to_csv(*table), encoding="utf-8")


def timed_check(folder: Path, policy, ledger_path: Path | None  # type: ignore[no-untyped-def]
                ) -> tuple[float, list]:
    start = time.perf_counter()
    if ledger_path is None:
        check_folder(folder, policy, None)
        found: list = []
    else:
        ledger = open_ledger(ledger_path, create=False)
        result, outputs = check_folder(folder, policy, ledger)
        if "SDC504" in REGISTRY:
            found = [f for f in result.findings if f.rule == "SDC504"]
        else:  # not registered yet: run it on the same outputs, as the engine will
            rule = PriorReleaseDifferencing(PriorReleaseDifferencing.Params())
            found = list(rule.check_release(outputs, context(policy, folder, {}, ledger)))
        ledger.close()
    return time.perf_counter() - start, found


def kinds(findings: list) -> str:  # type: ignore[type-arg]
    count = {"re-run": 0, "moved total": 0, "bands": 0, "contradicted margin": 0}
    for f in findings:
        kind = ("bands" if "band" in f.evidence else f.evidence.get("kind", "re-run"))
        count[kind] = count.get(kind, 0) + 1  # a kind not listed is counted, not a crash
    outputs = len({f.location.path for f in findings})
    return f"{len(findings)} on {outputs} outputs (" + ", ".join(
        f"{k} {v}" for k, v in count.items()) + ")"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=100_000)
    parser.add_argument("--outputs", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep the filled ledger here and reuse it on the next run")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    nprng = np.random.default_rng(args.seed)
    with tempfile.TemporaryDirectory(prefix="sdc-bench-ledger-") as scratch:
        tmp = args.workdir or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        path = tmp / f"ledger-{args.tables}-{args.seed}.sqlite"
        saved = path.with_suffix(".pickle")
        if path.exists() and saved.exists():
            rerun, rng_state, np_state, fill_s = pickle.loads(saved.read_bytes())
            rng.setstate(rng_state)
            nprng.bit_generator.state = np_state
        else:
            path.unlink(missing_ok=True)
            ledger = open_ledger(path)
            start = time.perf_counter()
            rerun = fill(ledger, args.tables, rng, nprng)
            fill_s = time.perf_counter() - start
            ledger.close()
            if args.workdir is not None:
                saved.write_bytes(pickle.dumps((rerun, rng.getstate(),
                                                nprng.bit_generator.state, fill_s)))
        folder = tmp / "request"
        shutil.rmtree(folder, ignore_errors=True)
        write_request(folder, args.outputs, rerun, rng, nprng)
        policy = build_policy({})
        timed_check(folder, policy, None)  # warm up imports and caches
        without, with_ledger, found = [], [], []
        for _ in range(args.repeat):
            without.append(timed_check(folder, policy, None)[0])
            seconds, found = timed_check(folder, policy, path)
            with_ledger.append(seconds)
        size = path.stat().st_size
    base, led = statistics.median(without), statistics.median(with_ledger)
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    print(f"## Ledger (issue 6)\n\nDate: {date.today()}. Command: `python "
          f"benchmarks/bench_ledger.py --tables {args.tables} --outputs {args.outputs} "
          f"--repeat {args.repeat}`.\n")
    print(f"- Machine: `{uname}`; nproc {nproc}; Python {platform.python_version()}")
    print(f"- Ledger: SQLite, {args.tables:,} released tables ({size / 2**20:.0f} MiB, filled "
          f"in {fill_s:.1f} s with executemany); SDC504 "
          f"{'registered' if 'SDC504' in REGISTRY else 'run explicitly (not registered yet)'}")
    print(f"- Request: {args.outputs} CSV tables, {len(rerun[1])} of them re-runs of released "
          f"tables with one more patient; SDC504 findings: {kinds(found)}")
    print(f"- Check without a ledger: {base:.3f} s; with the ledger: {led:.3f} s "
          f"(+{led - base:.3f} s, ratio {led / base:.2f}×); medians of {args.repeat} runs")


if __name__ == "__main__":
    sys.exit(main())
