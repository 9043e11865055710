"""A subgroup table now against the whole released (round 40, hunt40; ``sdc.ledger.index``).

``region,F,M,Total`` released, then the men alone by region: each region's number beside the
released ``M`` column is the men who joined or left since. The ledger's index keys a table by
its own dimensions, so the new ``region,count`` never met the released ``region × columns``
and passed (the prior-release oracle's shape c: 10 of 24 releases worth checking on main,
seeds 0-39). Now a released table of one more dimension is cut at each of its categories
and compared as a re-run: SDC504 ``fail`` where the output's declared population names the
category, else ``review`` (only the numbers say it is the same population). Checked as ``sdc
check --ledger`` checks, at ``-j 1`` and ``-j 2``, on SQLite and PostgreSQL.
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

WHOLE = "region,F,M,Total\nNorth,60,41,101\nSouth,75,47,122\nTotal,135,88,223\n"
MEN = '[[outputs]]\npath = "men.csv"\npopulation = { sex = "M" }\n'


@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_location(request.param, tmp_path) as url, opened(url) as led:
        yield led


def _found(ledger, root: Path, jobs: int) -> tuple[str, set[tuple]]:
    result = run([root], build_policy({}), ledger=ledger, jobs=jobs, keep_models=False).result
    report = json.loads(json.dumps(result.for_reports().to_dict(with_evidence=True)))
    return report["status"], {
        (f["rule"], f["status"], f["location"]["cell"], f["evidence"].get("kind"),
         f["evidence"].get("difference")) for o in report["outputs"] for f in o["findings"]}


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(("declared", "status"), [(True, "fail"), (False, "review")])
def test_the_men_alone_against_the_released_whole(ledger, tmp_path: Path, declared: bool,
                                                  status: str, jobs: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 1)
    approve_and_release(ledger, tmp_path / "old", {"whole.csv": WHOLE})
    files = {"men.csv": "region,count\nNorth,42\nSouth,47\nTotal,89\n"}
    if declared:
        files["request.toml"] = MEN
    # main: pass, nothing found
    assert _found(ledger, write_request(tmp_path / "new", files), jobs) == (
        status, {("SDC504", status, "B2", "subgroup", 1.0)})


def test_a_declared_population_exempts_no_category(ledger, tmp_path: Path) -> None:
    """Declaring the women's table as the men's compares it with the men (far apart) and the
    women alike: the women's column still finds it (review: declared otherwise)."""
    approve_and_release(ledger, tmp_path / "old", {"whole.csv": WHOLE})
    root = write_request(tmp_path / "new", {"men.csv": "region,count\nNorth,62\nSouth,75\n"
                                                       "Total,137\n", "request.toml": MEN})
    assert _found(ledger, root, 1) == ("review", {("SDC504", "review", "B2", "subgroup", 2.0)})


@pytest.mark.parametrize("men", [
    "region,count\nNorth,41\nSouth,47\nTotal,88\n",  # the same men: nothing to say
    "region,count\nNorth,161\nSouth,170\nTotal,331\n",  # another population (far apart)
])
def test_twins_pass(ledger, tmp_path: Path, men: str) -> None:
    approve_and_release(ledger, tmp_path / "old", {"whole.csv": WHOLE})
    root = write_request(tmp_path / "new", {"men.csv": men, "request.toml": MEN})
    assert _found(ledger, root, 1) == ("pass", set())
