"""One engine entry point: the result, the outputs read, and the rules' metadata on it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sdc.engine import run, run_outputs
from sdc.policy import build_policy
from sdc.rules import REGISTRY
from tests.conftest import write_files


def test_run_returns_the_result_and_the_outputs(tmp_path: Path) -> None:
    root = write_files(tmp_path / "rel", {"t.csv": "grp,n\na,3\nb,25\n", "notes.md": "# x\n"})
    policy = build_policy({"ignore": ["SDC102"]})
    checked = run([root], policy)
    assert [o.path for o in checked.outputs] == ["notes.md", "t.csv"]
    assert [o.path for o in checked.result.outputs] == ["notes.md", "t.csv"]
    assert list(checked.result.rules) == list(REGISTRY)
    assert checked.result.rules["SDC101"].status == "fail"
    assert checked.result.rules["SDC102"].status == "off"
    assert checked.result.rules["SDC602"].summary == REGISTRY["SDC602"].summary
    again = run_outputs(checked.outputs, policy)  # outputs already read: the same verdicts
    assert [(f.rule, f.location, f.status) for f in again.result.findings] == [
        (f.rule, f.location, f.status) for f in checked.result.findings]
    assert ("SDC101", "B2") in {(f.rule, f.location.cell) for f in again.result.findings}


def test_reporters_do_not_import_the_rules() -> None:
    code = ("import sys, sdc.reports.sarif, sdc.reports.html, sdc.reports.text; "
            "print(any(m == 'sdc.rules' or m.startswith('sdc.rules.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
