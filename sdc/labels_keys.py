"""Every cell's ``labels_key`` made for a whole table at once, and shared across the release.

Why: SDC503 indexes each table's counts by ``DataCell.labels_key`` (the sorted tuple of the
cell's non-margin, non-blank labels, stripped). Made cell by cell that was a set, a sort and a
tuple per cell (~25,000 a 1 MiB long table: ~10% of the release stage on linked long tables),
and each table kept its own tuples (~2.2 MiB a table) although linked tables hold the same
label combinations. Here the labels are numbered once per distinct text, each cell's key is a
sorted row of numbers (numpy), and one tuple is kept per distinct key in the release: the
same keys, equal to the per-cell ones (``tests/test_labels_keys.py``), shared by every table
that holds them. Imported where used: numpy is loaded only for a release that needs it.
"""

from __future__ import annotations

from itertools import repeat
from typing import TYPE_CHECKING

from sdc.coords import label_columns, one_layout

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

    from sdc.release_form import ReleaseTable
    from sdc.table import DataCell, LabelsKey

_PAD = 2 ** 62  # after every label number: a key's row ends in these
FEW_PLACES = 256  # up to this many cells, ``of_form`` reads them one by one (no numpy)


class LabelsKeys:
    """One release's label numbers and keys (one per run: nothing is kept between runs)."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}  # each stripped, non-blank label -> its number
        self._labels: list[str] = []  # number -> label
        # each distinct key's number in the release, and number -> the one tuple kept: a
        # table's count index holds its keys as these numbers (``sdc.count_index``)
        self._key_number: dict[LabelsKey, int] = {}
        self.by_number: list[LabelsKey] = []  # (``key``: one key)
        self._places: list[int] = []  # 0, 1, 2, ...: one int object each for the release

    def places(self, n: int) -> list[int]:
        """The ints ``0 .. n-1`` (at least), one object each for the release: the indexes of
        many tables that hold places in them (``sdc.count_index``) share them, where each
        made its own (28 bytes a count a table: 0.7 MiB a 1 MiB long table)."""
        if len(self._places) < n:
            self._places.extend(range(len(self._places), n))
        return self._places

    def intern(self, key: LabelsKey) -> LabelsKey:
        """The one tuple kept equal to ``key`` (a key made elsewhere, or sent by a worker)."""
        return self.by_number[self.number(key)]

    def number(self, key: LabelsKey) -> int:
        """``key``'s number in the release (given when first asked: 0, 1, 2, ...)."""
        found = self._key_number.setdefault(key, len(self.by_number))
        if found == len(self.by_number):
            self.by_number.append(key)
        return found

    def known(self, key: object) -> int | None:
        """``key``'s number, None where it has none (nothing given; not a key at all)."""
        try:
            return self._key_number.get(key)  # type: ignore[call-overload]
        except TypeError:  # unhashable: no key
            return None

    def key(self, number: int) -> LabelsKey:
        """The key of ``number``."""
        return self.by_number[number]

    def numbers(self, keys: Sequence[LabelsKey]) -> list[int]:
        """Each key's number (given where it has none, in order), in order."""
        found = self.known_numbers(keys)  # looked up in C: most keys are numbered already
        if -1 in found:
            number = self.number
            for i, n in enumerate(found):
                if n < 0:
                    found[i] = number(keys[i])
        return found

    def known_numbers(self, keys: Sequence[LabelsKey]) -> list[int]:
        """Each key's number, -1 where it has none (nothing given)."""
        return list(map(self._key_number.get, keys, repeat(-1)))

    def of(self, cells: list[DataCell]) -> list[LabelsKey]:
        """``[c.labels_key for c in cells]`` (each interned), and each cell's cache set to it.

        For cells whose coordinates are ``Coords`` of one layout (a table read from a file)
        the keys are made per distinct label and then for every cell at once; otherwise
        (dict coordinates: API tables, charts) cell by cell as ``labels_key`` makes them. A
        cell whose key was already made keeps that key's value (interned)."""
        made = [c._labels_key for c in cells]
        layout = one_layout([c.coords for c in cells]) if None in made else None
        if layout is None or not layout:
            keys = [self.intern(c.labels_key) for c in cells]
        else:
            keys = self._of_layout(cells, layout, made)
        for cell, key in zip(cells, keys, strict=True):
            cell._labels_key = key
        return keys

    def of_form(self, form: ReleaseTable, places: Sequence[int]) -> list[LabelsKey]:
        """The keys of ``form``'s cells at ``places`` (each interned), read from its columns:
        equal to those cells' ``labels_key`` (``of``), no cell made. Each name's labels are
        numbered once per distinct label, then the cells of each layout at once."""
        by_number = self.by_number
        return [by_number[n] for n in self.numbers_of_form(form, places)]

    def numbers_of_form(self, form: ReleaseTable, places: Sequence[int]) -> list[int]:
        """The numbers (``number``) of the keys of ``form``'s cells at ``places``, as
        ``of_form`` makes them: SDC503's index keeps a long table's keys as these (no key
        looked up again to number it: round 48, child48)."""
        if not places:
            return []
        if len(places) <= FEW_PLACES:
            return self._of_form_few(form, places)
        import numpy as np

        at = np.asarray(places, dtype=np.int64)
        layout_of = np.frombuffer(form.layout_of, dtype=f"u{form.layout_of.itemsize}")[at]
        margins_of = np.frombuffer(form.margins, dtype=f"u{form.margins.itemsize}")[at]
        numbered: dict[int, np.ndarray] = {}  # a name's label id -> the label's number
        keys: list[int] = [-1] * len(places)
        for layout in np.unique(layout_of).tolist():
            rows = np.flatnonzero(layout_of == layout)
            names = form.layouts[layout][0]
            if not names:
                empty = self.number(())
                for r in rows.tolist():
                    keys[r] = empty
                continue
            ids = np.empty((len(rows), len(names)), dtype=np.int64)
            for k, n in enumerate(names):
                found = numbered.get(n)
                if found is None:
                    found = numbered[n] = np.array(
                        [self._number(text) for text in form.labels[n]], dtype=np.int64)
                label = np.frombuffer(form.label[n], dtype=f"i{form.label[n].itemsize}")
                ids[:, k] = found[label[at[rows]]]
            where = {form.names[n]: k for k, n in enumerate(names)}
            margins = margins_of[rows]
            for m in np.unique(margins).tolist():  # a margin's own dimensions: not in its key
                columns = [where[d] for d in form.margin_sets[m] if d in where]
                if columns:
                    ids[np.ix_(margins == m, columns)] = _PAD
            for r, key in zip(rows.tolist(), self._keyed(ids, [None] * len(rows)),
                              strict=True):
                keys[r] = key
        return keys

    def _of_form_few(self, form: ReleaseTable, places: Sequence[int]) -> list[int]:
        """``numbers_of_form`` for a few cells, a cell at a time: the same keys without numpy,
        which a small check (one CSV with bands) otherwise imports for this alone (~0.09 s
        CPU)."""
        numbered: dict[int, list[int]] = {}  # as ``of_form``: a name's labels numbered once
        labels, number = self._labels, self.number
        keys: list[int] = []
        for i in places:
            names = form.layouts[form.layout_of[i]][0]
            margin = form.margin_sets[form.margins[i]]  # a margin's own dimensions: not in it
            row: set[int] = set()
            for n in names:
                if form.names[n] in margin:
                    continue
                found = numbered.get(n)
                if found is None:
                    found = numbered[n] = [self._number(text) for text in form.labels[n]]
                row.add(found[form.label[n][i]])
            row.discard(_PAD)  # a label held twice is once in the key; a blank one no part
            # sorted as strings, as ``labels_key`` sorts them
            keys.append(number(tuple(sorted([labels[j] for j in row]))))
        return keys

    def _number(self, text: str) -> int:
        """The number of a label as written (``_PAD`` for a blank one: no part of a key)."""
        label = text.strip()
        if not label:
            return _PAD
        found = self._numbers.get(label)
        if found is None:
            found = self._numbers[label] = len(self._labels)
            self._labels.append(label)
        return found

    def _of_layout(self, cells: list[DataCell], layout: dict[str, int],
                   pre: list[LabelsKey | None]) -> list[LabelsKey]:
        import numpy as np

        n, width = len(cells), len(layout)
        ids = np.empty((n, width), dtype=np.int64)
        columns = label_columns([c.coords for c in cells], width)
        for k, texts in enumerate(columns):
            local = {text: self._number(text) for text in set(texts)}
            ids[:, k] = np.fromiter(map(local.__getitem__, texts), dtype=np.int64, count=n)
        for i, cell in enumerate(cells):  # a margin's own dimensions are not in its key
            if cell.total_dims:
                for dim in cell.total_dims:
                    at = layout.get(dim)
                    if at is not None:
                        ids[i, at] = _PAD
        by_number = self.by_number
        return [by_number[k] for k in self._keyed(ids, pre)]

    def _keyed(self, ids: np.ndarray, pre: list[LabelsKey | None]) -> list[int]:
        """Each row of label numbers (``_PAD`` where a label is no part of the key) as its
        key's number (``pre``: a key already made for that row, kept).

        The labels a row holds are put in their order as strings (each distinct label's rank
        among those of ``ids``), so a row sorted is its key's labels in ``labels_key``'s
        order: the key is made straight from it, and no row of numbers is kept to find it
        again (a dict of each distinct row was ~0.33 MiB a 1 MiB long table, release-wide
        in SDC503's forked process: round 48, child48)."""
        import numpy as np

        width = ids.shape[1]
        present = np.unique(ids)  # (sorted: ``_PAD`` last)
        if len(present) and present[-1] == _PAD:
            present = present[:-1]
        labels = self._labels
        texts = [labels[j] for j in present.tolist()]
        order = sorted(range(len(texts)), key=texts.__getitem__)  # distinct labels: no ties
        rank = np.empty(len(texts) + 1, dtype=np.int64)
        rank[order] = np.arange(len(texts))
        rank[len(texts)] = _PAD
        # (a blank's ``_PAD`` finds the place after every label: ``rank``'s last, ``_PAD``)
        ids = rank[np.searchsorted(present, ids)]
        ids.sort(axis=1)
        if width > 1:  # a label held twice (in two dimensions) is once in the key
            repeated = np.zeros_like(ids, dtype=bool)
            repeated[:, 1:] = ids[:, 1:] == ids[:, :-1]
            ids[repeated] = _PAD
            ids.sort(axis=1)
        sizes = (ids != _PAD).sum(axis=1).tolist()
        by_rank = np.empty(len(texts) + 1, dtype=object)  # rank -> label; ``_PAD``: None
        by_rank[:len(texts)] = [texts[k] for k in order]
        rows = by_rank[np.minimum(ids, len(texts))].tolist()
        del ids
        number = self.number
        known = self._key_number.get
        found: list[int] = []
        for row, size, made in zip(rows, sizes, pre, strict=True):
            key = tuple(row[:size]) if made is None else made
            n = known(key)
            found.append(number(key) if n is None else n)
        return found
