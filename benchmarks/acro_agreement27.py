"""sdc against ACRO 1.0.2 on wide random sessions, with and without ACRO's record (round 27).

Run on demand (seeded, not in CI; needs ACRO's interpreter):

    SDC_ACRO_PYTHON=.acro-venv/bin/python python -m benchmarks.acro_agreement27 [--seeds 1-40]

Each seed is one session of ``tests/parity/acro_sweep27.py`` (crosstabs and pivot tables of
counts, weighted counts, shares and statistics over one to three index levels and one or two
column levels, with and without margins; missing values, zeros, negatives, dominated cells;
models on a handful of records; survival tables and plots; histograms). ``sdc check`` reads
(a) ACRO's finalised folder and (b) the same tables written by pandas alone (CSV and XLSX, no
ACRO metadata; models and pictures as ACRO wrote them). Compared per output and per cell with
what ACRO recorded: an output ACRO failed or reviewed that sdc passes is a wrong pass; a cell
ACRO flagged (not blank) that no finding names, neither at the cell nor for the table, is a
wrong pass of that cell.
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

SWEEP = Path(__file__).resolve().parent.parent / "tests" / "parity" / "acro_sweep27.py"
ORDER = {"pass": 0, "review": 1, "fail": 2}


def _seeds(text: str) -> list[int]:
    lo, _, hi = text.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def _by_file(result: sdc.RunResult) -> tuple[dict[str, str], dict[str, list[Any]]]:
    worst: dict[str, str] = {}
    for o in result.outputs:
        name = Path(o.path).name
        if ORDER[o.status.value] >= ORDER[worst.get(name, "pass")]:
            worst[name] = o.status.value
    findings: dict[str, list[Any]] = collections.defaultdict(list)
    for f in result.findings:
        findings[Path(f.location.path).name].append(f)
    return worst, findings


def compare(files: dict[str, list[str]], expected: dict[str, Any], result: sdc.RunResult,
            tally: collections.Counter[str], wrong: list[str], stricter: list[str],
            where: str) -> None:
    """Tally one reading: per output (ACRO's status against sdc's worst over the output's
    files) and per flagged cell."""
    worst, findings = _by_file(result)
    for uid, entry in expected.items():
        names = files.get(uid, [])
        if not names:
            continue
        for name in names:
            ours, theirs = worst.get(name, "missing"), entry["status"]
            tally[f"{entry['type']}: ACRO {theirs} / sdc {ours}"] += 1
            if ours == "missing" or (theirs != "pass" and ours == "pass"):
                wrong.append(f"{where} {uid} {name} ({entry['type']}): ACRO {theirs}, sdc {ours}")
            elif theirs == "pass" and ours != "pass":
                rules = sorted({f"{f.rule} {f.status.value}" for f in findings[name]
                                if f.status.value != "pass"})
                stricter.append(f"{where} {uid} {name}: {', '.join(rules)}")
            if not name.endswith((".csv", ".xlsx")) or entry["type"] != "table":
                continue
            here = {f.location.cell for f in findings[name] if f.status.value != "pass"}
            if "MinimumDoFCheck: fail" in entry["summary"]:
                thin = any(f.rule == "SDC303" and f.status.value != "pass" for f in findings[name])
                tally[f"dof failed: SDC303 {'yes' if thin else 'no'}"] += 1
                # in ACRO's folder its record gives the dof; a file alone is judged by verdict
                if not thin and where.endswith("acro"):
                    wrong.append(f"{where} {uid} {name}: ACRO dof fail, no SDC303")
            for flag in entry["cells"]:
                # a dof check's cells are a mask of every cell (docs/acro-differences.md)
                if flag["blank"] or flag["check"] == "MinimumDoFCheck":
                    continue
                if flag["csv_ref"] in here:
                    tally["cell: named"] += 1
                elif None in here:
                    tally["cell: table-level finding only"] += 1
                else:
                    tally["cell: WRONG PASS"] += 1
                    wrong.append(f"{where} {uid} {name} {flag['csv_ref']}: ACRO "
                                 f"{flag['check']} {flag['text']}, sdc nothing there")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", default="1-40")
    parser.add_argument("--root", default=None)
    parser.add_argument("--profile", default="acro")
    args = parser.parse_args(argv)
    python = os.environ.get("SDC_ACRO_PYTHON")
    if not python:
        print("set SDC_ACRO_PYTHON", file=sys.stderr)
        return 2
    seeds = _seeds(args.seeds)
    root = Path(args.root or tempfile.mkdtemp(prefix="acro27-"))
    missing = [s for s in seeds if not (root / f"s27-{s}.expected.json").is_file()]
    if missing:
        subprocess.run([python, str(SWEEP), str(root), *map(str, missing)], check=True,
                       capture_output=True)
    policy = build_policy({}, profile=args.profile)
    tallies = {"acro": collections.Counter[str](), "csv": collections.Counter[str](),
               "xlsx": collections.Counter[str]()}
    wrong: list[str] = []
    stricter: dict[str, list[str]] = {k: [] for k in tallies}
    outputs = 0
    for seed in seeds:
        expected = json.loads((root / f"s27-{seed}.expected.json").read_text(encoding="utf-8"))
        outputs += len(expected)
        folder, plain = root / f"s27-{seed}", root / f"s27-{seed}-plain"
        compare({u: e["files"] for u, e in expected.items()}, expected,
                sdc.check(folder, policy), tallies["acro"], wrong, stricter["acro"],
                f"{seed} acro")
        result = sdc.check(plain, policy)
        for ext in ("csv", "xlsx"):
            files = {u: ([f"{u}.{ext}"] if e["type"] == "table" else
                         [f"{u}-{n}" for n in e["files"]] if ext == "csv" else [])
                     for u, e in expected.items()}
            compare(files, expected, result, tallies[ext], wrong, stricter[ext],
                    f"{seed} {ext}")
    print(f"{len(seeds)} sessions, {outputs} ACRO outputs, root {root}")
    for name, tally in tallies.items():
        print(f"\n## {name}")
        for key, count in sorted(tally.items()):
            print(f"  {count:5d}  {key}")
    print(f"\n## wrong passes ({len(wrong)})")
    for line in wrong:
        print("  " + line)
    for name, lines in stricter.items():
        print(f"\n## sdc stricter than ACRO, {name} ({len(lines)})")
        counts = collections.Counter(line.split(": ", 1)[1] for line in lines)
        for key, count in counts.most_common():
            print(f"  {count:5d}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
