"""Row shares in a file of their own headed ``18-29 (%)`` … ``Total (%)`` (round 40, hunt40).

hunt39 noticed two false findings an output checker would meet on such a file beside its
counts: SDC602 named the header's band numbers (``B1, C1, D1``: a percent sign set off from a
band made it no label), and SDC103 failed the ``Total (%)`` column's 100.0 on every row ("the
whole group is in one category"), though it is each row's whole. Now a set-off ``(%)``,
``%`` or leading ``% `` is read past when what is left is a label, and a total-headed
percentage column reading 100 on every row, the other percentage columns adding up to 100, is
the shares' total (``Measure.row_total``), as it already was for shares no header marks.
The parts are checked as before: a part at 100.0 (or 0.0) still fails SDC103 at its cell.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sdc.engine import run
from sdc.policy import build_policy
from sdc.readers.roles import label_text_understood

COUNTS = "region,18-29,30-64,65+,Total\nNorth,31,52,19,102\nSouth,24,47,33,104\n"


def _found(root: Path) -> tuple[dict[str, str], set[tuple[str, str, str, str | None]]]:
    result = run([root], build_policy({}), keep_models=False, jobs=1).result
    report = json.loads(json.dumps(result.for_reports().to_dict(with_evidence=True)))
    return ({o["path"]: o["status"] for o in report["outputs"]},
            {(o["path"], f["rule"], f["status"], f["location"]["cell"])
             for o in report["outputs"] for f in o["findings"]})


def _write(root: Path, head: str, rows: str) -> Path:
    root.mkdir()
    (root / "counts.csv").write_text(COUNTS)
    (root / "shares.csv").write_text(head + "\n" + rows)
    return root


SDC303 = {("shares.csv", "SDC303", "review", None)}  # the shares' units: not linked here


@pytest.mark.parametrize("unit", ["{} (%)", "{} %", "% {}"])
def test_band_headers_of_shares_are_labels(tmp_path: Path, unit: str) -> None:
    head = "region," + ",".join(unit.format(b) for b in ("18-29", "30-64", "65+"))
    statuses, found = _found(_write(tmp_path / "r", head,
                                    "North,30.4,51.0,18.6\nSouth,23.1,45.2,31.7\n"))
    # main: also ("shares.csv", "SDC602", "review", None) naming B1, C1, D1
    assert (statuses, found) == ({"counts.csv": "pass", "shares.csv": "review"}, SDC303)


def test_total_share_column_is_each_rows_whole(tmp_path: Path) -> None:
    head = "region,18-29 (%),30-64 (%),65+ (%),Total (%)"
    statuses, found = _found(_write(tmp_path / "r", head, "North,30.4,51.0,18.6,100.0\n"
                                                          "South,23.1,45.2,31.7,100.0\n"))
    # main: SDC103 fail at E2 and E3 (100% of the group in one category)
    assert (statuses, found) == ({"counts.csv": "pass", "shares.csv": "review"}, SDC303)


def test_a_part_at_100_still_fails(tmp_path: Path) -> None:
    head = "region,18-29 (%),30-64 (%),65+ (%),Total (%)"
    statuses, found = _found(_write(tmp_path / "r", head, "North,100.0,0.0,0.0,100.0\n"
                                                          "South,23.1,45.2,31.7,100.0\n"))
    assert statuses == {"counts.csv": "pass", "shares.csv": "fail"}
    assert {f[1:] for f in found if f[1] == "SDC103"} == {
        ("SDC103", "fail", "B2"), ("SDC103", "fail", "C2"), ("SDC103", "fail", "D2")}


@pytest.mark.parametrize(("text", "understood"), [
    ("18-29 (%)", True), ("18-29 %", True), ("% 18-29", True), ("65+ (%)", True),
    ("% 2019", True),
    # a number the unit sets off is still a number: no label
    ("30 (%)", False), ("North (n=3) (%)", False), ("n=3 %", False), ("3 patients %", False),
])
def test_a_set_off_percent_sign_is_read_past(text: str, understood: bool) -> None:
    assert label_text_understood(text) is understood
