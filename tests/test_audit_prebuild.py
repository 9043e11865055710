"""``sdc check -j 1`` builds each table's audit systems as its per-output rules end and lets
its model go there (``sdc.audit_prebuild``; docs/decisions.md, "Round 27 (stream27)").

The findings must be those of a check holding every model, byte for byte; a plan that no
longer holds at the audit must never give a pass: with a model gone, every table is SDC602
``review`` naming ``ModelLetGo``; with none gone, the audit builds from the models as before.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import sdc.audit_prebuild as prebuild_module
import sdc.linking as linking
from sdc.audit_prebuild import AuditParams, AuditPrebuild
from sdc.engine import run
from sdc.policy import build_policy
from sdc.readers.layout import LayoutOptions
from sdc.rules import REGISTRY
from tests.conftest import write_files
from tests.test_let_models_go import _folders

# two linked tables (one population): a's hidden West/F is recovered through b's margins;
# c is another population's table that hides nothing (totals only, SDC402 on its bad total)
LINKED = {
    "a.csv": "region,F,M,Total\nWest,[c],5,12\nEast,6,4,10\nTotal,13,9,22\n",
    "b.csv": "region,Total\nWest,12\nEast,10\nTotal,22\n",
    "c.csv": "area,n\nNorth,40\nSouth,30\nTotal,71\n",
    "request.toml": '[[outputs]]\npath = "c.csv"\npopulation = { sex = "F" }\n',
}


def _report(result: Any) -> str:
    return json.dumps(result.for_reports().to_dict(with_evidence=True), sort_keys=True)


class _Watch:
    """Whether the audit took prebuilt systems, and the tables' types when it did."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.taken: list[bool] = []
        self.at_audit: list[list[str]] = []
        take = AuditPrebuild.take

        def watched_take(prebuild: AuditPrebuild, outputs: list, params: AuditParams) -> Any:
            self.at_audit.append([type(o.table).__name__ for o in outputs
                                  if o.table is not None])
            taken = take(prebuild, outputs, params)
            self.taken.append(not isinstance(taken, str))
            return taken

        monkeypatch.setattr(AuditPrebuild, "take", watched_take)


def test_models_let_go_at_their_rules_end_give_the_same_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus's release-rule folders of tests/test_let_models_go.py and a linked release:
    the same JSON let go (prebuilt where planned) as held; where prebuilt, every table was
    a stand-in before any release rule ran and ``table_systems`` was not called."""
    watch = _Watch(monkeypatch)
    calls: list[int] = []
    whole = linking.table_systems

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return whole(*args, **kwargs)

    monkeypatch.setattr(linking, "table_systems", counted)
    folders = _folders(tmp_path)
    linked = tmp_path / "linked"
    write_files(linked, LINKED)
    folders.append((linked, build_policy({})))
    prebuilt = 0
    for folder, policy in folders:
        held = run([folder], policy).result
        del watch.taken[:], watch.at_audit[:], calls[:]
        let_go = run([folder], policy, keep_models=False).result
        assert _report(let_go) == _report(held), folder.name
        if watch.taken == [True]:
            prebuilt += 1
            assert calls == [], folder.name
            assert set(watch.at_audit[0]) <= {"TableStandIn", "Table"}
            assert "TableStandIn" in watch.at_audit[0], folder.name
    assert prebuilt >= 8  # the n (%) ones are left to the audit (no prebuild planned)
    found = run([linked], build_policy({}), keep_models=False).result
    assert {(f.rule, f.location.path, f.location.cell) for f in found.findings
            if f.rule in ("SDC501", "SDC402")} == {("SDC501", "a.csv", "B2"),
                                                  ("SDC402", "c.csv", "B4")}


def test_an_n_percent_table_plans_no_prebuild(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A Table 1 of ``n (%)`` beside a crosstab: its counts are a view the release rules read,
    made from the model after the per-output stage, so nothing is prebuilt (the audit builds
    as before) and the report is the held one."""
    watch = _Watch(monkeypatch)
    folder, policy = _folders(tmp_path)[3]
    let_go = run([folder], policy, keep_models=False).result
    assert watch.taken == []
    assert _report(let_go) == _report(run([folder], policy).result)


def _changes_population_of(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    """A per-output rule (SDC101) that, as a bug might, changes the declared population of
    ``path`` while it checks it: after the plan read it."""
    rule = REGISTRY["SDC101"]
    check = rule.check

    def changing(self: Any, output: Any, ctx: Any) -> Any:
        found = list(check(self, output, ctx))
        if output.path == path:
            output.request = {**output.request, "population": {"sex": "M"}}
        return found

    monkeypatch.setattr(rule, "check", changing)


def test_a_plan_that_no_longer_holds_after_a_model_went_is_review_for_every_table(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """b.csv's population changed by its own rules after a.csv's model went with systems
    built as linked to it: the prebuilt systems are not used, none is built from a stand-in,
    and every table is SDC602 ``review`` naming ``ModelLetGo``: never a pass."""
    write_files(tmp_path, LINKED)
    _changes_population_of(monkeypatch, "b.csv")
    result = run([tmp_path], build_policy({}), keep_models=False).result
    by_path = {o.path: o for o in result.outputs}
    for path in ("a.csv", "b.csv", "c.csv"):
        crashed = [f for f in by_path[path].findings
                   if f.rule == "SDC602" and "ModelLetGo" in f.message]
        assert len(crashed) == 1, path
        assert crashed[0].status.value == "review"
        assert by_path[path].status.value != "pass"
    assert "per-output rules changed what the plan read" in crashed[0].message


def test_a_plan_that_no_longer_holds_before_any_model_went_builds_as_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first table's rules change what the plan read: nothing is let go from there and
    the audit builds every system from the models, as a check holding them does."""
    write_files(tmp_path, LINKED)
    _changes_population_of(monkeypatch, "a.csv")
    watch = _Watch(monkeypatch)
    let_go = run([tmp_path], build_policy({}), keep_models=False).result
    assert watch.taken == [False]
    assert watch.at_audit == [["Table", "Table", "Table"]]
    assert _report(let_go) == _report(run([tmp_path], build_policy({})).result)
    assert not any("ModelLetGo" in f.message for f in let_go.findings)


def _linked_read(tmp_path: Path) -> tuple[Any, AuditParams, LayoutOptions]:
    """``LINKED`` read under the default policy: its outputs, the audit's parameters and the
    layout options a plan is made with."""
    from sdc.engine import read_release

    write_files(tmp_path, LINKED)
    policy = build_policy({})
    outputs = read_release([tmp_path], policy)[0]
    read = policy.read_options()
    return (outputs, AuditParams(None, "any", tuple(policy.total_labels)),
            LayoutOptions(markers=read.markers, total_labels=read.total_labels))


def test_prebuilt_systems_are_taken_once_and_only_for_the_outputs_planned(
        tmp_path: Path) -> None:
    """An audit made again, or of other outputs or another rounding, does not take them."""
    outputs, params, layout = _linked_read(tmp_path)
    plan = AuditPrebuild.plan(outputs, ["SDC402", "SDC503"], params, layout)
    assert plan is not None
    assert AuditPrebuild.plan(outputs, ["SDC503", "SDC402"], params, layout) is None
    for output in outputs:
        plan.add(output)
    assert plan.take(list(outputs), params) == \
        "the audit's outputs or policy are not the ones planned"
    assert plan.take(outputs, params) == "its systems were taken by an audit made before"
    again = AuditPrebuild.plan(outputs, ["SDC402"], params, layout)
    assert again is not None
    assert again.take(outputs, AuditParams(5, "any", params.total_labels)) == \
        "the audit's outputs or policy are not the ones planned"


def test_a_prebuild_that_broke_is_review_for_every_table(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in the prebuild on the second table (its build raising outside the build's own
    error handling), after the first model went: every table SDC602, none passes."""
    write_files(tmp_path, LINKED)
    real = prebuild_module._facts
    seen: list[str] = []

    def breaks(output: Any) -> Any:
        seen.append(output.path)
        if seen.count("b.csv") == 2:  # planned once; recorded again after its rules
            raise RuntimeError("a bug")
        return real(output)

    monkeypatch.setattr(prebuild_module, "_facts", breaks)
    result = run([tmp_path], build_policy({}), keep_models=False).result
    for output in result.outputs:
        crashed = [f for f in output.findings if f.rule == "SDC602"
                   and "ModelLetGo" in f.message and "a bug" in f.message]
        assert len(crashed) == 1, output.path
        assert output.status.value != "pass"



def _pooled_release(tmp_path: Path) -> Path:
    from tests.test_parallel import _release_for_release_rules

    root = tmp_path / "pooled"
    root.mkdir()
    return _release_for_release_rules(root, 30)  # 40 outputs: the pool is used


def test_under_j2_the_workers_build_beside_the_form_and_find_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``-j 2``, models let go: the needed tables' systems come packed from where their rules
    ran, the parent unpacks them in order; the report is the one of ``-j 1`` holding every
    model, byte for byte (SDC402, SDC501, SDC502 and SDC503 in it)."""
    from sdc import pool

    if pool.start_context().get_start_method() != "fork":
        pytest.skip("workers build only when forked")
    root = _pooled_release(tmp_path)
    policy = build_policy({})
    held = run([root], policy).result
    watch = _Watch(monkeypatch)
    ways: list[str] = []
    add = AuditPrebuild.add

    def watched_add(prebuild: AuditPrebuild, output: Any, sent: Any = None) -> None:
        # packed where a worker ran its rules; or, checked by this process
        # (``parallel.BUILD_HERE``), built here in place as it was taken, in order
        ways.append("none" if sent is not None and sent[1] is None
                    else "packed" if sent is not None else "here")
        add(prebuild, output, sent)

    monkeypatch.setattr(AuditPrebuild, "add", watched_add)
    let_go = run([root], policy, jobs=2, keep_models=False).result
    assert watch.taken == [True]
    # every table that hides a cell, built where its rules ran
    assert ways.count("packed") + ways.count("here") >= 31
    assert ways[0] == "here"  # the first, checked here before any fork
    assert _report(let_go) == _report(held)
    assert {"SDC402", "SDC501", "SDC502", "SDC503"} <= {f.rule for f in let_go.findings}


def test_under_j2_a_broken_pool_is_redone_here_with_the_same_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every worker dies: the outputs it did not return are checked (and their systems
    built) in this process, after those already taken let their models go; the same
    report as ``-j 1`` holding the models."""
    import sdc.parallel as parallel
    from sdc import pool
    from tests.test_parallel import _killed

    if pool.start_context().get_start_method() != "fork":
        pytest.skip("the broken worker is injected by forking a patched parent")
    root = _pooled_release(tmp_path)
    policy = build_policy({})
    held = run([root], policy).result
    watch = _Watch(monkeypatch)
    monkeypatch.setattr(parallel, "_check_one", _killed("check"))
    let_go = run([root], policy, jobs=2, keep_models=False).result
    assert watch.taken == [True]
    assert _report(let_go) == _report(held)


def test_the_prebuild_lets_its_systems_go_once_the_audit_takes_them(tmp_path: Path) -> None:
    """Taken, the systems are the audit's alone (it lets them go after its last reader):
    the prebuild keeps none, so they do not stay to the check's end (issue 14 §3)."""
    outputs, params, layout = _linked_read(tmp_path)
    plan = AuditPrebuild.plan(outputs, ["SDC402"], params, layout)
    assert plan is not None
    for output in outputs:
        plan.add(output)
    assert len(plan.build.systems) == 3
    taken = plan.take(outputs, params)
    assert not isinstance(taken, str)
    assert sorted(ts.output.path for ts in taken) == ["a.csv", "b.csv", "c.csv"]
    assert plan.build.systems == []


def test_the_release_rules_after_the_audit_run_with_no_prebuilt_system_held(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``sdc check -j 1``: when SDC503 runs (after the audit's readers), the prebuild that
    fed the audit holds no system; the findings are those of a check holding every model."""
    write_files(tmp_path, LINKED)
    rule = REGISTRY["SDC503"]
    check_release = rule.check_release
    held: list[int] = []

    def watched(self: Any, outputs: Any, ctx: Any) -> Any:
        if ctx.audit_prebuild is not None:  # none in a check holding its models
            held.append(len(ctx.audit_prebuild.build.systems))
        return check_release(self, outputs, ctx)

    monkeypatch.setattr(rule, "check_release", watched)
    let_go = run([tmp_path], build_policy({}), keep_models=False).result
    assert held == [0]
    assert _report(let_go) == _report(run([tmp_path], build_policy({})).result)
