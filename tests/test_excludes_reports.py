"""Every report lists the paths an exclude skipped (issue 15 §2): JUnit, GitHub, HTML and XLSX
like the text, Markdown, JSON and SARIF reports. Paths only: nothing from inside a skipped file
(it is not even read)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from sdc.cli import app
from tests.conftest import write_files

runner = CliRunner()
SAFE = "grp,n\na,12\nb,25\n"
SECRET = "ward,n\nZetaWard,7777\nb,25\n"  # a label and a value that must never be printed
EXCLUDED = {".venv/": "default", "drafts/": "--extend-exclude"}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    proj = write_files(tmp_path / "proj", {"outputs/t.csv": SAFE,
                                            "outputs/drafts/d.csv": SECRET,
                                            "outputs/.venv/v.csv": SECRET})
    monkeypatch.chdir(proj)
    return proj


def _check(*args: str) -> str:
    result = runner.invoke(app, ["check", "outputs", "--extend-exclude", "drafts", *args])
    assert result.exit_code == 0, result.output  # t.csv passes: the skipped files decide nothing
    return result.stdout


def _no_content(text: str) -> None:
    assert "ZetaWard" not in text and "7777" not in text


def test_junit_counts_and_lists_the_excluded_paths(project: Path) -> None:
    xml = _check("-f", "junit")
    _no_content(xml)
    suite = ET.fromstring(xml).find("testsuite")
    assert suite is not None
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["excluded"] == "2"
    out = suite.find("system-out")
    assert out is not None and out.text is not None
    assert out.text.splitlines() == ["not checked (excluded): 2 path(s)",
                                     "  .venv/ (by default)",
                                     "  drafts/ (by --extend-exclude)"]
    assert [c.get("name") for c in suite.iter("testcase")] == ["t.csv"]


def test_junit_without_excludes_says_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    write_files(tmp_path / "p", {"outputs/t.csv": SAFE})
    monkeypatch.chdir(tmp_path / "p")
    suite = ET.fromstring(runner.invoke(app, ["check", "outputs", "-f", "junit"]).stdout)
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["excluded"] == "0"
    assert suite.find("testsuite/system-out") is None


def test_github_annotates_the_excluded_paths(project: Path) -> None:
    text = _check("-f", "github")
    _no_content(text)
    notices = [line for line in text.splitlines() if "not checked (excluded)" in line]
    assert notices == ["::notice title=sdc%3A 2 path(s) not checked (excluded)::"
                       ".venv/ (by default)%0Adrafts/ (by --extend-exclude)"]


def test_html_lists_the_excluded_paths(project: Path) -> None:
    _check("-o", "report.html")
    html = (project / "report.html").read_text(encoding="utf-8")
    _no_content(html)
    assert "Not checked (excluded)" in html
    for path, by in EXCLUDED.items():
        assert f'<tr><td class="mono">{path}</td><td>{by}</td></tr>' in html


def test_xlsx_lists_the_excluded_paths(project: Path) -> None:
    _check("-o", "report.xlsx")
    ws = load_workbook(project / "report.xlsx")["Summary"]
    rows = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    start = rows.index(["Not checked (excluded)"])
    assert rows[start + 1:start + 4] == [["path", "excluded by"], [".venv/", "default"],
                                         ["drafts/", "--extend-exclude"]]
    assert not any("ZetaWard" in str(c) or "7777" in str(c) for row in rows for c in row)
