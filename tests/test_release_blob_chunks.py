"""The release's blob search reads a long run a chunk of lines at a time (issue 12 channel 12:
a string per row of a whole column's run was 6 MiB of a 100,000-row table's check), and says
exactly what the plain forms say: ``_repeating`` is ``len(set(pieces)) < 0.9 * len(pieces)``
and ``_number_chars`` is the count and the characters of ``block.split()``, with the chunks
as small as one line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.readers import release_blobs
from sdc.readers.release_blobs import (
    _NUMBER_CHARS,
    _line_chunks,
    _number_chars,
    _repeating,
)

LINES = st.lists(st.sampled_from(["", " ", "12", "7", " 300\t", "0-17", "QUJD", "QUJD",
                                  "\u0661\u0662", "aGVs", "999", "x y"]), max_size=60)


@pytest.mark.parametrize("chunk", [1, 3, 8, 1 << 16])
@settings(max_examples=60, deadline=None)
@given(lines=LINES, ended=st.booleans())
def test_chunked_scans_equal_the_plain_ones(chunk: int, lines: list[str], ended: bool
                                            ) -> None:
    block = "\n".join(lines) + ("\n" if ended else "")
    saved = release_blobs.CHUNK
    release_blobs.CHUNK = chunk
    try:
        assert "".join(_line_chunks(block)) == block
        assert [p for c in _line_chunks(block) for p in c.split()] == block.split()
        pieces = block.split()
        assert _repeating(block) == (len(set(pieces)) < 0.9 * len(pieces))
        numbers = [v for v in pieces if v.isdigit()]
        text = "\n".join(numbers)
        assert _number_chars(text) == (len(numbers),
                                       "".join(map(_NUMBER_CHARS.__getitem__, numbers)))
    finally:
        release_blobs.CHUNK = saved


def test_a_whole_columns_run_is_read_in_chunks() -> None:
    """A run longer than a chunk is read in several, each ending at a line's end."""
    block = "".join(f"{k % 900}\n" for k in range(50_000))
    chunks = list(_line_chunks(block))
    assert len(chunks) > 2 and all(c.endswith("\n") for c in chunks)
    assert _number_chars(block)[0] == 50_000
    assert _repeating(block)
