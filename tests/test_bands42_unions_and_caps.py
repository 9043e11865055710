"""Unions of runs, and the limits of reading bands together (round 42, bands42).

**Unions.** ``Total − (18-64)`` counts the under-18s and the 65+ together, never printed; a
band strictly inside another, ``(18-64) − (30-49)``, the 18-29 and 50-64 year olds. bands41
read runs of elementary intervals only: every output passed. Now a determined union of two
runs is read as a run is (``fail`` where it needs nothing of what the whole covers).

**The limits.** bands41 read at most 8 systems a context (the tables past them silently left
out, however few systems had two tables) and no context of more than 40 elementary
intervals. Now the systems of two tables or more are read up to ``MAX_WORLDS`` (64) and the
tables past either limit are SDC503 ``review``, "not read: too many ...", never a silent
``pass``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.band_algebra import MAX_ATOMS, MAX_WORLDS
from tests import release_modes
from tests.test_bands41_bands_together import _findings, _release

jobs = release_modes.jobs

HEAD = "age,North,South,Total\n"
UNIONS = {
    # files, findings (path, rule, status, cell); main: pass, nothing found
    "Total less 18-64: the under-18s and the 65+": (
        {"a.csv": HEAD + "18-64,90,95,185\n", "t.csv": HEAD + "Total,97,125,222\n"},
        {("t.csv", "SDC503", "fail", "B2")}),
    "Total less 18-29 and 30-64 in one table": (
        {"a.csv": HEAD + "18-29,20,25,45\n30-64,60,62,122\n",
         "t.csv": HEAD + "Total,84,125,209\n"},
        {("t.csv", "SDC503", "fail", "B2")}),
    "18-64 less 30-49: the 18-29 and 50-64 year olds": (
        {"a.csv": HEAD + "18-64,50,60,110\n", "b.csv": HEAD + "30-49,45,40,85\n"},
        {("a.csv", "SDC503", "fail", "B2")}),
}
UNION_TWINS = {
    "the union 10 and more": {"a.csv": HEAD + "18-64,87,95,182\n",
                              "t.csv": HEAD + "Total,97,125,222\n"},
    "the union 0": {"a.csv": HEAD + "18-64,97,95,192\n", "t.csv": HEAD + "Total,97,125,222\n"},
    "18-64 less 30-49 leaving 10": {"a.csv": HEAD + "18-64,55,60,115\n",
                                    "b.csv": HEAD + "30-49,45,40,85\n"},
}


@pytest.mark.parametrize("case", list(UNIONS))
def test_a_union_of_two_runs_is_read(tmp_path: Path, case: str, jobs: int) -> None:
    files, expected = UNIONS[case]
    status, _, found = release_modes.found(_release(tmp_path / "r", files), jobs)
    assert (status, found) == ("fail", expected)


@pytest.mark.parametrize("case", list(UNION_TWINS))
def test_a_union_not_below_the_threshold_passes(tmp_path: Path, case: str, jobs: int) -> None:
    status, _, found = release_modes.found(_release(tmp_path / "r", UNION_TWINS[case]), jobs)
    assert (status, found) == ("pass", set())


def test_the_union_is_named(tmp_path: Path) -> None:
    (got,) = _findings(_release(tmp_path / "r", UNIONS["Total less 18-64: the under-18s and "
                                                      "the 65+"][0]))
    assert got["message"].startswith("age [0, 18) ∪ [65, inf) = (Total) − (18-64) = 7, below")
    assert got["evidence"]["band"] == "[0, 18) ∪ [65, inf)"


# -- the limits ------------------------------------------------------------------------------

def _pairs(n: int, last_gap: int) -> dict[str, str]:
    """``n`` pairs of tables, each its own population (``30-64`` and ``65+`` apart from a
    ``Total``, their values 20 and more from any other pair's: no re-run): ``n`` systems of
    two tables under one context; the last pair's ``Total`` leaves ``last_gap`` below 30, the
    others 20."""
    files = {}
    for i in range(n):
        gap = last_gap if i == n - 1 else 20
        files[f"p{i:03d}a.csv"] = f"age,n\n30-64,{2000 + 20 * i}\n65+,{3000 + 20 * i}\n"
        files[f"p{i:03d}b.csv"] = f"age,n\nTotal,{5000 + 40 * i + gap}\n"
    return files


def _bands(n: int, gap: int) -> dict[str, str]:
    """``2-3``, ``4-5``, … ``(2n)-(2n+1)``, ``(2n+2)+`` of 10 each and a ``Total`` leaving
    ``gap`` below 2: ``n + 2`` elementary intervals."""
    rows = [f"{2 * i}-{2 * i + 1},10" for i in range(1, n + 1)] + [f"{2 * n + 2}+,10"]
    return {"a.csv": "age,n\n" + "\n".join(rows) + "\n",
            "t.csv": f"age,n\nTotal,{10 * (n + 1) + gap}\n"}


NOT_READ = "SDC503", "review", None


@pytest.mark.parametrize("n", [1, 2])
def test_systems_past_the_limit_are_review(tmp_path: Path, n: int,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(release_modes.pool, "MIN_ITEMS_FOR_POOL", 2)
    # at the limit, the last system is read: its gap of 4 fails
    status, _, found = release_modes.found(_release(tmp_path / "at", _pairs(MAX_WORLDS, 4)), n)
    assert (status, found) == ("fail", {(f"p{MAX_WORLDS - 1:03d}b.csv", "SDC503", "fail",
                                         "B2")})
    # one past it: that system's two tables are review, not read (main: pass)
    for gap in (4, 20):
        root = _release(tmp_path / f"past{gap}", _pairs(MAX_WORLDS + 1, gap))
        status, _, found = release_modes.found(root, n)
        assert (status, found) == ("review", {(f"p{MAX_WORLDS:03d}{s}.csv", *NOT_READ)
                                              for s in "ab"})
    (got, _) = [f for f in _findings(root) if f["rule"] == "SDC503"]
    assert got["message"] == ("bands of several tables not read together: too many "
                              f"populations under one context ({MAX_WORLDS + 1} systems "
                              f"of tables, more than {MAX_WORLDS})")


@pytest.mark.parametrize("n", [1, 2])
def test_elementary_intervals_past_the_limit_are_review(tmp_path: Path, n: int,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    monkeypatch.setattr(release_modes.pool, "MIN_ITEMS_FOR_POOL", 2)
    status, _, found = release_modes.found(_release(tmp_path / "at", _bands(MAX_ATOMS - 2, 4)),
                                           n)
    assert (status, found) == ("fail", {("t.csv", "SDC503", "fail", "B2")})
    for gap in (4, 20):
        root = _release(tmp_path / f"past{gap}", _bands(MAX_ATOMS - 1, gap))
        status, _, found = release_modes.found(root, n)
        assert (status, found) == ("review", {("a.csv", *NOT_READ), ("t.csv", *NOT_READ)})
    got = [f["message"] for f in _findings(root) if f["rule"] == "SDC503"]
    assert got == ["bands of several tables not read together: too many elementary "
                   f"intervals ({MAX_ATOMS + 1}, more than {MAX_ATOMS})"] * 2


# -- the oracle: bands41's one-release generator ---------------------------------------------

@pytest.mark.parametrize("seed", [73, 107])
def test_a_run_found_leaves_no_union_in_the_tables_that_pass(tmp_path: Path, seed: int) -> None:
    """Seed 107: ``(18-64) + (65+) − (18-65)``, the 66+ women (8), was reported at the
    ``18-64`` tables only; the tables that passed give ``Total − (18-65)``, the under-18s
    and the 66+ together (8), which the oracle reads as the 66+ (no one below 18). A run
    holding a found one is now derived without the tables that one is reported at (main:
    the ``Total`` passed)."""
    from tests.test_bands41_bands_together import assert_no_small_count_back

    assert_no_small_count_back(tmp_path, seed)
