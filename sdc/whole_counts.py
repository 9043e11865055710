"""The counts a logit (or probit) on categorical predictors gives back when its print has
no ``N`` (``summary2().tables[1]`` or an odds-ratio table saved with ``to_csv``,
``write.csv(tidy(fit))`` alone): proved by their being whole numbers to the print's precision.

``sdc.model_counts`` reads a group's cases and non-cases from its log-odds and their variance
(``(1 + e^eta) / v`` and ``(1 + e^-eta) / v``) and proves the design by the groups adding up
to the model's ``N``. A coefficient table alone prints no ``N``, so that proof is not to be
had; another is. A number that is no count (a continuous covariate's row read as a group)
has a fractional part spread evenly over [0, 1): it lands within an interval of width ``w``
around a whole number about ``w`` of the time. Every group gives two such numbers, each known
to the interval the printed digits allow, so the chance that a table which is not a saturated
logit fits whole numbers as closely as its rows do is at most the product of the widths (each
capped at 1). Read only where that product is at most ``MAX_CHANCE`` and every interval holds
a whole number above zero: a table printed to full precision (``to_csv`` writes 17 digits)
proves its groups many times over; one rounded to 4 decimals proves them where its groups
are small (a group of 3 cases is known to a thousandth) and not where they are all large.

Full-precision numbers are read to 6 significant digits (the fit converges to about 1e-8,
so later digits are noise): as ``sdc.readers.model_companions`` reads a tidy file.
"""

from __future__ import annotations

import math
import re

from sdc.model_counts import INTERCEPTS, Coefficient, ModelCount, group_intervals, probit_cases

# the chance, at most, that numbers which are no counts fit whole numbers as closely
MAX_CHANCE = 1e-4
_EPS = 1e-9
_MAX_ETA = 50.0
_MAX_PROBIT = 6.0  # as ``sdc.model_counts``: beyond, p is within 1e-9 of 0 or 1
# the models read, in this order: a table is read as the first whose counts it proves
LINKS = ("binomial-logit", "binomial-probit", "poisson-log")


def significant(raw: str, digits: int = 6) -> str:
    """``raw`` cut to ``digits`` significant digits when it prints more (a fit's noise)."""
    mantissa = re.split(r"[eE]", raw.strip())[0]
    if len(re.sub(r"\D", "", mantissa).lstrip("0")) <= digits:
        return raw.strip()
    return f"{float(raw):.{digits}g}"


def whole_logit_counts(rows: list[Coefficient], exponentiated: bool = False,
                       kind: str = "binomial-logit") -> list[ModelCount]:
    """Each group's cases and non-cases of a logit (``kind``: or a probit; or a Poisson
    model's events and people; ``LINKS``) on one categorical predictor (or a saturated
    factorial, as ``sdc.model_counts.recovered_counts`` reads it) whose print has no ``N``;
    empty unless at least two rows, one intercept, and the chance bound holds (see the
    module's docstring). A probit's group fits ``Phi(eta)`` exactly, its ``eta``'s variance
    ``p (1 - p) / (n phi(eta)^2)`` (``sdc.model_counts.probit_cases``); a Poisson group's
    ``e^eta`` is its events per person, ``v`` one over its events: their counts are as whole
    as a logit's. A Poisson model with an offset (events per person-year) has people that
    are no whole numbers: not read."""
    if kind not in LINKS or len(rows) < 2 or sum(
            r.term.strip().lower() in INTERCEPTS for r in rows) != 1:
        return []
    groups = group_intervals(rows, exponentiated)
    if groups is None:
        return []
    found: list[ModelCount] = []
    chance = 1.0
    limit = _MAX_PROBIT if kind == "binomial-probit" else _MAX_ETA
    for row, group, eta, v in groups:
        if v[0] <= 0 or max(abs(eta[0]), abs(eta[1])) > limit:
            return []
        names = ("cases", "non-cases")
        if kind == "binomial-logit":
            cases = ((1 + math.exp(eta[0])) / v[1], (1 + math.exp(eta[1])) / v[0])
            others = ((1 + math.exp(-eta[1])) / v[1], (1 + math.exp(-eta[0])) / v[0])
        elif kind == "binomial-probit":  # each rises with eta over [-6, 6]
            cases = (probit_cases(eta[0]) / v[1], probit_cases(eta[1]) / v[0])
            others = (probit_cases(-eta[1]) / v[1], probit_cases(-eta[0]) / v[0])
        else:
            names = ("events", "people")
            cases = (1 / v[1], 1 / v[0])
            others = (cases[0] / math.exp(eta[1]), cases[1] / math.exp(eta[0]))
        for name, (lo, hi) in zip(names, (cases, others), strict=True):
            whole = (math.ceil(lo - _EPS), math.floor(hi + _EPS))
            if whole[0] < 1 or whole[0] > whole[1]:
                return []  # no whole count above zero fits the printed numbers
            if name != "events":  # any Poisson fit's events are whole: no proof of design
                chance *= min(1.0, hi - lo)
            found.append(ModelCount(row.line, row.term.strip(), group, name, *whole))
    return found if chance <= MAX_CHANCE else []
