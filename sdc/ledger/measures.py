"""Released tables by each count measure: SDC504's lookup of a measure wherever it was printed.

``released_tables`` keys a table by all its count measures together (``dim_sig``) and narrows
by the first one's grand total (``index.first_measure``). So a table of ``admissions,
deaths`` by region released last month was found by no new table of ``deaths`` alone, nor by
one of ``deaths, discharges``, nor by a re-run whose admissions moved by more than a re-run
could (round 48, md48): the new deaths one fewer in South passed with ``--ledger`` where the
same deaths spelt as one table are SDC504 ``fail``. An insider may split or join measures at
will, so each count measure is indexed as the one-measure table it could have been printed
as: its dimensions and name (``measure_sig``: a one-measure table's is its ``dim_sig``), with
its labels (``label_sig``), and its own grand total (printed, or its cells added when all are
printed). The lookup is ``index.candidate_ids``' for each measure, and the comparison is the
measure's numbers alone (``prior_release``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, select

from sdc.ledger import schema
from sdc.ledger.index import digest, dims_and_labels, index_entries, measure_total, norm

_UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError)


@dataclass(frozen=True)
class MeasureEntry:
    """One count measure of a table as the lookup sees it."""

    name: str  # folded (``index.norm``)
    measure_sig: str
    label_sig: str
    grand_total: float | None
    inner_cells: int  # the measure's non-margin cells: how far a re-run's total can drift


def measure_entries(payload: dict[str, Any]) -> list[MeasureEntry]:
    """Each count measure of a stored or new entry (``index``'s payload), by folded name."""
    by_name: dict[str, list[list[Any]]] = defaultdict(list)
    for cell in payload["cells"]:
        by_name[norm(cell[0])].append(cell)
    entries = []
    for name, cells in sorted(by_name.items()):
        dims, labels = dims_and_labels(cells)
        entries.append(MeasureEntry(
            name, digest({"dims": dims, "measures": [name]}),
            digest({"dims": dims, "measures": [name],
                     "labels": {d: sorted(v) for d, v in labels.items()}}),
            measure_total([(c[0], c[1], frozenset(c[2]), c[3], c[4], c[5], c[6])
                           for c in cells]),
            max(1, sum(1 for c in cells if not c[2]))))
    return entries


def measure_rows(table_id: int, table_json: str) -> list[dict[str, Any]]:
    """The ``released_measures`` rows of a released table from its stored entry (none when
    the entry cannot be read: ``released_margins`` stores it as unread and the check says
    so)."""
    try:
        entries = measure_entries(json.loads(table_json))
    except _UNREADABLE:
        return []
    return [{"table_id": table_id, "measure_sig": e.measure_sig, "label_sig": e.label_sig,
             "grand_total": e.grand_total} for e in entries]


def index_measures(conn: Connection, table_ids: Iterable[int]) -> int:
    """Store the measure rows of these released tables from their stored entries, skipping
    those already stored (a second run adds nothing); the number of tables indexed now."""
    return index_entries(conn, table_ids, schema.released_measures, measure_rows)


def backfill(conn: Connection) -> int:
    """Index every released table of a ledger made before schema version 9."""
    rt = schema.released_tables
    return index_measures(conn, conn.execute(select(rt.c.table_id)).scalars().all())


def measure_ids(conn: Connection, payloads: Sequence[dict[str, Any]], limit: float
                ) -> list[set[int]]:
    """For each new table (its index payload), the released tables printing one of its count
    measures over the same dimensions, found as ``index.candidate_ids`` finds a table: the
    same labels with that measure's total within ``limit`` per inner cell, or the same
    dimensions within ``limit``, or no total known on either side. Released tables only."""
    rm, rt = schema.released_measures, schema.released_tables
    found: list[set[int]] = []
    for payload in payloads:
        ids: set[int] = set()
        for entry in measure_entries(payload):
            same_labels = rm.c.label_sig == entry.label_sig
            same_dims = rm.c.measure_sig == entry.measure_sig
            total = entry.grand_total
            wheres = [same_labels, same_dims] if total is None else [
                and_(same_labels, _near(rm.c.grand_total, total, limit * entry.inner_cells)),
                and_(same_dims, _near(rm.c.grand_total, total, limit)),
                and_(same_dims, rm.c.grand_total.is_(None))]
            for where in wheres:
                ids.update(conn.execute(
                    select(rm.c.table_id).join(rt, rt.c.table_id == rm.c.table_id)
                    .where(where)).scalars())
        found.append(ids)
    return found


def _near(column: Any, centre: float, width: float) -> Any:
    return and_(column > centre - width, column < centre + width)
