"""Benchmark: one labelled table that prints no grand total added to ``bench_scale``'s small
release (issue 12 and 14: such a table has no value at its population's hub, so its weak links
paired it with every table under each key it holds).

Run: ``python benchmarks/bench_wild_hub.py [--n 1000] [--baseline COMMIT] [--rounds 2]``.
Each run is a fresh process (``--one``) that generates the seeded release (with or without
``wild.csv``), runs ``sdc.check`` at ``-j 1`` and reports its links, components, the
findings' digest and wild.csv's findings, and CPU seconds; versions alternate within a round.
Prints a Markdown table (paste it into RESULTS.md with the machine and load).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
from pathlib import Path

try:
    from benchmarks.bench_scale import _digest, make_small_release
    from benchmarks.worktrees import remove_baseline, run_in_tree, versions
except ImportError:  # run as a script from the benchmarks folder
    from bench_scale import _digest, make_small_release  # type: ignore[no-redef]
    from worktrees import remove_baseline, run_in_tree, versions  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent
# three rows, three cells hidden, no margin: the table measured in round 15
WILD = ("age,Female,Male,Asian,White\nyoung,[c],20,31,44\nmid,15,[c],27,52\n"
        "old,18,30,[c],61\n")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _one(n: int, wild: bool) -> dict:
    """Check the release once, counting what the audit links (in this process)."""
    import numpy as np

    import sdc
    import sdc.linking as linking
    import sdc.rules.suppression as suppression
    from sdc.policy import build_policy

    seen: dict = {}

    def counted(real):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            start = _cpu()
            got = real(*args, **kwargs)
            seen["linking_s"] = _cpu() - start
            seen["strong"], seen["weak"] = len(got[0]), len(got[1])
            if len(got) == 4:  # (strong, weak, wild, constants)
                seen["wild_links"] = len(got[2])
                seen["constant_pairs"] = sum(len(p) for pins in got[3].values()
                                             for _, p in pins)
            return got
        return wrapper

    name = "links_and_constants" if hasattr(linking, "links_and_constants") else "shared_cells"
    setattr(linking, name, counted(getattr(linking, name)))
    real_components = suppression._link_components

    def components(*args):  # type: ignore[no-untyped-def]
        groups = real_components(*args)
        sizes = np.bincount(groups)
        seen["components"], seen["largest"] = len(sizes), int(sizes.max())
        return groups

    suppression._link_components = components
    real_run = suppression._Audit._run

    def run(self):  # type: ignore[no-untyped-def]
        real_run(self)
        seen["audited"] = len(self.components)

    suppression._Audit._run = run
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_small_release(root, n)
        if wild:
            (root / "wild.csv").write_text(WILD)
        start = _cpu()
        result = sdc.check(root, build_policy({}))
        cpu = _cpu() - start
    found = sorted((f.rule, f.location.cell, f.status.value) for out in result.outputs
                   if out.path == "wild.csv" for f in out.findings)
    return {**seen, "cpu": cpu, "digest": _digest(result),
            "findings": result.summary()["findings"], "wild": found}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--baseline", help="a commit to compare with, in a temporary worktree")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one(int(args.one[0]), args.one[1] == "wild")))
        return
    trees, base = versions(REPO, args.baseline)
    rows = ["| round | version | release | load | strong / weak / wild links | constants "
            "| components (largest) | audited | CPU s | linking CPU s | findings | digest "
            "| wild.csv |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    try:
        for r in range(args.rounds):
            for release in ("plain", "wild"):
                for name, tree in (trees if r % 2 == 0 else trees[::-1]):
                    load = os.getloadavg()[0]
                    got = run_in_tree(__file__, tree, str(args.n), release)
                    if got is None:
                        continue
                    rows.append(
                        f"| {r + 1} | {name} | {args.n}{' + wild' * (release == 'wild')} "
                        f"| {load:.1f} | {got.get('strong')} / {got.get('weak')} / "
                        f"{got.get('wild_links', '–')} | {got.get('constant_pairs', '–')} "
                        f"| {got.get('components')} ({got.get('largest')}) "
                        f"| {got.get('audited')} | {got['cpu']:.1f} "
                        f"| {got.get('linking_s', 0):.2f} | {got['findings']} "
                        f"| {got['digest']} | {got['wild'] or 'none'} |")
                    print(rows[-1], flush=True)
    finally:
        remove_baseline(REPO, base)
    print("\n".join(rows))


if __name__ == "__main__":
    sys.exit(main())
