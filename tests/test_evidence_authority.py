"""Evidence is authoritative and never dropped (issue 11 §3): a sidecar written by the API says
what the values are whatever the labels look like, and a sidecar that does not match the table
as read is a finding, never silently ignored."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _data(labels: list) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"yr": rng.choice([2019, 2020], 300), "g": rng.choice(labels, 300),
                          "los": rng.integers(1, 30, 300)})
    frame.loc[0, ["yr", "g", "los"]] = [2019, labels[1], 100_000]  # one dominant contributor
    return frame


def test_sum_table_with_text_labels_is_a_magnitude(tmp_path: Path) -> None:
    df = _data(["a", "b"])
    sdc.crosstab(df.yr, df.g, values=df.los, aggfunc="sum").to_csv(tmp_path / "sum.csv")
    result = sdc.check(tmp_path, POLICY)
    # the whole-number sums were read as counts: group disclosure still looks at them (a
    # sidecar never removes count checks), capped at review since the sidecar says sums
    # (SDC203: the published sums alone cannot be checked for dominance; kept, since only
    # the sidecar's contributions settle it: sdc.sidecar_bounds)
    assert findings_of(result) == {("SDC201", "sum.csv", "C2"), ("SDC202", "sum.csv", "C2"),
                                   ("SDC103", "sum.csv", "C2"), ("SDC203", "sum.csv", None)}
    (dominant,) = [f for f in result.findings if f.rule == "SDC103"]
    assert dominant.status.value == "review"
    (kept,) = [f for f in result.findings if f.rule == "SDC203"]
    assert (kept.status.value, kept.declaration_kind) == ("review", "evidence_sidecar")


def test_integer_sum_table_under_numeric_labels_is_never_read_as_counts(tmp_path: Path) -> None:
    """``yr`` x ``g`` (g = 1, 2) written by the API: pandas 3 writes the header ``yr,1,2``,
    read as the codes of g (``sdc.readers.layout_header``), so the sidecar matches every cell
    and its contributions are checked: the dominant contributor fails SDC201/SDC202, the
    published sums alone keep SDC203, and no header code is read as a count."""
    df = _data([1, 2])
    sdc.crosstab(df.yr, df.g, values=df.los, aggfunc="sum").to_csv(tmp_path / "sum.csv")
    assert (tmp_path / "sum.csv").read_text().startswith("yr,1,2\n")
    result = sdc.check(tmp_path, POLICY)
    assert findings_of(result) == {("SDC201", "sum.csv", "C2"), ("SDC202", "sum.csv", "C2"),
                                   ("SDC103", "sum.csv", "C2"), ("SDC203", "sum.csv", None)}
    assert result.status.value == "fail"
    assert result.outputs[0].kind == "magnitude"


def test_a_sidecar_that_matches_no_cell_is_review(tmp_path: Path) -> None:
    df = _data(["a", "b"])
    sdc.crosstab(df.yr, df.g, values=df.los, aggfunc="sum").to_csv(tmp_path / "sum.csv")
    text = (tmp_path / "sum.csv").read_text().replace("a,b", "North,South")  # relabelled
    (tmp_path / "sum.csv").write_text(text)
    result = sdc.check(tmp_path, POLICY)
    assert ("SDC602", "sum.csv", None) in findings_of(result)
    assert result.status.value != "pass"
    problems = result.outputs[0].table.problems
    assert any("sidecar" in p for p in problems)  # not used (stale hash) or not matching


def test_sidecar_declared_sum_overrides_count_looking_values(tmp_path: Path) -> None:
    df = _data(["a", "b"])
    sdc.crosstab(df.yr, df.g, values=df.los, aggfunc="sum").to_csv(tmp_path / "sum.csv")
    meta = json.loads((tmp_path / "sum.csv.sdc.json").read_text())
    assert meta["table"]["aggfunc"] == "sum"
    out = sdc.check(tmp_path, POLICY).outputs[0]
    assert out.kind == "magnitude"
