"""A table system's equations packed in two flat arrays (``sdc.linking.TableSystem``).

Why: a 1 MiB long table has ~34,000 equations, held from the build of its system until the
audit is done (the release-level rules of every table at once). One ``array`` per equation
cost ~100 bytes each besides its numbers (3.4 MiB a table, a third of a system's memory);
packed, an equation costs its numbers and one end offset.
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

    __slots__ = ("_ends", "_vars")

    def __init__(self, equations: Iterable[Sequence[int]] = ()) -> None:
        self._vars = array("i")
        self._ends = array("i")
        for equation in equations:
            self.append(equation)

    def append(self, equation: Sequence[int]) -> None:
        """Add one equation (its members, then its total)."""
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
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> array[int]: ...

    @overload
    def __getitem__(self, index: slice) -> list[array[int]]: ...

    def __getitem__(self, index: int | slice) -> array[int] | list[array[int]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        n = len(self._ends)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("equation index out of range")
        start = self._ends[index - 1] if index else 0
        return self._vars[start:self._ends[index]]

    def __iter__(self) -> Iterator[array[int]]:
        start = 0
        for end in self._ends:
            yield self._vars[start:end]
            start = end

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedEquations):
            return self._vars == other._vars and self._ends == other._ends
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

        ends = (np.frombuffer(self._ends, dtype=self._ends.typecode).astype(np.int64)
                if len(self._ends) else np.zeros(0, dtype=np.int64))
        lengths = np.diff(ends, prepend=0)
        cols = (np.frombuffer(self._vars, dtype=self._vars.typecode).astype(np.int64)
                if len(self._vars) else np.zeros(0, dtype=np.int64))
        return lengths, cols
