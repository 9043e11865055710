"""The project's own pre-commit hook (.pre-commit-hooks.yaml), run by pre-commit in a temporary
git repository: it fails on a disclosive table and passes on a safe one.

pre-commit installs hook repositories from git, so the hook repository is a local git copy of
this checkout (its working tree, committed with fixed dates): no network but the package
index pip already uses."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_files

PROJECT = Path(__file__).resolve().parents[1]
FIXED_DATE = "2026-01-01T00:00:00+00:00"
SAFE = "age,female,male\n18-24,12,15\n25-34,20,22\n"
DISCLOSIVE = "region,deaths\nNorth,3\nSouth,40\nEast,35\n"  # 3 < 10: SDC101 at B2


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": FIXED_DATE, "GIT_COMMITTER_DATE": FIXED_DATE,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def _hook_repository(target: Path) -> str:
    """A git repository holding this checkout's package and hook; returns its commit."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "rules.toml"):
        shutil.copy2(PROJECT / name, target / name)
    shutil.copytree(PROJECT / "sdc", target / "sdc",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "sdc under test")
    return _git(target, "rev-parse", "HEAD")


def _pre_commit(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("CI", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files",
                           "--color", "never"], cwd=repo, env=env, capture_output=True,
                          text=True, check=False, timeout=900)


@pytest.mark.slow
def test_sdc_check_hook_fails_on_a_disclosive_table_and_passes_a_safe_one(
        tmp_path: Path, pytestconfig: pytest.Config) -> None:
    if shutil.which("git") is None:
        pytest.fail("git is needed to test the pre-commit hook")
    # pre-commit keys hook environments by repository path and commit; the commit is
    # reproducible (fixed dates), so an unchanged sdc reuses its environment between runs
    rev = _hook_repository(tmp_path / "hook")
    hook, cache = tmp_path / "hook", tmp_path
    if getattr(pytestconfig, "cache", None) is not None:  # absent under -p no:cacheprovider
        cache = pytestconfig.cache.mkdir("sdc-pre-commit")
        hook = cache / f"hook-{rev[:12]}"
        if not hook.exists():  # sdc changed: drop the old copy and its environment (~0.5 GB)
            shutil.rmtree(cache)
            cache.mkdir()
            shutil.move(tmp_path / "hook", hook)
    home = cache / "home"
    repo = write_files(tmp_path / "analysis", {
        "outputs/by_age.csv": SAFE,
        "analysis.py": "print('not an output: the hook leaves code alone')\n",
        ".pre-commit-config.yaml": (f"repos:\n- repo: {hook}\n  rev: {rev}\n"
                                   "  hooks:\n  - id: sdc-check\n"),
    })
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")

    passed = _pre_commit(repo, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "sdc check (statistical disclosure control)" in passed.stdout
    assert "Passed" in passed.stdout

    write_files(repo, {"outputs/by_sex.csv": DISCLOSIVE})
    _git(repo, "add", "-A")
    failed = _pre_commit(repo, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    # the release of outputs/*.csv is outputs/ (no request.toml): paths relative to it
    assert "FAIL by_sex.csv" in failed.stdout
    assert "SDC101 small-count" in failed.stdout and "B2 (North / deaths)" in failed.stdout
    assert "FAIL: 2 outputs — 1 pass, 0 review, 1 fail; 1 finding" in failed.stdout
    assert "analysis.py" not in failed.stdout
