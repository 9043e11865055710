"""The request lifecycle and accounts in the ledger itself (no web server): the rules the
command line and the web app share."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest

from sdc.ledger import lifecycle, schema
from sdc.ledger.errors import LedgerError
from sdc.ledger.people import PersonNameError
from sdc.ledger.requests import submit
from sdc.ledger.reviews import review as _review
from sdc.ledger.users import add_user, authenticate, get_user
from sdc.ledger.verify import verify
from sdc.policy import build_policy
from tests.web.conftest import ALL_CSV, PASSWORD, SMALL_CSV, write_workspace

# a checker proven by the caller (web session or password): sdc.ledger.votes
review = partial(_review, authenticated=True)

POLICY = build_policy({})


def test_a_cli_request_is_in_review_at_once(ledger, tmp_path: Path) -> None:
    folder = write_workspace(tmp_path, "req", {"all.csv": ALL_CSV})
    rid = submit(ledger, folder, author="alice", policy=POLICY).request_id
    with ledger.read() as conn:
        assert lifecycle.state_of(conn, rid) == lifecycle.SUBMITTED
    review(ledger, rid, reviewer="bob", paths=["all.csv"], decision="approve")


def test_a_draft_takes_no_votes_and_needs_its_notes(ledger, tmp_path: Path) -> None:
    folder = write_workspace(tmp_path, "req", {"all.csv": ALL_CSV, "small.csv": SMALL_CSV})
    rid = lifecycle.create(ledger, folder, author="alice", policy=POLICY,
                           workspace="req").request_id
    with pytest.raises(LedgerError, match="is draft: it cannot be reviewed"):
        review(ledger, rid, reviewer="bob", paths=["all.csv"], decision="approve")
    with pytest.raises(LedgerError, match=re.escape(
            "the request's context; the disclosure controls applied; a justification for "
            "all.csv; a justification for small.csv")):
        lifecycle.submit_for_review(ledger, rid, actor="alice")
    with pytest.raises(LedgerError, match="bob is not an author"):
        lifecycle.set_context(ledger, rid, actor="bob", context="x", controls="y")
    lifecycle.set_context(ledger, rid, actor="Alice", context="x", controls="y")
    lifecycle.set_notes(ledger, rid, "all.csv", actor="alice", description="",
                        justification="counts of 12 and more", supporting=False)
    lifecycle.set_notes(ledger, rid, "small.csv", actor="alice", description="",
                        justification="", supporting=True)
    lifecycle.submit_for_review(ledger, rid, actor="alice")
    with ledger.read() as conn:
        assert lifecycle.state_of(conn, rid) == lifecycle.SUBMITTED
        assert verify(conn).ok


def test_a_state_edited_behind_the_logs_back_is_caught(ledger, tmp_path: Path) -> None:
    folder = write_workspace(tmp_path, "req", {"all.csv": ALL_CSV})
    rid = lifecycle.create(ledger, folder, author="alice", policy=POLICY,
                           workspace="req").request_id
    with ledger.write() as conn:
        t = schema.request_lifecycle
        conn.execute(t.update().where(t.c.request_id == rid).values(state="submitted"))
    with ledger.read() as conn:
        report = verify(conn)
    assert not report.ok
    assert "the state of R-0001 (submitted) differs from the entry that set it" in \
        report.message()


def test_a_new_vote_on_a_carried_output_keeps_the_log_intact(ledger, tmp_path: Path) -> None:
    """A vote cast on version 2 beside one carried from version 1 is not a changed carry."""
    folder = write_workspace(tmp_path, "req", {"all.csv": ALL_CSV, "small.csv": SMALL_CSV})
    rid = submit(ledger, folder, author="alice", policy=POLICY).request_id
    review(ledger, rid, reviewer="bob", paths=["all.csv"], decision="approve")
    (folder / "small.csv").write_text(ALL_CSV, encoding="utf-8")
    updated = submit(ledger, folder, author="alice", policy=POLICY, update=rid)
    assert updated.carried == ["all.csv"]
    review(ledger, rid, reviewer="carol", paths=["all.csv"], decision="approve")
    with ledger.read() as conn:
        report = verify(conn)
    assert report.ok, report.message()


def test_accounts_are_people(ledger) -> None:
    """``alice`` exists (conftest): a fullwidth or Cyrillic spelling is the same account."""
    with pytest.raises(LedgerError, match="already an account"):
        add_user(ledger, "ａｌｉｃｅ", "checker", PASSWORD, actor="test")
    with pytest.raises(PersonNameError, match="looks the same as"):
        add_user(ledger, "aIice", "checker", PASSWORD, actor="test")  # capital I
    with pytest.raises(LedgerError, match="too short"):
        add_user(ledger, "zed", "checker", "short", actor="test")
    with pytest.raises(LedgerError, match="role 'boss'"):
        add_user(ledger, "zed", "boss", PASSWORD, actor="test")
    assert authenticate(ledger, "ALICE", PASSWORD) == get_user(ledger, "alice")
    assert authenticate(ledger, "alice", PASSWORD + "x") is None
    assert authenticate(ledger, "nobody", PASSWORD) is None
    with ledger.read() as conn:
        stored = conn.execute(schema.users.select()).fetchall()
    assert all(row.password_hash.startswith("$argon2id$") for row in stored)
    assert all(PASSWORD not in row.password_hash for row in stored)


def _submitted(ledger, tmp_path: Path) -> str:
    folder = write_workspace(tmp_path, "req", {"all.csv": ALL_CSV, "small.csv": SMALL_CSV})
    rid = lifecycle.create(ledger, folder, author="alice", policy=POLICY,
                           workspace="req").request_id
    lifecycle.set_context(ledger, rid, actor="alice", context="x", controls="y")
    for path in ("all.csv", "small.csv"):
        lifecycle.set_notes(ledger, rid, path, actor="alice", description="",
                            justification="counts", supporting=False)
    lifecycle.submit_for_review(ledger, rid, actor="alice")
    return rid


def _seen(data: dict, path: str) -> tuple[list, list]:
    """(decisions shown on ``path``, per-output comment texts shown on it)."""
    out = next(o for o in data["outputs"] if o["path"] == path)
    return ([(d["reviewer"], d["decision"], d["comment"]) for d in out["decisions"]],
            [c["text"] for c in data["comments"] if c["path"] == path])


def test_a_return_shows_the_researcher_what_to_change_and_no_checker_more(
        ledger, tmp_path: Path) -> None:
    """Returning ends the round's independent phase for the researcher only (docs/api.md)."""
    from sdc.ledger.views import show

    rid = _submitted(ledger, tmp_path)
    review(ledger, rid, reviewer="bob", paths=["small.csv"], decision="request-changes",
           comment="suppress the 2 at C2")
    review(ledger, rid, reviewer="bob", paths=["all.csv"], decision="approve")
    review(ledger, rid, reviewer="bob", paths=["all.csv"], decision=None,
           comment="rename the Total column")
    # before the return: neither the researcher nor carol sees bob's vote or comments
    for viewer in ("alice", "carol"):
        assert _seen(show(ledger, rid, viewer), "small.csv") == ([], [])
        assert _seen(show(ledger, rid, viewer), "all.csv") == ([], [])
    lifecycle.return_request(ledger, rid, actor="bob", comment="see the outputs")
    mine = show(ledger, rid, "alice")
    assert _seen(mine, "small.csv") == ([("bob", "request-changes", "suppress the 2 at C2")],
                                        [])
    assert _seen(mine, "all.csv") == ([], ["rename the Total column"])  # approval stays hidden
    hidden = [e["data"] for e in mine["history"] if e["event"] == "review"]
    assert [(d["path"], d["decision"]) for d in hidden] == [
        ("small.csv", "request-changes"), ("all.csv", "(hidden until every reviewer has voted)")]
    # carol, the other checker, still sees nothing of bob's round
    theirs = show(ledger, rid, "carol")
    assert _seen(theirs, "small.csv") == ([], []) and _seen(theirs, "all.csv") == ([], [])
    assert "suppress the 2 at C2" not in repr(theirs["history"])
    assert "rename the Total column" not in repr(theirs["history"])
    # the researcher fixes small.csv and updates: version 1's notes stay readable to them
    (tmp_path / "req" / "small.csv").write_text(ALL_CSV, encoding="utf-8")
    lifecycle.update_files(ledger, rid, tmp_path / "req", author="alice", policy=POLICY)
    later = show(ledger, rid, "alice")
    assert _seen(later, "all.csv")[1] == ["rename the Total column"]
    assert "suppress the 2 at C2" in repr(later["history"])
    assert "suppress the 2 at C2" not in repr(show(ledger, rid, "carol")["history"])


def test_without_a_return_the_researcher_sees_no_vote(ledger, tmp_path: Path) -> None:
    from sdc.ledger.views import show

    rid = _submitted(ledger, tmp_path)
    review(ledger, rid, reviewer="bob", paths=["small.csv"], decision="request-changes",
           comment="suppress the 2 at C2")
    lifecycle.reject_request(ledger, rid, actor="bob", comment="not for release")
    data = show(ledger, rid, "alice")
    assert _seen(data, "small.csv") == ([], [])
    assert "suppress the 2 at C2" not in repr(data["history"])
