"""Is a file's head text? Shared by every reader that sniffs text content.

Light on purpose (no reader's code): every file is sniffed, and an image-only release need not
import the CSV reader to learn that its files are not text (round 32, tail32).
"""

from __future__ import annotations

import re

SNIFF_BYTES = 64 * 1024
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # below 32 but tab, LF, FF, CR

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Containers whose first bytes can pass for text but never are a text table.
_BINARY_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x1f\x8b")


def is_text(head: bytes) -> bool:
    """Whether the first bytes of a file are text (any 8-bit encoding, or UTF-16 with a BOM
    or without one: :func:`utf16_without_bom`)."""
    if not head.strip():
        return True  # empty: the text readers report it as such
    if head.startswith(_UTF16_BOMS) or utf16_without_bom(head) is not None:
        return True
    if head.startswith(_BINARY_MAGIC):
        return False
    if b"\x00" in head[:SNIFF_BYTES]:
        return False
    return not looks_binary(head.decode("latin-1"))


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when a file's first bytes are UTF-16 text written
    without a byte-order mark (R's ``write.csv(fileEncoding = "UTF-16LE")``, pandas'
    ``encoding="utf-16-le"``): at least 9 in 10 of the high bytes zero and no low byte zero,
    as mostly Latin text is. Such a table was "not text" (SDC602), so a table it links with
    passed on its own (round 34, hunt34). None otherwise."""
    sample = head[:min(len(head), SNIFF_BYTES) // 2 * 2]
    if len(sample) < 8:
        return None
    for encoding, low, high in (("utf-16-le", sample[0::2], sample[1::2]),
                                ("utf-16-be", sample[1::2], sample[0::2])):
        if b"\x00" not in low and high.count(0) >= 0.9 * len(high):
            import codecs

            try:  # a surrogate pair cut at the sample's end is not judged
                codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def text_of_head(head: bytes) -> str:
    """A file's first bytes as text: UTF-16 (with a BOM or without) as such, else UTF-8 with
    what does not decode replaced (a sniff's guess, never a reading)."""
    if head.startswith(_UTF16_BOMS):
        return head[:len(head) - len(head) % 2].decode("utf-16", errors="replace")
    if (encoding := utf16_without_bom(head)) is not None:
        return head[:len(head) - len(head) % 2].decode(encoding, errors="replace")
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def looks_binary(text: str) -> bool:
    """Control characters other than tab/newline mean this is not a text table."""
    sample = text[:SNIFF_BYTES]
    if "\x00" in sample:
        return True
    controls = len(_CONTROLS.findall(sample))  # in C: every reader sniffs 64 KiB with this
    return controls > max(2, len(sample) // 200)


# A table's delimiters, tried in this order. The pipe last, and never for a Markdown pipe table
# or a Stata frame (a line opening or closing with ``|``, a rule line, a field padded on both
# sides): those have readers of their own that read them as the tables they are.
_DELIMITERS = (",", "\t", ";", "|")
_NUMBER = re.compile(r"[-+]?(\d[\d,. ]*|[.,]\d+)%?")
# Markup or a TeX command: what another reader (a browser, LaTeX) would show otherwise.
_MARKUP = re.compile(r"<[A-Za-z!/?]|\\[A-Za-z]")
_RULE = re.compile(r"^[\s\-+=|:]+$")
_PADDED = re.compile(r"^\s.*\S.*\s$")


def is_delimited_table(head: bytes, whole: bool) -> bool:
    """Whether a file's first bytes are, for certain, a delimited table: at least two lines,
    every one split by one delimiter into the same number (two or more) of fields (the header
    one fewer, R's ``write.table``; a title of up to three lines above and notes of up to five
    below with no delimiter), a number in some field below the header, and no markup.

    Why: a CSV saved as ``.txt``, ``.dat`` or with no extension was a document a person reads
    (SDC602), so a table it links with (its margins, a subgroup) passed on its own (round 33,
    hunt33). ``whole`` is False when ``head`` is a file's first bytes only: its last line may
    be cut and is not judged. Strict on purpose: prose keeps the document reader."""
    if not is_text(head):
        return False
    text = text_of_head(head).lstrip("\ufeff")
    if _MARKUP.search(text):
        return False
    lines = text.splitlines()
    if not whole:
        lines = lines[:-1]
    rows = [line for line in lines if line.strip()]
    if len(rows) < 2:
        return False
    return delimited_rows(rows, titles=3) is not None


def delimited_rows(rows: list[str], titles: int) -> tuple[int, int, list[list[str]]] | None:
    """The table ``rows`` (non-blank lines) hold for certain, as ``(start, end, fields)``:
    ``rows[start:end]`` split by the first delimiter that splits them evenly (see
    :func:`is_delimited_table`), with up to ``titles`` lines of one field above and up to
    five below; None when no delimiter does. A log's block of output is read with it too
    (``log_delimited``: a CSV a script printed between its commands, round 34, hunt34)."""
    for delimiter in _DELIMITERS:
        if delimiter == "|" and any(_framed(row) for row in rows):
            continue
        found = _splits_evenly(rows, delimiter, titles)
        if found is not None:
            return found
    return None


def _framed(row: str) -> bool:
    """A Markdown pipe table's or a Stata frame's line: opens or closes with ``|``, a rule,
    or a field padded on both sides (Stata centres its columns, pandas never pads)."""
    stripped = row.strip()
    return (stripped.startswith("|") or stripped.endswith("|") or bool(_RULE.match(row))
            or any(_PADDED.match(field) for field in row.split("|")))


def _splits_evenly(rows: list[str], delimiter: str, titles: int
                   ) -> tuple[int, int, list[list[str]]] | None:
    import csv

    try:
        fields = list(csv.reader(rows, delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    # a title above (up to ``titles`` lines) and notes below (up to five) with no delimiter
    start, end = 0, len(fields)
    while start < min(titles, end) and len(fields[start]) == 1:
        start += 1
    while end - start > 2 and len(fields) - end < 5 and len(fields[end - 1]) == 1:
        end -= 1
    table = fields[start:end]
    if len(table) < 2:
        return None
    widths = {len(row) for row in table[1:]}
    if len(widths) != 1:
        return None
    width = widths.pop()
    if width < 2 or len(table[0]) not in (width, width - 1):
        return None
    if not any(_NUMBER.fullmatch(cell.strip()) for row in table[1:] for cell in row):
        return None
    return start, end, table
