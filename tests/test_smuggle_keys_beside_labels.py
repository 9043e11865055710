"""A number in a key or bookmark set beside a label of the document's tables (issue 12,
hunt19).

A LaTeX cross-reference key or a Word bookmark is read as a label is (hunt17), so
``tab:north-3``, ``deaths-north-3`` or ``North_3`` passed beside a table with a North row:
read as a label, ``North 3`` is a category numbered 3 (``Ward 3``). Beside a table that has
``North``, a key that sets a number right by it is a value for it: SDC602 ``review`` naming
the key's line or the bookmark's part (``source_notes.key_beside_label``). A number that
numbers what it names (``tab:model-2``, ``fig:wave-3``), a year, a label's own number (``Model
2`` in the table) and a key with no label beside its number (``tab:3``) pass. Files as LaTeX is
hand-written and python-docx writes them, through ``sdc check``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app
from sdc.readers.documents.source_notes import key_beside_label, table_labels

runner = CliRunner()

TABLE = ("\\begin{table}\n\\caption{Patients by region}%s\n\\begin{tabular}{lrr}\n"
         "Region & Model 1 & Model 2 \\\\\nNorth East & 30 & 31 \\\\\nSouth & 45 & 44 \\\\\n"
         "\\end{tabular}\n\\end{table}\n")
KEY = [("SDC602", "review", "cross-reference key on line 2 (hidden)")]


def _findings(folder: Path, name: str, data: bytes) -> list[tuple[str, str, str]]:
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    result = runner.invoke(app, ["check", str(folder), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return [(f["rule"], f["status"], f["message"].rsplit(": ", 1)[-1])
            for o in json.loads(result.stdout)["outputs"] for f in o["findings"]]


@pytest.mark.parametrize("key", ["\\label{tab:north-east-3}", "\\label{deaths-south-3}",
                                 "\\label{tab:south3}", "\\ref{fig:3-south}",
                                 "\\label{tab:north_east_12}"])
def test_a_number_beside_a_table_s_label_in_a_key_is_named(tmp_path: Path, key: str) -> None:
    # was: pass (read as a label, ``South 3`` is a category numbered 3)
    assert _findings(tmp_path / "r", "t.tex", (TABLE % key).encode()) == KEY


@pytest.mark.parametrize("key", ["\\label{tab:3}", "\\label{tab:model-2}",
                                 "\\label{fig:wave-3}", "\\label{tab:south-2023}",
                                 "\\label{tab:north-east}", "\\label{tab:region-2}",
                                 "\\label{sec:2.1}"])
def test_a_key_numbering_its_table_passes(tmp_path: Path, key: str) -> None:
    assert _findings(tmp_path / "r", "t.tex", (TABLE % key).encode()) == []


def _docx(bookmark: str) -> bytes:
    pytest.importorskip("docx")
    from tests.test_smuggle_docx_bookmarks import bookmarked_docx

    return bookmarked_docx(bookmark)


def test_a_bookmark_setting_a_number_beside_a_label_is_named(tmp_path: Path) -> None:
    # was: pass
    assert _findings(tmp_path / "r", "t.docx", _docx("North_3")) == [
        ("SDC602", "review", "bookmark name in 'word/document.xml' (hidden)")]


@pytest.mark.parametrize("bookmark", ["Table3", "North_2023", "_Ref3", "Region_table"])
def test_a_bookmark_numbering_its_table_passes(tmp_path: Path, bookmark: str) -> None:
    assert _findings(tmp_path / "r", "t.docx", _docx(bookmark)) == []


def test_which_numbers_stand_beside_a_label() -> None:
    labels = table_labels([[["Region", "Model 1", "Model 2"], ["North East", "30", "31"]]])
    assert labels == {("model", "1"), ("model", "2"), ("north", "east")}
    assert key_beside_label("tab:north-east-3", labels) == "north east 3"
    assert key_beside_label("tab:3-north-east", labels) == "3 north east"
    assert key_beside_label("tab:model-2", labels) is None  # the label's own number
    assert key_beside_label("tab:model-3", labels) is None  # no label: Model numbers it
    assert key_beside_label("tab:north-2020", labels) is None  # a year
    assert key_beside_label("tab:east-3", labels) is None  # ``East`` alone is no label here
