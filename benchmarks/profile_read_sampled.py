"""Profile: where reading long tables spends its CPU, by sampling (issue 14 §3).

Why sampling: a table's read is hundreds of thousands of small calls (a cell's property, a
map step), and ``cProfile`` pays its own cost on each; on the 1 MiB long table the read took
~1.0 s profiled against ~0.18 s unprofiled (round 45), and the functions with the most
calls (``layout_magnitude._count_cells``, ``derived_counts._signed_cells``) ranked among the
largest while they are ~1% of the real time. Here a CPU timer (``ITIMER_PROF``) interrupts
the process every ``--every`` seconds of its CPU and the stack it was in is counted: each
line's own share and each function's cumulative share, with no cost per call.

What it reads: ``engine.read_release`` of each table given, in turn, in this process (every
file read, annotated, its coverage worked out, then the release-wide search), after a
warm-up read of another table so imports are not counted; or, ``--check J``, ``sdc.check``
of the folder of the tables at ``-j J`` as the command runs it (the parent's samples only:
a worker's are its own). Run on demand: ``python -m benchmarks.profile_read_sampled
[--tables 10] [--check 2] [--top 40] [--every 0.0005] [--xlsx]``; the tables are
``bench_table_model.make_long``'s, seeds 100.. (``--xlsx``: written as workbooks).
"""

from __future__ import annotations

import argparse
import collections
import signal
import sys
import tempfile
from pathlib import Path
from types import FrameType

REPO = Path(__file__).resolve().parent.parent


class Samples:
    """Stacks counted at each CPU-timer signal: a line's own samples (the innermost frame)
    and a function's cumulative ones (once per stack, however deep it recurses)."""

    def __init__(self) -> None:
        self.total = 0
        self.lines: collections.Counter[str] = collections.Counter()
        self.functions: collections.Counter[str] = collections.Counter()

    def take(self, _signum: int, frame: FrameType | None) -> None:
        self.total += 1
        if frame is not None:
            self.lines[f"{_name(frame)}:{frame.f_lineno}"] += 1
        seen: set[str] = set()
        while frame is not None:
            name = _name(frame)
            if name not in seen:
                seen.add(name)
                self.functions[name] += 1
            frame = frame.f_back

    def report(self, top: int) -> str:
        total = max(self.total, 1)
        out = [f"{self.total} samples", "own share, by line:"]
        out += [f"{n / total:7.1%}  {k}" for k, n in self.lines.most_common(top)]
        out.append("cumulative share, by function:")
        out += [f"{n / total:7.1%}  {k}" for k, n in self.functions.most_common(top)]
        return "\n".join(out)


def _name(frame: FrameType) -> str:
    code = frame.f_code
    path = code.co_filename
    if path.startswith(str(REPO)):
        path = path[len(str(REPO)) + 1:]
    return f"{path}:{code.co_name}"


def sampled(tables: list[Path], warm: Path, check_jobs: int | None, every: float) -> Samples:
    """The samples of reading ``tables`` one at a time (or checking their folder), after a
    read of ``warm``."""
    import sdc
    from sdc import engine
    from sdc.policy import build_policy

    policy = build_policy({})
    samples = Samples()
    engine.read_release([warm], policy)  # imports, caches
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for k, table in enumerate(tables):
            (folder / f"table{k:03d}{table.suffix}").write_bytes(table.read_bytes())
        previous = signal.signal(signal.SIGPROF, samples.take)
        signal.setitimer(signal.ITIMER_PROF, every, every)
        try:
            if check_jobs is not None:
                sdc.check(folder, policy, jobs=check_jobs, in_release=True,
                          keep_models=False)
            else:
                for file in sorted(folder.iterdir()):
                    engine.read_release([file], policy)
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0, 0)
            signal.signal(signal.SIGPROF, previous)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=10)
    parser.add_argument("--check", type=int, default=None, metavar="JOBS",
                        help="profile sdc.check of the tables' folder at -j JOBS instead")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--every", type=float, default=0.0005,
                        help="seconds of CPU between samples")
    parser.add_argument("--xlsx", action="store_true",
                        help="the tables as workbooks (pandas' to_excel, numbers as numbers)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from benchmarks.bench_table_model import make_long

    with tempfile.TemporaryDirectory() as tmp:
        tables = []
        for k in range(args.tables + 1):  # the last one warms up, in a folder of its own
            (Path(tmp) / str(k)).mkdir()
            path = Path(tmp) / str(k) / "table.csv"
            make_long(path, 1.0, seed=100 + k)
            if args.xlsx:
                path = _as_workbook(path)
            tables.append(path)
        warm = tables.pop()
        samples = sampled(tables, warm, args.check, args.every)
    print(samples.report(args.top))


def _as_workbook(path: Path) -> Path:
    """The long table at ``path`` written by pandas' ``to_excel`` beside it (round 46)."""
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("year", "imd"):
        frame[column] = frame[column].astype(int)
    frame["n"] = [int(v) if v.isdigit() else v for v in frame["n"]]
    book = path.with_suffix(".xlsx")
    frame.to_excel(book, index=False)
    path.unlink()
    return book


if __name__ == "__main__":
    main()
