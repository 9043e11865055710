"""Turn a cell's text into a number, a suppression marker, or neither.

A marker is a suppressed cell: never a number and never silently NaN, because the audit of
suppression (and the reviewer) must see that something was hidden there.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_THOUSANDS_SPACE = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_CENSORED = re.compile(r"^(<|≤|<=|&lt;)\s*\d+(\.\d+)?$")


# SAS's (and Stata's) missing number printed as a lone period: a cell that publishes no number,
# read as the empty cell is (a blank is what ``proc export`` writes in its place). It has no
# digit, so reading it so loses no number; an attacker can write the blank as easily.
MISSING_DOT = "."


class MarkerSet:
    """The policy's suppression markers, matched case-insensitively after trimming."""

    def __init__(self, markers: Iterable[str], *, censored_pattern: bool = True) -> None:
        self.markers = {m.strip().lower() for m in markers}
        self.empty_is_marker = "" in self.markers
        self.censored_pattern = censored_pattern
        self.dot_is_marker = MISSING_DOT in self.markers

    def match(self, text: str) -> str | None:
        """The marker text if ``text`` is a suppression marker, else None."""
        stripped = text.strip()
        low = stripped.lower()
        if low == "":
            return "" if self.empty_is_marker else None
        if low in self.markers:
            return stripped
        if self.censored_pattern and _CENSORED.match(low):
            return stripped
        return None


def missing_as_blank(text: str, markers: MarkerSet) -> str:
    """``text``, or the empty cell's text when it is SAS's missing value ``.`` (spaces
    around it allowed, as a fixed-width column pads it) and the policy has not made ``.`` a
    suppression marker of its own."""
    return "" if text.strip() == MISSING_DOT and not markers.dot_is_marker else text


def censored_upper(text: str) -> float | None:
    """The largest whole count a censored marker allows (``<3``: 2, ``≤2``: 2, ``<1``: 0), or
    None when ``text`` is no censored marker."""
    low = text.strip().lower()
    if not _CENSORED.match(low):
        return None
    m = re.search(r"\d+(?:\.\d+)?$", low)
    assert m is not None
    bound = float(m[0])
    strict = (low.startswith("<") and not low.startswith("<=")) or low.startswith("&lt;")
    return float(math.ceil(bound) - 1 if strict else math.floor(bound))


def parse_number(text: str, *, decimal_comma: bool = False) -> float | None:
    """Parse a published number: thousands separators, percent signs, currency, brackets.

    Returns None when the text is not a number. ``decimal_comma`` is set for files that use a
    semicolon delimiter, where ``12,5`` means twelve and a half.
    """
    s = text.strip()
    if not s:
        return None
    s = s.replace("\u2212", "-")  # unicode minus
    if s.endswith("%"):
        s = s[:-1].strip()
    if s[:1] in "£$€":
        s = s[1:].strip()
    if s.startswith("(") and s.endswith(")") and len(s) > 2:
        s = "-" + s[1:-1].strip()
    if _NUMBER.match(s):
        return _finite(s)
    if _THOUSANDS_COMMA.match(s) and not (decimal_comma and _DECIMAL_COMMA.match(s)):
        return _finite(s.replace(",", ""))
    if _THOUSANDS_SPACE.match(s):
        return _finite(re.sub(r"[ \u00a0\u202f]", "", s).replace(",", "."))
    if decimal_comma:
        if _DECIMAL_COMMA.match(s):
            return _finite(s.replace(",", "."))
        if _THOUSANDS_DOT.match(s):
            return _finite(s.replace(".", "").replace(",", "."))
    return None


def _finite(s: str) -> float | None:
    try:
        value = float(s)
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return value


def is_integer(value: float) -> bool:
    return float(value).is_integer()
