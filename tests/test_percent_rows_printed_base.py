"""A share row whose base is printed in its column's header (issue 12, hunt12, round 25).

``Measure,North (n=30),South (n=45)`` over ``Vaccinated %,90.0,80.0`` (a summary table built
by hand, pandas ``.T.to_csv()`` of a frame whose columns carry their n): one dimension, so the
percentage rows of a transposed table were never paired (``_percent_rows`` needs two), and the
cells, read as counts of 90 and 80, passed, while 90% of 30 leaves 3 unvaccinated. The
printed base was used only for columns whose values add up to 100. A cell whose row, or the
dimension's name, names a share is now read as a share of its column's printed base too
(``_unmarked_percentages``): SDC103 ``fail`` at each cell. Safe twin: the same shares of 300
and 450. Written with pandas, checked by the engine in-process."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _by_region(folder: Path, bases: list[int], rows: dict[str, list[float]],
               corner: str = "Measure") -> sdc.RunResult:
    frame = pd.DataFrame(rows, index=[f"North (n={bases[0]})", f"South (n={bases[1]})"])
    frame.rename_axis(corner).T.rename_axis(corner).to_csv(folder / "t.csv")
    return sdc.check(folder, POLICY)


def test_a_share_row_under_printed_bases_gives_the_rest_back(tmp_path: Path) -> None:
    # 90% of 30 leaves 3 unvaccinated; 80% of 45 leaves 9
    result = _by_region(tmp_path, [30, 45], {"Vaccinated %": [90.0, 80.0]})
    assert findings_of(result) == {("SDC103", "t.csv", "B2"), ("SDC103", "t.csv", "C2")}
    assert result.status.value == "fail"


def test_each_share_row_is_a_share_of_the_base(tmp_path: Path) -> None:
    result = _by_region(tmp_path, [30, 45], {"Vaccinated %": [90.0, 80.0],
                                             "Boosted %": [60.0, 50.0]})
    assert findings_of(result) == {("SDC103", "t.csv", "B2"), ("SDC103", "t.csv", "C2")}


def test_a_share_named_by_the_corner_gives_the_rest_back(tmp_path: Path) -> None:
    # the dimension's name says what the numbers are; the only row is its margin
    result = _by_region(tmp_path, [30, 45], {"All": [90.0, 80.0]}, corner="Vaccinated %")
    assert findings_of(result) == {("SDC103", "t.csv", "B2"), ("SDC103", "t.csv", "C2")}


def test_shares_of_large_printed_bases_pass(tmp_path: Path) -> None:
    result = _by_region(tmp_path, [300, 450], {"Vaccinated %": [80.0, 70.0]})
    assert result.status.value == "pass", findings_of(result)


def test_a_mean_beside_a_share_row_passes(tmp_path: Path) -> None:
    # the mean's row names no share: it is not read as one
    result = _by_region(tmp_path, [30, 45], {"Mean age": [60.0, 55.0],
                                             "Vaccinated %": [50.0, 60.0]})
    assert result.status.value == "pass", findings_of(result)


def test_a_proportion_row_is_a_fraction_of_the_base(tmp_path: Path) -> None:
    # 0.8 of 30 leaves 6 (not 0.8% of 30): the group reading at B2 says so
    result = _by_region(tmp_path, [30, 45], {"Proportion vaccinated": [0.8, 0.7]})
    found = [f for f in result.findings if f.rule == "SDC103"]
    assert [(f.location.cell, f.evidence.get("count")) for f in found] == [("B2", 24.0)]
