"""A count stated by a file's or a folder's name: ``North_3_deaths.csv``, ``West=3/``.

A release's names leave the TRE with its files, and no rule read them, so a small count set
in a name passed however clean the file (hunt51's left, hunt52). Most names hold numbers a
tool or a person gave them to tell files apart (``output_0.csv``, ``hist1_0.png``, ACRO's
``output_3-rN.csv``, ``Table 2.xlsx``, ``Book1.xlsx``, ``results (2).csv``, dates, versions):
those are not read. A name is read as stating a count only in two shapes no tool writes:
a label set equal to a number (``West=3``, ``n=3``; a year, a hive-style partition's key
like ``part=0`` or ``seed=42`` excepted) and a number before the people or events it counts
(``North_3_deaths``, ``3 patients``); and a sex or a place set beside a number, the whole
name (``West 3.csv``, ``female_3.xlsx``; hunt53).
"""

from __future__ import annotations

import re

from sdc.readers.numbered_names import ORDINAL_NAMES
from sdc.readers.roles import PEOPLE_NOUNS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# the words a count of people or events is written with, as ``roles``' prose reads them
_COUNTED = rf"(?:{PEOPLE_NOUNS}|died|dead|admitted|infected|obs|observations|counts?)"
_SEP = r"[\s_\-.]"
# ``3_deaths``, ``3 patients``, ``3-cases``: a number, a separator, the people counted
_NUMBER_BEFORE_PEOPLE = re.compile(
    rf"(?:^|(?:(?P<before>[^\W\d_]+))?{_SEP})(?P<n>\d{{1,6}}){_SEP}+{_COUNTED}(?=$|{_SEP})",
    re.I)
# a word before the number that makes it a code's, a bound's or a series' (``covid_19``,
# ``age_65``, ``top_10``, ``wave_3``: ``ORDINAL_NAMES``)
_NOT_A_COUNT_BEFORE = ORDINAL_NAMES | _words(
    "covid sars mers ncov news age aged ages over under top bottom first last per above "
    "below than from to and or plus")
# ``West=3``, ``n=3``: a name set equal to a number
_SET_EQUAL = re.compile(r"(?P<key>[^\W\d_][\w\-]*)\s*=\s*(?P<n>\d{1,6})(?![\d.,])", re.I)
# keys of names a program or a person numbers its files by: partitions, runs, seeds, pages
_NUMBERING_KEYS = _words(
    "part partition chunk batch shard seed run fold iter iteration epoch step page version "
    "v rev id idx index k split rep replicate sample round wave year month day date week "
    "quarter time t model table figure fig")


# ``West 3``, ``female_3``, ``South-East 3``: the whole stem a category and a number (not
# bracketed: ``West (2)`` is a copy's number, as ``results (2)`` is)
_CATEGORY_THEN_NUMBER = re.compile(
    r"^(?P<words>[^\W\d_]+(?:[ _\-][^\W\d_]+)?)[ _\-]+(?P<n>\d{1,6})$")


def count_in_name(name: str) -> bool:
    """Whether the file or folder name ``name`` (one path component) states a count."""
    if not any(ch.isdigit() for ch in name):
        return False  # most names: no digit
    stem = re.sub(r"(?:\.[A-Za-z][A-Za-z0-9]{0,4})+$", "", name)  # ``.csv``, ``.csv.gz``
    for m in _SET_EQUAL.finditer(stem):
        if m["key"].casefold() not in _NUMBERING_KEYS and not _a_year(m["n"]):
            return True
    if any(not _a_year(m["n"]) and (m["before"] or "").casefold() not in _NOT_A_COUNT_BEFORE
           for m in _NUMBER_BEFORE_PEOPLE.finditer(stem)):
        return True
    return _category_then_number(stem)


def _category_then_number(stem: str) -> bool:
    """A name that is a sex or a place and a number, nothing else (``West 3.csv``,
    ``female_3.xlsx``): that category's count, in the shape of ``Table 2.csv``, ``Copy 2``
    or ``output_3``, whose words name a document, not a category (hunt52's left, hunt53)."""
    from sdc.category_levels import names_a_sex_or_a_place

    m = _CATEGORY_THEN_NUMBER.match(stem)
    return m is not None and not _a_year(m["n"]) and names_a_sex_or_a_place(
        m["words"].replace("_", " ").replace("-", " "))


def _a_year(digits: str) -> bool:
    return len(digits) == 4 and 1800 <= int(digits) <= 2100
