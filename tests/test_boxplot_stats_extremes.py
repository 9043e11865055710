"""A box plot's data saved beside it (matplotlib's ``cbook.boxplot_stats`` as a DataFrame,
``to_csv``): ``whislo`` and ``whishi`` are the ends of the whiskers, each the value of one
record (the lowest and highest within 1.5 IQR of the box: the minimum and maximum when no
point lies beyond), and ``fliers`` lists the records beyond them. The columns' names said
nothing sdc knew, so the file was numbers not understood (SDC602 review); they name extremes
now (SDC302 fail at each whisker and flier cell, sdc.readers.roles). The file below is what
``pd.DataFrame(boxplot_stats([a, b], labels=["A", "B"])).round(2).to_csv(index=False)``
wrote for 62 and 45 simulated values, two of A's beyond its whisker."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import check_one_file, found_with_status

BOXPLOT_STATS = """\
label,mean,iqr,cilo,cihi,whishi,whislo,fliers,q1,med,q3
A,52.34,13.6,48.44,53.86,69.6,26.7,[101.   97.5],44.0,51.15,57.6
B,40.82,12.6,37.45,43.35,56.0,22.4,[],34.9,40.4,47.5
"""


def test_whiskers_and_fliers_are_single_records(tmp_path: Path) -> None:
    # was: review (SDC602 on 19 numbers)
    result = check_one_file(tmp_path, "box.csv", BOXPLOT_STATS)
    assert result.status.value == "fail"
    assert {(r, c, s) for r, c, s in found_with_status(result) if r == "SDC302"} == {
        ("SDC302", c, "fail") for c in ("F2", "G2", "H2", "F3", "G3")}  # B has no flier


def test_the_box_without_its_whiskers_passes(tmp_path: Path) -> None:
    # the twin: the quartiles and median of groups of 62 and 45, their n beside them
    text = "group,n,q1,median,q3\nA,62,44.0,51.15,57.6\nB,45,34.9,40.4,47.5\n"
    assert check_one_file(tmp_path, "box.csv", text).status.value == "pass"
