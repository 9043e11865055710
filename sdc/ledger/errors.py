"""Errors of the ledger: a ``LedgerError`` is the user's mistake (exit 2), a
``VerificationError`` a broken snapshot or audit log (exit 1, and audited)."""

from __future__ import annotations

from sdc.errors import LedgerError, SdcError

__all__ = ["LedgerError", "VerificationError"]


class VerificationError(SdcError):  # not a LedgerError: a broken ledger exits 1, not 2
    """Stored content no longer matches its recorded hash, or the audit chain is broken."""
