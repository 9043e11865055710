"""Researcher-controlled text in every page is escaped: file names, table labels, sheet-free CSV
headers, justifications, context, controls, comments and user names (the browser test checks
that nothing runs; this one checks the HTML itself, page by page)."""

from __future__ import annotations

from pathlib import Path

from tests.web.conftest import write_workspace

NAME = "<img src=x onerror=alert(1)>.csv"
PAYLOADS = ["<script>", "<img src=x", "<img src=y", "<svg onload", "\"><b>"]


def _clean(html: str) -> None:
    for payload in PAYLOADS:
        assert payload not in html, payload


def test_payloads_are_escaped_on_every_page(as_user, workspaces: Path) -> None:
    write_workspace(workspaces, "xss", {
        NAME: 'age,"<script>alert(2)</script>",n\n"<svg onload=alert(3)>",3,4321\nb,40,28\n',
        "ok.csv": "grp,n\na,12\nb,25\n"})
    alice, bob, root = as_user("alice"), as_user("bob"), as_user("root")
    rid = alice.post("/requests/new", {"workspace": "xss"}).headers["location"].rsplit("/")[-1]
    alice.post(f"/requests/{rid}/context", {"context": "<script>alert(4)</script>",
                                            "controls": '"><b>bold</b>'})
    for path in (NAME, "ok.csv"):
        alice.post(f"/requests/{rid}/notes", {"path": path,
                                              "description": "<img src=y onerror=alert(5)>",
                                              "justification": "<script>alert(6)</script>"})
    assert alice.post(f"/requests/{rid}/submit").status_code == 303
    bob.post(f"/requests/{rid}/vote", {"path": NAME, "decision": "request-changes",
                                       "comment": "<svg onload=alert(7)>"})
    bob.post(f"/requests/{rid}/return", {"comment": "<script>alert(8)</script>"})
    pages = [alice.get(u) for u in ("/requests", f"/requests/{rid}",
                                    f"/requests/{rid}/output?path={NAME}")]
    pages += [bob.get(u) for u in ("/requests?state=all", f"/requests/{rid}",
                                   f"/requests/{rid}/output?path={NAME}")]
    pages += [root.get("/admin"), root.get("/admin/audit")]
    for page in pages:
        assert page.status_code == 200, page.url
        _clean(page.text)
    output = pages[2].text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in output  # the label, shown escaped
    assert "&lt;img src=x onerror=alert(1)&gt;.csv" in output
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in output
    # bob's request-changes comment: shown (escaped) to the researcher once returned
    assert "&lt;svg onload=alert(7)&gt;" in output
    assert "&lt;script&gt;alert(8)&lt;/script&gt;" in output  # the return comment is shown
    assert "&lt;svg onload=alert(7)&gt;" in pages[5].text  # bob sees his own vote
    errors = alice.get(f"/requests/{rid}/output?path=<script>alert(9)</script>")
    assert errors.status_code == 404
    _clean(errors.text)
