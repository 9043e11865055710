"""SDC503 near-linear on many long tables (round 44, d503; issue 14 §1). What changed must
find exactly what the readings it replaces found:

- ``band_algebra.worlds`` keeps each interval's systems as the bits of an int (a hundred
  long tables each start their own system under every one of thousands of contexts): held
  to round 42's loop past 64 systems (an int of several machine words);
- ``band_algebra.years_apart`` reads a table through a reader ``gather`` made already, and
  scans only dimensions whose form holds a year: held to round 43's scan of every table."""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sdc import engine
from sdc.band_algebra import Printed, _split_year, gather, worlds, years_apart
from sdc.policy import build_policy
from sdc.release_form import TableCells
from sdc.rules.differencing import output_cuttings
from tests.release_modes import found as release_found
from tests.test_bands41_bands_together import _release
from tests.test_bands43_worlds_index import _loop, _same

SPANS = [(0.0, 18.0), (18.0, 65.0), (65.0, math.inf), (-math.inf, math.inf)]


@st.composite
def many_tables(draw: st.DrawFn) -> list[list[Printed]]:
    """Up to 150 tables of few values: many systems (past 64 bits) and some joins."""
    out = []
    values = st.sampled_from([None, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, math.nan])
    for t in range(draw(st.integers(60, 150))):
        spans = draw(st.lists(st.sampled_from(SPANS), min_size=1, max_size=3))
        out.append([Printed(lo, hi, draw(values), t, place, f"{lo}-{hi}")
                    for place, (lo, hi) in enumerate(spans)])
    return out


@settings(max_examples=300, deadline=None)
@given(many_tables())
def test_the_bits_part_many_tables_as_the_loop_did(items: list[list[Printed]]) -> None:
    _same(worlds(items), _loop(items))


def test_a_hundred_tables_each_their_own_system_then_one_joins_the_ninetieth() -> None:
    tables = [[Printed(0.0, 18.0, float(t), t, 0, "0-17"),
               Printed(18.0, math.inf, 1000.0 + t, t, 1, "18+")] for t in range(100)]
    joiner = [Printed(0.0, 18.0, 89.0, 100, 0, "0-17")]  # agrees with table 89 alone
    got, unread = worlds([*tables, joiner])
    assert unread is None
    assert [[p.table for p in world] for world in got] == [[89, 89, 100]]
    _same((got, unread), _loop([*tables, joiner]))


def _years_by_scan(outputs) -> dict[int, str]:
    """Round 43's ``years_apart``: every table's reader made anew, every dimension scanned."""
    from sdc.linking import population_key
    from sdc.table import Role

    split: dict = defaultdict(dict)
    bare: dict = defaultdict(dict)
    for t, output in enumerate(outputs):
        table = output.table
        if table is None:
            continue
        read = TableCells(output)
        counted = read.places_of((Role.COUNT,))
        if not counted:
            continue
        for dim in table.dimensions:
            labels = {str(x).strip() for x in read.labels_along(counted, dim, None)
                      if x is not None}
            firsts = {label: y for label in labels if (y := _split_year(label)) is not None}
            years = {int(label) for label in labels
                     if label.isdigit() and len(label) == 4 and 1800 <= int(label) <= 2200}
            pop = population_key(output)
            if firsts:
                split[(pop, dim)][t] = ({y + d for y in firsts.values() for d in (0, 1)},
                                        min(firsts, key=firsts.__getitem__))
            if years:
                bare[(pop, dim)][t] = years
    out: dict[int, str] = {}
    for key, by_table in split.items():
        for t, (covered, example) in sorted(by_table.items()):
            for u, years in sorted(bare.get(key, {}).items()):
                if covered & years:
                    reason = (f"a year written {example} beside the year "
                              f"{min(covered & years)} under {key[1]}: how they overlap "
                              f"is not known")
                    out.setdefault(t, reason)
                    out.setdefault(u, reason)
    return out


BANDED_BY_YEAR = ("age,year,n\n0-17,2015,40\n18-64,2015,120\n65+,2015,30\n"
                  "0-17,2016,41\n18-64,2016,122\n65+,2016,33\n")
RELEASES = {
    "banded tables by year beside one by financial year": {
        "a.csv": BANDED_BY_YEAR,
        "b.csv": "age,year,n\n0-64,2015/16,160\n65+,2015/16,31\n",
        "c.csv": "region,year,n\nNorth,2015,70\nSouth,2015,80\n"},
    "calendar and financial years by region, a banded table beside": {
        "a.csv": "year,North,South,Total\n2015,120,130,250\n2016,125,128,253\n"
                 "Total,245,258,503\n",
        "b.csv": "year,North,South,Total\n2015/16,121,131,252\n2016/17,119,127,246\n",
        "c.csv": "age,n\n0-17,40\n18-64,120\n"},
    "years that do not overlap": {
        "a.csv": BANDED_BY_YEAR,
        "b.csv": "age,year,n\n0-64,2019/20,160\n65+,2019/20,31\n"},
    "a year as a number beside text": {
        "a.csv": "cohort,n\n2015,12\n2016,13\nother,14\n",
        "b.csv": "cohort,n\n2014/15,30\n 2016/17 ,31\n"},
    "no years at all": {
        "a.csv": "age,n\n0-17,40\n18-64,120\n",
        "b.csv": "age,n\n0-64,161\n65+,30\n"},
}


def _outputs(root: Path):
    policy = build_policy({})
    outputs, _, _, _ = engine.read_release([root], policy)
    engine._prepare(outputs, policy)
    return sorted(outputs, key=lambda o: (o.path, o.sheet or ""))


def test_the_years_read_through_gathers_readers_are_the_scans(tmp_path: Path) -> None:
    seen = 0
    for n, files in enumerate(RELEASES.values()):
        outputs = _outputs(_release(tmp_path / str(n), files))
        cuts = [c for o in outputs for c in output_cuttings(o)]
        _, reads = gather(cuts, outputs)
        want = _years_by_scan(outputs)
        assert years_apart(outputs, reads) == want
        assert years_apart(outputs) == want
        seen += bool(want)
    assert seen == 2  # the first two releases give tables apart


def test_banded_tables_by_year_beside_a_financial_year_are_review(tmp_path: Path
                                                                       ) -> None:
    root = _release(tmp_path / "r", RELEASES["banded tables by year beside one by "
                                             "financial year"])
    status, _, found = release_found(root, 1)
    assert status == "review"
    # c.csv's ``year`` of one value (2015) is its constant label since round 48 (yearcol48),
    # as a text one was: its 2015 overlaps b.csv's 2015/16 as a.csv's does
    assert {f for f in found if f[1] == "SDC503"} == {
        ("a.csv", "SDC503", "review", None), ("b.csv", "SDC503", "review", None),
        ("c.csv", "SDC503", "review", None)}
