"""A Word table style's conditional formats (``w:tblStylePr``) matched to the cells they apply
to: the whole table, banded rows and columns, the first and last row and column and the four
corners, switched on by the table's ``w:tblLook`` (or recorded on a cell by ``w:cnfStyle``).

A table style can set the colour, size or visibility of the text in some cells and the fill
behind it: a ``<`` or a digit made white by the style's banded rows would read as ``<3``
where the page shows 3. Where the match is not certain (no ``w:tblLook``, a row or cell not
found in its table, two formats of one rank both setting the colour) every possibility is
kept, and the caller treats text faint in any of them as "may be hidden", never as shown.
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# ranks, lowest first (after the whole table's): a format of a higher rank wins; two of one
# rank are both possible. This is the order Office applies them in (MS-OI29500 on ECMA-376
# 17.7.6.6: row bands, column bands, first/last column, first/last row, corners); the
# standard puts rows under columns. Word's own built-in styles rely on Office's order (a
# first row's white fill over a dark first column's, the corner's text set back to black).
RANKS: tuple[tuple[str, ...], ...] = (
    ("band1Horz", "band2Horz"), ("band1Vert", "band2Vert"), ("firstCol", "lastCol"),
    ("firstRow", "lastRow"), ("nwCell", "neCell", "swCell", "seCell"))
_LOOK_BITS = {"firstRow": 0x20, "lastRow": 0x40, "firstColumn": 0x80, "lastColumn": 0x100,
              "noHBand": 0x200, "noVBand": 0x400}
_CNF = {"firstRow": "firstRow", "lastRow": "lastRow", "firstColumn": "firstCol",
        "lastColumn": "lastCol", "oddVBand": "band1Vert", "evenVBand": "band2Vert",
        "oddHBand": "band1Horz", "evenHBand": "band2Horz", "firstRowFirstColumn": "nwCell",
        "firstRowLastColumn": "neCell", "lastRowFirstColumn": "swCell",
        "lastRowLastColumn": "seCell"}
_CNF_ORDER = ("firstRow", "lastRow", "firstColumn", "lastColumn", "oddVBand", "evenVBand",
              "oddHBand", "evenHBand", "firstRowFirstColumn", "firstRowLastColumn",
              "lastRowFirstColumn", "lastRowLastColumn")
ALL_TYPES = frozenset(t for rank in RANKS for t in rank)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def look_flags(table: Any) -> list[dict[str, bool]]:
    """The table's ``w:tblLook`` switches; without one, every combination (Word's own default
    is not written down in the file)."""
    look = table.find(f"{W}tblPr/{W}tblLook")
    if look is None:
        combos: list[dict[str, bool]] = [{}]
        for name in _LOOK_BITS:
            combos = [{**c, name: v} for c in combos for v in (False, True)]
        return combos
    try:
        bits = int(look.get(f"{W}val") or "0", 16)
    except ValueError:
        bits = 0
    flags = {}
    for name, bit in _LOOK_BITS.items():
        attr = look.get(f"{W}{name}")
        flags[name] = attr in ("1", "true", "on") if attr is not None else bool(bits & bit)
    return [flags]


def _cnf_types(el: Any) -> set[str]:
    cnf = el.find(f"{W}trPr/{W}cnfStyle") if el.tag == f"{W}tr" else el.find(
        f"{W}tcPr/{W}cnfStyle")
    if cnf is None:
        return set()
    out = {_CNF[name] for name in _CNF if cnf.get(f"{W}{name}") in ("1", "true", "on")}
    bits = cnf.get(f"{W}val") or ""
    out |= {_CNF[name] for name, bit in zip(_CNF_ORDER, bits, strict=False) if bit == "1"}
    return out


class TableShape:
    """A table's rows by position and its grid's width, found once for all its cells."""

    def __init__(self, table: Any, bands: tuple[int, int] = (1, 1)) -> None:
        self.bands = bands  # the style's row and column band sizes
        rows = table.findall(f"{W}tr")
        self.rows = {row: i for i, row in enumerate(rows)}
        self.count = len(rows)
        self.grid = len(table.findall(f"{W}tblGrid/{W}gridCol"))
        self.looks = look_flags(table)


def _position(shape: TableShape, cell: Any) -> tuple[int, int, int, int, int] | None:
    """The cell's row, first and last grid column, and the table's rows and grid columns;
    None where the row is not a direct row of the table (a content control around rows)."""
    row = cell.getparent()
    if row is None or row.tag != f"{W}tr" or row not in shape.rows:
        return None
    before = row.find(f"{W}trPr/{W}gridBefore")
    col = _int(before.get(f"{W}val") if before is not None else None, 0)
    width = 1
    for tc in row.findall(f"{W}tc"):
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        width = max(1, _int(span.get(f"{W}val") if span is not None else None, 1))
        if tc is cell:
            break
        col += width
    else:
        return None
    return shape.rows[row], col, col + width - 1, shape.count, max(shape.grid, col + width)


def cell_types(shape: TableShape, cell: Any, band_rows: int,
               band_cols: int) -> list[frozenset[str]]:
    """Each possible set of conditional formats that apply to the cell (the whole table's
    apply to all): one set where the table's look and the cell's place decide it."""
    where = _position(shape, cell)
    recorded = _cnf_types(cell) | _cnf_types(cell.getparent())
    if where is None:
        return [ALL_TYPES]
    r, c0, c1, nrows, ncols = where
    out: list[frozenset[str]] = []
    for flags in shape.looks:
        first_row = flags["firstRow"] and r == 0
        last_row = flags["lastRow"] and r == nrows - 1
        first_col = flags["firstColumn"] and c0 == 0
        last_col = flags["lastColumn"] and c1 == ncols - 1
        types = {name for name, on in (("firstRow", first_row), ("lastRow", last_row),
                                       ("firstCol", first_col), ("lastCol", last_col)) if on}
        types |= {corner for corner, on in (("nwCell", first_row and first_col),
                                            ("neCell", first_row and last_col),
                                            ("swCell", last_row and first_col),
                                            ("seCell", last_row and last_col)) if on}
        if not flags["noHBand"] and not first_row and not last_row:
            index = r - (1 if flags["firstRow"] else 0)
            types.add("band1Horz" if (index // max(band_rows, 1)) % 2 == 0 else "band2Horz")
        if not flags["noVBand"] and not first_col and not last_col:
            index = c0 - (1 if flags["firstColumn"] else 0)
            types.add("band1Vert" if (index // max(band_cols, 1)) % 2 == 0 else "band2Vert")
        for found in (frozenset(types), frozenset(types | recorded)):
            if found not in out:
                out.append(found)
    return out
