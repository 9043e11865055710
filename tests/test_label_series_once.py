"""A label column numbered as one series (``Area 0``..``Area N-1``, as a loop over areas writes
it) is judged a run once per series, not once per label (round 28). Each label used to sort the
whole series again (``coverage._in_a_series``): 20,000 areas took 112 s of CPU. The verdicts
are unchanged: a run from 0 still names its members, and a ``West 3`` set among plain names
is still not understood."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
import sdc.coverage as coverage
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found


def _areas(folder: Path, labels: list[str], small_at: int | None = None) -> Path:
    folder.mkdir()
    counts = [[20 + i % 50, 30 + i % 40] for i in range(len(labels))]
    if small_at is not None:
        counts[small_at][0] = 3
    frame = pd.DataFrame(counts, columns=["Deaths", "Admissions"],
                         index=pd.Index(labels, name="area"))
    frame.to_csv(folder / "areas.csv")
    return folder


def _counting_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = coverage.ordinal_run

    def counted(numbers, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(len(numbers))
        return real(numbers, *args, **kwargs)

    monkeypatch.setattr(coverage, "ordinal_run", counted)
    return calls


def test_a_numbered_series_is_judged_once_not_once_per_label(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting_runs(monkeypatch)
    result = sdc.check(_areas(tmp_path / "r", [f"Area {i}" for i in range(600)]),
                       build_policy({}))
    assert result.status.value == "pass" and result.findings == []
    assert calls and max(calls) == 600  # the whole series was judged...
    assert len(calls) <= 2  # ...once (was 600 times, once per label)


def test_a_small_count_beside_a_numbered_series_still_fails_at_its_cell(
        tmp_path: Path) -> None:
    labels = [f"Area {i}" for i in range(600)]
    result = sdc.check(_areas(tmp_path / "r", labels, small_at=4), build_policy({}))
    assert _found(result) == {("SDC101", "B6", "fail")}


def test_a_name_and_number_among_plain_names_is_still_not_understood(tmp_path: Path) -> None:
    # ``West 3`` beside plain names: its 3 may be a count set beside a place (SDC602)
    labels = ["North", "South", "East", "West 3"]
    result = sdc.check(_areas(tmp_path / "r", labels), build_policy({}))
    assert [(f.rule, f.status.value, f.message) for f in result.findings] == [
        ("SDC602", "review", "1 number not understood (no rule checks them): A5")]
