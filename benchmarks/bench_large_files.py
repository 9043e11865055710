"""Benchmark: large files (issue 12, channel 12): a legal 100,000-row CSV is checked quickly and
in bounded memory; an over-limit XLSX is refused before openpyxl loads it.

Run on demand: ``python benchmarks/bench_large_files.py [--rows 99000] [--xlsx-rows 150000]
[--write]``. Baselines run in the same process: ``pandas.read_csv`` of the CSV, and openpyxl's
streaming (read-only) pass over the workbook's rows, the cheapest way to read it at all.
Memory: tracemalloc's peak during one check, as a multiple of the file's size.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy

try:
    from benchmarks.results_md import machine_line, write_section
    from benchmarks.timing import peak_mib, timed
except ImportError:  # run as a script from the benchmarks folder
    from results_md import machine_line, write_section  # type: ignore[no-redef]
    from timing import peak_mib, timed  # type: ignore[no-redef]


def make_csv(path: Path, rows: int, seed: int = 1) -> None:
    """Row-level data of the shape in issue 12 (~37 bytes a row): id, dates, codes, numbers."""
    rng = np.random.default_rng(seed)
    pd.DataFrame({
        "patient_id": np.arange(rows) + 100_000,
        "admitted": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 1500, rows),
                                                                  unit="D"),
        "sex": rng.choice(["F", "M"], rows),
        "age": rng.integers(18, 95, rows),
        "los": rng.gamma(2.0, 2.0, rows).round(1),
    }).to_csv(path, index=False, date_format="%Y-%m-%d")


def make_xlsx(path: Path, rows: int, seed: int = 2) -> None:
    from openpyxl import Workbook

    rng = np.random.default_rng(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(["patient_id", "sex", "age", "los", "cost"])
    for i, (age, los, cost) in enumerate(zip(rng.integers(18, 95, rows),
                                             rng.gamma(2.0, 2.0, rows).round(1),
                                             rng.lognormal(6, 1, rows).round(2), strict=True)):
        ws.append([100_000 + i, "F" if i % 2 else "M", int(age), float(los), float(cost)])
    wb.save(path)


def openpyxl_stream(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
    finally:
        wb.close()


def best(fn, repeat: int) -> float:
    return min(timed(fn) for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=99_000)
    parser.add_argument("--xlsx-rows", type=int, default=150_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    policy = build_policy({})
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, xlsx_path = Path(tmp) / "cohort.csv", Path(tmp) / "cohort.xlsx"
        make_csv(csv_path, args.rows)
        make_xlsx(xlsx_path, args.xlsx_rows)
        csv_mb, xlsx_mb = csv_path.stat().st_size / 2**20, xlsx_path.stat().st_size / 2**20
        pandas_s = best(lambda: pd.read_csv(csv_path), args.repeat)
        check_s = best(lambda: sdc.check(csv_path, policy), args.repeat)
        csv_peak = peak_mib(lambda: sdc.check(csv_path, policy))
        pandas_peak = peak_mib(lambda: pd.read_csv(csv_path))
        csv_result = sdc.check(csv_path, policy)
        stream_s = best(lambda: openpyxl_stream(xlsx_path), 1)
        refuse_s = best(lambda: sdc.check(xlsx_path, policy), args.repeat)
        xlsx_peak = peak_mib(lambda: sdc.check(xlsx_path, policy))
        xlsx_result = sdc.check(xlsx_path, policy)
    csv_rules = sorted({f.rule for f in csv_result.findings})
    xlsx_rules = sorted({f.rule for f in xlsx_result.findings})
    lines = [
        f"- CSV: {args.rows:,} rows × 5 columns, {csv_mb:.1f} MiB (row-level data; findings "
        f"{', '.join(csv_rules)}). `pandas.read_csv` {pandas_s:.2f} s; `sdc.check` "
        f"{check_s:.2f} s; **ratio {check_s / pandas_s:.1f}×**. Peak memory (tracemalloc) "
        f"{csv_peak:.0f} MiB = **{csv_peak / csv_mb:.0f}× the file** (pandas: "
        f"{pandas_peak:.0f} MiB).",
        f"- XLSX over the row limit: {args.xlsx_rows:,} rows, {xlsx_mb:.1f} MiB. openpyxl "
        f"read-only pass over its rows {stream_s:.2f} s; `sdc.check` refuses it "
        f"({', '.join(xlsx_rules)}) in {refuse_s:.2f} s (**{refuse_s / stream_s:.2f}×** the "
        f"streaming pass), peak memory {xlsx_peak:.1f} MiB.",
        f"- Times: best of {args.repeat} (the openpyxl pass: one run). {machine_line()}",
    ]
    print("\n".join(lines))
    if args.write:
        write_section("Large files: a 100k-row CSV, an over-limit XLSX (issue 12)",
                      "\n".join(lines))


if __name__ == "__main__":
    main()
