"""Right-aligned tables in a log: R's ``table()``/``xtabs``/data frames and tibbles, SAS
listings. Numbers are right-aligned under their headers, so a column is the set of numbers
ending at the same position, and its header is the text that ends there too. The command that
printed a table says what its numbers are (``tapply(age, ward, max)``)."""

from __future__ import annotations

import itertools
import re

from sdc.readers.documents.log_text import NUMBER_TOKEN, SEPARATOR, Block, has_numbers, labels_at
from sdc.readers.documents.model import Document, TextPart, TextTable

# A tibble as R prints it: a ``# A tibble: 3 × 2`` line, the column names, a line of column
# types (``<chr> <int>``), rows numbered 1, 2, 3 and ``# ℹ 7 more rows`` after a long one
_TIBBLE = re.compile(r"^# A tibble: [\d,]+ (?:×|x) [\d,]+\s*$")
_TIBBLE_TYPES = re.compile(r"^\s*(?:<[a-z_]+>\s*)+$")
_TIBBLE_FOOTER = re.compile(r"^# (?:ℹ|…|\.\.\.) ")


def untibbled(block: Block, doc: Document) -> Block:
    """A printed tibble as the aligned table it holds: its banner, type line and footers are
    R's, kept as text for the identifier check (a footer's "7 more rows" is no statistic)."""
    if not block.lines or not _TIBBLE.match(block.lines[0]):
        return block
    kept = [line for line in block.lines[1:]
            if not _TIBBLE_TYPES.match(line) and not _TIBBLE_FOOTER.match(line)]
    r_lines = [line for line in block.lines if line not in kept]
    doc.text.append(TextPart(f"line {block.first}", "\n".join(r_lines), numbers_accounted=True))
    return Block(block.first + 1, kept)


def aligned_table(block: Block, command: str = "") -> TextTable | None:
    """Right-aligned columns: R ``table()``/``xtabs``/data frames, SAS listings. Every line
    after the header must hold numbers ending only at the column ends, or this is not a table."""
    lines = [ln for ln in block.lines if ln.strip() and not SEPARATOR.match(ln)]
    if len(lines) < 2:
        return None
    if _STRATUM.match(lines[0]) and (stratum := _headed_numbers(
            lines[1:2], lines[2:], Block(block.first + 1, lines))) is not None:
        stratum.caption = lines[0].strip()  # R's ``sex=1`` over one stratum's rows
        return stratum
    # a column label that is a band (``agegrp`` over ``18-39 40-64 65+``) is no number
    first_data = next((i for i, ln in enumerate(lines)
                       if has_numbers(_range_words_masked(_level_names_masked(ln)))), None)
    if first_data is None:
        return None
    two_way = len(lines) >= 3 and bool(_R_CAPTION.match(lines[0])
                                        and _R_DIM_NAME.match(lines[1])) \
        and not _names_only(lines[1], lines[2:])
    if two_way:
        first_data = 2  # R's two-way table: the column variable over the row variable's name
        # and the column labels, which may be numbers (``imd`` over 1..5, years)
    pandas_header = first_data == 0 and _index_name_line(lines)
    if pandas_header:
        first_data = 2  # pandas: the column labels (years, 0/1, 25%) over the index's name
    header_lines = lines[:first_data]
    # pandas' index-name line: the first column is the index, never R's row numbers
    index_named = len(header_lines) >= 2 and bool(_NAMES_LINE.fullmatch(header_lines[-1]))
    shown = lines[first_data:] if index_named else _without_row_index(lines[first_data:])
    # ``18-39`` is a label, not two numbers; ``1. Very good`` too under pandas' index name
    # (a Stata ``list`` numbers its records ``1.`` but prints no index name)
    data = _bands_masked(shown, value_labels=index_named)
    number_ends = {m.end() for ln in data for m in NUMBER_TOKEN.finditer(ln)}
    label_end = _numeric_row_labels(header_lines, data)
    if label_end is not None:
        ends = sorted({label_end + m.end() for ln in data
                       for m in NUMBER_TOKEN.finditer(ln[label_end:])})
    else:
        if not header_lines or all(not _label_of(ln).strip() for ln in data):
            # rows numbered 1, 2, 3 are R's print of records (``head(df)``), not this table
            headed = None if shown != lines[first_data:] else _headed_numbers(
                header_lines, data, block)
            return headed if headed is not None else _r_one_way(lines, block, command)
        ends = sorted(number_ends)
        label_end = max(len(_label_of(ln, number_ends).rstrip()) for ln in data)
        if any(start < label_end for ln in data for start, _, _ in _cells(ln, number_ends)):
            return None  # numbers inside the label column: not a simple aligned table
    body = _aligned_rows(data, label_end, ends, number_ends)
    if body is None:
        return None
    for row, line in zip(body, shown, strict=True):
        row[0] = line[:label_end].strip()  # a band's own text
    label, names, caption = _aligned_header(header_lines, label_end, ends)
    levels = _index_levels(header_lines, shown, label_end) if not two_way else None
    column_levels = _column_levels(header_lines, label_end, ends) if not two_way else None
    if column_levels is not None:  # pandas' MultiIndex columns: the rows to_csv writes
        index_names, row_labels = levels if levels is not None else (
            [label], [[row[0]] for row in body])
        pad = [""] * (len(index_names) - 1)
        return TextTable(index=0, rows=[
            *[[name, *pad, *labels] for name, labels in column_levels],
            [*index_names, *[""] * len(ends)],
            *[[*labels, *row[1:]] for labels, row in zip(row_labels, body, strict=True)]],
            caption=None, first_line=block.first, label_columns=len(index_names))
    if levels is not None:  # pandas' MultiIndex: one label column per level
        label_row, labels = levels
        return TextTable(index=0, rows=[[*label_row, *names], *[
            [*row_labels, *row[1:]] for row_labels, row in zip(labels, body, strict=True)]],
            caption=caption, first_line=block.first, header_certain=pandas_header,
            label_columns=len(label_row))
    return TextTable(index=0, rows=[[label, *names], *body], caption=caption,
                     first_line=block.first, header_certain=two_way or pandas_header,
                     label_columns=1 if two_way or pandas_header else 0)


def _column_levels(header_lines: list[str], label_end: int, ends: list[int]
                   ) -> list[tuple[str, list[str]]] | None:
    """pandas prints MultiIndex columns as one line per level, each opening with the level's
    name, over the index-name line; an outer label stands over the first column of its span
    only. Each level's name and its labels, the outer ones carried right over their span;
    None unless there are two such lines or more over an index-name line."""
    if len(header_lines) < 3 or any(w.start() >= label_end
                                    for w in re.finditer(r"\S+", header_lines[-1])):
        return None
    levels = []
    for depth, line in enumerate(header_lines[:-1], start=2 - len(header_lines)):
        words = list(re.finditer(r"\S+", line))
        name = " ".join(w.group(0) for w in words if w.start() < label_end)
        labels = labels_at(line, ends, start=label_end)
        inner = depth == 0
        if not name or (inner and not all(labels[:-1])) or (not inner and (
                not labels[0] or any(w.end() not in ends for w in words
                                     if w.start() >= label_end))):
            return None  # the innermost level labels every column (but a margin); an outer
            # one starts at the first and ends each label at a column's end
        levels.append((name, labels))
    for _, labels in levels[:-1]:  # outer levels: a blank continues the label on its left
        for i in range(1, len(labels)):
            labels[i] = labels[i] or labels[i - 1]
    return levels


def _index_levels(header_lines: list[str], data: list[str], label_end: int
                  ) -> tuple[list[str], list[list[str]]] | None:
    """pandas prints a MultiIndex's names on the index-name line (``region sex``) and each
    level's labels starting under its name, an outer label only where it changes (``East F``
    then ``M``). The level names and every row's labels with the outer ones repeated, as
    ``to_csv`` writes them; None unless the label column splits cleanly at every name's start
    on every line (a label crossing a boundary, or a row with no inner label under a blank
    outer one)."""
    if len(header_lines) < 2 or has_numbers(header_lines[-1]) \
            or header_lines[-1][:1].isspace():
        return None
    names = list(re.finditer(r"\S+", header_lines[-1]))
    if len(names) < 2 or names[-1].start() >= label_end:
        return None
    starts = [m.start() for m in names] + [label_end]
    rows: list[list[str]] = []
    for line in data:
        area = line[:label_end].ljust(label_end)
        if any(area[p - 1] != " " for p in starts[1:-1]):
            return None  # a label crosses a level's boundary
        parts = [area[a:b].strip() for a, b in itertools.pairwise(starts)]
        if not parts[-1] and not parts[0]:
            return None
        if rows and parts[-1]:  # an outer label pandas left blank: the one above it
            parts = [p or above for p, above in zip(parts[:-1], rows[-1], strict=False)] \
                + [parts[-1]]
        elif not parts[0]:
            return None
        rows.append(parts)
    return [m.group(0) for m in names], rows


def _names_only(line: str, data: list[str]) -> bool:
    """Every word of ``line`` ends before any data line's first number: pandas' index-name
    line (``region sex``), not R's row variable beside its column labels."""
    starts = [m.start() for ln in data if (m := NUMBER_TOKEN.search(_range_words_masked(ln)))]
    return bool(starts) and all(w.end() <= min(starts) for w in re.finditer(r"\S+", line))


def _index_name_line(lines: list[str]) -> bool:
    """pandas ``to_string()`` of a frame with a named index: the column labels, then a line
    holding only the index's name(s) from the margin, then the rows. The labels may then be
    numbers (``crosstab(region, died)``'s 0 and 1, years, describe()'s 25%) when they read as
    labels: a code sequence, years, or percentile names in increasing order."""
    if len(lines) < 3 or has_numbers(lines[1]) or lines[1][:1].isspace():
        return False
    if not all(has_numbers(line) for line in lines[2:]):
        return False
    tokens = [m.group(0) for m in NUMBER_TOKEN.finditer(_range_words_masked(lines[0]))]
    if any("%" in t for t in tokens):
        from sdc.readers.roles import percentile_name  # on first use (startup)

        levels = [float(t.rstrip("%")) for t in tokens]
        return all(percentile_name(t) for t in tokens) and all(
            a < b for a, b in itertools.pairwise(levels))
    from sdc.readers.roles import numeric_labels_understood

    try:
        return numeric_labels_understood([float(t.replace(",", "")) for t in tokens])
    except ValueError:
        return False


# a row label that is a band (``18-39``, ``65+``, ``<18``) at the start of a data line
_BAND_TOKEN = re.compile(r"^(\s*)(\S*\d\S*)(?=\s|$)")
_RANGE = re.compile(r"\d\s*[-–]\s*\d|\d\+$")  # ``18-39``, ``65+``
_OPEN = re.compile(r"^(?:<|>|<=|>=|≤|≥)\d")  # ``<18``: also how a suppressed cell is written


# a confidence interval's column name with its level (R's ``summary(survfit)``: ``lower 95% CI``
# ``upper 95% CI``; ``summary(coxph)``: ``lower .95``): words of a header, no number of the table
_LEVEL_NAME = re.compile(r"(?<!\S)(?:(?:lower|upper)\s+(?:\d{2}(?:\.\d+)?%|\.\d{2,3})(?=\s|$)"
                         r"(?:\s+CI(?=\s|$))?|\d{2}(?:\.\d+)?%\s+CI(?=\s|$))", re.I)


def _level_names_masked(line: str) -> str:
    """The line with every confidence interval's name (``lower 95% CI``) masked by letters, so
    a header naming the interval is not taken for the first line of numbers."""
    return _LEVEL_NAME.sub(lambda m: "x" * len(m.group(0)), line)


def _range_words_masked(line: str) -> str:
    """The line with every word that is a range band (``18-39``, ``65+``) masked by letters."""
    if not _RANGE.search(line):
        return line  # the usual line: nothing to look up
    from sdc.bands import parse_band  # on first use (startup)

    return re.sub(r"\S+", lambda w: "x" * len(w.group(0)) if _RANGE.search(w.group(0))
                  and parse_band(w.group(0)) is not None else w.group(0), line)


_NAMES_LINE = re.compile(r"[A-Za-z_][\w.]*(?: +[A-Za-z_][\w.]*)*")


def _bands_masked(lines: list[str], value_labels: bool = False) -> list[str]:
    """The lines with a leading band label's characters replaced by letters (same width), so
    its digits are not read as the table's numbers; the label's text is taken from the line
    itself. Only a label ``parse_band`` reads as a band: a range or an open top (``18-39``,
    ``65+``), and an open bottom (``<18``) only beside such a range in the same table, as
    ``<5`` alone is how a suppressed count is written; and a numbered value label's number
    (``1. Very good``)."""
    from sdc.bands import parse_band  # on first use (startup)

    found = [(m, parse_band(m.group(2)) is not None) if (m := _BAND_TOKEN.match(line))
             else (None, False) for line in lines]
    ranges = any(band and m is not None and _RANGE.search(m.group(2)) for m, band in found)
    masked = []
    for line, (m, band) in zip(lines, found, strict=True):
        if m is not None and ((band and ranges and (
                _RANGE.search(m.group(2)) or _OPEN.match(m.group(2))))
                or (value_labels and _VALUE_LABEL.match(line[m.start(2):]))):
            line = line[:m.start(2)] + "x" * len(m.group(2)) + line[m.end(2):]
        masked.append(line)
    return masked


# a numbered value label (``1. Very good``, Stata's ``numlabel``): the number and a word
_VALUE_LABEL = re.compile(r"\d{1,2}\.\s+[A-Za-z]")


_MARGIN_ROW = re.compile(r"^(?:Sum|Total|All)$")  # ``addmargins()`` names its margins Sum
_R_CAPTION = re.compile(r"^\s+[^\s\d][^\s]*\s*$")
_R_DIM_NAME = re.compile(r"^([A-Za-z_.][\w.]*)\s")


def _numeric_row_labels(header_lines: list[str], data: list[str]) -> int | None:
    """Where the label column ends when R prints numbers as row labels (``xtabs(~ imd +
    outcome)``: ``imd`` over 1..5): the header opens with the row variable's name at the
    margin, and every data line holds one token more than there are column names, its first
    starting under that name. None otherwise (the labels are read from the text)."""
    if len(header_lines) >= 2 and re.fullmatch(r"[A-Za-z_][\w.]*", header_lines[-1]):
        return _pandas_numeric_row_labels(header_lines, data)
    if not header_lines or not (name := _R_DIM_NAME.match(header_lines[-1])):
        return None
    columns = len(header_lines[-1].split()) - 1
    firsts = [re.match(r"^\s*(\S+)", line) for line in data]
    if (columns < 1 or any(f is None or f.start(1) > name.end(1) for f in firsts)
            or any(len(line.split()) != columns + 1 for line in data)
            or not all(has_numbers(f.group(1)) or _MARGIN_ROW.match(f.group(1))
                       for f in firsts if f is not None)
            or not any(has_numbers(f.group(1)) for f in firsts if f is not None)):
        return None
    return max(name.end(1), *(f.end(1) for f in firsts if f is not None))


def _pandas_numeric_row_labels(header_lines: list[str], data: list[str]) -> int | None:
    """Where the label column ends when pandas prints numbers as the index (``imd`` 1..5,
    years) under its index-name line: every data line holds one token more than the line
    above the index name has column labels right of its level name, and the first tokens
    (but an ``All``/``Total`` margin) read as labels: a code sequence or years."""
    from sdc.readers.roles import numeric_labels_understood  # on first use (startup)

    name_end = len(header_lines[-1])
    labels = [w for w in re.finditer(r"\S+", header_lines[-2]) if w.start() >= name_end]
    firsts = [re.match(r"^(\S+)\s", line) for line in data]
    if (not labels or any(f is None for f in firsts)
            or any(len(line.split()) != len(labels) + 1 for line in data)):
        return None
    codes = [f.group(1) for f in firsts if f is not None and not _MARGIN_ROW.match(f.group(1))]
    if not codes or not all(re.fullmatch(r"\d+", c) for c in codes) \
            or not numeric_labels_understood([float(c) for c in codes]):
        return None
    return max(name_end, *(f.end(1) for f in firsts if f is not None))


def _aligned_header(header_lines: list[str], label_end: int, ends: list[int]
                    ) -> tuple[str, list[str], str | None]:
    """The label column's name, the column names and the caption. Headers over two lines
    (SAS: "Cumulative" over "Frequency") are joined column by column; a line of one word above
    them (R: the column variable's name) is the table's caption."""
    header = header_lines[-1]
    # under pandas' index-name line (no word right of the labels) the line above it holds the
    # column labels even when there is one (``n``); else a line of one word is R's caption
    index_line = len(header_lines) > 1 and not any(
        w.start() >= label_end for w in re.finditer(r"\S+", header))
    stacked = [h for i, h in enumerate(header_lines[:-1])
               if len(h.split()) > 1 or (index_line and i == len(header_lines) - 2)]
    caption = " ".join(h.strip() for h in header_lines[:-1]
                       if len(h.split()) == 1 and h not in stacked) or None
    rows = [labels_at(h, ends, start=label_end) for h in [*stacked, header]]
    if index_line and len(rows) == 2 and (split := _column_variable(rows[0])) is not None:
        caption, rows[0] = split
    names = [" ".join(part for part in parts if part) for parts in zip(*rows, strict=True)]
    label = " ".join(w.group(0) for w in re.finditer(r"\S+", header) if w.start() < label_end)
    return label, names, caption


_CODE = re.compile(r"^-?\d+$")


def _column_variable(labels: list[str]) -> tuple[str, list[str]] | None:
    """R's ``ftable`` prints the column variable's name left of its levels on the line above
    the row variables' names (``died   0   1`` over ``region sex``): the name is the caption,
    not part of the first column's label, when every level is a whole number."""
    first = labels[0].split() if labels else []
    if len(first) != 2 or has_numbers(first[0]) or not all(
            _CODE.match(label) for label in [first[1], *labels[1:]]):
        return None
    return first[0], [first[1], *labels[1:]]


def _aligned_rows(data: list[str], label_end: int, ends: list[int], number_ends: set[int]
                  ) -> list[list[str]] | None:
    """Each data line as its label and the number (or suppression marker) ending at each
    column end; None when a line has text among the numbers."""
    rows = []
    for line in data:
        cells = [(a, b, text) for a, b, text in _cells(line, number_ends) if b > label_end]
        rest = list(line[label_end:])
        for a, b, _ in cells:
            rest[max(a - label_end, 0):b - label_end] = " " * (b - max(a, label_end))
        if "".join(rest).strip():
            return None  # text among the numbers
        by_end = {b: text for _, b, text in cells}
        rows.append([line[:label_end].strip(), *[by_end.get(e, "") for e in ends]])
    return rows


# A suppressed cell as a table is printed after its numbers were hidden: pandas' NaN and
# ``<NA>``, R's NA, Stata's ``.``, or a marker written in (``*``, ``..``, ``[c]``, ``<5``).
# Read as the cell only where it ends where numbers of the table end (its column) and
# never as a line's first word (a label ``NA``): a table printed with its suppressed cells
# was a document, so a table it links with passed on its own (round 34, hunt34).
_MARKER_CELL = re.compile(r"(?<!\S)(?:\*{1,3}|NA|NaN|<NA>|\.{1,2}|\[[cxz]\]|<\d{1,3})(?!\S)")
_MISSING = frozenset({"NA", "NaN", "<NA>"})  # what ``to_csv`` writes blank


def _cells(line: str, number_ends: set[int]) -> list[tuple[int, int, str]]:
    """The numbers of a line and its suppression markers ending at ``number_ends``, as
    ``(start, end, text)`` in order (a missing value's text is the blank ``to_csv``
    writes)."""
    found = [(m.start(), m.end(), m.group(0)) for m in NUMBER_TOKEN.finditer(line)]
    if number_ends and _MARKER_CELL.search(line):
        taken = [(a, b) for a, b, _ in found]
        found += [(m.start(), m.end(), "" if m.group(0) in _MISSING else m.group(0))
                  for m in _MARKER_CELL.finditer(line)
                  if m.end() in number_ends and line[:m.start()].strip()
                  and not any(a < m.end() and m.start() < b for a, b in taken)]
        found.sort()
    return found


def _label_of(line: str, number_ends: set[int] | None = None) -> str:
    """The text of a line before its first number, or its first suppression marker ending
    at ``number_ends`` (with its leading spaces)."""
    cells = _cells(line, number_ends) if number_ends else [
        (m.start(), m.end(), "") for m in NUMBER_TOKEN.finditer(line)][:1]
    return line[:cells[0][0]] if cells else line


def _without_row_index(data: list[str]) -> list[str]:
    """R prints a data frame's row names 1, 2, 3... first: blank them out (same width), so
    they are not read as numbers of the table."""
    index = [re.match(r"^(\d+)(\s)", ln) for ln in data]
    if all(index) and [int(m.group(1)) for m in index if m] == list(range(1, len(data) + 1)):
        return [" " * len(m.group(1)) + ln[len(m.group(1)):] for m, ln in zip(index, data,
                                                                            strict=True) if m]
    return data


# What a command says its numbers are. A counting function (``table``, ``xtabs``) wins over a
# statistic named inside it (``table(cut(age, c(0, 18, max(age))))``); else the last statistic
# function named (``tapply(age, ward, max)``, ``sapply(split(los, ward), sum)``).
_COUNTING = re.compile(r"\b(?:table|xtabs|ftable|tabulate|tab[12]?|count|summary)\b")
_STATISTIC_FUNCTION = re.compile(
    r"\b(max|min|range|mean|median|sum|sd|var|quantile|IQR|mad|fivenum|cumsum)\b")
UNSAID = "value (the command does not say)"


def statistic_of(command: str) -> str | None:
    """The statistic a command computes, when it names one and counts nothing."""
    if not command or _COUNTING.search(command):
        return None
    found = _STATISTIC_FUNCTION.findall(command)
    return found[-1] if found else None


def _one_way_measure(command: str) -> str:
    """The measure of a named vector's numbers: counts under a counting command (or with no
    command, as ``table(x)`` prints); the statistic a command names; else unknown, read as
    counts (the stricter reading) and named for a person."""
    if not command or _COUNTING.search(command):
        return "Freq"
    return statistic_of(command) or UNSAID


# the stratum R prints over each group's rows of ``summary(survfit)`` (``sex=1``, ``sex=1,
# ph.ecog=0``)
_STRATUM = re.compile(r"^\s*[A-Za-z_.][\w.]*=[^\s=,]+(?:,\s*[A-Za-z_.][\w.]*=[^\s=,]+)*\s*$")


def _headed_numbers(header_lines: list[str], data: list[str], block: Block
                    ) -> TextTable | None:
    """Columns of numbers under one line of names and no row labels (R's ``summary(survfit)``:
    ``time n.risk n.event survival std.err lower 95% CI upper 95% CI``): read as the CSV of the
    same columns. Only when every line has a number at each column's end, each name ends at
    its column's end and there are two lines or more (a one-line ``table(x)`` is R's named
    vector, read by ``_r_one_way``); never for rows R numbered (a listing of records)."""
    if len(header_lines) != 1 or len(data) < 2:
        return None
    header = header_lines[0]
    tokens = [list(NUMBER_TOKEN.finditer(ln)) for ln in data]
    ends = [m.end() for m in tokens[0]]
    if len(ends) < 2 or any([m.end() for m in row] != ends or NUMBER_TOKEN.sub("", ln).strip()
                            for row, ln in zip(tokens, data, strict=True)):
        return None
    names = labels_at(header, ends, start=0)
    words = list(re.finditer(r"\S+", header))
    if not all(names) or not all(any(abs(w.end() - e) <= 1 for w in words) for e in ends):
        return None
    return TextTable(index=0, rows=[names, *[[m.group(0) for m in row] for row in tokens]],
                     first_line=block.first, header_certain=True)


def _r_one_way(lines: list[str], block: Block, command: str = "") -> TextTable | None:
    """R ``table(x)``: a line of labels over a line of counts, repeated when it wraps. Read as
    a long table of counts, as ``as.data.frame(table(x))`` would give it."""
    if len(lines) % 2:
        return None
    rows = [["category", _one_way_measure(command)]]
    for labels_line, counts_line in zip(lines[::2], lines[1::2], strict=True):
        tokens = list(NUMBER_TOKEN.finditer(counts_line))
        if not tokens or NUMBER_TOKEN.sub("", counts_line).strip():
            return None
        ends = [m.end() for m in tokens]
        labels = labels_at(labels_line.ljust(max(ends)), ends, start=0)
        rows += [[label, m.group(0)] for label, m in zip(labels, tokens, strict=True)]
    return TextTable(index=0, rows=rows, first_line=block.first)
