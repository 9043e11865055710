"""The audit's programs over targets that share no equation (``_Component._apart_rounds``):
the same intervals as two linear programs per cell, with far fewer programs on large tables."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc.audit import AuditStats, audit, audit_naive, system_from_array


def _table(rng: np.random.Generator, shape: tuple[int, ...], per_cell: float) -> np.ndarray:
    """Counts of independent long-tailed variables (``per_cell`` people a cell on average,
    like the linked cuts of ``benchmarks/bench_scale.py``), totals along every axis, cells
    1..9 suppressed."""
    mean = per_cell * np.prod(shape) * np.ones(shape)
    for axis, n in enumerate(shape):
        w = 1.0 / np.arange(1, n + 1) ** 0.8
        mean = mean * (w / w.sum()).reshape([-1 if a == axis else 1 for a in range(len(shape))])
    out = rng.poisson(mean).astype(float)
    for axis in range(out.ndim):
        out = np.concatenate([out, out.sum(axis=axis, keepdims=True)], axis=axis)
    published = out.copy()
    published[(out > 0) & (out < 10)] = np.nan
    return published


def _same(fast: dict, naive: dict) -> None:
    assert fast.keys() == naive.keys()
    for t, iv in fast.items():
        ref = naive[t]
        assert iv.exact == ref.exact, t
        assert iv.lo == pytest.approx(ref.lo, abs=1e-6), t
        assert iv.hi == pytest.approx(ref.hi, abs=1e-6), t


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.sampled_from([(6, 9), (12, 8), (4, 5, 3)]),
       st.sampled_from([2.0, 8.0, 30.0]), st.sampled_from([None, None, 3]))
def test_long_tailed_tables_match_two_programs_per_cell(seed, shape, scale, base) -> None:
    published = _table(np.random.default_rng(seed), shape, scale)
    if base is not None:  # published counts rounded: every bound an interval
        mask = np.isnan(published)
        published = np.round(np.nan_to_num(published) / base) * base
        published[mask] = np.nan
    system = system_from_array(published, rounding_base=base)
    _same(audit(system), audit_naive(system))


def test_a_large_sparse_table_needs_few_programs() -> None:
    # 30 x 30 with a long tail: 440 hidden cells whose rows and columns all link; 195
    # programs without the rounds over cells apart, 52 with them
    published = _table(np.random.default_rng(14), (30, 30), 20.0)
    system = system_from_array(published)
    stats = AuditStats()
    fast = audit(system, stats=stats)
    assert len(system.suppressed) == 440
    assert stats.linear_programs * 6 < len(system.suppressed)
    # the reference's two programs for every one of the 440 cells took a minute of CI; every
    # fourth cell (110, spread over the table) checks the same rounds, the property test above
    # checks every cell of smaller tables
    sample = sorted(system.suppressed)[::4]
    _same({t: fast[t] for t in sample}, audit_naive(system, sample))
