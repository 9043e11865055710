"""SDC503's count index as columns of key numbers and places (round 47, idx47): it answers
exactly as the dict of key -> place it replaces, and ``_same_counts`` read as columns
exactly as a key at a time — on random tables (keys absent, repeated folds, blanks, NaN,
zeros, two numberings), small (``array.index``) and large (numpy)."""

from __future__ import annotations

import math
import random
from array import array
from types import SimpleNamespace

import pytest

from sdc import count_index
from sdc.count_index import CountIndex
from sdc.labels_keys import LabelsKeys
from sdc.rules import differencing
from sdc.rules.differencing import _same_counts, _same_counts_by_key

LABELS = ["North", "South", "east", "WEST", "F", "M", "f", "0-17", "18+"]


def _cells(rng: random.Random, n: int) -> dict:
    """``n`` random keys -> cells (value: a count, 0, None, NaN; some suppressed)."""
    cells: dict = {}
    while len(cells) < n:
        key = (*sorted(rng.sample(LABELS, rng.randint(0, 3))), str(rng.randint(0, n)))
        roll = rng.random()
        value = (None if roll < 0.1 else math.nan if roll < 0.15 else 0.0 if roll < 0.3
                 else float(rng.randint(1, 40)))
        cells[key] = SimpleNamespace(
            value=value, suppressed=value is None and rng.random() < 0.5,
            source=SimpleNamespace(row=len(cells) + 2, col=rng.randint(1, 4)),
            total_dims=frozenset(rng.sample(["region", "sex"], rng.randint(0, 2))))
    return cells


@pytest.mark.parametrize("size", [0, 1, 7, 40, 300, 3_000])
def test_the_columns_answer_as_the_dict(size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(count_index, "COLUMNS_FROM", 0)  # ``known``'s numpy read too
    rng = random.Random(size)
    cells = _cells(rng, size)
    numbers = LabelsKeys()
    index = CountIndex.of_cells(cells, numbers)
    at = dict(zip(cells, range(len(cells)), strict=True))  # the dict it replaces
    assert list(index) == list(at) and len(index) == len(at)
    assert index.placed() == list(at.items()) and index.at == at
    assert index.places() == list(at.values())
    assert index.keys() == at.keys()
    absent = [("nowhere",), (), ("North", "nowhere"), ["not", "a", "key"]]
    for key in [*at, *absent]:
        inside = isinstance(key, tuple) and key in at
        assert (key in index) is inside
        if inside:
            assert index[key] is cells[key]
            assert index.place_of(key) == at[key]
            assert index.place(key) == (cells[key].source.row, cells[key].source.col)
            assert index.margins(key) == cells[key].total_dims
            value = index.value(key)
            assert value is cells[key].value or (value != value and cells[key].value != value)
        elif isinstance(key, tuple):
            with pytest.raises(KeyError):
                index.place_of(key)
    listed = list(at)
    rng.shuffle(listed)
    assert index.where(listed + absent[:3]).tolist() == [at[k] for k in listed] + [-1] * 3
    assert [(k, v) for k, v in index.known()] == [
        (k, c.value) for k, c in cells.items() if c.value is not None and c.value == c.value]
    assert index.published() == [c.value for c in cells.values()
                                 if c.value is not None and not c.suppressed]
    got = index.values_or_nan(listed)
    want = [math.nan if cells[k].value is None else cells[k].value for k in listed]
    assert [(g != g and w != w) or g == w for g, w in zip(got.tolist(), want, strict=True)] \
        == [True] * len(listed)
    # folded: the first count of a fold keeps it, in order, in the pass's numbering or this
    folds = [tuple(sorted({label.casefold() for label in key})) for key in at]
    fold_dict: dict = {}
    for fold, place in zip(folds, at.values(), strict=True):
        fold_dict.setdefault(fold, place)
    for into in (None, LabelsKeys()):
        folded = index.folded(folds, into)
        assert folded.at == fold_dict and list(folded) == list(fold_dict)
        assert folded.numbers is (into or numbers)
    # a worker's index sent back and made again beside the parent's keys: the same
    sent, n_counts, names = index.sent()
    again = CountIndex.of_items(sent, LabelsKeys(), index.read, n_counts, names)
    assert again.at == at and again.n_counts == index.n_counts


@pytest.mark.parametrize("seed", range(40))
def test_two_indexes_meet_and_compare_as_their_keys(seed: int) -> None:
    rng = random.Random(seed)
    big = rng.random() < 0.3
    base = _cells(rng, rng.randint(0, 400 if big else 30))
    shared = LabelsKeys()
    kept = {k: c for k, c in base.items() if rng.random() < 0.8}
    other = dict(reversed(list(kept.items()))) if rng.random() < 0.3 else kept
    a = CountIndex.of_cells(base, shared)
    for numbers in (shared, LabelsKeys()):  # one release's numbering, or each its own
        b = CountIndex.of_cells(other, numbers)
        assert a.same_keys(b) is (a.keys() == b.keys()) is (base.keys() == other.keys())
        mine, theirs = a.meet(b)
        common = [k for k in base if k in other]
        assert [list(base)[i] for i in mine.tolist()] == common
        assert [list(other)[i] for i in theirs.tolist()] == common


def _pair(rng: random.Random, n: int) -> tuple[dict, dict]:
    a = _cells(rng, n)
    b = {}
    for key, cell in a.items():
        if rng.random() < 0.15:
            continue
        roll = rng.random()
        value = cell.value
        if roll < 0.3 and value is not None and value == value:
            value = value + rng.choice([-4, -1, 1, 2, 9])
        elif roll < 0.35:
            value = None
        b[key] = SimpleNamespace(value=value, suppressed=False, source=cell.source,
                                 total_dims=cell.total_dims)
    b |= {("extra", str(k)): SimpleNamespace(value=1.0, suppressed=False, source=None,
                                             total_dims=frozenset())
          for k in range(rng.randint(0, 3))}
    return a, b


@pytest.mark.parametrize("seed", range(60))
def test_same_counts_as_columns_is_same_counts_a_key_at_a_time(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(1_000 + seed)
    cells_a, cells_b = _pair(rng, rng.choice([3, 10, 80, 700]))
    shared = LabelsKeys()
    a = CountIndex.of_cells(cells_a, shared)
    b = CountIndex.of_cells(cells_b, shared if seed % 2 else LabelsKeys())
    threshold = rng.choice([3, 5, 10])
    one_by_one = _same_counts_by_key(a, b, threshold)
    monkeypatch.setattr(differencing, "SAME_COUNTS_WITH_NUMPY_FROM", 0)
    assert _same_counts(a, b, threshold) == one_by_one
    monkeypatch.setattr(differencing, "SAME_COUNTS_WITH_NUMPY_FROM", 10 ** 9)
    assert _same_counts(a, b, threshold) == one_by_one


def test_same_counts_exact() -> None:
    """Two tables: three equal non-zero counts, one zero pair, one 2 apart, one 20 apart, one
    blank: 3 agree of 6 shared, the one 2 apart is the one given."""
    values_a = {"a": 5.0, "b": 7.0, "c": 9.0, "z": 0.0, "d": 10.0, "e": 30.0, "f": None}
    values_b = {"a": 5.0, "b": 7.0, "c": 9.0, "z": 0.0, "d": 12.0, "e": 50.0, "f": 3.0,
                "g": 1.0}

    def index(values: dict) -> CountIndex:
        return CountIndex.of_cells({(k,): SimpleNamespace(value=v, suppressed=False)
                                    for k, v in values.items()})

    for numpy_from in (0, 10 ** 9):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(differencing, "SAME_COUNTS_WITH_NUMPY_FROM", numpy_from)
            assert _same_counts(index(values_a), index(values_b), 5) == (3, 6, [("d",)])
            assert _same_counts(index(values_a), index(values_b), 2) is None  # none < 2 apart


def test_a_long_tables_index_holds_columns_not_a_dict(tmp_path) -> None:
    """A table's count index is two arrays of machine integers (8 bytes a count), its keys
    the release's numbered tuples: no dict a count held to the rule's end."""
    from benchmarks.bench_table_model import make_long
    from sdc.policy import build_policy
    from sdc.readers import read_output
    from sdc.rules.differencing import _count_index

    path = tmp_path / "long.csv"
    make_long(path, 0.05, seed=3)
    (output,) = read_output(path, "long.csv", build_policy({}))
    keys = LabelsKeys()
    index = _count_index(output, keys)
    assert len(index) > 500
    assert isinstance(index.codes, array) and isinstance(index.spots, array)
    assert index.codes.itemsize == index.spots.itemsize == 4
    assert not any(isinstance(getattr(index, name), dict) for name in CountIndex.__slots__)
    assert all(keys.key(code) is key for code, key in zip(index.codes, index, strict=True))
    cells = [output.table.cells[i] for i in index.places()]
    assert [c.labels_key for c in cells] == list(index)
