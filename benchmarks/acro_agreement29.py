"""sdc against ACRO 1.0.2 on round 29's sessions: ACRO's workbook finalisation, its suppression
and rounding, and calls the round-27 session does not make (round 29, oracle29).

Run on demand (seeded, not in CI; needs ACRO's interpreter):

    SDC_ACRO_PYTHON=.acro-venv/bin/python python -m benchmarks.acro_agreement29 \
        --variant json|xlsx|suppress|round [--seeds 1-20]

Each seed is one session of ``tests/parity/acro_sweep29.py``. ``sdc check`` reads (a) ACRO's
finalised folder and (b) the same tables written by pandas alone; each output is compared with
what ACRO recorded, per output (one sheet of ``results.xlsx`` is one output) and per flagged
cell, as ``acro_agreement27`` does: an output ACRO failed or reviewed that sdc passes is a
wrong pass; so is a flagged, non-blank cell no finding names, at the cell or for the table.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import sdc
from benchmarks.acro_agreement27 import ORDER
from sdc.policy import build_policy

SWEEP = Path(__file__).resolve().parent.parent / "tests" / "parity" / "acro_sweep29.py"
Key = tuple[str, str | None]


def _by_output(result: sdc.RunResult) -> tuple[dict[Key, str], dict[Key, list[Any]]]:
    """Each output's worst status and its findings, by (file name, sheet)."""
    worst: dict[Key, str] = {}
    for o in result.outputs:
        key = (Path(o.path).name, o.sheet)
        if ORDER[o.status.value] >= ORDER[worst.get(key, "pass")]:
            worst[key] = o.status.value
    findings: dict[Key, list[Any]] = collections.defaultdict(list)
    for f in result.findings:
        findings[(Path(f.location.path).name, f.location.sheet)].append(f)
    return worst, findings


def compare(outputs: dict[str, list[Key]], expected: dict[str, Any], result: sdc.RunResult,
            tally: collections.Counter[str], wrong: list[str], stricter: list[str],
            where: str) -> None:
    """Tally one reading per output and per flagged cell (``acro_agreement27.compare``, with
    sheets)."""
    worst, findings = _by_output(result)
    for uid, entry in expected.items():
        for key in outputs.get(uid, []):
            name = f"{key[0]}[{key[1]}]" if key[1] else key[0]
            ours, theirs = worst.get(key, "missing"), entry["status"]
            tally[f"{entry['type']}: ACRO {theirs} / sdc {ours}"] += 1
            if ours == "missing" or (theirs != "pass" and ours == "pass"):
                wrong.append(f"{where} {uid} {name} ({entry['type']}): ACRO {theirs}, sdc {ours}")
            elif theirs == "pass" and ours != "pass":
                rules = sorted({f"{f.rule} {f.status.value}" for f in findings[key]
                                if f.status.value != "pass"})
                stricter.append(f"{where} {uid} {name}: {', '.join(rules)}")
            elif ORDER[ours] < ORDER[theirs]:
                rules = sorted({f"{f.rule} {f.status.value}" for f in findings[key]
                                if f.status.value != "pass"})
                stricter.append(f"{where} {uid} {name}: WEAKER ({theirs}): {', '.join(rules)}")
            if not key[0].endswith((".csv", ".xlsx")) or entry["type"] != "table":
                continue
            here = {f.location.cell for f in findings[key] if f.status.value != "pass"}
            for flag in entry["cells"]:
                if flag["blank"] or flag["check"] == "MinimumDoFCheck":
                    continue
                ref = flag.get("csv_ref", flag["ref"])  # a workbook's: its sheet's reference
                if ref in here:
                    tally["cell: named"] += 1
                elif None in here:
                    tally["cell: table-level finding only"] += 1
                else:
                    tally["cell: WRONG PASS"] += 1
                    wrong.append(f"{where} {uid} {name} {ref}: ACRO {flag['check']} "
                                 f"{flag['text']}, sdc nothing there")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", default="1-20")
    parser.add_argument("--variant", default="json",
                        choices=["json", "xlsx", "suppress", "round"])
    parser.add_argument("--root", default=None)
    parser.add_argument("--profile", default="acro")
    args = parser.parse_args(argv)
    python = os.environ.get("SDC_ACRO_PYTHON")
    if not python:
        print("set SDC_ACRO_PYTHON", file=sys.stderr)
        return 2
    lo, _, hi = args.seeds.partition("-")
    seeds = list(range(int(lo), int(hi or lo) + 1))
    root = Path(args.root or tempfile.mkdtemp(prefix="acro29-"))
    stem = f"s29-{args.variant}"
    missing = [s for s in seeds if not (root / f"{stem}-{s}.expected.json").is_file()]
    if missing:
        subprocess.run([python, str(SWEEP), str(root), args.variant, *map(str, missing)],
                       check=True, capture_output=True)
    policy = build_policy({}, profile=args.profile)
    tallies = {"acro": collections.Counter[str](), "csv": collections.Counter[str](),
               "xlsx": collections.Counter[str]()}
    wrong: list[str] = []
    stricter: dict[str, list[str]] = {k: [] for k in tallies}
    outputs = 0
    for seed in seeds:
        expected = json.loads((root / f"{stem}-{seed}.expected.json").read_text(
            encoding="utf-8"))
        outputs += len(expected)
        folder, plain = root / f"{stem}-{seed}", root / f"{stem}-{seed}-plain"
        compare({u: [(n, e["sheet"]) for n in e["files"]] for u, e in expected.items()},
                expected, sdc.check(folder, policy), tallies["acro"], wrong,
                stricter["acro"], f"{seed} acro")
        result = sdc.check(plain, policy)
        for ext in ("csv", "xlsx"):
            files: dict[str, list[Key]] = {}
            for u, e in expected.items():
                if e["type"] == "table":
                    files[u] = [(f"{u}.{ext}", "Sheet1" if ext == "xlsx" else None)]
                elif ext == "csv" and args.variant != "xlsx":
                    files[u] = [(f"{u}-{n}", None) for n in e["files"]]
            plain_expected = expected if args.variant != "xlsx" else {
                u: {**e, "cells": []} for u, e in expected.items()}  # workbook references
            compare(files, plain_expected, result, tallies[ext], wrong, stricter[ext],
                    f"{seed} {ext}")
    print(f"{len(seeds)} sessions ({args.variant}), {outputs} ACRO outputs, root {root}")
    for name, tally in tallies.items():
        print(f"\n## {name}")
        for key, count in sorted(tally.items()):
            print(f"  {count:5d}  {key}")
    print(f"\n## wrong passes ({len(wrong)})")
    for line in wrong:
        print("  " + line)
    for name, lines in stricter.items():
        print(f"\n## sdc differs from ACRO, {name} ({len(lines)})")
        counts = collections.Counter(line.split(": ", 1)[1] for line in lines)
        for key, count in counts.most_common():
            print(f"  {count:5d}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
