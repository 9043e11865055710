"""ACRO's regression files read back together as the model summary they were cut from.

ACRO's ``logit``/``probit``/``ols`` write statsmodels' summary one table a file
(``output_0_0.csv``: the header facts, ``Model:``, ``No. Observations:``, ``Covariance Type:``;
``output_0_1.csv``: the coefficients, ``coef`` and ``std err``), listed under one record of
``results.json``. Each file alone is read as before (the record's dof, SDC301). Put back
together, in the order ACRO numbers them, they are the summary ``sdc.readers.model_text``
reads as a ``.txt``: a logit, probit or OLS on one categorical predictor gives its groups' counts
back (``sdc.model_counts``, the same sum check with ``No. Observations``), found at the
term's row of the coefficient file (SDC101 at ``A3``). Only adds findings: the files keep the
reading they had.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from sdc.outputs import Output
from sdc.readers.acro_input import WORKBOOK_FILE, load_acro_folder
from sdc.readers.model_text import parse_model_text

_MAX_BLOCK = 200_000  # a summary's table is a few kB
_MAX_WORKBOOK = 20_000_000
_NUMBER = re.compile(r"_(\d+)\.csv$", re.I)


def acro_model_counts(outputs: list[Output]) -> list[Output]:
    """Give the coefficient file of each ACRO regression record the counts its summary gives
    back; the outputs changed."""
    folders: dict[Path, dict[str, dict[str, Any]] | None] = {}
    groups: dict[tuple[Path, str], list[Output]] = {}
    for output in outputs:
        if output.kind != "model" or output.extension != "csv" or output.sheet is not None:
            continue
        folder = output.file.parent
        if folder not in folders:
            folders[folder] = load_acro_folder(folder)
        entry = (folders[folder] or {}).get(output.file.name)
        for record in (entry or {}).get("records", []):
            if record.get("type") == "regression":
                groups.setdefault((folder, str(record.get("uid"))), []).append(output)
    changed = []
    for files in groups.values():
        changed += _counts(sorted(files, key=_order))
    sheets: dict[tuple[str, str], list[Output]] = {}
    for output in outputs:  # ACRO's results.xlsx: a regression's blocks on one sheet
        if (output.kind == "model" and output.sheet is not None
                and output.file.name == WORKBOOK_FILE and output.table is not None):
            sheets.setdefault((output.path, output.sheet), []).append(output)
    for blocks in sheets.values():
        changed += _sheet_counts(blocks)
    return changed


def _sheet_counts(blocks: list[Output]) -> list[Output]:
    """An ACRO workbook's regression sheet read whole as the summary it holds (the blocks one
    under the other, ACRO's command and summary lines above them left out as residue), the
    counts found at the block holding the coefficient's row."""
    if any(b.model_counts for b in blocks):
        return []
    first = blocks[0]
    try:
        if first.file.stat().st_size > _MAX_WORKBOOK:
            return []
        import warnings

        from openpyxl import load_workbook

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(first.file, read_only=True, data_only=True)
        try:
            if first.sheet not in book.sheetnames:
                return []
            rows = [list(r) for r in book[first.sheet].iter_rows(values_only=True)]
        finally:
            book.close()
    except Exception:  # not a workbook openpyxl reads: nothing joined (the blocks stand)
        return []
    if len(rows) > 500:
        return []
    lines = ["ACRO Regression Results"] + ["  ".join(_shown(v) for v in row if v is not None)
                                          for row in rows]
    parsed = parse_model_text("\n".join(lines))
    if parsed is None or parsed.family != "statsmodels" or parsed.kind is None:
        return []
    holder = {row[0].row: b for b in blocks if b.table is not None
              for row in b.table.grid if row}
    changed: list[Output] = []
    for count in parsed.counts():
        row = count.line - 1  # the title is line 1, the sheet's row r line r + 1
        target = holder.get(row, first)
        target.model_counts.append(replace(count, line=row))
        if target not in changed:
            changed.append(target)
    return changed


def _shown(value: object) -> str:
    """A cell's value as ACRO wrote it (statsmodels' printed digits: the shortest repr)."""
    return repr(value) if isinstance(value, float) else str(value)


def _order(output: Output) -> tuple[int, str]:
    found = _NUMBER.search(output.file.name)
    return (int(found.group(1)) if found else -1, output.file.name)


def _counts(files: list[Output]) -> list[Output]:
    """The summary of ``files`` (cells apart by column gaps, under a statsmodels title) and
    the counts it gives back, each at its coefficient's file and row."""
    if len(files) < 2 or any(f.model_counts for f in files):
        return []
    lines = ["ACRO Regression Results"]  # a title the summary parser knows
    where: list[tuple[Output | None, int]] = [(None, 0)]
    for output in files:
        try:
            if output.file.stat().st_size > _MAX_BLOCK:
                return []
            text = output.file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        for row, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
            lines.append("  ".join(cell.strip() for cell in cells))
            where.append((output, row))
    parsed = parse_model_text("\n".join(lines))
    if parsed is None or parsed.family != "statsmodels" or parsed.kind is None:
        return []
    found = parsed.counts()
    changed: list[Output] = []
    for count in found:
        holder, row = where[count.line - 1]
        if holder is None:
            continue
        holder.model_counts.append(replace(count, line=row))
        if holder not in changed:
            changed.append(holder)
    return changed
