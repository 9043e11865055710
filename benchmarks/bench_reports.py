"""Benchmark: HTML and XLSX reports of a release of 200 outputs and 100,000 cells.

Run on demand: ``python benchmarks/bench_reports.py [--outputs 200] [--cells 100000]
[--repeat 3] [--write]``. The release is checked once with ``sdc.check``; then each report is
rendered ``--repeat`` times (median, min in brackets). Baselines run in the same process on the
same tables: the ``json`` report (same RunResult, no rendering), and pandas writing the same
tables (``DataFrame.to_html`` per table, ``to_excel`` of every table into one workbook).
Targets: each report within a few seconds and a few MB per 100k cells. ``--write`` replaces
this benchmark's section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.xml import LXML

import sdc
from sdc.policy import build_policy
from sdc.reports import ReportOptions, get_reporter

try:
    from benchmarks.results_md import machine_line, write_section
except ImportError:  # run as a script from the benchmarks folder
    from results_md import machine_line, write_section  # type: ignore[no-redef]

TARGET_SECONDS = 5.0
TARGET_MB = 5.0


def make_release(root: Path, n_outputs: int, n_cells: int, seed: int = 4) -> int:
    """CSV tables (1 label column + 4 count columns) totalling ``n_cells`` grid cells."""
    rng = random.Random(seed)
    cols = ["Female", "Male", "Other", "Total"]
    rows_per = max(2, n_cells // n_outputs // (len(cols) + 1) - 1)
    total = 0
    for i in range(n_outputs):
        lines = ["group," + ",".join(cols)]
        for r in range(rows_per):
            values = [rng.randint(1, 9) if rng.random() < 0.02 else rng.randint(10, 900)
                      for _ in cols[:-1]]
            lines.append(f"g{r:03d}," + ",".join(map(str, [*values, sum(values)])))
        (root / f"table_{i:03d}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        total += (rows_per + 1) * (len(cols) + 1)
    return total


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, float, object]:
    """Median and min wall time, median CPU time of this process (the machine may be shared),
    and the last value."""
    walls, cpus, value = [], [], None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        value = fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), min(walls), statistics.median(cpus), value


def render(fmt: str, result: sdc.RunResult) -> int:
    """Render a report in memory; return its size in bytes."""
    options = ReportOptions()
    if fmt == "xlsx":
        stream = io.BytesIO()
        get_reporter(fmt)(result, stream, options)
        return len(stream.getvalue())
    text = io.StringIO()
    get_reporter(fmt)(result, text, options)
    return len(text.getvalue().encode("utf-8"))


def pandas_html(frames: list[pd.DataFrame]) -> int:
    return sum(len(f.to_html().encode("utf-8")) for f in frames)


def pandas_xlsx(frames: list[pd.DataFrame]) -> int:
    stream = io.BytesIO()
    with pd.ExcelWriter(stream, engine="openpyxl") as writer:
        for i, frame in enumerate(frames):
            frame.to_excel(writer, sheet_name=f"t{i}")
    return len(stream.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--outputs", type=int, default=200)
    parser.add_argument("--cells", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cells = make_release(root, args.outputs, args.cells)
        start = time.perf_counter()
        result = sdc.check(root, build_policy({}))
        check_s = time.perf_counter() - start
        frames = [pd.read_csv(f) for f in sorted(root.glob("*.csv"))]
        render("html", result)  # warm-up: imports (jinja2, matplotlib, openpyxl), templates
        render("xlsx", result)
        rows = {}
        for name, fn in [("json report (baseline)", lambda: render("json", result)),
                         ("pandas to_html (baseline)", lambda: pandas_html(frames)),
                         ("pandas to_excel (baseline)", lambda: pandas_xlsx(frames)),
                         ("html report", lambda: render("html", result)),
                         ("xlsx report", lambda: render("xlsx", result))]:
            rows[name] = timed(fn, args.repeat)
    findings = len(result.findings)
    load = ", ".join(f"{x:.1f}" for x in load_start)
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"Command: `python benchmarks/bench_reports.py --outputs {args.outputs} "
        f"--cells {args.cells} --repeat {args.repeat}`. {machine_line()}",
        f"`uname -a`: `{uname}`; nproc {nproc}; Python {sys.version.split()[0]}; "
        f"pandas {pd.__version__}; openpyxl {openpyxl.__version__}; lxml in use: {LXML}.",
        "",
        f"- Release: {args.outputs} CSV tables, {cells:,} cells in all (1 label + 4 count "
        f"columns, 2% small counts); `sdc.check` took {check_s:.2f} s and gave {findings:,} "
        f"findings in {sum(o.status.value != 'pass' for o in result.outputs)} flagged outputs.",
        "- Times: wall median (min) of the runs in one process after a warm-up render, and "
        "the median CPU time of the process (the machine is shared, so wall time is noisy; "
        f"load average at the start: {load}). Sizes are the rendered bytes. Ratios use "
        f"median wall times. Targets: ≤ {TARGET_SECONDS:g} s of CPU and ≤ {TARGET_MB:g} MB "
        "per report.",
        "",
        "| writer | wall | CPU | size | vs json report | vs pandas |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    base_json = rows["json report (baseline)"][0]
    pandas_for = {"html report": "pandas to_html (baseline)",
                  "xlsx report": "pandas to_excel (baseline)"}
    verdicts = []
    for name, (median, best, cpu, size) in rows.items():
        vs_json = f"{median / base_json:.1f}×" if "baseline" not in name else ""
        vs_pandas = (f"{median / rows[pandas_for[name]][0]:.2f}×" if name in pandas_for else "")
        lines.append(f"| {name} | {median:.2f} s ({best:.2f}) | {cpu:.2f} s | "
                     f"{size / 1e6:.2f} MB | {vs_json} | {vs_pandas} |")
        if name in pandas_for:
            ok = cpu <= TARGET_SECONDS and size / 1e6 <= TARGET_MB
            verdicts.append(f"{name}: {'pass' if ok else 'miss'}")
    lines += ["", "Targets (CPU time and size): " + "; ".join(verdicts) + "."]
    if not LXML:
        lines += ["", "openpyxl serialises through lxml when it is importable; lxml is not a "
                  "dependency of sdc. Installing it cut the XLSX report's CPU time by about a "
                  "third in a side-by-side run on this machine (lxml 6.1.3)."]
    body = "\n".join(lines)
    print(body)
    if args.write:
        write_section("Reports (issue 4)", body)


if __name__ == "__main__":
    main()
