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
from typing import Any, overload


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


class Coords(Mapping[str, str]):
    """Read-only coordinates: ``at`` (shared, name -> position) and the labels in that order."""

    __slots__ = ("_at", "_labels")

    _at: dict[str, int]
    _labels: tuple[str, ...]

    def __init__(self, at: dict[str, int], labels: tuple[str, ...]) -> None:
        if len(at) != len(labels):
            raise ValueError(f"{len(labels)} labels for {len(at)} dimensions")
        self._at = at
        self._labels = labels

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
        return len(self._labels)

    def __reversed__(self) -> Iterator[str]:
        return reversed(self._at)

    def as_dict(self) -> dict[str, str]:
        """A new dict equal to these coordinates (what ``dict(coords)`` gives, made in C)."""
        return dict(zip(self._at, self._labels, strict=False))  # equal lengths (__init__)

    def keys(self) -> KeysView[str]:
        return self._at.keys()

    def values(self) -> ValuesView[str]:
        return self.as_dict().values()

    def items(self) -> ItemsView[str, str]:
        return self.as_dict().items()

    def copy(self) -> dict[str, str]:
        return self.as_dict()

    def __eq__(self, other: object) -> bool:
        if type(other) is Coords:
            if other._at is self._at:
                return self._labels == other._labels
            return self.as_dict() == other.as_dict()
        if isinstance(other, dict):
            return self.as_dict() == other
        if isinstance(other, Mapping):
            return self.as_dict() == dict(other.items())
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]  # unhashable, as a dict

    def __or__(self, other: Any) -> Any:
        if not isinstance(other, Mapping):
            return NotImplemented
        return self.as_dict() | (other.as_dict() if type(other) is Coords else dict(other))

    def __ror__(self, other: Any) -> Any:
        if not isinstance(other, Mapping):
            return NotImplemented
        return dict(other) | self.as_dict()

    def __repr__(self) -> str:
        return repr(self.as_dict())

    def __reduce__(self) -> tuple[Any, ...]:
        # the shared position dict is pickled once per pickle (memoised by identity)
        return Coords, (self._at, self._labels)


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
    layout = one_layout(coords)
    if layout is None:
        return [co.get(dim, default) for co in coords]
    at = layout.get(dim)
    if at is None:
        return [default] * len(coords)
    return [co._labels[at] for co in coords]  # type: ignore[attr-defined]


def labels_by_dim(coords: Sequence[Mapping[str, str]], dims: Iterable[str],
                  default: Any = None) -> dict[str, list[Any]]:
    """``{dim: labels_along(coords, dim, default) for dim in dims}``, the layout checked once
    and every label column cut in one pass (a caller reading each dimension of a long table
    in turn checked its 25,000 cells' layout once a dimension)."""
    dims = list(dict.fromkeys(dims))
    layout = one_layout(coords)
    if layout is None or not dims:
        return {dim: [co.get(dim, default) for co in coords] for dim in dims}
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
    layout = one_layout(coords)
    if layout is None:
        return {dim: {co.get(dim, default) for co in coords} for dim in dims}
    found: dict[str, set[Any]] = {}
    for dim in dims:
        at = layout.get(dim)
        found[dim] = ({default} if coords else set()) if at is None else {
            co._labels[at] for co in coords}  # type: ignore[attr-defined]
    return found


def labels_of(coords: Mapping[str, str]) -> Iterable[str]:
    """What iterating ``coords.values()`` gives, without the dict a ``Coords`` makes for it."""
    return coords._labels if type(coords) is Coords else coords.values()


def pairs_of(coords: Mapping[str, str]) -> Iterable[tuple[str, str]]:
    """What iterating ``coords.items()`` gives, without the dict a ``Coords`` makes for it
    (``values()``/``items()`` once per cell of a 100k-row table: ~5% of its check)."""
    return zip(coords._at, coords._labels, strict=False) if type(coords) is Coords \
        else coords.items()


def cell_labels(cells: Iterable[Any], dim: str, default: Any = None) -> list[Any]:
    """``labels_along`` of the cells' coordinates, in the cells' order."""
    return labels_along([c.coords for c in cells], dim, default)


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
