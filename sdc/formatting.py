"""How numbers appear in finding messages."""

from __future__ import annotations

import math


def fmt_number(value: float) -> str:
    """``3`` for whole numbers, shortest general form otherwise (``12.5``); ``inf``/``-inf``
    for unbounded ends of an interval (an unbounded suppressed cell must not crash a rule)."""
    value = float(value)
    if not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return f"{value:g}"
