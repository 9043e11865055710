"""Released tables by their margins, whatever their dimensions are called (round 43, ledger43).

Why: the index's signatures (``sdc.ledger.index``) hash dimension names, so a released
``region × sex`` whose ``Total`` row completes a new ``age × sex`` (the new table's hidden
women are the released women less its printed ones), or the same table released under
``area`` for ``region``, was never looked up: the new table passed with ``--ledger`` though
the same two tables in one release are linked by their labels (SDC501). A lookup of every
released table against every new one (all pairs) would not scale (issue 14 §1).

So each released table is also stored under its *margin signatures*: the table itself and
each of its dimensions collapsed to its margin, the dimensions' names dropped and their
labels kept (``region × sex`` collapsed on ``region``: the labels ``F, M``, which a new
``age × sex`` collapsed on ``age`` has too, and a one-way ``sex`` table is). A new table is
looked up by its own signatures, one index range each, narrowed to equal grand totals where
both tables print one (``margin_ids``); what is found is linked as in one release when two
numbers printed under the same labels agree and none differs (``margins_agree``), else only
by labels (the audit's ``apart``: ``review``). A released table whose stored entry cannot be read is
stored under ``UNREAD``, and a check with a ledger holding one says so (``unread``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, select

from sdc.abbreviated_labels import first_letters, renaming
from sdc.ledger import schema
from sdc.ledger.index import digest, first_measure, index_entries, norm
from sdc.link_abbreviations import agreed_aliases
from sdc.link_labels import link_label

UNREAD = "unread"  # the margin signature of a released table whose entry could not be read

MarginKey = tuple[str, tuple[str, ...]]  # measure, the kept dimensions' labels (``*``: margin)
Margin = tuple[str, dict[MarginKey, float | None]]  # signature, printed values by key


def _labels_by_dim(payload: dict[str, Any]) -> dict[str, set[str]]:
    """Each dimension's labels (not its totals), spelt as the linking reads them."""
    cells = payload["cells"]
    labels: dict[str, set[str]] = {d: set() for d in sorted({d for c in cells for d in c[1]})}
    for _name, coords, total_dims, *_ in cells:
        for dim, label in coords.items():
            if dim not in total_dims:
                labels[dim].add(link_label(label))
    return labels


ANY_MEASURE = "*"  # the one count measure of a table, whatever it is called (round 50)


def _measures(cells: Sequence[Sequence[Any]]) -> list[str]:
    """The table's count measures by folded name, or ``ANY_MEASURE`` alone for a table of
    one: ``area,n`` and ``area,count`` (the name the reader gives an unheaded ``F, M``
    table's counts) print the same margin, and one release links them by their labels and
    numbers whatever the column is called, so a released ``area,n`` must be found for a
    new ``area × sex`` hiding a cell its ``n`` pins, and a re-run whose count is renamed
    (``n`` then ``patients``) for the one it re-runs (round 50, part50). Tables of several
    count measures keep the names: which of them a one-measure table prints is its name."""
    names = sorted({norm(c[0]) for c in cells})
    return [ANY_MEASURE] if len(names) == 1 else names


def _measure(name: str, measures: Sequence[str]) -> str:
    """A cell's measure as its table's margins key it (``_measures``)."""
    return ANY_MEASURE if measures == [ANY_MEASURE] else norm(name)


def margins(payload: dict[str, Any], aliases: Mapping[str, str] | None = None
            ) -> list[Margin]:
    """The table's margins: itself, then each dimension collapsed (its margin cells alone),
    each as a signature (measures and the kept dimensions' label sets, names dropped) and
    the values of its cells by key (None: hidden). Labels are spelt as the linking reads them
    (``sdc.link_labels.link_label``: ``F`` and ``Female``, ``18 to 24`` and ``18-24`` one
    label; round 44), then, with ``aliases``, each short label as the long one it abbreviates
    beside another table (``spelt_alike``; round 45): two tables of one release sharing a
    margin so spelt are linked, so a released one must be found under it too."""
    cells = payload["cells"]
    aliases = aliases or {}

    def spelt(label: str) -> str:
        folded = link_label(label)
        return aliases.get(folded, folded)

    labels = {d: {aliases.get(label, label) for label in found}
              for d, found in _labels_by_dim(payload).items()}
    dims = sorted(labels)
    measures = _measures(cells)
    found: list[Margin] = []
    for collapsed in [None, *dims]:
        kept = [d for d in dims if d != collapsed]
        sig = digest({"margin": sorted(sorted(labels[d]) for d in kept),
                       "measures": measures})
        values: dict[MarginKey, float | None] = {}
        for name, coords, total_dims, *_, value in cells:
            if collapsed is not None and collapsed not in total_dims:
                continue
            key = (_measure(name, measures), tuple(sorted("*" if d in total_dims
                                            else spelt(coords.get(d, ""))
                                            for d in kept)))
            values.setdefault(key, None if value is None else float(value))
        found.append((sig, values))
    return found


def initials_sigs(payload: dict[str, Any]) -> list[str]:
    """The table's margin signatures with each dimension's labels read as their first
    letters (``sdc.abbreviated_labels.first_letters``): two label sets one renaming joins
    (``NE``, ``South`` and ``North East``, ``South``) have the same, so a released table
    abbreviating a new one's labels, or spelling out the ones it abbreviates, is stored and
    looked up under it (round 45, ledger45). Coarse (``North``, ``South`` and ``Nord``,
    ``Sud`` too): what it finds is kept only when a renaming spells the two tables' margins
    alike (``spelt_alike``)."""
    labels = _labels_by_dim(payload)
    dims = sorted(labels)
    measures = _measures(payload["cells"])
    return list(dict.fromkeys(
        digest({"initials": sorted(first_letters(labels[d]) for d in dims if d != collapsed),
                 "measures": measures})
        for collapsed in [None, *dims]))


def spelt_alike(new: dict[str, Any], old: dict[str, Any],
                made: tuple[Sequence[Margin], Sequence[Margin]] | None = None
                ) -> dict[str, str] | None:
    """The aliases (a short label -> the long one it abbreviates, as the linking reads
    labels) under which the two tables share a margin signature: empty when they share one as
    spelt; None when no one-to-one renaming of their dimensions' labels (``renaming``, either
    way) makes them share one. Only pairings that agree are kept: a short label two long ones
    would take is left alone, as the linking leaves it (one reading for both:
    ``sdc.link_abbreviations.agreed_aliases``, round 46).
    ``made``: the two tables' ``margins``, when the caller has them."""
    mine, theirs = made if made is not None else (margins(new), margins(old))
    sigs = {sig for sig, _ in theirs}
    if any(sig in sigs for sig, _ in mine):
        return {}
    aliases = agreed_aliases(
        renaming(a, b) for here in _labels_by_dim(new).values()
        for there in _labels_by_dim(old).values()
        if here != there and first_letters(here) == first_letters(there)
        for a, b in ((here, there), (there, here)))
    if not aliases:
        return None
    sigs = {sig for sig, _ in margins(old, aliases)}
    return aliases if any(sig in sigs for sig, _ in margins(new, aliases)) else None


def printed_total(payload: dict[str, Any]) -> float | None:
    """The grand total the table prints (its first count measure's, ``first_measure``), else
    None. Never a sum of cells: a total summed over overlapping categories would be wrong,
    and a wrong total would keep a released table out of the lookup."""
    cells = payload["cells"]
    if not cells:
        return None
    measure = first_measure(c[0] for c in cells)
    for name, coords, total_dims, *_, value in cells:
        if name == measure and coords and set(total_dims) >= set(coords) and value is not None:
            return float(value)
    return None


def implied_totals(payload: dict[str, Any]) -> list[float]:
    """The grand totals the table's own printed cells add to (its first count measure's),
    each way it can be added: every margin line of one dimension (``Total`` column over the
    rows), and every inner cell, when all of that line are printed; those that differ from
    the printed total, in order (round 45, ledger45). Why: the lookup narrows by grand totals,
    and a table's printed total is a claim: one forged (or left out) while its rows add to a
    released table's total would keep that table out of the lookup. Never used to keep a
    released table out, only to look more up: over overlapping categories a sum is wrong."""
    cells = payload["cells"]
    if not cells:
        return []
    measure = first_measure(c[0] for c in cells)
    # each line's sum and whether a cell of it is hidden, in one pass: the margin line along
    # a dimension (every other one at its total), and (None) the inner cells
    sums: dict[str | None, float] = {}
    hidden: set[str | None] = set()
    for name, coords, total_dims, *_, value in cells:
        if name != measure or not coords or not all(t in coords for t in total_dims):
            continue
        if not total_dims:
            line: str | None = None
        elif len(total_dims) == len(coords) - 1:
            line = next(d for d in coords if d not in total_dims)
        else:
            continue
        if value is None:
            hidden.add(line)
        else:
            sums[line] = sums.get(line, 0.0) + float(value)
    printed = printed_total(payload)
    found: dict[float, None] = {}
    for line in sorted(sums, key=lambda d: (d is None, d or "")):
        if line not in hidden and sums[line] != printed:
            found.setdefault(sums[line], None)
    return list(found)


def unprinted(payload: dict[str, Any], aliases: Mapping[str, str] | None = None
              ) -> set[MarginKey]:
    """The margin keys (as ``margins`` makes them) of the lines the table hides a cell of and
    prints no total for (hidden or left out): a released table printing one of them fills it
    in, so the hidden cells of that line are the released total less the line's printed
    cells, as a reader taking the released margin for this table's computes (round 45,
    ledger45; a table printing no ``Total`` row was never ``completes``'s)."""
    cells = payload["cells"]
    aliases = aliases or {}
    dims = sorted({d for c in cells for d in c[1]})
    measures = _measures(cells)
    lines: dict[tuple[str, str | None, MarginKey], bool] = {}  # whether the line hides one
    totals: set[tuple[str, str | None, MarginKey]] = set()  # the lines printing their total
    for name, coords, total_dims, *_, value in cells:
        for d in dims:
            kept = [k for k in dims if k != d]
            key = (_measure(name, measures), tuple(sorted(
                "*" if k in total_dims else aliases.get(folded := link_label(coords.get(k, "")),
                                                        folded) for k in kept)))
            if d in total_dims:
                if value is not None:
                    totals.add((name, d, key))
            else:
                lines[name, d, key] = lines.get((name, d, key), False) or value is None
    return {key for (name, d, key), hides in lines.items()
            if hides and (name, d, key) not in totals}


_UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError)


def margin_rows(table_id: int, table_json: str) -> list[dict[str, Any]]:
    """The ``released_margins`` rows of a released table from its stored entry; one row under
    ``UNREAD`` when the entry cannot be read (the lookup then says so: never a silent miss)."""
    try:
        payload = json.loads(table_json)
        sigs = dict.fromkeys([*(sig for sig, _ in margins(payload)),
                              *initials_sigs(payload)])
        total = printed_total(payload)
    except _UNREADABLE:
        sigs, total = {}, None
    if not sigs:
        return [{"table_id": table_id, "margin_sig": UNREAD, "grand_total": None}]
    return [{"table_id": table_id, "margin_sig": sig, "grand_total": total} for sig in sigs]


def index_margins(conn: Connection, table_ids: Iterable[int]) -> int:
    """Store the margin rows of these released tables from their stored entries
    (``output_tables.table_json``), skipping those already stored (so a second run adds
    nothing); the number of tables indexed now."""
    return index_entries(conn, table_ids, schema.released_margins, margin_rows)


def backfill(conn: Connection) -> int:
    """Index every released table of a ledger made before schema version 5 (``migrations``)."""
    rt = schema.released_tables
    return index_margins(conn, conn.execute(select(rt.c.table_id)).scalars().all())


def totals_of(payload: dict[str, Any]) -> list[float]:
    """The grand totals a new table is looked up by: the one it prints, then those its own
    cells add to (``implied_totals``; round 45, ledger45), each once."""
    printed = printed_total(payload)
    return ([] if printed is None else [printed]) + implied_totals(payload)


def lookup_sigs(payload: dict[str, Any], made: Sequence[Margin] | None = None) -> list[str]:
    """The signatures a new table is looked up under: its margins' (``made``, when the caller
    has them), then their initials' (``initials_sigs``), each once."""
    made = margins(payload) if made is None else made
    return list(dict.fromkeys([*(sig for sig, _ in made), *initials_sigs(payload)]))


def margin_ids(conn: Connection, payloads: Sequence[dict[str, Any]], width: float,
               made: Sequence[Sequence[Margin]] | None = None) -> list[set[int]]:
    """For each new table (its index payload), the released tables sharing one of its margin
    signatures: one index range per signature, narrowed, when it prints a grand total, to
    released tables printing the same (within ``width``: rounded outputs' totals may differ
    by the rounding), or one its own cells add to (``totals_of``: a forged printed total
    keeps no released table out; round 45), or none. Two printed grand totals that differ
    are another population's: in one release too the audit drops the link they contradict.
    Released tables only (a failed release's are not). ``made``: each table's ``margins``,
    when the caller has them (it compares them again: made once)."""
    rm, rt = schema.released_margins, schema.released_tables
    asked: dict[tuple[str, tuple[float, ...] | None], set[int]] = {}
    found: list[set[int]] = []
    for n, payload in enumerate(payloads):
        totals = None if printed_total(payload) is None else tuple(totals_of(payload))
        ids: set[int] = set()
        for sig in lookup_sigs(payload, None if made is None else made[n]):
            if (sig, totals) not in asked:
                same = rm.c.margin_sig == sig
                wheres = [same] if totals is None else [
                    *(and_(same, rm.c.grand_total >= total - width,
                           rm.c.grand_total <= total + width) for total in totals),
                    and_(same, rm.c.grand_total.is_(None))]
                got: set[int] = set()
                for where in wheres:
                    got.update(conn.execute(
                        select(rm.c.table_id).join(rt, rt.c.table_id == rm.c.table_id)
                        .where(where)).scalars())
                asked[sig, totals] = got
            ids |= asked[sig, totals]
        found.append(ids)
    return found


def contradicted_ids(conn: Connection, tables: Sequence[tuple[Sequence[float], Sequence[str]]],
                     limit: float) -> list[dict[int, float | None]]:
    """For each new table (its grand totals, ``totals_of``, and the signatures it is looked
    up under, ``lookup_sigs``), the released tables sharing one of its margin signatures
    (labels the linking reads as one; by initials, ``spelt_alike`` decides) whose printed
    grand total is less than ``limit`` from one of those totals, each with that total (round
    44, ledger44). Those whose total differs (more than a rounding): ``margin_ids`` keeps
    them out, and the audit drops the link they contradict; but the new table may
    contradict the released one on purpose (a forged ``108`` beside a released ``107``)
    while a reader still takes the released margin, and two totals a few units apart are a
    small group if both count one population (SDC503's totals apart in one release). The
    totals its own cells add to are looked up as well as the printed one (round 45,
    ledger45): a table printing none, or a forged one, whose rows add to 108 is the same
    case. Those whose total is equal: the same table re-run with its total kept and its
    dimension or count renamed (one patient moved from North to South; round 50, part50),
    which the index's signatures (names hashed) never find. Released tables printing no
    total are found by their signature alone, with None (the caller adds their cells:
    ``totals_of``). One index range per distinct signature and total."""
    rm, rt = schema.released_margins, schema.released_tables
    asked: dict[tuple[str, float | None], dict[int, float | None]] = {}
    found: list[dict[int, float | None]] = []
    for totals, sigs in tables:
        near: dict[int, float | None] = {}
        for sig in sigs if totals else ():
            if (sig, None) not in asked:
                asked[sig, None] = dict.fromkeys(conn.execute(
                    select(rm.c.table_id).join(rt, rt.c.table_id == rm.c.table_id)
                    .where(rm.c.margin_sig == sig, rm.c.grand_total.is_(None))).scalars())
            near.update(asked[sig, None])
        for total in totals:
            for sig in sigs:
                if (sig, total) not in asked:
                    asked[sig, total] = dict(conn.execute(
                        select(rm.c.table_id, rm.c.grand_total)
                        .join(rt, rt.c.table_id == rm.c.table_id)
                        .where(rm.c.margin_sig == sig,
                               rm.c.grand_total > total - limit,
                               rm.c.grand_total < total + limit)).all())
                near.update(asked[sig, total])
        found.append(near)
    return found


def margins_agree(new: Sequence[Margin], old: Sequence[Margin], least: int) -> bool:
    """Whether two tables are linked by numbers: some margin of each (the tables themselves
    included) prints ``least`` numbers under the same labels, all equal, none differing
    (then they are one population's as tables of one release are; else only their labels
    link them). The margins need not have one signature: a new ``area`` table of two of a
    released ``region`` table's rows prints those rows alike under fewer labels."""
    for _, mine in new:
        for _, theirs in old:
            agree = 0
            for key, value in mine.items():
                prior = theirs.get(key)
                if value is None or prior is None:
                    continue
                if value != prior:
                    break
                agree += 1
            else:
                if agree >= least:
                    return True
    return False


def completes(new: Sequence[Margin], old: Sequence[Margin],
              unprinted_keys: Iterable[MarginKey] = ()) -> bool:
    """Whether the old table prints a number the new one hides under the same labels (names
    dropped, in any of their margins), or the total of a line the new one hides a cell of and
    prints no total for (``unprinted``): what a reader taking the old table's numbers for the
    new one's would fill in (round 44, ledger44; round 45)."""
    printed = {key for _, theirs in old for key, value in theirs.items() if value is not None}
    return any(value is None and key in printed for _, mine in new
               for key, value in mine.items()) or not printed.isdisjoint(unprinted_keys)


def differing(new: Sequence[Margin], old: Sequence[Margin], limit: float,
              least: float = 0) -> int:
    """How many numbers the old table prints under the same labels as the new one (names
    dropped, a margin of one signature in each; not the grand total, which ``_contradicted``
    has already found apart) that differ from the new one's by less than ``limit``, where
    none of that margin differs by more and a labelled number is printed alike (one
    population: without one, ``F 52, M 56`` beside a released ``F 50, M 57`` is as likely
    another cohort's, ledger44's twin): the same table re-run under a renamed dimension
    (``region`` released, ``area`` now, one patient fewer), whose difference is a group as
    small (round 49, rename49: ``completes`` wanted a hidden cell,
    so a re-run hiding none passed, though the same pair under one name is ``fail``).
    ``least``: a difference no larger is not counted (a rounding's, beside an equal total;
    round 50)."""
    sigs = {sig for sig, _ in old}
    found = 0
    for sig, mine in new:
        if sig not in sigs:
            continue
        for other, theirs in old:
            if other != sig:
                continue
            apart = [(abs(value - prior), key) for key, value in mine.items()
                     if value is not None and (prior := theirs.get(key)) is not None]
            if not apart or max(d for d, _ in apart) >= limit:
                continue
            labelled = [d for d, (_, labels) in apart if any(label != "*" for label in labels)]
            if 0 in labelled:  # one population: a number printed alike (ledger44's twin,
                # another cohort's sexes each a few apart, stays unread)
                found = max(found, sum(1 for d in labelled if d > least))
    return found


def unread(conn: Connection) -> list[str]:
    """The released tables whose stored entry could not be read into margin signatures, as
    ``ledger:request/path`` (the lookup cannot find them)."""
    rm, rt, ot = schema.released_margins, schema.released_tables, schema.output_tables
    rows = conn.execute(select(ot.c.request_id, ot.c.path)
                        .join(rm, rm.c.table_id == ot.c.id)
                        .join(rt, rt.c.table_id == ot.c.id)
                        .where(rm.c.margin_sig == UNREAD).order_by(ot.c.id))
    return [f"ledger:{r.request_id}/{r.path}" for r in rows]
