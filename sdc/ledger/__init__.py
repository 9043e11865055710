"""The release ledger: requests, reviews, releases and a hash-chained audit log in one database.

SQLite by default, PostgreSQL when given a ``postgresql://`` URL. Kept import-light (no engine,
no policy) so that a rule can use the index without pulling in the whole workflow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sdc.ledger.db import Ledger

__all__ = ["Ledger", "LedgerError", "open_ledger"]


def __getattr__(name: str):  # lazy: importing sdc.ledger must not import SQLAlchemy
    if name in ("Ledger", "open_ledger"):
        from sdc.ledger import db

        return getattr(db, name)
    if name == "LedgerError":
        from sdc.ledger.errors import LedgerError

        return LedgerError
    raise AttributeError(name)
