"""The JSON API with bearer tokens (``sdc users token``): the same workflow and refusals as the
pages, no CSRF token needed (a token is never sent by the browser on its own)."""

from __future__ import annotations

from starlette.testclient import TestClient

from sdc.ledger.users import issue_token


def _client(app, ledger, name: str) -> TestClient:  # type: ignore[no-untyped-def]
    token = issue_token(ledger, name, actor="test")
    return TestClient(app, headers={"Authorization": f"Bearer {token}"})


def test_the_workflow_through_the_api(app, ledger) -> None:
    alice, bob, carol, root = (_client(app, ledger, n) for n in ("alice", "bob", "carol",
                                                                  "root"))
    assert alice.get("/api/workspaces").json() == ["heart", "other"]
    created = alice.post("/api/requests", json={"workspace": "heart"})
    assert created.status_code == 201
    rid = created.json()["request_id"]
    assert created.json()["outputs"] == ["all.csv", "small.csv"]
    refused = alice.post(f"/api/requests/{rid}/submit")
    assert refused.status_code == 400 and "cannot be submitted yet" in refused.json()["error"]
    assert alice.post(f"/api/requests/{rid}/context",
                      json={"context": "c", "controls": "k"}).status_code == 200
    for path in ("all.csv", "small.csv"):
        assert alice.post(f"/api/requests/{rid}/notes",
                          json={"path": path, "justification": "j"}).status_code == 200
    assert alice.post(f"/api/requests/{rid}/submit").json() == {"request": rid,
                                                                 "action": "submit"}
    voted = bob.post(f"/api/requests/{rid}/vote",
                     json={"paths": ["all.csv"], "decision": "approve"}).json()
    assert [(o["path"], o["votes"], o["decisions"][0]["reviewer"]) for o in voted["outputs"]] \
        == [("all.csv", 1, "bob")]
    assert bob.post(f"/api/requests/{rid}/return", json={}).status_code == 400  # no comment
    assert bob.post(f"/api/requests/{rid}/return",
                    json={"comment": "small.csv: suppress"}).status_code == 200
    assert alice.post(f"/api/requests/{rid}/respond",
                      json={"comment": "done, see version 2"}).status_code == 200
    stranger = carol.post(f"/api/requests/{rid}/respond", json={"comment": "x"})
    assert stranger.status_code == 400 and "carol is not an author" in stranger.json()["error"]
    comments = root.get(f"/api/requests/{rid}").json()["comments"]
    assert [(c["actor"], c["text"]) for c in comments] == [
        ("bob", "small.csv: suppress"), ("alice", "done, see version 2")]
    assert alice.get("/api/users").status_code == 403
    added = root.post("/api/users", json={"name": "dave", "role": "checker",
                                          "password": "another long one"})
    assert added.status_code == 201 and added.json()["role"] == "checker"
    assert root.post("/api/users", json={"name": "Dave", "role": "checker",
                                         "password": "another long one"}).status_code == 400
    assert root.post("/api/users/dave/disabled", json={"disabled": True}).json()["disabled"]
    assert root.get("/api/policy").json()["sha256"]
    assert root.get("/api/audit").json()["ok"]
    assert alice.post(f"/api/requests/{rid}/fly").status_code == 404
