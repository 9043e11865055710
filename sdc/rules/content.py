"""Rules on what a table contains: row-level data and direct identifiers."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from math import prod
from operator import add, eq, gt, mul, or_
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from pydantic import Field

from sdc.coords import cell_labels, cell_labels_each
from sdc.results import Finding
from sdc.rules.base import Rule, RuleParams
from sdc.rules.lorenz import is_lorenz_table
from sdc.table import DataCell, RawCell, Role, Table

if TYPE_CHECKING:
    from sdc.context import CheckContext
    from sdc.outputs import Output
    from sdc.readers.row_screen import RowScreen

_ID_COLUMN = re.compile(
    r"(^|[^a-z])(id|ids|pid|uid|key|patient|person|subject|participant|record|study_?id|"
    r"pseudo|hashed|token|row_?id|eid)([^a-z]|$)", re.I)


class RowLevelData(Rule["RowLevelData.Params"]):
    """Flags an output that looks like microdata: one row per person rather than a table.

    Signals: an id-like column whose values are all distinct, many rows in which most counts
    are 1, many rows with no numeric measure at all (a list of records), or many rows of
    measurements with no count column whose labels are not a table's (no labels, repeated or
    sparse label combinations, a running row number): see ``individual_rows``.

    Why: a release of record-level data is the most serious breach an output check exists to
    stop, even when pseudonymised: rows can be linked and re-identified.

    Example: ``cohort.csv`` with columns ``study_id, age, sex, diagnosis`` and 400 rows is a
    ``fail``.
    """

    code = "SDC603"
    name = "row-level-data"
    summary = "the output looks like microdata (one row per person, many rows, counts of 1)"

    class Params(RuleParams):
        min_rows: int = Field(30, ge=2, description="rows before the shape alone (counts of 1, "
                                                    "no measure) is suspect")
        unit_share: float = Field(0.5, gt=0, le=1, description="share of counts equal to 1 that "
                                                               "suggests one row per person")
        screen_rows: int = Field(50_000, ge=2, description="data rows from which a CSV with "
                                 "an id column distinct on every row fails unread cell by cell")

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        for where in output.listings:
            yield self.finding(output, f"{where} list individual records one per line (a "
                               "printed listing such as Stata's list or R's head())",
                               evidence={"where": where})
        if (screened := output.screened) is not None:  # proved column by column (row_screen)
            name = screened.header(screened.id_column)
            yield self.finding(output, f"looks like row-level data: column '{name}' names a "
                               f"direct identifier ({screened.id_kind}) and has a distinct "
                               f"value on every one of the {screened.rows:,} rows (one row per "
                               "person)", evidence={"rows": screened.rows, "column": name,
                                                    "screened": True})
            return
        table = output.table
        if table is None or table.n_rows < 2 or is_lorenz_table(table):
            return  # a Lorenz curve's points are shares of everyone, not anyone's record
        reasons = [r for r in (_distinct_ids(table),) if r is not None]
        if table.n_rows >= self.params.min_rows:
            reasons += _record_shape(table, self.params.min_rows, self.params.unit_share)
        elif (listing := individual_rows(table, self.params.min_rows)) is not None:
            reasons.append(listing)  # a few people's records (``df.head(10)``)
        if reasons:
            yield self.finding(output, "looks like row-level data: " + "; ".join(reasons),
                               evidence={"rows": table.n_rows, "signals": reasons})


def _distinct_ids(table: Table) -> str | None:
    """An id-like label column with a distinct value on every row (ten or more)."""
    for name, col in zip(table.row_dimensions, table.label_columns, strict=False):
        if _ID_COLUMN.search(name):
            labels = [c.raw.strip() for c in table.column_cells(col) if c.raw.strip()]
            if len(labels) >= 10 and len(set(labels)) == len(labels):
                return f"column '{name}' has a distinct id-like value on every row"
    return None


def _record_shape(table: Table, min_rows: int, unit_share: float) -> list[str]:
    """What says a long table's rows are records: mostly counts of 1, no measure at all, or
    rows of measurements that are not a table's (``individual_rows``)."""
    reasons = []
    # ``c.value`` and ``c.is_margin`` read from their fields: two property calls a cell
    counts = [value for c in table.cells_with_role(Role.COUNT)
              if (value := c.source.value) is not None and not c.total_dims]
    if counts:
        ones = sum(1 for v in counts if v == 1)
        if ones / len(counts) >= unit_share:
            reasons.append(f"{ones} of {len(counts)} counts are 1")
    if not table.measures:
        reasons.append(f"{table.n_rows} rows with no numeric measure (a list of records)")
    else:
        signal = individual_rows(table, min_rows)
        if signal is not None:
            reasons.append(signal)
    return reasons


def individual_rows(table: Table, min_rows: int) -> str | None:
    """Why the rows of ``table`` look like individuals rather than cells, or None.

    A table of statistics has one row per combination of its labels; microdata does not. With
    at least ``min_rows`` rows, no column named as a count and no total row, any of these says
    the rows are records: no labels at all (rows of bare measurements), label combinations
    that repeat, three or more label columns whose combinations fill under half of their
    cross-product, or a label that is just the row number (pandas' default index).

    Asked by SDC603 and SDC203 of the same table: worked out once per ``min_rows`` (a pass
    over every cell of a 100k-row file), kept while the table has the same cells.
    """
    cached = table.__dict__.setdefault("_sdc_individual_rows", {})
    key = (min_rows, len(table.cells), len(table.row_dimensions))
    if key not in cached:
        cached[key] = _individual_rows(table, min_rows)
    return cached[key]


def _individual_rows(table: Table, min_rows: int) -> str | None:
    if table.n_rows < SMALL_LISTING or any(c.is_margin for c in table.cells):
        return None
    firsts = _first_cells(table.cells)  # each row's labels once (its first cell's)
    # unlabelled rows' line numbers are no labels: such rows are bare measurements
    dims = [] if table.rows_unlabelled else table.row_dimensions
    if len(firsts) < min_rows:
        # ``df.head(10).to_csv()``: too few rows for the shape alone, unless no count is
        # named, two or more measures sit on every row and the labels mostly repeat
        if len(firsts) < SMALL_LISTING:
            return None
        columns = [list(map(str.strip, cell_labels(firsts, d, ""))) for d in dims]
        rows: dict[int, tuple[str, ...]] = dict(zip(
            (c.source.row for c in firsts),
            zip(*columns, strict=True) if columns else itertools.repeat(()), strict=False))
        return _small_listing(table, rows, dims)
    if _names_a_count(table):
        # a column named n/count/patients: a frequency table, judged as one, unless most of
        # its rows repeat another row's labels (``age,sex,n_items,sbp``: people, each with a
        # count of something; a frequency table has one row per label combination)
        return _mostly_repeated_labels(_LabelKeys(firsts, dims)) if dims else None
    if not dims:
        return f"{len(firsts)} rows of measurements with no labels"
    keys = _LabelKeys(firsts, dims)
    return _repeated_labels(keys) or _sparse_labels(keys, dims) or \
        _row_number_label(keys, dims)


def _first_cells(cells: list[DataCell]) -> list[DataCell]:
    """Each row's first cell (in ``cells``' order), the rows in file order: a pass down the
    cells while their rows never go back (a table's cells are read row by row), else by a
    dictionary of the rows."""
    rows = [cell.source.row for cell in cells]
    if all(map(gt, rows[1:], rows[:-1])):  # a row a cell (one measure): each is its row's first
        return list(cells)
    firsts: list[DataCell] = []
    last = None
    for cell in cells:
        row = cell.source.row
        if row != last:
            if last is not None and row < last:
                break
            firsts.append(cell)
            last = row
    else:
        return firsts
    by_row: dict[int, DataCell] = {}
    for cell in cells:
        by_row.setdefault(cell.source.row, cell)
    return [by_row[row] for row in sorted(by_row)]


KEYS_IN_NUMPY_BELOW = 2**62  # a label combination's key in numpy's int64 below this
KEYS_WITH_NUMPY_FROM = 2_048  # rows from which the keys are worked out by numpy


class _LabelKeys:
    """The rows' label combinations (stripped) as what the row-level tests ask of them, from
    one int a row: each dimension's labels coded in turn, the codes combined (a number in
    a mixed radix: equal combinations, equal keys). A dictionary of a tuple per row and a
    ``Counter`` of them were most of a whole check's peak on a long table (+30 MiB on the
    100,000-row one, issue 14 §3); the results are the same (``tests/test_row_level_keys``).
    A dimension's labels are kept, in row order, only when all are digits (the only ones a
    running row number can be)."""

    def __init__(self, firsts: list[DataCell], dims: list[str]) -> None:
        self.rows = len(firsts)
        self.distinct: list[int] = []  # per dimension: its distinct labels
        self.digits: list[list[str] | None] = []  # per dimension: its labels, if digits
        if self.rows < KEYS_WITH_NUMPY_FROM:  # a small table: numpy is not loaded for it
            self._in_python(firsts, dims)
            return
        import numpy as np

        coded = []  # per dimension: each row's code, as a numpy array
        # a label's code is its place among the distinct labels in order of appearance,
        # worked out once per distinct text (a text is stripped once, not once a row) and
        # put on the rows by numpy (a ``map`` a step was ~3% of a long table's check)
        for column in cell_labels_each(firsts, dims, ""):  # the cells' store found once
            texts = {text: k for k, text in enumerate(dict.fromkeys(column))}
            stripped = [text.strip() for text in texts]  # per distinct text, in order
            codes = {label: k for k, label in enumerate(dict.fromkeys(stripped))}
            of_text = np.array([codes[label] for label in stripped], dtype=np.int64)
            coded.append(of_text[np.fromiter(map(texts.__getitem__, column), dtype=np.int64,
                                             count=len(column))])
            # every row's label digits when every distinct one is
            self.digits.append(list(map(str.strip, column)) if all(map(str.isdigit, codes))
                               else None)
            del column
            self.distinct.append(len(codes))
        # each row's codes combined in a mixed radix (equal combinations, equal keys), in
        # numpy while the largest key fits in 62 bits, else in Python's ints
        space = prod(self.distinct)
        if space < KEYS_IN_NUMPY_BELOW:
            keys = np.zeros(self.rows, dtype=np.int64)
            radix = 1
            for codes_of, distinct in zip(coded, self.distinct, strict=True):
                keys += codes_of * radix
                radix *= distinct
            keys.sort()
            same = keys[1:] == keys[:-1]  # row k + 1 repeats row k
        else:
            wide = [0] * self.rows
            radix = 1
            for codes_of, distinct in zip(coded, self.distinct, strict=True):
                wide = list(map(add, wide, map(mul, codes_of.tolist(),
                                                 itertools.repeat(radix))))
                radix *= distinct
            wide.sort()
            same = np.array(list(map(eq, wide[1:], wide[:-1])), dtype=bool)
        self.combinations = self.rows - int(np.count_nonzero(same))  # distinct combinations
        # rows whose combination another row has too
        none = np.zeros(1, dtype=bool)
        self.repeated = int(np.count_nonzero(np.concatenate([none, same])
                                             | np.concatenate([same, none]))) \
            if self.rows else 0


    def _in_python(self, firsts: list[DataCell], dims: list[str]) -> None:
        """The same keys and counts in Python's ints, each step a ``map`` in C."""
        keys = [0] * self.rows
        radix = 1
        for column in cell_labels_each(firsts, dims, ""):  # the cells' store found once
            labels = list(map(str.strip, column))
            del column
            self.digits.append(labels if all(map(str.isdigit, labels)) else None)
            codes = {label: k for k, label in enumerate(dict.fromkeys(labels))}
            keys = list(map(add, keys, map(mul, map(codes.__getitem__, labels),
                                           itertools.repeat(radix))))
            del labels
            self.distinct.append(len(codes))
            radix *= len(codes)
        keys.sort()
        same = list(map(eq, keys[1:], keys[:-1]))  # row k + 1 repeats row k
        self.combinations = self.rows - sum(same)  # distinct combinations
        # rows whose combination another row has too
        self.repeated = sum(map(or_, [False, *same], [*same, False])) if self.rows else 0


def _repeated_labels(keys: _LabelKeys) -> str | None:
    """Label combinations that repeat: a table has one row per combination."""
    repeated = keys.repeated
    rows = keys.rows
    if repeated >= max(2, rows // 10):
        return (f"{repeated} of {rows} rows repeat another row's labels (a table has one "
                "row per label combination)")
    return None


SMALL_LISTING = 5  # rows: fewer is a short table whatever its shape


def _names_a_count(table: Table) -> bool:
    """A measure column named as a count (a wide table's one measure is named after its
    role, so its column headers are read instead: ``age``, ``sbp`` are no counts)."""
    from sdc.readers.roles import role_from_text

    if table.layout == "wide":
        return any(role_from_text(h) is Role.COUNT for col, h in table.column_headers.items()
                   if col not in table.label_columns)
    return any(role_from_text(m.name) is Role.COUNT for m in table.measures)


def _small_listing(table: Table, rows: dict[int, tuple[str, ...]], dims: list[str]
                   ) -> str | None:
    """A few people's records: no count named, several measurement columns, and labels that
    repeat on most rows (or none at all). ``rows``: each row's labels in ``dims``."""
    measure_cols = {c.source.col for c in table.cells}
    if _names_a_count(table) or len(measure_cols) < 2:
        return None
    # pandas' or R's row numbers tell any rows apart: the other labels decide
    ordered = [combo for _, combo in sorted(rows.items())]
    keep = [i for i, name in enumerate(dims)
            if not (_running_index([combo[i] for combo in ordered])
                    and _row_number_name(name))]
    if not keep:
        if _crosstab_of_codes(table, ordered):
            return None  # R's ``write.csv`` of a table of two coded variables: checked as counts
        return f"{len(rows)} rows of measurements with no labels"
    return _mostly_repeated_labels({r: tuple(combo[i] for i in keep)
                                    for r, combo in rows.items()})


def _crosstab_of_codes(table: Table, rows: list[tuple[str, ...]]) -> bool:
    """R's ``write.csv`` of a table of two coded variables (``table(imd, died)``,
    ``as.data.frame.matrix``, ``tapply``): ``""`` over row names ``"1"``..``"k"`` beside a
    header the file's quotes prove (``Table.header_certain``, csv_quoting) whose names are
    codes themselves, ``0``/``1``..``m`` in order, and every cell a whole number, none
    negative. Row names 1..k are also R's numbering of k records (``write.csv(head(df))``),
    but a data frame's columns are never named ``1``, ``2`` (``data.frame`` and
    ``read.csv`` make them ``X1``, ``X2``; a matrix's are ``V1``): the header is the second
    variable's codes, or its bands in order (``"0-15"``, ``"16-24"``, ..., ``"75+"``: R's
    ``xtabs`` of an age band, round 25). Fails closed: every cell is then checked as a count
    (SDC101, SDC103, zeros), and a header in words (``"","Female","Male"``: the same bytes as
    ``head(df)`` of people's ``age`` and ``weight``) or more rows than ``min_rows`` stay
    row-level data."""
    if not table.header_certain or table.layout != "wide" or len(rows) < 2:
        return False
    if [combo[0] if len(combo) == 1 else None for combo in rows] != \
            [str(i) for i in range(1, len(rows) + 1)]:
        return False  # R's row names start at 1 (pandas' index at 0: a numpy array's rows)
    measure_cols = sorted({c.source.col for c in table.cells})
    names = [table.column_headers.get(col, "").strip() for col in measure_cols]
    if len(names) < 2 or not (_codes_in_order(names) or _bands_in_order(names)):
        return False
    return all(c.value is not None and c.value >= 0 and float(c.value).is_integer()
               and c.source.marker is None for c in table.cells)


def _codes_in_order(names: list[str]) -> bool:
    """``0``/``1``..``m``: a coded variable's values, in order."""
    if not all(name.isdigit() for name in names):
        return False
    codes = [int(name) for name in names]
    return codes[0] in (0, 1) and codes == list(range(codes[0], codes[0] + len(codes)))


def _bands_in_order(names: list[str]) -> bool:
    """``0-15``, ``16-24``, ..., ``75+``: one number's bands, each starting where the one
    before ends. ``data.frame``/``read.csv`` rename such columns too (``X0.15``); a frame of
    records has a column a variable, never the cuts of one."""
    from sdc.bands import parse_bands

    bands = [band for band in parse_bands(names) if band is not None]
    return len(bands) == len(names) and all(a.hi == b.lo for a, b in itertools.pairwise(bands))


def _mostly_repeated_labels(rows: dict[int, tuple[str, ...]] | _LabelKeys) -> str | None:
    """More than half the rows share their labels with another row."""
    if isinstance(rows, _LabelKeys):
        repeated, count = rows.repeated, rows.rows
    else:
        repeated = sum(n for n in Counter(rows.values()).values() if n > 1)
        count = len(rows)
    if repeated * 2 > count:
        return (f"{repeated} of {count} rows repeat another row's labels beside a count "
                "column (a frequency table has one row per label combination)")
    return None


def _sparse_labels(keys: _LabelKeys, dims: list[str]) -> str | None:
    """Three or more label columns whose combinations fill under half of their cross-product
    (two labels of a sparse tidy table are not people yet)."""
    if len(dims) < 3:
        return None
    space = prod(keys.distinct)
    if keys.combinations < 0.5 * space:
        return (f"{keys.combinations} label combinations fill under half of the {space} "
                "possible: sparse, like records")
    return None


def _row_number_label(keys: _LabelKeys, dims: list[str]) -> str | None:
    """A label column that is just the row number (pandas' default index)."""
    for name, labels in zip(dims, keys.digits, strict=True):
        if labels is not None and _running_index(labels) and _row_number_name(name):
            return f"column '{name}' is a running row number"
    return None


def _row_number_name(name: str) -> bool:
    """What a row number's column is called: nothing (pandas' index), ``row``, an id."""
    return name.startswith("row") or bool(_ID_COLUMN.search(name)) or \
        name.lower() in ("", "index", "unnamed: 0")


def _running_index(labels: list[str]) -> bool:
    if not all(label.isdigit() for label in labels):
        return False
    numbers = [int(label) for label in labels]
    return numbers in (list(range(len(numbers))), list(range(1, len(numbers) + 1)))


class Identifier(Rule["Identifier.Params"]):
    """Flags direct identifiers: columns named like identifiers, and values that are or
    contain NHS numbers (10 digits in 3-3-4 groups, with spaces, dots, dashes or a prefix, that
    pass the modulus-11 check), full UK postcodes, e-mail addresses or dates of birth (a full
    date in a date-of-birth column, after ``DOB``/``born`` in any text, or a column of
    day-precision dates spread over decades). Data cells, labels, headers, titles, notes, the
    sheet name, the file name and its folders' names are all read.

    Why: a direct identifier names a person outright; no aggregate output needs one.

    Example: a column ``nhs_number`` is flagged at its header cell; the values
    ``943 476 5919``, ``NHS: 943 476 5919`` and ``450.557.7104`` are flagged wherever they
    appear (a title or a footnote too). ``9434765918`` fails the check digit and is not.
    """

    code = "SDC604"
    name = "identifier"
    summary = "a direct identifier column or value (NHS number, DOB, postcode, e-mail, names)"

    class Params(RuleParams):
        max_findings: int = Field(50, ge=1, description="identifier-like values listed per "
                                                        "output (the rest are counted)")

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        yield from self._in_text(output)
        yield from self._names(output)
        if output.screened is not None:
            yield from self._screened(output, output.screened)
        table = output.table
        if table is None:
            return
        from sdc.identifiers import (  # where used: `sdc rules` starts without them
            identifier_column_kind,
            is_birth_column,
            looks_like_date,
            names_an_identifier,
            value_identifier_kind,
        )

        header_rows = set(table.header_rows)
        birth_cols: set[int] = set()
        flagged: set[tuple[int, int]] = set()
        for col, header in sorted(table.column_headers.items()):
            kind = identifier_column_kind(header)
            if kind is None:
                if names_an_identifier(header):
                    yield self._unnamed_kind(output, _header_cell(table.grid, header_rows, col),
                                             header)
                continue
            if is_birth_column(header):
                birth_cols.add(col)
            cell = _header_cell(table.grid, header_rows, col)
            if cell is not None:
                flagged.add((cell.row, cell.col))
            yield self._at(output, cell, f"column '{header}' looks like a direct identifier "
                           f"({kind})", {"column": header, "kind": kind})
        texts = _distinct_texts(table)
        pattern_kinds = _birth_date_columns(table, header_rows, texts)
        emitted = 0
        limit = self.params.max_findings
        dated = birth_cols | pattern_kinds.keys()  # the columns where a date is one
        # each distinct text is asked once here: past the cache (``__wrapped__``), which kept
        # 65,536 of a large page's numbers for the rest of the check, 7 MiB (round 38)
        if texts is not None and not dated and not any(
                value_identifier_kind.__wrapped__(raw) is not None for raw in texts):
            return  # no cell's text is an identifier, no column holds dates: nothing below
        for row in table.grid:
            for cell in row:
                # the kind first (cached by text): almost every cell has none, and then the
                # empty and already-flagged tests below could change nothing
                kind = value_identifier_kind(cell.raw)
                if (kind is None and cell.col in dated and cell.row not in header_rows
                        and looks_like_date(cell.raw)):
                    kind = ("date of birth" if cell.col in birth_cols
                            else pattern_kinds[cell.col])
                if kind is None or cell.kind == "empty" or (cell.row, cell.col) in flagged:
                    continue
                emitted += 1
                if emitted <= limit:
                    yield self._at(output, cell, f"value looks like an identifier: {kind}",
                                   {"kind": kind})
        if emitted > limit:
            yield self.finding(output, f"{emitted - limit} more identifier-like values",
                               evidence={"more": emitted - limit})

    def _screened(self, output: Output, screened: RowScreen) -> Iterator[Finding]:
        """The same findings on a file the row-level screen read column by column: its
        identifier-named headers, and the fields the screen found identifiers in."""
        from sdc.identifiers import identifier_column_kind, names_an_identifier

        for col, header in enumerate(screened.headers, 1):
            kind = identifier_column_kind(header)
            if kind is None and names_an_identifier(header):
                yield self._unnamed_kind(output, RawCell(1, col, header), header)
            if kind is not None:
                yield self._at(output, RawCell(1, col, header), f"column '{header}' looks "
                               f"like a direct identifier ({kind})",
                               {"column": header, "kind": kind})
        limit = self.params.max_findings
        for hit in screened.hits[:limit]:
            if hit.row == 1:
                continue
            yield self._at(output, RawCell(hit.row, hit.col, ""),
                           f"value looks like an identifier: {hit.kind}", {"kind": hit.kind})
        more = screened.more_hits + max(0, len(screened.hits) - limit)
        if more > 0:
            yield self.finding(output, f"{more} more identifier-like values",
                               evidence={"more": more})

    def _in_text(self, output: Output) -> Iterator[Finding]:
        """Identifiers in a document's text outside tables (prose, comments, properties)."""
        from sdc.identifiers import identifiers_in_text

        for part in output.text:
            kinds = identifiers_in_text(part.text)
            if kinds:
                hidden = " (hidden from a reader of the document)" if part.hidden else ""
                yield self.finding(output, f"{part.where}{hidden} holds what looks like a direct "
                                   f"identifier: {', '.join(sorted(set(kinds)))}",
                                   evidence={"where": part.where, "kinds": sorted(set(kinds))})

    def _names(self, output: Output) -> Iterator[Finding]:
        """The file's name, its folders' names and the sheet's name travel with the output
        too."""
        from sdc.identifiers import value_identifier_kind

        path = PurePosixPath(output.path)
        for what, text in (("file name", path.name),
                           *(("folder name", folder) for folder in path.parent.parts),
                           ("sheet name", output.sheet or "")):
            kind = value_identifier_kind(text) if text else None
            if kind is not None:
                yield self.finding(output, f"the {what} contains an identifier: {kind}",
                                   evidence={"kind": kind, "where": what})

    def _unnamed_kind(self, output: Output, cell: RawCell | None, header: str) -> Finding:
        """A column headed ``id``: people's numbers or a category's code, the header does not
        say whose, and its numbers would be read as counts (hunt13): ``review``, not ``fail``."""
        return self.finding(output, f"column '{header}' names identifiers of no stated kind: "
                            "a person must check they are not people's", cell=cell,
                            evidence={"column": header, "kind": "identifier"},
                            unassessable=True)

    def _at(self, output: Output, cell: RawCell | None, message: str,
            evidence: dict[str, object]) -> Finding:
        return self.finding(output, message, cell=cell, evidence=evidence)


def _distinct_texts(table: Table) -> set[str] | None:
    """The distinct texts of the table's cells, gathered in C (a long table repeats a few
    hundred over 175,000 cells): SDC604 asks each once whether it is an identifier or a
    date before it reads any cell. (None: no such screen, every cell read.)"""
    return table.grid.distinct_texts()


def _birth_date_columns(table: Table, header_rows: set[int],
                        distinct: set[str] | None = None) -> dict[int, str]:
    """Columns whose data cells are dates of birth, or other dates of individuals, by their
    pattern (see ``identifiers``): the kind of identifier each holds. ``distinct``: the
    table's distinct texts, when known: without a date among them, no column has one."""
    from sdc.identifiers import full_date, look_like_birth_dates, look_like_person_dates

    # each distinct text once: past ``full_date``'s cache, as for identifiers above
    if distinct is not None and not any(full_date.__wrapped__(raw) is not None
                                        for raw in distinct):
        return {}  # both readings need four in five of a column's cells to be dates
    data_rows = set(table.data_rows)
    # per column, how often each text is a data cell's: the four-in-five test reads each
    # distinct text once (a long table's label columns repeat a few dozen on every row)
    texts_of: dict[int, dict[str, int]] = {}
    for row in table.grid:
        for cell in row:
            raw = cell.raw
            # ``cell.kind == "text"`` spelt out (a property call per cell)
            if cell.value is None and not cell.marker and raw and not raw.isspace() \
                    and cell.row in data_rows:
                seen = texts_of.get(cell.col)
                if seen is None:
                    seen = texts_of[cell.col] = {}
                seen[raw] = seen.get(raw, 0) + 1
    kinds: dict[int, str] = {}
    for col, seen in texts_of.items():
        dated = sum(n for raw, n in seen.items() if full_date(raw) is not None)
        if dated < sum(seen.values()) * 0.8:
            continue  # both readings need four in five cells to be dates (a label column)
        cells = [cell for cell in table.grid.column(col) if cell.row in data_rows
                 and cell.kind == "text"]  # the column's cells in file order: its dates
        texts = [c.raw for c in cells]
        if look_like_birth_dates(texts):
            kinds[col] = "date of birth"
        elif look_like_person_dates(texts, _counts_on_rows(table, [c.row for c in cells])):
            kinds[col] = "a day-precision date of an individual (date of birth or of an event)"
    return kinds


def _counts_on_rows(table: Table, rows: list[int]) -> list[float] | None:
    """The table's first count column's values on ``rows`` (file order), or None when the
    table has no count column."""
    first: dict[int, tuple[int, float]] = {}  # row -> (column, value) of its first count
    for cell in table.cells_with_role(Role.COUNT):
        value = cell.value
        if value is None or cell.is_margin:
            continue
        held = first.get(cell.source.row)
        if held is None or cell.source.col < held[0]:
            first[cell.source.row] = (cell.source.col, value)
    if not first:
        return None
    return [first[r][1] for r in rows if r in first]


def _header_cell(grid: Sequence[list[RawCell]], header_rows: set[int], col: int) -> RawCell | None:
    for row in grid:
        for cell in row:
            if cell.row in header_rows and cell.col == col and cell.kind != "empty":
                return cell
    return None
