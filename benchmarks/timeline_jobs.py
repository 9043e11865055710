"""Timeline: what each core does during one ``sdc.check(..., jobs=N)`` (issue 14 §4).

Why: ``-j 2``'s wall time on two idle cores is the parent's CPU plus its waits, and the
other core's idle time is what the parent does alone (the head before the first fork, the
gaps between pools, the tail after the last one, a pool's idle ends). ``bench_scale``'s
"serial" counts the parent's work outside pools, some of which runs beside SDC503's process
(``sdc.pool.Apart``) and is not serial at all. Here a thread samples every process's CPU
(``/proc``: the parent, and each process forked from it, whose pid it writes at the fork)
every few milliseconds, and the parent marks its phases (``sdc.engine``'s import, the read,
each pool, each release rule, the result), so each phase shows its own CPU, the other
processes' CPU beside it, and the other cores' idle time during it.

On a shared machine a runnable process not running looks idle: read the CPU figures, and
the idle ones only from a quiet machine.

Run on demand: ``python -m benchmarks.timeline_jobs [--n 1000] [--jobs 2] [--every 0.005]
[--tree ../main-worktree] [--command]``
(the release is ``bench_scale``'s ``make_small_release``; ``--command`` checks it as ``sdc
check`` does: in a release, the models let go, the audit's systems prebuilt).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> float | None:
    """A process's CPU seconds so far (user + system), None once it is gone."""
    got = _stat_of(pid)
    return None if got is None else got[0]


def _stat_of(pid: int) -> tuple[float, bool] | None:
    """A process's CPU seconds so far and whether it is runnable now (state R: running, or
    waiting for a core, which a loaded machine makes it do), None once it is gone."""
    got = _stat_faults(pid)
    return None if got is None else got[:2]


def _stat_faults(pid: int) -> tuple[float, bool, int] | None:
    """``_stat_of`` and the process's minor page faults so far (a fork's cost shows there:
    each page either process writes after it is copied)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK, fields[0] == b"R", int(fields[7])


def _threads_runnable(pid: int, skip: int) -> bool:
    """Whether a thread of ``pid`` other than ``skip`` (the sampler's) is runnable."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return False
    for tid in tids:
        if int(tid) in (pid, skip):
            continue
        try:
            with open(f"/proc/{pid}/task/{tid}/stat", "rb") as f:
                if f.read().rsplit(b")", 1)[1].split()[0] == b"R":
                    return True
        except OSError:
            continue
    return False


class Sampler:
    """Every ``every`` seconds: the parent's CPU and the CPU of each process forked since."""

    def __init__(self, every: float) -> None:
        self.every = every
        self.children: list[int] = []
        self.last: dict[int, float] = {}
        self.faults: dict[int, int] = {}  # each process's minor faults at its last sample
        self.born: dict[int, float] = {}  # each child's first sample (wall, from t0)
        self.samples: list[tuple[float, float, float]] = []  # (wall, parent, others)
        # (parent runnable, others runnable) at each sample: who waits for whom, which a
        # loaded machine does not hide as it hides idle cores (a runnable process waiting
        # for a core is still R)
        self.states: list[tuple[bool, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.register_at_fork(after_in_child=self._forked)

    def _forked(self) -> None:
        with contextlib.suppress(OSError):  # the child names itself; the thread reads it
            os.write(self._write, f"{os.getpid()}\n".encode())

    def start(self) -> None:
        self.t0 = time.perf_counter()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        own = threading.get_native_id()
        pending = b""
        others = 0.0
        while not self._stop.is_set():
            with contextlib.suppress(BlockingIOError):
                pending += os.read(self._read, 65536)
            *lines, pending = pending.split(b"\n")
            self.children += [int(x) for x in lines if x]
            running = 0
            for pid in self.children:
                got = _stat_faults(pid)
                if got is not None:  # gone: its last reading stays counted
                    others += got[0] - self.last.get(pid, 0.0)
                    self.last[pid] = got[0]
                    self.faults[pid] = got[2]
                    self.born.setdefault(pid, time.perf_counter() - self.t0)
                    running += got[1]
            mine_all = _stat_faults(me) or (0.0, False, 0)
            self.faults[me] = mine_all[2]
            # the parent is runnable when any thread of its own but this one is (round 38:
            # the executor's thread loads a pool's results while the main thread sleeps on
            # its future; /proc/PID/stat's state is the main thread's alone)
            mine = (mine_all[0], mine_all[1] or _threads_runnable(me, own))
            self.samples.append((time.perf_counter() - self.t0, mine[0], others))
            self.states.append((mine[1], running))
            time.sleep(self.every)


class Marks:
    """The parent's phases: (label, wall start, wall end), nested allowed."""

    def __init__(self, t0: Callable[[], float]) -> None:
        self.t0 = t0
        self.spans: list[tuple[str, float, float]] = []

    def wrap(self, owner: Any, name: str, label: str | None = None,
             generator: bool = False) -> None:
        real = getattr(owner, name)
        tag = label or name

        if generator:
            def gen_wrapped(*args: Any, **kwargs: Any) -> Any:
                results = real(*args, **kwargs)
                if results is None:
                    return None

                def gather() -> Iterator[Any]:
                    start = time.perf_counter() - self.t0()
                    try:
                        yield from results
                    finally:
                        self.spans.append((_named(tag, args), start,
                                           time.perf_counter() - self.t0()))
                return gather()
            setattr(owner, name, gen_wrapped)
            return

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if tag == "rule" and getattr(args[0], "scope", "") != "release":
                return real(*args, **kwargs)
            start = time.perf_counter() - self.t0()
            try:
                return real(*args, **kwargs)
            finally:
                self.spans.append((_named(tag, args), start, time.perf_counter() - self.t0()))
        setattr(owner, name, wrapped)


def _named(tag: str, args: tuple[Any, ...]) -> str:
    if tag == "pool" and args:
        func = args[0]
        inner = getattr(func, "__name__", "?")
        if inner in ("_call_one", "_here_one"):  # (_here_one: before round 34)
            from sdc.pool import TASK
            f = TASK.get("func")
            inner = getattr(f, "__qualname__", getattr(f, "__name__", "?"))
        return f"pool {inner}"
    if tag == "rule" and args:
        return f"rule {getattr(args[0], 'code', '?')}"
    return tag


def _between(samples: list[tuple[float, float, float]], start: float, end: float
             ) -> tuple[float, float]:
    """The parent's and the others' CPU between two wall times (from the samples)."""
    def at(t: float) -> tuple[float, float]:
        best = samples[0]
        for s in samples:
            if s[0] > t:
                break
            best = s
        return best[1], best[2]
    p0, o0 = at(start)
    p1, o1 = at(end)
    return p1 - p0, o1 - o0


def _alone(sampler: Sampler, start: float, end: float
           ) -> tuple[tuple[float, int], int, int]:
    """Between two wall times: the parent's CPU while it alone was runnable (on two idle
    cores, the other core's idle time) and its samples; the samples with the parent
    waiting while another process ran; those with both runnable."""
    cpu, n_alone, waited, both = 0.0, 0, 0, 0
    samples, states = sampler.samples, sampler.states
    for k in range(1, len(samples)):
        if not start <= samples[k][0] <= end:
            continue
        mine, others = states[k]
        if mine and not others:
            cpu += samples[k][1] - samples[k - 1][1]
            n_alone += 1
        elif others and not mine:
            waited += 1
        elif mine and others:
            both += 1
    return (cpu, n_alone), waited, both


def single(sampler: Sampler, start: float, end: float) -> float:
    """Between two wall times, the CPU of whichever process ran while it alone of the
    parent and its children was runnable: on two idle cores, the time one core sat idle.
    Robust to load (a process waiting for a core is still runnable), so ``(CPU + single) /
    2`` bounds the wall time of ``-j 2`` on two idle cores where CPU alone cannot."""
    total = 0.0
    samples, states = sampler.samples, sampler.states
    for k in range(1, len(samples)):
        if not start <= samples[k][0] <= end:
            continue
        mine, others = states[k]
        if mine and not others:
            total += samples[k][1] - samples[k - 1][1]
        elif others == 1 and not mine:
            total += samples[k][2] - samples[k - 1][2]
    return total


def idle_account(sampler: Sampler, start: float, end: float) -> dict[str, float]:
    """Between two wall times, on two cores: the CPU of the parent and of its children, the
    CPU run while the parent alone or one child alone was runnable (each such second is a
    second one idle core would sit idle), and the wall with nothing runnable (both cores
    idle: the check waiting on a pipe, a fork, the disk). Robust to load, as ``single``.
    ``quiet`` = ``(cpu + alone) / 2 + none`` is the phase's wall on two idle cores, and
    ``idle`` = ``alone + 2 · none`` the core-seconds the check leaves idle there."""
    got = dict.fromkeys(("parent", "children", "parent_alone", "child_alone", "none"), 0.0)
    samples, states = sampler.samples, sampler.states
    for k in range(1, len(samples)):
        if not start <= samples[k][0] <= end:
            continue
        dp = samples[k][1] - samples[k - 1][1]
        do = samples[k][2] - samples[k - 1][2]
        got["parent"] += dp
        got["children"] += do
        mine, others = states[k]
        if mine and not others:
            got["parent_alone"] += dp
        elif others == 1 and not mine:
            got["child_alone"] += do
        elif not mine and not others:
            got["none"] += samples[k][0] - samples[k - 1][0]
    alone = got["parent_alone"] + got["child_alone"]
    got["quiet"] = (got["parent"] + got["children"] + alone) / 2 + got["none"]
    got["idle"] = alone + 2 * got["none"]
    return got


def _print_accounts(sampler: Sampler, marks: Marks, start: float, end: float) -> None:
    """The idle accounting of the whole check and of each top phase (round 38)."""
    print("idle accounting on two idle cores (CPU s; 'none' is wall with nothing runnable; "
          "quiet = (cpu + alone) / 2 + none; idle = alone + 2 none):")
    print(f"  {'phase':36s} {'parent':>6s} {'child':>6s} {'p alone':>7s} {'c alone':>7s} "
          f"{'none':>5s} {'quiet':>6s} {'idle':>5s}")
    rows = [("the whole check", start, end)]
    rows += [(label, s, e) for label, s, e in sorted(marks.spans, key=lambda x: x[1])
             if not label.startswith(" ") and label != "sdc.check"]
    for label, s, e in rows:
        a = idle_account(sampler, s, e)
        print(f"  {label[:36]:36s} {a['parent']:6.2f} {a['children']:6.2f} "
              f"{a['parent_alone']:7.2f} {a['child_alone']:7.2f} {a['none']:5.2f} "
              f"{a['quiet']:6.2f} {a['idle']:5.2f}")


def _per_process(sampler: Sampler, marks: Marks, jobs: int) -> None:
    """Each process's CPU and minor faults (at its last sample: a child's last few
    milliseconds may be missing), a child named by the pool or Apart it was forked in (the
    latest such span begun by its first sample)."""
    me = os.getpid()
    last = sampler.samples[-1][1] if sampler.samples else 0.0
    print(f"per process (-j {jobs}): parent {last:.2f} s CPU, {sampler.faults.get(me, 0)} "
          "minor faults (since its start)")
    spans = sorted((s, label) for label, s, _ in marks.spans
                   if label.startswith(("pool", "Apart")))
    for pid in sampler.children:
        born = sampler.born.get(pid)
        if born is None:
            continue
        owner = [label for s, label in spans if s <= born + 0.001]
        print(f"  {pid:7d} forked in {(owner[-1] if owner else '?')[:40]:40s} at {born:6.2f} s: "
              f"{sampler.last.get(pid, 0.0):5.2f} s CPU, {sampler.faults.get(pid, 0)} minor faults")


def timeline(n: int, jobs: int, every: float, tree: Path = REPO,
             folder: Path | None = None, command: bool = False,
             dump: Path | None = None) -> None:
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(tree))  # its sdc (a worktree of another version), or this one
    import sdc
    from benchmarks.bench_scale import make_small_release
    from sdc.policy import build_policy

    sampler = Sampler(every)
    marks = Marks(lambda: sampler.t0)
    with tempfile.TemporaryDirectory() as tmp:
        if folder is None:
            make_small_release(Path(tmp), n)
        policy = build_policy({})
        sampler.start()
        start = time.perf_counter() - sampler.t0
        import sdc.engine as engine  # timed: the check imports it
        from sdc import parallel, pool
        marks.spans.append(("import sdc.engine", start, time.perf_counter() - sampler.t0))
        marks.wrap(pool, "map_indices", "pool", generator=True)
        parallel._map = pool.map_indices  # type: ignore[attr-defined]
        if hasattr(pool, "_front_here"):  # round 34: the audit's table systems
            marks.wrap(pool, "_front_here", "pool", generator=True)
        marks.wrap(engine, "release_blobs")
        marks.wrap(engine, "_prepare")
        marks.wrap(engine, "_guarded", "rule")
        marks.wrap(engine, "_release_findings")
        marks.wrap(engine, "_release_findings_by_output")
        marks.wrap(engine, "read_release")
        marks.wrap(engine, "_output_findings")
        marks.wrap(engine, "_plan_prebuild")
        import sdc.linking as linking
        import sdc.redundant_links as redundant
        import sdc.rules.suppression as suppression
        import sdc.share_recovery as shares
        for owner, name in ((shares, "share_recoveries"), (linking, "links_and_constants"),
                            (linking, "published_constants"), (linking, "joined_constants"),
                            (redundant, "without_implied"), (suppression, "_link_components"),
                            (suppression, "_printed_halves"), (engine, "rule_infos"),
                            (engine, "_enabled_rules")):
            marks.wrap(owner, name, f"  {name}")
        real_apart = pool.Apart.__init__
        real_load = pool.Apart._load

        def apart_init(self: Any, func: Any) -> None:
            self._t_start = time.perf_counter() - sampler.t0
            real_apart(self, func)

        def apart_load(self: Any, future: Any) -> None:
            marks.spans.append(("Apart (its process)", self._t_start,
                                time.perf_counter() - sampler.t0))
            real_load(self, future)

        pool.Apart.__init__ = apart_init  # type: ignore[method-assign]
        pool.Apart._load = apart_load  # type: ignore[method-assign]
        t = time.perf_counter() - sampler.t0
        # a folder of the caller's (``bench_large``'s long tables): ``sdc check`` lets its
        # models go, as the streamed read wants
        # ``command``: as ``sdc check`` runs it (``bench_scale``'s ``"command": True``)
        kwargs: dict[str, Any] = {"keep_models": False} if folder is not None else {}
        if command:
            kwargs.update(in_release=True, keep_models=False)
        sdc.check(folder or Path(tmp), policy, jobs=jobs, **kwargs)
        end = time.perf_counter() - sampler.t0
        marks.spans.append(("sdc.check", t, end))
        time.sleep(0.05)
        sampler.stop()
    samples = sampler.samples
    if dump is not None:  # every sample and mark, for a look at one phase's states
        import pickle

        dump.write_bytes(pickle.dumps({
            "samples": samples, "states": sampler.states, "spans": marks.spans,
            "children": sampler.children, "born": sampler.born, "start": start, "end": end}))
    total_p, total_o = _between(samples, start, end)
    idle = (jobs - 1) * (end - start) - total_o
    print(f"{folder or n} tables, -j {jobs}: wall {end - start:.2f} s, parent {total_p:.2f} s CPU, "
          f"others {total_o:.2f} s CPU; other cores idle {idle:.2f} s")
    print(f"{'phase':44s} {'start':>6s} {'end':>6s} {'wall':>6s} {'parent':>6s} {'others':>6s}"
          f" {'idle':>6s}")
    for label, s, e in sorted(marks.spans, key=lambda x: (x[1], -x[2])):
        p, o = _between(samples, s, e)
        idle = (jobs - 1) * (e - s) - o
        print(f"{label[:44]:44s} {s:6.2f} {e:6.2f} {e - s:6.2f} {p:6.2f} {o:6.2f} {idle:6.2f}")
    # the gaps: where no pool and no Apart ran, the other cores idle
    busy = sorted((s, e) for label, s, e in marks.spans
                  if label.startswith(("pool", "Apart")))
    gaps, at = [], start
    for s, e in busy:
        if s > at:
            gaps.append((at, s))
        at = max(at, e)
    if end > at:
        gaps.append((at, end))
    alone, waited, both = _alone(sampler, start, end)
    print(f"by the processes' states (R: running or waiting for a core; robust to load): "
          f"the parent runnable with no other process runnable {alone[0]:.2f} s CPU "
          f"({alone[1]} samples), the parent waiting with another runnable {waited} "
          f"samples, both runnable {both} samples")
    for label, s, e in sorted(marks.spans, key=lambda x: (x[1], -x[2])):
        got = _alone(sampler, s, e)[0]
        if got[0] >= 0.01:
            print(f"  alone in {label[:40]:40s} {got[0]:5.2f} s CPU ({got[1]} samples)")
    _per_process(sampler, marks, jobs)
    _print_accounts(sampler, marks, start, end)
    print("no pool and no Apart running (the parent alone):")
    for s, e in gaps:
        p, o = _between(samples, s, e)
        if e - s > 0.01:
            print(f"  {s:6.2f} - {e:6.2f}: {e - s:5.2f} s wall, parent {p:5.2f} s CPU")
    print(f"  in all {sum(e - s for s, e in gaps):.2f} s wall, parent "
          f"{sum(_between(samples, s, e)[0] for s, e in gaps):.2f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--every", type=float, default=0.005)
    parser.add_argument("--tree", type=Path, default=REPO, help="the sdc of this tree")
    parser.add_argument("--folder", type=Path, help="check this folder instead (e.g. "
                        "bench_large's 100 long tables), its models let go as sdc check does")
    parser.add_argument("--command", action="store_true", help="check as sdc check does "
                        "(models let go, in a release: the audit's prebuild)")
    parser.add_argument("--dump", type=Path, help="pickle every sample and mark here")
    args = parser.parse_args()
    timeline(args.n, args.jobs, args.every, args.tree.resolve(), args.folder, args.command,
             args.dump)


if __name__ == "__main__":
    main()
