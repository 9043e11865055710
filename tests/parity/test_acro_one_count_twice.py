"""ACRO 1.0.2 with ``suppress=True`` recomputes a suppressed crosstab's margins from the cells it
leaves; a second crosstab of the same records over another variable publishes the true margin.
Where the two agree (every area but one, both tables' other margins) the one area where they
do not is a count apart by exactly the hidden cells: SDC503 ``fail`` there
(docs/acro-differences.md, "One count in two tables"). ACRO itself passes the second table."""

from __future__ import annotations

import textwrap
from pathlib import Path

import sdc
from tests import acro_recordings
from tests.parity.test_acro_parity import POLICY

SESSION = textwrap.dedent("""
    import sys
    import pandas as pd
    from acro import ACRO

    # (area, sex, year): count of records; West's women are 4, each year holds 12 of West
    cells = {("East", "F", 2020): 30, ("East", "F", 2021): 31, ("East", "M", 2020): 28,
             ("East", "M", 2021): 33, ("North", "F", 2020): 25, ("North", "F", 2021): 26,
             ("North", "M", 2020): 29, ("North", "M", 2021): 35, ("West", "F", 2020): 2,
             ("West", "F", 2021): 2, ("West", "M", 2020): 10, ("West", "M", 2021): 10}
    rows = [key for key, n in cells.items() for _ in range(n)]
    df = pd.DataFrame(rows, columns=["area", "sex", "year"])
    acro = ACRO(suppress=True)
    acro.crosstab(df.area, df.sex, margins=True)
    acro.crosstab(df.area, df.year, margins=True)
    acro.finalise(sys.argv[1], "json")
""")


def test_a_suppressed_crosstab_beside_the_true_margin_fails(tmp_path: Path) -> None:
    script = tmp_path / "session.py"
    script.write_text(SESSION)
    out = tmp_path / "out"
    acro_recordings.run(script, [str(out)], tmp_path, inputs=[script], timeout=300)
    by_sex = (out / "output_0_0.csv").read_text().splitlines()
    by_year = (out / "output_1_0.csv").read_text().splitlines()
    assert by_sex[3] == "West,,20,20" and by_year[3] == "West,12,12,24"  # ACRO's own files
    result = sdc.check(out, POLICY)
    found = {(f.rule, f.location.path, f.location.cell, f.status.value)
             for f in result.findings if f.rule == "SDC503"}
    # West / All 24 against 20 (the 4 women), and the grand totals 261 against 257
    assert found == {("SDC503", "output_1_0.csv", "D4", "fail"),
                     ("SDC503", "output_1_0.csv", "D5", "fail")}
    assert {f.evidence["difference"] for f in result.findings if f.rule == "SDC503"} == {4}
    assert result.status.value == "fail"
