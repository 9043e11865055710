"""An output's findings held as columns (``sdc.finding_columns``): every finding comes back
equal, of the same types, in order; what cannot come back exactly is kept as it is; an
``OutputResult`` given columns answers as one given the list (issue 14 §3, round 46)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdc import finding_columns
from sdc.finding_columns import PACK_MIN, FindingColumns, packed
from sdc.results import Finding, Location, OutputResult, PolicyInfo, RunResult, Status
from tests import release_modes
from tests.test_hunt35_link_spellings import checked

jobs = release_modes.jobs

STATUSES = st.sampled_from(list(Status))
TEXTS = st.text(max_size=12)  # any text: surrogates, controls, non-ASCII
PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXTS,
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner)
    | st.dictionaries(TEXTS, inner, max_size=3), max_leaves=6)


def _made(rule: str, name: str, message: str, location: Location, evidence: dict, **kw
          ) -> Finding:
    finding = Finding(rule=rule, name=name, message=message, location=location,
                      evidence=evidence)
    for key, value in kw.items():
        object.__setattr__(finding, key, value)  # as they were made (no cleaning again)
    return finding


FINDINGS = st.builds(
    _made, rule=TEXTS, name=TEXTS, message=TEXTS,
    location=st.builds(Location, path=TEXTS, sheet=st.none() | TEXTS,
                       cell=st.none() | TEXTS, row_label=st.none() | TEXTS,
                       column_label=st.none() | TEXTS,
                       table=st.none() | st.integers(0, 2**31 - 2)),
    evidence=st.dictionaries(TEXTS, PLAIN, max_size=4),
    status=STATUSES, waiver=st.none() | TEXTS, public_message=st.none() | TEXTS,
    cap=st.none() | STATUSES, declaration_kind=st.none() | TEXTS,
    declaration=st.none() | TEXTS, status_without_declaration=st.none() | STATUSES)


def _types(value: object) -> object:
    """``value``'s shape with every type named, so equal values of other types differ."""
    if isinstance(value, dict):
        return ("dict", [(_types(k), _types(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_types(v) for v in value])
    if isinstance(value, Finding | Location):
        return (type(value).__name__, [(f.name, _types(getattr(value, f.name)))
                                       for f in dataclasses.fields(value)])
    return (type(value).__name__, value)


def _same(got: list[Finding], want: list[Finding]) -> None:
    assert got == want
    assert [_types(f) for f in got] == [_types(f) for f in want]


@settings(max_examples=150, deadline=None)
@given(st.lists(FINDINGS, max_size=12))
def test_every_finding_comes_back_equal_and_of_the_same_types(findings: list[Finding]) -> None:
    columns = FindingColumns(findings)
    _same(list(columns), findings)
    assert len(columns) == len(findings)
    assert list(columns.statuses()) == [f.status for f in findings]
    assert list(columns.declared()) == [f for f in findings if f.declaration_kind is not None]
    for evidence in (True, False):
        assert columns.dicts(with_evidence=evidence) == [
            f.to_dict(with_evidence=evidence) for f in findings]
    _same(list(pickle.loads(pickle.dumps(columns))), findings)
    for k in range(-len(findings), len(findings)):
        _same([columns[k]], [findings[k]])
    _same(columns[1:5:2], findings[1:5:2])


def _finding(k: int, **kw: object) -> Finding:
    fields: dict[str, object] = {"evidence": {"count": k, "threshold": 10}, **kw}
    return Finding(rule="SDC101", name="small-count", message=f"count {k} is below 10",
                   location=Location(path="t.csv", cell=f"B{k + 2}", row_label=f"row {k}",
                                     column_label="n"), **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("odd", [
    {"evidence": {"count": np.float64(3.0)}},  # a numpy scalar (marshal: its bytes)
    {"evidence": {"count": Status.FAIL}},  # a str subclass
    {"evidence": {"cells": {1, 2}}},  # a set: not among the plain types
    {"related": [Location(path="u.csv", cell="C3")]},
    {"related": []},  # an empty list is not the shared empty tuple
])
def test_a_finding_that_cannot_come_back_exactly_is_kept_as_it_is(odd: dict) -> None:
    findings = [_finding(k) for k in range(5)]
    findings[2] = _finding(2, **odd)
    got = list(FindingColumns(findings))
    assert got[2] is findings[2]  # the object itself
    _same(got, findings)
    assert list(FindingColumns(findings).statuses()) == [Status.FAIL] * 5


def test_a_location_table_and_texts_that_are_not_str_are_kept() -> None:
    findings = [_finding(k) for k in range(3)]
    object.__setattr__(findings[0].location, "table", True)  # a bool is not an int here
    object.__setattr__(findings[1].location, "cell", 7)
    got = list(FindingColumns(findings))
    assert got[0] is findings[0] and got[1] is findings[1] and got[2] is not findings[2]
    _same(got, findings)


def test_findings_that_break_the_packing_are_held_as_they_are() -> None:
    deep: list[object] = []
    for _ in range(100_000):  # past the recursion limit
        deep = [deep]
    findings = [_finding(k) for k in range(PACK_MIN)]
    findings[5].evidence["cells"] = deep
    assert packed(findings) is findings


def test_findings_made_are_new_objects_each_read() -> None:
    findings = [_finding(k) for k in range(3)]
    columns = FindingColumns(findings)
    first, again = columns[0], columns[0]
    assert first == again and first is not again and first.evidence is not again.evidence


def test_packed_only_from_pack_min_findings() -> None:
    few = [_finding(k) for k in range(PACK_MIN - 1)]
    assert packed(few) is few
    many = [_finding(k) for k in range(PACK_MIN)]
    held = packed(many)
    assert isinstance(held, FindingColumns) and packed(held) is held
    _same(list(held), many)


def _held(value: object, seen: set[int]) -> int:
    """The bytes ``value`` holds, each object counted once."""
    if id(value) in seen or isinstance(value, type):
        return 0
    seen.add(id(value))
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        return size + sum(_held(k, seen) + _held(v, seen) for k, v in value.items())
    if isinstance(value, list | tuple):
        return size + sum(_held(v, seen) for v in value)
    if isinstance(value, Finding | Location | FindingColumns):
        return size + sum(_held(getattr(value, name), seen) for name in value.__slots__)
    return size


def test_columns_hold_a_fifth_of_the_objects() -> None:
    many = [_finding(k) for k in range(2000)]
    columns = FindingColumns(many)
    assert _held(columns, set()) < _held(many, set()) / 5


def _result(findings: object) -> OutputResult:
    return OutputResult(path="t.csv", sheet=None, kind="frequency", sha256="x",
                        findings=findings)  # type: ignore[arg-type]


def _declared(k: int) -> Finding:
    finding = _finding(k)
    finding.status, finding.status_without_declaration = Status.REVIEW, Status.FAIL
    finding.declaration_kind, finding.declaration = "structural_zero", f"B{k + 2} is structural"
    return finding


def _release(k: int) -> list[Finding]:
    findings = [_finding(j) for j in range(k)]
    findings[1].status = Status.REVIEW
    findings[3] = _declared(3)
    return findings


def test_an_output_given_columns_answers_as_one_given_the_list() -> None:
    as_list, as_columns = _result(_release(300)), _result(FindingColumns(_release(300)))
    assert "findings" not in as_columns.__dict__  # held as columns until read
    assert as_columns.status is as_list.status is Status.FAIL
    assert as_columns.finding_count() == 300
    assert list(as_columns.finding_statuses()) == list(as_list.finding_statuses())
    assert list(as_columns.declared_findings()) == list(as_list.declared_findings())
    assert as_columns.to_dict() == as_list.to_dict()
    assert as_columns.to_dict(with_evidence=False) == as_list.to_dict(with_evidence=False)
    policy = PolicyInfo(source="x", profile="default", sha256="y", params={})
    runs = [RunResult(tool_version="0", policy=policy, outputs=[o]) for o in (as_list, as_columns)]
    assert runs[1].to_dict() == runs[0].to_dict()
    assert runs[1].summary() == runs[0].summary()
    assert runs[1].declared_changes() == runs[0].declared_changes()
    assert [r.exit_code(Status.REVIEW) for r in runs] == [1, 1]
    assert "findings" not in as_columns.__dict__  # none of those made its list
    assert as_columns.findings == as_list.findings  # read: made once, the same list after
    assert as_columns.findings is as_columns.findings
    assert as_columns == as_list


def test_the_list_made_is_kept_so_what_is_added_or_changed_stays() -> None:
    result = _result(FindingColumns(_release(300)))
    result.findings[0].status = Status.REVIEW
    result.findings.append(_finding(999))
    assert result.finding_count() == 301 and result.findings[0].status is Status.REVIEW
    assert result.to_dict()["findings"][-1]["location"]["cell"] == "B1001"


def test_a_run_of_passes_only_exits_0() -> None:
    findings = [_finding(k) for k in range(300)]
    for finding in findings:
        finding.status = Status.REVIEW
    run = RunResult(tool_version="0", policy=PolicyInfo("x", "default", "y", {}),
                    outputs=[_result(FindingColumns(findings))])
    assert run.exit_code(Status.FAIL) == 0 and run.exit_code(Status.REVIEW) == 1


def test_copies_and_pickles_keep_the_columns() -> None:
    result = _result(FindingColumns(_release(300)))
    for other in (copy.copy(result), copy.deepcopy(result), pickle.loads(pickle.dumps(result))):
        assert "findings" not in other.__dict__
        assert other.to_dict() == _result(_release(300)).to_dict()
    replaced = dataclasses.replace(result, table=None)
    assert replaced.findings == _release(300)


def _long_release(root: Path) -> None:
    rows = ["region,age,sex,n"]
    for r in range(30):
        for a in range(20):
            for sex in ("F", "M"):
                hidden = (r + a) % 7 == 0 and sex == "F"
                rows.append(f"R{r},A{a},{sex},{'[c]' if hidden else (r * a) % 5}")
    for name in ("a.csv", "b.csv"):
        (root / name).write_text("\n".join(rows) + "\n")


def test_a_release_of_long_tables_is_reported_as_before(
        tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the engine as ``sdc check`` runs it (``-j 1``/``-j 2``, read whole and
    streamed): each output's ~1,000 findings held as columns, the report the list's."""
    _long_release(tmp_path)
    given: list[str] = []
    setter = OutputResult.__setattr__

    def spy(self: OutputResult, name: str, value: object) -> None:
        if name == "findings":
            given.append(type(value).__name__)
        setter(self, name, value)

    monkeypatch.setattr(OutputResult, "__setattr__", spy)
    report, _ = checked(tmp_path, jobs)
    assert given == ["FindingColumns", "FindingColumns"]
    given.clear()
    monkeypatch.setattr(finding_columns, "PACK_MIN", 10 ** 9)  # as before: lists
    assert checked(tmp_path, jobs)[0] == report
    assert given == ["list", "list"]
    assert report["summary"]["findings"] > 2 * PACK_MIN
