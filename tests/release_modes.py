"""A release checked as the command does, its findings in one comparable set.

Shared by the linked-audit hunts' tests (rounds 35–37), which check each case at ``-j 1`` and
``-j 2``, read whole and streamed (the ``jobs`` fixture, bound by each test module as
``jobs = release_modes.jobs``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc.pool as pool
import sdc.stream_read as stream_read
from tests.test_hunt35_link_spellings import checked


def written(root: Path, files: dict[str, str]) -> Path:
    """``root`` with each file of ``files`` (name: text) written in it."""
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def found(root: Path, jobs: int) -> tuple[str, dict[str, str], set[tuple[str, str, str, str]]]:
    """The release's status, each output's status, and every finding as (path, rule,
    status, cell)."""
    report, statuses = checked(root, jobs)
    findings = {(o["path"], f["rule"], f["status"], (f.get("location") or {}).get("cell"))
                for o in report["outputs"] for f in o.get("findings", [])}
    return report["status"], statuses, findings


@pytest.fixture(params=[(1, False), (2, False), (1, True), (2, True)],
                ids=["j1", "j2", "j1-streamed", "j2-streamed"])
def jobs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """-j 1 and -j 2 (read in a worker), each read whole and streamed."""
    n, streamed = request.param
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    monkeypatch.setattr(stream_read, "MIN_BYTES", 0 if streamed else 10 ** 15)
    return int(n)
