"""SDC503's bands read together hold less (round 44, mem503; issue 14 §3).

On 100 long tables of 1 MiB SDC503's own peak was ``_together``'s: every cutting (~1.4 MiB a
table) still held beside the printed counts ``gather`` made of them, and ``Agreement``'s table
of every printed count (~2 MiB a table) made before any derivation asked for it, on a release
where nothing is derived. Now each cutting is let go as ``gather`` reads it and the agreement
is made when a derivation first asks. Same findings: the weak-link cases
(``test_bands42_weak_agreement``) and bands41's are unchanged; here, that the memory is not
held.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sdc import band_algebra
from sdc.engine import read_release
from sdc.policy import build_policy
from sdc.rules import differencing
from sdc.rules.differencing import Differencing, output_cuttings
from tests import release_modes
from tests.test_bands41_bands_together import _release
from tests.test_bands42_weak_agreement import ONE, TWINS


def _counting_agreements(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    made: list[int] = []

    class Counted(band_algebra.Agreement):
        def __init__(self, systems: Any) -> None:
            made.append(len(systems))
            super().__init__(systems)

    monkeypatch.setattr(band_algebra, "Agreement", Counted)
    return made


def test_no_agreement_is_made_where_nothing_is_derived(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    made = _counting_agreements(monkeypatch)
    _, _, found = release_modes.found(_release(tmp_path / "r", TWINS["one agreeing count"]), 1)
    assert not {f for f in found if f[1] == "SDC503"}
    assert made == []  # base44: made once, for the one system read


def test_the_agreement_is_made_once_where_a_derivation_asks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _counting_agreements(monkeypatch)
    _, _, found = release_modes.found(_release(tmp_path / "r", ONE), 1)
    # the weak link still read as weak: review, as round 42 decided
    assert {f for f in found if f[1] == "SDC503"} == {("a.csv", "SDC503", "review", "B4"),
                                                      ("b.csv", "SDC503", "review", "B3")}
    assert made == [1]


def test_each_cutting_is_let_go_as_gather_reads_it(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = _release(tmp_path / "r", ONE)
    outputs, *_ = read_release([root], build_policy({}))
    outputs = sorted(outputs, key=lambda o: o.path)
    cuts = [c for o in outputs for c in output_cuttings(o)]
    assert len(cuts) == 2
    given = list(cuts)
    still_held: list[bool] = []
    real = band_algebra.gather

    def spied(read: Any, outs: Any, **options: Any) -> Any:
        def watched() -> Any:
            for cut in read:
                still_held.append(any(c is cut for c in cuts))
                yield cut
        return real(watched(), outs, **options)

    monkeypatch.setattr(band_algebra, "gather", spied)
    found = Differencing(Differencing.Params())._together(cuts, outputs, 10, {})
    assert still_held == [False, False]  # base44: [True, True] (the list kept them all)
    assert cuts == []
    # what was read is every cutting, in order: the same finding as from a copy of the list
    monkeypatch.setattr(band_algebra, "gather", real)
    again = Differencing(Differencing.Params())._together(list(given), outputs, 10, {})
    assert [(f.location.path, f.location.cell, f.status) for f in found] == \
        [(f.location.path, f.location.cell, f.status) for f in again] == \
        [("a.csv", "B4", again[0].status), ("b.csv", "B3", again[0].status)]


def test_drained_gives_the_items_in_order_and_empties_the_list() -> None:
    items = [3, 1, 2]
    assert list(differencing._drained(items)) == [3, 1, 2]
    assert items == []
    assert list(differencing._drained([])) == []
