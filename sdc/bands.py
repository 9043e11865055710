"""Band labels of a numeric variable (``18-64``, ``<20``, ``70+``) as intervals, and the slivers
two different cuttings of the same variable give away.

Semantics. A band is the half-open interval ``[lo, hi)`` of the real line; ``lo`` may be ``-inf``
and ``hi`` ``inf``. Labels are read as *inclusive at the precision they are written in*: the
integers of ``18-64`` are 18 to 64, so the band is ``[18, 65)``; ``18.5-24.9`` (one decimal) is
``[18.5, 25.0)``. Strict bounds move by one unit of that precision: ``over 70`` and ``>70`` are
``[71, inf)``, ``(20,25]`` is ``[21, 26)``, while ``<20``, ``under 20`` and ``20-<25`` exclude
their number as written (``[-inf, 20)``, ``[20, 25)``). Pass ``resolution`` to impose the unit
(``resolution=1`` for ages recorded in whole years whatever the label looks like).

Differencing. If one output cuts age as ``<20, 20-39`` and another as ``<25, 25-39``, subtracting
``<20`` from ``<25`` gives the count of ages 20-24, a band neither output published:
:func:`derive_slivers` finds every such sliver and says how it is obtained.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Band", "SliverDerivation", "derive_slivers", "parse_band", "parse_bands",
           "parse_date_bands", "parse_described_bands", "parse_named_bands"]


@dataclass(frozen=True, order=True)
class Band:
    """The half-open interval ``[lo, hi)``; ``label`` is the text it was read from."""

    lo: float
    hi: float
    label: str = ""

    def __post_init__(self) -> None:
        if math.isnan(self.lo) or math.isnan(self.hi) or not self.lo < self.hi:
            raise ValueError(f"a band needs lo < hi, got [{self.lo}, {self.hi})")

    def __contains__(self, x: object) -> bool:
        return isinstance(x, int | float) and self.lo <= x < self.hi

    @property
    def width(self) -> float:
        return self.hi - self.lo

    def same_interval(self, other: Band) -> bool:
        return self.lo == other.lo and self.hi == other.hi

    def overlaps(self, other: Band) -> bool:
        return self.lo < other.hi and other.lo < self.hi

    def interval(self) -> str:
        """``[20, 25)``: the interval without the label."""
        return f"[{_fmt(self.lo)}, {_fmt(self.hi)})"

    def __str__(self) -> str:
        return self.label or self.interval()


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "-inf" if x < 0 else "inf"
    return str(int(x)) if float(x).is_integer() else repr(float(x))


# -- parsing ------------------------------------------------------------------------------------

_NUM = r"[-+]?\d+(?:\.\d+)?"
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-",
                         "\u2010": "-", "\u2011": "-"})
_PREFIX = re.compile(r"^(?:age\s+(?:group|band|range)|aged|ages|age)\b\s*:?\s*")
_YEARS = re.compile(r"\b(?:years?|yrs?)\b\.?(?:\s+old\b)?")
# Units of age below a year: a band in months, weeks or days is read in that unit, then
# converted to years so that ``0-11 months`` and ``1-4`` years sit on one line.
_UNITS: list[tuple[re.Pattern[str], float]] = [
    (re.compile(r"\b(?:months?|mths?|mos?)\b\.?(?:\s+old\b)?"), 1 / 12),
    (re.compile(r"\b(?:weeks?|wks?)\b\.?(?:\s+old\b)?"), 7 / 365.25),
    (re.compile(r"\b(?:days?)\b\.?(?:\s+old\b)?"), 1 / 365.25),
]
_SUFFIX = re.compile(r"(?<=[\d+])\s*(?:y\.?o\.?|yo|y)\s*$")
_THOUSANDS = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+)(?![\d,])")

_LESS = r"(?:<|under|less\s+than|below|younger\s+than|fewer\s+than|lower\s+than)"
_AT_MOST = r"(?:<=|=<|≤|up\s+to|at\s+most|not\s+more\s+than|no\s+more\s+than)"
_MORE = r"(?:>|over|above|more\s+than|older\s+than|greater\s+than|higher\s+than)"
_AT_LEAST = r"(?:>=|=>|≥|at\s+least|not\s+less\s+than|no\s+less\s+than|from)"
_AND_BELOW = r"(?:and|or|&)\s+(?:under|below|younger|less|fewer|lower)"
_AND_ABOVE = r"(?:and|or|&)\s+(?:over|above|older|more|greater|up|higher|upwards|beyond)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("interval", re.compile(
        rf"^(?P<lb>[\[(])\s*(?P<a>{_NUM}|-inf)?\s*[,;]\s*(?P<b>{_NUM}|\+?inf)?\s*(?P<rb>[\])])$"
    )),
    ("range", re.compile(
        rf"^(?:from\s+)?(?P<a>{_NUM})\s*(?:-|to|until|through|thru|\.\.)\s*"
        rf"(?P<strict>{_LESS}\s*)?(?P<b>{_NUM})$"
    )),
    ("range", re.compile(rf"^between\s+(?P<a>{_NUM})\s+and\s+(?P<b>{_NUM})$")),
    ("below", re.compile(rf"^{_LESS}\s*(?P<b>{_NUM})$")),
    ("at_most", re.compile(rf"^{_AT_MOST}\s*(?P<b>{_NUM})$")),
    ("at_most", re.compile(rf"^(?P<b>{_NUM})\s*{_AND_BELOW}$")),
    ("above", re.compile(rf"^{_MORE}\s*(?P<a>{_NUM})$")),
    ("at_least", re.compile(rf"^{_AT_LEAST}\s*(?P<a>{_NUM})$")),
    ("at_least", re.compile(rf"^(?P<a>{_NUM})\s*(?:\+|{_AND_ABOVE}|\+\s*{_AND_ABOVE})$")),
    ("single", re.compile(rf"^(?P<a>{_NUM})$")),
]


def _normalise(label: str) -> str:
    s = label.translate(_DASHES).strip().lower()
    if not s.startswith(("[", "(")):  # in "(100,200]" the comma separates, it is no thousands
        s = _THOUSANDS.sub(lambda m: m.group(1).replace(",", ""), s)
    s = re.sub(r"[£$€]", "", s)
    s = _PREFIX.sub("", s)
    s = _YEARS.sub(" ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = _SUFFIX.sub("", s)
    return s


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def _unit(numbers: Iterable[str | None], resolution: float | None) -> float:
    if resolution is not None:
        if resolution <= 0:
            raise ValueError(f"resolution must be positive, got {resolution}")
        return float(resolution)
    places = max((_decimals(n) for n in numbers if n and "inf" not in n), default=0)
    return 10.0**-places


def _add(x: float, unit: float) -> float:
    """``x + unit`` without binary noise (``24.9 + 0.1`` is 25.0, not 25.000000000000004)."""
    places = max(0, -math.floor(math.log10(unit))) if unit < 1 else 0
    return round(x + unit, places + 6)


def parse_band(
    label: str, *, single_values: bool = False, resolution: float | None = None
) -> Band | None:
    """The band a label stands for, or ``None`` when it is not one (``Male``, ``Total``).

    A bare number (``0``, ``2019``) is a category more often than a band (a year, a code), so it is
    ``None`` unless ``single_values`` is set, when it is the one-unit band ``[n, n + 1)``;
    :func:`parse_bands` sets it for a list that has genuine bands too (``0, 1-4, 5-9``).
    """
    if not isinstance(label, str):
        return None
    return _parse_band(label, single_values, resolution)


@lru_cache(maxsize=65_536)
def _parse_band(label: str, single_values: bool, resolution: float | None) -> Band | None:
    """parse_band, once per distinct label (a long table repeats its bands on every row)."""
    s, scale = _without_unit(_normalise(label))
    if not s:
        return None
    for kind, pattern in _PATTERNS:
        m = pattern.match(s)
        if m is None:
            continue
        bounds = _bounds(kind, m, resolution, single_values)
        if bounds is None:
            return None
        lo, hi = bounds
        if not lo < hi:
            return None
        if scale != 1.0:
            lo, hi = lo * scale, hi * scale
        return Band(lo, hi, label.strip())
    return None


def _without_unit(s: str) -> tuple[str, float]:
    """The label without its unit word (``10-20 thousand``) and the unit's factor."""
    for unit_pattern, factor in _UNITS:
        if unit_pattern.search(s):
            return re.sub(r"\s+", " ", unit_pattern.sub(" ", s)).strip(), factor
    return s, 1.0


def _number(text: str | None) -> float:
    if text is None:  # the pattern of this kind always captures it
        raise TypeError("a band pattern matched without its number")
    return float(text)


def _bounds(kind: str, m: re.Match[str], resolution: float | None,
            single_values: bool) -> tuple[float, float] | None:
    """The half-open ``[lo, hi)`` a matched label of this kind means: closed ends and whole
    ranges move by the labels' unit (``0-9`` is ``[0, 10)``); None for a single value when
    those are not bands here."""
    groups = m.groupdict()
    a, b = groups.get("a"), groups.get("b")
    unit = _unit((a, b), resolution)
    inf = math.inf
    if kind == "interval":
        lo = -inf if a in (None, "-inf") else _number(a)
        hi = inf if b in (None, "inf", "+inf") else _number(b)
        if m["lb"] == "(" and math.isfinite(lo):
            lo = _add(lo, unit)
        if m["rb"] == "]" and math.isfinite(hi):
            hi = _add(hi, unit)
        return lo, hi
    if kind == "range":
        lo, hi = _number(a), _number(b)
        return lo, hi if groups.get("strict") else _add(hi, unit)
    if kind == "below":
        return -inf, _number(b)
    if kind == "at_most":
        return -inf, _add(_number(b), unit)
    if kind == "above":
        return _add(_number(a), unit), inf
    if kind == "at_least":
        return _number(a), inf
    if not single_values:  # single
        return None
    lo = _number(a)
    return lo, _add(lo, unit)


def parse_bands(
    labels: Sequence[str], *, resolution: float | None = None
) -> list[Band | None]:
    """Parse the labels of one variable; bare numbers count as bands when real bands are present.

    ``["0", "1-4", "5-9", "10+"]`` is a banding whose first band is the single value 0;
    ``["2019", "2020"]`` are categories and all come back ``None``.
    """
    parsed = [parse_band(x, resolution=resolution) for x in labels]
    if not any(b is not None for b in parsed):
        return parsed
    return [parse_band(x, single_values=True, resolution=resolution) for x in labels]


# -- periods of dates -----------------------------------------------------------------------------

_MONTHS = {name: i + 1 for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")]) for name in names}
_ISO_DATE = r"\d{4}[-/]\d{1,2}(?:[-/]\d{1,2})?"
_NAMED_MONTH = r"(?:\d{1,2}\s+)?[a-z]{3,9}\.?[\s-]+\d{4}"
_DATE = rf"(?:{_ISO_DATE}|{_NAMED_MONTH})"
_PERIOD = re.compile(rf"^(?:from\s+)?(?P<a>{_DATE})\s*(?:\s-\s|-(?=\s*[a-z])|to|until|through|"
                     rf"thru|\.\.)\s*(?P<b>{_DATE})$")
_ONE_DATE = re.compile(rf"^(?P<a>{_DATE})$")


def _day_span(text: str) -> tuple[int, int] | None:
    """The days ``[first, after last)`` of one written date or month, as ``date.toordinal``
    numbers (``2020-06`` is every day of June 2020); None when it is no date."""
    import datetime as dt

    text = text.strip()
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?", text)
    try:
        if m:
            year, month, day = int(m[1]), int(m[2]), m[3]
        else:
            m = re.fullmatch(r"(?:(\d{1,2})\s+)?([a-z]{3,9})\.?[\s-]+(\d{4})", text)
            if m is None or m[2] not in _MONTHS:
                return None
            year, month, day = int(m[3]), _MONTHS[m[2]], m[1]
        if day is not None:
            first = dt.date(year, month, int(day)).toordinal()
            return first, first + 1
        after = dt.date(year + month // 12, month % 12 + 1, 1)
        return dt.date(year, month, 1).toordinal(), after.toordinal()
    except ValueError:  # month 13, day 31 of June
        return None


_QUARTER = re.compile(r"(?:(?P<y>\d{4})\s*-?\s*q(?P<q>[1-4])"
                      r"|q(?P<q2>[1-4])\s*-?\s*(?P<y2>\d{4}))")
_MONTH_RANGE = re.compile(r"(?P<a>[a-z]{3,9})\.?(?:\s*-\s*|\s+(?:to|until|through)\s+)"
                          r"(?P<b>[a-z]{3,9})\.?[\s-]+(?P<y>\d{4})")
_FINANCIAL_YEAR = re.compile(r"(?:fy|financial\s+year|fiscal\s+year|tax\s+year)\s*"
                             r"(?P<a>\d{4})\s*[/-]\s*(?P<b>\d{2}|\d{4})")


def _named_period(text: str) -> tuple[int, int] | None:
    """The days of a period named as a whole: a quarter (``2023 Q1``, ``Q1 2023``), months
    of one year (``Jan-Mar 2024``, ``January to March 2024``) or a financial year (``FY
    2023/24``: April to March, the UK's, as its TREs publish them). None when it is none of
    them (a range of months running over a year end is not read: which year is whose)."""
    import datetime as dt

    def days(year: int, first: int, last: int) -> tuple[int, int]:
        after = dt.date(year + last // 12, last % 12 + 1, 1)
        return dt.date(year, first, 1).toordinal(), after.toordinal()

    if (m := _QUARTER.fullmatch(text)) is not None:
        year, q = int(m["y"] or m["y2"]), int(m["q"] or m["q2"])
        return days(year, 3 * q - 2, 3 * q)
    if (m := _MONTH_RANGE.fullmatch(text)) is not None:
        a, b = _MONTHS.get(m["a"]), _MONTHS.get(m["b"])
        if a is None or b is None or not a < b:
            return None
        return days(int(m["y"]), a, b)
    if (m := _FINANCIAL_YEAR.fullmatch(text)) is not None:
        start, end = int(m["a"]), int(m["b"])
        if (end if end >= 100 else start // 100 * 100 + end) != start + 1:
            return None
        return dt.date(start, 4, 1).toordinal(), dt.date(start + 1, 4, 1).toordinal()
    return None


@lru_cache(maxsize=65_536)
def _parse_period(label: str, single_values: bool) -> Band | None:
    s = re.sub(r"\s+", " ", label.translate(_DASHES).strip().lower())
    named = _named_period(s)
    if named is not None:
        return Band(float(named[0]), float(named[1]), label.strip())
    m = _PERIOD.match(s)
    if m is not None:
        a, b = _day_span(m["a"]), _day_span(m["b"])
        if a is None or b is None or not a[0] < b[1]:
            return None
        return Band(float(a[0]), float(b[1]), label.strip())
    m = _ONE_DATE.match(s) if single_values else None
    span = _day_span(m["a"]) if m is not None else None
    return None if span is None else Band(float(span[0]), float(span[1]), label.strip())


def parse_date_bands(labels: Sequence[str]) -> list[Band | None]:
    """Periods of dates (``2020-01 to 2020-06``, ``Jan 2020 - Mar 2020``, ``2020-01-01 to
    2020-03-31``; quarters, ``Jan-Mar 2020`` and financial years, :func:`_named_period`) as
    bands of days (``date.toordinal``: a month is its days, so periods written by month and
    by day compare). A single date or month is a band only in a list that has a
    period too (as bare numbers are in :func:`parse_bands`): ``Jan 2020, Feb 2020`` alone are
    categories. Kept apart from :func:`parse_band`, which the readers use to tell labels
    from numbers; only differencing asks for periods."""
    if not any(isinstance(x, str) and _parse_period(x, False) is not None for x in labels):
        return [None] * len(labels)
    return [_parse_period(x, True) if isinstance(x, str) else None for x in labels]


# -- bands described by a name -------------------------------------------------------------------

_WORDS = r"[^\W\d_]+(?:[ .'&/-]+[^\W\d_]+)*\.?"
# ``Children (0-17)``, ``Children: 0-17``, ``Children [0-17]``; ``0-17 (children)``
_DESCRIBED = (
    re.compile(rf"^(?P<words>{_WORDS})\s*(?:\((?P<a>[^()]+)\)|\[(?P<b>[^\[\]]+)\]|:\s*(?P<c>.+))$"),
    re.compile(rf"^(?P<a>[^()\[\]]*\d[^()\[\]]*?)\s*(?:\((?P<words>{_WORDS})\)|"
               rf"\[(?P<words2>{_WORDS})\])$"),
)
# ``Children 0-17``: read so only beside other names (one name for all is numbered units:
# :func:`parse_named_bands`)
_NAME_THEN_BAND = re.compile(rf"^(?P<words>{_WORDS})\s+(?P<a>\d.*)$")


def parse_described_bands(labels: Sequence[str]) -> list[Band | None]:
    """Bands written with a name (``Children (0-17)``, ``Adults: 18-39``, ``40+ (older)``,
    ``Children 0-17`` beside ``Adults 18-39``): the band each label's numbers give, so a
    cutting written so is compared with one written bare (``0-19``: hunt12, 0-19 less
    ``Children (0-17)`` is the 18-19s). A label with no name is read as :func:`parse_bands`
    reads it. None for every label when no label is a described band."""
    inner: list[str | None] = []
    plain_names: set[str] = set()
    for label in labels:
        text = label.translate(_DASHES).strip() if isinstance(label, str) else ""
        found = None
        for pattern in _DESCRIBED:
            m = pattern.match(text)
            if m is not None:
                found = m["a"] or m.groupdict().get("b") or m.groupdict().get("c")
                break
        if found is None and (m := _NAME_THEN_BAND.match(text)) is not None:
            word = m["words"].casefold()  # ``Wards 1 to 3`` beside ``Ward 4-6``: one name
            plain_names.add(word[:-1] if word.endswith("s") and not word.endswith("ss")
                            else word)
            found = m["a"]
        inner.append(found)
    if not any(x is not None for x in inner) or len(plain_names) == 1:
        return [None] * len(labels)
    texts = [x if x is not None else (label if isinstance(label, str) else "")
             for x, label in zip(inner, labels, strict=True)]
    bands = parse_bands(texts)
    if not any(b is not None and x is not None for b, x in zip(bands, inner, strict=True)):
        return [None] * len(labels)
    return [None if b is None else Band(b.lo, b.hi, label.strip())
            for b, label in zip(bands, labels, strict=True)]


# -- numbered units named as ranges ---------------------------------------------------------------

_NAMED = re.compile(r"^(?P<word>[^\W\d_]+(?:[ .'][^\W\d_]+)*?)\.?\s+(?P<rest>\d.*)$")


def parse_named_bands(labels: Sequence[str]) -> tuple[str, list[Band | None]] | None:
    """Numbered units named as ranges (``Ward 1-3``, ``Wards 1 to 4``, ``Practice 7``): the
    units' word (casefolded, a plural ``s`` dropped) and each label's band of unit numbers,
    read as whole numbers (``Ward 1-3`` is ``[1, 4)``: wards 1, 2 and 3). A list is read so
    only when its labels that name the word all name the same one and one of them is a range
    (``Ward 3, Ward 4`` alone are categories, as bare numbers are in :func:`parse_bands`);
    other labels (``Total``, ``Unknown``) are ``None``. Kept apart from :func:`parse_band`:
    only differencing asks for them, and compares them only with the same word's."""
    words: set[str] = set()
    rests: list[str | None] = []
    for label in labels:
        m = _NAMED.match(label.translate(_DASHES).strip()) if isinstance(label, str) else None
        if m is None:
            rests.append(None)
            continue
        word = m["word"].casefold()
        words.add(word[:-1] if word.endswith("s") and not word.endswith("ss") else word)
        rests.append(m["rest"])
    if len(words) != 1 or not any(
            r is not None and _whole_range(r) for r in rests):
        return None
    bands: list[Band | None] = []
    for label, rest in zip(labels, rests, strict=True):
        band = None if rest is None or "." in rest else \
            parse_band(rest, single_values=True, resolution=1)
        bands.append(None if band is None else Band(band.lo, band.hi, label.strip()))
    return words.pop(), bands


def _whole_range(rest: str) -> bool:
    """A range of whole unit numbers (``1-3``, ``1 to 4``), not one number."""
    band = None if "." in rest else parse_band(rest, resolution=1)
    return band is not None and math.isfinite(band.lo) and math.isfinite(band.hi) \
        and band.hi - band.lo > 1


# -- slivers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SliverDerivation:
    """``sum(plus) - sum(minus)``: how a sliver's count follows from published band counts.

    ``plus`` come from one cutting and ``minus`` from the other; the bands within each are
    disjoint and the minus bands lie inside the union of the plus bands.
    """

    plus: tuple[Band, ...]
    minus: tuple[Band, ...]

    def __str__(self) -> str:
        plus = " + ".join(f"({b})" for b in self.plus)
        minus = "".join(f" − ({b})" for b in self.minus)
        return plus + minus

    @property
    def labels(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return tuple(str(b) for b in self.plus), tuple(str(b) for b in self.minus)


def _clip(band: Band, lower: float, upper: float) -> Band | None:
    lo, hi = max(band.lo, lower), min(band.hi, upper)
    return Band(lo, hi, band.label) if lo < hi else None


def _prepare(bands: Iterable[Band | None], lower: float, upper: float, name: str) -> list[Band]:
    out: list[Band] = []
    for b in bands:
        if b is None:
            continue
        if not isinstance(b, Band):
            raise TypeError(f"{name} must hold Band objects, got {type(b).__name__}")
        c = _clip(b, lower, upper)
        if c is None or any(c.same_interval(o) for o in out):
            continue
        out.append(c)
    out.sort()
    for x, y in itertools.pairwise(out):
        if x.overlaps(y):
            raise ValueError(
                f"{name} has overlapping bands {x} and {y}; pass one cutting (disjoint bands) "
                "per argument and leave totals and subtotals out"
            )
    return out


class _Cutting:
    """A cutting's bands mapped onto the atoms (elementary intervals) of both cuttings."""

    def __init__(self, bands: list[Band], points: list[float]) -> None:
        self.bands = bands
        self.band_of_atom: list[int] = []
        self.atoms_of_band: list[frozenset[int]] = [frozenset() for _ in bands]
        members: list[set[int]] = [set() for _ in bands]
        for i in range(len(points) - 1):
            lo, hi = points[i], points[i + 1]
            owner = -1
            for k, b in enumerate(bands):
                if b.lo <= lo and hi <= b.hi:
                    owner = k
                    members[k].add(i)
                    break
            self.band_of_atom.append(owner)
        self.atoms_of_band = [frozenset(m) for m in members]

    def closure(self, atoms: Iterable[int]) -> tuple[frozenset[int], frozenset[int]] | None:
        """The bands covering ``atoms`` and all their atoms; ``None`` if an atom is uncovered."""
        used: set[int] = set()
        for a in atoms:
            k = self.band_of_atom[a]
            if k < 0:
                return None
            used.add(k)
        covered: set[int] = set()
        for k in used:
            covered |= self.atoms_of_band[k]
        return frozenset(used), frozenset(covered)

    def spans(self) -> list[tuple[int, int]]:
        """Each band as its first and one-past-last atom (bands are intervals: atoms are
        consecutive)."""
        return [(min(m), max(m) + 1) for m in self.atoms_of_band if m]


def _tiled(i: int, j: int, spans: list[tuple[int, int]]) -> bool:
    """Whether atoms ``i..j`` are exactly a union of disjoint published bands (of either
    cutting): then their count is a sum of published counts, no finer than what was published."""
    reach = {i}
    for start in range(i, j + 1):
        if start in reach:
            reach.update(end for s, end in spans if s == start and end <= j + 1)
    return j + 1 in reach


def _untiled_runs(n_atoms: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every run ``(i, j)`` of atoms (``i <= j < n_atoms``, by ``i`` then ``j``) that is not
    :func:`_tiled`: each start's reach read once, not once a run (round 42, par42: 21,417
    calls of ``_tiled`` on the 1,000-table release). The same runs: a chain of bands from
    ``i`` to ``j + 1`` only ever steps forward, so every band on it starts in ``i..j`` and
    ends by ``j + 1``, the bounds ``_tiled`` reads under; a band that ends where or before it
    starts (an open band clipped to the floor) takes no chain forward, there or here."""
    ends: dict[int, list[int]] = {}
    for s, e in spans:
        if s < e:
            ends.setdefault(s, []).append(e)
    runs: list[tuple[int, int]] = []
    for i in range(n_atoms):
        reach = {i}
        for start in range(i, n_atoms):
            if start in reach and start in ends:
                reach.update(ends[start])
        runs.extend((i, j) for j in range(i, n_atoms) if j + 1 not in reach)
    return runs


def _difference(
    run: frozenset[int], plus: _Cutting, minus: _Cutting
) -> SliverDerivation | None:
    """Smallest unions ``P`` of ``plus`` bands and ``M`` of ``minus`` bands with ``P − M = run``.

    Both unions must contain what the other forces in: ``P`` covers the run, ``M`` covers
    ``P − run``, then ``P`` must cover ``M`` too, and so on until nothing changes. Because each
    cutting's bands are disjoint every step is forced, so failure means no such pair exists.
    """
    c = plus.closure(run)
    if c is None:
        return None
    p_bands, p_atoms = c
    while True:
        extra = p_atoms - run
        if not extra:
            return None  # the run is a union of plus bands: nothing to subtract
        m = minus.closure(extra)
        if m is None:
            return None
        m_bands, m_atoms = m
        if m_atoms & run:
            return None
        c = plus.closure(run | m_atoms)
        if c is None:
            return None
        if c[1] == p_atoms:
            return SliverDerivation(
                tuple(sorted(plus.bands[k] for k in p_bands)),
                tuple(sorted(minus.bands[k] for k in m_bands)),
            )
        p_bands, p_atoms = c


def derive_slivers(
    bands_a: Iterable[Band | None],
    bands_b: Iterable[Band | None],
    *,
    lower_limit: float = -math.inf,
    upper_limit: float = math.inf,
    minimal: bool = True,
) -> list[tuple[Band, SliverDerivation]]:
    """Intervals that neither cutting publishes but a difference of their counts reveals.

    Each cutting is a list of disjoint bands of the same variable (``None`` entries, the labels
    that were not bands such as totals, are skipped; overlapping bands raise ``ValueError``).
    A sliver is an interval that equals ``(union of bands of one) − (union of bands of the
    other)``, the second inside the first, so that its count is a difference of published
    counts, and that is no union of disjoint published bands (of either cutting: its count
    would then be a plain sum, no finer than what was published). Each way of obtaining a sliver is
    one entry (``[20, 25)`` is both ``(<25) − (<20)`` and ``(20-39) − (25-39)``). With
    ``minimal`` (the default) a sliver containing a smaller sliver is left out: it is never the
    more disclosive of the two. ``lower_limit``/``upper_limit`` clip open-ended bands to the
    variable's domain (``lower_limit=0`` for ages, so that ``<20`` and ``0-24`` can be compared).
    """
    a = _prepare(bands_a, lower_limit, upper_limit, "bands_a")
    b = _prepare(bands_b, lower_limit, upper_limit, "bands_b")
    if not a or not b:
        return []
    points = sorted({x for band in a + b for x in (band.lo, band.hi)})
    cut_a, cut_b = _Cutting(a, points), _Cutting(b, points)
    n_atoms = len(points) - 1
    spans = cut_a.spans() + cut_b.spans()
    found: dict[tuple[int, int], list[SliverDerivation]] = {}
    for i, j in _untiled_runs(n_atoms, spans):
        run = frozenset(range(i, j + 1))
        ways = [d for d in (_difference(run, cut_a, cut_b), _difference(run, cut_b, cut_a)) if d]
        if ways:
            found[(i, j)] = ways
    keys = sorted(found)
    if minimal:
        keys = [
            (i, j) for (i, j) in keys
            if not any((p, q) != (i, j) and i <= p and q <= j for (p, q) in found)
        ]
    out: list[tuple[Band, SliverDerivation]] = []
    for i, j in keys:
        sliver = Band(points[i], points[j + 1])
        out.extend((sliver, d) for d in found[(i, j)])
    return out
