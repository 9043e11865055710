"""The JSON report is written by orjson; it must say what the standard library would."""

from __future__ import annotations

import json

import numpy as np

import sdc
from sdc.reports.json_report import _default, dumps, json_safe


def stdlib(data: object) -> str:
    return json.dumps(json_safe(data), indent=2, default=_default, allow_nan=False)


AWKWARD = {
    "nan": float("nan"), "inf": float("inf"), "ninf": float("-inf"),
    "numpy": [np.int64(7), np.float64(2.5), np.float64(np.nan), np.bool_(True)],
    "labels": ["Zürich", "東京", "emoji 😀", 'quote " and \\ backslash', "tab\tnewline\n"],
    "nested": {"tuple": (1, 2), "set": {3}, "none": None, "deep": [[{"x": 1e-5}]]},
    "keys": {1: "int key"},
    "small": 1e-300, "big": 1.5e300, "neg": -0.0,
}


def test_same_document_as_the_standard_library():
    text = dumps(AWKWARD)
    assert json.loads(text) == json.loads(stdlib(AWKWARD))
    assert text.isascii()  # non-ASCII escaped as \uXXXX, like json.dumps by default
    assert "\\u00fc" in text and "\\ud83d\\ude00" in text  # ü, and 😀 as a surrogate pair
    assert '\n  "nan": null,' in text  # indented by two, NaN as null


def test_integers_beyond_64_bits_fall_back_to_the_standard_library():
    data = {"huge": 2**70, "nan": float("nan")}
    assert dumps(data) == stdlib(data)


def test_report_of_a_check_round_trips(tmp_path):
    (tmp_path / "t.csv").write_text("group,a,b,Total\nx,3,40,43\ny,50,60,110\n"
                                    "Total,53,100,153\n", encoding="utf-8")
    result = sdc.check(tmp_path)
    text = dumps(result.to_dict(with_evidence=True))
    assert json.loads(text) == json.loads(stdlib(result.to_dict(with_evidence=True)))
    assert json.loads(text)["status"] == "fail"
