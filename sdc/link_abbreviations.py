"""Labels one table abbreviates that another spells out, coded as one in the linked audit.

Why: the audit links two tables where they publish the same population count under the same
labels (``sdc.linking.LabelCodes``). ``NE``, ``NW`` in one table and ``North East``, ``North
West`` in another were no link, so a margin printed under the words gave back a cell hidden
under the abbreviation and both tables passed (hunt rounds 36 and 37), while SDC503 already
paired such labels (``sdc.abbreviated_labels``). Here the release's dimensions are paired the
same way, one to one (``renaming``): each label only one dimension has abbreviates exactly one
only another has. A short label is coded as its long one everywhere in the release.

Only what every reading agrees on is kept: a short label paired with two long ones (``NE``
as ``North East`` here and ``New England`` there) is left apart, so is a chain (a long label
itself another's short one), and so is any pairing that would make two labels of one table one
(a table printing both ``NE`` and ``North East``). The pairing reads only the set of the
release's dimensions, never their order, so a streamed read, ``-j 2`` and a whole read code
alike (a streamed read that finds a pairing is read again whole: ``AuditPrebuild.settle``).
Linking more only adds equations: two tables are joined where two published cells agree, and
a join that contradicts is dropped with SDC402 ``review`` (the tables' own equations stay).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import compress
from operator import attrgetter, not_
from typing import TYPE_CHECKING

from sdc.abbreviated_labels import MAX_LABELS, MAX_SHORT, renaming
from sdc.column_cells import fold
from sdc.link_labels import link_label

if TYPE_CHECKING:
    from sdc.table import Table

# one table's labels as the pairing reads them (folded): each dimension's of at most
# ``MAX_LABELS``, then the labels of its longer dimensions, held only to keep its labels apart,
# and whether they are all held. Over ``MAX_HELD`` only those that may be short are (a short
# label it prints is then paired nowhere: its long one may stand beside it, unseen); None:
# more than ``MAX_HELD`` even of those, nothing known of them
Dimensions = tuple[tuple[frozenset[str], ...], frozenset[str] | None, bool]

MAX_SETS = 300  # distinct dimensions that hold a short label: more are paired no further
# (each is paired with each; a release of that many is no renamed copy of one table)
MAX_HELD = 20_000  # labels of a table's longer dimensions held to keep them apart
_COORDS, _TOTAL_DIMS = attrgetter("coords"), attrgetter("total_dims")


def table_dimensions(table: Table) -> Dimensions:
    """Each dimension's distinct categories (its labels but its margins') as the audit folds
    them (``link_label``); a dimension of more than ``MAX_LABELS`` labels is no renamed
    category: only held.

    A margin's label (``Total``) is no category: left in, a table abbreviating its regions
    and printing their ``Total`` was paired with no table spelling them out without one
    (``renaming`` reads the labels only the short side has, ``total`` among them), so
    ``a.csv`` by ``NE``, ``SW``, ``Total`` beside ``b.csv`` by ``North East``, ``South
    West`` was no link, and a hidden cell of ``b.csv`` came back through ``a.csv``'s counts
    and passed, while the pair spelt alike, or ``b.csv`` abbreviating, was ``review``
    (round 46, link46). The categories are those ``sdc.ledger.margins`` pairs (its
    ``_labels_by_dim``)."""
    from sdc.coords import distinct_labels_by_dim

    cells = table.cells
    # split in C, not a Python step per cell (a 1 MiB long table's 60,000: issue 14)
    plain = list(map(_COORDS, compress(cells, map(not_, map(_TOTAL_DIMS, cells)))))
    found = distinct_labels_by_dim(plain, table.dimensions)
    del plain
    # a margin of one dimension is a category of the others: its labels on those, read per
    # set of margin dimensions (a few), each as the plain cells' are
    margins: dict[frozenset[str], list[Mapping[str, str]]] = defaultdict(list)
    kept = list(compress(cells, map(_TOTAL_DIMS, cells)))
    for total_dims, coords in zip(map(_TOTAL_DIMS, kept), map(_COORDS, kept), strict=True):
        margins[total_dims].append(coords)
    del kept
    for total_dims, coords in margins.items():
        others = [dim for dim in found if dim not in total_dims]
        for dim, labels in distinct_labels_by_dim(coords, others).items():
            found[dim] |= labels
    small = tuple(frozenset(link_label(label) for label in labels if label)
                  for labels in found.values() if len(labels) <= MAX_LABELS)
    big = [labels for labels in found.values() if len(labels) > MAX_LABELS]
    if sum(map(len, big)) <= MAX_HELD:
        return small, frozenset(
            link_label(label) for labels in big for label in labels if label), True
    # hunt38: too many to hold stopped the pairing for the whole release, so a small
    # abbreviated table beside one long table gave hidden cells back and passed
    shorts = frozenset(folded for labels in big for label in labels if label
                       and _may_be_short(folded := link_label(label)))
    return small, shorts if len(shorts) <= MAX_HELD else None, False


def _may_be_short(label: str) -> bool:
    letters = label.replace(".", "").strip()
    return letters.isalpha() and len(letters) <= MAX_SHORT


def agreed_aliases(renamings: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """The pairings every one of ``renamings`` (each ``renaming``'s short label -> long
    label) agrees on: a short label paired with one long label only, and no chain (a long
    label itself paired as short, or a short one another's long). The linking's
    (``release_aliases``) and the ledger's (``sdc.ledger.margins.spelt_alike``) pairing,
    one reading."""
    paired: dict[str, set[str]] = defaultdict(set)
    for renamed in renamings:
        for short, long in renamed.items():
            paired[short].add(long)
    aliases = {short: next(iter(found)) for short, found in paired.items() if len(found) == 1}
    targets = set(aliases.values())
    return {short: long for short, long in aliases.items()
            if long not in aliases and short not in targets}


def release_aliases(tables: Iterable[Dimensions]) -> dict[str, str]:
    """Each short label -> the long label it abbreviates, over the release's tables (each
    given by its dimensions' folded labels): only pairings every table keeps apart."""
    return release_pairings(tables)[0]


# readings of a release's ambiguous abbreviations tried (each a whole audit): more are not
# tried, and each table printing such a label is ``review`` (``sdc.ambiguous_readings``)
MAX_READINGS = 4
Reading = tuple[dict[str, str], dict[str, str]]  # (every alias, those a guess chose)


def release_pairings(tables: Iterable[Dimensions]
                     ) -> tuple[dict[str, str], list[Reading] | None]:
    """:func:`release_aliases`, and the readings of the release's ambiguous abbreviations:
    a short label that two or more pairings give two long labels (``NE`` beside ``North
    East`` in one table and ``New England`` in another) is paired with neither in the
    aliases; each reading pairs each such label with one of its long labels, beside the
    aliases (at most ``MAX_READINGS``; None: more). Why (round 47, abbr47): paired with
    neither, ``NE``'s hidden cell that either table gives back passed; which one ``NE`` is,
    the release does not say, so each is tried (``sdc.ambiguous_readings``)."""
    tables = list(tables)
    # a table too long to hold its labels stops no pairing (it did: hunt38): a pairing it
    # cannot be seen to keep apart merges two of its keys, which contradicts (SDC402
    # ``review``) or links more (SDC501 ``fail``), never clears a cell
    sets = {labels for dims, _, _ in tables for labels in dims if len(labels) > 1}
    shorts = sorted((s for s in sets if any(_may_be_short(label) for label in s)), key=sorted)
    if len(shorts) > MAX_SETS:
        return {}, []
    longs = sorted(sets, key=sorted)
    renamings = [renaming(mine, theirs) for mine in shorts for theirs in longs
                 if mine != theirs]
    aliases = _kept_apart(agreed_aliases(renamings), tables)
    return aliases, _readings(renamings, aliases, tables)


def _readings(renamings: list[dict[str, str]], aliases: dict[str, str],
              tables: list[Dimensions]) -> list[Reading] | None:
    """Each way of pairing the short labels ``renamings`` give two long labels or more,
    one long label each, beside ``aliases``; a way that makes two labels of one table one
    (or a chain) is no reading. None: more than ``MAX_READINGS`` ways."""
    import itertools

    paired: dict[str, set[str]] = defaultdict(set)
    for renamed in renamings:
        for short, long in renamed.items():
            paired[short].add(long)
    choices = [(short, sorted(found)) for short, found in sorted(paired.items())
               if len(found) > 1]
    if not choices:
        return []
    count = 1
    for _, found in choices:
        count *= len(found)
        if count > MAX_READINGS:
            return None
    readings: list[Reading] = []
    for picked in itertools.product(*(found for _, found in choices)):
        chose = {short: long for (short, _), long in zip(choices, picked, strict=True)}
        every = {**aliases, **chose}
        if set(every) & set(every.values()):
            continue  # a chain: a long label itself abbreviated
        if _kept_apart(dict(every), tables) == every:
            readings.append((every, chose))
    return readings


def _kept_apart(aliases: dict[str, str], tables: list[Dimensions]) -> dict[str, str]:
    """``aliases`` without a pairing some table cannot keep apart: one that would make two
    of its labels one, or one of a table whose labels are not all held (its long label may
    be there too). Changes ``aliases``, and returns it."""
    for dims, held, complete in tables:
        if not complete:  # only its short labels held: each one's long label may be there too
            for label in held or ():
                aliases.pop(label, None)
        labels = set(held or ()).union(*dims)
        made: dict[str, list[str]] = defaultdict(list)  # a long label -> this table's labels
        for label in labels:
            made[aliases.get(label, label)].append(label)
        for same in made.values():
            if len(same) > 1:  # two of one table's labels would be one: neither is paired
                for label in same:
                    aliases.pop(label, None)
    return aliases


# the aliases an audit of one reading of the release's ambiguous abbreviations codes its keys
# with (``reading``, ``sdc.ambiguous_readings``): none else (each build pairs its tables)
_READING: ContextVar[dict[str, str] | None] = ContextVar("link_abbreviations_reading",
                                                         default=None)


@contextmanager
def reading(aliases: dict[str, str]) -> Iterator[None]:
    """Within it, every build of table systems codes its keys with ``aliases`` (one reading
    of the release's abbreviations: :func:`release_pairings`), not the pairing of its own
    tables (:func:`read_as`)."""
    token = _READING.set(aliases)
    try:
        yield
    finally:
        _READING.reset(token)


def read_as() -> dict[str, str] | None:
    """The aliases of the reading being audited (:func:`reading`), or None."""
    return _READING.get()


# the release's aliases while its totals lines are read as unions (``spelling``): none else
_SPELLING: ContextVar[Mapping[str, str] | None] = ContextVar("link_abbreviations_spelling",
                                                             default=None)


@contextmanager
def spelling(aliases: Mapping[str, str] | None) -> Iterator[None]:
    """Within it, :func:`spelt` reads a short label as the long one it abbreviates in the
    release (``aliases``, ``release_aliases``')."""
    token = _SPELLING.set(aliases or None)
    try:
        yield
    finally:
        _SPELLING.reset(token)


def spelt(text: object) -> str:
    """A label (or a dimension's name) as the union reading compares it
    (``sdc.union_totals``): folded (``column_cells.fold``), and a short label the release's
    aliases pair (:func:`spelling`) spelt as its long one, as the linking codes it.

    Why (round 46, link46): the union reading compared folded labels, so ``NE``, ``SW`` rows
    of ``b.csv`` adding to 108 with no total beside ``a.csv``'s ``North East``, ``South
    West`` 107 were read as no parts of ``a.csv``'s wholes, and passed, where the two tables
    spelt alike contradict (SDC402, SDC502 ``review``). The aliases never make two labels of
    one table one (``release_aliases``), so a union read through them is one read as if the
    release spelt its labels alike: a false one contradicts or adds a finding, never clears
    one."""
    folded = fold(text)
    aliases = _SPELLING.get()
    if aliases:
        long = aliases.get(link_label(folded))
        if long is not None:
            return long
    return folded
