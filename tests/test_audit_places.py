"""Issue 14 §3: the audit's systems name their cells by place in the table's cells
(``linking.Places``), not by a list of the model's objects; every cell read through a place
is the table's own, serially and from a pool's workers alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc import linking, pool
from sdc.policy import build_policy
from tests.conftest import read_files

POLICY = build_policy({})
# two measures (A/B are columns of one count table) and a margin table sharing its cells
FILES = {"a.csv": "grp,A,B,C,Total\nr1,12,[c],30,60\nr2,20,25,35,80\n",
         "b.csv": "grp,A,B,Total\nr1,[c],[c],6\nr2,30,25,55\nTotal,[c],[c],61\n",
         "c.csv": "sex,age,n,pct\nF,young,[c],10\nF,old,20,90\nM,young,4,20\nM,old,16,80\n"}


def _outputs(tmp_path: Path) -> list:
    return read_files(tmp_path / "r", FILES, POLICY)


def _named(systems: list) -> list:
    return [(ts.output.path, ts.measure.name, [c.ref for c in ts.cells]) for ts in systems]


@pytest.mark.parametrize("jobs", [1, 2])
def test_compact_systems_hold_places_that_read_the_tables_own_cells(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    outputs = _outputs(tmp_path)
    lists = linking.table_systems(outputs, None)  # not compact: the cells as built
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    systems = linking.table_systems(outputs, None, compact=True, jobs=jobs)
    assert _named(systems) == _named(lists)
    assert len(systems) >= 3
    for ts in systems:
        assert isinstance(ts.cells, linking.Places)
        own = ts.output.table.cells
        expected = [c for c in own if c.measure is ts.measure]
        assert len(ts.cells) == len(expected)
        assert all(a is b for a, b in zip(ts.cells, expected, strict=True))  # the same objects
        assert all(ts.cell(v) is c for v, c in enumerate(expected))
        assert ts.cell(len(expected)) is None  # a virtual total names no cell
        assert list(ts.cells.at) == [own.index(c) for c in expected]
        assert all(any(t is c for c in own) for t, _ in ts.inconsistent)


def test_a_cell_not_in_the_table_has_no_place(tmp_path: Path) -> None:
    a, b = _outputs(tmp_path)[:2]
    with pytest.raises(KeyError):  # never a place that reads another cell
        linking.Places.of(a.table, [a.table.cells[0], b.table.cells[0]])
    every = linking.Places.of(a.table, a.table.cells)
    assert list(every.at) == list(range(len(a.table.cells)))
    assert linking.Places.of(a.table, every) is every
    assert every[1:3] == a.table.cells[1:3]


def test_places_read_the_cells_the_table_held_when_they_were_made(tmp_path: Path) -> None:
    a = _outputs(tmp_path)[0]
    held = list(a.table.cells)
    places = linking.Places.of(a.table, held[1:])
    a.table.cells = list(reversed(held))  # no reader does this; a place still names its cell
    assert all(p is c for p, c in zip(places, held[1:], strict=True))


class _Watched(list):
    """A table's cells whose reads by place are written down (the model after the build)."""

    read: set[int]

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        self.read.add(i)
        return super().__getitem__(i)

    def __iter__(self):
        raise AssertionError("the model's cells were scanned after the build")


def test_exponent_widening_reads_the_texts_kept_at_the_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 1148 + 1020 = 2,168 is not 2.17e+03 taken exactly: the total is widened to its printed
    # interval and N1 = 600 is given back (tests/test_exponent_totals.py); a second table
    # makes the systems compact. After the build, the audit reads only its hidden cells.
    import sdc
    from tests.conftest import found_with_status
    from tests.test_exponent_totals import ROWS

    folder = tmp_path / "e"
    folder.mkdir()
    (folder / "t.csv").write_text("\n".join(ROWS).format(n1="[c]", total="2.17e+03") + "\n")
    (folder / "u.csv").write_text("grp,n\na,30\nb,[c]\nTotal,70\n")
    made = linking.TableSystem.compact
    watched: list[tuple[_Watched, set[int]]] = []  # (cells, places hidden), in table order

    def compact(self, numbers) -> None:
        made(self, numbers)
        assert self.exponents is not None
        own = _Watched(self.cells.own)
        own.read = set()
        watched.append((own, {self.cells.at[v] for v in self.suppressed}))
        self.cells = linking.Places(own, self.cells.at)

    monkeypatch.setattr(linking.TableSystem, "compact", compact)
    found = found_with_status(sdc.check(folder, build_policy({})))
    assert ("SDC501", "C2", "fail") in found  # t.csv's N1, through the widened total
    assert ("SDC501", "B3", "fail") in found  # u.csv's b = 70 - 30
    assert [len(own) for own, _ in watched] == [8, 3]
    (t, t_hidden), (u, u_hidden) = watched
    # t.csv: N1 and the published cells of North's line that give it back (the finding's
    # related cells); none of South's, which the exponent scan would read
    assert t_hidden == {0} and t.read == {0, 1, 2, 3}
    assert u_hidden == {1} and u.read == {0, 1, 2}
