"""``--format acro``: an ACRO / SACRO-Viewer output folder (``results.json`` + files + checksums).

Layout (ACRO 1.0.2 ``Records.finalise_json`` / ``write_checksums``; read by SACRO-Viewer's
``ACROOutputs``)::

    folder/results.json          {"version", "tool", "results": {uid: record}}
    folder/<output path>         a copy of each output file (never the evidence sidecars)
    folder/checksums/<path>.txt  the SHA-256 (hex) of each copied file, and of results.json

A record: ``uid``, ``status`` (pass/review/fail), ``type`` (table, regression, custom),
``properties``, ``files: [{"name", "sdc": {"summary", "cells"}}]``, ``outcome``, ``command``,
``summary``, ``timestamp``, ``comments``, ``exception``, ``fair``. sdc adds ``sdc_findings``
(the findings, value-free unless ``--show-values``); ACRO and the viewer ignore unknown keys.
One record per output (a workbook sheet is its own record, uid ``path [sheet]``).

``sdc.cells`` maps check names to ``[row, col]`` positions in the table's own coordinates, as
ACRO does: ``row`` is the 0-based index among the table's data rows (header lines excluded,
margin rows included), ``col`` the 0-based index among its value columns (label columns
excluded). SACRO-Viewer highlights ``[x, y]`` at body row ``x`` and the ``y``-th column after
the first (label) column, which is the same cell for a table with one header line and one
label column. Findings map to ACRO's check names where one exists (SDC101 ``threshold``,
SDC201 ``nk-rule``, SDC202 ``p-ratio``, SDC204 ``negative``); others keep their sdc name
(``zero-count``, ``group-disclosure``…). Findings on cells outside the value grid (a header, a
label) and table-level findings are counted in ``summary`` only. (These are ACRO 0.4's names,
which SACRO-Viewer's own fixtures use; ACRO 1.0.2 writes its check class names, e.g.
``MinimumThresholdCheck``, instead. The viewer shows whatever name it finds.)

``version`` is ``1.0.2``: ACRO 1.0.2's ``load_records`` accepts only its own version, and
SACRO-Viewer accepts any version from 0.4 on.

With ``options.output_path`` (``-o``) the folder is written there (``-o dir/results.json``
writes into ``dir``); without it, only results.json goes to the stream.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sdc.hashing import sha256_file
from sdc.reports.common import display_name, json_default, parse_ref, source_file
from sdc.reports.json_report import json_safe
from sdc.reports.table_view import cell_columns
from sdc.results import OutputResult, RunResult

if TYPE_CHECKING:
    from sdc.reports import ReportOptions

LAYOUT_VERSION = "1.0.2"  # the ACRO release whose results.json layout this follows
RESULTS_FILE = "results.json"
CHECKSUMS_DIR = "checksums"
ACRO_NAMES = {"SDC101": "threshold", "SDC201": "nk-rule", "SDC202": "p-ratio",
              "SDC204": "negative"}
BASE_CHECKS = ("threshold", "p-ratio", "nk-rule", "all-values-are-same", "negative", "missing")
TYPES = {"frequency": "table", "magnitude": "table", "statistics": "table", "model": "regression"}
MAX_OUTCOME_CELLS = 20_000  # bigger tables get an empty outcome (cells still listed)


def check_name(rule: str, name: str) -> str:
    return ACRO_NAMES.get(rule, name)


def _positions(out: OutputResult) -> tuple[dict[int, int], dict[int, int]]:
    """File row -> data-row index, file column -> value-column index."""
    table = out.table
    if table is None:
        return {}, {}
    rows = {row: i for i, row in enumerate(table.data_rows)}
    labels = set(table.label_columns)
    cols = sorted(col for col in cell_columns(table)[1] if col not in labels)
    return rows, {col: j for j, col in enumerate(cols)}


def sdc_block(out: OutputResult) -> dict[str, Any]:
    """ACRO's per-file ``sdc``: counts per check and the flagged ``[row, col]`` positions."""
    if out.table is None and not out.findings:
        return {}
    rows, cols = _positions(out)
    summary: dict[str, Any] = {"suppressed": False}
    cells: dict[str, list[list[int]]] = {}
    if out.table is not None:
        summary.update(dict.fromkeys(BASE_CHECKS, 0))
        cells.update({name: [] for name in BASE_CHECKS})
    for f in out.findings:
        name = check_name(f.rule, f.name)
        summary[name] = summary.get(name, 0) + 1
        cells.setdefault(name, [])
        pos = parse_ref(f.location.cell)
        if pos is not None and pos[0] in rows and pos[1] in cols:
            point = [rows[pos[0]], cols[pos[1]]]
            if point not in cells[name]:
                cells[name].append(point)
    return {"summary": summary, "cells": cells}


def _outcome(out: OutputResult, block: dict[str, Any]) -> dict[str, dict[str, str]]:
    """ACRO's ``outcome`` frame as JSON (``{column: {row: "ok" | "threshold; ..."}}``)."""
    table = out.table
    if table is None or not block or cell_columns(table)[0] > MAX_OUTCOME_CELLS:
        return {}
    rows, cols = _positions(out)
    if not rows or not cols:
        return {}
    flags: dict[tuple[int, int], list[str]] = {}
    for name, points in block["cells"].items():
        for r, c in points:
            flags.setdefault((r, c), []).append(name)
    by_row = {row[0].row: row for row in table.grid if row}
    labels = set(table.label_columns)

    def unique(names: list[str]) -> list[str]:
        seen: dict[str, int] = {}
        result = []
        for name in names:
            seen[name] = seen.get(name, 0) + 1
            result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
        return result

    row_names = unique([
        " / ".join(c.raw for c in by_row.get(r, []) if c.col in labels and c.raw.strip())
        or str(i) for r, i in sorted(rows.items(), key=lambda kv: kv[1])])
    col_names = unique([table.column_headers.get(c) or str(j)
                        for c, j in sorted(cols.items(), key=lambda kv: kv[1])])
    return {col: {row: ("; ".join(flags[(i, j)]) + "; ") if (i, j) in flags else "ok"
                  for i, row in enumerate(row_names)}
            for j, col in enumerate(col_names)}


def _summary_text(out: OutputResult, block: dict[str, Any]) -> str:
    parts = []
    cells = block.get("cells") or {}
    for name, count in (block.get("summary") or {}).items():
        if name == "suppressed" or not count:
            continue
        located = len(cells.get(name) or [])
        parts.append(f"{name}: {located} cells may need suppressing" if located
                     else f"{name}: {count} findings")
    return f"{out.status.value}; " + "; ".join(parts) + ("; " if parts else "")


def build_results(result: RunResult, options: ReportOptions) -> dict[str, Any]:
    """The results.json document."""
    show = options.show_values
    now = dt.datetime.now().isoformat()
    records: dict[str, Any] = {}
    for out in result.outputs:
        uid = display_name(out)
        block = sdc_block(out)
        records[uid] = {
            "uid": uid,
            "status": out.status.value,
            "type": TYPES.get(out.kind, "custom"),
            "properties": {"method": "sdc check", "kind": out.kind, "sheet": out.sheet,
                           "sha256": out.sha256},
            "files": [{"name": out.path, "sdc": block}],
            "outcome": _outcome(out, block),
            "command": "sdc check",
            "summary": _summary_text(out, block),
            "timestamp": now,
            "comments": [out.description] if out.description else [],
            "exception": out.justification or "",
            "fair": {},
            "sdc_findings": [f.to_dict(with_evidence=show) for f in out.findings],
        }
    return {
        "version": LAYOUT_VERSION,
        "tool": {"@type": "SoftwareApplication", "name": "sdc",
                 "version": result.tool_version},
        "sdc": {"status": result.status.value, "summary": result.summary(),
                "policy": {"source": result.policy.source, "profile": result.policy.profile,
                           "sha256": result.policy.sha256}},
        "results": records,
    }


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(json_safe(data), indent=4, default=json_default, allow_nan=False) + "\n"



def _inside(folder: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def write_folder(result: RunResult, options: ReportOptions, target: Path) -> Path:
    """Write the ACRO folder at ``target`` (a folder, or ``folder/name.json``); return it."""
    folder, name = (target.parent, target.name) if target.suffix.lower() == ".json" else (
        target, RESULTS_FILE)
    folder.mkdir(parents=True, exist_ok=True)
    data = build_results(result, options)
    written: list[str] = []
    for out in result.outputs:
        if out.path in written:
            continue
        dest = folder / out.path
        src = source_file(result, out, options)
        if not _inside(folder, dest):
            continue
        if src is None:
            data["results"][display_name(out)]["comments"].append(
                "sdc: the file could not be found to copy into this folder")
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        if src.resolve() != dest.resolve():
            shutil.copy2(src, dest)
        written.append(out.path)
    (folder / name).write_text(_dump(data), encoding="utf-8")
    for rel in [*written, name]:
        checksum = folder / CHECKSUMS_DIR / f"{rel}.txt"
        checksum.parent.mkdir(parents=True, exist_ok=True)
        checksum.write_text(sha256_file(folder / rel), encoding="utf-8")
    return folder


def write_acro(result: RunResult, stream: IO[str], options: ReportOptions) -> None:
    if options.output_path is not None:
        write_folder(result, options, options.output_path)
        return
    stream.write(_dump(build_results(result, options)))
