"""Take a snapshot of a request folder: copy every file once, hashing what was copied.

The check then runs on the copy, so the stored verdict is the verdict of the stored bytes, and
later edits of the folder change nothing in the ledger.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from sdc.ledger.errors import LedgerError
from sdc.readers import REQUEST_FILE, SIDECAR_SUFFIX
from sdc.readers.acro_input import acro_bookkeeping
from sdc.readers.links import link_problem, walk
from sdc.textsafe import printable

OUTPUT, REQUEST, SIDECAR, LINK = "output", "request", "sidecar", "link"
BOOKKEEPING = "acro"  # ACRO's results.json, checksums, session summaries, config.json


@dataclass(frozen=True)
class StagedFile:
    path: str  # relative, POSIX
    role: str  # output | request | sidecar | link | acro (bookkeeping: checked, never exported)
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
    ledger sits inside the folder.

    A symbolic link leaving the folder is never followed: the snapshot holds a link to the same
    place (so the check of the snapshot reports it, SDC601) and, as its stored bytes, the link's
    text; its role is ``link``, which is never exported.
    """
    if not folder.is_dir():
        raise LedgerError(f"not a folder: {folder}")
    skip = [p.resolve() for p in exclude or []]
    root = folder.resolve()
    bookkeeping = acro_bookkeeping(folder)  # still staged and checked; never an output
    staged: list[StagedFile] = []
    link_texts = staging.with_name(staging.name + ".links")
    named: dict[str, str] = {}  # snapshot name -> the file's own name
    for src in walk(folder):
        if _inside(src.resolve(), skip):
            continue
        raw = src.relative_to(folder).as_posix()
        rel = printable(raw)  # the name sdc check reports
        dst = staging / rel
        _claim(named, rel, raw, dst)
        if link_problem(src, folder) is not None:
            staged.append(_stage_link(src, rel, dst, link_texts))
            continue
        digest = hashlib.sha256()
        size = 0
        try:
            # "xb": a copy never replaces another one (see _claim)
            with _open_inside(src, root, skip) as fin, dst.open("xb") as fout:
                for block in iter(partial(fin.read, 1 << 20), b""):
                    digest.update(block)
                    fout.write(block)
                    size += len(block)
        except OSError as exc:
            raise LedgerError(f"cannot read {src}: {exc.strerror or exc}") from None
        role = BOOKKEEPING if rel in bookkeeping else role_of(rel)
        staged.append(StagedFile(rel, role, digest.hexdigest(), size, dst))
    if not any(f.role == OUTPUT for f in staged):
        raise LedgerError(f"no outputs in {folder}")
    return staged


def _open_inside(src: Path, root: Path, skip: list[Path]) -> BinaryIO:
    """``src`` opened for reading, once it is known where the open landed.

    ``link_problem`` looked at ``src`` a moment before; a researcher who swaps the file (or a
    folder on its way) for a symbolic link out of the folder in between would have the
    snapshot copy a file the request does not hold, read with the checker's rights (the web
    app's server account, which may read what the researcher cannot). So the file actually
    opened is located again (``/proc/self/fd``, else its device and inode against the path's
    target) and must be a regular file inside the folder, not the ledger's own; a named pipe
    swapped in is opened without blocking and refused."""
    fd = os.open(src, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        landed = _opened_path(fd, src)
        if (not stat.S_ISREG(info.st_mode) or landed is None or not _inside(landed, [root])
                or _inside(landed, skip)):
            raise LedgerError(f"{printable(str(src))} changed while it was being snapshotted "
                              "(it now leads outside the folder, or is not a file); nothing "
                              "was recorded: submit again")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _opened_path(fd: int, src: Path) -> Path | None:
    """Where the open file ``fd`` really is, or None when that cannot be told."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        pass
    try:
        target = src.resolve(strict=True)
        opened, named = os.fstat(fd), os.stat(target)
    except (OSError, RuntimeError):
        return None
    same = (opened.st_dev, opened.st_ino) == (named.st_dev, named.st_ino)
    return target if same else None


def _claim(named: dict[str, str], rel: str, raw: str, dst: Path) -> None:
    """Refuse a file whose snapshot name is taken (by a file, or by a folder on its way).

    Names are stored as ``sdc check`` reports them (control and invisible characters escaped),
    so ``T<U+200B>.csv`` and a file literally named ``T\\u200b.csv`` are one name; a staging
    folder on a case-insensitive file system makes ``T.csv`` and ``t.csv`` one too. Copied
    over each other, the check would read one file's bytes while the ledger kept the other's
    hash under the same name."""
    if rel not in named:
        try:
            dst.parent.mkdir(parents=True, exist_ok=True)
            free = not (dst.exists() or dst.is_symlink())
        except OSError:  # a file already holds the name of a folder on the way
            free = False
        if free:
            named[rel] = raw
            return
    other = next((named[p] for p in named
                  if p.casefold() == rel.casefold() or rel.startswith(p + "/")
                  or p.startswith(rel + "/")), None)
    # !a (ascii): the two names differ only in characters a terminal would not show
    clash = f"{raw!a} and {other!a}" if other is not None else ascii(raw)
    raise LedgerError(f"two files would share one name in the snapshot, {rel} (sdc escapes "
                      f"control and invisible characters; a case-insensitive file system "
                      f"ignores case): {clash}; rename one of them")


def _stage_link(src: Path, rel: str, dst: Path, link_texts: Path) -> StagedFile:
    text = os.readlink(src).encode("utf-8", "surrogateescape")
    os.symlink(src.resolve(strict=False), dst)  # still outside the snapshot; never opened
    blob = link_texts / rel
    blob.parent.mkdir(parents=True, exist_ok=True)
    blob.write_bytes(text)
    return StagedFile(rel, LINK, hashlib.sha256(text).hexdigest(), len(text), blob)
