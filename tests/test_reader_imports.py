"""Readers load when a file needs them (round 31, cold31): every reader sniffs every file from
light code, and its reading code (``ReadsLater.reads``) is imported only when a file of its
format is read. A CSV-only check imports no workbook, document, PDF or image reader; the
choice stays content-based, so a file whose reader was not loaded is still read by it, and a
reading module that fails to import makes its file review (SDC602), never a pass."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.base import ReadsLater
from tests.conftest import findings_of, write_files

# the reading modules of the formats, and the libraries only they use
READING = ("sdc.readers.csv_file", "sdc.readers.xlsx_file", "sdc.readers.xlsx_reader",
           "sdc.readers.xlsx_package", "sdc.readers.image_files", "sdc.readers.image_content",
           "sdc.charts.pdf", "sdc.charts.svg", "sdc.readers.documents.file_reads",
           "sdc.readers.documents.html", "sdc.readers.documents.markdown",
           "sdc.readers.documents.latex", "sdc.readers.documents.logs",
           "sdc.readers.documents.word", "sdc.readers.documents.reading")
LIBRARIES = ("openpyxl", "lxml", "docx", "pypdf", "matplotlib", "scipy", "pandas", "pyarrow",
             "jinja2", "defusedxml", "xml.etree.ElementTree")

PROBE = """
import json, sys
{body}
print(json.dumps(sorted(m for m in {names!r} if m in sys.modules)))
"""


def _loaded(body: str, names: tuple[str, ...], cwd: Path | None = None) -> tuple[str, list[str]]:
    """Run ``body`` in a fresh interpreter: what it printed, and which of ``names`` it
    imported."""
    proc = subprocess.run([sys.executable, "-c", PROBE.format(body=body, names=names)],
                          capture_output=True, text=True, check=True, cwd=cwd)
    *printed, loaded = proc.stdout.strip().splitlines()
    return "\n".join(printed), json.loads(loaded)


def test_choosing_a_reader_loads_no_reading_code() -> None:
    body = ("from pathlib import Path\n"
            "from sdc.readers.registry import READERS, choose_reader\n"
            "for head in (b'a,b\\n1,2\\n', b'\\x89PNG\\r\\n\\x1a\\n', b'%PDF-1.4', b'<html>',\n"
            "             b'{smcl}', b'\\\\begin{tabular}', b'| a |\\n|---|---|'):\n"
            "    choose_reader(Path('none'), 'txt', head)")
    _, loaded = _loaded(body, (*READING, *LIBRARIES))
    assert loaded == []


def test_a_csv_only_check_imports_no_other_reader(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.csv": "age,Female,Male\n0-17,120,131\n18-64,402,3\n",
                           "b.csv": "region,n\nNorth,40\nSouth,52\n"})
    body = ("from sdc.cli import app\n"
            f"try:\n    app(['check', {str(tmp_path)!r}, '--format', 'json'])\n"
            "except SystemExit:\n    pass")
    printed, loaded = _loaded(body, (*READING, *LIBRARIES), cwd=tmp_path)
    result = json.loads(printed)
    found = sorted((o["path"], f["rule"], f["location"]["cell"])
                   for o in result["outputs"] for f in o["findings"])
    assert found == [("a.csv", "SDC101", "C3"), ("a.csv", "SDC103", "B3"),
                     ("a.csv", "SDC103", "C2")]
    assert loaded == ["sdc.readers.csv_file"]


def test_a_banded_csv_is_checked_without_numpy(tmp_path: Path) -> None:
    # three age bands: SDC503 indexes the counts (labels_keys.of_form), a few cells keyed one
    # by one with no numpy (~0.09 s CPU of a ~0.55 s check from bytecode)
    write_files(tmp_path, {"t.csv": "age_band,Female,Male\n0-17,120,131\n18-64,402,388\n"
                                    "65+,97,3\n"})
    body = ("from sdc.cli import app\n"
            f"try:\n    app(['check', {str(tmp_path)!r}, '--format', 'json'])\n"
            "except SystemExit:\n    pass")
    printed, loaded = _loaded(body, ("numpy", "sdc.labels_keys", *LIBRARIES), cwd=tmp_path)
    found = [(f["rule"], f["location"]["cell"])
             for o in json.loads(printed)["outputs"] for f in o["findings"]]
    assert found == [("SDC101", "C4"), ("SDC103", "B4")]
    assert loaded == ["sdc.labels_keys"]  # the count index was made


_DOCUMENTS = "sdc.readers.documents"
# file, content, the format chosen, the reading modules its read imports (of READING)
FORMATS = [
    ("t.md", "| a | n |\n|---|---|\n| x | 3 |\n", "markdown",
     [f"{_DOCUMENTS}.file_reads", f"{_DOCUMENTS}.html",  # HTML inside Markdown is read
      f"{_DOCUMENTS}.markdown", f"{_DOCUMENTS}.reading"]),
    ("t.tex", "\\begin{tabular}{ll}\na & 3 \\\\\n\\end{tabular}\n", "latex",
     [f"{_DOCUMENTS}.file_reads", f"{_DOCUMENTS}.latex", f"{_DOCUMENTS}.reading"]),
    ("t.html", "<table><tr><td>a</td><td>3</td></tr></table>", "html",
     [f"{_DOCUMENTS}.file_reads", f"{_DOCUMENTS}.html", f"{_DOCUMENTS}.reading"]),
    ("t.log", "{smcl}\n. tab x\n", "log",
     [f"{_DOCUMENTS}.file_reads", f"{_DOCUMENTS}.logs", f"{_DOCUMENTS}.reading"]),
    ("t.txt", "some words and 3 numbers\n", "document",
     [f"{_DOCUMENTS}.file_reads", f"{_DOCUMENTS}.logs", f"{_DOCUMENTS}.reading"]),
    ("t.svg", '<svg xmlns="http://www.w3.org/2000/svg"><text>3</text></svg>', "svg",
     ["sdc.charts.svg", "sdc.readers.image_content", "sdc.readers.image_files"]),
    ("t.pdf", "%PDF-1.4\n%%EOF\n", "pdf",
     ["sdc.charts.pdf", "sdc.charts.svg", "sdc.readers.image_content",
      "sdc.readers.image_files"]),
    ("t.png", {"image": "png"}, "png", ["sdc.readers.image_content", "sdc.readers.image_files"]),
    ("t.xlsx", {"sheets": [{"rows": [["a", "n"], ["x", 3]]}]}, "xlsx",
     ["sdc.readers.xlsx_file", "sdc.readers.xlsx_package", "sdc.readers.xlsx_reader"]),
    # content first: a workbook named .csv is read as the workbook it is, its reader loaded
    ("t.csv", {"sheets": [{"rows": [["a", "n"], ["x", 3]]}]}, "xlsx",
     ["sdc.readers.xlsx_file", "sdc.readers.xlsx_package", "sdc.readers.xlsx_reader"]),
]


@pytest.mark.parametrize(("name", "content", "fmt", "modules"), FORMATS,
                         ids=[f[0] for f in FORMATS])
def test_each_format_loads_its_own_reader_only(tmp_path: Path, name: str, content,
                                               fmt: str, modules: list[str]) -> None:
    write_files(tmp_path, {name: content})
    body = ("from pathlib import Path\n"
            "from sdc.policy import build_policy\n"
            "from sdc.readers import read_file\n"
            f"out = read_file(Path({str(tmp_path / name)!r}), {name!r},\n"
            "                build_policy({}).read_options())[0]\n"
            "print(out.format)")
    printed, loaded = _loaded(body, READING)
    assert printed == fmt
    assert loaded == modules


def test_every_deferred_read_names_a_function() -> None:
    # a misspelt ``reads`` would make every file of its format review: caught here instead
    from sdc.readers.registry import READERS

    deferred = [r for r in READERS if isinstance(r, ReadsLater)]
    assert len(deferred) == len(READERS) - 1  # all but the unknown reader
    for reader in deferred:
        module, _, function = reader.reads.partition(":")
        assert callable(getattr(import_module(module), function)), reader.name


def test_a_reader_that_cannot_load_makes_its_file_review(tmp_path: Path, monkeypatch) -> None:
    from sdc.readers.registry import READERS

    markdown = next(r for r in READERS if r.name == "markdown")
    monkeypatch.setattr(markdown, "reads", "sdc.readers.documents.no_such_module:read")
    write_files(tmp_path, {"t.md": "| area | n |\n|---|---|\n| North | 3 |\n",
                           "t.csv": "region,n\nNorth,40\nSouth,52\n"})
    result = sdc.check(tmp_path, build_policy({}))
    assert findings_of(result) == {("SDC602", "t.md", None)}
    by_path = {o.path: o for o in result.outputs}
    assert by_path["t.md"].status.value == "review"
    assert "no_such_module" in by_path["t.md"].findings[0].message
    assert by_path["t.csv"].status.value == "pass"


def test_an_image_only_check_imports_no_csv_reader(tmp_path: Path) -> None:
    # every file's head is sniffed for text (sdc.readers.sniffing) and the ACRO annotations
    # look for results.json: neither needs the CSV reader's code (round 32, tail32)
    write_files(tmp_path, {"chart.png": {"image": "png"}})
    body = ("from sdc.cli import app\n"
            f"try:\n    app(['check', {str(tmp_path)!r}, '--format', 'json'])\n"
            "except SystemExit:\n    pass")
    printed, loaded = _loaded(body, ("sdc.readers.csv_reader", "sdc.readers.csv_blocks",
                                     "sdc.readers.parts", *READING, *LIBRARIES), cwd=tmp_path)
    result = json.loads(printed)
    assert [(o["path"], o["status"]) for o in result["outputs"]] == [("chart.png", "review")]
    # the image reader and what it reads a picture's XML metadata with; the parts of a
    # release (light: sdc.readers.parts reads CSV text only when a part is read)
    assert loaded == ["defusedxml", "sdc.readers.image_content", "sdc.readers.image_files",
                      "sdc.readers.parts", "xml.etree.ElementTree"]
