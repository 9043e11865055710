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
    """Whether the first bytes of a file are text (any 8-bit encoding, or UTF-16 with a BOM)."""
    if not head.strip():
        return True  # empty: the text readers report it as such
    if head.startswith(_UTF16_BOMS):
        return True
    if head.startswith(_BINARY_MAGIC):
        return False
    if b"\x00" in head[:SNIFF_BYTES]:
        return False
    return not looks_binary(head.decode("latin-1"))


def looks_binary(text: str) -> bool:
    """Control characters other than tab/newline mean this is not a text table."""
    sample = text[:SNIFF_BYTES]
    if "\x00" in sample:
        return True
    controls = len(_CONTROLS.findall(sample))  # in C: every reader sniffs 64 KiB with this
    return controls > max(2, len(sample) // 200)
