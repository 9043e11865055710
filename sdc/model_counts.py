"""The counts a model on categorical predictors gives back (output-checking guides: a saturated
model of categorical terms is a table in another form).

A logistic regression of a 0/1 outcome on an intercept and the dummies of ONE categorical
predictor fits each group's proportion exactly. Group ``g``'s log-odds are ``eta = b0`` (the
reference group) or ``b0 + bg``, and the variance of its estimated log-odds is ``1/cases +
1/non-cases``: ``se0^2`` for the reference group, ``seg^2 - se0^2`` for the others (the groups
are independent). So ``cases = (1 + e^eta) / v`` and ``non-cases = (1 + e^-eta) / v``.
A Poisson regression with a log link on the same design fits each group's mean: ``e^eta`` is
events per person and ``v = 1/events``, so ``events = 1/v`` and ``people = events / e^eta``.

The print rounds every number, so each count is known only to an interval of whole numbers
(every value the printed digits allow; all formulas are monotone in ``eta`` and ``v``, so the
interval's ends come from the ends of theirs). The print does not say the terms are one
categorical predictor's levels: the reading applies only when the groups' people add up to the
model's number of observations within those intervals and every interval holds a whole number
above zero. A continuous covariate, several binary ones, weights, an offset or robust standard
errors give numbers that do not add up: no counts, the model's verdict is unchanged.

This module works the intervals out and nothing more; SDC101 compares them with the policy's
threshold.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

INTERCEPTS = frozenset({"const", "intercept", "(intercept)", "_cons"})
_PRINTED = re.compile(r"^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$")
_EPS = 1e-9
_MAX_ETA = 50.0  # a coefficient this large is a group with no cases (or no non-cases)
# a probit group's cases, p^2 (1 - p) / phi(eta)^2 / v, rise with eta over [-6, 6] (checked on a
# grid of 0.001 in tests/test_model_counts.py); beyond, p is within 1e-9 of 0 or 1: not read
_MAX_PROBIT = 6.0
KINDS = ("binomial-logit", "binomial-probit", "poisson-log")

Interval = tuple[float, float]


@dataclass(frozen=True)
class Coefficient:
    """One printed coefficient row: its 1-based line, its term, the estimate and its standard
    error as printed (on the link scale, or exponentiated: an odds ratio, an IRR)."""

    line: int
    term: str
    estimate: str
    se: str


@dataclass(frozen=True)
class ModelCount:
    """A count the model gives away at the coefficient row on ``line`` (0: a row with no line
    of its own, an HTML table's): a whole number in ``[lo, hi]``."""

    line: int
    term: str
    group: str  # "the reference group" or "the group of term 'x'"
    name: str  # "cases", "non-cases", "events", "people"
    lo: int
    hi: int


def printed(text: str) -> Interval | None:
    """The interval a printed number stands for: half a unit of its last digit either side."""
    found = _PRINTED.match(text.strip())
    if found is None or not (found.group(2) or found.group(3)):
        return None
    places = len(found.group(3) or "") - int(found.group(4) or 0)
    half = 0.5 * 10.0 ** -places
    value = float(text)
    return value - half, value + half


def recovered_counts(kind: str, observations: float | None, rows: list[Coefficient],
                     exponentiated: bool = False) -> list[ModelCount]:
    """Each group's counts, for a ``kind`` of ``KINDS``; empty when the reading does not apply
    (see the module's docstring). With one intercept row it is the reference group's and
    every other row a contrast with it; with none (``y ~ 0 + group``, Stata's ``ibn.group,
    noconstant``) every row is a group's own ``eta``, its variance ``se^2``."""
    if kind not in KINDS or observations is None or not rows:
        return []
    intercepts = [r for r in rows if r.term.strip().lower() in INTERCEPTS]
    if len(intercepts) > 1:
        return []
    scaled = [(row, _link_scale(row, exponentiated)) for row in rows]
    known = [(row, found) for row, found in scaled if found is not None]
    if len(known) != len(rows):
        return []
    groups: list[tuple[Coefficient, str, Interval, Interval]] = []
    if not intercepts:
        groups = [(row, f"the group of term '{row.term.strip()}'", b, (s[0] ** 2, s[1] ** 2))
                  for row, (b, s) in known]
    else:
        base = intercepts[0]
        b0, s0 = next(found for row, found in known if row is base)
        groups = [(base, "the reference group", b0, (s0[0] ** 2, s0[1] ** 2))]
        for row, (b, s) in known:
            if row is base:
                continue
            groups.append((row, f"the group of term '{row.term.strip()}'",
                           (b0[0] + b[0], b0[1] + b[1]),
                           (s[0] ** 2 - s0[1] ** 2, s[1] ** 2 - s0[0] ** 2)))
    found: list[ModelCount] = []
    people = [0.0, 0.0]
    for row, group, eta, v in groups:
        if v[0] <= 0 or abs(eta[0]) > _MAX_ETA or abs(eta[1]) > _MAX_ETA:
            return []  # the rounding leaves the group's size unbounded, or the fit diverged
        if kind in ("binomial-logit", "binomial-probit"):
            if kind == "binomial-logit":
                cases = ((1 + math.exp(eta[0])) / v[1], (1 + math.exp(eta[1])) / v[0])
                others = ((1 + math.exp(-eta[1])) / v[1], (1 + math.exp(-eta[0])) / v[0])
            elif abs(eta[0]) > _MAX_PROBIT or abs(eta[1]) > _MAX_PROBIT:
                return []
            else:
                cases = (probit_cases(eta[0]) / v[1], probit_cases(eta[1]) / v[0])
                others = (probit_cases(-eta[1]) / v[1], probit_cases(-eta[0]) / v[0])
            named = [("cases", cases), ("non-cases", others)]
            size = (cases[0] + others[0], cases[1] + others[1])
        else:
            events = (1 / v[1], 1 / v[0])
            size = (events[0] / math.exp(eta[1]), events[1] / math.exp(eta[0]))
            named = [("events", events), ("people", size)]
        for name, (lo, hi) in named:
            whole = (math.ceil(lo - _EPS), math.floor(hi + _EPS))
            if whole[0] < 1 or whole[0] > whole[1]:
                return []  # no whole count above zero fits the printed numbers
            found.append(ModelCount(row.line, row.term.strip(), group, name, *whole))
        people[0] += size[0]
        people[1] += size[1]
    if not people[0] * (1 - _EPS) <= observations <= people[1] * (1 + _EPS):
        return []  # not the groups of one categorical predictor (or not every observation)
    return found


def probit_cases(eta: float) -> float:
    """A probit group's cases times the variance of its estimated ``eta``: ``n p`` with
    ``n = p (1 - p) / (v phi(eta)^2)`` (the delta method's variance of ``Phi^-1(p-hat)``)."""
    from statistics import NormalDist  # only for a probit (every run imports this module)

    normal = NormalDist()
    p = normal.cdf(eta)
    return p * p * (1 - p) / normal.pdf(eta) ** 2



def _link_scale(row: Coefficient, exponentiated: bool) -> tuple[Interval, Interval] | None:
    """The coefficient's and its standard error's intervals on the link scale (an odds ratio
    ``e^b`` is printed with the standard error ``e^b * se``)."""
    b, s = printed(row.estimate), printed(row.se)
    if b is None or s is None or s[0] <= 0:
        return None
    if not exponentiated:
        return b, s
    if b[0] <= 0:
        return None
    return (math.log(b[0]), math.log(b[1])), (s[0] / b[1], s[1] / b[0])
