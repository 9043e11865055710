"""SDC504 against a released table of the same dimensions whose totals are far from the new
one's (round 40, hunt40).

A released ``age × region`` table of ``18-64`` and ``65+`` and a new table of ``66+`` alone
(or ``18-65`` alone) give the 65 year olds away (59 − 55 = 4), as SDC503 says of the two in
one release. The ledger's index looked up only released tables whose grand totals a re-run
could reach (the new table's total is a part of the old one's), and a table whose shared
numbers moved by the limit or more was not compared at all: the new table passed. Now every
released table of the same dimensions is compared for its bands, each sliver capped at
``review`` where the totals are far apart (the numbers cannot tell a part of the population
from another population). Checked as ``sdc check --ledger`` checks (``sdc.engine.run``), at
``-j 1`` and ``-j 2``, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sdc import pool
from sdc.engine import run
from sdc.policy import build_policy
from tests.test_ledger_support import (
    BACKENDS,
    approve_and_release,
    ledger_location,
    opened,
    write_request,
)

WIDE = "age,North,South,Total\n18-64,95,100,195\n65+,59,47,106\n"
ONE = "age,count\n18-64,95\n65+,59\n"


@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_location(request.param, tmp_path) as url, opened(url) as led:
        yield led


def _found(ledger, root: Path, jobs: int) -> tuple[str, set[tuple[str, str, str | None, str]]]:
    result = run([root], build_policy({}), ledger=ledger, jobs=jobs, keep_models=False).result
    report = json.loads(json.dumps(result.for_reports().to_dict(with_evidence=True)))
    return report["status"], {
        (f["rule"], f["status"], f["location"]["cell"], str(f["evidence"].get("derived")))
        for o in report["outputs"] for f in o["findings"]}


CASES = {
    # released, new, expected (rule, status, cell, derived)
    "66+ alone beside 18-64, 65+": (
        WIDE, "age,North,South,Total\n66+,55,40,95\n",
        {("SDC504", "review", "B2", "4.0"), ("SDC504", "review", "C2", "7.0")}),
    "one column": (ONE, "age,count\n66+,55\n", {("SDC504", "review", "B2", "4.0")}),
    "18-65 alone beside 18-64, 65+": (
        ONE, "age,count\n18-65,99\n", {("SDC504", "review", "B2", "4.0")}),
    "three bands": ("age,count\n18-29,40\n30-64,55\n65+,59\n",
                    "age,count\n30-65,58\n", {("SDC504", "review", "B2", "3.0")}),
}
TWINS = {  # the same shapes with slivers of 10 or more: nothing to say
    "66+ alone beside 18-64, 65+": (WIDE, "age,North,South,Total\n66+,45,30,75\n"),
    "one column": (ONE, "age,count\n66+,45\n"),
    "18-65 alone beside 18-64, 65+": (ONE, "age,count\n18-65,110\n"),
    "three bands": ("age,count\n18-29,40\n30-64,55\n65+,59\n", "age,count\n30-65,70\n"),
}


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("case", list(CASES))
def test_a_band_beside_a_released_table_of_other_totals(ledger, tmp_path: Path, case: str,
                                                         jobs: int,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 1)
    released, new, expected = CASES[case]
    approve_and_release(ledger, tmp_path / "old", {"old.csv": released})
    status, found = _found(ledger, write_request(tmp_path / "new", {"new.csv": new}), jobs)
    assert (status, found) == ("review", expected)  # main: pass, nothing found


@pytest.mark.parametrize("case", list(TWINS))
def test_the_same_shapes_with_wide_slivers_pass(ledger, tmp_path: Path, case: str) -> None:
    released, new = TWINS[case]
    approve_and_release(ledger, tmp_path / "old", {"old.csv": released})
    assert _found(ledger, write_request(tmp_path / "new", {"new.csv": new}), 1) == (
        "pass", set())


def test_near_totals_still_fail(ledger, tmp_path: Path) -> None:
    """A released ``65+`` alone beside ``66+``: totals a re-run could reach, compared as
    before (the moved total's review, the sliver's fail)."""
    approve_and_release(ledger, tmp_path / "old", {"old.csv": "age,count\n65+,59\n"})
    status, found = _found(ledger, write_request(tmp_path / "new",
                                                 {"new.csv": "age,count\n66+,55\n"}), 1)
    assert (status, found) == ("fail", {("SDC504", "review", None, "None"),
                                        ("SDC504", "fail", "B2", "4.0")})
