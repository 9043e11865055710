"""The suppression audit's pinned tries that ask a question asked before, found and not asked.

A try (``sdc.rules.suppression._through_constants``) sets unknowns of a component to numbers
other tables publish, over the component's equations and link rows ``x_a - x_b = 0``, and
keeps each hidden cell found narrower than before. A release that saves each table in several
styles (CSV, XLSX, Markdown, HTML, LaTeX) links every copy's cells to its original's, so one
number is tried on each copy of an unknown in turn: ACRO's 17 tables saved 5 ways made ~1,450
tries, ~270 of them over the whole 6,600-row component (issue 14 §2).

Link rows say only that the unknowns of each class they join (connected through links) are
equal. So two systems of the same block (the same equations, bounds and targets) whose links
make the same classes have the same feasible set, and a pin ``(var, value, width)`` on one
unknown of a class is the same constraint as on another of it: two tries whose pins name the
same classes with the same numbers, over systems with the same classes, have the same feasible
set, so the same end points for every target, whichever copy's unknown they name.

A try equal so to one already made cannot narrow a cell: the first one's intervals were kept
where narrower, and the audit's cells only narrow afterwards. So it is not made; what the audit
keeps, and what a kept cell cites, is what it was. Fail closed: equality is of the classes as
links make them (one missing link, one more hidden cell, another number or width: another
question, asked); nothing else (labels, names, styles) is read.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# a pinned unknown: (its variable in the block, the number, how far from it it may be)
Pin = tuple[int, float, float]


def link_classes(n_vars: int, links: np.ndarray) -> np.ndarray:
    """Each block variable's class under the link rows ``links`` (an ``(n, 2)`` array), named
    by its first variable: equal classes give equal arrays."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    if not len(links):
        return np.arange(n_vars, dtype=np.int64)
    graph = sp.csr_matrix((np.ones(len(links), dtype=np.int8), (links[:, 0], links[:, 1])),
                          shape=(n_vars, n_vars))
    _, labels = connected_components(graph, directed=False)
    # each class named by its first variable: the key must not depend on a library's numbering
    names, first = np.unique(labels, return_index=True)
    by_name = np.empty(len(names), dtype=np.int64)
    by_name[names] = first
    return by_name[labels]


class SeenTries:
    """The tries made over one block, each kept as its question: the classes of each system
    it is tried over, and its pins as those classes with their numbers."""

    def __init__(self) -> None:
        self._asked: set[bytes] = set()

    @staticmethod
    def classes(n_vars: int, links: np.ndarray) -> tuple[np.ndarray, bytes]:
        """``links``' classes (:func:`link_classes`) and their digest."""
        labels = link_classes(n_vars, links)
        return labels, hashlib.blake2b(labels.tobytes(), digest_size=32).digest()

    def first_time(self, systems: list[tuple[np.ndarray, bytes]], pinned: list[Pin]) -> bool:
        """Whether this try's question is new (then it is kept as asked)."""
        digest = hashlib.blake2b(digest_size=32, person=b"sdc-tries")
        for labels, of_links in systems:
            digest.update(of_links)
            pins = sorted({(int(labels[var]), float(value), float(width))
                           for var, value, width in pinned})
            digest.update(repr(pins).encode())
        key = digest.digest()
        if key in self._asked:
            return False
        self._asked.add(key)
        return True
