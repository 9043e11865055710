"""How much doubt a suppressed magnitude needs: the protection levels of the dominance rules.

A hidden sensitive cell is protected only when the interval a reader can derive for it from
the published table reaches far enough on each side of its true value (ESSnet handbook, ch. 4,
"protection levels"; tau-ARGUS applies the upper level below as well by default). Each
dominance rule the policy runs asks its own level, and the cell needs the largest:

* p% (SDC202), with a coalition of ``c`` and prior knowledge within ``q``:
  ``(p/q) * x1 - (X - x1 - ... - x_{c+1})``;
* each (n, k) rule (SDC201): ``(x1 + ... + xn) / k - X``, how much larger the cell would have
  to be for its n largest contributions to fall below k of it.

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

    @classmethod
    def of(cls, policy: RulePolicy) -> DominanceLevels:
        from sdc.rules.magnitude import NKDominance, PPercent

        p_rule = policy.params(PPercent)
        nk_rule = policy.params(NKDominance)
        return cls(
            p=p_rule.p if policy.is_enabled(PPercent) else None, c=p_rule.c,
            q=p_rule.q if p_rule.q is not None else 1.0,
            nk=tuple((r.n, r.k) for r in nk_rule.rules) if policy.is_enabled(NKDominance)
            else ())


def magnitude_protection(cell: DataCell, levels: DominanceLevels) -> float:
    """How far on each side of its true value a hidden magnitude must be able to lie (0: it
    needs nothing, or it is no magnitude with contribution evidence)."""
    evidence = cell.evidence or {}
    top, total = evidence.get("top"), evidence.get("total")
    if cell.measure.role is not Role.MAGNITUDE or not top or total is None:
        return 0.0
    return _level(top, float(total), levels)


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
    return _level(_filled(top, float(total), _width(levels)), float(total), levels)


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


def _level(top: list[float], total: float, levels: DominanceLevels) -> float:
    """The largest level the enabled rules ask of a cell of ``total`` with these tops."""
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
    level = _level(top, sum(top), levels)
    return (sum(top) + level if level > 0 else 0.0), complete
