"""A regression table printed in a log (Stata ``etable``, ``esttab`` without ``using``), read
as the same table saved in a file is (``sdc.readers.esttab.model_table``)::

    --------------------------------------
                                    mpg
    --------------------------------------
    Weight (lbs.)                   -0.006
                                   (0.001)
    Intercept                       41.680
                                   (2.166)
    Number of observations               8
    --------------------------------------

The lines become rows (the label up to two spaces, each number under the header column whose
right edge is nearest its own: numbers are right-aligned, and a model without a term leaves a
gap) and the table is handed to ``document_outputs`` like any other, where ``model_table``
reads it. Only a section that is wholly such a table (its rules, blank lines and rows) is
taken; anything else is left to the other readers of the log.
"""

from __future__ import annotations

import re

from sdc.readers.documents.model import TextTable
from sdc.readers.esttab import model_table

_RULE = re.compile(r"^\s*(?:-{5,}|={5,}|─{5,})\s*$")
_LABEL = re.compile(r"^(\S.*?)(?:\s{2,}|$)")
_TOKEN = re.compile(r"\[[^\]]*\]|\S+")


def model_text_tables(section: list[tuple[int, str]]) -> tuple[list[TextTable], set[int]]:
    """The section as one regression table and its line numbers, or nothing."""
    lines = [(n, line.rstrip()) for n, line in section
             if line.strip() and not _RULE.match(line)]
    if not lines or not any("(" in line for _, line in lines):
        return [], set()
    split = [_split(line) for _, line in lines]
    widest = max((tokens for _, tokens in split), key=len)
    anchors = [end for _, end in widest]
    if not anchors:
        return [], set()
    rows: list[list[str]] = []
    for label, tokens in split:
        row = [label] + [""] * len(anchors)
        for token, end in tokens:
            column = min(range(len(anchors)), key=lambda i: abs(anchors[i] - end))
            if row[column + 1]:
                return [], set()  # two numbers under one model: not this shape
            row[column + 1] = token
        rows.append(row)
    if model_table(rows) is None:
        return [], set()
    table = TextTable(index=0, rows=rows, first_line=lines[0][0])
    return [table], {n for n, _ in section}


def _split(line: str) -> tuple[str, list[tuple[str, int]]]:
    """The line's label and its other tokens with their right edges; a line that is all label
    (a note: ``Standard errors in parentheses``) has none."""
    label, start = "", 0
    if (match := _LABEL.match(line)) is not None:
        label, start = match.group(1), match.end()
        if match.end() >= len(line):
            return label, []
    return label, [(m.group(0), m.end()) for m in _TOKEN.finditer(line, start)]
