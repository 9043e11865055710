"""Profile: where the parent spends its serial CPU under ``-j N`` (issue 14 §4).

Why: ``-j 2`` is bounded by what the parent does outside its pools (``bench_scale``'s
"parent serial"): no second core can share it. A plain profile of the parent mixes that with
the items it computes inside the pools (``sdc.pool``: it is one of the jobs), which a worker
could have done as well; the leads it gives are then the pools' hot spots, not the serial
ones. Here the profiler is paused while a pool's results are gathered (``pool.map_indices``,
as ``bench_scale`` times it) and, under ``-j`` > 1, while a table's audit systems are built
or unpacked as its per-output item is taken (``AuditPrebuild.add``: that item's work, done
here as one of the jobs), so what it shows is the serial part alone, imports included (a
module first imported during the check compiles there, from its source where no bytecode
is cached: run it as ``sdc check`` runs on the machine measured). What it cannot show: the
parent's serial work beside an ``Apart``'s process (SDC503's) is counted as serial, though
the other core is busy then (``benchmarks.timeline_jobs`` tells the two apart), and work in
the parent's other threads (an ``Apart``'s result loaded as it comes) is not profiled.

Run on demand: ``python -m benchmarks.profile_parent_serial [--n 1000] [--jobs 2] [--top 40]
[--sort cumulative|tottime] [--command] [--out parent.prof]`` (the release is ``bench_scale``'s
``make_small_release``).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def profile_serial(n: int, jobs: int, command: bool = False,
                   ) -> tuple[cProfile.Profile, dict[str, float]]:
    """The parent's profile outside the pools, and its CPU split (``parent``, ``in_pools``)
    measured in the same run (the profiler's own overhead included in both). ``command``:
    check as ``sdc check`` does (in a release, the models let go, the audit's systems
    prebuilt in the per-output pool), as ``timeline_jobs --command`` does."""
    import sdc
    from benchmarks.bench_scale import make_small_release
    from sdc import parallel, pool
    from sdc.policy import build_policy

    # CPU time, not wall: waiting for a worker or an Apart's process is no work of its own
    profiler = cProfile.Profile(time.process_time)
    in_pools = [0.0]
    real = pool.map_indices

    def paused(*args: Any, **kwargs: Any) -> Iterator[Any] | None:
        results = real(*args, **kwargs)
        if results is None:
            return None

        def gather() -> Iterator[Any]:
            items = iter(results)
            while True:
                profiler.disable()
                start = _cpu()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    in_pools[0] += _cpu() - start
                    profiler.enable()
                yield item

        return gather()

    from sdc.audit_prebuild import AuditPrebuild

    real_add = AuditPrebuild.add

    def add_paused(self: Any, *args: Any, **kwargs: Any) -> None:
        # a table's audit systems built (or unpacked) as its per-output item is taken: the
        # per-output pool's work, of an item this process did as one of the jobs (under
        # ``--command`` at ``-j 2``, most of them while SDC503's process holds the other
        # core), not serial work
        profiler.disable()
        start = _cpu()
        try:
            real_add(self, *args, **kwargs)
        finally:
            in_pools[0] += _cpu() - start
            profiler.enable()

    pool.map_indices = paused  # type: ignore[assignment]
    parallel._map = paused  # type: ignore[attr-defined]
    if jobs > 1:
        AuditPrebuild.add = add_paused  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            make_small_release(Path(tmp), n)
            policy = build_policy({})
            start = _cpu()
            profiler.enable()
            try:
                kwargs: dict[str, Any] = (
                    {"in_release": True, "keep_models": False} if command else {})
                sdc.check(Path(tmp), policy, jobs=jobs, **kwargs)
            finally:
                profiler.disable()
            parent = _cpu() - start
    finally:
        pool.map_indices = real  # type: ignore[assignment]
        parallel._map = real  # type: ignore[attr-defined]
        AuditPrebuild.add = real_add  # type: ignore[method-assign]
    return profiler, {"parent": parent, "in_pools": in_pools[0]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative", choices=["cumulative", "tottime"])
    parser.add_argument("--command", action="store_true",
                        help="check as sdc check does (in a release, the models let go)")
    parser.add_argument("--out", help="also write the profile (pstats) to this file")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    profiler, split = profile_serial(args.n, args.jobs, args.command)
    print(f"{args.n} tables, -j {args.jobs}: parent {split['parent']:.2f} s CPU (profiled), "
          f"in pools {split['in_pools']:.2f} s, serial {split['parent'] - split['in_pools']:.2f} s")
    if args.out:
        profiler.dump_stats(args.out)
    stats = pstats.Stats(profiler)
    stats.sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
