"""Re-record every ACRO run the tests make (``tests/acro_recordings.py``).

    SDC_ACRO_PYTHON=.acro-venv/bin/python python -m tests.record_acro [PYTEST ARGS]

Moves the recordings aside, runs the test files that run ACRO with ``SDC_ACRO_RECORD=1`` (each
run is then live and recorded), and puts the old recordings back if the tests fail. Recordings
no test reaches any more are dropped with the old set.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.acro_recordings import STORE

TESTS = Path(__file__).parent
# a test module importing the recordings or the sweeps' driver (``tests/parity/
# sweep_driver.py``, which replays through them), or a test taking the parity tests' fixture
USES = re.compile(r"\bacro_recordings\b|\bsweep_driver\b|[(,]\s*acro_folder\s*:")


def users() -> list[str]:
    """The test files that go through the recordings, directly or through the parity tests'
    ``acro_folder`` fixture."""
    return sorted(str(p) for p in TESTS.rglob("test_*.py")
                  if USES.search(p.read_text(encoding="utf-8")))


def main(argv: list[str]) -> int:
    if not os.environ.get("SDC_ACRO_PYTHON"):
        print("set SDC_ACRO_PYTHON to the interpreter ACRO 1.0.2 is installed in", file=sys.stderr)
        return 2
    old = STORE.with_name(f"{STORE.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if STORE.exists():
        STORE.rename(old)
    STORE.mkdir()
    env = {**os.environ, "SDC_ACRO_RECORD": "1"}
    env.pop("SDC_ACRO_LIVE", None)
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                           *users(), *argv], env=env)
    if done.returncode != 0:
        shutil.rmtree(STORE)
        if old.exists():
            old.rename(STORE)
        print("tests failed: the old recordings are back", file=sys.stderr)
        return done.returncode
    shutil.rmtree(old, ignore_errors=True)
    size = sum(p.stat().st_size for p in STORE.iterdir())
    print(f"{len(list(STORE.iterdir()))} recordings, {size / 1e6:.2f} MB in {STORE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
