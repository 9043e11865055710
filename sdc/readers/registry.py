"""The readers sdc has, and how one is chosen for a file: content first, extension second.

Every reader sniffs the file's first bytes and says how sure it is (``sdc.readers.base``);
readers that claim the file's extension get a small bonus, so the extension decides only
between readers the content fits equally well. Magic bytes therefore win over a name: a PNG
renamed ``.csv`` is read as an image, a CSV renamed ``.png`` as a CSV, and the mismatch is
recorded on the output (``type_mismatch``, reported by SDC601). When no reader recognises the
content, the extension's reader still gets the file, so it can say why it cannot read it.

To add a reader: write a class with ``name``, ``describes``, ``extensions``, ``sniff`` and
``read`` (the ``Reader`` protocol) and put an instance in ``READERS``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from sdc.charts.pdf import is_chart_pdf
from sdc.charts.reader import read_chart
from sdc.outputs import Output
from sdc.readers.anova import read_anova
from sdc.readers.base import (
    CERTAIN,
    EXTENSION_BONUS,
    LIKELY,
    NOT_MINE,
    PLAIN_TEXT,
    TEXT,
    Reader,
    ReadOptions,
    Source,
)
from sdc.readers.cell_text import cell_text, split_blobs
from sdc.readers.csv_reader import read_csv
from sdc.readers.documents.readers import DOCUMENT_READERS, plain_text_tables
from sdc.readers.documents.reading import attach_prose_lines
from sdc.readers.esttab import read_esttab
from sdc.readers.evidence import (
    attach_evidence_columns,
    attach_model_facts,
    attach_sidecar,
    attach_sidecar_to_one,
    read_model_text,
)
from sdc.readers.image_content import inspect_image_content
from sdc.readers.model_csv import read_statsmodels_csv
from sdc.readers.parts import part_outputs
from sdc.readers.sniffing import is_text
from sdc.readers.xlsx_package import package_outputs
from sdc.readers.xlsx_reader import read_xlsx

DATA_FOR_CHART = ("csv", "xlsx")
_SVG_ROOT = re.compile(
    r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>\s*|<\?[^>]*>\s*)*"
    r"<svg[\s>]",
    re.DOTALL | re.IGNORECASE)


def _zip_names(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return []


def _with_evidence(outputs: list[Output]) -> list[Output]:
    """Attach evidence columns and the sidecar (to a CSV or a one-sheet workbook, or to the
    one table of several it describes: stacked blocks, sheets); set kinds."""
    tables = [(o, o.table) for o in outputs if o.table is not None]
    for out, table in tables:
        attach_evidence_columns(table)
        out.kind = table.kind
    if len(outputs) == 1 and tables:
        out, table = tables[0]
        attach_sidecar(out)
        attach_model_facts(out)
        if table.kind != "model" and not out.model_dof:
            out.kind = table.kind
    elif len(tables) > 1:
        attach_sidecar_to_one(outputs)
    return outputs


def _cell_text_outputs(outputs: list[Output], options: ReadOptions) -> list[Output]:
    """Long, multi-line and encoded cells: flagged on their table, their text checked."""
    extra: list[Output] = []
    for output in outputs:
        if output.table is not None:
            hidden, parts = cell_text(output.table)
            output.hidden.extend(hidden)
            extra.extend(part_outputs(output, parts, options, "cell text"))
    with_tables = [o for o in outputs if o.table is not None]
    for index, hidden, parts in split_blobs([o.table for o in with_tables]):  # type: ignore[misc]
        with_tables[index].hidden.extend(hidden)
        extra.extend(part_outputs(with_tables[index], parts, options, "cell text"))
    return extra


def _screened_text(output: Output, options: ReadOptions) -> list[Output]:
    """A file the row-level screen read (``sdc.readers.row_screen``): its cells' hidden text
    flagged and checked, as ``_cell_text_outputs`` does for a table."""
    assert output.screened is not None
    output.hidden.extend(output.screened.hidden)
    parts = list(output.screened.parts)
    for _, hidden, found in split_blobs([output.screened]):
        output.hidden.extend(hidden)
        parts += found
    return part_outputs(output, parts, options, "cell text")


class CsvReader:
    """Delimited text tables (CSV, TSV): any text content may be one."""

    name = "csv"
    describes = "a text table (CSV)"
    extensions = frozenset({"csv", "tsv", "tab"})

    def sniff(self, path: Path, head: bytes) -> float:
        return TEXT if is_text(head) else NOT_MINE

    def read(self, source: Source, options: ReadOptions) -> list[Output]:
        output = source.output()
        if source.extension == "csv" and (model := read_esttab(output, options)) is not None:
            return model  # a regression table esttab exported (sdc.readers.esttab)
        if source.extension == "csv" and (model := read_statsmodels_csv(output, options)):
            return model  # a statsmodels summary().as_csv() (sdc.readers.model_csv)
        if source.extension == "csv" and (model := read_anova(output, options)):
            return model  # statsmodels' anova_lm table, proven (sdc.readers.anova)
        stacked = read_csv(output, markers=options.markers,
                           total_labels=list(options.total_labels), max_rows=options.max_rows,
                           max_columns=options.max_columns, screen_rows=options.screen_rows,
                           more=source.output)
        if output.screened is not None:  # row-level data, read column by column
            return [output, *_screened_text(output, options)]
        outputs = _with_evidence([output, *stacked])
        return [*outputs, *_cell_text_outputs(outputs, options)]


class XlsxReader:
    """Excel workbooks (a zip package holding ``xl/workbook.xml``): one output per sheet."""

    name = "xlsx"
    describes = "an XLSX workbook"
    extensions = frozenset({"xlsx", "xlsm"})

    def sniff(self, path: Path, head: bytes) -> float:
        if head.startswith(b"PK\x03\x04") and "xl/workbook.xml" in _zip_names(path):
            return CERTAIN
        return NOT_MINE  # encrypted or legacy workbooks reach it by extension, to be explained

    def read(self, source: Source, options: ReadOptions) -> list[Output]:
        base = source.output()
        outputs = read_xlsx(
            base, markers=options.markers, total_labels=list(options.total_labels),
            max_rows=options.max_rows, max_columns=options.max_columns,
            max_uncompressed=options.max_unpacked_bytes,
            max_ratio=options.max_compression_ratio, make_output=source.output,
            screen_rows=options.screen_rows, max_cells=options.max_cells,
            max_part_bytes=options.max_part_bytes)
        sheets = _with_evidence(outputs)
        screened = [t for o in sheets if o.screened is not None
                    for t in _screened_text(o, options)]
        # every other part of the package: checked as text, or flagged (SDC605)
        return [*sheets, *screened, *_cell_text_outputs(sheets, options),
                *package_outputs(base, sheets, options)]


def _chart_output(source: Source) -> Output:
    """An image output, with the data files beside it that could back it (SDC701); never
    itself (an image renamed ``.csv`` is not its own data)."""
    output = source.output()
    output.kind = "chart"
    output.companions = [sibling.name for e in DATA_FOR_CHART
                         if (sibling := source.file.with_suffix(f".{e}")) != source.file
                         and sibling.is_file()]
    return output


class RasterImageReader:
    """A pixel image, recognised by its magic bytes. Its values cannot be read back."""

    def __init__(self, name: str, describes: str, extensions: set[str],
                 magic: tuple[bytes, ...], *, at: int = 0, also: tuple[int, bytes] | None = None
                 ) -> None:
        self.name = name
        self.describes = describes
        self.extensions = frozenset(extensions)
        self._magic = magic
        self._at = at
        self._also = also

    def sniff(self, path: Path, head: bytes) -> float:
        if not head[self._at:].startswith(self._magic):
            return NOT_MINE
        if self._also is not None:
            offset, more = self._also
            if head[offset:offset + len(more)] != more:
                return NOT_MINE
        return CERTAIN

    def read(self, source: Source, options: ReadOptions) -> list[Output]:
        # metadata text, bytes after the end, private blocks; a file reached by its extension
        # alone (its first bytes are not the signature) is unreadable
        output = _chart_output(source)
        hidden_text = inspect_image_content(output, options)
        return [output, *hidden_text]


class SvgReader:
    """An SVG drawing: an XML document whose root element is ``<svg>``."""

    name = "svg"
    describes = "an SVG image"
    extensions = frozenset({"svg"})

    def sniff(self, path: Path, head: bytes) -> float:
        if not is_text(head):
            return NOT_MINE
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
        if _SVG_ROOT.match(text):
            return LIKELY
        return TEXT if text.lstrip().startswith("<") else NOT_MINE  # XML, root not seen

    def read(self, source: Source, options: ReadOptions) -> list[Output]:
        output = _chart_output(source)
        hidden_text = inspect_image_content(output, options)  # every text and attribute
        read_chart(output, format="svg")
        return [output, *hidden_text]


class PdfReader:
    """A PDF: a chart when matplotlib drew it (its values are read back), else a document."""

    name = "pdf"
    describes = "a PDF"
    extensions = frozenset({"pdf"})

    def sniff(self, path: Path, head: bytes) -> float:
        return CERTAIN if b"%PDF-" in head[:1024] else NOT_MINE

    def read(self, source: Source, options: ReadOptions) -> list[Output]:
        if is_chart_pdf(source.file):
            output = _chart_output(source)
            read_chart(output, format="pdf")
        else:
            output = source.output()
            output.kind = "document"
        return [output, *inspect_image_content(output, options)]  # bytes after %%EOF


class DocumentReader:
    """Text and office documents: kept as documents a person must read (SDC602); a model
    summary in a ``.txt``/``.log`` gives its residual degrees of freedom (SDC301), and a
    ``.txt`` holding a printed table is read as a log without commands."""

    name = "document"
    describes = "a text document"
    extensions = frozenset({"txt", "rtf"})
    MODEL_TEXT = frozenset({"txt", "log"})
    PLAIN_TABLES = frozenset({"txt"})

    def sniff(self, path: Path, head: bytes) -> float:
        if head.startswith(b"PK\x03\x04") and any(
                n.startswith("word/") for n in _zip_names(path)):
            return LIKELY
        return PLAIN_TEXT if is_text(head) else NOT_MINE

    def read(self, source: Source, options: ReadOptions) -> list[Output]:
        output = source.output()
        output.kind = "document"
        outputs = (read_model_text(output, options) if source.extension in self.MODEL_TEXT
                   else [output])
        if output.kind != "document":
            return outputs
        if source.extension in self.PLAIN_TABLES and (
                tables := plain_text_tables(source, options)) is not None:
            return tables  # a table printed as text, read as a log reads it
        attach_prose_lines(output)  # not a model summary nor a table: a person's to read
        return outputs


class UnknownReader:
    """Anything no other reader takes: an output of unknown kind (SDC602 asks a person)."""

    name = "unknown"
    describes = "a file of unknown type"
    extensions: frozenset[str] = frozenset()

    def sniff(self, path: Path, head: bytes) -> float:
        return NOT_MINE  # chosen only when nothing else is

    def read(self, source: Source, options: ReadOptions) -> list[Output]:
        output = source.output()
        output.kind = "unknown"
        return [output]


# In order of preference when the content fits two readers equally and the extension neither.
READERS: list[Reader] = [
    CsvReader(),
    XlsxReader(),
    RasterImageReader("png", "a PNG image", {"png"}, (b"\x89PNG\r\n\x1a\n",)),
    RasterImageReader("jpeg", "a JPEG image", {"jpg", "jpeg"}, (b"\xff\xd8\xff",)),
    RasterImageReader("gif", "a GIF image", {"gif"}, (b"GIF87a", b"GIF89a")),
    RasterImageReader("tiff", "a TIFF image", {"tif", "tiff"}, (b"II*\x00", b"MM\x00*")),
    RasterImageReader("bmp", "a BMP image", {"bmp"}, (b"BM",), also=(6, b"\x00\x00\x00\x00")),
    RasterImageReader("webp", "a WebP image", {"webp"}, (b"RIFF",), also=(8, b"WEBP")),
    SvgReader(),
    PdfReader(),
    *DOCUMENT_READERS,
    DocumentReader(),
    UnknownReader(),
]


def choose_reader(path: Path, extension: str, head: bytes) -> tuple[Reader, str | None]:
    """The reader for a file, and why its content contradicts its extension (or None).

    Magic bytes and structure (``LIKELY`` and above) decide whatever the extension. Text fits
    several readers, so text is read against its extension's type only when the extension
    claims one (a CSV renamed ``.png``); text under an extension no reader claims (``.do``,
    ``.R``) stays ``unknown`` for a person, as does an empty file's type.
    """
    claimed = next((r for r in READERS if extension in r.extensions), None)
    best: tuple[float, int] | None = None
    chosen: Reader = claimed or READERS[-1]
    content = claimed_fits = NOT_MINE
    for order, reader in enumerate(READERS):
        confidence = reader.sniff(path, head) if head else NOT_MINE
        if reader is claimed:
            claimed_fits = confidence
        if claimed is None and confidence < LIKELY:
            confidence = NOT_MINE
        score = confidence + (EXTENSION_BONUS if reader is claimed else 0.0)
        key = (score, -order)
        if score > 0 and (best is None or key > best):
            best, chosen, content = key, reader, confidence
    # A text document read by a more specific text reader (a Stata log or an HTML page named
    # .txt) is what its name says; any other content under another type's name is a mismatch.
    specialises = claimed_fits > NOT_MINE and getattr(chosen, "text_document", False)
    if claimed is None or claimed is chosen or content < PLAIN_TEXT or specialises:
        return chosen, None
    return chosen, (f"its content is {chosen.describes}, not {claimed.describes} as its "
                    f".{extension} extension claims")
