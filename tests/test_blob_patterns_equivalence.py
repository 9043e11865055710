"""The split-blob searches' possessive patterns find exactly the runs of the greedy ones they
replace (issue 12 channel 12, issue 14 §3): possessive, the regular-expression engine keeps no
backtracking record per line (24 MiB for a column of 99,000 ids), and nothing follows the
repeat that could make the greedy one give a line back."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.readers import cell_text, release_blobs

# the former patterns, as they were written
_PIECE = (r"[ \t]*+(?:\d*+[A-Za-z+/_-][A-Za-z0-9+/_-]*+|\d{4,}+|\d++(?==))={0,2}[ \t]*+")
GREEDY_RUN_LINES = re.compile(rf"^{_PIECE}\n(?:\n*{_PIECE}\n)+", re.M)
GREEDY_STRONG_RUN = re.compile(r"^[^\n]+\n(?:\n*[^\n]+\n)+", re.M)

# cells as lines: pieces of base64 and hex, short and long numbers, words, padding, blanks,
# spaces and tabs around them, a cell of several lines' stand-in
CELLS = ["", "", " ", "\t", "aGVsbG8gd29y", "bGQ=", "QUJD", "12", "1234", "100001", "3",
         "2021-12-10", "F", "M", "North East", "  ab+/", "x_y-z", "==", "12=", "00ff",
         "\x00", "Total", " 4567 ", "a b"]


@st.composite
def cell_texts(draw: st.DrawFn) -> str:
    """An order's text: cells one a line, as ``sdc.readers.cell_text._Order.text`` writes it."""
    cells = draw(st.lists(st.sampled_from(CELLS), max_size=60))
    return "".join(f"{c}\n" for c in cells)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(cell_texts())
def test_the_run_of_pieces_is_the_greedy_patterns(text: str) -> None:
    assert _spans(cell_text._RUN_LINES, text) == _spans(GREEDY_RUN_LINES, text)


@settings(max_examples=200, deadline=None)
@given(cell_texts())
def test_the_strong_run_is_the_greedy_patterns(text: str) -> None:
    assert _spans(release_blobs._STRONG_RUN, text) == _spans(GREEDY_STRONG_RUN, text)
    # as release_blobs reads it: every cell that is not surely a piece blanked first
    kept = release_blobs._NOT_PIECE.sub("", text)
    assert _spans(release_blobs._STRONG_RUN, kept) == _spans(GREEDY_STRONG_RUN, kept)


def test_a_long_column_of_ids_is_one_run_either_way() -> None:
    text = "patient_id\n" + "".join(f"{100000 + i}\n" for i in range(5000))
    assert _spans(cell_text._RUN_LINES, text) == _spans(GREEDY_RUN_LINES, text) == [
        (0, len(text))]
