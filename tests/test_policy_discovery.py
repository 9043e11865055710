"""Policy discovery like ruff's (--rules, $SDC_POLICY, sdc.toml / rules.toml / [tool.sdc] walking
up from the working directory) — and never from the outputs being checked."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app

runner = CliRunner()

SMALL = "grp,n\na,3\nb,20\nc,25\n"  # 3 is below the default threshold 10, not below 2
LAX = '[rules.small-count]\nthreshold = 2\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with outputs in ``out/``; the working directory is the project."""
    (tmp_path / "proj" / "out").mkdir(parents=True)
    (tmp_path / "proj" / "out" / "t.csv").write_text(SMALL)
    monkeypatch.chdir(tmp_path / "proj")
    monkeypatch.delenv("SDC_POLICY", raising=False)
    return tmp_path / "proj"


def _json(args: list[str]) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_tool_sdc_in_pyproject_is_the_top_level(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n[tool.sdc.rules.small-count]\nthreshold = 2\n')
    code, data = _json(["out"])
    assert code == 0 and data["status"] == "pass"
    assert data["policy"]["source"] == f"{pyproject.resolve()} [tool.sdc]"
    assert data["policy"]["sha256"] == hashlib.sha256(pyproject.read_bytes()).hexdigest()
    assert "walking up" in data["policy"]["reason"]


@pytest.mark.parametrize("name", ["sdc.toml", "rules.toml"])
def test_sdc_toml_or_rules_toml_found_walking_up(project: Path, monkeypatch, name: str) -> None:
    (project / name).write_text(LAX)
    (project / "work").mkdir()
    monkeypatch.chdir(project / "work")  # one level below the policy file
    code, data = _json(["../out"])
    assert code == 0
    assert data["policy"]["source"] == str((project / name).resolve())


def test_pyproject_without_tool_sdc_is_passed_over(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (project.parent / "rules.toml").write_text(LAX)
    code, data = _json(["out"])
    assert code == 0 and data["policy"]["source"] == str((project.parent / "rules.toml").resolve())


def test_rules_flag_then_env_then_discovery(project: Path, monkeypatch) -> None:
    (project / "rules.toml").write_text('[rules.small-count]\nthreshold = 4\n')  # 3 fails
    env_policy = project.parent / "env.toml"
    env_policy.write_text(LAX)
    flag_policy = project.parent / "flag.toml"
    flag_policy.write_text('[rules.small-count]\nthreshold = 5\n')
    assert _json(["out"])[0] == 1
    monkeypatch.setenv("SDC_POLICY", str(env_policy))
    code, data = _json(["out"])
    assert code == 0 and data["policy"]["reason"] == "given by $SDC_POLICY"
    code, data = _json(["out", "--rules", str(flag_policy)])
    assert code == 1 and data["policy"]["reason"] == "given by --rules"


def test_planted_policy_inside_the_outputs_is_an_output_not_the_policy(project: Path,
                                                                       monkeypatch) -> None:
    """The insider drops a lax rules.toml into the folder and runs the check from inside it."""
    (project / "out" / "rules.toml").write_text(LAX)
    (project / "out" / "sdc.toml").write_text(LAX)
    monkeypatch.chdir(project / "out")
    code, data = _json(["."])
    assert code == 1
    assert data["policy"]["source"] == "built-in"
    assert "inside the checked path" in data["policy"]["reason"]
    by_path = {o["path"]: o for o in data["outputs"]}
    assert by_path["t.csv"]["status"] == "fail"
    assert [f["rule"] for f in by_path["t.csv"]["findings"]] == ["SDC101"]
    for planted in ("rules.toml", "sdc.toml"):
        rules = {f["rule"] for f in by_path[planted]["findings"]}
        assert rules == {"SDC601", "SDC602"}
        (unreadable,) = [f for f in by_path[planted]["findings"] if f["rule"] == "SDC602"]
        assert "never takes its policy from the folder it checks" in unreadable["message"]


def test_walking_up_never_passes_through_the_checked_folder(project: Path, monkeypatch) -> None:
    """A policy above the outputs is not used when the walk would start inside them."""
    (project / "rules.toml").write_text(LAX)
    (project / "out" / "sub").mkdir()
    monkeypatch.chdir(project / "out" / "sub")
    code, data = _json([str(project / "out")])
    assert code == 1 and data["policy"]["source"] == "built-in"


def test_pyproject_with_tool_sdc_among_the_outputs_is_flagged(project: Path) -> None:
    (project / "out" / "pyproject.toml").write_text(
        "[tool.sdc.rules.small-count]\nthreshold = 2\n")
    code, data = _json(["out"])
    assert code == 1 and data["policy"]["source"] == "built-in"
    (flagged,) = [o for o in data["outputs"] if o["path"] == "pyproject.toml"]
    assert "SDC602" in {f["rule"] for f in flagged["findings"]}


@pytest.mark.parametrize("how", ["--rules", "env"])
def test_explicit_policy_inside_the_outputs_is_refused(project: Path, monkeypatch,
                                                      how: str) -> None:
    planted = project / "out" / "rules.toml"
    planted.write_text(LAX)
    args = ["check", "out"]
    if how == "--rules":
        args += ["--rules", str(planted)]
    else:
        monkeypatch.setenv("SDC_POLICY", str(planted))
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "the policy never comes from the outputs" in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_show_policy_says_which_file_and_why(project: Path) -> None:
    (project / "sdc.toml").write_text(LAX)
    result = runner.invoke(app, ["check", "out", "--show-policy"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"policy: {(project / 'sdc.toml').resolve()}"
    assert lines[1].startswith("why: found sdc.toml walking up from the working directory")
    assert lines[2] == "sha256: " + hashlib.sha256((project / "sdc.toml").read_bytes()).hexdigest()


def test_select_ignore_extend_select_like_ruff(project: Path) -> None:
    # numbers of its own: ``x,0 y,20 z,25`` beside t.csv's ``a,3 b,20 c,25`` reads as t.csv
    # re-run with its categories renamed (SDC503 review, round 50's names50), not this test's
    (project / "out" / "z.csv").write_text("age,n\nx,0\ny,40\nz,55\n")

    def rules(*flags: str) -> set[str]:
        _, data = _json(["out", *flags])
        return {f["rule"] for o in data["outputs"] for f in o["findings"]}

    assert rules() == {"SDC101", "SDC102"}
    assert rules("--select", "SDC102") == {"SDC102"}
    assert rules("--select", "SDC102", "--extend-select", "small-count") == {"SDC101", "SDC102"}
    assert rules("--ignore", "SDC101,SDC102") == set()
    _, data = _json(["out", "--select", "SDC102"])
    assert data["policy"]["source"] == "built-in --select SDC102"
    assert data["policy"]["sha256"] != _json(["out"])[1]["policy"]["sha256"]


def test_unknown_selection_is_a_usage_error(project: Path) -> None:
    result = runner.invoke(app, ["check", "out", "--select", "SDC999"])
    assert result.exit_code == 2 and "SDC999" in result.output


def test_every_report_names_the_policy(project: Path, tmp_path: Path) -> None:
    (project / "sdc.toml").write_text(LAX)
    digest = hashlib.sha256((project / "sdc.toml").read_bytes()).hexdigest()
    text = runner.invoke(app, ["check", "out"]).stdout
    assert "sdc.toml" in text and digest[:12] in text
    for ext in ("html", "sarif", "xml", "md"):
        target = tmp_path / f"report.{ext}"
        runner.invoke(app, ["check", "out", "-o", str(target)])
        body = target.read_text(encoding="utf-8")
        assert digest[:12] in body and "sdc.toml" in body, ext


def test_one_file_check_never_takes_the_policy_from_its_release_folder(project: Path,
                                                                       monkeypatch) -> None:
    """pre-commit style: ``sdc check t.csv`` from inside the release folder; the folder's
    planted rules.toml is a sibling output, not the policy."""
    (project / "out" / "rules.toml").write_text(LAX)
    monkeypatch.chdir(project / "out")
    code, data = _json(["t.csv"])
    assert code == 1 and data["policy"]["source"] == "built-in"
