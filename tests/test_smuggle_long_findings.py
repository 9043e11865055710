"""A huge file's SDC602 "not understood" finding lists at most 50 places, with the exact count
and "and N more", in every report (issue 12 follow-up: one finding carried ~300k locations)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app
from sdc.rules.files import MAX_NAMED_REFS

runner = CliRunner()
ROWS = 3000


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Counts hidden in 3,000 row labels: each a number no rule checks."""
    folder = tmp_path_factory.mktemp("big")
    lines = ["region,deaths"] + [f"Area {i} ({i % 7 + 3} patients),{30 + i % 50}"
                                 for i in range(ROWS)]
    (folder / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _report(release: Path, fmt: str, tmp_path: Path) -> str:
    target = tmp_path / f"report.{fmt}"
    result = runner.invoke(app, ["check", str(release), "-f", fmt, "-o", str(target)])
    assert result.exit_code == 1, result.output
    return target.read_text(encoding="utf-8")


def test_the_finding_lists_fifty_places_and_counts_them_all(release: Path, tmp_path: Path
                                                            ) -> None:
    report = json.loads(_report(release, "json", tmp_path))
    (finding,) = [f for o in report["outputs"] for f in o["findings"] if f["rule"] == "SDC602"]
    assert len(finding["related"]) == MAX_NAMED_REFS == 50
    assert [loc["cell"] for loc in finding["related"]] == [f"A{r}" for r in range(2, 52)]
    assert finding["evidence"]["count"] == ROWS
    assert finding["evidence"]["more"] == ROWS - 50
    assert len(finding["evidence"]["cells"]) == 50
    assert finding["message"].startswith(f"{ROWS:,} numbers not understood")
    assert finding["message"].endswith(f"A51 and {ROWS - 50:,} more")


def test_every_report_keeps_the_count_and_the_cap(release: Path, tmp_path: Path) -> None:
    sarif = json.loads(_report(release, "sarif", tmp_path))
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "SDC602"]
    assert len(result.get("relatedLocations", [])) == 50
    assert f"and {ROWS - 50:,} more" in result["message"]["text"]
    for fmt in ("junit", "github", "html", "markdown"):
        text = _report(release, fmt, tmp_path)
        assert f"{ROWS:,} numbers not understood" in text, fmt
        assert f"and {ROWS - 50:,} more" in text, fmt
        assert "A52," not in text and "A2999" not in text, fmt
    ET.fromstring(_report(release, "junit", tmp_path))  # still well-formed
    code = runner.invoke(app, ["check", str(release)])
    assert code.exit_code == 1 and f"and {ROWS - 50:,} more" in code.stdout.replace("\n", " ")
