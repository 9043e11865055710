"""SDC503's index of one table's counts: each count's labels key -> its place in the table.

Why places and not cells (issue 14 §3): the index is kept for the whole release stage (every
table's, for the re-run buckets, the overlapping pairs and the grand totals), and a cell held
in it keeps the table's model alive. A place is read through ``release_form.TableCells``
(the table's compact form where it has one, else its cells): values, where each count is in
the file, its margins; a ``DataCell`` is made only where a finding names one (the model's own
while the table holds it). As a ``Mapping`` it still gives cells (``index[key]``), for the
readers that need whole cells (SDC503's subgroups) and for tests.
"""

from __future__ import annotations

from collections.abc import Iterator, KeysView, Mapping
from itertools import compress
from typing import Any

from sdc.release_form import TableCells
from sdc.table import DataCell, LabelsKey

# counts from which ``known`` and ``published`` read the form's columns with numpy (the
# same pairs and values, in key order: a call per count was most of their cost)
COLUMNS_FROM = 2_048


class CountIndex(Mapping[LabelsKey, DataCell]):
    """A table's counts by labels key, as places read through ``read``; ``n_counts``: how
    many counts the table has (an index keeps one a key), ``names``: their measures' names."""

    __slots__ = ("at", "n_counts", "names", "read")

    def __init__(self, at: dict[LabelsKey, int], read: TableCells, n_counts: int,
                 names: frozenset[str]) -> None:
        self.at = at
        self.read = read
        self.n_counts = n_counts
        self.names = names

    @classmethod
    def of_cells(cls, cells: Mapping[LabelsKey, Any]) -> CountIndex:
        """An index of cells given by key (cells made elsewhere: tests, the API)."""
        listed = list(cells.values())
        return cls(dict(zip(cells, range(len(listed)), strict=True)),
                   TableCells.of_cells(listed), len(listed),
                   frozenset(c.measure.name for c in listed if hasattr(c, "measure")))

    def __getitem__(self, key: LabelsKey) -> DataCell:
        return self.read.cell(self.at[key])

    def __iter__(self) -> Iterator[LabelsKey]:
        return iter(self.at)

    def __len__(self) -> int:
        return len(self.at)

    def __contains__(self, key: object) -> bool:
        return key in self.at

    def keys(self) -> KeysView[LabelsKey]:
        return self.at.keys()

    def value(self, key: LabelsKey) -> float | None:
        return self.read.value(self.at[key])

    def values_or_nan(self, keys: list[LabelsKey]) -> Any:
        """The counts of ``keys`` as a numpy array, NaN where one has no value."""
        at = self.at
        return self.read.values_or_nan([at[key] for key in keys])

    def place(self, key: LabelsKey) -> tuple[int, int]:
        """Where the count of ``key`` is in the file: (row, column)."""
        return self.read.place(self.at[key])

    def margins(self, key: LabelsKey) -> frozenset[str]:
        return self.read.margins(self.at[key])

    def known(self) -> list[tuple[LabelsKey, float]]:
        """The (key, value) pairs of the counts that have a value (not blank, not NaN)."""
        read = self.read
        if read.form is not None and len(self.at) >= COLUMNS_FROM:  # the form's columns
            value, has, _ = read.value_columns(list(self.at.values()))
            keep = has & (value == value)
            return list(zip(compress(self.at, keep.tolist()), value[keep].tolist(),
                            strict=True))
        value = read.value
        return [(key, v) for key, i in self.at.items() if (v := value(i)) is not None
                and v == v]

    def published(self) -> list[float]:
        """The values of the counts published (a value, not suppressed), in key order."""
        read = self.read
        if read.form is not None and len(self.at) >= COLUMNS_FROM:  # the form's columns
            value, has, hidden = read.value_columns(list(self.at.values()))
            return value[has & ~hidden].tolist()
        return [v for i in self.at.values()
                if (v := read.value(i)) is not None and not read.suppressed(i)]

    def folded(self, folds: list[LabelsKey]) -> CountIndex:
        """The index under other keys (``folds``, one per key in order; the first count of a
        fold keeps it), read through the same cells."""
        at: dict[LabelsKey, int] = {}
        for fold, i in zip(folds, self.at.values(), strict=True):
            at.setdefault(fold, i)
        return CountIndex(at, self.read, self.n_counts, self.names)

    def sent(self) -> tuple[list[tuple[LabelsKey, int]], int, frozenset[str]]:
        """What a ``-j`` worker sends back (``received`` makes it again beside the parent's
        table): places, never cells."""
        return list(self.at.items()), self.n_counts, self.names
