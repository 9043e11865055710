"""Where a file's own format says it ends, and what was put after (or around) that end.

Viewers stop reading a GIF at its trailer, a PDF at ``%%EOF``, a zip package at its central
directory and an SVG at its root element's end tag, so bytes after those ends (or between the
members of a zip) travel with the file unseen. Each function here walks only as much of the
format's structure as it takes to find its end, and reports what lies outside it: a
``HiddenItem`` (SDC605, review) and the text, checked by the identifier and row-level rules
(``sdc.readers.parts``). PNG and JPEG are walked in ``sdc.readers.image_parts``.
"""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from sdc.outputs import HiddenItem
from sdc.readers.parts import TextPart
from sdc.readers.pdf_objects import pdf_objects
from sdc.readers.pdf_revisions import earlier_revisions

MAX_BYTES_READ = 200_000_000
_ZIP_EOCD = b"PK\x05\x06"
_ZIP_LOCAL = b"PK\x03\x04"
_ZIP_DESCRIPTOR = b"PK\x07\x08"
_PDF_EOF = re.compile(rb"%%EOF[ \t\r\n\x00\x0c]*")
# Application extensions GIF writers use (animation loop, XMP, ICC profile); any other is a
# private block.
GIF_KNOWN_APPS = {b"NETSCAPE2.0", b"ANIMEXTS1.0", b"XMP DataXMP", b"ICCRGBG1012"}
_TIFF_TYPE_SIZE = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8,
                   13: 4}
_TIFF_OFFSETS = {273: 279, 324: 325, 288: 289, 513: 514}  # data offsets -> their byte counts
_TIFF_SUB_IFDS = {330, 34665, 34853, 40965}  # SubIFDs, EXIF, GPS, interoperability


@dataclass
class Outside:
    """What lies outside a file's structure: flagged blocks and their text."""

    hidden: list[HiddenItem] = field(default_factory=list)
    parts: list[TextPart] = field(default_factory=list)

    def add(self, what: str, detail: str, name: str, raw: bytes) -> None:
        self.hidden.append(HiddenItem(what=what, detail=detail))
        self.parts.append(TextPart(name, as_text(raw)))


def as_text(raw: bytes) -> str:
    """Hidden bytes as text for the identifier and content checks: UTF-8, else UTF-16, else
    Latin-1 (which decodes anything, so no byte is dropped unread)."""
    for encoding in ("utf-8", "utf-16"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def after_end(data: bytes, end: int | None, fmt: str, found: Outside) -> None:
    """Flag ``data[end:]`` as bytes after the end of a ``fmt`` file."""
    if end is None or end >= len(data):
        return
    extra = data[end:]
    found.add("data after the end of the file",
              f"{len(extra):,} bytes after the end of the {fmt}, which no viewer shows",
              f"bytes after the {fmt} end", extra)


# --- raster images -------------------------------------------------------------------------


def _gif_sub_blocks(data: bytes, pos: int) -> int | None:
    """The offset after a chain of GIF data sub-blocks (ended by a zero-length block)."""
    while pos < len(data):
        size = data[pos]
        pos += 1 + size
        if size == 0:
            return pos
    return None


def _gif_payload(data: bytes, pos: int, end: int) -> bytes:
    """The bytes a chain of sub-blocks carries, without their length bytes."""
    chunks = []
    while pos < end and data[pos]:
        chunks.append(data[pos + 1:pos + 1 + data[pos]])
        pos += 1 + data[pos]
    return b"".join(chunks)


def gif_end(data: bytes, found: Outside) -> int | None:
    """The offset after a GIF's trailer (``;``); private application blocks are flagged."""
    if len(data) < 13:
        return None
    packed = data[10]
    pos = 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:
            return pos + 1
        if block == 0x21 and pos + 1 < len(data):  # extension: label, then sub-blocks
            label = data[pos + 1]
            if label == 0xFF and pos + 3 < len(data):
                size = data[pos + 2]
                app = data[pos + 3:pos + 3 + size]
                end = _gif_sub_blocks(data, pos + 3 + size)
                if end is None:
                    return None
                if app not in GIF_KNOWN_APPS:
                    name = as_text(app).strip()
                    found.add("private image block",
                              f"a GIF application block {name!r} that sdc does not read as "
                              "image metadata", f"GIF application block {name!r}",
                              _gif_payload(data, pos + 3 + size, end))
                pos = end
                continue
            end = _gif_sub_blocks(data, pos + 2)
        elif block == 0x2C and pos + 10 <= len(data):  # image: descriptor, table, LZW data
            local = data[pos + 9]
            pos += 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0)
            end = _gif_sub_blocks(data, pos + 1)
        else:
            return None
        if end is None:
            return None
        pos = end
    return None


def tiff_blocks(data: bytes) -> list[tuple[int, int]] | None:
    """The byte ranges a classic TIFF's directories point at: its header, IFDs, their values,
    strips and tiles, and the EXIF/GPS/interoperability directories; None for BigTIFF or a
    TIFF that cannot be walked."""
    if data[:4] == b"II*\x00":
        order = "<"
    elif data[:4] == b"MM\x00*":
        order = ">"
    else:
        return None
    blocks = [(0, 8)]
    pending = [struct.unpack(order + "I", data[4:8])[0]]
    seen: set[int] = set()
    while pending:
        ifd = pending.pop()
        if ifd == 0 or ifd in seen or ifd + 2 > len(data) or len(seen) > 10_000:
            continue
        seen.add(ifd)
        (count,) = struct.unpack(order + "H", data[ifd:ifd + 2])
        table_end = ifd + 2 + 12 * count + 4
        if table_end > len(data):
            return None
        blocks.append((ifd, table_end))
        entries: dict[int, list[int]] = {}
        for i in range(count):
            at = ifd + 2 + 12 * i
            tag, kind, n = struct.unpack(order + "HHI", data[at:at + 8])
            size = _TIFF_TYPE_SIZE.get(kind, 1) * n
            if size > 4:
                (offset,) = struct.unpack(order + "I", data[at + 8:at + 12])
                blocks.append((offset, offset + size))
                raw = data[offset:offset + size]
            else:
                raw = data[at + 8:at + 8 + size]
            if kind in (3, 4, 13) and (tag in _TIFF_OFFSETS or tag in _TIFF_OFFSETS.values()
                                       or tag in _TIFF_SUB_IFDS):
                fmt = "H" if kind == 3 else "I"
                width = 2 if kind == 3 else 4
                entries[tag] = [struct.unpack(order + fmt, raw[j:j + width])[0]
                                for j in range(0, len(raw) - width + 1, width)]
        for offsets_tag, counts_tag in _TIFF_OFFSETS.items():
            for offset, size in zip(entries.get(offsets_tag, []), entries.get(counts_tag, []),
                                    strict=False):
                blocks.append((offset, offset + size))
        for tag in _TIFF_SUB_IFDS:
            pending.extend(entries.get(tag, []))
        pending.append(struct.unpack(order + "I", data[table_end - 4:table_end])[0])
    return blocks


def tiff_end(data: bytes) -> int | None:
    """The offset after the last byte a classic TIFF's directories point at (None: BigTIFF or
    a TIFF that cannot be walked)."""
    blocks = tiff_blocks(data)
    return None if blocks is None else max(end for _, end in blocks)


_TIFF_HEADER = re.compile(rb"II\*\x00.{4}|MM\x00\*.{4}", re.S)


def tiff_gaps(data: bytes, found: Outside) -> None:
    """Flag bytes *between* a TIFF's blocks that no directory points at (no viewer reads
    them). Zero padding (word alignment) is not a gap, nor the header of a page Pillow's
    multi-page writer appended (it keeps each page's own 8-byte header)."""
    blocks = tiff_blocks(data)
    if blocks is None:
        return
    gaps: list[bytes] = []
    pos = 0
    for start, end in sorted(blocks):
        if start > pos and _TIFF_HEADER.sub(b"", data[pos:start]).strip(b"\x00"):
            gaps.append(data[pos:start])
        pos = max(pos, end)
    if gaps:
        size = sum(len(gap) for gap in gaps)
        found.hidden.append(HiddenItem(
            what="data between the image's blocks",
            detail=f"{size:,} bytes in {len(gaps)} place(s) inside the TIFF that none of its "
                   "directories points at, which no viewer shows"))
        found.parts.extend(TextPart(f"TIFF bytes between its blocks ({i})",
                                    as_text(gap.strip(b"\x00")))  # less the padding
                           for i, gap in enumerate(gaps, 1))


def riff_end(data: bytes) -> int | None:
    """The end a RIFF container (WebP) declares in its header."""
    if len(data) < 8:
        return None
    (size,) = struct.unpack("<I", data[4:8])
    return 8 + size + (size & 1)


def bmp_end(data: bytes) -> int | None:
    """The file size a BMP declares in its header."""
    if len(data) < 6:
        return None
    (size,) = struct.unpack("<I", data[2:6])
    return size or None


RASTER_ENDS = {"tif": tiff_end, "tiff": tiff_end, "webp": riff_end, "bmp": bmp_end}


def raster_end(data: bytes, fmt: str, found: Outside) -> int | None:
    """Where a GIF, TIFF, WebP or BMP ends (None: not known)."""
    if fmt == "gif":
        return gif_end(data, found)
    if fmt in ("tif", "tiff"):
        tiff_gaps(data, found)
        end = tiff_end(data)
        if end is not None and not data[end:].strip(b"\x00"):
            return len(data)  # zero padding after the last block (Pillow's multi-page writer)
        return end
    walker = RASTER_ENDS.get(fmt)
    return walker(data) if walker is not None else None


# --- PDF -----------------------------------------------------------------------------------


def pdf_outside(path: Path) -> Outside:
    """Bytes after a PDF's last ``%%EOF`` (an incremental update ends with its own ``%%EOF``,
    so anything after the last one belongs to no revision), or a PDF with no end marker."""
    found = Outside()
    try:
        data = path.read_bytes()[:MAX_BYTES_READ]
    except OSError:
        return found
    marks = list(_PDF_EOF.finditer(data))
    if not marks:
        found.hidden.append(HiddenItem(
            what="data after the end of the file",
            detail="the PDF has no %%EOF end marker: sdc cannot tell where it ends"))
        return found
    after_end(data, marks[-1].end(), "PDF", found)
    hidden, parts = earlier_revisions(data)  # incremental updates: what they replaced
    found.hidden.extend(hidden)
    found.parts.extend(parts)
    # every object body in the file: unused ones flagged, all their text checked
    earlier_end = marks[-2].end() if len(marks) > 1 else 0
    objects = pdf_objects(data, earlier_end, marks[-1].end())
    found.hidden.extend(objects.hidden)
    found.parts.extend(objects.parts)
    return found


# --- zip packages (XLSX, DOCX) ---------------------------------------------------------------


def zip_outside(path: Path, fmt: str) -> Outside:
    """Bytes of a zip package no member accounts for: before the first member, between
    members, between the members and the central directory, after the end record, and the
    archive comment. Office never writes any of them."""
    found = Outside()
    try:
        data = path.read_bytes()[:MAX_BYTES_READ]
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
            comment = package.comment
    except (OSError, zipfile.BadZipFile, ValueError):
        return found  # the reader reports a package it cannot open
    eocd = data.rfind(_ZIP_EOCD)
    if eocd < 0 or eocd + 22 > len(data):
        return found
    cd_size, _, comment_length = struct.unpack("<IIH", data[eocd + 12:eocd + 22])
    cd_start = eocd - cd_size
    if comment:
        found.add("zip comment", f"a {len(comment):,}-byte archive comment in the {fmt} "
                  "package, which no application shows", f"{fmt} zip comment", comment)
    pos = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        start = info.header_offset  # zipfile has added any bytes put in front already
        _gap(data, pos, start, fmt, found)
        pos = max(pos, _member_end(data, start, info))
    _gap(data, pos, cd_start, fmt, found)
    after_end(data, eocd + 22 + comment_length, f"{fmt} package", found)
    return found


def _member_end(data: bytes, start: int, info: zipfile.ZipInfo) -> int:
    """The offset after a member's local header, data and data descriptor."""
    if data[start:start + 4] != _ZIP_LOCAL:
        return start
    name_length, extra_length = struct.unpack("<HH", data[start + 26:start + 30])
    end = start + 30 + name_length + extra_length + info.compress_size
    if info.flag_bits & 0x08:  # a data descriptor follows, with or without its signature
        end += 16 if data[end:end + 4] == _ZIP_DESCRIPTOR else 12
        if info.compress_size >= 0xFFFFFFFF or info.file_size >= 0xFFFFFFFF:
            end += 8
    return end


def _gap(data: bytes, start: int, end: int, fmt: str, found: Outside) -> None:
    if end > start:
        where = "before the first member" if start == 0 else "between its members"
        found.add("data outside the package members",
                  f"{end - start:,} bytes {where} of the {fmt} package that belong to no "
                  "member, which no application shows", f"{fmt} bytes outside the members",
                  data[start:end])


# --- SVG -----------------------------------------------------------------------------------


def svg_outside(data: bytes) -> Outside:
    """Comments and processing instructions before or after an SVG's root element (an XML
    tree drops them, so the SVG text reader would not see them). Only called on an SVG that
    already parsed safely (no entity declarations)."""
    found = Outside()
    depth = 0
    texts: list[str] = []

    def start(_name: str, _attrs: object) -> None:
        nonlocal depth
        depth += 1

    def end(_name: str) -> None:
        nonlocal depth
        depth -= 1

    def comment(text: str) -> None:
        if depth == 0 and text.strip():
            texts.append(text.strip())

    def instruction(target: str, text: str) -> None:
        if depth == 0:
            texts.append(f"{target} {text}".strip())

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CommentHandler = comment
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return found
    text = "\n".join(texts)
    if text:
        found.add("content outside the SVG drawing",
                  f"{len(texts)} comment(s) or instruction(s) outside the SVG's root element, "
                  "which no viewer shows", "SVG content outside the root element",
                  text.encode("utf-8"))
    return found
