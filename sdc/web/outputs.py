"""One output of a stored request on its web page: the page the ledger drew
(``sdc.ledger.drawing``), and drawing a request's pages after a response."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from starlette.background import BackgroundTask

from sdc.ledger.db import Ledger
from sdc.ledger.drawing import draw, draw_all
from sdc.policy import Policy
from sdc.web.pin import policy_in_force

PRERENDER_AFTER = ("submit",)  # create and update draw their pages themselves (requests.submit)


def output_html(ledger: Ledger, request_id: str, path: str, policy: Policy) -> Markup:
    """The output page's "what the check found" part for ``path`` in the current version:
    usually a lookup, as every version's pages are drawn when it is recorded."""
    return Markup(draw(ledger, request_id, path, policy))


def warm(request: Any, request_id: str) -> BackgroundTask:
    """Draw the request's output pages after the response is sent (any evicted since)."""
    return BackgroundTask(_draw_all, request.app.state.ledger, request_id)


def _draw_all(ledger: Ledger, request_id: str) -> None:
    draw_all(ledger, request_id, policy_in_force(ledger))
