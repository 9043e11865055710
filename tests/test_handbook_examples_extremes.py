"""Output-checking guides (ONS / UK Data Service SDAP "Handbook on Statistical Disclosure
Control for Outputs", minima and maxima): a minimum or a maximum is one record's value and is
not released as it stands. ``sdc.crosstab(..., aggfunc="max")`` of whole-number incomes,
saved with ``to_csv`` (table and sidecar) and checked as files: the API's own check says
SDC302 at every cell; the file check read the whole numbers as a magnitude the sidecar could
not relabel and said only SDC203 ``review``. Now the sidecar's minimum/maximum is read as such
(SDC302 ``fail`` at every published cell); the mean of the same data has no SDC302."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy


def incomes() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 400
    return pd.DataFrame({"region": rng.choice(["North", "South"], n),
                         "sex": rng.choice(["F", "M"], n),
                         "income": rng.integers(10_000, 90_000, n).astype(float)})


def write(folder: Path, aggfunc: str, shift: float = 0.0) -> tuple[sdc.SDCTable, list[str]]:
    """The table saved by the API; the cells of its values as the file lays them out (one
    header line, one label column)."""
    data = incomes()
    table = sdc.crosstab(data.region, data.sex, values=data.income + shift, aggfunc=aggfunc)
    folder.mkdir()
    path = table.to_csv(folder / "income.csv")
    frame = pd.read_csv(path, index_col=0)
    cells = [f"{chr(ord('B') + j)}{i + 2}" for i in range(frame.shape[0])
             for j in range(frame.shape[1])]
    return table, cells


@pytest.mark.parametrize("aggfunc", ["max", "min"])
@pytest.mark.parametrize("shift", [0.0, 0.5])
def test_minima_and_maxima_of_whole_numbers_are_single_records(aggfunc: str, shift: float,
                                                               tmp_path: Path) -> None:
    table, cells = write(tmp_path / "r", aggfunc, shift)
    assert {f.rule for f in table.findings} == {"SDC302"}  # the API's own verdict
    result = sdc.check(tmp_path / "r", build_policy({}))
    found = {f.location.cell: f.status.value for f in result.findings if f.rule == "SDC302"}
    assert found == dict.fromkeys(cells, "fail")
    assert result.status.value == "fail"


def test_the_mean_of_the_same_incomes_is_no_extreme(tmp_path: Path) -> None:
    table, _ = write(tmp_path / "r", "mean")
    result = sdc.check(tmp_path / "r", build_policy({}))
    assert [f for f in result.findings if f.rule == "SDC302"] == []
    assert [f for f in table.findings if f.rule == "SDC302"] == []
