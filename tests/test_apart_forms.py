"""SDC503's process under ``-j`` (``engine._apart_findings``) makes each table's compact form
once and keeps it, within a budget of cells, and finds what it found making them each time."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from benchmarks.bench_scale import make_small_release
from sdc import engine
from sdc.policy import build_policy
from sdc.release_form import ReleaseTable, forget_form


def _prepared(root: Path):
    policy = build_policy({})
    outputs, request, folder, _ = engine.read_release([root], policy)
    ctx = engine._context(policy, folder, request, None, 1)
    engine._prepare(outputs, policy)
    rules = [r for r in engine._enabled_rules(policy) if r.scope == "release"]
    return outputs, rules, ctx, policy


def _findings(found: dict) -> list[tuple]:
    return [(code, f.location.path, f.location.cell, f.message,
             [(r.path, r.cell) for r in f.related]) for code, fs in found.items() for f in fs]


def _counting_forms(monkeypatch) -> collections.Counter:
    made: collections.Counter = collections.Counter()
    real = ReleaseTable.of.__func__

    def of(cls, table):
        made[id(table)] += 1
        return real(cls, table)

    monkeypatch.setattr(ReleaseTable, "of", classmethod(of))
    return made


def _single_part_reads(outputs) -> dict[int, int]:
    """The forms ``single_part`` reads per table: one for a table of two dimensions or more."""
    return {id(o.table): int(len(o.table.dimensions) >= 2) for o in outputs if o.table is not None}


def test_each_form_made_once_and_the_same_findings(tmp_path: Path, monkeypatch) -> None:
    make_small_release(tmp_path, 40)
    outputs, rules, ctx, policy = _prepared(tmp_path)
    from sdc.rules.differencing import output_cuttings

    banded = {id(o.table) for o in outputs if o.table is not None and output_cuttings(o)}
    made = _counting_forms(monkeypatch)
    monkeypatch.setattr(engine, "APART_FORM_CELLS", 0)  # none kept: made as each is read
    each_time = engine._apart_findings(outputs, rules, ctx, policy)
    # the reason: SDC503 reads each form four times (its readings of bands and pairs), and
    # bands43's `years_apart` of every table's year labels a fifth where no reading of
    # bands made one it can read again (round 44, d503), and part51's single parts one more
    # for each table of two dimensions or more (`single_part._may_be_one_valued`, round 51)
    assert 0 < len(banded) < len(made)
    extra = _single_part_reads(outputs)
    assert {t: n for t, n in made.items() if t in banded} == {t: 4 + extra[t] for t in banded}
    assert {t: n for t, n in made.items() if t not in banded} == \
        {t: 5 + extra[t] for t in made if t not in banded}
    for output in outputs:
        forget_form(output)
    made.clear()
    monkeypatch.setattr(engine, "APART_FORM_CELLS", 2_000_000)
    kept = engine._apart_findings(outputs, rules, ctx, policy)
    assert len(made) == 40 and set(made.values()) == {1}
    assert _findings(kept) == _findings(each_time)
    assert len(kept["SDC503"]) > 10  # differencing found: the forms were read


def test_the_budget_keeps_the_first_tables_forms_only(tmp_path: Path, monkeypatch) -> None:
    make_small_release(tmp_path, 40)
    outputs, rules, ctx, policy = _prepared(tmp_path)
    sizes = [len(o.table.cells) for o in outputs if o.table is not None]
    budget = sum(sizes[:10])
    from sdc.rules.differencing import output_cuttings

    banded = {id(o.table) for o in outputs if o.table is not None and output_cuttings(o)}
    made = _counting_forms(monkeypatch)
    monkeypatch.setattr(engine, "APART_FORM_CELLS", budget)
    engine._apart_findings(outputs, rules, ctx, policy)
    tables = [id(o.table) for o in outputs if o.table is not None]
    assert [made[t] for t in tables[:10]] == [1] * 10
    extra = _single_part_reads(outputs)
    assert [made[t] for t in tables[10:]] == [(4 if t in banded else 5) + extra[t]
                                              for t in tables[10:]]


@pytest.mark.parametrize("jobs", [2])
def test_the_pooled_check_finds_what_the_serial_one_finds(tmp_path: Path, jobs: int) -> None:
    import sdc

    make_small_release(tmp_path, 60)
    policy = build_policy({})
    assert sdc.check(tmp_path, policy, jobs=jobs).to_dict() == \
        sdc.check(tmp_path, policy, jobs=1).to_dict()
