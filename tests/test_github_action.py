"""The GitHub Action (action.yml) run locally: its run steps are executed as GitHub would, with
the inputs substituted, GITHUB_STEP_SUMMARY/GITHUB_OUTPUT files and the sdc of this venv."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import write_files

PROJECT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((PROJECT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}")


def _run_steps(workdir: Path, inputs: dict[str, str], tmp_path: Path
               ) -> tuple[list[subprocess.CompletedProcess[str]], str, dict[str, str]]:
    """Run every ``run:`` step of the composite action in order, stopping at a failure as
    GitHub does; returns the processes, the job summary and the step outputs."""
    values = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    values.update(inputs)
    tmp_path.mkdir(parents=True, exist_ok=True)
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    summary.touch()
    outputs.touch()
    env = {**os.environ, "GITHUB_ACTION_PATH": str(PROJECT), "GITHUB_WORKSPACE": str(workdir),
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs),
           "GITHUB_ACTIONS": "true", "CI": "true",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = []
    for step in ACTION["runs"]["steps"]:
        if "run" not in step:
            continue
        step_env = {k: EXPRESSION.sub(lambda m: values[m.group(1)], str(v))
                    for k, v in step.get("env", {}).items()}
        proc = subprocess.run(["bash", "-c", step["run"]], cwd=workdir, env={**env, **step_env},
                              capture_output=True, text=True, check=False, timeout=300)
        done.append(proc)
        if proc.returncode != 0:
            break
    pairs = [line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line]
    return done, summary.read_text(encoding="utf-8"), dict(pairs)


def test_action_is_a_composite_that_uploads_sarif() -> None:
    steps = ACTION["runs"]["steps"]
    assert ACTION["runs"]["using"] == "composite"
    assert [s.get("uses", "").split("@")[0] for s in steps if "uses" in s] == [
        "actions/setup-python", "github/codeql-action/upload-sarif"]
    upload = steps[-1]
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif }}"
    assert upload["if"].startswith("always()")  # also when the check stops the job
    assert all(s["run"].startswith('"$GITHUB_ACTION_PATH/action/sdc-action.sh"')
               for s in steps if "run" in s)


def test_disclosive_output_stops_the_job_with_annotations_summary_and_sarif(
        tmp_path: Path) -> None:
    work = write_files(tmp_path / "ws", {
        "outputs/safe.csv": "age,n\n18-24,12\n25-34,40\n",
        "outputs/small.csv": "region,deaths\nNorth,3\nSouth,40\nEast,35\n",
    })
    done, summary, outputs = _run_steps(work, {"install": "", "paths": "outputs"}, tmp_path)
    assert [p.returncode for p in done] == [0, 1]
    check = done[1]
    assert "::error file=outputs/small.csv" in check.stdout and "SDC101" in check.stdout
    assert "North" not in check.stdout + summary  # labels are values: they stay in the TRE
    assert "❌ FAIL" in summary and "small.csv" in summary
    assert outputs == {"exit-code": "1", "result": "stop", "sarif": "sdc.sarif"}
    sarif = json.loads((work / "sdc.sarif").read_text())
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("SDC101", "error")]


def test_safe_outputs_pass_and_fail_on_fail_lets_review_through(tmp_path: Path) -> None:
    work = write_files(tmp_path / "ws", {"out/safe.csv": "region,n\nNorth,12\nSouth,40\n",
                                         "out/notes.md": "12 patients had the outcome\n"})
    done, _, outputs = _run_steps(work, {"install": "", "paths": "out"}, tmp_path)
    assert done[-1].returncode == 1 and outputs["result"] == "stop"  # a number in prose: review
    done, _, outputs = _run_steps(work, {"install": "", "paths": "out", "fail-on": "fail"},
                                  tmp_path / "again")
    assert done[-1].returncode == 0 and outputs["result"] == "pass"


def test_no_outputs_is_an_error_not_a_pass(tmp_path: Path) -> None:
    (tmp_path / "ws" / "empty").mkdir(parents=True)
    done, _, outputs = _run_steps(tmp_path / "ws", {"install": "", "paths": "empty"}, tmp_path)
    assert done[-1].returncode == 2
    assert outputs == {"exit-code": "2", "result": "error"}
    assert "no outputs found" in done[-1].stderr


def test_install_step_installs_the_action_source_or_uses_an_installed_sdc(
        tmp_path: Path) -> None:
    script = (PROJECT / "action" / "sdc-action.sh").read_text(encoding="utf-8")
    assert 'python3 -m pip install --quiet "$SDC_INSTALL"' in script
    assert ACTION["inputs"]["install"]["default"] == "${{ github.action_path }}"
    done, _, _ = _run_steps(tmp_path, {"install": "", "paths": "."}, tmp_path)
    assert done[0].returncode == 0  # sdc found on PATH, nothing installed
    bare = {**os.environ, "PATH": "/usr/bin:/bin", "SDC_INSTALL": ""}
    missing = subprocess.run(["bash", str(PROJECT / "action" / "sdc-action.sh"), "install"],
                             env=bare, capture_output=True, text=True, check=False)
    assert missing.returncode == 2 and "sdc is not installed" in missing.stdout
