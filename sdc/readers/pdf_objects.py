"""Every object in a PDF file: what its document uses, and what it does not.

A viewer reaches a PDF's objects from the trailer (the catalog, its page tree, the document
information) and shows what the pages draw. Objects nothing refers to, objects replaced by an
incremental update, and objects packed into an object stream but left out of the
cross-reference table travel with the file unseen, and so do strings and streams of used
objects that no page draws (custom keys, XMP, attached files). Nothing in a PDF is exempt:

- every object body in the bytes (``N G obj ... endobj``, and each object inside an object
  stream) is found by a scan of the file, not by following the document's references;
- a body the document does not use is hidden content (SDC605, review) unless it lies in an
  earlier revision (``sdc.readers.pdf_revisions`` flags those) or is the file's own
  structure (cross-reference and object streams, linearization data); the strings, names and
  decoded stream data of every unused body are checked as hidden text;
- of the used objects, every string (document information, annotations, outlines, any key)
  and the text every content stream draws are checked as hidden text, and a used stream
  that is neither drawing nor font, image, colour or structure data (XMP metadata, an
  attached file, a stream under a key sdc does not know) is checked as text too.

The text goes to ``sdc.readers.parts``: a table in it is read as a table, identifiers are
found by SDC604, binary data is SDC602 (review).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from sdc.outputs import HiddenItem
from sdc.readers.parts import TextPart
from sdc.readers.sniffing import looks_binary

MAX_OBJECTS = 200_000  # bodies scanned; a file with more is flagged unread beyond them
MAX_PARTS = 200  # unused bodies read one by one; the rest are read together
MAX_STREAM_BYTES = 5_000_000  # of one stream's decoded data read as text
MAX_TOTAL_CHARS = 50_000_000  # of unused objects' text read in all
_CUT = "(the rest of this stream was not read)"
_OBJECT = re.compile(rb"(?<![0-9])(\d{1,10})[ \t\r\n\x00\x0c]+(\d{1,5})[ \t\r\n\x00\x0c]+obj\b")
_WHITE = b" \t\r\n\x00\x0c"
_LENGTH_REF = re.compile(rb"/Length[123]?[ \t\r\n]+(\d{1,10})[ \t\r\n]+(\d{1,5})[ \t\r\n]+R\b")
# streams whose bytes are drawing, font, image, colour or structure data, by a key of their
# dictionary (their text is read through the pages, or they hold none)
_DATA_STREAM_KEYS = {"/Length1", "/Length2", "/Length3", "/FunctionType", "/ShadingType",
                     "/PatternType", "/BBox"}
_DATA_SUBTYPES = {"/Image", "/Form", "/Type1C", "/CIDFontType0C", "/OpenType", "/PS"}
_STRUCTURE_TYPES = {"/XRef", "/ObjStm"}
# keys through which a used stream holds drawing or font data
_DATA_KEYS = {"/Contents", "/FontFile", "/FontFile2", "/FontFile3", "/SMask", "/Mask",
              "/ColorSpace", "/DestOutputProfile", "/ICCBased"}


@dataclass
class Body:
    """One object body found in the file's bytes."""

    number: int
    generation: int
    offset: int  # where ``N G obj`` starts (or, inside an object stream, -1)
    value: Any  # the parsed pypdf object, or None when it could not be parsed
    raw: bytes
    container: int | None = None  # the object stream holding it
    index: int = 0  # its index in that object stream


@dataclass
class PdfObjects:
    """What ``pdf_objects`` found: flagged items and the text to check."""

    hidden: list[HiddenItem]
    parts: list[TextPart]


def _skip_white(data: bytes, pos: int) -> int:
    while pos < len(data) and data[pos] in _WHITE:
        pos += 1
    return pos


def _parse(data: bytes, pos: int, reader: Any) -> tuple[Any, int]:
    """The object at ``pos`` and where it ends (None and ``pos`` when it cannot be parsed)."""
    from pypdf.generic import read_object

    stream = io.BytesIO(data)
    stream.seek(_skip_white(data, pos))
    try:
        return read_object(stream, reader), stream.tell()
    except Exception:
        return None, pos


def scan_bodies(data: bytes, reader: Any) -> tuple[list[Body], bool]:
    """Every ``N G obj`` body in the bytes, in order, and each object inside an object
    stream; True when the scan stopped at ``MAX_OBJECTS``."""
    bodies: list[Body] = []
    pos = 0
    while (match := _OBJECT.search(data, pos)) is not None:
        if len(bodies) >= MAX_OBJECTS:
            return bodies, True
        value, end = _parse(data, match.end(), reader)
        stop = data.find(b"endobj", end)
        stop = len(data) if stop < 0 else stop
        body = Body(int(match.group(1)), int(match.group(2)), match.start(), value,
                    data[match.end():stop])
        bodies.append(body)
        bodies.extend(_packed(body, reader))
        pos = max(stop, match.end())
    return bodies, False


def _packed(stream_body: Body, reader: Any) -> Iterator[Body]:
    """The objects inside an object stream (``/Type /ObjStm``)."""
    from pypdf.generic import StreamObject

    value = stream_body.value
    if not isinstance(value, StreamObject) or value.get("/Type") != "/ObjStm":
        return
    try:
        data = value.get_data()
        first = int(cast(Any, value["/First"]))
        header = data[:first].split()
        pairs = [(int(header[i]), int(header[i + 1])) for i in range(0, len(header) - 1, 2)]
    except Exception:
        yield Body(-1, 0, -1, None, bytes(value._data or b""), container=stream_body.number)
        return
    for index, (number, offset) in enumerate(pairs):
        start = first + offset
        stop = first + pairs[index + 1][1] if index + 1 < len(pairs) else len(data)
        parsed, _ = _parse(data, start, reader)
        yield Body(number, 0, -1, parsed, data[start:stop], stream_body.number, index)


@dataclass
class _Reach:
    """The objects the document reaches from its trailer, and how each stream is reached."""

    used: set[tuple[int, int]]
    strings: list[str]
    text_streams: list[tuple[str, Any]]  # (key it was reached through, stream)
    content_streams: list[Any]
    data_streams: list[tuple[str, Any]]  # fonts, images, colour profiles, structure


def _reach(reader: Any) -> _Reach:
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        StreamObject,
    )

    reach = _Reach(set(), [], [], [], [])
    pending: list[tuple[str, Any, bool]] = [(k, v, False) for k, v in reader.trailer.items()
                                            if k not in ("/Prev", "/XRefStm", "/ID")]
    seen_direct = 0
    while pending and seen_direct < 5 * MAX_OBJECTS:
        key, value, drawing = pending.pop()
        seen_direct += 1
        if isinstance(value, IndirectObject):
            ref = (value.idnum, value.generation)
            if ref in reach.used:
                continue
            reach.used.add(ref)
            try:
                value = value.get_object()
            except Exception:
                continue
        if isinstance(value, StreamObject):
            _classify_stream(key, value, drawing, reach)
            pending.extend((k, v, drawing) for k, v in value.items())
        elif isinstance(value, DictionaryObject):
            pending.extend((k, v, drawing or key == "/CharProcs") for k, v in value.items())
        elif isinstance(value, ArrayObject):
            pending.extend((key, v, drawing) for v in value)
        elif isinstance(value, (str, bytes)) and not isinstance(value, NameObject):
            reach.strings.append(_decode(value))
    return reach


def _classify_stream(key: str, stream: Any, drawing: bool, reach: _Reach) -> None:
    """A used stream is drawing (its text is read as drawn text), font/image/colour or
    structure data by its key or dictionary (read as text when its bytes are text: a claim
    is not proof), or anything else (always read as text; binary is SDC602)."""
    subtype = stream.get("/Subtype")
    if key == "/Contents" or drawing or subtype == "/Form" or "/PatternType" in stream:
        reach.content_streams.append(stream)
        return
    if (key in _DATA_KEYS or subtype in _DATA_SUBTYPES or stream.get("/Type") in
            _STRUCTURE_TYPES or any(k in stream for k in _DATA_STREAM_KEYS)
            or ("/N" in stream and "/Alternate" in stream)):
        reach.data_streams.append((key, stream))
        return
    reach.text_streams.append((key, stream))


def _decode(value: Any) -> str:
    if isinstance(value, bytes):
        from sdc.readers.file_ends import as_text

        return as_text(bytes(value))
    return str(value)


def _stream_text(stream: Any) -> str:
    """A stream's decoded bytes as text, the first ``MAX_STREAM_BYTES`` of them (pypdf caps
    each filter's output; many streams together could still exhaust memory)."""
    from sdc.readers.file_ends import as_text

    try:
        data = stream.get_data()
    except Exception:
        data = bytes(stream._data or b"")
    if len(data) > MAX_STREAM_BYTES:
        return as_text(data[:MAX_STREAM_BYTES]) + f"\n{_CUT}"
    return as_text(data)


def _drawn_strings(stream: Any, reader: Any) -> list[str]:
    """Every string operand of a content stream (shown text, marked-content properties)."""
    from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, NameObject

    found: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, (ArrayObject, list)):
            for item in value:
                collect(item)
        elif isinstance(value, DictionaryObject):
            for item in value.values():
                collect(item)
        elif isinstance(value, (str, bytes)) and not isinstance(value, NameObject):
            found.append(_decode(value))

    try:
        for operands, _op in ContentStream(stream, reader).operations:
            collect(operands)
    except Exception:
        return [_stream_text(stream)]
    # glyph codes of a font with its own encoding are not text (pypdf's extraction, which
    # knows the encodings, reads those)
    return [s for s in found if s.isprintable()]


def _body_text(body: Body) -> str:
    """The words of an unused body: its strings, names and decoded stream data."""
    from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

    from sdc.readers.file_ends import as_text

    if body.value is None:
        return as_text(body.raw)
    found: list[str] = []
    pending = [body.value]
    while pending:
        value = pending.pop()
        if isinstance(value, StreamObject):
            found.append(_stream_text(value))
        if isinstance(value, DictionaryObject):
            for k, v in value.items():
                found.append(str(k).lstrip("/"))
                pending.append(v)
        elif isinstance(value, ArrayObject):
            pending.extend(value)
        elif isinstance(value, (str, bytes)):
            found.append(_decode(value).lstrip("/"))
    return "\n".join(found)


def _is_structure(body: Body, reader: Any, hint_offsets: set[int]) -> bool:
    """Cross-reference and object streams, the linearization dictionary and its hints."""
    value = body.value
    if body.offset in hint_offsets:
        return True
    try:
        if value.get("/Type") == "/XRef" or "/Linearized" in value:
            return True
        if value.get("/Type") == "/ObjStm":
            return any(stm == body.number for stm, _ in reader.xref_objStm.values())
    except AttributeError:
        return False
    return False


def _is_used(body: Body, reader: Any, used: set[tuple[int, int]]) -> bool:
    if (body.number, body.generation) not in used:
        return False
    if body.container is not None:
        return reader.xref_objStm.get(body.number) == (body.container, body.index)
    return reader.xref.get(body.generation, {}).get(body.number) == body.offset


def _hint_offsets(bodies: list[Body]) -> set[int]:
    """Where a linearized file's hint streams start (its ``/H [offset length ...]``)."""
    offsets: set[int] = set()
    for body in bodies[:3]:
        try:
            hints = body.value.get("/H") if "/Linearized" in body.value else None
        except (AttributeError, TypeError):
            continue
        if hints:
            offsets.update(int(h) for h in list(hints)[::2])
    return offsets


def pdf_objects(data: bytes, revision_end: int, file_end: int) -> PdfObjects:
    """Hidden items and text of a PDF's objects (see the module doc). ``revision_end`` is where
    the earlier revisions end (bodies before it are theirs), ``file_end`` where the last
    ``%%EOF`` ends (bodies after it are bytes after the end, flagged elsewhere)."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return PdfObjects([HiddenItem(
                what="encrypted content", detail="the PDF is encrypted: sdc cannot read its "
                "objects, a person must check it")], [])
        reach = _reach(reader)
        bodies, cut = scan_bodies(data[:file_end], reader)
        # a stream's length written as a separate object (pypdf resolves it while parsing)
        reach.used.update((int(n), int(g)) for n, g in _LENGTH_REF.findall(data[:file_end]))
    except Exception as exc:
        return PdfObjects([HiddenItem(
            what="unreadable objects", detail=f"sdc could not walk the PDF's objects "
            f"({type(exc).__name__}); a person must check it")], _raw_text(data[:file_end]))
    hints = _hint_offsets(bodies)
    parts: list[TextPart] = []
    unused: list[Body] = []
    read_chars = skipped = 0
    for body in bodies:
        if _is_used(body, reader, reach.used) or (
                body.value is not None and _is_structure(body, reader, hints)):
            continue
        if body.container is None and body.offset < revision_end:
            where = "replaced by a later revision"  # flagged with the revisions
        else:
            unused.append(body)
            where = "that the document does not use"
        name = (f"PDF object {body.number} {body.generation} {where}" if body.number >= 0
                else "PDF object stream that cannot be decoded")
        if read_chars > MAX_TOTAL_CHARS:
            skipped += 1  # the budget is spent: flagged below, not read
            continue
        parts.append(TextPart(name, _body_text(body)))
        read_chars += len(parts[-1].text)
    if len(parts) > MAX_PARTS:
        rest = parts[MAX_PARTS - 1:]
        parts = [*parts[:MAX_PARTS - 1],
                 TextPart(f"PDF objects not used ({len(rest)} more)",
                          "\n".join(p.text for p in rest))]
    hidden: list[HiddenItem] = []
    if unused:
        hidden.append(HiddenItem(
            what="unused objects",
            detail=f"{len(unused):,} object(s) in the PDF that no page or document part uses "
                   "(unreferenced, or left out of its cross-reference table), which no "
                   "viewer shows"))
    if cut:
        hidden.append(HiddenItem(what="unread objects", detail=f"the PDF holds more than "
                                 f"{MAX_OBJECTS:,} objects; sdc read only the first"))
    parts.extend(_used_text(reader, reach))
    if skipped:
        hidden.append(HiddenItem(what="unread objects", detail=f"{skipped:,} object(s) not "
                                 f"read: their text passed {MAX_TOTAL_CHARS:,} characters; a "
                                 "person must check them"))
    cut_streams = sum(_CUT in p.text for p in parts)
    if cut_streams:
        hidden.append(HiddenItem(what="unread objects", detail=f"{cut_streams} stream(s) "
                                 f"decode to more than {MAX_STREAM_BYTES:,} bytes; sdc read "
                                 "only their start, a person must check them"))
    return PdfObjects(hidden, parts)


def _raw_text(data: bytes) -> list[TextPart]:
    """The text of every object body of a PDF pypdf cannot open: read, since none is known to
    be used."""
    try:
        bodies, _ = scan_bodies(data, None)
    except Exception:  # the scan itself failed: the bytes are read as they are
        from sdc.readers.file_ends import as_text

        return [TextPart("PDF bytes", as_text(data))]
    text = "\n".join(_body_text(body) for body in bodies)
    return [TextPart("PDF objects (the file could not be opened)", text)] if text else []


def _used_text(reader: Any, reach: _Reach) -> list[TextPart]:
    """The strings of the used objects, the text their content streams draw and the streams
    that are neither drawing nor data."""
    parts: list[TextPart] = []
    strings = [s for s in reach.strings if s.strip()]
    if strings:
        parts.append(TextPart("PDF strings", "\n".join(strings), words_only=True))
    drawn = [s for stream in reach.content_streams for s in _drawn_strings(stream, reader)]
    with contextlib.suppress(Exception):
        drawn += [line for page in reader.pages for line in page.extract_text().splitlines()]
    if any(s.strip() for s in drawn):
        parts.append(TextPart("PDF drawn text", "\n".join(s for s in drawn if s.strip()),
                              words_only=True))
    for key, stream in reach.text_streams:
        parts.append(TextPart(f"PDF stream {key.lstrip('/')}", _stream_text(stream)))
    for key, stream in reach.data_streams:
        text = _stream_text(stream)
        if not looks_binary(text):
            parts.append(TextPart(f"PDF stream {key.lstrip('/')}", text))
    return parts
