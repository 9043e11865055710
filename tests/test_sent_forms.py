"""``sdc check -j 2`` (models let go): SDC503's process sends the tables' forms it makes back to
the parent, which takes them instead of making each again (``sdc.sent_forms``, round 35,
fork35). Counted, not timed: each table's form is made once in all; the same findings as
``-j 1``; nothing sent (that process broken) and the parent makes them all, as before; a form
sent for another table is never taken."""

from __future__ import annotations

import collections
import os
import select
from pathlib import Path

import pytest

from benchmarks.bench_scale import make_small_release
from sdc import engine, pool, sent_forms
from sdc.policy import build_policy
from sdc.release_form import ReleaseTable, keep_form
from sdc.sent_forms import SentForms

pytestmark = pytest.mark.skipif(pool.start_context().get_start_method() != "fork",
                                reason="SDC503 runs apart only where processes fork")

TABLES = 60


def _forms_made(monkeypatch, log: Path) -> None:
    """Each form made, in any process (forked ones too), logged as its process's id."""
    real = ReleaseTable.of.__func__

    def of(cls, table):
        with open(log, "a", encoding="ascii") as out:
            out.write(f"{os.getpid()}\n")
        return real(cls, table)

    monkeypatch.setattr(ReleaseTable, "of", classmethod(of))


def _by_process(log: Path) -> collections.Counter:
    pids = log.read_text(encoding="ascii").split() if log.exists() else []
    return collections.Counter("here" if int(pid) == os.getpid() else "there" for pid in pids)


def _waits_for_the_forms(monkeypatch) -> None:
    """The parent waits (up to a minute) until the forms are sent before going on: what they
    save is counted, whatever the machine's load (the check itself never waits)."""
    real = SentForms.forked

    def forked(self: SentForms) -> None:
        real(self)
        select.select([self._read], [], [], 60)

    monkeypatch.setattr(SentForms, "forked", forked)


def _command(folder: Path, jobs: int) -> dict:
    return engine.run([folder], build_policy({}), jobs=jobs, keep_models=False
                      ).result.to_dict()


def test_each_form_is_made_once_on_the_command_path(tmp_path: Path, monkeypatch) -> None:
    folder, log = tmp_path / "release", tmp_path / "made.log"
    folder.mkdir()
    make_small_release(folder, TABLES)
    serial = _command(folder, 1)
    _waits_for_the_forms(monkeypatch)
    _forms_made(monkeypatch, log)
    assert _command(folder, 2) == serial
    # SDC503's process made each table's form; the parent (and a worker it forked) none
    assert _by_process(log) == {"there": TABLES}
    codes = {f["rule"] for o in serial["outputs"] for f in o["findings"]}
    assert {"SDC503", "SDC501", "SDC502"} <= codes


def test_made_twice_on_main_path_without_the_channel(tmp_path: Path, monkeypatch) -> None:
    # the twin: no channel (as before this round), each form made in both processes
    folder, log = tmp_path / "release", tmp_path / "made.log"
    folder.mkdir()
    make_small_release(folder, TABLES)
    serial = _command(folder, 1)
    monkeypatch.setattr(SentForms, "open", classmethod(lambda cls, outputs: None))
    _forms_made(monkeypatch, log)
    assert _command(folder, 2) == serial
    assert _by_process(log)["there"] >= TABLES  # SDC503's, and a worker's if one forked
    assert sum(_by_process(log).values()) == 2 * TABLES


def test_nothing_sent_and_the_parent_makes_them(tmp_path: Path, monkeypatch) -> None:
    folder, log = tmp_path / "release", tmp_path / "made.log"
    folder.mkdir()
    make_small_release(folder, TABLES)
    serial = _command(folder, 1)
    monkeypatch.setattr(SentForms, "send", lambda self, outputs: None)  # there too (forked)
    _forms_made(monkeypatch, log)
    assert _command(folder, 2) == serial
    assert sum(_by_process(log).values()) == 2 * TABLES


def _dies_apart(key: int) -> bytes:
    os._exit(1)


def test_a_dead_sdc503_process_sends_nothing(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "release"
    folder.mkdir()
    make_small_release(folder, TABLES)
    serial = _command(folder, 1)
    monkeypatch.setattr(pool, "_run_apart", _dies_apart)
    assert _command(folder, 2) == serial


def _read(folder: Path) -> list:
    outputs, _, _, _ = engine.read_release([folder], build_policy({}))
    return outputs


def test_a_form_is_taken_only_for_the_table_it_was_made_of(tmp_path: Path) -> None:
    make_small_release(tmp_path, 3)
    theirs, ours = _read(tmp_path), _read(tmp_path)  # "that process's" copies, and ours
    for output in theirs:
        keep_form(output, ReleaseTable.of(output.table))
    channel = SentForms.open(ours)
    assert channel is not None
    owner, channel.owner = channel.owner, -1  # as if forked: that process sends
    channel.send(theirs)
    channel.owner = owner
    ours[2].path = "elsewhere.csv"  # not the place it was sent for
    got, form = channel.take(ours[0])  # (the forms loaded now)
    ours[1].table = _read(tmp_path)[1].table  # the same cells, another table since
    assert got and form is not None
    assert form.measures == ours[0].table.measures
    assert all(a is b for a, b in zip(form.measures, ours[0].table.measures, strict=True))
    assert [form.cell(k) for k in range(len(form))] == list(ours[0].table.cells)
    assert channel.take(ours[0]) == (False, None)  # taken once
    assert channel.take(ours[1]) == (False, None)
    assert channel.take(ours[2]) == (False, None)
    channel.drop()


def test_a_form_a_worker_sent_lets_the_entry_go(tmp_path: Path) -> None:
    # a worker's result (``engine.keep_sent_form``): the entry, which holds the table, goes
    make_small_release(tmp_path, 2)
    theirs, ours = _read(tmp_path), _read(tmp_path)
    for output in theirs:
        keep_form(output, ReleaseTable.of(output.table))
    channel = SentForms.open(ours)
    assert channel is not None
    owner, channel.owner = channel.owner, -1
    channel.send(theirs)
    channel.owner = owner
    with sent_forms.taking(channel):
        assert sent_forms.sent(ours[1])[0]  # (the index loaded)
        assert channel.forms is not None and id(ours[0]) in channel.forms
        engine.keep_sent_form(ours[0], ReleaseTable.of(ours[0].table))
        assert channel.forms == {}
        assert sent_forms.sent(ours[0]) == (False, None)


def test_no_form_is_taken_in_another_process_or_once_dropped(tmp_path: Path) -> None:
    make_small_release(tmp_path, 2)
    outputs = _read(tmp_path)
    for output in outputs:
        keep_form(output, ReleaseTable.of(output.table))
    channel = SentForms.open(outputs)
    assert channel is not None
    channel.send(outputs)  # this process is the one that reads: nothing written
    assert channel.take(outputs[0]) == (False, None)
    with sent_forms.taking(channel):
        assert sent_forms.sent(outputs[0]) == (False, None)
    assert sent_forms.sent(outputs[0]) == (False, None)  # none taken from outside the stage
    assert channel.forms == {} and channel._read == -1  # dropped: descriptors closed


def test_each_form_is_made_once_when_sdc503_starts_after_the_read(tmp_path: Path,
                                                                  monkeypatch) -> None:
    # two folders: no early start (``_start_apart``, forked in the check itself)
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder in folders:
        folder.mkdir()
        make_small_release(folder, TABLES // 2)
    log = tmp_path / "made.log"
    policy = build_policy({})
    serial = engine.run(folders, policy, jobs=1, keep_models=False).result.to_dict()
    _waits_for_the_forms(monkeypatch)
    _forms_made(monkeypatch, log)
    assert engine.run(folders, policy, jobs=2, keep_models=False).result.to_dict() == serial
    assert _by_process(log) == {"there": TABLES}
