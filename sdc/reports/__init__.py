"""Reporters: one module per output format. Reporters print verdicts, they never decide them.

Every reporter has the signature ``(result, stream, options) -> None``. Text formats get a text
stream, ``BINARY_FORMATS`` a binary one. ``FOLDER_FORMATS`` write a folder at
``options.output_path`` and nothing to ``stream`` (without an output path, acro writes its
results.json to ``stream``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path
from typing import IO, Any

from sdc.results import RunResult, Status

Reporter = Callable[[RunResult, IO[Any], "ReportOptions"], None]

FORMATS = ["text", "json", "html", "xlsx", "sarif", "junit", "github", "acro", "markdown"]
BINARY_FORMATS = {"xlsx"}
FOLDER_FORMATS = {"acro"}  # -o names a folder (or folder/results.json)

# formats meant to leave the TRE (CI logs): no evidence/values unless --show-values
EXPORTABLE_FORMATS = {"sarif", "junit", "github", "text-ci", "markdown"}

EXTENSIONS = {
    ".json": "json", ".html": "html", ".htm": "html", ".xlsx": "xlsx", ".sarif": "sarif",
    ".sarif.json": "sarif", ".xml": "junit", ".txt": "text", ".md": "markdown",
}

_REPORTERS = {
    "text": ("sdc.reports.text", "write_text"),
    "json": ("sdc.reports.json_report", "write_json"),
    "html": ("sdc.reports.html", "write_html"),
    "xlsx": ("sdc.reports.xlsx", "write_xlsx"),
    "sarif": ("sdc.reports.sarif", "write_sarif"),
    "junit": ("sdc.reports.junit", "write_junit"),
    "github": ("sdc.reports.github", "write_github"),
    "acro": ("sdc.reports.acro", "write_acro"),
    "markdown": ("sdc.reports.markdown", "write_markdown"),
}


class ReportOptions:
    """What a reporter may know beyond the result.

    ``output_path``: the ``-o`` path (needed by folder formats); ``inputs``: the paths given to
    ``check`` (to find output files when the result holds only their report paths);
    ``fail_on``: the ``--fail-on`` status (JUnit marks review findings as failures under
    ``review``).
    """

    def __init__(self, *, show_values: bool = False, color: bool | None = None,
                 ci: bool = False, output_path: Path | None = None,
                 inputs: Sequence[str | Path] | None = None,
                 fail_on: Status | str = Status.FAIL) -> None:
        self.show_values = show_values
        self.color = color
        self.ci = ci
        self.output_path = Path(output_path) if output_path is not None else None
        self.inputs = [Path(p) for p in inputs] if inputs else []
        self.fail_on = Status(fail_on)


def get_reporter(fmt: str) -> Reporter:
    """The writer function of a format (imported lazily: openpyxl/matplotlib are slow)."""
    if fmt not in _REPORTERS:
        raise KeyError(fmt)
    module, name = _REPORTERS[fmt]
    return getattr(import_module(module), name)


def format_for_path(path: Path) -> str | None:
    """The format an ``-o`` path implies (compound suffixes such as ``.sarif.json`` first)."""
    name = path.name.lower()
    for suffix in sorted(EXTENSIONS, key=len, reverse=True):
        if name.endswith(suffix):
            return EXTENSIONS[suffix]
    return None
