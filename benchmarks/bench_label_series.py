"""Benchmark: a label column numbered as one series (``Area 0`` .. ``Area N-1``, as a loop over
areas writes it), checked by ``sdc check`` at two sizes. The cost per row should not grow with
the rows: before round 28 each label sorted the whole series again (``coverage._in_a_series``),
so 20,000 rows took 112 s of CPU where 2,000 took about 1 s.

Reports CPU per 1,000 rows at ``--small`` and ``--rows`` rows and their ratio (the growth), in
one fresh process per tree and size; ``--compare COMMIT`` runs that commit from a temporary
worktree in the same run. ``--write`` puts the table in benchmarks/RESULTS.md.

Run on demand: ``python -m benchmarks.bench_label_series [--rows 20000] [--small 2000]
[--kind xlsx] [--compare main] [--write]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
from pathlib import Path

try:
    from benchmarks.results_md import machine_line, write_section
    from benchmarks.worktrees import remove_baseline, run_in_tree, versions
except ImportError:  # run as a script from the benchmarks folder
    from results_md import machine_line, write_section  # type: ignore[no-redef]
    from worktrees import remove_baseline, run_in_tree, versions  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent


def write_release(folder: Path, rows: int, kind: str) -> Path:
    """One table: ``Area i`` by three counts (10..999), written as pandas writes it."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(rows)
    frame = pd.DataFrame(rng.integers(10, 1000, size=(rows, 3)), columns=["A", "B", "C"],
                         index=pd.Index([f"Area {i}" for i in range(rows)], name="area"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"areas.{kind}"
    if kind == "xlsx":
        frame.to_excel(path)
    else:
        frame.to_csv(path)
    return folder


def one(folder: Path) -> dict:
    """``sdc check --format json -j 1`` on ``folder`` in this process: CPU seconds."""
    from typer.testing import CliRunner

    from sdc.cli import app

    start = resource.getrusage(resource.RUSAGE_SELF)
    done = CliRunner().invoke(app, ["check", str(folder), "--format", "json", "-j", "1"])
    end = resource.getrusage(resource.RUSAGE_SELF)
    findings = json.loads(done.stdout)["summary"]["findings"]
    return {"cpu": end.ru_utime - start.ru_utime + end.ru_stime - start.ru_stime,
            "findings": findings}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", nargs=1)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--kind", choices=["csv", "xlsx"], default="xlsx")
    parser.add_argument("--compare")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(Path(args.one[0]))))
        return 0
    trees, base = versions(REPO, args.compare)
    lines = ["| version | rows | CPU s | CPU per 1,000 rows | growth | findings |",
             "|---|---:|---:|---:|---:|---:|"]
    try:
        with tempfile.TemporaryDirectory() as name:
            folders = {n: write_release(Path(name) / str(n), n, args.kind)
                       for n in (args.small, args.rows)}
            for label, tree in trees:
                per = {}
                for n, folder in folders.items():
                    got = run_in_tree(__file__, tree, str(folder))
                    if got is None:
                        return 1
                    per[n] = got["cpu"] / n * 1000
                    growth = per[n] / per[args.small]
                    lines.append(f"| {label} | {n:,} | {got['cpu']:.2f} | {per[n]:.3f} | "
                                 f"{growth:.2f}x | {got['findings']} |")
                    print(lines[-1], flush=True)
    finally:
        remove_baseline(REPO, base)
    body = "\n".join([machine_line(), f"One {args.kind} of `Area 0`..`Area N-1` by three counts; "
                      "`sdc check -j 1`, one fresh process each; growth is CPU per row at N "
                      f"against N = {args.small:,}.", "", *lines])
    print(body)
    if args.write:
        write_section(f"Round 28 (the lead): a label column numbered as one series, "
                      f"{args.kind}", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
