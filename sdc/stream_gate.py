"""Whether a release's read may be streamed (``sdc.stream_read``), asked before the read
without importing the stream, and the exception that has it checked again unstreamed.

Why a module of its own: ``sdc.stream_read`` imports the linking and the audit's prebuild
(~0.05 s of CPU from sources), and ``sdc check`` asked for it before the read's first fork,
where at ``-j 2`` the other core sits idle, for every release, though only one of 8 MiB or more
is streamed. A smaller one now imports it after the read has begun (``engine.AFTER_READ``:
beside the read's pool at ``-j`` > 1; round 40, par40).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

# a release whose files add up to less is read whole first, as before (memory is no matter);
# ``sdc.stream_read.MIN_BYTES`` is this one, and where a caller set that one it is read
MIN_BYTES = 8 * 1024 * 1024
MIN_FILES = 2  # one file: no other table to link with, nothing held beside it


class StreamRestart(Exception):
    """The stream's assumption failed after a table's model was let go: check it all again,
    with no stream (``engine.run``)."""


def large_enough(files: Iterable[tuple[Path, str, Path]], least_bytes: int | None = None
                 ) -> bool:
    """Whether ``files`` (a release's ``(file, rel, root)``) are at least :data:`MIN_FILES`
    adding up to at least ``least_bytes`` (default: ``sdc.stream_read.MIN_BYTES`` where that
    module is imported, a caller may have set it; else :data:`MIN_BYTES`)."""
    if least_bytes is None:
        stream = sys.modules.get("sdc.stream_read")
        least_bytes = getattr(stream, "MIN_BYTES", MIN_BYTES)
    files = list(files)
    return len(files) >= MIN_FILES and sum(size(file) for file, _, _ in files) >= least_bytes


def size(file: Path) -> int:
    """A file's size in bytes, 0 when it cannot be read."""
    try:
        return file.stat().st_size
    except OSError:
        return 0
