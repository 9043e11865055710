"""The audit of hidden cells under each reading of an ambiguous abbreviation (SDC501).

Why (round 47, abbr47): a short label the release pairs with two long ones (``NE`` beside
``North East`` in ``a.csv`` and ``New England`` in ``c.csv``) is paired with neither
(``sdc.link_abbreviations``: only what every reading agrees on links tables). So
``b.csv`` by ``NE``, ``SW`` hiding North East's women, beside ``a.csv``'s ``North East``
50, passed, while without ``c.csv`` it is SDC501 ``review`` (50 - 30 = 20): a third table
that spells ``NE`` another way took the check away. Which one ``NE`` is the release does
not say, and a reader may try both.

Here, when the build found such labels (``TableSystem.readings``), the release is audited
again under each reading (each ambiguous label paired with one of its long labels, beside
the agreed pairings; at most ``link_abbreviations.MAX_READINGS``), each table standing in
as the table of its count cells (``prior_release.stand_in``: its model may have gone), as
the audit beside released tables does. Each reading's audit is one of the whole release
after the release's own audit's pool, so it runs on ``-j`` processes as that one does (its
workers forked inside ``reading``, whose aliases they inherit), and the readings' result is
made once for SDC501 and SDC502 (``suppression._ReadingsMade``, round 49).

A hidden cell a reading pins that the release's own audit did not is SDC501 ``review`` at
that cell, never ``fail``: it rests on a guess of what a label means. More readings than
that: ``review`` for every table that hides a count.

A reading may also narrow a hidden count without pinning it: ``b.csv``'s ``NE`` women
within [1, 9] when ``NE`` is ``North East`` (counts rounded to 5 beside ``a.csv``'s 35),
which the release's own audit leaves open. That is SDC502's ground, so such a count (below
the threshold under a reading, not so under the release's own audit) is SDC502 ``review``
at that cell (round 48, rename48), each narrowing reading's interval given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sdc.context import CheckContext
    from sdc.link_abbreviations import Reading
    from sdc.outputs import Output
    from sdc.rules.suppression import AuditedCell, _Audit


@dataclass(frozen=True)
class ReadingRecovery:
    """A hidden cell one reading pins (the release's own audit does not), and the pairings
    that reading guessed (short label -> long label, as folded)."""

    audited: AuditedCell
    chose: dict[str, str]


@dataclass(frozen=True)
class ReadingsFound:
    """What the readings add: the cells they pin (each cell's pins, one per reading that
    pins it, in the order of the readings), the outputs an audit of a reading could
    not evaluate (``review``), when the readings were too many to try, the outputs
    hiding a count (``review``), and the counts a reading narrows below the threshold
    without pinning them (each cell's, one per reading, as ``cells``: SDC502)."""

    cells: list[list[ReadingRecovery]]
    broken: list[tuple[Output, str]]
    untried: list[Output]
    narrow: list[list[ReadingRecovery]] = field(default_factory=list)


NONE = ReadingsFound([], [], [])


def release_readings(shared: _Audit) -> list[Reading] | None:
    """The readings of the release's ambiguous abbreviations its build found (None: too
    many to try; empty: none)."""
    for ts in shared.checked:
        if ts.readings != []:
            return ts.readings
    return []


def reading_recoveries(outputs: list[Output], ctx: CheckContext, shared: _Audit
                       ) -> ReadingsFound:
    """The hidden cells of ``outputs`` that an audit under a reading of the release's
    ambiguous abbreviations pins, or narrows below the threshold, and its own audit does not
    (nothing when it has none, or hides no count). Made once for SDC501 and SDC502 both
    (``suppression._ReadingsMade``, in the run's shared work under the release's audit) and
    let go with that audit once its last reader is done (``tests/test_audit_let_go.py``).
    """
    readings = release_readings(shared)
    hiding = {id(ts.output): ts.output for ts in shared.systems if ts.count and ts.suppressed}
    if readings == [] or not hiding:
        return NONE
    if readings is None:
        return ReadingsFound([], [], list(hiding.values()))
    # imported only for a release with readings: the release rules' tail imports nothing
    # otherwise (tests/test_audit_imports_beside_tail.py)
    from sdc.link_abbreviations import reading
    from sdc.rules.prior_release import stand_in
    from sdc.rules.released_audit import _audit

    stand_ins = [s for s in map(stand_in, (o for o in outputs if o.table is not None))
                 if s is not None]
    threshold = ctx.policy.shared.threshold
    known = {(a.ts.output.path, a.ts.output.sheet, a.place)
             for a in shared.cells if a.interval.exact}
    # the counts the release's own audit already narrows (SDC502 says so there)
    narrowed = known | {(a.ts.output.path, a.ts.output.sheet, a.place) for a in shared.cells
                        if a.ts.count and a.interval.hi < threshold}
    cells: dict[tuple[str, str | None, tuple[int, int]], list[ReadingRecovery]] = {}
    narrow: dict[tuple[str, str | None, tuple[int, int]], list[ReadingRecovery]] = {}
    broken: list[tuple[Output, str]] = []
    for every, chose in readings:
        with reading(every):
            # the release's components on ``-j`` processes, as its own audit's (each reading's
            # audit is one of the whole release: alone in this process after the audit's pool)
            audit = _audit(stand_ins, ctx, jobs=ctx.jobs)
        for audited in audit.cells:
            output = audited.ts.output
            where = (output.path, output.sheet, audited.place)
            if not audited.ts.count:
                continue
            if audited.interval.exact:
                if where not in known:
                    cells.setdefault(where, []).append(ReadingRecovery(audited, chose))
            elif audited.interval.hi < threshold and where not in narrowed:
                narrow.setdefault(where, []).append(ReadingRecovery(audited, chose))
        broken += [(o, detail) for o, detail in audit.crashed.values()]
        broken += [(ts.output, reason) for ts, reason in audit.failed]
    return ReadingsFound(list(cells.values()), broken, [], list(narrow.values()))


def guessed(chose: dict[str, str]) -> str:
    """The pairings a reading guessed, as a reader is told them (``ne`` is ``north east``)."""
    return " and ".join(f"'{short}' is '{long}'" for short, long in sorted(chose.items()))
