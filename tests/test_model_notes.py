"""A package's words that a model predicts a group perfectly are a zero behind it (issue 12,
round 16, models3; ``sdc/readers/model_notes.py``).

Stata drops such a group before fitting, with a note naming it and its size: ``note: other !=
0 predicts failure perfectly;`` over ``other omitted and 4 obs not used.`` -- 4 people, all
non-cases: a zero cell (SDC102 ``review``) and a count of 4 (SDC101 ``fail``), at the note's
line. R warns ``glm.fit: fitted probabilities numerically 0 or 1 occurred`` and statsmodels
``PerfectSeparationWarning``: a zero somewhere behind the model (SDC102 ``review`` at the
line). Before, each was SDC602 ``review`` (numbers not understood) at best: the count of 4 was
never checked. Stata and R are not installed here: their prints are laid out as they print
them (Stata 17, and Stata 11-14's ``dropped`` wording; R 4.3) with statsmodels' numbers; the
statsmodels warning is the one statsmodels raises, formatted by ``warnings.formatwarning`` as
Python writes it to a script's log."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.model_notes import separation_notes
from tests.conftest import findings_of
from tests.test_model_counts import _binary, _fit, _stata, _write, stata_log_head

sm = pytest.importorskip("statsmodels.api")
POLICY = build_policy({})
NO_ZEROS = build_policy({"rules": {"zero-count": {"status": "off"}}})
GROUPS = [(30, 130), (40, 60)]  # the groups left once Stata has dropped the perfect one
STATA_17 = """note: other != 0 predicts {outcome} perfectly;
      other omitted and {n} obs not used.
"""
STATA_11 = """note: other != 0 predicts {outcome} perfectly
      other dropped and {n} obs not used
"""


def _stata_dropped(note: str = STATA_17, outcome: str = "failure", n: int = 4) -> str:
    """``logit case exposed other`` whose ``other`` people are all non-cases (``failure``) or
    all cases: Stata's note over the fit of the people left, ``other`` printed omitted."""
    text = _stata(_fit("logit", _binary(GROUPS)), "Logistic regression", "Coefficient")
    text = text.replace("       _cons |", "       other |          0  (omitted)\n       _cons |")
    return note.format(outcome=outcome, n=n) + text


def test_stata_note_of_four_people_fails(tmp_path: Path) -> None:
    text = _stata_dropped()
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", "A1"), ("SDC102", "model.txt", "A1")}
    assert result.status.value == "fail"
    count = next(f for f in result.findings if f.rule == "SDC101")
    assert count.message.startswith(
        "the non-cases of the group of term 'other', printed in the model's output (Stata's "
        "note: other != 0 predicts failure perfectly, other omitted and 4 obs not used), are "
        "4: below the threshold 10")
    assert count.public_message == ("a group's non-cases printed in the model's notes are "
                                    "below the threshold 10")
    zero = next(f for f in result.findings if f.rule == "SDC102")
    assert "the group of term 'other' has no cases" in zero.message
    assert zero.status.value == "review"
    assert zero.public_message == ("a model's output says it predicts a group's outcome "
                                   "perfectly: a zero count behind it")


def test_stata_note_of_a_large_group_is_the_zero_alone(tmp_path: Path) -> None:
    """40 people not used: their count is safe, the zero beside it is SDC102's ``review``."""
    result = sdc.check(_write(tmp_path, _stata_dropped(n=40)), POLICY)
    assert findings_of(result) == {("SDC102", "model.txt", "A1")}
    assert result.status.value == "review"


def test_stata_predicts_success(tmp_path: Path) -> None:
    """``success``: the 4 people are all cases; the zero is of non-cases."""
    result = sdc.check(_write(tmp_path, _stata_dropped(outcome="success")), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", "A1"), ("SDC102", "model.txt", "A1")}
    messages = {f.rule: f.message for f in result.findings}
    assert messages["SDC101"].startswith("the cases of the group of term 'other'")
    assert "the group of term 'other' has no non-cases" in messages["SDC102"]


def test_a_stata_log_with_the_older_wording(tmp_path: Path) -> None:
    """Stata 11-14 (``dropped``), in a log: the note under the echoed command, at the log's
    own line (2)."""
    head, iterations = stata_log_head(_fit("logit", _binary(GROUPS))).split("\n\n", 1)
    text = head + "\n" + STATA_11.format(outcome="failure", n=4) + "\n" + iterations + \
        _stata_dropped(note="")
    assert text.splitlines()[1].startswith("note: other")
    result = sdc.check(_write(tmp_path / "a", text, "analysis.log"), POLICY)
    assert findings_of(result) == {("SDC101", "analysis.log", "A2"),
                                   ("SDC102", "analysis.log", "A2")}
    fit = _fit("logit", _binary(GROUPS))
    safe = stata_log_head(fit) + _stata(fit, "Logistic regression", "Coefficient")
    assert sdc.check(_write(tmp_path / "b", safe, "analysis.log"), POLICY).findings == []


def test_the_safe_twin_without_a_note_passes(tmp_path: Path) -> None:
    text = _stata(_fit("logit", _binary(GROUPS)), "Logistic regression", "Coefficient")
    assert sdc.check(_write(tmp_path, text), POLICY).findings == []


R_LOG = """
R version 4.3.2 (2023-10-31) -- "Eye Holes"
Copyright (C) 2023 The R Foundation for Statistical Computing
Platform: x86_64-pc-linux-gnu (64-bit)

> d <- read.csv("cohort.csv")
> fit <- glm(case ~ exposed, family = binomial, data = d)
{warning}> q()
"""
# R ends the warning's line with a space
R_WARNING = "Warning message:\nglm.fit: fitted probabilities numerically 0 or 1 occurred \n"


def test_r_warning_in_a_console_log(tmp_path: Path) -> None:
    """R's warning under the glm call (line 9): SDC102 there; before, SDC602 named its
    numbers. The same log without the warning has no zero (``.Rout`` is not an allowed
    file type under the default policy: SDC601 either way)."""
    text = R_LOG.format(warning=R_WARNING)
    assert text.splitlines()[8].startswith("glm.fit")
    result = sdc.check(_write(tmp_path / "a", text, "analysis.Rout"), POLICY)
    assert findings_of(result, {"SDC101", "SDC102", "SDC602"}) == {
        ("SDC102", "analysis.Rout", "A9")}
    zero = next(f for f in result.findings if f.rule == "SDC102")
    assert zero.message.startswith(
        "R warned 'glm.fit: fitted probabilities numerically 0 or 1 occurred': a group behind "
        "the model has no cases or non-cases")
    safe = sdc.check(_write(tmp_path / "b", R_LOG.format(warning=""), "analysis.Rout"), POLICY)
    assert findings_of(safe, {"SDC101", "SDC102", "SDC602"}) == set()


def test_without_the_zero_rule_the_group_is_reviewed(tmp_path: Path) -> None:
    """Zeros safe under the policy: the group's size is unknown (R names none), SDC101
    reviews it."""
    result = sdc.check(_write(tmp_path, R_LOG.format(warning=R_WARNING), "analysis.Rout"),
                       NO_ZEROS)
    assert findings_of(result, {"SDC101", "SDC102", "SDC602"}) == {
        ("SDC101", "analysis.Rout", "A9")}
    assert next(f for f in result.findings if f.rule == "SDC101").status.value == "review"


def _statsmodels_warning_lines() -> list[str]:
    """The warning statsmodels raises fitting a ``Logit`` whose unexposed have no cases and
    exposed no non-cases (complete separation), as Python writes it to stderr
    (``warnings.formatwarning``)."""
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    frame = _binary([(0, 50), (50, 0)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sm.Logit(frame["case"], sm.add_constant((frame["g"] == 1).astype(float))).fit(disp=0)
    found = [w for w in caught if issubclass(w.category, PerfectSeparationWarning)]
    assert found
    w = found[0]
    return warnings.formatwarning(w.message, w.category, w.filename, w.lineno).splitlines()


def test_statsmodels_warning_in_a_script_log(tmp_path: Path) -> None:
    lines = ["fitting the models", *_statsmodels_warning_lines(), "done"]
    assert "PerfectSeparationWarning: Perfect separation" in lines[1]
    result = sdc.check(_write(tmp_path / "a", "\n".join(lines) + "\n", "run.log"), POLICY)
    assert findings_of(result) == {("SDC102", "run.log", "A2")}
    assert result.status.value == "review"
    safe = sdc.check(_write(tmp_path / "b", "fitting the models\ndone\n", "run.log"), POLICY)
    assert safe.findings == []


def test_the_exact_wording_only() -> None:
    """Each package's words, and near misses that stay text (their numbers named by SDC602)."""
    def read(text: str) -> list[tuple[int, str, int, int]]:
        return [(c.line, c.name, c.lo, c.hi) for _, counts in separation_notes(
            text.splitlines()) for c in counts]

    assert read("note: 2.g != 0 predicts failure perfectly; 2.g omitted and 1,204 obs not "
                "used.") == [(1, "cases", 0, 0), (1, "non-cases", 1204, 1204)]
    assert read("x\nnote: g != 0 predicts success perfectly\n      g dropped and 7 obs not "
                "used\n") == [(2, "non-cases", 0, 0), (2, "cases", 7, 7)]
    assert read("Warning messages:\n1: glm.fit: fitted probabilities numerically 0 or 1 "
                "occurred") == [(2, "cases or non-cases", 0, 0)]
    assert read("PerfectSeparationError: Perfect separation detected, results not "
                "available") == [(1, "cases or non-cases", 0, 0)]
    # another term named on the second line, other words, numbers added
    assert read("note: g != 0 predicts failure perfectly;\n      h omitted and 7 obs not "
                "used.") == []
    assert read("note: 3 patients != 0 predict failure perfectly") == []
    assert read("PerfectSeparationWarning: Perfect separation detected in 3 patients") == []
    assert read("glm.fit: fitted probabilities numerically 0 or 1 occurred for 3") == []
    assert read("") == []


def test_the_only_covariate_dropped(tmp_path: Path) -> None:
    """``logit case i.exposed`` whose 4 exposed are all non-cases: Stata drops them, fits the
    intercept alone and prints ``LR chi2(0) = 0.00`` and ``Prob > chi2 = .`` (its missing
    value: no number, no longer named by SDC602). The note's zero and count, nothing else."""
    text = """note: 1.exposed != 0 predicts failure perfectly;
      1.exposed omitted and 4 obs not used.

Iteration 0:  Log likelihood = -77.212410
Iteration 1:  Log likelihood = -77.212410

Logistic regression                                     Number of obs =    160
                                                        LR chi2(0)    =   0.00
                                                        Prob > chi2   =      .
Log likelihood = -77.212410                             Pseudo R2     = 0.0000

------------------------------------------------------------------------------
        case | Coefficient  Std. err.      z    P>|z|     [95% conf. interval]
-------------+----------------------------------------------------------------
     exposed |
          1  |          0  (omitted)
             |
       _cons |  -1.466337   .2025231    -7.24   0.000    -1.863273   -1.069401
------------------------------------------------------------------------------
"""
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert findings_of(result) == {("SDC101", "model.txt", "A1"), ("SDC102", "model.txt", "A1")}
    assert "the group of term '1.exposed' has no cases" in next(
        f for f in result.findings if f.rule == "SDC102").message
