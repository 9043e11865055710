"""A release checked as the command does, its findings in one comparable set.

Shared by the linked-audit hunts' tests (rounds 35–37), which check each case at ``-j 1`` and
``-j 2``, read whole and streamed.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_hunt35_link_spellings import checked


def found(root: Path, jobs: int) -> tuple[str, dict[str, str], set[tuple[str, str, str, str]]]:
    """The release's status, each output's status, and every finding as (path, rule,
    status, cell)."""
    report, statuses = checked(root, jobs)
    findings = {(o["path"], f["rule"], f["status"], (f.get("location") or {}).get("cell"))
                for o in report["outputs"] for f in o.get("findings", [])}
    return report["status"], statuses, findings
