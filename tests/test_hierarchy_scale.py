"""A row dimension's nesting is read by index, not by comparing each label with every earlier
one (round 28, sweep28: a suppressed table of 20,000 LSOA codes, none under another, compared
200 M label pairs and ran for over half an hour). Counted in calls, not timed; the nesting
found must be the one the pairwise reading finds (kept here as the reference)."""

from __future__ import annotations

import random
import re

import pytest

from sdc import hierarchy


def _reference(raws: list[str]) -> list[int | None]:
    """The pairwise reading: walk back to the nearest earlier label set in less deep (labels
    set in) or the nearest one a label falls under by its code (then every row between must
    be under that one too)."""
    depths = [hierarchy._depth(r) for r in raws]
    indented = len(set(depths)) > 1 and len({len(r.rstrip()) for r in raws}) > 1
    parents: list[int | None] = []
    for i, raw in enumerate(raws):
        found = None
        for j in range(i - 1, -1, -1):
            if indented and depths[j] < depths[i]:
                found = j
                break
            if not indented and hierarchy._under_by_code(raw.strip(), raws[j].strip()):
                if all(hierarchy._descends(parents, k, j) for k in range(j + 1, i)):
                    found = j
                break
        parents.append(found)
    return parents


LABELS = ["C", "C10", "C11", "C101", "10", "10.1", "10.2", "10.1.1", "101", "1011", "1", "11",
          "I00-I99", "I20-I25", "I21-I22", "I20", "I21", "I", "A", "A01", "E01000001",
          "E01000002", "E0100000", "  North", " North", "North", "- Leeds", "10 Food",
          "10.1 Meat", "J62", "62", "620", "6201", "I20-I25 ", "AB", "AB1", "A1", "100", "Q86-Q88",
          "Q86", "Q87-Q87", "2.5", "25", "25:x", "S-1"]


@pytest.mark.parametrize("seed", range(4))
def test_nesting_by_index_is_the_pairwise_nesting(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(2500):
        raws = [rng.choice(LABELS) for _ in range(rng.randint(1, 14))]
        assert hierarchy._parents(raws) == _reference(raws), raws


class _CountingPattern:
    """A compiled pattern whose ``match`` calls are counted."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.calls = pattern, 0

    def match(self, text: str) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.match(text)


def test_codes_none_under_another_are_read_once_each(monkeypatch: pytest.MonkeyPatch) -> None:
    code = _CountingPattern(hierarchy._CODE)
    monkeypatch.setattr(hierarchy, "_CODE", code)
    raws = [f"E01{i:06d}" for i in range(1, 2001)]
    assert hierarchy._parents(raws) == [None] * 2000
    # two a label (indexed, looked up); comparing every pair was 2 x 1,999,000
    assert code.calls <= 2 * len(raws)


class _Depth(int):
    """A label's depth whose order comparisons are counted."""

    compared = 0

    def __lt__(self, other: object) -> bool:
        _Depth.compared += 1
        return int(self) < int(other)  # type: ignore[call-overload]

    def __ge__(self, other: object) -> bool:
        _Depth.compared += 1
        return int(self) >= int(other)  # type: ignore[call-overload]


def test_areas_set_in_under_one_region_are_compared_a_bounded_number_of_times(
        monkeypatch: pytest.MonkeyPatch) -> None:
    depth = hierarchy._depth
    monkeypatch.setattr(hierarchy, "_depth", lambda raw: _Depth(depth(raw)))
    _Depth.compared = 0
    # one region row then 2,000 areas set in under it, as a published table nests them; the
    # areas' own depths are equal, so walking back from each reached the region every time
    raws = ["North East"] + [f"  Area {i}" for i in range(2000)]
    assert hierarchy._parents(raws) == [None] + [0] * 2000
    assert _Depth.compared <= 2 * len(raws)


def test_nested_codes_pool_matches_the_pairwise_nesting() -> None:
    rng = random.Random(7)
    pool = ["10", "10.1", "10.2", "10.1.1", "10.1.2", "10.2.1", "11", "11.1", "101", "1011",
            "1012", "102", "C", "C10", "C101", "D", "D35"]
    for _ in range(3000):
        raws = [rng.choice(pool) for _ in range(rng.randint(1, 25))]
        assert hierarchy._parents(raws) == _reference(raws), raws


def test_many_children_of_one_code_are_not_walked_back_each(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    descends = hierarchy._descends

    def counted(parents: list[int | None], k: int, j: int) -> bool:
        nonlocal calls
        calls += 1
        return descends(parents, k, j)

    monkeypatch.setattr(hierarchy, "_descends", counted)
    # SIC division 10 over 2,000 groups: checking that every row between a group and its
    # division is under the division again for each group was 1,999,000 calls
    raws = ["10"] + [f"10.{i}" for i in range(1, 2001)]
    assert hierarchy._parents(raws) == [None] + [0] * 2000
    assert calls <= len(raws)
