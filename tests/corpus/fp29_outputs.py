"""SAS's own renderings of PROC FREQ and its missing value, each safe output beside a twin with
one small count (fp29): the ODS HTML page SAS 9.4 writes for a one-way table (its generator and
charset lines, its style sheet, its ``<!--BEGINTABLE-->`` marks and its title box), ``ods
csv`` and ``ods csvall`` (titles, and the ``Frequency Missing = 14`` footnote: a count), and
the ``.`` SAS prints for a missing number, in a CSV (``ods csv`` of ``proc print`` of the
CrossTabFreqs data set: its margins' row and column percentages are ``.``) and in a workbook
(the same data set sent to Excel with each ``.`` as text). docs/decisions.md, Round 28 (fp29).

The shapes were learned from SAS's public output (an ODS HTML page of SAS 9.4 and ``ods csv``
files); the numbers are fp28's: region by sex, every cell 280 or more; each twin makes West
(or West's men) 3, the margins and percentages following.
"""

from __future__ import annotations

from pathlib import Path

from tests.corpus.fp28_outputs import REGIONS, SEXES, _by_region, _cells, _sas


def _one_way(small: bool) -> list[tuple[str, int, str, int, str]]:
    """PROC FREQ's one-way rows: level, Frequency, Percent, Cumulative Frequency and
    Percent, percentages as its default format writes them (two decimals)."""
    counts = _by_region(small)
    n = sum(counts)
    rows, cum = [], 0
    for region, f in zip(REGIONS, counts, strict=True):
        cum += f
        rows.append((region, f, f"{100 * f / n:.2f}", cum, f"{100 * cum / n:.2f}"))
    return rows


_STYLE_CLASSES = ("body", "branch", "systemtitle", "proctitle", "table", "header",
                  "rowheader", "data")


def _style() -> str:
    """A cut of ODS HTML's style sheet (sizes and colours: numbers that are no statistic)."""
    rules = [f".{name}\n{{\n  background-color: #FAFBFE;\n  border: 1px solid #C1C1C1;\n"
             f"  font-family: Arial, 'Albany AMT', Helvetica, Helv;\n  font-size: x-small;\n"
             f"  padding: 7px;\n  margin-left: 6pt;\n}}" for name in _STYLE_CLASSES]
    return "\n".join(rules) + "\n.l {text-align: left }\n.r {text-align: right }"


def sas_ods_html_one_way(small: bool) -> object:
    def write(root: Path) -> None:
        # ods html body="freq.html"; proc freq data=people; tables region; run; ods html close;
        body = "".join(
            f'<tr>\n<th class="l rowheader" scope="row">{level}</th>\n'
            + "".join(f'<td class="r data">{v}</td>\n' for v in values) + "</tr>\n"
            for level, *values in _one_way(small))
        page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta name="Generator" content="SAS Software Version 9.4, see www.sas.com">
<meta http-equiv="Content-type" content="text/html; charset=windows-1252">
<title>SAS Output</title>
<style type="text/css">
<!--
{_style()}
-->
</style>
</head>
<body class="body">
<div class="branch">
<a name="IDX"></a>
<table class="systitleandfootercontainer" width="100%" cellspacing="1" cellpadding="1" \
rules="none" frame="void" border="0" summary="Page Layout">
<tr>
<td class="c systemtitle">The SAS System</td>
</tr>
</table><br>
<div class="proctitle">The FREQ Procedure</div>
<div>
<div align="center">
<!--BEGINTABLE--><table class="table" style=" border-left-width: 0px; border-right-width: \
0px;" cellspacing="0" cellpadding="7" rules="groups" frame="hsides" bordercolor="#C1C1C1" \
summary="Procedure Freq: One-Way Frequencies">
<colgroup>
<col>
</colgroup>
<colgroup>
<col>
<col>
<col>
<col>
</colgroup>
<thead>
<tr>
<th class="l b header" scope="col">region</th>
<th class="r b header" scope="col">Frequency</th>
<th class="r b header" scope="col"> Percent</th>
<th class="r b header" scope="col">Cumulative<br/> Frequency</th>
<th class="r b header" scope="col">Cumulative<br/>  Percent</th>
</tr>
</thead>
<tbody>
{body}</tbody>
</table>
<!--ENDTABLE--></div>
</div>
<br>
</div>
</body>
</html>
"""
        (root / "freq.html").write_text(page, encoding="windows-1252")
    return write


def _csv_one_way(small: bool) -> list[str]:
    lines = ['"region","Frequency","Percent","Cumulative Frequency","Cumulative Percent"']
    lines += [f'"{level}",{f},{pct},{cum},{cum_pct}'
              for level, f, pct, cum, cum_pct in _one_way(small)]
    return lines


def sas_ods_csv_one_way(small: bool) -> object:
    def write(root: Path) -> None:
        # ods csv file="freq.csv"; proc freq; tables region; run; ods csv close;
        # (text quoted, numbers bare)
        (root / "freq.csv").write_text("\n".join(_csv_one_way(small)) + "\n")
    return write


def sas_ods_csvall_missing(missing: int) -> object:
    def write(root: Path) -> None:
        # ods csvall file="freq.csv"; proc freq; tables region; run; (titles and the footnote
        # of the people whose region is missing)
        lines = ['"The SAS System"', "", '"The FREQ Procedure"', "", *_csv_one_way(False),
                 f'"Frequency Missing = {missing}"', ""]
        (root / "freq.csv").write_text("\n".join(lines) + "\n")
    return write


def _crosstab_rows(small: bool) -> list[list[object]]:
    """The CrossTabFreqs data set's lines (fp28's ``sas_crosstab_freqs``) with SAS's ``.`` for
    each missing number: Table, region, sex, _TYPE_, _TABLE_, Frequency, Percent, RowPercent,
    ColPercent, Missing."""
    cells = _cells(small)
    rows = [sum(r) for r in cells]
    cols = [sum(c) for c in zip(*cells, strict=True)]
    n = sum(rows)
    out: list[list[object]] = []
    for i, region in enumerate(REGIONS):
        for j, sex in enumerate(SEXES):
            f = cells[i][j]
            out.append(["Table region * sex", region, sex, "11", 1, f, _sas(100 * f / n),
                        _sas(100 * f / rows[i]), _sas(100 * f / cols[j]), "."])
        out.append(["Table region * sex", region, "", "10", 1, rows[i],
                    _sas(100 * rows[i] / n), ".", ".", "."])
    for j, sex in enumerate(SEXES):
        out.append(["Table region * sex", "", sex, "01", 1, cols[j], _sas(100 * cols[j] / n),
                    ".", ".", "."])
    out.append(["Table region * sex", "", "", "00", 1, n, "100", ".", ".", "."])
    return out


_CROSSTAB_HEADER = ["Table", "region", "sex", "_TYPE_", "_TABLE_", "Frequency", "Percent",
                    "RowPercent", "ColPercent", "Missing"]


def sas_ods_csv_crosstab_dots(small: bool) -> object:
    def write(root: Path) -> None:
        # ods output CrossTabFreqs=ct; proc freq; tables region*sex; run;
        # ods csv file="ct.csv"; proc print data=ct noobs; run; ods csv close;
        # (character values quoted, numbers bare, a missing number ".")
        def field(i: int, v: object) -> str:
            return f'"{v}"' if i in (0, 1, 2, 3) else str(v)

        lines = [",".join(f'"{h}"' for h in _CROSSTAB_HEADER)]
        lines += [",".join(field(i, v) for i, v in enumerate(row))
                  for row in _crosstab_rows(small)]
        (root / "ct.csv").write_text("\n".join(lines) + "\n")
    return write


def sas_xlsx_crosstab_dots(small: bool) -> object:
    def write(root: Path) -> None:
        # the same data set sent to a workbook, each missing number the text "." and each
        # percentage as its format shows it (two decimals)
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "CrossTabFreqs"
        ws.append(_CROSSTAB_HEADER)
        for row in _crosstab_rows(small):  # percentages as numbers, ``.`` as text
            ws.append([round(float(v), 2) if i >= 6 and v != "." else v
                       for i, v in enumerate(row)])
        wb.save(root / "ct.xlsx")
    return write

