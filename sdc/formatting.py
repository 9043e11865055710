"""How numbers appear in finding messages."""

from __future__ import annotations


def fmt_number(value: float) -> str:
    """``3`` for whole numbers, shortest general form otherwise (``12.5``)."""
    value = float(value)
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return f"{value:g}"
