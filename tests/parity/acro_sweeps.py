"""What the random sweeps' ACRO sessions share (run under ACRO's own interpreter beside them;
never imports sdc): ACRO without its pictures for a workbook session, and the writing of a
session's two folders, ACRO's and the tables saved alone."""

from __future__ import annotations

import json
import logging
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
from acro_session import write_session  # beside this script: its sys.path[0]


class NoPictures:
    """ACRO with its picture calls left out (a workbook cannot hold them in ACRO 1.0.2)."""

    def __init__(self, acro: Any) -> None:
        self._acro = acro

    def __getattr__(self, name: str) -> Any:
        return getattr(self._acro, name)

    def hist(self, *args: Any, **kwargs: Any) -> None:
        return None

    def pie(self, *args: Any, **kwargs: Any) -> None:
        return None

    def surv_func(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("output") == "plot":
            return None
        return self._acro.surv_func(*args, **kwargs)


def write_sweep(target: Path, ext: str, make: Any, run: Any,
                after: Any = None) -> dict[str, Any]:
    """A random sweep's session: ``target`` (ACRO's folder) and ``target-plain`` (where ``run``
    saves the tables alone) made afresh, the session written as ``write_session`` writes it,
    ``after(target)`` called, then (JSON only: a workbook holds them) each model's, picture's
    and custom output's files copied beside the tables alone as ``UID-NAME``. What ACRO
    recorded is returned."""
    plain = Path(f"{target}-plain")
    shutil.rmtree(target, ignore_errors=True)
    shutil.rmtree(plain, ignore_errors=True)
    write_session(target, ext, make, run)
    if after is not None:
        after(target)
    expected: dict[str, Any] = json.loads(
        Path(f"{target}.expected.json").read_text(encoding="utf-8"))
    if ext == "json":
        for uid, entry in expected.items():
            if entry["type"] != "table":
                for name in entry["files"]:
                    shutil.copy(target / name, plain / f"{uid}-{name}")
    return expected


def tables_of(acro: Any) -> Iterator[tuple[str, pd.DataFrame]]:
    """Each table output of the session and its (first) table, as a researcher saves it."""
    for uid, record in acro.results.results.items():
        tables = [t for t in record.output if isinstance(t, pd.DataFrame)]
        if record.output_type == "table" and tables:
            yield uid, tables[0]


def main(argv: list[str], doc: str | None, write: Callable[..., None],
         variants: tuple[str, ...] = ()) -> int:
    """``SCRIPT ROOT [VARIANT] SEED...``: each seed's session written under ROOT by
    ``write(root, [variant,] seed)``, in one interpreter (importing ACRO is the slow part)."""
    first = 3 if variants else 2
    if len(argv) <= first or (variants and argv[2] not in variants) or not all(
            a.isdigit() for a in argv[first:]):
        print(doc, file=sys.stderr)
        return 2
    logging.disable(logging.CRITICAL)
    root = Path(argv[1]).resolve()
    for seed in argv[first:]:
        write(root, *argv[2:first], int(seed))
    return 0
