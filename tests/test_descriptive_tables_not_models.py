"""A descriptive table shaped like a regression table (hunt round 14): a label with a number,
a bracketed number on the line under it, an ``Observations`` line, and ``R2``/``R2 Adj.``
lines. Read as a model (``esttab.model_table``), its numbers were checked only through SDC301,
which the printed R-squared pair passed: ``Female 3 (0.4)`` under ``Mean`` passed. A column
headed by a descriptive statistic (``Mean``, ``N``, ``%``, ``Mean (SD)``) is now no model; the
layout reads it (its numbers checked as a summary's). Regression tables headed by their
dependent variable or model number read as before."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found


def _md(header: str, female: str = "3", r2: bool = True) -> str:
    lines = [f"|  | {header} |", "|---|---|", "| Age | 45.2 |", "|  | (12.1) |",
             f"| Female | {female} |", "|  | (0.4) |", "| Observations | 800 |"]
    if r2:
        lines += ["| R2 | 0.10 |", "| R2 Adj. | 0.09 |"]
    return "\n".join(lines) + "\n"


def _check(tmp_path: Path, text: str) -> sdc.RunResult:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "t.md").write_text(text)
    return sdc.check(tmp_path, build_policy({}))


@pytest.mark.parametrize("header", ["Mean", "Mean (SD)", "N", "%"])
def test_a_summary_with_r2_lines_is_not_passed_as_a_model(tmp_path: Path, header: str) -> None:
    result = _check(tmp_path, _md(header))
    # was: pass (read as a model whose R2 and R2 Adj. prove its dof)
    assert result.status.value != "pass", header
    assert "SDC301" not in {f.rule for f in result.findings}, header


def test_a_count_under_n_fails(tmp_path: Path) -> None:
    result = _check(tmp_path, _md("N"))
    assert ("SDC101", "B4", "fail") in _found(result)  # Female 3 (the delimiter is no row)


@pytest.mark.parametrize("header", ["mpg", "(1)", "income"])
def test_a_regression_table_reads_as_before(tmp_path: Path, header: str) -> None:
    result = _check(tmp_path, _md(header, female="-1.650"))
    assert result.findings == [], header
    assert result.status.value == "pass", header
