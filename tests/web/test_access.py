"""Access control of ``sdc serve`` with Starlette's TestClient: every refusal the issue lists
(anonymous, wrong role, author as reviewer, another researcher's request, a missing CSRF token,
a session replayed after logout, login throttling), each checked to change nothing."""

from __future__ import annotations

from pathlib import Path

from sdc.ledger.requests import submit
from sdc.ledger.users import add_user
from sdc.policy import build_policy
from sdc.web.app import Config, create_app
from tests.web.conftest import PASSWORD, ready_request, write_workspace


def test_healthz_and_anonymous(as_user) -> None:
    anon = as_user(None)
    assert anon.get("/healthz").status_code == 200
    for url in ("/", "/requests", "/requests/R-0001", "/admin", "/admin/audit",
                "/requests/R-0001/output?path=a.csv", "/requests/R-0001/file?path=a.csv"):
        page = anon.get(url)
        assert page.status_code == 303, url
        assert page.headers["location"].startswith("/login?next=")
    for url in ("/api/me", "/api/requests", "/api/requests/R-0001", "/api/audit"):
        assert anon.get(url).status_code == 401, url
    assert anon.client.post("/api/requests", json={"workspace": "heart"}).status_code == 401
    assert anon.client.post("/requests/new", data={"workspace": "heart"}).status_code == 303
    assert as_user("root").get("/api/requests?state=all").json() == []  # nothing was created


def test_security_headers(as_user) -> None:
    page = as_user("alice").get("/requests")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp
    assert page.headers["x-frame-options"] == "DENY"
    cookie = as_user(None).client.post  # the session cookie's flags:
    browser = as_user(None)
    login = browser.login("alice")
    set_cookie = login.headers["set-cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=strict" in set_cookie.replace("Strict", "strict")
    assert cookie is not None


def test_wrong_role(as_user) -> None:
    alice, bob, root = as_user("alice"), as_user("bob"), as_user("root")
    rid = ready_request(alice)
    assert bob.post("/requests/new", {"workspace": "heart"}).status_code == 403
    assert alice.post(f"/requests/{rid}/vote", {"path": "all.csv", "decision": "approve"}
                      ).status_code == 403
    assert root.post(f"/requests/{rid}/vote", {"path": "all.csv", "decision": "approve"}
                     ).status_code == 403
    assert alice.get("/admin").status_code == 403
    assert bob.get("/api/users").status_code == 403
    assert alice.post(f"/requests/{rid}/release").status_code == 403
    detail = root.get(f"/api/requests/{rid}").json()
    assert [o["votes"] for o in detail["outputs"]] == [0, 0]


def test_author_cannot_review(app, as_user, ledger, tmp_path: Path) -> None:
    add_user(ledger, "dora", "checker", PASSWORD, actor="test")
    folder = write_workspace(tmp_path / "cli", "req", {"all.csv": "a,n\nx,30\ny,40\n"})
    rid = submit(ledger, folder, author="Dora", policy=build_policy({})).request_id
    dora = as_user("dora")
    refused = dora.post(f"/requests/{rid}/vote", {"path": "all.csv", "decision": "approve"})
    assert refused.status_code == 400
    assert "is an author of" in refused.text
    assert dora.post(f"/requests/{rid}/return", {"comment": "mine"}).status_code == 400
    assert dora.get(f"/api/requests/{rid}").json()["outputs"][0]["votes"] == 0


def test_researcher_sees_only_their_own(as_user) -> None:
    alice, rita = as_user("alice"), as_user("rita")
    rid = ready_request(alice)
    assert rita.get(f"/requests/{rid}").status_code == 404
    assert rita.get(f"/api/requests/{rid}").status_code == 404
    assert rita.get(f"/requests/{rid}/output?path=small.csv").status_code == 404
    assert rita.get(f"/requests/{rid}/file?path=small.csv").status_code == 404
    assert rita.post(f"/requests/{rid}/withdraw").status_code == 404
    assert rita.get("/api/requests?state=all").json() == []
    assert [r["id"] for r in alice.get("/api/requests?state=all").json()] == [rid]
    assert alice.get(f"/api/requests/{rid}").json()["lifecycle"] == "submitted"


def test_checkers_do_not_see_drafts(as_user) -> None:
    alice, bob = as_user("alice"), as_user("bob")
    created = alice.post("/requests/new", {"workspace": "heart"})
    rid = created.headers["location"].rsplit("/", 1)[-1]
    assert bob.get(f"/requests/{rid}").status_code == 404
    assert bob.get("/api/requests?state=all").json() == []


def test_missing_csrf_token_is_refused(as_user) -> None:
    alice, bob = as_user("alice"), as_user("bob")
    rid = ready_request(alice)
    for url, data in ((f"/requests/{rid}/vote", {"path": "all.csv", "decision": "approve"}),
                      (f"/requests/{rid}/return", {"comment": "no"})):
        refused = bob.post(url, data, csrf=False)
        assert refused.status_code == 403
        assert "CSRF" in refused.text
        wrong = bob.client.post(url, data={**data, "csrf": "forged"})
        assert wrong.status_code == 403
    api = bob.client.post(f"/api/requests/{rid}/vote",
                          json={"path": "all.csv", "decision": "approve"})
    assert api.status_code == 403  # a cookie without the X-CSRF-Token header
    assert alice.post("/requests/new", {"workspace": "heart"}, csrf=False).status_code == 403
    detail = bob.get(f"/api/requests/{rid}").json()
    assert detail["lifecycle"] == "submitted"
    assert [o["votes"] for o in detail["outputs"]] == [0, 0]
    assert len(alice.get("/api/requests?state=all").json()) == 1
    # the login form has its own token (double submit)
    anon = as_user(None)
    assert anon.client.post("/login", data={"name": "bob", "password": PASSWORD}
                            ).status_code == 403


def test_session_replay_after_logout(as_user) -> None:
    bob = as_user("bob")
    cookie = bob.client.cookies.get("sdc_session")
    assert bob.get("/api/me").json()["name"] == "bob"
    assert bob.post("/logout").status_code == 303
    replay = as_user(None)
    replay.client.cookies.set("sdc_session", cookie)
    assert replay.get("/api/me").status_code == 401
    assert replay.get("/requests").status_code == 303
    assert replay.client.post("/logout", data={"csrf": bob.csrf}).status_code == 303
    assert replay.get("/api/me").status_code == 401


def test_disabled_account_loses_its_session_and_token(as_user, ledger) -> None:
    from sdc.ledger.users import issue_token, set_disabled

    bob = as_user("bob")
    token = issue_token(ledger, "bob", actor="test")
    assert bob.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}
                          ).status_code == 200
    set_disabled(ledger, "bob", True, actor="test")
    assert bob.get("/api/me").status_code == 401
    anon = as_user(None)
    assert anon.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}
                           ).status_code == 401
    assert anon.login("bob").status_code == 401


def test_login_throttling(as_user) -> None:
    anon = as_user(None)
    for _ in range(5):
        assert anon.login("carol", "wrong password!").status_code == 401
    assert anon.login("carol").status_code == 429  # even the right password, for a while
    assert as_user(None).login("Carol").status_code == 429  # any spelling of the name
    assert anon.get("/api/me").status_code == 401


def test_login_throttling_is_shared_by_server_processes(ledger, workspaces: Path,
                                                        tmp_path: Path) -> None:
    """Two servers on one ledger (each its own engine and connections, as two processes): the
    failures made on either count on both (three and two here: neither alone reaches five)."""
    from sdc.ledger.db import open_ledger
    from tests.web.conftest import Browser

    other_ledger = open_ledger(str(tmp_path / "ledger" / "ledger.sqlite"))
    try:
        config = Config(workspaces=workspaces, releases=tmp_path / "released",
                        policy=build_policy({}))
        first, second = create_app(ledger, config), create_app(other_ledger, config)
        for app in (first, second, first, second, first):
            assert Browser(app, None).login("carol", "wrong password!").status_code == 401
        assert Browser(first, None).login("carol").status_code == 429
        assert Browser(second, None).login("carol").status_code == 429
    finally:
        other_ledger.close()


def test_login_throttling_window_passes(ledger) -> None:
    from sdc.web.auth import Throttle

    now = [1000.0]
    throttle = Throttle(ledger, limit=2, window=60.0, clock=lambda: now[0])
    throttle.failed("carol", "10.0.0.1")
    throttle.failed("carol", "10.0.0.2")
    assert throttle.blocked("Carol", "10.0.0.3")  # the name: 2 failures
    assert throttle.blocked("dave", "10.0.0.1") is False  # one failure from that address
    now[0] += 61
    assert throttle.blocked("carol", "10.0.0.3") is False


def test_workspace_outside_is_refused(as_user, workspaces: Path, tmp_path: Path) -> None:
    outside = write_workspace(tmp_path, "secret", {"all.csv": "a,n\nx,30\n"})
    (workspaces / "link").symlink_to(outside)
    alice = as_user("alice")
    for name in ("../secret", "link", str(outside), "/etc", "..", ".", "heart/../../secret"):
        refused = alice.post("/requests/new", {"workspace": name})
        assert refused.status_code == 400, name
    assert alice.get("/api/requests?state=all").json() == []
    assert alice.get("/api/workspaces").json() == ["heart", "other"]


def test_trusted_proxy_header_is_off_unless_asked(app, ledger, tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from sdc.web.app import Config, create_app

    plain = TestClient(app, follow_redirects=False)
    assert plain.get("/api/me", headers={"X-Remote-User": "bob"}).status_code == 401
    proxied = TestClient(create_app(ledger, Config(policy=build_policy({}),
                                                   auth_header="x-remote-user")),
                         follow_redirects=False)
    me = proxied.get("/api/me", headers={"X-Remote-User": "Bob"})
    assert me.status_code == 200 and me.json()["name"] == "bob"
    assert proxied.get("/api/me", headers={"X-Remote-User": "nobody"}).status_code == 401
    assert proxied.get("/api/me").status_code == 401
    refused = proxied.post("/api/requests/R-0001/return", headers={"X-Remote-User": "bob"},
                           json={"comment": "x"})
    assert refused.status_code == 403  # CSRF still required with the proxy's header


def test_a_researcher_finds_requests_under_any_spelling_of_their_name(as_user, ledger,
                                                                      tmp_path: Path) -> None:
    folder = write_workspace(tmp_path / "cli", "req", {"all.csv": "a,n\nx,30\ny,40\n"})
    mine = submit(ledger, folder, author="ALICE", policy=build_policy({})).request_id
    submit(ledger, folder, author="rita", policy=build_policy({}))
    assert [r["id"] for r in as_user("alice").get("/api/requests?state=all").json()] == [mine]
