"""Benchmark: how long the ``sdc`` command takes to start (issue 15 §8).

Each command runs in a fresh interpreter (``python -m sdc ...``), interleaved with the baseline
``python -c pass`` in the same run, so the ratio to the baseline is what to compare on a noisy
machine. Targets (wall, this machine): ``sdc --help`` and ``sdc rules`` under 0.3 s, ``sdc check``
of one small CSV under 1 s.

``--compare SRC`` also times another version's source tree (a folder holding its ``sdc``
package, e.g. ``git archive <commit> sdc | tar -x -C SRC``) in the same runs.

Run on demand: ``python benchmarks/bench_startup.py [--repeat 9] [--compare SRC] [--write]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    from benchmarks.results_md import machine_line, write_section
except ImportError:  # run as a script from the benchmarks folder
    from results_md import machine_line, write_section  # type: ignore[no-redef]

SMALL_CSV = "age_band,Female,Male\n0-17,120,131\n18-64,402,388\n65+,97,3\n"


def commands(csv: Path) -> list[tuple[str, list[str], float]]:
    """(label, argv after the interpreter, target seconds)."""
    return [
        ("sdc --help", ["-m", "sdc", "--help"], 0.3),
        ("sdc rules", ["-m", "sdc", "rules"], 0.3),
        ("sdc rules SDC101", ["-m", "sdc", "rules", "SDC101"], 0.3),
        ("sdc check one small CSV", ["-m", "sdc", "check", str(csv)], 1.0),
    ]


def child_env(pycache: Path, src: Path | None = None) -> dict[str, str]:
    """The environment of an installed sdc: bytecode cached (in ``pycache``, not the source
    tree), whatever PYTHONDONTWRITEBYTECODE this shell has; ``src`` first on the path."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env["SDC_BENCH_DIR"] = str(pycache.parent)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [env.get("PYTHONPATH")])])
    return env


def wall(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of the interpreter with ``argv``
    (output discarded), from the folder of the small CSV (so the working directory puts no
    ``sdc`` first on the path). On a shared machine the CPU time is the steadier figure: the
    other sessions' load stretches the wall time far more."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *argv], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False, env=env, cwd=env["SDC_BENCH_DIR"])
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


Times = dict[str, list[tuple[float, float]]]  # label -> (wall, CPU) per run


def measure(repeat: int, compare: Path | None = None
            ) -> tuple[list[tuple[float, float]], Times, list[tuple[str, float]]]:
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "release" / "table.csv"  # alone: its folder is its release context
        csv.parent.mkdir()
        csv.write_text(SMALL_CSV, encoding="utf-8")
        envs = [("", child_env(Path(tmp) / "pycache"))]
        if compare is not None:
            envs.append((" (compared)", child_env(Path(tmp) / "pycache", compare.resolve())))
        runs = [(label + suffix, argv, target, env) for suffix, env in envs
                for label, argv, target in commands(csv)]
        for _, argv, _, env in runs:  # warm the bytecode cache and the file system
            wall(argv, env)
        baseline: list[tuple[float, float]] = []
        times: Times = {label: [] for label, _, _, _ in runs}
        for _ in range(repeat):  # interleaved: load on the machine hits every row alike
            baseline.append(wall(["-c", "pass"], envs[0][1]))
            for label, argv, _, env in runs:
                times[label].append(wall(argv, env))
    return baseline, times, [(label, target) for label, _, target, _ in runs]


def report(baseline: list[tuple[float, float]], times: Times,
           targets: list[tuple[str, float]], repeat: int, load: tuple[float, float]) -> str:
    base = statistics.median(w for w, _ in baseline)
    base_cpu = statistics.median(c for _, c in baseline)
    lines = [
        f"Command: `python benchmarks/bench_startup.py --repeat {repeat}`. {machine_line()} "
        f"Load average (1 min) at the start {load[0]:.1f}, at the end {load[1]:.1f} (a "
        "shared machine).",
        "",
        "Each command is a fresh `python -m sdc ...` with its bytecode cached; figures are "
        f"medians (best in brackets) of {repeat} interleaved runs; the ratio is the median wall "
        f"time against `python -c pass` ({base * 1000:.0f} ms wall, {base_cpu * 1000:.0f} ms "
        "CPU) in the same run. CPU is user + system time of the process: the other sessions' "
        "load stretches wall times much more than CPU times. \"met\" compares the best and the "
        "median wall time with the target.",
        "",
        "| command | wall | CPU | wall ratio to `python -c pass` | target | met (best, median) |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    for label, target in targets:
        walls = [w for w, _ in times[label]]
        cpus = [c for _, c in times[label]]
        median = statistics.median(walls)
        lines.append(f"| {label} | {median * 1000:.0f} ms ({min(walls) * 1000:.0f}) | "
                     f"{statistics.median(cpus) * 1000:.0f} ms ({min(cpus) * 1000:.0f}) | "
                     f"{median / base:.1f}× | {target:.1f} s | "
                     f"{'yes' if min(walls) < target else 'no'}, "
                     f"{'yes' if median < target else 'no'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--compare", type=Path, help="another version's source tree")
    parser.add_argument("--compare-label", help="what --compare is (e.g. a commit)")
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    baseline, times, targets = measure(args.repeat, args.compare)
    body = report(baseline, times, targets, args.repeat, (load_before, os.getloadavg()[0]))
    if args.compare is not None:
        body += ("\n\nRows marked (compared): "
                 f"{args.compare_label or f'the source tree {args.compare}'}.")
    print(body)
    if args.write:
        write_section("Startup of the command line (issue 15)", body)


if __name__ == "__main__":
    main()
