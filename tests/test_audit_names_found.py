"""Round 52 (serial52, issue 14 §4): the hidden cells SDC501 and SDC502 will name are named
as their component comes back from the audit's pool (``_Audit.name_found``), not in the
rules after it, where at ``-j 2`` the other core sat idle. Only when: the same locations,
the same findings; a cell that cannot be named then is named by the rule, as before."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.rules.suppression import AuditedCell, _Audit
from tests.conftest import read_files
from tests.test_audit_cells_lazy import FILES

POLICY = build_policy({})


def _audit(tmp_path: Path, threshold: float | None = POLICY.shared.threshold) -> _Audit:
    outputs = read_files(tmp_path / "r", FILES, POLICY)
    return _Audit(outputs, POLICY.shared.rounding_base, list(POLICY.total_labels),
                  threshold=threshold)


def _named(audit: _Audit) -> list[tuple[str, str | None]]:
    return [(c.at.path, c.at.cell) for c in audit.cells if c.at is not None]


def test_exact_and_small_counts_are_named_as_the_audit_ends(tmp_path: Path) -> None:
    """Exact cells (SDC501's) and counts below the threshold (SDC502's) hold their location
    once the audit is made; the wider counts (no finding) hold none."""
    audit = _audit(tmp_path)
    assert _named(audit) == [("a.csv", "C2"), ("b.csv", "B2"), ("b.csv", "C2"),
                             ("c.csv", "C2"), ("c.csv", "C4")]
    unnamed = [c for c in audit.cells if c.at is None]
    assert len(unnamed) == 4
    assert all(not c.interval.exact and c.interval.hi >= POLICY.shared.threshold
               for c in unnamed)


def test_the_names_are_those_made_when_asked(tmp_path: Path) -> None:
    audit = _audit(tmp_path)
    for audited in audit.cells:
        fresh = AuditedCell(audited.ts, audited.var, audited.interval, audited.related,
                            audited.weak)
        assert fresh.at is None
        if audited.at is not None:
            assert audited.location() is audited.at  # not named again
            assert fresh.location() == audited.at


def test_without_a_threshold_only_exact_cells_are_named(tmp_path: Path) -> None:
    """The audit beside released tables (``sdc.rules.released_audit``) gives none."""
    audit = _audit(tmp_path, threshold=None)
    assert _named(audit) == [("a.csv", "C2"), ("c.csv", "C2"), ("c.csv", "C4")]


def test_a_cell_that_cannot_be_named_then_is_named_when_asked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = AuditedCell.location
    calls: list[AuditedCell] = []

    def first_fails(self: AuditedCell) -> object:
        calls.append(self)
        if len(calls) == 1:
            raise ValueError("broken")
        return real(self)

    monkeypatch.setattr(AuditedCell, "location", first_fails)
    audit = _audit(tmp_path)
    assert len(calls) == 5  # (the five named)
    failed = calls[0]
    assert failed.at is None and [c for c in audit.cells if c.at is None
                                  and c.interval.exact] == [failed]
    monkeypatch.undo()
    assert (failed.ts.output.path, failed.location().cell) == ("a.csv", "C2")


def test_the_findings_are_those_named_in_the_rules(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    read_files(tmp_path / "r", FILES, POLICY)

    def findings() -> list[tuple[str, str, str | None, str, str]]:
        result = sdc.check(tmp_path / "r", POLICY)
        return [(f.rule, o.path, f.location.cell, f.status.value, f.message)
                for o in result.outputs for f in o.findings]

    early = findings()
    assert [(rule, path, cell) for rule, path, cell, *_ in early
            if rule in ("SDC501", "SDC502")] == [
        ("SDC501", "a.csv", "C2"), ("SDC502", "b.csv", "B2"), ("SDC502", "b.csv", "C2"),
        ("SDC501", "c.csv", "C2"), ("SDC501", "c.csv", "C4")]
    monkeypatch.setattr(_Audit, "name_found", lambda self, cells: None)
    assert findings() == early


def test_with_narrow_suppression_off_only_exact_cells_are_named(tmp_path: Path) -> None:
    """The release's shared audit names the counts below the threshold only for SDC502."""
    from sdc.context import CheckContext
    from sdc.rules.suppression import _shared_audit

    outputs = read_files(tmp_path / "r", FILES, POLICY)
    shared = _shared_audit(CheckContext(policy=POLICY), outputs)
    assert len(_named(shared)) == 5
    off = build_policy({"rules": {"narrow-suppression": {"status": "off"}}})
    outputs = read_files(tmp_path / "s", FILES, off)
    shared = _shared_audit(CheckContext(policy=off), outputs)
    assert _named(shared) == [("a.csv", "C2"), ("c.csv", "C2"), ("c.csv", "C4")]
