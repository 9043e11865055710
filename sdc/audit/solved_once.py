"""The linear programs of a component solved once per audit run, whatever repeats it.

A release that saves each table in several styles (CSV, XLSX, Markdown, HTML, LaTeX) links
the copies into one component; when its links contradict, the suppression audit tries each
pair of tables again over the whole component (``sdc.rules.suppression``), and every try
solved the programs of all 85 tables, the same ones each time: 349 s for ACRO's 17 tables
saved 5 ways (issue 14 §2). The audit splits a system into components that share no
equation (``sdc.audit.solve``); a component's end points are a function of its equations,
their right-hand sides after elimination, its bounds, which unknowns are targets and the
tolerance, and nothing else. So within :func:`solved_once` the end points are kept under a
digest of exactly those numbers, and a component equal in every one of them (a copy of a
table in another style, the same table alone in the next pair's try) takes them instead of
solving again: the programs follow the distinct components, not the files.

Fail closed: a component differing in one coefficient, right-hand side, bound, target or
the order of its unknowns has another key and is solved; only end points are kept (the
derivations are made afresh by the caller for each system), an infeasible component is kept
as infeasible, and nothing outlives the run that opened it. Every number is compared
through its bytes (a 256-bit digest: no two different components share one in practice).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from sdc.audit.system import InfeasibleSystemError, Interval

if TYPE_CHECKING:
    import numpy as np
    import scipy.sparse as sp

# the end points ``(lo, hi)`` by key, or the component's infeasibility (its message, and its
# equations and variables, local to the component); None: outside :func:`solved_once`, every
# component is solved
_Ends = tuple["np.ndarray", "np.ndarray"] | InfeasibleSystemError
# a component's rows weighted to isolate one unknown, and the weights
_Weights = tuple["np.ndarray", "np.ndarray"]
_memo: ContextVar[dict[bytes, Any] | None] = ContextVar("sdc_solved_once", default=None)


@contextmanager
def solved_once() -> Iterator[None]:
    """Within it, a component solved before (equal in every number) is not solved again."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memo_key(sub: sp.csr_matrix, rhs: np.ndarray, bounds: tuple[np.ndarray, np.ndarray],
             targets: np.ndarray, tol: float) -> bytes | None:
    """The digest of everything a component's end points depend on (None: not kept)."""
    if _memo.get() is None:
        return None
    import numpy as np

    digest = hashlib.blake2b(digest_size=32)
    digest.update(np.asarray([*sub.shape, len(sub.data), len(targets)], dtype=np.int64)
                  .tobytes())
    digest.update(np.asarray([tol], dtype=np.float64).tobytes())
    for part in (sub.indptr, sub.indices, targets):
        digest.update(np.ascontiguousarray(part, dtype=np.int64).tobytes())
    for part in (sub.data, rhs, *bounds):
        digest.update(np.ascontiguousarray(part, dtype=np.float64).tobytes())
    return digest.digest()


def solved_before(key: bytes | None) -> tuple[np.ndarray, np.ndarray] | None:
    """The end points kept under ``key`` (copies: the caller may write into them); raises
    the component's infeasibility again when that is what was kept."""
    memo = _memo.get()
    got = None if key is None or memo is None else memo.get(key)
    if got is None:
        return None
    if isinstance(got, InfeasibleSystemError):
        raise InfeasibleSystemError(str(got), equations=got.equations,
                                    variables=got.variables)
    return got[0].copy(), got[1].copy()


def remember(key: bytes | None, ends: tuple[np.ndarray, np.ndarray] | InfeasibleSystemError
             ) -> None:
    """Keep a component's end points (or its infeasibility) under ``key``."""
    memo = _memo.get()
    if key is not None and memo is not None:
        memo[key] = ends if isinstance(ends, InfeasibleSystemError) else (ends[0].copy(),
                                                                         ends[1].copy())


def weights_key(sub: sp.csr_matrix) -> bytes | None:
    """The digest of a component's matrix, under which the weights isolating each of its
    unknowns are kept (None: outside :func:`solved_once`, not kept). Those weights
    (``sdc.audit.rank.isolating_weights``) are a function of the matrix and the unknown alone:
    a copy's component, or the same component in the next try's system, takes them instead of
    factorising its neighbourhoods again (issue 14 §2: ~60% of a 100-output release's audit)."""
    if _memo.get() is None:
        return None
    import numpy as np

    digest = hashlib.blake2b(digest_size=32, person=b"sdc-weights")
    digest.update(np.asarray(sub.shape, dtype=np.int64).tobytes())
    for part in (sub.indptr, sub.indices):
        digest.update(np.ascontiguousarray(part, dtype=np.int64).tobytes())
    digest.update(np.ascontiguousarray(sub.data, dtype=np.float64).tobytes())
    return digest.digest()


def kept_weights(key: bytes | None, loc: int, find: Callable[[], _Weights | None]
                 ) -> _Weights | None:
    """The weights isolating unknown ``loc`` of the matrix digested as ``key`` (its rows, their
    weights): kept ones, or ``find()``'s, kept (the caller does not write into them)."""
    memo = _memo.get()
    if key is None or memo is None:
        return find()
    at = key + loc.to_bytes(8, "little", signed=False)
    if at in memo:
        return memo[at]
    memo[at] = found = find()
    return found


QR_BUDGET = 64 * 2**20  # bytes of factorisations kept for a run, at most
_QR_ROOM = b"room left for factorisations"


def kept_factorisation(at: np.ndarray, factorise: Callable[[np.ndarray], tuple[Any, ...]]
                       ) -> tuple[Any, ...]:
    """``factorise(at)`` (``sdc.audit.rank``'s QR of a dense ``A.T``), kept for the run under
    the digest of ``at``'s shape and numbers: a function of them alone. The neighbourhoods of
    a hidden cell searched for its derivation are the same few equations in the next try's
    system and in a copy's, and their QR was ~60% of a 100-output release's audit (issue 14
    §2). At most :data:`QR_BUDGET` bytes are kept; past it each is made afresh. The parts are
    shared: the caller does not write into them."""
    memo = _memo.get()
    if memo is None:
        return factorise(at)
    import numpy as np

    digest = hashlib.blake2b(digest_size=32, person=b"sdc-qr")
    digest.update(np.asarray(at.shape, dtype=np.int64).tobytes())
    digest.update(np.ascontiguousarray(at, dtype=np.float64).tobytes())
    key = digest.digest()
    got = memo.get(key)
    if got is None:
        got = factorise(at)
        size = sum(part.nbytes for part in got)
        room = memo.get(_QR_ROOM, QR_BUDGET)
        if size <= room:
            memo[key] = got
            memo[_QR_ROOM] = room - size
    return got


def by_pieces(a: sp.csr_matrix, rhs: np.ndarray, lower: np.ndarray, upper: np.ndarray,
              targets: list[int], tol: float,
              solve: Callable[..., dict[int, Interval]], **options: Any) -> dict[int, Interval]:
    """``solve`` (the audit of a matrix) of each piece of ``a @ x = rhs`` that shares no
    equation or variable with another, a piece solved before within :func:`solved_once` not
    solved again; the intervals as the whole system's audit gives them.

    Why the same: no equation of one piece holds a variable of another, so elimination, the
    rank checks and the programs of a piece read nothing of the others; each piece keeps its
    rows and columns in the whole system's order and each row's entries in their stored order
    (the sums and the elimination's queue run alike), the tolerance is the whole system's
    (``tol``), and its targets keep their order. Its derivations are mapped back to the whole
    system's rows. A piece that is infeasible or whose solver fails is not answered so: the
    whole system is solved instead, as before, and raises as it did.

    Why: the suppression audit's tries each add a link or a pinned number to a component of
    many tables; every other table is a piece equal to the one the last try solved, and a
    table's copy in another style a piece equal to the table's (issue 14 §2)."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    from sdc.audit.intervals import bounds_audit
    from sdc.audit.system import AuditError

    memo = _memo.get()
    n_rows, n_vars = a.shape
    if memo is None or n_rows == 0:
        return solve(a, rhs, lower, upper, targets, tol=tol, **options)
    # rows and variables as the nodes of one graph, each row's edges to its variables (read
    # both ways: ``directed=False``), made as one CSR block: ``sp.bmat`` of the pattern and its
    # transpose cost each of a release's many small systems more than the rest of the split
    nodes = n_rows + n_vars
    indptr = np.concatenate([a.indptr, np.full(n_vars, a.indptr[-1], dtype=a.indptr.dtype)])
    graph = sp.csr_matrix((np.ones(len(a.indices), dtype=np.int8), a.indices + n_rows, indptr),
                          shape=(nodes, nodes))
    n_comp, labels = connected_components(graph, directed=False)
    row_label, col_label = labels[:n_rows], labels[n_rows:]
    with_rows = np.unique(row_label)
    if len(with_rows) < 2:  # one piece: nothing to share
        return solve(a, rhs, lower, upper, targets, tol=tol, **options)
    row_order = np.argsort(row_label, kind="stable")
    col_order = np.argsort(col_label, kind="stable")
    row_ends = np.searchsorted(row_label[row_order], np.arange(n_comp + 1))
    col_ends = np.searchsorted(col_label[col_order], np.arange(n_comp + 1))
    rows_first = a[row_order]  # a gather of rows keeps each row's entries in their order
    position = np.empty(n_vars, dtype=np.int64)
    position[col_order] = np.arange(n_vars)
    local_cols = position[rows_first.indices]
    target_order = {t: n for n, t in enumerate(targets)}
    found: dict[int, Interval] = {}
    loose: list[int] = []  # variables in no equation: their bounds
    for p in range(n_comp):
        r0, r1 = int(row_ends[p]), int(row_ends[p + 1])
        c0, c1 = int(col_ends[p]), int(col_ends[p + 1])
        cols = col_order[c0:c1]
        if r0 == r1:
            loose.extend(cols.tolist())
            continue
        rows = row_order[r0:r1]
        start, stop = int(rows_first.indptr[r0]), int(rows_first.indptr[r1])
        indptr = rows_first.indptr[r0:r1 + 1] - start
        indices = local_cols[start:stop] - c0
        data = rows_first.data[start:stop]
        local = sorted((n for n, v in enumerate(cols.tolist()) if v in target_order),
                       key=lambda n: target_order[int(cols[n])])
        key = _piece_key(indptr, indices, data, rhs[rows], lower[cols], upper[cols],
                         np.asarray(local, dtype=np.int64), tol, options)
        got = memo.get(key)
        if got is None:
            sub = sp.csr_matrix((data, indices, indptr), shape=(r1 - r0, c1 - c0))
            try:
                got = solve(sub, rhs[rows], lower[cols], upper[cols], local, tol=tol,
                            **options)
            except AuditError as exc:
                got = exc
            memo[key] = got
        if isinstance(got, InfeasibleSystemError):  # so is the whole system
            raise InfeasibleSystemError(
                f"{got} (in a part of the system that shares nothing with the rest)",
                equations=[int(rows[e]) for e in got.equations],
                variables=[int(cols[v]) for v in got.variables])
        if isinstance(got, BaseException):  # a solver's failure: the whole, as before
            return solve(a, rhs, lower, upper, targets, tol=tol, **options)
        rows_of = rows.tolist()
        for n, interval in got.items():
            found[int(cols[n])] = _in_rows(interval, rows_of)
    if loose:
        loose_at = np.asarray(loose, dtype=np.int64)
        local_loose = [n for n, v in enumerate(loose) if v in target_order]
        for n, interval in bounds_audit(lower[loose_at], upper[loose_at],
                                        local_loose).items():
            found[loose[n]] = interval
    return {t: found[t] for t in targets}


def _piece_key(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, rhs: np.ndarray,
               lower: np.ndarray, upper: np.ndarray, targets: np.ndarray, tol: float,
               options: dict[str, Any]) -> bytes:
    import numpy as np

    digest = hashlib.blake2b(digest_size=32, person=b"sdc-piece")
    digest.update(repr(sorted(options.items())).encode())
    digest.update(np.asarray([len(indptr), len(indices), len(lower), len(targets)],
                             dtype=np.int64).tobytes())
    digest.update(np.asarray([tol], dtype=np.float64).tobytes())
    for part in (indptr, indices, targets):
        digest.update(np.ascontiguousarray(part, dtype=np.int64).tobytes())
    for part in (data, rhs, lower, upper):
        digest.update(np.ascontiguousarray(part, dtype=np.float64).tobytes())
    return digest.digest()


def _in_rows(interval: Interval, rows: list[int]) -> Interval:
    """A piece's interval with its equations named as the whole system's rows."""
    derivation = None if interval.derivation is None else [rows[e] for e in interval.derivation]
    combination = None if interval.combination is None else {
        rows[e]: w for e, w in interval.combination.items()}
    return Interval(interval.lo, interval.hi, exact=interval.exact, derivation=derivation,
                    combination=combination)
