"""The snapshot store: file contents addressed by their SHA-256.

Bytes live either in a store directory (``DIR/ab/abcdef…``; the default for SQLite, beside the
database file, or any ``--store DIR``) or in the ``blobs`` table itself (the default for
PostgreSQL, whose clients may not share a file system). The ``blobs`` table lists every blob in
both cases. Content addressing makes a second copy of the same file free, and makes corruption
detectable: whatever is read back is hashed again before it is trusted.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from sqlalchemy import Connection, select

from sdc.ledger import schema
from sdc.ledger.errors import VerificationError


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """Content-addressed bytes, in ``directory`` when given, else in the database."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def blob_path(self, sha: str) -> Path:
        assert self.directory is not None
        return self.directory / sha[:2] / sha

    def prepare(self, source: Path, sha: str) -> None:
        """Copy ``source`` into the store directory (outside any transaction: a blob nobody
        references is harmless, and a blob is never overwritten once there)."""
        if self.directory is None:
            return
        target = self.blob_path(sha)
        if target.is_file():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        if sha256_bytes(data) != sha:
            raise VerificationError(f"{source} changed while it was being stored")
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def record(self, conn: Connection, source: Path, sha: str, size: int) -> None:
        """List the blob in the ledger (with its bytes when there is no store directory)."""
        table = schema.blobs
        row = conn.execute(select(table.c.data.is_(None)).where(table.c.sha256 == sha)).first()
        data = None if self.directory is not None else source.read_bytes()
        if data is not None and sha256_bytes(data) != sha:
            raise VerificationError(f"{source} changed while it was being stored")
        if row is None:
            conn.execute(table.insert().values(sha256=sha, size=size, data=data))
        elif row[0] and data is not None:  # known only in some directory: keep a copy here
            conn.execute(table.update().where(table.c.sha256 == sha).values(data=data))

    def read(self, conn: Connection, sha: str) -> bytes:
        """The blob's bytes, verified against its hash."""
        data = conn.execute(select(schema.blobs.c.data)
                            .where(schema.blobs.c.sha256 == sha)).scalar()
        if data is None:
            if self.directory is None:
                raise VerificationError(f"snapshot blob {sha[:12]}… is not in the ledger "
                                        "(was it stored in a --store directory?)")
            path = self.blob_path(sha)
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise VerificationError(f"snapshot blob {sha[:12]}… cannot be read from "
                                        f"{path}: {exc.strerror or exc}") from None
        data = bytes(data)
        actual = sha256_bytes(data)
        if actual != sha:
            raise VerificationError(f"snapshot blob {sha[:12]}… is corrupted (its content now "
                                    f"hashes to {actual[:12]}…)")
        return data
