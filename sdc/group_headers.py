"""gtsummary's ``by=`` headers over a numeric group variable: ``**0**, N = 50`` and
``**1**, N = 40``. The base is a printed base, checked as a count (``derived_counts``); the
level left beside it is the group's code, understood as a label only as a row label's would be:
when the levels of the header line together form a code list (0/1, 1..5, years). Two
arbitrary numbers (``**3**, N = 50`` beside ``**40**, N = 60``) stay not understood."""

from __future__ import annotations

import re

from sdc.derived_counts import printed_base_numbers, without_printed_bases
from sdc.readers.roles import numeric_labels_understood
from sdc.table import RawCell, Table

# what is left of the header once its base is taken out: the level, bold or not, and the comma
_LEVEL_LEFT = re.compile(r"^\s*(\*\*|__)?\s*(\d+)\s*(\*\*|__)?\s*,?\s*$")


def numeric_group_levels(table: Table, header_rows: set[int]) -> set[int]:
    """The ids of header cells that are a numeric group's level beside its printed base."""
    found: set[int] = set()
    for row in table.grid.rows_on(header_rows):
        levels: list[tuple[RawCell, float]] = []
        for cell in row:
            if cell.value is not None or "=" not in cell.raw or not printed_base_numbers(cell.raw):
                continue
            match = _LEVEL_LEFT.match(without_printed_bases(cell.raw))
            if match is not None:
                levels.append((cell, float(match[2])))
        if len(levels) >= 2 and numeric_labels_understood([v for _c, v in levels]):
            found |= {id(c) for c, _v in levels}
    return found
