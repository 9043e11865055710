"""Drawing an output's page (what the check found: grid, heat-map, findings), kept in the ledger.

One code path for every face of the workflow: ``sdc request submit`` and the web app's create
and update (``requests.submit``) draw every output of the new version right after recording
it, from the tables the check has just read (the same bytes, by hash: no second read); the web
app's output page (``sdc.web.outputs``) is then a lookup. A page that is not stored (evicted,
a new sdc version, another policy) is drawn when first opened, reading the snapshot's verified
bytes again.

The findings are those recorded at submission (the version's stored check result: the verdict
checkers vote on, never a re-check); ``sdc.reports.html.build_context`` builds the same view
the HTML report shows (``reports/templates/_output.html.j2``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from sdc.ledger import schema
from sdc.ledger.db import Ledger
from sdc.ledger.errors import LedgerError
from sdc.ledger.rendered import load_page, result_problem, store_page
from sdc.ledger.requests import get_request, get_version
from sdc.ledger.state import load_state
from sdc.policy import Policy
from sdc.results import Finding, Location, OutputResult, PolicyInfo, RunResult, Status

# The tables a check read, by (path, file SHA-256), then by (sheet, table number)
Checked = dict[tuple[str, str], dict[tuple[Any, Any], Any]]

KEEP_RENDERED = 2000  # pages kept in the ledger; the oldest drawn go first


def checked_tables(outputs: Iterable[Any]) -> Checked:
    """What a check read (``sdc.outputs.Output``: a table, or None), by file, for ``draw``:
    each table as the reports read it (``sdc.reports.table_view.ReportTable``, the view
    ``sdc check`` reports from), so a submit that lets go of the check's outputs holds no
    model while it draws every page (~9 MiB a 1 MiB long table, issue 14 §3). A table whose
    view cannot be made is kept as it is (the page then reads the model, as before)."""
    from sdc.reports.table_view import ReportTable
    from sdc.table_standin import report_view

    tables: Checked = {}
    for o in outputs:
        table = report_view(o.table)  # a let-go model's view, made when it went
        if table is not None and not isinstance(table, ReportTable):
            try:
                table = ReportTable.of(table)
            except Exception:  # a bug making it: the page reads the model, as before
                table = o.table
        tables.setdefault((o.path, o.sha256), {})[(o.sheet, o.table_number)] = table
    return tables


def _location(data: dict[str, Any]) -> Location:
    return Location(path=data["path"], sheet=data.get("sheet"), cell=data.get("cell"),
                    row_label=data.get("row_label"), column_label=data.get("column_label"),
                    table=data.get("table"))


def _finding(data: dict[str, Any]) -> Finding:
    """A stored finding, with the declaration that changed it: the page a checker reads lists
    every verdict a request.toml claim moved ("Changed by a declaration"), as ``sdc check``'s
    report does; dropped here, a fail lowered to review by the researcher's own claim read as
    the check's review."""
    declared = data.get("declaration") or {}
    return Finding(rule=data["rule"], name=data["name"], message=data["message"],
                   location=_location(data["location"]), evidence=data.get("evidence") or {},
                   related=[_location(r) for r in data.get("related", [])],
                   status=Status(data["status"]), waiver=data.get("waiver"),
                   declaration_kind=declared.get("kind"), declaration=declared.get("claim"),
                   status_without_declaration=(Status(declared["from"]) if declared.get("from")
                                               else None))


def stored_result(result: dict[str, Any], path: str | None = None) -> RunResult:
    """The stored check result (``result.to_dict(with_evidence=True)``) as a RunResult,
    optionally only the outputs read from ``path``."""
    policy = result.get("policy") or {}
    outputs = [OutputResult(path=o["path"], sheet=o.get("sheet"), kind=o["kind"],
                            sha256=o["sha256"], findings=[_finding(f) for f in o["findings"]],
                            table_number=o.get("table"))
               for o in result.get("outputs", []) if path is None or o["path"] == path]
    return RunResult(tool_version=(result.get("tool") or {}).get("version", ""),
                     policy=PolicyInfo(policy.get("source", ""), policy.get("profile", ""),
                                       policy.get("sha256", ""), policy.get("params") or {}),
                     outputs=outputs, request=result.get("request") or {})


def _declared_only(result: dict[str, Any]) -> dict[str, Any]:
    """The stored result with only the findings a declaration changed (``_finding`` gives
    the others no ``declaration_kind``, so ``declared_changes`` drops them): every page of a
    request lists the release's declared changes, and rebuilding every finding of every
    output for each page made drawing a request quadratic in its outputs (200 outputs with
    SDC503 links: ~1 minute)."""
    return {**result, "outputs": [
        {**o, "findings": [f for f in o["findings"] if (f.get("declaration") or {}).get("kind")
                           is not None]}
        for o in result.get("outputs", [])]}


def render_key(parts: list[tuple[str, str, str, list[dict[str, Any]]]],
               policy: Policy | None) -> str:
    """What a rendered output is drawn from: for the output (and a chart's data files) its
    path, the file's bytes (by hash), its role and the findings stored for it; the policy and
    this sdc's version (its templates). A new version whose files and findings did not change
    reuses the rendering; anything else renders again."""
    from sdc.version import __version__

    basis = {"sdc": __version__, "policy": getattr(policy, "sha256", ""), "parts": parts}
    text = json.dumps(basis, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chart_data_paths(stored: list[dict[str, Any]], path: str, paths: list[str]) -> list[str]:
    """The data files of a chart among the version's outputs: ``name.csv``/``name.xlsx``
    beside ``name.png`` (the reader's rule, ``DATA_FOR_CHART``), shown on its page."""
    from sdc.readers.registry import DATA_FOR_CHART

    if not any(o.get("kind") == "chart" for o in stored):
        return []
    stem = str(PurePosixPath(path).with_suffix(""))
    return [p for e in DATA_FOR_CHART if (p := f"{stem}.{e}") != path and p in paths]


def _untrusted(reason: str) -> str:
    from sdc.reports.html import environment

    return environment().get_template("_untrusted.html.j2").render(reason=reason)


def draw(ledger: Ledger, request_id: str, path: str, policy: Policy,
         tables: Checked | None = None) -> str:
    """The "what the check found" part of ``path``'s page in the current version (for a
    chart, also that of the data it plots): the stored page when it verifies, else drawn and
    stored. ``tables``: what the check read (``checked_tables``), used for a file whose
    SHA-256 is the snapshot's; any other file is read again from the snapshot."""
    with ledger.read() as conn:
        req = get_request(conn, request_id)
        version = get_version(conn, req.id, req.current_version)
        state = load_state(conn, req.id)
        out = state.output(path)
        if out is None:
            return ""
        untrusted = result_problem(conn, req.id, version.version, version.result_json)
        if untrusted:
            logging.getLogger(__name__).warning("output %s of %s not shown: %s", path,
                                                request_id, untrusted)
            return _untrusted(untrusted)
        result = json.loads(version.result_json)

        def stored(p: str) -> list[dict[str, Any]]:
            return [o for o in result.get("outputs", []) if o["path"] == p]

        files = [out] + [o for p in chart_data_paths(stored(path), path,
                                                     [o.path for o in state.outputs])
                         if (o := state.output(p)) is not None]
        key = render_key([(f.path, f.sha256, f.role, stored(f.path)) for f in files], policy)
        cached = load_page(conn, key)  # verified against the audit chain
        if cached.html is not None:
            return cached.html
        if cached.problem:
            logging.getLogger(__name__).warning("stored page of %s in %s not shown, drawn "
                                                "again: %s", path, request_id, cached.problem)
        data = {f.path: ledger.store.read(conn, f.sha256) if f.role == "output" else b""
                for f in files}
    read = {f.path: (tables or {}).get((f.path, f.sha256)) for f in files}
    views = _views(result, path, data[path], policy, 0, read[path])
    plotted: list[tuple[str, list[Any]]] = []
    for f in files[1:]:  # numbered on from the chart's views: no anchor id twice on the page
        first = len(views) + sum(len(v) for _, v in plotted)
        plotted.append((f.path, _views(result, f.path, data[f.path], policy, first,
                                       read[f.path])))
    from sdc.reports.common import declaration_source
    from sdc.reports.html import environment

    shown = {f.path for f in files}  # what a researcher's claim changed on this page
    declared = [d for d in stored_result(_declared_only(result)).declared_changes()
                if d["path"] in shown]
    html = environment().get_template("_outputs.html.j2").render(
        views=views, plotted=plotted, declarations=declared,
        declaration_source=declaration_source(declared))
    try:
        with ledger.write() as conn:
            if cached.problem:  # read again under the lock: another process may have redrawn it
                cached = load_page(conn, key)
            store_page(conn, key, html, replaces=cached.problem)
            _evict(conn)
    except (LedgerError, DBAPIError):  # a cache that cannot be written is only slower
        pass
    return html


def _evict(conn: Any) -> None:
    """Keep at most ``KEEP_RENDERED`` rendered pages (a 5,000-cell table is ~1 MB of HTML)."""
    t = schema.rendered_outputs
    extra = conn.execute(select(func.count()).select_from(t)).scalar() - KEEP_RENDERED
    if extra > 0:
        oldest = select(t.c.key).order_by(t.c.created_at, t.c.key).limit(extra)
        conn.execute(t.delete().where(t.c.key.in_(oldest.scalar_subquery())))


def draw_all(ledger: Ledger, request_id: str, policy: Policy,
             tables: Checked | None = None) -> None:
    """Draw every output of the request's current version into the ledger (``draw``); best
    effort: a failure only leaves a page to be drawn when first opened."""
    from sdc.gc_pacing import fewer_collections

    try:
        with ledger.read() as conn:
            state = load_state(conn, get_request(conn, request_id).id)
        # paced as the check is: the pages' many short-lived objects made the collector walk
        # every long-lived one again and again (20 x 1 MiB long tables: 41 full collections,
        # 7.5 of the drawing's 19 s CPU, once the models were let go before it)
        with fewer_collections():
            for out in state.outputs:
                draw(ledger, state.request_id, out.path, policy, tables)
    except Exception:  # drawing ahead must never fail the workflow
        logging.getLogger(__name__).warning("could not draw the pages of %s", request_id,
                                            exc_info=True)


def _views(result: dict[str, Any], path: str, data: bytes, policy: Policy, first_index: int,
           tables: dict[tuple[Any, Any], Any] | None = None) -> list[Any]:
    """The report's OutputView of every table read from ``path`` (``tables``: already read
    from these bytes by the check)."""
    from sdc.engine import rule_infos
    from sdc.reports import ReportOptions
    from sdc.reports.html import build_context

    run = stored_result(result, path)
    run.rules = rule_infos(policy)
    workdir = Path(tempfile.mkdtemp(prefix="sdc-page-"))
    try:  # the file on disk: read again for the grid (unless given), the report's images
        target = (workdir / path).resolve()
        if not data or workdir.resolve() not in target.parents:
            tables = {}
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            if tables is None:
                tables = _read_tables(target, path, policy)
        for output in run.outputs:
            output.table = tables.get((output.sheet, output.table_number))
            if output.table is None and len(tables) == 1 and len(run.outputs) == 1:
                output.table = next(iter(tables.values()))
        run.root = str(workdir)
        views = build_context(run, ReportOptions(show_values=True), first_index)["outputs"]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for view in views:
        view.open = True
    return views


def _read_tables(file: Path, path: str, policy: Policy) -> dict[tuple[Any, Any], Any]:
    """Tables read from one snapshot file, by (sheet, table number)."""
    from sdc.readers import read_output

    try:
        return {(o.sheet, getattr(o, "table_number", None)): o.table
                for o in read_output(file, path, policy)}
    except Exception:  # a file sdc cannot read is shown without its grid; findings remain
        return {}
