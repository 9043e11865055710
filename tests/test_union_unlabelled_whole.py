"""A whole that prints no dimension of its parts' rows' name (round 40, union40b).

``a.csv`` (North and South) and ``b.csv`` (East and West) print the regions' rows under
``F, M, Total``; ``c.csv Total,111,132,243`` under ``region`` gave North/F = 111 - 51 - 36 - 20
= 4 back (SDC501 ``fail``). The same totals under another label, ``group,F,M,Total /
All,...``, with no row label at all (``F,M,Total / 111,...``) or as a one-way table of the
sexes (``sex,n / F,111 / M,132 / Total,243``) passed everything on union40's branch: the whole
was read only where its margins run along a dimension of the parts' name. Only the label the
researcher chose differed. Now each is read as the total over the parts' rows.

Each case at ``-j 1`` and ``-j 2``, read whole and streamed, with exact findings, and its safe
twins: totals much larger than the rows (a national table: the remainder absorbs it) and
totals that contradict the rows (fewer women than the printed rows hold: dropped)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import release_modes
from tests.release_modes import found as _found

jobs = release_modes.jobs  # the fixture its tests take: each mode

A = "region,F,M,Total\nNorth,*,*,40\nSouth,51,49,100\n"  # North/F = 4, North/M = 36 hidden
B = "region,F,M,Total\nEast,36,30,66\nWest,20,17,37\n"
ALL_PASS = {"a.csv": "pass", "b.csv": "pass", "c.csv": "pass"}

# each whole as (F, M, Total) -> its text
WHOLES = {
    "another-dimension": lambda f, m, t: f"group,F,M,Total\nAll,{f},{m},{t}\n",
    "no-row-label": lambda f, m, t: f"F,M,Total\n{f},{m},{t}\n",
    "one-way": lambda f, m, t: f"sex,n\nF,{f}\nM,{m}\nTotal,{t}\n",
}


def _write(root: Path, whole: str) -> None:
    (root / "a.csv").write_text(A)
    (root / "b.csv").write_text(B)
    (root / "c.csv").write_text(whole)


@pytest.mark.parametrize("shape", sorted(WHOLES))
def test_totals_under_another_label_give_the_hidden_cells_back(tmp_path: Path, jobs: int,
                                                                shape: str) -> None:
    # union40's branch: every table passed
    _write(tmp_path, WHOLES[shape](111, 132, 243))
    assert _found(tmp_path, jobs) == (
        "fail", ALL_PASS | {"a.csv": "fail"},
        {("a.csv", "SDC501", "fail", "B2"), ("a.csv", "SDC501", "fail", "C2")})


def test_the_same_totals_under_region_fail_as_before(tmp_path: Path, jobs: int) -> None:
    _write(tmp_path, "region,F,M,Total\nTotal,111,132,243\n")
    assert _found(tmp_path, jobs) == (
        "fail", ALL_PASS | {"a.csv": "fail"},
        {("a.csv", "SDC501", "fail", "B2"), ("a.csv", "SDC501", "fail", "C2")})


@pytest.mark.parametrize("shape", sorted(WHOLES))
def test_a_national_table_of_much_larger_numbers_passes(tmp_path: Path, jobs: int,
                                                        shape: str) -> None:
    # North/F in [0, 4893]: the remainder absorbs it
    _write(tmp_path, WHOLES[shape](5000, 5200, 10200))
    assert _found(tmp_path, jobs) == ("pass", ALL_PASS, set())


@pytest.mark.parametrize("shape", sorted(WHOLES))
def test_totals_that_contradict_the_rows_are_dropped(tmp_path: Path, jobs: int,
                                                     shape: str) -> None:
    # 100 women, fewer than South, East and West print (107): no union of these rows
    _write(tmp_path, WHOLES[shape](100, 132, 232))
    assert _found(tmp_path, jobs) == ("pass", ALL_PASS, set())


@pytest.mark.parametrize("shape", sorted(WHOLES))
def test_totals_of_other_columns_are_no_whole(tmp_path: Path, jobs: int, shape: str) -> None:
    # the totals print F, M, X: other columns than the rows' (they count something else)
    whole = {"another-dimension": "group,F,M,X,Total\nAll,111,132,10,253\n",
             "no-row-label": "F,M,X,Total\n111,132,10,253\n",
             "one-way": "sex,n\nF,111\nM,132\nX,10\nTotal,253\n"}[shape]
    _write(tmp_path, whole)
    if shape == "no-row-label":  # read as a magnitude (union40's branch too): no union
        assert _found(tmp_path, jobs) == ("review", ALL_PASS | {"c.csv": "review"},
                                          {("c.csv", "SDC203", "review", None)})
    else:
        assert _found(tmp_path, jobs) == ("pass", ALL_PASS, set())


RECORDING = Path(__file__).parent / "acro-recordings" / (
    "673174456d39c11c5160f18f71bfd5e73b7b45461218ed38f7e833a4679d0278.tar.xz")


def test_a_column_of_several_counts_is_no_unlabelled_whole(tmp_path: Path) -> None:
    # ACRO's ``min, count, max`` x ``smoker`` by year: each column is a system by year alone
    # (``count / False``), whose header's ``False`` its labels do not carry; read as a whole
    # over t2.csv's ``count / F / g1`` rows by year x smoker (both smokers), the message of
    # t2.csv's SDC501 cited t10.csv!E4 (a false union; the findings themselves were the same)
    import json
    import tarfile

    from tests.test_hunt35_link_spellings import checked

    with tarfile.open(RECORDING) as tar:
        for member, name in (("s34-34008/output_10_0.csv", "t10.csv"),
                             ("s34-34029/output_2_0.csv", "t2.csv")):
            source = tar.extractfile(member)
            assert source is not None
            (tmp_path / name).write_bytes(source.read())
    report, _ = checked(tmp_path, 1)
    text = json.dumps(report)
    assert "t10.csv!" not in text
    cells = {(o["path"], f["rule"], f["status"], (f.get("location") or {}).get("cell"))
             for o in report["outputs"] for f in o.get("findings", [])}
    assert {("t2.csv", "SDC501", "review", "I6"), ("t2.csv", "SDC501", "review", "I12")} <= cells
