"""Corpus outputs written by the tools researchers use: pandas (``describe()``, crosstabs and
pivot tables with margins and MultiIndex, ``to_csv``/``to_excel`` with the index,
``Series.to_csv``, a numeric or decimal index under pandas' index-name line, counts with
percentages beside them), R's ``write.csv`` format (quoted row names under ``""``, ``NA``,
``addmargins`` "Sum"), Stata-style ``estout``/``tabout``/``contract`` CSVs and ``putexcel``
workbooks, Excel with titles, notes, merged headers and several sheets.

Each entry writes its files into a folder and names the findings ``sdc check`` must give
(rule, path[sheet], cell) and the run's status. Disclosive entries say why; safe entries must
pass (safety is not bought with noise). The data are seeded so the files are the same on every
machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Font

from tests.corpus import fp26_outputs as fp26
from tests.corpus import fp27_outputs as fp27
from tests.corpus import fp28_outputs as fp28
from tests.corpus import fp29_outputs as fp29
from tests.corpus.spss_outputs import (
    spss_crosstab_csv,
    spss_crosstab_csv_safe,
    spss_crosstab_xlsx,
    spss_crosstab_xlsx_safe,
)
from tests.test_classification_report import _CSV as _REPORT  # sklearn's report, to_csv
from tests.test_fp_stata_errors import TAB as _STATA_TAB  # Stata's tab of two wards


@dataclass(frozen=True)
class Entry:
    name: str
    write: Callable[[Path], None]
    expected: set[tuple[str, str, str | None]] = field(default_factory=set)
    status: str = "pass"
    disclosive: bool = False  # a person would stop it: the run must never be `pass`


def _people(seed: int = 7, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "region": rng.choice(["North", "South", "East", "West"], n, p=[.35, .3, .3, .05]),
        "sex": rng.choice(["Female", "Male"], n),
        "agegrp": rng.choice(["18-39", "40-64", "65+"], n),
        "income": rng.lognormal(10, 0.6, n).round(0),
        "bmi": rng.normal(27, 4, n).round(1),
    })


def _safe_people(seed: int = 7, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "region": rng.choice(["North", "South", "East", "West"], n),
        "sex": rng.choice(["Female", "Male"], n),
        "agegrp": rng.choice(["18-39", "40-64", "65+"], n),
        "income": rng.lognormal(10, 0.6, n).round(0),
    })


# -- pandas ------------------------------------------------------------------------------------

def pandas_crosstab_margins(root: Path) -> None:
    df = _people()
    pd.crosstab(df.region, df.sex, margins=True).to_csv(root / "crosstab.csv")


def pandas_crosstab_margins_safe(root: Path) -> None:
    df = _safe_people()
    pd.crosstab(df.region, df.sex, margins=True).to_csv(root / "crosstab.csv")


def pandas_multiindex_crosstab(root: Path) -> None:
    df = _people()
    pd.crosstab([df.region, df.sex], df.agegrp, margins=True).to_csv(root / "crosstab.csv")


def pandas_multiindex_columns(root: Path) -> None:
    df = _people()
    pd.crosstab(df.region, [df.sex, df.agegrp]).to_csv(root / "crosstab.csv")


def pandas_pivot_count_xlsx(root: Path) -> None:
    df = _people()
    table = df.pivot_table(index=["region", "sex"], columns="agegrp", values="income",
                           aggfunc="count", margins=True)
    table.to_excel(root / "pivot.xlsx", sheet_name="counts")


def pandas_pivot_count_xlsx_safe(root: Path) -> None:
    df = _safe_people()
    table = df.pivot_table(index="region", columns="sex", values="income",
                           aggfunc="count", margins=True)
    table.to_excel(root / "pivot.xlsx", sheet_name="counts")


def pandas_pivot_sum(root: Path) -> None:
    # sums of whole-number incomes: pandas writes them as floats (171805.0); West is 8 people
    df = _people()
    df.pivot_table(index="region", columns="sex", values="income", aggfunc="sum").to_csv(
        root / "sums.csv")


def pandas_pivot_sum_xlsx(root: Path) -> None:
    # the same sums with to_excel: XLSX stores 171805.0 as 171805, no float trace; no word
    # names the amount (pivot_table writes neither "income" nor "sum"): only their size does
    df = _people()
    df.pivot_table(index="region", columns="sex", values="income", aggfunc="sum").to_excel(
        root / "pivot.xlsx")


def pandas_pivot_bed_days_xlsx(root: Path) -> None:
    # summed lengths of stay (small whole numbers): the sheet's name says they are days
    df = _people()
    df["los"] = np.random.default_rng(3).integers(1, 15, len(df))
    df.pivot_table(index="region", columns="sex", values="los", aggfunc="sum").to_excel(
        root / "table2.xlsx", sheet_name="bed days")


def excel_period_title_safe(root: Path) -> None:
    # a count table whose title names a period ("within 30 days"), not an amount
    _sheet(root, [["Readmissions within 30 days by ward"], ["Ward", "Female", "Male"],
                  ["Ward A", 51, 40], ["Ward B", 33, 62], ["Ward C", 45, 38]])


def pandas_groupby_size(root: Path) -> None:
    df = _people()
    df.groupby(["region", "sex"]).size().to_csv(root / "sizes.csv")  # header region,sex,0


def pandas_groupby_size_safe(root: Path) -> None:
    df = _safe_people()
    df.groupby(["region", "sex"]).size().to_csv(root / "sizes.csv")


def pandas_describe(root: Path) -> None:
    # describe() of a group of 400 people: min and max are single people's values
    _people()[["income", "bmi"]].describe().to_csv(root / "describe.csv")


def pandas_groupby_mean_n(root: Path) -> None:
    df = _people()
    df.groupby("region").agg(n=("income", "size"), mean_income=("income", "mean")).to_csv(
        root / "means.csv")


def pandas_groupby_mean_n_safe(root: Path) -> None:
    df = _safe_people()
    df.groupby("region").agg(n=("income", "size"), mean_income=("income", "mean")).round(
        1).to_csv(root / "means.csv")


def pandas_series_value_counts(root: Path) -> None:
    _people(n=120).region.value_counts().to_csv(root / "counts.csv")


def pandas_series_value_counts_safe(root: Path) -> None:
    _safe_people().region.value_counts().to_csv(root / "counts.csv")


def pandas_percent_table(root: Path) -> None:
    df = _people()
    pct = (pd.crosstab(df.region, df.sex, normalize="index") * 100).round(1)
    pct["n"] = df.region.value_counts()
    pct.to_csv(root / "percent.csv")


def pandas_percent_table_safe(root: Path) -> None:
    df = _safe_people()
    pct = (pd.crosstab(df.region, df.sex, normalize="index") * 100).round(1)
    pct["n"] = df.region.value_counts()
    pct.to_csv(root / "percent.csv")


def _column_percent_table(df: pd.DataFrame, root: Path) -> None:
    # column percentages rounded to whole numbers with the column bases in an "n" row: nothing
    # says they are percentages, and 20 and 80 are no small counts
    pct = (pd.crosstab(df.agegrp, df.region, normalize="columns") * 100).round(0).astype(int)
    pct.loc["n"] = df.region.value_counts()
    pct.to_csv(root / "colpct.csv")


def pandas_column_percent_n_row(root: Path) -> None:
    _column_percent_table(_people(), root)  # West is 17 people: 29% of 17 is 5


def pandas_column_percent_n_row_safe(root: Path) -> None:
    _column_percent_table(_safe_people(), root)


def pandas_to_excel_no_index_two_sheets(root: Path) -> None:
    df = _people()
    with pd.ExcelWriter(root / "tables.xlsx") as writer:
        pd.crosstab(df.sex, df.agegrp).reset_index().to_excel(writer, sheet_name="by_sex",
                                                               index=False)
        pd.crosstab(df.region, df.agegrp).reset_index().to_excel(writer, sheet_name="by_region",
                                                                  index=False)


def pandas_to_excel_two_sheets_safe(root: Path) -> None:
    df = _safe_people()
    with pd.ExcelWriter(root / "tables.xlsx") as writer:
        pd.crosstab(df.sex, df.agegrp).to_excel(writer, sheet_name="by_sex")
        pd.crosstab(df.region, df.agegrp).to_excel(writer, sheet_name="by_region")


# -- R-style write.csv -------------------------------------------------------------------------

def r_write_csv_table(root: Path) -> None:
    # write.csv(as.data.frame.matrix(table(region, sex))): quoted row names under ""
    (root / "table.csv").write_text(
        '"","Female","Male"\n"East",61,58\n"North",70,69\n"South",62,60\n"West",4,16\n',
        encoding="utf-8")


def r_write_csv_na(root: Path) -> None:
    # write.csv(data.frame(region, n)) with an NA region (row names 1..n) and an NA count
    (root / "table.csv").write_text(
        '"","region","n"\n"1","North",120\n"2","South",96\n"3",NA,7\n"4","West",NA\n',
        encoding="utf-8")


def r_write_csv_safe(root: Path) -> None:
    (root / "table.csv").write_text(
        '"","region","n"\n"1","North",120\n"2","South",96\n"3","East",88\n',
        encoding="utf-8")


def _r_n_percent(root: Path, counts: dict[str, int]) -> None:
    # a "Table 1" built in R: data.frame(Characteristic, `n (%)` = sprintf("%d (%.1f%%)", ...))
    # and write.csv() with its default row names "1".."k" under "" (the only numeric column)
    total = sum(counts.values())
    lines = ['"","Characteristic","n (%)"']
    for i, (label, n) in enumerate(counts.items(), start=1):
        lines.append(f'"{i}","{label}","{n} ({100 * n / total:.1f}%)"')
    (root / "table1.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def r_write_csv_n_percent(root: Path) -> None:
    _r_n_percent(root, {"Female": 151, "Male": 146, "Not known": 6})


def r_write_csv_n_percent_safe(root: Path) -> None:
    _r_n_percent(root, {"Female": 151, "Male": 146, "Not known": 26})


def r_aggregate_long(root: Path) -> None:
    # write.csv(aggregate(n ~ yr + grp, data, sum), row.names = FALSE)
    (root / "long.csv").write_text(
        '"yr","grp","n"\n2019,1,40\n2019,2,3\n2020,1,52\n2020,2,41\n', encoding="utf-8")


def r_table_as_data_frame(root: Path) -> None:
    # write.csv(as.data.frame(table(region, sex))): Var1, Var2, Freq under quoted row names
    (root / "freq.csv").write_text(
        '"","Var1","Var2","Freq"\n"1","North","F",70\n"2","South","F",62\n'
        '"3","North","M",69\n"4","South","M",3\n', encoding="utf-8")


# -- Stata-style -------------------------------------------------------------------------------

def stata_tabout(root: Path) -> None:
    # tabout region sex using t.csv, c(freq row) style: a title, a header over two lines, a
    # Total row and column
    (root / "tabout.csv").write_text(
        "Table 2. Region by sex\n"
        ",Sex,,\n"
        "Region,Female,Male,Total\n"
        "North,70,69,139\n"
        "South,62,60,122\n"
        "West,4,16,20\n"
        "Total,136,145,281\n", encoding="utf-8")


def stata_tabout_safe(root: Path) -> None:
    (root / "tabout.csv").write_text(
        "Table 2. Region by sex\n"
        ",Sex,,\n"
        "Region,Female,Male,Total\n"
        "North,70,69,139\n"
        "South,62,60,122\n"
        "West,40,16,56\n"
        "Total,172,145,317\n", encoding="utf-8")


def stata_collapse_export(root: Path) -> None:
    # collapse (count) n=id (mean) inc, by(region); export delimited
    (root / "collapse.csv").write_text("region,n,inc\nNorth,120,25000.5\nSouth,4,31000.2\n",
                                       encoding="utf-8")


def stata_esttab_csv(root: Path) -> None:
    # esttab using t.csv, csv: ="..." cells, coefficients with t statistics in parentheses, N
    (root / "esttab.csv").write_text(
        '="",="(1)"\n'
        '="",="income"\n'
        '="age",="143.6*"\n'
        '="",="(2.10)"\n'
        '="_cons",="28210.0***"\n'
        '="",="(4.21)"\n'
        '="N",="6"\n', encoding="utf-8")


def stata_putexcel(root: Path) -> None:
    # putexcel: a title in A1, labels in column A from row 3, counts beside them, a note
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Table1"
    ws["A1"] = "Table 1: Admissions by ward"
    ws["A1"].font = Font(bold=True)
    ws["B2"], ws["C2"] = "Admissions", "Deaths"
    for i, (ward, adm, deaths) in enumerate([("Ward A", 120, 14), ("Ward B", 95, 3),
                                             ("Ward C", 210, 22)], start=3):
        ws.cell(i, 1, ward)
        ws.cell(i, 2, adm)
        ws.cell(i, 3, deaths)
    ws["A7"] = "Source: hospital episode records"
    wb.save(root / "putexcel.xlsx")


# -- Excel written by hand ---------------------------------------------------------------------

def _merged_headers(root: Path, south_male_under_65: int, notes: bool) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Deaths"
    ws["A1"] = "Deaths by region, sex and age"
    ws.merge_cells("B2:C2")
    ws.merge_cells("D2:E2")
    ws["B2"], ws["D2"] = "Female", "Male"
    for col, text in zip("ABCDE", ["Region", "Under 65", "65+", "Under 65", "65+"], strict=True):
        ws[f"{col}3"] = text
    rows = [("North", 40, 55, 38, 61), ("South", 33, 47, south_male_under_65, 50),
            ("East", 29, 41, 30, 44)]
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    if notes:
        other = wb.create_sheet("Notes")
        other["A1"] = "Counts of deaths registered in 2019"
    wb.save(root / "merged.xlsx")


def excel_merged_headers(root: Path) -> None:
    _merged_headers(root, 2, notes=True)


def excel_merged_headers_safe(root: Path) -> None:
    _merged_headers(root, 25, notes=False)


def r_aggregate_long_safe(root: Path) -> None:
    (root / "long.csv").write_text(
        '"yr","grp","n"\n2019,1,40\n2019,2,33\n2020,1,52\n2020,2,41\n', encoding="utf-8")


def _percent_sheet(root: Path, base: int, shares: tuple[float, float]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Smoking"
    ws["A1"] = f"Table 1. Current smokers by sex (n={base})"
    ws.append(["Sex", "% smoking"])
    ws.append(["Female", shares[0]])
    ws.append(["Male", shares[1]])
    wb.save(root / "smoking.xlsx")


def excel_title_base_safe(root: Path) -> None:
    _percent_sheet(root, 200, (40.0, 60.0))


def excel_title_base_small(root: Path) -> None:
    _percent_sheet(root, 6, (33.3, 66.7))  # 2 and 4 of 6 people


def _sheet(root: Path, rows: list[list], row: int = 1, col: int = 1) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, values in enumerate(rows):
        for j, value in enumerate(values):
            if value is not None:
                ws.cell(row + i, col + j, value)
    wb.save(root / "t.xlsx")


def excel_table_at_b3(root: Path) -> None:
    _sheet(root, [["Region", "Patients"], ["North", 120], ["South", 3]], row=3, col=2)


def excel_stacked_tables(root: Path) -> None:
    _sheet(root, [["Region", "Patients"], ["North", 120], ["South", 30], [None, None],
                  ["Sex", "Patients"], ["F", 146], ["M", 4]])


def excel_side_by_side_tables(root: Path) -> None:
    _sheet(root, [["Region", "Patients", None, "Sex", "Patients"], ["North", 120, None, "F", 146],
                  ["South", 30, None, "M", 4]])


def excel_small_count_second_sheet(root: Path) -> None:
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "Summary"
    first.append(["Region", "Patients"])
    for row in [("North", 120), ("South", 98)]:
        first.append(list(row))
    second = wb.create_sheet("Detail")
    second.append(["Ward", "Patients"])
    for row in [("Ward 1", 60), ("Ward 2", 2), ("Ward 3", 58)]:
        second.append(list(row))
    wb.save(root / "workbook.xlsx")


# -- dates of individuals (a cohort born within five years) -----------------------------------

def _children(n: int = 12, seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    born = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 5 * 365, n), unit="D")
    return pd.DataFrame({"born": born, "sex": rng.choice(["F", "M"], n),
                         "weight_kg": rng.normal(20, 3, n).round(1)})


def pandas_children_iso_dates(root: Path) -> None:
    # a listing: one child per row, the date column not named as a birth date
    df = _children()
    df.assign(born=df.born.dt.strftime("%Y-%m-%d")).rename(columns={"born": "date"}).to_csv(
        root / "children.csv", index=False)


def pandas_children_dmy_dates(root: Path) -> None:
    df = _children()
    df.assign(born=df.born.dt.strftime("%d/%m/%Y")).rename(columns={"born": "d1"})[
        ["d1", "weight_kg"]].to_csv(root / "children.csv", index=False)


def pandas_children_dates_xlsx(root: Path) -> None:
    # to_excel writes Timestamps as Excel dates; a whole-number measure beside them
    df = _children()
    df.assign(months=np.random.default_rng(5).integers(20, 80, len(df)))[
        ["born", "sex", "months"]].rename(columns={"born": "when"}).to_excel(
        root / "children.xlsx", index=False)


def pandas_children_sorted_with_months(root: Path) -> None:
    # sorted by birth date, with a whole-number column: it reads like a daily count series,
    # but 40 dates over five years leave most days of the span out
    df = _children(40)
    df = df.assign(months=np.random.default_rng(5).integers(20, 80, len(df))).sort_values("born")
    df.assign(born=df.born.dt.strftime("%Y-%m-%d"))[["born", "months"]].rename(
        columns={"born": "day"}).to_csv(root / "children.csv", index=False)

def pandas_weekly_count_series_safe(root: Path) -> None:
    weeks = pd.date_range("2020-01-05", periods=20, freq="W")
    pd.DataFrame({"date": weeks.strftime("%Y-%m-%d"),
                  "count": np.random.default_rng(4).integers(20, 90, 20)}).to_csv(
        root / "weekly.csv", index=False)


def pandas_monthly_labels_safe(root: Path) -> None:
    months = pd.date_range("2019-01-01", periods=18, freq="MS")
    counts = np.random.default_rng(4).integers(20, 90, 18)
    pd.DataFrame({"month": months.strftime("%Y-%m"), "admissions": counts}).to_csv(
        root / "iso_months.csv", index=False)
    pd.DataFrame({"month": months.strftime("%b %Y"), "admissions": counts}).to_excel(
        root / "months.xlsx", index=False)


def pandas_weekday_admissions_safe(root: Path) -> None:
    # a daily series of working days only (steps of 1 and 3 days): dates in order, with counts
    days = pd.bdate_range("2021-03-01", periods=25)
    admitted = pd.Series(np.repeat(days, np.random.default_rng(6).integers(12, 30, 25)))
    admitted.dt.strftime("%Y-%m-%d").rename("admission_date").to_frame().groupby(
        "admission_date").size().rename("admissions").to_csv(root / "daily.csv")


# -- pandas 3 crosstabs of coded variables (``yr,1,2``) --------------------------------------

def _coded(p_last: float, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rest = (1 - p_last) / 2
    return pd.DataFrame({"yr": rng.choice([2019, 2020, 2021], 600, p=[rest, rest, p_last]),
                         "g": rng.choice([1, 2], 600), "died": rng.choice([0, 1], 600)})


def pandas3_coded_crosstab(root: Path) -> None:
    df = _coded(0.01)  # 2021 holds a handful of people
    pd.crosstab(df.yr, df.g, margins=True).to_csv(root / "coded.csv")


def pandas3_coded_crosstab_safe(root: Path) -> None:
    df = _coded(0.33)
    pd.crosstab(df.yr, df.g, margins=True).to_csv(root / "coded.csv")


def pandas3_coded_row_labels_no_margins_safe(root: Path) -> None:
    # ``yr,g,0,1``: nothing but the guess says the first line is a header (no margin, no
    # total): a headerless table's first row could hold counts 0 and 1, so they are named
    df = _coded(0.33)
    pd.crosstab([df.yr, df.g], df.died).to_csv(root / "coded2.csv")

def pandas_multiindex_columns_xlsx_rare_band(root: Path) -> None:
    # to_excel merges each sex over its age bands; ``80+`` heads the women's counts 1 and 2
    # (consecutive: once read as the middle of an ordinal scale named by its top cell: pass)
    cells = {("East", "Female", "80+"): 1, ("North", "Female", "80+"): 2}
    rng = np.random.default_rng(12)
    for region in ("East", "North"):
        cells[(region, "Male", "80+")] = int(rng.integers(11, 20))
        for sex in ("Female", "Male"):
            cells[(region, sex, "<80")] = int(rng.integers(30, 45))
    df = pd.DataFrame([key for key, n in cells.items() for _ in range(n)],
                      columns=["region", "sex", "age"])
    pd.crosstab(df.region, [df.sex, df.age]).to_excel(root / "bands.xlsx")

def _died_by_region(df: pd.DataFrame, root: Path) -> None:
    # percentages formatted as strings by the researcher, beside each region's n
    table = df.groupby("region").agg(n=("sex", "size"), died=("died", "mean"))
    table["Died"] = table.pop("died").mul(100).map(lambda v: f"{v:.0f}%")
    table[["Died", "n"]].to_csv(root / "died.csv")


def pandas_percent_strings(root: Path) -> None:
    df = _people()
    df["died"] = (np.random.default_rng(8).random(len(df)) < 0.3) | df.region.eq("West")
    _died_by_region(df, root)  # every West patient died: 100% of 17


def pandas_percent_strings_safe(root: Path) -> None:
    df = _safe_people()
    df["died"] = np.random.default_rng(8).random(len(df)) < 0.3
    _died_by_region(df, root)


def excel_percent_format(root: Path) -> None:
    # openpyxl: shares stored as 0.12 and shown as 12% by the cell format
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Outcomes"
    ws.append(["Ward", "Readmitted", "Patients"])
    for ward, share, n in [("Ward A", 0.21, 120), ("Ward B", 0.08, 50), ("Ward C", 0.3, 90)]:
        ws.append([ward, share, n])
    for (cell,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.number_format = "0%"
    wb.save(root / "outcomes.xlsx")

def pandas_unnamed_series_safe(root: Path) -> None:
    # a Series with no name and no index name: pandas writes the header ``,0``
    df = _safe_people()
    pd.Series(df.region.value_counts().to_numpy(), index=df.region.value_counts().index.to_list()
              ).to_csv(root / "counts.csv")


def pandas_unnamed_series_years_xlsx(root: Path) -> None:
    years = np.random.default_rng(9).choice([2019, 2020, 2021], 200, p=[.5, .48, .02])
    counts = pd.Series(years).value_counts().sort_index()
    pd.Series(counts.to_numpy(), index=counts.index.to_list()).to_excel(root / "years.xlsx")

# -- round 4: more layouts (issue 11 reading leftovers 5) ------------------------------------

def _r_addmargins(root: Path, west_female: int) -> None:
    # write.csv(addmargins(table(region, sex))): R names its margins "Sum" (no amount)
    rows = {"East": (61, 58), "North": (70, 69), "South": (62, 60), "West": (west_female, 16)}
    lines = ['"","Female","Male","Sum"']
    lines += [f'"{r}",{f},{m},{f + m}' for r, (f, m) in rows.items()]
    fs, ms = sum(f for f, _ in rows.values()), sum(m for _, m in rows.values())
    lines.append(f'"Sum",{fs},{ms},{fs + ms}')
    (root / "margins.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def r_addmargins_sum(root: Path) -> None:
    _r_addmargins(root, 3)


def r_addmargins_sum_safe(root: Path) -> None:
    _r_addmargins(root, 40)


def _years(df: pd.DataFrame, p_2020: float = 0.5) -> pd.DataFrame:
    rng = np.random.default_rng(21)
    return df.assign(yr=rng.choice([2019, 2020], len(df), p=[1 - p_2020, p_2020]))


def pandas_year_index_multiindex_columns(root: Path) -> None:
    # pd.crosstab(yr, [sex, region]).to_csv(): the index-name line ``yr,,,`` over year rows
    df = _years(_people())
    pd.crosstab(df.yr, [df.sex, df.region]).to_csv(root / "years.csv")


def pandas_year_index_multiindex_columns_safe(root: Path) -> None:
    df = _years(_safe_people())
    pd.crosstab(df.yr, [df.sex, df.region]).to_csv(root / "years.csv")
    pd.crosstab(df.yr, [df.sex, df.region]).to_excel(root / "years.xlsx")


def _decimal_scores(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(score=np.random.default_rng(22).choice([1.5, 2.5], len(df)))


def pandas_decimal_index_crosstab_safe(root: Path) -> None:
    # pd.crosstab(score, [sex, agegrp]) with score 1.5/2.5: the counts pass, the decimal
    # labels are named (they cannot be told from a statistic's values): review by design
    df = _decimal_scores(_safe_people())
    pd.crosstab(df.score, [df.sex, df.agegrp]).to_csv(root / "scores.csv")


def pandas_decimal_index_crosstab(root: Path) -> None:
    df = _decimal_scores(_people())
    pd.crosstab(df.score, [df.region, df.sex]).to_csv(root / "scores.csv")


def _n_and_percent(df: pd.DataFrame, root: Path) -> None:
    # counts with their column percentages beside them, under a two-level header (n / %)
    n = df.region.value_counts().sort_index()
    pd.concat([n, (n / n.sum() * 100).round(1)], axis=1, keys=["n", "%"]).to_csv(
        root / "n_pct.csv")


def pandas_n_and_percent_columns(root: Path) -> None:
    _n_and_percent(_people(n=120), root)


def pandas_n_and_percent_columns_safe(root: Path) -> None:
    _n_and_percent(_safe_people(), root)


def pandas_crosstab_total_margins_xlsx(root: Path) -> None:
    # MultiIndex rows, margins named "Total", to_excel (merged region cells)
    df = _people()
    pd.crosstab([df.region, df.sex], df.agegrp, margins=True, margins_name="Total").to_excel(
        root / "totals.xlsx", sheet_name="Table 3")


def pandas_crosstab_total_margins_xlsx_safe(root: Path) -> None:
    df = _safe_people()
    pd.crosstab(df.region, df.agegrp, margins=True, margins_name="Total").to_excel(
        root / "totals.xlsx", sheet_name="Table 3")


def _stata_contract(root: Path, west_male: int) -> None:
    # contract region sex; export delimited: value labels, Stata's _freq
    rows = [("East", "Female", 61), ("East", "Male", 58), ("North", "Female", 70),
            ("North", "Male", 69), ("West", "Female", 40), ("West", "Male", west_male)]
    text = "region,sex,_freq\n" + "".join(f"{r},{s},{n}\n" for r, s, n in rows)
    (root / "contract.csv").write_text(text, encoding="utf-8")


def stata_contract_export(root: Path) -> None:
    _stata_contract(root, 6)


def stata_contract_export_safe(root: Path) -> None:
    _stata_contract(root, 26)


def _excel_titled_sheet(root: Path, south_male: object) -> None:
    # a title merged across the table, a two-level header with merged sex cells, a note on
    # suppression below; openpyxl, as a researcher's template would be
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Table 4"
    ws["A1"] = "Table 4. Emergency admissions by region, sex and age group, 2019"
    ws.merge_cells("A1:E1")
    ws["A2"] = "Region"
    ws.merge_cells("A2:A3")
    ws["B2"], ws["D2"] = "Female", "Male"
    ws.merge_cells("B2:C2")
    ws.merge_cells("D2:E2")
    for col, text in zip("BCDE", ["0-64", "65+", "0-64", "65+"], strict=True):
        ws[f"{col}3"] = text
    rows = [("North", 140, 95, 133, 88), ("South", 120, 77, 118, south_male),
            ("East", 101, 64, 99, 59)]
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    ws["A8"] = "Note: counts below 10 are suppressed and shown as [c]."
    wb.save(root / "admissions.xlsx")


def excel_titled_merged_header_with_note(root: Path) -> None:
    _excel_titled_sheet(root, 4)


def excel_titled_merged_header_with_note_safe(root: Path) -> None:
    _excel_titled_sheet(root, 71)


def pandas_headerless_baseline_row(root: Path) -> None:
    # to_csv(header=False): the first row is the baseline period (1 and 2 deaths) above the
    # years; read as a header of codes it lost both counts (pass)
    pd.DataFrame({"female": [1, 40, 45], "male": [2, 50, 51]},
                 index=["baseline", 2019, 2020]).to_csv(root / "deaths.csv", header=False)


# -- round 5: sums of small whole amounts, a lone ``0`` header --------------------------------

def _visits(seed: int = 11, n: int = 240) -> pd.DataFrame:
    """Outpatient visits per person (0-5), one person with 300: a sum one unit dominates."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"region": rng.choice(["North", "South", "East"], n),
                       "sex": rng.choice(["Female", "Male"], n),
                       "visits": rng.integers(0, 6, n)})
    df.loc[0, "visits"] = 300
    return df


def pandas_melted_sums(root: Path) -> None:
    # pivot_table(aggfunc="sum") then reset_index().melt(): the sums sit under ``value``
    wide = _visits().pivot_table(index="region", columns="sex", values="visits", aggfunc="sum")
    wide.reset_index().melt(id_vars="region").to_csv(root / "melted.csv", index=False)


def r_aggregate_sum_x(root: Path) -> None:
    # write.csv(aggregate(df$visits, by = list(region = df$region), FUN = sum)): R names the
    # sums ``x`` and writes quoted row names
    sums = _visits().groupby("region").visits.sum()
    lines = ['"","region","x"'] + [f'"{i}","{r}",{v}' for i, (r, v) in
                                    enumerate(sums.items(), start=1)]
    (root / "aggregate.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def r_aggregate_length_x_safe(root: Path) -> None:
    # the same call with FUN = length: counts under the same ``x`` (review: cannot be told)
    sizes = _visits().groupby("region").size()
    lines = ['"","region","x"'] + [f'"{i}","{r}",{v}' for i, (r, v) in
                                    enumerate(sizes.items(), start=1)]
    (root / "aggregate.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def excel_totals_title(root: Path) -> None:
    # an openpyxl sheet titled "Totals": summed visits by region and sex, no count word
    sums = _visits().pivot_table(index="region", columns="sex", values="visits",
                                 aggfunc="sum")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Table 2"
    ws.append(["Totals by region and sex, 2023"])
    ws.append([])
    ws.append(["Region", *sums.columns])
    for region, row in sums.iterrows():
        ws.append([region, *(int(v) for v in row)])
    wb.save(root / "table2.xlsx")


def pandas_amount_above_its_n(root: Path) -> None:
    # agg(n=size, tablets=sum): tablets exceed the people counted beside them
    df = _visits().rename(columns={"visits": "tablets"})
    df.groupby("region").agg(n=("tablets", "size"), tablets=("tablets", "sum")).to_csv(
        root / "tablets.csv")


def pandas_part_of_its_n_safe(root: Path) -> None:
    # agg(n=size, Female=...): parts of the n beside them, never above it
    df = _visits()
    out = df.groupby("region").agg(n=("sex", "size"))
    out["Female"] = df[df.sex == "Female"].groupby("region").size()
    out.to_csv(root / "parts.csv")


def pandas_headerless_baseline_zero(root: Path) -> None:
    # Series.to_csv(header=False) of deaths by period: the baseline had none
    pd.Series([0, 41, 45, 52], index=["baseline", 2019, 2020, 2021]).to_csv(
        root / "deaths.csv", header=False)


def pandas_groupby_yr_size_safe(root: Path) -> None:
    # df.groupby("yr").size().to_csv(): ``yr,0``, the 0 is pandas' name for the Series
    rng = np.random.default_rng(4)
    pd.DataFrame({"yr": rng.choice([2019, 2020, 2021], 300)}).groupby("yr").size().to_csv(
        root / "sizes.csv")


# -- round 5: pandas 3 tables of a coded (0/1) variable ----------------------------------------

def _outcomes(west: int) -> pd.DataFrame:
    """People by region with a 0/1 outcome; ``west`` people in the West, one of whom died."""
    rng = np.random.default_rng(5)
    n = 600
    df = pd.DataFrame({"region": rng.choice(["North", "South", "East"], n),
                       "died": rng.choice([0, 1], n, p=[0.7, 0.3])})
    if not west:
        return df
    west_rows = pd.DataFrame({"region": ["West"] * west, "died": [1] + [0] * (west - 1)})
    return pd.concat([df, west_rows], ignore_index=True)


def pandas3_region_by_died_margins(root: Path) -> None:
    # pandas 3 writes ``region,0,1,All``: the column variable's codes on the index-name line
    df = _outcomes(west=6)
    pd.crosstab(df.region, df.died, margins=True).to_csv(root / "died.csv")


def pandas3_region_by_died_margins_safe(root: Path) -> None:
    df = _outcomes(west=0)
    df.loc[df.index[:60], "region"] = "West"
    pd.crosstab(df.region, df.died, margins=True).to_csv(root / "died.csv")


def pandas3_region_by_died_no_margins_safe(root: Path) -> None:
    df = _outcomes(west=0)
    pd.crosstab(df.region, df.died).to_csv(root / "died.csv")


def pandas_binary_value_counts_safe(root: Path) -> None:
    # ``died,count`` over ``0,420`` and ``1,180``: the codes are the rows' labels
    _outcomes(west=0).died.value_counts().to_csv(root / "died.csv")


def pandas_binary_value_counts(root: Path) -> None:
    df = _outcomes(west=0)
    df["transfer"] = 0
    df.loc[df.index[:4], "transfer"] = 1
    df.transfer.value_counts().to_csv(root / "transfer.csv")


def pandas3_died_by_region_margins_safe(root: Path) -> None:
    # ``died,East,North,South,All`` over ``0``, ``1``, ``All``: codes closed by a margin
    df = _outcomes(west=0)
    pd.crosstab(df.died, df.region, margins=True).to_csv(root / "died.csv")


# -- round 5, second part: found by fuzzing and attack scripts --------------------------------

def pandas_headerless_stage_zero(root: Path) -> None:
    # Series.to_csv(header=False) of patients by stage: stage 1 had none
    pd.Series([0, 70, 52, 41], index=["Stage 1", "Stage 2", "Stage 3", "Stage 4"]).to_csv(
        root / "stages.csv", header=False)


_STATA_REGRESS = """
      Source |       SS           df       MS      Number of obs   =     3,000
-------------+----------------------------------   F(2, 2997)      =      0.19
       Model |  5.92563415         2  2.96281707   Prob > F        =    0.8310
    Residual |  47961.4233     2,997  16.0031442   R-squared       =    0.0001
-------------+----------------------------------   Adj R-squared   =   -0.0005
       Total |  47967.3489     2,999  15.9944478   Root MSE        =    4.0004

------------------------------------------------------------------------------
         bmi | Coefficient  Std. err.      t    P>|t|     [95% conf. interval]
-------------+----------------------------------------------------------------
         age |   .0012345   .0051234     0.24   0.810    -.0088112    .0112802
        male |   .0812345   .1461234     0.56   0.578    -.2052797    .3677487
       _cons |   26.91235   .3123456    86.16   0.000     26.29993    27.52476
------------------------------------------------------------------------------
"""


def stata_regress_thousands_safe(root: Path) -> None:
    # Stata's regress output saved as text, 3,000 observations (thousands grouped)
    (root / "regress.txt").write_text(_STATA_REGRESS, encoding="utf-8")


def _records(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(8)
    return pd.DataFrame({"age": rng.integers(18, 90, n), "sex": rng.choice(["F", "M"], n),
                         "region": rng.choice(["North", "South", "East"], n),
                         "sbp": rng.integers(95, 180, n), "weight": rng.integers(45, 130, n)})


def pandas_head_of_records(root: Path) -> None:
    # df.head(10).to_csv(): ten people's records
    _records(40).head(10).to_csv(root / "head.csv", index=False)


def pandas_records_with_a_count_column(root: Path) -> None:
    # 40 people, each with a count of items (all >= 10): read as a table of safe counts
    people = _records(40)
    people["n_items"] = np.random.default_rng(9).integers(10, 60, 40)
    people.to_csv(root / "people.csv", index=False)


def pandas_describe_percentile_columns_safe(root: Path) -> None:
    # groupby().describe() cut to the count and the quartiles
    people = _records(3000)
    people.groupby("region").sbp.describe()[["count", "50%", "25%", "75%"]].to_csv(
        root / "quartiles.csv")


# -- round 6: ranges as strings, totals named with a qualifier, identifiers in notes --------

def _ages(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(age=np.random.default_rng(31).integers(18, 95, len(df)))


def pandas_age_range_strings(root: Path) -> None:
    # agg(age_range=lambda s: f"{s.min()}-{s.max()}"): the youngest and oldest of each region
    # in one band-like string, beside a safe n (it read as a band label and passed)
    _ages(_safe_people()).groupby("region").agg(
        n=("age", "size"), age_range=("age", lambda s: f"{s.min()}-{s.max()}")).to_csv(
        root / "ages.csv")


def pandas_age_range_bands_safe(root: Path) -> None:
    # the same words naming a frequency table's bands (disjoint): a label, not a range
    df = _ages(_safe_people())
    bands = pd.cut(df.age, [17, 39, 64, 94], labels=["18-39", "40-64", "65-94"])
    df.groupby(bands.rename("age range"), observed=True).size().rename("n").to_csv(
        root / "bands.csv")


def ons_england_total_row(root: Path) -> None:
    # an ONS-style table: areas with the national line named "England (total)", London
    # suppressed by the researcher: 222 - 120 - 98, London is 4 (saved from Excel as CSV:
    # the title quoted, padded to the table's width)
    (root / "deaths.csv").write_text(
        '"Table 3. Deaths by area, 2021",\n'
        "area,deaths\n"
        "North East,120\nLondon,*\nSouth West,98\nEngland (total),222\n"
        "Note: * counts below 10 suppressed.,\n", encoding="utf-8")


def _both_sexes(root: Path, south_female: str, south_both: int) -> None:
    # Stata/Excel style: Male, Female and a "Both sexes" total column
    (root / "sexes.csv").write_text(
        "region,Male,Female,Both sexes\n"
        f"North,60,60,120\nSouth,50,{south_female},{south_both}\nEast,48,51,99\n",
        encoding="utf-8")


def both_sexes_total_column(root: Path) -> None:
    _both_sexes(root, "[c]", 54)  # 54 - 50: 4 women


def both_sexes_total_column_safe(root: Path) -> None:
    _both_sexes(root, "41", 91)


def notes_txt_with_nhs_number(root: Path) -> None:
    # a safe table sent with the researcher's notes, which name an excluded patient
    _safe_people().region.value_counts().to_csv(root / "counts.csv")
    (root / "notes.txt").write_text(
        "Notes for the output checker\n\n"
        "Counts of patients by region from the 2021 extract.\n"
        "One record (NHS no. 943 476 5919) was removed at the patient's request.\n",
        encoding="utf-8")


# -- round 6: hierarchical tables (subtotal rows, no total word) -----------------------------

def _areas(root: Path, sunderland: object) -> None:
    # a researcher's table of regions with their areas set in by two spaces, written with
    # to_csv; the suppressed area is the region's row minus the others
    rows = [("North East", 120), ("  Newcastle", 60), ("  Sunderland", sunderland),
            ("  Durham", 55), ("North West", 200), ("  Manchester", 120), ("  Liverpool", 80)]
    pd.DataFrame(rows, columns=["area", "admissions"]).to_csv(root / "areas.csv", index=False)


def pandas_indented_areas_suppressed(root: Path) -> None:
    _areas(root, "[c]")  # 120 - 60 - 55 = 5


def _nace(root: Path, c11: object, c12: object) -> None:
    # enterprises by NACE section and division (openpyxl, a hand-made workbook)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Enterprises"
    ws.append(["NACE", "Enterprises"])
    for row in [("C Manufacturing", 120), ("C10 Food products", 60), ("C11 Beverages", c11),
                ("C12 Tobacco products", c12), ("G Wholesale and retail", 200),
                ("G45 Motor vehicles", 120), ("G46 Wholesale", 80)]:
        ws.append(list(row))
    wb.save(root / "nace.xlsx")


def excel_nace_hierarchy_suppressed(root: Path) -> None:
    _nace(root, "[c]", 55)  # 120 - 60 - 55 = 5 beverage makers


def excel_nace_hierarchy_safe(root: Path) -> None:
    _nace(root, "[c]", "[c]")  # two hidden divisions: 60 between them, neither pinned


# -- round 7: statistics and derived counts (issue 11 leftovers) -------------------------------

def _stays(seed: int = 11, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"region": rng.choice(["North", "South", "East", "West"], n),
                         "sex": rng.choice(["Female", "Male"], n),
                         "ward": rng.choice(list("ABCDEFG"), n),
                         "dx": rng.choice(["I10", "E11", "J45"], n),
                         "age": rng.integers(18, 90, n), "los": rng.integers(1, 20, n)})


def pandas_describe_percentiles_0_and_1(root: Path) -> None:
    _stays()[["age", "los"]].describe(percentiles=[0, .5, 1]).to_csv(root / "describe.csv")


def r_quantile_row_names(root: Path) -> None:
    # write.csv(quantile(age)): "","x" over "0%",18 ... "100%",89
    q = _stays().age.quantile([0, .25, .5, .75, 1])
    (root / "quantiles.csv").write_text(
        '"","x"\n' + "".join(f'"{int(k * 100)}%",{v}\n' for k, v in q.items()))


def pandas_agg_std_zero(root: Path) -> None:
    df = _stays()
    df.loc[df.region == "West", "los"] = 4  # every West stay lasted 4 days
    df.groupby("region")["los"].agg(["count", "mean", "std"]).to_csv(root / "los.csv")


def pandas_quantile_unstack(root: Path) -> None:
    # quantile([0, .25, .5, .75, 1]).unstack(): the levels as numbers in the header
    _stays().groupby("region")["age"].quantile([0, .25, .5, .75, 1]).unstack().to_csv(
        root / "quantiles.csv")


def _tabulate(counts: dict[str, int]) -> str:
    """``tabulate region`` exported as CSV: Freq., Percent, Cum. and a Total row (also
    tests/test_readable_shares)."""
    total, lines, cum = sum(counts.values()), ["region,Freq.,Percent,Cum."], 0.0
    for label, n in counts.items():
        cum += 100 * n / total
        lines.append(f"{label},{n},{100 * n / total:.2f},{cum:.2f}")
    return "\n".join([*lines, f"Total,{total},100.00,"]) + "\n"


def stata_tabulate_cum_safe(root: Path) -> None:
    # tabulate region, exported as CSV: Freq., Percent, Cum. (the running sum of Percent)
    counts = _stays().region.value_counts().sort_index()
    (root / "tab.csv").write_text(_tabulate(dict(counts.items())))


def stata_tabulate_cum_small(root: Path) -> None:
    (root / "tab.csv").write_text(_tabulate({"East": 89, "North": 86, "South": 132, "West": 3}))


def pandas_column_percent_with_n_row_safe(root: Path) -> None:
    df = _stays()
    table = pd.crosstab(df.sex, df.region, normalize="columns").mul(100).round(1)
    table.loc["n"] = df.region.value_counts()  # written 89.0, 86.0...
    table.to_csv(root / "percent.csv")


def pandas_column_percent_with_n_row_small(root: Path) -> None:
    df = _stays()
    table = pd.crosstab(df.sex, df.region, normalize="columns").mul(100).round(1)
    table.loc["n"] = df.region.value_counts()
    table["West"] = [25.0, 75.0, 12]  # 25% of 12 is 3
    table.to_csv(root / "percent.csv")


def _dplyr_distinct(root: Path, dx_of_west: str | None) -> None:
    df = _stays()
    if dx_of_west is not None:
        df.loc[df.region == "West", "dx"] = dx_of_west
    lines = ['"region","n","n_distinct(ward)","n_distinct(dx)"']
    for region, g in df.groupby("region"):
        lines.append(f'"{region}",{len(g)},{g.ward.nunique()},{g.dx.nunique()}')
    (root / "distinct.csv").write_text("\n".join(lines) + "\n")


def dplyr_distinct_counts_safe(root: Path) -> None:
    _dplyr_distinct(root, None)


def dplyr_distinct_count_of_one(root: Path) -> None:
    _dplyr_distinct(root, "E11")  # every West patient has the one diagnosis


def pandas_size_and_nunique_safe(root: Path) -> None:
    _stays().groupby("region")["ward"].agg(["size", "nunique"]).to_csv(root / "wards.csv")
def _indented_areas_xlsx(root: Path, durham: object) -> None:
    # the same areas set in with Excel's indent format (no leading spaces in the text)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Table 1"
    ws.append(["Area", "Admissions"])
    for name, level, value in [("North East", 0, 120), ("Newcastle", 1, 60),
                               ("Sunderland", 1, "[c]"), ("Durham", 1, durham),
                               ("North West", 0, 200), ("Manchester", 1, 120),
                               ("Liverpool", 1, 80)]:
        ws.append([name, value])
        ws.cell(ws.max_row, 1).alignment = Alignment(indent=level)
    wb.save(root / "areas.xlsx")


def excel_indent_format_areas_suppressed(root: Path) -> None:
    _indented_areas_xlsx(root, 55)  # 120 - 60 - 55 = 5 admissions in Sunderland


def excel_indent_format_areas_safe(root: Path) -> None:
    _indented_areas_xlsx(root, "[c]")


def _sic_groups(root: Path, fruit: object) -> None:
    # SIC 2007 divisions over their groups, codes without dots (ONS business counts)
    _sheet(root, [["Industry", "Businesses"], ["10 Food products", 150],
                  ["101 Processing of meat", 70], ["102 Processing of fish", "[c]"],
                  ["103 Processing of fruit", fruit], ["11 Beverages", 90],
                  ["110 Beverages", 90]])


def excel_sic_groups_suppressed(root: Path) -> None:
    _sic_groups(root, 74)  # 150 - 70 - 74 = 6 fish processors


def excel_sic_groups_safe(root: Path) -> None:
    _sic_groups(root, "[c]")


def _cumulative_months(root: Path, west_feb: int) -> None:
    # cases to date by region, written at the end of each month (value_counts().cumsum()-style
    # Series named "cumulative_cases")
    for month, west in (("jan", 40), ("feb", west_feb)):
        north, south = (120, 95) if month == "jan" else (150, 121)
        pd.Series({"North": north, "South": south, "West": west}, name="cumulative_cases"
                  ).rename_axis("region").to_csv(root / f"cases_{month}.csv")


def pandas_cumulative_cases_two_months(root: Path) -> None:
    _cumulative_months(root, 42)  # 2 cases in West in February


def pandas_cumulative_cases_two_months_safe(root: Path) -> None:
    _cumulative_months(root, 61)


def _turnover(root: Path, construction: object) -> None:
    # the handbook's magnitude table: turnover by industry with its total, Mining suppressed
    pd.DataFrame({"Industry": ["Manufacturing", "Mining", "Construction", "Total"],
                  "Turnover (£000)": [45210, "[c]", construction, 166330]}).to_csv(
        root / "turnover.csv", index=False)


def handbook_turnover_total_one_hidden(root: Path) -> None:
    _turnover(root, 23120)  # 166330 - 45210 - 23120 = 98000, Mining's turnover


def handbook_turnover_total_two_hidden(root: Path) -> None:
    _turnover(root, "[c]")


def _rates(root: Path, rate_c: object) -> None:
    # deaths suppressed beside their rate per 1,000 and the population it is computed on
    df = pd.DataFrame({"area": ["Area A", "Area B", "Area C"],
                       "Population": [12040, 9875, 2310], "Deaths": [48, 37, "[c]"],
                       "Rate per 1000": [3.99, 3.75, rate_c]})
    df.to_csv(root / "rates.csv", index=False)


def handbook_rate_beside_hidden_deaths(root: Path) -> None:
    _rates(root, 1.30)  # 1.30 per 1,000 of 2,310 is 3 deaths


def handbook_rate_beside_hidden_deaths_safe(root: Path) -> None:
    _rates(root, "[c]")


def _both_column(root: Path, west_male: object) -> None:
    # a 'Both' column after Female and Male (R's cbind of the two with their sum)
    text = f'"","Female","Male","Both"\n"North",60,55,115\n"West","[c]",{west_male},33\n'
    (root / "both.csv").write_text(text)


def r_both_column_one_hidden(root: Path) -> None:
    _both_column(root, 30)  # 33 - 30 = 3 women


def r_both_column_two_hidden_safe(root: Path) -> None:
    _both_column(root, '"[c]"')


def _quarters(root: Path, west_q2: object) -> None:
    # admissions by quarter with the year beside them (no total word), to_excel
    df = pd.DataFrame({"Q1": [40, 30, "[c]"], "Q2": [41, 31, west_q2], "Q3": [42, 32, 22],
                       "Q4": [43, 33, 21], "Year": [166, 126, 66]},
                      index=pd.Index(["North", "South", "West"], name="Region"))
    df.to_excel(root / "quarters.xlsx", sheet_name="Admissions")


def pandas_quarters_with_year_one_hidden(root: Path) -> None:
    _quarters(root, 20)  # 66 - 20 - 22 - 21 = 3 in West's first quarter


def pandas_quarters_with_year_two_hidden_safe(root: Path) -> None:
    _quarters(root, "[c]")


def _table_one(root: Path, ex_smoker: str) -> None:
    # a gtsummary-style Table 1 (as_tibble() then write.csv(row.names = FALSE)), the smallest
    # smoking category suppressed by hand
    rows = [("Smoking status", ""), ("Current", "120 (60%)"), ("Never", "[c]"),
            ("Former", ex_smoker), ("Sex", ""), ("Female", "104 (52%)"), ("Male", "96 (48%)")]
    pd.DataFrame(rows, columns=["**Characteristic**", "**N = 200**"]).to_csv(
        root / "table1.csv", index=False)


def r_table_one_hidden_category(root: Path) -> None:
    _table_one(root, "77 (39%)")  # 200 - 120 - 77 = 3 never smoked


def r_table_one_two_hidden_safe(root: Path) -> None:
    _table_one(root, "[c]")  # 80 between the two hidden categories


def _missing_not_shown(root: Path, missing: int) -> None:
    # value_counts() without dropna=False, the total taken from len(df): people with no
    # recorded ethnicity are in the total only
    counts = pd.Series({"White": 412, "Asian": 88, "Black": 52, "Mixed": 31, "Other": 23},
                       name="patients").rename_axis("ethnicity")
    counts["Total"] = counts.sum() + missing
    counts.to_csv(root / "ethnicity.csv")


def pandas_total_with_missing_not_shown(root: Path) -> None:
    _missing_not_shown(root, 3)


def pandas_total_with_missing_not_shown_safe(root: Path) -> None:
    _missing_not_shown(root, 0)


def _count_pivot(root: Path, empty: bool) -> None:
    # pivot_table(aggfunc="count") leaves an empty combination NaN: to_excel writes it blank
    df = _safe_people(seed=12, n=900)
    if empty:
        df = df[~((df.region == "West") & (df.sex == "Male") & (df.agegrp == "65+"))]
    df.pivot_table(index=["region", "sex"], columns="agegrp", values="income",
                   aggfunc="count").to_excel(root / "counts.xlsx", sheet_name="Counts")


def pandas_count_pivot_empty_combination_xlsx(root: Path) -> None:
    _count_pivot(root, True)  # no West man aged 65+: a zero count written blank


def pandas_count_pivot_no_empty_combination_xlsx_safe(root: Path) -> None:
    _count_pivot(root, False)


# -- round 8: safe outputs an output checker sees daily, large counts --------------------------

def _cohort(seed: int = 21, n: int = 20000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "region": rng.choice(["North East", "North West", "Yorkshire", "London", "South West"],
                             n),
        "sex": rng.choice(["Female", "Male"], n),
        "agegrp": rng.choice(["18-39", "40-64", "65+"], n, p=[.4, .4, .2]),
        "smoker": rng.choice([0, 1], n, p=[.8, .2]),
        "age": rng.integers(18, 95, n),
        "sbp": rng.normal(130, 15, n).round(0),
        "bmi": rng.normal(27, 4.5, n).round(1),
        "los": rng.integers(1, 30, n),
    })


def pandas_crosstab_margins_large_safe(root: Path) -> None:
    # 20,000 people by region and sex (rows) and age group, margins named Total
    df = _cohort()
    pd.crosstab([df.region, df.sex], df.agegrp, margins=True, margins_name="Total").to_csv(
        root / "crosstab.csv")


def pandas_describe_dominated_costs(root: Path) -> None:
    # 12 practices' costs, one of 50,000 among eleven near 100: its count and std cannot
    # rule out that one practice dominates the mean (min and max dropped)
    costs = pd.DataFrame({"cost": [95.0, 98, 100, 101, 99, 102, 97, 100, 103, 96, 104, 50000]})
    costs.describe().drop(["min", "max"]).round(2).to_csv(root / "describe.csv")


def pandas_describe_large_no_extremes(root: Path) -> None:
    # describe() of 20,000 people without min and max: the means have no contributions
    df = _cohort()
    df[["age", "sbp", "bmi"]].describe().drop(["min", "max"]).round(2).to_csv(
        root / "describe.csv")


def r_table_as_data_frame_large_safe(root: Path) -> None:
    # write.csv(as.data.frame(table(region, sex))): R's row names, Var1, Var2, Freq
    t = _cohort().groupby(["region", "sex"]).size()
    lines = ['"","Var1","Var2","Freq"'] + [
        f'"{i}","{region}","{sex}",{n}' for i, ((region, sex), n) in enumerate(t.items(), 1)]
    (root / "freq.csv").write_text("\n".join(lines) + "\n")


def stata_tab2_export_safe(root: Path) -> None:
    # tab region agegrp exported as CSV: a Total row and column
    df = _cohort()
    t = pd.crosstab(df.region, df.agegrp, margins=True, margins_name="Total")
    lines = ["region,18-39,40-64,65+,Total"] + [
        ",".join([str(label), *map(str, row)]) for label, row in zip(t.index, t.values.tolist(),
                                                                     strict=True)]
    (root / "tab2.csv").write_text("\n".join(lines) + "\n")


def _rounded(root: Path, small: bool) -> None:
    # counts rounded to the nearest 5 and their totals rounded on their own (totals may not
    # add up, as ONS notes say), a crosstab of 3,000 people
    df = _cohort(n=3000)
    t = pd.crosstab(df.region, df.agegrp)
    if small:
        t.loc["London", "65+"] = 6  # one group of 6 people: rounded, 5
    t["Total"] = t.sum(axis=1)
    t.loc["Total"] = t.sum()
    (5 * (t / 5).round()).astype(int).to_csv(root / "rounded.csv")


def pandas_rounded_base5_independent_totals_safe(root: Path) -> None:
    _rounded(root, small=False)


def pandas_rounded_base5_one_small_cell(root: Path) -> None:
    _rounded(root, small=True)


def statsmodels_ols_summary_large_safe(root: Path) -> None:
    import statsmodels.api as sm

    df = _cohort(n=5000)
    x = sm.add_constant(df[["age", "bmi"]].astype(float))
    (root / "ols.txt").write_text(sm.OLS(df.sbp.astype(float), x).fit().summary().as_text())


def _titled_workbook(root: Path, small: bool) -> None:
    # a titled sheet with a blank line, the table, a source line with a written date and a note
    df = _cohort()
    t = pd.crosstab(df.region, df.sex, margins=True, margins_name="Total")
    if small:
        t.loc["London", "Female"] = 6
        t.loc["London", "Total"] = 6 + t.loc["London", "Male"]
        t.loc["Total", "Female"] = t.loc[t.index != "Total", "Female"].sum()
        t.loc["Total", "Total"] = t.loc[t.index != "Total", "Total"].sum()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Table 1"
    ws["A1"] = "Table 1: Patients by region and sex, 2023"
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append(["Region", "Female", "Male", "Total"])
    for label, row in zip(t.index, t.values.tolist(), strict=True):
        ws.append([label, *row])
    ws.append([])
    ws.append(["Source: Example cohort, extract of 1 March 2024."])
    ws.append(["Note: counts below 10 are suppressed; none were needed."])
    wb.save(root / "table1.xlsx")


def excel_title_source_date_note_safe(root: Path) -> None:
    _titled_workbook(root, small=False)


def excel_title_source_date_note_small(root: Path) -> None:
    _titled_workbook(root, small=True)


def pandas_value_counts_n_percent_large_safe(root: Path) -> None:
    vc = _cohort().region.value_counts()
    pd.DataFrame({"n": vc, "percent": (100 * vc / vc.sum()).round(1)}).to_csv(
        root / "regions.csv")


def pandas_pivot_count_multiindex_total_xlsx_safe(root: Path) -> None:
    df = _cohort()
    df.pivot_table(index=["region", "sex"], columns="agegrp", values="age", aggfunc="count",
                   margins=True, margins_name="Total").to_excel(root / "pivot.xlsx",
                                                                sheet_name="Counts")


def handbook_rates_per_100k_safe(root: Path) -> None:
    pd.DataFrame({"area": ["Area A", "Area B", "Area C", "Area D"],
                  "deaths": [412, 389, 276, 198],
                  "population": [120450, 98760, 80320, 61200]}).assign(
        rate_per_100000=lambda d: (d.deaths / d.population * 1e5).round(1)).to_csv(
        root / "rates.csv", index=False)


def _r_addmargins_large(root: Path, small: bool) -> None:
    # R: write.csv(addmargins(table(sex, agegrp))) of 20,000 people: margins named Sum, the
    # grand total 20000 (no label our vocabulary knows says it is a margin: the sums do)
    df = _cohort()
    t = pd.crosstab(df.sex, df.agegrp)
    if small:
        t.loc["Female", "65+"] = 4
    t["Sum"] = t.sum(axis=1)
    t.loc["Sum"] = t.sum()
    write_r_addmargins(root, t)


def write_r_addmargins(root: Path, table: pd.DataFrame) -> None:
    """``table`` (sex by agegrp with its Sum margins) as R's ``write.csv`` writes it:
    addmargins.csv, the row names quoted under ``""`` (also tests/test_proven_readings)."""
    lines = ['"","18-39","40-64","65+","Sum"'] + [
        ",".join([f'"{label}"', *map(str, row)]) for label, row in zip(
            table.index, table.values.tolist(), strict=True)]
    (root / "addmargins.csv").write_text("\n".join(lines) + "\n")


def r_addmargins_large_safe(root: Path) -> None:
    _r_addmargins_large(root, small=False)


def r_addmargins_large_one_small(root: Path) -> None:
    _r_addmargins_large(root, small=True)


def pandas_groupby_n_median_iqr_safe(root: Path) -> None:
    g = _cohort().groupby("region").los
    pd.DataFrame({"n": g.size(), "median_los": g.median(), "q1": g.quantile(.25),
                  "q3": g.quantile(.75)}).to_csv(root / "los.csv")


def pandas_row_percent_with_n_large_safe(root: Path) -> None:
    df = _cohort()
    pct = (pd.crosstab(df.region, df.sex, normalize="index") * 100).round(1)
    pct["n"] = df.region.value_counts()
    pct.to_csv(root / "row_percent.csv")


_STATA_LOGIT = """
Iteration 0:  Log likelihood = -2503.3978
Iteration 1:  Log likelihood = -2497.2345
Iteration 2:  Log likelihood = -2497.2278

Logistic regression                                     Number of obs = {obs}
                                                        LR chi2(2)    =  12.34
                                                        Prob > chi2   = 0.0021
Log likelihood = -2497.2278                             Pseudo R2     = 0.0025

------------------------------------------------------------------------------
      smoker | Coefficient  Std. err.      z    P>|z|     [95% conf. interval]
-------------+----------------------------------------------------------------
         age |   .0051234   .0021234     2.41   0.016     .0009616    .0092852
        male |   .1234567   .0712345     1.73   0.083    -.0161612    .2630746
       _cons |  -1.712345   .1312345   -13.05   0.000    -1.969558   -1.455132
------------------------------------------------------------------------------
"""


def stata_logit_text_large_safe(root: Path) -> None:
    # Stata's logit output saved as text (log using), 5,000 observations
    (root / "logit.txt").write_text(_STATA_LOGIT.format(obs=" 5,000"), encoding="utf-8")


def stata_logit_text_twelve_observations(root: Path) -> None:
    # the same model on 12 observations: 9 residual degrees of freedom
    (root / "logit.txt").write_text(_STATA_LOGIT.format(obs="    12"), encoding="utf-8")


def _logit_one_exposure(root: Path, groups: list[tuple[int, int]]) -> None:
    # print(sm.Logit(case, sm.add_constant(exposed)).fit().summary()) to a .txt: a model on one
    # binary exposure, the 2x2 table in another form (groups: (cases, non-cases))
    from tests.test_model_counts import _binary, _fit

    (root / "logit.txt").write_text(str(_fit("logit", _binary(groups)).summary()))


def statsmodels_logit_one_exposure_safe(root: Path) -> None:
    _logit_one_exposure(root, [(30, 70), (40, 60)])


def statsmodels_logit_one_exposure_four_cases(root: Path) -> None:
    _logit_one_exposure(root, [(30, 130), (4, 36)])


def _poisson_one_exposure(root: Path, groups: list[tuple[int, int]]) -> None:
    # R's summary(glm(events ~ exposed, family = poisson)) saved with capture.output
    # (groups: (people, events)), the numbers of the same fit by statsmodels
    from tests.test_model_counts import _counts, _fit, _r_glm

    fit = _fit("glm-poisson", _counts(groups))
    (root / "poisson.txt").write_text(_r_glm(
        fit, "glm(formula = events ~ exposed, family = poisson, data = d)", "poisson"))


def r_glm_poisson_one_exposure_safe(root: Path) -> None:
    _poisson_one_exposure(root, [(160, 75), (40, 30)])


def r_glm_poisson_one_exposure_six_events(root: Path) -> None:
    _poisson_one_exposure(root, [(160, 75), (40, 6)])


def _glm_logit_one_exposure(root: Path, groups: list[tuple[int, int]]) -> None:
    # print(sm.GLM(case, sm.add_constant(exposed), family=Binomial()).fit().summary()) to a .txt
    # (groups: (cases, non-cases)); GLM prints no separation note
    import warnings

    from tests.test_model_counts import _binary, _fit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = str(_fit("glm", _binary(groups)).summary())
    (root / "glm.txt").write_text(text)


def statsmodels_glm_logit_large_finite_coefficient_safe(root: Path) -> None:
    # 10 cases among 100,010 unexposed, 10 non-cases among 100,010 exposed: a coefficient of
    # 18.4 with a standard error of 0.45
    _glm_logit_one_exposure(root, [(10, 100_000), (100_000, 10)])


def statsmodels_glm_logit_no_exposed_cases(root: Path) -> None:
    # no exposed case: the exposure's coefficient diverges (-22.1, standard error 1.26e+04)
    _glm_logit_one_exposure(root, [(30, 130), (0, 40)])


def _tidy_glm_logit_one_exposure(root: Path, groups: list[tuple[int, int]]) -> None:
    # write.csv(tidy(fit)) and write.csv(glance(fit)) of glm(case ~ exposed, binomial), the
    # numbers of the same fit by statsmodels (groups: (cases, non-cases))
    from tests.test_model_counts import _binary, _fit
    from tests.test_model_zero_groups import _write_tidy

    _write_tidy(root / "model", _fit("glm", _binary(groups)))


def r_tidy_glance_glm_logit_one_exposure_safe(root: Path) -> None:
    _tidy_glm_logit_one_exposure(root, [(30, 70), (40, 60)])


def r_tidy_glance_glm_logit_one_exposure_four_cases(root: Path) -> None:
    _tidy_glm_logit_one_exposure(root, [(30, 130), (4, 36)])


def _saturated_two_factors(root: Path, safe: bool) -> None:
    # print(smf.logit("case ~ C(a) * C(b)", d).fit().summary()) to a .txt: a 2x3 table
    from tests.test_model_zero_groups import TWO_BY_THREE, TWO_BY_THREE_SAFE, _saturated

    fit = _saturated(TWO_BY_THREE_SAFE if safe else TWO_BY_THREE)
    (root / "logit.txt").write_text(str(fit.summary()))


def statsmodels_logit_saturated_two_factors_safe(root: Path) -> None:
    _saturated_two_factors(root, safe=True)


def statsmodels_logit_saturated_two_factors_four_cases(root: Path) -> None:
    _saturated_two_factors(root, safe=False)


def _stata_saturated_two_factors(root: Path, safe: bool) -> None:
    # Stata's logistic case i.a##i.b (odds ratios) kept with log using, as Stata 17 prints it:
    # a 2x3 table (numbers of the same fit by statsmodels)
    from tests.test_model_stata_factors import (
        TWO_BY_THREE,
        TWO_BY_THREE_SAFE,
        _fit,
        stata_factorial,
    )

    fit = _fit(TWO_BY_THREE_SAFE if safe else TWO_BY_THREE)
    (root / "logistic.txt").write_text(stata_factorial(fit, header="Odds ratio",
                                                       exponentiate=True))


def stata_logit_two_factors_with_an_empty_cell(root: Path) -> None:
    # Stata's logit case i.a##i.b where nobody has a = 1 and b = 3: "1 3 | 0  (empty)"
    from tests.test_model_stata_empty import _print

    (root / "logit.txt").write_text(_print())


def stata_logit_four_failures_completely_determined(root: Path) -> None:
    # the safe 2x3 fit with Stata's note that 4 observations are perfectly predicted
    from tests.test_model_stata_empty import _print

    (root / "logit.txt").write_text(_print(
        empty=False, note="note: 4 failures and 0 successes completely determined.\n"))


def _broom_stacked(root: Path, groups: list[tuple[int, int]]) -> None:
    # write.csv(tidy(fit)) and glance(fit) appended to one file, a blank line between
    from tests.test_model_tidy_stacked import _stacked

    folder = _stacked(root / "fit", groups)
    (folder / "model.csv").rename(root / "model.csv")
    folder.rmdir()


def broom_tidy_glance_stacked_four_exposed_cases(root: Path) -> None:
    _broom_stacked(root, [(30, 130), (4, 36)])


def broom_tidy_glance_stacked_safe(root: Path) -> None:
    _broom_stacked(root, [(30, 130), (14, 26)])


def stata_logit_large_groups_safe(root: Path) -> None:
    # Stata's logit case exposed, every cell 30 or more (no note)
    from tests.test_model_counts import _binary, _fit, _stata
    from tests.test_model_notes import GROUPS

    (root / "logit.txt").write_text(_stata(_fit("logit", _binary(GROUPS)),
                                           "Logistic regression", "Coefficient"))


def stata_logit_predicts_failure_perfectly_four_obs(root: Path) -> None:
    # the same with 4 more people, all non-cases, under other = 1: Stata drops them with its
    # note "other != 0 predicts failure perfectly; other omitted and 4 obs not used."
    from tests.test_model_notes import _stata_dropped

    (root / "logit.txt").write_text(_stata_dropped())


def stata_logistic_saturated_two_factors_safe(root: Path) -> None:
    _stata_saturated_two_factors(root, safe=True)


def stata_logistic_saturated_two_factors_four_cases(root: Path) -> None:
    _stata_saturated_two_factors(root, safe=False)


def _coefficients_with_dof_column(root: Path, n: int, logit: bool = False, seed: int = 21
                                  ) -> None:
    import statsmodels.api as sm

    df = _cohort(seed=seed, n=n)
    x = sm.add_constant(df[["age", "bmi", "smoker"]].astype(float))
    if logit:
        res = sm.Logit((df.sbp > 130).astype(float), x).fit(disp=0)
    else:
        res = sm.OLS(df.sbp.astype(float), x).fit()
    pd.DataFrame({"coef": res.params, "std_err": res.bse, "t": res.tvalues, "p": res.pvalues,
                  "df_resid": res.df_resid}).round(4).to_csv(root / "coefficients.csv")


def statsmodels_coefficients_with_dof_column(root: Path) -> None:
    # a coefficient table written with its residual dof as a column (no summary beside it)
    _coefficients_with_dof_column(root, 5000)


def statsmodels_coefficients_with_dof_column_twelve(root: Path) -> None:
    # the same OLS on 12 people: df_resid 8, and the p-values agree with t(8)
    _coefficients_with_dof_column(root, 12, seed=2)


def statsmodels_logit_coefficients_with_dof_column_twelve(root: Path) -> None:
    # a logit on 12 people: its p-values are a normal's, which agree with any large dof and
    # disagree with t(8): they prove no dof (SDC301 review); df_resid is then read as counts
    # (whole numbers, the stricter reading), and 8 fails SDC101
    _coefficients_with_dof_column(root, 12, logit=True, seed=2)


def _area_rates(root: Path, deaths_c: int, name: str, per: float) -> None:
    # deaths over the population per area, published as a rate beside the population only
    table = pd.DataFrame({"population": [120345, 98012, 4512], "deaths": [210, 180, deaths_c]},
                         index=pd.Index(["A", "B", "C"], name="area"))
    table[name] = (table.deaths / table.population * per).round(1)
    table.drop(columns="deaths").to_csv(root / "rates.csv")


def pandas_rate_per_100000_two_deaths(root: Path) -> None:
    _area_rates(root, 2, "rate_per_100000", 1e5)


def pandas_rate_per_1000_ten_deaths_safe(root: Path) -> None:
    _area_rates(root, 10, "rate_per_1000", 1e3)


def _rates_beside_deaths(root: Path, deaths_c: int) -> None:
    # a mortality table as published: the deaths (the rate's numerator) and the rate per
    # 100,000 of a population that is not printed
    table = pd.DataFrame({"region": ["North", "South", "East"], "deaths": [412, 389, deaths_c],
                          "population": [120450, 98760, 80320]})
    table["rate per 100,000"] = (table.deaths / table.population * 1e5).round(1)
    table.drop(columns="population").to_csv(root / "mortality.csv", index=False)


def pandas_rate_beside_its_deaths_safe(root: Path) -> None:
    _rates_beside_deaths(root, 41)


def pandas_rate_beside_its_deaths_three(root: Path) -> None:
    _rates_beside_deaths(root, 3)


def _case_control(root: Path, east_cases: int) -> None:
    # a case-control study: four controls matched to each case, by region
    cases = pd.Series([40, 55, east_cases], index=pd.Index(["North", "South", "East"],
                                                           name="region"))
    pd.DataFrame({"cases": cases, "controls": 4 * cases}).to_csv(root / "case_control.csv")


def pandas_case_control_safe(root: Path) -> None:
    _case_control(root, 31)


def pandas_case_control_three_cases(root: Path) -> None:
    _case_control(root, 3)


def positive_share_by_region(positive_west: int) -> pd.DataFrame:
    """Patients, those tested, and the share of the tested who were positive (also
    tests/test_derived_counts)."""
    table = pd.DataFrame({"patients": [1200, 1100, 400], "tested": [98, 90, 12],
                          "positive": [20, 10, positive_west]},
                         index=pd.Index(["North", "South", "West"], name="region"))
    table["% positive"] = (100 * table.positive / table.tested).round(1)
    return table.drop(columns="positive")


def _tested(root: Path, positive_west: int) -> None:
    positive_share_by_region(positive_west).to_csv(root / "tested.csv")


def pandas_percent_of_the_tested_beside_patients(root: Path) -> None:
    _tested(root, 3)


def pandas_percent_of_the_tested_beside_patients_safe(root: Path) -> None:
    _tested(root, 10)


def _admissions_by_labelled_region(root: Path, label: Callable[[str, int, int], str]) -> None:
    # admissions per region, each region's label built from its deaths and patients
    deaths, patients = {"North": 31, "South": 24, "West": 3}, {"North": 410, "South": 380,
                                                              "West": 40}
    admissions = pd.Series({label(r, deaths[r], patients[r]): a for r, a in
                            zip(deaths, [520, 470, 51], strict=True)}, name="admissions")
    admissions.rename_axis("region").to_csv(root / "admissions.csv")


def pandas_label_with_deaths_over_patients(root: Path) -> None:
    _admissions_by_labelled_region(root, lambda r, d, n: f"{r} {d}/{n}")


def pandas_label_with_stage_numbers_safe(root: Path) -> None:
    _admissions_by_labelled_region(root, lambda r, d, n: f"{r} (Stage {len(r) - 2})")


def _claims(root: Path, header: str) -> None:
    # the largest claim per region, beside the number of claimants, under a synonym of max
    rng = np.random.default_rng(17)
    claims = pd.DataFrame({"region": rng.choice(["North", "South", "East"], 300),
                           "amount": rng.integers(20, 95, 300)})
    claims.groupby("region").amount.agg(claimants="size", **{header: "max"}).to_csv(
        root / "claims.csv")


def pandas_biggest_claim_per_region(root: Path) -> None:
    _claims(root, "biggest")


def pandas_claimants_and_claims_per_region_safe(root: Path) -> None:
    _claims(root, "claims")  # the same numbers read as counts of claims: nothing names a max


def _admission_years(seed: int = 11, n: int = 5000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"year": rng.choice([2019, 2020, 2021, 2022], n),
                         "region": rng.choice(["East", "West"], n),
                         "sex": rng.choice(["Female", "Male"], n)})


def pandas_crosstab_year_margins_safe(root: Path) -> None:
    # year,Female,Male,All over 2019..2022 and the All row (before: the years read as counts)
    df = _admission_years()
    pd.crosstab(df.year, df.sex, margins=True).to_csv(root / "years.csv")


def pandas_crosstab_year_region_total_safe(root: Path) -> None:
    df = _admission_years()
    pd.crosstab([df.year, df.region], df.sex, margins=True, margins_name="Total").to_csv(
        root / "years.csv")


def pandas_crosstab_year_margins_small(root: Path) -> None:
    # the same crosstab with 7 men in 2021
    df = _admission_years()
    df = df[~((df.year == 2021) & (df.sex == "Male"))]
    df = pd.concat([df, pd.DataFrame({"year": [2021] * 7, "region": ["East"] * 7,
                                      "sex": ["Male"] * 7})])
    pd.crosstab(df.year, df.sex, margins=True).to_csv(root / "years.csv")


def r_deaths_by_year(small: int | None = None) -> pd.DataFrame:
    """crosstab(year, died) of 4,000 people (also tests/test_csv_quoting)."""
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"year": rng.choice([2019, 2020, 2021, 2022], 4000),
                       "died": rng.choice([0, 1], 4000, p=[.7, .3])})
    table = pd.crosstab(df.year, df.died)
    if small is not None:
        table.loc[2021, 1] = small
    return table


def _r_quoted_matrix(root: Path, small: int | None = None) -> None:
    # write.csv(tapply(id, list(year, died), length)): R quotes the row and column names,
    # never a number
    table = r_deaths_by_year(small)
    head = ",".join(['""', *(f'"{c}"' for c in table.columns)])
    rows = [",".join([f'"{i}"', *(str(v) for v in row)]) for i, row in table.iterrows()]
    (root / "deaths.csv").write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")


def _r_table_long(root: Path, small: int | None = None) -> None:
    # write.csv(table(year, died)): as.data.frame(table), factors quoted, Var1 fastest
    table = r_deaths_by_year(small)
    rows = [(y, d, c) for d in table.columns for y, c in table[d].items()]
    lines = ['"","Var1","Var2","Freq"'] + [f'"{i}","{y}","{d}",{c}'
                                            for i, (y, d, c) in enumerate(rows, 1)]
    (root / "deaths.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def r_write_csv_table_coded_factors_safe(root: Path) -> None:
    _r_table_long(root)


def r_write_csv_table_coded_factors_small(root: Path) -> None:
    _r_table_long(root, small=4)


def r_write_csv_matrix_coded_columns_safe(root: Path) -> None:
    _r_quoted_matrix(root)


def r_write_csv_matrix_coded_columns_small(root: Path) -> None:
    _r_quoted_matrix(root, small=4)


def r_pivot_wider_coded_columns_safe(root: Path) -> None:
    # pivot_wider(names_from = died) |> write.csv(row.names = FALSE): "year","0","1"
    table = r_deaths_by_year()
    head = ",".join(['"year"', *(f'"{c}"' for c in table.columns)])
    rows = [",".join([str(i), *(str(v) for v in row)]) for i, row in table.iterrows()]
    (root / "deaths.csv").write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")


def _broom_files(root: Path, n: int) -> None:
    # write.csv(tidy(fit)) and write.csv(glance(fit)) of lm(sbp ~ age + smoker), as R writes
    # them (row names under "", 15 significant digits)
    import statsmodels.api as sm

    df = _cohort(seed=2, n=n)
    x = sm.add_constant(df[["age", "smoker"]].astype(float))
    res = sm.OLS(df.sbp.astype(float), x).fit()

    def num(v: float) -> str:
        return format(float(v), ".15g")

    tidy = ['"","term","estimate","std.error","statistic","p.value"'] + [
        ",".join([f'"{i + 1}"', f'"{"(Intercept)" if t == "const" else t}"',
                  num(res.params[t]), num(res.bse[t]), num(res.tvalues[t]), num(res.pvalues[t])])
        for i, t in enumerate(res.params.index)]
    (root / "sbp_tidy.csv").write_text("\n".join(tidy) + "\n", encoding="utf-8")
    names = ["r.squared", "adj.r.squared", "sigma", "statistic", "p.value", "df", "logLik",
             "AIC", "BIC", "deviance", "df.residual", "nobs"]
    values = [res.rsquared, res.rsquared_adj, res.scale ** 0.5, res.fvalue, res.f_pvalue,
              res.df_model, res.llf, res.aic, res.bic, res.ssr, res.df_resid, res.nobs]
    (root / "sbp_glance.csv").write_text(
        ",".join(['""', *(f'"{n}"' for n in names)]) + "\n"
        + ",".join(['"1"', *(num(v) for v in values)]) + "\n", encoding="utf-8")


def r_broom_tidy_and_glance_safe(root: Path) -> None:
    _broom_files(root, 5000)


def r_broom_tidy_and_glance_twelve(root: Path) -> None:
    _broom_files(root, 12)  # df.residual 9


def _ages_per_region(root: Path) -> pd.DataFrame:
    rng = np.random.default_rng(23)
    return pd.DataFrame({"region": rng.choice(["East", "North", "South"], 450),
                         "age": rng.integers(18, 96, 450),
                         "risk": rng.choice(["low", "high"], 450, p=[0.7, 0.3])})


def pandas_age_range_as_lo_hi(root: Path) -> None:
    # the youngest and oldest person per region under `lo`/`hi`: read as a cross-tab of
    # counts (patients, lo, hi), it passed
    _ages_per_region(root).groupby("region").age.agg(patients="size", lo="min",
                                                     hi="max").to_csv(root / "ages.csv")


def pandas_patients_by_low_high_risk_safe(root: Path) -> None:
    # the same words as categories adding up to the patients beside them: counts, safe
    df = _ages_per_region(root)
    table = pd.crosstab(df.region, df.risk)[["low", "high"]]
    table.insert(0, "patients", table.sum(axis=1))
    table.to_csv(root / "risk.csv")


def pandas_best_and_worst_score_per_region(root: Path) -> None:
    # the best and worst score per region beside about 30 patients: read as a cross-tab of
    # counts (patients, best, worst), it passed
    rng = np.random.default_rng(31)
    df = pd.DataFrame({"region": rng.choice(["East", "North", "South"], 90),
                       "score": rng.integers(60, 100, 90)})
    df.groupby("region").score.agg(patients="size", best="max", worst="min").to_csv(
        root / "scores.csv")


def pandas_patients_survived_died_safe(root: Path) -> None:
    rng = np.random.default_rng(31)
    df = pd.DataFrame({"region": rng.choice(["East", "North", "South"], 450),
                       "died": rng.choice(["survived", "died"], 450, p=[0.85, 0.15])})
    table = pd.crosstab(df.region, df.died)[["survived", "died"]]
    table.insert(0, "patients", table.sum(axis=1))
    table.to_csv(root / "outcomes.csv")


def _patients_and_adults(root: Path, under18: list[int]) -> None:
    rng = np.random.default_rng(11)
    rows = []
    for region, young in zip(["East", "North", "South"], under18, strict=True):
        rows += [(region, int(a)) for a in rng.integers(18, 90, int(rng.integers(120, 200)))]
        rows += [(region, int(a)) for a in rng.integers(0, 18, young)]
    df = pd.DataFrame(rows, columns=["region", "age"])
    df.groupby("region").age.agg(**{"all patients": "size", "patients aged 18+":
                                    lambda s: int((s >= 18).sum())}).to_csv(root / "adults.csv")


def pandas_all_patients_and_adults(root: Path) -> None:
    _patients_and_adults(root, [3, 25, 30])  # 3 under-18s in East: the difference


def pandas_all_patients_and_adults_safe(root: Path) -> None:
    _patients_and_adults(root, [12, 25, 30])


def alive_died_percent(west_died: int | None = None) -> pd.DataFrame:
    """crosstab(region, died) as alive/died with pct_died beside (also test_fp_margins)."""
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"region": rng.choice(["North", "South", "East", "West"], 6000),
                       "died": (rng.random(6000) < 0.3).astype(int)})
    table = pd.crosstab(df.region, df.died)
    table.columns = ["alive", "died"]
    if west_died is not None:
        table.loc["West", "died"] = west_died
    table["pct_died"] = (100 * table.died / table.sum(axis=1)).round(1)
    return table


def _alive_died_percent(root: Path, west_died: int | None = None) -> None:
    alive_died_percent(west_died).to_excel(root / "deaths.xlsx", sheet_name="Deaths")


def pandas_alive_died_percent_xlsx_safe(root: Path) -> None:
    _alive_died_percent(root)


def pandas_alive_died_percent_xlsx_small(root: Path) -> None:
    _alive_died_percent(root, west_died=3)


def _oldest_per_region() -> pd.DataFrame:
    rng = np.random.default_rng(41)
    return pd.DataFrame({"region": rng.choice(["East", "North", "South", "West"], 500),
                         "age": rng.integers(18, 98, 500)})


def pandas_groupby_max_age_xlsx(root: Path) -> None:
    # pandas names the column after the variable, whatever the function; XLSX drops the .0
    _oldest_per_region().groupby("region")["age"].max().to_excel(root / "ages.xlsx")


def pandas_groupby_size_patients_xlsx_safe(root: Path) -> None:
    _oldest_per_region().groupby("region").size().rename("patients").to_excel(
        root / "ages.xlsx")


def _tests_by_region(west_negative: int, west_positive: int) -> pd.DataFrame:
    rng = np.random.default_rng(43)
    df = pd.DataFrame({"region": rng.choice(["North", "South", "East"], 900),
                       "positive": rng.random(900) < 0.2})
    df = pd.concat([df, pd.DataFrame({"region": ["West"] * (west_negative + west_positive),
                                      "positive": [False] * west_negative
                                      + [True] * west_positive})])
    table = pd.crosstab(df.region, df.positive)
    table.columns = ["negative", "positive"]
    return table


def pandas_tests_negative_positive_west_all_negative(root: Path) -> None:
    # 190 of West's 201 tested negative: knowing someone from West was tested says the result
    _tests_by_region(190, 11).to_csv(root / "tests.csv")


def pandas_tests_negative_positive_safe(root: Path) -> None:
    _tests_by_region(150, 51).to_csv(root / "tests.csv")


def _ages_by_area_sex() -> pd.DataFrame:
    rng = np.random.default_rng(47)
    return pd.DataFrame({"area": rng.choice(["East", "North", "South"], 600),
                         "sex": rng.choice(["F", "M"], 600), "age": rng.integers(18, 98, 600)})


def pandas_crosstab_max_age_sheet_named(root: Path) -> None:
    df = _ages_by_area_sex()
    pd.crosstab(df.area, df.sex, values=df.age, aggfunc="max").to_excel(
        root / "ages.xlsx", sheet_name="Maximum age")


def pandas_crosstab_count_sheet_named_safe(root: Path) -> None:
    df = _ages_by_area_sex()
    pd.crosstab(df.area, df.sex).to_excel(root / "ages.xlsx", sheet_name="People by area")


# -- round 4 of false positives: tables saved as .txt ---------------------------------------

def pandas_crosstab_margins_txt(root: Path) -> None:
    df = _people()
    (root / "crosstab.txt").write_text(
        pd.crosstab(df.region, df.sex, margins=True).to_string() + "\n", encoding="utf-8")


def pandas_crosstab_margins_txt_safe(root: Path) -> None:
    df = _safe_people()
    (root / "crosstab.txt").write_text(
        pd.crosstab(df.region, df.sex, margins=True).to_string() + "\n", encoding="utf-8")


def pandas_value_counts_txt_safe(root: Path) -> None:
    (root / "regions.txt").write_text(
        _safe_people().region.value_counts().to_string() + "\n", encoding="utf-8")


def _text(root: Path, name: str, table: pd.DataFrame) -> None:
    (root / name).write_text(table.to_string() + "\n", encoding="utf-8")


def pandas_crosstab_two_row_levels_txt(root: Path) -> None:
    df = _people()
    _text(root, "crosstab.txt", pd.crosstab([df.region, df.sex], df.agegrp, margins=True))


def pandas_crosstab_two_row_levels_txt_safe(root: Path) -> None:
    df = _safe_people(n=2000)
    _text(root, "crosstab.txt", pd.crosstab([df.region, df.sex], df.agegrp, margins=True))


def pandas_crosstab_age_bands_txt_safe(root: Path) -> None:
    df = _safe_people()
    _text(root, "crosstab.txt", pd.crosstab(df.agegrp, df.sex))


def pandas_describe_txt(root: Path) -> None:
    df = _people()
    df = pd.concat([df[df.region != "West"], df[df.region == "West"].head(4)])
    _text(root, "bmi.txt", df.groupby("region").bmi.describe().drop(
        columns=["min", "max"]).round(1))


def pandas_describe_txt_safe(root: Path) -> None:
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"region": rng.choice(["North", "South", "East", "West"], 800),
                       "bmi": rng.normal(27, 4, 800).round(1)})
    _text(root, "bmi.txt", df.groupby("region").bmi.describe().drop(
        columns=["min", "max"]).round(1))


def _pivot_costs(root: Path, west: int | None) -> None:
    rng = np.random.default_rng(31)
    df = pd.DataFrame({"region": rng.choice(["East", "North", "South", "West"], 5000),
                       "sex": rng.choice(["F", "M"], 5000),
                       "cost": rng.gamma(4, 300, 5000).round(0)})
    if west is not None:
        df = pd.concat([df[df.region != "West"], df[df.region == "West"].head(west)])
    pd.crosstab(df.region, df.sex, margins=True).to_csv(root / "crosstab.csv")
    df.pivot_table(index="region", values="cost", aggfunc=["mean", "std", "count"]).to_csv(
        root / "pivot.csv")


def pandas_pivot_mean_std_count_beside_crosstab(root: Path) -> None:
    _pivot_costs(root, west=None)


def pandas_pivot_mean_std_count_beside_crosstab_small(root: Path) -> None:
    _pivot_costs(root, west=3)


def _triage(seed: int = 5, n: int = 900) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"priority": rng.choice(["P1", "P2", "P3", "P4"], n),
                         "sex": rng.choice(["Female", "Male"], n)})


def pandas_priority_counts_safe(root: Path) -> None:
    _triage().priority.value_counts().sort_index().rename_axis("priority").rename(
        "patients").to_csv(root / "priorities.csv")


def pandas_priority_crosstab_margins_safe(root: Path) -> None:
    df = _triage()
    pd.crosstab(df.priority, df.sex, margins=True).to_csv(root / "priorities.csv")


def pandas_priority_crosstab_margins_small(root: Path) -> None:
    df = _triage()
    p4_men = df.index[(df.priority == "P4") & (df.sex == "Male")]
    pd.crosstab(df.drop(p4_men[3:]).priority, df.drop(p4_men[3:]).sex,
                margins=True).to_csv(root / "priorities.csv")



# fp round 7: standardised ratios, Stata tabstat, esttab (sdc/readers/esttab.py)
def _smr(root: Path, north_observed: int, observed: str = "observed",
         expected: str = "expected") -> None:
    # indirectly standardised mortality by area, as a pandas script writes it
    df = pd.DataFrame({"area": ["North", "South", "East", "West"],
                       observed: [north_observed, 40, 25, 31],
                       expected: [5.1, 35.2, 27.3, 30.4]})
    df["SMR"] = (df[observed] / df[expected]).round(2)
    df.to_csv(root / "smr.csv", index=False)


def pandas_smr_safe(root: Path) -> None:
    _smr(root, 12)


def pandas_smr_small_observed(root: Path) -> None:
    _smr(root, 2)


# fp round 8: readings of real formats left from round 7
def pandas_smr_one_letter_safe(root: Path) -> None:
    _smr(root, 12, "O", "E")


def pandas_smr_one_letter_small_observed(root: Path) -> None:
    _smr(root, 2, "O", "E")


def _esttab_wide(root: Path, n: str, r2: tuple[str, str], adj: tuple[str, str]) -> None:
    # esttab m1 m2 using t.csv, se r2 ar2 wide stats(N r2 r2_a, fmt(%9.0fc 3 3)): each
    # standard error beside its coefficient, N with a thousands separator
    (root / "esttab.csv").write_text(
        '="",="(1)",="",="(2)",=""\n="",="los",="",="los",=""\n'
        '="age",="0.044***",="(0.005)",="0.043***",="(0.005)"\n'
        '="female",="",="",="-0.301",="(0.189)"\n'
        '="_cons",="2.070***",="(0.278)",="2.235***",="(0.296)"\n'
        f'="N",="{n}",="",="{n}",=""\n="R-sq",="{r2[0]}",="",="{r2[1]}",=""\n'
        f'="adj. R-sq",="{adj[0]}",="",="{adj[1]}",=""\n'
        '="Standard errors in parentheses"\n="* p<0.05, ** p<0.01, *** p<0.001"\n',
        encoding="utf-8")


_TABSTAT_LONGSTUB = """. tabstat los cost, by(ward) statistics(n mean sd) longstub

ward         Stats |       los      cost
-------------------+--------------------
A                N |       104       104
              Mean |  6.980769  3058.689
                SD |  4.231139  656.3198
-------------------+--------------------
B                N |  {n_b:>8}  {n_b:>8}
              Mean |  {mean_b}
                SD |  {sd_b}
-------------------+--------------------
C                N |        96        96
              Mean |  8.270833   3100.31
                SD |  3.737376  566.5918
-------------------+--------------------
Total            N |  {total:>8}  {total:>8}
              Mean |  {mean_t}
                SD |  {sd_t}
----------------------------------------
"""


def stata_tabstat_longstub_safe(root: Path) -> None:
    (root / "tabstat.log").write_text(_TABSTAT_LONGSTUB.format(
        n_b=100, mean_b="    7.19  2969.805", sd_b="3.883909  551.0717", total=300,
        mean_t="7.463333   3042.38", sd_t="3.989366  594.8671"), encoding="utf-8")


def stata_tabstat_longstub_small_group(root: Path) -> None:
    (root / "tabstat.log").write_text(_TABSTAT_LONGSTUB.format(
        n_b=4, mean_b="    11.5   2419.18", sd_b="3.696846   661.567", total=204,
        mean_t="7.676471  3065.736", sd_t="4.065139  619.7505"), encoding="utf-8")


def stata_log_with_errors_safe(root: Path) -> None:
    # a typo and a misspelt variable before the table: Stata's return codes end their output
    (root / "session.log").write_text(
        ". summarize agee\nvariable agee not found\nr(111);\n\n. tabb ward\n"
        "command tabb is unrecognized\nr(199);\n\n" + _STATA_TAB, encoding="utf-8")


def stata_log_note_typed_at_the_prompt(root: Path) -> None:
    (root / "session.log").write_text(
        ". the 3 patients died\ncommand the is unrecognized\nr(199);\n\n" + _STATA_TAB,
        encoding="utf-8")


def _tableone(root: Path, west: int) -> None:
    # print(CreateTableOne(vars = c("died", "region"), data = df), printToggle = FALSE) |>
    # write.csv("table1.csv"): the statistic in the row label, no % in the cells
    south = 195 - west
    (root / "table1.csv").write_text(
        '"","Overall"\n"n","400"\n"died = 1 (%)","80 (20.0)"\n"region (%)",""\n'
        '"   East","98 (24.5)"\n"   North","107 (26.8)"\n'
        f'"   South","{south} ({south / 4:.1f})"\n"   West","{west} ({west / 4:.1f})"\n',
        encoding="utf-8")


def r_tableone_safe(root: Path) -> None:
    _tableone(root, 97)


def r_tableone_small_level(root: Path) -> None:
    _tableone(root, 3)


def _tabyl(root: Path, west: tuple[int, int]) -> None:
    # tabyl(df, region, sex) |> adorn_totals("row") |> adorn_percentages("col") |>
    # adorn_pct_formatting() |> adorn_ns() |> write.csv(row.names = FALSE)
    counts = {"East": (48, 50), "North": (50, 54), "South": (97, 97), "West": west}
    totals = [sum(c[i] for c in counts.values()) for i in (0, 1)]
    lines = ['"region","Female","Male"']
    for name, cells in [*counts.items(), ("Total", tuple(totals))]:
        lines.append(f'"{name}",' + ",".join(
            f'"{100 * v / t:.1f}% ({v})"' for v, t in zip(cells, totals, strict=True)))
    (root / "tabyl.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def r_tabyl_totals_safe(root: Path) -> None:
    _tabyl(root, (12, 14))


def r_tabyl_totals_small(root: Path) -> None:
    _tabyl(root, (3, 14))


def _ftable(root: Path, west_women_died: int) -> None:
    # ftable(xtabs(~ region + sex + died, data = df)) printed in an R log
    (root / "ftable.log").write_text(
        "> ftable(xtabs(~ region + sex + died, data = df))\n"
        "             died   0   1\nregion sex               \n"
        "East   Female      38  10\n       Male        40  10\n"
        "North  Female      39  11\n       Male        42  12\n"
        f"West   Female      12  {west_women_died:>2}\n       Male        13  11\n",
        encoding="utf-8")


def r_ftable_safe(root: Path) -> None:
    _ftable(root, 10)


def r_ftable_small(root: Path) -> None:
    _ftable(root, 3)


def _stargazer(root: Path, n: int) -> None:
    # stargazer(m, type = "text", out = "model.txt"): one OLS model of n records, 3 terms
    (root / "model.txt").write_text(
        "\n===============================================\n"
        "                        Dependent variable:    \n"
        "                    ---------------------------\n"
        "                                los            \n"
        "-----------------------------------------------\n"
        "age                          0.044***          \n"
        "                             (0.005)           \n"
        "female                        -0.301           \n"
        "                             (0.189)           \n"
        "Constant                     2.235***          \n"
        "                             (0.296)           \n"
        "-----------------------------------------------\n"
        f"Observations                   {n}\n"
        "R2                            0.152            \n"
        "Adjusted R2                   0.149            \n"
        f"Residual Std. Error     1.987 (df = {n - 3})\n"
        f"F Statistic           44.5*** (df = 2; {n - 3})\n"
        "===============================================\n"
        "Note:               *p<0.1; **p<0.05; ***p<0.01\n", encoding="utf-8")


def r_stargazer_text_safe(root: Path) -> None:
    _stargazer(root, 500)


def r_stargazer_text_few_records(root: Path) -> None:
    _stargazer(root, 11)


def stata_esttab_wide_safe(root: Path) -> None:
    _esttab_wide(root, "1,500", ("0.148", "0.152"), ("0.147", "0.151"))


def stata_esttab_wide_few_records(root: Path) -> None:
    _esttab_wide(root, "11", ("0.400", "0.480"), ("0.333", "0.350"))


_TABSTAT = """. tabstat los cost, by(ward) statistics(n mean sd)

Summary statistics: N, Mean, SD
Group variable: ward (Hospital ward)

    ward |       los      cost
---------+--------------------
       A |       104       104
         |  6.980769  3058.689
         |  4.231139  656.3198
---------+--------------------
       B |  {n_b:>8}  {n_b:>8}
         |  {mean_b}
         |  {sd_b}
---------+--------------------
       C |        96        96
         |  8.270833   3100.31
         |  3.737376  566.5918
---------+--------------------
   Total |  {total:>8}  {total:>8}
         |  {mean_t}
         |  {sd_t}
------------------------------
"""


def stata_tabstat_safe(root: Path) -> None:
    (root / "tabstat.log").write_text(_TABSTAT.format(
        n_b=100, mean_b="    7.19  2969.805", sd_b="3.883909  551.0717", total=300,
        mean_t="7.463333   3042.38", sd_t="3.989366  594.8671"), encoding="utf-8")


def stata_tabstat_small_group(root: Path) -> None:
    (root / "tabstat.log").write_text(_TABSTAT.format(
        n_b=4, mean_b="    11.5   2419.18", sd_b="3.696846   661.567", total=204,
        mean_t="7.676471  3065.736", sd_t="4.065139  619.7505"), encoding="utf-8")


def _esttab(root: Path, footer: str) -> None:
    # eststo: regress los age; eststo: regress los age female; esttab using t.csv, se ...
    (root / "esttab.csv").write_text(
        '="",="(1)",="(2)"\n="",="los",="los"\n="age",="0.044***",="0.043***"\n'
        '="",="(0.005)",="(0.005)"\n="female",="",="-0.301"\n="",="",="(0.189)"\n'
        '="_cons",="2.070***",="2.235***"\n="",="(0.278)",="(0.296)"\n="N",="500",="500"\n'
        + footer + '="Standard errors in parentheses"\n'
        '="* p<0.05, ** p<0.01, *** p<0.001"\n', encoding="utf-8")


def stata_esttab_r2_ar2_safe(root: Path) -> None:
    _esttab(root, '="R-sq",="0.148",="0.152"\n="adj. R-sq",="0.146",="0.149"\n')


def stata_esttab_n_only_safe(root: Path) -> None:
    _esttab(root, "")


# -- fp round 9 --------------------------------------------------------------------------------

def _tested_per_ward(root: Path, ward_a_positive: int) -> None:
    # 100 patients tested on each ward: crosstab(ward, result) with the row sums as "total"
    positive = {"A": ward_a_positive, "B": 41, "C": 57}
    df = pd.DataFrame({"ward": [w for w in positive for _ in range(100)],
                       "result": [r for p in positive.values()
                                  for r in ["pos"] * p + ["neg"] * (100 - p)]})
    table = pd.crosstab(df.ward, df.result)[["pos", "neg"]]
    table["total"] = table.sum(axis=1)
    table.to_csv(root / "tested.csv")


def pandas_counts_totalling_100_safe(root: Path) -> None:
    _tested_per_ward(root, 36)


def pandas_counts_totalling_100_small(root: Path) -> None:
    _tested_per_ward(root, 96)


def _statsmodels_summary_csv(root: Path, n: int) -> None:
    # open("ols.csv", "w").write(model.summary().as_csv()): the blocks with commas between cells
    import statsmodels.api as sm

    df = _cohort(n=n)
    x = sm.add_constant(df[["age", "bmi"]].astype(float))
    (root / "ols.csv").write_text(sm.OLS(df.sbp.astype(float), x).fit().summary().as_csv())


def statsmodels_ols_summary_csv_safe(root: Path) -> None:
    _statsmodels_summary_csv(root, 500)


def statsmodels_ols_summary_csv_few_records(root: Path) -> None:
    _statsmodels_summary_csv(root, 11)
# -- n (%) tables in the release (hunt round 9: last round's fixed verdicts as corpus) -------

def _n_pct(counts: dict[str, int], total: bool = True) -> pd.DataFrame:
    """A "Table 1" column as pandas formats it: ``f"{n} ({n / N:.1%})"`` per category."""
    base = sum(counts.values())
    rows = {k: f"{v} ({v / base:.1%})" for k, v in counts.items()}
    if total:
        rows["Total"] = f"{base} (100.0%)"
    return pd.DataFrame({"n (%)": rows}).rename_axis("region")


def _acro_crosstab_west_suppressed(root: Path) -> None:
    # ACRO(suppress=True): West/B blanked and the margins recomputed without it (West 12)
    pd.DataFrame({"A": [40, 50, 12, 102], "B": [45, 54, None, 99],
                  "All": [85, 104, 12, 201]},
                 index=pd.Index(["North", "South", "West", "All"], name="region")
                 ).to_csv(root / "crosstab.csv")


def n_pct_table_1_beside_acro_suppressed_crosstab(root: Path) -> None:
    _acro_crosstab_west_suppressed(root)
    _n_pct({"North": 85, "South": 104, "West": 16}).to_csv(root / "table1.csv")


def n_pct_table_1_beside_acro_crosstab_safe(root: Path) -> None:
    pd.DataFrame({"A": [40, 50, 14, 104], "B": [45, 54, 16, 115],
                  "All": [85, 104, 30, 219]},
                 index=pd.Index(["North", "South", "West", "All"], name="region")
                 ).to_csv(root / "crosstab.csv")
    _n_pct({"North": 85, "South": 104, "West": 30}).to_csv(root / "table1.csv")


def n_pct_margin_beside_suppressed_crosstab(root: Path) -> None:
    pd.DataFrame({"Female": ["40", "50", "[c]"], "Male": ["45", "54", "12"]},
                 index=pd.Index(["North", "South", "West"], name="region")
                 ).to_csv(root / "crosstab.csv")
    pd.DataFrame({"n (%)": {"Female": "94 (45.9%)", "Male": "111 (54.1%)"}}
                 ).rename_axis("sex").to_csv(root / "sex.csv")


def _table_1_age(root: Path, name: str, bands: dict[str, int]) -> None:
    pd.DataFrame({"n (%)": {k: f"{v} ({v / 1000:.1%})" for k, v in bands.items()}}
                 ).rename_axis("age group").to_csv(root / name)


def n_pct_two_table_1s_rebanded(root: Path) -> None:
    _table_1_age(root, "c.csv", {"0-17": 250, "18-64": 600, "65+": 150})
    _table_1_age(root, "d.csv", {"0-15": 246, "16-64": 604, "65+": 150})


def n_pct_two_table_1s_rebanded_far_apart_safe(root: Path) -> None:
    _table_1_age(root, "c.csv", {"0-17": 250, "18-64": 600, "65+": 150})
    _table_1_age(root, "d.csv", {"0-15": 216, "16-64": 634, "65+": 150})


def n_pct_total_above_its_block(root: Path) -> None:
    # 200 less 85, 100 and 12: 3 units whose region the table does not show
    counts = {"North": 85, "South": 100, "West": 12}
    table = _n_pct(counts, total=False)
    table.loc["Total"] = "200 (100.0%)"
    table["n (%)"] = [f"{v} ({v / 200:.1%})" for v in counts.values()] + ["200 (100.0%)"]
    table.to_csv(root / "table1.csv")


def n_pct_total_of_its_block_safe(root: Path) -> None:
    _n_pct({"North": 85, "South": 100, "West": 12}).to_csv(root / "table1.csv")


# -- weighted counts; n (%) columns beside numbers (hunt round 9) ------------------------------

def _survey(seed: int = 11, n: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"region": rng.choice(["North", "South", "East"], n),
                         "weight": rng.uniform(20, 80, n).round(2)})


def pandas_weighted_counts_only(root: Path) -> None:
    # df.groupby("region")["weight"].sum(): survey-weighted counts, no unweighted units
    _survey().groupby("region")["weight"].sum().rename("n").round(1).to_csv(
        root / "weighted.csv")


def pandas_weighted_counts_with_unweighted_n(root: Path) -> None:
    df = _survey()
    df.groupby("region").agg(n=("weight", "size"), weighted_n=("weight", "sum")).round(1
                                                                                     ).to_csv(
        root / "weighted.csv")


def n_pct_margin_beside_a_mean(root: Path) -> None:
    pd.DataFrame({"Female": ["40", "50", "[c]"], "Male": ["45", "54", "12"]},
                 index=pd.Index(["North", "South", "West"], name="region")
                 ).to_csv(root / "crosstab.csv")
    pd.DataFrame({"N": {"Female": 94, "Male": 111},
                  "n (%)": {"Female": "94 (45.9%)", "Male": "111 (54.1%)"}}
                 ).rename_axis("sex").to_csv(root / "sex.csv")


def _statsmodels_summary_html(root: Path, n: int) -> None:
    # open("ols.html", "w").write(model.summary().as_html()), as a notebook shows it
    import statsmodels.api as sm

    df = _cohort(n=n)
    x = sm.add_constant(df[["age", "bmi"]].astype(float))
    (root / "ols.html").write_text(sm.OLS(df.sbp.astype(float), x).fit().summary().as_html())


def statsmodels_ols_summary_html_safe(root: Path) -> None:
    _statsmodels_summary_html(root, 500)


def statsmodels_ols_summary_html_few_records(root: Path) -> None:
    _statsmodels_summary_html(root, 11)


def _anova_csv(root: Path, n: int) -> None:
    # anova_lm(ols("sbp ~ C(region) + age", df).fit()).to_csv("anova.csv")
    import statsmodels.formula.api as smf
    from statsmodels.stats.anova import anova_lm

    df = _cohort(n=n)
    df["sbp"] = df.sbp.astype(float)
    anova_lm(smf.ols("sbp ~ C(region) + age", df).fit()).to_csv(root / "anova.csv")


def statsmodels_anova_lm_safe(root: Path) -> None:
    _anova_csv(root, 500)


def statsmodels_anova_lm_few_records(root: Path) -> None:
    _anova_csv(root, 12)


def _numbers_at_risk(root: Path, at_risk: list[int]) -> None:
    # lifelines' KaplanMeierFitter().event_table-style summary reduced to the numbers at risk
    # at each month, as printed under a Kaplan-Meier plot and saved with to_csv
    pd.Series(at_risk, index=pd.Index([0, 1, 2, 3, 4], name="month"), name="at_risk"
              ).to_csv(root / "at_risk.csv")


def pandas_numbers_at_risk_small_fall(root: Path) -> None:
    _numbers_at_risk(root, [240, 212, 185, 181, 150])  # 4 left in month 3


def pandas_numbers_at_risk_safe(root: Path) -> None:
    _numbers_at_risk(root, [240, 212, 185, 162, 150])


def _ward_deaths(root: Path, died_in_a: int) -> None:
    # groupby(ward).died.agg(["count", "mean", "std"]) of a 0/1 outcome
    frame = pd.DataFrame({"ward": ["A"] * 50 + ["B"] * 60,
                          "died": [1] * died_in_a + [0] * (50 - died_in_a) + [1, 0] * 30})
    frame.groupby("ward").died.agg(["count", "mean", "std"]).round(3).to_csv(
        root / "deaths.csv")


def pandas_mean_sd_of_a_0_1_outcome(root: Path) -> None:
    _ward_deaths(root, 2)  # 0.04 of 50: 2 deaths


def pandas_mean_sd_of_a_0_1_outcome_safe(root: Path) -> None:
    _ward_deaths(root, 12)


def _histogram(root: Path, last: int) -> None:
    # np.histogram(age, bins=[20, 30, 40, 50, 60, 70]) written with its edges
    pd.DataFrame({"bin_start": [20, 30, 40, 50, 60], "bin_end": [30, 40, 50, 60, 70],
                  "count": [18, 56, 97, 74, last]}).to_csv(root / "hist.csv", index=False)


def numpy_histogram_with_edges(root: Path) -> None:
    _histogram(root, 4)


def numpy_histogram_with_edges_safe(root: Path) -> None:
    _histogram(root, 37)


def _footer_workbook(root: Path, footer: str) -> None:
    # openpyxl: a table of regions with a printed footer
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "T"
    for row in [["region", "patients"], ["North", 120], ["South", 105], ["East", 60]]:
        ws.append(row)
    ws.oddFooter.center.text = footer
    wb.save(root / "regions.xlsx")


def openpyxl_count_in_the_footer(root: Path) -> None:
    _footer_workbook(root, "West had 3 deaths")


def openpyxl_page_numbers_in_the_footer_safe(root: Path) -> None:
    _footer_workbook(root, "Table 2, 2019-2022: page &P of &N")


def _gtsummary_percentages(root: Path, n_a: int, n_b: int, died: str) -> None:
    # gtsummary's as_tibble() written with write.csv, percentages only (statistic = "{p}%")
    (root / "table1.csv").write_text(
        f'"**Characteristic**","**Drug A**, N = {n_a}","**Drug B**, N = {n_b}"\n'
        f'"Died","{died}","59%"\n"Grade III","32%","32%"\n')


def gtsummary_percentages_of_a_small_base(root: Path) -> None:
    _gtsummary_percentages(root, 98, 102, "4.1%")


def gtsummary_percentages_of_a_large_base_safe(root: Path) -> None:
    _gtsummary_percentages(root, 500, 520, "4.0%")


def _html_caption(root: Path, caption: str) -> None:
    frame = pd.DataFrame({"region": ["North", "South", "East"], "patients": [120, 105, 60]})
    html = frame.to_html(index=False)
    (root / "regions.html").write_text(html.replace(">\n  <thead>",
                                                    f">\n  <caption>{caption}</caption>\n"
                                                    "  <thead>", 1))


def html_count_in_the_caption(root: Path) -> None:
    _html_caption(root, "Patients by region (West: 3 excluded)")


def html_caption_naming_the_table_safe(root: Path) -> None:
    _html_caption(root, "Table 2: patients by region, 2019-2022")


def _html_title(root: Path, title: str) -> None:
    # an R Markdown / pandoc page: the document's title in the head, a pandas table in the body
    frame = pd.DataFrame({"region": ["North", "South", "East"], "patients": [120, 105, 60]})
    (root / "regions.html").write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body>{frame.to_html(index=False)}</body></html>")


def _html_figure(root: Path, figure: str) -> None:
    # a page whose figure a script loads from a data-* attribute (lazy-loading galleries)
    frame = pd.DataFrame({"region": ["North", "South", "East"], "patients": [120, 105, 60]})
    (root / "regions.html").write_text(
        f"<!DOCTYPE html><html><body>{frame.to_html(index=False)}"
        f"<div class='figure' data-src='{figure}'></div></body></html>")


def html_csv_in_a_data_src_uri(root: Path) -> None:
    import base64
    rows = "region,patients\nNorth,120\nSouth,105\nEast,60\nWest,3\n"
    _html_figure(root, "data:text/csv;base64," + base64.b64encode(rows.encode()).decode())


def html_figure_named_in_data_src_safe(root: Path) -> None:
    _html_figure(root, "#regions-chart")


def html_count_in_the_page_title(root: Path) -> None:
    _html_title(root, "Patients by region (West: 3 excluded)")


def html_page_title_naming_the_table_safe(root: Path) -> None:
    _html_title(root, "Table 2: patients by region, 2019-2022")


def r_summary_survfit_printed_small_events(root: Path) -> None:
    # capture.output(summary(survfit(Surv(time, status) ~ 1, data = d)))
    (root / "km.txt").write_text(
        "Call: survfit(formula = Surv(time, status) ~ 1, data = d)\n\n"
        " time n.risk n.event survival std.err lower 95% CI upper 95% CI\n"
        "    5    228       1    0.996 0.00438        0.987        1.000\n"
        "   11    227       3    0.982 0.00869        0.966        1.000\n"
        "   12    224       1    0.978 0.00970        0.959        0.997\n")


_GLANCE_HEADER = ('"","r.squared","adj.r.squared","sigma","statistic","p.value","df",'
                  '"logLik","AIC","BIC","deviance","df.residual","nobs"\n')


def broom_glance_alone_of_seven(root: Path) -> None:
    # write.csv(glance(lm(y ~ x1 + x2, data = d7))): 7 people, 4 residual dof, no tidy file
    (root / "model_glance.csv").write_text(
        _GLANCE_HEADER + '"1",0.31,0.2,1.2,2.9,0.1,2,-10.1,28.2,29,8.6,4,7\n')


def broom_tidy_conf_int_with_glance_safe(root: Path) -> None:
    # write.csv(tidy(fit, conf.int = TRUE)) and write.csv(glance(fit)), lm on 500 people
    (root / "fit_tidy.csv").write_text(
        '"","term","estimate","std.error","statistic","p.value","conf.low","conf.high"\n'
        '"1","(Intercept)",118.2,2.61,45.3,1.2e-176,113.1,123.3\n'
        '"2","age",0.151,0.041,3.68,0.00026,0.0704,0.2316\n'
        '"3","smoker",2.05,1.27,1.61,0.108,-0.45,4.55\n')
    (root / "fit_glance.csv").write_text(
        _GLANCE_HEADER + '"1",0.032,0.028,14.1,8.2,0.00031,2,-2026.4,4060.8,4077.7,'
        '98803.2,497,500\n')


def _custom_property_workbook(root: Path, props: list) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "T"
    for row in [("region", "patients"), ("North", 120), ("South", 105), ("East", 60)]:
        ws.append(row)
    for prop in props:
        wb.custom_doc_props.append(prop)
    wb.save(root / "regions.xlsx")


def openpyxl_count_in_a_custom_property(root: Path) -> None:
    from openpyxl.packaging.custom import IntProperty

    _custom_property_workbook(root, [IntProperty(name="west_deaths", value=3)])


def openpyxl_sensitivity_label_properties_safe(root: Path) -> None:
    from openpyxl.packaging.custom import StringProperty

    label = "MSIP_Label_72f988bf-86f1-41af-91ab-2d7cd011db47_"
    _custom_property_workbook(root, [StringProperty(name=label + n, value=v) for n, v in [
        ("Enabled", "true"), ("SetDate", "2024-03-01T10:22:33Z"), ("Method", "Standard"),
        ("Name", "Official Sensitive"), ("SiteId", "72f988bf-86f1-41af-91ab-2d7cd011db47"),
        ("ContentBits", "0")]])


def _named_sheet_workbook(root: Path, name: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = name
    for row in [("region", "patients"), ("North", 120), ("South", 105), ("East", 60)]:
        ws.append(row)
    wb.save(root / "regions.xlsx")


def openpyxl_count_in_the_sheet_name(root: Path) -> None:
    _named_sheet_workbook(root, "West deaths 3")


def openpyxl_sheet_named_by_table_and_years_safe(root: Path) -> None:
    _named_sheet_workbook(root, "Table 2 2019-2022")


# hunt round 14: what real tools write and what a header, a caption or alt text can say
def csv_header_count_after_its_word(root: Path) -> None:
    (root / "deaths.csv").write_text("region,West deaths 3,other deaths\nA,40,50\nB,45,60\n")


def csv_header_year_after_its_word_safe(root: Path) -> None:
    (root / "deaths.csv").write_text("region,Deaths 2019,Deaths 2020\nA,40,50\nB,45,60\n")


def _gtsummary_by_numeric(root: Path, base: int, cell: str) -> None:
    # tbl_summary(by = am) |> as_tibble() |> write_csv(): the levels 0/1 head the columns
    (root / "table1.csv").write_text(
        f'**Characteristic**,"**0**, N = 50","**1**, N = {base}"\nsex,,\n'
        f"Female,25 (50%),{cell}\nMale,25 (50%),{cell}\n")


def r_gtsummary_by_numeric_group_safe(root: Path) -> None:
    _gtsummary_by_numeric(root, 40, "20 (50%)")


def r_gtsummary_by_numeric_group_small(root: Path) -> None:
    _gtsummary_by_numeric(root, 4, "2 (50%)")


def stata_dtable_sample_line_safe(root: Path) -> None:
    # dtable i.foreign, export(table1.csv): no by(), the sample line N over 74 (100.0%)
    (root / "table1.csv").write_text(
        ",Summary\nN,74 (100.0%)\nCar origin,\nDomestic,52 (70.3%)\nForeign,22 (29.7%)\n")


def stata_etable_xlsx_few_records(root: Path) -> None:
    # regress mpg weight foreign on 8 cars; etable, export(model.xlsx): brackets as text
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "etable"
    for row in [["", "mpg"], ["Weight (lbs.)", -0.006], ["", "(0.001)"],
                ["Foreign car", -1.65], ["", "(1.076)"], ["Intercept", 41.68], ["", "(2.166)"],
                ["Number of observations", 8]]:
        ws.append(row)
    wb.save(root / "model.xlsx")


def _html_wards(root: Path, head: str, caption: str) -> None:
    (root / "wards.html").write_text(
        f"<html>{head}<body><table>{caption}<tr><th>ward</th><th>admissions</th></tr>"
        "<tr><td>A</td><td>100</td></tr><tr><td>B</td><td>102</td></tr></table></body></html>")


def html_caption_small_base(root: Path) -> None:
    _html_wards(root, "", "<caption>Deaths in West (N=4)</caption>")


def html_caption_base_safe(root: Path) -> None:
    _html_wards(root, "", "<caption>Admissions (N=202)</caption>")


def html_page_title_base_above_its_counts(root: Path) -> None:
    _html_wards(root, "<head><title>Admissions (N=205)</title></head>", "")


def html_page_title_base_safe(root: Path) -> None:
    _html_wards(root, "<head><title>Admissions (N=202)</title></head>", "")


def _tableone_stage(root: Path, first: int) -> None:
    # print(CreateTableOne(vars = "stage", factorVars = "stage")) |> write.csv(): the
    # numeric levels of stage set in by spaces under "stage (%)"
    counts = (first, 92, 145, 160 + 21 - first)
    lines = ['"","Overall"', '"n","418"', '"sex = f (%)","374 (89.5)"', '"stage (%)",""']
    lines += [f'"   {k}","{c} ({100 * c / 418:.1f})"' for k, c in enumerate(counts, 1)]
    (root / "table1.csv").write_text("\n".join(lines) + "\n")


def r_tableone_numeric_levels_safe(root: Path) -> None:
    _tableone_stage(root, 21)


def r_tableone_numeric_levels_small(root: Path) -> None:
    _tableone_stage(root, 3)


def _docx_picture(root: Path, descr: str) -> None:
    from tests.test_docx_alt_text import _docx

    _docx(root / "out", descr)
    (root / "out" / "report.docx").rename(root / "report.docx")
    (root / "out").rmdir()
    for extra in root.glob("out.*"):
        extra.unlink()


def docx_picture_alt_text_with_a_count(root: Path) -> None:
    _docx_picture(root, "West had 3 deaths")


def docx_picture_alt_text_safe(root: Path) -> None:
    _docx_picture(root, "A bar chart of admissions by ward, 2023")


def markdown_summary_shaped_as_a_model(root: Path) -> None:
    # means with their SDs in brackets, Female 3 among them, an Observations line and a pair
    # of R2 lines: shaped as a regression table, but headed by "Mean"
    (root / "summary.md").write_text(
        "|  | Mean |\n|---|---|\n| Age | 45.2 |\n|  | (12.1) |\n| Female | 3 |\n"
        "|  | (0.4) |\n| Observations | 800 |\n| R2 | 0.10 |\n| R2 Adj. | 0.09 |\n")


def _f(rule: str, path: str, cell: str | None) -> tuple[str, str, str | None]:
    return (rule, path, cell)


_PIVOT_RECORDS = "pivot.xlsx[xl/pivotCache/pivotCacheRecords1.xml (records)]"


def _spss_small(path: str) -> set[tuple[str, str, str | None]]:
    """The 3 (E4), its shares (E5-E7) and the cells it leaves 3 beside (D4, E8)."""
    return {_f("SDC101", path, "E4"), _f("SDC103", path, "D4"), _f("SDC103", path, "E8"),
            _f("SDC303", path, "E5"), _f("SDC303", path, "E6"), _f("SDC303", path, "E7")}


_WEST_MARGINS = {_f("SDC101", "crosstab.csv", "B5"), _f("SDC101", "crosstab.csv", "C5"),
                 _f("SDC103", "crosstab.csv", "B5"), _f("SDC103", "crosstab.csv", "C5")}
_SEX_BY_AGE = {("SDC101", c) for c in ("C8", "D8", "E8", "F8", "C9", "D9", "F9")} | {
    ("SDC103", c) for c in ("C8", "D8", "F8", "C9", "D9", "F9")}

def pandas_groupby_agg_count_mean_std_safe(root: Path) -> None:
    # groupby(region).sbp.agg([count, mean, std, median]) of 20,000: one region a row
    _cohort().groupby("region")["sbp"].agg(["count", "mean", "std", "median"]).round(2).to_csv(
        root / "sbp.csv")


def pandas_groupby_two_columns_agg_safe(root: Path) -> None:
    # groupby(region)[[sbp, bmi]].agg([count, mean, std]): two header rows, sbp / mean...
    _cohort().groupby("region")[["sbp", "bmi"]].agg(["count", "mean", "std"]).round(2).to_csv(
        root / "agg.csv")


def pandas_groupby_agg_dominated_practice(root: Path) -> None:
    # costs by practice, one practice's twelve costs with one of 50,000 among eleven near 100
    rng = np.random.default_rng(5)
    costs = pd.DataFrame({"practice": rng.choice(["Ash Lane", "Bridge St"], 2000),
                          "cost": rng.lognormal(6, 0.5, 2000).round(0)})
    costs = pd.concat([costs, pd.DataFrame({"practice": "Castle Rd", "cost": [
        95.0, 98, 100, 101, 99, 102, 97, 100, 103, 96, 104, 50000]})])
    costs.groupby("practice")["cost"].agg(["count", "mean", "std"]).round(2).to_csv(
        root / "costs.csv")


def pandas_groupby_describe_two_columns_safe(root: Path) -> None:
    # groupby(agegrp)[[stay, bmi]].describe() of 900 without min/max: stay / 25% under two
    # header rows (0.8 beside a count of 360 was read as 0.8% of 360 = 3)
    df = _cohort(n=900)
    df["stay"] = (df.los / 10).round(1)  # short stays: quartiles of 1..3 days
    df.groupby("agegrp")[["stay", "bmi"]].describe().round(2).drop(
        columns=["min", "max"], level=1).to_csv(root / "describe.csv")


def _areas_ages(west: int) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    area = [a for a, n in (("East", 70), ("North", 80), ("South", 65), ("West", west))
            for _ in range(n)]
    return pd.DataFrame({"area": area, "sex": rng.choice(["F", "M"], len(area)),
                         "age": rng.integers(18, 90, len(area))})


def pandas_pivot_median_count_beside_crosstab_safe(root: Path) -> None:
    """``,median,count`` / ``,age,age`` / ``area,,``: the index-name line under two levels is
    no row of blanks for the crosstab's total to recover (it failed SDC501 at C3)."""
    df = _areas_ages(60)
    df.pivot_table(index="area", values="age", aggfunc=["median", "count"]).to_csv(
        root / "ages.csv")
    pd.crosstab(df.area, df.sex, margins=True).to_csv(root / "people.csv")


def pandas_pivot_median_count_beside_crosstab(root: Path) -> None:
    df = _areas_ages(4)
    df.pivot_table(index="area", values="age", aggfunc=["median", "count"]).to_csv(
        root / "ages.csv")
    pd.crosstab(df.area, df.sex, margins=True).to_csv(root / "people.csv")


_AREAS = pd.Index(["East", "North", "South", "West"], name="area")


def _acro_suppressed_by_sex(root: Path, west: tuple[int, int], hide_both: bool,
                            excel: bool) -> None:
    """What ``ACRO(suppress=True)`` leaves (blank cells; pandas writes a column with one as
    floats, ``25.0``) beside the people by area, a table ACRO passes."""
    table = pd.DataFrame({"F": [25, 40, 30, west[0]], "M": [27, 38, 33, west[1]]},
                         index=_AREAS, dtype=float)
    table.loc["West", ["F", "M"] if hide_both else ["F"]] = np.nan
    if excel:
        table.to_excel(root / "people_by_sex.xlsx")
    else:
        table.to_csv(root / "people_by_sex.csv")
    pd.Series([52, 78, 63, sum(west)], index=_AREAS, name="patients").to_csv(
        root / "people_by_area.csv")


def acro_suppressed_float_counts_beside_area_totals(root: Path) -> None:
    _acro_suppressed_by_sex(root, (4, 12), hide_both=False, excel=False)


def acro_suppressed_counts_beside_area_totals_safe(root: Path) -> None:
    _acro_suppressed_by_sex(root, (14, 12), hide_both=True, excel=True)



def _masked_crosstab(root: Path, margins: bool) -> None:
    """A crosstab whose cells under 10 are blanked as ``ACRO(suppress=True)`` leaves them
    (West: 4 women, 3 men), written by ``to_csv``: every column holds a blank, so pandas
    writes it as floats (``25.0``)."""
    rows: list[tuple[str, str]] = []
    for area, women, men in [("East", 25, 27), ("North", 40, 38), ("South", 30, 33),
                             ("West", 4, 3)]:
        rows += [(area, "F")] * women + [(area, "M")] * men
    people = pd.DataFrame(rows, columns=["area", "sex"])
    table = pd.crosstab(people.area, people.sex, margins=margins)
    table.mask(table < 10).to_csv(root / "people_by_sex.csv")


def pandas_masked_crosstab_float_csv_safe(root: Path) -> None:
    _masked_crosstab(root, margins=False)


def pandas_masked_crosstab_true_margins(root: Path) -> None:
    _masked_crosstab(root, margins=True)


def mortality_by_area(west_deaths: int = 12) -> pd.DataFrame:
    """``groupby(area).died.agg(["sum", "count", "mean"])`` renamed deaths, patients, rate:
    no word gives the rate's scale, the numbers do (30 / 161 = 0.186). Not rounded (also
    tests/test_fp_rate_scale_by_numbers)."""
    rows: list[tuple[str, int]] = []
    for area, patients, deaths in [("East", 161, 30), ("North", 141, 26), ("South", 148, 29),
                                   ("West", 150, west_deaths)]:
        rows += [(area, 1)] * deaths + [(area, 0)] * (patients - deaths)
    people = pd.DataFrame(rows, columns=["area", "died"])
    return people.groupby("area").died.agg(["sum", "count", "mean"]).rename(
        columns={"sum": "deaths", "count": "patients", "mean": "rate"})


def _mortality_by_area(root: Path, west_deaths: int, hide: bool) -> None:
    table = mortality_by_area(west_deaths).round(3)
    if hide:
        table = table.astype(object)
        table.loc["West", "deaths"] = "[c]"
    table.to_csv(root / "mortality.csv")


def pandas_mortality_rate_by_numbers_safe(root: Path) -> None:
    _mortality_by_area(root, 12, hide=False)


def pandas_mortality_rate_hidden_deaths(root: Path) -> None:
    _mortality_by_area(root, 3, hide=True)


def _r_prop_table_long(root: Path, west: tuple[int, int], with_counts: bool) -> None:
    """R's ``write.csv(prop.table(table(area, sex), 1))``: long, under ``Freq``, numbers to
    15 significant digits (R is not installed here: written as R writes it)."""
    areas = ("East", "North", "South", "West")
    counts = {**{(a, "F"): n for a, n in zip(areas, (80, 70, 75, west[0]), strict=True)},
              **{(a, "M"): n for a, n in zip(areas, (81, 71, 73, west[1]), strict=True)}}
    totals = {a: counts[(a, "F")] + counts[(a, "M")] for a in areas}

    def write(name: str, values: dict[tuple[str, str], float]) -> None:
        lines = ['"","area","sex","Freq"'] + [
            f'"{i}","{a}","{s}",{format(v, ".15g")}'
            for i, ((a, s), v) in enumerate(values.items(), 1)]
        (root / name).write_text("\n".join(lines) + "\n", encoding="utf-8")

    write("prop.csv", {k: v / totals[k[0]] for k, v in counts.items()})
    if with_counts:
        write("xtabs.csv", counts)


def r_prop_table_long(root: Path) -> None:
    _r_prop_table_long(root, (74, 76), with_counts=False)


def r_prop_table_long_beside_small_counts(root: Path) -> None:
    _r_prop_table_long(root, (2, 5), with_counts=True)


def _suppressed_beside_shares(root: Path, west: tuple[int, int], hide_both: bool) -> None:
    """ACRO-suppressed counts (blank) to_excel beside the row shares of the same cross-tab
    (``normalize="index"``); the safe form hides West in both and gives each row's n."""
    table = pd.DataFrame({"F": [25, 40, 30, west[0]], "M": [27, 38, 33, west[1]]},
                         index=_AREAS, dtype=float)
    shares = (table.div(table.sum(axis=1), axis=0) * 100).round(1)
    table.loc["West", ["F", "M"] if hide_both else ["F"]] = np.nan
    table.to_excel(root / "people_by_sex.xlsx")
    if hide_both:
        shares["n"] = table.sum(axis=1, min_count=2)
        shares.loc["West"] = np.nan
    shares.to_csv(root / "sex_shares_by_area.csv")


def acro_suppressed_counts_beside_row_shares(root: Path) -> None:
    _suppressed_beside_shares(root, (4, 12), hide_both=False)


def acro_suppressed_counts_beside_row_shares_safe(root: Path) -> None:
    _suppressed_beside_shares(root, (14, 12), hide_both=True)


# --- hunt round 13 ---------------------------------------------------------------------------

def _conditional_format_workbook(root: Path, formula: str) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "T"
    for row in [("region", "patients"), ("North", 120), ("South", 105), ("East", 60)]:
        ws.append(row)
    ws.conditional_formatting.add("A2:B4", FormulaRule(
        formula=[formula], fill=PatternFill(bgColor="FFC7CE", fill_type="solid")))
    wb.save(root / "regions.xlsx")


def openpyxl_count_in_a_conditional_format(root: Path) -> None:
    _conditional_format_workbook(root, '$A2="West deaths 3"')


def openpyxl_banding_conditional_format_safe(root: Path) -> None:
    _conditional_format_workbook(root, "MOD(ROW(),2)=0")


def sklearn_classification_report_small_class(root: Path) -> None:
    # pd.DataFrame(classification_report(y, p, output_dict=True)).T.to_csv()
    (root / "report.csv").write_text(_REPORT.format(n=9, total=421))


def sklearn_classification_report_review(root: Path) -> None:
    (root / "report.csv").write_text(_REPORT.format(n=90, total=502))


# a report of a confusion matrix, rounded to 2 decimals (``.round(2).to_csv()``): class 1 has
# 65 found, 25 missed and 32 false alarms (hunt2, round 14)
_REPORT_OF_MATRIX = """,precision,recall,f1-score,support
0,{p0},0.92,{f0},412.0
1,{p1},{r1},{f1},90.0
accuracy,{a},{a},{a},{a}
macro avg,{mp},{mr},{mf},502.0
weighted avg,{wp},{a},{wf},502.0
"""


def sklearn_classification_report_safe(root: Path) -> None:
    (root / "report.csv").write_text(_REPORT_OF_MATRIX.format(
        p0=0.94, f0=0.93, p1=0.67, r1=0.72, f1=0.7, a=0.89, mp=0.8, mr=0.82, mf=0.81,
        wp=0.89, wf=0.89))


def sklearn_classification_report_four_missed(root: Path) -> None:
    # class 1: 86 found, 4 missed (class 0's 4 false alarms)
    (root / "report.csv").write_text(_REPORT_OF_MATRIX.format(
        p0=0.99, f0=0.95, p1=0.73, r1=0.96, f1=0.83, a=0.93, mp=0.86, mr=0.94, mf=0.89,
        wp=0.94, wf=0.93))


def csv_letters_under_a_margin_on_two_rows(root: Path) -> None:
    # hunt2, round 14: x and c are hidden cells each row's Total gives away
    (root / "t.csv").write_text("a,Total\nx,20\nc,30\n")


def csv_two_unlabelled_rows_with_their_totals_safe(root: Path) -> None:
    (root / "t.csv").write_text("a,b,Total\n20,25,45\n30,35,65\n")


def csv_unlabelled_column_sum_printed_by_another_table(root: Path) -> None:
    # round 15 (wild): a.csv's Female column sums to b.csv's printed Female, so x = 35 - 15;
    # the tables are not linked (a.csv has no label column): b's margin is a constant
    (root / "a.csv").write_text("Female,Male\nx,20\n15,30\n")
    (root / "b.csv").write_text("sex,n\nFemale,35\nMale,50\n")


def csv_unlabelled_column_sum_printed_by_another_table_safe(root: Path) -> None:
    # two hidden cells under Female: their sum 35 leaves each a range
    (root / "a.csv").write_text("Female,Male\nx,20\nx,30\n")
    (root / "b.csv").write_text("sex,n\nFemale,35\nMale,50\n")


def csv_count_column_beside_a_total_column_on_two_rows(root: Path) -> None:
    # round 15: the long form of the pair above (a header naming counts): each row's Total
    # gives its hidden n away
    (root / "t.csv").write_text("n,Total\nx,20\nc,30\n")


def csv_count_column_beside_a_total_column_safe(root: Path) -> None:
    (root / "t.csv").write_text("n,Total\n20,20\n30,30\n")


def _stata_table_workbook(root: Path, west_female: int) -> None:
    # table region sex, statistic(frequency) statistic(percent); collect export table.xlsx
    from tests.test_stata_table_workbook import _workbook

    _workbook(root, west_female)


def stata_collect_table_workbook_small(root: Path) -> None:
    _stata_table_workbook(root, 3)


def stata_collect_table_workbook_safe(root: Path) -> None:
    _stata_table_workbook(root, 12)


def csv_title_base_above_its_counts(root: Path) -> None:
    (root / "wards.csv").write_text("Admissions (N=205)\nward,admissions\nA,100\nB,102\n")


def csv_title_base_of_its_counts_safe(root: Path) -> None:
    (root / "wards.csv").write_text("Admissions (N=205)\nward,admissions\nA,100\nB,105\n")


def stata_etable_markdown_few_records(root: Path) -> None:
    # regress mpg weight foreign on 8 cars; etable, export(model.md): the dependent variable
    # heads the column, Number of observations closes it (8 less 3 terms: at most 5 dof)
    (root / "model.md").write_text(
        "|                        | mpg     |\n|------------------------|---------|\n"
        "| Weight (lbs.)          |  -0.006 |\n|                        | (0.001) |\n"
        "| Foreign car            |  -1.650 |\n|                        | (1.076) |\n"
        "| Intercept              |  41.680 |\n|                        | (2.166) |\n"
        "| Number of observations |       8 |\n", encoding="utf-8")


def r_modelsummary_html_safe(root: Path) -> None:
    # modelsummary(list(lm(los ~ age + female)), output = "model.html") on 500 records: R2
    # beside R2 Adj. proves the residual dof (a floor of 496)
    rows = [("(Intercept)", "2.235"), ("", "(0.296)"), ("age", "0.043"), ("", "(0.005)"),
            ("female", "-0.301"), ("", "(0.189)"), ("Num.Obs.", "500"), ("R2", "0.412"),
            ("R2 Adj.", "0.410"), ("AIC", "2113.4"), ("BIC", "2130.3"),
            ("Log.Lik.", "-1052.714"), ("RMSE", "2.01")]
    body = "\n".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows)
    (root / "model.html").write_text(
        "<!DOCTYPE html><html><body><table>\n<thead><tr><th> </th><th>(1)</th></tr></thead>\n"
        f"<tbody>\n{body}\n</tbody>\n</table></body></html>\n", encoding="utf-8")


def _stargazer_html(root: Path, n: int, df: int) -> None:
    # stargazer(lm(mpg ~ wt), type = "html", out = "model.html"): spacer rows, stars in <sup>,
    # the residual dof beside the residual standard error, a Note row
    def row(label: str, value: str) -> str:
        return f'<tr><td style="text-align:left">{label}</td><td>{value}</td></tr>'
    rule = '<tr><td colspan="2" style="border-bottom: 1px solid black"></td></tr>'
    (root / "model.html").write_text("\n".join([
        '<table style="text-align:center">' + rule,
        row("", "<em>Dependent variable:</em>"), row("", "mpg"), rule,
        row("wt", "-5.344<sup>***</sup>"), row("", "(0.559)"), row("", ""),
        row("Constant", "37.285<sup>***</sup>"), row("", "(1.878)"), rule,
        row("Observations", str(n)), row("R<sup>2</sup>", "0.753"),
        # the adjusted R-squared of 0.753 on n records and df residual dof, as R computes it
        row("Adjusted R<sup>2</sup>", f"{1 - (1 - 0.753) * (n - 1) / df:.3f}"),
        row("Residual Std. Error", f"3.046 (df = {df})"),
        row("F Statistic", f"91.375<sup>***</sup> (df = 1; {df})"), rule,
        '<tr><td style="text-align:left"><em>Note:</em></td><td style="text-align:right">'
        "<sup>*</sup>p<0.1; <sup>**</sup>p<0.05; <sup>***</sup>p<0.01</td></tr>",
        "</table>", ""]), encoding="utf-8")


def r_stargazer_html_few_records(root: Path) -> None:
    _stargazer_html(root, 8, 6)


def r_stargazer_html_safe(root: Path) -> None:
    _stargazer_html(root, 500, 498)


def stata_etable_log_few_records(root: Path) -> None:
    # log using model.log; quietly regress mpg weight foreign (8 cars); etable
    (root / "model.log").write_text(
        "-" * 79 + "\n      name:  <unnamed>\n       log:  /data/model.log\n"
        "  log type:  text\n opened on:   3 Dec 2026, 00:40:00\n\n"
        ". quietly regress mpg weight foreign\n\n. etable\n\n" + "-" * 38 + "\n"
        "                                mpg\n" + "-" * 38 + "\n"
        "Weight (lbs.)                   -0.006\n                               (0.001)\n"
        "Foreign car                     -1.650\n                               (1.076)\n"
        "Intercept                       41.680\n                               (2.166)\n"
        "Number of observations               8\n" + "-" * 38 + "\n\n. log close\n"
        "      name:  <unnamed>\n       log:  /data/model.log\n  log type:  text\n"
        " closed on:   3 Dec 2026, 00:40:01\n" + "-" * 79 + "\n", encoding="utf-8")



def _gtsummary_numeric_levels(root: Path, am_one: str) -> None:
    # tbl_summary(mtcars-like, include = c(cyl, am)) |> as_tibble() |> write.csv(row.names = F)
    (root / "table1.csv").write_text(
        '"**Characteristic**","**N = 100**"\n"cyl",""\n"4","40 (40%)"\n"6","25 (25%)"\n'
        f'"8","35 (35%)"\n"am",""\n"0","60 (60%)"\n"1","{am_one}"\n')


def r_gtsummary_numeric_levels_safe(root: Path) -> None:
    _gtsummary_numeric_levels(root, "40 (40%)")


def r_gtsummary_numeric_levels_small(root: Path) -> None:
    _gtsummary_numeric_levels(root, "4 (4.0%)")


def sdc_aggregate_one_region_named_x_dominated(root: Path) -> None:
    # sdc.aggregate(df, "region", "turnover", ["sum"], contributor="company") of region X,
    # one company 4,000 of 4,230 (the letter x is also a suppression marker)
    import sdc

    turnover = [4000.0, 30, 20, 10, 41, 31, 21, 11, 15, 16, 17, 18]
    data = pd.DataFrame({"region": ["X"] * 12, "company": [f"c{i}" for i in range(12)],
                         "turnover": turnover})
    sdc.aggregate(data, "region", "turnover", ["sum"], contributor="company").to_csv(
        root / "turnover.csv")


def html_csv_in_a_page_in_a_data_uri(root: Path) -> None:
    import base64
    rows = "region,patients\nNorth,120\nSouth,105\nEast,60\nWest,3\n"
    inner = "data:text/csv;base64," + base64.b64encode(rows.encode()).decode()
    page = f"<html><body><div data-src='{inner}'></div></body></html>"
    _html_figure(root, "data:text/html;base64," + base64.b64encode(page.encode()).decode())


def _latex_padded(root: Path, west: str) -> None:
    # a hand-aligned LaTeX tabular: counts padded with \phantom so the digits line up
    (root / "deaths.tex").write_text(
        "\\begin{tabular}{lr}\n\\toprule\nregion & deaths \\\\\n\\midrule\n"
        "East & \\phantom{0}45 \\\\\nNorth & 120 \\\\\n"
        f"West & {west} \\\\\n\\bottomrule\n\\end{{tabular}}\n", encoding="utf-8")


def latex_count_padded_after_with_a_phantom(root: Path) -> None:
    _latex_padded(root, "\\phantom{0}3\\phantom{0}")


def latex_counts_padded_with_phantoms_safe(root: Path) -> None:
    _latex_padded(root, "\\phantom{0}33")


def _html_marked(root: Path, west_label: str, west: str) -> None:
    # a hand-written HTML table with a footnote mark in <sup>, and the footnote it refers to
    # under the table (hunt52: a mark no note explains is read as a number, SDC602)
    (root / "deaths.html").write_text(
        "<table><tr><th>region</th><th>deaths</th></tr><tr><td>East</td><td>45</td></tr>"
        f"<tr><td>North</td><td>120</td></tr><tr><td>{west_label}</td><td>{west}</td></tr>"
        "<tfoot><tr><td colspan='2'><sup>1</sup> Includes the islands.</td></tr></tfoot>"
        "</table>", encoding="utf-8")


def html_count_with_a_footnote_mark(root: Path) -> None:
    _html_marked(root, "West", "3<sup>1</sup>")


def html_label_with_a_footnote_mark_safe(root: Path) -> None:
    _html_marked(root, "West<sup>1</sup>", "33")


def html_label_with_a_footnote_mark_small(root: Path) -> None:
    _html_marked(root, "West<sup>1</sup>", "3")


def latex_count_overlapping_a_lapped_digit(root: Path) -> None:
    # an insider's cell: \rlap typesets the 1 without width, so the page shows the 3 over it
    _latex_padded(root, "\\rlap{1}3")


def latex_counts_in_a_scalebox_safe(root: Path) -> None:
    _latex_padded(root, "\\scalebox{0.9}{33}")


def _html_styled(root: Path, css: str, west: str, header: str = "deaths") -> None:
    # a hand-written HTML table with a style sheet (gt-like colours)
    (root / "deaths.html").write_text(
        f"<html><head><style>{css}</style></head><body><table><tr><th>region</th>"
        f"<th>{header}</th></tr><tr><td>East</td><td>45</td></tr><tr><td>North</td>"
        f"<td>120</td></tr><tr><td>West</td><td>{west}</td></tr></table></body></html>",
        encoding="utf-8")


def html_count_behind_a_white_marker(root: Path) -> None:
    # the page shows 3; a white '<' before it makes the source read the marker <3
    _html_styled(root, "th { background: #0A2A5E; color: #fff } .w { color: #fff }",
                 "<span class=w>&lt;</span>3")


def html_white_header_on_a_dark_fill_safe(root: Path) -> None:
    _html_styled(root, "th { background: #0A2A5E; color: #fff } td { color: #333 }", "33")


def _docx_coloured(root: Path, west: list[tuple[str, str | None]],
                   fill: str | None = None) -> None:
    # a Word table whose West count is written in runs of given colours
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    document = docx.Document()
    table = document.add_table(rows=4, cols=2)
    for i, (region, n) in enumerate([("region", "deaths"), ("East", "45"), ("North", "120")]):
        table.cell(i, 0).text = region
        table.cell(i, 1).text = n
    table.cell(3, 0).text = "West"
    cell = table.cell(3, 1)
    for text, colour in west:
        run = cell.paragraphs[0].add_run(text)
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour)
    if fill:
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shd)
    document.save(str(root / "deaths.docx"))


def docx_count_with_a_white_digit(root: Path) -> None:
    _docx_coloured(root, [("3", None), ("0", "FFFFFF")])


def docx_white_count_on_a_dark_cell_safe(root: Path) -> None:
    _docx_coloured(root, [("33", "FFFFFF")], fill="1F3864")


def _docx_table_style(root: Path, kind: str, props: str,
                      west: list[tuple[str, str | None]]) -> None:
    # a Word table in a custom table style whose ``kind`` format sets ``props``; the other
    # cells' text is black, West's count written in runs of given colours
    import docx
    from docx.oxml import parse_xml
    from docx.shared import RGBColor

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    document.styles.element.append(parse_xml(
        f'<w:style {ns} w:type="table" w:styleId="House"><w:name w:val="House"/>'
        f'<w:tblStylePr w:type="{kind}">{props}</w:tblStylePr></w:style>'))
    table = document.add_table(rows=4, cols=2)
    table._tbl.tblPr.insert(0, parse_xml(f'<w:tblStyle {ns} w:val="House"/>'))
    rows = [("region", "deaths"), ("East", "45"), ("North", "120"), ("West", None)]
    for i, (region, n) in enumerate(rows):
        for j, text in enumerate((region, n)):
            if text is not None:
                run = table.cell(i, j).paragraphs[0].add_run(text)
                if kind != "firstRow":
                    run.font.color.rgb = RGBColor.from_string("000000")
    for text, colour in west:
        run = table.cell(3, 1).paragraphs[0].add_run(text)
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour)
    document.save(str(root / "deaths.docx"))


def docx_count_with_a_digit_a_table_style_whitens(root: Path) -> None:
    # West is the third data row: band1Horz of the table's look (python-docx writes 04A0)
    _docx_table_style(root, "band1Horz", '<w:rPr><w:color w:val="FFFFFF"/></w:rPr>',
                      [("3", "000000"), ("0", None)])


def docx_table_style_white_header_on_a_dark_fill_safe(root: Path) -> None:
    _docx_table_style(root, "firstRow", '<w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:tcPr>'
                      '<w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:tcPr>',
                      [("33", None)])


def _github_document_kable(root: Path, west: int) -> None:
    # rmarkdown::render(output_format = "github_document") of kableExtra::kbl(): the table is
    # kept as raw HTML between Markdown lines
    (root / "report.md").write_text(
        "Deaths by region\n================\n\n<table class=\"table\">\n<thead>\n<tr>\n"
        "<th style=\"text-align:left;\"> region </th>\n<th style=\"text-align:right;\"> n </th>\n"
        "</tr>\n</thead>\n<tbody>\n<tr>\n<td style=\"text-align:left;\"> East </td>\n"
        "<td style=\"text-align:right;\"> 45 </td>\n</tr>\n<tr>\n"
        "<td style=\"text-align:left;\"> North </td>\n<td style=\"text-align:right;\"> 120 </td>\n"
        "</tr>\n<tr>\n<td style=\"text-align:left;\"> West </td>\n"
        f"<td style=\"text-align:right;\"> {west} </td>\n</tr>\n</tbody>\n</table>\n",
        encoding="utf-8")


def r_github_document_kable_small(root: Path) -> None:
    _github_document_kable(root, 3)


def r_github_document_kable_safe(root: Path) -> None:
    _github_document_kable(root, 33)


def _pandoc_kable(root: Path, west: int) -> None:
    """knitr::kable(format = "pandoc") in an R Markdown report: a simple table (a dash run per
    column under the header) and pandas' to_markdown(tablefmt="grid"), both read as prose
    before (issue 12)."""
    (root / "report.md").write_text(
        "# Deaths by region\n\n\n"
        "region    deaths\n-------  -------\n"
        f"East          40\nNorth         55\nWest     {west:>7}\n\n"
        "Table: Deaths in 2021.\n\n"
        "+----------+-------+\n| sex      |     n |\n+==========+=======+\n"
        "| Female   |    61 |\n+----------+-------+\n| Male     |    52 |\n"
        "+----------+-------+\n", encoding="utf-8")


def r_kable_pandoc_small(root: Path) -> None:
    _pandoc_kable(root, 3)


def r_kable_pandoc_safe(root: Path) -> None:
    _pandoc_kable(root, 33)


def _csv_table_twice(root: Path, west: int) -> None:
    """to_csv(mode="a") twice: a crosstab, a blank line, and its re-run with West changed."""
    (root / "deaths.csv").write_text(
        "region,female,male\nEast,44,52\nNorth,61,58\nWest,37,40\n\n"
        f"region,female,male\nEast,44,52\nNorth,61,58\nWest,{west},40\n", encoding="utf-8")


def csv_table_twice_one_cell_changed(root: Path) -> None:
    _csv_table_twice(root, 38)


def csv_table_twice_safe(root: Path) -> None:
    _csv_table_twice(root, 37)


def _counts_in_headers(root: Path, names: tuple[str, str]) -> None:
    """A header that names each column and its count (``West 3``) over another count."""
    (root / "survey.csv").write_text(
        f"outcome,{names[0]},{names[1]}\nresponded,52,61\nrefused,44,39\n", encoding="utf-8")


def csv_counts_beside_places_in_the_header(root: Path) -> None:
    _counts_in_headers(root, ("West 3", "East 40"))


def csv_waves_in_the_header_safe(root: Path) -> None:
    _counts_in_headers(root, ("Wave 1", "Wave 2"))


ENTRIES: list[Entry] = [
    # pandas
    Entry("pandas crosstab with margins, West row small", pandas_crosstab_margins,
          _WEST_MARGINS, "fail", True),
    Entry("pandas crosstab with margins, safe", pandas_crosstab_margins_safe),
    Entry("pandas crosstab, MultiIndex rows, margins", pandas_multiindex_crosstab,
          {_f(r, "crosstab.csv", c) for r, c in _SEX_BY_AGE | {("SDC102", "E9"),
                                                                 ("SDC103", "E8")}},
          "fail", True),
    Entry("pandas crosstab, MultiIndex columns", pandas_multiindex_columns,
          {_f("SDC101", "crosstab.csv", c) for c in ("B7", "C7", "D7", "E7", "F7")}
          | {_f("SDC103", "crosstab.csv", c) for c in ("B7", "C7", "D7", "E7", "F7")}
          | {_f("SDC102", "crosstab.csv", "G7")}, "fail", True),
    Entry("pandas pivot_table count to_excel, MultiIndex rows, margins",
          pandas_pivot_count_xlsx,
          {_f(r, "pivot.xlsx[counts]", c) for r, c in _SEX_BY_AGE | {("SDC103", "E8")}}
          | {_f("SDC501", "pivot.xlsx[counts]", "E9")}
          # pivot_table writes the empty combination (a zero count) as blank: SDC102 review
          | {_f("SDC102", "pivot.xlsx[counts]", "E9")}, "fail", True),
    Entry("pandas pivot_table count to_excel, safe", pandas_pivot_count_xlsx_safe),
    Entry("pandas groupby([...]).size().to_csv(), West small", pandas_groupby_size,
          {_f("SDC101", "sizes.csv", "C8"), _f("SDC101", "sizes.csv", "C9"),
           _f("SDC103", "sizes.csv", "C8"), _f("SDC103", "sizes.csv", "C9")}, "fail", True),
    Entry("pandas groupby([...]).size().to_csv(), safe", pandas_groupby_size_safe),
    # whole numbers written as floats under category headers may be sums: no evidence, review
    Entry("pandas pivot_table of sums, whole numbers written as floats", pandas_pivot_sum,
          {_f("SDC203", "sums.csv", None)}, "review", True),
    Entry("pandas pivot_table of sums to_excel (no float trace): large values",
          pandas_pivot_sum_xlsx, {_f("SDC203", "pivot.xlsx[Sheet1]", None)}, "review", True),
    Entry("pandas pivot_table of summed bed days to_excel, sheet named",
          pandas_pivot_bed_days_xlsx, {_f("SDC203", "table2.xlsx[bed days]", None)}, "review",
          True),
    Entry("Excel count table with a period in its title, safe", excel_period_title_safe),
    # min and max are single people's values; the mean has no contribution evidence
    # the means' dominance is ruled out by their count and std (sdc/magnitude_bounds.py);
    # min and max are single people's values
    Entry("pandas describe()", pandas_describe,
          {_f("SDC302", "describe.csv", c) for c in ("B5", "C5", "B9", "C9")}, "fail", True),
    # review justified (fp28): a mean's dominance needs its contributions, which n alone
    # does not bound (one income may be most of a group's sum)
    Entry("pandas groupby mean with n (no contribution evidence)", pandas_groupby_mean_n,
          {_f("SDC203", "means.csv", None)}, "review"),
    Entry("pandas groupby mean with n, safe counts (no contribution evidence)",
          pandas_groupby_mean_n_safe, {_f("SDC203", "means.csv", None)}, "review"),
    Entry("pandas Series.to_csv of value_counts, one small count", pandas_series_value_counts,
          {_f("SDC101", "counts.csv", "B5")}, "fail", True),
    Entry("pandas Series.to_csv of value_counts, safe", pandas_series_value_counts_safe),
    # row percentages beside n: West (n=17) is 47.1% / 52.9%, i.e. 8 and 9 people
    Entry("pandas row percentages with n, headers without %", pandas_percent_table,
          {_f(r, "percent.csv", c) for r in ("SDC101", "SDC103") for c in ("B5", "C5")},
          "fail", True),
    Entry("pandas row percentages with n, headers without %, safe", pandas_percent_table_safe),
    Entry("pandas whole column percentages over an n row", pandas_column_percent_n_row,
          {_f("SDC101", "colpct.csv", c) for c in ("E2", "E3", "E4")}
          | {_f("SDC103", "colpct.csv", "E2")}, "fail", True),
    Entry("pandas whole column percentages over an n row, safe",
          pandas_column_percent_n_row_safe),
    Entry("pandas to_excel two sheets without index", pandas_to_excel_no_index_two_sheets,
          {_f("SDC101", "tables.xlsx[by_region]", c) for c in ("B5", "C5", "D5")}
          | {_f("SDC103", "tables.xlsx[by_region]", "B5")}, "fail", True),
    Entry("pandas to_excel two sheets with index, safe", pandas_to_excel_two_sheets_safe),
    # R
    Entry("R write.csv table with row names", r_write_csv_table,
          {_f("SDC101", "table.csv", "B5"), _f("SDC103", "table.csv", "C5")}, "fail", True),
    Entry("R write.csv with NA label and NA count", r_write_csv_na,
          {_f("SDC101", "table.csv", "C4"), _f("SDC602", "table.csv", "C5")}, "fail", True),
    Entry("R write.csv with row names, safe", r_write_csv_safe),
    Entry("R write.csv of n (%) strings, row names the only numbers", r_write_csv_n_percent,
          {_f("SDC101", "table1.csv", "C4")}, "fail", True),
    Entry("R write.csv of n (%) strings, row names the only numbers, safe",
          r_write_csv_n_percent_safe),
    Entry("R write.csv of as.data.frame(table())", r_table_as_data_frame,
          {_f("SDC101", "freq.csv", "D5")}, "fail", True),
    Entry("R aggregate by numeric yr and grp", r_aggregate_long,
          {_f("SDC101", "long.csv", "C3"), _f("SDC103", "long.csv", "C2"),
           _f("SDC103", "long.csv", "C5")}, "fail", True),
    Entry("R aggregate by numeric yr and grp, safe", r_aggregate_long_safe),
    # Stata
    Entry("Stata tabout, safe", stata_tabout_safe),
    Entry("Stata tabout with title, two header lines and totals", stata_tabout,
          {_f("SDC101", "tabout.csv", "B6"), _f("SDC103", "tabout.csv", "C6")}, "fail", True),
    # inc: a mean with no contribution evidence and no word saying so (SDC602)
    Entry("Stata collapse, export delimited", stata_collapse_export,
          {_f("SDC101", "collapse.csv", "B3"), _f("SDC103", "collapse.csv", "B2"),
           _f("SDC602", "collapse.csv", None)}, "fail", True),
    # coefficients with no dof source but N=6 less 2 terms shown: at most 4 residual dof
    # (was SDC602 review: no numeric column; sdc/readers/esttab.py)
    Entry("Stata esttab csv", stata_esttab_csv, {_f("SDC301", "esttab.csv", "B7")}, "fail",
          True),
    Entry("Stata putexcel with title and note", stata_putexcel,
          {_f("SDC101", "putexcel.xlsx[Table1]", "C4")}, "fail", True),
    # Excel
    Entry("Excel merged two-level header, notes sheet", excel_merged_headers,
          {_f("SDC101", "merged.xlsx[Deaths]", "D5"), _f("SDC103", "merged.xlsx[Deaths]", "B5"),
           _f("SDC103", "merged.xlsx[Deaths]", "E5"), _f("SDC602", "merged.xlsx[Notes]", None)},
          "fail", True),
    Entry("Excel merged two-level header, safe", excel_merged_headers_safe),
    Entry("Excel percentages under a title with a safe base (n=200)", excel_title_base_safe),
    Entry("Excel percentages under a title with a small base (n=6)", excel_title_base_small,
          {_f("SDC101", "smoking.xlsx[Smoking]", c) for c in ("A1", "B3", "B4")}
          | {_f("SDC103", "smoking.xlsx[Smoking]", c) for c in ("B3", "B4")}
          | {_f("SDC303", "smoking.xlsx[Smoking]", c) for c in ("B3", "B4")}, "fail", True),
    Entry("Excel table starting at B3", excel_table_at_b3,
          {_f("SDC101", "t.xlsx[Sheet]", "C5"), _f("SDC103", "t.xlsx[Sheet]", "C4")}, "fail", True),
    # two tables in one sheet are read as one: the second header is a bad cell (review)
    # each block a table of its own (round 16): the second header is no longer SDC602 text in
    # the first's count column, and M's 4 leaves F's 146 a group disclosure
    Entry("Excel two tables stacked in one sheet", excel_stacked_tables,
          {_f("SDC101", "t.xlsx[Sheet]#table2", "B7"), _f("SDC103", "t.xlsx[Sheet]#table2", "B6")},
          "fail", True),
    # read as one long table with two 'Patients' measures: each checked alone, the repeated
    # header is SDC602 review (the SDC103 at B3 summed B3 with E3, the two columns' cells)
    Entry("Excel two tables side by side", excel_side_by_side_tables,
          {_f("SDC101", "t.xlsx[Sheet]", "E3"), _f("SDC602", "t.xlsx[Sheet]", None)}, "fail",
          True),
    # dates of individuals within five years (no column name says birth)
    Entry("pandas children's dates (ISO) one per row", pandas_children_iso_dates,
          {_f("SDC604", "children.csv", f"A{r}") for r in range(2, 14)}
          | {_f("SDC203", "children.csv", None)}, "fail", True),
    Entry("pandas children's dates (dd/mm/yyyy) one per row", pandas_children_dmy_dates,
          {_f("SDC604", "children.csv", f"A{r}") for r in range(2, 14)}
          | {_f("SDC203", "children.csv", None)}, "fail", True),
    # the months under a header naming no count: one child's age each (SDC602, round 52)
    Entry("pandas children's dates to_excel beside whole numbers", pandas_children_dates_xlsx,
          {_f("SDC604", "children.xlsx[Sheet1]", f"A{r}") for r in range(2, 14)}
          | {_f("SDC602", "children.xlsx[Sheet1]", None)}, "fail", True),
    Entry("pandas children sorted by date with months", pandas_children_sorted_with_months,
          {_f("SDC604", "children.csv", f"A{r}") for r in range(2, 42)}
          | {_f("SDC602", "children.csv", None)}, "fail", True),
    Entry("pandas weekly count series with a date column, safe",
          pandas_weekly_count_series_safe),
    Entry("pandas monthly labels (2019-01, Jan 2019), safe", pandas_monthly_labels_safe),
    Entry("pandas working-day admissions series, safe", pandas_weekday_admissions_safe),
    Entry("pandas 3 crosstab of coded yr x g with margins (yr,1,2,All)", pandas3_coded_crosstab,
          {_f("SDC101", "coded.csv", c) for c in ("B4", "C4", "D4")}
          | {_f("SDC103", "coded.csv", c) for c in ("B4", "C4")}, "fail", True),
    Entry("pandas 3 crosstab of coded variables with margins, safe",
          pandas3_coded_crosstab_safe),
    # review justified (fp28): without margins nothing tells the header's 0 and 1 (codes)
    # from a first data row of 0 and 1 (the disclosive 'baseline,1,2' below is that shape)
    Entry("pandas 3 crosstab of two coded row labels, no margins (yr,g,0,1), safe",
          pandas3_coded_row_labels_no_margins_safe, {_f("SDC602", "coded2.csv", None)},
          "review"),
    Entry("pandas crosstab, MultiIndex columns to_excel (merged), 80+ over 1 and 2",
          pandas_multiindex_columns_xlsx_rare_band,
          {_f(r, "bands.xlsx[Sheet1]", c) for r in ("SDC101", "SDC103") for c in ("B4", "B5")}
          | {_f("SDC103", "bands.xlsx[Sheet1]", c) for c in ("C4", "C5", "D4", "D5")},
          "fail", True),
    Entry("pandas percentages as '45%' strings beside n, West all died",
          pandas_percent_strings, {_f("SDC103", "died.csv", "B5")}, "fail", True),
    Entry("pandas percentages as '45%' strings beside n, safe", pandas_percent_strings_safe),
    Entry("Excel shares formatted 0% beside patients (8% of 50 is 4)", excel_percent_format,
          {_f("SDC101", "outcomes.xlsx[Outcomes]", "B3")}, "fail", True),
    Entry("pandas unnamed Series.to_csv (header ',0'), safe", pandas_unnamed_series_safe),
    Entry("pandas unnamed Series of years to_excel, 2021 small",
          pandas_unnamed_series_years_xlsx, {_f("SDC101", "years.xlsx[Sheet1]", "B4")},
          "fail", True),
    Entry("Excel small count on the second sheet", excel_small_count_second_sheet,
          {_f("SDC101", "workbook.xlsx[Detail]", "B3")}, "fail", True),
    # round 4 (issue 11 reading leftovers 5)
    Entry("R write.csv(addmargins(table())), margins named Sum, West small", r_addmargins_sum,
          {_f("SDC101", "margins.csv", "B5"), _f("SDC103", "margins.csv", "C5")},
          "fail", True),
    Entry("R write.csv(addmargins(table())), margins named Sum, safe", r_addmargins_sum_safe),
    # West: women 3 / 5, men 8 / 1 in 2019 / 2020 (columns E and I)
    Entry("pandas crosstab of years by [sex, region] to_csv (index-name line yr,,,)",
          pandas_year_index_multiindex_columns,
          {_f(r, "years.csv", c) for r in ("SDC101", "SDC103")
           for c in ("E4", "E5", "I4", "I5")}, "fail", True),
    # round 20 (crossed) paired South and West under each sex by their numbers (South never
    # above West: review); round 21 (flat): points of the compass are regions of one
    # partition (sdc/category_levels.py), categories whatever their numbers: pass again
    Entry("pandas crosstab of years by [sex, region] to_csv and to_excel, safe",
          pandas_year_index_multiindex_columns_safe),
    # the counts are checked; the decimal labels 1.5 and 2.5 are named (review by design)
    Entry("pandas crosstab by a decimal variable (score 1.5/2.5), safe counts",
          pandas_decimal_index_crosstab_safe, {_f("SDC602", "scores.csv", None)}, "review"),
    Entry("pandas crosstab by a decimal variable, West small (columns H and I)",
          pandas_decimal_index_crosstab,
          {_f(r, "scores.csv", c) for r in ("SDC101", "SDC103")
           for c in ("H4", "H5", "I4", "I5")} | {_f("SDC602", "scores.csv", None)},
          "fail", True),
    Entry("pandas counts with percentages beside them (n, %), West 5 people",
          pandas_n_and_percent_columns,
          {_f("SDC101", "n_pct.csv", "B5"), _f("SDC303", "n_pct.csv", "C5")}, "fail", True),
    Entry("pandas counts with percentages beside them (n, %), safe",
          pandas_n_and_percent_columns_safe),
    Entry("pandas crosstab, MultiIndex rows, margins named Total, to_excel",
          pandas_crosstab_total_margins_xlsx,
          {_f("SDC101", "totals.xlsx[Table 3]", c)
           for c in ("C8", "C9", "D8", "D9", "E8", "F8", "F9")}
          | {_f("SDC103", "totals.xlsx[Table 3]", c)
             for c in ("C8", "C9", "D8", "D9", "E8", "F8", "F9")}
          | {_f("SDC102", "totals.xlsx[Table 3]", "E9")}, "fail", True),
    Entry("pandas crosstab, margins named Total, to_excel, safe",
          pandas_crosstab_total_margins_xlsx_safe),
    Entry("Stata contract, export delimited (_freq), West men 6", stata_contract_export,
          {_f("SDC101", "contract.csv", "C7"), _f("SDC103", "contract.csv", "C6")}, "fail",
          True),
    Entry("Stata contract, export delimited (_freq), safe", stata_contract_export_safe),
    Entry("Excel title merged over the table, merged two-level header, suppression note",
          excel_titled_merged_header_with_note,
          {_f("SDC101", "admissions.xlsx[Table 4]", "E5")}, "fail", True),
    Entry("Excel title merged over the table, merged header, suppression note, safe",
          excel_titled_merged_header_with_note_safe),
    # nothing confirms a header: the 1 and 2 are named (the header guess alone passed them)
    Entry("pandas to_csv(header=False), a word-labelled first row of 1 and 2 over years",
          pandas_headerless_baseline_row, {_f("SDC602", "deaths.csv", None)}, "review", True),
    # round 5: a sum of small whole amounts (every cell under 10,000) reads as counts unless
    # something says otherwise; these say it: no dominance evidence, so SDC203 review
    Entry("pandas melt of summed visits (value), one person with 300",
          pandas_melted_sums, {_f("SDC203", "melted.csv", None)}, "review", True),
    Entry("R write.csv(aggregate(FUN = sum)) under x, one person with 300",
          r_aggregate_sum_x, {_f("SDC203", "aggregate.csv", None)}, "review", True),
    # the cost: the same layout holding counts cannot be told apart (a false positive)
    Entry("R write.csv(aggregate(FUN = length)) under x, safe counts",
          r_aggregate_length_x_safe, {_f("SDC203", "aggregate.csv", None)}, "review"),
    Entry("Excel 'Totals by region and sex' of summed visits, no count word",
          excel_totals_title, {_f("SDC203", "table2.xlsx[Table 2]", None)}, "review", True),
    Entry("pandas agg(n=size, tablets=sum): tablets above the n beside them",
          pandas_amount_above_its_n, {_f("SDC203", "tablets.csv", None)}, "review", True),
    Entry("pandas n with a part of it beside (Female), safe", pandas_part_of_its_n_safe),
    Entry("pandas Series.to_csv(header=False), baseline 0 over years",
          pandas_headerless_baseline_zero, {_f("SDC602", "deaths.csv", None)}, "review", True),
    Entry("pandas groupby('yr').size().to_csv() (yr,0), safe", pandas_groupby_yr_size_safe),
    # pandas 3 coded column variables (failed on main on their header codes 0 and 1)
    Entry("pandas 3 crosstab(region, died, margins) (region,0,1,All), West 6 with 1 death",
          pandas3_region_by_died_margins,
          {_f("SDC101", "died.csv", c) for c in ("B5", "C5", "D5")}
          | {_f("SDC103", "died.csv", c) for c in ("B5", "C5")}, "fail", True),
    Entry("pandas 3 crosstab(region, died, margins), safe", pandas3_region_by_died_margins_safe),
    # nothing confirms the codes 0 and 1 without margins: named (review by design)
    Entry("pandas 3 crosstab(region, died) without margins, safe",
          pandas3_region_by_died_no_margins_safe, {_f("SDC602", "died.csv", None)}, "review"),
    Entry("pandas value_counts() of a 0/1 variable (died,count), safe",
          pandas_binary_value_counts_safe),
    Entry("pandas value_counts() of a 0/1 variable, 4 transfers", pandas_binary_value_counts,
          {_f("SDC101", "transfer.csv", "B3"), _f("SDC103", "transfer.csv", "B2")}, "fail",
          True),
    Entry("pandas 3 crosstab(died, region, margins) (0, 1, All rows), safe",
          pandas3_died_by_region_margins_safe),
    # round 5, second part (each passed or was a false positive on main)
    Entry("pandas Series.to_csv(header=False), Stage 1 with 0 over Stage 2..4",
          # no header: nothing names the numbers counts (SDC602, round 52)
          pandas_headerless_stage_zero,
          {_f("SDC102", "stages.csv", "B1"), _f("SDC602", "stages.csv", None)}, "fail", True),
    Entry("Stata regress saved as text, 3,000 observations, safe", stata_regress_thousands_safe),
    Entry("pandas df.head(10).to_csv(): ten people's records", pandas_head_of_records,
          {_f("SDC603", "head.csv", None)}, "fail", True),
    Entry("pandas 40 people's records with a count column (all >= 10)",
          pandas_records_with_a_count_column, {_f("SDC603", "people.csv", None)}, "fail", True),
    Entry("pandas groupby().describe() count and quartile columns, safe",
          pandas_describe_percentile_columns_safe),
    # round 6 (each passed on main but the notes, which were only review)
    Entry("pandas agg(age_range=min-max string) beside n", pandas_age_range_strings,
          {_f("SDC302", "ages.csv", f"C{r}") for r in range(2, 6)}, "fail", True),
    Entry("pandas size() by age bands named 'age range', safe", pandas_age_range_bands_safe),
    Entry("ONS-style deaths by area, 'England (total)' row, London suppressed",
          ons_england_total_row, {_f("SDC501", "deaths.csv", "B4")}, "fail", True),
    Entry("Male, Female and a 'Both sexes' column, South women suppressed",
          both_sexes_total_column, {_f("SDC501", "sexes.csv", "C3")}, "fail", True),
    Entry("Male, Female and a 'Both sexes' column, safe", both_sexes_total_column_safe),
    # notes are a person's to read (SDC602), the NHS number in them is SDC604 at its line
    Entry("a safe table with notes.txt naming an NHS number", notes_txt_with_nhs_number,
          {_f("SDC602", "notes.txt", None), _f("SDC604", "notes.txt", None)}, "fail", True),
    Entry("pandas areas indented under their regions (subtotal rows), one suppressed",
          pandas_indented_areas_suppressed, {_f("SDC501", "areas.csv", "B4")}, "fail", True),
    Entry("Excel NACE sections over divisions, one division suppressed",
          excel_nace_hierarchy_suppressed, {_f("SDC501", "nace.xlsx[Enterprises]", "B4")},
          "fail", True),
    Entry("Excel NACE sections over divisions, two divisions suppressed, safe",
          excel_nace_hierarchy_safe),
    # round 7: statistics and derived counts
    Entry("pandas describe(percentiles=[0, .5, 1]): 0% and 100% rows",
          pandas_describe_percentiles_0_and_1,
          {_f("SDC203", "describe.csv", None)} | {
              _f("SDC302", "describe.csv", f"{c}{r}") for c in "BC" for r in (5, 6, 8, 9)},
          "fail", True),
    Entry("R write.csv(quantile(x)): 0%..100% row names", r_quantile_row_names,
          {_f("SDC302", "quantiles.csv", "B2"), _f("SDC302", "quantiles.csv", "B6"),
           _f("SDC303", "quantiles.csv", None)}, "fail", True),
    Entry("pandas quantile([0, .25, .5, .75, 1]).unstack(): levels 0.0 and 1.0",
          pandas_quantile_unstack,
          {_f("SDC302", "quantiles.csv", f"{c}{r}") for c in "BF" for r in range(2, 6)}
          | {_f("SDC602", "quantiles.csv", None)}, "fail", True),
    # the counts and stds bound every contribution (no SDC203); the std of 0 discloses West
    Entry("pandas agg(count, mean, std), West's std 0", pandas_agg_std_zero,
          {_f("SDC303", "los.csv", "D5")}, "fail", True),
    Entry("Stata tabulate with Cum. as CSV, safe", stata_tabulate_cum_safe),
    Entry("Stata tabulate with Cum. as CSV, West 3", stata_tabulate_cum_small,
          {_f("SDC101", "tab.csv", "B5"), _f("SDC303", "tab.csv", "C5"),
           _f("SDC303", "tab.csv", "D5")}, "fail", True),
    Entry("pandas column % crosstab with an n row (floats), safe",
          pandas_column_percent_with_n_row_safe),
    Entry("pandas column % crosstab with an n row, 25% of 12",
          pandas_column_percent_with_n_row_small,
          {_f(r, "percent.csv", c) for r in ("SDC101", "SDC103") for c in ("E2", "E3")},
          "fail", True),
    Entry("dplyr n and n_distinct(ward), n_distinct(dx), safe", dplyr_distinct_counts_safe),
    Entry("dplyr n_distinct(dx) of 1 for West", dplyr_distinct_count_of_one,
          {_f("SDC303", "distinct.csv", "D5")}, "fail", True),
    # a bare nunique may count patients (["patient_id"] writes the same file): counts
    Entry("pandas agg(size, nunique) of wards, safe (nunique read as counts)",
          pandas_size_and_nunique_safe,
          {_f("SDC101", "wards.csv", f"C{r}") for r in range(2, 6)}
          | {_f("SDC203", "wards.csv", None)}, "fail"),
    # hunt round (issue 11: each passed on main)
    Entry("Excel areas set in with the indent format, one suppressed",
          excel_indent_format_areas_suppressed, {_f("SDC501", "areas.xlsx[Table 1]", "B4")},
          "fail", True),
    Entry("Excel areas set in with the indent format, two suppressed, safe",
          excel_indent_format_areas_safe),
    Entry("Excel SIC divisions over groups (101 under 10, no dots), one suppressed",
          excel_sic_groups_suppressed, {_f("SDC501", "t.xlsx[Sheet]", "B4")}, "fail", True),
    Entry("Excel SIC divisions over groups, two suppressed, safe", excel_sic_groups_safe),
    Entry("pandas cumulative cases written at two month ends, West +2",
          pandas_cumulative_cases_two_months, {_f("SDC503", "cases_feb.csv", "B4")}, "fail",
          True),
    Entry("pandas cumulative cases written at two month ends, safe",
          pandas_cumulative_cases_two_months_safe),
    # no contribution evidence: review either way; the hidden turnover is named (SDC501 review)
    Entry("handbook turnover by industry with its total, one cell hidden",
          handbook_turnover_total_one_hidden,
          {_f("SDC203", "turnover.csv", None), _f("SDC501", "turnover.csv", "B3")}, "review",
          True),
    Entry("handbook turnover by industry with its total, two cells hidden",
          handbook_turnover_total_two_hidden, {_f("SDC203", "turnover.csv", None)}, "review"),
    Entry("handbook rates per 1,000 beside the population, one area's deaths hidden",
          handbook_rate_beside_hidden_deaths, {_f("SDC101", "rates.csv", "D4")}, "fail", True),
    Entry("handbook rates per 1,000 beside the population, deaths and rate hidden, safe",
          handbook_rate_beside_hidden_deaths_safe),
    Entry("R write.csv with a 'Both' column, West women hidden", r_both_column_one_hidden,
          {_f("SDC501", "both.csv", "B3")}, "fail", True),
    Entry("R write.csv with a 'Both' column, West women and men hidden, safe",
          r_both_column_two_hidden_safe),
    Entry("pandas quarters with the year beside them (no total word), Q1 hidden",
          pandas_quarters_with_year_one_hidden,
          {_f("SDC501", "quarters.xlsx[Admissions]", "B4")}, "fail", True),
    Entry("pandas quarters with the year beside them, two quarters hidden, safe",
          pandas_quarters_with_year_two_hidden_safe),
    Entry("gtsummary-style Table 1, n (%) strings under N = 200, one category hidden",
          r_table_one_hidden_category, {_f("SDC101", "table1.csv", "B4")}, "fail", True),
    Entry("gtsummary-style Table 1, two categories hidden, safe", r_table_one_two_hidden_safe),
    # the total is 3 above its categories: 3 people of no recorded ethnicity
    Entry("pandas value_counts() with a Total from len(df), 3 missing not shown",
          pandas_total_with_missing_not_shown,
          {_f("SDC101", "ethnicity.csv", "B7"), _f("SDC402", "ethnicity.csv", "B7")}, "fail",
          True),
    Entry("pandas value_counts() with its Total, safe", pandas_total_with_missing_not_shown_safe),
    Entry("pandas pivot_table(aggfunc='count') to_excel, an empty combination written blank",
          pandas_count_pivot_empty_combination_xlsx,
          {_f("SDC102", "counts.xlsx[Counts]", "E9")}, "review", True),
    Entry("pandas pivot_table(aggfunc='count') to_excel, no empty combination, safe",
          pandas_count_pivot_no_empty_combination_xlsx_safe),
    # round 8: safe outputs an output checker sees daily (large counts), and twins
    Entry("pandas crosstab [region, sex] x agegrp of 20,000 with Total margins, safe",
          pandas_crosstab_margins_large_safe),
    # no contribution of 20,000 can exceed mean + std * sqrt(n): dominance ruled out
    Entry("pandas describe() of 20,000 people without min/max, safe",
          pandas_describe_large_no_extremes),
    Entry("pandas describe() without min/max of 12 practices' costs, one of them 50,000",
          pandas_describe_dominated_costs, {_f("SDC203", "describe.csv", None)}, "review",
          True),
    Entry("R write.csv(as.data.frame(table(region, sex))) of 20,000, safe",
          r_table_as_data_frame_large_safe),
    Entry("Stata tab region agegrp exported with totals, 20,000, safe", stata_tab2_export_safe),
    Entry("pandas crosstab rounded to 5 with totals rounded on their own, safe",
          pandas_rounded_base5_independent_totals_safe),
    Entry("pandas crosstab rounded to 5, one cell of 5", pandas_rounded_base5_one_small_cell,
          {_f("SDC101", "rounded.csv", "D2")}, "fail", True),
    Entry("statsmodels OLS summary() of 5,000 saved as text, safe",
          statsmodels_ols_summary_large_safe),
    Entry("Excel table with a title, a source line dated 1 March 2024 and a note, safe",
          excel_title_source_date_note_safe),
    Entry("Excel table with a title, a dated source line and a note, one count of 6",
          excel_title_source_date_note_small,
          {_f("SDC101", "table1.xlsx[Table 1]", "B4"), _f("SDC103", "table1.xlsx[Table 1]", "C4")},
          "fail", True),
    Entry("pandas value_counts() of 20,000 with n and percent, safe",
          pandas_value_counts_n_percent_large_safe),
    Entry("pandas pivot_table(count) [region, sex] x agegrp to_excel with Total, safe",
          pandas_pivot_count_multiindex_total_xlsx_safe),
    Entry("handbook deaths, population and rate per 100,000, safe",
          handbook_rates_per_100k_safe),
    Entry("R write.csv(addmargins(table(sex, agegrp))) of 20,000 (Sum margins), safe",
          r_addmargins_large_safe),
    Entry("R write.csv(addmargins(table(sex, agegrp))) of 20,000, one count of 4",
          r_addmargins_large_one_small,
          {_f("SDC101", "addmargins.csv", "D2"), _f("SDC103", "addmargins.csv", "D3")},
          "fail", True),
    Entry("pandas groupby n, median and quartiles of length of stay, 20,000, safe",
          pandas_groupby_n_median_iqr_safe),
    Entry("pandas row percentages with n of 20,000, safe", pandas_row_percent_with_n_large_safe),
    Entry("Stata logit output saved as text, 5,000 observations, safe",
          stata_logit_text_large_safe),
    Entry("Stata logit output saved as text, 12 observations", stata_logit_text_twelve_observations,
          {_f("SDC301", "logit.txt", None)}, "fail", True),
    # a model on one binary exposure is its 2x2 table (sdc/model_counts.py): the groups'
    # counts from the coefficients and standard errors, at the exposure's line
    Entry("statsmodels Logit summary() on one binary exposure, every cell 30 or more, safe",
          statsmodels_logit_one_exposure_safe),
    Entry("statsmodels Logit summary() on one binary exposure, 4 exposed cases",
          statsmodels_logit_one_exposure_four_cases, {_f("SDC101", "logit.txt", "A14")},
          "fail", True),
    Entry("R summary(glm(poisson)) on one binary exposure, 30 and 75 events, safe",
          r_glm_poisson_one_exposure_safe),
    Entry("R summary(glm(poisson)) on one binary exposure, 6 exposed events",
          r_glm_poisson_one_exposure_six_events, {_f("SDC101", "poisson.txt", "A8")}, "fail",
          True),
    # a diverged coefficient is a group with no cases (sdc/model_counts.py, models2)
    Entry("statsmodels GLM binomial on one exposure, a large finite coefficient, safe",
          statsmodels_glm_logit_large_finite_coefficient_safe),
    Entry("statsmodels GLM binomial on one exposure with no exposed case (diverged)",
          statsmodels_glm_logit_no_exposed_cases, {_f("SDC102", "glm.txt", "A16")}, "review",
          True),
    # broom's tidy() beside its glance() of a glm: nobs for the sum check (models2)
    Entry("R write.csv(tidy(glm)) with its glance(), one binary exposure, safe",
          r_tidy_glance_glm_logit_one_exposure_safe),
    Entry("R write.csv(tidy(glm)) with its glance(), one binary exposure, 4 exposed cases",
          r_tidy_glance_glm_logit_one_exposure_four_cases,
          {_f("SDC101", "model/fit_tidy.csv", "B3")}, "fail", True),
    # a model saturated on two factors: every cell from the interaction terms (models2)
    Entry("statsmodels logit case ~ C(a) * C(b) of a 2x3 table, every cell 14 or more, safe",
          statsmodels_logit_saturated_two_factors_safe),
    Entry("statsmodels logit case ~ C(a) * C(b) of a 2x3 table, 4 cases in one cell",
          statsmodels_logit_saturated_two_factors_four_cases,
          {_f("SDC101", "logit.txt", "A18")}, "fail", True),
    # Stata's a#b rows read as the same saturated table (models3)
    Entry("Stata logistic case i.a##i.b of a 2x3 table, every cell 14 or more, safe",
          stata_logistic_saturated_two_factors_safe),
    Entry("Stata logistic case i.a##i.b of a 2x3 table, 4 cases in one cell",
          stata_logistic_saturated_two_factors_four_cases,
          {_f("SDC101", "logistic.txt", "A19")}, "fail", True),
    Entry("R broom tidy() and glance() of a glm in one CSV, 4 exposed cases",
          broom_tidy_glance_stacked_four_exposed_cases,
          {_f("SDC101", "model.csv#table1", "B3")}, "fail", True),
    Entry("R broom tidy() and glance() of a glm in one CSV, 14 exposed cases, safe",
          broom_tidy_glance_stacked_safe),
    Entry("Stata logit case i.a##i.b of a 2x3 table, one combination printed (empty)",
          stata_logit_two_factors_with_an_empty_cell, {_f("SDC102", "logit.txt", "A19")},
          "review", True),
    Entry("Stata logit case i.a##i.b, 'note: 4 failures and 0 successes completely "
          "determined.'", stata_logit_four_failures_completely_determined,
          {_f("SDC101", "logit.txt", "A23"), _f("SDC102", "logit.txt", "A23")}, "fail", True),
    # a package's perfect-prediction note: a zero, and Stata's count of obs not used (models3)
    Entry("Stata logit on one exposure, every cell 30 or more, no note, safe",
          stata_logit_large_groups_safe),
    Entry("Stata logit with a note: other predicts failure perfectly, 4 obs not used",
          stata_logit_predicts_failure_perfectly_four_obs,
          {_f("SDC101", "logit.txt", "A1"), _f("SDC102", "logit.txt", "A1")}, "fail", True),
    # a dof column the p-values prove (t = coef / se; p agrees with t(df_resid)): the floor
    # they prove is the dof (sdc/readers/coefficients.py)
    Entry("statsmodels coefficients with a df_resid column, 5,000, safe",
          statsmodels_coefficients_with_dof_column),
    Entry("statsmodels coefficients with a df_resid column, 12 observations",
          statsmodels_coefficients_with_dof_column_twelve,
          {_f("SDC301", "coefficients.csv", None)}, "fail", True),
    Entry("statsmodels logit coefficients with a df_resid column, 12 observations",
          statsmodels_logit_coefficients_with_dof_column_twelve,
          {_f("SDC301", "coefficients.csv", None), _f("SDC203", "coefficients.csv", None)}
          | {_f("SDC101", "coefficients.csv", f"F{r}") for r in range(2, 6)}, "fail", True),
    Entry("pandas rate_per_100000 beside the population: 2 deaths in area C",
          pandas_rate_per_100000_two_deaths, {_f("SDC101", "rates.csv", "C4")}, "fail", True),
    Entry("pandas rate_per_1000 beside the population, 10 deaths or more, safe",
          pandas_rate_per_1000_ten_deaths_safe),
    Entry("pandas rate per 100,000 beside its deaths (no population), safe",
          pandas_rate_beside_its_deaths_safe),
    Entry("pandas rate per 100,000 beside its deaths: 3 in East",
          pandas_rate_beside_its_deaths_three,
          {_f("SDC101", "mortality.csv", "B4"), _f("SDC303", "mortality.csv", "C4")},
          "fail", True),
    Entry("pandas case-control table (cases, controls), safe", pandas_case_control_safe),
    Entry("pandas case-control table: 3 cases in East", pandas_case_control_three_cases,
          {_f("SDC101", "case_control.csv", "B4")}, "fail", True),
    Entry("pandas % positive of those tested, beside patients and tested: 3 in West",
          pandas_percent_of_the_tested_beside_patients, {_f("SDC101", "tested.csv", "D4")},
          "review", True),
    Entry("pandas % positive of those tested, beside patients and tested, safe",
          pandas_percent_of_the_tested_beside_patients_safe),
    Entry("pandas index labels holding deaths/patients ('West 3/40')",
          pandas_label_with_deaths_over_patients, {_f("SDC602", "admissions.csv", None)},
          "review", True),
    Entry("pandas index labels holding stage numbers, safe", pandas_label_with_stage_numbers_safe),
    Entry("pandas agg(claimants=size, biggest=max) per region", pandas_biggest_claim_per_region,
          {_f("SDC302", "claims.csv", c) for c in ("C2", "C3", "C4")}, "fail", True),
    Entry("pandas agg(claimants=size, claims=...) per region, safe",
          pandas_claimants_and_claims_per_region_safe),
    Entry("pandas crosstab(year, sex, margins=True), safe", pandas_crosstab_year_margins_safe),
    Entry("pandas crosstab([year, region], sex, margins_name='Total'), safe",
          pandas_crosstab_year_region_total_safe),
    Entry("pandas crosstab(year, sex, margins=True): 7 men in 2021",
          pandas_crosstab_year_margins_small,
          {_f("SDC101", "years.csv", "C4"), _f("SDC103", "years.csv", "B4")}, "fail", True),
    Entry("R write.csv of a matrix with coded column names (\"\",\"0\",\"1\"), safe",
          r_write_csv_matrix_coded_columns_safe),
    Entry("R pivot_wider then write.csv(row.names = FALSE) (\"year\",\"0\",\"1\"), safe",
          r_pivot_wider_coded_columns_safe),
    Entry("R write.csv of a matrix with coded column names: 4 deaths in 2021",
          r_write_csv_matrix_coded_columns_small,
          {_f("SDC101", "deaths.csv", "C4"), _f("SDC103", "deaths.csv", "B4")}, "fail", True),
    Entry("R write.csv(table(year, died)) (quoted factor levels \"2019\", \"0\"), safe",
          r_write_csv_table_coded_factors_safe),
    Entry("R write.csv(table(year, died)): 4 deaths in 2021",
          r_write_csv_table_coded_factors_small, {_f("SDC101", "deaths.csv", "D8")}, "fail",
          True),
    Entry("pandas region,alive,died,pct_died to_excel, safe", pandas_alive_died_percent_xlsx_safe),
    Entry("pandas region,alive,died,pct_died to_excel: 3 deaths in West",
          pandas_alive_died_percent_xlsx_small,
          {_f("SDC101", "deaths.xlsx[Deaths]", "C5"), _f("SDC101", "deaths.xlsx[Deaths]", "D5"),
           _f("SDC103", "deaths.xlsx[Deaths]", "D5"),
           # alive/died: two answers of one question, West's alive all but 3 of the line
           _f("SDC103", "deaths.xlsx[Deaths]", "B5")}, "fail", True),
    # the dof in glance() beside tidy(): linked by stem and nobs - df.residual = terms
    Entry("R broom tidy() and glance() of one lm, 5,000, safe", r_broom_tidy_and_glance_safe),
    Entry("R broom tidy() and glance() of one lm, 12 observations",
          r_broom_tidy_and_glance_twelve,
          {_f("SDC301", "sbp_tidy.csv", None), _f("SDC301", "sbp_glance.csv", None)}, "fail",
          True),
    Entry("pandas agg(patients=size, lo=min, hi=max) of age per region", pandas_age_range_as_lo_hi,
          {_f("SDC302", "ages.csv", f"{c}{r}") for c in "CD" for r in (2, 3, 4)}, "fail", True),
    Entry("pandas patients by low/high risk with their total, safe",
          pandas_patients_by_low_high_risk_safe),
    Entry("pandas agg(patients=size, best=max, worst=min) of scores per region",
          pandas_best_and_worst_score_per_region, {_f("SDC203", "scores.csv", None)}, "review",
          True),
    Entry("pandas patients, survived and died per region, safe",
          pandas_patients_survived_died_safe),
    Entry("pandas all patients beside patients aged 18+, 3 under-18s",
          pandas_all_patients_and_adults, {_f("SDC101", "adults.csv", "C2")}, "review", True),
    Entry("pandas all patients beside patients aged 18+, safe",
          pandas_all_patients_and_adults_safe),
    Entry("pandas groupby(region)[age].max() to_excel (the column named age)",
          pandas_groupby_max_age_xlsx, {_f("SDC203", "ages.xlsx[Sheet1]", None)}, "review",
          True),
    Entry("pandas groupby(region).size() as patients to_excel, safe",
          pandas_groupby_size_patients_xlsx_safe),
    Entry("pandas tests by region as negative,positive: 190 of West's 201 negative",
          pandas_tests_negative_positive_west_all_negative, {_f("SDC103", "tests.csv", "B5")},
          "fail", True),
    Entry("pandas tests by region as negative,positive, safe",
          pandas_tests_negative_positive_safe),
    Entry("pandas crosstab(values=age, aggfunc=max) to_excel, sheet 'Maximum age'",
          pandas_crosstab_max_age_sheet_named,
          {_f("SDC302", "ages.xlsx[Maximum age]", f"{c}{r}") for c in "BC" for r in (2, 3, 4)},
          "fail", True),
    Entry("pandas crosstab(area, sex) to_excel, sheet 'People by area', safe",
          pandas_crosstab_count_sheet_named_safe),
    # round 3 of false positives: a mean's own count and std, one group a row
    Entry("pandas groupby(region).sbp.agg([count, mean, std, median]) of 20,000, safe",
          pandas_groupby_agg_count_mean_std_safe),
    Entry("pandas groupby(region)[[sbp, bmi]].agg([count, mean, std]) of 20,000, safe",
          pandas_groupby_two_columns_agg_safe),
    Entry("pandas groupby(practice).cost.agg([count, mean, std]), one cost of 50,000",
          pandas_groupby_agg_dominated_practice, {_f("SDC203", "costs.csv", None)}, "review",
          True),
    Entry("pandas groupby(agegrp)[[stay, bmi]].describe() without min/max of 900, safe",
          pandas_groupby_describe_two_columns_safe),
    # round 4 of false positives: a table saved as .txt is read as a log reads it
    Entry("pandas crosstab(margins=True).to_string() as .txt, West row small",
          pandas_crosstab_margins_txt,
          {(r, "crosstab.txt#table1", c) for r, _, c in _WEST_MARGINS}, "fail", True),
    Entry("pandas crosstab(margins=True).to_string() as .txt, safe",
          pandas_crosstab_margins_txt_safe),
    Entry("pandas value_counts().to_string() as .txt, safe", pandas_value_counts_txt_safe),
    Entry("pandas crosstab([region, sex], agegrp, margins=True).to_string() as .txt, "
          "West small", pandas_crosstab_two_row_levels_txt,
          {_f("SDC101", "crosstab.txt#table1", c) for c in ("C8", "C9", "D8", "D9", "E8", "F8",
                                                           "F9")}
          | {_f("SDC103", "crosstab.txt#table1", c) for c in ("C8", "C9", "D8", "D9", "E8",
                                                             "F8", "F9")}
          | {_f("SDC102", "crosstab.txt#table1", "E9")}, "fail", True),
    Entry("pandas crosstab([region, sex], agegrp, margins=True).to_string() as .txt, safe",
          pandas_crosstab_two_row_levels_txt_safe),
    Entry("pandas crosstab(agegrp 18-39/40-64/65+, sex).to_string() as .txt, safe",
          pandas_crosstab_age_bands_txt_safe),
    Entry("pandas groupby(region).bmi.describe().to_string() as .txt, West small",
          pandas_describe_txt,
          {_f("SDC101", "bmi.txt#table1", "B5"), _f("SDC101", "bmi.txt#table1", "C5")}
          | {_f("SDC303", "bmi.txt#table1", f"{c}5") for c in "DEFG"}, "fail", True),
    Entry("pandas groupby(region).bmi.describe().to_string() as .txt, safe",
          pandas_describe_txt_safe),
    # round 4: pandas' index-name line under ',cost,cost,cost' is no suppressed row (it was
    # SDC501 fail beside the crosstab), and 'mean / cost' pairs with its count and std
    Entry("pandas crosstab(margins) beside pivot_table(aggfunc=[mean, std, count]), safe",
          pandas_pivot_mean_std_count_beside_crosstab),
    Entry("pandas crosstab(margins) beside pivot_table(aggfunc=[mean, std, count]), West 3",
          pandas_pivot_mean_std_count_beside_crosstab_small,
          {_f("SDC101", "pivot.csv", "D7"), _f("SDC203", "pivot.csv", None),
           _f("SDC101", "pivot.csv", "B7"),  # the mean of West's 3 (hunt round 6)
           _f("SDC303", "pivot.csv", "C7"), _f("SDC101", "crosstab.csv", "B5"),
           _f("SDC101", "crosstab.csv", "D5"), _f("SDC102", "crosstab.csv", "C5"),
           _f("SDC103", "crosstab.csv", "B5")}, "fail", True),
    # round 4: triage priorities P1..P4 are categories when the numbers prove it
    Entry("pandas value_counts of priorities P1..P4 as patients, safe",
          pandas_priority_counts_safe),
    Entry("pandas crosstab(priority P1..P4, sex, margins=True), safe",
          pandas_priority_crosstab_margins_safe),
    Entry("pandas crosstab(priority P1..P4, sex, margins=True), 3 men in P4",
          pandas_priority_crosstab_margins_small,
          {_f("SDC101", "priorities.csv", "C5"), _f("SDC103", "priorities.csv", "B5")},
          "fail", True),
    # hunt round 5: pandas' index-name line under two column levels is no row
    Entry("pandas pivot_table(age, [median, count]) beside crosstab margins: West of 4",
          pandas_pivot_median_count_beside_crosstab,
          {_f("SDC101", "ages.csv", "C7"), _f("SDC303", "ages.csv", "B7")}
          | {_f("SDC101", "people.csv", f"{c}5") for c in "BCD"}
          | {_f("SDC103", "people.csv", f"{c}5") for c in "BC"}, "fail", True),
    Entry("pandas pivot_table(age, [median, count]) beside crosstab margins, safe",
          pandas_pivot_median_count_beside_crosstab_safe),
    # hunt round 5: a suppressed count table written as floats is audited as counts too
    Entry("ACRO-suppressed West/F blank in a float CSV beside people by area: it is 16 - 12",
          acro_suppressed_float_counts_beside_area_totals,
          {_f("SDC203", "people_by_sex.csv", None), _f("SDC501", "people_by_sex.csv", "B5")},
          "fail", True),
    Entry("ACRO-suppressed West row (both blank) to_excel beside people by area, safe",
          acro_suppressed_counts_beside_area_totals_safe),
    # fp round 5: a column's floats that its own blank explains are no sign of sums
    Entry("pandas crosstab masked under 10 (ACRO's suppression) to_csv as floats, safe",
          pandas_masked_crosstab_float_csv_safe),
    Entry("pandas crosstab(margins=True) masked under 10: the margins give West away",
          pandas_masked_crosstab_true_margins,
          {_f("SDC501", "people_by_sex.csv", c) for c in ("B5", "C5", "D5")}, "fail", True),
    # fp round 5: a rate whose scale its numbers prove (deaths / patients on every row)
    Entry("pandas groupby(area).died.agg([sum, count, mean]) as deaths, patients, rate, safe",
          pandas_mortality_rate_by_numbers_safe),
    Entry("pandas deaths, patients, rate with West's 3 deaths hidden: 0.02 of 150 gives them",
          pandas_mortality_rate_hidden_deaths, {_f("SDC101", "mortality.csv", "D5")}, "fail",
          True),
    # fp round 5: R's prop.table written long under Freq is shares, not counts under 1
    # (SDC303 review alone: their units are not published; it was SDC101 fail on every cell)
    Entry("R write.csv(prop.table(table(area, sex), 1)) long under Freq, units unknown",
          r_prop_table_long, {_f("SDC303", "prop.csv", None)}, "review"),
    Entry("R prop.table long beside its xtabs counts: West of 2 women and 5 men",
          r_prop_table_long_beside_small_counts,
          {_f("SDC101", "prop.csv", "D5"), _f("SDC101", "prop.csv", "D9"),
           _f("SDC103", "prop.csv", "D5"), _f("SDC103", "prop.csv", "D9"),
           _f("SDC101", "xtabs.csv", "D5"), _f("SDC101", "xtabs.csv", "D9"),
           _f("SDC303", "prop.csv", None)}, "fail", True),
    # hunt round 6: the shares of the same cross-tab give a hidden count away
    Entry("ACRO-suppressed West/F blank to_excel beside row shares: 12 / 0.75 - 12 = 4",
          acro_suppressed_counts_beside_row_shares,
          {_f("SDC102", "people_by_sex.xlsx[Sheet1]", "B5"),
           _f("SDC501", "people_by_sex.xlsx[Sheet1]", "B5"),
           _f("SDC303", "sex_shares_by_area.csv", None)}, "fail", True),
    Entry("ACRO-suppressed West row to_excel beside row shares with n, West hidden, safe",
          acro_suppressed_counts_beside_row_shares_safe),
    # fp round 7: what each number of an SMR table is; Stata tabstat; esttab as a model
    Entry("pandas SMR table (area, observed, expected, SMR), safe", pandas_smr_safe),
    Entry("pandas SMR table, North: 2 deaths observed where 5.1 were expected",
          pandas_smr_small_observed,
          {_f("SDC101", "smr.csv", "B2"), _f("SDC303", "smr.csv", "C2"),
           _f("SDC303", "smr.csv", "D2")}, "fail", True),
    Entry("Stata tabstat los cost, by(ward) statistics(n mean sd), safe", stata_tabstat_safe),
    Entry("Stata tabstat by(ward), ward B of 4 stays", stata_tabstat_small_group,
          {_f("SDC101", "tabstat.log#table1", c) for c in ("C5", "D5", "C6", "D6")}
          | {_f("SDC303", "tabstat.log#table1", "C7"), _f("SDC303", "tabstat.log#table1", "D7")},
          "fail", True),
    Entry("Stata esttab using t.csv, se r2 ar2 (two OLS models of 500), safe",
          stata_esttab_r2_ar2_safe),
    # esttab's default footer, N alone: N less the terms shown bounds the dof only from above
    Entry("Stata esttab using t.csv, se (N only: no dof proof), safe", stata_esttab_n_only_safe,
          {_f("SDC301", "esttab.csv", None)}, "review"),
    # fp round 8
    Entry("pandas SMR table with one-letter parts (area, O, E, SMR), safe",
          pandas_smr_one_letter_safe),
    Entry("pandas SMR table (area, O, E, SMR), North: 2 deaths observed",
          pandas_smr_one_letter_small_observed,
          {_f("SDC101", "smr.csv", "B2"), _f("SDC303", "smr.csv", "C2"),
           _f("SDC303", "smr.csv", "D2")}, "fail", True),
    Entry("Stata esttab using t.csv, se r2 ar2 wide, N 1,500, safe", stata_esttab_wide_safe),
    Entry("Stata esttab using t.csv, se r2 ar2 wide, two models of 11 records",
          stata_esttab_wide_few_records, {_f("SDC301", "esttab.csv", None)}, "fail", True),
    Entry("Stata log with two failed commands (r(111), r(199)) before a tab, safe",
          stata_log_with_errors_safe),
    Entry("Stata log: '. the 3 patients died' typed at the prompt (command unrecognized)",
          stata_log_note_typed_at_the_prompt, {_f("SDC602", "session.log", None)}, "review",
          True),
    Entry("R tableone write.csv (died = 1 (%), region (%) levels), safe", r_tableone_safe),
    Entry("R tableone write.csv, West 3 (0.8)", r_tableone_small_level,
          {_f("SDC101", "table1.csv", "B8")}, "fail", True),
    Entry("R janitor tabyl adorn_totals/percentages/ns, Total 100.0% (207), safe",
          r_tabyl_totals_safe),
    Entry("R janitor tabyl adorn_ns, West women 3", r_tabyl_totals_small,
          {_f("SDC101", "tabyl.csv", "B5")}, "fail", True),
    Entry("R ftable(xtabs(~ region + sex + died)) printed (died 0 1 over region sex), safe",
          r_ftable_safe),
    Entry("R ftable printed, 3 West women died", r_ftable_small,
          {_f("SDC101", "ftable.log#table1", "D6"), _f("SDC103", "ftable.log#table1", "C6"),
           _f("SDC103", "ftable.log#table1", "D7")}, "fail", True),
    Entry("R stargazer(type = 'text', out = 'model.txt'), OLS of 500 (df = 497), safe",
          r_stargazer_text_safe),
    Entry("R stargazer text, OLS of 11 records (df = 8)", r_stargazer_text_few_records,
          {_f("SDC301", "model.txt", None)}, "fail", True),
    Entry("Stata tabstat los cost, by(ward) statistics(n mean sd) longstub, safe",
          stata_tabstat_longstub_safe),
    Entry("Stata tabstat by(ward) longstub, ward B of 4 stays", stata_tabstat_longstub_small_group,
          {_f("SDC101", "tabstat.log#table1", c) for c in ("C5", "D5", "C6", "D6")}
          | {_f("SDC303", "tabstat.log#table1", "C7"), _f("SDC303", "tabstat.log#table1", "D7")},
          "fail", True),
    # fp round 9
    Entry("pandas crosstab(ward, result) with a total column, every ward 100 tested, safe",
          pandas_counts_totalling_100_safe),
    Entry("pandas crosstab(ward, result) with a total column of 100, 4 negative on ward A",
          pandas_counts_totalling_100_small,
          {_f("SDC101", "tested.csv", "C2"), _f("SDC103", "tested.csv", "B2")}, "fail", True),
    Entry("statsmodels OLS summary().as_csv() of 500, safe", statsmodels_ols_summary_csv_safe),
    Entry("statsmodels OLS summary().as_csv() of 11 records (Df Residuals 8)",
          statsmodels_ols_summary_csv_few_records, {_f("SDC301", "ols.csv", None)}, "fail",
          True),
    # hunt round 9: last round's four fixed n (%) verdicts, written by pandas
    Entry("pandas Table 1 (West 16 (7.8%)) beside ACRO's suppressed crosstab (West 12)",
          n_pct_table_1_beside_acro_suppressed_crosstab,
          # the crosstab alone: its blank pinned at 0 by the recomputed margins (review)
          {_f("SDC102", "crosstab.csv", "C4"), _f("SDC501", "crosstab.csv", "C4"),
           _f("SDC103", "crosstab.csv", "B4"),
           _f("SDC503", "table1.csv", "B4"), _f("SDC503", "table1.csv", "B5")}, "fail", True),
    Entry("pandas Table 1 beside the crosstab it agrees with, safe",
          n_pct_table_1_beside_acro_crosstab_safe),
    Entry("suppressed crosstab beside a pandas Table 1 of its sex margin (Female 94)",
          n_pct_margin_beside_suppressed_crosstab,
          {_f("SDC501", "crosstab.csv", "B4")}, "review", True),
    Entry("two pandas Table 1s of age, bands 0-17 and 0-15 (4 aged 16-17)",
          n_pct_two_table_1s_rebanded, {_f("SDC503", "d.csv", "B2")}, "fail", True),
    Entry("two pandas Table 1s of age, bands 0-17 and 0-15 far apart, safe",
          n_pct_two_table_1s_rebanded_far_apart_safe),
    Entry("pandas Table 1 with Total 200 (100.0%) over 85, 100 and 12",
          n_pct_total_above_its_block,
          {_f("SDC101", "table1.csv", "B5"), _f("SDC402", "table1.csv", "B5")}, "fail", True),
    Entry("pandas Table 1 whose Total is its block's sum, safe", n_pct_total_of_its_block_safe),
    Entry("pandas groupby(region).weight.sum() as n: weighted counts only",
          pandas_weighted_counts_only,
          {_f("SDC101", "weighted.csv", c) for c in ("B2", "B3", "B4")}, "review", True),
    Entry("pandas weighted counts beside the unweighted n, safe",
          pandas_weighted_counts_with_unweighted_n),
    Entry("suppressed crosstab beside a pandas sex table of N and n (%) (Female 94)",
          n_pct_margin_beside_a_mean, {_f("SDC501", "crosstab.csv", "B4")}, "review", True),
    Entry("statsmodels OLS summary().as_html() of 500, safe", statsmodels_ols_summary_html_safe),
    Entry("statsmodels OLS summary().as_html() of 11 records (Df Residuals 8)",
          statsmodels_ols_summary_html_few_records, {_f("SDC301", "ols.html", None)}, "fail",
          True),
    Entry("statsmodels anova_lm(ols(...)).to_csv() of 500, safe", statsmodels_anova_lm_safe),
    Entry("statsmodels anova_lm(ols(...)).to_csv() of 12 records",
          statsmodels_anova_lm_few_records, {_f("SDC301", "anova.csv", None)}, "fail", True),
    Entry("pandas numbers at risk by month, 185 -> 181 (4 left in month 3)",
          pandas_numbers_at_risk_small_fall, {_f("SDC101", "at_risk.csv", "B5")}, "fail", True),
    Entry("pandas numbers at risk by month, every fall 12 or more, safe",
          pandas_numbers_at_risk_safe),
    Entry("pandas count, mean, std of a 0/1 outcome by ward (2 deaths of 50)",
          pandas_mean_sd_of_a_0_1_outcome,
          {_f("SDC101", "deaths.csv", "C2"), _f("SDC203", "deaths.csv", None)}, "fail", True),
    Entry("pandas count, mean, std of a 0/1 outcome by ward, safe",
          pandas_mean_sd_of_a_0_1_outcome_safe),
    Entry("numpy histogram with its bin edges, a bin of 4",
          numpy_histogram_with_edges, {_f("SDC101", "hist.csv", "C6")}, "fail", True),
    Entry("numpy histogram with its bin edges, safe", numpy_histogram_with_edges_safe),
    Entry("openpyxl workbook whose printed footer says West had 3 deaths",
          openpyxl_count_in_the_footer, {_f("SDC605", "regions.xlsx[T]", None)}, "review",
          True),
    Entry("openpyxl workbook with a table number and page numbers in its footer, safe",
          openpyxl_page_numbers_in_the_footer_safe),
    Entry("gtsummary percentages only, Drug A N = 98 (4.1% died: 4)",
          gtsummary_percentages_of_a_small_base, {_f("SDC101", "table1.csv", "B2")}, "fail",
          True),
    Entry("gtsummary percentages only, N = 500 and 520, safe",
          gtsummary_percentages_of_a_large_base_safe),
    Entry("pandas to_html with a caption saying West: 3 excluded", html_count_in_the_caption,
          {_f("SDC602", "regions.html", None)}, "review", True),
    Entry("pandas to_html with a caption naming the table and years, safe",
          html_caption_naming_the_table_safe),
    Entry("HTML page whose <title> says West: 3 excluded", html_count_in_the_page_title,
          {_f("SDC602", "regions.html", None)}, "review", True),
    Entry("HTML page whose <title> names the table and years, safe",
          html_page_title_naming_the_table_safe),
    Entry("HTML page whose data-src holds a data:text/csv URI with West: 3",
          html_csv_in_a_data_src_uri,
          {_f("SDC101", "regions.html#table2", "B5"), _f("SDC605", "regions.html", None)}, "fail",
          True),
    Entry("HTML page whose data-src names its figure, safe", html_figure_named_in_data_src_safe),
    Entry("R summary(survfit) printed, events of 1 and 3", r_summary_survfit_printed_small_events,
          {_f("SDC101", "km.txt#table1", "C2"), _f("SDC101", "km.txt#table1", "C3"),
           _f("SDC101", "km.txt#table1", "C4"),
           # the number at risk's falls 228 -> 227 -> 224 (1 and 3 people): the irregular
           # times order the rows (handbook2); the times, survival, std.err and bounds are
           # the estimates of those counts (fp26), the Call: line's ~ 1 an intercept
           _f("SDC101", "km.txt#table1", "B3"), _f("SDC101", "km.txt#table1", "B4")},
          "fail", True),
    Entry("broom glance() alone, 7 people and 4 residual dof", broom_glance_alone_of_seven,
          {_f("SDC301", "model_glance.csv", None), _f("SDC602", "model_glance.csv", None)},
          "fail", True),
    Entry("broom tidy(conf.int = TRUE) with its glance(), 500 people, safe",
          broom_tidy_conf_int_with_glance_safe),
    Entry("openpyxl workbook with a custom property west_deaths = 3",
          openpyxl_count_in_a_custom_property, {_f("SDC605", "regions.xlsx[T]", None)},
          "review", True),
    Entry("openpyxl workbook with a sensitivity label's custom properties, safe",
          openpyxl_sensitivity_label_properties_safe),
    Entry("openpyxl workbook whose sheet is named West deaths 3",
          openpyxl_count_in_the_sheet_name, {_f("SDC605", "regions.xlsx[West deaths 3]", None)},
          "review", True),
    Entry("openpyxl workbook whose sheet is named Table 2 2019-2022, safe",
          openpyxl_sheet_named_by_table_and_years_safe),
    # SPSS CROSSTABS exported from the Viewer (tests/corpus/spss_outputs.py)
    Entry("SPSS CROSSTABS export to CSV, Count and % lines, North / Treated 3",
          spss_crosstab_csv, _spss_small("region_by_treat.csv"), "fail", True),
    Entry("SPSS CROSSTABS export to CSV, Count and % lines, safe", spss_crosstab_csv_safe),
    Entry("SPSS CROSSTABS export to XLSX, merged labels, North / Treated 3",
          spss_crosstab_xlsx, _spss_small("region_by_treat.xlsx[Crosstabs]"), "fail", True),
    Entry("SPSS CROSSTABS export to XLSX, merged labels, safe", spss_crosstab_xlsx_safe),
    # hunt round 13
    Entry("openpyxl workbook whose conditional format tests for West deaths 3",
          openpyxl_count_in_a_conditional_format, {_f("SDC605", "regions.xlsx[T]", None)},
          "review", True),
    Entry("openpyxl workbook with row banding as a conditional format, safe",
          openpyxl_banding_conditional_format_safe),
    Entry("scikit-learn classification_report to CSV, a class of 9",
          sklearn_classification_report_small_class,
          {_f("SDC101", "report.csv", "E3"), _f("SDC103", "report.csv", "E2"),
           _f("SDC101", "report.csv", None)}, "fail", True),
    Entry("scikit-learn classification_report to CSV, classes of 412 and 90 (review: its "
          "made-up precision and recall give no whole counts)",
          sklearn_classification_report_review, {_f("SDC101", "report.csv", None)}, "review"),
    Entry("scikit-learn classification_report to CSV (2 decimals), 25 missed and 32 false "
          "alarms, safe", sklearn_classification_report_safe),
    Entry("scikit-learn classification_report to CSV (2 decimals), 4 missed",
          sklearn_classification_report_four_missed,
          {_f("SDC101", "report.csv", "B2"), _f("SDC101", "report.csv", "C3")}, "fail", True),
    Entry("CSV of letters x and c under a Total on two rows (each row's Total gives its "
          "hidden cell away)", csv_letters_under_a_margin_on_two_rows,
          {_f("SDC501", "t.csv", "A2"), _f("SDC501", "t.csv", "A3")}, "fail", True),
    Entry("CSV of two unlabelled rows with their totals, safe",
          csv_two_unlabelled_rows_with_their_totals_safe),
    Entry("CSV of unlabelled rows whose column sum another table prints (x = 35 - 15)",
          csv_unlabelled_column_sum_printed_by_another_table,
          {_f("SDC501", "a.csv", "A2")}, "review", True),
    Entry("CSV of unlabelled rows whose column sum another table prints, two hidden cells "
          "under it, safe", csv_unlabelled_column_sum_printed_by_another_table_safe),
    Entry("CSV of a count column n (x and c hidden) beside a Total column on two rows",
          csv_count_column_beside_a_total_column_on_two_rows,
          {_f("SDC501", "t.csv", "A2"), _f("SDC501", "t.csv", "A3")}, "review", True),
    Entry("CSV of a count column n beside a Total column on two rows, safe",
          csv_count_column_beside_a_total_column_safe),
    Entry("Stata table region sex, statistic(frequency) statistic(percent) exported to XLSX, "
          "a 3", stata_collect_table_workbook_small,
          {_f("SDC101", "table.xlsx[Sheet]", "B14"), _f("SDC103", "table.xlsx[Sheet]", "C14"),
           _f("SDC303", "table.xlsx[Sheet]", "B15")}, "fail", True),
    Entry("Stata table region sex, statistic(frequency) statistic(percent) exported to XLSX, "
          "safe", stata_collect_table_workbook_safe),
    Entry("CSV whose title's N=205 is 3 above its counts", csv_title_base_above_its_counts,
          {_f("SDC101", "wards.csv", "A1")}, "fail", True),
    Entry("CSV whose title's N=205 is the sum of its counts, safe",
          csv_title_base_of_its_counts_safe),
    Entry("HTML page whose data-src holds a page holding a CSV with West: 3",
          html_csv_in_a_page_in_a_data_uri,
          {_f("SDC101", "regions.html#table2", "B5"), _f("SDC605", "regions.html", None)},
          "fail", True),
    # etable (issue 12): a regression table in a document read as esttab's CSV
    Entry("Stata etable to Markdown, 8 observations and 3 terms",
          stata_etable_markdown_few_records, {_f("SDC301", "model.md#table1", "B8")}, "fail",
          True),
    Entry("R modelsummary to HTML, R2 and R2 Adj. on 500 records, safe",
          r_modelsummary_html_safe),
    Entry("R stargazer to HTML, 8 records (df = 6)", r_stargazer_html_few_records,
          {_f("SDC301", "model.html#table1", None)}, "fail", True),
    Entry("R stargazer to HTML, 500 records (df = 498), safe", r_stargazer_html_safe),
    Entry("Stata log with etable on 8 observations and 3 terms", stata_etable_log_few_records,
          {_f("SDC301", "model.log#table1", "B8")}, "fail", True),
    # layoutfix (issue 12): numeric levels beside n (%) strings; a one-row letter label
    Entry("gtsummary Table 1 of numeric categoricals (cyl 4/6/8, am 0/1), safe",
          r_gtsummary_numeric_levels_safe),
    Entry("gtsummary Table 1 of numeric categoricals, am = 1 has 4",
          r_gtsummary_numeric_levels_small, {_f("SDC101", "table1.csv", "B8")}, "fail", True),
    Entry("sdc.aggregate sum of one region named X, one company 4,000 of 4,230",
          sdc_aggregate_one_region_named_x_dominated,
          {_f("SDC201", "turnover.csv", "B2"), _f("SDC202", "turnover.csv", "B2"),
           _f("SDC203", "turnover.csv", None)}, "fail", True),
    # hunt round 14
    Entry("CSV header 'West deaths 3' (a count after its count word)",
          csv_header_count_after_its_word, {_f("SDC602", "deaths.csv", None)}, "review", True),
    Entry("CSV headers 'Deaths 2019', 'Deaths 2020', safe", csv_header_year_after_its_word_safe),
    Entry("gtsummary by = am (numeric 0/1) headers '**0**, N = 50', safe",
          r_gtsummary_by_numeric_group_safe),
    Entry("gtsummary by = am with '**1**, N = 4'", r_gtsummary_by_numeric_group_small,
          {_f("SDC101", "table1.csv", c) for c in ("C1", "C3", "C4")}
          | {_f("SDC103", "table1.csv", c) for c in ("C3", "C4")}, "fail", True),
    Entry("Stata dtable without by(): N line 74 (100.0%), safe", stata_dtable_sample_line_safe),
    Entry("Stata etable to a workbook, 8 observations and 3 terms",
          stata_etable_xlsx_few_records, {_f("SDC301", "model.xlsx[etable]", "B8")}, "fail",
          True),
    Entry("HTML caption 'Deaths in West (N=4)'", html_caption_small_base,
          {_f("SDC101", "wards.html#table1", "A1")}, "fail", True),
    Entry("HTML caption 'Admissions (N=202)' over 100 and 102, safe", html_caption_base_safe),
    Entry("HTML <title> 'Admissions (N=205)' over its only table of 100 and 102",
          html_page_title_base_above_its_counts, {_f("SDC101", "wards.html#table1", "B2")},
          "fail", True),
    Entry("HTML <title> 'Admissions (N=202)' over its only table, safe",
          html_page_title_base_safe),
    Entry("R tableone of stage 1-4 (numeric levels) to CSV, safe",
          r_tableone_numeric_levels_safe),
    Entry("R tableone of stage 1-4 with stage 1 of 3", r_tableone_numeric_levels_small,
          {_f("SDC101", "table1.csv", "B5")}, "fail", True),
    Entry("Word picture whose alt text says 'West had 3 deaths'",
          docx_picture_alt_text_with_a_count, {_f("SDC602", "report.docx", None)}, "review",
          True),
    Entry("Word picture with alt text without a count, safe", docx_picture_alt_text_safe),
    Entry("Markdown means headed 'Mean' with Female 3, Observations and R2 lines",
          markdown_summary_shaped_as_a_model, {_f("SDC203", "summary.md#table1", None)},
          "review", True),
    # hunt round 15
    Entry("LaTeX tabular, West's 3 padded \\phantom{0}3\\phantom{0} (read as 30)",
          latex_count_padded_after_with_a_phantom, {_f("SDC101", "deaths.tex#table1", "B4")},
          "fail", True),
    Entry("LaTeX tabular of counts padded with \\phantom{0}, safe",
          latex_counts_padded_with_phantoms_safe),
    Entry("HTML table, West's 3 with a footnote mark 3<sup>1</sup> (read as 31)",
          html_count_with_a_footnote_mark, {_f("SDC602", "deaths.html#table1", "B4")},
          "review", True),
    # a footnote mark glued to a label reads as the page shows it, West¹ (round 25, fp25; it
    # read as West1, how a count could be written: review)
    Entry("HTML table, a footnote mark on a label West<sup>1</sup>, safe",
          html_label_with_a_footnote_mark_safe),
    Entry("HTML table, a footnote mark on a label West<sup>1</sup>, West 3",
          html_label_with_a_footnote_mark_small, {_f("SDC101", "deaths.html#table1", "B4")},
          "fail", True),
    Entry("R github_document of kableExtra::kbl (raw HTML table in .md), West 3",
          r_github_document_kable_small, {_f("SDC101", "report.md#table1", "B4")}, "fail", True),
    Entry("R github_document of kableExtra::kbl (raw HTML table in .md), safe",
          r_github_document_kable_safe),
    # round 16 (issue 12)
    Entry("knitr::kable(format='pandoc') simple table and a grid table in .md, West 3",
          r_kable_pandoc_small, {_f("SDC101", "report.md#table1", "B4")}, "fail", True),
    Entry("knitr::kable(format='pandoc') simple table and a grid table in .md, safe",
          r_kable_pandoc_safe),
    Entry("CSV holding a crosstab and its re-run after a blank line, West female 37 -> 38",
          csv_table_twice_one_cell_changed, {_f("SDC503", "deaths.csv#table2", "B9")}, "fail",
          True),
    Entry("CSV holding a crosstab twice after a blank line, unchanged, safe",
          csv_table_twice_safe),
    Entry("CSV headed 'outcome,West 3,East 40' (a count beside each place)",
          csv_counts_beside_places_in_the_header,
          {_f("SDC602", "survey.csv", None), _f("SDC101", "survey.csv", "B3")}, "review", True),
    # round 21 (rows3): two rows of a wide table that no word names are paired by their numbers
    # (``responded`` 52 over ``refused`` 44 leaves 8, if one were a part of the other): a
    # transposed ``Residents`` over ``Vaccinated`` passed the same way; documented cost
    Entry("CSV headed 'outcome,Wave 1,Wave 2', safe", csv_waves_in_the_header_safe,
          {_f("SDC101", "survey.csv", "B3")}, "review"),
    # hunt round 16 (issue 12): what the page shows against what the source holds
    Entry("LaTeX tabular, West's 3 typeset over a lapped 1 \\rlap{1}3 (read as 13)",
          latex_count_overlapping_a_lapped_digit, {_f("SDC602", "deaths.tex#table1", "B4")},
          "review", True),
    Entry("LaTeX tabular of counts in a \\scalebox{0.9}, safe", latex_counts_in_a_scalebox_safe),
    Entry("HTML table, West's 3 behind a white '<' by a style sheet class (read as <3)",
          html_count_behind_a_white_marker, {_f("SDC605", "deaths.html", None),
                                             _f("SDC101", "deaths.html#table1", "B4")},
          "review", True),
    Entry("HTML table, white header on a dark fill by a style sheet, safe",
          html_white_header_on_a_dark_fill_safe),
    Entry("Word table, West's 3 then a white 0 (read as 30)", docx_count_with_a_white_digit,
          {_f("SDC101", "deaths.docx#table1", "B4"), _f("SDC602", "deaths.docx", None),
           _f("SDC605", "deaths.docx", None)}, "fail", True),
    Entry("Word table, white count on a dark blue cell, safe",
          docx_white_count_on_a_dark_cell_safe),
    Entry("Word table, West's 3 then a 0 its table style's banded rows whiten (read as 30)",
          docx_count_with_a_digit_a_table_style_whitens,
          {_f("SDC101", "deaths.docx#table1", "B4"), _f("SDC602", "deaths.docx", None),
           _f("SDC605", "deaths.docx", None)}, "fail", True),
    Entry("Word table, a table style's white header on a dark fill, safe",
          docx_table_style_white_header_on_a_dark_fill_safe),
    # fp26: shapes tools write every day, each safe one beside a twin with a 3 in one cell
    Entry("pandas crosstab(region, [sex, agegrp], margins=True) to_excel (merged header), safe",
          fp26.crosstab_two_level_xlsx(False)),
    Entry("pandas crosstab(region, [sex, agegrp], margins=True) to_excel, West men 65+ 3",
          fp26.crosstab_two_level_xlsx(True),
          {_f("SDC101", "t.xlsx[Sheet1]", "G7"), _f("SDC103", "t.xlsx[Sheet1]", "D7")},
          "fail", True),
    Entry("pandas pivot_table(count) by region x [sex, agegrp] with margins to_csv, safe",
          fp26.pivot_count_two_level_csv(False)),
    Entry("pandas pivot_table(count) by region x [sex, agegrp] to_csv, West men 65+ 3",
          fp26.pivot_count_two_level_csv(True),
          {_f("SDC101", "p.csv", "G7"), _f("SDC103", "p.csv", "D7")}, "fail", True),
    Entry("R write.csv(table(region)) one-way (Var1, Freq), safe", fp26.r_one_way_table(False)),
    Entry("R write.csv(table(region)) one-way (Var1, Freq), West 3",
          fp26.r_one_way_table(True), {_f("SDC101", "region.csv", "C5")}, "fail", True),
    Entry("R write.csv(as.data.frame.matrix(table(region, agegrp))), safe",
          fp26.r_wide_table(False)),
    Entry("R write.csv(as.data.frame.matrix(table(region, agegrp))), West 65+ 3",
          fp26.r_wide_table(True), {_f("SDC101", "tab.csv", "D5")}, "fail", True),
    Entry("R write.ftable(ftable(xtabs(~ region + sex + agegrp)), sep = ','), safe",
          fp26.r_write_ftable(False)),
    Entry("R write.ftable(ftable(xtabs(~ region + sex + agegrp)), sep = ','), West men 65+ 3",
          fp26.r_write_ftable(True), {_f("SDC101", "ft.csv", "F10"), _f("SDC103", "ft.csv", "F9")},
          "fail", True),
    Entry("Stata tabulate, matcell(M) then putexcel A1 = matrix(M), names (r1, c1), safe",
          fp26.stata_matcell_putexcel(False)),
    Entry("Stata tabulate, matcell(M) then putexcel A1 = matrix(M), names, r4 c2 of 3",
          fp26.stata_matcell_putexcel(True),
          {_f("SDC101", "matcell.xlsx[Sheet1]", "C5"), _f("SDC103", "matcell.xlsx[Sheet1]", "B5")},
          "fail", True),
    Entry("Stata tabulate, matcell(M) then svmat and export delimited (col1, col2), safe",
          fp26.stata_matcell_svmat(False)),
    Entry("Stata tabulate, matcell(M) then svmat and export delimited, a 3",
          fp26.stata_matcell_svmat(True),
          {_f("SDC101", "m.csv", "B5"), _f("SDC103", "m.csv", "A5")}, "fail", True),
    Entry("gtsummary Table 1 under '**N = 1,234**', safe", fp26.gtsummary_comma_n(False)),
    Entry("gtsummary Table 1 under '**N = 1,234**', West 4 (0.3%)", fp26.gtsummary_comma_n(True),
          {_f("SDC101", "table1.csv", "B9")}, "fail", True),
    Entry("R write.csv(summary(survfit, times = ...)) time, n.risk, n.event, survival, "
          "std.err, lower, upper, every count 74 or more, safe", fp26.r_survfit_times_csv(False)),
    Entry("R write.csv(summary(survfit, times = ...)), 3 events in one interval",
          fp26.r_survfit_times_csv(True), {_f("SDC101", "km.csv", "D4")}, "fail", True),
    Entry("R summary(survfit(... ~ 1), times = ...) printed with its Call: line, safe",
          fp26.r_survfit_times_printed(False)),
    Entry("R summary(survfit(... ~ 1), times = ...) printed, 3 events in one interval",
          fp26.r_survfit_times_printed(True), {_f("SDC101", "km.txt#table1", "C4")}, "fail",
          True),
    # safe, and review by design (docs/decisions.md, Round 26 (fp26)): a raster image cannot be
    # compared with its data (policy raster_with_data); a
    # 'median (Q1, Q3)' cell no label names ('{median} ({min}, {max})' prints the same); a
    # mean with no contribution evidence (SDC203's design, here unread as 'mean (SD)' text)
    Entry("matplotlib bar chart PNG beside its value_counts CSV, safe (review: raster image)",
          fp26.matplotlib_bar_with_csv, {_f("SDC701", "by_region.png", None)}, "review"),
    Entry("gtsummary age '47 (35, 59)' with its footnote dropped, safe (review: min/max alike)",
          fp26.gtsummary_median_q1_q3, {_f("SDC602", "table1.csv", None)}, "review"),
    Entry("R tableone 'age (mean (SD))' of 1,234, safe (review: a mean, no evidence)",
          fp26.tableone_mean_sd, {_f("SDC602", "tableone.csv", None)}, "review"),
    # fp27: more shapes tools write every day (tests/corpus/fp27_outputs.py)
    Entry("gtsummary add_p() Table 1 of 612 and 622 (p-values test the printed counts), safe",
          fp26.gtsummary_add_p),
    Entry("gtsummary add_p() Table 1, Drug A of N = 8 (Female 3, Male 5)",
          fp27.gtsummary_add_p_small_group,
          {_f("SDC101", "table1.csv", "B1"), _f("SDC101", "table1.csv", "B3"),
           _f("SDC101", "table1.csv", "B4"), _f("SDC103", "table1.csv", "B3"),
           _f("SDC103", "table1.csv", "B4"), _f("SDC303", "table1.csv", "D2")}, "fail", True),
    Entry("gtsummary add_p() |> as_gt() |> gtsave('table1.html'), footnotes, safe",
          fp27.gtsummary_add_p_gt_html("612", False)),
    Entry("gtsummary add_p() |> as_gt() |> gtsave('table1.html'), Drug A stage IV 3",
          fp27.gtsummary_add_p_gt_html("612", True), {_f("SDC101", "table1.html#table1", "B9")},
          "fail", True),
    Entry("gtsummary add_p() |> as_gt() |> gtsave('table1.html'), Drug A N = 8",
          fp27.gtsummary_add_p_gt_html("8", False),
          {_f("SDC101", "table1.html#table1", "B1"), _f("SDC303", "table1.html#table1", "D2"),
           _f("SDC303", "table1.html#table1", "D5")}, "fail", True),
    Entry("gtsummary add_p() Table 1 of 612 and 622, Drug A stage IV 3 (0.5%)",
          fp27.gtsummary_add_p_small_level, {_f("SDC101", "table1.csv", "B9")}, "fail", True),
    Entry("pandas Styler.background_gradient().to_latex(convert_css=True) of a crosstab, safe",
          fp27.styler_gradient_latex(False)),
    Entry("pandas Styler.background_gradient().to_latex(convert_css=True), West 65+ 3",
          fp27.styler_gradient_latex(True), {_f("SDC101", "t.tex#table1", "D6")}, "fail", True),
    Entry("pandas Styler.highlight_max().to_latex(convert_css=True) (yellow fills), safe",
          fp27.styler_highlight_max_latex(False)),
    Entry("pandas Styler.highlight_max().to_latex(convert_css=True), West 65+ 3",
          fp27.styler_highlight_max_latex(True), {_f("SDC101", "t.tex#table1", "D6")}, "fail",
          True),
    Entry("Styler's LaTeX shape with West's 3 white on a white fill (the colour kept, unread)",
          fp27.styler_white_on_white_latex, {_f("SDC602", "t.tex#table1", "D6")}, "review",
          True),
    Entry("pandas value_counts() beside value_counts(normalize=True) (count, proportion), safe",
          fp27.value_counts_with_proportion(False)),
    Entry("pandas value_counts() beside value_counts(normalize=True), West 3",
          fp27.value_counts_with_proportion(True),
          {_f("SDC101", "region.csv", "B4"), _f("SDC303", "region.csv", "C4")}, "fail", True),
    Entry("pandas describe() of a count column (visits of 500 people): min and max are one "
          "person's", fp27.describe_count_column,
          {_f("SDC302", "visits.csv", "B5"), _f("SDC302", "visits.csv", "B9")}, "fail", True),
    Entry("R gt() table of region x sex saved with gtsave('t.html'), safe", fp27.gt_html(False)),
    Entry("R gt() table of region x sex saved as HTML, West men 3", fp27.gt_html(True),
          {_f("SDC101", "t.html#table1", "C6"), _f("SDC103", "t.html#table1", "B6")}, "fail",
          True),
    Entry("Stata logistic died age i.male (odds ratios) in a log, 3,312 observations, safe",
          fp27.stata_logistic_odds_ratios("3,312")),
    Entry("Stata logistic died age i.male (odds ratios) in a log, 12 observations",
          fp27.stata_logistic_odds_ratios("   12"), {_f("SDC301", "logistic.log", None)},
          "fail", True),
    Entry("Excel PivotTable of region x sex saved with its cache (Excel's default): the "
          "cache's records are the 2,400 rows behind it", fp27.excel_pivot_with_cache,
          {_f("SDC605", "pivot.xlsx[Pivot]", None),
           _f("SDC603", _PIVOT_RECORDS, None), _f("SDC604", _PIVOT_RECORDS, "A1"),
           # the record ids 1..9 under 'id', read as counts: row-level data either way
           *(_f("SDC101", _PIVOT_RECORDS, f"A{i}") for i in range(2, 11))}, "fail", True),
    # safe, and review by design (docs/decisions.md, Round 26 (fp27)): shares with no N; an
    # emmean is a group's (adjusted) mean whose group size is not printed; outreg2's .txt
    Entry("pandas value_counts(normalize=True) alone, safe (review: no N behind the shares)",
          fp27.value_counts_normalize_only, {_f("SDC303", "age.csv", None)}, "review"),
    Entry("R write.csv(summary(emmeans(fit, ~ trt))), safe (review: a group mean, no group n)",
          fp27.r_emmeans, {_f("SDC301", "emm.csv", None), _f("SDC602", "emm.csv", None)},
          "review"),
    # round 33 (hunt33): a tab-delimited .txt is read as the table it is, as its .csv twin;
    # round 51 (stats51): read as outreg2's table (its starred coefficients understood), the
    # N alone proves no residual degrees of freedom (review either way)
    Entry("Stata outreg2 using reg (its .txt), N 1,234, safe (review: starred coefficients)",
          fp27.stata_outreg2_txt, {_f("SDC301", "reg.txt", None)}, "review"),
    # round 27 (fp28): SAS PROC FREQ saved as data, R's table() printed, Stata's tabulate in a
    # log; West's men (or West) 3 in each twin
    Entry("SAS ods output CrossTabFreqs, proc export dbms=csv (_TYPE_, blank margins), safe",
          fp28.sas_crosstab_freqs(False)),
    Entry("SAS ods output CrossTabFreqs, proc export dbms=csv, West men 3",
          fp28.sas_crosstab_freqs(True),
          {_f("SDC101", "ct.csv", "F12"), _f("SDC103", "ct.csv", "F11")}
          | {_f("SDC303", "ct.csv", c) for c in ("G12", "H12", "I12")}, "fail", True),
    Entry("SAS ods output OneWayFreqs (CumFrequency), proc export dbms=csv, safe",
          fp28.sas_one_way_freqs(False)),
    Entry("SAS ods output OneWayFreqs, proc export dbms=csv, West 3",
          fp28.sas_one_way_freqs(True),
          {_f("SDC101", "ow.csv", "D5"), _f("SDC101", "ow.csv", "F5"),
           _f("SDC303", "ow.csv", "E5"), _f("SDC303", "ow.csv", "G5")}, "fail", True),
    Entry("SAS proc freq tables / out= outpct, proc export dbms=csv, safe",
          fp28.sas_freq_out_outpct(False)),
    Entry("SAS proc freq tables / out= outpct, proc export dbms=csv, West men 3",
          fp28.sas_freq_out_outpct(True),
          {_f("SDC101", "f.csv", "C9"), _f("SDC103", "f.csv", "C8")}
          | {_f("SDC303", "f.csv", c) for c in ("D9", "E9", "F9")}, "fail", True),
    Entry("R capture.output(table(region, sex)) printed, safe", fp28.r_table_printed(False)),
    Entry("R capture.output(table(region, sex)) printed, West men 3", fp28.r_table_printed(True),
          {_f("SDC101", "tab.txt#table1", "C5"), _f("SDC103", "tab.txt#table1", "B5")},
          "fail", True),
    Entry("R capture.output(addmargins(xtabs(~ region + sex))) printed (Sum), safe",
          fp28.r_addmargins_printed(False)),
    Entry("R capture.output(addmargins(xtabs(~ region + sex))) printed, West men 3",
          fp28.r_addmargins_printed(True),
          {_f("SDC101", "tab.txt#table1", "C5"), _f("SDC103", "tab.txt#table1", "B5")},
          "fail", True),
    Entry("Stata tabulate region sex in a text log (Total row and column), safe",
          fp28.stata_tabulate_two_way_log(False)),
    Entry("Stata tabulate region sex in a text log, West men 3",
          fp28.stata_tabulate_two_way_log(True),
          {_f("SDC101", "tab.log#table1", "C5"), _f("SDC103", "tab.log#table1", "B5")},
          "fail", True),
    Entry("Stata tabulate region in a text log (Freq. Percent Cum.), safe",
          fp28.stata_tabulate_one_way_log(False)),
    Entry("Stata tabulate region in a text log, West 3", fp28.stata_tabulate_one_way_log(True),
          {_f("SDC101", "tab.log#table1", "B5"), _f("SDC303", "tab.log#table1", "C5"),
           _f("SDC303", "tab.log#table1", "D5")}, "fail", True),
    Entry("Stata esttab using t.tex, se r2 ar2 (its LaTeX: \\sym, \\(N\\), [1em]), N 500, safe",
          fp28.stata_esttab_tex(False)),
    Entry("Stata esttab using t.tex, se r2 ar2, two models of 11 records",
          fp28.stata_esttab_tex(True), {_f("SDC301", "t.tex#table1", None)}, "fail", True),
    Entry("handbook region x sex with totals, West men 3 hidden with three secondary cells, "
          "safe", fp28.handbook_secondary_suppression(True)),
    Entry("handbook region x sex with totals, West men 3 hidden with its column total only "
          "(its row total gives it back)", fp28.handbook_secondary_suppression(False),
          {_f("SDC501", "people.csv", "C5"), _f("SDC501", "people.csv", "C6"),
           _f("SDC103", "people.csv", "B5")}, "fail", True),
    Entry("Excel PivotTable pasted as values (Row Labels, Grand Total), no cache, safe",
          fp28.excel_pivot_values(False)),
    Entry("Excel PivotTable pasted as values, West men 3", fp28.excel_pivot_values(True),
          {_f("SDC101", "pivot.xlsx[Pivot]", "C6"), _f("SDC103", "pivot.xlsx[Pivot]", "B6")},
          "fail", True),
    # round 28 (fp29): SAS's ODS HTML and ods csv/csvall renderings of PROC FREQ, and its
    # missing value "." in a CSV and a workbook; West (or West's men) 3 in each twin
    Entry("SAS ods html one-way PROC FREQ (generator, charset, style, BEGINTABLE, title box), "
          "safe", fp29.sas_ods_html_one_way(False)),
    Entry("SAS ods html one-way PROC FREQ, West 3", fp29.sas_ods_html_one_way(True),
          {_f("SDC101", "freq.html#table2", "B5"), _f("SDC101", "freq.html#table2", "D5"),
           _f("SDC303", "freq.html#table2", "C5"), _f("SDC303", "freq.html#table2", "E5")},
          "fail", True),
    Entry("SAS ods csv one-way PROC FREQ (text quoted, numbers bare), safe",
          fp29.sas_ods_csv_one_way(False)),
    Entry("SAS ods csv one-way PROC FREQ, West 3", fp29.sas_ods_csv_one_way(True),
          {_f("SDC101", "freq.csv", "B5"), _f("SDC101", "freq.csv", "D5"),
           _f("SDC303", "freq.csv", "C5"), _f("SDC303", "freq.csv", "E5")}, "fail", True),
    Entry("SAS ods csvall one-way PROC FREQ with titles and 'Frequency Missing = 14', safe",
          fp29.sas_ods_csvall_missing(14)),
    Entry("SAS ods csvall one-way PROC FREQ, 'Frequency Missing = 3'",
          fp29.sas_ods_csvall_missing(3), {_f("SDC101", "freq.csv", "A10")}, "fail", True),
    Entry("SAS ods csv of proc print of CrossTabFreqs, '.' for missing percentages, safe",
          fp29.sas_ods_csv_crosstab_dots(False)),
    Entry("SAS ods csv of proc print of CrossTabFreqs, '.' for missing, West men 3",
          fp29.sas_ods_csv_crosstab_dots(True),
          {_f("SDC101", "ct.csv", "F12"), _f("SDC103", "ct.csv", "F11")}
          | {_f("SDC303", "ct.csv", c) for c in ("G12", "H12", "I12")}, "fail", True),
    Entry("SAS CrossTabFreqs in a workbook, '.' as text for missing, safe",
          fp29.sas_xlsx_crosstab_dots(False)),
    Entry("SAS CrossTabFreqs in a workbook, '.' as text for missing, West men 3",
          fp29.sas_xlsx_crosstab_dots(True),
          {_f("SDC101", "ct.xlsx[CrossTabFreqs]", "F12"),
           _f("SDC103", "ct.xlsx[CrossTabFreqs]", "F11")}
          | {_f("SDC303", "ct.xlsx[CrossTabFreqs]", c) for c in ("G12", "H12", "I12")},
          "fail", True),
]
