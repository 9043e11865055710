"""A label that is a name and a number, in the spellings people and programs write one.

``West 3``, ``West-3``, ``West_3``, ``West #3``, ``West3``, ``West 3.``, ``3 West``, ``West n3``,
``West three``, ``West 3rd``: each may be an ordinal's name (``Wave 2``) or a
small count set beside a place by an insider (issue 12); the text cannot tell them apart, the
label's neighbours can (``sdc.coverage._in_a_series``). This module only reads the spelling:
it returns the name and the number, the same for every spelling, so one series rule reads
them all. Codes whose shape is a code's (``E11``, ``LS1``, ``RX1``, ``Q3``, ``A01``,
``E06000001``, ``ICD-10``, ``COVID-19``), years, bands (``18-64``, ``under 5``) and bounds
(``Rate per 1000``) are not numbered names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sdc.readers.roles import BAND_TEXT, is_year

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS)} | {
    w: 20 + 10 * i for i, w in enumerate(_TENS)}
# ordinal words, ``first`` to ``twentieth`` (``Third West``, ``West third``)
ORDINAL_WORDS: dict[str, int] = {w: i + 1 for i, w in enumerate([
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth"])}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

_WORD_NUMBER = (r"(?:(?:" + "|".join(_TENS) + r")(?:[\s\-]+(?:" + "|".join(_UNITS[1:10]) +
                r"))?|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")")
_ORDINAL_WORD = "(?:" + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True)) + ")"
# a Roman numeral from I to XXXIX, upper case only (``Stage III``; ``iii`` is a list's mark)
_ROMAN = r"(?-i:(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))"
# a name: words of letters (inner ' & . - allowed), not ending in a separator
_NAME = r"[A-Za-z](?:[A-Za-z'&.\-]*[A-Za-z])?(?:\s+[A-Za-z](?:[A-Za-z'&.\-]*[A-Za-z])?)*\.?"
_SUFFIX = r"(?:st|nd|rd|th)?"
# name, then a marker or separator, then the number: ``West 3``, ``West #3``, ``West no. 3``,
# ``West n3``, ``West-3``, ``West_3``, ``West3``, ``West 3.``, ``West 3rd``, a footnote sign
# after it (``West 3*``, ``West 3†``)
_TRAILING = re.compile(
    rf"^(?P<name>{_NAME})(?P<sep>\s*#\s*|\s*[\-_–]\s*|\s+(?:no|nr|num|number|n)\.?\s*|\s+|)"
    rf"(?:(?P<digits>\d{{1,6}}){_SUFFIX}|(?<![A-Za-z])(?P<word>{_WORD_NUMBER})"
    rf"|(?<![A-Za-z])(?P<ordinal>{_ORDINAL_WORD})|(?<=\s)(?P<roman>{_ROMAN}))"
    r"\s*[.*×†‡]?$", re.I)
# the number first, then one word: ``3 West``, ``3-West``, ``3rd West``, ``Three West``,
# ``Third West``; digits before more words too (``3 North West``; ``10 Food products`` is a
# code and its description only in a column of such codes: ``code_column``)
_LEADING = re.compile(
    rf"^(?:(?P<digits>\d{{1,6}}){_SUFFIX}(?P<sep>\s*[\-_]\s*|\s+)(?P<names>{_NAME})"
    rf"|(?:(?P<word>{_WORD_NUMBER})|(?P<ordinal>{_ORDINAL_WORD}))(?P<sep1>\s*[\-_]\s*|\s+)"
    r"(?P<name>[A-Za-z](?:[A-Za-z'&.\-]*[A-Za-z])?\.?))$", re.I)

# ``twenty`` at a name's end before a unit's word: ``West twenty-one`` is West and 21
_TENS_AT_END = re.compile(r"[\s\-]+(" + "|".join(_TENS) + r")$", re.I)
# a word before a number glued to it that marks it as a number (``West n3``, ``West no3``)
_MARKER_AT_END = re.compile(r"\s+(?:no|nr|num|number|n)\.?$", re.I)
# a word that makes the number after it a base or a bound, not a count (``Rate per 1000``,
# ``Patients over 65``, ``Age 40``)
_BOUND_WORD = re.compile(r"\b(?:per|under|over|below|above|aged?|ages|to|from|than)$", re.I)
# the first word after a leading number that makes it a measure, a band or a time, not a count
# beside a name (``10 mg``, ``3 or more``, ``28 days``, ``5 pm``, ``100th centile``, ``1st Qu.``)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LEADING_NOT_A_NAME = _words(
    "mg g kg mcg ug ml l km m cm mm mile miles mph kmh percent pct per or and to plus up "
    "through thru day days week weeks month months year years yr yrs hour hours hr hrs min "
    "mins minute minutes second seconds sec secs am pm times x of out centile percentile "
    "quantile pctile pctl qu quartile quintile decile")
# names written with a number that are codes, not places: ``COVID-19``, ``NEWS2``
_CODE_STEMS = frozenset({"covid", "sars-cov", "sars", "mers", "news"})


# a name, then a whole number set in marks no band, bound, share or bracketed value uses
# (``South ^3^``, ``South |3|``, ``South 3!``, ``South 3;``, ``South 3.0``): read by no form
# above, such a label passed as a name, where ``South 3`` is a name and a number (hunt51)
_DECORATED = re.compile(
    r"^(?P<name>[^\d]*[A-Za-z][^\d\w]*?)\s+(?P<before>[^\w\s+<>≤≥%()\[\]{}]{0,3})\s*"
    r"(?P<digits>\d{1,6})(?P<decimal>\.0+)?\s*(?P<after>[^\w\s+<>≤≥%]{0,3})$")

# a whole number wrapped in a mark of a word's or a band's on both sides (``South _3_``,
# Markdown's emphasis; ``South +3+``): ``_DECORATED`` leaves them, as ``_`` is a word's
# character and ``+`` a band's (``Age 65+``), and they passed as names (hunt52)
_WRAPPED = re.compile(
    r"^(?P<name>[^\d]*[A-Za-z][^\d\w]*?)\s+(?P<before>_{1,2}|\+{1,2})(?P<digits>\d{1,6})"
    r"(?P<decimal>)(?P<after>(?P=before))$")
# the same, glued to the name (``West|3|``, ``West^3^``, ``West~3~``, ``West·3·``; LaTeX's
# ``West\foo{3}``, a command whose effect is not known, reads ``West|3|``): no code or band
# closes a number with the mark it opened it with, and they passed as names (hunt53)
_GLUED_WRAPPED = re.compile(
    r"^(?P<name>[^\d]*[A-Za-z])(?P<before>[^\w\s]{1,2}|_{1,2})(?P<digits>\d{1,6})"
    r"(?P<decimal>)(?P<after>(?P=before))$")


def undecorated(text: str) -> str | None:
    """``text`` as a name and a number (``South 3``) when, after a space, it sets a whole
    number in marks of its own that close after it (``_DECORATED``) or wraps it in ``_`` or
    ``+`` on both sides (``_WRAPPED``: ``South _3_``), or glued to the name in one mark on
    both sides (``_GLUED_WRAPPED``: ``West|3|``), else None. A lone
    trailing dash (``85-``) is a band's; glued forms (``COVID-19``, ``I21.0``) and a mark
    before the number alone (``Site A/3``, ``Class of '93``, ``BMI >= 30``) are names'."""
    spaced = " ".join(text.split())
    m = _DECORATED.match(spaced) or _WRAPPED.match(spaced) or _GLUED_WRAPPED.match(spaced)
    if m is None or not (m["after"] or m["decimal"]) or (
            m["after"] == "-" and not m["before"]):
        return None  # a mark before alone (``Site A/3``, ``Class of '93``) is a name's
    name = m["name"].strip().rstrip("".join(set(m["name"]) - set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))).strip()
    return f"{name} {m['digits']}" if name else None


def name_then_number(text: str, names: bool = False, identifiers: bool = True
                     ) -> tuple[str, str] | None:
    """(name, number) of a label that is a name and a whole number in any spelling above,
    the name case-folded with its spaces collapsed, the number in digits without leading
    zeros; None for a code, a year, a band or a bound.

    ``names``: the label stands among plain names (``W3`` beside ``East``: ``mixed_names``),
    where one to three letters glued to a number (``W3``) and a lower-case identifier
    (``west3``; with ``identifiers`` only: not in a header, where a program's variable names
    ``d1``, ``weight_kg`` stand) are read as a name and a number too; among codes alone they
    are codes."""
    s = " ".join(text.split())
    if not s or BAND_TEXT.match(s):
        return None
    m = _TRAILING.match(s)
    leading = m is None
    m = m or _LEADING.match(s)
    if m is None:
        return None
    if leading:
        name, sep = (m["names"] or m["name"]).rstrip("."), m["sep"] or m["sep1"]
    else:
        name, sep = m["name"].rstrip("."), m["sep"]
    marker = _MARKER_AT_END.search(name) if not leading and not sep else None
    if marker is not None:  # ``West n3``: the name is West, ``n`` marks the number
        name, sep = name[:marker.start()], marker[0]
    number = _value(m["digits"], m["word"], m["ordinal"], None if leading else m["roman"])
    tens = _TENS_AT_END.search(name) if m["word"] is not None and not leading else None
    if tens is not None and number is not None and number < 10:
        name, number = name[:tens.start()], number + NUMBER_WORDS[tens[1].casefold()]
    folded = name.casefold()
    if number is None or folded in NUMBER_WORDS or folded in ORDINAL_WORDS:
        return None
    if m["digits"] is not None and len(m["digits"]) == 4 and is_year(float(m["digits"])):
        return None
    if leading:
        first = folded.split()[0]
        if first in _LEADING_NOT_A_NAME:
            return None  # ``10 mg``, ``3 or more``, ``28 days``
    else:
        if _BOUND_WORD.search(name):
            return None
        identifier = sep in ("", "_") and name.islower() and " " not in name
        if sep.strip(" ") in ("", "-", "_", "–", "#") and sep != " " and _a_code(name) and (
                not names or (identifier and not identifiers) or _a_statistic(name, number)
                or _a_hyphened_code(name, sep)):
            return None
        if identifier and not (names and identifiers):
            return None  # an identifier a program wrote: R's factor terms ``region2``, ``ward_4``
    return " ".join(folded.split()), str(number)


def roman_numbered(text: str) -> bool:
    """A numbered name whose number is a Roman numeral (``Stage III``)."""
    m = _TRAILING.match(" ".join(text.split()))
    return m is not None and m["roman"] is not None


# a label that names no member: a margin or a missing category (``Total``, ``Other``)
_NOT_A_MEMBER = re.compile(
    r"^(?:all|total|totals|overall|grand total|sum|other|others|unknown|missing|not known|"
    r"not stated|none|n/?a|not recorded|refused|(?:\(?intercept\)?))$", re.I)


def plain_name(text: str) -> bool:
    """A label of letters and no digit that names a member (``East``, ``EAST``; not
    ``Total``, nor a code of up to three capitals: a trust's ``RXH``, ``RSV``)."""
    s = " ".join(text.split())
    return bool(s) and not any(ch.isdigit() for ch in s) and any(ch.isalpha() for ch in s) \
        and not (len(s) <= 3 and s.isupper()) and _NOT_A_MEMBER.match(s) is None \
        and not spelt_number(s)


def mixed_names(texts: Iterable[str]) -> bool:
    """Whether labels of one column (or header row) hold a plain name beside others: there a
    code's shape (``W3``, ``west3``, ``10 Food products``) is no proof of a code list, since an
    insider writes ``W3`` beside ``East`` for a West of 3."""
    return any(plain_name(t) for t in texts)


def _value(digits: str | None, word: str | None, ordinal: str | None = None,
           roman: str | None = None) -> int | None:
    if digits is not None:
        return int(digits)
    if ordinal is not None:
        return ORDINAL_WORDS[ordinal.casefold()]
    if roman is not None:
        return _roman_value(roman)
    if word is not None:
        parts = re.split(r"[\s\-]+", word.casefold())
        return sum(NUMBER_WORDS[p] for p in parts)
    return None


def _a_code(name: str) -> bool:
    """A name glued or hyphened to its number that makes a code: one to three letters
    (``E11``, ``LS1``, ``RX1``, ``Q3``, ``ICD-10``, ``IL-6``, ``PHQ-9``, pandas' ``q1``; not
    ``West n3``) or a
    known code's stem (``COVID-19``, ``NEWS2``). ``West3``, ``West-3``, ``WEST3`` are numbered
    names."""
    return bool(re.fullmatch(r"[A-Za-z]{1,3}", name)) or name.split()[-1].casefold() in _CODE_STEMS


def _a_hyphened_code(name: str, sep: str) -> bool:
    """Two or three capitals hyphened to a number: a code's shape among names too (``HIV-1``,
    ``IL-6``, ``PHQ-9`` beside ``Influenza``); ``W-3`` and ``W3`` are not."""
    return sep.strip() in ("-", "–") and bool(re.fullmatch(r"[A-Z]{2,3}", name))


def _a_statistic(name: str, number: int) -> bool:
    """A code that is one among plain names too: a quartile, quarter or percentile (``Q1``,
    ``P25`` beside ``Median``), a model's ``R2`` beside ``Observations``, or a known code's
    stem (``COVID-19`` beside ``Influenza``)."""
    folded = name.casefold()
    return folded in ("q", "p") or (folded == "r" and number == 2) or \
        name.split()[-1].casefold() in _CODE_STEMS


def same_series(name: str, other: str) -> bool:
    """Two names of numbered labels that number one thing: the same name (a plural's ``s``
    aside: ``1 dose``, ``2 doses``), or one the other's last words (``stage`` and ``key
    stage``); not two names that only end alike (``north west`` and ``south west``)."""
    name, other = _singular(name), _singular(other)
    return name == other or name.endswith(" " + other) or other.endswith(" " + name)


def series_word(name: str) -> str:
    """The word a series is indexed by: its name's last word, singular."""
    return _singular(name.rsplit(" ", 1)[-1])


def _singular(name: str) -> str:
    return name[:-1] if len(name) > 3 and name.endswith("s") and not name.endswith("ss") \
        else name


# the names of series whose members are numbered from 1 (``Wave 1..3``, ``Site 1..4``): a
# complete run of small numbers under another name (``West 1..3``) is for a person
ORDINAL_NAMES = _words(
    "wave stage phase model arm group cohort cycle visit round step level grade tier class "
    "type category band quintile quartile decile tertile centile quarter week month day year "
    "term semester trimester dose site centre center practice hospital trust area zone ward "
    "district region cluster unit team school item question scenario option version spec "
    "specification column table figure part section chapter component factor domain outcome "
    "test trial study sample run batch block profile segment period session time timepoint "
    "point attempt lag generation parity household bedroom child imd simd form key "
    # ranks of a distribution's extremes (Stata's summarize, detail: ``smallest 1..4``)
    "smallest largest rank "
    # the names programs number columns and levels with (R's ``Var1``, pandas' ``level_0``)
    "var variable col field level unnamed")


# the names a program numbers columns with from its first, 0 or 1 (R's ``Var1`` over a
# one-way ``as.data.frame(table(x))``, pandas' ``level_0`` and ``Unnamed: 0``): one alone in a
# header names the program's first column, not a count (``program_first``)
PROGRAM_NAMES = _words("var level unnamed")


def program_first(name: str, number: str) -> bool:
    """``Var1``, ``level_0``, ``Unnamed: 0``: a program's name for its first column, whose
    0 or 1 says where the program starts numbering, nothing of the data (a lone ``Var3`` or
    ``West 1`` is no such name)."""
    return name in PROGRAM_NAMES and int(number) <= 1


def ordinal_name(name: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a series' name is one whose members are numbered (``ORDINAL_NAMES``, and
    ``extra``: the names the policy adds, ``unreadable-output.ordinal_names``)."""
    word = series_word(name)
    return word in ORDINAL_NAMES or word in extra


_SPELT = re.compile(r"\b(?:" + "|".join([*NUMBER_WORDS, *ORDINAL_WORDS]) + r")\b|"
                    r"\s(?-i:[IVX]+)\W?$", re.I)


def spelt_number(text: str) -> bool:
    """A numbered name whose number is spelt (``West three``, ``Third West``) or Roman
    (``West III``), which no digit shows."""
    return bool(_SPELT.search(text)) and name_then_number(text) is not None


def number_first(text: str) -> bool:
    """A numbered name written number first (``3 West``)."""
    return _LEADING.match(" ".join(text.split())) is not None


# one word, a digit first, letters glued to the number (``3p``, ``12k``, ``0x3``, ``1a``)
_GLUED = re.compile(r"\d[0-9A-Za-z]*[A-Za-z][0-9A-Za-z]*")
# a measure written with its unit glued on (``10mg``, ``28days``, ``2.5ml``): read as ``10 mg``
_GLUED_MEASURE = re.compile(r"\d+(?:\.\d+)?([A-Za-z]+)")


def glued_number(text: str) -> bool:
    """A label that is a number with letters glued to it, number first (``3p``, ``12West``,
    ``0x3``, ``3rd``): no name's spelling above and no code's (a code opens with its letter),
    so it was read as a category's name while its number may be a count in disguise (hunt12:
    ``Deaths`` written ``3p``, ``12p``). A measure with its unit (``10mg``) is not one, as
    ``10 mg`` is not."""
    s = text.strip()
    if _GLUED.fullmatch(s) is None:
        return False
    unit = _GLUED_MEASURE.fullmatch(s)
    return unit is None or unit[1].casefold() not in _LEADING_NOT_A_NAME


# every whole number from zero to ninety-nine spelt alone (``three``, ``twenty-one``)
BARE_NUMBER_WORDS: frozenset[str] = frozenset(
    {*NUMBER_WORDS} | {f"{tens}{sep}{unit}" for tens in _TENS for unit in _UNITS[1:10]
                       for sep in ("-", " ")})


def bare_number_word(text: str) -> bool:
    """A label that is a number spelt alone (``three``, ``Twelve``): a count in words, no
    name (hunt12: a ``Deaths`` column of ``three``, ``twelve`` passed as category names)."""
    return len(text) <= 24 and " ".join(text.split()).casefold() in BARE_NUMBER_WORDS


# a whole number first, then a unit word, a mark or a bracket and no other digit (``3 days``,
# ``3x``, ``3.p``, ``3/p``, ``3 (approx)``); a band (``0-4 days``, ``3 or more``, ``3+``) is not
_NUMBER = r"\d{1,6}(?:\.\d+)?"
_NUMBER_LED = re.compile(rf"({_NUMBER})(?![\d,.]\d)\s*(?P<rest>[^\d\s+<>]\D*)?")
# a band whose bounds are one number (``3-3 days``, ``3 to 3``) is that number
_SAME_BOUNDS = re.compile(rf"({_NUMBER})\s*(?:-|–|—|to|and)\s*({_NUMBER})(?![\d,.]\d)\D*", re.I)
# a number spelt before a unit or a mark (``three days``, ``three (approx)``)
_SPELT_LED = re.compile(r"(?P<word>[a-z]+(?:[\s-][a-z]+)?)\s*(?P<rest>[^\w\s]\D*|\s[a-z]+\D*)",
                        re.I)
_ROMAN_LED = re.compile(r"(?-i:(?=[IVXLC]{2,}\b|[VXLC]\b)(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3}))"
                        r"\s+[A-Za-z]\D*")
# words after a number that make it a band's bound or an open class, not a quantity
_BAND_AFTER = _words("or and to plus up through thru till until over under and+")


def _roman_value(numeral: str) -> int:
    total = 0
    for here, after in zip(numeral, [*numeral[1:], ""], strict=True):
        value = _ROMAN_VALUES[here]
        total += -value if after and _ROMAN_VALUES[after] > value else value
    return total


def number_led(text: str) -> float | None:
    """The number a label opens with when a unit, a mark or a bracket follows it and nothing
    else numbers it (``3 days``, ``3x``, ``3.p``, ``3/p``, ``3 (approx)``, ``3.0 days``, ``III
    deaths``, ``three days``, ``3-3 days``), else None. Such a label names a quantity, which
    may be a count in disguise (labels13): the coverage check reads its column as a whole
    (``coverage``). A band's bound (``0-4 days``, ``3 or more``, ``3+``) is not one."""
    s = " ".join(text.split())
    found = _NUMBER_LED.fullmatch(s)
    if found is not None:
        rest = (found["rest"] or "").strip()
        if not rest or rest.split()[0].casefold().strip(".") in _BAND_AFTER:
            return None
        return float(found[1])
    same = _SAME_BOUNDS.fullmatch(s)
    if same is not None:
        return float(same[1]) if float(same[1]) == float(same[2]) else None
    roman = _ROMAN_LED.fullmatch(s)
    if roman is not None:
        return _roman_value(s.split()[0])
    return _spelt_led(s)


def _spelt_led(s: str) -> float | None:
    found = _SPELT_LED.fullmatch(s)
    if found is None:
        return None
    word = found["word"].casefold().replace(" ", "-")
    if word not in BARE_NUMBER_WORDS or word in ("one", "no"):
        return None  # ``one`` is a pronoun too (``One day surgery``): read by ``word_count``
    rest = found["rest"].strip()
    if rest[0].isalpha() and rest.split()[0].casefold().strip(".") not in (
            _LEADING_NOT_A_NAME - _BAND_AFTER):
        return None  # ``Three Counties``: a name
    parts = word.split("-")
    return float(sum(NUMBER_WORDS[part] for part in parts))
