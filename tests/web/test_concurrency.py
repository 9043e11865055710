"""20 checkers vote at once through the JSON API of a real ``sdc serve`` process on one
200-output request in PostgreSQL: every vote lands once, none is lost or duplicated, the
independent-phase and two-vote rules hold, and the audit log verifies.

Bounded: 20 checkers x 20 outputs = 400 votes in 20 concurrent calls; each output ends with
exactly two votes."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import func, select

from sdc.ledger import schema
from sdc.ledger.db import open_ledger
from sdc.ledger.requests import submit
from sdc.ledger.users import add_user, issue_token
from sdc.ledger.verify import verify
from sdc.policy import build_policy
from tests.test_ledger_support import ledger_location
from tests.web.conftest import PASSWORD, write_workspace
from tests.web.server import running_server

CHECKERS, OUTPUTS, EACH = 20, 200, 20


@pytest.mark.slow
def test_twenty_checkers_vote_at_once(tmp_path: Path) -> None:
    files = {f"t{i:03d}.csv": f"grp,n\na,{20 + i}\nb,{30 + i}\n" for i in range(OUTPUTS)}
    folder = write_workspace(tmp_path, "big", files)
    with ledger_location("postgresql", tmp_path) as url:
        led = open_ledger(url)
        try:
            rid = submit(led, folder, author="alice", policy=build_policy({})).request_id
            tokens = {}
            for n in range(CHECKERS):
                name = f"checker{n:02d}"
                add_user(led, name, "checker", PASSWORD, actor="test")
                tokens[name] = issue_token(led, name, actor="test")
        finally:
            led.close()
        paths = sorted(files)
        plan = {name: [paths[(n * 10 + k) % OUTPUTS] for k in range(EACH)]
                for n, name in enumerate(sorted(tokens))}
        answers: dict[str, int] = {}
        barrier = threading.Barrier(CHECKERS)
        with running_server(url, tmp_path, tmp_path / "released") as base:
            def vote(name: str) -> None:
                barrier.wait(timeout=60)
                response = httpx.post(f"{base}/api/requests/{rid}/vote", timeout=300,
                                      headers={"Authorization": f"Bearer {tokens[name]}"},
                                      json={"paths": plan[name], "decision": "approve"})
                answers[name] = response.status_code

            threads = [threading.Thread(target=vote, args=(n,)) for n in tokens]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=300)
            assert answers == {name: 200 for name in tokens}
            detail = httpx.get(f"{base}/api/requests/{rid}", timeout=60, headers={
                "Authorization": f"Bearer {tokens['checker00']}"}).json()
        assert {o["votes"] for o in detail["outputs"]} == {2}
        assert {o["state"] for o in detail["outputs"]} == {"approved"}
        led = open_ledger(url)
        try:
            with led.read() as conn:
                r = schema.reviews
                total = conn.execute(select(func.count()).select_from(r)).scalar()
                distinct = conn.execute(select(func.count()).select_from(
                    select(r.c.path, r.c.reviewer).distinct().subquery())).scalar()
                report = verify(conn)
        finally:
            led.close()
        assert total == distinct == CHECKERS * EACH
        assert report.ok, report.message()
