"""Links the audit can leave out because the tables' own systems already imply them.

A link says two tables' variables are one population count: ``x_a = x_b``. When both are
published cells with one exact value each (``lower == upper == v`` in both systems: no
rounding slack, no exponent printing that the audit may widen), every solution of the two
systems already has ``x_a = v = x_b``: the equation is implied, and a polyhedron does not change
when an implied equation is added or taken away. So every hidden cell's interval is the same
with or without it; only which tables the audit joins changes. Two tables whose only links are
such equal published totals (a practices table and a region x sex table both printing 52) are
then audited apart, each as it would be alone: a finding one table proves by itself is no
longer capped at review as "linked to another table" (``weak_used``), and no finding of one
cites the other. Any other link (a hidden or unpublished total, a rounded or widened value) is
kept: it may narrow a cell. docs/decisions.md, Round 28 (fp29).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sdc.linking import TableSystem


def _fixed(ts: TableSystem, var: int, widened: frozenset[int] | None) -> float | None:
    """The exact value the system gives ``var`` by itself, or None (a bound interval, an
    unstored open-tail variable, a value printed as an exponent the audit may widen, or a
    system whose exponent cells are not known: ``widened`` None)."""
    if widened is None or var >= len(ts.lower) or var in widened:
        return None
    low, high = ts.lower[var], ts.upper[var]
    return float(low) if low == high else None


def _widened(ts: TableSystem) -> frozenset[int] | None:
    """The variables printed in exponent notation (read when the system was made compact),
    or None when they were not read."""
    return None if ts.exponents is None else frozenset(v for v, _, _ in ts.exponents)


def without_implied(links: list[tuple[int, int]], systems: Sequence[TableSystem],
                    offsets: Sequence[int], owner: Any) -> list[tuple[int, int]]:
    """``links`` (global variable pairs) less those joining two exactly published, equal
    values (see the module docstring). ``owner``: each global variable's table (an array)."""
    widened: dict[int, frozenset[int] | None] = {}
    kept = []
    for a, b in links:
        ka, kb = int(owner[a]), int(owner[b])
        for k in (ka, kb):
            if k not in widened:
                widened[k] = _widened(systems[k])
        va = _fixed(systems[ka], a - offsets[ka], widened[ka])
        vb = _fixed(systems[kb], b - offsets[kb], widened[kb])
        if va is None or vb is None or va != vb:
            kept.append((a, b))
    return kept
