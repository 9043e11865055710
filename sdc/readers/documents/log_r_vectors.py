"""R's print of an unnamed vector (``[1] 18 94``) under a command that names its statistic:
``min(x)``, ``max(x)``, ``range(x)`` print the smallest and the largest value, ``fivenum(x)``
Tukey's five numbers from the minimum to the maximum. The numbers carry no labels, so the
block was text with numbers (SDC602 review), where ``summary(x)``'s Min. and Max. and
``quantile(x)``'s 0% and 100% fail SDC302. Read as a table whose rows are named by the
statistic (``min``, ``max``; ``fivenum``'s hinges as the quartiles), so the same rules apply.
Only one line with exactly the values the function returns (one, two, five); anything else
is read as before."""

from __future__ import annotations

import re

from sdc.readers.documents.log_text import Block
from sdc.readers.documents.model import TextTable

_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?"
_VECTOR = re.compile(rf"^\s*\[1\]((?:\s+{_NUM})+)\s*$", re.I)
_NAMES = {"min": ["min"], "max": ["max"], "range": ["min", "max"],
          "fivenum": ["min", "25%", "50%", "75%", "max"]}


def r_vector_table(block: Block, statistic: str | None) -> TextTable | None:
    """The table of ``block`` when it is one ``[1] ...`` line of ``statistic``'s values."""
    names = _NAMES.get(statistic or "")
    if names is None or len(block.lines) != 1:
        return None
    match = _VECTOR.match(block.lines[0])
    if match is None:
        return None
    values = match.group(1).split()
    if len(values) != len(names):
        return None
    # the column is named by the statistic where every value is an extreme (min, max, range)
    header = statistic if statistic in ("min", "max", "range") else "value"
    return TextTable(index=0, rows=[["statistic", header],
                                    *([n, v] for n, v in zip(names, values, strict=True))],
                     first_line=block.first, header_certain=True, label_columns=1)
