"""Benchmark (labels13): the cost of reading a number-led label column whole.

``sdc check`` of a long table (5,000 areas × 10 follow-up times, 50,000 rows) whose second
label column opens with quantities (``1 years``..``30 years``, crossed with the areas, so
``coverage._number_led_ok`` reads both columns row by row) against the same table with plain
names (``Period a``..``Period j``). Both in this one process, interleaved; the best of three
each; the ratio is printed (run it on main too for the baseline ratio).

Usage::

    PYTHONPATH=. python benchmarks/bench_number_led_labels.py
"""

from __future__ import annotations

import os
import platform
import tempfile
import time
from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy

AREAS = 5000
LED = [f"{k} years" for k in (1, 2, 3, 5, 7, 10, 15, 20, 25, 30)]
PLAIN = [f"Period {c}" for c in "abcdefghij"]


def _table(folder: Path, labels: list[str]) -> Path:
    pd.DataFrame({
        "Area": [f"Area {chr(65 + i % 26)}{i}" for i in range(AREAS) for _ in labels],
        "Follow-up": labels * AREAS,
        "Patients": [30 + i % 50 for i in range(AREAS * len(labels))],
    }).to_csv(folder / "t.csv", index=False)
    return folder


def main() -> None:
    policy = build_policy({})
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as led, tempfile.TemporaryDirectory() as plain:
        folders = {"led": _table(Path(led), LED), "plain": _table(Path(plain), PLAIN)}
        for _ in range(3):
            for name, folder in folders.items():
                start = time.perf_counter()
                sdc.check(folder, policy)
                best[name] = min(best.get(name, float("inf")), time.perf_counter() - start)
    print(f"plain {best['plain']:.2f} s, number-led {best['led']:.2f} s, "
          f"ratio {best['led'] / best['plain']:.3f}")
    print(platform.platform(), os.cpu_count(), "cores, Python", platform.python_version())


if __name__ == "__main__":
    main()
