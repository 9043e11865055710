"""Independent parts of a suppression problem, solved apart (and in parallel with ``-j``).

Cells that share no equation, directly or through other cells, cannot tell anything about each
other: the audit's interval of a cell depends only on its component, and the cost of a pattern
is the sum over components. So each component is a problem of its own (smaller MILPs, smaller
models), and the union of safe (optimal) patterns is safe (optimal). A long table of several
independent sub-tables, or a workbook's blocks, split this way.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from sdc import pool as pools
from sdc.protect.deadline import Deadline
from sdc.protect.pattern import Pattern
from sdc.protect.problem import SuppressionProblem

# (problem, deadline) -> pattern; a module-level function when run in a pool
Solver = Callable[[SuppressionProblem, Deadline], Pattern]


def split(problem: SuppressionProblem) -> list[np.ndarray]:
    """The cells of each component that holds a hidden cell, in order (cells in no equation
    with a hidden cell need nothing). One component: ``[all cells]``."""
    a = problem.matrix
    m, n = a.shape
    coo = a.tocoo()
    graph = sp.coo_matrix((np.ones(coo.nnz), (coo.row, m + coo.col)), shape=(m + n, m + n))
    _, label = connected_components(graph, directed=False)
    cell_label = label[m:].copy()
    cell_label[np.diff(a.tocsc().indptr) == 0] = -1  # in no equation: all in one part
    wanted = np.unique(cell_label[problem.fixed])
    parts = [np.flatnonzero(cell_label == lab) for lab in wanted]
    if len(parts) <= 1:
        return [np.arange(n)]
    return parts


def subproblem(problem: SuppressionProblem, cells: np.ndarray) -> SuppressionProblem:
    """The problem restricted to ``cells`` (a union of components: no equation is cut)."""
    local = {int(c): i for i, c in enumerate(cells)}
    equations = [({local[j]: c for j, c in coefs.items()}, rhs)
                 for coefs, rhs in problem.equations if next(iter(coefs)) in local]
    return SuppressionProblem(
        values=problem.values[cells], equations=equations, lower=problem.lower[cells],
        upper=problem.upper[cells], pub_lo=problem.pub_lo[cells], pub_hi=problem.pub_hi[cells],
        fixed=problem.fixed[cells], primary=problem.primary[cells],
        allowed=problem.allowed[cells], up_req=problem.up_req[cells],
        down_req=problem.down_req[cells], exact_req=problem.exact_req[cells],
        small=problem.small[cells], cost=problem.cost[cells],
        labels=[problem.labels[int(c)] for c in cells], grid=None,
        down_clear=None if problem.down_clear is None else problem.down_clear[cells])


def merge(problem: SuppressionProblem, parts: list[np.ndarray], patterns: list[Pattern]
          ) -> Pattern:
    """One pattern over the whole problem from the components' patterns."""
    suppressed = problem.fixed.copy()
    protects: dict[int, list[int]] = {}
    unresolved: list[int] = []
    stats: dict[str, float] = {"components": float(len(parts))}
    for cells, pat in zip(parts, patterns, strict=True):
        suppressed[cells] = pat.suppressed
        for j, vs in pat.protects.items():
            protects[int(cells[j])] = [int(cells[v]) for v in vs]
        unresolved.extend(int(cells[v]) for v in pat.unresolved)
        for key, value in pat.stats.items():
            stats[key] = max(stats.get(key, 0.0), value) if key == "timed_out" \
                else stats.get(key, 0.0) + value
    bounds = [p.lower_bound for p in patterns]
    methods = sorted({p.method for p in patterns})
    return Pattern(
        suppressed=suppressed, method="+".join(methods) if len(methods) > 1 else methods[0],
        cost=float(sum(p.cost for p in patterns)), optimal=all(p.optimal for p in patterns),
        lower_bound=None if any(b is None for b in bounds) else float(sum(bounds)),  # type: ignore[arg-type]
        protects=protects, unresolved=sorted(unresolved), stats=stats)


def _run(args: tuple[Solver, SuppressionProblem, float | None]) -> Pattern:
    solver, sub, seconds = args
    return solver(sub, Deadline(seconds))


def solve_components(problem: SuppressionProblem, solver: Solver, deadline: Deadline,
                     jobs: int = 1) -> Pattern | None:
    """``solver`` on each component (``jobs`` processes at once); ``None`` when the problem is
    one component (solve it whole)."""
    parts = split(problem)
    if len(parts) == 1:
        return None
    subs = [subproblem(problem, cells) for cells in parts]
    patterns: list[Pattern] | None = None
    if jobs > 1:
        left = None if deadline.seconds is None else deadline.left()
        try:
            with pools.executor(min(jobs, len(subs)), pools.start_context()) as pool:
                # the workers fork as the items are submitted: under ``forking`` (gc frozen),
                # as the check's pools fork, so no young collection in either process walks
                # the objects they share (each walk writes pages the other then copies)
                with pools.forking():
                    done = pool.map(_run, [(solver, s, left) for s in subs])
                patterns = list(done)
        except (BrokenProcessPool, OSError):
            patterns = None  # a broken pool is redone here, serially
    if patterns is None:
        patterns = [solver(s, deadline) for s in subs]
    if any(p.stats.get("timed_out") for p in patterns):
        deadline.reached = True  # (a worker's clock: tell the caller's)
    return merge(problem, parts, patterns)
