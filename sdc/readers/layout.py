"""Infer a table's layout from a grid of raw cells: titles, headers, labels, measures, totals.

Shared by the CSV and XLSX readers. Handles title rows above the header, footnotes below,
multi-row headers (including the extra index-name row pandas writes), sparse hierarchical row
labels, wide cross-tabulations and long (tidy) tables. When the layout cannot be understood it
raises ``LayoutError`` and the output goes to review (SDC602); it never guesses a ``pass``.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sdc.code_rows import CodeMaps, CodeRowList, CodeRows
from sdc.coords import LabelColumns, maker, positions, wide_maker
from sdc.errors import InputError
from sdc.readers.coefficients import proven_model_columns
from sdc.readers.column_names import spread_levels
from sdc.readers.column_tally import tally
from sdc.readers.layout_base_line import read_shares_over_a_base_line
from sdc.readers.layout_classification import read_classification_report
from sdc.readers.layout_correlation import read_correlation_matrix
from sdc.readers.layout_cumulative import read_cumulative_shares
from sdc.readers.layout_group_test import read_group_tests
from sdc.readers.layout_header import (
    coded_column_header,
    is_category_word,
    is_margin,
    names_numeric_labels,
)
from sdc.readers.layout_letter_labels import letter_label_column
from sdc.readers.layout_long_shares import read_long_proportions
from sdc.readers.layout_magnitude import read_extremes_named_by_the_file, read_magnitude_signals
from sdc.readers.layout_n_percent import levels_beside_n_percent
from sdc.readers.layout_own_margin import own_margin_name
from sdc.readers.layout_ranges import range_end_columns
from sdc.readers.layout_sas_freq import read_sas_crosstab_freqs
from sdc.readers.layout_shares import (
    all_whole,
    named_percent_wholes,
    row_share_columns,
    whole_columns,
)
from sdc.readers.layout_spss import read_spss_crosstab
from sdc.readers.layout_spss_correlations import read_spss_correlations
from sdc.readers.layout_stata_table import read_stata_table
from sdc.readers.layout_survival import read_survival_estimates
from sdc.readers.roles import (
    bare_concentration_header,
    is_standardised_ratio,
    is_year,
    looks_like_dimension,
    numeric_labels_understood,
    ordinal_codes,
    percentile_name,
    refine_model_roles,
    repeated_scale,
    role_from_text,
    words,
)
from sdc.readers.row_maps import CellFacts, column_cells, column_facts, row_maps
from sdc.readers.values import MarkerSet, is_integer
from sdc.table import DataCell, Grid, Measure, RawCell, Role, Table, column_letters
from sdc.tolerance import float_slack
from sdc.unlabelled_rows import UNLABELLED_ROWS, line_labels

if TYPE_CHECKING:
    from sdc.readers.base import ReadOptions

MAX_HEADER_ROWS = 6


class LayoutError(InputError):
    """The grid does not look like a table sdc can read."""


# a grid with no data row to read: nothing in it the audit would read were it a table
# (``sdc.unread_outputs``: no neighbour is reviewed for it)
NO_DATA_ROWS = "there is a header but no data rows"
NO_CONTENT = "the file has no content"


@dataclass
class LayoutOptions:
    markers: MarkerSet
    total_labels: Sequence[str]

    @classmethod
    def of(cls, read: ReadOptions) -> LayoutOptions:
        """The layout options of a policy's read options (its markers and total labels)."""
        return cls(markers=read.markers, total_labels=read.total_labels)

    def __post_init__(self) -> None:
        self._totals = frozenset(t.strip().lower() for t in self.total_labels)
        self._seen: dict[str, bool] = {}  # labels repeat on every row of a long table

    def is_total(self, label: str) -> bool:
        known = self._seen.get(label)
        if known is None:
            low = label.strip().lower()
            known = bool(low) and (low in self._totals or low.startswith(("total ", "all ")))
            if len(self._seen) < 100_000:
                self._seen[label] = known
        return known

    def with_total(self, label: str) -> LayoutOptions:
        """These options with one more total label: a table's own margin name."""
        return LayoutOptions(markers=self.markers, total_labels=(*self.total_labels, label))


def _nonempty(row: list[RawCell]) -> list[RawCell]:
    """The cells whose ``kind`` is not ``empty`` (spelt out: a property call per field costs
    a third of this on a 100k-row file)."""
    return [c for c in row if c.value is not None or c.marker or (c.raw and not c.raw.isspace())]


def _numeric_like(cell: RawCell) -> bool:
    return cell.kind in ("num", "marker")


def infer_table(
    grid: list[list[RawCell]] | Grid, path: str, sheet: str | None, options: LayoutOptions,
    context: Sequence[str] = (), header_known: bool = False, label_columns: int = 0,
) -> Table:
    """Build a ``Table`` from a rectangular-ish grid of cells (rows in file order): the
    content between title and notes, its header, its label and measure columns, then the
    cells of a long or a wide table. ``context`` is read as the first lines of the title
    (what a log's command says the numbers are). ``header_known``: the first line is the
    header and ``label_columns`` the first columns are labels, by the document's structure (a
    Stata table's ruled-off header and its labels left of the bar), so neither is guessed."""
    grid = grid if isinstance(grid, Grid) else Grid(grid)  # the table's (a reader's own kept)
    if not header_known:
        # the tools' own layouts, each proved by its shape, before the general reading
        for read_tool_layout in (read_spss_crosstab, read_stata_table,
                                 read_classification_report, read_correlation_matrix,
                                 read_spss_correlations):
            tool_table = read_tool_layout(grid, path, sheet, options, context)
            if tool_table is not None:
                return tool_table
    # a CrossTabFreqs data set proves its own header and labels line by line, whether or not
    # the file's quotes named them (``ods csv`` quotes its text and ``_TYPE_``)
    sas = read_sas_crosstab_freqs(grid, path, sheet, options, infer_table, context)
    if sas is not None:
        return sas
    title, notes, rows, cols = _content(grid, grid.is_regular())
    title = [*context, *title]
    regular = grid.is_regular()  # the rows are the grid's: views of them stand for dicts
    head = _find_header(rows, cols, regular) if not header_known else _Header(
        rows, row_maps(rows, regular), [0], None)
    if label_columns:
        head.name_cols = sorted({*head.name_cols, *cols[:label_columns]})
    data_rows = head.rows[len(head.header_idx):]
    data_by_col = head.by_col[len(head.header_idx):]
    if not data_rows:
        raise LayoutError(NO_DATA_ROWS)
    own = own_margin_name(head.by_col[0], data_by_col) if not head.synthetic else None
    if own is not None and not options.is_total(own):
        options = options.with_total(own)  # ``margins_name="Everyone"``: the line is a margin
    columns = _columns(head, cols, data_by_col, own)
    _fill_sparse_labels(data_by_col, columns.label_cols)

    table = Table(
        path=path, sheet=sheet, dimensions=list(columns.dim_names),
        row_dimensions=list(columns.dim_names), column_dimensions=[], measures=[], cells=[],
        layout="long", title=title, notes=notes, header_rows=_header_row_numbers(head),
        label_columns=columns.label_cols, grid=grid, column_headers=columns.header_text,
        data_rows=_first_lines(data_rows), margin_name=own,
    )
    if not columns.measure_cols:
        if not _n_percent_table(table):
            table.problems.append("no numeric measure column was found")
        return table

    named_roles, shares, share_scale = _measure_roles(columns, data_by_col)
    proven = proven_model_columns(columns.measure_cols, columns.header_text, data_by_col,
                                  named_roles)
    named_roles = [proven.get(c, r) for c, r in zip(columns.measure_cols, named_roles,
                                                    strict=True)]
    ranges, doubts = range_end_columns(columns.measure_cols, columns.header_text, data_by_col,
                                       named_roles)
    table.problems.extend(doubts)
    named_roles = [ranges.get(c, r) for c, r in zip(columns.measure_cols, named_roles,
                                                    strict=True)]
    ratio_parts = standardised_ratio_parts(columns.measure_cols, columns.header_text,
                                           named_roles)
    named_roles = [ratio_parts.get(c, r) for c, r in zip(columns.measure_cols, named_roles,
                                                         strict=True)]
    known = sum(r is not Role.UNKNOWN for r in named_roles)
    if len(columns.measure_cols) > 1 and known * 2 < len(columns.measure_cols) and not \
            _percent_beside_counts(columns.measure_cols, named_roles, data_by_col):
        levels = _header_levels(head.rows, head.by_col, head.header_idx, columns.measure_cols,
                                head.index_name_row)
        dim_names = columns.dim_names
        if not columns.label_cols and len(data_rows) > 1:
            dim_names = [UNLABELLED_ROWS]  # each row a line of its own (_wide_cells)
            table.row_dimensions = list(dim_names)
            table.rows_unlabelled = True
        _build_wide(table, levels, columns.measure_cols, columns.label_cols, data_rows,
                    data_by_col, options, dim_names,
                    pandas_style=head.index_name_row is not None)
        if ranges:  # a range read as categories: its ends are checked as counts only
            table.problems.append("two columns are headed like the ends of a range (a "
                                  "minimum and a maximum): a person must check them")
    else:
        del head.by_col[len(head.header_idx):]  # the data rows' maps: data_by_col's only
        dim_names = columns.dim_names
        if not columns.label_cols and len(data_rows) > 1 and any(
                options.is_total(columns.header_text.get(col, ""))
                for col in columns.measure_cols):
            # ``n,Total`` over ``x,20`` and ``c,30``: each row's Total is its own (the rows
            # read as one had no line, and passed); a long table without a margin's header
            # keeps its rows as they were (a listing's rows are no lines)
            dim_names = [UNLABELLED_ROWS]
            table.row_dimensions = list(dim_names)
            table.rows_unlabelled = True
        _build_long(table, columns.header_text, columns.measure_cols, columns.label_cols,
                    data_rows, data_by_col, options, dim_names, shares, share_scale,
                    {**ratio_parts, **ranges, **proven}, release=True)
    refine_model_roles(table.measures)
    read_group_tests(table)
    read_survival_estimates(table)
    read_cumulative_shares(table)
    read_long_proportions(table)
    read_magnitude_signals(table)
    read_extremes_named_by_the_file(table)
    read_shares_over_a_base_line(table)  # after: a line labelled n is counts, 89.0 or 89
    _observed_events_are_units(table, ratio_parts)
    return table


def _first_lines(rows: Sequence[list[RawCell]]) -> list[int]:
    """Each row's first cell's line (code rows' from their codes, no cell made)."""
    if type(rows) is CodeRowList:
        return rows.lines()
    return [r[0].row for r in rows]


_OBSERVED = {"o", "obs", "observed"}
_EXPECTED = {"e", "exp", "expected"}


def standardised_ratio_parts(measure_cols: list[int], header_text: dict[int, str],
                             named: list[Role]) -> dict[int, Role]:
    """Beside a standardised ratio (``SMR``, ``SIR``), the short names of its two parts:
    ``O``/``obs`` the observed events (counts, checked as counts) and ``E``/``exp`` the
    expected ones (a statistic resting on the observed count, SDC303). Nothing else reads
    ``E`` or ``exp`` as expected events (an exponent, an expenditure)."""
    if not any(is_standardised_ratio(header_text.get(c, "")) and r is Role.STATISTIC
               for c, r in zip(measure_cols, named, strict=True)):
        return {}
    found: dict[int, Role] = {}
    for col, role in zip(measure_cols, named, strict=True):
        name = header_text.get(col, "").strip().lower()
        if role is Role.UNKNOWN and name in _OBSERVED:
            found[col] = Role.COUNT
        elif role is Role.UNKNOWN and name in _EXPECTED:
            found[col] = Role.STATISTIC
    return found


def _observed_events_are_units(table: Table, ratio_parts: dict[int, Role]) -> None:
    """The observed events beside a standardised ratio (``O``, ``obs``) are the units its
    expected events and the ratio rest on (SDC303), whatever their short name: the ratio's
    own structure says so, as ``observed`` does in words. Marked as read as counts
    (``read_as``), which ``units_behind`` takes for a column that says it counts; they stay
    checked as counts (SDC101). Last: a reading that made them something else keeps it."""
    for measure in table.measures:
        if (measure.col is not None and ratio_parts.get(measure.col) is Role.COUNT
                and measure.role is Role.COUNT and measure.read_as is None):
            measure.read_as = Role.COUNT


def _percent_beside_counts(measure_cols: list[int], named: list[Role],
                           data_by_col: list[dict[int, RawCell]]) -> bool:
    """A column its header names a percentage beside columns of whole numbers no header
    names (``region,alive,died,pct_died``): no cross-tabulation mixes a percentage among its
    categories, so each column is its own measure (read long: the whole numbers as counts,
    the stricter reading) instead of one block of unknown values (SDC602)."""
    if Role.PERCENT not in named:
        return False
    others = [c for c, r in zip(measure_cols, named, strict=True) if r is Role.UNKNOWN]
    return bool(others) and all(all_whole(c, data_by_col) for c in others)


def _content(grid: Sequence[list[RawCell]], regular: bool = False
             ) -> tuple[list[str], list[str], list[list[RawCell]], list[int]]:
    """The title lines, the notes, the rows between them (non-empty ones only) and the
    columns they use. ``regular``: every row holds columns 1, 2, ... in order (``Grid``'s
    ``_is_regular``), so the columns in use are found a column at a time."""
    filled = _Filled(regular)
    code = grid.code_rows() if isinstance(grid, Grid) else None
    if code is not None:  # a CSV's codes: its rows read as codes, no cell made for it
        rows = cast("list[list[RawCell]]", CodeRowList(code, _filled_rows(code)))
    else:
        rows = [row for row in grid if row and (_is_filled(row[0]) or filled.of(row))]
    if not rows:
        raise LayoutError(NO_CONTENT)
    ncol = filled.columns(rows)[-1]
    title, rows = _split_titles(rows, ncol, filled)
    notes, rows = _split_notes(rows, ncol, filled)
    if len(rows) < 2:
        raise LayoutError(NO_DATA_ROWS)
    return title, notes, rows, filled.columns(rows)


def _filled_rows(code: CodeRows) -> Sequence[int]:
    """The rows of ``code`` holding a filled cell (``_content``'s test, from the codes): the
    rows with none left after each column in turn (the first usually fills every row)."""
    empty: Sequence[int] = range(len(code))
    for col in range(1, len(code.packed.codes) + 1):
        if not empty:
            break
        facts = code.column_facts(col, empty)  # a list: each id is its object's throughout
        # judged once per distinct object (a code's facts are shared by its cells: a long
        # table's column holds a few dozen), the rows picked in C steps
        ids = list(map(id, facts))
        unfilled = {key: fact is None or not _is_filled(fact)
                    for key, fact in dict(zip(ids, facts, strict=True)).items()}
        if len(ids) != len(empty):
            raise ValueError("a fact a row")  # as zip(strict=True) said
        empty = list(itertools.compress(empty, map(unfilled.__getitem__, ids)))
    if not empty:
        return range(len(code))
    gone = set(empty)
    return [i for i in range(len(code)) if i not in gone]


def _is_filled(cell: CellFacts) -> bool:
    """``cell.kind != "empty"``, spelt out (see ``_nonempty``)."""
    return cell.value is not None or bool(cell.marker) or bool(cell.raw and
                                                               not cell.raw.isspace())


class _Filled:
    """Each row's non-empty cells (``_nonempty``), made when a pass asks for a row's, and the
    columns that hold any among some rows. On a regular grid (a CSV's) a column is settled by
    its first filled cell, so a long table's rows are each read once at most, not made into
    a list of their filled cells that nothing reads again (a third of the time and a list per
    row at the reading's start on a 100k-row file)."""

    def __init__(self, regular: bool) -> None:
        self.regular = regular
        # by id(row), with the row itself: a row made for the asking (code rows,
        # sdc.code_rows) and let go could leave its id to the next one, whose cells
        # would then be the first's; held here, no other row can take its id
        self._cells: dict[int, tuple[list[RawCell], list[RawCell]]] = {}

    def of(self, row: list[RawCell]) -> list[RawCell]:
        found = self._cells.get(id(row))
        if found is None:
            found = self._cells[id(row)] = (row, _nonempty(row))
        return found[1]

    def columns(self, rows: Sequence[list[RawCell]]) -> list[int]:
        """The columns of the filled cells of ``rows`` (non-empty rows), in order."""
        if type(rows) is CodeRowList:
            return _code_filled_columns(rows)
        if not self.regular:
            return sorted(set(map(_COL, itertools.chain.from_iterable(map(self.of, rows)))))
        width = max(map(len, rows), default=0)
        return [at + 1 for at in range(width)
                if any(len(row) > at and _is_filled(row[at]) for row in rows)]

    def first_col(self, rows: Sequence[list[RawCell]]) -> int:
        """The first column with a filled cell among ``rows`` (non-empty rows)."""
        if type(rows) is CodeRowList:
            return _code_filled_columns(rows, first=True)[0]
        if not self.regular:
            return min(map(_COL, itertools.chain.from_iterable(map(self.of, rows))))
        width = max(map(len, rows), default=0)
        return next(at + 1 for at in range(width)
                    if any(len(row) > at and _is_filled(row[at]) for row in rows))


def _code_filled_columns(rows: CodeRowList, first: bool = False) -> list[int]:
    """``_Filled.columns`` of code rows, from the codes (``first``: the first one only)."""
    code = rows.code
    out = []
    for col in range(1, code.widest(rows.at) + 1):  # per distinct code: no list of the rows
        if code.column_any(col, rows.at, _is_filled):
            out.append(col)
            if first:
                break
    return out


@dataclass
class _Columns:
    """What each column of the table is: its header text, and whether it holds labels (with
    the dimension names they get) or measures."""

    header_text: dict[int, str]
    label_cols: list[int]
    measure_cols: list[int]
    dim_names: list[str]


def _columns(head: _Header, cols: list[int], data_by_col: list[dict[int, RawCell]],
             own: str | None = None) -> _Columns:
    """Numeric columns (with fully suppressed ones named in the header) are measures unless
    they work as labels; the rest are labels, named from the header. ``own``: the table's own
    margin name (``layout_own_margin``), a margin as ``All`` is where one closes a code list."""
    rows, by_col, header_idx, index_name_row = (head.rows, head.by_col, head.header_idx,
                                                head.index_name_row)
    # one header line over the rows: their numeric columns were worked out finding it
    numeric_cols = (head.numeric_below_first if len(header_idx) == 1
                    and head.numeric_below_first is not None
                    else _numeric_columns(rows[len(header_idx):], cols, data_by_col)) - \
        set(head.name_cols)
    numeric_cols |= _suppressed_measure_columns(cols, numeric_cols, by_col, header_idx,
                                                data_by_col)
    header_text = _header_texts(rows, by_col, header_idx, cols, numeric_cols, index_name_row)
    label_cols = levels_beside_n_percent(
        _label_columns(cols, numeric_cols, by_col, index_name_row, data_by_col, header_text,
                       own),
        cols, data_by_col, header_text)
    label_cols = letter_label_column(label_cols, cols, data_by_col, header_text)
    dim_names = _unique_names(
        [_label_name(header_text.get(c, ""), index_name_row, by_col, c, k)
         for k, c in enumerate(label_cols)]
    )
    return _Columns(header_text=header_text, label_cols=label_cols,
                    measure_cols=[c for c in cols if c not in label_cols], dim_names=dim_names)


def _header_row_numbers(head: _Header) -> list[int]:
    """The file's line numbers of the header lines (none for a made-up header)."""
    if head.synthetic:
        return []
    return [head.rows[i][0].row if head.rows[i] else 0 for i in head.header_idx]


def _measure_roles(columns: _Columns, data_by_col: list[dict[int, RawCell]]
                   ) -> tuple[list[Role], dict[int, Role], float]:
    """Each measure column's role as its header names it, with row shares (columns adding up
    to 100 across a row) read as counts or percentages; the share columns and their scale."""
    measure_cols = columns.measure_cols
    named_roles = [role_from_text(columns.header_text.get(c, "")) for c in measure_cols]
    named_roles = [Role.STATISTIC if r is Role.UNKNOWN and bare_concentration_header(
        header := columns.header_text.get(c, "")) and _bare_concentration(header, [
            float(f.value) for f in column_facts(data_by_col, c)
            if f is not None and f.value is not None])
        else r for c, r in zip(measure_cols, named_roles, strict=True)]
    share_cols, share_scale = row_share_columns(measure_cols, named_roles, data_by_col)
    # whole numbers adding up to 100 keep the count reading (checked as percentages too);
    # a decimal among them makes every one a percentage
    share_role = Role.COUNT if all(all_whole(c, data_by_col) for c in share_cols) else \
        Role.PERCENT
    shares = dict.fromkeys(share_cols, share_role)
    named_roles = [shares.get(c, r) for c, r in zip(measure_cols, named_roles, strict=True)]
    return named_roles, shares, share_scale


def _bare_concentration(header: str, values: list[float]) -> bool:
    """A bare ``CR3`` over fractions (every value in [0, 1], one not whole): a concentration
    ratio (SDC303, SDC201). Over anything else it is read as any column no header names: a
    postcode district's counts (``CR2``, ``CR4``) stay counts (round 52)."""
    return bare_concentration_header(header) and bool(values) and all(
        0.0 <= v <= 1.0 for v in values) and not all(is_integer(v) for v in values)


def _n_percent_table(table: Table) -> bool:
    """Labels and ``n (%)`` strings only (R's and gtsummary's ``120 (45.1%)``): the strings
    are the measures, their counts checked by ``sdc.derived_counts`` (and every other number
    by the coverage check), so the table is understood without a numeric column."""
    from sdc.derived_counts import implied_counts, parse_n_percent  # no cycle: used late

    data_rows = set(table.data_rows)
    found = any(isinstance(f.cell, RawCell) and f.cell.row in data_rows
                and parse_n_percent(f.cell.raw, True) for f in implied_counts(table))
    for cached in ("_sdc_implied_counts", "_sdc_percent_bases"):
        table.__dict__.pop(cached, None)  # worked out again once the table is complete
    return found


def pandas_series_header(first: dict[int, RawCell], rest: list[dict[int, RawCell]],
                         cols: list[int], confirmed: bool = False) -> bool:
    """``region,sex,0``: what ``df.groupby([...]).size().to_csv()`` writes (the Series has no
    name, pandas calls it 0). A first line is this header only when its one number is a ``0``
    over the last column and every other cell is a text naming its column: a dimension word
    (``region``), or a word found nowhere else in a column whose labels repeat (long layout).
    Otherwise the line is data and its 0 a zero count (the stricter reading).

    ``confirmed``: whether more than the structure says the line is a header, so that its
    ``0`` may go unchecked as the Series' name. A word over a numeric label column (``yr``
    over years) is then also a dimension's name (``year``, ``yr``, ``age``): a headerless
    table may open with ``baseline,0`` over year rows, a zero count the guess would hide."""
    numbers = [c for c in first.values() if c.kind == "num"]
    if len(numbers) != 1 or numbers[0].raw.strip() != "0" or numbers[0].col != max(cols):
        return False
    texts = [c for c in first.values() if c.kind not in ("num", "empty")]
    if any(c.kind != "text" for c in texts):
        return False
    if not texts:
        return _unnamed_index(first, rest, cols)
    for cell in texts:
        below = [r[cell.col].raw.strip() for r in rest if cell.col in r]
        if is_category_word(cell.raw) or _sibling_label(cell.raw, below):
            return False  # ``Unknown,0``, ``Stage 1,0`` over ``Stage 2``: a first row's label
        repeats = len(set(below)) < len(below)
        numeric_name = names_numeric_labels(cell, rest) and not confirmed
        if not (looks_like_dimension(cell.raw) or numeric_name
                or (repeats and cell.raw.strip() not in below)):
            return False
    return True


def _sibling_label(text: str, below: list[str]) -> bool:
    """``Stage 1`` over ``Stage 2``, ``Group A`` over ``Group B``: a label of two words or
    more that differs from a label below in one word only is one of them, not their name."""
    mine = words(text)
    if len(mine) < 2:
        return False
    for label in below:
        theirs = words(label)
        if len(theirs) == len(mine) and sum(a != b for a, b in zip(mine, theirs,
                                                                   strict=True)) == 1:
            return True
    return False


def _unnamed_index(first: dict[int, RawCell], rest: list[dict[int, RawCell]],
                   cols: list[int]) -> bool:
    """``,0`` over ``North,3``: ``Series.to_csv()`` of a Series with no name and no index
    name. Only with one label column of distinct labels (text or the index's numbers), none
    blank (a first data row with a blank label would have one label among others)."""
    if len(cols) != 2 or any(c.kind != "empty" for col, c in first.items() if col != cols[-1]):
        return False
    labels = [r[cols[0]] for r in rest if cols[0] in r]
    shown = [c.raw.strip() for c in labels if c.kind in ("text", "num")]
    return len(shown) == len(rest) >= 2 and len(set(shown)) == len(shown)


def _is_data_row(row: dict[int, RawCell], numeric_cols: set[int]) -> bool:
    """A line with plain numbers (other than years or a regular run of codes under a text
    label: ``age,0,1,2,...``) over the numeric columns is data, not a header."""
    values = [cell.value for c in numeric_cols
              if (cell := row.get(c)) is not None and cell.value is not None]
    if not values or all(is_year(v) for v in values):
        return False
    if _percentile_names(row):
        return False  # R's ``"",0%,25%,50%,75%,100%`` over a quantile() table
    has_text = any(cell.kind == "text" for cell in row.values())
    return not (has_text and len(values) >= 3 and numeric_labels_understood(values))


def _percentile_names(row: dict[int, RawCell]) -> bool:
    """Every number of the line is a percentile's name (``0%``, ``25%``...), three or more in
    increasing order, beside nothing but empty cells: the header R writes over quantiles. A
    line of percentages is data: its values are rarely all whole, ordered and signed ``%``."""
    numbers = [cell for cell in row.values() if cell.value is not None]
    if len(numbers) < 3 or any(cell.kind == "text" for cell in row.values()):
        return False
    levels = [cell.value for cell in sorted(numbers, key=lambda c: c.col)
              if cell.value is not None and percentile_name(cell.raw)]
    return len(levels) == len(numbers) and all(a < b for a, b in itertools.pairwise(levels))


def _numeric_key_columns(data_by_col: list[dict[int, RawCell]], numeric_sorted: list[int],
                         text_labels: list[int], header_text: dict[int, str],
                         own: str | None = None) -> list[int]:
    """Numeric columns that are row labels, decided by structure alone (never by the header's
    words): the leading numeric columns that the row labels need to tell rows apart, whose
    values are recognisable labels (years, a regular code sequence) and either cross the other
    labels (``yr,grp,n``: every year has the same groups) or run in blocks, or index the rows
    (R's and pandas' row names: ``"",x`` over 1..n). One numeric column is always left as a
    measure. A column that might be either is read as a measure: the stricter reading."""
    keys = list(text_labels)
    chosen: list[int] = []
    if not text_labels and numeric_sorted and _confirmed_code_column(
            data_by_col, numeric_sorted, header_text, own):
        return [numeric_sorted[0]]
    if not text_labels and _bin_edges(data_by_col, numeric_sorted):
        return numeric_sorted[:2]
    if _closing_margin(data_by_col, numeric_sorted, text_labels, own):
        data_by_col = data_by_col[:-1]  # the keys are read on the rows the margin adds up
    codes = _RowCodes(data_by_col)
    for k, col in enumerate(numeric_sorted):
        values = _filled_values(data_by_col, col)
        if k == 0 and text_labels and _row_names(col, values, header_text, text_labels):
            # a row index: R write.csv / pandas to_csv row names, even when no other column
            # is numeric (R's "",Characteristic,"n (%)" over "1","Female","120 (45.1%)")
            keys.append(col)
            chosen.append(col)
            continue
        if k == len(numeric_sorted) - 1:
            break  # the last numeric column is a measure
        # judged on the distinct values (what it reads of them: their set), once each
        if values is None or not numeric_labels_understood(list(dict.fromkeys(values))):
            break
        n = len(values)
        before = codes.of(keys)
        if text_labels and _constant_period(
                values, header_text.get(col, ""), col < max(text_labels),
                functools.partial(_outside_totals, data_by_col, col, numeric_sorted)):
            keys.append(col)  # one year on every row under a period's name: the table's
            chosen.append(col)  # constant label (round 48), as a constant text column is
            continue
        if keys and codes.distinct(before) == n:
            break  # the labels already tell the rows apart: this column is a measure
        if codes.distinct_pairs(before, values) == n:
            ok = _crosses(codes.listed(before), values) if keys else _regular_index(values)
        else:
            ok = _in_blocks(codes.listed(before), values)
        if not ok:
            break
        keys.append(col)
        chosen.append(col)
    if chosen:
        final = codes.of(keys)
        if codes.distinct(final) != len(final):
            return []  # the labels still do not tell rows apart: not a key after all
    return chosen


def _constant_period(values: list[float], header: str, left_of_labels: bool,
                     outside: Callable[[], bool] = lambda: False) -> bool:
    """One year on every row (two or more) of a column that names a dimension (``year``,
    ``yr``) or, under a header naming no measure, stands left of a text label column (``wave,
    age,F,M,Total``): the table's constant label, as a constant text column (``age`` of
    ``18-64`` alone) is, not a count summed with the others (round 48, yearcol48). Read as a
    measure it made the table's own totals contradict (SDC402 on every row), so the union
    reading could not take it as the whole of 2020 and the parts beside it passed. A year is
    never a small count, so no number goes unchecked by the reading; the header and the
    place only narrow it (a ``n`` column of 2020s stays a measure). Right of the labels
    (``age,wave,F,M,Total``, round 49) it is a label unless the table's numbers count it
    (``outside``, :func:`_outside_totals`)."""
    if len(values) < 2 or values[-1] != values[0] or not is_year(values[0]) or any(
            value != values[0] for value in values):
        return False
    return looks_like_dimension(header) or (
        role_from_text(header) is Role.UNKNOWN and (left_of_labels or outside()))


def _outside_totals(data_by_col: list[dict[int, RawCell]], col: int,
                    numeric_sorted: list[int]) -> bool:
    """Whether ``col`` (one year on every row, right of the labels) stands beside two numeric
    columns or more and is no part of a total among them: read as a measure there it made
    the whole's totals contradict and the parts beside it passed (round 49:
    ``age,wave,F,M,Total`` with ``wave`` 2020 on every row, ``Total`` = ``F`` + ``M``; or
    ``age,wave,F,M``, no total to decide). A measure where some column right of it adds it
    with the others on every row that prints them all (``F,M,Total`` = ``wave`` + ``F`` +
    ``M``: it is counted), or where fewer columns are right of it (``region,visits,beds``)."""
    later = [c for c in numeric_sorted if c > col]
    if len(later) < 2:
        return False
    for total in later:
        parts = [c for c in (col, *later) if c != total]
        if len(parts) >= 2 and _adds_up(data_by_col, total, parts):
            return False
    return True


def _adds_up(data_by_col: list[dict[int, RawCell]], total: int, parts: list[int]) -> bool:
    """Whether column ``total`` is the sum of ``parts`` on every row that prints them all (one
    row at least; a row with a hidden cell is passed over)."""
    rows = 0
    for row in data_by_col:
        numbers = [None if (cell := row.get(c)) is None else cell.value for c in (total, *parts)]
        if any(value is None for value in numbers):
            continue
        whole, *summed = (float(value) for value in numbers if value is not None)
        if abs(whole - sum(summed)) > 1e-9 * max(1.0, abs(whole)):
            return False
        rows += 1
    return rows > 0


KEY_CODES_WITH_NUMPY_FROM = 2_000  # data rows: below, row codes are lists (numpy not loaded)


class _RowCodes:
    """Each data row's labels in some columns as a code, equal for two rows exactly when
    their labels are: the code of the labels in all but the last column paired with the
    last's label (a row's labels hashed once per column, not as a tuple of every column again
    for each candidate). On a large table the codes are numpy arrays: a list of ints per
    column set and the ``(code, value)`` pairs' tuples and set were 25 MiB at the reading's
    peak on a 100k-row file. Not a closure calling itself: that is a reference cycle, which
    would hold every data row's cells until the collector found it."""

    def __init__(self, data_by_col: list[dict[int, RawCell]]) -> None:
        self.rows = data_by_col
        n = len(data_by_col)
        self.np: Any = None
        if n >= KEY_CODES_WITH_NUMPY_FROM:
            import numpy as np

            self.np = np
        self.groups: dict[tuple[int, ...], Any] = {
            (): [0] * n if self.np is None else self.np.zeros(n, dtype=self.np.int64)}

    def of(self, columns: list[int]) -> Any:
        """The rows' codes over ``columns`` (a list, or an int64 array numbered densely)."""
        groups, np = self.groups, self.np
        for k in range(1, len(columns) + 1):
            key = tuple(columns[:k])
            if key in groups:
                continue
            if np is None:
                index: dict[tuple[int, str], int] = {}
                groups[key] = [index.setdefault(pair, len(index)) for pair in zip(
                    groups[key[:-1]], column_labels(self.rows, key[-1]), strict=True)]
                continue
            # a code per label, as column_labels strips it (only equal labels share one:
            # the numbering is free, ``np.unique`` below numbers the pairs densely again)
            stripped: dict[str, int] = {}
            label = np.fromiter(map(stripped.setdefault, labels := column_labels(
                self.rows, key[-1]), itertools.count()), dtype=np.int64, count=len(labels))
            del labels
            pairs = groups[key[:-1]] * (int(label.max()) + 1 if len(label) else 1) + label
            groups[key] = np.unique(pairs, return_inverse=True)[1].reshape(-1)
        return groups[tuple(columns)]

    def distinct(self, codes: Any) -> int:
        if self.np is None:
            return len(set(codes))
        return int(codes.max()) + 1 if len(codes) else 0  # numbered densely from 0

    def distinct_pairs(self, codes: Any, values: list[float]) -> int:
        """How many distinct ``(code, value)`` pairs the rows hold."""
        np = self.np
        if np is None:
            return len(set(zip(codes, values, strict=True)))
        numbers = np.asarray(values, dtype=np.float64)
        if np.isnan(numbers).any():  # a set tells NaNs apart by identity: as the plain code
            return len(set(zip(codes.tolist(), values, strict=True)))
        at = np.unique(numbers, return_inverse=True)[1].reshape(-1)  # 0.0 == -0.0, as sets
        return len(np.unique(codes * (int(at.max()) + 1) + at))

    def listed(self, codes: Any) -> list[int]:
        return codes if self.np is None else codes.tolist()


def _closing_margin(data_by_col: list[dict[int, RawCell]], numeric_sorted: list[int],
                    text_labels: list[int], own: str | None = None) -> bool:
    """The last row is a margin that closes the first numeric column's list of labels
    (``pd.crosstab(df.year, df.sex, margins=True)`` ends ``All,2498,2502,5000``; R's
    ``addmargins`` ends ``"Sum"``), proven by its numbers and not by the word alone: its cell
    in that column is a margin's name (no count column holds a word), the text labels beside
    it are blank, and the last numeric column's cell in it is the sum of every number above
    it. Then the column's other values are judged as keys on the rows above (a year list is
    a key with or without its margin); anything else keeps the column a measure, its text
    cell named (the stricter reading)."""
    if len(numeric_sorted) < 2 or len(data_by_col) < 3:
        return False
    last_row = data_by_col[-1]
    first = last_row.get(numeric_sorted[0])
    if first is None or first.kind != "text" or not is_margin(first.raw, own):
        return False
    if any(not _is_empty(last_row.get(c)) for c in text_labels):
        return False
    total = last_row.get(numeric_sorted[-1])
    if total is None or total.value is None:
        return False
    above: list[float] = []
    for row in data_by_col[:-1]:
        cell = row.get(numeric_sorted[-1])
        if cell is None or cell.value is None:
            return False
        above.append(float(cell.value))
    return abs(sum(above) - float(total.value)) <= float_slack(float(total.value))


def _confirmed_code_column(data_by_col: list[dict[int, RawCell]], numeric_sorted: list[int],
                           header_text: dict[int, str], own: str | None = None) -> bool:
    """A table with no text labels whose first numeric column holds each code of a short
    list once, ``0, 1`` or ``1..k`` in any order (``df.died.value_counts()`` writes
    ``died,count`` over ``0,280`` and ``1,120``; pandas 3 writes ``pd.crosstab(df.died,
    df.region)`` as ``died,East,North``), read as the rows' labels only when something
    besides the guess confirms it: a margin row (``All``/``Total``) closing the list, or a
    header naming the other columns counts (``count``, ``n``) while its own does not.
    Otherwise it stays a measure, its 0 and 1 checked as counts (the stricter reading)."""
    col = numeric_sorted[0]
    if len(numeric_sorted) < 2 or role_from_text(header_text.get(col, "")) is not Role.UNKNOWN:
        return False
    codes: list[float] = []
    margin = False
    for row in data_by_col:
        cell = row.get(col)
        if cell is not None and cell.kind == "num" and not margin:
            codes.append(float(cell.value))  # type: ignore[arg-type]
        elif cell is not None and cell.kind == "text" and is_margin(cell.raw, own):
            margin = True  # the margin closes the list: nothing after it
        else:
            return False
    n = len(codes)
    if n < 2 or sorted(codes) not in ([float(i) for i in range(n)],
                                      [float(i) for i in range(1, n + 1)]):
        return False
    counted = any(role_from_text(header_text.get(c, "")) is Role.COUNT
                  for c in numeric_sorted[1:])
    return margin or counted


def _bin_edges(data_by_col: list[dict[int, RawCell]], numeric_sorted: list[int]) -> bool:
    """The first two of three or more numeric columns are a histogram's bin edges
    (``np.histogram``'s ``edges[:-1]``, ``edges[1:]`` beside its counts), proven by their
    numbers alone: on every row the start is below the end, and each row's end is printed
    exactly as the next row's start (contiguous bins in order). Read as the rows' labels, the
    counts beside them are a measure (before, the three columns were one block of unknown
    numbers, SDC602 review, its small counts unnamed)."""
    if len(numeric_sorted) < 3 or len(data_by_col) < 2:
        return False
    start_col, end_col = numeric_sorted[:2]
    ends: list[tuple[RawCell, RawCell]] = []
    for row in data_by_col:
        start, end = row.get(start_col), row.get(end_col)
        if start is None or end is None or start.value is None or end.value is None \
                or not start.value < end.value:
            return False
        ends.append((start, end))
    return all(end.raw.strip() == start.raw.strip()
               for (_, end), (start, _) in itertools.pairwise(ends))


def _row_names(col: int, values: list[float] | None, header_text: dict[int, str],
               text_labels: list[int]) -> bool:
    """R's ``write.csv`` and pandas' ``to_csv`` row names: the first column, under an empty
    header, left of the text labels, holding exactly 1..n (R) or 0..n-1 (pandas) in row
    order. A count column that is exactly that is read as row names (the documented wrong
    guess: its numbers are then labels, and a table with no other measure is SDC602)."""
    if values is None or len(values) < 2 or header_text.get(col, "").strip():
        return False
    if col > min(text_labels):
        return False
    n = len(values)
    return values in ([float(i) for i in range(n)], [float(i) for i in range(1, n + 1)])


def _label_key(row: dict[int, RawCell], col: int) -> str:
    cell = row.get(col)
    return cell.raw.strip() if cell is not None else ""


def column_labels(data_by_col: list[dict[int, RawCell]], col: int) -> list[str]:
    """Each row's label in ``col`` (``_label_key`` of every row), each distinct text stripped
    once: a long table repeats a few dozen labels over its rows (maps of code rows: each
    distinct code once, as ``column_facts`` reads them, no list of their facts)."""
    found = data_by_col.columns_from() if type(data_by_col) is CodeMaps else None
    if found is not None:
        return found[0].facts_map(col, found[1], _stripped_raw, "")
    return _stripped_labels(column_facts(data_by_col, col))


def _stripped_raw(fact: CellFacts) -> str:
    return fact.raw.strip()


def _stripped_labels(facts: Iterable[CellFacts | None]) -> list[str]:
    """``column_labels`` of a column's facts."""
    raws = [cell.raw if cell is not None else "" for cell in facts]
    stripped = {raw: raw.strip() for raw in set(raws)}
    return list(map(stripped.__getitem__, raws))


def _filled_values(data_by_col: list[dict[int, RawCell]], col: int) -> list[float] | None:
    """A column's numbers with blanks carried down from above (merged or sparse labels);
    None when a cell is text, a marker, or blank with nothing above it. (``cell.kind`` spelt
    out: a property call per cell of a 100k-row file.)"""
    values: list[float] = []
    for cell in column_facts(data_by_col, col):
        if cell is not None and (value := cell.value) is not None:
            values.append(float(value))
        elif (cell is None or (not cell.marker and (not cell.raw or cell.raw.isspace()))) \
                and values:
            values.append(values[-1])
        else:
            return None
    return values


def _crosses(groups: Sequence[Hashable], values: list[float]) -> bool:
    """The column takes the same set of values within at least two groups of the other labels
    and at least half of the groups: a crossed design, not a measure that varies freely."""
    sets: dict[Hashable, set[float]] = {}
    for g, v in zip(groups, values, strict=True):
        sets.setdefault(g, set()).add(v)
    if len(sets) < 2:
        return False
    # the most frequent set (the first of equals), counted once rather than per group
    frequency = Counter(frozenset(s) for s in sets.values())
    same = max(frequency.values())
    common = next(s for s, n in frequency.items() if n == same)
    return len(common) >= 2 and same >= 2 and same * 2 >= len(sets)


SINGLE_ROW_RUNS_PER = 10  # runs of one row allowed in blocks: one per this many runs


def _in_blocks(groups: Sequence[Hashable], values: list[float]) -> bool:
    """Each value fills one contiguous run of rows (``2019,2019,2020,2020``), of two or more
    rows but for at most one run in ``SINGLE_ROW_RUNS_PER``: the outer level of a long table.
    A run of one row is a block whose inner rows were dropped but one (``groupby().size()``
    leaves out empty combinations, a researcher drops small rows, a table cut short ends
    inside a block); a measure changes from row to row, so most of its runs are of one row.
    Before, a single such run read the whole column (a year, a deprivation code) as counts:
    SDC101 on every code below the threshold and SDC603 "row-level" on a safe table.

    A run goes on while a row's group and value are ``==`` the row's before (``NaN`` ends
    one), the rows compared in C steps; a run is known by its last row's (group, value)."""
    n = len(values)
    if len(groups) != n:
        raise ValueError("groups and values of different lengths")  # as zip(strict=True)
    if n == 0:
        return False
    same = map(operator.and_, map(bool, map(operator.eq, groups[1:], groups[:-1])),
               map(bool, map(operator.eq, values[1:], values[:-1])))
    starts = [0, *itertools.compress(range(1, n), map(operator.not_, same))]
    ends = [*(start - 1 for start in starts[1:]), n - 1]  # each run's last row
    keys = [(groups[end], values[end]) for end in ends]
    single = sum(1 for start, end in zip(starts, ends, strict=True) if end == start)
    return (len(keys) >= 2 and len(set(keys)) == len(keys)
            and single * SINGLE_ROW_RUNS_PER <= len(keys))


def _regular_index(values: list[float]) -> bool:
    """Unique, strictly increasing or decreasing by a constant step (ages 0..90, years)."""
    if len(values) < 3:
        return all(is_year(v) for v in values) and len(values) >= 2
    steps = {b - a for a, b in itertools.pairwise(values)}
    if all(is_year(v) for v in values):
        return all(st > 0 for st in steps) or all(st < 0 for st in steps)
    return len(steps) == 1 and next(iter(steps)) != 0


def _split_titles(rows: list[list[RawCell]], ncol: int, filled: _Filled
                  ) -> tuple[list[str], list[list[RawCell]]]:
    """Title rows: single-cell lines above the first line with two or more cells
    (``filled``: each row's non-empty cells)."""
    title: list[str] = []
    first_col = filled.first_col(rows)
    while len(rows) > 1 and ncol > 1:
        cells = filled.of(rows[0])
        sentence = _split_sentence(cells, first_col, filled.of(rows[1]))
        if len(cells) != 1 and not sentence:
            break
        if not any(len(filled.of(r)) >= 2 for r in rows[1:]):
            break
        only = cells[0]
        if only.col != first_col or only.kind != "text":
            break  # ``,deaths`` (Series.to_csv) is a header over a column, not a title
        title.append(",".join(c.raw for c in cells).strip())
        rows = rows[1:]
    return title, rows


def _split_sentence(cells: list[RawCell], first_col: int, beside: list[RawCell]) -> bool:
    """A line of text a CSV split at its unquoted commas (``Patients aged 18-64, by
    region``, ``Source: HES, 2023``): text in the first column, then cells side by side that
    each start with a space, where the first is a sentence of three words or more or the
    line ``beside`` it (the header below a title, the row above a note) writes its cells
    without one. A spaced header (``region, Female, Male`` over ``North, 40, 38``) stays one."""
    if len(cells) < 2 or cells[0].col != first_col or cells[0].kind != "text":
        return False
    if [c.col for c in cells] != list(range(first_col, first_col + len(cells))):
        return False
    if not all(c.raw[:1] == " " and c.raw.strip() for c in cells[1:]):
        return False
    others = [c for c in beside if c.col != first_col]
    return len(cells[0].raw.split()) >= 3 or (bool(others) and not any(
        c.raw[:1] == " " for c in others))


def _split_notes(rows: list[list[RawCell]], ncol: int, filled: _Filled
                 ) -> tuple[list[str], list[list[RawCell]]]:
    """Footnotes: single text cells below the table."""
    notes: list[str] = []
    while len(rows) > 2 and ncol > 1:
        cells = filled.of(rows[-1])
        first_col = filled.first_col(rows)
        if not ((len(cells) == 1 or _split_sentence(cells, first_col, filled.of(rows[-2])))
                and cells[0].kind == "text" and cells[0].col == first_col
                and _looks_like_note(cells[0].raw)):
            break
        notes.insert(0, ",".join(c.raw for c in cells).strip())
        rows = rows[:-1]
    return notes, rows


@dataclass
class _Header:
    """Where the header ends: the rows (with a made-up header line when the file has none),
    each as a column -> cell map, and which of them are header lines."""

    rows: list[list[RawCell]]
    by_col: list[dict[int, RawCell]]
    header_idx: list[int]
    index_name_row: int | None  # the extra index-name line pandas writes
    synthetic: bool = False
    name_cols: list[int] = field(default_factory=list)  # label columns a coded header names
    # the numeric columns of ``rows[1:]``: the data rows' when the header is one given line
    numeric_below_first: set[int] | None = None


def _find_header(rows: list[list[RawCell]], cols: list[int], regular: bool = False
                 ) -> _Header:
    """Header rows: row 0 unless it is data (the file has no header); then continuation rows.
    ``regular``: the rows are a regular grid's (``sdc.readers.row_maps``)."""
    by_col = row_maps(rows, regular)
    numeric_cols = _numeric_columns(rows[1:], cols, by_col[1:])
    index_name_row = _find_index_name_row(rows, by_col, cols, numeric_cols)
    if index_name_row is not None:
        return _Header(rows, by_col, list(range(index_name_row + 1)), index_name_row)
    coded = _is_data_row(by_col[0], numeric_cols) and coded_column_header(by_col[0],
                                                                           by_col[1:])
    if coded:  # ``yr,1,2`` (pandas 3 crosstab of codes): the words name numeric label columns
        first_number = min(c for c, cell in by_col[0].items() if cell.kind == "num")
        return _Header(rows, by_col, [0], None,
                       name_cols=[c for c in by_col[0] if c < first_number],
                       numeric_below_first=numeric_cols)
    if _is_data_row(by_col[0], numeric_cols) and not pandas_series_header(
            by_col[0], by_col[1:], cols):
        # ``North,3`` or ``3,40,50`` on the first line: no header. Read every line as data
        # under made-up column names, so nothing on the first line escapes the rules.
        synthetic = {c: RawCell(row=0, col=c, raw=f"column {column_letters(c)}"
                                if c in numeric_cols else "") for c in cols}
        return _Header([list(synthetic.values()), *rows], [synthetic, *by_col], [0], None,
                       synthetic=True)
    label_cols = [c for c in cols if c not in numeric_cols]
    header_idx = [0]
    i = 1
    while (i < len(rows) - 1 and len(header_idx) < MAX_HEADER_ROWS
           and _continues_header(by_col[i], numeric_cols, label_cols)):
        header_idx.append(i)
        i += 1
    return _Header(rows, by_col, header_idx, None, numeric_below_first=numeric_cols)


def _is_empty(cell: RawCell | None) -> bool:
    return cell is None or cell.kind == "empty"


def _continues_header(row_cells: dict[int, RawCell], numeric_cols: set[int],
                      label_cols: list[int]) -> bool:
    """A header line names categories: text where the data has numbers, and no numbers (over
    one measure column a text cell is more likely a bad value than a header); or a line with
    nothing under the label columns."""
    in_numeric = [cell.kind for c in numeric_cols
                  if (cell := row_cells.get(c)) is not None and cell.kind != "empty"]
    text_in_numeric = len(in_numeric) >= 2 and all(k == "text" for k in in_numeric)
    labels_empty = bool(label_cols) and all(_is_empty(row_cells.get(c)) for c in label_cols)
    return (text_in_numeric or labels_empty) and not _is_data_row(row_cells, numeric_cols)


def _suppressed_measure_columns(cols: list[int], numeric_cols: set[int],
                                by_col: list[dict[int, RawCell]], header_idx: list[int],
                                data_by_col: list[dict[int, RawCell]]) -> set[int]:
    """Columns empty in every data row but named in the header: fully suppressed measures."""
    return {col for col in cols
            if col not in numeric_cols
            and all(_is_empty(r.get(col)) for r in data_by_col)
            and not all(_is_empty(by_col[h].get(col)) for h in header_idx)}


def _label_columns(cols: list[int], numeric_cols: set[int], by_col: list[dict[int, RawCell]],
                   index_name_row: int | None, data_by_col: list[dict[int, RawCell]],
                   header_text: dict[int, str], own: str | None = None) -> list[int]:
    """The dimension (label) columns: those pandas' index-name line names, or the text
    columns and the numeric columns that work as keys (``own``: as ``_columns``')."""
    if index_name_row is not None:
        named = {c for c in cols if not _is_empty(by_col[index_name_row].get(c))}
        return sorted(named | {c for c in cols if c not in numeric_cols})
    label_cols = [c for c in cols if c not in numeric_cols]
    label_cols += _numeric_key_columns(data_by_col, sorted(numeric_cols), label_cols,
                                       header_text, own)
    return sorted(label_cols)


_COL = operator.attrgetter("col")


def _looks_like_note(text: str) -> bool:
    low = text.strip().lower()
    prefixes = ("source", "note", "notes", "*", "[", "(", "footnote", "data", "figures",
                "counts", "values", "suppressed", "rounded", "©", "crown", "produced")
    return low.startswith(prefixes) or len(low.split()) >= 4


def _numeric_columns(
    rows: list[list[RawCell]], cols: list[int], by_col: list[dict[int, RawCell]]
) -> set[int]:
    numeric: set[int] = set()
    for col in cols:
        t = tally(column_facts(by_col, col))  # sdc.readers.column_tally
        num, text, plain, letters, percentiles = t.num, t.text, t.plain, t.letters, t.percentiles
        bands, stat_names, first, last, codes = t.bands, t.stat_names, t.first, t.last, t.codes
        if text and not plain:
            num, text = num - letters, text + letters  # ``x``, ``y``: labels, not hidden cells
        if text and stat_names:
            text += percentiles  # ``count, mean, ..., 0%, 50%, 100%, max``: describe()'s names
        else:
            num += percentiles
            plain += percentiles
        if text and num == plain and first == last == "text" and (
                ordinal_codes(codes) or repeated_scale(column_labels(by_col, col))):
            continue  # ``Lowest, 2, 3, 4, Highest``: an ordinal scale with named ends
            # (both ends: ``40+`` over 1, 2 is a header cell over counts), or that scale
            # under each group of a long table
        if num > 0 and num >= text and not (text and not plain and bands):
            numeric.add(col)  # (``<20`` over ``20-39`` is a band label, not a suppressed cell)
    return numeric


def _find_index_name_row(
    rows: list[list[RawCell]], by_col: list[dict[int, RawCell]], cols: list[int],
    numeric_cols: set[int],
) -> int | None:
    """The row pandas writes under a header with the index names (``age,,,``), if any.

    The index may be numeric (``yr,,,`` over 2019, 2020; ``bmi,,,`` over 15.9, 16.4): the
    line's names then stand over numeric columns, which it makes label columns. The line holds
    no number, so taking a data row for it loses none (its numbers would be on other lines)."""
    if not numeric_cols or not rows[0]:
        return None
    first = _nonempty(rows[0])[0]
    if first.col in numeric_cols and first.kind != "text":
        return None  # pandas writes it under a cross-tab header whose first cell names a level
    # Directly under the header lines; further down only when the first line repeats its
    # categories (pandas' multi-level columns: F,F,M,M). Otherwise a label-only line lower
    # down is far more likely a data row whose every value was suppressed with an empty marker.
    # (pivot_table(aggfunc=[mean, std, count]) repeats the value's name on its second line:
    # ``,mean,std,count`` over ``,cost,cost,cost`` over ``region,,,``). The header lines are
    # the first and the column-level lines under it: nothing under the label columns, a name
    # over every numeric column (``,count`` over ``,age`` over ``area,``: one numeric column).
    levels = _column_level_lines(rows, by_col, cols, numeric_cols)
    if len(numeric_cols) < 2 and not levels:
        return None
    first_repeats = _repeats(by_col[0], numeric_cols)
    # the second line only as a line of names (``,cost,cost,cost``): a data row repeats
    # numbers (``East,,25920.74,25920.74``: its one value and its margin), and read as a
    # header it let a fully suppressed row further down (``West,,,``) pass for the
    # index's name, every line above it a header and their numbers unchecked
    repeated = first_repeats or (len(rows) > 2 and _names_line(by_col[1], numeric_cols)
                                 and _repeats(by_col[1], numeric_cols))
    depth = MAX_HEADER_ROWS if repeated else 1 + levels
    for i in range(1, min(len(rows) - 1, depth + 1)):
        row = by_col[i]
        nonempty = [c for c, cell in row.items() if cell.kind != "empty"]
        if not nonempty:
            continue
        if i > 1 and not first_repeats and _first_row_label(row, nonempty, by_col[i + 1:]):
            return None
        if all(row[c].kind == "text" for c in nonempty) and (
            all(c not in numeric_cols for c in nonempty)
            or _names_numeric_index(nonempty, cols, numeric_cols, by_col[0])
        ):
            # every numeric column is empty on this line and the next line has data
            nxt = by_col[i + 1]
            if any((cell := nxt.get(c)) is not None and _numeric_like(cell) for c in numeric_cols):
                return i
    return None


def _repeats(row: dict[int, RawCell], numeric_cols: set[int]) -> bool:
    """A header line naming some category twice over the numeric columns (F,F,M,M)."""
    upper = [row[c].raw.strip() for c in sorted(numeric_cols) if c in row and row[c].raw.strip()]
    return len(set(upper)) < len(upper)


def _names_line(row: dict[int, RawCell], numeric_cols: set[int]) -> bool:
    """Every cell over the numeric columns is a name (text), none a number or a marker."""
    return all(row[c].kind in ("text", "empty") for c in numeric_cols if c in row)


def _first_row_label(row: dict[int, RawCell], named: list[int],
                     below: list[dict[int, RawCell]]) -> bool:
    """Under column-level lines, ``All,,`` or ``Stage 1,,`` over ``Stage 2`` is a first data
    row whose every value was left blank (a category or a sibling of the labels below it),
    not the index's name: its blanks stay cells."""
    for c in named:
        labels = [r[c].raw.strip() for r in below if c in r]
        if is_category_word(row[c].raw) or _sibling_label(row[c].raw, labels) \
                or row[c].raw.strip() in labels:
            return True
    return False


def _column_level_lines(rows: list[list[RawCell]], by_col: list[dict[int, RawCell]],
                        cols: list[int], numeric_cols: set[int]) -> int:
    """How many lines under the first are further levels of a column header: text over every
    numeric column, nothing under the others (pandas' MultiIndex columns)."""
    count = 0
    for row in by_col[1:MAX_HEADER_ROWS]:
        if not all((cell := row.get(c)) is not None and cell.kind == "text" for c in numeric_cols):
            break
        if any(not _is_empty(row.get(c)) for c in cols if c not in numeric_cols):
            break
        count += 1
    return count


def _names_numeric_index(named: list[int], cols: list[int], numeric_cols: set[int],
                         first: dict[int, RawCell]) -> bool:
    """An index-name line over a numeric index: its names fill the leading columns, and at
    least two numeric columns to their right are headed on the first line (the categories)."""
    if sorted(named) != cols[:len(named)]:
        return False
    measures = [c for c in numeric_cols if c not in named]
    return len(measures) >= 2 and all(
        (cell := first.get(c)) is not None and cell.kind != "empty" for c in measures)


def _header_texts(
    rows: list[list[RawCell]], by_col: list[dict[int, RawCell]], header_idx: list[int],
    cols: list[int], numeric_cols: set[int], index_name_row: int | None,
) -> dict[int, str]:
    texts: dict[int, str] = {}
    levels = _header_levels(rows, by_col, header_idx, cols, index_name_row)
    for col in cols:
        parts = [lvl[col] for lvl in levels if lvl.get(col)]
        texts[col] = " / ".join(parts)
    return texts


def _header_levels(
    rows: list[list[RawCell]], by_col: list[dict[int, RawCell]], header_idx: list[int],
    cols: list[int], index_name_row: int | None,
) -> list[dict[int, str]]:
    """Header text per level; upper levels are filled rightwards (a spanning category), but
    not past the end of a span above them: under three column levels pandas writes a margin
    as ``All`` over two blanks, and the middle blank is no part of the span to its left. A
    line of flattened tuples (``to_markdown``'s ``('count', 'F')``) is as many levels as the
    lines pandas writes elsewhere (``sdc.readers.column_names.spread_levels``)."""
    levels: list[dict[int, str]] = []
    last = max(h for h in header_idx if h != index_name_row) if len(header_idx) > 1 else \
        header_idx[-1]
    for h in header_idx:
        if h == index_name_row:
            continue
        level: dict[int, str] = {}
        carry = ""
        for k, col in enumerate(cols):
            cell = by_col[h].get(col)
            text = cell.raw.strip() if cell is not None else ""
            if k and any(above.get(col) != above.get(cols[k - 1]) for above in levels):
                carry = ""  # a new span starts above: a sub-span does not cross into it
            if text:
                carry = text
            elif h != last and carry and col != cols[0]:
                text = carry
            level[col] = text
        levels.extend(spread_levels(level))
    return levels


def _label_name(text: str, index_name_row: int | None, by_col: list[dict[int, RawCell]],
                col: int, k: int) -> str:
    if index_name_row is not None:
        cell = by_col[index_name_row].get(col)
        if cell is not None and cell.raw.strip():
            return cell.raw.strip()
    # In a pandas layout, the header's first cell names the column levels, not the row labels.
    if index_name_row is None and text:
        return text.split(" / ")[-1]
    return "row" if k == 0 else f"row{k + 1}"


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        out.append(name)
    return out


def _fill_sparse_labels(data_by_col: list[dict[int, RawCell]], label_cols: list[int]) -> None:
    """Hierarchical tables leave repeated outer labels blank; carry them down. A blank is
    carried into only where every label to its left was blank as written too: a sparse index
    blanks a level only under a blank outer level (pandas' ``to_excel``, a hand-made
    hierarchy), so a blank under a written outer label is a label of its own (a missing key
    ``East,,young``, a margin ``All,,``: round 28), not the line above's, whose rows it would
    repeat or whose cells it would name. (``cell.kind != "empty"`` spelt out: a property call
    per label cell of a 100k-row file.)"""
    left_blank: list[bool] | None = None  # per row: every label left of ``col`` blank as read
    for col in label_cols[:-1]:
        carry: CellFacts | None = None
        carry_at = 0
        # what the cells say (code rows: no cell made); a place read only where one is set
        facts = column_facts(data_by_col, col)
        # a column with no blank cell carries nothing, nor does any column right of it: each
        # of its distinct objects asked once (a code's fact is shared by its cells), not each
        # cell (issue 14 §3)
        distinct = {id(cell): cell for cell in facts}
        if id(None) not in distinct and all(
                cell.value is not None or cell.marker or (cell.raw and not cell.raw.isspace())
                for cell in distinct.values() if cell is not None):
            return
        blank = [cell is None or not (cell.value is not None or cell.marker or (
            cell.raw and not cell.raw.isspace())) for cell in facts]
        runs: dict[int, list[int]] = {}  # the rows each written label would be carried into
        for at, (cell, empty) in enumerate(zip(facts, blank, strict=True)):
            if not empty:
                carry, carry_at = cell, at
            elif carry is not None and (left_blank is None or left_blank[at]):
                runs.setdefault(carry_at, []).append(at)
        for carry_at, rows in _carried_runs(data_by_col, label_cols, col, facts, blank, runs):
            carry = facts[carry_at]
            assert carry is not None
            for at in rows:
                here = carry_at if facts[at] is None else at
                data_by_col[at][col] = RawCell(row=data_by_col[here][col].row, col=col,
                                               raw=carry.raw, value=carry.value)
        left_blank = blank if left_blank is None else [
            a and b for a, b in zip(left_blank, blank, strict=True)]


def _carried_runs(data_by_col: list[dict[int, RawCell]], label_cols: list[int], col: int,
                  facts: Sequence[CellFacts | None], blank: list[bool],
                  runs: dict[int, list[int]]) -> Iterator[tuple[int, list[int]]]:
    """The runs of blanks in label column ``col`` that are carried down: each written label's,
    unless carrying it would repeat a row written under that label (the labels right of
    ``col`` all written and the same). pandas' ``to_csv`` writes every level of every row,
    so ``,a1`` after ``S,a1`` and ``S,a2`` is a missing outer key (``dropna=False``), not S
    again: read as S, the rows repeat and the table contradicts itself (SDC402 ``review``)
    where its hidden cells are recoverable through the ``All,,`` margin (round 33, hunt33).
    A sparse hierarchy never repeats a row, so its blanks are carried as before."""
    if not runs:
        return
    right = [column_facts(data_by_col, c) for c in label_cols if c > col]

    def written(at: int) -> tuple[str, ...] | None:
        labels = []
        for facts_of in right:
            cell = facts_of[at]
            if cell is None or not cell.raw or cell.raw.isspace():
                return None
            labels.append(cell.raw.strip())
        return tuple(labels)

    rows_of: dict[str, set[tuple[str, ...]]] = {}
    for at, (cell, empty) in enumerate(zip(facts, blank, strict=True)):
        if not empty and cell is not None and (suffix := written(at)) is not None:
            rows_of.setdefault(cell.raw.strip(), set()).add(suffix)
    for carry_at, rows in runs.items():
        carry = facts[carry_at]
        seen = rows_of.get(carry.raw.strip(), set()) if carry is not None else set()
        if not any((suffix := written(at)) is not None and suffix in seen for at in rows):
            yield carry_at, rows


ROW_LABELS_CHUNK = 4096  # rows whose labels are worked out together (bounds the lists made)


def _row_labels(data_by_col: list[dict[int, RawCell]], label_cols: list[int],
                dim_names: list[str], options: LayoutOptions
                ) -> Iterator[tuple[tuple[str, ...], set[str] | None]]:
    """Each data row's labels (its stripped label texts, in ``dim_names`` order) and the
    dimensions whose label names a total (None for none), worked out a column at a time and
    once per distinct label, ``ROW_LABELS_CHUNK`` rows at a time (the lists made never hold
    more: the reading's peak is while these are built). Maps of code rows are read from
    their codes as long as no map is set, even after the caller lets go of the maps it has
    read (``_build_long``'s ``release``: a changed list reads map by map, 5× slower)."""
    source = data_by_col.columns_from() if type(data_by_col) is CodeMaps else None
    for start in range(0, len(data_by_col), ROW_LABELS_CHUNK):
        stop = start + ROW_LABELS_CHUNK
        if source is not None and not cast(CodeMaps, data_by_col).any_set():
            code, at = source
            columns = [code.facts_map(col, at[start:stop], _stripped_raw, "")
                       for col in label_cols]
        else:
            chunk = data_by_col[start:stop]
            columns = [column_labels(chunk, col) for col in label_cols]
        rows: Iterable[tuple[str, ...]] = (zip(*columns, strict=True) if columns
                                           else itertools.repeat(
                                               (), min(stop, len(data_by_col)) - start))
        totals_of = [{label for label in set(column) if options.is_total(label)}
                     for column in columns]
        if not any(totals_of):
            for labels in rows:
                yield labels, None
            continue
        for labels in rows:
            totals = {name for name, label, total in zip(dim_names, labels, totals_of,
                                                         strict=True) if label in total}
            yield labels, totals or None


def _data_cell(row: dict[int, RawCell], col: int, data_row: list[RawCell],
               options: LayoutOptions, table: Table) -> RawCell:
    cell = row.get(col)
    if cell is None:
        line = data_row[0].row if data_row else 0
        cell = RawCell(row=line, col=col, raw="")
    kind = cell.kind
    if kind == "empty" and options.markers.empty_is_marker:
        cell.marker = ""
    elif kind == "text":
        table.unparsed.append(cell)
    return cell


class _Interned:
    """One frozenset object per distinct set of margin dimensions (a table has a handful), and
    one coordinates dict per distinct row of labels (and measure column), so a 100k-row table
    does not hold one per cell. Coordinates are never mutated once a cell holds them."""

    # rows of distinct labels only, this far: a table where no row repeats another's labels
    # (a long table of every combination) shares nothing, and the look-up's key per row
    # (3.7 MiB on a 1 MiB long table, at the reading's peak) is no longer kept; sharing or
    # not, the cells' coordinates are equal dicts
    NO_REPEAT_AFTER = 2048

    def __init__(self, *, columns: bool = False) -> None:
        # a long table's coordinates as rows of one ``LabelColumns`` (``coords_of``)
        self._columns = columns
        self._store: LabelColumns | None = None
        self._sets: dict[frozenset[str], frozenset[str]] = {}
        self._coords: dict[tuple, Mapping[str, str]] | None = {}
        self._asked = 0
        self._by_column: dict[tuple, dict[int, Mapping[str, str]]] | None = {}
        self._rows = 0
        # labels and the row's key (its line, see ``LabelColumns.add``) -> coordinates
        self._make: Callable[[tuple[str, ...], int | None], Mapping[str, str]] | None = None

    def frozenset(self, names: set[str]) -> frozenset[str]:
        key = frozenset(names)
        return self._sets.setdefault(key, key)

    def coords_of(self, names: list[str], labels: tuple[str, ...], key: int | None = None
                  ) -> Mapping[str, str]:
        """The ``Coords`` of ``labels`` under ``names`` (every call the same names), the one an
        earlier row made for the same labels."""
        make = self._make
        if make is None:
            at = positions(names)
            if self._columns and len(at) == len(names):
                self._store = LabelColumns(at)
                make = self._make = self._store.add
            else:
                made = maker(names)
                make = self._make = lambda labels, _key: made(labels)
        known = self._coords
        if known is None:
            return make(labels, key)
        self._asked += 1
        if self._asked > self.NO_REPEAT_AFTER and len(known) == self._asked - 1:
            self._coords = None  # every row so far had labels of its own
            return make(labels, key)
        found = known.get(labels)
        if found is None:
            found = known[labels] = make(labels, key)
        return found

    def coords_many(self, names: list[str], rows: list[tuple[str, ...]],
                    keys: Sequence[int | None]) -> list[Mapping[str, str]]:
        """``[self.coords_of(names, labels, key) for labels, key in zip(rows, keys)]``; once
        the look-up has stopped (no row repeated another's labels) a store's rows are added a
        dimension at a time (``LabelColumns.add_many``)."""
        if self._coords is None and self._store is not None:
            return list(self._store.add_many(rows, keys))
        return [self.coords_of(names, labels, key)
                for labels, key in zip(rows, keys, strict=True)]

    def freeze(self) -> None:
        """Every row's coordinates made (``LabelColumns.freeze``)."""
        if self._store is not None:
            self._store.freeze()

    def by_column(self, labels: tuple[str, ...]) -> dict[int, Mapping[str, str]]:
        """The coordinates of a wide row's cells by measure column, shared by the rows with
        the same labels (filled by the caller). As in :meth:`coords_of`, a table where no row
        repeats another's labels (a table with no label column: each row is its own line)
        stops remembering: a dict per row and its key were the reading's peak (~13 MiB on a
        bare 50,000-row table), and the cells' coordinates are equal either way."""
        known = self._by_column
        if known is None:
            return {}
        self._rows += 1
        if self._rows > self.NO_REPEAT_AFTER and len(known) == self._rows - 1:
            self._by_column = None  # every row so far had labels of its own
            return {}
        return known.setdefault(labels, {})


# data rows of a long table from which its coordinates are held as columns
# (``sdc.coords.LabelColumns``): below, a label tuple and a ``Coords`` per row, which read faster
COLUMNAR_FROM = 2_048


def _build_long(table: Table, header_text: dict[int, str], measure_cols: list[int],
                label_cols: list[int], data_rows: list[list[RawCell]],
                data_by_col: list[dict[int, RawCell]], options: LayoutOptions,
                dim_names: list[str], shares: dict[int, Role], share_scale: float,
                proven: dict[int, Role] | None = None, *, release: bool = False) -> None:
    """One measure per column: its role ``proven`` gives (a coefficient table the numbers
    prove, a range's ends: ``sdc.readers.layout_ranges``), else the share reading's, else what
    its header and values say. ``release``: each row's column map in ``data_by_col`` is
    replaced by an empty one once the row's cells are made (the caller holds no other
    reference): the maps and the table's cells were never needed at once, and together they
    were the reading's peak (a map per row: 35 MiB on a 100k-row file)."""
    measures = []
    names = [header_text.get(col, "") or f"value{k + 1}" for k, col in enumerate(measure_cols)]
    quarters = quarter_headers(names)
    # the shares' total (100 on every row, the others adding up to it) when headed as one:
    # the numbers prove it, the header says it is not a category of its own at 100%
    # (or, with no such shares, the total of shares each header names: ``Total (%)``)
    wholes = {col for col in (whole_columns(set(shares), data_by_col, share_scale) if shares
                              else named_percent_wholes(measure_cols, [
                                  role_from_text(header_text.get(c, "")) for c in measure_cols],
                                  data_by_col))
              if options.is_total(header_text.get(col, ""))}
    by_col: dict[int, list[RawCell | None]] = {}  # each measure's cells, a row's map's
    for name, col in zip(names, measure_cols, strict=True):
        by_col[col] = column_cells(data_by_col, col)
        cells = [c for c in by_col[col] if c is not None and c.value is not None]
        signed = percent_signs(cells)
        role = (proven or {}).get(col) or shares.get(col) or _role_of(
            "" if name in quarters else name, _values(cells), table.title, signed)
        if names.count(name) > 1:  # ``n,n``: each cell's line, links and label stay its own
            name = f"{name} (column {column_letters(col)})"
        per = share_scale if col in shares else (100.0 if signed and role is Role.PERCENT
                                                 else None)
        measures.append(Measure(name=name, role=role, col=col, per=per,
                                row_total=col in wholes))
    table.measures = measures
    table.layout = "long"
    repeated = [[column_letters(c) for n, c in zip(names, measure_cols, strict=True) if n == name]
                for name in dict.fromkeys(n for n in names if names.count(n) > 1)]
    for letters in repeated:  # no label in the text: it may leave the TRE (SARIF, JUnit)
        table.problems.append(f"columns {', '.join(letters)} have the same header: each is "
                              "checked on its own, but which is which a person must tell")
    shared = _Interned(columns=len(data_by_col) >= COLUMNAR_FROM)
    no_total = shared.frozenset(set())
    if len(data_rows) != len(data_by_col):
        raise ValueError("a data row without its column map")  # as zip(strict=True) said
    # a data row itself is read only where a measure cell is missing (code rows make it then)
    row_labels = _row_labels(data_by_col, label_cols, dim_names, options) if label_cols \
        or not dim_names else line_labels(_first_lines(data_rows), table.path, table.sheet)
    lines = table.data_rows if len(table.data_rows) == len(data_by_col) else None
    each = zip(data_by_col, row_labels, strict=True)
    at = 0
    # rows a chunk at a time: their coordinates made together (``coords_many``)
    while chunk := list(itertools.islice(each, BUILD_CHUNK)):
        keys = [None] * len(chunk) if lines is None else lines[at:at + len(chunk)]
        made = shared.coords_many(dim_names, [labels for _, (labels, _) in chunk], keys)
        # the row's cells share its coordinates (never mutated)
        at = _chunk_cells(table, measures, by_col, chunk, made, shared, no_total, at,
                          data_rows, options)
        if release:  # read no more (_row_labels has read its chunk's labels already)
            data_by_col[at - len(chunk):at] = [_RELEASED] * len(chunk)
        del chunk, made
    shared.freeze()


def _chunk_cells(table: Table, measures: list[Measure],
                 by_col: dict[int, list[RawCell | None]], chunk: list[Any],
                 made: list[Mapping[str, str]], shared: _Interned, no_total: frozenset[str],
                 at: int, data_rows: list[list[RawCell]], options: LayoutOptions) -> int:
    """``_build_long``'s cells of the rows of ``chunk`` (from data row ``at``): row by row,
    a measure after another, each on its row's coordinates and margins. A cell missing or
    without a value is read by ``_data_cell`` (in that order: it notes the cells that are
    text); the rest are the measure's column as read, the cells made a measure at a time
    by a ``map`` (a Python step a cell was ~5% of a 1 MiB long table's check, issue 14 §3).
    The row after the chunk's is returned."""
    stop = at + len(chunk)
    dims = [no_total if totals is None else shared.frozenset(totals)
            for _, (_, totals) in chunk]
    sources = [by_col[cast(int, measure.col)][at:stop] for measure in measures]
    if any(len(column) != len(chunk) for column in sources):
        raise ValueError("a measure column shorter than its rows")  # as its index said
    # (row in the chunk, measure) whose cell ``_data_cell`` reads, row by row
    asked = sorted((i, k) for k, column in enumerate(sources)
                   for i, source in enumerate(column) if source is None or source.value is None)
    for i, k in asked:
        column, col = sources[k], cast(int, measures[k].col)
        row = chunk[i][0]  # the data row only where the cell is missing (code rows make it)
        column[i] = _data_cell(row, col, data_rows[at + i] if column[i] is None else _NO_ROW,
                               options, table)
    # every cell there now (``_data_cell`` made the missing ones)
    made_each = [map(DataCell, itertools.repeat(measure), made, cast("list[RawCell]", column),
                     dims) for measure, column in zip(measures, sources, strict=True)]
    if len(made_each) == 1:
        table.cells.extend(made_each[0])
    else:
        table.cells.extend(itertools.chain.from_iterable(zip(*made_each, strict=True)))
    return stop


# data rows whose coordinates are made together (a divisor of ``ROW_LABELS_CHUNK``: a chunk of
# labels is read once the rows before it are let go, as row by row)
BUILD_CHUNK = 1024

_NO_ROW: list[RawCell] = []  # ``_data_cell``'s row where the cell is there (it is not read)
_RELEASED: dict[int, RawCell] = {}  # a data row's column map once nothing reads it


def _build_wide(table: Table, levels: list[dict[int, str]], measure_cols: list[int],
                label_cols: list[int], data_rows: list[list[RawCell]],
                data_by_col: list[dict[int, RawCell]], options: LayoutOptions,
                dim_names: list[str], *, pandas_style: bool) -> None:
    """A cross-tabulation: the header levels give the measure (when one level names
    statistics) and the column dimensions; each data cell is a row's labels crossed with its
    column's."""
    measure_level, dim_levels = _measure_level(levels, measure_cols)
    dim_levels, spanning_names = _spanning_names(dim_levels, measure_cols)
    col_dim_names = _column_dimension_names(dim_levels, spanning_names, label_cols, dim_names,
                                            pandas_style)
    col_measures, measures = _wide_measures(table, measure_level, measure_cols, data_by_col)
    table.layout = "wide"
    table.column_dimensions = col_dim_names
    table.dimensions = [*dim_names, *col_dim_names]
    col_coords = {col: {name: level.get(col, "")
                        for name, level in zip(col_dim_names, dim_levels, strict=True)}
                  for col in measure_cols}
    _wide_cells(table, col_coords, col_measures, label_cols, data_rows, data_by_col, options,
                dim_names)
    table.measures = measures


def _measure_level(levels: list[dict[int, str]], measure_cols: list[int]
                   ) -> tuple[dict[int, str] | None, list[dict[int, str]]]:
    """A header level whose every entry names a statistic ("count", "mean") is the measure
    level (the first such); the other levels with text over the measures are dimensions."""
    measure_level: dict[int, str] | None = None
    dim_levels: list[dict[int, str]] = []
    for level in levels:
        texts = {level.get(c, "") for c in measure_cols}
        if texts and all(t and role_from_text(t) is not Role.UNKNOWN for t in texts):
            measure_level = level if measure_level is None else measure_level
        elif any(level.get(c) for c in measure_cols):
            dim_levels.append(level)
    return measure_level, dim_levels


def _spanning_names(dim_levels: list[dict[int, str]], measure_cols: list[int]
                    ) -> tuple[list[dict[int, str]], dict[int, str]]:
    """A level with one text over every column ("Sex" spanning Female/Male) names the level
    under it rather than being a dimension of its own: the levels kept, and the names given
    to them by their position among the kept."""
    spanning_names: dict[int, str] = {}
    kept: list[dict[int, str]] = []
    for k, level in enumerate(dim_levels):
        texts = {level.get(c, "") for c in measure_cols}
        if k < len(dim_levels) - 1 and len(texts) == 1 and "" not in texts:
            spanning_names[len(kept)] = texts.pop()
        else:
            kept.append(level)
    return kept, spanning_names


def _column_dimension_names(dim_levels: list[dict[int, str]], spanning_names: dict[int, str],
                            label_cols: list[int], dim_names: list[str],
                            pandas_style: bool) -> list[str]:
    """Each column level's name: the spanning text above it, or (pandas) the header's first
    cell on its line, else ``columns``/``columnsN``; distinct from the row dimensions."""
    first_label = label_cols[0] if label_cols else None
    col_dim_names = []
    for k, level in enumerate(dim_levels):
        name = spanning_names.get(k, "")
        # pandas writes each column level's name in the header's first cell
        if not name and pandas_style and first_label is not None and level.get(first_label):
            name = level[first_label]
        col_dim_names.append(name or ("columns" if len(dim_levels) == 1 else f"columns{k + 1}"))
    return _unique_names([*dim_names, *col_dim_names])[len(dim_names):]


def _wide_measures(table: Table, measure_level: dict[int, str] | None, measure_cols: list[int],
                   data_by_col: list[dict[int, RawCell]]
                   ) -> tuple[dict[int, Measure], list[Measure]]:
    """The measure of each column (one per statistic the measure level names, or one for the
    whole table), made in column order; and the measures in that order."""
    measures: dict[str, Measure] = {}
    title_text = " ".join(table.title)

    def measure_for(col: int) -> Measure:
        name = measure_level.get(col, "") if measure_level is not None else "value"
        if name not in measures:
            cells = [c for r in data_by_col
                     for mc in measure_cols
                     if (measure_level is None or measure_level.get(mc, "") == name)
                     and (c := r.get(mc)) is not None and c.value is not None]
            role = role_from_text(name) if measure_level is not None else Role.UNKNOWN
            signed = percent_signs(cells)
            if role is Role.UNKNOWN:
                role = _role_of("", _values(cells), table.title, signed)
            measures[name] = Measure(name=name if measure_level is not None else
                                     _measure_name(role, title_text), role=role,
                                     per=100.0 if signed and role is Role.PERCENT else None)
        return measures[name]

    col_measures = {col: measure_for(col) for col in measure_cols}
    return col_measures, list(measures.values())


def _wide_cells(table: Table, col_coords: dict[int, dict[str, str]],
                col_measures: dict[int, Measure], label_cols: list[int],
                data_rows: list[list[RawCell]], data_by_col: list[dict[int, RawCell]],
                options: LayoutOptions, dim_names: list[str]) -> None:
    """One cell per data row and measure column (``col_coords``: each column's labels, the
    same on every row, so its margins are worked out once per column)."""
    col_totals = {col: {name for name, label in coords.items() if options.is_total(label)}
                  for col, coords in col_coords.items()}
    shared = _Interned()
    col_margins = {col: shared.frozenset(totals) for col, totals in col_totals.items()}
    col_names = next(iter(col_coords.values()), {})
    make = wide_maker(dim_names, list(col_names))  # the row's labels, then the column's
    col_labels = {col: tuple(coords.values()) for col, coords in col_coords.items()}
    cells = table.cells
    row_labels = _row_labels(data_by_col, label_cols, dim_names, options) if label_cols \
        or not dim_names else line_labels(_first_lines(data_rows), table.path, table.sheet)
    for data_row, row, (labels, found) in zip(data_rows, data_by_col, row_labels, strict=True):
        totals = found or set()
        by_column = shared.by_column(labels)
        for col, measure in col_measures.items():
            cell_coords = by_column.get(col)
            if cell_coords is None:
                cell_coords = by_column[col] = make(labels, col_labels[col])
            source = row.get(col)
            if source is None or source.value is None:  # a number needs nothing more
                source = _data_cell(row, col, data_row, options, table)
            cells.append(DataCell(measure=measure, coords=cell_coords, source=source,
                                  total_dims=shared.frozenset(totals | col_totals[col])
                                  if totals else col_margins[col]))


def _measure_name(role: Role, title: str) -> str:
    return "count" if role is Role.COUNT else (title or "value")


def _values(cells: list[RawCell]) -> list[float]:
    return [c.value for c in cells if c.value is not None]


def percent_signs(cells: list[RawCell]) -> bool:
    """Every number of a column printed with a percent sign (``45%``): percentages, whatever
    the header says (``Died``), so their counts are recovered from a base (SDC101/SDC103)
    instead of 45 being read as a safe count."""
    return bool(cells) and all(c.raw.strip().endswith("%") for c in cells)


_NOT_A_SHARE = {"rate", "ratio", "change", "increase", "decrease", "difference", "growth"}


def _whole_above_100(name: str, values: list[float]) -> bool:
    """Whole numbers, one above 100, under a header naming a percentage but no rate, ratio or
    change (``per 1,000``, ``% change`` may exceed 100): not a share of anything."""
    if not values or not all(v >= 0 and is_integer(v) for v in values) or max(values) <= 100:
        return False
    found = set(words(name))
    return not found & _NOT_A_SHARE and not re.search(r"(?<![a-z])per[\s_]*\d", name.lower())


_QUARTER = re.compile(
    r"^\s*(?:(?:19|20)\d\d\s*[-/ ]?\s*)?q([1-4])(?:\s*[-/ ]?\s*(?:19|20)\d\d)?\s*$", re.I)


def quarter_headers(names: list[str]) -> set[str]:
    """Column names that are a year's quarters (``Q1`` .. ``Q4``, ``2021 Q3``), not quartiles:
    so read when a ``Q4`` is among them (no table of quartiles prints a fourth, the maximum).
    ``Q1``/``Q3`` alone stay quartiles; their units must then be published (SDC303)."""
    found = {n: m for n in names if (m := _QUARTER.match(n))}
    return set(found) if any(m.group(1) == "4" for m in found.values()) else set()


def _role_of(name: str, values: list[float], title: list[str], signed: bool = False) -> Role:
    """Role from the header (percent signs on every value overrule a count's header), else
    from percent signs on the values, else from the title, else from the values themselves."""
    role = role_from_text(name) if name else Role.UNKNOWN
    if role is Role.UNKNOWN and _bare_concentration(name, values):
        role = Role.STATISTIC  # ``CR3`` over 0.97: a concentration ratio
    if signed and role in (Role.UNKNOWN, Role.COUNT):
        # a count is never printed with a percent sign: ``12%`` under ``Deaths`` or under
        # gtsummary's ``Drug A, N = 50`` is a share (of that printed base, if any), not 12
        return Role.PERCENT
    if role is Role.MODEL and values and all(v >= 0 and is_integer(v) for v in values):
        # ``or``/``lower``/``upper``/``estimate`` over whole numbers: coefficients and intervals
        # are rarely all whole, counts always are. Read it as counts (the stricter reading).
        role = Role.COUNT
    if role is Role.PERCENT and _whole_above_100(name, values):
        role = Role.COUNT  # ``%`` over 397, 1, 433: no share of 100; whole numbers are counts
    if role is Role.UNKNOWN and title:
        role = role_from_text(" ".join(title))
    if role is Role.UNKNOWN and values and all(v >= 0 and is_integer(v) for v in values):
        role = Role.COUNT
    return role
