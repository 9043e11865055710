"""The audits of a release's ambiguous readings are made once for SDC501 and SDC502 both
(round 49, audit49; round 48 made them once for each rule), and let go with the release's
audit once its last reader is done; a crash in them is still each rule's SDC602.

Releases: abbr47's ``NE`` beside ``North East`` (a.csv) and ``New England`` (c.csv), b.csv
hiding NE's women (SDC501 ``review`` under a reading), and rename48's rounded twin (SDC502
``review`` under a reading). Each reading is one audit of the release (an ``_Audit``, as
the release's own): two readings, three audits in all."""

from __future__ import annotations

import gc
import json
import time
import weakref
from pathlib import Path
from typing import Any

import pytest

import sdc.ambiguous_readings as ambiguous_readings
from sdc.context import CheckContext
from sdc.engine import run
from sdc.policy import build_policy
from sdc.rules import suppression
from sdc.rules.differencing import Differencing
from tests import release_modes
from tests.release_modes import written as _write

jobs = release_modes.jobs

PINNED = {"a.csv": "region,n\nNorth East,50\nSouth West,57\nTotal,107\n",
          "b.csv": "region,F,M\nNE,*,30\nSW,27,30\n",  # NE's women: 20 (or 50)
          "c.csv": "region,n\nNew England,80\nSouth West,57\nTotal,137\n"}
NARROWED = {"a.csv": "region,n\nNorth East,35\nSouth West,55\nTotal,90\n",
            "b.csv": "region,F,M\nNE,*,30\nSW,25,30\n",  # NE's women in [1, 9] (or [46, 54])
            "c.csv": "region,n\nNew England,80\nSouth West,55\nTotal,135\n"}
ROUNDED = {"rules": {"unrounded-count": {"base": 5, "scheme": "nearest"}}}


def _found(root: Path, jobs: int, policy: dict[str, Any]) -> set[tuple[str, str, str, str]]:
    result = run([root], build_policy(policy), keep_models=False, jobs=jobs).result
    report = json.loads(json.dumps(result.for_reports().to_dict(with_evidence=True)))
    return {(o["path"], f["rule"], f["status"], (f.get("location") or {}).get("cell"))
            for o in report["outputs"] for f in o.get("findings", [])}


def _counted(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Each call of ``module.name`` counted (the real one still run)."""
    calls: list[int] = []
    real = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def _audits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each audit made (``_Audit``), the release's own and each reading's, counted."""
    calls: list[int] = []
    real = suppression._Audit.__init__

    def counted(self: Any, *args: Any, **kwargs: Any) -> None:
        calls.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(suppression._Audit, "__init__", counted)
    return calls


@pytest.mark.parametrize("off", [None, "recoverable-suppression", "narrow-suppression"])
def test_each_reading_audited_once_for_both_rules(tmp_path: Path, jobs: int, off: str | None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Two readings, two audits besides the release's own (base49: four with both rules
    on); SDC501's finding as
    before, and none when SDC501 is off (the pin is SDC501's: SDC502 reads the narrowed)."""
    readings = _counted(monkeypatch, ambiguous_readings, "reading_recoveries")
    audits = _audits(monkeypatch)
    found = _found(_write(tmp_path, PINNED), jobs, {"ignore": [off]} if off else {})
    assert found == (set() if off == "recoverable-suppression"
                     else {("b.csv", "SDC501", "review", "B2")})
    assert (len(readings), len(audits)) == (1, 3)


@pytest.mark.parametrize("off", [None, "recoverable-suppression"])
def test_the_narrowing_reading_audited_once(tmp_path: Path, jobs: int, off: str | None,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """rename48's SDC502 ``review`` under a reading, from the one set of audits SDC501
    asked for first (or SDC502 alone, SDC501 off)."""
    readings = _counted(monkeypatch, ambiguous_readings, "reading_recoveries")
    audits = _audits(monkeypatch)
    policy = {**ROUNDED, "ignore": [off]} if off else ROUNDED
    assert _found(_write(tmp_path, NARROWED), jobs, policy) == {
        ("b.csv", "SDC502", "review", "B2")}
    assert (len(readings), len(audits)) == (1, 3)


def test_no_readings_no_audit_of_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without c.csv nothing is ambiguous: asked once, no reading audited (the release's own
    SDC501 ``review``, as before)."""
    readings = _counted(monkeypatch, ambiguous_readings, "reading_recoveries")
    audits = _audits(monkeypatch)
    files = {k: v for k, v in PINNED.items() if k != "c.csv"}
    assert _found(_write(tmp_path, files), 1, {}) == {("b.csv", "SDC501", "review", "B2")}
    assert (len(readings), len(audits)) == (1, 1)


@pytest.mark.parametrize("off", [None, "narrow-suppression"])
def test_readings_let_go_with_the_audit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        off: str | None) -> None:
    """Once SDC402, SDC501 and SDC502 (those enabled) have read the audit, the readings'
    result is gone too, before SDC503 runs: no reference left to it or its audits."""
    made: list[weakref.ref] = []
    real = suppression._ReadingsMade.__init__

    def kept(self: Any, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        made.append(weakref.ref(self))
        made.append(weakref.ref(self.found))

    seen: list[tuple[bool, bool]] = []
    differencing = Differencing.check_release

    def before_sdc503(self: Any, outputs: Any, ctx: CheckContext) -> Any:
        gc.collect()
        seen.append((suppression._ReadingsMade in ctx._work,
                     any(m() is not None for m in made)))
        return differencing(self, outputs, ctx)

    monkeypatch.setattr(suppression._ReadingsMade, "__init__", kept)
    monkeypatch.setattr(Differencing, "check_release", before_sdc503)
    found = _found(_write(tmp_path, PINNED), 1, {"ignore": [off]} if off else {})
    assert found == {("b.csv", "SDC501", "review", "B2")}
    assert len(made) == 2 and seen == [(False, False)]


def test_a_crash_in_the_readings_is_asked_once_and_said_by_each_rule(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The readings' crash is SDC602 for SDC501 and for SDC502 (each naming itself) at the
    output hiding a count, from one call."""
    calls: list[int] = []

    def boom(*_args: object, **_kwargs: object) -> object:
        calls.append(1)
        raise RuntimeError("injected")

    monkeypatch.setattr(ambiguous_readings, "reading_recoveries", boom)
    result = run([_write(tmp_path, PINNED)], build_policy({}), keep_models=False).result
    crashes = sorted((Path(o.path).name, f.status.value, "(SDC501)" in f.message,
                      "(SDC502)" in f.message, "RuntimeError: injected" in f.message)
                     for o in result.outputs for f in o.findings
                     if f.rule == "SDC602" and "ambiguous abbreviation" in f.message)
    assert crashes == [("b.csv", "review", False, True, True),
                       ("b.csv", "review", True, False, True)]
    assert len(calls) == 1


def _burnt_reading(item: int) -> tuple[dict[str, str] | None, int]:
    """The reading this process audits under (``read_as``), and which process it is, after
    enough work that the pool forks a worker for the items after the first."""
    import os

    from sdc.link_abbreviations import read_as

    end = time.process_time() + 0.02
    while time.process_time() < end:
        pass
    return read_as(), os.getpid()


def test_a_reading_reaches_the_audits_forked_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each reading's audit runs on ``-j`` processes (round 49): its workers are forked
    inside ``reading`` and build their tables' systems under the same aliases (a
    ``ContextVar``, copied by the fork from the thread that forks). A worker building under
    none would audit the release's own pairing and miss what the reading pins."""
    from sdc import pool
    from sdc.link_abbreviations import reading

    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    with reading({"ne": "north east"}):
        got = list(pool.ordered_map(_burnt_reading, list(range(40)), 2))
    assert {aliases["ne"] if aliases else None for aliases, _ in got} == {"north east"}
    assert len({pid for _, pid in got}) == 2  # a worker did some of them


def test_each_readings_audit_on_the_checks_jobs(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The readings' audits are asked for with the check's ``jobs`` (base49: 1 always)."""
    asked: list[int] = []
    real = suppression._Audit.__init__

    def noted(self: Any, *args: Any, **kwargs: Any) -> None:
        asked.append(kwargs.get("jobs", 1))
        real(self, *args, **kwargs)

    monkeypatch.setattr(suppression._Audit, "__init__", noted)
    found = _found(_write(tmp_path, PINNED), 2, {})
    assert found == {("b.csv", "SDC501", "review", "B2")}
    assert asked == [2, 2, 2]
