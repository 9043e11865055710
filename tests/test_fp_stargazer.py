"""R's ``stargazer(..., type = "text")`` regression tables (false positives, eighth round;
sdc/readers/documents/log_stargazer.py). Written to a ``.txt`` (``out = "models.txt"``) the
table was a document nobody read (SDC602 review); printed in a log, its coefficients were
numbers not understood. It prints each model's residual degrees of freedom itself
(``Residual Std. Error 1.987 (df = 497)``): the table is now a model checked through them
(SDC301), and one fitted on a few records fails."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _stargazer(n: int, footer: str | None = None, term: str = "female") -> str:
    """Two OLS models of ``n`` records (2 and 3 terms), as stargazer prints them."""
    footer = footer if footer is not None else (
        f"Residual Std. Error     1.987 (df = {n - 2})        1.990 (df = {n - 3})     \n"
        f"F Statistic          88.1*** (df = 1; {n - 2})   44.5*** (df = 2; {n - 3}) \n")
    return (
        "\n===========================================================\n"
        "                              Dependent variable:          \n"
        "                    ---------------------------------------\n"
        "                                      los                  \n"
        "                            (1)                  (2)       \n"
        "-----------------------------------------------------------\n"
        "age                      0.044***             0.043***     \n"
        "                          (0.005)              (0.005)     \n"
        "                                                           \n"
        f"{term:<25}                      -0.301          \n"
        "                                               (0.189)     \n"
        "                                                           \n"
        "Constant                 2.070***             2.235***     \n"
        "                          (0.278)              (0.296)     \n"
        "                                                           \n"
        "-----------------------------------------------------------\n"
        f"Observations               {n:<21}{n}         \n"
        "R2                        0.148                0.152       \n"
        "Adjusted R2               0.146                0.149       \n"
        + footer +
        "===========================================================\n"
        "Note:                           *p<0.1; **p<0.05; ***p<0.01\n")


def _check(root: Path, name: str, text: str) -> tuple[set[tuple[str, str, str | None]], str]:
    (root / name).write_text(text)
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def test_stargazer_text_file_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, "models.txt", _stargazer(500)) == (set(), "pass")


def test_stargazer_in_an_r_log_passes(tmp_path: Path) -> None:
    text = '> stargazer(m1, m2, type = "text")\n' + _stargazer(500)
    assert _check(tmp_path, "session.log", text) == (set(), "pass")


def test_stargazer_of_few_records_fails(tmp_path: Path) -> None:
    # 11 records: 9 and 8 residual dof
    assert _check(tmp_path, "models.txt", _stargazer(11)) == (
        {("SDC301", "models.txt", None)}, "fail")


def test_stargazer_without_its_dof_stays_review(tmp_path: Path) -> None:
    # a glm's footer: no residual dof printed. It was a document for a person (SDC602); since
    # issue 12's etable round a printed regression table is read as its CSV would be
    # (sdc.readers.documents.log_model_tables): a model with no dof source, still review,
    # failed only when its observations less its terms fall below the minimum
    footer = ("Log Likelihood           -300.215             -299.870     \n"
              "Akaike Inf. Crit.         604.430              605.740     \n")
    assert _check(tmp_path, "models.txt", _stargazer(500, footer)) == (
        {("SDC301", "models.txt#table1", None)}, "review")
    assert _check(tmp_path, "models.txt", _stargazer(11, footer)) == (
        {("SDC301", "models.txt#table1", "B10"), ("SDC301", "models.txt#table1", "C10")},
        "fail")


def test_a_count_in_a_term_name_is_named(tmp_path: Path) -> None:
    text = '> stargazer(m1, m2, type = "text")\n' + _stargazer(500, term="female (n=3)")
    assert _check(tmp_path, "session.log", text) == ({("SDC602", "session.log", None)}, "review")


def test_more_dof_than_observations_is_no_proof(tmp_path: Path) -> None:
    text = _stargazer(500).replace("(df = 498)", "(df = 900)")
    assert _check(tmp_path, "models.txt", text) == ({("SDC602", "models.txt", None)}, "review")
