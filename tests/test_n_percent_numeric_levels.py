"""A "Table 1" of a numeric categorical (gtsummary's ``as_tibble()`` written with
``write.csv(row.names = FALSE)``: ``cyl`` over its levels ``4``, ``6``, ``8`` beside ``n (%)``
strings). The layout took the levels for a count measure and the ``n (%)`` column for the
labels: SDC101 at every level below 10, a false ``fail`` on a safe table. A column of ``n
(%)`` strings is now a measure (its strings checked as counts by ``sdc.derived_counts``) and
the levels left of it labels (their numbers still checked by the coverage as labels), so a
small count still fails at its string. Files on disk as the tool writes them (issue 12)."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from sdc.readers import read_output
from tests.conftest import found_with_status as _found

HEAD = '"**Characteristic**","**N = 100**"\n'


def _write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "r"
    folder.mkdir(parents=True)
    path = folder / "table1.csv"
    path.write_text(text)
    return path


def _check(tmp_path: Path, text: str) -> sdc.RunResult:
    return sdc.check(_write(tmp_path, text).parent, build_policy({}))


def _levels(four: str, six: str, eight: str, names: tuple[str, str, str] = ("4", "6", "8")
            ) -> str:
    return (HEAD + '"cyl",""\n'
            + "".join(f'"{n}","{s}"\n' for n, s in zip(names, (four, six, eight), strict=True)))


def test_numeric_levels_are_labels_and_the_strings_the_measure(tmp_path: Path) -> None:
    path = _write(tmp_path, _levels("40 (40%)", "25 (25%)", "35 (35%)"))
    (output,) = read_output(path, path.name, build_policy({}))
    table = output.table
    assert table is not None
    assert table.label_columns == [1, 2]  # was [2]: the n (%) column as the labels
    assert table.measures == []  # was '**Characteristic** / cyl', a count


def test_a_safe_table_of_numeric_levels_passes_as_its_text_twin(tmp_path: Path) -> None:
    # was: fail, SDC101 at A3, A4 and A5 ("count 4", "count 6", "count 8")
    result = _check(tmp_path / "a", _levels("40 (40%)", "25 (25%)", "35 (35%)"))
    assert result.findings == [] and result.status.value == "pass"
    twin = _check(tmp_path / "b", _levels("40 (40%)", "25 (25%)", "35 (35%)",
                                          ("small", "mid", "large")))
    assert twin.findings == [] and twin.status.value == "pass"
    # numbers spelt alone are read as numbers no rule checks (round 25, hunt12): a person
    spelt = _check(tmp_path / "c", _levels("40 (40%)", "25 (25%)", "35 (35%)",
                                           ("four", "six", "eight")))
    assert _found(spelt) == {("SDC602", None, "review")}


def test_a_small_level_still_fails_at_its_string(tmp_path: Path) -> None:
    # was: SDC101 at A3, A4, A5 (the levels) and B4; now at B4 only, the count 3 of 100
    result = _check(tmp_path, _levels("40 (40%)", "3 (3.0%)", "57 (57%)"))
    assert _found(result) == {("SDC101", "B4", "fail")}
    (finding,) = result.findings
    assert "publishes the count 3 of 100" in finding.message


def test_by_groups_read_as_the_text_levels_twin(tmp_path: Path) -> None:
    # tbl_summary(by = am): two columns of strings, both measures; the level 6 has 4 in am=1
    def table(names: tuple[str, str, str], small: str) -> str:
        rows = zip(names, ("20 (40%)", "12 (24%)", "18 (36%)"),
                   ("20 (40%)", small, "26 (52%)" if small.startswith("4 ") else "17 (34%)"),
                   strict=True)
        return ('"**Characteristic**","**0**, N = 50","**1**, N = 50"\n"cyl","",""\n'
                + "".join(f'"{n}","{a}","{b}"\n' for n, a, b in rows))

    safe = _found(_check(tmp_path / "a", table(("4", "6", "8"), "13 (26%)")))
    assert safe == _found(_check(tmp_path / "b", table(("small", "mid", "large"), "13 (26%)")))
    assert ("SDC101", "A3", "fail") not in safe and not {f for f in safe if f[2] == "fail"}
    small = _found(_check(tmp_path / "c", table(("4", "6", "8"), "4 (8.0%)")))
    assert {f for f in small if f[2] == "fail"} == {("SDC101", "C4", "fail")}
    assert small == _found(_check(tmp_path / "d", table(("small", "mid", "large"), "4 (8.0%)")))


def test_a_count_column_beside_its_strings_stays_a_count(tmp_path: Path) -> None:
    # a header naming a count keeps the column a measure: its numbers checked as counts
    result = _check(tmp_path / "a", '"n","n (%)"\n"40","40 (40%)"\n"25","25 (25%)"\n'
                                    '"35","35 (35%)"\n')
    assert result.findings == [] and result.status.value == "pass"
    small = _check(tmp_path / "b", '"n","n (%)"\n"40","40 (40%)"\n"3","3 (3.0%)"\n'
                                   '"57","57 (57%)"\n')
    assert _found(small) == {("SDC101", "A3", "fail"), ("SDC101", "B3", "fail")}


def test_numbers_that_are_no_level_list_are_named(tmp_path: Path) -> None:
    # the column moved to the labels is still checked: 3 and 40 are no list of levels
    result = _check(tmp_path, HEAD + '"score",""\n"3","30 (30%)"\n"40","70 (70%)"\n')
    assert _found(result) == {("SDC602", None, "review")}
    (finding,) = result.findings
    assert "A3" in finding.message and "A4" in finding.message


def _two_variables(one: str) -> str:
    return (HEAD + '"cyl",""\n"4","40 (40%)"\n"6","25 (25%)"\n"8","35 (35%)"\n'
            f'"am",""\n"0","60 (60%)"\n"1","{one}"\n')


def test_two_numeric_variables_pass_as_their_text_twin(tmp_path: Path) -> None:
    # was: fail at the levels (A3..A8 as counts); with the layout fixed alone, SDC602 review
    # naming A3, A4, A5, A7, A8 (one column mixing names and numbers); each run of levels
    # under its variable's name is a list of codes beside n (%) strings (sdc.n_percent_levels)
    result = _check(tmp_path / "a", _two_variables("40 (40%)"))
    assert result.findings == [] and result.status.value == "pass"
    text = _two_variables("40 (40%)")
    for number, name in (("4", "small"), ("6", "mid"), ("8", "large"), ("0", "no"),
                         ("1", "yes")):
        text = text.replace(f'\n"{number}","', f'\n"{name}","')
    twin = _check(tmp_path / "b", text)
    assert twin.findings == [] and twin.status.value == "pass"


def test_two_numeric_variables_fail_at_a_small_string(tmp_path: Path) -> None:
    result = _check(tmp_path, _two_variables("4 (4.0%)"))
    assert _found(result) == {("SDC101", "B8", "fail")}


def test_a_lone_level_or_a_number_without_its_string_is_named(tmp_path: Path) -> None:
    # one level is no list; a number with no n (%) string beside it is no level
    lone = _check(tmp_path / "a", HEAD + '"cyl",""\n"4","40 (40%)"\n"6","25 (25%)"\n'
                                          '"8","35 (35%)"\n"gear",""\n"4","100 (100%)"\n')
    assert ("SDC602", None, "review") in _found(lone)
    assert "A7" in next(f.message for f in lone.findings if f.rule == "SDC602")
    bare = _check(tmp_path / "b", HEAD + '"cyl",""\n"4","40 (40%)"\n"6","25 (25%)"\n'
                                          '"8","35 (35%)"\n"am",""\n"0","60 (60%)"\n"1",""\n')
    assert ("SDC602", None, "review") in _found(bare)
    assert "A8" in next(f.message for f in bare.findings if f.rule == "SDC602")
