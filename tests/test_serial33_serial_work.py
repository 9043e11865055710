"""Round 33 (serial33): the work one process does alone under ``-j 2`` made cheaper or moved
beside the read's pool, with the same results: the engine's modules used only after the
read (``engine.AFTER_READ``), the published constants' key look-up (a set for a table's few
keys, ``np.isin`` past ``_FEW_IDS``: tested in tests/test_published_constants.py), and the
publishers of a shared tuple of published pairs made once (``suppression._printed_halves``)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import sdc.linking as linking
from sdc.linking import published_constants, table_systems
from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.rules.suppression import _printed_halves

FILES = {"a.csv": "Female,Male\nx,20\n15,30\n", "b.csv": "sex,n\nFemale,35\nMale,50\n",
         "c.csv": "sex,n\nFemale,36\nMale,[c]\n", "d.csv": "sex,n\nFemale,[c]\nMale,50\n"}


def _systems(folder: Path) -> list[linking.TableSystem]:
    for name, text in FILES.items():
        (folder / name).write_text(text)
    outputs = [o for f in sorted(folder.glob("*.csv"))
               for o in read_output(f, f.name, build_policy({}))]
    return table_systems(outputs, None, compact=True)


def test_engine_import_leaves_the_after_read_modules_for_later() -> None:
    from sdc.engine import AFTER_READ

    code = ("import json, sys, sdc.engine; "
            f"print(json.dumps([m for m in {list(AFTER_READ)!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
    for name in AFTER_READ:  # each one there to be imported beside the read
        importlib.import_module(name)


def test_printed_halves_reads_a_shared_tuple_once(tmp_path: Path) -> None:
    systems = _systems(tmp_path)
    got = published_constants(systems)
    [(k, [(var, published)])] = got.items()
    other = next(j for j in range(len(systems)) if j != k)
    shared = {k: [(var, published)], other: [(0, published)]}  # two holders of one tuple
    halves = _printed_halves(shared, systems)
    mine, theirs = halves[k][0][1], halves[other][0][1]
    assert mine is theirs  # made once, publishers shared
    assert [(value, source, half) for value, source, half, _ in mine] == [
        (value, source, 0.0) for value, source, _ in published]  # no exponent notation
    assert [(p.source, p.at) for *_, p in mine] == [(source, at) for _, source, at in published]
    assert [p.location().cell for *_, p in mine] == ["B2", "B2"]  # b.csv's and c.csv's
