"""The corpus: outputs written by the real tools, each with its exact findings. A disclosive
output never ends in ``pass``; a safe one must pass (or say why not: the false positives are
counted in benchmarks/RESULTS.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.corpus.outputs import ENTRIES, Entry

ACRO = Path(__file__).parent / "acro"
POLICY = build_policy({})
BOOKKEEPING = {("SDC602", name, None)
               for name in ("config.json", "session_summary.csv", "session_summary.json")}


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_corpus_output(entry: Entry, tmp_path: Path) -> None:
    root = tmp_path / "release"
    root.mkdir()
    entry.write(root)
    result = sdc.check(root, POLICY)
    assert findings_of(result) == entry.expected
    assert result.status.value == entry.status
    if entry.disclosive:
        assert result.status.value != "pass"


def test_corpus_has_safe_and_disclosive_outputs() -> None:
    assert sum(e.disclosive for e in ENTRIES) >= 15
    assert sum(e.status == "pass" for e in ENTRIES) >= 7


# -- folders written by ACRO 1.0.2 (tests/corpus/write_acro.py) -------------------------------

def _acro(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(ACRO / name, target)
    return target


def test_acro_disclosive_session(tmp_path: Path) -> None:
    result = sdc.check(_acro("disclosive", tmp_path), POLICY)
    assert findings_of(result) == BOOKKEEPING | {
        ("SDC101", "output_0_0.csv", "B5"), ("SDC101", "output_0_0.csv", "C5"),
        ("SDC103", "output_0_0.csv", "B5"), ("SDC103", "output_0_0.csv", "C5"),
        # the mean table: ACRO's record says it is an aggregation; no contribution evidence
        # in the file, but ACRO flagged West (too few records, dominated) from the microdata
        ("SDC203", "output_1_0.csv", None),
        *{(code, "output_1_0.csv", c) for code in ("SDC101", "SDC201", "SDC202")
          for c in ("B5", "C5")}}
    assert result.status.value == "fail"


def test_acro_safe_session_lists_only_the_bookkeeping(tmp_path: Path) -> None:
    # the regression's dof (598) come from ACRO's record and from the summary's Df Residuals
    result = sdc.check(_acro("safe", tmp_path), POLICY)
    assert findings_of(result) == BOOKKEEPING
    assert result.status.value == "review"  # the bookkeeping files must not be released


def test_acro_logit_on_one_exposure_gives_its_cases_back(tmp_path: Path) -> None:
    """acro.logit(died, const + exposed) of 200 people, 4 of the 40 exposed cases: ACRO passes
    it on its 198 dof and writes the summary's header and coefficients one file each. Put back
    together (the record's files, in ACRO's order) they are the summary a .txt holds: the 4
    cases fail SDC101 at the exposure's row of the coefficient file (models3, issue 12)."""
    result = sdc.check(_acro("logit_exposure", tmp_path), POLICY)
    assert findings_of(result) == BOOKKEEPING | {("SDC101", "output_0_1.csv", "A3")}
    assert result.status.value == "fail"
    finding = next(f for f in result.findings if f.rule == "SDC101")
    assert "the cases of the group of term 'exposed'" in finding.message
    assert "are 4: below the threshold 10" in finding.message


def test_acro_logit_safe_twin_and_a_continuous_covariate(tmp_path: Path) -> None:
    """14 exposed cases: every cell 14 or more, nothing; the mixed session's logit on age
    (continuous): its numbers do not add up, nothing read."""
    result = sdc.check(_acro("logit_exposure_safe", tmp_path), POLICY)
    assert findings_of(result) == BOOKKEEPING
    mixed = sdc.check(_acro("mixed", tmp_path), POLICY)
    assert all(not f.location.path.startswith("output_2_") for f in mixed.findings)


def test_acro_workbook_regression_sheet_gives_its_cases_back(tmp_path: Path) -> None:
    """The same session finalised to results.xlsx: the regression's blocks one under the
    other on its sheet, read whole: SDC101 at the exposure's row (A15); the safe twin has no
    finding at the workbook."""
    result = sdc.check(_acro("logit_exposure_xlsx", tmp_path), POLICY)
    assert findings_of(result, {"SDC101", "SDC102"}) == {
        ("SDC101", "results.xlsx[output_0]#table2", "A15")}
    assert result.status.value == "fail"
    safe = sdc.check(_acro("logit_exposure_safe_xlsx", tmp_path), POLICY)
    assert [f for f in safe.findings if f.location.path == "results.xlsx"] == []


def test_acro_regression_files_without_their_record_are_not_joined(tmp_path: Path) -> None:
    """The same two files with no results.json: nothing says they are one model's (the
    coefficients alone have no dof: SDC301 review, as before)."""
    folder = _acro("logit_exposure", tmp_path)
    for name in ("results.json", "config.json", "session_summary.csv", "session_summary.json"):
        (folder / name).unlink()
    shutil.rmtree(folder / "checksums")
    result = sdc.check(folder, POLICY)
    assert findings_of(result, {"SDC101"}) == set()
    assert result.status.value != "pass"


def test_acro_suppressed_row_with_recomputed_margins(tmp_path: Path) -> None:
    # ACRO blanked the West row and recomputed the margins without it: the totals say West is
    # 0, which a reader of another table with the full total can difference (SDC501 fails)
    # (its cells are written as floats, 49.0, as pandas writes a column with a blank: ACRO's
    # record saying "frequencies" reads them as the counts they are, as if written 49; more
    # in tests/parity/test_acro_records.py)
    result = sdc.check(_acro("suppressed", tmp_path), POLICY)
    assert findings_of(result) == BOOKKEEPING | {
        ("SDC501", "output_0_0.csv", c) for c in ("B5", "C5", "D5")}


def test_acro_suppressed_cell_without_margins_passes(tmp_path: Path) -> None:
    # ACRO 1.0.2 with suppress=True blanked West's 4 women; no margins recover them: the
    # crosstab passes, ACRO's bookkeeping is listed for review as always
    result = sdc.check(_acro("suppressed_safe", tmp_path), POLICY)
    assert findings_of(result) == BOOKKEEPING
    assert next(o for o in result.outputs if o.path == "output_0_0.csv").status.value == "pass"


def _edit_results(folder: Path, edit) -> None:
    path = folder / "results.json"
    data = json.loads(path.read_text())
    edit(data["results"])
    path.write_text(json.dumps(data))


def test_acro_record_claiming_regression_never_exempts_counts(tmp_path: Path) -> None:
    folder = _acro("disclosive", tmp_path)

    def as_regression(results: dict) -> None:
        record = results["output_0"]
        record.update(type="regression", status="pass")
        record["properties"] = {"method": "ols", "dof": 10_000}
        record["files"][0].pop("sdc")
    _edit_results(folder, as_regression)
    found = findings_of(sdc.check(folder, POLICY), {"SDC101"})
    assert found == {("SDC101", "output_0_0.csv", "B5"), ("SDC101", "output_0_0.csv", "C5"),
                     ("SDC101", "output_1_0.csv", "B5"), ("SDC101", "output_1_0.csv", "C5")}


def test_acro_record_saying_mean_keeps_the_count_check(tmp_path: Path) -> None:
    folder = _acro("disclosive", tmp_path)

    def as_mean(results: dict) -> None:
        results["output_0"]["fair"]["statbarn"] = "LinearAggregations"
        results["output_0"]["summary"] = "LinearAggregations"
    _edit_results(folder, as_mean)
    found = findings_of(sdc.check(folder, POLICY), {"SDC101", "SDC203"})
    assert {("SDC101", "output_0_0.csv", "B5"), ("SDC101", "output_0_0.csv", "C5"),
            ("SDC203", "output_0_0.csv", None)} <= found


def test_acro_flagged_cell_the_layout_lacks_is_review(tmp_path: Path) -> None:
    # ACRO flagged a cell that is not where sdc read one: the layout may be misread
    folder = _acro("safe", tmp_path)

    def flag_outside(results: dict) -> None:
        results["output_0"]["files"][0]["sdc"]["cells"]["MinimumThresholdCheck"] = [[9, 9]]
    _edit_results(folder, flag_outside)
    result = sdc.check(folder, POLICY)
    assert ("SDC602", "output_0_0.csv", None) in findings_of(result)
    assert any("ACRO flagged 1 cell" in f.message for f in result.findings)


def test_acro_regression_without_dof_is_review(tmp_path: Path) -> None:
    folder = _acro("safe", tmp_path)
    _edit_results(folder, lambda results: results["output_1"]["properties"].pop("dof"))
    (folder / "output_1_0.csv").write_text(
        (folder / "output_1_0.csv").read_text().replace("Df Residuals:", "Df Resid:"))
    found = findings_of(sdc.check(folder, POLICY))
    assert ("SDC301", "output_1_1.csv", None) in found or (
        "SDC602", "output_1_1.csv", None) in found


def test_acro_session_summary_with_extra_content_is_checked(tmp_path: Path) -> None:
    folder = _acro("safe", tmp_path)
    path = folder / "session_summary.csv"
    path.write_text(path.read_text() + "patients,North,3,,,0,0,0,0\n")
    found = findings_of(sdc.check(folder, POLICY))
    assert ("SDC602", "session_summary.csv", None) not in found or any(
        rule == "SDC101" and p == "session_summary.csv" for rule, p, _ in found)
    assert any(p == "session_summary.csv" and rule != "SDC602" for rule, p, _ in found)


def test_acro_config_with_unknown_keys_is_read_as_any_output(tmp_path: Path) -> None:
    folder = _acro("safe", tmp_path)
    (folder / "config.json").write_text('{"safe_threshold": 10, "cohort_size": 3}')
    result = sdc.check(folder, POLICY)
    messages = [f.message for f in result.findings if f.location.path == "config.json"]
    assert messages and not any("ACRO's own record" in m for m in messages)


def test_acro_mixed_session(tmp_path: Path) -> None:
    # a pivot of mean and std (no evidence: review; West rests on too few records by ACRO's
    # record: fail), a crosstab with margins (West small), a logit (dof 498 from ACRO's record
    # and Df Residuals: passes), a histogram PNG (no data; ACRO recorded small bins: fail)
    result = sdc.check(_acro("mixed", tmp_path), POLICY)
    assert findings_of(result) == BOOKKEEPING | {
        ("SDC101", "output_1_0.csv", "B5"), ("SDC101", "output_1_0.csv", "C5"),
        ("SDC101", "output_1_0.csv", "D5"), ("SDC103", "output_1_0.csv", "B5"),
        ("SDC103", "output_1_0.csv", "C5"), ("SDC203", "output_0_0.csv", None),
        ("SDC303", "output_0_0.csv", None), ("SDC701", "hist_0.png", None),
        ("SDC101", "output_0_0.csv", "B7"), ("SDC303", "output_0_0.csv", "C7"),
        ("SDC101", "hist_0.png", None)}
    assert result.status.value == "fail"


_COUNT_PIVOT_FINDINGS = {("SDC101", "output_0_0.csv", c) for c in ("C8", "C9")} | {
    ("SDC103", "output_0_0.csv", c) for c in ("C8", "C9")}


def test_acro_count_pivots_named_after_their_variable(tmp_path: Path) -> None:
    # pivot_table(values="income", aggfunc="count"): pandas heads the counts "income", which
    # made them magnitudes only (SDC203), so West's 6 and 7 went unchecked without ACRO's
    # record. Written as integers, the table's one measure is read as counts too, with or
    # without results.json. ACRO's record (FrequencyTable, its outcome naming the column
    # "income") says what the tables are: counts only, so the safe count pivot passes; without
    # the record a sum and a count of whole amounts cannot be told apart (SDC203 review)
    folder = _acro("counts", tmp_path)
    result = sdc.check(folder, POLICY)
    assert findings_of(result) == BOOKKEEPING | _COUNT_PIVOT_FINDINGS
    assert next(o for o in result.outputs if o.path == "output_1_0.csv").status.value == "pass"
    for name in ("results.json", "config.json", "session_summary.csv", "session_summary.json"):
        (folder / name).unlink()
    shutil.rmtree(folder / "checksums")
    result = sdc.check(folder, POLICY)
    assert findings_of(result) == _COUNT_PIVOT_FINDINGS | {
        ("SDC203", "output_0_0.csv", None), ("SDC203", "output_1_0.csv", None)}
    assert result.status.value == "fail"


def test_acro_record_saying_sum_keeps_both_readings(tmp_path: Path) -> None:
    # a record saying the pivot is a sum: magnitudes (SDC203) and still counts (West's 6, 7)
    folder = _acro("counts", tmp_path)

    def as_sum(results: dict) -> None:
        for uid in ("output_0", "output_1"):
            results[uid]["summary"] = "Sum : " + results[uid]["summary"].split(" : ", 1)[1]
            results[uid]["fair"]["statbarn"] = "LinearAggregations"
    _edit_results(folder, as_sum)
    edited = ("SDC602", "checksums/results.json.txt", None)  # the record no longer matches
    assert findings_of(sdc.check(folder, POLICY)) == BOOKKEEPING | _COUNT_PIVOT_FINDINGS | {
        ("SDC203", "output_0_0.csv", None), ("SDC203", "output_1_0.csv", None), edited}


def test_acro_frequency_record_over_amount_sized_values_keeps_the_magnitude_reading(
        tmp_path: Path) -> None:
    # the record says counts, but a value no count table holds says otherwise: both readings
    folder = _acro("counts", tmp_path)
    path = folder / "output_1_0.csv"
    path.write_text(path.read_text().replace("East,155", "East,155000"))
    found = findings_of(sdc.check(folder, POLICY))
    assert ("SDC203", "output_1_0.csv", None) in found
    assert ("SDC203", "output_0_0.csv", None) not in found


def test_acro_coded_crosstab_header_confirmed_by_the_record(tmp_path: Path) -> None:
    # acro.crosstab(df.region, df.died) writes region,0,1: nothing in the file confirms the
    # codes (they were named, SDC602 review); ACRO's outcome, keyed "0" and "1" over the same
    # rows, does (sdc/readers/acro_records.py)
    result = sdc.check(_acro("coded", tmp_path), POLICY)
    assert findings_of(result) == BOOKKEEPING
    assert next(o for o in result.outputs if o.path == "output_0_0.csv").status.value == "pass"


def test_acro_coded_crosstab_small_cells_fail(tmp_path: Path) -> None:
    # the same crosstab with 12 West people, 3 of them died: the codes are labels, the
    # counts below them are still checked
    result = sdc.check(_acro("coded_small", tmp_path), POLICY)
    assert findings_of(result) == BOOKKEEPING | {
        (code, "output_0_0.csv", c) for code in ("SDC101", "SDC103") for c in ("B5", "C5")}
    assert result.status.value == "fail"


def test_acro_count_pivot_headed_by_a_measured_variable(tmp_path: Path) -> None:
    # acro.pivot_table(values="age", aggfunc="count") writes region,age: `age` alone is what
    # a max or a sum of ages is called too (SDC203 review without a record); ACRO's record,
    # naming the column it counted, says counts: they pass, as the income count pivot does
    folder = _acro("counts_age", tmp_path)
    result = sdc.check(folder, POLICY)
    assert findings_of(result) == BOOKKEEPING
    for name in ("results.json", "config.json", "session_summary.csv", "session_summary.json"):
        (folder / name).unlink()
    shutil.rmtree(folder / "checksums")
    assert findings_of(sdc.check(folder, POLICY)) == {("SDC203", "output_0_0.csv", None)}
