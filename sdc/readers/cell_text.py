"""Text a table cell carries beyond a label or a number: long text, several lines, encodings.

The table rules read a cell as one value. A cell can hold much more: a patient list pasted
into one quoted CSV field (its lines are one cell, so no column of NHS numbers appears), or
the list encoded as base64 or hex in a label or a title, which no rule can read. Every such
cell's text is read by something that can say no:

- a cell of several lines, or longer than ``LONG_CELL`` characters, is checked as hidden text
  (``sdc.readers.parts``: a table in it is read as a table, identifiers are found);
- a cell holding invisible characters (zero-width spaces and joiners, soft hyphens, bidi
  controls) is SDC605 (review), and its text without them is checked as hidden text: an NHS
  number split by zero-width spaces is still an NHS number;
- a run of base64 or hex in a cell (``MIN_ENCODED`` characters or more) that decodes to text,
  directly or through gzip/zlib, is SDC605 (review) and the decoded text is checked as hidden
  text; a run that decodes to bytes sdc cannot read is SDC605 when it is long enough
  (``MIN_OPAQUE``) to carry data (short ones are hashes and keys).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import re
import zlib

from sdc.outputs import HiddenItem
from sdc.readers.parts import INVISIBLE, TextPart
from sdc.table import Table

LONG_CELL = 500
MIN_ENCODED = 24
MIN_OPAQUE = 100
MAX_DECODED = 20_000_000
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])")
_HEX = re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){12,}(?![0-9A-Fa-f])")  # 24+ digits


def _as_text(data: bytes) -> str | None:
    """Bytes as text when they are text (UTF-8, mostly printable), after gzip/zlib."""
    if data[:2] == b"\x1f\x8b" or data[:1] == b"\x78":
        with contextlib.suppress(zlib.error):  # not compressed after all: read as it is
            data = zlib.decompressobj(47).decompress(data, MAX_DECODED)  # gzip or zlib
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return text if len(text) >= 8 and printable >= 0.95 * len(text) else None


def _decode(run: str) -> bytes | None:
    """A base64 (standard or URL-safe) or hex run as bytes, or None."""
    if _HEX.fullmatch(run):
        return bytes.fromhex(run)
    bare = run.rstrip("=")
    padded = bare + "=" * (-len(bare) % 4)
    try:
        if "-" in run or "_" in run:
            return base64.urlsafe_b64decode(padded)
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None


def _encoded_runs(text: str) -> list[str]:
    """Base64/hex runs of a cell that mix letters and digits (not a long plain word)."""
    runs = [m.group(0) for m in _HEX.finditer(text)]
    runs += [m.group(0) for m in _BASE64.finditer(text) if m.group(0) not in runs]
    return [r for r in runs
            if (any(c.isdigit() for c in r) and any(c.isalpha() for c in r))
            or _HEX.fullmatch(r)]


def cell_text(table: Table) -> tuple[list[HiddenItem], list[TextPart]]:
    """SDC605 items and hidden text for the cells of ``table`` (see the module doc)."""
    hidden: list[HiddenItem] = []
    parts: list[TextPart] = []
    for row in table.grid:
        for cell in row:
            raw = cell.raw
            if INVISIBLE.search(raw):
                hidden.append(HiddenItem(
                    what="invisible characters", cell=cell.ref,
                    detail=f"cell {cell.ref} holds characters that render as nothing "
                           "(zero-width or formatting characters)"))
                raw = INVISIBLE.sub("", raw)
                parts.append(TextPart(f"cell {cell.ref} without invisible characters", raw))
            if len(raw) < MIN_ENCODED:
                continue
            if len(raw) > LONG_CELL or "\n" in raw or "\r" in raw:
                parts.append(TextPart(f"cell {cell.ref}", raw))
            for run in _encoded_runs(raw):
                data = _decode(run)
                if data is None:
                    continue
                text = _as_text(data)
                if text is not None:
                    hidden.append(HiddenItem(
                        what="encoded text", cell=cell.ref,
                        detail=f"cell {cell.ref} holds {len(run):,} characters of base64 or "
                               "hex that decode to text no reader of the table sees"))
                    parts.append(TextPart(f"cell {cell.ref} decoded", text))
                elif len(run) >= MIN_OPAQUE:
                    hidden.append(HiddenItem(
                        what="encoded data", cell=cell.ref,
                        detail=f"cell {cell.ref} holds {len(run):,} characters of base64 or "
                               "hex that sdc cannot read; a person must check them"))
    return hidden, parts
