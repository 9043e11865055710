"""Benchmark: issue 14 §3's long tables, as a user runs them: one 1 MiB long count table and
100 of them in one folder, ``sdc check`` (the command, in a fresh process) at ``-j 1`` and
``-j 2``, and the read of the one table alone (``sdc.readers.read_file``, in-process).

Run on demand (not in the suite): ``python -m benchmarks.bench_long_many [--base TREE |
--compare COMMIT] [--many 100] [--rounds 2] [--cases read,one,j1,j2] [--write]``. The tables
are ``bench_table_model.make_long``'s (seeds 100.. as ``bench_large --only many``).

Why another benchmark: ``bench_large`` measures the checking process alone (its ``VmHWM``);
issue 14's "< 1 GB" is the whole check's, workers included. Here a thread samples, every
``--every`` seconds, the resident size (``VmRSS``) of the command and of every process under
it, and keeps the peak of their sum, and the peak of their summed proportional set sizes
(``Pss``: a page a forked process shares with its parent counted half in each, so the sum is
what they hold together); each process's own peak (``VmHWM``, last seen) is kept too, and
their sum is the bound a sample cannot miss. CPU is user + system of the command and
the workers it reaped (``RUSAGE_CHILDREN`` around the run). The versions run alternately,
``--rounds`` times, so the machine's drift falls on both alike: on a shared machine CPU is the
figure to read (wall on 2 cores is at best CPU / 2 plus the serial part). The findings digest
(SHA-256 of every finding's rule, status, path, cell and message in the JSON report) shows the
versions find the same.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

try:
    from benchmarks.bench_table_model import make_long
    from benchmarks.results_md import finish
    from benchmarks.worktrees import remove_baseline, versions
except ImportError:  # run as a script from the benchmarks folder
    from bench_table_model import make_long  # type: ignore[no-redef]
    from results_md import finish  # type: ignore[no-redef]
    from worktrees import remove_baseline, versions  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent


def _children_of() -> dict[int, list[int]]:
    """Every process's children, from ``/proc/*/stat`` (field 4: the parent)."""
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def _mem_kib(pid: int) -> tuple[int, int] | None:
    """A process's ``VmRSS`` and ``VmHWM`` in KiB, None once it is gone."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
    except OSError:
        return None
    return rss, hwm


def _pss_kib(pid: int) -> int:
    """A process's proportional set size in KiB (``smaps_rollup``): a page shared with a
    forked process counted half in each, so the processes' sum is the memory they use
    together (``VmRSS`` counts a page copy-on-write shared in each)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory:
    """Samples a process and its descendants: the peak of their summed ``VmRSS`` and each
    process's last-seen ``VmHWM``."""

    def __init__(self, pid: int, every: float) -> None:
        self.pid, self.every = pid, every
        self.peak_kib = self.peak_pss_kib = 0
        self.hwm: dict[int, int] = {}
        self.most = 1  # the most processes seen at once
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            kids, todo, total, pss, seen = _children_of(), [self.pid], 0, 0, 0
            while todo:
                pid = todo.pop()
                todo.extend(kids.get(pid, []))
                mem = _mem_kib(pid)
                if mem is None or mem[1] == 0:  # gone, or a zombie
                    continue
                total, pss, seen = total + mem[0], pss + _pss_kib(pid), seen + 1
                self.hwm[pid] = max(self.hwm.get(pid, 0), mem[1])
            self.peak_kib, self.most = max(self.peak_kib, total), max(self.most, seen)
            self.peak_pss_kib = max(self.peak_pss_kib, pss)
            self._stop.wait(self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def digest(report: dict) -> tuple[int, str]:
    """The number of findings and the SHA-256 (12 hex) of their rule, status, path, cell and
    message, in the report's order."""
    found = [(f["rule"], f["status"], f["location"]["path"], f["location"]["cell"],
              f["message"]) for out in report["outputs"] for f in out["findings"]]
    return len(found), hashlib.sha256(json.dumps(found).encode()).hexdigest()[:12]


def check(tree: Path, folder: Path, jobs: int, every: float) -> dict:
    """``sdc check FOLDER -j JOBS -f json`` with ``tree``'s sdc, in a fresh process."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    cmd = [sys.executable, "-m", "sdc", "check", str(folder), "-j", str(jobs), "-f", "json"]
    with tempfile.TemporaryFile("w+") as out:
        cpu, wall = _children_cpu(), time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=tree, env=env, stdout=out, stderr=subprocess.PIPE,
                                text=True)
        memory = TreeMemory(proc.pid, every)
        _, err = proc.communicate()
        wall = time.perf_counter() - wall
        memory.stop()
        cpu = _children_cpu() - cpu
        out.seek(0)
        text = out.read()
    if proc.returncode not in (0, 1, 2):  # 1: some output fails, 2: review
        raise RuntimeError(f"sdc check exited {proc.returncode}: {err[-2000:]}")
    n, dig = digest(json.loads(text))
    return {"cpu": cpu, "wall": wall, "peak_mib": memory.peak_kib / 1024,
            "pss_mib": memory.peak_pss_kib / 1024,
            "hwm_sum_mib": sum(memory.hwm.values()) / 1024,
            "hwm_max_mib": max(memory.hwm.values(), default=0) / 1024,
            "processes": memory.most, "findings": n, "digest": dig}


def read_one(path: Path) -> dict:
    """In this (fresh) process: the CPU of ``read_file`` of one table, and the RSS it added."""
    from sdc.policy import build_policy
    from sdc.readers import read_file

    options = build_policy({}).read_options()
    before = _mem_kib(os.getpid()) or (0, 0)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    start = usage.ru_utime + usage.ru_stime
    outputs = read_file(path, path.name, options)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    after = _mem_kib(os.getpid()) or (0, 0)
    cells = sum(len(o.table.cells) for o in outputs if o.table is not None)
    return {"cpu": usage.ru_utime + usage.ru_stime - start,
            "peak_mib": (after[1] - before[0]) / 1024, "cells": cells}


def read_in(tree: Path, path: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(path)]
    done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _row(case: str, name: str, run: int, got: dict) -> str:
    if "findings" not in got:
        return (f"| {case} | {name} | {run} | {got['cpu']:.2f} | – | {got['peak_mib']:.0f} | "
                f"{got['peak_mib']:.0f} | – | 1 | {got['cells']:,} cells |")
    return (f"| {case} | {name} | {run} | {got['cpu']:.2f} | {got['wall']:.1f} | "
            f"{got['pss_mib']:.0f} | {got['peak_mib']:.0f} | "
            f"{got['hwm_sum_mib']:.0f} ({got['hwm_max_mib']:.0f}) | "
            f"{got['processes']} | {got['findings']:,} ({got['digest']}) |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--many", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cases", default="read,one,j1,j2")
    parser.add_argument("--base", help="an existing tree to compare (e.g. /work/base43)")
    parser.add_argument("--base-only", action="store_true", help="measure --base alone")
    parser.add_argument("--compare", help="an earlier commit, run from a temporary worktree")
    parser.add_argument("--every", type=float, default=0.1, help="seconds between samples")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(read_one(Path(args.one))))
        return
    trees, made = versions(REPO, args.compare)
    if args.base_only:
        trees = []
    if args.base:
        trees.append((f"base ({Path(args.base).name})", Path(args.base)))
    cases = args.cases.split(",")
    load_start = os.getloadavg()
    lines = ["| case | version | round | CPU s | wall s | peak PSS, all processes (MiB) | "
             "peak RSS, all processes | sum (max) of each process's peak RSS | processes | "
             "findings (digest) |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            one, many = Path(tmp) / "one", Path(tmp) / "many"
            one.mkdir()
            many.mkdir()
            make_long(one / "long.csv", 1.0)
            if "j1" in cases or "j2" in cases:
                for k in range(args.many):
                    make_long(many / f"table{k:03d}.csv", 1.0, seed=100 + k)
            plan = {"read": ("read 1 MiB", None, 0), "one": ("check 1 MiB", one, 1),
                    "j1": (f"check {args.many} × 1 MiB -j 1", many, 1),
                    "j2": (f"check {args.many} × 1 MiB -j 2", many, 2)}
            for case in cases:
                label, folder, jobs = plan[case]
                for run in range(1, args.rounds + 1):
                    order = trees if run % 2 else trees[::-1]
                    for name, tree in order:
                        got = (read_in(tree, one / "long.csv") if folder is None
                               else check(tree, folder, jobs, args.every))
                        lines.append(_row(label, name, run, got))
                        print(lines[-1], f"load {os.getloadavg()[0]:.1f}", flush=True)
    finally:
        remove_baseline(REPO, made)
    command = (f"python -m benchmarks.bench_long_many --many {args.many} --rounds {args.rounds}"
               f" --cases {args.cases}" + (f" --base {args.base}" if args.base else "")
               + (f" --compare {args.compare}" if args.compare else ""))
    finish("\n".join(lines), load_start, write=args.write, command=command,
           reading="read CPU times",
           title="Long tables of 1 MiB: one, and 100 in one check (issue 14 §3)")


if __name__ == "__main__":
    main()
