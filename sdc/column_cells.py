"""A system's cells as the column views read them, a column at a time (round 43, cols43).

``sdc.column_split`` reads of every count system's cells their folded labels on some
dimensions, which dimensions they are margins of, and their printed values. Once a table's
model has gone (``sdc.table_standin``) each ``ts.cell(v)`` makes a ``DataCell`` from the
table's compact form: on bench_scale's 1,000 crosstabs that was ~100,000 cells made twice,
most of the views' cost (issue 14). Here they are read off the form's columns (each distinct
label folded once, values by ``numpy``), no cell made; a system whose cells are the model's
own is read cell by cell, as before. Both give exactly what the cells say
(``tests/test_column_split_cost.py`` checks random releases with the models kept and let go
against round 42's reading of the cells).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sdc.linking import TableSystem
    from sdc.release_form import ReleaseTable

Labels = tuple[tuple[str, str], ...]  # (folded dimension, folded label; a margin's "") pairs


@functools.lru_cache(maxsize=1 << 16)
def fold(text: object) -> str:
    """A label as compared (a release repeats few labels over many cells: cached)."""
    return " ".join(str(text).split()).casefold()


def spelt(text: object) -> str:
    """A label as the views compare it: folded, and a short label the release pairs with a
    long one (``sdc.link_abbreviations.spelt``: ``NE`` as ``north east`` while the union
    reading runs) spelt as that one. Why (round 47, abbr47): the views compared folded labels,
    so ``region,female / NE,*`` beside ``region,male,all / North East,30,50`` were columns of
    no shared row, and the hidden 20 passed, where spelt alike it is SDC501 ``fail``. The
    aliases never make two labels of one table one: a view read through them is the view of
    the release spelt alike."""
    from sdc.link_abbreviations import spelt as spelt_label  # (it imports ``fold`` from here)

    return spelt_label(text)


def labels(cell: Any, dims: Any) -> Labels:
    """A cell's labels on ``dims`` (folded, a label :func:`spelt`; a margin's, or a label it
    lacks, as ``""``)."""
    return tuple((fold(d), "" if d in cell.total_dims else spelt(cell.coords.get(d, "")))
                 for d in dims)


class CellColumns:
    """One system's cells (``ts.cells``, in variable order) read a column at a time: from its
    table's form where the system reads its cells from one, else off the cells."""

    __slots__ = ("at", "form", "ts")

    def __init__(self, ts: TableSystem) -> None:
        self.ts = ts
        self.form, self.at = _form_places(ts)

    def __len__(self) -> int:
        return len(self.ts.cells)

    def labels(self, dims: Any) -> list[Labels]:
        """Each cell's :func:`labels` on ``dims``, in order."""
        if self.form is None:
            return [labels(cell, dims) for cell in self.ts.cells]
        columns = [self.column(d) for d in dims]
        if not columns:
            return [()] * len(self)
        return list(zip(*columns, strict=True))

    def margins(self, dims: Any = None) -> Any:
        """Whether each cell is a margin of one of ``dims`` (of any dimension: None), as a
        bool array."""
        import numpy as np

        def of(margin: frozenset[str]) -> bool:
            return bool(margin) if dims is None else any(d in margin for d in dims)

        form = self.form
        if form is None:
            return np.fromiter((of(c.total_dims) for c in self.ts.cells), dtype=bool,
                               count=len(self))
        sets = np.array([of(s) for s in form.margin_sets] or [False], dtype=bool)
        return sets[self._codes(form.margins)] if len(self) else np.zeros(0, dtype=bool)

    def printed(self) -> Any:
        """Each cell's value as a float, NaN where it has none or is suppressed."""
        import numpy as np

        form = self.form
        if form is None:
            return np.array([float(c.value) if c.value is not None and not c.suppressed
                             else np.nan for c in self.ts.cells], dtype=float)
        if not len(self):
            return np.zeros(0)
        from sdc.release_form import _HAS_VALUE, _NONE

        value = np.frombuffer(form.value, dtype=np.float64)[self.at]
        has = (np.frombuffer(form.flags, dtype=np.uint8)[self.at] & _HAS_VALUE) != 0
        shown = has & (self._codes(form.marker) == _NONE)
        return np.where(shown, value, np.nan)

    def _codes(self, column: Any) -> Any:
        """A form's per-cell column at this system's places, as a numpy array."""
        import numpy as np

        return np.frombuffer(column, dtype=column.typecode)[self.at]

    def column(self, dim: str) -> list[tuple[str, str]]:
        """Each cell's (folded ``dim``, :func:`spelt` label) pair (a margin's label, or one
        the cell lacks, ``""``), each distinct code made into its pair once."""
        name = fold(dim)
        codes, texts = self.codes(dim)
        pairs = [(name, ""), *((name, spelt(t)) for t in texts)]
        return list(map(pairs.__getitem__, (codes + 1).tolist()))

    def codes(self, dim: str) -> tuple[Any, list[str]]:
        """Each cell's label on ``dim`` as a code (an int64 array), ``-1`` where the cell is a
        margin of ``dim`` or has no label on it, and each code's label (its text as
        printed). Off the form's column of ``dim`` where there is one."""
        import numpy as np

        form = self.form
        if form is None:
            texts: dict[str, int] = {}
            found = [-1 if dim in c.total_dims or dim not in c.coords
                     else texts.setdefault(c.coords[dim], len(texts)) for c in self.ts.cells]
            return np.array(found, dtype=np.int64), list(texts)
        try:
            k = form.names.index(dim)
        except ValueError:
            return np.full(len(self), -1, dtype=np.int64), []
        codes = self._codes(form.label[k]).astype(np.int64)
        margin_of = np.array([dim in s for s in form.margin_sets] or [False], dtype=bool)
        codes[margin_of[self._codes(form.margins)]] = -1
        return codes, list(form.labels[k])


def _form_places(ts: TableSystem) -> tuple[ReleaseTable | None, Any]:
    """The form ``ts`` reads its cells from and its places in it (a numpy array), or
    (None, None): the system holds the model's cells, or a form whose labels a cell's
    ``coords`` might not read alike (a name twice in one layout)."""
    import numpy as np

    from sdc.linking import Places
    from sdc.table_standin import FormCells

    cells = ts.cells
    if not isinstance(cells, Places) or not isinstance(cells.own, FormCells):
        return None, None
    form = cells.own.form
    if any(len(set(ids)) != len(ids) for ids, _ in form.layouts):
        return None, None
    at = cells.at
    if not len(at):
        return None, None
    places = (np.arange(at.start, at.stop, at.step, dtype=np.int64) if isinstance(at, range)
              else np.frombuffer(at, dtype=at.typecode).astype(np.int64))
    return form, places
