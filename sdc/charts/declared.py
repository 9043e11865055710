"""Validate ``data = "..."`` in request.toml: the data file a researcher says a figure plots.

The declaration is a claim, and it silences SDC701 only when it names a real data file: a
path inside the request folder (no absolute paths, no ``..``, no symlink leading out), not the
figure itself, and a table sdc reads (CSV/TSV/XLSX). Otherwise the claim is dropped and the
reason kept on the output, so SDC701 still fires and names the rejected declaration.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sdc.outputs import Output

DATA_EXTENSIONS = {"csv", "tsv", "tab", "xlsx", "xlsm"}
REJECTED_KEY = "data_rejected"  # on output.request: why the declared data was not accepted


def declared_data_problem(folder: Path, output_path: str, declared: object) -> str | None:
    """Why ``declared`` is not an acceptable data file for ``output_path`` (None if it is)."""
    if not isinstance(declared, str) or not declared.strip():
        return "it is not a file name"
    rel = PurePosixPath(declared.replace("\\", "/"))
    if rel.is_absolute() or ".." in rel.parts or Path(declared).drive:
        return "it points outside the request folder"
    target = folder / rel
    try:
        resolved = target.resolve(strict=True)
        resolved.relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return "no such file in the request folder"
    except ValueError:
        return "it leads outside the request folder (a link)"
    if not resolved.is_file():
        return "it is not a file"
    if rel.as_posix() == output_path or resolved == (folder / output_path).resolve():
        return "it names the figure itself"
    if rel.suffix.lower().lstrip(".") not in DATA_EXTENSIONS:
        return (f"a .{rel.suffix.lower().lstrip('.') or '(none)'} file is not a data table "
                "sdc can read (CSV, TSV or XLSX)")
    return None


def apply_declared_data(output: Output, folder: Path | None) -> None:
    """Keep ``data`` on the output's request entry only when it is acceptable; record why not,
    and add an accepted data file to a chart's companions."""
    declared = output.request.get("data")
    if declared is None:
        return
    problem = ("there is no request folder" if folder is None
               else declared_data_problem(folder, output.path, declared))
    if problem is not None:
        output.request.pop("data")
        output.request[REJECTED_KEY] = f"data = {declared!r} was not accepted: {problem}"
        return
    if output.kind == "chart" and declared not in output.companions:
        output.companions.append(str(declared))
