"""Recognisers for direct identifiers: NHS numbers, postcodes, e-mail addresses, dates.

Value patterns are anchored to the whole cell so that ordinary labels and counts do not match;
an NHS number must also pass its modulus-11 check digit, which keeps 10-digit totals from
being mistaken for one nine times out of ten.
"""

from __future__ import annotations

import re

_NHS = re.compile(r"^\d{3}[ -]?\d{3}[ -]?\d{4}$")
# Full UK postcode (outward + inward code); districts alone ("SW1A") are areas, not people.
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$", re.I)
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_DATE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|"
    r"\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4})"
    r"([ T]\d{1,2}:\d{2}(:\d{2})?)?$", re.I)

_COLUMN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("NHS number", re.compile(r"nhs_?(no|num|number)?$|^nhs$|nhs_?id")),
    ("CHI number", re.compile(r"^chi(_?(no|number))?$")),
    ("patient identifier", re.compile(
        r"^(patient|person|subject|participant|pseudo|study|hospital|gp)_?(id|no|number|key)$"
        r"|^mrn$|^pid$|^hospital_?number$|^crn$")),
    ("date of birth", re.compile(r"^(dob|d_?o_?b|date_?of_?birth|birth_?date|birth_?day|born)$")),
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


def value_identifier_kind(text: str) -> str | None:
    """The kind of identifier a cell's text is, or None."""
    s = text.strip()
    n = len(s)
    if not s or n > 254:
        return None
    # cheap shape tests first: this runs on every cell of every table
    if 10 <= n <= 12 and s[0].isdigit() and _NHS.match(s) and nhs_number_valid(s):
        return "NHS number"
    if "@" in s and _EMAIL.match(s):
        return "e-mail address"
    if 5 <= n <= 8 and s[0].isalpha() and _POSTCODE.match(s):
        return "postcode"
    return None


def looks_like_date(text: str) -> bool:
    return bool(_DATE.match(text.strip()))


_TEXT_CANDIDATE = re.compile(
    r"(?<![\w.])\d{3}[ .-]?\d{3}[ .-]?\d{4}(?![\w.]|\.\d)"  # NHS numbers
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b", re.I)  # full postcodes
_BIRTH_DATE_IN_TEXT = re.compile(
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
    kinds += ["date of birth"] * len(_BIRTH_DATE_IN_TEXT.findall(text))
    return kinds
