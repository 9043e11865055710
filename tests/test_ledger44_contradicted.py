"""A forged grand total, and labels spelt as the linking reads them (round 44, ledger44).

ledger43 left two gaps in the lookup by margins (``sdc.ledger.margins``). (1) A new table whose
printed grand total is a little off a released table's (``108`` beside ``107``) was kept out
of every lookup, and the audit drops the link it contradicts: it passed with ``--ledger``,
though a reader takes the released margin (``Total,50,57,107``: the new table's hidden young
women are 50 - 45 = 5), and in one release the same two tables are ``review`` (SDC503's totals
apart, SDC402's contradiction). Now SDC504 ``review`` at the new grand total, naming the
released table. (2) Labels compared by case and spacing alone: a released ``Female``/``Male``
table was never found for a new ``F``/``M`` one (one release links them: SDC501 ``review`` at
B2 5, C2 7). Now the margins are spelt as ``link_label`` spells them (schema version 6
re-indexes ledgers made before). Checked as ``sdc check --ledger`` checks, SQLite and
PostgreSQL, ``-j 1``/``-j 2``, whole and streamed; each case has twins that pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, update

from sdc.ledger import schema
from tests.test_ledger41_released_audit import _found, _report, jobs, ledger  # noqa: F401
from tests.test_ledger_support import (
    BACKENDS,
    approve_and_release,
    ledger_location,
    opened,
    released_margin_rows,
    write_request,
)

TOTALS = "region,F,M,Total\nTotal,50,57,107\n"
# the forged table: its own numbers agree (13 + 95 = 108), the released margin's do not
FORGED = "age,F,M,Total\n0-39,*,*,13\n40+,45,50,95\nTotal,*,*,108\n"
BY_AGE = "age,F,M,Total\n0-39,*,*,12\n40+,45,50,95\n"
ROUNDED = "region,F,M,Total\nNorth,25,30,55\nSouth,25,25,50\nTotal,50,55,105\n"
SPELT_OUT = "region,Female,Male,Total\nTotal,50,57,107\n"


def test_a_forged_total_beside_a_released_margin(ledger, tmp_path: Path,  # noqa: F811
                                                 jobs: int) -> None:  # noqa: F811
    """108 beside a released 107 under the same labels: ``review`` at the new grand total
    (D4), not an unlinked pass (base44: pass, nothing found)."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": TOTALS})
    root = write_request(tmp_path / "new", {"n.csv": FORGED})
    assert _found(ledger, root, jobs) == ("review", {("n.csv", "SDC504", "review", "D4", None)})


def test_the_finding_names_the_contradiction(ledger, tmp_path: Path) -> None:  # noqa: F811
    approve_and_release(ledger, tmp_path / "old", {"r.csv": TOTALS})
    root = write_request(tmp_path / "new", {"n.csv": FORGED})
    (finding,) = [f for o in _report(ledger, root, 1)["outputs"] for f in o["findings"]]
    assert finding["evidence"] == {
        "released": 107.0, "new": 108.0, "difference": 1.0, "limit": 10,
        "released_request": "R-0001", "released_path": "r.csv", "kind": "contradicted margin"}
    assert "grand total 107 against 108 here" in finding["message"]
    assert [r["cell"] for r in finding["related"]] == ["D2"]


@pytest.mark.parametrize("new", [
    # totals ten apart: another population (a group of ten is no small count)
    "age,F,M,Total\n0-39,*,*,22\n40+,45,50,95\nTotal,*,*,117\n",
    # a total off by one, other labels: no margin in common
    "age,A,B,Total\n0-39,*,*,13\n40+,45,50,95\nTotal,*,*,108\n",
    # a total off by one, nothing hidden: the released margin fills in nothing (another
    # cohort's table of the same labels, common on a large ledger)
    "age,F,M,Total\n0-39,12,18,30\n40+,40,38,78\nTotal,52,56,108\n",
    # both tables rounded to 5, the totals a rounding apart (110 against 105)
    "age,F,M,Total\n0-39,10,15,25\n40-64,20,20,40\n65+,20,25,45\nTotal,50,60,110\n",
])
def test_twins_pass(ledger, tmp_path: Path, jobs: int, new: str) -> None:  # noqa: F811
    old = TOTALS if "110" not in new else ROUNDED
    approve_and_release(ledger, tmp_path / "old", {"r.csv": old})
    assert _found(ledger, write_request(tmp_path / "new", {"n.csv": new}), jobs) == (
        "pass", set())


def test_rounded_tables_apart_by_more_than_their_base(ledger, tmp_path: Path) -> None:  # noqa: F811
    """A released table rounded to 5 beside a new total 8 off: more than a rounding (5, the
    twin above): review."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": ROUNDED})
    root = write_request(tmp_path / "new", {"n.csv": "age,F,M,Total\n0-39,*,*,18\n40+,45,50,95\n"
                                                    "Total,*,*,113\n"})
    assert _found(ledger, root, 1) == ("review", {("n.csv", "SDC504", "review", "D4", None)})


def test_released_female_male_found_for_f_m(ledger, tmp_path: Path, jobs: int) -> None:  # noqa: F811
    """``Female``/``Male`` released, ``F``/``M`` new: the linking reads them as one, so does
    the lookup (base44: pass)."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": SPELT_OUT})
    root = write_request(tmp_path / "new", {"n.csv": BY_AGE})
    assert _found(ledger, root, jobs) == ("review", {
        ("n.csv", "SDC501", "review", "B2", 5.0), ("n.csv", "SDC501", "review", "C2", 7.0)})


def test_ranges_spelt_otherwise(ledger, tmp_path: Path, jobs: int) -> None:  # noqa: F811
    """``18-24`` released, ``18 to 24`` new (base44: pass)."""
    approve_and_release(ledger, tmp_path / "old", {
        "r.csv": "age,18-24,25-34,Total\nTotal,50,57,107\n"})
    root = write_request(tmp_path / "new", {
        "n.csv": "sex,18 to 24,25 to 34,Total\nF,*,*,12\nM,45,50,95\n"})
    assert _found(ledger, root, jobs) == ("review", {
        ("n.csv", "SDC501", "review", "B2", 5.0), ("n.csv", "SDC501", "review", "C2", 7.0)})


def test_girls_and_boys_stay_apart(ledger, tmp_path: Path, jobs: int) -> None:  # noqa: F811
    """Twin: ``Girls``/``Boys`` are not the sexes of adults (``link_label``): pass."""
    approve_and_release(ledger, tmp_path / "old", {
        "r.csv": "region,Girls,Boys,Total\nTotal,50,57,107\n"})
    root = write_request(tmp_path / "new", {"n.csv": BY_AGE})
    assert _found(ledger, root, jobs) == ("pass", set())


# -- the migration to version 6 ---------------------------------------------------------------

@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_location(request.param, tmp_path) as location:
        yield location


def test_a_version_5_ledger_is_indexed_again(url: str, tmp_path: Path) -> None:
    """A ledger whose margins version 5 wrote (case and spacing only: here stood in for by
    rows under another signature) is indexed again on opening and finds the case."""
    with opened(url) as led:
        approve_and_release(led, tmp_path / "old", {"r.csv": SPELT_OUT})
    made = released_margin_rows(url)
    with opened(url) as led, led.write() as conn:
        rm = schema.released_margins
        conn.execute(update(rm).values(margin_sig="v5" + func.substr(rm.c.margin_sig, 3)))
        conn.execute(delete(schema.schema_version).where(schema.schema_version.c.version == 6))
    with opened(url) as led:
        assert released_margin_rows(url) == made
        root = write_request(tmp_path / "new", {"n.csv": BY_AGE})
        assert _found(led, root, 1) == ("review", {
            ("n.csv", "SDC501", "review", "B2", 5.0), ("n.csv", "SDC501", "review", "C2", 7.0)})
