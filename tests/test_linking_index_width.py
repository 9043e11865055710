"""The linking's index arrays are int32 when a release fits (issue 14 §3: half the memory of
the blocking's arrays); the pair codes ``a * n + b`` are widened to int64 before the product,
since int32 overflows from 46,341 tables on and a wrong code is a pair never compared."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings

from sdc import linking
from sdc.linking import _SharedCells, shared_cells
from tests.test_linking_blocking import systems


def test_index_dtype_is_int32_below_the_bound_only() -> None:
    assert linking._index_dtype(np, 0) is np.int32
    assert linking._index_dtype(np, 2**31 - 1, 5, 7) is np.int32
    assert linking._index_dtype(np, 5, 2**31, 7) is np.int64
    assert linking._index_dtype(np, 2**31 + 1) is np.int64


def test_pair_codes_do_not_overflow_int32_tables() -> None:
    n = 50_000  # n * n > 2**31: an int32 product wraps
    a = np.array([0, 46_341, n - 2, n - 1], dtype=np.int32)
    b = np.array([1, 46_342, n - 1, n - 1], dtype=np.int32)
    codes = linking._pair_codes(np, a, b, n)
    assert codes.dtype == np.int64
    assert codes.tolist() == [x * n + y for x, y in zip(a.tolist(), b.tolist(), strict=True)]
    assert (codes // n).tolist() == a.tolist() and (codes % n).tolist() == b.tolist()
    with np.errstate(over="ignore"):  # what the int32 product would have given: wrong
        assert (a * np.int32(n) + b).tolist() != codes.tolist()


def _cells(K: list[int], S: list[int], values: list[float | None], dtype: type) -> _SharedCells:
    known = np.array([v is not None for v in values], dtype=bool)
    floats = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    return _SharedCells(n_shared=max(S) + 1, S=np.array(S, dtype=dtype),
                        K=np.array(K, dtype=dtype), var=np.zeros(len(K), dtype=dtype),
                        values=floats, known=known, start=None, floats=True)


def test_candidate_tables_of_int32_tables_past_the_overflow() -> None:
    """Tables numbered past 46,341 in int32: the pairs found are those of int64 numbers."""
    n = 50_000
    tables = [SimpleNamespace() for _ in range(n)]
    signature: list[object] = [linking._WILD] * n
    # 49,998 and 49,999 agree under two combinations, 46,341 and 49,999 differ under one;
    # 46,342 and 49,998 share a combination where 46,342's cell is unknown
    K = [49_998, 49_999, 49_998, 49_999, 46_341, 49_999, 46_342, 49_998]
    S = [0, 0, 1, 1, 2, 2, 3, 3]
    values: list[float | None] = [3.0, 3.0, 7.0, 7.0, 1.0, 2.0, None, 4.0]
    wide = linking._candidate_tables(tables, _cells(K, S, values, np.int64), signature)
    narrow = linking._candidate_tables(tables, _cells(K, S, values, np.int32), signature)
    assert wide == narrow == [(46_342, 49_998), (49_998, 49_999)]


@settings(max_examples=100, deadline=None)
@given(systems(), systems(own_hubs=True))
def test_int32_links_equal_int64_links(first: list[SimpleNamespace],
                                       second: list[SimpleNamespace]) -> None:
    """The same links, in the same order, with the arrays int32 (now) and int64 (before)."""
    for tables in (first, second):
        offsets = list(range(0, 100 * len(tables), 100))
        narrow = shared_cells(tables, offsets)  # type: ignore[arg-type]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(linking, "_index_dtype", lambda np, *sizes: np.int64)
            wide = shared_cells(tables, offsets)  # type: ignore[arg-type]
        assert narrow == wide


def test_shared_cells_arrays_are_int32() -> None:
    """What the memory figure rests on: the held index arrays are int32."""
    tables = [SimpleNamespace(count=True, keys=[frozenset(), frozenset({"a"})], values=[5.0, 2.0],
                              output=SimpleNamespace(request={})) for _ in range(3)]
    cells = _SharedCells.of(tables, [0, 1, 2], {k: linking.population_key(t.output)  # type: ignore
                                                for k, t in enumerate(tables)})
    assert (cells.S.dtype, cells.K.dtype, cells.var.dtype, cells.start.dtype) == (np.int32,) * 4
    assert cells.K.tolist() == [0, 1, 2, 0, 1, 2] and cells.var.tolist() == [0, 0, 0, 1, 1, 1]
    assert cells.S.tolist() == [0, 0, 0, 1, 1, 1] and cells.start.tolist() == [0, 3]
