"""The attacker's reach in a 2-D count table with both margins, as a maximum flow.

Flip the sign of the cells in the total row and in the total column (the grand total keeps its
sign): every line equation then says "the flows at this node sum to zero", so the movements
that keep all totals form a circulation on the bipartite graph rows × columns, one edge per
cell. How far a suppressed cell ``p = (r, c)`` can move is the flow its edge can carry: its own
capacity, capped by the maximum flow back from ``c`` to ``r`` through the other movable cells.
This is the same number as the attacker's linear program (network LPs have integral optima) and
costs milliseconds, so the heuristic can check every primary on tables of 100,000 cells.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import maximum_flow

from sdc.protect.problem import SuppressionProblem

CAP_LIMIT = 2**30  # maximum_flow takes 32-bit integer capacities


class FlowReach:
    """Reach of one cell under a growing pattern, by maximum flow (see the module docstring).

    The graph of movable cells is built once per pattern (``update``); a query only zeroes the
    target's own edges in a copy of the capacities.
    """

    def __init__(self, problem: SuppressionProblem) -> None:
        grid = problem.grid
        assert grid is not None
        self.problem = problem
        r1, c1 = grid.shape
        pos = grid.position
        self.row = pos[:, 0]
        self.col_node = r1 + pos[:, 1]
        flip = (np.where(pos[:, 0] == grid.totals[0], -1.0, 1.0)
                * np.where(pos[:, 1] == grid.totals[1], -1.0, 1.0))
        self.flip = flip
        self.n_nodes = r1 + c1
        limit = CAP_LIMIT // 4
        # bounds of w = flip * z when suppressed and when published
        lo_s = np.maximum(problem.lower - problem.values, -limit)
        hi_s = np.minimum(np.minimum(problem.upper - problem.values, problem.big), limit)
        self._sup = (np.where(flip > 0, lo_s, -hi_s), np.where(flip > 0, hi_s, -lo_s))
        lo_p, hi_p = problem.pub_lo, problem.pub_hi
        self._pub = (np.where(flip > 0, lo_p, -hi_p), np.where(flip > 0, hi_p, -lo_p))
        self._slack = lo_p < hi_p

    @staticmethod
    def applies(problem: SuppressionProblem) -> bool:
        """2-D grid, a total on both axes, whole numbers small enough for 32-bit flows."""
        grid = problem.grid
        if grid is None or len(grid.shape) != 2 or None in grid.totals:
            return False
        v = problem.values
        return bool(np.all(v == np.round(v)) and np.abs(v).sum() * 4 < CAP_LIMIT
                    and np.all(problem.pub_lo == np.round(problem.pub_lo))
                    and np.all(problem.pub_hi == np.round(problem.pub_hi)))

    def update(self, suppressed: np.ndarray) -> None:
        """Build the graph of the cells that can move under ``suppressed``."""
        movable = np.flatnonzero(suppressed | self._slack)
        hidden = suppressed[movable]
        w_lo = np.where(hidden, self._sup[0][movable], self._pub[0][movable])
        w_hi = np.where(hidden, self._sup[1][movable], self._pub[1][movable])
        src = np.concatenate([self.row[movable], self.col_node[movable]])
        dst = np.concatenate([self.col_node[movable], self.row[movable]])
        cap = np.concatenate([np.floor(w_hi), np.floor(-w_lo)])
        order = np.lexsort((dst, src))
        self.indices = dst[order].astype(np.int32)
        self.data = cap[order].astype(np.int32)
        self.indptr = np.searchsorted(src[order], np.arange(self.n_nodes + 1)).astype(np.int32)
        where = np.empty(order.size, dtype=np.int64)
        where[order] = np.arange(order.size)
        self.movable, self.edges, self.w_lo, self.w_hi = movable, where, w_lo, w_hi

    def reach(self, suppressed: np.ndarray, var: int, sign: int, *, fresh: bool = True
              ) -> float:
        """``max sign * z_var``; ``fresh=False`` reuses the graph of the last ``update``."""
        if fresh:
            self.update(suppressed)
        at = int(np.searchsorted(self.movable, var))
        if at >= self.movable.size or self.movable[at] != var:
            return 0.0  # a published cell does not move
        s = sign * self.flip[var]
        own = self.w_hi[at] if s > 0 else -self.w_lo[at]
        if own <= 0:
            return 0.0
        data = self.data.copy()
        data[self.edges[at]] = 0
        data[self.edges[self.movable.size + at]] = 0
        graph = sp.csr_matrix((data, self.indices, self.indptr),
                              shape=(self.n_nodes, self.n_nodes))
        r, c = int(self.row[var]), int(self.col_node[var])
        source, sink = (c, r) if s > 0 else (r, c)
        flow = maximum_flow(graph, source, sink).flow_value
        return float(min(own, flow))
