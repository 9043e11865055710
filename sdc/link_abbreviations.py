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
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sdc.abbreviated_labels import MAX_LABELS, MAX_SHORT, renaming
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


def table_dimensions(table: Table) -> Dimensions:
    """Each dimension's distinct labels as the audit folds them (``link_label``); a dimension
    of more than ``MAX_LABELS`` labels is no renamed category: only held."""
    from sdc.coords import distinct_labels_by_dim

    found = distinct_labels_by_dim([cell.coords for cell in table.cells], table.dimensions)
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


def release_aliases(tables: Iterable[Dimensions]) -> dict[str, str]:
    """Each short label -> the long label it abbreviates, over the release's tables (each
    given by its dimensions' folded labels): only pairings every table keeps apart."""
    tables = list(tables)
    # a table too long to hold its labels stops no pairing (it did: hunt38): a pairing it
    # cannot be seen to keep apart merges two of its keys, which contradicts (SDC402
    # ``review``) or links more (SDC501 ``fail``), never clears a cell
    sets = {labels for dims, _, _ in tables for labels in dims if len(labels) > 1}
    shorts = sorted((s for s in sets if any(_may_be_short(label) for label in s)), key=sorted)
    if len(shorts) > MAX_SETS:
        return {}
    longs = sorted(sets, key=sorted)
    paired: dict[str, set[str]] = defaultdict(set)
    for mine in shorts:
        for theirs in longs:
            if mine != theirs:
                for short, long in renaming(mine, theirs).items():
                    paired[short].add(long)
    aliases = {short: next(iter(found)) for short, found in paired.items() if len(found) == 1}
    targets = set(aliases.values())
    aliases = {short: long for short, long in aliases.items()
               if long not in aliases and short not in targets}
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
