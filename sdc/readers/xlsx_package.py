"""Walk every part of an XLSX package: what is not a checked cell is checked as text or flagged.

openpyxl reads the cells. A workbook also carries document properties (core, app, custom),
defined names, header and footer text, hyperlink targets, data-validation lists, comments and
threaded comments, drawings' text boxes, external links with their cached values, pivot caches
with their source records, embedded objects and any extra file someone zipped in
(``xl/patients.csv``). Each zip member is classified:

- structural parts (styles, theme, relationships, content types, the sheets' cell data…)
  hold nothing a reviewer needs beyond what the sheets show, and their text is searched for
  identifiers; from sheets the non-cell text is taken (headers/footers, hyperlinks,
  validation lists), from the workbook its defined names; printer settings (a binary
  DEVMODE) give their strings, and one longer or shorter than its DEVMODE declares is
  flagged (SDC605);
- parts that hide content are flagged (SDC605) and their text is checked;
- every other part's text is checked (:mod:`sdc.readers.parts`): as a table when it is one
  (pivot cache records are rebuilt as one), else word by word for identifiers;
- a member no workbook needs is flagged as an extra file and its content checked.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException

from sdc.outputs import HiddenItem, Output
from sdc.readers.file_ends import zip_outside
from sdc.readers.image_parts import binary_strings, embedded_picture, parse_xml, xml_text
from sdc.readers.parts import TextPart, part_outputs
from sdc.readers.values import MISSING_DOT
from sdc.readers.xlsx_charts import (
    as_its_cells,
    cache_tables,
    disagreements,
    read_chart,
    referenced_sheets,
)
from sdc.readers.xlsx_free_text import (
    APP_FREE_TEXT,
    conditional_format_has_number,
    core_fields_with_numbers,
    custom_properties_with_numbers,
    header_footer_has_number,
    sheet_names_with_numbers,
    text_has_number,
    validation_has_number,
)
from sdc.readers.xlsx_plain import NotPlain, PlainSheet, plain_cells, plain_sheet, recall
from sdc.readers.xlsx_reader import LITERAL_DIGIT
from sdc.readers.xml_stream import iterparse, read_bytes, read_part

if TYPE_CHECKING:
    from sdc.readers.base import ReadOptions

MAX_MEMBERS = 5_000

# Parts with no text a reviewer needs: formatting, relationships among parts, the cell store.
_STRUCTURAL = re.compile(
    r"^(\[Content_Types\]\.xml|_rels/\.rels|xl/_rels/workbook\.xml\.rels|xl/styles\.xml"
    r"|xl/theme/[^/]+\.xml|xl/calcChain\.xml|xl/[^/]+/_rels/[^/]+\.rels"
    r"|xl/printerSettings/printerSettings\d+\.bin|xl/chartsheets/sheet\d+\.xml"
    r"|xl/pivotTables/pivotTable\d+\.xml|xl/tables/table\d+\.xml|xl/metadata\.xml"
    r"|xl/persons/person\.xml|xl/drawings/drawing\d+\.xml)$")
_SHEET = re.compile(r"^xl/worksheets/sheet\d+\.xml$")
_MACRO_SHEET = re.compile(r"^xl/(macrosheets|dialogsheets)/[^/]+\.xml$")
_SHEET_RELS = re.compile(r"^xl/worksheets/_rels/sheet\d+\.xml\.rels$")
_TEXT_PARTS = re.compile(
    r"^(docProps/(core|app|custom)\.xml|xl/comments[^/]*\.xml|xl/comments/[^/]+\.xml"
    r"|xl/drawings/[^/]+\.vml|xl/sharedStrings\.xml)$")
# (pattern, what, detail): parts that hide content from a reader of the sheets.
_HIDING: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"^xl/threadedComments/"), "threaded comment", "threaded comments"),
    (re.compile(r"^xl/externalLinks/"), "external link", "the workbook links to another file"),
    (re.compile(r"^xl/embeddings/"), "embedded object", "an embedded file or OLE object"),
    (re.compile(r"^xl/activeX/"), "embedded object", "an ActiveX control"),
    (re.compile(r"^xl/vbaProject\.bin$"), "macro", "a VBA macro project"),
    (re.compile(r"^xl/pivotCache/"), "pivot cache",
     "a pivot cache, which stores the pivot table's source records"),
    (re.compile(r"^xl/(media/|drawings/.*\.(png|jpe?g|gif|emf|wmf))|^docProps/thumbnail"),
     "embedded image", "an embedded picture"),
    (re.compile(r"^xl/charts/"), "chart", "an embedded chart"),
    (re.compile(r"^xl/(connections\.xml|queryTables/)"), "external link", "a data connection"),
    (re.compile(r"^customXml/"), "custom XML", "custom XML parts"),
    (re.compile(r"^xl/(slicerCaches|slicers|timelineCaches|timelines|richData|model)/"),
     "data model", "a slicer, timeline or data model cache"),
]
_REFERENCE = re.compile(r"!|^#REF|^_xlfn|^\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?$")


@dataclass
class PackageContent:
    """What the package holds besides the cells openpyxl read."""

    hidden: list[HiddenItem] = field(default_factory=list)
    parts: list[TextPart] = field(default_factory=list)


def walk_package(file: Path, cell_strings: set[str] | None,
                 already_flagged: AbstractSet[str] = frozenset()) -> PackageContent:
    """Every member of the workbook at ``file`` (see the module doc). ``cell_strings``: the
    text of every cell the sheets showed, to find shared strings no cell uses (None: unknown,
    then all shared strings are checked). ``already_flagged``: the ``what`` of items the
    reader reported already, not repeated."""
    found = PackageContent()
    with zipfile.ZipFile(file) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            found.hidden.append(HiddenItem(
                what="package", detail=f"{len(infos):,} parts in the package; only the first "
                f"{MAX_MEMBERS:,} were read"))
        flagged: dict[str, list[str]] = {}
        listed = _listed_sheets(zf)
        for info in infos[:MAX_MEMBERS]:
            name = info.filename
            if (_SHEET.match(name) and listed is not None and name not in listed) or \
                    _MACRO_SHEET.match(name):
                _unlisted_sheet(zf, name, found, flagged)
                continue
            _read_member(zf, name, found, flagged, cell_strings)
        _chart_caches(zf, found)
        definitions = {n: zf.read(n) for n in zf.namelist()
                       if re.match(r"^xl/pivotCache/pivotCacheDefinition\d+\.xml$", n)}
        for name in zf.namelist():
            match = re.match(r"^xl/pivotCache/pivotCacheRecords(\d+)\.xml$", name)
            if match:
                definition = definitions.get(f"xl/pivotCache/pivotCacheDefinition"
                                             f"{match.group(1)}.xml")
                table = pivot_records_csv(definition, zf.read(name))
                if table:
                    found.parts.append(TextPart(f"{name} (records)", table))
    for what, names in flagged.items():
        if what in already_flagged:
            continue
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        detail = next(d for p, w, d in _HIDING if w == what) if what in {
            w for _, w, _ in _HIDING} else "a file that is not part of a workbook"
        found.hidden.append(HiddenItem(what=what, detail=f"{detail} ({shown})"))
    return found


_CHART = re.compile(r"^xl/charts/chart\d+\.xml$")


def _chart_caches(zf: zipfile.ZipFile, found: PackageContent) -> None:
    """Each chart's cached series as a table for the table rules, unless the cache is its
    cells point for point; a cache that cannot be read or that differs from the cells it
    names reported (:mod:`sdc.readers.xlsx_charts`). Only the sheets a cache names are read
    again for the comparison."""
    charts = []
    for name in sorted((n for n in zf.namelist() if _CHART.match(n)), key=_natural):
        chart = read_chart(zf.read(name))
        if chart.problem:
            found.hidden.append(HiddenItem(what="chart cache",
                                           detail=f"{name}: {chart.problem}"))
        charts.append((name, chart))
    wanted = set().union(*(referenced_sheets(chart) for _, chart in charts))
    cells = _sheet_cell_text(zf, wanted) if wanted else {}
    for name, chart in charts:
        differing = disagreements(chart, cells)
        if differing:
            shown = "; ".join(differing[:3]) + (
                f" and {len(differing) - 3} more" if len(differing) > 3 else "")
            found.hidden.append(HiddenItem(
                what="chart cache differs from its cells",
                detail=f"{name}: the chart shows cached values its cells do not hold "
                f"({shown}); Excel draws these until it recalculates"))
        if as_its_cells(chart, cells):
            continue
        tables = cache_tables(chart)
        for i, table in enumerate(tables):
            suffix = f" {i + 1}" if len(tables) > 1 else ""
            found.parts.append(TextPart(f"{name} (cached series{suffix})", table))


def _natural(name: str) -> tuple[int, str]:
    digits = re.findall(r"\d+", name)
    return (int(digits[-1]) if digits else 0, name)


def _sheet_cell_text(zf: zipfile.ZipFile, wanted: set[str]
                     ) -> dict[str, dict[tuple[int, int], str]]:
    """The cell text by (row, column) of each sheet named in ``wanted`` (as a chart's
    reference spells it), shared strings resolved; a sheet that does not parse is left out
    (its chart's cache is then checked as it stands)."""
    try:
        book = parse_xml(zf.read("xl/workbook.xml"))
        rels = parse_xml(zf.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    if book is None or rels is None:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter()}
    strings = _shared_strings(zf)
    sheets: dict[str, dict[tuple[int, int], str]] = {}
    for sheet in (e for e in book.iter() if _local(e.tag) == "sheet"):
        if sheet.get("name", "") not in wanted:
            continue
        rid = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), None)
        target = targets.get(rid, "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if part not in zf.namelist():
            continue
        try:
            text = read_part(zf, part, lambda fh: _cell_texts(fh, strings))
        except (ET.ParseError, DefusedXmlException):
            continue
        sheets[sheet.get("name", "")] = text
    return sheets


def _cell_texts(stream: object, strings: list[str]) -> dict[tuple[int, int], str]:
    """A sheet's cell text by (row, column), shared strings resolved."""
    text: dict[tuple[int, int], str] = {}
    for row, col, kind, value in _sheet_cells(stream):
        if kind == "s" and value.isdigit() and int(value) < len(strings):
            value = strings[int(value)]
        text[(row, col)] = value
    return text


def _listed_sheets(zf: zipfile.ZipFile) -> set[str] | None:
    """The parts the workbook's relationships name (its sheets among them); None when they
    cannot be read (then every sheet part is taken as listed)."""
    try:
        root = parse_xml(zf.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return None
    if root is None:
        return None
    targets = set()
    for rel in root.iter():
        target = rel.get("Target", "")
        if target and rel.get("TargetMode") != "External":
            targets.add(target.lstrip("/") if target.startswith("/") else f"xl/{target}")
    return targets


def _unlisted_sheet(zf: zipfile.ZipFile, name: str, found: PackageContent,
                    flagged: dict[str, list[str]]) -> None:
    """A worksheet part the workbook does not list (or a macro or dialog sheet): openpyxl
    never reads it, but it travels with the file. Flagged, and its cells read as a table
    (its counts meet the count rules)."""
    flagged.setdefault("extra file", []).append(name)
    strings = _shared_strings(zf)
    rows: dict[int, dict[int, str]] = {}
    for (row, col), text in read_part(zf, name, lambda fh: _cell_texts(fh, strings)).items():
        rows.setdefault(row, {})[col] = text
    found.parts.append(TextPart(f"{name} (a sheet openpyxl does not read)",
                                _grid_csv(rows)))


def _sheet_cells(stream: object) -> Iterator[tuple[int, int, str, str]]:
    """Each cell of a worksheet part as ``(row, column, type, text of its v/t elements)``,
    streamed, with positions as Excel counts them when a cell or row omits its ``r``."""
    row = col = 0
    value: list[str] = []
    kind = "n"
    for event, elem in iterparse(stream, ("start", "end")):  # type: ignore[arg-type]
        tag = _local(elem.tag)
        if event == "start" and tag in ("row", "c"):
            place = _position(elem.get("r")) if tag == "c" else None
            row, col = ((int(elem.get("r") or row + 1), 0) if tag == "row" else
                        (row, place[1] if place is not None else col + 1))
            value, kind = [], elem.get("t") or "n"
        elif event == "end" and tag in ("v", "t") and elem.text:
            value.append(elem.text)
        elif event == "end" and tag == "c":
            yield row, col, kind, "".join(value)
            elem.clear()


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    try:
        root = parse_xml(zf.read("xl/sharedStrings.xml"))
    except KeyError:
        return []
    if root is None:
        return []
    return ["".join(t.text or "" for t in si.iter() if _local(t.tag) == "t")
            for si in root if _local(si.tag) == "si"]


def _grid_csv(rows: dict[int, dict[int, str]]) -> str:
    import csv
    import io

    width = max((max(cells) for cells in rows.values() if cells), default=0)
    out = io.StringIO()
    writer = csv.writer(out)
    for r in sorted(rows):
        writer.writerow([rows[r].get(c, "") for c in range(1, width + 1)])
    return out.getvalue()


def _read_member(zf: zipfile.ZipFile, name: str, found: PackageContent,
                 flagged: dict[str, list[str]], cell_strings: set[str] | None) -> None:
    if name == "xl/workbook.xml":
        _defined_names(zf.read(name), found)
        _sheet_names(zf.read(name), found)
        return
    if _SHEET.match(name):
        text, other, cells = _sheet_extras(zf, name, cell_strings)
        if cells.merges:  # values under merged cells: openpyxl drops them, Excel hides them
            read_part(zf, name, cells.under_merges)
        if text:
            found.parts.append(TextPart(f"{name} (headers, footers, links, lists)", text))
        if cells.free_numbers:
            found.hidden.append(HiddenItem(
                what="number outside the cells",
                detail=f"{name}: {', '.join(sorted(cells.free_numbers))} hold(s) a number no "
                "cell shows: a person must read it"))
        if other:  # filters, conditional formats, properties: searched for identifiers
            found.parts.append(TextPart(f"{name} (other text)", other, words_only=True))
        cells.report(name, found)
        return
    if _SHEET_RELS.match(name):
        targets = external_targets(zf.read(name))
        if targets:
            found.parts.append(TextPart(f"{name} (link targets)", "\n".join(targets)))
        numbered = sum(map(_target_has_number, targets))
        if numbered:
            found.hidden.append(HiddenItem(
                what="number outside the cells",
                detail=f"{name}: {numbered} link target(s) outside the workbook hold a number "
                "no cell shows: a person must read it"))
        return
    if _STRUCTURAL.match(name):
        data = zf.read(name)
        if name.endswith(".bin"):
            _printer_settings(name, data, found)
            return
        if name == "xl/styles.xml":
            _conditional_formats(data, found)
        if name.startswith("xl/drawings/drawing"):
            _drawing_text_numbers(name, data, found)
        # formatting, structure and relationships: searched for identifiers (a number format
        # can show any text, a relationship's target is free text)
        text = xml_text(data) or member_text(name, data)
        if text:  # text boxes and shapes of drawings may hold a table
            found.parts.append(TextPart(name, text, words_only=not name.startswith(
                "xl/drawings/drawing")))
        return
    if name == "xl/sharedStrings.xml":
        data = zf.read(name)
        root = parse_xml(data)
        unused = _unused_strings(data, root, cell_strings)
        phonetic = [] if root is None else phonetic_guides(root)
        runs = [] if root is None else [
            f"{n:,} {why}" for n, why in (
                (faint_digit_runs(root), FAINT_DIGITS),
                (split_digit_strings(root), SPLIT_DIGITS),
                # known unused only when every cell shown is known (cell_strings)
                (cell_strings is not None and sum(map(_has_digit, unused)), UNUSED_DIGITS),
                (len(phonetic), PHONETIC_GUIDES)) if n]
        if runs:
            found.hidden.append(HiddenItem(what="cell data not shown",
                                           detail=f"{name}: {'; '.join(runs)}"))
        if unused or phonetic:
            found.parts.append(TextPart(f"{name} (strings no cell shows)",
                                        "\n".join(unused + phonetic)))
        return
    hiding = next(((what, detail) for p, what, detail in _HIDING if p.match(name)), None)
    if hiding is None and not _TEXT_PARTS.match(name):
        hiding = ("extra file", "a file that is not part of a workbook")
    if hiding is not None:
        flagged.setdefault(hiding[0], []).append(name)
        if hiding[0] == "embedded image":  # read as an image file is; pixels are out of scope
            picture = embedded_picture(name, zf.read(name))
            found.hidden.extend(picture.hidden)
            if picture.problem:
                found.hidden.append(HiddenItem(what="embedded image content",
                                               detail=f"{name}: {picture.problem}"))
            found.parts.extend(picture.parts)
            return
    data = zf.read(name)
    if name == "docProps/core.xml":
        fields = core_fields_with_numbers(data)
        if fields:
            found.hidden.append(HiddenItem(
                what="number outside the cells",
                detail=f"{name}: the document's {', '.join(fields)} hold(s) a number no cell "
                "shows: a person must read it"))
    if name == "docProps/app.xml" and (titles := _titles_with_numbers(data)):
        found.hidden.append(HiddenItem(
            what="number outside the cells",
            detail=f"{name}: {titles} title(s) of the workbook's parts hold a number no cell "
            "shows: a person must read it"))
    if name == "docProps/app.xml" and (fields := core_fields_with_numbers(data, APP_FREE_TEXT)):
        found.hidden.append(HiddenItem(
            what="number outside the cells",
            detail=f"{name}: the document's {', '.join(fields)} hold(s) a number no cell "
            "shows: a person must read it"))
    if name == "docProps/custom.xml" and (count := custom_properties_with_numbers(data)):
        found.hidden.append(HiddenItem(
            what="number outside the cells",
            detail=f"{name}: {count} custom propert{'y' if count == 1 else 'ies'} of the "
            "document hold(s) a number no cell shows: a person must read it"))
    found.parts.append(TextPart(name, member_text(name, data)))


def _sheet_extras(zf: zipfile.ZipFile, name: str, cell_strings: set[str] | None
                  ) -> tuple[str, str, SheetCells]:
    """``sheet_extras`` of a sheet part. When its cell data is plain (``xlsx_plain``), its
    cells hold nothing no cell shows (each in order, in its row; a number, a shared string's
    index) but, perhaps, an inline text no cell shows (then the whole part is parsed), and
    their formulas' text (and, with ``cell_strings`` None, every cell's text): only the part
    without its cell data is parsed, and those texts are kept as the cells' events keep them
    (``SheetCells.event``). Else the whole part, as before."""
    if zf.getinfo(name).file_size <= _PLAIN_PART_BYTES:
        sheet = plain_sheet(zf.read(name))
        kept = None if sheet is None else _kept_texts(sheet, cell_strings)
        if sheet is not None and kept is not None:
            text, other, cells = read_bytes(sheet.emptied,
                                            lambda fh: sheet_extras(fh, cell_strings))
            for found in kept:
                cells._keep(cells.formulas, found)
            for height in _ROW_HEIGHT.finditer(sheet.data, sheet.start, sheet.end):
                cells.line_size("row", height.group(1).decode("ascii", "replace"))
            return text, other, cells
    return read_part(zf, name, lambda fh: sheet_extras(fh, cell_strings))


_PLAIN_PART_BYTES = 64 << 20  # a sheet part read whole for the plain form, at most
_ROW_HEIGHT = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\sht\s*=\s*["\']([^"\']*)')

# Lines too small to show their text, though not marked hidden: a row lower than this many
# points (Excel's default is 15), a column narrower than this many characters (default 8.43).
# Excel draws their cells with no room, so a reviewer reading the sheet does not see them;
# sdc still checks their numbers, and flags the sheet (SDC605) so a person looks.
MIN_SHOWN_ROW_POINTS = 5.0
MIN_SHOWN_COLUMN_CHARS = 1.0


def _kept_texts(sheet: PlainSheet, cell_strings: AbstractSet[str] | None) -> list[str] | None:
    """What ``SheetCells`` keeps of a plain sheet's cells, in order: each formula's text,
    and with ``cell_strings`` None each cell's text after it (``SheetCells._end_cell``).
    None when a cell is one ``SheetCells`` would find not shown (``SheetCells._shown``,
    asked of the cell's type and text): an inline text, a formula's text result or an error
    no cell shows (numbers, shared strings' indices and booleans are shown)."""
    probe = SheetCells(cell_strings)
    if cell_strings is not None and (read := recall(sheet.data)) is not None:
        if not all(_shown_as(probe, kind, text) for kind, text in read.texts):
            return None
        return list(read.formulas)  # tokenized by the reader already (``_plain_books``)
    kept: list[str] = []
    try:
        for _row, _col, _style, kind, text, formula, _si in plain_cells(sheet):
            if formula:
                kept.append(formula)
            if text is None:
                continue
            if cell_strings is None:
                kept.append(text)
            elif kind not in ("n", "s") and not _shown_as(probe, kind, text):
                return None
    except NotPlain:
        return None
    return kept


def _shown_as(probe: SheetCells, kind: str, text: str) -> bool:
    """``SheetCells._shown`` of a cell of type ``kind`` holding ``text``."""
    probe._kind = kind
    return probe._shown(text)


def _conditional_formats(data: bytes, found: PackageContent) -> None:
    """A number format of a conditional format (``<dxf><numFmt>``) that writes digits of its
    own: when its rule holds, Excel shows those digits instead of the value sdc reads (a
    cell's own format is checked by the reader, where the cell is known)."""
    root = parse_xml(data)
    if root is None:
        return
    for dxf in (e for e in root.iter() if _local(e.tag) == "dxf"):
        for fmt in (e for e in dxf.iter() if _local(e.tag) == "numFmt"):
            code = fmt.get("formatCode", "")
            if LITERAL_DIGIT.search(code):
                found.hidden.append(HiddenItem(
                    what="number format", detail=f"a conditional format's number format "
                    f"{code!r} shows digits of its own: Excel does not show the value sdc "
                    "reads", public="a conditional format's number format shows digits of "
                    "its own: Excel does not show the value sdc reads"))


def _printer_settings(name: str, data: bytes, found: PackageContent) -> None:
    """A sheet's printer settings: a Windows DEVMODE (the printer's name, then its public
    fields, ``dmSize`` bytes in all, then ``dmDriverExtra`` bytes of the driver's own data).
    Its strings are searched for identifiers; a part whose length is not the one its DEVMODE
    declares holds something else (SDC605)."""
    strings = binary_strings(data)
    if strings:
        found.parts.append(TextPart(f"{name} (strings)", strings, words_only=True))
    declared = struct.unpack_from("<HH", data, 68) if len(data) >= 72 else None
    if declared is None or sum(declared) != len(data):
        expected = f"{sum(declared):,} its DEVMODE declares" if declared else "a DEVMODE"
        found.hidden.append(HiddenItem(
            what="printer settings",
            detail=f"{name} holds {len(data):,} bytes where printer settings hold {expected}; "
                   "the rest is not printer settings, and a person must check it"))


def member_text(name: str, data: bytes) -> str:
    """A member's text: XML text and attribute values, or the decoded bytes."""
    if name.endswith((".xml", ".vml", ".rels")) or data.lstrip()[:1] == b"<":
        text = xml_text(data)
        if text is not None:
            return text
        decoded = data.decode("utf-8", errors="replace")
        return re.sub(r"<[^>]*>", "\n", decoded)  # not well-formed (VML often is not)
    for encoding in ("utf-8", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _titles_with_numbers(data: bytes) -> int:
    """How many titles of parts (``TitlesOfParts``: the sheets' and named ranges' names as
    the application saved them) say a number (``sheet_names_with_numbers``). Office writes
    the sheets' own names there, which are checked as sheet names too; another text is
    shown nowhere (``West 3`` there passed, hunt51). Unparsable: one, never passed unread."""
    root = parse_xml(data)
    if root is None:
        return 1
    titles = [t.text or "" for part in root.iter() if _local(part.tag) == "TitlesOfParts"
              for t in part.iter() if _local(t.tag) == "lpstr"]
    return sheet_names_with_numbers(titles) if titles else 0


def _local(tag: object) -> str:
    """A tag's name without its namespace (``{uri}c`` is ``c``); the names met are kept (a
    sheet is hundreds of thousands of elements of a dozen names), up to a bound."""
    try:
        return _LOCAL_NAMES[tag]  # type: ignore[index]
    except (KeyError, TypeError):
        name = str(tag).rsplit("}", 1)[-1]
        if isinstance(tag, str) and len(_LOCAL_NAMES) < 4096:
            _LOCAL_NAMES[tag] = name
        return name


_LOCAL_NAMES: dict[str, str] = {}


def _sheet_names(data: bytes, found: PackageContent) -> None:
    """A sheet's name is shown on its tab as a title is: a number in it no title would
    explain is named for a person (the names are never quoted)."""
    root = parse_xml(data)
    if root is None:
        return  # named by _defined_names
    names = [elem.get("name", "") for elem in root.iter() if _local(elem.tag) == "sheet"]
    count = sheet_names_with_numbers(names)
    if count:
        found.hidden.append(HiddenItem(
            what="number outside the cells", detail=f"xl/workbook.xml: {count} sheet "
            f"name{'' if count == 1 else 's'} hold(s) a number no cell shows: a person must "
            "read it"))


def _defined_names(data: bytes, found: PackageContent) -> None:
    root = parse_xml(data)
    if root is None:
        found.hidden.append(HiddenItem(what="package", detail="xl/workbook.xml could not be "
                                       "parsed safely; its defined names were not read"))
        return
    for elem in root.iter():
        if _local(elem.tag) != "definedName":
            continue
        name, value = elem.get("name", ""), (elem.text or "").strip()
        found.parts.append(TextPart(f"defined name {name!r}", f"{name}\n{value}"))
        if value and not _REFERENCE.search(value.lstrip("=")):
            found.hidden.append(HiddenItem(
                what="defined name", detail=f"the defined name {name!r} holds a constant, "
                "not a range: a value no cell shows"))


_SHEET_TEXT_TAGS = {"oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader",
                    "firstFooter", "formula1", "formula2"}
_SHEET_TEXT_ATTRS = {"hyperlink": ("location", "display", "tooltip"),
                     "dataValidation": ("promptTitle", "prompt", "errorTitle", "error")}


# a conditional format's rule, its formula and its colour-scale or data-bar points
_CONDITIONAL_FORMAT_TAGS = {"cfRule", "formula", "cfvo", "f"}


# attributes a person reads only on hovering or on a wrong entry: a number there is unseen
_SHEET_FREE_ATTRS = {"hyperlink": ("tooltip",),
                     "dataValidation": ("promptTitle", "prompt", "errorTitle", "error")}


_DRAWING_MAIN = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _drawing_text_numbers(name: str, data: bytes, found: PackageContent) -> None:
    """A text box or shape on a sheet (DrawingML ``txBody``) shows its text over the cells,
    read by no cell rule: a number a title or note would not explain (``North deaths: 3``)
    is a number outside the cells (SDC605, review), as a header's or a Word text box's is
    (hunt round 27: it was searched for identifiers only, so it passed)."""
    root = parse_xml(data)
    if root is None:
        return
    shapes = 0
    for body in root.iter():
        if not isinstance(body.tag, str) or not body.tag.endswith("}txBody"):
            continue
        text = "\n".join(" ".join(t.text or "" for t in p.iter(f"{_DRAWING_MAIN}t"))
                         for p in body.iter(f"{_DRAWING_MAIN}p"))
        if text_has_number(text):
            shapes += 1
    if shapes:
        found.hidden.append(HiddenItem(
            what="number outside the cells",
            detail=f"{name}: {shapes} text box(es) or shape(s) on the sheet hold a number no "
            "cell shows: a person must read it"))


# element texts outside the cells that are references or ids, not text: a range (``xm:sqref``,
# ``A1:A10``), an extension's id (``x14:id``, a GUID)
_REFERENCE_TAGS = frozenset({"sqref", "id"})
_GUID = re.compile(r"^\{?[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}?$")


def _free_element_number(tag: str, text: str) -> bool:
    """An element's own text outside the cells (an extension list's, an ``mc:AlternateContent``
    choice's) that says a number: no cell, header or list shows it, the file carries it
    (``<extLst><ext><x:n>West 3</x:n></ext></extLst>`` passed, searched for identifiers only,
    hunt51). References and ids are none."""
    text = text.strip()
    return (tag not in _REFERENCE_TAGS and not _GUID.match(text)
            and text_has_number(text))


def _free_number(tag: str, text: str, into: set[str]) -> None:
    """Name ``tag`` in ``into`` when its text says a number of its own (xlsx_free_text)."""
    if tag.startswith("formula"):
        if validation_has_number(text):
            into.add("a validation list or bound")
    elif header_footer_has_number(text):
        into.add("the header or footer")


def _conditional_format_number(tag: str, elem: ET.Element, into: set[str]) -> None:
    """Name a conditional format in ``into`` when its rule says a number no cell shows: a
    formula's threshold or text (``xlsx_free_text``), a colour scale's or data bar's point
    given as a number (``cfvo type="num"``; min, max, percent and percentile points are
    positions, not values) or a contains-text rule's text. ``f`` outside the cells is an
    extension's formula (Excel 2010's ``x14:cfRule`` and ``x14:dataValidation``)."""
    if tag in ("formula", "f"):
        said = conditional_format_has_number(elem.text or "")
    elif tag == "cfvo":
        said = elem.get("type") in ("num", "formula") and conditional_format_has_number(
            elem.get("val", ""))
    else:
        said = text_has_number(elem.get("text", ""))
    if said:
        into.add("a conditional format rule")


def sheet_extras(stream: object, cell_strings: AbstractSet[str] | None = None
                 ) -> tuple[str, str, SheetCells]:
    """Header/footer text, hyperlink text and data-validation lists of a sheet, every other
    text and attribute value outside its cells (filter values, conditional-format text,
    properties), and what its cell data holds that no cell shows (``SheetCells``), streamed
    (the cell data is freed as it is read)."""
    lines: list[str] = []
    other: list[str] = []
    cells = SheetCells(cell_strings)
    in_cells = 0
    try:
        for event, elem in iterparse(stream, ("start", "end")):  # type: ignore[arg-type]
            tag = _local(elem.tag)
            if tag == "sheetData":
                in_cells += 1 if event == "start" else -1
                continue
            if in_cells:
                cells.event(event, tag, elem)
                continue
            if event == "start":
                continue
            if tag in _SHEET_TEXT_TAGS and elem.text:
                lines.append(elem.text.strip())
                _free_number(tag, elem.text, cells.free_numbers)
            elif tag in _SHEET_TEXT_ATTRS:
                lines.extend(elem.get(a, "") for a in _SHEET_TEXT_ATTRS[tag])
                for attr in _SHEET_FREE_ATTRS.get(tag, ()):
                    if text_has_number(elem.get(attr, "")):
                        cells.free_numbers.add(f"a {tag} {attr}")
                shown = elem.get("display", "") if tag == "hyperlink" else ""
                if text_has_number(shown) and (cell_strings is None or (
                        shown not in cell_strings and shown.strip() not in cell_strings)):
                    # a link's display text other than its cell's: no cell shows it (hunt51)
                    cells.free_numbers.add("a hyperlink display")
            elif tag == "mergeCell" and elem.get("ref"):
                cells.merges.append(elem.get("ref", ""))
            else:
                if tag in ("sheetFormatPr", "col"):
                    cells.line_defaults(tag, elem)
                if tag in _CONDITIONAL_FORMAT_TAGS:
                    _conditional_format_number(tag, elem, cells.free_numbers)
                elif elem.text and _free_element_number(tag, elem.text):
                    cells.free_numbers.add("an element's text outside the cells")
                other.extend(v.strip() for v in elem.attrib.values())
                other.append((elem.text or "").strip())
    except (ET.ParseError, DefusedXmlException, ValueError):
        lines.append("(the sheet's XML could not be parsed safely)")
    return ("\n".join(line for line in lines if line),
            "\n".join(line for line in other if line), cells)


_MAX_UNSHOWN_CHARS = 1_000_000
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _position(ref: str | None) -> tuple[int, int] | None:
    match = _CELL_REF.match(ref or "")
    if match is None:
        return None
    col = 0
    for letter in match.group(1):
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)), col


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


Box = tuple[tuple[int, int], tuple[int, int]]


def _boxes(refs: list[str]) -> list[Box]:
    """Merged ranges (``B2:C3``) as (first, last) (row, column) corners."""
    boxes = []
    for ref in refs:
        first, _, last = ref.partition(":")
        a, b = _position(first), _position(last or first)
        if a is not None and b is not None:
            boxes.append((a, b))
    return boxes


def _under(boxes: list[Box], row: int, col: int) -> bool:
    """Whether (row, col) lies in a merged range and is not its top-left cell."""
    return any(a[0] <= row <= b[0] and a[1] <= col <= b[1] and (row, col) != a
               for a, b in boxes)


@dataclass
class SheetCells:
    """What a sheet's cell data (``<sheetData>``) holds that the cells openpyxl read do not
    show: openpyxl keeps the last of two cells at one place, drops the values under a merged
    range, reads a boolean's value as true/false whatever it holds, and never reads phonetic
    guides (``<rPh>``) of a string. Cells are compared with ``cell_strings`` (the text of every
    cell the sheets showed; None when a sheet could not be read into a table: then every
    cell's text is searched for identifiers instead); a formula's text is searched for
    identifiers."""

    cell_strings: AbstractSet[str] | None
    merges: list[str] = field(default_factory=list)
    free_numbers: set[str] = field(default_factory=set)  # header, footer, lists: a number
    unshown: list[str] = field(default_factory=list)
    formulas: list[str] = field(default_factory=list)
    why: dict[str, int] = field(default_factory=dict)
    _row: int = 0
    _col: int = 0
    _kind: str = "n"
    _value: list[str] = field(default_factory=list)
    _phonetic: list[str] = field(default_factory=list)
    _in_phonetic: bool = False
    _run_start: int = 0  # where the current rich-text run's text begins in ``_value``
    _digit_runs: int = 0  # the current cell's runs that hold a digit
    _faint: bool = False  # the current run is white or under 2 points
    _chars: int = 0
    _values: int = 0  # the current cell's ``<v>`` and ``<is>`` elements: one is shown

    def event(self, event: str, tag: str, elem: ET.Element) -> None:
        """One event of the streamed cell data."""
        if event == "start":
            if tag == "row":
                self._start_row(elem.get("r"))
                self.line_size("row", elem.get("ht"))
            elif tag == "c":
                self._start_cell(elem.get("r"), elem.get("t") or "n")
            elif tag == "rPh":
                self._in_phonetic = True
            elif tag == "r":
                self._run_start, self._faint = len(self._value), False
            return
        if tag == "rPh":
            self._in_phonetic = False
        elif tag == "rPr":
            self._faint = faint_run(elem)
        elif tag == "r" and not self._in_phonetic:
            digit = _has_digit("".join(self._value[self._run_start:]))
            self._digit_runs += digit
            if digit and self._faint:
                self._count(FAINT_DIGITS)
        elif tag in ("v", "t") and elem.text:
            (self._phonetic if self._in_phonetic else self._value).append(elem.text)
        if tag in ("v", "is"):
            self._values += 1
        elif tag == "f" and elem.text:
            self._keep(self.formulas, elem.text)
        elif tag == "c":
            self._end_cell()
        if tag in ("row", "c"):
            elem.clear()

    def line_size(self, what: str, size: str | None) -> None:
        """A row's height (points) or a column's width (characters) as written: too small to
        show its text (``MIN_SHOWN_ROW_POINTS``, ``MIN_SHOWN_COLUMN_CHARS``) is counted. A
        size that is no number is counted too: Excel's reading of it is unknown."""
        if size is None:
            return
        least = MIN_SHOWN_ROW_POINTS if what == "row" else MIN_SHOWN_COLUMN_CHARS
        try:
            small = not float(size) >= least  # NaN and negatives too
        except ValueError:
            small = True
        if small:
            self._count(f"{what}s too {'low' if what == 'row' else 'narrow'} to show their "
                        f"text ({'height' if what == 'row' else 'width'} {size.strip()[:20]})")

    def line_defaults(self, tag: str, elem: ET.Element) -> None:
        """A sheet's row and column defaults (``sheetFormatPr``) and its columns' widths
        (``col``): rows hidden by default (``zeroHeight``, every row without a height of its
        own is not shown), a default row height or column width too small to show text."""
        if tag == "col":
            if elem.get("hidden") not in ("1", "true"):  # a hidden one is the reader's
                self.line_size("column", elem.get("width"))
            return
        if (elem.get("zeroHeight") or "").strip().lower() in ("1", "true"):
            self._count("rows hidden by default (zeroHeight): a row without a height of "
                        "its own is not shown")
        self.line_size("row", elem.get("defaultRowHeight"))
        for width in ("defaultColWidth", "baseColWidth"):
            self.line_size("column", elem.get(width))

    def _start_row(self, ref: str | None) -> None:
        row = int(ref) if ref and ref.isdigit() else self._row + 1
        if row <= self._row:
            self._count("rows given twice or out of order (openpyxl keeps the last)")
        self._row, self._col = row, 0

    def _start_cell(self, ref: str | None, kind: str) -> None:
        place = _position(ref)
        col = place[1] if place is not None else self._col + 1
        twice = col <= self._col
        if place is not None and place[0] != self._row:
            self._count("cells outside their row")
        elif twice:
            self._count("cells given twice or out of order (openpyxl keeps the last)")
        self._col = col
        self._kind = "twice" if twice else kind
        self._value, self._phonetic = [], []
        self._digit_runs = self._values = 0

    def _end_cell(self) -> None:
        value = "".join(self._value)
        if self._digit_runs > 1:
            self._count(SPLIT_DIGITS)
        if self._values > 1:  # ``<v>45</v><v>3</v>``: one is read and shown (hunt51)
            self._count(MORE_VALUES)
            self._keep(self.unshown, value)
        elif self._kind == "twice":
            self._keep(self.unshown, value)
        elif value and self.cell_strings is None:
            self._keep(self.formulas, value)  # the cells shown are not known: searched only
        elif value and not self._shown(value):
            self._count("cells whose value no cell shows")
            self._keep(self.unshown, value)
        for text in self._phonetic:
            if text.strip():
                self._count("phonetic guides (rPh) of strings")
                self._keep(self.unshown, text)

    def _shown(self, value: str) -> bool:
        if value.strip() == MISSING_DOT:
            return True  # SAS's missing number, which the reader reads as the blank it means
        kind = self._kind
        if kind == "s" or (kind in ("n", "e", "str", "d") and _is_number(value)):
            return True  # a shared string's index; numbers and dates are read as numbers
        if kind == "b":
            return value.strip() in ("0", "1")
        if kind == "d":
            return bool(re.match(r"^\d{4}-\d\d-\d\d(T[\d:.]+)?Z?$", value.strip()))
        shown = self.cell_strings or frozenset()
        return value in shown or value.strip() in shown

    def _count(self, why: str) -> None:
        self.why[why] = self.why.get(why, 0) + 1

    def _keep(self, into: list[str], text: str) -> None:
        if text.strip() and self._chars < _MAX_UNSHOWN_CHARS:
            into.append(text.strip())
            self._chars += len(text)

    def under_merges(self, stream: object) -> None:
        """The values of cells inside a merged range other than its top-left one (a second
        pass over the sheet, made only when it has merged ranges). Gathered before any is
        kept, so that a pass given up (``xml_stream.Unwatched``) and made again counts each
        once."""
        boxes = _boxes(self.merges)
        under = [text for row, col, _kind, text in _sheet_cells(stream)
                 if text.strip() and _under(boxes, row, col)]
        for text in under:
            self._count("values under merged cells, which no cell shows")
            self._keep(self.unshown, text)

    def report(self, name: str, found: PackageContent) -> None:
        """Flag (SDC605) what the cell data holds that no cell shows, and add its text."""
        if self.why:
            detail = "; ".join(f"{n:,} {why}" for why, n in self.why.items())
            found.hidden.append(HiddenItem(what="cell data not shown",
                                           detail=f"{name}: {detail}"))
        if self.unshown:
            found.parts.append(TextPart(f"{name} (cell data no cell shows)",
                                        "\n".join(self.unshown)))
        if self.formulas:  # formulas are flagged by the reader; their text is searched
            found.parts.append(TextPart(f"{name} (formulas and cells)", "\n".join(self.formulas),
                                        words_only=True))


_URL_PARTS = re.compile(r"[/?&=#:;,+._~-]+")


def _target_has_number(target: str) -> bool:
    """A link target whose words, split at a URL's separators, say a number: a cell's
    hyperlink shows its cell's text, and where it points travels with the file unseen
    (``https://x.org/?West=3`` passed as text searched for identifiers, hunt51); an HTML page's
    every outside link is flagged."""
    from urllib.parse import unquote

    return text_has_number(" ".join(_URL_PARTS.split(unquote(target))))


def external_targets(data: bytes) -> list[str]:
    root = parse_xml(data)
    if root is None:
        return [data.decode("utf-8", errors="replace")]
    return [elem.get("Target", "") for elem in root.iter()
            if elem.get("TargetMode") == "External" and elem.get("Target")]


# A cell holds one value (``<v>``, or an inline text's ``<is>``): a second beside it, or an
# inline text in a number's cell, is not shown, and its joined text (``453``) read as a number
# was taken for one shown (hunt51)
MORE_VALUES = "cells holding more than one value (one is shown)"


# ``3`` then a white, 1-point, raised or struck ``0``: Excel shows 3, the cell holds 30 (hunt13)
SPLIT_DIGITS = ("strings whose digits lie in two or more formatted runs (a run may be shown "
                "faint, tiny, raised or struck)")


FAINT_DIGITS = "runs of text whose digits are white or under 2 points"


def faint_run(rpr: ET.Element) -> bool:
    """A rich-text run's properties (``<rPr>``) that make it unseen on a white sheet: white
    (``FFFFFF``, or theme colour 0, the light background) or under 2 points."""
    for child in rpr:
        tag, val = _local(child.tag), child.get("val")
        if tag == "color" and ((child.get("rgb") or "").upper().endswith("FFFFFF")
                               or child.get("theme") == "0"):
            return True
        if tag == "sz" and val is not None and _is_number(val) and float(val) < 2:
            return True
    return False


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def split_digit_strings(root: ET.Element) -> int:
    """Shared strings (``<si>``) whose digits lie in two or more rich-text runs (``<r>``)."""
    return sum(1 for si in root if _local(si.tag) == "si" and sum(
        _has_digit("".join(t.text or "" for t in r.iter() if _local(t.tag) == "t"))
        for r in si if _local(r.tag) == "r") > 1)


def faint_digit_runs(root: ET.Element) -> int:
    """Shared strings' runs whose digits are white or under 2 points (``faint_run``)."""
    return sum(1 for si in root if _local(si.tag) == "si" for r in si if _local(r.tag) == "r"
               and any(faint_run(p) for p in r if _local(p.tag) == "rPr")
               and _has_digit("".join(t.text or "" for t in r if _local(t.tag) == "t")))


# A shared string no cell uses is shown nowhere: Excel, LibreOffice and openpyxl write only
# the strings their cells use, so one holding a digit is a number put there by hand
# (``West 3`` or ``3`` beside a table of 45s passed as text searched for identifiers, hunt51)
UNUSED_DIGITS = "shared strings no cell shows that hold a digit"
# a string's phonetic guide (``<rPh>``, Japanese furigana) is shown only when phonetics are
# switched on: its text is not the cell's (``North`` with a guide ``3`` passed, hunt51), as
# an inline string's guide is counted by ``SheetCells``
PHONETIC_GUIDES = "phonetic guides (rPh) of strings"


def _string_text(si: ET.Element) -> str:
    """A shared string's text as its cells show it: its runs, without phonetic guides."""
    return "".join(t.text or "" for part in si
                   for t in ((part,) if _local(part.tag) == "t" else
                             part if _local(part.tag) == "r" else ())
                   if _local(t.tag) == "t")


def phonetic_guides(root: ET.Element) -> list[str]:
    """The text of every phonetic guide (``<rPh>``) of the shared strings."""
    return [text.strip() for si in root if _local(si.tag) == "si" for p in si
            if _local(p.tag) == "rPh"
            for text in ["".join(t.text or "" for t in p.iter() if _local(t.tag) == "t")]
            if text.strip()]


def _unused_strings(data: bytes, root: ET.Element | None, cell_strings: set[str] | None
                    ) -> list[str]:
    if root is None:
        return [data.decode("utf-8", errors="replace")]
    strings = [_string_text(si) for si in root if _local(si.tag) == "si"]
    if cell_strings is None:
        return strings
    return [s for s in strings if s.strip() and s not in cell_strings]


def pivot_records_csv(definition: bytes | None, records: bytes) -> str | None:
    """A pivot cache's source records as CSV text (header = cache field names), so the table
    rules see them as the row-level data they are."""
    import csv
    import io

    root = parse_xml(records)
    if root is None:
        return None
    names: list[str] = []
    shared: list[list[str]] = []
    if definition is not None and (droot := parse_xml(definition)) is not None:
        for cf in (e for e in droot.iter() if _local(e.tag) == "cacheField"):
            names.append(cf.get("name", ""))
            items = next((e for e in cf if _local(e.tag) == "sharedItems"), None)
            shared.append([c.get("v", "") for c in items] if items is not None else [])
    out = io.StringIO()
    writer = csv.writer(out)
    if names:
        writer.writerow(names)
    for rec in (e for e in root if _local(e.tag) == "r"):
        row = []
        for i, value in enumerate(rec):
            v = value.get("v", "")
            if _local(value.tag) == "x" and i < len(shared) and v.isdigit() \
                    and int(v) < len(shared[i]):
                v = shared[i][int(v)]
            row.append(v)
        writer.writerow(row)
    return out.getvalue()


def package_outputs(base: Output, sheets: list[Output], options: ReadOptions) -> list[Output]:
    """Flag what the package hides on the first sheet's output; return outputs for its text."""
    if not sheets or any(o is base for o in sheets) or not base.file.is_file():
        return []  # the workbook itself could not be opened: that is reported already
    tables = [o.table for o in sheets if o.table is not None]
    screened = [o.screened.strings for o in sheets
                if o.screened is not None and o.screened.strings is not None]
    # a label's raw text carries its indent format as leading spaces (xlsx_reader): the
    # sheet's XML holds it without them; a screened sheet gives its text cells' text
    # (each grid's distinct texts: a grid of codes is read from its codes, no cell made)
    cell_strings = ({text for t in tables for raw in t.grid.distinct_texts()
                     for text in (raw, raw.lstrip(" "))}.union(
                         *screened, *(t.proven_texts for t in tables))
                    if len(tables) + len(screened) == len(sheets) else None)
    try:
        content = walk_package(base.file, cell_strings, {h.what for h in sheets[0].hidden})
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError) as exc:
        sheets[0].hidden.append(HiddenItem(what="package", detail=f"the package could not be "
                                           f"read completely ({exc})"))
        return []
    sheets[0].hidden.extend(content.hidden)
    outside = zip_outside(base.file, "XLSX")  # bytes no member holds, the zip comment
    sheets[0].hidden.extend(outside.hidden)
    return part_outputs(base, content.parts + outside.parts, options, "package")
