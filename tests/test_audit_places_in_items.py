"""The audit's cells are put in order (by table, then row and column in its file) from places
read in the components' pool items, where each component is audited (round 36, issue 14
§4): after the pool the parent reads no cell's place (``AuditedCell.place``, 13,635 reads on
bench_scale's 1,000 tables, run alone at ``-j 2``). The order is the one the places give,
whatever ``jobs``."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.rules import suppression

POLICY = build_policy({})


def _release(root: Path) -> None:
    """Tables hiding cells in several places each, two linked by their shared labels (one
    component of two tables), more than a pool's least (``MIN_ITEMS_FOR_POOL``)."""
    (root / "a.csv").write_text("area,F,M,Total\nNorth,[c],38,45\nSouth,30,[c],36\n"
                                "Total,37,44,81\n")
    (root / "b.csv").write_text("area,Total\nNorth,45\nSouth,36\nTotal,81\n")
    for k in range(40):
        (root / f"t{k:02d}.csv").write_text(
            f"group,x{k},y{k},Total\nG{k}a,[c],{k + 5},{k + 9}\nG{k}b,{k + 3},[c],{k + 10}\n"
            f"Total,{k + 7},{k + 12},{2 * k + 19}\n")


def _audit(root: Path, jobs: int) -> tuple[list[tuple[str, int, int]], int, dict]:
    """The audit's cells in order (path, row, column), the places read while the audit was
    made, and the check's JSON."""
    audits: list[suppression._Audit] = []
    reads = [0]
    real_init = suppression._Audit.__init__
    real_place = suppression.AuditedCell.place

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        real_init(self, *args, **kwargs)
        audits.append(self)

    def place(self):  # type: ignore[no-untyped-def]
        reads[0] += 1
        return real_place.fget(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(suppression._Audit, "__init__", init)
        patch.setattr(suppression.AuditedCell, "place", property(place))
        report = sdc.check(root, POLICY, jobs=jobs).to_dict()
        during = reads[0]
        assert len(audits) == 1
        cells = [(c.ts.output.path, *real_place.fget(c)) for c in audits[0].cells]
    return cells, during, report


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_cells_ordered_by_places_read_in_the_items(tmp_path: Path, jobs: int) -> None:
    _release(tmp_path)
    cells, reads, _ = _audit(tmp_path, jobs)
    assert reads == 0  # main read each cell's place to sort them: 82 here
    assert len(cells) == 2 + 40 * 2
    tables = [path for path, _, _ in cells]
    # by table (the audit's systems are in the release's order), then by row and column
    assert tables == ["a.csv"] * 2 + [f"t{k:02d}.csv" for k in range(40) for _ in range(2)]
    assert cells[:2] == [("a.csv", 2, 2), ("a.csv", 3, 3)]  # 1-based, the header row 1
    assert cells[2:4] == [("t00.csv", 2, 2), ("t00.csv", 3, 3)]


def test_the_same_json_whatever_jobs(tmp_path: Path) -> None:
    _release(tmp_path)
    one, _, report_1 = _audit(tmp_path, 1)
    two, _, report_2 = _audit(tmp_path, 2)
    assert one == two
    assert report_1 == report_2
