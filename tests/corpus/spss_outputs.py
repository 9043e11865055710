"""SPSS CROSSTABS as the Viewer exports it to CSV and XLSX (hunt round 12, issue 12).

``CROSSTABS /TABLES=region BY treat /CELLS=COUNT ROW COLUMN TOTAL``: a title line, the
column variable's name over its categories and ``Total``, then per row category a stack of
statistic lines (``Count``, ``% within region``, ``% within treat``, ``% of Total``) with the
row variable's name and the category in the two label columns left of the statistic names,
and a ``Total`` group last. In CSV the label cells under a category are blank; in XLSX they
are merged down the group (and the title across the table, ``Total`` down the two header
lines). Percentages print with one decimal and a percent sign (XLSX: a number under a
``0.0%`` format).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl

ROWS = ("North", "South")
COLUMNS = ("Control", "Treated")
SMALL = ((12, 3), (11, 17))  # North / Treated: 3
SAFE = ((52, 48), (40, 60))

PERCENTS = ("% within region", "% within treat", "% of Total")


def crosstab_lines(counts: Sequence[Sequence[int]], statistics: Sequence[str] = PERCENTS
                   ) -> list[list[str | float | None]]:
    """The table's lines as SPSS lays them out: text, counts, and shares as numbers (percent
    points) for the writer to print."""
    rows = [[*r, sum(r)] for r in counts]
    rows.append([sum(col) for col in zip(*rows, strict=True)])
    grand = rows[-1][-1]
    names = [*ROWS, "Total"]
    lines: list[list[str | float | None]] = [
        ["region * treat Crosstabulation"],
        [None, None, None, "treat", None, "Total"],
        [None, None, None, *COLUMNS, None]]
    for at, (name, row) in enumerate(zip(names, rows, strict=True)):
        first = ["region", name] if at == 0 else (["Total", None] if name == "Total"
                                                   else [None, name])
        lines.append([*first, "Count", *row])
        for stat in statistics:
            shares: list[float | None]
            if stat == "% within region":
                shares = [100.0 * v / row[-1] for v in row]
            elif stat == "% within treat":
                shares = [100.0 * v / rows[-1][k] for k, v in enumerate(row)]
            elif stat == "% of Total":
                shares = [100.0 * v / grand for v in row]
            elif stat == "Expected Count":
                shares = [row[-1] * rows[-1][k] / grand for k in range(len(row))]
            else:
                raise ValueError(stat)
            lines.append([None, None, stat, *shares])
    return lines


def write_csv(path: Path, lines: list[list[str | float | None]]) -> None:
    """SPSS's CSV: shares printed ``80.0%``, expected counts ``46.0``, empty label cells."""
    out = []
    for line in lines:
        stat = line[2] if len(line) > 2 else None
        cells = []
        for v in line:
            if isinstance(v, float):
                cells.append(f"{v:.1f}%" if str(stat).startswith("%") else f"{v:.1f}")
            else:
                cells.append("" if v is None else str(v))
        out.append(",".join(cells))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def write_xlsx(path: Path, lines: list[list[str | float | None]]) -> None:
    """SPSS's XLSX: the same cells, shares as fractions under ``0.0%``, the labels merged."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Crosstabs"
    for r, line in enumerate(lines, 1):
        stat = line[2] if len(line) > 2 else None
        for c, v in enumerate(line, 1):
            if v is None:
                continue
            cell = ws.cell(r, c)
            if isinstance(v, float) and str(stat).startswith("%"):
                cell.value, cell.number_format = v / 100, "0.0%"
            else:
                cell.value = v
    width = len(lines[1])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.merge_cells("A2:C3")
    ws.merge_cells(start_row=2, start_column=4, end_row=2, end_column=width - 1)
    ws.merge_cells(start_row=2, start_column=width, end_row=3, end_column=width)
    starts = [r for r, line in enumerate(lines, 1) if len(line) > 2 and line[2] == "Count"]
    ends = [*starts[1:], len(lines) + 1]
    ws.merge_cells(start_row=starts[0], start_column=1, end_row=starts[-1] - 1, end_column=1)
    for start, end in zip(starts, ends, strict=True):
        if start == starts[-1]:  # Total across both label columns
            ws.merge_cells(start_row=start, start_column=1, end_row=end - 1, end_column=2)
        else:
            ws.merge_cells(start_row=start, start_column=2, end_row=end - 1, end_column=2)
    wb.save(path)


def spss_crosstab_csv(root: Path) -> None:
    write_csv(root / "region_by_treat.csv", crosstab_lines(SMALL))


def spss_crosstab_csv_safe(root: Path) -> None:
    write_csv(root / "region_by_treat.csv", crosstab_lines(SAFE))


def spss_crosstab_xlsx(root: Path) -> None:
    write_xlsx(root / "region_by_treat.xlsx", crosstab_lines(SMALL))


def spss_crosstab_xlsx_safe(root: Path) -> None:
    write_xlsx(root / "region_by_treat.xlsx", crosstab_lines(SAFE))
