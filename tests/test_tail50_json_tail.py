"""``sdc check -f json``'s tail (round 50, tail50): the same bytes, made with less work.

The report's non-ASCII characters are escaped by an ASCII encoding with an error handler
(``json_text.ascii_escaped``) instead of a regular expression over the whole text; each
output's part is indented by orjson (``json_report._listed``) instead of a replace of every
newline; each output's status is read once for the run's status and summary (``_Later``).
Each is held to the standard library's text, character for character.
"""

from __future__ import annotations

import io
import json

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdc.reports import ReportOptions
from sdc.reports.json_report import _listed, dumps, write_json
from sdc.reports.json_text import ascii_escaped
from sdc.results import Finding, Location, OutputResult, PolicyInfo, RunResult, Status

# text orjson writes (no lone surrogate), with DEL, controls, quotes and every plane
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@given(TEXT)
def test_escaped_as_the_standard_library_escapes(text: str) -> None:
    raw = orjson.dumps(text).decode("utf-8")
    assert ascii_escaped(raw, delete=True) == json.dumps(text)
    # the result document leaves DEL as orjson writes it (as before: ``[^\x00-\x7f]``)
    assert ascii_escaped(raw, delete=False) == json.dumps(text).replace("\\u007f", "\x7f")


@pytest.mark.parametrize(("text", "expected"), [
    ("ages × sex ≥ 10", "ages \\u00d7 sex \\u2265 10"),
    ("😀é", "\\ud83d\\ude00\\u00e9"),
    ("plain", "plain"),
    ("\x7f", "\\u007f"),
])
def test_escaped_examples(text: str, expected: str) -> None:
    assert ascii_escaped(text, delete=True) == expected


DOCUMENTS = [
    {"path": "a.csv", "findings": [], "sheet": None, "x": {}},
    {"path": "Zürich / 東京", "findings": [{"evidence": {"nan": float("nan"), "big": 2 ** 70,
                                                          "n": [1, 2.5, [], {}]}}]},
    {"status": "pass"},
]


@pytest.mark.parametrize("data", DOCUMENTS)
def test_an_output_listed_is_its_text_indented_two_levels(data: dict) -> None:
    assert _listed(data) == dumps(data).replace("\n", "\n    ")


def _result() -> RunResult:
    def finding(cell: str, status: Status) -> Finding:
        return Finding("SDC101", "small-count", "count 3 below 10 × 2",
                       Location("a.csv", cell=cell, row_label="Zürich"), {"count": 3},
                       [Location("a.csv", cell="B9")], status=status)

    outputs = [OutputResult(f"o{k}.csv", None, "table", "0" * 64,
                            [finding("B2", Status.REVIEW), finding("B3", Status.FAIL)])
               for k in range(3)]
    return RunResult("1.0", PolicyInfo("built-in", "default", "ab" * 32, {"threshold": 10}),
                     outputs)


def test_the_report_is_the_whole_document() -> None:
    result = _result()
    stream = io.StringIO()
    write_json(result, stream, ReportOptions())
    assert stream.getvalue() == json.dumps(json.loads(dumps(result.to_dict())), indent=2) + "\n"
    assert stream.getvalue() == dumps(result.to_dict()) + "\n"


def test_each_outputs_findings_read_twice_not_three_times(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """Once for the run's status and summary, once for its own part (base50: three)."""
    read: list[str] = []
    statuses = OutputResult.finding_statuses

    def counted(self: OutputResult):
        read.append(self.path)
        return statuses(self)

    monkeypatch.setattr(OutputResult, "finding_statuses", counted)
    write_json(_result(), io.StringIO(), ReportOptions())
    assert sorted(read) == sorted(2 * ["o0.csv", "o1.csv", "o2.csv"])
