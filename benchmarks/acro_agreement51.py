"""sdc against ACRO 1.0.2 on round 51's sessions (``tests/parity/acro_sweep51.py``): profit of
either sign, benefits mostly zero, missing keys kept or dropped, four-variable tables, ``mode``
and lists of statistics, the six regressions, ``hist`` and ``surv_func``, with ``ACRO()`` and
``ACRO(suppress=True)``, and finalised to ACRO's workbook; each table saved alone eight ways.

Run on demand (seeded, not in CI; needs ACRO's interpreter):

    SDC_ACRO_PYTHON=.acro-venv/bin/python python -m benchmarks.acro_agreement51 \\
        [--variant json|suppress|xlsx|extremes] [--seeds 51001-51008] [--root DIR] [--detail]

Readings, as ``benchmarks/acro_agreement33.py`` tallies them: ACRO's folder (``acro``; the
only one of the ``xlsx`` variant, ACRO's ``results.xlsx``) and each
way of saving alone (``csv`` with the models' and pictures' files, ``noindex``, ``xlsx``,
``xlsx-noindex``, ``md``, ``md-noindex``, ``html``, ``html-noindex``), each flagged cell
where that style put it. A style with no file for a table (pandas writes no ``to_excel
(index=False)`` of MultiIndex columns) leaves that table out of the reading.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

import sdc
from benchmarks.acro_agreement27 import Key, _seeds, folder_outputs
from benchmarks.acro_agreement32 import (
    print_found,
    readings_found,
    recorded,
    sessions_written,
    tally_readings,
)
from benchmarks.acro_agreement33 import custom, in_style, plain_outputs
from sdc.policy import build_policy

SWEEP = Path(__file__).resolve().parent.parent / "tests" / "parity" / "acro_sweep51.py"
STYLES: dict[str, tuple[str, str | None]] = {
    "csv": (".csv", None), "noindex": ("-noindex.csv", None), "xlsx": (".xlsx", "Sheet1"),
    "xlsx-noindex": ("-noindex.xlsx", "Sheet1"), "md": (".md", None),
    "md-noindex": ("-noindex.md", None), "html": (".html", None),
    "html-noindex": ("-noindex.html", None)}
PREFIX = {"json": "s51", "suppress": "s51s", "xlsx": "s51x", "extremes": "s51e"}


def written(plain: Path, outputs: dict[str, list[Key]]) -> dict[str, list[Key]]:
    """The outputs whose files pandas wrote (a style may have none for a table)."""
    return {u: [k for k in keys if (plain / k[0]).is_file()] for u, keys in outputs.items()}


def agreement(root: Path, prefix: str, seeds: list[int], policy: Any,
              styles: dict[str, tuple[str, str | None]] | None = None) -> dict[str, Any]:
    """Every reading's tallies, wrong passes, table-wide cells and differences (ACRO's
    workbook, ``s51x``: its folder only). ``styles``: the plain files' styles read beside
    ACRO's folder (default: every style, none for ``s51x``); round 52's sweep calls it too."""
    if styles is None:
        styles = {} if prefix == PREFIX["xlsx"] else STYLES
    found = readings_found(("acro", *styles))
    for seed in seeds:
        stem = root / f"{prefix}-{seed}"
        plain = Path(f"{stem}-plain")
        expected, calls = recorded(stem)
        found["outputs"] += len(expected)
        folder_result = sdc.check(stem, policy)
        custom(expected, folder_result, folder_outputs(expected), found["tallies"]["acro"],
               found["wrong"], f"{seed} acro")
        readings_of = [("acro", folder_outputs(expected), expected, folder_result)]
        if styles:
            plain_result = sdc.check(plain, policy)
            readings_of += [(s, written(plain, plain_outputs(expected, s, styles)),
                             in_style(expected, s, found["tallies"][s]), plain_result)
                            for s in styles]
        tally_readings(readings_of, found, calls, seed)
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variant", default="json", choices=tuple(PREFIX))
    parser.add_argument("--seeds", default="51001-51008")
    parser.add_argument("--root", default=None)
    parser.add_argument("--profile", default="acro")
    parser.add_argument("--detail", action="store_true", help="every difference, not counts")
    args = parser.parse_args(argv)
    chosen, prefix = _seeds(args.seeds), PREFIX[args.variant]
    root = Path(args.root or tempfile.mkdtemp(prefix="acro51-"))
    missing = [s for s in chosen if not (root / f"{prefix}-{s}.calls.json").is_file()]
    if not sessions_written(root, SWEEP, [args.variant], missing):
        return 2
    found = agreement(root, prefix, chosen, build_policy({}, profile=args.profile))
    print(f"{len(chosen)} sessions, {found['outputs']} ACRO outputs, root {root}")
    print_found(found, args.detail)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
