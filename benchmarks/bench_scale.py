"""Benchmark: how the release check scales with the number of outputs and linked cells (issue 14).

Run on demand: ``python -m benchmarks.bench_scale [--sizes 50,200,1000] [--linked 200x1000]
[--jobs 1,2] [--baseline COMMIT] [--command] [--write]``. Every configuration runs in a fresh
subprocess (``--one``) that generates its release from a fixed seed, runs ``sdc.check`` once
(with ``--command``, or ``"command": True`` in a ``run_one`` spec, as ``sdc check`` runs it:
``in_release``, the models let go and the audit's systems prebuilt) and reports CPU time
(its own and its workers'), wall time and peak RSS. ``--baseline COMMIT`` checks out that commit
in a temporary ``git worktree`` and runs the same releases with it, in the same run, so the
ratios compare like with like on a shared machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

try:
    from benchmarks.results_md import machine_line, write_section
    from benchmarks.worktrees import add_baseline, remove_baseline
except ImportError:  # run as a script from the benchmarks folder
    from results_md import machine_line, write_section  # type: ignore[no-redef]
    from worktrees import add_baseline, remove_baseline  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent
AGE_BANDS = [
    ["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"],
    ["<20", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80+"],
    ["0-15", "16-29", "30-44", "45-59", "60-74", "75-84", "85+"],
]
VARIABLES = {
    "sex": ["Female", "Male"],
    "region": ["North East", "North West", "Yorkshire", "East Midlands", "West Midlands",
               "East", "London", "South East", "South West"],
    "ethnicity": ["Asian", "Black", "Mixed", "White", "Other", "Unknown"],
    "imd": ["1", "2", "3", "4", "5"],
    "condition": ["Asthma", "COPD", "Diabetes", "Heart failure", "Stroke", "Cancer",
                  "Dementia", "Depression", "Hypertension", "CKD"],
    "year": ["2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025"],
}


def _crosstab_csv(rng: random.Random, rows: list[str], cols: list[str], row_name: str,
                  title: str) -> str:
    """A crosstab with totals, a title, a footnote and suppression markers (< 10 hidden)."""
    scale = rng.choice([3, 20, 200])
    inner = [[max(0, int(rng.expovariate(1 / scale))) for _ in cols] for _ in rows]
    row_tot = [sum(r) for r in inner]
    col_tot = [sum(c) for c in zip(*inner, strict=True)]
    lines = [title, f"{row_name}," + ",".join(cols) + ",Total"]

    def show(v: int) -> str:
        return "[c]" if 0 < v < 10 else str(v)

    for label, values, total in zip(rows, inner, row_tot, strict=True):
        lines.append(f"{label}," + ",".join(show(v) for v in values) + f",{show(total)}")
    lines.append("Total," + ",".join(show(v) for v in col_tot) + f",{sum(row_tot)}")
    lines.append("Source: generated. Cells below 10 are shown as [c].")
    return "\n".join(lines) + "\n"


def _dimensions(rng: random.Random, names: list[str]) -> tuple[str, list[str], str, list[str]]:
    """A table's row variable and its categories (an age banding 40% of the time), and a
    different column variable with the first 4 to 10 of its categories."""
    if rng.random() < 0.4:
        row_name, rows = "age", rng.choice(AGE_BANDS)
    else:
        row_name = rng.choice(names)
        rows = VARIABLES[row_name]
    rows = rows[: rng.randint(5, 20)] if len(rows) > 5 else rows
    col_name = rng.choice([c for c in names if c != row_name])
    return row_name, rows, col_name, VARIABLES[col_name][: rng.randint(4, 10)]


def make_small_release(root: Path, n: int, seed: int = 14) -> None:
    """``n`` crosstabs from 5×4 to 20×10 over shared variables (so tables can link)."""
    rng = random.Random(seed)
    names = list(VARIABLES)
    for i in range(n):
        row_name, rows, col_name, cols = _dimensions(rng, names)
        title = f"Table {i}: patients by {row_name} and {col_name}"
        (root / f"t{i:05d}.csv").write_text(_crosstab_csv(rng, rows, cols, row_name, title))


def _band_range(label: str) -> tuple[int, int]:
    """``"18-24"`` -> (18, 25), ``"75+"`` -> (75, 200), ``"<20"`` -> (0, 20)."""
    if label.startswith("<"):
        return 0, int(label[1:])
    if label.endswith("+"):
        return int(label[:-1]), 200
    lo, hi = label.split("-")
    return int(lo), int(hi) + 1


def _cohort_people(rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    """One cohort's microdata: an age and one category index per variable, long-tailed."""
    people = {"age": rng.integers(0, 95, size)}
    for name, cats in VARIABLES.items():
        w = 1.0 / np.arange(1, len(cats) + 1) ** 0.8
        people[name] = rng.choice(len(cats), size=size, p=w / w.sum())
    return people


def _categories(people: dict[str, np.ndarray], name: str, labels: list[str]) -> np.ndarray:
    """Each person's index among ``labels`` of variable ``name`` (-1: not shown)."""
    if name == "age":
        out = np.full(len(people["age"]), -1)
        for k, label in enumerate(labels):
            lo, hi = _band_range(label)
            out[(people["age"] >= lo) & (people["age"] < hi)] = k
        return out
    idx = people[name]
    return np.where(idx < len(labels), idx, -1)


def make_cohort_release(root: Path, n: int, seed: int = 14, per_cohort: int = 50) -> None:
    """``n`` crosstabs like :func:`make_small_release`, but as a large release is: the outputs
    of many studies, ``per_cohort`` tables each, every study's tables cut from its own cohort
    (consistent counts, so the differences between bandings are true counts) and its
    population declared in request.toml (``population = { cohort = "c0001" }``)."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    names = list(VARIABLES)
    toml = ["[request]", 'title = "generated release of many studies"']
    people: dict[str, np.ndarray] = {}
    for i in range(n):
        if i % per_cohort == 0:
            people = _cohort_people(nrng, rng.choice([300, 3_000, 30_000]))
        row_name, rows, col_name, cols = _dimensions(rng, names)
        r_idx = _categories(people, row_name, rows)
        c_idx = _categories(people, col_name, cols)
        shown = (r_idx >= 0) & (c_idx >= 0)
        grid = np.zeros((len(rows), len(cols)), dtype=np.int64)
        np.add.at(grid, (r_idx[shown], c_idx[shown]), 1)
        title = f"Table {i}: patients by {row_name} and {col_name}"
        (root / f"t{i:05d}.csv").write_text(_grid_csv(grid, rows, cols, row_name, title))
        toml += ["[[outputs]]", f'path = "t{i:05d}.csv"',
                 f'population = {{ cohort = "c{i // per_cohort:04d}" }}']
    (root / "request.toml").write_text("\n".join(toml) + "\n")


def _grid_csv(grid: np.ndarray, rows: list[str], cols: list[str], row_name: str,
              title: str) -> str:
    """A crosstab of ``grid`` with totals, a title, a footnote and ``[c]`` below 10."""

    def show(v: int) -> str:
        return "[c]" if 0 < v < 10 else str(int(v))

    lines = [title, f"{row_name}," + ",".join(cols) + ",Total"]
    for label, values in zip(rows, grid, strict=True):
        lines.append(f"{label}," + ",".join(show(v) for v in values) + f",{show(values.sum())}")
    lines.append("Total," + ",".join(show(v) for v in grid.sum(axis=0)) + f",{int(grid.sum())}")
    lines.append("Source: generated. Cells below 10 are shown as [c].")
    return "\n".join(lines) + "\n"


def make_linked_release(root: Path, n_tables: int, cells: int, seed: int = 14) -> None:
    """``n_tables`` crosstabs of about ``cells`` cells each, every one a cut of one population
    (pairs of variables of one microdata set), so they share margins and form one component."""
    rng = np.random.default_rng(seed)
    side = max(2, round(cells ** 0.5) - 1)
    n_vars = 2
    while n_vars * (n_vars - 1) // 2 < n_tables:
        n_vars += 1
    people = 40 * side * side  # about 40 people a cell, fewer in the long tails
    weights = 1.0 / np.arange(1, side + 1) ** 0.8
    data = rng.choice(side, size=(people, n_vars), p=weights / weights.sum())
    pairs = [(a, b) for a in range(n_vars) for b in range(a + 1, n_vars)][:n_tables]
    for k, (a, b) in enumerate(pairs):
        grid = np.zeros((side, side), dtype=np.int64)
        np.add.at(grid, (data[:, a], data[:, b]), 1)
        rows = [f"v{a}_{i}" for i in range(side)]
        cols = [f"v{b}_{j}" for j in range(side)]
        lines = [f"Patients by v{a} and v{b}", f"v{a}," + ",".join(cols) + ",Total"]

        def show(v: int) -> str:
            return "[c]" if 0 < v < 10 else str(int(v))

        for i, label in enumerate(rows):
            lines.append(f"{label}," + ",".join(show(v) for v in grid[i])
                         + f",{show(grid[i].sum())}")
        lines.append("Total," + ",".join(show(v) for v in grid.sum(axis=0))
                     + f",{int(grid.sum())}")
        (root / f"cut{k:04d}.csv").write_text("\n".join(lines) + "\n")


def _one(spec: dict) -> dict:
    """Generate one release, check it once, report the costs (run in a fresh process)."""
    import sdc
    from sdc.policy import build_policy

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if spec["kind"] == "small":
            make_small_release(root, spec["n"])
        elif spec["kind"] == "cohorts":
            make_cohort_release(root, spec["n"])
        else:
            make_linked_release(root, spec["n"], spec["cells"])
        policy = build_policy({})
        kwargs: dict = {"jobs": spec["jobs"]} if spec.get("jobs") else {}
        if spec.get("command"):  # as ``sdc check`` runs it: models let go (round 35)
            kwargs.update(in_release=True, keep_models=False)
        in_pools = _time_pools()
        full = _full_collections()
        sampler = _states_sampler() if spec.get("jobs", 1) > 1 else None
        start_wall = time.perf_counter()
        start = resource.getrusage(resource.RUSAGE_SELF)
        result = sdc.check(root, policy, **kwargs)
        end = resource.getrusage(resource.RUSAGE_SELF)
        wall = time.perf_counter() - start_wall
        gc.callbacks.remove(full.callback)
        single = None
        if sampler is not None:
            sampler.stop()
            single = _single(sampler)
    unreaped = _reap_workers()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    parent = (end.ru_utime - start.ru_utime) + (end.ru_stime - start.ru_stime)
    workers = children.ru_utime + children.ru_stime
    rss = max(end.ru_maxrss, children.ru_maxrss) / 1024  # KiB -> MiB on Linux
    summary = result.summary()
    return {"cpu": parent + workers, "wall": wall, "rss": rss, "outputs": summary["outputs"],
            "findings": summary["findings"], "status": result.status.value,
            "digest": _digest(result), "parent": parent, "workers": workers,
            "parent_in_pools": in_pools[0], "full_collections": full.count,
            "full_collections_cpu": full.cpu, "single": single, "unreaped": unreaped,
            # the forks' cost (round 34): minor faults (a page first written after a fork is
            # copied) and system time, the parent's during the check and the workers' in all
            "parent_minflt": end.ru_minflt - start.ru_minflt, "workers_minflt": children.ru_minflt,
            "parent_sys": end.ru_stime - start.ru_stime, "workers_sys": children.ru_stime}


def _reap_workers(timeout: float = 10.0) -> int:
    """Wait until the check's forked processes have exited and been reaped, so that
    ``RUSAGE_CHILDREN`` holds all their CPU: a pool lets its workers go without waiting for
    them (``shutdown(wait=False)``), and a child not yet reaped is not counted (round 33: a
    probe read 4.8 s of workers' CPU where they had run 6.8). Returns how many were still
    running at the timeout (their CPU missing from ``workers``)."""
    import multiprocessing

    end = time.monotonic() + timeout
    while multiprocessing.active_children() and time.monotonic() < end:
        time.sleep(0.01)
    return len(multiprocessing.active_children())


def _states_sampler():  # type: ignore[no-untyped-def]
    """Under ``-j`` > 1: a thread sampling the states and CPU of this process and of each it
    forks (``timeline_jobs.Sampler``, every 10 ms: ~1 % of a core), for :func:`_single`."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # this file's own tools
    from timeline_jobs import Sampler  # type: ignore[import-not-found]

    sampler = Sampler(0.01)
    sampler.start()
    return sampler


def _single(sampler) -> float:  # type: ignore[no-untyped-def]
    from timeline_jobs import single  # type: ignore[import-not-found]

    return single(sampler, 0.0, float("inf"))


class _FullCollections:
    """The parent's full (oldest-generation) collections while the check runs, and their
    CPU: one walks every object the process holds (round 31: one came as the check's
    collector pacing ended, 0.18 s on 1,000 tables)."""

    def __init__(self) -> None:
        self.count = 0
        self.cpu = 0.0
        self._start = 0.0

    def callback(self, phase: str, info: dict) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._start = time.process_time()
        else:
            self.count += 1
            self.cpu += time.process_time() - self._start


def _full_collections() -> _FullCollections:
    full = _FullCollections()
    gc.callbacks.append(full.callback)
    return full


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _time_pools() -> list[float]:
    """The parent's CPU while a pool runs (summed over pools), for the serial rest: the
    parent's CPU outside every pool is what a second core cannot share."""
    total = [0.0]
    try:
        from sdc import parallel, pool
    except ImportError:  # an older version without pools
        return total
    real = pool.map_indices

    def timed(*args: object, **kwargs: object) -> object:
        results = real(*args, **kwargs)  # type: ignore[arg-type]
        if results is None:
            return None

        def gather():  # type: ignore[no-untyped-def]
            start = _self_cpu()
            try:
                yield from results
            finally:
                total[0] += _self_cpu() - start

        return gather()

    pool.map_indices = timed  # type: ignore[assignment]
    if hasattr(parallel, "_map"):
        parallel._map = timed  # type: ignore[assignment]
    if hasattr(pool, "_front_here"):  # round 34: a pool whose items this process takes in
        real_front = pool._front_here  # order (the audit's table systems), not map_indices

        def timed_front(*args: object) -> object:
            start = _self_cpu()
            try:
                yield from real_front(*args)  # type: ignore[arg-type]
            finally:
                total[0] += _self_cpu() - start

        pool._front_here = timed_front  # type: ignore[assignment]
    return total


def _digest(result: object) -> str:
    """A short hash of every finding (output, rule, cell, message, status, related cells), in
    order: two versions found the same things exactly when their digests are equal."""
    import hashlib

    h = hashlib.sha256()
    for out in result.outputs:  # type: ignore[attr-defined]
        for f in out.findings:
            related = [(r.path, r.cell) for r in f.related]
            h.update(repr((out.path, f.rule, f.location.cell, f.message, f.status.value,
                           related)).encode())
    return h.hexdigest()[:12]


def _env(tree: Path, bytecode: Path | None) -> dict[str, str]:
    """The environment of a measured run: ``tree``'s sdc first on the path and, with
    ``bytecode``, Python's compiled modules kept in that folder. Why: this machine sets
    ``PYTHONDONTWRITEBYTECODE``, so every run compiles sdc, numpy and scipy from source
    (~0.5 s of the parent's CPU, round 48's tail48), a cost an installed ``sdc`` pays once;
    and it falls in the serial start of a check, so it lowers ``-j 2``'s ratio to ``-j 1``."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    if bytecode is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    return env


def run_one(spec: dict, tree: Path, timeout: float,
            bytecode: Path | None = None) -> dict | None:
    # run this file by path, so its generator is used, with ``tree``'s sdc first on the path
    env = _env(tree, bytecode)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", json.dumps(spec)]
    try:
        done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_beside(spec: dict, tree: Path, timeout: float) -> dict | None:
    """``spec`` run in two processes at once (``--jobs 1b``): the first's figures, with the
    second's CPU as ``beside_cpu``. Why: ``-j 2`` runs two processes of the check on the two
    cores at once, and each item costs more CPU beside another such process than alone (round
    33, loaded 2-core VM: a ``-j 1`` check beside a copy of itself ~12 % dearer, the audit's
    components ~20 %, about what the same items cost in a ``-j 2`` run), with no pool, fork
    or pickle involved. ``cpu(-j 2) − cpu(-j 1 beside a copy)`` is then what the pools add
    themselves."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", json.dumps(spec)]
    procs = [subprocess.Popen(cmd, cwd=tree, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    got = []
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            for other in procs:
                other.kill()
            return None
        if proc.returncode != 0:
            print(err[-2000:], file=sys.stderr)
            return None
        got.append(json.loads(out.strip().splitlines()[-1]))
    return {**got[0], "beside_cpu": got[1]["cpu"]}


def _beside(got: dict, rows: list, spec: dict, name: str) -> str:
    """Under ``1b``: the CPU beside a copy against the last ``-j 1`` run alone, and what the
    last ``-j 2`` run spent over it (the pools' own cost, the contention taken out)."""
    if "beside_cpu" not in got:
        return ""
    text = f" | the copy beside it {got['beside_cpu']:.2f} s"
    ones = [g for _, s, n, j, g in rows if s == spec and n == name and j == 1 and g]
    twos = [g for _, s, n, j, g in rows if s == spec and n == name and j == 2 and g]
    if ones:
        text += f"; beside / alone {got['cpu'] / ones[-1]['cpu']:.3f}"
    if twos:
        text += f"; -j 2 over it {twos[-1]['cpu'] - got['cpu']:+.2f} s"
    return text


def _faults(got: dict) -> str:
    """The parent's and the workers' minor faults and system time (versions that report
    them): what the forks cost beside the pickles."""
    if "parent_minflt" not in got:
        return ""
    return (f" | faults parent {got['parent_minflt']:,} workers {got['workers_minflt']:,}, "
            f"system s parent {got['parent_sys']:.2f} workers {got['workers_sys']:.2f}")


def _split(got: dict, rows: list, spec: dict, name: str) -> str:
    """Under -j > 1: the parent's CPU outside the pools (serial), inside them, the workers',
    and the wall speed-up they allow against the last -j 1 run of the same release and
    version: ``cpu(-j 1) / (serial + (parent in pools + workers) / 2)`` on two idle cores,
    and ``cpu(-j 1) / max(parent, cpu / 2)`` (the parent's serial work may run beside a
    process of its own, ``sdc.pool.Apart``: then no core need wait for it; both ignore the
    idle ends of pools)."""
    if not got.get("workers") or "parent_in_pools" not in got:
        return ""
    serial = got["parent"] - got["parent_in_pools"]
    pooled = got["parent_in_pools"] + got["workers"]
    text = f" | parent serial {serial:.2f} s, in pools {got['parent_in_pools']:.2f} s, " \
           f"workers {got['workers']:.2f} s"
    ones = [g for _, s, n, j, g in rows if s == spec and n == name and j == 1 and g]
    if ones:
        text += f"; predicted -j 2 speed-up {ones[-1]['cpu'] / (serial + pooled / 2):.2f}x"
        # the parent's work outside the pools may run beside a worker (sdc.pool.Apart): then
        # the bound is the busier of the parent and the mean of the two cores
        text += f", parent-bound {ones[-1]['cpu'] / max(got['parent'], got['cpu'] / 2):.2f}x"
        if got.get("single") is not None:
            # CPU run while one process alone was runnable: a core idle on two idle cores
            text += (f"; one runnable {got['single']:.2f} s, state-bound "
                     f"{ones[-1]['cpu'] / ((got['cpu'] + got['single']) / 2):.2f}x")
    return text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--cohorts", default="",
                        help="sizes of releases of many studies (make_cohort_release)")
    parser.add_argument("--linked", default="200x1000")
    parser.add_argument("--jobs", default="1", help="comma-separated; 1b: -j 1 with a copy "
                        "of the same run beside it (the contention of two processes)")
    parser.add_argument("--baseline", help="a commit to compare with, in a temporary worktree")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--command", action="store_true",
                        help="check as `sdc check` does (models let go, the audit's prebuild)")
    parser.add_argument("--warm-bytecode", action="store_true",
                        help="each tree's compiled modules kept in a cache made by one "
                        "unmeasured run first, as an installed sdc runs")
    args = parser.parse_args()
    if args.one:
        import sdc

        print(json.dumps({**_one(json.loads(args.one)), "sdc": str(Path(sdc.__file__).parent)}))
        return
    specs = [{"kind": "small", "n": int(n)} for n in args.sizes.split(",") if n]
    if args.command:
        specs = [dict(spec, command=True) for spec in specs]
    specs += [{"kind": "cohorts", "n": int(n)} for n in args.cohorts.split(",") if n]
    for item in (x for x in args.linked.split(",") if x):
        n, cells = item.split("x")
        specs.append({"kind": "linked", "n": int(n), "cells": int(cells)})
    # "1b": -j 1 with a copy of the same run beside it (:func:`run_beside`)
    jobs: list[int | str] = [j if j == "1b" else int(j) for j in args.jobs.split(",")]
    trees = [("this version", REPO)]
    base_tmp = add_baseline(REPO, args.baseline) if args.baseline else None
    if base_tmp is not None:
        trees.append((f"baseline {args.baseline[:7]}", base_tmp))
    rows = []
    caches: dict[Path, Path] = {}
    if args.warm_bytecode:
        for _, tree in trees:
            caches[tree] = Path(tempfile.mkdtemp(prefix="sdc-bytecode-"))
            run_one(specs[0], tree, args.timeout, caches[tree])  # fills the cache; not shown
    try:
        for spec in specs:
            for name, tree in trees:
                for j in (jobs if tree is REPO else [0]):
                    s = dict(spec, jobs=1 if j == "1b" else j) if j else spec
                    got = (run_beside(s, tree, args.timeout) if j == "1b"
                           else run_one(s, tree, args.timeout, caches.get(tree)))
                    label = {"small": f"{spec['n']} tables",
                             "cohorts": f"{spec['n']} tables of {spec['n'] // 50 or 1} studies",
                             }.get(spec["kind"],
                                   f"{spec['n']} linked tables × {spec.get('cells')} cells")
                    rows.append((label, spec, name, j, got))
                    shown = ("timeout" if got is None else
                             f"cpu {got['cpu']:.1f} s wall {got['wall']:.1f} s "
                             f"rss {got['rss']:.0f} MiB findings {got['findings']} "
                             f"digest {got.get('digest')}" + _split(got, rows, spec, name)
                             + _beside(got, rows, spec, name) + _faults(got))
                    print(f"{label:38} {name:18} -j{j or '-'}: {shown}", flush=True)
    finally:
        remove_baseline(REPO, base_tmp)
        for cache in caches.values():
            shutil.rmtree(cache, ignore_errors=True)
    table = ["| release | version | -j | CPU s | wall s | peak RSS MiB | CPU ms / output "
             "| findings |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    for label, spec, name, j, got in rows:
        if got is None:
            table.append(f"| {label} | {name} | {j or '–'} | > {args.timeout:.0f} (stopped) "
                         "| | | | |")
            continue
        per = 1000 * got["cpu"] / max(1, spec["n"])
        table.append(f"| {label} | {name} | {j or '–'} | {got['cpu']:.1f} | {got['wall']:.1f} "
                     f"| {got['rss']:.0f} | {per:.1f} | {got['findings']} |")
    text = "\n".join(table)
    print(text)
    if args.write:
        body = (f"Command: `python -m benchmarks.bench_scale --sizes {args.sizes} --linked "
                f"{args.linked} --jobs {args.jobs}"
                + (f" --baseline {args.baseline}" if args.baseline else "") + "`. "
                + machine_line() + "\n\n" + text)
        write_section("Scaling the release check (issue 14)", body)


if __name__ == "__main__":
    main()
