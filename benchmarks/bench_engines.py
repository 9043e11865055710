"""Benchmark: a mean table with contributor evidence computed inside DuckDB, Polars and pandas,
each against the plain aggregation of the same statistic in the same engine (issue 17).

The data is generated inside DuckDB: three categorical dimensions (10, 20 and 50 levels), a
lognormal(3, 1) value and 1,000,000 contributor ids. Ours is
``sdc.pivot_table(data, index=["a", "b"], columns="c", values="v", aggfunc="mean",
contributor="p")`` (the table and its per-cell evidence: counts, distinct contributors,
per-contributor top-3, negatives, missing; findings timed separately); the baseline is the
engine's own ``GROUP BY a, b, c`` mean brought back as a pandas frame. Runs are interleaved in
one process and the ratio is of medians. Peak RSS is the process's (``ru_maxrss``; Spark's JVM is
another process and is not counted): run one engine per process (``--engines duckdb``) for an
engine's own figure.

Usage::

    python benchmarks/bench_engines.py --rows 10000000            # all engines, print
    python benchmarks/bench_engines.py --rows 100000000 --engines duckdb --memory-limit 3GB
    add --write to update benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

try:
    from benchmarks.results_md import machine_line, write_section
    from benchmarks.timing import timed
except ImportError:  # run as a script: this folder is on sys.path
    from results_md import machine_line, write_section  # type: ignore[no-redef]
    from timing import timed  # type: ignore[no-redef]

import duckdb
import numpy as np
import pandas as pd

import sdc

TARGET = 2.5
TITLE = "Evidence inside the engines (issue 17)"


def generate(con: duckdb.DuckDBPyConnection, rows: int, contributors: int) -> None:
    """The microdata, made by DuckDB itself (never held by Python)."""
    con.execute("SELECT setseed(0.17)")
    con.execute(f"""
        CREATE OR REPLACE TABLE micro AS
        SELECT floor(random() * 10)::UTINYINT AS a, floor(random() * 20)::UTINYINT AS b,
               floor(random() * 50)::UTINYINT AS c,
               exp(3 + sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) AS v,
               floor(random() * {contributors})::UINTEGER AS p
        FROM range({rows})""")


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_timed(func: Callable[[], object], cpu: list[float]) -> float:
    """``timed``, and this process's CPU seconds (every thread of an embedded engine) appended
    to ``cpu``; a JVM's (Spark) are not counted."""
    start = time.process_time()
    wall = timed(func)
    cpu.append(time.process_time() - start)
    return wall


def median_pair(base: Callable[[], object], ours: Callable[[], object],
                repeat: int) -> tuple[list[float], list[float], list[float], list[float]]:
    b, o, b_cpu, o_cpu = [], [], [], []
    for _ in range(repeat):
        b.append(cpu_timed(base, b_cpu))
        o.append(cpu_timed(ours, o_cpu))
    return b, o, b_cpu, o_cpu


def ours_for(data: object) -> Callable[[], object]:
    return lambda: sdc.pivot_table(data, index=["a", "b"], columns="c", values="v",
                                   aggfunc="mean", contributor="p")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--contributors", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", default="duckdb,polars,pandas",
                        help="comma-separated: duckdb, polars, pandas, spark")
    parser.add_argument("--memory-limit", default=None, help="DuckDB's memory_limit, e.g. 3GB")
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    engines = args.engines.split(",")
    load = os.getloadavg()

    con = duckdb.connect()
    if args.memory_limit:
        con.execute(f"SET memory_limit = '{args.memory_limit}'")
    start = time.perf_counter()
    generate(con, args.rows, args.contributors)
    made = time.perf_counter() - start
    relation = con.table("micro")
    lines = []
    rows = []

    def record(engine: str, base: Callable[[], object], data: object) -> None:
        ours = ours_for(data)
        table = ours()  # warm-up, and the findings timed once on it
        b, o, b_cpu, o_cpu = median_pair(base, ours, args.repeat)
        findings = timed(lambda: table.findings)
        ratio = statistics.median(o) / statistics.median(b)
        rows.append(f"| {engine} | {statistics.median(b):.2f} s ({min(b):.2f}; CPU "
                    f"{statistics.median(b_cpu):.2f}) | {statistics.median(o):.2f} s "
                    f"({min(o):.2f}; CPU {statistics.median(o_cpu):.2f}) | {ratio:.2f}× "
                    f"({'pass' if ratio <= TARGET else 'over'}) | {findings:.2f} s | "
                    f"{table.df.size} |")
        print(rows[-1], flush=True)

    if "duckdb" in engines:
        record("DuckDB (relation)", lambda: con.sql(
            "SELECT a, b, c, avg(v) AS v FROM micro GROUP BY a, b, c").fetchdf(), relation)
    if "polars" in engines or "pandas" in engines:
        arrays = {k: np.asarray(v) for k, v in relation.fetchnumpy().items()}
    if "polars" in engines:
        import polars as pl

        frame = pl.DataFrame(arrays)
        record("Polars (DataFrame)", lambda: frame.group_by(["a", "b", "c"]).agg(
            pl.col("v").mean()).to_numpy(), frame)
        del frame
    if "pandas" in engines:
        df = pd.DataFrame(arrays)
        record("pandas (numpy path)", lambda: df.pivot_table(
            index=["a", "b"], columns="c", values="v", aggfunc="mean"), df)
    if "spark" in engines:
        from pyspark.sql import SparkSession
        from pyspark.sql import functions as F

        spark = (SparkSession.builder.master("local[2]").appName("sdc-bench")
                 .config("spark.ui.enabled", "false")
                 .config("spark.ui.showConsoleProgress", "false")
                 .config("spark.sql.shuffle.partitions", "8")
                 .config("spark.driver.memory", "6g").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        sdf = spark.range(args.rows).select(
            F.floor(F.rand(1) * 10).cast("int").alias("a"),
            F.floor(F.rand(2) * 20).cast("int").alias("b"),
            F.floor(F.rand(3) * 50).cast("int").alias("c"),
            F.exp(3 + F.randn(4)).alias("v"),
            F.floor(F.rand(5) * args.contributors).cast("int").alias("p")).cache()
        sdf.count()
        record("Spark local[2] (DataFrame, cached)", lambda: sdf.groupBy("a", "b", "c").agg(
            F.avg("v")).collect(), sdf)
        spark.stop()
    peak = rss_mib()
    lines += [
        f"Command: `python benchmarks/bench_engines.py --rows {args.rows} --engines "
        f"{args.engines}" + (f" --memory-limit {args.memory_limit}" if args.memory_limit
                             else "") + f"`. {machine_line()} duckdb {duckdb.__version__}, "
        f"pandas {pd.__version__}.",
        "",
        f"- Data: {args.rows:,} rows generated inside DuckDB in {made:.1f} s (a: 10, b: 20, "
        f"c: 50 levels; lognormal(3, 1) value; {args.contributors:,} contributor ids).",
        "- Ours: `sdc.pivot_table(data, index=[\"a\", \"b\"], columns=\"c\", values=\"v\", "
        "aggfunc=\"mean\", contributor=\"p\")` on the engine's own object: the table and its "
        "evidence (top-3 per-contributor sums, distinct contributors...). Baseline: the same "
        "engine's plain group-by mean, as a pandas frame (pandas: `DataFrame.pivot_table`).",
        f"- Medians (min; median CPU seconds of this process, all its threads) of "
        f"{args.repeat} interleaved runs; ratio ours / baseline (wall); target ≤ {TARGET}×. "
        "Findings: the rules over the table's cells, once.",
        f"- Load average at the start: {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f} (a shared "
        "2-core machine: wall times are noisy).",
        "",
        "| engine | plain group-by | sdc table + evidence | ratio | findings | cells |",
        "|---|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Process peak RSS: {peak:,.0f} MiB (all engines above in one process).",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(f"{TITLE}, {args.rows:,} rows, {args.engines}", text)


if __name__ == "__main__":
    main()
