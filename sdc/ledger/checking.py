"""Run ``sdc check`` on a snapshot with the ledger in the check context, so that SDC504
(prior-release differencing) can compare the outputs with what was already released."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sdc.context import CheckContext
from sdc.engine import check_outputs, read_release
from sdc.outputs import Output
from sdc.policy import Policy
from sdc.results import PolicyInfo, RunResult
from sdc.version import __version__

if TYPE_CHECKING:
    from sdc.ledger.db import Ledger


def context(policy: Policy, root: Path | None, request: dict, ledger: Ledger | None
            ) -> CheckContext:
    """A CheckContext carrying the ledger (for prior-release differencing, SDC504)."""
    return CheckContext(policy=policy, root=root, request=request, ledger=ledger)


def check_folder(folder: Path, policy: Policy, ledger: Ledger | None
                 ) -> tuple[RunResult, list[Output]]:
    """The check result of ``folder`` and the outputs read (with their parsed tables)."""
    outputs, request, root, _ = read_release([folder], policy)
    ctx = context(policy, root, request.request.model_dump(exclude_none=True), ledger)
    results, unused = check_outputs(outputs, policy, ctx, request)
    result = RunResult(
        tool_version=__version__,
        policy=PolicyInfo(source=policy.source, profile=policy.profile, sha256=policy.sha256,
                          params=policy.effective_params(), reason=policy.reason),
        outputs=results, unused_waivers=unused, request=ctx.request, root=None)
    return result, outputs
