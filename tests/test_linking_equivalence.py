"""The audit's totals found by the numbers alone are those of the plain reading (issue 12
channel 12, issue 14 §3): ``_totals_by_numbers`` takes each line's tolerance once instead of
re-listing the line less each member."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc import linking
from sdc.table import Role
from tests.test_columnar_equivalence import _table  # the CSV text's table, as read

PARTS = ["0", "1", "3", "4", "12", "20", "45", "2.5", "0.5", "1.25", "3.14", "[c]"]


@st.composite
def lines_with_sums(draw: st.DrawFn) -> str:
    """Rows of parts, some with a column that is the sum of the others (``Registered`` beside
    ``Vaccinated`` and ``Not vaccinated``), some hidden cells, counts or decimals."""
    n_parts = draw(st.integers(2, 4))
    header = ["group", *["North", "South", "East", "West"][:n_parts],
              draw(st.sampled_from(["Region", "Registered"]))]
    rows = [header]
    for i in range(draw(st.integers(1, 6))):
        parts = [draw(st.sampled_from(PARTS)) for _ in range(n_parts)]
        known = [float(p) for p in parts if p != "[c]"]
        # the sum exactly, rounded to one decimal (within the printed rounding), or anything
        whole = draw(st.sampled_from([f"{sum(known):g}", f"{sum(known):.1f}",
                                      draw(st.sampled_from(PARTS))]))
        rows.append([f"g{i}", *parts, whole])
    if draw(st.booleans()):
        rows = [list(col) for col in zip(*rows, strict=True)]
    if draw(st.booleans()):  # a magnitude: its tolerance follows the printed decimals
        rows.insert(0, ["Turnover (£m)"] + [""] * (len(rows[0]) - 1))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _plain(lines, rounding_base):
    """``_totals_by_numbers`` as it was: the line less each member listed and measured."""
    if not any(m.value is None and m.suppressed for _, members, total in lines
               if total is None for m in members):
        return frozenset()
    proven: dict[tuple[str, str], int] = defaultdict(int)
    broken: set[tuple[str, str]] = set()
    for dim, members, total in lines:
        if total is not None or len(members) < 3 or any(m.value is None for m in members):
            continue
        whole = sum(m.value for m in members)
        for m in members:
            rest = [o for o in members if o is not m]
            key = (dim, m.coords[dim])
            if m.value and abs(whole - 2 * m.value) <= linking._tolerance(
                    rest, m, rounding_base) and sum(1 for o in rest if o.value) >= 2:
                proven[key] += 1
            else:
                broken.add(key)
    return frozenset(k for k, n in proven.items() if n >= 2 and k not in broken)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines_with_sums(), st.sampled_from([None, 5]))
def test_totals_by_numbers_match_the_plain_reading(text: str, rounding_base: int | None
                                                   ) -> None:
    table = _table(text)
    if table is None:
        return
    for role in (Role.COUNT, Role.MAGNITUDE):
        lines = list(table.lines(role, min_members=1))
        assert linking._totals_by_numbers(lines, rounding_base) == _plain(lines, rounding_base)


def test_a_column_that_sums_the_others_twice_is_a_total() -> None:
    table = _table("group,vaccinated,not vaccinated,registered\n"
                   "a,12,20,32\nb,4,45,49\nc,[c],3,15\n")
    assert table is not None
    lines = list(table.lines(Role.COUNT, min_members=1))
    found = linking._totals_by_numbers(lines, None)
    assert found == _plain(lines, None)
    assert {label for _, label in found} == {"registered"}
