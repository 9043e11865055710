"""Every format that leaves the TRE carries no cell value and no label, whatever its writer does.

The fixture release has distinctive labels and five-digit counts that the policy makes small
(threshold 100000), so each value and label is flagged, with evidence, by SDC101.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.reports import FORMATS_BY_NAME, REGISTERED, ReportOptions, get_reporter
from tests.conftest import write_files

LABELS = ["Zanzibar", "Mombasa", "Quetzal", "Jaguar"]
VALUES = ["48213", "59377", "61529", "73841"]
TABLE = "region,Quetzal,Jaguar\nZanzibar,48213,59377\nMombasa,61529,73841\n"


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> sdc.RunResult:
    root = write_files(tmp_path_factory.mktemp("redact") / "rel", {"by_region.csv": TABLE})
    policy = build_policy({"rules": {"small-count": {"threshold": 100000}}})
    result = sdc.check(root, policy)
    assert {f.rule for f in result.findings} >= {"SDC101"}
    assert {f.location.cell for f in result.findings if f.rule == "SDC101"} == {
        "B2", "C2", "B3", "C3"}
    return result


def _render(fmt: str, result: sdc.RunResult, options: ReportOptions) -> str:
    if FORMATS_BY_NAME[fmt].binary:
        stream: io.BytesIO | io.StringIO = io.BytesIO()
        get_reporter(fmt)(result, stream, options)
        return stream.getvalue().decode("utf-8", "replace")
    text = io.StringIO()
    get_reporter(fmt)(result, text, options)
    return text.getvalue()


LEAVING = [(f.name, f.leaves_tre_in_ci) for f in REGISTERED
           if f.leaves_tre or f.leaves_tre_in_ci]


def test_the_formats_that_leave_the_tre() -> None:
    assert sorted(name for name, _ in LEAVING) == ["github", "junit", "markdown", "sarif", "text"]


@pytest.mark.parametrize(("fmt", "ci"), LEAVING)
def test_no_value_or_label_leaves(fmt: str, ci: bool, result: sdc.RunResult,
                                  tmp_path: Path) -> None:
    options = ReportOptions(ci=ci, inputs=[], output_path=tmp_path / f"report.{fmt}",
                            color=False)
    text = _render(fmt, result, options)
    assert "SDC101" in text
    for secret in LABELS + VALUES:
        assert secret not in text, (fmt, secret)


@pytest.mark.parametrize(("fmt", "ci"), LEAVING)
def test_show_values_lets_them_through(fmt: str, ci: bool, result: sdc.RunResult) -> None:
    text = _render(fmt, result, ReportOptions(ci=ci, show_values=True, color=False))
    assert any(secret in text for secret in VALUES), fmt


def test_formats_that_stay_in_the_tre_keep_values(result: sdc.RunResult) -> None:
    assert "48213" in _render("json", result, ReportOptions())
    assert "Zanzibar" in _render("text", result, ReportOptions(color=False))


def test_redaction_does_not_touch_the_result(result: sdc.RunResult) -> None:
    _render("sarif", result, ReportOptions())
    finding = next(f for f in result.findings if f.location.cell == "B2" and f.rule == "SDC101")
    assert finding.evidence and finding.location.row_label == "Zanzibar"


def _leaky_writer(result: sdc.RunResult, stream: io.StringIO, options: ReportOptions) -> None:
    """A careless new format: writes everything it is given."""
    for out in result.outputs:
        stream.write(f"{out.table!r}\n")
        for f in out.findings:
            stream.write(f"{f.rule} {f.message} {f.evidence} {f.location} {f.related}\n")


def test_a_new_format_cannot_forget_redaction(result: sdc.RunResult,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from sdc.reports import Format

    leaky = Format("leaky", f"{__name__}:_leaky_writer", leaves_tre=True)
    monkeypatch.setitem(FORMATS_BY_NAME, "leaky", leaky)
    text = _render("leaky", result, ReportOptions())
    assert "SDC101" in text
    assert not [s for s in LABELS + VALUES if s in text]
    shown = _render("leaky", result, ReportOptions(show_values=True))
    assert all(s in shown for s in LABELS + VALUES)
