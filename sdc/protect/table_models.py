"""The heuristic's two questions as HiGHS models kept for a whole run: the cheapest cycle, and
the reach of a cell under the current pattern.

"Which cells, hidden, let cell ``t`` move by ``R``, at least cost?" The LP relaxation
(:func:`sdc.protect.secondary_heuristic.cheapest_cycle`) charges a candidate cell ``c_j`` times
the share ``|z_j| / R`` of the movement it carries. Written with ``z = p - q`` (``p, q >= 0``)
it only has the table's equations as rows::

    min  sum_candidates c_j (p_j + q_j)
    s.t. A (p - q) = 0,   sign * z_t >= R,
         candidates and hidden cells: their domain (hidden ones at no cost),
         published cells: fixed (or their rounding interval)

The factor ``1/R`` is dropped (it scales the objective, not its optimum), and so is the cap
``|z_j| <= R``: the program stays a relaxation whose support is a feasible movement, and without
it the bounds no longer depend on ``R`` (on a hierarchical 10k table: half the time, 221 cells
instead of 215). Between questions only the target's bounds, the costs of cells hidden since
the last question and the small cells' bounds change, so the model is built once and HiGHS
re-optimises from its last basis, where
``scipy.optimize.linprog`` rebuilt and checked the whole program every time (9 s for the 183
cycles of a 1,000-cell hierarchical table, 0.7 s here).

The reach ``max sign * z_t`` under a pattern is the same model with no candidates, the pattern's
bounds and one objective coefficient. Kept over the whole table while the pattern grows (a newly
hidden cell only changes its bounds), it replaces rebuilding a model per component after every
change, which cost 0.14 s a question on a 3-D table of 10,000 cells (one large component).
"""

from __future__ import annotations

import highspy
import numpy as np
import scipy.sparse as sp

from sdc.highs import quiet_highs
from sdc.protect.deadline import Deadline, timed_run
from sdc.protect.problem import ProtectionError, SuppressionProblem


class SplitModel:
    """``A (p - q) = 0`` over the whole table, ``z = p - q``; bounds and costs set per question
    (only what changed is passed to HiGHS)."""

    def __init__(self, problem: SuppressionProblem, deadline: Deadline | None = None) -> None:
        self.problem = problem
        self.deadline = deadline
        n = problem.n
        self.n = n
        a = problem.matrix.tocsc()
        m = a.shape[0]
        both = sp.hstack([a, -a], format="csc")  # columns p then q
        both.sort_indices()
        lp = highspy.HighsLp()
        lp.num_col_ = 2 * n
        lp.num_row_ = m
        lp.col_cost_ = np.zeros(2 * n)
        lp.col_lower_ = np.zeros(2 * n)
        lp.col_upper_ = np.zeros(2 * n)  # bounds are set per question
        lp.row_lower_ = np.zeros(m)
        lp.row_upper_ = np.zeros(m)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = both.indptr.astype(np.int32)
        lp.a_matrix_.index_ = both.indices.astype(np.int32)
        lp.a_matrix_.value_ = both.data.astype(float)
        h = quiet_highs()
        h.setOptionValue("presolve", "off")  # keep the basis between questions
        h.passModel(lp)
        self.highs = h
        self._lo = np.zeros(2 * n)
        self._hi = np.zeros(2 * n)
        self._cost = np.zeros(2 * n)
        self.solves = 0

    def _apply(self, new_lo: np.ndarray, new_hi: np.ndarray, new_cost: np.ndarray) -> None:
        h = self.highs
        changed = np.flatnonzero((new_lo != self._lo) | (new_hi != self._hi))
        if changed.size:
            h.changeColsBounds(changed.size, changed.astype(np.int32), new_lo[changed],
                               new_hi[changed])
        costly = np.flatnonzero(new_cost != self._cost)
        if costly.size:
            h.changeColsCost(costly.size, costly.astype(np.int32), new_cost[costly])
        self._lo, self._hi, self._cost = new_lo, new_hi, new_cost
        self.solves += 1

    def _movement(self) -> np.ndarray:
        x = np.asarray(self.highs.getSolution().col_value)
        return x[: self.n] - x[self.n:]

    def _run(self) -> highspy.HighsModelStatus:
        h = self.highs
        timed_run(h, self.deadline)
        status = h.getModelStatus()
        if status not in (highspy.HighsModelStatus.kOptimal,
                          highspy.HighsModelStatus.kInfeasible):
            h.clearSolver()  # once more from scratch, in case the warm basis misled it
            timed_run(h, self.deadline)
            status = h.getModelStatus()
        return status


class CycleModel(SplitModel):
    """Cheapest cycles for one problem under a growing pattern; see the module docstring."""

    def cheapest(self, suppressed: np.ndarray, var: int, direction: int, need: float,
                 allow_small: bool) -> tuple[float, list[int]] | None:
        """(cost, cells moved) of the cheapest set making ``var`` move ``direction`` by
        ``need``, or ``None`` when no set does."""
        p = self.problem
        usable = p.allowed & ~suppressed
        if not allow_small:
            usable &= ~p.small
        lo, hi = p.z_bounds(suppressed)
        room_up = np.minimum(p.upper - p.values, p.big)
        room_down = p.values - p.lower
        up = np.where(usable, room_up, np.maximum(hi, 0.0))
        down = np.where(usable, room_down, np.maximum(-lo, 0.0))
        low_p = np.maximum(np.where(usable, 0.0, lo), 0.0)  # a published interval above 0
        low_q = np.maximum(np.where(usable, 0.0, -hi), 0.0)
        cost = np.where(usable, p.cost, 0.0)
        if direction > 0:
            low_p[var] = max(low_p[var], need)
            down[var] = 0.0
        else:
            low_q[var] = max(low_q[var], need)
            up[var] = 0.0
        if low_p[var] > up[var] or low_q[var] > down[var]:
            return None
        self._apply(np.concatenate([low_p, low_q]), np.concatenate([up, down]),
                    np.concatenate([cost, cost]))
        if self._run() != highspy.HighsModelStatus.kOptimal:
            return None
        z = self._movement()
        cand = np.flatnonzero(usable)
        moved = cand[np.abs(z[cand]) > 1e-7 * max(1.0, need)]
        return float(p.cost[moved].sum()), [int(j) for j in moved]


class ReachModel(SplitModel):
    """How far a cell can move under the current pattern: the attacker's program
    (:func:`sdc.protect.problem.reach`) on the whole table, kept while the pattern grows.
    Hiding a cell only widens its bounds around 0 and a question only changes the objective,
    so the last basis is a good start (the primal simplex was not faster on the benchmark's
    tables, so HiGHS chooses)."""

    def reach(self, suppressed: np.ndarray, var: int, sign: int) -> float:
        p = self.problem
        lo, hi = p.z_bounds(suppressed)
        new_lo = np.concatenate([np.maximum(lo, 0.0), np.maximum(-hi, 0.0)])
        new_hi = np.concatenate([np.maximum(hi, 0.0), np.maximum(-lo, 0.0)])
        cost = np.zeros(2 * self.n)
        cost[var] = -float(sign)
        cost[self.n + var] = float(sign)
        self._apply(new_lo, new_hi, cost)
        status = self._run()
        if status != highspy.HighsModelStatus.kOptimal:
            raise ProtectionError("the attacker's linear program failed: "
                                  f"{self.highs.modelStatusToString(status)}")
        return float(sign * self._movement()[var])
