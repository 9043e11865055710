"""Small helpers shared by reporters: names, cell references, rule metadata, source files.

Kept here so every format points at cells and names outputs the same way.
"""

from __future__ import annotations

import math
import os
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdc.results import Finding, Location, OutputResult, RunResult, Status

if TYPE_CHECKING:
    from sdc.reports import ReportOptions

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
# C0 controls other than tab/newline: not allowed in XML 1.0 or XLSX, and confusing in logs
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def display_name(out: OutputResult | Location) -> str:
    """``path``, ``path [sheet]`` or ``path, table 2``: how every report names an output."""
    table = out.table if isinstance(out, Location) else out.table_number
    return (out.path + (f" [{out.sheet}]" if out.sheet is not None else "")
            + (f", table {table}" if table is not None else ""))


def parse_ref(ref: str | None) -> tuple[int, int] | None:
    """``"C4"`` -> ``(4, 3)`` (1-based row, column); None for no or odd references."""
    if not ref:
        return None
    match = _REF.match(ref.strip())
    if match is None:
        return None
    col = 0
    for ch in match.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)), col


def findings_by_cell(out: OutputResult) -> dict[tuple[int, int], list[Finding]]:
    """The output's findings grouped by the (row, col) of their cell, worst first."""
    cells: dict[tuple[int, int], list[Finding]] = defaultdict(list)
    for finding in out.findings:
        pos = parse_ref(finding.location.cell)
        if pos is not None:
            cells[pos].append(finding)
    for items in cells.values():
        items.sort(key=lambda f: -f.status.rank)
    return dict(cells)


def worst(findings: list[Finding]) -> Status:
    return Status.worst(f.status for f in findings)


def rule_meta(result: RunResult, code: str) -> dict[str, str]:
    """Name, summary and documentation of a rule (empty strings for an unknown code)."""
    rule = result.rules.get(code)
    if rule is None:
        return {"name": "", "summary": "", "doc": ""}
    return {"name": rule.name, "summary": rule.summary, "doc": rule.doc}


def all_rules(result: RunResult) -> list[tuple[str, str]]:
    """(code, name) of every rule the run knew, in catalogue order."""
    return [(code, rule.name) for code, rule in result.rules.items()]


def policy_status(result: RunResult, code: str, name: str) -> str:
    """``fail``, ``review`` or ``off``: the status the applied policy gives a rule."""
    params = result.policy.params or {}
    enabled = params.get("enabled")
    if enabled is not None and code not in enabled:
        return "off"
    rule_params = (params.get("rules") or {}).get(name) or {}
    return str(rule_params.get("status", "fail"))


def policy_param(result: RunResult, rule: str, key: str, default: Any = None) -> Any:
    return ((result.policy.params or {}).get("rules") or {}).get(rule, {}).get(key, default)


def flatten_params(params: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Nested policy parameters as ``("rules.small-count.threshold", "10")`` pairs."""
    if isinstance(params, dict):
        items: list[tuple[str, str]] = []
        for key, value in params.items():
            items.extend(flatten_params(value, f"{prefix}.{key}" if prefix else str(key)))
        return items
    if isinstance(params, list | tuple) and any(isinstance(v, dict) for v in params):
        return [(prefix, ", ".join(_scalar(v) for v in params))]
    return [(prefix, _scalar(params))]


def _scalar(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_scalar(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def format_evidence(evidence: dict[str, Any]) -> str:
    """``count=3, threshold=10``: evidence on one line, for tooltips and comments."""
    return ", ".join(f"{k}={_short(v)}" for k, v in evidence.items())


def _short(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.6g}"
    if hasattr(value, "item"):
        return _short(value.item())
    text = _scalar(value)
    return text if len(text) <= 200 else text[:197] + "..."


def clean_text(text: str) -> str:
    """Text without control characters (XML, XLSX and CI logs reject or misread them)."""
    return CONTROL_CHARS.sub("\N{REPLACEMENT CHARACTER}", text)


def source_file(result: RunResult, out: OutputResult, options: ReportOptions) -> Path | None:
    """The file an output was read from, when it can still be found on disk."""
    candidates: list[Path] = []
    if result.root is not None:
        candidates.append(Path(result.root) / out.path)
    for given in options.inputs:
        if given.is_dir():
            candidates.append(given / out.path)
        elif given.name == out.path:
            candidates.append(given)
    for path in candidates:
        if path.is_file():
            return path
    return None


def repository_path(src: Path) -> str | None:
    """``src`` relative to the top of the git work tree holding it, else to
    ``$GITHUB_WORKSPACE`` when that holds it: how code scanning and annotations name files
    (from the repository root, whatever folder was checked). None outside both."""
    resolved = src.resolve()
    for folder in resolved.parents:
        if (folder / ".git").exists():
            return resolved.relative_to(folder).as_posix()
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        try:
            return resolved.relative_to(Path(workspace).resolve()).as_posix()
        except ValueError:
            pass
    return None


def label_text(location: Location) -> str:
    """``18-24 / female``: a cell's row and column labels, when known."""
    return " / ".join(x for x in (location.row_label, location.column_label) if x)


def json_default(value: object) -> object:
    """JSON for numpy scalars, sets and anything else a rule put in evidence."""
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return value
    if isinstance(value, set | frozenset | tuple):
        return sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
    return str(value)


SIDECAR_KIND = "evidence_sidecar"  # sdc.sidecar_bounds: a verdict resting on a sidecar alone


def declaration_source(changes: list[dict[str, Any]]) -> str:
    """Where the declarations behind ``changes`` were made: ``request.toml``, ``an evidence
    sidecar`` or both."""
    kinds = {c["kind"] == SIDECAR_KIND for c in changes}
    return {frozenset({False}): "request.toml", frozenset({True}): "an evidence sidecar"}.get(
        frozenset(kinds), "request.toml or an evidence sidecar")


def declaration_lines(result: RunResult, *, with_claim: bool = True) -> list[str]:
    """"changed by a declaration in request.toml: ..." — one line per finding a researcher's
    declaration changed, for every report to show (the claim's text only where values may
    go: it can quote labels)."""
    changes = result.declared_changes(with_claim=with_claim)
    if not changes:
        return []
    lines = [f"\nchanged by a declaration in {declaration_source(changes)}: "
             f"{len(changes)} finding(s)"]
    for c in changes:
        where = c["path"] + (f" [{c['sheet']}]" if c["sheet"] is not None else "")
        where += f"!{c['cell']}" if c["cell"] else ""
        claim = f": {c['claim']}" if c.get("claim") else ""
        lines.append(f"  {where} {c['rule']} {c['from']} -> {c['to']} by {c['kind']}{claim}")
    return lines


MAX_EXCLUDED_LINES = 50


def count_of(n: int, word: str) -> str:
    """``1 output``, ``2 outputs``: every report's summary line reads the same."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def excluded_lines(result: RunResult) -> list[str]:
    """"not checked (excluded): ..." — what a folder check skipped and why, for every report
    to show: an exclude must never exempt an output silently (``sdc.excludes``)."""
    if not result.excluded:
        return []
    lines = [f"\nnot checked (excluded): {len(result.excluded)} path(s)"]
    lines += [f"  {skip['path']} (by {skip['by']})"
              for skip in result.excluded[:MAX_EXCLUDED_LINES]]
    if len(result.excluded) > MAX_EXCLUDED_LINES:
        lines.append(f"  … {len(result.excluded) - MAX_EXCLUDED_LINES} more (in the JSON "
                     "report)")
    return lines


def declared_text(f: Finding, show: bool) -> str:
    """``changed by a declaration in request.toml: structural_zeros, fail -> review``; the
    claim's text (it can quote labels) only with ``--show-values``."""
    change = f.declaration_dict(with_claim=show)
    claim = f": {change['claim']}" if change.get("claim") else ""
    source = declaration_source([change])
    return (f"changed by a declaration in {source}: {change['kind']}, {change['from']} -> "
            f"{change['to']}{claim}")


def finding_notes(f: Finding, show: bool) -> str:
    """`` (waived: ...)`` and `` (changed by a declaration ...)`` after a finding's message,
    for the one-line formats (CI annotations, JUnit)."""
    notes = f" (waived: {f.waiver})" if f.waiver else ""
    if f.declaration_kind is not None:
        notes += f" ({declared_text(f, show)})"
    return notes


def plain_text(value: Any) -> str:
    """A request.toml value (text, lists, tables) as one line for a report."""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {plain_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(plain_text(v) for v in value)
    return str(value)
