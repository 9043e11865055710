"""Startup stays light: ``import sdc`` and ``sdc --help`` load no heavy library; the progress
bar waits a second before it shows."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rich.console import Console

from sdc.cli.progress import DelayedProgress

HEAVY = ("pandas", "scipy", "matplotlib", "openpyxl", "sqlalchemy", "pypdf")

PROBE = """
import json, sys
{body}
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _heavy_after(body: str) -> list[str]:
    code = PROBE.format(body=body, heavy=HEAVY)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_import_sdc_loads_nothing_heavy() -> None:
    assert _heavy_after("import sdc") == []


def test_help_loads_nothing_heavy() -> None:
    body = ("from sdc.cli import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "try:\n    app(['check', '--help'])\nexcept SystemExit:\n    pass")
    assert _heavy_after(body) == []


def test_public_names_still_resolve_lazily() -> None:
    # the laziness must not lose a name: each public name imports what it needs on first use
    assert _heavy_after("import sdc\nsdc.Status\n") == []
    assert _heavy_after("import sdc\nsdc.crosstab\n") != []
    import sdc

    for name in sdc.__all__:
        assert getattr(sdc, name) is not None
    with pytest.raises(AttributeError):
        sdc.no_such_name  # noqa: B018


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_shows_only_after_a_second() -> None:
    clock = _Clock()
    console = Console(force_terminal=True, file=open("/dev/null", "w"))  # noqa: SIM115
    progress = DelayedProgress(console, clock=clock)
    progress(0, 10, "a.csv")
    clock.now = 0.9
    progress(5, 10, "b.csv")
    assert not progress.shown
    clock.now = 1.2
    progress(6, 10, "c.csv")
    assert progress.shown
    progress.stop()
    console.file.close()
