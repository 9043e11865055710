"""NHS numbers in a plain-text document's prose (issue 11 item 5, residual b).

A ``.txt`` of notes is a person's to read (SDC602 ``review``), but an NHS number written in
it, with spaces, dots, dashes or a prefix, is SDC604 ``fail`` at its line; a 10-digit number
whose mod-11 check digit is wrong is no NHS number (the document stays ``review``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})


def _check(tmp_path: Path, name: str, text: str) -> sdc.RunResult:
    root = tmp_path / "release"
    root.mkdir()
    (root / name).write_text(text, encoding="utf-8")
    return sdc.check(root, POLICY)


def _identifier_lines(result: sdc.RunResult) -> list[str]:
    return sorted(str(f.evidence["where"]) for f in result.findings if f.rule == "SDC604")


@pytest.mark.parametrize("written", ["NHS: 943 476 5919", "pt 4010232137", "450.557.7104",
                                     "943-476-5919", "(NHS no. 9434765919)"])
@pytest.mark.parametrize("name", ["notes.txt", "notes.rtf"])
def test_nhs_number_in_prose_fails_at_its_line(tmp_path: Path, written: str, name: str) -> None:
    text = f"Notes for the checker\n\nOne patient was excluded: {written}, no consent.\n"
    result = _check(tmp_path, name, text)
    assert _identifier_lines(result) == ["line 3"]
    # .rtf is also outside the default allow-list (SDC601)
    assert {f.rule for f in result.findings} - {"SDC601"} == {"SDC602", "SDC604"}
    assert result.status.value == "fail"


@pytest.mark.parametrize("written", ["4010232138", "943 476 5918", "450.557.7105"])
def test_ten_digits_failing_the_check_digit_are_no_identifier(tmp_path: Path,
                                                              written: str) -> None:
    result = _check(tmp_path, "notes.txt", f"Reference {written} in the audit trail.\n")
    assert {f.rule for f in result.findings} == {"SDC602"}
    assert result.status.value == "review"  # a person still reads the document

