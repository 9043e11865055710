"""ACRO 1.0.2 folders shared by the parity tests: each (seed, finalise format, mitigation) is
written once per test run (an ACRO session takes seconds) and read by every module that
needs it. Tests that change a folder copy it first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

AcroFolder = Callable[..., tuple[Path, dict[str, Any]]]


@pytest.fixture(scope="session")
def acro_folder(tmp_path_factory: pytest.TempPathFactory) -> AcroFolder:
    """``acro_folder(seed, ext, mitigation="none")``: the folder ACRO wrote and what it
    recorded (``acro_session.py``), written on first use."""
    from tests.parity.test_acro_parity import write_folder

    root = tmp_path_factory.mktemp("acro-sessions")
    made: dict[tuple[int, str, str], tuple[Path, dict[str, Any]]] = {}

    def get(seed: int, ext: str, mitigation: str = "none") -> tuple[Path, dict[str, Any]]:
        key = (seed, ext, mitigation)
        if key not in made:
            made[key] = write_folder(root, seed, ext, mitigation)
        return made[key]

    return get


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that reads an ACRO session runs on one xdist worker (``--dist loadgroup`` in
    pyproject's addopts): ``acro_folder`` is session-scoped per worker, so tests spread over two
    workers made each write the same ACRO sessions, several seconds of CPU apiece (CI time)."""
    for item in items:
        if "acro_folder" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("acro-sessions"))
