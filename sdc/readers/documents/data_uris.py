"""``data:`` URIs anywhere in a document's text (issue 12): a Markdown picture
``![](data:image/png;base64,...)``, a JSON or YAML string, a CSS ``url(data:...)`` in a style
sheet, a script's literal. Each is decoded and read as the file it is (a picture as an image
file, a CSV as one more table of the document, any other text as hidden text) and flagged
(SDC605 review): a released document must be self-contained and inert. One that cannot be
decoded, or one past the limits below, is flagged and not read: review, never skipped.
"""

from __future__ import annotations

import re

from sdc.readers.documents.model import Document, Flag, TextPart, TextTable

# A base64 payload runs over base64 characters (line breaks allowed, as in a wrapped
# attribute); any other payload up to a space, a quote, a bracket or a tag.
_URI = re.compile(r"data:(?P<head>[\w.+-]*(?:/[\w.+-]*)?(?:;[\w.+=-]*)*),"
                  r"(?P<payload>(?:(?<=;base64,)|(?<=;BASE64,))"
                  r"[A-Za-z0-9+/=_-]+(?:\s*[\r\n]\s*[A-Za-z0-9+/=_-]+)*|[^\s\"'()<>\[\]]*)",
                  re.I)
_HINT = re.compile("data:", re.I)
MAX_URIS = 200  # per document: past it, the rest are flagged and not read
MAX_DEPTH = 3  # a URI inside a decoded URI's text is read this many levels down, then flagged
MAX_URI_CHARS = 50_000_000  # an encoded payload longer than this is flagged, not decoded
DECODED_PREFIX = "data in "  # the parts a decoded URI adds (not searched again)
_TABLE_TYPES = ("text/csv", "text/tab-separated-values", "application/csv")


def find_data_uris(text: str) -> list[str]:
    """Every ``data:`` URI in ``text`` (a ``srcset`` or a CSS value may hold several)."""
    if not _HINT.search(text):
        return []
    return [m.group(0) for m in _URI.finditer(text)]


def without_data_uris(text: str) -> str:
    """``text`` with its ``data:`` URIs taken out (they are read on their own)."""
    return _URI.sub(" ", text) if _HINT.search(text) else text


def read_data_uri(value: str, where: str, doc: Document, depth: int = 1) -> None:
    """One ``data:`` URI: flagged, then its content read: a picture as an image file is
    (its text chunks, bytes after its end), anything else as hidden text, and the URIs that
    text holds in turn (a page in a ``data:`` URI embedding a CSV) down to ``MAX_DEPTH``
    levels; one deeper is flagged, not read."""
    from sdc.readers.image_parts import data_uri  # PIL loads only when a page embeds data

    doc.flags.append(Flag("data URI", f"embedded data in {where}"))
    if len(value) > MAX_URI_CHARS:
        doc.flags.append(Flag("embedded file", f"the data in {where} is larger than sdc "
                              "reads; a person must check it"))
        return
    found = data_uri(value, f"{DECODED_PREFIX}{where}", inside="the document")
    doc.flags.extend(Flag(item.what, item.detail) for item in found.hidden
                     if item.what != "embedded file" or "cannot be decoded" in item.detail)
    head = value.split(",", 1)[0].lower()
    table = _csv_rows(found.parts[0].text) if (
        any(kind in head for kind in _TABLE_TYPES) and len(found.parts) == 1
        and not found.parts[0].name.endswith("(strings)")) else None
    if table:  # a CSV is checked as a table is, cell by cell
        doc.tables.append(TextTable(index=len(doc.tables) + 1, rows=table,
                                    caption=f"{DECODED_PREFIX}{where}"))
        return
    doc.text.extend(TextPart(part.name, part.text, hidden=True) for part in found.parts)
    inner = [uri for part in found.parts for uri in find_data_uris(part.text)]
    if not inner:
        return
    if depth >= MAX_DEPTH:
        doc.flags.append(Flag("embedded file", f"the data in {where} holds {len(inner)} "
                              "data: URI(s) nested too deep for sdc to read; a person must "
                              "check them"))
        return
    read_uris([(f"{where} > data URI", uri) for uri in inner], doc, depth + 1)


def _csv_rows(text: str) -> list[list[str]] | None:
    """The rows of a decoded CSV or TSV, padded to one width; None if it is not one."""
    import csv

    delimiter = "\t" if "\t" in text.split("\n", 1)[0] else ","
    try:
        rows = [row for row in csv.reader(text.splitlines(), delimiter=delimiter) if row]
    except csv.Error:
        return None
    width = max((len(row) for row in rows), default=0)
    if width < 2:
        return None
    return [row + [""] * (width - len(row)) for row in rows]


def read_text_data_uris(doc: Document) -> None:
    """The ``data:`` URIs in the document's text parts and table cells, decoded and read."""
    parts = [part for part in doc.text if not part.where.startswith(DECODED_PREFIX)]
    tables = [table for table in doc.tables
              if _HINT.search("\n".join("\t".join(row) for row in table.rows))]
    if not tables and not any(_HINT.search(part.text) for part in parts):
        return  # the common case: one pass in C over each text, nothing decoded
    places = [(part.where, part.text) for part in parts]
    places += [(f"table {table.index}", cell) for table in tables
               for row in table.rows for cell in row]
    read_uris([(where, uri) for where, text in places for uri in find_data_uris(text)], doc)


def read_uris(uris: list[tuple[str, str]], doc: Document, depth: int = 1) -> None:
    """Read up to ``MAX_URIS`` URIs (where, uri); flag that the rest were not read. Nested
    ones (``depth`` > 1) share what is left of the document's ``MAX_URIS``."""
    room = MAX_URIS if depth == 1 else max(0, MAX_URIS - sum(
        1 for flag in doc.flags if flag.what == "data URI"))
    for where, uri in uris[:room]:
        read_data_uri(uri, where, doc, depth)
    if len(uris) > room:
        doc.flags.append(Flag("embedded file", f"{len(uris) - room} more data: URIs "
                              "than sdc reads; a person must check them"))
