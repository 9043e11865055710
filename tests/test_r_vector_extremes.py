"""R's print of an unnamed vector under a command naming its statistic: ``range(df$age)``
prints ``[1] 18 94``, ``min``/``max`` one value, ``fivenum`` five from the minimum to the
maximum. They were text with numbers (SDC602 review) where ``summary()``'s Min./Max. and
``quantile()``'s 0%/100% fail SDC302; now the same. R console logs as written by sink()."""

from __future__ import annotations

from pathlib import Path

import sdc
from tests.conftest import check_one_file


def _log(tmp_path: Path, text: str) -> sdc.RunResult:
    return check_one_file(tmp_path, "analysis.log", text)


def _found(result: sdc.RunResult) -> set[tuple[int | None, str, str | None, str]]:
    return {(f.location.table, f.rule, f.location.cell, f.status.value)
            for f in result.findings}


def test_range_min_and_max(tmp_path: Path) -> None:
    # was: review (SDC602 on each [1] line)
    result = _log(tmp_path, "> range(df$age)\n[1] 18 94\n> min(df$los)\n[1] 1\n"
                            "> max(df$los, na.rm = TRUE)\n[1] 63\n")
    assert _found(result) == {(1, "SDC302", "B2", "fail"), (1, "SDC302", "B3", "fail"),
                              (2, "SDC302", "B2", "fail"), (3, "SDC302", "B2", "fail")}
    assert all("94" not in (f.public_message or "") for f in result.findings)


def test_fivenum_ends(tmp_path: Path) -> None:
    result = _log(tmp_path, "> fivenum(df$age)\n[1] 18 32 45 60 94\n")
    assert {(r, c) for _, r, c, _ in _found(result) if r == "SDC302"} == {
        ("SDC302", "B2"), ("SDC302", "B6")}


def test_a_mean_and_a_length_are_read_as_before(tmp_path: Path) -> None:
    # the twin: no extreme; the numbers stay for a person as they were (never a pass)
    result = _log(tmp_path, "> mean(df$age)\n[1] 46.1\n> length(df$age)\n[1] 400\n")
    assert {r for _, r, _, _ in _found(result)} == {"SDC602"}
    assert result.status.value == "review"


def test_a_vector_of_other_length_is_read_as_before(tmp_path: Path) -> None:
    # range() of two variables prints four numbers: not this layout, still review
    result = _log(tmp_path, "> range(df$age, df$los)\n[1] 1 94 3 7\n")
    assert result.status.value == "review"
