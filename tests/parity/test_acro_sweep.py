"""A randomized side-by-side run: ACRO 1.0.2 sessions of random shape (``acro_sweep.py``:
aggfuncs count, sum, mean, median, std, min, max, mode, alone and in lists; margins on and off;
one and two index levels; crosstab and pivot_table; empty groups, dominated cells, negative
values; ols/logit/probit, survival tables, a histogram), each folder checked by ``sdc check``
and compared with what ACRO recorded, as outside evaluators do:

* no cell ACRO flagged passes in sdc (the rule for ACRO's check, ``fail``; SDC204 ``review``
  where ACRO's dominance checks met negative values), except a blank cell of a magnitude table
  (docs/acro-differences.md: not a published number);
* no output ACRO failed is less than ``fail`` (one whose only flagged cells are blank cells of
  a magnitude table: ``review``), none ACRO reviewed is ``pass``;
* a table ACRO failed on its dof check has an SDC303 ``fail``.

And the case the sweep found: a count ``pivot_table`` leaves an empty group's cell blank (a
crosstab writes 0); ACRO fails the zero, sdc passed it as "not a published number".
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

import sdc
from sdc.policy import build_policy
from tests import acro_recordings
from tests.parity.test_acro_parity import ORDER, RULES

SWEEP = Path(__file__).with_name("acro_sweep.py")
POLICY = build_policy({}, profile="acro")
# seeds chosen to cover: dominance, negative values, a std failed on dof in a list of
# aggfuncs (dof=9, and dof=nan behind an empty cell), empty groups in count tables, mode,
# models, survival tables, a histogram (127: a blank count after a glued dof line, was a pass)
JSON_SEEDS, XLSX_SEEDS = ["119", "127"], ["3"]


def _write(root: Path, ext: str, sessions: list[str]) -> dict[str, tuple[Path, Any]]:
    root = root / ext  # one folder per run (tests/acro_recordings.py)
    root.mkdir()
    acro_recordings.run(SWEEP, [str(root), ext, *sessions], root, timeout=300)
    out = {}
    for name in sessions:
        folder = root / f"sweep-{name}-{ext}"
        out[f"{name}-{ext}"] = (folder, json.loads(
            Path(f"{folder}.expected.json").read_text(encoding="utf-8")))
    return out


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Any]]:
    root = tmp_path_factory.mktemp("acro-sweep")
    return {**_write(root, "json", [*JSON_SEEDS, "empty", "empty-suppress"]),
            **_write(root, "xlsx", [*XLSX_SEEDS, "empty"])}


def sweep27_folders(root: Path, sweep: Path, seeds: list[str]) -> dict[str, tuple[Path, Any]]:
    """Each seed's folder of a round-27-style sweep (``sweep``, run or replayed by
    ``acro_recordings.run``) and what ACRO recorded for it, by seed."""
    acro_recordings.run(sweep, [str(root), *seeds], root, timeout=300)
    return {seed: (root / f"s27-{seed}", json.loads(
        (root / f"s27-{seed}.expected.json").read_text(encoding="utf-8"))) for seed in seeds}


def findings_at(folder: Path, name: str, cell: str | None) -> set[tuple[str, str]]:
    """(rule, status) of every finding ``sdc.check`` of ``folder`` gives at ``name``'s ``cell``."""
    return {(f.rule, f.status.value) for f in sdc.check(folder, POLICY).findings
            if f.location.path == name and f.location.cell == cell}


def named_in_folder(folder: Path, expected: dict[str, Any], seed: str) -> Counter[str]:
    """Check ACRO's ``folder`` of a sweep's session: sdc passes nothing ACRO flagged beyond the
    documented differences, and names every cell ACRO flagged at its cell (none only for the
    table as a whole); the tally of ``benchmarks.acro_agreement27.compare`` for its figures."""
    from benchmarks.acro_agreement27 import compare, folder_outputs

    result = sdc.check(folder, POLICY)
    assert disagreements(result, expected) == []
    tally: Counter[str] = Counter()
    wrong: list[str] = []
    compare(folder_outputs(expected), expected, result, tally, wrong, [], f"{seed} acro")
    assert wrong == []
    assert tally["cell: table-level finding only"] == 0
    return tally


def _negative(entry: dict[str, Any], check: str) -> bool:
    """ACRO's dominance checks met negative values (a list of aggfuncs records the status of
    the last one only; its summary says so for each)."""
    return entry["check_status"].get(check) == "review" or \
        f"{check}: Dominance not defined" in entry["summary"]


def _ten_records(summary: str) -> bool:
    """ACRO's dof check failed a table whose smallest cell may hold 10 records (``dof=9``, or
    ``dof=nan``: an empty cell hides the minimum): 9 dof is below SDC303's ``spread_min_dof``
    (a fail); behind ``nan`` the records are unknown, so the table is SDC303 ``review``
    (docs/acro-differences.md, standard deviations)."""
    return bool(re.search(r"MinimumDoFCheck: fail dof=(9|nan) ", summary))


def disagreements(result: sdc.RunResult, expected: dict[str, Any]) -> list[str]:
    """Every place where sdc passes what ACRO flagged, beyond the documented differences."""
    found: dict[tuple[str, str | None, str | None], list[Any]] = defaultdict(list)
    for f in result.findings:
        found[(f.location.path, f.location.sheet, f.location.cell)].append(f)
    worst: dict[tuple[str, str | None], str] = {}
    for o in result.outputs:
        if ORDER[o.status.value] >= ORDER[worst.get((o.path, o.sheet), "pass")]:
            worst[(o.path, o.sheet)] = o.status.value
    wrong = []
    for uid, entry in expected.items():
        sheet, dof = entry["sheet"], _ten_records(entry["summary"])
        # documented: blank cells of a magnitude table, and a dof check that 10 records fail
        unsure = bool(entry["cells"]) and all(
            c["blank"] or (dof and c["check"] == "MinimumDoFCheck") for c in entry["cells"])
        for name in entry["files"]:
            ours, theirs = worst.get((name, sheet), "missing"), entry["status"]
            if ours == "missing" or (theirs == "fail" and ours != "fail" and not (
                    unsure and ours == "review")) or ORDER[ours] < min(ORDER[theirs], 1):
                wrong.append(f"{uid} {name} {sheet}: ACRO {theirs}, sdc {ours}")
        if entry["type"] != "table" or not entry["files"]:
            continue
        name = entry["files"][0]
        column = {c["ref"]: c["col"] for c in entry.get("table", {}).get("cells", [])}
        frequency = re.findall(r"^(\w+) : ", entry["summary"], re.MULTILINE) == ["FrequencyTable"]
        if "MinimumDoFCheck: fail" in entry["summary"] and not any(
                f.rule == "SDC303" and f.status.value in (("fail", "review") if dof else ("fail",))
                for f in result.findings if (f.location.path, f.location.sheet) == (name, sheet)):
            wrong.append(f"{uid} {name} {sheet}: ACRO dof fail, no SDC303 fail")
        for flag in entry["cells"]:
            check, ref = flag["check"], flag["ref"]
            if check not in RULES or (flag["blank"] and check != "PresenceOfZeroCheck"):
                continue
            negative = check in ("NKCheck", "PPercentCheck") and _negative(entry, check)
            wanted, status = ({"SDC204"}, "review") if negative else (RULES[check], "fail")
            here = found.get((name, sheet, ref if flag["value"] is not None or flag["blank"]
                              else None), [])
            if flag["blank"] and not (frequency or column.get(ref, "").startswith("count/")):
                continue  # documented: a blank cell of a magnitude table is not published
            if not any(f.rule in wanted and f.status.value == status for f in here):
                wrong.append(f"{uid} {name} {sheet} {ref}: ACRO {check}, sdc "
                             f"{[(f.rule, f.status.value) for f in here]}")
    return wrong


@pytest.mark.parametrize("run", [f"{s}-json" for s in JSON_SEEDS] +
                         [f"{s}-xlsx" for s in XLSX_SEEDS])
def test_sdc_passes_nothing_acro_flagged(run: str, folders) -> None:
    folder, expected = folders[run]
    assert disagreements(sdc.check(folder, POLICY), expected) == []


def _table(run: str, folders, output: str) -> set[tuple[str, str | None, str]]:
    folder, _ = folders[run]
    result = sdc.check(folder, POLICY)
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings
            if output in (f.location.path.split(".")[0][:-2], f.location.sheet)}


def test_empty_group_left_blank_in_a_count_pivot_table_is_a_zero(folders) -> None:
    # A: 86, 93; B: 108, blank. The blank is how pandas publishes the empty group (was: pass)
    assert _table("empty-json", folders, "output_0") == {("SDC102", "C3", "fail")}


def test_counts_after_a_failed_dof_line_are_counts(folders) -> None:
    # std and count of A: 30 records, B: 3 (all F). ACRO's summary glues "FrequencyTable : "
    # to its dof line; the count columns were read as statistics and the blank E5 passed
    assert _table("empty-json", folders, "output_1") == {
        ("SDC303", "B5", "fail"), ("SDC303", None, "fail"),  # a std of 3; ACRO's dof=-1
        ("SDC101", "D5", "fail"), ("SDC102", "E5", "fail"),  # counts 3 and the blank 0
        ("SDC103", "D4", "fail")}  # F: 14 of 17, leaving 3


def test_empty_group_among_other_statistics_is_a_zero(folders) -> None:
    # aggfunc=["sum", "count"]: the count columns, read as counts beside the sums (the
    # record's role for a list is the sums'), publish the empty group blank too (was: review)
    assert _table("empty-json", folders, "output_2") == {
        ("SDC102", "E5", "fail"), ("SDC203", None, "review")}  # the blank sum C5: no number


def test_empty_group_acro_suppressed_is_withheld(folders) -> None:
    # the same cell blanked by ACRO's suppression (its record says so): nothing published
    assert _table("empty-suppress-json", folders, "output_0") == set()


def test_empty_group_in_a_workbook_is_a_zero(folders) -> None:
    # results.xlsx does not say whether ACRO suppressed: the stricter reading (a published 0)
    assert _table("empty-xlsx", folders, "output_0") == {("SDC102", "C11", "fail")}
    assert _table("empty-xlsx", folders, "output_1") == {
        ("SDC303", "B15", "fail"), ("SDC303", None, "fail"), ("SDC101", "D15", "fail"),
        ("SDC102", "E15", "fail"), ("SDC103", "D14", "fail")}
    assert _table("empty-xlsx", folders, "output_2") == {
        ("SDC102", "E15", "fail"), ("SDC203", None, "review")}
