"""The audit beside released tables, bounded (round 42, ledger42; issue 14 §1).

ledger41's audit of this release's tables beside the released ones solved every linked
component of them all, and audited the released tables alone again for every released cell
it pinned: ~3.5× the CPU of a ``--ledger`` check on a 200-table release beside 600 released
tables. Now only the components holding a table of this release are solved, and the released
tables are audited alone only in the components where one of their cells is pinned
(``sdc.rules.released_audit``). A bound must not drop a candidate that could pin a hidden
cell: on random small releases and ledgers, the bounded audit finds exactly what the
unbounded one (every component, every released table alone) finds.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc.engine import run
from sdc.ledger.db import open_ledger
from sdc.policy import build_policy
from sdc.rules import released_audit
from tests.test_ledger_support import approve_and_release, write_request

REGIONS = ["North", "South", "East", "West"]


def _table(draw: st.DrawFn, counts: dict[str, tuple[int, int]], dim: str) -> str:
    """A ``dim,F,M,Total`` table of some of ``counts``' rows, maybe a totals row, some cells
    hidden (``*``)."""
    rows = draw(st.lists(st.sampled_from(sorted(counts)), min_size=1, max_size=4, unique=True))
    lines = [f"{dim},F,M,Total"]
    printed = [(r, *counts[r], sum(counts[r])) for r in rows]
    if draw(st.booleans()):
        printed.append(("Total", sum(counts[r][0] for r in rows),
                        sum(counts[r][1] for r in rows), sum(sum(counts[r]) for r in rows)))
    for label, *numbers in printed:
        cells = ["*" if draw(st.integers(0, 9)) < 3 else str(n) for n in numbers]
        lines.append(",".join([label, *cells]))
    return "\n".join(lines) + "\n"


@st.composite
def releases(draw: st.DrawFn) -> tuple[dict[str, str], dict[str, str]]:
    """A released request and a new one, cut from the same counts by region and sex; the
    released one maybe with a table of other labels (a component of released tables alone)."""
    counts = {r: (draw(st.integers(0, 40)), draw(st.integers(0, 40))) for r in REGIONS}
    old = {f"r{i}.csv": _table(draw, counts, "region")
           for i in range(draw(st.integers(1, 3)))}
    if draw(st.booleans()):
        ages = {a: (draw(st.integers(0, 40)), draw(st.integers(0, 40)))
                for a in ("18-39", "40-64", "65+")}
        old["a.csv"] = _table(draw, ages, "age")
        old["b.csv"] = _table(draw, ages, "age")
    new = {f"n{i}.csv": _table(draw, counts, "region")
           for i in range(draw(st.integers(1, 2)))}
    return old, new


def _findings(ledger, root: Path) -> set[tuple]:
    result = run([root], build_policy({}), ledger=ledger, jobs=1, keep_models=False).result
    report = json.loads(json.dumps(result.for_reports().to_dict(with_evidence=True)))
    return {(o["path"], f["rule"], f["status"], f["location"].get("cell"), f["message"])
            for o in report["outputs"] for f in o["findings"]}


def _unbounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """ledger41's audit: every component solved, the released tables all audited alone."""
    audit = released_audit._audit
    monkeypatch.setattr(released_audit, "_audit",
                        lambda outputs, ctx, wanted=None: audit(outputs, ctx))
    monkeypatch.setattr(released_audit, "_alone",
                        lambda _audit, _pinned, released, ctx: {
                            (id(a.ts.output), a.place) for a in audit(released, ctx).cells
                            if a.interval.exact})


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(releases())
def test_the_bounded_audit_finds_what_the_unbounded_one_finds(
        case: tuple[dict[str, str], dict[str, str]]) -> None:
    old, new = case
    with tempfile.TemporaryDirectory() as tmp:
        ledger = open_ledger(str(Path(tmp) / "ledger.sqlite"))
        try:
            approve_and_release(ledger, Path(tmp) / "old", old)
            root = write_request(Path(tmp) / "new", new)
            bounded = _findings(ledger, root)
            with pytest.MonkeyPatch.context() as monkeypatch:
                _unbounded(monkeypatch)
                assert _findings(ledger, root) == bounded
        finally:
            ledger.close()
