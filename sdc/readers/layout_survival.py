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
from sdc.table import DataCell, Measure, Role, Table

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
    """Give a survival table's estimate, standard error and bounds, and its time axis, the
    statistic role, when the table prints the number at risk and the events they come from."""
    if table.layout != "long" or not _prints_its_counts(table.measures):
        return
    values: dict[int, list[tuple[int, float | None]]] = {id(m): [] for m in table.measures}
    for cell in table.cells:
        values[id(cell.measure)].append((cell.source.row, cell.value))
    axis = [m for m in table.measures if m.role is Role.MAGNITUDE
            and m.name.strip().lower() in _TIME_NAMES and _an_axis(values[id(m)])]
    if not axis and not any(str(d).strip().lower() in _TIME_NAMES for d in table.dimensions):
        return  # by region, by arm: a survival there is the share that survived, a count's
    made = [m for m in table.measures if m.role is not Role.COUNT
            and _ESTIMATE.match(m.name) and _proportions(values[id(m)])
            and _a_curve(values[id(m)])]
    if made:  # its standard error and bounds: proportions too, each bound on one side of it
        curve = dict(values[id(made[0])])
        made += [m for m in table.measures if m.role is not Role.COUNT and m not in made
                 and (is_standard_error(m.name)
                      or (interval_bound(m.name) and _one_side(values[id(m)], curve)))
                 and _proportions(values[id(m)])]
    made += axis
    for measure in made:
        measure.role = Role.STATISTIC
    _units_at_risk(table, made)


def _proportions(cells: list[tuple[int, float | None]]) -> bool:
    return bool(cells) and all(v is not None and 0 <= v <= 1 for _, v in cells)


def _one_side(cells: list[tuple[int, float | None]], curve: dict[int, float | None]) -> bool:
    """A bound of the curve's interval lies on one side of it on every row (a lower bound at
    or below, an upper at or above): a column that crosses it is no bound of it (hunt16)."""
    pairs = [(v, curve.get(r)) for r, v in cells]
    if any(v is None or s is None for v, s in pairs):
        return False
    return all(v <= s for v, s in pairs) or all(v >= s for v, s in pairs)  # type: ignore[operator]


def _a_curve(cells: list[tuple[int, float | None]]) -> bool:
    """A Kaplan-Meier curve never rises along time: one that goes up and down the rows is no
    estimate of the counts beside it (its values could carry anything: hunt16)."""
    ordered = [v for _, v in sorted(cells, key=lambda c: c[0]) if v is not None]
    steps = [b - a for a, b in pairwise(ordered)]
    return all(st <= 0 for st in steps) or all(st >= 0 for st in steps)


def _units_at_risk(table: Table, made: list[Measure]) -> None:
    """Each estimate's units are the people at risk on its row (a table along time has no
    coordinates to find them by): SDC303 and SDC101 read them as its evidence."""
    at_risk = {c.source.row: c.value for c in table.cells
               if c.measure.role is Role.COUNT and names_people_at_risk(c.measure.name)}
    ids = {id(m) for m in made}
    for cell in table.cells:
        units = at_risk.get(cell.source.row)
        if id(cell.measure) in ids and cell.evidence is None and units is not None:
            cell.evidence = {"n_units": units}


def _an_axis(cells: list[tuple[int, float | None]]) -> bool:
    """One time a row, running strictly up (or down) the rows: the table's time axis."""
    rows = [r for r, _ in cells]
    if len(cells) < 2 or len(set(rows)) != len(rows) or any(v is None for _, v in cells):
        return False
    ordered = [float(v or 0) for _, v in sorted(cells, key=lambda c: c[0])]
    steps = [b - a for a, b in pairwise(ordered)]
    return all(st > 0 for st in steps) or all(st < 0 for st in steps)


def survival_bound(table: Table, cell: DataCell) -> bool:
    """A bound of a survival estimate's interval (``lower 95% CI`` beside the counts it rests
    on): its ``95%`` is the interval's level, not a tail percentile with 5% of the units beyond
    it (SDC303's tail). Read from the file's own headers, never from a sidecar's evidence."""
    return (table.layout == "long" and cell.measure.role is Role.STATISTIC
            and interval_bound(cell.measure.name) and _prints_its_counts(table.measures))


def _prints_its_counts(measures: list[Measure]) -> bool:
    return (any(m.role is Role.COUNT and names_people_at_risk(m.name) for m in measures)
            and any(m.role is Role.COUNT and _EVENTS.match(m.name) for m in measures))
