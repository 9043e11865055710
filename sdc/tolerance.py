"""How far apart two floats may be and still be the same number: a billionth of the larger
magnitude, never less than a billionth.

Sums of printed numbers, a margin beside its cells, a chart's cached value beside its cell:
the same number reached two ways differs in its last bits, not more. One definition, so every
comparison that means "equal as computed" uses the same slack (it was written out inline in a
dozen places, round 31). A comparison that allows for how a number was *printed* adds its own
half unit (``sdc.printed_precision``) to this.
"""

from __future__ import annotations

FLOAT_SLACK = 1e-9  # relative; absolute below 1


def float_slack(*values: float) -> float:
    """``1e-9 * max(1, |v|...)``: the slack of a comparison of numbers of these sizes."""
    return FLOAT_SLACK * max(1.0, *(abs(v) for v in values))


def same_float(a: float, b: float) -> bool:
    """Whether ``a`` and ``b`` are one number computed two ways (symmetric)."""
    return abs(a - b) <= float_slack(a, b)
