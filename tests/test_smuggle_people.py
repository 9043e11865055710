"""Channel 9: reviewer identity. Names are compared through one key (NFKC, invisible characters
and spaces removed, case folded, UTS #39 confusable skeleton), so the author cannot approve their
own output under a look-alike name and one person cannot be two reviewers.

A command-line vote is an account's (its password; ``sdc.ledger.votes``): a look-alike finds
the same account, so it is the same person. Where the policy says ``[workflow] cli_votes =
"named"`` the name is free text, and the look-alike checks are what stands."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.ledger.people import PersonNameError, check_name, identity_key, skeleton
from tests.test_ledger_support import (
    BACKENDS,
    CHECKERS,
    ledger_location,
    ledger_with_checkers,
    pin_named_votes,
    write_request,
)
from tests.test_workflow import Cli

ALICE_LOOKALIKES = ["alice\u200b", "al\u0456ce", "ａｌｉｃｅ", "\u202aalice", "ALICE",
                    "a l i c e", "alice\ufe0f", "\u0430lice"]


@pytest.mark.parametrize("name", ALICE_LOOKALIKES)
def test_lookalikes_of_alice_share_her_key(name: str) -> None:
    assert identity_key(name) == identity_key("alice") == "alice"


def test_distinct_people_keep_distinct_keys() -> None:
    keys = {identity_key(n) for n in ("alice", "alicia", "bob", "bobby", "Zoë", "Zoe", "李")}
    assert len(keys) == 7


def test_skeleton_follows_uts39_prototypes() -> None:
    assert skeleton("\u0456") == "i"  # CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I
    assert skeleton("1") == skeleton("l") == skeleton("I") == "l"
    assert skeleton("0") == skeleton("O")
    assert skeleton("m") == "rn"


@pytest.mark.parametrize("name", ["", "   ", "\u200b", "\u200b\u3164\u2800", "\x1b"])
def test_names_that_normalise_to_nothing_are_refused(name: str) -> None:
    with pytest.raises(PersonNameError, match="empty once"):
        check_name(name)


def test_lookalike_of_a_known_person_is_refused() -> None:
    with pytest.raises(PersonNameError, match="looks the same as 'bob'"):
        check_name("b o b", ["alice", "bob"])
    with pytest.raises(PersonNameError, match="looks the same as 'alice'"):
        check_name("aIice", ["alice"])  # capital I for l
    with pytest.raises(PersonNameError, match="invisible or control"):
        check_name("bob\u200b", [])
    assert check_name(" bob ", ["alice", "bob"]) == "bob"


@pytest.fixture(params=BACKENDS)
def cli(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    # alice is a checker too: an author who checks others' requests
    with ledger_with_checkers(request.param, tmp_path, (*CHECKERS, "alice")) as location:
        yield Cli(location)


@pytest.fixture(params=BACKENDS)
def named(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A ledger whose pinned policy says cli_votes = "named": no account, free-text names."""
    with ledger_location(request.param, tmp_path) as location:
        pin_named_votes(location)
        yield Cli(location)


def _submit(cli: Cli, tmp_path: Path) -> None:
    cli("request", "submit", str(write_request(tmp_path / "req")), "--author", "alice")


@pytest.fixture(params=[(b, m) for b in BACKENDS for m in ("account", "named")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def either(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Both kinds of vote: accounts (alice a checker too), and free-text names."""
    backend, mode = request.param
    if mode == "named":
        with ledger_location(backend, tmp_path) as location:
            pin_named_votes(location)
            yield Cli(location)
    else:
        with ledger_with_checkers(backend, tmp_path, (*CHECKERS, "alice")) as location:
            yield Cli(location)


@pytest.mark.parametrize("name", ["alice\u200b", "al\u0456ce", "ａｌｉｃｅ"])
def test_author_cannot_approve_own_failing_output_under_a_lookalike(
        either: Cli, tmp_path: Path, name: str) -> None:
    cli = either
    _submit(cli, tmp_path)
    result = cli("review", "R-0001", "--reviewer", name, "--output", "small.csv",
                 "--decision", "approve", "--comment", "fine", code=2)
    assert "is an author of R-0001 and cannot review it" in result.stderr
    assert cli.json("request", "show", "R-0001")["outputs"][1]["votes"] == 0


def test_a_lookalike_is_the_same_account(cli: Cli, tmp_path: Path) -> None:
    """With accounts, every spelling of bob logs in as bob: one vote per output."""
    _submit(cli, tmp_path)
    cli("review", "R-0001", "--reviewer", "bob", "--output", "all.csv", "--decision", "approve")
    for twin in ("b o b", "BOB", "ｂｏｂ", "b\u043eb"):
        result = cli("review", "R-0001", "--reviewer", twin, "--output", "all.csv",
                     "--decision", "approve", code=2)
        assert ("bob has already reviewed all.csv in R-0001 version 1; votes are final"
                in result.stderr), result.stderr
    assert [o["votes"] for o in cli.json("request", "show", "R-0001")["outputs"]] == [1, 0]


def test_one_person_is_not_two_reviewers(named: Cli, tmp_path: Path) -> None:
    cli = named
    _submit(cli, tmp_path)
    cli("review", "R-0001", "--reviewer", "bob", "--output", "all.csv", "--decision", "approve")
    for twin in ("b o b", "BOB", "ｂｏｂ", "b\u043eb"):
        result = cli("review", "R-0001", "--reviewer", twin, "--output", "all.csv",
                     "--decision", "approve", code=2)
        assert "already reviewed" in result.stderr or "looks the same as 'bob'" in \
            result.stderr, result.stderr
    # and not on another output either: the look-alike is refused outright
    result = cli("review", "R-0001", "--reviewer", "b o b", "--output", "small.csv",
                 "--decision", "reject", code=2)
    assert "looks the same as 'bob'" in result.stderr
    shown = cli.json("request", "show", "R-0001")
    assert [o["votes"] for o in shown["outputs"]] == [1, 0]


def test_empty_names_are_refused_everywhere(named: Cli, tmp_path: Path) -> None:
    cli = named
    folder = write_request(tmp_path / "req")
    result = cli("request", "submit", str(folder), "--author", "\u200b\u200b", code=2)
    assert "empty once" in result.stderr
    cli("request", "submit", str(folder), "--author", "alice")
    result = cli("review", "R-0001", "--reviewer", "\u3164", "--output", "all.csv",
                 "--decision", "approve", code=2)
    assert "empty once" in result.stderr
    result = cli("release", "R-0001", "--to", str(tmp_path / "o"), "--by", "\u200b", code=2)
    assert "empty once" in result.stderr
