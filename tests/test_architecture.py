"""The layers and the typed seams, enforced: import-linter contracts and mypy.

The contracts (``[tool.importlinter]`` in pyproject.toml) keep the layers of
docs/architecture.md: the command line over the workflows over the engine over the policy over
the rules over the readers over the model, and reporters that never import rules or the engine.
``SEAMS`` are the modules mypy reports no error on today (``mypy --follow-imports=silent`` on
them, with pyproject's [tool.mypy]); mypy is measured in the commit history, not yet enforced.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SEAMS = [
    "sdc/rules", "sdc/readers/base.py", "sdc/readers/registry.py", "sdc/readers/__init__.py",
    "sdc/reports/__init__.py", "sdc/context.py", "sdc/engine.py", "sdc/policy.py",
    "sdc/results.py", "sdc/outputs.py", "sdc/errors.py",
]


def test_import_layers() -> None:
    from importlinter.cli import lint_imports

    assert lint_imports(config_filenames=(str(ROOT / "pyproject.toml"),), no_cache=True,
                        no_logo=True) == 0


def test_errors_share_one_hierarchy() -> None:
    from sdc.charts.svg import ChartError
    from sdc.errors import ConfigError, InputError, LedgerError, SdcError
    from sdc.evidence.sidecar import SidecarError
    from sdc.ledger.errors import LedgerError as LedgerErrorAgain
    from sdc.ledger.errors import VerificationError
    from sdc.policy import PolicyError
    from sdc.readers.layout import LayoutError
    from sdc.request import RequestError

    assert issubclass(PolicyError, ConfigError) and issubclass(RequestError, ConfigError)
    assert all(issubclass(e, InputError) for e in (LayoutError, SidecarError, ChartError))
    assert issubclass(SidecarError, ValueError)  # still caught where a ValueError was
    assert LedgerErrorAgain is LedgerError and issubclass(LedgerError, SdcError)
    # a broken ledger is not a usage mistake: the CLI exits 1 for it, 2 for a LedgerError
    assert issubclass(VerificationError, SdcError) and not issubclass(VerificationError,
                                                                      LedgerError)
