"""The number of reviewers a submit entry should carry, recomputed from the log (issue 12,
channel 10).

A version's ``reviewers_required`` row is checked against its submit entry (``verify``), but the
entry itself was only as right as the code that wrote it: a submit entry appended by hand (or
by a patched ``sdc``) with ``reviewers_required: 1`` was believed. The number is not free: it is
the pinned policy's ``[workflow] reviewers`` when the version was checked under the pin in force
at its entry, else the newest ``reviewers-set`` entry before it, else the default (2). A submit
entry that says otherwise is a problem for ``audit verify``, so every release refuses.

A version checked under a policy that was not the pin at its entry (a ledger used before the
pin existed) cannot be recomputed; voting and releasing refuse such a version anyway until it
is submitted again (``sdc.ledger.pinned``).
"""

from __future__ import annotations

from typing import Any

from sdc.ledger import events
from sdc.ledger.db import DEFAULT_REVIEWERS
from sdc.ledger.errors import LedgerError
from sdc.ledger.pinned import POLICY_SET, Pin, default_pin, reviewers_of
from sdc.ledger.settings import REVIEWERS_SET


def _pin_of(entry: events.Entry) -> Pin:
    data = entry.data
    return Pin(data["sha256"], data["profile"], data["source"], tuple(data.get("table") or ()),
               data.get("text"), entry.seq, entry.actor)


def expected_reviewers(seen: dict[int, events.Entry]) -> dict[int, int | None]:
    """For each submit entry's seq, the number of reviewers the log says it needs (None: its
    policy was not the pin in force, so the log cannot say)."""
    pin, number = default_pin(), DEFAULT_REVIEWERS
    from_policy: dict[int | None, int | None] = {}
    out: dict[int, int | None] = {}
    for seq in sorted(seen):
        entry = seen[seq]
        if entry.request is None and entry.event == POLICY_SET:
            try:
                pin = _pin_of(entry)
            except (KeyError, TypeError):
                pin = Pin("", "", "unreadable", seq=seq)
        elif entry.request is None and entry.event == REVIEWERS_SET:
            value = entry.data.get("reviewers")
            number = value if isinstance(value, int) and not isinstance(value, bool) else -1
        elif entry.event == events.SUBMIT:
            policy: Any = entry.data.get("policy") or {}
            if not pin.matches(policy.get("sha256"), policy.get("profile")):
                out[seq] = None
                continue
            if pin.seq not in from_policy:
                try:
                    from_policy[pin.seq] = reviewers_of(pin.policy())
                except (LedgerError, ValueError):
                    from_policy[pin.seq] = -1
            out[seq] = from_policy[pin.seq] or number
    return out


def reviewers_problems(seen: dict[int, events.Entry]) -> list[tuple[int, str]]:
    """(seq, reason) for each submit entry whose ``reviewers_required`` is not the log's."""
    problems = []
    for seq, expected in expected_reviewers(seen).items():
        recorded = seen[seq].data.get("reviewers_required")
        if expected is not None and recorded != expected:
            entry = seen[seq]
            problems.append((seq, f"the submit entry of {entry.request} version "
                             f"{entry.data.get('version')} says {recorded} reviewer(s) but "
                             f"the policy and reviewers-set entries before it say "
                             f"{expected}"))
    return problems
