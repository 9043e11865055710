"""The audit's build reads a measure's lines from the table's kept lines (``sdc.measure_lines``,
round 38, issue 14 §3): each member's place from the kept orders, not from a dictionary of
every cell's ``id`` (23 MiB on a 5 MiB page), and each line's members made as it is read.
Held here to the reading by identity (what that dictionary gave: ``CellPlaces``), on random
tables of one and of two count measures, grouped with and without numpy; and by findings at
exact cells, with a safe twin, on a table of two count measures small and large."""

from __future__ import annotations

import csv
import io
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc import measure_lines
from sdc.measure_lines import CellPlaces, MeasureLines
from sdc.policy import build_policy
from sdc.table import Role
from tests.test_line_shortcuts import TEXTS, _build, _fresh, _numpy_always, _table

PARTS = ["a", "b", "c", "Total", "All"]
VALUES = ["0", "3", "12", "40", "[c]", "", "25"]


@st.composite
def two_count_tables(draw: st.DrawFn) -> str:
    """Long tables of two count measures (``n_men``, ``n_women``: one role, two measures,
    so a kept line's place is mapped to the measure's own), a part that may be a total."""
    rows = [["grp", "part", "n_men", "n_women"]]
    for g in range(draw(st.integers(1, 4))):
        parts = draw(st.lists(st.sampled_from(PARTS), min_size=1, max_size=5, unique=True))
        rows += [[f"g{g}", p, draw(st.sampled_from(VALUES)), draw(st.sampled_from(VALUES))]
                 for p in parts]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _by_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every place found by identity (``CellPlaces``), as the dictionary of ids found it."""
    real = MeasureLines.__init__

    def init(self: MeasureLines, table, measure, cells) -> None:  # type: ignore[no-untyped-def]
        real(self, table, measure, cells)
        self._same, self._own, self._by_identity = False, None, CellPlaces(cells)

    monkeypatch.setattr(MeasureLines, "__init__", init)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXTS, two_count_tables()), st.sampled_from([None, 5]), st.booleans(),
       st.booleans())
def test_systems_from_the_kept_orders_are_those_found_by_identity(
        text: str, base: int | None, unlinked: bool, numpy_lines: bool) -> None:
    table = _table(text)
    if table is None:
        return
    for measure in table.measures:
        with pytest.MonkeyPatch.context() as m:
            if numpy_lines:
                _numpy_always(m)
            shipped = _build(_fresh(table), measure, base, unlinked)
            _by_identity(m)
            found = _build(_fresh(table), measure, base, unlinked)
            m.setattr(measure_lines, "PLACES_WITH_NUMPY_FROM", 0)  # ids sorted with numpy
            sorted_ids = _build(_fresh(table), measure, base, unlinked)
        assert shipped == found == sorted_ids


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXTS, two_count_tables()), st.booleans())
def test_a_measures_lines_are_the_tables_lines_of_it(text: str, numpy_lines: bool) -> None:
    table = _table(text)
    if table is None:
        return
    with pytest.MonkeyPatch.context() as m:
        if numpy_lines:
            _numpy_always(m)
        _fresh(table)
        for measure in table.measures:
            cells = [c for c in table.cells if c.measure is measure]
            lines = MeasureLines(table, measure, cells)
            expected = [(d, members, total) for d, members, total
                        in table.lines(measure.role, min_members=1)
                        if members[0].measure is measure]
            got = list(lines)
            assert [(d, [id(c) for c in ms], id(t)) for d, ms, t in got] == \
                [(d, [id(c) for c in ms], id(t)) for d, ms, t in expected]
            where = {id(c): i for i, c in enumerate(cells)}
            for p, _k, _dim, start, end, total in lines.walk():
                members = lines.members(p, start, end)
                assert list(lines.places(p, start, end)) == [where[id(c)] for c in members]
                if total is not None:
                    assert lines.place(total) == where[id(total)]


def test_two_count_measures_map_their_places_and_one_is_read_as_it_is() -> None:
    table = _table("grp,part,n_men,n_women\ng,a,12,14\ng,b,20,[c]\ng,Total,32,40\n")
    assert table is not None
    men, women = table.measures
    assert (men.role, women.role) == (Role.COUNT, Role.COUNT)
    for measure in (men, women):
        lines = MeasureLines(table, measure, [c for c in table.cells if c.measure is measure])
        assert lines._own is not None and not lines._same  # mapped: two measures, one role
    alone = _table("grp,part,n\ng,a,12\ng,b,[c]\ng,Total,32\n")
    assert alone is not None
    one = alone.measures[0]
    assert MeasureLines(alone, one, [c for c in alone.cells if c.measure is one])._same


@pytest.mark.parametrize("n", [10, 3_000])
def test_cell_places_by_dictionary_and_by_sorted_ids(n: int) -> None:
    objects = [object() for _ in range(n)]
    places = CellPlaces(objects)  # type: ignore[arg-type]
    picked = random.Random(n).sample(range(n), 7)
    assert list(places.of([objects[i] for i in picked])) == picked  # type: ignore[misc]
    assert places[objects[-1]] == n - 1  # type: ignore[index]
    with pytest.raises(KeyError):  # never the place of another cell
        places.of([objects[0], object()])  # type: ignore[list-item]


POLICY = build_policy({})


def _findings(text: str) -> list[tuple[str, str, str | None, str]]:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "t.csv").write_text(text, encoding="utf-8")
        result = sdc.check(folder, POLICY)
    return sorted((f.rule, f.status.value, f.location.cell, f.message)
                  for o in result.outputs for f in o.findings if f.rule == "SDC501")


def _two_measures(groups: int, hidden: list[tuple[int, str]]) -> str:
    """``groups`` groups of parts a..c and their Total, both measures at least 10 (no other
    finding of the audit's), ``n_women`` hidden at each ``(group, part)`` of ``hidden``."""
    rng = random.Random(groups)
    rows = ["grp,part,n_men,n_women"]
    for g in range(groups):
        men = [rng.randint(10, 90) for _ in "abc"]
        women = [rng.randint(10, 90) for _ in "abc"]
        shown = [("[c]" if (g, p) in hidden else str(w)) for p, w in zip("abc", women,
                                                                         strict=True)]
        rows += [f"g{g},{p},{m},{w}" for p, m, w in zip("abc", men, shown, strict=True)]
        rows.append(f"g{g},Total,{sum(men)},{sum(women)}")
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("groups", [3, 600])  # 24 cells; 4,800 (grouped with numpy)
def test_a_hidden_count_of_the_second_measure_is_given_back_by_its_line(groups: int) -> None:
    last = groups - 1
    row = 2 + 4 * last + 1  # the hidden cell's file row: part b of the last group
    found = _findings(_two_measures(groups, [(last, "b")]))
    assert [(rule, status, cell) for rule, status, cell, _ in found] == [
        ("SDC501", "fail", f"D{row}")]
    assert f"t.csv!D{row - 1}" in found[0][3] and f"t.csv!D{row + 2}" in found[0][3]
    # the safe twin: two cells of the line hidden, neither is given back
    assert _findings(_two_measures(groups, [(last, "b"), (last, "c")])) == []
