"""The row-level screen: a large delimited file that is surely row-level data, found from whole
columns without building the per-cell table model (issue 12, channel 12).

The full path makes a Python object per field, per cell and per row (about 45× the file's
size in memory for a 100,000-row CSV, seconds of CPU). For a file the screen can prove is
microdata that is wasted work: the verdict is ``fail`` whatever else is found. The screen reads
the file in chunks with pandas' C parser (every field as text) and fires only when all of this
holds, which makes the full path fail it too (SDC604 flags an identifier-named header whatever
the values):

- the policy enables SDC603 and SDC604 at ``fail`` with no waiver of either, and the file has
  at least ``rules.row-level-data.screen_rows`` data rows (``ReadOptions.screen_rows``);
- the first line is a header: two or more fields, each non-empty, distinct, neither a number
  nor a suppression marker, read the same by Python's csv module and by pandas;
- a column of that header names a direct identifier (``identifier_column_kind``: patient_id,
  nhs_number, email...) and holds a distinct, non-empty value on every data row (one row per
  person);
- every line is one record (no blank line, no field over several lines).

The file is read as the full path decoded it (``csv_reader.decode``): a UTF-8 file from its
own bytes, any other encoding it accepts (cp1252, latin-1, UTF-16...) from its decoded text,
encoded again as UTF-8 for pandas, so both paths see the same characters.

Anything else, and any parser error, returns None: the file takes the full path unchanged.
The screen never passes anything; it only ends in ``fail`` (SDC603, SDC604) plus ``review``
(SDC602: its values were not read cell by cell). While it streams it still does, per field:
the identifier search on every value (``value_identifier_kind``, cached per distinct text),
the date-of-birth pattern of date columns, and ``cell_text``'s reading of long, multi-line,
invisible-character and encoded cells. The row limit is applied chunk by chunk.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

import numpy as np
import pandas as pd

from sdc.outputs import HiddenItem
from sdc.readers.cell_text import MIN_ENCODED, TextCells, one_cell_text
from sdc.readers.parts import INVISIBLE, TextPart
from sdc.readers.values import MarkerSet, parse_number
from sdc.table import RawCell, cell_ref

CHUNK_ROWS = 5_000
UTF8 = frozenset({"utf-8", "utf-8-sig"})  # pandas reads the file's own bytes
# over a column's fields one a line: a field that is blank, a number, a full date, long
# (each with an empty group: findall then lists one shared empty string, not each match)
_BLANK = re.compile(r"^[^\S\n]*+$()", re.M)
_NUMBER = re.compile(r"^[^\S\n]*+[-+]?(?:\d++(?:\.\d*+)?|\.\d++)(?:[eE][-+]?\d++)?[^\S\n]*+$()",
                     re.M)
_DATE = re.compile(r"^[^\S\n]*+(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})()", re.M)
_LONG = re.compile(rf"^[^\n]{{{MIN_ENCODED},}}", re.M)


@dataclass
class IdentifierHit:
    """A field whose value is, or contains, a direct identifier (file row and column)."""

    row: int
    col: int
    kind: str


@dataclass
class RowScreen:
    """What the screen found in a file it proved to be row-level data."""

    headers: list[str]  # the first line's fields, column 1 first
    rows: int  # data rows read (the header not counted)
    id_column: int  # the identifier column that decided (1-based)
    id_kind: str
    values: int  # non-empty data fields, none read cell by cell
    numbers: int  # of them, numbers
    hits: list[IdentifierHit] = field(default_factory=list)  # the first ones, file order
    more_hits: int = 0  # identifier values beyond ``hits``
    hidden: list[HiddenItem] = field(default_factory=list)  # cell_text's SDC605 items
    parts: list[TextPart] = field(default_factory=list)  # cell_text's hidden text
    # the fields as text one a line, for the split-blob and release-wide searches
    # (sdc.readers.cell_text.reading_orders): across the rows, and down each column
    across: TextCells = field(default_factory=lambda: TextCells("", 0, 1))
    down: list[TextCells] = field(default_factory=list)
    too_large: bool = False  # over the row limit: only the rows the full path reads were read
    # a workbook's sheet: the text of every text cell (the package walk's shown strings)
    strings: set[str] | None = None

    @property
    def first(self) -> RawCell:
        """The file's first cell (its title, in the release-wide reading of first cells)."""
        return RawCell(1, 1, self.headers[0])

    def header(self, col: int) -> str | None:
        return self.headers[col - 1] if 0 < col <= len(self.headers) else None


def _header_fields(text: str, delimiter: str) -> list[str] | None:
    """The first line's fields by Python's csv module (as the full path reads them)."""
    end = text.find("\n")
    first = text[: end if end >= 0 else len(text)].rstrip("\r")
    try:
        return next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None


def is_header(fields: list[str], markers: MarkerSet) -> bool:
    stripped = [f.strip() for f in fields]
    return (len(fields) >= 2 and all(stripped) and len(set(stripped)) == len(stripped)
            and all(parse_number(f) is None and markers.match(f) is None for f in fields))


def _lines_of(pattern: re.Pattern[str], text: str) -> Iterator[int]:
    """The line numbers (from 0) of the matches of ``pattern`` in ``text``, counted on from
    one match to the next."""
    line = at = 0
    for match in pattern.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        yield line


class Columns:
    """What is gathered column by column while the chunks stream past."""

    def __init__(self, headers: list[str], limit: int) -> None:
        from sdc.identifiers import identifier_column_kind

        self.raw_headers = headers
        self.across: list[str] = ["\n".join(headers)]  # the text of each chunk, one a line
        self.down: list[list[str]] = [[h] for h in headers]
        headers = [h.strip() for h in headers]
        self.headers = headers
        self.limit = limit
        self.id_kinds = {i: k for i, h in enumerate(headers)
                         if (k := identifier_column_kind(h)) is not None}
        self.id_hashes: dict[int, list[np.ndarray]] = {i: [] for i in self.id_kinds}
        self.hits: list[IdentifierHit] = []
        self.n_hits = 0
        # columns with a field that looks like a date: their texts (every non-blank one once
        # dates are most of a chunk's, else the dates alone), the count of their other text
        # fields, and the first rows with a date
        self.dates: dict[int, Counter[str]] = {}
        self.other_texts: Counter[int] = Counter()
        self.date_rows: dict[int, list[int]] = {}
        self.values = self.numbers = self.rows = 0
        self.hidden: list[HiddenItem] = []
        self.parts: list[TextPart] = []

    def add(self, chunk: pd.DataFrame) -> None:
        """One chunk of rows: each column's fields joined one a line, then searched with
        regular expressions over that text (the loop stays in C; a Python call per field
        only where a pattern matched)."""
        first_row = self.rows + 2  # file row of the chunk's first line (the header is 1)
        fields = chunk.to_numpy(dtype=object)
        self.across.append("\n".join(fields.ravel().tolist()))
        for i, down in enumerate(self.down):
            values = fields[:, i]
            text = "\n".join(values.tolist())
            down.append(text)
            blank = len(_BLANK.findall(text))
            if i in self.id_hashes:
                hashes = pd.util.hash_array(values)
                if blank or len(np.unique(hashes)) < len(hashes):
                    self.id_hashes.pop(i)  # an empty or repeated id: not one row per person
                else:
                    self.id_hashes[i].append(hashes)
            numbers = len(_NUMBER.findall(text))
            self.values += len(values) - blank
            self.numbers += numbers
            self._identifiers(values, i, first_row)
            self._dates(values, text, i, first_row, len(values) - blank - numbers)
            for k in sorted({*_lines_of(_LONG, text), *_lines_of(INVISIBLE, text)}):
                one_cell_text(cell_ref(first_row + k, i + 1), values[k], self.hidden,
                              self.parts)
        self.rows += len(chunk)

    def _identifiers(self, values: np.ndarray, i: int, first_row: int) -> None:
        from sdc.identifiers import value_identifier_kind

        found: dict[str, str] = {}
        for text in pd.unique(values):  # value_identifier_kind is cached by text
            if len(text) < 10 and text.isdigit() and text.isascii():
                continue  # its first test, without filling its cache with a column of ids
            kind = value_identifier_kind(text)
            if kind is not None:
                found[text] = kind
        if not found:
            return
        rows = np.flatnonzero(pd.Series(values).isin(list(found)).to_numpy())
        self.n_hits += len(rows)
        self.hits += [IdentifierHit(first_row + int(k), i + 1, found[values[k]])
                      for k in rows[: self.limit]]

    def _dates(self, values: np.ndarray, text: str, i: int, first_row: int, texts: int
               ) -> None:
        """Fields that look like full dates, for the date-of-birth and dates-of-individuals
        patterns SDC604 applies to a table's columns (``date_hits``). ``texts``: the chunk's
        fields in this column that are neither blank nor numbers."""
        dates = len(_DATE.findall(text))  # counted in C; their lines only where needed
        if not dates:
            if i in self.dates:
                self.other_texts[i] += texts
            return
        found = self.dates.setdefault(i, Counter())
        if dates >= 0.5 * texts:  # mostly dates: every text field, blanks and numbers
            found.update(values.tolist())  # taken out in date_hits
        else:  # a few dates among other text: the dates, and how many others
            found.update(values[k] for k in _lines_of(_DATE, text))
            self.other_texts[i] += texts - dates
        held = self.date_rows.setdefault(i, [])
        if len(held) < self.limit:
            held += [first_row + k
                     for k in islice(_lines_of(_DATE, text), self.limit - len(held))]

    def date_hits(self) -> None:
        """Add the fields of date columns that look like individuals' dates."""
        from sdc.identifiers import (
            full_date,
            is_birth_column,
            look_like_birth_dates,
            look_like_person_dates,
        )

        listed = {(h.row, h.col) for h in self.hits}
        for i, texts in self.dates.items():
            for text in [t for t in texts if not t.strip() or _NUMBER.fullmatch(t)]:
                del texts[text]  # blank and numeric fields are not the column's texts
            # the column's text fields as the full path lists them, order aside (SDC604
            # orders them only beside a count column, which the screen never assumes)
            distinct = [t for t in texts if full_date(t) is not None]
            dated = sum(texts[t] for t in distinct)
            if is_birth_column(self.headers[i]):
                kind = "date of birth"
            elif dated < 0.8 * (sum(texts.values()) + self.other_texts[i]):
                continue  # four in five text fields must be dates (a label column)
            elif look_like_birth_dates(distinct):  # the share checked above; then only
                # the distinct dates matter
                kind = "date of birth"
            elif look_like_person_dates([*texts.elements(), *[""] * self.other_texts[i]]):
                kind = "a day-precision date of an individual (date of birth or of an event)"
            else:
                continue
            self.n_hits += dated
            self.hits += [IdentifierHit(r, i + 1, kind) for r in self.date_rows[i]
                          if (r, i + 1) not in listed]
        self.hits.sort(key=lambda h: (h.row, h.col))
        del self.hits[self.limit:]

    def texts(self) -> tuple[TextCells, list[TextCells]] | None:
        """The fields one a line across the rows and down each column, or None when a field
        holds a line break (the full path reads such a file)."""
        cells = (self.rows + 1) * len(self.headers)
        across = TextCells("\n".join(self.across) + "\n", cells, len(self.headers))
        self.across = []
        down = []
        for i, pieces in enumerate(self.down):  # one column at a time, its pieces then freed
            down.append(TextCells("\n".join(pieces) + "\n", self.rows + 1, 1, i + 1))
            pieces.clear()
        if across.text.count("\n") != cells or any(d.text.count("\n") != d.size for d in down):
            return None
        return across, down

    def identifier_column(self) -> int | None:
        """The first identifier-named column with a distinct value on every row."""
        for i, hashes in self.id_hashes.items():
            joined = np.concatenate(hashes) if hashes else np.empty(0, np.uint64)
            if len(joined) == self.rows and len(np.unique(joined)) == self.rows:
                return i
        return None


def screen_rows(data: bytes, text: str, encoding: str, delimiter: str, *, min_rows: int,
                max_rows: int, markers: MarkerSet, limit: int = 50) -> RowScreen | None:
    """The screen's finding on a delimited file, or None: the full path reads it. ``data`` is
    the file's bytes, ``text`` the same decoded. The row limit is applied while streaming: of
    a file over ``max_rows`` rows (the header counted, as the full path counts them) the
    first ``max_rows`` are read, the full path's rows, and the screen says it is too large
    (``RowScreen.too_large``: SDC606)."""
    if text.count("\n") < min_rows or "\r\n\r\n" in text:
        return None
    headers = _header_fields(text, delimiter)
    if headers is None or not is_header(headers, markers):
        return None
    columns = Columns(headers, limit)
    if not columns.id_kinds or "\n\n" in text:
        return None  # no column names an identifier; a blank line (tables one after another)
    if encoding not in UTF8:  # cp1252, latin-1, UTF-16...: the text the full path decoded
        data, encoding = text.encode("utf-8"), "utf-8"
    try:
        chunks = pd.read_csv(io.BytesIO(data), sep=delimiter, header=None, dtype=str,
                             na_filter=False, engine="c", encoding=encoding, quotechar='"',
                             doublequote=True, skip_blank_lines=False, chunksize=CHUNK_ROWS,
                             nrows=max_rows, skiprows=1, names=range(len(headers)),
                             on_bad_lines="error")
        too_large = False
        with chunks:
            for chunk in chunks:
                room = max_rows - 1 - columns.rows  # data rows the full path would read
                if len(chunk) > room:  # a row past the limit: the file is too large
                    too_large = True
                    if room == 0:
                        break
                    chunk = chunk.iloc[:room]
                columns.add(chunk)
                if not columns.id_hashes:
                    return None  # no identifier column left distinct: stop reading
                if too_large:
                    break
    except Exception:  # anything pandas reads differently: the full path decides
        return None
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if not too_large and columns.rows != lines - 1:
        return None  # a field over several lines or lines pandas skipped (texts() checks
        # the rows read of a file over the limit)
    return screened(columns, min_rows=min_rows, too_large=too_large)


def screened(columns: Columns, *, min_rows: int, too_large: bool = False
             ) -> RowScreen | None:
    """What the screen found in a file whose rows were all added to ``columns``, or None when
    it does not prove row-level data (too few rows, no identifier column distinct on every
    row, a field holding a line break)."""
    if columns.rows < min_rows:
        return None
    id_col = columns.identifier_column()
    texts = columns.texts() if id_col is not None else None
    if id_col is None or texts is None:
        return None
    columns.date_hits()
    return RowScreen(headers=columns.headers, rows=columns.rows, id_column=id_col + 1,
                     id_kind=columns.id_kinds[id_col], values=columns.values,
                     numbers=columns.numbers, hits=columns.hits,
                     more_hits=max(0, columns.n_hits - len(columns.hits)),
                     hidden=columns.hidden, parts=columns.parts, across=texts[0],
                     down=texts[1], too_large=too_large)
