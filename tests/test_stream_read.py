"""``sdc check`` checks each table that wants nothing of the others where its file is read,
at ``-j 1`` and ``-j N`` alike, and keeps only its stand-in and light results
(``sdc.stream_read``; docs/decisions.md, "Round 30 (stream30)").

The report must be the one of a check that reads every model first, byte for byte: a table
that wants the other outputs (a percentage's base, a change column, an ``n (%)`` view, a
declared population), a flag the search for pieces across files adds to a table checked
already, or per-output rules that change what the audit read make the check start again as
before; never a check on a model that has gone, never a pass the whole read would not give.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import sdc.engine as engine
import sdc.pool as pool
import sdc.stream_read as stream_read
from sdc.engine import run
from sdc.outputs import HiddenItem
from sdc.policy import build_policy
from sdc.table_standin import TableStandIn
from tests.conftest import write_files
from tests.test_audit_prebuild import _changes_population_of

# tables of one population, each hiding a cell (so each is needed, linked through margins)
HIDING = {
    f"t{k}.csv": f"region,F,M,Total\nWest,[c],{5 + k},{12 + k}\nEast,6,4,10\n"
                 f"Total,{13 + k},{9 + k},{22 + 2 * k}\n"
    for k in range(5)
}


def _report(result: Any) -> str:
    return json.dumps(result.for_reports().to_dict(with_evidence=True), sort_keys=True)


class _Watch:
    """How often the release was read and checked, and what each output was as the parent
    received it from the process that read it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reads = 0
        self.received: list[tuple[str, str]] = []
        once = engine._run_once
        received = stream_read.ReadStream.received

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.reads += 1
            return once(*args, **kwargs)

        def watched(stream: stream_read.ReadStream, output: Any) -> None:
            self.received.append((output.path, type(output.table).__name__))
            received(stream, output)

        monkeypatch.setattr(engine, "_run_once", counted)
        monkeypatch.setattr(stream_read.ReadStream, "received", watched)


def cells_made_during(monkeypatch: pytest.MonkeyPatch, owner: type, method: str) -> list[int]:
    """The cells a stand-in's form makes (``FormCells`` indexed) while ``owner.method`` runs,
    filled in as the check goes: a taken table's systems must be added without them."""
    from sdc.table_standin import FormCells

    made: list[int] = []
    inside = [False]
    real_method, real_get = getattr(owner, method), FormCells.__getitem__

    def watched(*args: Any, **kwargs: Any) -> Any:
        inside[0] = True
        try:
            return real_method(*args, **kwargs)
        finally:
            inside[0] = False

    def getitem(cells: FormCells, i: Any) -> Any:
        if inside[0]:
            made.append(i)
        return real_get(cells, i)

    monkeypatch.setattr(owner, method, watched)
    monkeypatch.setattr(FormCells, "__getitem__", getitem)
    return made


def _both(root: Path, monkeypatch: pytest.MonkeyPatch, jobs: int = 1) -> tuple[str, str]:
    """The report read whole first (as before) and streamed, at ``jobs``, models let go in
    both."""
    policy = build_policy({})
    monkeypatch.setattr(stream_read, "MIN_BYTES", 10 ** 15)
    whole = run([root], policy, keep_models=False, jobs=jobs).result
    monkeypatch.setattr(stream_read, "MIN_BYTES", 0)
    streamed = run([root], policy, keep_models=False, jobs=jobs).result
    return _report(whole), _report(streamed)


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_table_checked_where_it_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """Five hiding tables: each comes back from the process that read it as its stand-in
    (its model gone there), at ``-j 1`` and in ``-j 2``'s workers; the report is the one read
    whole, byte for byte, with no second read."""
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)  # a pool of workers for 5 files
    write_files(tmp_path, HIDING)
    watch = _Watch(monkeypatch)
    whole, streamed = _both(tmp_path, monkeypatch, jobs)
    assert streamed == whole
    assert watch.reads == 2  # one each: no restart
    assert watch.received == [(f"t{k}.csv", "TableStandIn") for k in range(5)]
    assert '"SDC501"' in streamed  # the hidden cells are recovered through the others


def test_a_table_that_hides_nothing_is_sent_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A table with no hidden cell: whether the audit wants it depends on the other tables,
    so it comes back whole and is checked as before, beside the taken ones."""
    clear = "region,F,M,Total\nWest,7,5,12\nEast,6,4,10\nTotal,13,9,22\n"
    write_files(tmp_path, {**HIDING, "u.csv": clear})
    watch = _Watch(monkeypatch)
    whole, streamed = _both(tmp_path, monkeypatch)
    assert streamed == whole
    assert watch.reads == 2
    assert dict(watch.received)["u.csv"] == "Table"
    assert [kind for _, kind in watch.received].count("TableStandIn") == 5


@pytest.mark.parametrize(("name", "text"), [
    # a percentage with no base of its own: its base looked for in the other outputs
    ("z.csv", "region,% female\nWest,41.7\nEast,60.0\n"),
    # a change column: read against the counts of the other outputs
    ("z.csv", "region,2023,2024,% change\nWest,12,14,16.7\nEast,10,9,-10.0\n"),
    # an n (%) column: the audit's release view is made after the per-output stage
    ("z.csv", "region,n (%)\nWest,12 (54.5)\nEast,10 (45.5)\nTotal,22 (100.0)\n"),
])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_table_wanting_the_others_restarts_the_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str,
        jobs: int) -> None:
    """Read after tables were taken, a table that wants the others' counts (or is a view the
    audit's plan does not take): the check starts again, every model held; the same
    report."""
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    write_files(tmp_path, {**HIDING, name: text})
    watch = _Watch(monkeypatch)
    whole, streamed = _both(tmp_path, monkeypatch, jobs)
    assert streamed == whole
    assert watch.reads == 3  # streamed, stopped, read again as before
    assert ("t0.csv", "TableStandIn") in watch.received
    assert watch.received[-1] == (name, "Table")  # the read stops at it


def test_a_declared_population_is_never_streamed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """request.toml declares a population: the claims compare that table with every table,
    so the release is read as before (no stream, no restart)."""
    write_files(tmp_path, {**HIDING, "request.toml":
                           '[[outputs]]\npath = "t1.csv"\npopulation = { sex = "F" }\n'})
    watch = _Watch(monkeypatch)
    whole, streamed = _both(tmp_path, monkeypatch)
    assert streamed == whole
    assert watch.reads == 2
    assert watch.received == []


def test_a_flag_on_a_table_checked_already_restarts_the_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The search for pieces spread over files (``release_blobs``, once every file is read)
    flags t0.csv, whose rules ran where it was read: the check starts again, so its flag is
    reported as read whole, never lost."""
    import sdc.readers.release_blobs as blobs

    real = blobs.release_blobs

    def flags_first(outputs: list[Any], options: Any) -> list[Any]:
        found = real(outputs, options)
        first = next(o for o in outputs if o.path == "t0.csv")
        first.hidden.append(HiddenItem(what="encoded text", cell="B2",
                                       detail="pieces in t0.csv, t1.csv"))
        return found

    monkeypatch.setattr(engine, "release_blobs", flags_first)
    write_files(tmp_path, HIDING)
    watch = _Watch(monkeypatch)
    whole, streamed = _both(tmp_path, monkeypatch)
    assert streamed == whole
    assert watch.reads == 3
    assert "pieces in t0.csv, t1.csv" in streamed


def test_the_taken_tables_text_is_searched_for_pieces_across_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The search reads the taken tables from their report views: it gets the same text
    (the same runs found, here none) without asking a stand-in for its model."""
    import sdc.readers.release_blobs as blobs

    seen: list[list[str]] = []
    real = blobs.release_blobs

    def watched(outputs: list[Any], options: Any) -> list[Any]:
        seen.append([type(o.table).__name__ for o in outputs if o.table is not None])
        return real(outputs, options)

    monkeypatch.setattr(engine, "release_blobs", watched)
    write_files(tmp_path, HIDING)
    whole, streamed = _both(tmp_path, monkeypatch)
    assert streamed == whole
    assert seen[-1] == ["TableStandIn"] * 5


@pytest.mark.parametrize("jobs", [1, 2])
def test_rules_that_change_what_the_audit_reads_restart_the_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """t3.csv's own rules change its declared population (a bug) where it was read: its
    systems would be built for a population it no longer has, so the check starts again and
    the report is the one read whole (every table SDC602 ``review`` naming ``ModelLetGo``,
    as the prebuild gives it), none passes."""
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    write_files(tmp_path, HIDING)
    _changes_population_of(monkeypatch, "t3.csv")
    watch = _Watch(monkeypatch)
    whole, streamed = _both(tmp_path, monkeypatch, jobs)
    assert streamed == whole
    assert watch.reads == 3
    result = json.loads(streamed)
    for output in result["outputs"]:
        assert output["status"] != "pass"


def test_a_glance_row_is_sent_whole_not_restarted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A glance row under any name gives its model's dof (``link_glance_to_tidy``, before the
    rules): it comes back whole, the step reads none of the taken tables; the report is the
    one read whole, with no second read."""
    glance = ("r.squared,adj.r.squared,sigma,statistic,p.value,df,df.residual,nobs\n"
              "0.5,0.4,1.2,10,0.01,2,17,20\n")
    write_files(tmp_path, {**HIDING, "zfit.csv": glance, "zz.csv": HIDING["t0.csv"]})
    watch = _Watch(monkeypatch)
    whole, streamed = _both(tmp_path, monkeypatch)
    assert streamed == whole
    assert watch.reads == 2
    assert dict(watch.received) == {**{f"t{k}.csv": "TableStandIn" for k in range(5)},
                                    "zfit.csv": "Table", "zz.csv": "TableStandIn"}


def test_a_small_release_and_the_python_api_are_not_streamed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under ``MIN_BYTES``, or models kept (the Python API): read as before."""
    write_files(tmp_path, HIDING)
    watch = _Watch(monkeypatch)
    policy = build_policy({})
    run([tmp_path], policy, keep_models=False)
    monkeypatch.setattr(stream_read, "MIN_BYTES", 0)
    held = run([tmp_path], policy)
    assert not any(isinstance(o.table, TableStandIn) for o in held.outputs)
    assert watch.received == []
