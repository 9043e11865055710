"""Channel 7 and the rule behind it: request.toml entries are claims. Each is validated (an
invalid one is an SDC602 review naming it and is ignored), none lowers a finding below review,
and every finding a declaration changed is listed in every report."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from sdc.cli import app

runner = CliRunner()
CANCER = "site,Female,Male\nCervix,86,0\nLung,40,41\nColon,30,35\n"


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "req"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _check(folder: Path, *args: str) -> dict:
    result = runner.invoke(app, ["check", str(folder), "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _findings(data: dict, path: str) -> list[tuple[str, str | None, str]]:
    (out,) = [o for o in data["outputs"] if o["path"] == path]
    return [(f["rule"], f["location"]["cell"], f["status"]) for f in out["findings"]]


def test_empty_structural_zero_wildcard_is_rejected(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"t.csv": CANCER, "request.toml":
                                '[[outputs]]\npath = "t.csv"\nstructural_zeros = [{}, "C2"]\n'})
    data = _check(folder)
    (out,) = data["outputs"]
    rejected = [f for f in out["findings"] if f["rule"] == "SDC602"]
    assert len(rejected) == 1 and rejected[0]["status"] == "review"
    assert "structural_zeros[0] = {} names no row or column label" in rejected[0]["message"]
    # the valid claim still applies, as a declaration: review, listed
    assert ("SDC102", "C2", "review") in _findings(data, "t.csv")


def test_empty_wildcard_alone_leaves_the_zero_failing(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"t.csv": CANCER, "request.toml":
                                '[[outputs]]\npath = "*"\nstructural_zeros = [{row = ""}]\n'})
    data = _check(folder)
    assert ("SDC102", "C2", "fail") in _findings(data, "t.csv")
    assert data["status"] == "fail"


def test_declared_structural_zero_is_review_and_listed_in_every_report(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"t.csv": CANCER, "request.toml":
                                '[[outputs]]\npath = "t.csv"\n'
                                'structural_zeros = [{row = "Cervix", column = "Male"}]\n'})
    data = _check(folder)
    assert _findings(data, "t.csv") == [("SDC102", "C2", "review"), ("SDC103", "B2", "review")]
    assert data["declarations"] == [
        {"path": "t.csv", "sheet": None, "cell": "C2", "rule": "SDC102", "kind":
         "structural_zeros", "from": "fail", "to": "review",
         "claim": "structural_zeros[0] = {row = 'Cervix', column = 'Male'}"},
        {"path": "t.csv", "sheet": None, "cell": "B2", "rule": "SDC103", "kind":
         "structural_zeros", "from": "fail", "to": "review",
         "claim": "structural_zeros[0] = {row = 'Cervix', column = 'Male'}"}]
    text = runner.invoke(app, ["check", str(folder)]).stdout
    assert "changed by a declaration in request.toml: 2 finding(s)" in text
    assert "t.csv!C2 SDC102 fail -> review by structural_zeros" in text
    html = tmp_path / "r.html"
    runner.invoke(app, ["check", str(folder), "-o", str(html)])
    assert "Changed by a declaration in request.toml" in html.read_text()
    xlsx = tmp_path / "r.xlsx"
    runner.invoke(app, ["check", str(folder), "-o", str(xlsx)])
    cells = [c.value for row in load_workbook(xlsx)["Summary"].iter_rows() for c in row]
    assert "Changed by a declaration in request.toml" in cells and "structural_zeros" in cells


def test_declarations_in_ci_text_show_no_labels(tmp_path: Path, monkeypatch) -> None:
    folder = _folder(tmp_path, {"t.csv": CANCER, "request.toml":
                                '[[outputs]]\npath = "t.csv"\nstructural_zeros = ["C2"]\n'})
    monkeypatch.setenv("CI", "true")
    text = runner.invoke(app, ["check", str(folder)]).stdout
    assert "t.csv!C2 SDC102 fail -> review by structural_zeros" in text
    assert "structural_zeros[0]" not in text


def test_declared_kind_never_silences_unreadable_output(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"t.csv": CANCER.replace("0\n", "10\n"), "x.dat": "9434765919\n",
                                "y.dat": "1\n", "request.toml":
                                '[[outputs]]\npath = "x.dat"\nkind = "frequency"\n'
                                '[[outputs]]\npath = "y.dat"\nkind = "banana"\n'})
    data = _check(folder, "--ignore", "SDC601")
    assert _findings(data, "x.dat") == [("SDC602", None, "review")]
    assert {o["path"]: o["kind"] for o in data["outputs"]}["x.dat"] == "unknown"
    messages = [f["message"] for o in data["outputs"] if o["path"] == "y.dat"
                for f in o["findings"]]
    assert any("kind = \"banana\" is not a kind sdc knows" in m for m in messages)


def test_population_claim_must_agree_with_the_numbers(tmp_path: Path) -> None:
    """male.csv claims to be a subgroup of all.csv, yet counts more than it."""
    folder = _folder(tmp_path, {
        "all.csv": "condition,n\nHeart failure,25\nStroke,31\n",
        "male.csv": "condition,n\nHeart failure,40\nStroke,20\n",
        "request.toml": '[[outputs]]\npath = "male.csv"\npopulation = { sex = "M" }\n'})
    data = _check(folder)
    messages = [f["message"] for o in data["outputs"] if o["path"] == "male.csv"
                for f in o["findings"] if f["rule"] == "SDC602"]
    assert len(messages) == 1
    assert "claims a subgroup of all.csv" in messages[0]
    assert "does not agree with the numbers" in messages[0]


def test_made_up_population_keys_do_not_silence_differencing(tmp_path: Path) -> None:
    """The same table run twice, each declared a 'different' made-up population."""
    folder = _folder(tmp_path, {
        "run1.csv": "condition,n\nHeart failure,25\nStroke,31\nAsthma,40\n",
        "run2.csv": "condition,n\nHeart failure,27\nStroke,31\nAsthma,40\n",
        "request.toml": '[[outputs]]\npath = "run1.csv"\npopulation = { batch = "a" }\n'
                        '[[outputs]]\npath = "run2.csv"\npopulation = { batch = "b" }\n'})
    data = _check(folder)
    rules = {f["rule"] for o in data["outputs"] for f in o["findings"]}
    assert "SDC503" in rules


def test_request_waiver_is_review_never_pass_and_listed(tmp_path: Path) -> None:
    files = {"t.csv": "age,n\n18-24,3\n25-34,20\n35-44,25\n", "request.toml":
             '[[waivers]]\nrule = "SDC101"\npath = "t.csv"\nreason = "published already"\n'}
    folder = _folder(tmp_path, files)
    data = _check(folder)
    assert _findings(data, "t.csv") == [("SDC101", "B2", "review")]
    assert data["declarations"][0]["kind"] == "waiver"
    assert data["declarations"][0]["from"] == "fail"
    # the policy may refuse request waivers altogether
    policy = tmp_path / "strict.toml"
    policy.write_text("request_waivers = false\n")
    data = _check(folder, "--rules", str(policy))
    assert _findings(data, "t.csv") == [("SDC101", "B2", "fail")]
    assert "declarations" not in data


def test_declarations_listed_in_every_ci_format_without_labels(tmp_path: Path,
                                                               monkeypatch) -> None:
    """Markdown, GitHub, SARIF and JUnit list every finding a declaration changed (rule, cell,
    from -> to, the kind of claim); the claim's text, which quotes labels, only with
    --show-values."""
    folder = _folder(tmp_path, {"t.csv": CANCER, "request.toml":
                                '[[outputs]]\npath = "t.csv"\n'
                                'structural_zeros = [{row = "Cervix", column = "Male"}]\n'})
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)

    def report(fmt: str, *extra: str) -> str:
        result = runner.invoke(app, ["check", str(folder), "--format", fmt, *extra])
        assert result.exit_code in (0, 1), result.output
        return result.stdout

    md = report("markdown")
    assert "## Changed by a declaration in request.toml" in md
    assert "| t.csv | C2 | SDC102 | fail | review | structural\\_zeros |" in md
    assert "| t.csv | B2 | SDC103 | fail | review | structural\\_zeros |" in md
    assert "Cervix" not in md
    assert "Cervix" in report("markdown", "--show-values")

    gh = report("github")
    assert "changed by a declaration in request.toml: structural_zeros, fail -> review" in gh
    assert "::notice title=sdc%3A 2 finding(s) changed by a declaration in request.toml::" in gh
    assert "t.csv!C2 SDC102 fail -> review by structural_zeros" in gh
    assert "Cervix" not in gh

    sarif = json.loads(report("sarif"))
    run = sarif["runs"][0]
    assert [(d["rule"], d["cell"], d["from"], d["to"], d["kind"])
            for d in run["properties"]["declarations"]] == [
        ("SDC102", "C2", "fail", "review", "structural_zeros"),
        ("SDC103", "B2", "fail", "review", "structural_zeros")]
    declared = {r["locations"][0]["properties"]["cell"]: r["properties"]["declaration"]
                for r in run["results"] if "declaration" in r["properties"]}
    assert declared == {"C2": {"kind": "structural_zeros", "from": "fail", "to": "review"},
                        "B2": {"kind": "structural_zeros", "from": "fail", "to": "review"}}
    assert "Cervix" not in json.dumps(sarif)
    shown = json.loads(report("sarif", "--show-values"))["runs"][0]["properties"]
    assert shown["declarations"][0]["claim"] == (
        "structural_zeros[0] = {row = 'Cervix', column = 'Male'}")

    junit = report("junit")
    assert '<property name="declarations" value="2" />' in junit
    assert "t.csv!C2 SDC102 fail -&gt; review by structural_zeros" in junit
    assert ("review SDC102 zero-count C2: zero count declared structural in request.toml: a "
            "person must confirm the combination is impossible (changed by a declaration in "
            "request.toml: structural_zeros, fail -&gt; review)") in junit
    assert "Cervix" not in junit
