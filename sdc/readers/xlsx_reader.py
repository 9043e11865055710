"""Read an XLSX workbook: one output per sheet, hidden content detected and still checked.

The zip container is inspected before openpyxl loads it, so zip bombs and encrypted workbooks
are refused with a reason instead of exhausting memory or raising a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from sdc.code_rows import CodeRows
from sdc.outputs import HiddenItem, Output
from sdc.readers.acro_workbook import (
    DESCRIPTION,
    acro_heads,
    acro_sheets,
    read_acro_description,
    read_acro_sheet,
)
from sdc.readers.csv_blocks import stacked_outputs, stacked_tables
from sdc.readers.esttab import prints_observations
from sdc.readers.layout import LayoutError, LayoutOptions, infer_table
from sdc.readers.values import MarkerSet, missing_as_blank, parse_number
from sdc.readers.xlsx_codes import Coded, plain_codes
from sdc.readers.xlsx_model_tables import sheet_model
from sdc.readers.xlsx_plain import PlainSheet, PlainTexts, plain_cells, plain_sheet, remember
from sdc.readers.xlsx_typed_header import TextNumbers, header_typed_as_names
from sdc.readers.xml_stream import Unwatched, openpyxl_watched
from sdc.readers.xml_stream import non_ascii_markup as _uncounted
from sdc.table import Grid, RawCell, cell_ref, column_letters

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Parts of the package that a person looking at the sheets would not see.
_PACKAGE_PARTS: list[tuple[str, str, str]] = [
    ("xl/externalLinks/", "external link", "the workbook links to another file"),
    ("xl/embeddings/", "embedded object", "an embedded file or OLE object"),
    ("xl/activeX/", "embedded object", "an ActiveX control"),
    ("xl/vbaProject.bin", "macro", "a VBA macro project"),
    ("xl/pivotCache/", "pivot cache",
     "a pivot cache, which stores the pivot table's source records"),
    ("xl/media/", "embedded image", "an embedded picture"),
    ("xl/charts/", "chart", "an embedded chart"),
    ("xl/connections.xml", "external link", "a data connection"),
    ("customXml/", "custom XML", "custom XML parts"),
]


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
# what the row-level screen cannot read from values alone (sdc.readers.xlsx_screen): a formula,
# a merged range, a hidden row or column
# (two patterns, each with a literal start the regex engine searches for quickly). An element
# under any namespace prefix: a prefix is an XML name, which may start with and hold non-ASCII
# letters (any byte from 0x80 taken for one: more stops, never fewer; round 47, gt47). A
# ``hidden`` attribute of any value openpyxl reads as true (``Bool``: every text but ``false``,
# ``f``, ``0`` and an empty one; ``True``, `` 1``, ``&#49;``), not only ``1`` and ``true``.
_SCREEN_STOPS = (re.compile(rb"<(?:[A-Za-z_\x80-\xff][\w.\x80-\xff-]*:)?(?:f|mergeCell)[\s>/]"),
                 re.compile(rb"hidden\s*=\s*(?:\"(?!(?:false|f|0)?\")|'(?!(?:false|f|0)?'))"))
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
# where a formula (an ``f`` element, under any prefix: openpyxl reads it by its namespace, and a
# prefix may be any name, non-ASCII too) or a merged range could be: a ``<`` or ``:`` then the
# name. Conservative: the bytes of a comment, a CDATA section or a text also match (then the
# formulas are read as before); a sheet none of whose bytes match holds neither.
_FORMULA_OR_MERGE = re.compile(rb"[<:](?:f|mergeCell)[\s>/]")


@dataclass
class SheetScan:
    """A sheet part's ``<row>`` elements (counted up to just past the limit), and whether it
    holds no formula, merged range or hidden row or column (when looked for)."""

    rows: int = 0
    plain: bool = True
    # no byte of the sheet can start a formula or a merged range (``_FORMULA_OR_MERGE``): its
    # formula cells are then its cells whose value is a text starting ``=`` (``_read_sheet``)
    no_formulas: bool = True
    # why the rows could not be counted from the bytes (an XML encoding whose tags are not
    # ASCII bytes), or None
    uncounted: str | None = None


def scan_sheet(stream: IO[bytes], limit: int, *, plain: bool = False) -> SheetScan:
    """``<row>`` elements in a sheet's XML, streamed in 1 MiB blocks; stops past ``limit``.
    ``plain``: also look for what ``SheetScan.plain`` says (else it is left True).

    The row limit is applied before openpyxl loads anything: a sheet's ``<dimension>`` can
    claim any size, the rows themselves cannot. A sheet whose tags are not ASCII bytes is
    not counted (``uncounted`` says why; ``plain`` False): the caller loads nothing."""
    scan = SheetScan()
    stops = _SCREEN_STOPS if plain else ()
    carry = b""
    first = True
    while block := stream.read(1 << 20):
        if first:
            first = False
            scan.uncounted = _uncounted(block[:4096])
            if scan.uncounted is not None:
                scan.plain = scan.no_formulas = False
                return scan
        data = carry + block
        cut = data.rfind(b"<")  # a tag is never split: "<row" holds no other "<"
        if cut < 0:
            cut = len(data)
        scan.rows += len(_ROW_TAG.findall(data, 0, cut))
        scan.plain = scan.plain and not any(p.search(data, 0, cut) for p in stops)
        scan.no_formulas = scan.no_formulas and not _FORMULA_OR_MERGE.search(data, 0, cut)
        carry = data[cut:]
        if scan.rows > limit:
            scan.no_formulas = False  # not read to its end
            return scan
    scan.rows += len(_ROW_TAG.findall(carry))
    scan.plain = scan.plain and not any(p.search(carry) for p in stops)
    scan.no_formulas = scan.no_formulas and not _FORMULA_OR_MERGE.search(carry)
    return scan


def count_rows(stream: IO[bytes], limit: int) -> int:
    """``<row>`` elements in a sheet's XML (``scan_sheet``)."""
    return scan_sheet(stream, limit).rows


class _UnknownSheets(Exception):
    """The workbook's relationships cannot be read: which parts are sheets is unknown."""


_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_WORKSHEET_TYPE = "/relationships/worksheet"


def _related_sheets(zf: zipfile.ZipFile, names: list[str]) -> list[str] | None:
    """The sheet parts the workbook's relationships name, wherever they lie in the package
    (openpyxl loads a sheet moved to ``xl/data/s.xml`` from there: round 25, peak10), or
    None when the relationships cannot be read (the caller refuses the workbook)."""
    if _WORKBOOK_RELS not in names:
        return []
    import posixpath
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(zf.read(_WORKBOOK_RELS))
    except (ET.ParseError, ValueError, OSError, zipfile.BadZipFile):
        return None
    found: list[str] = []
    for rel in root.iter():
        if not rel.tag.endswith("Relationship") or \
                not rel.get("Type", "").endswith(_WORKSHEET_TYPE):
            continue
        target = rel.get("Target", "")
        if rel.get("TargetMode", "").casefold() == "external":
            continue
        part = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join("xl", target))
        found.append(part)
    return found


@dataclass(frozen=True)
class Budget:
    """What a workbook may hold before openpyxl loads it (the policy's SDC606 limits)."""

    max_rows: int
    max_columns: int = 1_000
    max_cells: int = 2_000_000  # every sheet's cells together (``xlsx_cells``)
    max_part_bytes: int = 50_000_000  # a part openpyxl reads whole (shared strings, styles)


# parts openpyxl reads whole as XML, besides the sheets: the package's index, the workbook and
# its relationships, and what every cell refers to (shared strings, styles)
_WHOLE_PARTS = ("[Content_Types].xml", "xl/workbook.xml", _WORKBOOK_RELS,
                "xl/sharedStrings.xml", "xl/styles.xml")
_WHOLE_TYPES = re.compile(r"(?:sharedStrings|styles)(?:\+xml)?$")


def _whole_parts(zf: zipfile.ZipFile, max_bytes: int) -> str | None:
    """Why the workbook is not loaded (a part openpyxl reads whole, over the part limit), or
    None. The shared strings and styles are also looked for where the package's content
    types put them (openpyxl finds the shared strings so), wherever they lie."""
    import xml.etree.ElementTree as ET

    sizes = {i.filename: i.file_size for i in zf.infolist()}
    names = [n for n in _WHOLE_PARTS if n in sizes]
    for name in names:
        if sizes[name] > max_bytes:
            return _part_over(name, sizes[name], max_bytes)
    if "[Content_Types].xml" not in sizes:
        return None
    try:
        root = ET.fromstring(zf.read("[Content_Types].xml"))
    except (ET.ParseError, ValueError, OSError, zipfile.BadZipFile):
        return None  # openpyxl cannot read the package either: the load fails
    for item in root.iter():
        if item.tag.endswith("Override") and _WHOLE_TYPES.search(item.get("ContentType", "")):
            name = item.get("PartName", "").lstrip("/")
            if sizes.get(name, 0) > max_bytes:
                return _part_over(name, sizes[name], max_bytes)
    return None


def _part_over(name: str, size: int, max_bytes: int) -> str:
    return (f"{name} expands to {size:,} bytes when unpacked (limit {max_bytes:,} for a part "
            "read whole); not loaded")


def _sheet_over_rows(file: Path, names: list[str], budget: Budget,
                     scans: dict[str, SheetScan] | None = None) -> str | None:
    """Why the workbook is not loaded (a sheet over the row limit, or whose rows cannot be
    counted; then a sheet, or the sheets together, over the column or cell limit), or None.
    Raises ``_UnknownSheets`` when the relationships cannot be read."""
    from sdc.readers.xlsx_cells import sheet_cells

    max_rows = budget.max_rows
    with zipfile.ZipFile(file) as zf:
        if (over := _whole_parts(zf, budget.max_part_bytes)) is not None:
            return over
        related = _related_sheets(zf, names)
        if related is None:
            raise _UnknownSheets(f"{_WORKBOOK_RELS} cannot be read, so which parts are "
                                 "sheets is not known; not loaded")
        present = set(names)
        sheets = [n for n in names if _SHEET_PART.match(n)]
        sheets += [n for n in dict.fromkeys(related) if n in present and n not in sheets]
        for name in sheets:
            with zf.open(name) as fh:
                scan = scan_sheet(fh, max_rows)
            if scans is not None:
                scans[name] = scan
            if scan.uncounted is not None:
                return (f"{name} {scan.uncounted}, whose rows sdc cannot count before "
                        "loading it; not loaded")
            if scan.rows > max_rows:
                return (f"{name} has more than {max_rows:,} rows (limit {max_rows:,}); "
                        "not loaded")
        return sheet_cells(zf, sheets, max_rows=max_rows, max_columns=budget.max_columns,
                           max_cells=budget.max_cells)


def inspect_package(file: Path, *, max_uncompressed: int, max_ratio: float,
                    budget: Budget | None = None, scans: dict[str, SheetScan] | None = None
                    ) -> tuple[str | None, str | None, list[HiddenItem]]:
    """Return (unreadable reason, too-large reason, package-level hidden items). With a
    ``budget``, the sheets and the parts openpyxl reads whole are held to it before anything
    is loaded, and ``scans`` gets each sheet part's ``SheetScan``."""
    with file.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        return ("the workbook is password-protected (encrypted) or a legacy .xls file; "
                "sdc cannot open it", None, [])
    if not zipfile.is_zipfile(file):
        return "the file is not a valid XLSX workbook (not a zip package)", None, []
    try:
        with zipfile.ZipFile(file) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        return f"the workbook package is corrupt: {exc}", None, []
    expanded = sum(i.file_size for i in infos)
    compressed = max(1, sum(i.compress_size for i in infos))
    if expanded > max_uncompressed:
        return None, (f"expands to {expanded:,} bytes when unpacked "
                      f"(limit {max_uncompressed:,})"), []
    if expanded / compressed > max_ratio and expanded > 1_000_000:
        return None, (f"compression ratio {expanded / compressed:.0f}:1 looks like a zip bomb "
                      f"(limit {max_ratio:.0f}:1)"), []
    names = [i.filename for i in infos]
    if "xl/workbook.xml" not in names:
        return "the file is a zip package but not an XLSX workbook", None, []
    if budget is not None:
        try:
            over = _sheet_over_rows(file, names, budget, scans)
        except _UnknownSheets as exc:
            return f"the workbook package is corrupt: {exc}", None, []
        if over:
            return None, over, []
    hidden: list[HiddenItem] = []
    for prefix, what, detail in _PACKAGE_PARTS:
        found = sorted(n for n in names if n.startswith(prefix))
        if found:
            hidden.append(HiddenItem(what=what, detail=f"{detail} ({len(found)} part(s))"))
    return None, None, hidden


def read_xlsx(base: Output, *, markers: MarkerSet, total_labels: list[str], max_rows: int,
              max_columns: int, max_uncompressed: int, max_ratio: float,
              make_output: Callable[[str | None], Output], screen_rows: int | None = None,
              max_cells: int = Budget.max_cells, max_part_bytes: int = Budget.max_part_bytes
              ) -> list[Output]:
    """One ``Output`` per sheet (``base`` stands for the workbook when it cannot be opened).

    ``screen_rows``: from this many data rows, a one-sheet workbook the row-level screen
    proves to be microdata gets ``output.screened`` instead of a table
    (``sdc.readers.xlsx_screen``)."""
    scans: dict[str, SheetScan] = {}
    unreadable, too_large, package_hidden = inspect_package(
        base.file, max_uncompressed=max_uncompressed, max_ratio=max_ratio,
        budget=Budget(max_rows, max_columns, max_cells, max_part_bytes), scans=scans)
    if unreadable or too_large:
        base.unreadable = unreadable or f"not parsed: {too_large}"
        base.too_large = too_large
        return [base]
    if screen_rows is not None and any(s.rows > screen_rows for s in scans.values()):
        from sdc.readers.xlsx_screen import screen_workbook

        found = screen_workbook(base.file, scans, min_rows=screen_rows, max_rows=max_rows,
                                max_columns=max_columns, markers=markers)
        if found is not None:
            title, state, screen = found
            out = make_output(title)
            out.kind = "table"
            out.screened = screen
            out.hidden = list(package_hidden)
            if state in ("hidden", "veryHidden"):
                out.hidden.append(HiddenItem(what="hidden sheet",
                                             detail=f"the sheet is {state}"))
            return [out]
    read = functools.partial(_read_loaded, base, markers=markers, total_labels=total_labels,
                             max_rows=max_rows, max_columns=max_columns,
                             make_output=make_output, package_hidden=package_hidden,
                             scans=scans)
    try:  # the sheets' XML parsed in C unless one may declare an entity (``xml_stream``)
        with openpyxl_watched(), contextlib.ExitStack() as stack:
            return read(stack)
    except Unwatched:
        pass
    with contextlib.ExitStack() as stack:  # defusedxml's parser, as openpyxl has it
        return read(stack)


def _read_loaded(base: Output, stack: contextlib.ExitStack, *, markers: MarkerSet,
                 total_labels: list[str], max_rows: int, max_columns: int,
                 make_output: Callable[[str | None], Output],
                 package_hidden: list[HiddenItem], scans: dict[str, SheetScan] | None = None
                 ) -> list[Output]:
    """``read_xlsx`` once the package passed its checks: the workbook loaded and each sheet
    read (``stack`` closes the formulas' read-only workbook when it is done). Sheets whose
    cell data is plain (``xlsx_plain``) are read in one pass; anything that pass did not
    foresee reads the whole workbook again as before."""
    read = functools.partial(_read_book, base, stack, markers=markers,
                             total_labels=total_labels, max_rows=max_rows,
                             max_columns=max_columns, make_output=make_output,
                             package_hidden=package_hidden, scans=scans)
    plain = _plain_parts(base.file, scans or {})
    if plain:
        try:
            return read(plain=plain)
        except Unwatched:
            raise
        except Exception:  # fail closed: anything unforeseen is read as before
            pass
    return read(plain={})


def _read_book(base: Output, stack: contextlib.ExitStack, *, markers: MarkerSet,
               total_labels: list[str], max_rows: int, max_columns: int,
               make_output: Callable[[str | None], Output],
               package_hidden: list[HiddenItem], scans: dict[str, SheetScan] | None,
               plain: dict[str, PlainSheet]) -> list[Output]:
    """``_read_loaded`` with the sheet parts in ``plain`` read in one pass: openpyxl loads
    the workbook with their cell data cut out (``PlainSheet.emptied``), so it reads all
    else of them as before. With ``plain``, any error raises (the caller reads again)."""
    try:
        from openpyxl import load_workbook

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # opened as streams: openpyxl refuses names without an Excel extension, and the
            # registry sends a workbook here by its content whatever it is called
            with (_emptied_book(base.file, plain) if plain else base.file.open("rb")) as fh:
                wb_values = load_workbook(fh, data_only=True)
            # the formulas streamed from a read-only workbook (``_formula_cells``), not a
            # second whole workbook of cells: that was half of a workbook's read memory
            # (issue 12 ch. 12); its archive stays open until every sheet is read
            formulas_file = stack.enter_context(base.file.open("rb"))
            wb_formulas = load_workbook(formulas_file, read_only=True, data_only=False)
            stack.callback(wb_formulas.close)
    except Unwatched:
        raise  # read again with defusedxml (``read_xlsx``)
    except Exception as exc:  # openpyxl raises many types for corrupt packages
        if plain:
            raise
        base.unreadable = f"the workbook could not be opened: {type(exc).__name__}: {exc}"
        return [base]

    outputs: list[Output] = []
    options = LayoutOptions(markers=markers, total_labels=total_labels)
    acro = acro_sheets(wb_values)  # ACRO's results.xlsx: sheets read as ACRO laid them out
    heads = acro_heads(wb_values, acro) if acro else None
    cells = _plain_books(wb_values, wb_formulas, plain) if plain else {}
    for ws in wb_values.worksheets:
        out = make_output(ws.title)
        outputs.append(out)
        try:
            ws_formulas = wb_formulas[ws.title]
            scan = (scans or {}).get(getattr(ws_formulas, "_worksheet_path", None) or "")
            if scan is not None and scan.no_formulas:
                ws_formulas = None  # its formulas are its values' (``_formula_cells``)
            outputs += _read_sheet(out, ws, ws_formulas, options, markers, max_rows,
                                   max_columns, acro.get(ws.title),
                                   functools.partial(make_output, ws.title),
                                   heads if ws.title == DESCRIPTION else None,
                                   cells.get(ws.title))
        except LayoutError as exc:
            out.unreadable = f"the table layout could not be understood: {exc}"
        except Unwatched:
            raise  # the formulas' sheet: the workbook read again with defusedxml
        except Exception as exc:  # a malformed sheet must not stop the other sheets
            if plain:
                raise
            out.unreadable = f"the sheet could not be read: {type(exc).__name__}: {exc}"
    for chartsheet in getattr(wb_values, "chartsheets", []):
        out = make_output(chartsheet.title)
        out.kind = "chart"
        out.unreadable = "a chart sheet: its plotted data cannot be checked automatically"
        outputs.append(out)
    if not outputs:
        base.unreadable = "the workbook has no sheets"
        return [base]
    outputs[0].hidden[:0] = package_hidden
    return outputs


# a plain sheet is read in one pass only up to this size (its bytes are held whole), and
# only in a package whose other parts together are no larger (they are copied, unpacked,
# into the workbook openpyxl loads)
_PLAIN_PART_BYTES = 64 << 20
_PLAIN_REST_BYTES = 16 << 20


def _plain_parts(file: Path, scans: dict[str, SheetScan]) -> dict[str, PlainSheet]:
    """The sheet parts whose cell data is plain (``xlsx_plain``), among those the package's
    scan counted; empty when the one pass cannot be used
    (ACRO's workbook, whose sheets are read through openpyxl's cells; names given twice;
    parts over the bounds above)."""
    candidates = [name for name, scan in scans.items() if scan.uncounted is None]
    if not candidates:
        return {}
    found: dict[str, PlainSheet] = {}
    with zipfile.ZipFile(file) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            return {}
        sizes = {i.filename: i.file_size for i in infos}
        for name in candidates:
            if name not in sizes or sizes[name] > _PLAIN_PART_BYTES:
                continue
            sheet = plain_sheet(zf.read(name))
            if sheet is not None:
                found[name] = sheet
        if sum(sizes.values()) - sum(sizes[n] for n in found) > _PLAIN_REST_BYTES:
            return {}
        if found and _mentions_description(zf):
            return {}
    return found


def _mentions_description(zf: zipfile.ZipFile) -> bool:
    """Whether the workbook may hold ACRO's ``description`` sheet (``acro_sheets`` reads
    its cells through openpyxl): the name anywhere in ``xl/workbook.xml``."""
    try:
        return DESCRIPTION.encode() in zf.read("xl/workbook.xml")
    except KeyError:
        return True


def _emptied_book(file: Path, plain: dict[str, PlainSheet]) -> IO[bytes]:
    """The workbook as a stored (uncompressed) package in memory, each plain sheet's part
    without its cell data, every other part as it is."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(file) as zin, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            name = info.filename
            data = plain[name].emptied if name in plain else zin.read(name)
            zout.writestr(name, data)
    buffer.seek(0)
    return buffer


@dataclass
class _PlainCells:
    """A plain sheet's cells as openpyxl would hold them: each cell's (row, column, entry) in
    place order, an entry being a (value, the cell's number format and shown indent) that
    cells of one style, type and value text share (a long table repeats its labels, counts
    and styles: each is read once, and shown once, ``_plain_grid``); the formula cells' text
    (as ``_formula_cells`` gives it, in place order); the places of commented cells; the used
    range's size."""

    order: list[tuple[int, int, int]]
    entries: list[tuple[Any, tuple[str, str]]]
    formulas: dict[tuple[int, int], str]
    commented: set[tuple[int, int]]
    n_rows: int
    n_cols: int


class _NotRead(Exception):
    """The one pass met something it does not cover: the workbook is read as before."""


def _plain_books(wb_values: Any, wb_formulas: Any, plain: dict[str, PlainSheet]
                 ) -> dict[str, _PlainCells]:
    """Each plain sheet's cells by its title, their values as openpyxl's parser gives them
    (``WorkSheetParser.parse_cell``: numbers by ``_cast_number``, dates by the style's
    number format, shared strings by index). openpyxl's load of the emptied part must hold
    no cell of its own (a comment or hyperlink makes one): else ``_NotRead``."""
    from openpyxl.cell import Cell
    from openpyxl.utils.datetime import from_excel, from_ISO8601
    from openpyxl.worksheet._reader import _cast_number

    titles = [ws.title for ws in wb_values.worksheets]
    if titles != [ws.title for ws in wb_formulas.worksheets] or len(set(titles)) != len(titles):
        # both loads name each sheet's part by the workbook's relationship: with the same
        # titles, one each, every sheet whose part was emptied is read from the plain cells
        raise _NotRead("the sheets' titles do not name one part each")  # (openpyxl renames)
    found: dict[str, _PlainCells] = {}
    for ws in wb_values.worksheets:
        part = getattr(wb_formulas[ws.title], "_worksheet_path", None) or ""
        if part not in plain:
            continue
        # cells openpyxl made outside the cell data: a comment's (``ws[ref].comment``);
        # a hyperlink gives an empty cell its target as value, a merged range drops values
        own = ws._cells
        if ws.merged_cells.ranges or any(
                cell._value is not None or cell.hyperlink is not None for cell in own.values()):
            raise _NotRead(f"{part}: cells outside its cell data")
        strings = wb_formulas[ws.title]._shared_strings
        book = ws.parent
        styles: dict[int, tuple[str, str]] = {}
        shown = _CellStyles()
        order: list[tuple[int, int, int]] = []
        entries: list[tuple[Any, tuple[str, str]]] = []
        known: dict[tuple[int, str, str | None], int] = {}  # (style, type, text) -> entry
        equals: set[int] = set()  # the entries whose value is a text starting ``=``
        formulas: dict[tuple[int, int], str] = {}
        formula_texts: list[str] = []  # for the package walk (``xlsx_plain.recall``)
        texts: set[tuple[str, str]] = set()  # the texts a cell holds by its type
        shared: dict[str, Any] = {}  # shared formulas' masters by ``si`` (``_shared``)
        sheet = plain[part]
        for row, col, style_id, kind, text, formula, si in plain_cells(sheet):
            key = (style_id, kind, text)
            entry = known.get(key)
            if entry is None:  # the value as ``parse_cell`` makes it of these alone
                style = styles.get(style_id)
                if style is None:
                    array = book._cell_styles[style_id]
                    style = styles[style_id] = shown.of(Cell(ws, row=1, column=1,
                                                             style_array=array))
                value: Any = text
                if text is not None:
                    if kind == "s":
                        value = strings[int(text)]
                    elif kind == "n":
                        value = _cast_number(text)
                        if style_id in book._date_formats:
                            value = from_excel(value, book.epoch,
                                               timedelta=style_id in book._timedelta_formats)
                    elif kind == "b":
                        value = bool(int(text))
                    elif kind == "d":  # an ISO date (raises on a text it cannot read)
                        value = from_ISO8601(text)
                        texts.add((kind, text))
                    else:  # an inline text, a formula's text result, an error: as written
                        texts.add((kind, text))
                entry = len(entries)
                entries.append((value, style))
                if isinstance(value, str) and value.startswith("="):
                    equals.add(entry)
                if len(known) < _KNOWN_ENTRIES:
                    known[key] = entry
            order.append((row, col, entry))
            if formula is not None:  # the formulas' load: ``=`` and the ``f`` text
                formulas[(row, col)] = _shared(shared, "=" + formula, si, row, col)
                if formula:
                    formula_texts.append(formula)
            elif entry in equals:
                formulas[(row, col)] = entries[entry][0]
        remember(sheet.data, PlainTexts(tuple(formula_texts), frozenset(texts)))
        if sheet.rows:  # the rows' dimensions openpyxl makes from their attributes
            if ws.row_dimensions:
                raise _NotRead(f"{part}: rows outside its cell data")
            _bind_hidden_rows(ws, sheet.rows)
        lowest = [order[-1][0]] if order else []  # rows strictly increase: the last
        found[ws.title] = _PlainCells(
            order, entries, dict(sorted(formulas.items())),
            {at for at, cell in own.items() if cell.comment is not None},
            max([*lowest, *(r for r, _ in own)], default=1),
            max([*map(itemgetter(1), order), *(c for _, c in own)], default=1))
    return found


# distinct (style, type, value text) of a sheet read once each, at most (past it, each cell's)
_KNOWN_ENTRIES = 1 << 16


def _bind_hidden_rows(ws: Any, rows: dict[int, dict[str, str]]) -> None:
    """The rows' dimensions as ``WorksheetReader.bind_row_dimensions`` makes them, of the
    hidden rows only: the reader reads nothing else of a row's dimension (``_hidden_lines``),
    and Excel and LibreOffice give every row attributes (a ``RowDimension`` each was a third
    of a LibreOffice sheet's read). One is made of each distinct set of attributes, so what
    openpyxl's load raises on them this raises too (then the workbook is read as before)."""
    from openpyxl.worksheet.dimensions import RowDimension

    def made(attributes: dict[str, str]) -> Any:
        given: dict[str, Any] = dict(attributes)
        if "s" in given:
            given["s"] = ws.parent._cell_styles[int(given["s"])]
        return RowDimension(ws, **given)

    hidden: dict[tuple[tuple[str, str], ...], bool] = {}
    for row, attributes in rows.items():
        key = tuple((k, v) for k, v in attributes.items() if k != "r")
        if key not in hidden:
            hidden[key] = bool(made(attributes).hidden)
        if hidden[key]:
            ws.row_dimensions[row] = made(attributes)


def _shared(masters: dict[str, Any], formula: str, si: str | None, row: int, col: int) -> str:
    """A formula cell's text as ``WorkSheetParser.parse_formula`` reads it: a shared
    formula's (``si``) first cell with a text is its master, every later one of that ``si``
    the master's text translated to its own place (openpyxl's ``Translator``)."""
    if si is None:
        return formula
    if si in masters:
        return str(masters[si].translate_formula(cell_ref(row, col)))
    if formula != "=":
        from openpyxl.formula.translate import Translator

        masters[si] = Translator(formula, cell_ref(row, col))
    return formula


def _read_sheet(out: Output, ws: Any, ws_formulas: Any, options: LayoutOptions,
                markers: MarkerSet, max_rows: int, max_columns: int,
                acro_summary: str | None = None,
                more: Callable[[], Output] | None = None,
                acro_description: dict[str, tuple[str, str]] | None = None,
                plain: _PlainCells | None = None) -> list[Output]:
    """One worksheet into ``out``: what it hides (the sheet, rows, columns, formulas, comments,
    in that order on ``out.hidden``), then its cells as shown, read into a table.
    ``ws_formulas``: the sheet opened without cached values, or None when its part holds no
    ``f`` element and no merged range (``SheetScan.no_formulas``): then the two loads read
    every cell alike (openpyxl reads a formula only from an ``f``, and a merged range's cells
    are dropped from the values' load alone), and its formula cells are read off ``ws``.
    ``plain``: the sheet's cells read in one pass (``_plain_books``; ``ws`` then holds none)."""
    if ws.sheet_state in ("hidden", "veryHidden"):
        out.hidden.append(HiddenItem(what="hidden sheet",
                                     detail=f"the sheet is {ws.sheet_state}"))
    if plain is not None:  # openpyxl's max_row and max_column of these cells
        n_rows, n_cols = plain.n_rows, plain.n_cols
    else:
        n_rows, n_cols = ws.max_row or 0, ws.max_column or 0
    if n_rows > max_rows or n_cols > max_columns:
        out.too_large = f"{n_rows:,} rows × {n_cols:,} columns (limits {max_rows:,} × " \
                        f"{max_columns:,})"
        out.unreadable = f"not parsed: {out.too_large}"
        return []
    hidden_rows, hidden_cols = _hidden_lines(out, ws, n_rows, n_cols)
    if plain is not None:
        formula_cells = plain.formulas
    else:
        formula_cells = (_formula_cells(ws_formulas, n_rows, n_cols)
                         if ws_formulas is not None else _shown_formula_cells(ws, n_rows, n_cols))
    if formula_cells:
        first = min(formula_cells)
        out.hidden.append(HiddenItem(
            what="formula",
            detail=f"{len(formula_cells)} formula cell(s); values were taken from the cached "
                   "results, which may depend on data not in the sheet",
            cell=cell_ref(*first)))
    merged = _merged_values(ws)
    texts = TextNumbers()  # numbers stored as text: a header's proof (xlsx_typed_header)
    styles = _CellStyles()
    made = _RawCells(markers)
    read = functools.partial(_shown_cell, out.hidden, made=made, texts=texts,
                             hidden_rows=hidden_rows, hidden_cols=hidden_cols,
                             formula_cells=formula_cells)
    grid: list[list[RawCell]] = []
    if plain is not None and acro_description is None and acro_summary is None:
        coded = _coded_grid(plain, n_rows, n_cols, made, hidden_rows, hidden_cols,
                            formula_cells)
        if coded is not None:  # read as a long CSV's codes (``xlsx_codes``)
            out.hidden.extend(coded.hidden)
            for cell in coded.text_numbers:
                texts.add(cell)
            out.table = infer_table(Grid.of_code_rows(CodeRows(coded.columns)), out.path,
                                    out.sheet, options)
            if header_typed_as_names(out.table, texts):
                out.table.header_certain = True
            return []
    if plain is not None:
        grid = _plain_grid(out.hidden, plain, n_rows, n_cols, read,
                           functools.partial(_shown_entry, made=made), texts,
                           hidden_rows, hidden_cols, formula_cells)
    else:
        for row in ws.iter_rows(min_row=1, max_row=n_rows, max_col=n_cols):
            line = []
            for cell in row:
                r, c = cell.row, cell.column
                value = merged.get((r, c), cell.value)
                # a cell without a value is read without its style: nothing below reads it
                line.append(read(r, c, value, cell.comment is not None,
                                 ("", "") if value is None else styles.of(cell)))
            grid.append(line)
    if acro_description is not None and read_acro_description(out, grid, acro_description):
        return []  # ACRO's index of the workbook, each line its sheet's own command and summary
    if acro_summary is not None and more is not None:
        extra = read_acro_sheet(out, grid, options, acro_summary, more)
        if extra is not None:
            return extra  # ACRO's results.xlsx: the sheet's further tables
    if (model := sheet_model(out, grid)) is not None:
        return model  # etable's workbook: the model its numbers prove, as its CSV is
    if more is not None and (blocks := stacked_tables(grid)) is not None:
        return stacked_outputs(out, blocks, more, options)  # tables parted by blank rows
    out.table = infer_table(grid, out.path, out.sheet, options)
    if header_typed_as_names(out.table, texts):
        out.table.header_certain = True  # its codes are names: understood, not counts
    return []


# a plain cell's entry as shown, wherever it is (``_shown_entry``): its text, number and
# marker, whether it is a number stored as text (``TextNumbers``), and what ``_shown_cell``
# found it hides (a number format's own digits), each then named by the cell's place
_Shown = tuple[str, float | None, str | None, bool, tuple[HiddenItem, ...]]


def _shown_entry(entry: tuple[Any, tuple[str, str]], *, made: _RawCells) -> _Shown:
    """``_shown_cell`` of a plain sheet's entry (value, style) at a place neither hidden,
    commented nor a formula's: the same for every cell of the entry but for its place."""
    hidden: list[HiddenItem] = []
    texts = TextNumbers()
    cell = _shown_cell(hidden, 1, 1, entry[0], False, entry[1], made=made, texts=texts,
                       hidden_rows=set(), hidden_cols=set(), formula_cells={})
    return cell.raw, cell.value, cell.marker, bool(texts.cells), tuple(hidden)


class _Recorded(TextNumbers):
    """The cells ``_shown_cell`` finds numbers stored as text, recorded in order (to add to
    the sheet's ``TextNumbers`` once the codes are taken, ``xlsx_codes``)."""

    def __init__(self, into: list[RawCell]) -> None:
        super().__init__()
        self.into = into

    def add(self, cell: RawCell) -> None:
        self.into.append(cell)


def _coded_grid(plain: _PlainCells, n_rows: int, n_cols: int, made: _RawCells,
                hidden_rows: set[int], hidden_cols: set[int],
                formula_cells: dict[tuple[int, int], str]) -> Coded | None:
    """A plain sheet's cells as codes (``xlsx_codes.plain_codes``), or None: also when its
    first column names a regression table's observations (``sheet_model`` reads its rows),
    nothing recorded then."""
    def read(r: int, c: int, value: Any, commented: bool, style: tuple[str, str],
             hidden: list[HiddenItem], numbers: list[RawCell]) -> RawCell:
        return _shown_cell(hidden, r, c, value, commented, style, made=made,
                           texts=_Recorded(numbers), hidden_rows=hidden_rows,
                           hidden_cols=hidden_cols, formula_cells=formula_cells)

    coded = plain_codes(plain.order, plain.entries, n_rows, n_cols,
                        functools.partial(_shown_entry, made=made), read, hidden_rows,
                        hidden_cols, plain.commented, plain.commented | formula_cells.keys())
    if coded is None:
        return None
    meanings = coded.columns.meanings
    first = (meanings[code][0] for code in coded.columns.codes[0])  # type: ignore[index]
    return None if prints_observations(first) else coded


def _plain_grid(hidden: list[HiddenItem], plain: _PlainCells, n_rows: int, n_cols: int,
                read: Callable[..., RawCell],
                shown_of: Callable[[tuple[Any, tuple[str, str]]], _Shown],
                texts: TextNumbers, hidden_rows: set[int], hidden_cols: set[int],
                formula_cells: dict[tuple[int, int], str]) -> list[list[RawCell]]:
    """A plain sheet's rectangle of cells as ``_shown_cell`` reads each (``read``), place by
    place in row order: a commented or formula cell by ``read`` itself, any other from its
    entry's ``_shown_entry`` (made once an entry) with its place, hidden flag, text number and
    number-format items, an empty place as ``read`` makes it of no value (round 49: the
    rectangle read by place from a dict was a fifth of a long table's read)."""
    entries = plain.entries
    shown: list[_Shown | None] = [None] * len(entries)
    commented = plain.commented
    own = commented | formula_cells.keys()  # places read by ``read`` itself

    def blank(r: int, c: int, row_hidden: bool) -> RawCell:
        if own and (r, c) in own:
            return read(r, c, None, (r, c) in commented, ("", ""))
        return RawCell(r, c, "", None, None, row_hidden or c in hidden_cols)

    def empty(r: int) -> list[RawCell]:  # a row without cells
        row_hidden = r in hidden_rows
        return [blank(r, gap, row_hidden) for gap in range(1, n_cols + 1)]

    grid: list[list[RawCell]] = []
    line: list[RawCell] = []
    r = c = 0  # the row being made (0: none yet) and its last column
    row_hidden = False
    for at, col, entry in plain.order:
        if at != r:  # the rows up to this one: the last one's end, any empty ones
            if r:
                line.extend(blank(r, gap, row_hidden) for gap in range(c + 1, n_cols + 1))
            grid.extend(empty(empty_row) for empty_row in range(r + 1, at))
            r, c, line = at, 0, []
            row_hidden = r in hidden_rows
            grid.append(line)
        if col != c + 1:
            line.extend(blank(r, gap, row_hidden) for gap in range(c + 1, col))
        c = col
        if own and (r, c) in own:
            value, style = entries[entry]
            line.append(read(r, c, value, (r, c) in commented, style))
            continue
        got = shown[entry]
        if got is None:
            got = shown[entry] = shown_of(entries[entry])
        cell = RawCell(r, c, got[0], got[1], got[2], row_hidden or c in hidden_cols)
        if got[3]:
            texts.add(cell)
        if got[4]:
            hidden.extend(replace(item, cell=cell_ref(r, c)) for item in got[4])
        line.append(cell)
    if r:
        line.extend(blank(r, gap, row_hidden) for gap in range(c + 1, n_cols + 1))
    grid.extend(empty(empty_row) for empty_row in range(r + 1, n_rows + 1))
    return grid


def _shown_cell(hidden: list[HiddenItem], r: int, c: int, value: Any, commented: bool,
                style: tuple[str, str], *, made: _RawCells, texts: TextNumbers,
                hidden_rows: set[int], hidden_cols: set[int],
                formula_cells: dict[tuple[int, int], str]) -> RawCell:
    """One cell as Excel shows it (``style``: its number format and shown indent), what it
    hides added to ``hidden`` (its output's: a comment, a number format's own digits)."""
    if commented:
        hidden.append(HiddenItem(what="comment", detail="a cell comment",
                                 cell=cell_ref(r, c)))
    raw_cell = made.of(r, c, value)
    number_format, indent = style
    if isinstance(value, str) and value.strip():
        raw_cell.raw = indent + raw_cell.raw
        if raw_cell.value is not None:
            texts.add(raw_cell)
    if raw_cell.value is not None and "%" in number_format:
        _as_percent(raw_cell, number_format)
    # a text cell too (a marker ``x`` formatted ``;;;"3"`` shows 3)
    if ((raw_cell.value is not None or (isinstance(value, str) and value.strip()))
            and LITERAL_DIGIT.search(number_format)):
        hidden.append(HiddenItem(
            what="number format", cell=cell_ref(r, c),
            detail=f"the number format {number_format!r} shows digits of its own: "
                   "Excel does not show the value sdc reads",
            public="the cell's number format shows digits of its own: Excel does not "
                   "show the value sdc reads"))
    raw_cell.hidden = r in hidden_rows or c in hidden_cols
    if (r, c) in formula_cells and value is None:
        # never calculated: the value shown in Excel is unknown to us
        raw_cell.raw = formula_cells[(r, c)]
    return raw_cell


def _hidden_lines(out: Output, ws: Any, n_rows: int, n_cols: int) -> tuple[set[int], set[int]]:
    """The sheet's hidden rows and columns, each also recorded on ``out.hidden`` (those inside
    the used range)."""
    hidden_rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden}
    hidden_cols: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min and dim.max:  # within the used range: a <col> can claim
            hidden_cols.update(range(dim.min, min(dim.max, n_cols) + 1))  # any width
    for r in sorted(hidden_rows):
        if r <= n_rows:
            out.hidden.append(HiddenItem(what="hidden row", detail=f"row {r} is hidden",
                                         cell=f"A{r}"))
    for c in sorted(hidden_cols):
        if c <= n_cols:
            out.hidden.append(HiddenItem(what="hidden column",
                                         detail=f"column {column_letters(c)} is hidden",
                                         cell=f"{column_letters(c)}1"))
    return hidden_rows, hidden_cols


def _merged_values(ws: Any) -> dict[tuple[int, int], Any]:
    """Every cell of a merged range but its top-left one, mapped to the top-left value (what
    Excel shows across the range)."""
    merged: dict[tuple[int, int], Any] = {}
    for rng in ws.merged_cells.ranges:
        top_left = ws.cell(row=rng.min_row, column=rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    merged[(r, c)] = top_left
    return merged


def _formula_cells(ws_formulas: Any, n_rows: int, n_cols: int) -> dict[tuple[int, int], str]:
    """The formula text of every formula cell, from the workbook opened without cached values,
    in row order. A read-only sheet (``read_xlsx``) is streamed through openpyxl's own sheet
    parser, every cell as parsed: a cell met twice is its last (a whole workbook keeps the
    last), and no row is skipped (its ``iter_rows`` drops a row out of order)."""
    if not getattr(ws_formulas, "_get_source", None):  # a whole workbook's sheet
        return _loaded_formula_cells(ws_formulas, n_rows, n_cols)
    from openpyxl.worksheet._reader import WorkSheetParser

    formulas: dict[tuple[int, int], str] = {}
    book = ws_formulas.parent
    with ws_formulas._get_source() as src:
        parser = WorkSheetParser(src, ws_formulas._shared_strings, data_only=False,
                                 epoch=book.epoch, date_formats=book._date_formats,
                                 timedelta_formats=book._timedelta_formats)
        for _, row in parser.parse():
            for cell in row:
                at = (cell["row"], cell["column"])
                if not (1 <= at[0] <= n_rows and 1 <= at[1] <= n_cols):
                    continue
                value = cell["value"]
                if cell["data_type"] == "f" or (isinstance(value, str)
                                                and value.startswith("=")):
                    formulas[at] = formula_text(value)
                else:
                    formulas.pop(at, None)  # the cell again, no formula now: the last stands
    return dict(sorted(formulas.items()))


def _loaded_formula_cells(ws_formulas: Any, n_rows: int, n_cols: int
                          ) -> dict[tuple[int, int], str]:
    """``_formula_cells`` of a whole workbook's sheet."""
    formulas: dict[tuple[int, int], str] = {}
    for row in ws_formulas.iter_rows(min_row=1, max_row=n_rows, max_col=n_cols):
        for cell in row:
            if cell.data_type == "f" or (isinstance(cell.value, str)
                                         and cell.value.startswith("=")):
                formulas[(cell.row, cell.column)] = formula_text(cell.value)
    return formulas


def _shown_formula_cells(ws: Any, n_rows: int, n_cols: int) -> dict[tuple[int, int], str]:
    """``_loaded_formula_cells`` of a whole workbook's sheet read off the cells it holds
    (``ws._cells``), not the rectangle ``iter_rows`` makes a cell for at every place; the same
    cells (every cell it holds lies in its used rectangle), in another order (read only by
    place)."""
    cells = getattr(ws, "_cells", None)
    if not isinstance(cells, dict):
        return _loaded_formula_cells(ws, n_rows, n_cols)
    formulas: dict[tuple[int, int], str] = {}
    for at, cell in cells.items():
        value = cell.value
        if (cell.data_type == "f" or (isinstance(value, str) and value.startswith("="))) \
                and 1 <= at[0] <= n_rows and 1 <= at[1] <= n_cols:
            formulas[at] = formula_text(value)
    return formulas


def formula_text(value: Any) -> str:
    """A formula cell's text as the workbook stores it. openpyxl gives an array formula
    (``{=SUM(A1:A3*B1:B3)}``, ``={"943 476 5919"}``) and a what-if data table as objects
    whose ``str`` is their repr (a memory address): the formula itself was never read, so
    text an insider put in one went unchecked and the finding's text changed run to run.
    An array formula is its ``text``; a data table its ``TABLE(r1, r2)`` inputs."""
    if isinstance(value, str):
        return value
    text = getattr(value, "text", None)
    if isinstance(text, str):
        return text
    if getattr(value, "t", None) == "dataTable":
        inputs = [str(getattr(value, name)) for name in ("r1", "r2")
                  if getattr(value, name, None)]
        return f"=TABLE({','.join(inputs)})"
    return "" if getattr(value, "t", None) == "array" else str(value)  # an array's cell, no text


# a digit a number format writes itself: inside quotes ("3"), escaped (\3), as a currency
# symbol (``[$3]``, ``[$3-809]``: the text before the locale's ``-``) or as the character that
# fills the cell's width (``*3``); 30 formatted '"3"' or ``[$3];;;`` shows 3, so the count a
# reader sees is not the one checked
LITERAL_DIGIT = re.compile(r'"[^"]*\d[^"]*"|\\\d|\[\$[^\]\-]*\d|\*\d')
_NO_MARKERS = MarkerSet(())


def _as_percent(raw_cell: RawCell, number_format: str) -> None:
    """A number formatted as a percentage (``0%``: 0.45 shows as 45%) is read as Excel shows
    it, so the layout sees a percentage (``sdc.readers.layout.percent_signs``), not 0.45."""
    assert raw_cell.value is not None
    shown = _LITERAL.sub("", number_format.split(";")[0])
    decimals = len(shown.split(".")[1].split("%")[0]) if "." in shown else 0
    if "%" in shown:  # a bare percent sign: Excel shows the value times 100
        raw_cell.value = round(raw_cell.value * 100, 10)
    # else a literal one (``0"%"``, ``0\%``): 90 shows as 90%, not 9000% (hunt round 20)
    raw_cell.raw = f"{raw_cell.value:.{decimals}f}%"


# text a number format writes as it is: quoted (``"%"``) or escaped (``\%``)
_LITERAL = re.compile(r'"[^"]*"|\\.')


class _CellStyles:
    """A cell's number format (``""`` for none) and shown indent, read once per distinct
    pair of its style's number-format and alignment ids: openpyxl makes a proxy object at
    each read of a cell's ``alignment`` (~10 % of a long sheet's read, round 46), and both
    are functions of those ids within a workbook."""

    def __init__(self) -> None:
        self._seen: dict[tuple[int, int], tuple[str, str]] = {}

    def of(self, cell: Any) -> tuple[str, str]:
        style = getattr(cell, "_style", None)
        if not style:
            return cell.number_format or "", _shown_indent(cell)
        key = (style.numFmtId, style.alignmentId)
        got = self._seen.get(key)
        if got is None:
            got = self._seen[key] = (cell.number_format or "", _shown_indent(cell))
        return got


def _shown_indent(cell: Any) -> str:
    """Excel's indent format as the leading spaces it shows: a label set in under its parent
    (``North East`` over its areas) nests as it does in a CSV (sdc/hierarchy.py)."""
    alignment = getattr(cell, "alignment", None)
    level = int(getattr(alignment, "indent", 0) or 0) if alignment is not None else 0
    return "  " * min(level, 15)


def value_text(value: Any) -> str:
    """A cell's value as the full path's ``_raw_cell`` writes its text (the row-level screen
    reads a sheet's values as this text: ``sdc.readers.xlsx_screen``)."""
    kind = type(value)
    if kind is str:
        return value
    if kind is float or kind is int:  # the common case, without a RawCell
        number = float(value)
        if number.is_integer():
            return str(int(number))
        return repr(number) if number - number == 0 else str(value)  # nan and inf as given
    return "" if value is None else _raw_cell(0, 0, value, _NO_MARKERS).raw


class _RawCells:
    """``_raw_cell`` of a text or whole number read once per distinct value: a long table
    repeats its labels and small counts on every row (a fresh ``RawCell`` per cell, its text,
    number and marker as the first's: they depend on the value and the markers alone)."""

    _MAX = 1 << 16  # values kept, at most

    def __init__(self, markers: MarkerSet) -> None:
        self._markers = markers
        self._seen: dict[tuple[type, Any], tuple[str, float | None, str | None]] = {}

    def of(self, row: int, col: int, value: Any) -> RawCell:
        kind = type(value)
        if kind is not str and kind is not int:  # a float (-0.0 is 0.0 as a key), a date
            return _raw_cell(row, col, value, self._markers)
        got = self._seen.get((kind, value))
        if got is None:
            cell = _raw_cell(row, col, value, self._markers)
            if len(self._seen) < self._MAX:
                self._seen[(kind, value)] = (cell.raw, cell.value, cell.marker)
            return cell
        return RawCell(row=row, col=col, raw=got[0], value=got[1], marker=got[2])


def _raw_cell(row: int, col: int, value: Any, markers: MarkerSet) -> RawCell:
    if value is None:
        return RawCell(row=row, col=col, raw="")
    if isinstance(value, bool):
        return RawCell(row=row, col=col, raw=str(value))
    if isinstance(value, int | float):
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            return RawCell(row=row, col=col, raw=str(value))
        raw = str(int(number)) if number.is_integer() else repr(number)
        return RawCell(row=row, col=col, raw=raw, value=number)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        text = value.isoformat()
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            text = value.date().isoformat()
        return RawCell(row=row, col=col, raw=text)
    text = missing_as_blank(str(value), markers)  # SAS's missing ``.`` typed as text
    marker = markers.match(text) if text.strip() else None
    parsed = parse_number(text) if marker is None else None
    return RawCell(row=row, col=col, raw=text, value=parsed, marker=marker)
