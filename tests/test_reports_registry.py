"""The reporter registry, and every format through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from sdc.cli import app
from sdc.reports import (
    BINARY_FORMATS,
    EXTENSIONS,
    FORMATS,
    ReportOptions,
    format_for_path,
    get_reporter,
)
from sdc.results import Status
from tests.conftest import write_files

runner = CliRunner()


def test_formats_and_extensions() -> None:
    assert FORMATS == ["text", "json", "html", "xlsx", "sarif", "junit", "github", "acro",
                       "markdown"]
    assert sorted(BINARY_FORMATS) == ["xlsx"]
    assert {EXTENSIONS[e] for e in (".html", ".xlsx", ".sarif", ".sarif.json", ".xml", ".md",
                                    ".json")} == {"html", "xlsx", "sarif", "junit",
                                                  "markdown", "json"}
    assert EXTENSIONS[".xml"] == "junit" and EXTENSIONS[".md"] == "markdown"
    assert format_for_path(Path("out/report.sarif.json")) == "sarif"
    assert format_for_path(Path("out/result.JSON")) == "json"
    assert format_for_path(Path("out/folder")) is None
    for fmt in FORMATS:
        assert callable(get_reporter(fmt))
    with pytest.raises(KeyError):
        get_reporter("pdf")


def test_report_options_defaults() -> None:
    options = ReportOptions()
    assert options.show_values is False and options.output_path is None
    assert options.inputs == [] and options.fail_on is Status.FAIL
    assert ReportOptions(fail_on="review").fail_on is Status.REVIEW


@pytest.fixture
def release(tmp_path: Path) -> Path:
    return write_files(tmp_path / "rel", {
        "safe.csv": "grp,n\na,12\nb,25\n",
        "small.csv": "age,Female,Male,Other\n18-24,3,25,30\n25-34,12,14,20\n35-44,15,16,22\n",
    })


@pytest.mark.parametrize("name", ["report.html", "report.xlsx", "report.sarif", "junit.xml",
                                  "summary.md"])
def test_cli_writes_each_format_from_the_extension(release: Path, tmp_path: Path,
                                                   name: str) -> None:
    target = tmp_path / "out" / name
    result = runner.invoke(app, ["check", str(release), "-o", str(target)])
    assert result.exit_code == 1, result.output
    if name.endswith(".xlsx"):
        assert load_workbook(target).sheetnames[:2] == ["Summary", "Policy"]
    elif name.endswith(".sarif"):
        assert json.loads(target.read_text())["version"] == "2.1.0"
    else:
        assert "small.csv" in target.read_text(encoding="utf-8")


def test_cli_github_format_to_stdout(release: Path) -> None:
    result = runner.invoke(app, ["check", str(release), "--format", "github"],
                           env={"GITHUB_STEP_SUMMARY": ""})
    assert result.exit_code == 1
    assert "::error file=small.csv,line=2,col=2,title=SDC101 small-count::" in result.stdout
