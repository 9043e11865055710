"""Earlier revisions of a PDF: what an incremental update left behind.

A PDF is changed by appending to it: each incremental update adds the objects it changes, a new
cross-reference section and its own ``%%EOF``. A viewer shows only the last revision, but every
earlier one travels with the file, whole: a title, a table or a page the last revision replaced
or removed is still in the bytes. The file cut at an earlier ``%%EOF`` *is* that revision, so
pypdf reads it like any PDF; its text (pages and document information) that the last revision
does not show is checked as hidden text, and the earlier revisions themselves are SDC605
(review). A linearized PDF ("fast web view") legitimately has two ``%%EOF``: its first part
is flagged only when it holds text the whole file does not show, and only while the file is
the length its linearization dictionary gives (``/L``): a linearized file with an update
appended is an updated file.
"""

from __future__ import annotations

import io
import re

from sdc.outputs import HiddenItem
from sdc.readers.parts import TextPart

_PDF_EOF = re.compile(rb"%%EOF[ \t\r\n\x00\x0c]*")
_LINEARIZED = re.compile(rb"<<[^>]*?/Linearized\b[^>]*>>")
_KEY = re.compile(rb"/([LE])\s+(\d+)")
MAX_REVISIONS = 50  # earlier revisions read; any beyond are flagged without their text


def _linearized_head(data: bytes, ends: list[int]) -> tuple[bool, bool]:
    """Whether the first ``%%EOF`` closes a linearized file's first-page section (it comes
    before the end of the first page, ``/E``), and whether the file is still the length its
    linearization dictionary gives (``/L``): an update appended later changes the length."""
    match = _LINEARIZED.search(data[:2048])
    if match is None:
        return False, False
    keys = {k.decode(): int(v) for k, v in _KEY.findall(match.group(0))}
    first_section = "E" in keys and ends[0] <= keys["E"]
    return first_section, keys.get("L") == len(data)


def revision_ends(data: bytes) -> list[int]:
    """The offset after each ``%%EOF`` (one per revision; the last is the file's)."""
    return [m.end() for m in _PDF_EOF.finditer(data)]


def revision_text(data: bytes) -> list[str] | None:
    """The lines of text a PDF shows (its pages and document information), or None when pypdf
    cannot read it."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        lines = [str(v) for v in (reader.metadata or {}).values()]
        for page in reader.pages:
            lines.extend(page.extract_text().splitlines())
    except Exception:  # any parse failure: the caller flags the revision unread
        return None
    return [line.strip() for line in lines if line.strip()]


def earlier_revisions(data: bytes) -> tuple[list[HiddenItem], list[TextPart]]:
    """SDC605 items and the hidden text of every revision before the last."""
    ends = revision_ends(data)
    if len(ends) < 2:
        return [], []
    first_section, whole = _linearized_head(data, ends)
    updates = len(ends) - 1 - first_section
    linearized = first_section and whole and updates == 0
    shown = set(revision_text(data) or [])
    hidden: list[HiddenItem] = []
    parts: list[TextPart] = []
    unread = 0
    for number, end in enumerate(ends[:-1][:MAX_REVISIONS], start=1):
        lines = revision_text(data[:end])
        if lines is None:
            unread += 1
            continue
        gone = [line for line in lines if line not in shown]
        if gone:
            parts.append(TextPart(f"PDF revision {number} of {len(ends)}", "\n".join(gone)))
    if linearized and not parts:
        return [], []  # the first-page section of a linearized file, nothing else in it
    removed = len(parts)
    updates = max(updates, 1)  # the first section of a linearized file holds text of its own
    detail = (f"the PDF was changed by {updates} incremental update(s): its "
              f"{updates} earlier revision(s) travel with the file though no viewer "
              "shows them")
    if removed:
        detail += f"; {removed} of them hold text the last revision does not show"
    if unread or len(ends) - 1 > MAX_REVISIONS:
        detail += "; some could not be read, a person must check them"
    hidden.append(HiddenItem(what="earlier revision", detail=detail))
    return hidden, parts
