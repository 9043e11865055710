"""Where a check's memory peak is, stage by stage (issue 14 §3, round 26 ``drop2``).

One ``sdc check --format json -j N`` (the CLI in-process: models let go as ``sdc check``
does) on a folder, its stages marked by wrapping the engine's own functions: the read, the
release-wide preparation, the per-output rules, the audit's system build, the audit's run,
the other release rules, the reports. ``--heap``: tracemalloc's live Python heap at each
stage's end and its peak within it (slow: every allocation traced; native memory, numpy's
and HiGHS', unseen). Default: VmRSS sampled every 20 ms, the peak within each stage (RSS
only grows where freed memory is reused, so read it as where the high-water mark is set).

Run on demand (not in the suite), in a fresh process per tree:
``PYTHONPATH=<tree> python benchmarks/bench_stage_memory.py FOLDER [--jobs N] [--heap]
[--rules]`` (``--rules``: each release rule's run a stage);
a folder of long tables is made by ``bench_large.py``'s ``make_long`` (seeds 100-119 for the
20 × 1 MiB release). Prints one line a stage and the report's digest.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

MIB = 2 ** 20
STAGES = [("sdc.engine", None, "read_release", "read"),
          ("sdc.engine", None, "_prepare", "prepare (release-wide)"),
          ("sdc.engine", None, "_output_findings", "per-output rules + forms"),
          ("sdc.linking", None, "table_systems", "audit: table_systems"),
          ("sdc.rules.suppression", "_Audit", "_run", "audit: run")]


def _vm(key: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return 0.0


class Stages:
    """The stage now running (``now``), and per stage what ``measure`` gave at its end and
    the most it gave within it."""

    def __init__(self, heap: bool) -> None:
        self.heap = heap
        self.now = "start"
        self.order: list[str] = []
        self.peak: dict[str, float] = {}
        self.end: dict[str, float] = {}

    def enter(self, stage: str) -> None:
        self.close()
        self.now = stage

    def close(self) -> None:
        """The stage running ends: its end and (heap) peak noted; after it, ``now`` is the
        span up to the next stage (``... then``)."""
        if self.heap:
            current, peak = tracemalloc.get_traced_memory()
            self.note(self.now, peak / MIB)
            self.end[self.now] = current / MIB
            tracemalloc.reset_peak()
        if not self.now.endswith(" then"):
            self.now = self.now + " then"

    def note(self, stage: str, value: float) -> None:
        if stage not in self.peak:
            self.order.append(stage)
        self.peak[stage] = max(self.peak.get(stage, 0.0), value)

    def wrap(self, owner: Any, name: str, stage: str) -> None:
        run: Callable[..., Any] = getattr(owner, name)

        def staged(*args: Any, **kwargs: Any) -> Any:
            self.enter(stage)
            try:
                return run(*args, **kwargs)
            finally:
                self.close()

        setattr(owner, name, staged)

    def wrap_release_rules(self) -> None:
        """Each release rule's run (``engine._guarded`` with no output) a stage of its own,
        ``release: SDCnnn`` (round 30: which rule after the audit sets the peak)."""
        import sdc.engine as engine

        run = engine._guarded

        def staged(rule: Any, output: Any, call: Callable[..., Any]) -> Any:
            if output is not None:
                return run(rule, output, call)
            self.enter(f"release: {rule.code}")
            try:
                return run(rule, output, call)
            finally:
                self.close()

        engine._guarded = staged  # type: ignore[assignment]


def main(folder: str, jobs: int, heap: bool, rules: bool = False) -> None:
    import importlib

    from typer.testing import CliRunner

    from sdc.cli import app

    stages = Stages(heap)
    for module, cls, name, stage in STAGES:
        owner: Any = importlib.import_module(module)
        stages.wrap(getattr(owner, cls) if cls else owner, name, stage)
    if rules:
        stages.wrap_release_rules()
    if heap:
        tracemalloc.start(1)
    else:
        def sample() -> None:
            while True:
                stages.note(stages.now, _vm("VmRSS"))
                time.sleep(0.02)

        threading.Thread(target=sample, daemon=True).start()
    with contextlib.redirect_stderr(io.StringIO()):
        result = CliRunner().invoke(app, ["check", "--format", "json", "-j", str(jobs), folder])
    stages.close()
    what = "heap (tracemalloc)" if heap else "VmRSS"
    print(f"{what}, MiB: stage, peak within it" + (", at its end" if heap else ""))
    for stage in stages.order:
        end = f" {stages.end[stage]:8.1f}" if stage in stages.end else ""
        print(f"  {stage:32s} {stages.peak[stage]:8.1f}{end}")
    if not heap:
        print(f"  VmHWM {_vm('VmHWM'):.1f}")
    print("digest", hashlib.sha256(result.stdout.encode()).hexdigest()[:12],
          "exit", result.exit_code)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--heap", action="store_true")
    parser.add_argument("--rules", action="store_true",
                        help="each release rule's run a stage of its own")
    args = parser.parse_args()
    sys.exit(main(args.folder, args.jobs, args.heap, args.rules))
