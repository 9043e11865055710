"""Benchmark: what a ``sdc check -j`` worker sends back, pickled (issue 14 §4).

Run on demand: ``python -m benchmarks.bench_sent_back [--repeat 5] [--write]``. A worker
reads its files, prepares them (annotations, coverage) and sends the outputs back pickled,
tables and all; the parent unpickles them. This reads the 1,000-table bench release
(``bench_scale.make_small_release``) and one 1 MiB long table (``bench_large.make_long``) as
a worker does, then pickles every output with the cells' own pickling (``RawCell`` and
``DataCell.__reduce_ex__``: the fields as arguments; a grid of 1,000 cells or more as codes,
``Grid.__reduce__``) and, as baselines in the same process, with every grid as its rows, then
also with the default pickling of a slotted dataclass (those methods taken away for the run).
Reports bytes and the CPU of dumping and loading (min of ``--repeat``, under the check's
``fewer_collections``), and checks that both ways load equal cells.
"""

from __future__ import annotations

import argparse
import pickle
import tempfile
import time
from pathlib import Path

try:
    from benchmarks.bench_large import make_long
    from benchmarks.bench_scale import make_small_release
    from benchmarks.results_md import machine_line, write_section
except ImportError:  # run as a script from the benchmarks folder
    from bench_large import make_long  # type: ignore[no-redef]
    from bench_scale import make_small_release  # type: ignore[no-redef]
    from results_md import machine_line, write_section  # type: ignore[no-redef]


def _read(root: Path) -> list:
    from sdc import engine
    from sdc.policy import build_policy

    outputs, *_ = engine.read_release([root], build_policy({}), jobs=1)
    return outputs


def _cells(outputs: list) -> list:
    return [(c.row, c.col, c.raw, c.value, c.marker, c.hidden)
            for o in outputs if o.table is not None for row in o.table.grid for c in row]


def _measure(outputs: list, repeat: int) -> tuple[int, float, float, list]:
    from sdc.gc_pacing import fewer_collections

    dumps, loads = [], []
    with fewer_collections():
        for _ in range(repeat):
            start = time.process_time()
            blobs = [pickle.dumps(o, pickle.HIGHEST_PROTOCOL) for o in outputs]
            dumps.append(time.process_time() - start)
            start = time.process_time()
            back = [pickle.loads(b) for b in blobs]
            loads.append(time.process_time() - start)
    return sum(map(len, blobs)), min(dumps), min(loads), _cells(back)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    from sdc.table import DataCell, Grid, RawCell

    def _as_rows(grid: Grid) -> tuple:  # the grid as its rows, whatever its size
        return Grid, (list(grid),)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        small, long = Path(tmp) / "small", Path(tmp) / "long"
        small.mkdir()
        long.mkdir()
        make_small_release(small, 1000)
        make_long(long / "long.csv", 1.0)
        for label, root in (("1,000 bench tables", small), ("1 MiB long table", long)):
            outputs = _read(root)
            own = _measure(outputs, args.repeat)
            coded = Grid.__reduce__
            Grid.__reduce__ = _as_rows  # type: ignore[method-assign]
            try:
                as_rows = _measure(outputs, args.repeat)
                saved = RawCell.__reduce_ex__, DataCell.__reduce_ex__
                del RawCell.__reduce_ex__, DataCell.__reduce_ex__  # type: ignore[misc]
                try:
                    default = _measure(outputs, args.repeat)
                finally:
                    RawCell.__reduce_ex__, DataCell.__reduce_ex__ = saved  # type: ignore[method-assign]
            finally:
                Grid.__reduce__ = coded  # type: ignore[method-assign]
            same = "yes" if own[3] == as_rows[3] == default[3] == _cells(outputs) else "NO"
            rows.append(f"| {label} | {default[0] / 2**20:.2f} → {as_rows[0] / 2**20:.2f} → "
                        f"{own[0] / 2**20:.2f} MiB | {default[1]:.3f} → {as_rows[1]:.3f} → "
                        f"{own[1]:.3f} s | {default[2]:.3f} → {as_rows[2]:.3f} → "
                        f"{own[2]:.3f} s | {same} |")
    body = "\n".join([
        machine_line(),
        "",
        f"Command: `python -m benchmarks.bench_sent_back --repeat {args.repeat}`. Every output "
        "read as a `-j` worker reads it, pickled (what it sends back) and loaded (what the "
        "parent does): default slotted-dataclass pickling of the grid's rows → the cells' own "
        "`__reduce_ex__` → a large grid as codes (`Grid.__reduce__`), in one process; min of "
        "the repeats.",
        "",
        "| outputs | pickled | dump CPU | load CPU | same cells |",
        "|---|---:|---:|---:|---|",
        *rows,
    ])
    print(body)
    if args.write:
        write_section("What a -j worker sends back (issue 14 §4)", body)


if __name__ == "__main__":
    main()
