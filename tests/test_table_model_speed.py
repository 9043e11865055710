"""The per-cell table model's speed-ups read exactly what the plain code read (issue 12
channel 12, issue 14 §3): each faster piece is held to the straightforward version it replaced."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.readers.layout import LayoutOptions, _crosses
from sdc.readers.values import MarkerSet


def _crosses_all_pairs(groups: list[tuple], values: list[float]) -> bool:
    """The former _crosses: each distinct set counted against every group (quadratic)."""
    sets: dict[tuple, set[float]] = {}
    for g, v in zip(groups, values, strict=True):
        sets.setdefault(g, set()).add(v)
    if len(sets) < 2:
        return False
    common = max((frozenset(s) for s in sets.values()),
                 key=lambda s: sum(1 for t in sets.values() if t == s))
    same = sum(1 for t in sets.values() if t == common)
    return len(common) >= 2 and same >= 2 and same * 2 >= len(sets)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), max_size=40))
def test_crosses_matches_all_pairs(rows: list[tuple[int, int]]) -> None:
    groups = [(g,) for g, _ in rows]
    values = [float(v) for _, v in rows]
    assert _crosses(groups, values) == _crosses_all_pairs(groups, values)


def _is_total_plain(options: LayoutOptions, label: str) -> bool:
    low = label.strip().lower()
    if not low:
        return False
    return low in options._totals or low.startswith(("total ", "all "))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Total", " total ", "All ages", "all", "North", "", "  ",
                                 "TOTAL", "Totals", "total x", "Sum"]) | st.text(max_size=8),
                max_size=30))
def test_is_total_cache_matches_plain(labels: list[str]) -> None:
    options = LayoutOptions(markers=MarkerSet(["[c]"]), total_labels=("Total", "Sum"))
    for label in labels + labels:  # the second pass is answered from the cache
        assert options.is_total(label) == _is_total_plain(options, label)


def _looks_binary_plain(text: str) -> bool:
    """The former looks_binary: control characters counted one by one in Python."""
    sample = text[:64 * 1024]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls > max(2, len(sample) // 200)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3FF), max_size=600))
def test_looks_binary_matches_plain(text: str) -> None:
    from sdc.readers.csv_reader import looks_binary

    assert looks_binary(text) == _looks_binary_plain(text)
