"""Labels written as codes (``E11``, ``E06000001``, ``RA7``, ``Q3``): which code system's shape a
column of them has, so that a number inside a code goes unchecked only in a real code list.

A label of letters glued to digits (``W3``, ``E60``, ``N7``) is read by nobody as a count: the
rules check the cells beside it, not the digits inside it. An insider who writes every label of a
column as such a code carries a number in each (issue 12; round 21, codes3). So a code's digits
are a label's only when the code has the SHAPE of a real code system and every code of its column
(or header row) has the shape of that one system:

- ICD-10 / OPCS-4: a chapter letter and two digits, a decimal part after (``E11``, ``E11.9``,
  ``J450``, ``K40.1``);
- ONS GSS: a letter of the nations' codes and eight digits (``E06000001``, ``W92000004``);
- NHS ODS: a trust ``R`` and two (``RA7``, ``R1K``) or four (``RXH01``) characters, a
  commissioner ``Q`` and two (``QWE``), a GP practice's letter and five digits (``A81001``);
- quarters ``Q1``..``Q4`` and periods (``M01``..``M12``, ``H1``, ``H2``, ``FY2020``);
- named things whose number is part of a fixed name (``COVID-19``, ``HIV-1``, ``PHQ-9``,
  ``HbA1c``): a list, so its numbers cannot be chosen;
- a full run from 0 or 1 under each prefix (``P1``..``P4``, ``x1``..``x5``; ``N1``, ``N2``,
  ``S1``, ``S2``: districts numbered in their regions): its numbers follow from how many
  codes there are (as ``Site 1..N``, ``coverage.ordinal_run``).

Identifiers whose numbers are years or bounds (``deaths_2020``, ``rate_per_100000``) are no
codes.

Beside plain names (``East``) only the fixed names are understood, ``Q1``, ``P25``, ``R2``
and percentiles' names (``p99_los``, ``pctl_97.5``) only among a statistic's or a period's
names (``Median``, ``n``, ``median_los``, ``Year``), and a run of two or more identifiers (a
program's ``top1``, ``top2`` beside ``Freq``). A column of codes alone may be a run of one
(``g1``).
Everything else with digits in a code is not understood (SDC602 ``review``, naming the label).
A TRE adds its own systems' shapes in its policy (``[rules.unreadable-output] code_shapes``:
regular expressions), never a request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sdc.readers.numbered_names import plain_name
from sdc.readers.roles import percentile_fraction

# a code: one word, a letter first, a digit in it (``W3``, ``E11.9``, ``HIV-1``, ``west3``)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9.\-_/]*")
_DIGIT = re.compile(r"\d")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SYSTEMS: dict[str, re.Pattern[str]] = {
    "icd10": re.compile(r"[A-Z]\d\d(?:\.?\d{1,2})?[A-Z]?"),
    "gss": re.compile(r"[EWSNKLM]\d{8}"),
    "ods": re.compile(r"R[A-Z0-9]{2}|R[A-Z0-9]{4}|Q[A-Z0-9]{2}|[A-Z]\d{5}"),
    "quarter": re.compile(r"Q[1-4]"),
    "period": re.compile(r"M(?:0?[1-9]|1[0-2])|H[12]|FY(?:\d{2}|\d{4})(?:/\d{2})?", re.I),
}
# a statistic's or a period's code, understood beside plain names only when they name
# statistics or periods (``Q1``, ``Median``, ``Q3``; ``Q1``..``Q4``, ``Year``)
_STATISTIC = re.compile(r"[QqPp]\d{1,2}|R2|r2")
_STATISTIC_WORDS = _words(
    "median mean min max minimum maximum sd se iqr std variance observations obs n count "
    "mode range average skewness kurtosis lq uq year annual ytd freq frequency")
# the parts of an identifier (``median_los``, ``p99_los``, ``n-units``)
_PARTS = re.compile(r"[\s_\-./]+")
# a code's letters and its number, for a run of one prefix (``P1``..``P4``, ``x1``..``x5``)
_PREFIXED = re.compile(r"([A-Za-z]{1,3})[_\-]?(\d{1,3})")
# a word before a number in an identifier that makes it a base or a bound
# (``rate_per_100000``, ``aged_65``): name_then_number's bounds
_BOUND_PARTS = _words("per under over below above age aged ages to from than")
# things named with a number that is part of the name (casefolded): a fixed list
FIXED_NAMES = _words(
    "covid-19 covid19 sars-cov-2 hiv-1 hiv-2 htlv-1 il-6 il-1 il-2 il-10 phq-9 phq-8 phq-2 "
    "gad-7 gad-2 sf-36 sf-12 eq-5d eq-5d-5l eq-5d-3l icd-10 icd-9 icd-11 news2 hba1c h1n1 "
    "h5n1 cd4 cd8 brca1 brca2 pm2.5 pm10 co2 no2 o3 so2 b12 t1dm t2dm mmr dtap hpv-16 "
    "hpv-18 ckd-epi k6 k10 whodas-2.0 audit-c f1 f1-score f1_score")


def code_token(text: str) -> bool:
    """A label that is one code: a single word with a letter first and a digit in it."""
    s = text.strip()
    return bool(s) and _TOKEN.fullmatch(s) is not None and _DIGIT.search(s) is not None \
        and not _years_or_bounds(s)


def code_of(text: str) -> str | None:
    """The code a label is (``E60``) or opens with before words (``E11 Type 2 diabetes``,
    ``W3 London``), None when it is none."""
    words = text.split()
    if not words or not code_token(words[0]) or _TNM.fullmatch(" ".join(words)):
        return None
    if len(words) > 1 and not any(ch.isalpha() for ch in "".join(words[1:])):
        return None  # ``Q1 2020``: a code and a year, read as a date
    return words[0]


def described_codes(members: Iterable[str]) -> bool:
    """A list of numeric codes with their descriptions (SIC's ``10 Food products``, ``01 Crop
    and animal production``): some label a number and two or more words, and every label that
    opens with a number opens with two digits or more, as such codes are written (``3 North
    West`` is a name and a number, even among ``60 North East``)."""
    found = False
    for text in members:
        m = _LEADING_NUMBER.match(text)
        if m is None:
            continue
        if len(m[1]) < 2:
            return False
        found = found or _CODE_THEN_WORDS.match(text) is not None
    return found


# a TNM cancer stage (``T2 N1 M0``, ``pT3aN0M1``): its numbers are bounded by the system
# (T0-4, N0-3, M0-1), no code's to choose
_TNM = re.compile(r"[cpy]?T(?:[0-4]|is|X)[a-d]?\s*N[0-3X][a-c]?\s*M[01X][a-c]?", re.I)
# a section of a code list: its letter, then words (NACE's ``C Manufacturing``)
_SECTION = re.compile(r"[A-Z]\s+[A-Za-z]")
_LEADING_NUMBER = re.compile(r"\s*(\d+)(?![\d.,])")
_CODE_THEN_WORDS = re.compile(r"^\s*\d+\s+[A-Za-z][\w'&.\-]*\s+[A-Za-z]")


def _years_or_bounds(token: str) -> bool:
    """An identifier whose numbers are all years or bounds (``deaths_2020``,
    ``rate_per_100000``): a period or a base, no code's number."""
    parts = [p for p in re.split(r"[_\-./]", token.casefold()) if p]
    numbers = [i for i, p in enumerate(parts) if _DIGIT.search(p)]
    return all(parts[i].isdigit() and (
        (len(parts[i]) == 4 and 1800 <= int(parts[i]) <= 2100)
        or (i > 0 and parts[i - 1] in _BOUND_PARTS)) for i in numbers)


def _statistic_code(code: str) -> bool:
    """A statistic's code (``Q1``, ``P25``, ``R2``) or a name holding a percentile's level
    (``p99_los``, ``pctl_97.5``, ``p2.5``): its number is the level the percentile rule reads
    (SDC303 checks the cells under it), 0 to 100."""
    return _STATISTIC.fullmatch(code) is not None or percentile_fraction(code) is not None


def _a_run(codes: set[str], *, alone: bool = False) -> bool:
    """Two or more codes, those of each prefix numbered from 0 or 1 with none left out
    (``P1``..``P4``, ``x1``..``x5``; districts numbered in their regions, ``N1``, ``N2``,
    ``S1``, ``S2``): their numbers follow from how many there are, which the table shows.
    ``alone``: the column holds codes only, where one code numbered 1 (``g1``) is a run too."""
    found = [_PREFIXED.fullmatch(c) for c in codes]
    if len(found) < (1 if alone else 2) or any(m is None for m in found):
        return False
    runs: dict[str, list[int]] = {}
    for m in found:
        if m is not None:
            runs.setdefault(m[1].casefold(), []).append(int(m[2]))
    return all(min(numbers) <= 1 and len(set(numbers)) == len(numbers)
               and max(numbers) - min(numbers) + 1 == len(numbers)
               for numbers in runs.values())


def fixed_name(code: str) -> bool:
    """A code that is a fixed name (``FIXED_NAMES``): understood in any column."""
    return code.casefold() in FIXED_NAMES


def systems_of(token: str, extra: Iterable[re.Pattern[str]] = ()) -> frozenset[str]:
    """The code systems whose shape ``token`` has (``extra``: the policy's shapes)."""
    found = {name for name, shape in SYSTEMS.items() if shape.fullmatch(token)}
    found |= {f"policy:{shape.pattern}" for shape in extra if shape.fullmatch(token)}
    return frozenset(found)


def codes_understood(members: Iterable[str], plain: bool,
                     extra: Iterable[re.Pattern[str]] = ()) -> bool:
    """Whether the codes among one column's (or header row's) labels ``members`` are a real
    code list, so their digits are no numbers: every code not a fixed name has the shape of
    one same code system (``SYSTEMS``, or a shape of the policy's). ``plain``: the column also
    holds plain names (``mixed_names``), where a code is understood only as a fixed name, or
    as a statistic's code (``Q1``, ``P25``, ``R2``) when a plain name names a statistic."""
    shapes = list(extra)
    members = list(members)
    codes = {c for t in members if (c := code_of(t)) is not None and not fixed_name(c)}
    if not codes:
        return True
    if plain:  # a section of a code list is no plain name (``C Manufacturing`` over ``C10``)
        letters = {c[0] for c in codes}
        plain = any(plain_name(t) and not (_SECTION.match(t.strip()) is not None
                                           and t.strip()[0] in letters) for t in members)
    if plain:
        words = {w for t in members for w in _PARTS.split(t.strip().casefold()) if w}
        if words & _STATISTIC_WORDS and all(_statistic_code(c) for c in codes):
            return True
        # a program's variable names (``turnover``, ``Freq``, ``top1``, ``top2``): a run of
        # identifiers beside names, whose numbers follow from how many there are; ``d1``
        # alone beside ``East`` is not
        return _a_run(codes)
    if _a_run(codes, alone=True):
        return True
    common: frozenset[str] | None = None
    for code in codes:
        found = systems_of(code, shapes)
        common = found if common is None else common & found
        if not common:
            return False
    return True
