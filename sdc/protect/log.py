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
    lines: list[str] = []
    source = str(result.source) if result.source is not None else result.outputs[0].path
    target = str(result.written) if result.written is not None else "(not written)"
    lines.append(f"sdc protect {__version__}: {source} -> {target}")
    lines.append(f"method: {result.method}; cost: {result.cost}; marker: {result.marker!r}")
    pol = result.policy
    lines.append(f"policy: {pol.source} (profile {pol.profile}, sha256 {pol.sha256[:12]})")
    lines.append("")
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
    groups = [("primary", "Primary suppressions"), ("secondary", "Secondary suppressions"),
              ("hidden", "Suppressed in the input (kept)"), ("redacted", "Redacted"),
              ("recomputed", "Totals recomputed")]
    for action, title in groups:
        chosen = [d for d in result.decisions if d.action == action]
        if not chosen:
            continue
        lines.append("")
        lines.append(f"{title} ({len(chosen)}):")
        for d in chosen:
            why = "; ".join(d.reasons)
            lines.append(f"  {d.where()}: {why}{_interval(d)}")
    rounded = [d for d in result.decisions if d.action == "rounded"]
    if rounded:
        lines.append("")
        lines.append(f"Rounded ({len(rounded)} cells changed): {rounded[0].reasons[0]}")
    if result.method in INTERVALS:
        lines.append("")
        lines.append(f"What the published values leave an attacker: {INTERVALS[result.method]}.")
    elif any(d.interval for d in result.decisions):
        lines.append("")
        lines.append("Intervals are the feasible range of each hidden cell given everything "
                     "published (the audit sdc check runs).")
    if result.notes:
        lines.append("")
        lines.append("Notes:")
        lines.extend(f"  - {n}" for n in result.notes)
    lines.append("")
    ver = result.verification
    if ver is None:
        lines.append("Not checked yet (write the table to check it).")
    else:
        lines.append(f"sdc check of the protected table: {ver.status.value}")
        for out in ver.outputs:
            for f in out.findings:
                sheet = f"[{f.location.sheet}]" if f.location.sheet else ""
                lines.append(f"  {f.status.value}: {f.rule} {f.name} at {sheet}"
                             f"{f.location.cell or '-'}: {f.text(show_values=False)}")
    lines.append("")
    lines.append("This log describes a table inside the TRE; it is not part of the release.")
    return "\n".join(lines) + "\n"
