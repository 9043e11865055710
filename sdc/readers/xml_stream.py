"""Stream a package part's XML with the C parser when it cannot declare an entity.

defusedxml refuses entity declarations and external references by parsing with the
pure-Python ``XMLParser``: each element costs several Python calls, and a long table's sheet
is hundreds of thousands of elements (round 46: the package walk's pass over a 1 MiB long
table's sheet was ~20 % of the workbook's read). An entity can be declared, and an external
one referred to, only in a document type declaration (``<!DOCTYPE``), which must come before
the root element. A part whose bytes hold no ``<!DOCTYPE`` — searched in the bytes as they
are fed to the parser, in an encoding whose markup is ASCII bytes — has no declaration, so
the C parser reads it as defusedxml does. Anything else (a ``<!DOCTYPE`` anywhere, even in a
comment or text; UTF-16; another declared encoding) raises ``Unwatched`` before expat is given
the block: the caller reads the part again with defusedxml from its start (``read_part``).
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any, TypeVar, cast
from xml.etree import ElementTree as ET

from defusedxml.ElementTree import iterparse as defused_iterparse

_DOCTYPE = b"<!DOCTYPE"

# what a part's XML may declare and still have its markup as ASCII bytes
_ASCII_ENCODINGS = frozenset({"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1",
                              "latin1", "windows-1252", "cp1252"})
_DECLARED = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")


def non_ascii_markup(head: bytes) -> str | None:
    """Why an XML text starting with ``head`` may not have its markup as ASCII bytes, or
    None: a UTF-16 or UTF-32 text (a byte-order mark, a NUL byte) or another declared
    encoding hides its tags from a byte search (a 50-row UTF-16 sheet was scanned as 0 rows;
    issue 12 ch. 12)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        return "is XML in UTF-16 or UTF-32"
    declared = _DECLARED.match(head)
    if declared is not None:
        name = declared.group(1).decode("ascii", "replace").strip().lower()
        if name not in _ASCII_ENCODINGS:
            return f"is XML in the encoding {name[:40]!r}"
    return None


class Unwatched(Exception):
    """The part may hold a document type declaration: read it with defusedxml instead."""


class Watched:
    """A part's byte stream, each block searched for ``<!DOCTYPE`` (across block ends too)
    before the parser is given it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._tail = b""
        self._first = True

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        if self._first:
            self._first = False
            if non_ascii_markup(data[:4096]) is not None:
                raise Unwatched("not ASCII markup")
        joined = self._tail + data[:len(_DOCTYPE)]  # a declaration across reads
        if _DOCTYPE in joined or _DOCTYPE in data:
            raise Unwatched("a document type declaration")
        self._tail = (self._tail + data)[-(len(_DOCTYPE) - 1):]  # reads may be shorter
        return data


def iterparse(stream: IO[bytes] | Watched, events: tuple[str, ...]
              ) -> Iterator[tuple[str, Any]]:
    """``ElementTree.iterparse`` of a ``Watched`` stream (the C parser), else defusedxml's
    (entities and external references refused)."""
    if isinstance(stream, Watched):
        return ET.iterparse(stream, events=cast("Any", events))  # (typeshed: literal names)
    return defused_iterparse(stream, events=events, forbid_entities=True,
                             forbid_external=True)


T = TypeVar("T")


def read_part(zf: zipfile.ZipFile, name: str, read: Callable[[IO[bytes] | Watched], T]) -> T:
    """``read`` of the part ``name`` streamed through ``Watched`` (``iterparse`` then uses
    the C parser); when it raises ``Unwatched``, ``read`` again from the part's start on the
    bare stream (defusedxml)."""
    try:
        with zf.open(name) as fh:
            return read(Watched(fh))
    except Unwatched:
        with zf.open(name) as fh:
            return read(fh)


def read_bytes(data: bytes, read: Callable[[IO[bytes] | Watched], T]) -> T:
    """``read_part`` of a part's bytes held in memory."""
    import io

    try:
        return read(Watched(io.BytesIO(data)))
    except Unwatched:
        return read(io.BytesIO(data))


_SWAPPED = threading.RLock()


def _fresh_after_fork() -> None:
    """A process forked while another thread of its parent was inside ``openpyxl_watched``
    (``sdc.pool`` forks from its threads) inherits the lock held by a thread it does not
    have, and the swapped parser, which nothing in it would put back: both are made fresh."""
    global _SWAPPED
    _SWAPPED = threading.RLock()
    import sys

    reader = sys.modules.get("openpyxl.worksheet._reader")
    functions = sys.modules.get("openpyxl.xml.functions")
    if reader is not None and functions is not None:
        reader.iterparse = functions.iterparse  # type: ignore[attr-defined]


os.register_at_fork(after_in_child=_fresh_after_fork)


@contextlib.contextmanager
def openpyxl_watched() -> Iterator[None]:
    """While the block runs, openpyxl parses worksheets (``openpyxl.worksheet._reader``'s
    ``iterparse``: defusedxml's, ~2x the C parser's CPU on a long sheet) through ``Watched``
    with the C parser; a sheet that may declare an entity raises ``Unwatched`` out of the
    load, and the caller loads the workbook again outside the block. The swap is a module
    global of openpyxl's: held under a lock, and put back however the block ends (sdc reads
    files on its main thread; a worker process reads its own)."""
    from openpyxl.worksheet import _reader

    with _SWAPPED:
        previous = _reader.iterparse
        _reader.iterparse = _watched_iterparse
        try:
            yield
        finally:
            _reader.iterparse = previous


def _watched_iterparse(source: IO[bytes], events: tuple[str, ...] | None = None
                       ) -> Iterator[tuple[str, Any]]:
    return ET.iterparse(Watched(source), events=cast("Any", events))
