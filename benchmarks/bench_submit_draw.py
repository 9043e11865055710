"""Benchmark: what a submit holds while it draws its pages (issue 14 §3, round 24 ``lean``).

``sdc request submit`` (and the web app's create and update, the same ``requests.submit``)
checks a folder and then draws every output's page from the tables the check read
(``drawing.draw_all``). N long count tables of 1 MiB (``bench_table_model.make_long``, seeds
100+k, one folder) are submitted to a fresh SQLite ledger, in a fresh process per version
(``--compare COMMIT``: an earlier one from a temporary worktree), alternating: the resident
size when the drawing starts (after a ``gc.collect``), the peak during it (VmHWM reset at its
start), its CPU and the collector's share of it (``gc.callbacks``), and a digest of the
stored pages (same pages). The check's own peak is printed too (it is the check's, before).

Run on demand (not in the suite): ``python -m benchmarks.bench_submit_draw [--tables 20]
[--repeat 2] [--compare COMMIT]``.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    from benchmarks.bench_table_model import make_long
    from benchmarks.results_md import machine_line
    from benchmarks.worktrees import remove_baseline, versions
except ImportError:  # run as a script from the benchmarks folder
    from bench_table_model import make_long  # type: ignore[no-redef]
    from results_md import machine_line  # type: ignore[no-redef]
    from worktrees import remove_baseline, versions  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent


def _status_mib(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def one(folder: Path, work: Path) -> dict:
    """Submit ``folder`` to a new ledger under ``work`` in this (fresh) process."""
    from typer.testing import CliRunner

    from sdc.ledger import drawing
    from tests.test_ledger_support import workflow_app

    got: dict = {}
    real = drawing.draw_all

    def measured(ledger, request_id, policy, tables=None):  # type: ignore[no-untyped-def]
        gc.collect()
        got["at_draw"], got["check_peak"] = _status_mib("VmRSS"), _status_mib("VmHWM")
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # VmHWM := VmRSS (Linux)
        spent = {"gc": 0.0, "start": 0.0, "full": 0}

        def timed(phase: str, info: dict) -> None:
            if phase == "start":
                spent["start"] = time.process_time()
            else:
                spent["gc"] += time.process_time() - spent["start"]
                spent["full"] += info["generation"] == 2

        start = time.process_time()
        gc.callbacks.append(timed)
        try:
            real(ledger, request_id, policy, tables)
        finally:
            gc.callbacks.remove(timed)
        got["draw_cpu"] = time.process_time() - start
        got["draw_peak"] = _status_mib("VmHWM")
        got["gc_cpu"], got["full_collections"] = spent["gc"], spent["full"]

    drawing.draw_all = measured
    url = str(work / "ledger.sqlite")
    done = CliRunner().invoke(workflow_app(), ["request", "submit", str(folder), "--author",
                                               "alice", "--ledger", url])
    if done.exit_code != 0:
        raise SystemExit(done.output)
    with sqlite3.connect(url) as conn:
        pages = conn.execute("select key, html from rendered_outputs order by key").fetchall()
    got["pages"] = len(pages)
    got["digest"] = hashlib.sha256("".join(h for _, h in pages).encode()).hexdigest()[:12]
    return got


def run(tree: Path, folder: Path) -> dict | None:
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, PYTHONPATH=str(tree))
        cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(folder), work]
        done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True,
                              check=False)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--tables", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--compare", help="an earlier commit, run from a temporary worktree")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(Path(args.one[0]), Path(args.one[1]))))
        return
    trees, base = versions(REPO, args.compare)
    print("| version | resident at the drawing | drawing's peak | drawing CPU (collector) "
          "| full collections | check's peak | pages (digest) |\n"
          "|---|---:|---:|---:|---:|---:|---|")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "req"
            folder.mkdir()
            for k in range(args.tables):
                make_long(folder / f"table{k:03d}.csv", 1.0, seed=100 + k)
            for _ in range(args.repeat):
                for name, tree in trees:
                    got = run(tree, folder)
                    if got is None:
                        print(f"| {name} | failed | | | | | |")
                        continue
                    print(f"| {name} | {got['at_draw']:.0f} MiB | {got['draw_peak']:.0f} MiB | "
                          f"{got['draw_cpu']:.1f} s ({got['gc_cpu']:.1f} s) | "
                          f"{got['full_collections']} | {got['check_peak']:.0f} MiB | "
                          f"{got['pages']} ({got['digest']}) |", flush=True)
    finally:
        remove_baseline(REPO, base)
    print(machine_line(), f"load average (1, 5, 15 min) at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
