"""Under ``-j`` with SDC503 in a process of its own and the models kept (the API), the
per-output stage makes no compact forms: that process makes its own, and the readers left
here read the models (``engine._forms_unread``, round 34, fork34). The same findings as
``-j 1``; a broken process's SDC503 computed here from forms made then."""

from __future__ import annotations

import collections
import os
from pathlib import Path

import pytest

import sdc
from benchmarks.bench_scale import make_small_release
from sdc import engine, pool
from sdc.policy import build_policy
from sdc.release_form import ReleaseTable

pytestmark = pytest.mark.skipif(pool.start_context().get_start_method() != "fork",
                                reason="SDC503 runs apart only where processes fork")


def _forms_made_here(monkeypatch) -> collections.Counter:
    """Forms made in this process (not in a forked one), by table."""
    made: collections.Counter = collections.Counter()
    real = ReleaseTable.of.__func__
    me = os.getpid()

    def of(cls, table):
        if os.getpid() == me:
            made[id(table)] += 1
        return real(cls, table)

    monkeypatch.setattr(ReleaseTable, "of", classmethod(of))
    return made


def _kept_forms(outputs) -> list:
    return [output.__dict__.get("_sdc_release_form", (None, "none kept"))[1]
            for output in outputs if output.table is not None]


def test_no_form_made_here_when_sdc503_runs_apart(tmp_path: Path, monkeypatch) -> None:
    make_small_release(tmp_path, 60)
    policy = build_policy({})
    serial = sdc.check(tmp_path, policy, jobs=1).to_dict()
    made = _forms_made_here(monkeypatch)
    checked = engine.run([tmp_path], policy, jobs=2)
    assert checked.result.to_dict() == serial
    assert sum(made.values()) == 0
    assert _kept_forms(checked.outputs) == [None] * 60  # kept as "read the model"
    codes = {f["rule"] for o in serial["outputs"] for f in o["findings"]}
    assert {"SDC503", "SDC501", "SDC502"} <= codes


def test_forms_made_as_before_at_j1_and_when_models_go(tmp_path: Path, monkeypatch) -> None:
    make_small_release(tmp_path, 60)
    policy = build_policy({})
    made = _forms_made_here(monkeypatch)
    checked = engine.run([tmp_path], policy, jobs=1)
    assert all(form is not None for form in _kept_forms(checked.outputs))
    assert len(made) == 60
    made.clear()
    engine.run([tmp_path], policy, jobs=2, keep_models=False)  # sdc check: stand-ins' forms
    # SDC503's process sends its forms back (round 35, sent_forms); a table whose form has not
    # arrived at its turn makes it here. How many that is depends on the load, never twice.
    assert len(made) <= 60 and set(made.values()) <= {1}
    assert engine._FORMS_UNREAD == []


def _dies_apart(key: int) -> bytes:
    os._exit(1)


def test_a_broken_sdc503_process_makes_the_forms_here(tmp_path: Path, monkeypatch) -> None:
    make_small_release(tmp_path, 60)
    policy = build_policy({})
    serial = sdc.check(tmp_path, policy, jobs=1).to_dict()
    monkeypatch.setattr(pool, "_run_apart", _dies_apart)
    made = _forms_made_here(monkeypatch)
    assert sdc.check(tmp_path, policy, jobs=2).to_dict() == serial
    assert len(made) == 60 and set(made.values()) == {1}  # once each, for SDC503 here


def test_sdc504_reads_the_models_against_a_ledger(tmp_path: Path) -> None:
    # SDC504 reads each output's form (``form_of``): with none made, the model's cells,
    # and the same findings as -j 1 (forms made) against the same ledger
    from tests.test_ledger_support import ledger_location, opened
    from tests.test_prior_release import RELEASED, RERUN, _release

    with ledger_location("sqlite", tmp_path) as url, opened(url) as ledger:
        _release(ledger, tmp_path, {"age_sex.csv": RELEASED})
        folder = tmp_path / "new"
        folder.mkdir()
        make_small_release(folder, 40)
        (folder / "age_sex.csv").write_text(RERUN)
        policy = build_policy({})
        serial = sdc.check(folder, policy, jobs=1, ledger=ledger).to_dict()
        checked = engine.run([folder], policy, jobs=2, ledger=ledger)
        assert checked.result.to_dict() == serial
        assert set(_kept_forms(checked.outputs)) == {None}
        assert ("age_sex.csv", "SDC504") in {(o["path"], f["rule"]) for o in serial["outputs"]
                                            for f in o["findings"]}
