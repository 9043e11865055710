"""The audit's shortcuts on a release of large linked tables give what the full computation
gives (issue 14 §3): each is held, on seeded random tables (totals, markers, rounding,
magnitudes read as counts), to the plain code it stands for, run in the same process.

- A line's tolerances less one member (``_ToleranceLessOne``), read once per line, are
  ``_tolerance(rest, m)`` with the rest listed for every member; the members of a line that
  may be its total (``_line_totals``) are judged as the line less each was judged.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import defaultdict

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sdc import linking
from sdc.table import Role
from tests.test_columnar_equivalence import _table, small_tables
from tests.test_line_shortcuts import TEXTS
from tests.test_linking_equivalence import lines_with_sums

LABELS = ["a", "b", "c", "Total", "n", "All", "England"]
AMOUNTS = ["0", "1", "3.5", "7.25", "12", "40.0", "25.0", "", "[c]", "2016", "-2", "0.125"]


@st.composite
def float_tables(draw: st.DrawFn) -> str:
    """Long tables whose label columns repeat a combination and whose two or three number
    columns are floats with blanks (``25.0``, pandas after a suppressed cell), decimals or
    years: magnitudes read as counts, with lines of many members (a year column read as a
    measure beside the count), some labels reading as totals (``n``, ``Total``)."""
    width = draw(st.integers(1, 2))
    vocab = [draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=4, unique=True))
             for _ in range(width)]
    numbers = draw(st.lists(st.sampled_from(["year", "n", "count", "Total", "value"]),
                            min_size=2, max_size=3, unique=True))
    rows = [[f"d{k}" for k in range(width)] + numbers]
    for combo in itertools.product(*vocab):
        for _ in range(draw(st.integers(1, 3))):
            rows.append([*combo, *(draw(st.sampled_from(AMOUNTS)) for _ in numbers)])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


ANY = st.one_of(float_tables(), lines_with_sums(), TEXTS, small_tables())


def _lines(table, measure) -> list:
    return [(dim, members, total) for dim, members, total
            in table.lines(measure.role, min_members=1) if members[0].measure is measure]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY, st.sampled_from([None, 5, 10]))
# a GSS code read as a number in exponent notation with no mantissa (10 ** 6000001 overflowed)
@example(text="n,North\nn,E06000001\nn,[c]\nn,[c]\n", base=None)
def test_tolerance_less_one_is_that_of_the_line_less_the_member(text: str,
                                                                base: int | None) -> None:
    table = _table(text)
    if table is None:
        return
    for measure in table.measures:
        for _, members, _ in _lines(table, measure):
            tolerance = linking._ToleranceLessOne(members, base)
            for m in members:
                rest = [o for o in members if o is not m]
                assert tolerance(m) == linking._tolerance(rest, m, base)


def _plain_line_totals(table, measure, rounding_base, extra, *, infer):
    """``_line_totals`` as it was: for each candidate the line less it listed, its known values
    summed and its tolerance read over it."""
    lines = []
    accepted: set = set()
    refuted: set = set()
    own = _lines(table, measure)
    by_numbers = frozenset() if not infer else (
        linking._count_totals_by_numbers(table, measure, rounding_base)
        if measure.role is Role.COUNT else linking._totals_by_numbers(own, rounding_base))
    seen: dict = {}
    for dim, members, total in own:
        inferred = False
        if infer and total is None and len(members) >= 3:
            candidates = sorted((m for m in members if m.source.value is not None and (
                (dim, m.coords[dim]) in by_numbers
                or linking._total_like(m.coords[dim], extra, seen))),
                key=lambda m: -m.value)
            for cand in candidates:
                rest = [m for m in members if m is not cand]
                known = [m.value for m in rest if m.value is not None]
                tol = linking._tolerance(rest, cand, rounding_base)
                fits = (abs(sum(known) - cand.value) <= tol if len(known) == len(rest)
                        else sum(known) <= cand.value + tol)
                label = (dim, cand.coords[dim])
                if fits:
                    members, total, inferred = rest, cand, True
                    accepted.add(label)
                    break
                refuted.add(label)
        lines.append((dim, members, total, inferred))
    return lines, accepted - refuted


def _ids(lines: list) -> list:
    return [(dim, [id(m) for m in members], id(total) if total is not None else None, inferred)
            for dim, members, total, inferred in lines]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY, st.sampled_from([None, 5]), st.booleans())
def test_line_totals_are_those_of_the_line_less_each_candidate(text: str, base: int | None,
                                                               infer: bool) -> None:
    table = _table(text)
    if table is None:
        return
    extra = frozenset({"everyone"})
    for measure in table.measures:
        lines, accepted = linking._line_totals(table, measure, base, extra, infer=infer)
        plain, plain_accepted = _plain_line_totals(table, measure, base, extra, infer=infer)
        assert _ids(lines) == _ids(plain)
        assert accepted == plain_accepted


def test_a_long_line_of_amounts_reads_its_decimals_once() -> None:
    """The case that took seconds: a line of 150 amounts and one label read as a total by its
    word (``n``), each of its 50 members tried as the line's total."""
    rows = ["grp,year,imd,n"] + [f"g,{2016 + k % 10},{k % 5 + 1},{k + 1}.5" for k in range(50)]
    table = _table("\n".join(rows) + "\n")
    assert table is not None
    measure = table.measures[0]
    reads: dict[int, int] = defaultdict(int)
    real = linking._ToleranceLessOne.__call__

    def counted(self, m):
        reads[id(self)] += 1
        return real(self, m)

    linking._ToleranceLessOne.__call__ = counted  # type: ignore[method-assign]
    try:
        lines, _ = linking._line_totals(table, measure, None, frozenset(), infer=True)
    finally:
        linking._ToleranceLessOne.__call__ = real  # type: ignore[method-assign]
    plain, _ = _plain_line_totals(table, measure, None, frozenset(), infer=True)
    assert _ids(lines) == _ids(plain)
    # one reading per line with a candidate (the ``columns`` line of 150: its 50 ``n``)
    assert sorted(reads.values()) == [50]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ANY, min_size=1, max_size=3))
def test_link_keys_coded_once_per_printed_label_are_the_folded_keys(texts: list[str]) -> None:
    """Several tables' cells coded with one ``LabelCodes``, as a release's: the same keys and
    the same codes, in the same order, as folding and coding every label of every cell."""
    shipped, plain = linking.LabelCodes(), linking.LabelCodes()
    for text in texts:
        table = _table(text)
        if table is None:
            continue
        for cell in table.cells:
            assert linking.link_key(cell, frozenset(), shipped) == plain.key(
                label.casefold() for label in cell.labels_key)
        assert shipped.labels() == plain.labels()


def test_tables_of_the_same_labels_hold_each_key_once() -> None:
    """Two linked tables of the same label combinations (other values): their systems' keys,
    cells' and unpublished totals' alike, are equal and are the same objects (a release of
    many such tables holds each key once, not once per table)."""
    rows = [f"{g},{p},{'[c]' if (g, p) == ('a', 'q') else '12'}" for g in "abcd" for p in "pqr"]
    first = _table("grp,part,n\n" + "\n".join(rows) + "\n")
    second = _table("grp,part,n\n" + "\n".join(r.replace("12", "30") for r in rows) + "\n")
    assert first is not None and second is not None
    codes = linking.LabelCodes()
    systems = []
    for table in (first, second):
        output = linking.Output(path="t.csv", file=None, extension="csv", size=0, sha256="",
                                table=table)
        systems.append(linking.build_table_system(output, table.measures[0], None,
                                                  infer_totals=True, virtual_totals=True,
                                                  codes=codes))
    a, b = systems[0].keys, systems[1].keys
    assert len(a) == len(b) == 12 + 4 + 3  # cells, then a total per line of each dimension
    assert a == b
    assert all(x is y for x, y in zip(a, b, strict=True))
