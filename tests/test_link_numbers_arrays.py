"""Link numbers held as arrays (``sdc.link_columns._Keys``, round 30): a key's number is the
one a dict of keys gives (``setdefault(key, len(ids))`` a key at a time), also where two keys
share a hash (forced here), and a key is never merged with another."""

from __future__ import annotations

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

from sdc import link_columns
from sdc.link_columns import LinkNumbers

KEYS = st.lists(st.tuples(st.sampled_from("pq"),
                          st.lists(st.lists(st.integers(0, 6), max_size=4).map(tuple),
                                   max_size=14)), max_size=6)


def _plain(builds: list[tuple[str, list[tuple[int, ...]]]]) -> list[list[int]]:
    plain: dict[str, dict[tuple[int, ...], int]] = {}
    out = []
    for population, keys in builds:
        ids = plain.setdefault(population, {})
        out.append([ids.setdefault(key, len(ids)) for key in keys])
    return out


def _numbered(builds: list[tuple[str, list[tuple[int, ...]]]]) -> list[list[int]]:
    numbers = LinkNumbers()
    return [numbers.columns(p, keys, [1.0] * len(keys)).ids.tolist() for p, keys in builds]


@settings(max_examples=200, deadline=None)
@given(KEYS)
def test_keys_of_any_length_are_numbered_as_a_dict_does(
        builds: list[tuple[str, list[tuple[int, ...]]]]) -> None:
    """Keys of different lengths in one population, the empty key, a key a prefix of
    another: each its own number, first met first."""
    assert _numbered(builds) == _plain(builds)


@settings(max_examples=200, deadline=None)
@given(KEYS, st.integers(1, 3))
def test_keys_sharing_a_hash_are_never_merged(
        builds: list[tuple[str, list[tuple[int, ...]]]], buckets: int) -> None:
    """Every key hashed into 1-3 values: most hits are another key's, and each is found
    out (the batch numbered exactly), so the numbers are still a dict's."""
    real = link_columns._hashes
    try:
        link_columns._hashes = lambda rows, n: real(rows, n) % buckets  # type: ignore[assignment]
        assert _numbered(builds) == _plain(builds)
    finally:
        link_columns._hashes = real  # type: ignore[assignment]


@settings(max_examples=100, deadline=None)
@given(KEYS, st.lists(st.lists(st.integers(0, 7), max_size=4).map(tuple), max_size=10),
       st.booleans())
def test_lookup_gives_each_keys_number_or_minus_one(
        builds: list[tuple[str, list[tuple[int, ...]]]], asked: list[tuple[int, ...]],
        collide: bool) -> None:
    real = link_columns._hashes
    try:
        if collide:
            link_columns._hashes = lambda rows, n: real(rows, n) % 2  # type: ignore[assignment]
        numbers = LinkNumbers()
        for population, keys in builds:
            numbers.columns(population, keys, [1.0] * len(keys))
        plain: dict[str, dict[tuple[int, ...], int]] = {}
        for population, keys in builds:
            ids = plain.setdefault(population, {})
            for key in keys:
                ids.setdefault(key, len(ids))
        for population in ("p", "q", "r"):
            assert numbers.lookup(population, asked) == \
                [plain.get(population, {}).get(key, -1) for key in asked]
    finally:
        link_columns._hashes = real  # type: ignore[assignment]


def test_keys_that_are_not_tuples_of_ints_are_numbered_by_a_dict() -> None:
    """A key no ``LabelCodes`` makes (a frozenset, a tuple of texts): numbered as it is,
    equal keys alike, from then on by a dict; the numbers go on from the arrays'."""
    numbers = LinkNumbers()
    first = numbers.columns("p", [(1, 2), (3,)], [1.0, 2.0])
    second = numbers.columns("p", [frozenset({"a"}), (3,), (1, 2), ("b",)], [1.0] * 4)
    third = numbers.columns("p", [("b",), (4,)], [1.0, 2.0])
    assert first.ids.tolist() == [0, 1]
    assert second.ids.tolist() == [2, 1, 0, 3]
    assert third.ids.tolist() == [3, 4]
    assert numbers.sizes() == {"p": 5}
    assert numbers.lookup("p", [(4,), frozenset({"a"}), (9,)]) == [4, 2, -1]


def test_held_as_arrays_and_sealed() -> None:
    """A population's keys are arrays (no tuple per key held); sealing lets them go, and a
    sealed build neither numbers nor looks up."""
    numbers = LinkNumbers()
    keys = [(k % 50, k % 7, 1000 + k % 3) for k in range(2000)]
    got = numbers.columns("p", keys, [1.0] * len(keys))
    held = numbers.by_population["p"]
    assert held.objects is None and isinstance(held.rows, np.ndarray)
    assert held.rows.dtype == np.int32 and held.rows.shape == (numbers.sizes()["p"], 3)
    assert got.ids.tolist() == _plain([("p", keys)])[0]
    numbers.seal()
    assert numbers.by_population == {} and numbers.sizes() == {"p": len(set(keys))}
    with pytest.raises(ValueError, match="sealed"):
        numbers.lookup("p", [(1,)])


def test_a_code_past_int64_is_numbered_by_a_dict() -> None:
    numbers = LinkNumbers()
    assert numbers.columns("p", [(1,), (2**70,), (1,)], [1.0] * 3).ids.tolist() == [0, 1, 0]
    assert numbers.columns("p", [(2**70,), (3,)], [1.0] * 2).ids.tolist() == [1, 2]
