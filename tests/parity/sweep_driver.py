"""What the recorded random-sweep tests share (``test_acro_sweep35/36/51/52/53``): one ACRO
session replayed once per test run, each of its folders checked once, and one reading tallied
as ``benchmarks/acro_agreement27.compare`` tallies it.

A session is keyed by its script and arguments, as its recording is
(``tests/acro_recordings.py``): a second module asking for the same session gets the same
folder, and a folder's ``sdc.check`` is kept with it, so no ACRO run nor check is repeated
within one pytest process (each is seconds of CI).
"""

from __future__ import annotations

import collections
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import sdc
from benchmarks.acro_agreement27 import compare
from tests import acro_recordings
from tests.parity.test_acro_sweep import POLICY

Tally = collections.Counter[str]


class Session:
    """One replayed session: ACRO's folder ``stem``, its record and calls, and its folders'
    checks (``stem`` plus a tail: ``-plain``, ``-star``...), each made once."""

    def __init__(self, stem: Path, seed: str) -> None:
        self.stem, self.seed = stem, seed
        self.expected: dict[str, Any] = json.loads(
            Path(f"{stem}.expected.json").read_text(encoding="utf-8"))
        calls = Path(f"{stem}.calls.json")
        self.calls: dict[str, str] = (json.loads(calls.read_text(encoding="utf-8"))
                                      if calls.is_file() else {})
        self._checked: dict[Path, sdc.RunResult] = {}

    def folder(self, tail: str = "") -> Path:
        return Path(f"{self.stem}{tail}")

    def checked(self, folder: str | Path = "") -> sdc.RunResult:
        """``sdc.check`` of the folder ``stem + folder`` (a tail) or of ``folder`` (a path)
        under the acro profile, made once."""
        path = folder if isinstance(folder, Path) else self.folder(folder)
        if path not in self._checked:
            self._checked[path] = sdc.check(path, POLICY)
        return self._checked[path]

    def tables(self) -> dict[str, Any]:
        return {u: e for u, e in self.expected.items() if e["type"] == "table"}


_SESSIONS: dict[tuple[str, tuple[str, ...]], Session] = {}


def session(factory: pytest.TempPathFactory, sweep: Path, args: list[str], stem: str,
            after: Callable[[Path], None] | None = None, timeout: int = 600) -> Session:
    """The session ``sweep`` writes for ``args`` (after the root) as ``ROOT/stem``: replayed
    from its recording (or run) the first time it is asked for in this process; ``after(root)``
    then adds what the test derives from it (``acro_agreement35.latex``)."""
    key = (sweep.name, tuple(args))
    if key not in _SESSIONS:
        root = factory.mktemp(f"acro-{sweep.stem}")
        acro_recordings.run(sweep, [str(root), *args], root, timeout=timeout)
        if after is not None:
            after(root)
        _SESSIONS[key] = Session(root / stem, args[-1])
    return _SESSIONS[key]


def tally(keys: Any, expected: Any, result: sdc.RunResult, where: str
          ) -> tuple[Tally, list[str]]:
    """One reading's tally and its wrong passes (``acro_agreement27.compare``)."""
    counted: Tally = collections.Counter()
    wrong: list[str] = []
    compare(keys, expected, result, counted, wrong, [], where)
    return counted, wrong
