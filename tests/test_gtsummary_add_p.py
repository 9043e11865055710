"""gtsummary ``add_p()``: p-values testing the counts a Table 1 prints are its groups'
statistics (SDC303 on the smallest group's N), not a model's with no dof source (fp27)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

_HEAD = '"**Characteristic**","**Drug A**, N = {a}","**Drug B**, N = 622","**p-value**"\n'
_SEX = '"Sex","","","{p}"\n"Female","301 (49%)","318 (51%)",""\n"Male","311 (51%)","304 (49%)",""\n'
_STAGE = ('"Stage","","","0.3"\n"I","152 (25%)","140 (23%)",""\n"II","160 (26%)","171 (27%)",'
          '""\n"III","{iii}","160 (26%)",""\n"IV","{iv}","151 (24%)",""\n')


def _check(tmp_path: Path, text: str) -> sdc.RunResult:
    (tmp_path / "table1.csv").write_text(text)
    return sdc.check(tmp_path, build_policy({}))


@pytest.mark.parametrize("p", ["0.6", "<0.001"])
def test_p_values_of_printed_counts_pass(tmp_path: Path, p: str) -> None:
    text = _HEAD.format(a=612) + _SEX.format(p=p) + _STAGE.format(iii="149 (24%)",
                                                                 iv="151 (25%)")
    result = _check(tmp_path, text)
    assert findings_of(result) == set()
    assert result.status.value == "pass"


def test_a_group_of_8_fails_at_its_counts_and_its_p_value(tmp_path: Path) -> None:
    text = (_HEAD.format(a=8) + '"Sex","","","0.6"\n"Female","3 (38%)","318 (51%)",""\n'
            '"Male","5 (63%)","304 (49%)",""\n')
    found = findings_of(_check(tmp_path, text))
    assert ("SDC303", "table1.csv", "D2") in found  # the p-value: 8 people behind it
    assert {("SDC101", "table1.csv", "B3"), ("SDC101", "table1.csv", "B4")} <= found


def test_a_level_of_3_fails_at_its_cell(tmp_path: Path) -> None:
    text = _HEAD.format(a=612) + _SEX.format(p="0.6") + _STAGE.format(iii="297 (49%)",
                                                                     iv="3 (0.5%)")
    assert findings_of(_check(tmp_path, text)) == {("SDC101", "table1.csv", "B9")}


@pytest.mark.parametrize("body", [
    # a continuous variable's test: of values the table does not print
    '"Age","47 (35, 59)","48 (36, 60)","0.4"\n' + _SEX.format(p="0.6"),
    # a p-value on a level's line, not its variable's
    '"Sex","","",""\n"Female","301 (49%)","318 (51%)","0.6"\n"Male","311 (51%)","304 (49%)",""\n',
    # a p-value outside 0..1 is no p-value
    _SEX.format(p="1.6"),
])
def test_other_shapes_stay_a_models(tmp_path: Path, body: str) -> None:
    found = findings_of(_check(tmp_path, _HEAD.format(a=612) + body))
    assert ("SDC301", "table1.csv", None) in found


def test_groups_without_their_n_stay_a_models(tmp_path: Path) -> None:
    head = '"**Characteristic**","**Drug A**","**Drug B**","**p-value**"\n'
    found = findings_of(_check(tmp_path, head + _SEX.format(p="0.6")))
    assert ("SDC301", "table1.csv", None) in found


def test_note_lines_after_the_last_levels(tmp_path: Path) -> None:
    # gt's footnote lines under the table: words pass, a number in them is named (SDC602)
    text = _HEAD.format(a=612) + _SEX.format(p="0.6")
    assert _check(tmp_path, text + '"¹ n (%)","","",""\n').status.value == "pass"
    found = findings_of(_check(tmp_path, text + '"Note: 3 deaths in West","","",""\n'))
    assert ("SDC602", "table1.csv", None) in found
    # a level after a note line: no Table 1's shape
    later = text + '"¹ n (%)","","",""\n"Other","20 (3%)","18 (3%)",""\n'
    assert ("SDC301", "table1.csv", None) in findings_of(_check(tmp_path, later))
