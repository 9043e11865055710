"""Checkpoints of the audit chain written outside the ledger, so a rewritten chain is seen.

The hash chain proves that no entry was edited *relative to a head someone kept*: a person
who can write the database and recomputes every hash from an edited entry to the end (and the
recorded head) leaves a chain that verifies. So each write transaction also appends its new
entries' ``seq`` and hash, one ``seq hash`` line each, to a **witness file** outside the
database (``$SDC_AUDIT_WITNESS``). Put it where the people who can write the database cannot
rewrite it: a file with the append-only attribute (``chattr +a``: anyone allowed may add lines,
nobody may change or remove one), a write-once share, or a pipe to a remote log.

``sdc audit verify`` (and every ``release``, which verifies first) then checks each line
against the chain: an entry whose hash differs from a checkpoint, or a checkpoint past the end
of the log, means the chain was rewritten or cut. A forger who appends checkpoints for the
rewritten entries leaves two different hashes for one entry in the file, which is caught the
same way. A line that is not a checkpoint is a problem too: the file is evidence, and must
hold nothing else.

The lines are written just before the transaction commits (a witness that cannot be written
stops the transaction: nothing is logged that the witness missed). A commit that fails after
that leaves a checkpoint the log never had; verify reports it, and a person settles it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy import Connection

from sdc.ledger.errors import LedgerError

ENV = "SDC_AUDIT_WITNESS"
_PENDING = "sdc_witness_pending"
_LINE = re.compile(r"(\d+) ([0-9a-f]{64})")


def witness_path() -> Path | None:
    """The witness file in force (``$SDC_AUDIT_WITNESS``), or None."""
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value else None


def begin(conn: Connection) -> None:
    """Start a write transaction with no checkpoints pending (connections are pooled)."""
    conn.info.pop(_PENDING, None)


def note(conn: Connection, seq: int, digest: str) -> None:
    """Remember an entry appended in this transaction, for ``flush``."""
    conn.info.setdefault(_PENDING, []).append((seq, digest))


def flush(conn: Connection) -> None:
    """Append this transaction's checkpoints to the witness file, if one is in force."""
    pending = conn.info.pop(_PENDING, None)
    path = witness_path()
    if not pending or path is None:
        return
    text = "".join(f"{seq} {digest}\n" for seq, digest in pending)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, text.encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise LedgerError(f"cannot append to the audit witness {path} ({ENV}): "
                          f"{exc.strerror or exc}; nothing was written to the ledger") from None


def problems(path: Path, hashes: dict[int, str]) -> list[tuple[int, str]]:
    """(seq, reason) for each checkpoint of the witness file at ``path`` that the chain
    (``hashes``: each entry's hash by seq, already verified as a chain) does not hold."""
    try:
        lines = path.read_text(encoding="ascii").splitlines()
    except FileNotFoundError:
        return [(0, f"the audit witness {path} is missing")] if hashes else []
    except (OSError, UnicodeDecodeError) as exc:
        return [(0, f"the audit witness {path} cannot be read ({exc})")]
    found: list[tuple[int, str]] = []
    last = max(hashes, default=0)
    for number, line in enumerate(lines, 1):
        match = _LINE.fullmatch(line.strip())
        if match is None:
            found.append((0, f"line {number} of the audit witness {path} is not a checkpoint"))
            continue
        seq, digest = int(match.group(1)), match.group(2)
        if seq > last:
            found.append((seq, f"the audit witness {path} recorded entry {seq} (line {number}) "
                               f"but the log ends at entry {last}: entries were deleted"))
        elif hashes.get(seq) != digest:
            found.append((seq, f"entry {seq} differs from its checkpoint in the audit witness "
                               f"{path} (line {number}): the chain was rewritten"))
    return found
