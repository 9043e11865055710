"""pandas Styler's LaTeX colours (``{\\cellcolor[HTML]{..}} \\color[HTML]{..} 198``) are taken
off a cell only in that shape, legible, and with no other colour in the source (fp27)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.documents.latex import read_latex
from sdc.readers.documents.latex_colours import only_cell_prefixes, strip_prefix
from tests.conftest import findings_of

_FILL = "{\\cellcolor[HTML]{08306B}} \\color[HTML]{F1F1F1} "
_PALE = "{\\cellcolor[HTML]{F7FBFF}} \\color[HTML]{000000} "


def _tex(cells: list[str], extra: str = "") -> str:
    rows = [f"{r} & {c} & {_PALE}120 \\\\" for r, c in zip(("East", "West"), cells, strict=True)]
    return extra + "\\begin{tabular}{lrr}\n region & A & B \\\\\n" + "\n".join(rows) + \
        "\n\\end{tabular}\n"


def _cell(source: str) -> str:
    return read_latex(source).tables[0].rows[2][1]


def test_styler_prefix_comes_off_when_legible() -> None:
    assert strip_prefix(_FILL + "3") == "3"
    assert strip_prefix(_PALE + "198") == "198"
    assert strip_prefix("\\color[HTML]{000000} 7") == "7"
    assert strip_prefix("{\\cellcolor[HTML]{FFFF00}} 7") == "7"  # black text on yellow
    assert strip_prefix("{\\cellcolor{yellow}} 217") == "217"  # highlight_max()'s default


@pytest.mark.parametrize("cell", [
    "{\\cellcolor[HTML]{FFFFFF}} \\color[HTML]{FFFFFF} 3",   # white on white
    "\\color[HTML]{FEFEFE} 3",                                # near white on the page
    "{\\cellcolor[HTML]{000000}} 3",                           # black text on black
    _PALE + "\\color[HTML]{FFFFFF} <3",                        # a second colour inside
    _PALE + "3 {\\cellcolor[HTML]{000000}}",                   # a fill after the text
    "{\\cellcolor{white}} \\color{white} 3",                   # named, white on white
    "\\color{yellow} 3",                                       # yellow on the white page
    "{\\cellcolor{Goldenrod}} 3",                              # no base colour: not known
])
def test_other_colours_stay(cell: str) -> None:
    assert strip_prefix(cell) == cell


def test_any_other_colour_in_the_source_keeps_every_prefix() -> None:
    assert only_cell_prefixes(_tex([_PALE + "198", _FILL + "201"]))
    for extra in ("\\rowcolor{white}", "\\pagecolor{black}", "\\textcolor{red}{x}",
                  "\\definecolor{yellow}{HTML}{FFFFFF}", "\\colorlet{yellow}{white}",
                  "\\columncolor{gray}"):
        source = _tex([_PALE + "198", _FILL + "201"], extra)
        assert not only_cell_prefixes(source)
        assert _cell(source) != "198"


def test_a_macro_may_stand_for_a_colour() -> None:
    source = _tex([_PALE + "198", "\\w 3"], "\\def\\w{\\color[HTML]{FFFFFF}}\n")
    assert _cell(source) != "198"


def _check(tmp_path: Path, source: str) -> sdc.RunResult:
    (tmp_path / "t.tex").write_text(source)
    return sdc.check(tmp_path, build_policy({}))


def test_styler_table_passes_and_its_3_fails_at_the_cell(tmp_path: Path) -> None:
    safe = tmp_path / "safe"
    safe.mkdir()
    assert _check(safe, _tex([_PALE + "198", _FILL + "201"])).status.value == "pass"
    small = tmp_path / "small"
    small.mkdir()
    result = _check(small, _tex([_PALE + "198", _FILL + "3"]))
    # the 3 itself, and the cells beside it that would give it back (no margins here)
    assert findings_of(result) == {("SDC101", "t.tex#table1", "B3"),
                                   ("SDC103", "t.tex#table1", "B2"),
                                   ("SDC103", "t.tex#table1", "C3")}


def test_white_on_white_3_is_not_read_as_shown(tmp_path: Path) -> None:
    result = _check(tmp_path, _tex([_PALE + "198",
                                    "{\\cellcolor[HTML]{FFFFFF}} \\color[HTML]{FFFFFF} 3"]))
    assert result.status.value != "pass"
    assert ("SDC602", "t.tex#table1", "B3") in findings_of(result)
