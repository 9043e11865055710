"""Benchmark: what ``sdc check`` of one small CSV imports, and how long that takes (issue 14 §4).

Why: every small check a researcher runs, and the parent of ``-j N`` before its first fork,
pays the imports first. Each run is ``python -X importtime -m sdc check <folder>`` (a folder
holding one small CSV) in a fresh interpreter; its import time is the sum of every module's
own time in the ``-X importtime`` report, with the number of modules imported and the
process's CPU seconds. ``--compare SRC`` runs another tree (a worktree of main: its ``sdc``
first on the path) in the same rounds, alternating, so a loaded machine stretches both alike.
Two ways: from sources (``PYTHONDONTWRITEBYTECODE=1``, this machine's default: every module
compiled in every process) and from bytecode (a ``PYTHONPYCACHEPREFIX`` filled by one
untimed run, as an installed sdc reads it).

Run on demand: ``python -m benchmarks.bench_cold_imports [--repeat 5] [--compare SRC]
[--write TITLE]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    from benchmarks.results_md import machine_line, write_section
except ImportError:  # run as a script from the benchmarks folder
    from results_md import machine_line, write_section  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent
SMALL_CSV = "age_band,Female,Male\n0-17,120,131\n18-64,402,388\n65+,97,3\n"


def _env(tree: Path, pycache: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX"}}
    env["PYTHONPATH"] = os.pathsep.join([str(tree), *filter(None, [env.get("PYTHONPATH")])])
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def one_run(folder: Path, env: dict[str, str]) -> tuple[float, int, float]:
    """Import milliseconds (the sum of every module's own time), modules imported, and CPU
    seconds of one ``sdc check``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "sdc", "check", str(folder)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env=env, cwd=folder, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = [int(line.split("|")[0].split(":")[1]) for line in proc.stderr.splitlines()
           if line.startswith("import time:") and "self [us]" not in line]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return sum(own) / 1000, len(own), cpu


Rows = list[tuple[str, str, list[tuple[float, int, float]]]]  # way, tree, runs


def measure(repeat: int, compare: Path | None) -> Rows:
    trees = [("this tree", REPO)] + ([("compared", compare.resolve())] if compare else [])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "release"
        folder.mkdir()
        (folder / "table.csv").write_text(SMALL_CSV, encoding="utf-8")
        rows = []
        for way in ("sources", "bytecode"):
            envs = {}
            for label, tree in trees:
                pycache = Path(tmp) / f"pyc-{len(envs)}" if way == "bytecode" else None
                envs[label] = _env(tree, pycache)
                if pycache is not None:
                    one_run(folder, envs[label])  # fills the cache, untimed
            runs: dict[str, list[tuple[float, int, float]]] = {label: [] for label, _ in trees}
            for _ in range(repeat):
                for label, _ in trees:
                    runs[label].append(one_run(folder, envs[label]))
            rows += [(way, label, runs[label]) for label, _ in trees]
    return rows


def table(rows: Rows) -> str:
    lines = ["| way | tree | import ms (median) | min-max | modules | CPU s (median) |",
             "|---|---|---:|---:|---:|---:|"]
    for way, label, runs in rows:
        ms = [r[0] for r in runs]
        lines.append(f"| {way} | {label} | {statistics.median(ms):.0f} | "
                     f"{min(ms):.0f}-{max(ms):.0f} | {runs[0][1]} | "
                     f"{statistics.median(r[2] for r in runs):.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--compare", type=Path, help="another tree (a worktree of main)")
    parser.add_argument("--write", metavar="TITLE", help="a section of benchmarks/RESULTS.md")
    args = parser.parse_args()
    text = table(measure(args.repeat, args.compare))
    print(text)
    if args.write:
        write_section(args.write, f"{machine_line()}\n\n`sdc check` of one small CSV, "
                                  f"`-X importtime`, {args.repeat} runs each:\n\n{text}\n")


if __name__ == "__main__":
    main()
