"""A table written by ``sdc.crosstab(...).to_csv()`` and relabelled afterwards (issue 11 item 3):
the sidecar no longer vouches for it, so its numbers are checked as published, under the
stricter reading, and the mismatch is named (SDC602 review). A visible small count fails."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _people() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"region": rng.choice(["North", "South"], 300),
                          "sex": rng.choice(["F", "M"], 300),
                          "died": rng.integers(0, 2, 300).astype(float)})
    west = pd.DataFrame({"region": ["West"] * 4, "sex": ["F"] * 4, "died": [np.nan, 1, 0, 1]})
    return pd.concat([frame, west], ignore_index=True)


def _write(root: Path, table: sdc.SDCTable, old: str, new: str, restamp: bool) -> None:
    path = root / "t.csv"
    table.to_csv(path)
    path.write_text(path.read_text().replace(old, new))
    if restamp:  # the researcher also "fixes" the stale hash: the cells still do not match
        side = root / "t.csv.sdc.json"
        meta = json.loads(side.read_text())
        meta["file"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        side.write_text(json.dumps(meta))


def _run(tmp_path: Path, table, old: str, new: str, restamp: bool) -> sdc.RunResult:
    root = tmp_path / "release"
    root.mkdir()
    _write(root, table, old, new, restamp)
    return sdc.check(root, POLICY)


def test_relabelled_count_table_fails_on_its_published_count(tmp_path: Path) -> None:
    df = _people()
    for restamp in (False, True):
        where = tmp_path / str(restamp)
        where.mkdir()
        result = _run(where, sdc.crosstab(df.region, df.sex), "West", "Wales", restamp)
        assert findings_of(result, {"SDC101", "SDC602"}) == {
            ("SDC101", "t.csv", "B4"), ("SDC602", "t.csv", None)}
        assert result.status.value == "fail"
        problems = result.outputs[0].table.problems
        assert any("sidecar" in p for p in problems)


def test_relabelled_count_table_written_as_floats_still_fails(tmp_path: Path) -> None:
    # aggfunc="count" over values with an empty cell: pandas writes 3.0 and leaves M blank;
    # read alone, 3.0 might be a sum, but the stricter reading checks it as a count
    df = _people()
    table = sdc.crosstab(df.region, df.sex, values=df.died, aggfunc="count")
    for restamp in (False, True):
        where = tmp_path / str(restamp)
        where.mkdir()
        result = _run(where, table, "West", "Wales", restamp)
        lines = (where / "release" / "t.csv").read_text().splitlines()
        assert lines[3] == "Wales,3.0,"
        assert ("SDC101", "t.csv", "B4") in findings_of(result)
        assert ("SDC602", "t.csv", None) in findings_of(result)
        assert result.status.value == "fail"


def test_relabelled_coded_table_fails_without_header_noise(tmp_path: Path) -> None:
    # yr x g written by the API (pandas 3: ``yr,1,2``), the years relabelled by hand
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"yr": rng.choice([2019, 2020, 2021], 300, p=[.49, .49, .02]),
                       "g": rng.choice([1, 2], 300)})
    result = _run(tmp_path, sdc.crosstab(df.yr, df.g), "2021,", "2018,", restamp=True)
    lines = (tmp_path / "release" / "t.csv").read_text().splitlines()
    assert lines[0] == "yr,1,2" and lines[3].startswith("2018,")
    small = {f"{col}4" for col, value in zip("BC", lines[3].split(",")[1:], strict=True)
             if 0 < int(value) < 10}
    assert small
    assert findings_of(result, {"SDC101", "SDC602"}) == {
        ("SDC101", "t.csv", c) for c in small} | {("SDC602", "t.csv", None)}
    assert result.status.value == "fail"
