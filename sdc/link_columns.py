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

import itertools
import math
from collections.abc import Iterator, Sequence
from typing import Any, cast, overload


class LinkNumbers:
    """Each population's link keys numbered in the order they are first met, over the count
    systems of one build in their order: shared by those systems' :class:`LinkColumns`.

    Held as arrays, not a dict of key tuples (round 30, mem30): a dict entry and a tuple a
    distinct key (~90 bytes; 35,000 keys a 1 MiB long table) became a 64-bit hash, a number
    and the key's codes (:class:`_Keys`, ~25 bytes a key). A hash only finds a candidate:
    every key it finds is compared with the codes stored for that number, so two keys are
    never merged; where a hash is shared by two keys the batch is numbered exactly, key by
    key, as the dict did (``_Keys.number_exactly``)."""

    def __init__(self) -> None:
        self.by_population: dict[str, _Keys] = {}
        self._sizes: dict[str, int] | None = None  # once sealed: how many each population has

    def seal(self) -> None:
        """Every system of the build numbered: the keys are let go, keeping only how many
        each population numbered, in the order they were met: all that the linking reads
        of them."""
        if self._sizes is None:
            self._sizes = self.sizes()
            self.by_population = {}

    def sizes(self) -> dict[str, int]:
        """How many keys each population numbered, populations in the order first met."""
        if self._sizes is not None:
            return dict(self._sizes)
        return {population: keys.count for population, keys in self.by_population.items()}

    def lookup(self, population: str, keys: Sequence[tuple[int, ...]]) -> list[int]:
        """The number of each of ``keys`` in ``population`` (-1: never numbered there)."""
        if self._sizes is not None:
            raise ValueError("these link numbers are sealed: no key can be looked up now")
        numbered = self.by_population.get(population)
        if numbered is None or not keys:
            return [-1] * len(keys)
        return numbered.find(keys).tolist()

    def columns(self, population: str, keys: Sequence[tuple[int, ...]],
                values: Sequence[float | None]) -> LinkColumns:
        """One count system's keys (numbered after every earlier system's of its
        population) and values as columns."""
        import numpy as np

        if self._sizes is not None:  # its keys are gone: numbering again would restart
            raise ValueError("these link numbers are sealed: no system can be numbered now")
        numbered = self.by_population.setdefault(population, _Keys()).number(keys)
        if numbered.size and int(numbered.max()) >= 2**31:  # else half the room: widened
            numbered = numbered.astype(np.int64)             # again where they are joined
        else:
            numbered = numbered.astype(np.int32)
        if all(v is None or type(v) is float for v in values):
            known = np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
            floats = np.fromiter((math.nan if v is None else v for v in values),
                                 dtype=np.float64, count=len(values))
            return LinkColumns(self, population, numbered, floats, known, None)
        # another type (an int, a Decimal): kept as it is, compared as it is
        return LinkColumns(self, population, numbered, None, None, list(values))


# the 64-bit multipliers of xxHash (what CPython's tuple hash mixes with): any good mixing
# would do, a hash here only finds a candidate that is then compared code by code
_PRIME_1 = 11400714785074694791
_PRIME_2 = 14029467366897019727
_PRIME_5 = 2870177450012600261


def _hashes(rows: Any, lengths: Any) -> Any:
    """Each key's 64-bit hash (as int64) from its codes (``rows``, whatever pads them past
    its length) and its length, in a few numpy passes over the columns: a candidate only,
    never trusted. Made from the rows, not from a tuple per key, so that keys that come as
    rows (``KeyRows``: a ``-j`` worker's, recoded) are hashed without making one; every
    key of a :class:`_Keys` is hashed so, whichever way it came."""
    import numpy as np

    lengths = np.asarray(lengths)
    acc = np.full(len(lengths), _PRIME_5, dtype=np.uint64)
    p1, p2 = np.uint64(_PRIME_1), np.uint64(_PRIME_2)
    for j in range(rows.shape[1] if rows.ndim == 2 else 0):
        lane = rows[:, j].astype(np.int64).view(np.uint64)  # (arrays wrap, never raise)
        mixed = acc + lane * p2
        mixed = ((mixed << np.uint64(31)) | (mixed >> np.uint64(33))) * p1
        acc = np.where(lengths > j, mixed, acc)
    return (acc + lengths.astype(np.uint64)).view(np.int64)


def _narrowed(rows: Any, lengths: Any) -> tuple[Any, Any]:
    """Rows of codes as int32 when every code fits, lengths as int8 when every key has up
    to 127 codes: how :class:`_Keys` holds them."""
    import numpy as np

    if not rows.size or (int(rows.min()) >= -2**31 and int(rows.max()) < 2**31):
        rows = rows.astype(np.int32)
    narrow = not len(lengths) or int(lengths.max()) < 2**7  # a key of up to 127 labels
    return rows, lengths.astype(np.int8 if narrow else np.int32)


class KeyRows(Sequence[tuple[int, ...]]):
    """Link keys as a matrix of codes, one row a key padded with 0 past its length, and
    each key's length: how a ``-j`` worker's keys come out of ``linking._recoded``, so that
    :class:`_Keys` numbers them without a tuple made and hashed per key (60,000 a 1 MiB
    long table, on the parent's critical path at ``-j N``). Read as a sequence it gives
    each key's tuple, equal to the one ``LabelCodes`` makes of the worker's labels."""

    __slots__ = ("lengths", "rows")

    def __init__(self, rows: Any, lengths: Any) -> None:
        self.rows, self.lengths = _narrowed(rows, lengths)

    def __len__(self) -> int:
        return len(self.lengths)

    @overload
    def __getitem__(self, i: int) -> tuple[int, ...]: ...

    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, ...]]: ...

    def __getitem__(self, i: int | slice) -> tuple[int, ...] | list[tuple[int, ...]]:
        if isinstance(i, slice):
            return [self[k] for k in range(len(self))[i]]
        return tuple(self.rows[i, :int(self.lengths[i])].tolist())

    def __iter__(self) -> Iterator[tuple[int, ...]]:
        return (tuple(r[:n]) for r, n in
                zip(self.rows.tolist(), self.lengths.tolist(), strict=True))


def _matrix(keys: Sequence[tuple[int, ...]]) -> tuple[Any, Any] | None:
    """The keys' codes, one row a key padded with 0 to the longest, and each key's length;
    None unless every key is a tuple of ints (a ``LabelCodes`` key: any other is numbered
    by a dict, as it is). ``KeyRows`` are their own rows."""
    import numpy as np

    if isinstance(keys, KeyRows):
        return keys.rows, keys.lengths
    if set(map(type, keys)) - {tuple} or \
            set(map(type, itertools.chain.from_iterable(keys))) - {int}:
        return None
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    total = int(lengths.sum())
    try:
        flat = np.fromiter(itertools.chain.from_iterable(keys), dtype=np.int64, count=total)
    except OverflowError:  # a code past int64: a dict numbers these keys
        return None
    width = int(lengths.max()) if len(keys) else 0
    rows = np.zeros((len(keys), width), dtype=np.int64)
    if total:
        starts = np.cumsum(lengths) - lengths
        rows[np.repeat(np.arange(len(keys)), lengths),
             np.arange(total) - np.repeat(starts, lengths)] = flat
    return _narrowed(rows, lengths)


def _widened(rows: Any, width: int) -> Any:
    """``rows`` padded with 0 columns to ``width`` (as they are when as wide)."""
    import numpy as np

    if rows.shape[1] >= width:
        return rows
    return np.pad(rows, ((0, 0), (0, width - rows.shape[1])))


class _Keys:
    """One population's numbered keys: their hashes sorted (``hashes``) with each one's number
    (``at``), and by number each key's codes (``rows``, padded with 0) and length
    (``lengths``): a key is its row's first ``length`` codes. Keys that are not tuples of
    ints (none a build makes) are numbered by a dict instead (``objects``), from then on."""

    __slots__ = ("at", "hashes", "lengths", "objects", "rows")

    def __init__(self) -> None:
        import numpy as np

        self.hashes = np.zeros(0, dtype=np.int64)
        self.at = np.zeros(0, dtype=np.int32)  # (a build numbers far fewer than 2**31)
        self.rows = np.zeros((0, 0), dtype=np.int32)
        self.lengths = np.zeros(0, dtype=np.int8)
        self.objects: dict[Any, int] | None = None

    @property
    def count(self) -> int:
        return len(self.lengths) if self.objects is None else len(self.objects)

    def _candidates(self, hashes: Any, rows: Any, lengths: Any) -> tuple[Any, Any, bool]:
        """For each key: whether a stored key has its hash (``hit``), that key's number, and
        whether every hit is the same key (codes and length compared: False, a hash shared
        by two keys)."""
        import numpy as np

        n = len(hashes)
        if not self.count:
            return np.zeros(n, dtype=bool), np.zeros(0, dtype=np.int64), True
        pos = np.minimum(np.searchsorted(self.hashes, hashes), len(self.hashes) - 1)
        hit = self.hashes[pos] == hashes
        found = self.at[pos[hit]]
        width = max(rows.shape[1], self.rows.shape[1])
        same = ((_widened(self.rows[found], width) == _widened(rows[hit], width)).all(axis=1)
                & (self.lengths[found] == lengths[hit]))
        return hit, found, bool(same.all())

    def find(self, keys: Sequence[tuple[int, ...]]) -> Any:
        """Each key's number, -1 where it was never numbered."""
        import numpy as np

        matrix = None if self.objects is not None else _matrix(keys)
        if matrix is None:
            known = self._exact()
            return np.array([known.get(key, -1) for key in keys], dtype=np.int64)
        rows, lengths = matrix
        hashes = _hashes(rows, lengths)
        hit, found, same = self._candidates(hashes, rows, lengths)
        if not same:  # a hash shared by two keys: looked up exactly
            known = self._exact()
            return np.array([known.get(key, -1) for key in keys], dtype=np.int64)
        out = np.full(len(keys), -1, dtype=np.int64)
        out[hit] = found
        return out

    def number(self, keys: Sequence[tuple[int, ...]]) -> Any:
        """Each key's number: a stored key's own, a new key the next free one, new keys
        numbered in the order first met (as ``setdefault(key, len(ids))`` a key at a time)."""
        import numpy as np

        matrix = None if self.objects is not None else _matrix(keys)
        if matrix is None:  # keys a dict numbers, from now on
            self.objects = known = self._exact()
            return np.fromiter((known.setdefault(key, len(known)) for key in keys),
                               dtype=np.int64, count=len(keys))
        rows, lengths = matrix
        hashes = _hashes(rows, lengths)
        hit, found, same = self._candidates(hashes, rows, lengths)
        if not same:
            return self.number_exactly(keys)
        out = np.empty(len(keys), dtype=np.int64)
        out[hit] = found
        new = ~hit
        if not new.any():
            return out
        new_rows, new_lengths = rows[new], lengths[new]
        distinct, first, inverse = np.unique(hashes[new], return_index=True,
                                             return_inverse=True)
        inverse = inverse.reshape(-1)
        # every new key is its hash's first key: else two new keys share a hash
        if not ((new_rows == new_rows[first][inverse]).all()
                and (new_lengths == new_lengths[first][inverse]).all()):
            return self.number_exactly(keys)
        order = np.argsort(first, kind="stable")  # the distinct new keys, first met first
        rank = np.empty(len(distinct), dtype=np.int64)
        rank[order] = np.arange(len(distinct))
        base = self.count
        out[new] = base + rank[inverse]
        met = first[order]
        width = max(rows.shape[1], self.rows.shape[1])
        self.rows = np.concatenate([_widened(self.rows, width), _widened(new_rows[met], width)])
        self.lengths = np.concatenate([self.lengths, new_lengths[met]])
        where = np.searchsorted(self.hashes, distinct)
        self.hashes = np.insert(self.hashes, where, distinct)
        self.at = np.insert(self.at, where, base + rank)
        return out

    def _exact(self) -> dict[Any, int]:
        """Every stored key by its number, as a dict (the exact path only)."""
        if self.objects is not None:
            return self.objects
        return {tuple(row[:length]): k for k, (row, length) in
                enumerate(zip(self.rows.tolist(), self.lengths.tolist(), strict=True))}

    def number_exactly(self, keys: Sequence[tuple[int, ...]]) -> Any:
        """``number`` a key at a time through a dict of every key (a hash shared by two
        keys: never met in practice, but then no two keys are merged), stored again."""
        import numpy as np

        known = self._exact()
        out = np.fromiter((known.setdefault(key, len(known)) for key in keys),
                          dtype=np.int64, count=len(keys))
        every = list(known)  # in number order: a dict keeps its insertion order
        rows, lengths = cast("tuple[Any, Any]", _matrix(every))  # tuples of ints, as given
        hashes = _hashes(rows, lengths)
        order = np.argsort(hashes, kind="stable")
        self.hashes, self.at = hashes[order], order.astype(np.int32)
        self.rows, self.lengths = rows, lengths
        return out


class LinkColumns:
    """One count system's link keys as numbers of its population (``numbers``) and its
    values: as ``floats`` (NaN where unknown) with ``known`` (the value is published, NaN
    included) when every value is a float or unknown, else as the ``objects`` themselves.

    Held compact from its build to the audit's linking (issue 14 §3, round 46: ~0.42 of a
    1 MiB long table's 0.74 MiB): ``ids`` as runs of consecutive numbers where that is
    smaller (a table's keys are mostly numbered in a row: ~60,000 numbers, a few runs), and
    ``floats`` as the known values only (the rest are NaN). Each read gives the same arrays
    back (dtype and bits), made again from those (:class:`_Runs`, :func:`_spread`); the last
    ones made are kept until another column's are, as a reader may index them per entry."""

    __slots__ = ("_floats", "_ids", "_packed", "known", "numbers", "objects", "population")

    def __init__(self, numbers: LinkNumbers, population: str, ids: Any, floats: Any,
                 known: Any, objects: list[float | None] | None) -> None:
        self.numbers = numbers
        self.population = population
        self.known = known
        self.objects = objects
        self.ids = ids
        self.floats = floats

    @property
    def ids(self) -> Any:
        """Each variable's key number (an int array: int32, or int64 past 2**31)."""
        held = self._ids
        return held.array() if isinstance(held, _Runs) else held

    @ids.setter
    def ids(self, ids: Any) -> None:
        self._ids = _Runs.of(ids)

    @property
    def floats(self) -> Any:
        """Each variable's value as float64, NaN where unknown (None: ``objects``)."""
        held = self._floats
        if not self._packed:
            return held
        cached = _LAST[0]
        if cached is not None and cached[0] is self:
            return cached[1]
        if self.known is None:  # its mask let go first: these values alone place nothing
            raise ValueError("these link values were packed by a mask that has gone")
        every = _spread(held, self.known)
        _LAST[0] = (self, every)
        return every

    @floats.setter
    def floats(self, floats: Any) -> None:
        if _LAST[0] is not None and _LAST[0][0] is self:
            _LAST[0] = None
        known = self.known
        self._packed = (floats is not None and known is not None
                        and getattr(floats, "dtype", None) == "float64"
                        and str(getattr(known, "dtype", "")) == "bool"
                        and floats.shape == known.shape and not bool(known.all())
                        and _nan_where_unknown(floats, known))
        self._floats = floats[known] if self._packed else floats

    def values(self) -> list[float | None]:
        """The values as they were given (a float's bits kept by float64: the same float)."""
        if self.objects is not None:
            return self.objects
        return [float(v) if k else None
                for v, k in zip(self.floats.tolist(), self.known.tolist(), strict=True)]


# the last column's values made whole (``LinkColumns.floats``): the linking reads a value
# per entry found in it (``linking.published_constants``); one column's at a time
_LAST: list[tuple[LinkColumns, Any] | None] = [None]


def _nan_where_unknown(floats: Any, known: Any) -> bool:
    """Whether every value not ``known`` is NaN with the bits ``_spread`` gives it back."""
    import numpy as np

    nan = np.array([np.nan], dtype=np.float64).view(np.int64)[0]
    return bool((floats.view(np.int64)[~known] == nan).all())


def _spread(known_values: Any, known: Any) -> Any:
    """Every variable's float64 value: ``known_values`` where ``known``, NaN elsewhere."""
    import numpy as np

    every = np.full(len(known), np.nan, dtype=np.float64)
    every[known] = known_values
    return every


class _Runs:
    """An int array held as its runs of consecutive numbers (each run's first number less
    its place, and its length) when that is smaller: :meth:`array` gives it back, the same
    numbers in the same dtype."""

    __slots__ = ("dtype", "lengths", "offsets")

    def __init__(self, offsets: Any, lengths: Any, dtype: Any) -> None:
        self.offsets, self.lengths, self.dtype = offsets, lengths, dtype

    @classmethod
    def of(cls, ids: Any) -> Any:
        """``ids`` as runs when they are an int array of few runs (at most one a 16
        numbers), else as they are."""
        import numpy as np

        if not isinstance(ids, np.ndarray) or ids.ndim != 1 or ids.dtype.kind != "i" \
                or len(ids) < 64:
            return ids
        steps = np.flatnonzero(ids[1:] - ids[:-1] != 1) + 1
        if 16 * (len(steps) + 1) > len(ids):
            return ids
        starts = np.concatenate([[0], steps])
        lengths = np.diff(np.concatenate([starts, [len(ids)]]))
        offsets = ids[starts].astype(np.int64) - starts
        return cls(offsets, lengths, ids.dtype)

    def array(self) -> Any:
        import numpy as np

        n = int(self.lengths.sum())
        return (np.repeat(self.offsets, self.lengths) + np.arange(n)).astype(self.dtype)
