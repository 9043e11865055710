"""The colours pandas' ``Styler.to_latex(convert_css=True)`` writes at a cell's start.

``background_gradient`` turns each cell's CSS into ``{\\cellcolor[HTML]{F7FBFF}}
\\color[HTML]{000000} 198``: a fill and a text colour, both hex, before the cell's text;
``highlight_max()`` writes ``{\\cellcolor{yellow}} 217``, one of xcolor's base colours. Left
in, the hex digits stood beside the count and the column was not read (SDC602). The prefix is
taken off only in exactly that shape, only where the text's colour stands out from its fill
(the contrast ratio of word_look, the fill white where none is given) and only when the source
colours nothing else (no ``\\rowcolor``, ``\\columncolor``, ``\\pagecolor``, ``\\textcolor``,
no colour command inside a cell): anything else keeps its colour commands, and so its digits
set apart, as before. A 3 written white on white is still a 3 (its colour command stays, so the
cell is not read as a clean number either).
"""

from __future__ import annotations

import re

from sdc.readers.documents.word_look import MIN_CONTRAST, RGB, WHITE, contrast

# xcolor's base colours, always defined (``highlight_max()`` writes ``{\\cellcolor{yellow}}``),
# as xcolor gives them in RGB fractions; a source that defines or renames colours is refused
# (``\\definecolor``, ``\\colorlet``: ``only_cell_prefixes``)
_BASE = {"black": (0, 0, 0), "white": (1, 1, 1), "red": (1, 0, 0), "green": (0, 1, 0),
         "blue": (0, 0, 1), "cyan": (0, 1, 1), "magenta": (1, 0, 1), "yellow": (1, 1, 0),
         "gray": (.5, .5, .5), "darkgray": (.25, .25, .25), "lightgray": (.75, .75, .75),
         "brown": (.75, .5, .25), "lime": (.75, 1, 0), "olive": (.5, .5, 0),
         "orange": (1, .5, 0), "pink": (1, .75, .75), "purple": (.75, 0, .25),
         "teal": (0, .5, .5), "violet": (.5, 0, .5)}
_SPEC = r"(\[HTML\]\{[0-9A-Fa-f]{6}\}|\{(?:" + "|".join(_BASE) + r")\})"
# the prefix Styler writes: an optional braced fill, then an optional text colour (one at least)
_PREFIX = re.compile(r"\s*(?:\{\\cellcolor" + _SPEC + r"\}\s*)?(?:\\color" + _SPEC + r"\s*)?")
_ANY_COLOUR = re.compile(r"\\[A-Za-z]*colou?r[A-Za-z]*(?![A-Za-z])|\\pagecolor|\\rowcolors")
_PREFIX_ANYWHERE = re.compile(r"\{\\cellcolor" + _SPEC + r"\}|\\color" + _SPEC)


def only_cell_prefixes(source: str) -> bool:
    """Whether every colour command in ``source`` is a Styler fill or text colour."""
    return len(_ANY_COLOUR.findall(source)) == len(_PREFIX_ANYWHERE.findall(source))


def _rgb(spec: str) -> RGB:
    """``[HTML]{F7FBFF}`` or ``{yellow}`` as 0..255 values."""
    if spec.startswith("["):
        hex_colour = spec[-7:-1]
        return (int(hex_colour[0:2], 16), int(hex_colour[2:4], 16), int(hex_colour[4:6], 16))
    r, g, b = _BASE[spec[1:-1]]
    return (round(r * 255), round(g * 255), round(b * 255))


def strip_prefix(cell: str) -> str:
    """The cell without its Styler colours when they are certain to leave its text legible;
    the cell unchanged otherwise (a colour command left inside, or text like its fill)."""
    m = _PREFIX.match(cell)
    if not m or m.end() == 0 or not (m.group(1) or m.group(2)):
        return cell
    rest = cell[m.end():]
    if _ANY_COLOUR.search(rest):
        return cell
    fill = _rgb(m.group(1)) if m.group(1) else WHITE
    text = _rgb(m.group(2)) if m.group(2) else (0, 0, 0)
    if contrast(text, fill) < MIN_CONTRAST:
        return cell
    return rest
