"""Find the outputs of a release and read each into ``Output`` objects.

Dispatch is by extension. A file is refused by size before it is opened; a reader that fails
records why on the output (never raises), so one broken file cannot stop the rest of a release.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sdc.charts.pdf import is_chart_pdf
from sdc.charts.reader import read_chart
from sdc.outputs import Output
from sdc.readers.acro_input import acro_outputs
from sdc.readers.csv_reader import read_csv
from sdc.readers.evidence import attach_evidence_columns, attach_sidecar, read_model_text
from sdc.readers.image_content import inspect_image_content
from sdc.readers.values import MarkerSet
from sdc.readers.xlsx_reader import read_xlsx

if TYPE_CHECKING:
    from sdc.excludes import Excludes
    from sdc.policy import Policy

TABLE_EXTENSIONS = {"csv", "tsv", "tab"}
WORKBOOK_EXTENSIONS = {"xlsx", "xlsm"}
IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "svg", "tif", "tiff", "bmp", "webp"}
DOCUMENT_EXTENSIONS = {"txt", "md", "json", "html", "htm", "pdf", "docx", "rtf", "log"}
DATA_FOR_CHART = ("csv", "xlsx")
REQUEST_FILE = "request.toml"
SIDECAR_SUFFIX = ".sdc.json"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
    files = (sorted(p for p in root.rglob("*") if p.is_file()) if excludes is None
             else excludes.walk(root))
    for path in files:
        rel = path.relative_to(root).as_posix()
        if rel == REQUEST_FILE or rel.endswith(SIDECAR_SUFFIX):
            continue
        yield path, rel


def read_output(file: Path, rel: str, policy: Policy) -> list[Output]:
    """Read one file into one output (or one per workbook sheet)."""
    ext = file.suffix.lower().lstrip(".")
    try:
        size = file.stat().st_size
        digest = sha256_file(file)
    except OSError as exc:
        return [Output(path=rel, file=file, extension=ext, size=0, sha256="",
                       unreadable=f"cannot read the file: {exc.strerror or exc}")]

    def make(sheet: str | None = None) -> Output:
        return Output(path=rel, file=file, extension=ext, size=size, sha256=digest, sheet=sheet)

    limits = policy.params("file-too-large")
    markers = MarkerSet(policy.model.markers)
    base = make()
    if size > limits.max_bytes:  # type: ignore[attr-defined]
        base.too_large = f"{size:,} bytes (limit {limits.max_bytes:,})"  # type: ignore[attr-defined]
        base.unreadable = f"not parsed: {base.too_large}"
        return [base]
    acro = acro_outputs(file, rel, base, policy)
    if acro is not None:
        return acro
    if ext in TABLE_EXTENSIONS:
        read_csv(base, markers=markers, total_labels=policy.model.total_labels,
                 max_rows=limits.max_rows, max_columns=limits.max_columns)  # type: ignore[attr-defined]
        return _with_evidence([base])
    if ext in WORKBOOK_EXTENSIONS:
        outputs = read_xlsx(
            base, markers=markers, total_labels=policy.model.total_labels,
            max_rows=limits.max_rows, max_columns=limits.max_columns,  # type: ignore[attr-defined]
            max_uncompressed=limits.max_unpacked_bytes,  # type: ignore[attr-defined]
            max_ratio=limits.max_compression_ratio,  # type: ignore[attr-defined]
            make_output=make)
        return _with_evidence(outputs)
    if ext in IMAGE_EXTENSIONS or (ext == "pdf" and is_chart_pdf(file)):
        base.kind = "chart"
        base.companions = [
            sibling.name for e in DATA_FOR_CHART
            if (sibling := file.with_suffix(f".{e}")).is_file()
        ]
        hidden_text = inspect_image_content(base, policy)
        read_chart(base, policy)
        return [base, *hidden_text]
    if ext in DOCUMENT_EXTENSIONS:
        base.kind = "document"
        if ext in ("txt", "log"):
            read_model_text(base)
        return [base]
    base.kind = "unknown"
    return [base]


def _with_evidence(outputs: list[Output]) -> list[Output]:
    """Attach evidence columns and the sidecar (to a CSV or a one-sheet workbook); set kinds."""
    tables = [o for o in outputs if o.table is not None]
    for out in tables:
        attach_evidence_columns(out.table)  # type: ignore[arg-type]
        out.kind = out.table.kind  # type: ignore[union-attr]
    if len(outputs) == 1 and tables:
        attach_sidecar(tables[0])
        if tables[0].kind != "model":
            tables[0].kind = tables[0].table.kind  # type: ignore[union-attr]
    return outputs
