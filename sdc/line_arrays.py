"""A table's kept lines (``Table.line_parts``) as numpy arrays, for the passes that screen every
line of a large table at once (the audit's totals by the numbers, SDC103) before reading the
few that may matter line by line. Imported where used: numpy is not loaded for small tables."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sdc.table import DataCell, FlatLines, _Lines


@dataclass(frozen=True)
class CellArrays:
    """Per kept cell, in ``_Lines.cells`` order: no value, the value (nan when blank), and a
    suppression marker."""

    blank: np.ndarray
    value: np.ndarray
    marked: np.ndarray


@dataclass(frozen=True)
class LineSegments:
    """One dimension's lines: each line's cells are ``order[starts[k]:stops[k]]`` (positions
    into ``_Lines.cells``), ``line_of`` gives each position's line, ``totals`` the published
    total by line number."""

    dim: str
    flat: FlatLines
    totals: dict[int, DataCell]
    order: np.ndarray
    starts: np.ndarray
    stops: np.ndarray
    sizes: np.ndarray
    line_of: np.ndarray


def cell_arrays(kept: _Lines) -> CellArrays:
    sources = [c.source for c in kept.cells]
    values = [s.value for s in sources]
    return CellArrays(
        blank=np.fromiter((v is None for v in values), dtype=bool, count=len(values)),
        value=np.array(values, dtype=float),  # None -> nan (blank says which)
        marked=np.fromiter((s.marker is not None for s in sources), dtype=bool,
                           count=len(sources)))


def line_segments(kept: _Lines) -> Iterator[LineSegments]:
    """Each dimension with at least one line, in ``_Lines.parts`` order."""
    for (dim, flat, ends, totals), order in zip(kept.parts, kept.orders, strict=True):
        if not ends:
            continue
        stops = np.frombuffer(ends, dtype=np.int64)
        starts = np.concatenate(([0], stops[:-1]))
        sizes = stops - starts
        yield LineSegments(dim, flat, totals, order, starts, stops, sizes,
                           np.repeat(np.arange(len(stops)), sizes))
