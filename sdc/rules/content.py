"""Rules on what a table contains: row-level data and direct identifiers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydantic import Field

from sdc.identifiers import (
    identifier_column_kind,
    identifiers_in_text,
    is_birth_column,
    looks_like_date,
    value_identifier_kind,
)
from sdc.results import Finding
from sdc.rules.base import Rule, RuleParams
from sdc.table import RawCell, Role

if TYPE_CHECKING:
    from sdc.context import CheckContext
    from sdc.outputs import Output

_ID_COLUMN = re.compile(
    r"(^|[^a-z])(id|ids|pid|uid|key|patient|person|subject|participant|record|study_?id|"
    r"pseudo|hashed|token|row_?id|eid)([^a-z]|$)", re.I)


class RowLevelData(Rule):
    """Flags an output that looks like microdata: one row per person rather than a table.

    Signals: an id-like column whose values are all distinct, many rows in which most counts
    are 1, or many rows with no numeric measure at all (a list of records).

    Why: a release of record-level data is the most serious breach an output check exists to
    stop, even when pseudonymised: rows can be linked and re-identified.

    Example: ``cohort.csv`` with columns ``study_id, age, sex, diagnosis`` and 400 rows is a
    ``fail``.
    """

    code = "SDC603"
    name = "row-level-data"
    summary = "the output looks like microdata (one row per person, many rows, counts of 1)"

    class Params(RuleParams):
        min_rows: int = Field(30, ge=2, description="rows before the shape alone is suspicious")
        unit_share: float = Field(0.5, gt=0, le=1, description="share of counts equal to 1")

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        table = output.table
        if table is None or table.n_rows < 2:
            return
        min_rows = self.params.min_rows  # type: ignore[attr-defined]
        reasons: list[str] = []
        for name, col in zip(table.row_dimensions, table.label_columns, strict=False):
            if _ID_COLUMN.search(name):
                labels = [c.raw.strip() for c in table.column_cells(col) if c.raw.strip()]
                if len(labels) >= 10 and len(set(labels)) == len(labels):
                    reasons.append(f"column '{name}' has a distinct id-like value on every row")
                    break
        if table.n_rows >= min_rows:
            counts = [c.value for c in table.cells_with_role(Role.COUNT)
                      if c.value is not None and not c.is_margin]
            if counts:
                ones = sum(1 for v in counts if v == 1)
                if ones / len(counts) >= self.params.unit_share:  # type: ignore[attr-defined]
                    reasons.append(f"{ones} of {len(counts)} counts are 1")
            if not table.measures:
                reasons.append(f"{table.n_rows} rows with no numeric measure (a list of "
                               "records)")
        if reasons:
            yield self.finding(output, "looks like row-level data: " + "; ".join(reasons),
                               evidence={"rows": table.n_rows, "signals": reasons})


class Identifier(Rule):
    """Flags direct identifiers: columns named like identifiers, and values that are NHS
    numbers (10 digits passing the modulus-11 check), full UK postcodes, e-mail addresses or
    full dates in a date-of-birth column.

    Why: a direct identifier names a person outright; no aggregate output needs one.

    Example: a column ``nhs_number`` is flagged at its header cell; the value
    ``943 476 5919`` is flagged wherever it appears.
    """

    code = "SDC604"
    name = "identifier"
    summary = "a direct identifier column or value (NHS number, DOB, postcode, e-mail, names)"

    class Params(RuleParams):
        max_findings: int = Field(50, ge=1, description="value findings listed per output")

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        yield from self._in_text(output)
        table = output.table
        if table is None:
            return
        header_rows = set(table.header_rows)
        birth_cols: set[int] = set()
        for col, header in sorted(table.column_headers.items()):
            kind = identifier_column_kind(header)
            if kind is None:
                continue
            if is_birth_column(header):
                birth_cols.add(col)
            cell = _header_cell(table.grid, header_rows, col)
            yield self._at(output, cell, f"column '{header}' looks like a direct identifier "
                           f"({kind})", {"column": header, "kind": kind})
        emitted = 0
        limit = self.params.max_findings  # type: ignore[attr-defined]
        for row in table.grid:
            for cell in row:
                if cell.kind == "empty" or cell.row in header_rows:
                    continue
                kind = value_identifier_kind(cell.raw)
                if kind is None and cell.col in birth_cols and looks_like_date(cell.raw):
                    kind = "date of birth"
                if kind is None:
                    continue
                emitted += 1
                if emitted <= limit:
                    yield self._at(output, cell, f"value looks like an identifier: {kind}",
                                   {"kind": kind})
        if emitted > limit:
            yield self.finding(output, f"{emitted - limit} more identifier-like values",
                               evidence={"more": emitted - limit})

    def _in_text(self, output: Output) -> Iterator[Finding]:
        """Identifiers in a document's text outside tables (prose, comments, properties)."""
        for part in output.text:
            kinds = identifiers_in_text(part.text)
            if kinds:
                hidden = " (hidden from a reader of the document)" if part.hidden else ""
                yield self.finding(output, f"{part.where}{hidden} holds what looks like a direct "
                                   f"identifier: {', '.join(sorted(set(kinds)))}",
                                   evidence={"where": part.where, "kinds": sorted(set(kinds))})

    def _at(self, output: Output, cell: RawCell | None, message: str,
            evidence: dict[str, object]) -> Finding:
        return self.finding(output, message, cell=cell, evidence=evidence)


def _header_cell(grid: list[list[RawCell]], header_rows: set[int], col: int) -> RawCell | None:
    for row in grid:
        for cell in row:
            if cell.row in header_rows and cell.col == col and cell.kind != "empty":
                return cell
    return None
