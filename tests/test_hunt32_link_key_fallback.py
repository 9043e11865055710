"""Round 32 (hunt32): the link keys' hash is a candidate only (``link_columns._Keys``, wall31).

Two different keys must never get one number, and one key never two, however the keys come:
as tuples or as ``KeyRows`` whose padding past each key's length is not zero, with codes at
the edges of int32 and int64 and negative, with every hash forced into one to three values
(so most hits are another key's), and looked up after a batch was numbered exactly. The
oracle is a dict of the tuples (``setdefault(key, len(ids))``)."""

from __future__ import annotations

import hypothesis.strategies as st
import numpy as np
from hypothesis import given, settings

from sdc import link_columns
from sdc.link_columns import KeyRows, LinkNumbers

CODES = st.sampled_from([0, 1, 2, -1, 2**31 - 1, 2**31, -2**31, -2**31 - 1, 2**62, -2**63,
                         2**63 - 1])
KEY = st.lists(CODES, max_size=4).map(tuple)
BATCHES = st.lists(st.tuples(st.sampled_from("pq"), st.integers(0, 2), st.lists(KEY, max_size=10)),
                   max_size=6)


def _rows(keys: list[tuple[int, ...]], pad: int) -> KeyRows:
    """``keys`` as rows whose cells past each key's length hold ``pad`` (0: as built)."""
    width = max(map(len, keys), default=0)
    rows = np.full((len(keys), width), pad, dtype=np.int64)
    for i, key in enumerate(keys):
        rows[i, :len(key)] = key
    return KeyRows(rows, np.array([len(k) for k in keys], dtype=np.int64))


@settings(max_examples=300, deadline=None)
@given(BATCHES, st.integers(0, 3), st.lists(KEY, max_size=8))
def test_keys_are_numbered_and_found_as_a_dict_does(
        batches: list[tuple[str, int, list[tuple[int, ...]]]], buckets: int,
        asked: list[tuple[int, ...]]) -> None:
    real = link_columns._hashes
    plain: dict[str, dict[tuple[int, ...], int]] = {}
    try:
        if buckets:
            link_columns._hashes = (  # type: ignore[assignment]
                lambda rows, n: real(rows, n) % buckets)
        numbers = LinkNumbers()
        for population, how, keys in batches:
            given_as = keys if how == 0 else _rows(keys, 0 if how == 1 else 7)
            got = numbers.columns(population, given_as, [1.0] * len(keys)).ids.tolist()
            ids = plain.setdefault(population, {})
            assert got == [ids.setdefault(key, len(ids)) for key in keys]
        for population in ("p", "q"):
            assert numbers.lookup(population, asked) == \
                [plain.get(population, {}).get(key, -1) for key in asked]
            assert numbers.lookup(population, _rows(asked, 5)) == \
                [plain.get(population, {}).get(key, -1) for key in asked]
    finally:
        link_columns._hashes = real  # type: ignore[assignment]
