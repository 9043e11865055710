"""Make researcher-controlled text safe to print: the one place control characters are removed.

Labels, file and sheet names, request titles, justifications and comments come from the
researcher. Printed raw, an escape sequence such as ``ESC [8m`` hides the rest of a terminal or
CI log line (a finding vanishes from the reviewer's screen), a carriage return overprints it, and
bidirectional overrides reorder what is shown (the "Trojan Source" trick). Every such character
is replaced by a visible escape (``\\x1b``, ``\\u202e``), so the attempt itself is on show.

Results apply this when they are built (``sdc.results``), so every reporter — text, CI formats,
JSON, HTML, XLSX — and the workflow commands get the same safe strings.
"""

from __future__ import annotations

import re
from typing import Any

# C0 and C1 controls (with TAB, LF, CR), DEL, zero-width and bidirectional formatting
# characters, the BOM and the interlinear annotation marks.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control or invisible formatting character shown as an escape."""
    if text.isascii() and text.isprintable():  # the usual label: nothing to escape (fast)
        return text
    return _UNSAFE.sub(_escape, text)


def printable_opt(text: str | None) -> str | None:
    return None if text is None else printable(text)


def printable_data(value: Any) -> Any:
    """Every string inside nested dicts/lists made printable (keys too)."""
    if type(value) is str:  # not str subclasses such as Status
        return printable(value)
    if isinstance(value, dict):
        return {printable_data(k): printable_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(printable_data(v) for v in value)
    return value
