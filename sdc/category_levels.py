"""Whether two header texts are recognisably two categories of one variable (``Female`` and
``Male``, ``0-64`` and ``65+``, ``2019`` and ``2020``, ``No`` and ``Yes``).

Used where a reading decides two count columns are not a whole and its part: a vocabulary may
only raise confidence that a pair is NOT nested; texts it does not know (``Residents`` and
``Vaccinated``) are left to the numbers (fail closed, issue 12)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

_SEX = {
    "M": frozenset({"m", "male", "males", "men", "man", "boys", "boy"}),
    "F": frozenset({"f", "female", "females", "women", "woman", "girls", "girl"}),
}
# the points of a compass, alone or two together: regions of one partition. ``North`` beside
# ``North East`` may hold it: a single point and a pair are not paired as categories
_COMPASS = re.compile(r"^(?:(north|south)[\s-]*(east|west)|(north|south|east|west|central))$")
_CODE = re.compile(r"^\d{1,3}$")  # a coded variable's values (``1``, ``2``, ``9``)
ANSWERS = frozenset({"yes", "no", "true", "false", "0", "1", "present", "absent"})
_YEAR = re.compile(r"^(1[89]|20)\d\d(?:\s*[/-]\s*\d{2}(?:\d{2})?)?$")
_AGE_WORDS = re.compile(r"\b(?:aged?|years?|yrs?|y)\b", re.I)
_AGE = r"\d{1,3}(?:\.\d+)?"
_NUM = rf"({_AGE})"
_RANGE = re.compile(rf"^{_NUM}\s*(?:-|–|to)\s*{_NUM}$")
# pandas ``cut``'s labels: ``(0, 64]``, ``[65, inf)``, ``(-0.001, 17.0]``
_PANDAS_INTERVAL = re.compile(rf"^([\[(])\s*(-?{_AGE}|-inf)\s*,\s*({_AGE}|inf)\s*([\])])$")
_AT_LEAST = re.compile(rf"^(?:{_NUM}\s*(?:\+|plus|and over|or over|and older|or older|"
                       rf"and above)|(?:over|>=|≥)\s*{_NUM})$", re.I)
_BELOW = re.compile(rf"^(?:under|below|<|less than)\s*{_NUM}$", re.I)

# (low, low included, high, high included)
_Band = tuple[float, bool, float, bool]


def _sex(text: str) -> str | None:
    key = text.strip().casefold()
    return next((sex for sex, names in _SEX.items() if key in names), None)


# a column headed by the whole population (``region,all``), as a margin names it
_WHOLE = frozenset({"all", "overall", "everyone", "all persons", "all people", "persons",
                    "people"})
# a variable's residual categories (``Other``, ``Unknown``): categories still
_RESIDUAL = frozenset({"other", "others", "unknown", "missing", "not known", "not stated",
                       "none"})
# a period named by its place in time (``previous``, ``current``: a change table's columns,
# one a file): a category of the period, as ``2019`` is
_PERIOD_NAMES = frozenset({"previous", "current", "prior", "before", "after", "baseline",
                           "latest", "last year", "this year", "earlier", "later", "old",
                           "new", "then", "now", "pre", "post"})


def names_a_category(text: str) -> bool:
    """``female``, ``Men``, ``North``, ``65+``, ``2019``, ``Yes``, ``all``: the header is one
    category of a variable (or the whole), so the column holds that category's figures, as
    each column of ``area,F,M`` does (round 51, the lead: a lone ``region,female`` column is
    read as its counts, like the two-column cross-tab, not as a header that says nothing). It
    only raises confidence that the numbers are counts; they are checked as counts either way."""
    key = " ".join(text.strip().casefold().split())
    return bool(key) and (_sex(key) is not None or _compass(key) is not None
                          or key in ANSWERS or key in _WHOLE or key in _RESIDUAL
                          or key in _PERIOD_NAMES
                          or bool(_YEAR.match(key) or _NUMBERED.match(key)
                                  or _STATE.match(key))
                          or age_band(key) is not None)


def names_a_sex_or_a_place(text: str) -> bool:
    """``female``, ``Men``, ``West``, ``South East``: a sex or a point of the compass, the
    categories a count of people is most often broken down by; a file named by one and a
    number (``West 3.csv``) states that category's count (``sdc.readers.name_counts``)."""
    key = " ".join(text.strip().casefold().split())
    return bool(key) and (_sex(key) is not None or _compass(key) is not None)


# a numbered category (``Q4``, ``Wave 2``, ``Stage III``, ``Group B``, ``All ages``): one
# category of a named variable. ``n1``, ``x2``, ``V3`` are not: a letter and a number name no
# variable (a tool's or a person's placeholder)
_NUMBERED = re.compile(r"^(?:q[1-4]|(?:quarter|wave|round|phase|stage|grade|level|cohort|arm|"
                       r"group|site|visit|week|month|year|band|tier|class|decile|quintile|"
                       r"tertile|quartile|category|cluster|trial|study)\s+[\w+-]{1,8}|"
                       r"all\s+\w+(?:\s+\w+)?)$")
# a state of the units counted (``vaccinated``, ``admitted``, ``non-smoker``): the category of
# an outcome or an exposure, what a count column of it is headed by
_STATE = re.compile(r"^(?:non[- ]?[a-z]{3,}|(?:un|not\s+)?[a-z]{3,}(?<!e)ed)$")


# two points of the compass by their initials (``NE``, ``N.E.``, ``n e``): the single letters
# are not (``N`` is a count's name, ``E`` and ``W`` many things)
_COMPASS_INITIALS = {"ne": "north east", "nw": "north west", "se": "south east",
                     "sw": "south west"}


def _compass(text: str) -> tuple[int, str] | None:
    """(1, ``north``) for a point of the compass, (2, ``north east``) for two (or its
    initials: ``NE``), else None. The initials (round 47, abbr47): ``sex,NE,SW / F,*,* /
    M,45,50`` was read as two columns that may nest (SDC101 ``review`` at M's NE: 50 less 45),
    which ``sex,North East,South West`` was not."""
    key = " ".join(text.strip().casefold().split())
    if not (m := _COMPASS.match(key)):
        long = _COMPASS_INITIALS.get(key.replace(".", "").replace(" ", ""))
        return None if long is None else (2, long)
    return (1, m[3]) if m[3] else (2, f"{m[1]} {m[2]}")


def age_band(text: str) -> _Band | None:
    """The interval an age band's text names (``0-64``, ``65+``, ``under 18``, ``(0, 64]``,
    ``aged 18-24 years``), or None."""
    s = _AGE_WORDS.sub(" ", text.strip())
    s = " ".join(s.split())
    if m := _RANGE.match(s):
        lo, hi = float(m[1]), float(m[2])
        return (lo, True, hi, True) if lo <= hi else None
    if m := _PANDAS_INTERVAL.match(s):
        lo = -math.inf if m[2] == "-inf" else float(m[2])
        hi = math.inf if m[3] == "inf" else float(m[3])
        return (lo, m[1] == "[", hi, m[4] == "]") if lo < hi else None
    if m := _AT_LEAST.match(s):
        return (float(m[1] or m[2]), True, math.inf, False)
    if m := _BELOW.match(s):
        return (-math.inf, False, float(m[1]), False)
    return None


def _disjoint(a: _Band, b: _Band) -> bool:
    first, second = sorted((a, b))
    if first[2] < second[0]:
        return True
    return first[2] == second[0] and not (first[3] and second[1])


def _says_band(text: str) -> bool:
    """Whether a band's text shows it is a band of a variable, not a code or a name shaped like
    a range (``1-2``): an age word (``aged 18-24``, ``65 years``), an open end (``65+``,
    ``under 18``) or pandas ``cut``'s interval (``(0, 64]``)."""
    if _AGE_WORDS.search(text):
        return True
    s = " ".join(text.split())
    return not _RANGE.match(s)


_AGE_DIMENSION = re.compile(r"\b(?:age|ages|aged|agegrp|ageband)\b", re.I)
_MIN_BARE_BANDS = 3  # bare ranges (``0-17``, ``18-64``, ``65-84``) that read as bands alone


def _bands(a: str, b: str, level: Iterable[str], dimension: str) -> bool:
    """``a`` and ``b`` are disjoint bands of one variable. Two bare ranges alone (``1-2`` and
    ``3-4``: codes, or two measures named so) are not enough (round 21, flat: a vocabulary hit
    removes a pair, so a wrong one is a wrong pass): one of them must say it is a band
    (``_says_band``), or the dimension's name say age, or the level hold at least three
    bands, none overlapping another (a partition of some span)."""
    band_a, band_b = age_band(a), age_band(b)
    if band_a is None or band_b is None or not _disjoint(band_a, band_b):
        return False
    if _says_band(a) or _says_band(b) or _AGE_DIMENSION.search(dimension.replace("_", " ")):
        return True
    bands = [band for text in {*level, a, b} if (band := age_band(text)) is not None]
    return len(bands) >= _MIN_BARE_BANDS and all(
        _disjoint(x, y) for i, x in enumerate(bands) for y in bands[i + 1:])


# a variable's residual category (``Female``, ``Male``, ``Other``; ``Unknown`` beside bands)
_RESIDUAL = frozenset({"other", "others", "unknown", "not known", "not stated", "missing",
                       "unspecified", "indeterminate", "prefer not to say", "not recorded"})


def _residual_beside(residual: str, other: str, level: list[str], dimension: str) -> bool:
    """``residual`` is a residual category (``Other``) and ``other`` a category of a known
    kind with another of its kind in the level (``Male`` beside ``Female``): the residual
    category of that variable, not a whole holding ``other``."""
    if not _is_residual(residual) or _is_residual(other):
        return False
    return any(categories_of_one_variable(other, partner, level, dimension)
               for partner in level if partner not in (other, residual)
               and not _is_residual(partner))


def _is_residual(text: str) -> bool:
    return " ".join(text.casefold().split()) in _RESIDUAL


def categories_of_one_variable(a: str, b: str, level: Iterable[str] = (),
                               dimension: str = "") -> bool:
    """``a`` and ``b`` are two different categories of one known kind: two sexes, two codes
    (``1``, ``2``), two regions named by the compass (``North``, ``South East``; not ``North``
    and ``North East``), two bands of one variable that do not overlap (``65+`` and ``75+``
    may nest: not categories; bare ranges need more, ``_bands``), two years, two answers of
    one question, a residual category (``Other``, ``Unknown``) beside two of a known kind in
    its level. ``level``: the other texts
    of the header level they stand in; ``dimension``: its name, if the file gives one.
    Anything else (unknown words, a mix of kinds): False."""
    a, b = a.strip(), b.strip()
    if not a or not b or a.casefold() == b.casefold():
        return False
    sa, sb = _sex(a), _sex(b)
    if sa and sb:
        return sa != sb
    if {a.casefold(), b.casefold()} <= ANSWERS:
        return True
    if _YEAR.match(a) and _YEAR.match(b):
        return True
    if _CODE.match(a) and _CODE.match(b):
        return True  # ``1`` and ``2``: codes of one coded variable (a header of codes)
    ca, cb = _compass(a), _compass(b)
    if ca and cb:
        return ca[0] == cb[0] and ca != cb
    level = [text.strip() for text in level]
    return _bands(a, b, level, dimension) or _residual_beside(a, b, level, dimension) \
        or _residual_beside(b, a, level, dimension)
