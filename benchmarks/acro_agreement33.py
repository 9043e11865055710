"""sdc against ACRO 1.0.2 on round 33's sessions (``tests/parity/acro_sweep33.py``): round 32's
tables and models with a researcher's bookkeeping (custom outputs, comments, exception
requests, renamed and removed outputs) in ACRO's finalised folder, and each table saved by
pandas alone five ways.

Run on demand (seeded, not in CI; needs ACRO's interpreter):

    SDC_ACRO_PYTHON=.acro-venv/bin/python python -m benchmarks.acro_agreement33 \
        [--seeds 33001-33040] [--root DIR] [--detail]

``sdc check`` reads (a) ACRO's folder and (b) the tables alone: ``to_csv`` (``csv``),
``to_csv(index=False)`` (``noindex``), ``to_excel`` (``xlsx``), ``to_markdown`` (``md``) and
``to_html`` (``html``); models, pictures and custom files as ACRO wrote them (with the CSVs).
Tables, models and pictures are compared with ACRO's record per output and per flagged cell by
``acro_agreement27.compare`` (a flagged cell's place in each text style was found by the sweep
and checked against the value the file shows; a cell a style shows otherwise, such as
``to_markdown``'s six digits, is counted ``unlocated``). A custom output is one ACRO never
checks (``review`` always): it is compared with its truth, worked out from the microdata when
the researcher made it; a disclosive one sdc passes is a wrong pass.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path
from typing import Any

import sdc
from benchmarks.acro_agreement27 import Key, _by_output, _seeds, folder_outputs
from benchmarks.acro_agreement32 import (
    print_found,
    readings_found,
    recorded,
    sessions_written,
    tally_readings,
)
from sdc.policy import build_policy

SWEEP = Path(__file__).resolve().parent.parent / "tests" / "parity" / "acro_sweep33.py"
# a reading of the files pandas wrote alone: (file name's tail, sheet)
STYLES: dict[str, tuple[str, str | None]] = {
    "csv": (".csv", None), "noindex": ("-noindex.csv", None), "xlsx": (".xlsx", "Sheet1"),
    "md": (".md", None), "html": (".html", None)}


def plain_outputs(expected: dict[str, Any], style: str,
                  styles: dict[str, tuple[str, str | None]] = STYLES) -> dict[str, list[Key]]:
    """Each table's key among the files pandas wrote alone in ``style``; models and pictures
    go with the ``csv`` reading (custom outputs are compared by their truth)."""
    tail, sheet = styles[style]
    files: dict[str, list[Key]] = {}
    for u, e in expected.items():
        if e["type"] == "table":
            files[u] = [(f"{u}{tail}", sheet)]
        elif style == "csv" and e["type"] != "custom":
            files[u] = [(f"{u}-{n}", None) for n in e["files"]]
    return files


def in_style(expected: dict[str, Any], style: str, tally: collections.Counter[str]
             ) -> dict[str, Any]:
    """What ACRO recorded, each flagged cell moved to where ``style`` put it (``xlsx``: where
    ``to_csv`` put it); a flagged cell not found there is left out and counted."""
    if style == "xlsx":
        return expected
    moved: dict[str, Any] = {}
    for uid, entry in expected.items():
        where = entry.get("styles", {}).get(style)
        if where is None:
            moved[uid] = entry
            continue
        flags = []
        for flag in entry["cells"]:
            ref = where.get(flag["csv_ref"])
            if ref is None:
                if not flag["blank"] and flag["check"] != "MinimumDoFCheck":
                    tally["cell: unlocated"] += 1
                continue
            flags.append({**flag, "csv_ref": ref})
        moved[uid] = {**entry, "cells": flags}
    return moved


def custom(expected: dict[str, Any], result: sdc.RunResult, keys: dict[str, list[Key]],
           tally: collections.Counter[str], wrong: list[str], where: str) -> None:
    """Each custom output against its truth: ACRO reviews them all unchecked."""
    worst, _ = _by_output(result)
    for uid, entry in expected.items():
        if entry["type"] != "custom":
            continue
        for key in keys.get(uid, []):
            ours = worst.get(key, "missing")
            tally[f"custom ({entry['truth']}): ACRO {entry['status']} / sdc {ours}"] += 1
            if ours == "missing" or (entry["truth"] != "safe" and ours == "pass"):
                wrong.append(f"{where} {uid} {key[0]} (custom, {entry['truth']}): sdc {ours}")


def agreement(root: Path, seeds: list[int], policy: Any, prefix: str = "s33",
              styles: dict[str, tuple[str, str | None]] = STYLES) -> dict[str, Any]:
    """Every reading's tallies, wrong passes, table-wide cells and differences, for the
    sessions ROOT/PREFIX-SEED written as ``acro_sweep33.py`` writes them."""
    found = readings_found(("acro", *styles))
    tallies = found["tallies"]
    for seed in seeds:
        stem = root / f"{prefix}-{seed}"
        expected, calls = recorded(stem)
        found["outputs"] += len(expected)
        checked = {u: e for u, e in expected.items() if e["type"] != "custom"}
        folder_result = sdc.check(stem, policy)
        plain_result = sdc.check(Path(f"{stem}-plain"), policy)
        custom(expected, folder_result, folder_outputs(expected), tallies["acro"],
               found["wrong"], f"{seed} acro")
        custom(expected, plain_result, {u: [(f"{u}-{n}", None) for n in e["files"]]
                                        for u, e in expected.items()},
               tallies["csv"], found["wrong"], f"{seed} csv")
        readings_of = [("acro", folder_outputs(checked), checked, folder_result)]
        readings_of += [(s, plain_outputs(checked, s, styles), in_style(checked, s, tallies[s]),
                         plain_result) for s in styles]
        tally_readings(readings_of, found, calls, seed)
    return found


def run(argv: list[str], doc: str | None, prefix: str, seeds: str, sweep: Path,
        styles: dict[str, tuple[str, str | None]] = STYLES, sweep_args: tuple[str, ...] = (),
        then: Any = None, more: Any = None) -> int:
    """A round's command line: its seeds' sessions written where missing (``then(root,
    missing)`` called after ACRO's run), compared (``more(root, seeds, policy, found)`` adds
    readings of its own) and printed."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--seeds", default=seeds)
    parser.add_argument("--root", default=None)
    parser.add_argument("--profile", default="acro")
    parser.add_argument("--detail", action="store_true", help="every difference, not counts")
    args = parser.parse_args(argv)
    chosen = _seeds(args.seeds)
    root = Path(args.root or tempfile.mkdtemp(prefix=f"acro{prefix[1:]}-"))
    missing = [s for s in chosen if not (root / f"{prefix}-{s}.calls.json").is_file()]
    if not sessions_written(root, sweep, list(sweep_args), missing):
        return 2
    if then is not None and missing:
        then(root, missing)
    policy = build_policy({}, profile=args.profile)
    found = agreement(root, chosen, policy, prefix, styles)
    if more is not None:
        more(root, chosen, policy, found)
    print(f"{len(chosen)} sessions, {found['outputs']} ACRO outputs, root {root}")
    print_found(found, args.detail)
    return 0


def main(argv: list[str]) -> int:
    return run(argv, __doc__, "s33", "33001-33040", SWEEP)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
