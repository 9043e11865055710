"""The command line: exit codes, formats, --fail-on, rules listing, usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app
from tests.conftest import write_files

runner = CliRunner()


@pytest.fixture
def release(tmp_path: Path) -> Path:
    return write_files(tmp_path / "rel", {
        "safe.csv": "grp,n\na,12\nb,25\n",
        "small.csv": "age,Female,Male,Other\n18-24,3,25,30\n25-34,12,14,20\n35-44,15,16,22\n",
    })


def test_exit_1_on_fail_and_json_matches_contract(release: Path) -> None:
    result = runner.invoke(app, ["check", str(release), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "sdc.result/1"
    assert data["tool"] == {"name": "sdc", "version": "0.1.0"}
    assert set(data["policy"]) == {"source", "profile", "sha256", "params"}
    assert data["status"] == "fail"
    assert data["summary"] == {"outputs": 2, "pass": 1, "review": 0, "fail": 1, "findings": 1}
    out = {o["path"]: o for o in data["outputs"]}
    assert set(out["safe.csv"]) == {"path", "sheet", "kind", "sha256", "status", "findings"}
    (finding,) = out["small.csv"]["findings"]
    assert finding == {
        "rule": "SDC101", "name": "small-count", "status": "fail",
        "message": "count 3 is below the threshold 10",
        "location": {"path": "small.csv", "sheet": None, "cell": "B2", "row_label": "18-24",
                     "column_label": "Female"},
        "related": [], "evidence": {"count": 3.0, "threshold": 10},
    }


def test_exit_0_when_clean(tmp_path: Path) -> None:
    root = write_files(tmp_path / "r", {"safe.csv": "grp,n\na,12\nb,25\n"})
    assert runner.invoke(app, ["check", str(root)]).exit_code == 0


def test_fail_on_review(tmp_path: Path) -> None:
    root = write_files(tmp_path / "r", {"safe.csv": "grp,n\na,12\nb,25\n", "notes.md": "hi\n"})
    assert runner.invoke(app, ["check", str(root)]).exit_code == 0
    assert runner.invoke(app, ["check", str(root), "--fail-on", "review"]).exit_code == 1


def test_output_file_format_from_extension(release: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "result.json"
    result = runner.invoke(app, ["check", str(release), "-o", str(target)])
    assert result.exit_code == 1
    assert json.loads(target.read_text())["status"] == "fail"


def test_text_format_lists_cells(release: Path) -> None:
    result = runner.invoke(app, ["check", str(release)])
    assert "SDC101" in result.stdout and "B2" in result.stdout
    assert "FAIL" in result.stdout


def test_text_in_ci_hides_values_unless_asked(release: Path, monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    hidden = runner.invoke(app, ["check", str(release)]).stdout
    assert "count is below the threshold 10" in hidden and "count 3" not in hidden
    shown = runner.invoke(app, ["check", str(release), "--show-values"]).stdout
    assert "count 3 is below" in shown


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "does-not-exist"], "no such file"),
        (["check", ".", "--format", "yaml"], "unknown format"),
        (["check", ".", "--profile", "nope"], "unknown profile"),
        (["rules", "SDC999"], "no rule"),
    ],
)
def test_usage_errors_exit_2_without_traceback(args: list[str], needle: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert needle in result.output
    assert "Traceback" not in result.output


def test_bad_rules_file_names_the_key(release: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[rules.small-count]\nthreshold = -3\n")
    result = runner.invoke(app, ["check", str(release), "--rules", str(bad)])
    assert result.exit_code == 2
    assert "rules.small-count.threshold" in result.output


def test_rules_listing_and_documentation() -> None:
    listing = runner.invoke(app, ["rules"])
    assert listing.exit_code == 0
    for code in ("SDC101", "SDC602", "SDC701"):
        assert code in listing.stdout
    doc = runner.invoke(app, ["rules", "small-count"])
    assert doc.exit_code == 0
    assert "SDC101 small-count" in doc.stdout
    assert "threshold = 10" in doc.stdout
    assert "[rules.small-count]" in doc.stdout
    assert "Example" in doc.stdout


def test_python_api_returns_the_same_result(release: Path) -> None:
    import sdc

    result = sdc.check(release)
    cli = json.loads(runner.invoke(app, ["check", str(release), "-f", "json"]).stdout)
    assert result.to_dict()["outputs"] == cli["outputs"]


def test_python_m_sdc_works() -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "sdc", "--version"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0
    assert proc.stdout.strip() == "sdc 0.1.0"


def test_acro_folder_round_trip(release: Path, tmp_path: Path) -> None:
    out = tmp_path / "acro_out"
    result = runner.invoke(app, ["check", str(release), "--format", "acro", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert (out / "results.json").is_file()
    again = json.loads(runner.invoke(app, ["check", str(out), "-f", "json"]).stdout)
    paths = {o["path"] for o in again["outputs"]}
    assert "results.json" not in paths and not any(p.startswith("checksums/") for p in paths)
    assert {"safe.csv", "small.csv"} <= paths


def test_sarif_from_extension_has_no_values(release: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.sarif.json"
    assert runner.invoke(app, ["check", str(release), "-o", str(target)]).exit_code == 1
    data = json.loads(target.read_text())
    assert data["version"] == "2.1.0"
    assert "count 3" not in target.read_text()
