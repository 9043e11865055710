"""Timestamps as text (ISO 8601, UTC, microseconds), identical in SQLite and PostgreSQL, so that
the audit hash of an entry does not depend on how a database round-trips a datetime."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
