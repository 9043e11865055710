"""Benchmark: ``sdc.crosstab`` with order statistics (median, a quantile, mode) against pandas,
and against the global ``np.lexsort`` the evidence used before (issue 18).

Run: ``python benchmarks/bench_statistics.py [--rows 1000000] [--repeat 5] [--no-write]``.
Data as ``bench_api.py`` (three 10-level categorical keys, lognormal values, seeded), plus a
value column of whole numbers (many ties: the mode's case). Each row times, interleaved in one
process: ``pandas.crosstab(..., aggfunc=F)`` alone, ``sdc.crosstab`` (table, evidence and
findings) with the per-cell sort now in ``sdc.evidence.compute``, and the same call with the
former global ``lexsort`` patched back in. Medians (min); ratios of medians. Target: sdc ≤ 1.5×
pandas.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sdc  # noqa: E402
from benchmarks.bench_api import make_arrays, make_frame  # noqa: E402
from benchmarks.results_md import machine_line, write_section  # noqa: E402
from sdc.evidence import compute  # noqa: E402

TITLE = "Order statistics in the Python API (issue 18)"
TARGET = 1.5


def lexsort_within_cells(cell: np.ndarray, values: np.ndarray, n: np.ndarray,
                         start: np.ndarray) -> np.ndarray:
    """What the evidence did before: one global two-key sort."""
    return values[np.lexsort((values, cell))]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()
    df = make_frame(make_arrays(args.rows, seed=1))
    df["k"] = np.random.default_rng(2).poisson(30, args.rows).astype(float)
    policy = sdc.load_policy(None)
    cases = [("median", "v", "median"), ("90th percentile", "v", sdc.quantile(0.9)),
             ("mode (whole numbers)", "k", "mode"), ("mean (for scale)", "v", "mean")]
    rows = []
    for label, column, aggfunc in cases:
        pandas_agg = (lambda s: s.mode().min()) if aggfunc == "mode" else aggfunc
        times: dict[str, list[float]] = {"pandas": [], "sdc": [], "lexsort": []}

        def theirs(c: str = column, f: object = pandas_agg) -> object:
            return pd.crosstab(df.a, df.b, values=df[c], aggfunc=f)

        def ours(c: str = column, f: object = aggfunc) -> object:
            return sdc.crosstab(df.a, df.b, values=df[c], aggfunc=f, policy=policy).findings

        def before(c: str = column, f: object = aggfunc) -> object:
            with mock.patch.object(compute, "_sorted_within_cells", lexsort_within_cells):
                return ours(c, f)

        ours()
        for _ in range(args.repeat):
            times["pandas"].append(timed(theirs))
            times["sdc"].append(timed(ours))
            times["lexsort"].append(timed(before))
        med = {k: statistics.median(v) for k, v in times.items()}
        rows.append((label, med, {k: min(v) for k, v in times.items()}))
        print(label, {k: round(v * 1e3) for k, v in med.items()}, flush=True)
    lines = [
        f"Command: `python benchmarks/bench_statistics.py --rows {args.rows} --repeat "
        f"{args.repeat}`. " + machine_line(),
        f"Load average at the start: {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f} (the machine is "
        "shared by other sessions: wall times are noisy; the three calls are interleaved).",
        "",
        f"{args.rows:,} rows, `crosstab(a, b)` (10 × 10 cells). pandas: `pandas.crosstab(..., "
        "aggfunc=F)` (for the mode, `lambda s: s.mode().min()`); sdc: `sdc.crosstab` with its "
        "evidence and findings; before: the same with the former global `np.lexsort`.",
        "",
        "| statistic | pandas | sdc | sdc / pandas | before (lexsort) | before / pandas |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, med, low in rows:
        lines.append(
            f"| {label} | {med['pandas'] * 1e3:.0f} ms ({low['pandas'] * 1e3:.0f}) | "
            f"{med['sdc'] * 1e3:.0f} ms ({low['sdc'] * 1e3:.0f}) | "
            f"{med['sdc'] / med['pandas']:.2f}× | {med['lexsort'] * 1e3:.0f} ms | "
            f"{med['lexsort'] / med['pandas']:.2f}× |")
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section(TITLE, body)


if __name__ == "__main__":
    main()
