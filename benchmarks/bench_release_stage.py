"""Benchmark: the release stage's CPU on many linked large tables (issue 14 §3).

``N`` long count tables of 1 MiB (``bench_table_model.make_long``, one seed each: the same
labels, so every table shares every label combination with every other and the audit builds
and links all of their systems) are read once per process, then timed: the release rules as
the engine runs them (``_release_findings`` on the release view), and within them the audit's
systems (``linking.table_systems``). Each version runs in a fresh process, alternating with
``--compare COMMIT`` (a temporary worktree), best of ``--repeat``; CPU is
``time.process_time``. The digest hashes every release finding (rule, status, path, cell,
message): equal digests, same findings.

Run on demand (not in the suite): ``python -m benchmarks.bench_release_stage [--tables 10,30]
[--repeat 3] [--compare COMMIT] [--write]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
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


def one(folder: Path) -> dict:
    """Read ``folder`` and time its release stage in this (fresh) process."""
    import gc

    from sdc import engine, linking
    from sdc.policy import build_policy

    policy = build_policy({})
    outputs, request, root, _ = engine.read_release([folder], policy)
    engine._prepare(outputs, policy)
    ctx = engine._context(policy, root, request, None, 1)
    rules = engine._enabled_rules(policy)
    engine._output_findings(outputs, [r for r in rules if r.scope == "output"], ctx, policy, 1)
    engine._pack_grids(outputs)
    view = engine._release_view(outputs, policy)
    gc.collect()
    start = time.process_time()
    linking.table_systems(view, policy.shared.rounding_base, total_labels=policy.total_labels)
    systems = time.process_time() - start
    gc.collect()
    start = time.process_time()
    found = engine._release_findings(outputs, [r for r in rules if r.scope == "release"],
                                     ctx, policy, None)
    release = time.process_time() - start
    rows = [(f.rule, f.status.value, f.location.path, f.location.cell, f.message)
            for f in found]
    return {"systems": systems, "release": release, "findings": len(rows),
            "digest": hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:12]}


def run(tree: Path, folder: Path) -> dict | None:
    return run_in_tree(__file__, tree, str(folder))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--tables", default="10,30")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compare", help="an earlier commit, run from a temporary worktree")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(Path(args.one))))
        return
    trees, base = versions(REPO, args.compare)
    load_start = os.getloadavg()
    lines = ["| tables | version | audit systems CPU | release rules CPU (with the systems) | "
             "per table | findings (digest) |", "|---:|---|---:|---:|---:|---|"]
    ratios = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for n in [int(t) for t in args.tables.split(",")]:
                folder = Path(tmp) / f"many{n}"
                folder.mkdir()
                for k in range(n):
                    make_long(folder / f"table{k:03d}.csv", 1.0, seed=100 + k)
                best: dict[str, dict] = {}
                for _ in range(args.repeat):  # alternating fresh processes
                    for name, tree in trees:
                        got = run(tree, folder)
                        if got is None:
                            continue
                        held = best.get(name)
                        if held is None or got["release"] < held["release"]:
                            best[name] = got
                for name, _tree in trees:
                    got = best.get(name)
                    if got is None:
                        lines.append(f"| {n} | {name} | failed | | | |")
                        continue
                    lines.append(f"| {n} | {name} | {got['systems']:.2f} s | "
                                 f"{got['release']:.2f} s | {got['release'] / n:.3f} s | "
                                 f"{got['findings']} ({got['digest']}) |")
                    print(lines[-1], flush=True)
                if len(best) == 2:
                    mine, theirs = (best[name] for name, _ in trees)
                    ratios.append(f"{n} tables: release {mine['release'] / theirs['release']:.2f}×"
                                  f", systems {mine['systems'] / theirs['systems']:.2f}×")
    finally:
        remove_baseline(REPO, base)
    text = "\n".join(lines) + ("\n\nThis version / before: " + "; ".join(ratios)
                               if ratios else "")
    command = (f"python -m benchmarks.bench_release_stage --tables {args.tables} "
               f"--repeat {args.repeat}"
               + (f" --compare {args.compare}" if args.compare else ""))
    finish(text, load_start, write=args.write, command=command,
           reading="CPU times, best of the alternating runs",
           title="Release stage on many linked long tables (issue 14 §3)")


if __name__ == "__main__":
    main()
