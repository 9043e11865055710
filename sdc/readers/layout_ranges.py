"""Two columns that are the ends of a range: a group's minimum and maximum under other names.

``df.groupby("region").agg(patients=("id", "size"), lo=("age", "min"), hi=("age", "max"))``
writes ``region,patients,lo,hi``: no word of the vocabulary says extreme, and the whole
numbers read as counts (or as the categories of a cross-tab) passed, although the youngest
and the oldest patient of each region are one person's values (SDC302). The same pair of
words heads a confidence interval (``lower``, ``upper``) and the bands of a label column
(``age_from``, ``age_to``), so the pair alone is never enough:

- the two headers are the same but for opposite end words, in either order (``lo``/``hi``,
  ``age from``/``age to``, ``upper bound``/``lower bound``, ``ageLow``/``ageHigh``);
- they follow another measure column (band edges lead the row), hold whole numbers, the low
  end never above the high one;
- no estimate is beside them (a mean, median, rate, percentage or coefficient makes them its
  interval), and they do not add up to the column before them (categories with their total).

Then, when on some row the pair does not bracket the count before it, it cannot be that
count's interval: the ends are extremes (SDC302). When it brackets it on every row, it may be
the count's own interval or a range that happens to contain it: the table is ``review``
(a person tells which), never a pass on the guess.
"""

from __future__ import annotations

import re

from sdc.readers.roles import words
from sdc.table import RawCell, Role

# opposite ends of a range, in the order they are written
_ENDS = {("lower", "upper"), ("lo", "hi"), ("low", "high"), ("from", "to"), ("start", "end"),
         ("bottom", "top"), ("floor", "ceiling"), ("least", "most")}
# roles beside which the pair is the interval of an estimate, not a range of records
_ESTIMATES = {Role.MODEL, Role.STATISTIC, Role.PERCENT, Role.MAGNITUDE}


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _end_pair(first: str, second: str) -> int:
    """``first`` and ``second`` are one header but for opposite end words: 1 when the low end
    comes first (``lo,hi``), -1 when the high end does (``hi,lo``), else 0."""
    a, b = (words(_CAMEL.sub(" ", h).replace("_", " ")) for h in (first, second))
    if len(a) != len(b) or not a:
        return 0
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(differ) != 1:
        return 0
    return 1 if differ[0] in _ENDS else -1 if differ[0][::-1] in _ENDS else 0


def _values(col: int, data_by_col: list[dict[int, RawCell]]) -> list[float | None]:
    return [c.value if (c := row.get(col)) is not None else None for row in data_by_col]


def range_end_columns(measure_cols: list[int], header_text: dict[int, str],
                      data_by_col: list[dict[int, RawCell]], named_roles: list[Role]
                      ) -> tuple[dict[int, Role], list[str]]:
    """The columns read as the ends of a range (``Role.EXTREME``), and the doubts to report
    for pairs that may be a count's interval as well (the module docstring says when)."""
    roles: dict[int, Role] = {}
    doubts: list[str] = []
    order = {k: _end_pair(header_text.get(measure_cols[k], ""),
                          header_text.get(measure_cols[k + 1], ""))
             for k in range(1, len(measure_cols) - 1)}
    pairs = [k for k, way in order.items() if way]
    in_pairs = {k + d for k in pairs for d in (0, 1)}
    if not pairs or any(role in _ESTIMATES for k, role in enumerate(named_roles)
                        if k not in in_pairs):
        return roles, doubts
    for k in pairs:
        ends = (k, k + 1) if order[k] > 0 else (k + 1, k)
        before, low, high = (_values(measure_cols[j], data_by_col) for j in (k - 1, *ends))
        shown = [v for v in (*low, *high) if v is not None]
        if not shown or not all(v >= 0 and float(v).is_integer() for v in shown):
            continue
        rows = [(b, lo, hi) for b, lo, hi in zip(before, low, high, strict=True)
                if lo is not None and hi is not None]
        if not rows or any(lo > hi for _, lo, hi in rows):
            continue
        complete = [(b, lo, hi) for b, lo, hi in rows if b is not None]
        if complete and all(abs(b - lo - hi) < 1e-9 for b, lo, hi in complete):
            continue  # categories adding up to the column before: their total
        if complete and all(lo <= b <= hi for b, lo, hi in complete):
            doubts.append("the columns headed like the ends of a range (lower and upper) may "
                          "be a minimum and a maximum, one record's values each, or an "
                          "interval around the count before them: a person must tell which")
            continue
        roles[measure_cols[k]] = roles[measure_cols[k + 1]] = Role.EXTREME
    return roles, doubts
