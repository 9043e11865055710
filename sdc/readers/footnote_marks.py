"""Footnote marks at a label's end and the notes that explain them.

A raised digit ending a label (``Total¹``, ``North ³``, gt's ``Characteristic¹``, HTML's
``<sup>3</sup>``, LaTeX's ``\\textsuperscript{3}``) is read as a footnote's mark only when a
note of the same table or page opens with that mark (``¹ n (%)``, ``3. Includes ...``): a
mark nothing explains is a number beside a name, which an insider can set a small count in
(hunt51's left, hunt52). A power (``R²``, ``km²``, ``χ²``, ``10⁵``, ``(a+b)²``) is no mark.
A lower-case Roman numeral in brackets ending a label (``North (iii)``) is a list's or a
note's mark the same way: explained by a note (``(iii) ...``) or by a run of them down the
table (``Part (i)``, ``Part (ii)``, ``Part (iii)``), else a number beside a name. Notes are
numbered from the first: a mark is explained only with the notes of every mark before it
(``all_explained``; ``North³`` beside the lone note ``³ see below`` is a number, hunt53).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_RAISED = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_TO_DIGITS = str.maketrans(_RAISED, "0123456789")
# one or more marks ending the text (gt joins two with a comma: ``¹,²``)
_END = re.compile(f"([{_RAISED}]{{1,3}}(?:,[{_RAISED}]{{1,3}})*)\\s*$")
# ``(i)`` to ``(xxxix)``, lower case (``North (III)`` is a value: ``roles.spelt_value``)
_ROMAN = r"x{0,3}(?:ix|iv|v?i{0,3})"
_END_ROMAN = re.compile(rf"\s\((?-i:(?=[ivx])({_ROMAN}))\)\s*$")
_NOTE_ROMAN = re.compile(rf"\s*\(?(?-i:(?=[ivx])({_ROMAN}))[.)]\s*(?=[^\W\d_])")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
_LETTERS_BEFORE = re.compile(r"([^\W\d_]+)$")
# a Greek letter or a statistic's name raised to a power (``chi²``, ``eta²``, ``omega²``)
_POWER_NAMES = frozenset({"chi", "khi", "eta", "omega", "rho", "sigma", "tau", "phi", "psi",
                          "theta", "alpha", "beta", "delta", "lambda", "mu", "nu"})
# a note line opening with a mark: ``¹ n (%)``, ``³Includes``, ``3. Includes``, ``(3) ...``,
# ``[3] ...``, ``Note 3: ...``
_NOTE_RAISED = re.compile(f"\\s*([{_RAISED}]{{1,3}})(?![{_RAISED}])")
_NOTE_DIGITS = re.compile(
    r"\s*(?:(?:notes?|footnote)\s*(\d{1,3})\b|[(\[]?(\d{1,3})(?:[.):\]]\s*|\s+)(?=[^\W\d_]))",
    re.I)


def end_marks(text: str) -> tuple[str, ...]:
    """The footnote marks ending ``text``, as plain digits (``North³`` -> ``("3",)``); none
    when the raised digits are a power: glued after a number, a bracket, one or two letters
    (``10⁵``, ``(x)²``, ``R²``, ``km²``, ``kg/m²``) or a Greek letter's or statistic's name
    (``chi²``)."""
    if text.endswith(")") and (roman := _END_ROMAN.search(text)) is not None:
        return (roman.group(1),)
    if text.isascii():
        return ()  # most text: no raised digit
    found = _END.search(text)
    if found is None:
        return ()
    head = text[:found.start()]
    if not head.strip():
        return ()  # a note line's own mark, or a mark alone
    if head == head.rstrip():  # glued to what comes before
        before = head[-1]
        letters = _LETTERS_BEFORE.search(head)
        if not before.isalpha() or letters is None or len(letters.group(1)) <= 2 \
                or letters.group(1).casefold() in _POWER_NAMES:
            return ()
    return tuple(mark.translate(_TO_DIGITS) for mark in found.group(1).split(","))


def explained_marks(lines: Iterable[str], plain: bool = True) -> frozenset[str]:
    """The marks the notes among ``lines`` explain (as plain digits): a line opening with a
    raised mark (``¹ n (%)``) or, when ``plain``, with a note's number (``3. Includes``,
    ``(3) ...``, ``Note 3:``)."""
    found: set[str] = set()
    for line in lines:
        for part in line.splitlines() or [line]:
            roman = _NOTE_ROMAN.match(part)
            if roman is not None:
                found.add(roman.group(1))
            raised = _NOTE_RAISED.match(part)
            if raised is not None and part[raised.end():].strip():
                found.add(raised.group(1).translate(_TO_DIGITS))
            elif plain and (digits := _NOTE_DIGITS.match(part)) is not None:
                found.add(digits.group(1) or digits.group(2))
    return frozenset(found)


def all_explained(marks: Iterable[str], explained: frozenset[str]) -> bool:
    """Whether every mark of ``marks`` is explained and so is every mark before it (``³``
    with notes ``¹``, ``²`` and ``³``; ``(iii)`` with ``(i)`` and ``(ii)``): notes are numbered
    from the first, so a ``³`` whose note is the table's only one (``³ see below``) is a
    number dressed as a mark, its note written to excuse it (hunt52's left, hunt53)."""
    for mark in marks:
        if mark not in explained:
            return False
        roman = roman_value(mark)
        value = roman if roman is not None else int(mark) if mark.isdigit() else 0
        if value > 1 and not all(_spelt(k, roman is not None) in explained
                                 for k in range(1, value)):
            return False
    return True


def _spelt(value: int, roman: bool) -> str:
    """``value`` as a mark: digits, or a lower-case Roman numeral (3 -> ``iii``)."""
    if not roman:
        return str(value)
    tens, units = divmod(value, 10)
    return "x" * tens + ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")[units]


MAX_NOTE_LINES = 500  # a page's note lines kept for its tables; a longer list a person reads
_NOTE_LINE = re.compile(
    f"^[ \\t]*(?:[{_RAISED}]|[(\\[]?\\d{{1,3}}[.):\\]]?[ \\t]|(?:notes?|footnote)[ \\t]*\\d)"
    ".*$", re.M | re.I)


def note_lines(texts: Iterable[str]) -> list[str]:
    """The lines of ``texts`` (a page's prose) that may open with a note's mark, for
    ``explained_marks`` to read: most lines are left out in C."""
    found: list[str] = []
    for text in texts:
        found += _NOTE_LINE.findall(text)
        if len(found) >= MAX_NOTE_LINES:
            return found[:MAX_NOTE_LINES]
    return found


def roman_value(mark: str) -> int | None:
    """The value of a lower-case Roman mark (``iii`` -> 3), None for a digits' mark."""
    if not mark or not mark.isalpha():
        return None
    total = 0
    for i, ch in enumerate(mark):
        value = _ROMAN_VALUES[ch]
        later = _ROMAN_VALUES[mark[i + 1]] if i + 1 < len(mark) else 0
        total += -value if value < later else value
    return total


def run_of_romans(marks: Iterable[str]) -> frozenset[str]:
    """The Roman marks among ``marks`` when they are a run from ``i`` (``i``, ``ii``,
    ``iii``: a list's marks down a table), else none."""
    romans = {mark for mark in marks if roman_value(mark) is not None}
    values = {roman_value(mark) for mark in romans}
    return frozenset(romans) if len(values) > 1 and values == set(
        range(1, len(values) + 1)) else frozenset()


# a raised mark in prose: glued after a word (``deaths³``) or set apart ending a line
_PROSE_MARK = re.compile(
    f"(?:(?<=[^\\W\\d_])|[ \\t](?=[{_RAISED}]+[ \\t]*(?:$|\\n)))"
    f"([{_RAISED}]{{1,3}})(?![{_RAISED}])", re.M)


def prose_marks(text: str) -> list[str]:
    """The footnote marks in prose, as plain digits: raised digits glued after a word
    (``West³``, not a power: ``km²``, ``R²``, ``chi²``) or set apart ending a line."""
    if text.isascii():
        return []
    found = []
    for m in _PROSE_MARK.finditer(text):
        letters = _LETTERS_BEFORE.search(text, 0, m.start(1))
        glued = m.start(1) > 0 and text[m.start(1) - 1].isalpha()
        if glued and (letters is None or len(letters.group(1)) <= 2
                      or letters.group(1).casefold() in _POWER_NAMES):
            continue
        found.append(m.group(1).translate(_TO_DIGITS))
    return found
