"""SDC504 finds a released table by each of its count measures (round 48, md48).

The ledger keyed a released table by its dimensions and all its count measures together
(``dim_sig``) and narrowed by the first measure's grand total, and compared it whole. So a
released ``region,admissions,deaths`` was found by no new table of ``deaths`` alone (nor of
``admissions`` alone, nor ``deaths,discharges``), and a re-run whose admissions moved by more
than a re-run could was another population: the deaths one fewer in South passed with
``--ledger`` on base48 in each case, where the same deaths printed alone both times are
SDC504 ``fail``. Now ``released_measures`` (schema version 9) holds each count measure as the
one-measure table it could have been printed as, and each measure both tables print is
compared alone. Checked as ``sdc check --ledger`` checks, SQLite and PostgreSQL, ``-j 1``/``-j
2``, whole and streamed; the twins pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select

from sdc.ledger import schema
from sdc.ledger.measures import measure_entries
from tests.test_ledger41_released_audit import _found, jobs, ledger  # noqa: F401
from tests.test_ledger_support import (
    BACKENDS,
    approve_and_release,
    ledger_location,
    opened,
    write_request,
)

TWO = "region,admissions,deaths\nNorth,50,20\nSouth,57,30\nEast,60,25\nTotal,167,75\n"
DEATHS = "region,deaths\nNorth,20\nSouth,30\nEast,25\nTotal,75\n"


def _fail(cell: str) -> tuple[str, set[tuple]]:
    return "fail", {("n.csv", "SDC504", "fail", cell, None)}


CASES = {
    # the deaths alone, one fewer in South
    "deaths-alone": (TWO, "region,deaths\nNorth,20\nSouth,29\nEast,25\nTotal,74\n", "B3"),
    # the other way: deaths released alone, the new table of two measures
    "two-after-one": (DEATHS, "region,admissions,deaths\nNorth,50,20\nSouth,57,29\n"
                              "East,60,25\nTotal,167,74\n", "C3"),
    # another second measure beside the deaths
    "deaths-discharges": (TWO, "region,deaths,discharges\nNorth,20,40\nSouth,29,41\n"
                               "East,25,44\nTotal,74,125\n", "B3"),
    # the first measure alone
    "admissions-alone": (TWO, "region,admissions\nNorth,50\nSouth,56\nEast,60\nTotal,166\n",
                         "B3"),
    # the same measures, admissions counted anew (moved by 40 a region), deaths one fewer
    "first-moved-far": (TWO, "region,admissions,deaths\nNorth,90,20\nSouth,97,29\n"
                             "East,100,25\nTotal,287,74\n", "C3"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_measure_printed_again_one_off_fails(ledger, tmp_path: Path,  # noqa: F811
                                               jobs: int, case: str) -> None:  # noqa: F811
    """SDC504 ``fail`` at South's deaths (base48: pass, nothing found)."""
    released, new, cell = CASES[case]
    approve_and_release(ledger, tmp_path / "old", {"r.csv": released})
    root = write_request(tmp_path / "new", {"n.csv": new})
    status, found = _found(ledger, root, jobs)
    # discharges beside deaths are read as a magnitude (SDC203), as on base48
    assert (status, found - {("n.csv", "SDC203", "review", None, None)}) == _fail(cell)
    assert ("SDC203" in str(found)) == (case == "deaths-discharges")


@pytest.mark.parametrize("new", [
    "region,deaths\nNorth,20\nSouth,30\nEast,25\nTotal,75\n",  # the same deaths
    "region,deaths\nNorth,40\nSouth,49\nEast,45\nTotal,134\n",  # another population's
    # admissions moved far, deaths the same
    "region,admissions,deaths\nNorth,90,20\nSouth,97,30\nEast,100,25\nTotal,287,75\n",
], ids=["same", "other-population", "first-moved-deaths-same"])
def test_the_twins_pass(ledger, tmp_path: Path, jobs: int, new: str) -> None:  # noqa: F811
    approve_and_release(ledger, tmp_path / "old", {"r.csv": TWO})
    root = write_request(tmp_path / "new", {"n.csv": new})
    assert _found(ledger, root, jobs) == ("pass", set())


def test_a_measure_of_other_dimensions_is_not_compared(ledger, tmp_path: Path,  # noqa: F811
                                                      jobs: int) -> None:  # noqa: F811
    """Deaths by sex beside deaths by region: not one table (the measure's dimensions
    differ), as before."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": TWO})
    root = write_request(tmp_path / "new", {"n.csv": "sex,deaths\nF,39\nM,35\nTotal,74\n"})
    assert _found(ledger, root, jobs)[1] == set()


def _entries(folder: Path, name: str, text: str) -> tuple[list, object]:
    from sdc.ledger.index import describe
    from sdc.policy import build_policy
    from sdc.readers import read_output

    (folder / name).write_text(text, encoding="utf-8")
    table = read_output(folder / name, name, build_policy({}))[0].table
    assert table is not None
    desc = describe(table)
    assert desc is not None
    return measure_entries(desc.payload), desc


def test_measure_entries(tmp_path: Path) -> None:
    two, _ = _entries(tmp_path, "two.csv", TWO)
    one, desc = _entries(tmp_path, "one.csv", DEATHS)
    assert [(e.name, e.grand_total, e.inner_cells) for e in two] == [
        ("admissions", 167.0, 3), ("deaths", 75.0, 3)]
    # a one-measure table's measure signatures are its own
    assert one[0].measure_sig == desc.dim_sig and one[0].label_sig == desc.label_sig
    assert (two[1].measure_sig, two[1].label_sig) == (one[0].measure_sig, one[0].label_sig)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_location(request.param, tmp_path) as location:
        yield location


def test_a_version_8_ledger_has_its_measures_indexed(url: str, tmp_path: Path) -> None:
    """A table released under version 8 has no measure rows; opening the ledger indexes it
    and the deaths alone are found."""
    with opened(url) as led:
        approve_and_release(led, tmp_path / "old", {"r.csv": TWO})
    rm = schema.released_measures
    with opened(url) as led, led.write() as conn:
        assert len(conn.execute(select(rm.c.measure_sig)).all()) == 2
        conn.execute(delete(rm))
        conn.execute(delete(schema.schema_version).where(schema.schema_version.c.version == 9))
    with opened(url) as led:
        with led.read() as conn:
            assert sorted(conn.execute(select(rm.c.grand_total)).scalars()) == [75.0, 167.0]
        root = write_request(tmp_path / "new", {"n.csv": CASES["deaths-alone"][1]})
        assert _found(led, root, 1) == _fail("B3")


def test_a_failed_release_leaves_no_measure_rows(url: str, tmp_path: Path) -> None:
    """Released tables only: the rows go with a release that did not complete."""
    from sdc.ledger import release as release_module

    with opened(url) as led:
        approve_and_release(led, tmp_path / "old", {"r.csv": TWO})
        rt = schema.released_tables
        with led.read() as conn:
            release_id = conn.execute(select(rt.c.release_id)).scalar_one()
        with led.write() as conn:
            conn.execute(schema.releases.update().values(state=release_module.PENDING))
        release_module._finish(led, release_id, release_module.FAILED, "dave", "x", {})
        with led.read() as conn:
            assert conn.execute(select(schema.released_measures.c.table_id)).all() == []


def test_a_released_measure_gives_hidden_cells_back(ledger, tmp_path: Path,  # noqa: F811
                                                    jobs: int) -> None:  # noqa: F811
    """The released audit beside a released table of two measures: the new deaths hide
    South's and East's, which the released deaths print (base48: pass, nothing found; the
    released deaths alone were SDC501 ``fail`` there already)."""
    approve_and_release(ledger, tmp_path / "old", {
        "r.csv": "region,admissions,deaths\nNorth,50,20\nSouth,57,3\nEast,60,25\n"
                 "Total,167,48\n"})
    root = write_request(tmp_path / "new", {
        "n.csv": "region,deaths\nNorth,20\nSouth,*\nEast,*\nTotal,48\n"})
    assert _found(ledger, root, jobs) == ("fail", {("n.csv", "SDC501", "fail", "B3", 3.0),
                                                   ("n.csv", "SDC501", "fail", "B4", 25.0)})
