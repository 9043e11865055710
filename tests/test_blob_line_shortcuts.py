"""The release-wide blob search's shortcuts read exactly what the plain passes read (issue 12
channel 12, issue 14 §3): a cell-blanking pattern applied once per distinct line of a reading
order instead of over the whole text, and the stretches of character codes found by one
pattern instead of splitting on every number that is no character."""

from __future__ import annotations

import base64
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.readers import release_blobs
from sdc.readers.release_blobs import (
    _NOT_PIECE,
    _NOT_SMALL,
    MIN_CODES,
    each_line_sub,
    each_line_subs,
)

# cells as lines: base64 pieces and plain words (kept or blanked by _NOT_PIECE), small numbers
# and hex pairs (kept by _NOT_SMALL), long numbers, markers, blanks, spaces and tabs, padding,
# a cell of several lines' stand-in (\x00), a carriage return, non-ASCII text
CELLS = ["", " ", "\t", "aGVsbG8gd29y", "bGQ=", "QUJD", "12", "1234", "100001", "3", "0",
         "999", "1000", "ff", "0A", " 7 ", "2021-12-10", "F", "Male", "TOTAL", "total",
         "North East", "  ab+/", "x_y-z", "==", "12=", "00ff", "\x00", "[c]", "a b", "x\r",
         "Zoë", "\t42\t", "ab", "abc="]


@st.composite
def order_texts(draw: st.DrawFn) -> str:
    """An order's text as ``_Order.text`` writes it (every cell's line ends), or with a piece
    after the last newline (never written, still handled as ``re.sub`` does)."""
    cells = draw(st.lists(st.sampled_from(CELLS), max_size=80))
    # few distinct lines (a long table's) or many (a row-level file's ids): both paths
    cells += [str(100000 + i) for i in range(draw(st.integers(0, 30)))]
    draw(st.randoms()).shuffle(cells)
    tail = draw(st.sampled_from(["", "", "QUJD", "12", "North East"]))
    return "".join(f"{c}\n" for c in cells) + tail


@settings(max_examples=250, deadline=None)
@given(order_texts(), st.sampled_from([(1 << 16, 1024), (1, 1024), (7, 4), (30, 1)]))
def test_each_line_sub_is_the_whole_text_sub(text: str, sizes: tuple[int, int]) -> None:
    # chunks of a line or a few (cut anywhere, each at the next newline), and the share
    # deciding early, so that both paths and every chunk boundary are crossed
    chunk, lines_from = sizes
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(release_blobs, "CHUNK", chunk)
        patch.setattr(release_blobs, "LINES_FROM", lines_from)
        for pattern in (_NOT_PIECE, _NOT_SMALL):
            assert each_line_sub(pattern, text) == pattern.sub("", text)
        # both blankings from one split (speed4, round 23), in either order
        both = (_NOT_PIECE, _NOT_SMALL)
        assert each_line_subs(both, text) == [p.sub("", text) for p in both]
        assert each_line_subs(both[::-1], text) == [p.sub("", text) for p in both[::-1]]


def test_each_line_sub_on_a_long_table_and_a_column_of_ids() -> None:
    rng = random.Random(7)
    labels = ["North East", "Yorkshire", "0-17", "Asthma", "2019", "Female", "1", "[c]"]
    long = "".join(f"{rng.choice(labels)}\n{rng.randint(0, 400)}\n" for _ in range(5000))
    ids = "".join(f"{rng.randint(10**9, 10**10)}\n" for _ in range(5000))  # distinct: one pass
    blob = base64.b64encode(b"943 476 5919, 1990-03-04; " * 20).decode()
    pieces = "".join(f"{blob[i:i + 12]}\n{rng.randint(0, 99)}\n" for i in range(0, 480, 12))
    for text in (long, ids, pieces, long + pieces + long, "", "\n", "\n\n"):
        for pattern in (_NOT_PIECE, _NOT_SMALL):
            assert each_line_sub(pattern, text) == pattern.sub("", text)
        both = each_line_subs((_NOT_PIECE, _NOT_SMALL), text)
        assert both == [_NOT_PIECE.sub("", text), _NOT_SMALL.sub("", text)]


def _plain_text_signal(chars: str) -> str | None:
    """``_text_signal`` as it was: every piece between ``\\x00`` looked at."""
    for stretch in chars.split("\x00"):
        if len(stretch) < MIN_CODES:
            continue
        if release_blobs._WORDS.search(stretch) or release_blobs._tokens(stretch) \
                or release_blobs._records(stretch):
            return stretch
    return None


CHARS = st.lists(st.one_of(
    st.sampled_from(["\x00", "\x00", "\x00\x00", "Hello there, dear reader; ", "9434765919 ",
                     "1990-03-04,", "a,b,c\n", "Abc def ghi jkl", "Abc def ghi jklm", "x" * 15,
                     "x" * 16, "AB", " ", "\n"]),
    st.text(alphabet="abc ,;\n\x00019-", max_size=20)), max_size=40).map("".join)


@settings(max_examples=250, deadline=None)
@given(CHARS)
def test_text_signal_is_the_split_reading(chars: str) -> None:
    assert release_blobs._text_signal(chars) == _plain_text_signal(chars)


def test_text_signal_finds_words_after_short_stretches() -> None:
    chars = "ab\x00\x00" + "x" * 15 + "\x00" + "Some words, here and there\x00zz"
    assert release_blobs._text_signal(chars) == "Some words, here and there"
    assert release_blobs._text_signal("ab\x00" + "x" * 15) is None
    # MIN_CODES characters exactly are a stretch; one fewer is not
    assert release_blobs._text_signal("\x00Abc def ghi jklm\x00") == "Abc def ghi jklm"
    assert release_blobs._text_signal("\x00Abc def ghi jkl\x00") is None


def _plain_opaque(pieces: list[str]) -> bool:
    """``cell_text._opaque`` as it was before speed4 (round 23): the run joined first."""
    import zlib

    from sdc.readers import cell_text as ct

    joined = "".join(pieces)[:ct.MAX_RUN_CHARS]
    if not (len(joined) >= ct.MIN_OPAQUE
            and min(map(len, pieces[:-1]), default=ct.MIN_OPAQUE_PIECE) >= ct.MIN_OPAQUE_PIECE
            and ct._UPPER.search(joined) is not None and ct._LOWER.search(joined) is not None
            and ct._decode_joined(joined) is not None):
        return False
    if len(zlib.compress(joined.encode("ascii"))) >= ct.OPAQUE_RATIO * len(joined):
        return ct._DIGIT.search(joined) is not None
    labels = sum(1 for piece in pieces if ct._LABEL_PIECE.fullmatch(piece))
    return labels < ct.LABEL_SHARE * len(pieces)


def test_opaque_reads_the_lengths_first_and_decides_the_same() -> None:
    from sdc.readers.cell_text import _opaque

    rng = random.Random(11)
    blob = base64.b64encode(bytes(rng.randrange(256) for _ in range(600))).decode()
    words = ["Yorkshire", "Hypertension", "Female", "0-17", "E09000001", "Borough12"]
    cases = [[], [blob], [blob[i:i + 20] for i in range(0, 600, 20)],
             [blob[i:i + 7] for i in range(0, 600, 7)],  # pieces too short
             [*[blob[i:i + 20] for i in range(0, 580, 20)], "ab"],  # a short last piece
             [rng.choice(words) for _ in range(400)],
             [f"Borough{k:04d}" for k in range(200)],
             # one short piece first, in the middle, last (round 24: the lengths are read
             # up to the first short one)
             ["ab", *[blob[i:i + 20] for i in range(0, 580, 20)]],
             [*[blob[i:i + 20] for i in range(0, 280, 20)], "ab",
              *[blob[i:i + 20] for i in range(280, 580, 20)]],
             [*[blob[i:i + 20] for i in range(0, 580, 20)], blob[580:584]]]
    cases += [[rng.choice([*words, blob[:30], blob[30:60]]) for _ in range(rng.randrange(60))]
              for _ in range(200)]
    got = [_opaque(pieces) for pieces in cases]
    assert got == [_plain_opaque(pieces) for pieces in cases]
    assert got[2] is True and got[3] is False and got[4] is True and got[5] is False
    assert got[7] is False and got[8] is False and got[9] is True


@pytest.mark.parametrize("chunk", [1, 5, 64, 1 << 16])
def test_each_line_subs_blank_until_a_late_line(chunk: int) -> None:
    # a blanking that empties every line met so far writes the chunk's newlines alone
    # (round 44): a piece or a small number first met chunks later must still be written
    # where it stands, each blanking deciding on its own, an unended tail included
    labels = "".join(f"{label}\n" for label in ["North East", "London", "2019"] * 40)
    pieces = (_NOT_PIECE, _NOT_SMALL)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(release_blobs, "CHUNK", chunk)
        for text in (labels, labels + "aGVsbG8gd29y\n" + labels, labels + "12\n" + labels,
                     labels + "12\n" + labels + "QUJD", labels + "QUJD", "", "\n\n\n"):
            got = each_line_subs(pieces, text)
            assert got == [p.sub("", text) for p in pieces]
    late = each_line_subs(pieces, labels + "aGVsbG8gd29y\n" + labels)
    assert late[0].split("\n").index("aGVsbG8gd29y") == 120  # where it stands, not blanked
    assert late[1] == "\n" * 241  # no small number: every line blank
