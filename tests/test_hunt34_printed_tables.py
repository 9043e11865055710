"""Round 34 (hunt34): a table printed into a text or a log, linked with the table beside it.

hunt32's linked pair (each safe alone, their hidden rectangles differ: together North/F = 4
is pinned), the second table written as R, Stata and pandas write one into a ``.txt`` or a
log: with ``|`` as its delimiter, by ``to_string()`` with its suppressed cells as ``*`` or
``NaN``, by R's ``print`` of a matrix with ``NA``, as a CSV under more prose than a file's
sniff allows, under a markup comment, or typed into a Stata log. Each was a document (SDC602
``review``) or a misread frame (SDC402), so ``a.csv`` was not linked with it and passed on
its own. Each is now read as the table it is: ``a.csv`` fails at B2 (SDC501), as does the
printed table; the twin hiding the same rectangle passes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from sdc.readers.documents.log_aligned import aligned_table
from sdc.readers.documents.log_text import Block
from sdc.readers.sniffing import is_delimited_table
from tests.test_hunt32_linked_only_modes import _table
from tests.test_hunt33_delimited_any_name import _outcome

PROSE = ("Analysis of admissions\nRegions as coded by the registry\nSee the methods note\n"
         "Prepared by the study team\n\n")
STATA_HEAD = ("      name:  <unnamed>\n       log:  /w/b.log\n  log type:  text\n"
              " opened on:  5 Dec 2026, 10:00:00\n\n")


def _nan(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.replace("*", float("nan"))


def _r_matrix(frame: pd.DataFrame) -> str:
    """R's ``print`` of a numeric matrix with NA: labels left, every column right-aligned to
    its widest entry, NA where a cell was hidden."""
    cells = [[str(v) if v == v else "NA" for v in row] for row in _nan(frame).values.tolist()]
    labels = [str(i) for i in frame.index]
    label_width = max(map(len, labels))
    widths = [max(len(str(c)), *(len(r[j]) for r in cells)) for j, c in enumerate(frame.columns)]
    lines = [" " * label_width + "".join(" " + str(c).rjust(w)
                                         for c, w in zip(frame.columns, widths, strict=True))]
    lines += [label.ljust(label_width) + "".join(" " + v.rjust(w)
                                                 for v, w in zip(row, widths, strict=True))
              for label, row in zip(labels, cells, strict=True)]
    return "\n".join(lines) + "\n"


WRITERS: dict[str, tuple[str, Callable[[pd.DataFrame], str]]] = {
    "pipe_txt": ("b.txt", lambda f: f.to_csv(sep="|")),
    "pipe_log": ("b.log", lambda f: f.to_csv(sep="|")),
    "to_string_stars": ("b.txt", lambda f: f.to_string() + "\n"),
    "to_string_stars_log": ("b.log", lambda f: f.to_string() + "\n"),
    "to_string_nan": ("b.txt", lambda f: _nan(f).to_string() + "\n"),
    "r_matrix_na": ("b.txt", _r_matrix),
    "csv_under_prose": ("b.txt", lambda f: PROSE + f.to_csv()),
    "csv_under_prose_joined": ("b.txt", lambda f: PROSE.replace("\n\n", "\n") + f.to_csv()),
    "csv_under_comment": ("b.txt", lambda f: "<!-- written by make_tables.py -->\n" + f.to_csv()),
    "stata_type": ("b.log", lambda f: STATA_HEAD + ". type b.csv\n" + f.to_csv()),
}


@pytest.mark.parametrize("shape", sorted(WRITERS))
def test_a_printed_table_is_linked(tmp_path: Path, shape: str) -> None:
    name, write = WRITERS[shape]
    _table([0, 1]).to_csv(tmp_path / "a.csv")  # North and South hidden
    (tmp_path / name).write_text(write(_table([0, 2])))  # North and East hidden
    _, statuses, found = _outcome(tmp_path)
    assert statuses["a.csv"] == "fail"
    assert ("a.csv", "SDC501", "fail", "B2") in found  # North/F = 4, through b's South
    assert (name, "SDC501", "fail", "B2") in found


@pytest.mark.parametrize("shape", sorted(WRITERS))
def test_the_safe_twin_passes(tmp_path: Path, shape: str) -> None:
    name, write = WRITERS[shape]
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    (tmp_path / name).write_text(write(_table([0, 1])))  # the same rectangle hidden
    status, statuses, found = _outcome(tmp_path)
    assert (status, statuses["a.csv"], found) == ("pass", "pass", set())


@pytest.mark.parametrize(("head", "table"), [
    (b"region|n\nNorth|30\nSouth|40\n", True),  # to_csv(sep="|")
    (b"| region | n |\n|---|---|\n| North | 30 |\n", False),  # Markdown's
    (b"    region |      Freq.\n     North |         30\n     South |         40\n", False),
    (b"region|n\n-----+---\nNorth|30\n", False),  # a rule: a frame
    (b"Note: see below\nregion|n\nNorth|30\n", True),  # a title line
])
def test_the_pipe_is_a_delimiter_outside_frames(head: bytes, table: bool) -> None:
    assert is_delimited_table(head, whole=True) is table


def test_a_marker_is_a_cell_only_in_a_column_of_numbers() -> None:
    """``NA`` as a row's first word is a label (North America), ``-`` amid a label stays the
    label's, and a ``*`` where no number of the table ends is text: the block is no table."""
    block = Block(1, ["        n   mean", "NA     30   2.5", "South  NA   3.5",
                      "East -  *   1.5"])
    table = aligned_table(block)
    assert table is not None
    assert table.rows == [["", "n", "mean"], ["NA", "30", "2.5"], ["South", "", "3.5"],
                          ["East -", "*", "1.5"]]
    assert aligned_table(Block(1, ["       n  mean", "North 30   2.5", "South   *  3.5"])) \
        is None  # the * ends where no number does: text among the numbers
