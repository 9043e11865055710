"""ACRO / SACRO-Viewer folders: layout, checksums, cell positions, and reading them back."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.acro_input import acro_control_files, load_acro_folder
from sdc.reports import ReportOptions, get_reporter
from sdc.reports.acro import check_name
from tests.conftest import write_files

TABLE = "age,female,male\n18-24,7,4321\n25-34,40,28\n"
# the keys ACRO 1.0.2's load_records reads from each record
ACRO_RECORD_KEYS = {"uid", "status", "type", "properties", "files", "outcome", "command",
                    "summary", "timestamp", "comments", "exception", "fair"}


def _check(root: Path, files: dict) -> sdc.RunResult:
    write_files(root, files)
    return sdc.check(root, build_policy({}))


@pytest.fixture
def release(tmp_path: Path) -> sdc.RunResult:
    return _check(tmp_path / "rel", {
        "tables/t.csv": TABLE,
        "titled.csv": "Table 1: admissions\nage,female,male\n18-24,12,3\n25-34,40,28\n",
        "wb.xlsx": {"sheets": [{"title": "Ages", "rows": [["age", "n"], ["18-24", 4],
                                                          ["25-34", 30], ["35-44", 35]]}]},
        "notes.txt": "free text\n",
        "request.toml": '[[outputs]]\npath = "tables/t.csv"\ndescription = "by age"\n'
                        'justification = "the 7 is a structural count"\n',
    })


def _write(result: sdc.RunResult, target: Path, **options) -> dict:
    get_reporter("acro")(result, io.StringIO(), ReportOptions(output_path=target, **options))
    folder = target.parent if target.suffix == ".json" else target
    return json.loads((folder / "results.json").read_text(encoding="utf-8"))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_folder_layout_matches_acro(release: sdc.RunResult, tmp_path: Path) -> None:
    out = tmp_path / "acro"
    data = _write(release, out)
    assert data["version"] == "1.0.2"
    assert data["tool"]["name"] == "sdc"
    assert set(data["results"]) == {"tables/t.csv", "titled.csv", "wb.xlsx [Ages]", "notes.txt"}
    for uid, record in data["results"].items():
        assert set(record) >= ACRO_RECORD_KEYS
        assert record["uid"] == uid
        for filedata in record["files"]:  # SACRO-Viewer: files non-empty, each with a name
            assert (out / filedata["name"]).is_file()
            checksum = out / "checksums" / f"{filedata['name']}.txt"
            assert checksum.read_text(encoding="utf-8") == _sha(out / filedata["name"])
    assert (out / "checksums" / "results.json.txt").read_text() == _sha(out / "results.json")
    record = data["results"]["tables/t.csv"]
    assert record["status"] == "fail" and record["type"] == "table"
    assert record["comments"] == ["by age"]
    assert record["exception"] == "the 7 is a structural count"
    assert record["summary"].startswith("fail; threshold: 1 cells may need suppressing; ")
    assert data["results"]["notes.txt"]["type"] == "custom"
    assert data["results"]["notes.txt"]["files"][0]["sdc"] == {
        "summary": {"suppressed": False, "unreadable-output": 1},
        "cells": {"unreadable-output": []}}


def test_cells_are_data_row_and_value_column_indexes(release: sdc.RunResult,
                                                     tmp_path: Path) -> None:
    data = _write(release, tmp_path / "acro")
    sdc_t = data["results"]["tables/t.csv"]["files"][0]["sdc"]
    assert sdc_t["cells"]["threshold"] == [[0, 0]]  # B2: first data row, first value column
    assert sdc_t["summary"]["threshold"] == 1
    assert {"p-ratio", "nk-rule", "negative", "missing"} <= set(sdc_t["cells"])
    assert sdc_t["cells"]["group-disclosure"]  # sdc-only checks keep their own name
    titled = data["results"]["titled.csv"]["files"][0]["sdc"]
    assert titled["cells"]["threshold"] == [[0, 1]]  # C3 under a title line
    outcome = data["results"]["tables/t.csv"]["outcome"]
    assert outcome["female"]["18-24"] == "threshold; "
    assert outcome["male"]["25-34"] == "ok"
    sheet = data["results"]["wb.xlsx [Ages]"]
    assert sheet["properties"]["sheet"] == "Ages"
    assert sheet["files"][0]["sdc"]["cells"]["threshold"] == [[0, 0]]


def test_check_names() -> None:
    assert [check_name(c, n) for c, n in [("SDC101", "small-count"), ("SDC201", "nk-dominance"),
                                         ("SDC202", "p-percent"), ("SDC102", "zero-count")]] == [
        "threshold", "nk-rule", "p-ratio", "zero-count"]


def _without_timestamps(data: object) -> object:
    """``data`` with every ``timestamp`` emptied: the clock's digits (``20:04:32.143210``)
    may spell the value looked for, so the test read the time of day."""
    if isinstance(data, dict):
        return {k: "" if k == "timestamp" else _without_timestamps(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_without_timestamps(v) for v in data]
    return data


# the value as a number (``4321``, ``4321.0``), not four digits inside a hex digest: a
# checksum of a file holding the run's date (``1ed03604a64321829…``) spelled it once
_VALUE = re.compile(r"(?<![0-9A-Za-z])4321(?![0-9A-Za-z])")


def test_no_values_unless_asked(release: sdc.RunResult, tmp_path: Path) -> None:
    text = json.dumps(_without_timestamps(_write(release, tmp_path / "a")))
    assert not _VALUE.search(text) and "evidence" not in text
    assert _VALUE.search(json.dumps(_write(release, tmp_path / "b", show_values=True)))


def test_results_json_path_names_the_folder(release: sdc.RunResult, tmp_path: Path) -> None:
    _write(release, tmp_path / "dir" / "results.json")
    assert (tmp_path / "dir" / "checksums" / "tables" / "t.csv.txt").is_file()


def test_without_output_path_writes_json_to_the_stream(release: sdc.RunResult) -> None:
    stream = io.StringIO()
    get_reporter("acro")(release, stream, ReportOptions())
    assert set(json.loads(stream.getvalue())["results"]) >= {"tables/t.csv"}


def test_round_trip_through_the_reader(release: sdc.RunResult, tmp_path: Path) -> None:
    out = tmp_path / "acro"
    _write(release, out)
    entries = load_acro_folder(out)
    assert set(entries) == {"tables/t.csv", "titled.csv", "wb.xlsx", "notes.txt"}
    t = entries["tables/t.csv"]
    assert t["comments"] == ["by age"]
    assert t["exception"] == "the 7 is a structural count"
    assert t["uids"] == ["tables/t.csv"] and t["status"] == "fail"
    assert t["checksum_valid"] is True
    (out / "tables" / "t.csv").write_text(TABLE.replace("40", "41"), encoding="utf-8")
    assert load_acro_folder(out)["tables/t.csv"]["checksum_valid"] is False
    assert acro_control_files(out) == {
        "results.json", "checksums/results.json.txt", "checksums/tables/t.csv.txt",
        "checksums/titled.csv.txt", "checksums/wb.xlsx.txt", "checksums/notes.txt.txt"}


def test_reader_takes_an_acro_made_folder(tmp_path: Path) -> None:
    """A folder as ACRO 1.0.2's finalise writes it (uids output_N, files output_N_0.csv)."""
    folder = tmp_path / "outputs"
    (folder / "checksums").mkdir(parents=True)
    (folder / "output_0_0.csv").write_text(",a,b\nx,1,20\n", encoding="utf-8")
    (folder / "checksums" / "output_0_0.csv.txt").write_text(
        _sha(folder / "output_0_0.csv"), encoding="utf-8")
    record = {"uid": "output_0", "status": "fail", "type": "table", "properties": {},
              "files": [{"name": "output_0_0.csv", "sdc": {"summary": {"threshold": 1},
                                                          "cells": {"threshold": [[0, 0]]}}},
                        {"name": "../../etc/passwd", "sdc": {}}],
              "outcome": {}, "command": "acro.crosstab(...)", "summary": "fail; threshold",
              "timestamp": "2024-01-01T00:00:00", "comments": ["first", "second"],
              "exception": "rare disease, agreed with the TRE", "fair": {}}
    twice = dict(record, uid="output_1", comments=["second", "third"], exception="")
    (folder / "results.json").write_text(json.dumps({
        "version": "1.0.2", "tool": {"name": "ACRO"},
        "results": {"output_0": record, "output_1": twice}}), encoding="utf-8")
    entries = load_acro_folder(folder)
    assert set(entries) == {"output_0_0.csv"}
    entry = entries["output_0_0.csv"]
    assert entry["uids"] == ["output_0", "output_1"]
    assert entry["comments"] == ["first", "second", "third"]
    assert entry["exception"] == "rare disease, agreed with the TRE"
    assert entry["checksum_valid"] is True


@pytest.mark.parametrize("content", [
    None, "not json", "[]", '{"results": {}}', '{"version": "1", "results": []}',
    '{"version": "1", "results": {"a": {"files": []}}}',
    '{"version": "1", "results": {"a": {"notfiles": 1}}}',
])
def test_reader_ignores_folders_that_are_not_acro(tmp_path: Path, content: str | None) -> None:
    if content is not None:
        (tmp_path / "results.json").write_text(content, encoding="utf-8")
    assert load_acro_folder(tmp_path) is None
    assert acro_control_files(tmp_path) == set()
