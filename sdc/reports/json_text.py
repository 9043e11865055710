"""JSON text byte for byte as the standard library writes it (``json.dumps(json_safe(data),
indent=2, default=json_default, allow_nan=False)``), written by orjson.

Why: with ``indent`` the standard library's encoder runs in pure Python; the SARIF log of a
release of 1,000 outputs (25,000 findings, 63 MB) took ~3 s of it (round 32, tail32). orjson
writes the same structure and layout; three things differ, and are made equal here:

- floats: Python writes ``1e-05`` where orjson writes ``0.00001``. orjson is never given a
  float: ``prepared`` turns every float of a free-form value (a finding's evidence) into a
  ``Fragment`` of its Python text; the rest of a report is text, integers and booleans;
- ``\\x7f`` and non-ASCII characters: escaped afterwards as ``json.dumps`` escapes them;
- what orjson refuses (an integer beyond 64 bits, a lone surrogate, nesting deeper than 254)
  or a value ``prepared`` does not know how to copy exactly: the standard library writes it,
  so the result, or the error, is the one it always was.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import orjson

from sdc.reports.common import json_default

_NEEDS_ESCAPE = re.compile(r"[^\x00-\x7e]")  # json.dumps escapes DEL as well as non-ASCII


class Unusual(Exception):
    """A value ``prepared`` cannot copy exactly: the standard library writes the document."""


def escape_char(match: re.Match[str]) -> str:
    """One matched character as ``json.dumps`` escapes it (``\\uXXXX``, a surrogate pair
    outside the BMP): for orjson's text, which writes it raw."""
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the BMP: a UTF-16 surrogate pair, as json.dumps writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _float(value: float, *, safe: bool) -> Any:
    if math.isfinite(value):
        return orjson.Fragment(float.__repr__(value))
    if safe:  # json_safe's null
        return None
    raise Unusual("a non-finite float json_safe does not reach: the standard library refuses it")


def prepared(value: Any, *, safe: bool = True) -> Any:
    """``value`` as orjson writes it the standard library's way: floats as fragments of their
    Python text, and what ``json_default`` would make of other types made now. ``safe``: NaN
    and infinities become null, as ``json_safe`` makes them (not in what ``json_default``
    returns, which json_safe never sees: there they are an error, raised by the fallback)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if isinstance(value, float):  # numpy's float64 too: json writes it as a float
        return _float(value, safe=safe)
    if isinstance(value, str | int):  # subclasses (enums): both write the value
        return value
    if isinstance(value, dict):
        if not all(type(key) is str for key in value):
            raise Unusual("a key that is not text: the standard library converts it")
        return {key: prepared(item, safe=safe) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [prepared(item, safe=safe) for item in value]
    return prepared(json_default(value), safe=False)


def dumps(data: Any) -> str:
    """``data`` as indented (by two), ASCII-only JSON text, without a trailing newline; every
    float in it must already be ``prepared``. The standard library's text for what orjson
    refuses."""
    try:
        text = orjson.dumps(data, default=_default, option=orjson.OPT_INDENT_2).decode("utf-8")
    except (orjson.JSONEncodeError, Unusual):
        raise Unusual("orjson refused the document") from None
    return _NEEDS_ESCAPE.sub(escape_char, text)


def _default(value: Any) -> Any:
    return prepared(json_default(value), safe=False)


def stdlib_dumps(data: Any) -> str:
    """What the standard library writes (and raises) for ``data``: the fallback."""
    from sdc.reports.json_report import json_safe

    return json.dumps(json_safe(data), indent=2, default=json_default, allow_nan=False)
