"""Take a snapshot of a request folder: copy every file once, hashing what was copied.

The check then runs on the copy, so the stored verdict is the verdict of the stored bytes, and
later edits of the folder change nothing in the ledger.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sdc.ledger.errors import LedgerError
from sdc.readers import REQUEST_FILE, SIDECAR_SUFFIX

OUTPUT, REQUEST, SIDECAR = "output", "request", "sidecar"


@dataclass(frozen=True)
class StagedFile:
    path: str  # relative, POSIX
    role: str  # output | request | sidecar
    sha256: str
    size: int
    staged: Path  # the copy


def role_of(rel: str) -> str:
    if rel == REQUEST_FILE:
        return REQUEST
    if rel.endswith(SIDECAR_SUFFIX):
        return SIDECAR
    return OUTPUT


def _inside(path: Path, parents: list[Path]) -> bool:
    return any(path == p or p in path.parents for p in parents)


def stage(folder: Path, staging: Path, exclude: list[Path] | None = None) -> list[StagedFile]:
    """Copy ``folder`` into ``staging``; ``exclude`` keeps the ledger's own files out when the
    ledger sits inside the folder."""
    if not folder.is_dir():
        raise LedgerError(f"not a folder: {folder}")
    skip = [p.resolve() for p in exclude or []]
    staged: list[StagedFile] = []
    for src in sorted(p for p in folder.rglob("*") if p.is_file()):
        if _inside(src.resolve(), skip):
            continue
        rel = src.relative_to(folder).as_posix()
        dst = staging / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        try:
            with src.open("rb") as fin, dst.open("wb") as fout:
                for block in iter(lambda f=fin: f.read(1 << 20), b""):
                    digest.update(block)
                    fout.write(block)
                    size += len(block)
        except OSError as exc:
            raise LedgerError(f"cannot read {src}: {exc.strerror or exc}") from None
        staged.append(StagedFile(rel, role_of(rel), digest.hexdigest(), size, dst))
    if not any(f.role == OUTPUT for f in staged):
        raise LedgerError(f"no outputs in {folder}")
    return staged
