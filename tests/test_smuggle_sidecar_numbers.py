"""Issue 12, channel 6 completed: a sidecar is bound to the numbers of its table, and relabelled
counts keep every count check.

The SHA-256 a sidecar records is easy to recompute, so a researcher can stamp a sidecar of their
own. Two consequences are closed here:

- the evidence must produce the cells the file shows (a count is its records, a sum its total,
  a mean total / values, a median within min..max...); a sidecar whose evidence does not is not
  used and the table is SDC602 review (``sdc.evidence.sidecar.value_problem``);
- a stamped sidecar that calls a count column "mean" (and gives consistent evidence) keeps the
  zeros (SDC102), group disclosure (SDC103) and differencing (SDC503) checks of the whole
  numbers the reader read as counts, not only SDC101; those it would have lost are review.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})
CANCER = "site,Female,Male\nCervix,86,0\nLung,40,41\nColon,30,35\n"


def _stamped(folder: Path, name: str, cells: list[tuple[dict, dict]], aggfunc: str | None,
             index: list[str], columns: list[str]) -> None:
    """A sidecar as an insider writes it: any evidence, and the file's real SHA-256."""
    table = folder / name
    document = {
        "schema": "sdc.evidence/1",
        "file": {"name": name, "sha256": hashlib.sha256(table.read_bytes()).hexdigest()},
        "table": {"index": index, "columns": columns, "values": "x", "aggfunc": aggfunc},
        "cells": [{"coords": coords, **evidence} for coords, evidence in cells]}
    (folder / f"{name}.sdc.json").write_text(json.dumps(document), encoding="utf-8")


def _mean_evidence(value: float, n: int = 100) -> dict:
    """Evidence of a mean of ``value`` over ``n`` records: consistent, so it is bound."""
    return {"n_records": n, "n_units": n, "n_values": n, "n_missing": 0, "n_negative": 0,
            "total": value * n, "top": [], "min": 0.0, "max": 200.0}


def _cancer(folder: Path, evidence=_mean_evidence, aggfunc: str = "mean") -> None:
    folder.mkdir(exist_ok=True)
    (folder / "t.csv").write_text(CANCER, encoding="utf-8")
    frame = pd.read_csv(folder / "t.csv", index_col=0)
    cells = [({"site": site, "sex": sex}, evidence(float(frame.loc[site, sex])))
             for site in frame.index for sex in frame.columns]
    _stamped(folder, "t.csv", cells, aggfunc, ["site"], ["sex"])


def _status(result: sdc.RunResult, rule: str, cell: str) -> str:
    (finding,) = [f for f in result.findings if f.rule == rule and f.location.cell == cell]
    return finding.status.value


# --- relabelled counts keep their checks ----------------------------------------------------


def test_counts_called_means_keep_zero_and_group_disclosure(tmp_path: Path) -> None:
    _cancer(tmp_path)
    result = sdc.check(tmp_path, POLICY)
    assert result.outputs[0].table.problems == []  # the evidence is consistent: it is used
    assert findings_of(result, {"SDC102", "SDC103", "SDC602"}) == {
        ("SDC102", "t.csv", "C2"), ("SDC103", "t.csv", "B2")}
    # the guess "whole numbers are counts" may be wrong (means of 86.0 exist): review
    assert _status(result, "SDC102", "C2") == "review"
    assert _status(result, "SDC103", "B2") == "review"
    (zero,) = [f for f in result.findings if f.rule == "SDC102"]
    assert zero.text(show_values=False) == (
        "zero count (class disclosure unless structural) (read as a count: the file shows a "
        "whole number where its sidecar declares a magnitude)")
    assert result.status.value != "pass"


def test_the_same_table_read_as_counts_fails(tmp_path: Path) -> None:
    """The control: without the sidecar the same cells fail, so the relabel changed the
    verdict only from fail to review, never to pass."""
    (tmp_path / "t.csv").write_text(CANCER, encoding="utf-8")
    result = sdc.check(tmp_path, POLICY)
    assert _status(result, "SDC102", "C2") == "fail"
    assert _status(result, "SDC103", "B2") == "fail"


def test_counts_called_maxima_keep_their_checks(tmp_path: Path) -> None:
    def maximum(value: float) -> dict:
        return {**_mean_evidence(value), "max": value, "min": 0.0}

    _cancer(tmp_path, maximum, aggfunc="max")
    result = sdc.check(tmp_path, POLICY)
    assert findings_of(result, {"SDC102", "SDC103"}) == {
        ("SDC102", "t.csv", "C2"), ("SDC103", "t.csv", "B2")}


def test_differencing_sees_counts_called_means(tmp_path: Path) -> None:
    """The SDC Handbook recoding (<20/20-39 vs <25/25-39 gives one man aged 20-24 away) with
    both tables' counts relabelled "mean" by stamped sidecars."""
    tables = {"a.csv": "age,Female,Male\n<20,40,12\n20-39,60,30\n",
              "b.csv": "age,Female,Male\n<25,55,13\n25-39,45,29\n"}
    for name, text in tables.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        frame = pd.read_csv(tmp_path / name, index_col=0)
        cells = [({"age": age, "sex": sex}, _mean_evidence(float(frame.loc[age, sex])))
                 for age in frame.index for sex in frame.columns]
        _stamped(tmp_path, name, cells, "mean", ["age"], ["sex"])
    result = sdc.check(tmp_path, POLICY)
    assert all(o.table.problems == [] for o in result.outputs)  # both sidecars are used
    assert ("SDC503", "b.csv", "C2") in findings_of(result, {"SDC503"})


# --- the sidecar is bound to the numbers ------------------------------------------------------


def test_evidence_that_does_not_give_the_published_numbers_is_not_used(tmp_path: Path) -> None:
    """A stamped sidecar claiming means over 100 records whose totals give other means."""
    _cancer(tmp_path, lambda v: {**_mean_evidence(v), "total": 5000.0})
    result = sdc.check(tmp_path, POLICY)
    (problem,) = result.outputs[0].table.problems
    assert problem == ("its evidence sidecar was not used: its evidence does not match 6 of the "
                       "table's cells (first B2: the cell is not the mean of its evidence "
                       "(total / values)), so it describes another table")
    assert ("SDC602", "t.csv", None) in findings_of(result, {"SDC602"})
    # not used: the counts are counts again, and fail as such
    assert _status(result, "SDC102", "C2") == "fail"


def test_frequency_evidence_must_count_the_published_records(tmp_path: Path) -> None:
    """A frequency sidecar (no values) saying every cell has 100 records: the 3 is not 100."""
    (tmp_path / "t.csv").write_text("grp,n\na,3\nb,100\n", encoding="utf-8")
    cells = [({"grp": g}, {**_mean_evidence(0.0), "total": None}) for g in ("a", "b")]
    _stamped(tmp_path, "t.csv", cells, None, ["grp"], [])
    document = json.loads((tmp_path / "t.csv.sdc.json").read_text())
    document["table"]["values"] = None
    (tmp_path / "t.csv.sdc.json").write_text(json.dumps(document))
    result = sdc.check(tmp_path, POLICY)
    (problem,) = result.outputs[0].table.problems
    assert "1 of the table's cells (first B2: the cell is not the number of records its " \
        "evidence counts)" in problem
    assert findings_of(result, {"SDC101"}) == {("SDC101", "t.csv", "B2")}


def test_top_contributions_above_the_total_are_refused(tmp_path: Path) -> None:
    """Dominance evidence that cannot be true: the largest contributions exceed the total."""
    (tmp_path / "t.csv").write_text("grp,cost\na,500\nb,900\n", encoding="utf-8")
    cells = [({"grp": g}, {**_mean_evidence(v, 20), "total": v, "top": [v, v],
                           "max": v}) for g, v in (("a", 500.0), ("b", 900.0))]
    _stamped(tmp_path, "t.csv", cells, "sum", ["grp"], [])
    document = json.loads((tmp_path / "t.csv.sdc.json").read_text())
    document["table"]["top_n"] = 2
    (tmp_path / "t.csv.sdc.json").write_text(json.dumps(document))
    result = sdc.check(tmp_path, POLICY)
    (problem,) = result.outputs[0].table.problems
    assert "its largest contributions add up to more than its total" in problem


def test_api_sidecars_are_bound_to_their_tables(tmp_path: Path) -> None:
    """Every statistic the API writes passes the binding (no false review)."""
    frame = pd.DataFrame({"g": ["a", "b"] * 30, "s": ["F", "F", "M"] * 20,
                          "x": [float(i % 9) + 0.25 for i in range(60)]})
    for aggfunc in ("sum", "mean", "median", "max", "min", "std", "count", "size"):
        sdc.crosstab(frame.g, frame.s, values=frame.x, aggfunc=aggfunc).to_csv(
            tmp_path / f"{aggfunc}.csv")
    sdc.crosstab(frame.g, frame.s).to_csv(tmp_path / "freq.csv")
    sdc.aggregate(frame, by=["g"], values="x", stats=["count", "mean", "median", "p90",
                                                       "max"]).to_csv(tmp_path / "agg.csv")
    result = sdc.check(tmp_path, POLICY)
    for output in result.outputs:
        assert not any("sidecar" in p for p in (output.table.problems if output.table else [])
                       ), (output.path, output.table.problems)


def test_api_sidecars_with_contributors_are_bound(tmp_path: Path) -> None:
    """With ``contributor=`` (the handbook's holdings: a firm's records added up first) a
    contribution may exceed the largest record and ``count`` counts distinct contributors:
    every statistic the API writes still passes the binding (it did not: SDC602 review)."""
    frame = pd.DataFrame({"g": ["a", "b"] * 30, "s": ["F", "F", "M"] * 20,
                          "firm": [f"f{i % 7}" for i in range(60)],
                          "x": [float(i % 9) + 0.25 for i in range(60)]})
    assert frame.groupby(["g", "s", "firm"]).size().max() > 1  # several records a firm
    for aggfunc in ("sum", "mean", "median", "max", "min", "std", "count", "size"):
        sdc.crosstab(frame.g, frame.s, values=frame.x, aggfunc=aggfunc,
                     contributor=frame.firm).to_csv(tmp_path / f"{aggfunc}.csv")
    sdc.crosstab(frame.g, frame.s, contributor=frame.firm).to_csv(tmp_path / "freq.csv")
    sdc.aggregate(frame, by=["g"], values="x", stats=["count", "size", "sum", "mean", "median",
                                                       "max"], contributor="firm").to_csv(
        tmp_path / "agg.csv")
    result = sdc.check(tmp_path, POLICY)
    assert len(result.outputs) == 10
    for output in result.outputs:
        assert not any("sidecar" in p for p in (output.table.problems if output.table else [])
                       ), (output.path, output.table.problems)


def test_a_contribution_beyond_all_its_records_is_refused(tmp_path: Path) -> None:
    """With a contributor a contribution may exceed the largest record, but never the
    cell's records times it: such evidence is still refused."""
    (tmp_path / "t.csv").write_text("grp,cost\na,500\nb,900\n", encoding="utf-8")
    cells = [({"grp": g}, {**_mean_evidence(v, 3), "total": v, "top": [v * 0.9],
                           "max": v * 0.9 / 3 - 1}) for g, v in (("a", 500.0), ("b", 900.0))]
    _stamped(tmp_path, "t.csv", cells, "sum", ["grp"], [])
    document = json.loads((tmp_path / "t.csv.sdc.json").read_text())
    document["table"].update(top_n=1, contributor="firm")
    (tmp_path / "t.csv.sdc.json").write_text(json.dumps(document))
    result = sdc.check(tmp_path, POLICY)
    (problem,) = result.outputs[0].table.problems
    assert "its largest contribution exceeds its maximum" in problem
    for cell in document["cells"]:  # within records x largest record: used
        cell["max"] = cell["top"][0] / 3
    (tmp_path / "t.csv.sdc.json").write_text(json.dumps(document))
    assert sdc.check(tmp_path, POLICY).outputs[0].table.problems == []
