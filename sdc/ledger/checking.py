"""Run ``sdc check`` on a snapshot with the ledger in the check context, so that SDC504
(prior-release differencing) can compare the outputs with what was already released."""

from __future__ import annotations

import dataclasses
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
    """A CheckContext carrying the ledger (a field once CheckContext has one, else an
    attribute: rules read it with ``getattr(ctx, "ledger", None)``)."""
    if any(f.name == "ledger" for f in dataclasses.fields(CheckContext)):
        return CheckContext(policy=policy, root=root, request=request,  # type: ignore[call-arg]
                            ledger=ledger)
    ctx = CheckContext(policy=policy, root=root, request=request)
    ctx.ledger = ledger  # type: ignore[attr-defined]
    return ctx


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
