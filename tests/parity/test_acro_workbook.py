"""ACRO's results.xlsx read as ACRO lays it out, and every wrong guess of that layout still
ends in review or fail.

The workbooks are written the way ACRO 1.0.2's ``finalise_excel`` writes them (pandas'
``to_excel`` at the same start rows: the command and summary, the outcome at row 5, the table
one row under it); ``test_acro_parity`` checks real ACRO workbooks.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy

POLICY = build_policy({}, profile="acro")
TABLE = pd.DataFrame({"F": [40.0, 2.0], "M": [35.0, 3.0]},
                     index=pd.Index(["East", "West"], name="region"))
FLAGGED = pd.DataFrame({"F": ["ok", "MinimumThresholdCheck; "],
                        "M": ["ok", "MinimumThresholdCheck; "]}, index=TABLE.index)
SUMMARY = "Mean : \n MinimumThresholdCheck: fail - 2 cells may need suppressing.\n"


COMMAND = "acro.crosstab(df.region, df.sex)"


def write_workbook(folder: Path, table: pd.DataFrame = TABLE, outcome: pd.DataFrame = FLAGGED,
                   summary: str = SUMMARY, description: list[str] | None = None,
                   command: str = COMMAND, index: pd.DataFrame | None = None) -> Path:
    """One output sheet, ``output_0``, as ACRO writes it; its description lists ``description``
    (sheet names) with the sheet's command and summary, or is ``index`` as given."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "results.xlsx"
    sheets = description if description is not None else ["output_0"]
    if index is None:
        index = pd.DataFrame({"Sheet": sheets, "Command": [command] * len(sheets),
                              "Summary": [summary] * len(sheets)})
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        index.to_excel(writer, sheet_name="description", index=False)
        pd.DataFrame([command, summary],
                     index=["Command", "Summary"]).to_excel(writer, sheet_name="output_0")
        outcome.to_excel(writer, sheet_name="output_0", startrow=4)
        start = 1 + writer.sheets["output_0"].max_row
        table.to_excel(writer, sheet_name="output_0", startrow=start)
    return folder


def findings(folder: Path) -> set[tuple[str, str | None, str]]:
    result = sdc.check(folder, POLICY)
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings
            if f.location.sheet == "output_0"}


def test_flagged_cells_of_a_mean_sheet_fail(tmp_path: Path) -> None:
    # the table's West row is row 11: outcome header 5, rows 6-7, blank 8, header 9, rows 10-11
    found = findings(write_workbook(tmp_path / "r"))
    assert {("SDC101", "B11", "fail"), ("SDC101", "C11", "fail")} <= found
    assert not {f for f in found if f[0] == "SDC602"}


def test_outcome_saying_ok_does_not_hide_a_small_count(tmp_path: Path) -> None:
    # a frequency table ACRO (or an edit) marked ok everywhere: sdc's own count check fails it
    ok = pd.DataFrame("ok", index=TABLE.index, columns=TABLE.columns)
    folder = write_workbook(tmp_path / "r", table=TABLE.astype(int), outcome=ok,
                            summary="FrequencyTable : \n")
    found = findings(folder)
    assert {("SDC101", "B11", "fail"), ("SDC101", "C11", "fail")} <= found


def test_outcome_block_with_other_content_is_review(tmp_path: Path) -> None:
    odd = FLAGGED.copy()
    odd.iloc[0, 0] = "3 patients, see note"
    found = findings(write_workbook(tmp_path / "r", outcome=odd))
    assert ("SDC602", None, "review") in found
    assert ("SDC101", "B11", "fail") in found  # the rest of the record still counts


def test_summary_with_other_numbers_is_named(tmp_path: Path) -> None:
    summary = SUMMARY + " Note: ward 5 has 2 patients.\n"
    result = sdc.check(write_workbook(tmp_path / "r", summary=summary), POLICY)
    named = [f for f in result.findings if f.rule == "SDC602" and f.location.sheet == "output_0"
             and "not understood" in f.message]
    assert named and "B3" in named[0].message


def test_description_naming_a_missing_sheet_is_read_like_any_workbook(tmp_path: Path) -> None:
    # not ACRO's shape: no sheet is read as ACRO's, and none passes
    folder = write_workbook(tmp_path / "r", description=["output_0", "output_9"])
    result = sdc.check(folder, POLICY)
    statuses = {o.sheet: o.status.value for o in result.outputs}
    assert statuses["output_0"] != "pass"
    assert not any("ACRO recorded" in f.message for f in result.findings)


def description(folder: Path) -> tuple[str, set[tuple[str, str | None, str]]]:
    """The description sheet's status and findings (rule, cell, status)."""
    result = sdc.check(folder, POLICY)
    (out,) = [o for o in result.outputs if o.sheet == "description"]
    return out.status.value, {(f.rule, f.location.cell, f.status.value) for f in out.findings}


def test_description_sheet_as_acro_writes_it_is_its_index(tmp_path: Path) -> None:
    # one line per sheet repeating the sheet's command and summary: ACRO's metadata, no data
    assert description(write_workbook(tmp_path / "r")) == ("pass", set())


def test_description_numbers_acro_does_not_write_are_named(tmp_path: Path) -> None:
    # the command is the researcher's code: a number in it (and one in a summary that is not
    # a cell count or a dof) is named for review on the description too, as on its sheet
    folder = write_workbook(tmp_path / "r", command="acro.crosstab(df.region, df.age > 85)",
                            summary=SUMMARY + " ward 5 has 2 patients\n")
    status, _ = description(folder)
    assert status == "review"
    (named,) = [f for f in sdc.check(folder, POLICY).findings
                if f.location.sheet == "description"]
    assert named.rule == "SDC602" and "B2" in named.message and "C2" in named.message


def test_description_with_an_identifier_fails(tmp_path: Path) -> None:
    folder = write_workbook(tmp_path / "r", command="acro.crosstab(df[df.nhs == '943 476 5919']"
                                                    ".region, df.sex)")
    status, found = description(folder)
    assert status == "fail" and ("SDC604", None, "fail") in found


def test_description_that_is_not_acros_index_is_read_as_data(tmp_path: Path) -> None:
    # a line that is not its sheet's, an extra column, a sheet listed twice: read like any
    # sheet (the two small counts in the extra column are found), never exempt
    edited = pd.DataFrame({"Sheet": ["output_0"], "Command": ["acro.crosstab(...)"],
                           "Summary": [SUMMARY]})
    assert description(write_workbook(tmp_path / "a", index=edited))[0] != "pass"
    extra = pd.DataFrame({"Sheet": ["output_0"], "Command": [COMMAND], "Summary": [SUMMARY],
                          "n": [3]})
    status, found = description(write_workbook(tmp_path / "b", index=extra))
    assert status == "fail" and ("SDC101", "D2", "fail") in found
    twice = pd.DataFrame({"Sheet": ["output_0", "output_0"], "Command": [COMMAND] * 2,
                          "Summary": [SUMMARY] * 2})
    assert description(write_workbook(tmp_path / "c", index=twice))[0] != "pass"


def write_regression(folder: Path, summary: str, printed: int | None = None) -> Path:
    """A regression's sheet: statsmodels' coefficient and diagnostics tables, stacked (and
    first its model block printing ``Df Residuals:`` ``printed``, as ACRO writes it, if given)."""
    folder.mkdir(parents=True, exist_ok=True)
    coef = pd.DataFrame({"coef": [-1834.0, 13.06], "std err": [536.0, 9.14]},
                        index=["const", "age"])
    # (its Adj. R-squared and F those of 300 observations: round 38 reads them against the
    # counts, and 600 observations' numbers beside 300 are a print edited by hand)
    info = pd.DataFrame([  # statsmodels' first block, as ACRO writes it
        ["Dep. Variable:", "income", "R-squared:", 0.006],
        ["Model:", "OLS", "Adj. R-squared:", 0.003],
        ["Method:", "Least Squares", "F-statistic:", 1.799],
        ["No. Observations:", None if printed is None else printed + 2, "AIC:", 13350.0],
        ["Df Residuals:", printed, "BIC:", 13360.0],
        ["Df Model:", 1, None, None], ["Covariance Type:", "nonrobust", None, None]])
    diag = pd.DataFrame({0: ["Omnibus:", "Skew:"], 1: [601.4, 12.85],
                         2: ["Durbin-Watson:", "Kurtosis:"], 3: [2.02, 181.5]})
    with pd.ExcelWriter(folder / "results.xlsx", engine="openpyxl") as writer:
        pd.DataFrame({"Sheet": ["output_0"], "Command": ["acro.ols(y, x)"],
                      "Summary": [summary]}).to_excel(writer, sheet_name="description",
                                                      index=False)
        pd.DataFrame(["acro.ols(y, x)", summary], index=["Command", "Summary"]).to_excel(
            writer, sheet_name="output_0")
        if printed is not None:
            info.to_excel(writer, sheet_name="output_0", startrow=4, index=False, header=False)
        coef.to_excel(writer, sheet_name="output_0",
                      startrow=4 if printed is None else 1 + writer.sheets["output_0"].max_row)
        diag.to_excel(writer, sheet_name="output_0", startrow=1 + writer.sheets["output_0"].max_row,
                      index=False, header=False)
    return folder


def test_regression_sheet_tables_take_the_dof_from_acros_summary(tmp_path: Path) -> None:
    safe = sdc.check(write_regression(tmp_path / "a", "MinimumDoFCheck: pass dof=298 >= 10",
                                      printed=298), POLICY)
    alone = sdc.check(write_regression(tmp_path / "c", "MinimumDoFCheck: pass dof=298 >= 10"),
                      POLICY)
    thin = sdc.check(write_regression(tmp_path / "b", "MinimumDoFCheck: fail dof=5 < 10"),
                     POLICY)
    sheets = [o for o in safe.outputs if o.sheet == "output_0"]
    assert [o.table_number for o in sheets] == [1, 2, 3]
    assert {o.status.value for o in sheets} == {"pass"}
    # the record's dof with no Df Residuals printed on the sheet: its word alone (round 37)
    sheets = [o for o in alone.outputs if o.sheet == "output_0"]
    assert [o.table_number for o in sheets] == [1, 2]
    assert [[(f.rule, f.status.value) for f in o.findings] for o in sheets] == [
        [("SDC301", "review")], [("SDC301", "review")]]
    assert {(f.rule, f.status.value) for f in thin.findings if f.location.sheet == "output_0"
            } == {("SDC301", "fail")}
