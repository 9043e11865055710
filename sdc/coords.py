"""A cell's coordinates without a dict per cell (issue 14 §3, issue 12 ch. 12).

A long table of 100,000 rows held one coordinates dict per row: six labels cost 272 bytes,
~20% of what the table holds through the release rules. ``Coords`` is a read-only mapping
that shares one name -> position dict per layout and keeps the row's labels as the tuple the
reader already made (48 bytes more). It behaves as the dict did for everything that reads
coordinates: look-ups, ``in``, iteration and views in the names' order, equality with dicts
and other ``Coords`` (order-blind, as dicts), ``dict(...)``, ``|``, ``repr``, pickling.
It is not a ``dict``: anything that needs one (``json``) takes ``dict(coords)``; and it
cannot be changed, as no coordinates may be once a cell holds them.
"""

from __future__ import annotations

from array import array
from collections.abc import (
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    Sequence,
    ValuesView,
)
from functools import partial
from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any, cast, overload


def positions(names: Sequence[str]) -> dict[str, int]:
    """The name -> position dict one layout's ``Coords`` share (never changed after)."""
    return {name: k for k, name in enumerate(names)}


def maker(names: Sequence[str]) -> Callable[[tuple[str, ...]], Mapping[str, str]]:
    """What makes one layout's coordinates from its labels in ``names`` order: ``Coords``
    sharing one position dict; a dict as before when two names are the same (the later
    label wins, as it did)."""
    at = positions(names)
    if len(at) == len(names):
        return partial(Coords, at)
    names = list(names)
    return lambda labels: dict(zip(names, labels, strict=True))


class _FrozenDict(Mapping[str, str]):
    """What the coordinate mappings share: each reads its labels through a name -> position
    dict (``_at``) and the labels in that order (``_labels``), and behaves as the read-only,
    unhashable dict ``as_dict`` makes (look-ups, ``in``, iteration in the names' order, views,
    equality, ``copy``, ``|``, ``!=``, ``repr``). A class whose labels are not one tuple
    (``WideCoords``, ``RowCoords``) reads a single label its own, cheaper way."""

    __slots__ = ()

    if TYPE_CHECKING:  # each class's own: a slot, or read through a property
        @property
        def _at(self) -> dict[str, int]: ...
        @property
        def _labels(self) -> tuple[str, ...]: ...

    def __getitem__(self, key: str) -> str:
        return self._labels[self._at[key]]

    @overload
    def get(self, key: str, /) -> str | None: ...
    @overload
    def get(self, key: str, default: Any, /) -> Any: ...

    def get(self, key: str, default: Any = None, /) -> Any:
        at = self._at.get(key)
        return default if at is None else self._labels[at]

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def __reversed__(self) -> Iterator[str]:
        return reversed(self._at)

    def keys(self) -> KeysView[str]:
        return self._at.keys()

    def as_dict(self) -> dict[str, str]:
        """A new dict equal to these coordinates."""
        return dict(zip(self._at, self._labels, strict=True))

    def __eq__(self, other: object) -> bool:
        if type(other) in _COORDINATES:  # not ``isinstance``: an ABC's check is slow
            same = cast(_FrozenDict, other)
            if same._at is self._at:  # one layout: the labels in the same order
                return self._labels == same._labels
            return self.as_dict() == same.as_dict()
        if isinstance(other, dict):
            return self.as_dict() == other
        if isinstance(other, Mapping):
            return self.as_dict() == dict(other.items())
        return NotImplemented

    def values(self) -> ValuesView[str]:
        return self.as_dict().values()

    def items(self) -> ItemsView[str, str]:
        return self.as_dict().items()

    def copy(self) -> dict[str, str]:
        return self.as_dict()

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]  # unhashable, as a dict

    def __or__(self, other: Any) -> Any:
        if not isinstance(other, Mapping):
            return NotImplemented
        mine = self.as_dict()
        return mine | (other.as_dict() if isinstance(other, _FrozenDict) else dict(other.items()))

    def __ror__(self, other: Any) -> Any:
        if not isinstance(other, Mapping):
            return NotImplemented
        return dict(other) | self.as_dict()

    def __repr__(self) -> str:
        return repr(self.as_dict())


class Coords(_FrozenDict):
    """Read-only coordinates: ``at`` (shared, name -> position) and the labels in that order."""

    __slots__ = ("_at", "_labels")

    _at: dict[str, int]
    _labels: tuple[str, ...]

    def __init__(self, at: dict[str, int], labels: tuple[str, ...]) -> None:
        if len(at) != len(labels):
            raise ValueError(f"{len(labels)} labels for {len(at)} dimensions")
        self._at = at
        self._labels = labels

    def as_dict(self) -> dict[str, str]:
        """A new dict equal to these coordinates (what ``dict(coords)`` gives, made in C)."""
        return dict(zip(self._at, self._labels, strict=False))  # equal lengths (__init__)

    def __reduce__(self) -> tuple[Any, ...]:
        # the shared position dict is pickled once per pickle (memoised by identity)
        return Coords, (self._at, self._labels)


class WideAt(dict[str, int]):
    """A wide table's name -> position dict (the row's names first) that knows how many
    names are the row's (``cut``): equal only to another of the same names, order and cut,
    so cells of one layout (``one_layout``) read a position from the same part
    (``labels_at``). Never changed after it is made."""

    __slots__ = ("cut",)

    def __init__(self, names: Sequence[str], cut: int) -> None:
        super().__init__(positions(names))
        self.cut = cut

    def __eq__(self, other: object) -> bool:
        return type(other) is WideAt and self.cut == other.cut and dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = None  # unhashable, as a dict

    def __reduce__(self) -> tuple[Any, ...]:
        return WideAt, (list(self), self.cut)


class WideCoords(_FrozenDict):
    """A wide table cell's coordinates without a label tuple of its own (issue 14 §3): its
    row's labels and its column's, each a tuple shared by the row's (the column's) cells,
    read through the table's shared position dict (the row's names first). A ``Coords`` of
    a cell and its joined tuple were 104 bytes a cell, a third of a plain 5 MiB page's
    model; this is 56. The same mapping as the ``Coords`` of the joined labels (equal to it
    and to dicts, read-only, unhashable); ``_labels`` is that joined tuple, made when read:
    the functions below read a column of labels from the row's or the column's tuple."""

    __slots__ = ("_at", "_column", "_row")

    _at: WideAt
    _row: tuple[str, ...]
    _column: tuple[str, ...]

    def __init__(self, at: WideAt, row: tuple[str, ...], column: tuple[str, ...]) -> None:
        if len(row) != at.cut or len(at) != len(row) + len(column):
            raise ValueError(f"{len(row)} + {len(column)} labels for {len(at)} dimensions "
                             f"({at.cut} the row's)")
        self._at = at
        self._row = row
        self._column = column

    @property
    def _labels(self) -> tuple[str, ...]:
        return self._row + self._column

    def __getitem__(self, key: str) -> str:
        at, row = self._at[key], self._row
        return row[at] if at < len(row) else self._column[at - len(row)]

    @overload
    def get(self, key: str, /) -> str | None: ...
    @overload
    def get(self, key: str, default: Any, /) -> Any: ...

    def get(self, key: str, default: Any = None, /) -> Any:
        at = self._at.get(key)
        if at is None:
            return default
        row = self._row
        return row[at] if at < len(row) else self._column[at - len(row)]

    def __reduce__(self) -> tuple[Any, ...]:
        # the shared dict and tuples are pickled once per pickle (memoised by identity)
        return WideCoords, (self._at, self._row, self._column)


def wide_maker(names: Sequence[str], column_names: Sequence[str]
               ) -> Callable[[tuple[str, ...], tuple[str, ...]], Mapping[str, str]]:
    """What makes a wide table's cell coordinates from its row's labels (in ``names``
    order) and its column's (in ``column_names`` order): ``WideCoords`` sharing one position
    dict; a dict as ``maker`` makes when two names are the same."""
    every = [*names, *column_names]
    at = WideAt(every, len(names))
    if len(at) == len(every):
        return partial(WideCoords, at)
    return lambda row, column: dict(zip(every, row + column, strict=True))


# coordinates read as a shared position dict and labels in its order (``labels_at``)
HELD_AS_LABELS = frozenset({Coords, WideCoords})


def labels_at(coords: Sequence[Any], at: int) -> list[str]:
    """``[co._labels[at] for co in coords]`` for ``coords`` of one layout (``one_layout``):
    the one way a column of labels is read from cell coordinates held as labels (``Coords``;
    ``WideCoords`` from its rows' or its columns' shared tuples, no joined tuple made: their
    ``WideAt``, equal only to one of the same cut, says which part position ``at`` is in)."""
    first = coords[0] if coords else None
    if type(first) is WideCoords:
        cut = first._at.cut
        try:
            if at < cut:
                return [co._row[at] for co in coords]
            k = at - cut
            return [co._column[k] for co in coords]
        except (AttributeError, TypeError):  # not all wide (a ``Coords`` of a ``WideAt``)
            pass
    return [co._labels[at] for co in coords]


def label_columns(coords: Sequence[Any], width: int) -> Iterable[Sequence[str]]:
    """``zip(*[co._labels for co in coords])`` for ``coords`` of one layout of ``width``
    names: each position's labels in the coordinates' order (``labels_at`` of each)."""
    if not coords or type(coords[0]) is not WideCoords:
        return zip(*[co._labels for co in coords], strict=True)
    return (labels_at(coords, k) for k in range(width))


class LabelColumns:
    """The labels of a long table's rows held as columns (issue 12 ch. 12, issue 14 §3): per
    dimension, its distinct labels and a code per row. A long table of 100,000 rows held a
    label tuple and a ``Coords`` per row (136 bytes; 13 MiB, a third of the read table);
    here a row is a ``RowCoords`` (the store and the row's number) and a byte or two per
    label. Rows are added while the table is read (``add``), then the store is ``frozen``
    (the look-ups that coded the labels are let go); labels are never changed after."""

    __slots__ = ("_codes", "_first", "_index", "_labels", "at", "rows")

    GAP = 64  # lines between two rows' keys padded, at most

    def __init__(self, at: dict[str, int]) -> None:
        self.at = at  # name -> position, shared with the table's other coordinates
        self._labels: list[list[str]] = [[] for _ in at]  # per dimension: code -> label
        self._index: list[dict[str, int]] | None = [{} for _ in at]  # label -> code
        self._codes: list[array[int]] = [array("B") for _ in at]  # per dimension, by row
        self.rows = 0  # rows' places, the padded ones too
        self._first = 0  # the first row's key

    def add(self, labels: tuple[str, ...], key: int | None = None) -> RowCoords:
        """The coordinates of a new row of ``labels`` (in the names' order). ``key``: the
        number the row is known by, an int object the table holds anyway (its file line):
        an int of its own per row was 3 MiB on a 100,000-row table. Keys only grow, a row's
        codes sit at its key less the first; lines between rows (a blank line) are padded;
        a key that does not grow, or far from the last, is replaced by the next number."""
        index = self._index
        if index is None:
            raise ValueError("labels added to a frozen store")
        if len(labels) != len(self.at):
            raise ValueError(f"{len(labels)} labels for {len(self.at)} dimensions")
        if self.rows == 0:
            if type(key) is not int or key < 0:
                key = 0
            self._first = key
        else:
            last = self._first + self.rows - 1
            if type(key) is not int or not last < key <= last + self.GAP:
                key = last + 1
            if key > last + 1:
                for codes in self._codes:  # the lines between: code 0, never read
                    codes.extend([0] * (key - last - 1))
        all_codes = self._codes
        for k, label in enumerate(labels):
            code = index[k].get(label)
            if code is None:
                code = self._new_code(k, label)
            all_codes[k].append(code)
        self.rows = key - self._first + 1
        return RowCoords(self, key)

    def add_many(self, rows: Sequence[tuple[str, ...]], keys: Sequence[int | None]
                 ) -> list[RowCoords]:
        """``[self.add(labels, key) for labels, key in zip(rows, keys)]``, a dimension at a
        time when the keys follow each other (a long table's rows without blank lines): each
        row's codes looked up in C, not a Python step per label (``add`` was ~4% of a 1 MiB
        long table's check, issue 14 §3). Anything else (a key that does not follow, a row
        of another width, a frozen store) goes row by row, as ``add`` does it."""
        n = len(rows)
        if n != len(keys):
            raise ValueError(f"{n} rows for {len(keys)} keys")
        width = len(self.at)
        next_key = self._first + self.rows if self.rows else keys[0] if n else None
        if (self._index is None or n == 0 or type(next_key) is not int or next_key < 0
                or set(map(len, rows)) != {width}  # (the tests read in C: not a step a row)
                or set(map(type, keys)) != {int}
                or list(keys) != list(range(next_key, next_key + n))):
            return [self.add(labels, key) for labels, key in zip(rows, keys, strict=True)]
        if self.rows == 0:
            self._first = next_key
        index = self._index
        columns = list(zip(*rows, strict=True))  # each dimension's labels, row by row
        for k in range(width):
            column = columns[k]
            known = index[k]
            for label in dict.fromkeys(column):  # in order of first appearance, as ``add``
                if label not in known:
                    self._new_code(k, label)  # widens the codes at need, before they go in
            self._codes[k].extend(map(known.__getitem__, column))
        self.rows += n
        # the keys given, not ints of their own (3 MiB on a 100,000-row table, see ``add``)
        return list(map(RowCoords, repeat(self), keys))  # type: ignore[arg-type]

    def _new_code(self, k: int, label: str) -> int:
        """The code of a label not met before in dimension ``k`` (its codes widened at need)."""
        assert self._index is not None
        known, codes = self._index[k], self._codes[k]
        code = known[label] = len(known)
        self._labels[k].append(label)
        if code > 255 and codes.typecode == "B":
            self._codes[k] = array("H", codes)
        elif code > 65535 and codes.typecode == "H":
            self._codes[k] = array("I", codes)
        return code

    def label_columns(self, keys: Sequence[int]) -> list[list[str]]:
        """Every dimension's labels on the rows of ``keys`` (what ``zip(*rows)`` gives)."""
        return [self.column(at, keys) for at in range(len(self.at))]

    def freeze(self) -> None:
        """No rows are added after: the label -> code look-ups are let go."""
        self._index = None

    def label(self, key: int, at: int) -> str:
        return self._labels[at][self._codes[at][key - self._first]]

    def row(self, key: int) -> tuple[str, ...]:
        """The labels of the row of ``key``, in the names' order (a new tuple each time)."""
        row = key - self._first
        return tuple([labels[codes[row]] for labels, codes in
                      zip(self._labels, self._codes, strict=True)])

    def column(self, at: int, keys: Iterable[int]) -> list[str]:
        """The labels of dimension ``at`` on the rows of ``keys`` (on many rows looked up by
        numpy: two ``map`` steps a row were ~3% of a 1 MiB long table's check, issue 14 §3;
        the same label objects, and an index out of range fails as the list's look-up)."""
        labels, codes, first = self._labels[at], self._codes[at], self._first
        if type(keys) is list and len(keys) >= COLUMN_WITH_NUMPY_FROM and len(codes):
            import numpy as np

            rows = np.fromiter(keys, dtype=np.int64, count=len(keys))
            if first:
                rows -= first
            held = np.frombuffer(codes, dtype=codes.typecode)[rows]
            named = np.empty(len(labels), dtype=object)
            named[:] = labels
            found: list[str] = named[held].tolist()
            return found
        if first:  # the rows from ``first`` on: looked up in C, not a step a row
            keys = map(first.__rsub__, keys)
        return list(map(labels.__getitem__, map(codes.__getitem__, keys)))

    def codes(self, at: int, keys: Sequence[int]) -> Any:
        """The codes of dimension ``at`` on the rows of ``keys`` as a numpy array (a label's
        code is the same on every row that has it, and no other label's): what a pass that
        groups rows by their labels (``sdc.table._Lines.of``) codes the labels to, read from
        the store instead of a label per row and a look-up each (issue 14 §3)."""
        import numpy as np

        held = self._codes[at]
        rows = np.fromiter(keys, dtype=np.int64, count=len(keys))
        if self._first:
            rows -= self._first
        return np.frombuffer(held, dtype=held.typecode)[rows] if len(held) else (
            np.zeros(0, dtype=held.typecode)[rows])

    def distinct(self, at: int, keys: Iterable[int]) -> set[str]:
        """The distinct labels of dimension ``at`` on the rows of ``keys``."""
        labels, codes, first = self._labels[at], self._codes[at], self._first
        return {labels[code] for code in {codes[key - first] for key in keys}}

    def distinct_by(self, ats: Sequence[int], keys: Sequence[int]) -> list[set[str]]:
        """``[self.distinct(at, keys) for at in ats]``; on many rows the codes present are
        counted with numpy, the rows' places worked out once for every dimension (a set of
        codes per dimension, row by row, was ~3% of a 1 MiB long table's check)."""
        if len(keys) < DISTINCT_WITH_NUMPY_FROM:
            return [self.distinct(at, keys) for at in ats]
        import numpy as np

        rows = np.fromiter(keys, dtype=np.int64, count=len(keys))
        if self._first:
            rows -= self._first
        found = []
        for at in ats:
            held, labels = self._codes[at], self._labels[at]
            present = np.bincount(np.frombuffer(held, dtype=held.typecode)[rows],
                                  minlength=len(labels))
            found.append({labels[code] for code in np.flatnonzero(present).tolist()})
        return found


# rows from which ``LabelColumns.distinct_by`` counts codes with numpy (below, a set each)
DISTINCT_WITH_NUMPY_FROM = 2_048
COLUMN_WITH_NUMPY_FROM = 2_048  # rows from which ``LabelColumns.column`` looks up in numpy


class RowCoords(_FrozenDict):
    """One row's coordinates read from a ``LabelColumns``: the same mapping as the ``Coords``
    of the same labels (equal to it and to dicts, read-only, unhashable, pickled as one), with
    ``_at`` and ``_labels`` read from the store (``_labels`` a new tuple each time: the
    functions below read a store's rows a column at a time instead)."""

    __slots__ = ("_row", "_store")

    def __init__(self, store: LabelColumns, row: int) -> None:
        self._store = store
        self._row = row

    @property
    def _at(self) -> dict[str, int]:
        return self._store.at

    @property
    def _labels(self) -> tuple[str, ...]:
        return self._store.row(self._row)

    def __getitem__(self, key: str) -> str:
        store = self._store
        return store.label(self._row, store.at[key])

    @overload
    def get(self, key: str, /) -> str | None: ...
    @overload
    def get(self, key: str, default: Any, /) -> Any: ...

    def get(self, key: str, default: Any = None, /) -> Any:
        store = self._store
        at = store.at.get(key)
        return default if at is None else store.label(self._row, at)

    def __reduce__(self) -> tuple[Any, ...]:
        # a worker's table comes back with plain ``Coords`` of the same labels
        return Coords, (self._store.at, self._store.row(self._row))


# every class of coordinates above (their ``__eq__`` compares them as one kind)
_COORDINATES = frozenset({Coords, WideCoords, RowCoords})


def one_store(coords: Sequence[Mapping[str, str]]) -> LabelColumns | None:
    """The store every one of ``coords`` is a row of, when each is a ``RowCoords`` of one."""
    if not coords or type(coords[0]) is not RowCoords:
        return None
    try:
        stores = list(map(attrgetter("_store"), coords))
    except AttributeError:  # mixed
        return None
    store = stores[0]
    return store if stores.count(store) == len(stores) else None


def one_layout(coords: Sequence[Mapping[str, str]]) -> dict[str, int] | None:
    """The name -> position dict every one of ``coords`` reads its labels through, when each
    is a ``Coords`` of one layout (a long table's); else ``None`` (plain dicts, mixed).

    One layout by equality, not only identity: ``list.count`` compares by identity first (a
    C loop, three times as fast as a set of ``id``s per cell, which was ~15% of the release
    stage on linked long tables) and equal position dicts read every label from the same
    place, so ``co.get(dim)`` is ``co._labels[at[dim]]`` for each of them either way."""
    if not coords:
        return None
    try:
        firsts = [co._at for co in coords]  # type: ignore[attr-defined]
    except AttributeError:  # plain dicts (API tables, charts, the ledger)
        return None
    at = firsts[0]
    return at if firsts.count(at) == len(firsts) else None


def labels_along(coords: Sequence[Mapping[str, str]], dim: str, default: Any = None
                 ) -> list[Any]:
    """``[co.get(dim, default) for co in coords]``, without a Python call per cell when the
    coordinates are ``Coords`` of one layout (a long table's): a ``get`` call per cell and
    dimension was ~10% of checking a 100,000-row table. (Comprehensions, not ``map`` with
    ``attrgetter``: a slot read in a comprehension is three times as fast on 3.11.)"""
    store = one_store(coords)
    if store is not None:  # a long table's rows read a column at a time
        at = store.at.get(dim)
        if at is None:
            return [default] * len(coords)
        return store.column(at, [co._row for co in coords])  # type: ignore[attr-defined]
    layout = one_layout(coords)
    if layout is None or type(coords[0]) not in HELD_AS_LABELS:
        return [co.get(dim, default) for co in coords]
    at = layout.get(dim)
    if at is None:
        return [default] * len(coords)
    return labels_at(coords, at)


def labels_by_dim(coords: Sequence[Mapping[str, str]], dims: Iterable[str],
                  default: Any = None) -> dict[str, list[Any]]:
    """``{dim: labels_along(coords, dim, default) for dim in dims}``, the layout checked once
    and every label column cut in one pass (a caller reading each dimension of a long table
    in turn checked its 25,000 cells' layout once a dimension)."""
    dims = list(dict.fromkeys(dims))
    store = one_store(coords)
    if store is not None:
        rows = [co._row for co in coords]  # type: ignore[attr-defined]
        return {dim: [default] * len(coords) if store.at.get(dim) is None
                else store.column(store.at[dim], rows) for dim in dims}
    layout = one_layout(coords)
    if layout is None or not dims or type(coords[0]) not in HELD_AS_LABELS:
        return {dim: [co.get(dim, default) for co in coords] for dim in dims}
    if type(coords[0]) is WideCoords:  # only the dimensions asked for
        return {dim: [default] * len(coords) if layout.get(dim) is None
                else labels_at(coords, layout[dim]) for dim in dims}
    columns = list(zip(*[co._labels for co in coords], strict=True))  # type: ignore[attr-defined]
    found: dict[str, list[Any]] = {}
    for dim in dims:
        at = layout.get(dim)
        found[dim] = [default] * len(coords) if at is None else list(columns[at])
    return found


def distinct_labels_by_dim(coords: Sequence[Mapping[str, str]], dims: Iterable[str],
                           default: Any = None) -> dict[str, set[Any]]:
    """``{dim: set(labels) for dim, labels in labels_by_dim(...).items()}``, without the
    lists: a test that reads each dimension's distinct labels only held every cell's label
    of every dimension at once (2.7 MiB at the audit's peak on a 1 MiB long table)."""
    dims = list(dict.fromkeys(dims))
    store = one_store(coords)
    if store is not None:
        rows = [co._row for co in coords]  # type: ignore[attr-defined]
        held = [dim for dim in dims if store.at.get(dim) is not None]
        labels = dict(zip(held, store.distinct_by([store.at[dim] for dim in held], rows),
                          strict=True))
        return {dim: labels.get(dim, {default} if coords else set()) for dim in dims}
    layout = one_layout(coords)
    if layout is None or type(coords[0]) not in HELD_AS_LABELS:
        return {dim: {co.get(dim, default) for co in coords} for dim in dims}
    found: dict[str, set[Any]] = {}
    wide = type(coords[0]) is WideCoords
    for dim in dims:
        at = layout.get(dim)
        found[dim] = ({default} if coords else set()) if at is None else set(
            labels_at(coords, at)) if wide else {
            co._labels[at] for co in coords}  # type: ignore[attr-defined]
    return found


def labels_of(coords: Mapping[str, str]) -> Iterable[str]:
    """What iterating ``coords.values()`` gives, without the dict a ``Coords`` makes for it."""
    if isinstance(coords, Coords | RowCoords | WideCoords):  # not a subclass: none is made
        return coords._labels
    return coords.values()


def distinct_labels(coords: Sequence[Mapping[str, str]]) -> set[str]:
    """Every label any of ``coords`` holds (a set updated with ``labels_of`` of each), a
    dimension at a time for a store's rows: a tuple per row made for it was ~4% of a 1 MiB
    long table's check (``derived_counts._any_printed_base``, issue 14 §3)."""
    store = one_store(coords)
    if store is not None:
        rows = [co._row for co in coords]  # type: ignore[attr-defined]
        found: set[str] = set()
        for labels in store.distinct_by(range(len(store.at)), rows):
            found |= labels
        return found
    found = set()
    if coords and list(map(type, coords)).count(WideCoords) == len(coords):
        # a wide table's: its rows' and its columns' shared tuples, each once (no joined one)
        for labels in {*map(attrgetter("_row"), coords), *map(attrgetter("_column"), coords)}:
            found.update(labels)
        return found
    last = None
    for co in coords:  # the cells of a row share one coordinates object: each run once
        if co is not last:
            last = co
            found.update(labels_of(co))
    return found


def pairs_of(coords: Mapping[str, str]) -> Iterable[tuple[str, str]]:
    """What iterating ``coords.items()`` gives, without the dict a ``Coords`` makes for it
    (``values()``/``items()`` once per cell of a 100k-row table: ~5% of its check)."""
    if isinstance(coords, Coords | RowCoords | WideCoords):
        return zip(coords._at, coords._labels, strict=False)
    return coords.items()


def cell_labels(cells: Iterable[Any], dim: str, default: Any = None) -> list[Any]:
    """``labels_along`` of the cells' coordinates, in the cells' order."""
    return labels_along([c.coords for c in cells], dim, default)


def cell_labels_each(cells: Iterable[Any], dims: Sequence[str], default: Any = None
                     ) -> Iterator[list[Any]]:
    """``cell_labels(cells, dim, default)`` for each of ``dims`` in turn, the cells' store
    or layout found once for all of them (``labels_along`` asked per dimension read every
    cell's coordinates, store and row again: a rule reading six dimensions of a long
    table's 25,000 rows did it six times), one dimension's list made at a time."""
    coords = [c.coords for c in cells]
    store = one_store(coords)
    if store is not None:
        rows = [co._row for co in coords]
        del coords
        for dim in dims:
            at = store.at.get(dim)
            yield [default] * len(rows) if at is None else store.column(at, rows)
        return
    layout = one_layout(coords)
    if layout is None or type(coords[0]) not in HELD_AS_LABELS:
        for dim in dims:
            yield [co.get(dim, default) for co in coords]
        return
    for dim in dims:
        at = layout.get(dim)
        yield [default] * len(coords) if at is None else labels_at(coords, at)


def cell_labels_by_dim(cells: Iterable[Any], dims: Iterable[str], default: Any = None
                       ) -> dict[str, list[Any]]:
    """``labels_by_dim`` of the cells' coordinates, in the cells' order."""
    return labels_by_dim([c.coords for c in cells], dims, default)


class SharedLabels:
    """One label tuple for equal labels across the tables of a release (issue 14 §3).

    Why: each reader makes its rows' label tuples, so linked tables of one population (the
    same label combinations in every table) held one 88-byte tuple per cell each, ~2 MiB a
    1 MiB long table. :meth:`share` points each ``Coords`` at the equal tuple met first:
    tuples of strings are immutable and compared by value, so nothing reads otherwise.
    Tuples are remembered up to ``limit`` (a release of tables with labels of their own stops
    remembering there: the look-ups go on, the memory does not grow)."""

    def __init__(self, limit: int = 1 << 18) -> None:
        self.known: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.limit = limit

    def share(self, cells: Iterable[Any]) -> None:
        """Each of ``cells``' ``Coords`` labels as the equal tuple already met, if any."""
        known, room = self.known, self.limit - len(self.known)
        for cell in cells:
            coords = cell.coords
            if type(coords) is not Coords:
                continue
            labels = coords._labels
            found = known.get(labels)
            if found is not None:
                coords._labels = found
            elif room > 0:
                known[labels] = labels
                room -= 1
