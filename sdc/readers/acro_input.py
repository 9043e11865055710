"""Read an ACRO output folder (``results.json`` + files + ``checksums/``) given to ``sdc check``.

Researchers who used ACRO (or ``sdc check --format acro``) hand over such a folder. sdc checks
the files themselves like any others; from ``results.json`` it takes only what a person wrote
(comments, the exception request) so the report can show it beside each output, plus whether
each file still matches the checksum ACRO recorded. ACRO's own verdicts are not trusted.

``results.json`` is researcher-controlled input: a file that is not ACRO-shaped yields None (it
is then checked like any other document), names that leave the folder are ignored, and an
oversized file is not parsed.

ACRO's bookkeeping is never exempt from checking (it could carry anything out). ``results.json``
and ``checksums/*.txt`` are outputs read by :func:`acro_outputs`: ``results.json`` must have the
shape ACRO 1.0.2 writes (or sdc's ``--format acro``, which adds ``sdc`` and ``sdc_findings``)
and name only files in the folder; its text (comments, exception, summaries, labels) is checked
by the identifier and table rules; a checksum file holds exactly one SHA-256 digest (64 hex
digits) of a file in the folder. Anything else is a finding (SDC602).
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from sdc.outputs import Output
from sdc.readers.documents.json_tables import strict_loads
from sdc.readers.roles import prose_numbers_not_understood

if TYPE_CHECKING:
    from sdc.readers.base import ReadOptions
    from sdc.readers.parts import TextPart

RESULTS_FILE = "results.json"
CONFIG_FILE = "config.json"
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
        data = strict_loads(path.read_text(encoding="utf-8"))
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
         "checksum_valid": bool | None, "records": [what each record says of the file],
         "session_uids": {every record id of results.json}}

    ACRO's ``config.json`` (written beside, listed nowhere) gets an entry with no records.

    A file listed by several records (ACRO may list one file twice; sdc lists each workbook
    sheet) gets their comments and exceptions merged, without repeats.
    """
    folder = Path(folder)
    data = _read_results(folder)
    if data is None:
        return _workbook_folder(folder)
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
                    "checksum_valid": valid, "records": []}
            entry["records"].append(_record_facts(str(uid), record, filedata))
            entry["uids"].append(str(uid))
            entry["comments"] += [c for c in comments if c not in entry["comments"]]
            if exception and exception != entry["exception"]:
                entry["exception"] = (f"{entry['exception']}\n{exception}"
                                      if entry["exception"] else exception)
    if CONFIG_FILE not in entries and (folder / CONFIG_FILE).is_file():
        recorded, valid = _checksum(folder, CONFIG_FILE)  # ACRO writes it, lists it nowhere
        entries[CONFIG_FILE] = {"uids": [], "comments": [], "exception": None, "status": None,
                                "summary": None, "type": None, "checksum": recorded,
                                "checksum_valid": valid, "records": []}
    session = set(map(str, data["results"]))
    settings = acro_config(folder)
    for entry in entries.values():
        entry["session_uids"] = session
        entry["config"] = settings
    return entries


WORKBOOK_FILE = "results.xlsx"
_WORKBOOK_BOOKKEEPING = ("session_summary.csv", "session_summary.json", CONFIG_FILE)


def _workbook_session(folder: Path) -> bool:
    """``folder`` holds a session ACRO finalised to ``results.xlsx`` (its checksum files are
    ACRO's digests, each checked against its file as in a JSON folder). Remembered per
    workbook state: every checksum file of the folder asks."""
    path = folder / WORKBOOK_FILE
    try:
        stat = path.stat()
    except OSError:
        return False
    return _workbook_at(str(path.absolute()), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _workbook_at(path: str, size: int, mtime_ns: int) -> bool:
    return _workbook_folder(Path(path).parent) is not None


def _workbook_folder(folder: Path) -> dict[str, dict[str, Any]] | None:
    """A folder ACRO finalised to ``results.xlsx`` (no results.json): its outputs are the
    workbook's sheets (read by :mod:`sdc.readers.acro_workbook`); what is left to know here is
    ACRO's bookkeeping beside it, whose session summary names the workbook's sheets."""
    path = folder / WORKBOOK_FILE
    try:
        if not path.is_file() or path.stat().st_size > MAX_RESULTS_BYTES:
            return None
        import warnings

        from openpyxl import load_workbook

        from sdc.readers.acro_workbook import acro_sheets

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with path.open("rb") as fh:
                workbook = load_workbook(fh, read_only=True, data_only=True)
                try:
                    sheets = acro_sheets(workbook)
                finally:
                    workbook.close()
    except Exception:  # any unreadable workbook: not an ACRO folder here
        return None
    if not sheets:
        return None
    entries: dict[str, dict[str, Any]] = {}
    settings = acro_config(folder)
    for name in _WORKBOOK_BOOKKEEPING:
        if (folder / name).is_file():
            recorded, valid = _checksum(folder, name)
            entries[name] = {"uids": [], "comments": [], "exception": None, "status": None,
                             "summary": None, "type": None, "checksum": recorded,
                             "checksum_valid": valid, "records": [],
                             "session_uids": set(sheets), "config": settings}
    return entries


# ACRO 1.0.2's default.yaml: what its checks used when config.json does not say otherwise
ACRO_DEFAULTS = {"safe_threshold": 10.0, "safe_dof_threshold": 10.0, "safe_nk_n": 2.0,
                 "safe_nk_k": 0.9, "safe_pratio_p": 0.1}


def acro_config(folder: Path) -> dict[str, float]:
    """The parameters ACRO's checks ran with (``config.json`` in the session's folder, beside
    ``results.json`` or ``results.xlsx``), ACRO's defaults where it is missing or says nothing
    usable. They only decide whether a cell ACRO flagged proves a violation of sdc's policy
    (fail) or calls for review: never whether it is flagged."""
    settings = dict(ACRO_DEFAULTS)
    data = _load_json(folder / CONFIG_FILE)
    if isinstance(data, dict):
        for key in settings:
            value = data.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
                settings[key] = float(value)
    return settings


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _record_facts(uid: str, record: dict[str, Any], filedata: dict[str, Any]) -> dict[str, Any]:
    """What ACRO recorded about one file of one output: its type, method, statistic, dof and
    the cells its checks flagged (``{check: [[row, col], ...]}``)."""
    properties = _object(record.get("properties"))
    fair = _object(record.get("fair"))
    cells = _object(_object(filedata.get("sdc")).get("cells"))
    files = record.get("files")
    return {"uid": uid, "type": record.get("type"), "method": properties.get("method"),
            # the names of the output's files (a regression's summary blocks: its dof printed)
            "files": [f["name"] for f in files if isinstance(f, dict)
                      and isinstance(f.get("name"), str)] if isinstance(files, list) else [],
            "dof": properties.get("dof"), "mitigation": properties.get("mitigation"),
            "statbarn": fair.get("statbarn"),
            "summary": record.get("summary") if isinstance(record.get("summary"), str) else "",
            "flagged": {str(k): v for k, v in cells.items() if isinstance(v, list)},
            "outcome": _object(record.get("outcome")),
            "check_status": {str(k): v for k, v in _object(fair.get("check_status")).items()}}


def acro_control_files(folder: Path) -> set[str]:
    """Paths (relative, POSIX) in ``folder`` that are ACRO's bookkeeping, not outputs:
    ``results.json`` and ``checksums/*.txt``. Empty when the folder is not an ACRO folder."""
    folder = Path(folder)
    if _read_results(folder) is not None:
        control = {RESULTS_FILE}
    elif _workbook_session(folder):  # finalised to results.xlsx: its checksums only
        control = set()
    else:
        return set()
    checksums = folder / CHECKSUMS_DIR
    if checksums.is_dir():
        control |= {p.relative_to(folder).as_posix() for p in checksums.rglob("*.txt")
                    if p.is_file()}
    return control


def acro_bookkeeping(folder: Path) -> set[str]:
    """Every path (relative, POSIX) in ``folder`` that is ACRO's bookkeeping, never an output
    for release: ``results.json`` and ``checksums/*.txt``, the session summaries ACRO records as
    ``DONT_RELEASE`` and ``config.json``. Naming a file so only keeps it from being exported;
    it is still checked like any other (nothing here exempts a file from reading)."""
    folder = Path(folder)
    entries = load_acro_folder(folder)
    if entries is None:
        return set()
    kept = {name for name, entry in entries.items()
            if name == CONFIG_FILE or (entry["uids"] and all(
                uid.endswith("DONT_RELEASE") for uid in entry["uids"]))}
    return acro_control_files(folder) | kept


# --- validation: ACRO's bookkeeping is checked, never exempt ----------------------------------

_DIGEST = re.compile(r"[0-9a-fA-F]{64}\n?")
_TOP_KEYS = {"version", "tool", "results", "sdc"}  # "sdc": sdc's --format acro
_RECORD_KEYS = {"uid", "status", "type", "properties", "files", "outcome", "command", "summary",
                "timestamp", "comments", "exception", "fair", "sdc_findings"}
_STATUSES = {"pass", "fail", "review"}
# ACRO 1.0.2's output types (acro_tables, acro_regression, record.add_custom) and sdc's
_TYPES = {"table", "regression", "histogram", "survival table", "survival plot", "pie chart",
          "custom"}
_FREE_TEXT = ("comments", "exception")


def _claims_acro(data: Any) -> bool:
    return isinstance(data, dict) and "version" in data and "results" in data


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _strings(value: Any) -> list[str]:
    """Every string in a JSON value (keys included), in document order."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (str(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _sdc_block_problems(where: str, block: Any) -> list[str]:
    if not isinstance(block, dict):
        return [f"{where}.sdc is not an object"]
    problems = [f"{where}.sdc has an unexpected field {k!r}" for k in block
                if k not in ("summary", "cells")]
    summary = block.get("summary", {})
    if not isinstance(summary, dict) or not all(_is_scalar(v) for v in summary.values()):
        problems.append(f"{where}.sdc.summary is not a map of check names to counts")
    cells = block.get("cells", {})
    ok = isinstance(cells, dict) and all(
        isinstance(points, list) and all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(i, int) for i in p)
            for p in points)
        for points in cells.values())
    if not ok:
        problems.append(f"{where}.sdc.cells is not a map of check names to [row, column] pairs")
    return problems


def _record_problems(folder: Path, uid: str, record: Any) -> list[str]:
    where = f"results[{uid!r}]"
    if not isinstance(record, dict):
        return [f"{where} is not an object"]
    problems = [*_record_field_problems(where, uid, record),
                *_record_value_problems(where, record)]
    files = record.get("files", [])
    if not isinstance(files, list) or not files:
        problems.append(f"{where}.files is not a non-empty list")
        return problems
    for i, entry in enumerate(files):
        problems += _file_entry_problems(folder, f"{where}.files[{i}]", entry)
    return problems


def _record_field_problems(where: str, uid: str, record: dict[str, Any]) -> list[str]:
    """Unexpected or missing fields, a uid other than its key, an unknown status or type."""
    problems = [f"{where} has an unexpected field {k!r}" for k in record if k not in _RECORD_KEYS]
    for key in ("status", "type", "files"):
        if key not in record:
            problems.append(f"{where} has no {key!r}")
    if "uid" in record and record["uid"] != uid:
        problems.append(f"{where}.uid is {record['uid']!r}, not its key")
    if "status" in record and record["status"] not in _STATUSES:
        problems.append(f"{where}.status is not pass, fail or review")
    if "type" in record and record["type"] not in _TYPES:
        problems.append(f"{where}.type {record['type']!r} is not an ACRO output type")
    return problems


def _record_value_problems(where: str, record: dict[str, Any]) -> list[str]:
    """Fields whose values do not have ACRO's shape (text, lists of text, maps)."""
    problems = [f"{where}.{key} is not text"
                for key in ("command", "summary", "timestamp", "exception")
                if key in record and not isinstance(record[key], str)]
    comments = record.get("comments", [])
    if not isinstance(comments, list) or not all(isinstance(c, str) for c in comments):
        problems.append(f"{where}.comments is not a list of text")
    properties = record.get("properties", {})
    if not isinstance(properties, dict) or not all(_is_scalar(v) for v in properties.values()):
        problems.append(f"{where}.properties is not a map of names to plain values")
    outcome = record.get("outcome", {})
    if not isinstance(outcome, dict) or not all(
            isinstance(col, dict) and all(isinstance(v, str) for v in col.values())
            for col in outcome.values()):
        problems.append(f"{where}.outcome is not a table of check outcomes")
    if "fair" in record and not isinstance(record["fair"], dict):
        problems.append(f"{where}.fair is not an object")
    return problems


def _file_entry_problems(folder: Path, at: str, entry: Any) -> list[str]:
    """One ``files`` entry: an object naming a file inside the folder, with its sdc block."""
    if not isinstance(entry, dict):
        return [f"{at} is not an object"]
    problems = [f"{at} has an unexpected field {k!r}" for k in entry if k not in ("name", "sdc")]
    name = _safe_name(entry.get("name"))
    if name is None:
        problems.append(f"{at}.name does not name a file inside the folder")
    elif not (folder / name).is_file():
        problems.append(f"{at}.name {name!r} is not a file in the folder")
    if "sdc" in entry and entry["sdc"] != {}:
        problems += _sdc_block_problems(at, entry["sdc"])
    return problems


def results_problems(folder: Path, data: Any) -> list[str]:
    """How a parsed ``results.json`` differs from ACRO's shape (empty when it matches)."""
    if not isinstance(data, dict):
        return ["results.json is not a JSON object"]
    problems = [f"unexpected top-level field {k!r}" for k in data if k not in _TOP_KEYS]
    if not isinstance(data.get("version"), str):
        problems.append("'version' is not text")
    for key in ("tool", "sdc"):
        if key in data and not isinstance(data[key], dict):
            problems.append(f"{key!r} is not an object")
    results = data.get("results")
    if not isinstance(results, dict):
        return [*problems, "'results' is not an object"]
    for uid, record in results.items():
        problems += _record_problems(folder, str(uid), record)
    return problems


def _acro_folder_of(file: Path, rel: str) -> tuple[Path, str] | None:
    """The folder a ``results.json`` or ``checksums/...`` file belongs to, with its path there."""
    parts = PurePosixPath(rel).parts
    if parts and parts[-1] == RESULTS_FILE:
        return file.parent, RESULTS_FILE
    if CHECKSUMS_DIR in parts[:-1] and file.suffix == ".txt":
        depth = len(parts) - parts.index(CHECKSUMS_DIR)
        folder = file.parents[depth - 1]
        return folder, PurePosixPath(*parts[len(parts) - depth:]).as_posix()
    return None


def _load_json(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_RESULTS_BYTES:
            return None
        return strict_loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def acro_outputs(file: Path, rel: str, base: Output, options: ReadOptions
                 ) -> list[Output] | None:
    """Read ``results.json`` or a checksum file of an ACRO folder; None for any other file (or
    when the folder's ``results.json`` does not claim to be ACRO's: it is then a document)."""
    place = _acro_folder_of(file, rel)
    if place is None:
        return None
    folder, inner = place
    data = _load_json(folder / RESULTS_FILE)
    if not _claims_acro(data) and (inner == RESULTS_FILE or not _workbook_session(folder)):
        return None
    base.kind = "document"
    base.text_checked = True
    if inner == RESULTS_FILE:
        problems = results_problems(folder, data)
        if problems:
            shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more"
                                               if len(problems) > 5 else "")
            base.unreadable = f"results.json does not have the shape ACRO writes: {shown}"
        from sdc.readers.parts import part_outputs  # the CSV reader: when results.json is read

        parts = _results_text(data)
        # a person's words (a comment, an exception request) are no cell any rule checks: a
        # number in them that a title or note would not explain is named (SDC602)
        base.not_understood = [part.name for part in parts if part.name != RESULTS_FILE
                               and prose_numbers_not_understood(part.text)]
        return [base, *part_outputs(base, parts, options, "text")]
    base.unreadable = _checksum_problem(folder, inner)
    return [base]


def _results_text(data: dict[str, Any]) -> list[TextPart]:
    """Comments and exceptions one by one (a table pasted into one is read as a table); every
    other string of the file together."""
    from sdc.readers.parts import TextPart

    parts: list[TextPart] = []
    rest: list[str] = []
    found = data.get("results")
    results = found if isinstance(found, dict) else {}
    for uid, record in results.items():
        if not isinstance(record, dict):
            rest += _strings(record)
            continue
        for key, value in record.items():
            if key in _FREE_TEXT:
                texts = _strings(value)
                parts += [TextPart(f"{uid} {key}", t) for t in texts]
            else:
                rest += [str(key), *_strings(value)]
    rest += _strings({k: v for k, v in data.items() if k != "results"})
    parts.append(TextPart("results.json", "\n".join(rest)))
    return parts


def _checksum_problem(folder: Path, inner: str) -> str | None:
    """Why a ``checksums/NAME.txt`` file is not ACRO's digest of ``NAME`` (None if it is)."""
    path = folder / inner
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return f"cannot read the checksum file: {exc.strerror or exc}"
    if len(raw) > 200 or not _DIGEST.fullmatch(raw.decode("latin-1")):
        return ("a checksum file must hold exactly one SHA-256 digest (64 hex digits) and "
                "nothing else; this one holds something else")
    name = PurePosixPath(inner).relative_to(CHECKSUMS_DIR).as_posix()[: -len(".txt")]
    target = folder / name
    if name.startswith(f"{CHECKSUMS_DIR}/") or not target.is_file():
        return f"the checksum file names {name!r}, which is not a file in the folder"
    digest = hashlib.sha256()
    with target.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != raw.decode("latin-1").strip().lower():
        return f"the digest does not match {name!r}: one of them was changed after ACRO wrote it"
    return None
