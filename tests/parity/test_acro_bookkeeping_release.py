"""ACRO's bookkeeping in a request folder is checked and listed, but never released.

A folder ACRO 1.0.2 wrote is submitted to the ledger as a request; two reviewers
approve every output they are asked to vote on, and the request is released. ``results.json``,
``checksums/*.txt``, ``session_summary.*`` and ``config.json`` are staged and checked with the
rest (the snapshot holds every file), but are never among the outputs to vote on and never in
the released folder; every table and chart ACRO wrote is. (On PostgreSQL too: the role's name
fits the ledger's column.)
"""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from sdc.ledger.release import release
from sdc.ledger.requests import submit
from sdc.ledger.reviews import review as _review
from sdc.policy import build_policy
from tests.test_ledger_support import BACKENDS, REQUEST_TOML, ledger_location, opened

# a checker proven by the caller (web session or password): sdc.ledger.votes
review = partial(_review, authenticated=True)

BOOKKEEPING = {"results.json", "config.json", "session_summary.csv", "session_summary.json"}


def _bookkeeping(path: str) -> bool:
    return path in BOOKKEEPING or path.startswith("checksums/")


@pytest.mark.parametrize("backend", BACKENDS)
def test_acro_bookkeeping_is_checked_and_never_released(backend: str, acro_folder: Any,
                                                         tmp_path: Path) -> None:
    written, _ = acro_folder(1, "json")
    folder = Path(shutil.copytree(written, tmp_path / "request"))
    (folder / "request.toml").write_text(REQUEST_TOML, encoding="utf-8")
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    kept = {f for f in files if _bookkeeping(f)}
    assert kept >= BOOKKEEPING and any(f.startswith("checksums/") for f in kept)
    with ledger_location(backend, tmp_path) as url, opened(url) as ledger:
        result = submit(ledger, folder, author="alice", policy=build_policy({}))
        assert not [p for p in result.outputs if _bookkeeping(p)]
        assert set(result.outputs) == files - kept - {"request.toml"}
        for name in ("bob", "carol"):
            review(ledger, result.request_id, reviewer=name, paths=result.outputs,
                   decision="approve", comment="fine")
        target = tmp_path / "released"
        release(ledger, result.request_id, target, actor="dave")
    released = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    assert released == set(result.outputs)
    assert not released & kept
