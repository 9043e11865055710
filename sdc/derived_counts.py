"""Counts a table publishes without printing them as counts.

A percentage beside its n, a rate beside its population, ``12 (3.4%)`` strings, percentages
whose base is printed as ``(n=200)`` or in a total row, and cumulative counts (whose steps are
counts) all let a reader work out how many units are in a group. Those implied counts are
checked like published ones (SDC101 small, SDC102 zero, SDC103 group disclosure), at the cell
that gives them away.

How each reading is chosen (see docs/decisions.md):

* A percentage column that is one count column's share of a line (``n_i / N`` with one N per
  line, within the rounding of the printed percentages) adds nothing: its count is published
  and checked already. A percentage whose count is suppressed is recovered through the same N.
* Otherwise a percentage beside a count (or a rate beside a population) is a part of that
  count: ``p × n / 100`` units have the attribute and the rest do not (a two-way split).
* A percentage with no recoverable base is still a group disclosure at 0% and 100%; the units
  behind it stay unknown and SDC303 reviews it (never a pass).
* Percentages are rounded when printed, so the implied count is the nearest whole number to
  ``p × n / 100``; a coarse percentage of a large group can hide a small count, which the
  midpoint reading accepts (the percentage itself then protects it).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import Any

from sdc.category_levels import ANSWERS, categories_of_one_variable
from sdc.cell_roles import effective_role
from sdc.coords import distinct_labels, distinct_labels_by_dim
from sdc.printed_precision import half_unit_or, share_half_unit
from sdc.readers.layout_header import MARGIN_LABEL
from sdc.readers.roles import complementary, names_people_at_risk, role_from_text, words
from sdc.table import DataCell, LabelsKey, Measure, RawCell, Role, Table
from sdc.tolerance import FLOAT_SLACK, float_slack

# "12 (3.4%)", "1,234 (56.7 %)", "12 [3.4%]"; "3.4% (12)", "3.4% (n=12)"; "12/340 (3.5%)"
_ABSENT: Any = object()  # a label a cell does not hold (``labels_along``'s default)
_INT = r"(\d{1,3}(?:,\d{3})+|\d+)"
_PCT = r"(\d+(?:\.\d+)?)"
_N_PCT = re.compile(rf"^{_INT}\s*(?:/\s*{_INT}\s*)?[(\[]\s*{_PCT}\s*(%?)\s*[)\]]$")
_CLOSING = (")", "]")  # how every text _N_PCT or _PCT_N matches ends (after strip)
_PCT_N = re.compile(rf"^{_PCT}\s*%\s*[(\[]\s*(?:n\s*=\s*)?{_INT}\s*[)\]]$", re.I)
_BASE = re.compile(r"(?<![a-z])(?:n|base|denominator)\s*[=:]\s*(\d{1,3}(?:,\d{3})+|\d+)(?!\d)",
                   re.I)
# SAS's PROC FREQ footnote under a table (``Frequency Missing = 14``, the units with no
# value of its variable): a count of units, checked as a printed base is (the whole line only)
_FREQUENCY_MISSING = re.compile(r"\s*frequency\s+missing\s*=\s*(\d{1,3}(?:,\d{3})+|\d+)\s*",
                                re.I)
# a title's "% of 120 deaths", "percentage of all 1,234 patients": the base of its percentages
_PERCENT_OF = re.compile(r"(?:%|percent(?:age)?s?|pct)\s+of\s+(?:all\s+|the\s+)?"
                         r"(\d{1,3}(?:,\d{3})+|\d+)\s+[a-z]", re.I)
# "per 1,000", "per_100000" (a column name), "per100k"; not inside a word ("upper 95")
_PER = re.compile(r"(?<![a-z])per[\s_]*((?:\d[\d,\s]*\d)|\d)[\s_]*(k|thousand|million|m)?"
                  r"(?![a-z0-9])", re.I)
# SAS's ``CumFrequency``: ``Cum`` before a capital (not ``cumbersome``)
# ``cumsum`` (round 53): pandas' and R's name for it, kept as a column's name
_CUMULATIVE = re.compile(r"cumulative|\bcum\b|(^|_)cum(_|$)|^(?-i:[Cc]um[A-Z])|cum_?sum|"
                         r"running[ _]total|to[ _]date|\bytd\b", re.I)
_DENOMINATOR_WORDS = {"population", "pop", "denominator", "total", "base", "risk",
                      "registered", "eligible", "list", "cohort", "size", "persons", "people",
                      "patients", "person", "years", "pyears", "py"}
_RATE_WORDS = {"rate", "rates", "incidence", "prevalence", "ratio"}
_GENERIC_COUNT_NAMES = {"n", "count", "number", "freq", "frequency", "no", "num"}
# Not a part of the count beside it: a change, or a cumulative proportion (survival curves are
# read step by step by the chart rules, not as p × n).
_CHANGE = re.compile(r"chang|diff|increase|decrease|growth|\bvs\b|relative|excess|"
                     r"cumulative", re.I)
# A survival proportion is a curve's step, not a share of the count beside it, only along
# time (``time, n.risk, survival``); by region beside its patients (``Survived %`` 90 of 30)
# it is the share that survived, and the 3 who died are a count (hunt round 19).
_SURVIVAL_SHARE = re.compile(r"surviv|kaplan|\bkm\b", re.I)
_TIME_WORDS = {"time", "t", "day", "days", "week", "weeks", "month", "months", "year", "years",
               "follow", "followup", "interval", "period", "date", "tstart", "tstop", "start",
               "stop", "age", "yr", "yrs", "qtr", "quarter", "quarters", "mth", "wk", "fy"}
_PERSON_TIME = re.compile(r"person[ _-]?(years|time|days|months)|\bpy\b|pyears", re.I)


@dataclass(frozen=True)
class ImpliedCount:
    """A count the table gives away at ``cell``.

    ``count`` is None when only the share is known (a 0% or 100% cell with no base). ``base``
    is the group the count is part of, when known; ``split`` says the group is divided in two
    (has the attribute / has not), so 0% discloses the whole group as well as 100% does.
    """

    cell: DataCell | RawCell
    count: float | None
    base: float | None
    share: float | None
    split: bool
    how: str  # with values: for the in-TRE message
    public: str  # without values
    # a reading among others (a percentage beside several count columns, of one the table
    # does not name as its base): SDC101 checks it, capped at review; zero and group rules not
    alternative: bool = False
    # the count itself is printed in the table (a share's published numerator): only what it
    # says of its group is new (SDC103); SDC101 and SDC102 check the printed count already
    printed: bool = False


def implied_counts(table: Table) -> list[ImpliedCount]:
    """Every count ``table`` implies beyond the counts it prints (cached on the table)."""
    cached = table.__dict__.get("_sdc_implied_counts")
    if cached is None:
        strings = _n_percent_strings(table)
        cached = [*strings, *(_hidden_n_percent(table) if strings else ()),
                  *_percent_measures(table), *_percent_rows(table),
                  *_signed_percentages(table), *_signed_under_a_count(table),
                  *_unmarked_percentages(table), *_whole_row_shares(table),
                  *_shares_of_a_base_line(table), *_cumulative(table), *_printed_bases(table),
                  *_unpublished_remainders(table), *_title_base_remainders(table),
                  *_counts_from_sum_and_mean(table),
                  *_counts_of_a_binary_mean(table), *_percent_changes(table),
                  *_count_changes(table),
                  *_nested_complements(table), *_nested_header_levels(table),
                  *_rows_less_a_part(table),
                  *_rows_of_whom(table), *_nested_rows(table),
                  *_distinct_union_parts(table)]
        table.__dict__["_sdc_implied_counts"] = cached
    return cached


def percent_base(table: Table, cell: DataCell) -> float | None:
    """The number of units a percentage rests on, when the table gives it away."""
    implied_counts(table)
    return table.__dict__.get("_sdc_percent_bases", {}).get(id(cell))


def rate_scale_unknown(table: Table, cell: DataCell) -> bool:
    """A rate whose scale no word gives (``crude rate`` beside its population): the count of
    events it rests on cannot be worked out, so the population beside it is not its units."""
    name = cell.measure.name  # a survival rate along time is a curve's step (_a_curve_step)
    if cell.measure.role is not Role.PERCENT or _CHANGE.search(name) \
            or _a_curve_step(table, name) or not set(words(name)) & _RATE_WORDS:
        return False  # a share the layout found adding up to 100 is a percentage
    cached = table.__dict__.setdefault("_sdc_unscaled_rates", {})
    key = id(cell.measure)
    if key not in cached:
        cells = [c for c in table.cells if c.measure is cell.measure]
        cached[key] = _scale(cell.measure.name, table, cells) is None
    return bool(cached[key])


# --- "12 (3.4%)" -----------------------------------------------------------------------------

def percent_rows(table: Table) -> set[int]:
    """Rows whose label says their cells are ``n (%)`` (R's tableone prints ``sex = Male
    (%)`` and ``region (%)`` over its levels, set in by spaces: ``   East``), so ``98 (24.5)``
    there is a count and its percentage. A level inherits its variable's label."""
    rows: set[int] = set()
    variable_says = False
    for row in table.grid:
        first = _first_filled(row)
        if first is None or first.col != 1:
            variable_says = False
            continue
        if first.raw[:1].isspace():  # a level under its variable's label (``   1`` too)
            if variable_says:
                rows.add(first.row)
            continue
        if first.kind != "text":
            variable_says = False
            continue
        variable_says = "(%)" in first.raw
        if variable_says:
            rows.add(first.row)
    return rows


def _n_percent_strings(table: Table) -> list[ImpliedCount]:
    # every line, not only the data rows: a first data row taken for the header (or a
    # header taken for a title) must not hide its counts
    percent_context = "%" in " ".join([*table.title, *table.column_headers.values()])
    said: set[int] | None = None  # worked out for the first bracketed cell without
    found: list[ImpliedCount] = []
    if not _code_grid_holds(table, _may_be_n_percent, text_only=True):
        return found
    for row in table.grid:
        for cell in row:
            # both grammars end in a bracket: the screen spares the regexes on the other
            # texts (dates and codes of a row-level file are distinct and miss the cache)
            raw = cell.raw
            if not _may_be_n_percent(raw) or cell.kind != "text":
                continue  # (a bracket anywhere first: a cheaper test, true of every such end)
            context = percent_context or "%" in table.column_headers.get(cell.col, "")
            if not context:
                said = percent_rows(table) if said is None else said
                context = cell.row in said
            parsed = parse_n_percent(cell.raw, context)
            if parsed is None:
                continue
            count, base, pct = parsed
            header = table.column_headers.get(cell.col, "")
            if pct >= 100 and (_margin_row(row) or MARGIN_LABEL.match(header.strip())
                               or _total_line(header)  # ``Total n (%)`` too
                               or _sample_line(row)):
                base = None  # a margin's 100%: the whole of its own line, by construction
            found.append(ImpliedCount(
                cell=cell, count=count, base=base, share=pct / 100 if base is not None
                else None, split=False,
                how=f"'{cell.raw.strip()}' publishes the count {_fmt(count)}"
                    + (f" of {_fmt(base)}" if base is not None else ""),
                public="an 'n (%)' cell publishes a count"))
    if found:
        found.extend(_n_line(table))
    return found


def _may_be_n_percent(raw: str) -> bool:
    """The screen of ``_n_percent_strings``: both grammars end in a bracket."""
    return (")" in raw or "]" in raw) and raw.rstrip().endswith(_CLOSING)


def _code_grid_holds(table: Table, may: Callable[[str], bool], text_only: bool = False
                     ) -> bool:
    """Whether a pass that screens each cell's text with ``may`` (and, ``text_only``, reads
    only the cells of kind ``text``) can find anything: False only for a grid still read as
    the parser's codes none of whose distinct meanings passes the screen, so the pass need
    not turn the grid into rows (``Grid.code_rows``) to find nothing. Any other grid is read
    cell by cell, as before."""
    code = table.grid.code_rows()
    if code is None:
        return True
    return any(may(m[0]) and not (text_only and (m[1] is not None or m[2]))
               for m in code.packed.meanings if m is not None)


def _may_hold_a_base(raw: str) -> bool:
    """The screen of ``_printed_bases`` (``printed_base_numbers``)."""
    return "=" in raw or ":" in raw


def _first_filled(row: list[RawCell]) -> RawCell | None:
    return next((c for c in row if c.raw and not c.raw.isspace()), None)


def _margin_row(row: list[RawCell]) -> bool:
    """A line labelled as a margin (``Total``: janitor's ``adorn_totals()``), whose ``100.0%
    (207)`` is the whole of its own line, no group disclosure."""
    first = _first_filled(row)
    return first is not None and bool(MARGIN_LABEL.match(first.raw.strip()))


def _sample_line(row: list[RawCell]) -> bool:
    """Stata ``dtable``'s first line without ``by()``: ``N`` over one ``74 (100.0%)``, the
    whole sample as 100% of itself (its count is still checked). With groups beside it, a
    group's 100% says the others are empty and stays a share."""
    first = _first_filled(row)
    return (first is not None and first.raw.strip() in ("n", "N")
            and sum(1 for cell in row if _may_be_n_percent(cell.raw)) == 1)


N_LINE = "the line 'n' of a table of 'n (%)' cells publishes a count"


def _n_line(table: Table) -> list[ImpliedCount]:
    """The ``n`` line of a table of ``n (%)`` strings (tableone's first line: each column's
    number of units): its whole numbers are counts, checked as such."""
    found: list[ImpliedCount] = []
    for row in table.grid:
        first = _first_filled(row)
        if first is None or first.col != 1 or first.raw.strip() not in ("n", "N"):
            continue
        for cell in row:
            if (cell.col > 1 and cell.value is not None and float(cell.value).is_integer()
                    and cell.value >= 0):
                found.append(ImpliedCount(
                    cell=cell, count=cell.value, base=None, share=None, split=False,
                    how=f"the line 'n' publishes the count {_fmt(cell.value)}",
                    public=N_LINE))
    return found


_Block = list[tuple[RawCell, tuple[float, float | None, float] | None]]
_TOTAL_WORDS = {"total", "totals", "all", "overall"}


def _hidden_n_percent(table: Table) -> list[ImpliedCount]:
    """Cells hidden among ``n (%)`` strings (a "Table 1": ``120 (60%)``, ``[c]``, ``77 (39%)``
    under ``N = 200``): a block of rows, one variable's categories, shares its column's base,
    so the hidden cells hold the base minus the published counts between them. A blank cell
    (a variable's own row) ends a block.

    Percentages of each row (``[c], 12 (75.0%), 16 (100%)`` across a row) make the rows the
    blocks: the percentages say which. A block whose counts and percentages give bases that
    cannot be one number (``40 (47.1%)`` above ``50 (48.1%)``: 85 and 104) is not shares of
    one base; columns are read unless their blocks disagree so and the rows' agree. The
    cell of a block on a total line (``16 (100%)`` under ``Total``) is the block's base.
    A base above the block's published counts with no cell hidden leaves a category the
    table does not show (missing, unknown): a count all the same, at the base's cell (as
    ``_unpublished_remainders`` reads a total of plain counts)."""
    columns = _blocks(table, along_rows=False)
    rows = _blocks(table, along_rows=True)
    if _one_base_each(columns):
        chosen = columns
    elif _one_base_each(rows):
        chosen = rows
    else:
        return []
    found: list[ImpliedCount] = []
    rests: list[ImpliedCount] = []
    for block, printed, at in chosen:
        found.extend(_hidden_in_block(block, printed))
        if at is not None and printed is not None:
            rests.extend(_rest_of_block(block, printed, at))
    counts = [parsed[0] for block, _, _ in chosen for _, parsed in block if parsed is not None]
    if rests and not all(c % 5 == 0 for c in counts):  # rounded: the rest may be rounding
        first = {id(r.cell): r for r in reversed(rests)}  # one rest a base cell: the first
        found.extend(r for r in rests if first[id(r.cell)] is r)
    return found


def _rest_of_block(block: _Block, base: float, at: RawCell) -> list[ImpliedCount]:
    if any(parsed is None for _, parsed in block):
        return []  # a hidden cell: _hidden_in_block's
    known = [parsed for _, parsed in block if parsed is not None]
    if sum(pct for _, _, pct in known) > 100.5 + 0.5 * len(known):
        return []  # not one variable's categories
    rest = base - sum(count for count, _, _ in known)
    if rest <= 0:
        return []
    return [ImpliedCount(
        cell=at, count=float(rest), base=base, share=None, split=False,
        how=f"the base {_fmt(base)} is {_fmt(rest)} more than the published counts of its "
            f"block ({_fmt(base - rest)}): a category not shown",
        public="a base above the sum of the published 'n (%)' counts of its block")]


def _blocks(table: Table, along_rows: bool
            ) -> list[tuple[_Block, float | None, RawCell | None]]:
    """The runs of ``n (%)`` strings and markers down each column (across each row), with
    the base printed over the column and its cell; a total line's own string taken out as
    the base."""
    lines: dict[int, list[RawCell]] = defaultdict(list)
    for row in table.grid:
        for raw in row:
            lines[raw.row if along_rows else raw.col].append(raw)
    row_labels = {row[0].row: row[0].raw for row in table.grid if row}  # the line's label
    blocks: list[tuple[_Block, float | None, RawCell | None]] = []
    header_rows = set(table.header_rows)
    for key, cells in lines.items():
        header = "" if along_rows else table.column_headers.get(key, "")
        percent_context = "%" in " ".join([*table.title, *(
            table.column_headers.values() if along_rows else [header])])
        printed = None if along_rows else _base_in(header)
        printed_at = None if printed is None else next(
            (c for c in cells if c.row in header_rows and _base_in(c.raw) == printed), None)
        block: _Block = []
        total: float | None = None
        total_at: RawCell | None = None
        for cell in [*sorted(cells, key=lambda c: c.col if along_rows else c.row), None]:
            parsed = None if cell is None or cell.kind != "text" else parse_n_percent(
                cell.raw, percent_context)
            if cell is not None and parsed is not None and parsed[2] >= 99.5 and _total_line(
                    table.column_headers.get(cell.col, "") if along_rows
                    else row_labels.get(cell.row, "")):
                total, total_at = parsed[0], cell  # ``Total, 16 (100%)``: the base, no part
                continue
            if cell is not None and (parsed is not None or (cell.marker is not None
                                                            and cell.raw.strip())):
                block.append((cell, parsed))
                continue
            if block:
                blocks.append((block, printed, printed_at) if printed is not None
                              else (block, total, total_at))
            block, total, total_at = [], None, None
    return blocks


def _total_line(label: str) -> bool:
    found = words(label)
    return bool(found) and found[0] in _TOTAL_WORDS and len(found) <= 3


def _one_base_each(blocks: list[tuple[_Block, float | None, RawCell | None]]) -> bool:
    """Every block's percentages may be shares of one base (printed to 0.5 points at worst:
    the bases their counts give overlap)."""
    for block, _, _ in blocks:
        lo, hi = 0.0, float("inf")
        for _, parsed in block:
            if parsed is None or parsed[2] <= 0:
                continue
            count, _, pct = parsed
            lo = max(lo, count * 100 / (pct + 0.5))
            if pct > 0.5:
                hi = min(hi, count * 100 / (pct - 0.5))
        if lo > hi + FLOAT_SLACK:
            return False
    return True


def _hidden_in_block(block: _Block, printed: float | None) -> list[ImpliedCount]:
    hidden = [c for c, parsed in block if parsed is None]
    known = [parsed for _, parsed in block if parsed is not None]
    if not hidden or not known:
        return []
    shares = sum(pct for _, _, pct in known)
    if shares > 100.5 + 0.5 * len(known):
        return []  # not one variable's categories (several answers allowed)
    bases = {b for _, b, _ in known if b is not None}
    base = printed
    if base is None and bases:
        estimates = [count * 100 / pct for count, _, pct in known if pct > 0]
        base = round(sum(estimates) / len(estimates)) if estimates else None
    if base is None:
        return []
    left = base - sum(count for count, _, _ in known)
    if left < 0:
        return []
    between = "" if len(hidden) == 1 else f" between the {len(hidden)} hidden cells"
    return [ImpliedCount(
        cell=cell, count=float(left), base=base, share=None, split=False,
        how=f"the base {_fmt(base)} minus the published counts of its block "
            f"({_fmt(base - left)}) leaves {_fmt(left)}{between}",
        public="a hidden cell among 'n (%)' strings is their base minus the published counts")
        for cell in hidden]


@lru_cache(maxsize=4096)
def parse_n_percent(text: str, percent_context: bool = False
                    ) -> tuple[float, float | None, float] | None:
    """(count, base or None, percentage) from ``12 (3.4%)``-style text, or None.

    Without a ``%`` in the cell, its column header or the title, ``45 (12.1)`` may be a mean
    and its sd: not read as a count."""
    s = text.strip()
    m = _N_PCT.match(s)
    if m is not None:
        if not (m[4] or percent_context):
            return None
        count, pct = _int(m[1]), float(m[3])
        base = _int(m[2]) if m[2] else (round(count * 100 / pct) if pct > 0 else None)
        return count, base, pct
    m = _PCT_N.match(s)
    if m is not None:
        pct, count = float(m[1]), _int(m[2])
        return count, (round(count * 100 / pct) if pct > 0 else None), pct
    return None


# --- percentage and rate measures ------------------------------------------------------------

def _percent_measures(table: Table) -> list[ImpliedCount]:
    found: list[ImpliedCount] = []
    bases: dict[int, float] = {}
    table.__dict__["_sdc_percent_bases"] = bases
    if not any(m.role is Role.PERCENT for m in table.measures):
        return found
    counts_at: dict[tuple, list[DataCell]] = defaultdict(list)
    for cell in table.cells:
        if effective_role(table, cell) is Role.COUNT:
            counts_at[_coords_key(cell)].append(cell)
    for measure in {id(c.measure): c.measure for c in table.cells
                    if c.measure.role is Role.PERCENT and not c.measure.row_total}.values():
        cells = [c for c in table.cells if c.measure is measure
                 and effective_role(table, c) is Role.PERCENT]
        found.extend(_parts_of_a_share(table, measure.name, cells, counts_at, bases))
    return found


def _parts_of_a_share(table: Table, name: str, cells: list[DataCell],
                      counts_at: dict[tuple, list[DataCell]], bases: dict[int, float]
                      ) -> list[ImpliedCount]:
    """The counts one percentage measure (a column, or a row read as one) gives away."""
    scale = _scale(name, table, cells)
    if (_CHANGE.search(name) and not _relative_share(name, cells, counts_at, scale)) \
            or _a_curve_step(table, name):
        return []  # a percentage change is not a part of anything
    if scale is not None and any(c.value is not None and not 0 <= c.value <= scale * 1.0001
                                 for c in cells):
        return []  # values outside 0..100%: not a share or a part (a change, an index)
    return _one_percent_measure(table, cells, scale, counts_at, bases)


_RELATIVE = re.compile(r"relative", re.I)


def _relative_share(name: str, cells: list[DataCell], counts_at: dict[tuple, list[DataCell]],
                    scale: float | None) -> bool:
    """A percentage named ``relative ...`` that works as a plain share of the count beside
    it: on every row, within its printed rounding, a whole number of that count (``Relative
    vaccinated %`` 90.0 of 30 is 27). A relative survival or risk (observed over expected)
    seldom lands on whole units (94.7% of 30 is 28.41), so it stays a ratio; a header cannot
    exempt a share from being read as one, only numbers that are no share can. No other
    change word (``relative change``) and values within 0..scale."""
    if scale is None or _CHANGE.search(_RELATIVE.sub("", name)):
        return False
    checked = 0
    for pct in cells:
        value = pct.value
        if value is None or pct.is_margin:
            continue
        if not 0 <= value <= scale * 1.0001:
            return False
        counts = [c.value for c in counts_at.get(_coords_key(pct), [])
                  if c.value is not None and c.value > 0]
        if not counts:
            continue
        if not any(abs(part - round(part)) <= _tolerance(pct) * n / scale
                   for n in counts for part in [value * n / scale]):
            return False
        checked += 1
    return checked > 0


_ROW_MEASURE = "\0measure"  # the cell's own measure, kept in a row-read cell's coordinates


_SHARE_HINT = re.compile(r"%|perc|pct|prop|rate|share|preval|incid|ratio", re.I)


_COUNT_AND_SHARE_LABEL = re.compile(r"\bn\s*[(\[]\s*%\s*[)\]]", re.IGNORECASE)


@lru_cache(maxsize=65_536)  # labels repeat on every line of a large table
def _names_a_share(label: str) -> bool:
    """A label naming a percentage, rate or share (``Vaccinated %``, ``Death rate``)."""
    return bool(_SHARE_HINT.search(label)) and role_from_text(label) is Role.PERCENT


def _percent_rows(table: Table) -> list[ImpliedCount]:
    """Percentages in a row of a transposed table (``,North,South`` over ``Patients,30,30``
    and ``Vaccinated %,60.0,90.0``): the reader sees one measure of counts, yet the labels of
    one dimension name the measures. Each line of that dimension is read as a measure (the
    others' coordinates as its row) and the percentage lines are paired with the count lines
    as percentage columns are with count columns (90% of 30 leaves 3). A percentage read
    this way is also still checked as the count it was read as (the stricter of the two)."""
    found: list[ImpliedCount] = []
    read_signed: set[int] = set()
    table.__dict__["_sdc_row_read_signed"] = read_signed
    cells = table.cells
    if len(table.dimensions) < 2:
        return found  # a single dimension's labels are the rows of one measure's column
    labels = distinct_labels_by_dim([c.coords for c in cells], table.dimensions, _ABSENT)
    for dim in table.dimensions:
        names = labels[dim] - {_ABSENT}
        # a label that is itself an ``n (%)`` text (``94 (45.9%)`` read as a label column) is
        # a count and its share in one, read by the n (%) pass; read here as a share line, its
        # count was taken for a percentage (94 -> 94%)
        shares = {label for label in names
                  if _names_a_share(label) and parse_n_percent(label, True) is None}
        signed = _signed_lines(table, dim, names) - shares  # hunt round 20: ``60%`` says it
        shares |= signed
        if not shares or len(names) < 2:
            continue
        measures = {label: Measure(name=label, role=Role.PERCENT if label in shares
                                   else Role.COUNT) for label in names}
        original: dict[int, DataCell] = {}
        counts_at: dict[tuple, list[DataCell]] = defaultdict(list)
        by_share: dict[str, list[DataCell]] = defaultdict(list)
        for cell in cells:
            label = cell.coords.get(dim)
            if label is None or dim in cell.total_dims:
                continue
            role = _row_read_role(table, cell, label, label in shares)
            if role is None:
                continue
            coords = {d: v for d, v in cell.coords.items() if d != dim}
            coords[_ROW_MEASURE] = cell.measure.name
            read = DataCell(measure=measures[label], coords=coords, source=cell.source,
                            total_dims=cell.total_dims, evidence=cell.evidence)
            original[id(read)] = cell
            if label in shares:
                by_share[label].append(read)
            elif role is Role.COUNT:
                counts_at[_coords_key(read)].append(read)
        for label, share_cells in by_share.items():
            said = f"{label} %" if label in signed else label  # its cells' signs give its scale
            # an ``n (%)`` line of bare numbers holds counts by its label, but the label is
            # the researcher's: read as shares too, capped at review (SDC101 alone)
            either = bool(_COUNT_AND_SHARE_LABEL.search(label))
            for implied in _parts_of_a_share(table, said, share_cells, counts_at, {}):
                at = implied.cell  # reported at the file's own cell, not the row-read one
                implied = replace(implied, cell=original.get(id(at), at))
                found.extend(_either_reading(implied) if either else [implied])
                if implied.count is not None:  # a signed cell read here as a share
                    read_signed.add(id(implied.cell))
    return found


def signed_percentages_unread(table: Table) -> list[DataCell]:
    """Cells of a count column printed with a percent sign (``Deaths`` 40, 30, ``10%``) that
    no share reading covers: no count beside them to be their base, or a value no share can
    be (``300%``). Read as the count of their number they would pass unread (SDC602)."""
    implied_counts(table)
    unread: list[DataCell] = table.__dict__.get("_sdc_unread_signed", [])
    return unread


def _signed_cells(table: Table) -> list[DataCell]:
    """The cells read as counts whose text ends in a percent sign (cached on the table)."""
    cached = table.__dict__.get("_sdc_signed_cells")
    if cached is None:
        cached = [c for c in table.cells if c.value is not None and c.source.marker is None
                  and c.source.raw.rstrip().endswith("%")
                  and effective_role(table, c) is Role.COUNT]
        table.__dict__["_sdc_signed_cells"] = cached
    return cached


def _signed_lines(table: Table, dim: str, names: set[str]) -> set[str]:
    """Labels of ``dim`` whose every published count cell is printed with a percent sign: a
    line of shares whatever its label says (``Vaccinated`` over ``60%``, ``90%``)."""
    signed = _signed_cells(table)
    if not signed:
        return set()
    ids = {id(c) for c in signed}
    plain = {c.coords.get(dim) for c in table.cells
             if c.value is not None and id(c) not in ids}
    return {c.coords[dim] for c in signed if dim in c.coords} & names - plain


def _signed_percentages(table: Table) -> list[ImpliedCount]:
    """A percent sign on some cells of a column read as counts (hunt round 20). A count is
    never printed with a percent sign: ``10%`` under ``Deaths`` beside ``Patients`` 30 is 3
    deaths, not a count of 10. The column is counts by its header and its other cells (so
    ``percent_signs`` does not make it a percentage column); each signed cell is read as a
    share of the counts beside it as a percentage column is (``_parts_of_a_share``), and is
    still checked as the count it was read as (the stricter of the two). A signed cell no
    share reading covers is named by SDC602 (``signed_percentages_unread``)."""
    unread: list[DataCell] = []
    table.__dict__["_sdc_unread_signed"] = unread
    row_read: set[int] = table.__dict__.get("_sdc_row_read_signed", set())
    signed = [c for c in _signed_cells(table) if id(c) not in row_read]
    if not signed:
        return []
    ids = {id(c) for c in signed}
    counts_at: dict[tuple, list[DataCell]] = defaultdict(list)
    for cell in table.cells:
        if id(cell) not in ids and effective_role(table, cell) is Role.COUNT:
            counts_at[_coords_key(cell)].append(cell)
    by_measure: dict[int, list[DataCell]] = defaultdict(list)
    for cell in signed:
        by_measure[id(cell.measure)].append(cell)
    found: list[ImpliedCount] = []
    for cells in by_measure.values():
        share = Measure(name=f"{cells[0].measure.name} %", role=Role.PERCENT)
        original: dict[int, DataCell] = {}
        read: list[DataCell] = []
        for cell in cells:
            as_share = DataCell(measure=share, coords=cell.coords, source=cell.source,
                                total_dims=cell.total_dims, evidence=cell.evidence)
            original[id(as_share)] = cell
            read.append(as_share)
        covered: set[int] = set()
        for implied in _parts_of_a_share(table, share.name, read, counts_at, {}):
            at = original.get(id(implied.cell), implied.cell)
            found.append(replace(implied, cell=at))
            if implied.count is not None:
                covered.add(id(at))
        unread.extend(c for c in cells if id(c) not in covered)
    return found


def _signed_under_a_count(table: Table) -> list[ImpliedCount]:
    """A percent-signed cell of a table of one dimension (``measure,count`` over
    ``Patients,30`` and ``Deaths,10%``): no count beside it, so ``_signed_percentages`` leaves
    it to SDC602. Read as a share of the nearest unsigned count above it in its column when
    the arithmetic says so (within the rounding of the printed percentage it is a whole
    number of that count: 10% of 30 is 3 deaths; 10% of 37 is 3.7, no reading). The reading
    is a guess by position, so it only adds checks: the cell stays named by SDC602 (round 21,
    rows3)."""
    if len(table.dimensions) != 1:
        return []
    unread: list[DataCell] = table.__dict__.get("_sdc_unread_signed", [])  # set just before
    if not unread:
        return []
    signed = {id(c) for c in _signed_cells(table)}
    counts: dict[int, list[DataCell]] = defaultdict(list)  # by measure, in row order
    for c in sorted(table.cells, key=lambda c: c.source.row):
        if id(c) not in signed and c.value is not None and c.value > 0 and not c.suppressed:
            counts[id(c.measure)].append(c)
    rows_of = {key: [c.source.row for c in column] for key, column in counts.items()}
    found: list[ImpliedCount] = []
    for cell in unread:
        value = cell.value
        column = counts.get(id(cell.measure), [])
        at = bisect_left(rows_of[id(cell.measure)], cell.source.row) if column else 0
        if value is None or not 0 <= value <= 100 or at == 0:
            continue
        above = column[at - 1:at]
        n = float(above[0].value or 0)
        part = value * n / 100
        if abs(part - round(part)) > _tolerance(cell) * n / 100:
            continue
        name = str(above[0].coords.get(table.dimensions[0], cell.measure.name))
        found.append(_share_count(cell, n, 100.0, base=n, split=True,
                                  whole=f"{_fmt(n)} ({name}, the count above it)",
                                  public="a percentage under a count it is a whole part of"))
    return found


def _either_reading(implied: ImpliedCount) -> list[ImpliedCount]:
    """A share read from a line that may hold counts as well (``n (%)`` over bare numbers):
    the part and, of a two-way split, the rest, both as readings among others (SDC101 caps
    them at review; SDC103 reads only a sure share)."""
    found = [replace(implied, alternative=True)]
    if implied.split and implied.base is not None and implied.count is not None:
        rest = implied.base - implied.count
        found.append(replace(implied, count=rest, alternative=True,
                             how=f"{implied.how}, and {_fmt(rest)} of them are not, if the "
                                 "line holds shares",
                             public=f"{implied.public}, the rest of the group, if the line "
                                    "holds shares"))
    return found


def _row_read_role(table: Table, cell: DataCell, label: str, share: bool) -> Role | None:
    """How ``_percent_rows`` reads a cell of a line labelled ``label``: its own role when it
    is a count or a percentage. A table whose values the reader could not name (decimal
    shares under whole counts: ``N,40,55`` over ``%,92.5,60.0`` is one measure of unknown
    values) still pairs them: a cell of a share line is a percentage, a whole number in a
    line whose label names a count (``N``, ``Patients``) a count, but only in a plain grid of
    two dimensions (one group a column, one measure a line): in a grid of more the reader
    did not follow (an SPSS crosstab with a line out of place) a line may be paired with the
    wrong count. That only adds checks; the table stays under review for its unknown values
    (SDC602)."""
    role = effective_role(table, cell)
    if role in (Role.COUNT, Role.PERCENT):
        return role
    if role is not Role.UNKNOWN or len(table.dimensions) != 2:
        return None
    if share:
        return Role.PERCENT
    value = cell.value
    if value is not None and value >= 0 and float(value).is_integer() \
            and role_from_text(label) is Role.COUNT:
        return Role.COUNT
    return None


def _a_curve_step(table: Table, name: str) -> bool:
    """A survival proportion in a table along time, or beside people at risk: a step of a
    curve (read by the survival and chart rules), not a share of its row's count. Anywhere
    else (by region, by sex) it is the share that survived (``_SURVIVAL_SHARE``)."""
    if not _SURVIVAL_SHARE.search(name):
        return False
    if any(names_people_at_risk(m.name) for m in table.measures):
        return True
    dims = [*table.row_dimensions, *table.column_dimensions]
    return any(set(words(str(d).replace("_", " ").replace(".", " "))) & _TIME_WORDS
               for d in dims) or not dims


def _one_percent_measure(table: Table, cells: list[DataCell], scale: float | None,
                         counts_at: dict[tuple, list[DataCell]], bases: dict[int, float]
                         ) -> list[ImpliedCount]:
    published = [c for c in cells if c.value is not None]
    if not published:
        return []
    denominators: dict[str, list[tuple[DataCell, DataCell]]] = defaultdict(list)
    for cell in published:
        for count in counts_at.get(_coords_key(cell), []):
            denominators[count.measure.name].append((cell, count))
    if scale is None:
        return []  # a rate of unknown scale: SDC303 still needs its units (review without)
    # 1. a share of a count column along some line: nothing new, but it recovers suppressed
    #    counts of that column through the line's N.
    for pairs in denominators.values():
        shares = _share_lines(table, cells, pairs, scale)
        if shares is not None:
            return _recovered_by_share(table, cells, pairs, shares, scale, bases)
    # 2. the ratio of two published count columns (cases / population): a hidden numerator
    #    is the rate times its published denominator, and the numerator is a part of the
    #    denominator, read as in 3 (27 vaccinated of 30 patients at 90% leave 3: printing the
    #    27 beside the share must not make the table pass where the share alone fails).
    ratio = _ratio_of_published(denominators, scale)
    if ratio is not None:
        for pairs in denominators.values():
            for pct, count in pairs:
                if count.value is not None:
                    bases.setdefault(id(pct), count.value)
        return [*_hidden_numerators(denominators, *ratio, scale),
                *(replace(part, printed=True) for part in _parts_of_counts(
                    {ratio[1]: denominators[ratio[1]]}, scale, bases))]
    # 3. a part of the count beside it (p% of n have the attribute), unless the numbers show
    #    the count is the rate's numerator rather than its base.
    found = _parts_of_counts({name: pairs for name, pairs in denominators.items()
                              if not _not_its_base(name, pairs, scale)}, scale, bases)
    if found:
        return found
    # 4. no published denominator beside it: a base printed as "n=200", else 0% and 100%.
    return _without_denominator(table, cells, scale, bases)


_ONLY_CUMULATIVE = re.compile(r"cumulative", re.I)
# A change that names none of _CHANGE's words (only here: _CHANGE also ends share readings)
# a period's count as a percentage of another's (``Deaths 2023 as % of 2022``, an index)
_AS_PERCENT_OF = r"\bas\s*(?:a\s*)?(?:%|percent|per\s*cent)\s*of\b"
_AS_A_SHARE_OF = re.compile(rf"{_AS_PERCENT_OF}|\bindex\b", re.I)
# the same said of whole numbers the layout read as counts or magnitudes (``Deaths 2023 as %
# of 2022`` over 1000, 90, 80; ``2023 as % of 2022``): not an index, which may be anything
_WHOLE_AS_PERCENT_OF = re.compile(_AS_PERCENT_OF, re.I)
_YEAR_ON_YEAR = re.compile(r"\byoy\b|year[ _-]on[ _-]year|\bsince\b|\bon last\b", re.I)


def _percent_changes(table: Table) -> list[ImpliedCount]:
    """The other year's count a percentage change beside a count gives away: ``Deaths 2023``
    30 beside ``% change`` +900 says 2022 had 3 (hunt14; it passed, a change being no part
    of anything). A percentage column holding values outside 0..100 (``YoY %``) is read
    as a change as well (or as a ratio of the two periods, as ``as % of 2022`` or an index
    is): no share reading covers it. Which year the count is is not known,
    so both readings are tried: the count as the later year (n / (1 + p)) and as the
    earlier (n × (1 + p)); a reading is kept only when a whole count prints back as the
    same percentage. Each is a reading among others: SDC101 checks it, capped at review.
    A column of whole numbers headed ``... as % of ...`` the layout read as counts (or
    magnitudes) is read as a ratio as well (pct2): its cells stay counts for SDC101 too, the
    stricter of the two readings kept at each cell."""
    found: list[ImpliedCount] = []
    changes = change_cells(table)
    if not changes:
        return found  # no percentage: the cells are not walked (a large table's are many)
    counts_at: dict[tuple, list[DataCell]] = defaultdict(list)
    for cell in table.cells:
        if effective_role(table, cell) is Role.COUNT and not reads_as_a_ratio(cell.measure):
            counts_at[_coords_key(cell)].append(cell)
    for pct, a_ratio in changes:
        for count in counts_at.get(_coords_key(pct), []):
            found += change_readings(pct, count, a_ratio)
    return found


def reads_as_a_ratio(measure: Measure) -> bool:
    """A count or magnitude column headed as one period's count as a percentage of another's
    (``Deaths 2023 as % of 2022`` over whole numbers): also read as that ratio."""
    return measure.role in (Role.COUNT, Role.MAGNITUDE) \
        and bool(_WHOLE_AS_PERCENT_OF.search(measure.name))


def change_cells(table: Table, margins: bool = False) -> list[tuple[DataCell, bool]]:
    """The cells read as a percentage change or a ratio of two periods, each with whether the
    ratio reading applies (``as % of``, an index, or a percentage outside 0..100 named by no
    change word): ``_percent_changes`` and the release's readings across outputs
    (``sdc.release_changes``) read them against the counts on their row. A margin's change
    is read by neither (``margins``: listed too, for its units only)."""
    if not any(m.role is Role.PERCENT or reads_as_a_ratio(m) for m in table.measures):
        return []
    percents: list[DataCell] = []
    for cell in table.cells:
        if cell.value is None:
            continue
        if reads_as_a_ratio(cell.measure) or (
                cell.measure.role is Role.PERCENT
                and effective_role(table, cell) is Role.PERCENT):
            percents.append(cell)
    outside = {id(c.measure) for c in percents if not 0 <= (c.value or 0.0) <= 100}
    kinds: dict[int, tuple[bool, bool]] = {}
    for measure in {id(c.measure): c.measure for c in percents}.values():
        name = measure.name
        if reads_as_a_ratio(measure):
            kinds[id(measure)] = (False, True)
            continue
        a_change = bool(_CHANGE.search(_ONLY_CUMULATIVE.sub("", name))
                        or _YEAR_ON_YEAR.search(name))
        named = a_change or bool(_AS_A_SHARE_OF.search(name))
        if not named and id(measure) in outside and _scale_of_published_ratio(
                table, [c for c in percents if c.measure is measure]) is not None:
            continue  # a rate the printed counts give on every row (deaths per population)
        a_ratio = bool(_AS_A_SHARE_OF.search(name)) or (
            not a_change and id(measure) in outside)
        if a_change or a_ratio or id(measure) in outside:
            kinds[id(measure)] = (a_change, a_ratio)
    return [(pct, kinds[id(pct.measure)][1]) for pct in percents
            if (margins or not pct.is_margin) and id(pct.measure) in kinds
            and pct.value is not None
            and pct.value > -100]


def change_readings(pct: DataCell, count: DataCell, a_ratio: bool, where: str = ""
                    ) -> list[ImpliedCount]:
    """The other period's counts a change (or ratio, ``a_ratio``) ``pct`` gives beside
    ``count``: both directions, each kept only when a whole count prints back as ``pct``
    within its printed rounding. ``where``: the other output ``count`` is printed in."""
    found: list[ImpliedCount] = []
    n, p = count.value, pct.value
    if n is None or n <= 0 or p is None:
        return found
    tol = _tolerance(pct)
    readings = [(n / (1 + p / 100), True, False), (n * (1 + p / 100), False, False)]
    if a_ratio and p > 0:  # ``as % of 2022``: the later is p% of the earlier
        readings += [(100 * n / p, True, True), (n * p / 100, False, True)]
    printed = f" in {where}" if where else ""
    elsewhere = " in another output" if where else ""
    for other, later, ratio in readings:
        k = round(other)
        if k <= 0:
            continue
        if ratio:
            back = 100 * n / k if later else 100 * k / n
        else:
            back = 100 * (n - k) / k if later else 100 * (k - n) / n
        if abs(back - p) > tol:
            continue
        side = "earlier" if later else "later"
        found.append(ImpliedCount(
            cell=pct, count=float(k), base=None, share=None, split=False,
            how=f"{_fmt(p)}% ({'a ratio' if ratio else 'a change'}) beside {_fmt(n)} "
                f"({count.measure.name}{printed}) leaves {k} in the {side} period",
            public=f"the percentage change beside the published "
                   f"'{count.measure.name}'{elsewhere} gives the {side} period's count",
            alternative=True))
    return found


# a count column that is a change between two periods or groups (``Change in deaths since
# 2022`` +27): no excess or relative measure, whose other term is no count of people
_COUNT_CHANGE = re.compile(r"chang|diff|increase|decrease|growth", re.I)


def is_a_change(measure: Measure) -> bool:
    """A column read as a change or a ratio of two periods, not as a count of its own."""
    name = measure.name
    return reads_as_a_ratio(measure) or bool(
        _CHANGE.search(_ONLY_CUMULATIVE.sub("", name)) or _YEAR_ON_YEAR.search(name))


def count_change_cells(table: Table) -> list[DataCell]:
    """The cells of count columns named as a change (``Change in deaths since 2022``)."""
    changes = [m for m in table.measures if m.role is Role.COUNT and not reads_as_a_ratio(m)
               and (_COUNT_CHANGE.search(_ONLY_CUMULATIVE.sub("", m.name))
                    or _YEAR_ON_YEAR.search(m.name))]
    if not changes:
        return []
    return [c for c in table.cells if any(c.measure is m for m in changes)
            and c.value is not None and not c.suppressed and not c.is_margin
            and effective_role(table, c) is Role.COUNT]


def _count_changes(table: Table) -> list[ImpliedCount]:
    """The other period's count a change in counts gives beside a count on its row: ``Deaths
    2022`` 30 beside ``Change in deaths`` -27 says 2023 had 3 (pct2: the count as the earlier
    period; as the later, 30 less +27, ``_nested_complements`` reads it too)."""
    found: list[ImpliedCount] = []
    changes = count_change_cells(table)
    if not changes:
        return found
    counts_at: dict[tuple, list[DataCell]] = defaultdict(list)
    for cell in table.cells:
        if effective_role(table, cell) is Role.COUNT and not is_a_change(cell.measure) \
                and not _COUNT_CHANGE.search(cell.measure.name):
            counts_at[_coords_key(cell)].append(cell)
    for change in changes:
        for count in counts_at.get(_coords_key(change), []):
            found += count_change_readings(change, count)
    return found


def count_change_readings(change: DataCell, count: DataCell, where: str = ""
                          ) -> list[ImpliedCount]:
    """The other period's counts a change in counts gives beside ``count``, both ways: the
    count as the later period (n less the change) and as the earlier (n plus it). Which it
    is a person decides: readings among others (SDC101, capped at review). ``where``: the
    other output ``count`` is printed in."""
    n, d = count.value, change.value
    if n is None or d is None or n <= 0:
        return []
    printed = f" in {where}" if where else ""
    elsewhere = " in another output" if where else ""
    found: list[ImpliedCount] = []
    for k, side, op in ((n - d, "earlier", "less"), (n + d, "later", "plus")):
        if k <= 0 or not float(k).is_integer():
            continue
        found.append(ImpliedCount(
            cell=change, count=float(k), base=None, share=None, split=False,
            how=f"{_fmt(n)} ({count.measure.name}{printed}) {op} the change {_fmt(d)} "
                f"({change.measure.name}) leaves {_fmt(k)} in the {side} period",
            public=f"the change beside the published '{count.measure.name}'{elsewhere} "
                   f"gives the {side} period's count",
            alternative=True))
    return found


def _parts_of_counts(denominators: dict[str, list[tuple[DataCell, DataCell]]], scale: float,
                     bases: dict[int, float]) -> list[ImpliedCount]:
    """Each percentage as a part of the count beside it in the likeliest denominator columns
    (of person-time, a rate: the count it implies, but no base of people)."""
    found: list[ImpliedCount] = []
    likely = _denominator_columns(denominators)
    for name in likely:
        person_time = bool(_PERSON_TIME.search(name))
        for pct, count in denominators[name]:
            if count.value is None or pct.value is None or pct.is_margin:
                continue
            base = None if person_time else count.value
            if base is not None:
                bases.setdefault(id(pct), base)
            found.append(_share_count(
                pct, count.value, scale, base=base, split=base is not None,
                whole=f"{_fmt(count.value)} ({name})",
                public=f"the percentage or rate of the published '{name}'"))
    for name in denominators:  # the other count columns beside it may be its base just as well
        if name in likely:
            continue
        for pct, count in denominators[name]:
            if count.value is None or pct.value is None or pct.is_margin:
                continue
            implied = _share_count(
                pct, count.value, scale, base=None, split=False,
                whole=f"{_fmt(count.value)} ({name}), if that is its base",
                public=f"the percentage or rate, if it is of the published '{name}'")
            found.append(replace(implied, alternative=True))
    return found


def _unmarked_percentages(table: Table) -> list[ImpliedCount]:
    """Numbers read as counts that may be percentages: a column headed ``Female (n=80)``
    whose values add up to 100, or whose row (or dimension) is named a share (``Vaccinated
    %`` under ``North (n=30)``: hunt12, 90.0 read as a count of 90 while 3 of the 30 are
    not vaccinated). Checked as percentages of the printed base as well (the stricter of the
    two readings); nothing is taken away from the count reading."""
    if not _any_printed_base(table):
        return []
    cells = [c for c in table.cells if c.measure.role is Role.COUNT
             and c.value is not None and _printed_base(table, c) is not None]
    if not cells:
        return []
    adds_up = _adds_up(table, [c for c in cells if not c.is_margin], 100.0)
    named: dict[str, bool] = {}

    def a_share(text: str) -> bool:
        found = named.get(text)
        if found is None:
            found = named[text] = _names_a_share(text)
        return found

    # a margin named a share (``All`` under ``Vaccinated %``) is a share of its base too
    chosen = [c for c in cells if id(c) in adds_up or any(
        a_share(dim) or (dim not in c.total_dims and a_share(label))
        for dim, label in c.coords.items())]
    named_only = [c for c in chosen if id(c) not in adds_up]
    if named_only and all(c.value is not None and c.value <= 1 for c in named_only) \
            and not any(("%" in t or "percent" in t.casefold()) for t, is_share in named.items()
                        if is_share):
        # ``Proportion vaccinated`` 0.80: a fraction of the base, not 0.8%
        return [*_without_denominator(table, [c for c in chosen if id(c) in adds_up], 100.0,
                                      {}),
                *_without_denominator(table, named_only, 1.0, {}, margins=True)]
    return _without_denominator(table, chosen, 100.0, {}, margins=True)


def _whole_row_shares(table: Table) -> list[ImpliedCount]:
    """Whole numbers that add up to 100 on every row beside a count (``West,47,53,17``: the
    layout set ``Measure.per``): read as counts, and as percentages of that count as well (47%
    of 17 is 8), the stricter of the two readings."""
    shares = {id(m): m for m in table.measures if m.role is Role.COUNT and m.per is not None
              and not m.row_total}  # the shares' total: each row's whole, no part of it
    if not shares:
        return []
    counts_at: dict[tuple, list[DataCell]] = defaultdict(list)
    for cell in table.cells:
        if id(cell.measure) not in shares and effective_role(table, cell) is Role.COUNT:
            counts_at[_coords_key(cell)].append(cell)
    found: list[ImpliedCount] = []
    for measure in shares.values():
        cells = [c for c in table.cells if c.measure is measure]
        found.extend(_one_percent_measure(table, cells, measure.per or 100.0, counts_at, {}))
    return found


_BASE_LABEL_WORDS = {"n", "base", "denominator", "count", "number", "num", "freq"}


@lru_cache(maxsize=65_536)  # labels repeat on every line of a large table
def _base_label(label: str) -> bool:
    """``n``, ``N``, ``Base``, ``Number of patients``, ``Unweighted base``: a line of counts."""
    found = words(label)
    return bool(found) and len(found) <= 4 and bool(set(found) & _BASE_LABEL_WORDS)


def _shares_of_a_base_line(table: Table) -> list[ImpliedCount]:
    """Percentages whose lines add up to 100 beside a line of their bases: a
    row labelled ``n``/``Base`` (or a total row that is not 100) under column percentages,
    ``group,Female,Male`` over ``Smokers,20,10``, ``Non-smokers,80,90``, ``n,200,30``. Nothing
    marks them as percentages (whole ones read as counts pass at 10 and 90), yet 10% of 30 is
    3. Each part is checked as that share of its base (SDC101/103 at the percentage's cell):
    the count reading, if any, is kept, so a wrong guess only adds checks."""
    found: list[ImpliedCount] = []
    for dim in _dimensions_with_a_base(table):
        for line in _lines_along_dim(table.cells, dim).values():
            parts = _parts_of_base(line, dim)
            known = table.__dict__.setdefault("_sdc_percent_bases", {})
            for part in parts:  # SDC303 then knows the units behind a percentage
                if isinstance(part.cell, DataCell) and part.cell.measure.role is Role.PERCENT:
                    known.setdefault(id(part.cell), part.base)
            if parts:  # the total's 100% rests on the whole base
                for cell in line:
                    if dim in cell.total_dims and cell.measure.role is Role.PERCENT:
                        known.setdefault(id(cell), parts[0].base)
            found.extend(parts)
    return found


def _dimensions_with_a_base(table: Table) -> list[str]:
    """The dimensions along which some line can have a base (``_line_bases``): a cell that is
    a margin along it, or a label of it read as a base (``n``, ``Base``). Along any other
    dimension no line has a base, so none gives parts; a large table (no margins, plain
    labels) skips its lines without grouping them."""
    cells = table.cells
    margins = {dim for c in cells if c.total_dims for dim in c.total_dims}
    # each dimension's distinct labels, read through the cells' coordinates (a dict of them by
    # id was 20 MiB on a bare 50,000-row table, where every row's coordinates are its own)
    labels = distinct_labels_by_dim([c.coords for c in cells], table.dimensions, _ABSENT)
    return [dim for dim in table.dimensions
            if dim in margins or any(_base_label(label) for label in labels[dim] - {_ABSENT})]


def _parts_of_base(line: list[DataCell], dim: str) -> list[ImpliedCount]:
    """The parts of one line as shares (of 100, or proportions of 1) of its one base."""
    parts: list[DataCell] = []
    values: list[float] = []
    for c in line:  # one pass: the lines of a large table are many and long
        if dim in c.total_dims or _base_label(c.coords[dim]):
            continue
        value = c.source.value
        if value is None or value < 0:
            return []  # a hidden part: its share cannot be checked against the whole
        parts.append(c)
        values.append(value)
    if len(parts) < 2:
        return []
    scale = _share_scale(parts, values)
    if scale is None:
        return []
    bases = _line_bases(line, dim, scale)
    if len(bases) != 1:
        return []  # no base line, or two candidates: nothing to tell which
    base_cell, base = bases[0]
    return [_share_count(cell, base, scale, base=base, split=False,
                         whole=f"{_fmt(base)} ({base_cell.coords[dim]})",
                         public="a share of the base published in its line")
            for cell in parts]


def _share_scale(parts: list[DataCell], values: list[float]) -> float | None:
    """100 or 1 when the parts' values (all published) add up to it within their rounding."""
    total, bound = sum(values), len(parts) * _MAX_TOLERANCE + 1e-6  # each is at most this
    if max(values) > 100.0 or (abs(total - 100.0) > bound and abs(total - 1.0) > bound):
        return None  # no scale can fit (most lines of a large table): skip reading decimals
    tolerance = sum(_tolerance(c) for c in parts)
    return next((s for s in (100.0, 1.0) if max(values) <= s and abs(sum(values) - s)
                 <= tolerance), None)


def _line_bases(line: list[DataCell], dim: str, scale: float) -> list[tuple[DataCell, float]]:
    """The line's candidate bases: a margin printing its base (``Total (n=200)``), or a
    cell of at least one unit labelled as a base or a margin that is not the 100% of the
    shares."""
    bases: list[tuple[DataCell, float]] = []
    for c in line:
        printed = _base_in(c.coords[dim]) if dim in c.total_dims else None
        if printed is not None:  # Total (n=200)
            bases.append((c, printed))
        elif c.value is not None and c.value >= 1 and (
                _base_label(c.coords[dim])
                or (dim in c.total_dims and abs(c.value - scale) > FLOAT_SLACK)):
            # a base under one unit is no count of units: ``N`` (North) in a describe()
            # by region, whose median of 0.45 is no base of the other regions' (round 53)
            bases.append((c, c.value))
    return bases


def _share_lines(table: Table, cells: list[DataCell], pairs: list[tuple[DataCell, DataCell]],
                 scale: float) -> dict[tuple, float] | None:
    """If the percentages are the count's share of each line along one dimension (one N per
    line; ``None`` tries one N for the whole table), the known N of each line; else None.

    A line agrees when two of its (p, n) pairs give the same N within the rounding of p, or
    when its percentages add up to 100% and its total count is printed (``Total, 200, 100``).
    """
    by_pct = {id(p): c for p, c in pairs}
    for dim in [*table.dimensions, None]:
        known: dict[tuple, float] = {}
        any_agree = False
        for key, line in _lines_along(cells, dim).items():
            reading = _line_share(line, dim, by_pct, scale)
            if reading is None:
                break
            agrees, n = reading
            any_agree = any_agree or agrees
            if n is not None:
                known[key] = n
        else:
            if any_agree:
                return known
    return None


def _lines_along(cells: list[DataCell], dim: str | None) -> dict[tuple, list[DataCell]]:
    """The percentages grouped by their line along ``dim`` (None: one line a measure)."""
    lines: dict[tuple, list[DataCell]] = defaultdict(list)
    for pct in cells:
        if dim is None or dim in pct.coords:
            lines[_line_key(pct, dim) if dim is not None else (pct.measure.name,)].append(pct)
    return lines


def _line_share(line: list[DataCell], dim: str | None, by_pct: dict[int, DataCell],
                scale: float) -> tuple[bool, float | None] | None:
    """Whether a line's percentages agree with being shares of one N, and that N when it is
    known (printed, or pinned to one whole number); None when no N fits every pair."""
    total_pair = next(((p, by_pct[id(p)]) for p in line if dim is not None
                       and dim in p.total_dims and id(p) in by_pct), None)
    total = total_pair[1].value if total_pair is not None else None
    n_range = _common_n([(p, by_pct.get(id(p))) for p in line], scale)
    if n_range is None:
        return None
    lo, hi, used = n_range
    inner = [p for p in line if not (dim is not None and dim in p.total_dims)]
    agrees = used >= 2 or (total is not None and _adds_to(inner, scale))
    if total is not None and lo - 0.5 <= total <= hi + 0.5:
        return agrees, total
    if used >= 2 and hi - lo < 1:
        return agrees, float(round((lo + hi) / 2))
    return agrees, None


def _adds_to(inner: list[DataCell], scale: float) -> bool:
    """Whether a line's (two or more) percentages add up to ``scale`` within their rounding."""
    values = [p.value for p in inner]
    if len(values) < 2 or any(v is None for v in values):
        return False
    return abs(sum(v for v in values if v is not None) - scale) <= sum(
        _tolerance(p) for p in inner)


def _common_n(members: list[tuple[DataCell, DataCell | None]], scale: float
              ) -> tuple[float, float, int] | None:
    """The interval of line totals N consistent with every (p, n) pair, and how many pairs."""
    lo, hi, used = 0.0, float("inf"), 0
    for pct, count in members:
        if count is None or count.value is None or pct.value is None:
            continue
        tol = _tolerance(pct)
        p_lo, p_hi = max(pct.value - tol, 0.0), pct.value + tol
        n = count.value
        if n == 0:
            if p_lo > 0:
                return None
            continue
        used += 1
        lo = max(lo, n * scale / p_hi)
        hi = min(hi, n * scale / p_lo) if p_lo > 0 else hi
        if lo > hi + FLOAT_SLACK:
            return None
    return lo, hi, used


def _recovered_by_share(table: Table, cells: list[DataCell],
                        pairs: list[tuple[DataCell, DataCell]], shares: dict[tuple, float],
                        scale: float, bases: dict[int, float]) -> list[ImpliedCount]:
    """Counts hidden (suppressed) beside a percentage that is their share of a known N."""
    by_pct = {id(p): c for p, c in pairs}
    found = []
    for pct in cells:
        for key, total in shares.items():
            if not _in_line(pct, key):
                continue
            bases.setdefault(id(pct), total)
            count = by_pct.get(id(pct))
            if pct.value is None or (count is not None and not count.suppressed):
                continue
            found.append(_share_count(
                pct, total, scale, base=total, split=False,
                whole=f"the line total {_fmt(total)}", gives="recovers the hidden count",
                public="the percentage recovers a hidden count from its line total"))
            break
    return found


def _hidden_numerators(denominators: dict[str, list[tuple[DataCell, DataCell]]], num: str,
                       den: str, scale: float) -> list[ImpliedCount]:
    """Numerators suppressed beside their published rate and denominator: deaths ``[c]``,
    population 2,310, rate 1.30 per 1,000 give the 3 deaths back."""
    nums = {id(p): c for p, c in denominators[num]}
    found = []
    for pct, d in denominators[den]:
        n = nums.get(id(pct))
        if n is None or n.value is not None or not n.suppressed or d.value is None \
                or pct.value is None:
            continue
        found.append(_share_count(
            pct, d.value, scale, base=d.value, split=False, whole=f"{_fmt(d.value)} ({den})",
            gives="recovers the hidden count",
            public="the rate recovers a hidden count from its published denominator"))
    return found


def _ratio_of_published(denominators: dict[str, list[tuple[DataCell, DataCell]]],
                        scale: float) -> tuple[str, str] | None:
    """The percentage is numerator/denominator × scale of two published count columns:
    their names, (numerator, denominator)."""
    names = list(denominators)
    for num in names:
        for den in names:
            if num == den:
                continue
            nums = {id(p): c for p, c in denominators[num]}
            agree = 0
            for pct, d in denominators[den]:
                n = nums.get(id(pct))
                if n is None or n.value is None or d.value is None or pct.value is None:
                    continue
                if d.value == 0 or abs(pct.value - scale * n.value / d.value) > _tolerance(pct):
                    agree = -1
                    break
                agree += 1
            if agree >= 1:
                return num, den
    return None


def _not_its_base(name: str, pairs: list[tuple[DataCell, DataCell]], scale: float) -> bool:
    """Whether a count column cannot be the base of the rate beside it, so is its numerator
    (deaths beside their death rate), not its population. A positive rate of n units is at
    least one unit: when on every row where both are published and the rate is positive the
    rate of that count (its printed rounding doubled) stays under half a unit (812 per 100,000
    of 40 deaths is 0.3 of a person), no base near that count can give it. A rate per 1,000 or
    more of a count no word names as a base (no denominator word, not a bare ``n``) whose
    parts are nowhere within that rounding of a whole unit (342.1 per 100,000 of 412 deaths
    is 1.41) is not a rate of that count either. A percentage keeps the reading: a share of a
    base a little off (n with its missing values) still gives its count away."""
    rows = [(pct, count.value) for pct, count in pairs
            if pct.value is not None and pct.value > 0 and count.value is not None
            and count.value > 0]
    if not rows:
        return False
    if all(_under_one_unit(pct, base, scale) for pct, base in rows):
        return True
    named = _names_a_denominator(name) or _generic_count(name)
    return scale >= 1000 and not named and all(
        abs(part - round(part)) > 2 * _tolerance(pct) * base / scale
        for pct, base in rows for part in [pct.value * base / scale])  # type: ignore[operator]


def _under_one_unit(pct: DataCell, base: float, scale: float) -> bool:
    """Whether a positive rate of ``base`` units, its rounding doubled, is under half a unit:
    ``base`` cannot be what it is of."""
    assert pct.value is not None
    return (pct.value + 2 * _tolerance(pct)) * base / scale < 0.5


def _denominator_columns(denominators: dict[str, list[tuple[DataCell, DataCell]]]
                         ) -> list[str]:
    """The count columns a percentage is most likely a part of: those named like a denominator
    (population, at risk...), else a bare ``n``/``count``, else every count column beside it
    (the stricter reading)."""
    named = [name for name in denominators if _names_a_denominator(name)]
    generic = [name for name in denominators if _generic_count(name)]
    return named or generic or list(denominators)


def _names_a_denominator(name: str) -> bool:
    """A count column's header names a base (``population``, ``at risk``, ``patients``)."""
    return bool(set(words(name)) & _DENOMINATOR_WORDS)


def _generic_count(name: str) -> bool:
    """A count column's header names only a count (``n``, ``count``), nothing counted."""
    return set(words(name)) <= _GENERIC_COUNT_NAMES


def _without_denominator(table: Table, cells: list[DataCell], scale: float,
                         bases: dict[int, float], *, margins: bool = False
                         ) -> list[ImpliedCount]:
    """``margins``: ``cells`` were chosen with their margins on purpose (kept)."""
    found: list[ImpliedCount] = []
    title_bases = {_int(m[1]) for t in table.title for m in _BASE.finditer(t)}
    title_bases |= {_int(m[1]) for t in table.title for m in _PERCENT_OF.finditer(t)}
    inner = [c for c in cells if c.value is not None and (margins or not c.is_margin)]
    adds_up = _adds_up(table, inner, scale)
    for pct in inner:
        assert pct.value is not None
        base = _printed_base(table, pct)
        if base is None and len(title_bases) == 1:
            base = next(iter(title_bases))
        split = id(pct) not in adds_up
        if base is not None:
            bases.setdefault(id(pct), base)
            found.append(_share_count(pct, base, scale, base=base, split=split,
                                      whole=f"the printed base {_fmt(base)}",
                                      public="the percentage of a printed base"))
        else:  # no base: the share alone can still put (nearly) a whole group in one place
            found.append(ImpliedCount(
                cell=pct, count=None, base=None, share=pct.value / scale, split=split,
                how=f"{_fmt(pct.value)}{_unit(scale)}", public="a percentage"))
    return found


def _adds_up(table: Table, cells: list[DataCell], scale: float) -> set[int]:
    """Cells in a line (along some dimension) whose percentages add up to 100%: shares of the
    line, where 0% is a zero count rather than a whole group lacking something."""
    members: set[int] = set()
    for dim in table.dimensions:
        for line in _lines_along_dim(cells, dim).values():
            if len(line) < 2:
                continue
            total = sum(c.value for c in line)  # type: ignore[misc]
            if abs(total - scale) <= sum(_tolerance(c) for c in line) + FLOAT_SLACK:
                members.update(id(c) for c in line)
    return members


def _printed_base(table: Table, cell: DataCell) -> float | None:
    """``(n=120)`` in the cell's column header or one of its labels."""
    texts = [table.column_headers.get(cell.source.col, ""), cell.measure.name,
             *cell.coords.values()]
    for text in texts:
        base = _base_in(text)
        if base is not None:
            return base
    return None


@lru_cache(maxsize=8192)
def _base_in(text: str) -> float | None:
    m = _BASE.search(text) if ("=" in text or ":" in text) else None
    return _int(m[1]) if m is not None else None


def _any_printed_base(table: Table) -> bool:
    texts = {*table.column_headers.values(), *(m.name for m in table.measures)}
    # each distinct label once (no dict of the coordinates by id: 20 MiB on a bare
    # 50,000-row table, where every row's coordinates are its own)
    texts |= distinct_labels([cell.coords for cell in table.cells])
    return any(_base_in(text) is not None for text in texts)


# --- bases printed in titles, headers and labels --------------------------------------------

def _printed_bases(table: Table) -> list[ImpliedCount]:
    """``Table 1 (n=200)``, ``pct (n=80)``, ``North (N = 12)``: a base printed in a title,
    header or label is itself a count of units (n=5 discloses as much as a cell of 5). Each is
    checked at the cell that prints it; the coverage check counts these numbers as understood
    only because they are checked here (``printed_base_numbers``)."""
    found: list[ImpliedCount] = []
    data_rows = set(table.data_rows)
    label_cols = set(table.label_columns)
    measure_cells: set[int] | None = None  # made for the first cell with = or : (a set of
    # every data cell's id is 17 MiB on a 99k-row file that has none)
    if not _code_grid_holds(table, _may_hold_a_base):
        # no cell prints one; a caption still may (a document's table read as codes)
        return _caption_bases(table)
    for row in table.grid:
        for cell in row:
            raw = cell.raw
            if "=" not in raw and ":" not in raw:
                continue  # no printed base (printed_base_numbers)
            if measure_cells is None:
                measure_cells = {id(c.source) for c in table.cells}
            if id(cell) in measure_cells or (cell.row in data_rows
                                             and cell.col not in label_cols):
                continue
            for n in printed_base_numbers(raw):
                where = ("label" if cell.row in data_rows else
                         "header" if cell.row in table.header_rows else "title")
                if _FREQUENCY_MISSING.fullmatch(raw):  # SAS's footnote: not a base
                    found.append(ImpliedCount(
                        cell=cell, count=n, base=None, share=None, split=False,
                        how=f"the {_fmt(n)} units with a missing value ('Frequency Missing')",
                        public="a count of missing values printed below the table"))
                    continue
                found.append(ImpliedCount(
                    cell=cell, count=n, base=None, share=None, split=False,
                    how=f"the base n={_fmt(n)} printed in a {where}",
                    public=f"a base (n=...) printed in a {where}"))
    return found + _caption_bases(table)


def _caption_bases(table: Table) -> list[ImpliedCount]:
    """A base printed in a title the grid does not hold (an HTML ``<caption>``, a page's
    ``<title>`` tied to its only table): ``Deaths in West (N=4)`` is a count as it is on a
    CSV's title line, checked at the table's first cell (the title has none)."""
    titles = [t for t in table.title if ("=" in t or ":" in t) and printed_base_numbers(t)]
    if not titles:
        return []
    in_grid: set[str] = set()
    first: RawCell | None = None
    for row in table.grid:
        for cell in row:
            if first is None and cell.raw.strip():
                first = cell
            if cell.row not in table.data_rows and ("=" in cell.raw or ":" in cell.raw):
                in_grid.add(cell.raw.strip())
    if first is None:
        return []
    return [ImpliedCount(cell=first, count=n, base=None, share=None, split=False,
                         how=f"the base n={_fmt(n)} printed in the caption '{title}'",
                         public="a base (n=...) printed in a caption")
            for title in titles if not any(title.strip() in text for text in in_grid)
            for n in printed_base_numbers(title)]


def printed_base_numbers(text: str) -> list[float]:
    """The bases ``n=200``, ``N = 1,234``, ``base: 80`` stated in ``text``."""
    if "=" not in text and ":" not in text:
        return []
    missing = _FREQUENCY_MISSING.fullmatch(text)
    return [_int(missing[1])] if missing else [_int(m[1]) for m in _BASE.finditer(text)]


def without_printed_bases(text: str) -> str:
    """``text`` with its printed bases taken out (they are checked as counts)."""
    if "=" not in text and ":" not in text:
        return text
    return " " if _FREQUENCY_MISSING.fullmatch(text) else _BASE.sub(" ", text)


# --- a total above its published parts -----------------------------------------------------

def _unpublished_remainders(table: Table) -> list[ImpliedCount]:
    """A published total above the sum of its line's published counts (``All patients 320``
    over ``with diabetes 120`` and ``without 197``): the rest, 3, is a category the table
    does not show (missing, unknown), a count all the same. Not in a rounded table (every
    value a multiple of 5), where the rest may be rounding."""
    found: list[ImpliedCount] = []
    seen: set[int] = set()
    for _dim, members, total in _lines_with_a_total(table):
        if total.value is None or id(total) in seen:
            continue
        if any(m.value is None or m.suppressed for m in members):
            continue  # a hidden cell: the audit's (SDC501/502)
        rest = total.value - sum(m.value for m in members)  # type: ignore[misc]
        if rest <= FLOAT_SLACK:
            continue
        seen.add(id(total))
        found.append(ImpliedCount(
            cell=total, count=float(round(rest)), base=None, share=None, split=False,
            how=f"the total {_fmt(total.value)} is {_fmt(round(rest))} more than its "
                f"published parts ({_fmt(total.value - rest)}): a category not shown",
            public="a total above the sum of its published parts"))
    if found and all(c.value % 5 == 0 for _, members, total in table.lines(
            Role.COUNT, min_members=2)
                     for c in (*members, total) if c is not None and c.value is not None):
        return []  # a rounded table: the rest may be rounding (asked only when there is one)
    return found


def _title_base_remainders(table: Table) -> list[ImpliedCount]:
    """A base printed in the title (``Admissions (N=205)``) above the sum of the table's
    counts (100 and 102): the rest, 3, is a category the table does not show, as a total row
    above its parts is (``_unpublished_remainders``). Only for one printed base over one count
    measure whose cells are all published and no grand total of its own (that total is
    compared instead); not in a rounded table. A base below the counts' sum is of another
    population (events per person, a subgroup): nothing to say."""
    if not table.title or not any("=" in t or ":" in t for t in table.title):
        return []
    bases = {_int(m[1]) for t in table.title for m in _BASE.finditer(t)}
    counts = [m for m in table.measures if m.role is Role.COUNT]
    if len(bases) != 1 or len(counts) != 1:
        return []
    base = next(iter(bases))
    cells = [c for c in table.cells if c.measure is counts[0]]
    inner = [c for c in cells if not c.total_dims]
    if len(inner) < 2 or any(c.value is None or c.suppressed or not float(c.value).is_integer()
                             for c in inner):
        return []
    if any(c.total_dims >= set(table.dimensions) for c in cells):
        return []  # a grand total of its own: _unpublished_remainders compares it
    values = [float(c.value) for c in inner if c.value is not None]
    rest = base - sum(values)
    if rest <= FLOAT_SLACK or all(v % 5 == 0 for v in (base, *values)):
        return []
    anchor = next((cell for row in table.grid for cell in row
                   if cell.row not in table.data_rows and base in printed_base_numbers(
                       cell.raw)), None) if _code_grid_holds(table, _may_hold_a_base) else None
    return [ImpliedCount(
        cell=anchor if anchor is not None else inner[0], count=float(round(rest)),
        base=None, share=None, split=False,
        how=f"the base {_fmt(base)} printed in the title is {_fmt(round(rest))} more than the "
            f"table's counts ({_fmt(base - rest)}): a category not shown",
        public="a printed base above the sum of the table's counts")]


def _lines_with_a_total(table: Table) -> Iterator[tuple[str, list[DataCell], DataCell]]:
    """``table.lines(Role.COUNT, min_members=2)`` without the lines that have no published
    total, in the same order: read from the kept lines' totals, so a long table without
    margins makes no member list at all (a list of its 600,000 members was most of
    ``implied_counts`` on a 100,000-row table)."""
    for dim, flat, ends, totals in table.line_parts(Role.COUNT).parts:
        for k in sorted(totals):
            start = ends[k - 1] if k else 0
            if ends[k] - start >= 2:
                yield dim, flat[start:ends[k]], totals[k]


# --- a count beside the same count of a subgroup --------------------------------------------

# words that say "everyone" or "a count", not what is counted (``all patients``, ``n deaths``)
_WHOLE_WORDS = _GENERIC_COUNT_NAMES | {"all", "total", "totals", "of", "the", "overall"}


def _qualifier(whole: str, sub: str) -> bool:
    """``sub`` names ``whole``'s units with a qualifier: every word of ``whole`` but those
    saying "everyone" or "a count" is in ``sub``, and ``sub`` has more (``all patients`` and
    ``patients aged 18+``; ``deaths`` and ``deaths within 30 days``)."""
    named = set(words(whole.replace("_", " "))) - _WHOLE_WORDS
    more = set(words(sub.replace("_", " "))) - _WHOLE_WORDS
    return bool(named) and named < more


# a header that says "everyone" (``all patients``, ``total``, ``overall``) or only "a count"
# (``n``): the table's whole, which any count beside it never above it may be a part of
_EVERYONE_WORDS = {"all", "total", "totals", "overall", "everyone", "everybody"}
# a header that says its count is a part of the one before (``of whom vaccinated``, ``of which:
# emergency``, ``including readmissions``, ``among them``)
_SUBGROUP_OPENER = re.compile(r"^\W*(?:of\s+(?:whom|which|these|those|them)|among\s+"
                              r"(?:whom|them|these|those)|including|incl\b|thereof)", re.I)


def _may_nest(whole: str, sub: str) -> bool:
    """Whether ``sub`` may count a part of ``whole``'s units: a qualifier of its words
    (``_qualifier``), a whole that says "everyone" or names only a count (``all patients``,
    ``total``, ``n``) beside any other count, or a part that says it is one (``of whom
    vaccinated``). Hunt round 19: ``patients`` 30 beside ``of whom vaccinated`` 27, ``all
    patients`` beside ``vaccinated``, ``n`` beside ``deaths`` passed with 3 or 4 left over."""
    if _qualifier(whole, sub):
        return True
    if _SUBGROUP_OPENER.match(sub):
        return True
    said = set(words(whole.replace("_", " ")))
    return bool(said & _EVERYONE_WORDS) or (bool(said) and said <= _GENERIC_COUNT_NAMES)


def _nested_complements(table: Table) -> list[ImpliedCount]:
    """Two count columns of a long table, one never above the other on any row: the whole
    minus the part may be a count of the rest (the under-18s, the unvaccinated), as the
    differencing rule finds between outputs. The numbers' nesting is the reason (round 20:
    ``Patients`` beside ``Vaccinated`` passed with 3 left over, no word saying they nest);
    headers that say so (``all patients``, ``patients aged 18+``; ``_may_nest``) only name
    the pair in the message. Not paired: two names of one count (equal on every row), and
    categories of a header crossing two variables (``_categories_of_a_cross``), as a header
    of one row of categories is read wide. Checked by SDC101 capped at ``review``: whether
    one counts a part of the other, a person decides."""
    counts = [m for m in table.measures if m.role is Role.COUNT and m.per is None]
    if len(counts) < 2 or table.layout != "long":
        return []
    by_row: dict[int, dict[int, DataCell]] = defaultdict(dict)
    for cell in table.cells:
        if cell.measure.role is Role.COUNT and not cell.suppressed and cell.value is not None:
            by_row[cell.source.row][id(cell.measure)] = cell
    found: list[ImpliedCount] = []
    # over every measure: ACRO's ``std / M, count / M, count / F`` crosses the statistic with
    # sex, though among the counts only the sex level varies
    names = [m.name for m in table.measures]
    varying = _varying_levels(names)
    rows = list(by_row.values())
    for whole in counts:
        for sub in counts:
            if sub is whole:
                continue
            pairs = _nested_on_every_row(rows, id(whole), id(sub))
            if not pairs:
                continue
            said = _may_nest(whole.name, sub.name)
            if not said and _categories_of_a_cross(whole.name, sub.name, varying, names):
                continue
            if all(part == big for big, _, part in pairs) and (
                    not said or _may_nest(sub.name, whole.name)):
                continue  # two names of one count (``n`` and ``total``): nothing is left over
            if _printed_beside(rows, id(whole), id(sub), [id(m) for m in counts]):
                continue
            found += _left_over(pairs, whole.name, sub.name,
                                "a count less its subgroup beside it (as the headers read)"
                                if said else _NEVER_ABOVE)
    return found


_NEVER_ABOVE = "a count less a count beside it never above it on any row"


def _left_over(pairs: list[tuple[float, DataCell, float]], whole: str, sub: str, public: str
               ) -> list[ImpliedCount]:
    """The whole less its part on each row, at the part's cell: counts for SDC101 (capped at
    review: whether one counts a part of the other, a person decides)."""
    return [ImpliedCount(
        cell=s, count=big - part, base=big, share=None, split=False,
        how=f"'{whole}' {_fmt(big)} less '{sub}' {_fmt(part)} leaves {_fmt(big - part)}, "
            "if the second is a subgroup of the first",
        public=public, alternative=True) for big, s, part in pairs]


def _printed_beside(rows: list[dict[Any, DataCell]], whole: Any, sub: Any,
                    columns: Iterable[Any]) -> bool:
    """Whether the whole less the part is itself a count column of the table on every row
    (lifelines' ``removed`` less ``observed`` is its ``censored``): that column's cells are
    checked where they are printed, so the difference says nothing more. Rows map a column's
    key (a measure's id, a header label) to its cell."""
    for key in columns:
        if key in (whole, sub):
            continue
        if all(row.get(key) is not None
               and float(row[key].value or 0) == float(row[whole].value or 0)
               - float(row[sub].value or 0)
               for row in rows if row.get(whole) is not None and row.get(sub) is not None):
            return True
    return False


def _nested_header_levels(table: Table) -> list[ImpliedCount]:
    """A wide table whose column labels are not recognisably categories of one variable: two
    texts of one header level (``Residents`` and ``Vaccinated``, under a header of one row or
    over ``0-64`` and ``65+``) are paired by their numbers, as ``_nested_complements`` pairs two
    count columns of a long table. The layout reads such a header as categories (neither text
    names a count), so the 3 unvaccinated residents passed (round 20, crossed: several header
    rows; round 21, flat: one). Not paired: texts that are categories of one variable by their
    words (``categories_of_one_variable``: sexes, disjoint age bands, years, answers) or by
    their numbers (a column printing their sum on every line, ``_summed_by_a_column``), and
    the rows of a table (a crosstab's rows nest by chance), and nesting that chance explains
    among categories (``_one_order``, ``_beyond_chance``: four regions of an R ``xtabs`` on two
    lines; round 22, flat2). Checked by SDC101 capped at ``review``."""
    if table.layout != "wide" or table.columns_grouped or not table.column_dimensions:
        return []  # the API's own crosstab: its columns are the values of a variable
    cells = [c for c in table.cells if c.measure.role is Role.COUNT and c.measure.per is None
             and not c.suppressed and c.value is not None]
    found: list[ImpliedCount] = []
    for dim in table.column_dimensions:
        every = sorted({c.coords[dim] for c in cells if c.coords.get(dim)})
        # the reader's margins too: a table's own name (``margins_name="Everyone"``)
        margins = {c.coords[dim] for c in cells if dim in c.total_dims}
        labels = [label for label in every if not MARGIN_LABEL.match(label.strip())
                  and not _total_line(label) and label not in margins]
        if len(labels) < 2:
            continue
        lines: dict[tuple, dict[str, DataCell]] = defaultdict(dict)
        for cell in cells:
            label = cell.coords.get(dim)
            if label:
                key = tuple(sorted((d, v) for d, v in cell.coords.items() if d != dim))
                lines[key][label] = cell
        rows = list(lines.values())
        if _summed_by_a_column(rows, every):
            continue
        nested: dict[tuple[str, str], list[tuple[float, DataCell, float]]] = {}
        never = list(_never_above(rows, labels))
        chain = _one_order(rows, labels, never) or _one_data_line(lines, labels)
        for whole, sub in never:
            if categories_of_one_variable(whole, sub, labels, dim):
                continue
            pairs = _nested_on_every_row(rows, whole, sub)
            if pairs and not all(part == big for big, _, part in pairs) \
                    and (chain or _beyond_chance(len(pairs), len(labels))):
                nested[whole, sub] = pairs
        for (whole, sub), pairs in nested.items():
            if _between(nested, whole, sub, labels) or _printed_beside(rows, whole, sub, every):
                continue
            found += _left_over(pairs, whole, sub, _NEVER_ABOVE)
    return found


def _one_order(rows: list[dict[str, DataCell]], labels: list[str],
               never: list[tuple[str, str]]) -> bool:
    """Whether the level's labels hold one order on every line, on two lines at least: every
    two printed together on a line are nested one way on all of them (months of a cumulative
    count, ``Residents`` over ``Vaccinated``). Categories do so by chance about once in k! per
    line after the first (1 in 2 for two labels on two lines, the smallest table the pairing
    must catch; 1 in 6 for three labels) when their sizes are alike; categories of skewed
    sizes whose lines share a profile hold one order far more often (diagnosis groups as
    columns: round 23's measurement against ACRO, docs/decisions.md "acrocost"), and are
    reviewed where two lie within 9: no number tells them from a funnel of measures."""
    if sum(sum(label in row for label in labels) >= 2 for row in rows) < 2:
        return False  # one line: every two different numbers are ordered, by chance
    if len(rows) * len(labels) < _PAIRS_BY_ARRAY_FROM:  # numpy only for a big table
        ordered = {frozenset(pair) for pair in never}
        return all(frozenset((a, b)) in ordered for row in rows
                   for i, a in enumerate(labels) if a in row
                   for b in labels[i + 1:] if b in row)
    import numpy as np

    printed = np.array([[label in row for label in labels] for row in rows], dtype=int)
    together = (printed.T @ printed) > 0
    index = {label: i for i, label in enumerate(labels)}
    ordered = np.zeros_like(together)
    for whole, sub in never:
        ordered[index[whole], index[sub]] = ordered[index[sub], index[whole]] = True
    np.fill_diagonal(together, False)
    return bool((ordered | ~together).all())


def _one_data_line(lines: dict[tuple, dict[str, DataCell]], labels: list[str]) -> bool:
    """Whether the level's labels stand together on one line only, totals and margins aside
    (``region,Residents,Vaccinated`` over ``North,40,37``: pandas ``to_csv``, R ``write.csv``).
    One line orders every two numbers, so nothing says whole and part (``_one_order``), but
    nothing says categories either: fail closed, the pair is read as nested (round 22, flat3).
    Labels known as categories of one variable, a column printing their sum, the API's own
    crosstab and chain neighbours still remove pairs (``_nested_header_levels``)."""
    found = 0
    for key, row in lines.items():
        if sum(label in row for label in labels) >= 2 and not any(
                MARGIN_LABEL.match(str(value).strip()) or _total_line(str(value))
                for _, value in key):
            found += 1
            if found > 1:
                return False  # two lines: _one_order and _beyond_chance weigh them
    return found == 1


def _beyond_chance(lines: int, labels: int) -> bool:
    """Whether a pair nesting on ``lines`` lines (a whole never below its part) is no likelier
    by chance among ``labels`` categories than two labels nesting on two lines (1 in 2, the
    smallest table the pairing must catch): an ordered pair nests on n lines by chance about
    once in 2**n, and a level of k labels asks k(k - 1) ordered pairs. Four regions of an R
    ``xtabs`` on two lines (12 pairs, 3 expected to nest) are not paired; on five lines or more
    they are. Used when the labels hold no one order (``_one_order``)."""
    return labels * (labels - 1) * 2.0 ** -lines <= 0.5


def _never_above(rows: list[dict[str, DataCell]], labels: list[str]
                 ) -> Iterator[tuple[str, str]]:
    """(whole, sub) for every two labels printed together on some line where ``sub`` is
    never above ``whole``: all pairs at once over a lines x labels array (a wide table of a
    few hundred lines and columns asks tens of thousands of pairs; issue 14). numpy is imported
    here, and only for a table past ``_PAIRS_BY_ARRAY_FROM`` cells: a plain CSV's check loads
    no numeric library (tests/test_startup.py)."""
    if len(rows) * len(labels) < _PAIRS_BY_ARRAY_FROM:
        yield from _never_above_plain(rows, labels)
        return
    import numpy as np

    values = np.full((len(rows), len(labels)), np.nan)
    for i, row in enumerate(rows):
        for j, label in enumerate(labels):
            if (cell := row.get(label)) is not None:
                values[i, j] = float(cell.value or 0)
    printed = ~np.isnan(values)
    for j, whole in enumerate(labels):
        column = values[:, j:j + 1]
        with np.errstate(invalid="ignore"):
            above = (values > column) & printed & printed[:, j:j + 1]
        together = (printed & printed[:, j:j + 1]).any(axis=0)
        for k in np.flatnonzero(together & ~above.any(axis=0)):
            if k != j:
                yield whole, labels[k]


# lines x labels from which the pairs are found over a numpy array (below, a loop is as fast
# as importing numpy)
_PAIRS_BY_ARRAY_FROM = 4_096


def _never_above_plain(rows: list[dict[str, DataCell]], labels: list[str]
                       ) -> Iterator[tuple[str, str]]:
    """:func:`_never_above` pair by pair, in its order (a small table)."""
    values = [{label: v for label in labels if (cell := row.get(label)) is not None
               and (v := float(cell.value or 0)) == v} for row in rows]  # NaN: not printed
    for whole in labels:
        for sub in labels:
            if sub == whole:
                continue
            together = [line for line in values if whole in line and sub in line]
            if together and all(line[sub] <= line[whole] for line in together):
                yield whole, sub


def _between(nested: dict[tuple[str, str], Any], whole: str, sub: str, labels: list[str]
             ) -> bool:
    """Whether a third label lies between the two on every line, never equal to either on
    all (weeks of a cumulative count: week 3 over week 2 over week 1). Week 3 less week 1 is
    then the sum of two differences that are paired, each no larger: if it is small, one of
    them is small and found (its pairs are paired, or lie between in turn). Pairing only the
    neighbours keeps a chain of n labels at n - 1 pairs, not n * n (issue 14)."""
    return any((whole, mid) in nested and (mid, sub) in nested
               for mid in labels if mid not in (whole, sub))


def _summed_by_a_column(rows: list[dict[str, DataCell]], labels: list[str]) -> bool:
    """Whether one label's count is the sum of all the others' on every line that prints them
    all (at least one), and never below the sum of those printed on the others (``Q1``..``Q4``
    beside ``Year``, ``A`` and ``B`` beside ``All``): the others are then categories of one
    variable, split out of that sum. Numbers, not words: a researcher cannot print such a
    column without the counts agreeing; a wrong or missing sum leaves the pairs to SDC101."""
    if len(labels) < 3:
        return False
    for total in labels:
        others = [label for label in labels if label != total]
        checked = 0
        for row in rows:
            if total not in row:
                continue
            printed = [float(row[o].value or 0) for o in others if o in row]
            whole = float(row[total].value or 0)
            if len(printed) == len(others):
                if abs(whole - sum(printed)) > 1e-6:
                    break
                checked += 1
            elif whole + 1e-6 < sum(printed):
                break
        else:
            if checked:
                return True
    return False


def _nested_on_every_row(rows: list[dict[Any, DataCell]], whole: Any, sub: Any
                         ) -> list[tuple[float, DataCell, float]]:
    """(whole, the part's cell, part) on every row holding both, or nothing when on some row
    the part is above the whole (stops there: most pairs of a wide table of counts do not
    nest, and every pair of count columns is asked)."""
    pairs: list[tuple[float, DataCell, float]] = []
    for row in rows:
        big_cell, part_cell = row.get(whole), row.get(sub)
        if big_cell is None or part_cell is None:
            continue
        big, part = float(big_cell.value or 0), float(part_cell.value or 0)
        if part > big:
            return []
        pairs.append((big, part_cell, part))
    return pairs


_LEVEL = " / "  # how the layout joins the levels of a header of several rows


def _varying_levels(names: list[str]) -> set[int]:
    """The levels of a header of several rows whose texts differ between the measure columns
    (``Title / Female / 0-64``, ``Title / Male / 65+``: levels 1 and 2)."""
    split = [name.split(_LEVEL) for name in names]
    if len({len(parts) for parts in split}) != 1:
        return set()
    return {i for i in range(len(split[0])) if len({parts[i] for parts in split}) > 1}


def _categories_of_a_cross(a: str, b: str, varying: set[int], names: list[str]) -> bool:
    """Two count columns that read as categories of one variable rather than a count and a
    part of it. In a header crossing two variables (two levels vary): they differ at more
    than one level (``Patients / 65+`` and ``Vaccinated / 0-64``), or at one whose two texts
    are recognisably categories of one variable (``Female`` and ``Male``, disjoint age bands,
    years, answers; ``categories_of_one_variable``). Texts it does not know (``Residents``
    over ``Vaccinated``, neither naming a count) are paired by their numbers: a vocabulary may
    only say a pair is NOT nested (round 20, crossed: the 3 unvaccinated residents passed).
    Anywhere: two headers ending in two answers of one question (``No`` and ``Yes``)."""
    pa, pb = a.split(_LEVEL), b.split(_LEVEL)
    if len(pa) == len(pb) and len(varying) >= 2:
        differ = [i for i in range(len(pa)) if pa[i] != pb[i]]
        if len(differ) != 1:
            return True
        at = differ[0]
        level = {parts[at] for parts in (n.split(_LEVEL) for n in names) if len(parts) == len(pa)}
        if categories_of_one_variable(pa[at], pb[at], level):
            return True
    return _answers_of_one_question(a, b)


def _answers_of_one_question(a: str, b: str) -> bool:
    """Two headers ending in two answers (``died No`` and ``Yes``: R's ``ftable`` folds the
    variable's name into its first level): the categories of one variable, whatever count
    word the name holds."""
    last_a, last_b = words(a)[-1:], words(b)[-1:]
    return bool(last_a and last_b) and last_a != last_b \
        and {last_a[0], last_b[0]} <= ANSWERS


_LESS_A_PART = re.compile(r"^(?P<whole>.+?)\s*[,(]?\s+(?:excluding|excl\.?|except|without|"
                         r"minus|less|other than|apart from|ex\.)\s+\S", re.I)


def _row_dimension_labels(table: Table, default: Any = None) -> dict[str, set[Any]]:
    """Each row dimension's distinct labels over the table's cells (``default`` where a
    cell's coordinates lack it): ``set(cell_labels(table.cells, dim, default))`` for each,
    without a list of every cell's label per dimension and pass (issue 14 §3)."""
    return distinct_labels_by_dim([cell.coords for cell in table.cells],
                                  table.row_dimensions, default)


def _rows_less_a_part(table: Table) -> list[ImpliedCount]:
    """A row labelled ``All excluding West`` (``England excl. London``, ``Total without
    transfers``) beside the row its label starts with (``All``): the difference is the part
    left out, a count printed nowhere. Checked by SDC101 capped at ``review`` (the part is
    read from the label's words; the numbers only agree when it is not negative)."""
    found: list[ImpliedCount] = []
    # each row dimension's distinct labels, read a column at a time (issue 14 §3)
    distinct = _row_dimension_labels(table)
    for dim in table.row_dimensions:
        labels = distinct[dim]
        if not any(label and _LESS_A_PART.match(label.strip().casefold()) for label in labels):
            continue  # no label leaves a part out (most tables): nothing to pair, skip the index
        by_label: dict[tuple, dict[str, DataCell]] = defaultdict(dict)
        for cell in table.cells:
            if cell.measure.role is not Role.COUNT or cell.suppressed or cell.value is None \
                    or dim not in cell.coords:
                continue
            rest = tuple(sorted((k, v) for k, v in cell.coords.items() if k != dim))
            by_label[(id(cell.measure), rest)][cell.coords[dim].strip().casefold()] = cell
        for cells in by_label.values():
            for label, sub in cells.items():
                m = _LESS_A_PART.match(label)
                whole = cells.get(m["whole"].strip()) if m else None
                big = whole.value if whole is not None else None
                part = sub.value
                if whole is None or big is None or part is None or big < part:
                    continue
                rest_n = big - part
                found.append(ImpliedCount(
                    cell=sub, count=float(rest_n), base=big, share=None, split=False,
                    how=f"the row '{whole.coords[dim]}' {_fmt(big)} less this row "
                        f"{_fmt(part)} leaves {_fmt(rest_n)}, the part it leaves out",
                    public="a row less the row that leaves a part out of it",
                    alternative=True))
    return found


def _rows_of_whom(table: Table) -> list[ImpliedCount]:
    """A row labelled ``of whom vaccinated`` (``of which: emergency``, ``including ...``)
    under the row it is a part of (the nearest row above it whose label does not open so):
    the difference is the rest, a count printed nowhere. The rows' form of ``_may_nest``'s
    opener (hunt round 19: ``Patients`` 30 over ``of whom vaccinated`` 27 passed); checked by
    SDC101 capped at ``review``, only when the part is never above its whole."""
    found: list[ImpliedCount] = []
    # each row dimension's distinct labels, read a column at a time (issue 14 §3)
    distinct = _row_dimension_labels(table)
    for dim in table.row_dimensions:
        labels = distinct[dim]
        if not any(label and _SUBGROUP_OPENER.match(label) for label in labels):
            continue
        first_row: dict[str, int] = {}
        by_label: dict[tuple, dict[str, DataCell]] = defaultdict(dict)
        for cell in table.cells:
            if cell.measure.role is not Role.COUNT or cell.suppressed or cell.value is None \
                    or dim not in cell.coords:
                continue
            label = cell.coords[dim]
            first_row[label] = min(first_row.get(label, cell.source.row), cell.source.row)
            rest = (id(cell.measure),
                    tuple(sorted((k, v) for k, v in cell.coords.items() if k != dim)))
            by_label[rest][label] = cell
        wholes: dict[str, str | None] = {}
        before: str | None = None
        for label in sorted(first_row, key=first_row.__getitem__):
            if _SUBGROUP_OPENER.match(label):  # under a part, the part's own whole
                wholes[label] = wholes.get(before, before) if before is not None else None
            before = label
        for part, whole in wholes.items():
            if whole is None:
                continue
            pairs = [(cells[whole], cells[part]) for cells in by_label.values()
                     if whole in cells and part in cells]
            if not pairs or any(float(p.value or 0) > float(w.value or 0) for w, p in pairs):
                continue
            for w, p in pairs:
                big, small = float(w.value or 0), float(p.value or 0)
                found.append(ImpliedCount(
                    cell=p, count=big - small, base=big, share=None, split=False,
                    how=f"the row '{whole}' {_fmt(big)} less this row {_fmt(small)} leaves "
                        f"{_fmt(big - small)}, if this row is a part of it",
                    public="a row less the row of its part under it (as the labels read)",
                    alternative=True))
    return found


# --- rows that nest by their numbers (round 21, rows3) ----------------------------------------

# a dimension with more labels is not paired (pairs grow as its square; a transposed table's
# measures are a few lines): its labels stay read as categories, as before round 21
_MAX_NESTED_ROW_LABELS = 200
_ROWS_NEVER_ABOVE = "a row less a row never above it on any column"


def _nested_rows(table: Table) -> list[ImpliedCount]:
    """Two rows of a table of two dimensions or more, one never above the other on any
    column: the whole less the part may be a count of the rest, as ``_nested_complements``
    pairs count columns. A transposed table (``measure,North,South`` over ``Patients,40,55``
    and ``Vaccinated,37,50``: pandas ``.T.to_csv()``, R ``write.csv(t(x))``) reads like a
    crosstab, its measures as categories of one variable, so the 3 unvaccinated in the North
    passed (round 21, rows3). The numbers are the reason; not paired: two labels recognisably
    categories of one variable (sexes, disjoint age bands, years, answers:
    ``categories_of_one_variable``), margins and total lines (their rest is the other rows,
    printed), two names of one count (equal on every column), a difference printed as a row
    of its own, parts named by an ``of whom`` label (``_rows_of_whom``), percent-signed cells
    (read as shares). A table of one column is not paired: every two rows of a
    one-dimension table would nest. Checked by SDC101 capped at ``review``."""
    if len(table.dimensions) < 2 or table.rows_grouped:
        return []  # (the API's own crosstab: its rows are the values of a variable)
    found: list[ImpliedCount] = []
    distinct = _row_dimension_labels(table, _ABSENT)  # each row dimension's, at once
    for dim in table.row_dimensions:
        named = distinct[dim] - {_ABSENT, None}
        if len(named) > 2 * _MAX_NESTED_ROW_LABELS:
            continue  # a long table's many areas: no transposed table's measures
        labels = sorted(label for label in named if isinstance(label, str)
                        and not MARGIN_LABEL.match(label.strip()) and not _total_line(label))
        if not 2 <= len(labels) <= _MAX_NESTED_ROW_LABELS:
            continue
        said = _lines_of_measures(table, dim, labels, margin=len(labels) < len(named))
        if not said and (table.layout != "wide" or len(labels) < 3
                         or len(table.dimensions) != 2):
            # a long table's rows, two rows (``_lines_of_measures`` pairs them), or rows
            # crossed with more than one other variable (``crosstab([region, age], sex)``:
            # a funnel is a transposed table, measures by one variable)
            continue
        lines = _lines_of_labels(table, dim)
        if len(lines) < 2:
            continue
        rows = list(lines.values())
        if not said and not _a_funnel(rows, labels):
            continue
        for whole in labels:
            for sub in labels:
                if sub == whole or categories_of_one_variable(whole, sub, labels, str(dim)) \
                        or _answers_of_one_question(whole, sub) or _SUBGROUP_OPENER.match(sub):
                    continue
                pairs = _nested_on_every_row(rows, whole, sub)
                if not pairs or all(part == big for big, _, part in pairs):
                    continue
                if _rest_printed(rows, whole, sub, labels):
                    continue
                found += _left_over(pairs, whole, sub, _ROWS_NEVER_ABOVE)
    return found


# a row dimension named so holds measures, not categories (``measure,North,South``)
_MEASURE_DIMENSION_WORDS = {"measure", "measures", "variable", "variables", "statistic",
                            "statistics", "indicator", "indicators", "metric", "metrics"}


# words naming a state some of a population reach (``Vaccinated`` of ``Residents``): a row so
# named may be a part of the row beside it even under a total line (round 23)
_STATE_WORDS = frozenset({
    "vaccinated", "boosted", "immunised", "immunized", "tested", "screened", "diagnosed",
    "treated", "admitted", "readmitted", "hospitalised", "hospitalized", "referred",
    "discharged", "prescribed", "died", "dead", "deceased", "recovered", "cured", "infected",
    "positive", "confirmed", "eligible", "enrolled", "consented", "responded", "completed",
    "attended", "exposed", "operated", "ventilated", "dispensed", "followed", "retained",
    "relapsed", "survived", "surviving", "vaccinations", "admissions", "referrals"})
# what makes two such rows the two answers of one question (``Vaccinated``, ``Unvaccinated``;
# ``Tested``, ``Not tested``; ``Positive``, ``Negative``; ``Died``, ``Survived``)
_NEGATIONS = frozenset({"not", "non", "no", "never", "un", "without"})
_DEATH = frozenset({"died", "dead", "deceased"})
_OPPOSITES: dict[str, frozenset[str]] = {
    "positive": frozenset({"negative"}),
    **{word: frozenset({"survived", "surviving", "alive", "living", "recovered"})
       for word in _DEATH},
    **{word: _DEATH for word in ("survived", "surviving", "recovered")}}


def _a_state_beside_its_population(labels: list[str]) -> bool:
    """Whether one of two rows names a state reached by part of a population and the other
    is not its opposite: ``Residents`` over ``Vaccinated`` with a ``Total`` line adding them
    (an insider's forged total, which reads as a crosstab's margin: round 22 left it open).
    The words only add a pairing (the numbers still decide the finding); two answers of one
    question (``Vaccinated``/``Unvaccinated``, ``Died``/``Survived``) stay categories."""
    texts = [set(words(label.replace("_", " ").replace("-", " "))) for label in labels]
    if len(texts) != 2 or not any(text & _STATE_WORDS for text in texts):
        return False
    first, second = texts
    for text, other in ((first, second), (second, first)):
        states = text & _STATE_WORDS
        if not states:
            continue
        if other & _NEGATIONS or any(("un" + word) in other or ("non" + word) in other
                                     or other & _OPPOSITES.get(word, frozenset())
                                     for word in states):
            return False  # the other row answers the same question the other way
    return True


def _lines_of_measures(table: Table, dim: str, labels: list[str], *, margin: bool) -> bool:
    """Whether the rows of ``dim`` may be measures (a transposed table) rather than categories
    of one variable (a crosstab, whose rows nest by chance), by what the table says: one of
    its labels names a count (``Patients``, ``N``, ``Deaths``: ``role_from_text``), its own
    name says it holds measures (``measure``, pandas ``melt``'s ``variable``), or a wide table
    has only two rows and no total line (``Residents`` over ``Vaccinated``, R
    ``write.csv(t(x))``: no word says either way; a total line adding the two, checked by
    SDC402, says they are parts of one whole). Under a total line two rows are paired only when
    one names a state part of a population reaches (``Vaccinated``, ``Died``:
    ``_a_state_beside_its_population``; round 23): pairing every two rows under a total
    reviewed the commonest crosstab, two areas by sex with margins, wherever they nest (round
    22); a forged ``Total`` over rows no word marks stays open (docs/decisions.md), and two
    answers of one question under it (``Negative``/``Positive``: ``roles.complementary``) are
    categories whatever count word they hold (round 24). Two rows
    recognisably categories (sexes, compass regions) are left by
    ``categories_of_one_variable`` in ``_nested_rows``. Only a reason to pair more: the other
    rows of such a dimension (``Vaccinated``) are paired by their numbers whatever they say.
    Three rows or more of a wide table saying none of this are paired when their numbers form
    a funnel (``_a_funnel``), in a table of two dimensions."""
    if set(words(str(dim).replace("_", " "))) & _MEASURE_DIMENSION_WORDS:
        return True
    if len(labels) == 2 and table.layout == "wide" and (
            not margin or _a_state_beside_its_population(labels)):
        return True
    if margin and len(labels) == 2 and complementary(*labels):
        # ``Negative``/``Positive``, ``Deaths``/``Survivors`` over their total line: the two
        # answers of one question, as ``Vaccinated``/``Unvaccinated`` are; the count word
        # (``negative``, ``deaths``) names what is counted, not a second measure (round 24)
        return False
    return any(role_from_text(label) is Role.COUNT for label in labels)


# a funnel is read over three columns or more: rows of a crosstab by sex (two columns, the
# commonest shape: areas A < B < C of the handbook's population table) stand in a chain by
# their sizes far too often
_MIN_FUNNEL_COLUMNS = 3


def _a_funnel(rows: list[dict[str, DataCell]], labels: list[str]) -> bool:
    """Whether every row of the dimension (three or more) stands in one chain, each never above
    the one before it on any column printing them all and below it on some (``Residents`` >=
    ``Vaccinated`` >= ``Boosted`` by region: a cumulative funnel of measures, round 22, rows4,
    where the 3 unvaccinated in the North passed). The numbers are the reason, not the words;
    a vocabulary only removes pairs (``categories_of_one_variable`` in ``_nested_rows``). Rows
    of a real crosstab nest by chance pair by pair (pairing every crosstab's rows reviews 5
    more of the corpus's 186 safe outputs); all of them in one chain, none (docs/decisions.md,
    round 22, rows4: what it still costs on small crosstabs of names it does not know)."""
    common = [row for row in rows if all(label in row for label in labels)]
    if len(common) < _MIN_FUNNEL_COLUMNS:
        return False
    values = {label: [float(row[label].value or 0) for row in common] for label in labels}
    order = sorted(labels, key=lambda label: -sum(values[label]))
    return all(all(s <= b for b, s in zip(values[big], values[small], strict=True))
               and values[small] != values[big] for big, small in pairwise(order))


def _lines_of_labels(table: Table, dim: str) -> dict[tuple, dict[str, DataCell]]:
    """The published, unsigned count cells of ``table`` by line across ``dim`` (their measure
    and other coordinates), each line by its ``dim`` label."""
    lines: dict[tuple, dict[str, DataCell]] = defaultdict(dict)
    for cell in table.cells:
        label = cell.coords.get(dim)
        if label is None or cell.measure.role is not Role.COUNT or cell.measure.per is not None \
                or cell.suppressed or cell.value is None or cell.total_dims \
                or cell.source.raw.rstrip().endswith("%"):
            continue
        key = (id(cell.measure), tuple(sorted((d, v) for d, v in cell.coords.items()
                                              if d != dim)))
        lines[key][label] = cell
    return lines


def _rest_printed(rows: list[dict[str, DataCell]], whole: str, sub: str, labels: list[str]
                  ) -> bool:
    """Whether the whole less the part is another row on every column (``All``, ``Vaccinated``,
    ``Unvaccinated``): its cells are checked where they are printed."""
    for other in labels:
        if other in (whole, sub):
            continue
        if all(row.get(other) is not None and float(row[other].value or 0)
               == float(row[whole].value or 0) - float(row[sub].value or 0)
               for row in rows if row.get(whole) is not None and row.get(sub) is not None):
            return True
    return False


# --- a sum beside its mean -------------------------------------------------------------------

_SUM_WORDS = {"sum", "total"}
_MEAN_WORDS = {"mean", "average", "avg"}
_STAT_WORDS = _SUM_WORDS | _MEAN_WORDS | {"of", "the"}


def _counts_of_a_binary_mean(table: Table) -> list[ImpliedCount]:
    """The mean of a 0/1 variable is a proportion: beside its count and standard deviation
    (``groupby(g).died.agg(["count", "mean", "std"])``, ``describe()``) it gives the number of
    ones, ``k = mean * n``. The standard deviation proves the variable is 0/1: a variable of
    n values with k ones and n - k zeros has the sd ``sqrt(p (1 - p) n / (n - 1))``
    (``p = k / n``; without the ``n / (n - 1)`` for a population sd), and only the statistics
    of that layout (count, mean and std of one column) are read. Some whole k with k / n
    within the mean's printed rounding, 0 < k < n, must give that sd within its own; the
    nearest to ``mean * n`` is the count (a two-way split: with and without the attribute).
    A variable that is not 0/1 but happens to match is read as one: a finding a person
    clears, never a pass. Named columns (dplyr's ``summarise(n = n(), mean = mean(died), sd =
    sd(died))``, ``mean_died``/``sd_died`` beside one count column) are read too: a count of
    rows that is not the count of the mean's values would not give the 0/1 sd but by chance."""
    from sdc.magnitude_bounds import statistic_groups

    found: list[ImpliedCount] = []
    seen: set[int] = set()
    for stats in [*statistic_groups(table), *_named_statistic_groups(table)]:
        mean, count, std = stats.get("mean"), stats.get("count"), stats.get("std")
        if mean is None or id(mean) in seen:
            continue
        seen.add(id(mean))
        if mean is None or count is None or std is None or any(
                c.suppressed or c.value is None for c in (mean, count, std)):
            continue
        n, m, s = float(count.value), float(mean.value), float(std.value)  # type: ignore[arg-type]
        if not n.is_integer() or n < 2 or not 0 < m < 1 or s <= 0:
            continue
        # exponent notation: taken as printed
        dm, ds = half_unit_or(mean.source.raw, 0.0), half_unit_or(std.source.raw, 0.0)
        candidates = [k for k in range(max(1, math.ceil(n * (m - dm) - FLOAT_SLACK)),
                                       min(int(n) - 1, math.floor(n * (m + dm) + FLOAT_SLACK)) + 1)
                      if _bernoulli_sd_matches(k, n, s, ds)]
        if not candidates:
            continue
        k = min(candidates, key=lambda c: abs(c - m * n))
        found.append(ImpliedCount(
            cell=mean, count=float(k), base=n, share=k / n, split=True,
            how=f"the mean {_fmt(m)} with sd {_fmt(s)} of {_fmt(n)} values is a 0/1 "
                f"variable's proportion: {k} of {_fmt(n)}",
            public="the mean and sd of a 0/1 variable (a proportion of its count)"))
    return found


_SD_WORDS = {"sd", "std", "stdev", "stddev", "deviation"}
_SPREAD_STAT_WORDS = _MEAN_WORDS | _SD_WORDS | {"standard", "dev"}


def _named_statistic_groups(table: Table) -> list[dict[str, DataCell]]:
    """Per line, ``count``/``mean``/``std`` from columns named so: the table's one count
    column, and a mean and an sd column naming the same variable once their statistic's words
    are set aside (``mean_died`` with ``sd_died``, ``mean`` with ``sd``)."""
    counts = [m for m in table.measures if m.role is Role.COUNT]
    if len(counts) != 1:
        return []

    def rest(name: str) -> tuple[str, ...]:
        return tuple(w for w in words(name) if w not in _SPREAD_STAT_WORDS)

    means = {rest(m.name): m for m in table.measures
             if set(words(m.name)) & _MEAN_WORDS and not set(words(m.name)) & _SD_WORDS}
    sds = {rest(m.name): m for m in table.measures if set(words(m.name)) & _SD_WORDS}
    pairs = [(means[k], sds[k]) for k in means.keys() & sds.keys()]
    if not pairs:
        return []
    by_line: dict[tuple, dict[int, DataCell]] = defaultdict(dict)
    for cell in table.cells:
        by_line[_coords_key(cell)][id(cell.measure)] = cell
    groups: list[dict[str, DataCell]] = []
    for line in by_line.values():
        count = line.get(id(counts[0]))
        for mean_m, sd_m in pairs:
            mean, sd = line.get(id(mean_m)), line.get(id(sd_m))
            if count is not None and mean is not None and sd is not None:
                groups.append({"count": count, "mean": mean, "std": sd})
    return groups


def _bernoulli_sd_matches(k: int, n: float, s: float, ds: float) -> bool:
    p = k / n
    tolerance = ds + float_slack(s)
    return any(abs(math.sqrt(p * (1 - p) * scale) - s) <= tolerance
               for scale in (n / (n - 1), 1.0))


def _counts_from_sum_and_mean(table: Table) -> list[ImpliedCount]:
    """A sum beside the mean of the same variable gives the number of units: ``total_cost
    1,350`` and ``mean_cost 450.00`` are 3 patients, whether their count is hidden (``[c]``)
    or not printed at all. Only where the quotient is a whole number within the printed
    rounding of both, and only when the line does not publish that count already."""
    found: list[ImpliedCount] = []
    # by the measures' names first (a few per table), so a table without both costs nothing
    sum_measures = {id(m) for m in table.measures if _names_a_sum(m.name)}
    mean_measures = {id(m) for m in table.measures if set(words(m.name)) & _MEAN_WORDS}
    if not sum_measures or not mean_measures:
        return found
    by_line: dict[tuple, list[DataCell]] = defaultdict(list)
    for cell in table.cells:
        if cell.value is not None and not cell.suppressed:
            by_line[_coords_key(cell)].append(cell)
    for line in by_line.values():
        sums = [c for c in line if id(c.measure) in sum_measures and not c.total_dims]
        means = [c for c in line if id(c.measure) in mean_measures]
        if not sums or not means:
            continue
        published = {c.value for c in line if effective_role(table, c) is Role.COUNT}
        for total, mean in _same_variable(sums, means):
            n = _units_of(total, mean)
            if n is None or float(n) in published:
                continue
            found.append(ImpliedCount(
                cell=mean, count=float(n), base=None, share=None, split=False,
                how=f"{total.measure.name} {_fmt(total.value)} / {mean.measure.name} "  # type: ignore[arg-type]
                    f"{_fmt(mean.value)} = {n} units",  # type: ignore[arg-type]
                public="a sum and its mean give the number of units"))
    return found


def _names_a_sum(name: str) -> bool:
    """``los_sum``, ``total_cost``, ``sum of income``; not ``Total`` alone (the whole line's
    statistic: a mean beside means). Margin cells are left out by the caller."""
    named = set(words(name))
    return bool(named & _SUM_WORDS) and ("sum" in named or len(named - _STAT_WORDS) >= 1)


def _same_variable(sums: list[DataCell], means: list[DataCell]
                   ) -> list[tuple[DataCell, DataCell]]:
    """Pairs of a sum and a mean of one variable (``los_sum``/``los_mean``); a line with one
    of each pairs them whatever the names."""
    if len(sums) == 1 and len(means) == 1:
        return [(sums[0], means[0])]

    def variable(cell: DataCell) -> frozenset[str]:
        return frozenset(words(cell.measure.name)) - _STAT_WORDS

    return [(s, m) for s in sums for m in means if variable(s) == variable(m)]


def _units_of(total: DataCell, mean: DataCell) -> int | None:
    """sum / mean when it is a whole number of at least 1 within the printed rounding."""
    assert total.value is not None and mean.value is not None
    if mean.value <= 0 or total.value <= 0 or total is mean:
        return None
    n = total.value / mean.value
    # both as printed (4.33 is 4.33 +- 0.005): past a quarter unit any whole number would fit
    slack = (n * _tolerance(mean) + _tolerance(total)) / mean.value
    nearest = round(n)
    if nearest < 1 or slack >= 0.25 or abs(n - nearest) > slack:
        return None
    return nearest


# --- a margin of distinct contributors ------------------------------------------------------

def _counts_distinct(cell: DataCell) -> bool:
    """``cell``'s evidence (an API sidecar of ``contributor=``) says it counts distinct
    contributors, fewer than its records."""
    evidence = cell.evidence or {}
    units, records = evidence.get("n_units"), evidence.get("n_records")
    return (cell.value is not None and isinstance(units, (int, float))
            and isinstance(records, (int, float)) and units < records
            and abs(cell.value - units) <= 0.5)


def _distinct_union_parts(table: Table) -> list[ImpliedCount]:
    """A margin that counts distinct contributors over two cells (``sdc.crosstab(...,
    contributor=firm, margins=True)``: a firm in both cells is counted once) is the size of
    their union: ``m - b`` contributors are only in the first cell, ``m - a`` only in the
    second and ``a + b - m`` in both, exact counts a reader works out. The smallest of them
    above zero is a count at the margin. Only where the margin's evidence says it counts
    distinct units and ``max(a, b) <= m <= a + b``; with more cells only bounds follow, none
    is read. Only adds counts (the evidence can fail a table, never pass one)."""
    margins = [c for c in table.cells if len(c.total_dims) == 1 and _counts_distinct(c)]
    found: list[ImpliedCount] = []
    for m in margins:
        (dim,) = m.total_dims
        rest = {d: v for d, v in m.coords.items() if d != dim}
        members = [c for c in table.cells if c.measure is m.measure and not c.is_margin
                   and dim in c.coords and all(c.coords.get(d) == v for d, v in rest.items())]
        if len(members) != 2 or any(c.value is None for c in members):
            continue
        a, b = (float(c.value) for c in members)  # type: ignore[arg-type]
        total = float(m.value)  # type: ignore[arg-type]
        if not max(a, b) <= total <= a + b:
            continue
        parts = [(total - b, "only in the first cell"), (total - a, "only in the second"),
                 (a + b - total, "in both cells")]
        positive = [(n, what) for n, what in parts if n >= 1]
        if not positive:
            continue
        n, what = min(positive)
        found.append(ImpliedCount(
            cell=m, count=n, base=None, share=None, split=False,
            how=f"the total {_fmt(total)} counts distinct contributors of the cells "
                f"{_fmt(a)} and {_fmt(b)}: {_fmt(n)} are {what}",
            public="contributors in one cell only, or in both, of a total that counts each "
                   "once"))
    return found


# --- cumulative counts -----------------------------------------------------------------------

def _cumulative(table: Table) -> list[ImpliedCount]:
    title = " ".join(table.title)
    found: list[ImpliedCount] = []
    measures = {id(c.measure): c.measure for c in table.cells}.values()
    for measure in measures:
        if names_people_at_risk(measure.name) or (
                table.layout == "wide" and names_people_at_risk(title)):
            found += _at_risk_falls(table, measure)
            continue
        if not (_CUMULATIVE.search(measure.name) or
                (table.layout == "wide" and _CUMULATIVE.search(title))):
            continue
        cells = [c for c in table.cells if c.measure is measure and not c.is_margin
                 and effective_role(table, c) is Role.COUNT]
        for dim in _ordered_dimensions(table, cells):
            for line in _lines_along_dims(cells, _moving_with(cells, dim)).values():
                line.sort(key=lambda c: (c.source.row, c.source.col))
                found += _steps(line, 1, "the cumulative count rises from {} to {}: {} in "
                                "this step", "the step of a cumulative count")
    return found


def _moving_with(cells: list[DataCell], dim: str) -> set[str]:
    """``dim`` and the dimensions whose labels change with its own, one to one (SAS's
    ``F_region`` beside ``region``, a code beside its name): a line along ``dim`` moves along
    them too. Grouped by the others only, each line was one cell and no step was read (a
    suppressed count was its cumulative count's step, and passed)."""
    dims = {d for c in cells for d in c.coords} - {dim}
    moving = {dim}
    for other in dims:
        pairs = {(c.coords.get(dim), c.coords.get(other)) for c in cells}
        if len({a for a, _ in pairs}) == len(pairs) == len({b for _, b in pairs}):
            moving.add(other)
    return moving


def _lines_along_dims(cells: list[DataCell], dims: set[str]) -> dict[tuple, list[DataCell]]:
    """The cells grouped by their measure and their coordinates outside ``dims``."""
    lines: dict[tuple, list[DataCell]] = defaultdict(list)
    for cell in cells:
        lines[(cell.measure.name, *sorted((d, v) for d, v in cell.coords.items()
                                           if d not in dims))].append(cell)
    return lines


def _steps(line: list[DataCell], sign: int, how: str, public: str) -> list[ImpliedCount]:
    """Each step of a line of counts in order, ``sign`` × (next − previous), as a count at
    the later cell (``how`` worded with the two values and the step): a cumulative count's
    rises (``sign`` 1), a number at risk's falls (−1). A step against the direction gives
    no count (a correction, a late entry)."""
    found: list[ImpliedCount] = []
    for before, after in pairwise(line):
        if before.value is None or after.value is None:
            continue
        # not sign * (…): a level line's step would be -0.0, printed "-0"
        step = after.value - before.value if sign > 0 else before.value - after.value
        if step < 0:
            continue
        found.append(ImpliedCount(
            cell=after, count=step, base=None, share=None, split=False,
            how=how.format(_fmt(before.value), _fmt(after.value), _fmt(step)), public=public))
    return found


def _at_risk_falls(table: Table, measure: Any) -> list[ImpliedCount]:
    """A survival table's number at risk is a cumulative count run backwards: each fall along
    time is the people who had the event or were censored in that interval (ACRO's
    ``surv_func`` merges intervals until that fall reaches its threshold). A rise (late entry)
    gives no count. Only along times: between groups (arms, regions) a difference is no one's.
    """
    found: list[ImpliedCount] = []
    cells = [c for c in table.cells if c.measure is measure and not c.is_margin
             and effective_role(table, c) is Role.COUNT]
    dims = [d for d in table.dimensions if any(d in c.coords for c in cells)]
    if not table.dimensions:
        line = _rows_in_time_order(table, cells)
        if line:
            found += _steps(line, -1, "the number at risk falls from {} to {}: {} had the "
                            "event or were censored", "the fall of a number at risk")
            found += _censored_between(table, line)
            found += _events_from_survival(table, line)
    for dim in dims:
        times = [_time_of(c.coords[dim]) for c in cells if dim in c.coords]
        if not all(t is not None for t in times):
            continue
        numeric = all(isinstance(t, float) for t in times)
        for line in _lines_along_dim(cells, dim).values():
            line.sort(key=lambda c: ((_time_of(c.coords[dim]), 0, 0) if numeric
                                     else (0.0, c.source.row, c.source.col)))
            found += _steps(line, -1, "the number at risk falls from {} to {}: {} had the "
                            "event or were censored", "the fall of a number at risk")
            found += _censored_between(table, line)
            found += _events_from_survival(table, line)
    return found


# a survival curve's value (``survival``, R's ``surv``, ``survival_proportion``, ``km``), not
# its interval or error (``lower``, ``upper 95% CI``, ``std.err``)
_SURVIVAL = re.compile(r"surv|kaplan|(?<![a-z])km(?![a-z])", re.I)
_NOT_SURVIVAL_WORDS = {"lower", "upper", "ci", "lcl", "ucl", "se", "err", "std", "error",
                       "conf", "cumhaz", "hazard", "time", "times"}


def _events_from_survival(table: Table, line: list[DataCell]) -> list[ImpliedCount]:
    """Beside a number at risk and a Kaplan-Meier survival with no event count printed (R's
    ``summary(survfit)`` columns ``time, n.risk, survival``), each step of the curve is
    ``S = S_before * (1 - d / n)``: ``d = n * (1 - S / S_before)`` are the people who had the
    event at that time (output-checking guides: events at each time are counts, a step of 1
    event is one person). Only where ``d`` is a whole number of at least 1 within the printed
    rounding of both survivals; the first row steps down from 1. Only adds counts: a survival
    column sdc cannot read this way stays unchecked (SDC602 review)."""
    measures = {id(c.measure): c.measure for c in table.cells}.values()
    printed = [m for m in measures if set(words(m.name)) & _EVENT_WORDS]
    if printed and not any(_SURVIVAL.search(m.name) and m.role is Role.STATISTIC
                           for m in measures):
        return []  # the events are printed and checked as counts
    # read as the estimate of the printed events (sdc.readers.layout_survival): a step that
    # gives another whole number of events than the row prints says what they do not (fp26)
    ids = {id(m) for m in printed}
    events = {_same_row_key(c): c.value for c in table.cells if id(c.measure) in ids}
    survival: dict[tuple[Any, ...], DataCell] = {}
    for c in table.cells:
        if (c.measure is not line[0].measure and not c.is_margin and c.value is not None
                and _SURVIVAL.search(c.measure.name)
                and not set(words(c.measure.name)) & _NOT_SURVIVAL_WORDS):
            survival.setdefault(_same_row_key(c), c)
    steps = [(risk, survival.get(_same_row_key(risk))) for risk in line]
    curve = [s for _, s in steps if s is not None]
    if not curve:
        return []
    scale = 100.0 if any(s.value is not None and s.value > 1 for s in curve) else 1.0
    found: list[ImpliedCount] = []
    before: DataCell | None = None
    for risk, cell in steps:
        if cell is None or risk.value is None or cell.value is None:
            before = None
            continue
        s, tol = cell.value / scale, _tolerance(cell) / scale
        if before is None and cell is curve[0]:
            s_before, tol_before = 1.0, 0.0
        elif before is not None and before.value is not None:
            s_before, tol_before = before.value / scale, _tolerance(before) / scale
        else:
            before = cell
            continue
        before = cell
        if not 0 < s <= s_before <= 1 or risk.value < 1:
            continue
        n = risk.value
        d = n * (1 - s / s_before)
        slack = n * (tol / s_before + tol_before * s / s_before ** 2)
        nearest = round(d)
        if slack >= 0.25:  # the rounding leaves several whole numbers of events (hunt16)
            found += _events_in_a_range(cell, risk, d, slack, events.get(_same_row_key(risk)),
                                        s_before * scale)
            continue
        if nearest < 1 or abs(d - nearest) > slack:
            continue
        if events.get(_same_row_key(risk)) == nearest:
            continue  # the events the row prints, checked as counts already
        found.append(ImpliedCount(
            cell=cell, count=float(nearest), base=risk.value, share=None, split=False,
            how=f"the survival falls from {_fmt(s_before * scale)} to {_fmt(cell.value)} "
                f"with {_fmt(n)} at risk: {nearest} had the event",
            public="the events of a step of a survival curve"))
    return found


def _events_in_a_range(cell: DataCell, risk: DataCell, d: float, slack: float,
                       printed: float | None, before: float) -> list[ImpliedCount]:
    """A survival rounded so its step pins no one whole number of events: every whole number
    within the rounding is a reading. When each is at least 1 and the row prints none of them
    (a cover of 10 events beside a curve that fell by 3 of 30 at 2 decimals), the largest is
    checked as an alternative (SDC101 review at most): in a ``times=`` table the step at the
    later number at risk gives fewer events than the interval had, so it is no proof."""
    low, high = math.ceil(d - slack - FLOAT_SLACK), math.floor(d + slack + FLOAT_SLACK)
    if low < 1 or low > high or (printed is not None and low <= printed <= high):
        return []
    assert risk.value is not None and cell.value is not None  # the caller read both
    return [ImpliedCount(
        cell=cell, count=float(high), base=risk.value, share=None, split=False,
        alternative=True,
        how=f"the survival falls from {_fmt(before)} to {_fmt(cell.value)} with "
            f"{_fmt(risk.value)} at risk: {low} to {high} had the event",
        public="the events of a step of a survival curve")]


_EVENT_WORDS = {"event", "events", "deaths", "died", "observed", "failures"}
# a survival table's time column read as a measure (irregular event times: 1, 2, 3, 6, 11 are
# no label sequence to the layout): R's ``time``, lifelines' ``event_at``/``timeline``
_TIME_WORDS = {"time", "times", "timeline", "day", "days", "week", "weeks", "month", "months",
               "year", "years", "followup", "event_at", "t"}


def _rows_in_time_order(table: Table, cells: list[DataCell]) -> list[DataCell]:
    """A long table with no label columns whose rows are times (``time, n.risk, survival``
    with event times the layout reads as a measure): the at-risk cells in row order, when a
    time column runs strictly up (or down) those rows, one cell a row. Else none: rows in no
    known order are no line to take steps along."""
    if len(cells) < 2 or len({c.source.row for c in cells}) != len(cells):
        return []
    rows = {c.source.row: c for c in cells}
    for measure in {id(c.measure): c.measure for c in table.cells}.values():
        name = measure.name.strip().lower()
        if name not in _TIME_WORDS and not set(words(name)) & (_TIME_WORDS - {"t"}):
            continue
        times = {c.source.row: c.value for c in table.cells
                 if c.measure is measure and c.source.row in rows and c.value is not None}
        if len(times) != len(rows):
            continue
        ordered = [times[r] for r in sorted(times)]
        steps = [b - a for a, b in pairwise(ordered)]
        if all(st > 0 for st in steps) or all(st < 0 for st in steps):
            line = [rows[r] for r in sorted(rows)]
            return line if steps[0] > 0 else line[::-1]
    return []


def _same_row_key(cell: DataCell) -> tuple[Any, ...]:
    """What ties a cell to the at-risk cell of its time: its coordinates, or, in a table
    with none (times read as a measure), its row."""
    return tuple(sorted(cell.coords.items())) if cell.coords else ("row", cell.source.row)
_EXITS = re.compile(r"censor|entran|entry|entered|removed|lost", re.I)


def _censored_between(table: Table, line: list[DataCell]) -> list[ImpliedCount]:
    """Beside a number at risk and its events with no censored count printed (R's
    ``summary(survfit)`` columns ``time, n.risk, n.event``), each fall less the events is the
    people censored in the interval: a count the table gives away. Whether a row's events
    left before the next row (event times) or since the row before (``times=``) the table
    does not say: every reading with no negative count is checked, as an alternative
    (SDC101 review at most, zeros not), a convention that goes negative is not the table's."""
    if any(_EXITS.search(m.name) for m in {id(c.measure): c.measure for c in table.cells}
           .values()):
        return []
    events: dict[tuple[Any, ...], DataCell] = {}
    for c in table.cells:
        if (c.measure is not line[0].measure and not c.is_margin and c.value is not None
                and set(words(c.measure.name)) & _EVENT_WORDS
                and not names_people_at_risk(c.measure.name)
                and effective_role(table, c) is Role.COUNT):
            events.setdefault(_same_row_key(c), c)
    found: list[ImpliedCount] = []
    for shift in (0, 1):  # the events of the earlier row, or of the later one
        derived: list[tuple[DataCell, float, float, float]] = []
        for before, after in pairwise(line):
            source = before if shift == 0 else after
            event = events.get(_same_row_key(source))
            if before.value is None or after.value is None or event is None:
                derived = []
                break
            assert event.value is not None
            fall = before.value - after.value
            derived.append((after, fall, event.value, fall - event.value))
        if not derived or any(n < 0 for *_, n in derived):
            continue
        found += [ImpliedCount(
            cell=cell, count=n, base=None, share=None, split=False, alternative=True,
            how=f"the number at risk falls by {_fmt(fall)} beside {_fmt(ev)} events: "
                f"{_fmt(n)} were censored", public="the people censored between two times")
            for cell, fall, ev, n in derived]
    return found


def _time_of(label: str) -> float | str | None:
    """A time label's number (``30``, ``1.5``, ``-2``), the label itself when it is another
    ordered label (a date, ``week 3``), else None."""
    try:
        return float(label.replace(",", ""))
    except ValueError:
        return label if _ORDERED_LABEL.match(label) else None


_ORDERED_LABEL = re.compile(
    r"^\s*(\d{4}([-/]\d{1,2}([-/]\d{1,2})?)?|\d+|(week|wk|month|quarter|q|day|year|yr|period)"
    r"\s*\d+|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|[a-z]{3,9}\s+\d{4})\s*$", re.I)


def _ordered_dimensions(table: Table, cells: list[DataCell]) -> list[str]:
    """The dimensions a count accumulates along: those whose labels are times or numbers;
    with none such, every dimension (the stricter reading)."""
    dims = [d for d in table.dimensions if any(d in c.coords for c in cells)]
    ordered = [d for d in dims
               if all(_ORDERED_LABEL.match(c.coords[d]) for c in cells if d in c.coords)]
    return ordered or dims


# --- helpers ---------------------------------------------------------------------------------

def _coords_key(cell: DataCell) -> tuple:
    return tuple(sorted(cell.coords.items()))


def _line_key(cell: DataCell, dim: str | None) -> tuple:
    """The line through ``cell`` along ``dim``: its measure and its other coordinates."""
    return (cell.measure.name,
            *sorted((d, v) for d, v in cell.coords.items() if d != dim))


def _lines_along_dim(cells: list[DataCell], dim: str) -> dict[tuple, list[DataCell]]:
    """The cells grouped by ``_line_key(cell, dim)`` (same groups, same order), its sorted
    coordinates worked out once per coordinates object: the cells of a row share theirs."""
    rest_of: dict[int, tuple] = {}
    names_of: dict[tuple[str, ...], tuple[str, ...]] = {}  # a table has one or two name sets
    lines: dict[tuple, list[DataCell]] = defaultdict(list)
    for cell in cells:
        coords = cell.coords
        if dim not in coords:
            continue
        rest = rest_of.get(id(coords))
        if rest is None:
            keys = tuple(coords)
            names = names_of.get(keys)
            if names is None:  # sorted by name: the order of _line_key's sorted pairs
                names = names_of[keys] = tuple(sorted(d for d in keys if d != dim))
            rest = rest_of[id(coords)] = (names, tuple(map(coords.__getitem__, names)))
        lines[(cell.measure.name, rest)].append(cell)
    return lines


def _in_line(cell: DataCell, key: tuple) -> bool:
    return cell.measure.name == key[0] and all(cell.coords.get(d) == v for d, v in key[1:])


def _scale(name: str, table: Table, cells: list[DataCell]) -> float | None:
    """What a percentage or rate is per: 100 for %, 1,000 for 'per 1,000', 1 for a proportion
    of at most 1; None when it cannot be told."""
    if cells and cells[0].measure.per is not None:
        return cells[0].measure.per  # the layout showed it (row shares that add up to 100)
    texts = [name] + ([" ".join(table.title)] if table.layout == "wide" else [])
    for text in texts:
        m = _PER.search(text)
        if m is not None:
            number = float(re.sub(r"[,\s]", "", m[1]))
            multiplier = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6}.get(
                (m[2] or "").lower(), 1.0)
            return number * multiplier
    joined = " ".join(texts).lower()
    found = set(words(joined))
    if "%" in joined or found & {"percent", "percentage", "pct", "cent"}:
        return 100.0
    values = [c.value for c in cells if c.value is not None]
    if found & {"proportion", "prop", "share", "fraction"}:
        return 1.0 if values and max(values) <= 1 else 100.0
    if values and max(values) <= 1 and not found & {"rate", "ratio", "incidence"}:
        return 1.0
    return _scale_of_published_ratio(table, cells)


_SCALES = (1.0, 100.0, 1_000.0, 10_000.0, 100_000.0)


def _scale_of_published_ratio(table: Table, cells: list[DataCell]) -> float | None:
    """The scale no word states, when the numbers do: every published value that can be
    compared is one count beside it over another times the same scale, within its printed
    rounding (``deaths,patients,rate`` over ``30,161,0.186``: per 1), on two rows at least
    with a positive value, and no other scale fits. Such a rate publishes nothing its two
    counts do not (both are checked as counts), and a hidden numerator is then recovered as
    the rate times its denominator."""
    if len(table.measures) < 3 or not any(c.value for c in cells):
        return None  # a rate and two count columns beside it: three measures at least
    counts_at: dict[tuple, list[DataCell]] = defaultdict(list)
    for cell in table.cells:
        if cell.measure is not cells[0].measure and effective_role(table, cell) is Role.COUNT:
            counts_at[_coords_key(cell)].append(cell)
    denominators: dict[str, list[tuple[DataCell, DataCell]]] = defaultdict(list)
    for cell in cells:
        if cell.value is not None:
            for count in counts_at.get(_coords_key(cell), []):
                denominators[count.measure.name].append((cell, count))
    if len(denominators) < 2:
        return None
    fits = [s for s in _SCALES if _ratio_on_rows(denominators, s)]
    return fits[0] if len(fits) == 1 else None


def _ratio_on_rows(denominators: dict[str, list[tuple[DataCell, DataCell]]],
                   scale: float) -> bool:
    """Some two count columns whose ratio times ``scale`` is the value on every row where
    all three are published, two rows at least with a positive value."""
    for num, den in ((a, b) for a in denominators for b in denominators if a != b):
        nums = {id(p): c for p, c in denominators[num]}
        positive, fits = 0, True
        for pct, d in denominators[den]:
            n = nums.get(id(pct))
            if n is None or n.value is None or d.value is None or pct.value is None:
                continue
            if d.value <= 0 or abs(pct.value - scale * n.value / d.value) > _tolerance(pct):
                fits = False
                break
            positive += pct.value > 0
        if fits and positive >= 2:
            return True
    return False


_MAX_TOLERANCE = 0.5 + FLOAT_SLACK  # ``_tolerance`` of a whole number, its largest


def _tolerance(cell: DataCell) -> float:
    """Half a unit of the last printed decimal of a percentage."""
    return share_half_unit(cell.source.raw) + FLOAT_SLACK


def _int(text: str) -> float:
    return float(text.replace(",", ""))


def _share_count(cell: DataCell, of: float, scale: float, *, base: float | None, split: bool,
                 whole: str, public: str, gives: str = "is") -> ImpliedCount:
    """The count a share (``cell``'s value out of ``scale``) of ``of`` units gives away,
    rounded; ``whole`` names those units in the explanation."""
    assert cell.value is not None
    implied = round(cell.value * of / scale)
    return ImpliedCount(
        cell=cell, count=float(implied), base=base, share=cell.value / scale, split=split,
        how=f"{_fmt(cell.value)}{_unit(scale)} of {whole} {gives} {implied}", public=public)


def _unit(scale: float) -> str:
    return "%" if scale == 100 else ("" if scale == 1 else f" per {_fmt(scale)}")


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


# --- bases published in another output of the release ----------------------------------------

def use_release_bases(tables: list[tuple[str, Table]]) -> None:
    """Percentages with no base in their own table whose base is a count published in another
    output of the same release (``% smoking`` by region here, ``n`` by region there): their
    counts are derived from that base and checked like the others. The base must be one count
    for exactly the percentage's population (its labels), or, for percentages that add up to
    100% along a line, for the line (its labels but one); two different candidates leave the
    percentage as it was (SDC303 reviews it: never a pass). A base found this way only adds
    checks: matching by labels is a guess (the other table may count another population), so
    it is not the percentage's units for SDC303, which still asks for review. Runs once per
    release, before the rules (it fills each table's cache of implied counts)."""
    wanting = [(path, implied, i) for path, table in tables
               for implied in [implied_counts(table)] for i, item in enumerate(implied)
               if (item.base is None and item.count is None and item.share is not None
                   and isinstance(item.cell, DataCell) and not item.cell.is_margin)]
    if not wanting:  # no percentage looks for a base: no index of every count (serial work)
        return
    index: dict[LabelsKey, set[tuple[float, str]]] = defaultdict(set)
    for path, table in tables:
        for cell in table.cells:
            if (cell.measure.role is Role.COUNT and cell.value is not None
                    and not cell.suppressed and cell.labels_key):
                index[cell.labels_key].add((cell.value, path))
    for path, implied, i in wanting:
        item = implied[i]
        pct = item.cell
        if isinstance(pct, DataCell) and item.share is not None:  # as ``wanting`` asked
            found = _release_base(index, pct, item.split, path)
            if found is None:
                continue
            base, where = found
            if pct.value and item.share > 0 and _under_one_unit(pct, base,
                                                                pct.value / item.share):
                continue  # the count there is the rate's numerator, not its population
            count = round(item.share * base)
            implied[i] = ImpliedCount(
                cell=pct, count=float(count), base=base, share=item.share, split=item.split,
                how=f"{item.how} of the base {_fmt(base)} published in {where} is {count}",
                public="a percentage of a base published in another output")


def _release_base(index: dict[LabelsKey, set[tuple[float, str]]], cell: DataCell,
                  split: bool, path: str) -> tuple[float, str] | None:
    labels = cell.labels_key
    keys = [labels] if split else [tuple(x for x in labels if x != label) for label in labels]
    candidates = {(value, where) for key in keys if key for value, where in index.get(key, ())
                  if where != path}
    values = {value for value, _ in candidates}
    if len(values) != 1:
        return None
    value = values.pop()
    return value, sorted(where for v, where in candidates if v == value)[0]
