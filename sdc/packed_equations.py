"""A table system's equations packed in two flat arrays (``sdc.linking.TableSystem``).

Why: a 1 MiB long table has ~34,000 equations, held from the build of its system until the
audit is done (the release-level rules of every table at once). One ``array`` per equation
cost ~100 bytes each besides its numbers (3.4 MiB a table, a third of a system's memory);
packed, an equation costs its numbers and one end offset.

A long table's lines step evenly through its cells (every member the one before plus the
line's step) and their totals are the variables after the cells, in order: held as each
line's first member, step and size (:class:`Lines`, 5 bytes a line where the flat arrays
took ~15; round 46, issue 14 §3), the same numbers read back.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload


class PackedEquations(Sequence[Sequence[int]]):
    """Equations as a sequence of their variables (the members, then the total), stored as
    one ``array('i')`` of every equation's variables and one of where each ends (``'i'``
    too: 4 bytes an equation, not 8, while the variables number fewer than 2**31, which
    every table does; ``'q'`` past that, round 30). A long table's line equations, packed at
    once (``sdc.line_systems``), hold their variables as ``'H'`` (2 bytes) when every one is
    below 65,536 (a 1 MiB long table has ~60,000): the same numbers, read alike."""

    __slots__ = ("_ends", "_lines", "_vars")

    def __init__(self, equations: Iterable[Sequence[int]] = ()) -> None:
        self._vars = array("i")
        self._ends = array("i")
        self._lines: Lines | None = None
        for equation in equations:
            self.append(equation)

    @classmethod
    def of_lines(cls, lines: Lines) -> PackedEquations:
        """The equations ``lines`` hold, read as the flat arrays would be."""
        packed = cls()
        packed._lines = lines
        return packed

    def append(self, equation: Sequence[int]) -> None:
        """Add one equation (its members, then its total)."""
        if self._lines is not None:  # held as lines: flat from here on
            self._vars, self._ends = self._lines.flat()
            self._lines = None
        if self._vars.typecode != "i":  # packed narrow (``line_systems._packed``): widened
            self._vars = array("i", self._vars)
        self._vars.extend(equation)
        end = len(self._vars)
        try:
            self._ends.append(end)
        except OverflowError:  # past int32: the ends widened, the same numbers
            self._ends = array("q", self._ends)
            self._ends.append(end)

    def __len__(self) -> int:
        return len(self._ends) if self._lines is None else len(self._lines)

    @overload
    def __getitem__(self, index: int) -> array[int]: ...

    @overload
    def __getitem__(self, index: slice) -> list[array[int]]: ...

    def __getitem__(self, index: int | slice) -> array[int] | list[array[int]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("equation index out of range")
        if self._lines is not None:
            return self._lines.equation(index)
        start = self._ends[index - 1] if index else 0
        return self._vars[start:self._ends[index]]

    def __iter__(self) -> Iterator[array[int]]:
        # held as lines: made flat for this pass only
        variables, ends = (self._vars, self._ends) if self._lines is None else \
            self._lines.flat()
        start = 0
        for end in ends:
            yield variables[start:end]
            start = end

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedEquations):
            if self._lines is None and other._lines is None:
                return self._vars == other._vars and self._ends == other._ends
            mine, theirs = self.arrays(), other.arrays()
            return all(a.tolist() == b.tolist() for a, b in zip(mine, theirs, strict=True))
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(self) == len(other) and all(
                list(mine) == list(theirs) for mine, theirs in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"PackedEquations({[list(e) for e in self]!r})"

    def arrays(self) -> tuple[Any, Any]:
        """Each equation's length and every variable, as numpy arrays (for the matrix)."""
        import numpy as np

        if self._lines is not None:
            return self._lines.arrays()

        ends = (np.frombuffer(self._ends, dtype=self._ends.typecode).astype(np.int64)
                if len(self._ends) else np.zeros(0, dtype=np.int64))
        lengths = np.diff(ends, prepend=0)
        cols = (np.frombuffer(self._vars, dtype=self._vars.typecode).astype(np.int64)
                if len(self._vars) else np.zeros(0, dtype=np.int64))
        return lengths, cols


class Lines:
    """Equations each of whose members step evenly from its first (``first``, ``first +
    step``, ... ``size`` of them), then its total: the variables from ``total`` on, one a
    line in order (a long table's lines, ``sdc.line_systems``). Held in the smallest types
    that hold them; read as the flat arrays ``line_systems`` packed before (variables
    ``'H'`` when every one is below 65,536, else ``'i'``; ends ``'i'``)."""

    __slots__ = ("first", "size", "step", "total", "typecode")

    def __init__(self, first: Any, step: Any, size: Any, total: int, typecode: str) -> None:
        self.first, self.step, self.size, self.total = first, step, size, total
        self.typecode = typecode

    @classmethod
    def of(cls, members: Any, sizes: Any, totals: Any) -> Lines | None:
        """The lines of ``members`` (numpy, line after line), ``sizes`` and ``totals``
        (each line's total variable) when every line steps evenly, has 1 to 255 members,
        and the totals follow one another; else None (held flat)."""
        import numpy as np

        n = len(sizes)
        if not n or len(totals) != n or int(sizes.min()) < 1 or int(sizes.max()) > 255 \
                or len(members) != int(sizes.sum()) or len(members) + n >= 2**31:
            return None
        total = int(totals[0])
        if not np.array_equal(totals, np.arange(total, total + n)):
            return None
        starts = np.cumsum(sizes) - sizes
        first = members[starts].astype(np.int64)
        step = np.where(sizes > 1, members[np.minimum(starts + 1, len(members) - 1)]
                        - first, 0).astype(np.int64)
        line = np.repeat(np.arange(n), sizes)
        place = np.arange(len(members)) - starts[line]
        if not np.array_equal(first[line] + step[line] * place, members):
            return None
        top = max(int(members.max()), total + n - 1)
        if int(members.min()) < 0 or top >= 2**31:
            return None
        typecode = "H" if top < 2**16 else "i"
        return cls(first.astype(np.uint16 if top < 2**16 else np.int32),
                   step.astype(_smallest_signed(np, step)), sizes.astype(np.uint8), total,
                   typecode)

    def __len__(self) -> int:
        return len(self.size)

    def equation(self, index: int) -> array[int]:
        """Equation ``index``: its members, then its total."""
        first, step = int(self.first[index]), int(self.step[index])
        members = [first + step * k for k in range(int(self.size[index]))]
        return array(self.typecode, [*members, self.total + index])

    def arrays(self) -> tuple[Any, Any]:
        """Each equation's length and every variable (int64), as ``PackedEquations.arrays``."""
        import numpy as np

        sizes = self.size.astype(np.int64)
        lengths = sizes + 1
        ends = np.cumsum(lengths)
        line = np.repeat(np.arange(len(sizes)), lengths)
        place = np.arange(int(ends[-1]) if len(ends) else 0) - (ends - lengths)[line]
        cols = self.first.astype(np.int64)[line] + self.step.astype(np.int64)[line] * place
        cols[ends - 1] = np.arange(self.total, self.total + len(sizes))
        return lengths, cols

    def flat(self) -> tuple[array[int], array[int]]:
        """The variables and ends as ``PackedEquations`` holds them flat."""
        import numpy as np

        lengths, cols = self.arrays()
        ends = np.cumsum(lengths)
        return (array(self.typecode, cols.astype(np.dtype(self.typecode)).tobytes()),
                array("i", ends.astype(np.int32).tobytes()))


def _smallest_signed(np: Any, values: Any) -> Any:
    """The smallest of int8, int16 and int32 that holds every one of ``values`` (int64 past)."""
    low, high = (int(values.min()), int(values.max())) if len(values) else (0, 0)
    for dtype in (np.int8, np.int16, np.int32):
        info = np.iinfo(dtype)
        if info.min <= low and high <= info.max:
            return dtype
    return np.int64
