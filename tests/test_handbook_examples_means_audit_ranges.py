"""The counts the means give back as ranges bound the audit (round 35, oracle35; round 34's
residual 1).

Round 34 fed the audit's systems only the counts the means give back exactly or below the
threshold. A range at or above it (North's women 17 to 19, its men 21 to 23) was dropped,
yet through the linked table's margins it leaves the young women 2 to 4: SDC502 ``fail``
there, which the audit did not say. Now every range the means leave that is narrower than
the table's own margins allow bounds the audit's systems.

The oracle: every hidden count's values over every release the files allow, enumerated here
(``tests.test_handbook_examples_means_linked.hidden_values``: every whole completion of
both tables, their margins, the cells they share and the means' relation), and the audit's
interval of every hidden cell (read from the shared audit) must be exactly their least and
largest, not only where a finding is made.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import sdc
import sdc.rules.suppression as suppression
from sdc.policy import build_policy
from tests.test_handbook_examples_means import THRESHOLD
from tests.test_handbook_examples_means_linked import (
    LINKED_POLICY,
    ages_rows,
    audit_findings,
    expected_audit,
    hidden_values,
    linked_release,
)

# (seed, decimals of the mean ages): the ages drawn and how they are printed. In the first the
# means leave North's women 17 to 19 (none small) and the young women 2 to 4; in the twin,
# printed to whole years, they leave North's women 15 to 26 and the young women 0 to 11
RANGED = (21, 1)
TWIN = (1, 0)


@pytest.fixture
def audited(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[tuple[str, str | None],
                                                             tuple[float, float]]]:
    """Every hidden cell's interval in the release's audit, by (file, cell), as the audit's
    readers leave it."""
    seen: dict[tuple[str, str | None], tuple[float, float]] = {}
    read = suppression._audit_read

    def spy(ctx: Any, outputs: Any, shared: Any, code: str) -> None:
        for a in shared.cells:
            seen[(a.ts.output.path, a.ts.output.location(a.cell).cell)] = (
                a.interval.lo, a.interval.hi)
        read(ctx, outputs, shared, code)

    monkeypatch.setattr(suppression, "_audit_read", spy)
    yield seen


def _hull(seed: int, decimals: int, counts_in: str) -> dict[tuple[str, str], tuple[int, int]]:
    files = {"ages": counts_in, "by_age": "by_age.csv"}
    return {(files[name], at): (min(v), max(v))
            for (name, at), v in hidden_values(True, seed, decimals).items()}


def test_the_cases() -> None:
    """What the enumeration says: the means leave North's women a range at or above the
    threshold, the margins alone 15 to 30; the young women a range below the threshold in the
    first case, reaching it in the twin."""
    plain = hidden_values(False, *RANGED)
    assert plain[("ages", "C2")] == set(range(15, 31))
    ranged = hidden_values(True, *RANGED)
    assert ranged[("ages", "C2")] == {17, 18, 19} and min(ranged[("ages", "C2")]) >= THRESHOLD
    assert ranged[("by_age", "D2")] == {2, 3, 4}
    twin = hidden_values(True, *TWIN)
    assert twin[("ages", "C2")] == set(range(15, 27))
    assert twin[("by_age", "D2")] == set(range(0, 12))


@pytest.mark.parametrize("split", [False, True], ids=["one-file", "across-files"])
def test_a_range_the_means_leave_pins_a_linked_cell_below_the_threshold(
        tmp_path: Path, split: bool, audited: dict[tuple[str, str | None], tuple[float, float]]
        ) -> None:
    folder = linked_release(tmp_path / "release", split, seed=RANGED[0], decimals=RANGED[1])
    result = sdc.check(folder, build_policy(LINKED_POLICY))
    counts_in = "counts.csv" if split else "ages.csv"
    expected = expected_audit(True, counts_in, *RANGED)
    assert expected == {("by_age.csv", "D2"): ("SDC502", "fail")}
    assert audit_findings(result) == expected
    young = next(f for f in result.findings if f.rule == "SDC502")
    assert young.evidence["interval"] == [2, 4]
    assert result.status.value == "fail"
    assert audited == _hull(*RANGED, counts_in)


@pytest.mark.parametrize("split", [False, True], ids=["one-file", "across-files"])
def test_a_range_that_leaves_the_linked_cell_protected(
        tmp_path: Path, split: bool, audited: dict[tuple[str, str | None], tuple[float, float]]
        ) -> None:
    """The safe twin: the means narrow North's women (to 15 to 26), the young women stay 0
    to 11, reaching the threshold: no audit finding, and every interval still the truth's."""
    folder = linked_release(tmp_path / "release", split, seed=TWIN[0], decimals=TWIN[1])
    result = sdc.check(folder, build_policy(LINKED_POLICY))
    counts_in = "counts.csv" if split else "ages.csv"
    assert expected_audit(True, counts_in, *TWIN) == {}
    assert audit_findings(result) == {}
    assert audited == _hull(*TWIN, counts_in)


def test_the_range_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read whole and streamed, at ``-j 1`` and ``-j 2``: the same report byte for byte, the
    streamed read checked again once a range bounds a table whose systems were built where it
    was read."""
    from tests.test_handbook_examples_means_streamed import _four_ways

    folder = linked_release(tmp_path / "release", True, seed=RANGED[0], decimals=RANGED[1])
    ways = _four_ways(folder, monkeypatch, LINKED_POLICY)
    assert len({report for report, _f, _r in ways.values()}) == 1
    assert ways[("whole", 1)][2] == 1 and ways[("streamed", 1)][2] == 2
    assert '"SDC502"' in ways[("whole", 1)][0]


# --- means that contradict the tables linked to their counts (round 34's residual 2) --------

def contradicting_rows(decimals: int) -> list[tuple[str, str, str, str]]:
    """The release's rows with North's mean ages replaced by 30, 50 and 44 (to ``decimals``):
    over North's 40 people they say its women are 12 (printed to a tenth) or 10 to 14 (whole
    years), which North's row alone allows (any split of 40) but the linked table does not
    (its women, less the 35 older ones, leave North's women at least 15): means of other
    people than the counts printed (a mean over fewer people than its count)."""
    means = {"F": 30.0, "M": 50.0, "Total": 44.0}
    return [(r, s, n, f"{means[s]:.{decimals}f}" if r == "North" else m)
            for r, s, n, m in ages_rows()]


@pytest.mark.parametrize("decimals", [1, 0], ids=["exact", "range"])
def test_the_contradiction_is_only_through_the_linked_table(decimals: int) -> None:
    """The enumeration: no completion of both tables fits the means; North's row alone does
    (its women 12, or 10 to 14); without the means, North's women are 15 to 30."""
    rows = contradicting_rows(decimals)
    assert hidden_values(True, rows=rows) == {}
    assert hidden_values(False, rows=rows)[("ages", "C2")] == set(range(15, 31))
    north = [(float(m), 0.5 * 10.0 ** -decimals) for r, _s, _n, m in rows if r == "North"]
    alone = {women for women in range(41)
             if abs(women * north[0][0] + (40 - women) * north[1][0] - 40 * north[2][0])
             <= 40 * (north[0][1] + north[2][1]) + 1e-9}  # each member's half-unit + margin's
    assert alone == ({12} if decimals else set(range(10, 15)))


@pytest.mark.parametrize("decimals", [1, 0], ids=["exact", "range"])
@pytest.mark.parametrize("split", [False, True], ids=["one-file", "across-files"])
def test_means_that_contradict_a_linked_table_are_reviewed_and_left_out(
        tmp_path: Path, split: bool, decimals: int,
        audited: dict[tuple[str, str | None], tuple[float, float]]) -> None:
    """SDC402 ``review`` at the counts' table, naming the counts the means give back; the
    audit reads the tables as if no mean were printed (every interval the enumeration's
    without the means' relation): not the links dropped (round 34 named the tables as
    contradicting each other), nor the contradicted counts reported as recomputed."""
    rows = contradicting_rows(decimals)
    folder = linked_release(tmp_path / "release", split, rows=rows)
    result = sdc.check(folder, build_policy(LINKED_POLICY))
    counts_in = "counts.csv" if split else "ages.csv"
    got = [(f.rule, f.status.value, f.location.path, f.location.cell)
           for f in result.findings if f.rule in ("SDC402", "SDC501", "SDC502")]
    assert got == [("SDC402", "review", counts_in, "C2")]
    finding = next(f for f in result.findings if f.rule == "SDC402")
    assert "the means are not of the counts printed" in finding.message
    assert [loc.cell for loc in finding.related or []] == ["C3"]
    assert result.status.value != "pass"
    files = {"ages": counts_in, "by_age": "by_age.csv"}
    assert audited == {(files[name], at): (min(v), max(v))
                       for (name, at), v in hidden_values(False, rows=rows).items()}


@pytest.mark.parametrize("split", [False, True], ids=["one-file", "across-files"])
def test_means_that_fit_the_linked_table_are_no_contradiction(tmp_path: Path, split: bool
                                                              ) -> None:
    """The twin: round 34's means, which fit both tables: no SDC402."""
    folder = linked_release(tmp_path / "release", split)
    result = sdc.check(folder, build_policy(LINKED_POLICY))
    assert [f for f in result.findings if f.rule == "SDC402"] == []
