"""Which unknowns a combination of equations isolates, and with which weights.

Unknown ``j`` of ``A x = b`` is determined exactly when the unit vector ``e_j`` lies in the row
space of ``A`` (then ``y.T @ A = e_j`` for some weights ``y`` and ``x_j = y @ b``), whatever
the bounds. Two questions, answered separately because they scale differently:

* *which* unknowns: a dense QR factorisation for small components; for large ones a random vector
  projected onto the null space of ``A`` by sparse least squares (its ``j``-th entry is zero for a
  determined unknown and, with probability one, nonzero for the others). A miss only sends the
  cell to the linear programs, which still find its width zero.
* *which weights*: searched in growing neighbourhoods of the unknown (the equations that contain it,
  then those sharing an unknown with them, ...), so an explanation uses a few nearby margins
  rather than every equation of the table.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

__all__ = ["Neighbourhoods", "isolating_weights", "row_space_members", "surely_outside"]


def _la() -> Any:
    """``scipy.linalg``, imported where a factorisation is made: with ``scipy.sparse.linalg``
    ~0.15 s of a one-table check that never solves a system (its import alone, sources
    compiled; ~0.08 s from bytecode), as a long table with no totals has none."""
    import scipy.linalg

    return scipy.linalg


def _lsqr(*args: Any, **kwargs: Any) -> Any:
    """``scipy.sparse.linalg.lsqr``, imported at first use (see :func:`_la`)."""
    from scipy.sparse.linalg import lsqr

    return lsqr(*args, **kwargs)

DENSE_LIMIT = 1_500_000  # matrix entries up to which the dense QR classification is used
LOCAL_LIMIT = 300  # equations up to which a neighbourhood is searched for local weights
_LEVERAGE_TOL = 1e-9


def _qr_row_space(at: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Orthonormal basis ``Q1`` of ``range(at)``, its triangle ``R11``, pivots, and leverages.

    ``at`` is ``A.T`` (unknowns × equations). Row ``j`` of ``Q1`` has unit norm exactly when
    ``e_j`` is in the range.
    """
    q, rr, piv = _la().qr(at, mode="economic", pivoting=True)
    diag = np.abs(np.diag(rr))
    if diag.size == 0 or diag[0] == 0:
        empty = np.zeros((at.shape[0], 0))
        return empty, np.zeros((0, 0)), piv[:0], np.zeros(at.shape[0])
    rank = int(np.count_nonzero(diag > diag[0] * 1e-10 * max(at.shape)))
    q1 = q[:, :rank]
    return q1, rr[:rank, :rank], piv[:rank], np.einsum("ij,ij->i", q1, q1)


def _kept_qr(at: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_qr_row_space`, made once per equal matrix within an audit run
    (``sdc.audit.solved_once.kept_factorisation``)."""
    from sdc.audit.solved_once import kept_factorisation

    return kept_factorisation(at, _qr_row_space)


def _weights_from_qr(
    q1: np.ndarray, r11: np.ndarray, piv: np.ndarray, n_eq: int, loc: int
) -> np.ndarray:
    """A basic solution ``y`` of ``A.T @ y = e_loc`` (only pivot equations used)."""
    y = np.zeros(n_eq)
    y[piv] = _la().solve_triangular(r11, q1[loc])
    return y


def surely_outside(a: sp.csr_matrix) -> np.ndarray:
    """Columns that no combination of the equations isolates, seen from the pattern alone:
    a column whose every equation holds another column found in no other equation (a line
    without a published total, and its virtual total), or a column of one equation beside
    such a column (the virtual total itself). Each has a direction of the null space that
    moves it, so ``e_j`` is outside the row space."""
    csr, csc = a.tocsr(), a.tocsc()
    r, k = a.shape
    in_eqs = np.diff(csc.indptr)
    private = in_eqs == 1
    rows = np.repeat(np.arange(r), np.diff(csr.indptr))
    cols = csr.indices
    n_private = np.bincount(rows, weights=private[cols], minlength=r)
    partnered = n_private[rows] - private[cols] >= 1  # entry (e, j): e has a private j' != j
    lacking = np.bincount(cols[~partnered], minlength=k)  # equations of j with no partner
    outside = (lacking == 0) & (in_eqs > 0)
    # entry (e, q): every equation of q but e has a partner, so a private column of e moves
    # with q (q's other equations balanced by their partners)
    carries = lacking[cols] - ~partnered == 0
    n_carries = np.bincount(rows, weights=carries, minlength=r)
    beside = private[cols] & (n_carries[rows] - carries >= 1)
    outside[cols[beside]] = True
    return outside


def row_space_members(a: sp.csr_matrix, seed: int = 0) -> np.ndarray:
    """Boolean mask of the unknowns (columns of ``a``) that the equations determine."""
    r, k = a.shape
    if r == 0 or k == 0:
        return np.zeros(k, dtype=bool)
    if surely_outside(a).all():  # a long table without totals: no factorisation needed
        return np.zeros(k, dtype=bool)
    if r * k <= DENSE_LIMIT:
        *_, leverage = _kept_qr(a.T.toarray())
        return leverage > 1 - _LEVERAGE_TOL
    at = a.T.tocsr()
    rng = np.random.default_rng(seed)
    members = np.ones(k, dtype=bool)
    for _ in range(2):
        z = rng.standard_normal(k)
        w = _lsqr(at, z, atol=1e-13, btol=1e-13, iter_lim=20 * (r + k))[0]
        v = z - at @ w  # the part of z orthogonal to the row space
        members &= np.abs(v) <= 1e-7 * max(1.0, float(np.abs(z).max()))
    return members


def _check(at: sp.csr_matrix | np.ndarray, y: np.ndarray, loc: int) -> bool:
    resid = at @ y
    resid[loc] -= 1.0
    return float(np.max(np.abs(resid), initial=0.0)) <= 1e-8


def _gather(indptr: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Positions in a compressed matrix's ``indices``/``data`` of the given rows (or columns)."""
    starts, ends = indptr[items], indptr[items + 1]
    if items.size == 1:
        return np.arange(starts[0], ends[0])
    return np.concatenate([np.arange(b, e) for b, e in zip(starts, ends, strict=True)])


class Neighbourhoods:
    """The factorised neighbourhoods of one matrix, kept while its unknowns are searched one
    after another: two unknowns whose neighbourhoods hold the same equations share the same
    sub-matrix and so the same factorisation (a line's cells meet at their margins), which is
    then made once. What the search returns is unchanged: the same input gives the same QR.
    At most ``budget_bytes`` of dense matrices are kept; past it, each is made afresh."""

    def __init__(self, a: sp.csr_matrix, budget_bytes: int = 32 * 2**20) -> None:
        self.csc = a.tocsc()
        self._kept: dict[bytes, tuple[np.ndarray, ...]] = {}
        self._room = budget_bytes
        # the matrix's digest, under which its weights are kept for the run
        # (``sdc.audit.solved_once.weights_key``; None: not kept)
        self.key: bytes | None = None

    def get(self, eq_list: np.ndarray) -> tuple[np.ndarray, ...] | None:
        return self._kept.get(eq_list.tobytes())

    def keep(self, eq_list: np.ndarray, parts: tuple[np.ndarray, ...]) -> None:
        size = sum(p.nbytes for p in parts)
        if size <= self._room:
            self._kept[eq_list.tobytes()] = parts
            self._room -= size


def _local_parts(a: sp.csr_matrix, eq_list: np.ndarray) -> tuple[np.ndarray, ...]:
    """The unknowns of equations ``eq_list``, their dense ``A.T`` and its QR parts."""
    pos = _gather(a.indptr, eq_list)
    var_list, col = np.unique(a.indices[pos], return_inverse=True)
    row = np.repeat(np.arange(eq_list.size), np.diff(a.indptr)[eq_list])
    at = np.zeros((var_list.size, eq_list.size))
    at[col, row] = a.data[pos]
    return (var_list, at, *_kept_qr(at))


def isolating_weights(
    a: sp.csr_matrix,
    loc: int,
    a_csc: sp.csc_matrix | None = None,
    *,
    local_limit: int = LOCAL_LIMIT,
    fallback: bool = True,
    seen: Neighbourhoods | None = None,
) -> np.ndarray | None:
    """Weights ``y`` (one per row of ``a``) with ``a.T @ y = e_loc``, few of them nonzero.

    Searches neighbourhoods of growing radius around unknown ``loc``, up to ``local_limit``
    equations; beyond that, with ``fallback``, uses the whole matrix (dense QR when small, else
    the minimum-norm least-squares solution). ``None`` when no such weights exist (or none
    within the limit when not falling back). ``seen``: the matrix's neighbourhoods already
    factorised, when several of its unknowns are searched.
    """
    r, k = a.shape
    csc = a_csc if a_csc is not None else (seen.csc if seen is not None else a.tocsc())
    in_eqs = np.zeros(r, dtype=bool)
    in_vars = np.zeros(k, dtype=bool)
    frontier = np.array([loc])
    in_vars[loc] = True
    while True:
        new_eqs = np.unique(csc.indices[_gather(csc.indptr, frontier)])
        new_eqs = new_eqs[~in_eqs[new_eqs]]
        if new_eqs.size == 0:
            return None  # the whole component was searched
        in_eqs[new_eqs] = True
        eq_list = np.flatnonzero(in_eqs)
        if eq_list.size > local_limit:
            if not fallback:
                return None
            break
        parts = seen.get(eq_list) if seen is not None else None
        if parts is None:
            parts = _local_parts(a, eq_list)
            if seen is not None:
                seen.keep(eq_list, parts)
        var_list, at, q1, r11, piv, leverage = parts
        li = int(np.searchsorted(var_list, loc))
        if leverage[li] > 1 - _LEVERAGE_TOL:
            y_local = _weights_from_qr(q1, r11, piv, eq_list.size, li)
            if _check(at, y_local, li):
                y = np.zeros(r)
                y[eq_list] = y_local
                return y
        frontier = var_list[~in_vars[var_list]]
        in_vars[var_list] = True
        if frontier.size == 0:
            return None
    at_full = a.T.tocsr()
    if r * k <= DENSE_LIMIT:
        q1, r11, piv, leverage = _kept_qr(at_full.toarray())
        if leverage[loc] <= 1 - _LEVERAGE_TOL:
            return None
        y = _weights_from_qr(q1, r11, piv, r, loc)
    else:
        e = np.zeros(k)
        e[loc] = 1.0
        y = _lsqr(at_full, e, atol=1e-14, btol=1e-14, iter_lim=20 * (r + k))[0]
    return y if _check(at_full, y, loc) else None
