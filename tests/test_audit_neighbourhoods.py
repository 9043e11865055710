"""The audit's explanation search keeps each component's factorised neighbourhoods
(``sdc.audit.rank.Neighbourhoods``): the weights found are the same as without them, and a
neighbourhood shared by two unknowns is factorised once."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from sdc.audit import rank
from sdc.audit.rank import Neighbourhoods, isolating_weights


def _table_with_margins(rows: int, cols: int) -> sp.csr_matrix:
    """Equations of a rows x cols table whose row and column totals are unknowns too: each
    line's cells minus its total is zero."""
    k = rows * cols + rows + cols
    eqs = []
    for i in range(rows):
        e = np.zeros(k)
        e[i * cols:(i + 1) * cols] = 1
        e[rows * cols + i] = -1
        eqs.append(e)
    for j in range(cols):
        e = np.zeros(k)
        e[j:rows * cols:cols] = 1
        e[rows * cols + rows + j] = -1
        eqs.append(e)
    return sp.csr_matrix(np.array(eqs))


def _random_system(seed: int) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    dense = rng.integers(-1, 2, size=(12, 20)) * (rng.random((12, 20)) < 0.25)
    return sp.csr_matrix(dense.astype(float))


@pytest.mark.parametrize("a", [_table_with_margins(4, 5), *(_random_system(s) for s in range(8))])
def test_same_weights_with_and_without_the_kept_neighbourhoods(a: sp.csr_matrix) -> None:
    near = Neighbourhoods(a)
    for loc in range(a.shape[1]):
        alone = isolating_weights(a, loc)
        kept = isolating_weights(a, loc, seen=near)
        if alone is None:
            assert kept is None
        else:
            assert kept is not None
            np.testing.assert_array_equal(alone, kept)


def test_a_shared_neighbourhood_is_factorised_once(monkeypatch: pytest.MonkeyPatch) -> None:
    a = _table_with_margins(3, 3)
    made: list[int] = []
    real = rank._local_parts

    def counting(m: sp.csr_matrix, eq_list: np.ndarray) -> tuple[np.ndarray, ...]:
        made.append(eq_list.size)
        return real(m, eq_list)

    monkeypatch.setattr(rank, "_local_parts", counting)
    for loc in range(a.shape[1]):
        isolating_weights(a, loc)
    without = len(made)
    made.clear()
    near = Neighbourhoods(a)
    for loc in range(a.shape[1]):
        isolating_weights(a, loc, seen=near)
    assert 0 < len(made) < without


def test_past_its_budget_nothing_more_is_kept() -> None:
    a = _table_with_margins(3, 3)
    near = Neighbourhoods(a, budget_bytes=0)
    for loc in range(a.shape[1]):
        isolating_weights(a, loc, seen=near)
    assert near.get(np.array([0])) is None and not near._kept
