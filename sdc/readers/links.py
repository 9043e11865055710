"""Symbolic links in a release folder.

A link that leaves the folder (or leads nowhere) is never followed: not by ``check``, not into a
snapshot, not into a release. Following it would check, store and export a file the request does
not hold — one that can change between the check and the release, or that the researcher could
not otherwise have put in the folder. Links that stay inside the folder are harmless: their
target is checked where it lives.
"""

from __future__ import annotations

import os
from pathlib import Path


def link_problem(path: Path, root: Path) -> str | None:
    """Why ``path`` (a file or link under ``root``) must not be followed, or None."""
    if not path.is_symlink():
        return None
    try:
        text = os.readlink(path)
    except OSError as exc:
        return f"a symbolic link that cannot be read ({exc.strerror or exc}); it is not followed"
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"a symbolic link to {text}, which does not exist (or loops); it is not followed"
    real_root = root.resolve()
    if target != real_root and real_root not in target.parents:
        return (f"a symbolic link to {text}, outside the folder being checked: sdc never "
                "follows it, snapshots it or releases it; put the file itself in the folder")
    return None


def is_inner_dir_link(path: Path, root: Path) -> bool:
    """A link to a folder inside ``root``: skipped, since its files are checked where they are."""
    return path.is_symlink() and path.is_dir() and link_problem(path, root) is None


def walk(root: Path) -> list[Path]:
    """Every file under ``root``, plus every link that must not be followed, sorted. Folders
    reached through a link are not entered."""
    found = []
    for path in root.rglob("*"):
        if path.is_symlink():
            if not is_inner_dir_link(path, root):
                found.append(path)
        elif path.is_file():
            found.append(path)
    return sorted(found)
