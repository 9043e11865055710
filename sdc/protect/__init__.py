"""Make a failing table safe: primary and secondary suppression, or rounding, that pass
``sdc check``'s own audit. See :func:`sdc.protect.protection.protect` and ``docs/protect.md``."""

from sdc.protect.array import ArrayProtection, protect_array
from sdc.protect.problem import ProtectionError
from sdc.protect.protection import (
    METHODS,
    Decision,
    MeasureReport,
    ProtectError,
    ProtectResult,
    protect,
    solve_pattern,
)

__all__ = [
    "METHODS",
    "ArrayProtection",
    "Decision",
    "MeasureReport",
    "ProtectError",
    "ProtectResult",
    "ProtectionError",
    "protect",
    "protect_array",
    "solve_pattern",
]
