"""A count in an HTML table's ``<caption>`` and a LaTeX tabular row commented out
(``% West & 3 \\\\``) passed: the caption became the table's title, which no rule reads (HTML's
prose leaves tables out, captions included), and LaTeX comments were searched for identifiers
only unless several lines of them made a table. Now the caption's numbers that a CSV title
would not explain are named (SDC602 review) and a commented row is a hidden table row (SDC605,
its numbers named). Safe twins: a caption with a table number, years and a printed base, and
stargazer's comment lines (a version, a date and time), still pass. Files on disk."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found

ROWS = "<tr><th>region</th><th>count</th></tr><tr><td>North</td><td>120</td></tr>" \
       "<tr><td>South</td><td>105</td></tr>"
TABULAR = "\\begin{tabular}{lr}\nregion & count \\\\\nNorth & 120 \\\\\n%s" \
          "South & 105 \\\\\n\\end{tabular}\n"


def _check(tmp_path: Path, name: str, text: str) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / name).write_text(text)
    return sdc.check(folder, build_policy({}))


def test_a_count_in_an_html_caption_is_named(tmp_path: Path) -> None:
    page = f"<table><caption>Admissions (West: 3 excluded)</caption>{ROWS}</table>"
    result = _check(tmp_path, "t.html", page)
    # was: pass
    assert _found(result) == {("SDC602", None, "review")}
    (finding,) = result.findings
    assert finding.message.endswith("in 1 place of the text, to be read by a person: "
                                    "caption of table 1")


def test_an_html_caption_naming_the_table_years_and_its_base_passes(tmp_path: Path) -> None:
    page = (f"<table><caption>Table 2: Admissions by region, 2019-2022 (N=225)</caption>"
            f"{ROWS}</table>")
    result = _check(tmp_path, "t.html", page)
    assert result.findings == [] and result.status.value == "pass"


def test_a_commented_out_tabular_row_is_hidden_content(tmp_path: Path) -> None:
    result = _check(tmp_path, "t.tex", TABULAR % "% West & 3 \\\\\n")
    # was: pass
    assert _found(result) == {("SDC602", None, "review"), ("SDC605", None, "review")}
    assert any(f.rule == "SDC602" and f.message.endswith("comment on line 4 (hidden)")
               for f in result.findings)


def test_stargazer_comment_lines_still_pass(tmp_path: Path) -> None:
    head = ("% Table created by stargazer v.5.2.3 by Marek Hlavac, Harvard University. E-mail: "
            "marek.hlavac at gmail.com\n% Date and time: Wed, Dec 02, 2026 - 17:00:00\n")
    result = _check(tmp_path, "t.tex", head + TABULAR % "")
    assert result.findings == [] and result.status.value == "pass"
