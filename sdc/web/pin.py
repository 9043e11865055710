"""The policy a running ``sdc serve`` works under: the ledger's pin, read again per request.

The pin (``sdc.ledger.pinned``) can move while the server runs (``sdc ledger policy set`` from
the command line); a policy held since start would check new submissions under the old one
(refused by ``requests.submit``, so nothing could be submitted until a restart) and draw and
show the old one. Reading the pin is one indexed query; the policy built from it is kept per
pin, so a request pays for a build only after a re-pin.
"""

from __future__ import annotations

from functools import lru_cache

from sdc.ledger.db import Ledger
from sdc.ledger.pinned import Pin, pinned
from sdc.policy import Policy


@lru_cache(maxsize=8)
def _built(pin: Pin) -> Policy:
    return pin.policy()


def policy_in_force(ledger: Ledger) -> Policy:
    """The ledger's pinned policy now (call it off the event loop: it reads the ledger)."""
    with ledger.read() as conn:
        pin = pinned(conn)
    return _built(pin)
