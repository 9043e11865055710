"""R tableone's Table 1 of a numeric categorical written with write.csv (hunt round 14):
``stage (%)`` over its levels ``   1`` .. ``   4`` set in by spaces, in the same column as the
variables' names, beside ``21 (5.0)``. The levels looked like a count column and the ``n (%)``
strings like its labels: a safe table failed SDC101 at ``A5``..``A8`` ("count 1".."count 4"),
and a disclosive one failed at those wrong cells, never at its ``3 (0.7)``. Now the strings are
the measures (tableone's ``n`` line and its ``age (mean (SD))`` line beside them, told by their
labels), a level inherits its variable's ``(%)`` as a text level does, and the levels are
labels when they form a code list. Text-level twins read the same."""

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


def _tableone(levels: tuple[str, ...] = ("1", "2", "3", "4"),
              counts: tuple[int, ...] = (21, 92, 145, 160), n: int = 418,
              mean_line: bool = False) -> str:
    lines = ['"","Overall"', f'"n","{n}"']
    if mean_line:
        lines.append('"age (mean (SD))","50.74 (10.45)"')
    lines += ['"sex = f (%)","374 (89.5)"', '"stage (%)",""']
    lines += [f'"   {level}","{count} ({100 * count / n:.1f})"'
              for level, count in zip(levels, counts, strict=True)]
    return "\n".join(lines) + "\n"


def test_a_safe_table_with_numeric_levels_passes_as_its_text_twin(tmp_path: Path) -> None:
    for name, text in (("numbers.csv", _tableone()),
                       ("names.csv", _tableone(("I", "II", "III", "IV")))):
        result = _check(tmp_path, name, text)
        # was (numbers): SDC101 fail at A5, A6, A7, A8 and SDC602 review
        assert result.findings == [], name
        assert result.status.value == "pass", name


def test_a_mean_line_stays_named_as_in_its_text_twin(tmp_path: Path) -> None:
    for name, text in (("numbers.csv", _tableone(mean_line=True)),
                       ("names.csv", _tableone(("I", "II", "III", "IV"), mean_line=True))):
        result = _check(tmp_path, name, text)
        assert _found(result) == {("SDC602", None, "review")}, name
        (finding,) = result.findings
        assert finding.message == "1 number not understood (no rule checks them): B3", name


def test_a_small_level_fails_at_its_string(tmp_path: Path) -> None:
    result = _check(tmp_path, "t.csv", _tableone(counts=(3, 92, 155, 168)))
    # was: SDC101 at A5..A8 (the levels), never at B5
    assert _found(result) == {("SDC101", "B5", "fail")}


def test_a_small_n_line_still_fails(tmp_path: Path) -> None:
    text = ('"","Overall"\n"n","8"\n"stage (%)",""\n"   1","4 (50.0)"\n"   2","4 (50.0)"\n')
    result = _check(tmp_path, "t.csv", text)
    assert {("SDC101", "B2", "fail"), ("SDC101", "B4", "fail"),
            ("SDC101", "B5", "fail")} <= _found(result)


def test_levels_that_are_no_code_list_stay_named(tmp_path: Path) -> None:
    result = _check(tmp_path, "t.csv", _tableone(("3", "40", "7", "12")))
    assert ("SDC602", None, "review") in _found(result)
    assert result.status.value != "pass"
