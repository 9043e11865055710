"""The parent's serial parts of ``sdc check -j 2`` on bench_scale's 1,000 small tables, by
part, as CPU (issue 14 §4, round 48).

Why: at ``-j 2`` the other core is idle while the parent works alone, and each second of
that is a second of wall ``-j 1`` also pays: what bounds the ratio besides ``-j 2``'s extra
CPU. ``timeline_jobs`` samples who is runnable (robust to load, but in 5 ms steps and by
phase); here each serial part is bracketed and its CPU read from the process itself, so a
loaded machine inflates the figures but does not move them between parts:

- ``head``: from ``import sdc.engine`` (the check imports it) to the read pool's first
  item (the worker is forked after it), with the source compiled there (``compile``: no
  ``.pyc`` is written under ``PYTHONDONTWRITEBYTECODE``, so every module is compiled in
  every process that imports it; ``compile_check`` is the whole check's);
- ``pool_ends``: each pool with workers, the parent's CPU (and wall) after its workers'
  last chunk came back (the worker idle then);
- ``SDC501``, ``SDC502``, ... : each release rule run after the audit's pool (alone when
  SDC503's process is done: a quiet machine);
- ``tail``: the release findings put on their outputs, the results made (``by_output``,
  ``results``) and what ``sdc.check`` does after.

Run on demand: ``python -m benchmarks.alone_parts [--trees A,B] [--rounds N] [--n 1000]
[--jobs 2]``: each run in a fresh process with that tree's ``sdc`` first on the path,
the trees alternating.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def _cpu() -> float:
    return time.process_time()


def _one(n: int, jobs: int) -> dict[str, Any]:
    """One check, in this process (the tree's ``sdc`` first on ``sys.path``)."""
    import importlib._bootstrap_external as external

    compiled = {"head": 0.0, "check": 0.0}
    phase = ["before"]
    source_to_code = external.SourceLoader.source_to_code

    def timed_compile(self: Any, data: Any, path: Any, *, _optimize: int = -1) -> Any:
        began = _cpu()
        try:
            return source_to_code(self, data, path, _optimize=_optimize)
        finally:
            spent = _cpu() - began
            for name in phase:
                compiled[name] = compiled.get(name, 0.0) + spent

    external.SourceLoader.source_to_code = timed_compile  # type: ignore[method-assign]
    import sdc
    from benchmarks.bench_scale import make_small_release
    from sdc.policy import build_policy

    got: dict[str, Any] = {"pool_ends": []}
    with tempfile.TemporaryDirectory() as tmp:
        make_small_release(Path(tmp), n)
        policy = build_policy({})
        phase[:] = ["head", "check"]
        start = _cpu()
        import sdc.engine as engine
        from sdc import parallel, pool

        marks = _instrument(engine, pool, parallel, got, start, phase)
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        result = sdc.check(Path(tmp), policy, jobs=jobs, in_release=True, keep_models=False)
        end = _cpu()
        phase[:] = ["after"]
    got["tail"]["after_check_outputs"] = round(end - marks["check_outputs_end"], 4)
    got["check_cpu"] = round(end - start, 3)
    got["parent_faults"] = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    got["compile_head"] = round(compiled["head"], 3)
    got["compile_check"] = round(compiled["check"], 3)
    got["findings"] = result.summary()["findings"]
    return got


def _instrument(engine: Any, pool: Any, parallel: Any, got: dict[str, Any], start: float,
                phase: list[str]) -> dict[str, float]:
    """The engine's and the pools' functions wrapped to bracket each serial part."""
    marks: dict[str, float] = {}
    last_back: list[tuple[float, float]] = []  # (wall, CPU) of a pool's last chunk back

    real_map = pool.map_indices

    def map_indices(*args: Any, **kwargs: Any) -> Any:
        if "head" not in got:
            got["head"] = round(_cpu() - start, 4)
            phase[:] = ["check"]
        return _ends(real_map(*args, **kwargs), "map_indices", args[0])

    def _ends(results: Any, kind: str, func: Any) -> Any:
        if results is None:
            return None

        def gather() -> Any:
            last_back.clear()
            yield from results
            if last_back:
                wall, cpu = last_back[-1]
                name = getattr(pool.TASK.get("func"), "__qualname__", None) \
                    if getattr(func, "__name__", "") == "_call_one" else \
                    getattr(func, "__qualname__", "?")
                got["pool_ends"].append({"pool": f"{kind} {name}",
                                         "cpu_after_last_back": round(_cpu() - cpu, 4),
                                         "wall_after_last_back":
                                             round(time.perf_counter() - wall, 4)})
        return gather()

    pool.map_indices = map_indices
    parallel._map = map_indices  # as timeline_jobs does: parallel holds its own name
    real_front = pool._front_here

    def front_here(func: Any, here: Any, items: Any, jobs: int) -> Any:
        return _ends(real_front(func, here, items, jobs), "front_here", func)

    pool._front_here = front_here

    for owner, name in ((pool._Feed, "_back"), (pool._Back, "_came_back")):
        real = getattr(owner, name)

        def back(self: Any, *args: Any, _real: Any = real) -> Any:
            last_back.append((time.perf_counter(), _cpu()))
            return _real(self, *args)
        setattr(owner, name, back)

    real_guarded = engine._guarded

    def guarded(rule: Any, output: Any, run: Any) -> Any:
        if output is not None:
            return real_guarded(rule, output, run)
        began = _cpu()
        try:
            return real_guarded(rule, output, run)
        finally:
            got.setdefault("release_rules", {})[rule.code] = round(_cpu() - began, 4)

    engine._guarded = guarded
    real_by_output = engine._release_findings_by_output

    def by_output(*args: Any) -> Any:
        began = _cpu()
        try:
            return real_by_output(*args)
        finally:
            marks["by_output_end"] = _cpu()
            got["tail"] = {"by_output": round(marks["by_output_end"] - began, 4)}

    engine._release_findings_by_output = by_output
    real_check_outputs = engine.check_outputs

    def check_outputs(*args: Any, **kwargs: Any) -> Any:
        try:
            return real_check_outputs(*args, **kwargs)
        finally:
            marks["check_outputs_end"] = _cpu()
            got["tail"]["results"] = round(marks["check_outputs_end"]
                                           - marks["by_output_end"], 4)

    engine.check_outputs = check_outputs
    return marks


def run_one(tree: Path, n: int, jobs: int, timeout: float = 900) -> dict[str, Any] | None:
    """:func:`_one` in a fresh process with ``tree``'s ``sdc`` first on the path."""
    env = dict(os.environ, PYTHONPATH=f"{tree}{os.pathsep}{REPO}")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", json.dumps([n, jobs])]
    done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trees", default=str(REPO), help="comma-separated worktrees")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        n, jobs = json.loads(args.one)
        print(json.dumps(_one(n, jobs)))
        return
    for r in range(args.rounds):
        for tree in (Path(t).resolve() for t in args.trees.split(",")):
            print(r, tree, json.dumps(run_one(tree, args.n, args.jobs)), flush=True)


if __name__ == "__main__":
    main()
