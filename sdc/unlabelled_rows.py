"""The rows of a table with no label column, each a line of its own (issue 12).

Why: with no label column every row's cells had the same coordinates, so the rows were read as
one line: ``a,Total`` over ``x,20`` and ``c,30`` gave the audit ``x + c = 30`` and both hidden
cells passed, while the one-row form fails SDC501. Each row is therefore told apart by its line
number, in one row dimension (:data:`UNLABELLED_ROWS`).

A line number names nothing the file prints: ``line 5`` of one table is no population that
another table's ``line 5`` also counts. So every such label carries a tag of its own table
(:func:`table_tag`): two tables' label keys (SDC503's re-runs and overlaps, the derived counts,
the claims) never share a row, and the audit's linking keeps such a table apart
(``sdc.linking.link_population``). The tag is a hash, not the file's name: a name the
researcher chose must not be read as a word of a label (``Total.csv`` would read as a total).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

UNLABELLED_ROWS = "row"  # the dimension of the line numbers

# letters with no vowel: a tag spells no word a label is read by (total, all, sum, mean, n)
_TAG_LETTERS = "bcdfghjklmpqrstvwxz"
_TAG_LENGTH = 8


def table_tag(path: str, sheet: str | None, first_line: int, n_rows: int) -> str:
    """A short tag of one table: its file, sheet, first data line and number of rows (two
    tables of one sheet start on different lines)."""
    digest = hashlib.sha256(f"{path}\x00{sheet or ''}\x00{first_line}\x00{n_rows}".encode())
    number = int.from_bytes(digest.digest()[:8], "big")
    letters = []
    for _ in range(_TAG_LENGTH):
        number, at = divmod(number, len(_TAG_LETTERS))
        letters.append(_TAG_LETTERS[at])
    return "".join(letters)


def line_labels(lines: list[int], path: str, sheet: str | None
                ) -> Iterator[tuple[tuple[str, ...], set[str] | None]]:
    """Each data row's one label, ``line N (tag)`` (``lines``: each row's line), and no
    margin (as ``_row_labels`` gives a row's labels and the dimensions it is a margin of)."""
    tag = table_tag(path, sheet, lines[0] if lines else 0, len(lines))
    for line in lines:
        yield (f"line {line} ({tag})",), None
