"""How much doubt a suppressed magnitude needs: the protection levels of the dominance rules.

A hidden sensitive cell is protected only when the interval a reader can derive for it from
the published table reaches far enough on each side of its true value (ESSnet handbook, ch. 4,
"protection levels"; tau-ARGUS applies the upper level below as well by default). Each
dominance rule the policy runs asks its own level, and the cell needs the largest:

* p% (SDC202), with a coalition of ``c`` and prior knowledge within ``q``:
  ``(p/q) * x1 - (X - x1 - ... - x_{c+1})``;
* each (n, k) rule (SDC201): ``(x1 + ... + xn) / k - X``, how much larger the cell would have
  to be for its n largest contributions to fall below k of it;
* the threshold rule (SDC101 on the units behind a magnitude): a cell of ``0 < n`` units below
  the small-count threshold needs ``(p/q) * x1``, with the p% rule's ``p`` and ``q`` (its
  defaults when that rule is off). The threshold assumes its other ``n - 1`` units may pool
  what they know (the ESSnet handbook ties ``n0`` to a coalition of ``n0 - 2``), and they know
  all of the cell but ``x1``: its interval is all that hides ``x1``. This is the p% rule's
  level with a coalition of ``n - 1``; τ-ARGUS asks a "frequency safety range" of such cells.

SDC502 asks it of the check; ``sdc protect`` plans for the same (one definition for both).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sdc.table import DataCell, Role

if TYPE_CHECKING:
    from sdc.context import RulePolicy


@dataclass(frozen=True)
class DominanceLevels:
    """The dominance rules whose protection a hidden magnitude needs (None / empty: off)."""

    p: float | None = 0.10
    c: int = 1
    q: float = 1.0
    nk: tuple[tuple[int, float], ...] = ()
    # the threshold rule on the units behind a magnitude (None: off) and how near its
    # largest contribution may be estimated, ``p / q`` of it (the p% rule's, on or off)
    threshold: int | None = None
    frequency: float = 0.10

    @classmethod
    def of(cls, policy: RulePolicy) -> DominanceLevels:
        from sdc.rules.counts import SmallCount
        from sdc.rules.magnitude import NKDominance, PPercent

        p_rule = policy.params(PPercent)
        nk_rule = policy.params(NKDominance)
        q = p_rule.q if p_rule.q is not None else 1.0
        return cls(
            p=p_rule.p if policy.is_enabled(PPercent) else None, c=p_rule.c, q=q,
            nk=tuple((r.n, r.k) for r in nk_rule.rules) if policy.is_enabled(NKDominance)
            else (),
            threshold=policy.shared.threshold if policy.is_enabled(SmallCount) else None,
            frequency=p_rule.p / q)


def magnitude_protection(cell: DataCell, levels: DominanceLevels) -> float:
    """How far on each side of its true value a hidden magnitude must be able to lie (0: it
    needs nothing, or it is no magnitude with contribution evidence)."""
    evidence = cell.evidence or {}
    top, total = evidence.get("top"), evidence.get("total")
    if cell.measure.role is not Role.MAGNITUDE or not top or total is None:
        return 0.0
    return _level(top, float(total), levels, _few_units(evidence, levels))


def magnitude_protection_bound(cell: DataCell, levels: DominanceLevels) -> float:
    """The most :func:`magnitude_protection` can be when the evidence lists fewer largest
    contributions than the rules read (a sidecar written under a policy of ``top3`` checked
    under p% with a coalition of 3): each missing one is taken as large as it can be, the
    smallest listed and what the total leaves (zeros read as none would understate the level:
    a larger ``x4`` leaves the coalition less to hide behind). Equal to it when none is
    missing."""
    evidence = cell.evidence or {}
    top, total = evidence.get("top"), evidence.get("total")
    if cell.measure.role is not Role.MAGNITUDE or not top or total is None:
        return 0.0
    return _level(_filled(top, float(total), _width(levels)), float(total), levels,
                  _few_units(evidence, levels))


def _width(levels: DominanceLevels) -> int:
    """How many largest contributions the enabled rules read."""
    return max([levels.c + 1 if levels.p is not None else 0, *(n for n, _ in levels.nk)])


def _filled(top: list[float], total: float, width: int) -> list[float]:
    """``top`` (descending) with each contribution it lacks up to ``width`` as large as it can
    be: no larger than the one before it nor than the rest of ``total``."""
    filled = sorted((float(t) for t in top), reverse=True)
    while len(filled) < width:
        filled.append(max(0.0, min(filled[-1], total - sum(filled))))
    return filled


def _few_units(evidence: dict, levels: DominanceLevels) -> bool:
    """Whether the evidence says the cell rests on more than 0 and fewer units than the
    threshold (False when it does not say how many: SDC101 cannot tell either)."""
    units = evidence.get("n_units")
    return (levels.threshold is not None and isinstance(units, int | float)
            and not isinstance(units, bool) and 0 < units < levels.threshold)


def _level(top: list[float], total: float, levels: DominanceLevels, few: bool = False
           ) -> float:
    """The largest level the enabled rules ask of a cell of ``total`` with these tops;
    ``few``: it rests on fewer units than the threshold (its other units know all but
    ``x1``)."""
    import numpy as np

    from sdc.evidence.dominance import nk_protection, p_percent_protection

    totals = np.array([total])

    def padded(width: int) -> np.ndarray:
        return np.array([[*top, *([0.0] * width)][: max(width, len(top))]], dtype=float)

    found = [0.0]
    if levels.p is not None:
        found.append(float(p_percent_protection(padded(levels.c + 1), totals, levels.p,
                                                c=levels.c, q=levels.q)[0]))
    for n, k in levels.nk:
        found.append(float(nk_protection(padded(n), totals, n, k)[0]))
    if few and total > 0:
        found.append(levels.frequency * max(float(t) for t in top))
    return max(found)


def hidden_total_target(cell: DataCell, levels: DominanceLevels) -> tuple[float, bool]:
    """How high a hidden magnitude whose total is not known (τ-ARGUS evidence columns give
    only its largest contributions once it is hidden) must be able to lie: its total ``X``
    plus its level, the same for every ``X`` the level is positive at (``(p/q) x1 + x1 + ...
    + x_{c+1}``, ``(x1 + ... + xn) / k``). Worked out at the smallest total the contributions
    allow (their sum), where every level is largest; 0 when no rule would flag the cell even
    there, or without contributions. The flag is False when the rules need more
    contributions than the evidence lists: each missing one is then taken as large as the
    smallest listed (the reach is at most that), so the reach is an upper bound only."""
    evidence = cell.evidence or {}
    top = sorted((float(t) for t in evidence.get("top") or []), reverse=True)
    if (cell.measure.role is not Role.MAGNITUDE or evidence.get("total") is not None
            or not top or evidence.get("n_negative")):
        return 0.0, True
    width = _width(levels)
    complete = len(top) >= width
    top += [top[-1]] * (width - len(top))
    level = _level(top, sum(top), levels, _few_units(evidence, levels))
    return (sum(top) + level if level > 0 else 0.0), complete


@dataclass(frozen=True)
class Shortfall:
    """How a hidden magnitude's interval falls short of the protection it needs.

    ``level`` is the protection level (``reach`` False) or, for a cell whose total is not
    given, the height ``X + level`` its interval must reach (``reach`` True). ``certain``
    False: the shortfall rests on a bound only (the evidence lists fewer contributions than
    the rules read, or the total is not given), so a person decides (``review``)."""

    level: float
    certain: bool
    reach: bool = False
    # an insider's finding: its own cell may not be sensitive (not a largest contributor sdc
    # counts as an insider then), which the evidence does not settle
    insider_unsure: bool = False


def needs_protection(cell: DataCell, levels: DominanceLevels) -> bool:
    """Whether a hidden magnitude may need a protection interval at all: a level above zero
    with its missing contributions taken as large as they can be, or a reach when its total
    is not given. A cell this says no to asks nothing of any interval."""
    return (magnitude_protection_bound(cell, levels) > 0
            or hidden_total_target(cell, levels)[0] > 0)


def protection_shortfall(cell: DataCell, lo: float, hi: float, levels: DominanceLevels
                         ) -> Shortfall | None:
    """How the interval ``[lo, hi]`` of a hidden magnitude falls short of its protection,
    None when it does not (or the cell needs none). With the total given: short of the level
    read with the missing contributions as zero is certain, short only of the level with
    them as large as they can be is not. Without it: an upper end short of the reach is
    certain when every contribution the rules read is listed; a lower end above ``2 X -
    reach`` at the smallest total the cell can hold is not (which total it holds is not
    given). SDC502 and the insider audits ask the same of every interval."""
    needed, bound = magnitude_protection(cell, levels), magnitude_protection_bound(cell, levels)
    if bound > 0:
        true_value = float((cell.evidence or {})["total"])

        def short(level: float) -> bool:
            return level > 0 and (hi - true_value < level or true_value - lo < level)

        if short(needed):
            return Shortfall(needed, True)
        return Shortfall(bound, False) if short(bound) else None
    target, complete = hidden_total_target(cell, levels)
    if target <= 0:
        return None
    top = (cell.evidence or {}).get("top") or []
    lowest = max(lo, float(sum(top)))  # the cell holds at least its tops
    certain = hi < target and complete
    if not certain and lo <= 2 * lowest - target and hi >= target:
        return None
    return Shortfall(target, certain, reach=True)


def surely_needs_protection(cell: DataCell, levels: DominanceLevels) -> bool:
    """Whether a hidden magnitude needs protection whatever its evidence leaves open: its
    level read with the missing contributions as zero is positive, or, its total not given,
    the level is positive even at the largest total its contributions allow (every unlisted
    one as large as the smallest listed; ``n_units`` must say how many there are). A cell
    :func:`needs_protection` admits but this does not may or may not be sensitive."""
    evidence = cell.evidence or {}
    if evidence.get("total") is not None:
        return magnitude_protection(cell, levels) > 0
    top = sorted((float(t) for t in evidence.get("top") or []), reverse=True)
    units = evidence.get("n_units")  # a count read from a ``freq`` column: 3.0 is 3
    if (cell.measure.role is not Role.MAGNITUDE or not top or evidence.get("n_negative")
            or not isinstance(units, int | float) or not float(units).is_integer()):
        return False
    unlisted = max(0, int(units) - len(top))
    # every unlisted contribution at its largest: each adds to the rest the rules leave
    # uncovered, or to the total as much as to the tops, so every level is smallest there
    total = sum(top) + unlisted * top[-1]
    filled = top + [top[-1]] * min(unlisted, max(0, _width(levels) - len(top)))
    return _level(filled, total, levels, _few_units(evidence, levels)) > 0
