"""Risks the tool that wrote an output recorded (ACRO's flagged cells), as findings of the rule
for that risk.

ACRO computed its checks on the microdata, which ``sdc check`` never sees: a cell it flagged
for too few records or for dominance is disclosive whatever the published file shows. Each rule
passes its own findings through :func:`with_recorded`, which adds one finding per recorded cell
the rule did not already report. Whether the record *proves* the rule's violation depends on
the parameters: ACRO's threshold 10 proves a cell below sdc's threshold 10 (or 15), not below
sdc's 5; those are ``review`` (unassessable) instead of ``fail``. A record never removes a
finding, so a forged or stale one can only add work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from sdc.results import Finding

if TYPE_CHECKING:
    from sdc.outputs import Output, RecordedRisk
    from sdc.rules.base import Rule
    from sdc.table import DataCell


def with_recorded(
    rule: Rule[Any],
    output: Output,
    findings: Iterable[Finding],
    kind: str,
    *,
    proves: Callable[[dict[str, float]], bool],
    says: Callable[[RecordedRisk], str],
    accept: Callable[[DataCell | None], bool] | None = None,
) -> Iterator[Finding]:
    """``findings``, then one finding per risk of ``kind`` recorded for ``output`` at a place
    they did not already name. ``proves(params)``: the tool's flag implies the rule's violation
    under its policy (else the finding is capped at review). ``says(risk)``: the message, with
    no value in it. ``accept(cell)``: whether this rule (not another) reports that cell (None:
    a risk of the output as a whole)."""
    places: set[str | None] = set()
    for finding in findings:
        if finding.location.cell is not None:  # a table-wide finding may be about another risk
            places.add(finding.location.cell)
        yield finding
    for risk in output.recorded:
        if risk.kind != kind or (accept and not accept(risk.cell)):
            continue
        cell = risk.cell
        if cell is not None and (cell.suppressed or cell.value is None) and \
                not risk.shown_blank:
            continue  # withheld or blank: nothing published to protect
        ref = cell.ref if cell is not None else None
        if ref in places:
            continue
        places.add(ref)
        message = says(risk)
        yield rule.finding(output, message, public=message, cell=cell,
                           evidence={"recorded_by": risk.tool, **risk.params},
                           unassessable=not proves(risk.params))


def records(risk: RecordedRisk) -> str:
    """"in 3 places of the output" for a table-wide risk, nothing for a cell."""
    if risk.cell is not None:
        return ""
    return f"in {risk.places} place{'s' if risk.places != 1 else ''} of the output"
