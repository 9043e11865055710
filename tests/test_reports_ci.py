"""CI formats (SARIF, JUnit, GitHub, Markdown): structure, locations, and no values leaking."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

import sdc
from sdc.policy import build_policy
from sdc.reports import ReportOptions, get_reporter
from sdc.reports.github import ANNOTATION_LIMIT, escape_data, escape_property
from sdc.reports.markdown import md_escape
from tests.conftest import write_files

# Official OASIS SARIF 2.1.0 schema (errata01), vendored: see tests/data/README.md.
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

# 7 is the small count; 4321 and its totals (4328, 4361, 4389) appear only in private text.
TABLE = "age,female,male\n18-24,7,4321\n25-34,40,28\n"
PRIVATE = ("4321", "4328", "4361", "4389", "count 7")


def _check(root: Path, files: dict, policy: dict | None = None) -> sdc.RunResult:
    write_files(root, files)
    return sdc.check(root, build_policy(policy or {}))


def _render(fmt: str, result: sdc.RunResult, **options) -> str:
    stream = io.StringIO()
    get_reporter(fmt)(result, stream, ReportOptions(**options))
    return stream.getvalue()


@pytest.fixture
def release(tmp_path: Path) -> sdc.RunResult:
    return _check(tmp_path / "rel", {
        "t.csv": TABLE,
        "wb.xlsx": {"sheets": [{"title": "Ages", "rows": [["age", "n"], ["18-24", 4],
                                                          ["25-34", 60]]}]},
        "notes.txt": "free text\n",
    })


def _lone_seven(text: str) -> bool:
    return re.search(r"(?<![\w.])7(?![\w.%])", text) is not None


# SARIF ------------------------------------------------------------------------------------

def test_sarif_validates_against_the_official_schema(release: sdc.RunResult) -> None:
    log = json.loads(_render("sarif", release))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    log_values = json.loads(_render("sarif", release, show_values=True))
    jsonschema.Draft4Validator(schema).validate(log_values)
    assert log["version"] == "2.1.0"


def test_sarif_small_count_at_its_line_and_column(release: sdc.RunResult) -> None:
    run = json.loads(_render("sarif", release))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    rule = next(r for r in rules if r["id"] == "SDC101")
    assert rule["name"] == "small-count"
    assert rule["defaultConfiguration"] == {"level": "error", "enabled": True}
    assert rule["help"]["text"].startswith("Flags a count")
    csv_hits = [r for r in run["results"] if r["ruleId"] == "SDC101"
                and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "t.csv"]
    (hit,) = csv_hits
    assert hit["level"] == "error"
    assert rules[hit["ruleIndex"]]["id"] == "SDC101"
    assert hit["locations"][0]["physicalLocation"]["region"] == {"startLine": 2,
                                                                  "startColumn": 2}
    assert hit["message"]["text"] == "count is below the threshold 10"


def test_sarif_workbook_cells_are_logical_locations(release: sdc.RunResult) -> None:
    run = json.loads(_render("sarif", release))["runs"][0]
    (hit,) = [r for r in run["results"] if r["ruleId"] == "SDC101"
              and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "wb.xlsx"]
    location = hit["locations"][0]
    assert "region" not in location["physicalLocation"]
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "Ages!B2"
    assert location["properties"] == {"sheet": "Ages", "cell": "B2"}
    review = [r for r in run["results"] if r["ruleId"] == "SDC602"]
    assert review and all(r["level"] == "warning" for r in review)
    hashes = {a["location"]["uri"]: a["hashes"]["sha-256"] for a in run["artifacts"]}
    assert hashes["t.csv"] == next(o.sha256 for o in release.outputs if o.path == "t.csv")


def test_sarif_uri_is_percent_encoded(tmp_path: Path) -> None:
    result = _check(tmp_path / "r", {"my tables/a b.csv": TABLE})
    run = json.loads(_render("sarif", result))["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]}
    assert uris == {"my%20tables/a%20b.csv"}


def test_sarif_has_no_values_unless_asked(release: sdc.RunResult) -> None:
    run = json.loads(_render("sarif", release))["runs"][0]
    text = json.dumps(run["results"])
    for private in PRIVATE:
        assert private not in text
    assert not _lone_seven(text)
    assert "evidence" not in text and "rowLabel" not in text
    shown = json.dumps(json.loads(_render("sarif", release, show_values=True))["runs"][0]
                       ["results"])
    assert "count 7 is below the threshold 10" in shown
    assert '"evidence"' in shown and "4321" in shown


# JUnit ------------------------------------------------------------------------------------

def test_junit_one_suite_one_case_per_output(release: sdc.RunResult) -> None:
    root = ET.fromstring(_render("junit", release))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"t.csv", "wb.xlsx [Ages]", "notes.txt"}
    assert suite.get("tests") == "3"
    failure = cases["t.csv"].find("failure")
    assert failure is not None and failure.get("type") == "fail"
    assert "SDC101 small-count B2" in failure.get("message")
    assert "fail SDC101 small-count B2: count is below the threshold 10" in failure.text
    assert cases["wb.xlsx [Ages]"].get("classname") == "wb.xlsx"
    # review only: skipped (a person must look) under the default --fail-on fail
    review = cases["notes.txt"]
    assert review.find("failure") is None
    assert review.find("skipped").get("message").startswith("needs review: 1 findings: SDC602")
    assert suite.get("failures") == "2" and suite.get("skipped") == "1"


def test_junit_review_fails_under_fail_on_review(release: sdc.RunResult) -> None:
    root = ET.fromstring(_render("junit", release, fail_on="review"))
    case = next(c for c in root.iter("testcase") if c.get("name") == "notes.txt")
    assert case.find("failure").get("type") == "review"
    assert case.find("skipped") is None


def test_junit_has_no_values_and_survives_control_characters(tmp_path: Path) -> None:
    result = _check(tmp_path / "r", {"t.csv": TABLE.replace("age", "a\x01ge")})
    text = _render("junit", result)
    ET.fromstring(text)  # still well-formed XML
    for private in PRIVATE:
        assert private not in text
    assert not _lone_seven(text)
    assert "count 7 is below" in _render("junit", result, show_values=True)


# GitHub -----------------------------------------------------------------------------------

def test_github_escaping_rules() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations(release: sdc.RunResult, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    lines = _render("github", release).splitlines()
    assert ("::error file=t.csv,line=2,col=2,title=SDC101 small-count::"
            "t.csv!B2: count is below the threshold 10") in lines
    assert ("::error file=wb.xlsx,title=SDC101 small-count::"
            "wb.xlsx [Ages]!B2: count is below the threshold 10") in lines
    assert any(line.startswith("::warning file=notes.txt,title=SDC602 unreadable-output::")
               for line in lines)
    text = "\n".join(lines)
    for private in PRIVATE:
        assert private not in text
    assert not _lone_seven(text)


def test_github_file_is_relative_to_the_workspace(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    result = _check(tmp_path / "outputs", {"t.csv": TABLE})
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    assert "::error file=outputs/t.csv,line=2,col=2," in _render("github", result)


def test_github_caps_annotations_and_says_how_many_were_left_out(tmp_path: Path) -> None:
    rows = "".join(f"g{i},{i % 9 + 1},50\n" for i in range(14))
    result = _check(tmp_path / "r", {"many.csv": "grp,a,b\n" + rows, "x.md": "n\n",
                                     "y.md": "n\n"})
    n_fail = sum(f.status is sdc.Status.FAIL for f in result.findings)
    n_review = sum(f.status is sdc.Status.REVIEW for f in result.findings)
    assert n_fail > ANNOTATION_LIMIT
    lines = _render("github", result).splitlines()
    errors = [x for x in lines if x.startswith("::error")]
    warnings = [x for x in lines if x.startswith("::warning")]
    assert len(errors) == ANNOTATION_LIMIT
    assert len(warnings) == min(n_review, ANNOTATION_LIMIT)
    omitted = n_fail - ANNOTATION_LIMIT + max(0, n_review - ANNOTATION_LIMIT)
    (notice,) = [x for x in lines if x.startswith("::notice")]
    assert f"::{omitted} more findings were not annotated" in notice


def test_github_file_name_cannot_inject_commands(tmp_path: Path) -> None:
    result = _check(tmp_path / "r", {"a,b:c\n::warning::pwned.csv": TABLE})
    lines = _render("github", result).splitlines()
    assert not any(line.startswith("::warning::pwned") for line in lines)
    # the newline is shown as a visible escape (sdc.textsafe), then property-encoded
    assert any("file=a%2Cb%3Ac\\x0a%3A%3Awarning%3A%3Apwned.csv" in line for line in lines)


def test_github_appends_the_step_summary(release: sdc.RunResult, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _render("github", release)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n# sdc: ")
    assert "| fail | SDC101 small-count | t.csv | B2 | count is below the threshold 10 |" in text


# Markdown ---------------------------------------------------------------------------------

def test_markdown_summary(release: sdc.RunResult) -> None:
    text = _render("markdown", release)
    assert text.startswith("# sdc: ❌ FAIL\n")
    assert "**3 outputs**: 0 pass, 1 review, 2 fail; " in text
    assert "| ❌ fail | wb.xlsx \\[Ages\\] | frequency | 2 |" in text
    assert "| fail | SDC101 small-count | t.csv | B2 | count is below the threshold 10 |" in text
    for private in PRIVATE:
        assert private not in text
    assert not _lone_seven(text)
    shown = _render("markdown", release, show_values=True)
    assert "count 7 is below the threshold 10" in shown
    assert "| B2 \\(18-24 / female\\) |" in shown


def test_markdown_escapes_researcher_text(tmp_path: Path) -> None:
    result = _check(tmp_path / "r", {"![x](http:||evil)<img src=y>|.csv": TABLE})
    text = _render("markdown", result)
    assert "<img" not in text and "![x](" not in text
    assert md_escape("a|b<c>") == "a\\|b&lt;c&gt;"
