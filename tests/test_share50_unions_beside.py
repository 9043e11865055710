"""The release's columns' sums read by a forked process while the parent links the tables
(round 50, share50; issue 14 §4: ``sdc.union_totals.unions_beside``).

The fixture is cols41's (``tests/test_column_split.py``): ``a.csv region,female`` (North
hidden), ``b.csv region,male``, ``c.csv region,all``; only the columns' sums give North's
women back (40 - 36 = 4: SDC501 ``fail`` at a.csv B2), beside hunt37's rows-in-two-files
union (``d.csv`` North/South of ``area``, ``e.csv`` East/West, ``f.csv`` the totals row:
SDC502 ``fail`` at d.csv B2), so both kinds of union are in one release. The fork is asked
for with :data:`~sdc.union_totals.MIN_TABLES_BESIDE` lowered to 2 (the release is small);
each process that reads a part writes its pid to a file, so where each part was read is
seen from the parent. Exact findings, the report equal to ``-j 1``'s (order included), and
the unions themselves equal and in the same order."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import sdc.column_split as column_split
import sdc.pool as pool
import sdc.stream_read as stream_read
import sdc.union_totals as union_totals
from tests.test_hunt35_link_spellings import checked

FILES = {
    "a.csv": "region,female\nNorth,*\nSouth,51\nEast,36\n",
    "b.csv": "region,male\nNorth,36\nSouth,70\nEast,30\n",
    "c.csv": "region,all\nNorth,40\nSouth,121\nEast,66\n",
    "d.csv": "area,F,M,Total\nNorth,*,59,*\nSouth,51,33,84\n",
    "e.csv": "area,F,M,Total\nEast,36,15,51\nWest,20,25,45\n",
    "f.csv": "area,F,M,Total\nTotal,111,132,243\n",
}
FOUND = {("a.csv", "SDC501", "fail", "B2"), ("d.csv", "SDC502", "fail", "B2")}


def _release(root: Path) -> Path:
    root.mkdir()
    for name, text in FILES.items():
        (root / name).write_text(text)
    return root


def _findings(report: dict[str, Any]) -> set[tuple[str, str, str, str | None]]:
    return {(o["path"], f["rule"], f["status"], (f.get("location") or {}).get("cell"))
            for o in report["outputs"] for f in o.get("findings", [])}


class _Where:
    """Which process read each part (a line a call: the part's name and the pid), and the
    unions each linking gave (this process's)."""

    def __init__(self, log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.log = log
        self.free = True  # the other core free as the unions are asked for (``where``)
        self.unions: list[list[Any]] = []
        for name in ("_spelt_columns", "_line_and_margin_unions"):
            monkeypatch.setattr(union_totals, name, self._logged(name,
                                                                 getattr(union_totals, name)))
        result = union_totals.PendingUnions.result

        def kept(pending: union_totals.PendingUnions) -> list[Any]:
            got = result(pending)
            self.unions.append(list(got))
            return got

        monkeypatch.setattr(union_totals.PendingUnions, "result", kept)

    def _logged(self, name: str, func: Any) -> Any:
        def logged(*args: Any, **kwargs: Any) -> Any:
            with self.log.open("a") as out:
                out.write(f"{name} {os.getpid()}\n")
            return func(*args, **kwargs)

        return logged

    def reset(self) -> None:
        """Forget the parts read so far (and the unions)."""
        self.log.unlink(missing_ok=True)
        self.unions.clear()

    def calls(self) -> list[tuple[str, bool]]:
        """Each part read: its name, and whether this process read it."""
        if not self.log.exists():
            return []
        lines = [line.split() for line in self.log.read_text().splitlines()]
        return [(name, int(pid) == os.getpid()) for name, pid in lines]


@pytest.fixture
def where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> _Where:
    monkeypatch.setattr(union_totals, "MIN_TABLES_BESIDE", 2)
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)  # -j 2 reads in a worker
    found = _Where(tmp_path / "where.log", monkeypatch)
    beside = union_totals.unions_beside

    def free(*args: Any) -> Any:
        """The other core free as the unions are asked for (``found.free``): SDC503's early
        process may still compute then, or be back, as the machine's pace has it."""
        if not found.free:
            return beside(*args)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(pool, "busy", lambda: 0)
            return beside(*args)

    monkeypatch.setattr(union_totals, "unions_beside", free)
    return found


def _serial(tmp_path: Path) -> tuple[dict[str, Any], list[Any]]:
    """The release's report and unions at ``-j 1`` (no part forked), in a fresh folder."""
    root = _release(tmp_path / "serial")
    unions: list[list[Any]] = []
    original = union_totals.union_totals

    def kept(*args: Any) -> list[Any]:
        got = original(*args)
        unions.append(list(got))
        return got

    saved = union_totals.union_totals
    union_totals.union_totals = kept  # type: ignore[assignment]
    try:
        report, _ = checked(root, 1)
    finally:
        union_totals.union_totals = saved
    assert len(unions) == 1
    return report, unions[0]


@pytest.fixture
def serial(tmp_path: Path, where: _Where) -> tuple[dict[str, Any], list[Any]]:
    """:func:`_serial`'s, the parts it read forgotten."""
    got = _serial(tmp_path)
    where.reset()
    return got


@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
def test_the_columns_sums_are_read_in_a_forked_process_at_j2(
        tmp_path: Path, where: _Where, monkeypatch: pytest.MonkeyPatch,
        streamed: bool) -> None:
    monkeypatch.setattr(stream_read, "MIN_BYTES", 0 if streamed else 10 ** 15)
    report, unions = _serial(tmp_path)
    where.reset()
    assert _findings(report) == FOUND
    got, _ = checked(_release(tmp_path / "forked"), 2)
    # the columns' sums in another process, the lines' and margins' here, each once
    assert sorted(where.calls()) == [("_line_and_margin_unions", True),
                                     ("_spelt_columns", False)]
    assert got == report
    assert _findings(got) == FOUND
    assert where.unions == [unions]  # the same unions, in the same order
    assert any(u.parts for u in unions)  # (the release has unions to keep in order)


def test_nothing_is_forked_while_an_apart_holds_the_other_core(
        tmp_path: Path, where: _Where, monkeypatch: pytest.MonkeyPatch,
        serial: tuple[dict[str, Any], list[Any]]) -> None:
    report, unions = serial
    where.free = False
    monkeypatch.setattr(pool, "busy", lambda: 1)  # SDC503's process still computing
    got, _ = checked(_release(tmp_path / "held"), 2)
    assert where.calls() == [("_line_and_margin_unions", True)]  # all of it here, at once
    assert got == report
    assert where.unions == [unions]


def test_nothing_is_forked_at_j1_nor_below_the_tables_asked_for(
        tmp_path: Path, where: _Where, monkeypatch: pytest.MonkeyPatch) -> None:
    report, _ = checked(_release(tmp_path / "j1"), 1)
    assert where.calls() == [("_line_and_margin_unions", True)]
    assert _findings(report) == FOUND
    where.reset()
    monkeypatch.setattr(union_totals, "MIN_TABLES_BESIDE", 7)  # the release has 6
    report, _ = checked(_release(tmp_path / "few"), 2)
    assert where.calls() == [("_line_and_margin_unions", True)]
    assert _findings(report) == FOUND


def test_a_forked_process_that_dies_is_not_trusted_its_part_read_here(
        tmp_path: Path, where: _Where, monkeypatch: pytest.MonkeyPatch,
        serial: tuple[dict[str, Any], list[Any]]) -> None:
    report, _ = serial
    parent = os.getpid()
    original = column_split.column_unions

    def dies(*args: Any) -> Any:
        if os.getpid() != parent:
            os._exit(3)  # the forked process killed mid-way: no result comes back
        return original(*args)

    monkeypatch.setattr(column_split, "column_unions", dies)
    got, _ = checked(_release(tmp_path / "dies"), 2)
    assert sorted(where.calls()) == [("_line_and_margin_unions", True),
                                     ("_spelt_columns", False), ("_spelt_columns", True)]
    assert got == report
    assert _findings(got) == FOUND


def _failed_linking(tmp_path: Path, name: str, jobs: int) -> dict[str, Any]:
    return checked(_release(tmp_path / name), jobs)[0]


def test_the_columns_error_is_raised_as_at_j1(tmp_path: Path, where: _Where,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("columns broke")

    monkeypatch.setattr(column_split, "column_unions", broken)
    serial = _failed_linking(tmp_path, "j1", 1)
    where.reset()
    got = _failed_linking(tmp_path, "j2", 2)
    # raised in the forked process, so read again here, where it raises as at -j 1
    assert sorted(where.calls()) == [("_line_and_margin_unions", True),
                                     ("_spelt_columns", False), ("_spelt_columns", True)]
    assert got == serial
    crashed = {(o["path"], f["rule"]) for o in got["outputs"] for f in o.get("findings", [])
               if "columns broke" in f.get("message", "")}
    assert crashed == {("a.csv", "SDC602"), ("d.csv", "SDC602")}  # the tables hiding a cell
    assert ("a.csv", "SDC501", "fail", "B2") not in _findings(got)  # linking not checked


def test_the_lines_error_stops_the_forked_columns_and_is_raised_first(
        tmp_path: Path, where: _Where, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("lines broke")

    monkeypatch.setattr(union_totals, "_line_unions", broken)
    dropped: list[bool] = []
    drop = pool.Apart.drop

    def seen(apart: pool.Apart[Any]) -> None:
        dropped.append(getattr(apart.func, "func", None) is union_totals._spelt_columns)
        drop(apart)

    monkeypatch.setattr(pool.Apart, "drop", seen)
    serial = _failed_linking(tmp_path, "j1", 1)
    got = _failed_linking(tmp_path, "j2", 2)
    # the columns' process stopped, its result never asked for (SDC503's is not ours)
    assert dropped.count(True) == 1
    assert got == serial
    crashed = {(o["path"], f["rule"]) for o in got["outputs"] for f in o.get("findings", [])
               if "lines broke" in f.get("message", "")}
    assert crashed == {("a.csv", "SDC602"), ("d.csv", "SDC602")}
