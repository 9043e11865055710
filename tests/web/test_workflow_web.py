"""The whole workflow through the web app's forms (TestClient, SQLite): create, annotate,
submit, request changes, return, fix and re-submit, two independent approvals, release; then
the released folder and the audit log are checked."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.web.conftest import ALL_CSV, ready_request

FIXED_CSV = "age,sex,count\n<20,F,12\n20-39,F,20\n"


def _outputs(browser, rid: str) -> dict:  # type: ignore[no-untyped-def]
    return {o["path"]: o for o in browser.get(f"/api/requests/{rid}").json()["outputs"]}


def test_request_to_release(as_user, workspaces: Path, tmp_path: Path) -> None:
    alice, bob, carol, root = (as_user(n) for n in ("alice", "bob", "carol", "root"))
    created = alice.post("/requests/new", {"workspace": "heart"})
    rid = created.headers["location"].rsplit("/", 1)[-1]
    page = alice.get(f"/requests/{rid}")
    assert "draft" in page.text and "the request&#39;s context" in page.text
    refused = alice.post(f"/requests/{rid}/submit")
    assert refused.status_code == 400 and "cannot be submitted yet" in refused.text
    rid = ready_request(alice)  # a second request, complete
    assert rid == "R-0002"
    out_page = bob.get(f"/requests/{rid}/output?path=small.csv")
    assert out_page.status_code == 200
    assert 'class="f-fail"' in out_page.text or "f-fail" in out_page.text  # flagged cell
    assert "SDC101" in out_page.text and "aggregate counts" in out_page.text

    # a vote against the automatic verdict needs a comment (SACRO-Viewer's rule)
    bare = bob.post(f"/requests/{rid}/vote", {"path": "all.csv", "decision": "request-changes"})
    assert bare.status_code == 400 and "needs a --comment" in bare.text
    assert bob.post(f"/requests/{rid}/vote", {"path": "all.csv", "decision": "approve"}
                    ).status_code == 303
    assert bob.post(f"/requests/{rid}/vote", {"path": "small.csv",
                                              "decision": "request-changes",
                                              "comment": "suppress the 2"}).status_code == 303
    # independent phase: carol sees that one vote is in, not what it says
    seen = _outputs(carol, rid)["small.csv"]
    assert seen["votes"] == 1 and seen["hidden_votes"] == 1 and seen["decisions"] == []
    assert "suppress the 2" not in carol.get(f"/requests/{rid}/output?path=small.csv").text
    assert bob.post(f"/requests/{rid}/return", {"comment": "see small.csv"}).status_code == 303
    assert alice.get(f"/api/requests/{rid}").json()["lifecycle"] == "returned"
    # the return shows the researcher what to change, and still not the other checker
    assert "suppress the 2" in alice.get(f"/requests/{rid}/output?path=small.csv").text
    assert "suppress the 2" not in carol.get(f"/requests/{rid}/output?path=small.csv").text
    assert carol.post(f"/requests/{rid}/vote", {"path": "all.csv", "decision": "approve"}
                      ).status_code == 400  # returned: no votes until re-submitted

    (workspaces / "heart" / "small.csv").write_text(FIXED_CSV, encoding="utf-8")
    assert alice.post(f"/requests/{rid}/update").status_code == 303
    after = alice.get(f"/api/requests/{rid}").json()
    assert after["version"] == 2
    outs = {o["path"]: o for o in after["outputs"]}
    assert outs["small.csv"]["votes"] == 0 and outs["small.csv"]["check"] == "pass"
    assert outs["all.csv"]["votes"] == 1  # unchanged: bob's approval carried over
    assert outs["small.csv"]["justification"] == "aggregate counts"  # notes stay
    assert alice.post(f"/requests/{rid}/submit").status_code == 303

    assert bob.post(f"/requests/{rid}/vote", {"path": "small.csv", "decision": "approve"}
                    ).status_code == 303
    assert bob.post(f"/requests/{rid}/release").status_code == 400  # carol has not voted
    for path in ("all.csv", "small.csv"):
        assert carol.post(f"/requests/{rid}/vote", {"path": path, "decision": "approve"}
                          ).status_code == 303
    assert {p: o["state"] for p, o in _outputs(carol, rid).items()} == {
        "all.csv": "approved", "small.csv": "approved"}
    done = carol.post(f"/requests/{rid}/release")
    assert done.status_code == 303, done.text

    target = tmp_path / "released" / rid
    assert sorted(p.name for p in target.iterdir()) == ["all.csv", "small.csv"]
    released = alice.get(f"/api/requests/{rid}").json()
    assert released["display_state"] == "released"
    for out in released["outputs"]:
        assert hashlib.sha256((target / out["path"]).read_bytes()).hexdigest() == out["sha256"]
    assert (target / "all.csv").read_text(encoding="utf-8") == ALL_CSV
    audit = root.get("/api/audit").json()
    assert audit["ok"], audit["message"]
    assert {"submit-for-review", "return", "review", "release"} <= {
        e["event"] for e in audit["entries"]}
    download = bob.get(f"/requests/{rid}/file?path=all.csv")
    assert download.content == ALL_CSV.encode()
    assert root.get("/api/audit").json()["entries"][-1]["event"] == "download"


def test_supporting_files_are_never_released(as_user, tmp_path: Path) -> None:
    alice, bob, carol = as_user("alice"), as_user("bob"), as_user("carol")
    created = alice.post("/requests/new", {"workspace": "heart"})
    rid = created.headers["location"].rsplit("/", 1)[-1]
    alice.post(f"/requests/{rid}/context", {"context": "c", "controls": "k"})
    alice.post(f"/requests/{rid}/notes", {"path": "all.csv", "justification": "safe"})
    alice.post(f"/requests/{rid}/notes", {"path": "small.csv", "justification": "",
                                          "supporting": "on"})
    assert alice.post(f"/requests/{rid}/submit").status_code == 303
    refused = bob.post(f"/requests/{rid}/vote", {"path": "small.csv", "decision": "approve",
                                                 "comment": "fine"})
    assert refused.status_code == 400 and "supporting file" in refused.text
    for checker in (bob, carol):
        checker.post(f"/requests/{rid}/vote", {"path": "all.csv", "decision": "approve"})
    assert carol.post(f"/requests/{rid}/release").status_code == 303
    assert [p.name for p in (tmp_path / "released" / rid).iterdir()] == ["all.csv"]


def test_release_folder_is_chosen_inside_the_releases_root(as_user, tmp_path: Path) -> None:
    alice, bob, carol = as_user("alice"), as_user("bob"), as_user("carol")
    rid = ready_request(alice, "other")
    for checker in (bob, carol):
        assert checker.post(f"/requests/{rid}/vote", {"path": "all.csv", "decision": "approve"}
                            ).status_code == 303
    root, outside = tmp_path / "released", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    (root / "link").symlink_to(outside)
    for folder in ("../elsewhere", str(outside), "/tmp/sdc-escape", "a/../../elsewhere",
                   ".hidden", "link", "link/inner", "a//b", "C:/x"):
        refused = carol.post(f"/requests/{rid}/release", {"folder": folder})
        assert refused.status_code == 400, folder
        assert "release folder" in refused.text, folder
    assert list(outside.iterdir()) == [] and sorted(p.name for p in root.iterdir()) == ["link"]
    assert not Path("/tmp/sdc-escape").exists()
    api = carol.client.post(f"/api/requests/{rid}/release", json={"folder": "../elsewhere"},
                            headers={"X-CSRF-Token": carol.csrf})
    assert api.status_code == 400 and "release folder" in api.json()["error"]
    done = carol.client.post(f"/api/requests/{rid}/release", json={"folder": "2026/cohort-a"},
                             headers={"X-CSRF-Token": carol.csrf})
    assert done.status_code == 200, done.text
    assert done.json()["target"] == str((root / "2026" / "cohort-a").resolve())
    assert [p.name for p in (root / "2026" / "cohort-a").iterdir()] == ["all.csv"]


def test_withdraw(as_user) -> None:
    alice, bob = as_user("alice"), as_user("bob")
    rid = ready_request(alice)
    assert alice.post(f"/requests/{rid}/withdraw").status_code == 303
    assert bob.post(f"/requests/{rid}/vote", {"path": "all.csv", "decision": "approve"}
                    ).status_code == 400
    assert alice.get(f"/api/requests/{rid}").json()["display_state"] == "withdrawn"
