"""SDC501/SDC502's share recoveries make a hidden count's cell only when a table of shares
has its labels (round 36, issue 14 §4): the labels of every hidden count are read off its
table's compact form once the model has gone (``share_recovery._hidden_labels``), not off
a cell made for each (13,635 made on bench_scale's 1,000 tables, 0.05 s of the serial tail
at ``-j 2``). The findings are those read with the models kept, at the same cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import sdc
from sdc import share_recovery, table_standin
from sdc.policy import build_policy
from sdc.rules import suppression
from tests.test_share_recovery_form import _shares_releases

POLICY = build_policy({})


def _release(root: Path, others: int) -> None:
    """The handbook's shares example (West/F hidden beside row shares 25.0/75.0 and West/M's
    12: it is 4), and ``others`` tables of other labels, each hiding two counts of a line
    without a total (neither pinned: the audit leaves both open, no table of shares names
    them)."""
    (root / "counts.csv").write_text("area,F,M\nNorth,40,38\nSouth,30,33\nWest,[c],12\n")
    (root / "shares.csv").write_text(
        "area,F,M\nNorth,51.3,48.7\nSouth,47.6,52.4\nWest,25.0,75.0\n")
    for k in range(others):
        (root / f"other{k}.csv").write_text(
            f"region,age {k}a,age {k}b,Total\nR{k}x,[c],[c],30\nR{k}y,7,9,16\n")


def _made_for_shares(root: Path, keep_models: bool) -> tuple[dict, int, int]:
    """The check's JSON (``sdc check``'s path: in a release, the models let go unless
    ``keep_models``), the hidden counts handed to the share recoveries, and the cells made
    from a stand-in's form while they were handed over and read (``FormCells``)."""
    made = [0, 0]  # hidden counts handed over, cells made from forms meanwhile
    real_init = suppression._ShareWork.__init__
    real_get = table_standin.FormCells.__getitem__
    real_recoveries = share_recovery.share_recoveries
    inside = [False]

    def init(self, outputs, shared):  # type: ignore[no-untyped-def]
        inside[0] = True
        try:
            real_init(self, outputs, shared)
        finally:
            inside[0] = False

    def get(self, i):  # type: ignore[no-untyped-def]
        if inside[0]:
            made[1] += 1
        return real_get(self, i)

    def recoveries(outputs, hidden, *ahead):  # type: ignore[no-untyped-def]
        hidden = list(hidden)
        made[0] += len(hidden)
        return real_recoveries(outputs, hidden, *ahead)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(suppression._ShareWork, "__init__", init)
        patch.setattr(table_standin.FormCells, "__getitem__", get)
        patch.setattr(share_recovery, "share_recoveries", recoveries)
        result = sdc.check(root, POLICY, in_release=True, keep_models=keep_models)
    return result.to_dict(), made[0], made[1]


def _share_findings(report: dict) -> list[tuple[str, str, str, object]]:
    return [(o["path"], f["rule"], f["location"]["cell"], f["evidence"].get("value"))
            for o in report["outputs"] for f in o["findings"]
            if f["rule"] in ("SDC501", "SDC502") and "shares" in f["message"]]


def test_only_the_hidden_count_a_table_of_shares_names_is_made(tmp_path: Path) -> None:
    _release(tmp_path, others=6)
    report, handed, made = _made_for_shares(tmp_path, keep_models=False)
    # West/F and the six tables' two open counts each go to the share recoveries
    assert handed == 1 + 6 * 2
    # one cell made: West/F's, which the shares name (main made all 13)
    assert made == 1
    assert _share_findings(report) == [("counts.csv", "SDC501", "B4", 4)]


def test_the_same_findings_with_the_models_kept(tmp_path: Path) -> None:
    """The twin: the models kept, the hidden cells are the models' own (none made), and the
    JSON is the same as with them let go."""
    _release(tmp_path, others=6)
    kept, handed, made = _made_for_shares(tmp_path, keep_models=True)
    assert (handed, made) == (13, 0)
    assert kept == _made_for_shares(tmp_path, keep_models=False)[0]
    assert _share_findings(kept) == [("counts.csv", "SDC501", "B4", 4)]


def test_no_cell_made_when_no_table_of_shares_names_one(tmp_path: Path) -> None:
    (tmp_path / "shares.csv").write_text(
        "area,F,M\nNorth,51.3,48.7\nSouth,47.6,52.4\nWest,25.0,75.0\n")
    for k in range(3):
        (tmp_path / f"other{k}.csv").write_text(
            f"region,age {k}a,age {k}b,Total\nR{k}x,[c],[c],30\nR{k}y,7,9,16\n")
    report, handed, made = _made_for_shares(tmp_path, keep_models=False)
    assert (handed, made) == (6, 0)
    assert _share_findings(report) == []


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_shares_releases())
def test_let_go_reads_as_kept(tmp_path_factory, files) -> None:
    """Random counts beside their shares (test_share_recovery_form's releases): the findings
    with the models let go (labels off the forms) are those with them kept."""
    root = tmp_path_factory.mktemp("shares")
    for name, text in files:
        (root / name).write_text(text)
    assert (_made_for_shares(root, keep_models=False)[0]
            == _made_for_shares(root, keep_models=True)[0])
