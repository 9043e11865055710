"""``sdc.reports.json_text`` writes, by orjson, what the standard library writes: the SARIF log
is the same byte for byte as ``json.dump(json_safe(log), indent=2, default=json_default)``."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import numpy as np
import pytest

import sdc
from sdc.reports import ReportOptions, get_reporter
from sdc.reports.common import json_default
from sdc.reports.json_report import json_safe
from sdc.reports.json_text import Unusual, dumps, prepared, stdlib_dumps


def stdlib(data: object) -> str:
    return json.dumps(json_safe(data), indent=2, default=json_default, allow_nan=False)


FLOATS = [1e-5, 1.5e-05, 1e-7, 0.1, 1e16, 1.5e300, 5e-324, -0.0, 1.0, 2.5e15, 123456.789,
          float("nan"), float("inf"), float("-inf"), np.float64(2.5e-6), np.float32(0.25)]
TEXTS = ["Zürich", "東京", "emoji 😀", 'quote " and \\ backslash', "tab\tnewline\n", "del\x7f",
         "\x00\x1f", "\u2028\u2029", "−3", "", "/slash", "\ud7ff\ue000"]


def test_floats_and_texts_are_written_as_the_standard_library_writes_them() -> None:
    data = {"floats": FLOATS, "texts": TEXTS, "nested": [[{"x": 1e-5, "y": []}], {}],
            "numpy": [np.int64(7), np.bool_(True), np.int32(-3)], "none": None,
            "bools": [True, False], "tuple": (1, 2.5e-8), "set": {3, 1}}
    assert dumps(prepared(data)) == stdlib(data)


def test_random_documents_match(tmp_path: Path) -> None:
    rng = random.Random(32)

    def value(depth: int) -> object:
        kind = rng.randrange(8 if depth < 4 else 5)
        if kind == 0:
            return rng.choice(FLOATS[:11]) * rng.choice([1, -1, 1e-3, 1e9])
        if kind == 1:
            return rng.randint(-(2**63), 2**63 - 1)
        if kind == 2:
            return "".join(rng.choice(TEXTS) for _ in range(rng.randrange(3)))
        if kind == 3:
            return rng.choice([None, True, False])
        if kind == 4:
            return rng.random() * 10 ** rng.randint(-12, 20)
        if kind == 5:
            return [value(depth + 1) for _ in range(rng.randrange(4))]
        if kind == 6:
            return tuple(value(depth + 1) for _ in range(rng.randrange(3)))
        return {f"k{i}{rng.choice(TEXTS)}": value(depth + 1) for i in range(rng.randrange(4))}

    for _ in range(300):
        data = value(0)
        assert dumps(prepared(data)) == stdlib(data)


@pytest.mark.parametrize("data", [
    {"huge": 2**70},  # beyond 64 bits: orjson refuses it
    {1: "an integer key"},  # converted by the standard library
    {"set": {float("nan")}},  # NaN json_safe does not reach: the standard library refuses it
])
def test_what_orjson_would_write_differently_goes_to_the_standard_library(data: dict) -> None:
    with pytest.raises(Unusual):
        dumps(prepared(data))
    try:
        expected: object = stdlib(data)
    except ValueError as exc:
        expected = type(exc)
    try:
        got: object = stdlib_dumps(data)
    except ValueError as exc:
        got = type(exc)
    assert got == expected


def _sarif_of_main(result: sdc.RunResult, options: ReportOptions) -> str:
    """The SARIF text as main wrote it before round 32."""
    from sdc.reports import redact
    from sdc.reports.sarif import build_sarif

    shown = result if options.show_values else redact(result)
    return stdlib(build_sarif(shown, options)) + "\n"


@pytest.mark.parametrize("show", [False, True])
def test_the_sarif_log_is_the_standard_library_s(tmp_path: Path, show: bool) -> None:
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "t.csv").write_text("group,a,b,Total\nZürich,3,40,43\ny,50,60,110\n"
                                  "Total,53,100,153\n", encoding="utf-8")
    (folder / "m.csv").write_text("age,mean,sd\n0-17,0.000012,1e-7\n18+,2.5,3\n",
                                  encoding="utf-8")
    result = sdc.check(folder)
    assert result.findings  # exact findings are other tests' business: here, their text
    options = ReportOptions(show_values=show, inputs=[folder])
    stream = io.StringIO()
    get_reporter("sarif")(result, stream, options)
    assert stream.getvalue() == _sarif_of_main(result, options)


def test_evidence_with_awkward_values_is_written_as_before(tmp_path: Path) -> None:
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "t.csv").write_text("group,a,b\nx,3,40\ny,50,60\n", encoding="utf-8")
    result = sdc.check(folder)
    finding = result.findings[0]
    for evidence in ({"small": 1.5e-05, "np": np.float32(0.1), "nan": float("nan"),
                      "set": {2, 1}, "tuple": (1e-9,), "object": Path("x")},
                     {"huge": 2**80},  # the standard library's way, through the fallback
                     {3: "integer key"}):
        finding.evidence = evidence
        options = ReportOptions(show_values=True, inputs=[folder])
        stream = io.StringIO()
        get_reporter("sarif")(result, stream, options)
        assert stream.getvalue() == _sarif_of_main(result, options)


def test_a_log_without_results_is_written_as_before(tmp_path: Path) -> None:
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "t.csv").write_text("group,a,b\nx,30,40\ny,50,60\n", encoding="utf-8")
    result = sdc.check(folder)
    assert not result.findings
    options = ReportOptions(inputs=[folder])
    stream = io.StringIO()
    get_reporter("sarif")(result, stream, options)
    assert stream.getvalue() == _sarif_of_main(result, options)
    assert '"results": [],' in stream.getvalue()
