"""When a table of whole numbers must also be read as magnitudes (sums), not only as counts.

A count and a sum of whole amounts look the same in a file: ``171805`` may be people or pounds.
XLSX keeps no trace of pandas' float (``to_excel`` of ``171805.0`` stores ``171805``), and a
``pivot_table(values="income", aggfunc="sum")`` writes the word ``income`` nowhere. So a
whole-number column read as counts is read under both readings (counts: SDC101/102/103 keep
checking it through ``Measure.read_as``; magnitudes: SDC201/202, or SDC203 ``review`` without
contributions) when anything in the output signals a magnitude:

- the values were written as floats (``171805.0``: what pandas writes for a sum);
- a word of the output names an amount or a unit: the title, the notes, a header over the
  measure columns, the sheet name, or the file's path (``sum``, ``cost``, ``income``, ``£``,
  ``days``, ``mg``...). The file name can only add this reading, never take one away;
- a value no count table plausibly holds in one inner cell: ``MAGNITUDE_VALUE_SIGNAL`` or more;
  ``UNLABELLED_MAGNITUDE_SIGNAL`` or more when no word of the output says what is counted;
- when no word of the output says what is counted: the column's own header names no quantity
  at all (``value``, ``x``: what ``melt()`` and R's ``aggregate()`` call a sum as readily as a
  count), or the title or notes speak of totals (``Totals by region``);
- the column's own header is a measured variable's name and nothing else (``age``, ``pay``):
  what pandas and R name a column of that variable aggregated by any function, a minimum or
  a sum as readily as a count (``groupby("area")["pay"].min()`` written without pandas'
  ``.0``: to XLSX, or by R);
- a value above the count beside it on its row (``region,n,x`` with ``x`` > ``n``): not a
  count of those units, so a sum (or events, which one unit can dominate as well). In a table
  read as a cross-tab, a column naming the group's size (``patients``) exceeded on its row by
  another column says the same, whatever else says counts.

The magnitude reading is left out only when the file says the column holds counts: its own
header names a count (``n``, ``patients``), or the title names counts and no amount. Either way
the numbers stay checked as counts.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import PurePath

from sdc.category_levels import names_a_category
from sdc.identifiers import identifier_column_kind, names_an_identifier
from sdc.readers.roles import (
    complementary,
    is_answer_no,
    names_a_grouping_variable,
    role_from_text,
    words,
)
from sdc.table import DataCell, Measure, Role, Table, column_letters
from sdc.tolerance import float_slack

# A table released from a TRE rarely counts 100,000 units in one inner cell; a sum of incomes,
# costs or days reaches it with a few dozen people. A count table that large is then `review`
# once (a person looks); a sum table that large never passes as counts.
MAGNITUDE_VALUE_SIGNAL = 100_000
# With no word anywhere in the output saying what is counted (title, notes, sheet, headers),
# an inner cell this large is as likely a sum of small whole amounts (bed days, doses) as a
# count: both readings, so the table is not passed on the guess that it is counts
UNLABELLED_MAGNITUDE_SIGNAL = 10_000

_FLOAT_WHOLE = re.compile(r"^\s*-?\d+\.0+\s*$")
_CURRENCY = re.compile(r"[£$€¥]")
_AMOUNT_WORDS = {
    # units
    "gbp", "usd", "eur", "pounds", "dollars", "euros", "pence", "cents", "kg", "mg", "ml",
    "mcg", "km", "miles", "hours", "hrs", "minutes", "mins", "days", "nights", "beddays",
    # amounts
    "sum", "sums", "summed", "cost", "costs", "amount", "amounts", "spend", "spending",
    "income", "incomes", "salary", "salaries", "turnover", "revenue", "expenditure", "price",
    "dose", "doses", "weight", "mean", "average", "avg", "los", "duration", "bmi",
}
# a header that names no quantity: ``melt()``'s ``value``, R ``aggregate()``'s ``x``
_GENERIC_VALUE_NAMES = {"value", "values", "val", "x", "v1", "result", "results", "total",
                        "totals", "amount", "sum", "figure", "figures", "data"}
# beside other measure columns, a margin of theirs
_MARGIN_NAMES = {"total", "totals", "sum", "all"}
# titles and notes that speak of totals, not of what is counted (``Totals by region``)
_AGGREGATE_WORDS = {"total", "totals", "aggregate", "aggregated", "aggregates", "summed"}
_COUNT_WORDS = {"n", "count", "counts", "freq", "frequency", "frequencies", "number", "num",
                "no", "patients", "people", "persons", "cases", "events", "deaths",
                "admissions", "individuals", "records", "participants", "respondents",
                "births", "visits", "episodes", "subjects", "population", "controls"}
# "within 30 days", "28-day mortality": a number before a unit of time defines a period of a
# count, it does not say the values are days
_PERIOD = re.compile(r"\d+\s*[- ]?\s*(days?|nights?|hours?|hrs?|minutes?|mins?|weeks?|months?|"
                     r"years?)\b", re.I)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def text_signals_magnitude(text: str) -> bool:
    """``Total income by region``, ``LOS (days)``, ``cost £``, ``income_sums``: the text names
    an amount or a unit, not (only) a period (``deaths within 30 days``)."""
    if _CURRENCY.search(text):
        return True
    text = _PERIOD.sub(" ", _CAMEL.sub(" ", text))
    return bool(set(words(text.replace("-", " ").replace("_", " "))) & _AMOUNT_WORDS)


def _names_counts(text: str) -> bool:
    return not is_answer_no(text) and bool(set(words(text)) & _COUNT_WORDS)


def read_magnitude_signals(table: Table) -> None:
    """Give every whole-number count column with a magnitude signal both readings (the module
    docstring says which signals and why), and every column a word made a magnitude whose
    values are all whole the count reading as well."""
    _named_magnitudes_stay_counts(table)
    _integer_magnitudes_stay_counts(table)
    by_measure = _count_cells(table)
    if not by_measure:
        return
    for measure in table.measures:
        if by_measure.get(id(measure)) and magnitude_signals(table, measure, by_measure):
            measure.read_as = Role.COUNT
            measure.role = Role.MAGNITUDE
    _read_nameless_column(table, by_measure)


_AVERAGE = {"mean", "means", "average", "averages", "avg"}


def _named_magnitudes_stay_counts(table: Table) -> None:
    """Columns a word of their header made magnitudes (``Full time``, ``Part time``: the
    word ``time``) whose whole, non-negative values add up, row by row, to another column of
    the table (its ``Total``) are categories of one variable with their margin: they are read
    as counts too (``read_as``), so the vocabulary alone never takes the count check away. A
    single quantity (``time`` over 12, 3) adds up to nothing and keeps its magnitude reading
    only, and an average is never a count."""
    candidates = [m for m in table.measures
                  if m.role is Role.MAGNITUDE and m.read_as is None
                  and not set(words(m.name)) & _AVERAGE and _whole(table, m)]
    if len(candidates) < 2:
        return  # before the rows: a dict per row of a 99k-row file for nothing
    rows: dict[int, dict[int, float | None]] = {}
    for cell in table.cells:
        rows.setdefault(cell.source.row, {})[id(cell.measure)] = \
            None if cell.suppressed else cell.value
    if len(rows) < 2:
        return
    for total in table.measures:
        parts = [m for m in table.measures if m is not total]
        if all(m in parts for m in candidates) and _adds_up(rows, total, parts):
            for measure in candidates:
                measure.read_as = Role.COUNT
            return


_INTEGER = re.compile(r"^\s*\d+\s*$")
# a time or a measurement (``time`` over 12, 3: issue 11 item 9) is a quantity of one unit,
# not what a count pivot names after its variable
_DURATION = {"time", "times", "los", "duration", "days", "nights", "hours", "hrs", "minutes",
             "mins", "beddays", "kg", "mg", "ml", "mcg", "km", "miles", "weight", "bmi", "dose",
             "doses"}


def _integer_magnitudes_stay_counts(table: Table) -> None:
    """A column only its header's word made a magnitude (``income``, ``los``) whose every
    value is written as a whole number without a decimal point (``150``, not the
    ``2383392.0`` pandas writes for a sum of a float column) is read as counts too: pandas
    names a ``pivot_table(values="income", aggfunc="count")`` after the values it counted,
    ACRO writes such tables under ``income``. The word alone never takes the count check
    away; the magnitude reading stays (SDC203 or dominance), so a real sum is never passed as
    counts, and its small values fail as a count's would (the stricter of the readings).
    Not a time or a measurement (``time``, ``los``, ``mg``), and only a table's one measure
    (what a pivot or a group-by of one value writes): beside other columns (a survival
    table's ``Time``) a word-named column is one quantity among several, and stays a
    magnitude only. A pivot's one value over a column variable (``pivot_table(values=
    ["income"], columns="sex")``: ``income / F``, ``income / M``, ``income / All``, every
    measure under the same first header) is that one measure too."""
    if len({m.name.partition(" / ")[0] for m in table.measures}) != 1 or (
            len(table.measures) > 1 and not all(" / " in m.name for m in table.measures)):
        return
    for measure in table.measures:
        if (measure.role is not Role.MAGNITUDE or measure.read_as is not None
                or set(words(measure.name)) & (_AVERAGE | _DURATION)):
            continue
        raws = [c.source.raw for c in table.cells if c.measure is measure and not c.suppressed]
        if raws and all(_INTEGER.match(r) for r in raws):
            measure.read_as = Role.COUNT


def _whole(table: Table, measure: Measure) -> bool:
    values = [c.value for c in table.cells if c.measure is measure and c.value is not None]
    return bool(values) and all(v >= 0 and float(v).is_integer() for v in values)


def _adds_up(rows: dict[int, dict[int, float | None]], total: Measure,
             parts: list[Measure]) -> bool:
    """Every row with all its values published has ``total`` = the sum of ``parts`` (two such
    rows at least)."""
    checked = 0
    for row in rows.values():
        shown = [row.get(id(m)) for m in (total, *parts)]
        values = [v for v in shown if v is not None]
        if len(values) < len(shown):
            continue
        if abs(values[0] - sum(values[1:])) > float_slack(values[0]):
            return False
        checked += 1
    return checked >= 2


def _count_cells(table: Table) -> dict[int, list[DataCell]]:
    by_measure: dict[int, list[DataCell]] = {}
    for cell in table.cells:
        if cell.measure.role is Role.COUNT and cell.value is not None and not cell.suppressed:
            by_measure.setdefault(id(cell.measure), []).append(cell)
    return by_measure


def magnitude_signals(table: Table, measure: Measure,
                      by_measure: dict[int, list[DataCell]] | None = None) -> set[str]:
    """What in the output says a whole-number count column may hold magnitudes: ``floats``
    (written ``171805.0``), ``words`` (an amount or unit named), ``large`` (an inner cell of
    ``MAGNITUDE_VALUE_SIGNAL`` or more, ``UNLABELLED_MAGNITUDE_SIGNAL`` when no word says what
    is counted), ``unnamed`` (a header naming no quantity, a title of totals), ``exceeds``
    (above the count beside it); empty when the output says it holds counts."""
    if by_measure is None:
        by_measure = {id(measure): [c for c in table.cells if c.measure is measure
                                    and c.value is not None and not c.suppressed]}
    cells = by_measure.get(id(measure))
    if not cells:
        return set()
    if table.layout == "wide" and _exceeds_unit_column(table, cells):
        return {"exceeds"}
    if _output_says_counts(table, cells):
        return set()
    signals = _written_signals(table, cells)
    says_counts = any(_names_counts(t) for t in [*table.title, *table.notes, table.sheet or "",
                                                 *table.column_headers.values()])
    limit = MAGNITUDE_VALUE_SIGNAL if says_counts else UNLABELLED_MAGNITUDE_SIGNAL
    inner = max((abs(c.value or 0) for c in cells if not c.is_margin), default=0)
    if inner >= limit:
        sums = _line_sums(cells)  # only when a cell is that large: most tables never ask
        if max((abs(c.value or 0) for c in cells if not c.is_margin and id(c) not in sums),
               default=0) >= limit:
            signals.add("large")
    inner_headers = {table.column_headers.get(c.source.col, "") for c in cells
                     if not c.is_margin}  # a ``Sum``/``Total`` margin names no quantity
    if not says_counts and _unnamed_quantity(table, inner_headers):
        signals.add("unnamed")
    if measure.per is None and _exceeds_count_beside(table, measure, cells):
        signals.add("exceeds")
    if any(names_a_measured_variable(h) for h in inner_headers):
        signals.add("variable")
    return signals


_MADE_UP = re.compile(r"^column [A-Z]+$")  # the layout's name for a column of no header
_BARE_NUMBER = re.compile(r"^\s*-?\d+\s*$")
# a count's whole header as a tool writes it: pandas' ``groupby(as_index=False).size()`` and
# ``reset_index(name="size")``, a tally
_COUNT_HEADERS = {"size", "sizes", "tally", "tallies"}
# an identifier's name (``pid``, ``mrn``, a bare ``identifier``): SDC604 reads the column, the
# review would repeat it
_IDENTIFIER_WORDS = {"mrn", "chi", "urn", "hospno", "nhsno", "nhs"}
# a change between two counts (``Change on previous year``, ``diff``): a quantity named, which
# the change readings check against its counts (``sdc.derived_counts``)
_CHANGE_WORDS = {"change", "changes", "changed", "difference", "differences", "diff", "delta",
                 "increase", "decrease", "net", "rise", "fall"}
# plural words that name no units counted: units and periods (``years`` over ages)
_NOT_UNITS = {"years", "yrs", "months", "weeks", "days", "hours", "minutes", "seconds",
              "yes", "plus", "this", "its", "is", "as", "us", "was", "has", "less", "gross",
              "status", "sex", "class"}


def _read_nameless_column(table: Table, by_measure: dict[int, list[DataCell]]) -> None:
    """A long table's one column of whole numbers read only as counts, whose header names
    nothing (``foo``, ``V1``, ``n1``, ``Unnamed: 1``, no header at all), where no word of the
    output says what is counted: ``area,foo`` over 29..61 is one patient's age a row as
    readily as counts of ten or more, which the count reading alone passed (round 51,
    unnamed51). The table is then ``review`` (SDC602: not fully understood) and the count
    reading stays whole, so no count rule's ``fail`` is lost to a magnitude reading. What
    raises confidence that the numbers are counts lets it be: a header that is a bare number
    (``0``: pandas' name for ``groupby().size()`` and an unnamed Series, or a category code)
    or a plural naming units (``Enterprises``, ``smokers``). A ``Total`` that sums is no such
    sign: sums of ages add up as well. Taken back at round 51's merge for its false reviews
    of honest one-column tables; round 52 (nameless52) adds what names counts there: a
    category of a dimension (``female``, ``all``, ``Other``, ``2019``, ``Q4``, ``vaccinated``:
    ``df[df.sex == "female"].groupby("region").size()``), a period by its place
    (``previous``), a change, a grouping variable (``ward``: a distinct count), pandas'
    ``size``, and the values' own order (``_in_value_counts_order``)."""
    if table.layout != "long" or len(table.measures) != 1:
        return
    measure = table.measures[0]
    cells = by_measure.get(id(measure))
    if not cells or measure.role is not Role.COUNT or measure.read_as is not None \
            or measure.per is not None:
        return
    if any(_names_counts(t) for t in [*table.title, *table.notes, table.sheet or "",
                                      *table.column_headers.values()]):
        return
    headers = {table.column_headers.get(c.source.col, "") for c in cells
               if not c.is_margin}
    if not says_nothing(table, headers) or (
            _no_header(table, headers) and _in_value_counts_order(cells)):
        return
    cols = sorted({c.source.col for c in cells})
    letters = ", ".join(column_letters(c) for c in cols)
    table.problems.append(
        f"column {letters} is headed by no name of a quantity or of what is counted: whether "
        "its whole numbers are counts or each one unit's value (an age, a sum) a person must "
        "tell")


def _no_header(table: Table, headers: set[str]) -> bool:
    """No header over the numbers at all (blank, or the layout's made-up ``column B``): how
    ``value_counts()`` is written by ``to_csv(header=False)`` and ``to_string()``. A header a
    person wrote (``foo``) is none of pandas' (``count``, or the labels' own name), so over
    falling numbers it is no sign of counts: sorted ages fall as well (nameless52's left,
    hunt53)."""
    return all(not h.strip() or (_MADE_UP.match(h) and not table.header_rows) for h in headers)


def _in_value_counts_order(cells: list[DataCell]) -> bool:
    """Four or more rows whose numbers fall row by row while their labels are in no order of
    their own: the order ``value_counts()`` (pandas) and ``sort(table())`` (R) print a count
    in, which ``to_string()`` and ``to_csv(header=False)`` write with no name over the numbers.
    One unit's values (ages, heights) come in the labels' or the records' order (round 52,
    nameless52). Only raises confidence: the numbers stay checked as counts."""
    inner = sorted((c for c in cells if not c.is_margin), key=lambda c: c.source.row)
    values = [c.value for c in inner if c.value is not None]
    if len(values) < 4 or len(values) != len(inner):
        return False
    falling = all(a >= b for a, b in pairwise(values)) \
        and values[0] > values[-1]
    labels = [tuple(c.coords.values()) for c in inner]
    return falling and labels != sorted(labels) and labels != sorted(labels, reverse=True)


def says_nothing(table: Table, headers: set[str]) -> bool:
    """Every header over a column names no role, no count, no measured variable and no
    units counted (``foo``, ``V1``, ``n1``, ``Unnamed: 1``, none at all: a made-up
    ``column B``). ``value``/``x`` are left to the magnitude reading (``unnamed``), a measured
    variable alone to its own (``variable``) and with a category (``Age 65+``, ``age band``:
    counts of that category, round 50), a bare number and a plural of units name counts
    (``_read_nameless_column``)."""
    if not headers:
        return False
    for header in headers:
        if not header.strip() or (_MADE_UP.match(header) and not table.header_rows):
            continue
        found = words(_CAMEL.sub(" ", header).replace("_", " ").replace(".", " "))
        if (_BARE_NUMBER.match(header) or " ".join(found) in _COUNT_HEADERS
                or role_from_text(header) is not Role.UNKNOWN
                or _names_counts(header) or set(found) & _MEASURED
                or text_signals_magnitude(header)
                or " ".join(words(header.replace("_", " "))) in _GENERIC_VALUE_NAMES
                or any(_plural_of_units(w) for w in found) or names_a_category(header)
                or set(found) & _CHANGE_WORDS or names_a_grouping_variable(header)
                or any(w.endswith("id") or w in _IDENTIFIER_WORDS for w in found)
                or identifier_column_kind(header) or names_an_identifier(header)):
            return False
    return True


def _plural_of_units(word: str) -> bool:
    """``enterprises``, ``smokers``, ``beds``: a plural noun, what a count is headed by; not a
    unit or period (``years``), a measured variable's plural (``ages``) or a word that only
    ends so (``status``, ``class``)."""
    return (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))
            and word not in _NOT_UNITS and word[:-1] not in _MEASURED
            and word not in _UNIT_SUFFIX)


# a quantity measured on each unit: a column headed by it alone is that variable aggregated
# (pandas' ``groupby(g)[v].agg(f)``, R's ``aggregate(v ~ g, FUN = f)``, ``pivot_table(values=v)``
# name the column ``v`` whatever ``f`` is: a count, a sum, a minimum, a median)
_MEASURED = {"age", "pay", "wage", "wages", "earnings", "height", "score", "systolic",
             "diastolic", "sbp", "dbp", "cholesterol", "hba1c", "glucose", "temperature",
             "creatinine", "egfr", "haemoglobin", "hemoglobin", "rent", "profit", "tax", "fee"}
# whose variable it is (``patient_age``, ``age_of_patient``, ``patientAge``): one unit's value
# still, not a count of units (``patients`` is one; a singular person word is not)
_WHOSE = {"patient", "person", "case", "subject", "participant", "respondent", "individual",
          "member", "child", "mother", "baby", "pt", "client", "resident", "of"}
# the units such a header may carry (``age_years``, ``pay (GBP)``)
_UNIT_SUFFIX = {"years", "yrs", "gbp", "usd", "eur", "cm", "m", "kg", "mmhg", "mmol", "mol",
                "l", "mg", "dl"}


def names_a_measured_variable(header: str) -> bool:
    """``age``, ``Pay``, ``age_years``, ``age_at_admission``, ``patient_age``: the header is
    one measured variable's name (with at most its unit, when it was measured and whose it
    is), nothing else, so not a category of a cross-tab (``Age 65+``) nor a count of something
    (``patients``)."""
    found = words(_CAMEL.sub(" ", header).replace("_", " ").replace(".", " "))
    if "at" in found[1:]:  # ``age at diagnosis``, ``age_at_death``: when it was measured
        found = found[:found.index("at")]
    return bool(set(found) & _MEASURED) and set(found) <= _MEASURED | _UNIT_SUFFIX | _WHOSE


# what a file or sheet is named when it holds minima or maxima (``max_age_by_area.xlsx``, a
# sheet ``Maximum age``): not ``latest``/``first``/``range`` (``latest_deaths.csv``, the
# ``age_range`` of a band table), which name data, not a statistic, as often
_EXTREME_NAMES = {"min", "max", "minimum", "maximum", "minima", "maxima", "oldest", "youngest"}


def read_extremes_named_by_the_file(table: Table) -> None:
    """A sheet or file name that names a minimum or a maximum (``Maximum age``,
    ``max_age_by_area``) says what the values are, as a title does: ``crosstab(values=age,
    aggfunc="max")`` writes no other word, and its whole numbers were read as counts and
    passed. Each measure read as counts whose own header names no role is then read as
    extremes (SDC302) and still as counts (``read_as``): this only adds a reading."""
    names = [("sheet", table.sheet or ""), ("file name", PurePath(table.path).stem)]
    naming = next((f"the {what} '{name}' names a minimum or maximum" for what, name in names
                   if set(words(_CAMEL.sub(" ", name).replace("_", " ").replace("-", " ")))
                   & _EXTREME_NAMES), None)
    if naming is None:
        return
    headers: dict[int, set[str]] = {}
    for cell in table.cells:
        headers.setdefault(id(cell.measure), set()).add(
            table.column_headers.get(cell.source.col, ""))
    for measure in table.measures:
        if (measure.role is Role.COUNT and measure.read_as is None and measure.per is None
                and all(role_from_text(h) is Role.UNKNOWN and not _names_counts(h)
                        for h in headers.get(id(measure), {measure.name}))):
            measure.read_as = Role.COUNT
            measure.role = Role.EXTREME
            measure.role_from = naming


def _line_sums(cells: list[DataCell]) -> set[int]:
    """Ids of the cells that end their file row (or column) as the sum of the others there,
    where every row (or column) of three cells or more ends so, two at least: a margin no
    label names (R's ``addmargins`` writes ``Sum``), proved by the numbers. Its size says
    nothing an inner cell does not: the same table without its margins is read alike."""
    found: set[int] = set()
    for axis in (0, 1):
        lines: dict[int, list[DataCell]] = {}
        for c in cells:  # file rows (axis 0) or file columns (axis 1)
            lines.setdefault(c.source.row if axis == 0 else c.source.col, []).append(c)
        ends: list[int] = []
        for members in lines.values():
            if len(members) < 3:
                continue
            *parts, last = sorted(members, key=lambda c: (c.source.col, c.source.row))
            if abs(sum(float(p.value or 0) for p in parts) - float(last.value or 0)) > 1e-9:
                ends = []
                break
            ends.append(id(last))
        if len(ends) >= 2:
            found.update(ends)
    return found


def output_says_counts(table: Table, cells: list[DataCell]) -> bool:
    """The file itself names ``cells`` counts: a title naming counts and no amount, or the
    column's own header naming counts (a sidecar's other claim contradicts the file there)."""
    return _output_says_counts(table, cells)


def _output_says_counts(table: Table, cells: list[DataCell]) -> bool:
    """The title names counts and no amount, or the column's own header names counts."""
    if any(_names_counts(t) for t in table.title) and not any(
            text_signals_magnitude(t) for t in table.title):
        return True
    headers = {table.column_headers.get(c.source.col, "") for c in cells}
    return any(role_from_text(h) is Role.COUNT or _names_counts(h) for h in headers)


def _written_signals(table: Table, cells: list[DataCell]) -> set[str]:
    """``floats`` (every value written ``171805.0``) and ``words`` (an amount or unit named
    in the title, notes, measure headers, sheet or path)."""
    signals = set()
    if all(_FLOAT_WHOLE.match(c.source.raw) for c in cells) and not _floated_by_blanks(table,
                                                                                     cells):
        signals.add("floats")
    if any(text_signals_magnitude(t) for t in
           [*table.title, *table.notes, *_measure_header_texts(table), table.sheet or "",
            *_path_parts(table.path)]):
        signals.add("words")
    return signals


def _floated_by_blanks(table: Table, cells: list[DataCell]) -> bool:
    """Every file column these cells are in holds an empty cell of the same measure: pandas
    writes an integer column with a NaN as floats (``ACRO(suppress=True)``, an empty
    combination of a count pivot: ``East,25.0,27`` / ``West,,12``, a column without a blank
    staying ``27``), so there the ``.0`` says nothing of what the values are, and the column
    is read as the same table written as integers, or to XLSX, is. A column of floats without
    a blank (a float dtype: a sum or a mean) keeps the signal, and so does a marker
    (``[c]``): pandas writes the numbers of a column holding text as they were."""
    measure = cells[0].measure
    blank = {c.source.col for c in table.cells
             if c.measure is measure and c.suppressed and not c.source.raw.strip()}
    return bool(blank) and all(c.source.col in blank for c in cells)


def _unnamed_quantity(table: Table, headers: set[str]) -> bool:
    """With no word of the output saying what is counted: the column's own header names no
    quantity (``value``, ``x``), or the title or notes speak of totals. Either is as likely a
    sum as a count: both readings (the stricter one decides)."""
    margins = _MARGIN_NAMES if table.layout == "wide" or len(table.measures) > 1 else set()
    if any((name := " ".join(words(h.replace("_", " ")))) in _GENERIC_VALUE_NAMES
           and name not in margins for h in headers):
        return True
    return any(set(words(t)) & _AGGREGATE_WORDS for t in [*table.title, *table.notes])


def _exceeds_count_beside(table: Table, measure: Measure, cells: list[DataCell]) -> bool:
    """A value above the count on its row in a column whose own header names a count
    (``region,n,x`` with x = 412 beside n = 40): not a count of those units, so a sum, or a
    count of events one unit can dominate as well. Not the other answer of the same question
    (``positive`` above ``negative``: either may be the larger). (Not for shares of that
    count: whole percentages beside their ``n`` are read as both, ``Measure.per``.)"""
    count_cols = {col for col, h in table.column_headers.items()
                  if col not in table.label_columns and (_names_counts(h)
                                                         or role_from_text(h) is Role.COUNT)
                  and not complementary(h, measure.name)}  # positives above negatives
    own = {c.source.col for c in cells}
    count_cols -= own
    if not count_cols:
        return False
    base: dict[int, float] = {}
    for cell in table.cells:
        if cell.source.col in count_cols and cell.value is not None and not cell.suppressed \
                and cell.measure is not measure:
            row = cell.source.row
            base[row] = max(base.get(row, 0.0), float(cell.value))
    return any(c.source.row in base and (c.value or 0) > base[c.source.row] for c in cells)


# what a group's size is called: a column of it beside the categories of a cross-tab bounds
# every count of those units on its row (not ``cases``/``deaths``: categories of an outcome)
_UNIT_SIZE_WORDS = {"n", "count", "number", "num", "freq", "frequency", "patients", "people",
                    "persons", "individuals", "participants", "respondents", "subjects",
                    "population"}


def _exceeds_unit_column(table: Table, cells: list[DataCell]) -> bool:
    """A wide table read as categories (``region,patients,best,worst``: fewer than half the
    headers name a role) where a column naming the group's size (``patients``, ``n``) is
    exceeded on its row by another inner cell (scores of 78 and 94 beside 40 patients): the
    other columns are no counts of those units but statistics of some quantity, so the table
    takes the magnitude reading too (a person looks), whatever the count word says."""
    units = {col for col, h in table.column_headers.items()
             if col not in table.label_columns
             and set(words(_CAMEL.sub(" ", h).replace("_", " "))) & _UNIT_SIZE_WORDS}
    if not units:
        return False
    base: dict[int, float] = {}
    for c in cells:
        if c.source.col in units and c.value is not None:
            base[c.source.row] = max(base.get(c.source.row, 0.0), float(c.value))
    return any(c.source.col not in units and not c.is_margin and c.source.row in base
               and (c.value or 0) > base[c.source.row] for c in cells)


def floats_only_counts(table: Table, measure: Measure) -> bool:
    """A column read as counts and magnitudes only because its whole numbers were written as
    floats (``55.0``: pandas writes an integer column with a blank, a suppressed or a rounded
    table so): nothing else in the output names an amount or is that large. When the tool
    that wrote it says the values are counts (ACRO's ``FrequencyTable``, a sidecar's
    ``aggfunc="count"``), the count reading settles it. The values stay count-checked, and the
    output is then read exactly as the same table written as integers would be: a record that
    says so wrongly buys nothing an integer CSV does not have already."""
    if measure.role is not Role.MAGNITUDE or measure.read_as is not Role.COUNT:
        return False
    return magnitude_signals(table, measure) == {"floats"}


def named_after_its_variable(table: Table, measure: Measure, counted: set[str]) -> bool:
    """A whole-number column read as magnitudes only because its header is the variable a
    count pivot counted (``pivot_table(values="income", aggfunc="count")`` heads the counts
    ``income``), ``counted`` holding the names the tool's record gives that column. Nothing
    else may signal an amount: no word in the title, notes, sheet or path, no value too large
    for a count, none above a count beside it. The values stay count-checked either way."""
    if measure.role is not Role.MAGNITUDE or measure.read_as is not Role.COUNT:
        return False
    if measure.name not in counted or set(words(measure.name)) & (_AVERAGE | _DURATION):
        return False
    if any(text_signals_magnitude(t) for t in [*table.title, *table.notes, table.sheet or "",
                                               *_path_parts(table.path)]):
        return False
    return magnitude_signals(table, measure) <= {"words", "floats", "variable"}


def _measure_header_texts(table: Table) -> list[str]:
    """What the headers say about the values. A long table's headers name its measures; a wide
    table's name the categories of a column variable (``<£20k``, ``£20k-£40k``: a count of
    people by income band), so only the words every one of them shares speak for the values
    (``income / Female``, ``income / Male``)."""
    headers = [h for col, h in table.column_headers.items() if col not in table.label_columns]
    if table.layout != "wide" or not headers:
        return headers
    common = set.intersection(*(set(words(_CAMEL.sub(" ", h).replace("_", " ")))
                                for h in headers))
    return [" ".join(sorted(common))]


def _path_parts(path: str) -> list[str]:
    """The file's name and folders without the extension: ``costs/by_region.xlsx``."""
    pure = PurePath(path)
    return [*pure.parent.parts, pure.stem]
