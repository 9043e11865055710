"""Audit of suppressed cells: the interval an attacker can derive for each from published tables.

Build a :class:`LinearSystem` (one variable per cell, additivity as equations, what was published
as bounds), e.g. with :func:`system_from_array` (N-D tables with margins, hierarchies, rounding),
or several with :meth:`LinearSystem.combine` for linked tables, then call :func:`audit`. Exact
(zero-width) intervals are disclosures (SDC501) and carry the equations that give them; the others
are compared with protection intervals (SDC502). See :mod:`sdc.audit.solve` for the method.

Names are imported on first use (``sdc.lazy``): the solver's scipy and HiGHS load only when an
audit runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdc.lazy import lazy_exports

__all__ = [
    "AuditError",
    "AuditStats",
    "AuditTimeout",
    "InfeasibleSystemError",
    "Interval",
    "LinearSystem",
    "audit",
    "audit_matrix",
    "audit_naive",
    "margin_equations",
    "system_from_array",
]

_SOLVE = ("AuditStats", "AuditTimeout", "audit", "audit_matrix", "audit_naive")
__getattr__, __dir__ = lazy_exports(__name__, {
    name: "sdc.audit.solve" if name in _SOLVE else "sdc.audit.system" for name in __all__})

if TYPE_CHECKING:
    from sdc.audit.solve import AuditStats, AuditTimeout, audit, audit_matrix, audit_naive
    from sdc.audit.system import (
        AuditError,
        InfeasibleSystemError,
        Interval,
        LinearSystem,
        margin_equations,
        system_from_array,
    )
