"""Stata's empty interaction cells and its "completely determined" note (issue 12, hunt
round 16, second part).

``logit case i.a##i.b`` where no one has a = 1 and b = 3 prints that combination as
``1 3 |  0  (empty)`` (``1  (empty)`` in an odds-ratio table; Stata shows empty cells by
default): a zero cell behind the model. The line was read as a level printed without an
estimate and the print passed on its dof. It is now SDC102 ``review`` at that row. Stata's
``note: 4 failures and 0 successes completely determined.`` (printed under a fit whose
covariate pattern predicts some observations perfectly, kept in the model) names counts: 4
is SDC101 ``fail`` at the note's line, a count of the threshold or more is left to the
note's zero (SDC102 ``review``). Stata is not installed here: the prints are laid out as
Stata 17 documents them, with statsmodels' numbers (``tests/test_model_stata_factors``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.test_model_counts import _write
from tests.test_model_stata_factors import TWO_BY_THREE_SAFE, _fit, _line_of, stata_factorial

POLICY = build_policy({})


def _print(exponentiate: bool = False, empty: bool = True, note: str = "") -> str:
    fit = _fit(TWO_BY_THREE_SAFE)
    text = stata_factorial(fit, header="Odds ratio" if exponentiate else "Coefficient",
                           exponentiate=exponentiate)
    if empty:
        lines = text.splitlines()
        at = _line_of(text, "1 3") - 1
        lines[at] = f"{'1 3 ':>12} | {'1' if exponentiate else '0':>10}  (empty)"
        text = "\n".join(lines) + "\n"
    return text + note


@pytest.mark.parametrize("exponentiate", [False, True])
def test_an_empty_interaction_cell_is_a_zero_at_its_row(tmp_path: Path,
                                                        exponentiate: bool) -> None:
    text = _print(exponentiate)
    result = sdc.check(_write(tmp_path, text), POLICY)
    row = _line_of(text, "1 3")
    assert findings_of(result) == {("SDC102", "model.txt", f"A{row}")}  # was: pass
    assert result.status.value == "review"
    zero = result.findings[0]
    assert "Stata printed 'a#b 1 3' as (empty)" in zero.message


def test_the_same_print_without_the_empty_cell_is_read_as_before(tmp_path: Path) -> None:
    result = sdc.check(_write(tmp_path, _print(empty=False)), POLICY)
    assert result.findings == [] and result.status.value == "pass"


@pytest.mark.parametrize("note, expected, status", [
    ("note: 4 failures and 0 successes completely determined.\n",
     {("SDC101", "A"), ("SDC102", "A")}, "fail"),
    ("Note: 0 failures and 3 successes completely determined.\n",
     {("SDC101", "A"), ("SDC102", "A")}, "fail"),
    ("note: 40 failures and 0 successes completely determined.\n", {("SDC102", "A")},
     "review"),
])
def test_completely_determined_counts(tmp_path: Path, note: str,
                                      expected: set[tuple[str, str]], status: str) -> None:
    text = _print(empty=False, note=note)
    result = sdc.check(_write(tmp_path, text), POLICY)
    line = len(text.rstrip("\n").splitlines())
    assert findings_of(result) == {(rule, "model.txt", f"{col}{line}")
                                   for rule, col in expected}  # was: SDC602 review
    assert result.status.value == status


def test_a_line_that_only_resembles_the_note_stays_text(tmp_path: Path) -> None:
    text = _print(empty=False, note="note: 4 failures were determined later.\n")
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert {f.rule for f in result.findings} == {"SDC602"}
