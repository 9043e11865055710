"""A survival table's estimates: R's ``summary(survfit)`` saved as ``time, n.risk, n.event,
survival, std.err, lower, upper``, lifelines' ``at_risk, observed, ..., KM_estimate``.

The survival column names no role sdc knows (``unknown``: SDC602) and the standard error and
the interval's bounds read as a model's (SDC301: no dof source), so a table whose every count
is 10 or more was ``review``. Beside a number at risk and a number of events that the table
prints (both checked as counts, the falls of the number at risk too: ``sdc.derived_counts``),
the survival is the Kaplan-Meier product of those counts and its standard error and bounds are
Greenwood's functions of them: statistics of the people at risk, read as such (SDC303 checks
the units behind each). Only proportions: a column whose every value lies in 0..1, so a count
written under ``survival`` is never read as one; a survival in percent, or without its events
printed (its steps are then the events: ``sdc.derived_counts``), keeps the role it had.
"""

from __future__ import annotations

import re
from itertools import pairwise

from sdc.readers.roles import interval_bound, is_standard_error, names_people_at_risk
from sdc.table import Measure, Role, Table

# the events at each time: R's ``n.event``, statsmodels' ``num events``, lifelines' ``observed``
_EVENTS = re.compile(r"^\s*(?:n|num|number(?:\s+of)?)?[\s_.-]*events?\s*$|^\s*observed\s*$",
                     re.I)
# the time axis (R's ``time``, lifelines' ``event_at``/``timeline``), read as a magnitude when
# its times are irregular; beside its checked counts, each time is when 10 or more had the event
# or the analyst's own choice (``times =``): a statistic of the people at risk at that row
_TIME_NAMES = {"time", "times", "timeline", "event_at", "t", "day", "days", "week", "weeks",
               "month", "months", "year", "years"}
# the estimate: ``survival``, ``surv``, lifelines' ``KM_estimate``, ``survival probability``
_ESTIMATE = re.compile(r"^\s*(?:surv(?:ival)?(?:[\s_.-]*(?:prob(?:ability)?|estimate))?|"
                       r"km[\s_]*estimate|kaplan[\s_-]*meier(?:[\s_]*estimate)?)\s*$", re.I)


def read_survival_estimates(table: Table) -> None:
    """Give a survival table's estimate, standard error and bounds the statistic role, when the
    table prints the number at risk and the events they are computed from."""
    if not _prints_its_counts(table.measures):
        return
    estimates = [m for m in table.measures if m.role is not Role.COUNT and (
        _ESTIMATE.match(m.name) or is_standard_error(m.name) or interval_bound(m.name))]
    times = [m for m in table.measures
             if m.role is Role.MAGNITUDE and m.name.strip().lower() in _TIME_NAMES]
    values: dict[int, list[tuple[int, float | None]]] = {id(m): [] for m in estimates + times}
    for cell in table.cells:
        if id(cell.measure) in values:
            values[id(cell.measure)].append((cell.source.row, cell.value))
    for measure in estimates:
        if _ESTIMATE.match(measure.name) is None and not any(
                _ESTIMATE.match(m.name) for m in estimates):
            break  # a standard error or bounds with no survival beside them: not its own
        if all(v is not None and 0 <= v <= 1 for _, v in values[id(measure)]):
            measure.role = Role.STATISTIC
    for measure in times:
        if _an_axis(values[id(measure)]):
            measure.role = Role.STATISTIC
    _units_at_risk(table, [m for m in estimates + times if m.role is Role.STATISTIC])


def _units_at_risk(table: Table, made: list[Measure]) -> None:
    """Each estimate's units are the people at risk on its row (a table along time has no
    coordinates to find them by): SDC303 and SDC101 read them as its evidence. A bound of the
    interval is marked as one: the ``95%`` in its name is the interval's level, not a tail
    percentile with 5% of the units beyond it (SDC303's tail)."""
    at_risk = {c.source.row: c.value for c in table.cells
               if c.measure.role is Role.COUNT and names_people_at_risk(c.measure.name)}
    ids = {id(m) for m in made}
    for cell in table.cells:
        units = at_risk.get(cell.source.row)
        if id(cell.measure) in ids and cell.evidence is None and units is not None:
            cell.evidence = {"n_units": units}
            if interval_bound(cell.measure.name):  # ``lower 95% CI``: no 95th percentile
                cell.evidence["interval_bound"] = True


def _an_axis(cells: list[tuple[int, float | None]]) -> bool:
    """One time a row, running strictly up (or down) the rows: the table's time axis."""
    rows = [r for r, _ in cells]
    if len(cells) < 2 or len(set(rows)) != len(rows) or any(v is None for _, v in cells):
        return False
    ordered = [float(v or 0) for _, v in sorted(cells, key=lambda c: c[0])]
    steps = [b - a for a, b in pairwise(ordered)]
    return all(st > 0 for st in steps) or all(st < 0 for st in steps)


def _prints_its_counts(measures: list[Measure]) -> bool:
    return (any(m.role is Role.COUNT and names_people_at_risk(m.name) for m in measures)
            and any(m.role is Role.COUNT and _EVENTS.match(m.name) for m in measures))
