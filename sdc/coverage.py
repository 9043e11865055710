"""The coverage invariant: every number in an output is checked by a rule, or named for review.

Readers guess layouts and roles (header rows, label columns, counts vs magnitudes). A wrong guess
must never end silently in ``pass``. So after an output is read and before any rule runs, every
token of the file that parses as a number is accounted for:

* a data cell whose role at least one *enabled* rule checks (a count, a magnitude, a statistic,
  an extreme, a model statistic), or a suppression marker;
* a label recognisably a label: a year, band, date, code, a regular code sequence, a category
  name with letters (``Stage 3``); in titles and notes also table references and statements of
  the disclosure policy (``counts below 10 are suppressed``);
* otherwise it is listed on ``output.not_understood`` and SDC602 (always on) names it:
  "N numbers not understood: B2, C2, ...".

This is the one place the invariant is enforced; rules and readers need not repeat it.
"""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Container, Iterable, Sequence, Set
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import attrgetter, eq, itemgetter, not_
from typing import TYPE_CHECKING

from sdc.cell_roles import effective_role, statistic_dimensions
from sdc.classification_counts import REPORT, class_codes, is_report
from sdc.derived_counts import (
    N_LINE,
    implied_counts,
    parse_n_percent,
    without_printed_bases,
)
from sdc.group_headers import numeric_group_levels
from sdc.n_percent_levels import level_columns
from sdc.readers.code_systems import code_of, codes_understood, described_codes, fixed_name
from sdc.readers.footnote_marks import (
    all_explained,
    end_marks,
    explained_marks,
    run_of_romans,
)
from sdc.readers.layout import pandas_series_header
from sdc.readers.layout_header import coded_column_header, codes_confirmed, is_margin
from sdc.readers.model_text import model_fact_key
from sdc.readers.numbered_names import (
    bare_number_word,
    glued_number,
    mixed_names,
    name_then_number,
    number_first,
    number_led,
    ordinal_name,
    program_first,
    roman_numbered,
    same_series,
    series_word,
    spelt_number,
    undecorated,
)
from sdc.readers.roles import (
    concentration_order,
    count_in_text,
    has_number,
    is_year,
    label_text_understood,
    model_header_understood,
    number_forms,
    numeric_labels_understood,
    ordinal_codes,
    percentile_name,
    prose_numbers_not_understood,
    repeated_scale,
    spelt_value,
    word_count,
)
from sdc.table import CellRefs, DataCell, RawCell, Role, Table

if TYPE_CHECKING:
    from sdc.code_rows import CodeRows, Fact
    from sdc.outputs import Output
    from sdc.policy import Policy

# Which rules look at a cell of each role (by code). A role no enabled rule checks is not covered.
ROLE_RULES: dict[Role, tuple[str, ...]] = {
    Role.COUNT: ("SDC101", "SDC102", "SDC103"),
    Role.MAGNITUDE: ("SDC201", "SDC202", "SDC203"),
    Role.STATISTIC: ("SDC303",),
    Role.PERCENT: ("SDC303",),
    Role.EXTREME: ("SDC302",),
    Role.MODEL: ("SDC301",),  # a dof source, or SDC301 says the model is unassessable
    Role.UNKNOWN: (),
}
NAMED_UNPARSED = 20  # SDC602 names this many unparsed measure cells one by one (rules/files.py)


def checked_roles(policy: Policy) -> set[Role]:
    """The roles that at least one enabled rule checks under this policy (worked out once per
    policy and selection: every output read asks, and the registry has dozens of rules)."""
    from sdc.rules import REGISTRY

    key = (policy.model.rules, tuple(policy.enabled.items()))
    cached = policy.__dict__.get("_sdc_checked_roles")
    if cached is not None and cached[0][0] is key[0] and cached[0][1] == key[1]:
        return set(cached[1])
    enabled = {code for code, cls in REGISTRY.items() if policy.is_enabled(cls)}
    roles = {role for role, codes in ROLE_RULES.items() if enabled.intersection(codes)}
    policy.__dict__["_sdc_checked_roles"] = (key, frozenset(roles))
    return roles


def enforce_coverage(outputs: list[Output], policy: Policy) -> None:
    """Fill ``not_understood`` on every output (idempotent: recomputed each call)."""
    from sdc.rules.files import UnreadableOutput  # as ``checked_roles``' REGISTRY

    roles = checked_roles(policy)
    params = policy.params(UnreadableOutput)
    ordinal_names = frozenset(params.ordinal_names)
    code_shapes = tuple(re.compile(shape) for shape in params.code_shapes)
    for output in outputs:
        if output.table is not None:
            model = output.kind == "model" and bool(output.model_dof or output.recorded_dof)
            # a sidecar that matched every cell (written with the table) says what the
            # header's codes are, as a log's ruled-off header does: no guess there
            known = output.sidecar is not None or output.table.header_certain
            try:
                output.not_understood = uncovered_cells(
                    output.table, roles, model=model, header_known=known,
                    count_floor=policy.shared.threshold, ordinal_names=ordinal_names,
                    code_shapes=code_shapes)
            except Exception as exc:  # a bug must fail closed, not lose the rest of the release
                output.fail_closed("tell which of its numbers the rules check", exc)
        # (an output without a table keeps what its reader named: a model summary's extra lines)


def uncovered_cells(table: Table, roles: set[Role], model: bool = False,
                    header_known: bool = False, count_floor: float = math.inf,
                    ordinal_names: frozenset[str] = frozenset(),
                    code_shapes: tuple[re.Pattern[str], ...] = ()) -> CellRefs:
    """References of the cells of ``table.grid`` holding a number nothing checks, in file order
    (``CellRefs``: each made when read, as a row-level file has hundreds of thousands).

    ``model``: the output is a model with a degrees-of-freedom source (SDC301 checks it), so
    the named facts of a model summary written as a table (statsmodels' ``No. Observations:``
    with its value in the next cell) and the interval bounds in a coefficient table's header
    are model statistics, checked through that dof. ``header_known``: evidence written with
    the table (a matched sidecar) confirms its header, so codes on it need no other proof.
    ``count_floor``: the policy's count threshold; a ``name N`` series numbered from there up
    is read as names even when it does not start at 1 (``ordinal_run``). ``ordinal_names``:
    the names of numbered series the policy adds to the project's (``ordinal_name``).
    ``code_shapes``: the shapes of code systems the policy adds (``codes_understood``)."""
    if not table.cells and not table.header_rows and not table.data_rows:
        return CellRefs(_uncovered_words(table))
    coverage = _coverage_of(table, roles, model, header_known)
    coverage.count_floor = count_floor
    coverage.ordinal_names = ordinal_names
    coverage.code_shapes = code_shapes
    sources, excused, measure_roles = coverage.sources, coverage.excused, coverage.measure_roles
    # ``_covered``'s branches spelt out where a large table spends its cells: a number read as
    # a data cell whose role is its measure's is covered when a rule checks the measure's role
    # (whatever the text: per measure once, not per cell), else named when its text has a
    # digit and it is not excused (without a digit that branch accepts it; a data cell is
    # never a model fact); a label's verdict is kept per distinct label; the rest go through
    # ``_covered``
    # the ids of the cells' measures in C steps, each judged once (a long table has a
    # handful, all the table's own; a step a cell was ~1% of its check)
    ids = set(map(id, map(_MEASURE, sources.values())))
    own = {id(m): m for m in table.measures}  # alive with the cells: an id is theirs
    checked = {key for key in ids if own[key].role in roles} if ids <= own.keys() else {
        id(d.measure) for d in sources.values() if d.measure.role in roles}
    label_cols, data_rows = coverage.label_cols, coverage.data_rows
    numbered: dict[str, bool] = {}  # _holds_a_number per distinct text (labels repeat)
    missing: list[RawCell] = []

    def check(cell: RawCell, prev: str | None) -> None:
        raw = cell.raw
        if not _remembered_holds(coverage, numbered, raw):
            # a cell with no number (no digit, no count in words) is covered whichever
            # way ``_covered`` reads it (each of its branches accepts one first)
            return
        data = sources.get(id(cell))
        if data is not None:
            if measure_roles and cell.value is not None and cell.marker is None:
                if id(data.measure) not in checked and has_number(raw) and \
                        id(cell) not in excused:
                    missing.append(cell)
                return
        elif cell.col in label_cols and cell.row in data_rows and \
                _label_covered(coverage, cell):
            return  # ``_covered``'s label branch, its verdict kept per distinct label
        if not _covered(coverage, prev, cell):
            missing.append(cell)

    code = table.grid.code_rows()  # asked after ``_coverage_of``: its passes may turn it
    if code is not None:
        # the made cells ``check`` passes whatever their text, not visited one by one: the
        # data cells (``sources``) with a marker (``_covered``'s first test) or with a value
        # of a checked measure; ``asked``: the others, the few (a set of the passed ids was
        # 4 MiB on 100,000 rows)
        asked = {key for key, d in sources.items() if d.source.marker is None and (
            d.source.value is None or id(d.measure) not in checked)}
        _check_codes(coverage, code, numbered, check, missing,
                     (sources, asked) if measure_roles else None)
        return CellRefs(missing)
    for row in table.grid:
        prev = None
        for cell in row:
            check(cell, prev)
            prev = cell.raw
    return CellRefs(missing)


def _check_codes(cov: _Coverage, code: CodeRows, numbered: dict[str, bool],
                 check: Callable[[RawCell, str | None], None], missing: list[RawCell],
                 passed: tuple[Container[int], Container[int]] | None = None) -> None:
    """``uncovered_cells``' loop over a grid still read as the parser's codes (a plain CSV:
    ``sdc.code_rows``), without making a cell nothing made. A cell made (a data cell's
    source, a row the layout looked at) is checked as a grid's; it is kept for the grid's
    life, so its id is no other cell's. A cell never made was seen by nothing: it is no data
    cell's source, not named, not excused, and on a data line that is no header line its
    verdict is ``_covered``'s for a cell of no data cell, which depends on its column and what
    it says only (``_understood``), worked out once per (column, code), and then on the text
    before it in its row (a model's named fact). A line that is not such a data line is read
    as cells (a header, a title: a few lines).

    Worked out a column at a time (issue 14 §3: a call per cell was a sixth of a long
    table's check): each distinct code of a column is judged once, and only the made cells
    and the cells of codes judged not understood are visited, in file order. The rows of
    each kind of visit are kept as compact arrays a column at a time and put in file order
    a chunk of rows at a time (issue 12 channel 12: a tuple, a set entry and an int per made
    cell of a long table's measure column were +19 MiB, its check's peak). ``passed``: the
    made cells ``check`` passes whatever they say, by ``id``, as the ids the first holds
    less those the second does (within the first), left out of the visits (a long table's
    measure column: a visit a row was a third of its coverage, issue 14 §3)."""
    if code.made_mask(1) is None:  # every cell made (``all_rows``): each read as a grid's
        _check_rows(code, check)
        return
    lines = code.lines()
    data_rows, header_rows = cov.data_rows, cov.header_rows
    meanings, codes, widths = code.packed.meanings, code.packed.codes, code.packed.widths
    n = len(lines)
    on_data = bytes(line in data_rows and line not in header_rows for line in lines)
    # (column, kind, its rows): 0 a line read as cells, 1 a made cell, 2 a cell named as
    # missing; a row and column has one kind
    visits: list[tuple[int, int, Sequence[int]]] = [
        (0, 0, _rows_of(bytes(map(not_, on_data))))]
    width = widths[0] if n else 0
    same_width = n > 0 and widths.count(width) == n
    for col in range(1, (max(widths) if n else 0) + 1):
        on = on_data if same_width else bytes(map(col.__le__, widths))
        if not same_width:
            on = _both(on, on_data)
        mask = code.made_mask(col)
        if mask is None:  # a judgement above read a pass that made every cell: as a grid's
            _check_rows(code, check)
            return
        if 1 in mask:
            made = _both(on, bytes(mask))
            on = _without(on, made)  # the cells never made (``made`` is within ``on``)
            if passed is not None:
                held, asked = (bytes(code.made_mask(col, ids) or b"") for ids in passed)
                made = _without(made, _both(made, _without(held, asked)))
            if 1 in made:
                visits.append((col, 1, _rows_of(made)))
        rows = _rows_of(on)
        if not rows:
            continue
        column = codes[col - 1]
        here = column[rows.start:rows.stop] if isinstance(rows, range) \
            else array(column.typecode, compress(column, on))
        first = dict(zip(reversed(here), reversed(rows), strict=True))  # code -> first row
        bad = set()
        for at, i in first.items():
            meaning = meanings[at]
            assert meaning is not None  # a regular row has every column up to its width
            if not _remembered_holds(cov, numbered, meaning[0]):
                continue
            # a cell of this place and meaning, held only while it is asked about (alive
            # while asked: its id is none of the live cells the sets hold)
            if not _understood_in(cov, RawCell(lines[i], col, *meaning)):
                bad.add(at)
        if not bad:
            continue
        named: Iterable[int] = compress(rows, map(bad.__contains__, here))
        if cov.model and col > 1:  # ``_covered``'s model branch (no header line here)
            named = [i for i in named if not model_fact_key(code.text(i, col - 1) or "")]
        visits.append((col, 2, array("q", named)))
    _visit(code, visits, n, check, missing)


def _both(a: bytes, b: bytes) -> bytes:
    """Two masks of a byte a row (0 or 1), 1 where both are: one C operation on the whole
    masks as integers, not a call per row."""
    return (int.from_bytes(a, "little") & int.from_bytes(b, "little")).to_bytes(len(a),
                                                                               "little")


def _without(a: bytes, b: bytes) -> bytes:
    """Mask ``a`` less mask ``b``, ``b`` within ``a`` (a byte a row, 0 or 1)."""
    return (int.from_bytes(a, "little") ^ int.from_bytes(b, "little")).to_bytes(len(a),
                                                                               "little")


def _rows_of(mask: bytes) -> range | array[int]:
    """The rows where ``mask`` (a byte a row) is 1, in order: a range when they run on
    unbroken (a table's data rows, its measure's made cells), else an array."""
    first = mask.find(1)
    if first < 0:
        return range(0)
    last = mask.rfind(1)
    if mask.count(1) == last - first + 1:
        return range(first, last + 1)
    return array("q", compress(range(len(mask)), mask))


def _visit(code: CodeRows, visits: list[tuple[int, int, Sequence[int]]], n: int,
           check: Callable[[RawCell, str | None], None], missing: list[RawCell]) -> None:
    """``_check_codes``' visits in file order (by row, then column), ``_VISIT_ROWS`` rows at
    a time: a tuple per visit only for the rows of one chunk."""
    taken = [0] * len(visits)
    for low in range(0, n, _VISIT_ROWS):
        high = low + _VISIT_ROWS
        part: list[tuple[int, int, int]] = []
        for k, (col, kind, rows) in enumerate(visits):
            stop = bisect_left(rows, high, taken[k])
            if stop > taken[k]:
                part += zip(rows[taken[k]:stop], repeat(col), repeat(kind))
                taken[k] = stop
        part.sort()
        for i, col, kind in part:
            if kind == 0:
                prev = None
                for cell in code.row(i):
                    check(cell, prev)
                    prev = cell.raw
            elif kind == 1:
                found = code.made(i, col)
                assert found is not None
                check(found, code.text(i, col - 1) if col > 1 else None)
            else:
                named = code.cell(i, col)
                assert named is not None
                missing.append(named)


_VISIT_ROWS = 4096


def _check_rows(code: CodeRows, check: Callable[[RawCell, str | None], None]) -> None:
    """Every row's cells checked in file order."""
    for i in range(len(code)):
        prev = None
        for cell in code.row(i):
            check(cell, prev)
            prev = cell.raw


def _remembered_holds(cov: _Coverage, numbered: dict[str, bool], raw: str) -> bool:
    """``_holds(cov, raw)``, remembered per distinct text in ``numbered`` (labels repeat)."""
    holds = numbered.get(raw)
    if holds is None:
        holds = _holds(cov, raw)
        if len(numbered) < MAX_REMEMBERED:
            numbered[raw] = holds
    return holds


@dataclass
class _Coverage:
    """What the check of one table works out once, before it looks at any cell."""

    table: Table
    roles: set[Role]
    model: bool
    sources: dict[int, DataCell]  # id of a grid cell -> the data cell read from it
    named: set[int]  # unparsed measure cells SDC602 names one by one
    header_rows: set[int]
    data_rows: Container[int]  # ``row_set``: a range when the data rows run on unbroken
    label_cols: set[int]
    label_ok: dict[int, bool]  # per label column: its plain numbers are labels
    header_ok: dict[int, bool]  # per header row: its plain numbers are labels
    excused: set[int]  # ids of the Series' ``0`` name and the checked ``n (%)`` strings
    measure_roles: bool  # no label names a statistic: a cell's role is its measure's
    # a label cell's verdict depends only on its column, its text and its kind: worked out
    # once per distinct label (a 99k-row file repeats a few hundred)
    label_verdicts: dict[tuple, bool] = field(default_factory=dict)
    # per header row / label column: the names of its ``West 3`` labels by their last word,
    # each with its numbers there
    series: dict[tuple[bool, int], dict[str, dict[str, set[str]]]] = field(default_factory=dict)
    # per header row / label column: whether it lists codes with descriptions (``10 Food
    # products``), where a number first is a code too (``11 Beverages``)
    coded: dict[tuple[bool, int], bool] = field(default_factory=dict)
    count_floor: float = math.inf  # the policy's count threshold (``ordinal_run``)
    # per header row / label column: whether it holds a plain name (``mixed_names``)
    mixed: dict[tuple[bool, int], bool] = field(default_factory=dict)
    ordinal_names: frozenset[str] = frozenset()  # the policy's (``ordinal_name``)
    # per header row / label column: whether its codes are a real code list
    # (``codes_understood``); the policy's code shapes
    codes_ok: dict[tuple[bool, int], bool] = field(default_factory=dict)
    code_shapes: tuple[re.Pattern[str], ...] = ()
    # per label column: whether its number-led labels (``3 days``) name categories
    led_ok: dict[int, bool] = field(default_factory=dict)
    # per header row / label column and name: its series' numbers, and whether they are a
    # run (``ordinal_run``): 20,000 ``Area N`` labels share one series, sorted once
    series_numbers: dict[tuple, frozenset[str]] = field(default_factory=dict)
    runs: dict[tuple, bool] = field(default_factory=dict)
    # the footnote marks the table's notes explain (``_table_marks``): worked out when a
    # cell first ends with one
    marks: frozenset[str] | None = None


def _coverage_of(table: Table, roles: set[Role], model: bool, header_known: bool
                 ) -> _Coverage:
    header_rows = set(table.header_rows)
    # first, before the sets and dicts below are held: the implied counts' passes are the
    # coverage's largest transient (+24 MiB on the 100,000-row long table, its peak)
    excused = _excused_cells(table, roles, header_rows)
    data_rows = row_set(table.data_rows)
    label_cols = set(table.label_columns)
    label_ok = _numeric_label_columns(table, label_cols, data_rows)
    label_ok.update(level_columns(table, label_ok, data_rows))  # a Table 1's numeric levels
    if getattr(table, "chart", None) is not None:
        # a chart's labels are positions on its x axis (the times of survival steps, bin
        # edges); the figure itself is checked by SDC702/SDC703, its heights here as cells
        label_ok = dict.fromkeys(label_cols, True)
    return _Coverage(
        table=table, roles=roles, model=model,
        sources={id(c.source): c for c in table.cells},
        named={id(c) for c in table.unparsed[:NAMED_UNPARSED]},
        header_rows=header_rows, data_rows=data_rows, label_cols=label_cols,
        label_ok=label_ok,
        header_ok=_numeric_header_rows(table, header_rows, label_cols, header_known),
        excused=excused,
        measure_roles=not statistic_dimensions(table))


def row_set(rows: list[int]) -> Container[int]:
    """``set(rows)`` for ``in`` tests: a ``range`` when ``rows`` are consecutive line numbers
    in order (a long table's data rows), which holds none of them (the set of the
    100,000-row table's was 4 MiB held through its coverage); the same answer for every
    int."""
    if rows and len(rows) == rows[-1] - rows[0] + 1 and all(
            map(eq, rows, range(rows[0], rows[-1] + 1))):
        return range(rows[0], rows[-1] + 1)
    return set(rows)


def _excused_cells(table: Table, roles: set[Role], header_rows: set[int]) -> set[int]:
    """Numbers understood whatever their place: pandas' name ``0`` for an unnamed Series
    (``groupby().size()``), and ``120 (45.1%)`` strings and the ``n`` line above them, whose
    counts the count rules check."""
    excused: set[int] = set()
    series_name = _pandas_series_name(table, header_rows)
    if series_name is not None:
        excused.add(id(series_name))
    if Role.COUNT in roles:
        excused |= {id(found.cell) for found in implied_counts(table)
                    if isinstance(found.cell, RawCell)
                    and (parse_n_percent(found.cell.raw, True) or found.public == N_LINE)}
        excused |= numeric_group_levels(table, header_rows)  # gtsummary's ``**0**, N = 50``
        if is_report(table):  # a classification report's shares: SDC101 checks their counts
            excused |= {id(c.source) for c in table.cells if c.measure.role_from == REPORT}
            excused |= class_codes(table)
    return excused


def _covered(cov: _Coverage, prev: str | None, cell: RawCell) -> bool:
    """Whether the number (if any) in ``cell`` is checked by a rule or recognisably a label
    (``prev``: the text of the cell before it in its row, None for a row's first)."""
    data = cov.sources.get(id(cell))
    if cov.measure_roles and data is not None:
        # ``_understood``'s measure-cell branch, its role being its measure's: the usual cell
        if cell.marker is not None or (
                id(cell) in cov.named if cell.value is None
                else data.measure.role in cov.roles) or not has_number(cell.raw):
            return True
    elif data is None and cell.col in cov.label_cols and cell.row in cov.data_rows:
        if _label_covered(cov, cell):
            return True
    elif not _holds(cov, cell.raw) or _understood_in(cov, cell):
        return True
    if id(cell) in cov.excused:
        return True
    return cov.model and id(cell) not in cov.sources and (
        (prev is not None and bool(model_fact_key(prev)))
        or (cell.row in cov.header_rows and model_header_understood(cell.raw)))


def _label_covered(cov: _Coverage, cell: RawCell) -> bool:
    key = (cell.col, cell.raw, cell.value is None, bool(cell.marker))
    verdict = cov.label_verdicts.get(key)
    if verdict is None:
        verdict = cov.label_verdicts[key] = not _holds(cov, cell.raw) or _understood_in(
            cov, cell)
    return verdict


def _holds_a_number(raw: str) -> bool:
    """A digit or a count in words (``seven patients``): a cell with neither is covered in
    every branch of ``_covered`` (a measure cell needs no digit), so ``uncovered_cells`` asks
    only the cells with one."""
    return (has_number(raw) or word_count(raw) or spelt_number(raw) or bare_number_word(raw)
            or number_led(raw) is not None  # ``III deaths``
            or spelt_value(raw)  # ``North: three`` (hunt50)
            or number_forms(raw) > 0)  # ``North ③`` (hunt51)


def _holds(cov: _Coverage, raw: str) -> bool:
    """``_holds_a_number``, or a raised digit ending ``raw`` that no note of the table
    explains (``_unexplained_mark``)."""
    return _holds_a_number(raw) or _unexplained_mark(cov, raw)


def _unexplained_mark(cov: _Coverage, raw: str) -> bool:
    """A footnote's mark ending ``raw`` (``North³``, ``North ³``) that no note of the table or
    its page opens with (hunt52), or whose earlier marks' notes are missing (``³`` with the
    lone note ``³ see below``, hunt53): a number beside a name, not a mark."""
    marks = end_marks(raw)
    if not marks:
        return False
    if cov.marks is None:
        cov.marks = _table_marks(cov)
    return not all_explained(marks, cov.marks)


def _table_marks(cov: _Coverage) -> frozenset[str]:
    """The marks the table's notes explain: its title and note lines, its page's notes
    (``Table.page_notes``), a grid cell opening with a raised mark (``¹ n (%)``), and a line
    outside its header and data rows opening with a note's number (``3. Includes``)."""
    table = cov.table
    raised: list[str] = []
    plain = [*table.title, *table.notes, *table.page_notes]
    for row in table.grid:
        texts = [cell.raw for cell in row if cell.raw.strip()]
        if cov.data_rows.__contains__(row[0].row if row else -1) or (
                row and row[0].row in cov.header_rows):
            raised += texts
        else:
            plain += texts
    return explained_marks(plain) | explained_marks(raised, plain=False) | run_of_romans(
        mark for text in raised for mark in end_marks(text))


def _understood_in(cov: _Coverage, cell: RawCell) -> bool:
    if number_forms(cell.raw):
        return False  # ``North ③``, ``North ½``: a number no digit shows (hunt51)
    if _unexplained_mark(cov, cell.raw):
        return False  # ``North³`` with no note ``³ ...`` (hunt52)
    return _understood(cov.table, cell, cov.sources, cov.named, cov.roles, cov.data_rows,
                       cov.label_cols, cov.header_rows, cov.label_ok, cov.header_ok,
                       lambda header: _in_a_series(cov, cell, header))


def _in_a_series(cov: _Coverage, cell: RawCell, header: bool) -> bool:
    """A label ``name N`` (``West 3``, ``Wave 2``) is a name only in a series: another label of
    its header row (``header``) or label column is the same name (or one ending in it, or it in
    that: ``Stage 3``, ``Key Stage 2``) with another number, and the series' numbers are a run
    (``ordinal_run``: ``Wave 1``, ``Wave 2``; ``Model 1``..``Model 3``). Alone, beside other
    names (``West 3``, ``East 40``), or beside the same name with a number far from its own
    (``West 3``, ``West 40``), its number may be a count set beside a place: not understood
    (SDC602), for a person to read. Letters beside a number are no reason alone to leave it
    unchecked."""
    if bare_number_word(cell.raw):
        return False  # ``three``: a number in words, which no rule reads
    key = (header, cell.row if header else cell.col)
    index = cov.series.get(key)
    if index is None:
        index = cov.series[key] = _series_index(cov, header, key[1])
    found = name_then_number(cell.raw, cov.mixed.get(key, False), not header)
    if found is None and (bare := undecorated(cell.raw)) is not None:
        found = name_then_number(bare, cov.mixed.get(key, False), not header)  # ``South 3!``
    if found is None:  # a code's digits are a label's in a real code list only
        if glued_number(cell.raw):  # ``3p``, ``0x3``: a code only in a shape the TRE declares
            return any(shape.fullmatch(cell.raw.strip()) for shape in cov.code_shapes)
        if not header and number_led(cell.raw) is not None:  # ``3 days``, ``3.p``, ``III x``
            return _number_led_ok(cov, key[1])
        code = code_of(cell.raw)
        return code is None or fixed_name(code) or cov.codes_ok.get(key, True)
    name, number = found
    if cov.coded.get(key) and number_first(cell.raw):
        return True
    if roman_numbered(cell.raw) and ordinal_name(name, cov.ordinal_names):
        return True  # ``Grade III``, ``Stage IV``: how those series are written, alone too
    bucket = index.get(series_word(name), {})
    if header and program_first(name, number) and all(
            nums <= {number} for nums in bucket.values()):
        return True  # R's lone ``Var1`` (write.csv(table(x))): where R starts numbering
    members = cov.series_numbers.get((key, name))
    if members is None:
        members = cov.series_numbers[(key, name)] = _series_numbers(bucket, name)
    if number not in members:  # a cell outside the rows the index was made from
        return ordinal_run(members | {number}, cov.count_floor, name, cov.ordinal_names)
    verdict = cov.runs.get((key, name))
    if verdict is None:  # one verdict per series, not one sort of it per member
        verdict = cov.runs[(key, name)] = ordinal_run(members, cov.count_floor, name,
                                                      cov.ordinal_names)
    return verdict


def _series_numbers(bucket: dict[str, set[str]], name: str) -> frozenset[str]:
    """The numbers of ``name``'s series in one header row or label column: its own, and
    those of the names of the same series when they are few enough to compare two by two."""
    if len(bucket) > MAX_SERIES_NAMES:  # names compared two by two only for a few
        return frozenset(bucket.get(name, ()))
    return frozenset().union(*(numbers for other, numbers in bucket.items()
                               if same_series(name, other)))


def _number_led_ok(cov: _Coverage, col: int) -> bool:
    """Whether label column ``col``'s labels that open with a quantity (``3 days``, ``3x``,
    ``3.p``, ``3 (approx)``, ``III deaths``: ``number_led``) name categories, not counts set
    in a label's place (labels13). They do when the table is a model's (``1.sex``), when
    every such number is at least the count threshold (read as counts they pass SDC101:
    ``10 mg``, ``20 mg``), when the column is crossed with the other label columns (every value
    beside every combination of theirs: a long table's categories, ``1 year`` under each
    region), or,
    as the only label column, when they number its rows from 0 or 1 with none left out (IMD
    quintiles ``1 (most deprived)``..``5``). Beside other label columns that it is not
    crossed with, a number per row is an attribute of that row (``North``, ``3 days``): for a
    person (SDC602). *Cost:* durations or doses below the threshold that are no run
    (``1 year``, ``5 years`` alone; ``5 mg``, ``10 mg``) are ``review``."""
    verdict = cov.led_ok.get(col)
    if verdict is None:
        verdict = cov.led_ok[col] = _number_led_verdict(cov, col)
    return verdict


def _number_led_verdict(cov: _Coverage, col: int) -> bool:
    if cov.model:
        return True
    texts = _aligned_texts(cov, col)
    distinct = set(texts)  # a long table repeats a few labels
    led = {n for raw in distinct if (n := number_led(raw)) is not None}
    if all(n >= cov.count_floor for n in led):
        return True
    others = sorted(cov.label_cols - {col})
    if others:
        return _crossed(cov, texts, others)
    # the column's bare numbers belong to its run too (``1 (most deprived)``, ``2``, ``3``)
    values = sorted(led | {float(raw) for raw in distinct if raw.isdecimal()})
    return (all(v.is_integer() for v in values) and values[0] <= 1
            and values[-1] - values[0] + 1 == len(values))


def _crossed(cov: _Coverage, texts: list[str], others: list[int]) -> bool:
    """Every label of a column (``texts``, row by row) beside every combination of the other
    label columns' labels in the data rows, with two or more of each (a long table's
    crossing). Against the combination, not one column at a time: ``3 days`` beside both
    regions but once per region and sex is still a number per row."""
    rest = zip(*(_aligned_texts(cov, other) for other in others), strict=True)
    pairs = set(zip(texts, rest, strict=True))
    mine = {a for a, _ in pairs}
    theirs = {b for _, b in pairs}
    return len(mine) > 1 and len(theirs) > 1 and len(pairs) == len(mine) * len(theirs)


def _aligned_texts(cov: _Coverage, col: int) -> list[str]:
    """Label column ``col``'s text in each data row, in order (``""`` where it has none): two
    columns' lists pair up row by row."""
    code = cov.table.grid.code_rows()
    if code is not None:
        rows = [i for i, line in enumerate(code.lines()) if line in cov.data_rows]
        return ["" if o is None else o.raw.strip() for o in code.column_read(col, rows)]
    return [next((c.raw.strip() for c in row if c.col == col), "")
            for row in cov.table.grid if row and row[0].row in cov.data_rows]


MAX_SERIES_NAMES = 64  # distinct names ending in one word compared two by two


def ordinal_run(numbers: Set[str], count_floor: float = math.inf, name: str = "",
                extra_names: frozenset[str] = frozenset()) -> bool:
    """Whether the numbers of one series of ``name N`` labels number its members, so none of
    them says how many of something there are. Two or more, and either

    - numbered from the start with none left out (``Wave 1, Wave 2``; ``Stage 1..4``;
      ``Arm 0, Arm 1``): the numbers then follow from how many members the series has, which
      the table shows anyway, so they carry nothing of the data; or
    - every number at least ``count_floor`` (the policy's count threshold: read as counts they
      would pass SDC101 anyway), in a run with at most one missing for every two members past
      the first (``Ward 11, Ward 12``; ``Year 10, 11, 13``).

    A run from the start whose numbers all stay below ``count_floor`` numbers its members only
    under a name the project knows to number things (``ordinal_name``: ``Wave``, ``Stage``,
    ``Site``): ``West 1, West 2, West 3`` may be two made-up members set below a real ``West 3``
    to make its 3 look like an ordinal (hunt8's Left).

    ``West 3, West 40`` (or ``Ward 7, Ward 12``) is no run; ``West 3, West 4`` is a run that
    starts where a count could: the researcher wrote the numbers, and 3 and 4 may be the
    counts of two groups set beside their names. Either is for a person (SDC602). *Cost:* a
    series of small numbers that does not start at 0 or 1 (``Key Stage 2..4``, ``Year 7..11``)
    or has a member left out (``Wave 1, 2, 4``) is ``review``."""
    if len(numbers) < 2:
        return False
    values = sorted(int(n) for n in numbers)
    missing = values[-1] - values[0] + 1 - len(values)
    if values[0] <= 1 and missing == 0:
        return values[-1] >= count_floor or ordinal_name(name, extra_names)
    return values[0] >= count_floor and missing <= (len(values) - 1) // 2


def _texts_of(cov: _Coverage, header: bool, at: int) -> Iterable[tuple[int, str]]:
    """(column, text) of the cells of header row ``at`` or of label column ``at``'s data
    rows; a grid still read as the parser's codes is read from its codes (no row made: a long
    table's coverage never turns it into rows)."""
    code = cov.table.grid.code_rows()
    if code is not None:
        lines = code.lines()
        if header:
            for i, line in enumerate(lines):
                if line == at and code.width(i):
                    yield from ((c.col, c.raw) for c in code.row(i))
            return
        rows = [i for i, line in enumerate(lines) if line in cov.data_rows]
        yield from ((at, o.raw) for o in code.column_read(at, rows) if o is not None)
        return
    for row in cov.table.grid:
        if not row:
            continue
        if header:
            if row[0].row == at:
                yield from ((c.col, c.raw) for c in row)
        elif row[0].row in cov.data_rows:
            yield from ((c.col, c.raw) for c in row if c.col == at)


def _series_index(cov: _Coverage, header: bool, at: int) -> dict[str, dict[str, set[str]]]:
    """The names of the ``name N`` labels in header row ``at`` or in label column ``at`` (its
    data rows), by their last word, each with its numbers; a distinct text is matched once."""
    index: dict[str, dict[str, set[str]]] = {}
    seen: dict[str, None] = {}  # distinct texts, in order
    members: dict[str, None] = {}  # those that may be members of a series beside plain names
    for col, raw in _texts_of(cov, header, at):
        seen[raw] = None
        # a text met first over a label column is still a member where it stands over data
        # (``North`` over a label column and again over a count: a plain name beside codes)
        if not (header and col in cov.label_cols):
            members[raw] = None
    # a column of codes alone (``E11``, ``10 Food products``) is read as codes; beside a plain
    # name (``East``) a code's shape is no proof (an insider's ``W3``, a decoy SIC row). A
    # header's names over label columns (``region``) are no members
    mixed = mixed_names(members)
    cov.mixed[(header, at)] = mixed = mixed and not cov.model  # a model's terms: ``x1``, ``age``
    cov.coded[(header, at)] = not mixed and described_codes(members)
    cov.codes_ok[(header, at)] = cov.model or codes_understood(members, mixed, cov.code_shapes)
    for text in seen:
        found = name_then_number(text, mixed, not header)
        if found is not None:
            bucket = index.setdefault(series_word(found[0]), {})
            bucket.setdefault(found[0], set()).add(found[1])
    return index


def _uncovered_words(table: Table) -> list[RawCell]:
    """Free text read word by word (image and SVG metadata, ACRO's results.json text): its
    numbers cannot be tied to a role (tick labels, versions, ACRO's cell indices), so only a
    count stated in words (``n=3``, ``3 patients``, ``(12)``) is named, at its line's first
    number. Identifiers in it are SDC604's; a table in it is read as a table."""
    missing: list[RawCell] = []
    for row in table.grid:
        text = " ".join(cell.raw for cell in row[1:])
        if count_in_text(text):
            first = next((cell for cell in row[1:] if has_number(cell.raw)), None)
            if first is not None:
                missing.append(first)
    return missing


def _understood(table: Table, cell: RawCell, sources: dict, named: set[int], roles: set[Role],
                data_rows: Container[int], label_cols: set[int], header_rows: set[int],
                label_ok: dict[int, bool], header_ok: dict[int, bool],
                in_series: Callable[[bool], bool] = lambda header: True) -> bool:
    data = sources.get(id(cell))
    if data is not None:
        if cell.marker is not None:
            return True  # a suppression marker: the suppression rules look at it
        if cell.value is None:
            return id(cell) in named  # text in a measure column, already named by SDC602
        return effective_role(table, data) in roles  # a tidy label may name the role
    # a base printed as n=200 is checked as a count (sdc.derived_counts), when counts are
    text = without_printed_bases(cell.raw) if Role.COUNT in roles else cell.raw
    if cell.row in data_rows and cell.col in table.evidence_columns:
        return True  # tau-ARGUS' freq / n_negative: checked through the cells they describe
    if cell.row in data_rows and cell.col in label_cols:
        # describe()'s 25%/50%/75% rows: their values are checked in the row; a bare ordinal
        # (``3rd``, ``12th``) names no row's statistic (cell_roles): a count in disguise
        if percentile_name(cell.raw) and not glued_number(cell.raw):
            return True
        if cell.kind == "num":
            return label_ok.get(cell.col, False)
        return label_text_understood(text) and in_series(False)
    if cell.row in header_rows:
        if cell.col not in label_cols and percentile_name(cell.raw):
            return True  # ``describe()[["count", "50%"]]``: a percentile's name over its values
        if cell.col not in label_cols and concentration_order(cell.raw) is not None and any(
                m.col == cell.col and m.role is Role.STATISTIC for m in table.measures):
            return True  # ``CR3`` over the shares it names (SDC303 and SDC201 read them)
        if cell.value is not None:  # over a label column only a year names it
            return is_year(cell.value) if cell.col in label_cols else \
                header_ok.get(cell.row, False)
        return label_text_understood(text) and in_series(True)
    if cell.row in data_rows:
        return False  # a number in a data row that is neither a label nor a checked cell
    return not prose_numbers_not_understood(text)  # a title or note line


def _pandas_series_name(table: Table, header_rows: set[int]) -> RawCell | None:
    """The ``0`` of a ``region,sex,0`` header line (see ``pandas_series_header``), when the
    header is confirmed: ``baseline,0`` over years keeps its 0 named (SDC602)."""
    if len(header_rows) != 1:
        return None
    (row,) = header_rows
    line = _line_of(table, row)
    if line is None:
        return None
    if not _one_zero(line):
        return None  # ``pandas_series_header``'s first test, before reading every data line
    data_rows = set(table.data_rows)  # once: a set per grid line was quadratic in rows
    rest = [{c.col: c for c in r} for r in table.grid if r and r[0].row in data_rows]
    cols = sorted({c.col for r in table.grid for c in r if c.kind != "empty"})
    first = {c.col: c for c in line if c.kind != "empty"}
    if not cols or not pandas_series_header(first, rest, cols, confirmed=True):
        return None
    return next(c for c in first.values() if c.kind == "num")


def _line_of(table: Table, row: int) -> list[RawCell] | None:
    """The grid's first non-empty row whose first cell is on file line ``row``: a grid read
    as the parser's codes makes that row's cells only (by index), not every row's."""
    code = table.grid.code_rows()
    if code is None:
        return next((r for r in table.grid if r and r[0].row == row), None)
    return next((code.row(i) for i, line in enumerate(code.lines())
                 if line == row and code.width(i)), None)


def _one_zero(line: list[RawCell]) -> bool:
    """The line's only number is a ``0``."""
    numbers = [c for c in line if c.kind == "num"]
    return len(numbers) == 1 and numbers[0].raw.strip() == "0"


_MEASURE = attrgetter("measure")

MAX_REMEMBERED = 65_536  # distinct texts remembered (a row-level file's ids are all distinct)


def _numeric_label_columns(table: Table, label_cols: set[int], data_rows: Container[int]
                           ) -> dict[int, bool]:
    """Per label column: are its plain numbers recognisably labels (years, a code sequence)?"""
    values: dict[int, list[float]] = {c: [] for c in label_cols}
    mixed: set[int] = set()
    ends: dict[int, list[str]] = {}  # kinds of each column's first and last non-empty label
    margin: dict[str, bool] = {}  # per distinct text (labels repeat on every row)
    own = table.margin_name

    def take(col: int, cell: RawCell | Fact) -> None:
        kind = _label_kind(cell, margin, own)
        if kind is None:
            return  # empty, or a margin: names no end
        if kind == "num":
            values[col].append(cell.value)  # type: ignore[arg-type]
        elif kind == "text":
            mixed.add(col)
        seen = ends.get(col)  # not ``setdefault``: a list made per cell
        if seen is None:
            ends[col] = [kind, kind]
        else:
            seen[1] = kind

    code = table.grid.code_rows()
    if code is not None:  # the parser's codes: each label column read down its data lines
        # (a column's order is its rows'), the made cells as themselves, the others by what
        # their code says: no cell made
        lines = code.lines()
        at: Sequence[int] = list(compress(range(len(lines)), map(data_rows.__contains__,
                                                                  lines)))
        if at and at[-1] - at[0] + 1 == len(at):  # in order: a run of rows, no gap
            at = range(at[0], at[-1] + 1)
        for col in values:
            # ``take`` of each cell in order, worked out once per distinct code (the codes'
            # facts are shared by all their cells: a few dozen in a long table's column) and
            # made cell; the order is read in C steps, no Python step a row (issue 14 §3)
            nothing: tuple[str | None, float | None] = (None, None)
            read = code.column_map(col, at, lambda o: (_label_kind(o, margin, own), o.value),
                                   nothing)
            kinds = list(map(itemgetter(0), read))  # None: no cell, or no kind
            first = next(filter(None, kinds), None)
            if first is None:
                continue
            values[col] = list(compress(map(itemgetter(1), read), map(eq, kinds, repeat("num"))))
            if "text" in kinds:
                mixed.add(col)
            ends[col] = [first, next(filter(None, reversed(kinds)))]
    else:
        # a regular grid's row is on one line: whether it is a data row is asked once a row
        regular = table.grid.is_regular()
        for row in table.grid:
            if regular and (not row or row[0].row not in data_rows):
                continue
            for cell in row:
                if cell.col in values and (regular or cell.row in data_rows):
                    take(cell.col, cell)
    # among text labels only a year is a label; a lone ``1`` under ``North`` is not a code list,
    # nor ``1, 2`` under ``40+``: an ordinal scale has both its ends named
    return {col: all(is_year(v) for v in vals) or (ends.get(col) == ["text", "text"] and (
                ordinal_codes(vals) or (len(set(vals)) < len(vals) and repeated_scale(
                    _column_texts(table, col, data_rows)))))
            if col in mixed else numeric_labels_understood(vals)
            for col, vals in values.items() if vals}


def _column_texts(table: Table, col: int, data_rows: Container[int]) -> list[str]:
    """A label column's texts down its data rows, stripped (``repeated_scale``: asked only of
    a column mixing numbers and text whose ends are text and whose numbers repeat). Read
    through the parser's codes where it has them: rows are not made for it."""
    code = table.grid.code_rows()
    if code is not None:
        at = list(compress(range(len(lines := code.lines())),
                           map(data_rows.__contains__, lines)))
        return code.column_map(col, at, lambda o: o.raw.strip(), "")
    return [cell.raw.strip() for row in table.grid for cell in row
            if cell.col == col and cell.row in data_rows]


def _label_kind(cell: RawCell | Fact, margin: dict[str, bool], own: str | None = None
                ) -> str | None:
    """What a label cell says for ``_numeric_label_columns``: ``num``, ``marker``, ``text``,
    or None where it names no end (empty; a margin such as ``All`` or the table's own margin
    name ``own``, which closes a code list). (``cell.kind`` spelt out: a property call per
    cell.) ``margin``: per distinct text."""
    if cell.value is not None:
        return "num"
    if cell.marker:
        return "marker"
    raw = cell.raw
    if not raw or raw.isspace():
        return None
    closes = margin.get(raw)
    if closes is None:
        closes = is_margin(raw, own)
        if len(margin) < MAX_REMEMBERED:
            margin[raw] = closes
    return None if closes else "text"


def _numeric_header_rows(table: Table, header_rows: set[int], label_cols: set[int],
                         header_known: bool = False) -> dict[int, bool]:
    """Per header row: are the plain numbers over its measure columns category labels (years,
    or the codes of a column variable: ``g,1,2`` over a pandas index-name row)?

    Years are labels on any header line. Other codes (``yr,1,2``, ``age,0,1,2``) on a single
    header line are labels only when the header is confirmed (``codes_confirmed``: a margin
    name after them, totals that add up without them; or ``header_known``): a headerless
    table's first row could hold the same numbers as counts, and the guess alone must not
    leave them unchecked. Unconfirmed, they are named for review (SDC602)."""
    values: dict[int, list[float]] = {r: [] for r in header_rows}
    for row in table.grid.rows_on(values):
        for cell in row:
            if cell.row in values and cell.value is not None and cell.col not in label_cols:
                values[cell.row].append(cell.value)
    multi = len(header_rows) > 1  # a confirmed header: pandas' index-name row, or two levels
    ok = {r: numeric_labels_understood(v) and (multi or all(x >= 1800 for x in v))
          for r, v in values.items() if v}
    for r in [r for r, fine in ok.items() if not fine and not multi]:
        # a known header (a sidecar, a log's rule, R's quotes) needs no third code: 0, 1
        codes = (numeric_labels_understood(values[r])
                 and (len(set(values[r])) >= 3 or header_known)) or _coded_header(table, r)
        ok[r] = codes and (header_known or _confirmed_header(table, r))
    return ok


def _header_line(table: Table, row: int) -> tuple[dict[int, RawCell], list[dict[int, RawCell]]]:
    """The header line ``row`` (column -> cell) and the data lines below it."""
    data_rows = set(table.data_rows)
    line = _line_of(table, row) or []
    rest = [{c.col: c for c in r} for r in table.grid if r and r[0].row in data_rows]
    return {c.col: c for c in line if c.kind != "empty"}, rest


def _coded_header(table: Table, row: int) -> bool:
    """``yr,1,2``: the codes of a column variable over numeric label columns (pandas 3
    crosstabs; see ``sdc.readers.layout_header``)."""
    first, rest = _header_line(table, row)
    return bool(first) and coded_column_header(first, rest)


def _confirmed_header(table: Table, row: int) -> bool:
    first, rest = _header_line(table, row)
    return bool(first) and codes_confirmed(first, rest)
