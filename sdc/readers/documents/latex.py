"""LaTeX tables (pandas ``to_latex``, ``stargazer``, ``modelsummary``, ``esttab``, ``kableExtra``):
``tabular``/``tabular*``/``tabularx``/``longtable`` bodies become text grids; the rest of the
source is located text.

Rows end at ``\\\\``, cells at unescaped ``&``. ``\\multicolumn{n}{..}{x}`` repeats ``x`` over
``n`` columns and ``\\multirow{n}{..}{x}`` over ``n`` rows, as merged cells are elsewhere. Rules
(``\\hline``, booktabs), formatting commands and math mode are stripped to the text a reader of
the PDF sees; significance stars stay attached to their number (the value reader knows them).
"""

from __future__ import annotations

import re

from sdc.readers.documents.edges import APART, resolve
from sdc.readers.documents.latex_colours import only_cell_prefixes, strip_prefix
from sdc.readers.documents.model import Document, Flag, TextPart, TextTable
from sdc.readers.documents.source_notes import (
    comment_numbers,
    keys_beside_labels,
    table_labels,
    unread_keys,
)
from sdc.readers.parts import looks_tabular

_ENV = re.compile(r"\\begin\{(tabular\*?|tabularx|longtable|longtabu|tabu|array)\}")
_RULES = re.compile(
    r"\\(hline|toprule|midrule|bottomrule|endhead|endfirsthead|endfoot|endlastfoot|"
    r"addlinespace|noalign\{[^}]*\}|hhline\{[^}]*\}|specialrule\{[^}]*\}\{[^}]*\}\{[^}]*\})"
    r"(\[[^\]]*\])?")
_CLINE = re.compile(r"\\(cline|cmidrule)(\([^)]*\))?(\[[^\]]*\])?\{[^}]*\}")
_CAPTION = re.compile(r"\\caption(\[[^\]]*\])?\{")
_COMMENT = re.compile(r"(?<!\\)%.*$", re.M)
# a tabular row: cells split by an unescaped & with a digit among them
_TABLE_ROW = re.compile(r"(?<!\\)&.*\d|\d.*(?<!\\)&")
# \phantom, \hphantom and \vphantom typeset blank space the size of their argument
_PHANTOM = re.compile(r"\\[hv]?phantom(?![A-Za-z])\s*")
# what a phantom holds when it only pads a number to align a column (``\phantom{0}3``,
# ``12\phantom{.0}``, ``\phantom{-}0.5``): zeros, signs, points, brackets, stars
_PADDING = re.compile(r"[0\s.,\-+\u2212()\[\]*%$]*")
# text TeX skips: ``\iffalse ... \fi`` (nested conditionals are not followed: to the first \fi)
_IFFALSE = re.compile(r"\\iffalse(?![A-Za-z])(.*?)(\\fi(?![A-Za-z])|\Z)", re.S)
# threeparttable's footnote mark, typeset as a superscript beside the number
_TNOTE = re.compile(r"\\tnote\s*\{([^{}]*)\}")
# ``\textsuperscript{3}`` is raised as a footnote mark is: its digits no number takes in
_TEXTSUPERSCRIPT = re.compile(r"\\textsuperscript\s*\{([^{}]*)\}")
_SUPERSCRIPTS = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077"
                              "\u2078\u2079")
# ``\textsubscript{3}`` is lowered as a formula's digit is (``CO\textsubscript{2}``): read as
# the lowered digit, which glued after a name no formula spells is a number (``West₃``;
# read ``West|3|`` it passed as a name, hunt53)
_TEXTSUBSCRIPT = re.compile(r"\\textsubscript\s*\{([0-9]+)\}")
_SUBSCRIPTS = str.maketrans("0123456789", "".join(chr(0x2080 + i) for i in range(10)))
# typeset without width, so what follows overlaps it (``\rlap{1}3`` shows one glyph over
# another where the source reads 13): ``\rlap``/``\llap``/``\clap`` and their math forms,
# a box of zero width
_OVERLAP = re.compile(r"\\(?:(?:math)?[rlc]lap(?![A-Za-z])|"
                      r"makebox\s*\[\s*[+-]?0*\.?0*\s*(?:\\?[A-Za-z]+)?\s*\](?:\s*\[[^\]]*\])?|"
                      r"hbox\s*to\s*[+-]?0*\.?0*\s*(?:\\?[A-Za-z]+)?)\s*")
# what a lap may hold and stay beside its number: significance marks (``0.25\rlap{$^{***}$}``)
_MARKS_ONLY = re.compile(r"[\s*\u2020\u2021+]*")
# space that moves the next glyph back over the last one (``1\kern-0.5em3``)
_NEGATIVE_SPACE = re.compile(
    r"\\(?:hspace\*?\s*\{\s*-[^}]*\}|kern\s*-\s*[\d.]*\s*\\?[A-Za-z@]+|"
    r"[hm]skip\s*-\s*[\d.]*\s*\\?[A-Za-z@]+(?:\s*(?:plus|minus)\s*-?\s*[\d.]*\s*\\?[A-Za-z@]+)*|"
    r"mkern\s*-\s*[\d.]*\s*mu|neg(?:thin|med|thick)space(?![A-Za-z])|!)")
# commands whose leading arguments are sizes, angles or settings the page does not print
# (``\scalebox{1}{3}`` read as 13, ``\rotatebox{90}{3}`` as 903): (optional, mandatory)
# parameters before the shown argument, and whether there is a shown argument
_PARAMETERS = {"scalebox": ("{[", True), "rotatebox": ("[{", True),
               "resizebox": ("{{", True), "raisebox": ("{[[", True),
               "linespread": ("{", False), "fontsize": ("{{", False),
               "setlength": ("{{", False), "addtolength": ("{{", False),
               "setcounter": ("{{", False), "addtocounter": ("{{", False),
               "rule": ("[{{", False), "vspace": ("{", False), "hspace": ("{", False)}
_PARAMETER_COMMAND = re.compile(r"\\(" + "|".join(_PARAMETERS) + r")(?![A-Za-z])\*?\s*")
_ZERO = re.compile(r"\s*[+-]?0*\.?0*\s*(?:[A-Za-z]+)?\s*")
# a source that changes what its characters mean (``\\catcode`\\1=9`` drops every 1)
_CATCODE = re.compile(r"\\(?:catcode|mathcode|active|lccode|uccode|sfcode)(?![A-Za-z])")
_COMMAND = re.compile(r"\\([A-Za-z@]+)\*?")
# known commands that typeset nothing a reader sees (font, size and shape switches, struts,
# alignment, accents and wrappers whose argument is read): dropped even between two digits.
_PRINTS_NOTHING = frozenset(re.split(r"\s+", """
textbf textit emph textrm textsf texttt textup textsl textsc textmd textnormal text mathrm
mathbf mathit mathsf mathtt mathnormal mathbb boldsymbol bm num si SI tablenum qty unit
makecell shortstack underline mbox hbox footnotesize small scriptsize tiny large Large LARGE
huge Huge normalsize selectfont bfseries mdseries itshape upshape slshape scshape rmfamily
sffamily ttfamily normalfont em bf it rm sf tt sc sl boldmath unboldmath displaystyle
textstyle scriptstyle scriptscriptstyle ensuremath relax strut mathstrut null centering
raggedleft raggedright RaggedLeft RaggedRight Centering left right big Big bigl bigr Bigl
Bigr noindent sym tnote hat bar tilde widehat widetilde overline
""".strip()))
# known commands that print space or break the line: a space, not nothing
_SPACING = frozenset({"hfill", "hfil", "hss", "quad", "qquad", "enspace", "enskip", "space",
                      "nobreakspace", "medspace", "thickspace", "newline", "linebreak", "par",
                      "tabularnewline"})
# commands that only format, size, space or name a symbol: dropped from a cell's text as
# before. Any other command beside a digit (a macro the document defines, ``\@gobble``, a
# conditional) may change what the page shows, so it sets the digits on its two sides apart.
# Every known command not in ``_PRINTS_NOTHING`` prints a glyph (``\ldots``, ``\cdot``,
# ``\dagger``, a Greek letter, ``\vline``) or space: between two digits it sets them apart
# (``3\cdot0`` shows 3·0, not 30)
_KNOWN = _PRINTS_NOTHING | _SPACING | frozenset(re.split(r"\s+", """
textdagger dagger ddagger textdaggerdbl ast star textasteriskcentered bullet textbullet
checkmark dots ldots cdots textellipsis cdot sim approx le ge lt gt leq geq neq ne infty pm
mp times minus textminus textendash textemdash percent textperthousand degree textdegree
euro texteuro pounds textsterling textdollar textless textgreater S P thinspace vline hline
toprule midrule bottomrule cmidrule addlinespace
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi
pi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma
Upsilon Phi Psi Omega
""".strip()))
# names the source defines for itself: what they typeset is not known from their name
_DEFINED = re.compile(
    r"\\(?:(?:[egx]?def|let|global\s*\\[egx]?def)\s*\\([A-Za-z@]+)|"
    r"(?:(?:re|provide)?newcommand|DeclareRobustCommand|(?:New|Renew|Provide|Declare)"
    r"(?:Expandable)?DocumentCommand|DeclareMathOperator)\*?\s*\{?\s*\\([A-Za-z@]+))")


# a column spec's text put in every row: ``@{..}`` and ``!{..}`` between columns, ``>{..}``
# before and ``<{..}`` after each cell of a column
_SPEC_INSERT = re.compile(r"[@!<>]\s*\{")
# what such text holds that prints nothing: colour commands and their colour, options,
# lengths and factors of a length, assignments (``\\hsize=.5\\hsize``)
_SPEC_SETTING = re.compile(
    r"\\(?:column|cell|row)?colou?r\s*(?:\[[^\]]*\])?\s*\{[^}]*\}|\[[^\]]*\]|"
    r"[-+]?\d*\.?\d+\s*(?:pt|em|ex|cm|mm|in|bp|pc|sp|mu|dd|cc)(?![A-Za-z])|"
    r"=\s*[-+]?\d*\.?\d+|[-+]?\d*\.?\d+\s*(?=\\[A-Za-z])")


# siunitx commands' options, and the keys that change the number printed by a power of ten:
# an exponent moved or dropped (``drop-exponent`` with ``fixed-exponent=1`` prints 30 as 3).
# Rounding is left: the number read is the one printed but for its last digits (2.6 shown as
# 3 is still a count under the threshold)
_NUMBER_OPTIONS = re.compile(r"\\(?:num|SI|si|qty|tablenum|numlist|numrange|numproduct)\s*"
                             r"\[([^\]]*)\]")
_SISETUP = re.compile(r"\\sisetup\s*\{([^}]*)\}")
_CHANGES_THE_NUMBER = re.compile(r"exponent|scientific|engineering", re.I)


def _balanced(text: str, start: int) -> tuple[str, int]:
    """The content of the brace group opening at ``text[start] == '{'`` and the index after."""
    depth, i = 0, start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i + 1
        i += 1
    return text[start + 1:], len(text)


def _skip_spec(text: str, i: int) -> int:
    """Skip the environment's arguments: optional ``[pos]``, a width for ``tabular*``/``x``,
    and the column spec ``{...}``."""
    while i < len(text) and text[i] in " \n\t":
        i += 1
    while i < len(text) and text[i] in "[{":
        if text[i] == "[":
            end = text.find("]", i)
            i = end + 1 if end >= 0 else len(text)
        else:
            _, i = _balanced(text, i)
        while i < len(text) and text[i] in " \n\t":
            i += 1
    return i


# textcomp's commands that print a number (``\textthreesuperior`` ³, ``\textonehalf`` ½,
# ``\textthreeoldstyle`` 3): dropped as unknown commands, a count cell of
# ``\textthreesuperior`` read blank and passed (hunt51); read as the character they print
_TEXTCOMP_NUMBERS = {
    **{f"text{w}superior": ch for w, ch in (("one", "¹"), ("two", "²"), ("three", "³"))},
    **{f"text{w}oldstyle": str(i) for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])},
    "textonehalf": "½", "textonequarter": "¼", "textthreequarters": "¾"}
_TEXTCOMP_NUMBER = re.compile(r"\\(" + "|".join(_TEXTCOMP_NUMBERS) + r")(?![A-Za-z@])\s*(?:\{\})?")


def clean(cell: str, defined: frozenset[str] = frozenset()) -> str:
    """The text a reader sees: commands unwrapped, math and escapes resolved. Nothing joins
    digits the page does not join: text typeset over its neighbour or moved back onto it, and
    digits beside a command whose effect is not known, stand apart (``1|3``: no one number,
    as an element's edge does in HTML). ``defined`` names the commands the source defines."""
    s = cell.strip()
    # a command the source defines is not the one the reader knows by its name (esttab's
    # ``\\sym`` and threeparttable's ``\\tnote`` hold marks whatever they typeset: read below)
    renamed = defined - {"sym", "tnote"}
    if renamed:
        s = re.sub(r"\\(" + "|".join(map(re.escape, sorted(renamed))) + r")(?![A-Za-z@])",
                   r"\\@\1", s)
    # siunitx options that change the number printed (``\\num[drop-exponent=true,...]{30}``
    # shows 3): the digits stand apart, no one number (SDC602)
    s = _NUMBER_OPTIONS.sub(lambda m: "|" + m.group(0) if _CHANGES_THE_NUMBER.search(m.group(1))
                            else m.group(0), s)
    s = _apart(s)
    # ``3\\tnote{1}`` read as 31 where the page shows a 3 with a mark: the mark's digits are
    # superscripts, so no number takes them in
    s = _TNOTE.sub(lambda m: m.group(1).translate(_SUPERSCRIPTS), s)
    s = _TEXTSUPERSCRIPT.sub(lambda m: m.group(1).translate(_SUPERSCRIPTS), s)
    s = _TEXTSUBSCRIPT.sub(lambda m: m.group(1).translate(_SUBSCRIPTS), s)
    # a wrapper's name whole: ``\textcolor`` is no ``\text``, ``\sim`` no ``\si``,
    # ``\textless`` the marker's ``<`` (read below), not ``less``
    s = re.sub(r"\\(textbf|textit|emph|textrm|textsf|texttt|mathrm|mathbf|text|num|si|"
               r"makecell|shortstack|underline|mbox|hbox|footnotesize|small|"
               r"scriptsize|tiny|large|Large)(?![A-Za-z@])\s*(\[[^\]]*\])?\s*", "", s)
    # esttab's significance mark, typeset as a superscript: stars, or digits no number takes in
    s = re.sub(r"\\sym\{([^}]*)\}", lambda m: m.group(1).translate(_SUPERSCRIPTS), s)
    s = s.replace("\\%", "%").replace("\\&", "&").replace("\\_", "_").replace("\\$", "$")
    s = s.replace("\\#", "#").replace("$<$", "<").replace("$>$", ">").replace("\\textless", "<")
    s = s.replace("\\textgreater", ">").replace("\\leq", "≤").replace("\\geq", "≥")
    s = s.replace("\\pm", "±").replace("\\times", "×").replace("---", "—").replace("--", "-")
    s = _TEXTCOMP_NUMBER.sub(lambda m: _TEXTCOMP_NUMBERS[m.group(1)], s)
    s = _thin_spaces(s)
    s = s.replace("~", " ").replace("\\,", "").replace("\\ ", " ").replace("\\\\", " ")
    s = re.sub(r"\^\{?(\*+|†+|[a-z])\}?", r"\1", s)  # superscript stars and letters
    s = s.replace("$", "").replace("\\(", "").replace("\\)", "")  # inline math: \(N\)
    s = _commands(s, defined)
    s = s.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", resolve(s)).strip()


def _thin_spaces(s: str) -> str:
    """A thin space between digits groups thousands only before three digits (``3\\,000``);
    elsewhere (``3\\,0``, ``3\\thinspace 0``) it is a space the page shows between them."""
    s = re.sub(r"\\thinspace(?![A-Za-z])\s*", r"\\,", s)
    return re.sub(r"(?<=\d)\\,(?=\d)(?!\d{3}(?!\d))", " ", s)


def _apart(s: str) -> str:
    """The cell with overlapping text, negative space and size or angle parameters resolved:
    an overlapping argument stands apart (``|1|3``, ``|<|3``: not the marker ``<3``), one
    holding only significance marks (``0.25\\rlap{$^{***}$}``) stays beside its number;
    negative space is an edge; a size, angle or setting is no text, and content scaled to
    nothing stands apart."""
    s = _NEGATIVE_SPACE.sub("|", s)
    out: list[str] = []
    pos = 0
    for m in _OVERLAP.finditer(s):
        if m.start() < pos:
            continue
        out.append(s[pos:m.start()])
        arg, pos = _argument(s, m.end())
        out.append(arg if _MARKS_ONLY.fullmatch(clean(arg)) else f"|{arg}|")
    out.append(s[pos:])
    s = "".join(out)
    out, pos = [], 0
    for m in _PARAMETER_COMMAND.finditer(s):
        if m.start() < pos:
            continue
        out.append(s[pos:m.start()])
        spec, shown = _PARAMETERS[m.group(1)]
        i, zero, values = m.end(), False, []
        for kind in spec:
            j = i
            while j < len(s) and s[j].isspace():
                j += 1
            if kind == "[" and s[j:j + 1] == "[":
                end = s.find("]", j)
                end = end if end >= 0 else len(s) - 1
                value, i = s[j + 1:end], end + 1
            elif kind == "{":
                value, i = _argument(s, j)
                values.append(value)
            else:
                continue
            zero = zero or (m.group(1) in ("scalebox", "resizebox", "fontsize")
                            and not (m.group(1) == "fontsize" and len(values) > 1)
                            and _tiny(value, m.group(1)))
        if not shown:
            pos = i
            if zero:  # ``\\fontsize{0.1}{0}\\selectfont 1``: what follows is no one number
                out.append("|")
            elif m.group(1) == "hspace" and not _ZERO.fullmatch(values[0]):
                out.append(" ")  # ``3\\hspace{5cm}0`` shows 3 and 0 apart, not 30
            continue
        arg, pos = _argument(s, i)
        upside_down = m.group(1) == "rotatebox" and _turn(values) == 180  # a 6 reads as 9
        if (zero or upside_down) and re.search(r"\d", arg):
            out.append(f"|{arg}|")
        elif _moved(m.group(1), values):  # apart from a digit or sign beside it
            out.append(f"{APART}{{{arg}}}{APART}")
        else:
            out.append("{" + arg + "}")
    out.append(s[pos:])
    return "".join(out)


def _tiny(value: str, command: str) -> bool:
    """A scale under a fifth, a box under 2 points, or a font under 2 points: what it holds
    is not seen (``\\scalebox{0.01}{1}3`` shows 3)."""
    m = re.match(r"\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*(\\?[A-Za-z]*)", value)
    if not m:
        return False
    size, unit = abs(float(m.group(1))), m.group(2)
    if command == "scalebox" or unit.startswith("\\"):  # a factor, or a share of a length
        return size < 0.2
    return size < (2 if unit in ("", "pt", "bp", "px", "sp", "dd") else 0.7 if unit == "mm"
                   else 0.1)


def _moved(command: str, values: list[str]) -> bool:
    """Content raised or lowered (``\\raisebox{20pt}{1}3``), or turned so a digit reads as
    another (``\\rotatebox{180}{6}`` shows 9; any angle not a quarter turn)."""
    if not values:
        return False
    if command == "raisebox":
        return not _ZERO.fullmatch(values[0])
    if command == "rotatebox":
        angle = _turn(values)
        return angle is None or angle % 90 != 0
    return False


def _turn(values: list[str]) -> float | None:
    try:
        return float(values[0]) % 360 if values else 0.0
    except ValueError:
        return None


def _argument(s: str, i: int) -> tuple[str, int]:
    """The argument starting at ``s[i]`` (after spaces): a brace group or one token."""
    while i < len(s) and s[i].isspace():
        i += 1
    if i >= len(s):
        return "", i
    if s[i] == "{":
        return _balanced(s, i)
    m = _COMMAND.match(s, i)
    if m:
        return m.group(0), m.end()
    return s[i], i + 1


def _commands(s: str, defined: frozenset[str]) -> str:
    """Every remaining command name dropped; one the reader does not know (or the source
    defines) beside a digit, or holding one in its arguments, sets them apart: ``\\eat13``
    (a macro eating the 1) and ``3\\@gobble0`` are no one number."""
    out: list[str] = []
    pos = 0
    for m in _COMMAND.finditer(s):
        if m.start() < pos:
            continue
        out.append(s[pos:m.start()])
        pos = m.end()
        if m.group(1) in _KNOWN and m.group(1) not in defined:
            if m.group(1) in _SPACING:  # ``3\\quad0`` shows 3 and 0 apart, not 30
                out.append(" ")
            elif m.group(1) not in _PRINTS_NOTHING and _between_digits(out, s[pos:]):
                out.append("|")
            continue
        groups: list[str] = []
        while True:
            j = pos
            while j < len(s) and s[j] == " ":
                j += 1
            if j >= len(s) or s[j] != "{":
                break
            group, pos = _balanced(s, j)
            groups.append(group)
        before = "".join(out).rstrip(" {}")[-1:]
        after = s[pos:].lstrip(" {}")[:1]
        if before.isdigit() or after.isdigit() or any(re.search(r"\d", g) for g in groups):
            out.append("|" + "".join(g + "|" for g in groups))
        else:
            out.append("".join(groups))
    out.append(s[pos:])
    return "".join(out)


def _between_digits(before: list[str], after: str) -> bool:
    """Whether a digit stands on each side of a command (spaces and braces aside)."""
    last = "".join(before).rstrip(" {}")[-1:]
    return last.isdigit() and after.lstrip(" {}")[:1].isdigit()


def _split_cells(row: str) -> list[str]:
    cells, depth, current, i = [], 0, [], 0
    while i < len(row):
        ch = row[i]
        if ch == "\\" and i + 1 < len(row):
            current.append(row[i:i + 2])
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "&" and depth == 0:
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    cells.append("".join(current))
    return cells


# the spacing a row end takes from the next line: a length only (a ``[c]`` there is text)
_ROW_SPACING = re.compile(r"[ \t]*\n?[ \t]*\[\s*-?(\d+\.?\d*|\.\d+)\s*"
                          r"(em|ex|pt|mm|cm|in|bp|pc|dd|cc|sp)\s*\]")


def _split_rows(body: str) -> list[str]:
    rows: list[str] = []
    current: list[str] = []
    depth, i = 0, 0
    while i < len(body):
        if body.startswith("\\\\", i) and depth == 0:
            rows.append("".join(current))
            current = []
            i += 2
            if i < len(body) and body[i] == "[":  # \\[2pt]
                end = body.find("]", i)
                i = end + 1 if end >= 0 else i
            elif spacing := _ROW_SPACING.match(body, i):
                # ``\\`` looks past spaces and a line end for its spacing: esttab writes
                # ``\\`` then ``[1em]`` on the next line (a gap, nothing the page prints)
                i = spacing.end()
            continue
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current.append(body[i:i + 2])
            i += 2
            continue
        depth += ch == "{"
        depth -= ch == "}"
        current.append(ch)
        i += 1
    rows.append("".join(current))
    return rows


def _expand(row_cells: list[str], pending: dict[int, tuple[int, str]],
            defined: frozenset[str] = frozenset(), styler: bool = False) -> list[str]:
    """Apply \\multicolumn and \\multirow. ``pending`` maps a column to the rows a multirow
    still covers and its text: LaTeX leaves those cells empty, a reader sees the label.
    ``styler``: the source colours only cells' starts, as pandas' Styler does (latex_colours)."""
    out: list[str] = []
    for raw in row_cells:
        col = len(out)
        span, text = 1, (strip_prefix(raw) if styler else raw).strip()
        m = re.match(r"\\multicolumn\s*\{(\d+)\}", text)
        if m:
            _, after_spec = _balanced(text, text.index("{", m.end()))
            brace = text.find("{", after_spec)
            text = _balanced(text, brace)[0] if brace >= 0 else ""
            span = max(1, int(m.group(1)))
        m = re.match(r"\\multirow\s*(\[[^\]]*\])?\s*\{(-?\d+)\}", text)
        if m:
            rows, i, arg = abs(int(m.group(2))), m.end(), ""
            for _ in range(2):  # the width argument, then the text
                while i < len(text) and text[i] in " \t[":
                    i = text.find("]", i) + 1 if text[i] == "[" else i + 1
                arg, i = _balanced(text, i) if i < len(text) and text[i] == "{" else ("", i)
            text = arg
            for k in range(span):
                if rows > 1:
                    pending[col + k] = (rows - 1, clean(text, defined))
        elif not text and col in pending:
            left, carried = pending.pop(col)
            text = carried
            if left > 1:
                pending[col] = (left - 1, carried)
        out.extend([clean(text, defined)] * span)
    return out


def read_latex(source: str) -> Document:
    doc = Document()
    # comments are not typeset but leave with the source: searched for identifiers (tools
    # such as stargazer write their name and a date in them); a table in them is flagged and
    # its numbers are not understood (SDC602)
    comments = [(source.count("\n", 0, m.start()) + 1, m.group(0)[1:].strip())
                for m in _COMMENT.finditer(source)]
    comments = [(line, c) for line, c in comments if c]
    tabular = looks_tabular("\n".join(c for _, c in comments))
    # one commented-out row of a tabular (``% West & 3 \\``) is a table's row too
    row_lines = [line for line, c in comments if _TABLE_ROW.search(c)]
    if tabular or row_lines:
        doc.flags.append(Flag("comment", f"{len(comments)} comment line(s) in the LaTeX "
                              "source hold a table the typeset document does not show"))
    # a comment's own numbers are named as prose's are (``% North deaths: 3``), a tool's
    # stamp (version, date) set aside
    doc.text.extend(TextPart(f"comment on line {line}", c, hidden=True,
                             numbers_accounted=not (tabular or line in row_lines
                                                    or comment_numbers(c)))
                    for line, c in comments)
    text = _phantoms(_skipped(_COMMENT.sub("", source), doc), doc)
    # a cross-reference key is never typeset but leaves with the source: read as a label
    doc.text.extend(TextPart(f"cross-reference key on line {line}", words, hidden=True)
                    for line, words in unread_keys(_COMMENT.sub("", source)))
    defined = frozenset(a or b for a, b in _DEFINED.findall(text))
    if any(_CHANGES_THE_NUMBER.search(m.group(1)) for m in _SISETUP.finditer(text)):
        doc.flags.append(Flag("hidden text", "the LaTeX source sets siunitx to print numbers "
                              "other than it holds (exponents dropped or moved): the page may "
                              "not show the numbers read"))
    if _CATCODE.search(text):
        doc.flags.append(Flag("hidden text", "the LaTeX source changes how TeX reads its "
                              "characters (\\catcode, \\active): what the page shows cannot "
                              "be read from the source"))
    consumed: list[tuple[int, int]] = []
    styler = not defined and only_cell_prefixes(text)  # no macro may stand for a colour
    for m in _ENV.finditer(text):
        env = m.group(1)
        body_start = _skip_spec(text, m.end())
        _spec_text(text[m.end():body_start], text.count("\n", 0, m.start()) + 1, doc)
        end_tag = f"\\end{{{env}}}"
        end = text.find(end_tag, body_start)
        if end < 0:
            end = len(text)
        body = text[body_start:end]
        caption = None
        cap = _CAPTION.search(body)
        if cap:
            caption = clean(_balanced(body, cap.end() - 1)[0])
            body = body[:cap.start()] + body[_balanced(body, cap.end() - 1)[1]:]
        body = _CLINE.sub("", _RULES.sub("", body))
        body = re.sub(r"\\label\{[^}]*\}", "", body)
        pending: dict[int, tuple[int, str]] = {}
        rows = []
        for row in _split_rows(body):
            if not row.strip():
                continue
            rows.append(_expand(_split_cells(row), pending, defined, styler))
        if rows:
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            caption = caption or _float_caption(text, m.start(), end)
            doc.tables.append(TextTable(index=len(doc.tables) + 1, rows=rows, caption=caption,
                                        first_line=text.count("\n", 0, body_start) + 1))
        consumed.append((m.start(), end + len(end_tag)))
    _prose(text, consumed, doc)
    # a key a label would pass that sets a number beside a label of the tables
    # (``tab:north-3`` beside a North row): a value for that label
    labels = table_labels([t.rows for t in doc.tables])
    doc.text.extend(TextPart(f"cross-reference key on line {line}", words, hidden=True)
                    for line, words in keys_beside_labels(_COMMENT.sub("", source), labels))
    return doc


def _spec_text(spec: str, line: int, doc: Document) -> None:
    """Text a column spec prints in every row (``@{ (3)}``, ``!{3}``, ``>{3}``, ``<{3}``) is
    on the page but in no cell: ``lr@{ (3)}`` shows ``30 (3)`` where the cell reads 30. Its
    numbers are the document's text (SDC602), past lengths, factors of a length (``6pt``,
    ``.5\\hsize``), colours (``gray!20``) and options, which print nothing."""
    for m in _SPEC_INSERT.finditer(spec):
        inserted = _balanced(spec, m.end() - 1)[0]
        inserted = _SPEC_SETTING.sub(" ", inserted)
        shown = clean(inserted)
        if re.search(r"\d", shown):
            doc.text.append(TextPart(f"column spec on line {line}", shown))


def _skipped(text: str, doc: Document) -> str:
    """The source without what ``\\iffalse ... \\fi`` skips (as the page shows it), the
    skipped text read as hidden text and flagged: ``3\\iffalse0\\fi`` read as 30 where the
    page shows 3."""
    skipped: list[tuple[int, str]] = []

    def cut(m: re.Match[str]) -> str:
        if m.group(1).strip():
            skipped.append((text.count("\n", 0, m.start()) + 1, m.group(1).strip()))
        return "\n" * m.group(0).count("\n")  # keep the line numbers

    out = _IFFALSE.sub(cut, text)
    doc.text.extend(TextPart(f"\\iffalse on line {line}", clean(body), hidden=True)
                    for line, body in skipped)
    if skipped:
        doc.flags.append(Flag("hidden text", f"{len(skipped)} \\iffalse block(s) hold text "
                              "the typeset document does not show"))
    return out


def _phantoms(text: str, doc: Document) -> str:
    """The source with every phantom's argument taken out, as the typeset page shows it.

    Left in, ``\\phantom{1}3`` read as 13 where the page shows 3, and ``3\\phantom{0}`` as
    30. What a phantom holds still leaves with the source: beyond alignment padding (zeros,
    signs, points) it is hidden text (SDC605, its numbers named by SDC602)."""
    out: list[str] = []
    pos, hidden = 0, 0
    for m in _PHANTOM.finditer(text):
        if m.start() < pos:  # inside an argument already taken out
            continue
        if m.end() < len(text) and text[m.end()] == "{":
            arg, after = _balanced(text, m.end())
        else:  # a one-token argument: ``\phantom0``
            arg, after = text[m.end():m.end() + 1], m.end() + 1
        out.append(text[pos:m.start()])
        out.append("\n" * arg.count("\n"))  # keep the line numbers
        pos = after
        shown = clean(arg)
        if shown and not _PADDING.fullmatch(shown):
            hidden += 1
            doc.text.append(TextPart(f"phantom on line {text.count(chr(10), 0, m.start()) + 1}",
                                     shown, hidden=True))
    out.append(text[pos:])
    if hidden:
        doc.flags.append(Flag("hidden text", f"{hidden} \\phantom argument(s) hold text the "
                              "typeset document does not show"))
    return "".join(out)


def _float_caption(text: str, start: int, end: int) -> str | None:
    """The \\caption of the table float around the tabular, if any."""
    begin = text.rfind("\\begin{table", 0, start)
    close = text.find("\\end{table", end)
    if begin < 0 or close < 0:
        return None
    cap = _CAPTION.search(text, begin, close)
    return clean(_balanced(text, cap.end() - 1)[0]) if cap else None


# esttab's own definition of its significance mark, exactly as it writes it: its ``#1`` is
# the macro's parameter, no number (any other definition is read as text, as before)
_ESTTAB_SYM = re.compile(r"^\s*\\def\\sym#1\{\\ifmmode\^\{#1\}\\else\\\(\^\{#1\}"
                         r"\\\)\\fi\}\s*$", re.M)


def _prose(text: str, consumed: list[tuple[int, int]], doc: Document) -> None:
    pos = 0
    pieces = []
    for start, end in consumed:
        pieces.append((pos, text[pos:start]))
        pos = end
    pieces.append((pos, text[pos:]))
    for offset, piece in pieces:
        line = text.count("\n", 0, offset) + 1
        piece = re.sub(r"\\(begin|end)\{[^}]*\}(\[[^\]]*\])?|\\(label|ref)\{[^}]*\}", "", piece)
        piece = _ESTTAB_SYM.sub("", piece)
        for k, raw in enumerate(piece.split("\n")):
            shown = clean(raw)
            if shown:
                doc.text.append(TextPart(f"line {line + k}", shown))
