"""At ``-j 1`` a streamed read builds a taken table's audit systems in place, not packed to
be unpacked in the same process (``sdc.stream_read.ReadStream._add_here``; docs/decisions.md,
"Round 31 (jone31)"), and a packed table's exponents travel with it, so the parent does not
make its cells again from its form to read them.

The report must stay the one of a check that reads every model first, byte for byte; a table
not added in order, or a build that broke, starts the check again as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import sdc.stream_read as stream_read
from sdc.audit_prebuild import AuditPrebuild
from sdc.exponent_bounds import exponent_cells
from sdc.linking import LabelCodes, SystemsBuild, build_table_system
from tests.conftest import write_files
from tests.test_stream_read import HIDING, _both, _Watch, cells_made_during

# as ``HIDING``, every total its parts' sum (an inconsistent total's cell is made, for SDC402)
CONSISTENT = {
    f"t{k}.csv": f"region,F,M,Total\nWest,[c],{5 + k},{12 + k}\nEast,6,4,10\n"
                 f"Total,13,{9 + k},{22 + k}\n"
    for k in range(5)
}
CLEAR = "region,F,M,Total\nWest,7,5,12\nEast,6,4,10\nTotal,13,9,22\n"
# a hiding table with totals printed in exponent notation (``sdc.exponent_bounds``)
EXPONENT = "region,F,M,Total\nWest,[c],5,1.2e+01\nEast,6,4,10\nTotal,1.3e+01,9,22\n"


def _count_packed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths whose systems ``SystemsBuild.packed`` packs in this process."""
    packed: list[str] = []
    real = SystemsBuild.packed

    def counted(build: SystemsBuild, output: Any) -> tuple[bool, Any]:
        packed.append(output.path)
        return real(build, output)

    monkeypatch.setattr(SystemsBuild, "packed", counted)
    return packed


def test_at_j1_taken_tables_are_built_in_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Five hiding tables at ``-j 1``: each comes back as its stand-in, none packed, the
    report the one read whole, with no second read."""
    write_files(tmp_path, HIDING)
    watch = _Watch(monkeypatch)
    packed = _count_packed(monkeypatch)
    whole, streamed = _both(tmp_path, monkeypatch)
    assert streamed == whole
    assert watch.reads == 2
    assert watch.received == [(f"t{k}.csv", "TableStandIn") for k in range(5)]
    assert packed == []
    assert '"SDC501"' in streamed


def test_at_j1_a_taken_table_after_a_whole_one_is_packed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """t1z.csv hides nothing (sent whole: its build waits for the read's end): t0 and t1
    before it are built in place, t2–t4 after it are packed where they are read and added
    in order after the read, as before; the same report."""
    write_files(tmp_path, {**HIDING, "t1z.csv": CLEAR})
    watch = _Watch(monkeypatch)
    packed = _count_packed(monkeypatch)
    whole, streamed = _both(tmp_path, monkeypatch)
    assert streamed == whole
    assert watch.reads == 2
    assert dict(watch.received)["t1z.csv"] == "Table"
    assert packed == ["t2.csv", "t3.csv", "t4.csv"]


def test_a_table_not_added_in_order_restarts_the_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """t2.csv is taken in place but (a bug) is not the build's last table when it comes
    back: the check starts again, and the report is the one read whole."""
    write_files(tmp_path, HIDING)
    watch = _Watch(monkeypatch)
    real = stream_read.ReadStream._add_here

    def lost(stream: stream_read.ReadStream, output: Any, *args: Any) -> Any:
        taken = real(stream, output, *args)
        if output.path == "t2.csv":
            stream.prebuild.added.pop()
        return taken

    monkeypatch.setattr(stream_read.ReadStream, "_add_here", lost)
    whole, streamed = _both(tmp_path, monkeypatch)
    assert streamed == whole
    assert watch.reads == 3
    assert watch.received[-1] == ("t2.csv", "TableStandIn")  # the read stops at it


def test_a_build_that_broke_in_place_restarts_the_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The streamed build has a problem when t3.csv is added in place: the check starts
    again, never an audit on systems the build gave up on; the same report."""
    write_files(tmp_path, HIDING)
    watch = _Watch(monkeypatch)
    real = AuditPrebuild.add_taken

    def broken(prebuild: AuditPrebuild, output: Any, sent: Any) -> None:
        real(prebuild, output, sent)
        if output.path == "t3.csv":
            prebuild.problem = "a bug"

    monkeypatch.setattr(AuditPrebuild, "add_taken", broken)
    whole, streamed = _both(tmp_path, monkeypatch)
    assert streamed == whole
    assert watch.reads == 3
    assert watch.received[-1] == ("t3.csv", "TableStandIn")


def test_packed_systems_carry_the_exponents_read_off_the_model(tmp_path: Path) -> None:
    """``SystemsBuild.packed`` (compact) reads each system's exponent cells off the model's
    cells before packing: the ones ``exponent_cells`` finds on the same system built in
    place."""
    from sdc.engine import read_file
    from sdc.policy import build_policy

    write_files(tmp_path, {"e.csv": EXPONENT})
    output = read_file(tmp_path / "e.csv", "e.csv", tmp_path, build_policy({}).read_options())[0]
    build = SystemsBuild([output], None, compact=True, needed_only=True)
    ok, found = build.packed(output)
    assert ok
    here = [build_table_system(output, measure, None, infer_totals=True, virtual_totals=True,
                               codes=LabelCodes(), link=True, assume_sums=True,
                               unlinked=build.unlinked)
            for measure in output.table.measures]
    got = [p.rest["exponents"] for p in found if p is not None]
    want = [exponent_cells(ts) for ts in here if ts is not None]
    assert got == want
    assert got[0]  # the two totals printed as 1.2e+01 and 1.3e+01
    assert sorted(value for _, value, _ in got[0]) == [12.0, 13.0]


def test_a_packed_table_is_added_without_making_its_cells(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A taken table packed where it was read (after a table sent whole, ``-j 1``) is added
    to the build onto its form's cells without making one (its exponents came with it); the
    report is the one read whole, the exponent totals' widening included."""
    write_files(tmp_path, {"a.csv": CLEAR, **CONSISTENT, "t5.csv": EXPONENT})
    made = cells_made_during(monkeypatch, AuditPrebuild, "add_taken")
    packed = _count_packed(monkeypatch)
    whole, streamed = _both(tmp_path, monkeypatch)
    assert streamed == whole
    assert packed == [f"t{k}.csv" for k in range(6)]
    assert made == []
    assert '"SDC501"' in streamed
