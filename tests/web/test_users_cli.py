"""``sdc users add|list|disable|enable|token``: passwords piped on stdin, never arguments."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from sdc.cli import app
from sdc.ledger.db import open_ledger
from sdc.ledger.users import authenticate, user_for_token

runner = CliRunner()


def test_users_commands(tmp_path: Path) -> None:
    url = str(tmp_path / "ledger.sqlite")
    added = runner.invoke(app, ["users", "add", "grace", "--role", "checker", "--ledger", url],
                          input="a long enough secret\n")
    assert added.exit_code == 0, added.output
    assert added.stdout == "added grace (checker)\n"
    again = runner.invoke(app, ["users", "add", "Grace", "--role", "admin", "--ledger", url],
                          input="a long enough secret\n")
    assert again.exit_code == 2 and "already an account for 'Grace'" in again.stderr
    short = runner.invoke(app, ["users", "add", "alan", "--role", "checker", "--ledger", url],
                          input="short\n")
    assert short.exit_code == 2 and "too short" in short.stderr
    bad_role = runner.invoke(app, ["users", "add", "alan", "--role", "boss", "--ledger", url],
                             input="a long enough secret\n")
    assert bad_role.exit_code == 2
    listed = runner.invoke(app, ["users", "list", "--ledger", url])
    assert listed.stdout == "grace\tchecker\tactive\n"
    token = runner.invoke(app, ["users", "token", "grace", "--ledger", url]).stdout.strip()
    assert token.startswith("sdc_")
    led = open_ledger(url)
    try:
        assert user_for_token(led, token).name == "grace"
        assert authenticate(led, "grace", "a long enough secret") is not None
        assert runner.invoke(app, ["users", "disable", "grace", "--ledger", url]).exit_code == 0
        assert user_for_token(led, token) is None
        assert authenticate(led, "grace", "a long enough secret") is None
        assert runner.invoke(app, ["users", "enable", "grace", "--ledger", url]).exit_code == 0
        assert authenticate(led, "grace", "a long enough secret") is not None
        assert user_for_token(led, token) is None  # disabling revoked it for good
    finally:
        led.close()
    missing = runner.invoke(app, ["users", "token", "nobody", "--ledger", url])
    assert missing.exit_code == 2 and "no account 'nobody'" in missing.stderr
    audit = runner.invoke(app, ["audit", "verify", "--ledger", url])
    assert audit.exit_code == 0, audit.output
