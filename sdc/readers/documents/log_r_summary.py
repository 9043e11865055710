"""R's ``summary()`` of a data frame of numeric columns, printed::

          age             los
     Min.   :19.00   Min.   : 1.0
     1st Qu.:34.00   1st Qu.: 3.0
     Median :47.50   Median : 6.0
     Mean   :48.12   Mean   : 7.9
     3rd Qu.:61.00   3rd Qu.:11.0
     Max.   :94.00   Max.   :29.0
                     NA's   :3

Each cell holds its statistic's name and its value, so no table reader took the block and its
numbers were named for a person (SDC602 review), although ``Min.`` and ``Max.`` are single
records (SDC302, as ``summary(x)`` of one vector and describe()'s min and max are). Read as the
same statistics-by-variable table ``describe()`` writes: one row per statistic, one column per
variable. The ``NA's`` line (a count of missing values, under the columns that have any) is no
statistic of the others: it is left out of the table and named for a person (SDC602), as
before. Only blocks whose every line has one cell per variable, all of one statistic, in the
order R prints them; a factor's level counts, a character column or a date leave the block
read as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sdc.readers.documents.log_text import Block
from sdc.readers.documents.model import TextTable

_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?"
_CELL = re.compile(rf"(Min\.|1st Qu\.|Median|Mean|3rd Qu\.|Max\.|NA's)\s*:\s*({_NUM})(?=\s|$)")
_ORDER = ["Min.", "1st Qu.", "Median", "Mean", "3rd Qu.", "Max."]
_NA = "NA's"
_PROMPT = re.compile(r"^>\s*summary\(")


@dataclass
class RSummary:
    """The statistics read as a table, and the line number of an ``NA's`` line after them."""

    table: TextTable
    na_line: int | None


def r_summary_table(block: Block) -> RSummary | None:
    """The statistics-by-variable table of ``block`` when it is an R data frame's summary
    (under its ``> summary(d)`` prompt where a ``.txt`` is read without commands)."""
    if block.lines and _PROMPT.match(block.lines[0]):
        block = Block(block.first + 1, block.lines[1:])
    if len(block.lines) not in (len(_ORDER) + 1, len(_ORDER) + 2):
        return None
    names = block.lines[0].split()
    if not names or _CELL.search(block.lines[0]):
        return None
    rows = [["statistic", *names]]
    for label, line in zip(_ORDER, block.lines[1:len(_ORDER) + 1], strict=True):
        cells = list(_CELL.finditer(line))
        # every variable's cell on the line, nothing else on it (a factor's "F:120" is not)
        if len(cells) != len(names) or any(c.group(1) != label for c in cells) \
                or _CELL.sub("", line).strip():
            return None
        rows.append([label, *(c.group(2) for c in cells)])
    na_line = None
    if len(block.lines) == len(_ORDER) + 2:
        line = block.lines[-1]
        cells = list(_CELL.finditer(line))
        # only the columns with missing values print one, each under its column's Min.
        starts = {c.start() for c in _CELL.finditer(block.lines[1])}
        if not cells or any(c.group(1) != _NA or c.start() not in starts for c in cells) \
                or _CELL.sub("", line).strip():
            return None
        na_line = block.first + len(block.lines) - 1
    table = TextTable(index=0, rows=rows, first_line=block.first, header_certain=True,
                      label_columns=1)
    return RSummary(table, na_line)
