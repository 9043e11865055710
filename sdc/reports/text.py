"""``--format text``: a terminal report with rich — a summary table, then findings by output.

Unused waivers are warnings: the CLI prints them on stderr, not in the report. In CI (``CI``
set in the environment) messages lose their values unless ``--show-values``:
terminal logs leave the TRE.
"""

from __future__ import annotations

from itertools import pairwise
from typing import IO, TYPE_CHECKING

from rich._wrap import divide_line
from rich.cells import get_character_cell_size
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from sdc.reports.common import count_of, declaration_lines, display_name, excluded_lines
from sdc.results import RunResult, Status

if TYPE_CHECKING:
    from sdc.reports import ReportOptions

STYLE = {Status.PASS: "green", Status.REVIEW: "yellow", Status.FAIL: "bold red"}


def write_text(result: RunResult, stream: IO[str], options: ReportOptions) -> None:
    show_values = options.show_values or not options.ci
    # color None: rich decides from the stream and NO_COLOR / FORCE_COLOR
    console = Console(file=stream, force_terminal=options.color,
                      no_color=True if options.color is False else None,
                      width=120 if not stream.isatty() else None, highlight=False)
    plain = console.color_system is None  # no styles written: a file, a pipe, NO_COLOR's tty
    policy = result.policy
    console.print(f"[bold]sdc {result.tool_version}[/] — policy {escape(policy.source)} "
                  f"(profile {escape(policy.profile)}, sha256 {policy.sha256[:12]})")
    summary = RichTable(title="Outputs", show_lines=False, expand=False)
    summary.add_column("status")
    summary.add_column("output")
    summary.add_column("kind")
    summary.add_column("findings", justify="right")
    for out in result.outputs:
        name = display_name(out)
        summary.add_row(f"[{STYLE[out.status]}]{out.status.value}[/]", escape(name), out.kind,
                        str(len(out.findings)))
    console.print(summary)
    for out in result.outputs:
        if not out.findings:
            continue
        name = display_name(out)
        console.print(f"\n[{STYLE[out.status]}]{out.status.value.upper()}[/] {escape(name)}")
        for f in out.findings:
            where = f.location.cell or "-"
            label = " / ".join(x for x in (f.location.row_label, f.location.column_label) if x)
            label_text = f" ({escape(label)})" if label else ""
            print_line(console, f"  [{STYLE[f.status]}]{f.status.value:6}[/] {f.rule} "
                       f"{f.name:24} {where:>6}{label_text}  "
                       f"{escape(f.text(show_values=show_values))}", plain)
            if f.waiver:
                console.print(f"         waived: {escape(f.waiver)}")
    for line in declaration_lines(result, with_claim=show_values):
        console.print(escape(line), soft_wrap=True)
    for line in excluded_lines(result):
        console.print(escape(line), soft_wrap=True)
    counts = result.summary()
    console.print(
        f"\n[bold]{result.status.value.upper()}[/]: {count_of(counts['outputs'], 'output')} — "
        f"{counts['pass']} pass, {counts['review']} review, {counts['fail']} fail; "
        f"{count_of(counts['findings'], 'finding')}")




def print_line(console: Console, markup: str, plain: bool) -> None:
    """``console.print(markup)``, written directly when rich would write the line's text
    without a style (``plain``: a file, a pipe) and every character of the text is printable
    and one cell wide (``one_cell_each``): rich's own ``divide_line`` places the breaks, cut
    as ``Text.wrap`` cuts them (trailing spaces beyond the width dropped). Rich's rendering
    of 25,000 findings took ~4 s of a 1,000-output report (round 32, tail32); the text is
    still rich's (its markup and emoji codes), so the report is the same byte for byte
    (tests/test_reports_text_lines.py compares the two ways on awkward lines). Anything else:
    rich prints it."""
    if plain:
        text = console.render_str(markup).plain
        if one_cell_each(text):
            console.file.write(wrapped(text, console.width))
            return
    console.print(markup)


def one_cell_each(text: str) -> bool:
    """Whether each character of ``text`` is printable and takes one cell of a terminal (so
    lengths are widths): ASCII, and the few others in messages (the minus sign)."""
    return text.isprintable() and (text.isascii() or all(
        get_character_cell_size(c) == 1 for c in set(text) if not c.isascii()))


def wrapped(text: str, width: int) -> str:
    """``text``, one cell a character, cut into lines of at most ``width`` as rich cuts them, each
    line ended by a newline."""
    if len(text) <= width:
        return text + "\n"
    starts = [0, *divide_line(text, width, fold=True), len(text)]
    lines = []
    for start, end in pairwise(starts):
        line = text[start:end]
        if len(line) > width:  # Text.rstrip_end: trailing spaces beyond the width go
            spaces = len(line) - len(line.rstrip())
            line = line[:len(line) - min(spaces, len(line) - width)]
        lines.append(line[:width])
    return "\n".join(lines) + "\n"
