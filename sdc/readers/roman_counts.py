"""Counts written as Roman numerals in prose: ``North had III deaths``.

``numbers_in_prose`` reads digits, number words (``three deaths``) and number characters
(``③``), so a count set as an upper-case Roman numeral before the people it counts passed
(hunt51's left, hunt52). A numbered name's numeral (``stage III patients``, ``Type II
diabetes cases``, ``Phase III trial``) is no count: the word before it numbers a series.
"""

from __future__ import annotations

import re

from sdc.readers.numbered_names import ORDINAL_NAMES
from sdc.readers.roles import PEOPLE_NOUNS

# II to XXXIX, upper case (``I`` is a pronoun, a lone ``X`` a placeholder: ``X patients``),
# then at most one word, then the people counted; the word before it read apart
_ROMAN_COUNT = re.compile(
    r"(?:([^\W\d_]+)[ \t]+)?(?<![\w\-./])(?-i:(?=[IVX]{1,6}\b)(?!I\b|X\b)"
    r"X{0,3}(?:IX|IV|V?I{0,3}))[ \t]+(?:[a-z]+[ \t]+)?(?:" + PEOPLE_NOUNS + r")\b", re.I)


def roman_counts(text: str) -> int:
    """How many counts ``text`` writes as a Roman numeral before the people it counts
    (``III deaths``, ``IV new patients``), a series' numeral (``stage III patients``) not."""
    if "I" not in text and "V" not in text and "X" not in text:
        return 0  # most text: no upper-case numeral letter
    return sum(1 for m in _ROMAN_COUNT.finditer(text)
               if (m.group(1) or "").casefold() not in ORDINAL_NAMES)
