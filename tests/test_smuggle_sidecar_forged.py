"""Issue 12, channel 6: made-up evidence that agrees with the published numbers.

An insider writes ``t.csv.sdc.json`` by hand, stamps it with the file's real SHA-256 and makes
its evidence produce exactly the cells the file shows (a sum is its total, a mean total /
values, a median between min and max), but invents what the file cannot show: many units,
"safe" top contributions, a model's residual dof. ``value_problem`` cannot catch that. What
closes it (``sdc.sidecar_bounds``): every output whose sidecar is used is also checked on its
published numbers alone, and a finding those numbers raise is never settled by the sidecar
under the default policy: the output is not ``pass`` where the published numbers alone would
not pass, and the kept findings are listed in every report as resting on the sidecar.
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import sdc
from sdc.cli import app
from sdc.policy import build_policy

runner = CliRunner()
HEADER = {"sum": "total_turnover", "mean": "mean_income"}
CELLS = {("North", "F"): 2810.5, ("North", "M"): 3120.25, ("South", "F"): 2990.75,
         ("South", "M"): 3001.5}


def _forge(folder: Path, name: str, cells: list[tuple[dict, dict]], *, values: str | None,
           aggfunc: str | None, index: list[str], columns: list[str], **table: object) -> None:
    """A sidecar as an insider writes it: invented evidence consistent with the published
    cells, stamped with the file's real SHA-256."""
    path = folder / name
    document = {
        "schema": "sdc.evidence/1",
        "file": {"name": name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()},
        "table": {"index": index, "columns": columns, "values": values, "aggfunc": aggfunc,
                  **table},
        "cells": [{"coords": coords, **evidence} for coords, evidence in cells]}
    (folder / f"{name}.sdc.json").write_text(json.dumps(document), encoding="utf-8")


def _safe(total: float, n: int = 60) -> dict:
    """A total spread evenly over ``n`` firms: no dominance, many units (all invented)."""
    share = total / n
    return {"n_records": n, "n_units": n, "n_values": n, "n_missing": 0, "n_negative": 0,
            "total": total, "top": [share, share, share], "min": share, "max": share}


def _magnitudes(folder: Path, aggfunc: str = "sum") -> None:
    """A long table of sums or means (a magnitude by its header alone), forged evidence."""
    folder.mkdir(exist_ok=True)
    lines = [f"region,sex,{HEADER[aggfunc]}"] + [f"{r},{s},{v}" for (r, s), v in CELLS.items()]
    (folder / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cells = [({"region": r, "sex": s}, _safe(v if aggfunc == "sum" else v * 60))
             for (r, s), v in CELLS.items()]
    _forge(folder, "t.csv", cells, values="x", aggfunc=aggfunc, index=["region", "sex"],
           columns=[], contributor="firm", top_n=3)


def _check(folder: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", str(folder), *extra])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.stdout


def _json(folder: Path, *extra: str) -> dict:
    code, out = _check(folder, "-f", "json", *extra)
    report = json.loads(out)
    assert code == (0 if report["status"] == "pass" else 1)
    return report


def _kept(report: dict) -> list[tuple[str, str | None, str, str]]:
    """(rule, cell, from, to) of every finding listed as resting on the sidecar."""
    return sorted((f["rule"], f["location"]["cell"], f["declaration"]["from"],
                   f["declaration"]["to"])
                  for o in report["outputs"] for f in o["findings"]
                  if f.get("declaration", {}).get("kind") == "evidence_sidecar")


def _published_alone(folder: Path, tmp_path: Path) -> dict:
    """The same file without its sidecar: what the published numbers alone give."""
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "t.csv").write_bytes((folder / "t.csv").read_bytes())
    return _json(bare)


@pytest.mark.parametrize("aggfunc", ["sum", "mean"])
def test_forged_safe_contributions_do_not_pass_a_magnitude_table(tmp_path: Path,
                                                                  aggfunc: str) -> None:
    folder = tmp_path / "rel"
    _magnitudes(folder, aggfunc)
    alone = _published_alone(folder, tmp_path)
    assert alone["status"] == "review"
    report = _json(folder)
    assert report["outputs"][0]["findings"] and not any(
        "sidecar was not used" in f["message"] for f in report["outputs"][0]["findings"])
    assert report["status"] == "review"  # was pass: the forged evidence settled dominance
    # every finding of the published numbers alone is kept and said to rest on the sidecar
    alone_found = sorted((f["rule"], f["location"]["cell"])
                         for f in alone["outputs"][0]["findings"])
    assert [(rule, cell) for rule, cell, _, _ in _kept(report)] == alone_found
    assert all((before, after) == ("review", "review") for _, _, before, after in
               _kept(report))


def test_forged_units_behind_a_median_do_not_pass(tmp_path: Path) -> None:
    folder = tmp_path / "rel"
    folder.mkdir()
    (folder / "t.csv").write_text("ward,median_los\nA,4.5\nB,12\n", encoding="utf-8")
    cells = [({"ward": w}, {"n_records": 80, "n_units": 80, "n_values": 80, "n_missing": 0,
                            "n_negative": 0, "total": 80 * v, "top": [], "min": 1.0,
                            "max": 30.0, "all_same": False})
             for w, v in (("A", 4.5), ("B", 12.0))]
    _forge(folder, "t.csv", cells, values="los", aggfunc="median", index=["ward"], columns=[])
    assert _published_alone(folder, tmp_path)["status"] == "review"
    report = _json(folder)
    assert report["status"] == "review"
    assert {rule for rule, *_ in _kept(report)} == {"SDC303"}


def test_forged_residual_dof_does_not_pass_a_coefficient_table(tmp_path: Path) -> None:
    folder = tmp_path / "rel"
    folder.mkdir()
    (folder / "t.csv").write_text(",coef,std err\nIntercept,1.2,0.3\nx,0.5,0.1\n",
                                  encoding="utf-8")
    _forge(folder, "t.csv", [], values=None, aggfunc=None, index=["term"], columns=[],
           dof=500.0)
    alone = _published_alone(folder, tmp_path)
    report = _json(folder)
    assert alone["status"] != "pass" and report["status"] != "pass"
    assert report["outputs"][0]["kind"] == "model"
    assert ("SDC301", None, "review", "review") in _kept(report)


def test_forged_evidence_never_turns_a_fail_into_a_pass_even_when_trusted(tmp_path: Path
                                                                          ) -> None:
    """A count of 3 relabelled "mean" with consistent invented evidence (50 units behind
    it) stays a fail: the sidecar adds checks, and no policy lets it settle a fail."""
    folder = tmp_path / "rel"
    folder.mkdir()
    (folder / "t.csv").write_text("site,Female,Male\nLung,40,3\nColon,30,35\n",
                                  encoding="utf-8")
    frame = pd.read_csv(folder / "t.csv", index_col=0)
    cells = [({"site": s, "sex": x}, {"n_records": 50, "n_units": 50, "n_values": 50,
                                      "n_missing": 0, "n_negative": 0,
                                      "total": 50 * float(frame.loc[s, x]), "top": [],
                                      "min": 0.0, "max": 90.0})
             for s in frame.index for x in frame.columns]
    _forge(folder, "t.csv", cells, values="x", aggfunc="mean", index=["site"], columns=["sex"])
    alone = _published_alone(folder, tmp_path)
    assert alone["status"] == "fail"
    rules = tmp_path / "trust.toml"
    rules.write_text('sidecar_evidence = "trust"\n', encoding="utf-8")
    for extra in ((), ("--rules", str(rules))):
        report = _json(folder, *extra)
        assert report["status"] == "fail"
        small = [f for f in report["outputs"][0]["findings"] if f["rule"] == "SDC101"]
        assert [(f["location"]["cell"], f["status"]) for f in small] == [("C2", "fail")]


def test_a_trusted_sidecar_settles_review_findings_and_lists_them(tmp_path: Path) -> None:
    folder = tmp_path / "rel"
    _magnitudes(folder)
    rules = tmp_path / "trust.toml"
    rules.write_text('sidecar_evidence = "trust"\n', encoding="utf-8")
    report = _json(folder, "--rules", str(rules))
    assert report["status"] == "pass"  # the checkers' policy trusts the sidecars
    assert _kept(report) and all(after == "pass" for *_, after in _kept(report))
    code, text = _check(folder, "--rules", str(rules))
    assert code == 0 and "changed by a declaration in an evidence sidecar" in text


def test_every_report_lists_the_verdicts_resting_on_the_sidecar(tmp_path: Path) -> None:
    folder = tmp_path / "rel"
    _magnitudes(folder)
    _, text = _check(folder)
    assert "changed by a declaration in an evidence sidecar: 1 finding(s)" in text
    assert "SDC203 review -> review by evidence_sidecar" in text
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("sarif", "junit", "github", "html", "markdown", "xlsx"):
        target = out / f"report.{fmt}"
        result = runner.invoke(app, ["check", str(folder), "-f", fmt, "-o", str(target)])
        assert result.exit_code == 1, (fmt, result.output)
    sarif = json.loads((out / "report.sarif").read_text(encoding="utf-8"))
    assert [d["kind"] for d in sarif["runs"][0]["properties"]["declarations"]] == [
        "evidence_sidecar"]
    suite = ET.parse(out / "report.junit").getroot()
    assert "evidence_sidecar" in ET.tostring(suite, encoding="unicode")
    github = (out / "report.github").read_text(encoding="utf-8")
    assert "changed by a declaration in an evidence sidecar" in github
    assert "Changed by a declaration in an evidence sidecar" in (
        out / "report.html").read_text(encoding="utf-8")
    assert "## Changed by a declaration in an evidence sidecar" in (
        out / "report.markdown").read_text(encoding="utf-8")
    from openpyxl import load_workbook

    cells = {str(c.value) for ws in load_workbook(out / "report.xlsx") for row in
             ws.iter_rows() for c in row if c.value is not None}
    assert "Changed by a declaration in an evidence sidecar" in cells
    assert "evidence_sidecar" in cells


def test_the_apis_own_sidecar_is_kept_to_the_published_numbers_too(tmp_path: Path) -> None:
    """A real API sidecar cannot be told from a forged one: the same bound applies."""
    df = pd.DataFrame({"g": ["a"] * 30 + ["b"] * 30, "s": ["M", "F"] * 30,
                       "x": [float(i % 7) for i in range(60)]})
    sdc.crosstab(df.g, df.s, values=df.x, aggfunc="mean").to_csv(tmp_path / "t.csv")
    confirm = sdc.check(tmp_path, build_policy({}))
    assert confirm.status is sdc.Status.REVIEW
    assert {f.declaration_kind for f in confirm.findings} == {"evidence_sidecar"}
    trusted = sdc.check(tmp_path, build_policy({"sidecar_evidence": "trust"}))
    assert trusted.status is sdc.Status.PASS
