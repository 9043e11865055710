"""Round 52 (acro52): a table's own margin name, learned by its place and its arithmetic.

``acro.crosstab(df.area, df.sex, values=df.benefit, aggfunc="max", margins=True,
margins_name="Everyone")`` saved alone (``to_csv``) writes ``Everyone`` as the last header word
and as the last line's label. The policy lists no such total, so base52 read the line as data
and the column as a category: a table of maxima of whole numbers read as counts of ten or more
and **passed** (with ``All`` the same table is SDC302 ``fail`` at every cell, the margins being
the maxima of what they span). With codes in the header (``area,sex,0,1,Everyone``: round 51's
json 51005 ``output_0``) the header itself was read as a line of counts (SDC101 and SDC102
``fail`` at the codes) and the maxima passed. ``sdc/readers/layout_own_margin.py`` now learns
the word where the same text closes the header and alone labels the last line, and every
number of that line and column can be a margin of what it spans (a sum, or between the least
and the greatest); elsewhere the table reads as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.table import RawCell
from tests.conftest import findings_of

POLICY = build_policy({}, profile="acro")

MAXIMA = """area,F,M,Everyone
East,2156,1644,2156
North,1648,2125,2125
South,2108,1899,2108
Everyone,2156,2125,2156
"""
MINIMA = """area,F,M,Everyone
East,103,19,19
North,41,80,41
South,65,60,60
Everyone,41,19,19
"""
CODED = """area,sex,0,1,Everyone
East,F,2156,978,2156
East,M,1644,1641,1644
North,F,1648,1265,1648
North,M,2125,1075,2125
South,F,2108,1835,2108
South,M,1899,1151,1899
Everyone,,2156,1835,2156
"""
# round 52's sweep (seed 52002 ``output_4`` of its ``own`` variant, trimmed): a missing sex
# (pandas' margin of that line is blank) and groups of one published cell (their margin is it)
GAPS = """area,sex,0,1,Everyone
East,F,3404,2939,3404
East,M,1305,5630,5630
East,,541,,
North,F,,1319,1319
North,M,916,,916
Everyone,,3404,5630,5630
"""
COUNTS = """area,F,M,Everyone
East,70,58,128
North,70,69,139
South,68,65,133
Everyone,208,192,400
"""


def _check(tmp_path: Path, text: str, name: str = "t.csv") -> sdc.RunResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return sdc.check(path, POLICY)


def _cells(result: sdc.RunResult, rule: str) -> set[str | None]:
    return {f.location.cell for f in result.findings if f.rule == rule}


def _block(cols: str, first: int, last: int) -> set[str | None]:
    return {f"{c}{r}" for c in cols for r in range(first, last + 1)}


@pytest.mark.parametrize("text", [MAXIMA, MINIMA], ids=["max", "min"])
def test_extremes_under_an_own_margin_name_are_one_record_each(tmp_path: Path,
                                                                 text: str) -> None:
    result = _check(tmp_path, text)
    assert _cells(result, "SDC302") == _block("BCD", 2, 5)
    assert result.status.value == "fail"


def test_codes_in_the_header_with_an_own_margin_name(tmp_path: Path) -> None:
    result = _check(tmp_path, CODED)
    assert _cells(result, "SDC302") == _block("CDE", 2, 8)
    # the codes 0 and 1 are the header's labels, no counts of a line
    assert not {c for f in result.findings if (c := f.location.cell) and c.endswith("1")
                and c[:-1].isalpha()}
    assert "SDC602" not in {f.rule for f in result.findings}


def test_blank_margins_and_groups_of_one_cell(tmp_path: Path) -> None:
    result = _check(tmp_path, GAPS)
    assert _cells(result, "SDC302") == {"C2", "C3", "C4", "C6", "C7", "D2", "D3", "D5", "D7",
                                        "E2", "E3", "E5", "E6", "E7"}


@pytest.mark.parametrize("text", [MAXIMA, MINIMA, CODED, GAPS, COUNTS],
                         ids=["max", "min", "coded", "gaps", "counts"])
def test_an_own_margin_name_reads_as_all_does(tmp_path: Path, text: str) -> None:
    """The twin: the same file with pandas' default ``All`` gets the same findings."""
    own = {f[0::2] for f in findings_of(_check(tmp_path, text, "own.csv"))}
    (tmp_path / "b").mkdir()
    named = _check(tmp_path / "b", text.replace("Everyone", "All"), "all.csv")
    assert own == {f[0::2] for f in findings_of(named)}


def test_a_last_line_that_is_no_margin_stays_data(tmp_path: Path) -> None:
    """Fail closed: ``Everyone`` closes the header and labels the last line, but its 3 and 2
    are no margin of the counts above (neither their sum nor between them): the line is data
    and its small counts fail, as on base52."""
    text = COUNTS.replace("Everyone,208,192,400", "Everyone,3,2,5")
    result = _check(tmp_path, text)
    assert {"B5", "C5", "D5"} <= _cells(result, "SDC101")
    assert result.status.value == "fail"


def _line(row: int, *texts: str) -> dict[int, RawCell]:
    cells = [RawCell(row=row, col=c, raw=t, value=float(t) if t[:1].isdigit() else None)
             for c, t in enumerate(texts, start=1)]
    return {c.col: c for c in cells}


def test_the_word_is_learned_only_where_place_and_sums_agree() -> None:
    from sdc.readers.layout_own_margin import own_margin_name  # round 52's module

    first = _line(0, "area", "F", "M", "Everyone")
    body = [_line(1, "East", "70", "58", "128"), _line(2, "North", "70", "69", "139")]
    assert own_margin_name(first, [*body, _line(3, "Everyone", "140", "127", "267")]) \
        == "Everyone"
    # a square matrix labels its lines as its columns: its last line is no margin
    square = [_line(0, "x", "a", "b", "c"), *(_line(i, t, "5", "5", "5")
                                              for i, t in enumerate("abc", start=1))]
    assert own_margin_name(square[0], square[1:]) is None
    # a line of one published cell: its margin is that cell
    assert own_margin_name(first, [*body, _line(3, "West", "", "5", "5"),
                                   _line(4, "Everyone", "140", "132", "272")]) == "Everyone"
    # another label, a second line of the word, a margin column that is no margin of its line
    assert own_margin_name(first, [*body, _line(3, "Wales", "140", "127", "267")]) is None
    assert own_margin_name(first, [_line(1, "Everyone", "70", "58", "128"), body[1],
                                   _line(3, "Everyone", "140", "127", "267")]) is None
    assert own_margin_name(first, [_line(1, "East", "70", "58", "500"), body[1],
                                   _line(3, "Everyone", "140", "127", "267")]) is None
