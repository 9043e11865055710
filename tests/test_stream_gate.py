"""A release too small to stream is read without importing ``sdc.stream_read`` first (round 40,
par40): the stream's module imports the linking and the audit's prebuild, which ``sdc check``
imported before the read's first fork, with the other core idle at ``-j 2``; the size gate
(``sdc.stream_gate``) is asked first. Counted: the modules at the first fork, the gate's
answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sdc import pool, stream_gate, stream_read

REPO = Path(__file__).resolve().parent.parent

_SCRIPT = r"""
import json, os, sys, tempfile
from pathlib import Path
import sdc
from benchmarks.bench_scale import make_small_release
from sdc.policy import build_policy
at_fork = []
def before():
    if not at_fork:
        at_fork.append(sorted(m for m in sys.modules if m.startswith("sdc.")))
os.register_at_fork(before=before)
with tempfile.TemporaryDirectory() as tmp:
    make_small_release(Path(tmp), 64)
    result = sdc.check(Path(tmp), build_policy({}), jobs=2, in_release=True, keep_models=False)
print(json.dumps({"at_fork": at_fork[0] if at_fork else None,
                  "findings": result.summary()["findings"]}))
"""


def test_a_small_release_is_read_without_the_stream_module() -> None:
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("needs forked workers")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get(
        "PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", _SCRIPT], cwd=REPO, env=env,
                          capture_output=True, text=True, check=True, timeout=300)
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["at_fork"] is not None and "sdc.engine" in got["at_fork"]  # the read's fork
    assert [m for m in ("sdc.stream_read", "sdc.audit_prebuild", "sdc.linking")
            if m in got["at_fork"]] == []
    assert got["findings"] > 0


def _files(tmp_path: Path, sizes: list[int]) -> list[tuple[Path, str, Path]]:
    files = []
    for k, size in enumerate(sizes):
        path = tmp_path / f"t{k}.csv"
        path.write_bytes(b"x" * size)
        files.append((path, path.name, tmp_path))
    return files


def test_the_gate_counts_files_and_bytes(tmp_path: Path) -> None:
    assert stream_gate.large_enough(_files(tmp_path, [60, 40]), 100)
    assert not stream_gate.large_enough(_files(tmp_path, [60, 39]), 100)  # too few bytes
    assert not stream_gate.large_enough(_files(tmp_path, [500]), 100)  # one file
    gone = (tmp_path / "gone.csv", "gone.csv", tmp_path)  # unreadable: 0 bytes, one file
    assert not stream_gate.large_enough([gone, *_files(tmp_path, [99])], 100)
    assert stream_gate.large_enough([gone, *_files(tmp_path, [100])], 100)


def test_the_gate_reads_the_stream_modules_value_a_caller_set(tmp_path: Path,
                                                              monkeypatch) -> None:
    files = _files(tmp_path, [10, 10])
    assert stream_read.MIN_BYTES == stream_gate.MIN_BYTES
    assert not stream_gate.large_enough(files)
    monkeypatch.setattr(stream_read, "MIN_BYTES", 0)  # as the streamed tests and --stream-all
    assert stream_gate.large_enough(files)


def test_the_restart_is_one_class() -> None:
    from sdc import engine

    assert stream_read.StreamRestart is stream_gate.StreamRestart is engine._stream_restart()
