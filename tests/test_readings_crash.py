"""A crash in the audits of ambiguous readings (SDC501's and SDC502's, one helper since round
48's review) is SDC602 `review` for every output hiding a count, naming the rule asked; the
outputs hiding nothing keep their own findings (fail closed)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc.ambiguous_readings as ambiguous_readings
from sdc.engine import check


def _boom(*_args: object, **_kwargs: object) -> object:
    raise RuntimeError("injected")


def test_a_crash_in_the_readings_audit_reviews_each_output_hiding_a_count(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.csv").write_text("region,F,M\nNorth,*,40\nSouth,30,50\n")
    (tmp_path / "b.csv").write_text("region,n\nNorth,45\nSouth,80\n")
    monkeypatch.setattr(ambiguous_readings, "reading_recoveries", _boom)
    result = check(tmp_path)
    crashes = sorted((Path(o.path).name, f.rule, f.status.value, "(SDC501)" in f.message,
                      "(SDC502)" in f.message)
                     for o in result.outputs for f in o.findings
                     if f.rule == "SDC602" and "ambiguous abbreviation" in f.message)
    assert crashes == [("a.csv", "SDC602", "review", False, True),
                       ("a.csv", "SDC602", "review", True, False)]
