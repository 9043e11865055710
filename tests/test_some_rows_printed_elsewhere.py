"""A table that prints some of another's rows (round 36, hunt36; round 37, link37), and
``Women``/``Men``.

hunt32's pair (``tests/test_hunt32_linked_only_modes.py``): ``a.csv`` hides North and South
(each safe alone: every printed count at least 10). A second table that prints only South's
and East's rows (the first half of a table, a filtered table) and no totals row gave South
back, so North/F (4) through ``a.csv``'s margin; the release passed, because that table's
column sums over its two rows (its lines' unpublished totals, keyed like margins) differed
from ``a.csv``'s margins and parted the two tables as counts of another population. Now
such a sum is compared only with a total over no other categories of the line
(``sdc.linking._comparable``), and where it differs from one over others it parts the
tables only when they agree on fewer than two printed cells (``_exact_links``). A table
split in three files by rows (first half, second half, totals) was ``pass``: now each
file whose hidden cells the others give back fails. A table by ``Women``/``Men`` beside
one by ``F``/``M`` was not linked: now it is. Tables of other age bands that agree on
no cell are still parted by their sums (``tests/test_age_band_tables_apart.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import release_modes
from tests.release_modes import found as _found
from tests.test_hunt32_linked_only_modes import _table

jobs = release_modes.jobs  # the fixture its tests take: each mode


A_FAILS = {("a.csv", "SDC501", "fail", cell) for cell in ("B2", "B3", "C2", "C3")}


def test_some_rows_printed_elsewhere_give_the_hidden_cells_back(tmp_path: Path,
                                                                 jobs: int) -> None:
    _table([0, 1]).to_csv(tmp_path / "a.csv")  # North and South hidden
    _table([]).iloc[1:3].to_csv(tmp_path / "b.csv")  # South and East printed, no totals row
    status, statuses, found = _found(tmp_path, jobs)
    assert (status, statuses) == ("fail", {"a.csv": "fail", "b.csv": "pass"})
    assert found == A_FAILS  # North/F = 4 through b.csv's South/F = 51


def test_the_safe_twin_prints_rows_the_table_prints(tmp_path: Path, jobs: int) -> None:
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    _table([]).iloc[2:4].to_csv(tmp_path / "b.csv")  # East and West: printed in a.csv too
    assert _found(tmp_path, jobs) == ("pass", {"a.csv": "pass", "b.csv": "pass"}, set())


def _split_in_three(root: Path, hidden_rows: list[int]) -> None:
    _table([0, 1]).to_csv(root / "a.csv")
    b = _table(hidden_rows)
    b.iloc[:2].to_csv(root / "b1.csv")  # first half
    b.iloc[2:4].to_csv(root / "b2.csv")  # second half
    b.iloc[4:].to_csv(root / "b3.csv")  # the totals row


def test_a_table_split_in_three_files_by_rows_fails(tmp_path: Path, jobs: int) -> None:
    _split_in_three(tmp_path, [0, 2])  # North and East hidden: South printed in b1.csv
    status, statuses, found = _found(tmp_path, jobs)
    assert status == "fail"
    assert statuses == {"a.csv": "fail", "b1.csv": "fail", "b2.csv": "fail", "b3.csv": "pass"}
    # b1.csv's South gives a.csv's South and then North (4) through a.csv's margins;
    # a.csv's East gives b2.csv's
    assert found == A_FAILS | {("b1.csv", "SDC501", "fail", "B2"),
                               ("b1.csv", "SDC501", "fail", "C2"),
                               ("b2.csv", "SDC501", "fail", "B2"),
                               ("b2.csv", "SDC501", "fail", "C2")}


def test_the_split_twin_hiding_the_same_rectangle_passes(tmp_path: Path, jobs: int) -> None:
    _split_in_three(tmp_path, [0, 1])
    assert _found(tmp_path, jobs) == ("pass", {p: "pass" for p in
                                               ("a.csv", "b1.csv", "b2.csv", "b3.csv")}, set())


@pytest.mark.parametrize("words", [("Women", "Men"), ("woman", "man")])
def test_women_and_men_link_with_the_sexes(tmp_path: Path, jobs: int,
                                           words: tuple[str, str]) -> None:
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    _table([0, 2]).rename(columns=dict(zip(("F", "M"), words, strict=True))).to_csv(
        tmp_path / "b.csv")
    status, statuses, found = _found(tmp_path, jobs)
    assert (status, statuses) == ("fail", {"a.csv": "fail", "b.csv": "fail"})
    assert A_FAILS | {("b.csv", "SDC501", "fail", cell)
                      for cell in ("B2", "B4", "C2", "C4")} == found


def test_women_and_men_twin_hiding_the_same_rectangle_passes(tmp_path: Path,
                                                             jobs: int) -> None:
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    _table([0, 1]).rename(columns={"F": "Women", "M": "Men"}).to_csv(tmp_path / "b.csv")
    assert _found(tmp_path, jobs) == ("pass", {"a.csv": "pass", "b.csv": "pass"}, set())
