"""A Stata log with a failed command in it (false positives, eighth round). Stata ends a failed
command's output with its return code under the error message (``variable agee not found`` /
``r(111);``); that line was named for a person (SDC602) on every log with an error, the most
common log there is. It is Stata's, not output. A command Stata did not recognize (``command
the is unrecognized``) was no code: a number typed on it is named (``. the 3 patients died``
passed as a command before, a limit written down in docs/reading.md)."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})

TAB = """\
. tab ward

       ward |      Freq.     Percent        Cum.
------------+-----------------------------------
          A |         52       52.00       52.00
          B |         48       48.00      100.00
------------+-----------------------------------
      Total |        100      100.00
"""


def _check(root: Path, text: str) -> tuple[set[tuple[str, str, str | None]], str, str]:
    (root / "t.log").write_text(text)
    result = sdc.check(root, POLICY)
    messages = " ".join(f.message for f in result.findings)
    return findings_of(result), result.status.value, messages


def test_a_log_with_failed_commands_passes(tmp_path: Path) -> None:
    text = (". use cohort, clear\n\n. summarize agee\nvariable agee not found\nr(111);\n\n"
            ". tabb ward\ncommand tabb is unrecognized\nr(199);\n\n" + TAB)
    findings, status, _ = _check(tmp_path, text)
    assert (findings, status) == (set(), "pass")


def test_words_stata_did_not_recognize_are_named(tmp_path: Path) -> None:
    # the 3 was typed at the prompt: Stata says it is no command, so it is no code either
    text = ". the 3 patients died\ncommand the is unrecognized\nr(199);\n\n" + TAB
    findings, status, messages = _check(tmp_path, text)
    assert (findings, status) == ({("SDC602", "t.log", None)}, "review")
    assert "line 1" in messages and "line 3" not in messages
    text = ". the 3 patients died\nunrecognized command:  the\nr(199);\n\n" + TAB  # Stata 8
    findings, status, messages = _check(tmp_path, text)
    assert (findings, status) == ({("SDC602", "t.log", None)}, "review")
    assert "line 1" in messages


def test_a_return_code_without_a_message_is_still_named(tmp_path: Path) -> None:
    # ``r(5);`` alone is no error Stata printed: its number is not understood
    findings, status, messages = _check(tmp_path, ". display 1\nr(5);\n\n" + TAB)
    assert (findings, status) == ({("SDC602", "t.log", None)}, "review")
    assert "line 2" in messages


def test_a_return_code_before_more_output_is_still_named(tmp_path: Path) -> None:
    # the return code ends a failed command's output: one followed by more is not that
    text = ". summarize agee\nvariable agee not found\nr(111);\n12 more\n\n" + TAB
    findings, status, messages = _check(tmp_path, text)
    assert (findings, status) == ({("SDC602", "t.log", None)}, "review")
    assert "lines 3-4" in messages
