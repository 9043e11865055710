"""The pre-commit hook's ``files`` pattern, derived from the reader registry.

``.pre-commit-hooks.yaml`` is static YAML, so the pattern is written there; this function is
what it must say (a test fails when a reader's extension is missing from the hook). The hook
covers every type a reader claims, and ``request.toml`` (a change to it can change any verdict
of its release); evidence sidecars (``*.sdc.json``) and ACRO ``results.json`` are JSON.
"""

from __future__ import annotations

import re


def reader_extensions() -> list[str]:
    """Every file extension some reader claims, lower case, sorted."""
    from sdc.readers.registry import READERS

    return sorted({ext.lower() for reader in READERS for ext in reader.extensions})


def files_pattern() -> str:
    """The hook's ``files`` regular expression (Python syntax, as pre-commit uses)."""
    alternatives = "|".join(re.escape(ext) for ext in reader_extensions())
    return rf"(?i)(\.({alternatives})|(^|/)request\.toml)$"
