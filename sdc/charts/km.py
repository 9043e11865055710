"""A Kaplan-Meier estimator (numpy only) and the aggregation that makes its curve releasable.

A plain KM curve drops at every event time, so each step shows when one person had the event
and, through the size of the drop, how many were at risk. Two ways to hide individual steps:

- ``aggregate_steps``: group consecutive event times into intervals until each holds at least
  ``threshold`` events; the curve drops once per interval, by the true KM value at its end,
  drawn midway between the interval's last event and the next (so no event time is shown).
  A step's number at risk less its events (those left: censored in the interval or still at
  risk after it) is a count its data prints too; before the last step it is at least the next
  step's number at risk, but at the tail it can be small (25 at risk, 17 events: 8 left), so
  the tail is truncated until it too leaves at least ``threshold`` — the curve ends earlier,
  as KM disclosure guidance does where few remain at risk.
- ``rounded_steps`` (OpenSAFELY style, when the policy rounds counts to a base): cumulative
  events and censorings are rounded to the base, the numbers at risk derived from them, and the
  curve drops only where the rounded cumulative count of events has risen by at least
  ``threshold`` since the last drop; trailing drops that leave fewer than ``threshold`` of
  those at risk (rounding can leave 0: all of them had the event) are not drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Step:
    """One drop of the released curve."""

    time: float  # where the drop is drawn
    start: float  # the interval of event times it covers (exclusive start)
    end: float
    at_risk: int  # at the start of the interval
    events: int
    survival: float  # after the drop


@dataclass
class KMTable:
    """The exact estimator: distinct event times, numbers at risk, events, survival."""

    times: np.ndarray
    at_risk: np.ndarray
    events: np.ndarray
    survival: np.ndarray
    n: int


def kaplan_meier_table(durations: np.ndarray, observed: np.ndarray) -> KMTable:
    """The product-limit estimate S(t) = prod over event times t_i <= t of (1 - d_i / n_i)."""
    durations = np.asarray(durations, dtype=float)
    observed = np.asarray(observed, dtype=bool)
    keep = np.isfinite(durations)
    durations, observed = durations[keep], observed[keep]
    times = np.unique(durations[observed])
    sorted_durations = np.sort(durations)
    at_risk = len(durations) - np.searchsorted(sorted_durations, times, side="left")
    event_times = np.sort(durations[observed])
    events = (np.searchsorted(event_times, times, side="right")
              - np.searchsorted(event_times, times, side="left"))
    survival = np.cumprod(1.0 - events / np.maximum(at_risk, 1))
    return KMTable(times, at_risk.astype(int), events.astype(int), survival, len(durations))


def aggregate_steps(km: KMTable, threshold: int) -> list[Step]:
    """Intervals of consecutive event times holding at least ``threshold`` events each (the
    last interval is merged into the one before when it falls short)."""
    groups: list[list[int]] = []
    current: list[int] = []
    total = 0
    for i, d in enumerate(km.events):
        current.append(i)
        total += int(d)
        if total >= threshold:
            groups.append(current)
            current, total = [], 0
    if current:
        if groups:
            groups[-1].extend(current)
        else:
            groups.append(current)
    groups = _safe_tail(km, groups, threshold)
    steps: list[Step] = []
    previous_end = 0.0
    for group in groups:
        first, last = group[0], group[-1]
        end = float(km.times[last])
        following = float(km.times[last + 1]) if last + 1 < len(km.times) else None
        drawn = (end + following) / 2 if following is not None else end
        steps.append(Step(time=drawn, start=previous_end, end=end,
                          at_risk=int(km.at_risk[first]),
                          events=int(km.events[group].sum()),
                          survival=float(km.survival[last])))
        previous_end = end
    return steps


def _safe_tail(km: KMTable, groups: list[list[int]], threshold: int) -> list[list[int]]:
    """``groups`` with the last cut to its longest run of event times that holds at least
    ``threshold`` events and leaves at least ``threshold`` of those at risk (dropped whole when
    none does: the one before then leaves at least this one's number at risk). A curve of one
    group that cannot be made safe is kept as it is, for its check to flag."""
    while groups:
        last = groups[-1]
        at_risk, events = int(km.at_risk[last[0]]), 0
        kept = 0
        for j, i in enumerate(last):
            events += int(km.events[i])
            if events >= threshold and at_risk - events >= threshold:
                kept = j + 1
        if kept:
            return [*groups[:-1], last[:kept]]
        if len(groups) == 1:
            return groups
        groups = groups[:-1]
    return groups


def _round(values: np.ndarray, base: int) -> np.ndarray:
    return (np.floor(values / base + 0.5) * base).astype(int)


def rounded_steps(durations: np.ndarray, observed: np.ndarray, base: int,
                  threshold: int = 1) -> list[Step]:
    """OpenSAFELY-style curve from rounded cumulative counts (see the module doc). A step is
    drawn once the rounded cumulative events have risen by at least ``threshold`` (and by a
    multiple of ``base``) since the last one; events after the last such step are not drawn."""
    durations = np.asarray(durations, dtype=float)
    observed = np.asarray(observed, dtype=bool)
    keep = np.isfinite(durations)
    durations, observed = durations[keep], observed[keep]
    km = kaplan_meier_table(durations, observed)
    n = len(durations)
    n_rounded = int(_round(np.array([n]), base)[0])
    cum_events = np.cumsum(km.events)
    censored_times = np.sort(durations[~observed])
    cum_censored_before = np.searchsorted(censored_times, km.times, side="left")
    cum_events_r = _round(cum_events, base)
    cum_censored_r = _round(cum_censored_before, base)
    steps: list[Step] = []
    survival = 1.0
    previous_events_r = 0
    previous_end = 0.0
    for i, t in enumerate(km.times):
        d = int(cum_events_r[i] - previous_events_r)
        if d <= 0 or d < threshold:
            continue
        at_risk = max(n_rounded - previous_events_r - int(cum_censored_r[i]), d)
        survival *= 1.0 - d / at_risk
        steps.append(Step(time=float(t), start=previous_end, end=float(t), at_risk=at_risk,
                          events=d, survival=survival))
        previous_events_r = int(cum_events_r[i])
        previous_end = float(t)
    while len(steps) > 1 and steps[-1].at_risk - steps[-1].events < threshold:
        steps.pop()  # a tail leaving fewer than threshold (0: all at risk had the event)
    return steps
