"""Stata's framed tables in a log (``tabulate``, ``table``, ``tabstat``): labels left of the bar,
a header ruled off by ``---+---``, ``Freq.``/``Percent``/``Cum.`` named as Stata defines them, and
the percentage lines of ``tab, row``/``col``/``cell`` under their counts."""

from __future__ import annotations

import itertools
import re

from sdc.readers.documents.log_text import SEPARATOR, Block, has_numbers, labels_at
from sdc.readers.documents.model import TextTable

_OBSERVATION = re.compile(r"^\s*\d+\.\s*$")
_STATA_NAMES = {"Freq.": "Frequency", "Percent": "Percent", "Cum.": "Cumulative percent"}


def framed_table(block: Block) -> TextTable | None:
    """Stata tables (``tabulate``, ``table``, ``tabstat``): label | values [| total], with
    ``---+---`` separators. A ``list`` (observation numbers ``1.``, ``2.`` left of the bar)
    lists records, not a table: it is left for a person."""
    lines = [ln for ln in block.lines if ln.strip()]
    framed = [ln for ln in lines if "|" in ln and not SEPARATOR.match(ln)]
    if len(framed) < 2 or any("|" not in ln for ln in lines if not SEPARATOR.match(ln)):
        return None
    if any(_OBSERVATION.match(ln.split("|", 1)[0]) for ln in framed):
        return None
    header_lines, data_lines, ruled = _framed_parts(lines, framed)
    data = _without_percent_lines(data_lines)
    if not header_lines or not data:
        return None
    # Stata 17's ``table`` prints the row variable's name on a line of its own under the
    # column names (``ward |``): the names are on the last header line with text right of
    # the bar, the label's name on the last with text left of it
    named = [h for h in header_lines if h.split("|", 1)[1].strip()] or header_lines
    header = named[-1]
    label_name = next((h.split("|", 1)[0].strip() for h in reversed(header_lines)
                       if h.split("|", 1)[0].strip()), "")
    header = label_name.rjust(header.index("|")) + header[header.index("|"):]
    caption = named[0].split("|", 1)[1].strip() if len(named) > 1 else None
    return TextTable(index=0, rows=_framed_rows(header, data),
                     caption=caption or None, first_line=block.first, header_certain=ruled,
                     label_columns=1)


def framed_split(lines: list[str]) -> tuple[list[str], list[str], bool] | None:
    """A framed block's header lines, data lines and whether a rule set the header off (None
    when it is no framed table: fewer than two lines with a bar, or a ``list``)."""
    framed = [ln for ln in lines if "|" in ln and not SEPARATOR.match(ln)]
    if len(framed) < 2 or any(_OBSERVATION.match(ln.split("|", 1)[0]) for ln in framed):
        return None
    return _framed_parts(lines, framed)


def framed_rows(header: str, data: list[str]) -> list[list[str]]:
    """The rows of a framed table's data lines under its header line (see ``_framed_rows``)."""
    return _framed_rows(header, data)


_HEADER_RULE = re.compile(r"^\s*-+\+[-+]*\s*$")  # ``-----+-----``, not a box's ``+---+``


def _framed_parts(lines: list[str], framed: list[str]
                  ) -> tuple[list[str], list[str], bool]:
    """The header lines and the data lines of a framed table. The header is what stands
    above the first ``---+---`` rule on the table's own bar (Stata always rules off its
    header; a key box beside it has its bar elsewhere), so column labels that are numbers
    (``imd`` over 1..5, years) stay labels, plus the row variable's name printed alone under
    the rule (Stata 17's ``table``: ``ward |``). Without a rule, or when a line would be left
    out holding a number, the header is the lines before the first number right of a bar."""
    def plain() -> tuple[list[str], list[str], bool]:
        head = list(itertools.takewhile(
            lambda line: not has_numbers(line.split("|", 1)[1]), framed))
        return head, framed[len(head):], False

    first = lines.index(framed[0])
    rule = next((i for i, line in enumerate(lines) if i > first and _HEADER_RULE.match(line)),
                None)
    if rule is None:
        return plain()
    bar = lines[rule].index("+")
    header = [line for line in lines[:rule] if line in framed and line.index("|") == bar]
    below = [line for line in lines[rule + 1:] if line in framed]
    lead = list(itertools.takewhile(lambda line: not line.split("|", 1)[1].strip(), below))
    left_out = [line for line in framed if line not in header and line not in below]
    if not header or any(has_numbers(line) for line in left_out):
        return plain()
    return header + lead, below[len(lead):], True


def _without_percent_lines(data: list[str]) -> list[str] | None:
    """Stata's ``tabulate`` with ``row``, ``column`` or ``cell``: every labelled line is
    followed by the same number of unlabelled lines, its percentages. They are left out of
    the table only when each is one of the three percentages of the counts above it (the row
    total, the column's total, the grand total), so they say nothing the counts do not;
    otherwise the block is no table sdc can read (None: named for a person)."""
    labelled = [i for i, line in enumerate(data) if line.split("|", 1)[0].strip()]
    if len(labelled) == len(data):
        return data
    k = labelled[1] - labelled[0] if len(labelled) > 1 else len(data)
    if (not labelled or labelled[0] != 0 or k < 2 or len(data) != len(labelled) * k
            or any(b - a != k for a, b in itertools.pairwise(labelled))):
        return None
    try:
        groups = [[[float(t.replace(",", "")) for t, _ in _cells_right_of_bar(line)]
                   for line in data[i:i + k]] for i in labelled]
    except ValueError:
        return None
    width = len(groups[0][0])
    if any(len(row) != width for group in groups for row in group):
        return None
    column_totals = groups[-1][0]
    for counts, *percents in groups:
        shares = [[100 * x / base for x in counts] for base in [counts[-1], column_totals[-1]]
                  if base] + ([[100 * x / t for x, t in zip(counts, column_totals, strict=True)]]
                              if all(column_totals) else [])
        if not all(any(all(abs(p - s) <= 0.006 for p, s in zip(row, share, strict=True))
                       for share in shares) for row in percents):
            return None
    return [data[i] for i in labelled]


def _framed_rows(header: str, data: list[str]) -> list[list[str]]:
    """The header (the label's name left of the bar, column names over the right-aligned
    numbers, Stata's names spelt out) and each data line's label and numbers."""
    body = [_cells_right_of_bar(line) for line in data]
    ends = sorted({end for cells in body for _, end in cells})
    label_name = header.split("|", 1)[0].strip()
    names = labels_at(header, ends, start=header.index("|") + 1)
    names = [_STATA_NAMES.get(n.replace("|", "").strip(), n.replace("|", "").strip())
             for n in names]
    rows = [[label_name, *names]]
    for line, cells in zip(data, body, strict=True):
        by_end = {end: token for token, end in cells}
        rows.append([line.split("|", 1)[0].strip(), *[by_end.get(e, "") for e in ends]])
    return rows


def _cells_right_of_bar(line: str) -> list[tuple[str, int]]:
    start = line.index("|") + 1
    return [(m.group(0), start + m.end()) for m in re.finditer(r"[^\s|]+", line[start:])]
