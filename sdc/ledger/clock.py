"""Timestamps as text (ISO 8601, UTC, microseconds), identical in SQLite and PostgreSQL, so that
the audit hash of an entry does not depend on how a database round-trips a datetime.

The ledger reads the time only through ``now()``; ``use_clock`` injects another source (a fixed
instant in tests, so no test depends on the day it runs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime


def _system_time() -> datetime:
    return datetime.now(UTC)


_source: Callable[[], datetime] = _system_time


def now() -> str:
    return _source().astimezone(UTC).isoformat(timespec="microseconds")


@contextmanager
def use_clock(source: Callable[[], datetime]) -> Iterator[None]:
    """Read the time from ``source`` inside the block (tests inject a fixed instant)."""
    global _source
    previous, _source = _source, source
    try:
        yield
    finally:
        _source = previous
