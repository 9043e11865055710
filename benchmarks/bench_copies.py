"""Benchmark: a release of the same suppressed tables saved in several styles (issue 14 §2,
round 36).

ACRO's sweep 35 seed 35001 saves 17 tables in 5 styles (``-star``: CSV, XLSX, Markdown, HTML,
LaTeX, the hidden cells ``*``); their links contradict, and the suppression audit's tries of
each pair of tables solved every table again. Each run here checks a folder with
``sdc.check`` (profile ``acro``) in a fresh interpreter from one tree, and takes the CPU of
that process (``RUSAGE_CHILDREN``: user + system); with ``--base`` the same folders are
checked from that tree too, alternating run by run, and their findings compared.

Folders: ``--folder DIR`` (each given; e.g. the ``-star`` folder, and its CSVs alone copied
into another folder for the 17-output figure), or, without one, the two-table release of
``tests/test_copies36_styles.py`` in one style (CSV) and in three (CSV, HTML, XLSX).

Run on demand: ``python -m benchmarks.bench_copies [--folder DIR ...] [--base /work/main]
[--rounds 2]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_CHILD = """
import json, sys
from pathlib import Path
import sdc
from sdc.policy import build_policy
result = sdc.check(Path(sys.argv[1]), build_policy({}, profile="acro"))
print(json.dumps(sorted((o.path, f.rule, f.location.cell or "", f.status.value, f.message)
                        for o in result.outputs for f in o.findings)))
"""


def one_run(tree: Path, folder: Path) -> tuple[float, str]:
    """CPU seconds of checking ``folder`` from ``tree`` in a fresh interpreter, and the
    findings it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", _CHILD, str(folder)], cwd=tree, env=env,
                         capture_output=True, text=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, out


def generated(into: Path) -> list[Path]:
    """The test's two tables in one style and in three."""
    sys.path.insert(0, str(REPO))
    from tests.test_copies36_styles import tables, write

    return [write(into / "csv", tables(), ("csv",)),
            write(into / "csv-html-xlsx", tables(), ("csv", "html", "xlsx"))]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folder", action="append", default=[])
    parser.add_argument("--base", default=None, help="a worktree of main, run alternately")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-copies-") as tmp:
        folders = [Path(f) for f in args.folder] or generated(Path(tmp))
        trees = [("this", REPO)] + ([("base", Path(args.base))] if args.base else [])
        figures: dict[str, dict[str, list[float]]] = {}
        for folder in folders:
            outputs = sum(1 for p in folder.iterdir() if p.is_file())
            for n in range(args.rounds):
                found = {}
                for name, tree in trees if n % 2 == 0 else trees[::-1]:
                    cpu, found[name] = one_run(tree, folder)
                    figures.setdefault(str(folder), {}).setdefault(name, []).append(cpu)
                same = len(set(found.values())) == 1
                print(f"{folder.name} ({outputs} outputs) round {n + 1}: "
                      + ", ".join(f"{k} {figures[str(folder)][k][-1]:.1f} s CPU" for k in found)
                      + ("" if len(found) < 2 else
                         f"; findings {'identical' if same else 'DIFFER'}"), flush=True)
        print(json.dumps({k: {t: round(min(v), 2) for t, v in d.items()}
                          for k, d in figures.items()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
