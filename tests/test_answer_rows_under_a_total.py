"""Two rows that answer one question under their total line (round 24, rcodes): ``Negative``
and ``Positive`` by sex with a ``Total`` line were reviewed as a funnel (``Negative`` less
``Positive`` leaves 7) because ``negative`` is a count word (``role_from_text``), while
``Vaccinated``/``Unvaccinated`` under a total pass (round 23). The two answers of one question
are categories; a state beside its population (``Tested``/``Tested negative``) and a count
beside an answer (``Patients``/``Negative``) are still paired, and without a total line every
two rows still are (round 22). Files as pandas and R write them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy


def _found(result: sdc.RunResult) -> set[tuple[str, str | None, str]]:
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings
            if f.status.value != "pass"}


def _check(folder: Path) -> sdc.RunResult:
    return sdc.check(folder, build_policy({}))


def _pandas(folder: Path, rows: dict[str, list[int]], *, total: bool) -> None:
    """``pd.crosstab(df.result, df.sex)`` with a ``Total`` line added, ``to_csv``."""
    people = [(name, sex) for name, values in rows.items()
              for sex, n in zip(["Female", "Male"], values, strict=True) for _ in range(n)]
    df = pd.DataFrame(people, columns=["result", "sex"])
    table = pd.crosstab(df.result, df.sex).loc[list(rows)]
    table.columns.name = None
    if total:
        table.loc["Total"] = table.sum()
    table.to_csv(folder / "t.csv")


def _r_csv(folder: Path, rows: dict[str, list[int]]) -> None:
    """R ``write.csv(as.data.frame.matrix(addmargins(table(result, sex), 1)))``."""
    lines = ['"","Female","Male"']
    lines += [f'"{name}",{a},{b}' for name, (a, b) in rows.items()]
    lines.append(f'"Sum",{sum(v[0] for v in rows.values())},{sum(v[1] for v in rows.values())}')
    (folder / "t.csv").write_text("\n".join(lines) + "\n")


_ANSWERS = [
    {"Negative": [340, 300], "Positive": [333, 130]},
    {"Tested negative": [340, 300], "Tested positive": [333, 130]},
    {"Negatives": [340, 300], "Positives": [333, 130]},
    {"Deaths": [340, 300], "Survivors": [333, 130]},
    {"Patients with diabetes": [340, 300], "Patients without diabetes": [333, 130]},
]
_IDS = ["negative-positive", "tested", "plural", "deaths-survivors", "with-without"]


@pytest.mark.parametrize("rows", _ANSWERS, ids=_IDS)
def test_two_answers_under_a_total_pass(tmp_path: Path, rows: dict[str, list[int]]) -> None:
    _pandas(tmp_path, rows, total=True)
    assert (tmp_path / "t.csv").read_text().splitlines()[0] == "result,Female,Male"
    result = _check(tmp_path)
    assert result.status.value == "pass", _found(result)


@pytest.mark.parametrize("rows", _ANSWERS[:2], ids=_IDS[:2])
def test_two_answers_under_rs_sum_line_pass(tmp_path: Path, rows: dict[str, list[int]]) -> None:
    _r_csv(tmp_path, rows)
    result = _check(tmp_path)
    assert result.status.value == "pass", _found(result)


@pytest.mark.parametrize("rows", _ANSWERS, ids=_IDS)
def test_two_answers_without_a_total_are_still_paired(tmp_path: Path,
                                                      rows: dict[str, list[int]]) -> None:
    # no total line: two rows are paired whatever they say (round 22); 340 less 333 is 7
    _pandas(tmp_path, rows, total=False)
    assert _found(_check(tmp_path)) == {("SDC101", "B3", "review")}


@pytest.mark.parametrize("rows", [
    {"Tested": [340, 300], "Tested negative": [333, 130]},
    {"Patients": [340, 300], "Negative": [333, 130]},
], ids=["state-of-its-population", "count-beside-an-answer"])
def test_a_part_under_a_total_is_still_paired(tmp_path: Path,
                                              rows: dict[str, list[int]]) -> None:
    _pandas(tmp_path, rows, total=True)
    assert _found(_check(tmp_path)) == {("SDC101", "B3", "review")}


def test_a_small_answer_under_a_total_fails(tmp_path: Path) -> None:
    _pandas(tmp_path, {"Negative": [340, 300], "Positive": [5, 130]}, total=True)
    found = _found(_check(tmp_path))
    assert ("SDC101", "B3", "fail") in found


def test_a_total_that_does_not_add_up_is_reviewed(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("result,Female,Male\nNegative,340,300\nPositive,333,130\n"
                                    "Total,999,430\n")
    assert _found(_check(tmp_path)) == {("SDC402", "B4", "review")}
