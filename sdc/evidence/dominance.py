"""Dominance rules for magnitude tables, vectorised over cells.

Every function takes ``top``, a ``cells × m`` array of each cell's largest contributions sorted in
descending order and zero-padded (the ``top1..topN`` columns of
:func:`sdc.evidence.compute.cell_evidence`), and ``total``, the cell totals. They return one value
per cell and never loop over cells in Python.

Parameters are fractions, not percentages: ``k=0.9`` for a (2, 90%) rule, ``p=0.10`` for the 10%
rule. Passing ``90`` or ``10`` raises, because treating them as fractions would flag every cell.

Conventions shared by all rules (and where they differ from ACRO 1.0.2):

* Contributions are assumed non-negative. Dominance is not defined when a cell has negative
  contributions; callers must send such cells (``n_negative > 0``) to review, as ACRO does.
* A cell whose total is zero, negative or missing is never flagged: with no positive contribution
  there is nothing to dominate (sdcTable: "Empty cells are never considered as sensitive when
  applying dominance rules"). ACRO 1.0.2 agrees for the (n, k) rule (0/0 is NaN, and NaN >= k is
  false) but its p-ratio check flags an all-zero cell, because it replaces a ratio with zero
  largest contribution by the remainder itself (0 < p). We do not follow that.
* ACRO ranks individual records; :func:`~sdc.evidence.compute.cell_evidence` ranks contributors
  after summing their records within the cell, which is what the rules are about (a business with
  two records is one respondent). With ``contributor=None`` both agree.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "nk_dominance",
    "nk_protection",
    "p_percent",
    "p_percent_protection",
    "pq_protection",
    "pq_rule",
    "protection_interval",
]


def _prepare(top: np.ndarray, total: np.ndarray, need: int) -> tuple[np.ndarray, np.ndarray]:
    """Coerce to float arrays (cells × m, cells), check shapes, and zero any NaN contributions."""
    top_arr = np.asarray(top, dtype=float)
    if top_arr.ndim == 1:
        top_arr = top_arr[np.newaxis, :]
    if top_arr.ndim != 2:
        raise ValueError(f"top must be a cells × contributions array, got {top_arr.ndim} dims")
    total_arr = np.atleast_1d(np.asarray(total, dtype=float))
    if total_arr.ndim != 1 or total_arr.shape[0] != top_arr.shape[0]:
        raise ValueError(f"total has shape {total_arr.shape} but top has {top_arr.shape[0]} cells")
    if need > top_arr.shape[1]:
        raise ValueError(
            f"the rule needs the {need} largest contributions but top has only "
            f"{top_arr.shape[1]} columns; compute evidence with top_n >= {need}"
        )
    return np.nan_to_num(top_arr, nan=0.0), total_arr


def _check_fraction(name: str, value: float, *, allow_one: bool = True) -> None:
    """Reject percentages passed as fractions and other nonsense before they flag every cell."""
    if not np.isfinite(value) or value <= 0 or value > 1 or (value == 1 and not allow_one):
        raise ValueError(
            f"{name}={value!r} must be a fraction in (0, 1] (e.g. 0.9 for 90%), not a percentage"
        )


def _check_count(name: str, value: int) -> None:
    if isinstance(value, bool) or int(value) != value or value < 1:
        raise ValueError(f"{name}={value!r} must be a positive integer")


def _positive(total: np.ndarray) -> np.ndarray:
    """Cells where a dominance rule is meaningful: total > 0 (NaN compares false)."""
    return total > 0


def nk_dominance(
    top: np.ndarray, total: np.ndarray, n: int, k: float, inclusive: bool = True
) -> np.ndarray:
    """(n, k) rule: flag cells whose ``n`` largest contributions reach ``k`` of the total.

    ``inclusive=True`` flags ``sum(top n) >= k · total`` (ACRO 1.0.2 compares the ratio with
    ``>=``); ``inclusive=False`` uses ``>``. A cell with fewer than ``n`` contributors is always
    dominated (its padded top-n sum is the total). Cells with total <= 0 are not flagged.
    """
    _check_count("n", n)
    _check_fraction("k", k)
    top_arr, total_arr = _prepare(top, total, int(n))
    top_sum = top_arr[:, : int(n)].sum(axis=1)
    bound = k * total_arr
    hit = top_sum >= bound if inclusive else top_sum > bound
    return hit & _positive(total_arr)


def _remainder(top_arr: np.ndarray, total_arr: np.ndarray, c: int) -> np.ndarray:
    """What is left once the target and a coalition of ``c`` others are taken out."""
    return total_arr - top_arr[:, : c + 1].sum(axis=1)


def p_percent(top: np.ndarray, total: np.ndarray, p: float, c: int = 1) -> np.ndarray:
    """p% rule: flag cells where the largest contribution can be estimated to within ``p``.

    The attacker is a coalition of the ``c`` next-largest contributors (``c=1``: the second
    largest). They subtract their own values from the published total; the rest,
    ``total − x1 − … − x(c+1)``, is their error on ``x1``. The cell is unsafe when
    ``total − Σ_{i≤c+1} x_i < p · x1`` (Hundepool et al. 2012, §4.2). Cells with total <= 0 are
    not flagged.
    """
    _check_count("c", c)
    _check_fraction("p", p)
    top_arr, total_arr = _prepare(top, total, int(c) + 1)
    remainder = _remainder(top_arr, total_arr, int(c))
    return (remainder < p * top_arr[:, 0]) & _positive(total_arr)


def pq_rule(top: np.ndarray, total: np.ndarray, p: float, q: float, c: int = 1) -> np.ndarray:
    """(p, q) prior-posterior rule: the p% rule when everyone already knows values to within ``q``.

    Before publication any contribution can be estimated to within ``q`` (prior); after it the
    largest must still not be estimable to within ``p`` (posterior). The coalition's uncertainty
    about the rest is ``q · (total − Σ_{i≤c+1} x_i)``, so the cell is unsafe when
    ``q · (total − Σ_{i≤c+1} x_i) < p · x1`` (Hundepool et al. 2012, §4.2; the τ-ARGUS form
    ``remainder < (p/q) · x1``). With ``q = 1`` this is exactly :func:`p_percent`. Requires
    ``p < q``; otherwise the posterior would be no better than the prior and every contributed
    cell would be unsafe.
    """
    _check_count("c", c)
    _check_fraction("p", p)
    _check_fraction("q", q)
    if p >= q:
        raise ValueError(f"pq rule needs p < q, got p={p!r}, q={q!r}")
    top_arr, total_arr = _prepare(top, total, int(c) + 1)
    remainder = _remainder(top_arr, total_arr, int(c))
    return (q * remainder < p * top_arr[:, 0]) & _positive(total_arr)


def p_percent_protection(
    top: np.ndarray, total: np.ndarray, p: float, c: int = 1, q: float = 1.0
) -> np.ndarray:
    """Upper protection level under the p% (or, with ``q < 1``, the pq) rule.

    How far above its value a suppressed cell must be able to lie, in the eyes of the
    coalition, for ``x1`` to stay protected: ``(p/q) · x1 − (total − Σ_{i≤c+1} x_i)``, clipped at
    zero. It is positive exactly when the rule flags the cell. Cells with total <= 0 get 0.
    """
    _check_count("c", c)
    _check_fraction("p", p)
    _check_fraction("q", q)
    top_arr, total_arr = _prepare(top, total, int(c) + 1)
    remainder = _remainder(top_arr, total_arr, int(c))
    level = (p / q) * top_arr[:, 0] - remainder
    return np.where(_positive(total_arr), np.clip(level, 0.0, None), 0.0)


def pq_protection(top: np.ndarray, total: np.ndarray, p: float, q: float, c: int = 1) -> np.ndarray:
    """Upper protection level under the pq rule (see :func:`p_percent_protection`)."""
    if p >= q:
        raise ValueError(f"pq rule needs p < q, got p={p!r}, q={q!r}")
    return p_percent_protection(top, total, p, c=c, q=q)


def nk_protection(top: np.ndarray, total: np.ndarray, n: int, k: float) -> np.ndarray:
    """Upper protection level under the (n, k) rule: ``Σ_{i≤n} x_i / k − total``, clipped at 0.

    That is how much larger the cell would have to be for the ``n`` largest to fall to ``k`` of
    it. A cell exactly at the boundary (flagged with ``inclusive=True``) gets 0. Cells with
    total <= 0 get 0.
    """
    _check_count("n", n)
    _check_fraction("k", k)
    top_arr, total_arr = _prepare(top, total, int(n))
    level = top_arr[:, : int(n)].sum(axis=1) / k - total_arr
    return np.where(_positive(total_arr), np.clip(level, 0.0, None), 0.0)


def protection_interval(
    top: np.ndarray,
    total: np.ndarray,
    rule: str,
    *,
    p: float | None = None,
    q: float | None = None,
    n: int | None = None,
    k: float | None = None,
    c: int = 1,
) -> np.ndarray:
    """Upper protection level each cell needs under ``rule`` (``"p"``, ``"pq"`` or ``"nk"``).

    The suppression audit compares it with the interval an attacker can derive for a suppressed
    cell from the published margins: a sensitive cell is protected only if that interval reaches
    at least ``value + level`` (and, symmetrically, ``value − level``). Zero for safe cells.
    """
    if rule == "p":
        if p is None:
            raise ValueError("rule 'p' needs p")
        return p_percent_protection(top, total, p, c=c)
    if rule == "pq":
        if p is None or q is None:
            raise ValueError("rule 'pq' needs p and q")
        return pq_protection(top, total, p, q, c=c)
    if rule == "nk":
        if n is None or k is None:
            raise ValueError("rule 'nk' needs n and k")
        return nk_protection(top, total, n, k)
    raise ValueError(f"unknown rule {rule!r}; expected 'p', 'pq' or 'nk'")
