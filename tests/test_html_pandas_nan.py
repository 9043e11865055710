"""An HTML copy's ``NaN`` label meets a CSV copy's blank (round 49, the lead).

pandas' ``to_html`` writes a missing index label as ``NaN`` where ``to_csv`` writes a blank,
so an HTML table beside a CSV re-run one patient fewer in the missing category never paired:
the CSV passed (and the HTML's ``NaN`` row was guessed a superset of the others: SDC101
``review`` on four cells that no reading gives back). The HTML reader's tables now take the
CSV's labels where pandas wrote them, every cell keeping its own letter, as md49 did for
markdown (``sdc.readers.documents.pandas_labels``). The files are written by pandas itself.
Each case at ``-j 1``/``-j 2``, whole and streamed; the first and third fail on bdb09f9.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written as _write

jobs = release_modes.jobs


def _by_region(g2_missing: int) -> pd.DataFrame:
    frame = pd.DataFrame({"g1": [30, 27, 35], "g2": [25, 22, g2_missing]},
                         index=pd.Index(["North", "South", np.nan], name="region"))
    frame["Total"] = frame.g1 + frame.g2
    return frame


def _by_area_sex(north_men_g2: int) -> pd.DataFrame:
    index = pd.MultiIndex.from_tuples(
        [("North", "F"), ("North", "M"), ("South", "F"), ("South", "M")], names=["area", "sex"])
    frame = pd.DataFrame({"g1": [30, 27, 35, 33], "g2": [25, north_men_g2, 31, 29]},
                         index=index)
    frame["Total"] = frame.g1 + frame.g2
    return frame


def test_a_nan_label_in_html_meets_the_csvs_blank(tmp_path: Path, jobs: int) -> None:
    """The CSV re-run, one fewer in the missing region's g2: SDC503 ``fail`` at its C4 and
    D4. bdb09f9: the CSV passed."""
    files = {"a.html": _by_region(31).to_html(), "b.csv": _by_region(30).to_csv()}
    status, _, found = _found(_write(tmp_path, files), jobs)
    assert status == "fail"
    assert found == {("b.csv", "SDC503", "fail", "C4"), ("b.csv", "SDC503", "fail", "D4")}


def test_a_nan_label_in_html_with_the_same_numbers_passes(tmp_path: Path, jobs: int) -> None:
    files = {"a.html": _by_region(31).to_html(), "b.csv": _by_region(31).to_csv()}
    assert _found(_write(tmp_path, files), jobs)[::2] == ("pass", set())


def test_an_html_nan_row_is_no_superset_of_the_others(tmp_path: Path, jobs: int) -> None:
    """Alone, the ``NaN`` row is a missing region, not a total of North and South (bdb09f9:
    SDC101 ``review`` at B3, C3, B4, C4 for "NaN less North")."""
    assert _found(_write(tmp_path, {"a.html": _by_region(31).to_html()}), jobs)[::2] == (
        "pass", set())


def test_html_row_levels_beside_a_csv_rerun_still_fail(tmp_path: Path, jobs: int) -> None:
    """``to_html``'s MultiIndex (rowspans, no tuples) is untouched: SDC503 ``fail`` at the
    re-run's North men in g2 and their total."""
    files = {"a.html": _by_area_sex(22).to_html(), "b.csv": _by_area_sex(21).to_csv()}
    status, _, found = _found(_write(tmp_path, files), jobs)
    assert status == "fail"
    assert found == {("b.csv", "SDC503", "fail", "D3"), ("b.csv", "SDC503", "fail", "E3")}
