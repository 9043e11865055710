"""``sdc users add|list|disable|enable|token``: passwords piped on stdin, never arguments.

Account changes are an admin's (round 21, issue 12 channel 10): the ledger's first account is
its admin; after it every add, disable, enable and token names an admin with ``--by`` and gives
its password (piped: after the new account's password). Before round 21 anyone at the terminal
added a checker (who then votes) or re-enabled a disabled account.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app
from sdc.ledger.db import open_ledger
from sdc.ledger.users import authenticate, user_for_token
from tests.test_ledger_support import cheap_argon2

runner = CliRunner()
SECRET = "a long enough secret"
ROOT = "the root password"
NO_ADMIN = ("this ledger has no admin yet: add its first admin (sdc users add NAME --role "
            "admin); accounts are then changed by an admin (--by ADMIN)")


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_argon2(monkeypatch)


def users(url: str, *args: str, stdin: str = "", code: int = 0):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["users", *args, "--ledger", url], input=stdin)
    assert result.exit_code == code, result.output
    return result


def test_users_commands(tmp_path: Path) -> None:
    url = str(tmp_path / "ledger.sqlite")
    assert users(url, "add", "root", "--role", "admin", stdin=ROOT + "\n").stdout == (
        "added root (admin)\n")
    added = users(url, "add", "grace", "--role", "checker", "--by", "root",
                  stdin=f"{SECRET}\n{ROOT}\n")
    assert added.stdout == "added grace (checker)\n"
    again = users(url, "add", "Grace", "--role", "admin", "--by", "root",
                  stdin=f"{SECRET}\n{ROOT}\n", code=2)
    assert "already an account for 'Grace'" in again.stderr
    short = users(url, "add", "alan", "--role", "checker", "--by", "root", stdin=f"short\n{ROOT}\n",
                  code=2)
    assert "too short" in short.stderr
    users(url, "add", "alan", "--role", "boss", stdin=SECRET + "\n", code=2)
    assert users(url, "list").stdout == "grace\tchecker\tactive\nroot\tadmin\tactive\n"
    token = users(url, "token", "grace", "--by", "root", stdin=ROOT + "\n").stdout.strip()
    assert token.startswith("sdc_")
    led = open_ledger(url)
    try:
        assert user_for_token(led, token).name == "grace"
        assert authenticate(led, "grace", SECRET) is not None
        users(url, "disable", "grace", "--by", "root", stdin=ROOT + "\n")
        assert user_for_token(led, token) is None
        assert authenticate(led, "grace", SECRET) is None
        users(url, "enable", "grace", "--by", "root", stdin=ROOT + "\n")
        assert authenticate(led, "grace", SECRET) is not None
        assert user_for_token(led, token) is None  # disabling revoked it for good
    finally:
        led.close()
    missing = users(url, "token", "nobody", "--by", "root", stdin=ROOT + "\n", code=2)
    assert "no account 'nobody'" in missing.stderr
    audit = runner.invoke(app, ["audit", "verify", "--ledger", url])
    assert audit.exit_code == 0, audit.output
    export = runner.invoke(app, ["audit", "export", "--ledger", url]).stdout
    assert '"actor": "root", "at"' in export and '"event": "user-disable"' in export


def test_account_changes_need_an_admin(tmp_path: Path) -> None:
    """Before: a checker added (and a token issued) by whoever ran the command, with no admin,
    and an admin's --by was asked only for the admin role."""
    url = str(tmp_path / "ledger.sqlite")
    first = users(url, "add", "mallory", "--role", "checker", stdin=SECRET + "\n", code=2)
    assert first.stderr == f"error: adding mallory: {NO_ADMIN}\n"
    users(url, "add", "root", "--role", "admin", stdin=ROOT + "\n")  # the bootstrap
    users(url, "add", "rita", "--role", "researcher", "--by", "root", stdin=f"{SECRET}\n{ROOT}\n")
    alone = users(url, "add", "mallory", "--role", "checker", stdin=SECRET + "\n", code=2)
    assert alone.stderr == ("error: adding mallory: --by: name the admin account that does it "
                            "(its password is asked)\n")
    by_rita = users(url, "add", "mallory", "--role", "checker", "--by", "rita",
                    stdin=f"{SECRET}\n{SECRET}\n", code=2)
    assert by_rita.stderr == ("error: --by rita: not an enabled admin account of this ledger, "
                              "or the password is wrong\n")
    wrong = users(url, "add", "mallory", "--role", "checker", "--by", "root",
                  stdin=f"{SECRET}\n{SECRET}\n", code=2)
    assert "--by root: not an enabled admin account" in wrong.stderr
    for command in ("token", "disable", "enable"):
        refused = users(url, command, "rita", code=2)
        assert "--by: name the admin account that does it" in refused.stderr, command
        refused = users(url, command, "rita", "--by", "rita", stdin=SECRET + "\n", code=2)
        assert "--by rita: not an enabled admin account" in refused.stderr, command
    assert users(url, "list").stdout == "rita\tresearcher\tactive\nroot\tadmin\tactive\n"
    # the twin: root adds the checker
    users(url, "add", "mallory", "--role", "checker", "--by", "root", stdin=f"{SECRET}\n{ROOT}\n")
    assert "mallory\tchecker\tactive" in users(url, "list").stdout


def test_no_account_change_before_the_first_admin(tmp_path: Path) -> None:
    url = str(tmp_path / "ledger.sqlite")
    open_ledger(url).close()  # a ledger with no account
    for command in ("token", "disable", "enable"):
        refused = users(url, command, "anyone", "--by", "root", stdin=ROOT + "\n", code=2)
        verb = {"token": "a token for", "disable": "disabling", "enable": "enabling"}[command]
        assert refused.stderr == f"error: {verb} anyone: {NO_ADMIN}\n"
