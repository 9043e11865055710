"""The JSON report written an output at a time (``json_report.pieces``, issue 14 §3): the
same text as the whole document dumped at once, and no output's dict made before the output
ahead of it is written."""

from __future__ import annotations

import io
import json

import pytest

import sdc
from sdc.policy import build_policy
from sdc.reports import ReportOptions
from sdc.reports.json_report import _default, dumps, json_safe, pieces, write_json
from sdc.results import Finding, Location, OutputResult, PolicyInfo, RunResult, Status


def _whole(result: RunResult, with_evidence: bool = True) -> str:
    return dumps(result.to_dict(with_evidence=with_evidence)) + "\n"


def _written(result: RunResult) -> str:
    stream = io.StringIO()
    write_json(result, stream, ReportOptions())
    return stream.getvalue()


def _finding(path: str, cell: str, evidence: dict, **more: object) -> Finding:
    return Finding("SDC101", "small-count", "count 3 below 10",
                   Location(path, cell=cell, row_label="Zürich / 東京", column_label="n"),
                   evidence, [Location(path, cell="B9")], **more)  # type: ignore[arg-type]


def _result(outputs: list[OutputResult], **more: object) -> RunResult:
    return RunResult("1.0", PolicyInfo("built-in", "default", "ab" * 32, {"threshold": 10}),
                     outputs, **more)  # type: ignore[arg-type]


def _outputs() -> list[OutputResult]:
    declared = _finding("b.csv", "C3", {"count": 3}, status=Status.REVIEW,
                        declaration_kind="structural", declaration="zero by design",
                        status_without_declaration=Status.FAIL)
    return [
        OutputResult("a.csv", None, "table", "0" * 64,
                     [_finding("a.csv", "B2", {"count": 3, "nan": float("nan")}),
                      _finding("a.csv", "B3", {"count": 4, "labels": ["😀"]})]),
        OutputResult("b.csv", None, "table", "1" * 64, [declared], table_number=2,
                     description="ages × sex", justification="needed"),
        OutputResult("c.csv", "Sheet 1", "table", "2" * 64, []),
    ]


def test_pieces_are_the_whole_document():
    result = _result(_outputs(), request={"title": "Étude"}, excluded=[{"path": "x", "by": "y"}],
                     unused_waivers=[{"rule": "SDC101", "cell": "Z9"}])
    text = _written(result)
    assert text == _whole(result)
    assert '"declarations": [' in text and '"outputs": [\n    {\n      "path": "a.csv"' in text
    assert "".join(pieces(result, with_evidence=False)) + "\n" == _whole(result, False)


@pytest.mark.parametrize("count", [0, 1])
def test_none_or_one_output(count):
    result = _result(_outputs()[:count])
    assert _written(result) == _whole(result)


def test_a_checked_release(tmp_path):
    (tmp_path / "t.csv").write_text("group,a,b,Total\nx,3,40,43\ny,50,60,110\n"
                                    "Total,53,100,153\n", encoding="utf-8")
    (tmp_path / "u.csv").write_text("région,n\nÎle,2\nNord,0\nTotal,2\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("nothing here\n", encoding="utf-8")
    result = sdc.check(tmp_path, build_policy({}))
    assert len(result.outputs) == 3 and result.findings
    assert _written(result) == _whole(result)


def test_an_output_orjson_refuses_is_that_outputs_standard_library_text():
    outputs = _outputs()
    outputs[1].findings[0].evidence["huge"] = 2**70
    result = _result(outputs)
    text = _written(result)
    whole = json.dumps(json_safe(result.to_dict()), indent=2, default=_default,
                       allow_nan=False) + "\n"
    assert json.loads(text) == json.loads(whole)
    assert f'"huge": {2**70}' in text and text.isascii()


def test_each_output_written_before_the_next_is_made(monkeypatch):
    """The streaming itself: on the whole-document writer every output's dict was made
    before the first character was written."""
    events: list[str] = []
    made = OutputResult.to_dict

    def spied(self: OutputResult, **kwargs: object) -> dict:
        events.append(f"made {self.path}")
        return made(self, **kwargs)  # type: ignore[arg-type]

    class Stream(io.StringIO):
        def write(self, s: str) -> int:
            for path in ("a.csv", "b.csv", "c.csv"):
                if f'"path": "{path}"' in s:
                    events.append(f"wrote {path}")
            return super().write(s)

    monkeypatch.setattr(OutputResult, "to_dict", spied)
    result = _result(_outputs())
    write_json(result, Stream(), ReportOptions())
    # (the last: the document's tail, whose declarations name b.csv)
    assert events == ["made a.csv", "wrote a.csv", "made b.csv", "wrote b.csv",
                      "made c.csv", "wrote c.csv", "wrote b.csv"]
