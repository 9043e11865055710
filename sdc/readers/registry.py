"""The readers sdc has, and how one is chosen for a file: content first, extension second.

Every reader sniffs the file's first bytes and says how sure it is (``sdc.readers.base``);
readers that claim the file's extension get a small bonus, so the extension decides only
between readers the content fits equally well. Magic bytes therefore win over a name: a PNG
renamed ``.csv`` is read as an image, a CSV renamed ``.png`` as a CSV, and the mismatch is
recorded on the output (``type_mismatch``, reported by SDC601). When no reader recognises the
content, the extension's reader still gets the file, so it can say why it cannot read it.

Choosing is apart from reading: a reader here is its sniff and its names, and its read is
imported when a file of its format is read (``ReadsLater``: ``reads`` names the function).
So every file is sniffed by every reader, as before, while a CSV-only check imports neither
the workbook, document, PDF and image readers nor their libraries.

To add a reader: write a class with ``name``, ``describes``, ``extensions``, ``sniff`` and
``reads`` (a ``ReadsLater``; or ``read`` itself, the ``Reader`` protocol) and put an instance
in ``READERS``. Its sniff must import nothing a CSV check does not need.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from sdc.outputs import Output
from sdc.readers.base import (
    CERTAIN,
    EXTENSION_BONUS,
    HEAD_BYTES,
    LIKELY,
    NOT_MINE,
    PLAIN_TEXT,
    TEXT,
    Reader,
    ReadOptions,
    ReadsLater,
    Source,
)
from sdc.readers.documents.readers import DOCUMENT_READERS
from sdc.readers.sniffing import is_delimited_table, is_text

DATA_FOR_CHART = ("csv", "xlsx")  # the formats of a data file that can back a chart (SDC701)
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


class CsvReader(ReadsLater):
    """Delimited text tables (CSV, TSV): any text content may be one."""

    name = "csv"
    describes = "a text table (CSV)"
    extensions = frozenset({"csv", "tsv", "tab"})
    reads = "sdc.readers.csv_file:read_csv_file"

    def sniff(self, path: Path, head: bytes) -> float:
        return TEXT if is_text(head) else NOT_MINE


class XlsxReader(ReadsLater):
    """Excel workbooks (a zip package holding ``xl/workbook.xml``): one output per sheet."""

    name = "xlsx"
    describes = "an XLSX workbook"
    extensions = frozenset({"xlsx", "xlsm"})
    reads = "sdc.readers.xlsx_file:read_xlsx_file"

    def sniff(self, path: Path, head: bytes) -> float:
        if head.startswith(b"PK\x03\x04") and "xl/workbook.xml" in _zip_names(path):
            return CERTAIN
        return NOT_MINE  # encrypted or legacy workbooks reach it by extension, to be explained


class RasterImageReader(ReadsLater):
    """A pixel image, recognised by its magic bytes. Its values cannot be read back."""

    reads = "sdc.readers.image_files:read_raster"

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


class SvgReader(ReadsLater):
    """An SVG drawing: an XML document whose root element is ``<svg>``."""

    name = "svg"
    describes = "an SVG image"
    extensions = frozenset({"svg"})
    reads = "sdc.readers.image_files:read_svg"

    def sniff(self, path: Path, head: bytes) -> float:
        if not is_text(head):
            return NOT_MINE
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
        if _SVG_ROOT.match(text):
            return LIKELY
        return TEXT if text.lstrip().startswith("<") else NOT_MINE  # XML, root not seen


class PdfReader(ReadsLater):
    """A PDF: a chart when matplotlib drew it (its values are read back), else a document."""

    name = "pdf"
    describes = "a PDF"
    extensions = frozenset({"pdf"})
    reads = "sdc.readers.image_files:read_pdf"

    def sniff(self, path: Path, head: bytes) -> float:
        return CERTAIN if b"%PDF-" in head[:1024] else NOT_MINE


class DocumentReader(ReadsLater):
    """Text and office documents: kept as documents a person must read (SDC602); a model
    summary in a ``.txt``/``.log`` gives its residual degrees of freedom (SDC301), and a
    ``.txt`` holding a printed table is read as a log without commands."""

    name = "document"
    describes = "a text document"
    extensions = frozenset({"txt", "rtf"})
    reads = "sdc.readers.documents.file_reads:read_text_document"

    def sniff(self, path: Path, head: bytes) -> float:
        if head.startswith(b"PK\x03\x04") and any(
                n.startswith("word/") for n in _zip_names(path)):
            return LIKELY
        return PLAIN_TEXT if is_text(head) else NOT_MINE


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


_CSV = CsvReader()
# In order of preference when the content fits two readers equally and the extension neither.
READERS: list[Reader] = [
    _CSV,
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
    ``.R``) stays ``unknown`` for a person, as does an empty file's type, unless it is a
    delimited table for certain (``sniffing.is_delimited_table``): that is read as a CSV
    under any name, so the tables it links with are linked with it.
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
    if content <= PLAIN_TEXT and is_delimited_table(head, whole=len(head) < HEAD_BYTES):
        # Text no reader recognised beyond "text", under any name, that is a delimited table
        # for certain is read as the table it is: a CSV saved as .txt or .dat was a document,
        # so the tables it links with passed on their own (round 33, hunt33).
        chosen, content = _CSV, TEXT
    # A text document read by a more specific text reader (a Stata log or an HTML page named
    # .txt), or a text table under a text name, is what its name says; any other content
    # under another type's name is a mismatch.
    specialises = claimed_fits > NOT_MINE and (
        getattr(chosen, "text_document", False) or chosen is _CSV)
    if claimed is None or claimed is chosen or content < PLAIN_TEXT or specialises:
        return chosen, None
    return chosen, (f"its content is {chosen.describes}, not {claimed.describes} as its "
                    f".{extension} extension claims")
