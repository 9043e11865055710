"""Everything in an image file besides its pixels: metadata text, trailing bytes, odd chunks.

A PNG or JPEG can carry text a viewer never shows (PNG ``tEXt``/``zTXt``/``iTXt`` chunks, EXIF,
XMP, JPEG comments) and any number of bytes after its end marker (PNG ``IEND``, JPEG ``EOI``).
Pillow reads the metadata; the container is walked chunk by chunk (PNG) or segment by segment
(JPEG) only to find where the image ends and which blocks are not part of any image standard.
The text goes to :mod:`sdc.readers.parts` to be checked; trailing bytes and unknown blocks are
hidden content (SDC605). SVG text (``<text>``, ``<desc>``, ``<title>``, ``<metadata>``,
comments, attribute values) is extracted the same way. Pixels themselves are out of scope:
see docs/threat-model.md.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import struct
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from sdc.identifiers import value_identifier_kind
from sdc.outputs import HiddenItem
from sdc.readers.file_ends import Outside, as_text, raster_end
from sdc.readers.parts import TextPart
from sdc.readers.sniffing import looks_binary

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
MAX_IMAGE_BYTES_READ = 200_000_000
MAX_PADDING = 16  # zero bytes after an image's end taken for alignment, not data
MAGIC = {
    "png": (PNG_MAGIC,),
    "jpg": (JPEG_MAGIC,),
    "jpeg": (JPEG_MAGIC,),
    "gif": (b"GIF87a", b"GIF89a"),
    "bmp": (b"BM",),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
    "webp": (b"RIFF",),
}
# Chunks of the PNG specification (3rd edition) and APNG; anything else is a private block.
PNG_CHUNKS = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
    b"cICP", b"mDCV", b"cLLI", b"tEXt", b"zTXt", b"iTXt", b"bKGD", b"hIST", b"pHYs", b"sPLT",
    b"eXIf", b"tIME", b"acTL", b"fcTL", b"fdAT",
}
# JPEG application segments whose contents Pillow reads (APP0 JFIF, APP1 EXIF/XMP, APP2 ICC,
# APP14 Adobe); other APPn segments are private blocks.
JPEG_KNOWN_APP = {0xE0, 0xE1, 0xE2, 0xEE}
# SVG attributes that hold geometry or styling, not words.
SVG_GEOMETRY = {
    "d", "points", "transform", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry",
    "width", "height", "viewBox", "style", "clip-path", "fill", "stroke", "stroke-width",
    "opacity", "fill-opacity", "stroke-linejoin", "stroke-linecap", "font-size", "version",
    "preserveAspectRatio", "gradientTransform", "offset", "stop-color", "stroke-dasharray",
    "stroke-dashoffset", "stroke-miterlimit", "clipPathUnits", "patternUnits",
}


@dataclass
class ImageInspection:
    """What an image holds besides pixels."""

    parts: list[TextPart] = field(default_factory=list)
    hidden: list[HiddenItem] = field(default_factory=list)
    problem: str | None = None  # why the file is not the image its name says


def content_matches(head: bytes, ext: str) -> bool | None:
    """Whether the first bytes are this image type's magic number (None: no check known)."""
    magics = MAGIC.get(ext)
    if magics is None:
        return None
    return head.startswith(magics)


def inspect_image(path: Path, ext: str) -> ImageInspection:
    """Metadata text, trailing bytes and private blocks of a raster image (see the module doc)."""
    found = ImageInspection()
    try:
        data = path.read_bytes()[:MAX_IMAGE_BYTES_READ]
    except OSError as exc:
        found.problem = f"cannot read the file: {exc.strerror or exc}"
        return found
    return inspect_image_data(data, ext)


def inspect_image_data(data: bytes, ext: str) -> ImageInspection:
    """``inspect_image`` on the bytes of an image (a picture inside a workbook or document)."""
    found = ImageInspection()
    if content_matches(data[:16], ext) is False:
        found.problem = (f"the file is not a .{ext} image: its first bytes are not the "
                         f"{ext.upper()} signature, so sdc does not know what it holds")
        return found
    if ext == "png":
        end = _png_blocks(data, found)
    elif ext in ("jpg", "jpeg"):
        end = _jpeg_blocks(data, found)
    else:  # GIF, TIFF, WebP, BMP (sdc.readers.file_ends)
        outside = Outside()
        end = raster_end(data, ext, outside)
        found.hidden.extend(outside.hidden)
        found.parts.extend(outside.parts)
    if found.problem:
        return found
    if end is not None and end < len(data) and not _padding(data[end:]):
        extra = data[end:]
        found.hidden.append(HiddenItem(
            what="data after the image",
            detail=f"{len(extra):,} bytes after the end of the {ext.upper()} image, which no "
                   "viewer shows"))
        found.parts.append(TextPart(f"bytes after the {ext.upper()} end", as_text(extra)))
    _pillow_metadata(io.BytesIO(data), found)
    return found


def _padding(extra: bytes) -> bool:
    """A few zero bytes after the end (word alignment some writers add) carry nothing."""
    return len(extra) <= MAX_PADDING and not extra.strip(b"\x00")


def _png_blocks(data: bytes, found: ImageInspection) -> int | None:
    """Walk the chunks: note private ones; return the offset just after ``IEND``."""
    pos = len(PNG_MAGIC)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 12 + length
        if end > len(data):
            found.problem = "the PNG is truncated or corrupt (a chunk runs past the end)"
            return None
        if kind not in PNG_CHUNKS:
            name = kind.decode("latin-1")
            found.hidden.append(HiddenItem(
                what="private image block",
                detail=f"a PNG chunk {name!r} of {length:,} bytes that is not part of the PNG "
                       "standard"))
            found.parts.append(TextPart(f"PNG chunk {name!r}", as_text(data[pos + 8:end - 4])))
        if kind == b"IEND":
            return end
        pos = end
    found.problem = "the PNG has no IEND chunk (truncated or corrupt)"
    return None


def _jpeg_blocks(data: bytes, found: ImageInspection) -> int | None:
    """Walk the segments and scans: note private APPn segments; return the offset after EOI."""
    pos = 2
    n = len(data)
    while pos + 2 <= n:
        if data[pos] != 0xFF:
            found.problem = "the JPEG is corrupt (a segment does not start with a marker)"
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:
            return pos + 2
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
            continue
        if pos + 4 > n:
            break
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        seg_end = pos + 2 + length
        if 0xE0 <= marker <= 0xEF and marker not in JPEG_KNOWN_APP:
            found.hidden.append(HiddenItem(
                what="private image block",
                detail=f"a JPEG APP{marker - 0xE0} segment of {length:,} bytes that sdc does "
                       "not read as image metadata"))
            found.parts.append(TextPart(f"JPEG APP{marker - 0xE0} segment",
                                        as_text(data[pos + 4:seg_end])))
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            pos = seg_end
            while pos + 1 < n:
                if data[pos] == 0xFF and data[pos + 1] not in (0x00, *range(0xD0, 0xD8), 0xFF):
                    break
                pos += 1
            continue
        pos = seg_end
    found.problem = "the JPEG has no end-of-image marker (truncated or corrupt)"
    return None


def _pillow_metadata(path: Path | BinaryIO, found: ImageInspection) -> None:
    """Text chunks, comments, EXIF and XMP as Pillow reads them."""
    from PIL import ExifTags, Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                texts = dict(getattr(image, "text", {}) or {})
                info = dict(image.info)
                exif = image.getexif()
                ifds = [exif, *(exif.get_ifd(tag) for tag in (0x8769, 0x8825, 0xA005))]
                frames = int(getattr(image, "n_frames", 1) or 1)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        found.problem = f"the image could not be read: {exc}"
        return
    if frames > 1:  # an animation or a multi-page file: a viewer may show only the first
        found.hidden.append(HiddenItem(
            what="more frames", detail=f"{frames} frames or pages; a viewer may show only the "
            "first, and each must be looked at"))
    for key, value in texts.items():
        found.parts.append(TextPart(f"PNG text {key!r}", str(value)))
    for key in ("comment", "xmp", "XML:com.adobe.xmp"):
        value = info.get(key)
        if value is not None and key not in texts:
            text = as_text(value) if isinstance(value, bytes) else str(value)
            if key != "comment":
                text = xml_text(text.encode("utf-8")) or text
            found.parts.append(TextPart(f"image {key}", text))
    _other_info(info, set(texts), found)
    lines = []
    for ifd in ifds:
        for tag, value in ifd.items():
            if isinstance(value, bytes):
                value = as_text(value.lstrip(b"ASCII\x00UNICODE\x00")).strip("\x00 ")
            if isinstance(value, str | int | float) or hasattr(value, "numerator"):
                name = ExifTags.TAGS.get(tag) or ExifTags.GPSTAGS.get(tag) or f"tag {tag}"
                lines.append(f"{name}: {value}")
    if lines:
        found.parts.append(TextPart("EXIF", "\n".join(lines)))


# what Pillow's ``info`` holds that is read above (text, comment, XMP) or through getexif
_INFO_READ = {"comment", "xmp", "XML:com.adobe.xmp", "exif"}


def _other_info(info: dict[Any, Any], texts: set[str], found: ImageInspection) -> None:
    """Every other block Pillow keeps (the colour profile, Photoshop resources, ...): its
    strings searched for identifiers; a colour profile that is not an ICC profile (its header
    names its own length and the ``acsp`` signature) is SDC605."""
    for key, value in info.items():
        if key in _INFO_READ or key in texts:
            continue
        if key == "icc_profile" and isinstance(value, bytes):
            size = int.from_bytes(value[:4], "big") if len(value) >= 128 else -1
            if size != len(value) or value[36:40] != b"acsp":
                found.hidden.append(HiddenItem(
                    what="private image block",
                    detail=f"a colour profile of {len(value):,} bytes that is not an ICC "
                           "profile"))
        values = list(value.values()) if isinstance(value, dict) else [value]
        strings = "\n".join(binary_strings(v) if isinstance(v, bytes) else v
                            for v in values if isinstance(v, bytes | str))
        if strings.strip():
            found.parts.append(TextPart(f"image {key}", strings, words_only=True))


_PRINTABLE_RUN = re.compile(rb"[\x20-\x7e\t]{4,}")
_UTF16_RUN = re.compile(rb"(?:[\x20-\x7e]\x00){4,}")
PICTURE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp", "emf", "wmf",
                      "svg", "jpe"}


def binary_strings(data: bytes) -> str:
    """The printable runs of a binary file (ASCII and UTF-16), one a line: the text a format
    sdc does not walk (an EMF/WMF picture's text records) can still carry."""
    runs = [m.group(0).decode("ascii") for m in _PRINTABLE_RUN.finditer(data)]
    runs += [m.group(0).decode("utf-16-le") for m in _UTF16_RUN.finditer(data)]
    return "\n".join(r.strip() for r in runs if r.strip())


def embedded_picture(name: str, data: bytes) -> ImageInspection:
    """A picture inside a package (``xl/media/image1.png``, ``word/media/...``), read as an
    image file is: its type checked by magic bytes, bytes after its end and private blocks
    flagged, its metadata text extracted. A format sdc does not walk (EMF, WMF, or content
    that is not the image its name says) gives its printable strings, checked as words."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext == "jpe":
        ext = "jpeg"
    if ext == "svg":
        found = svg_parts(data)
        found.parts = [TextPart(f"{name}: {p.name}", p.text) for p in found.parts]
        for item in found.hidden:
            item.detail = f"{name}: {item.detail}"
        return found
    found = inspect_image_data(data, ext) if ext in MAGIC else ImageInspection()
    for item in found.hidden:
        item.detail = f"{name}: {item.detail}"
    found.parts = [TextPart(f"{name}: {p.name}", p.text) for p in found.parts]
    if ext not in MAGIC or found.problem:
        text = as_text(data)
        if not looks_binary(text):  # text under a picture's name: read whole (a table)
            found.parts.append(TextPart(name, text))
        elif strings := binary_strings(data):
            found.parts.append(TextPart(f"{name} (strings)", strings, words_only=True))
    return found


def xml_text(data: bytes) -> str | None:
    """Every piece of text in an XML document: element text, comments and attribute values
    other than geometry and styling, one per line. None when it is not well-formed XML."""
    root = parse_xml(data)
    if root is None:
        return None
    lines: list[str] = []
    for elem in root.iter():
        if elem.tag is ET.Comment:
            lines.append(str(elem.text or "").strip())
        else:
            lines.extend(v.strip() for k, v in elem.attrib.items()
                         if _local(k) not in SVG_GEOMETRY and not v.startswith("#"))
            lines.append((elem.text or "").strip())
        lines.append((elem.tail or "").strip())
    return "\n".join(line for line in lines if line)


def svg_parts(data: bytes) -> ImageInspection:
    """The text of an SVG, one part per element with several lines (a hidden table is read as
    a table) and the rest together; or the reason it cannot be parsed (``problem``).

    An id generated like matplotlib's and used only as such (``generated_ids``) is not text;
    one that reads as an identifier is hidden content (review), never passed unseen."""
    root = parse_xml(data)
    if root is None:
        return ImageInspection(problem="the SVG is not well-formed XML (or declares "
                                       "entities); it was not parsed")
    found = ImageInspection()
    structural = generated_ids(root)
    flagged = {i for i in structural if value_identifier_kind(i)}
    if len(flagged) == 1:  # two by chance: about one SVG in a million; more is a channel
        (one,) = flagged
        found.hidden.append(HiddenItem(
            what="generated id",
            detail=f"the id of an SVG <{structural[one]}> reads as "
                   f"{value_identifier_kind(one)}; "
                   "matplotlib draws such ids at random (ten hex digits of a salted hash, all "
                   "decimal in about one SVG in a thousand), but an id can carry a number: a "
                   "person must check it"))
    else:
        structural = {i: tag for i, tag in structural.items() if i not in flagged}
    for elem in root.iter():
        name = "comment" if elem.tag is ET.Comment else f"<{_local(str(elem.tag))}>"
        texts = [elem.text or "", elem.tail or ""]
        if elem.tag is not ET.Comment:
            texts += [v for k, v in elem.attrib.items()
                      if _local(k) not in SVG_GEOMETRY and not v.startswith("#")
                      and not (_local(k) == "id" and v in structural)]
        for text in texts:
            if text.strip():
                found.parts.append(TextPart(f"SVG {name}", text.strip()))
    return found


# matplotlib's generated ids: a prefix and the first ten hex digits of a salted hash (clip
# paths ``p``, markers ``m``, hatches ``h``, a collection's paths ``C<n>_<i>_``, images
# ``image``), with the element each is defined on and whether something must refer to it
_GENERATED_ID = re.compile(r"(?P<kind>[pmh]|image|C[0-9a-f]+_[0-9a-f]+_)[0-9a-f]{10}")
_DEFINED_ON = {"p": ("clipPath", True), "m": ("path", True), "h": ("pattern", True),
               "C": ("path", True), "image": ("image", False)}
_TOKEN = re.compile(r"[A-Za-z0-9_]+")
_URL_REF = re.compile(r"url\(#([A-Za-z0-9_]+)\)")


def _kind(generated: str) -> tuple[str, bool]:
    match = _GENERATED_ID.fullmatch(generated)
    kind = match.group("kind") if match else ""
    return _DEFINED_ON["C" if kind.startswith("C") else kind]


def generated_ids(root: ET.Element) -> dict[str, str]:
    """The ids (and the element each names) that match matplotlib's generated pattern and are
    used only structurally: defined once, on the element matplotlib defines it on (a
    ``<clipPath>`` for ``p…``, a ``<path>`` for ``m…`` and ``C…_…_…``, a ``<pattern>`` for
    ``h…``, an ``<image>`` for ``image…``), and named elsewhere only as ``url(#id)`` or a
    ``<use>``'s ``href="#id"`` (clip paths, markers, hatches and collections must be named so
    at least once). An id also found in text, a comment or any other attribute is not
    structural (it stays text, checked like any other)."""
    defined: dict[str, list[str]] = {}
    for elem in root.iter():
        if elem.tag is not ET.Comment and _GENERATED_ID.fullmatch(value := elem.get("id", "")):
            defined.setdefault(value, []).append(_local(str(elem.tag)))
    if not defined:
        return {}
    referenced: set[str] = set()
    misused: set[str] = set()

    def mentions(text: str) -> set[str]:
        return {t for t in _TOKEN.findall(text) if t in defined}

    for elem in root.iter():
        if elem.tag is ET.Comment:
            misused |= mentions(elem.text or "")
            continue
        tag = _local(str(elem.tag))
        misused |= mentions(elem.text or "") | mentions(elem.tail or "")
        for key, value in elem.attrib.items():
            local = _local(key)
            if local == "id":
                continue
            if local == "href" and tag == "use" and value[:1] == "#" and value[1:] in defined:
                referenced.add(value[1:])
                continue
            urls = set(_URL_REF.findall(value)) & set(defined)
            referenced |= urls
            misused |= mentions(_URL_REF.sub("", value))
    found: dict[str, str] = {}
    for generated, tags in defined.items():
        tag, needs_reference = _kind(generated)
        if (len(tags) == 1 and tags[0] == tag and generated not in misused
                and (generated in referenced or not needs_reference)):
            found[generated] = tag
    return found


_DATA_URI = re.compile(r"^\s*data:(?P<mime>[^;,]*)(?P<params>(;[^,]*)*),(?P<payload>.*)$",
                       re.S)


def svg_data_uris(data: bytes) -> ImageInspection:
    """Files embedded in an SVG as ``data:`` URIs (``<image href="data:image/png;base64,...">``,
    as matplotlib writes ``imshow``; a CSS ``url(data:...)`` in a style; one in any text): a
    picture is read as an image file is, anything else as text. Only called on an SVG that
    parsed safely."""
    found = ImageInspection()
    root = parse_xml(data)
    if root is None:
        return found
    from sdc.readers.documents.data_uris import find_data_uris

    uris = [v for e in root.iter() if e.tag is not ET.Comment for v in e.attrib.values()
            if v.lstrip().startswith("data:")]
    # a CSS url(data:...) in a style attribute or a <style> sheet, a data URI in any text
    uris += [uri for e in root.iter() if e.tag is not ET.Comment
             for v in [e.text or "", e.tail or ""]
             + [a for a in e.attrib.values() if not a.lstrip().startswith("data:")]
             for uri in find_data_uris(v)]
    for n, value in enumerate(uris, 1):
        one = data_uri(value, f"SVG embedded file {n}")
        found.hidden.extend(one.hidden)
        found.parts.extend(one.parts)
    return found


def data_uri(value: str, name: str, inside: str = "the drawing") -> ImageInspection:
    """One ``data:`` URI decoded: a picture read as an image file is (its hidden blocks and
    text), any other file flagged with its text (binary: its printable strings)."""
    from urllib.parse import unquote_to_bytes

    found = ImageInspection()
    match = _DATA_URI.match(value)
    if match is None:
        return found
    mime = match.group("mime").strip().lower() or "text/plain"
    payload = match.group("payload")
    name = f"{name} ({mime})"
    try:
        raw = (base64.b64decode("".join(payload.split()), validate=False)
               if ";base64" in match.group("params").lower() else unquote_to_bytes(payload))
    except (binascii.Error, ValueError):
        found.hidden.append(HiddenItem(what="embedded file", detail=f"{name} cannot be "
                                       "decoded; a person must check it"))
        return found
    if mime.startswith("image/"):
        ext = {"image/jpeg": "jpg", "image/svg+xml": "svg"}.get(mime, mime[6:])
        picture = embedded_picture(f"{name}.{ext}", raw)
        found.hidden.extend(picture.hidden)
        found.parts.extend(picture.parts)
        if picture.problem:
            found.hidden.append(HiddenItem(what="embedded file",
                                           detail=f"{name}: {picture.problem}"))
        return found
    found.hidden.append(HiddenItem(what="embedded file",
                                   detail=f"{name}: a file inside {inside}"))
    text = as_text(raw)
    found.parts.append(TextPart(name, text) if not looks_binary(text) else
                       TextPart(f"{name} (strings)", binary_strings(raw), words_only=True))
    return found


def parse_xml(data: bytes) -> ET.Element | None:
    """Parse XML with comments kept, refusing entity declarations and external references."""
    parser = DefusedXMLParser(target=ET.TreeBuilder(insert_comments=True), forbid_dtd=False,
                              forbid_entities=True, forbid_external=True)
    try:
        parser.feed(data)
        return parser.close()
    except (ET.ParseError, DefusedXmlException, ValueError):
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
