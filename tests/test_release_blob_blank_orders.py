"""The release search passes over a reading order whose blanked text has no line left
(issue 14 §3: a long table's label columns hold no small number and often no sure piece):
``_char_codes`` and ``_interleaved`` then give what the full search gives, nothing, and
otherwise exactly the full search's runs (held here to it on random columns)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.readers import release_blobs
from sdc.readers.cell_text import line_runs, reading_orders
from sdc.readers.release_blobs import (
    _NOT_PIECE,
    _NOT_SMALL,
    _STRONG_RUN,
    STRIDES,
    _char_codes,
    _code_runs,
    _interleaved,
)
from sdc.table import Grid, RawCell
from tests.test_blob_search_chunks import _table

# labels (no small number, some no piece), small numbers, codes spelling text, pieces
WORDS = ["North East", "Asthma", "Female", "0-17", "2019", "[c]", "", " ", "a b", "Total"]
CODES = [str(ord(c)) for c in "Hello, this is a hidden list of names and 2019-03-04, "]
PIECES = ["SGVsbG8sIHRo", "aXMgaXMgYSBo", "aWRkZW4gbGlz", "dCBvZiBuYW1l"]


def _plain_char_codes(order, text):  # type: ignore[no-untyped-def]
    """``_char_codes`` as it was: both searches always run."""
    found = _code_runs(order, text, STRIDES)
    skipped = _NOT_SMALL.sub("", text)
    if skipped != text:
        found += _code_runs(order, skipped, STRIDES)
    return found


@st.composite
def columns(draw: st.DrawFn) -> list[str]:
    texts = draw(st.lists(st.sampled_from(WORDS), max_size=60))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(texts)))
        texts[at:at] = draw(st.sampled_from([CODES, PIECES, [" 7", "12"] * 10]))
    return texts


@settings(max_examples=200, deadline=None)
@given(st.lists(columns(), min_size=1, max_size=3))
def test_a_blank_order_is_passed_over_with_what_the_search_finds(
        cols: list[list[str]]) -> None:
    rows = max(map(len, cols))
    grid = Grid([[RawCell(r + 1, c + 1, col[r] if r < len(col) else "")
                  for c, col in enumerate(cols)] for r in range(rows)])
    for order in reading_orders([_table(grid)]):
        text = order.text()
        assert _char_codes(order, text) == _plain_char_codes(order, text)
        assert _char_codes(order, text, _NOT_SMALL.sub("", text)) == _plain_char_codes(
            order, text)
        pieces_only = _NOT_PIECE.sub("", text)
        if pieces_only.count("\n") == len(pieces_only):  # what _interleaved passes over
            assert list(line_runs(_STRONG_RUN, pieces_only)) == []
        else:
            assert _interleaved(order, text, ["a.csv"], pieces_only) == _interleaved(
                order, text, ["a.csv"], None)


def test_a_column_of_codes_is_still_found_and_labels_alone_are_passed_over() -> None:
    grid = Grid([[RawCell(r + 1, 1, t)] for r, t in enumerate(["code", *CODES])])
    order = reading_orders([_table(grid)])[0]
    found = _char_codes(order, order.text())
    assert [c.ref for _, c in found[0].cells[:1]] == ["A2"]
    labels = Grid([[RawCell(r + 1, 1, t)] for r, t in enumerate(WORDS * 5)])
    blank = reading_orders([_table(labels)])[0]
    assert release_blobs.each_line_sub(_NOT_SMALL, blank.text()).strip("\n") == ""
    assert _char_codes(blank, blank.text()) == []
