"""Read an ACRO output folder (``results.json`` + files + ``checksums/``) given to ``sdc check``.

Researchers who used ACRO (or ``sdc check --format acro``) hand over such a folder. sdc checks
the files themselves like any others; from ``results.json`` it takes only what a person wrote
(comments, the exception request) so the report can show it beside each output, plus whether
each file still matches the checksum ACRO recorded. ACRO's own verdicts are not trusted.

``results.json`` is researcher-controlled input: a file that is not ACRO-shaped yields None (it
is then checked like any other document), names that leave the folder are ignored, and an
oversized file is not parsed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath
from typing import Any

RESULTS_FILE = "results.json"
CHECKSUMS_DIR = "checksums"
MAX_RESULTS_BYTES = 50_000_000


def _safe_name(name: Any) -> str | None:
    """A relative, normalised POSIX path inside the folder, or None."""
    if not isinstance(name, str) or not name.strip():
        return None
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or path.parts[:1] == ("/",):
        return None
    text = path.as_posix()
    return None if text in (".", "") else text


def _read_results(folder: Path) -> dict[str, Any] | None:
    path = folder / RESULTS_FILE
    try:
        if not path.is_file() or path.stat().st_size > MAX_RESULTS_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or "version" not in data:
        return None
    results = data.get("results")
    if not isinstance(results, dict):
        return None
    for record in results.values():  # the structure SACRO-Viewer requires
        files = record.get("files") if isinstance(record, dict) else None
        if not isinstance(files, list) or not files:
            return None
        if not all(isinstance(f, dict) and "name" in f for f in files):
            return None
    return data


def _text_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)]


def _checksum(folder: Path, name: str) -> tuple[str | None, bool | None]:
    recorded_path = folder / CHECKSUMS_DIR / f"{name}.txt"
    target = folder / name
    try:
        recorded = recorded_path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None, None
    try:
        digest = hashlib.sha256()
        with target.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return recorded, None
    return recorded, digest.hexdigest() == recorded.lower()


def load_acro_folder(folder: Path) -> dict[str, dict[str, Any]] | None:
    """Per output file listed in ``folder/results.json``: what the researcher wrote about it.

    Returns None when ``folder`` holds no ACRO ``results.json``. Otherwise a dict keyed by the
    file's path relative to ``folder`` (POSIX), each value::

        {"uids": [...], "comments": [...], "exception": str | None, "status": str | None,
         "summary": str | None, "type": str | None, "checksum": str | None,
         "checksum_valid": bool | None}

    A file listed by several records (ACRO may list one file twice; sdc lists each workbook
    sheet) gets their comments and exceptions merged, without repeats.
    """
    folder = Path(folder)
    data = _read_results(folder)
    if data is None:
        return None
    entries: dict[str, dict[str, Any]] = {}
    for uid, record in data["results"].items():
        comments = _text_list(record.get("comments"))
        exception = record.get("exception")
        exception = str(exception) if exception not in (None, "") else None
        for filedata in record["files"]:
            name = _safe_name(filedata.get("name"))
            if name is None:
                continue
            entry = entries.get(name)
            if entry is None:
                recorded, valid = _checksum(folder, name)
                entry = entries[name] = {
                    "uids": [], "comments": [], "exception": None,
                    "status": record.get("status"), "summary": record.get("summary"),
                    "type": record.get("type"), "checksum": recorded,
                    "checksum_valid": valid}
            entry["uids"].append(str(uid))
            entry["comments"] += [c for c in comments if c not in entry["comments"]]
            if exception and exception != entry["exception"]:
                entry["exception"] = (f"{entry['exception']}\n{exception}"
                                      if entry["exception"] else exception)
    return entries


def acro_control_files(folder: Path) -> set[str]:
    """Paths (relative, POSIX) in ``folder`` that are ACRO's bookkeeping, not outputs:
    ``results.json`` and ``checksums/*.txt``. Empty when the folder is not an ACRO folder."""
    folder = Path(folder)
    if _read_results(folder) is None:
        return set()
    control = {RESULTS_FILE}
    checksums = folder / CHECKSUMS_DIR
    if checksums.is_dir():
        control |= {p.relative_to(folder).as_posix() for p in checksums.rglob("*.txt")
                    if p.is_file()}
    return control
