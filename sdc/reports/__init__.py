"""Reporters: one module per output format. Reporters print verdicts, they never decide them."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from sdc.results import RunResult

Reporter = Callable[[RunResult, IO[str], "ReportOptions"], None]

# formats meant to leave the TRE (CI logs): no evidence/values unless --show-values
EXPORTABLE_FORMATS = {"sarif", "junit", "github", "text-ci", "markdown"}
EXTENSIONS = {".json": "json", ".html": "html", ".htm": "html", ".xlsx": "xlsx",
              ".sarif": "sarif", ".xml": "junit", ".txt": "text", ".md": "markdown"}


class ReportOptions:
    def __init__(self, *, show_values: bool = False, color: bool | None = None,
                 ci: bool = False) -> None:
        self.show_values = show_values
        self.color = color
        self.ci = ci


def get_reporter(fmt: str) -> Reporter:
    if fmt == "json":
        from sdc.reports.json_report import write_json

        return write_json
    if fmt == "text":
        from sdc.reports.text import write_text

        return write_text
    raise KeyError(fmt)


FORMATS = ["text", "json"]
BINARY_FORMATS: set[str] = set()
