"""20 checkers vote at once through the JSON API of a real ``sdc serve`` process on one
200-output request in PostgreSQL, each on every output: every vote lands once, none is lost
or duplicated (a replayed vote is refused), and the audit log verifies.

Bounded: 20 checkers x 200 outputs = 4,000 votes, each checker sending 4 calls of 50 outputs
(in a different order per checker, so the calls interleave), 80 calls in all, 20 at a time."""

from __future__ import annotations

import threading
from collections import Counter
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

CHECKERS, OUTPUTS, CALLS = 20, 200, 4


@pytest.mark.slow
def test_twenty_checkers_vote_on_every_output_at_once(tmp_path: Path) -> None:
    # counts 10 apart: no two tables are one re-run of the other (SDC503), so the stored
    # check result stays small; tables differing by less made every output `review` with a
    # finding per other table (1,755 in all), and parsing that result in every vote's
    # load_state and drawing its 199 heat-maps at submission were most of this test's time
    files = {f"t{i:03d}.csv": f"grp,n\na,{20 + 10 * i}\nb,{30 + 10 * i}\n"
             for i in range(OUTPUTS)}
    folder = write_workspace(tmp_path, "big", files)
    with ledger_location("postgresql", tmp_path, fresh=True) as url:  # new: server threads
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
        size = OUTPUTS // CALLS

        def plan(n: int) -> list[list[str]]:
            order = paths[n * 10 % OUTPUTS:] + paths[:n * 10 % OUTPUTS]
            return [order[k:k + size] for k in range(0, OUTPUTS, size)]

        answers: dict[str, list[int]] = {name: [] for name in tokens}
        barrier = threading.Barrier(CHECKERS)
        with running_server(url, tmp_path, tmp_path / "released") as base:
            def vote(n: int, name: str) -> None:
                headers = {"Authorization": f"Bearer {tokens[name]}"}
                barrier.wait(timeout=60)
                for chunk in plan(n):
                    response = httpx.post(f"{base}/api/requests/{rid}/vote", timeout=300,
                                          headers=headers,
                                          json={"paths": chunk, "decision": "approve"})
                    answers[name].append(response.status_code)

            threads = [threading.Thread(target=vote, args=(n, name))
                       for n, name in enumerate(sorted(tokens))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=600)
            assert answers == {name: [200] * CALLS for name in tokens}
            # a replayed vote (the same checker, the same output) is refused, nothing added
            again = httpx.post(f"{base}/api/requests/{rid}/vote", timeout=60,
                               headers={"Authorization": f"Bearer {tokens['checker07']}"},
                               json={"paths": [paths[0]], "decision": "approve"})
            assert again.status_code == 400 and "already reviewed" in again.json()["error"]
            detail = httpx.get(f"{base}/api/requests/{rid}", timeout=60, headers={
                "Authorization": f"Bearer {tokens['checker00']}"}).json()
        assert {o["votes"] for o in detail["outputs"]} == {CHECKERS}
        assert {o["state"] for o in detail["outputs"]} == {"approved"}
        led = open_ledger(url)
        try:
            with led.read() as conn:
                r, log = schema.reviews, schema.audit_log
                pairs = Counter(conn.execute(select(r.c.path, r.c.reviewer)).all())
                logged = conn.execute(select(func.count()).select_from(log).where(
                    log.c.event == "review")).scalar()
                report = verify(conn)
        finally:
            led.close()
        assert len(pairs) == CHECKERS * OUTPUTS  # no vote lost
        assert set(pairs.values()) == {1}  # no vote twice
        assert logged == CHECKERS * OUTPUTS  # each logged once
        assert report.ok, report.message()
