"""Issue 16: an output's page is drawn when its version is recorded, whichever face submitted
it (``sdc request submit`` here), from the tables the check read; the page drawn later from
the snapshot's bytes (evicted, a new sdc version) is the same page."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from sdc.ledger import drawing, schema
from sdc.ledger.db import open_ledger
from sdc.ledger.verify import verify
from sdc.policy import build_policy
from sdc.web.app import Config, create_app
from tests.test_ledger_support import write_request
from tests.test_workflow import Cli
from tests.web.conftest import Browser


def _pages(url: str) -> dict[str, str]:
    led = open_ledger(url)
    try:
        with led.read() as conn:
            rows = conn.execute(select(schema.rendered_outputs.c.key,
                                       schema.rendered_outputs.c.html)).all()
    finally:
        led.close()
    return {r.key: r.html for r in rows}


def _cli_policy(led):  # type: ignore[no-untyped-def]
    """The policy the command checked with (discovered as ``sdc check`` does)."""
    from sdc.policy import load_policy

    with led.read() as conn:
        source = conn.execute(select(schema.versions.c.policy_source)).scalar()
    return build_policy({}) if source == "built-in" else load_policy(source)


def test_cli_submit_draws_every_page_and_the_checker_only_looks_it_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = str(tmp_path / "ledger.sqlite")
    cli = Cli(url)
    folder = write_request(tmp_path / "req")
    cli("request", "submit", str(folder), "--author", "alice")
    drawn = _pages(url)
    assert len(drawn) == 2  # small.csv and all.csv, drawn by the command itself
    assert sum("SDC101" in html for html in drawn.values()) == 1

    led = open_ledger(url)
    try:
        from tests.web.conftest import make_users

        make_users(led)
        app = create_app(led, Config(workspaces=tmp_path / "ws", releases=tmp_path / "rel",
                                     policy=_cli_policy(led)))

        def unread(*_args):  # type: ignore[no-untyped-def]
            raise AssertionError("drawn again")

        with monkeypatch.context() as patch:
            patch.setattr(drawing, "_views", unread)
            page = Browser(app, "bob").get("/requests/R-0001/output?path=small.csv")
        assert page.status_code == 200 and "SDC101" in page.text

        # drawn again from the snapshot's bytes (the stored pages gone): the very same page
        with led.write() as conn:
            conn.execute(schema.rendered_outputs.delete())
        reads: list[str] = []
        read = drawing._read_tables

        def counted(file, path, policy):  # type: ignore[no-untyped-def]
            reads.append(path)
            return read(file, path, policy)

        monkeypatch.setattr(drawing, "_read_tables", counted)
        for path in ("small.csv", "all.csv"):
            assert Browser(app, "bob").get(
                f"/requests/R-0001/output?path={path}").status_code == 200
        assert sorted(reads) == ["all.csv", "small.csv"]
        assert _pages(url) == drawn
        with led.read() as conn:
            assert verify(conn).ok
    finally:
        led.close()


def test_tables_of_other_bytes_are_not_used(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A table handed over for a file whose SHA-256 is not the snapshot's is ignored: the
    page is drawn from the snapshot's bytes."""
    url = str(tmp_path / "ledger.sqlite")
    Cli(url)("request", "submit", str(write_request(tmp_path / "req")), "--author", "alice")
    drawn = _pages(url)
    led = open_ledger(url)
    try:
        with led.write() as conn:
            conn.execute(schema.rendered_outputs.delete())
        wrong = {("small.csv", "0" * 64): {(None, None): object()}}
        html = drawing.draw(led, "R-0001", "small.csv", _cli_policy(led), wrong)
        assert html in drawn.values() and "SDC101" in html
    finally:
        led.close()


def test_submit_draws_from_views_with_no_model_held(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14 §3: the pages drawn at submit read each table's report view, and the check's
    models are let go before the drawing (the first test holds those pages to the pages
    drawn again from the snapshot's bytes, the model's). Since round 26 (drop) the check
    lets each model go itself, once the table's audit systems are built: the outputs it
    hands back hold stand-ins (``sdc.table_standin``), no model."""
    import gc
    import weakref

    from sdc.ledger import requests
    from sdc.reports.table_view import ReportTable
    from sdc.table import Table
    from sdc.table_standin import TableStandIn

    models: list[weakref.ref[Table]] = []
    stand_ins: list[TableStandIn] = []
    check = requests.check_folder

    def kept(folder, policy, ledger):  # type: ignore[no-untyped-def]
        result, outputs = check(folder, policy, ledger)
        models.extend(weakref.ref(o.table) for o in outputs if isinstance(o.table, Table))
        stand_ins.extend(o.table for o in outputs if isinstance(o.table, TableStandIn))
        return result, outputs

    handed: list[object] = []
    alive: list[int] = []
    draw_all = drawing.draw_all

    def drawn(ledger, request_id, policy, tables=None):  # type: ignore[no-untyped-def]
        gc.collect()
        alive.append(sum(ref() is not None for ref in models))
        handed.extend(t for by_table in (tables or {}).values() for t in by_table.values())
        return draw_all(ledger, request_id, policy, tables)

    monkeypatch.setattr(requests, "check_folder", kept)
    monkeypatch.setattr(drawing, "draw_all", drawn)
    url = str(tmp_path / "ledger.sqlite")
    Cli(url)("request", "submit", str(write_request(tmp_path / "req")), "--author", "alice")
    assert len(stand_ins) == 2 and models == [] and alive == [0]
    assert len(handed) == 2 and all(isinstance(t, ReportTable) for t in handed)
    assert sum("SDC101" in html for html in _pages(url).values()) == 1
