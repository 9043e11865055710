"""Benchmark: the memory peak of reading one large CSV table, and of checking it, this version
against an earlier commit (issue 12 channel 12: memory under 10x the file; issue 14 §3).

Run on demand: ``python -m benchmarks.bench_reading_peak --compare COMMIT [--rounds 2]
[--long-mb 1] [--long-rows 100000] [--write]``. Files: ``bench_table_model``'s 1 MiB long
count table and its 100,000-row aggregate long table. Each measurement runs in a fresh process
with its own ``sdc`` first on the path (the earlier one from a temporary ``git worktree``), the
two versions alternating, ``--rounds`` times each; reported: the tracemalloc peak of one
``read_output`` and of one ``sdc.check`` (warmed first), what the read table holds afterwards,
the CPU time of a read and of a check (``time.process_time``, best of 2 warm calls a process,
best over the rounds) and a digest of the findings (equal digests, same findings).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import tempfile
import time
import tracemalloc
from pathlib import Path

try:
    from benchmarks.bench_table_model import make_long, make_long_rows
    from benchmarks.results_md import machine_line, write_section
    from benchmarks.worktrees import remove_baseline, run_in_tree, versions
except ImportError:  # run as a script from the benchmarks folder
    from bench_table_model import make_long, make_long_rows  # type: ignore[no-redef]
    from results_md import machine_line, write_section  # type: ignore[no-redef]
    from worktrees import remove_baseline, run_in_tree, versions  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent


def _one(path_text: str) -> dict:
    """Measure one file with the ``sdc`` on the path (run in a fresh process)."""
    import sdc
    from sdc.policy import build_policy
    from sdc.readers import read_output

    path = Path(path_text)
    policy = build_policy({})

    def read() -> object:
        return read_output(path, path.name, policy)

    def check() -> object:
        return sdc.check(str(path), policy)

    found = [(f.rule, f.status.value, f.location.cell, f.message) for f in check().findings]
    digest = hashlib.sha256(json.dumps(found, default=str).encode()).hexdigest()[:12]
    out: dict = {"findings": len(found), "digest": digest}
    for name, func in (("read", read), ("check", check)):
        cpu = []
        for _ in range(2):
            gc.collect()
            start = time.process_time()
            func()
            cpu.append(time.process_time() - start)
        out[f"{name}_cpu"] = min(cpu)
        gc.collect()
        tracemalloc.start()
        kept = func()
        _, peak = tracemalloc.get_traced_memory()
        if name == "read":
            gc.collect()
            out["held"] = tracemalloc.get_traced_memory()[0] / 2**20
        del kept
        tracemalloc.stop()
        out[f"{name}_peak"] = peak / 2**20
    return out


def run(tree: Path, path: Path) -> dict | None:
    return run_in_tree(__file__, tree, str(path))


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--compare", required=False)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--long-mb", type=float, default=1.0)
    parser.add_argument("--long-rows", type=int, default=100_000)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one(args.one)))
        return
    trees, base = versions(REPO, args.compare)
    loads = [_load()]
    results: dict[tuple[str, str], list[dict]] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            files = []
            for label, make, size in ((f"{args.long_mb:g} MiB long count table", make_long,
                                       args.long_mb),
                                      (f"{args.long_rows:,}-row aggregate long table",
                                       make_long_rows, args.long_rows)):
                folder = Path(tmp) / str(len(files))  # a folder each: check reads the folder
                folder.mkdir()
                path = folder / "t.csv"
                make(path, size)
                files.append((label, path))
            for _ in range(args.rounds):
                for label, path in files:
                    for name, tree in trees:  # alternating fresh processes
                        got = run(tree, path)
                        print(label, name, got, flush=True)
                        if got is not None:
                            results.setdefault((label, name), []).append(got)
                loads.append(_load())
            sizes = {label: path.stat().st_size / 2**20 for label, path in files}
    finally:
        remove_baseline(REPO, base)
    table = ["| file | MiB | version | read peak | × file | held after read | check peak | "
             "× file | read CPU | check CPU | findings (digest) |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for (label, name), got in results.items():
        mib = sizes[label]
        best = {k: min(g[k] for g in got) for k in ("read_peak", "held", "check_peak",
                                                    "read_cpu", "check_cpu")}
        digests = sorted({g["digest"] for g in got})
        table.append(
            f"| {label} | {mib:.1f} | {name} | {best['read_peak']:.1f} MiB | "
            f"{best['read_peak'] / mib:.0f}× | {best['held']:.1f} MiB | "
            f"{best['check_peak']:.1f} MiB | {best['check_peak'] / mib:.0f}× | "
            f"{best['read_cpu']:.2f} s | {best['check_cpu']:.2f} s | {got[0]['findings']} "
            f"({', '.join(digests)}) |")
    text = "\n".join(table)
    print(text)
    if args.write:
        body = (f"Command: `python -m benchmarks.bench_reading_peak --rounds {args.rounds} "
                f"--long-mb {args.long_mb:g} --long-rows {args.long_rows}"
                + (f" --compare {args.compare}" if args.compare else "") + "`. "
                + machine_line() + f" Load average (1/5/15 min) at the start and after each "
                f"round: {'; '.join(loads)}. Peaks and held memory: tracemalloc (Python "
                "allocations), the smallest over the rounds (they barely vary); CPU: best of 2 "
                "warm calls a process, best over the rounds.\n\n" + text)
        write_section("Reading peak of one large CSV (issue 12 ch. 12, issue 14 §3)", body)


if __name__ == "__main__":
    main()
