"""A released table whose count is named otherwise, or whose total a re-run keeps (round 50,
part50; ``sdc.ledger.margins``, ``sdc.rules.prior_release``).

1. A released one-way ``area,n`` beside a new ``area × sex`` of unheaded counts (the reader
   names them ``count``) printing no row totals: North's hidden women are the released 23
   less North's 20 men = 3. In one release the audit links the two tables (SDC501 ``fail``);
   with ``--ledger`` the new table passed, because the margin signatures hashed the count's
   name. So did the reverse (the released table hides the cell, the new one-way pins it).
   Now a one-measure table's margins carry no measure name (schema version 10): SDC501
   ``review`` at the hidden cell (linked by labels, the totals unknown).
2. A ``--ledger`` re-run that keeps the total (one patient moved from North to South) under
   another count or dimension name (``region,n`` then ``region,patients`` or ``area,count``)
   passed: the contradicted-margin lookup read totals apart only. Under one name it is
   SDC504 ``fail`` (the same table re-run). Now SDC504 ``review`` at the kept total.

Checked as ``sdc check --ledger`` checks, on SQLite and PostgreSQL, at ``-j 1``/``-j 2``,
whole and streamed; each case has twins that pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, update

from sdc.ledger import schema
from tests.test_ledger41_released_audit import _found, jobs, ledger  # noqa: F401
from tests.test_ledger_support import (
    BACKENDS,
    approve_and_release,
    ledger_location,
    opened,
    released_margin_rows,
    write_request,
)

BY_AREA = "area,n\nNorth,23\nSouth,52\nEast,30\n"
BY_AREA_SEX = "area,F,M\nNorth,*,20\nSouth,25,27\nEast,15,15\n"
REGION = "region,n\nNorth,40\nSouth,52\nEast,30\nTotal,122\n"


# -- 1. a new two-way table beside a released one-way one -----------------------------------

@pytest.mark.parametrize(("old", "new", "found"), [
    # the released area counts pin North's women: 23 - 20 = 3
    ({"a.csv": BY_AREA}, {"x.csv": BY_AREA_SEX}, ("x.csv", "B2", 3.0)),
    # the released table hides the cell, the new one-way pins it
    ({"x.csv": BY_AREA_SEX}, {"a.csv": BY_AREA}, ("a.csv", "B2", 3.0)),
    # the released sex counts pin it along the other margin: 60 - 25 - 15 = 20
    ({"s.csv": "sex,n\nF,60\nM,62\n"}, {"x.csv": BY_AREA_SEX}, ("x.csv", "B2", 20.0)),
], ids=["one-way-released", "two-way-released", "sex-released"])
def test_a_released_count_of_another_name_pins_a_hidden_cell(
        ledger, tmp_path: Path, jobs: int, old: dict, new: dict,  # noqa: F811
        found: tuple) -> None:
    """SDC501 ``review`` at the hidden cell, its value (base50: pass, nothing found)."""
    approve_and_release(ledger, tmp_path / "old", old)
    root = write_request(tmp_path / "new", new)
    path, cell, value = found
    assert _found(ledger, root, jobs) == ("review", {(path, "SDC501", "review", cell, value)})


@pytest.mark.parametrize(("old", "new"), [
    # both of North's cells hidden: the released 23 is their sum, neither is pinned
    (BY_AREA, "area,F,M\nNorth,*,*\nSouth,25,27\nEast,15,15\n"),
    # other areas: no margin in common
    ("area,n\nNorth,23\nSouth,52\nWest,30\n", BY_AREA_SEX),
    # nothing hidden
    (BY_AREA, "area,F,M\nNorth,12,11\nSouth,25,27\nEast,15,15\n"),
])
def test_one_way_twins_pass(ledger, tmp_path: Path, jobs: int,  # noqa: F811
                            old: str, new: str) -> None:
    approve_and_release(ledger, tmp_path / "old", {"a.csv": old})
    assert _found(ledger, write_request(tmp_path / "new", {"x.csv": new}), jobs) == (
        "pass", set())


# -- 2. a re-run keeping its total under other names ------------------------------------------

@pytest.mark.parametrize(("old", "new", "cell"), [
    (REGION, "region,patients\nNorth,39\nSouth,53\nEast,30\nTotal,122\n", "B5"),
    (REGION, "area,count\nNorth,39\nSouth,53\nEast,30\nTotal,122\n", "B5"),
    (REGION, "area,n\nNorth,39\nSouth,53\nEast,30\nTotal,122\n", "B5"),
    # no total printed in either: their cells add to 122 both
    ("region,n\nNorth,40\nSouth,52\nEast,30\n", "area,n\nNorth,39\nSouth,53\nEast,30\n", None),
    ("region,F,M,Total\nNorth,20,20,40\nSouth,25,27,52\nEast,15,15,30\nTotal,60,62,122\n",
     "area,F,M,Total\nNorth,19,20,39\nSouth,26,27,53\nEast,15,15,30\nTotal,60,62,122\n", "D5"),
], ids=["count-renamed", "both-renamed", "dimension-renamed", "no-totals", "by-sex"])
def test_a_renamed_rerun_keeping_its_total(ledger, tmp_path: Path, jobs: int,  # noqa: F811
                                           old: str, new: str, cell: str | None) -> None:
    """SDC504 ``review`` (base50: pass, nothing found; under one name it is ``fail``)."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": old})
    root = write_request(tmp_path / "new", {"r.csv": new})
    assert _found(ledger, root, jobs) == ("review", {("r.csv", "SDC504", "review", cell, None)})


def test_the_same_names_stay_a_failing_rerun(ledger, tmp_path: Path, jobs: int  # noqa: F811
                                             ) -> None:
    """Under one name the re-run is SDC504 ``fail`` at the first changed cell, as on base50,
    and the margin lookup adds nothing beside it."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": REGION})
    root = write_request(tmp_path / "new", {"r.csv": REGION.replace("40", "39")
                                            .replace("52", "53")})
    assert _found(ledger, root, jobs) == ("fail", {("r.csv", "SDC504", "fail", "B2", None)})


@pytest.mark.parametrize("new", [
    # the same numbers again under other names
    "area,patients\nNorth,40\nSouth,52\nEast,30\nTotal,122\n",
    # moved by more than the threshold: 15 patients are no small group
    "area,patients\nNorth,25\nSouth,67\nEast,30\nTotal,122\n",
    # no number alike: another cohort of the same total
    "area,patients\nNorth,38\nSouth,55\nEast,29\nTotal,122\n",
])
def test_renamed_twins_pass(ledger, tmp_path: Path, jobs: int, new: str) -> None:  # noqa: F811
    approve_and_release(ledger, tmp_path / "old", {"r.csv": REGION})
    assert _found(ledger, write_request(tmp_path / "new", {"r.csv": new}), jobs) == (
        "pass", set())


# -- the migration to version 10 --------------------------------------------------------------

@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_location(request.param, tmp_path) as location:
        yield location


def test_a_version_9_ledger_is_indexed_again(url: str, tmp_path: Path) -> None:
    """A ledger whose margins hashed the count's name (stood in for by rows under another
    signature) is indexed again on opening and finds case 1."""
    with opened(url) as led:
        approve_and_release(led, tmp_path / "old", {"a.csv": BY_AREA})
    made = released_margin_rows(url)
    with opened(url) as led, led.write() as conn:
        rm = schema.released_margins
        conn.execute(update(rm).values(margin_sig="v9" + func.substr(rm.c.margin_sig, 3)))
        conn.execute(delete(schema.schema_version).where(schema.schema_version.c.version == 10))
    with opened(url) as led:
        assert released_margin_rows(url) == made
        root = write_request(tmp_path / "new", {"x.csv": BY_AREA_SEX})
        assert _found(led, root, 1) == ("review", {("x.csv", "SDC501", "review", "B2", 3.0)})
