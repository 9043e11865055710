"""Safe outputs in the shapes tools write every day, each with a twin holding one small count
(fp26): pandas crosstabs and pivot tables with a two-level column header (CSV and XLSX), R's
``write.csv`` of a one-way ``table()`` (``Var1``, ``Freq``) and of a wide table, R's
``write.ftable``, Stata's ``tabulate ..., matcell(M)`` exported with ``putexcel`` and ``svmat``,
a gtsummary Table 1 with a comma in its ``N = 1,234``, R's ``summary(survfit, times = ...)``
saved and printed, and a matplotlib bar chart beside its CSV. Some stay ``review`` by design
(their entries say why): a raster image, a Table 1 whose p-values have no dof source, a median
(Q1, Q3) cell no label names, a mean (SD) with no contribution evidence.

The counts are written out (no random data): each twin changes one cell to 3.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

REGIONS = ["East", "North", "South", "West"]
SEXES = ["Female", "Male"]
AGES = ["18-39", "40-64", "65+"]
# people by region (rows) and sex x age band (columns), every cell 40 or more
_CELLS = [[101, 98, 110, 97, 104, 107], [95, 112, 99, 108, 101, 99],
          [97, 96, 93, 101, 99, 98], [104, 92, 95, 96, 97, 105]]


def _people(small: bool) -> pd.DataFrame:
    """One row per person, built from the cell counts (West / Male / 65+ is 3 in the twin)."""
    cells = [row[:] for row in _CELLS]
    if small:
        cells[3][5] = 3
    rows = []
    for r, region in enumerate(REGIONS):
        for c, (sex, age) in enumerate((s, a) for s in SEXES for a in AGES):
            rows += [(region, sex, age)] * cells[r][c]
    return pd.DataFrame(rows, columns=["region", "sex", "agegrp"])


def crosstab_two_level_xlsx(small: bool) -> object:
    def write(root: Path) -> None:
        # pd.crosstab(region, [sex, agegrp], margins=True).to_excel(): merged sex over ages
        df = _people(small)
        pd.crosstab(df.region, [df.sex, df.agegrp], margins=True).to_excel(root / "t.xlsx")
    return write


def pivot_count_two_level_csv(small: bool) -> object:
    def write(root: Path) -> None:
        # pivot_table(index=region, columns=[sex, agegrp], aggfunc="count", margins=True)
        df = _people(small).assign(id=1)
        df.pivot_table(index="region", columns=["sex", "agegrp"], values="id",
                       aggfunc="count", margins=True).to_csv(root / "p.csv")
    return write


def r_one_way_table(small: bool) -> object:
    def write(root: Path) -> None:
        # write.csv(table(d$region)): R names the factor's column Var1
        counts = [617, 614, 584, 3 if small else 585]
        (root / "region.csv").write_text('"","Var1","Freq"\n' + "".join(
            f'"{i}","{r}",{n}\n' for i, (r, n) in enumerate(zip(REGIONS, counts,
                                                                  strict=True), 1)))
    return write


def r_wide_table(small: bool) -> object:
    def write(root: Path) -> None:
        # write.csv(as.data.frame.matrix(table(d$region, d$agegrp)))
        df = _people(False)
        t = pd.crosstab(df.region, df.agegrp)
        if small:
            t.loc["West", "65+"] = 3
        (root / "tab.csv").write_text('"",' + ",".join(f'"{c}"' for c in t.columns) + "\n"
                                      + "".join(f'"{r}",' + ",".join(map(str, row)) + "\n"
                                                for r, row in zip(t.index, t.values,
                                                                  strict=True)))
    return write


def r_write_ftable(small: bool) -> object:
    def write(root: Path) -> None:
        # write.ftable(ftable(xtabs(~ region + sex + agegrp)), "ft.csv", sep = ",")
        df = _people(small)
        t = pd.crosstab([df.region, df.sex], df.agegrp)
        lines = ['"","","agegrp",' + ",".join(f'"{a}"' for a in AGES),
                 '"region","sex","",' + ",".join('""' for _ in AGES)]
        for (region, sex), row in zip(t.index, t.values, strict=True):
            shown = region if sex == SEXES[0] else ""
            lines.append(f'"{shown}","{sex}","",' + ",".join(map(str, row)))
        (root / "ft.csv").write_text("\n".join(lines) + "\n")
    return write


def _matcell(small: bool) -> list[list[int]]:
    df = _people(False)
    cells = pd.crosstab(df.region, df.sex).values.tolist()
    if small:
        cells[3][1] = 3  # r4, c2: West men
    return cells


def stata_matcell_putexcel(small: bool) -> object:
    def write(root: Path) -> None:
        # tabulate region sex, matcell(M) then putexcel A1 = matrix(M), names: r1.., c1..
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Sheet1"
        ws.append([None, "c1", "c2"])
        for i, row in enumerate(_matcell(small), 1):
            ws.append([f"r{i}", *row])
        wb.save(root / "matcell.xlsx")
    return write


def stata_matcell_svmat(small: bool) -> object:
    def write(root: Path) -> None:
        # svmat M, names(col) then export delimited col1 col2 using m.csv
        (root / "m.csv").write_text("col1,col2\n" + "".join(
            f"{a},{b}\n" for a, b in _matcell(small)))
    return write


def gtsummary_comma_n(small: bool) -> object:
    def write(root: Path) -> None:
        # tbl_summary(include = c(sex, region, died)) |> as_tibble() |> write.csv(row.names = F)
        west = "4 (0.3%)" if small else "301 (24%)"
        (root / "table1.csv").write_text(
            '"**Characteristic**","**N = 1,234**"\n"Sex",""\n"Female","619 (50%)"\n'
            '"Male","615 (50%)"\n"Region",""\n"North","310 (25%)"\n"South","301 (24%)"\n'
            f'"East","322 (26%)"\n"West","{west}"\n"Died","246 (20%)"\n')
    return write


def gtsummary_add_p(root: Path) -> None:
    # tbl_summary(by = trt) |> add_p() |> as_tibble() |> write.csv(row.names = FALSE)
    (root / "table1.csv").write_text(
        '"**Characteristic**","**Drug A**, N = 612","**Drug B**, N = 622","**p-value**"\n'
        '"Sex","","","0.6"\n"Female","301 (49%)","318 (51%)",""\n'
        '"Male","311 (51%)","304 (49%)",""\n"Stage","","","0.3"\n'
        '"I","152 (25%)","140 (23%)",""\n"II","160 (26%)","171 (27%)",""\n'
        '"III","149 (24%)","160 (26%)",""\n"IV","151 (25%)","151 (24%)",""\n')


def gtsummary_median_q1_q3(root: Path) -> None:
    # tbl_summary(include = c(age, sex)): age as median (Q1, Q3), the footnote dropped by
    # as_tibble(); "{median} ({min}, {max})" would print the same shape
    (root / "table1.csv").write_text(
        '"**Characteristic**","**N = 1,234**"\n"Age","47 (35, 59)"\n"Sex",""\n'
        '"Female","619 (50%)"\n"Male","615 (50%)"\n')


def tableone_mean_sd(root: Path) -> None:
    # write.csv(print(CreateTableOne(c("age", "sex", "died"), data = d), printToggle = FALSE))
    (root / "tableone.csv").write_text(
        '"","Overall"\n"n","1234"\n"age (mean (SD))","47.66 (12.26)"\n'
        '"sex = Male (%)","615 (49.8) "\n"died = 1 (%)","246 (19.9) "\n')


_KM = [(7, 1010, 130, 0.8917, 0.00897, 0.8743, 0.9094),
       (19, 820, 118, 0.7875, 0.01205, 0.7642, 0.8115),
       (38, 640, 96, 0.6953, 0.01420, 0.6680, 0.7237),
       (61, 455, 74, 0.6149, 0.01585, 0.5846, 0.6468)]


def _km(small: bool) -> list[tuple[float, ...]]:
    rows = [list(r) for r in _KM]
    if small:
        rows[2][2] = 3  # 3 events between months 19 and 38 (820 -> 640: 177 censored)
    return [tuple(r) for r in rows]


def r_survfit_times_csv(small: bool) -> object:
    def write(root: Path) -> None:
        # s <- summary(survfit(Surv(time, status) ~ 1, d), times = c(7, 19, 38, 61));
        # write.csv(data.frame(time = s$time, n.risk = s$n.risk, n.event = s$n.event,
        #   survival = s$surv, std.err = s$std.err, lower = s$lower, upper = s$upper))
        (root / "km.csv").write_text(
            '"","time","n.risk","n.event","survival","std.err","lower","upper"\n' + "".join(
                f'"{i}",' + ",".join(str(v) for v in row) + "\n"
                for i, row in enumerate(_km(small), 1)))
    return write


def r_survfit_times_printed(small: bool) -> object:
    def write(root: Path) -> None:
        # capture.output(summary(fit, times = c(7, 19, 38, 61)), file = "km.txt")
        (root / "km.txt").write_text(
            "Call: survfit(formula = Surv(time, status) ~ 1, data = d)\n\n"
            " time n.risk n.event survival std.err lower 95% CI upper 95% CI\n" + "".join(
                f"{t:5d} {n:6d} {e:7d} {s:8.3f} {se:7.5f} {lo:12.3f} {hi:12.3f}\n"
                for t, n, e, s, se, lo, hi in _km(small)))
    return write


def matplotlib_bar_with_csv(root: Path) -> None:
    # value_counts().to_csv() and the bar chart of it, plt.savefig("by_region.png")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    counts = pd.Series([617, 614, 584, 585], index=pd.Index(REGIONS, name="region"),
                       name="patients")
    counts.to_csv(root / "by_region.csv")
    fig, ax = plt.subplots(figsize=(4, 3))
    counts.plot.bar(ax=ax)
    fig.savefig(root / "by_region.png", metadata={"Software": None})
    plt.close(fig)
