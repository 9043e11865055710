"""Recognisers for direct identifiers: NHS numbers, postcodes, e-mail addresses, dates.

Value patterns are anchored to the whole cell so that ordinary labels and counts do not match;
an NHS number must also pass its modulus-11 check digit, which keeps 10-digit totals from
being mistaken for one nine times out of ten.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from functools import lru_cache
from itertools import pairwise

# An NHS number as people write it: spaces, dots or dashes between the 3-3-4 groups, any prefix
# ("NHS: ", "pt "), and pandas' ".0" when the column was read as floats; never a run of digits
# inside a longer number, a decimal or a list of numbers (``384 513 384 1019`` in SVG paths).
_NHS_IN_TEXT = re.compile(
    r"(?<![\d.,])(?<!\d[ \-])(\d{3})[ .\-]?(\d{3})[ .\-]?(\d{4})(?:\.0+)?(?![.,]?\d|[ \-]\d)")
# Full UK postcode (outward + inward code); districts alone ("SW1A") are areas, not people.
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$", re.I)
_POSTCODE_IN_TEXT = re.compile(
    r"\b(GIR 0AA|[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2})\b")  # upper case, with its space
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_EMAIL_IN_TEXT = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}\b", re.I)
_DATE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|"
    r"\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4})"
    r"([ T]\d{1,2}:\d{2}(:\d{2})?)?$", re.I)
_DATE_BODY = (r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|"
              r"\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4})")
# "DOB: 12/03/1981", "born 1981-03-12", "date of birth 3 March 1981" anywhere in a cell or title
_BIRTH_DATE_IN_TEXT = re.compile(
    r"\b(d\.?o\.?b\.?|date of birth|birth ?date|born( on)?)\W{0,3}" + _DATE_BODY, re.I)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")

_COLUMN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("NHS number", re.compile(r"nhs_?(no|num|number)?$|^nhs$|nhs_?id")),
    ("CHI number", re.compile(r"^chi(_?(no|number))?$")),
    ("patient identifier", re.compile(
        r"^(patient|person|subject|participant|pseudo|study|hospital|gp)_?(id|no|number|key)$"
        r"|^mrn$|^pid$|^hospital_?number$|^crn$"
        # CPRD's patid, UK Biobank's eid, REDCap's record_id: a participant's own number
        r"|^patid$|^eid$|^record_?id$")),
    # patient_dob, DOB (dd/mm/yyyy) -> dob_dd_mm_yyyy, birth_dt, dateofbirth, date_of_birth_1
    ("date of birth", re.compile(
        r"(^|_)(dob|d_o_b)(_|$)|(^|_)(date_?of_?birth|birth_?(date|dt|day|d))(_|$)|^born(_on)?$")),
    ("postcode", re.compile(r"^(post_?code|postal_?code|zip_?code|zip|pcode)$")),
    ("e-mail address", re.compile(r"^(e_?mail|email_?address|mail)$")),
    ("name", re.compile(
        r"^(first|last|sur|fore|given|full|family|middle|patient|maiden)_?names?$|^surname$"
        r"|^forename$|^name$")),
    ("address", re.compile(r"^(address|street|house_?number|address_?line_?\d?)$")),
    ("telephone number", re.compile(r"^(phone|telephone|tel|mobile|phone_?number)$")),
    ("National Insurance number", re.compile(r"^(ni_?(no|number)|national_?insurance.*)$")),
]


def normalise_header(text: str) -> str:
    last = text.split(" / ")[-1]
    return re.sub(r"[^a-z0-9]+", "_", last.strip().lower()).strip("_")


def identifier_column_kind(header: str) -> str | None:
    """The kind of identifier a column header names, or None."""
    key = normalise_header(header)
    if not key:
        return None
    for kind, pattern in _COLUMN_PATTERNS:
        if pattern.search(key):
            return kind
    return None


# ``id``, ``ID``, ``identifier``: whose, the header does not say (a region's code, or a
# person's); a column of them was read as counts and passed (hunt13): a person decides
_RECORD_ID = re.compile(r"^(ids?|identifiers?)$")


def names_an_identifier(header: str) -> bool:
    """A header naming an identifier of no stated kind (``id``): records', or a code's."""
    return identifier_column_kind(header) is None and bool(
        _RECORD_ID.match(normalise_header(header)))


def is_birth_column(header: str) -> bool:
    return identifier_column_kind(header) == "date of birth"


def nhs_number_valid(text: str) -> bool:
    """The NHS number modulus-11 check: weights 10..2 on the first nine digits."""
    digits = re.sub(r"[ -]", "", text)
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def nhs_number_in(text: str) -> bool:
    """A valid NHS number anywhere in ``text`` (``NHS: 943 476 5919``, ``450.557.7104``)."""
    return any(nhs_number_valid("".join(m.groups())) for m in _NHS_IN_TEXT.finditer(text))


_SEPARATED_DIGITS = re.compile(r"\d+(?:[ _/.\-]+\d+){2,}")  # three groups or more
_DECIMAL = re.compile(r"[-+]?\d*\.?\d+")


def _nhs_number_disguised(s: str) -> bool:
    """A cell of exactly ten digits in three groups or more split by any separators
    (``943_476_5919``, ``943/476/5919``, ``9 4 3 4 7 6 5 9 1 9``) that pass the check digit;
    not a decimal number, nor a range of two numbers (``10000-19999`` is a band)."""
    if not _SEPARATED_DIGITS.fullmatch(s):
        return False
    digits = "".join(ch for ch in s if ch.isdigit())
    if len(digits) != 10:
        return False
    return not _DECIMAL.fullmatch(s.strip()) and nhs_number_valid(digits)


@lru_cache(maxsize=1 << 16)  # tables repeat their labels and values on every row
def value_identifier_kind(text: str) -> str | None:
    """The kind of identifier a cell's text is, or contains, or None."""
    if not text.isascii():  # superscript, circled, fullwidth digits and @: the same person
        text = unicodedata.normalize("NFKC", text)
    if len(text) < 10 and text.isdigit():
        return None  # a plain whole number: too short for an NHS number, no letter, no @
    s = text.strip()
    n = len(s)
    if not s or n > 1000:
        return None
    # cheap shape tests first: this runs on every cell of every table
    if n >= 10 and sum(ch.isdigit() for ch in s) >= 10 and (
            nhs_number_in(s) or _nhs_number_disguised(s)):
        return "NHS number"
    if "@" in s and (_EMAIL.match(s) or _EMAIL_IN_TEXT.search(s)):
        return "e-mail address"
    has_letter = not s[0].isdigit() or any(ch.isalpha() for ch in s)
    if n >= 5 and has_letter and (_POSTCODE.match(s) or _POSTCODE_IN_TEXT.search(s)):
        return "postcode"
    if n >= 8 and has_letter and _BIRTH_DATE_IN_TEXT.search(s):
        return "date of birth"
    return None


def looks_like_date(text: str) -> bool:
    return bool(_DATE.match(text.strip()))


@lru_cache(maxsize=1 << 16)  # a column of a large table repeats its dates and labels
def full_date(text: str) -> date | None:
    """A day-precision date written ``yyyy-mm-dd`` or ``dd/mm/yyyy``, else None."""
    s = text.strip()
    iso, dmy = _ISO.match(s), _DMY.match(s)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            day, month = int(dmy[1]), int(dmy[2])
            if month > 12:  # mm/dd/yyyy
                day, month = month, day
            return date(int(dmy[3]), month, day)
    except ValueError:
        return None
    return None


def look_like_birth_dates(texts: list[str], min_years: int = 15) -> bool:
    """A column of day-precision dates spread over decades at irregular days: people's dates
    of birth, not the weeks or months a table is broken down by. Regular steps (weekly,
    monthly, the 1st of each month) and short spans are periods, not people."""
    dates = [d for t in texts if (d := full_date(t)) is not None]
    if len(dates) < 2 or len(dates) < len(texts) * 0.8:
        return False
    ordered = sorted(set(dates))
    if len(ordered) < 2 or (ordered[-1] - ordered[0]).days < min_years * 365:
        return False
    if all(d.day == ordered[0].day for d in ordered):
        return False  # monthly or yearly periods
    steps = {(b - a).days for a, b in pairwise(ordered)}
    return len(steps) > 1


def look_like_person_dates(texts: list[str], counts: list[float] | None = None,
                           min_values: int = 10) -> bool:
    """A column of day-precision dates that belong to people whatever their spread (a cohort
    of children born within five years): irregular days (not a daily, weekly or monthly
    series, not the same weekday or day of the month), and not the label of a table.

    ``texts`` are the column's data cells in file order; ``counts`` the values of the table's
    count column on the same rows, or None when it has none. A table's date labels repeat
    evenly (each date once per region) or come with a count per date written as a series
    (dates in order) or a ``value_counts()`` (counts in order) that covers most days of its
    span; dates of people do neither. A count column alone never clears sparse dates: a list
    of children sorted by birth date with their age in months reads like a daily series.
    """
    dates = [d for t in texts if (d := full_date(t)) is not None]
    if len(dates) < min_values or len(dates) < len(texts) * 0.8:
        return False
    if _periods(sorted(set(dates))):
        return False
    multiplicity = set(Counter(dates).values())
    if len(multiplicity) == 1 and multiplicity != {1}:
        return False  # every date the same number of times: a label crossed with another
    if counts is None:
        return True
    ordered = sorted(set(dates))
    if len(ordered) < 0.5 * ((ordered[-1] - ordered[0]).days + 1):
        return True  # most days of the span absent: births scattered over years, not a series
    return not (_ordered(dates) or _ordered(counts))


def _periods(ordered: list[date]) -> bool:
    """Dates a series of periods would have: one step, or all on one day of the month, or
    all on one weekday (weekly with gaps)."""
    if len(ordered) < 2:
        return True
    if len({d.day for d in ordered}) == 1 or len({d.weekday() for d in ordered}) == 1:
        return True
    return len({(b - a).days for a, b in pairwise(ordered)}) == 1


def _ordered(values: list) -> bool:
    pairs = list(pairwise(values))
    return all(a <= b for a, b in pairs) or all(a >= b for a, b in pairs)


_TEXT_CANDIDATE = re.compile(
    r"(?<![\w.])\d{3}[ .-]?\d{3}[ .-]?\d{4}(?![\w.]|\.\d)"  # NHS numbers
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b", re.I)  # full postcodes
_BIRTH_DATE_IN_PROSE = re.compile(
    r"\b(dob|d\.o\.b\.?|born|birth(?:\s*date)?|date of birth)\b\W{0,20}"
    r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|"
    r"\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4})", re.I)


def identifiers_in_text(text: str) -> list[str]:
    """The kinds of direct identifier found anywhere in free text (prose, notes, comments,
    metadata), each candidate validated as a whole cell value would be."""
    kinds = []
    for match in _TEXT_CANDIDATE.finditer(text):
        candidate = match.group(0)
        if candidate[:1].isdigit():
            candidate = candidate.replace(".", " ")
        kind = value_identifier_kind(candidate)
        if kind is not None:
            kinds.append(kind)
    kinds += ["date of birth"] * len(_BIRTH_DATE_IN_PROSE.findall(text))
    return kinds
