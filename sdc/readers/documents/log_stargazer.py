"""R's ``stargazer(..., type = "text")`` regression table, in a log or a ``.txt`` it wrote.

::

    ===============================================
                            Dependent variable:
                        ---------------------------
                                    los
    -----------------------------------------------
    age                          0.044***
                                 (0.005)
    Constant                     2.235***
                                 (0.296)
    -----------------------------------------------
    Observations                   500
    R2                            0.152
    Adjusted R2                   0.149
    Residual Std. Error     1.987 (df = 497)
    F Statistic           44.5*** (df = 2; 497)
    ===============================================
    Note:               *p<0.1; **p<0.05; ***p<0.01

Every number is a model statistic, checked through the residual degrees of freedom the table
prints itself (``Residual Std. Error ... (df = 497)``, one per model; the smallest stands for
the table). A table without that line (a ``glm``'s: ``Log Likelihood``, ``Akaike Inf. Crit.``)
is not read here, nor one whose dof exceed its observations. A line that is none of the
table's (a number elsewhere, a count in a term's name: ``female (n=3)``) is left to be read as
before (named for a person). A table of one linear model (an ``R2``, no ``Log Likelihood``)
gives its group sizes back (``sdc.model_counts.linear_table_counts``) at each coefficient's
line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sdc.model_counts import Coefficient, ModelCount, linear_table_counts, scale_from_sigma
from sdc.model_facts_agree import table_disagreement
from sdc.readers.documents.log_text import has_numbers
from sdc.readers.roles import count_in_text

_NUM = r"-?(?:\d[\d,]*\.?\d*|\.\d+)"
_DEPENDENT = re.compile(r"^\s*Dependent variable:\s*$")
_RULE = re.compile(r"^\s*(?:={5,}|-{5,})\s*$")
_MODEL_NUMBERS = re.compile(r"^\s*(?:\(\d{1,3}\)\s*)+$")
_COEFFICIENT = re.compile(rf"^(\S.*?)\s{{2,}}((?:{_NUM}\**\s*)+)$")
_BRACKETED = re.compile(rf"^\s+(?:(?:\({_NUM}\)|\[{_NUM},\s*{_NUM}\])\s*)+$")
_NOTE = re.compile(r"^\s*Note:\s+(?:\*+p\s*<\s*0?\.\d+;?\s*)+$")
_STATISTICS = ("Observations", "R2", "Adjusted R2", "Residual Std. Error", "F Statistic",
               "Log Likelihood", "Akaike Inf. Crit.", "Bayesian Inf. Crit.", "theta",
               "Pseudo R2", "Wald Test", "LR Test", "Score (Logrank) Test", "Max. Possible R2")
_STATISTIC = re.compile(r"^(" + "|".join(re.escape(s) for s in _STATISTICS)
                        + rf")\s+((?:{_NUM}\**|\(df = \d+(?:; \d+)?\)|\s)+)$")
_DOF = re.compile(r"\(df = (\d+)\)")
_F_DOF = re.compile(r"\(df = (\d+); (\d+)\)")
_NUMBERS = re.compile(rf"(?<![\w.(=])({_NUM})(?=\**(?:\s|$))")
_SIGMA = re.compile(rf"^({_NUM}) \(df = \d+\)$")


def stargazer_model(section: list[tuple[int, str]]
                    ) -> tuple[float, set[int], list[ModelCount], list[str]] | None:
    """The table's residual dof (the smallest of its models'), the line numbers that are not
    the table's, for a table of one linear model the group sizes it gives back
    (``_counts``), and what each model's printed numbers say against its dof
    (``_disagreements``); None when ``section`` holds no stargazer table with its dof."""
    lines = [(n, line.rstrip()) for n, line in section]
    if not any(_DEPENDENT.match(line) for _, line in lines):
        return None
    dofs: list[int] = []
    observations: list[int] = []
    residue: set[int] = set()
    statistics: dict[str, str] = {}
    rows: list[Coefficient] = []  # a one-model table's coefficients with their brackets
    coefficients = 0
    for n, line in lines:
        if _BRACKETED.match(line) and rows and not rows[-1].se:
            rows[-1] = replace(rows[-1], se=line.strip())
        if not line.strip() or _RULE.match(line) or _DEPENDENT.match(line) \
                or _MODEL_NUMBERS.match(line) or _NOTE.match(line) or _BRACKETED.match(line):
            continue
        if (stat := _STATISTIC.match(line)) is not None:
            values = stat.group(2)
            statistics[stat.group(1)] = values.strip()
            if stat.group(1) == "Residual Std. Error":
                dofs = [int(d) for d in _DOF.findall(values)]
            elif stat.group(1) == "Observations":
                observations = [int(v.replace(",", "")) for v in values.split()
                                if re.fullmatch(r"\d[\d,]*", v)]
            continue
        if (coefficient := _COEFFICIENT.match(line)) is not None and not count_in_text(
                coefficient.group(1)) and not has_numbers(coefficient.group(1)):
            coefficients += 1
            rows.append(Coefficient(n, coefficient.group(1).strip(),
                                    coefficient.group(2).strip().rstrip("*"), ""))
            continue
        if has_numbers(line):
            residue.add(n)
    if not coefficients or not dofs or not observations:
        return None
    if len(observations) == len(dofs) and any(
            d >= o for d, o in zip(dofs, observations, strict=True)):
        return None  # more residual dof than observations: no proof
    return (float(min(dofs)), residue, _counts(rows, observations, statistics),
            _disagreements(dofs, observations, statistics))


def _disagreements(dofs: list[int], observations: list[int], statistics: dict[str, str]
                   ) -> list[str]:
    """Each model's ``model_facts_agree.table_disagreement``: its observations, residual dof,
    R2 pair and F statistic's degrees, one per model (a line with a different number of
    values than models is not compared)."""
    r2 = _NUMBERS.findall(statistics.get("R2", ""))
    adjusted = _NUMBERS.findall(statistics.get("Adjusted R2", ""))
    f_dofs = _F_DOF.findall(statistics.get("F Statistic", ""))
    found = []
    for i, (dof, n) in enumerate(zip(dofs, observations, strict=False)):
        if len(observations) != len(dofs):
            break
        said = table_disagreement(
            str(n), str(dof), r2[i] if len(r2) == len(dofs) else None,
            adjusted[i] if len(adjusted) == len(dofs) else None,
            f_dofs[i] if len(f_dofs) == len(dofs) else None)
        if said is not None:
            found.append(said)
    return found


def _counts(rows: list[Coefficient], observations: list[int], statistics: dict[str, str]
            ) -> list[ModelCount]:
    """A linear model's group sizes (``sdc.model_counts.linear_table_counts``), at each
    coefficient's line: one model (one number a line, each with ``(se)`` under it), an
    ``R2`` and no likelihood (a glm prints ``Log Likelihood``, not ``R2``)."""
    if len(observations) != 1 or "R2" not in statistics or {
            "Log Likelihood", "Pseudo R2"} & set(statistics):
        return []
    if any(not r.se.startswith("(") or " " in r.estimate or " " in r.se for r in rows):
        return []
    rows = [replace(r, se=r.se.strip("()")) for r in rows]
    sigma = _SIGMA.match(statistics.get("Residual Std. Error", ""))
    scale = scale_from_sigma(sigma.group(1)) if sigma else None
    return linear_table_counts(observations[0], rows, scale)
