"""Write the protected table in the input's own shape: same lines, same cells, new values.

A CSV is rewritten record by record: records with no change are copied byte for byte (titles,
notes, quoting, line endings, encoding and BOM stay as they were); a changed record is written
again with the same delimiter. A workbook is loaded with openpyxl (styles, sheets, merged cells
kept), the changed cells are set, and formulas inside a protected table are replaced by their
values so that no ``=SUM(...)`` recomputes (or loses) a total once a cell is hidden.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections import defaultdict
from pathlib import Path

from sdc.outputs import Output
from sdc.readers.csv_reader import SNIFF_BYTES, decode, sniff_dialect

CellValue = str | int | float


def render(value: CellValue) -> str:
    """Text of a new value in a CSV: markers as given, whole numbers without a decimal point."""
    if isinstance(value, str):
        return value
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def csv_text(output: Output, changes: dict[tuple[int, int], CellValue]) -> tuple[str, str]:
    """The protected CSV text and the encoding to write it in.

    ``changes`` maps (file row, file column), both 1-based, to the new value.
    """
    if output.file.is_file():
        decoded = decode(output.file.read_bytes())
        if decoded is None:
            raise ValueError(f"{output.file} is not text in any known encoding")
        text, encoding = decoded
    else:  # an in-memory output (sdc.crosstab): rebuild the text from its cells
        text, encoding = _grid_text(output), "utf-8"
    dialect = sniff_dialect(text[:SNIFF_BYTES])
    lines = io.StringIO(text, newline="").readlines()
    by_row: dict[int, dict[int, CellValue]] = defaultdict(dict)
    for (row, col), value in changes.items():
        by_row[row][col] = value
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    parts: list[str] = []
    consumed = 0
    for record in reader:
        start, end = consumed + 1, reader.line_num
        original = "".join(lines[start - 1:end])
        consumed = end
        row_changes = by_row.get(start)
        if not row_changes:
            parts.append(original)
            continue
        fields = list(record)
        for col, value in row_changes.items():
            while len(fields) < col:
                fields.append("")
            fields[col - 1] = render(value)
        eol = "\r\n" if original.endswith("\r\n") else (
            original[-1] if original.endswith(("\n", "\r")) else "")
        buf = io.StringIO()
        csv.writer(buf, delimiter=dialect.delimiter, quotechar='"',
                   lineterminator=eol or "\n").writerow(fields)
        written = buf.getvalue()
        parts.append(written if eol else written.rstrip("\r\n"))
    parts.extend(lines[consumed:])
    return "".join(parts), encoding


def _grid_text(output: Output) -> str:
    table = output.table
    assert table is not None
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in table.grid:
        width = max((c.col for c in row), default=0)
        fields = [""] * width
        for cell in row:
            fields[cell.col - 1] = cell.raw
        writer.writerow(fields)
    return buf.getvalue()


def write_csv(output: Output, changes: dict[tuple[int, int], CellValue], target: Path) -> None:
    text, encoding = csv_text(output, changes)
    target.write_bytes(text.encode(encoding))


def write_xlsx(source: Path, outputs: list[Output],
               changes: dict[str | None, dict[tuple[int, int], CellValue]], target: Path) -> None:
    """Copy the workbook with each sheet's changes applied (formulas in tables made values)."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(source)
        cached = load_workbook(source, data_only=True)
    for output in outputs:
        if output.table is None or output.sheet is None or output.sheet not in wb.sheetnames:
            continue
        ws, ws_values = wb[output.sheet], cached[output.sheet]
        sheet_changes = changes.get(output.sheet, {})
        if sheet_changes:
            for cell in output.table.cells:
                row, col = cell.source.row, cell.source.col
                current = ws.cell(row=row, column=col).value
                cached_value = ws_values.cell(row=row, column=col).value
                is_formula = isinstance(current, str) and current.startswith("=")
                if is_formula and cached_value is not None:
                    ws.cell(row=row, column=col).value = cached_value
        for (row, col), value in sheet_changes.items():
            ws.cell(row=row, column=col).value = value
    wb.save(target)
