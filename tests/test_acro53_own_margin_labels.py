"""Round 53 (acro53): a table's own margin name closes a label column of codes or years.

Round 52 learned ``margins_name="Everyone"`` from the table's place and arithmetic
(``sdc/readers/layout_own_margin.py``), but two readers still knew only the policy's words:
the layout's code column (``_confirmed_code_column``: ``pd.crosstab(df.grp, df.sex,
margins=True, margins_name="Everyone")`` with ``grp`` coded 1..3) and year column
(``_closing_margin``), and coverage's numeric label columns (``_label_kind``). On base53
``grp,F,M,Everyone`` over codes 1, 2, 3 read the codes as counts (SDC101 ``fail`` at A2:A4)
and a year column closed by ``Everyone`` read its years as counts (SDC103 ``fail``); with
``All`` both pass. Now the table's own name closes the column as ``All`` does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({}, profile="acro")

CODES = """grp,F,M,Everyone
1,15,16,31
2,22,18,40
3,30,25,55
Everyone,67,59,126
"""
YEARS = CODES.replace("grp", "year").replace("\n1,", "\n2019,").replace(
    "\n2,", "\n2020,").replace("\n3,", "\n2021,")
MAXIMA = """grp,F,M,Everyone
1,150,160,160
2,220,180,220
3,300,250,300
Everyone,300,250,300
"""


def _check(tmp_path: Path, text: str, name: str = "t.csv") -> sdc.RunResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return sdc.check(path, POLICY)


def _found(result: sdc.RunResult) -> set[tuple[str, str | None, str]]:
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings}


@pytest.mark.parametrize("text", [CODES, YEARS], ids=["codes", "years"])
def test_codes_or_years_closed_by_an_own_margin_name_are_labels(tmp_path: Path,
                                                                text: str) -> None:
    """base53: SDC101 ``fail`` at A2:A4 (codes) or SDC103 ``fail`` there (years), SDC402 at
    D2:D4 (each label added into its line's total) and SDC602 at A5."""
    assert _found(_check(tmp_path, text)) == set()


def test_maxima_under_a_code_column_closed_by_an_own_name(tmp_path: Path) -> None:
    """The margins are the maxima of what they span: SDC302 at every cell B2:D5 as under
    ``All``; nothing on the codes (base53: SDC101 and SDC302 at A2:A4, SDC602 at A5)."""
    found = _found(_check(tmp_path, MAXIMA))
    assert {cell for rule, cell, _ in found if rule == "SDC302"} == {
        f"{c}{r}" for c in "BCD" for r in range(2, 6)}
    assert {cell for _, cell, _ in found if cell is None or cell.startswith("A")} == set()
    (tmp_path / "b").mkdir()
    twin = _check(tmp_path / "b", MAXIMA.replace("Everyone", "All"), "all.csv")
    assert {f[0::2] for f in findings_of(_check(tmp_path, MAXIMA))} == {
        f[0::2] for f in findings_of(twin)}


def test_a_last_line_that_is_no_margin_keeps_the_codes_counts(tmp_path: Path) -> None:
    """Fail closed: ``Everyone,3,2,5`` is no margin of the counts above, so no name is learned
    and the first column stays a measure, its codes checked as counts (as on base53)."""
    found = _found(_check(tmp_path, CODES.replace("Everyone,67,59,126", "Everyone,3,2,5")))
    assert {("SDC101", "A2", "fail"), ("SDC101", "B5", "fail")} <= found


MODE = """eth,grp,0,1,Everyone
A,g1,0.0,0.0,0.0
A,g2,0.0,0.0,0.0
D,g1,0.0,824.0,0.0
D,g2,0.0,0.0,0.0
Everyone,,0.0,0.0,0.0
"""


def test_a_mode_is_read_from_what_the_file_says(tmp_path: Path) -> None:
    """acro52's *Left* (1), decided (no change): ``crosstab(eth, grp x died, values=benefit,
    aggfunc="mode", margins_name="Everyone")`` (round 52's 52003 ``output_3`` of ``own``,
    trimmed) names no statistic: its margins are the least values of what they span, so it
    reads as minima (SDC302 ``fail`` at every cell), whatever ACRO's record (which the
    researcher can edit) says. Where the file names ``mode`` the statistic is known: no
    extreme is inferred, and the count behind each mode is unpublished (SDC303 ``review``)."""
    bare = _found(_check(tmp_path, MODE))
    assert {cell for rule, cell, status in bare if rule == "SDC302" and status == "fail"} == {
        f"{c}{r}" for c in "CDE" for r in range(2, 7)}
    named = MODE.replace("eth,grp,0,1,Everyone\n",
                         ",,mode,mode,mode\ndied,,0,1,Everyone\neth,grp,,,\n")
    (tmp_path / "b").mkdir()
    assert {(r, s) for r, _, s in _found(_check(tmp_path / "b", named))} == {
        ("SDC303", "review")}
