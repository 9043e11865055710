"""Benchmark: the proof a workbook's cell types give its header (``xlsx_typed_header``, round
24) against reading the same sheet, in one process: the ratio is what to compare on a noisy
machine. The sheet is ``to_excel`` of 4,000 areas by five codes stored as text, the shape whose
proof walks every data cell under the codes.

Run on demand: ``python benchmarks/bench_xlsx_typed_header.py [--rows 4000]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.readers.xlsx_typed_header import TextNumbers, header_typed_as_names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=4000)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(1)
    codes = ["1", "2", "3", "4", "5"]
    frame = pd.DataFrame(rng.integers(10, 500, size=(args.rows, len(codes))), columns=codes,
                         index=pd.Index([f"area {i}" for i in range(args.rows)], name="area"))
    policy = build_policy({})
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "t.xlsx"
        frame.to_excel(path)
        reads = []
        for _ in range(3):
            start = time.perf_counter()
            table = read_output(path, path.name, policy)[0].table
            reads.append(time.perf_counter() - start)
    assert table is not None and table.header_certain
    texts = TextNumbers()  # the header's text numbers, as the reader records them
    for row in table.grid:
        for cell in row:
            if cell.row == table.header_rows[0] and cell.value is not None:
                texts.add(cell)
    proofs = []
    for _ in range(20):
        start = time.perf_counter()
        assert header_typed_as_names(table, texts)
        proofs.append(time.perf_counter() - start)
    print(f"{args.rows:,} rows: read {min(reads):.3f} s (min of 3), proof "
          f"{min(proofs) * 1000:.1f} ms (min of 20), ratio {min(proofs) / min(reads):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
