"""Find the outputs of a release and read each into ``Output`` objects.

The reader is chosen by the file's content first and its extension second
(``sdc.readers.registry``; the ``Reader`` protocol is in ``sdc.readers.base``). A file is
refused by size before it is opened; a reader that fails records why on the output (never
raises), so one broken file cannot stop the rest of a release.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdc.hashing import sha256_file
from sdc.outputs import Output
from sdc.readers.base import HEAD_BYTES, Reader, ReadOptions, Source
from sdc.readers.links import is_inner_dir_link, walk

if TYPE_CHECKING:
    from sdc.excludes import Excludes
    from sdc.policy import Policy
    from sdc.readers.registry import READERS

    TABLE_EXTENSIONS: set[str]  # set by __getattr__ on first use
    WORKBOOK_EXTENSIONS: set[str]

__all__ = [
    "READERS", "REQUEST_FILE", "SIDECAR_SUFFIX", "TABLE_EXTENSIONS", "WORKBOOK_EXTENSIONS",
    "ReadOptions", "Reader", "Source", "discover", "read_file", "read_output", "sha256_file",
]

REQUEST_FILE = "request.toml"
SIDECAR_SUFFIX = ".sdc.json"


def __getattr__(name: str) -> Any:
    """The reader registry and the extensions it reads, imported on first use: its sniffs pull
    in the CSV reader's table inference, which ``sdc rules`` and the policy never need (each
    reader's read is imported later still, by the first file of its format)."""
    if name not in {"READERS", "TABLE_EXTENSIONS", "WORKBOOK_EXTENSIONS"}:
        raise AttributeError(f"module 'sdc.readers' has no attribute {name!r}")
    registry = import_module("sdc.readers.registry")
    values: dict[str, Any] = {
        "READERS": registry.READERS,
        "TABLE_EXTENSIONS": set(registry.CsvReader.extensions),
        "WORKBOOK_EXTENSIONS": set(registry.XlsxReader.extensions),
    }
    globals().update(values)  # later look-ups skip this function
    return values[name]



def discover(root: Path, excludes: Excludes | None = None) -> Iterator[tuple[Path, str]]:
    """Files to check under ``root`` (or ``root`` itself), with their report paths.

    The request description and evidence sidecars are inputs to the check, not outputs. An ACRO
    folder's ``results.json`` and ``checksums/`` are outputs like any other (read by
    :func:`sdc.readers.acro_input.acro_outputs`).
    Hidden files are checked like any other: a dot in front of a name hides nothing from sdc.
    ``excludes`` (the checker's choice, see ``sdc.excludes``) is None for the release workflow:
    then every file is checked.
    """
    if root.is_file():
        yield root, root.name
        return
    # links leaving the folder are listed (and reported, never followed); links to folders
    # inside it are skipped: their files are checked where they are
    files = (walk(root) if excludes is None
             else [p for p in excludes.walk(root) if not is_inner_dir_link(p, root)])
    for path in files:
        rel = path.relative_to(root).as_posix()
        if rel == REQUEST_FILE or (rel.endswith(SIDECAR_SUFFIX) and _describes_a_table(path)):
            continue
        yield path, rel


def _describes_a_table(sidecar: Path) -> bool:
    """A sidecar is an input when the table it describes is beside it; an orphan is reported."""
    from sdc.readers.registry import CsvReader, XlsxReader

    table = Path(str(sidecar)[: -len(SIDECAR_SUFFIX)])
    ext = table.suffix.lower().lstrip(".")
    return table.is_file() and ext in {*CsvReader.extensions, *XlsxReader.extensions}


def _orphan_sidecar(source: Output) -> list[Output]:
    source.kind = "evidence"
    source.unreadable = ("an evidence sidecar with no table beside it (an orphan): it holds "
                         "per-cell evidence and must not leave the TRE; remove it or add the "
                         "table it describes")
    return [source]


def _special_file(file: Path) -> str | None:
    """What a path is when it is neither a regular file nor a link (a named pipe, a socket,
    a device), or None."""
    import stat

    try:
        mode = file.stat().st_mode
    except OSError:
        return None  # the read below reports it
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_file(file: Path, rel: str, options: ReadOptions) -> list[Output]:
    """Read one file into one output (or one per workbook sheet), by the reader its content
    and extension choose."""
    from sdc.readers.acro_input import acro_outputs
    from sdc.readers.registry import choose_reader

    ext = file.suffix.lower().lstrip(".")
    special = _special_file(file)
    if special is not None:  # opening a named pipe would block the whole check
        return [Output(path=rel, file=file, extension=ext, size=0, sha256="",
                       unreadable=f"{special}, not a file: sdc never opens it")]
    try:
        size = file.stat().st_size
        digest = sha256_file(file)
    except OSError as exc:
        return [Output(path=rel, file=file, extension=ext, size=0, sha256="",
                       unreadable=f"cannot read the file: {exc.strerror or exc}")]
    if size > options.max_bytes:
        too_large = f"{size:,} bytes (limit {options.max_bytes:,})"
        return [Output(path=rel, file=file, extension=ext, size=size, sha256=digest,
                       too_large=too_large, unreadable=f"not parsed: {too_large}")]
    if rel.endswith(SIDECAR_SUFFIX):
        return _orphan_sidecar(Output(path=rel, file=file, extension=ext, size=size,
                                      sha256=digest))
    acro = acro_outputs(file, rel, Output(path=rel, file=file, extension=ext, size=size,
                                          sha256=digest), options)
    if acro is not None:  # an ACRO folder's results.json or checksum file
        return acro
    try:
        with file.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        return [Output(path=rel, file=file, extension=ext, size=size, sha256=digest,
                       unreadable=f"cannot read the file: {exc.strerror or exc}")]
    reader, mismatch = choose_reader(file, ext, head)
    source = Source(file=file, path=rel, extension=ext, size=size, sha256=digest,
                    format=reader.name, type_mismatch=mismatch)
    return reader.read(source, options)


def read_output(file: Path, rel: str, policy: Policy) -> list[Output]:
    """``read_file`` with the read options of a policy."""
    return read_file(file, rel, policy.read_options())
