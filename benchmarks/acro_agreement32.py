"""sdc against ACRO 1.0.2 on round 32's sessions (``tests/parity/acro_sweep32.py``): the calls
and options earlier sweeps made least, in ACRO's folder and saved by pandas alone four ways.

Run on demand (seeded, not in CI; needs ACRO's interpreter):

    SDC_ACRO_PYTHON=.acro-venv/bin/python python -m benchmarks.acro_agreement32 \
        [--variant json|xlsx|suppress] [--seeds 32001-32040] [--root DIR]

``sdc check`` reads (a) ACRO's finalised folder (JSON, or one ``results.xlsx``) and (b) the
same tables as a researcher saves them without ACRO: ``to_csv`` (``csv``), ``to_excel``
(``xlsx``), rounded to one decimal then ``to_csv`` (``r1``), ``to_excel(merge_cells=False)``
(``flat``); models and pictures as ACRO wrote them (beside the CSVs). Each reading is compared
with what ACRO recorded, per output and per flagged cell, by ``acro_agreement27.compare``: an
output ACRO failed or reviewed that sdc passes is a wrong pass, and so is a flagged cell (not
blank) that no finding names; a cell named only by a finding about the whole table is listed
with its call. A workbook session's flags name the workbook's cells, so its files alone are
compared per output only.
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
from benchmarks.acro_agreement27 import Key, _seeds, compare, folder_outputs
from sdc.policy import build_policy

SWEEP = Path(__file__).resolve().parent.parent / "tests" / "parity" / "acro_sweep32.py"
VARIANTS = ("json", "xlsx", "suppress")
# a reading of the files pandas wrote alone: (file name's tail, sheet)
STYLES: dict[str, tuple[str, str | None]] = {
    "csv": (".csv", None), "xlsx": (".xlsx", "Sheet1"), "r1": ("-r1.csv", None),
    "flat": ("-flat.xlsx", "Sheet1")}


def plain_outputs(expected: dict[str, Any], style: str, variant: str) -> dict[str, list[Key]]:
    """Each output's keys among the files pandas wrote alone in ``style``; a model's tables and
    pictures go with the ``csv`` reading (none in a workbook session: its workbook holds them)."""
    tail, sheet = STYLES[style]
    files: dict[str, list[Key]] = {}
    for u, e in expected.items():
        if e["type"] == "table":
            files[u] = [(f"{u}{tail}", sheet)]
        elif style == "csv" and variant != "xlsx":
            files[u] = [(f"{u}-{n}", None) for n in e["files"]]
    return files


def flat(expected: dict[str, Any], plain: Path) -> dict[str, Any]:
    """What ACRO recorded, its flagged cells moved to where ``to_excel(merge_cells=False)``
    wrote them: a MultiIndex header is one line of joined names there (the index names' line
    stays under it), so the table starts higher. How much higher is read off the file: its
    lines less the table's rows are its header."""
    from openpyxl import load_workbook

    moved: dict[str, Any] = {}
    for uid, entry in expected.items():
        cells = entry.get("table", {}).get("cells", [])
        if not cells or not (plain / f"{uid}-flat.xlsx").is_file():
            moved[uid] = entry
            continue
        sheet = load_workbook(plain / f"{uid}-flat.xlsx", read_only=True).active
        rows = len({c["ref"].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for c in cells})
        first = min(int(c["ref"].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for c in cells)
        shift = first - (sheet.max_row - rows + 1)
        flags = []
        for flag in entry["cells"]:
            ref = flag.get("csv_ref", flag["ref"])
            letters = ref.rstrip("0123456789")
            flags.append({**flag, "csv_ref": f"{letters}{int(ref[len(letters):]) - shift}"})
        moved[uid] = {**entry, "cells": flags}
    return moved


def recorded(stem: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """What ACRO recorded for a session (``STEM.expected.json``) and each output's call
    (``STEM.calls.json``), as the sweeps write them."""
    expected = json.loads(Path(f"{stem}.expected.json").read_text(encoding="utf-8"))
    calls = json.loads(Path(f"{stem}.calls.json").read_text(encoding="utf-8"))
    return expected, calls


def session(root: Path, variant: str, seed: int) -> tuple[Path, Path, dict[str, Any],
                                                           dict[str, str]]:
    """A seed's folder, its plain folder, what ACRO recorded and each output's call."""
    stem = root / f"s32-{variant}-{seed}"
    expected, calls = recorded(stem)
    return stem, Path(f"{stem}-plain"), expected, calls


def readings_found(readings: tuple[str, ...], outputs: int = 0) -> dict[str, Any]:
    """Empty tallies, wrong passes, table-wide cells and differences for each reading."""
    return {"outputs": outputs, "tallies": {k: collections.Counter[str]() for k in readings},
            "wrong": [], "wide": {k: [] for k in readings},
            "stricter": {k: [] for k in readings}}


def tally_readings(readings_of: list[tuple[str, dict[str, list[Key]], dict[str, Any], Any]],
                   found: dict[str, Any], calls: dict[str, str], seed: int) -> None:
    """Each reading of a seed's session (its name, outputs, what ACRO recorded moved to its
    cells, sdc's result) compared by ``acro_agreement27.compare``, each wrong pass and
    difference noted with its output's call."""
    wrong = found["wrong"]
    for name, outs, exp, res in readings_of:
        tally, before, more = found["tallies"][name], len(wrong), list[str]()
        cells_wide = tally["cell: table-level finding only"]
        compare(outs, exp, res, tally, wrong, more, f"{seed} {name}")
        for i in range(before, len(wrong)):
            wrong[i] += f"  <- {calls.get(wrong[i].split()[2], '?')}"
        found["stricter"][name] += [f"{line}  <- {calls.get(line.split()[2], '?')}"
                                    for line in more]
        if tally["cell: table-level finding only"] > cells_wide:
            found["wide"][name].append(
                f"{seed}: {tally['cell: table-level finding only'] - cells_wide} cells")


def agreement(root: Path, variant: str, seeds: list[int], policy: Any
              ) -> dict[str, Any]:
    """Every reading's tallies, wrong passes, table-wide cells and differences."""
    found = readings_found(("acro", *STYLES))
    for seed in seeds:
        folder, plain, expected, calls = session(root, variant, seed)
        found["outputs"] += len(expected)
        plain_expected = expected if variant != "xlsx" else {
            u: {**e, "cells": []} for u, e in expected.items()}
        readings_of = [("acro", folder_outputs(expected), expected, sdc.check(folder, policy))]
        result = sdc.check(plain, policy)
        readings_of += [(s, plain_outputs(expected, s, variant),
                         flat(plain_expected, plain) if s == "flat" else plain_expected, result)
                        for s in STYLES]
        tally_readings(readings_of, found, calls, seed)
    return found


def print_differences(stricter: dict[str, list[str]], detail: bool) -> None:
    """Each reading's outputs where sdc differs from ACRO: every line, or counted by finding."""
    for name, lines in stricter.items():
        print(f"\n## sdc differs from ACRO, {name} ({len(lines)})")
        if detail:
            for line in lines:
                print("  " + line)
            continue
        counts = collections.Counter(line.split(": ", 1)[1].split("  <- ")[0]
                                     for line in lines)
        for key, count in counts.most_common():
            print(f"  {count:5d}  {key}")


def sessions_written(root: Path, sweep: Path, args: list[str], missing: list[int]) -> bool:
    """The seeds' sessions not yet under ``root`` written by ``sweep`` under ACRO's
    interpreter (``SDC_ACRO_PYTHON``); False without it."""
    if not missing:
        return True
    python = os.environ.get("SDC_ACRO_PYTHON")
    if not python:
        print("set SDC_ACRO_PYTHON", file=sys.stderr)
        return False
    subprocess.run([python, str(sweep), str(root), *args, *map(str, missing)], check=True,
                   capture_output=True)
    return True


def print_found(found: dict[str, Any], detail: bool) -> None:
    """Each reading's tallies, the wrong passes (outputs, and cells by output) and the
    differences."""
    for name, tally in found["tallies"].items():
        print(f"\n## {name}")
        for key, count in sorted(tally.items()):
            print(f"  {count:5d}  {key}")
        if found["wide"][name]:
            print("  table-wide cells by seed: " + "; ".join(found["wide"][name]))
    print(f"\n## wrong passes ({len(found['wrong'])}: outputs, and cells by output)")
    by_output: dict[str, list[str]] = collections.defaultdict(list)
    for line in found["wrong"]:
        head, _, call = line.partition("  <- ")
        seed, reading, uid, name, rest = head.split(" ", 4)
        if rest.startswith("("):  # the output as a whole
            print(f"  {head}  <- {call}")
            continue
        by_output[f"{seed} {reading} {uid} {name}  <- {call}"].append(rest.split(":")[0])
    for where, refs in by_output.items():
        print(f"  {where}\n      {len(refs)} cells: {' '.join(refs[:12])}"
              f"{' ...' if len(refs) > 12 else ''}")
    print_differences(found["stricter"], detail)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", default="32001-32040")
    parser.add_argument("--variant", default="json", choices=VARIANTS)
    parser.add_argument("--root", default=None)
    parser.add_argument("--profile", default="acro")
    parser.add_argument("--detail", action="store_true", help="every difference, not counts")
    args = parser.parse_args(argv)
    seeds, variant = _seeds(args.seeds), args.variant
    root = Path(args.root or tempfile.mkdtemp(prefix="acro32-"))
    missing = [s for s in seeds if not (root / f"s32-{variant}-{s}.calls.json").is_file()]
    if not sessions_written(root, SWEEP, [variant], missing):
        return 2
    found = agreement(root, variant, seeds, build_policy({}, profile=args.profile))
    print(f"{len(seeds)} sessions ({variant}), {found['outputs']} ACRO outputs, root {root}")
    print_found(found, args.detail)
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
