"""Numbers in a workbook's free text that no cell shows: headers and footers, validation lists,
hyperlink tooltips, the document's own title, subject, description, keywords and category, and
its custom properties.

A printed footer (``West had 3 deaths``), a dropdown list (``"3,4,5"``) or a workbook's
description carries a count past a reviewer who reads the cells. The package walk
(``xlsx_package``) already searches this text for identifiers (SDC604); a number in it is a value
no rule can check, so it is hidden content for a person (SDC605, review), as a note line under a
CSV table is an unread number (SDC602). The text is read as a CSV's title or note is
(``roles.prose_numbers_not_understood``): ``Table 2``, a year, a date or a policy statement are
no count. Excel's own header codes (``&P`` the page, ``&12`` a font size, ``&K00FF00`` a colour)
are taken out first. A validation list is values, not prose: any digit in it that is no
reference to cells is named. The text itself is never put in the finding (values stay out of
machine formats).
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from sdc.readers.roles import prose_numbers_not_understood

# Excel header/footer codes: "&&" a literal ampersand, "&"font,style"", "&K" + a colour (RGB
# or a theme colour with its tint), "&nn" a font size, "&P"/"&N"/"&D"... a field or a section.
_HEADER_CODE = re.compile(r'&&|&"[^"]*"|&K(?:[0-9A-Fa-f]{6}|\d\d[+\-S]\d{3})|&\d+|&[A-Za-z]')
_DIGIT = re.compile(r"\d")
# A reference or a name in a validation formula (``$A$1:$A$9``, ``Lists!$B:$B``, ``regions``)
# points at cells the reader reads; a quoted list or a bare number is text of its own.
_VALIDATION_REFERENCE = re.compile(r"^=?(\$?[A-Za-z]{1,3}\$?\d+(:\$?[A-Za-z]{1,3}\$?\d+)?"
                                   r"|.+!.+|[A-Za-z_][A-Za-z0-9_.]*)$")
# The free-text fields of docProps/core.xml (the others are dates, a revision, people)
_CORE_FREE_TEXT = {"title", "subject", "description", "keywords", "category", "contentStatus"}


def header_footer_has_number(text: str) -> bool:
    """Whether a header or footer says a number of its own (codes taken out)."""
    return bool(prose_numbers_not_understood(_HEADER_CODE.sub(" ", text)))


def validation_has_number(formula: str) -> bool:
    """Whether a validation formula holds a number that is no reference to cells."""
    formula = formula.strip()
    return bool(_DIGIT.search(formula)) and not _VALIDATION_REFERENCE.match(formula)


# What a conditional format's formula may say without a number of its own: cell references
# (``$B$2``, ``Sheet2!A1:A9``), function names with digits (``LOG10(``) and the 0, 1 and 2 of
# banding (``MOD(ROW(),2)=0``), which say no more than the fill the rule paints
_CF_REFERENCE = re.compile(r"(?:'[^']*'|[A-Za-z_][\w.]*)?!?\$?[A-Za-z]{1,3}\$?\d+"
                           r"(?::\$?[A-Za-z]{1,3}\$?\d+)?|[A-Za-z_][\w.]*\(")
_CF_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_CF_STRING = re.compile(r'"((?:[^"]|"")*)"')
_CF_BANDING = {0.0, 1.0, 2.0}


def conditional_format_has_number(formula: str) -> bool:
    """Whether a conditional format's formula (``<formula>`` of a ``cfRule``) holds a number
    that is no reference to cells: a threshold (``B2<3``) or a quoted text with digits
    (``"West 3"``) is a value no cell shows. 0, 1 and 2 are left (row banding)."""
    if any(_DIGIT.search(text) for text in _CF_STRING.findall(formula)):
        return True
    bare = _CF_REFERENCE.sub(" ", _CF_STRING.sub(" ", formula))
    return any(float(n) not in _CF_BANDING for n in _CF_NUMBER.findall(bare))


def text_has_number(text: str) -> bool:
    """Whether free text (a tooltip, a prompt) says a number a title or note would not."""
    return bool(prose_numbers_not_understood(text))


# The free-text fields of docProps/app.xml (the others are the application, its version,
# counts of pages and words, flags)
APP_FREE_TEXT = {"Company", "Manager", "HyperlinkBase"}


def core_fields_with_numbers(data: bytes, fields: set[str] = _CORE_FREE_TEXT) -> list[str]:
    """The free-text core properties (title, subject...), or ``fields`` of another properties
    part, that say a number; a part that cannot be parsed safely is named as one ("core
    properties") so it is never passed unread."""
    try:
        root = fromstring(data, forbid_entities=True, forbid_external=True)
    except (ET.ParseError, DefusedXmlException, ValueError):  # named, never passed unread
        return ["core properties"]
    found = []
    for elem in root.iter():
        tag = str(elem.tag).rsplit("}", 1)[-1]
        if tag in fields and elem.text and text_has_number(elem.text):
            found.append(tag)
    return found


# A custom property's value as Office types it: a date is no count, a flag no number
_DATE_TYPES = {"filetime", "date"}
_NUMBER_TYPES = {"i1", "i2", "i4", "i8", "int", "ui1", "ui2", "ui4", "ui8", "uint", "r4", "r8",
                 "decimal", "cy"}
_ISO_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?"
                           r"(?:Z|[+-]\d\d:?\d\d)?)?$")
# What Office itself writes, in its exact form only: a sensitivity label's ContentBits (a
# bitmask of header, footer, watermark and encryption: 0 to 15) under the label's GUID, and
# SharePoint's list Order (the item's id times 100)
_LABEL_BITS = re.compile(r"^MSIP_Label_[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}_ContentBits$",
                         re.I)
_HUNDREDS = re.compile(r"^\d*00(?:\.0+)?$")


def custom_properties_with_numbers(data: bytes) -> int:
    """How many custom properties (``docProps/custom.xml``) say a number no cell shows: a
    number typed as one, or text a title or note would not explain, in the value or the name.
    Dates, flags, GUIDs, a sensitivity label's ContentBits (0-15) and SharePoint's Order (a
    multiple of 100) are what Office writes and say none. A part that cannot be parsed
    safely counts as one, never passed unread."""
    try:
        root = fromstring(data, forbid_entities=True, forbid_external=True)
    except (ET.ParseError, DefusedXmlException, ValueError):
        return 1
    found = 0
    for prop in (e for e in root if str(e.tag).rsplit("}", 1)[-1] == "property"):
        name = prop.get("name") or ""
        values = list(prop)
        kind = str(values[0].tag).rsplit("}", 1)[-1] if values else ""
        text = "".join(values[0].itertext()).strip() if values else ""
        if text_has_number(name) or not _says_no_number(name, kind, text, len(values)):
            found += 1
    return found


def _says_no_number(name: str, kind: str, text: str, n_values: int) -> bool:
    """A custom property's value (of Office type ``kind``) that is no count."""
    if kind == "bool" or kind in _DATE_TYPES or _ISO_DATETIME.match(text):
        return True
    if _LABEL_BITS.match(name) and text.isdigit() and int(text) <= 15:
        return True
    if name == "Order" and _HUNDREDS.match(text):
        return True
    return kind not in _NUMBER_TYPES and n_values == 1 and not text_has_number(text)


_EXCEL_COPY = re.compile(r"^(.+?) \(\d+\)$")  # Excel names a sheet's copy "Results (2)"


def sheet_names_with_numbers(names: list[str]) -> int:
    """How many sheet names say a number a title would not explain (``West deaths 3``).
    ``Table 2``, ``Sheet1``, ``output_0`` and years say none; the ``(2)`` Excel adds to a
    copied sheet is its own only while the sheet it copies is still there."""
    present = set(names)
    found = 0
    for name in names:
        copy = _EXCEL_COPY.match(name)
        if copy and copy.group(1) in present:
            name = copy.group(1)
        found += text_has_number(name)
    return found
