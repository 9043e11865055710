"""The layers and the typed seams, enforced: import-linter contracts and mypy.

The contracts (``[tool.importlinter]`` in pyproject.toml) keep the layers of
docs/architecture.md: the command line over the workflows over the engine over the policy over
the rules over the readers over the model, and reporters that never import rules or the engine.
mypy (pyproject's [tool.mypy], ``warn_unused_ignores`` on) reports no error on the whole
``sdc`` package: a change that breaks a typed seam, or leaves a ``# type: ignore`` that no longer
ignores anything, fails the suite. Its verdict does not depend on which optional extras are
installed: mypy never follows their packages (``follow_imports = "skip"``), and a test checks
that every third-party package sdc imports is a required dependency or on that list.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent



@pytest.mark.slow  # about 30 s without mypy's cache (.mypy_cache), a few seconds with it
def test_mypy_reports_no_error() -> None:
    from mypy import api

    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml"),
                                      str(ROOT / "sdc")])
    assert status == 0, stdout + stderr


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_packages() -> set[str]:
    """The top-level names sdc's modules import (absolute imports only)."""
    found: set[str] = set()
    for path in (ROOT / "sdc").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def test_mypy_skips_exactly_the_optional_packages() -> None:
    """A package sdc imports that is not a required dependency (an optional extra) must be on
    the mypy skip list, or mypy's verdict would change with what happens to be installed."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    required = {_canonical(re.split(r"[\s\[<>=!~;]", d, maxsplit=1)[0])
                for d in config["project"]["dependencies"]}
    skipped = {m.removesuffix(".*") for o in config["tool"]["mypy"]["overrides"]
               if o.get("follow_imports") == "skip" for m in o["module"]}
    distributions = packages_distributions()
    third_party = _imported_packages() - set(sys.stdlib_module_names) - {"sdc", "__future__"}
    optional = {m for m in third_party
                if not any(_canonical(d) in required for d in distributions.get(m, []))}
    assert optional - skipped == set(), "optional packages mypy would read when installed"
    assert skipped >= {"polars", "duckdb", "pyspark", "starlette"}  # the list is read at all
    assert not skipped & {m for m in third_party if m not in optional}, \
        "a required dependency on the skip list goes unchecked"


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


def test_web_protect_and_deadline_errors_are_sdc_errors_too() -> None:
    from sdc.errors import AccessError, InputError, SdcError
    from sdc.protect.deadline import OutOfTime
    from sdc.protect.secondary_gauss import NotAHierarchy
    from sdc.web.service import Forbidden, NotFound

    assert issubclass(Forbidden, AccessError) and issubclass(NotFound, AccessError)
    assert issubclass(AccessError, SdcError) and not issubclass(Forbidden, NotFound)
    assert issubclass(NotAHierarchy, InputError) and issubclass(NotAHierarchy, ValueError)
    assert issubclass(OutOfTime, SdcError) and issubclass(OutOfTime, RuntimeError)
