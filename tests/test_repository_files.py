"""`sdc check .` at the top of a repository: repository plumbing (workflows, pre-commit,
pyproject.toml, .gitignore) is skipped and listed, by name and content alike; anything else there,
a table under a plumbing name included, is checked (sdc.repository_files, docs/ci.md)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from sdc.cli import app
from sdc.repository_files import repository_file
from tests.conftest import write_files
from tests.test_github_action import _run_steps

runner = CliRunner()
PROJECT = Path(__file__).resolve().parents[1]
SAFE = "grp,n\na,12\nb,25\n"
SMALL = "region,deaths\nNorth,3\nSouth,40\nEast,35\n"  # SDC101 fail at B2
# the example workflow of docs/ci.md, as a user would copy it
WORKFLOW = re.search(r"```yaml\n# \.github/workflows/sdc\.yml\n(.*?)```",
                     (PROJECT / "docs" / "ci.md").read_text(encoding="utf-8"), re.S).group(1)
PRE_COMMIT_CONFIG = ("repos:\n  - repo: https://example.org/tre/sdc\n    rev: v0.1.0\n"
                     "    hooks:\n      - id: sdc-check\n")
PLUMBING = {
    ".github/workflows/sdc.yml": WORKFLOW,
    ".github/dependabot.yml": "version: 2\nupdates:\n  - package-ecosystem: pip\n"
                              "    directory: /\n    schedule: {interval: weekly}\n",
    ".pre-commit-config.yaml": PRE_COMMIT_CONFIG,
    ".pre-commit-hooks.yaml": (PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"),
    "pyproject.toml": (PROJECT / "pyproject.toml").read_text(encoding="utf-8"),
    "rules.toml": (PROJECT / "rules.toml").read_text(encoding="utf-8"),
    ".gitignore": "*.pyc\n.venv/\n# scratch 2024\n",
    ".gitattributes": "*.csv text eol=lf\n",
}


def _repo(folder: Path, files: dict[str, str]) -> Path:
    write_files(folder, files)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


def _check(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", *args, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def _findings(report: dict) -> dict[str, list[str]]:
    return {o["path"]: sorted(f["rule"] for f in o["findings"]) for o in report["outputs"]}


def test_repository_plumbing_is_skipped_and_listed_at_a_repository_root(
        tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo", {**PLUMBING, "outputs/t.csv": SAFE,
                                     "README.md": "# Study\nTables in outputs/.\n"})
    code, report = _check(str(repo))
    assert code == 0
    assert _findings(report) == {"outputs/t.csv": [], "README.md": []}
    by = {e["path"]: e["by"] for e in report["excluded"]}
    assert by == {".git/": "default",
                  ".github/workflows/sdc.yml": "repository file: GitHub workflow",
                  ".github/dependabot.yml": "repository file: Dependabot configuration",
                  ".pre-commit-config.yaml": "repository file: pre-commit configuration",
                  ".pre-commit-hooks.yaml": "repository file: pre-commit hooks",
                  "pyproject.toml": "repository file: Python project file",
                  "rules.toml": "repository file: sdc policy",
                  ".gitignore": "repository file: git configuration",
                  ".gitattributes": "repository file: git configuration"}
    text = runner.invoke(app, ["check", str(repo)])
    assert "pyproject.toml (by repository file: Python project file)" in text.stdout


def test_outputs_under_plumbing_names_or_places_are_still_checked(tmp_path: Path) -> None:
    """The guess is wrong on purpose: a table hidden in .github/, saved as a workflow, as
    pyproject.toml or as .gitignore does not have that file's shape, so it is checked."""
    repo = _repo(tmp_path / "repo", {
        "outputs/t.csv": SAFE,
        ".github/hidden.csv": SMALL,
        ".github/workflows/counts.yml": SMALL,           # YAML reads it as one string
        ".github/workflows/table.yaml": "jobs: 1\na: 3\n",  # a key no workflow has
        "pyproject.toml": "[counts]\na = 3\n",
        ".gitignore": "a,3\nb,25\n",
        "outputs/.pre-commit-config.yaml": PRE_COMMIT_CONFIG,  # not at the top: an output
        "outputs/sub/pyproject.toml": PLUMBING["pyproject.toml"],
    })
    code, report = _check(str(repo))
    assert code == 1
    # round 33 (hunt33): a delimited table under any name is read as one, so the two saved
    # as a workflow and as .gitignore are checked cell by cell (and t.csv's groups a and b,
    # printed again in .gitignore, are differenced: SDC503)
    assert _findings(report) == {
        "outputs/t.csv": ["SDC503"],
        ".github/hidden.csv": ["SDC101"],
        ".github/workflows/counts.yml": ["SDC101", "SDC601"],
        ".github/workflows/table.yaml": ["SDC601", "SDC602"],
        "pyproject.toml": ["SDC601", "SDC602"],
        # (and its headerless numbers named by nothing: SDC602, round 52)
        ".gitignore": ["SDC101", "SDC103", "SDC601", "SDC602"],
        "outputs/.pre-commit-config.yaml": ["SDC601", "SDC602"],
        "outputs/sub/pyproject.toml": ["SDC601", "SDC602"],
    }
    assert [e["path"] for e in report["excluded"]] == [".git/"]


def test_a_binary_or_large_file_under_a_plumbing_name_is_checked(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo", {})
    png = repo / "pyproject.toml"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert repository_file(png, "pyproject.toml") is None
    big = repo / ".gitignore"
    big.write_text("*.pyc\n" * 60_000, encoding="utf-8")  # 360 kB: not a configuration file
    assert repository_file(big, ".gitignore") is None


def test_outside_a_repository_or_inside_a_release_request_nothing_is_plumbing(
        tmp_path: Path) -> None:
    plain = write_files(tmp_path / "plain", {"t.csv": SAFE, "pyproject.toml":
                                             PLUMBING["pyproject.toml"]})
    assert _findings(_check(str(plain))[1])["pyproject.toml"] == ["SDC601", "SDC602"]
    repo = _repo(tmp_path / "repo", {**PLUMBING, "release/request.toml": "",
                                     "release/t.csv": SAFE,
                                     "release/pyproject.toml": PLUMBING["pyproject.toml"],
                                     "release/.gitignore": "*.pyc\n"})
    found = _findings(_check(str(repo))[1])
    assert found["release/pyproject.toml"] == ["SDC601", "SDC602"]  # sdc release copies it
    assert found["release/.gitignore"] == ["SDC601", "SDC602"]
    inside = _findings(_check(str(repo / "release"))[1])
    assert inside["pyproject.toml"] == ["SDC601", "SDC602"]


def test_a_checkers_policy_forbidding_excludes_checks_plumbing_too(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo", {**PLUMBING, "outputs/t.csv": SAFE})
    policy = write_files(tmp_path / "checker", {"policy.toml": "allow_excludes = false\n"})
    code, report = _check(str(repo), "--rules", str(policy / "policy.toml"))
    assert code == 1 and "excluded" not in report  # not even .git/
    found = _findings(report)
    assert set(PLUMBING) <= set(found)
    assert found["pyproject.toml"] == ["SDC601", "SDC602"]


def test_the_github_action_with_its_default_paths_passes_a_safe_repository(
        tmp_path: Path) -> None:
    repo = _repo(tmp_path / "ws", {**PLUMBING, "outputs/t.csv": SAFE})
    done, _, outputs = _run_steps(repo, {"install": ""}, tmp_path / "run")
    assert [p.returncode for p in done] == [0, 0], done[-1].stdout + done[-1].stderr
    assert outputs["result"] == "pass"
    assert "::notice" in done[1].stdout and ".github/workflows/sdc.yml" in done[1].stdout
    sarif = json.loads((repo / "sdc.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"] == []
    # and a table hidden in .github/ stops it
    write_files(repo, {".github/hidden.csv": SMALL})
    done, _, outputs = _run_steps(repo, {"install": ""}, tmp_path / "again")
    assert done[1].returncode == 1 and "::error file=.github/hidden.csv" in done[1].stdout
