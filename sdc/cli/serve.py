"""``sdc serve``: the output checkers' web app over the ledger (the ``sdc[server]`` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sdc.cli.common import err, usage_error
from sdc.cli.workflow import LedgerOpt, _errors, _open

if TYPE_CHECKING:
    from sdc.ledger.db import Ledger
    from sdc.policy import Policy

DEMO_USERS = (("researcher", "ada"), ("checker", "grace"), ("checker", "alan"),
              ("admin", "admin"))


def serve(
    ledger: LedgerOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workspaces: Annotated[Path | None, typer.Option(
        "--workspaces", help="Folder whose sub-folders researchers may submit.")] = None,
    releases: Annotated[Path, typer.Option(
        "--releases", help="Folder that released requests are written into (one sub-folder "
                           "per request).")] = Path("released"),
    rules: Annotated[Path | None, typer.Option(
        "--rules", help="Policy file: refused unless it is the ledger's policy (pin it with "
                        "sdc ledger policy set); the ledger's policy is used either way.")]
    = None,
    profile: Annotated[str | None, typer.Option(
        "--profile", help="Policy profile: refused unless it is the ledger's.")] = None,
    auth_header: Annotated[str | None, typer.Option(
        "--auth-header", help="Trust this request header's user name (an authenticating "
                              "reverse proxy, e.g. X-Remote-User). Off by default.")] = None,
    secure_cookies: Annotated[bool, typer.Option(
        "--secure-cookies", help="Mark cookies Secure (when served over HTTPS).")] = False,
    demo: Annotated[bool, typer.Option(
        "--demo", help="Demo: a new temporary ledger (unless --ledger) with a researcher and "
                       "two checkers whose passwords are printed.")] = False,
) -> None:
    """Start the web app for researchers, output checkers and admins."""
    try:
        import uvicorn

        from sdc.web.app import Config, create_app
    except ImportError as exc:
        raise usage_error(f"sdc serve needs the server extra ({exc.name} is missing): "
                          "pip install 'sdc[server]'") from None
    from sdc.cli.workflow import ledger_policy

    if workspaces is not None and not workspaces.is_dir():
        raise usage_error(f"--workspaces {workspaces}: not a folder")
    if demo and ledger is None:
        import tempfile

        ledger = str(Path(tempfile.mkdtemp(prefix="sdc-demo-")) / "ledger.sqlite")
    with _errors():
        led = _open(ledger, None, create=True)
        try:  # the ledger's pinned policy; a --rules naming another one is refused
            policy = ledger_policy(led, rules, profile, [])
        except BaseException:
            led.close()
            raise
    if demo:
        _demo_users(led)
        if workspaces is not None:
            _demo_request(led, workspaces, policy)
    config = Config(workspaces=workspaces.resolve() if workspaces else None,
                    releases=releases.resolve(), policy=policy, rules=rules, profile=profile,
                    auth_header=auth_header.lower() if auth_header else None,
                    secure_cookies=secure_cookies)
    err.print(f"sdc serve: ledger {led.location.display}, policy {policy.profile} "
              f"({policy.sha256[:12]}…), http://{host}:{port}/")
    try:
        uvicorn.run(create_app(led, config), host=host, port=port, log_level="warning")
    finally:
        led.close()


def _demo_users(led: Ledger) -> None:
    import secrets

    from sdc.ledger.users import add_user, get_user

    for role, name in DEMO_USERS:
        if get_user(led, name) is not None:
            continue
        password = secrets.token_urlsafe(9)
        with _errors():
            add_user(led, name, role, password, actor="sdc-demo")
        err.print(f"demo {role}: {name} / {password}")


def _demo_request(led: Ledger, workspaces: Path, policy: Policy) -> None:
    """A submitted request from the first workspace folder, so the queue is not empty."""
    from sdc.ledger import lifecycle
    from sdc.ledger.requests import list_requests
    from sdc.web.workspaces import list_workspaces, resolve_workspace

    names = list_workspaces(workspaces.resolve())
    if not names or list_requests(led):
        return
    with _errors():
        folder = resolve_workspace(workspaces.resolve(), names[0])
        result = lifecycle.create(led, folder, author="ada", policy=policy, workspace=names[0])
        lifecycle.set_context(led, result.request_id, actor="ada",
                              context="Demo request made by sdc serve --demo",
                              controls="none yet: see the automatic check")
        for path in result.outputs:
            lifecycle.set_notes(led, result.request_id, path, actor="ada", description="",
                                justification="demo", supporting=False)
        lifecycle.submit_for_review(led, result.request_id, actor="ada")
    err.print(f"demo request {result.request_id} from {names[0]}: {len(result.outputs)} "
              f"output(s), check {result.status}")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
