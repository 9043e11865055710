"""``sdc check`` on a folder ACRO 1.0.2 wrote agrees with what ACRO recorded, output by output
and flagged cell by flagged cell, except where docs/acro-differences.md says why not.

``acro_session.py`` runs a researcher's session under ACRO's interpreter (``SDC_ACRO_PYTHON``)
for a few seeds, finalised both ways ACRO offers (CSV files with ``results.json``, and one
``results.xlsx`` with a sheet per output), and writes what ACRO recorded, by file, sheet and
cell reference. Then:

* every cell ACRO flagged has an sdc finding at that cell, with the rule for ACRO's check
  (threshold: SDC101, or SDC102 for a zero count, SDC303 for a median/sd/mode; nk: SDC201;
  p-ratio: SDC202; dominance on a table with negative values: SDC204), ``fail`` (SDC204:
  review) -- except a cell pandas left blank (not a published number: no finding);
* every output ACRO failed is ``fail`` in sdc; none ACRO reviewed is ``pass``;
* a standard deviation table ACRO failed on its dof check (which does not record where) has a
  table-wide SDC303;
* on frequency tables, the small cells are the same in both directions;
* models: the same verdict on residual dof (a workbook's regression sheet stacks statsmodels'
  three tables: each is read as a table of its own, with ACRO's dof).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

import sdc
from sdc.policy import build_policy
from tests import acro_recordings

SESSION = Path(__file__).with_name("acro_session.py")
# ACRO's two ways of finalising a session: files and results.json, or one results.xlsx
RUNS = [("json", 1), ("json", 7), ("xlsx", 1)]
POLICY = build_policy({}, profile="acro")
RULES = {"MinimumThresholdCheck": {"SDC101", "SDC102", "SDC303"},
         "PresenceOfZeroCheck": {"SDC102"}, "NKCheck": {"SDC201"},
         "PPercentCheck": {"SDC202"}}
ORDER = {"pass": 0, "review": 1, "fail": 2}


def write_folder(tmp: Path, seed: int, ext: str, mitigation: str = "none"
                 ) -> tuple[Path, dict[str, Any]]:
    """The folder ACRO wrote for (seed, ext, mitigation), recorded or live
    (``tests/acro_recordings.py``), and what it recorded beside it."""
    name = f"acro-{seed}-{ext}-{mitigation}"
    work = tmp / f"{name}-run"
    work.mkdir()
    folder = work / name
    acro_recordings.run(SESSION, [str(folder), str(seed), ext, mitigation], work, timeout=300)
    return folder, json.loads(Path(f"{folder}.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sessions(acro_folder: Any) -> dict[tuple[str, int], Any]:
    out = {}
    for ext, seed in RUNS:
        folder, expected = acro_folder(seed, ext)
        out[(ext, seed)] = (sdc.check(folder, POLICY), expected)
    return out


Place = tuple[str, str | None, str | None]  # path, sheet, cell


def _by_place(result: Any) -> dict[Place, list[Any]]:
    found: dict[Place, list[Any]] = defaultdict(list)
    for finding in result.findings:
        where = finding.location
        found[(where.path, where.sheet, where.cell)].append(finding)
    return found


def _status(result: Any) -> dict[tuple[str, str | None], str]:
    """Each file's (or sheet's: a regression's sheet holds three tables) worst status."""
    worst: dict[tuple[str, str | None], str] = {}
    for o in result.outputs:
        key = (o.path, o.sheet)
        if ORDER[o.status.value] >= ORDER.get(worst.get(key, "pass"), 0):
            worst[key] = o.status.value
    return worst


def _negative(entry: dict[str, Any], check: str) -> bool:
    return entry["check_status"].get(check) == "review"


@pytest.mark.parametrize("run", RUNS, ids=[f"{e}-{s}" for e, s in RUNS])
def test_every_cell_acro_flagged_is_flagged_by_the_same_rule(run, sessions) -> None:
    result, expected = sessions[run]
    found = _by_place(result)
    compared = blanks = 0
    for uid, entry in expected.items():
        if entry["type"] != "table":
            continue
        (name,) = entry["files"]
        for flag in entry["cells"]:
            check, ref = flag["check"], flag["ref"]
            if check not in RULES:
                continue  # MinimumDoFCheck's cells: see the std test; linked/required: none
            here = found.get((name, entry["sheet"], ref), [])
            if flag["blank"]:  # difference: an empty cell of a magnitude table is no number
                assert not [f for f in here if f.rule in RULES[check]], (uid, ref)
                blanks += 1
                continue
            negative = check in ("NKCheck", "PPercentCheck") and _negative(entry, check)
            wanted, status = ({"SDC204"}, "review") if negative else (RULES[check], "fail")
            if flag["value"] is None:  # a date: no number for sdc to place it on
                here = found.get((name, entry["sheet"], None), [])
            hits = [f for f in here if f.rule in wanted]
            assert hits, f"{uid} {name} {ref}: ACRO {check}, sdc {[f.rule for f in here]}"
            assert any(f.status.value == status for f in hits), (uid, ref, check)
            compared += 1
    assert compared >= 40  # the session has flagged cells of every kind


@pytest.mark.parametrize("run", RUNS, ids=[f"{e}-{s}" for e, s in RUNS])
def test_no_output_acro_failed_passes(run, sessions) -> None:
    result, expected = sessions[run]
    status = _status(result)
    for uid, entry in expected.items():
        for name in entry["files"]:
            ours, theirs = status[(name, entry["sheet"])], entry["status"]
            if theirs == "fail":
                assert ours == "fail", (uid, name, entry["summary"])
            assert ORDER[ours] >= min(ORDER[theirs], ORDER["review"]), (uid, name)


@pytest.mark.parametrize("run", RUNS, ids=[f"{e}-{s}" for e, s in RUNS])
def test_std_table_failed_on_dof_is_a_table_wide_thin_statistic(run, sessions) -> None:
    result, expected = sessions[run]
    found = _by_place(result)
    stds = [e for e in expected.values() if e["summary"].startswith("StandardDeviation")]
    assert stds
    for entry in stds:
        (name,) = entry["files"]
        if entry["check_status"].get("MinimumDoFCheck") == "fail":
            assert any(f.rule == "SDC303" and f.status.value == "fail"
                       for f in found[(name, entry["sheet"], None)])


@pytest.mark.parametrize("run", RUNS, ids=[f"{e}-{s}" for e, s in RUNS])
def test_small_counts_agree_both_ways_on_frequency_tables(run, sessions) -> None:
    result, expected = sessions[run]
    tables = 0
    for entry in expected.values():
        if not entry["summary"].startswith("FrequencyTable") or entry["type"] != "table":
            continue
        (name,) = entry["files"]
        acro = {f["ref"] for f in entry["cells"]
                if f["check"] == "MinimumThresholdCheck" and not f["zero"]}
        ours = {f.location.cell for f in result.findings if f.rule == "SDC101"
                and (f.location.path, f.location.sheet) == (name, entry["sheet"])}
        assert ours == acro, name
        tables += 1
    assert tables >= 3


@pytest.mark.parametrize("run", RUNS, ids=[f"{e}-{s}" for e, s in RUNS])
def test_models_agree_on_residual_dof(run, sessions) -> None:
    result, expected = sessions[run]
    status = _status(result)
    models = [e for e in expected.values() if e["type"] == "regression"]
    assert {e["status"] for e in models} == {"pass", "fail"}
    for entry in models:
        for name in entry["files"]:
            ours = status[(name, entry["sheet"])]
            assert ours == entry["status"], (name, entry["sheet"], entry["summary"])


@pytest.mark.parametrize("run", [r for r in RUNS if r[0] == "json"])
def test_survival_plot_acro_failed_on_dof_fails(run, sessions) -> None:
    result, expected = sessions[run]
    (entry,) = [e for e in expected.values() if e["type"] == "survival plot"]
    assert entry["status"] == "fail"
    (name,) = entry["files"]
    assert any(f.rule == "SDC303" and f.location.path == name and f.status.value == "fail"
               for f in result.findings)


@pytest.mark.parametrize("run", [r for r in RUNS if r[0] == "json"])
def test_histogram_with_small_bins_fails(run, sessions) -> None:
    result, expected = sessions[run]
    (entry,) = [e for e in expected.values() if e["type"] == "histogram"]
    assert entry["bins"] > 0
    (name,) = entry["files"]
    assert any(f.rule == "SDC101" and f.location.path == name and f.location.cell is None
               and f.status.value == "fail" for f in result.findings)


@pytest.mark.parametrize("run", [r for r in RUNS if r[0] == "xlsx"])
def test_description_sheet_is_acros_index(run, sessions) -> None:
    # ACRO's own description sheet (each line its sheet's command and summary) is metadata:
    # a document with nothing to report, not a table of words (was SDC602/SDC603)
    result, _ = sessions[run]
    (out,) = [o for o in result.outputs if o.sheet == "description"]
    assert (out.kind, out.status.value, out.findings) == ("document", "pass", [])
