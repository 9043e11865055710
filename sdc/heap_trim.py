"""Give the C heap's freed pages back to the system (glibc's ``malloc_trim``).

lxml's tree of a large HTML page is C memory: freed when the page has been read, it stayed
in the process's heap, and the check of its tables (Python objects, in arenas of their own)
grew on top of it: a 5 MiB ``to_html`` page peaked 237 MiB over the imports, 199 MiB with
the heap trimmed once the tree is gone (round 36, mem36). Nowhere else is this needed, and
where there is no glibc it does nothing."""

from __future__ import annotations

import contextlib
import ctypes


def trim() -> None:
    """Return the heap's free pages to the system, when the C library can."""
    with contextlib.suppress(OSError, AttributeError):  # no glibc: nothing to do
        ctypes.CDLL(None).malloc_trim(0)
