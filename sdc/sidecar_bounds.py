"""A sidecar adds checks; it never settles one alone (issue 12, channel 6).

An evidence sidecar (``t.csv.sdc.json``) is written inside the TRE by the researcher's own
process: the SHA-256 it records binds it to the file and :func:`~sdc.evidence.sidecar.value_problem`
binds its evidence to the published numbers, but evidence that is made up *and* consistent
(a mean of 86 "over 100 records", "safe" top contributions, a weighted count of 3 "over 50
units") cannot be told from the API's. So every output whose sidecar was used is also checked
on its published numbers alone (the output as read, the sidecar undone: ``SidecarUse.revert``)
and each finding those numbers raise that the sidecar removed or lowered is kept:

- a finding the sidecar run lacks comes back, at most ``review`` (as a request.toml
  declaration: only the policy goes below ``review``), marked ``evidence_sidecar``;
- a finding the sidecar run lowered (``fail`` -> ``review``) is marked the same way.

The policy (``sidecar_evidence = "trust"``, for TREs whose sidecars are written by a pipeline
the researcher does not control) may let a sidecar settle a ``review`` finding: it is then
kept as ``pass``, still listed. A ``fail`` is never settled by a sidecar.

Under ``trust``, one reading of a ``fail`` is settled as well: SDC103 (group disclosure) on a
column the reader took for counts only by a guess (whole numbers under headers and a title
that name no count) which the trusted sidecar declares sums or means
(``SidecarUse.guessed_counts``): a share of a line's sum is no group's share of its people.
A column the file itself names counts keeps it (``review`` at least).

One claim survives on the published numbers alone: a column of counts pandas wrote as floats
that the sidecar calls counts (``SidecarUse.floated_counts``): forged, it buys nothing the same
numbers written as integers do not have.

Every report lists these as changed by a declaration, so the reviewer sees which verdicts
rest on the sidecar alone and confirms it. The sidecar's own findings (dominance, thin
statistics, model dof) are kept as they are: it only adds.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from sdc.outputs import Output
from sdc.results import Finding, Status

__all__ = ["bound_by_published", "published_only"]

DECLARATION_KIND = "evidence_sidecar"


def published_only(output: Output) -> Output:
    """A copy of ``output`` as its published numbers alone give it (no sidecar evidence)."""
    assert output.sidecar is not None
    base = copy.deepcopy(output)
    assert base.sidecar is not None
    base.sidecar.revert(base)
    return base


def _key(finding: Finding) -> tuple[object, ...]:
    loc = finding.location
    # table-level findings (no cell) are told apart by what they say
    return (finding.rule, loc.sheet, loc.table, loc.cell,
            "" if loc.cell else (finding.public_message or finding.message))


def bound_by_published(output: Output, findings: list[Finding],
                       check_published: Callable[[Output], list[Finding]], *,
                       trust: bool = False) -> list[Finding]:
    """``findings`` (with the sidecar, statuses set) plus every finding of the published
    numbers alone that the sidecar removed or lowered, as described in the module doc.
    ``trust`` (the policy's ``sidecar_evidence = "trust"``): a restored ``review`` finding is
    ``pass`` (still listed); a ``fail`` is still ``review``."""
    if output.sidecar is None:
        return findings
    name = output.sidecar.name
    guessed = _guessed_count_places(output) if trust else set()
    baseline = check_published(published_only(output))
    with_sidecar: dict[tuple[object, ...], list[Finding]] = {}
    for finding in findings:
        with_sidecar.setdefault(_key(finding), []).append(finding)
        if not finding.location.cell:  # a table-level finding, whatever it says
            with_sidecar.setdefault(_key(finding)[:4], []).append(finding)
    restored: list[Finding] = []
    for before in baseline:
        same = with_sidecar.get(_key(before), [])
        if not same and not before.location.cell:  # SDC301 "dof unknown" vs "dof 9 < 10"
            same = with_sidecar.get(_key(before)[:4], [])
        worst = Status.worst(f.status for f in same) if same else None
        if worst is not None and worst.rank >= before.status.rank:
            continue  # the sidecar changed nothing here
        claim = (f"{name}: the published numbers alone give {before.status}; the sidecar's "
                 "evidence is the researcher's claim, which sdc cannot verify from the file "
                 "(confirm it was written by sdc's API from the real data)")
        if same:  # lowered (e.g. a relabelled count column, fail -> review): say why
            for finding in same:
                if finding.declaration_kind is None:
                    _mark(finding, before.status, claim)
                if _guessed_share(finding, guessed):
                    finding.status = Status.PASS  # the trusted sidecar says sums: settled
            continue
        _mark(before, before.status, claim)
        if _guessed_share(before, guessed):
            before.status = Status.PASS
        elif before.status is Status.FAIL:  # like any declaration: never below review alone
            before.status = Status.REVIEW
        elif trust:  # the checkers' policy trusts the sidecars: settled, and listed
            before.status = Status.PASS
        restored.append(before)
    for finding in findings:  # the sidecar run's own count reading of a trusted sum
        if _guessed_share(finding, guessed):
            if finding.declaration_kind is None:
                _mark(finding, finding.status, f"{name}: the trusted sidecar declares these "
                      "values sums or means, which the file alone could also be read as counts")
            finding.status = Status.PASS
    return findings + restored


def _guessed_count_places(output: Output) -> set[str]:
    """The cells (references) of the columns a sidecar declared sums or means where only the
    reader's guess made them counts (``SidecarUse.guessed_counts``)."""
    assert output.sidecar is not None
    if output.table is None or not output.sidecar.guessed_counts:
        return set()
    ids = {id(m) for m in output.sidecar.guessed_counts}
    return {c.ref for c in output.table.cells if id(c.measure) in ids}


def _guessed_share(finding: Finding, guessed: set[str]) -> bool:
    """SDC103 reading a guessed count column's whole numbers as counts (``guessed``: empty
    unless the policy trusts sidecars), which a trusted sidecar's sums settle."""
    return (finding.rule == "SDC103" and finding.location.cell in guessed
            and finding.status is not Status.PASS
            and (finding.declaration_kind == DECLARATION_KIND or
                 bool(finding.evidence.get("read_as_count"))))


def _mark(finding: Finding, without: Status, claim: str) -> None:
    finding.declaration_kind = DECLARATION_KIND
    finding.declaration = claim
    finding.status_without_declaration = without
