"""The audit's systems made compact as each table's is built (``sdc.link_columns``,
``TableSystem.compact``): the links, and the whole audit, are those of the lists the systems
held before (issue 14 §3)."""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc import engine, linking
from sdc.link_columns import LinkNumbers
from sdc.linking import TableSystem, open_tail, population_key, shared_cells, table_systems
from sdc.policy import build_policy
from sdc.rules import suppression
from tests.test_linking_blocking import _all_pairs, systems


def _compacted(tables: list[SimpleNamespace]) -> list[SimpleNamespace]:
    """Copies of ``tables`` as ``table_systems(compact=True)`` leaves them: the count ones'
    keys and values as columns numbered together, in order; the lists gone."""
    numbers = LinkNumbers()
    out = []
    for ts in tables:
        links = (numbers.columns(population_key(ts.output), ts.keys, ts.values)  # type: ignore[arg-type]
                 if ts.count else None)
        out.append(SimpleNamespace(measure=ts.measure, count=ts.count, keys=[], values=[],
                                   output=ts.output, links=links))
    return out


@settings(max_examples=200, deadline=None)
@given(systems())
def test_compact_links_are_those_of_the_lists(tables: list[SimpleNamespace]) -> None:
    offsets = list(range(0, 100 * len(tables), 100))
    expected = _all_pairs(tables, offsets)
    assert shared_cells(_compacted(tables), offsets) == expected  # type: ignore[arg-type]
    assert shared_cells(tables, offsets) == expected  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(systems(own_hubs=True))
def test_compact_links_are_those_of_the_lists_when_hubs_differ(
        tables: list[SimpleNamespace]) -> None:
    offsets = list(range(0, 100 * len(tables), 100))
    assert shared_cells(_compacted(tables), offsets) == \
        _all_pairs(tables, offsets)  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(systems())
def test_values_that_are_not_floats_are_compared_as_they_are(
        tables: list[SimpleNamespace]) -> None:
    """An int (a value no float64 column should hold as it is) keeps the table's values as
    objects: the same links as the lists give."""
    for ts in tables:
        ts.values = [int(v) if v is not None and v == v and v > 2 else v for v in ts.values]
    offsets = list(range(0, 100 * len(tables), 100))
    compact = _compacted(tables)
    assert shared_cells(compact, offsets) == _all_pairs(tables, offsets)  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(systems(), st.booleans())
def test_consumed_columns_link_alike_and_are_let_go(tables: list[SimpleNamespace],
                                                   ints: bool) -> None:
    """``consume`` (the audit): the same links as the lists give, float or object columns,
    and each count system's columns taken from it (``links`` None), none left behind."""
    if ints:  # object columns
        for ts in tables:
            ts.values = [int(v) if v is not None and v == v and v > 2 else v for v in ts.values]
    offsets = list(range(0, 100 * len(tables), 100))
    compact = _compacted(tables)
    assert shared_cells(compact, offsets, consume=True) == \
        _all_pairs(tables, offsets)  # type: ignore[arg-type]
    if sum(ts.count for ts in tables) >= 2:  # one count table is linked to nothing, unread
        assert all(ts.links is None for ts in compact)


def test_columns_keep_each_value_and_number_keys_in_order() -> None:
    numbers = LinkNumbers()
    first = numbers.columns("p", [(1, 2), (3,), (1, 2), ()], [1.0, None, math.nan, -0.0])
    second = numbers.columns("p", [(3,), (4,)], [2.0, None])
    other = numbers.columns("q", [(4,)], [5])
    assert first.ids.tolist() == [0, 1, 0, 2] and second.ids.tolist() == [1, 3]
    assert other.ids.tolist() == [0] and other.objects == [5]
    values = first.values()
    assert values[0] == 1.0 and values[1] is None and math.isnan(values[2])  # type: ignore[arg-type]
    assert math.copysign(1.0, values[3]) == -1.0  # type: ignore[arg-type]
    assert first.known.tolist() == [True, False, True, True]



@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("pq"),
                          st.lists(st.tuples(st.integers(0, 4), st.integers(0, 2)),
                                   max_size=12)), max_size=6))
def test_keys_are_numbered_as_one_setdefault_per_key(
        builds: list[tuple[str, list[tuple[int, ...]]]]) -> None:
    """The numbers ``columns`` gives (new keys numbered once each, first met first) are those
    a ``setdefault(key, len(ids))`` per key gives, over systems of two populations in turn."""
    numbers, plain = LinkNumbers(), {}  # type: ignore[var-annotated]
    for population, keys in builds:
        got = numbers.columns(population, keys, [1.0] * len(keys))
        ids = plain.setdefault(population, {})
        assert got.ids.tolist() == [ids.setdefault(key, len(ids)) for key in keys]
    assert numbers.sizes() == {p: len(ids) for p, ids in plain.items()}


@pytest.mark.parametrize(("values", "floats"), [
    ([1.0, None, -0.0, math.inf], True), ([], True), ([None], True), ([1.0, 2], False),
    ([True], False), ([1.0, "1"], False)])
def test_only_floats_and_none_are_kept_as_float_columns(values: list, floats: bool) -> None:
    got = LinkNumbers().columns("p", [(k,) for k in range(len(values))], values)
    assert (got.objects is None) == floats
    back = got.values()
    assert [(type(v), math.copysign(1.0, v) if isinstance(v, float) else v) for v in back] \
        == [(type(v), math.copysign(1.0, v) if isinstance(v, float) else v) for v in values]

def test_systems_of_one_build_and_lists_cannot_be_linked_together() -> None:
    """A compact system holds no keys: linked beside one that does, or one of another build,
    the linking refuses (the audit then checks each table alone and says so) rather than
    link by keys it no longer has."""
    out = SimpleNamespace(request={})
    lists = SimpleNamespace(count=True, keys=[(1,)], values=[1.0], output=out, links=None)
    built = SimpleNamespace(count=True, keys=[], values=[], output=out,
                            links=LinkNumbers().columns(population_key(out), [(1,)], [1.0]))
    another = SimpleNamespace(count=True, keys=[], values=[], output=out,
                              links=LinkNumbers().columns(population_key(out), [(1,)], [1.0]))
    with pytest.raises(ValueError, match="compact"):
        shared_cells([lists, built], [0, 10])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="compact"):
        shared_cells([built, another], [0, 10])  # type: ignore[list-item]


def test_values_without_their_keys_are_not_linked() -> None:
    """A system built without link keys (``link=False``) still has its values: linked, the
    lists raised (no key for a value), and so do the columns, never pairing a value with
    another variable's key."""
    out = SimpleNamespace(request={})
    numbers = LinkNumbers()
    keyless = SimpleNamespace(count=True, keys=[], values=[], output=out,
                              links=numbers.columns(population_key(out), [], [1.0, 2.0]))
    keyed = SimpleNamespace(count=True, keys=[], values=[], output=out,
                            links=numbers.columns(population_key(out), [(1,), (2,)],
                                                  [1.0, 2.0]))
    lists = [SimpleNamespace(count=True, keys=[], values=[1.0, 2.0], output=out, links=None),
             SimpleNamespace(count=True, keys=[(1,), (2,)], values=[1.0, 2.0], output=out,
                             links=None)]
    with pytest.raises(ValueError):
        shared_cells(lists, [0, 10])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="differ in number"):
        shared_cells([keyless, keyed], [0, 10])  # type: ignore[list-item]


def _release(folder: Path, seed: int) -> None:
    """A few wide count tables of one population (regions by ages, totals on both sides),
    cut from the same counts with different cells hidden, one with a column of its own, one
    of another population's numbers: cells hidden in one are published in another."""
    rng = random.Random(seed)
    regions, ages = ["North", "South", "East", "West"][:rng.randint(2, 4)], ["0-17", "18-64",
                                                                            "65+"]
    counts = {(r, a): rng.choice([0, 2, 3, 5, 8, 12, 20, 40, 75]) for r in regions for a in ages}
    for t in range(rng.randint(2, 4)):
        own = t == 3 and rng.random() < 0.5  # another population's numbers
        cols = ages if t != 2 else ages[:2]
        rows = []
        for r in regions:
            values = [counts[r, a] + (1 if own else 0) for a in cols]
            rows.append([r, *values, sum(values)])
        rows.append(["Total", *(sum(row[1 + j] for row in rows) for j in range(len(cols))),
                     sum(row[-1] for row in rows)])
        lines = [",".join(["region", *cols, "Total"])]
        for row in rows:
            shown = [row[0]] + [("[c]" if 0 < v < 10 and rng.random() < 0.8 else str(v))
                                if j < len(cols) and row[0] != "Total" else str(v)
                                for j, v in enumerate(row[1:])]
            lines.append(",".join(shown))
        (folder / f"table{t}.csv").write_text("\n".join(lines) + "\n")


def _audit(folder: Path, compact: bool, monkeypatch: pytest.MonkeyPatch) -> tuple:
    policy = build_policy({})
    outputs, *_ = engine.read_release([folder], policy)
    engine._prepare(outputs, policy)
    view = engine._release_view(outputs, policy)
    real = linking.table_systems
    with monkeypatch.context() as patch:
        patch.setattr(linking, "table_systems",
                      lambda *a, **k: real(*a, **{**k, "compact": compact}))
        audit = suppression._Audit(view, policy.shared.rounding_base,
                                   list(policy.total_labels))
    order = {id(ts): k for k, ts in enumerate(audit.systems)}
    return ([(order[id(c.ts)], c.ts.output.path, c.cell.source.row, c.cell.source.col,
              c.interval.lo, c.interval.hi, c.interval.exact,
              [loc.display() for loc in c.related], c.weak) for c in audit.cells],
            [(order[id(ts)], why) for ts, why in audit.failed],
            [order[id(ts)] for ts in audit.infeasible],
            sorted(detail for _, detail in audit.crashed.values()), audit.components)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6))
def test_the_audit_of_compact_systems_is_that_of_the_lists(
        seed: int, tmp_path_factory: pytest.TempPathFactory,
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path_factory.mktemp("release")
    _release(folder, seed)
    lists = _audit(folder, False, monkeypatch)
    assert _audit(folder, True, monkeypatch) == lists


def test_a_linked_release_is_audited_alike_and_links_tables(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A seed whose tables link (the equivalence above is not only of unlinked tables)."""
    for seed in itertools.count():
        folder = tmp_path / str(seed)
        folder.mkdir()
        _release(folder, seed)
        lists = _audit(folder, False, monkeypatch)
        if any(len(tables) > 1 for tables in lists[4]) and any(c[7] for c in lists[0]):
            break
    assert _audit(folder, True, monkeypatch) == lists


def test_compact_systems_hold_columns_and_their_tables_no_lines(tmp_path: Path) -> None:
    _release(tmp_path, 5)
    policy = build_policy({})
    outputs, *_ = engine.read_release([tmp_path], policy)
    engine._prepare(outputs, policy)
    for o in outputs:
        o.table.line_parts(o.table.measures[0].role)  # type: ignore[union-attr]
    lists = table_systems(outputs, None, total_labels=list(policy.total_labels))
    assert all(o.table._lines_cache for o in outputs)  # type: ignore[union-attr]
    compact = table_systems(outputs, None, total_labels=list(policy.total_labels),
                            compact=True)
    assert not any(o.table._lines_cache for o in outputs)  # type: ignore[union-attr]
    assert len(lists) == len(compact) > 1
    # each population's keys numbered in the order first met, over the count systems in order
    expected: dict[str, dict[tuple[int, ...], int]] = {}
    for a in lists:
        if a.count:
            ids = expected.setdefault(population_key(a.output), {})
            for key in a.keys:
                ids.setdefault(key, len(ids))
    sealed = {id(b.links.numbers) for b in compact if b.links is not None}
    assert len(sealed) == 1  # one build's numbers, sealed: the keys let go, the counts kept
    numbers = next(b.links.numbers for b in compact if b.links is not None)
    assert numbers.by_population == {}  # every key let go
    assert numbers.sizes() == {pop: len(ids) for pop, ids in expected.items()}
    with pytest.raises(ValueError, match="sealed"):
        numbers.columns(next(iter(expected)), [(1,)], [1.0])
    for a, b in zip(lists, compact, strict=True):
        assert b.keys == [] and b.values == []
        lower, upper = b.bounds()
        assert lower.tolist() == a.lower and upper.tolist() == a.upper
        assert list(b.lower) == a.lower[:len(b.lower)] and b.n_vars == len(a.lower)
        # the stored bounds end where the last run of exactly [+0.0, inf) begins
        run = 0
        while run < len(a.lower) and (a.lower[-1 - run], a.upper[-1 - run]) == (0.0, math.inf) \
                and math.copysign(1.0, a.lower[-1 - run]) > 0:
            run += 1
        assert b.open_tail == run
        if a.count and a.n_vars > len(a.cells):  # the unpublished totals are never stored
            assert run >= a.n_vars - len(a.cells) > 0
        assert list(b.suppressed) == a.suppressed
        assert b.n_vars == a.n_vars and b.count == a.count
        if a.count:
            assert b.links is not None and b.links.values() == a.values
            ids = expected[population_key(a.output)]
            assert b.links.ids.tolist() == [ids[key] for key in a.keys]
        else:
            assert b.links is None


@pytest.mark.parametrize(("lower", "upper", "tail"), [
    ([], [], 0),
    ([0.0], [math.inf], 1),
    ([5.0, 0.0, 0.0], [5.0, math.inf, math.inf], 2),
    ([0.0, 0.0, -0.0], [math.inf, math.inf, math.inf], 0),  # -0.0 is kept as it is
    ([0.0, 0.0], [math.inf, 9.0], 0),
    ([0.0, 0.0, 1.0, 0.0], [math.inf, math.inf, math.inf, math.inf], 1),
    ([0.0, math.nan], [math.inf, math.inf], 0),
    ([0.0, 0.0], [math.inf, math.nan], 0),
    ([0.0, 0.0], [math.inf], 0),  # not a system's bounds: nothing left out
])
def test_open_tail_is_the_exact_last_run_of_zero_to_infinity(lower: list[float],
                                                              upper: list[float],
                                                              tail: int) -> None:
    assert open_tail(lower, upper) == tail


def test_compact_bounds_give_back_the_same_floats_and_variables() -> None:
    ts = TableSystem(output=None, measure=None, cells=[],  # type: ignore[arg-type]
                     lower=[3.0, -0.0, 0.0, 0.0], upper=[3.0, math.inf, math.inf, math.inf],
                     suppressed=[1, 3])
    ts.compact(LinkNumbers())
    assert (list(ts.lower), list(ts.upper), ts.open_tail, ts.n_vars) == (
        [3.0, -0.0], [3.0, math.inf], 2, 4)
    lower, upper = ts.bounds()
    assert lower.tolist() == [3.0, -0.0, 0.0, 0.0] and upper.tolist() == [3.0] + [math.inf] * 3
    assert [math.copysign(1.0, v) for v in lower.tolist()] == [1.0, -1.0, 1.0, 1.0]
    assert ts.system.n_vars == 4 and ts.system.lower.tolist() == lower.tolist()
    ts.release_equations()
    assert ts.n_vars == 0 and ts.open_tail == 0
