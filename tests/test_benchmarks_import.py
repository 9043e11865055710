"""Every benchmark script imports (run on demand, so nothing else would notice): a helper
moved between benchmarks/ modules left bench_xlsx_budget importing a name that had gone."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

SCRIPTS = sorted(p.stem for p in (Path(__file__).parent.parent / "benchmarks").glob("*.py")
                 if p.stem != "__init__")


@pytest.mark.parametrize("name", SCRIPTS)
def test_the_benchmark_imports(name: str) -> None:
    importlib.import_module(f"benchmarks.{name}")


def test_there_are_benchmarks() -> None:
    assert len(SCRIPTS) > 30
