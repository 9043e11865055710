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

import codecs
import json
import math
from json.encoder import encode_basestring_ascii
from typing import Any

import orjson

from sdc.reports.common import json_default


class Unusual(Exception):
    """A value ``prepared`` cannot copy exactly: the standard library writes the document."""


def _escaped_run(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler of :func:`ascii_escaped`: the run of characters ASCII cannot
    encode, each as ``json.dumps`` escapes it (``\\uXXXX``, a surrogate pair outside the BMP)."""
    if not isinstance(error, UnicodeEncodeError):  # pragma: no cover - only encoding uses it
        raise error
    # the standard library's own escaping of a string (C), its quotes cut: a run holds no
    # quote, backslash or control character (those are ASCII)
    return encode_basestring_ascii(error.object[error.start:error.end])[1:-1], error.end


_ESCAPED = "sdc.json_ascii"
codecs.register_error(_ESCAPED, _escaped_run)


def ascii_escaped(text: str, *, delete: bool) -> str:
    """``text`` with every non-ASCII character escaped as ``json.dumps`` escapes it (and DEL,
    ``delete``). Why (round 50, tail50): a regular expression's substitution scanned the whole
    report (23 MB for 1,000 small tables: ~0.05 s of ``sdc check -f json``'s serial tail);
    ``str.isascii`` and an ASCII encoding (C, with this module's error handler called once a
    run of other characters) give the same text in a third of it."""
    if delete and "\x7f" in text:
        text = text.replace("\x7f", "\\u007f")
    if text.isascii():
        return text
    return text.encode("ascii", _ESCAPED).decode("ascii")


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
    return ascii_escaped(text, delete=True)


def _default(value: Any) -> Any:
    return prepared(json_default(value), safe=False)


def stdlib_dumps(data: Any) -> str:
    """What the standard library writes (and raises) for ``data``: the fallback."""
    from sdc.reports.json_report import json_safe

    return json.dumps(json_safe(data), indent=2, default=json_default, allow_nan=False)
