"""Text hidden in parts of a file a reviewer does not see, turned into outputs the rules read.

Image metadata (PNG text chunks, EXIF, XMP, JPEG comments), bytes after an image's end, SVG
text, workbook parts (document properties, comments, defined names, extra zip members) and the
free text of ACRO's ``results.json`` can carry an identifier or a whole table out of the TRE.
Every such piece of text is read by something that can say no:

- a piece of several lines that parses as a delimited table becomes an output of its own (same
  path, ``sheet`` naming the part, e.g. ``fig.png[PNG text 'Comment']``) and every table rule
  applies to it (small counts, row-level data, identifier columns);
- all other pieces of a file are gathered into one text output (``fig.png[metadata]``): one
  grid row per line, the part's name in column A and its words from column B on, so the
  identifier rule (SDC604) finds NHS numbers, e-mail addresses and postcodes in them. Only
  that rule reads such a grid, so the output is kept only when a word is identifier-like.

Nothing is skipped because of what a part claims to be; text that cannot be decoded is
unreadable (SDC602, review).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sdc.identifiers import value_identifier_kind
from sdc.outputs import Output
from sdc.readers.sniffing import looks_binary
from sdc.table import Grid, RawCell, Table

if TYPE_CHECKING:
    from sdc.readers.base import ReadOptions

MAX_PART_CHARS = 20_000_000  # beyond this a part is not parsed (SDC606)
MAX_WORDS_PER_LINE = 2_000

# Words, keeping the identifiers that contain spaces whole (NHS numbers written 3-3-4, full
# postcodes): the identifier rule matches whole cells.
_WORD = re.compile(
    r"\d{3}[ -]\d{3}[ -]\d{4}(?!\d)"
    r"|(?<![A-Za-z0-9])(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])"
    r"|[^\s,;|:=&?/\\<>()\[\]{}\"']+",  # URLs and mailto: split into their words
    re.I,
)
_TRIM = "<>()[]{}\"'.,;:!?`"
# format characters that render as nothing (zero-width, soft hyphen, bidi controls, BOM),
# and the others that show nothing of their own: the combining grapheme joiner, Mongolian
# and Unicode variation selectors, interlinear annotation marks and the tag characters
# (``North`` then TAG DIGIT THREE U+E0033 shows ``North`` and carries a 3: it passed, hunt51)
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb"
                       "\U000e0000-\U000e007f\U000e0100-\U000e01ef]")
# the tag characters that spell ASCII (TAG SPACE to TAG TILDE): a hidden message, not nothing
_TAG_TEXT = re.compile("[\U000e0020-\U000e007e]+")


def without_invisible(text: str) -> str:
    """``text`` as it shows, with what its tag characters spell set apart after it: a run of
    tag characters spells ASCII no page shows (``North`` then TAG DIGIT THREE carries a 3,
    hunt51), and is read, the other invisible characters dropped."""
    spelt = _TAG_TEXT.sub(lambda m: " " + "".join(chr(ord(c) - 0xE0000) for c in m[0]) + " ",
                          text)
    return INVISIBLE.sub("", spelt)


# a terminal's control sequences (``ESC[1m``, colour, ``ESC[8m`` concealed text; an OSC title):
# no text a page or a table shows. Left in, the letters they end on glued to the number after
# them (``ESC[8m3`` read as the code ``8m3``): ``North ESC[8m3ESC[0m`` passed (hunt50)
TERMINAL_CODES = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])?")


@dataclass
class TextPart:
    """A piece of text found in a part of a file: where it was, and what it says."""

    name: str  # "PNG text 'Comment'", "bytes after the PNG end", "docProps/core.xml", ...
    text: str
    words_only: bool = False  # short pieces joined one a line (a PDF's strings): never a table


def words(line: str) -> list[str]:
    """The words of a line, punctuation trimmed, identifiers with spaces kept whole."""
    line = INVISIBLE.sub("", line)  # a number split by zero-width spaces is one word
    found = (m.group(0).strip(_TRIM) for m in _WORD.finditer(line))
    return [w for w in found if w][:MAX_WORDS_PER_LINE]


def looks_tabular(text: str) -> bool:
    """Several lines that a delimiter splits into the same number (≥ 2) of fields."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) < 2:
        return False
    from sdc.readers.csv_reader import sniff_dialect  # the CSV reader: when a part is text

    dialect = sniff_dialect("\n".join(lines[:30]))
    try:
        widths = [len(r) for r in csv.reader(lines[:200], dialect)]
    except csv.Error:
        return False
    modal = max(set(widths), key=widths.count)
    return modal >= 2 and widths.count(modal) >= max(2, len(widths) * 0.6)


def part_outputs(base: Output, parts: list[TextPart], options: ReadOptions,
                 words_sheet: str = "metadata") -> list[Output]:
    """Outputs for the text found in ``base``'s hidden parts (see the module doc)."""
    outputs: list[Output] = []
    loose: list[TextPart] = []
    for part in parts:
        if not part.text.strip():
            continue
        if len(part.text) > MAX_PART_CHARS:
            out = _derived(base, part.name, part.text)
            out.too_large = f"{len(part.text):,} characters of text in {part.name}"
            out.unreadable = f"not parsed: {out.too_large}"
            outputs.append(out)
        elif looks_binary(part.text):
            out = _derived(base, part.name, part.text)
            out.unreadable = (f"{part.name} holds binary data that sdc cannot read; a person "
                              "must check it")
            outputs.append(out)
        elif (not part.words_only and looks_tabular(part.text)
              and (table_out := _table_output(base, part, options))):
            outputs.append(table_out)
        else:
            loose.append(part)
    return [*words_outputs(base, loose, words_sheet), *outputs]


def words_outputs(base: Output, parts: list[TextPart], words_sheet: str = "metadata"
                  ) -> list[Output]:
    """The parts' words as one grid for the identifier rule, or nothing: only that rule reads
    a word grid, so without an identifier-like word it could say nothing, and an empty output
    on every image and workbook would be noise. The words are asked first, each distinct one
    once (a workbook's cells repeat their texts on every row), and the grid is made only when
    one is identifier-like: the same grid, the same answer, without a cell per word of a
    table of 178,000 texts that holds none (issue 14 §3)."""
    if not parts:
        return []
    lines = _part_lines(parts)
    seen = {w for _name, tokens in lines for w in tokens}
    if not any(value_identifier_kind(w) for w in seen):
        return []
    out = _derived(base, words_sheet, "\n".join(p.text for p in parts))
    out.table = _lines_table(lines, base.path, words_sheet)
    return [out]


def _derived(base: Output, sheet: str, text: str) -> Output:
    sheet = f"{base.sheet}: {sheet}" if base.sheet else sheet
    return Output(path=base.path, file=base.file, extension=base.extension,
                  size=len(text.encode("utf-8", "replace")), sha256=base.sha256, sheet=sheet,
                  kind="document", text_checked=True)


def _table_output(base: Output, part: TextPart, options: ReadOptions) -> Output | None:
    """The part read as a CSV; None when it is not a table after all (then it is words)."""
    from sdc.readers.csv_reader import read_csv_text

    out = _derived(base, part.name, part.text)
    read_csv_text(out, part.text, markers=options.markers,
                  total_labels=list(options.total_labels),
                  max_rows=options.max_rows, max_columns=options.max_columns)
    if out.table is None and not out.too_large:
        return None
    if out.table is not None and out.table.kind != "unknown":
        out.kind = out.table.kind
    return out


def words_table(parts: list[TextPart], path: str, sheet: str) -> Table:
    """A grid of words, one row per line of text, the part's name in column A.

    It has no header, dimensions or measures: only rules that read every cell of the grid (the
    identifier rule) apply to it, and no data rows, so it is never mistaken for records.
    """
    return _lines_table(_part_lines(parts), path, sheet)


def _part_lines(parts: list[TextPart]) -> list[tuple[str, list[str]]]:
    """Each line of the parts that has a word: its part's name and its words (``words`` of
    each distinct line once; the lists are shared between equal lines and never changed)."""
    known: dict[str, list[str]] = {}
    lines: list[tuple[str, list[str]]] = []
    for part in parts:
        for line in part.text.splitlines():
            tokens = known.get(line)
            if tokens is None:
                tokens = known[line] = words(line)
            if tokens:
                lines.append((part.name, tokens))
    return lines


def _lines_table(lines: list[tuple[str, list[str]]], path: str, sheet: str) -> Table:
    grid: list[list[RawCell]] = []
    for row, (name, tokens) in enumerate(lines, start=1):
        cells = [RawCell(row=row, col=1, raw=name)]
        cells += [RawCell(row=row, col=j + 2, raw=w) for j, w in enumerate(tokens)]
        grid.append(cells)
    return Table(path=path, sheet=sheet, dimensions=[], row_dimensions=[], column_dimensions=[],
                 measures=[], cells=[], layout="text", grid=Grid(grid))
