"""Workspace folders a researcher may turn into a request: the folders directly under the
server's ``--workspaces`` directory, and nothing else.

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
