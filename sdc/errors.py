"""The errors sdc raises on purpose, in one hierarchy, so a caller can tell a user's mistake
from a bug with one ``except``.

- ``ConfigError``: the policy or request.toml is wrong (the CLI exits 2 and names the key).
- ``InputError``: an input cannot be used as given (a table layout, a sidecar, a chart, an
  aggregation, a table to protect); the check records it as a finding where it can.
- ``LedgerError``: a usage or configuration problem of the release workflow.
- ``AccessError``: the caller may not see or do this (the web app's ``Forbidden`` and
  ``NotFound``, answered 403/404).
- Other ``SdcError``s: a ledger that fails verification, a release refused, an audit or
  protection that cannot be completed.

Each module keeps its own specific class (``PolicyError``, ``LayoutError``...) under these.
"""

from __future__ import annotations


class SdcError(Exception):
    """Any error sdc raises on purpose."""


class ConfigError(SdcError):
    """The policy or the release request is not valid."""


class InputError(SdcError):
    """An input cannot be used as given."""


class AccessError(SdcError):
    """The caller may not see or do this (the web app answers 403, or 404 where the thing's
    existence must not leak)."""


class LedgerError(SdcError):
    """A usage or configuration problem of the ledger: unknown request, bad URL, a rule of the
    workflow."""
