"""The snapshot's names (issue 12, hunt round 18): two files of a request folder that ``sdc``
names alike, and a request.toml nested past what its parser can read.

``request submit`` stores each file under the name ``sdc check`` reports: control and invisible
characters escaped (channel 11). A file named ``T`` + ZERO WIDTH SPACE + ``.csv`` and one
literally named ``T\\u200b.csv`` were copied onto one snapshot name, the second over the
first: the check read the second file's bytes while the ledger recorded the first file's hash
under the same name, with the second's verdict. Where the first file's bytes were already in
the store (any earlier request's file), nothing hashed them again and only the database's key
on (request, version, path) stopped the version, with a traceback. Now a second file on a
taken snapshot name (or on the name of a folder on its way) is refused before anything is
checked or stored.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app
from tests.test_ledger_support import BACKENDS, ledger_location, workflow_app

runner = CliRunner()
SAFE = "region,count\nNorth,30\nSouth,40\nTotal,70\n"
SMALL = "region,count\nNorth,3\nSouth,40\nTotal,43\n"
ZWSP = "T\u200b.csv"  # sdc names it T\u200b.csv
LITERAL = "T\\u200b.csv"  # a backslash, u, 2, 0, 0, b: the same name once escaped


def _run(wf, url: str, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(wf, [*args, "--ledger", url])


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_files_one_snapshot_name_are_refused(tmp_path: Path, backend: str) -> None:
    prior = tmp_path / "prior"
    prior.mkdir()
    (prior / "small.csv").write_text(SMALL)  # its bytes reach the store first
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / LITERAL).write_text(SMALL)  # sorted first: copied, then copied over
    (folder / ZWSP).write_text(SAFE)
    wf = workflow_app()
    with ledger_location(backend, tmp_path) as url:
        first = _run(wf, url, "request", "submit", str(prior), "--author", "alice")
        assert first.exit_code == 0, first.stderr
        result = _run(wf, url, "request", "submit", str(folder), "--author", "alice")
        assert result.exit_code == 2, (result.stdout, result.stderr)
        assert result.stderr.startswith("error: two files would share one name in the "
                                         "snapshot, T\\u200b.csv")
        assert "'T\\u200b.csv' and 'T\\\\u200b.csv'" in result.stderr
        assert isinstance(result.exception, SystemExit)  # a refusal, not a crash
        listed = json.loads(_run(wf, url, "request", "list", "--format", "json").stdout)
        assert [r["id"] for r in listed] == ["R-0001"]  # nothing recorded

        # The safe twin: one of the two names alone is snapshotted under its escaped name.
        (folder / LITERAL).unlink()
        alone = _run(wf, url, "request", "submit", str(folder), "--author", "alice")
        assert alone.exit_code == 0, alone.stderr
        shown = json.loads(_run(wf, url, "request", "show", "R-0002", "--format",
                                "json").stdout)
        assert [(o["path"], o["check"]) for o in shown["outputs"]] == [(LITERAL, "pass")]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_file_on_a_folders_snapshot_name_is_refused(tmp_path: Path, backend: str) -> None:
    folder = tmp_path / "req"
    (folder / "d\\u200b").mkdir(parents=True)
    (folder / "d\\u200b" / "x.csv").write_text(SAFE)
    (folder / "d\u200b").write_text(SMALL)
    wf = workflow_app()
    with ledger_location(backend, tmp_path) as url:
        result = _run(wf, url, "request", "submit", str(folder), "--author", "alice")
        assert result.exit_code == 2, (result.stdout, result.stderr)
        assert "'d\\u200b' and 'd\\\\u200b/x.csv'" in result.stderr
        assert "Traceback" not in result.stderr


def test_snapshot_keeps_distinct_names_apart(tmp_path: Path) -> None:
    """Names that differ after escaping (NFC and NFD, case) are each their own file."""
    from sdc.ledger.snapshot import stage

    folder = tmp_path / "req"
    folder.mkdir()
    (folder / "caf\u00e9.csv").write_text(SAFE)  # NFC
    (folder / "cafe\u0301.csv").write_text(SMALL)  # NFD
    (folder / "t.csv").write_text(SAFE)
    (folder / "T.csv").write_text(SMALL)
    staging = tmp_path / "staging"
    staging.mkdir()
    staged = {f.path: f for f in stage(folder, staging)}
    assert len(staged) == 4
    for f in staged.values():
        assert f.staged.read_bytes() == (folder / f.path).read_bytes()


NESTED = "[[outputs]]\npath = \"t.csv\"\nkind = \"frequency\"\nx = " + "[" * 50_000 \
    + "]" * 50_000 + "\n"


def test_request_toml_nested_too_deeply_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / "t.csv").write_text(SAFE)
    (folder / "request.toml").write_text(NESTED)
    result = runner.invoke(app, ["check", str(folder), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    data = json.loads(result.stdout)
    by_path = {o["path"]: o for o in data["outputs"]}
    found = [(f["rule"], f["status"], f["message"]) for f in by_path["request.toml"]["findings"]]
    assert ("SDC602", "review", "request.toml is nested too deeply to be read") in found
    assert data["status"] != "pass"

    # The twin: the same request.toml without the nesting is read, and nothing is flagged.
    (folder / "request.toml").write_text("[[outputs]]\npath = \"t.csv\"\nkind = \"frequency\"\n")
    twin = runner.invoke(app, ["check", str(folder), "--format", "json"])
    assert twin.exit_code == 0, twin.stdout
    assert {o["path"] for o in json.loads(twin.stdout)["outputs"]} == {"t.csv"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_submit_of_a_request_toml_nested_too_deeply(tmp_path: Path, backend: str) -> None:
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / "t.csv").write_text(SAFE)
    (folder / "request.toml").write_text(NESTED)
    wf = workflow_app()
    with ledger_location(backend, tmp_path) as url:
        result = _run(wf, url, "request", "submit", str(folder), "--author", "alice")
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        shown = json.loads(_run(wf, url, "request", "show", "R-0001", "--format",
                                "json").stdout)
        assert shown["check"] == "fail"  # request.toml: SDC601 .toml, SDC602 unread
        checks = {o["path"]: o["check"] for o in shown["outputs"]}
        assert checks == {"t.csv": "pass"}


SECRET = "nhs_number,date_of_birth\n9434765919,1961-03-02\n"


@pytest.mark.parametrize("swap", ["file", "folder"])
def test_a_file_swapped_for_a_link_out_while_snapshotted_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap: str) -> None:
    """Channel 8 raced: the snapshot looks at a file (a regular file: no link to refuse), then
    opens it; swapped in between for a link to a file outside (or its folder for a link to a
    folder outside), the open followed the link and the outside bytes were stored as the
    request's own, read with the rights of whoever runs the snapshot (the web app's server).
    The race is won here every time by swapping right after the look."""
    import sdc.ledger.snapshot as snapshot

    outside = tmp_path / "identifiable"
    outside.mkdir()
    (outside / "t.csv").write_text(SECRET)
    folder = tmp_path / "req"
    (folder / "sub").mkdir(parents=True)
    (folder / "all.csv").write_text(SAFE)
    (folder / "sub" / "t.csv").write_text(SAFE)
    looked = snapshot.link_problem

    def look_then_swap(path: Path, root: Path) -> str | None:
        problem = looked(path, root)
        if path.name == "t.csv" and not path.is_symlink():
            if swap == "file":
                path.unlink()
                path.symlink_to(outside / "t.csv")
            else:
                (folder / "sub" / "t.csv").unlink(missing_ok=True)
                (folder / "sub").rmdir()
                (folder / "sub").symlink_to(outside, target_is_directory=True)
        return problem

    monkeypatch.setattr(snapshot, "link_problem", look_then_swap)
    wf = workflow_app()
    url = str(tmp_path / "ledger" / "ledger.sqlite")
    result = _run(wf, url, "request", "submit", str(folder), "--author", "alice")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "sub/t.csv changed while it was being snapshotted" in result.stderr
    blobs = tmp_path / "ledger" / "blobs"
    stored = [p.read_text() for p in blobs.rglob("*") if p.is_file()] if blobs.exists() else []
    assert not any("9434765919" in text for text in stored)

    # The twin: the same folder, nothing swapped, is snapshotted and checked.
    monkeypatch.setattr(snapshot, "link_problem", looked)
    if (folder / "sub").is_symlink():
        (folder / "sub").unlink()
        (folder / "sub").mkdir()
    (folder / "sub" / "t.csv").unlink(missing_ok=True)
    (folder / "sub" / "t.csv").write_text(SAFE)
    again = _run(wf, url, "request", "submit", str(folder), "--author", "alice")
    assert again.exit_code == 0, again.stderr
