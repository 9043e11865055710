"""A LaTeX wrapper is stripped by its whole name (round 26, fp27's note): ``\\textcolor`` read
as ``\\text`` + ``color`` left ``colorred3``, ``\\textless`` became ``less``, ``\\sim`` lost
``\\si`` and left ``m``, and ``\\textsuperscript{1}`` became ``superscript1``."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.engine import check
from sdc.readers.documents.latex import clean


@pytest.mark.parametrize(("cell", "seen"), [
    (r"\textless 5", "< 5"),
    (r"\textgreater 10", "> 10"),
    (r"3\sim 4", "3| 4"),
    (r"\textcolor{red}{3}", "|red|3|"),
    (r"West\textsuperscript{1}", "West¹"),
    (r"1\textsuperscript{3}", "1³"),
    (r"\textbf{12}", "12"),
    (r"\small 12", "12"),
])
def test_a_wrapper_is_stripped_by_its_whole_name(cell: str, seen: str) -> None:
    assert clean(cell) == seen


def _table(tmp_path: Path, region: str, deaths: str) -> Path:
    path = tmp_path / "deaths.tex"
    path.write_text("\\begin{tabular}{lr}\n\\hline\nRegion & Deaths \\\\\n\\hline\n"
                    f"{region} & {deaths} \\\\\nSouth & 40 \\\\\nEast & 52 \\\\\n"
                    "\\hline\n\\end{tabular}\n", encoding="utf-8")
    return path


def _findings(path: Path) -> list[tuple[str, str | None, str]]:
    result = check([path])
    return sorted((f.rule, f.location.cell, f.status) for o in result.outputs
                  for f in o.findings)


def test_a_footnote_mark_on_a_label_passes(tmp_path: Path) -> None:
    path = _table(tmp_path, r"West\textsuperscript{1}", "31")
    # with the note it refers to (hunt52: a mark no note explains is a number)
    path.write_text(path.read_text() + "\\textsuperscript{1} Includes Y.\n", encoding="utf-8")
    assert _findings(path) == []


def test_a_raised_digit_on_a_small_count_is_no_pass(tmp_path: Path) -> None:
    # 1 with a raised 3 is not the 13 the digits would spell
    assert _findings(_table(tmp_path, "West", r"1\textsuperscript{3}")) == [
        ("SDC602", "B2", "review")]


def test_a_coloured_small_count_is_no_pass(tmp_path: Path) -> None:
    assert _findings(_table(tmp_path, "West", r"\textcolor{red}{3}")) == [
        ("SDC602", "B2", "review")]
