"""sdc against ACRO 1.0.2 on round 52's sessions (``tests/parity/acro_sweep52.py``): counts
with margins and ``normalize``, ``rownames``/``colnames``, one statistic or a list under a margin
name of the table's own, ``pivot_table`` lists with ``dropna=False`` and ``fill_value``, ``hist``
with edges and a range, ``surv_func`` tables and plots (``options``); crosstabs of ``max``,
``min`` or ``mode`` of whole numbers, every margin named ``Everyone`` (``own``). Each table is
saved alone eight ways.

Run on demand (seeded, not in CI; needs ACRO's interpreter):

    SDC_ACRO_PYTHON=.acro-venv/bin/python python -m benchmarks.acro_agreement52 \\
        [--variant options|own] [--seeds 52001-52004] [--root DIR] [--detail]

Readings as ``benchmarks/acro_agreement51.py``'s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import acro_agreement51
from benchmarks.acro_agreement27 import _seeds
from benchmarks.acro_agreement32 import (
    print_found,
    sessions_written,
)
from benchmarks.acro_agreement51 import STYLES
from sdc.policy import build_policy

SWEEP = Path(__file__).resolve().parent.parent / "tests" / "parity" / "acro_sweep52.py"
PREFIX = {"options": "s52", "own": "s52o"}


def agreement(root: Path, prefix: str, seeds: list[int], policy: Any) -> dict[str, Any]:
    """Every reading's tallies, wrong passes, table-wide cells and differences: round 51's
    loop over every style (no workbook-only variant here)."""
    return acro_agreement51.agreement(root, prefix, seeds, policy, styles=STYLES)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variant", default="options", choices=tuple(PREFIX))
    parser.add_argument("--seeds", default="52001-52004")
    parser.add_argument("--root", default=None)
    parser.add_argument("--profile", default="acro")
    parser.add_argument("--detail", action="store_true", help="every difference, not counts")
    args = parser.parse_args(argv)
    chosen, prefix = _seeds(args.seeds), PREFIX[args.variant]
    root = Path(args.root or tempfile.mkdtemp(prefix="acro52-"))
    missing = [s for s in chosen if not (root / f"{prefix}-{s}.calls.json").is_file()]
    if not sessions_written(root, SWEEP, [args.variant], missing):
        return 2
    found = agreement(root, prefix, chosen, build_policy({}, profile=args.profile))
    print(f"{len(chosen)} sessions, {found['outputs']} ACRO outputs, root {root}")
    print_found(found, args.detail)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
