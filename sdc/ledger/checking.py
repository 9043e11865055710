"""Run ``sdc check`` on a snapshot with the ledger in the check context, so that SDC504
(prior-release differencing) can compare the outputs with what was already released."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from sdc.context import CheckContext
from sdc.engine import run
from sdc.outputs import Output
from sdc.policy import Policy
from sdc.results import RunResult

if TYPE_CHECKING:
    from sdc.ledger.db import Ledger


def context(policy: Policy, root: Path | None, request: dict, ledger: Ledger | None
            ) -> CheckContext:
    """A CheckContext carrying the ledger (for prior-release differencing, SDC504)."""
    return CheckContext(policy=policy, root=root, request=request, ledger=ledger)


def check_folder(folder: Path, policy: Policy, ledger: Ledger | None
                 ) -> tuple[RunResult, list[Output]]:
    """The check result of ``folder`` and the outputs read: each table a stand-in once its
    model is let go (``sdc.table_standin``: a submission records each table's form and draws
    its report view), else its model."""
    checked = run([folder], policy, ledger=ledger, keep_models=False)
    return dataclasses.replace(checked.result, root=None), checked.outputs
