"""Bands of several tables read together: a gap or an overlap (round 41, bands41).

Tables of ``30-64`` and ``65+`` (by region) beside a ``Total`` table of the same population
leave ``Total − (30-64) − (65+)``, the ages below 30, never printed: North 97 − 55 − 40 = 2.
``18-65``, ``65+`` and ``Total`` give ``(18-65) + (65+) − Total``, the 65 year olds, if the
``Total`` counts no one below 18. Every output passed on main, in one release and against a
released table (``--ledger``). Now SDC503 (one release) and SDC504 (against the ledger) read
every band and whole of a context as one system (``sdc.band_algebra``): the gap ``fail``s at
the whole's cell; a count determined only if the whole counts no one outside the bands
(the overlap) is ``review``; against released tables ``review`` unless a new and a released
table print one band alike. Safe twins: the gap 10 or more, the overlap 0, bands that tile.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from sdc import pool
from sdc.engine import run
from sdc.policy import build_policy
from tests import release_modes
from tests.test_hunt40_prior_release_oracle import (
    AGES,
    Table,
    _hidden_all,
    _layout,
    _pinned,
    _statuses,
    _tables,
    _targets,
    _write,
)
from tests.test_ledger_support import (
    BACKENDS,
    approve_and_release,
    ledger_location,
    opened,
    write_request,
)

jobs = release_modes.jobs

HEAD = "age,North,South,Total\n"
GAP = {"a.csv": HEAD + "30-64,55,60,115\n", "b.csv": HEAD + "65+,40,35,75\n",
       "t.csv": HEAD + "Total,97,125,222\n"}
OVERLAP = {"a.csv": HEAD + "18-65,57,62,119\n", "b.csv": HEAD + "65+,40,35,75\n",
           "t.csv": HEAD + "Total,95,95,190\n"}

CASES = {
    # files, status, findings (path, rule, status, cell)
    "gap: 30-64, 65+ and Total apart": (GAP, "fail", {("t.csv", "SDC503", "fail", "B2")}),
    "gap: one table of bands, one of Total": (
        {"a.csv": HEAD + "30-64,55,60,115\n65+,40,35,75\n", "t.csv": GAP["t.csv"]},
        "fail", {("t.csv", "SDC503", "fail", "B2")}),
    "gap: the total printed twice, each a finding": (
        {**GAP, "u.csv": GAP["t.csv"]}, "fail",
        {("t.csv", "SDC503", "fail", "B2"), ("u.csv", "SDC503", "fail", "B2")}),
    "overlap: 18-65, 65+ and Total": (
        OVERLAP, "review", {("t.csv", "SDC503", "review", "B2"),
                            ("t.csv", "SDC503", "review", "C2"),
                            ("t.csv", "SDC503", "review", "D2")}),
}
TWINS = {
    "gap of 10 and more": {**GAP, "t.csv": HEAD + "Total,105,125,230\n"},
    "overlap of 0": {**OVERLAP, "t.csv": HEAD + "Total,97,97,194\n"},
    "bands that tile beside Total": {
        "a.csv": HEAD + "0-17,30,31,61\n18-64,57,62,119\n", "b.csv": HEAD + "65+,40,35,75\n",
        "t.csv": HEAD + "Total,127,128,255\n"},
    "the same bands in several tables": {
        "a.csv": HEAD + "0-17,30,31,61\n18-64,57,62,119\n65+,40,35,75\nTotal,127,128,255\n",
        "b.csv": HEAD + "18-64,57,62,119\n65+,40,35,75\n", "t.csv": HEAD + "Total,127,128,255\n"},
}


def _release(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("case", list(CASES))
def test_bands_of_several_tables_give_a_count_away(tmp_path: Path, case: str, jobs: int
                                                   ) -> None:
    files, status, expected = CASES[case]
    got_status, _, found = release_modes.found(_release(tmp_path / "r", files), jobs)
    assert (got_status, found) == (status, expected)  # main: pass, nothing found


@pytest.mark.parametrize("case", list(TWINS))
def test_the_same_shapes_that_give_nothing_pass(tmp_path: Path, case: str, jobs: int) -> None:
    got_status, _, found = release_modes.found(_release(tmp_path / "r", TWINS[case]), jobs)
    assert (got_status, found) == ("pass", set())


def _findings(root: Path, ledger=None, n: int = 1) -> list[dict]:
    result = run([root], build_policy({}), ledger=ledger, jobs=n, keep_models=False).result
    report = json.loads(json.dumps(result.for_reports().to_dict(with_evidence=True)))
    return [f | {"path": o["path"]} for o in report["outputs"] for f in o["findings"]]


def test_the_finding_names_its_derivation(tmp_path: Path) -> None:
    (gap,) = _findings(_release(tmp_path / "r", GAP))
    assert gap["message"].startswith("age [0, 30) = (Total) − (30-64) − (65+) = 2, below")
    assert {(r["path"], r["cell"]) for r in gap["related"]} == {("a.csv", "B2"),
                                                              ("b.csv", "B2")}
    assert gap["evidence"]["derived"] == 2 and gap["evidence"]["band"] == "[0, 30)"


# -- against a released table (SDC504) ------------------------------------------------------

@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_location(request.param, tmp_path) as url, opened(url) as led:
        yield led


PRIOR = {
    # released, new, status, findings (rule, status, cell, derived)
    "a new Total beside a released 30-64 and 65+": (
        {k: GAP[k] for k in ("a.csv", "b.csv")}, {"t.csv": GAP["t.csv"]}, "review",
        {("SDC504", "review", "B2", 2.0)}),
    "a new 66+ beside a released 18-64 and Total (the 65 year olds)": (
        {"a.csv": "age,F,M,Total\n18-64,66,59,125\n",
         "t.csv": "age,F,M,Total\nTotal,102,109,211\n"},
        {"n.csv": "age,F,M,Total\n66+,34,49,83\n"}, "review",
        {("SDC504", "review", "B2", 2.0), ("SDC504", "review", "C2", 1.0),
         ("SDC504", "review", "D2", 3.0)}),
    "a new Total and 65+ as released: the same population": (
        {k: GAP[k] for k in ("a.csv", "b.csv")}, {"b.csv": GAP["b.csv"], "t.csv": GAP["t.csv"]},
        "fail", {("SDC504", "fail", "B2", 2.0)}),
}
PRIOR_TWINS = {
    "a new Total 10 and more above": (
        {k: GAP[k] for k in ("a.csv", "b.csv")}, {"t.csv": HEAD + "Total,105,125,230\n"}),
    "a new 66+ that leaves 0": (
        {"a.csv": "age,F,M,Total\n18-64,66,59,125\n",
         "t.csv": "age,F,M,Total\nTotal,100,108,208\n"},
        {"n.csv": "age,F,M,Total\n66+,34,49,83\n"}),
}


@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.parametrize("case", list(PRIOR))
def test_new_bands_with_released_ones_give_a_count_away(ledger, tmp_path: Path, case: str,
                                                        n: int,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 1)
    released, new, status, expected = PRIOR[case]
    approve_and_release(ledger, tmp_path / "old", released)
    findings = _findings(write_request(tmp_path / "new", new), ledger, n)
    assert {(f["rule"], f["status"], f["location"]["cell"], f["evidence"]["derived"])
            for f in findings} == expected  # main: nothing found
    assert status == ("fail" if any(f["status"] == "fail" for f in findings) else "review")


@pytest.mark.parametrize("case", list(PRIOR_TWINS))
def test_new_bands_with_released_ones_that_give_nothing_pass(ledger, tmp_path: Path,
                                                             case: str) -> None:
    released, new = PRIOR_TWINS[case]
    approve_and_release(ledger, tmp_path / "old", released)
    assert _findings(write_request(tmp_path / "new", new), ledger) == []


# -- the oracle: one release of several bandings --------------------------------------------

FAMILIES = ([(18, 65), (65, 200)], [(18, 66), (66, 200)], [(18, 30), (30, 65), (65, 200)],
            [(30, 65), (65, 200)], [(18, 65), (66, 200)], [(18, 66), (65, 200)], [(30, 200)],
            [(18, 200)])


def _bandings(seed: int) -> tuple[dict, list[Table]]:
    """One release: one to three bandings (with gaps and overlaps: ``30-64, 65+``,
    ``18-64, 66+``, ``18-65, 65+``, ``30+``) of one population of sex or region by single
    ages near the cuts, each as hunt40's generator lays tables out."""
    rng = random.Random(seed * 13 + 5)
    cats = ["F", "M"] if rng.random() < 0.5 else ["North", "South", "East", "West"][
        :rng.randint(2, 4)]
    counts = {(0, c, a): rng.choice([rng.randint(1, 9), rng.randint(10, 60),
                                     rng.randint(10, 60)]) for c in cats for a in AGES}
    tables: list[Table] = []
    for n, cut in enumerate(rng.sample(FAMILIES, rng.randint(1, 3))):
        band = {f"{lo}+" if hi == 200 else f"{lo}-{hi - 1}": (lo, hi) for lo, hi in cut}

        def members(label: str, col: str, band: dict = band) -> list[tuple]:
            return [(0, c, a) for c in (cats if col == "Total" else [col]) for a in AGES
                    if label == "Total" or (band[label][0] <= a[0] and a[1] <= band[label][1])]

        labels = list(band)
        lay = _layout(rng, labels)
        if n and rng.random() < 0.5:  # a later banding often without a total of its own
            lay["total_row"] = lay["totals_only"] = False
        tables += _tables(rng, lay, labels, members, cats, counts)
    return counts, tables


@pytest.mark.parametrize("seed", [5, 7, 13, 19, 22, 33, 36, 46, 49])
def test_several_bandings_in_one_release_give_no_small_count_back(tmp_path: Path,
                                                                   seed: int) -> None:
    """The oracle knows ages from 18 only (no one below the lowest band)."""
    assert_no_small_count_back(tmp_path, seed)


def assert_no_small_count_back(tmp_path: Path, seed: int) -> None:
    """Seed ``seed``'s bandings checked: what passed pins no small count (the oracle's LP)."""
    counts, tables = _bandings(seed)
    names = [f"t{t}.csv" for t in range(len(tables))]
    _write(tmp_path / "r", tables, names)
    statuses = _statuses(tmp_path / "r")
    passed = [statuses[n] == "pass" for n in names]
    assert _pinned(counts, _hidden_all(tables, passed), _targets(tables)) == set(), \
        (seed, statuses)
