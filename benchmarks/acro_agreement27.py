"""sdc against ACRO 1.0.2 on wide random sessions, with and without ACRO's record (rounds 27
and 29; one module since round 30).

Run on demand (seeded, not in CI; needs ACRO's interpreter):

    SDC_ACRO_PYTHON=.acro-venv/bin/python python -m benchmarks.acro_agreement27 [--seeds 1-40]
    SDC_ACRO_PYTHON=.acro-venv/bin/python python -m benchmarks.acro_agreement27 \
        --variant json|xlsx|suppress|round [--seeds 1-20]

Without ``--variant`` each seed is one session of ``tests/parity/acro_sweep27.py`` (crosstabs
and pivot tables of counts, weighted counts, shares and statistics over one to three index
levels and one or two column levels, with and without margins; missing values, zeros,
negatives, dominated cells; models on a handful of records; survival tables and plots;
histograms). With one it is a session of ``tests/parity/acro_sweep29.py``: the same session
plus calls it does not make, finalised to JSON or to one ``results.xlsx``, or made with
``suppress=True`` or ``mitigation="round"``. ``sdc check`` reads (a) ACRO's finalised folder
and (b) the same tables written by pandas alone (CSV and XLSX, no ACRO metadata; models and
pictures as ACRO wrote them). Each output is keyed by (file, sheet), so one sheet of
``results.xlsx`` is one output, and compared with what ACRO recorded, per output and per cell:
an output ACRO failed or reviewed that sdc passes is a wrong pass; so is a cell ACRO flagged
(not blank) that no finding names, neither at the cell nor for the table. Outputs sdc judged
below ACRO's verdict (ACRO fail, sdc review) are listed as "WEAKER".
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
from sdc.policy import build_policy

PARITY = Path(__file__).resolve().parent.parent / "tests" / "parity"
SWEEP = PARITY / "acro_sweep27.py"
SWEEP29 = PARITY / "acro_sweep29.py"
VARIANTS = ("json", "xlsx", "suppress", "round")
ORDER = {"pass": 0, "review": 1, "fail": 2}
Key = tuple[str, str | None]  # an output: its file's name and its sheet (None: not a workbook)
# files whose flagged cells are compared (a model's or picture's are compared per output)
TABLE_FILES = (".csv", ".xlsx", ".md", ".html", ".tex")


def _seeds(text: str) -> list[int]:
    lo, _, hi = text.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def folder_outputs(expected: dict[str, Any]) -> dict[str, list[Key]]:
    """Each ACRO output's (file, sheet) keys in ACRO's own folder, from its expected JSON."""
    return {u: [(n, e.get("sheet")) for n in e["files"]] for u, e in expected.items()}


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


def _rules(found: list[Any]) -> str:
    return ", ".join(sorted({f"{f.rule} {f.status.value}" for f in found
                             if f.status.value != "pass"}))


def compare(outputs: dict[str, list[Key]], expected: dict[str, Any], result: sdc.RunResult,
            tally: collections.Counter[str], wrong: list[str], stricter: list[str],
            where: str) -> None:
    """Tally one reading: per output (ACRO's status against sdc's worst over the output's
    (file, sheet) keys) and per flagged cell."""
    worst, findings = _by_output(result)
    for uid, entry in expected.items():
        for key in outputs.get(uid, []):
            name = f"{key[0]}[{key[1]}]" if key[1] else key[0]
            ours, theirs = worst.get(key, "missing"), entry["status"]
            tally[f"{entry['type']}: ACRO {theirs} / sdc {ours}"] += 1
            if ours == "missing" or (theirs != "pass" and ours == "pass"):
                wrong.append(f"{where} {uid} {name} ({entry['type']}): ACRO {theirs}, sdc {ours}")
            elif theirs == "pass" and ours != "pass":
                stricter.append(f"{where} {uid} {name}: {_rules(findings[key])}")
            elif ORDER[ours] < ORDER[theirs]:
                stricter.append(f"{where} {uid} {name}: WEAKER ({theirs}): "
                                f"{_rules(findings[key])}")
            if not key[0].endswith(TABLE_FILES) or entry["type"] != "table":
                continue
            here = {f.location.cell for f in findings[key] if f.status.value != "pass"}
            if "MinimumDoFCheck: fail" in entry["summary"]:
                thin = any(f.rule == "SDC303" and f.status.value != "pass" for f in findings[key])
                tally[f"dof failed: SDC303 {'yes' if thin else 'no'}"] += 1
                # in ACRO's folder its record gives the dof; a file alone is judged by verdict
                if not thin and where.endswith("acro"):
                    wrong.append(f"{where} {uid} {name}: ACRO dof fail, no SDC303")
            for flag in entry["cells"]:
                # a dof check's cells are a mask of every cell (docs/acro-differences.md)
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


def plain_outputs(expected: dict[str, Any], ext: str, variant: str | None
                  ) -> dict[str, list[Key]]:
    """Each output's keys in the folder of files pandas wrote alone: a table as ``UID.csv``
    or ``UID.xlsx`` (its one sheet), a model's tables and pictures beside the CSVs (none in
    a workbook session: ACRO's workbook holds them)."""
    files: dict[str, list[Key]] = {}
    for u, e in expected.items():
        if e["type"] == "table":
            files[u] = [(f"{u}.{ext}", "Sheet1" if ext == "xlsx" else None)]
        elif ext == "csv" and variant != "xlsx":
            files[u] = [(f"{u}-{n}", None) for n in e["files"]]
    return files


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", default="1-40")
    parser.add_argument("--variant", default=None, choices=VARIANTS,
                        help="a round-29 session (default: the round-27 session)")
    parser.add_argument("--root", default=None)
    parser.add_argument("--profile", default="acro")
    args = parser.parse_args(argv)
    python = os.environ.get("SDC_ACRO_PYTHON")
    if not python:
        print("set SDC_ACRO_PYTHON", file=sys.stderr)
        return 2
    seeds, variant = _seeds(args.seeds), args.variant
    root = Path(args.root or tempfile.mkdtemp(prefix="acro27-"))
    stem = "s27" if variant is None else f"s29-{variant}"
    missing = [s for s in seeds if not (root / f"{stem}-{s}.expected.json").is_file()]
    if missing:
        script = [str(SWEEP), str(root)] if variant is None else [
            str(SWEEP29), str(root), variant]
        subprocess.run([python, *script, *map(str, missing)], check=True, capture_output=True)
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
        compare(folder_outputs(expected), expected, sdc.check(folder, policy),
                tallies["acro"], wrong, stricter["acro"], f"{seed} acro")
        result = sdc.check(plain, policy)
        # a workbook session's flags name its sheets' cells, not the files pandas wrote
        plain_expected = expected if variant != "xlsx" else {
            u: {**e, "cells": []} for u, e in expected.items()}
        for ext in ("csv", "xlsx"):
            compare(plain_outputs(expected, ext, variant), plain_expected, result,
                    tallies[ext], wrong, stricter[ext], f"{seed} {ext}")
    print(f"{len(seeds)} sessions ({variant or 'round 27'}), {outputs} ACRO outputs, "
          f"root {root}")
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
