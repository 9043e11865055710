"""The layers and the typed seams, enforced: import-linter contracts and mypy.

The contracts (``[tool.importlinter]`` in pyproject.toml) keep the layers of
docs/architecture.md: the command line over the workflows over the engine over the policy over
the rules over the readers over the model, and reporters that never import rules or the engine.
mypy (pyproject's [tool.mypy], ``warn_unused_ignores`` on) reports no error on the whole
``sdc`` package: a change that breaks a typed seam, or leaves a ``# type: ignore`` that no longer
ignores anything, fails the suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent



@pytest.mark.slow  # about 30 s without mypy's cache (.mypy_cache), a few seconds with it
def test_mypy_reports_no_error() -> None:
    from mypy import api

    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml"),
                                      str(ROOT / "sdc")])
    assert status == 0, stdout + stderr


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
    from sdc.readers.documents.model import DocumentError
    from sdc.readers.layout import LayoutError
    from sdc.request import RequestError

    assert issubclass(PolicyError, ConfigError) and issubclass(RequestError, ConfigError)
    assert all(issubclass(e, InputError) for e in (LayoutError, SidecarError, ChartError,
                                                   DocumentError))
    assert issubclass(SidecarError, ValueError)  # still caught where a ValueError was
    assert LedgerErrorAgain is LedgerError and issubclass(LedgerError, SdcError)
    # a broken ledger is not a usage mistake: the CLI exits 1 for it, 2 for a LedgerError
    assert issubclass(VerificationError, SdcError) and not issubclass(VerificationError,
                                                                      LedgerError)
