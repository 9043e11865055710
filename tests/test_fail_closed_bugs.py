"""A bug in the coverage check or in applying the release's records fails that output closed
(SDC602 review) and never loses the rest of the release or crashes the command."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
import sdc.coverage
import sdc.engine
from sdc.policy import build_policy
from tests.conftest import findings_of


def _release(tmp_path: Path) -> Path:
    (tmp_path / "a.csv").write_text("region,deaths\nNorth,40\nSouth,3\nEast,31\n")
    (tmp_path / "b.csv").write_text("region,deaths\nNorth,40\nSouth,30\nEast,31\n")
    return tmp_path


def test_a_coverage_bug_is_review_on_its_output(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    real = sdc.coverage.uncovered_cells

    def broken(table, *args, **kwargs):  # type: ignore[no-untyped-def]
        if any(c.value == 30 for c in table.cells):
            raise RuntimeError("boom")
        return real(table, *args, **kwargs)

    monkeypatch.setattr(sdc.coverage, "uncovered_cells", broken)
    result = sdc.check(_release(tmp_path), build_policy({}))
    assert findings_of(result) == {("SDC101", "a.csv", "B3"), ("SDC602", "b.csv", None)}
    assert {o.path: o.status for o in result.outputs} == {"a.csv": "fail", "b.csv": "review"}


def test_a_records_bug_is_review_on_its_output(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    real = sdc.engine.ReleaseAnnotations.annotate

    def broken(self, output):  # type: ignore[no-untyped-def]
        if output.path == "b.csv":
            raise KeyError("boom")
        return real(self, output)

    monkeypatch.setattr(sdc.engine.ReleaseAnnotations, "annotate", broken)
    result = sdc.check(_release(tmp_path), build_policy({}))
    assert findings_of(result) == {("SDC101", "a.csv", "B3"), ("SDC602", "b.csv", None)}


def test_a_release_bases_bug_is_review_on_every_table(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(tables):  # type: ignore[no-untyped-def]
        raise ValueError("boom")

    monkeypatch.setattr(sdc.engine, "use_release_bases", broken)
    result = sdc.check(_release(tmp_path), build_policy({}))
    assert findings_of(result) == {("SDC101", "a.csv", "B3"), ("SDC602", "a.csv", None),
                                   ("SDC602", "b.csv", None)}
