"""What an attacker can write down from a release: each table's additive relations, and the
cells two tables share.

Every count (and every additive magnitude) cell of a table is a variable; each line with a
published total gives ``sum(inner) - total = 0``. Tables are linked where they publish the same
population count twice (the same non-total labels, the same declared population): a cell
suppressed in one table and published in another is then recovered by the audit.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from sdc.audit import LinearSystem
from sdc.outputs import Output
from sdc.table import DataCell, Measure, Role, Table

MIN_SHARED_FOR_LINK = 2  # published cells two tables must agree on before they are linked


@dataclass
class TableSystem:
    """One measure of one table as a linear system."""

    output: Output
    measure: Measure
    system: LinearSystem
    cells: list[DataCell]  # variable index -> cell
    equation_cells: list[list[int]] = field(default_factory=list)
    inconsistent: list[tuple[DataCell, float]] = field(default_factory=list)  # total, sum


def population_key(output: Output) -> str:
    """The declared population of an output (request.toml or its evidence sidecar)."""
    population = output.request.get("population") or {}
    return json.dumps(population, sort_keys=True, default=str)


def cell_key(table: Table, cell: DataCell) -> frozenset[str]:
    """The labels that define a cell's population, ignoring margins and dimension names."""
    return cell.labels_key


def _tolerance(members: list[DataCell], total: DataCell, rounding_base: int | None) -> float:
    """How far a published total may be from the sum of its cells and still be that sum.

    Counts are exact unless the policy rounds them (then each of the n+1 numbers may be off by
    b-1); a magnitude may be off by half a unit of its last printed decimal per number.
    """
    n = len(members) + 1
    if total.measure.role is Role.COUNT:
        return 1e-6 + n * (rounding_base - 1 if rounding_base else 0)
    decimals = max(len(c.source.raw.strip().partition(".")[2]) for c in [*members, total])
    return n * 0.5 * 10.0 ** -decimals + 1e-9 * abs(total.value or 0.0)


def additive_lines(table: Table, measure: Measure
                   ) -> Iterable[tuple[list[DataCell], DataCell]]:
    """Lines of ``measure`` with a published total cell."""
    for _dim, members, total in table.lines(measure.role, min_members=1):
        if total is None or members[0].measure is not measure:
            continue
        yield members, total


def is_additive(table: Table, measure: Measure, rounding_base: int | None) -> bool:
    """Counts add up by definition; a magnitude only if its fully published lines do
    (a mean does not), and at least one such line shows it."""
    if measure.role is Role.COUNT:
        return True
    if measure.role is not Role.MAGNITUDE or _names_an_average(table, measure):
        return False  # a blank mean is not a hidden addend: means do not sum to their margin
    checked = False
    for members, total in additive_lines(table, measure):
        values = [m.value for m in members]
        if total.value is None or any(v is None for v in values):
            continue
        checked = True
        if abs(sum(values) - total.value) > _tolerance(members, total, rounding_base):  # type: ignore[arg-type]
            return False
    return checked


_AVERAGE_WORDS = frozenset({"mean", "means", "average", "averages", "avg"})


def _names_an_average(table: Table, measure: Measure) -> bool:
    """The measure (or, for a wide table's single measure, the title) names an average."""
    text = f"{measure.name} {' '.join(table.title)}" if table.layout == "wide" else measure.name
    return bool(_AVERAGE_WORDS & set(re.findall(r"[a-z]+", text.lower())))


def build_table_system(output: Output, measure: Measure,
                       rounding_base: int | None) -> TableSystem | None:
    table = output.table
    if table is None or not is_additive(table, measure, rounding_base):
        return None
    cells = [c for c in table.cells if c.measure is measure]
    index = {id(c): i for i, c in enumerate(cells)}
    lower = np.zeros(len(cells))
    upper = np.full(len(cells), np.inf)
    rounded = rounding_base if measure.role is Role.COUNT else None
    suppressed = []
    for i, cell in enumerate(cells):
        if cell.value is not None:
            if rounded:
                lower[i] = max(cell.value - rounded + 1, 0.0)
                upper[i] = cell.value + rounded - 1
            else:
                lower[i] = upper[i] = cell.value
        elif cell.suppressed:
            suppressed.append(i)
        if cell.value is not None and cell.value < 0:
            lower[i] = cell.value  # published negatives (net sums) bound nothing below
    # ``cells[i]`` names variable i, so the system needs no label strings of its own.
    system = LinearSystem(n_vars=len(cells), lower=lower, upper=upper, suppressed=suppressed)
    ts = TableSystem(output=output, measure=measure, system=system, cells=cells)
    for members, total in additive_lines(table, measure):
        values = [m.value for m in members]
        if total.value is not None and all(v is not None for v in values):
            gap = abs(sum(values) - total.value)  # type: ignore[arg-type]
            if gap > _tolerance(members, total, rounded):
                ts.inconsistent.append((total, float(sum(values))))  # type: ignore[arg-type]
                continue  # an inconsistent line would make the whole system infeasible
        eq = system.add_sum(index[id(total)], [index[id(m)] for m in members])
        ts.equation_cells.append([index[id(m)] for m in members] + [index[id(total)]])
        assert eq == len(ts.equation_cells) - 1
    return ts


def table_systems(outputs: Iterable[Output], rounding_base: int | None) -> list[TableSystem]:
    systems = []
    for output in outputs:
        if output.table is None:
            continue
        for measure in output.table.measures:
            ts = build_table_system(output, measure, rounding_base)
            if ts is not None:
                systems.append(ts)
    return systems


def shared_cells(systems: list[TableSystem], offsets: list[int]
                 ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Pairs of global variables that are the same population count in two tables:
    ``(strong, weak)`` links.

    Tables that publish the same label combination with different values are different
    quantities (deaths and admissions by age) and are never linked. Strong links join tables
    that agree on at least ``MIN_SHARED_FOR_LINK`` published cells; weak links join tables with
    no published cell in common to compare. The audit tries weak links too and drops them if
    they make the published numbers contradict each other.
    """
    by_key: dict[tuple[str, frozenset[str]], list[tuple[int, int]]] = defaultdict(list)
    for k, ts in enumerate(systems):
        if ts.measure.role is not Role.COUNT:
            continue
        pop = population_key(ts.output)
        table = ts.output.table
        assert table is not None
        for i, cell in enumerate(ts.cells):
            by_key[(pop, cell_key(table, cell))].append((k, i))
    agree: dict[tuple[int, int], int] = defaultdict(int)
    conflict: set[tuple[int, int]] = set()
    candidates: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for members in by_key.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                (ka, ia), (kb, ib) = members[a], members[b]
                if ka == kb:
                    continue
                pair = (min(ka, kb), max(ka, kb))
                va, vb = systems[ka].cells[ia].value, systems[kb].cells[ib].value
                if va is not None and vb is not None:
                    if va == vb:
                        agree[pair] += 1
                    else:
                        conflict.add(pair)
                candidates[pair].append((offsets[ka] + ia, offsets[kb] + ib))
    strong: list[tuple[int, int]] = []
    weak: list[tuple[int, int]] = []
    for pair, pairs in candidates.items():
        if pair in conflict:
            continue
        (strong if agree[pair] >= MIN_SHARED_FOR_LINK else weak).extend(pairs)
    return strong, weak
