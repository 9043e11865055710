"""Issue 16: an output page kept in the ledger is shown only if the audit chain vouches for it.

Someone who can write the database edits the stored page of a failing table (the finding
removed, a line added) — alone, with the hash logged for it, and with that entry's own hash
recomputed. Each time the checker is shown the page drawn again from the stored check
result, never the edited one; the new entry records why; the log still verifies. Run against
SQLite and PostgreSQL (skipped without it, as the other PostgreSQL tests).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from sdc.ledger import events, schema
from sdc.ledger.db import Ledger, open_ledger
from sdc.ledger.verify import verify
from sdc.policy import build_policy
from sdc.web.app import Config, create_app
from tests.test_ledger_support import ledger_location
from tests.web.conftest import Browser, make_users, ready_request

EDIT = "<p>checked: nothing to see</p>"


@pytest.fixture(params=["sqlite", "postgresql"])
def led(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    with ledger_location(request.param, tmp_path, fresh=True) as url:  # new: server threads
        ledger = open_ledger(url)
        make_users(ledger)
        try:
            yield ledger
        finally:
            ledger.close()


def _browsers(led: Ledger, workspaces: Path, tmp_path: Path) -> tuple[Browser, Browser]:
    app = create_app(led, Config(workspaces=workspaces, releases=tmp_path / "released",
                                 policy=build_policy({})))
    return Browser(app, "alice"), Browser(app, "bob")


def _stored_page(led: Ledger) -> tuple[str, str, int]:
    """The stored page of small.csv (the one with SDC101): key, html, audit entry."""
    t = schema.rendered_outputs
    with led.read() as conn:
        rows = conn.execute(select(t.c.key, t.c.html, t.c.audit_seq)).all()
    (row,) = [r for r in rows if "SDC101" in r.html]
    return row.key, row.html, row.audit_seq


def _edit_entry(led: Ledger, seq: int, html: str, rehash: bool) -> None:
    """Log the edited page's hash in its entry, and with ``rehash`` the entry's hash too."""
    from sdc.ledger.rendered import page_sha256

    log = schema.audit_log
    with led.write() as conn:
        row = conn.execute(select(log).where(log.c.seq == seq)).one()
        data = {**json.loads(row.data), "sha256": page_sha256(html)}
        values = {"data": events.canonical(data)}
        if rehash:
            body = {"seq": row.seq, "at": row.at, "actor": row.actor, "event": row.event,
                    "request": row.request_id, "data": data}
            values["hash"] = events.entry_hash(row.prev_hash, body)
        conn.execute(update(log).where(log.c.seq == seq).values(**values))


@pytest.mark.parametrize("how", ["page", "page and logged hash", "page and rehashed entry"])
def test_an_edited_stored_page_is_never_shown(led: Ledger, workspaces: Path, tmp_path: Path,
                                              how: str) -> None:
    alice, bob = _browsers(led, workspaces, tmp_path)
    rid = ready_request(alice)  # submitting draws both pages into the ledger
    key, html, seq = _stored_page(led)
    first = bob.get(f"/requests/{rid}/output?path=small.csv")
    assert first.status_code == 200 and "SDC101" in first.text and EDIT not in first.text

    edited = html.replace("SDC101", "SDC100") + EDIT
    with led.write() as conn:
        t = schema.rendered_outputs
        conn.execute(update(t).where(t.c.key == key).values(html=edited))
    if how != "page":
        _edit_entry(led, seq, edited, rehash=how == "page and rehashed entry")

    page = bob.get(f"/requests/{rid}/output?path=small.csv")
    assert page.status_code == 200
    assert EDIT not in page.text and "SDC100" not in page.text
    assert "SDC101" in page.text

    new_key, new_html, new_seq = _stored_page(led)  # drawn again, logged again
    assert (new_key, new_seq > seq, EDIT in new_html) == (key, True, False)
    with led.read() as conn:
        entry = next(e for e in events.entries(conn) if e.seq == new_seq)
    assert entry.event == "render" and entry.data["key"] == key
    assert entry.data["replaced"] == {
        "page": f"the stored page does not match the hash logged in audit entry {seq}",
        "page and logged hash": f"the audit entry {seq} of the stored page was edited",
        "page and rehashed entry": f"the audit entry {seq} of the stored page is not in the "
                                   "chain",
    }[how]
    if how == "page":  # the chain itself was not touched
        with led.read() as conn:
            assert verify(conn).ok


def test_audit_verify_checks_the_stored_pages(led: Ledger, workspaces: Path,
                                             tmp_path: Path) -> None:
    """An edited page is an edited ledger even before anyone opens it: ``audit verify`` (and
    so every release) reports it; drawn again when opened, the ledger verifies again."""
    alice, bob = _browsers(led, workspaces, tmp_path)
    rid = ready_request(alice)
    key, html, seq = _stored_page(led)
    with led.read() as conn:
        assert verify(conn).ok
    with led.write() as conn:
        t = schema.rendered_outputs
        conn.execute(update(t).where(t.c.key == key).values(html=html + EDIT))
    with led.read() as conn:
        report = verify(conn)
    assert (report.ok, report.bad_seq, report.reason) == (
        False, seq, f"the stored page {key} differs from its render entry")
    assert EDIT not in bob.get(f"/requests/{rid}/output?path=small.csv").text
    with led.read() as conn:
        assert verify(conn).ok


def test_an_unedited_stored_page_is_shown_from_the_ledger(led: Ledger, workspaces: Path,
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    from sdc.ledger import drawing as outputs

    alice, bob = _browsers(led, workspaces, tmp_path)
    rid = ready_request(alice)
    _, _, seq = _stored_page(led)

    def unread(*_args):  # type: ignore[no-untyped-def]
        raise AssertionError("drawn again")

    monkeypatch.setattr(outputs, "_views", unread)
    assert "SDC101" in bob.get(f"/requests/{rid}/output?path=small.csv").text
    assert _stored_page(led)[2] == seq
    with led.read() as conn:
        assert verify(conn).ok


def test_an_edited_check_result_shows_an_error_never_a_page(led: Ledger, workspaces: Path,
                                                           tmp_path: Path) -> None:
    """The stored result is what pages are drawn from: with its finding removed (so the page
    key changes and nothing is cached for it) the checker sees an error, not a clean page."""
    alice, bob = _browsers(led, workspaces, tmp_path)
    rid = ready_request(alice)
    v = schema.versions
    with led.write() as conn:
        row = conn.execute(select(v.c.request_id, v.c.version, v.c.result_json)
                           .where(v.c.request_id == rid)).one()
        result = json.loads(row.result_json)
        for out in result["outputs"]:
            out["findings"] = [f for f in out["findings"] if f["rule"] != "SDC101"]
        conn.execute(update(v).where(v.c.request_id == rid, v.c.version == row.version)
                     .values(result_json=json.dumps(result)))
    page = bob.get(f"/requests/{rid}/output?path=small.csv")
    assert page.status_code == 200
    assert 'id="untrusted"' in page.text
    assert "stored check result differs from the one audit entry" in page.text
    assert "Nothing was read" not in page.text and "small-count" not in page.text
