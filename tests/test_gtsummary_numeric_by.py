"""gtsummary's ``tbl_summary(by = am)`` over a numeric group variable heads its columns
``**0**, N = 50`` and ``**1**, N = 40`` (hunt round 14). The base was already checked as a
count, but the level left beside it (``0``, ``1``) was a number not understood (SDC602 at B1,
C1), where the text twin ``**Female**, N = 50`` passed. The levels are now read as a row label's
numbers are: a code list (0/1, 1..5, years) is understood; two arbitrary numbers stay named.
The base is still a count (``N = 4`` fails at its header) and so are the cells."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found


def _check(tmp_path: Path, name: str, text: str) -> sdc.RunResult:
    folder = tmp_path / name.replace(".", "_")
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return sdc.check(folder, build_policy({}))


def _csv(first: str = "0", second: str = "1", base: int = 40, male: str = "20 (50%)") -> str:
    return (f'**Characteristic**,"**{first}**, N = 50","**{second}**, N = {base}"\n'
            f'sex,,\nFemale,25 (50%),20 (50%)\nMale,25 (50%),{male}\n')


def test_numeric_group_levels_pass_as_their_text_twin(tmp_path: Path) -> None:
    for name, text in (("by.csv", _csv()), ("text.csv", _csv("Female", "Male")),
                       ("three.csv", _csv("1", "2").replace(
                           ',"**2**, N = 40"\n', ',"**2**, N = 40","**3**, N = 30"\n')),
                       ("by.md", "| **Characteristic** | **0**, N = 50 | **1**, N = 40 |\n"
                                 "|:---|:---:|:---:|\n| sex |  |  |\n"
                                 "| Female | 25 (50%) | 20 (50%) |\n"
                                 "| Male | 25 (50%) | 20 (50%) |\n")):
        result = _check(tmp_path, name, text)
        # was: SDC602 review at B1 and C1 (the numeric ones)
        assert result.findings == [], name
        assert result.status.value == "pass", name


def test_a_small_base_in_a_numeric_group_header_still_fails(tmp_path: Path) -> None:
    result = _check(tmp_path, "by.csv", _csv(base=4, male="2 (50%)").replace(
        "Female,25 (50%),20 (50%)", "Female,25 (50%),2 (50%)"))
    assert ("SDC101", "C1", "fail") in _found(result)
    assert ("SDC602", None, "review") not in _found(result)


def test_a_small_count_under_a_numeric_group_still_fails(tmp_path: Path) -> None:
    result = _check(tmp_path, "by.csv", _csv(male="3 (8%)"))
    assert _found(result) == {("SDC101", "C4", "fail")}


def test_levels_that_are_no_code_list_stay_named(tmp_path: Path) -> None:
    result = _check(tmp_path, "by.csv", _csv("3", "40"))
    assert _found(result) == {("SDC602", None, "review")}
    (finding,) = result.findings
    assert finding.message == "2 numbers not understood (no rule checks them): B1, C1"


def test_a_lone_numeric_level_stays_named(tmp_path: Path) -> None:
    text = '**Characteristic**,"**1**, N = 50"\nsex,\nFemale,25 (50%)\nMale,25 (50%)\n'
    result = _check(tmp_path, "by.csv", text)
    assert _found(result) == {("SDC602", None, "review")}
