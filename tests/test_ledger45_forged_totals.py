"""Totals a table's own cells add to, and abbreviated labels, in the ledger's lookup (round 45).

ledger44 made SDC504 ``review`` a new table whose *printed* grand total is a few units off a
released one's where the released table prints a number the new one hides. Two ways round it
passed with ``--ledger``, though the same two tables in one release are ``review``:

* a table printing **no** grand total (or a forged one) whose rows add to 108 beside a
  released ``Total,50,57,107``: a reader taking the released margin for it learns the young
  women 50 - 45 = 5 and the young men 57 - 50 = 7. The lookup now takes the totals a table's
  own cells add to as well as the printed one (``margins.totals_of``), and a line the table
  hides a cell of and prints no total for is one a released margin fills in
  (``margins.unprinted``);
* labels abbreviated on one side (``NE``, ``SW`` beside ``North East``, ``South West``),
  which the linking reads as one (``sdc.link_abbreviations``) and the lookup did not: the
  margins are also stored and looked up by their labels' initials (schema version 7), and
  kept only when a one-to-one renaming spells the two tables alike (``margins.spelt_alike``).

Checked as ``sdc check --ledger`` checks, SQLite and PostgreSQL, ``-j 1``/``-j 2``, whole and
streamed; each case has twins that pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete

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
# no grand total printed: its rows add to 108, one off the released 107
NO_TOTAL = "age,F,M,Total\n0-39,*,*,13\n40+,45,50,95\n"
SPELT_OUT = "age,North East,South West,Total\nTotal,50,57,107\n"
ABBREVIATED = "age,NE,SW,Total\nTotal,50,57,107\n"
BY_SEX_SHORT = "sex,NE,SW,Total\nF,*,*,12\nM,45,50,95\n"
BY_SEX_LONG = "sex,North East,South West,Total\nF,*,*,12\nM,45,50,95\n"
GIVEN_BACK = {("n.csv", "SDC501", "review", "B2", 5.0), ("n.csv", "SDC501", "review", "C2", 7.0)}
CONTRADICTED = {("n.csv", "SDC504", "review", "B2", None)}


def test_no_printed_total_whose_rows_add_to_one_more(ledger, tmp_path: Path,  # noqa: F811
                                                     jobs: int) -> None:  # noqa: F811
    """Rows adding to 108, no total printed, beside a released 107: ``review`` at the first
    hidden cell (base45: pass, nothing found)."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": TOTALS})
    root = write_request(tmp_path / "new", {"n.csv": NO_TOTAL})
    assert _found(ledger, root, jobs) == ("review", CONTRADICTED)


def test_the_finding_says_what_the_cells_add_to(ledger, tmp_path: Path) -> None:  # noqa: F811
    approve_and_release(ledger, tmp_path / "old", {"r.csv": TOTALS})
    root = write_request(tmp_path / "new", {"n.csv": NO_TOTAL})
    (finding,) = [f for o in _report(ledger, root, 1)["outputs"] for f in o["findings"]]
    assert finding["evidence"] == {
        "released": 107.0, "new": 108.0, "difference": 1.0, "limit": 10, "printed": None,
        "released_request": "R-0001", "released_path": "r.csv", "kind": "contradicted margin"}
    assert "grand total 107 against 108, what this table's own cells add to" in \
        finding["message"]
    assert [r["cell"] for r in finding["related"]] == ["D2"]


def test_a_forged_total_far_from_its_own_rows(ledger, tmp_path: Path,  # noqa: F811
                                              jobs: int) -> None:  # noqa: F811
    """Printed 200, rows adding to 108: the table contradicts itself (SDC402, as on base45)
    and its rows are one off the released 107 (SDC504 at B2: base45 had none)."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": TOTALS})
    root = write_request(tmp_path / "new", {"n.csv": NO_TOTAL + "Total,*,*,200\n"})
    assert _found(ledger, root, jobs) == ("review", {
        ("n.csv", "SDC402", "review", "D4", None), ("n.csv", "SDC402", "review", None, None),
        ("n.csv", "SDC504", "review", "B2", None)})


@pytest.mark.parametrize("old,new", [
    (SPELT_OUT, BY_SEX_SHORT),  # the new table abbreviates
    (ABBREVIATED, BY_SEX_LONG),  # the released one did
])
def test_abbreviated_labels_found(ledger, tmp_path: Path, jobs: int,  # noqa: F811
                                  old: str, new: str) -> None:
    """``NE``/``North East``: the linking reads them as one, so does the lookup (base45:
    pass); in one release SDC501 ``review`` at B2 5, C2 7 alike."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": old})
    root = write_request(tmp_path / "new", {"n.csv": new})
    assert _found(ledger, root, jobs) == ("review", GIVEN_BACK)


def test_abbreviated_and_one_off(ledger, tmp_path: Path, jobs: int) -> None:  # noqa: F811
    """Both at once: ``NE``/``SW`` rows adding to 108 beside a released ``North East``,
    ``South West`` 107 (base45: pass)."""
    approve_and_release(ledger, tmp_path / "old", {"r.csv": SPELT_OUT})
    root = write_request(tmp_path / "new", {"n.csv": "sex,NE,SW,Total\nF,*,*,13\nM,45,50,95\n"})
    assert _found(ledger, root, jobs) == ("review", CONTRADICTED)


@pytest.mark.parametrize("old,new", [
    # rows adding to 117, ten off: another population (the threshold's reading, round 44)
    (TOTALS, "age,F,M,Total\n0-39,*,*,22\n40+,45,50,95\n"),
    # rows adding to 108, nothing hidden: the released margin fills in nothing
    (TOTALS, "age,F,M,Total\n0-39,12,13,25\n40+,38,45,83\n"),
    # rows adding to 108, other labels
    (TOTALS, "age,A,B,Total\n0-39,*,*,13\n40+,45,50,95\n"),
    # the initials alike (``N``, ``S``), no abbreviation: North is no Nord
    ("age,Nord,Sud,Total\nTotal,50,57,107\n", "sex,North,South,Total\nF,*,*,12\nM,45,50,95\n"),
    # the same abbreviations, the released margin of another population (150 beside 107)
    ("age,North East,South West,Total\nTotal,70,80,150\n", BY_SEX_SHORT),
])
def test_twins_pass(ledger, tmp_path: Path, jobs: int, old: str, new: str) -> None:  # noqa: F811
    approve_and_release(ledger, tmp_path / "old", {"r.csv": old})
    assert _found(ledger, write_request(tmp_path / "new", {"n.csv": new}), jobs) == (
        "pass", set())


# -- the pieces ---------------------------------------------------------------------------------

def _payload(text: str, tmp_path: Path) -> dict:
    from sdc.engine import read_release
    from sdc.ledger.index import describe
    from sdc.policy import build_policy

    folder = write_request(tmp_path / f"t{len(list(tmp_path.iterdir()))}", {"t.csv": text})
    outputs, _, _, _ = read_release([folder], build_policy({}))
    desc = describe(outputs[0].table)
    assert desc is not None
    return desc.payload


def test_totals_of_a_table(tmp_path: Path) -> None:
    from sdc.ledger.margins import implied_totals, totals_of

    assert totals_of(_payload(NO_TOTAL, tmp_path)) == [108.0]
    assert totals_of(_payload(NO_TOTAL + "Total,*,*,200\n", tmp_path)) == [200.0, 108.0]
    # its one line adds to what it prints
    assert totals_of(_payload(TOTALS, tmp_path)) == [107.0]
    assert implied_totals(_payload("age,F,M\n0-39,6,7\n40+,45,50\n", tmp_path)) == [108.0]
    assert implied_totals(_payload("age,F,M\n0-39,*,7\n40+,45,50\n", tmp_path)) == []


def test_unprinted_lines(tmp_path: Path) -> None:
    from sdc.ledger.margins import unprinted

    # a one-measure table's count keyed under no name (round 50, part50: ``ANY_MEASURE``)
    assert unprinted(_payload(NO_TOTAL, tmp_path)) == {("*", ("female",)), ("*", ("male",))}
    # the column totals printed: nothing left for a released margin to fill in
    assert unprinted(_payload(NO_TOTAL + "Total,50,58,108\n", tmp_path)) == set()
    assert unprinted(_payload(BY_SEX_SHORT, tmp_path), {"ne": "north east"}) == {
        ("*", ("north east",)), ("*", ("sw",))}


def test_spelt_alike(tmp_path: Path) -> None:
    from sdc.ledger.margins import initials_sigs, spelt_alike

    assert spelt_alike(_payload(BY_SEX_SHORT, tmp_path), _payload(SPELT_OUT, tmp_path)) == {
        "ne": "north east", "sw": "south west"}
    assert spelt_alike(_payload(BY_SEX_LONG, tmp_path), _payload(SPELT_OUT, tmp_path)) == {}
    assert spelt_alike(_payload(BY_SEX_SHORT, tmp_path), _payload(TOTALS, tmp_path)) == {}
    assert spelt_alike(_payload(BY_SEX_SHORT, tmp_path),
                       _payload("age,A,B,Total\nTotal,50,57,107\n", tmp_path)) is None
    assert spelt_alike(_payload("sex,North,South,Total\nF,*,*,12\n", tmp_path),
                       _payload("age,Nord,Sud,Total\nTotal,50,57,107\n", tmp_path)) is None
    assert set(initials_sigs(_payload(BY_SEX_SHORT, tmp_path))) & set(
        initials_sigs(_payload(SPELT_OUT, tmp_path)))


# -- the migration to version 7 ---------------------------------------------------------------

@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_location(request.param, tmp_path) as location:
        yield location


def test_a_version_6_ledger_is_indexed_again(url: str, tmp_path: Path) -> None:
    """A ledger version 6 indexed (no initials' rows) is indexed again on opening, holds the
    rows a release writes and finds the abbreviated case."""
    from sdc.ledger.margins import initials_sigs

    with opened(url) as led:
        approve_and_release(led, tmp_path / "old", {"r.csv": SPELT_OUT})
    made = released_margin_rows(url)
    initials = set(initials_sigs(_payload(SPELT_OUT, tmp_path)))
    assert initials <= {sig for _, sig, _ in made}
    with opened(url) as led, led.write() as conn:
        rm = schema.released_margins
        conn.execute(delete(rm).where(rm.c.margin_sig.in_(initials)))
        conn.execute(delete(schema.schema_version).where(schema.schema_version.c.version == 7))
    with opened(url) as led:
        assert released_margin_rows(url) == made
        root = write_request(tmp_path / "new", {"n.csv": BY_SEX_SHORT})
        assert _found(led, root, 1) == ("review", GIVEN_BACK)
