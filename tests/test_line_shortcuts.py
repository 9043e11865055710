"""The audit's shortcuts on one large table give what the line-by-line reading gave (issue 14
§3, issue 12 channel 12): the lines grouped with numpy (``_Lines.of``), the totals found by the
numbers read whole per dimension (``_count_totals_by_numbers``), the dimensions a total may be
inferred in (``_totalling_dimensions``) and the system built without reading a line when no
line can have a total (``_plainly_free``). Each is held, on random tables, to the plain code
it stands for, run in the same process with the shortcut refused."""

from __future__ import annotations

import csv
import io
import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc import linking
from sdc import table as table_module
from sdc.outputs import Output
from sdc.rules import counts
from sdc.table import Role, Table, _Lines
from tests.test_columnar_equivalence import _table, small_tables
from tests.test_free_virtual_totals import long_tables
from tests.test_linking_equivalence import lines_with_sums

LABELS = ["a", "b", "c", "d", "Total", "All", "Everyone", "x", " a", "A"]
VALUES = ["0", "1", "3", "7", "12", "40", "[c]", "[c]", "x", "", "-2", "2.5"]


@st.composite
def sum_tables(draw: st.DrawFn) -> str:
    """Long count tables of two or three label columns where the last column may hold a label
    that is the sum of the others (``Everyone``), exactly, off by one, or hidden."""
    width = draw(st.integers(2, 3))
    vocab = [draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=4, unique=True))
             for _ in range(width)]
    rows = [[f"d{k}" for k in range(width)] + ["n"]]
    summed = draw(st.booleans())
    for combo in itertools.product(*vocab[:-1]):
        parts = [draw(st.sampled_from(VALUES)) for _ in vocab[-1]]
        rows += [[*combo, label, v] for label, v in zip(vocab[-1], parts, strict=True)
                 if draw(st.integers(0, 9)) > 0]
        if summed:
            known = [float(v) for v in parts if v not in ("[c]", "x", "")]
            whole = draw(st.sampled_from([f"{sum(known):g}", f"{sum(known) + 1:g}", "[c]"]))
            rows.append([*combo, "Everyone", whole])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


TEXTS = st.one_of(sum_tables(), lines_with_sums(), long_tables(), small_tables())


def _numpy_always(m: pytest.MonkeyPatch) -> None:
    """Group lines and skip SDC103's lines with numpy however small the table (from 2,000
    cells of a role otherwise: the random tables here are smaller)."""
    m.setattr(table_module, "LINES_WITH_NUMPY_FROM", 0)
    m.setattr(counts, "LINES_WITH_NUMPY_FROM", 0)


def _fresh(table: Table) -> Table:
    table._lines_cache.clear()
    return table


def _own(table: Table, measure) -> list:
    return [(dim, members, total) for dim, members, total
            in table.lines(measure.role, min_members=1) if members[0].measure is measure]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from([None, 5, 10]))
def test_totals_by_numbers_read_whole_are_those_read_line_by_line(text: str,
                                                                   base: int | None) -> None:
    table = _table(text)
    if table is None:
        return
    for numpy_lines in (False, True):
        with pytest.MonkeyPatch.context() as m:
            if numpy_lines:
                _numpy_always(m)
            _fresh(table)
            for measure in table.measures:
                if measure.role is Role.COUNT:
                    assert linking._count_totals_by_numbers(table, measure, base) == \
                        linking._totals_by_numbers(_own(table, measure), base)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_kept_orders_name_the_flat_lines(text: str) -> None:
    table = _table(text)
    if table is None:
        return
    for role in (Role.COUNT, Role.MAGNITUDE):
        plain = _Lines.of(table, role)
        with pytest.MonkeyPatch.context() as m:
            _numpy_always(m)
            grouped = _Lines.of(table, role)
        for kept in (plain, grouped):
            assert kept.cells == [c for c in table.cells if c.measure.role == role]
            for (_, flat, ends, _), order in zip(kept.parts, kept.orders, strict=True):
                assert [id(kept.cells[j]) for j in order.tolist()] == [id(c) for c in flat]
                assert len(ends) == 0 or ends[-1] == len(flat)
        # numpy's grouping gives the dictionary's lines, totals and orders exactly
        assert [(d, [id(c) for c in f], list(e), {k: id(t) for k, t in tot.items()})
                for d, f, e, tot in grouped.parts] == [
            (d, [id(c) for c in f], list(e), {k: id(t) for k, t in tot.items()})
            for d, f, e, tot in plain.parts]
        assert [o.tolist() for o in grouped.orders] == [list(o) for o in plain.orders]


def _system(ts) -> tuple | None:
    if ts is None:
        return None
    return ([id(c) for c in ts.cells], ts.lower, ts.upper, ts.suppressed, ts.keys, ts.values,
            [list(e) for e in ts.equation_cells], ts.free_totals, ts.assumed_sum,
            [(id(c), v) for c, v in ts.inconsistent])


def _build(table: Table, measure, base: int | None, unlinked: bool):
    output = Output(path="t.csv", file=None, extension="csv", size=0, sha256="", table=table)
    return _system(linking.build_table_system(
        output, measure, base, infer_totals=True, virtual_totals=True, unlinked=unlinked,
        codes=linking.LabelCodes()))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from([None, 5]), st.booleans())
def test_systems_built_without_reading_lines_are_the_full_ones(text: str, base: int | None,
                                                               unlinked: bool) -> None:
    table = _table(text)
    if table is None:
        return
    for measure in table.measures:
        with pytest.MonkeyPatch.context() as m:
            _numpy_always(m)
            shipped = _build(_fresh(table), measure, base, unlinked)
        _fresh(table)
        with pytest.MonkeyPatch.context() as m:
            m.setattr(linking, "_plainly_free", lambda *a: False)
            m.setattr(linking, "_totalling_dimensions", lambda table, *a: set(table.dimensions))
            m.setattr(linking, "_count_totals_by_numbers", lambda table, measure, base:
                      linking._totals_by_numbers(_own(table, measure), base))
            plain = _build(table, measure, base, unlinked)
        assert shipped == plain


def _long(rows: list[tuple[str, str, str]]) -> Table:
    table = _table("grp,part,n\n" + "".join(f"{g},{p},{v}\n" for g, p, v in rows))
    assert table is not None
    return table


def test_a_label_summing_its_line_twice_is_a_total_unless_another_line_breaks_it() -> None:
    lines = [("g1", "a", "12"), ("g1", "b", "20"), ("g1", "c", "3"), ("g1", "Everyone", "35"),
             ("g2", "a", "4"), ("g2", "b", "45"), ("g2", "c", "6"), ("g2", "Everyone", "55"),
             ("g3", "a", "[c]"), ("g3", "b", "30"), ("g3", "c", "20"), ("g3", "Everyone", "57")]
    table = _long(lines)
    measure = table.measures[0]
    assert linking._count_totals_by_numbers(table, measure, None) == {("part", "Everyone")}
    # a fourth line, fully published, where Everyone is not the sum: no member of it proves,
    # so numpy never hands it to the exact reading, and it still breaks the label
    broken = _long([*lines, ("g4", "a", "10"), ("g4", "b", "10"), ("g4", "c", "10"),
                    ("g4", "Everyone", "31")])
    assert linking._count_totals_by_numbers(broken, broken.measures[0], None) == frozenset()
    assert linking._totals_by_numbers(_own(broken, broken.measures[0]), None) == frozenset()


def test_a_long_table_without_totals_is_built_without_its_lines(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    rows = [(g, p, str(v) if v >= 10 else "[c]") for g in "abcdefgh" for p in "pqrs"
            for v in [rng.randint(1, 60)]]
    table = _long(rows)
    read: list[int] = []
    real = linking._line_totals
    monkeypatch.setattr(linking, "_line_totals", lambda *a, **k: read.append(1) or real(*a, **k))
    ts = _build(table, table.measures[0], None, unlinked=True)
    assert read == []  # the shortcut: no line was read
    assert ts is not None and ts[6] == [] and ts[4] == []  # no equation, no link key
    with_total = _long([*rows, ("a", "Total", "100")])
    _build(with_total, with_total.measures[0], None, unlinked=True)
    assert read == [1]  # a label read as a total: every line is read


def _findings(text: str) -> list:
    import tempfile
    from pathlib import Path

    import sdc
    from sdc.policy import build_policy

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(text, encoding="utf-8")
        return [(f.rule, f.status.value, f.location.cell, f.message, f.evidence)
                for f in sdc.check(path, build_policy({})).findings]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(sum_tables(), lines_with_sums(), small_tables()))
def test_group_disclosure_skips_only_lines_without_a_finding(text: str) -> None:
    with pytest.MonkeyPatch.context() as m:
        _numpy_always(m)
        shipped = _findings(text)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(counts, "_may_dominate", lambda table, *a: table.lines(Role.COUNT))
        plain = _findings(text)
    assert shipped == plain


def test_group_disclosure_of_a_long_table_keeps_its_dominant_cells() -> None:
    rows = [("g1", "a", "95"), ("g1", "b", "5"), ("g2", "a", "40"), ("g2", "b", "[c]"),
            ("g3", "a", "30"), ("g3", "b", "35")]
    found = [(cell, message) for rule, _, cell, message, _ in
             _findings("grp,part,n\n" + "".join(f"{g},{p},{v}\n" for g, p, v in rows))
             if rule == "SDC103"]
    assert [cell for cell, _ in found] == ["C2"]  # 95 of 100 (g2 hides a cell: no total)
    assert "holds 95% of the total 100" in found[0][1]
