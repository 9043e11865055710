"""``sdc check``'s start without rich (round 50, tail50): the stderr console is made, and rich
imported, when a command first writes to it. ``-f json`` into a pipe writes nothing there;
an error, a warning or ``-o``'s line still reaches stderr, and whether stderr is a terminal
(the progress bar) is rich's answer wherever rich could say yes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TABLE = "region,F,M,Total\nNorth,*,17,22\nSouth,45,50,95\n"

PROBE = """
import json, sys
from sdc.cli import app
try:
    app({argv!r})
except SystemExit as stop:
    code = stop.code
print(json.dumps([code, sorted(m for m in sys.modules if m.split(".")[0] == "rich")]))
"""


def _run(argv: list[str], env: dict[str, str] | None = None) -> tuple[int, list[str], str]:
    """The command's exit code, the rich modules it imported, and its stderr."""
    proc = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)], capture_output=True,
                          text=True, check=True, env={**os.environ, **(env or {})})
    code, rich = json.loads(proc.stdout.strip().splitlines()[-1])
    return code, rich, proc.stderr


@pytest.fixture
def release(tmp_path: Path) -> Path:
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "a.csv").write_text(TABLE)
    return tmp_path / "r"


def test_check_json_into_a_pipe_imports_no_rich(release: Path) -> None:
    code, rich, stderr = _run(["check", str(release), "-f", "json", "-j", "1"])
    assert (code, rich, stderr) == (1, [], "")  # SDC501 fail at a.csv B2 (North's women: 5)


def test_a_report_written_to_a_file_is_said_on_stderr(release: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    code, rich, stderr = _run(["check", str(release), "-o", str(out), "-j", "1"])
    assert code == 1 and rich  # the console made for the line
    assert stderr.strip() == f"fail: report written to {out}"
    found = json.loads(out.read_text())["outputs"][0]["findings"]
    assert ("SDC501", "B2") in {(f["rule"], f["location"]["cell"]) for f in found}


def test_a_usage_error_is_still_said(tmp_path: Path) -> None:
    code, rich, stderr = _run(["check", str(tmp_path / "missing"), "-f", "json"])
    assert code == 2 and rich
    assert stderr.strip() == f"error: no such file or folder: {tmp_path / 'missing'}"


def test_a_markup_like_path_is_printed_as_it_is(tmp_path: Path) -> None:
    code, _, stderr = _run(["check", str(tmp_path / "[bold]x"), "-f", "json"])
    assert code == 2 and stderr.strip().endswith("[bold]x")


TERMINAL_PROBE = """
import json
from rich.console import Console
from sdc.cli.common import stderr_is_terminal
print(json.dumps([stderr_is_terminal(), Console(stderr=True).is_terminal]))
"""


@pytest.mark.parametrize("env", [
    {}, {"FORCE_COLOR": "1"}, {"FORCE_COLOR": ""}, {"TTY_COMPATIBLE": "1"},
    {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "1", "FORCE_COLOR": ""},
])
def test_whether_stderr_is_a_terminal_is_richs_answer(env: dict[str, str]) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    proc = subprocess.run([sys.executable, "-c", TERMINAL_PROBE], capture_output=True,
                          text=True, check=True, env={**clean, **env})
    ours, richs = json.loads(proc.stdout)
    assert ours == richs
