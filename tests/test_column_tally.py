"""``column_tally.tally`` (each distinct fact once, weighed by its count) counts a column as the
cell-by-cell loop does, and the layout reads the same columns as numbers through it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc.code_rows import Fact
from sdc.policy import build_policy
from sdc.readers import column_tally
from sdc.readers.column_tally import GROUPED_FROM, tally, tally_ordered

# what a column's cells may say: numbers, percent names (describe()), markers, one-letter
# markers, band labels, statistic names, labels, blanks
_POOL = [Fact("12", 12.0, None, False), Fact("3", 3.0, None, False),
         Fact("2019", 2019.0, None, False), Fact("50%", 50.0, None, False),
         Fact("[c]", None, "[c]", False), Fact("x", None, "x", False),
         Fact("<20", None, None, False), Fact("20-39", None, None, False),
         Fact("mean", None, None, False), Fact("count", None, None, False),
         Fact("Female", None, None, False), Fact("", None, None, False),
         Fact(" ", None, None, False), None]


def _same(facts: list[Fact | None]) -> None:
    ordered, grouped = tally_ordered(facts), tally(facts)
    ordered.codes.sort()
    grouped.codes.sort()
    assert grouped == ordered


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(range(len(_POOL))), min_size=1, max_size=8),
       st.lists(st.integers(0, 7), min_size=GROUPED_FROM, max_size=GROUPED_FROM + 200))
def test_a_tally_by_distinct_facts_equals_the_cell_by_cell_one(chosen, picks):
    """A long column of a few shared facts (as a code column is), in any order."""
    _same([_POOL[chosen[k % len(chosen)]] for k in picks])


def test_the_grouped_tally_is_taken_for_a_code_column_and_only_then(monkeypatch):
    """Few distinct shared facts: grouped (no cell-by-cell loop); a percent name among them
    (the one count that depends on the order), or a short column: cell by cell."""
    calls: list[int] = []
    real = column_tally.tally_ordered

    def counting(facts):
        calls.append(len(facts))
        return real(facts)

    monkeypatch.setattr(column_tally, "tally_ordered", counting)
    labels = [_POOL[10], _POOL[8], _POOL[0], _POOL[13]] * 100
    got = tally(labels)
    assert calls == []
    assert (got.num, got.plain, got.text, got.stat_names, got.first, got.last) == (
        100, 100, 200, None, "text", "num")
    tally([*labels, _POOL[3]])  # 50% after a label that names no statistic
    tally(labels[:GROUPED_FROM - 1])
    assert calls == [401, GROUPED_FROM - 1]


@pytest.mark.parametrize("status", ["fail", "pass"])
def test_a_long_table_with_a_year_column_is_checked_as_counts(tmp_path: Path, status):
    """A 600-row long table read from codes (years: numbers, a label column): a count of 3
    fails SDC101 at its cell; the twin with every count 30 or more passes."""
    lines = ["region,year,sex,n"]
    for r in range(100):
        for y in range(3):
            for sex in ("Female", "Male"):
                lines.append(f"Area{r:03d},{2019 + y},{sex},{40 + (r + y) % 50}")
    if status == "fail":
        lines[150] = lines[150].rsplit(",", 1)[0] + ",3"
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n")
    result = sdc.check(path, build_policy({}))
    assert result.status.value == status
    if status == "fail":
        small = [f for f in result.findings if f.rule == "SDC101"]
        assert [(f.status.value, f.location.cell) for f in small] == [("fail", "D151")]
