"""A count system's link keys and published values as compact columns, made as soon as its
table's system is built (issue 14 §3).

Why: the audit builds every table's system before it links any, and each held its link key
(a tuple per variable) and its value (a Python float per variable) in two lists until the
linking read them: ~0.9 MiB a 1 MiB long table, times every table of the release, at the
audit's peak. The linking (``sdc.linking._SharedCells``) only numbers each key within its
population, in the order of the tables and their variables, and reads the values as floats
or "unknown". So each table's keys are numbered here as its system is built, in that same
order (one :class:`LinkNumbers` per build), and its values kept as float64 with a mask of the
known ones; the lists then go before the next table is built. The numbers, and so the links,
are those the linking would give the lists (``tests/test_link_columns.py``).

Imported where used: numpy is loaded only for a release that links tables.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


class LinkNumbers:
    """Each population's link keys numbered in the order they are first met, over the count
    systems of one build in their order: shared by those systems' :class:`LinkColumns`."""

    def __init__(self) -> None:
        self.by_population: dict[str, dict[tuple[int, ...], int]] = {}
        self._sizes: dict[str, int] | None = None  # once sealed: how many each population has

    def seal(self) -> None:
        """Every system of the build numbered: the keys are let go (a dict entry and, with
        them, the last reference to each distinct key's tuple: ~150 bytes a key, 60,000 keys a
        1 MiB long table of labels no other table has), keeping only how many each population
        numbered, in the order they were met: all that the linking reads of them."""
        if self._sizes is None:
            self._sizes = self.sizes()
            self.by_population = {}

    def sizes(self) -> dict[str, int]:
        """How many keys each population numbered, populations in the order first met."""
        if self._sizes is not None:
            return dict(self._sizes)
        return {population: len(ids) for population, ids in self.by_population.items()}

    def columns(self, population: str, keys: Sequence[tuple[int, ...]],
                values: Sequence[float | None]) -> LinkColumns:
        """One count system's keys (numbered after every earlier system's of its
        population) and values as columns."""
        import numpy as np

        if self._sizes is not None:  # its keys are gone: numbering again would restart
            raise ValueError("these link numbers are sealed: no system can be numbered now")
        ids = self.by_population.setdefault(population, {})
        numbered = np.fromiter((ids.setdefault(key, len(ids)) for key in keys),
                               dtype=np.int64, count=len(keys))
        if len(ids) < 2**31:  # half the room: widened again where they are joined
            numbered = numbered.astype(np.int32)
        if all(v is None or type(v) is float for v in values):
            known = np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
            floats = np.fromiter((math.nan if v is None else v for v in values),
                                 dtype=np.float64, count=len(values))
            return LinkColumns(self, population, numbered, floats, known, None)
        # another type (an int, a Decimal): kept as it is, compared as it is
        return LinkColumns(self, population, numbered, None, None, list(values))


@dataclass
class LinkColumns:
    """One count system's link keys as numbers of its population (``numbers``) and its
    values: as ``floats`` (NaN where unknown) with ``known`` (the value is published, NaN
    included) when every value is a float or unknown, else as the ``objects`` themselves."""

    numbers: LinkNumbers
    population: str
    ids: Any
    floats: Any
    known: Any
    objects: list[float | None] | None

    def values(self) -> list[float | None]:
        """The values as they were given (a float's bits kept by float64: the same float)."""
        if self.objects is not None:
            return self.objects
        return [float(v) if k else None
                for v, k in zip(self.floats.tolist(), self.known.tolist(), strict=True)]
