"""The log written beside a protected table: every change, why, and the check of the result.

Messages are the rules' value-free ones; the intervals are what anyone can derive from the
protected table itself. The log is meant for the researcher and the output checker inside the
TRE, not for release.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdc.formatting import fmt_number
from sdc.version import __version__

if TYPE_CHECKING:
    from sdc.protect.protection import Decision, ProtectResult

INTERVALS = {
    "round": "a published count r lies in [r - floor(b/2), r + ceil(b/2) - 1] (clipped at 0); "
             "totals were rounded on their own, so they need not equal the sum of their cells",
    "opensafely": "a redacted count lies in [1, t-1] (a redacted zero in [0, t-1]); a published "
                  "r >= 10 lies in [max(r-2, t), r+2]; a total is the sum of the rounded "
                  "published cells of its line (redacted cells left out)",
    "midpoint6": "0 is 0; a published r > 0 stands for [r-2, r+3] (1-6 -> 3, 7-12 -> 9, ...)",
}


def _interval(d: Decision) -> str:
    if d.interval is None:
        return ""
    lo, hi = d.interval
    return f"  [interval {fmt_number(lo)} to {fmt_number(hi) if hi < 1e300 else 'inf'}]"


def log_text(result: ProtectResult) -> str:
    """The protection log: what was run, each measure's solve, every decision by kind, what
    the published values leave an attacker, and the check of the protected table."""
    lines = [*_heading(result), "", *_measure_lines(result), *_decision_lines(result),
             *_explanation_lines(result)]
    if result.notes:
        lines += ["", "Notes:", *(f"  - {n}" for n in result.notes)]
    lines += ["", *_verification_lines(result), "",
              "This log describes a table inside the TRE; it is not part of the release."]
    return "\n".join(lines) + "\n"


def _heading(result: ProtectResult) -> list[str]:
    source = str(result.source) if result.source is not None else result.outputs[0].path
    target = str(result.written) if result.written is not None else "(not written)"
    pol = result.policy
    limit = ("" if result.method != "suppress" else "; time limit: " + (
        "none" if result.time_limit is None else f"{result.time_limit:g} s"))
    return [f"sdc protect {__version__}: {source} -> {target}",
            f"method: {result.method}; cost: {result.cost}; marker: {result.marker!r}{limit}",
            f"policy: {pol.source} (profile {pol.profile}, sha256 {pol.sha256[:12]})"]


def _measure_lines(result: ProtectResult) -> list[str]:
    """One line per measure protected: its suppressions and how good the pattern is."""
    lines: list[str] = []
    for m in result.measures:
        where = f"[{m.sheet}] " if m.sheet else ""
        opt = "optimal" if m.optimal else (
            f"lower bound {fmt_number(m.lower_bound)}" if m.lower_bound is not None
            else "not proven optimal")
        lines.append(f"{where}measure {m.measure!r}: {m.cells} cells, {m.primaries} primary and "
                     f"{m.secondaries} secondary suppression(s); {m.method}, {opt}, cost "
                     f"{fmt_number(m.cost)}, {m.seconds:.2f} s")
        if m.unresolved:
            lines.append(f"  NOT PROTECTED: {', '.join(m.unresolved)}")
    planned = {ref for m in result.measures for ref in m.unresolved}
    if checked := [ref for ref in result.checked_unresolved if ref not in planned]:
        lines.append(f"NOT PROTECTED (by the check of the written file): {', '.join(checked)}")
    return lines


_DECISION_GROUPS = [("primary", "Primary suppressions"), ("secondary", "Secondary suppressions"),
                    ("hidden", "Suppressed in the input (kept)"), ("redacted", "Redacted"),
                    ("recomputed", "Totals recomputed")]


def _decision_lines(result: ProtectResult) -> list[str]:
    """The decisions by kind, each cell with its reasons (and interval); rounding in one line."""
    lines: list[str] = []
    for action, title in _DECISION_GROUPS:
        chosen = [d for d in result.decisions if d.action == action]
        if chosen:
            lines += ["", f"{title} ({len(chosen)}):"]
            lines += [f"  {d.where()}: {'; '.join(d.reasons)}{_interval(d)}" for d in chosen]
    rounded = [d for d in result.decisions if d.action == "rounded"]
    if rounded:
        lines += ["", f"Rounded ({len(rounded)} cells changed): {rounded[0].reasons[0]}"]
    return lines


def _explanation_lines(result: ProtectResult) -> list[str]:
    if result.method in INTERVALS:
        return ["", f"What the published values leave an attacker: {INTERVALS[result.method]}."]
    if any(d.interval for d in result.decisions):
        return ["", "Intervals are the feasible range of each hidden cell given everything "
                    "published (the audit sdc check runs)."]
    return []


def _verification_lines(result: ProtectResult) -> list[str]:
    """The check of the protected table: its status and findings, without values."""
    ver = result.verification
    if ver is None:
        return ["Not checked yet (write the table to check it)."]
    lines = [f"sdc check of the protected table: {ver.status.value}"]
    for out in ver.outputs:
        for f in out.findings:
            sheet = f"[{f.location.sheet}]" if f.location.sheet else ""
            lines.append(f"  {f.status.value}: {f.rule} {f.name} at {sheet}"
                         f"{f.location.cell or '-'}: {f.text(show_values=False)}")
    return lines
