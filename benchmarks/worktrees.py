"""An earlier commit checked out beside this one, so a benchmark runs both versions in one run
(the machines are noisy: a ratio measured in the same run is the figure worth keeping)."""

from __future__ import annotations

import subprocess
import tempfile
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
