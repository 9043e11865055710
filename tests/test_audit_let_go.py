"""Issue 14 §3: the shared suppression audit is let go once SDC402, SDC501 and SDC502 (those
enabled) have read it, before SDC503 runs; the findings are those of an audit held to the end."""

from __future__ import annotations

import gc
import weakref

import pytest

from sdc.context import CheckContext
from sdc.policy import build_policy
from sdc.rules import suppression
from sdc.rules.differencing import Differencing
from tests.test_release_isolation import NARROW, RECOVERABLE, RECUT_A, RECUT_B

FILES = {"a.csv": RECOVERABLE, "b.csv": NARROW, "recut_a.csv": RECUT_A,
         "recut_b.csv": RECUT_B,
         "c.csv": "grp,A,B,Total\nr1,12,30,45\nr2,20,25,45\n"}  # 45 is not 42: SDC402
# the three rules' findings here: enough to show none is lost with the audit let go early
EXPECTED = {("SDC402", "c.csv", "D2"), ("SDC501", "a.csv", "C2"),
            ("SDC502", "b.csv", "B2"), ("SDC502", "b.csv", "C2")}


def _report(result) -> list[tuple]:
    return [(f.rule, f.status.value, f.location.path, f.location.cell, f.message,
             [r.display() for r in f.related or []]) for f in result.findings]


@pytest.mark.parametrize("off", [None, "inconsistent-suppression", "recoverable-suppression",
                                 "narrow-suppression"])
def test_audit_is_let_go_before_sdc503_with_the_same_findings(check_files, monkeypatch,
                                                              off: str | None) -> None:
    policy = {"ignore": [off]} if off else {}
    with monkeypatch.context() as kept:  # reference: the audit held to the end, as before
        kept.setattr(suppression, "_audit_read", lambda *a: None)
        held = check_files(FILES, policy)
    audits: list[weakref.ref] = []
    made = suppression._Audit.__init__

    def counted(self, *args, **kwargs):
        audits.append(weakref.ref(self))
        made(self, *args, **kwargs)

    seen: list[tuple[bool, bool]] = []
    real = Differencing.check_release

    def differencing(self, outputs, ctx: CheckContext):
        gc.collect()
        seen.append((suppression._Audit in ctx._work, any(a() is not None for a in audits)))
        return real(self, outputs, ctx)

    monkeypatch.setattr(suppression._Audit, "__init__", counted)
    monkeypatch.setattr(Differencing, "check_release", differencing)
    let_go = check_files(FILES, policy)
    assert len(audits) == 1  # made once, read by every enabled rule
    assert seen == [(False, False)]  # gone before SDC503: no reference left anywhere
    assert _report(let_go) == _report(held)
    found = {(f.rule, f.location.path, f.location.cell) for f in let_go.findings
             if f.rule in {"SDC402", "SDC501", "SDC502"}}
    off_code = {"inconsistent-suppression": "SDC402", "recoverable-suppression": "SDC501",
                "narrow-suppression": "SDC502"}.get(off or "")
    assert found == {f for f in EXPECTED if f[0] != off_code}


def test_audit_asked_for_again_is_made_again() -> None:
    """A rule that reads the audit after it was let go gets it made again, not nothing."""
    ctx = CheckContext(policy=build_policy({}))
    key = object()
    first = ctx.shared_work(list, key, lambda: [1])
    ctx.forget_work(list, object())  # another key's: kept
    assert ctx.shared_work(list, key, lambda: [2]) is first
    ctx.forget_work(list, key)
    assert ctx.shared_work(list, key, lambda: [3]) == [3]
