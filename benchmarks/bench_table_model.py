"""Benchmark: the per-output cost of one large table (issue 12 channel 12, issue 14 §3), this
version against an earlier commit, each against ``pandas.read_csv`` of the same file in the same
process.

Run on demand: ``python -m benchmarks.bench_table_model [--compare COMMIT] [--rows 99000]
[--long-mb 1] [--long-rows 100000] [--repeat 3] [--write]``. Files: the 99k-row row-level CSV of
``bench_large_files`` and a long (tidy) count table of about ``--long-mb`` MiB (six label
columns, one count column, ``[c]`` below 10, no totals). Each version runs in a fresh
subprocess with its own ``sdc`` first on the path (the earlier one from a temporary
``git worktree``) and reports: pandas' time, sdc's CPU time (best of ``--repeat``), the peak
of Python allocations during one check (tracemalloc) as a multiple of the file's size, the
process's peak RSS before the tracemalloc run (imports, pandas and the timed checks), and a
digest of the findings, so that the versions are shown to find exactly the same.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import resource
import tempfile
import time
from pathlib import Path

try:
    from benchmarks.results_md import machine_line, write_section
    from benchmarks.timing import peak_mib
    from benchmarks.worktrees import remove_baseline, run_in_tree, versions
except ImportError:  # run as a script from the benchmarks folder
    from results_md import machine_line, write_section  # type: ignore[no-redef]
    from timing import peak_mib  # type: ignore[no-redef]
    from worktrees import remove_baseline, run_in_tree, versions  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent
REGIONS = ["North East", "North West", "Yorkshire", "East Midlands", "West Midlands", "East",
           "London", "South East", "South West"]
AGES = ["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]
CONDITIONS = ["Asthma", "COPD", "Diabetes", "Heart failure", "Stroke", "Cancer", "Dementia",
              "Depression", "Hypertension", "CKD"]
YEARS = [str(y) for y in range(2016, 2026)]


def make_long(path: Path, mib: float, seed: int = 3, *, hidden: bool = True) -> None:
    """A tidy count table (region, age, condition, year, sex, imd, n) of about ``mib`` MiB;
    counts from 1 to 9 suppressed as ``[c]`` unless ``hidden`` is False (nothing hidden)."""
    rng = random.Random(seed)
    lines = ["region,age,condition,year,sex,imd,n"]
    size, target = len(lines[0]) + 1, mib * 2**20
    for combo in itertools.product(REGIONS, AGES, CONDITIONS, YEARS, ["Female", "Male"],
                                   ["1", "2", "3", "4", "5"]):
        v = int(rng.expovariate(1 / 40))
        lines.append(",".join(combo) + "," + ("[c]" if hidden and 0 < v < 10 else str(v)))
        size += len(lines[-1]) + 1
        if size >= target:
            break
    path.write_text("\n".join(lines) + "\n")


def make_long_rows(path: Path, rows: int, seed: int = 5) -> None:
    """An aggregate long count table of ``rows`` rows (region, age, condition, year, sex, imd
    decile, n): no identifier, one row per label combination, so never row-level."""
    rng = random.Random(seed)
    lines = ["region,age,condition,year,sex,imd,n"]
    combos = itertools.product(REGIONS, AGES, CONDITIONS, YEARS, ["Female", "Male"],
                               [str(d) for d in range(1, 11)])
    for combo in itertools.islice(combos, rows):
        v = int(rng.expovariate(1 / 40))
        lines.append(",".join(combo) + "," + ("[c]" if 0 < v < 10 else str(v)))
    path.write_text("\n".join(lines) + "\n")


def _one(path: str, repeat: int) -> dict:
    """Measure one file with the ``sdc`` on the path (run in a fresh process)."""
    import pandas as pd

    import sdc
    from sdc.policy import build_policy

    policy = build_policy({})
    pandas_s = min(_cpu(lambda: pd.read_csv(path)) for _ in range(repeat))
    sdc_s = min(_cpu(lambda: sdc.check(path, policy)) for _ in range(repeat))
    # before tracemalloc's run, which holds a record per allocation
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    peak = peak_mib(lambda: sdc.check(path, policy))
    found = [(f.rule, f.status.value, f.location.cell, f.message)
             for f in sdc.check(path, policy).findings]
    digest = hashlib.sha256(json.dumps(found, default=str).encode()).hexdigest()[:12]
    from sdc.readers import read_output

    first = read_output(Path(path), Path(path).name, policy)[0]
    screened = getattr(first, "screened", None) is not None  # sdc.readers.row_screen
    return {"screened": screened, "status": sdc.check(path, policy).status.value,
            "pandas": pandas_s, "sdc": sdc_s, "peak": peak, "rss": rss, "findings": len(found),
            "digest": digest, "rules": sorted({rule for rule, *_ in found}),
            "sdc_path": str(Path(sdc.__file__).parent)}


def _cpu(func) -> float:
    start = time.process_time()
    func()
    return time.process_time() - start


def run(tree: Path, path: Path, repeat: int) -> dict | None:
    return run_in_tree(__file__, tree, str(path), "--repeat", str(repeat))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--compare", help="an earlier commit, run from a temporary worktree")
    parser.add_argument("--rows", type=int, default=99_000)
    parser.add_argument("--long-mb", type=float, default=1.0)
    parser.add_argument("--long-rows", type=int, default=100_000,
                        help="rows of an aggregate long table (0: none)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one(args.one, args.repeat)))
        return
    try:
        from benchmarks.bench_large_files import make_csv
    except ImportError:
        from bench_large_files import make_csv  # type: ignore[no-redef]
    trees, base = versions(REPO, args.compare)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            files = [(f"{args.rows:,}-row row-level CSV", Path(tmp) / "cohort.csv"),
                     (f"{args.long_mb:g} MiB long count table", Path(tmp) / "long.csv")]
            make_csv(files[0][1], args.rows)
            make_long(files[1][1], args.long_mb)
            if args.long_rows:
                files.append((f"{args.long_rows:,}-row aggregate long table",
                              Path(tmp) / "long_rows.csv"))
                make_long_rows(files[2][1], args.long_rows)
            for label, path in files:
                mib = path.stat().st_size / 2**20
                for name, tree in trees:
                    got = run(tree, path, args.repeat)
                    rows.append((label, mib, name, got))
                    print(label, name, got, flush=True)
    finally:
        remove_baseline(REPO, base)
    table = ["| file | MiB | version | pandas.read_csv | sdc.check (CPU) | ratio | peak "
             "(tracemalloc) | × file | peak RSS | findings (rules; digest) | screened | "
             "verdict |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|---|"]
    for label, mib, name, got in rows:
        if got is None:
            table.append(f"| {label} | {mib:.1f} | {name} | failed | | | | | | | | |")
            continue
        table.append(
            f"| {label} | {mib:.1f} | {name} | {got['pandas']:.2f} s | {got['sdc']:.2f} s | "
            f"{got['sdc'] / got['pandas']:.0f}× | {got['peak']:.0f} MiB | "
            f"{got['peak'] / mib:.0f}× | {got.get('rss', 0):.0f} MiB | {got['findings']} "
            f"({', '.join(got.get('rules', []))}; {got['digest']}) | "
            f"{'yes' if got.get('screened') else 'no'} | {got.get('status', '')} |")
    text = "\n".join(table)
    print(text)
    if args.write:
        body = (f"Command: `python -m benchmarks.bench_table_model --rows {args.rows} --long-mb "
                f"{args.long_mb:g} --long-rows {args.long_rows} --repeat {args.repeat}"
                + (f" --compare {args.compare}" if args.compare else "") + "`. "
                + machine_line() + "\n\n" + text)
        write_section("One large table: time and memory per output (issue 12 ch. 12, issue 14 §3)",
                      body)


if __name__ == "__main__":
    main()
