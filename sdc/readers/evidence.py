"""Attach disclosure evidence to parsed tables: sidecars, evidence columns, model summaries.

Evidence (unit counts, largest contributions, negatives, degrees of freedom) lets the rules
judge magnitudes and statistics instead of sending them to review. It never leaves the TRE.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from sdc.evidence.sidecar import (
    SidecarError,
    file_problem,
    read_sidecar,
    sidecar_path,
    statistic_of,
    value_problem,
)
from sdc.identifiers import value_identifier_kind
from sdc.model_facts_agree import grid_disagreement
from sdc.outputs import Output, SidecarUse
from sdc.readers.base import ReadOptions
from sdc.readers.coefficients import proven_dof
from sdc.readers.layout_magnitude import floats_only_counts, output_says_counts
from sdc.readers.model_text import ModelText, parse_model_text
from sdc.readers.parts import TextPart, part_outputs
from sdc.readers.parts import words as text_words
from sdc.readers.roles import count_in_text, role_from_text
from sdc.table import DataCell, Measure, PrintedTops, RawCell, Role, Table

_FREQ = re.compile(r"^(freq|frequency|n_?units|units|n_?contributors|contributors)$", re.I)
_NEGATIVE = re.compile(r"^(n_?negatives?|negatives)$", re.I)
_TOP = re.compile(r"^(top|max_?contribution|largest)_?(\d+)$", re.I)
MAX_MODEL_TEXT = 2_000_000  # characters; a longer text is not a model summary


def _vouched_sidecar(output: Output) -> tuple[Path, dict, dict] | None:
    """The sidecar beside ``output``'s file (path, meta, cells) when sdc's API wrote it with
    these bytes; None when there is none, and a problem on the table when it is unusable."""
    path = sidecar_path(output.file)
    if not path.is_file() or output.table is None:
        return None
    try:
        meta, cells = read_sidecar(path)
    except SidecarError as exc:
        output.table.problems.append(f"its evidence sidecar is unusable: {exc}")
        return None
    mismatch = file_problem(meta, output.file)
    if mismatch is not None:  # a hand-written or stale sidecar changes nothing
        output.table.problems.append(f"its evidence sidecar was not used: {mismatch}")
        return None
    return path, meta, cells


def _lookup_and_dims(table: Table, meta: dict, cells: dict) -> tuple[dict, list[str]]:
    """The sidecar's evidence by normalised key, and the table's dimensions in its order."""
    lookup = {tuple(_norm(label) for label in key): value for key, value in cells.items()}
    sidecar_dims = list(meta.get("dimensions", []))
    # Match by dimension name when the table's names are the sidecar's, else by position.
    dims = sidecar_dims if set(sidecar_dims) <= set(table.dimensions) else table.dimensions
    return lookup, _column_in_measure_name(table, meta, sidecar_dims, dims)


def attach_sidecar(output: Output) -> None:
    """Read ``name.csv.sdc.json`` beside the output and put each cell's evidence on it."""
    found = _vouched_sidecar(output)
    if found is not None:
        _attach(output, *found)


def attach_sidecar_to_one(outputs: list[Output]) -> None:
    """A file read as several stacked tables (``csv_blocks``) and the sidecar of one of them
    (``to_csv(mode="a")`` after another table): the sidecar goes to the one table whose
    numbers it describes. A sidecar only adds checks (a declared maximum is SDC302, its
    contributions SDC201), so one that fits no table, or more than one, is a problem on the
    file's first table (SDC602 ``review``), never dropped in silence."""
    tables = [o for o in outputs if o.table is not None]
    found = _vouched_sidecar(tables[0]) if tables else None
    if found is None:
        return
    path, meta, cells = found
    fits = [o for o in tables if _describes(o.table, meta, cells)]  # type: ignore[arg-type]
    if len(fits) == 1:
        _attach(fits[0], path, meta, cells)
        return
    tables[0].table.problems.append(  # type: ignore[union-attr]
        f"its evidence sidecar {path.name} describes one table, and {len(fits)} of the "
        f"{len(tables)} tables stacked in the file match it: it was not used, a person must "
        "check which table it describes")


def _describes(table: Table, meta: dict, cells: dict) -> bool:
    """Whether the sidecar's evidence is of some of ``table``'s cells and of none wrongly."""
    lookup, dims = _lookup_and_dims(table, meta, cells)
    return any(_cell_key(c, dims) in lookup for c in table.cells) and \
        _numbers_not_described(table, meta, lookup, dims) is None


def _attach(output: Output, path: Path, meta: dict, cells: dict) -> None:
    """Put the vouched sidecar's evidence on ``output``'s cells, when it describes them."""
    assert output.table is not None
    table = output.table
    lookup, dims = _lookup_and_dims(table, meta, cells)
    wrong = _numbers_not_described(table, meta, lookup, dims)
    if wrong:  # stamped, but its evidence is not of these numbers: it changes nothing
        output.table.problems.append(f"its evidence sidecar was not used: {wrong}")
        return
    output.sidecar = SidecarUse(
        name=path.name, evidence=[(cell, cell.evidence) for cell in table.cells],
        roles=[(m, m.role, m.read_as) for m in table.measures], kind=output.kind,
        dofs=len(output.model_dof))
    aggfunc = meta.get("aggfunc")
    declared = (_role_for_aggfunc(str(aggfunc)) if meta.get("values") is not None
                and aggfunc not in (None, "count", "size") else None)
    unmatched = 0
    for cell in table.cells:
        evidence = lookup.get(_cell_key(cell, dims))
        if evidence is not None:
            cell.evidence = evidence
        elif not cell.is_margin and cell.measure.role is not Role.MODEL:
            unmatched += 1
        # The sidecar says what the values are, whatever the layout guessed from the labels (a
        # sum of whole numbers under numeric labels is still a sum); it only adds checks: a
        # column read as counts keeps SDC101 on its values
        # a minimum or maximum declared is a single record's value whatever the layout read
        # (whole numbers under a crosstab's labels read as a magnitude): SDC302 fails it
        if declared is not None and (cell.measure.role in (Role.COUNT, Role.UNKNOWN) or (
                declared is Role.EXTREME and cell.measure.role is Role.MAGNITUDE)):
            if cell.measure.read_as is None:
                cell.measure.read_as = cell.measure.role
            cell.measure.role = declared
    if declared is Role.MAGNITUDE:  # sums or means read as counts too by the reader's guess
        output.sidecar.guessed_counts.extend(_guessed_counts(table))
    for measure in table.measures:  # a tail percentile's level, which no header may say
        said = statistic_of(meta, measure.name)
        if said is not None and measure.role is Role.STATISTIC:
            measure.declared = said
    if statistic_of(meta, "") in ("count", "size"):  # a frequency table written as floats
        for measure in table.measures:
            if floats_only_counts(table, measure):
                measure.role, measure.read_as = Role.COUNT, None
                output.sidecar.floated_counts.append(measure)
    _whole_numbers_stay_counts(table)
    if cells and unmatched:
        table.problems.append(
            f"its evidence sidecar does not match the table as read ({unmatched} of "
            f"{len(table.cells)} cells have no evidence): the layout may be misread, a person "
            "must check it")
    dofs = [c["dof"] for c in cells.values() if c.get("dof") is not None]
    if meta.get("dof") is not None:
        dofs.append(meta["dof"])
    output.model_dof.extend(float(d) for d in dofs)
    if dofs:
        output.kind = "model"


_MEASURE = "\x00measure"  # stands for the cell's measure name in a sidecar key
_MEASURE_TAIL = "\x00tail"  # the measure name after its values level (``income / F``: F)


def _column_in_measure_name(table: Table, meta: dict, sidecar_dims: list[str],
                            dims: list[str]) -> list[str]:
    """``dims`` with the measure name standing for the sidecar's one column dimension when the
    table read its single column category as a measure: ``sdc.crosstab(cell, sector)`` with
    one sector is written ``cell,S`` and read back as a long table of the measure ``S``."""
    columns = [d for d in sidecar_dims if d not in table.dimensions]
    values = meta.get("values")
    if (len(columns) == 1 and columns == list(meta.get("columns") or [])
            and [d for d in sidecar_dims if d in table.dimensions] == table.dimensions
            and len(table.dimensions) == len(sidecar_dims) - 1 and isinstance(values, str)
            and table.measures
            and all(m.name.startswith(f"{values} / ") for m in table.measures)):
        # ``pivot_table(values=["income"], columns="sex")``: the values level heads the column
        # categories, so the measures are ``income / F``, ``income / M``
        return [d if d in table.dimensions else _MEASURE_TAIL for d in sidecar_dims]
    if (len(columns) == 1 and columns == list(meta.get("columns") or [])[-1:]
            and [d for d in sidecar_dims if d in table.dimensions] == table.dimensions
            and len(table.dimensions) == len(sidecar_dims) - 1):
        return [d if d in table.dimensions else _MEASURE for d in sidecar_dims]
    return dims


def _cell_key(cell: DataCell, dims: list[str]) -> tuple[str, ...]:
    return tuple(_norm(cell.measure.name if d == _MEASURE else
                       cell.measure.name.partition(" / ")[2] if d == _MEASURE_TAIL else
                       cell.coords.get(d, "")) for d in dims)


def _numbers_not_described(table: Table, meta: dict, lookup: dict, dims: list[str]
                           ) -> str | None:
    """Why the sidecar's evidence does not produce the numbers the file shows, or None."""
    wrong = []
    for cell in table.cells:
        evidence = lookup.get(_cell_key(cell, dims))
        if evidence is None or cell.value is None or cell.suppressed:
            continue
        problem = value_problem(meta, evidence, cell.value, cell.source.raw,
                                statistic_of(meta, cell.measure.name))
        if problem is not None:
            wrong.append((cell.ref, problem))
    if not wrong:
        return None
    ref, problem = wrong[0]
    return (f"its evidence does not match {len(wrong)} of the table's cells (first {ref}: "
            f"{problem}), so it describes another table")


def _guessed_counts(table: Table) -> list[Measure]:
    """Columns of sums or means (as the sidecar declares, every published cell described by
    its evidence) that the reader also read as counts although nothing in the file names
    counts: whole numbers under category labels or an amount's name."""
    found = []
    for measure in table.measures:
        if measure.role is not Role.MAGNITUDE or measure.read_as is not Role.COUNT:
            continue
        cells = [c for c in table.cells if c.measure is measure]
        if all(c.evidence is not None for c in cells if c.value is not None) and \
                not output_says_counts(table, cells):
            found.append(measure)
    return found


def _whole_numbers_stay_counts(table: Table) -> None:
    """A relabelled column the reader could not name (``UNKNOWN``) whose values are all whole
    numbers is read as counts too: the count rules keep checking it (``Measure.read_as``)."""
    for measure in table.measures:
        if measure.read_as is not Role.UNKNOWN:
            continue
        values = [c.value for c in table.cells if c.measure is measure and c.value is not None]
        if values and all(float(v).is_integer() for v in values):
            measure.read_as = Role.COUNT


def printed_residual_dofs(table: Table) -> list[float]:
    """The numbers a statsmodels summary written cell by cell prints beside ``Df Residuals:``
    (ACRO writes each block of a summary to its own CSV, or below its record on a sheet)."""
    grid = table.grid
    # no text holds a ``:``: no key (a grid read as codes is not turned into rows for it)
    return residual_dofs_in(grid) if any(":" in text for text in grid.distinct_texts()) else []


def residual_dofs_in(rows: Iterable[Sequence[RawCell]]) -> list[float]:
    """The numbers beside ``Df Residuals:`` in ``rows`` (a table's grid, or a whole sheet's)."""
    found = []
    for row in rows:
        for key, value in itertools.pairwise(row):
            # ``:`` first: lowering and stripping never make one, and few cells hold one
            if ":" in key.raw and key.raw.strip().lower() == "df residuals:" \
                    and value.value is not None:
                found.append(float(value.value))
    return found


def attach_model_facts(output: Output) -> None:
    """A statsmodels summary table written cell by cell (ACRO writes each block of a summary
    to its own CSV): the value beside ``Df Residuals:`` is the model's residual dof."""
    if output.table is None:
        return
    for printed in printed_residual_dofs(output.table):
        output.model_dof.append(printed)
        output.kind = "model"
    if output.model_dof:  # its observations, model dof and rows printed beside them
        disagreement = grid_disagreement(output.table.grid)
        if disagreement is not None:
            output.dof_disagreements.append(disagreement)
    if not output.model_dof:  # a coefficient table with its dof as a column, proven
        dof = proven_dof(output.table)
        if dof is not None:
            output.model_dof.append(dof)
            output.kind = "model"


def _norm(label: str) -> str:
    """Labels as text, with ``1.0`` and ``1`` the same (a CSV may show either)."""
    text = str(label).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


def _role_for_aggfunc(aggfunc: str) -> Role:
    if aggfunc in ("sum", "mean"):
        return Role.MAGNITUDE
    if aggfunc in ("min", "max"):
        return Role.EXTREME
    return Role.STATISTIC


def _record_tops(table: Table, cell: DataCell, row: dict[int, DataCell],
                 tops: list[tuple[int, Measure]], units_of: Measure | None,
                 units: float | None, negatives: float | None) -> None:
    """What ``cell``'s row prints of its contributions, kept in ``table.printed_tops`` when
    every top is printed: the cell is at least their sum (none negative) and at most that sum
    and ``units - k`` more no larger than the last (:func:`sdc.linking.printed_tops_bounds`).
    Nothing when a top is hidden, missing or not a finite number."""
    top_cells = [row.get(id(m)) for _, m in tops]
    values = [c.value for c in top_cells if c is not None]
    if not values or len(values) < len(top_cells) or any(
            v is None or not math.isfinite(v) for v in values):
        return
    printed = [float(v) for v in values if v is not None]
    n = float(units) if units is not None and math.isfinite(units) else None
    units_cell = row.get(id(units_of)) if units_of is not None and n is not None else None
    table.printed_tops[(cell.source.row, cell.source.col)] = PrintedTops(
        listed=sum(printed), k=len(printed), units=n, smallest=min(printed),
        non_negative=negatives == 0,
        tops_at=tuple((c.source.row, c.source.col) for c in top_cells if c is not None),
        units_at=None if units_cell is None else (units_cell.source.row, units_cell.source.col))


def attach_evidence_columns(table: Table) -> None:
    """τ-ARGUS-style evidence columns (Freq, Top1, Top2...) in a long table become evidence for
    the other measures of the same row. The columns stay in the table: the top contributions
    are single contributors' values, so publishing them is itself flagged (SDC302)."""
    freq = next((m for m in table.measures if _FREQ.match(m.name.strip())), None)
    negative = next((m for m in table.measures if _NEGATIVE.match(m.name.strip())), None)
    tops = sorted(((int(mt.group(2)), m) for m in table.measures
                   if (mt := _TOP.match(m.name.strip()))), key=lambda t: t[0])
    if not tops:
        return
    for _, measure in tops:
        measure.role = Role.EXTREME
    evidence_measures = {id(m) for _, m in tops} | {id(m) for m in (freq, negative) if m}
    counted = _named_counts(table, evidence_measures)
    units_of = freq or (counted[0] if len(counted) == 1 else None)
    evidence_measures |= {id(m) for m in counted}  # published counts: no contributions
    rows: dict[int, dict[int, DataCell]] = {}
    for cell in table.cells:
        rows.setdefault(cell.source.row, {})[id(cell.measure)] = cell
    for row in rows.values():
        # largest first, whatever order the columns print them in: a rule reads ``top[0]``
        # as the largest and ``top[:n]`` as the n largest (a ``top1`` column ranked by another
        # measure, or printed out of order, made SDC201 read 150 of 1000 where 800 leads)
        top = sorted((v for _, m in tops if id(m) in row
                      if (v := row[id(m)].value) is not None),
                     key=lambda v: (v == v, v), reverse=True)  # a NaN last
        units = row[id(units_of)].value if units_of is not None and id(units_of) in row else None
        negatives = row[id(negative)].value if negative is not None and id(negative) in row else 0
        for key, cell in row.items():
            if key in evidence_measures:
                continue
            if cell.value is None:
                if cell.suppressed:  # its tops are still its contributions (SDC502's levels)
                    if cell.measure.role in (Role.COUNT, Role.UNKNOWN) and any(
                            t is not None for t in top):
                        # a magnitude as when one of its cells is published: every cell of
                        # the column hidden beside printed tops left it unknown, and SDC502
                        # asked no reach of N1 (at most 620, its tops print) (audit4)
                        cell.measure.role = Role.MAGNITUDE
                    cell.evidence = {"total": None, "top": list(top),
                                     "n_units": units, "n_negative": negatives}
                    _record_tops(table, cell, row, tops, units_of, units, negatives)
                continue
            if cell.measure.role in (Role.COUNT, Role.UNKNOWN):
                cell.measure.role = Role.MAGNITUDE
            cell.evidence = {"total": cell.value, "top": list(top),
                             "n_units": units, "n_negative": negatives}
            _record_tops(table, cell, row, tops, units_of, units, negatives)
    _counts_as_evidence(table, [m for m in (freq, negative) if m is not None])


def _named_counts(table: Table, evidence: set[int]) -> list[Measure]:
    """Columns beside the evidence whose headers name a count (``n_firms``, ``number of
    enterprises``): the units of the row's magnitude, published as counts, not a magnitude the
    top contributions describe (``n_firms`` of 3 beside ``top1`` 0.5 was read as a total of 3
    whose largest contribution is 0.5, and its 3 firms went unchecked). Only when another
    column is left for the contributions; a count column alone is read as before."""
    named = [m for m in table.measures if id(m) not in evidence and m.role is Role.COUNT
             and role_from_text(m.name) is Role.COUNT]
    others = [m for m in table.measures if id(m) not in evidence and all(m is not n for n in named)]
    return named if others else []


def _counts_as_evidence(table: Table, measures: list[Measure]) -> None:
    """The ``freq`` and ``n_negative`` columns of a table already known to be evidence (it
    has top contributions) are that evidence, not published counts: the rules check them
    through the cells they describe (SDC101 on a magnitude resting on few units, SDC204 on
    negatives), so counting them again is noise (a zero ``n_negative`` is no zero count).
    Only where that is certain: every value a whole number >= 0, and every row holding one
    has a magnitude cell that took the row's evidence. Otherwise they stay counts."""
    for measure in measures:
        cells = [c for c in table.cells if c.measure is measure]
        rows = {c.source.row for c in cells}
        described = {c.source.row for c in table.cells
                     if c.evidence is not None and c.measure.role is Role.MAGNITUDE
                     and c.measure is not measure and c.value is not None}
        if (measure.col is None or not cells or not rows <= described or any(
                c.value is None or c.value < 0 or not float(c.value).is_integer()
                for c in cells)):
            continue
        table.cells = [c for c in table.cells if c.measure is not measure]
        table.measures = [m for m in table.measures if m is not measure]
        table.evidence_columns.append(measure.col)


def read_model_text(output: Output, options: ReadOptions) -> list[Output]:
    """A model summary saved as text (statsmodels, R, Stata), read whole: its residual degrees
    of freedom go to SDC301; lines outside the blocks sdc recognises are named for review
    (SDC602) and, with the names and notes in it, read as tables or text so identifiers and
    small counts in them are found. Text that is not a known summary stays a document."""
    try:
        with output.file.open(encoding="utf-8", errors="replace") as handle:
            text = handle.read(MAX_MODEL_TEXT + 1)
    except OSError:
        return [output]
    if len(text) > MAX_MODEL_TEXT:
        return [output]  # no summary is this long: a document, read whole (was: cut at the
        # limit and read as a model, so nothing past it was checked)
    parsed = parse_model_text(text)
    if parsed is None:
        return [output]
    return model_outputs(output, options, parsed)


def model_outputs(output: Output, options: ReadOptions, parsed: ModelText,
                  lines: list[str] | None = None) -> list[Output]:
    """``output`` as the model ``parsed`` read, with the parts it did not recognise (its
    residue, as the file's own ``lines`` when the parser read them rewritten) and any
    suspicious names and notes as text outputs to check."""
    output.kind = "model"
    output.model_dof.extend(parsed.dofs)
    output.dof_disagreements.extend(parsed.disagreements)
    output.model_counts = parsed.counts()
    output.model_counts += parsed.notes
    residue = [(n, line if lines is None else lines[n - 1]) for n, line in parsed.residue
               if line.strip()]
    output.not_understood = [f"A{n}" for n, _ in residue]
    parts = []
    if residue:
        parts.append(TextPart("lines not in the model summary",
                              "\n".join(line for _, line in residue)))
    if any(_suspicious(text) for text in parsed.words):
        parts.append(TextPart("names and notes in the model summary", "\n".join(parsed.words)))
    return [output, *part_outputs(output, parts, options, "text")] if parts else [output]


def _suspicious(text: str) -> bool:
    """A term name, variable name or note holding an identifier or a count in words."""
    return count_in_text(text) or any(value_identifier_kind(w) for w in text_words(text))
