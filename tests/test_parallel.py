"""``sdc check -j N``: outputs read and checked in a process pool give the serial result."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc import parallel, pool
from sdc.policy import build_policy


@pytest.fixture(autouse=True)
def _no_apart_of_another_test_still_running():
    """An Apart an earlier test left running (its result never asked for) holds a core and
    loads its result when it comes back: tests here that count cores or loads start after it."""
    deadline = time.monotonic() + 30
    while pool.busy() and time.monotonic() < deadline:
        time.sleep(0.01)
    yield


def _release(root: Path) -> Path:
    for i in range(parallel.MIN_ITEMS_FOR_POOL + 8):
        small = i % 7
        (root / f"t{i:02d}.csv").write_text(
            f"age,Female,Male,Total\n18-24,{small},{20 + i},{20 + i + small}\n"
            f"25-34,[c],{30 + i},{40 + i}\nTotal,{small + 10 - i % 3},{50 + 2 * i},"
            f"{60 + 3 * i}\n")
    (root / "broken.csv").write_bytes(b"\xff\xfe\x00garbage,\x00\n1,2\n")
    (root / "notes.txt").write_text("Regression of y on x\n")
    (root / "a.csv").write_text("age,n\n<20,12\n20-39,30\n")
    (root / "b.csv").write_text("age,n\n<25,13\n25-39,29\n")
    return root


def test_pool_gives_the_serial_result(tmp_path: Path) -> None:
    root = _release(tmp_path)
    policy = build_policy({})
    serial = sdc.check(root, policy, jobs=1).to_dict()
    pooled = sdc.check(root, policy, jobs=2).to_dict()
    assert pooled == serial
    assert serial["summary"]["findings"] > 40  # findings of every kind, not an empty release


_PARENT = os.getpid()


_ORIGINAL = {"read": parallel._read_one, "check": parallel._check_one,
             "call": pool._call_one}


class _killed:
    """The original worker function where it runs in this process (the pool does its first
    item here, before forking), a worker that dies anywhere else (out of memory, killed): its
    results must not be trusted. An object of a module-level class naming the original by
    key, so that the pool pickles it by reference."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self, i: int):
        if os.getpid() != _PARENT:
            os._exit(3)
        return _ORIGINAL[self.key](i)


def test_a_broken_pool_is_redone_serially(tmp_path: Path, monkeypatch) -> None:
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("the broken worker is injected by forking a patched parent")
    root = _release(tmp_path)
    policy = build_policy({})
    serial = sdc.check(root, policy, jobs=1).to_dict()
    monkeypatch.setattr(parallel, "_read_one", _killed("read"))
    monkeypatch.setattr(parallel, "_check_one", _killed("check"))
    assert sdc.check(root, policy, jobs=2).to_dict() == serial


def test_small_releases_skip_the_pool(tmp_path: Path) -> None:
    assert parallel._map(lambda i: i, parallel.MIN_ITEMS_FOR_POOL - 1, 4, {}) is None
    assert parallel._map(lambda i: i, 100, 1, {}) is None
    assert parallel.default_jobs() >= 1


# -- release rules: their independent parts in the pool -------------------------------------

def _release_for_release_rules(root: Path, n: int) -> Path:
    """Every part of the release rules with several items: ``n`` unlinked tables with
    suppression (SDC501/502 per component, one inconsistent for SDC402), re-cut bands in two
    contexts (SDC503 pairs), a subgroup named in a file name, two families of re-runs."""
    for i in range(n):
        small, mid = 1 + i % 4, 30 + 7 * i
        total = small + mid + (2 if i % 9 == 0 else 0)  # some totals are off: SDC402
        hidden = "[c]" if i % 3 else str(small)
        (root / f"t{i:02d}.csv").write_text(
            f"region,Female,Male,Total\nNorth,{hidden},{mid},{small + mid}\n"
            f"South,[c],{mid + 11},{mid + 14 + i}\nTotal,{small + 3 + i},{2 * mid + 11},"
            f"{total + mid + 14 + i}\n")
    (root / "narrow.csv").write_text(  # four hidden cells, each known to be below 10: SDC502
        "region,Female,Male,Total\nNorth,[c],[c],6\nSouth,[c],[c],5\nTotal,4,7,11\n")
    (root / "bands_a.csv").write_text("age,Female,Male\n<20,12,20\n20-39,30,41\n")
    (root / "bands_b.csv").write_text("age,Female,Male\n<25,13,22\n25-39,29,39\n")
    (root / "bands_c.csv").write_text("age,Female,Male\n<30,19,25\n30-39,23,36\n")
    (root / "ethnicity.csv").write_text("ethnicity,n\nAsian,40\nBlack,33\nWhite,120\n")
    (root / "ethnicity_males.csv").write_text("ethnicity,n\nAsian,36\nBlack,30\nWhite,61\n")
    for family, base in (("imd", 50), ("year", 80)):
        for run in range(3):
            (root / f"{family}_run{run}.csv").write_text(
                f"{family},n\n1,{base + run}\n2,{base + 20}\n3,{base + 31 + run}\n")
    return root


def _pooled_calls(monkeypatch) -> list[int]:
    """Sizes of the pools the release rules start (the per-output pools are not counted)."""
    from sdc import pool

    sizes: list[int] = []
    real = pool.map_indices

    def counting(func, n, jobs, task, here=None):
        if func is pool._call_one:
            sizes.append(n)
        return real(func, n, jobs, task, here=here)

    monkeypatch.setattr(pool, "map_indices", counting)
    real_front = pool._front_here

    def counting_front(func, here, items, jobs):  # a pool whose items are done here in order
        sizes.append(len(items))
        return real_front(func, here, items, jobs)

    monkeypatch.setattr(pool, "_front_here", counting_front)
    return sizes


def test_release_rules_in_the_pool_give_the_serial_result(tmp_path: Path, monkeypatch) -> None:
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("release rules use the pool only where workers fork")
    root = _release_for_release_rules(tmp_path, 36)
    policy = build_policy({})
    serial = sdc.check(root, policy, jobs=1).to_dict()
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)  # every part pooled, however few
    sizes = _pooled_calls(monkeypatch)
    apart = _apart_pids(monkeypatch, tmp_path / "apart.log")
    pooled = sdc.check(root, policy, jobs=2).to_dict()
    assert pooled == serial
    # the per-output rules, the audit's table systems and components pooled here; SDC503 in
    # a process of its own beside them
    assert len(sizes) >= 2 and max(sizes) >= 36
    assert len(apart()) == 1 and apart()[0] != os.getpid()
    codes = {f["rule"] for o in serial["outputs"] for f in o["findings"]}
    assert {"SDC501", "SDC502", "SDC402", "SDC503"} <= codes


_APART_LOG: list[Path] = []
_REAL_APART = pool._run_apart


def _logged_apart(key: int):
    """``pool._run_apart``, writing the id of the process it runs in (module level: the
    pool pickles it by reference)."""
    with _APART_LOG[0].open("a") as f:
        f.write(f"{os.getpid()}\n")
    return _REAL_APART(key)


def _apart_pids(monkeypatch, log: Path) -> Callable[[], list[int]]:
    """The processes ``pool.Apart`` work ran in."""
    monkeypatch.setattr(pool, "_run_apart", _logged_apart)
    monkeypatch.setattr(sys.modules[__name__], "_APART_LOG", [log])
    return lambda: [int(x) for x in log.read_text().split()] if log.exists() else []


def test_differencing_alone_pools_its_own_parts(tmp_path: Path, monkeypatch) -> None:
    # with no other release rule to run beside, SDC503 is not set apart: its pairs of
    # cuttings, subgroups and re-run buckets are pooled here, with the serial findings
    from sdc.rules import REGISTRY

    if pool.start_context().get_start_method() != "fork":
        pytest.skip("release rules use the pool only where workers fork")
    root = _release_for_release_rules(tmp_path, 36)
    policy = build_policy({"rules": {cls.name: {"status": "off"} for cls in REGISTRY.values()
                                     if cls.scope == "release" and not cls.apart}})
    serial = sdc.check(root, policy, jobs=1).to_dict()
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    sizes = _pooled_calls(monkeypatch)
    apart = _apart_pids(monkeypatch, tmp_path / "apart.log")
    assert sdc.check(root, policy, jobs=2).to_dict() == serial
    assert len(sizes) >= 3 and apart() == []
    codes = {f["rule"] for o in serial["outputs"] for f in o["findings"]}
    assert "SDC503" in codes and not codes & {"SDC501", "SDC502", "SDC402"}


def test_release_rules_redo_a_broken_pool_serially(tmp_path: Path, monkeypatch) -> None:
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("the broken worker is injected by forking a patched parent")
    root = _release_for_release_rules(tmp_path, 36)
    policy = build_policy({})
    serial = sdc.check(root, policy, jobs=1).to_dict()
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    monkeypatch.setattr(pool, "_call_one", _killed("call"))
    assert sdc.check(root, policy, jobs=2).to_dict() == serial


def test_a_crashing_component_reads_the_same_in_the_pool(tmp_path: Path, monkeypatch) -> None:
    # a bug in one component's audit sends its outputs to review (SDC602), the others go on,
    # in the pool as in the serial run
    from sdc.rules import suppression

    root = _release_for_release_rules(tmp_path, 36)
    policy = build_policy({})
    real = suppression._Audit._audit_component

    def flaky(self, tables, offsets, strong, weak, done):
        if any(self.systems[k].output.path == "t07.csv" for k in tables):
            raise RuntimeError("boom")
        return real(self, tables, offsets, strong, weak, done)

    monkeypatch.setattr(suppression._Audit, "_audit_component", flaky)
    serial = sdc.check(root, policy, jobs=1).to_dict()
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    assert sdc.check(root, policy, jobs=2).to_dict() == serial
    t07 = next(o for o in serial["outputs"] if o["path"] == "t07.csv")
    assert [(f["rule"], f["status"]) for f in t07["findings"] if f["rule"] == "SDC602"] == [
        ("SDC602", "review")]


_BANDINGS = [["<20", "20-39"], ["<25", "25-39"], ["<30", "30-39"], ["0-19", "20-29", "30-39"]]


@st.composite
def _releases(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Small random releases: crosstabs with totals and markers, bands cut several ways, the
    same tables run again with small changes."""
    files = []
    for i in range(draw(st.integers(2, 7))):
        bands = draw(st.sampled_from(_BANDINGS))
        cols = draw(st.sampled_from([["n"], ["Female", "Male"]]))
        values = [[draw(st.integers(0, 40)) for _ in cols] for _ in bands]
        hide = [[draw(st.integers(0, 4)) == 0 for _ in cols] for _ in bands]
        totals = draw(st.booleans())
        head = "age," + ",".join(cols) + (",Total" if totals else "")
        lines = [head]
        for band, row, mask in zip(bands, values, hide, strict=True):
            shown = ["[c]" if m else str(v) for v, m in zip(row, mask, strict=True)]
            lines.append(f"{band}," + ",".join(shown) + (f",{sum(row)}" if totals else ""))
        if totals:
            col_totals = [sum(c) for c in zip(*values, strict=True)]
            lines.append("Total," + ",".join(map(str, col_totals)) + f",{sum(col_totals)}")
        name = draw(st.sampled_from(["t", "males_t", "women_t"])) + f"{i}.csv"
        files.append((name, "\n".join(lines) + "\n"))
    return files


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_releases())
def test_pooled_release_rules_match_serial_on_random_releases(tmp_path_factory, files) -> None:
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("release rules use the pool only where workers fork")
    root = tmp_path_factory.mktemp("release")
    for name, text in files:
        (root / name).write_text(text)
    policy = build_policy({})
    serial = sdc.check(root, policy, jobs=1).to_dict()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pool, "MIN_ITEMS_FOR_POOL", 1)  # every part in the pool
        assert sdc.check(root, policy, jobs=2).to_dict() == serial


def _json_report(root: Path, jobs: int) -> str:
    import io

    from sdc.reports import ReportOptions
    from sdc.reports.json_report import write_json

    stream = io.StringIO()
    write_json(sdc.check(root, build_policy({}), jobs=jobs), stream, ReportOptions())
    return stream.getvalue()


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_releases(), st.integers(0, 3))
def test_json_report_is_byte_identical_under_j2(tmp_path_factory, files, linked) -> None:
    # a random release with release-level findings: the JSON report of -j 2, every part of
    # the work pooled (reading, per-output rules, table systems, audit components, SDC503
    # bandings), is the same text as -j 1's
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("release rules use the pool only where workers fork")
    root = _release_for_release_rules(tmp_path_factory.mktemp("release"), 2 + linked)
    for name, text in files:
        (root / name).write_text(text)
    serial = _json_report(root, 1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pool, "MIN_ITEMS_FOR_POOL", 1)
        assert _json_report(root, 2) == serial
    codes = {f["rule"] for o in json.loads(serial)["outputs"] for f in o["findings"]}
    assert {"SDC501", "SDC402", "SDC503"} <= codes  # release-level findings are compared


def test_pooled_table_systems_are_the_serial_ones(tmp_path: Path, monkeypatch) -> None:
    # built in workers and sent back packed: the same cells (the parent's objects), bounds,
    # equations, inconsistent totals and link keys, coded in the same order
    from sdc.engine import read_release
    from sdc.linking import TableSystem, table_systems

    if pool.start_context().get_start_method() != "fork":
        pytest.skip("needs forked workers")
    root = _release_for_release_rules(tmp_path, 12)
    outputs, *_ = read_release([root], build_policy({}))
    serial = table_systems(outputs, None, total_labels=["Total"])
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    pooled = table_systems(outputs, None, total_labels=["Total"], jobs=2)
    assert len(pooled) == len(serial) > 12
    assert any(ts.inconsistent for ts in serial) and any(ts.suppressed for ts in serial)
    for a, b in zip(serial, pooled, strict=True):
        assert b.output is a.output and b.measure is a.measure
        assert all(x is y for x, y in zip(a.cells, b.cells, strict=True))
        assert len(a.cells) == len(b.cells)
        assert [(id(c), v) for c, v in a.inconsistent] == [(id(c), v) for c, v in b.inconsistent]
        for f in dataclasses.fields(TableSystem):  # every other field, those added later too
            if f.name not in ("output", "measure", "cells", "inconsistent"):
                assert getattr(a, f.name) == getattr(b, f.name), f.name


def test_a_table_system_that_breaks_in_a_worker_reads_as_in_the_serial_run(
        tmp_path: Path, monkeypatch) -> None:
    # the error raised while building one table's system reaches on_error with its type's
    # name and message, and the other tables are built, as in the serial loop
    import sdc.linking
    from sdc.engine import read_release

    if pool.start_context().get_start_method() != "fork":
        pytest.skip("needs forked workers")
    root = _release_for_release_rules(tmp_path, 6)
    outputs, *_ = read_release([root], build_policy({}))
    real = sdc.linking.build_table_system

    def breaks(output, *args, **kwargs):
        if output.path == "t03.csv":
            raise KeyError("boom")
        return real(output, *args, **kwargs)

    monkeypatch.setattr(sdc.linking, "build_table_system", breaks)
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    runs = []
    for jobs in (1, 2):
        errors: list[tuple[str, str]] = []
        built = sdc.linking.table_systems(
            outputs, None, jobs=jobs,
            on_error=lambda o, exc, errors=errors: errors.append(
                (o.path, f"{type(exc).__name__}: {exc}")))
        runs.append((errors, [ts.output.path for ts in built]))
    assert runs[0] == runs[1]
    assert runs[0][0] == [("t03.csv", "KeyError: 'boom'")]


def test_coverage_computed_where_read_is_used_once(tmp_path: Path) -> None:
    # the coverage a reader's process computed is the check's, for that table only, once: a
    # second check of the same outputs computes it again (their tables may have changed)
    from sdc.engine import read_release, run_outputs

    (tmp_path / "a.csv").write_text("age,n\n18-24,12\n25-34,30\n")
    policy = build_policy({})
    outputs, *_ = read_release([tmp_path], policy, jobs=1)
    (output,) = outputs
    output.not_understood = ["marker"]  # stands for coverage computed when it was read
    run_outputs(outputs, policy)
    assert output.not_understood == ["marker"]  # taken from the read, not recomputed
    run_outputs(outputs, policy)
    assert output.not_understood == []  # the mark was taken: computed again
    outputs, *_ = read_release([tmp_path], policy, jobs=1)
    outputs[0].not_understood = ["marker"]
    outputs[0].table = copy.copy(outputs[0].table)  # another table object: recomputed
    run_outputs(outputs, policy)
    assert outputs[0].not_understood == []


def _slow_pid(i: int) -> tuple[int, int]:
    time.sleep(0.002)
    return i, os.getpid()


def _fails_at_200(i: int) -> int:
    if i == 200:
        raise ValueError(i)
    time.sleep(0.001)
    return i


_CALLS_HERE: list[int] = []


def _dies_in_a_worker(i: int) -> int:
    if os.getpid() != _PARENT:
        os._exit(3)
    _CALLS_HERE.append(i)
    time.sleep(0.001)
    return i


def _needs_fork() -> None:
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("needs forked workers")


def test_this_process_takes_items_from_the_back_while_a_worker_takes_the_front() -> None:
    # -j 2 is this process and one worker: the results in order, each item done once
    _needs_fork()
    got = list(pool.map_indices(_slow_pid, 240, 2, {}))
    assert [i for i, _ in got] == list(range(240))
    here = [i for i, pid in got if pid == _PARENT]
    assert here[0] == 0 and here[-1] == 239  # the first item, and the last chunks
    assert len({pid for _, pid in got}) == 2  # one worker did the rest


def _slow_here_fast_there(i: int) -> tuple[int, int]:
    time.sleep(0.1 if os.getpid() == _PARENT else 0.001)
    return i, os.getpid()


def test_a_worker_is_handed_chunks_while_this_process_is_inside_its_own() -> None:
    # the next chunk goes to the worker as soon as one comes back (the pool's thread), not
    # when this process is next between two of its items: while this process is inside one
    # long chunk of its own (1.4 s here), the worker does the whole rest (~0.3 s); when chunks
    # were handed out only between this process's items, it waited with two done and this
    # process went on taking chunks from the back (a third of the items)
    _needs_fork()
    got = list(pool.map_indices(_slow_here_fast_there, 240, 2, {}))
    assert [i for i, _ in got] == list(range(240))
    here = [i for i, pid in got if pid == _PARENT]
    largest = pool._size(239, pool._least(239, 2), 2)  # the first chunk from the back
    assert here[0] == 0 and len(here) <= 1 + 2 * largest


def _slowish_here_fast_there(i: int) -> tuple[int, int]:
    time.sleep(0.02 if os.getpid() == _PARENT else 0.001)
    return i, os.getpid()


def test_a_worker_runs_ahead_only_while_what_it_sent_is_small(monkeypatch) -> None:
    # results back and not taken yet past pool.HELD_BYTES: no chunk handed out until this
    # process takes one (a streamed read's results are large); it then shares the items as
    # when chunks went out only between its own: the same results, in order
    _needs_fork()
    monkeypatch.setattr(pool, "HELD_BYTES", 1)
    got = list(pool.map_indices(_slowish_here_fast_there, 240, 2, {}))
    assert [i for i, _ in got] == list(range(240))
    here = [i for i, pid in got if pid == _PARENT]
    largest = pool._size(239, pool._least(239, 2), 2)
    assert len(here) > 1 + 2 * largest and len({pid for _, pid in got}) == 2


def test_chunks_are_cut_small_where_the_ends_meet_whatever_their_pace() -> None:
    # the worker's items are far cheaper than this process's: the ends meet near the back,
    # and the chunks cut there are small (cut as taken), so this process waits for no large
    # one; every item once, in order
    _needs_fork()
    got = list(pool.map_indices(_slow_here_fast_there, 240, 2, {}))
    assert [i for i, _ in got] == list(range(240))
    assert pool._size(5, 1, 2) == 1 and pool._size(30, 7, 2) == 7
    assert pool._size(1000, 7, 2) == 62 and pool._size(20_000, 156, 2) == 156


def test_an_error_is_raised_at_its_item_wherever_it_ran() -> None:
    # as in the serial loop: the items before it (those of its chunk too when it ran here,
    # not when a worker ran it: pool.map's rule) come first, then the error
    _needs_fork()
    got: list[int] = []
    with pytest.raises(ValueError, match="200"):
        for i in pool.map_indices(_fails_at_200, 240, 2, {}):
            got.append(i)
    # 200's chunk is cut as it is taken (where the two ends meet): at most the largest cut
    largest = pool._size(239, pool._least(239, 2), 2)
    assert got == list(range(len(got))) and 200 - largest < len(got) <= 200


def test_a_broken_pool_never_does_an_item_of_this_process_twice() -> None:
    # the worker dies: what it had not returned is done here, and what this process had
    # done already is kept (an item's side effects here happen once)
    _needs_fork()
    _CALLS_HERE.clear()
    results = pool.map_indices(_dies_in_a_worker, 240, 2, {})
    assert list(pool.resume_serially(results, list(range(240)), _dies_in_a_worker)) == list(
        range(240))
    assert sorted(_CALLS_HERE) == list(range(240))


def test_cuttings_and_count_indexes_computed_ahead_are_the_serial_ones(
        tmp_path: Path, monkeypatch) -> None:
    # SDC503's per-output parts, computed in the pool (a worker sends positions back): the
    # parent's own cells (compared by identity), the same bands, contexts and keys, in order
    from sdc.engine import read_release
    from sdc.rules.differencing import _count_index, _PerOutput, output_cuttings

    _needs_fork()
    root = _release_for_release_rules(tmp_path, 36)
    outputs, *_ = read_release([root], build_policy({}))
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    ahead = _PerOutput(outputs, 2)
    assert len(ahead.ready) == len(outputs)
    assert sum(len(ahead.cuttings(o)) for o in outputs) >= 6  # bands_b and _c: a worker's
    for output in outputs:
        serial, pooled = output_cuttings(output), ahead.cuttings(output)
        assert [(c.dimension, c.context, c.bands) for c in pooled] == [
            (c.dimension, c.context, c.bands) for c in serial]
        for a, b in zip(serial, pooled, strict=True):
            assert list(a.cells) == list(b.cells)
            assert all(a.cells[k] == b.cells[k] for k in a.cells)
        index = _count_index(output)
        got = ahead.count_index(output)
        assert list(got) == list(index) and all(got[k] is index[k] for k in index)


def _where() -> int:
    return os.getpid()


def _fails_in_a_worker() -> int:
    if os.getpid() != _PARENT:
        raise RuntimeError("only there")
    return os.getpid()


def _dies_apart(key: int):
    os._exit(3)


def test_apart_computes_in_a_process_of_its_own() -> None:
    _needs_fork()
    handle = pool.Apart(_where)
    got = handle.result()
    assert got != os.getpid() and handle.result() == got  # asked again: the same result


def test_apart_computes_here_what_failed_there(monkeypatch) -> None:
    # an error there, or a process that died: this process computes it, once
    _needs_fork()
    assert pool.Apart(_fails_in_a_worker).result() == os.getpid()
    monkeypatch.setattr(pool, "_run_apart", _dies_apart)
    calls: list[int] = []

    def counted() -> int:
        calls.append(os.getpid())
        return os.getpid()

    handle = pool.Apart(counted)
    assert handle.result() == os.getpid() and handle.result() == os.getpid()
    assert calls == [os.getpid()]


_GATE: list[Path] = []


def _waits_for_the_gate() -> int:
    """An Apart's work that holds its core until the test opens :data:`_GATE`."""
    deadline = time.monotonic() + 60
    while not _GATE[0].exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    return os.getpid()


def _opens_the_gate_at_20(i: int) -> tuple[int, int]:
    """Item 20 lets the Apart finish and waits until its result is back; each item costs
    ~3 ms of CPU (the pace ``pool.worth_forking`` measures: 219 left, ~0.66 s)."""
    if i == 20:
        _GATE[0].touch()
        deadline = time.monotonic() + 60
        while pool.busy() and time.monotonic() < deadline:
            time.sleep(0.005)
    _burn(0.003)
    return i, os.getpid()


def _burn(seconds: float) -> None:
    """``seconds`` of this process's CPU spent (not slept: a pool measures CPU)."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_no_worker_is_forked_while_an_apart_holds_the_other_core(tmp_path: Path,
                                                                  monkeypatch) -> None:
    # -j 2 with SDC503's process computing: a worker would only share its core, so this
    # process does every item, in order; once that process is done, a worker shares again
    _needs_fork()
    monkeypatch.setattr(sys.modules[__name__], "_GATE", [tmp_path / "open"])
    handle = pool.Apart(_waits_for_the_gate)
    try:
        assert pool.busy() == 1
        got = list(pool.map_indices(_slow_pid, 240, 2, {}))
        assert got == [(i, _PARENT) for i in range(240)]
        # with more cores than the Apart holds, the pool forks its workers as before
        assert len({pid for _, pid in pool.map_indices(_slow_pid, 240, 3, {})}) >= 2
    finally:
        _GATE[0].touch()
    assert handle.result() != _PARENT and pool.busy() == 0
    got = list(pool.map_indices(_slow_pid, 240, 2, {}))
    assert [i for i, _ in got] == list(range(240)) and len({pid for _, pid in got}) == 2


def _item_and_probe(i: int) -> tuple[int, bool]:
    return i, "sdc_beside_probe" in sys.modules


def test_modules_asked_beside_are_imported_while_an_apart_holds_the_other_core(
        tmp_path: Path, monkeypatch) -> None:
    # SDC503's process computing: this process does the items alone, and imports what was
    # asked beside first, while that process holds the other core (not later, when a worker
    # may have too few items left to outlast the import: the audit's systems pool, round 32)
    _needs_fork()
    (tmp_path / "sdc_beside_probe.py").write_text("LOADED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "sdc_beside_probe", raising=False)
    monkeypatch.setattr(sys.modules[__name__], "_GATE", [tmp_path / "open"])
    handle = pool.Apart(_waits_for_the_gate)
    pool.import_beside(["sdc_beside_probe"])
    try:
        got = list(pool.map_indices(_item_and_probe, 240, 2, {}))
    finally:
        _GATE[0].touch()
        pool.import_beside(())
    assert [i for i, _ in got] == list(range(240))
    assert not got[0][1] and all(seen for _, seen in got[1:])  # after the first item
    assert handle.result() != _PARENT


def test_the_pool_forks_its_worker_once_the_apart_is_done(tmp_path: Path,
                                                          monkeypatch) -> None:
    # the Apart finishes while this process works through the items: the rest is shared
    # with a worker from there on, the results still all there, in order
    _needs_fork()
    monkeypatch.setattr(sys.modules[__name__], "_GATE", [tmp_path / "open"])
    handle = pool.Apart(_waits_for_the_gate)
    try:
        got = list(pool.map_indices(_opens_the_gate_at_20, 240, 2, {}))
    finally:
        _GATE[0].touch()
    assert [i for i, _ in got] == list(range(240))
    assert all(pid == _PARENT for i, pid in got if i <= 20)
    assert len({pid for _, pid in got}) == 2  # a worker took part of the rest
    assert handle.result() != _PARENT


def test_an_apart_dropped_or_closed_frees_its_core() -> None:
    _needs_fork()
    for end in (pool.Apart.drop, pool.Apart.close):
        handle = pool.Apart(_slow_apart)
        assert pool.busy() == 1
        end(handle)
        assert pool.busy() == 0


def _slow_apart() -> int:
    time.sleep(5)
    return os.getpid()


def test_a_broken_apart_process_gives_the_serial_result(tmp_path: Path, monkeypatch) -> None:
    _needs_fork()
    root = _release_for_release_rules(tmp_path, 36)
    policy = build_policy({})
    serial = sdc.check(root, policy, jobs=1).to_dict()
    monkeypatch.setattr(pool, "_run_apart", _dies_apart)
    assert sdc.check(root, policy, jobs=2).to_dict() == serial
    codes = {f["rule"] for o in serial["outputs"] for f in o["findings"]}
    assert {"SDC503", "SDC501"} <= codes


def test_percent_bases_survive_a_worker(tmp_path: Path, monkeypatch) -> None:
    # the units behind a percentage (a base printed in the title) are kept on the table by
    # cell: read in a worker and sent back, the table still knows them (they were keyed by
    # the worker's cell ids, so SDC303 lost "rests on 6 units" and reviewed the safe n=200)
    import pickle

    from sdc.derived_counts import percent_base
    from sdc.engine import read_file
    from tests.corpus.outputs import excel_title_base_safe, excel_title_base_small

    _needs_fork()
    for name, write in (("safe", excel_title_base_safe), ("small", excel_title_base_small)):
        (tmp_path / name).mkdir()
        write(tmp_path / name)
    (output,) = read_file(tmp_path / "small" / "smoking.xlsx", "smoking.xlsx", tmp_path,
                          build_policy({}).read_options())
    table = output.table
    bases = [percent_base(table, c) for c in table.cells]
    assert 6 in bases
    again = pickle.loads(pickle.dumps(table))
    assert [percent_base(again, c) for c in again.cells] == bases
    assert [percent_base(t, c) for t in [copy.deepcopy(table)] for c in t.cells] == bases
    for i in range(40):  # read in a pool: a worker reads some of them
        (tmp_path / f"t{i:02d}.csv").write_text(f"region,n\nNorth,{20 + i}\nSouth,{30 + i}\n")
    serial = sdc.check(tmp_path, build_policy({}), jobs=1).to_dict()
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 1)
    assert sdc.check(tmp_path, build_policy({}), jobs=2).to_dict() == serial
    found = {o["path"]: [(f["rule"], f["location"]["cell"], f["status"]) for f in o["findings"]
                         if f["rule"] == "SDC303"] for o in serial["outputs"]}
    assert found["small/smoking.xlsx"] == [("SDC303", "B3", "fail"), ("SDC303", "B4", "fail")]
    assert found["safe/smoking.xlsx"] == []


def test_chunks_shrink_towards_the_middle() -> None:
    # every item once, in order; large at both ends, small where the two ends meet
    for n, jobs in ((1000, 2), (783, 2), (240, 2), (33, 2), (5000, 4)):
        cut = pool.chunks(1, n, jobs)
        assert [i for a, b in cut for i in range(a, b)] == list(range(1, n))
        sizes = [b - a for a, b in cut]
        middle = sizes[len(sizes) // 2 - 2:len(sizes) // 2 + 2]
        assert max(middle) <= max(1, n // (64 * jobs)) < sizes[0] or n < 64
        assert max(sizes) <= 64


def test_waivers_and_order_of_pooled_and_release_findings(tmp_path: Path, monkeypatch) -> None:
    # per-output findings are settled and sorted where they were found (a -j worker), the
    # release rules' (SDC503's in its process apart) put in their places after: waivers of
    # both kinds apply, unused ones are listed, and each output's findings read as in -j 1
    root = _release_for_release_rules(tmp_path, 36)
    # SDC602/604 (per output) sort after its SDC503 findings (release)
    (root / "ethnicity_males.csv").write_text(
        "ethnicity,n\nAsian,36\nBlack,30\nWhite,61\nSource: patient 943 476 5919\n")
    waivers = [{"rule": "SDC101", "path": "narrow.csv", "cell": "D2", "reason": "r1"},
               {"rule": "SDC502", "path": "narrow.csv", "cell": "B3", "reason": "r2"},
               {"rule": "SDC503", "path": "ethnicity_males.csv", "cell": "B2", "reason": "r3"},
               {"rule": "SDC101", "path": "absent.csv", "reason": "r4"}]
    policy = build_policy({"waivers": waivers})
    serial = sdc.check(root, policy, jobs=1)
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 1)  # every part pooled
    pooled = sdc.check(root, policy, jobs=2)
    assert pooled.to_dict() == serial.to_dict()
    seen = {o.path: [(f.rule, f.location.cell, f.status.value, f.waiver) for f in o.findings]
            for o in pooled.outputs}
    assert seen["narrow.csv"] == [
        ("SDC101", "D2", "review", "r1"), ("SDC101", "D3", "fail", None),
        ("SDC101", "B4", "fail", None), ("SDC101", "C4", "fail", None),
        ("SDC103", "D2", "fail", None), ("SDC103", "D3", "fail", None),
        ("SDC103", "B4", "fail", None), ("SDC103", "C4", "fail", None),
        ("SDC502", "B2", "fail", None), ("SDC502", "C2", "fail", None),
        ("SDC502", "B3", "review", "r2"), ("SDC502", "C3", "fail", None)]
    assert seen["ethnicity_males.csv"] == [
        ("SDC503", "B2", "review", "r3"), ("SDC503", "B3", "review", None),
        ("SDC602", None, "review", None), ("SDC604", "A5", "fail", None)]
    assert seen["t09.csv"] == [
        ("SDC101", "B2", "fail", None), ("SDC101", "D4", "fail", None),
        ("SDC103", "C2", "fail", None), ("SDC103", "C4", "fail", None),
        ("SDC402", "D4", "review", None), ("SDC402", "D4", "review", None),
        ("SDC501", "B3", "fail", None)]
    assert [w["reason"] for w in pooled.unused_waivers] == ["r4"]


def test_cells_sent_back_from_a_worker_are_the_same_cells(tmp_path: Path) -> None:
    # A worker sends each cell back as its fields (RawCell/DataCell.__reduce_ex__): every
    # field survives, a DataCell's source is still its grid cell (one object), and the
    # caches keyed on the cells still find them; a chart's cell (a subclass) keeps its handle.
    import pickle

    import pandas as pd

    from sdc.charts.chart_table import ChartCell
    from sdc.engine import read_file
    from sdc.table import DataCell, RawCell

    pd.DataFrame({"region": ["North", "South", "Total"], "n": ["12", "[c]", "40"],
                  "mean": ["3.5", "4.25", "3.9"]}).to_csv(tmp_path / "t.csv", index=False)
    (output,) = read_file(tmp_path / "t.csv", "t.csv", tmp_path, build_policy({}).read_options())
    table = output.table
    table.cells[0].evidence = {"freq": 12}
    table.grid[1][0].hidden = True
    _ = table.cells[1].labels_key
    for again in (pickle.loads(pickle.dumps(table, 5)), copy.deepcopy(table)):
        grid = {(c.row, c.col): c for row in again.grid for c in row}
        for cell, kept in zip(table.cells, again.cells, strict=True):
            assert kept.source is grid[(kept.source.row, kept.source.col)]
            for f in dataclasses.fields(DataCell):
                assert getattr(kept, f.name) == getattr(cell, f.name), f.name
        old = [c for row in table.grid for c in row]
        new = [c for row in again.grid for c in row]
        assert [[getattr(c, f.name) for f in dataclasses.fields(RawCell)] for c in new] == \
            [[getattr(c, f.name) for f in dataclasses.fields(RawCell)] for c in old]
        assert any(c.marker == "[c]" for c in new) and new[3].hidden is True
    chart = ChartCell(row=2, col=3, raw="7", value=7.0, handle="bar 2")
    assert pickle.loads(pickle.dumps(chart)).ref == "bar 2"
    assert copy.deepcopy(chart) == chart


def _apart_events(monkeypatch) -> list[str]:
    """'apart' when a ``pool.Apart`` is made, 'search' when the release-wide search for
    smuggled pieces starts, 'drop' when an Apart's process is stopped, in order."""
    from sdc import engine

    events: list[str] = []
    real_init, real_drop, real_search = pool.Apart.__init__, pool.Apart.drop, engine.release_blobs

    def init(self, func):
        events.append("apart")
        real_init(self, func)

    def drop(self):
        if self._pool is not None:  # a process still there: stopped
            events.append("drop")
        real_drop(self)

    def search(*args, **kwargs):
        events.append("search")
        return real_search(*args, **kwargs)

    monkeypatch.setattr(pool.Apart, "__init__", init)
    monkeypatch.setattr(pool.Apart, "drop", drop)
    monkeypatch.setattr(engine, "release_blobs", search)
    return events


def test_differencing_starts_before_the_search_for_smuggled_pieces(tmp_path: Path,
                                                                  monkeypatch) -> None:
    # SDC503's process starts as soon as the files are read, beside the release-wide search
    # (which finds nothing here): its findings are used, and equal the serial ones
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("the apart rules run apart only where processes fork")
    root = _release_for_release_rules(tmp_path, 36)
    policy = build_policy({})
    serial = sdc.check(root, policy, jobs=1).to_dict()
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 1)
    events = _apart_events(monkeypatch)
    apart = _apart_pids(monkeypatch, tmp_path / "apart.log")
    pooled = sdc.check(root, policy, jobs=2).to_dict()
    assert pooled == serial
    assert events == ["apart", "search"]
    assert len(apart()) == 1 and apart()[0] != os.getpid()
    seen = {o["path"]: [(f["rule"], f["location"]["cell"]) for f in o["findings"]
                        if f["rule"] == "SDC503"] for o in pooled["outputs"]}
    assert seen["ethnicity_males.csv"] == [("SDC503", "B2"), ("SDC503", "B3")]


def test_smuggled_pieces_found_drop_the_early_differencing(tmp_path: Path,
                                                          monkeypatch) -> None:
    # pieces of a patient list spread one a file: the search adds the decoded text as an
    # output (and an SDC605 on the first piece), so what SDC503's early process computed is
    # dropped and SDC503 runs again after the search: the serial findings, in order
    import base64

    from tests.test_smuggle_insider import PATIENTS

    if pool.start_context().get_start_method() != "fork":
        pytest.skip("the apart rules run apart only where processes fork")
    root = _release_for_release_rules(tmp_path, 36)
    encoded = base64.b64encode(PATIENTS.encode()).decode()
    for i, start in enumerate(range(0, len(encoded), 20)):
        (root / f"p{i + 1}.csv").write_text(f"grp,n,note\na,{12 + i},{encoded[start:start + 20]}\n")
    policy = build_policy({})
    serial = sdc.check(root, policy, jobs=1).to_dict()
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 1)
    events = _apart_events(monkeypatch)
    pooled = sdc.check(root, policy, jobs=2).to_dict()
    assert pooled == serial
    assert events == ["apart", "search", "drop", "apart"]
    found = [(f["rule"], f["location"]["cell"]) for o in pooled["outputs"] for f in o["findings"]
             if f["rule"] in ("SDC503", "SDC605")]
    assert found.count(("SDC605", "C2")) == 1  # the smuggled list, once
    assert ("SDC503", "B2") in found


def _many_findings() -> list[object]:
    from sdc.results import Finding, Location

    return [Finding(rule="SDC503", name="differencing", message=f"m{i}",
                    location=Location(path=f"t{i}.csv", cell=f"B{i}"),
                    evidence={"derived": float(i)}) for i in range(3000)]


def test_results_sent_back_load_with_the_collector_paused_and_restored() -> None:
    # a worker's blob is unpickled with no collection during the load (with the collector
    # running the same load sets off hundreds, here 200+); the collector is left as it was
    import gc

    blob = pool._dumps(_many_findings())
    collections: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    threshold = gc.get_threshold()
    gc.callbacks.append(count)
    gc.set_threshold(100, 10, 10)
    try:
        assert gc.isenabled()
        import pickle

        pickle.loads(blob)
        assert len(collections) > 10  # what the pause spares
        collections.clear()
        got = pool.loads(blob)
        assert len(collections) <= 1 and gc.isenabled()  # one: what it put off, after it
        assert got == _many_findings()
        gc.disable()
        try:
            assert pool.loads(blob) == _many_findings() and not gc.isenabled()
        finally:
            gc.enable()
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*threshold)


def _findings_apart() -> list[object]:
    return _many_findings()


def test_an_apart_result_is_loaded_once_as_soon_as_it_is_back(monkeypatch) -> None:
    # unpickled in the pool's thread when it arrives while a pool's worker shares this
    # process's items (this process is busy with its own work then, not idle at the end),
    # once, whenever it is asked for (with no pool sharing: round 43,
    # tests/test_pool_apart_load_later.py)
    _needs_fork()
    monkeypatch.setattr(pool, "_SHARING", [1])
    loads: list[int] = []
    real = pool.loads

    def counted(blob: bytes) -> object:
        got = real(blob)
        if got == _many_findings():  # this handle's result (another test's Apart may load too)
            loads.append(len(blob))
        return got

    monkeypatch.setattr(pool, "loads", counted)
    handle = pool.Apart(_findings_apart)
    assert handle._future is not None
    handle._future.result(timeout=60)
    deadline = time.monotonic() + 10
    while handle._loaded is None and time.monotonic() < deadline:  # its callback, just after
        time.sleep(0.01)
    assert handle._loaded is not None and len(loads) == 1
    assert handle.result() == _many_findings() and handle.result() is handle.result()
    assert len(loads) == 1


def test_the_apart_rules_modules_are_imported_before_their_process_forks(
        tmp_path: Path, monkeypatch) -> None:
    # SDC503's process inherits numpy and sdc.linking instead of importing them again
    import importlib.util

    from sdc import engine
    from sdc.rules import REGISTRY
    from sdc.rules.base import Rule

    assert REGISTRY["SDC503"].apart_imports
    assert all(importlib.util.find_spec(name) for name in REGISTRY["SDC503"].apart_imports)
    (tmp_path / "sdc_apart_probe.py").write_text("LOADED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "sdc_apart_probe", raising=False)

    class _Apart(Rule):
        code, name, summary, scope, apart = "SDC999", "x", "x", "release", True
        apart_imports = ("sdc_apart_probe",)

    class _Here(_Apart):
        apart = False

    engine._import_for_apart([_Here(_Here.Params())])
    assert "sdc_apart_probe" not in sys.modules  # not an apart rule: nothing imported for it
    engine._import_for_apart([_Apart(_Apart.Params())])
    assert sys.modules["sdc_apart_probe"].LOADED


def _pid_and_probe(i: int) -> tuple[int, int, bool]:
    time.sleep(0.002)
    return i, os.getpid(), "sdc_beside_probe" in sys.modules


def test_modules_asked_beside_are_imported_here_while_the_workers_compute(
        tmp_path: Path, monkeypatch) -> None:
    # pool.import_beside: this process imports them inside the pool, after its worker is
    # forked (the worker never has them), instead of an item; one that fails is left to its
    # user; the results and their order are the pool's as ever, and nothing is left asked
    _needs_fork()
    (tmp_path / "sdc_beside_probe.py").write_text("LOADED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "sdc_beside_probe", raising=False)
    pool.import_beside(["sdc_beside_probe", "sdc_no_such_module_beside"])
    try:
        got = list(pool.map_indices(_pid_and_probe, 240, 2, {}))
    finally:
        pool.import_beside(())
    assert [i for i, _, _ in got] == list(range(240))
    assert sys.modules["sdc_beside_probe"].LOADED
    assert "sdc_no_such_module_beside" not in sys.modules
    assert not pool._BESIDE
    first = got[0]
    assert first[1] == _PARENT and not first[2]  # the first item: before the fork, not yet
    assert not any(seen for _, pid, seen in got if pid != _PARENT)  # never in the worker
    assert len({pid for _, pid, _ in got}) == 2


def test_modules_asked_beside_are_not_imported_without_a_worker(tmp_path: Path,
                                                                monkeypatch) -> None:
    # a pool not worth starting forks nothing: the module is imported where first used
    (tmp_path / "sdc_beside_probe.py").write_text("LOADED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "sdc_beside_probe", raising=False)
    pool.import_beside(["sdc_beside_probe"])
    try:
        assert list(pool.ordered_map(str, range(8), 2)) == [str(i) for i in range(8)]
    finally:
        pool.import_beside(())
    assert "sdc_beside_probe" not in sys.modules


def test_the_audit_asks_its_modules_beside_its_systems_pool(tmp_path: Path,
                                                           monkeypatch) -> None:
    # under -j, the suppression audit asks for its later modules while its tables' systems
    # are built (a pool of them has workers only when tables hide cells), and forgets them
    # after; under -j 1 it asks for none
    from sdc.rules import suppression

    asked: list[tuple[str, ...]] = []
    real = pool.import_beside
    monkeypatch.setattr(pool, "import_beside", lambda names: (asked.append(tuple(names)),
                                                              real(names))[1])
    root = _release(tmp_path)
    sdc.check(root, build_policy({}), jobs=2)
    assert suppression.AUDIT_IMPORTS in asked and asked[-1] == ()
    asked.clear()
    sdc.check(root, build_policy({}), jobs=1)
    assert suppression.AUDIT_IMPORTS not in asked


def test_the_apart_findings_share_equal_locations_and_texts_when_sent() -> None:
    # SDC503's process sends each distinct location and text once (the pickle's memo): the
    # findings read the same, each its own finding and evidence
    import pickle

    from sdc.engine import _sent_shared
    from sdc.results import Finding, Location

    def made() -> list[Finding]:
        return [Finding(rule="SDC503", name="differencing", message=f"a = {i % 3}",
                        location=Location(path="t.csv", cell=f"B{i % 2}"),
                        related=[Location(path="u.csv", cell="C1")],
                        evidence={"band": f"[{i % 2}, 5)", "derived": float(i % 3)})
                for i in range(12)]

    before = [f.to_dict() for f in made()]
    sent = _sent_shared({"SDC503": made()})["SDC503"]
    assert [f.to_dict() for f in sent] == before
    assert len({id(f.location) for f in sent}) == 2
    assert len({id(f.related[0]) for f in sent}) == 1
    assert len({id(f.message) for f in sent}) == 3
    assert len({id(f.evidence["band"]) for f in sent}) == 2
    assert len({id(f.evidence) for f in sent}) == 12  # each finding's own evidence
    back = pickle.loads(pickle.dumps(sent, protocol=pickle.HIGHEST_PROTOCOL))
    assert [f.to_dict() for f in back] == before
    assert len(pickle.dumps(sent)) < len(pickle.dumps(made()))
