"""Primary suppression: the cells the check itself fails, found by running the real rules.

``sdc protect`` never re-implements a rule: it runs the engine (``run_outputs``) over the
table as read, and every cell-level finding whose status is ``fail`` under the policy (after
waivers) from the content rules becomes a primary suppression:

* SDC101 small counts (and statistics resting on too few units), margins included;
* SDC102 zero counts, only while ``zero-count`` is ``fail`` (the default and ``acro``/``ukllc``
  profiles: zeros are disclosive); under ``review`` or ``off`` zeros are published;
* SDC103 group disclosure (the dominant cell is hidden);
* SDC201/SDC202 dominance, where the evidence sidecar or evidence columns give contributions;
* SDC302/SDC303 extreme values and thin statistics (the cell is hidden; they are not additive).

Findings of other families (files, identifiers, models, rounding, the audit of suppressions
already there) cannot be fixed by hiding cells; they stay in the report of the protected file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sdc.engine import run_outputs
from sdc.outputs import Output
from sdc.policy import Policy
from sdc.results import OutputResult, Status
from sdc.table import DataCell

PRIMARY_FAMILIES = ("SDC1", "SDC2", "SDC3")


@dataclass
class PrimaryCell:
    """A cell to hide and the findings that ask for it (value-free messages)."""

    cell: DataCell
    rules: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def find_primaries(outputs: list[Output], policy: Policy, *, include_review: bool = False
                   ) -> tuple[list[dict[tuple[int, int], PrimaryCell]], list[OutputResult]]:
    """Per output (in order): file position -> primary cell; and the check of the input."""
    results = run_outputs(outputs, policy).result.outputs
    worst = Status.REVIEW if include_review else Status.FAIL
    found: list[dict[tuple[int, int], PrimaryCell]] = []
    for output, result in zip(outputs, results, strict=True):
        cells: dict[tuple[int, int], PrimaryCell] = {}
        table = output.table
        by_ref = {c.ref: c for c in table.cells} if table is not None else {}
        for finding in result.findings:
            if finding.status.rank < worst.rank or not finding.rule.startswith(PRIMARY_FAMILIES):
                continue
            cell = by_ref.get(finding.location.cell or "")
            if cell is None or cell.suppressed or cell.value is None:
                continue
            key = (cell.source.row, cell.source.col)
            entry = cells.setdefault(key, PrimaryCell(cell=cell))
            if finding.rule not in entry.rules:
                entry.rules.append(finding.rule)
                entry.reasons.append(f"{finding.rule} {finding.name}: "
                                     f"{finding.text(show_values=False)}")
        found.append(cells)
    return found, results
