"""Fail closed one output at a time: a crash while a release rule evaluates one output (or one
linked component of tables) becomes an SDC602 ``review`` finding on *that* output, and the rule
carries on with the rest of the release instead of stopping for everyone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

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
                 evaluate: Callable[[T], Iterable[Finding]], *, jobs: int = 1,
                 batch: int = 1) -> Iterable[Finding]:
    """``evaluate`` every item; an item that raises turns its owners (the outputs it concerns)
    into SDC602 findings, each owner reported once, and the next item is evaluated.

    With ``jobs`` > 1 the items are evaluated in forked processes (``sdc.parallel``), which
    ``evaluate`` must allow: it may read anything but must change nothing the caller sees.
    The findings, and their order, are the serial ones.

    ``batch`` > 1 (serially): that many items evaluated under one guard (a release's hidden
    cells are hundreds of thousands of items, most of them finding nothing); a batch that
    raises is evaluated again item by item, so each item's outcome is its own, as with one
    guard each. Only for an ``evaluate`` that changes nothing (it may run twice on an item)."""
    reported: set[int] = set()
    listed = list(items)
    outcomes = (_batched(listed, evaluate, batch) if batch > 1 and jobs <= 1
                else _outcomes(listed, evaluate, jobs))
    for item, (ok, found) in zip(listed, outcomes, strict=True):
        if ok:
            yield from found
            continue
        for output in owners(item):
            if id(output) not in reported:
                reported.add(id(output))
                yield crash_finding(rule_code, output, found)


def guarded_call(call: Callable[[], Any]) -> tuple[bool, Any]:
    """``(True, call())``, or ``(False, the error's description)`` when it raises: what a
    worker sends back for one item, so a crash stays on that item's outputs."""
    try:
        return True, call()
    except Exception as exc:  # a bug must fail closed for this item, not the release
        return False, f"{type(exc).__name__}: {exc}"


def _outcomes(items: list[T], evaluate: Callable[[T], Iterable[Finding]], jobs: int
              ) -> Iterator[tuple[bool, Any]]:
    """``(True, findings)`` or ``(False, the error's description)`` per item, in order."""

    def outcome(item: T) -> tuple[bool, Any]:
        return guarded_call(lambda: list(evaluate(item)))

    if jobs <= 1:
        return (outcome(item) for item in items)
    from sdc.pool import ordered_map

    return ordered_map(outcome, items, jobs)


def _batched(items: list[T], evaluate: Callable[[T], Iterable[Finding]], batch: int
             ) -> Iterator[tuple[bool, Any]]:
    """``_outcomes(items, evaluate, 1)``, ``batch`` items under one guard: a batch that raises
    is evaluated again one item at a time (each item's own outcome, as serially)."""
    for start in range(0, len(items), batch):
        chunk = items[start:start + batch]
        try:
            found = [list(evaluate(item)) for item in chunk]
        except Exception:  # which item broke, and the others' findings: one guard each
            yield from _outcomes(chunk, evaluate, 1)
            continue
        for each in found:
            yield True, each
