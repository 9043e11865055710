"""Fixtures of the web app's tests: a ledger with five accounts, a workspace with a failing
and a passing table, and Starlette's TestClient logged in as any of them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="WEB TESTS SKIPPED: pip install 'sdc[server]'")
pytest.importorskip("argon2", reason="WEB TESTS SKIPPED: pip install 'sdc[server]'")

from starlette.testclient import TestClient

from sdc.ledger.db import Ledger, open_ledger
from sdc.ledger.users import add_user
from sdc.policy import build_policy
from sdc.web.app import Config, create_app
from tests.test_ledger_support import cheap_argon2

PASSWORD = "correct horse battery"
USERS = {"alice": "researcher", "rita": "researcher", "bob": "checker", "carol": "checker",
         "root": "admin"}
SMALL_CSV = "age,sex,count\n<20,F,2\n20-39,F,20\n"  # 2 < 10: SDC101 fail at C2
ALL_CSV = "age,female,male,Total\n18-24,12,15,27\n25-34,20,22,42\nTotal,32,37,69\n"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def write_workspace(root: Path, name: str, files: dict[str, str]) -> Path:
    folder = root / name
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def make_users(ledger: Ledger) -> None:
    for name, role in USERS.items():
        add_user(ledger, name, role, PASSWORD, actor="test")


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_argon2(monkeypatch)


@pytest.fixture
def workspaces(tmp_path: Path) -> Path:
    root = tmp_path / "workspaces"
    write_workspace(root, "heart", {"small.csv": SMALL_CSV, "all.csv": ALL_CSV})
    write_workspace(root, "other", {"all.csv": ALL_CSV})
    return root


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    led = open_ledger(str(tmp_path / "ledger" / "ledger.sqlite"))
    make_users(led)
    try:
        yield led
    finally:
        led.close()


@pytest.fixture
def app(ledger: Ledger, workspaces: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    config = Config(workspaces=workspaces, releases=tmp_path / "released",
                    policy=build_policy({}))
    return create_app(ledger, config)


class Browser:
    """A TestClient logged in as one person, that posts forms with their CSRF token."""

    def __init__(self, app, name: str | None) -> None:  # type: ignore[no-untyped-def]
        self.client = TestClient(app, base_url="http://testserver", follow_redirects=False)
        self.name = name
        self.csrf = ""
        if name is not None:
            self.login(name)

    def login(self, name: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        page = self.client.get("/login")
        token = CSRF.search(page.text).group(1)
        response = self.client.post("/login", data={"name": name, "password": password,
                                                    "csrf": token, "next": "/"})
        if response.status_code == 303:
            me = self.client.get("/api/me").json()
            self.csrf = me["csrf"]
        return response

    def get(self, url: str, **kw):  # type: ignore[no-untyped-def]
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict | None = None, csrf: bool = True):  # type: ignore[no-untyped-def]
        form = dict(data or {})
        if csrf:
            form["csrf"] = self.csrf
        return self.client.post(url, data=form)


@pytest.fixture
def as_user(app):  # type: ignore[no-untyped-def]
    def make(name: str | None) -> Browser:
        return Browser(app, name)
    return make


def ready_request(alice: Browser, workspace: str = "heart") -> str:
    """Alice creates a request from a workspace, writes the notes and submits it."""
    created = alice.post("/requests/new", {"workspace": workspace})
    assert created.status_code == 303, created.text
    rid = created.headers["location"].rsplit("/", 1)[-1]
    assert alice.post(f"/requests/{rid}/context", {
        "context": "heart study", "controls": "small counts suppressed"}).status_code == 303
    detail = alice.get(f"/api/requests/{rid}").json()
    for out in detail["outputs"]:
        assert alice.post(f"/requests/{rid}/notes", {
            "path": out["path"], "description": "a table",
            "justification": "aggregate counts"}).status_code == 303
    assert alice.post(f"/requests/{rid}/submit").status_code == 303
    return rid
