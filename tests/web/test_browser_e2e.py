"""The issue's end-to-end test in a real browser against a real ``sdc serve`` process, on SQLite
and on PostgreSQL (skipped, loudly, without a PostgreSQL URL).

Researcher alice submits a request with a failing table (and a file name, labels, context and
justifications carrying script payloads); checker bob requests changes with a comment and
returns it; alice fixes the table, updates and re-submits; bob and carol approve; carol
releases. The released folder holds exactly the approved files with their SHA-256, and
``sdc audit verify`` passes. Every request leaving localhost is blocked and fails the test;
no payload runs; no CSP violation is reported. Screenshots of each page are saved under the
test's temporary folder (printed).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from sdc.ledger.db import open_ledger
from tests.test_html_browser import ARGS, CHROMIUM, FAIL_BG, _playwright
from tests.test_ledger_support import ledger_location
from tests.web.conftest import ALL_CSV, PASSWORD, make_users, write_workspace
from tests.web.server import running_server

BAD = "<img src=x onerror=window.pwned=1>.csv"
SMALL = 'age,"<script>window.pwned=2</script>",count\n<20,F,2\n20-39,F,20\n'
FIXED = 'age,"<script>window.pwned=2</script>",count\n<20,F,12\n20-39,F,20\n'
PAYLOAD = "<img src=y onerror=window.pwned=3>"


class Session:
    """One person's browser tab: logs in, blocks every request that is not to the server."""

    def __init__(self, browser, base: str, shots: Path, name: str) -> None:  # type: ignore[no-untyped-def]
        self.base, self.shots, self.name = base, shots, name
        self.stray: list[str] = []
        self.csp: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: "Content Security Policy" in m.text
                     and self.csp.append(f"{self.page.url}: {m.text} at {m.location}"))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.count = 0
        self.goto("/login")
        self.page.fill("input[name=name]", name)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_selector("#logout")

    def _route(self, route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.startswith(self.base + "/") or url.startswith("data:"):
            route.continue_()
        else:
            self.stray.append(url)
            route.abort()

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")

    def shot(self, label: str) -> None:
        self.count += 1
        self.page.screenshot(path=str(self.shots / f"{self.name}-{self.count:02d}-{label}.png"),
                             full_page=True)

    def act(self, selector: str) -> None:
        """Click a button of a form (htmx swaps the page: wait for it to settle)."""
        with self.page.expect_response(lambda r: r.request.method == "POST"):
            self.page.click(selector)
        self.page.wait_for_load_state("load")
        self.page.wait_for_selector("#logout")

    def check_clean(self) -> None:
        assert self.page.evaluate("() => window.pwned === undefined"), self.name
        assert self.dialogs == [], self.dialogs
        assert self.stray == [], f"requests left the server: {self.stray}"
        assert self.csp == [], self.csp


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_request_to_release_in_a_browser(backend: str, tmp_path: Path) -> None:
    sync_playwright = _playwright()
    shots = tmp_path / "screenshots"
    shots.mkdir()
    workspaces = tmp_path / "workspaces"
    folder = write_workspace(workspaces, "heart", {BAD: SMALL, "all.csv": ALL_CSV})
    releases = tmp_path / "released"
    with ledger_location(backend, tmp_path, fresh=True) as url:  # new: server threads
        led = open_ledger(url)
        try:
            make_users(led)
        finally:
            led.close()
        with running_server(url, workspaces, releases) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                _walk_through(browser, base, shots, folder)
            finally:
                browser.close()
        rid = "R-0001"
        released = releases / rid
        assert sorted(p.name for p in released.iterdir()) == sorted([BAD, "all.csv"])
        assert hashlib.sha256((released / BAD).read_bytes()).hexdigest() == \
            hashlib.sha256(FIXED.encode()).hexdigest()
        assert (released / "all.csv").read_text(encoding="utf-8") == ALL_CSV
        verify = subprocess.run([sys.executable, "-m", "sdc", "audit", "verify", "--ledger", url],
                                capture_output=True, text=True, timeout=120)
        assert verify.returncode == 0, verify.stderr
        assert verify.stdout.startswith("audit log intact")
    print(f"screenshots: {shots}")


def _walk_through(browser, base: str, shots: Path, folder: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    alice = Session(browser, base, shots, "alice")
    alice.goto("/requests/new")
    alice.shot("new")
    alice.act("#create")
    expect(alice.page.locator("#state")).to_have_text("draft")
    rid = alice.page.url.rsplit("/", 1)[-1]
    alice.page.fill("textarea[name=context]", "Heart study " + PAYLOAD)
    alice.page.fill("textarea[name=controls]", "cells under 10 suppressed " + PAYLOAD)
    alice.act("#context-form button")
    for path in (BAD, "all.csv"):
        alice.page.get_by_role("link", name=path, exact=True).click()
        alice.page.wait_for_selector("#notes-form")
        alice.page.fill("textarea[name=justification]", "aggregate counts " + PAYLOAD)
        alice.act("#save-notes")
        expect(alice.page.locator("#justification")).to_contain_text("aggregate counts")
        alice.shot("output")
        alice.goto(f"/requests/{rid}")
    alice.shot("request")
    alice.act("#submit")
    expect(alice.page.locator("#state")).to_have_text("in review")
    alice.check_clean()

    bob = Session(browser, base, shots, "bob")
    bob.goto("/requests")
    bob.shot("queue")
    bob.page.get_by_role("link", name=rid).click()
    bob.page.wait_for_selector("#outputs")
    bob.shot("request")
    bob.page.get_by_role("link", name=BAD, exact=True).click()
    cell = bob.page.locator("td.f-fail").first
    cell.wait_for()
    assert cell.evaluate("el => getComputedStyle(el).backgroundColor") == FAIL_BG
    expect(bob.page.locator("#justification")).to_contain_text(PAYLOAD)  # shown as text
    bob.shot("output")
    bob.page.fill("#vote-comment", "suppress the 2 " + PAYLOAD)
    bob.act("#request-changes")
    expect(bob.page.locator("#output-state")).to_contain_text("1/2 votes")
    bob.goto(f"/requests/{rid}")
    bob.page.fill("#return-comment", "please suppress the small count")
    bob.act("#return")
    expect(bob.page.locator("#state")).to_have_text("returned")
    bob.check_clean()

    folder.joinpath(BAD).write_text(FIXED, encoding="utf-8")
    alice.goto(f"/requests/{rid}")
    expect(alice.page.locator("#comments")).to_contain_text("please suppress the small count")
    alice.act("#update")
    alice.act("#submit")
    expect(alice.page.locator("#state")).to_have_text("in review")
    alice.shot("resubmitted")
    alice.check_clean()

    carol = Session(browser, base, shots, "carol")
    for checker in (bob, carol):
        for path in (BAD, "all.csv"):
            checker.goto(f"/requests/{rid}")
            checker.page.get_by_role("link", name=path, exact=True).click()
            checker.page.wait_for_selector("#vote-form")
            checker.act("#approve")
    expect(carol.page.locator("#output-state")).to_contain_text("approved")
    carol.goto(f"/requests/{rid}")
    carol.shot("approved")
    carol.act("#release")
    expect(carol.page.locator("#state")).to_have_text("released")
    carol.shot("released")
    carol.check_clean()
    bob.check_clean()

    root = Session(browser, base, shots, "root")
    root.goto("/admin/audit")
    expect(root.page.locator("#verify")).to_contain_text("audit log intact")
    root.shot("audit")
    root.goto("/admin")
    root.shot("admin")
    root.check_clean()
