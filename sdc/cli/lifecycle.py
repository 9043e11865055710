"""The request lifecycle the web app added, on the command line: a draft from a folder, its
context, disclosure controls and per-output notes (supporting files), submission for review,
update, the researcher's reply, withdrawal, and a checker's return or rejection.

Each command calls the function of the same name in ``sdc.ledger.lifecycle``, as ``sdc serve``
does, so the rules (who may, in which state, what is required) exist once. Names are given with
``--by`` (default ``$SDC_USER`` or the login name), like ``review --reviewer``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from sdc.cli.workflow import LedgerOpt, StoreOpt, _errors, _open, err, ledger_policy
from sdc.cli.workflow import default_user as _default_user

if TYPE_CHECKING:
    from sdc.ledger.db import Ledger

ByOpt = Annotated[str | None, typer.Option(
    "--by", help="Who acts (default: $SDC_USER or the login name).")]
CommentOpt = Annotated[str, typer.Option("--comment", help="Why (required).")]
RulesOpt = Annotated[Path | None, typer.Option(
    "--rules", help="Policy file: refused unless it is the ledger's policy.")]
ProfileOpt = Annotated[str | None, typer.Option(
    "--profile", help="Policy profile: refused unless it is the ledger's.")]
RequestArg = Annotated[str, typer.Argument(help="Request id.")]


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

    with _errors():
        _folder(folder)
        with closing(_open(ledger, store, create=True)) as led:
            policy = ledger_policy(led, rules, profile, [folder])
            result = lifecycle.create(led, folder, author=by or _default_user(), policy=policy,
                                      workspace=folder.resolve().name)
    typer.echo(result.request_id)
    err.print(f"{result.request_id} draft: {len(result.outputs)} output(s), check "
              f"{result.status}")


def context(
    request: RequestArg,
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
    request: RequestArg,
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


def update(
    request: RequestArg,
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

    with _errors():
        _folder(folder)
        with closing(_open(ledger, store)) as led:
            policy = ledger_policy(led, rules, profile, [folder])
            result = lifecycle.update_files(led, request, folder, author=by or _default_user(),
                                            policy=policy)
    typer.echo(f"{result.request_id} version {result.version}: check {result.status}")
    if result.carried:
        err.print("votes kept (unchanged): " + escape(", ".join(result.carried)))
    if result.reset:
        err.print("votes reset (changed): " + escape(", ".join(result.reset)))


def _act(ledger: str | None, store: Path | None, act: Callable[[Ledger], object],
         done: str) -> None:
    """Apply one lifecycle step to the ledger and say what was done."""
    with _errors(), closing(_open(ledger, store)) as led:
        act(led)
    typer.echo(done)


def _step(step: str, done: str, doc: str) -> Callable[..., None]:
    """A command applying ``lifecycle.<step>`` to a request as ``--by``."""

    def command(request: RequestArg, by: ByOpt = None, ledger: LedgerOpt = None,
                store: StoreOpt = None) -> None:
        from sdc.ledger import lifecycle

        _act(ledger, store, lambda led: getattr(lifecycle, step)(
            led, request, actor=by or _default_user()), f"{request}: {done}")

    command.__doc__ = doc
    return command


def _commented_step(step: str, keyword: str, done: str, doc: str) -> Callable[..., None]:
    """A command applying ``lifecycle.<step>`` to a request with a required ``--comment``
    (passed as ``keyword``)."""

    def command(request: RequestArg, comment: CommentOpt, by: ByOpt = None,
                ledger: LedgerOpt = None, store: StoreOpt = None) -> None:
        from sdc.ledger import lifecycle

        _act(ledger, store, lambda led: getattr(lifecycle, step)(
            led, request, actor=by or _default_user(), **{keyword: comment}),
            f"{request}: {done}")

    command.__doc__ = doc
    return command


submit_for_review = _step("submit_for_review", "submitted for review",
                          "Send a draft or returned request to the checkers.")
respond = _commented_step("respond", "text", "reply recorded",
                          "The researcher's reply to the checkers (e.g. what changed after a "
                          "return).")
withdraw = _step("withdraw", "withdrawn", "Withdraw your request (until it is released).")
return_ = _commented_step("return_request", "comment", "returned to the researcher",
                          "Return a request in review to its researcher for changes (a "
                          "checker).")
reject = _commented_step("reject_request", "comment", "rejected",
                         "Reject a request in review (a checker); nothing of it is ever "
                         "released.")


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
