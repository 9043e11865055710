"""Reporters: one module per output format. Reporters print verdicts, they never decide them.

Each format is one ``Format`` record in ``FORMATS_BY_NAME``: its name, the ``-o`` extensions
that imply it, whether it leaves the TRE, and its writer ``(result, stream, options) -> None``
(imported lazily: openpyxl and matplotlib are slow to import). Text formats get a text stream,
binary ones a binary stream; folder formats write a folder at ``options.output_path`` and
nothing to ``stream`` (without an output path, acro writes its results.json to ``stream``).

Formats that leave the TRE get a redacted result, centrally (``redact``): value-free messages,
no evidence, no row or column labels and no tables, unless ``--show-values``. A new format
cannot forget it: ``get_reporter`` applies it before the writer runs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import IO, Any, TypeVar

from sdc.results import Finding, Location, RunResult, Status

_T = TypeVar("_T")

Reporter = Callable[[RunResult, IO[Any], "ReportOptions"], None]


@dataclass(frozen=True)
class Format:
    """One output format. ``writer`` is ``"module:function"``.

    ``leaves_tre``: the report is meant to leave the TRE (CI logs, PR comments), so it carries
    locations and rule codes but no values; ``leaves_tre_in_ci``: only when run in CI.
    """

    name: str
    writer: str
    extensions: tuple[str, ...] = ()
    leaves_tre: bool = False
    leaves_tre_in_ci: bool = False
    binary: bool = False
    folder: bool = False  # -o names a folder (or folder/results.json)

    def redacts(self, options: ReportOptions) -> bool:
        """Whether this run of the format must carry no values."""
        leaves = self.leaves_tre or (self.leaves_tre_in_ci and options.ci)
        return leaves and not options.show_values


REGISTERED: list[Format] = [
    Format("text", "sdc.reports.text:write_text", (".txt",), leaves_tre_in_ci=True),
    Format("json", "sdc.reports.json_report:write_json", (".json",)),
    Format("html", "sdc.reports.html:write_html", (".html", ".htm")),
    Format("xlsx", "sdc.reports.xlsx:write_xlsx", (".xlsx",), binary=True),
    Format("sarif", "sdc.reports.sarif:write_sarif", (".sarif", ".sarif.json"), leaves_tre=True),
    Format("junit", "sdc.reports.junit:write_junit", (".xml",), leaves_tre=True),
    Format("github", "sdc.reports.github:write_github", leaves_tre=True),
    Format("acro", "sdc.reports.acro:write_acro", folder=True),
    Format("markdown", "sdc.reports.markdown:write_markdown", (".md",), leaves_tre=True),
]
FORMATS_BY_NAME = {f.name: f for f in REGISTERED}

# Views of the records, for the command line.
FORMATS = [f.name for f in REGISTERED]
BINARY_FORMATS = {f.name for f in REGISTERED if f.binary}
FOLDER_FORMATS = {f.name for f in REGISTERED if f.folder}
EXTENSIONS = {ext: f.name for f in REGISTERED for ext in f.extensions}


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


_LOCATION_FIELDS = tuple(f.name for f in dataclasses.fields(Location))
_FINDING_FIELDS = tuple(f.name for f in dataclasses.fields(Finding))


def _copy(obj: _T, names: tuple[str, ...], changes: dict[str, Any]) -> _T:
    """A copy of a slotted dataclass with ``changes``, made field by field: its values were
    checked (made printable) when ``obj`` was built, and ``dataclasses.replace`` (building it
    again) cost ~0.6 s of a SARIF report of 25,000 findings (round 32, tail32)."""
    copy = object.__new__(type(obj))
    for name in names:
        object.__setattr__(copy, name, changes[name] if name in changes else getattr(obj, name))
    return copy


def _bare(location: Location) -> Location:
    if location.row_label is None and location.column_label is None:
        return location  # frozen: nothing to take away, the same one serves
    return _copy(location, _LOCATION_FIELDS, {"row_label": None, "column_label": None})


def _redact_finding(finding: Finding) -> Finding:
    return _copy(finding, _FINDING_FIELDS, {
        "message": finding.text(show_values=False), "public_message": None, "evidence": {},
        "location": _bare(finding.location),
        "related": [_bare(loc) for loc in finding.related]})


def redact(result: RunResult) -> RunResult:
    """A copy of ``result`` fit to leave the TRE: value-free messages, no evidence, no row or
    column labels (labels are values too: a name, a date of birth) and no parsed tables."""
    outputs = [dataclasses.replace(out, table=None,
                                   findings=[_redact_finding(f) for f in out.findings])
               for out in result.outputs]
    return dataclasses.replace(result, outputs=outputs)


def get_reporter(fmt: str) -> Reporter:
    """The writer of a format, behind the central redaction for formats that leave the TRE."""
    record = FORMATS_BY_NAME[fmt]
    module, name = record.writer.split(":")
    writer: Reporter = getattr(import_module(module), name)

    def report(result: RunResult, stream: IO[Any], options: ReportOptions) -> None:
        writer(redact(result) if record.redacts(options) else result, stream, options)

    return report


def format_for_path(path: Path) -> str | None:
    """The format an ``-o`` path implies (compound suffixes such as ``.sarif.json`` first)."""
    name = path.name.lower()
    for suffix in sorted(EXTENSIONS, key=len, reverse=True):
        if name.endswith(suffix):
            return EXTENSIONS[suffix]
    return None
