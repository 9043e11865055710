"""Folders the web app may read from or write to, always inside a root the server was given:
workspace folders a researcher may turn into a request (directly under ``--workspaces``), and
release folders a checker may release into (under ``--releases``).

A name is one path component that names a real folder (not a symbolic link) inside the root;
``..``, absolute paths, separators and links are refused, so a request is never made from a
folder outside the workspaces (the snapshot itself never follows a link out of the folder).
"""

from __future__ import annotations

from pathlib import Path

from sdc.ledger.errors import LedgerError


def list_workspaces(root: Path | None) -> list[str]:
    if root is None or not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir()
                  if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))


def resolve_workspace(root: Path | None, name: str) -> Path:
    """The folder ``root/name``, or a LedgerError when it is not a workspace."""
    if root is None:
        raise LedgerError("this server has no --workspaces folder")
    if (not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name
            or name.startswith(".")):
        raise LedgerError(f"{name!r} is not a workspace")
    base = root.resolve()
    folder = base / name
    if folder.is_symlink() or not folder.is_dir() or folder.resolve().parent != base:
        raise LedgerError(f"{name!r} is not a workspace folder under {root}")
    return folder


def release_folder(root: Path, name: str | None, request_id: str) -> Path:
    """Where to release ``request_id``: ``root/name`` (a relative path of plain names, e.g.
    ``2026/cohort-a``), or ``root/REQUEST-ID`` when no name is given. An absolute path, ``..``,
    a hidden name or a symbolic link anywhere on the way is refused, so a release never
    lands outside ``root``; the release itself needs the folder new or empty."""
    name = (name or "").strip() or request_id
    parts = name.replace("\\", "/").split("/")
    if (name.startswith(("/", "\\")) or "\0" in name or ":" in name
            or any(p in ("", ".", "..") or p.startswith(".") for p in parts)):
        raise LedgerError(f"release folder {name!r}: give a relative folder inside the "
                          "releases folder (plain names separated by /)")
    base = root.resolve()
    target = base
    for part in parts:
        target = target / part
        if target.is_symlink():
            raise LedgerError(f"release folder {name!r}: {part} is a symbolic link")
    if base not in target.resolve().parents:
        raise LedgerError(f"release folder {name!r} is outside the releases folder")
    return target
