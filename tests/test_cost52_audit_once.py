"""Round 52 (cost52): the audit's groups read once, from the matrix's own arrays.

``components`` and ``_in_no_equation`` read the stored entries of the equations' rows straight
from the CSR arrays (no ``a[eqs][:, unknowns]`` and ``bmat``); their answers must be those of
the sub-matrix construction they replace, explicit zeros and unsorted indices included. The
audit splits its unknowns into groups once when the rank check fixes nothing (before, a second
time, to the same groups), and again only after it fixed some.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from sdc.audit import presolve, solve
from sdc.audit.presolve import components, stored_entries
from sdc.audit.solve import _in_no_equation, audit_matrix


def _components_by_slices(a: sp.csr_matrix, eqs: np.ndarray, unknowns: np.ndarray
                          ) -> list[tuple[np.ndarray, np.ndarray]]:
    """The construction ``components`` used before round 52: the sub-matrix by fancy
    slicing, its pattern as a bipartite graph by ``bmat``."""
    r, k = len(eqs), len(unknowns)
    if k == 0:
        return []
    sub = a[eqs][:, unknowns].tocsr() if r else sp.csr_matrix((0, k))
    pattern = sub.copy()
    pattern.data = np.ones_like(pattern.data)
    graph = (sp.bmat([[None, pattern], [pattern.T, None]], format="csr") if r
             else sp.csr_matrix((k, k)))
    n, labels = connected_components(graph, directed=False)
    eq_labels, var_labels = (labels[:r], labels[r:]) if r else (np.zeros(0, int), labels)
    out = []
    for c in range(n):
        vs = unknowns[var_labels == c]
        if vs.size:
            out.append((eqs[eq_labels == c], vs))
    return out


def _random_system(seed: int) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(0, 25)), int(rng.integers(1, 35))
    a = sp.random(m, n, density=float(rng.uniform(0.02, 0.3)), format="csr",
                  random_state=seed)
    a.data = np.round(a.data * 4) - 1  # -1, 0 (a stored zero), 1, 2, 3
    if seed % 3 == 0:  # indices out of order within each row
        for i in range(m):
            lo, hi = a.indptr[i], a.indptr[i + 1]
            perm = rng.permutation(hi - lo)
            a.indices[lo:hi] = a.indices[lo:hi][perm]
            a.data[lo:hi] = a.data[lo:hi][perm]
        a.has_sorted_indices = False
    eqs = np.flatnonzero(rng.random(m) < 0.7).astype(np.int64)
    unknowns = np.flatnonzero(rng.random(n) < 0.6).astype(np.int64)
    return a, eqs, unknowns


def test_components_as_the_sliced_sub_matrix() -> None:
    for seed in range(300):
        a, eqs, unknowns = _random_system(seed)
        got = components(a, eqs, unknowns)
        want = _components_by_slices(a, eqs, unknowns)
        assert [(e.tolist(), v.tolist()) for e, v in got] == \
            [(e.tolist(), v.tolist()) for e, v in want], seed


def test_in_no_equation_as_the_sliced_sub_matrix() -> None:
    for seed in range(300):
        a, eqs, unknowns = _random_system(seed)
        alone, held = _in_no_equation(a, eqs, unknowns)
        if len(unknowns) and len(eqs):
            in_some = np.diff(a[eqs][:, unknowns].tocsc().indptr) > 0
            assert held.tolist() == unknowns[in_some].tolist(), seed
            assert alone.tolist() == unknowns[~in_some].tolist(), seed
        else:
            assert alone.tolist() == unknowns.tolist() and held.tolist() == [], seed


def test_stored_entries_keep_stored_zeros() -> None:
    a = sp.csr_matrix((np.array([1.0, 0.0, 2.0]), np.array([2, 0, 1]), np.array([0, 2, 3])),
                      shape=(2, 3))  # row 0 holds column 2 and a stored zero at column 0
    rows, cols = stored_entries(a, np.array([1, 0], dtype=np.int64))
    assert rows.tolist() == [0, 1, 1] and cols.tolist() == [1, 2, 0]


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = presolve.components

    def counted(*args: object) -> object:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(solve, "components", counted)
    return calls


def test_groups_made_once_when_the_rank_check_fixes_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A 2 x 2 table with its totals and all four inner cells hidden: no combination of its
    equations isolates a cell (each is 0..min(row, column total)), so the groups the rank
    check read are those the programs read. Before round 52 they were made twice."""
    # x0 + x1 = 5, x2 + x3 = 7, x0 + x2 = 6, x1 + x3 = 6
    a = sp.csr_matrix(np.array([[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [0, 1, 0, 1]],
                               dtype=float))
    rhs = np.array([5.0, 7.0, 6.0, 6.0])
    calls = _counting(monkeypatch)
    stats = solve.AuditStats()
    got = audit_matrix(a, rhs, np.zeros(4), np.full(4, np.inf), [0, 1, 2, 3], stats=stats,
                       time_limit=60.0)
    assert stats.rank_steps == 0
    assert len(calls) == 1
    assert [(got[t].lo, got[t].hi) for t in range(4)] == [(0, 5), (0, 5), (1, 6), (1, 6)]


def test_groups_made_again_after_the_rank_check_fixed_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """x0 + x1 = 4, x1 + x2 = 6, x0 - x2 + x3 = 1: the third less the first plus the second
    isolates x3 (= 1 - 4 + 6 = 3) though every equation holds two unknowns or more, so the
    rank check fixes it and the groups are made again from what is left."""
    a = sp.csr_matrix(np.array([[1, 1, 0, 0], [0, 1, 1, 0], [1, 0, -1, 1]], dtype=float))
    rhs = np.array([4.0, 6.0, 1.0])
    calls = _counting(monkeypatch)
    stats = solve.AuditStats()
    got = audit_matrix(a, rhs, np.full(4, -10.0), np.full(4, 10.0), [0, 1, 2, 3],
                       stats=stats, time_limit=60.0)
    assert stats.rank_steps >= 1
    assert len(calls) == 2
    assert (got[3].lo, got[3].hi) == (3, 3)  # x3 = 1 - (x0 + x1) + (x1 + x2) = 1 - 4 + 6


def test_direct_dependencies_as_the_sliced_product() -> None:
    """An unknown's dependencies read from the matrix's arrays: the coefficients of
    ``a[eqs].T @ w`` to the last bit (the same products added in the same order)."""
    rng = np.random.default_rng(52)
    for seed in range(200):
        a, _, _ = _random_system(seed)
        m, n = a.shape
        if m == 0:
            continue
        a.data = a.data * rng.uniform(0.1, 3.0, size=a.nnz)  # weights that do not add exactly
        elim = presolve.Elimination(a, np.zeros(m), np.full(n, -np.inf), np.full(n, np.inf),
                                    1e-9)
        eqs = rng.permutation(m)[: int(rng.integers(1, m + 1))]
        w = rng.uniform(-2.0, 2.0, size=len(eqs))
        j = n  # a stand-in for the unknown explained, determined after every column
        elim.sources[j] = dict(zip(eqs.tolist(), w.tolist(), strict=True))
        elim.step[j] = n
        elim._step_of = np.arange(n, dtype=np.int64)
        c = a[eqs].T @ w
        want = {int(k): float(c[k]) for k in np.flatnonzero(np.abs(c) > 1e-12)}
        assert elim._direct_dependencies(j) == want, seed
