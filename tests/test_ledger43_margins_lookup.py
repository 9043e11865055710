"""The lookup by margins finds what a scan of every pair finds (round 43, ledger43).

``sdc.ledger.margins.margin_ids`` looks released tables up by index ranges on their margin
signatures. Here, on random small ledgers (tables of one to three dimensions under names that
differ, from a few label sets, grand totals printed, hidden or absent), every released table
that an all-pairs scan says shares a margin with a new table (after dropping at most one
dimension on each side the label sets are alike, names ignored, and their printed grand
totals, if both print one, are equal within the rounding's width; round 45: or the released
one is within it of a total the new table's cells add to) must be found; and nothing else.
The scan is written from the generated labels, not from the signatures.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.bench_ledger import synthetic_release
from sdc.ledger import schema
from sdc.ledger.margins import index_margins, margin_ids
from tests.test_ledger_support import BACKENDS, ledger_location, opened

NAMES = ["region", "area", "age", "sex", "gender", "band"]
LABELS = [("F", "M"), ("North", "South", "East"), ("0-39", "40+"), ("A", "B"), ("North", "South")]

# a table: (dimension name, label set) per dimension, and how its grand total is shown
Spec = tuple[tuple[tuple[str, int], ...], str, int]
tables = st.tuples(
    st.lists(st.tuples(st.sampled_from(NAMES), st.integers(0, len(LABELS) - 1)),
             min_size=1, max_size=3, unique_by=lambda d: d[0]).map(tuple),
    st.sampled_from(["printed", "hidden", "absent"]),
    st.integers(0, 40))


def _payload(spec: Spec) -> dict:
    """An index payload (``sdc.ledger.index``) of the table ``spec``: every cell of its labels
    and margins, each cell 1 but the grand total, ``total`` (or hidden, or left out)."""
    dims, shown, total = spec
    cells = []
    for n, coords in enumerate(itertools.product(*[[*LABELS[k], "Total"] for _, k in dims])):
        margins = [name for (name, _), label in zip(dims, coords, strict=True)
                   if label == "Total"]
        value: float | None = 1.0
        if len(margins) == len(dims):
            if shown == "absent":
                continue
            value = float(total) if shown == "printed" else None
        cells.append(["n", {name: label for (name, _), label in zip(dims, coords, strict=True)},
                      margins, n + 2, 2, "*" if value is None else str(int(value)), value])
    return {"dimensions": [d for d, _ in dims], "row_dimensions": [d for d, _ in dims],
            "column_dimensions": [], "layout": "long", "population": {}, "measures": ["n"],
            "cells": cells}


def _shapes(spec: Spec) -> set[tuple]:
    """The label sets of the table and of each of its margins, names dropped."""
    kinds = [LABELS[k] for _, k in spec[0]]
    found = {tuple(sorted(Counter(map(tuple, map(sorted, kinds))).items()))}
    for drop in range(len(kinds)):
        rest = kinds[:drop] + kinds[drop + 1:]
        found.add(tuple(sorted(Counter(map(tuple, map(sorted, rest))).items())))
    return found


def _printed(spec: Spec) -> float | None:
    return float(spec[2]) if spec[1] == "printed" else None


def _added(spec: Spec) -> set[float]:
    """The totals the new table's cells add to (round 45, ledger45; each cell is 1): each
    dimension's margin line, its label count; the inner cells, the product of those."""
    sizes = [len(LABELS[k]) for _, k in spec[0]]
    product = 1
    for size in sizes:
        product *= size
    return {float(size) for size in sizes} | {float(product)}


def _all_pairs(new: Spec, released: dict[int, Spec], width: int) -> set[int]:
    found = set()
    for table_id, old in released.items():
        a, b = _printed(new), _printed(old)
        # a new table printing a total is looked up by it and by what its cells add to
        totals = set() if a is None else {a} | _added(new)
        if _shapes(new) & _shapes(old) and (a is None or b is None or any(
                abs(t - b) <= width for t in totals)):
            found.add(table_id)
    return found


@pytest.fixture(params=BACKENDS, scope="module")
def ledger(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    with ledger_location(request.param, tmp_path_factory.mktemp("margins")) as url, \
            opened(url) as led:
        synthetic_release(led, "random", "t")
        yield led


@settings(max_examples=40, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(released=st.lists(tables, min_size=1, max_size=8),
       new=st.lists(tables, min_size=1, max_size=3), width=st.sampled_from([0, 10]))
def test_the_lookup_finds_what_every_pair_finds(ledger, released: list[Spec],
                                               new: list[Spec], width: int) -> None:
    from sdc.ledger.index import _digest

    ot, rt = schema.output_tables, schema.released_tables
    with ledger.write() as conn:
        conn.execute(rt.delete())
        conn.execute(schema.released_margins.delete())
        conn.execute(ot.delete())
        ids = {}
        for n, spec in enumerate(released, start=1):
            payload = _payload(spec)
            conn.execute(ot.insert().values(
                id=n, request_id="R-0000", version=1, path=f"t{n}.csv", sheet=None,
                dim_sig=_digest(n), label_sig=_digest(n), grand_total=None,
                table_json=json.dumps(payload)))
            conn.execute(rt.insert().values(table_id=n, release_id=1, dim_sig=_digest(n),
                                            label_sig=_digest(n), grand_total=None))
            ids[n] = spec
        index_margins(conn, ids)
    with ledger.read() as conn:
        got = margin_ids(conn, [_payload(spec) for spec in new], width)
    assert got == [_all_pairs(spec, ids, width) for spec in new]


def test_the_scan_is_not_empty() -> None:
    """The scan of this test tells tables apart (else the property would hold of nothing)."""
    by_sex = ((("sex", 0),), "printed", 20)
    region_sex = ((("region", 1), ("sex", 0)), "printed", 25)
    age_band = ((("age", 2), ("band", 3)), "absent", 0)
    assert _all_pairs(by_sex, {1: region_sex, 2: age_band}, 10) == {1}
    assert _all_pairs(by_sex, {1: region_sex, 2: age_band}, 0) == set()
    assert _all_pairs(((("gender", 0),), "printed", 40), {1: region_sex}, 10) == set()
