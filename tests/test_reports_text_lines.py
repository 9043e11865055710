"""The terminal report writes a finding's line itself when rich would write its text as it is
(``sdc.reports.text.print_line``, round 32): the same bytes as ``console.print``, for every
width and awkward line here, and rich's own way for what it cannot write directly."""

from __future__ import annotations

import io
import random

import pytest
from rich.console import Console

from sdc.reports.text import one_cell_each, print_line

WORDS = ["zero", "count", "(class", "disclosure", "−3", "[0, 7],", "below", "threshold",
         "supercalifragilisticexpialidocious" * 3, "", " ", "  ", ":smile:", ":warning:",
         "東京", "Zürich", "e\u0301", "tab\there", "a\u200db", "[bold]x[/]", "\\[escaped]",
         "—", "…", "≤", "\x7f", "x" * 119, "y" * 120, "z" * 121]


def _both(markup: str, width: int, *, color: bool = False) -> tuple[str, str]:
    direct, printed = io.StringIO(), io.StringIO()
    for stream, fast in ((direct, True), (printed, False)):
        console = Console(file=stream, force_terminal=color, no_color=None if color else True,
                          width=width, highlight=False)
        if fast:
            print_line(console, markup, console.color_system is None)
        else:
            console.print(markup)
    return direct.getvalue(), printed.getvalue()


@pytest.mark.parametrize("width", [12, 40, 80, 120])
def test_lines_are_written_as_rich_writes_them(width: int) -> None:
    rng = random.Random(width)
    for _ in range(400):
        words = [rng.choice(WORDS) for _ in range(rng.randrange(1, 30))]
        markup = (f"  [bold red]{rng.choice(['fail', 'review'])}[/] SDC10{rng.randrange(9)} "
                  + rng.choice([" ", "  ", "   "]).join(words) + rng.choice(["", " ", "   "]))
        direct, printed = _both(markup, width)
        assert direct == printed, markup


def test_a_finding_line_of_the_report_wraps_as_before() -> None:
    line = ("  [bold red]fail  [/] SDC502 narrow-suppression           B3 (0-15 / Asian)  "
            "the suppressed count is known to lie in [0, 7], below the threshold 10")
    direct, printed = _both(line, 120)
    assert direct == printed == (
        "  fail   SDC502 narrow-suppression           B3 (0-15 / Asian)  the suppressed count "
        "is known to lie in [0, 7], below \nthe threshold 10\n")


def test_styled_output_is_rich_s() -> None:
    direct, printed = _both("  [bold red]fail[/] a finding", 80, color=True)
    assert direct == printed and "\x1b[" in direct


def test_one_cell_each() -> None:
    assert one_cell_each("plain text −3 Zürich")
    assert not one_cell_each("東京")  # two cells each
    assert not one_cell_each("e\u0301")  # a combining accent: no cell
    assert not one_cell_each("tab\there")
    assert not one_cell_each("del\x7f")
