"""Round 45 (imp45): the per-output stage's survivors are moved to the oldest generation before
the release stage, so its first young collection (SDC402's linking, alone at ``-j 2``) does not
walk them (``sdc.gc_pacing.survivors_made_old``)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import sdc
from benchmarks.bench_scale import make_small_release
from sdc import gc_pacing, linking
from sdc.policy import build_policy

TABLES = 150  # ~210 uncounted survivors a table on main: ~31,000 in the young generation


def test_survivors_made_old_empties_the_young_generation() -> None:
    if gc.get_freeze_count():
        pytest.skip("the test process froze objects itself")
    kept = [[i] for i in range(5000)]  # young survivors
    assert gc.isenabled()
    assert gc_pacing.survivors_made_old() is True
    young = {id(o) for o in gc.get_objects(generation=0)}
    assert not any(id(k) in young for k in kept)
    assert all(gc.is_tracked(k) for k in kept[:10])  # still collectable (oldest generation)
    assert gc.get_freeze_count() == 0


def test_survivors_made_old_leaves_a_freeze_or_a_stopped_collector() -> None:
    held = [[i] for i in range(100)]
    gc.freeze()
    try:
        assert gc_pacing.survivors_made_old() is False
        # the caller's freeze not undone: its objects are in no collected generation (the
        # freeze count itself falls whenever a frozen object is freed, so it is not compared)
        collected = {id(o) for g in (0, 1, 2) for o in gc.get_objects(generation=g)}
        assert not any(id(k) in collected for k in held)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    gc.disable()
    try:
        kept = [[i] for i in range(100)]
        assert gc_pacing.survivors_made_old() is False
        young = {id(o) for o in gc.get_objects(generation=0)}
        assert any(id(k) in young for k in kept)
    finally:
        gc.enable()


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_linking_starts_with_a_small_young_generation(tmp_path: Path, jobs: int,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """On base45 the young generation held every table's survivors here at ``-j 1`` (33,193
    objects at 150 tables; fails there); now at most what the release stage made since (under
    the check's young threshold, ``gc_pacing.YOUNG_THRESHOLD``). At ``-j 2`` this size passes
    on base45 too (4,097 objects at 400 tables: the parent checks few tables itself here); it
    holds the same bound there."""
    make_small_release(tmp_path, TABLES)
    seen: list[int] = []
    real = linking.links_and_constants

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(len(gc.get_objects(generation=0)))
        return real(*args, **kwargs)

    monkeypatch.setattr(linking, "links_and_constants", spy)
    result = sdc.check(tmp_path, build_policy({}), jobs=jobs, in_release=True,
                       keep_models=False)
    assert result.summary()["outputs"] == TABLES
    assert len(seen) == 1
    assert seen[0] < gc_pacing.YOUNG_THRESHOLD + 2000, seen
