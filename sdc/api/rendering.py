"""Turn a published DataFrame into the in-memory ``Output`` the rules check.

The table is rendered exactly as ``DataFrame.to_csv`` writes it, so every cell reference, raw
text and header a finding points at is the one a person sees when opening the saved CSV. The
structure (dimensions, margins, the role of each measure) is not guessed from the text as the
file reader must: the API knows it, and says so.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sdc.outputs import Output
from sdc.policy import Policy
from sdc.readers.base import ReadOptions
from sdc.readers.values import MarkerSet, parse_number
from sdc.table import DataCell, Grid, Measure, RawCell, Table

__all__ = ["Rendered", "build_output", "render"]


@dataclass
class Rendered:
    """The CSV text of a table and its cells, record by record."""

    text: str
    records: list[list[RawCell]]
    n_header: int  # records above the first data row


def render(df: pd.DataFrame, markers: MarkerSet, *, index: bool = True) -> Rendered:
    """``df.to_csv()`` parsed back into raw cells with file line numbers (1-based)."""
    text = df.to_csv(index=index)
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[list[RawCell]] = []
    line = 0
    for record in reader:
        start = line + 1
        line = reader.line_num
        records.append([_raw_cell(start, j + 1, raw, markers) for j, raw in enumerate(record)])
    return Rendered(text=text, records=records, n_header=len(records) - len(df))


def _raw_cell(row: int, col: int, raw: str, markers: MarkerSet) -> RawCell:
    marker = markers.match(raw) if raw.strip() else None
    value = parse_number(raw) if marker is None else None
    return RawCell(row=row, col=col, raw=raw, value=value, marker=marker)


def _header_texts(levels: list[list[RawCell]], ncol: int) -> dict[int, str]:
    """Header text per file column, upper levels carried rightwards (as the CSV reader does)."""
    texts: dict[int, list[str]] = {c: [] for c in range(1, ncol + 1)}
    for k, record in enumerate(levels):
        by_col = {cell.col: cell.raw.strip() for cell in record}
        carry = ""
        for col in range(1, ncol + 1):
            text = by_col.get(col, "")
            if text:
                carry = text
            elif k != len(levels) - 1 and carry and col != 1:
                text = carry
            if text:
                texts[col].append(text)
    return {c: " / ".join(parts) for c, parts in texts.items()}


def build_output(
    df: pd.DataFrame,
    *,
    path: str,
    policy: Policy,
    row_dims: Sequence[str],
    col_dims: Sequence[str | None] | None,
    measures: Sequence[Measure],
    margins_name: str | None,
    rendered: Rendered | None = None,
) -> tuple[Output, list[list[DataCell]]]:
    """The ``Output`` of ``df`` as its CSV, and its data cells grouped by evidence record.

    ``col_dims`` names each column level of a wide table (``None`` for a level that is not a
    dimension, such as the values level of a pivot table); ``None`` makes a long table, one
    ``measures`` entry per column; ``rendered`` is ``render(df, ...)`` if already done (with the
    policy's markers). The second result lists, for each evidence record (a cell of
    a wide table, a row of a long one, in row-major order), the data cells it describes.
    """
    markers = MarkerSet(policy.model.markers)
    limits = policy.read_options()
    if rendered is None:
        rendered = render(df, markers)
    output = Output(path=path, file=Path(path), extension=Path(path).suffix.lstrip(".").lower(),
                    size=len(rendered.text.encode("utf-8")), sha256="")
    widest = max((len(r) for r in rendered.records), default=0)
    if _too_large(output, widest, limits):
        return output, []

    records = rendered.records
    n_header, n_index = rendered.n_header, df.index.nlevels
    wide = col_dims is not None
    name_row = n_header - 1 if wide and df.columns.nlevels > 1 else None
    level_records = [records[h] for h in range(n_header) if h != name_row]
    data = records[n_header:]
    truncated = len(records) > limits.max_rows
    if truncated:
        output.too_large = f"more than {limits.max_rows:,} rows"
        data = data[: max(limits.max_rows - n_header, 0)]

    table = Table(
        path=path, sheet=None, dimensions=[*row_dims], row_dimensions=list(row_dims),
        column_dimensions=[], measures=list(measures), cells=[], layout="long",
        header_rows=[records[h][0].row for h in range(n_header) if records[h]],
        label_columns=list(range(1, n_index + 1)),
        grid=Grid(records[:n_header] + data),
        column_headers=_header_texts(level_records, widest),
        data_rows=[r[0].row for r in data if r],
    )
    if truncated:
        table.problems.append(f"only the first {limits.max_rows:,} rows were checked")

    col_coords = None
    if wide:
        assert col_dims is not None
        dims = [(k, d) for k, d in enumerate(col_dims) if d is not None]
        table.layout = "wide"
        table.columns_grouped = True  # the values of the variables sdc grouped by
        table.rows_grouped = True  # and the index: a crosstab's or pivot's grouped variables
        table.column_dimensions = [d for _, d in dims]
        table.dimensions = [*row_dims, *table.column_dimensions]
        col_coords = [{d: level_records[k][n_index + j].raw.strip() for k, d in dims}
                      for j in range(df.shape[1])]
    groups = _add_cells(table, data, df.shape[1], n_index, row_dims, col_coords,
                        list(measures), margins_name, markers)
    output.table = table
    output.kind = table.kind
    return output, groups


def _too_large(output: Output, widest: int, limits: ReadOptions) -> bool:
    """Whether the rendered table is beyond the policy's reading limits, said on the output
    as the readers say it."""
    if output.size > limits.max_bytes:
        output.too_large = f"{output.size:,} bytes (limit {limits.max_bytes:,})"
        output.unreadable = f"not parsed: {output.too_large}"
        return True
    if widest > limits.max_columns:
        output.too_large = f"{widest:,} columns (limit {limits.max_columns:,})"
        return True
    return False


def _add_cells(table: Table, data: list[list[RawCell]], n_values: int, n_index: int,
               row_dims: Sequence[str], col_coords: list[dict[str, str]] | None,
               measures: list[Measure], margins_name: str | None, markers: MarkerSet
               ) -> list[list[DataCell]]:
    """The data cells of every record, added to ``table``, grouped by evidence record: each
    cell of a wide table (``col_coords`` given: its column labels) alone, each row of a long
    one together."""
    groups: list[list[DataCell]] = []
    for record in data:
        row_coords = {d: record[i].raw.strip() for i, d in enumerate(row_dims)}
        row_cells: list[DataCell] = []
        for j in range(n_values):
            source = _data_source(record, n_index + j, markers, table)  # 0-based position
            coords = dict(row_coords)
            if col_coords is not None:
                coords.update(col_coords[j])
            measure = measures[0] if col_coords is not None else measures[j]
            totals = frozenset(d for d, label in coords.items()
                               if margins_name is not None and label == margins_name)
            cell = DataCell(measure=measure, coords=coords, source=source, total_dims=totals)
            table.cells.append(cell)
            if col_coords is not None:
                groups.append([cell])
            else:
                row_cells.append(cell)
        if col_coords is None:
            groups.append(row_cells)
    return groups


def _data_source(record: list[RawCell], at: int, markers: MarkerSet, table: Table) -> RawCell:
    """The raw cell at 0-based position ``at`` of a record, treated as the reader treats it
    (an empty cell is a suppression when the policy lists ``""`` as a marker)."""
    if at < len(record):
        cell = record[at]
    else:
        cell = RawCell(row=record[0].row if record else 0, col=at + 1, raw="")
    if cell.kind == "empty" and markers.empty_is_marker:
        cell.marker = ""
    elif cell.kind == "text":
        table.unparsed.append(cell)
    return cell
