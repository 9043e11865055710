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

from sdc.readers.documents.model import Document, Flag, TextPart, TextTable
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
_SUPERSCRIPTS = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077"
                              "\u2078\u2079")


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


def clean(cell: str) -> str:
    """The text a reader sees: commands unwrapped, math and escapes resolved."""
    s = cell.strip()
    # ``3\\tnote{1}`` read as 31 where the page shows a 3 with a mark: the mark's digits are
    # superscripts, so no number takes them in
    s = _TNOTE.sub(lambda m: m.group(1).translate(_SUPERSCRIPTS), s)
    s = re.sub(r"\\(textbf|textit|emph|textrm|textsf|texttt|mathrm|mathbf|text|num|si|"
               r"makecell|shortstack|underline|textsuperscript|mbox|hbox|footnotesize|small|"
               r"scriptsize|tiny|large|Large)\s*(\[[^\]]*\])?\s*", "", s)
    s = re.sub(r"\\sym\{([^}]*)\}", r"\1", s)
    s = s.replace("\\%", "%").replace("\\&", "&").replace("\\_", "_").replace("\\$", "$")
    s = s.replace("\\#", "#").replace("$<$", "<").replace("$>$", ">").replace("\\textless", "<")
    s = s.replace("\\textgreater", ">").replace("\\leq", "≤").replace("\\geq", "≥")
    s = s.replace("\\pm", "±").replace("\\times", "×").replace("---", "—").replace("--", "-")
    s = s.replace("~", " ").replace("\\,", "").replace("\\ ", " ").replace("\\\\", " ")
    s = re.sub(r"\^\{?(\*+|†+|[a-z])\}?", r"\1", s)  # superscript stars and letters
    s = s.replace("$", "")
    s = re.sub(r"\\[A-Za-z]+\*?", "", s)  # any other command name
    s = s.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", s).strip()


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


def _expand(row_cells: list[str], pending: dict[int, tuple[int, str]]) -> list[str]:
    """Apply \\multicolumn and \\multirow. ``pending`` maps a column to the rows a multirow
    still covers and its text: LaTeX leaves those cells empty, a reader sees the label."""
    out: list[str] = []
    for raw in row_cells:
        col = len(out)
        span, text = 1, raw.strip()
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
                    pending[col + k] = (rows - 1, clean(text))
        elif not text and col in pending:
            left, carried = pending.pop(col)
            text = carried
            if left > 1:
                pending[col] = (left - 1, carried)
        out.extend([clean(text)] * span)
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
    doc.text.extend(TextPart(f"comment on line {line}", c, hidden=True,
                             numbers_accounted=not (tabular or line in row_lines))
                    for line, c in comments)
    text = _phantoms(_skipped(_COMMENT.sub("", source), doc), doc)
    consumed: list[tuple[int, int]] = []
    for m in _ENV.finditer(text):
        env = m.group(1)
        body_start = _skip_spec(text, m.end())
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
            rows.append(_expand(_split_cells(row), pending))
        if rows:
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            caption = caption or _float_caption(text, m.start(), end)
            doc.tables.append(TextTable(index=len(doc.tables) + 1, rows=rows, caption=caption,
                                        first_line=text.count("\n", 0, body_start) + 1))
        consumed.append((m.start(), end + len(end_tag)))
    _prose(text, consumed, doc)
    return doc


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
        for k, raw in enumerate(piece.split("\n")):
            shown = clean(raw)
            if shown:
                doc.text.append(TextPart(f"line {line + k}", shown))
