"""The policy in force for a ledger: the checkers', pinned by an admin, never the submitter's.

Issue 12: only the policy, owned by the checkers, may turn a fail into a pass, so the policy a
version is checked under cannot be the submitter's ``--rules``, ``$SDC_POLICY`` or a rules.toml
above their working directory. A ``policy-set`` entry of the audit log pins it: the policy
file's SHA-256 (the hash every report names), the profile, where it came from, the policy
table's keys (``tool.sdc`` in a pyproject.toml) and the file's text, so that a submission is
checked under the ledger's copy and not under a file on the submitter's disk. The newest such
entry is in force; a ledger with none is under the built-in default (profile ``default``).
Being an entry of the hash-chained log, ``audit verify`` and the witness cover it.

Submitting checks under the pinned policy (``requests.submit`` refuses another); voting and
releasing refuse a version checked under any other (an older pin included: submit it again).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from sdc.ledger import events, schema
from sdc.ledger.db import Ledger
from sdc.ledger.errors import LedgerError
from sdc.policy import Policy, build_policy, policy_from_bytes

POLICY_SET = "policy-set"
BUILT_IN = "built-in"


class PolicyMismatch(LedgerError):
    """A version checked under another policy than the ledger's, or a submission asking for
    another one."""


@dataclass(frozen=True)
class Pin:
    """The policy in force: its file's SHA-256 and profile, and the file's text (None for the
    built-in default)."""

    sha256: str
    profile: str
    source: str
    table: tuple[str, ...] = ()
    text: str | None = None
    seq: int | None = None  # the policy-set entry; None: no pin yet, the built-in default
    actor: str | None = None

    def matches(self, sha256: str, profile: str) -> bool:
        return self.sha256 == sha256 and self.profile == profile

    def describe(self) -> str:
        how = (f"pinned by {self.actor} (audit entry {self.seq})" if self.seq is not None
               else "the built-in default: no policy pinned")
        return f"{self.source} (profile {self.profile}, sha256 {self.sha256[:12]}…; {how})"

    def policy(self) -> Policy:
        """The pinned policy, built from the ledger's copy of the file."""
        if self.text is None:
            policy = build_policy({}, profile=self.profile)
        else:
            data = self.text.encode("utf-8")
            if hashlib.sha256(data).hexdigest() != self.sha256:
                raise LedgerError(f"the ledger's copy of its policy ({self.source}) does not "
                                  "match its hash: run sdc audit verify")
            policy = policy_from_bytes(data, self.table, self.profile, source=self.source,
                                       name=f"the ledger's policy ({self.source})")
        if not self.matches(policy.sha256, policy.profile):
            raise LedgerError(f"the ledger's policy {self.describe()} builds as sha256 "
                              f"{policy.sha256[:12]}…, profile {policy.profile}: pin it again")
        policy.reason = f"the policy in force for this ledger ({self.describe()})"
        return policy

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "profile": self.profile, "sha256": self.sha256,
                "pinned": self.seq is not None, "seq": self.seq, "by": self.actor}


def default_pin() -> Pin:
    policy = build_policy({})
    return Pin(policy.sha256, policy.profile, BUILT_IN)


def pinned(conn: Connection) -> Pin:
    """The policy in force: the newest ``policy-set`` entry, else the built-in default."""
    log = schema.audit_log
    # a pin belongs to no request: the request index finds the few such entries, where a scan
    # of the event column would read the whole log (~0.1 s at 100,000 entries)
    row = conn.execute(select(log).where(log.c.request_id.is_(None), log.c.event == POLICY_SET)
                       .order_by(log.c.seq.desc()).limit(1)).first()
    if row is None:
        return default_pin()
    entry = events._row_entry(row)
    data = entry.data
    return Pin(data["sha256"], data["profile"], data["source"], tuple(data.get("table") or ()),
               data.get("text"), entry.seq, entry.actor)


def pinned_policy(ledger: Ledger) -> tuple[Pin, Policy]:
    with ledger.read() as conn:
        pin = pinned(conn)
    return pin, pin.policy()


def set_policy(ledger: Ledger, policy: Policy, data: bytes | None, table: tuple[str, ...], *,
               actor: str) -> Pin:
    """Pin ``policy`` (``data``: its file's bytes; None for the built-in default) as the
    ledger's, as an entry of the audit log. Who may call this is the caller's to decide
    (``sdc ledger policy set`` asks for an admin account's password)."""
    if data is not None and hashlib.sha256(data).hexdigest() != policy.sha256:
        raise LedgerError(f"{policy.source} changed while it was being read; try again")
    text = None if data is None else data.decode("utf-8")
    source = BUILT_IN if data is None else policy.source
    with ledger.write() as conn:
        entry = events.append(conn, actor, POLICY_SET, None, {
            "sha256": policy.sha256, "profile": policy.profile, "source": source,
            "table": list(table), "text": text})
    pin = Pin(policy.sha256, policy.profile, source, table, text, entry.seq, actor)
    pin.policy()  # what was pinned builds again from the ledger's copy
    return pin


AGAIN = "submit it again (sdc request submit --update) to check it under the ledger's policy"
SUBMIT_UNDER = ("check it under the ledger's policy (sdc ledger policy show names it; only an "
                "admin changes it: sdc ledger policy set)")


def require_pinned(conn: Connection, sha256: str, profile: str, what: str,
                   remedy: str = SUBMIT_UNDER) -> Pin:
    """Refuse ``what`` (a check under ``sha256``/``profile``) unless that is the policy in
    force."""
    pin = pinned(conn)
    if not pin.matches(sha256, profile):
        raise PolicyMismatch(
            f"{what} the policy sha256 {sha256[:12]}… (profile {profile}), not the policy in "
            f"force for this ledger, {pin.describe()}: {remedy}")
    return pin


def require_version_pinned(conn: Connection, request_id: str, version: int, doing: str) -> None:
    v = schema.versions
    row = conn.execute(select(v.c.policy_sha256, v.c.policy_profile)
                       .where(v.c.request_id == request_id, v.c.version == version)).one()
    require_pinned(conn, row.policy_sha256, row.policy_profile,
                   f"{request_id} version {version} cannot be {doing}: it was checked under",
                   AGAIN)


def reviewers_of(policy: Policy) -> int | None:
    """``[workflow] reviewers`` of the policy, when it sets it (else the ledger's setting)."""
    workflow = getattr(policy.model, "workflow", None)
    if workflow is None:
        return None
    if isinstance(workflow, dict):
        value = workflow.get("reviewers")
    elif "reviewers" in getattr(workflow, "model_fields_set", {"reviewers"}):
        value = getattr(workflow, "reviewers", None)
    else:
        value = None
    return int(value) if value is not None else None
