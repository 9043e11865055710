"""Where one core sits idle during ``sdc.check(..., jobs=2)``: each stretch, when, and why
(issue 14 §4).

Why: ``timeline_jobs`` sums each phase's CPU run with one process alone runnable (the other
core's idle time on two idle cores), but a sum hides *where* in a phase it falls: at a pool's
first item (the worker not forked yet), at its last chunk (load imbalance), or between pools
(a serial step). Here the samples of one ``timeline_jobs`` run (its ``--dump``) are cut into
stretches of consecutive samples with exactly one process of the check runnable, each named
by the innermost phase it falls in and its place there (head, middle, end), and summed by
that; a strip shows both cores' busy share per slice of wall. Robust to load as
``timeline_jobs``' own accounting is (a runnable process waiting for a core is still
runnable), but its wall times are the loaded machine's.

Run on demand: ``python -m benchmarks.idle_stretches [--tree TREE] [--command] [--dump
FILE | --load FILE] [--slice 0.25] [--min 0.01]``: with ``--load`` an earlier dump is read,
else ``timeline_jobs`` runs first (1,000 small tables, ``-j 2``) and writes one.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import pickle
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EDGE = 0.15  # a stretch within this many seconds of its phase's start or end is at that edge


def stretches(dump: dict[str, Any], jobs: int = 2) -> list[tuple[float, float, str, float]]:
    """``(start, end, who, cpu)``: each run of consecutive samples in which exactly one
    process of the check was runnable (``who``: ``parent`` or ``child``) while another core
    stood free, and that process's CPU over it."""
    samples, states = dump["samples"], dump["states"]
    got: list[tuple[float, float, str, float]] = []
    cur: list[Any] | None = None
    for k in range(1, len(samples)):
        mine, others = states[k]
        who = ("parent" if mine and not others else
               "child" if others == 1 and not mine else None)
        if not dump["start"] <= samples[k][0] <= dump["end"]:
            who = None
        if who is not None and cur is not None and cur[2] == who:
            cur[1] = samples[k][0]
            cur[3] += samples[k][1 if who == "parent" else 2] - samples[k - 1][
                1 if who == "parent" else 2]
            continue
        if cur is not None:
            got.append((cur[0], cur[1], cur[2], cur[3]))
            cur = None
        if who is not None:
            cpu = samples[k][1 if who == "parent" else 2] - samples[k - 1][
                1 if who == "parent" else 2]
            cur = [samples[k - 1][0], samples[k][0], who, cpu]
    if cur is not None:
        got.append((cur[0], cur[1], cur[2], cur[3]))
    return got


def where(spans: list[tuple[str, float, float]], mid: float) -> str:
    """The phases holding the time ``mid``, outermost first (``a > b``), with its place in
    the innermost: ``head`` (its first ``EDGE`` s), ``end`` (its last), else ``middle``;
    ``between phases`` if none but the whole check holds it."""
    holding = sorted(((label.strip(), s, e) for label, s, e in spans
                      if s <= mid <= e and label.strip() != "sdc.check"),
                     key=lambda x: (x[1], -x[2]))
    if not holding:
        return "between phases"
    _, s, e = holding[-1]
    place = "head" if mid - s < EDGE else "end" if e - mid < EDGE else "middle"
    return " > ".join(label for label, _, _ in holding) + f" ({place})"


def strip(dump: dict[str, Any], width: float) -> list[str]:
    """Per slice of ``width`` s of wall: the parent's and the children's CPU as a share of
    the slice (``#`` ≥ 75 %, ``+`` ≥ 25 %, ``.`` > 0, blank none) — the two cores at a
    glance."""
    samples = dump["samples"]
    t0, t1 = dump["start"], dump["end"]
    n = int((t1 - t0) / width) + 1
    parent = [0.0] * n
    child = [0.0] * n
    for k in range(1, len(samples)):
        t = samples[k][0]
        if not t0 <= t <= t1:
            continue
        i = int((t - t0) / width)
        parent[i] += samples[k][1] - samples[k - 1][1]
        child[i] += samples[k][2] - samples[k - 1][2]

    def mark(x: float) -> str:
        share = x / width
        return "#" if share >= 0.75 else "+" if share >= 0.25 else "." if share > 0 else " "

    return ["parent   |" + "".join(mark(x) for x in parent) + "|",
            "children |" + "".join(mark(x) for x in child) + "|"]


def report(dump: dict[str, Any], width: float, least: float) -> None:
    """Print the strip, each stretch of at least ``least`` s, and the sums by place."""
    print(f"check {dump['start']:.2f}-{dump['end']:.2f} s; one column = {width} s")
    for line in strip(dump, width):
        print(line)
    got = stretches(dump)
    by: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    print(f"{'start':>7s} {'end':>7s} {'who':6s} {'cpu':>6s}  where")
    for s, e, who, cpu in got:
        first, last = where(dump["spans"], s + 0.001), where(dump["spans"], e - 0.001)
        place = f"{who}: {first}" + ("" if last == first else f" -> {last}")
        by[place][0] += cpu
        by[place][1] += e - s
        by[place][2] += 1
        if e - s >= least:
            print(f"{s:7.3f} {e:7.3f} {who:6s} {cpu:6.3f}  {place[len(who) + 2:]}")
    # SDC503's process is the first Apart forked (a span is added as its result comes back,
    # so the first added may be a later one's: the linking's columns' sums, round 50)
    aparts = sorted((s, e) for label, s, e in dump["spans"]
                    if label.strip() == "Apart (its process)")
    others = [x for x in dump["spans"] if x[0].strip() != "Apart (its process)"]
    for n, (s, e) in enumerate(aparts):  # when SDC503's is done decides what runs alone after
        who = "SDC503's process (Apart)" if n == 0 else f"Apart {n + 1} (forked at {s:.3f})"
        print(f"{who} back at {e:.3f}: {where(others, e)}")
    total = sum(v[0] for v in by.values())
    print(f"one process alone runnable: {total:.3f} s CPU in {len(got)} stretches; by place:")
    for place, (cpu, wall, count) in sorted(by.items(), key=lambda x: -x[1][0]):
        print(f"  {cpu:6.3f} s CPU {wall:6.3f} s wall {int(count):4d}x  {place}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tree", type=Path, default=REPO)
    parser.add_argument("--command", action="store_true")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--every", type=float, default=0.005)
    parser.add_argument("--dump", type=Path, help="keep timeline_jobs' dump here")
    parser.add_argument("--load", type=Path, help="read this dump instead of running")
    parser.add_argument("--slice", type=float, default=0.25)
    parser.add_argument("--min", type=float, default=0.01, help="list stretches this long")
    args = parser.parse_args()
    path = args.load
    if path is None:
        from benchmarks import timeline_jobs

        path = args.dump or Path(tempfile.mkdtemp(prefix="idle-")) / "dump.pickle"
        with contextlib.redirect_stdout(io.StringIO()):  # its own tables: not needed here
            timeline_jobs.timeline(args.n, 2, args.every, args.tree, command=args.command,
                                   dump=path)
    report(pickle.loads(path.read_bytes()), args.slice, args.min)


if __name__ == "__main__":
    main()
