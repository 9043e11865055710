"""Regression tables saved in documents read as esttab's CSV is (issue 12, hunt round 13).

Stata's ``etable`` (``collect export``), ``esttab`` and R's ``modelsummary``/``texreg`` write
one shape: a coefficient line, its standard error in brackets on the line below, then the
model's scalars (``Number of observations``, ``Num.Obs.``, R-squared). In a CSV that shape was a
model (``sdc.readers.esttab``): ``N`` less the terms shown bounds the residual dof, so 8
observations and 3 terms fail SDC301. The same table in Markdown, HTML, Word or LaTeX went
through the layout: every number not understood (SDC602 ``review``), the 8 never checked. Now
every document table goes through the same ``model_table``: SDC301 ``fail`` at the ``N`` cell.

Before this change (main df0491e), each of these files, with 8 or with 800 observations, gave
exactly two SDC602 ``review`` findings on table 1 (7 numbers not understood; the values in
'mpg' not told). The safe twins (800) stay ``review``, now SDC301's (no dof source): the same
verdict, the reason named.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})
FORMATS = ["md", "html", "docx", "tex"]


def _etable(n: str) -> list[list[str]]:
    """``regress mpg weight foreign`` then ``etable``: the dependent variable heads the
    column, the variables' labels name the terms, ``Number of observations`` closes it."""
    return [["", "mpg"],
            ["Weight (lbs.)", "-0.006"], ["", "(0.001)"],
            ["Foreign car", "-1.650"], ["", "(1.076)"],
            ["Intercept", "41.680"], ["", "(2.166)"],
            ["Number of observations", n]]


def _markdown(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    def line(row: list[str]) -> str:
        return "| " + " | ".join(c.rjust(w) if i else c.ljust(w)
                                 for i, (c, w) in enumerate(zip(row, widths, strict=True))) + " |"
    return "\n".join([line(rows[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
                      *map(line, rows[1:])]) + "\n"


def _html(rows: list[list[str]]) -> str:
    head = "".join(f"<th>{c}</th>" for c in rows[0])
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows[1:])
    return (f"<html><body>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n"
            "</tbody>\n</table>\n</body></html>\n")


def _latex(rows: list[list[str]]) -> str:
    lines = [r"\begin{tabular}{l" + "c" * (len(rows[0]) - 1) + "}", r"\hline",
             " & ".join(rows[0]) + r" \\", r"\hline",
             *(" & ".join(r) + r" \\" for r in rows[1:]), r"\hline", r"\end{tabular}"]
    return "\n".join(lines) + "\n"


def _write(folder: Path, fmt: str, rows: list[list[str]]) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"model.{fmt}"
    if fmt == "docx":
        import docx

        document = docx.Document()
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
        document.save(str(path))
    else:
        path.write_text({"md": _markdown, "html": _html, "tex": _latex}[fmt](rows))
    return path.name


def _check(folder: Path) -> tuple[set[tuple[str, str, str | None]], str, sdc.RunResult]:
    result = sdc.check(folder, POLICY)
    return findings_of(result), result.status.value, result


@pytest.mark.parametrize("fmt", FORMATS)
def test_etable_on_8_observations_fails_at_its_n(tmp_path: Path, fmt: str) -> None:
    name = _write(tmp_path, fmt, _etable("8"))
    findings, status, result = _check(tmp_path)
    assert (findings, status) == ({("SDC301", f"{name}#table1", "B8")}, "fail")
    # 8 observations less the 3 terms shown: at most 5 residual dof
    assert [f.message.split(" (")[0] for f in result.findings] == [
        "residual degrees of freedom at most 5"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_etable_on_800_observations_stays_review(tmp_path: Path, fmt: str) -> None:
    # N less the terms is only a ceiling: 797 proves nothing (terms may be hidden)
    name = _write(tmp_path, fmt, _etable("800"))
    findings, status, _ = _check(tmp_path)
    assert (findings, status) == ({("SDC301", f"{name}#table1", None)}, "review")


def test_a_count_in_a_term_name_is_named_on_the_table(tmp_path: Path) -> None:
    rows = _etable("800")
    rows[3][0] = "Foreign car (n=3)"
    _write(tmp_path, "md", rows)
    findings, status, result = _check(tmp_path)
    assert (findings, status) == ({("SDC301", "model.md#table1", None),
                                   ("SDC602", "model.md#table1", None)}, "review")
    # the name's cell (the Markdown delimiter line is no row)
    assert [f.message.rsplit(": ", 1)[1] for f in result.findings if f.rule == "SDC602"] == [
        "A4"]


def test_an_identifier_in_a_term_name_is_found(tmp_path: Path) -> None:
    rows = _etable("800")
    rows[3][0] = "Foreign car 943 476 5919"  # an NHS number (valid check digit)
    _write(tmp_path, "html", rows)
    findings, status, result = _check(tmp_path)
    # the name is text of the document, at its cell (the layout found it at A4 too)
    assert (findings, status) == ({("SDC301", "model.html#table1", None),
                                   ("SDC604", "model.html", None)}, "fail")
    assert [f.message.split(" holds")[0] for f in result.findings if f.rule == "SDC604"] == [
        "table 1 cell A4"]


def test_a_table_without_observations_is_read_by_the_layout(tmp_path: Path) -> None:
    # no observations line: nothing a model reading would settle; read as before
    _write(tmp_path, "md", _etable("8")[:-1])
    findings, status, _ = _check(tmp_path)
    assert (findings, status) == ({("SDC602", "model.md#table1", None)}, "review")


def _fit(n: int):
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"wt": rng.normal(3, 1, n), "am": rng.integers(0, 2, n)})
    df["mpg"] = 37 - 5 * df.wt + 0.5 * df.am + rng.normal(0, 3, n)
    return smf.ols("mpg ~ wt + am", df).fit()


def _modelsummary(fit) -> list[list[str]]:
    """``modelsummary(list(lm(mpg ~ wt + am)), output = "markdown")``: (1) over the model,
    ``(Intercept)`` first, then Num.Obs., R2, R2 Adj., AIC, BIC, Log.Lik., RMSE."""
    rows = [["", "(1)"]]
    for term, label in (("Intercept", "(Intercept)"), ("wt", "wt"), ("am", "am")):
        rows += [[label, f"{fit.params[term]:.3f}"], ["", f"({fit.bse[term]:.3f})"]]
    rows += [["Num.Obs.", f"{int(fit.nobs)}"], ["R2", f"{fit.rsquared:.3f}"],
             ["R2 Adj.", f"{fit.rsquared_adj:.3f}"], ["AIC", f"{fit.aic:.1f}"],
             ["BIC", f"{fit.bic:.1f}"], ["Log.Lik.", f"{fit.llf:.3f}"],
             ["RMSE", f"{np.sqrt(fit.mse_resid):.2f}"]]
    return rows


def test_modelsummary_with_r2_and_adjusted_r2_proves_its_dof(tmp_path: Path) -> None:
    # the R-squared beside the adjusted one prove the dof (a floor): 500 records pass; before,
    # every number was not understood (review)
    _write(tmp_path / "safe", "md", _modelsummary(_fit(500)))
    assert _check(tmp_path / "safe")[:2] == (set(), "pass")
    _write(tmp_path / "few", "md", _modelsummary(_fit(11)))
    findings, status, _ = _check(tmp_path / "few")
    # 11 records, 3 terms: 8 residual dof, proven (no cell: the dof are the model's)
    assert (findings, status) == ({("SDC301", "model.md#table1", None)}, "fail")


def test_a_count_table_with_an_n_line_is_not_a_model(tmp_path: Path) -> None:
    # a count table with an N line but no bracketed line under a number: the layout reads it
    (tmp_path / "t.md").write_text("| ward | deaths |\n|---|---|\n| East | 3 |\n| West | 40 |\n"
                                   "| N | 43 |\n")
    findings, status, _ = _check(tmp_path)
    assert status == "fail"
    assert not any(f[0] == "SDC301" for f in findings)
    assert ("SDC101", "t.md#table1", "B2") in findings


def _adjusted(n: int, df: int) -> str:
    """The adjusted R-squared beside an R-squared of 0.753 on ``n`` observations and ``df``
    residual dof, as R computes it (stargazer prints what ``summary.lm`` says)."""
    return f"{1 - (1 - 0.753) * (n - 1) / df:.3f}"


def _stargazer_html(n: int, df: int) -> str:
    """``stargazer(lm(mpg ~ wt), type = "html")``: spacer rows of one spanning cell, the
    stars in ``<sup>``, the residual dof beside the residual standard error, a Note row."""
    def row(label: str, value: str) -> str:
        return f'<tr><td style="text-align:left">{label}</td><td>{value}</td></tr>'
    rule = '<tr><td colspan="2" style="border-bottom: 1px solid black"></td></tr>'
    return "\n".join([
        '<table style="text-align:center">' + rule,
        row("", "<em>Dependent variable:</em>"),
        '<tr><td></td><td colspan="1" style="border-bottom: 1px solid black"></td></tr>',
        row("", "mpg"), rule,
        row("wt", "-5.344<sup>***</sup>"), row("", "(0.559)"), row("", ""),
        row("Constant", "37.285<sup>***</sup>"), row("", "(1.878)"), row("", ""), rule,
        row("Observations", str(n)), row("R<sup>2</sup>", "0.753"),
        row("Adjusted R<sup>2</sup>", _adjusted(n, df)),
        row("Residual Std. Error", f"3.046 (df = {df})"),
        row("F Statistic", f"91.375<sup>***</sup> (df = 1; {df})"), rule,
        '<tr><td style="text-align:left"><em>Note:</em></td><td style="text-align:right">'
        "<sup>*</sup>p<0.1; <sup>**</sup>p<0.05; <sup>***</sup>p<0.01</td></tr>",
        "</table>", ""])


def _stargazer_latex(n: int, df: int) -> str:
    """``stargazer(lm(mpg ~ wt))``: LaTeX with ``$^{***}$`` stars and ``R$^{2}$``."""
    return "\n".join([
        r"\begin{table}[!htbp] \centering", r"  \caption{}", r"  \label{}",
        r"\begin{tabular}{@{\extracolsep{5pt}}lc}", r"\\[-1.8ex]\hline",
        r"\hline \\[-1.8ex]",
        r" & \multicolumn{1}{c}{\textit{Dependent variable:}} \\", r"\cline{2-2}",
        r"\\[-1.8ex] & mpg \\", r"\hline \\[-1.8ex]",
        r" wt & $-$5.344$^{***}$ \\", r"  & (0.559) \\", r"  & \\",
        r" Constant & 37.285$^{***}$ \\", r"  & (1.878) \\", r"  & \\",
        r"\hline \\[-1.8ex]", rf"Observations & {n} \\", r"R$^{2}$ & 0.753 \\",
        rf"Adjusted R$^{{2}}$ & {_adjusted(n, df)} \\",
        rf"Residual Std. Error & 3.046 (df = {df}) \\",
        rf"F Statistic & 91.375$^{{***}}$ (df = 1; {df}) \\", r"\hline",
        r"\hline \\[-1.8ex]",
        r"\textit{Note:}  & \multicolumn{1}{r}{$^{*}$p$<$0.1; $^{**}$p$<$0.05; "
        r"$^{***}$p$<$0.01} \\",
        r"\end{tabular}", r"\end{table}", ""])


@pytest.mark.parametrize("fmt", ["html", "tex"])
def test_stargazer_prints_its_dof_beside_the_residual_standard_error(tmp_path: Path,
                                                                     fmt: str) -> None:
    # before (main df0491e) both were review: 7 numbers not understood, no measure column
    write = _stargazer_html if fmt == "html" else _stargazer_latex
    (tmp_path / "few").mkdir()
    (tmp_path / "few" / f"model.{fmt}").write_text(write(8, 6))
    findings, status, result = _check(tmp_path / "few")
    assert (findings, status) == ({("SDC301", f"model.{fmt}#table1", None)}, "fail")
    assert [f.message for f in result.findings] == [
        "residual degrees of freedom 6 are below 10"]
    (tmp_path / "safe").mkdir()
    (tmp_path / "safe" / f"model.{fmt}").write_text(write(500, 498))
    assert _check(tmp_path / "safe")[:2] == (set(), "pass")


def test_stargazer_dof_above_its_observations_less_terms_is_no_proof(tmp_path: Path) -> None:
    # 12 observations, 2 terms: at most 10 dof; a printed 40 is no proof, and the ceiling (10)
    # is not below the minimum: review (no dof source)
    (tmp_path / "model.html").write_text(_stargazer_html(12, 40))
    assert _check(tmp_path)[:2] == ({("SDC301", "model.html#table1", None)}, "review")


_LOG = """-------------------------------------------------------------------------------
      name:  <unnamed>
       log:  /data/model.log
  log type:  text
 opened on:   3 Dec 2026, 00:40:00

{body}
. log close
      name:  <unnamed>
       log:  /data/model.log
  log type:  text
 closed on:   3 Dec 2026, 00:40:01
-------------------------------------------------------------------------------
"""


def _etable_log(n: int) -> str:
    return _LOG.format(body=f""". quietly regress mpg weight foreign

. etable

--------------------------------------
                                mpg
--------------------------------------
Weight (lbs.)                   -0.006
                               (0.001)
Foreign car                     -1.650
                               (1.076)
Intercept                       41.680
                               (2.166)
Number of observations {n:>20}
--------------------------------------
""")


def _esttab_log(n: int) -> str:
    # two models, the second with a term the first lacks (its cells blank): each number is
    # under the model whose header ends nearest it
    return _LOG.format(body=f""". esttab m1 m2

--------------------------------------------
                      (1)             (2)
                      mpg             mpg
--------------------------------------------
weight           -0.00601***     -0.00659***
                  (-11.60)        (-10.34)
foreign                            -1.650
                                  (-1.53)
_cons               39.44***        41.68***
                   (24.44)         (19.25)
--------------------------------------------
N                {n:>8}        {n:>8}
--------------------------------------------
t statistics in parentheses
* p<0.05, ** p<0.01, *** p<0.001
""")


def test_etable_printed_in_a_stata_log(tmp_path: Path) -> None:
    # before (main df0491e): SDC602 review, lines 14-20 numbers not understood
    (tmp_path / "few").mkdir()
    (tmp_path / "few" / "model.log").write_text(_etable_log(8))
    findings, status, result = _check(tmp_path / "few")
    assert (findings, status) == ({("SDC301", "model.log#table1", "B8")}, "fail")
    assert [f.message.split(" (")[0] for f in result.findings] == [
        "residual degrees of freedom at most 5"]
    (tmp_path / "safe").mkdir()
    (tmp_path / "safe" / "model.log").write_text(_etable_log(800))
    assert _check(tmp_path / "safe")[:2] == ({("SDC301", "model.log#table1", None)}, "review")


def test_esttab_printed_in_a_stata_log_counts_each_models_terms(tmp_path: Path) -> None:
    (tmp_path / "few").mkdir()
    (tmp_path / "few" / "model.log").write_text(_esttab_log(8))
    findings, status, result = _check(tmp_path / "few")
    # rules dropped, the N line is row 9: model 1 shows 2 terms (at most 6), model 2 three
    assert (findings, status) == ({("SDC301", "model.log#table1", "B9"),
                                   ("SDC301", "model.log#table1", "C9")}, "fail")
    assert {f.location.cell: f.message.split(" (")[0] for f in result.findings} == {
        "B9": "residual degrees of freedom at most 6",
        "C9": "residual degrees of freedom at most 5"}
    (tmp_path / "safe").mkdir()
    (tmp_path / "safe" / "model.log").write_text(_esttab_log(800))
    assert _check(tmp_path / "safe")[:2] == ({("SDC301", "model.log#table1", None)}, "review")


def test_a_log_table_with_a_number_out_of_line_is_not_a_model(tmp_path: Path) -> None:
    # two numbers under one model's column: not this shape, left to the other readers
    text = _etable_log(8).replace("                               (0.001)",
                                  "                        3      (0.001)")
    (tmp_path / "model.log").write_text(text)
    findings, status, _ = _check(tmp_path)
    assert status == "review"
    assert not any(f[0] == "SDC301" for f in findings)
