"""The document readers of the registry: HTML, Markdown, LaTeX, Word and statistical logs.

Each sniffs its content (an HTML root or ``<table>``, a ``\\begin{tabular}``, a DOCX package, a
Stata/R/SAS log's marks), parses the file into a ``Document`` and hands it to ``reading``. A file
that cannot be parsed is one output saying why (SDC602), never a pass.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from sdc.outputs import Output
from sdc.readers.base import LIKELY, NOT_MINE, PLAIN_TEXT, TEXT, Reader, ReadOptions, Source
from sdc.readers.csv_reader import decode
from sdc.readers.documents.html import read_html
from sdc.readers.documents.json_tables import read_json
from sdc.readers.documents.latex import read_latex
from sdc.readers.documents.logs import read_log, sniff_log
from sdc.readers.documents.markdown import read_markdown
from sdc.readers.documents.model import Document, DocumentError
from sdc.readers.documents.reading import document_outputs
from sdc.readers.documents.word import read_docx
from sdc.readers.file_ends import zip_outside
from sdc.readers.parts import part_outputs
from sdc.readers.sniffing import is_text

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype html|<html|<table|<head|<body)",
                         re.I | re.S)
_LATEX_TABLE = re.compile(r"\\begin\{(tabular|longtable|tabularx)")
_PIPE_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)


def _text_of(head: bytes) -> str | None:
    return head.decode("utf-8", errors="replace") if is_text(head) else None


def _read_text(source: Source, parse: Callable[[str], Document], options: ReadOptions
               ) -> list[Output]:
    try:
        data = source.file.read_bytes()
    except OSError as exc:
        return [_failed(source, f"cannot read the file: {exc.strerror or exc}")]
    decoded = decode(data)
    if decoded is None:
        return [_failed(source, "the file is not text in any known encoding")]
    try:
        return document_outputs(source, parse(decoded[0]), options)
    except (DocumentError, RecursionError, ValueError) as exc:
        return [_failed(source, str(exc))]


def plain_text_tables(source: Source, options: ReadOptions) -> list[Output] | None:
    """A ``.txt`` read as a log without commands (``DataFrame.to_string()``, R's printed
    ``table()``, a Stata ``tabulate`` pasted without its log header): its aligned and framed
    tables are checked like any table, its other lines are text for the identifier and
    row-level checks, and every line holding a number no table accounts for is named for a
    person (SDC602). A model summary whose dof the text proves (stargazer's ``(df = 497)``)
    is read as in a log. None when neither is found: the text stays a document to read."""
    try:
        decoded = decode(source.file.read_bytes())
    except OSError:
        return None
    if decoded is None:
        return None
    try:
        doc = read_log(decoded[0], plain=True)
    except (DocumentError, RecursionError, ValueError):
        return None
    return document_outputs(source, doc, options) if doc.tables or doc.model_dof else None


def _failed(source: Source, why: str) -> Output:
    output = source.output()
    output.kind = "document"
    output.unreadable = why
    return output


class HtmlReader:
    """HTML pages: every ``<table>`` is a table output, the rest is checked as text."""

    name = "html"
    text_document = True  # a flavour of text: no type mismatch under a text name
    describes = "an HTML page"
    extensions = frozenset({"html", "htm"})

    def sniff(self, path: Path, head: bytes) -> float:
        if _HTML_START.match(head):
            return LIKELY
        return PLAIN_TEXT if _text_of(head) is not None else NOT_MINE

    def read(self, source: Source, options: ReadOptions) -> list[Output]:
        try:
            data = source.file.read_bytes()
        except OSError as exc:
            return [_failed(source, f"cannot read the file: {exc.strerror or exc}")]
        try:
            return document_outputs(source, read_html(data), options)
        except DocumentError as exc:
            return [_failed(source, str(exc))]


class _TextFlavour:
    """A flavour of text read by ``parse``: ``confident`` when its mark is in the first bytes
    (``recognises``), else ``otherwise`` (still text its own extension may claim)."""

    text_document = True  # a flavour of text: no type mismatch under a text name
    confident = TEXT
    otherwise = PLAIN_TEXT

    def recognises(self, text: str) -> bool:
        raise NotImplementedError

    def parse(self, text: str) -> Document:
        raise NotImplementedError

    def sniff(self, path: Path, head: bytes) -> float:
        text = _text_of(head)
        if text is None:
            return NOT_MINE
        return self.confident if self.recognises(text) else self.otherwise

    def read(self, source: Source, options: ReadOptions) -> list[Output]:
        return _read_text(source, self.parse, options)


class MarkdownReader(_TextFlavour):
    """Markdown: pipe tables are table outputs, every other line is checked as text."""

    name = "markdown"
    describes = "a Markdown document"
    extensions = frozenset({"md", "markdown"})

    def recognises(self, text: str) -> bool:
        return bool(_PIPE_DELIMITER.search(text))

    def parse(self, text: str) -> Document:
        return read_markdown(text)


class LatexReader(_TextFlavour):
    """LaTeX sources: tabular environments are table outputs, the rest is text."""

    name = "latex"
    describes = "a LaTeX document"
    extensions = frozenset({"tex"})

    def recognises(self, text: str) -> bool:
        return bool(_LATEX_TABLE.search(text))

    def parse(self, text: str) -> Document:
        return read_latex(text)


class DocxReader:
    """Word ``.docx`` files (a zip package holding ``word/document.xml``)."""

    name = "docx"
    describes = "a Word document"
    extensions = frozenset({"docx", "docm"})

    def sniff(self, path: Path, head: bytes) -> float:
        if not head.startswith(b"PK\x03\x04"):
            return NOT_MINE
        try:
            with zipfile.ZipFile(path) as package:
                return LIKELY if "word/document.xml" in package.namelist() else NOT_MINE
        except (zipfile.BadZipFile, OSError, ValueError):
            return NOT_MINE

    def read(self, source: Source, options: ReadOptions) -> list[Output]:
        if source.size > options.max_bytes:
            return [_failed(source, "not parsed: over the size limit")]
        try:
            data = source.file.read_bytes()
        except OSError as exc:
            return [_failed(source, f"cannot read the file: {exc.strerror or exc}")]
        try:
            with zipfile.ZipFile(source.file) as package:
                unpacked = sum(i.file_size for i in package.infolist())
        except (zipfile.BadZipFile, OSError) as exc:
            return [_failed(source, f"the Word file could not be opened: {exc}")]
        if unpacked > options.max_unpacked_bytes or (
                source.size and unpacked / source.size > options.max_compression_ratio):
            return [_failed(source, f"not parsed: it would unpack to {unpacked:,} bytes")]
        try:
            outputs = document_outputs(source, read_docx(data), options)
        except DocumentError as exc:
            return [_failed(source, str(exc))]
        outside = zip_outside(source.file, "DOCX")  # bytes no member holds, the zip comment
        if not outputs:
            return outputs
        outputs[0].hidden.extend(outside.hidden)
        return [*outputs, *part_outputs(outputs[0], outside.parts, options, "package")]


class LogReader(_TextFlavour):
    """Stata (``.log``, ``.smcl``), R console and SAS listing output: recognised blocks
    (frequency tables, regressions) become tables and models; every other line is text, and
    lines with numbers that no block accounts for are named for a person (SDC602)."""

    name = "log"
    describes = "a statistics package log"
    extensions = frozenset({"log", "smcl", "lst", "Rout", "rout"})
    confident = LIKELY

    def recognises(self, text: str) -> bool:
        return sniff_log(text)

    def parse(self, text: str) -> Document:
        return read_log(text)


class JsonReader(_TextFlavour):
    """JSON: a table when it has a tabular shape, else text whose numbers a person checks."""

    name = "json"
    describes = "a JSON document"
    extensions = frozenset({"json"})
    otherwise = NOT_MINE  # text that does not open as JSON is not JSON

    def recognises(self, text: str) -> bool:
        return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")

    def parse(self, text: str) -> Document:
        return read_json(text)


DOCUMENT_READERS: list[Reader] = [HtmlReader(), DocxReader(), LogReader(), LatexReader(),
                                  MarkdownReader(), JsonReader()]
