"""The recorded ACRO runs (``tests/acro_recordings.py``) are what ACRO 1.0.2 writes: one small
recorded session (``test_acro_one_count_twice``'s) runs live under ACRO's interpreter and its
files are compared with its recording, byte for byte, but for what changes from run to run:

* the values of ``"timestamp"`` in ``results.json`` and ``session_summary.json`` (ACRO stamps
  each output and the session with the time of day);
* ``checksums/*.txt`` are not compared between the two copies (two of them hash the stamped
  files): in each copy every one must be the sha256 of the file it names.

The keys and the store are checked without ACRO."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

from tests import acro_recordings
from tests.parity.test_acro_one_count_twice import SESSION

STAMP = re.compile(rb'"timestamp": "[^"]*"')
STAMPED = {"results.json", "session_summary.json"}


def _files(folder: Path) -> dict[str, bytes]:
    """Each file by its path in ``folder``, stamps masked and checksums checked."""
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name, data = path.relative_to(folder).as_posix(), path.read_bytes()
        if name.startswith("checksums/"):
            hashed = folder / name.removeprefix("checksums/").removesuffix(".txt")
            assert data.decode() == hashlib.sha256(hashed.read_bytes()).hexdigest(), name
            data = b"checked"
        elif name in STAMPED:
            data = STAMP.sub(b'"timestamp": "masked"', data)
        out[name] = data
    return out


def test_a_recording_is_what_acro_writes(tmp_path: Path) -> None:
    python = acro_recordings.acro_python()
    assert acro_recordings.installed_version(python) == acro_recordings.ACRO_VERSION
    folders = {}
    for how in ("recorded", "live"):
        work = tmp_path / how
        work.mkdir()
        script = work / "session.py"
        script.write_text(SESSION)
        args = [str(work / "out")]
        if how == "recorded":
            key = acro_recordings.key(script, args, work, [script])
            archive = acro_recordings.STORE / f"{key}.tar.xz"
            if not archive.is_file() and os.environ.get("SDC_ACRO_RECORD") == "1":
                acro_recordings.run(script, args, work, [script])  # records it
                shutil.rmtree(work / "out")
            assert archive.is_file(), "no recording: run python -m tests.record_acro"
            acro_recordings.unpack(archive, work)
        else:
            done = subprocess.run([python, str(script), *args], capture_output=True, text=True,
                                  timeout=300)
            assert done.returncode == 0, done.stderr
        folders[how] = _files(work / "out")
    assert len(folders["live"]) == 11  # the two tables, results, config, summaries, checksums
    assert folders["recorded"] == folders["live"]


def test_a_key_is_the_run_not_the_folder(tmp_path: Path) -> None:
    """The same script, arguments and inputs in two folders make one key; one byte of an
    input, an argument or the script makes another."""
    keys = []
    for name, data, arg, text in [("a", "1,2\n", "x", SESSION), ("b", "1,2\n", "x", SESSION),
                                  ("c", "1,3\n", "x", SESSION), ("d", "1,2\n", "y", SESSION),
                                  ("e", "1,2\n", "x", SESSION + "#")]:
        work = tmp_path / name
        work.mkdir()
        script, data_file = work / "session.py", work / "data.csv"
        script.write_text(text)
        data_file.write_text(f"{work}/{data}")  # a path in the folder is written as {work}
        keys.append(acro_recordings.key(script, [str(work / "out"), arg], work, [data_file]))
    assert keys[0] == keys[1] and len(set(keys)) == 4


def test_a_key_reads_the_modules_a_script_imports() -> None:
    options = Path(acro_recordings.__file__).parent / "parity" / "acro_options.py"
    assert [p.name for p in acro_recordings.modules(options)] == [
        "acro_options.py", "acro_session.py"]


def test_the_store_stays_small() -> None:
    size = sum(p.stat().st_size for p in acro_recordings.STORE.glob("*.tar.xz"))
    assert size < 3_000_000, f"{size} bytes of ACRO recordings"
