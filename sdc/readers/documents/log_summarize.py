"""Stata's ``summarize x, detail`` in a log: one variable's distribution in two columns of
numbers and a column of named facts, under the variable's name::

                                 age
    -------------------------------------------------------------
          Percentiles      Smallest
     1%           19             18
     5%           22             18
    10%           25             19       Obs                 400
    25%           32             19       Sum of Wgt.         400

    50%           45                      Mean           46.1025
                            Largest       Std. Dev.      16.2345
    75%           60             91
    90%           70             92       Variance       263.559
    95%           80             93       Skewness       .123456
    99%           89             94       Kurtosis       2.34567

No table reader took it (three columns of different things in one block, split by a blank
line), so its numbers were named for a person (SDC602 review), although its Smallest and
Largest columns are the four lowest and four highest values: single records (SDC302, as
``min``/``max`` of ``describe()`` and R's ``summary()``). Read here as a table of one column
(the variable) whose rows are named by the statistic, the way ``describe()`` is read: ``Obs``
a count, the percentiles, mean, sd, variance, skewness and kurtosis statistics of those units,
each ``Smallest k``/``Largest k`` an extreme. Only the exact layout Stata prints, with ``Sum of
Wgt.`` equal to ``Obs`` (an unweighted summarize: the weights would make every other number a
weighted one); anything else is read as before.
"""

from __future__ import annotations

import re

from sdc.readers.documents.model import TextTable

_NUM = r"[-+]?(?:\d[\d,]*\.?\d*|\.\d+)(?:e[-+]?\d+)?"
_NAME = re.compile(r"^\s+(\S(?:.*\S)?)\s*$")
_RULE = re.compile(r"^\s*-{20,}\s*$")
_HEAD = re.compile(r"^\s*Percentiles\s+Smallest\s*$")
_LOW = re.compile(rf"^\s*(1|5|10|25)%\s+({_NUM})\s+({_NUM})"
                  rf"(?:\s+(Obs|Sum of [Ww]gt\.)\s+({_NUM}))?\s*$")
_MEDIAN = re.compile(rf"^\s*50%\s+({_NUM})\s+Mean\s+({_NUM})\s*$")
_LARGEST = re.compile(rf"^\s*Largest\s+(Std\. [Dd]ev\.)\s+({_NUM})\s*$")
_HIGH = re.compile(rf"^\s*(75|90|95|99)%\s+({_NUM})\s+({_NUM})"
                   rf"(?:\s+(Variance|Skewness|Kurtosis)\s+({_NUM}))?\s*$")
# the facts in the order and on the lines Stata prints them (1%, 5% have none)
_LOW_FACTS = [None, None, "Obs", "Sum of Wgt."]
_HIGH_FACTS = [None, "Variance", "Skewness", "Kurtosis"]
# Stata 17 and later print the weights' line in lower case, as they do ``Std. dev.``
_SPELLING = {"Sum of wgt.": "Sum of Wgt."}
_LINES = 14  # name, rule, head, four low, blank, median, largest, four high
# describe()'s names for the facts (cell_roles reads a row by its label)
_FACT_LABELS = {"Obs": "count", "Mean": "mean", "Std. Dev.": "std", "Std. dev.": "std",
                "Variance": "variance", "Skewness": "skewness", "Kurtosis": "kurtosis"}


def summarize_detail_tables(section: list[tuple[int, str]]
                            ) -> tuple[list[TextTable], set[int]]:
    """The ``summarize, detail`` tables of a log section and the line numbers they take."""
    tables: list[TextTable] = []
    taken: set[int] = set()
    i = 0
    while i + _LINES <= len(section):
        table = _detail_at(section[i:i + _LINES])
        if table is None:
            i += 1
            continue
        tables.append(table)
        taken.update(n for n, _ in section[i:i + _LINES])
        i += _LINES
    return tables, taken


def _detail_at(lines: list[tuple[int, str]]) -> TextTable | None:
    texts = [line for _, line in lines]
    name = _NAME.match(texts[0])
    if name is None or not _RULE.match(texts[1]) or not _HEAD.match(texts[2]) \
            or texts[7].strip():
        return None
    low = [_LOW.match(t) for t in texts[3:7]]
    median, largest = _MEDIAN.match(texts[8]), _LARGEST.match(texts[9])
    high = [_HIGH.match(t) for t in texts[10:14]]
    if median is None or largest is None or any(m is None for m in (*low, *high)):
        return None
    rows: list[list[str]] = []
    smallest: list[str] = []
    largest_values: list[str] = []
    for k, m in enumerate(low):
        assert m is not None
        fact = _SPELLING.get(m.group(4), m.group(4))
        if m.group(1) != ("1", "5", "10", "25")[k] or fact != _LOW_FACTS[k]:
            return None
        rows.append([f"{m.group(1)}%", m.group(2)])
        smallest.append(m.group(3))
        if fact:
            rows.append([fact, m.group(5)])
    rows.append(["50%", median.group(1)])
    rows.append(["Mean", median.group(2)])
    rows.append([largest.group(1), largest.group(2)])
    for k, m in enumerate(high):
        assert m is not None
        if m.group(1) != ("75", "90", "95", "99")[k] or m.group(4) != _HIGH_FACTS[k]:
            return None
        rows.append([f"{m.group(1)}%", m.group(2)])
        largest_values.append(m.group(3))
        if m.group(4):
            rows.append([m.group(4), m.group(5)])
    facts = dict(rows)
    if _number(facts["Obs"]) != _number(facts["Sum of Wgt."]):
        return None  # weighted: every other number is a weighted one
    rows = [[_FACT_LABELS.get(label, label), value] for label, value in rows
            if label != "Sum of Wgt."]  # the same number as Obs, checked there
    rows += [[f"smallest {k + 1}", v] for k, v in enumerate(smallest)]
    rows += [[f"largest {k + 1}", v] for k, v in enumerate(reversed(largest_values))]
    return TextTable(index=0, rows=[["statistic", name.group(1)], *rows],
                     first_line=lines[0][0], header_certain=True, label_columns=1,
                     statistic_names={"count": "count", "mean": "mean", "std": "std"})


def _number(text: str) -> float:
    return float(text.replace(",", ""))
