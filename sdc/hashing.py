"""SHA-256 of a file, read in blocks: the one digest the readers, sidecars, ledger snapshots and
ACRO checksums all compare, so they cannot disagree on how a file is hashed."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
