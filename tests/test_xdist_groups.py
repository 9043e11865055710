"""``--dist loadgroup`` (pyproject's addopts) really keeps an ``xdist_group`` on one worker.

pytest 9.2 ignores the id xdist 3.8 writes to group a test, so every group was silently spread
over the workers (the ACRO sessions and Spark's JVM made on each); tests/xdist_groups.py
(called by tests/conftest.py) gives the id where pytest keeps it. A child pytest with two
workers runs six grouped tests and two others, each writing its worker and its id."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

TOY = '''
import json, os, time
from pathlib import Path
import pytest

def _record(request, name):
    time.sleep(0.2)  # long enough that the other worker takes work meanwhile
    Path(os.environ["TOY_OUT"], name).write_text(json.dumps(
        [os.environ.get("PYTEST_XDIST_WORKER"), request.node.nodeid]))

@pytest.mark.xdist_group("together")
@pytest.mark.parametrize("n", range(6))
def test_grouped(request, n):
    _record(request, f"g{n}")

@pytest.mark.parametrize("n", range(2))
def test_free(request, n):
    _record(request, f"f{n}")
'''


def test_a_group_runs_on_one_worker_and_others_are_not_grouped(tmp_path: Path) -> None:
    pytest.importorskip("xdist")
    (tmp_path / "test_toy.py").write_text(TOY, encoding="utf-8")
    (out := tmp_path / "out").mkdir()
    env = {**os.environ, "TOY_OUT": str(out),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.xdist_groups",
         "-n", "2", "--dist", "loadgroup", "test_toy.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    seen = {p.name: json.loads(p.read_text()) for p in out.iterdir()}
    assert sorted(seen) == [f"f{n}" for n in range(2)] + [f"g{n}" for n in range(6)]
    grouped = [seen[f"g{n}"] for n in range(6)]
    assert all(node_id.endswith("@together") for _, node_id in grouped)
    assert len({worker for worker, _ in grouped}) == 1  # one worker ran the whole group
    assert all("@" not in seen[f"f{n}"][1] for n in range(2))
