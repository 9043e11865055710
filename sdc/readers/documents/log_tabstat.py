"""Stata's ``tabstat ..., by(g) statistics(...)`` in a log: one block of lines per group, the
statistics listed in the header Stata prints above the frame.

::

    Summary statistics: N, Mean, SD          (Stata 16 and before: N, mean, sd)
    Group variable: ward (Hospital ward)     (before: "  by categories of: ward (...)")

        ward |       los      cost
    ---------+--------------------
           A |        52        52
             |  6.072423  3317.115
             |  3.097104  695.3637

Each group's first line carries its label, the next ones the following statistics, in the
header's order. Read as a long table with the statistic as a second label column (``ward,
statistic, los, cost``), so each number is checked as what it is: ``N`` is the number of
units (non-missing observations) behind the group's other statistics, the mean a magnitude,
``SD`` a statistic of those units (sdc.cell_roles). ``N``/``count`` counts exactly the
values the mean and the sd are computed from (tabstat's definition), so a group's dominance
can be bounded from them as for pandas' ``count``/``mean``/``std``
(sdc.magnitude_bounds); a weighted tabstat, or one whose command is not in the log, is
read without that (its means stay SDC203 review). A block whose lines do not make whole groups
of the listed statistics is not this table (None: read as before).
"""

from __future__ import annotations

import re

from sdc.readers.documents.log_frames import framed_rows, framed_split
from sdc.readers.documents.log_text import SEPARATOR, Block
from sdc.readers.documents.model import TextTable

_STATISTICS = re.compile(r"^\s*Summary statistics:\s*(\S.*?)\s*$")
_GROUP = re.compile(r"^\s*(?:by categories of|Group variable):\s*(\S+)")
_COMMAND = re.compile(r"^\s*tabstat\b", re.I)
_LONGSTUB = re.compile(r",.*\blong(?:s(?:t(?:u(?:b)?)?)?)?\b", re.I)
_WEIGHT = re.compile(r"\[\s*[afpi]?w(?:eight)?\s*=|\[\s*[afpi]weight\b", re.I)
# tabstat's statistics that are pandas' describe() ones by definition: ``N``/``count`` the
# number of non-missing values, ``mean``, and ``sd`` the standard deviation (the bound of
# sdc.magnitude_bounds holds for the sample's and the population's alike)
_AS_DESCRIBE = {"n": "count", "count": "count", "mean": "mean", "sd": "std"}


def tabstat_header(lines: list[str]) -> tuple[list[str], str] | None:
    """The statistics (as printed) and the group variable's name of a tabstat header block."""
    text = [line for line in lines if line.strip()]
    if len(text) != 2:
        return None
    stats, group = _STATISTICS.match(text[0]), _GROUP.match(text[1])
    if stats is None or group is None:
        return None
    names = [s.strip() for s in stats.group(1).split(",")]
    if len(names) < 2 or any(not n or " " in n for n in names):
        return None
    return names, group.group(1)


def _framed(block: Block) -> tuple[list[str], list[str]] | None:
    """A framed block's header lines and data lines (every non-blank line framed by ``|``
    or a rule, the header ruled off from data), or None: the shape both tabstat layouts
    start from."""
    lines = [ln for ln in block.lines if ln.strip()]
    if any("|" not in ln for ln in lines if not SEPARATOR.match(ln)):
        return None
    split = framed_split(lines)
    if split is None:
        return None
    header_lines, data, ruled = split
    if not ruled or not header_lines or not data:
        return None
    return header_lines, data


def tabstat_table(block: Block, stats: list[str], command: str) -> TextTable | None:
    """The framed block under a tabstat header: whole groups of ``len(stats)`` lines, the
    first labelled, the rest not; else None."""
    framed = _framed(block)
    if framed is None:
        return None
    header_lines, data = framed
    k = len(stats)
    if len(data) % k:
        return None
    labelled = [bool(line.split("|", 1)[0].strip()) for line in data]
    if any(labelled[i] != (i % k == 0) for i in range(len(data))):
        return None
    rows = framed_rows(header_lines[-1], data)
    if any(len(row) != len(rows[0]) or not all(v.strip() for v in row[1:]) for row in rows[1:]):
        return None  # a statistic missing from a line: not whole groups
    table = [[rows[0][0], "statistic", *rows[0][1:]]]
    for i, row in enumerate(rows[1:]):
        group = rows[1 + i - i % k][0]
        table.append([group, stats[i % k], *row[1:]])
    return TextTable(index=0, rows=table, first_line=block.first, header_certain=True,
                     label_columns=2, statistic_names=describe_names(table, command))


# the statistics tabstat prints in a long stub (``statistics()``'s names, as Stata 16 and 17+
# print them): anything else there is not a statistic's name and the block is not read so
_LONGSTUB_STATS = re.compile(
    r"^(?:n|count|mean|sum|max|min|range|sd|variance|cv|se\(mean\)|semean|skewness|kurtosis"
    r"|median|iqr|q|p\d{1,2})$", re.I)


def longstub_table(block: Block, command: str) -> TextTable | None:
    """``tabstat x, by(g) statistics(...) longstub``: each line's stub holds the statistic's
    name right of the group's label (the label on the group's first line only), under the
    stub header ``g stats``::

        ward      stats |       los      cost
        ----------------+--------------------
        A             N |       104       104
                   Mean |  6.980769  3058.689

    Read as ``tabstat_table`` reads the short stub (``ward, statistic, los, cost``), when the
    log's command is that tabstat, every group lists the same statistics in the same order
    and each is a name tabstat prints; else None (read as before)."""
    if not _COMMAND.match(command) or not _LONGSTUB.search(command):
        return None
    framed = _framed(block)
    if framed is None:
        return None
    header_lines, data = framed
    rows = framed_rows(header_lines[-1], data)
    stub = rows[0][0].split()
    if len(stub) != 2 or stub[1].lower() != "stats":
        return None
    parsed = [(" ".join(words[:-1]), words[-1]) if (words := row[0].split()) else ("", "")
              for row in rows[1:]]
    if not parsed or not parsed[0][0]:
        return None
    starts = [i for i, (group, _) in enumerate(parsed) if group]
    stats = [stat for _, stat in parsed[:starts[1] if len(starts) > 1 else len(parsed)]]
    k = len(stats)
    if (len(parsed) % k or starts != list(range(0, len(parsed), k)) or len(set(stats)) != k
            or not all(_LONGSTUB_STATS.match(s) for s in stats)
            or any(stat != stats[i % k] for i, (_, stat) in enumerate(parsed))):
        return None
    if any(len(row) != len(rows[0]) or not all(v.strip() for v in row[1:]) for row in rows[1:]):
        return None  # a statistic missing from a line
    table = [[stub[0], "statistic", *rows[0][1:]]]
    for i, row in enumerate(rows[1:]):
        table.append([parsed[i - i % k][0], stats[i % k], *row[1:]])
    return TextTable(index=0, rows=table, first_line=block.first, header_certain=True,
                     label_columns=2, statistic_names=describe_names(table, command))


def describe_names(rows: list[list[str]], command: str) -> dict[str, str]:
    """The labels and column names of a table an unweighted ``tabstat`` printed that are
    pandas' describe() statistics by tabstat's definition (``N`` -> ``count``): its header
    (``columns(statistics)``), its labels (no ``by()``: ``Stats`` down the lines) and the
    statistic column this module adds. None for any other command: a ``N`` elsewhere may
    count rows whose value is missing."""
    if not _COMMAND.match(command) or _WEIGHT.search(command):
        return {}
    texts = {*rows[0], *(text for row in rows[1:] for text in row[:2])}
    return {t.strip(): _AS_DESCRIBE[t.strip().lower()] for t in texts
            if t.strip().lower() in _AS_DESCRIBE}
