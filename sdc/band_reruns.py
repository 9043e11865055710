"""Two tables banding one variable otherwise whose bands contradict: a re-run (SDC503's
reading; round 52, diff52).

``0-17, 18-64, 65+`` (120, 250, 130) beside ``0-15, 16-64, 65+`` (100, 269, 130): the band
algebra's system has no solution (16–17 is 20 by one pair of counts, 19 by the other) and it
derives nothing, by design (a contradiction is read as two populations). Summed to the bands
*both* can print — the runs between the cut points the two share, here ``[0, 65)`` and
``65+`` — the tables are one table re-run: ``65+`` is printed alike, and ``[0, 65)`` is 370
in one and 369 in the other. The 1 between is a person the two runs do not share, as a re-run
bucket's difference is (``Differencing._rerun_bucket``), and it passed.

Read here: two tables of one count measure (``renamed_reruns.grid``: one or two dimensions,
the other dimension's labels the same), a dimension of each whose labels are all bands over
one range (no overlap; margins aside; the same gaps, round 53) from the same first value to
the same last, banded otherwise, sharing at least one cut point inside; a banded table of up
to ``BAND_COUNTS`` counts (round 53; past ``MAX_COUNTS``, the renamed readings' limit). Per
shared run and other label, each table's counts in the run are summed (a hidden count: that
sum is not read). The pair is read as a re-run where no sum differs by the threshold or
more, some differ, and the sums alike are evidence of one population: ``MIN_AGREEING``
non-zero alike and two alike per apart, or (as ``renamed_reruns._unlikely`` weighs a one-way
re-run) every difference a few units and their coincidence unlikely by chance. Two tables
whose runs all agree are the band algebra's (a consistent system: it derives the slivers).
``review``: the re-run is read from the numbers.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sdc.bands import Band, parse_bands
from sdc.renamed_reruns import AGREEING_PER_APART, MARGIN, MIN_AGREEING, _unlikely

if TYPE_CHECKING:
    from sdc.count_index import CountIndex
    from sdc.outputs import Output
    from sdc.renamed_reruns import Grid

MAX_BANDS = 40  # a dimension's bands read (a long list of single years is no banding)
# counts of a banded table read (round 53): past ``renamed_reruns.MAX_COUNTS`` (200), an age
# band by 60 practices; only a table whose labels read as bands at five spread counts
BAND_COUNTS = 2_000


def may_band(output: Output, index: CountIndex) -> bool:
    """Whether a dimension of a table of one or two prints bands at five counts spread over
    it (margins aside): the tables past ``MAX_COUNTS`` worth a grid here."""
    table = output.table
    if table is None or len(table.dimensions) not in (1, 2):
        return False
    read, places = index.read, index.places()
    spread = sorted({places[k] for k in (0, len(places) // 4, len(places) // 2,
                                         3 * len(places) // 4, len(places) - 1)}) \
        if places else []
    for dim in table.dimensions:
        labels = []
        for place in spread:
            if dim not in read.margins(place):
                label = read.label(place, dim)
                labels.append(label.strip() if isinstance(label, str) else "")
        if labels and all(band is not None for band in parse_bands(labels)):
            return True
    return False


@dataclass(frozen=True)
class BandRerun:
    """``later``'s counts in the run ``[lo, hi)`` under other label ``other`` (printed;
    "" one-way) sum to ``now`` where ``earlier``'s sum to ``then``: ``cells`` and ``there``
    the places summed in each; ``agree`` sums alike in the pair, ``differ`` apart."""

    earlier: Grid
    later: Grid
    dim: str
    lo: float
    hi: float
    other: str
    then: float
    now: float
    cells: tuple[int, ...]
    there: tuple[int, ...]
    agree: int
    differ: int


_Banding = list[tuple[Band, str]]  # a dimension's bands, by ``lo``, with their folded labels


def banding(table: Grid, n: int) -> _Banding | None:
    """Dimension ``n``'s labels as bands over one range (margins aside), none overlapping,
    or None; the gaps between them (``18-64``, ``66+``) are ``gaps``' (round 53)."""
    folded = [label for label in table.rows[n] if label != MARGIN]
    if not 2 <= len(folded) <= MAX_BANDS:
        return None
    parsed = parse_bands([table.names[n][label] for label in folded])
    if any(band is None for band in parsed):
        return None
    bands = sorted(((band, label) for band, label in zip(parsed, folded, strict=True)
                    if band is not None), key=lambda item: (item[0].lo, item[0].hi))
    if any(a.hi > b.lo for (a, _), (b, _) in itertools.pairwise(bands)):
        return None  # an overlap: not one range cut
    return bands


def gaps(bands: _Banding) -> tuple[tuple[float, float], ...]:
    """The values no band holds between the first and the last (``18-64``, ``66+``: 65)."""
    return tuple((a.hi, b.lo) for (a, _), (b, _) in itertools.pairwise(bands) if a.hi < b.lo)


def band_reruns(grids: list[Grid], threshold: float,
                skip: set[frozenset[int]]) -> Iterator[BandRerun]:
    """Every pair of tables (file order; ``skip``: pairs, by ``id`` of their outputs, read
    already) banding one variable otherwise that is one table re-run, each run apart."""
    groups: dict[tuple, list[tuple[int, int, _Banding]]] = defaultdict(list)
    for g, table in enumerate(grids):
        for n in range(len(table.dims)):
            bands = banding(table, n)
            if bands is None:
                continue
            other = frozenset(table.names[1 - n]) if len(table.dims) == 2 else None
            # the same gaps (round 53): a run holding one table's gap and not the other's
            # is no sum of one population (its sliver is the band algebra's)
            groups[(len(table.dims), other, bands[0][0].lo, bands[-1][0].hi,
                    gaps(bands))].append((g, n, bands))
    for members in groups.values():
        for j, (b, nb, later) in enumerate(members):
            for a, na, earlier in members[:j]:
                if a == b or frozenset((id(grids[a].output), id(grids[b].output))) in skip:
                    continue
                yield from _rerun(grids[a], na, earlier, grids[b], nb, later, threshold)


def _cuts(bands: _Banding) -> set[float]:
    return {band.lo for band, _ in bands} | {band.hi for band, _ in bands}


def _rerun(first: Grid, na: int, earlier: _Banding, second: Grid, nb: int, later: _Banding,
           threshold: float) -> Iterator[BandRerun]:
    """The runs apart of two tables banded otherwise, read as one table re-run (or none)."""
    mine, theirs = _cuts(later), _cuts(earlier)
    shared = sorted(mine & theirs)
    if mine == theirs or len(shared) < 3:
        return  # the same bands (spelt otherwise), or no run inside both ranges
    alike = 0
    apart: list[tuple[float, float, str, float, float, list[int], list[int]]] = []
    rows_a, rows_b = first.rows[na], second.rows[nb]
    others = sorted({o for label in rows_b for o in rows_b[label]})
    for lo, hi in itertools.pairwise(shared):
        in_a = [label for band, label in earlier if lo <= band.lo and band.hi <= hi]
        in_b = [label for band, label in later if lo <= band.lo and band.hi <= hi]
        for other in others:
            was = _summed(rows_a, in_a, other)
            got = _summed(rows_b, in_b, other)
            if was is None or got is None:
                continue
            if was[0] == got[0]:
                alike += bool(was[0]) and other != MARGIN
                continue
            if abs(was[0] - got[0]) >= threshold:
                return  # not one table re-run (another year, another cohort)
            apart.append((lo, hi, other, was[0], got[0], got[1], was[1]))
    if not apart or not alike:
        return  # consistent: the band algebra's; or nothing to say they are one population
    gaps = [abs(now - then) for *_, then, now, _, _ in apart]
    if (alike < max(MIN_AGREEING, AGREEING_PER_APART * len(apart))) and not _unlikely(
            1.0 + max(first.values | second.values), alike, gaps, 1):
        return
    name = second.names[1 - nb] if len(second.dims) == 2 else {}
    for lo, hi, other, then, now, cells, there in apart:
        yield BandRerun(first, second, second.dims[nb], lo, hi, name.get(other, ""),
                        then, now, tuple(cells), tuple(there), alike, len(apart))


def _summed(rows: dict[str, dict[str, tuple[float | None, int]]], labels: list[str],
            other: str) -> tuple[float, list[int]] | None:
    """The sum of the counts of ``labels`` under ``other`` and their places; None where one
    is hidden or not printed."""
    total = 0.0
    places: list[int] = []
    for label in labels:
        value, place = rows[label].get(other, (None, -1))
        if value is None or value != value:
            return None
        total += value
        places.append(place)
    return total, places
