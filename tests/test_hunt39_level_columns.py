"""Round 39 (hunt39): a row's counts printed as ``North n, North %, ..., Total n`` passed.

The layout reads each such column as a measure of its own (``North / n``), and the audit's
lines run along dimensions one measure at a time: no line joined a row's counts to its ``Total
n``, so ``F, 40, *, 36, 80`` (South's 4 women) passed, under every common spelling of the
header (``North n``, ``n North``, ``North (n)``, ``North_n``, two header lines ``North`` over
``n``), with or without the percentages beside; and a percentage printed beside a hidden count
(``South %`` 5.0 of a row whose North is 40 at 50.0%) gave it back. Found by the random-release
oracle over region × sex × age releases (``test_release_oracle``'s three-way block). Now the
count columns are read as a count table of their levels (``sdc.level_counts_view``), and the
percentages beside them as a table of shares (``sdc.share_recovery``). Each case fails on
main; each twin (the row's total hidden too, the percentage hidden with its count) passes
on main and here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.level_counts_view import level_of
from tests import release_modes

jobs = release_modes.jobs

ROWS = ["F,40,50.0,{s},{sp},36,45.0,80", "M,60,40.0,15,10.0,75,50.0,150"]
HEADERS = {
    "n-after": ["sex,North n,North %,South n,South %,East n,East %,Total n"],
    "n-before": ["sex,n North,% North,n South,% South,n East,% East,n Total"],
    "bracketed": ["sex,North (n),North (%),South (n),South (%),East (n),East (%),Total (n)"],
    "underscored": ["sex,North_n,North_pct,South_n,South_pct,East_n,East_pct,Total_n"],
    "slashed": ["sex,North / n,North / %,South / n,South / %,East / n,East / %,Total / n"],
    "two-lines": ["sex,North,,South,,East,,Total", ",n,%,n,%,n,%,n"],
}


def _write(root: Path, header: list[str], rows: list[str]) -> None:
    root.mkdir(exist_ok=True)
    (root / "t.csv").write_text("\n".join([*header, *rows]) + "\n")


@pytest.mark.parametrize("spelling", list(HEADERS))
def test_a_hidden_count_beside_its_row_total_fails(tmp_path: Path, spelling: str,
                                                   jobs: int) -> None:
    header = HEADERS[spelling]
    _write(tmp_path, header, [ROWS[0].format(s="*", sp="*"), ROWS[1]])
    status, statuses, found = release_modes.found(tmp_path, jobs)
    cell = f"D{len(header) + 1}"  # F / South n
    assert (status, statuses) == ("fail", {"t.csv": "fail"})
    assert found == {("t.csv", "SDC501", "fail", cell)}


@pytest.mark.parametrize("spelling", list(HEADERS))
def test_twin_the_row_total_hidden_too_passes(tmp_path: Path, spelling: str,
                                              jobs: int) -> None:
    """The row's shares hidden too: North's 50.0% would give its total (80) back."""
    _write(tmp_path, HEADERS[spelling], ["F,40,*,*,*,36,*,*", ROWS[1]])
    assert release_modes.found(tmp_path, jobs) == ("pass", {"t.csv": "pass"}, set())


@pytest.mark.parametrize("spelling", ["n-after", "bracketed", "two-lines"])
def test_a_share_printed_beside_a_hidden_count_fails(tmp_path: Path, spelling: str,
                                                     jobs: int) -> None:
    """South's 5.0% of a row whose North is 40 at 50.0%: 4 women; East and the total hidden
    too, so no sum gives South back: only its share does."""
    header = HEADERS[spelling]
    _write(tmp_path, header, ["F,40,50.0,*,5.0,*,*,*", "M,60,40.0,15,10.0,75,50.0,150"])
    status, statuses, found = release_modes.found(tmp_path, jobs)
    assert (status, statuses) == ("fail", {"t.csv": "fail"})
    assert found == {("t.csv", "SDC501", "fail", f"D{len(header) + 1}")}


@pytest.mark.parametrize("spelling", ["n-after", "bracketed", "two-lines"])
def test_twin_the_share_hidden_with_its_count_passes(tmp_path: Path, spelling: str,
                                                     jobs: int) -> None:
    _write(tmp_path, HEADERS[spelling], ["F,40,50.0,*,*,*,*,*", "M,60,40.0,15,10.0,75,50.0,150"])
    assert release_modes.found(tmp_path, jobs) == ("pass", {"t.csv": "pass"}, set())


@pytest.mark.parametrize(("header", "level"), [
    ("North / n", ("North", "n")), ("North n", ("North", "n")), ("n_North", ("North", "n")),
    ("North (n)", ("North", "n")), ("18-29 n", ("18-29", "n")), ("Count: West", ("West", "count")),
    ("North", None), ("n", None), ("Mean age", None), ("North %", None)])
def test_a_header_names_its_level_and_count_word(header: str,
                                                 level: tuple[str, str] | None) -> None:
    assert level_of(header) == level


ROW_SHARES = [
    "age,North n,North %,South n,South %,East n,East %,West n,West %,Total n",
    "18-29,38,22.8,*,{south},73,43.7,*,*,167",
    "30-44,79,36.2,*,*,84,38.5,*,{west},218",
    "45-64,78,31.8,44,18.0,89,36.3,34,13.9,245",
    "65+,33,17.3,61,31.9,10,5.2,87,45.5,191",
    "Total,228,27.8,144,17.5,256,31.2,193,23.5,821",
]


def test_row_shares_read_as_a_measure_per_level_give_a_count_back(tmp_path: Path,
                                                                  jobs: int) -> None:
    """The oracle's seed 445: the shares add up to 100 on every row, which the layout reads
    as one measure per level (row shares), not a column dimension: keyed by the same labels.
    West's 22.0% of 218 is 48, so South's 30-44 is 218 - 79 - 84 - 48 = 7; South's 19.2% of
    18-29's 167 is 32."""
    _write(tmp_path, [ROW_SHARES[0]], [r.format(south="19.2", west="22.0")
                                       for r in ROW_SHARES[1:]])
    assert release_modes.found(tmp_path, jobs) == ("fail", {"t.csv": "fail"}, {
        ("t.csv", "SDC501", "fail", "D2"), ("t.csv", "SDC501", "fail", "H3")})


def test_twin_row_shares_hidden_with_their_counts_pass(tmp_path: Path, jobs: int) -> None:
    _write(tmp_path, [ROW_SHARES[0]], [r.format(south="*", west="*") for r in ROW_SHARES[1:]])
    assert release_modes.found(tmp_path, jobs) == ("pass", {"t.csv": "pass"}, set())


def test_a_pivot_of_aggregates_is_read_here_too() -> None:
    """pandas' ``pivot_table(aggfunc=["count", "max"])`` (ACRO's) names the aggregate first:
    ``count / 0``. Left out in round 39; read since round 41 (ledger41: its row lines gave a
    hidden cell back, ``tests/test_ledger41_pivot_levels.py``); a statistic's level is none."""
    assert level_of("count / 0") == ("0", "count")
    assert level_of("count / All") == ("All", "count")
    assert level_of("('count', 'F')") == ("F", "count")
    assert level_of("max / 0") is None
    assert level_of("('mean', 'F')") is None
