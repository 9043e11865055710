"""Excludes: the checker's patterns and, in a git repository, .gitignore — never a .gitignore
inside a release request, and never in the release workflow."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app
from sdc.excludes import DEFAULT_EXCLUDES, Excludes
from tests.conftest import write_files
from tests.test_ledger_support import ledger_location, workflow_app

runner = CliRunner()
SAFE = "grp,n\na,12\nb,25\n"
SMALL = "grp,n\na,3\nb,25\n"  # SDC101 fail at B2


def _git_init(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)


def _checked(*args: str) -> tuple[set[str], str]:
    result = runner.invoke(app, ["check", *args, "-f", "json", "--fail-on", "fail"])
    assert result.exit_code in (0, 1), result.output
    return {o["path"] for o in json.loads(result.stdout)["outputs"]}, result.stderr


def test_default_excludes_skip_tool_folders_and_say_so(tmp_path: Path) -> None:
    files = {"t.csv": SAFE, "sub/u.csv": SAFE}
    files |= {f"{name}/x.csv": SMALL for name in DEFAULT_EXCLUDES}
    files |= {"sub/__pycache__/y.csv": SMALL}
    root = write_files(tmp_path / "proj", files)
    paths, stderr = _checked(str(root))
    assert paths == {"t.csv", "sub/u.csv"}
    assert f"excluded {len(DEFAULT_EXCLUDES) + 1} path(s) from the check" in stderr


def test_exclude_replaces_and_extend_exclude_adds(tmp_path: Path) -> None:
    root = write_files(tmp_path / "proj", {"t.csv": SAFE, ".venv/x.csv": SMALL,
                                           "drafts/d.csv": SMALL, "a/drafts/e.csv": SMALL})
    assert _checked(str(root), "--exclude", "drafts")[0] == {"t.csv", ".venv/x.csv"}
    assert _checked(str(root), "--extend-exclude", "drafts")[0] == {"t.csv"}
    assert _checked(str(root), "--extend-exclude", "/drafts,*.txt")[0] == {
        "t.csv", "a/drafts/e.csv"}  # anchored to the checked folder, comma-separated


def test_gitignore_counts_in_a_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _git_init(repo)
    write_files(repo, {
        ".gitignore": "*.log\nscratch/\n",
        "analysis/.gitignore": "tmp_*.csv\n!tmp_keep.csv\n",
        "analysis/t.csv": SAFE, "analysis/run.log": "x\n", "scratch/s.csv": SMALL,
        "analysis/tmp_1.csv": SMALL, "analysis/tmp_keep.csv": SAFE,
    })
    paths, _ = _checked(str(repo))
    # the .gitignore files themselves are repository files (test_repository_files.py)
    assert paths == {"analysis/t.csv", "analysis/tmp_keep.csv"}
    # checking a sub-folder still applies the repository's .gitignore files above it
    assert _checked(str(repo / "analysis"))[0] == {"t.csv", "tmp_keep.csv"}
    # and --no-respect-gitignore checks what git ignores too
    assert "scratch/s.csv" in _checked(str(repo), "--no-respect-gitignore")[0]


def test_gitignore_outside_a_repository_hides_nothing(tmp_path: Path) -> None:
    root = write_files(tmp_path / "plain", {".gitignore": "*.csv\n", "t.csv": SMALL})
    assert _checked(str(root))[0] == {".gitignore", "t.csv"}


def test_gitignore_inside_a_release_request_hides_nothing(tmp_path: Path) -> None:
    # the researcher's .gitignore beside request.toml must not hide an output from the check
    repo = tmp_path / "repo"
    _git_init(repo)
    write_files(repo, {
        ".gitignore": "secret*.csv\n",
        "release/request.toml": '[request]\ntitle = "t"\n',
        "release/.gitignore": "*.csv\n",
        "release/t.csv": SAFE, "release/secret.csv": SMALL, "release/sub/secret2.csv": SMALL,
        "other/secret3.csv": SMALL,
    })
    paths, _ = _checked(str(repo / "release"))
    assert {"t.csv", "secret.csv", "sub/secret2.csv"} <= paths
    whole, _ = _checked(str(repo))
    assert {"release/secret.csv", "release/sub/secret2.csv"} <= whole
    assert "other/secret3.csv" not in whole  # outside the request, the repository's choice
    # a sub-folder of a release request: still no .gitignore from above
    assert _checked(str(repo / "release" / "sub"))[0] == {"secret2.csv"}


def test_python_api_and_library_walk_check_every_file(tmp_path: Path) -> None:
    import sdc

    root = write_files(tmp_path / "r", {"t.csv": SAFE, ".venv/x.csv": SMALL})
    assert {o.path for o in sdc.check(root).outputs} == {"t.csv", ".venv/x.csv"}
    walked = Excludes.from_options(None, None)
    assert [p.name for p in walked.walk(root)] == ["t.csv"] and walked.skipped == [".venv/"]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_submit_checks_what_gitignore_and_default_excludes_would_hide(
        tmp_path: Path, backend: str) -> None:
    repo = tmp_path / "repo"
    _git_init(repo)
    folder = write_files(repo / "release", {
        "request.toml": '[request]\ntitle = "t"\nauthor = "alice"\n',
        ".gitignore": "*.csv\n", "t.csv": SAFE, "node_modules/hidden.csv": SMALL,
    })
    write_files(repo, {".gitignore": "release/\n"})
    with ledger_location(backend, tmp_path) as url:
        workflow = workflow_app()
        submitted = runner.invoke(workflow, ["request", "submit", str(folder), "--author",
                                             "alice", "--ledger", url])
        assert submitted.exit_code == 0, submitted.output
        shown = json.loads(runner.invoke(workflow, ["request", "show", "R-0001", "--ledger",
                                                    url, "--format", "json"]).stdout)
    checks = {o["path"]: o["check"] for o in shown["outputs"]}
    assert "t.csv" in checks
    assert checks["node_modules/hidden.csv"] == "fail"  # 3 < 10 was checked, not skipped
    assert ".gitignore" in checks
