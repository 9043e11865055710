"""The command line: exit codes, formats, --fail-on, rules listing, usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app
from tests.conftest import write_files

runner = CliRunner()


@pytest.fixture
def release(tmp_path: Path) -> Path:
    return write_files(tmp_path / "rel", {
        "safe.csv": "grp,n\na,12\nb,25\n",
        "small.csv": "age,Female,Male,Other\n18-24,3,25,30\n25-34,12,14,20\n35-44,15,16,22\n",
    })


def test_exit_1_on_fail_and_json_matches_contract(release: Path) -> None:
    result = runner.invoke(app, ["check", str(release), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "sdc.result/1"
    assert data["tool"] == {"name": "sdc", "version": "0.1.0"}
    assert set(data["policy"]) == {"source", "profile", "sha256", "params", "reason"}
    assert data["status"] == "fail"
    assert data["summary"] == {"outputs": 2, "pass": 1, "review": 0, "fail": 1, "findings": 1}
    out = {o["path"]: o for o in data["outputs"]}
    assert set(out["safe.csv"]) == {"path", "sheet", "kind", "sha256", "status", "findings"}
    (finding,) = out["small.csv"]["findings"]
    assert finding == {
        "rule": "SDC101", "name": "small-count", "status": "fail",
        "message": "count 3 is below the threshold 10",
        "location": {"path": "small.csv", "sheet": None, "cell": "B2", "row_label": "18-24",
                     "column_label": "Female"},
        "related": [], "evidence": {"count": 3.0, "threshold": 10},
    }


def test_exit_0_when_clean(tmp_path: Path) -> None:
    root = write_files(tmp_path / "r", {"safe.csv": "grp,n\na,12\nb,25\n"})
    assert runner.invoke(app, ["check", str(root)]).exit_code == 0


def test_review_stops_the_gate_by_default(tmp_path: Path) -> None:
    # notes.txt is a document sdc cannot assess: review, which the default --fail-on treats as
    # a stop; --fail-on fail lets review through for those who choose it
    root = write_files(tmp_path / "r", {"safe.csv": "grp,n\na,12\nb,25\n", "notes.txt": "hi\n"})
    default = runner.invoke(app, ["check", str(root), "-f", "json"])
    assert default.exit_code == 1
    assert json.loads(default.stdout)["summary"]["review"] == 1
    assert runner.invoke(app, ["check", str(root), "--fail-on", "review"]).exit_code == 1
    assert runner.invoke(app, ["check", str(root), "--fail-on", "fail"]).exit_code == 0


def test_no_outputs_is_a_usage_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["check", str(empty)])
    assert result.exit_code == 2
    assert "no outputs found under" in result.stderr and "Traceback" not in result.output
    # only an input to the check (a request without outputs): still nothing to check
    inputs = write_files(tmp_path / "inputs", {"request.toml": "[request]\ntitle = 't'\n"})
    assert runner.invoke(app, ["check", str(inputs)]).exit_code == 2
    # a sidecar without its table is an orphan: reported, never silently skipped (issue 12)
    write_files(inputs, {"t.csv.sdc.json": "{}"})
    assert runner.invoke(app, ["check", str(inputs)]).exit_code == 1


def test_outputs_declared_but_missing_are_findings(tmp_path: Path) -> None:
    root = write_files(tmp_path / "r", {
        "safe.csv": "grp,n\na,12\nb,25\n",
        "request.toml": '[[outputs]]\npath = "safe.csv"\n[[outputs]]\npath = "gone.csv"\n'
                        '[[outputs]]\npath = "figures/*.png"\n',
    })
    result = runner.invoke(app, ["check", str(root), "-f", "json"])
    assert result.exit_code == 1
    findings = {(o["path"], f["rule"], f["status"], f["message"])
                for o in json.loads(result.stdout)["outputs"] for f in o["findings"]}
    assert findings == {
        ("gone.csv", "SDC602", "review", "declared in request.toml but missing in the release"),
        ("figures/*.png", "SDC602", "review",
         "declared in request.toml but a pattern no file matches in the release"),
    }


@pytest.mark.parametrize("target", ["report.csv", "report", "outdir/"])
def test_output_without_a_known_format_is_a_usage_error(release: Path, tmp_path: Path,
                                                        target: str) -> None:
    path = str(tmp_path / target)
    result = runner.invoke(app, ["check", str(release), "-o", path])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not Path(path).exists()  # nothing half-written under a guessed format


def test_existing_folder_as_output_needs_a_folder_format(release: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    result = runner.invoke(app, ["check", str(release), "-f", "json", "-o", str(folder)])
    assert result.exit_code == 2 and "is a folder" in result.stderr
    acro = runner.invoke(app, ["check", str(release), "-f", "acro", "-o", f"{folder}/"])
    assert acro.exit_code == 1 and (folder / "results.json").is_file()


def test_no_color_and_force_color(release: Path, monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in runner.invoke(app, ["check", str(release)]).stdout
    monkeypatch.setenv("NO_COLOR", "1")  # NO_COLOR wins over FORCE_COLOR
    assert "\x1b[" not in runner.invoke(app, ["check", str(release)]).stdout
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" not in runner.invoke(app, ["check", str(release)]).stdout  # not a TTY


def test_wording_and_warnings_on_stderr(tmp_path: Path) -> None:
    root = write_files(tmp_path / "r", {"safe.csv": "grp,n\na,12\nb,25\n"})
    policy = tmp_path / "p.toml"
    policy.write_text('[[waivers]]\nrule = "SDC101"\npath = "other.csv"\nreason = "agreed"\n')
    result = runner.invoke(app, ["check", str(root), "--rules", str(policy)])
    assert result.exit_code == 0
    assert "PASS: 1 output — 1 pass, 0 review, 0 fail; 0 findings" in result.stdout
    assert "waiver" not in result.stdout
    assert "warning: unused waiver (policy): rule SDC101 at other.csv" in result.stderr
    assert "None" not in result.stderr


def test_ci_formats_count_in_the_singular_too(tmp_path: Path) -> None:
    root = write_files(tmp_path / "r", {"small.csv": "grp,n\na,3\nb,25\nc,30\n"})  # SDC101 only
    github = runner.invoke(app, ["check", str(root), "-f", "github"], env={"CI": "true"})
    assert github.stdout.splitlines()[-1] == (
        "sdc FAIL: 1 output, 0 pass, 0 review, 1 fail; 1 finding")
    markdown = runner.invoke(app, ["check", str(root), "-f", "markdown"]).stdout
    assert "**1 output**: 0 pass, 0 review, 1 fail; 1 finding." in markdown


def test_help_lists_choices_without_type_placeholders() -> None:
    # plain click help (typer's rich help imports markdown-it: a tenth of a second at startup)
    text = " ".join(runner.invoke(app, ["check", "--help"]).stdout.split())  # unwrapped
    assert "<bool>" not in text and "<list" not in text and "<path>" not in text
    for choice in ("sarif", "junit", "github", "opensafely", "essnet", "review"):
        assert choice in text
    assert "[default: review]" in text


def test_output_file_format_from_extension(release: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "result.json"
    result = runner.invoke(app, ["check", str(release), "-o", str(target)])
    assert result.exit_code == 1
    assert json.loads(target.read_text())["status"] == "fail"


def test_text_format_lists_cells(release: Path) -> None:
    result = runner.invoke(app, ["check", str(release)])
    assert "SDC101" in result.stdout and "B2" in result.stdout
    assert "FAIL" in result.stdout


def test_text_in_ci_hides_values_unless_asked(release: Path, monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    hidden = runner.invoke(app, ["check", str(release)]).stdout
    assert "count is below the threshold 10" in hidden and "count 3" not in hidden
    shown = runner.invoke(app, ["check", str(release), "--show-values"]).stdout
    assert "count 3 is below" in shown


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "does-not-exist"], "no such file"),
        (["check", ".", "--format", "yaml"], "yaml"),
        (["check", ".", "--profile", "nope"], "unknown profile"),
        (["rules", "SDC999"], "no rule"),
    ],
)
def test_usage_errors_exit_2_without_traceback(args: list[str], needle: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert needle in result.output
    assert "Traceback" not in result.output


def test_bad_rules_file_names_the_key(release: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[rules.small-count]\nthreshold = -3\n")
    result = runner.invoke(app, ["check", str(release), "--rules", str(bad)])
    assert result.exit_code == 2
    assert "rules.small-count.threshold" in result.output


def test_rules_listing_and_documentation() -> None:
    listing = runner.invoke(app, ["rules"])
    assert listing.exit_code == 0
    for code in ("SDC101", "SDC602", "SDC701"):
        assert code in listing.stdout
    doc = runner.invoke(app, ["rules", "small-count"])
    assert doc.exit_code == 0
    assert "SDC101 small-count" in doc.stdout
    assert "threshold = 10" in doc.stdout
    assert "[rules.small-count]" in doc.stdout
    assert "Example" in doc.stdout


def test_python_api_returns_the_same_result(release: Path) -> None:
    import sdc

    result = sdc.check(release)
    cli = json.loads(runner.invoke(app, ["check", str(release), "-f", "json"]).stdout)
    assert result.to_dict()["outputs"] == cli["outputs"]


def test_python_m_sdc_works() -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "sdc", "--version"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0
    assert proc.stdout.strip() == "sdc 0.1.0"


def test_acro_folder_round_trip(release: Path, tmp_path: Path) -> None:
    out = tmp_path / "acro_out"
    result = runner.invoke(app, ["check", str(release), "--format", "acro", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert (out / "results.json").is_file()
    again = json.loads(runner.invoke(app, ["check", str(out), "-f", "json"]).stdout)
    paths = {o["path"] for o in again["outputs"]}
    assert {"safe.csv", "small.csv"} <= paths
    # ACRO's bookkeeping is checked like any output (issue 12, channel 2); sdc's own passes
    control = [o for o in again["outputs"]
               if o["path"] == "results.json" or o["path"].startswith("checksums/")]
    assert {o["path"] for o in control} >= {"results.json", "checksums/results.json.txt"}
    assert {o["status"] for o in control} == {"pass"}


def test_sarif_from_extension_has_no_values(release: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.sarif.json"
    assert runner.invoke(app, ["check", str(release), "-o", str(target)]).exit_code == 1
    data = json.loads(target.read_text())
    assert data["version"] == "2.1.0"
    assert "count 3" not in target.read_text()
