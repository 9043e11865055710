"""SDC503's count indexes under ``-j``: computed ahead in one pass when the first is asked
for, not with the cuttings (round 49, mem49; issue 14 §3). Computed with the cuttings they
were held, and their keys interned, through ``_bands`` and ``_together``, where SDC503's
process meets the parent's peak at ``-j 2``. The indexes are the ones the serial run
makes (the keys numbered as a worker sends them, as before), and the findings are ``-j 1``'s."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc import pool
from sdc.engine import read_release
from sdc.labels_keys import LabelsKeys
from sdc.ledger.checking import context
from sdc.policy import build_policy
from sdc.rules import differencing
from sdc.rules.differencing import Differencing, _count_index, _PerOutput
from tests.test_parallel import _release_for_release_rules


def _needs_fork() -> None:
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("needs forked workers")


def test_indexes_are_computed_when_the_first_is_asked_for(tmp_path: Path,
                                                          monkeypatch) -> None:
    _needs_fork()
    root = _release_for_release_rules(tmp_path, 36)
    outputs, *_ = read_release([root], build_policy({}))
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)  # both passes forked
    ahead = _PerOutput(outputs, 2)
    assert len(ahead.ready) == len(outputs)  # the cuttings, computed at once
    assert ahead.indexes == {} and ahead.keys.by_number == []  # no index, no key yet
    first = next(o for o in outputs if o.table is not None)
    got = ahead.count_index(first)
    tables = [o for o in outputs if o.table is not None]
    assert len(ahead.indexes) == len(tables) == 48  # every table's, in that one pass
    assert got is ahead.indexes[id(first)]
    serial_keys = LabelsKeys()
    for output in tables:  # the serial indexes
        index = _count_index(output, serial_keys)
        pooled = ahead.count_index(output)
        assert pooled is ahead.indexes[id(output)]
        assert list(pooled) == list(index) and all(pooled[k] is index[k] for k in index)
        assert (pooled.n_counts, pooled.names) == (index.n_counts, index.names)
    assert sorted(ahead.keys.by_number) == sorted(serial_keys.by_number)  # each key once
    assert len(ahead.indexes) == len(tables)  # none computed twice


def test_serial_ahead_computes_no_index_before_it_is_asked_for(tmp_path: Path) -> None:
    root = _release_for_release_rules(tmp_path, 4)
    outputs, *_ = read_release([root], build_policy({}))
    ahead = _PerOutput(outputs, 2)  # fewer than a pool's items: computed here
    assert ahead.indexes == {} and ahead.keys.by_number == []
    table = next(o for o in outputs if o.table is not None)
    index = ahead.count_index(table)
    assert list(index) == list(_count_index(table))
    assert len(ahead.indexes) == sum(1 for o in outputs if o.table is not None) == 16


def test_one_job_computes_each_index_where_it_is_asked(tmp_path: Path) -> None:
    root = _release_for_release_rules(tmp_path, 4)
    outputs, *_ = read_release([root], build_policy({}))
    ahead = _PerOutput(outputs, 1)
    table = next(o for o in outputs if o.table is not None)
    assert list(ahead.count_index(table)) == list(_count_index(table))
    assert ahead.indexes == {} and ahead.ready == {}  # -j 1 keeps nothing ahead


def test_no_index_is_made_before_together_and_the_findings_are_one_jobs(
        tmp_path: Path, monkeypatch) -> None:
    root = _release_for_release_rules(tmp_path, 36)
    policy = build_policy({})
    outputs, request, folder, _ = read_release([root], policy)
    events: list[str] = []
    real_index, real_together = differencing._count_index, Differencing._together

    def indexing(*args, **kwargs):
        events.append("index")
        return real_index(*args, **kwargs)

    def together(self, *args, **kwargs):
        events.append("together")
        return real_together(self, *args, **kwargs)

    found = {}
    for jobs in (1, 2):
        events.clear()
        ctx = context(policy, folder, request.request.model_dump(exclude_none=True), None)
        ctx.jobs = jobs
        with monkeypatch.context() as patch:  # no pool: every call is seen here
            patch.setattr(pool, "MIN_ITEMS_FOR_POOL", 10**6)
            patch.setattr(differencing, "_count_index", indexing)
            patch.setattr(Differencing, "_together", together)
            rule = Differencing(Differencing.Params())
            found[jobs] = [f.to_dict() for f in rule.check_release(outputs, ctx)]
        assert "together" in events and "index" in events
        assert events.index("together") < events.index("index"), jobs
    assert found[2] == found[1]
    assert [(f["rule"], f["location"]["path"], f["location"]["cell"], f["status"])
            for f in found[1]] == [("SDC503", path, cell, "fail") for path, cell in _EXPECTED]


# the bands re-cut (b and c against a), the ethnicity subgroup, the two families of re-runs
_EXPECTED = [("bands_b.csv", "B2"), ("bands_c.csv", "B2"), ("bands_c.csv", "B2"),
             ("bands_b.csv", "C2"), ("bands_c.csv", "C2"), ("bands_c.csv", "C2"),
             ("ethnicity_males.csv", "B2"), ("ethnicity_males.csv", "B3"),
             ("imd_run1.csv", "B2"), ("imd_run2.csv", "B2"), ("imd_run2.csv", "B2"),
             ("year_run1.csv", "B2"), ("year_run2.csv", "B2"), ("year_run2.csv", "B2")]
