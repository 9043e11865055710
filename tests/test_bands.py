"""Band labels as intervals, and the slivers two cuttings of one variable give away."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.bands import Band, SliverDerivation, derive_slivers, parse_band, parse_bands

INF = math.inf


@pytest.mark.parametrize(
    ("label", "lo", "hi"),
    [
        ("18-64", 18, 65),
        ("18–65", 18, 66),  # en dash
        ("18 — 65", 18, 66),  # em dash, spaces
        ("18 to 64", 18, 65),
        ("between 20 and 24", 20, 25),
        ("<20", -INF, 20),
        ("< 20", -INF, 20),
        ("under 20", -INF, 20),
        ("Under 20 years", -INF, 20),
        ("less than 20", -INF, 20),
        ("≤19", -INF, 20),
        ("<=19", -INF, 20),
        ("up to 19", -INF, 20),
        ("19 and under", -INF, 20),
        ("70+", 70, INF),
        ("70 +", 70, INF),
        ("70 and over", 70, INF),
        ("70 or over", 70, INF),
        ("65 and older", 65, INF),
        ("65 years and over", 65, INF),
        ("≥70", 70, INF),
        ("at least 70", 70, INF),
        ("over 70", 71, INF),  # strictly over: 71, 72, ...
        (">70", 71, INF),
        ("more than 70", 71, INF),
        ("[20, 25)", 20, 25),
        ("[20,25]", 20, 26),
        ("(20,25]", 21, 26),
        ("(20, 25)", 21, 25),
        ("[0, inf)", 0, INF),
        ("20-<25", 20, 25),
        ("20 to under 25", 20, 25),
        ("aged 20-24", 20, 25),
        ("Aged 20 to 24", 20, 25),
        ("85+ years", 85, INF),
        ("85 yrs+", 85, INF),
        ("Age 40-49", 40, 50),
        ("age group 40-49", 40, 50),
        ("20-24y", 20, 25),
        ("-10 to -5", -10, -4),
        ("18.5-24.9", 18.5, 25.0),  # inclusive at one decimal
        ("<18.5", -INF, 18.5),
        ("25-29.9", 25, 30),
        ("£10,000-£19,999", 10000, 20000),
        ("(100,200]", 101, 201),  # a comma between bounds is no thousands separator
    ],
)
def test_parse_band(label: str, lo: float, hi: float) -> None:
    band = parse_band(label)
    assert band is not None, label
    assert (band.lo, band.hi) == (lo, hi)
    assert band.label == label.strip()


@pytest.mark.parametrize(
    "label", ["Male", "Total", "All ages", "Unknown", "", "  ", "2019", "0", "20-", "65-70-75",
              "5 to 3", "[25, 20)", "20 and 24", "10-20%"]
)
def test_not_a_band(label: str) -> None:
    assert parse_band(label) is None


def test_single_values_on_request() -> None:
    assert parse_band("0", single_values=True) == Band(0, 1, "0")
    assert parse_band("2019", single_values=True) == Band(2019, 2020, "2019")
    assert parse_band("7.5", single_values=True) == Band(7.5, 7.6, "7.5")


def test_parse_bands_uses_single_values_only_next_to_real_bands() -> None:
    assert parse_bands(["0", "1-4", "5-9", "10+", "Total"]) == [
        Band(0, 1, "0"), Band(1, 5, "1-4"), Band(5, 10, "5-9"), Band(10, INF, "10+"), None,
    ]
    assert parse_bands(["2019", "2020", "Total"]) == [None, None, None]


def test_resolution_overrides_the_written_precision() -> None:
    assert parse_band("18-64", resolution=1) == Band(18, 65, "18-64")
    assert parse_band("(20,25]", resolution=0.5) == Band(20.5, 25.5, "(20,25]")
    with pytest.raises(ValueError):
        parse_band("18-64", resolution=0)


def test_band_semantics() -> None:
    band = parse_band("18-64")
    assert band is not None
    assert 18 in band and 64 in band and 64.9 in band
    assert 65 not in band and 17 not in band
    assert band.width == 47
    assert band.interval() == "[18, 65)"
    assert str(band) == "18-64"
    with pytest.raises(ValueError):
        Band(5, 5)


# -- slivers --------------------------------------------------------------------------------------


def bands(*labels: str) -> list[Band]:
    out = [parse_band(x) for x in labels]
    assert all(b is not None for b in out), labels
    return out  # type: ignore[return-value]


def summary(found: list[tuple[Band, SliverDerivation]]) -> list[tuple]:
    return [(s.lo, s.hi, d.labels) for s, d in found]


def count(ages: np.ndarray, band: Band) -> int:
    return int(((ages >= band.lo) & (ages < band.hi)).sum())


def evaluate(ages: np.ndarray, d: SliverDerivation) -> int:
    return sum(count(ages, b) for b in d.plus) - sum(count(ages, b) for b in d.minus)


def test_handbook_age_recoding_reveals_20_to_24() -> None:
    # One table cuts age as <20, 20-39; another as <25, 25-39. Neither publishes 20-24, but
    # (<25) - (<20) and (20-39) - (25-39) both give its count.
    found = derive_slivers(bands("<20", "20-39"), bands("<25", "25-39"))
    assert summary(found) == [
        (20, 25, (("20-39",), ("25-39",))),
        (20, 25, (("<25",), ("<20",))),
    ]
    assert [str(d) for _, d in found] == ["(20-39) − (25-39)", "(<25) − (<20)"]
    ages = np.random.default_rng(1).integers(0, 40, 500)
    for sliver, d in found:
        assert evaluate(ages, d) == count(ages, sliver)


def test_shared_open_band_adds_nothing() -> None:
    found = derive_slivers(bands("<20", "20-39", "40+"), bands("<25", "25-39", "40 and over"))
    assert [(s.lo, s.hi) for s, _ in found] == [(20, 25), (20, 25)]


def test_bands_shifted_by_five_reveal_every_five_years() -> None:
    a = bands("0-9", "10-19", "20-29")
    b = bands("0-4", "5-14", "15-24", "25-29")
    found = derive_slivers(a, b)
    assert sorted({(s.lo, s.hi) for s, _ in found}) == [(5, 10), (10, 15), (15, 20), (20, 25)]
    # [10, 15): (10-19 + 20-29) - (15-24 + 25-29), and (0-4 + 5-14) - (0-9)
    ten = [d.labels for s, d in found if s.lo == 10]
    assert ten == [(("10-19", "20-29"), ("15-24", "25-29")), (("0-4", "5-14"), ("0-9",))]
    ages = np.random.default_rng(2).integers(0, 30, 1000)
    for sliver, d in found:
        assert evaluate(ages, d) == count(ages, sliver)


def test_lower_limit_lets_open_bands_meet_closed_ones() -> None:
    a = bands("<20", "20-39")
    b = bands("0-24", "25-39")
    # without a floor, <20 also holds negative ages that 0-24 does not: their count is then a
    # sliver of its own, so is 0-19, and (0-24) - (<20) is no longer a difference of nested sets
    assert summary(derive_slivers(a, b)) == [
        (-INF, 0, (("<20", "20-39"), ("0-24", "25-39"))),
        (0, 20, (("0-24", "25-39"), ("20-39",))),
        (20, 25, (("20-39",), ("25-39",))),
    ]
    assert [d.labels for _, d in derive_slivers(a, b, lower_limit=0)] == [
        (("20-39",), ("25-39",)),
        (("0-24",), ("<20",)),
    ]


def test_minimal_leaves_out_slivers_that_contain_slivers() -> None:
    a = bands("0-9", "10-19", "20-29")
    b = bands("0-4", "5-14", "15-24", "25-29")
    everything = {(s.lo, s.hi) for s, _ in derive_slivers(a, b, minimal=False)}
    assert (5, 20) in everything and (5, 10) in everything
    assert (5, 20) not in {(s.lo, s.hi) for s, _ in derive_slivers(a, b)}


def test_identical_or_nested_cuttings_give_nothing() -> None:
    a = bands("<20", "20-39", "40+")
    assert derive_slivers(a, bands("<20", "20-39", "40+")) == []
    assert derive_slivers(a, bands("<40", "40+")) == []  # coarser: only unions of a's bands
    assert derive_slivers(a, []) == []


def test_non_bands_are_skipped_and_overlaps_rejected() -> None:
    a = [*bands("<20", "20-39"), parse_band("Total")]
    assert len(derive_slivers(a, bands("<25", "25-39"))) == 2
    with pytest.raises(ValueError, match="overlapping"):
        derive_slivers(bands("<20", "<40"), bands("<25"))


# -- property: every reported derivation is right, and nothing derivable is missed -----------------


@st.composite
def cuttings(draw: st.DrawFn) -> tuple[list[Band], list[Band]]:
    def one() -> list[Band]:
        cuts = sorted(set(draw(st.lists(st.integers(1, 19), max_size=6))))
        points = [0, *cuts, 20]
        out = [Band(lo, hi, f"{lo}-{hi - 1}") for lo, hi in itertools.pairwise(points)]
        keep = draw(st.lists(st.booleans(), min_size=len(out), max_size=len(out)))
        return [b for b, k in zip(out, keep, strict=True) if k or len(out) == 1]

    return one(), one()


def _in_span(rows: np.ndarray, target: np.ndarray) -> bool:
    if rows.size == 0:
        return not target.any()
    coef = np.linalg.lstsq(rows.T, target, rcond=None)[0]
    return bool(np.abs(rows.T @ coef - target).max() < 1e-9)


@settings(max_examples=75, deadline=None)
@given(cuttings())
def test_slivers_are_correct_and_complete(cut: tuple[list[Band], list[Band]]) -> None:
    a, b = cut
    found = derive_slivers(a, b, minimal=False)
    ages = np.arange(20)
    for sliver, d in found:
        assert not any(sliver.same_interval(x) for x in a + b)
        indicator = (ages >= sliver.lo) & (ages < sliver.hi)
        plus = sum(((ages >= x.lo) & (ages < x.hi)).astype(int) for x in d.plus)
        minus = sum(((ages >= x.lo) & (ages < x.hi)).astype(int) for x in d.minus)
        assert (plus - minus == indicator.astype(int)).all()
    # completeness: take every interval whose count follows from the published counts (its
    # indicator is in their linear span) but only with a subtraction (it is no sum of disjoint
    # bands); the smallest of them are exactly the minimal slivers
    rows = np.array([((ages >= x.lo) & (ages < x.hi)).astype(float) for x in a + b])
    minimal = {(s.lo, s.hi) for s, _ in derive_slivers(a, b)}

    def tiled(lo: int, hi: int) -> bool:
        reach = {lo}
        for start in range(lo, hi):
            if start in reach:
                reach |= {int(x.hi) for x in a + b if x.lo == start and x.hi <= hi}
        return hi in reach

    derivable = {
        (lo, hi)
        for lo in range(20)
        for hi in range(lo + 1, 21)
        if not tiled(lo, hi) and _in_span(rows, ((ages >= lo) & (ages < hi)).astype(float))
    }
    smallest = {
        (lo, hi) for lo, hi in derivable
        if not any((p, q) != (lo, hi) and lo <= p and q <= hi for p, q in derivable)
    }
    assert smallest == minimal, (a, b)


@pytest.mark.parametrize(("label", "lo", "hi"), [
    ("0-11 months", 0.0, 1.0),
    ("0-12 months", 0.0, 13 / 12),
    ("6-11 mths", 0.5, 1.0),
    ("5 to 9 years", 5.0, 10.0),
    ("12 months+", 1.0, math.inf),
    ("<28 days", -math.inf, 28 / 365.25),
    ("0-6 weeks", 0.0, 49 / 365.25),
])
def test_bands_with_units_are_read_in_years(label: str, lo: float, hi: float) -> None:
    band = parse_band(label)
    assert band is not None and band.label == label
    assert (band.lo, band.hi) == pytest.approx((lo, hi))


def test_months_and_years_in_one_variable_tile_the_line() -> None:
    bands = parse_bands(["0-11 months", "1-4", "5-9 years", "Unknown"])
    assert [(b.lo, b.hi) for b in bands if b is not None] == [(0, 1), (1, 5), (5, 10)]
    assert bands[3] is None
    assert derive_slivers(bands[:3], [parse_band("0-4 years"), parse_band("5-9")]) == []
