"""Errors of the ledger: a ``LedgerError`` is the user's mistake (exit 2), a
``VerificationError`` a broken snapshot or audit log (exit 1, and audited)."""

from __future__ import annotations


class LedgerError(Exception):
    """A usage or configuration problem: unknown request, bad URL, a rule of the workflow."""


class VerificationError(Exception):
    """Stored content no longer matches its recorded hash, or the audit chain is broken."""
