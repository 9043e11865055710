"""An earlier commit checked out beside this one, so a benchmark runs both versions in one run
(the machines are noisy: a ratio measured in the same run is the figure worth keeping)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path


def add_baseline(repo: Path, commit: str) -> Path:
    """A detached temporary worktree of ``commit``; remove it with ``remove_baseline``."""
    base = Path(tempfile.mkdtemp()) / "baseline"
    subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", str(base), commit],
                   check=True, capture_output=True)
    return base


def remove_baseline(repo: Path, base: Path | None) -> None:
    """Remove a worktree made by ``add_baseline`` (nothing when there is none)."""
    if base is not None:
        subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(base)],
                       check=False, capture_output=True)


def run_in_tree(script: str, tree: Path, *args: str) -> dict | None:
    """Run ``script --one ARGS...`` in a fresh process with ``tree``'s ``sdc`` first on the
    path (its peak memory and caches its own) and return the JSON its last line prints, or
    None (its error shown) when it failed."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    cmd = [sys.executable, str(Path(script).resolve()), "--one", *args]
    done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def versions(repo: Path, commit: str | None) -> tuple[list[tuple[str, Path]], Path | None]:
    """The trees to measure: this version, and ``commit`` (when given) from a temporary
    worktree labelled "before (abc1234)"; the worktree is returned for ``remove_baseline``."""
    trees = [("this version", repo)]
    base = add_baseline(repo, commit) if commit else None
    if base is not None and commit:
        trees.append((f"before ({commit[:7]})", base))
    return trees, base


def alternate(script: str, repo: Path, commit: str | None, rounds: int,
              *args: str) -> Iterator[tuple[int, str, dict]]:
    """``run_in_tree`` of this version and ``commit``'s in turn, ``rounds`` times (alternating,
    so the machine's drift falls on both alike): yields (round, version's label, its JSON) for
    each run that succeeded; the temporary worktree is removed at the end."""
    trees, base = versions(repo, commit)
    try:
        for run in range(1, rounds + 1):
            for label, tree in trees:
                got = run_in_tree(script, tree, *args)
                if got is not None:
                    yield run, label, got
    finally:
        remove_baseline(repo, base)
