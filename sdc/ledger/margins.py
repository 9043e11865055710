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
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, and_, insert, or_, select

from sdc.ledger import schema
from sdc.ledger.index import IN_CHUNK, _digest, norm
from sdc.link_labels import link_label

UNREAD = "unread"  # the margin signature of a released table whose entry could not be read

MarginKey = tuple[str, tuple[str, ...]]  # measure, the kept dimensions' labels (``*``: margin)
Margin = tuple[str, dict[MarginKey, float | None]]  # signature, printed values by key


def margins(payload: dict[str, Any]) -> list[Margin]:
    """The table's margins: itself, then each dimension collapsed (its margin cells alone),
    each as a signature (measures and the kept dimensions' label sets, names dropped) and
    the values of its cells by key (None: hidden). Labels are spelt as the linking reads them
    (``sdc.link_labels.link_label``: ``F`` and ``Female``, ``18 to 24`` and ``18-24`` one
    label; round 44): two tables of one release sharing a margin so spelt are linked, so a
    released one must be found under it too."""
    cells = payload["cells"]
    dims = sorted({d for c in cells for d in c[1]})
    labels: dict[str, set[str]] = {d: set() for d in dims}
    for _name, coords, total_dims, *_ in cells:
        for dim, label in coords.items():
            if dim not in total_dims:
                labels[dim].add(link_label(label))
    measures = sorted({norm(c[0]) for c in cells})
    found: list[Margin] = []
    for collapsed in [None, *dims]:
        kept = [d for d in dims if d != collapsed]
        sig = _digest({"margin": sorted(sorted(labels[d]) for d in kept),
                       "measures": measures})
        values: dict[MarginKey, float | None] = {}
        for name, coords, total_dims, *_, value in cells:
            if collapsed is not None and collapsed not in total_dims:
                continue
            key = (norm(name), tuple(sorted("*" if d in total_dims
                                            else link_label(coords.get(d, ""))
                                            for d in kept)))
            values.setdefault(key, None if value is None else float(value))
        found.append((sig, values))
    return found


def printed_total(payload: dict[str, Any]) -> float | None:
    """The grand total the table prints (its first count measure's), else None. Never a sum
    of cells: a total summed over overlapping categories would be wrong, and a wrong total
    would keep a released table out of the lookup."""
    cells = payload["cells"]
    if not cells:
        return None
    measure = min(c[0] for c in cells)
    for name, coords, total_dims, *_, value in cells:
        if name == measure and coords and set(total_dims) >= set(coords) and value is not None:
            return float(value)
    return None


_UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError)


def margin_rows(table_id: int, table_json: str) -> list[dict[str, Any]]:
    """The ``released_margins`` rows of a released table from its stored entry; one row under
    ``UNREAD`` when the entry cannot be read (the lookup then says so: never a silent miss)."""
    try:
        payload = json.loads(table_json)
        sigs = dict.fromkeys(sig for sig, _ in margins(payload))
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
    ot, rm = schema.output_tables, schema.released_margins
    wanted = sorted(set(table_ids))
    done = 0
    for start in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[start:start + IN_CHUNK]
        have = set(conn.execute(select(rm.c.table_id).where(rm.c.table_id.in_(chunk)))
                   .scalars())
        rows: list[dict[str, Any]] = []
        for table_id, text in conn.execute(select(ot.c.id, ot.c.table_json)
                                           .where(ot.c.id.in_(chunk))):
            if table_id not in have:
                rows += margin_rows(table_id, text)
                done += 1
        if rows:
            conn.execute(insert(rm), rows)
    return done


def backfill(conn: Connection) -> int:
    """Index every released table of a ledger made before schema version 5 (``migrations``)."""
    rt = schema.released_tables
    return index_margins(conn, conn.execute(select(rt.c.table_id)).scalars().all())


def margin_ids(conn: Connection, payloads: Sequence[dict[str, Any]], width: float
               ) -> list[set[int]]:
    """For each new table (its index payload), the released tables sharing one of its margin
    signatures: one index range per signature, narrowed, when it prints a grand total, to
    released tables printing the same (within ``width``: rounded outputs' totals may differ
    by the rounding) or none. Two printed grand totals that differ are another population's:
    in one release too the audit drops the link they contradict. Released tables only (a
    failed release's are not)."""
    rm, rt = schema.released_margins, schema.released_tables
    asked: dict[tuple[str, float | None], set[int]] = {}
    found: list[set[int]] = []
    for payload in payloads:
        total = printed_total(payload)
        ids: set[int] = set()
        for sig in dict.fromkeys(sig for sig, _ in margins(payload)):
            if (sig, total) not in asked:
                same = rm.c.margin_sig == sig
                wheres = [same] if total is None else [
                    and_(same, rm.c.grand_total >= total - width,
                         rm.c.grand_total <= total + width),
                    and_(same, rm.c.grand_total.is_(None))]
                got: set[int] = set()
                for where in wheres:
                    got.update(conn.execute(
                        select(rm.c.table_id).join(rt, rt.c.table_id == rm.c.table_id)
                        .where(where)).scalars())
                asked[sig, total] = got
            ids |= asked[sig, total]
        found.append(ids)
    return found


def contradicted_ids(conn: Connection, tables: Sequence[tuple[float | None, Sequence[Margin]]],
                     width: float, limit: float) -> list[dict[int, float]]:
    """For each new table (its printed grand total and its ``margins``, made once by the
    caller, who compares them again) that prints a grand total, the released tables sharing
    one of its margin signatures (labels the linking reads as one) whose printed grand total differs
    from it by more than ``width`` (the rounding's) and less than ``limit``, each with that
    total (round 44, ledger44). ``margin_ids`` keeps them out, and the audit drops the link
    they contradict; but the new table may contradict the released one on purpose (a forged
    ``108`` beside a released ``107``) while a reader still takes the released margin, and
    two totals a few units apart are a small group if both count one population (SDC503's
    totals apart in one release). One index range per distinct signature and total."""
    rm, rt = schema.released_margins, schema.released_tables
    asked: dict[tuple[str, float], dict[int, float]] = {}
    found: list[dict[int, float]] = []
    for total, mine in tables:
        near: dict[int, float] = {}
        if total is not None:
            for sig in dict.fromkeys(sig for sig, _ in mine):
                if (sig, total) not in asked:
                    asked[sig, total] = dict(conn.execute(
                        select(rm.c.table_id, rm.c.grand_total)
                        .join(rt, rt.c.table_id == rm.c.table_id)
                        .where(rm.c.margin_sig == sig,
                               rm.c.grand_total > total - limit,
                               rm.c.grand_total < total + limit,
                               or_(rm.c.grand_total < total - width,
                                   rm.c.grand_total > total + width))).all())
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


def completes(new: Sequence[Margin], old: Sequence[Margin]) -> bool:
    """Whether the old table prints a number the new one hides under the same labels (names
    dropped, in any of their margins): what a reader taking the old table's numbers for the
    new one's would fill in (round 44, ledger44)."""
    printed = {key for _, theirs in old for key, value in theirs.items() if value is not None}
    return any(value is None and key in printed for _, mine in new for key, value in mine.items())


def unread(conn: Connection) -> list[str]:
    """The released tables whose stored entry could not be read into margin signatures, as
    ``ledger:request/path`` (the lookup cannot find them)."""
    rm, rt, ot = schema.released_margins, schema.released_tables, schema.output_tables
    rows = conn.execute(select(ot.c.request_id, ot.c.path)
                        .join(rm, rm.c.table_id == ot.c.id)
                        .join(rt, rt.c.table_id == ot.c.id)
                        .where(rm.c.margin_sig == UNREAD).order_by(ot.c.id))
    return [f"ledger:{r.request_id}/{r.path}" for r in rows]
