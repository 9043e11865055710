"""Areas (or categories) named as unions of names: ``Districts A+B``, ``Area A & B``, ``North
and East``. A union published beside some of its parts gives the others by subtraction
(``Districts A+B`` − ``District A`` is district B), which SDC503 compares with the threshold as
it does numbered ranges (``Ward 1-3`` beside ``Ward 1-4``, :func:`sdc.bands.parse_named_bands`).

Names are unordered, so these are sets of names, not intervals. A label is read as
``word`` + names: the words before the last one of its first part are the units' word
(``district``, a plural ``s`` dropped; empty for ``North and East``), the last word of each part
is a name. A label that is one name (``District A``, ``North``) is read the same way, so the
two sides of a comparison are split alike; a name read wrongly only fails to match (nothing is
compared), it never makes a match. Labels that read as numeric bands (``18 and over``) are not
unions.

Names of several words (``North East and South``, where the first reading takes ``north`` for
the units' word) have a second reading, :func:`parse_whole_names`: each part whole is one name.
The caller uses it only where such a part is itself a published label (``North East``), so the
parts it subtracts are counts the release prints under those names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["NamedSet", "Remainder", "UnionPart", "may_be_union", "name_key", "parse_named_set",
           "parse_whole_names", "union_remainders"]

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"})
# ``+`` and ``&`` join names only; ``and`` and commas also join words of one category
# ("Mining and quarrying"), so a union read through them is only suggested
_STRICT = re.compile(r"\s*[+&]\s*")
_LOOSE = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)
_TOKEN = re.compile(r"^[^\W_]+$")
# words that end a band or a catch-all, never a name of a unit
_NOT_NAMES = frozenset({"over", "under", "above", "below", "older", "younger", "more", "less",
                        "up", "upwards", "beyond", "other", "others", "unknown", "missing",
                        "not", "stated", "total", "all", "none", "elsewhere"})


_JOINER = re.compile(r"[+&,]| and ", re.IGNORECASE)


def may_be_union(label: str) -> bool:
    """A cheap first look: only a label with a joiner can name several units."""
    return _JOINER.search(label) is not None


@dataclass(frozen=True)
class NamedSet:
    """A label read as the units' ``word`` and the set of ``names`` it covers; ``strict``
    when its names are joined by ``+``/``&`` only (a union) or it is a single name."""

    word: str
    names: frozenset[str]
    strict: bool


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


@lru_cache(maxsize=8192)
def parse_named_set(label: str) -> NamedSet | None:
    """``label`` as a :class:`NamedSet`, or None when it cannot be one (empty, numbers
    with band words, a name that is not a single word)."""
    from sdc.bands import parse_band

    text = " ".join(label.translate(_DASHES).split())
    if not text or parse_band(text) is not None:
        return None
    strict_parts = _STRICT.split(text)
    parts = strict_parts if len(strict_parts) > 1 else _LOOSE.split(text)
    strict = len(strict_parts) > 1 or len(parts) == 1
    words: str | None = None
    names = set()
    for i, part in enumerate(parts):
        tokens = part.split()
        if not tokens or not all(_TOKEN.match(t) for t in tokens):
            return None
        name = tokens[-1].casefold()
        if name in _NOT_NAMES:
            return None
        lead = " ".join(_singular(t.casefold()) for t in tokens[:-1])
        if i == 0:
            words = lead
        elif lead and lead != words:  # ``District A and Ward B``: not one kind of unit
            return None
        names.add(name)
    if len(names) != len(parts):
        return None
    return NamedSet(words or "", frozenset(names), strict)


def name_key(label: str) -> str:
    """A label as a name of several words is compared: spaces and dashes made alike, case
    folded."""
    return " ".join(label.translate(_DASHES).split()).casefold()


@lru_cache(maxsize=8192)
def parse_whole_names(label: str) -> NamedSet | None:
    """``label`` read with each part one name, whatever its number of words (``North East and
    South`` is ``{north east, south}``, ``North East`` is ``{north east}``; no units' word).
    None where no part has several words (the first reading says the same) or the label
    cannot be names (a band, a catch-all, a part that is not words)."""
    from sdc.bands import parse_band

    text = name_key(label)
    if not text or parse_band(text) is not None:
        return None
    strict_parts = _STRICT.split(text)
    parts = strict_parts if len(strict_parts) > 1 else _LOOSE.split(text)
    names: set[str] = set()
    for part in parts:
        tokens = part.split()
        if not tokens or not all(_TOKEN.match(t) for t in tokens) or \
                any(t in _NOT_NAMES for t in tokens):
            return None
        names.add(" ".join(tokens))
    if len(names) != len(parts) or all(" " not in n for n in names):
        return None
    return NamedSet("", frozenset(names), len(strict_parts) > 1 or len(parts) == 1)


@dataclass(frozen=True)
class UnionPart:
    """A published count of a set of names: the thing compared. ``key`` is anything that
    identifies its cell to the caller."""

    names: frozenset[str]
    value: float | None
    key: object


@dataclass(frozen=True)
class Remainder:
    """``union`` minus the disjoint ``parts`` (all inside it): the count of ``names``."""

    union: UnionPart
    parts: tuple[UnionPart, ...]
    names: frozenset[str]
    value: float


def union_remainders(union: UnionPart, parts: list[UnionPart],
                     published: set[frozenset[str]]) -> Remainder | None:
    """The names of ``union`` that ``parts`` (counts of proper subsets of it) leave
    over, and their count: the largest parts first, each disjoint from those taken. None when
    nothing is left, no part lies inside, a number is hidden, or what is left is published
    itself (``published``: its own count is checked as it stands)."""
    inside = sorted((p for p in parts if p.names < union.names),
                    key=lambda p: (-len(p.names), sorted(p.names)))
    taken: list[UnionPart] = []
    covered: set[str] = set()
    for part in inside:
        if not covered & part.names:
            taken.append(part)
            covered |= part.names
    left = union.names - covered
    if not taken or not left or frozenset(left) in published:
        return None
    values = [p.value for p in taken]
    if union.value is None or None in values:
        return None
    return Remainder(union, tuple(taken), frozenset(left),
                     float(union.value) - sum(float(v) for v in values if v is not None))
