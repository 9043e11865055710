"""The linear system an attacker can write down from published tables.

Every cell of every table (inner cells, subtotals and totals alike) is one variable. Additivity is a
set of homogeneous equations ``sum(parts) - total = 0``; what was published is a bound on each
variable: a published cell has ``lower == upper == value``, a cell rounded to base ``b`` has
``[a - b + 1, a + b - 1]`` (clipped at the domain's lower limit), a suppressed cell has only the
domain bounds (``[0, inf)`` for counts and non-negative magnitudes). The general form
``sum(coef * x) = rhs`` is accepted too, so relations that are not additivity (a published
difference, a known sum of two tables) fit as well.

The audit (:func:`sdc.audit.audit`) asks, for each suppressed cell, for the smallest and largest
value it can take in any solution of that system.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import numpy as np

from sdc.errors import SdcError
from sdc.fields_pickle import by_fields

if TYPE_CHECKING:  # scipy loads when a matrix is built (an audit runs), not with the system
    import scipy.sparse as sp

__all__ = [
    "AuditError",
    "InfeasibleSystemError",
    "Interval",
    "LinearSystem",
    "system_from_array",
]

Equation = tuple[dict[int, float], float]


class AuditError(SdcError, RuntimeError):
    """The audit could not finish (a solver failure), so no interval may be trusted."""


class InfeasibleSystemError(AuditError):
    """The published numbers contradict each other: no table satisfies every relation and bound.

    Reported instead of intervals because intervals of an empty set mean nothing, and because the
    contradiction itself is a finding (totals not recomputed after redaction, inconsistent
    rounding). ``equations`` and ``variables`` point at where it was detected when that is known
    (they are a place to start looking, not a minimal explanation).
    """

    def __init__(
        self,
        message: str,
        *,
        equations: Sequence[int] = (),
        variables: Sequence[int] = (),
    ) -> None:
        super().__init__(message)
        self.equations = list(equations)
        self.variables = list(variables)


@by_fields  # pickled as its fields: sent back by the audit's -j workers
@dataclass(frozen=True, slots=True)  # slots: one per hidden cell, held by the release rules
class Interval:
    """The feasible range ``[lo, hi]`` of one cell.

    ``exact`` means the range has zero width: the cell is disclosed. ``derivation`` lists the
    equations (indices into :attr:`LinearSystem.equations`) whose combination gives the value,
    in the order they are used; ``combination`` holds the weight of each, so that
    ``x = sum(w * (rhs_e - sum of the published terms of equation e))``. A published target
    has both empty. Both are ``None`` when no combination of equations isolates the cell (a
    linear program found the width zero because bounds pin it, as in ``x + y = 0`` with
    ``x, y >= 0``) or when the combination needs more than
    :data:`sdc.audit.presolve.MAX_DERIVATION` equations (long chains in large tables).
    """

    lo: float
    hi: float
    exact: bool = False
    derivation: list[int] | None = None
    combination: dict[int, float] | None = None

    @property
    def width(self) -> float:
        return self.hi - self.lo

    @property
    def value(self) -> float | None:
        """The disclosed value when the interval is exact, else ``None``."""
        return self.lo if self.exact else None

    def __contains__(self, x: object) -> bool:
        if not isinstance(x, int | float | np.integer | np.floating):
            return False
        return self.lo <= float(x) <= self.hi


@dataclass
class LinearSystem:
    """Variables with bounds, tied by linear equations ``sum(coef * x[var]) = rhs``.

    ``suppressed`` lists the variables whose interval the caller wants by default (the audit's
    targets); ``labels`` optionally names variables for messages.
    """

    n_vars: int
    equations: list[Equation] = field(default_factory=list)
    lower: np.ndarray = field(default=cast(np.ndarray, None))  # None: 0 (set after init)
    upper: np.ndarray = field(default=cast(np.ndarray, None))  # None: +inf (set after init)
    suppressed: list[int] = field(default_factory=list)
    labels: list[str] | None = None

    def __post_init__(self) -> None:
        if self.lower is None:
            self.lower = np.zeros(self.n_vars)
        if self.upper is None:
            self.upper = np.full(self.n_vars, np.inf)
        self.lower = np.asarray(self.lower, dtype=float).copy()
        self.upper = np.asarray(self.upper, dtype=float).copy()
        if self.lower.shape != (self.n_vars,) or self.upper.shape != (self.n_vars,):
            raise ValueError(
                f"lower and upper must have shape ({self.n_vars},), got "
                f"{self.lower.shape} and {self.upper.shape}"
            )
        if np.isnan(self.lower).any() or np.isnan(self.upper).any():
            raise ValueError("bounds must not be NaN (use -inf / inf for no bound)")
        for i, (coefs, _rhs) in enumerate(self.equations):
            self._check_equation(i, coefs)

    # -- building -----------------------------------------------------------------------------

    def _check_equation(self, index: int, coefs: Mapping[int, float]) -> None:
        for var in coefs:
            if not 0 <= var < self.n_vars:
                raise ValueError(f"equation {index} refers to variable {var} of {self.n_vars}")

    def add_equation(self, coefs: Mapping[int, float], rhs: float = 0.0) -> int:
        """Append ``sum(coef * x) = rhs``; return its index. Zero coefficients are dropped."""
        clean = {int(k): float(v) for k, v in coefs.items() if v != 0}
        self._check_equation(len(self.equations), clean)
        self.equations.append((clean, float(rhs)))
        return len(self.equations) - 1

    def add_sum(self, total: int, parts: Iterable[int]) -> int:
        """Append ``sum(parts) - total = 0`` (a hierarchy level, a margin, a linked cell)."""
        coefs: dict[int, float] = {}
        for p in parts:
            coefs[p] = coefs.get(p, 0.0) + 1.0
        coefs[total] = coefs.get(total, 0.0) - 1.0
        return self.add_equation(coefs, 0.0)

    def fix(self, var: int, value: float) -> None:
        """Mark ``var`` as published with ``value``."""
        self.lower[var] = self.upper[var] = float(value)

    @classmethod
    def combine(cls, systems: Sequence[LinearSystem]) -> tuple[LinearSystem, list[int]]:
        """Stack several systems (linked tables) into one; return it and each one's offset.

        Variable ``v`` of ``systems[i]`` becomes ``offsets[i] + v``. Link cells that are the same
        quantity in two tables with :meth:`add_equation` (``{a: 1, b: -1}``) or by building the
        tables on shared variables in the first place.
        """
        offsets: list[int] = []
        total = 0
        for s in systems:
            offsets.append(total)
            total += s.n_vars
        equations: list[Equation] = []
        suppressed: list[int] = []
        labels: list[str] | None = (
            [] if all(s.labels is not None for s in systems) and systems else None
        )
        for s, off in zip(systems, offsets, strict=True):
            equations.extend(({k + off: v for k, v in c.items()}, r) for c, r in s.equations)
            suppressed.extend(v + off for v in s.suppressed)
            if labels is not None and s.labels is not None:
                labels.extend(s.labels)
        lower = np.concatenate([s.lower for s in systems]) if systems else np.zeros(0)
        upper = np.concatenate([s.upper for s in systems]) if systems else np.zeros(0)
        return cls(total, equations, lower, upper, suppressed, labels), offsets

    # -- reading ------------------------------------------------------------------------------

    @property
    def n_equations(self) -> int:
        return len(self.equations)

    def matrix(self) -> tuple[sp.csr_matrix, np.ndarray]:
        """The equations as a sparse ``A`` (equations × variables) and right-hand side ``b``."""
        import scipy.sparse as sp

        # typed arrays, not lists of Python numbers: a linked release has millions of entries
        rows, cols, vals = array("q"), array("q"), array("d")
        rhs = np.empty(len(self.equations))
        for i, (coefs, r) in enumerate(self.equations):
            rows.extend(itertools.repeat(i, len(coefs)))
            cols.extend(coefs.keys())
            vals.extend(coefs.values())
            rhs[i] = r
        a = sp.csr_matrix(
            (np.frombuffer(vals, dtype=float) if vals else np.zeros(0),
             (np.frombuffer(rows, dtype=np.int64) if rows else np.zeros(0, dtype=np.int64),
              np.frombuffer(cols, dtype=np.int64) if cols else np.zeros(0, dtype=np.int64))),
            shape=(len(self.equations), self.n_vars),
        )
        a.sum_duplicates()
        a.eliminate_zeros()
        return a, rhs

    def label(self, var: int) -> str:
        """A human name for ``var``: its label when given, else ``x<var>``."""
        if self.labels is not None and 0 <= var < len(self.labels):
            return self.labels[var]
        return f"x{var}"


def _rounded_bounds(
    values: np.ndarray, base: int, floor: float
) -> tuple[np.ndarray, np.ndarray]:
    """Bounds of an integer count published rounded to a multiple of ``base``.

    ``[a - b + 1, a + b - 1]`` covers every rounding scheme that moves a count by less than one
    base (random/controlled rounding and, a fortiori, rounding to the nearest multiple).
    """
    lo = np.maximum(values - base + 1, floor)
    hi = values + base - 1
    return lo, hi


def system_from_array(
    values: np.ndarray,
    margins: bool = True,
    rounding_base: int | None = None,
    *,
    lower_limit: float = 0.0,
    upper_limit: float = np.inf,
    extra_equations: Iterable[Equation] = (),
    labels: Sequence[str] | None = None,
    hierarchies: Mapping[int, Mapping[int, Sequence[int]]] | None = None,
) -> LinearSystem:
    """Build the system of an N-dimensional table; ``NaN`` marks a suppressed cell.

    With ``margins=True`` the last index along every axis is the total of the others along that
    axis (like ``pandas.crosstab(..., margins=True)``), so a 2-D table of ``r × c`` inner cells is
    passed as an ``(r + 1) × (c + 1)`` array; one equation is written per line of every axis,
    totals of totals included (some are redundant, which does no harm). Variable ``i`` is the cell
    ``np.unravel_index(i, values.shape)``.

    ``rounding_base`` says every published number was rounded to that base (an integer count), so
    it becomes the interval of :func:`_rounded_bounds` instead of a fixed value. Suppressed cells
    get ``[lower_limit, upper_limit]``; published values are taken as published, even outside
    that domain (a contradiction then shows up as an infeasible system, not as a silent fix).

    ``hierarchies`` replaces that rule on the axes it names: ``{axis: {parent: children}}``
    says index ``parent`` along ``axis`` is the sum of the indices ``children``, on every line
    along that axis (regions within a country, ``{0: {2: [0, 1], 5: [3, 4], 6: [2, 5]}}``).
    ``extra_equations`` adds any other relation (linked tables, published differences).
    """
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 0:
        raise ValueError("values must have at least one dimension")
    if np.isinf(arr).any():
        raise ValueError("values must be finite or NaN (suppressed)")
    n = arr.size
    flat = arr.ravel()
    suppressed_mask = np.isnan(flat)
    lower = np.full(n, float(lower_limit))
    upper = np.full(n, float(upper_limit))
    pub = ~suppressed_mask
    if rounding_base is not None:
        if rounding_base < 1:
            raise ValueError(f"rounding_base must be a positive integer, got {rounding_base}")
        lo, hi = _rounded_bounds(flat[pub], rounding_base, lower_limit)
        lower[pub], upper[pub] = lo, hi
    else:
        lower[pub] = upper[pub] = flat[pub]
    system = LinearSystem(
        n_vars=n,
        lower=lower,
        upper=upper,
        suppressed=[int(i) for i in np.flatnonzero(suppressed_mask)],
        labels=list(labels) if labels is not None else None,
    )
    if margins or hierarchies:
        for eq in margin_equations(arr.shape, hierarchies, default=margins):
            system.equations.append(eq)
    for coefs, rhs in extra_equations:
        system.add_equation(coefs, rhs)
    return system


def margin_equations(
    shape: Sequence[int],
    hierarchies: Mapping[int, Mapping[int, Sequence[int]]] | None = None,
    *,
    default: bool = True,
) -> list[Equation]:
    """``sum(parts) - total = 0`` on every line along every axis of an array.

    An axis named in ``hierarchies`` uses its ``{parent: children}`` map; any other axis, when
    ``default``, has the last index as the total of the others (lines of length 1 have no
    equation). One equation per line and parent, totals of other axes included.
    """
    shape = tuple(int(s) for s in shape)
    hier = dict(hierarchies or {})
    for axis, tree in hier.items():
        if not 0 <= axis < len(shape):
            raise ValueError(f"hierarchy for axis {axis} of a {len(shape)}-dimensional table")
        for parent, children in tree.items():
            bad = [i for i in (parent, *children) if not 0 <= i < shape[axis]]
            if bad or parent in children:
                raise ValueError(f"axis {axis}: parent {parent} with children {list(children)}")
    idx = np.arange(int(np.prod(shape))).reshape(shape)
    out: list[Equation] = []
    for axis, size in enumerate(shape):
        if axis in hier:
            tree = {int(p): [int(c) for c in ch] for p, ch in hier[axis].items()}
        elif default and size >= 2:
            tree = {size - 1: list(range(size - 1))}
        else:
            continue
        moved = np.moveaxis(idx, axis, -1).reshape(-1, size)
        for line in moved:
            for parent, children in tree.items():
                coefs: dict[int, float] = {}
                for c in children:
                    coefs[int(line[c])] = coefs.get(int(line[c]), 0.0) + 1.0
                coefs[int(line[parent])] = -1.0
                out.append((coefs, 0.0))
    return out
