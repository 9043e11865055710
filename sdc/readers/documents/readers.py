"""The document readers of the registry: HTML, Markdown, LaTeX, Word and statistical logs.

Each sniffs its content (an HTML root or ``<table>``, a ``\\begin{tabular}``, a DOCX package, a
Stata/R/SAS log's marks); its read (``sdc.readers.documents.file_reads``, imported only when
a file of its format is read: ``ReadsLater``) parses the file into a ``Document`` and hands it
to ``reading``. A file that cannot be parsed is one output saying why (SDC602), never a pass.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from sdc.readers.base import LIKELY, NOT_MINE, PLAIN_TEXT, TEXT, Reader, ReadsLater
from sdc.readers.documents.log_marks import sniff_log
from sdc.readers.sniffing import is_text

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype html|<html|<table|<head|<body)",
                         re.I | re.S)
_LATEX_TABLE = re.compile(r"\\begin\{(tabular|longtable|tabularx)")
_PIPE_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)
_READS = "sdc.readers.documents.file_reads"


def _text_of(head: bytes) -> str | None:
    return head.decode("utf-8", errors="replace") if is_text(head) else None


class HtmlReader(ReadsLater):
    """HTML pages: every ``<table>`` is a table output, the rest is checked as text."""

    name = "html"
    text_document = True  # a flavour of text: no type mismatch under a text name
    describes = "an HTML page"
    extensions = frozenset({"html", "htm"})
    reads = f"{_READS}:read_html_file"

    def sniff(self, path: Path, head: bytes) -> float:
        if _HTML_START.match(head):
            return LIKELY
        return PLAIN_TEXT if _text_of(head) is not None else NOT_MINE


class _TextFlavour(ReadsLater):
    """A flavour of text: ``confident`` when its mark is in the first bytes (``recognises``),
    else ``otherwise`` (still text its own extension may claim)."""

    text_document = True  # a flavour of text: no type mismatch under a text name
    confident = TEXT
    otherwise = PLAIN_TEXT

    def recognises(self, text: str) -> bool:
        raise NotImplementedError

    def sniff(self, path: Path, head: bytes) -> float:
        text = _text_of(head)
        if text is None:
            return NOT_MINE
        return self.confident if self.recognises(text) else self.otherwise


class MarkdownReader(_TextFlavour):
    """Markdown: pipe tables are table outputs, every other line is checked as text."""

    name = "markdown"
    describes = "a Markdown document"
    extensions = frozenset({"md", "markdown"})
    reads = f"{_READS}:read_markdown_file"

    def recognises(self, text: str) -> bool:
        return bool(_PIPE_DELIMITER.search(text))


class LatexReader(_TextFlavour):
    """LaTeX sources: tabular environments are table outputs, the rest is text."""

    name = "latex"
    describes = "a LaTeX document"
    extensions = frozenset({"tex"})
    reads = f"{_READS}:read_latex_file"

    def recognises(self, text: str) -> bool:
        return bool(_LATEX_TABLE.search(text))


class DocxReader(ReadsLater):
    """Word ``.docx`` files (a zip package holding ``word/document.xml``)."""

    name = "docx"
    describes = "a Word document"
    extensions = frozenset({"docx", "docm"})
    reads = f"{_READS}:read_docx_file"

    def sniff(self, path: Path, head: bytes) -> float:
        if not head.startswith(b"PK\x03\x04"):
            return NOT_MINE
        try:
            with zipfile.ZipFile(path) as package:
                return LIKELY if "word/document.xml" in package.namelist() else NOT_MINE
        except (zipfile.BadZipFile, OSError, ValueError):
            return NOT_MINE


class LogReader(_TextFlavour):
    """Stata (``.log``, ``.smcl``), R console and SAS listing output: recognised blocks
    (frequency tables, regressions) become tables and models; every other line is text, and
    lines with numbers that no block accounts for are named for a person (SDC602)."""

    name = "log"
    describes = "a statistics package log"
    extensions = frozenset({"log", "smcl", "lst", "Rout", "rout"})
    confident = LIKELY
    reads = f"{_READS}:read_log_file"

    def recognises(self, text: str) -> bool:
        return sniff_log(text)


class JsonReader(_TextFlavour):
    """JSON: a table when it has a tabular shape, else text whose numbers a person checks."""

    name = "json"
    describes = "a JSON document"
    extensions = frozenset({"json"})
    otherwise = NOT_MINE  # text that does not open as JSON is not JSON
    reads = f"{_READS}:read_json_file"

    def recognises(self, text: str) -> bool:
        return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


DOCUMENT_READERS: list[Reader] = [HtmlReader(), DocxReader(), LogReader(), LatexReader(),
                                  MarkdownReader(), JsonReader()]
