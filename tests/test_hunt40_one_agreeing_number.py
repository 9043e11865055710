"""Two tables printing one row alike and other rows apart, each hiding other cells of it
(round 40, hunt40).

``a.csv`` prints rows ``A`` and ``B``, ``b.csv`` rows ``A`` and ``C``; both print ``A``'s
total 75, ``a.csv`` North 59 and ``b.csv`` East 14, so South is 75 − 59 − 14 = 2. The two
tables' column sums differ (other rows), so ``_exact_links`` parted them unless two printed
numbers agreed, and here only the total does: both passed (the random-release oracle with a
ledger, seed 5, met it within the new release). One agreeing number now makes a weak link:
SDC501 ``review`` (the tables may count other populations). Twins: the same hidden cells in
both (nothing to give back; two numbers agree), and totals that differ (not linked).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sdc import pool
from sdc.engine import run
from sdc.policy import build_policy

HEAD = "region,North,South,East,Total\n"


def _found(root: Path, jobs: int) -> tuple[dict[str, str], set[tuple[str, str, str, str]]]:
    result = run([root], build_policy({}), keep_models=False, jobs=jobs).result
    report = json.loads(json.dumps(result.for_reports().to_dict(with_evidence=True)))
    return ({o["path"]: o["status"] for o in report["outputs"]},
            {(o["path"], f["rule"], f["status"], f["location"]["cell"])
             for o in report["outputs"] for f in o["findings"]})


def _write(root: Path, a: str, b: str) -> Path:
    root.mkdir()
    (root / "a.csv").write_text(HEAD + a)
    (root / "b.csv").write_text(HEAD + b)
    return root


@pytest.mark.parametrize("jobs", [1, 2])
def test_one_agreeing_row_total_links_the_tables_weakly(tmp_path: Path, jobs: int,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    root = _write(tmp_path / "r", "A,59,*,*,75\nB,10,11,10,31\n",
                  "A,*,*,14,75\nC,116,82,78,276\n")
    # main: both pass, nothing found
    assert _found(root, jobs) == ({"a.csv": "review", "b.csv": "review"}, {
        ("a.csv", "SDC501", "review", "C2"), ("a.csv", "SDC501", "review", "D2"),
        ("b.csv", "SDC501", "review", "B2"), ("b.csv", "SDC501", "review", "C2")})


@pytest.mark.parametrize(("a", "b"), [
    ("A,59,*,*,75\nB,10,11,10,31\n", "A,59,*,*,75\nC,116,82,78,276\n"),  # same cells hidden
    ("A,59,*,*,75\nB,10,11,10,31\n", "A,*,*,14,80\nC,116,82,78,276\n"),  # another total
])
def test_twins_pass(tmp_path: Path, a: str, b: str) -> None:
    assert _found(_write(tmp_path / "r", a, b), 1) == ({"a.csv": "pass", "b.csv": "pass"},
                                                       set())
