"""What the packages print when a model meets a group with no cases (perfect prediction).

A logistic model on a categorical predictor has no finite estimate for a group whose people
are all cases or all non-cases, and the packages say so in words:

* Stata's ``logit``/``logistic``/``probit`` drop the group before fitting, with a note naming
  the term and how many people it held: ``note: 1.g != 0 predicts failure perfectly;`` over
  ``1.g omitted and 4 obs not used.`` (Stata 11-14: ``... perfectly`` over ``g dropped and 4
  obs not used``). Those 4 people are all non-cases (``success``: all cases): a zero cell
  and a count of 4 beside it, both the table's.
* R's ``glm`` warns ``glm.fit: fitted probabilities numerically 0 or 1 occurred``.
* statsmodels warns ``PerfectSeparationWarning: Perfect separation or prediction detected,
  parameter may not be identified`` (0.14 on; before, ``PerfectSeparationError: Perfect
  separation detected, results not available``).

R's and statsmodels' words name no group and no count, and a continuous covariate can
separate the outcome too: a zero behind the model that a person must look at. Each is read
as a ``ModelCount`` at the note's (first) line: a zero (SDC102 ``review``), and Stata's count
of people not used (SDC101: below the threshold, ``fail``). Only the exact wording is taken:
a line that only resembles it stays text (SDC602 names its numbers).
"""

from __future__ import annotations

import re

from sdc.model_counts import ModelCount

_STATA = re.compile(
    r"^\s*note:\s+(?P<term>[^\s;]+)\s+!=\s+0\s+predicts\s+(?P<outcome>failure|success)\s+"
    r"perfectly;?\s+(?P=term)\s+(?:omitted|dropped)\s+and\s+(?P<n>\d[\d,]*)\s+obs\s+not\s+"
    r"used\.?\s*$")
_STATA_FIRST = re.compile(r"^\s*note:\s+\S+\s+!=\s+0\s+predicts\s+(?:failure|success)\s+"
                          r"perfectly;?\s*$")
# ``note: 4 failures and 0 successes completely determined.`` (``Note:`` in Stata 17 on):
# observations a covariate pattern predicts without error, kept in the fit
_STATA_DETERMINED = re.compile(
    r"^\s*[Nn]ote:\s+(?P<failures>\d[\d,]*)\s+failures?\s+and\s+(?P<successes>\d[\d,]*)\s+"
    r"successe?s?\s+completely\s+determined\.?\s*$")
_R = re.compile(r"^\s*(?:\d{1,2}:\s+)?(?:In [\w.]+\([^)]*\)\s*:\s*)?glm\.fit: fitted "
                r"probabilities numerically 0 or 1 occurred\s*$")
_STATSMODELS = re.compile(
    r"^\s*(?:\S+\.py:\d+:\s+)?(?:(?:statsmodels\.tools\.sm_exceptions\.)?PerfectSeparation"
    r"(?:Warning|Error):\s+)?Perfect separation (?:or prediction )?detected, (?:parameter "
    r"may not be identified|results not available)\s*$")
R_WORDS = "R warned 'glm.fit: fitted probabilities numerically 0 or 1 occurred'"
STATSMODELS_WORDS = "statsmodels warned of perfect separation or prediction"
_SOMEONE = "a group behind the model"


def separation_notes(lines: list[str]) -> list[tuple[set[int], list[ModelCount]]]:
    """Each perfect-prediction note in ``lines``: the lines it takes (1-based) and the zeros
    (and Stata's count) it prints, at its first line."""
    found: list[tuple[set[int], list[ModelCount]]] = []
    skip = False
    for i, line in enumerate(lines, 1):
        if skip:
            skip = False
            continue
        if "erfect" not in line and "glm.fit" not in line and "determined" not in line:
            continue  # none of the wordings (a log's every line passes here)
        if _STATA_FIRST.match(line) and i < len(lines) and (
                m := _STATA.match(f"{line} {lines[i]}")):
            found.append(({i, i + 1}, _stata(i, m)))
            skip = True
        elif m := _STATA.match(line):
            found.append(({i}, _stata(i, m)))
        elif m := _STATA_DETERMINED.match(line):
            found.append(({i}, _determined(i, m)))
        elif _R.match(line):
            found.append(({i}, [ModelCount(i, "", _SOMEONE, "cases or non-cases", 0, 0,
                                           how=R_WORDS)]))
        elif _STATSMODELS.match(line):
            found.append(({i}, [ModelCount(i, "", _SOMEONE, "cases or non-cases", 0, 0,
                                           how=STATSMODELS_WORDS)]))
    return found


def _stata(line: int, m: re.Match[str]) -> list[ModelCount]:
    term, outcome = m.group("term"), m.group("outcome")
    people = int(m.group("n").replace(",", ""))
    how = (f"Stata's note: {term} != 0 predicts {outcome} perfectly, {term} omitted and "
           f"{people} obs not used")
    group = f"the group of term '{term}'"
    zero, rest = ("cases", "non-cases") if outcome == "failure" else ("non-cases", "cases")
    return [ModelCount(line, term, group, zero, 0, 0, how=how),
            ModelCount(line, term, group, rest, people, people, how=how)]


def _determined(line: int, m: re.Match[str]) -> list[ModelCount]:
    """Stata's "N failures and M successes completely determined": the N and M observations
    a covariate pattern predicts perfectly are counts (SDC101 below the threshold), and the
    pattern holds no observation of the other outcome: a zero (SDC102 ``review``)."""
    failures, successes = (int(m.group(k).replace(",", "")) for k in ("failures", "successes"))
    how = (f"Stata's note: {failures} failures and {successes} successes completely "
           "determined")
    group = "the observations Stata's note says are completely determined"
    out = [ModelCount(line, "", group, "cases or non-cases", 0, 0, how=how)]
    out += [ModelCount(line, "", group, name, n, n, how=how)
            for name, n in (("non-cases (failures)", failures), ("cases (successes)", successes))
            if n > 0]
    return out
