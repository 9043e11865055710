"""Fail closed one output at a time: a crash while a release rule evaluates one output (or one
linked component of tables) becomes an SDC602 ``review`` finding on *that* output, and the rule
carries on with the rest of the release instead of stopping for everyone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from sdc.results import Finding

if TYPE_CHECKING:
    from sdc.outputs import Output

UNREADABLE = ("SDC602", "unreadable-output")
T = TypeVar("T")


def crash_finding(rule_code: str, output: Output, error: BaseException | str,
                  what: str = "could not check this output") -> Finding:
    """An SDC602 finding saying ``rule_code`` broke on ``output`` (a person must look)."""
    detail = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    code, name = UNREADABLE
    return Finding(rule=code, name=name, location=output.location(),
                   message=f"{rule_code} {what} ({detail}); a person must check it",
                   public_message=f"{rule_code} {what}; a person must check it")


def each_guarded(rule_code: str, items: Iterable[T], owners: Callable[[T], Iterable[Output]],
                 evaluate: Callable[[T], Iterable[Finding]]) -> Iterable[Finding]:
    """``evaluate`` every item; an item that raises turns its owners (the outputs it concerns)
    into SDC602 findings, each owner reported once, and the next item is evaluated."""
    reported: set[int] = set()
    for item in items:
        try:
            found = list(evaluate(item))
        except Exception as exc:  # a bug must fail closed for this item, not the release
            for output in owners(item):
                if id(output) not in reported:
                    reported.add(id(output))
                    yield crash_finding(rule_code, output, exc)
            continue
        yield from found
