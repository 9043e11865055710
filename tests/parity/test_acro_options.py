"""ACRO 1.0.2's calls and options the other parity sessions do not make, side by side with
``sdc check`` (``acro_options.py``: ``pie``; ``crosstab`` with ``normalize``,
``margins_name``, ``rownames``/``colnames``, ``aggfunc="count"`` over values, five aggfuncs
with margins, two column variables; ``pivot_table`` with min, max and count; ACRO's
``safe_nk_n``/``safe_nk_k``/``safe_pratio_p``, ``safe_dof_threshold`` and
``check_missing_values`` set in its config; ``enable_rounding(10)``), each on a safe and a
small twin of seeded data, and the pandas output of the same calls checked alone.

* Under the policy matching ACRO's config, sdc passes nothing ACRO flagged
  (``test_acro_sweep.disagreements``: each flagged cell under the rule for ACRO's check, each
  output ACRO failed ``fail``, none it reviewed ``pass``), except where
  docs/acro-differences.md ("Parity round 16") says why.
* Under sdc's ``acro`` profile (ACRO's defaults), what ACRO flagged under a stricter config of
  its own is ``review`` at the same cells: its record is kept, it proves nothing the policy
  asks (nk (3, 80%), p 20%; a model of 16 residual dof against ACRO's 20).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import sdc
from sdc.policy import build_policy
from tests import acro_recordings
from tests.parity.test_acro_sweep import disagreements

SESSION = Path(__file__).with_name("acro_options.py")
ACRO_POLICY = build_policy({}, profile="acro")
# sdc's policy as ACRO's config of each case says
NK = build_policy({"rules": {"nk-dominance": {"rules": [{"n": 3, "k": 0.8}]},
                             "p-percent": {"p": 0.2}}}, profile="acro")
MATCHING = {"nk": NK, "nk-suppress": NK,
            "dof20": build_policy({"rules": {"residual-dof": {"min_dof": 20}}}, profile="acro")}
CASES = ["pie", "pie-suppress", "calls", "calls-suppress", "nk", "nk-suppress", "nk-default",
         "dof20", "categorical", "missing", "round10", "fill", "exception"]
TWINS = ["safe", "small"]
XLSX = ["dof20", "missing", "nk", "nk-suppress", "categorical"]  # also one results.xlsx


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("acro-options")
    acro_recordings.run(SESSION, [str(root)], root, timeout=600)
    return root


def _run(root: Path, case: str, twin: str, policy: Any = None, ext: str = "json"
         ) -> tuple[Any, dict[str, Any]]:
    folder = root / (f"{case}-{twin}" if ext == "json" else f"{case}-{twin}-{ext}")
    expected = json.loads(Path(f"{folder}.expected.json").read_text(encoding="utf-8"))
    return sdc.check(folder, policy or MATCHING.get(case, ACRO_POLICY)), expected


def _on(result: sdc.RunResult, name: str, rules: set[str] | None = None
        ) -> set[tuple[str, str | None, str]]:
    """(rule, cell, status) of the findings on file ``name``."""
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings
            if f.location.path == name and (rules is None or f.rule in rules)}


def _mitigated_only(expected: dict[str, Any], line: str) -> bool:
    """ACRO reviewed an output only because its mitigation was on (``enable_rounding``,
    ``suppress=True``: no cell flagged, nothing withheld): sdc checks the numbers as published
    (docs/acro-differences.md)."""
    uid = line.split(" ", 1)[0]
    entry = expected[uid]
    return line.endswith("ACRO review, sdc pass") and not entry["cells"] and \
        entry["properties"].get("mitigation") in ("round", "suppress")


def _withheld(expected: dict[str, Any], line: str) -> bool:
    """A cell ACRO suppressed: blank in the file (nothing published there; the margins it
    leaves are audited, ``test_acro_mitigation.py``)."""
    uid, *_, ref = line.split(": ", 1)[0].split(" ")
    entry = expected[uid]
    return entry["properties"].get("mitigation") == "suppress" and any(
        c["ref"] == ref and c["blank"] for c in entry["cells"])


@pytest.mark.parametrize("twin", TWINS)
@pytest.mark.parametrize(("case", "ext"), [(c, "json") for c in CASES] +
                         [(c, "xlsx") for c in XLSX])
def test_sdc_passes_nothing_acro_flagged(root: Path, case: str, ext: str, twin: str) -> None:
    result, expected = _run(root, case, twin, ext=ext)
    wrong = disagreements(result, expected)
    mitigated = [line for line in wrong if _mitigated_only(expected, line)]
    withheld = [line for line in wrong if _withheld(expected, line)]
    assert [line for line in wrong if line not in mitigated + withheld] == []
    assert len(withheld) == (4 if (case, twin) == ("calls-suppress", "small") else 0)
    # the one documented difference: ACRO's mitigated tables with nothing flagged: its two
    # rounded tables, and the safe count tables it reviewed with suppression on (the
    # margins_name and rownames crosstabs and the count over values), nothing else
    assert len(mitigated) == {("round10", "safe"): 2, ("calls-suppress", "safe"): 3}.get(
        (case, twin), 0)


def test_pie_chart_small_slice_fails_from_acros_record(root: Path) -> None:
    for case in ("pie", "pie-suppress"):
        small, _ = _run(root, case, "small")
        safe, _ = _run(root, case, "safe")
        # ACRO counted a slice of 3: SDC101 on the picture; the picture itself: SDC701
        assert _on(small, "pie_0.png") == {("SDC101", None, "fail"), ("SDC701", None, "review")}
        assert _on(safe, "pie_0.png") == {("SDC701", None, "review")}


@pytest.mark.parametrize("twin", TWINS)
def test_acros_stricter_dominance_config_is_review_under_the_policy(root: Path,
                                                                    twin: str) -> None:
    # East/F: three records hold 85% (ACRO nk (3, 80%) flags, (2, 90%) does not); South/M:
    # the rest is 15% of the largest (p 20% flags, 10% does not)
    strict = {("SDC201", "B2"), ("SDC201", "C4"), ("SDC202", "C4")}  # sum table
    default = {("SDC201", "C4")}  # ACRO's defaults flag the cell two records dominate
    for policy, status in ((MATCHING["nk"], "fail"), (ACRO_POLICY, "review")):
        result, _ = _run(root, "nk", twin, policy)
        found = _on(result, "output_0_0.csv", {"SDC201", "SDC202"})
        small = {("SDC201", "B5")} if twin == "small" else set()  # West's 3 records
        assert found == {(rule, cell, status) for rule, cell in strict | small}
    result, _ = _run(root, "nk-default", twin)
    assert _on(result, "output_0_0.csv", {"SDC201", "SDC202"}) == {
        (rule, cell, "fail") for rule, cell in default}


def test_model_acro_failed_on_its_own_dof_threshold(root: Path) -> None:
    # ACRO's safe_dof_threshold 20: an OLS of 16 residual dof fails, a logit of 38 passes
    parts = ("output_0_0.csv", "output_0_1.csv", "output_0_2.csv")
    matching, _ = _run(root, "dof20", "safe")
    lax, _ = _run(root, "dof20", "safe", ACRO_POLICY)
    for name in parts:
        assert {f for f in _on(matching, name) if f[0] == "SDC301"} == {
            ("SDC301", None, "fail")}
        # the policy's minimum is 10: before, the model passed; ACRO's fail is kept, review
        assert _on(lax, name) == {("SDC301", None, "review")}
    for result in (matching, lax):
        assert not _on(result, "output_1_0.csv") | _on(result, "output_1_1.csv")
    # finalised to a workbook: the regression sheet's summary says the same
    lax, _ = _run(root, "dof20", "safe", ACRO_POLICY, ext="xlsx")
    assert _in_sheets(lax) == {("SDC301", "output_0", None, "review")}


def _in_sheets(result: sdc.RunResult, rules: set[str] | None = None
               ) -> set[tuple[str, str | None, str | None, str]]:
    """(rule, sheet, cell, status) of the findings in results.xlsx."""
    return {(f.rule, f.location.sheet, f.location.cell, f.status.value)
            for f in result.findings if f.location.path == "results.xlsx"
            and (rules is None or f.rule in rules)}


def test_missing_values_acro_reviewed_are_review(root: Path, tmp_path: Path) -> None:
    result, expected = _run(root, "missing", "safe")
    assert {c["check"] for c in expected["output_1"]["cells"]} == {"MissingCheck"}
    # a count pivot table of income, 35 incomes missing: ACRO review, sdc passed it
    assert _on(result, "output_1_0.csv") == {("SDC101", None, "review")}
    assert ("SDC101", None, "review") in _on(result, "output_0_0.csv")
    # twin: the same tables from a session without check_missing_values
    plain = tmp_path / "plain"
    shutil.copytree(root / "missing-safe", plain)
    results = plain / "results.json"
    text = results.read_text(encoding="utf-8").replace("MissingCheck", "")
    results.write_text(text, encoding="utf-8")
    assert not _on(sdc.check(plain, ACRO_POLICY), "output_1_0.csv")
    workbook, _ = _run(root, "missing", "safe", ext="xlsx")
    assert {f for f in _in_sheets(workbook) if f[1] == "output_1"} == {
        ("SDC101", "output_1", None, "review")}


def test_a_workbook_is_read_under_its_sessions_config(root: Path, tmp_path: Path) -> None:
    # ACRO's results.xlsx is read under the session's config.json beside it, as its JSON
    # folder is: cells flagged under nk (3, 80%) / p 20% prove nothing the acro profile's
    # (2, 90%) / 10% ask (review), and fail under the policy that says what the config says
    folder, _ = _run(root, "nk", "safe", ACRO_POLICY)
    in_folder = {(rule, status) for rule, _, status in
                 _on(folder, "output_0_0.csv", {"SDC201", "SDC202"})
                 | _on(folder, "output_1_0.csv", {"SDC201", "SDC202"})}
    workbook, _ = _run(root, "nk", "safe", ACRO_POLICY, ext="xlsx")
    flagged = _in_sheets(workbook, {"SDC201", "SDC202"})
    assert {(rule, status) for rule, _, _, status in flagged} == in_folder == {
        ("SDC201", "review"), ("SDC202", "review")}
    # the folder's cells, at their places on the sheets (B2 of the CSV is B11 of output_0)
    assert {(rule, sheet, cell) for rule, sheet, cell, _ in flagged} == {
        ("SDC201", "output_0", "B11"), ("SDC201", "output_0", "C13"),
        ("SDC202", "output_0", "C13"), ("SDC201", "output_1", "B12"),
        ("SDC201", "output_1", "C14"), ("SDC201", "output_1", "D14"),
        ("SDC202", "output_1", "C14")}
    matching, _ = _run(root, "nk", "safe", MATCHING["nk"], ext="xlsx")
    assert {(r, sh, c, "fail") for r, sh, c, _ in flagged} == _in_sheets(
        matching, {"SDC201", "SDC202"})
    # twin: without config.json, ACRO's defaults: the same flags read as proving (2, 90%)
    bare = tmp_path / "bare"
    shutil.copytree(root / "nk-safe-xlsx", bare)
    (bare / "config.json").unlink()
    assert {(r, sh, c, "fail") for r, sh, c, _ in flagged} == _in_sheets(
        sdc.check(bare, ACRO_POLICY), {"SDC201", "SDC202"})


def test_a_workbooks_config_moves_a_flag_to_review_never_to_pass(root: Path,
                                                                 tmp_path: Path) -> None:
    # config.json has no checksum: an edited one (every threshold far stricter) makes the
    # flags of West's 3 records prove nothing the policy asks, so they are review, never
    # pass, as in a JSON folder
    small, _ = _run(root, "nk", "small", ACRO_POLICY, ext="xlsx")
    west = {("SDC101", "output_0", "B15"), ("SDC101", "output_1", "B16"),
            ("SDC101", "output_1", "D16")}
    assert {(r, sh, c, "fail") for r, sh, c in west} <= _in_sheets(small, {"SDC101"})
    edited = tmp_path / "edited"
    shutil.copytree(root / "nk-small-xlsx", edited)
    config = json.loads((edited / "config.json").read_text(encoding="utf-8"))
    config.update(safe_threshold=100, safe_nk_n=9, safe_nk_k=0.1, safe_pratio_p=0.9)
    (edited / "config.json").write_text(json.dumps(config), encoding="utf-8")
    result = sdc.check(edited, ACRO_POLICY)
    assert {(r, sh, c, "review") for r, sh, c in west} <= _in_sheets(result, {"SDC101"})
    assert {(o.path, o.sheet, o.status.value) for o in result.outputs
            if o.sheet in ("output_0", "output_1") or o.path == "config.json"} == {
        ("results.xlsx", "output_0", "review"), ("results.xlsx", "output_1", "review"),
        ("config.json", None, "review")}


# the pandas output of each call, alone in a folder (no ACRO record): (rule, cell, status)
ALONE = {
    ("safe", "count_values"): set(), ("safe", "margins_name"): set(),
    ("safe", "rownames"): set(), ("safe", "value_counts"): set(),
    ("safe", "five"): {("SDC203", None, "review")},
    ("safe", "normalize"): {("SDC303", None, "review")},
    ("safe", "normalize_all"): {("SDC602", None, "review")},
    ("small", "count_values"): {("SDC203", None, "review"), ("SDC101", "B5", "fail")},
    ("small", "margins_name"): {("SDC101", "B5", "fail"), ("SDC103", "B5", "fail"),
                                ("SDC102", "C5", "fail"), ("SDC101", "D5", "fail")},
    ("small", "rownames"): {("SDC101", "B5", "fail"), ("SDC103", "B5", "fail"),
                            ("SDC102", "C5", "fail")},
    ("small", "value_counts"): {("SDC101", "B5", "fail")},
    ("small", "normalize"): {("SDC303", None, "review"), ("SDC103", "B5", "fail"),
                             ("SDC103", "C5", "fail")},
    ("small", "normalize_all"): {("SDC602", None, "review")},
}


@pytest.mark.parametrize(("twin", "name"), sorted(ALONE))
def test_pandas_output_of_the_same_call_alone(root: Path, twin: str, name: str) -> None:
    result = sdc.check(root / f"pandas-{twin}" / name, ACRO_POLICY)
    assert _on(result, f"{name}.csv") == ALONE[(twin, name)]


@pytest.mark.parametrize("twin", TWINS)
def test_pandas_min_max_and_five_statistics_alone(root: Path, twin: str) -> None:
    # every minimum and maximum is one record's value: SDC302 at each (ACRO checks none)
    result = sdc.check(root / f"pandas-{twin}" / "min_max_count", ACRO_POLICY)
    extremes = {(f"{c}{r}") for c in "BCDE" for r in (4, 5, 6) + ((7,) if twin == "small"
                                                                   else ())
                if not (twin == "small" and f"{c}{r}" in ("C7", "E7"))}  # West/M: blank
    assert {c for rule, c, _ in _on(result, "min_max_count.csv") if rule == "SDC302"} == extremes
    five = sdc.check(root / f"pandas-{twin}" / "five", ACRO_POLICY)
    west = {c for rule, c, s in _on(five, "five.csv") if rule in ("SDC101", "SDC303")
            and s == "fail"}
    # West's 3 women: the count, mean, std, median and sum and their margins fail
    assert west == ({"B7", "D7", "E7", "G7", "H7", "J7", "K7", "M7", "N7", "P7"}
                    if twin == "small" else set())


def test_checksums_of_a_workbook_session_are_acros_digests(root: Path, tmp_path: Path) -> None:
    from sdc.readers.acro_input import acro_bookkeeping, acro_control_files

    folder = tmp_path / "workbook"
    shutil.copytree(root / "dof20-safe-xlsx", folder)
    digests = {f"checksums/{name}.txt" for name in
               ("results.xlsx", "session_summary.csv", "session_summary.json")}
    assert {p.relative_to(folder).as_posix() for p in (folder / "checksums").iterdir()} == digests

    def checked(path: Path) -> dict[str, set[tuple[str, str]]]:
        result = sdc.check(path, ACRO_POLICY)
        return {name: {(f.rule, f.status.value) for f in result.findings
                       if f.location.path == name} for name in sorted(digests)}

    # each digest matches its file: nothing to say (they were SDC602 review, 'a .txt document')
    assert checked(folder) == {name: set() for name in digests}
    assert acro_control_files(folder) == digests and digests <= acro_bookkeeping(folder)
    # a digest that no longer matches, and a checksum file holding anything else: review
    summary = folder / "session_summary.csv"
    summary.write_text(summary.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (folder / "checksums" / "session_summary.json.txt").write_text(
        "West had 3 deaths\n", encoding="utf-8")
    found = checked(folder)
    assert found["checksums/session_summary.csv.txt"] == {("SDC602", "review")}
    assert found["checksums/session_summary.json.txt"] == {("SDC602", "review")}
    assert found["checksums/results.xlsx.txt"] == set()
    # without the workbook the folder is no ACRO session: a .txt is a document for a person
    (folder / "results.xlsx").unlink()
    assert checked(folder)["checksums/results.xlsx.txt"] == {("SDC602", "review")}
    assert acro_control_files(folder) == set()


def test_an_exception_request_changes_nothing(root: Path) -> None:
    # ACRO records the researcher's exception and the new name; it still fails the 3 and the 0
    result, expected = _run(root, "exception", "small")
    assert list(expected) == ["by_region"] and expected["by_region"]["files"] == [
        "by_region_0.csv"]
    assert _on(result, "by_region_0.csv") == {
        ("SDC101", "B5", "fail"), ("SDC103", "B5", "fail"), ("SDC102", "C5", "fail")}
    safe, _ = _run(root, "exception", "safe")
    assert _on(safe, "by_region_0.csv") == set()


def test_an_empty_group_filled_with_zero(root: Path) -> None:
    # fill_value=0 writes West/M (no one) as 0: a zero count, and a mean of no one, which
    # ACRO's record flags (SDC101 from the microdata)
    result, _ = _run(root, "fill", "small")
    assert ("SDC102", "C5", "fail") in _on(result, "output_0_0.csv")
    assert ("SDC101", "C5", "fail") in _on(result, "output_1_0.csv")
    safe, _ = _run(root, "fill", "safe")
    assert _on(safe, "output_0_0.csv") == set()


def test_models_on_a_categorical_predictor(root: Path) -> None:
    # ACRO passes both (297 and 296 dof). The OLS coefficient table, its intercept written
    # 23090.0 from the summary's 2.309e+04, is proven a model: no SDC302 at its p-values (it
    # failed "the quantile at 0.0 is the minimum" before)
    safe, expected = _run(root, "categorical", "safe")
    assert {e["status"] for e in expected.values() if e["type"] == "regression"} == {"pass"}
    names = [n for e in expected.values() if e["type"] == "regression" for n in e["files"]]
    assert names and all(_on(safe, name) == set() for name in names)
    # West's 3 all died: the logit's coefficient for West is perfect prediction, for a person
    small, _ = _run(root, "categorical", "small")
    assert ("SDC102", "A5", "review") in _on(small, "output_1_1.csv")
    # West's 3 people behind the OLS (ACRO passes it on 296 dof): the standard errors and
    # the scale from the log-likelihood give every region's size back (sdc.model_counts,
    # gaussian-identity), SDC101 at West's coefficient row
    assert _on(small, "output_0_1.csv") == {("SDC101", "A5", "fail")}
    # the same session finalised to results.xlsx: at West's row of the OLS sheet
    small_xlsx, _ = _run(root, "categorical", "small", ext="xlsx")
    assert _on(small_xlsx, "results.xlsx", {"SDC101"}) == {("SDC101", "A19", "fail")}
    # its safe twin: the workbook keeps the intercept 2.309e+04 as the number 23090 (no .0),
    # proven a coefficient table at the summary's digits as the CSV's 23090.0 is (SDC302
    # fail at C16 before: its p-values 0, 0.488, 0.715 read as quantile levels)
    safe_xlsx, _ = _run(root, "categorical", "safe", ext="xlsx")
    assert _on(safe_xlsx, "results.xlsx") == set()
