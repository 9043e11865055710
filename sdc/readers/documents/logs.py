"""Statistics package logs: Stata (``.log``, ``.smcl``), R console output and SAS listings.

A log is read block by block. Commands (``. tab x`` in Stata, ``> table(x)`` in R) and log
headers are accounted for as code. Each block of output between commands is offered to the
recognisers, in order:

- Stata ``tabulate`` (one- and two-way): the ``|`` and ``---+---`` frame gives the label column
  and the column groups; ``Freq.``/``Percent``/``Cum.`` are named as Stata defines them.
- regression output (Stata ``regress``/``logit``, R ``summary(lm)``/``glm``): the residual degrees
  of freedom are recorded (SDC301) and the block is a model.
- aligned tables (R ``table()``/``xtabs``, ``print(data.frame)``, SAS ``PROC FREQ``/``MEANS``
  listings): numbers are right-aligned under their headers, so a column is the set of numbers
  ending at the same position, and its header is the text that ends there too.

A block no recogniser takes is text: checked for identifiers, and if it holds numbers, its line
range is named for a person (SDC602) — a log the reader cannot account for is never a pass.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from sdc.readers.documents.model import Document, TextPart, TextTable
from sdc.readers.model_text import parse_model_text

_STATA_COMMAND = re.compile(r"^\.\s(?!\.)|^\.$")
_STATA_CONTINUATION = re.compile(r"^>\s")
_R_COMMAND = re.compile(r"^>\s|^\+\s")
_STATA_HEADER = re.compile(r"^\s*(name|log|log type|opened on|closed on|resumed on):\s", re.I)
_SMCL = re.compile(r"\{(txt|res|com|err|inp|hline|c\s*\||c\s*\+|c\s*TT|c\s*BT|c\s*LT|c\s*RT|"
                   r"space\s*\d+|col\s*\d+|ralign\s*\d+|lalign\s*\d+|center\s*\d+|p_end|p|"
                   r"sf|it|bf|ul\s*\w*|smcl|\.-|reset)[^}]*\}")
_NUMBER_TOKEN = re.compile(r"(?<![\w.])[-+]?(\d[\d,]*\.?\d*|\.\d+)(e[-+]?\d+)?%?(?![\w])", re.I)
_SEPARATOR = re.compile(r"^[\s\-+=|]+$")
_DOF_PATTERNS = [
    re.compile(r"Residual standard error: [\d.eE+-]+ on (\d+) degrees of freedom"),
    re.compile(r"Residual deviance: [\d.eE+-]+\s+on (\d+)\s+degrees of freedom"),
    re.compile(r"^\s*Residual\s*\|\s*[\d.eE+-]+\s+(\d+)\s", re.M),
    re.compile(r"F\(\s*\d+,\s*(\d+)\)\s*="),
    re.compile(r"Df Residuals:\s+(\d+)"),
]
_MODEL_MARK = re.compile(
    r"Coefficients:|Residual standard error|Number of obs\s*=|Df Residuals:|"
    r"Regression Results|Parameter Estimates|Coef\.|Coefficient|Std\. [Ee]rr", re.M)
_SAS_PROC = re.compile(r"^\s*The (FREQ|MEANS|UNIVARIATE|SUMMARY|TABULATE|REG|LOGISTIC|GLM) "
                       r"Procedure\s*$", re.M)
_OBSERVATION = re.compile(r"^\s*\d+\.\s*$")
# a model's header facts as Stata prints them (``Number of obs = 200``, ``LR chi2(2) = 12.3``):
# known names only, so a made-up ``deaths in ward 7 = 3`` is not taken for one
_MODEL_FACT = re.compile(
    r"(?:Number of obs|F\(\s*\d+,\s*\d+\)|Prob > F|Prob > chi2|R-squared|Adj R-squared|"
    r"Root MSE|(?:LR|Wald) chi2\(\d+\)|Pseudo R2|Log (?:pseudo)?likelihood|AIC|BIC|"
    r"Dispersion|Scale parameter|Deviance|Pearson|\(1/df\) (?:Deviance|Pearson))"
    r"\s*=\s*[-+]?(?:\d[\d,]*\.?\d*|\.\d+)(?:e[-+]?\d+)?")
_ITERATION = re.compile(r"^\s*Iteration \d+:\s+(?:log (?:pseudo)?likelihood|Log likelihood)\s*="
                        r"\s*[-+]?\d[\d,]*\.?\d*\s*(?:\(not concave\)|\(backed up\))?\s*$")
_COEF_HEADER = re.compile(r"\|\s*(?:Coefficient|Coef\.|Odds ratio|IRR|Haz\. ratio|RRR)\s+"
                          r"(?:Std\. [Ee]rr)")
# a coefficient row (``age | .03 .012 2.53 0.011 .007 .055``), a factor's name over its levels
# (``sex |``) and a level without estimates (``Female | 1  (base)``)
_COEF_ROW = re.compile(
    r"^\s*[^|\s][^|]*\|\s*(?:(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?\s+){3,}"
    r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|[01]\s+\((?:base|omitted|empty)\))?\s*$")


def sniff_log(head: str) -> bool:
    """A log's marks in its first bytes: a Stata log header or SMCL, R prompts around output,
    or a SAS procedure title."""
    if "{smcl}" in head[:200] or re.search(r"^\s*log type:\s+(text|smcl)", head, re.M):
        return True
    if _SAS_PROC.search(head):
        return True
    lines = head.splitlines()
    r_prompts = sum(1 for line in lines if line.startswith("> "))
    stata_prompts = sum(1 for line in lines if _STATA_COMMAND.match(line))
    return (r_prompts >= 2 and "R version" in head[:2000]) or stata_prompts >= 2


@dataclass
class _Block:
    first: int  # 1-based line number of the first line
    lines: list[str]


_BANNER = re.compile(
    r"^(R version \d|Copyright \(C\)|Platform: |R is free software|You are welcome to|"
    r"Type '(license|contributors|demo|help|q)\(\)'|Natural language support|"
    r"  ___  ____  ____|Statistics and Data Science|StataCorp|Stata license|Serial number|"
    r"\s*The SAS System\b|\s*NOTE: )")


def read_log(text: str) -> Document:
    if "{smcl}" in text[:200] or "{txt}" in text or "{res}" in text:
        text = text.replace("{c |}", "|").replace("{c +}", "+")
        text = re.sub(r"\{hline\s*(\d+)\}", lambda m: "-" * int(m.group(1)), text)
        text = _SMCL.sub("", text.replace("{hline}", "-" * 20))
    doc = Document()
    for command, section in _sections(text.splitlines(), doc):
        _read_section(section, doc, command)
    return doc


def _sections(lines: list[str], doc: Document
              ) -> list[tuple[str, list[tuple[int, str]]]]:
    """The output of each command: numbered lines between command lines. Commands, log
    headers and the R/Stata start-up banner are code, not output; commands are still text to
    the identifier check, and one that is no command (``. 3 4 2``, a comment holding numbers)
    is named for a person. Each section comes with the command that printed it."""
    sections: list[list[tuple[int, str]]] = [[]]
    commands = [""]
    in_command = False
    for n, line in enumerate(lines, start=1):
        is_command = bool(_STATA_COMMAND.match(line) or _R_COMMAND.match(line)
                          or (in_command and _STATA_CONTINUATION.match(line)))
        if is_command:
            if sections[-1]:
                sections.append([])
                commands.append("")
            commands[-1] = f"{commands[-1]} {line[1:].strip()}" if in_command else line[1:].strip()
            in_command = True
            _read_command(n, line, doc)
            continue
        in_command = False
        if _STATA_HEADER.match(line) or _BANNER.match(line):
            continue
        sections[-1].append((n, line.rstrip()))
    return [(c, s) for c, s in zip(commands, sections, strict=True)
            if any(line.strip() for _, line in s)]


# Code as typed after a prompt: a command word (``tabulate``, ``summary(fit)``, ``x <- ...``);
# a comment or anything else holding a number is not code sdc can vouch for
_CODE = re.compile(r"^[.>+]\s*(?:[A-Za-z_][\w.:]*(?:\s|\(|$|<-|=|\[|\$|,)|[)}\]]|$)")
_COMMENT = re.compile(r"^[.>+]\s*(?:\*|//|/\*|#)")


def _read_command(n: int, line: str, doc: Document) -> None:
    doc.text.append(TextPart(f"line {n}", line, numbers_accounted=True))
    if _has_numbers(line) and (_COMMENT.match(line) or not _CODE.match(line)):
        doc.unaccounted.append((n, n))


def _blocks(section: list[tuple[int, str]]) -> list[_Block]:
    """A section split at blank lines, except inside a ``|``-framed table."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for n, line in section:
        if not line.strip():
            current = None
            continue
        if current is None:
            current = _Block(n, [])
            blocks.append(current)
        current.lines.append(line)
    return _join_frames(blocks)


def _join_frames(blocks: list[_Block]) -> list[_Block]:
    """A Stata table can hold blank lines inside its frame: join a block to the one before
    when both are framed by ``|`` lines and only blank lines lie between them."""
    joined: list[_Block] = []
    for block in blocks:
        prev = joined[-1] if joined else None
        gap = block.first - (prev.first + len(prev.lines)) if prev is not None else 0
        if (prev is not None and gap <= 2 and any("|" in ln for ln in prev.lines)
                and any("|" in ln for ln in block.lines)):
            prev.lines.extend([""] * gap + block.lines)
        else:
            joined.append(block)
    return joined


def _read_section(section: list[tuple[int, str]], doc: Document, command: str = "") -> None:
    """A regression's output is a model (its statistics have the residual degrees of freedom
    as their dof source). Only the lines a model summary is made of are accounted for that
    way; anything else in the section (a table or a list pasted after the coefficients) is
    read block by block like any other output."""
    text = "\n".join(line for _, line in section)
    if _MODEL_MARK.search(text):
        dofs = [float(m.group(1)) for p in _DOF_PATTERNS for m in p.finditer(text)]
        dofs = dofs or _dof_from_obs(section)
        if dofs:
            doc.model_dof.append(min(dofs))
            residue = _model_residue(section, text)
            doc.text.append(TextPart(f"lines {section[0][0]}-{section[-1][0]}", text,
                                     numbers_accounted=True))
            section = [(n, line) for n, line in section if n in residue]
    for block in _blocks(section):
        _read_block(block, doc, command)


_OBS = re.compile(r"Number of obs\s*=\s*(\d[\d,]*)\s*$")
_ESTIMATE = re.compile(r"^\s*[^|\s][^|]*\|\s*[-+]?(?:\d|\.\d)")


def _dof_from_obs(section: list[tuple[int, str]]) -> list[float]:
    """A model Stata prints without residual dof (``logit``, ``poisson``): its number of
    observations less the coefficients it estimated, as statsmodels' ``df_resid`` counts them.
    Only with both a ``Number of obs`` and a coefficient table."""
    obs = [int(m.group(1).replace(",", "")) for _, line in section
           if (m := _OBS.search(line.rstrip()))]
    start = next((i for i, (_, line) in enumerate(section) if _COEF_HEADER.search(line)), None)
    if len(obs) != 1 or start is None:
        return []
    estimated = sum(1 for _, line in section[start + 1:]
                    if _ESTIMATE.match(line) and _COEF_ROW.match(line)
                    and "(base)" not in line and "(omitted)" not in line)
    return [float(obs[0] - estimated)] if estimated else []


def _model_residue(section: list[tuple[int, str]], text: str) -> set[int]:
    """The line numbers of a model section that are not part of a summary sdc knows: what
    ``parse_model_text`` leaves (statsmodels, R, Stata ``regress``), else every line holding a
    number that is neither a named model fact nor a coefficient row (Stata ``logit``,
    ``poisson`` ...)."""
    parsed = parse_model_text(text)
    if parsed is not None:
        return {section[i - 1][0] for i, _ in parsed.residue if _has_numbers(section[i - 1][1])}
    residue: set[int] = set()
    in_coef = False
    for n, line in section:
        if _COEF_HEADER.search(line):
            in_coef = True
            continue
        rest = _MODEL_FACT.sub("", _ITERATION.sub("", line))
        if not _has_numbers(rest) or _SEPARATOR.match(rest):
            continue
        if in_coef and _COEF_ROW.match(rest):
            continue
        residue.add(n)
    return residue


_LISTED_ROW = re.compile(r"^\s*(\d+\.\s*\||\d+\s+\S)")


def _is_listing(lines: list[str]) -> bool:
    """Records printed one per line, numbered 1., 2., ... (Stata ``list``) or 1, 2, ... (R
    data frames): a listing of individuals, not a table."""
    numbers = [int(m.group(0).strip(" .|\t").split()[0]) for line in lines
               if (m := _LISTED_ROW.match(line))]
    return len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _has_numbers(line: str) -> bool:
    return bool(_NUMBER_TOKEN.search(line))


# A tibble as R prints it: a ``# A tibble: 3 × 2`` line, the column names, a line of column
# types (``<chr> <int>``), rows numbered 1, 2, 3 and ``# ℹ 7 more rows`` after a long one
_TIBBLE = re.compile(r"^# A tibble: [\d,]+ (?:×|x) [\d,]+\s*$")
_TIBBLE_TYPES = re.compile(r"^\s*(?:<[a-z_]+>\s*)+$")
_TIBBLE_FOOTER = re.compile(r"^# (?:ℹ|…|\.\.\.) ")


def _untibbled(block: _Block, doc: Document) -> _Block:
    """A printed tibble as the aligned table it holds: its banner, type line and footers are
    R's, kept as text for the identifier check (a footer's "7 more rows" is no statistic)."""
    if not block.lines or not _TIBBLE.match(block.lines[0]):
        return block
    kept = [line for line in block.lines[1:]
            if not _TIBBLE_TYPES.match(line) and not _TIBBLE_FOOTER.match(line)]
    r_lines = [line for line in block.lines if line not in kept]
    doc.text.append(TextPart(f"line {block.first}", "\n".join(r_lines), numbers_accounted=True))
    return _Block(block.first + 1, kept)


_P = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?"
# A test of a published table or of a difference, as the packages print it: its statistic,
# degrees of freedom and p-value are no count or value of any unit
_TEST_LINES = [re.compile(p, re.I) for p in (
    rf"^\s*(?:Pearson|likelihood-ratio) chi2\(\d+\)\s*=\s*{_P}\s+Pr\s*=\s*{_P}\s*$",
    rf"^\s*(?:1-sided )?Fisher's exact\s*=\s*{_P}\s*$",
    rf"^\s*Cram[ée]r's V\s*=\s*{_P}\s*$",
    rf"^\s*(?:gamma|Kendall's tau-b)\s*=\s*{_P}\s+ASE\s*=\s*{_P}\s*$",
    rf"^\s*(?:X-squared|t|W|F|z) = {_P}, (?:df = {_P}(?:, {_P})?, )?p-value\s*[<=]\s*{_P}\s*$",
)]


def _read_block(block: _Block, doc: Document, command: str = "") -> None:
    block = _untibbled(block, doc)
    text = "\n".join(block.lines)
    with_numbers = [line for line in block.lines if _has_numbers(line)]
    if with_numbers and all(any(p.match(line) for p in _TEST_LINES) for line in with_numbers):
        last = block.first + len(block.lines) - 1
        doc.text.append(TextPart(f"lines {block.first}-{last}", text, numbers_accounted=True))
        return
    table = _framed_table(block) if any("|" in line for line in block.lines) else None
    if table is None:
        table = _aligned_table(block, command)
    if table is not None:
        table.index = len(doc.tables) + 1
        if (statistic := _statistic_of(command)) is not None:
            table.context = [statistic]
        doc.tables.append(table)
        if table.rows[0][-1] == _UNSAID:  # a named vector of numbers no command explains
            doc.unaccounted.append((block.first, block.first + len(block.lines) - 1))
        return
    last = block.first + len(block.lines) - 1
    doc.text.append(TextPart(f"lines {block.first}-{last}", text, numbers_accounted=True))
    if _is_listing(block.lines):
        doc.listings.append(f"lines {block.first}-{last}")
    numbered = [block.first + i for i, line in enumerate(block.lines) if _has_numbers(line)]
    if numbered:
        doc.unaccounted.append((numbered[0], numbered[-1]))


_STATA_NAMES = {"Freq.": "Frequency", "Percent": "Percent", "Cum.": "Cumulative percent"}


def _framed_table(block: _Block) -> TextTable | None:
    """Stata tables (``tabulate``, ``table``, ``tabstat``): label | values [| total], with
    ``---+---`` separators. A ``list`` (observation numbers ``1.``, ``2.`` left of the bar)
    lists records, not a table: it is left for a person."""
    lines = [ln for ln in block.lines if ln.strip()]
    framed = [ln for ln in lines if "|" in ln and not _SEPARATOR.match(ln)]
    if len(framed) < 2 or any("|" not in ln for ln in lines if not _SEPARATOR.match(ln)):
        return None
    if any(_OBSERVATION.match(ln.split("|", 1)[0]) for ln in framed):
        return None
    header_lines, data_lines, ruled = _framed_parts(lines, framed)
    data = _without_percent_lines(data_lines)
    if not header_lines or not data:
        return None
    # Stata 17's ``table`` prints the row variable's name on a line of its own under the
    # column names (``ward |``): the names are on the last header line with text right of
    # the bar, the label's name on the last with text left of it
    named = [h for h in header_lines if h.split("|", 1)[1].strip()] or header_lines
    header = named[-1]
    label_name = next((h.split("|", 1)[0].strip() for h in reversed(header_lines)
                       if h.split("|", 1)[0].strip()), "")
    header = label_name.rjust(header.index("|")) + header[header.index("|"):]
    caption = named[0].split("|", 1)[1].strip() if len(named) > 1 else None
    return TextTable(index=0, rows=_framed_rows(header, data),
                     caption=caption or None, first_line=block.first, header_certain=ruled,
                     label_columns=1)


_HEADER_RULE = re.compile(r"^\s*-+\+[-+]*\s*$")  # ``-----+-----``, not a box's ``+---+``


def _framed_parts(lines: list[str], framed: list[str]
                  ) -> tuple[list[str], list[str], bool]:
    """The header lines and the data lines of a framed table. The header is what stands
    above the first ``---+---`` rule on the table's own bar (Stata always rules off its
    header; a key box beside it has its bar elsewhere), so column labels that are numbers
    (``imd`` over 1..5, years) stay labels, plus the row variable's name printed alone under
    the rule (Stata 17's ``table``: ``ward |``). Without a rule, or when a line would be left
    out holding a number, the header is the lines before the first number right of a bar."""
    def plain() -> tuple[list[str], list[str], bool]:
        head = list(itertools.takewhile(
            lambda line: not _has_numbers(line.split("|", 1)[1]), framed))
        return head, framed[len(head):], False

    first = lines.index(framed[0])
    rule = next((i for i, line in enumerate(lines) if i > first and _HEADER_RULE.match(line)),
                None)
    if rule is None:
        return plain()
    bar = lines[rule].index("+")
    header = [line for line in lines[:rule] if line in framed and line.index("|") == bar]
    below = [line for line in lines[rule + 1:] if line in framed]
    lead = list(itertools.takewhile(lambda line: not line.split("|", 1)[1].strip(), below))
    left_out = [line for line in framed if line not in header and line not in below]
    if not header or any(_has_numbers(line) for line in left_out):
        return plain()
    return header + lead, below[len(lead):], True


def _without_percent_lines(data: list[str]) -> list[str] | None:
    """Stata's ``tabulate`` with ``row``, ``column`` or ``cell``: every labelled line is
    followed by the same number of unlabelled lines, its percentages. They are left out of
    the table only when each is one of the three percentages of the counts above it (the row
    total, the column's total, the grand total), so they say nothing the counts do not;
    otherwise the block is no table sdc can read (None: named for a person)."""
    labelled = [i for i, line in enumerate(data) if line.split("|", 1)[0].strip()]
    if len(labelled) == len(data):
        return data
    k = labelled[1] - labelled[0] if len(labelled) > 1 else len(data)
    if (not labelled or labelled[0] != 0 or k < 2 or len(data) != len(labelled) * k
            or any(b - a != k for a, b in itertools.pairwise(labelled))):
        return None
    try:
        groups = [[[float(t.replace(",", "")) for t, _ in _cells_right_of_bar(line)]
                   for line in data[i:i + k]] for i in labelled]
    except ValueError:
        return None
    width = len(groups[0][0])
    if any(len(row) != width for group in groups for row in group):
        return None
    column_totals = groups[-1][0]
    for counts, *percents in groups:
        shares = [[100 * x / base for x in counts] for base in [counts[-1], column_totals[-1]]
                  if base] + ([[100 * x / t for x, t in zip(counts, column_totals, strict=True)]]
                              if all(column_totals) else [])
        if not all(any(all(abs(p - s) <= 0.006 for p, s in zip(row, share, strict=True))
                       for share in shares) for row in percents):
            return None
    return [data[i] for i in labelled]


def _framed_rows(header: str, data: list[str]) -> list[list[str]]:
    """The header (the label's name left of the bar, column names over the right-aligned
    numbers, Stata's names spelt out) and each data line's label and numbers."""
    body = [_cells_right_of_bar(line) for line in data]
    ends = sorted({end for cells in body for _, end in cells})
    label_name = header.split("|", 1)[0].strip()
    names = _labels_at(header, ends, start=header.index("|") + 1)
    names = [_STATA_NAMES.get(n.replace("|", "").strip(), n.replace("|", "").strip())
             for n in names]
    rows = [[label_name, *names]]
    for line, cells in zip(data, body, strict=True):
        by_end = {end: token for token, end in cells}
        rows.append([line.split("|", 1)[0].strip(), *[by_end.get(e, "") for e in ends]])
    return rows


def _cells_right_of_bar(line: str) -> list[tuple[str, int]]:
    start = line.index("|") + 1
    return [(m.group(0), start + m.end()) for m in re.finditer(r"[^\s|]+", line[start:])]


def _labels_at(header: str, ends: list[int], start: int) -> list[str]:
    """Header words over right-aligned columns ending at ``ends``: each word right of
    ``start`` belongs to the first column ending at or after it (a character's slack, as
    listings are not always exact); words of one column are joined ("South West")."""
    names: list[list[str]] = [[] for _ in ends]
    for word in re.finditer(r"\S+", header):
        if word.start() < start or not ends:
            continue
        index = next((i for i, end in enumerate(ends) if end >= word.end() - 2), len(ends) - 1)
        names[index].append(word.group(0))
    return [" ".join(words) for words in names]


def _aligned_table(block: _Block, command: str = "") -> TextTable | None:
    """Right-aligned columns: R ``table()``/``xtabs``/data frames, SAS listings. Every line
    after the header must hold numbers ending only at the column ends, or this is not a table."""
    lines = [ln for ln in block.lines if ln.strip() and not _SEPARATOR.match(ln)]
    if len(lines) < 2:
        return None
    first_data = next((i for i, ln in enumerate(lines) if _has_numbers(ln)), None)
    if first_data is None:
        return None
    two_way = len(lines) >= 3 and bool(_R_CAPTION.match(lines[0])
                                        and _R_DIM_NAME.match(lines[1]))
    if two_way:
        first_data = 2  # R's two-way table: the column variable over the row variable's name
        # and the column labels, which may be numbers (``imd`` over 1..5, years)
    header_lines, data = lines[:first_data], _without_row_index(lines[first_data:])
    label_end = _numeric_row_labels(header_lines, data)
    if label_end is not None:
        ends = sorted({label_end + m.end() for ln in data
                       for m in _NUMBER_TOKEN.finditer(ln[label_end:])})
    else:
        if not header_lines or all(not _label_of(ln).strip() for ln in data):
            return _r_one_way(lines, block, command)
        ends = sorted({m.end() for ln in data for m in _NUMBER_TOKEN.finditer(ln)})
        label_end = max(len(_label_of(ln).rstrip()) for ln in data)
        if any(m.start() < label_end for ln in data for m in _NUMBER_TOKEN.finditer(ln)):
            return None  # numbers inside the label column: not a simple aligned table
    body = _aligned_rows(data, label_end, ends)
    if body is None:
        return None
    label, names, caption = _aligned_header(header_lines, label_end, ends)
    return TextTable(index=0, rows=[[label, *names], *body], caption=caption,
                     first_line=block.first, header_certain=two_way,
                     label_columns=1 if two_way else 0)


_MARGIN_ROW = re.compile(r"^(?:Sum|Total|All)$")  # ``addmargins()`` names its margins Sum
_R_CAPTION = re.compile(r"^\s+[^\s\d][^\s]*\s*$")
_R_DIM_NAME = re.compile(r"^([A-Za-z_.][\w.]*)\s")


def _numeric_row_labels(header_lines: list[str], data: list[str]) -> int | None:
    """Where the label column ends when R prints numbers as row labels (``xtabs(~ imd +
    outcome)``: ``imd`` over 1..5): the header opens with the row variable's name at the
    margin, and every data line holds one token more than there are column names, its first
    starting under that name. None otherwise (the labels are read from the text)."""
    if not header_lines or not (name := _R_DIM_NAME.match(header_lines[-1])):
        return None
    columns = len(header_lines[-1].split()) - 1
    firsts = [re.match(r"^\s*(\S+)", line) for line in data]
    if (columns < 1 or any(f is None or f.start(1) > name.end(1) for f in firsts)
            or any(len(line.split()) != columns + 1 for line in data)
            or not all(_has_numbers(f.group(1)) or _MARGIN_ROW.match(f.group(1))
                       for f in firsts if f is not None)
            or not any(_has_numbers(f.group(1)) for f in firsts if f is not None)):
        return None
    return max(name.end(1), *(f.end(1) for f in firsts if f is not None))


def _aligned_header(header_lines: list[str], label_end: int, ends: list[int]
                    ) -> tuple[str, list[str], str | None]:
    """The label column's name, the column names and the caption. Headers over two lines
    (SAS: "Cumulative" over "Frequency") are joined column by column; a line of one word above
    them (R: the column variable's name) is the table's caption."""
    header = header_lines[-1]
    stacked = [h for h in header_lines[:-1] if len(h.split()) > 1]
    caption = " ".join(h.strip() for h in header_lines[:-1] if len(h.split()) == 1) or None
    names = [" ".join(part for part in parts if part) for parts in zip(
        *[_labels_at(h, ends, start=label_end) for h in [*stacked, header]], strict=True)]
    label = " ".join(w.group(0) for w in re.finditer(r"\S+", header) if w.start() < label_end)
    return label, names, caption


def _aligned_rows(data: list[str], label_end: int, ends: list[int]) -> list[list[str]] | None:
    """Each data line as its label and the number ending at each column end; None when a
    line has text among the numbers."""
    rows = []
    for line in data:
        if _NUMBER_TOKEN.sub("", line[label_end:]).strip():
            return None  # text among the numbers
        by_end = {m.end(): m.group(0) for m in _NUMBER_TOKEN.finditer(line)}
        rows.append([line[:label_end].strip(), *[by_end.get(e, "") for e in ends]])
    return rows


def _label_of(line: str) -> str:
    """The text of a line before its first number (with its leading spaces)."""
    first = _NUMBER_TOKEN.search(line)
    return line[:first.start()] if first else line


def _without_row_index(data: list[str]) -> list[str]:
    """R prints a data frame's row names 1, 2, 3... first: blank them out (same width), so
    they are not read as numbers of the table."""
    index = [re.match(r"^(\d+)(\s)", ln) for ln in data]
    if all(index) and [int(m.group(1)) for m in index if m] == list(range(1, len(data) + 1)):
        return [" " * len(m.group(1)) + ln[len(m.group(1)):] for m, ln in zip(index, data,
                                                                            strict=True) if m]
    return data


# What a command says its numbers are. A counting function (``table``, ``xtabs``) wins over a
# statistic named inside it (``table(cut(age, c(0, 18, max(age))))``); else the last statistic
# function named (``tapply(age, ward, max)``, ``sapply(split(los, ward), sum)``).
_COUNTING = re.compile(r"\b(?:table|xtabs|ftable|tabulate|tab[12]?|count|summary)\b")
_STATISTIC_FUNCTION = re.compile(
    r"\b(max|min|range|mean|median|sum|sd|var|quantile|IQR|mad|fivenum|cumsum)\b")
_UNSAID = "value (the command does not say)"


def _statistic_of(command: str) -> str | None:
    """The statistic a command computes, when it names one and counts nothing."""
    if not command or _COUNTING.search(command):
        return None
    found = _STATISTIC_FUNCTION.findall(command)
    return found[-1] if found else None


def _one_way_measure(command: str) -> str:
    """The measure of a named vector's numbers: counts under a counting command (or with no
    command, as ``table(x)`` prints); the statistic a command names; else unknown, read as
    counts (the stricter reading) and named for a person."""
    if not command or _COUNTING.search(command):
        return "Freq"
    return _statistic_of(command) or _UNSAID


def _r_one_way(lines: list[str], block: _Block, command: str = "") -> TextTable | None:
    """R ``table(x)``: a line of labels over a line of counts, repeated when it wraps. Read as
    a long table of counts, as ``as.data.frame(table(x))`` would give it."""
    if len(lines) % 2:
        return None
    rows = [["category", _one_way_measure(command)]]
    for labels_line, counts_line in zip(lines[::2], lines[1::2], strict=True):
        tokens = list(_NUMBER_TOKEN.finditer(counts_line))
        if not tokens or _NUMBER_TOKEN.sub("", counts_line).strip():
            return None
        ends = [m.end() for m in tokens]
        labels = _labels_at(labels_line.ljust(max(ends)), ends, start=0)
        rows += [[label, m.group(0)] for label, m in zip(labels, tokens, strict=True)]
    return TextTable(index=0, rows=rows, first_line=block.first)
