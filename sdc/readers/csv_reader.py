"""Read a CSV (or TSV) output into a grid of cells, then infer its table.

Encodings and delimiters are sniffed; the file is refused by size before it is loaded, and by
row/column count while it is read, so memory stays bounded. Anything that is not text (binary
junk renamed ``.csv``) is reported as unreadable, never parsed into a table that could pass.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable

from sdc.code_rows import CodeRows
from sdc.gc_pacing import fewer_collections
from sdc.outputs import Output
from sdc.readers.csv_blocks import may_stack, stacked_outputs, stacked_tables
from sdc.readers.csv_columns import plain_columns, reader_columns
from sdc.readers.csv_quoting import quoted_header
from sdc.readers.layout import LayoutError, LayoutOptions, infer_table
from sdc.readers.sniffing import SNIFF_BYTES, looks_binary, utf16_without_bom
from sdc.readers.values import MISSING_DOT, MarkerSet, missing_as_blank, parse_number
from sdc.table import Grid, RawCell

DELIMITERS = ",;\t|"


def decode(data: bytes) -> tuple[str, str] | None:
    """Decode bytes to text: BOMs first, then strict UTF-8, then a detected encoding."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    if (wide := utf16_without_bom(data)) is not None:  # before UTF-8: its NULs are valid
        try:
            return data.decode(wide), wide
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # here: a UTF-8 file never needs it (~0.02 s)

    best = from_bytes(data[: 4 * SNIFF_BYTES]).best()
    candidates = [best.encoding] if best is not None else []
    candidates += ["cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def sniff_dialect(sample: str) -> type[csv.Dialect]:
    """Pick the delimiter that splits the first lines into the most consistent field counts.

    Uses the C csv parser on each candidate (quote-aware and fast); ``csv.Sniffer`` is slower
    and guesses wrong on small numeric tables.
    """
    lines = [ln for ln in sample.splitlines()[:30] if ln.strip()]
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may have cut the last line short
    best, best_score = ",", (-1, 0)
    for delim in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delim)]
        except csv.Error:
            continue
        if not widths or max(widths) < 2:
            continue
        modal = max(set(widths), key=widths.count)
        score = (widths.count(modal), modal)
        if score > best_score:
            best, best_score = delim, score

    class _Dialect(csv.excel):
        delimiter = best

    return _Dialect


def read_csv(output: Output, *, markers: MarkerSet, total_labels: list[str], max_rows: int,
             max_columns: int, screen_rows: int | None = None,
             more: Callable[[], Output] | None = None) -> list[Output]:
    """Fill ``output.table`` or record why it could not be read (``unreadable``/``too_large``).

    ``screen_rows``: from this many data rows, a file the row-level screen proves to be
    microdata gets ``output.screened`` instead of a table (``sdc.readers.row_screen``).
    ``more``: a fresh output of the file, for each table after the first when the file holds
    tables parted by blank lines (``sdc.readers.csv_blocks``); those outputs are returned."""
    try:
        data = output.file.read_bytes()
    except OSError as exc:
        output.unreadable = f"cannot read the file: {exc.strerror or exc}"
        return []
    if not data.strip():
        output.unreadable = "the file is empty"
        return []
    if b"\x00" in data[:SNIFF_BYTES] and not data.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and utf16_without_bom(data) is None:
        output.unreadable = "the file holds binary data, not a text table"
        return []
    decoded = decode(data)
    if decoded is None:
        output.unreadable = "the file is not text in any known encoding"
        return []
    text, output.encoding = decoded
    if looks_binary(text):
        output.unreadable = "the file holds binary data, not a text table"
        return []
    if screen_rows is not None and text.count("\n") >= screen_rows:  # pandas only then
        from sdc.readers.row_screen import screen_rows as screen

        delimiter = getattr(sniff_dialect(text[:SNIFF_BYTES]), "delimiter", ",")
        output.screened = screen(data, text, output.encoding, delimiter, min_rows=screen_rows,
                                 max_rows=max_rows, markers=markers)
        if output.screened is not None:
            output.kind = "table"
            if output.screened.too_large:  # as _parse says it (SDC606)
                output.too_large = f"more than {max_rows:,} rows"
            return []
    del data
    held = [text]  # the text goes once parsed, before the layout is read (see _read_delimited)
    del text, decoded
    with fewer_collections():  # a cell object per field: see sdc.gc_pacing
        return _read_delimited(output, held, markers=markers, total_labels=total_labels,
                               max_rows=max_rows, max_columns=max_columns, more=more)


def read_csv_text(output: Output, text: str, *, markers: MarkerSet, total_labels: list[str],
                  max_rows: int, max_columns: int) -> None:
    """Parse already-decoded delimited text into ``output.table`` (also used for tables found
    inside other files: image metadata, workbook parts, ACRO comments)."""
    with fewer_collections():  # a cell object per field: see sdc.gc_pacing
        _read_delimited(output, [text], markers=markers, total_labels=total_labels,
                        max_rows=max_rows, max_columns=max_columns)


def _read_delimited(output: Output, held: list[str], *, markers: MarkerSet,
                    total_labels: list[str], max_rows: int, max_columns: int,
                    more: Callable[[], Output] | None = None) -> list[Output]:
    """``held``: the text, alone in a list the caller keeps no other reference beside, so
    that it is let go once parsed and its header read, before the layout makes the table's
    cells (a 4 MiB text held through the layout was a tenth of a 100,000-row table's read
    peak, issue 12 ch. 12)."""
    text = held.pop()
    dialect = sniff_dialect(text[:SNIFF_BYTES])
    grid = _parse(output, text, dialect, markers=markers, max_rows=max_rows,
                  max_columns=max_columns)
    if grid is None:
        return []
    blocks = stacked_tables(grid) if more is not None and may_stack(text) else None
    if blocks is not None and more is not None:
        return stacked_outputs(output, blocks, more,
                               LayoutOptions(markers=markers, total_labels=total_labels))
    proven = quoted_header(text, getattr(dialect, "delimiter", ","), grid)
    del text
    header_known, label_columns = proven or (False, 0)
    try:
        output.table = infer_table(grid, output.path, None,
                                   LayoutOptions(markers=markers, total_labels=total_labels),
                                   header_known=header_known, label_columns=label_columns)
    except LayoutError as exc:
        output.unreadable = f"the table layout could not be understood: {exc}"
        return []
    output.table.header_certain = header_known  # the quotes name its codes (csv_quoting)
    if output.too_large:
        output.table.problems.append(f"only the first {max_rows:,} rows were checked")
    return []


def _parse(output: Output, text: str, dialect: type[csv.Dialect], *, markers: MarkerSet,
           max_rows: int, max_columns: int) -> Grid | None:
    """The cells of ``text``, or None when it cannot be a table (why: on ``output``). A
    function of its own so that the parser's buffers go before the layout is inferred (the
    ``StringIO`` holds the text as four bytes a character, the parser's cache a tuple per
    distinct text: 20 MiB on a 2.6 MiB file)."""
    delimiter = getattr(dialect, "delimiter", ",")
    parser = _CellParser(markers, delimiter == ";")
    # a plain text (no quotes, no blank or ragged line, ...) as codes per column
    # (sdc.readers.csv_columns), read by the layout as codes (sdc.code_rows)
    packed = plain_columns(text, delimiter, parser.meaning, max_rows=max_rows,
                           max_columns=max_columns)
    if packed is not None:  # read as codes by the layout, each cell made once when asked for
        return Grid.of_code_rows(CodeRows(packed))
    # any other text (quotes, blank or ragged lines) as codes from csv.reader's records
    read = reader_columns(csv.reader(io.StringIO(text, newline=""), dialect), parser.meaning,
                          max_rows=max_rows, max_columns=max_columns)
    if read.malformed is not None:
        output.unreadable = read.malformed
        return None
    if read.too_large is not None:
        output.too_large = read.too_large
    if read.columns is not None:
        return Grid.of_code_rows(CodeRows(read.columns))
    if read.too_large is not None:
        return None  # too many columns
    return _cells(output, text, dialect, parser, max_rows=max_rows, max_columns=max_columns)


def _cells(output: Output, text: str, dialect: type[csv.Dialect], parser: _CellParser, *,
           max_rows: int, max_columns: int) -> Grid | None:
    """``_parse``'s grid a cell per field, made as ``csv.reader`` gives each record: for a
    text of more distinct texts than codes are kept for (a row-level file's ids)."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    grid: list[list[RawCell]] = []
    line = 0
    seen, meaning = parser.seen, parser.meaning
    try:
        for record in reader:
            start = line + 1
            line = reader.line_num
            if len(grid) >= max_rows:
                output.too_large = f"more than {max_rows:,} rows"
                break
            if len(record) > max_columns:
                output.too_large = f"{len(record):,} columns (limit {max_columns:,})"
                return None
            # a text seen before costs one dict look-up (see _CellParser)
            grid.append([RawCell(start, j, *(seen.get(raw) or meaning(raw)))
                         for j, raw in enumerate(record, 1)])
    except csv.Error as exc:
        output.unreadable = f"the CSV is malformed near line {line + 1}: {exc}"
        return None
    return Grid(grid, regular=True)  # each row's cells are columns 1, 2, ... of its line


def raw_cell(row: int, col: int, raw: str, markers: MarkerSet, decimal_comma: bool
             ) -> RawCell:
    """One cell of a text table: a number, a suppression marker, or text."""
    if raw.isascii() and raw.isdigit():  # the common case: a plain whole number
        return RawCell(row=row, col=col, raw=raw, value=float(raw))
    raw = missing_as_blank(raw, markers)
    marker = markers.match(raw) if raw.strip() else None
    value = parse_number(raw, decimal_comma=decimal_comma) if marker is None else None
    return RawCell(row=row, col=col, raw=raw, value=value, marker=marker)


_PLAIN_DECIMAL = re.compile(r"-?\d{1,15}\.\d{1,15}")
MAX_CACHED = 100_000


class _CellParser:
    """Text to ``RawCell``: what a text means (number, marker, neither) is worked out once per
    distinct text, and plain numbers skip the marker and number grammars; a 100,000-row file
    repeats its labels and codes on every line (docs/threat-model.md, channel 12)."""

    def __init__(self, markers: MarkerSet, decimal_comma: bool) -> None:
        self.markers = markers
        self.decimal_comma = decimal_comma
        # a plain decimal is a number unless the policy made one a marker
        self.plain_decimals = not any(_PLAIN_DECIMAL.fullmatch(m) for m in markers.markers)
        self.seen: dict[str, tuple[str, float | None, str | None]] = {}

    def meaning(self, raw: str) -> tuple[str, float | None, str | None]:
        """``(text, value, marker)`` of a cell's text, remembered in ``seen`` (up to
        ``MAX_CACHED`` texts): cells with the same text share one string and one float
        (memory: labels and codes repeat on every row of a long table)."""
        known = self.seen.get(raw)
        if known is None:
            if (raw.isascii() and raw.isdigit()) or (
                    self.plain_decimals and _PLAIN_DECIMAL.fullmatch(raw)):
                known = (raw, float(raw), None)  # the common case: a plain number
            elif raw.strip() == MISSING_DOT and not self.markers.dot_is_marker:
                known = ("", None, None)  # SAS's missing number: the empty cell
            else:
                marker = self.markers.match(raw) if raw.strip() else None
                value = (parse_number(raw, decimal_comma=self.decimal_comma) if marker is None
                         else None)
                known = (raw, value, marker)
            if len(self.seen) < MAX_CACHED:
                self.seen[raw] = known
        return known
