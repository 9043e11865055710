"""The request lifecycle the web app added, on the command line: a draft from a folder, its
context, disclosure controls and per-output notes (supporting files), submission for review,
update, the researcher's reply, withdrawal, and a checker's return or rejection.

Each command calls the function of the same name in ``sdc.ledger.lifecycle``, as ``sdc serve``
does, so the rules (who may, in which state, what is required) exist once. Names are given with
``--by`` (default ``$SDC_USER`` or the login name), like ``review --reviewer``.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sdc.cli.workflow import LedgerOpt, StoreOpt, _errors, _open, _policy_reviewers, err
from sdc.cli.workflow import default_user as _default_user

ByOpt = Annotated[str | None, typer.Option(
    "--by", help="Who acts (default: $SDC_USER or the login name).")]
CommentOpt = Annotated[str, typer.Option("--comment", help="Why (required).")]
RulesOpt = Annotated[Path | None, typer.Option("--rules", help="Policy file (rules.toml).")]
ProfileOpt = Annotated[str | None, typer.Option("--profile", help="Policy profile.")]


def _folder(folder: Path) -> None:
    if not folder.is_dir():
        from sdc.ledger.errors import LedgerError

        raise LedgerError(f"not a folder: {folder}")


def draft(
    folder: Annotated[Path, typer.Argument(help="The request folder (its outputs).")],
    by: ByOpt = None,
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
) -> None:
    """Snapshot and check a folder as a draft request (add context, controls and notes, then
    `sdc request submit-for-review`); print its id."""
    from sdc.ledger import lifecycle
    from sdc.policy import load_policy

    with _errors():
        _folder(folder)
        policy = load_policy(rules, profile=profile, checked=[folder])
        with closing(_open(ledger, store, create=True)) as led:
            result = lifecycle.create(led, folder, author=by or _default_user(), policy=policy,
                                      workspace=folder.resolve().name,
                                      reviewers_required=_policy_reviewers(policy))
    typer.echo(result.request_id)
    err.print(f"{result.request_id} draft: {len(result.outputs)} output(s), check "
              f"{result.status}")


def context(
    request: Annotated[str, typer.Argument(help="Request id.")],
    text: Annotated[str, typer.Option("--context", help="What the outputs are for.")],
    controls: Annotated[str, typer.Option(
        "--controls", help="The disclosure controls applied (suppression, rounding...).")],
    by: ByOpt = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
) -> None:
    """Set the request's context and disclosure controls (both required to submit)."""
    from sdc.ledger import lifecycle

    with _errors(), closing(_open(ledger, store)) as led:
        lifecycle.set_context(led, request, actor=by or _default_user(), context=text,
                              controls=controls)
    typer.echo(f"{request}: context and disclosure controls recorded")


def notes(
    request: Annotated[str, typer.Argument(help="Request id.")],
    output: Annotated[str, typer.Option("--output", help="Output path, as `request show` "
                                                          "lists it.")],
    description: Annotated[str, typer.Option("--description", help="What it shows.")] = "",
    justification: Annotated[str, typer.Option(
        "--justification", help="Why it is safe and needed (required unless supporting).")]
    = "",
    supporting: Annotated[bool, typer.Option(
        "--supporting/--not-supporting", help="A supporting file: shown to checkers, never "
                                              "voted on nor released.")] = False,
    by: ByOpt = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
) -> None:
    """Set an output's description and justification, and whether it only supports."""
    from sdc.ledger import lifecycle

    with _errors(), closing(_open(ledger, store)) as led:
        lifecycle.set_notes(led, request, output, actor=by or _default_user(),
                            description=description, justification=justification,
                            supporting=supporting)
    typer.echo(f"{output}: notes recorded" + (" (supporting file)" if supporting else ""))


def submit_for_review(
    request: Annotated[str, typer.Argument(help="Request id.")],
    by: ByOpt = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
) -> None:
    """Send a draft or returned request to the checkers."""
    from sdc.ledger import lifecycle

    with _errors(), closing(_open(ledger, store)) as led:
        lifecycle.submit_for_review(led, request, actor=by or _default_user())
    typer.echo(f"{request}: submitted for review")


def update(
    request: Annotated[str, typer.Argument(help="Request id.")],
    folder: Annotated[Path, typer.Argument(help="The request folder, changed.")],
    by: ByOpt = None,
    rules: RulesOpt = None,
    profile: ProfileOpt = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
) -> None:
    """A new version of a draft or returned request from its changed folder; changed outputs
    lose their votes."""
    from sdc.ledger import lifecycle
    from sdc.policy import load_policy

    with _errors():
        _folder(folder)
        policy = load_policy(rules, profile=profile, checked=[folder])
        with closing(_open(ledger, store)) as led:
            result = lifecycle.update_files(led, request, folder, author=by or _default_user(),
                                            policy=policy)
    typer.echo(f"{result.request_id} version {result.version}: check {result.status}")
    if result.carried:
        err.print("votes kept (unchanged): " + escape(", ".join(result.carried)))
    if result.reset:
        err.print("votes reset (changed): " + escape(", ".join(result.reset)))


def respond(
    request: Annotated[str, typer.Argument(help="Request id.")],
    comment: CommentOpt,
    by: ByOpt = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
) -> None:
    """The researcher's reply to the checkers (e.g. what changed after a return)."""
    from sdc.ledger import lifecycle

    with _errors(), closing(_open(ledger, store)) as led:
        lifecycle.respond(led, request, actor=by or _default_user(), text=comment)
    typer.echo(f"{request}: reply recorded")


def withdraw(
    request: Annotated[str, typer.Argument(help="Request id.")],
    by: ByOpt = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
) -> None:
    """Withdraw your request (until it is released)."""
    from sdc.ledger import lifecycle

    with _errors(), closing(_open(ledger, store)) as led:
        lifecycle.withdraw(led, request, actor=by or _default_user())
    typer.echo(f"{request}: withdrawn")


def return_(
    request: Annotated[str, typer.Argument(help="Request id.")],
    comment: CommentOpt,
    by: ByOpt = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
) -> None:
    """Return a request in review to its researcher for changes (a checker)."""
    from sdc.ledger import lifecycle

    with _errors(), closing(_open(ledger, store)) as led:
        lifecycle.return_request(led, request, actor=by or _default_user(),
                                 comment=comment)
    typer.echo(f"{request}: returned to the researcher")


def reject(
    request: Annotated[str, typer.Argument(help="Request id.")],
    comment: CommentOpt,
    by: ByOpt = None,
    ledger: LedgerOpt = None,
    store: StoreOpt = None,
) -> None:
    """Reject a request in review (a checker); nothing of it is ever released."""
    from sdc.ledger import lifecycle

    with _errors(), closing(_open(ledger, store)) as led:
        lifecycle.reject_request(led, request, actor=by or _default_user(),
                                 comment=comment)
    typer.echo(f"{request}: rejected")


def register(request_app: typer.Typer) -> None:
    """Add the lifecycle commands to ``sdc request``."""
    request_app.command("draft")(draft)
    request_app.command("context")(context)
    request_app.command("notes")(notes)
    request_app.command("submit-for-review")(submit_for_review)
    request_app.command("update")(update)
    request_app.command("respond")(respond)
    request_app.command("withdraw")(withdraw)
    request_app.command("return")(return_)
    request_app.command("reject")(reject)
