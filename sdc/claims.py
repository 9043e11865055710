"""Validate what request.toml claims about each output, before any rule trusts it.

request.toml is written by the researcher. Its entries are claims: a structural zero, the
population an output covers, the kind of output. A claim sdc can check and that does not hold,
or that is too broad to mean anything, is dropped and reported (SDC602, ``review``) naming the
claim; it never removes a check.

- ``structural_zeros``: a cell reference (``"C4"``) or a table with a ``row`` and/or ``column``
  label. ``{}`` (or empty labels) would match every zero: rejected.
- ``kind``: one of sdc's kinds; it never changes how an output is read or checked (it cannot
  make an unreadable output readable).
- ``population``: a table of filters with scalar values. Across the release, a subgroup (an
  output whose population adds filters to another's) cannot count more than the whole in any
  cell both publish: such a claim is contradicted by the numbers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from sdc.outputs import Output
from sdc.table import LabelsKey, Role

KINDS = {"frequency", "magnitude", "statistics", "model", "chart", "evidence", "document",
         "unknown"}
_CELL = re.compile(r"^\$?[A-Za-z]{1,3}\$?[1-9][0-9]{0,6}$")
_LABEL_KEYS = {"row", "column"}


def _where(output: Output) -> str:
    return f"request.toml [[outputs]] for {output.path}"


def validate_claims(output: Output) -> None:
    """Drop the invalid claims of ``output.request`` and record why on the output."""
    entry = output.request
    zeros = entry.get("structural_zeros")
    if zeros:
        kept = []
        for i, claim in enumerate(zeros):
            problem = _zero_problem(claim)
            if problem is None:
                kept.append(claim)
            else:
                output.invalid_claims.append(
                    f"{_where(output)}: structural_zeros[{i}] = {_show(claim)} {problem}; "
                    "the claim is ignored")
        entry["structural_zeros"] = kept
    kind = entry.get("kind")
    if kind is not None and kind not in KINDS:
        output.invalid_claims.append(f"{_where(output)}: kind = {_show(kind)} is not a kind "
                                     f"sdc knows ({', '.join(sorted(KINDS))}); ignored")
        entry.pop("kind")
    population = entry.get("population")
    if population is not None:
        problem = _population_problem(population)
        if problem is not None:
            output.invalid_claims.append(f"{_where(output)}: population = {_show(population)} "
                                         f"{problem}; ignored")
            entry.pop("population")


def _zero_problem(claim: Any) -> str | None:
    if isinstance(claim, str):
        return None if _CELL.match(claim.strip()) else "is not a cell reference such as \"C4\""
    if isinstance(claim, dict):
        unknown = set(claim) - _LABEL_KEYS
        if unknown:
            return f"has unknown keys ({', '.join(sorted(map(str, unknown)))})"
        if not any(isinstance(v, str) and v.strip() for v in claim.values()):
            return "names no row or column label, so it would match every zero"
        return None
    return "is neither a cell reference nor a {row, column} table"


def _population_problem(population: Any) -> str | None:
    if not isinstance(population, dict) or not population:
        return "is not a table of filters"
    for key, value in population.items():
        if not str(key).strip():
            return "has an empty filter name"
        if not isinstance(value, str | int | float | bool):
            return f"filter {key!r} is not a single value"
    return None


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _counts(output: Output) -> dict[LabelsKey, float]:
    table = output.table
    if table is None:
        return {}
    found: dict[LabelsKey, float] = {}
    for cell in table.cells:
        if cell.measure.role is Role.COUNT and cell.value is not None:
            found.setdefault(cell.labels_key, cell.value)
    return found


def _subgroup_of(sub_pop: dict[Any, Any], whole_pop: dict[Any, Any]) -> bool:
    """Whether ``sub_pop`` adds filters to ``whole_pop`` (every filter of the whole, and more)."""
    return (all(sub_pop.get(k) == v for k, v in whole_pop.items())
            and len(sub_pop) > len(whole_pop))


def _population_groups(declared: list[tuple[Output, dict[Any, Any]]]) -> list[list[int]]:
    """The positions in ``declared`` grouped by equal populations (in order of first
    appearance), so :func:`_subgroup_of` is asked once per pair of distinct populations,
    not per pair of outputs (a release of 1,000 outputs declares a few dozen). A population
    with a value not equal to itself (NaN) is a group of its own: ``==`` would not group it."""
    groups: dict[Any, list[int]] = {}
    alone: list[list[int]] = []
    for i, (_, pop) in enumerate(declared):
        try:
            key = tuple(sorted(pop.items(), key=lambda item: str(item[0])))
            hash(key)
            odd = any(v != v for v in pop.values())
        except Exception:  # a value that cannot be a key: compared as before, on its own
            odd = True
        if odd:
            alone.append([i])
        else:
            groups.setdefault(key, []).append(i)
    return sorted([*groups.values(), *alone], key=lambda members: members[0])


def check_populations(outputs: Iterable[Output]) -> None:
    """A declared subgroup cannot count more than its declared whole in a cell both publish."""
    declared = [(o, o.request.get("population") or {}) for o in outputs if o.table is not None]
    declared = [(o, p) for o, p in declared if isinstance(p, dict)]
    counts: dict[int, dict[LabelsKey, float]] = {}
    groups = _population_groups(declared)
    group_of = {i: members for members in groups for i in members}
    wholes_of: dict[int, list[int]] = {}  # by the first position of a sub's group
    for sub_members in groups:
        sub_pop = declared[sub_members[0]][1]
        wholes_of[sub_members[0]] = sorted(
            i for members in groups if _subgroup_of(sub_pop, declared[members[0]][1])
            for i in members)
    for position, (sub, sub_pop) in enumerate(declared):
        if not sub_pop:
            continue
        for whole, whole_pop in (declared[i] for i in wholes_of[group_of[position][0]]):
            if whole is sub or not _subgroup_of(sub_pop, whole_pop):
                continue
            sub_counts = counts.setdefault(id(sub), _counts(sub))
            whole_counts = counts.setdefault(id(whole), _counts(whole))
            over = [k for k, v in sub_counts.items() if k in whole_counts
                    and v > whole_counts[k]]
            if over:
                sub.invalid_claims.append(
                    f"{_where(sub)}: population = {_show(sub_pop)} claims a subgroup of "
                    f"{whole.path} ({_show(whole_pop) if whole_pop else 'the whole population'}"
                    f"), but {len(over)} of its counts exceed the whole's: the claim does not "
                    "agree with the numbers")
