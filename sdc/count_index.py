"""SDC503's index of one table's counts: each count's labels key -> its place in the table.

Why places and not cells (issue 14 §3): the index is kept for the whole release stage (every
table's, for the re-run buckets, the overlapping pairs and the grand totals), and a cell held
in it keeps the table's model alive. A place is read through ``release_form.TableCells``
(the table's compact form where it has one, else its cells): values, where each count is in
the file, its margins; a ``DataCell`` is made only where a finding names one (the model's own
while the table holds it). As a ``Mapping`` it still gives cells (``index[key]``), for the
readers that need whole cells (SDC503's subgroups) and for tests.

Why arrays and not a dict (round 47, idx47): a dict of ~25,400 keys -> places was 1.28 MiB a
1 MiB long table, held for every table from the re-runs' buckets to the totals' end: the
largest part of SDC503's forked process at its peak. Here a key is its number in the release
(``LabelsKeys.number``: one tuple kept per distinct key) and the index two machine-integer
columns in the dict's order, the keys' numbers and their places (8 bytes a count). A key is
looked up by scanning the numbers (numpy for a large index); the readers of every count
(the re-runs' values, two tables' shared keys) read the columns at once (``where``,
``meet``, ``same_keys``).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, KeysView, Mapping, Sequence
from itertools import compress
from typing import TYPE_CHECKING, Any

from sdc.release_form import TableCells
from sdc.table import DataCell, LabelsKey

if TYPE_CHECKING:
    from sdc.labels_keys import LabelsKeys

# counts from which ``known`` and ``published`` read the form's columns with numpy (the
# same pairs and values, in key order: a call per count was most of their cost)
COLUMNS_FROM = 2_048
# counts from which a key is looked up with numpy (below, ``array.index``: no numpy loaded)
SCANNED_FROM = 256


def machine_ints(values: Iterable[int]) -> array[int]:
    """``values`` as machine integers: 32-bit where they fit, else 64-bit (many at once
    through numpy: ``array.extend`` converts them one by one)."""
    listed = values if isinstance(values, list) else list(values)
    if len(listed) < SCANNED_FROM:
        found = array("i")
        try:
            found.extend(listed)
        except OverflowError:
            return array("q", listed)
        return found
    import numpy as np

    wide = np.array(listed, dtype=np.int64)
    if wide.min() >= -2**31 and wide.max() < 2**31:
        return array("i", wide.astype(np.int32).tobytes())
    return array("q", wide.tobytes())


class CountIndex(Mapping[LabelsKey, DataCell]):
    """A table's counts by labels key, as places read through ``read``; ``n_counts``: how
    many counts the table has (an index keeps one a key), ``names``: their measures' names.
    ``codes[k]``: the ``k``-th key's number in ``numbers`` (keys in the order first indexed,
    each once), ``spots[k]``: its count's place."""

    __slots__ = ("codes", "n_counts", "names", "numbers", "read", "spots")

    def __init__(self, codes: array[int], spots: array[int], numbers: LabelsKeys,
                 read: TableCells, n_counts: int, names: frozenset[str]) -> None:
        self.codes = codes
        self.spots = spots
        self.numbers = numbers
        self.read = read
        self.n_counts = n_counts
        self.names = names

    @classmethod
    def of_items(cls, items: Iterable[tuple[LabelsKey, int]], numbers: LabelsKeys,
                 read: TableCells, n_counts: int, names: frozenset[str]) -> CountIndex:
        """The index of (key, place) pairs, each key once, in order (a dict's items)."""
        keys: list[LabelsKey] = []
        places: list[int] = []
        for key, place in items:
            keys.append(key)
            places.append(place)
        return cls(machine_ints(numbers.numbers(keys)), machine_ints(places), numbers, read,
                   n_counts, names)

    @classmethod
    def of_cells(cls, cells: Mapping[LabelsKey, Any],
                 numbers: LabelsKeys | None = None) -> CountIndex:
        """An index of cells given by key (cells made elsewhere: tests, the API)."""
        from sdc.labels_keys import LabelsKeys

        listed = list(cells.values())
        return cls.of_items(zip(cells, range(len(listed)), strict=True),
                            numbers or LabelsKeys(), TableCells.of_cells(listed), len(listed),
                            frozenset(c.measure.name for c in listed if hasattr(c, "measure")))

    # -- one key ---------------------------------------------------------------------------
    def _find(self, key: object) -> int:
        """The position of ``key`` in the columns, -1 where it is not indexed."""
        number = self.numbers.known(key)
        if number is None:
            return -1
        codes = self.codes
        if len(codes) < SCANNED_FROM:
            try:
                return codes.index(number)
            except ValueError:
                return -1
        import numpy as np

        found = np.flatnonzero(np.frombuffer(codes, dtype=f"i{codes.itemsize}") == number)
        return int(found[0]) if len(found) else -1

    def _spot(self, key: LabelsKey) -> int:
        k = self._find(key)
        if k < 0:
            raise KeyError(key)
        return self.spots[k]

    def __getitem__(self, key: LabelsKey) -> DataCell:
        return self.read.cell(self._spot(key))

    def __iter__(self) -> Iterator[LabelsKey]:
        return map(self.numbers.by_number.__getitem__, self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def __contains__(self, key: object) -> bool:
        return self._find(key) >= 0

    def keys(self) -> KeysView[LabelsKey]:
        """The keys as a dict's view, made anew (set operations in C, not a lookup a key)."""
        return dict.fromkeys(self).keys()

    def placed(self) -> list[tuple[LabelsKey, int]]:
        """(key, place) of every count indexed, in order (``items()`` gives cells)."""
        return list(zip(self, self.spots, strict=True))

    @property
    def at(self) -> dict[LabelsKey, int]:
        """Key -> place as a dict, made anew (tests; a reader of a few small tables)."""
        return dict(zip(self, self.spots, strict=True))

    def places(self) -> list[int]:
        """The places of the counts indexed, in key order."""
        return self.spots.tolist()

    def place_of(self, key: LabelsKey) -> int:
        """The place in the table of ``key``'s count."""
        return self._spot(key)

    def value(self, key: LabelsKey) -> float | None:
        return self.read.value(self._spot(key))

    def place(self, key: LabelsKey) -> tuple[int, int]:
        """Where the count of ``key`` is in the file: (row, column)."""
        return self.read.place(self._spot(key))

    def margins(self, key: LabelsKey) -> frozenset[str]:
        return self.read.margins(self._spot(key))

    # -- every key at once -----------------------------------------------------------------
    def codes_array(self) -> Any:
        """``codes`` as a numpy array (no copy)."""
        import numpy as np

        return np.frombuffer(self.codes, dtype=f"i{self.codes.itemsize}")

    def where(self, keys: Sequence[LabelsKey]) -> Any:
        """The position of each of ``keys`` in the columns (numpy int64), -1 where one is not
        indexed: one sort of the index, one binary search for all."""
        import numpy as np

        wanted = np.array(self.numbers.known_numbers(keys), dtype=np.int64)
        codes = self.codes_array()
        if not len(codes):
            return np.full(len(keys), -1, dtype=np.int64)
        order = np.argsort(codes, kind="stable")
        at = np.minimum(np.searchsorted(codes, wanted, sorter=order), len(codes) - 1)
        found = order[at]
        return np.where((codes[found] == wanted) & (wanted >= 0), found, -1).astype(np.int64)

    def meet(self, other: CountIndex) -> tuple[Any, Any]:
        """The keys both index: their positions here (in this index's order) and in
        ``other``'s columns, as numpy int64 arrays."""
        import numpy as np

        if other.numbers is self.numbers:
            mine = self.codes_array()
            theirs = other.codes_array()
            order = np.argsort(theirs, kind="stable")
            if not len(theirs):
                return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
            at = np.minimum(np.searchsorted(theirs, mine, sorter=order), len(theirs) - 1)
            found = order[at]
            both = theirs[found] == mine
            return np.flatnonzero(both).astype(np.int64), found[both].astype(np.int64)
        there = other.where(list(self))  # keys numbered apart: each looked up by its tuple
        return np.flatnonzero(there >= 0).astype(np.int64), there[there >= 0]

    def same_keys(self, other: CountIndex) -> bool:
        """Whether both index the same keys (``self.keys() == other.keys()``)."""
        if len(self) != len(other):
            return False
        if other.numbers is not self.numbers:
            return self.keys() == other.keys()
        if self.codes == other.codes:
            return True
        import numpy as np

        return bool(np.array_equal(np.sort(self.codes_array()), np.sort(other.codes_array())))

    def values_or_nan(self, keys: list[LabelsKey]) -> Any:
        """The counts of ``keys`` (each indexed) as a numpy array, NaN where one has no
        value."""
        at = self.where(keys)
        if (at < 0).any():
            raise KeyError(next(k for k, i in zip(keys, at.tolist(), strict=True) if i < 0))
        return self.read.values_or_nan(self.spot_array()[at].tolist())

    def spot_array(self) -> Any:
        """``spots`` as a numpy array (no copy)."""
        import numpy as np

        return np.frombuffer(self.spots, dtype=f"i{self.spots.itemsize}")

    def known(self) -> list[tuple[LabelsKey, float]]:
        """The (key, value) pairs of the counts that have a value (not blank, not NaN)."""
        read = self.read
        if read.form is not None and len(self) >= COLUMNS_FROM:  # the form's columns
            value, has, _ = read.value_columns(self.spots)
            keep = has & (value == value)
            return list(zip(compress(self, keep.tolist()), value[keep].tolist(),
                            strict=True))
        value = read.value
        return [(key, v) for key, i in zip(self, self.spots, strict=True)
                if (v := value(i)) is not None and v == v]

    def published(self) -> list[float]:
        """The values of the counts published (a value, not suppressed), in key order."""
        read = self.read
        if read.form is not None and len(self) >= COLUMNS_FROM:  # the form's columns
            value, has, hidden = read.value_columns(self.spots)
            return value[has & ~hidden].tolist()
        return [v for i in self.spots
                if (v := read.value(i)) is not None and not read.suppressed(i)]

    def folded(self, folds: list[LabelsKey], numbers: LabelsKeys | None = None
               ) -> CountIndex:
        """The index under other keys (``folds``, one per key in order; the first count of a
        fold keeps it), read through the same cells; the folds numbered in ``numbers`` (a
        pass's own: the release's numbering keeps no fold), else as the keys are."""
        numbers = numbers or self.numbers
        codes = numbers.numbers(folds)
        first: dict[int, int] = {}
        for code, spot in zip(codes, self.spots, strict=True):
            first.setdefault(code, spot)
        return CountIndex(machine_ints(first), machine_ints(first.values()), numbers,
                          self.read, self.n_counts, self.names)

    def sent(self) -> tuple[list[tuple[LabelsKey, int]], int, frozenset[str]]:
        """What a ``-j`` worker sends back (``received`` makes it again beside the parent's
        table): places, never cells."""
        return self.placed(), self.n_counts, self.names
