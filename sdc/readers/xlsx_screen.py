"""The row-level screen for a workbook (issue 12, channel 12): a large sheet that is surely
row-level data, read with openpyxl's read-only streaming (``values_only``) and failed from
whole columns instead of being loaded twice (values and formulas) into the per-cell model.

It applies the CSV screen's criterion (``sdc.readers.row_screen``: a header row of distinct
non-numeric names, one of them a direct identifier with a distinct non-empty value on every
row) to a workbook's values, shown as the full path shows them (``xlsx_reader.value_text``).
It fires only on a workbook the full path reads as one plain sheet of values; anything on the
sheet the full path reads cell by cell makes it decline, and the workbook takes the full path
unchanged:

- one worksheet part, no chart sheet, no comment (legacy, threaded or VML) anywhere in the
  package, by its name or by a sheet's relationship to it;
- the sheet's XML holds no formula, no merged range and no hidden row or column
  (``xlsx_reader.scan_sheet``: a streamed pass over the sheet's XML before anything is
  loaded, made only for a sheet long enough to be screened);
- no cell style of the workbook shows a percentage, writes digits of its own in its number
  format or indents its text (the full path rewrites or flags such cells);
- every row is as wide as the header or narrower, none is empty, none is past the row limit,
  no cell holds a line break.

A hidden sheet is still flagged (SDC605), and the package walk (``xlsx_package``) still reads
every other member; the screened sheet gives it the text of its text cells, so that shared
strings no cell shows are found as on the full path.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from sdc.readers.row_screen import CHUNK_ROWS, Columns, RowScreen, is_header, screened
from sdc.readers.values import MarkerSet
from sdc.readers.xlsx_reader import LITERAL_DIGIT, SheetScan, scan_sheet, value_text

# members whose content the full path reads per cell: comments (the cell they sit on), at
# their usual names or wherever a sheet's relationships point
_COMMENTS = re.compile(r"^xl/(comments|threadedComments|chartsheets/)|\.vml$")
_SHEET_RELS = re.compile(r"^xl/worksheets/_rels/[^/]+\.rels$")
_COMMENT_RELS = re.compile(rb"relationships/comments|vmlDrawing|threadedComment", re.I)


def screen_workbook(file: Path, scans: dict[str, SheetScan], *, min_rows: int, max_rows: int,
                    max_columns: int, markers: MarkerSet, limit: int = 50
                    ) -> tuple[str, str, RowScreen] | None:
    """``(sheet title, sheet state, what the screen found)`` of a workbook whose only sheet
    is row-level data, or None: the full path reads it. ``scans``: each sheet part's
    ``SheetScan`` from ``xlsx_reader.inspect_package`` (the row limit already applied)."""
    if len(scans) != 1:
        return None
    ((part, scan),) = scans.items()
    if scan.rows < min_rows + 1:
        return None
    with zipfile.ZipFile(file) as zf:
        names = zf.namelist()
        if any(_COMMENTS.search(n) for n in names) or any(
                _COMMENT_RELS.search(zf.read(n)) for n in names if _SHEET_RELS.match(n)):
            return None
        with zf.open(part) as fh:  # formulas, merged ranges, hidden rows or columns
            if not scan_sheet(fh, max_rows, plain=True).plain:
                return None
    from openpyxl import load_workbook

    # opened as a stream (as the full path does: openpyxl refuses names without an Excel
    # extension), kept open while the rows stream
    with file.open("rb") as fh:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wb = load_workbook(fh, read_only=True, data_only=True)
        except Exception:  # the full path reports why it cannot be opened
            return None
        try:
            if len(wb.worksheets) != 1 or not _plain_styles(wb):
                return None
            ws = wb.worksheets[0]
            screen = _screen_sheet(ws, min_rows=min_rows, max_rows=max_rows,
                                   max_columns=max_columns, markers=markers, limit=limit)
            return None if screen is None else (ws.title, ws.sheet_state, screen)
        except Exception:  # anything read differently: the full path decides
            return None
        finally:
            wb.close()


def _plain_styles(wb: Any) -> bool:
    """No cell style shows a percentage, digits of its own or an indent (the full path reads
    such cells as shown: ``xlsx_reader._as_percent``, ``LITERAL_DIGIT``, ``_shown_indent``)."""
    from openpyxl.cell.read_only import ReadOnlyCell

    ws = wb.worksheets[0]
    for style in range(len(wb._cell_styles)):
        cell = ReadOnlyCell(ws, 1, 1, None, style_id=style)
        shown = cell.number_format or ""
        if "%" in shown or LITERAL_DIGIT.search(shown) or (cell.alignment.indent or 0) > 0:
            return False
    return True


def _screen_sheet(ws: Any, *, min_rows: int, max_rows: int, max_columns: int,
                  markers: MarkerSet, limit: int) -> RowScreen | None:
    ws.reset_dimensions()  # the rows as they are, not as <dimension> claims them
    rows = ws.iter_rows(values_only=True)
    first = next(rows, None)
    if not first or not all(isinstance(v, str) for v in first):
        return None
    headers = list(first)
    width = len(headers)
    if width > max_columns or not is_header(headers, markers):
        return None
    columns = Columns(headers, limit)
    if not columns.id_kinds:
        return None
    strings = set(headers)
    chunk: list[list[str]] = []
    for number, row in enumerate(rows, 2):
        if number > max_rows or (len(row) > width and any(v is not None for v in row[width:])):
            return None  # past the limit (rows skipped), or a cell right of the header
        texts = [value_text(v) for v in row[:width]]
        if len(texts) < width:
            texts += [""] * (width - len(texts))
        if not any(texts):
            return None  # an empty row: tables one after another
        strings.update(v for v in row if type(v) is str)
        chunk.append(texts)
        if len(chunk) == CHUNK_ROWS:
            if not _add(columns, chunk):
                return None
            chunk = []
    if chunk and not _add(columns, chunk):
        return None
    found = screened(columns, min_rows=min_rows)
    if found is not None:
        found.strings = strings
    return found


def _add(columns: Columns, chunk: list[list[str]]) -> bool:
    """One chunk of rows into ``columns``; False once no identifier column is distinct."""
    columns.add(pd.DataFrame(chunk, dtype=object))
    return bool(columns.id_hashes)
