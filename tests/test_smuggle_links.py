"""Channel 8: a symbolic link inside the request folder pointing outside it is never followed —
not by ``check``, not into a ``request submit`` snapshot, not into a ``release``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app
from tests.test_ledger_support import BACKENDS, VOTE_INPUT, ledger_with_checkers, workflow_app

runner = CliRunner()
SAFE = "age,female,male,Total\n18-24,12,15,27\n25-34,20,22,42\nTotal,32,37,69\n"
SECRET = "nhs_number,date_of_birth\n9434765919,1961-03-02\n"


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A request folder with a safe table and links to data outside it."""
    outside = tmp_path / "identifiable"
    outside.mkdir()
    (outside / "patients.csv").write_text(SECRET)
    (outside / "more.csv").write_text(SECRET)
    folder = tmp_path / "req"
    (folder / "sub").mkdir(parents=True)
    (folder / "all.csv").write_text(SAFE)
    (folder / "summary.csv").symlink_to(outside / "patients.csv")  # absolute
    (folder / "sub" / "rel.csv").symlink_to(Path("..") / ".." / "identifiable" / "more.csv")
    (folder / "data").symlink_to(outside, target_is_directory=True)  # a folder link
    (folder / "gone.csv").symlink_to(tmp_path / "nowhere.csv")  # leads nowhere
    (folder / "inner.csv").symlink_to("all.csv")  # stays inside: harmless
    return folder


def test_check_reports_links_leaving_the_folder_and_never_reads_them(planted: Path) -> None:
    result = runner.invoke(app, ["check", str(planted), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    by_path = {o["path"]: o for o in data["outputs"]}
    assert set(by_path) == {"all.csv", "inner.csv", "summary.csv", "sub/rel.csv", "data",
                            "gone.csv"}
    for link in ("summary.csv", "sub/rel.csv", "data", "gone.csv"):
        out = by_path[link]
        assert out["status"] == "fail" and out["sha256"] == ""
        assert [(f["rule"], f["status"]) for f in out["findings"]] == [
            ("SDC601", "fail"), ("SDC602", "review")]
        assert "not followed" in out["findings"][0]["message"] or \
            "never follows" in out["findings"][0]["message"]
    assert by_path["all.csv"]["status"] == "pass"
    assert by_path["inner.csv"]["status"] == "pass"  # a link inside is checked, not flagged
    assert "9434765919" not in result.stdout  # the target was never read (no SDC604 either)


def test_sarif_names_the_link_without_its_target(planted: Path, tmp_path: Path) -> None:
    sarif = tmp_path / "r.sarif"
    runner.invoke(app, ["check", str(planted), "-o", str(sarif)])
    body = sarif.read_text()
    assert "summary.csv" in body and "identifiable" not in body


@pytest.mark.parametrize("backend", BACKENDS)
def test_submit_snapshots_the_link_and_release_never_exports_it(
        planted: Path, tmp_path: Path, backend: str) -> None:
    wf = workflow_app()
    with ledger_with_checkers(backend, tmp_path) as url:
        def run(*args: str, code: int = 0):  # type: ignore[no-untyped-def]
            result = runner.invoke(wf, [*args, "--ledger", url], input=VOTE_INPUT)
            assert result.exit_code == code, (result.stdout, result.stderr)
            return result

        run("request", "submit", str(planted), "--author", "alice")
        shown = json.loads(run("request", "show", "R-0001", "--format", "json").stdout)
        checks = {o["path"]: o["check"] for o in shown["outputs"]}
        assert checks["summary.csv"] == "fail" and checks["sub/rel.csv"] == "fail"
        # Two reviewers approve everything, the link included (with a comment, as needed).
        for reviewer in ("bob", "carol"):
            for path in checks:
                run("review", "R-0001", "--reviewer", reviewer, "--output", path,
                    "--decision", "approve", "--comment", "looks fine")
        target = tmp_path / "released"
        released = run("release", "R-0001", "--to", str(target))
        assert sorted(released.stdout.split()) == sorted(
            ["released", "all.csv", "released", "inner.csv"])
        files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*"))
        assert files == ["all.csv", "inner.csv"]
        assert not any(p.is_symlink() for p in target.rglob("*"))
        for path in target.rglob("*"):
            assert "9434765919" not in path.read_text()


def test_snapshot_stores_the_link_text_not_the_target(planted: Path, tmp_path: Path) -> None:
    from sdc.ledger.snapshot import LINK, stage

    staging = tmp_path / "staging"
    staging.mkdir()
    staged = {f.path: f for f in stage(planted, staging)}
    link = staged["summary.csv"]
    assert link.role == LINK
    assert link.staged.read_text() == os.readlink(planted / "summary.csv")
    assert (staging / "summary.csv").is_symlink()
