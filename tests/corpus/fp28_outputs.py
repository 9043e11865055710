"""Safe outputs of SAS, R and Stata frequency tables in the shapes they write them, each beside a
twin with one small count (fp28): SAS ``PROC FREQ`` saved as data (``ods output
CrossTabFreqs=`` and ``OneWayFreqs=`` then ``proc export dbms=csv``, and ``tables / out=
outpct``), R's ``table()`` and ``addmargins(xtabs())`` printed with ``capture.output``, and
Stata's one-way and two-way ``tabulate`` in a log, an Excel PivotTable pasted as values,
Stata's ``esttab using t.tex`` (its default LaTeX), and the SDC handbook's worked table with
totals and secondary suppression (its twin leaves the 3 to its row total).
docs/decisions.md, Round 27 (fp28).

The counts are written out: region (rows) by sex, every cell 280 or more; each twin makes
West's men 3 (the margins follow), a one-way table West 3.
"""

from __future__ import annotations

from pathlib import Path

REGIONS = ["East", "North", "South", "West"]
SEXES = ["Female", "Male"]
_CELLS = [[309, 308], [306, 308], [286, 298], [291, 294]]


def _cells(small: bool) -> list[list[int]]:
    cells = [row[:] for row in _CELLS]
    if small:
        cells[3][1] = 3
    return cells


def _sas(x: float) -> str:
    """A number as SAS's BEST12. writes it into a CSV: no trailing zeros, 12 characters."""
    text = f"{x:.9f}".rstrip("0").rstrip(".")
    return text if len(text) <= 12 else f"{x:.{max(0, 11 - len(str(int(x))))}f}"


def sas_crosstab_freqs(small: bool) -> object:
    def write(root: Path) -> None:
        # ods output CrossTabFreqs=ct; proc freq; tables region*sex; run;
        # proc export data=ct outfile="ct.csv" dbms=csv; (a missing value is written blank)
        cells = _cells(small)
        rows = [sum(r) for r in cells]
        cols = [sum(c) for c in zip(*cells, strict=True)]
        n = sum(rows)
        lines = ["Table,region,sex,_TYPE_,_TABLE_,Frequency,Percent,RowPercent,ColPercent,"
                 "Missing"]
        for i, region in enumerate(REGIONS):
            for j, sex in enumerate(SEXES):
                f = cells[i][j]
                lines.append(f"Table region * sex,{region},{sex},11,1,{f},{_sas(100 * f / n)},"
                             f"{_sas(100 * f / rows[i])},{_sas(100 * f / cols[j])},")
            lines.append(f"Table region * sex,{region},,10,1,{rows[i]},"
                         f"{_sas(100 * rows[i] / n)},,,")
        for j, sex in enumerate(SEXES):
            lines.append(f"Table region * sex,,{sex},01,1,{cols[j]},{_sas(100 * cols[j] / n)},,,")
        lines.append(f"Table region * sex,,,00,1,{n},100,,,")
        (root / "ct.csv").write_text("\n".join(lines) + "\n")
    return write


def sas_one_way_freqs(small: bool) -> object:
    def write(root: Path) -> None:
        # ods output OneWayFreqs=ow; proc freq; tables region; run; proc export ... dbms=csv
        counts = _by_region(small)
        n = sum(counts)
        lines = ["Table,F_region,region,Frequency,Percent,CumFrequency,CumPercent"]
        cum = 0
        for region, f in zip(REGIONS, counts, strict=True):
            cum += f
            lines.append(f"Table region,{region},{region},{f},{_sas(100 * f / n)},{cum},"
                         f"{_sas(100 * cum / n)}")
        (root / "ow.csv").write_text("\n".join(lines) + "\n")
    return write


def sas_freq_out_outpct(small: bool) -> object:
    def write(root: Path) -> None:
        # proc freq; tables region*sex / out=f outpct noprint; proc export data=f ... dbms=csv
        cells = _cells(small)
        rows = [sum(r) for r in cells]
        cols = [sum(c) for c in zip(*cells, strict=True)]
        n = sum(rows)
        lines = ["region,sex,COUNT,PERCENT,PCT_ROW,PCT_COL"]
        for i, region in enumerate(REGIONS):
            for j, sex in enumerate(SEXES):
                f = cells[i][j]
                lines.append(f"{region},{sex},{f},{_sas(100 * f / n)},{_sas(100 * f / rows[i])},"
                             f"{_sas(100 * f / cols[j])}")
        (root / "f.csv").write_text("\n".join(lines) + "\n")
    return write


def r_table_printed(small: bool) -> object:
    def write(root: Path) -> None:
        # capture.output(table(d$region, d$sex, dnn = c("region", "sex")), file = "tab.txt")
        cells = _cells(small)
        lines = ["        sex", "region   Female Male"]
        lines += [f"  {region:<6}{f:>7}{m:>5}" for region, (f, m) in zip(REGIONS, cells,
                                                                          strict=True)]
        (root / "tab.txt").write_text("\n".join(lines) + "\n")
    return write


def r_addmargins_printed(small: bool) -> object:
    def write(root: Path) -> None:
        # capture.output(addmargins(xtabs(~ region + sex, d)), file = "tab.txt")
        cells = _cells(small)
        cols = [sum(c) for c in zip(*cells, strict=True)]
        lines = ["       sex", "region  Female  Male   Sum"]
        lines += [f"  {region:<6}{f:>6}{m:>6}{f + m:>6}" for region, (f, m) in zip(
            REGIONS, cells, strict=True)]
        lines.append(f"  {'Sum':<6}{cols[0]:>6}{cols[1]:>6}{sum(cols):>6}")
        (root / "tab.txt").write_text("\n".join(lines) + "\n")
    return write


def _by_region(small: bool) -> list[int]:
    """People by region (a one-way table): West 3 in the twin."""
    counts = [sum(r) for r in _CELLS]
    if small:
        counts[3] = 3
    return counts


def _thousands(x: int) -> str:
    return f"{x:,}"


def stata_tabulate_two_way_log(small: bool) -> object:
    def write(root: Path) -> None:
        # log using tab.log, text; tabulate region sex
        cells = _cells(small)
        cols = [sum(c) for c in zip(*cells, strict=True)]
        rule = "-----------+----------------------+----------"
        lines = [". tabulate region sex", "", "           |          sex",
                 "    region |    Female       Male |     Total", rule]
        lines += [f"{region:>10} | {f:>9} {m:>10} | {f + m:>9} "
                  for region, (f, m) in zip(REGIONS, cells, strict=True)]
        lines += [rule, f"{'Total':>10} | {_thousands(cols[0]):>9} {_thousands(cols[1]):>10} "
                        f"| {_thousands(sum(cols)):>9} "]
        (root / "tab.log").write_text("\n".join(lines) + "\n")
    return write


def stata_tabulate_one_way_log(small: bool) -> object:
    def write(root: Path) -> None:
        # log using tab.log, text; tabulate region
        counts = _by_region(small)
        n = sum(counts)
        rule = "------------+-----------------------------------"
        lines = [". tabulate region", "", "     region |      Freq.     Percent        Cum.",
                 rule]
        cum = 0.0
        for region, f in zip(REGIONS, counts, strict=True):
            cum += 100 * f / n
            lines.append(f"{region:>11} | {_thousands(f):>10} {100 * f / n:>11.2f} "
                         f"{cum:>11.2f}")
        lines += [rule, f"{'Total':>11} | {_thousands(n):>10} {100:>11.2f}"]
        (root / "tab.log").write_text("\n".join(lines) + "\n")
    return write


def excel_pivot_values(small: bool) -> object:
    def write(root: Path) -> None:
        # an Excel PivotTable (Count of id by region x sex) pasted as values into a new
        # workbook: its labels (Count of id, Column Labels, Row Labels, Grand Total) and
        # counts, no pivot cache
        import openpyxl

        cells = _cells(small)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Pivot"
        ws.append(["Count of id", "Column Labels"])
        ws.append(["Row Labels", *SEXES, "Grand Total"])
        for region, (f, m) in zip(REGIONS, cells, strict=True):
            ws.append([region, f, m, f + m])
        cols = [sum(c) for c in zip(*cells, strict=True)]
        ws.append(["Grand Total", *cols, sum(cols)])
        wb.save(root / "pivot.xlsx")
    return write


_ESTTAB_TEX = r"""{
\def\sym#1{\ifmmode^{#1}\else\(^{#1}\)\fi}
\begin{tabular}{l*{2}{c}}
\hline\hline
                    &\multicolumn{1}{c}{(1)}&\multicolumn{1}{c}{(2)}\\
                    &\multicolumn{1}{c}{los}&\multicolumn{1}{c}{los}\\
\hline
age                 &       0.044\sym{***}&       0.043\sym{***}\\
                    &     (0.005)         &     (0.005)         \\
[1em]
female              &                     &      -0.301         \\
                    &                     &     (0.189)         \\
[1em]
\_cons              &       2.070\sym{***}&       2.235\sym{***}\\
                    &     (0.278)         &     (0.296)         \\
\hline
\(N\)               &  {n:>10}         &  {n:>10}         \\
\(R^{2}\)           &       {r2a}         &       {r2b}         \\
adj. \(R^{2}\)      &       {ara}         &       {arb}         \\
\hline\hline
\multicolumn{3}{l}{\footnotesize Standard errors in parentheses}\\
\multicolumn{3}{l}{\footnotesize \sym{*} \(p<0.05\), \sym{**} \(p<0.01\), \sym{***} \(p<0.001\)}\\
\end{tabular}
}
"""


def stata_esttab_tex(small: bool) -> object:
    def write(root: Path) -> None:
        # eststo: regress los age; eststo: regress los age female;
        # esttab using t.tex, se r2 ar2 (its default LaTeX: \sym, \(N\), [1em] between terms)
        values = dict(n="11", r2a="0.400", r2b="0.480", ara="0.333", arb="0.350") if small \
            else dict(n="500", r2a="0.148", r2b="0.152", ara="0.146", arb="0.149")
        text = _ESTTAB_TEX
        for key, value in values.items():
            text = text.replace("{" + key + ":>10}", f"{value:>10}").replace(
                "{" + key + "}", value)
        (root / "t.tex").write_text(text)
    return write


def handbook_secondary_suppression(safe: bool) -> object:
    def write(root: Path) -> None:
        # the SDC handbook's worked frequency table with row and column totals: West's men 3
        # suppressed (primary) and, to protect it, three more cells (secondary) so that no
        # total gives it back; the twin suppresses only the 3 and its column total, which its
        # row total still gives back (297 - 294)
        if safe:
            text = ("Region,Female,Male,Total\nEast,309,308,617\nNorth,306,308,614\n"
                    "South,[c],[c],584\nWest,[c],[c],297\nTotal,1195,917,2112\n")
        else:
            text = ("Region,Female,Male,Total\nEast,309,308,617\nNorth,306,308,614\n"
                    "South,286,298,584\nWest,294,[c],297\nTotal,1195,[c],2112\n")
        (root / "people.csv").write_text(text)
    return write
