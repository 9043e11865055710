"""Statistics package logs: Stata (``.log``, ``.smcl``), R console output and SAS listings.

A log is read block by block. Commands (``. tab x`` in Stata, ``> table(x)`` in R) and log
headers are accounted for as code. Each block of output between commands is offered to the
recognisers, in order:

- Stata ``tabulate`` (one- and two-way): the ``|`` and ``---+---`` frame gives the label column
  and the column groups; ``Freq.``/``Percent``/``Cum.`` are named as Stata defines them
  (``log_frames``).
- regression output (Stata ``regress``/``logit``, R ``summary(lm)``/``glm``): the residual degrees
  of freedom are recorded (SDC301) and the block is a model.
- aligned tables (R ``table()``/``xtabs``, ``print(data.frame)``, SAS ``PROC FREQ``/``MEANS``
  listings): numbers are right-aligned under their headers, so a column is the set of numbers
  ending at the same position, and its header is the text that ends there too
  (``log_aligned``).

A block no recogniser takes is text: checked for identifiers, and if it holds numbers, its line
range is named for a person (SDC602) — a log the reader cannot account for is never a pass.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sdc.model_counts import ModelCount
from sdc.readers.documents.log_aligned import UNSAID, aligned_table, statistic_of, untibbled
from sdc.readers.documents.log_classification import classification_report_tables
from sdc.readers.documents.log_delimited import delimited_table
from sdc.readers.documents.log_frames import framed_table
from sdc.readers.documents.log_marks import STATA_COMMAND as _STATA_COMMAND
from sdc.readers.documents.log_model_tables import model_text_tables
from sdc.readers.documents.log_r_summary import r_summary_table
from sdc.readers.documents.log_r_vectors import r_vector_table
from sdc.readers.documents.log_stargazer import stargazer_model
from sdc.readers.documents.log_summarize import summarize_detail_tables
from sdc.readers.documents.log_tabstat import (
    describe_names,
    longstub_table,
    tabstat_header,
    tabstat_table,
)
from sdc.readers.documents.log_text import SEPARATOR, Block, has_numbers
from sdc.readers.documents.model import Document, TextPart
from sdc.readers.documents.reading import numbers_in_prose
from sdc.readers.model_notes import separation_notes
from sdc.readers.model_text import ModelText, parse_model_text
from sdc.readers.parts import TERMINAL_CODES as _TERMINAL_CODES
from sdc.readers.roles import number_forms, word_counts
from sdc.readers.roman_counts import roman_counts

_STATA_CONTINUATION = re.compile(r"^>\s")
_R_COMMAND = re.compile(r"^>\s|^\+\s")
_STATA_HEADER = re.compile(r"^\s*(name|log|log type|opened on|closed on|resumed on):\s", re.I)
# SMCL directives that only style or place text, each in its exact form: a number inside one
# is a column, a width or a paragraph's indents of at most three digits, so a directive never
# hides a longer number (``{ralign 9434765919}`` is no directive and stays text to be checked)
_SMCL = re.compile(r"\{(?:(?:txt|res|com|err|inp|hline|c\s*TT|c\s*BT|c\s*LT|c\s*RT|p_end|p|sf|"
                   r"it|bf|smcl|\.-|reset)\s*|(?:col|ralign|lalign|center)\s+\d{1,3}\s*"
                   r"|ul\s+(?:on|off)\s*|p\s+\d{1,3}(?:\s+\d{1,3}){0,3}\s*)\}")
# a directive applied to text (``{res:42}``, ``{ralign 9:42}``): the text is output, kept
_SMCL_STYLED = re.compile(r"\{(?:txt|res|com|err|inp|hi|input|result|text|error|sf|it|bf|ul)"
                          r"\s*:([^{}]*)\}")
_SMCL_PLACED = re.compile(r"\{(ralign|lalign|center)\s+(\d{1,3})\s*:([^{}]*)\}")
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
# a model's header facts as Stata prints them (``Number of obs = 200``, ``LR chi2(2) = 12.3``):
# known names only, so a made-up ``deaths in ward 7 = 3`` is not taken for one
_MODEL_FACT = re.compile(
    r"(?:Number of obs|F\(\s*\d+,\s*\d+\)|Prob > F|Prob > chi2|R-squared|Adj R-squared|"
    r"Root MSE|(?:LR|Wald) chi2\(\d+\)|Pseudo R2|Log (?:pseudo)?likelihood|AIC|BIC|"
    r"Dispersion|Scale parameter|Deviance|Pearson|\(1/df\) (?:Deviance|Pearson))"
    r"\s*=\s*[-+]?(?:\d[\d,]*\.?\d*|\.\d+)(?:e[-+]?\d+)?")
_ITERATION = re.compile(r"^\s*Iteration \d+:\s+(?:log (?:pseudo)?likelihood|Log likelihood)\s*="
                        r"\s*[-+]?\d[\d,]*\.?\d*\s*(?:\(not concave\)|\(backed up\))?\s*$")
# (under Stata 17's ``Robust`` or ``Bootstrap`` header the column is ``std. err.``)
_COEF_HEADER = re.compile(r"\|\s*(?:Coefficient|Coef\.|Odds ratio|IRR|Haz\. ratio|RRR)\s+"
                          r"(?:[Ss]td\. [Ee]rr)")
# a coefficient row (``age | .03 .012 2.53 0.011 .007 .055``), a factor's name over its levels
# (``sex |``) and a level without estimates (``Female | 1  (base)``)
_COEF_ROW = re.compile(
    r"^\s*[^|\s][^|]*\|\s*(?:(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?\s+){3,}"
    r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|[01]\s+\((?:base|omitted|empty)\))?\s*$")


_BANNER = re.compile(
    r"^(R version \d|Copyright \(C\)|Platform: |R is free software|You are welcome to|"
    r"Type '(license|contributors|demo|help|q)\(\)'|Natural language support|"
    r"  ___  ____  ____|Statistics and Data Science|StataCorp|Stata license|Serial number|"
    r"\s*The SAS System\b|\s*NOTE: )")


def read_log(text: str, plain: bool = False) -> Document:
    """A log read block by block. ``plain`` text (a ``.txt`` with no log's marks) has no
    commands, banners or SMCL: every line is output, read as a table or named if it holds
    numbers no table accounts for, except a line standing alone whose numbers are years,
    dates or references (``Table 2.``), as in any document's prose."""
    if plain:
        text = _TERMINAL_CODES.sub("", text)
        doc = Document()
        section = [(n, line.rstrip()) for n, line in enumerate(text.splitlines(), start=1)]
        if any(line.strip() for _, line in section):
            _read_section(section, doc, prose=True)
        return doc
    text = _TERMINAL_CODES.sub("", text)
    if "{smcl}" in text[:200] or "{txt}" in text or "{res}" in text:
        text = _smcl_text(text)
    doc = Document()
    for command, section in _sections(text.splitlines(), doc):
        _read_section(section, doc, command)
    return doc


def _holds_numbers(line: str) -> bool:
    """A number token on the line or a count in words (``three deaths``): a line of text
    saying either is named for a person (hunt50: a ``.log``'s ``There were three deaths``
    passed, where a Markdown or HTML page's is named), or in a form of its own (``③``,
    ``½``: ``number_forms``, hunt51), or a Roman numeral before the people it counts (``III
    deaths``: ``roman_counts``, hunt52)."""
    return (has_numbers(line) or word_counts(line) > 0 or number_forms(line) > 0
            or roman_counts(line) > 0)


def _sections(lines: list[str], doc: Document
              ) -> list[tuple[str, list[tuple[int, str]]]]:
    """The output of each command: numbered lines between command lines. Commands, log
    headers and the R/Stata start-up banner are code, not output; commands are still text to
    the identifier check, and one that is no command (``. 3 4 2``, a comment holding numbers)
    is named for a person. Each section comes with the command that printed it."""
    sections: list[list[tuple[int, str]]] = [[]]
    commands = [""]
    typed: list[list[tuple[int, str]]] = [[]]  # each section's command lines
    in_command = False
    for n, line in enumerate(lines, start=1):
        is_command = bool(_STATA_COMMAND.match(line) or _R_COMMAND.match(line)
                          or (in_command and _STATA_CONTINUATION.match(line)))
        if is_command:
            if sections[-1]:
                sections.append([])
                commands.append("")
                typed.append([])
            commands[-1] = f"{commands[-1]} {line[1:].strip()}" if in_command else line[1:].strip()
            typed[-1].append((n, line))
            in_command = True
            _read_command(n, line, doc)
            continue
        in_command = False
        if _STATA_HEADER.match(line) or _BANNER.match(line):
            _read_banner(n, line, doc)
            continue
        sections[-1].append((n, line.rstrip()))
    for section, command_lines in zip(sections, typed, strict=True):
        _read_stata_error(section, command_lines, doc)
    return [(c, s) for c, s in zip(commands, sections, strict=True)
            if any(line.strip() for _, line in s)]


# Stata ends a failed command's output with its return code (``r(111);``) under the error
# message; a command it does not know says so first (``command the is unrecognized``, Stata 8:
# ``unrecognized command:  the``)
_RETURN_CODE = re.compile(r"^r\(\d{1,4}\);\s*$")
_UNRECOGNIZED = re.compile(r"^(?:command \S+ is unrecognized|unrecognized command:\s+\S+)\s*$")


def _read_stata_error(section: list[tuple[int, str]], command_lines: list[tuple[int, str]],
                      doc: Document) -> None:
    """A failed Stata command's output: the return code that ends it, under its message, is
    Stata's (taken out of the section: it was named for a person on every log with an error),
    and a command Stata did not recognize was no code, so a number typed on it is named
    (``. the 3 patients died`` read as a command before)."""
    filled = [at for at, (_, line) in enumerate(section) if line.strip()]
    if len(filled) < 2 or not _RETURN_CODE.match(section[filled[-1]][1].strip()):
        return
    n, line = section.pop(filled[-1])
    doc.text.append(TextPart(f"line {n}", line, numbers_accounted=True))
    if _UNRECOGNIZED.match(section[filled[0]][1].strip()):
        for n, line in command_lines:
            if has_numbers(line) and (n, n) not in doc.unaccounted:
                doc.unaccounted.append((n, n))


# Code as typed after a prompt: a command word (``tabulate``, ``summary(fit)``, ``x <- ...``);
# a comment or anything else holding a number is not code sdc can vouch for
_CODE = re.compile(r"^[.>+]\s*(?:[A-Za-z_][\w.:]*(?:\s|\(|$|<-|=|\[|\$|,)|[)}\]]|$)")
_COMMENT = re.compile(r"^[.>+]\s*(?:\*|//|/\*|#)")


# plain words after a prompt (``> The 3 patients died``): no R statement is words alone, and a
# Stata command's name is lower case (``. set seed 123`` is code; ``. the 3 died`` cannot be
# told from one, a limit written down in docs/reading.md)
_R_WORDS = re.compile(r"^[>+]\s*[A-Za-z][\w.]*(?:\s+[\w%.,;:!?'-]+)+\s*$")
_STATA_WORDS = re.compile(r"^[.>]\s*[A-Z]\w*(?:\s+[\w%.,;:!?'-]+)+\s*$")


def _read_command(n: int, line: str, doc: Document) -> None:
    doc.text.append(TextPart(f"line {n}", line, numbers_accounted=True))
    if _holds_numbers(line) and (_COMMENT.match(line) or not _CODE.match(line)
                              or _R_WORDS.match(line) or _STATA_WORDS.match(line)):
        doc.unaccounted.append((n, n))


# A banner or log header line whose numbers are the software's, whole: a platform, a Stata
# header's date or path, a licence, a SAS page title with its date and page number. Any other
# number on such a line (beyond years, dates, times and versions) is named for a person.
_BANNER_SHAPES = re.compile(
    r"^\s*Platform: \S+ \(\d{2}-bit\)\s*$"
    r"|^\s*(?:opened|closed|resumed) on:\s+\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}(?::\d{2})?\s*$"
    r"|^\s*log:\s+\S*[/\\]\S*\.(?:s?log|smcl|txt)\s*$"
    r"|^\s*Serial number:\s+\d{6,}\s*$"
    r"|^\s*Stata license:\s+(?:Single|Unlimited|\d+)-user(?: \d+-core)?(?: network| perpetual)*"
    r"(?:,? expiring \d{1,2} [A-Z][a-z]{2} \d{4})?\s*$"
    r"|^\s*The SAS System\s+(?:\d{1,2}:\d{2}\s+)?(?:[A-Z][a-z]+day,\s+)?[A-Z][a-z]+ \d{1,2},"
    r"\s+\d{4}\s+\d+\s*$")


def _read_banner(n: int, line: str, doc: Document) -> None:
    """A start-up banner or log header line is the software's, not output; it is still text to
    the identifier check (``NOTE: 9434765919`` is no banner), and its numbers are named unless
    the line has its known shape or they are years, dates, times and versions."""
    doc.text.append(TextPart(f"line {n}", line, numbers_accounted=True))
    if not _BANNER_SHAPES.match(line) and numbers_in_prose(line):
        doc.unaccounted.append((n, n))


def _smcl_text(text: str) -> str:
    """SMCL's directives taken away, the text they style or place kept where it is."""
    text = text.replace("{c |}", "|").replace("{c +}", "+").replace("{hline}", "-" * 20)
    text = re.sub(r"\{hline\s*(\d{1,3})\}", lambda m: "-" * int(m.group(1)), text)
    text = re.sub(r"\{space\s+(\d{1,3})\}", lambda m: " " * int(m.group(1)), text)
    while True:  # innermost first: ``{ralign 9:{res:42}}``
        placed = _SMCL_PLACED.sub(_placed, _SMCL_STYLED.sub(r"\1", text))
        if placed == text:
            return _SMCL.sub("", text)
        text = placed


def _placed(match: re.Match[str]) -> str:
    how, width, inner = match.group(1), int(match.group(2)), match.group(3)
    if how == "ralign":
        return inner.rjust(width)
    return inner.ljust(width) if how == "lalign" else inner.center(width)


def _blocks(section: list[tuple[int, str]]) -> list[Block]:
    """A section split at blank lines, except inside a ``|``-framed table."""
    blocks: list[Block] = []
    current: Block | None = None
    for n, line in section:
        if not line.strip():
            current = None
            continue
        if current is None:
            current = Block(n, [])
            blocks.append(current)
        current.lines.append(line)
    return _join_frames(blocks)


def _join_frames(blocks: list[Block]) -> list[Block]:
    """A Stata table can hold blank lines inside its frame: join a block to the one before
    when both are framed by ``|`` lines and only blank lines lie between them."""
    joined: list[Block] = []
    for block in blocks:
        prev = joined[-1] if joined else None
        gap = block.first - (prev.first + len(prev.lines)) if prev is not None else 0
        if (prev is not None and gap <= 2 and any("|" in ln for ln in prev.lines)
                and any("|" in ln for ln in block.lines)):
            prev.lines.extend([""] * gap + block.lines)
        else:
            joined.append(block)
    return joined


def _read_section(section: list[tuple[int, str]], doc: Document, command: str = "",
                  prose: bool = False) -> None:
    """A regression's output is a model (its statistics have the residual degrees of freedom
    as their dof source). Only the lines a model summary is made of are accounted for that
    way; anything else in the section (a table or a list pasted after the coefficients) is
    read block by block like any other output."""
    section = _separation_notes(section, doc)
    text = "\n".join(line for _, line in section)
    if (stargazer := stargazer_model(section)) is not None:
        doc.model_dof.append(stargazer[0])
        doc.model_counts.extend(stargazer[2])
        doc.dof_disagreements.extend(stargazer[3])
        doc.text.append(TextPart(f"lines {section[0][0]}-{section[-1][0]}", text,
                                 numbers_accounted=True))
        section = [(n, line) for n, line in section if n in stargazer[1]]
    elif _MODEL_MARK.search(text):
        dofs = [float(m.group(1)) for p in _DOF_PATTERNS for m in p.finditer(text)]
        dofs = dofs or _dof_from_obs(section)
        if dofs:
            doc.model_dof.append(min(dofs))
            parsed = parse_model_text(text)
            doc.dof_disagreements.extend(parsed.disagreements if parsed is not None else [])
            residue = _model_residue(section, parsed)
            doc.model_counts.extend(_model_counts(section, parsed))
            doc.text.append(TextPart(f"lines {section[0][0]}-{section[-1][0]}", text,
                                     numbers_accounted=True))
            section = [(n, line) for n, line in section if n in residue]
    elif (found := model_text_tables(section))[0]:  # etable/esttab printed: one table
        for printed in found[0]:
            printed.index = len(doc.tables) + 1
            doc.tables.append(printed)
        section = [(n, line) for n, line in section if n not in found[1]]
    details, taken = summarize_detail_tables(section)
    for detail in details:
        detail.index = len(doc.tables) + 1
        doc.tables.append(detail)
    reports, in_reports = classification_report_tables(section)
    for report in reports:
        report.index = len(doc.tables) + 1
        doc.tables.append(report)
    taken |= in_reports
    if taken:
        section = [(n, line) for n, line in section if n not in taken]
    stats: list[str] | None = None
    for block in _blocks(section):
        if stats is not None and (table := tabstat_table(block, stats, command)) is not None:
            table.index = len(doc.tables) + 1
            doc.tables.append(table)
            stats = None
            continue
        header = tabstat_header(block.lines)
        stats = header[0] if header is not None else None
        if header is None and (table := longstub_table(block, command)) is not None:
            table.index = len(doc.tables) + 1
            doc.tables.append(table)
            continue
        _read_block(block, doc, command, prose)


def _trailing_text(block: Block) -> tuple[Block, Block | None]:
    """The block without the lines of text (no number) it ends with, and those lines. A table
    printed with no blank line before the script's next message (``print(table); print("Done")``)
    would read that message as a last row whose every cell is blank, and a blank cell is a
    suppression marker: the audit then "recomputed" a suppressed row that is not there."""
    end = len(block.lines)
    while end > 0 and not has_numbers(block.lines[end - 1]) \
            and not SEPARATOR.match(block.lines[end - 1]):
        end -= 1
    if end == len(block.lines) or end < 2:
        return block, None
    return Block(block.first, block.lines[:end]), Block(block.first + end, block.lines[end:])


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


def _model_counts(section: list[tuple[int, str]], parsed: ModelText | None
                  ) -> list[ModelCount]:
    """The counts a model on one categorical predictor gives back (``sdc.model_counts``), at
    the log's own line of each coefficient row."""
    if parsed is None:
        return []
    found = parsed.counts() + parsed.notes
    return [replace(count, line=section[count.line - 1][0]) for count in found]


def _separation_notes(section: list[tuple[int, str]], doc: Document
                      ) -> list[tuple[int, str]]:
    """The packages' perfect-prediction notes (``sdc.readers.model_notes``: Stata's over the
    model it fits, R's warning under the ``glm`` call, statsmodels' in a script's log) read
    as the zeros and counts they print, at the log's own line; the section without them."""
    notes = separation_notes([line for _, line in section])
    if not notes:
        return section
    taken: set[int] = set()
    for at, counts in notes:
        doc.model_counts += [replace(count, line=section[count.line - 1][0])
                             for count in counts]
        taken |= {section[i - 1][0] for i in at}
    doc.text += [TextPart(f"line {n}", line, numbers_accounted=True)
                 for n, line in section if n in taken]
    return [(n, line) for n, line in section if n not in taken]


def _model_residue(section: list[tuple[int, str]], parsed: ModelText | None) -> set[int]:
    """The line numbers of a model section that are not part of a summary sdc knows: what
    ``parse_model_text`` leaves (statsmodels, R, Stata ``regress``), else every line holding a
    number that is neither a named model fact nor a coefficient row (Stata ``logit``,
    ``poisson`` ...)."""
    if parsed is not None:
        return {section[i - 1][0] for i, _ in parsed.residue if has_numbers(section[i - 1][1])}
    residue: set[int] = set()
    in_coef = False
    for n, line in section:
        if _COEF_HEADER.search(line):
            in_coef = True
            continue
        rest = _MODEL_FACT.sub("", _ITERATION.sub("", line))
        if not has_numbers(rest) or SEPARATOR.match(rest):
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


# R's ``Call:`` line over an intercept-only fit (``summary(survfit(Surv(time, status) ~ 1,
# data = lung))``): the 1 is the formula's intercept, no count; nothing else on the line holds
# a digit (not the response, not the data's name), so no number can ride along
_R_INTERCEPT_CALL = re.compile(r"^\s*Call:\s*[A-Za-z_][\w.]*\(formula = [^~\d]*~\s*1"
                               r"(?:,\s*data\s*=\s*[A-Za-z_][A-Za-z_.]*)?\)\s*$")
_ACCOUNTED_LINES = [*_TEST_LINES, _R_INTERCEPT_CALL]


def _read_block(block: Block, doc: Document, command: str = "", prose: bool = False) -> None:
    block = untibbled(block, doc)
    text = "\n".join(block.lines)
    with_numbers = [line for line in block.lines if has_numbers(line)]
    if with_numbers and all(any(p.match(line) for p in _ACCOUNTED_LINES)
                            for line in with_numbers):
        last = block.first + len(block.lines) - 1
        doc.text.append(TextPart(f"lines {block.first}-{last}", text, numbers_accounted=True))
        return
    if (delimited := delimited_table(block)) is not None:  # a CSV printed (round 34, hunt34)
        printed, above, below = delimited
        printed.index = len(doc.tables) + 1
        doc.tables.append(printed)
        for text_lines in (above, below):
            if text_lines is not None:
                _as_text(text_lines, doc, prose)
        return
    table = framed_table(block) if any("|" in line for line in block.lines) else None
    if table is None and (table := r_vector_table(block, statistic_of(command))) is not None:
        table.index = len(doc.tables) + 1
        doc.tables.append(table)
        return
    if table is None and (summary := r_summary_table(block)) is not None:
        summary.table.index = len(doc.tables) + 1
        doc.tables.append(summary.table)
        if summary.na_line is not None:  # a count of missing values: a person's to read
            doc.unaccounted.append((summary.na_line, summary.na_line))
        return
    if table is None:
        body, tail = _trailing_text(block)
        if tail is not None and (table := aligned_table(body, command)) is not None:
            # a line of text printed after the table (``Done``) is no row of it
            doc.text.append(TextPart(f"lines {tail.first}-{tail.first + len(tail.lines) - 1}",
                                     "\n".join(tail.lines), numbers_accounted=True))
        else:
            table = aligned_table(block, command)
    if table is not None:
        table.index = len(doc.tables) + 1
        if (statistic := statistic_of(command)) is not None:
            table.context = [statistic]
        table.statistic_names = describe_names(table.rows, command)
        doc.tables.append(table)
        if table.rows[0][-1] == UNSAID:  # a named vector of numbers no command explains
            doc.unaccounted.append((block.first, block.first + len(block.lines) - 1))
        return
    _as_text(block, doc, prose)


def _as_text(block: Block, doc: Document, prose: bool) -> None:
    """A block no recogniser took: text for the identifier check, a listing of records if
    it is one, and its lines holding numbers named for a person (SDC602)."""
    text = "\n".join(block.lines)
    last = block.first + len(block.lines) - 1
    doc.text.append(TextPart(f"lines {block.first}-{last}", text, numbers_accounted=True))
    if _is_listing(block.lines):
        doc.listings.append(f"lines {block.first}-{last}")
    numbered = [block.first + i for i, line in enumerate(block.lines) if _holds_numbers(line)]
    if prose and len(block.lines) == 1 and not numbers_in_prose(text):
        return  # a title in plain text (``Table 2. Admissions, 2019-2021``): no statistic
    if numbered:
        doc.unaccounted.append((numbered[0], numbered[-1]))
