"""Output-checking guides (ONS / UK Data Service SDAP, percentiles): a tail percentile needs
units beyond it as well as behind it (the 90th of 98 values has 9.8 above it: next to the
maximum). ``sdc.crosstab(..., aggfunc="p90")`` saved with ``to_csv`` writes ``region,F,M``:
no header names the 90th, so the file check read the values as unknown (SDC602 ``review``)
and never looked at the tails, where the API's own check fails them (SDC303). The sidecar's
declared ``p90`` now gives SDC303 the level it needs (it only adds that check). A median of
the same data stays SDC602 ``review`` as a file: the file alone does not say what the values
are, and the sidecar's word cannot clear that (docs/decisions.md)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy


def incomes(small: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 400
    frame = pd.DataFrame({"region": rng.choice(["North", "South"], n),
                          "sex": rng.choice(["F", "M"], n),
                          "income": rng.integers(10_000, 90_000, n).astype(float)})
    if small:  # South/M cut to 6 people
        south_m = frame.index[(frame.region == "South") & (frame.sex == "M")]
        frame = frame.drop(south_m[6:])
    return frame


def cell_of(region: str, sex: str) -> str:
    """Where ``to_csv`` puts the cell: one header line (F, M from column B), North first."""
    return f"{'BC'[['F', 'M'].index(sex)]}{2 + ['North', 'South'].index(region)}"


def saved(folder: Path, data: pd.DataFrame, aggfunc: str) -> sdc.SDCTable:
    table = sdc.crosstab(data.region, data.sex, values=data.income, aggfunc=aggfunc)
    folder.mkdir()
    table.to_csv(folder / "income.csv")
    return table


def sdc303(findings: list) -> dict[str | None, str]:
    return {f.location.cell: f.status.value for f in findings if f.rule == "SDC303"}


def test_p90_of_about_100_values_is_next_to_the_maximum(tmp_path: Path) -> None:
    data = incomes()
    table = saved(tmp_path / "p90", data, "p90")
    sizes = data.groupby(["region", "sex"]).size()
    # fewer than 10 values above the 90th: under 100 values (10% of n < 10), counted exactly
    must = {cell_of(r, s) for (r, s), n in sizes.items() if n < 100}  # 10 of 100 is not
    assert must == {"C2"}  # North/M, 98 values                       # fewer than 10
    result = sdc.check(tmp_path / "p90", build_policy({}))
    found = sdc303(result.findings)
    assert found == sdc303(table.findings)  # the API's own verdict, cell for cell
    assert found == dict.fromkeys(must, "fail")  # exact at the edge (tests/test_tail_boundary)
    assert result.status.value == "fail"


def test_p90_without_its_sidecar_is_review_not_a_tail(tmp_path: Path) -> None:
    """The file alone: its values are unknown (SDC602 ``review``), no SDC303 on them."""
    saved(tmp_path / "p90", incomes(), "p90")
    (tmp_path / "p90" / "income.csv.sdc.json").unlink()
    result = sdc.check(tmp_path / "p90", build_policy({}))
    assert sdc303(result.findings) == {}
    assert {f.rule for f in result.findings} == {"SDC602"}
    assert result.status.value == "review"


def test_median_as_a_file_stays_review(tmp_path: Path) -> None:
    """The API says nothing of the medians (every cell rests on 98-101 values); as a file
    the values are not named, and the sidecar's ``median`` cannot make them pass: SDC602
    ``review``, marked as resting on the sidecar, and no SDC303."""
    table = saved(tmp_path / "median", incomes(), "median")
    assert table.findings == []
    result = sdc.check(tmp_path / "median", build_policy({}))
    assert sdc303(result.findings) == {}
    assert [(f.rule, f.status.value, f.declaration_kind) for f in result.findings] == [
        ("SDC602", "review", "evidence_sidecar")]
    assert result.status.value == "review"


def test_median_of_six_fails_as_a_file(tmp_path: Path) -> None:
    """The twin with a thin cell: the median of 6 people is SDC303 ``fail`` at its cell in
    the file check as in the API's."""
    table = saved(tmp_path / "median", incomes(small=True), "median")
    result = sdc.check(tmp_path / "median", build_policy({}))
    assert sdc303(result.findings) == sdc303(table.findings) == {cell_of("South", "M"): "fail"}
    assert result.status.value == "fail"
