"""The pre-commit hook looks at every type of file sdc reads: its ``files`` pattern is the one
derived from the reader registry (sdc.precommit), and names of each type match it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sdc.precommit import files_pattern, reader_extensions
from sdc.readers.registry import READERS

PROJECT = Path(__file__).resolve().parents[1]
HOOK = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
MATCHES = re.compile(HOOK["files"]).search


def test_the_hook_pattern_is_the_one_derived_from_the_readers() -> None:
    assert HOOK["id"] == "sdc-check"
    assert HOOK["files"] == files_pattern()


@pytest.mark.parametrize("reader", [r for r in READERS if r.extensions],
                         ids=lambda r: r.name)
def test_every_extension_a_reader_claims_is_looked_at(reader: object) -> None:
    for ext in reader.extensions:  # type: ignore[attr-defined]
        assert MATCHES(f"outputs/t.{ext}"), ext
        assert MATCHES(f"OUT/T.{ext.upper()}"), ext


def test_outputs_the_old_pattern_missed_and_release_files_match() -> None:
    # documents, logs and JSON are outputs too (the hook once looked at tables and charts only)
    for name in ("notes.md", "report.html", "paper.docx", "results.json", "model.log",
                 "table.tex", "summary.txt", "t.csv.sdc.json", "request.toml",
                 "release/request.toml", "fig.PNG"):
        assert MATCHES(name), name
    for name in ("analysis.py", "pyproject.toml", "myrequest.toml", "t.csv.bak", "Makefile",
                 "model.rds", "data.parquet"):
        assert not MATCHES(name), name
    assert {"md", "html", "docx", "json", "log", "tex", "txt"} <= set(reader_extensions())


def test_every_file_of_the_example_release_is_looked_at() -> None:
    example = PROJECT / "examples" / "heart-study"
    files = [p.relative_to(example).as_posix() for p in example.rglob("*") if p.is_file()]
    assert files and all(MATCHES(name) for name in files), files
