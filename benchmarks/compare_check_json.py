"""``sdc check --format json`` of this tree and of a baseline tree, compared byte for byte.

A change that should alter no finding (memory, order of work: issue 14 §3) is checked so:
``python -m benchmarks.compare_check_json --base ../main-worktree [--jobs 1 2] [--large 20]``
``--stream-all`` streams every folder in this tree (``sdc.stream_read.MIN_BYTES`` 0: each
table checked as its file is read, however small the release), so its restarts and
fallbacks are compared too. It
writes the corpus's entries (tests/corpus), its ACRO folders, the ACRO recordings
(tests/acro-recordings, unpacked), examples/heart-study and ``--large`` 1 MiB long tables
(``bench_table_model.make_long``) into one temporary folder, runs the command line in-process
over each folder in a fresh process per tree and ``-j`` (the tree's ``sdc`` first on the
path), and lists every folder whose JSON differs. Exit status 1 when any does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_folders(into: Path, large: int) -> list[Path]:
    """Every folder compared, written under ``into``."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.bench_table_model import make_long
    from tests.corpus.outputs import ENTRIES
    from tests.corpus.test_corpus import ACRO

    folders: list[Path] = []
    for i, entry in enumerate(ENTRIES):
        folder = into / f"corpus-{i:03d}"
        folder.mkdir()
        entry.write(folder)
        folders.append(folder)
    for acro in sorted(p for p in ACRO.iterdir() if p.is_dir()):
        folders.append(Path(shutil.copytree(acro, into / f"acro-{acro.name}")))
    for archive in sorted((ROOT / "tests" / "acro-recordings").glob("*.tar.xz")):
        folder = into / f"recording-{archive.name[:12]}"
        folder.mkdir()
        with tarfile.open(archive) as tar:
            tar.extractall(folder, filter="data")
        folders.append(folder)
    folders.append(Path(shutil.copytree(ROOT / "examples" / "heart-study", into / "heart")))
    if large:
        folder = into / f"long-{large}"
        folder.mkdir()
        for k in range(large):
            make_long(folder / f"table{k:03d}.csv", 1.0, seed=100 + k)
        folders.append(folder)
    return folders


def one(listing: Path, jobs: int, out: Path, stream_all: bool = False) -> None:
    """In the tree's process: each listed folder's JSON written to ``out``."""
    from typer.testing import CliRunner

    if stream_all:
        import sdc.stream_read

        sdc.stream_read.MIN_BYTES = 0

    from sdc.cli import app

    runner = CliRunner()
    for line in listing.read_text().splitlines():
        folder = Path(line)
        done = runner.invoke(app, ["check", "--format", "json", "-j", str(jobs), str(folder)])
        text = done.stdout if done.exception is None or isinstance(done.exception, SystemExit) \
            else f"CRASH {type(done.exception).__name__}: {done.exception}\n{done.stdout}"
        (out / f"{folder.name}.json").write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=Path, help="the baseline tree (a worktree of main)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--large", type=int, default=20)
    parser.add_argument("--stream-all", action="store_true",
                        help="this tree streams every folder (sdc.stream_read.MIN_BYTES 0)")
    parser.add_argument("--one", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(Path(args.one[0]), int(args.one[1]), Path(args.one[2]), len(args.one) > 3)
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        folders = write_folders(work / "in", args.large)
        listing = work / "folders.txt"
        listing.write_text("\n".join(str(f) for f in folders))
        differ: list[str] = []
        for jobs in args.jobs:
            outs = {}
            for name, tree in (("base", args.base.resolve()), ("this", ROOT)):
                out = work / f"{name}-{jobs}"
                out.mkdir()
                env = dict(os.environ, PYTHONPATH=str(tree))
                extra = ["stream-all"] if args.stream_all and name == "this" else []
                subprocess.run([sys.executable, str(Path(__file__).resolve()), "--one",
                                str(listing), str(jobs), str(out), *extra], cwd=work, env=env,
                               check=True)
                outs[name] = out
            for folder in folders:
                a = (outs["base"] / f"{folder.name}.json").read_bytes()
                b = (outs["this"] / f"{folder.name}.json").read_bytes()
                if a != b:
                    differ.append(f"-j {jobs} {folder.name}")
        print(json.dumps({"folders": len(folders), "jobs": args.jobs, "differ": differ}))
        if differ:
            sys.exit(1)


if __name__ == "__main__":
    main()
