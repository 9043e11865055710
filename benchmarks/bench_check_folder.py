"""Benchmark: check a folder of 1,000 small CSV tables, as a ratio to pandas reading them.

Run on demand: ``python benchmarks/bench_check_folder.py [--files 1000] [--write]``.
The baseline (pandas.read_csv of every file) runs in the same process, so the ratio is what
matters on a noisy machine. ``--write`` replaces this benchmark's section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy

try:
    from benchmarks.results_md import machine_line, write_section
except ImportError:  # run as a script from the benchmarks folder
    from results_md import machine_line, write_section  # type: ignore[no-redef]


def make_release(root: Path, n_files: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    ages = ["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]
    for i in range(n_files):
        cols = rng.choice([["Female", "Male"], ["Female", "Male", "Total"],
                           ["North", "South", "East", "West"]])
        lines = ["age_band," + ",".join(cols)]
        for age in ages:
            values = [rng.choice([rng.randint(0, 9), rng.randint(10, 5000)]) for _ in cols]
            lines.append(age + "," + ",".join(map(str, values)))
        (root / f"table_{i:04d}.csv").write_text("\n".join(lines) + "\n")


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    policy = build_policy({})
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_release(root, args.files)
        files = sorted(root.glob("*.csv"))
        pandas_s = best_of(lambda: [pd.read_csv(f) for f in files])
        sdc_s = best_of(lambda: sdc.check(root, policy))
        result = sdc.check(root, policy)
    ratio = sdc_s / pandas_s
    summary = result.summary()
    lines = [
        f"- {args.files} CSV tables (8 rows × 2–4 columns), default policy; "
        f"{summary['findings']} findings.",
        f"- pandas.read_csv of every file: {pandas_s:.3f} s; `sdc.check` of the folder: "
        f"{sdc_s:.3f} s; **ratio {ratio:.2f}×** (target ≤ 3×).",
        f"- {machine_line()}",
    ]
    print("\n".join(lines))
    if args.write:
        write_section("Checking a folder of small CSV tables (issue 2)", "\n".join(lines))


if __name__ == "__main__":
    main()
