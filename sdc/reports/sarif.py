"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

Locations: ``artifactLocation.uri`` is relative (percent-encoded) to ``uriBaseId`` ``SRCROOT``:
the top of the git work tree holding the output (``$GITHUB_WORKSPACE`` outside one), so code
scanning places findings on the right files whatever folder was checked; outside a repository
it is the folder checked (the report path). ``originalUriBaseIds`` describes SRCROOT but gives
no absolute path: the machine's folders stay in the TRE.
For line-based tables (CSV/TSV) the region is ``startLine`` = the cell's row (row 1 = the file's
first line) and ``startColumn`` = the cell's spreadsheet column number (field index, not a
character offset: sdc points at fields). Workbook cells have no line; their sheet and cell are
in a ``logicalLocation`` (``fullyQualifiedName`` ``Sheet1!C4``) and in the result properties.
SARIF leaves the TRE: value-free messages, no evidence and no cell labels unless
``--show-values``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

from sdc.reports import json_text
from sdc.reports.common import (
    all_rules,
    display_name,
    parse_ref,
    policy_status,
    repository_path,
    rule_meta,
    source_file,
)
from sdc.results import Finding, Location, OutputResult, RunResult, Status

if TYPE_CHECKING:
    from sdc.reports import ReportOptions

SCHEMA_URI = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
              "sarif-schema-2.1.0.json")
LEVEL = {Status.FAIL: "error", Status.REVIEW: "warning", Status.PASS: "note"}
POLICY_LEVEL = {"fail": "error", "review": "warning", "off": "none"}
LINE_FORMATS = {"csv", "tsv", "tab"}
BASE_ID = "SRCROOT"
BASE_DESCRIPTION = ("The top of the git work tree holding the outputs ($GITHUB_WORKSPACE "
                    "outside one); outside a repository, the folder checked.")


def _uri(path: str) -> str:
    return quote(path, safe="/")


def _artifact(path: str, paths: dict[str, str]) -> dict[str, Any]:
    """An artifactLocation for a report path, from the source root when the file was found."""
    return {"uri": _uri(paths.get(path, path)), "uriBaseId": BASE_ID}


def source_paths(result: RunResult, options: ReportOptions) -> dict[str, str]:
    """Report path -> path from the repository root, for the outputs found in one."""
    paths: dict[str, str] = {}
    for out in result.outputs:
        src = source_file(result, out, options)
        in_repository = repository_path(src) if src is not None else None
        if in_repository is not None:
            paths[out.path] = in_repository
    return paths


def _rules(result: RunResult) -> list[dict[str, Any]]:
    rules = []
    for code, name in all_rules(result):
        meta = rule_meta(result, code)
        status = policy_status(result, code, name)
        rules.append({
            "id": code,
            "name": name,
            "shortDescription": {"text": meta["summary"]},
            "fullDescription": {"text": meta["doc"].split("\n\n", 1)[0]},
            "help": {"text": meta["doc"]},
            "defaultConfiguration": {"level": POLICY_LEVEL.get(status, "error"),
                                     "enabled": status != "off"},
            "properties": {"policyStatus": status},
        })
    return rules


def _location(loc: Location, paths: dict[str, str], *, show_values: bool,
              line_based: bool) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(loc.path, paths)}
    pos = parse_ref(loc.cell)
    if pos is not None and line_based:
        physical["region"] = {"startLine": pos[0], "startColumn": pos[1]}
    data: dict[str, Any] = {"physicalLocation": physical}
    if loc.sheet is not None or loc.cell is not None:
        qualified = (f"{loc.sheet}!" if loc.sheet is not None else "") + (
            f"table {loc.table}!" if loc.table is not None else "") + (loc.cell or "")
        logical: dict[str, Any] = {"name": loc.cell or loc.sheet or "",
                                   "fullyQualifiedName": qualified,
                                   "kind": "element" if loc.cell else "module"}
        data["logicalLocations"] = [logical]
    props: dict[str, Any] = {"sheet": loc.sheet, "cell": loc.cell}
    if show_values:
        props.update(rowLabel=loc.row_label, columnLabel=loc.column_label)
    data["properties"] = props
    return data


def _is_line_based(loc: Location) -> bool:
    return loc.sheet is None and loc.path.rsplit(".", 1)[-1].lower() in LINE_FORMATS


def _result(f: Finding, out: OutputResult, rule_index: dict[str, int], show: bool,
            paths: dict[str, str]) -> dict[str, Any]:
    location = _location(f.location, paths, show_values=show,
                         line_based=_is_line_based(f.location))
    item: dict[str, Any] = {
        "ruleId": f.rule,
        "level": LEVEL[f.status],
        "kind": "fail",
        "message": {"text": f.text(show_values=show)},
        "locations": [location],
        "partialFingerprints": {
            "sdcLocation/v1": f"{f.rule}:{display_name(f.location)}:{f.location.cell or ''}"},
        "properties": {"status": f.status.value, "name": f.name, "output": display_name(out)},
    }
    if f.rule in rule_index:
        item["ruleIndex"] = rule_index[f.rule]
    if f.related:
        item["relatedLocations"] = [
            {"id": i + 1, **_location(loc, paths, show_values=show,
                                      line_based=_is_line_based(loc)),
             "message": {"text": "related: " + display_name(loc)
                         + (f"!{loc.cell}" if loc.cell else "")}}
            for i, loc in enumerate(f.related)]
    if f.waiver:  # still a finding a person must look at: not a SARIF suppression
        item["properties"]["waiver"] = f.waiver
    if f.declaration_kind is not None:  # changed by request.toml: listed, claim with values
        item["properties"]["declaration"] = f.declaration_dict(with_claim=show)
    if show:
        item["properties"]["evidence"] = f.evidence
    return item


def build_sarif(result: RunResult, options: ReportOptions) -> dict[str, Any]:
    """The SARIF log as a dict (``write_sarif`` writes the same, a result at a time)."""
    log, results = _log_and_results(result, options)
    log["runs"][0]["results"] = list(results)
    return log


def _log_and_results(result: RunResult, options: ReportOptions
                     ) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The log with no result yet, and its results, made one by one as they are read."""
    show = options.show_values
    rules = _rules(result)
    rule_index = {rule["id"]: i for i, rule in enumerate(rules)}
    paths = source_paths(result, options)
    artifacts = []
    seen: set[str] = set()
    for out in result.outputs:
        if out.path in seen:
            continue
        seen.add(out.path)
        artifact: dict[str, Any] = {"location": _artifact(out.path, paths)}
        if out.sha256:
            artifact["hashes"] = {"sha-256": out.sha256}
        artifacts.append(artifact)
    results = (_result(f, out, rule_index, show, paths)
               for out in result.outputs for f in out.findings)
    policy = result.policy
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "sdc", "version": result.tool_version,
                                "semanticVersion": result.tool_version, "rules": rules}},
            "invocations": [{"executionSuccessful": True}],
            "originalUriBaseIds": {BASE_ID: {"description": {"text": BASE_DESCRIPTION}}},
            "artifacts": artifacts,
            "results": [],
            "properties": {
                "status": result.status.value,
                "summary": result.summary(),
                "declarations": result.declared_changes(with_claim=show),
                "excluded": result.excluded,
                "policy": {"source": policy.source, "profile": policy.profile,
                           "sha256": policy.sha256},
            },
        }],
    }
    return log, results


_RESULTS = '"results": []'  # where the results go in the log's text (a key: never escaped)
_RESULT_INDENT = "\n" + " " * 8  # a result's lines in the log: runs, [0], results, [i]


def write_sarif(result: RunResult, stream: IO[str], options: ReportOptions) -> None:
    """The log as the standard library's ``json.dump(json_safe(log), indent=2)`` writes it,
    written by orjson (``sdc.reports.json_text``) a result at a time: the results of 25,000
    findings are never all held (as dicts, or as 63 MB of text), and the standard library's
    pure-Python encoder took ~3 s for them (round 32, tail32). A result's text is its own,
    indented as deep as it lies; the evidence (with ``--show-values``) is the only free-form
    value in it, prepared; a result orjson would write differently, and a log whose text does
    not hold its results' place once, are the standard library's."""
    log, results = _log_and_results(result, options)
    text = _text(log)
    if text.count(_RESULTS) != 1:
        stream.write(json_text.stdlib_dumps(build_sarif(result, options)) + "\n")
        return
    head, tail = text.split(_RESULTS)
    stream.write(head + '"results": ')
    written = False
    for item in results:
        stream.write(",\n        " if written else "[\n        ")
        stream.write(_text(item, prepare="evidence").replace("\n", _RESULT_INDENT))
        written = True
    stream.write(("\n      ]" if written else "[]") + tail + "\n")


def _text(data: dict[str, Any], prepare: str | None = None) -> str:
    """``data`` as the standard library writes it; ``prepare``: the key of ``properties`` whose
    value is free-form (floats prepared)."""
    try:
        if prepare is not None and prepare in data["properties"]:
            data = {**data, "properties": {**data["properties"], prepare: json_text.prepared(
                data["properties"][prepare])}}
        return json_text.dumps(data)
    except json_text.Unusual:
        return json_text.stdlib_dumps(data)
