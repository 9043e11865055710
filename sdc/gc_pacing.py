"""Fewer young-generation garbage collections while a large table is built and checked.

A 100,000-row table is a few hundred thousand small objects (cells, their texts, coordinates)
that live as long as the check; with CPython's default threshold (700 allocations) the
collector walks them again and again, a fifth of a large check's CPU time. Raising the first
generation's threshold for the duration keeps the collector (cycles are still collected) and
restores the setting after, also when checks nest or run in threads.

The oldest generation is also walked less often (every ``OLD_THRESHOLD`` collections of the
middle one instead of 10): each full collection walks every cell of the table being read, and a
100,000-row check made two of them, 0.4 s each (benchmarks/RESULTS.md). Young cycles are still
collected by the two younger generations, so only garbage that lived through both waits longer.

Restoring the old threshold at the end used to make the next collection a full one at once
(the middle generation's collections counted while the threshold was raised are past the
restored one): a walk of everything the check made and still holds, 0.18-0.2 s on 1,000 small
tables, paid as the check returns (round 31). The restore now starts the counts again, so that
collection comes on the collector's ordinary pacing afterwards: deferred, not skipped (every
object stays collectable). A process about to end can skip the walk at its exit too
(``no_walk_at_exit``).
"""

from __future__ import annotations

import atexit
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 10_000  # past this the gain flattens (benchmarks/RESULTS.md)
OLD_THRESHOLD = 100  # middle-generation collections per full one while a check runs

_lock = threading.RLock()  # re-entered if a collection's callback runs a check
_depth = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the block with the young generation collected every ``YOUNG_THRESHOLD``
    allocations and the oldest after ``OLD_THRESHOLD`` collections of the middle one (or
    less often if the process asked for that already)."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(YOUNG_THRESHOLD, _saved[0]), _saved[1],
                             max(OLD_THRESHOLD, _saved[2]))
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                _restore(_saved)
                _saved = None


def _restore(saved: tuple[int, int, int]) -> None:
    """Set ``saved`` back without the full collection it would make due at once.

    The oldest generation is collected once the middle one has been collected more than
    ``saved[2]`` times since the last full collection; while the check ran the bound was
    ``OLD_THRESHOLD``, so the count is usually past ``saved[2]``. Collecting with every object
    frozen walks nothing and restarts the counts; unfreezing puts every object back in the
    oldest generation, where the next full collection (on the default pacing) finds it. Not
    done when the collector is off or the process froze objects itself (unfreezing would
    undo that)."""
    if (gc.get_count()[2] > saved[2] and gc.isenabled() and gc.get_freeze_count() == 0):
        gc.freeze()
        try:
            gc.collect()
        finally:
            gc.unfreeze()
    gc.set_threshold(*saved)


_exit_hook = False


def no_walk_at_exit() -> None:
    """At this process's exit, no collection walks the objects alive now and after.

    Why: the interpreter's exit collects every generation before it clears the modules (the
    ``sdc`` command's result and reports: ~0.2 s on 1,000 tables, benchmarks/RESULTS.md round
    31); memory is returned to the system anyway. Freezing at exit (``atexit`` runs first)
    leaves cycles unfinalized, so call it only once everything the process writes is closed
    (the command line, after its report)."""
    global _exit_hook
    with _lock:
        if not _exit_hook:
            _exit_hook = True
            atexit.register(gc.freeze)


def survivors_made_old() -> bool:
    """Every object this process tracks moved to the oldest generation, none walked; True
    when done.

    Why: the young generation's count is allocations *less* deallocations. The per-output
    stage lets each table's model go as it builds the table's audit systems and form
    (``sdc.table_standin``), freeing about as many objects as it makes, so the count stays
    under the threshold while the survivors pile up in the young generation: ~210,000
    objects (forms, systems, findings) on 1,000 small tables, at ``-j 1`` and ``-j 2``
    alike. The first young collection of the release stage (SDC402's linking, where the
    other core is idle at ``-j 2``) then walked them all: 70-90 ms of the parent's CPU on a
    loaded machine (round 45, imp45), for nothing freed. They live until the report anyway.
    Nothing is skipped: any of them that becomes garbage in a cycle is found by the next full
    collection, as any old object is. Not done when the collector is off or the process
    froze objects itself (unfreezing would undo that)."""
    if not gc.isenabled() or gc.get_freeze_count():
        return False
    gc.freeze()
    gc.unfreeze()
    return True
