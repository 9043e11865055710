"""``overlapping_pairs`` (an index of (labels, value), copies compared once, a pair skipped when
its shared labels leave more to differ than agree) finds exactly the pairs that comparing every
two tables with ``_same_counts`` finds, on random small tables with case variants, copies,
zeros, unknown cells and rounded tables."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from sdc.count_index import CountIndex
from sdc.rules import differencing
from sdc.rules.differencing import _rounded, _same_counts, overlapping_pairs


def _fold(index: dict) -> dict:
    out: dict = {}
    for key, cell in index.items():
        out.setdefault(tuple(sorted({label.casefold() for label in key})), cell)
    return out


def _plain(indexed: list, threshold: int) -> list[tuple[int, int]]:
    found = []
    for i in range(len(indexed)):
        for j in range(i + 1, len(indexed)):
            a, b = indexed[i][1], indexed[j][1]
            if a.keys() == b.keys():
                continue
            fa, fb = CountIndex.of_cells(_fold(a)), CountIndex.of_cells(_fold(b))
            if _same_counts(fa, fb, threshold) is not None and not (_rounded(fa) and _rounded(fb)):
                found.append((i, j))
    return found


def _table(rng: random.Random, base: dict) -> dict:
    index = {}
    for key, value in base.items():
        if rng.random() < 0.2:
            continue  # a combination this table does not publish
        label = tuple(x.upper() if rng.random() < 0.1 else x for x in key)
        roll = rng.random()
        if roll < 0.1:
            value = None  # suppressed
        elif roll < 0.35 and value is not None:
            value += rng.choice([-3, -1, 1, 2, 5, 12])
        index[label] = SimpleNamespace(value=value, suppressed=value is None)
    if rng.random() < 0.2:
        index[("Extra",)] = SimpleNamespace(value=float(rng.randint(0, 40)), suppressed=False)
    return index


@pytest.mark.parametrize("in_numpy,colliding,dropped", [
    (False, False, False), (True, False, False), (True, True, False), (False, False, True),
    (True, False, True), (True, True, True)],
    ids=["dicts", "numpy-and-bits", "every-hash-equal", "dicts-folded-made-again",
         "numpy-and-bits-folded-made-again", "every-hash-equal-folded-made-again"])
def test_the_index_finds_the_pairs_of_comparing_every_two_tables(
        in_numpy: bool, colliding: bool, dropped: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if dropped:  # no folded index kept: each made again where a pair reads it (fork45)
        monkeypatch.setattr(differencing, "FOLDED_HELD_BELOW", 0)
    if in_numpy:  # the agreements counted in numpy and the shared labels as bit sets
        monkeypatch.setattr(differencing, "PAIRS_WITH_NUMPY_FROM", 0)
        monkeypatch.setattr(differencing, "SHARED_AS_BITS_FROM", 0)
    if colliding:  # copies are found by comparing the sets, not by their (size, hash) alone
        monkeypatch.setattr(differencing, "hash", lambda _: 0, raising=False)
    rng = random.Random(12)
    checked = found = 0
    for _ in range(300):
        labels = ["North", "South", "East", "West"][: rng.randint(2, 4)]
        sexes = ("F", "M")
        if rng.random() < 0.5:  # keys already folded: a table's folded index is its own
            labels, sexes = [x.casefold() for x in labels], ("f", "m")
        step = rng.choice([1, 1, 5])
        base = {(x,): float(step * rng.randint(0, 30)) for x in labels}
        base |= {(x, s): float(step * rng.randint(0, 12)) for x in labels for s in sexes}
        indexed = []
        for k in range(rng.randint(2, 6)):
            if indexed and rng.random() < 0.2:
                indexed.append((f"t{k}", CountIndex.of_cells(dict(indexed[-1][1]))))  # a copy
            else:
                indexed.append((f"t{k}", CountIndex.of_cells(_table(rng, base))))
        threshold = 10
        pairs = overlapping_pairs(indexed, threshold)
        got = sorted((int(a[0][1:]), int(b[0][1:])) for a, b in pairs)
        assert got == _plain(indexed, threshold)
        assert all(a[1] == _fold(indexed[int(a[0][1:])][1]) for a, _ in pairs)
        assert all(list(a[1].items()) == list(_fold(indexed[int(a[0][1:])][1]).items())
                   for pair in pairs for a in pair)  # the same cells, in the same order
        checked += 1
        found += len(got)
    assert checked == 300 and found > 50  # the comparison is not vacuous


def test_the_numpy_agreements_are_the_dictionaries_on_random_postings() -> None:
    """``_agreements`` in numpy counts what the dictionaries count, with groups of every size
    (one value under one key in many tables) and tables that post nothing."""
    rng = random.Random(7)
    for _ in range(200):
        n_tables = rng.randint(2, 12)
        postings = []
        for k in range(n_tables):
            for key in rng.sample(range(30), rng.randint(0, 20)):
                postings.append((key, float(rng.choice([1, 2, 3, 2.5, 40, -1])), k))
        postings.sort(key=lambda p: p[2])
        plain = sorted(differencing._agreements(postings, n_tables))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(differencing, "PAIRS_WITH_NUMPY_FROM", 0)
            assert sorted(differencing._agreements(postings, n_tables)) == plain


def test_postings_kept_as_columns_count_as_the_tuples() -> None:
    """``_Postings`` iterates as the list of (key, value, table) tuples it replaces, and
    ``_agreements`` counts the same from it, in numpy and in dictionaries; values are kept as
    doubles, equal to the tuples' (an int and a float of one value are one posting, as in the
    tuples)."""
    rng = random.Random(5)
    for _ in range(50):
        n_tables = rng.randint(2, 7)
        tuples, columns = [], differencing._Postings()
        for k in range(n_tables):
            pairs = [(rng.randint(0, 12), rng.choice([1, 2.0, 3, 2.5, 40.0, -1, 2**60]))
                     for _ in range(rng.randint(0, 15))]
            tuples += [(key, v, k) for key, v in pairs]
            columns.add(pairs, k)
        assert list(columns) == tuples and len(columns) == len(tuples)
        assert all(type(a[1]) is float for a in columns)
        plain = sorted(differencing._agreements(tuples, n_tables))
        assert sorted(differencing._agreements(columns, n_tables)) == plain


def test_postings_are_int32_and_widen_past_it() -> None:
    """``_Postings`` holds key numbers and tables as int32, and as int64 from the first number
    that does not fit (never wrapped); ``_agreements`` then counts what the tuples count."""
    columns = differencing._Postings()
    columns.add([(3, 1.0), (7, 2.0)], 0)
    assert (columns.keys.typecode, columns.tables.typecode) == ("i", "i")
    columns.add([(2**31, 1.0), (7, 2.0)], 1)  # a key number past int32
    assert (columns.keys.typecode, columns.tables.typecode) == ("q", "q")
    columns.add([(2**31, 1.0), (3, 1.0)], 2)
    tuples = [(3, 1.0, 0), (7, 2.0, 0), (2**31, 1.0, 1), (7, 2.0, 1), (2**31, 1.0, 2),
              (3, 1.0, 2)]
    assert list(columns) == tuples
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(differencing, "PAIRS_WITH_NUMPY_FROM", 0)
        assert sorted(differencing._agreements(columns, 3)) == [((0, 1), 1), ((0, 2), 1),
                                                                 ((1, 2), 1)]


def test_agreements_of_int32_tables_past_the_product_overflow() -> None:
    """Tables numbered past 46,341 (int32 postings): the pair codes are widened before
    ``table * n_tables``, so the pairs are those of the tuples (int32 would wrap them)."""
    n_tables = 50_000
    columns = differencing._Postings()
    tuples = []
    for k in (46_341, 49_998, 49_999):
        pairs = [(1, 5.0), (2, 6.0)] if k != 46_341 else [(1, 5.0)]
        columns.add(pairs, k)
        tuples += [(key, v, k) for key, v in pairs]
    assert columns.tables.typecode == "i"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(differencing, "PAIRS_WITH_NUMPY_FROM", 0)
        numpy_way = sorted(differencing._agreements(columns, n_tables))
    assert numpy_way == sorted(differencing._agreements(tuples, n_tables)) == [
        ((46_341, 49_998), 1), ((46_341, 49_999), 1), ((49_998, 49_999), 2)]


def test_large_folded_indexes_are_not_held_and_made_again_equal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A table's folded index past ``FOLDED_HELD_BELOW`` is not kept while the pairs are
    counted (fork45: ~1.25 MiB a 1 MiB long table, every table's held to the end), and the one
    made again for a pair found is the folded index, cell for cell and in order; tables whose
    keys are their own folds are their own index, as before."""
    monkeypatch.setattr(differencing, "FOLDED_HELD_BELOW", 3)
    made: list[int] = []
    real = CountIndex.folded

    def counted(index, folds, *numbers):  # type: ignore[no-untyped-def]
        made.append(len(index))
        return real(index, folds, *numbers)

    monkeypatch.setattr(CountIndex, "folded", counted)
    cell = lambda v: SimpleNamespace(value=float(v), suppressed=False)  # noqa: E731
    big = {("North", "F"): cell(20), ("North", "M"): cell(30), ("South", "F"): cell(40),
           ("South", "M"): cell(50), ("East",): cell(60)}
    rerun = dict(big) | {("North", "F"): cell(21), ("West",): cell(7)}
    del rerun[("East",)]
    small = {("north",): cell(50), ("south",): cell(90)}  # its own folds: its own index
    indexed = [("a", CountIndex.of_cells(big)), ("b", CountIndex.of_cells(rerun)),
               ("c", CountIndex.of_cells(small))]
    pairs = overlapping_pairs(indexed, 10)
    assert [(a[0], b[0]) for a, b in pairs] == [("a", "b")]
    (_, fa), (_, fb) = pairs[0]
    assert list(fa.items()) == list(_fold(big).items())
    assert list(fb.items()) == list(_fold(rerun).items())
    # the two large tables folded as they are read, and again for the pair (the small one is
    # its own fold: no copy)
    assert made == [5, 5, 5, 5]
    assert indexed[2][1] is not None and _fold(small) == dict(indexed[2][1])
