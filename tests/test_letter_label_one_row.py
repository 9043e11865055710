"""A one-row ``sdc.aggregate`` table of a region named ``X`` (``region,sum`` over
``X,2010.0``): the letter is also a suppression marker, so the layout read a fully suppressed
measure ``region`` and no label column; the evidence sidecar, keyed by region, matched none of
the cells (SDC602 twice, ``review``) and a dominated sum was not failed. The letter is now the
row's label where no column could give a hidden cell away (``sdc.readers.layout_letter_labels``);
hand-written twins with a margin or a hidden count keep the old reading and its findings. Files
on disk as ``sdc.aggregate(...).to_csv`` and a researcher write them (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from sdc.readers import read_output
from tests.conftest import found_with_status as _found

SAFE = [400.0, 300, 200, 100, 410, 310, 210, 110, 150, 160, 170, 180]
DOMINATED = [4000.0, 30, 20, 10, 41, 31, 21, 11, 15, 16, 17, 18]


def _aggregate(folder: Path, turnover: list[float], stats: list[str]) -> Path:
    folder.mkdir(parents=True)
    data = pd.DataFrame({"region": ["X"] * len(turnover),
                         "company": [f"c{i}" for i in range(len(turnover))],
                         "turnover": turnover})
    path = folder / "turnover.csv"
    sdc.aggregate(data, "region", "turnover", stats, contributor="company").to_csv(path)
    return path


def _found_kinds(result: sdc.RunResult) -> set[tuple[str, str | None, str, str | None]]:
    return {(f.rule, f.location.cell, f.status.value, f.declaration_kind)
            for f in result.findings}


def test_the_letter_is_the_label_and_the_sidecar_is_used(tmp_path: Path) -> None:
    path = _aggregate(tmp_path / "r", SAFE, ["sum"])
    assert path.read_text() == "region,sum\nX,2700.0\n"
    (output,) = read_output(path, path.name, build_policy({}))
    assert output.table is not None and output.sidecar is not None
    assert output.table.label_columns == [1] and output.table.dimensions == ["region"]
    assert output.table.problems == []
    assert [c.evidence is not None for c in output.table.cells] == [True]


def test_a_safe_one_row_sum_is_as_any_api_magnitude(tmp_path: Path) -> None:
    # was: SDC602 "does not match the table as read (2 of 2 cells)", SDC602 "could not tell
    # what the values in 'region' are" and SDC203, all review; now only the published-only
    # SDC203 every API magnitude table keeps (sidecar_bounds)
    result = sdc.check(_aggregate(tmp_path / "r", SAFE, ["sum"]).parent, build_policy({}))
    assert _found_kinds(result) == {("SDC203", None, "review", "evidence_sidecar")}


def test_a_dominated_one_row_sum_fails(tmp_path: Path) -> None:
    # was: review only (the sidecar unused); 4,000 of 4,230 is one company's
    result = sdc.check(_aggregate(tmp_path / "r", DOMINATED, ["sum"]).parent,
                       build_policy({}))
    assert _found(result) == {("SDC201", "B2", "fail"), ("SDC202", "B2", "fail"),
                              ("SDC203", None, "review")}


def test_a_small_count_beside_it_still_fails(tmp_path: Path) -> None:
    path = _aggregate(tmp_path / "r", SAFE[:3], ["sum", "count"])
    assert path.read_text() == "region,sum,count\nX,900.0,3\n"
    assert {f for f in _found(sdc.check(path.parent, build_policy({})))
            if f[2] == "fail"} == {("SDC101", "B2", "fail"), ("SDC101", "C2", "fail")}


def _check(tmp_path: Path, text: str) -> sdc.RunResult:
    folder = tmp_path / "h"
    folder.mkdir(parents=True)
    (folder / "t.csv").write_text(text)
    return sdc.check(folder, build_policy({}))


def test_a_letter_beside_a_count_is_its_label(tmp_path: Path) -> None:
    # was: SDC602 review, the letter a measure nobody could tell
    result = _check(tmp_path, "region,count\nX,20\n")
    assert result.findings == [] and result.status.value == "pass"


def test_a_hidden_cell_a_margin_gives_away_stays_hidden(tmp_path: Path) -> None:
    # unchanged: the x is a suppressed cell its row's margin recomputes
    assert _found(_check(tmp_path / "a", "a,Total\nx,20\n")) == {("SDC501", "A2", "fail")}
    assert _found(_check(tmp_path / "b", "a,b,Sum\nx,5,20\n")) == {
        ("SDC101", "B2", "fail"), ("SDC501", "A2", "fail")}
    assert _found(_check(tmp_path / "c", "region,All\nx,20\n")) == {("SDC501", "A2", "fail")}


def test_a_hidden_count_and_a_letter_given_twice_keep_the_old_reading(tmp_path: Path) -> None:
    # a header naming a statistic over the letter, or one letter on two rows: still a hidden
    # cell (two different letters on two rows are labels since hunt round 14:
    # tests/test_letter_labels_rows.py)
    assert _found(_check(tmp_path / "a", "count,sum\nx,2010\n")) == {("SDC203", None, "review")}
    assert _found(_check(tmp_path / "b", "region,sum\nX,2010.0\nX,300\n")) == {
        ("SDC203", None, "review"), ("SDC602", None, "review")}
    assert _found(_check(tmp_path / "c", "region,sum\nx,[c]\n")) == {("SDC602", None, "review")}
