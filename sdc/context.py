"""What rules may know beyond the output in hand: the policy and the release request."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sdc.ledger.db import Ledger
    from sdc.policy import Policy


@dataclass
class CheckContext:
    policy: Policy
    root: Path | None = None
    request: dict[str, Any] = field(default_factory=dict)
    ledger: Ledger | None = None  # released outputs, for prior-release differencing (SDC504)
