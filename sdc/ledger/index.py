"""The index of released tables: what SDC504 looks up instead of scanning every release.

Each parsed table with counts is described by

* ``dim_sig``: a hash of its dimension names and count measures (normalised), so that tables of
  the same variables find each other whatever their categories;
* ``label_sig``: ``dim_sig`` plus every dimension's non-margin labels: the same table again;
* ``grand_total``: its published grand total, or the sum of its cells when all are published;
* a JSON payload with the dimensions, labels, declared population and count cells, enough to
  rebuild the table for the comparisons.

Lookups use the indexes on ``label_sig`` and on ``(dim_sig, grand_total)``.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, insert, select
from sqlalchemy import Table as SqlTable

from sdc.column_cells import fold
from sdc.ledger import schema
from sdc.link_labels import link_label
from sdc.release_form import indexed_measures
from sdc.table import DataCell, Measure, RawCell, Role, Table

if TYPE_CHECKING:
    from sdc.outputs import Output
    from sdc.release_form import ReleaseTable

IN_CHUNK = 500  # ids per IN (...) list


# a name or label's case- and spacing-insensitive form, as the release's own readings fold
# it (cached)
norm = fold


def digest(obj: Any) -> str:
    raw = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


_digest = digest  # the name before round 48 (tests build signatures with it)

CellKey = tuple[str, tuple[tuple[str, str], ...]]


def cell_key(measure: str, coords: Mapping[str, str], total_dims: Iterable[str]) -> CellKey:
    """A cell's identity across tables: measure and labels, margins as ``*``."""
    parts = sorted((norm(d), "*" if d in total_dims else norm(v)) for d, v in coords.items())
    return norm(measure), tuple(parts)


@dataclass(frozen=True)
class Descriptor:
    """A table as the index sees it."""

    dim_sig: str
    label_sig: str
    grand_total: float | None
    payload: dict[str, Any]
    inner_cells: int = 1  # non-margin cells: how far a re-run's total can drift

    def to_json(self) -> str:
        return json.dumps(self.payload, separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False)


def _count_cells(table: Table) -> list[DataCell]:
    kept = {id(m) for m in indexed_measures(table)}
    return [c for c in table.cells if id(c.measure) in kept]


# a count cell as the index reads it: measure name, labels, margins, row, column, text, value
_Row = tuple[str, Mapping[str, str], frozenset[str], int, int, str, float | None]


def first_measure(names: Iterable[str]) -> str:
    """The count measure whose grand total stands for a table's in the lookups: the first
    by its folded name (``norm``), as ``dim_sig`` spells the measures. Why folded (round
    47): by the name as printed, ``Deaths, admissions`` took deaths' total and a re-run
    spelt ``deaths, Admissions`` (the same ``dim_sig``) admissions', so neither lookup by
    total found the released table and a cell one off passed."""
    return min(names, key=lambda name: (norm(name), name))


def _grand_total(cells: list[_Row]) -> float | None:
    """The published grand total of the first count measure (``first_measure``), or the sum
    of its cells when every one is published (then it is derivable anyway)."""
    if not cells:
        return None
    measure = first_measure({c[0] for c in cells})
    return measure_total([c for c in cells if c[0] == measure])


def measure_total(mine: list[_Row]) -> float | None:
    """The published grand total of one measure's cells ``mine``, or their sum when every
    inner one is published (``sdc.ledger.measures`` indexes each measure by it)."""
    for _name, coords, total_dims, _row, _col, _raw, value in mine:
        if coords and total_dims >= set(coords) and value is not None:
            return float(value)
    inner = [c[6] for c in mine if not c[2]]
    if inner and all(v is not None for v in inner):
        return float(sum(inner))  # type: ignore[arg-type]
    return None


def grand_total_of(payload: dict[str, Any]) -> float | None:
    """``_grand_total`` of a stored entry's cells (a migration computes them again)."""
    return _grand_total([(name, coords, frozenset(total_dims), row, col, raw, value)
                         for name, coords, total_dims, row, col, raw, value in payload["cells"]])


def describe(table: Table, population: dict[str, Any] | None = None) -> Descriptor | None:
    """The index entry of a table, or None when it publishes no count."""
    return _describe(table, [(c.measure.name, c.coords, c.total_dims, c.source.row,
                              c.source.col, c.source.raw, c.value)
                             for c in _count_cells(table)], population)


def describe_form(form: ReleaseTable, population: dict[str, Any] | None = None
                  ) -> Descriptor | None:
    """``describe`` of the table ``form`` holds (``sdc.release_form``): the same entry, read
    from its columns (no cell made again)."""
    return _describe(form, list(form.count_rows()), population)


def _describe(table: Table | ReleaseTable, cells: list[_Row],
              population: dict[str, Any] | None) -> Descriptor | None:
    """The index entry of ``table`` (its names and layout) with count cells ``cells``."""
    if not cells:
        return None
    measures = sorted({norm(c[0]) for c in cells})
    dims, labels = dims_and_labels(cells)
    dim_sig = digest({"dims": dims, "measures": measures})
    label_sig = digest({"dims": dims, "measures": measures,
                         "labels": {d: sorted(v) for d, v in labels.items()}})
    payload = {
        "dimensions": list(table.dimensions),
        "row_dimensions": list(table.row_dimensions),
        "column_dimensions": list(table.column_dimensions),
        "layout": table.layout,
        "population": population or {},
        "measures": sorted({c[0] for c in cells}),
        "cells": [[name, dict(coords), sorted(total_dims), row, col, raw, value]
                  for name, coords, total_dims, row, col, raw, value in cells],
    }
    inner = sum(1 for c in cells if not c[2])
    return Descriptor(dim_sig, label_sig, _grand_total(cells), payload, max(1, inner))


def payload_values(payload: dict[str, Any]) -> dict[CellKey, float | None]:
    """Each stored cell's value by its key, without building the table."""
    values: dict[CellKey, float | None] = {}
    for name, coords, total_dims, _row, _col, _raw, value in payload["cells"]:
        values.setdefault(cell_key(name, coords, total_dims), value)
    return values


def rebuild(payload: dict[str, Any], path: str, sheet: str | None) -> Table:
    """A Table of the count cells of a stored payload (enough for the comparisons)."""
    measures = {name: Measure(name, Role.COUNT) for name in payload["measures"]}
    cells = []
    for name, coords, total_dims, row, col, raw, value in payload["cells"]:
        source = RawCell(row=row, col=col, raw=raw,
                         value=None if value is None else float(value),
                         marker=raw if value is None else None)
        cells.append(DataCell(measure=measures[name], coords=dict(coords), source=source,
                              total_dims=frozenset(total_dims)))
    return Table(path=path, sheet=sheet, dimensions=list(payload["dimensions"]),
                 row_dimensions=list(payload["row_dimensions"]),
                 column_dimensions=list(payload["column_dimensions"]),
                 measures=list(measures.values()), cells=cells, layout=payload["layout"])


@dataclass(frozen=True)
class Released:
    """A released table found by a lookup."""

    table_id: int
    request_id: str
    version: int
    path: str
    sheet: str | None
    label_sig: str
    dim_sig: str
    grand_total: float | None
    released_at: str
    payload: dict[str, Any]

    @property
    def display_path(self) -> str:
        return f"ledger:{self.request_id}/{self.path}"

    def table(self) -> Table:
        return rebuild(self.payload, self.display_path, self.sheet)


def _near(column: Any, centre: float, width: float) -> Any:
    return and_(column > centre - width, column < centre + width)


def candidate_ids(conn: Connection, descriptors: Sequence[Descriptor],
                  limit: float) -> list[set[int]]:
    """For each descriptor, the released tables worth comparing (each query an index range):

    * the same labels, with a grand total that a re-run could reach (every cell within
      ``limit``: at most ``limit`` per inner cell), or no known total;
    * the same dimensions with a grand total within ``limit``, or no known total on either
      side (moved totals and re-cut bands of the same population).
    """
    rt = schema.released_tables
    found: list[set[int]] = []
    for d in descriptors:
        queries = []
        same_labels = rt.c.label_sig == d.label_sig
        same_dims = rt.c.dim_sig == d.dim_sig
        if d.grand_total is None:
            queries += [same_labels, same_dims]
        else:
            queries += [
                and_(same_labels, _near(rt.c.grand_total, d.grand_total,
                                        limit * d.inner_cells)),
                and_(same_dims, _near(rt.c.grand_total, d.grand_total, limit)),
                and_(same_dims, rt.c.grand_total.is_(None)),
            ]
        ids: set[int] = set()
        for where in queries:
            ids.update(conn.execute(select(rt.c.table_id).where(where)).scalars())
        found.append(ids)
    return found


def same_dimension_ids(conn: Connection, descriptors: Sequence[Descriptor | None]
                       ) -> list[set[int]]:
    """For each descriptor (None: none wanted), every released table of the same dimensions
    and measures, whatever its grand total: the tables whose bands may nest with its own
    (``candidate_ids`` keeps only those whose totals a re-run could reach, but ``66+`` alone
    beside a released ``18-64, 65+`` has another total and still gives the 65 year olds
    away). One index range per distinct ``dim_sig``."""
    rt = schema.released_tables
    by_sig: dict[str, set[int]] = {}
    for d in descriptors:
        if d is not None and d.dim_sig not in by_sig:
            by_sig[d.dim_sig] = set(conn.execute(
                select(rt.c.table_id).where(rt.c.dim_sig == d.dim_sig)).scalars())
    return [set() if d is None else by_sig[d.dim_sig] for d in descriptors]


def by_key(tables: Sequence[Mapping[CellKey, float | None]]
           ) -> dict[CellKey, list[tuple[int, float]]]:
    """The printed numbers of several tables (``payload_values``) by cell key: which table
    prints what there (``rows_in_common`` reads every released table against all at once)."""
    found: dict[CellKey, list[tuple[int, float]]] = defaultdict(list)
    for n, values in enumerate(tables):
        for key, value in values.items():
            if value is not None:
                found[key].append((n, value))
    return found


def rows_in_common(new: Mapping[CellKey, list[tuple[int, float]]], old_payload: dict[str, Any],
                   least: int) -> bool:
    """Whether a released table (``old_payload``) that hides a cell prints a line (a label of
    one dimension, margins kept) whose numbers one new table (``new``, ``by_key``) prints
    too, all equal, ``least`` of them at least: the new table may print a part of its rows
    under another grand total (``South`` and ``East`` of a released ``North, South, East``:
    156 beside 168), so ``candidate_ids`` does not find it (round 42, ledger42). One shared
    number of the line that differs rules the line out (another population's)."""
    cells = old_payload["cells"]
    if all(c[6] is not None for c in cells):
        return False  # nothing hidden: nothing to give back
    agree: dict[tuple[int, str, str], int] = defaultdict(int)
    differ: set[tuple[int, str, str]] = set()
    for name, coords, total_dims, _row, _col, _raw, value in cells:
        if value is None:
            continue
        printed = new.get(cell_key(name, coords, total_dims))
        if not printed:
            continue
        lines = [(norm(d), norm(v)) for d, v in coords.items() if d not in total_dims]
        for n, mine in printed:
            for line in lines:
                if mine == value:
                    agree[n, *line] += 1
                else:
                    differ.add((n, *line))
    return any(count >= least and line not in differ for line, count in agree.items())


def wider_ids(conn: Connection, descriptors: Sequence[Descriptor],
              extras: Sequence[Sequence[str]]) -> list[set[int]]:
    """For each descriptor, the released tables of its dimensions and measures plus one more
    dimension among its ``extras`` (the unnamed column dimension, a declared population's
    key): a whole table one of whose categories the descriptor's table may print alone (a
    men-only table by region beside a released ``region, F, M, Total``). One index range per
    signature (``categories`` cuts them)."""
    rt = schema.released_tables
    found: list[set[int]] = []
    asked: dict[str, set[int]] = {}
    for d, names in zip(descriptors, extras, strict=True):
        cells = d.payload["cells"]
        dims = sorted({norm(dim) for c in cells for dim in c[1]})
        measures = sorted({norm(c[0]) for c in cells})
        ids: set[int] = set()
        for extra in dict.fromkeys(norm(n) for n in names):
            if extra in dims:
                continue
            sig = digest({"dims": sorted([*dims, extra]), "measures": measures})
            if sig not in asked:
                asked[sig] = set(conn.execute(
                    select(rt.c.table_id).where(rt.c.dim_sig == sig)).scalars())
            ids |= asked[sig]
        found.append(ids)
    return found


def load_released(conn: Connection, ids: Iterable[int]) -> dict[int, Released]:
    """The released tables with these ids (the earliest release of each)."""
    ot, rt, rel = schema.output_tables, schema.released_tables, schema.releases
    wanted = sorted(set(ids))
    out: dict[int, Released] = {}
    for start in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[start:start + IN_CHUNK]
        query = (select(ot.c.id, ot.c.request_id, ot.c.version, ot.c.path, ot.c.sheet,
                        ot.c.label_sig, ot.c.dim_sig, ot.c.grand_total, ot.c.table_json,
                        rel.c.started_at)
                 .join(rt, rt.c.table_id == ot.c.id)
                 .join(rel, rel.c.id == rt.c.release_id)
                 .where(ot.c.id.in_(chunk)))
        for row in conn.execute(query):
            out[row.id] = Released(row.id, row.request_id, row.version, row.path, row.sheet,
                                   row.label_sig, row.dim_sig, row.grand_total, row.started_at,
                                   json.loads(row.table_json))
    return out


def pseudo_output(released: Released, table: Table | None = None) -> Output:
    """The released table as an ``Output`` so the differencing helpers can read it."""
    from sdc.outputs import Output

    return Output(path=released.display_path, file=Path(released.path),
                  extension=Path(released.path).suffix.lstrip("."), size=0, sha256="",
                  sheet=released.sheet, kind="frequency", table=table or released.table(),
                  request={"population": released.payload.get("population") or {}})


# --- a subgroup table against a released whole (hunt40) --------------------------------------
# A table of one category (a subgroup) read against a released table of every category.
#
# Why: ``region,F,M,Total`` released, then ``region,count`` of the men alone (``population =
# { sex = "M" }`` or not): each region's men differ from the released ``M`` column by the men
# who joined or left since (hunt40). SDC504's index keys cells by their own dimensions, so the
# new table (``region``) never met the released one (``region × columns``). Here the released
# table is cut at each category of its one extra dimension, its cells keyed without it, and
# compared with the new table's cells as a re-run is (``sdc.rules.prior_release._changes``:
# every shared number within the limit, some changed). Where the output's declared population
# names that category, it is the same population: a re-run's finding; else the numbers alone
# say so: capped at review.

def extra_dimension(new_dims: list[str], old_payload: dict[str, Any]) -> str | None:
    """The released table's one dimension the new table has not (normalised), or None."""
    mine = {norm(d) for d in new_dims}
    extra = {norm(d) for c in old_payload["cells"] for d in c[1]} - mine
    return next(iter(extra)) if len(extra) == 1 else None


def categories(old_payload: dict[str, Any], extra: str
               ) -> dict[str, dict[CellKey, float | None]]:
    """The released cells of each category of ``extra`` (its margin left out), keyed as the
    new table's cells are (``cell_key`` without ``extra``)."""
    found: dict[str, dict[CellKey, float | None]] = defaultdict(dict)
    for name, coords, total_dims, _row, _col, _raw, value in old_payload["cells"]:
        at = next((d for d in coords if norm(d) == extra), None)
        if at is None or at in total_dims:
            continue
        rest = {d: v for d, v in coords.items() if d != at}
        found[link_label(coords[at])].setdefault(
            cell_key(name, rest, [d for d in total_dims if d != at]), value)
    return found


def declared_here(population: dict[str, Any], category: str) -> bool:
    """Whether the output's declared population names ``category`` (``M``, ``male``)."""
    return any(isinstance(v, str) and link_label(v) == category for v in population.values())


def dims_and_labels(cells: Sequence[Sequence[Any]]) -> tuple[list[str], dict[str, set[str]]]:
    """The dimensions of stored count cells (``[name, coords, total_dims, ...]``), normalised
    and sorted, and each one's non-margin labels: what a table's signatures are made of."""
    dims = sorted({norm(d) for c in cells for d in c[1]})
    labels: dict[str, set[str]] = {d: set() for d in dims}
    for _name, coords, total_dims, *_ in cells:
        for dim, label in coords.items():
            if dim not in total_dims:
                labels[norm(dim)].add(norm(label))
    return dims, labels


def index_entries(conn: Connection, table_ids: Iterable[int], into: SqlTable,
                  rows_of: Callable[[int, str], list[dict[str, Any]]]) -> int:
    """Store ``rows_of`` each of these released tables' stored entries
    (``output_tables.table_json``) into ``into`` (a derived index keyed by ``table_id``),
    skipping tables already there (a second run adds nothing); the number indexed now. One
    walk for every derived index (margins, measures) in chunks of ``IN_CHUNK``."""
    from sdc.ledger import schema

    ot = schema.output_tables
    wanted = sorted(set(table_ids))
    done = 0
    for start in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[start:start + IN_CHUNK]
        have = set(conn.execute(select(into.c.table_id).where(into.c.table_id.in_(chunk)))
                   .scalars())
        rows: list[dict[str, Any]] = []
        for table_id, text in conn.execute(select(ot.c.id, ot.c.table_json)
                                           .where(ot.c.id.in_(chunk))):
            if table_id not in have:
                rows += rows_of(table_id, text)
                done += 1
        if rows:
            conn.execute(insert(into), rows)
    return done
