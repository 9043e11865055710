"""Benchmark: CPU of reading long tables (issue 14 §3: "a 1 MB long table read in < 1 s;
100 x 1 MB in < 60 s"), this version against an earlier one, alternating in fresh processes.

Run on demand (not in the suite): ``python -m benchmarks.bench_reading_cpu [--compare COMMIT
| --tree PATH] [--rounds 3] [--many 20] [--only long,many] [--write]``. Cases: one 1 MiB long
count table (``make_long``, seed 100), and ``--many`` of them (seeds 100..) in one folder.

"Reading" is ``engine.read_release``: every file read (CSV parse, layout inference, hidden
text), annotated, its coverage worked out (``sdc.coverage``) and its model prepared, then the
release-wide search for smuggled pieces (``release_blobs``): everything before the rules run.
"Check" is ``sdc.check`` of the same path, reading included. Each measurement is a fresh
process of one version (``PYTHONPATH`` = its tree): the 1 MiB table is read once to warm it,
then reading and the check are each the least CPU (user + system) of three; the folder of
``--many`` is read and checked once each after a warm-up on a small table. The versions
alternate (old, new, then new, old, ...) ``--rounds`` times, and the ratio is new / old of
the medians, so both see the same load. The findings' digest (SHA-256 of each finding's rule,
status, path, cell and message) shows the versions find the same.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

try:
    from benchmarks.bench_table_model import make_long
    from benchmarks.results_md import finish
    from benchmarks.worktrees import remove_baseline, run_in_tree, versions
except ImportError:  # run as a script from the benchmarks folder
    from bench_table_model import make_long  # type: ignore[no-redef]
    from results_md import finish  # type: ignore[no-redef]
    from worktrees import remove_baseline, run_in_tree, versions  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent


def _cpu() -> float:
    return time.process_time()


def one(path: Path, repeat: int) -> dict:
    """Measure reading and checking ``path`` in this (fresh) process."""
    import sdc
    from sdc.engine import read_release
    from sdc.policy import build_policy

    policy = build_policy({})
    if path.is_dir():  # a warm-up on a small table: imports, compiled patterns
        with tempfile.TemporaryDirectory() as tmp:
            small = Path(tmp) / "small.csv"
            make_long(small, 0.05)
            sdc.check(small, policy)
    else:
        read_release([path], policy)
    reads, checks = [], []
    for _ in range(repeat):
        start = _cpu()
        read_release([path], policy)
        reads.append(_cpu() - start)
    for _ in range(repeat):
        start = _cpu()
        result = sdc.check(path, policy)
        checks.append(_cpu() - start)
    found = [(f.rule, f.status.value, f.location.path, f.location.cell, f.message)
             for f in result.findings]
    return {"read": min(reads), "check": min(checks), "findings": len(found),
            "digest": hashlib.sha256(json.dumps(found).encode()).hexdigest()[:12],
            "sdc": str(Path(sdc.__file__).parent)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--many", type=int, default=20)
    parser.add_argument("--only", default="long,many")
    parser.add_argument("--compare", help="an earlier commit, run from a temporary worktree")
    parser.add_argument("--tree", help="an earlier version's tree (instead of --compare)")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(Path(args.one), args.repeat)))
        return
    trees, base = versions(REPO, args.compare)
    if args.tree:
        trees.append((f"before ({Path(args.tree).name})", Path(args.tree)))
    if len(trees) != 2:
        parser.error("give --compare COMMIT or --tree PATH")
    new, old = trees
    load_start = os.getloadavg()
    lines = ["| case | version | reading CPU (median; runs) | check CPU (median; runs) | "
             "findings (digest) |", "|---|---|---:|---:|---|"]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            cases = []
            if "long" in args.only:
                make_long(Path(tmp) / "long.csv", 1.0, seed=100)
                cases.append(("one 1 MiB long table", Path(tmp) / "long.csv", 3))
            if "many" in args.only:
                folder = Path(tmp) / "many"
                folder.mkdir()
                for k in range(args.many):
                    make_long(folder / f"table{k:03d}.csv", 1.0, seed=100 + k)
                cases.append((f"{args.many} x 1 MiB long tables (one check)", folder, 1))
            for label, path, repeat in cases:
                got: dict[str, list[dict]] = {new[0]: [], old[0]: []}
                for k in range(args.rounds):
                    for name, tree in ([old, new] if k % 2 == 0 else [new, old]):
                        done = run_in_tree(__file__, tree, str(path), "--repeat", str(repeat))
                        if done is not None:
                            got[name].append(done)
                medians = {}
                for name, runs in got.items():
                    if not runs:
                        lines.append(f"| {label} | {name} | failed | | |")
                        continue
                    read = statistics.median(r["read"] for r in runs)
                    check = statistics.median(r["check"] for r in runs)
                    medians[name] = (read, check)
                    reads = ", ".join(f"{r['read']:.2f}" for r in runs)
                    checks = ", ".join(f"{r['check']:.2f}" for r in runs)
                    digests = ", ".join(sorted({r["digest"] for r in runs}))
                    lines.append(f"| {label} | {name} | {read:.2f} s ({reads}) | "
                                 f"{check:.2f} s ({checks}) | {runs[0]['findings']} "
                                 f"({digests}) |")
                    print(lines[-1], flush=True)
                if len(medians) == 2:
                    (nr, nc), (orr, oc) = medians[new[0]], medians[old[0]]
                    lines.append(f"| {label} | ratio new / old | {nr / orr:.2f}× | "
                                 f"{nc / oc:.2f}× | |")
                    print(lines[-1], flush=True)
    finally:
        remove_baseline(REPO, base)
    command = (f"python -m benchmarks.bench_reading_cpu --rounds {args.rounds} "
               f"--many {args.many} --only {args.only}"
               + (f" --compare {args.compare}" if args.compare else " --tree BASE"))
    finish("\n".join(lines), load_start, write=args.write, command=command,
           reading="read the ratios",
           title="Reading long tables: CPU, alternating old/new (issue 14 §3)")


if __name__ == "__main__":
    main()
