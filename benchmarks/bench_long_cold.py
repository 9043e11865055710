"""Benchmark: the 1 MiB long table's check as ``sdc check`` runs it (models let go), first in
a fresh process ("cold": what ``bench_large`` measures) and again in the same process
("warm"), this version against earlier commits, alternating, in two ways of loading Python:

- ``sources``: every module compiled from its source in every process, as this machine runs
  Python (``PYTHONDONTWRITEBYTECODE=1``, and the venv's packages installed without bytecode);
- ``bytecode``: the compiled modules read from a cache (``PYTHONPYCACHEPREFIX``, filled by one
  untimed run per version first), as an installed package is (pip compiles at install).

The difference between the two is compiling ~300 modules (scipy's and sdc's), not checking.

Run on demand: ``python -m benchmarks.bench_long_cold [--compare 5b9bbf7,439751e]
[--rounds 3] [--mib 1] [--write]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    from benchmarks.bench_table_model import make_long
    from benchmarks.results_md import finish
    from benchmarks.worktrees import add_baseline, remove_baseline
except ImportError:  # run as a script from the benchmarks folder
    from bench_table_model import make_long  # type: ignore[no-redef]
    from results_md import finish  # type: ignore[no-redef]
    from worktrees import add_baseline, remove_baseline  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent
TITLE = "Round 28 (speed28): the 1 MiB long table"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def one(path: Path) -> dict:
    """Two checks of ``path`` in this fresh process, as ``bench_large.one`` makes its one:
    pandas read first (it is imported by then), the policy built before the clock starts."""
    import inspect

    import pandas as pd

    import sdc
    from sdc.policy import build_policy

    pd.read_csv(path)
    policy = build_policy({})
    let_go = ({"keep_models": False}
              if "keep_models" in inspect.signature(sdc.check).parameters else {})
    times, found = [], []
    for _ in range(2):
        start = _cpu()
        result = sdc.check(path, policy, **let_go)
        times.append(_cpu() - start)
        found = [(f.rule, f.status.value, f.location.path, f.location.cell, f.message)
                 for f in result.findings]
    return {"cold": times[0], "warm": times[1], "findings": len(found),
            "digest": hashlib.sha256(json.dumps(found).encode()).hexdigest()[:12]}


def _run(tree: Path, path: Path, env: dict[str, str]) -> dict | None:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(path)]
    done = subprocess.run(cmd, cwd=tree, env=dict(env, PYTHONPATH=str(tree)),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _envs(cache: Path) -> dict[str, dict[str, str]]:
    sources = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    sources.pop("PYTHONPYCACHEPREFIX", None)
    bytecode = dict(os.environ, PYTHONPYCACHEPREFIX=str(cache))
    bytecode.pop("PYTHONDONTWRITEBYTECODE", None)
    return {"sources": sources, "bytecode": bytecode}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--compare", default="", help="earlier commits, comma-separated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--mib", type=float, default=1.0)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(Path(args.one))))
        return
    load_start = os.getloadavg()
    trees: list[tuple[str, Path]] = [("this version", REPO)]
    bases: list[Path] = []
    try:
        for commit in filter(None, args.compare.split(",")):
            bases.append(add_baseline(REPO, commit))
            trees.append((commit[:7], bases[-1]))
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "long.csv"
            make_long(path, args.mib)
            envs = _envs(Path(tmp) / "pycache")
            for _, tree in trees:  # the cache filled, untimed
                _run(tree, path, envs["bytecode"])
            got: dict[tuple[str, str], list[dict]] = {}
            for _ in range(args.rounds):
                for mode, env in envs.items():
                    for name, tree in trees:
                        run = _run(tree, path, env)
                        if run is not None:
                            got.setdefault((mode, name), []).append(run)
                            print(mode, name, run, flush=True)
    finally:
        for base in bases:
            remove_baseline(REPO, base)
    text = _table(got, trees, args.rounds)
    finish(text, load_start, write=args.write, title=TITLE,
           command="python -m benchmarks.bench_long_cold"
                   + (f" --compare {args.compare}" if args.compare else "")
                   + f" --rounds {args.rounds}",
           reading="CPU seconds, medians of the rounds; this ÷ it under 1: this version is faster")


def _table(got: dict[tuple[str, str], list[dict]], trees: list[tuple[str, Path]],
           rounds: int) -> str:
    lines = ["| Python loads | version | cold CPU (median; each round) | this ÷ it | warm "
             "CPU (median) | this ÷ it | findings (digest) |",
             "|---|---|---:|---:|---:|---:|---|"]
    for mode in ("sources", "bytecode"):
        mine = got.get((mode, "this version"), [])
        base_cold = statistics.median(r["cold"] for r in mine) if mine else None
        base_warm = statistics.median(r["warm"] for r in mine) if mine else None
        for name, _ in trees:
            runs = got.get((mode, name), [])
            if not runs:
                lines.append(f"| {mode} | {name} | failed | | | | |")
                continue
            cold = statistics.median(r["cold"] for r in runs)
            warm = statistics.median(r["warm"] for r in runs)
            each = ", ".join(f"{r['cold']:.2f}" for r in runs)
            digests = sorted({r["digest"] for r in runs})
            lines.append(
                f"| {mode} | {name} | {cold:.2f} s ({each}) | "
                f"{base_cold / cold:.2f}× | {warm:.2f} s | {base_warm / warm:.2f}× | "
                f"{runs[0]['findings']} ({', '.join(digests)}) |"
                if base_cold and base_warm else f"| {mode} | {name} | {cold:.2f} s | | | | |")
    lines.append(f"\n{rounds} rounds, each version in a fresh process per run, alternating.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
