"""The release workflow through its commands, on SQLite and PostgreSQL: submit, independent
reviews, hash-verified export and the audit log."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from sdc.ledger import events, schema
from sdc.ledger.pinned import reviewers_of
from sdc.ledger.settings import set_reviewers
from tests.test_ledger_support import (
    ALL_CSV,
    BACKENDS,
    CHECKERS,
    SMALL_CSV,
    VOTE_INPUT,
    add_checkers,
    ledger_location,
    ledger_with_checkers,
    opened,
    workflow_app,
    write_request,
)

APP = workflow_app()
runner = CliRunner()


class Cli:
    """Run workflow commands against one ledger and check the exit code; a vote's password
    (the checkers' accounts of ``ledger_with_checkers``) is on stdin."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, *args: str, code: int = 0):  # type: ignore[no-untyped-def]
        result = runner.invoke(APP, [*args, "--ledger", self.url], input=VOTE_INPUT)
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    def json(self, *args: str):  # type: ignore[no-untyped-def]
        return json.loads(self(*args, "--format", "json").stdout)

    def events(self) -> list[tuple[str, str]]:
        lines = self("audit", "export").stdout.splitlines()
        return [(e["event"], e["actor"]) for e in map(json.loads, lines)]


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path):
    with ledger_with_checkers(request.param, tmp_path) as location:
        yield location


@pytest.fixture
def cli(url: str) -> Cli:
    return Cli(url)


@pytest.fixture
def bare(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A ledger with no account: its audit log is the workflow's alone."""
    with ledger_location(request.param, tmp_path) as location:
        yield Cli(location)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_request(tmp_path / "req")


def _approve_all_csv(cli: Cli) -> None:
    cli("review", "R-0001", "--reviewer", "bob", "--output", "all.csv", "--decision", "approve")
    cli("review", "R-0001", "--reviewer", "carol", "--output", "all.csv", "--decision",
        "approve")


def test_request_review_release(cli: Cli, folder: Path, tmp_path: Path) -> None:
    submitted = cli("request", "submit", str(folder), "--author", "alice")
    assert submitted.stdout == "R-0001\n"
    assert "2 output(s), check fail; each needs 2 independent review(s)" in submitted.stderr
    _approve_all_csv(cli)
    cli("review", "R-0001", "--reviewer", "bob", "--output", "small.csv", "--decision",
        "approve", "--comment", "2 is a structural count of the test cohort")
    last = cli("review", "R-0001", "--reviewer", "carol", "--output", "small.csv",
               "--decision", "approve", "--comment", "agreed", "--override", "SDC101@C2")
    assert last.stdout == "small.csv: approved (bob approve, carol approve)\n"
    target = tmp_path / "out"
    released = cli("release", "R-0001", "--to", str(target), "--by", "dave")
    assert released.stdout == "released all.csv\nreleased small.csv\n"
    assert {p.name for p in target.iterdir()} == {"all.csv", "small.csv"}
    assert (target / "all.csv").read_text() == ALL_CSV
    assert (target / "small.csv").read_text() == SMALL_CSV
    shown = cli.json("request", "show", "R-0001")
    assert shown["state"] == "released"
    assert [(o["path"], o["state"], o["released"]) for o in shown["outputs"]] == [
        ("all.csv", "approved", True), ("small.csv", "approved", True)]
    assert [r["state"] for r in shown["releases"]] == ["complete"]
    assert cli.events() == [*[("user-add", "ops")] * len(CHECKERS),
        ("submit", "alice"), ("check", "alice"), ("render", "sdc"), ("render", "sdc"),
        ("review", "bob"), ("review", "carol"),
        ("review", "bob"), ("review", "carol"), ("override", "carol"),
        ("release-started", "dave"), ("release", "dave")]
    assert cli("audit", "verify").stdout.startswith("audit log intact: 15 entries, head ")
    votes = [e for e in map(json.loads, cli("audit", "export").stdout.splitlines())
             if e["event"] == "review"]
    assert [v["data"]["authenticated"] for v in votes] == [True] * 4  # accounts, not names


def test_only_approved_outputs_leave(cli: Cli, folder: Path, tmp_path: Path) -> None:
    cli("request", "submit", str(folder))
    _approve_all_csv(cli)
    cli("review", "R-0001", "--reviewer", "bob", "--output", "small.csv", "--decision",
        "reject")
    released = cli("release", "R-0001", "--to", str(tmp_path / "out"))
    assert released.stdout == "released all.csv\n"
    assert "withheld small.csv (not approved)" in released.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["all.csv"]


def test_author_never_reviews(cli: Cli, folder: Path) -> None:
    add_checkers(cli.url, ("zed", "alice"))  # authors who are checkers too
    cli("request", "submit", str(folder), "--author", "zed")
    for name, account in (("zed", "zed"), ("alice", "alice"), (" ALICE ", "alice")):
        # the submitter, and request.toml's author (any spelling finds her account)
        result = cli("review", "R-0001", "--reviewer", name, "--output", "all.csv",
                     "--decision", "approve", code=2)
        assert f"{account} is an author of R-0001 and cannot review it" in result.stderr
        assert "Traceback" not in result.stderr


def test_usage_errors_exit_2(cli: Cli, folder: Path) -> None:
    cli("request", "submit", str(folder))
    cases = [
        (["request", "show", "R-0099"], "no request 'R-0099'"),
        (["review", "R-0001", "--reviewer", "bob", "--output", "nope.csv", "--decision",
          "approve"], "has no output 'nope.csv' (outputs: all.csv, small.csv)"),
        (["review", "R-0001", "--reviewer", "bob", "--output", "all.csv"],
         "give a --decision, or a --comment"),
        (["review", "R-0001", "--reviewer", "bob", "--output", "all.csv", "--decision",
          "approve", "--override", "@C4", "--comment", "x"], "expected RULE@CELL"),
        (["request", "submit", str(folder / "all.csv")], "not a folder"),
    ]
    for args, message in cases:
        result = cli(*args, code=2)
        assert message in result.stderr, result.stderr
    result = runner.invoke(APP, ["request", "list", "--ledger", "mysql://u@h/db"])
    assert result.exit_code == 2 and "unsupported ledger URL scheme 'mysql'" in result.stderr
    result = runner.invoke(APP, ["review", "R-0001", "--reviewer", "b", "--output", "all.csv",
                                 "--decision", "maybe", "--ledger", cli.url])
    assert result.exit_code == 2


def test_comments_required_for_fail_and_overrides(cli: Cli, folder: Path) -> None:
    cli("request", "submit", str(folder))
    base = ["review", "R-0001", "--reviewer", "bob", "--output", "small.csv", "--decision",
            "approve"]
    assert "has fail findings: approving it needs a --comment" in cli(*base, code=2).stderr
    assert "overriding a finding needs a --comment" in cli(
        *base, "--override", "SDC101@C2", code=2).stderr
    assert "small.csv has no SDC101 finding at B9" in cli(
        *base, "--override", "SDC101@B9", "--comment", "x", code=2).stderr
    assert "--override applies to one output" in cli(
        *base, "--output", "all.csv", "--override", "SDC101", "--comment", "x", code=2).stderr
    cli(*base, "--override", "small-count@c2", "--comment", "checked with the data owner")
    (vote,) = cli.json("request", "show", "R-0001", "--as", "bob")["outputs"][1]["decisions"]
    assert vote["overrides"] == [{"rule": "small-count", "cell": "c2"}]
    assert vote["comment"] == "checked with the data owner"
    # a rejection needs no comment; a comment alone is recorded as a comment
    cli("review", "R-0001", "--reviewer", "carol", "--output", "all.csv", "--comment", "why?")
    assert cli.json("request", "show", "R-0001", "--as", "carol")["comments"][0]["text"] == "why?"
    assert cli.events()[-2:] == [("override", "bob"), ("comment", "carol")]


def test_votes_hidden_until_every_reviewer_has_voted(cli: Cli, folder: Path) -> None:
    cli("request", "submit", str(folder))
    cli("review", "R-0001", "--reviewer", "bob", "--output", "all.csv", "--decision",
        "approve", "--comment", "fine by me")
    as_carol = cli.json("request", "show", "R-0001", "--as", "carol")
    out = as_carol["outputs"][0]
    assert (out["votes"], out["hidden_votes"], out["decisions"]) == (1, 1, [])
    review_entry = next(h for h in as_carol["history"] if h["event"] == "review")
    assert review_entry["data"]["decision"].startswith("(hidden")
    assert review_entry["data"]["comment"].startswith("(hidden")
    assert "fine by me" not in json.dumps(as_carol)
    as_bob = cli.json("request", "show", "R-0001", "--as", "Bob")
    assert [d["decision"] for d in as_bob["outputs"][0]["decisions"]] == ["approve"]
    voted = cli("review", "R-0001", "--reviewer", "carol", "--output", "all.csv", "--decision",
                "reject", "--comment", "a disclosive label")
    assert voted.stdout == "all.csv: CONFLICT (bob approve, carol reject)\n"
    shown = cli.json("request", "show", "R-0001")
    assert shown["conflicts"] == ["all.csv"]
    assert [(d["reviewer"], d["decision"]) for d in shown["outputs"][0]["decisions"]] == [
        ("bob", "approve"), ("carol", "reject")]
    assert "conflict: the reviewers disagree" in cli("request", "show", "R-0001").stdout


def test_comments_hidden_until_every_reviewer_has_voted(cli: Cli, folder: Path) -> None:
    """A comment without a vote is private like a vote during the independent phase: the other
    reviewer (and anyone else) sees neither its text in the comments nor in the history."""
    cli("request", "submit", str(folder))
    cli("review", "R-0001", "--reviewer", "bob", "--output", "all.csv", "--comment",
        "check the label in row 3")
    for viewer in (("--as", "carol"), ()):
        shown = cli.json("request", "show", "R-0001", *viewer)
        assert shown["comments"] == []
        entry = next(h for h in shown["history"] if h["event"] == "comment")
        assert entry["data"]["text"].startswith("(hidden")
        assert "row 3" not in json.dumps(shown)
    assert cli.json("request", "show", "R-0001", "--as", "bob")["comments"][0]["text"] == \
        "check the label in row 3"
    cli("review", "R-0001", "--reviewer", "bob", "--output", "all.csv", "--decision", "reject",
        "--comment", "a disclosive label")
    cli("review", "R-0001", "--reviewer", "carol", "--output", "all.csv", "--decision",
        "reject", "--comment", "agreed")
    shown = cli.json("request", "show", "R-0001", "--as", "carol")
    assert [c["text"] for c in shown["comments"]] == ["check the label in row 3"]


def test_votes_are_final(cli: Cli, folder: Path) -> None:
    cli("request", "submit", str(folder))
    args = ["review", "R-0001", "--reviewer", "bob", "--output", "all.csv", "--decision"]
    cli(*args, "request-changes", "--comment", "round it")
    assert "votes are final" in cli(*args, "approve", code=2).stderr


def test_overriding_a_pass_needs_a_comment(cli: Cli, folder: Path) -> None:
    """SACRO-Viewer's rule: a vote against the automatic verdict says why (all.csv passes)."""
    cli("request", "submit", str(folder))
    args = ["review", "R-0001", "--reviewer", "bob", "--output", "all.csv", "--decision"]
    for decision in ("request-changes", "reject"):
        refused = cli(*args, decision, code=2)
        assert "passed the automatic check: a " + decision + " vote needs a --comment" \
            in refused.stderr
    assert cli("request", "show", "R-0001", "-f", "json").stdout.count('"reviewer"') == 0


def test_update_resets_votes_of_changed_outputs(cli: Cli, folder: Path, tmp_path: Path
                                                ) -> None:
    cli("request", "submit", str(folder))
    _approve_all_csv(cli)
    for name in ("bob", "carol"):
        cli("review", "R-0001", "--reviewer", name, "--output", "small.csv", "--decision",
            "request-changes")
    (folder / "small.csv").write_text("age,sex,count\n<20,F,12\n20-39,F,20\n")
    (folder / "small.csv.sdc.json").unlink()  # (a placeholder sidecar: a review finding)
    updated = cli.json("request", "submit", str(folder), "--update", "r-0001")
    assert (updated["request_id"], updated["version"], updated["status"]) == ("R-0001", 2,
                                                                              "pass")
    assert (updated["carried"], updated["reset"]) == (["all.csv"], ["small.csv"])
    shown = cli.json("request", "show", "R-0001")
    assert shown["version"] == 2
    states = {o["path"]: (o["state"], o["votes"]) for o in shown["outputs"]}
    assert states == {"all.csv": ("approved", 2), "small.csv": ("pending", 0)}
    assert {d["carried_from"] for d in shown["outputs"][0]["decisions"]} == {1}
    released = cli("release", "R-0001", "--to", str(tmp_path / "out"))
    assert released.stdout == "released all.csv\n"
    assert cli("audit", "verify").exit_code == 0


def test_release_refusals(cli: Cli, folder: Path, tmp_path: Path) -> None:
    cli("request", "submit", str(folder))
    result = cli("release", "R-0001", "--to", str(tmp_path / "out"), code=1)
    assert "nothing to release: no output of R-0001 version 1 is approved by 2" in result.stderr
    assert not (tmp_path / "out").exists()
    _approve_all_csv(cli)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x").write_text("x")
    assert "the folder is not empty" in cli("release", "R-0001", "--to", str(busy),
                                            code=2).stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    cli("release", "R-0001", "--to", str(empty))
    assert sorted(p.name for p in empty.iterdir()) == ["all.csv"]


def test_corrupted_snapshot_blocks_release(cli: Cli, folder: Path, tmp_path: Path) -> None:
    cli("request", "submit", str(folder))
    _approve_all_csv(cli)
    with opened(cli.url) as led, led.write() as conn:
        sha = conn.execute(select(schema.files.c.sha256)
                           .where(schema.files.c.path == "all.csv")).scalar_one()
        if led.store.directory is not None:
            blob = led.store.blob_path(sha)
            blob.chmod(0o644)
            blob.write_text(ALL_CSV.replace("12", "13"))
        else:
            conn.execute(update(schema.blobs).where(schema.blobs.c.sha256 == sha)
                         .values(data=ALL_CSV.replace("12", "13").encode()))
    result = cli("release", "R-0001", "--to", str(tmp_path / "out"), code=1)
    assert f"all.csv: snapshot blob {sha[:12]}… is corrupted" in result.stderr
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir() if "sdc-partial" in p.name] == []
    last = json.loads(cli("audit", "export").stdout.splitlines()[-1])
    assert (last["event"], last["data"]["path"]) == ("verification-failed", "all.csv")
    assert cli("audit", "verify").exit_code == 0  # the log itself is intact


@pytest.mark.parametrize("bare", BACKENDS, indirect=True)
def test_audit_export_and_verify_cli(bare: Cli, folder: Path, tmp_path: Path) -> None:
    cli = bare
    cli("request", "submit", str(folder))
    cli("request", "submit", str(folder))
    target = tmp_path / "audit" / "log.jsonl"
    cli("audit", "export", "-o", str(target))
    lines = [json.loads(x) for x in target.read_text().splitlines()]
    assert [(e["seq"], e["event"], e["request"]) for e in lines] == [
        (1, "submit", "R-0001"), (2, "check", "R-0001"), (3, "render", None),
        (4, "render", None), (5, "submit", "R-0002"), (6, "check", "R-0002"),
        (7, "render", None)]  # a page with the same bytes, findings and policy is not drawn twice
    assert lines[1]["prev_hash"] == lines[0]["hash"]
    only = cli("audit", "export", "--request", "R-0002").stdout.splitlines()
    assert [json.loads(x)["seq"] for x in only] == [5, 6]
    listed = cli.json("request", "list")
    assert [(r["id"], r["author"], r["check"]) for r in listed] == [
        ("R-0001", "alice", "fail"), ("R-0002", "alice", "fail")]
    with opened(cli.url) as led, led.write() as conn:
        conn.execute(update(schema.audit_log).where(schema.audit_log.c.seq == 5)
                     .values(actor="mallory"))
    broken = cli("audit", "verify", code=1)
    assert "audit log broken at entry 5: its content does not match its hash" in broken.stderr


def test_reviewers_required_from_ledger_setting(cli: Cli, folder: Path, tmp_path: Path
                                                ) -> None:
    with opened(cli.url) as led:
        set_reviewers(led, 1, actor="root")
    cli("request", "submit", str(folder))
    cli("review", "R-0001", "--reviewer", "bob", "--output", "all.csv", "--decision",
        "approve")
    assert cli("release", "R-0001", "--to", str(tmp_path / "o")).stdout == "released all.csv\n"


def test_policy_reviewers_key() -> None:
    def policy(workflow: object) -> SimpleNamespace:
        return SimpleNamespace(model=SimpleNamespace(workflow=workflow))

    class Workflow:
        reviewers = 2

        def __init__(self, explicit: set[str]) -> None:
            self.model_fields_set = explicit

    assert reviewers_of(SimpleNamespace(model=SimpleNamespace())) is None
    assert reviewers_of(policy({"reviewers": 3})) == 3
    assert reviewers_of(policy(Workflow(set()))) is None  # a default, not from the file
    assert reviewers_of(policy(Workflow({"reviewers"}))) == 2


@pytest.mark.parametrize("bare", BACKENDS, indirect=True)
def test_audit_entries_carry_actor_and_time(bare: Cli, folder: Path) -> None:
    cli = bare
    cli("request", "submit", str(folder), "--author", "alice")
    with opened(cli.url) as led, led.read() as conn:
        (first, second) = [e for e in events.entries(conn) if e.event != "render"]
    assert first.actor == "alice" and first.at.endswith("+00:00") and first.at <= second.at
    assert first.data["files"]["all.csv"] == hashlib.sha256(ALL_CSV.encode()).hexdigest()
    assert second.data["outputs"] == {"all.csv": "pass", "small.csv": "fail"}


def test_commands_are_part_of_sdc_and_default_to_dot_sdc(tmp_path: Path) -> None:
    """`python -m sdc request submit` in a folder keeps its ledger in ./.sdc/."""
    from sdc.cli import app

    assert runner.invoke(app, ["request", "--help"]).exit_code == 0
    folder = write_request(tmp_path / "req")
    env = {k: v for k, v in os.environ.items() if k != "SDC_LEDGER"}
    proc = subprocess.run([sys.executable, "-m", "sdc", "request", "submit", "req"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout) == (0, "R-0001\n"), proc.stderr
    assert (tmp_path / ".sdc" / "ledger.sqlite").is_file()
    blobs = [p for p in (tmp_path / ".sdc" / "blobs").rglob("*") if p.is_file()]
    assert len(blobs) == len(list(folder.iterdir())) == 4
