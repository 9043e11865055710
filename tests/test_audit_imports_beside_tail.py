"""Under ``-j 2`` the release rules after the per-output stage (the linking, the audit's
first solve, SDC501, SDC502) import no module that ``suppression.AUDIT_IMPORTS`` does not ask
for beside the per-output stage: one imported there runs with the other core idle (round 40,
par40: the union totals, ``threadpoolctl`` and the unread outputs were).

Counted, not timed: the modules a fresh process imports after its per-output stage, with the
asked modules imported before the check (where ``pool.import_beside`` would have)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sdc import pool

REPO = Path(__file__).resolve().parent.parent

_SCRIPT = r"""
import importlib, json, os, sys, tempfile
from pathlib import Path
import sdc, sdc.engine as engine
from benchmarks.bench_scale import make_small_release
from sdc.policy import build_policy
from sdc.rules.suppression import AUDIT_IMPORTS
for name in AUDIT_IMPORTS:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
me, after, seen = os.getpid(), [False], []
real = engine._pack_grids
def packed(outputs):
    after[0] = True
    return real(outputs)
engine._pack_grids = packed
def hook(event, args):
    if event == "import" and after[0] and os.getpid() == me:
        seen.append(args[0])
sys.addaudithook(hook)
with tempfile.TemporaryDirectory() as tmp:
    make_small_release(Path(tmp), 64)
    result = sdc.check(Path(tmp), build_policy({}), jobs=2, in_release=True, keep_models=False)
print(json.dumps({"after": after[0], "seen": seen,
                  "audited": any(f.rule in ("SDC501", "SDC502") for o in result.outputs
                                 for f in o.findings)}))
"""


def test_the_release_rules_import_nothing_after_the_per_output_stage() -> None:
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("needs forked workers")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get(
        "PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", _SCRIPT], cwd=REPO, env=env,
                          capture_output=True, text=True, check=True, timeout=300)
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["after"] and got["audited"]  # the tail ran, and audited hidden cells
    assert [name for name in got["seen"] if name.split(".")[0] in ("sdc", "threadpoolctl")
            ] == []
