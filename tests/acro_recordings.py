"""Recorded ACRO 1.0.2 runs: every test that runs ACRO's interpreter goes through :func:`run`.

An ACRO session costs seconds (3.5 s of them ``import acro``), and ACRO is pinned at 1.0.2, so
what it writes for the same script and arguments does not change (timestamps apart). A run's
key is the sha256 of ACRO's version, the text of the script and of every module beside it that
it imports (``acro_session.py`` for ``acro_options.py``), its arguments and the bytes of its
input files (the test's own folder written as ``{work}``). If ``tests/acro-recordings/KEY.tar.xz``
exists, the files it holds (exactly those the run wrote in its folder) are unpacked there;
else ACRO runs live under ``SDC_ACRO_PYTHON`` (the test is skipped without it), and with
``SDC_ACRO_RECORD=1`` the run is recorded. ``SDC_ACRO_LIVE=1`` runs ACRO even where a recording
exists. Data a test writes with the project's numpy and pandas is an input: a newer release
that writes other bytes makes another key, so CI runs ACRO live there (slower, still right).

Re-record them all with ``python -m tests.record_acro`` (docs/testing.md);
``tests/parity/test_acro_recorded.py`` re-runs one recorded session live and compares.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import subprocess
import tarfile
from collections.abc import Sequence
from pathlib import Path

import pytest

ACRO_VERSION = "1.0.2"
STORE = Path(__file__).with_name("acro-recordings")
IMPORT = re.compile(r"^\s*(?:from|import)\s+(\w+)", re.MULTILINE)


def acro_python() -> str:
    """ACRO's interpreter (``SDC_ACRO_PYTHON``); skips the test without it."""
    python = os.environ.get("SDC_ACRO_PYTHON")
    if not python or not Path(python).exists():
        pytest.skip("ACRO 1.0.2 runs in its own interpreter: set SDC_ACRO_PYTHON")
    return python


@functools.cache
def installed_version(python: str) -> str:
    """The version of ACRO installed under ``python`` (its metadata: no ``import acro``)."""
    ask = "import importlib.metadata as m; print(m.version('acro'))"
    done = subprocess.run([python, "-c", ask], capture_output=True, text=True, timeout=60)
    return done.stdout.strip()


def modules(script: Path) -> list[Path]:
    """The script and the modules beside it that it imports, directly or through another."""
    found, todo = [script], [script]
    while todo:
        text = todo.pop().read_text(encoding="utf-8")
        for name in IMPORT.findall(text):
            module = script.with_name(f"{name}.py")
            if module.is_file() and module not in found:
                found.append(module)
                todo.append(module)
    return found


def key(script: Path, args: Sequence[str], work: Path, inputs: Sequence[Path] = ()) -> str:
    """The sha256 naming a run's recording (see the module's docstring)."""
    digest = hashlib.sha256()
    place = str(work).encode()

    def part(label: str, data: bytes) -> None:
        digest.update(label.encode() + b"\0" + len(data).to_bytes(8, "big") + data)

    part("acro", ACRO_VERSION.encode())
    for module in modules(script):
        part(f"module {module.name}", module.read_bytes().replace(b"\r\n", b"\n"))
    for arg in args:
        part("arg", arg.encode().replace(place, b"{work}"))
    for path in sorted(inputs):
        part(f"input {path.relative_to(work)}", path.read_bytes().replace(place, b"{work}"))
    return digest.hexdigest()


def recording(script: Path, args: Sequence[str], work: Path, inputs: Sequence[Path] = ()
              ) -> Path | None:
    """The run's recording, if the store has it and no live run is asked for."""
    archive = STORE / f"{key(script, args, work, inputs)}.tar.xz"
    if os.environ.get("SDC_ACRO_LIVE") == "1" or not archive.is_file():
        return None
    return archive


def run(script: Path, args: Sequence[str], work: Path, inputs: Sequence[Path] = (),
        timeout: int = 600) -> None:
    """Leave in ``work`` what ``python script *args`` writes there under ACRO's interpreter:
    from its recording, or live (recorded with ``SDC_ACRO_RECORD=1``). ``inputs`` are the files
    in ``work`` the script reads; ``args`` name places in ``work``, never outside it."""
    archive = recording(script, args, work, inputs)
    if archive is not None:
        unpack(archive, work)
        return
    python = acro_python()
    before = set(work.rglob("*"))
    done = subprocess.run([python, str(script), *args], capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, done.stderr
    if os.environ.get("SDC_ACRO_RECORD") == "1":
        version = installed_version(python)
        assert version == ACRO_VERSION, f"{python} has ACRO {version}, not {ACRO_VERSION}"
        store(STORE / f"{key(script, args, work, inputs)}.tar.xz", work, before)


def store(archive: Path, work: Path, before: set[Path]) -> None:
    """Pack what the run wrote in ``work`` (names sorted, no owners or times: the same files
    make the same archive), written whole or not at all."""
    written = sorted(p for p in work.rglob("*") if p not in before)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:xz", preset=9) as tar:
        for path in written:
            info = tar.gettarinfo(str(path), arcname=path.relative_to(work).as_posix())
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            info.mode = 0o755 if info.isdir() else 0o644
            if info.isdir():
                tar.addfile(info)
            else:
                with path.open("rb") as handle:
                    tar.addfile(info, handle)
    archive.parent.mkdir(exist_ok=True)
    partial = archive.with_name(f"{archive.name}.{os.getpid()}.part")
    partial.write_bytes(buffer.getvalue())
    partial.replace(archive)


def unpack(archive: Path, work: Path) -> None:
    with tarfile.open(archive, mode="r:xz") as tar:
        tar.extractall(work, filter="data")
