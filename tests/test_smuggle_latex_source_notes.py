"""A count in what a LaTeX source carries but never typesets (issue 12, hunt17).

A ``.tex`` file leaves as source: whoever opens it reads ``% North deaths: 3`` or
``\\label{tab:north-deaths-3}`` as surely as a cell. Comments were searched for identifiers
only (unless they held a table row) and cross-reference keys were dropped, so both passed
beside a safe table. A comment's numbers are now read as prose's are, a tool's stamp (version,
date, time) set aside; a key is read as a label is, after its kind (``tab:``) and a number of
its own (``tab:3``): SDC602 ``review`` naming the comment's or the key's line. Files on disk,
checked through ``sdc check``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app

runner = CliRunner()

TABLE = ("\\begin{table}\n\\caption{Patients by region}%s\n\\begin{tabular}{lr}\n"
         "Region & Patients \\\\\nNorth & 30 \\\\%s\nSouth & 45 \\\\\n\\end{tabular}\n"
         "\\end{table}\n")


def _findings(folder: Path, source: str) -> list[tuple[str, str, str]]:
    """(rule, status, message's tail) of each finding of ``sdc check`` on the source."""
    folder.mkdir(exist_ok=True)
    (folder / "t.tex").write_text(source, encoding="utf-8")
    result = runner.invoke(app, ["check", str(folder), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    return [(f["rule"], f["status"], f["message"].rsplit(": ", 1)[-1])
            for o in data["outputs"] for f in o["findings"]]


@pytest.mark.parametrize(("source", "where"), [
    ("% North deaths: 3\n" + TABLE % ("", ""), "comment on line 1 (hidden)"),
    (TABLE % ("", " % 3 died"), "comment on line 5 (hidden)"),
    (TABLE % ("\\label{tab:north-deaths-3}", ""), "cross-reference key on line 2 (hidden)"),
    (TABLE % ("\\label{north:3}", ""), "cross-reference key on line 2 (hidden)"),
    (TABLE % ("", "") + "As in Tables~\\ref{tab:a} and \\ref{tab:north-deaths-3}.\n",
     "cross-reference key on line 9 (hidden)"),
])
def test_a_count_in_a_comment_or_a_key_is_named(tmp_path: Path, source: str, where: str
                                                ) -> None:
    # was: pass (no finding)
    assert _findings(tmp_path / "r", source) == [("SDC602", "review", where)]


@pytest.mark.parametrize("source", [
    "% Table created by stargazer v.5.2.3 by Marek Hlavac, Harvard University.\n"
    "% Date and time: Thu, Dec 04, 2026 - 10:15:02 PM\n" + TABLE % ("", ""),
    "% latex table generated in R 4.3.1 by xtable 1.8-4 package\n"
    "% Tue Dec  4 10:15:02 2026\n" + TABLE % ("", ""),
    "% Requires \\usepackage{booktabs}\n" + TABLE % ("\\label{tab:3}", ""),
    TABLE % ("\\label{tab:model-2}", ""),
    TABLE % ("\\label{sec:2.1}", ""),
    TABLE % ("\\label{tab:results-2023}", ""),
    TABLE % (" \\cite{smith2020}", ""),
])
def test_tool_stamps_and_reference_keys_still_pass(tmp_path: Path, source: str) -> None:
    assert _findings(tmp_path / "r", source) == []
