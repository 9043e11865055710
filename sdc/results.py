"""The result model: statuses, locations, findings, per-output and per-run results.

Rules produce findings; the engine sets their status from the policy; reporters only read these
objects. ``RunResult.to_dict()`` is the contract of DESIGN.md ("Result JSON").
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sdc.fields_pickle import by_fields
from sdc.textsafe import printable, printable_data, printable_opt

SCHEMA = "sdc.result/1"


class Status(StrEnum):
    """A verdict. Ordered: pass < review < fail."""

    PASS = "pass"
    REVIEW = "review"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def worst(cls, statuses: Any) -> Status:
        """The worst of an iterable of statuses (``pass`` when empty)."""
        worst = cls.PASS
        for status in statuses:
            if _RANK[status] > _RANK[worst]:
                worst = status
        return worst

    def __str__(self) -> str:
        return self.value


_RANK = {Status.PASS: 0, Status.REVIEW: 1, Status.FAIL: 2}


# a slot set as it is, past a frozen class's or ``Finding``'s own ``__setattr__``
_put = object.__setattr__


@by_fields  # pickled as its fields: thousands travel back from -j's processes
@dataclass(frozen=True, slots=True, init=False)
class Location:
    """Where a finding sits, in the coordinates a person sees when opening the file (slots:
    one a finding, and more in ``related``)."""

    path: str
    sheet: str | None = None
    cell: str | None = None
    row_label: str | None = None
    column_label: str | None = None
    table: int | None = None  # which table within the file (1-based), for files with several

    def __init__(self, path: str, sheet: str | None = None, cell: str | None = None,
                 row_label: str | None = None, column_label: str | None = None,
                 table: int | None = None) -> None:
        # researcher strings: never raw control characters. Each slot set once here, not
        # set by the generated ``__init__`` and then again cleaned in a ``__post_init__``
        # (a check makes tens of thousands; SDC501/SDC502 make theirs with the other core
        # idle at -j 2: issue 14 §4)
        _put(self, "path", printable_opt(path))
        _put(self, "sheet", printable_opt(sheet))
        _put(self, "cell", cell)
        _put(self, "row_label", printable_opt(row_label))
        _put(self, "column_label", printable_opt(column_label))
        _put(self, "table", table)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "sheet": self.sheet,
            "cell": self.cell,
            "row_label": self.row_label,
            "column_label": self.column_label,
        }
        if self.table is not None:  # only then, so results of one-table files are unchanged
            data["table"] = self.table
        return data

    def display(self) -> str:
        """A short human reference such as ``tables/a.xlsx[Sheet1]!C4``."""
        text = self.path
        if self.sheet is not None:
            text += f"[{self.sheet}]"
        if self.table is not None:
            text += f"#table{self.table}"
        if self.cell:
            text += f"!{self.cell}"
        return text


# ``Finding``'s evidence when none is given: a new dict each (the field's ``default_factory``)
_NO_EVIDENCE: Any = object()


@by_fields
@dataclass(slots=True, init=False)
class Finding:
    """One rule violation. ``status`` is set by the engine from the policy, never by the rule.

    Slots: a release of long tables has thousands a table, held to the end for the reports
    (no ``__dict__`` each; issue 14 §3). No attribute is set but these fields."""

    rule: str
    name: str
    message: str
    location: Location
    evidence: dict[str, Any] = field(default_factory=dict)
    # ``()`` when none (most findings): one shared empty tuple, not an empty list a finding
    # (56 B each, ~7 % of what a long table's ~1,400 findings hold until the reports; issue
    # 14 §3); read as a sequence only (iterated, tested, sliced, unpacked)
    related: Sequence[Location] = ()
    status: Status = Status.FAIL
    waiver: str | None = None
    public_message: str | None = None  # the message without disclosive values, for CI logs
    cap: Status | None = None  # set by a rule that could not assess: never above this status
    # A researcher's declaration that changed this finding (request.toml structural_zeros, a
    # request waiver): its kind, the claim, and the status the policy alone gave. The engine
    # never lets a declaration lower a finding below ``review``, and every report lists it.
    declaration_kind: str | None = None
    declaration: str | None = None
    status_without_declaration: Status | None = None

    def __init__(self, rule: str, name: str, message: str, location: Location,
                 evidence: dict[str, Any] = _NO_EVIDENCE, related: Sequence[Location] = (),
                 status: Status = Status.FAIL, waiver: str | None = None,
                 public_message: str | None = None, cap: Status | None = None,
                 declaration_kind: str | None = None, declaration: str | None = None,
                 status_without_declaration: Status | None = None) -> None:
        # each slot set once, a text cleaned as ``__setattr__`` cleans it (any field given a
        # ``str``), without a call of ``__setattr__`` per field: the generated ``__init__``'s
        # thirteen were ~40 % of a finding's making, and SDC501/SDC502 make theirs with the
        # other core idle at -j 2 (issue 14 §4)
        if evidence is _NO_EVIDENCE:
            evidence = {}
        _put(self, "rule", printable(rule) if type(rule) is str else rule)
        _put(self, "name", printable(name) if type(name) is str else name)
        _put(self, "message", printable(message) if type(message) is str else message)
        _put(self, "location", printable(location) if type(location) is str else location)
        _put(self, "evidence", printable(evidence) if type(evidence) is str else evidence)
        _put(self, "related", printable(related) if type(related) is str else related)
        _put(self, "status", printable(status) if type(status) is str else status)
        _put(self, "waiver", printable(waiver) if type(waiver) is str else waiver)
        _put(self, "public_message",
             printable(public_message) if type(public_message) is str else public_message)
        _put(self, "cap", printable(cap) if type(cap) is str else cap)
        _put(self, "declaration_kind",
             printable(declaration_kind) if type(declaration_kind) is str else declaration_kind)
        _put(self, "declaration",
             printable(declaration) if type(declaration) is str else declaration)
        later = status_without_declaration
        _put(self, "status_without_declaration", printable(later) if type(later) is str else later)

    def __setattr__(self, name: str, value: Any) -> None:
        # messages quote labels; waiver reasons may come from request.toml. object's, not
        # super(): a slotted dataclass is a new class, which zero-argument super() misses
        _put(self, name, printable(value) if type(value) is str else value)

    def text(self, *, show_values: bool) -> str:
        """The message, or its value-free form for output that leaves the TRE."""
        return self.message if show_values else (self.public_message or self.message)

    def to_dict(self, *, with_evidence: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "status": self.status.value,
            "message": self.text(show_values=with_evidence),
            "location": self.location.to_dict(),
            "related": [loc.to_dict() for loc in self.related],
        }
        if with_evidence:
            data["evidence"] = self.evidence
        if self.waiver is not None:
            data["waiver"] = self.waiver
        if self.declaration_kind is not None:
            data["declaration"] = self.declaration_dict(with_claim=with_evidence)
        return data

    def declaration_dict(self, *, with_claim: bool = True) -> dict[str, Any]:
        """What a declaration changed; the claim's text (labels) only where values may go."""
        before = self.status_without_declaration or self.status
        data: dict[str, Any] = {"kind": self.declaration_kind, "from": before.value,
                                "to": self.status.value}
        if with_claim:
            data["claim"] = self.declaration
        return data


# where an ``OutputResult`` holds its findings as columns (``sdc.finding_columns``) until
# ``findings`` is read (issue 14 §3: a long table's ~1,400, held to the report)
_COLUMNS = "_finding_columns"


def _columns(value: Any) -> bool:
    """Whether ``value`` is findings held as columns (imported only when one is made)."""
    module = sys.modules.get("sdc.finding_columns")
    return module is not None and isinstance(value, module.FindingColumns)


@dataclass
class OutputResult:
    """The check of one output: a file, or one sheet of a workbook. ``findings`` may be
    given as ``sdc.finding_columns.FindingColumns``: held so, and made into the list when
    first read (``finding_statuses``, ``finding_count``, ``to_dict``... read the columns)."""

    path: str
    sheet: str | None
    kind: str
    sha256: str
    findings: list[Finding] = field(default_factory=list)
    table: Any = None  # the parsed Table, for reporters that render cells; not serialised
    description: str | None = None
    justification: str | None = None
    table_number: int | None = None  # which table of the file, for formats with several

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "findings":
            if type(value) is not list and _columns(value):
                # held as columns (``sdc.finding_columns``) until ``findings`` is read
                self.__dict__.pop("findings", None)
                self.__dict__[_COLUMNS] = value
                return
            self.__dict__.pop(_COLUMNS, None)
        super().__setattr__(name, printable(value) if type(value) is str else value)

    def __getattr__(self, name: str) -> Any:
        # only when ``findings`` is held as columns: made into the list the field promises,
        # once (its findings then the same objects at every read, and a list to add to)
        columns = self.__dict__.get(_COLUMNS) if name == "findings" else None
        if columns is None:
            raise AttributeError(name)
        made = list(columns)
        del self.__dict__[_COLUMNS]
        self.__dict__["findings"] = made
        return made

    def finding_statuses(self) -> Iterable[Status]:
        """Each finding's status, in order (no finding made when held as columns)."""
        columns = self.__dict__.get(_COLUMNS)
        if columns is not None:
            return columns.statuses()
        return (f.status for f in self.findings)

    def declared_findings(self) -> Iterable[Finding]:
        """The findings a declaration changed, in order."""
        columns = self.__dict__.get(_COLUMNS)
        if columns is not None:
            return columns.declared()
        return (f for f in self.findings if f.declaration_kind is not None)

    def _finding_dicts(self, with_evidence: bool) -> list[dict[str, Any]]:
        columns = self.__dict__.get(_COLUMNS)
        if columns is not None:  # made from the columns, no finding made
            return columns.dicts(with_evidence=with_evidence)
        return [f.to_dict(with_evidence=with_evidence) for f in self.findings]

    def finding_count(self) -> int:
        columns = self.__dict__.get(_COLUMNS)
        return len(columns) if columns is not None else len(self.findings)

    @property
    def status(self) -> Status:
        return Status.worst(self.finding_statuses())

    @property
    def location(self) -> Location:
        return Location(path=self.path, sheet=self.sheet, table=self.table_number)

    def to_dict(self, *, with_evidence: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "sheet": self.sheet,
            "kind": self.kind,
            "sha256": self.sha256,
            "status": self.status.value,
            "findings": self._finding_dicts(with_evidence),
        }
        if self.table_number is not None:  # only then, so one-table files read as before
            data["table"] = self.table_number
        for key in ("description", "justification"):  # request.toml's words, when given
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


@dataclass
class PolicyInfo:
    """Which policy a run applied: reported with every result."""

    source: str
    profile: str
    sha256: str
    params: dict[str, Any]
    reason: str = ""  # how the policy was found (--rules, $SDC_POLICY, discovery, built-in)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "source": self.source,
            "profile": self.profile,
            "sha256": self.sha256,
            "params": self.params,
        }
        if self.reason:
            data["reason"] = self.reason
        return data


@dataclass(frozen=True)
class RuleInfo:
    """What reporters show of a rule: its names, documentation and the status the applied
    policy gives it (``fail``, ``review`` or ``off``). Travels on the result so reporters
    never import the rules."""

    code: str
    name: str
    summary: str
    doc: str
    status: str


@dataclass
class RunResult:
    """The check of a whole release request. ``rules`` describes every registered rule, in
    catalogue order (not serialised: the policy's parameters already are)."""

    tool_version: str
    policy: PolicyInfo
    outputs: list[OutputResult] = field(default_factory=list)
    unused_waivers: list[dict[str, Any]] = field(default_factory=list)
    request: dict[str, Any] = field(default_factory=dict)
    root: str | None = None
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    # paths a folder check skipped ({"path", "by"}): listed in every report, never silent
    excluded: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.request = printable_data(self.request)
        self.unused_waivers = printable_data(self.unused_waivers)
        self.excluded = printable_data(self.excluded)

    @property
    def status(self) -> Status:
        return Status.worst(o.status for o in self.outputs)

    @property
    def findings(self) -> list[Finding]:
        return [f for o in self.outputs for f in o.findings]

    def summary(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Status}
        for output in self.outputs:
            counts[output.status.value] += 1
        return {"outputs": len(self.outputs), **counts,
                "findings": sum(o.finding_count() for o in self.outputs)}

    def for_reports(self) -> RunResult:
        """This result with each output's table model replaced, in place and one output at a
        time, by what the reporters read of it (``sdc.reports.table_view.ReportTable``): the
        model (~9 MiB a 1 MiB long table) is then let go before the reports are made (issue
        14 §3). For callers that only report (``sdc check``); the verdicts are already made,
        so nothing about them changes. A table whose view cannot be made keeps its model."""
        from sdc.reports.table_view import ReportTable

        for output in self.outputs:
            table = output.table
            if table is None or isinstance(table, ReportTable):
                continue
            try:
                view = ReportTable.of(table)
            except Exception:  # a bug making it: the reports read the model, as before
                continue
            del table
            output.table = view
        return self

    def exit_code(self, fail_on: Status = Status.FAIL) -> int:
        """0 when no finding reaches ``fail_on``, else 1."""
        return 1 if any(status.rank >= fail_on.rank for o in self.outputs
                        for status in o.finding_statuses()) else 0

    def to_dict(self, *, with_evidence: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema": SCHEMA,
            "tool": {"name": "sdc", "version": self.tool_version},
            "policy": self.policy.to_dict(),
            "status": self.status.value,
            "summary": self.summary(),
            "outputs": [o.to_dict(with_evidence=with_evidence) for o in self.outputs],
        }
        if self.request:
            data["request"] = self.request
        if self.unused_waivers:
            data["unused_waivers"] = self.unused_waivers
        if self.excluded:
            data["excluded"] = self.excluded
        changed = self.declared_changes(with_claim=with_evidence)
        if changed:
            data["declarations"] = changed
        return data

    def declared_changes(self, *, with_claim: bool = True) -> list[dict[str, Any]]:
        """Every finding a request.toml declaration changed ("changed by a declaration in
        request.toml"), for every report to list."""
        return [{"path": f.location.path, "sheet": f.location.sheet, "cell": f.location.cell,
                 "rule": f.rule, **f.declaration_dict(with_claim=with_claim)}
                for o in self.outputs for f in o.declared_findings()]
