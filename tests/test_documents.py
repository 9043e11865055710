"""Documents researchers really release — HTML, Markdown, LaTeX, Word, JSON and Stata/R logs —
written by the real tools where they run here (pandas, great_tables, python-docx) and to the
documented output formats of Stata and R otherwise. Each table inside is checked like a CSV,
everything else is text checked for identifiers, and numbers nobody can account for are review.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of, write_files


def _check(root: Path) -> sdc.RunResult:
    return sdc.check(root, build_policy({}))


def _by_meaning(result: sdc.RunResult, path: str) -> set[tuple[str, str | None, str | None]]:
    """Findings of one file as (rule, row label, column label): what a person reads, whatever
    the cell's position in that format."""
    return {(f.rule, f.location.row_label, f.location.column_label) for f in result.findings
            if f.location.path == path and f.location.cell is not None}


@pytest.fixture
def crosstab() -> pd.DataFrame:
    cells = {("East", "F"): 44, ("East", "M"): 52, ("North", "F"): 4, ("South", "F"): 54,
             ("South", "M"): 46}
    rows = [key for key, n in cells.items() for _ in range(n)]
    df = pd.DataFrame(rows, columns=["region", "sex"])
    return pd.crosstab(df.region, df.sex, margins=True)


def test_a_crosstab_gives_the_same_findings_in_every_format(tmp_path: Path,
                                                             crosstab: pd.DataFrame) -> None:
    """pandas writes one crosstab (North: 4 women, 0 men) as CSV, HTML, Markdown, LaTeX and
    JSON: every format gives the CSV's findings at the same labels."""
    crosstab.to_csv(tmp_path / "ct.csv")
    (tmp_path / "ct.html").write_text(crosstab.to_html())
    (tmp_path / "ct.md").write_text(crosstab.to_markdown())
    (tmp_path / "ct.tex").write_text(crosstab.to_latex())
    (tmp_path / "ct.json").write_text(crosstab.to_json())
    result = _check(tmp_path)
    expected = _by_meaning(result, "ct.csv")
    assert {rule for rule, _, _ in expected} == {"SDC101", "SDC102", "SDC103"}
    assert ("SDC101", "North", "F") in expected and ("SDC102", "North", "M") in expected
    for name in ("ct.html", "ct.md", "ct.tex", "ct.json"):
        assert _by_meaning(result, name) == expected, name
    assert findings_of(result, {"SDC101"}) >= {("SDC101", "ct.html#table1", "B4"),
                                                 ("SDC101", "ct.md#table1", "B3"),
                                                 ("SDC101", "ct.tex#table1", "B4")}


def test_great_tables_html_with_title_spanner_and_source_note(tmp_path: Path) -> None:
    great_tables = pytest.importorskip("great_tables")
    df = pd.DataFrame({"region": ["North", "South", "East"], "female": [3, 40, 52],
                       "male": [25, 44, 61]})
    html = (great_tables.GT(df, rowname_col="region").tab_header(title="Deaths by region")
            .tab_spanner(label="Sex", columns=["female", "male"])
            .tab_source_note("Source: 2019 audit").as_raw_html())
    write_files(tmp_path, {"gt.html": html})
    result = _check(tmp_path)
    assert findings_of(result, {"SDC101", "SDC602", "SDC605"}) == {
        ("SDC101", "gt.html#table1", "B4")}
    (table_output,) = [o for o in result.outputs if o.location.table == 1]
    assert table_output.kind == "frequency"


def _word(tmp_path: Path, extra_member: bool = False, deleted_text: str | None = None) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = "Cohort 943 476 5919"
    document.add_paragraph("Table 1: deaths by region")
    table = document.add_table(rows=4, cols=3)
    for i, row in enumerate([["region", "female", "male"], ["North", "3", "25"],
                             ["South", "40", "44"], ["East", "52", "61"]]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    document.add_paragraph("Deaths were counted in 2019.")
    document.add_comment(document.paragraphs[1].runs, text="ask j.smith@example.org",
                         author="reviewer")
    document.sections[0].footer.paragraphs[0].text = "Produced in the TRE"
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if extra_member or deleted_text:
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if deleted_text and item.filename == "word/document.xml":
                    content = content.replace(
                        b"</w:body>", b'<w:p><w:del w:id="9" w:author="x" w:date="2024-01-01T00:00:'
                        b'00Z"><w:r><w:delText>' + deleted_text.encode() + b"</w:delText></w:r>"
                        b"</w:del></w:p></w:body>")
                target.writestr(item, content)
            if extra_member:
                target.writestr("word/patients.csv", "nhs,age\n9434765919,54\n")
        data = out.getvalue()
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    return path


def test_word_tables_text_comments_and_properties(tmp_path: Path) -> None:
    _word(tmp_path)
    result = _check(tmp_path)
    assert findings_of(result, {"SDC101", "SDC103", "SDC602"}) == {
        ("SDC101", "report.docx#table1", "B2"), ("SDC103", "report.docx#table1", "C2"),
        ("SDC602", "report.docx", None)}  # the numbers in the title property
    (unread,) = [f for f in result.findings if f.rule == "SDC602"]
    assert unread.evidence["places"] == ["core property 'title' (hidden)"]
    identifiers = [f for f in result.findings if f.rule == "SDC604"]
    assert sorted(f.evidence["where"] for f in identifiers) == ["comment 1",
                                                                "core property 'title'"]
    hidden = {f.evidence["what"] for f in result.findings if f.rule == "SDC605"}
    assert hidden == {"comment"}
    (table_output,) = [o for o in result.outputs if o.location.table == 1]
    assert table_output.location.to_dict()["table"] == 1


def test_word_package_parts_and_tracked_deletions_are_read(tmp_path: Path) -> None:
    """A CSV tucked into the .docx zip and a deleted (tracked) NHS number: both still in the
    file, both found."""
    _word(tmp_path, extra_member=True, deleted_text="patient 401 023 2137")
    result = _check(tmp_path)
    hidden = {f.evidence["what"] for f in result.findings if f.rule == "SDC605"}
    assert hidden == {"comment", "extra package part", "tracked changes"}
    where = {f.evidence["where"] for f in result.findings if f.rule == "SDC604"}
    assert {"package part 'word/patients.csv'", "tracked deletions"} <= where
    assert result.status.value == "fail"


def test_a_broken_word_file_is_review_not_pass(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "report.docx", "w") as package:
        package.writestr("word/document.xml", "<not-xml")
    result = _check(tmp_path)
    assert findings_of(result, {"SDC602"}) == {("SDC602", "report.docx", None)}
    assert result.status.value == "review"


def test_legacy_word_formats_name_the_accepted_ones(tmp_path: Path) -> None:
    write_files(tmp_path, {"report.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)})
    result = _check(tmp_path)
    (finding,) = [f for f in result.findings if f.rule == "SDC601"]
    assert ".docx" in finding.message and "save it as .docx" in finding.message


STATA_LOG = """\
-------------------------------------------------------------------------------
      name:  <unnamed>
       log:  /home/user/out.log
  log type:  text
 opened on:  30 Nov 2026, 10:00:00

. tabulate region sex

           |          sex
    region |    female       male |     Total
-----------+----------------------+----------
     North |         3         25 |        28
     South |        40         44 |        84
-----------+----------------------+----------
     Total |        43         69 |       112

. regress y x1 x2

      Source |       SS           df       MS      Number of obs   =        {n}
-------------+----------------------------------   F(2, {df})        =     14.74
       Model |  1234.5678         2  617.283901   Prob > F        =    0.0000
    Residual |  2987.4321        {df}  42.0765085   R-squared       =    0.2924
-------------+----------------------------------   Adj R-squared   =    0.2725
       Total |     4222         {total}  57.8356164   Root MSE        =    6.4866

------------------------------------------------------------------------------
           y | Coefficient  Std. err.      t    P>|t|     [95% conf. interval]
-------------+----------------------------------------------------------------
          x1 |   .2345678   .0456789     5.14   0.000     .1434864    .3256492
       _cons |   12.34567   2.345678     5.26   0.000     7.667497    17.02384
------------------------------------------------------------------------------
"""


@pytest.mark.parametrize(("df", "expected_dof_finding"), [(71, False), (5, True)])
def test_stata_log_tables_and_regression(tmp_path: Path, df: int,
                                         expected_dof_finding: bool) -> None:
    log = STATA_LOG.format(n=df + 3, df=df, total=df + 2)
    write_files(tmp_path, {"analysis.log": log})
    result = _check(tmp_path)
    assert findings_of(result, {"SDC101", "SDC602"}) == {("SDC101", "analysis.log#table1", "B2")}
    assert bool(findings_of(result, {"SDC301"})) is expected_dof_finding
    (table_output,) = [o for o in result.outputs if o.location.table == 1]
    assert table_output.table.title == ["sex"]


R_LOG = """\
R version 4.3.1 (2023-06-16) -- "Beagle Scouts"

> xtabs(~ region + sex, data = df)
       sex
region  female male
  North     30    5
  South     10   12
> summary(fit)

Call:
lm(formula = y ~ x, data = df)

Coefficients:
            Estimate Std. Error t value Pr(>|t|)
(Intercept)   1.2345     0.5678   2.174   0.0321 *
x             0.9876     0.1234   8.003 2.1e-12 ***

Residual standard error: 1.234 on 8 degrees of freedom
> head(cohort)
  study_id age
1      101  54
2      102  61
"""


def test_r_console_log(tmp_path: Path) -> None:
    write_files(tmp_path, {"session.log": R_LOG})
    result = _check(tmp_path)
    assert findings_of(result, {"SDC101", "SDC301"}) == {
        ("SDC101", "session.log#table1", "C2"), ("SDC301", "session.log", None)}
    # head(cohort) prints records: no recogniser accounts for them, and a listing is row-level
    (unread,) = [f for f in result.findings if f.rule == "SDC602"]
    assert unread.evidence["places"] == ["lines 21-22"]
    assert [f.evidence["where"] for f in result.findings if f.rule == "SDC603"] == [
        "lines 20-22"]


def test_a_log_with_unrecognised_output_names_its_lines(tmp_path: Path) -> None:
    log = ". list nhs age in 1/2\n\n     +---------------------+\n     |        nhs   age |\n" \
          "     |---------------------|\n  1. | 9434765919    54 |\n  2. | 4010232137    61 |\n" \
          "     +---------------------+\n"
    write_files(tmp_path, {"listing.log": log})
    result = _check(tmp_path)
    (unread,) = [f for f in result.findings if f.rule == "SDC602"]
    assert unread.evidence["places"] == ["lines 6-7"]
    assert [f.evidence["kinds"] for f in result.findings if f.rule == "SDC604"] == [
        ["NHS number"]]
    (listing,) = [f for f in result.findings if f.rule == "SDC603"]
    assert listing.evidence["where"] == "lines 3-8" and listing.status.value == "fail"


def test_html_active_content_and_hidden_text(tmp_path: Path) -> None:
    page = ("<html><body><table><tr><th>region</th><th>n</th></tr>"
            "<tr><td>North</td><td>30</td></tr></table>"
            "<div style='display:none'>South 4</div>"
            "<img src='data:image/png;base64,AAAA'><a href='https://example.org'>x</a>"
            "<button onclick='go()'>go</button></body></html>")
    write_files(tmp_path, {"page.html": page})
    result = _check(tmp_path)
    hidden = sorted(f.evidence["what"] for f in result.findings if f.rule == "SDC605")
    assert hidden == ["active content", "data URI", "external resource", "hidden text"]
    (unread,) = [f for f in result.findings if f.rule == "SDC602"]
    assert unread.evidence["places"] == ["hidden <div> 1 (hidden)"]


FORMATS = {
    "md": lambda df: df.to_markdown(index=False),
    "html": lambda df: df.to_html(index=False),
    "tex": lambda df: df.to_latex(index=False),
    "json": lambda df: df.to_json(orient="records"),
}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fmt=st.sampled_from(sorted(FORMATS)),
       counts=st.lists(st.lists(st.integers(10, 500), min_size=2, max_size=4), min_size=2,
                       max_size=5).filter(lambda rows: len({len(r) for r in rows}) == 1),
       small=st.integers(1, 9), where=st.tuples(st.integers(0, 10), st.integers(0, 10)),
       header=st.sampled_from(["n", "count", "patients", "x", "deaths"]))
def test_a_small_count_in_any_document_table_never_passes(tmp_path_factory, fmt: str,
                                                          counts: list[list[int]], small: int,
                                                          where: tuple[int, int],
                                                          header: str) -> None:
    rows = [list(r) for r in counts]
    rows[where[0] % len(rows)][where[1] % len(rows[0])] = small
    df = pd.DataFrame(rows, columns=[f"{header} {i}" for i in range(len(rows[0]))])
    df.insert(0, "area", [f"Area {chr(65 + i)}" for i in range(len(rows))])
    root = tmp_path_factory.mktemp("doc")
    (root / f"t.{fmt}").write_text(FORMATS[fmt](df))
    assert _check(root).status.value != "pass"


SMCL_LOG = """{smcl}
{com}{sf}{ul off}{txt}{.-}
      name:  {res}<unnamed>
       {txt}log:  {res}/tmp/x.smcl
  {txt}log type:  {res}smcl
 {txt}opened on:  {res}30 Nov 2026, 10:00:00
{txt}
{com}. tabulate region

     {txt}region {c |}      Freq.     Percent        Cum.
{hline 12}{c +}{hline 35}
      North {c |}{res}          3        6.98        6.98
{txt}      South {c |}{res}         40       93.02      100.00
{txt}{hline 12}{c +}{hline 35}
      Total {c |}{res}         43      100.00
{txt}
"""

SAS_LISTING = """\
                                The SAS System          10:01 Monday, November 30, 2026   1

                                 The FREQ Procedure

                                                 Cumulative    Cumulative
                 region    Frequency     Percent     Frequency      Percent
                 ----------------------------------------------------------
                 East            44       44.90            44        44.90
                 North            4        4.08            48        48.98
                 South           50       51.02            98       100.00
"""


def test_stata_smcl_and_sas_listing(tmp_path: Path) -> None:
    write_files(tmp_path, {"tab.smcl": SMCL_LOG, "freq.lst": SAS_LISTING})
    policy = build_policy({"rules": {"disallowed-file-type": {"allowed": ["smcl", "lst"]}}})
    result = sdc.check(tmp_path, policy)
    # the cumulative frequency 48 after 44 gives North's 4 away too (a derived count)
    assert findings_of(result, {"SDC101", "SDC602"}) == {
        ("SDC101", "tab.smcl#table1", "B2"), ("SDC101", "freq.lst#table1", "B3"),
        ("SDC101", "freq.lst#table1", "D3")}
    (sas,) = [o for o in result.outputs if o.path == "freq.lst" and o.table is not None]
    assert [m.name for m in sas.table.measures][:2] == ["Frequency", "Percent"]


def test_reports_name_the_table_within_the_file(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from sdc.reports import ReportOptions, get_reporter

    write_files(tmp_path, {"t.md": "| region | n |\n|---|---|\n| North | 3 |\n| South | 40 |\n"})
    result = _check(tmp_path)
    stream = io.BytesIO()
    get_reporter("xlsx")(result, stream, ReportOptions())
    summary = load_workbook(io.BytesIO(stream.getvalue()))["Summary"]
    rows = [[c.value for c in row] for row in summary.iter_rows()]
    # the Findings block: status, rule, name, output, sheet (or table), cell
    assert ["SDC101", "small-count", "t.md", "table 1", "B2"] in [r[1:6] for r in rows]
    text = io.StringIO()
    get_reporter("text")(result, text, ReportOptions())
    assert "t.md, table 1" in text.getvalue()


def _orient_grid(df: pd.DataFrame, orient: str) -> list[list[str]] | None:
    import json

    from sdc.readers.documents.json_tables import tabular

    return tabular(json.loads(df.to_json(orient=orient)))


def test_every_pandas_json_orient_reads_as_a_table() -> None:
    named = pd.DataFrame({"n": [30, 4], "m": [12, 7]}, index=["North", "South"])
    plain = named.reset_index(drop=True)
    side = [["", "n", "m"], ["North", "30", "12"], ["South", "4", "7"]]
    bare = [["n", "m"], ["30", "12"], ["4", "7"]]
    values = [["column 1", "column 2"], ["30", "12"], ["4", "7"]]
    assert _orient_grid(named, "records") == bare  # records carry no index
    assert _orient_grid(named, "split") == side
    assert _orient_grid(named, "columns") == side
    # {row: {column: value}} cannot be told from {column: {row: value}}: read transposed
    assert _orient_grid(named, "index") == [["", "North", "South"], ["n", "30", "4"],
                                            ["m", "12", "7"]]
    assert _orient_grid(named, "table") == [["index", "n", "m"], ["North", "30", "12"],
                                            ["South", "4", "7"]]
    assert _orient_grid(named, "values") == values
    for orient in ("records", "split", "columns", "index", "table"):  # 0..n-1 is no label
        assert _orient_grid(plain, orient) == bare, orient
    assert _orient_grid(plain, "values") == values


def test_json_that_is_not_a_table_is_not_read_as_one() -> None:
    from sdc.readers.documents.json_tables import tabular

    for data in ([], {}, [1, 2], {"a": [1, 2]}, [{"a": {"b": 1}}], {"columns": ["a"],
                                                                    "data": [[[1]]]}):
        assert tabular(data) is None, data


def test_a_table_pasted_after_a_regression_is_not_part_of_the_model(tmp_path: Path) -> None:
    """A regression's output accounts only for the lines a model summary is made of: counts
    pasted after the coefficients, before the next command, were taken for the model's and
    passed."""
    log = STATA_LOG.format(n=74, df=71, total=73) + (
        "\nDeaths by ward\n  Ward A     3\n  Ward B    41\n  Ward C     2\n")
    write_files(tmp_path, {"analysis.log": log})
    result = _check(tmp_path)
    (unread,) = [f for f in result.findings if f.rule == "SDC602"]
    assert unread.evidence["places"] == ["lines 34-36"]


def test_commands_are_code_but_not_a_hiding_place(tmp_path: Path) -> None:
    """Echoed commands are code, still read for identifiers; a 'command' that is no command
    (``. 3 4 2``) or a comment holding numbers is named for a person. Both passed: command
    lines were skipped whole."""
    typed = ". 3 4 2 7\n. * 9434765919 seen 12/03/2021\n. regress y x1 x2 if age>17"
    log = STATA_LOG.format(n=74, df=71, total=73).replace(". regress y x1 x2", typed)
    write_files(tmp_path, {"analysis.log": log})
    result = _check(tmp_path)
    (unread,) = [f for f in result.findings if f.rule == "SDC602" and f.location.table is None]
    assert unread.evidence["places"] == ["line 17", "line 18"]
    assert [f.evidence["kinds"] for f in result.findings if f.rule == "SDC604"] == [
        ["NHS number"]]


STATA_LOGIT = """\
. logit event age i.sex

Iteration 0:   log likelihood = -125.34776
Iteration 1:   log likelihood = -119.17776

Logistic regression                                     Number of obs =    {n}
                                                        LR chi2(2)    =  12.34
                                                        Prob > chi2   = 0.0021
Log likelihood = -119.17776                             Pseudo R2     = 0.0492

------------------------------------------------------------------------------
       event | Coefficient  Std. err.      z    P>|z|     [95% conf. interval]
-------------+----------------------------------------------------------------
         age |   .0312345   .0123456     2.53   0.011     .0070379    .0554311
             |
         sex |
     Female  |          0  (base)
       Male  |   .4123456   .3012345     1.37   0.171    -.1780648    1.002756
       _cons |  -2.123456   .6543210    -3.25   0.001    -3.405900   -.8410120
------------------------------------------------------------------------------
"""


@pytest.mark.parametrize(("n", "dof_finding"), [("1,200", False), ("12", True)])
def test_stata_logit_dof_from_observations(tmp_path: Path, n: str, dof_finding: bool) -> None:
    """Stata prints no residual dof for ``logit``: the number of observations less the three
    estimated coefficients (the base level is not one) is the model's dof, as statsmodels
    counts it. It was SDC602 review, every line named."""
    write_files(tmp_path, {"logit.log": STATA_LOGIT.format(n=n)})
    result = _check(tmp_path)
    assert findings_of(result) == ({("SDC301", "logit.log", None)} if dof_finding else set())


def test_r_summary_of_a_vector_in_a_log(tmp_path: Path) -> None:
    """``summary(x)`` prints its six names over six numbers, as ``table(x)`` does: read as a
    one-way table, the minimum and maximum are SDC302 at their cells (they passed as counts)."""
    log = ("> summary(cohort$age)\n   Min. 1st Qu.  Median    Mean 3rd Qu.    Max. \n"
           "  19.00   44.00   55.00   54.12   64.00   97.00 \n")
    write_files(tmp_path, {"session.log": log})
    assert findings_of(_check(tmp_path), {"SDC302"}) == {
        ("SDC302", "session.log#table1", "B2"), ("SDC302", "session.log#table1", "B7")}


R_NAMED_VECTORS = """\
> tapply(cohort$age, cohort$ward, max)
  A   B   C
 97  88  91
> sapply(split(cohort$los, cohort$ward), sum)
   A    B    C
 412   38  977
> table(cut(cohort$age, c(0, 18, max(cohort$age))))

(0,18] (18,97]
    12      188
> tapply(cohort$age, list(cohort$ward, cohort$sex), max)
   F  M
A 97 88
B 91 90
> unlist(lapply(visits, length))
 A  B  C
40 41 52
"""


def test_r_named_vectors_are_what_their_command_computes(tmp_path: Path) -> None:
    """A named vector prints like ``table(x)``, and every one was read as counts: the maxima
    of ``tapply(age, ward, max)`` passed. The command says what the numbers are: a statistic
    it names decides their role (a counting function inside it does not turn a table into
    one); a command that says nothing leaves them counts, and the lines are named."""
    write_files(tmp_path, {"session.log": R_NAMED_VECTORS})
    result = _check(tmp_path)
    assert findings_of(result, {"SDC302", "SDC203", "SDC101"}) == {
        *{("SDC302", "session.log#table1", c) for c in ("B2", "B3", "B4")},
        ("SDC203", "session.log#table2", None),
        *{("SDC302", "session.log#table4", c) for c in ("B2", "C2", "B3", "C3")}}
    (unread,) = [f for f in result.findings if f.rule == "SDC602"]
    assert unread.evidence["places"] == ["lines 16-17"]


STATA_TAB_ROW = """\
. tab ward sex, row

+----------------+
| Key            |
|----------------|
|   frequency    |
| row percentage |
+----------------+

           |          sex
      ward |         F          M |     Total
-----------+----------------------+----------
         A |        60         60 |       120
           |     50.00      50.00 |    100.00
-----------+----------------------+----------
         B |         3          1 |         4
           |     {b_f}      25.00 |    100.00
-----------+----------------------+----------
     Total |        63         61 |       124
           |     50.81      49.19 |    100.00
"""


def test_stata_tabulate_with_row_percentages(tmp_path: Path) -> None:
    """``tab ward sex, row`` prints each row's percentages under its counts: they are the
    counts' own shares, so the counts are read and checked (the whole table was review, its
    3 and 1 never checked)."""
    write_files(tmp_path, {"tab.log": STATA_TAB_ROW.format(b_f="75.00")})
    result = _check(tmp_path)
    assert {("SDC101", "tab.log#table1", c) for c in ("B3", "C3", "D3")} <= findings_of(
        result, {"SDC101"})
    assert not findings_of(result, {"SDC602"})


def test_stata_tabulate_percentages_that_are_not_the_counts_shares(tmp_path: Path) -> None:
    """A percentage line that is no share of the counts above it (an edited log, a hidden
    number) is not left out: the block is named for a person."""
    write_files(tmp_path, {"tab.log": STATA_TAB_ROW.format(b_f="71.00")})
    result = _check(tmp_path)
    (unread,) = [f for f in result.findings if f.rule == "SDC602"]
    assert unread.evidence["places"] == ["lines 13-20"]


def test_stata_17_table_with_the_row_variable_on_its_own_line(tmp_path: Path) -> None:
    """Stata 17's ``table`` prints the row variable's name on its own line under the column
    names: the names are read from the line above it (it was review, nothing checked). The
    mean of ward B's 4 stays are flagged at their cell too, beside their count (ac25094)."""
    log = (". table ward, statistic(frequency) statistic(mean los)\n\n"
           "-----------------------------------\n"
           "        |  Frequency   Mean (los)\n"
           "--------+--------------------------\n"
           "ward    |\n"
           "  A     |        120     4.123457\n"
           "  B     |          4         8.25\n"
           "  Total |        124     4.256452\n"
           "-----------------------------------\n")
    write_files(tmp_path, {"table.log": log})
    result = _check(tmp_path)
    assert findings_of(result, {"SDC101", "SDC203", "SDC602"}) == {
        ("SDC101", "table.log#table1", "B3"), ("SDC101", "table.log#table1", "C3"),
        ("SDC203", "table.log#table1", None)}


TIBBLE_LOG = """\
> cohort %>% count(ward)
# A tibble: 12 × 2
  ward      n
  <chr> <int>
1 A       120
2 B       {b:>3}
3 C        60
# ℹ 9 more rows
"""


@pytest.mark.parametrize(("b", "expected"), [(40, set()), (4, {("SDC101", "B3")})])
def test_a_printed_tibble_is_a_table(tmp_path: Path, b: int, expected: set) -> None:
    """dplyr's ``count()`` prints a tibble: a banner, a line of column types, numbered rows
    and a footer. It was taken for a listing of records (SDC603 fail, a false positive on a
    safe count) and its counts were never read; now it is the aligned table it holds."""
    write_files(tmp_path, {"session.log": TIBBLE_LOG.format(b=b)})
    result = _check(tmp_path)
    assert {(f.rule, f.location.cell) for f in result.findings} == expected


STATA_TAB_CODES = """\
. tabulate ward imd

            |                                                     imd
       ward |           1          2          3          4          5 |      Total
------------+--------------------------------------------------------+----------
          A |          27        149        254        316        380 |       1126
          B |         210        377        230        214        384 |       1415
          C |         307        239         80        199         {c5} |        {c_total}
------------+--------------------------------------------------------+----------
      Total |         544        765        564        729        {t5} |       {total}
"""

def _stata_one_way(var: str, counts: dict[str, int]) -> str:
    """``tabulate var`` as Stata prints it, from the counts."""
    total, cum = sum(counts.values()), 0
    lines = [f". tabulate {var}", "", f"{var:>11} |      Freq.     Percent        Cum.",
             "------------+-----------------------------------"]
    for label, n in counts.items():
        cum += n
        lines.append(f"{label:>11} | {n:>10} {100 * n / total:>11.2f} {100 * cum / total:>11.2f}")
    lines += ["------------+-----------------------------------",
              f"{'Total':>11} | {total:>10} {100:>11.2f}"]
    return "\n".join(lines) + "\n"


def _stata_codes(c5: int) -> str:
    c_total = 307 + 239 + 80 + 199 + c5
    return STATA_TAB_CODES.format(c5=f"{c5:>2}", c_total=f"{c_total:>3}", t5=f"{764 + c5:>3}",
                                  total=f"{3366 + c5:>4}")


@pytest.mark.parametrize(("c5", "expected"), [(61, set()), (6, {("SDC101", "F4")})])
def test_stata_table_with_codes_over_its_columns(tmp_path: Path, c5: int,
                                                 expected: set) -> None:
    """``tab ward imd``: the header Stata rules off holds the codes 1..5 of the column
    variable. They are labels (they were read as a data row: counts of 1 to 5 failed a safe
    table, and the totals disagreed with everything)."""
    write_files(tmp_path, {"tab.log": _stata_codes(c5)})
    result = _check(tmp_path)
    assert {(f.rule, f.location.cell) for f in result.findings} == expected


@pytest.mark.parametrize(("n", "expected"), [(59, set()), (6, {("SDC101", "B2")})])
def test_stata_one_way_table_of_years(tmp_path: Path, n: int, expected: set) -> None:
    """``tab yr``: the years left of the bar are the labels (they were read as a measure, and
    a share of the first year taken for a small count)."""
    log = _stata_one_way("yr", {"2019": n, "2020": 197, "2021": 221, "2022": 140})
    write_files(tmp_path, {"tab.log": log})
    found = {(f.rule, f.location.cell) for f in _check(tmp_path).findings}
    assert found == expected if not expected else expected <= found


R_XTABS_CODES = """\
> xtabs(~ imd + outcome, data = df)
    outcome
imd      0     1
  1    271   209
  2    305   191
  3    285   {c}
> xtabs(~ ward + imd, data = df)
     imd
ward      1     2     3
  A      77   332   140
  B     235   369    69
"""


@pytest.mark.parametrize(("c", "expected"), [
    (311, set()), ("  3", {("SDC101", "C4"), ("SDC103", "B4")})])
def test_r_two_way_tables_with_codes(tmp_path: Path, c: object, expected: set) -> None:
    """R's two-way tables of a coded variable: codes as row labels (``imd`` 1..3, taken for
    a listing of records: SDC603 fail) and as column labels (taken for a data row). The
    variables' names over the table say which line is the header."""
    write_files(tmp_path, {"session.log": R_XTABS_CODES.format(c=c)})
    result = _check(tmp_path)
    assert {(f.rule, f.location.cell) for f in result.findings} == expected


def test_tests_of_a_table_are_read(tmp_path: Path) -> None:
    """``tab ward sex, chi2 exact`` and R's ``chisq.test``: the test's statistic, dof and
    p-value are no unit's value (the lines were named for review under every such table);
    a t-test's group means stay a person's to read (no n beside them)."""
    log = _stata_codes(61).replace(". tabulate ward imd", ". tabulate ward imd, chi2 exact") + (
        "\n          Pearson chi2(8) =  12.8770   Pr = 0.116\n"
        "           Fisher's exact =                 0.105\n")
    r_log = ("> chisq.test(table(df$ward, df$sex))\n\n\tPearson's Chi-squared test\n\n"
             "data:  table(df$ward, df$sex)\nX-squared = 0.6812, df = 1, p-value = 0.4092\n\n"
             "> t.test(los ~ sex, data = df)\n\n\tWelch Two Sample t-test\n\n"
             "t = -1.2345, df = 205.67, p-value = 0.2185\nsample estimates:\n"
             "mean in group F mean in group M \n       4.123456        4.598012 \n")
    write_files(tmp_path, {"tab.log": log, "r.log": r_log})
    result = _check(tmp_path)
    (unread,) = [f for f in result.findings if f.rule == "SDC602"]
    assert unread.location.path == "r.log" and unread.evidence["places"] == ["lines 12-15"]


@pytest.mark.parametrize(("n", "expected"), [(43, set()), (4, {("SDC101", "B3")})])
def test_r_addmargins_over_codes(tmp_path: Path, n: int, expected: set) -> None:
    """``addmargins(xtabs(~ imd + sex))``: codes as row labels closed by R's ``Sum`` margin
    (the rows were taken for a listing of records, then their codes for numbers not
    understood)."""
    log = ("> addmargins(xtabs(~ imd + sex, data = df))\n     sex\nimd     F   M Sum\n"
           f"  1    60  55 115\n  2    {n:>2}  51 {n + 51:>3}\n"
           f"  Sum {60 + n:>3} 106 {166 + n:>3}\n")
    write_files(tmp_path, {"session.log": log})
    found = {(f.rule, f.location.cell) for f in _check(tmp_path).findings}
    assert found == expected if not expected else expected <= found


def test_r_xtabs_over_codes_with_a_ward_c(tmp_path: Path) -> None:
    """``xtabs(~ ward + outcome)`` with wards A..D (``C`` is also a suppression marker) and the
    outcome's codes 0/1 over the columns: a header the variables' names confirm, so the codes
    are labels (they were named for review; the log fuzz found it)."""
    log = ("> xtabs(~ ward + outcome, data = df)\n     outcome\nward  0  1\n  A  52 40\n"
           "  B  46 40\n  C  59 53\n  D  46 46\n")
    write_files(tmp_path, {"session.log": log})
    assert _check(tmp_path).findings == []
