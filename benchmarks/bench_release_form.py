"""Benchmark: the compact release form of one table (``sdc.release_form``, issue 14 §3) against
the table model it stands for.

Run on demand (not in the suite): ``python -m benchmarks.bench_release_form [--rounds 7]``.
Reads ``bench_large``'s 1 MiB long count table as ``sdc check`` reads it (``read_release``:
coverage and the packed grid included) in a folder of its own, then reports, with
tracemalloc (load-independent): the bytes held after reading, the form's bytes, and what
dropping the table's cells and lines frees; the pickled size of the cells and of the form (what
a ``-j`` worker would send); and, best of ``--rounds`` in CPU seconds (load-dependent: the load
is printed), making the form, making every cell again, and SDC504's index entry on the model
and on the form. Checks that the form gives the cells and the index entry back equal.
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.bench_large import make_long

MIB = 1 << 20


def _best(rounds: int, run: object) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        run()  # type: ignore[operator]
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    from sdc.engine import read_release
    from sdc.ledger.index import describe, describe_form
    from sdc.policy import build_policy
    from sdc.release_form import ReleaseTable

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "one"
        folder.mkdir()
        make_long(folder / "table000.csv", 1.0, seed=100)
        size = (folder / "table000.csv").stat().st_size
        policy = build_policy({})
        tracemalloc.start()
        gc.collect()
        base = tracemalloc.get_traced_memory()[0]
        outputs, *_ = read_release([folder], policy)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - base
        table = outputs[0].table
        assert table is not None
        cells = len(table.cells)
        form = ReleaseTable.of(table)
        assert form is not None
        gc.collect()
        with_form = tracemalloc.get_traced_memory()[0] - base
        pickled_cells = len(pickle.dumps(table.cells, protocol=5))
        pickled_form = len(pickle.dumps(form, protocol=5))
        assert list(form.cells()) == table.cells
        gc.collect()
        before_drop = tracemalloc.get_traced_memory()[0]
        table.cells = []
        table._lines_cache.clear()
        table._count_index = None
        gc.collect()
        freed = before_drop - tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()

        # CPU on a table read again, without tracemalloc
        outputs, *_ = read_release([folder], policy)
        table = outputs[0].table
        assert table is not None
        form = ReleaseTable.of(table)
        assert form is not None and describe_form(form) == describe(table)
        build = _best(args.rounds, lambda: ReleaseTable.of(table))
        again = _best(args.rounds, lambda: list(form.cells()))
        on_model = _best(args.rounds, lambda: describe(table))
        on_form = _best(args.rounds, lambda: describe_form(form))

    load = os.getloadavg()[0]
    print(f"1 MiB long table ({size / MIB:.2f} MiB, {cells:,} cells), load {load:.1f}")
    print(f"held after reading: {held / MIB:.2f} MiB ({held / cells:.0f} B a cell)")
    print(f"form: {(with_form - held) / MIB:.2f} MiB ({(with_form - held) / cells:.0f} B a "
          f"cell; columns and text {form.nbytes() / MIB:.2f} MiB)")
    print(f"dropping the cells and lines frees: {freed / MIB:.2f} MiB")
    print(f"pickled: cells {pickled_cells / MIB:.2f} MiB, form {pickled_form / MIB:.2f} MiB")
    print(f"CPU, best of {args.rounds}: form made {build:.3f} s, cells made again "
          f"{again:.3f} s, SDC504 describe on the model {on_model:.3f} s, on the form "
          f"{on_form:.3f} s")


if __name__ == "__main__":
    main()
