"""Several rows of one-letter labels that are also suppression markers (hunt round 14):
``sdc.aggregate`` of regions ``X`` and ``C`` writes ``region,sum`` over ``X,...`` and
``C,...``. The one-row reading of layoutfix (round 13) left two rows as a fully suppressed
measure ``region`` with no label column: the sidecar matched no cell (SDC602) and a dominated
sum was only ``review``. With every row's letter a different one and every other cell a
published number, the letters are the labels: no row can be a column margin when the whole
first column would be hidden, so no total recomputes a letter. A letter given twice, a hidden
cell beside a letter and a margin header keep the old reading."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found


def _aggregate(folder: Path, first: float) -> Path:
    folder.mkdir(parents=True)
    turnover = [first, 30, 20, 10, 41, 31, 21, 11, 15, 16, 17, 18,
                400, 300, 200, 100, 410, 310, 210, 110, 150, 160, 170, 180]
    data = pd.DataFrame({"region": ["X"] * 12 + ["C"] * 12,
                         "company": [f"c{i}" for i in range(24)], "turnover": turnover})
    path = folder / "turnover.csv"
    sdc.aggregate(data, "region", "turnover", ["sum"], contributor="company").to_csv(path)
    return path


def test_two_regions_x_and_c_a_dominated_sum_fails(tmp_path: Path) -> None:
    path = _aggregate(tmp_path / "r", 4000.0)
    assert path.read_text().splitlines()[0] == "region,sum"
    result = sdc.check(path.parent, build_policy({}))
    # was: SDC602 twice and SDC203, review (the sidecar matched no cell)
    dominated = "B3" if path.read_text().splitlines()[2].startswith("X") else "B2"
    assert _found(result) == {("SDC201", dominated, "fail"), ("SDC202", dominated, "fail"),
                              ("SDC203", None, "review")}


def test_two_regions_x_and_c_a_safe_sum_is_as_any_api_magnitude(tmp_path: Path) -> None:
    result = sdc.check(_aggregate(tmp_path / "r", 40.0).parent, build_policy({}))
    assert _found(result) == {("SDC203", None, "review")}


def _check(tmp_path: Path, text: str) -> sdc.RunResult:
    folder = tmp_path
    folder.mkdir(parents=True)
    (folder / "t.csv").write_text(text)
    return sdc.check(folder, build_policy({}))


def test_letters_beside_counts_are_labels(tmp_path: Path) -> None:
    result = _check(tmp_path / "a", "region,count\nX,20\nC,3\n")
    # was: SDC602 review (the letters a measure nobody could tell); the 3 now fails at B3
    assert _found(result) == {("SDC101", "B3", "fail"), ("SDC103", "B2", "fail")}


def test_the_old_reading_is_kept_where_a_letter_may_be_hidden(tmp_path: Path) -> None:
    assert _found(_check(tmp_path / "twice", "region,sum\nX,2010.0\nX,300\n")) == {
        ("SDC203", None, "review"), ("SDC602", None, "review")}
    # a margin header: as before (the letters a hidden measure); since hunt2 each row is a
    # line of its own, so each Sum recomputes its row's letter (SDC501, was missed)
    assert _found(_check(tmp_path / "margin", "a,b,Sum\nx,5,20\nc,6,30\n")) == {
        ("SDC101", "B2", "fail"), ("SDC101", "B3", "fail"), ("SDC103", "B2", "fail"),
        ("SDC103", "B3", "fail"), ("SDC501", "A2", "fail"), ("SDC501", "A3", "fail")}
    hidden = _found(_check(tmp_path / "hidden", "region,count\nX,20\nC,[c]\n"))
    assert ("SDC602", None, "review") in hidden
