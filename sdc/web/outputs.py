"""One output of a stored request, rendered exactly as the HTML report renders it.

The findings are those recorded at submission (the version's stored check result: the verdict
checkers vote on, never a re-check). The table's cells are read again from the snapshot's
verified bytes, only to draw the grid; ``sdc.reports.html.build_context`` then builds the same
view the report shows (one code path: ``reports/templates/_output.html.j2``).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from sdc.ledger.db import Ledger
from sdc.ledger.requests import get_request, get_version
from sdc.ledger.state import load_state
from sdc.policy import Policy
from sdc.results import Finding, Location, OutputResult, PolicyInfo, RunResult, Status


def _location(data: dict[str, Any]) -> Location:
    return Location(path=data["path"], sheet=data.get("sheet"), cell=data.get("cell"),
                    row_label=data.get("row_label"), column_label=data.get("column_label"),
                    table=data.get("table"))


def _finding(data: dict[str, Any]) -> Finding:
    return Finding(rule=data["rule"], name=data["name"], message=data["message"],
                   location=_location(data["location"]), evidence=data.get("evidence") or {},
                   related=[_location(r) for r in data.get("related", [])],
                   status=Status(data["status"]), waiver=data.get("waiver"))


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


_CACHE: dict[tuple[str, str], dict[tuple, Any]] = {}
_VIEWS: dict[tuple[Any, ...], list[Any]] = {}
CACHE_SIZE = 32


def _tables(sha256: str, path: str, data: bytes, policy: Policy) -> dict[tuple, Any]:
    """Tables read from one snapshot file, by (sheet, table number); cached by content."""
    key = (sha256, path)
    if key not in _CACHE:
        if len(_CACHE) >= CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = _read_tables(path, data, policy)
    return _CACHE[key]


def _read_tables(path: str, data: bytes, policy: Policy) -> dict[tuple, Any]:
    from sdc.readers import read_output

    workdir = Path(tempfile.mkdtemp(prefix="sdc-web-"))
    try:
        file = workdir / Path(path).name
        file.write_bytes(data)
        return {(o.sheet, getattr(o, "table_number", None)): o.table
                for o in read_output(file, path, policy)}
    except Exception:  # a file sdc cannot read is shown without its grid; findings remain
        return {}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def output_views(ledger: Ledger, request_id: str, path: str, policy: Policy
                 ) -> list[Any]:
    """The report's OutputView of every table read from ``path`` in the current version."""
    import json

    from sdc.engine import rule_infos
    from sdc.reports import ReportOptions
    from sdc.reports.html import build_context

    with ledger.read() as conn:
        req = get_request(conn, request_id)
        version = get_version(conn, req.id, req.current_version)
        out = load_state(conn, req.id).output(path)
        if out is None:
            return []
        data = ledger.store.read(conn, out.sha256) if out.role == "output" else b""
    key = (id(ledger), req.id, version.version, path, out.sha256, id(policy))
    if key in _VIEWS:  # stored findings and bytes never change: render once (heat-maps)
        return _VIEWS[key]
    result = stored_result(json.loads(version.result_json), path)
    tables = _tables(out.sha256, path, data, policy) if data else {}
    for output in result.outputs:
        output.table = tables.get((output.sheet, output.table_number))
        if output.table is None and len(tables) == 1 and len(result.outputs) == 1:
            output.table = next(iter(tables.values()))
    result.rules = rule_infos(policy)
    workdir = Path(tempfile.mkdtemp(prefix="sdc-web-"))
    try:  # the file on disk for the report's image embedding (charts shown beside findings)
        target = (workdir / path).resolve()
        if data and workdir.resolve() in target.parents:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        result.root = str(workdir)
        views = build_context(result, ReportOptions(show_values=True))["outputs"]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for view in views:
        view.open = True
    if len(_VIEWS) >= CACHE_SIZE:
        _VIEWS.pop(next(iter(_VIEWS)))
    _VIEWS[key] = views
    return views
