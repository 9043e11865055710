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

A group with no cases (or no non-cases, or no events) has no finite estimate: the fit
*diverges*, and the print shows a huge coefficient with a standard error far larger still
(statsmodels ``-22.56`` with ``2.6e+04``, R ``-18.6`` with ``1385``; the fit stopped when the
fitted probability was numerically 0 or 1). Such a row is a zero cell behind the model (the
group of that term, or one of the two groups it contrasts); its other count is unknown, so the
sum check cannot run: it is read as a zero (``lo = hi = 0``) whatever the sum, and the other
groups are not read. A large but finite coefficient has a standard error of its own size or
less, and is read as before.

A linear model (OLS, a gaussian GLM with the identity link) on the same design fits each
group's mean: group ``g``'s mean has variance ``v = s^2 / n_g`` (``s^2`` the residual variance),
``se0^2`` for the reference group and ``seg^2 - se0^2`` for the others as above, so
``n_g = s^2 / v``. The groups' sizes add up to the model's ``N``, so their shares are fixed by
the standard errors alone: ``n_g = N (1/v_g) / sum(1/v_h)``, monotone up in ``1/v_g`` and down in
the others'. Without ``s^2`` those shares always add up, and whole numbers inside a rounded
share are no proof of groups (a continuous covariate's rows would be read as often as not), so
the reading needs ``s^2`` from the print: statsmodels' ``Scale``, or its ``Log-Likelihood``
(an OLS's ``llf = -N/2 (log(2 pi SSR / N) + 1)``, ``s^2 = SSR / df``), R's ``Residual standard
error`` or gaussian dispersion, Stata's residual ``MS`` or ``Root MSE``, broom's ``sigma``. Each
size is the intersection of ``s^2 / v`` and the share of ``N``; the sum check is on ``s^2 / v``
as for the other kinds. Weights (``v = s^2 / sum of weights``) and robust or clustered standard
errors break the formula, and a real robust or weighted fit's numbers do not add up (nothing
is read). A print that only says so (``WLS``, ``HC1``, R's ``weights =``, Stata's ``sum of wgt``, a
``Robust`` column) is read all the same: the researcher writes those words, and a model-based
fit's numbers under them still add up. Its counts carry the words (``ModelCount.doubt``), so a
small one is SDC101 ``review``: its group sizes could not be checked.
Weights a print does not name (a statsmodels GLM's ``var_weights``) give sums of weights that
add up to ``N`` only by chance; a wrong reading there fails or reviews, never passes.
A print rounding a large group's contrast to its intercept's standard error (``2.887``
beside ``2.888``) leaves that group's ``v`` reaching 0, its size without an upper bound: with
``s^2`` its floor ``s^2 / v`` still takes part in the sum check and the other groups are read,
each a doubt (the groups could not be proved to add up); without ``s^2`` nothing is read.
A table printing ``N`` but no ``s^2`` (esttab, modelsummary, stargazer) gives the shares alone
(``named_level_counts``), each size marked ``named`` (SDC101 ``review``: nothing proves the
design). Terms named as one factor's levels are read as they are; any others (R's glued
``regionNorth``, levels renamed apart) where the groups give back the printed R-squared, or
where none is printed: a name is the researcher's and never the only reason a group goes unread.
A table that does not say which model it prints (esttab's ``N`` alone, a pseudo R-squared, a
likelihood without an R-squared, ``eform``) is also read as a logit, probit and Poisson model
(``family_counts``): every reading whose groups add up to ``N`` is kept, the worst deciding.

This module works the intervals out and nothing more; SDC101 compares them with the policy's
threshold, SDC102 names the zeros.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, replace

# stargazer names the intercept ``Constant``
INTERCEPTS = frozenset({"const", "intercept", "(intercept)", "_cons", "constant"})
_PRINTED = re.compile(r"^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$")
_EPS = 1e-9
_MAX_ETA = 50.0  # a coefficient this large is a group with no cases (or no non-cases)
# a probit group's cases, p^2 (1 - p) / phi(eta)^2 / v, rise with eta over [-6, 6] (checked on a
# grid of 0.001 in tests/test_model_counts.py); beyond, p is within 1e-9 of 0 or 1: not read
_MAX_PROBIT = 6.0
GAUSSIAN = "gaussian-identity"  # OLS, or a gaussian GLM with the identity link
KINDS = ("binomial-logit", "binomial-probit", "poisson-log", GAUSSIAN)
# a diverged coefficient: at least this size on the link scale (a fitted probability within
# e^-10 = 5e-5 of 0 or 1; a probit's within Phi(-5) = 3e-7) with a standard error at least
# _DIVERGED_SE times its size (|z| <= 0.1: a diverged fit prints |z| of about 0.001 to 0.01;
# a real effect this large is estimated far more precisely than that)
_DIVERGED = {"binomial-logit": 10.0, "binomial-probit": 5.0, "poisson-log": 10.0}
_DIVERGED_SE = 10.0
ZERO_NAMES = {"binomial-logit": "cases or non-cases", "binomial-probit": "cases or non-cases",
              "poisson-log": "events"}

Interval = tuple[float, float]
# a linear model's s^2 when its print gives none: any positive value (each size is then its
# share of N alone, as ``named_level_counts``; ``sdc.readers.model_text`` reads it so only as a
# doubt)
ANY_SCALE: Interval = (1e-300, math.inf)


@dataclass(frozen=True)
class Coefficient:
    """One printed coefficient row: its 1-based line, its term, the estimate and its standard
    error as printed (on the link scale, or exponentiated: an odds ratio, an IRR)."""

    line: int
    term: str
    estimate: str
    se: str
    # the (factor, level) pairs the term crosses, where the print names them apart (Stata's
    # ``a#b`` header over a row ``1 2``); empty: the term's name is all there is
    parts: tuple[tuple[str, str], ...] = ()
    # the estimate's and its standard error's intervals on the link scale where they were
    # worked out from another print (an odds ratio's confidence interval), not from the two
    # printed numbers above
    link: tuple[Interval, Interval] | None = None


@dataclass(frozen=True)
class ModelCount:
    """A count the model gives away at the coefficient row on ``line`` (0: a row with no line
    of its own, an HTML table's): a whole number in ``[lo, hi]``."""

    line: int
    term: str
    group: str  # "the reference group" or "the group of term 'x'"
    name: str  # "cases", "non-cases", "events", "people"; a zero: "cases or non-cases"
    lo: int
    hi: int
    col: int = 1  # the term's column (a coefficient CSV's term is not always its first)
    # what the package printed that says so (``sdc.readers.model_notes``: Stata's "predicts
    # failure perfectly" note, R's and statsmodels' separation warnings); "": worked out from
    # the coefficients
    how: str = ""
    # the design read from the terms' names alone (``named_level_counts``): what the names
    # are (a factor's levels); such a size only raises doubt (review), never a fail
    named: str = ""
    # what the print says that breaks the formula (robust standard errors, weights): its
    # numbers read as a model-based fit's anyway, the count is for a person to check (an
    # insider can write those words over a model-based print; a real robust or weighted
    # fit's numbers do not add up, so nothing is read)
    doubt: str = ""
    # how a ``named`` count's interval was bounded where not as shares of ``N`` with no
    # residual variance printed (``named_level_counts``'s reading): the floors of a table
    # that hides terms (``hidden_term_counts``, ``hidden_dummy_counts``), or shares beside an
    # ``s^2`` whose sizes do not add up; "": those shares
    basis: str = ""

    @property
    def diverged(self) -> bool:
        """A zero read from a diverged coefficient (see the module's docstring) or printed in
        a package's note."""
        return self.hi == 0


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
                     exponentiated: bool = False, scale: Interval | None = None
                     ) -> list[ModelCount]:
    """Each group's counts, for a ``kind`` of ``KINDS``; empty when the reading does not apply
    (see the module's docstring). With one intercept row it is the reference group's and
    every other row a contrast with it; with none (``y ~ 0 + group``, Stata's ``ibn.group,
    noconstant``) every row is a group's own ``eta``, its variance ``se^2``. ``scale``: the
    residual variance ``s^2`` a linear model's print gives (needed for ``GAUSSIAN``)."""
    if kind not in KINDS or observations is None or not rows:
        return []
    if kind == GAUSSIAN and (scale is None or scale[0] <= 0 or exponentiated):
        return []
    intercepts = [r for r in rows if r.term.strip().lower() in INTERCEPTS]
    if len(intercepts) > 1:
        return []
    zeros = diverged_rows(kind, rows, exponentiated)
    if zeros:
        return zeros  # the diverged group's size is unknown: the others are not read
    groups = group_intervals(rows, exponentiated)
    if groups is None:
        return []
    if kind == GAUSSIAN:
        assert scale is not None
        return _gaussian_counts(groups, observations, scale)
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


def group_intervals(rows: list[Coefficient], exponentiated: bool = False
                    ) -> list[tuple[Coefficient, str, Interval, Interval]] | None:
    """Each group's (row, name, eta, v) on the link scale: a saturated factorial's cells
    where the terms are interactions that make one, else one factor's levels (with at most
    one intercept row); None when a row's numbers cannot be read."""
    scaled = [(row, _link_scale(row, exponentiated)) for row in rows]
    known = [(row, found) for row, found in scaled if found is not None]
    if len(known) != len(rows):
        return None
    intercepts = [r for r in rows if r.term.strip().lower() in INTERCEPTS]
    groups: list[tuple[Coefficient, str, Interval, Interval]] = []
    if intercepts and any(":" in row.term or len(row.parts) > 1 for row in rows):
        # a level's own name may hold a colon (``C(t)[T.10:30]``): not saturated on several
        # factors, it is read as one factor's levels, as before
        groups = _factorial_groups(known, intercepts[0]) or []
    if not groups:
        groups = _level_groups(known, intercepts[0] if intercepts else None)
    return groups


def _level_groups(known: list[tuple[Coefficient, tuple[Interval, Interval]]],
                  base: Coefficient | None
                  ) -> list[tuple[Coefficient, str, Interval, Interval]]:
    """One factor's groups: with an intercept row ``base`` the reference group's and every
    other row a contrast with it (``v = seg^2 - se0^2``); without, every row a group's own
    (``v = se^2``)."""
    if base is None:
        return [(row, f"the group of term '{row.term.strip()}'", b, (s[0] ** 2, s[1] ** 2))
                for row, (b, s) in known]
    b0, s0 = next(found for row, found in known if row is base)
    groups = [(base, "the reference group", b0, (s0[0] ** 2, s0[1] ** 2))]
    for row, (b, s) in known:
        if row is not base:
            groups.append((row, f"the group of term '{row.term.strip()}'",
                           (b0[0] + b[0], b0[1] + b[1]),
                           (s[0] ** 2 - s0[1] ** 2, s[1] ** 2 - s0[0] ** 2)))
    return groups


# one factor's level as each package names it in a print: statsmodels ``C(g)[T.b]``, R's
# ``factor(g)b`` (also in stargazer, modelsummary, texreg), Stata's ``2.g`` / ``2b.g`` (esttab)
_NAMED_LEVEL = (re.compile(r"^(C\(.+\))\[T\..+\]$"),
                re.compile(r"^((?:as\.)?factor\([^()]+\)).+$"),
                re.compile(r"^\d+[bno]*\.([A-Za-z_][A-Za-z0-9_]*)$"))


def one_factor(terms: list[str]) -> str | None:
    """The factor whose levels ``terms`` (an intercept's aside) all are, by the print's own
    syntax for a level, or None (R's bare ``regionNorth`` is ``shared_prefix``'s guess)."""
    factors = set()
    for term in terms:
        if term.strip().lower() in INTERCEPTS:
            continue
        found = next((m for pattern in _NAMED_LEVEL if (m := pattern.match(term.strip()))), None)
        if found is None or ":" in term:  # an interaction is no level of one factor
            return None
        factors.add(found.group(1))
    return factors.pop() if len(factors) == 1 else None


# R's glued level name (``regionNorth``): what the suffix may not be, a number (``x1``, ``x2``,
# ``dose2.5`` are as often continuous covariates as levels) or empty (``age`` beside ``age2``);
# nor what formula syntax makes (``I(x^2)``, ``log(x)``, an interaction's ``:``), in either part
_NUMBER = re.compile(r"[\d.]+")
_SYNTAX = re.compile(r"[:^()\[\]]")


def shared_prefix(terms: list[str], numbered: bool = False) -> str | None:
    """The variable name R glues to each level of a character or factor predictor
    (``regionNorth``, ``regionSouth``: ``region``): the terms' (an intercept's aside; at least
    two) common prefix, a name starting with a letter, each term left with a word after it
    (not empty, not a number, no formula syntax, not starting with ``_``, ``.`` or a space). A
    prefix ending in ``_`` or ``.`` is a naming scheme of several variables (``log_income``,
    ``log_age``), not R's gluing. A guess from names alone (a continuous ``logx`` beside
    ``logz`` passes it; a printed R-squared stops those), so what it reads is only ever a
    doubt (``named_level_counts``). ``numbered``: a number is a word too (levels coded
    ``1``, ``2``, ``3``: ``region2``; as often a continuous ``x1``, ``x2``, so only where the
    printed R-squared is checked)."""
    names = [t.strip() for t in terms if t.strip().lower() not in INTERCEPTS]
    if len(names) < 2:
        return None
    prefix = os.path.commonprefix(names)  # noqa: RUF071 (characters, not path parts)
    if not prefix[:1].isalpha() or prefix[-1] in "_." or _SYNTAX.search(prefix):
        return None
    for suffix in (name[len(prefix):] for name in names):
        if (not suffix or suffix[0] in "_. \t" or _SYNTAX.search(suffix)
                or (not numbered and _NUMBER.fullmatch(suffix))):
            return None
    return prefix


def named_level_counts(observations: float | None, rows: list[Coefficient],
                       r_squared: Interval | None = None) -> list[ModelCount]:
    """A linear model's group sizes from a print with ``N`` but no ``s^2`` (esttab, stargazer,
    modelsummary): the shares ``N w_g / sum(w)`` of ``w = 1/v``, read where each share holds a
    whole number above zero and, without an intercept, at least two levels are shown. The
    shares always add up to ``N``, so the design is a guess: each count is marked ``named``
    (SDC101 reviews, never fails on it). Terms named as a level of ONE factor
    (``one_factor``) are read as they are; any other names (R's glued ``regionNorth``,
    ``shared_prefix``; levels renamed apart, ``West`` or ``region_West`` beside ``North``, as
    Stata's ``esttab, label`` prints them) only where the groups give back the printed
    ``r_squared`` (``_r_squared_fits``), or where none is printed: the standard errors'
    identities hold whatever the terms are called, and a name is the researcher's to choose,
    so it can never be the only reason a small group goes unread. Slopes are stopped by the
    sum of shares (a contrast's variance below the intercept's, or a share with no whole
    number) or by the R-squared (``tests/test_model_counts_renamed.py`` measures both)."""
    if observations is None or not float(observations).is_integer() or not rows:
        return []
    terms = [row.term for row in rows]
    factor = one_factor(terms)
    prefix = shared_prefix(terms, numbered=r_squared is not None)
    intercepts = [r for r in rows if r.term.strip().lower() in INTERCEPTS]
    if len(intercepts) > 1 or (not intercepts and len(rows) < 2):
        return []
    known = [(row, found) for row in rows if (found := _link_scale(row, False)) is not None]
    if len(known) != len(rows):
        return []
    groups = _level_groups(known, intercepts[0] if intercepts else None)
    sizes = _gaussian_counts(groups, observations, None)
    if factor is None and sizes and r_squared is not None and not _r_squared_fits(
            groups, sizes, observations, r_squared):
        return []  # slopes (``logx``, ``logz``; ``age``, ``income``), not one variable's levels
    if factor:
        reason = f"its terms are named as the levels of one factor, {factor}"
    elif prefix:
        reason = f"its terms share the prefix '{prefix}' as R names one variable's levels"
    elif r_squared is not None:
        reason = ("its numbers fit one factor's groups, giving back the printed R-squared "
                  "(its terms' names do not say so)")
    else:
        reason = ("its numbers fit one factor's groups (its terms' names do not say so, and "
                  "no R-squared is printed to test them)")
    return [replace(count, named=reason) for count in sizes]


def hidden_term_counts(observations: float, rows: list[Coefficient],
                       scale: Interval | None) -> list[ModelCount]:
    """A table that shows one factor's levels but whose model has more terms than it shows
    (esttab's ``keep()``/``drop()``: its R-squared pair or ``df_r`` prove it), where the
    shares would be of the wrong design. A dummy's coefficient in any linear model has
    ``se_g^2 >= s^2 (1/n_g + 1/n_0)`` (its residual sum of squares on the other columns is at
    most its own against the reference group's), so each level's group and the reference group
    hold at least ``s^2 / se_g^2`` people, whatever else the model holds; without ``s^2`` at
    least 1. Each level's size is that floor up to ``N`` (the reference group's at the first
    level, the largest of the floors): what cannot be shown to meet the threshold is for a
    person to check (``named``, a review)."""
    levels = [row for row in rows if row.term.strip().lower() not in INTERCEPTS]
    total = int(observations)
    if not levels or total != observations:
        return []
    reason = ("its terms are one factor's levels but its model has more terms than the "
              "table shows (keep or drop), so the sizes cannot be read")
    basis = _floor_basis(scale, "at least s^2 / se^2 each")
    floors = []
    for row in levels:
        se = printed(row.se)
        if scale is None or se is None or se[1] <= 0:
            floors.append(1)
        else:
            floors.append(max(1, min(total, math.ceil(scale[0] / se[1] ** 2 - _EPS))))
    found = [ModelCount(levels[0].line, levels[0].term.strip(), "the reference group",
                        "people", max(floors), total, named=reason, basis=basis)]
    return found + [ModelCount(row.line, row.term.strip(),
                               f"the group of term '{row.term.strip()}'", "people", lo, total,
                               named=reason, basis=basis)
                    for row, lo in zip(levels, floors, strict=True)]


def _floor_basis(scale: Interval | None, floor: str) -> str:
    """How a hidden-terms table's sizes are bounded (``ModelCount.basis``): from below by
    ``floor`` where the print gives ``s^2``, else not at all."""
    if scale is not None:
        return (f"{floor}, from the printed standard errors and the residual variance the "
                "print gives, and at most the model's N")
    return ("from 1 to the model's N: the table prints no residual standard error (rmse), "
            "log-likelihood or AIC, so nothing bounds them from below")


def hidden_dummy_counts(observations: float, rows: list[Coefficient],
                        scale: Interval | None) -> list[ModelCount]:
    """A table whose model has more terms than it shows (``keep()``: its R-squared pair or
    ``df_r`` prove it) and whose shown terms are not named as one factor's levels (``North``,
    ``West``: ``esttab, label``): any shown term may be a dummy of a small group. A dummy's
    ``se_g^2 >= s^2 (1/n_g + 1/n_0)`` with ``n_0 <= N - n_g``, so it holds at least the least
    ``n`` with ``1/n + 1/(N - n) <= se_g^2 / s^2``, whatever else the model holds; a term whose
    ``se_g^2`` is below ``4 s^2 / N`` is no dummy (a slope of wide spread, ``age``), and is not
    read. Without ``s^2`` nothing bounds a term from below (every bound a print gives, the
    intercept's ``se^2 >= s^2 / N`` or a dummy's ``se^2 >= 4 s^2 / N``, bounds ``s^2`` from
    above only), so every shown term is a possible dummy of 1 to ``N`` people: SDC101
    ``review``, the remedy being to print ``s`` (esttab's ``stats(rmse)``), whose floors then
    clear the slopes. An ``areg`` or ``keep()`` table without ``s`` is reviewed so, as one
    naming its levels ``2.g`` is (``hidden_term_counts``); a name never clears a term."""
    total = int(observations)
    if total != observations or total < 2:
        return []
    reason = ("its model has more terms than the table shows (keep or drop), and the shown "
              "term may be a dummy of a group whose size cannot be read")
    basis = _floor_basis(scale, "at least the least n with 1/n + 1/(N - n) <= se^2 / s^2")
    found = []
    for row in rows:
        if row.term.strip().lower() in INTERCEPTS:
            continue
        se = printed(row.se)
        if se is None or se[1] <= 0:
            return []
        if scale is None:
            found.append(ModelCount(row.line, row.term.strip(),
                                    f"the group of term '{row.term.strip()}' (if it is a "
                                    "dummy)", "people", 1, total, named=reason,
                                    basis=basis))
            continue
        ratio = se[1] ** 2 / scale[0]  # the largest se_g^2 / s^2 the print allows
        if ratio < 4 / total:
            continue  # no dummy has so small a standard error
        floor = _least_dummy_size(total, ratio)
        found.append(ModelCount(row.line, row.term.strip(),
                                f"the group of term '{row.term.strip()}' (if it is a dummy)",
                                "people", floor, total, named=reason, basis=basis))
    return found


def _least_dummy_size(total: int, ratio: float) -> int:
    """The least ``n`` (at most ``total // 2``) with ``1/n + 1/(total - n) <= ratio``: the
    smaller root of ``ratio n^2 - ratio total n + total = 0``, then checked whole number by
    whole number around it (no loop over ``N``: a table of millions)."""
    half = total // 2

    def fits(n: int) -> bool:
        return 1 / n + 1 / (total - n) <= ratio + _EPS

    disc = ratio * ratio * total * total - 4 * ratio * total
    if disc < 0:
        return half
    start = max(1, math.floor((ratio * total - math.sqrt(disc)) / (2 * ratio)) - 2)
    while start > 1 and fits(start - 1):
        start -= 1
    n = start
    while n < half and not fits(n):
        n += 1
    return n


def _r_squared_fits(groups: list[tuple[Coefficient, str, Interval, Interval]],
                    counts: list[ModelCount], observations: float, r_squared: Interval) -> bool:
    """Whether groups of ``counts`` people with means ``eta`` and ``s^2 = N / sum(1/v)`` give
    the printed R-squared, ``SSB / (SSB + s^2 (N - k))``, within the rounding (the middles of
    the printed numbers; a real factor's came within 0.001 at three decimals, two slopes read
    as groups missed by 0.01 to 0.5)."""
    sizes = [(c.lo + c.hi) / 2 for c in counts]
    means = [sum(eta) / 2 for _, _, eta, _ in groups]
    scale = observations / sum(2 / (v[0] + v[1]) for *_, v in groups)
    grand = sum(n * m for n, m in zip(sizes, means, strict=True)) / sum(sizes)
    between = sum(n * (m - grand) ** 2 for n, m in zip(sizes, means, strict=True))
    within = scale * (observations - len(groups))
    if between + within <= 0:
        return False
    fitted = between / (between + within)
    slack = 0.002 + 0.02 * fitted
    return r_squared[0] - slack <= fitted <= r_squared[1] + slack


_SCALED_SHARES = ("worked out from the printed standard errors as shares of the model's N; "
                  "the printed residual variance gives no sizes that add up to N, so it does "
                  "not prove the design")


def linear_table_counts(observations: float, rows: list[Coefficient],
                        scale: Interval | None, r_squared: Interval | None = None,
                        likelihood_scale: Interval | None = None) -> list[ModelCount]:
    """A regression table's linear model on one factor: proved by the sum check where the
    table prints ``s`` (``scale``), else read as shares of ``N`` (``named_level_counts``).
    Where neither reads (a large group's standard error too coarse to bound its share),
    ``s^2`` worked out from a printed log-likelihood or AIC (``likelihood_scale``) runs the
    sum check on what the rounding leaves known (``_gaussian_counts``; a doubt)."""
    found = recovered_counts(GAUSSIAN, observations, rows, scale=scale) if scale else []
    if not found:
        found = named_level_counts(observations, rows, r_squared)
        if scale is not None:  # its s^2 does not prove the design: the shares say so
            found = [replace(count, basis=_SCALED_SHARES) for count in found]
    if not found and scale is None and likelihood_scale is not None:
        found = [replace(count, doubt=count.doubt or "s^2 was worked out from the printed "
                         "log-likelihood or AIC") for count in recovered_counts(
                             GAUSSIAN, observations, rows, scale=likelihood_scale)]
    return found


FAMILY_NAMES = {"binomial-logit": "logistic regression", "binomial-probit": "probit regression",
                 "poisson-log": "Poisson regression"}


def family_counts(observations: float, rows: list[Coefficient], zeros: bool,
                  exponentiated: bool = False, loglik: Interval | None = None,
                  keep_contradicted: bool = False) -> list[ModelCount]:
    """A regression table that prints no family (esttab's ``N`` alone; a pseudo R-squared or a
    likelihood without an R-squared says only "not linear"): each of the logit, probit and
    Poisson readings (``recovered_counts``) whose groups add up to ``N``, all of them kept so
    the worst decides, each a doubt (SDC101 ``review``). ``zeros``: read a diverged row as a
    zero only where the print says the model is not linear (a linear model's noisy coefficient,
    ``|t| <= 0.1``, looks like a diverged one).

    ``loglik``: the printed log-likelihood (or the AIC's), the second test
    (``family_loglik``). A reading whose counts cannot give it is dropped (not that model on
    that design), unless ``keep_contradicted`` (the table proves its dof, so dropping could
    turn its verdict to ``pass``: kept as a doubt); a binomial reading it confirms, the only
    reading confirmed, is proved (its doubt dropped: SDC101 ``fail`` on a small count). A
    Poisson's test is loose (each person's ``log y!`` is not in the print) and confirms
    nothing, it only drops."""
    readings: list[tuple[str, list[ModelCount], bool | None]] = []
    for kind, name in FAMILY_NAMES.items():
        counts = recovered_counts(kind, observations, rows, exponentiated)
        if not counts or (any(c.diverged for c in counts) and not zeros):
            continue
        fits = None
        if loglik is not None and not any(c.diverged for c in counts):
            fits = _overlaps(family_loglik(kind, counts), loglik)
        if fits is False and not keep_contradicted:
            continue
        doubt = (f"the table does not say its model is a {name} (read as one, its groups "
                 "add up to its N" + (", but its counts do not give the printed "
                                     "log-likelihood)" if fits is False else ")"))
        readings.append((kind, [replace(c, doubt=doubt) for c in counts], fits))
    proved = [kind for kind, _, fits in readings if fits and kind != "poisson-log"]
    found: list[ModelCount] = []
    for kind, counts, _ in readings:
        if len(proved) == 1 and kind == proved[0]:
            counts = [replace(c, doubt="") for c in counts]
        found += counts
    return found


def family_loglik(kind: str, counts: list[ModelCount]) -> Interval:
    """The log-likelihood a reading's counts give (each group saturated: its fitted mean is
    its own). Binomial (logit and probit alike): ``sum a log(a/n) + c log(c/n)`` over each
    group's cases ``a`` and non-cases ``c``, falling in each, so its ends are the counts'
    ends. Poisson: ``sum E log(E/n) - E - sum log y!``; the people's own ``y`` are not in the
    print, so ``log y!`` spans 0 (every count 0 or 1) to ``log E!`` (one person holds all)."""
    low = high = 0.0
    for first, second in zip(counts[::2], counts[1::2], strict=True):
        if kind in ("binomial-logit", "binomial-probit"):
            low += _binomial_ll(first.hi, second.hi)
            high += _binomial_ll(first.lo, second.lo)
            continue
        events, people = (first.lo, first.hi), (second.lo, second.hi)
        ends = [e * math.log(e / n) - e for e in events for n in people]
        # convex in E, falling in n: its least at n's top, E nearest n
        least_e = min(max(people[1], events[0]), events[1])
        low += least_e * math.log(least_e / people[1]) - least_e - math.lgamma(events[1] + 1)
        high += max(ends)
    return low, high


def _binomial_ll(cases: int, others: int) -> float:
    n = cases + others
    return cases * math.log(cases / n) + others * math.log(others / n)


def _overlaps(reading: Interval, printed_ll: Interval) -> bool:
    """Whether the reading's log-likelihood meets the printed one (a slack of a millionth for
    the fit's convergence)."""
    slack = 1e-6 * max(1.0, abs(printed_ll[0]))
    return reading[0] - slack <= printed_ll[1] and printed_ll[0] <= reading[1] + slack


def diverged_rows(kind: str, rows: list[Coefficient], exponentiated: bool = False
                  ) -> list[ModelCount]:
    """A zero (``lo = hi = 0``) at each row whose coefficient diverged: at least
    ``_DIVERGED[kind]`` on the link scale, the standard error at least ``_DIVERGED_SE`` times
    that (for a Poisson log model only a coefficient going to minus infinity: no events; a
    linear model's fit never diverges)."""
    if kind not in _DIVERGED:
        return []
    found = []
    for row in rows:
        scaled = _link_scale(row, exponentiated)
        if scaled is None:
            continue
        (lo, hi), se = scaled
        size = min(abs(lo), abs(hi)) if lo * hi > 0 else 0.0
        if kind == "poisson-log" and hi > 0:
            continue
        if size >= _DIVERGED[kind] and se[0] >= _DIVERGED_SE * size:
            if row.term.strip().lower() in INTERCEPTS:
                # the reference group is the empty one: every contrast with it diverges too
                return [ModelCount(row.line, row.term.strip(), "the reference group",
                                   ZERO_NAMES[kind], 0, 0)]
            found.append(ModelCount(row.line, row.term.strip(),
                                    f"the group of term '{row.term.strip()}'",
                                    ZERO_NAMES[kind], 0, 0))
    return found


def _gaussian_counts(groups: list[tuple[Coefficient, str, Interval, Interval]],
                     observations: float, scale: Interval | None) -> list[ModelCount]:
    """A linear model's group sizes (see the module's docstring): ``s^2 / v`` within the
    share ``N w_g / sum(w)`` of ``w = 1/v``; empty unless ``s^2 / v`` adds up to ``N`` and every
    size holds a whole number above zero. Without ``scale`` the shares alone (they add up
    whatever the design: ``named_level_counts``)."""
    if any(v[1] <= 0 for *_, v in groups):
        return []  # a variance below nothing: not one group's mean
    # a group whose variance the print's rounding leaves reaching 0 (a large group beside a
    # small reference group: ``seg`` and ``se0`` print alike) has no upper bound; with ``s^2``
    # its floor ``s^2 / v`` still takes part in the sum, and the others are read (a doubt)
    coarse = any(v[0] <= 0 for *_, v in groups)
    if coarse and (scale is None or scale[1] == math.inf):
        return []  # shares with an unbounded weight bound no group
    weights = [(1 / v[1], 1 / v[0] if v[0] > 0 else math.inf) for *_, v in groups]
    by_scale = ([(scale[0] * w[0], scale[1] * w[1]) for w in weights] if scale is not None
                else [(0.0, math.inf)] * len(weights))
    if not sum(lo for lo, _ in by_scale) * (1 - _EPS) <= observations <= sum(
            hi for _, hi in by_scale) * (1 + _EPS):
        return []  # not the groups of one categorical predictor (or not every observation)
    found: list[ModelCount] = []
    for at, ((row, group, _, _), w, (lo, hi)) in enumerate(
            zip(groups, weights, by_scale, strict=True)):
        others = [x for i, x in enumerate(weights) if i != at]
        share = (observations * w[0] / (w[0] + sum(x[1] for x in others)),
                 observations if w[1] == math.inf else
                 observations * w[1] / (w[1] + sum(x[0] for x in others)))
        whole = (math.ceil(max(lo, share[0]) - _EPS), math.floor(min(hi, share[1]) + _EPS))
        if whole[0] < 1 or whole[0] > whole[1]:
            return []  # no whole number of people fits the printed numbers
        found.append(ModelCount(
            row.line, row.term.strip(), group, "people", *whole,
            doubt="the print's rounding leaves a group's size without an upper bound, so the "
            "groups could not be proved to add up" if coarse else ""))
    if not sum(c.lo for c in found) <= observations <= sum(c.hi for c in found):
        return []
    return found


def scale_printed(text: str) -> Interval | None:
    """``s^2`` printed as itself (statsmodels' ``Scale``, R's gaussian dispersion, Stata's
    residual ``MS``)."""
    found = printed(text)
    return found if found is not None and found[0] > 0 else None


def scale_from_sigma(text: str) -> Interval | None:
    """``s^2`` from a printed residual standard error (R, Stata's ``Root MSE``, broom's
    ``sigma``)."""
    found = printed(text)
    if found is None or found[0] <= 0:
        return None
    return found[0] ** 2, found[1] ** 2


def scale_from_loglik(text: str, observations: float, dof: float) -> Interval | None:
    """``s^2`` from an OLS's printed log-likelihood: ``SSR = N exp(-2 llf / N - 1 - log 2 pi)``
    (decreasing in ``llf``), over the residual ``dof``."""
    found = printed(text)
    return scale_from_llf(found, observations, dof) if found is not None else None


def scale_from_llf(llf: Interval, observations: float, dof: float) -> Interval | None:
    """``s^2`` from an OLS's log-likelihood known to the interval ``llf``
    (``scale_from_loglik``)."""
    if observations <= 0 or dof <= 0:
        return None
    try:
        ssr = [observations * math.exp(-2 * value / observations - 1 - math.log(2 * math.pi))
               for value in (llf[1], llf[0])]
    except OverflowError:
        return None
    return ssr[0] / dof, ssr[1] / dof


_STATSMODELS_LEVEL = re.compile(r"^(.*)\[T\.(.*)\]$")


def unprinted_reference_counts(observations: float, rows: list[Coefficient],
                               scale: Interval, r_squared: Interval | None = None
                               ) -> list[ModelCount]:
    """A linear model's group sizes when its reference group's row is not printed: each
    contrast's ``se^2 / s^2 = 1/n_0 + 1/n_g`` and ``n_0 + sum(n_g) = N`` leave ``n_0`` alone
    unknown, so every whole ``n_0`` is tried and the sizes of those that fit (each ``n_g``
    whole, the sum ``N``) are kept, each group the span over them; the reference group's at
    the first row. Empty when none fits (or ``N`` is past a million). ``r_squared``: keep
    only the ``n_0`` whose groups give back the printed R-squared (``_sizes_give_r_squared``),
    the second test where the terms' names do not say they are one factor's levels."""
    ratios = []
    for row in rows:
        se = printed(row.se)
        if se is None or se[0] <= 0:
            return []
        ratios.append((se[0] ** 2 / scale[1], se[1] ** 2 / scale[0]))
    total = int(observations)
    if total != observations or total > 10**6:
        return []
    fits: list[list[tuple[int, int]]] = []
    for n0 in range(1, total):
        sizes = [(n0, n0)]
        for lo, hi in ratios:
            below, above = lo - 1 / n0, hi - 1 / n0
            if above <= 0:
                break
            whole = (math.ceil(1 / above - _EPS),
                     math.floor(1 / below + _EPS) if below > 0 else total)
            if whole[0] < 1 or whole[0] > whole[1]:
                break
            sizes.append(whole)
        else:
            if sum(lo for lo, _ in sizes) <= total <= sum(hi for _, hi in sizes) and (
                    r_squared is None or _sizes_give_r_squared(sizes, rows, scale, total,
                                                               r_squared)):
                fits.append(sizes)
    if not fits:
        return []
    spans = [(min(f[i][0] for f in fits), max(f[i][1] for f in fits))
             for i in range(len(rows) + 1)]
    found = [ModelCount(rows[0].line, rows[0].term.strip(), "the reference group (its row "
                        "is not printed)", "people", *spans[0])]
    return found + [ModelCount(row.line, row.term.strip(), f"the group of term "
                               f"'{row.term.strip()}'", "people", *span)
                    for row, span in zip(rows, spans[1:], strict=True)]


def unprinted_reference_floors(kind: str, observations: float, rows: list[Coefficient],
                               exponentiated: bool = False) -> list[ModelCount]:
    """A logit's, probit's or Poisson's print with no intercept row whose terms are not named
    as one factor's levels (``north``, ``west``: a researcher's dummies, the row deleted): each
    row may be a contrast with a reference group the print hides. A logit contrast's ``se^2 =
    1/a_g + 1/c_g + 1/a_0 + 1/c_0`` (a Poisson's ``1/E_g + 1/E_0``) bounds every count of its
    group and of the reference group from below by ``1/se^2``, whatever the reference is, so
    each is that floor up to ``N`` (the reference group's the largest floor, at the first row).
    A probit's counts have no such floor (``cases * v = p^2 (1 - p) / phi^2`` reaches 0), so
    they are 1 to ``N``. A slope of wide spread has a small ``se`` and a floor far above any
    threshold; what cannot be shown to meet it is for a person to check (``named``)."""
    total = int(observations)
    if kind not in FAMILY_NAMES or not rows or total != observations:
        return []
    names = ("events", "events") if kind == "poisson-log" else ("cases", "non-cases")
    reason = ("its print has no intercept row and its terms are not named as one factor's "
              "levels; each row may be a contrast with a reference group the print hides, "
              "whose counts are bounded only from below (1 / se^2)")
    floors = []
    for row in rows:
        scaled = _link_scale(row, exponentiated)
        if scaled is None:
            return []
        se_hi = scaled[1][1]
        floors.append(1 if kind == "binomial-probit" else
                      max(1, min(total, math.ceil(1 / se_hi ** 2 - _EPS))))
    found = [ModelCount(rows[0].line, rows[0].term.strip(), "the reference group (its row is "
                        "not printed, if the rows are its contrasts)", name, max(floors), total,
                        named=reason) for name in dict.fromkeys(names)]
    for row, floor in zip(rows, floors, strict=True):
        found += [ModelCount(row.line, row.term.strip(), f"the group of term "
                             f"'{row.term.strip()}' (if it is a contrast)", name, floor, total,
                             named=reason) for name in dict.fromkeys(names)]
    return found


def _sizes_give_r_squared(sizes: list[tuple[int, int]], rows: list[Coefficient],
                          scale: Interval, observations: int, r_squared: Interval) -> bool:
    """Whether groups of ``sizes`` (the reference group first, its mean 0: the between sum of
    squares does not depend on it) with the contrasts' means give the printed R-squared,
    ``SSB / (SSB + s^2 (N - k))``, within ``_r_squared_fits``' slack."""
    middles = [(lo + hi) / 2 for lo, hi in sizes]
    means = [0.0]
    for row in rows:
        found = printed(row.estimate)
        if found is None:
            return False
        means.append(sum(found) / 2)
    grand = sum(n * m for n, m in zip(middles, means, strict=True)) / sum(middles)
    between = sum(n * (m - grand) ** 2 for n, m in zip(middles, means, strict=True))
    within = sum(scale) / 2 * (observations - len(sizes))
    if between + within <= 0:
        return False
    fitted = between / (between + within)
    slack = 0.002 + 0.02 * fitted
    return r_squared[0] - slack <= fitted <= r_squared[1] + slack


def contrast_factor(term: str) -> str | None:
    """The factor of a statsmodels treatment contrast's term (``C(g)[T.b]``: ``C(g)``)."""
    found = _STATSMODELS_LEVEL.match(term.strip())
    return found.group(1) if found else None


def _factors(terms: list[frozenset[str]]) -> dict[str, str] | None:
    """Each main-effect term's factor: statsmodels names it (``C(a)[T.x]``: ``C(a)``); R
    does not (``a2``, ``sexMale``), so terms never printed together in an interaction are
    one factor's levels (in a saturated model every two levels of different factors are)."""
    mains = sorted({part for term in terms for part in term})
    named = {m: found.group(1) for m in mains if (found := _STATSMODELS_LEVEL.match(m))}
    if len(named) == len(mains):
        return named
    if named:
        return None
    together: dict[str, set[str]] = {m: set() for m in mains}
    for term in terms:
        for part in term:
            together[part] |= term - {part}
    factor: dict[str, str] = {}
    for m in mains:  # the components of "never together" (saturated: cliques)
        if m in factor:
            continue
        group = [o for o in mains if o not in together[m]]
        for o in group:
            if o in factor or together[o] & set(group):
                return None
            factor[o] = m
    return factor


def _factorial_groups(known: list[tuple[Coefficient, tuple[Interval, Interval]]],
                      base: Coefficient
                      ) -> list[tuple[Coefficient, str, Interval, Interval]] | None:
    """The cells of a model saturated on several categorical factors with interactions
    (``C(a)[T.x]:C(b)[T.y]``, R's ``a2:b2``, Stata's ``a#b`` row ``1 2`` whose factors the
    reader names in ``Coefficient.parts``): a cell choosing the levels ``S`` (a level or
    the reference of each factor) has ``eta = b0 + sum of the coefficients of every term
    within S``, and, the cells being independent groups, a term's variance is the sum of
    the variances of the cells within it (treatment contrasts): ``v(S) = se(S)^2 - sum of
    v(T) over the cells T within S``. None unless every combination of levels is a term
    (saturated) and nothing else is."""
    others = [row for row, _ in known if row is not base]
    factor: dict[str, str] | None
    if all(row.parts for row in others):  # the print names each term's factors (Stata)
        terms = {row: frozenset(f"{f}={level}" for f, level in row.parts) for row in others}
        factor = {f"{f}={level}": f for row in others for f, level in row.parts}
    else:
        terms = {row: frozenset(p.strip() for p in row.term.split(":")) for row in others}
        factor = _factors(list(terms.values()))
    if factor is None:
        return None
    levels: dict[str, int] = {}
    for f in factor.values():
        levels[f] = levels.get(f, 0) + 1
    if len(levels) < 2 or any(len({factor[p] for p in t}) != len(t) for t in terms.values()):
        return None
    if len(set(terms.values())) != len(terms) or len(terms) != math.prod(
            n + 1 for n in levels.values()) - 1:
        return None  # not saturated (a combination missing) or a term twice
    by_term = {terms[row]: (row, b, s) for row, (b, s) in known if row is not base}
    b0, s0 = next(found for row, found in known if row is base)
    variances: dict[frozenset[str], Interval] = {frozenset(): (s0[0] ** 2, s0[1] ** 2)}
    groups = [(base, "the reference group", b0, variances[frozenset()])]
    for cell in sorted(by_term, key=len):
        row, b, s = by_term[cell]
        within = [t for t in variances if t < cell]
        eta = (b0[0] + sum(by_term[t][1][0] for t in within if t) + b[0],
               b0[1] + sum(by_term[t][1][1] for t in within if t) + b[1])
        v = (s[0] ** 2 - sum(variances[t][1] for t in within),
             s[1] ** 2 - sum(variances[t][0] for t in within))
        variances[cell] = v
        groups.append((row, f"the group of term '{row.term.strip()}'", eta, v))
    return groups


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
    if row.link is not None:
        return row.link
    b, s = printed(row.estimate), printed(row.se)
    if b is None or s is None or s[0] <= 0:
        return None
    if not exponentiated:
        return b, s
    if b[0] <= 0:
        return None
    return (math.log(b[0]), math.log(b[1])), (s[0] / b[1], s[1] / b[0])
