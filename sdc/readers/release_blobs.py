"""Data smuggled across the whole release: pieces spread over files, between other cells, or
written as numbers.

``sdc.readers.cell_text`` joins base64/hex pieces that lie next to each other in one file. An
insider can spread them further, so this looks at every table of the release at once, after
all files are read (``read_release``), in each reading order (across rows, down columns, the
tables' first cells) with the files in natural name order (``p2.csv`` before ``p10.csv``):

- **Pieces interleaved with other cells or over several files.** Cells that are surely
  pieces of an encoding (four characters or more of the base64 alphabet that are not a plain
  word such as ``Male``, ``TOTAL`` or ``total``, nor a plain number) are joined in order,
  *skipping every other cell*, and decoded like a split blob. Text is SDC605 on the first
  piece and is checked as hidden text. A run the file's own reading already decoded is not
  reported twice.
- **Text written as character codes.** A run of 16 or more whole numbers under 1000 (any
  count column) is read as byte values; ordinary counts then spell noise, so the run is
  SDC605 only when the characters show the structure of text (``_text_signal``): four words
  of letters separated by spaces or punctuation, three delimited records of the same shape,
  or three separated tokens in a row of one length, eight digits or more (NHS numbers) or
  ISO dates. A column of two hex digits each (two of them or more with a letter) is read as
  bytes the same way. Codes between other numbers are found too: every second or third
  number of a run, and the run with every cell that is not a small number skipped. The
  decoded text is checked as hidden text.

The rule of thumb behind the signals: a count table's numbers, read as characters, are noise
(no spaces between words, no repeated delimiters); text has structure that counts do not
produce. Tests with realistic count tables (tests/test_smuggle_release_blobs.py) give none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from sdc.outputs import HiddenItem, Output
from sdc.readers.base import ReadOptions
from sdc.readers.cell_text import (
    MAX_RUN_CHARS,
    MIN_ENCODED,
    ReadAsText,
    TextCells,
    _as_text,
    _decode_joined,
    _flat_text,
    _opaque,
    _Order,
    _raw_chunks,
    led_runs,
    line_runs,
    reading_orders,
)
from sdc.readers.parts import TextPart, part_outputs
from sdc.table import Grid, RawCell, Table

# every cell that is not surely a piece of base64/hex, blanked: a token of four characters or
# more of the alphabet that is not a plain word (Capitalised, lower or upper case) nor a plain
# number is one (one pass: this runs over every cell of the release)
_NOT_PIECE = re.compile(r"^(?:(?![ \t]*[A-Za-z0-9+/_-]{4,}={0,2}[ \t]*$).++"
                        r"|[ \t]*+(?:[A-Z]?[a-z]++|[A-Z]++|[0-9]++)[ \t]*+(?=\n))", re.M)
# possessive, as cell_text's _RUN_LINES: the same runs without a backtracking record per line
_STRONG_RUN = re.compile(r"^[^\n]++\n(?:\n*+[^\n]++\n)++", re.M)
MIN_CODES = 16
MIN_HEX_PAIRS = 12
# runs of small whole numbers or two hex digits, one a cell (empty cells skipped)
_SMALL = r"[ \t]*+(?:\d{1,3}+|[0-9A-Fa-f]{2})[ \t]*+\n"
_SMALL_RUN = re.compile(rf"^{_SMALL}(?:\n*+{_SMALL}){{{MIN_HEX_PAIRS - 1},}}+", re.M)
_HEX_PAIR = re.compile(r"[0-9A-Fa-f]{2}")
_HEX_LETTER = re.compile("[A-Fa-f]")
# the structure of text in characters that were numbers
_WORDS = re.compile(r"(?:[A-Za-z][a-z]{2,}[ ,.;:'\-]{1,2}){3,}[A-Za-z][a-z]{2,}")
# an identifier-like token (eight digits or more, an ISO date) and the separator after it
_TOKEN = re.compile(r"(?<![\d-])(\d{8,}|\d{4}-\d\d-\d\d)(?![\d-])([ ,;\t\n]{1,2})?")
_KEPT = frozenset([9, 10, 13, *range(32, 127)])
# each byte as its character where it is one of text's (``_KEPT``), else \x00
_BYTE_CHARS = bytes(b if b in _KEPT else 0 for b in range(256))


class _NumberChars(dict[str, str]):
    """A run's number (its text: ``\\d{1,3}``, any script's digits) as its character where
    the number is one of text's (``_KEPT``), else ``\\x00``; each distinct text once."""

    def __missing__(self, text: str) -> str:
        number = int(text)
        char = self[text] = chr(number) if number in _KEPT else "\x00"
        return char


_NUMBER_CHARS = _NumberChars()


# a text whose distinct lines are more than this share of its lines is blanked by one regex
# pass (a row-level file's ids are all distinct: a line each would cost more than the pass)
DISTINCT_SHARE = 0.25
LINES_FROM = 1024  # lines read before the share decides
CHUNK = 1 << 16  # characters split into lines at a time (a list of every line of a reading
# order was 5 MiB more at the peak of a 1 MiB long table's check)


def each_line_sub(pattern: re.Pattern[str], text: str) -> str:
    """``pattern.sub("", text)`` for a pattern that blanks a line or keeps it and never
    reaches across one (``_NOT_PIECE``, ``_NOT_SMALL``: anchored at a line's start, no
    lookbehind, nothing matching a newline), worked out once per distinct line: a table's
    reading order repeats a few dozen labels and a few hundred counts on every row."""
    return each_line_subs((pattern,), text)[0]


def each_line_subs(patterns: Sequence[re.Pattern[str]], text: str) -> list[str]:
    """``[each_line_sub(pattern, text) for pattern in patterns]``, the text split into its
    lines once for all of them (the release's search blanks each reading order twice: the
    split and the set of its lines were half of each pass, issue 14 §3)."""
    return ["".join(out) for out in _Blanker(patterns).feed(text)]


class _Blanker:
    """``each_line_subs`` of a text given a window at a time (``feed``: windows that end at
    a line's end, or the text's end), each window's blankings returned as pieces: the
    memo of lines met and the choice of one pass over the text kept from window to window,
    so the windows' blankings joined are the whole text's (``search_order``: a long
    release's reading order is never one string, issue 14 §3)."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = patterns
        self.kept: list[dict[str, str]] = [{} for _ in patterns]  # per pattern: line -> blanked
        # per pattern: some line met so far is not blanked whole. Until one is, every line
        # was blanked to "" and a chunk's lines are its newlines alone, not joined one by one
        # (most of a long table's reading orders are a column of labels, years or counts
        # that one of the two blankings empties: the joins were a third of the search)
        self.filled = [False] * len(patterns)
        self.seen = 0
        self.whole = False  # distinct lines too many: each window blanked by one pass

    def feed(self, text: str) -> list[list[str]]:
        """Per pattern, the pieces of ``text`` blanked (joined: ``pattern.sub("", text)``)."""
        if self.whole:
            return [[pattern.sub("", text)] for pattern in self.patterns]
        patterns, kept, filled = self.patterns, self.kept, self.filled
        outs: list[list[str]] = [[] for _ in patterns]
        pos = 0
        while pos < len(text):
            end = text.find("\n", pos + CHUNK)
            end = len(text) if end < 0 else end + 1
            lines = text[pos:end].split("\n")
            last = lines.pop()  # after the chunk's last newline: "" but at a text's unended end
            for line in set(lines).difference(kept[0]):  # the chunk's lines not met before
                for k, (pattern, subs) in enumerate(zip(patterns, kept, strict=True)):
                    blanked = subs[line] = pattern.sub("", line + "\n")[:-1]
                    filled[k] = filled[k] or blanked != ""
            self.seen += len(lines)
            if self.seen >= LINES_FROM and len(kept[0]) > DISTINCT_SHARE * self.seen:
                self.whole = True
                self.kept = [{} for _ in patterns]
                rest = text[pos:]
                for pattern, out in zip(patterns, outs, strict=True):
                    out.append(pattern.sub("", rest))
                return outs
            for pattern, subs, out, full in zip(patterns, kept, outs, filled, strict=True):
                if full:
                    out.append("\n".join(map(subs.__getitem__, lines)))
                    out.append("\n" if lines else "")
                else:  # every line of the chunk blanked to "": only its newlines are left
                    out.append("\n" * len(lines))
                if last:
                    out.append(pattern.sub("", last))
            pos = end
        return outs


def _natural(output: Output) -> list[object]:
    """A sort key putting ``p2.csv`` before ``p10.csv``, sheets in their workbook order."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", output.path)]


def _cells(order: _Order, text: str, start: int, block: str) -> list[tuple[int, RawCell]]:
    """The non-empty cells of ``block``, found at offset ``start`` of ``text``, with the
    index of their table."""
    return _cells_from(order, text.count("\n", 0, start), block)


def _cells_from(order: _Order, first: int, block: str) -> list[tuple[int, RawCell]]:
    """``_cells`` of a block whose first line is the order's line ``first``."""
    found = []
    for k, line in enumerate(block.split("\n")[:-1]):
        index, cell = order.at(first + k)
        if line.strip() and cell is not None:
            found.append((index, cell))
    return found


@dataclass
class _Found:
    """A smuggled run: its cells (output index, cell) and what they decode to."""

    cells: list[tuple[int, RawCell]]
    what: str
    how: str
    text: str


def release_blobs(outputs: list[Output], options: ReadOptions) -> list[Output]:
    """Flag runs smuggled across the release's tables on their first output (SDC605) and
    return the outputs for their decoded text (see the module doc)."""
    owners = sorted((o for o in outputs if (o.table is not None or o.screened is not None)
                     and o.chart is None and not o.text_checked), key=_natural)
    if not owners:
        return []
    # a file the row-level screen read column by column takes part as its text
    # a table whose model has gone (``sdc.stream_read``) is read from its report view's grid
    tables: list[Table | ReadAsText | Grid] = [
        t for o in owners if (t := _read_as(o)) is not None]
    found: list[_Found] = []
    paths = [o.path for o in owners]
    for order in reading_orders(tables):
        found += search_order(order, paths)
    extra: list[Output] = []
    for item in _distinct(owners, found):
        owner = owners[item.cells[0][0]]
        span = _span(owners, item.cells)
        owner.hidden.append(HiddenItem(what=item.what, cell=item.cells[0][1].ref,
                                       detail=f"{span} {item.how}"))
        if item.text:  # opaque data has no text to check: a person looks (review)
            extra.extend(part_outputs(owner, [TextPart(f"{span} decoded", item.text)],
                                      options, "cell text"))
    return extra


def _read_as(output: Output) -> Table | ReadAsText | Grid | None:
    table = output.table
    if table is None:
        return output.screened
    return table if isinstance(table, Table) else table.grid


def _distinct(owners: list[Output], found: list[_Found]) -> list[_Found]:
    """Each run once: not when a longer one (another reading order) holds all its cells, nor
    when it lies in one file whose own reading flagged its first cell (adjacent pieces the
    file's reading joined). A run over several files is always reported: a file that
    decoded its own part saw only that part."""
    flagged = {(i, h.cell) for i, o in enumerate(owners) for h in o.hidden
               if h.what in ("encoded text", "encoded data")}
    kept: list[tuple[_Found, set[tuple[int, str]]]] = []
    for item in sorted(found, key=lambda f: -len(f.cells)):
        cells = {(i, c.ref) for i, c in item.cells}
        if any(cells <= other for _, other in kept):
            continue
        first = (item.cells[0][0], item.cells[0][1].ref)
        if len({owners[i].path for i, _ in item.cells}) == 1 and first in flagged:
            continue
        kept.append((item, cells))
    return [item for item, _ in sorted(kept, key=lambda k: (k[0].cells[0][0],
                                                             found.index(k[0])))]


def _span(owners: list[Output], cells: list[tuple[int, RawCell]]) -> str:
    files = {owners[i].path for i, _ in cells}
    (first_i, first), (last_i, last) = cells[0], cells[-1]
    if len(files) == 1 and first_i == last_i:
        return f"cells {first.ref} to {last.ref} ({len(cells)} cells)"
    where = (f"{len(files)} files" if len(files) > 1 else
             f"{len({i for i, _ in cells})} sheets")
    return (f"cells {_name(owners[first_i])} {first.ref} to {_name(owners[last_i])} "
            f"{last.ref} ({len(cells)} cells over {where})")


def _name(output: Output) -> str:
    return output.path + (f"[{output.sheet}]" if output.sheet else "")


def _interleaved(order: _Order, text: str, paths: list[str], pieces_only: str | None = None
                 ) -> list[_Found]:
    """Runs of sure pieces with any other cells between them skipped, that decode to text,
    when they skip a cell or span two files (``paths``: each output's file; adjacent pieces
    in one file are the file's own reading's). ``pieces_only``: the text blanked by
    ``_NOT_PIECE``, if made already."""
    if pieces_only is None:
        pieces_only = each_line_sub(_NOT_PIECE, text)
    return _interleaved_in(order, pieces_only, paths,
                           lambda first: iter(text.split("\n")[first:]))


def _interleaved_in(order: _Order, pieces_only: str, paths: list[str],
                    lines_from: Callable[[int], Iterator[str]]) -> list[_Found]:
    """``_interleaved`` with the text's lines from a line on given by ``lines_from`` (asked
    only for a run that decodes: ``search_order`` reads them again from the tables rather
    than hold the order's text)."""
    if pieces_only.count("\n") == len(pieces_only):
        return []  # every line blank: no sure piece, so no run (a column of labels, counts)
    found = []
    for start, block in line_runs(_STRONG_RUN, pieces_only):
        if len(block) - block.count("\n") < MIN_ENCODED:
            continue
        if _repeating(block):
            continue  # labels and codes repeat; the pieces of an encoding almost never do
        pieces = block.split()
        decoded = _decode_pieces(pieces)
        if decoded is None and not _opaque_pieces(pieces):
            continue
        first = pieces_only.count("\n", 0, start)
        cells = _cells_from(order, first, block)
        skipped = any(line.strip() and not kept.strip() for line, kept in zip(
            lines_from(first), block.split("\n")[:-1], strict=False))
        if not skipped and len({paths[i] for i, _ in cells}) == 1:
            continue
        count = f"hold {sum(map(len, pieces)):,} characters of base64 or hex that, joined"
        found.append(_Found(cells, "encoded text", (
            f"{count} with the cells between them skipped, decode to text no reader of the "
            "table sees"), decoded) if decoded is not None else _Found(
            cells, "encoded data", f"{count} with the cells between them skipped, decode to "
            "data sdc cannot read; a person must check them", ""))
    return found


def _line_chunks(block: str) -> Iterator[str]:
    """``block`` in consecutive pieces of about ``CHUNK`` characters, each ending at a line's
    end (or the block's): their ``split()`` one after another are the block's."""
    pos = 0
    while pos < len(block):
        end = block.find("\n", pos + CHUNK)
        end = len(block) if end < 0 else end + 1
        yield block[pos:end]
        pos = end


def _repeating(block: str) -> bool:
    """``len(set(pieces)) < 0.9 * len(pieces)`` for ``pieces = block.split()``, split a chunk
    at a time: a long table's run of labels is a whole column's (a string per row was 6 MiB
    of a 100,000-row table's check, issue 12 ch. 12), and only its distinct pieces are kept."""
    distinct: set[str] = set()
    count = 0
    for chunk in _line_chunks(block):
        pieces = chunk.split()
        count += len(pieces)
        distinct.update(pieces)
    return len(distinct) < 0.9 * count


def _number_chars(block: str) -> tuple[int, str]:
    """How many numbers ``block`` holds (``len(block.split())``) and each as its character
    (``_NUMBER_CHARS``), split a chunk at a time (see ``_repeating``: a count column's run)."""
    count = 0
    chars = []
    for chunk in _line_chunks(block):
        values = chunk.split()
        count += len(values)
        chars.append("".join(map(_NUMBER_CHARS.__getitem__, values)))
    return count, "".join(chars)


def _opaque_pieces(pieces: list[str]) -> bool:
    """Whether the pieces (or they without a heading or trailing piece) are one opaque
    blob cut up (``sdc.readers.cell_text._opaque``): data no rule can read."""
    n = len(pieces)
    return any(_opaque(pieces[start:stop]) for start, stop in _spans(n))


def _spans(n: int) -> list[tuple[int, int]]:
    """The whole run, then without a heading or a trailing piece, then without both."""
    return [(0, n)] + ([(1, n), (0, n - 1)] if n >= 3 else []) + ([(1, n - 1)] if n >= 4
                                                                 else [])


def _decode_pieces(pieces: list[str]) -> str | None:
    """The pieces joined and decoded as text, also without a heading or trailing piece."""
    for start, stop in _spans(len(pieces)):
        joined = "".join(pieces[start:stop])[:MAX_RUN_CHARS]
        if len(joined) < MIN_ENCODED:
            continue
        data = _decode_joined(joined)
        text = _as_text(data) if data is not None else None
        if text is not None:
            return text
    return None


# every cell that is not a small whole number or two hex digits, blanked (codes between
# other cells are then one run)
_NOT_SMALL = re.compile(r"^(?![ \t]*+(?:\d{1,3}+|[0-9A-Fa-f]{2})[ \t]*+$).++$", re.M)
# every k-th number from an offset: codes interleaved with other numbers (k > 1)
STRIDES = (1, 2, 3)
_TEXTLIKE = re.compile(r"[A-Za-z0-9 \n,]")


def _char_codes(order: _Order, text: str, skipped: str | None = None) -> list[_Found]:
    """Runs of small whole numbers (or of two hex digits) whose characters have the structure
    of text: adjacent, every second or third of a run (codes between other numbers), and
    with every other cell skipped (``skipped``: the text blanked by ``_NOT_SMALL``, if made
    already)."""
    if skipped is None:
        skipped = each_line_sub(_NOT_SMALL, text)
    if skipped.count("\n") == len(skipped):
        # every line blank once what is not a small number is: no small number in the text,
        # so no run in it either (a run is small numbers; a column of labels)
        return []
    found = _code_runs(order, text, STRIDES)
    if skipped != text:
        found += _code_runs(order, skipped, STRIDES)
    return found


def _code_runs(order: _Order, text: str, strides: tuple[int, ...]) -> list[_Found]:
    found = []
    for at, block in line_runs(_SMALL_RUN, text):
        item = _code_block(order, partial(text.count, "\n", 0, at), block, strides)
        if item is not None:
            found.append(item)
    return found


def _code_block(order: _Order, first: Callable[[], int], block: str,
                strides: tuple[int, ...]) -> _Found | None:
    """What one run of ``_SMALL_RUN`` spells, if text; ``first``: its first line's number
    in the order (worked out only for a run that spells text)."""
    if _HEX_LETTER.search(block) is None:  # every value a number (no letter among them)
        # each number as its character, a distinct number worked out once (a count
        # column is hundreds of runs: numpy's per-call cost was most of their time)
        size, every = _number_chars(block)
        if size < MIN_CODES:
            return None
        how = "hold whole numbers that, read as character codes, spell text"
        what = "character codes"
    else:
        values = block.split()
        letters = sum(1 for v in values if not v.isdigit())
        if letters < 2 or not all(_HEX_PAIR.fullmatch(v) for v in values):
            return None
        size = len(values)
        every = bytes.fromhex("".join(values)).translate(_BYTE_CHARS).decode("latin-1")
        how = "hold two hex digits each that, joined, decode to text"
        what = "encoded text"
        del values
    spelt = []  # (how much it reads like text, step, start, text)
    for step, start in ((k, o) for k in strides for o in range(k)):
        chars = every[start::step]
        if len(chars) < MIN_CODES:
            continue
        decoded = _text_signal(chars)
        if decoded is not None:
            spelt.append((round(len(_TEXTLIKE.findall(decoded)) / len(decoded), 1), -step,
                          start, decoded))
    cells = _cells_from(order, first(), block) if spelt else []
    if spelt and len(cells) == size:  # the reading most like text (closest on a tie)
        _, step, start, decoded = max(spelt, key=lambda s: s[:2])
        between = "" if step == -1 else f" (every {_ordinal(-step)} cell)"
        return _Found(cells[start::-step], what,
                      f"{how}{between} no reader of the table sees", decoded)
    return None


def _ordinal(k: int) -> str:
    return {2: "second", 3: "third"}.get(k, f"{k}th")


def _text_signal(chars: str) -> str | None:
    """The stretch of ``chars`` (``\\x00`` where a number is no character) that shows the
    structure of text, or None: words, delimited records, or identifier-like tokens."""
    for found in _STRETCH.finditer(chars):  # the pieces between \x00 of MIN_CODES or more,
        # in order (a count column spells mostly \x00: split, it was a piece per number)
        stretch = found.group(0)
        if _WORDS.search(stretch) or _tokens(stretch) or _records(stretch):
            return stretch
    return None


_STRETCH = re.compile(f"[^\x00]{{{MIN_CODES},}}")


def _tokens(stretch: str) -> bool:
    """Three identifier-like tokens in a row, each followed by a separator, of one length
    (a list of NHS numbers or dates). Counts in a narrow band around 48..57 spell long runs
    of digits too, but of lengths that vary."""
    found = [(m.start(), m.end(), len(m.group(1)), m.group(2)) for m in _TOKEN.finditer(stretch)]
    return any(a[1] == b[0] and b[1] == c[0] and a[3] and b[3] and a[2] == b[2] == c[2]
               for a, b, c in zip(found, found[1:], found[2:], strict=False))


def _records(stretch: str) -> bool:
    """Three lines or more in a row holding the same number (one or more) of one delimiter."""
    lines = re.split(r"\r?\n|\r", stretch)
    for delimiter in ",;\t|":
        counts = [line.count(delimiter) if len(line) >= 5 else 0 for line in lines]
        for k in range(len(counts) - 2):
            if counts[k] >= 1 and counts[k] == counts[k + 1] == counts[k + 2]:
                return True
    return False


# the end of the last line of a text that is neither empty nor a small number (``_SMALL``):
# a run of ``_SMALL_RUN`` never crosses one
_LAST_BREAK = re.compile(r"(?s:.*)^(?![ \t]*+(?:\d{1,3}+|[0-9A-Fa-f]{2})[ \t]*+$)[^\n]++\n",
                         re.M)


class _Restart(Exception):
    """A cell of several lines met after a carriage return was given as a line's text: the
    order's text is ``_flat_text``'s from its start (``_windows``)."""


def _windows(order: _Order, flat: bool) -> Iterator[str]:
    """``order.text()`` in consecutive pieces, each ending at a line's end, never joined
    (the 100 × 1 MiB long tables' across order was a 100 MiB string made from a list of
    as many, the parent's peak at ``-j 2``, issue 14 §3). As ``order.text()``: a screened
    file's text as read; other tables' cells one a line, every text holding a line break as
    ``\x00`` when one text of the tables' (not screened) holds a newline (``flat``;
    ``_Restart`` if that is found after a text with a carriage return went out whole)."""
    unended = ""  # a window's text after its last newline, put before the next one's
    for window in _pieces(order, flat):
        if unended:
            window = unended + window
        cut = window.rfind("\n") + 1
        unended = window[cut:]
        if cut:
            yield window[:cut] if unended else window
    if unended:
        yield unended


def _pieces(order: _Order, flat: bool) -> Iterator[str]:
    """``order.text()`` in consecutive pieces (``_windows``), as made."""
    if order.screened:
        for segment in order.segments:
            if not len(segment):
                continue
            if isinstance(segment, TextCells):
                yield segment.text
            else:  # each table's cells on their own: its own choice of flat
                try:
                    yield from _cell_windows([segment], False, False)
                except _Restart:
                    yield from _cell_windows([segment], True, False)
        return
    yield from _cell_windows(order.segments, flat, True)


def _cell_windows(segments: Sequence[object], flat: bool, restart: bool) -> Iterator[str]:
    """``_chunked_text(segments)`` a chunk at a time (``_windows``); ``restart``: raise
    ``_Restart`` rather than yield from a chunk not joined as the whole text would be
    (a segment's own windows are made in a list first, so no chunk went out)."""
    returned = False  # some chunk with a carriage return went out as joined
    made: list[str] = []
    any_text = False
    for segment in segments:
        for raws in _raw_chunks(segment):  # type: ignore[arg-type]
            if not raws:
                continue
            any_text = True
            piece = _flat_text(raws) if flat else "\n".join(raws) + "\n"
            if not flat and piece.count("\n") != len(raws):
                if returned or not restart:
                    raise _Restart
                flat = True  # the chunks given before hold no \r: flat, they are the same
                piece = _flat_text(raws)
            returned = returned or (not flat and "\r" in piece)
            if restart:
                yield piece
            else:
                made.append(piece)
    if not restart:
        yield from made
    elif not any_text:
        yield "\n"  # no text at all: _text([])


class _TextRuns:
    """``line_runs(_SMALL_RUN, text)`` over a text given a window at a time (``feed``), each
    run with its first line's number: the windows since the last line that ends a run are
    held and searched once a window brings such a line (a run of small numbers ends at a
    line that is neither empty nor one)."""

    def __init__(self) -> None:
        self.held: list[str] = []
        self.line = 0  # the held text's first line in the order

    def feed(self, window: str) -> list[tuple[int, str]]:
        found = _LAST_BREAK.search(window)
        if found is None:
            self.held.append(window)
            return []
        closed = "".join(["\n", *self.held, window[:found.end()]])
        self.held = [window[found.end():]]
        return self._runs(closed)

    def end(self) -> list[tuple[int, str]]:
        closed = "".join(["\n", *self.held])
        self.held = []
        return self._runs(closed)

    def _runs(self, led: str) -> list[tuple[int, str]]:
        base = self.line
        runs = [(base + led.count("\n", 1, start + 1), block)
                for start, block in led_runs(_SMALL_RUN, led)]
        self.line = base + led.count("\n") - 1
        return runs


def search_order(order: _Order, paths: list[str]) -> list[_Found]:
    """``_interleaved`` and ``_char_codes`` of one reading order (``paths``: each output's
    file), its text read a window at a time (``_windows``) and never held whole: its two
    blankings are joined (mostly newlines), the runs of small numbers in the text itself
    found window by window, and a decoded run's lines read again from the tables."""
    try:
        return _search_order(order, paths, False)
    except _Restart:
        return _search_order(order, paths, True)


def _search_order(order: _Order, paths: list[str], flat: bool) -> list[_Found]:
    blanker = _Blanker((_NOT_PIECE, _NOT_SMALL))
    pieces_parts: list[str] = []
    small_parts: list[str] = []
    runs = _TextRuns()
    codes: list[_Found] = []
    same = True  # the text blanked by _NOT_SMALL is the text itself

    def read(first: int, block: str) -> None:
        item = _code_block(order, lambda: first, block, STRIDES)
        if item is not None:
            codes.append(item)

    for window in _windows(order, flat):
        pieces, small = blanker.feed(window)
        pieces_parts += pieces
        small_parts += small
        same = same and "".join(small) == window
        for first, block in runs.feed(window):
            read(first, block)
        del window, pieces, small
    for first, block in runs.end():
        read(first, block)
    pieces_only = "".join(pieces_parts)
    del pieces_parts
    found = _interleaved_in(order, pieces_only, paths, partial(_lines_from, order, flat))
    del pieces_only
    skipped = "".join(small_parts)
    del small_parts
    if skipped.count("\n") == len(skipped):
        return found  # no small number in the text, so no run in it either (_char_codes)
    found += codes
    if not same:
        found += _code_runs(order, skipped, STRIDES)
    return found


def _lines_from(order: _Order, flat: bool, first: int) -> Iterator[str]:
    """The order's text's lines from line ``first`` on, read again from its tables."""
    line = 0
    for window in _windows(order, flat):
        lines = window.split("\n")[:-1]
        if line + len(lines) > first:
            yield from lines[max(first - line, 0):]
        line += len(lines)
