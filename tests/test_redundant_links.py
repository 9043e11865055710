"""A weak link of two equal, exactly published values is implied by the two tables' own
systems, so the audit leaves it out (``sdc.redundant_links``): tables of one count measure
whose only link is their equal grand totals are audited apart, each finding as it would be
alone (before, a table's own SDC502 fail was capped at review as "linked to another table").
A link through anything a table does not print exactly (an unpublished total, a hidden cell,
a rounded or exponent value) is kept. docs/decisions.md, Round 28 (fp29)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from sdc.cli import app
from sdc.linking import TableSystem
from sdc.redundant_links import without_implied


def _findings(root: Path, jobs: str = "1") -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["check", str(root), "--format", "json", "-j", jobs])
    assert result.exit_code in (0, 1), result.output
    return [f for o in json.loads(result.stdout)["outputs"] for f in o["findings"]]


def _found(root: Path, jobs: str = "1") -> set[tuple[str, str, str, str]]:
    return {(f["rule"], f["status"], f["location"]["path"], f["location"]["cell"])
            for f in _findings(root, jobs)}


_FREQ = "region,male,female,total\nNorth,[c],[c],30\nSouth,[c],[c],33\nTotal,9,54,63\n"


def test_equal_grand_totals_alone_do_not_join_the_tables(tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "freq.csv").write_text(_FREQ)
    both = tmp_path / "both"
    both.mkdir()
    (both / "freq.csv").write_text(_FREQ)
    (both / "prac.csv").write_text("practice,count\nP1,13\nP2,13\nP3,37\nTotal,63\n")
    expected = {("SDC101", "fail", "freq.csv", "B4"), ("SDC103", "fail", "freq.csv", "C4"),
                ("SDC502", "fail", "freq.csv", "B2"), ("SDC502", "fail", "freq.csv", "B3")}
    assert _found(alone) == expected
    assert _found(both) == expected  # was SDC502 review at B2 and B3
    assert _found(both, "2") == expected
    related = [loc["path"] for f in _findings(both) for loc in f.get("related", [])]
    assert "prac.csv" not in related


def test_a_total_the_other_table_does_not_print_still_links(tmp_path: Path) -> None:
    # the practices print no total: their unpublished total is the 52, so P1 is 17
    (tmp_path / "freq.csv").write_text("region,male,female,total\nNorth,12,15,27\n"
                                       "South,5,20,25\nTotal,17,35,52\n")
    (tmp_path / "prac.csv").write_text("practice,count\nP1,[c]\nP2,15\nP3,20\n")
    [found] = [f for f in _findings(tmp_path) if f["rule"] == "SDC501"]
    assert (found["location"]["cell"], found["status"]) == ("B2", "review")
    assert found["evidence"]["interval"] == [17.0, 17.0]


def test_a_hidden_total_still_links(tmp_path: Path) -> None:
    # the practices' total is hidden: the other table's 52 gives it, then P1 by difference
    (tmp_path / "freq.csv").write_text("region,male,female,total\nNorth,12,15,27\n"
                                       "South,5,20,25\nTotal,17,35,52\n")
    (tmp_path / "prac.csv").write_text("practice,count\nP1,17\nP2,15\nP3,[c]\n"
                                       "Total,[c]\n")
    cells = {(f["location"]["cell"], f["rule"]) for f in _findings(tmp_path)
             if f["location"]["path"] == "prac.csv" and f["rule"] == "SDC501"}
    assert cells == {("B4", "SDC501"), ("B5", "SDC501")}


class _Stub:
    """A table system's bounds and exponent cells, all ``without_implied`` reads."""

    def __init__(self, lower: list[float], upper: list[float],
                 exponents: list[tuple[int, float, float]] | None = None) -> None:
        self.lower, self.upper, self.exponents = lower, upper, exponents


def _systems(*stubs: _Stub) -> tuple[list[TableSystem], list[int], list[int]]:
    offsets, owner, start = [], [], 0
    for k, stub in enumerate(stubs):
        offsets.append(start)
        owner += [k] * (len(stub.lower) + 1)  # one unstored open-tail variable each
        start += len(stub.lower) + 1
    return list(stubs), offsets, owner  # type: ignore[return-value]


def test_which_links_are_implied() -> None:
    a = _Stub([63.0, 0.0, 10.0], [63.0, 9.0, 10.0], exponents=[])
    b = _Stub([63.0, 10.0, 61.0], [63.0, 10.0, 65.0], exponents=[(1, 10.0, 0.5)])
    systems, offsets, owner = _systems(a, b)
    links = [(0, 4),  # 63 = 63, both exact: implied
             (1, 4),  # a hidden cell [0, 9]
             (2, 5),  # b's 10 printed as an exponent (the audit may widen it)
             (0, 6),  # b's [61, 65]: a rounded value
             (3, 7),  # open-tail variables (unpublished totals)
             (2, 4)]  # 10 and 63: never linked, but not equal: kept
    assert without_implied(links, systems, offsets, owner) == links[1:]
    unread = _Stub([63.0], [63.0], exponents=None)  # exponent cells not read: kept
    systems, offsets, owner = _systems(a, unread)
    assert without_implied([(0, 4)], systems, offsets, owner) == [(0, 4)]
