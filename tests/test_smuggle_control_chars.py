"""Channel 11: terminal escape sequences in researcher strings (labels, file names, request.toml)
never reach a terminal or CI log raw: they are shown as visible escapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app
from sdc.textsafe import printable

runner = CliRunner()
HIDE = "\x1b[8m"  # "concealed": the rest of the line is invisible in a terminal


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / "t.csv").write_text(
        f"age,n\n18-24{HIDE},3\n25-34,20\n35-44\u202e,25\n", encoding="utf-8")
    (folder / f"x{HIDE}.csv").write_text("age,n\na,3\nb,20\nc,25\n", encoding="utf-8")
    (folder / "request.toml").write_text(
        '[request]\ntitle = "T\\u001b[2J"\n[[outputs]]\npath = "t.csv"\n'
        'justification = "fine\\r\\u001b[8m"\n', encoding="utf-8")
    return folder


def test_printable_escapes_controls_and_bidi() -> None:
    assert printable(f"a{HIDE}b\r\n\t\u202e\u200b\x9b") == \
        "a\\x1b[8mb\\x0d\\x0a\\x09\\u202e\\u200b\\x9b"
    assert printable("alice, Zoë, 18–24") == "alice, Zoë, 18–24"


@pytest.mark.parametrize("fmt", ["text", "github", "markdown", "junit", "sarif", "json"])
def test_no_raw_escape_reaches_any_report(hostile: Path, fmt: str, monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    result = runner.invoke(app, ["check", str(hostile), "--format", fmt, "--show-values"])
    assert result.exit_code == 1, result.output
    for bad in ("\x1b", "\r", "\u202e"):
        assert bad not in result.stdout, (fmt, bad)
    # the file is still named, visibly (markdown escapes the backslash and bracket once more)
    assert "x\\x1b[8m.csv" in result.stdout.replace("\\\\", "\\").replace("\\[", "[")


def test_text_report_shows_the_attempt(hostile: Path, monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    out = runner.invoke(app, ["check", str(hostile)]).stdout
    assert "18-24\\x1b[8m" in out  # the label of the SDC101 cell, escaped


def test_json_keeps_the_escaped_strings(hostile: Path) -> None:
    data = json.loads(runner.invoke(app, ["check", str(hostile), "--format", "json"]).stdout)
    assert data["request"]["title"] == "T\\x1b[2J"
    (t,) = [o for o in data["outputs"] if o["path"] == "t.csv"]
    labels = {f["location"]["row_label"] for f in t["findings"]}
    assert "18-24\\x1b[8m" in labels


def test_request_show_escapes_comments_justifications_and_markup(tmp_path: Path) -> None:
    """``sdc request show`` prints what researchers and reviewers wrote: terminal escapes are
    shown as escapes and rich markup as the brackets it is (it cannot restyle or hide text)."""
    from tests.test_ledger_support import ALL_CSV, VOTE_INPUT, add_checkers, workflow_app

    folder = tmp_path / "req"
    folder.mkdir()
    (folder / "all.csv").write_text(ALL_CSV, encoding="utf-8")
    (folder / "request.toml").write_text(
        '[request]\ntitle = "T [bold red]x[/]"\nauthor = "alice"\n[[outputs]]\n'
        'path = "all.csv"\njustification = "fine\\u001b[8m hidden [link=http://e.x]y[/link]"\n',
        encoding="utf-8")
    ledger = str(tmp_path / "ledger.sqlite")
    wf = workflow_app()

    add_checkers(ledger)

    def run(*args: str) -> str:
        result = runner.invoke(wf, [*args, "--ledger", ledger], input=VOTE_INPUT)
        assert result.exit_code == 0, (result.stdout, result.stderr)
        return result.stdout

    run("request", "submit", str(folder), "--author", "alice")
    run("review", "R-0001", "--reviewer", "bob", "--output", "all.csv", "--comment",
        "ok\x1b[2J [blink]now[/blink]\r")
    run("review", "R-0001", "--reviewer", "bob", "--output", "all.csv", "--decision",
        "approve", "--comment", "seen\x1b[8m")
    run("review", "R-0001", "--reviewer", "carol", "--output", "all.csv", "--decision",
        "approve", "--comment", "[red]approved[/red]\u202e")
    shown = run("request", "show", "R-0001")
    for bad in ("\x1b", "\r", "\u202e"):
        assert bad not in shown, bad
    assert "T [bold red]x[/]" in shown
    assert "justification: fine\\x1b[8m hidden [link=http://e.x]y[/link]" in shown
    assert "bob: ok\\x1b[2J [blink]now[/blink]" in shown  # a comment
    assert "bob: approve — seen\\x1b[8m" in shown  # a vote's comment
    assert "carol: approve — [red]approved[/red]\\u202e" in shown
