"""The runs of atoms no union of published bands gives (round 42, par42):
``sdc.bands._untiled_runs`` reads each start's reach once where ``_tiled`` read it again for
every run; the same runs in the same order, for SDC503's pairs and the bands read together
(``sdc.band_algebra.derive``). ``tests/test_bands.py`` pins SDC503's slivers."""

from __future__ import annotations

import random

from sdc.bands import _tiled, _untiled_runs


def _reference(n_atoms: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(i, j) for i in range(n_atoms) for j in range(i, n_atoms)
            if not _tiled(i, j, spans)]


def test_the_runs_of_ten_year_bands_beside_a_total_and_a_split_band() -> None:
    # atoms 0..4: 0-9, 10-19, 20-29, 30-39, 40+; printed: 0-19, 20-39, 40+, 0-9 and the whole
    spans = [(0, 2), (2, 4), (4, 5), (0, 1), (0, 5)]
    # reach: from 0 {1, 2, 4, 5}, from 1 nothing, from 2 {4, 5}, from 3 nothing, from 4 {5}
    assert _untiled_runs(5, spans) == [(0, 2), (1, 1), (1, 2), (1, 3), (1, 4), (2, 2),
                                       (3, 3), (3, 4)]
    assert _untiled_runs(5, spans) == _reference(5, spans)


def test_a_band_clipped_to_nothing_or_backwards_takes_no_chain_forward() -> None:
    # (3, 1): an open band ending below the floor, clipped; (2, 2): one clipped to nothing
    spans = [(0, 1), (3, 1), (2, 2), (1, 2)]
    assert _untiled_runs(4, spans) == _reference(4, spans)
    assert (1, 1) not in _untiled_runs(4, spans) and (2, 2) in _untiled_runs(4, spans)
    assert (0, 0) not in _untiled_runs(4, spans) and (0, 2) in _untiled_runs(4, spans)


def test_the_same_runs_as_tiled_on_random_bands() -> None:
    rng = random.Random(42)
    for _ in range(2000):
        n_atoms = rng.randint(0, 9)
        spans = [(rng.randint(0, n_atoms + 1), rng.randint(0, n_atoms + 1))
                 for _ in range(rng.randint(0, 8))]
        assert _untiled_runs(n_atoms, spans) == _reference(n_atoms, spans), (n_atoms, spans)

