"""Benchmark: per-cell evidence (plus the table) against ``pandas.crosstab`` alone.

The target (issue 3): on 1,000,000 rows with three 10-level categoricals and lognormal values,
building a mean cross-tabulation *and* its disclosure evidence with
:func:`sdc.evidence.compute.cell_evidence` takes at most 1.5× the time of the equivalent
``pandas.crosstab(..., values=, aggfunc="mean")`` call. Both run in this one process, interleaved
so that machine noise hits both alike; the ratio of medians is reported.

Usage::

    python benchmarks/bench_crosstab.py                # run, print, update benchmarks/RESULTS.md
    python benchmarks/bench_crosstab.py --no-write     # print only
    python benchmarks/bench_crosstab.py --check        # exit 1 if a target ratio exceeds 1.5
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

try:
    from benchmarks.timing import peak_mib, timed
except ImportError:  # run as a script: this folder is on sys.path
    from timing import peak_mib, timed  # type: ignore[no-redef]

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sdc.evidence.compute import cell_evidence, evidence_table

HEADING = "## Evidence computation (issue 3)"
TARGET = 1.5
RESULTS = Path(__file__).with_name("RESULTS.md")


@dataclass
class Scenario:
    name: str
    baseline: Callable[[], object]
    ours: Callable[[], object]
    target: bool  # counts towards the 1.5× goal


@dataclass
class Measured:
    scenario: Scenario
    base_times: list[float]
    our_times: list[float]
    base_peak: float  # MiB, tracemalloc
    our_peak: float

    @property
    def ratio(self) -> float:
        return statistics.median(self.our_times) / statistics.median(self.base_times)

    @property
    def ratio_min(self) -> float:
        return min(self.our_times) / min(self.base_times)


def make_frame(rows: int, seed: int) -> pd.DataFrame:
    """Three 10-level categoricals, lognormal values, a contributor id and survey weights."""
    rng = np.random.default_rng(seed)
    frame = {
        name: pd.Categorical.from_codes(
            rng.integers(0, 10, rows), categories=[f"{name}{i}" for i in range(10)]
        )
        for name in ("a", "b", "c")
    }
    frame["v"] = rng.lognormal(mean=3.0, sigma=1.0, size=rows)
    frame["firm"] = rng.integers(0, max(rows // 5, 1), rows)
    frame["w"] = rng.uniform(0.5, 2.0, rows)
    return pd.DataFrame(frame)


def scenarios(df: pd.DataFrame) -> list[Scenario]:
    a, b, c, v = df["a"], df["b"], df["c"], df["v"]
    return [
        Scenario(
            "mean, 2 dims (a × b)",
            lambda: pd.crosstab(a, b, values=v, aggfunc="mean"),
            lambda: evidence_table(cell_evidence(df, ["a", "b"], "v"), "mean", ["b"]),
            True,
        ),
        Scenario(
            "mean, 3 dims (a, b × c)",
            lambda: pd.crosstab([a, b], c, values=v, aggfunc="mean"),
            lambda: evidence_table(cell_evidence(df, ["a", "b", "c"], "v"), "mean", ["c"]),
            True,
        ),
        Scenario(
            "mean, 3 dims, contributor (200k firms)",
            lambda: pd.crosstab([a, b], c, values=v, aggfunc="mean"),
            lambda: evidence_table(
                cell_evidence(df, ["a", "b", "c"], "v", contributor="firm"), "mean", ["c"]
            ),
            False,
        ),
        Scenario(
            "mean, 3 dims, all margins",
            lambda: pd.crosstab([a, b], c, values=v, aggfunc="mean", margins=True),
            lambda: evidence_table(
                cell_evidence(df, ["a", "b", "c"], "v", margins=True), "mean", ["c"]
            ),
            False,
        ),
    ]


def check_same(df: pd.DataFrame) -> None:
    """The table rebuilt from evidence must be the table pandas computes."""
    ours = evidence_table(cell_evidence(df, ["a", "b", "c"], "v"), "mean", ["c"])
    theirs = pd.crosstab([df["a"], df["b"]], df["c"], values=df["v"], aggfunc="mean")
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=1e-9)


def measure(scenario: Scenario, repeat: int) -> Measured:
    scenario.baseline()  # warm caches and lazy imports for both sides
    scenario.ours()
    base, ours = [], []
    for i in range(repeat):  # interleave, alternating who goes first
        if i % 2:
            ours.append(timed(scenario.ours))
            base.append(timed(scenario.baseline))
        else:
            base.append(timed(scenario.baseline))
            ours.append(timed(scenario.ours))
    return Measured(scenario, base, ours, peak_mib(scenario.baseline), peak_mib(scenario.ours))


def machine() -> dict[str, str]:
    try:
        uname = subprocess.run(["uname", "-a"], capture_output=True, text=True, check=True)
        uname_text = uname.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        uname_text = " ".join(platform.uname())
    try:
        cpus = str(len(os.sched_getaffinity(0)))
    except AttributeError:
        cpus = str(os.cpu_count())
    return {
        "uname -a": uname_text,
        "nproc": cpus,
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "pandas": pd.__version__,
    }


def max_rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10


def render(results: list[Measured], rows: int, repeat: int) -> str:
    info = machine()
    lines = [
        HEADING,
        "",
        f"Date: {dt.datetime.now(dt.UTC).date().isoformat()}. "
        f"Command: `python benchmarks/bench_crosstab.py --rows {rows} --repeat {repeat}`.",
        "",
        f"- Machine: `{info['uname -a']}`",
        f"- nproc: {info['nproc']}; Python {info['python']}; numpy {info['numpy']}; "
        f"pandas {info['pandas']}",
        f"- Data: {rows:,} rows, three 10-level categoricals, lognormal(3, 1) values, "
        f"{max(rows // 5, 1):,} contributor ids.",
        '- Baseline: `pandas.crosstab(..., values=v, aggfunc="mean")` alone. Ours: '
        "`cell_evidence(...)` (counts, units, total, top 3, negatives, missing, min, max, "
        'all_same) plus `evidence_table(..., "mean")`, i.e. the same table *and* its evidence.',
        f"- Times are medians (min in brackets) of {repeat} interleaved runs; the ratio is "
        f"ours / baseline of the medians. Target: ≤ {TARGET}× on the two target rows.",
        "- Peak memory: tracemalloc peak of one call (numpy and pandas buffers).",
        "",
        "| scenario | crosstab | table + evidence | ratio | target | peak crosstab | peak ours |",
        "|---|---:|---:|---:|:---:|---:|---:|",
    ]
    for m in results:
        verdict = ("pass" if m.ratio <= TARGET else "FAIL") if m.scenario.target else "info"
        lines.append(
            f"| {m.scenario.name} "
            f"| {statistics.median(m.base_times) * 1e3:.0f} ms ({min(m.base_times) * 1e3:.0f}) "
            f"| {statistics.median(m.our_times) * 1e3:.0f} ms ({min(m.our_times) * 1e3:.0f}) "
            f"| {m.ratio:.2f}× | {verdict} "
            f"| {m.base_peak:.0f} MiB | {m.our_peak:.0f} MiB |"
        )
    lines += ["", f"Process max RSS: {max_rss_mib():.0f} MiB.", ""]
    return "\n".join(lines)


def update_results(path: Path, section: str) -> None:
    """Replace this benchmark's section of RESULTS.md (or append it), leaving others alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}[ \t]*\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)

    df = make_frame(args.rows, args.seed)
    check_same(df)
    results = []
    for scenario in scenarios(df):
        m = measure(scenario, args.repeat)
        results.append(m)
        print(
            f"{scenario.name:42s} crosstab {statistics.median(m.base_times) * 1e3:7.1f} ms  "
            f"ours {statistics.median(m.our_times) * 1e3:7.1f} ms  ratio {m.ratio:.2f} "
            f"(min-based {m.ratio_min:.2f})  peak {m.base_peak:.0f} / {m.our_peak:.0f} MiB",
            flush=True,
        )
    section = render(results, args.rows, args.repeat)
    if not args.no_write:
        update_results(args.results, section)
        print(f"wrote {args.results}")
    missed = [m for m in results if m.scenario.target and m.ratio > TARGET]
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
