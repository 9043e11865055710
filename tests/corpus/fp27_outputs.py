"""gtsummary ``add_p()`` twins (a group of 8, a level of 3), and safe outputs in shapes tools
write every day and the corpus lacked, each beside a twin with one small count where the
shape has counts (fp27): pandas ``Styler.background_gradient()
.to_latex(convert_css=True)``, ``value_counts()`` beside ``value_counts(normalize=True)`` and
the proportions alone, ``describe()`` of a count column (its min and max are one person's:
disclosive), R ``emmeans`` saved with ``write.csv``, Stata ``outreg2`` to its default ``.txt``,
and an R ``gt`` table saved as HTML. Those kept ``review`` say why in their entry and in
docs/decisions.md, Round 26 (fp27).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tests.corpus.fp26_outputs import AGES, REGIONS, SEXES, _people


def _region_by_age(small: bool) -> pd.DataFrame:
    df = _people(False)
    table = pd.crosstab(df.region, df.agegrp)
    if small:
        table.loc["West", "65+"] = 3
    return table


def gtsummary_add_p_small_group(root: Path) -> None:
    # tbl_summary(by = trt) |> add_p() with a group of 8: its counts and its p-value
    (root / "table1.csv").write_text(
        '"**Characteristic**","**Drug A**, N = 8","**Drug B**, N = 622","**p-value**"\n'
        '"Sex","","","0.6"\n"Female","3 (38%)","318 (51%)",""\n'
        '"Male","5 (63%)","304 (49%)",""\n')


def gtsummary_add_p_small_level(root: Path) -> None:
    # fp26's add_p() Table 1 with Drug A's stage IV 3 (its stage III 297)
    (root / "table1.csv").write_text(
        '"**Characteristic**","**Drug A**, N = 612","**Drug B**, N = 622","**p-value**"\n'
        '"Sex","","","0.6"\n"Female","301 (49%)","318 (51%)",""\n'
        '"Male","311 (51%)","304 (49%)",""\n"Stage","","","0.3"\n'
        '"I","152 (25%)","140 (23%)",""\n"II","160 (26%)","171 (27%)",""\n'
        '"III","297 (49%)","160 (26%)",""\n"IV","3 (0.5%)","151 (24%)",""\n')


def styler_gradient_latex(small: bool) -> object:
    def write(root: Path) -> None:
        # pd.crosstab(region, agegrp).style.background_gradient(cmap="Blues")
        #   .to_latex(convert_css=True): each cell '{\cellcolor[HTML]{..}} \color[HTML]{..} 198'
        styled = _region_by_age(small).style.background_gradient(cmap="Blues")
        (root / "t.tex").write_text(styled.to_latex(convert_css=True))
    return write


def styler_highlight_max_latex(small: bool) -> object:
    def write(root: Path) -> None:
        # .style.highlight_max().to_latex(convert_css=True): '{\cellcolor{yellow}} 217'
        styled = _region_by_age(small).style.highlight_max()
        (root / "t.tex").write_text(styled.to_latex(convert_css=True))
    return write


def styler_white_on_white_latex(root: Path) -> None:
    # the Styler shape with West's 3 written white on a white fill: the colour stays, the 3 is
    # no clean number (the table is not read as safe)
    table = _region_by_age(True).astype(str)
    table.loc["West", "65+"] = "{\\cellcolor[HTML]{FFFFFF}} \\color[HTML]{FFFFFF} 3"
    table.loc["East", "18-39"] = "{\\cellcolor[HTML]{F7FBFF}} \\color[HTML]{000000} " + str(
        table.loc["East", "18-39"])
    (root / "t.tex").write_text(table.style.to_latex())


def value_counts_with_proportion(small: bool) -> object:
    def write(root: Path) -> None:
        # pd.concat([s.value_counts(), s.value_counts(normalize=True).round(3)], axis=1)
        df = _people(False)
        counts = df.region.value_counts()
        if small:
            counts["West"] = 3
        shares = (counts / counts.sum()).round(3).rename("proportion")
        pd.concat([counts, shares], axis=1).to_csv(root / "region.csv")
    return write


def value_counts_normalize_only(root: Path) -> None:
    # df.agegrp.value_counts(normalize=True).to_csv(): shares with no N anywhere
    _people(False).agegrp.value_counts(normalize=True).round(3).to_csv(root / "age.csv")


def describe_count_column(root: Path) -> None:
    # df[["visits"]].describe() of 500 people: count 500, but min and max are single people's
    visits = np.random.default_rng(3).poisson(4, 500)
    pd.DataFrame({"visits": visits}).describe().to_csv(root / "visits.csv")


def r_emmeans(root: Path) -> None:
    # write.csv(summary(emmeans(lm(sbp ~ trt + age, d), ~ trt)), row.names = FALSE)
    (root / "emm.csv").write_text(
        '"trt","emmean","SE","df","lower.CL","upper.CL"\n'
        '"A",132.4,0.61,1230,131.2,133.6\n"B",129.8,0.60,1230,128.6,131.0\n')


def stata_outreg2_txt(root: Path) -> None:
    # regress sbp age; outreg2 using reg, replace; regress sbp age female; outreg2 using reg
    (root / "reg.txt").write_text(
        "\t(1)\t(2)\n" "VARIABLES\tsbp\tsbp\n\t\t\n"
        "age\t0.512***\t0.498***\n\t(0.031)\t(0.030)\n"
        "female\t\t-4.12***\n\t\t(0.71)\n"
        "Constant\t108.2***\t111.0***\n\t(1.62)\t(1.64)\n\t\t\n"
        "Observations\t1,234\t1,234\nR-squared\t0.181\t0.203\n"
        "Standard errors in parentheses\t\t\n*** p<0.01, ** p<0.05, * p<0.1\t\t\n")


def gt_html(small: bool) -> object:
    def write(root: Path) -> None:
        # gt(as.data.frame.matrix(table(region, sex)), rownames_to_stub = TRUE) |>
        #   tab_header("Patients by region and sex") |> gtsave("t.html")
        df = _people(False)
        table = pd.crosstab(df.region, df.sex)
        if small:
            table.loc["West", "Male"] = 3
        rows = "".join(
            f'<tr><th class="gt_row gt_left gt_stub">{region}</th>' + "".join(
                f'<td class="gt_row gt_right">{n}</td>' for n in row) + "</tr>\n"
            for region, row in zip(table.index, table.values, strict=True))
        heads = "".join(f'<th class="gt_col_heading gt_columns_bottom_border gt_right" '
                        f'scope="col" id="{s}">{s}</th>' for s in SEXES)
        (root / "t.html").write_text(
            '<html><head><meta charset="utf-8"/><style>#abcdef .gt_table {display: table; '
            'border-collapse: collapse; margin-left: auto; font-size: 16px;}</style></head>'
            '<body><div id="abcdef" style="padding-left:0px;overflow-x:auto;">'
            '<table class="gt_table">\n<thead>\n<tr class="gt_heading"><td colspan="3" '
            'class="gt_heading gt_title gt_font_normal">Patients by region and sex</td></tr>\n'
            '<tr class="gt_col_headings"><th class="gt_col_heading gt_columns_bottom_border '
            f'gt_left" scope="col" id=""></th>{heads}</tr>\n</thead>\n'
            f'<tbody class="gt_table_body">\n{rows}</tbody>\n</table>\n</div></body></html>\n')
    return write


__all__ = ["AGES", "REGIONS"]


def excel_pivot_with_cache(root: Path) -> None:
    # Excel: Insert > PivotTable (Count of id by region x sex), saved as Excel saves it by
    # default ("Save source data with file"): the cache's records are the 2,400 rows behind it
    import zipfile

    import openpyxl

    people = _people(False)[["region", "sex"]]
    table = pd.crosstab(people.region, people.sex)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Pivot"
    ws.append(["Count of id", "Column Labels"])
    ws.append(["Row Labels", *SEXES, "Grand Total"])
    for region, row in zip(table.index, table.values.tolist(), strict=True):
        ws.append([region, *row, sum(row)])
    ws.append(["Grand Total", *table.sum().tolist(), int(table.values.sum())])
    wb.save(root / "pivot.xlsx")
    regions, sexes = list(table.index), SEXES
    items = lambda values: "".join(f'<s v="{v}"/>' for v in values)  # noqa: E731
    definition = (
        '<?xml version="1.0" encoding="UTF-8"?><pivotCacheDefinition xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main" refreshOnLoad="0" recordCount='
        f'"{len(people)}"><cacheSource type="worksheet"><worksheetSource ref="A1:C'
        f'{len(people) + 1}" sheet="data"/></cacheSource><cacheFields count="3">'
        '<cacheField name="id" numFmtId="0"><sharedItems containsSemiMixedTypes="0" '
        f'containsString="0" containsNumber="1" containsInteger="1" minValue="1" maxValue="'
        f'{len(people)}"/></cacheField><cacheField name="region" numFmtId="0"><sharedItems>'
        f'{items(regions)}</sharedItems></cacheField><cacheField name="sex" numFmtId="0">'
        f'<sharedItems>{items(sexes)}</sharedItems></cacheField></cacheFields>'
        '</pivotCacheDefinition>')
    records = "".join(f'<r><n v="{i}"/><x v="{regions.index(r)}"/><x v="{sexes.index(s)}"/>'
                      f"</r>" for i, (r, s) in enumerate(people.itertuples(index=False), 1))
    with zipfile.ZipFile(root / "pivot.xlsx", "a") as zf:
        zf.writestr("xl/pivotCache/pivotCacheDefinition1.xml", definition)
        zf.writestr("xl/pivotCache/pivotCacheRecords1.xml",
                    '<?xml version="1.0" encoding="UTF-8"?><pivotCacheRecords xmlns="http://'
                    'schemas.openxmlformats.org/spreadsheetml/2006/main" count="'
                    f'{len(people)}">{records}</pivotCacheRecords>')


_LOGISTIC = """. logistic died age i.male

Iteration 0:  Log likelihood = -1632.9237
Iteration 1:  Log likelihood = -1612.2887

Logistic regression                                     Number of obs = {obs}
                                                        LR chi2(2)    =  41.27
                                                        Prob > chi2   = 0.0000
Log likelihood = -1612.2887                             Pseudo R2     = 0.0126

------------------------------------------------------------------------------
        died | Odds ratio   Std. err.      z    P>|z|     [95% conf. interval]
-------------+----------------------------------------------------------------
         age |   1.021538   .0034417     6.33   0.000     1.014815    1.028311
             |
        male |
        Yes  |   1.187329   .1045832     1.95   0.051     .9990912    1.411046
       _cons |   .0671234   .0132345   -13.70   0.000     .0456123    .0987654
------------------------------------------------------------------------------
Note: _cons estimates baseline odds.
"""


def stata_logistic_odds_ratios(obs: str) -> object:
    def write(root: Path) -> None:
        # log using logistic.log, text: logistic died age i.male (odds ratios), as Stata 17
        (root / "logistic.log").write_text(_LOGISTIC.format(obs=obs))
    return write


_MARK = ('<span class="gt_footnote_marks" style="white-space:nowrap;font-style:italic;'
         'font-weight:normal;line-height:0;"><sup>{}</sup></span>')
_LEVELS = [("Sex", "", "", "0.6"), ("Female", "301 (49%)", "318 (51%)", ""),
           ("Male", "311 (51%)", "304 (49%)", ""), ("Stage", "", "", "0.3"),
           ("I", "152 (25%)", "140 (23%)", ""), ("II", "160 (26%)", "171 (27%)", ""),
           ("III", "149 (24%)", "160 (26%)", ""), ("IV", "151 (25%)", "151 (24%)", "")]


def gtsummary_add_p_gt_html(drug_a: str, small: bool) -> object:
    def write(root: Path) -> None:
        # tbl_summary(by = trt) |> add_p() |> as_gt() |> gtsave("table1.html"): the groups'
        # N under their names, footnote marks raised after the headers and opening the
        # footnote lines in the tfoot
        levels = [list(r) for r in _LEVELS]
        if small:
            levels[6][1], levels[7][1] = "297 (49%)", "3 (0.5%)"
        head = "".join(
            '<th class="gt_col_heading gt_columns_bottom_border gt_center" rowspan="1" '
            f'colspan="1" scope="col" id="{i}"><span class="gt_from_md">{name}</span>{mark}</th>'
            for i, name, mark in (
                ("label", "<strong>Characteristic</strong>", ""),
                ("stat_1", f"<strong>Drug A</strong><br />N = {drug_a}", _MARK.format(1)),
                ("stat_2", "<strong>Drug B</strong><br />N = 622", _MARK.format(1)),
                ("p.value", "<strong>p-value</strong>", _MARK.format(2))))
        body = "".join(
            f'<tr><td headers="label" class="gt_row gt_left">'
            f'{"&nbsp;&nbsp;&nbsp;&nbsp;" if r[1] else ""}{r[0]}</td>' + "".join(
                f'<td headers="x" class="gt_row gt_center">{v}</td>' for v in r[1:]) + "</tr>\n"
            for r in levels)
        foot = "".join(
            f'<tr><td class="gt_footnote" colspan="4">{_MARK.format(i)} <span class="gt_from_md">'
            f"{text}</span></td></tr>\n" for i, text in ((1, "n (%)"),
                                                        (2, "Pearson’s Chi-squared test")))
        (root / "table1.html").write_text(
            '<html><head><meta charset="utf-8"/><style>#xyz table {font-size: 16px;}</style>'
            '</head><body><div id="xyz"><table class="gt_table">\n<thead>\n'
            f'<tr class="gt_col_headings">{head}</tr>\n</thead>\n<tbody class="gt_table_body">'
            f'\n{body}</tbody>\n<tfoot class="gt_footnotes">\n{foot}</tfoot>\n</table>\n'
            "</div></body></html>\n", encoding="utf-8")
    return write
