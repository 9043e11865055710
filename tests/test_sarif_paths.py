"""SARIF and GitHub annotation paths: from the repository root (uriBaseId SRCROOT), whatever
folder was checked, so code scanning puts findings on the right files; no absolute path of the
machine in the report."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import sdc
from sdc.policy import build_policy
from sdc.reports import ReportOptions, get_reporter
from tests.conftest import write_files

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SMALL = "age,female,male\n18-24,7,43\n25-34,40,28\n"  # SDC101 at B2


def _render(fmt: str, result: sdc.RunResult, **options) -> str:
    stream = io.StringIO()
    get_reporter(fmt)(result, stream, ReportOptions(**options))
    return stream.getvalue()


def _valid(log: dict) -> dict:
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(log)
    return log


def _uris(log: dict) -> set[tuple[str, str]]:
    run = log["runs"][0]
    found = {(a["location"]["uri"], a["location"]["uriBaseId"]) for a in run["artifacts"]}
    for result in run["results"]:
        for loc in [*result["locations"], *result.get("relatedLocations", [])]:
            art = loc["physicalLocation"]["artifactLocation"]
            found.add((art["uri"], art["uriBaseId"]))
    return found


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    root = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    write_files(root, {"study/outputs/t.csv": SMALL, "study/outputs/sub/u b.csv": SMALL})
    return root


def test_sarif_paths_are_from_the_repository_root(repo: Path) -> None:
    result = sdc.check(repo / "study" / "outputs", build_policy({}))
    assert {o.path for o in result.outputs} == {"t.csv", "sub/u b.csv"}  # report paths
    log = _valid(json.loads(_render("sarif", result)))
    assert _uris(log) == {("study/outputs/t.csv", "SRCROOT"),
                          ("study/outputs/sub/u%20b.csv", "SRCROOT")}
    base = log["runs"][0]["originalUriBaseIds"]["SRCROOT"]
    assert "uri" not in base and "git work tree" in base["description"]["text"]
    assert str(repo) not in json.dumps(log)  # the machine's folders stay in the TRE
    (hit,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "SDC101"
              and "t.csv" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]
    assert hit["locations"][0]["physicalLocation"]["region"] == {"startLine": 2,
                                                                  "startColumn": 2}


def test_github_annotations_use_the_same_paths(repo: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # not the repository: the path still starts at its root
    result = sdc.check(repo / "study" / "outputs", build_policy({}))
    text = _render("github", result)
    assert "::error file=study/outputs/t.csv,line=2,col=2,title=SDC101" in text


def test_outside_a_repository_paths_are_from_the_checked_folder(tmp_path: Path,
                                                                 monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    folder = write_files(tmp_path / "plain" / "outputs", {"t.csv": SMALL})
    log = _valid(json.loads(_render("sarif", sdc.check(folder, build_policy({})))))
    assert _uris(log) == {("t.csv", "SRCROOT")}
    assert str(tmp_path) not in json.dumps(log)


def test_github_workspace_is_the_root_outside_a_repository(tmp_path: Path,
                                                           monkeypatch) -> None:
    folder = write_files(tmp_path / "ws" / "outputs", {"t.csv": SMALL})
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "ws"))
    log = _valid(json.loads(_render("sarif", sdc.check(folder, build_policy({})))))
    assert _uris(log) == {("outputs/t.csv", "SRCROOT")}


def test_cli_sarif_of_one_file_in_a_repository(repo: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # how pre-commit and the action call it: a file, checked within its release
    monkeypatch.chdir(repo / "study")
    out = repo.parent / "r.sarif"
    done = CliRunner().invoke(sdc_app(), ["check", "outputs/t.csv", "-o", str(out)])
    assert done.exit_code == 1, done.output
    log = _valid(json.loads(out.read_text(encoding="utf-8")))
    assert ("study/outputs/t.csv", "SRCROOT") in _uris(log)


def sdc_app():
    from sdc.cli import app

    return app
