"""What rules may know beyond the output in hand: the policy, the release request, the ledger.

Rules see the policy through ``RulePolicy`` (what they may read of it), so this module, and the
rules that import it, do not import ``sdc.policy``, which imports the rule registry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from sdc.ledger.db import Ledger
    from sdc.rules.base import P, Rule, SharedParams

T = TypeVar("T")


class RulePolicy(Protocol):
    """What rules read of the policy beyond their own parameters (``sdc.policy.Policy``)."""

    @property
    def shared(self) -> SharedParams: ...

    @property
    def total_labels(self) -> Sequence[str]: ...

    @property
    def markers(self) -> Sequence[str]: ...

    def is_enabled(self, rule: type[Rule[Any]]) -> bool: ...

    def params(self, rule: type[Rule[P]]) -> P: ...


@dataclass
class CheckContext:
    policy: RulePolicy
    root: Path | None = None
    request: dict[str, Any] = field(default_factory=dict)
    ledger: Ledger | None = None  # released outputs, for prior-release differencing (SDC504)
    jobs: int = 1  # processes a release rule may spread its independent parts over (sdc.pool)
    # False (``sdc check``, the web app): each table's model is let go once its audit systems
    # are built (``sdc.table_standin``); the Python API keeps them unless asked
    keep_models: bool = True
    # ``sdc check -j 1``: the audit's systems built as each table's per-output rules end
    # (``sdc.audit_prebuild.AuditPrebuild``), taken by the audit once; None: it builds them
    audit_prebuild: Any = None
    _work: dict[type, tuple[object, Any]] = field(default_factory=dict, repr=False)

    def shared_work(self, kind: type[T], key: object, make: Callable[[], T]) -> T:
        """Work several release rules need (the suppression audit of all outputs), done once
        per run: the last ``kind`` made for the same ``key`` object, else ``make()``."""
        held = self._work.get(kind)
        if held is not None and held[0] is key:
            value: T = held[1]
            return value
        value = make()
        self._work[kind] = (key, value)
        return value

    def forget_work(self, kind: type, key: object) -> None:
        """The ``kind`` made for ``key`` let go once no later rule reads it (its memory is
        then free for the rules that run next); a later ``shared_work`` makes it again."""
        held = self._work.get(kind)
        if held is not None and held[0] is key:
            del self._work[kind]
