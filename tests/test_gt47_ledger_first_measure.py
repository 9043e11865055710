"""The ledger's grand total of a table of several count measures: the first measure by its
folded name (round 47, gt47).

``sdc.ledger.index._grand_total`` (and ``margins.printed_total`` / ``implied_totals``) took
the first count measure by the name as printed. ``dim_sig`` folds the names, so a released
``region,Deaths,admissions`` (deaths' total stored, ``D`` before ``a``) and a new
``region,deaths,Admissions`` (admissions' total) share a ``dim_sig`` and labels but not the
measure whose total the lookup narrows by: neither lookup by total found the released table,
and a re-run one death off in South passed with ``--ledger`` where the same table spelt alike
is SDC504 ``fail``. Now the first measure is ``first_measure`` (folded), and schema version 8
computes the stored totals again.

Checked as ``sdc check --ledger`` checks, SQLite and PostgreSQL, ``-j 1``/``-j 2``, whole and
streamed; the twins pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select

from sdc.ledger import schema
from sdc.ledger.index import first_measure
from tests.test_ledger41_released_audit import _found, jobs, ledger  # noqa: F401
from tests.test_ledger_support import (
    BACKENDS,
    approve_and_release,
    ledger_location,
    opened,
    write_request,
)

RELEASED = "region,Deaths,admissions\nNorth,20,50\nSouth,30,57\nTotal,50,107\n"
# a re-run: one death fewer in South, its names' case changed
RERUN = "region,deaths,Admissions\nNorth,20,50\nSouth,29,57\nTotal,49,107\n"
CHANGED = ("fail", {("n.csv", "SDC504", "fail", "B3", None)})


@pytest.mark.parametrize("new", [RERUN, RERUN.replace("deaths,Admissions", "Deaths,admissions")],
                         ids=["case-changed", "spelt-alike"])
def test_a_rerun_of_a_table_of_two_measures_is_found(ledger, tmp_path: Path,  # noqa: F811
                                                     jobs: int, new: str) -> None:  # noqa: F811
    """SDC504 ``fail`` at the first changed number (base47: the case-changed table passed,
    nothing found; spelt alike it was found)."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": RELEASED})
    root = write_request(tmp_path / "new", {"n.csv": new})
    assert _found(ledger, root, jobs) == CHANGED


def test_the_same_numbers_pass(ledger, tmp_path: Path, jobs: int) -> None:  # noqa: F811
    approve_and_release(ledger, tmp_path / "old", {"r.csv": RELEASED})
    root = write_request(tmp_path / "new", {"n.csv": RERUN.replace("29,57\nTotal,49",
                                                                   "30,57\nTotal,50")})
    assert _found(ledger, root, jobs) == ("pass", set())


def test_first_measure_folds_names() -> None:
    assert first_measure(["Deaths", "admissions"]) == "admissions"
    assert first_measure(["deaths", "Admissions"]) == "Admissions"
    assert first_measure(["count / g1", "count / Total"]) == "count / g1"


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_location(request.param, tmp_path) as location:
        yield location


def test_a_version_7_ledger_has_its_totals_computed_again(url: str, tmp_path: Path) -> None:
    """A table released under version 7 stored deaths' total (50); opening the ledger
    computes admissions' (107) in both tables and finds the case-changed re-run."""
    with opened(url) as led:
        approve_and_release(led, tmp_path / "old", {"r.csv": RELEASED})
    ot, rt = schema.output_tables, schema.released_tables
    with opened(url) as led, led.write() as conn:
        assert set(conn.execute(select(rt.c.grand_total)).scalars()) == {107.0}
        conn.execute(ot.update().values(grand_total=50.0))
        conn.execute(rt.update().values(grand_total=50.0))
        conn.execute(delete(schema.schema_version).where(schema.schema_version.c.version == 8))
    with opened(url) as led:
        with led.read() as conn:
            assert set(conn.execute(select(ot.c.grand_total)).scalars()) == {107.0}
            assert set(conn.execute(select(rt.c.grand_total)).scalars()) == {107.0}
        root = write_request(tmp_path / "new", {"n.csv": RERUN})
        assert _found(led, root, 1) == CHANGED
