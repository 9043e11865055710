"""Released tables under other dimension names (round 43, ledger43; ``sdc.ledger.margins``).

A released ``region × sex`` whose ``Total`` row completes a new ``age × sex`` (the new
table's hidden women are the released women less its printed ones), and a released table
whose rows a new one prints under ``area`` for ``region``, were never looked up: the index's
signatures hash dimension names. In one release sdc links them (SDC501 ``review`` at n.csv
B2, C2: 5 and 7, by labels; ``fail`` through two agreeing numbers). Now each released table
is also stored under its margin signatures (schema version 5, back-filled for ledgers made
before), and a new table is looked up by its own. Checked as ``sdc check --ledger`` checks, on
SQLite and PostgreSQL, at ``-j 1``/``-j 2``, whole and streamed; each case has a twin that
passes (another population: numbers that disagree).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update

from sdc.ledger import schema
from tests.test_ledger41_released_audit import RELEASED, _found, jobs, ledger  # noqa: F401
from tests.test_ledger_support import (
    BACKENDS,
    approve_and_release,
    ledger_location,
    opened,
    released_margin_rows,
    write_request,
)

TOTALS = "region,F,M,Total\nTotal,50,57,107\n"
BY_AGE = "age,F,M,Total\n0-39,*,*,12\n40+,45,50,95\n"


def test_released_totals_complete_a_table_of_another_dimension(ledger, tmp_path: Path,  # noqa: F811
                                                               jobs: int) -> None:  # noqa: F811
    """The released ``Total`` row (women 50, men 57) is the new age table's missing totals:
    its young women are 50 - 45 = 5, its young men 57 - 50 = 7. Linked by labels alone:
    ``review``, as in one release (base43: pass, nothing found)."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": TOTALS})
    root = write_request(tmp_path / "new", {"n.csv": BY_AGE})
    assert _found(ledger, root, jobs) == ("review", {
        ("n.csv", "SDC501", "review", "B2", 5.0), ("n.csv", "SDC501", "review", "C2", 7.0)})


def test_released_rows_under_another_name(ledger, tmp_path: Path, jobs: int) -> None:  # noqa: F811
    """``area`` for ``region``: two of the released rows again (South, East) give the
    released table's four hidden cells back, as under the same name (ledger42's case);
    linked by two agreeing numbers: ``fail`` (base43: pass)."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": RELEASED})
    root = write_request(tmp_path / "new", {
        "n.csv": "area,F,M,Total\nSouth,45,50,95\nEast,30,31,61\n"})
    assert _found(ledger, root, jobs) == ("fail", {
        ("n.csv", "SDC501", "fail", "B2", 5.0), ("n.csv", "SDC501", "fail", "B2", 45.0),
        ("n.csv", "SDC501", "fail", "C2", 7.0), ("n.csv", "SDC501", "fail", "C2", 50.0)})


@pytest.mark.parametrize(("old", "new"), [
    # another population's totals: more young women than the row holds (50 - 25 = 25 > 12)
    (TOTALS, "age,F,M,Total\n0-39,*,*,12\n40+,25,70,95\n"),
    # the same labels, totals that cannot hold the new rows (60 - 45 = 15 > 12)
    ("region,F,M,Total\nTotal,60,62,122\n", BY_AGE),
    # two rows hidden: the young and the old women add up to 5, each open
    (TOTALS, "age,F,M,Total\n0-39,*,*,12\n40-64,45,50,95\n65+,*,*,20\n"),
    # South's row another population's (96, not 95): the tables are never linked
    (RELEASED, "area,F,M,Total\nSouth,44,52,96\nEast,30,31,61\n"),
    # other labels: no margin in common
    (TOTALS, "age,A,B,Total\n0-39,*,*,12\n40+,45,50,95\n"),
])
def test_twins_pass(ledger, tmp_path: Path, jobs: int, old: str, new: str) -> None:  # noqa: F811
    approve_and_release(ledger, tmp_path / "old", {"r.csv": old})
    assert _found(ledger, write_request(tmp_path / "new", {"n.csv": new}), jobs) == (
        "pass", set())


# -- the migration ---------------------------------------------------------------------------

@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_location(request.param, tmp_path) as location:
        yield location


def _as_before_version_5(url: str, table_json: str | None = None) -> None:
    """The ledger as schema version 4 left it: no margins table, no version 5 (and every
    stored entry ``table_json``, if given)."""
    with opened(url) as led, led.write() as conn:
        schema.released_margins.drop(conn)
        if table_json is not None:
            conn.execute(update(schema.output_tables).values(table_json=table_json))
        conn.execute(delete(schema.schema_version).where(schema.schema_version.c.version == 5))


def test_a_ledger_made_before_is_migrated_and_finds_the_case(url: str, tmp_path: Path) -> None:
    with opened(url) as led:
        approve_and_release(led, tmp_path / "old", {"r.csv": TOTALS})
    made = released_margin_rows(url)
    # the table, and each of its two dimensions collapsed, each also by its labels' initials
    # (round 45, ledger45)
    assert len(made) == 6
    _as_before_version_5(url)
    with opened(url) as led:  # opening migrates: the released table is back-filled
        assert released_margin_rows(url) == made
        root = write_request(tmp_path / "new", {"n.csv": BY_AGE})
        assert _found(led, root, 1) == ("review", {
            ("n.csv", "SDC501", "review", "B2", 5.0),
            ("n.csv", "SDC501", "review", "C2", 7.0)})


def test_the_migration_run_twice_is_harmless(url: str, tmp_path: Path) -> None:
    from sdc.ledger.migrations import MIGRATIONS, migrate

    with opened(url) as led:
        approve_and_release(led, tmp_path / "old", {"r.csv": TOTALS, "s.csv": RELEASED})
    made = released_margin_rows(url)
    (run,) = [run for version, _, run in MIGRATIONS if version == 5]
    with opened(url) as led:
        with led.write() as conn:
            run(conn)
        assert migrate(led) == []
    assert released_margin_rows(url) == made


def test_a_released_table_that_cannot_be_read_is_said(url: str, tmp_path: Path) -> None:
    """A released entry the back-fill cannot read is stored as unread; every new output with a
    count is then SDC602 ``review`` (it may share a margin with it), never a silent pass."""
    from sdc.ledger.margins import UNREAD

    with opened(url) as led:
        approve_and_release(led, tmp_path / "old", {"e.csv": "ethnicity,2019,2020\nA,30,31\n"})
    _as_before_version_5(url, table_json="{not json")
    assert [row[1:] for row in released_margin_rows(url)] == [(UNREAD, None)]
    with opened(url) as led:
        root = write_request(tmp_path / "new", {"n.csv": BY_AGE})
        status, found = _found(led, root, 1)
    assert status == "review"
    assert found == {("n.csv", "SDC602", "review", None, None)}


def test_a_failed_release_leaves_no_margins(url: str, tmp_path: Path) -> None:
    from sdc.ledger.release import _finish

    with opened(url) as led:
        approve_and_release(led, tmp_path / "old", {"r.csv": TOTALS})
        with led.read() as conn:
            release_id = conn.execute(select(func.max(schema.releases.c.id))).scalar_one()
        with led.write() as conn:
            conn.execute(update(schema.releases).values(state="pending"))
        _finish(led, release_id, "failed", "dave", "R-0001", {})
    assert released_margin_rows(url) == []
