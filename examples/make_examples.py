"""Regenerate the bundled example release request (``examples/heart-study``).

The files are committed; run this only to rebuild them:
``python examples/make_examples.py``. Synthetic numbers, no real patients.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent / "heart-study"

REQUEST = """\
[request]
title = "Heart disease in primary care, 2019-2023"
author = "a.researcher"
project = "P-2024-017"

[[outputs]]
path = "tables/admissions_by_age_sex.csv"
kind = "frequency"
description = "Emergency admissions for heart failure by age band and sex, all adults"

[[outputs]]
path = "tables/statins_by_region.csv"
description = "Patients prescribed statins by region and year"

[[outputs]]
path = "tables/cancer_site_by_sex.csv"
description = "Cancer diagnoses in the cohort by site and sex"
# men cannot have cervical cancer: the zero is structural, not a disclosure
structural_zeros = [{ row = "Cervix", column = "Male" }, { row = "Prostate", column = "Female" }]

[[outputs]]
path = "tables/rare_conditions_by_practice.csv"
description = "Rare cardiac conditions by GP practice"
justification = "Needed for the practice-level variation analysis in section 4"

[[outputs]]
path = "tables/followup_extract.csv"
description = "Follow-up list for the validation sub-study"

[[outputs]]
path = "workbooks/summary.xlsx"
description = "Summary workbook for the steering group"

[[outputs]]
path = "figures/age_distribution.png"
description = "Age distribution of the cohort"
"""

ADMISSIONS = """\
Table 1: Emergency admissions for heart failure by age band and sex
age_band,Female,Male,Total
18-44,112,148,260
45-64,389,512,901
65-74,655,701,1356
75+,1204,1093,2297
Total,2360,2454,4814
Source: synthetic example data
"""

STATINS = """\
region,year,patients
North East,2022,"12,431"
North East,2023,"12,980"
North West,2022,"30,112"
North West,2023,"31,447"
South West,2022,"18,220"
South West,2023,"18,904"
"""

CANCER = """\
site,Female,Male,Total
Breast,415,12,427
Cervix,86,0,86
Colorectal,301,356,657
Lung,287,322,609
Prostate,0,498,498
"""

RARE = """\
practice,Cardiomyopathy,Myocarditis,Total
A81001,14,3,17
A81002,21,0,21
A81003,12,11,23
[c] marks suppressed cells,,,
"""

FOLLOWUP = """\
nhs_number,age_band,condition
9434765919,75+,heart failure
4010232137,65-74,heart failure
"""


def write_workbook(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws.append(["Measure", "Count"])
    ws.append(["Patients in cohort", 48213])
    ws.append(["Patients with heart failure", 4814])
    ws.append(["Deaths within 30 days", 611])
    hidden = wb.create_sheet("workings")
    hidden.sheet_state = "hidden"
    hidden.append(["practice", "deaths"])
    hidden.append(["A81001", 4])
    hidden.append(["A81002", 57])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def write_figure(path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3), dpi=80)
    ax.bar(["18-44", "45-64", "65-74", "75+"], [260, 901, 1356, 2297])
    ax.set_title("Age distribution")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def main() -> None:
    files = {
        "request.toml": REQUEST,
        "tables/admissions_by_age_sex.csv": ADMISSIONS,
        "tables/statins_by_region.csv": STATINS,
        "tables/cancer_site_by_sex.csv": CANCER,
        "tables/rare_conditions_by_practice.csv": RARE,
        "tables/followup_extract.csv": FOLLOWUP,
    }
    for rel, text in files.items():
        target = HERE / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    write_workbook(HERE / "workbooks/summary.xlsx")
    write_figure(HERE / "figures/age_distribution.png")


if __name__ == "__main__":
    main()
