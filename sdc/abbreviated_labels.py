"""Labels one output abbreviates that another spells out (``NE`` there, ``North East`` here).

Why: differencing (SDC503) pairs a subgroup's count with the whole's under the same labels.
An insider who writes the whole by ``North East``, ``South West``, ``London`` and the subgroup
by ``NE``, ``SW``, ``LDN`` leaves no shared label, so the whole less the subgroup (3 children)
was never taken (hunt round 27). A short label abbreviates a longer one when it is its words'
initials (``NE``) or its letters in order from the first (``LDN``, ``Lon``); the labels are
paired only when every label one output alone has abbreviates exactly one the other alone
has, and no two share one: a one-to-one renaming, not a guess among several.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

MAX_SHORT = 6  # letters of an abbreviation; a longer label is a name of its own
MAX_LABELS = 200  # labels one output alone has: more are no renamed categories (and the
# pairing tries each against each)
_WORD = re.compile(r"[A-Za-z]+")


def abbreviates(short: str, long: str, initials_only: bool = False) -> bool:
    """Whether ``short`` (letters, dots, at most ``MAX_SHORT`` letters) abbreviates
    ``long``: its words' initials, or (unless ``initials_only``) its letters in order starting
    from its first."""
    letters = short.replace(".", "").strip()
    if not letters.isalpha() or len(letters) > MAX_SHORT:
        return False
    words = _WORD.findall(long)
    whole = "".join(words).casefold()
    small = letters.casefold()
    if len(small) >= len(whole) or not whole.startswith(small[0]) or \
            small in (w.casefold() for w in words):
        return False  # ``North`` is a word of ``North East``, another place
    if len(words) > 1 and small == "".join(w[0] for w in words).casefold():
        return True
    if initials_only:
        return False
    rest = iter(whole[1:])
    return all(c in rest for c in small[1:])  # the rest of its letters, in order


def _first(label: str) -> str:
    return label.strip()[:1].casefold()


def first_letters(labels: Iterable[str]) -> str:
    """The labels' first letters, sorted: two label sets a one-to-one renaming joins have the
    same (a cheap test before ``renaming``)."""
    return "".join(sorted(_first(label) for label in labels))


def renaming(mine: Iterable[str], theirs: Iterable[str]) -> dict[str, str]:
    """Each label only ``mine`` has -> the one label only ``theirs`` has that it abbreviates,
    when that pairs every such label of ``mine`` one to one; else an empty mapping."""
    own, other = set(mine), set(theirs)
    shorts, longs = own - other, sorted(other - own)
    if not shorts or len(shorts) > MAX_LABELS or len(longs) > MAX_LABELS:
        return {}
    if Counter(_first(s) for s in shorts) - Counter(_first(s) for s in longs):
        return {}  # an abbreviation keeps its first letter: one to one, as many of each
    found: dict[str, str] = {}
    for short in sorted(shorts):
        # initials first: ``SE`` is South East's, though its letters are in South West too
        matches = [long for long in longs if abbreviates(short, long, initials_only=True)]
        if len(matches) != 1:
            matches = [long for long in longs if abbreviates(short, long)]
        if len(matches) != 1:
            return {}
        found[short] = matches[0]
    if len(set(found.values())) != len(found):
        return {}
    return found
