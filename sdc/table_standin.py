"""What ``sdc check`` holds of a table once its audit systems are built (issue 14 §3).

After the audit's systems are built, the release rules read of a table's model only six small
attributes (``dimensions``, ``measures``, ``title``, ``layout``, ``printed_tops``,
``rows_unlabelled``), the names a finding's location gives a cell (``row_label``,
``column_label``, ``column_headers``), its cells, which its compact form
(``sdc.release_form``) gives back equal, and (SDC701, a chart's data file) its grid's texts
and values, and the linking the texts of its header lines (a file's panels), which the report
view's grid and header rows give back equal. The reports read the report view
(``sdc.reports.table_view.ReportTable``). So the command line and the web app, which only
report, let the model go there (``let_models_go``: ~7 of the ~17 MiB a 1 MiB long table held
at the peak) and hold a ``TableStandIn`` in its place; the Python API keeps the models unless
asked (``keep_models=False``: its callers were promised them, round 23).

Fail closed: a reader that asks the stand-in for anything else gets ``ModelLetGo`` (not an
``AttributeError``, so no ``getattr`` default or ``hasattr`` reads it as an empty table); the
rule that asked is then SDC602 ``review`` for that output (``engine._guarded``), never a pass
on cells it did not read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, overload

from sdc.table import DataCell, Grid, Measure, Table, column_label, row_label

if TYPE_CHECKING:
    from sdc.linking import TableSystem
    from sdc.outputs import Output
    from sdc.release_form import ReleaseTable
    from sdc.reports.table_view import ReportTable


class ModelLetGo(RuntimeError):
    """A reader asked a stand-in for a part of the model it does not hold."""


class TableStandIn:
    """A checked table once its model is let go: what the release rules read of it, its
    compact form (its cells, made again when read) and its report view."""

    __slots__ = ("column_dimensions", "column_headers", "dimensions", "form", "layout",
                 "measures", "printed_tops", "row_dimensions", "rows_unlabelled", "title",
                 "view")

    def __init__(self, table: Table, form: ReleaseTable, view: ReportTable) -> None:
        self.dimensions = table.dimensions
        self.row_dimensions = table.row_dimensions
        self.column_dimensions = table.column_dimensions
        self.measures = table.measures
        self.title = table.title
        self.layout = table.layout
        self.printed_tops = table.printed_tops
        self.rows_unlabelled = table.rows_unlabelled
        self.column_headers = table.column_headers
        self.form = form
        self.view = view

    @property
    def grid(self) -> Grid:
        """The report view's grid: cells equal to the model's grid's (``Grid.unheld``), which
        SDC701 reads (every text and value of a chart's data file) and the linking (the texts
        of a file's panels' header lines, ``linking._header_texts``)."""
        return self.view.grid

    @property
    def header_rows(self) -> list[int]:
        """The model's header rows, as the report view holds them (the linking's panels)."""
        return self.view.header_rows

    def row_label(self, cell: DataCell) -> str | None:
        """As ``Table.row_label``: a finding's location names the cell so."""
        return row_label(self.row_dimensions, cell)

    def column_label(self, cell: DataCell) -> str | None:
        """As ``Table.column_label``."""
        return column_label(self.layout, self.column_dimensions, cell)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the interpreter's own look-ups (copy, pickle)
            raise AttributeError(name)
        raise ModelLetGo(f"the table's {name!r} was asked for after its model was let go "
                         "(its audit systems built); only what the release rules read is held")


class FormCells(Sequence[DataCell]):
    """A table's cells by place made from its compact form at each read (equal to the
    model's, not the same objects): what a system's ``Places`` read once the model is gone.
    The cells made share one position dict per layout (``ReleaseTable.coords``), as the
    readers' ``Coords`` do."""

    __slots__ = ("form", "shared")

    def __init__(self, form: ReleaseTable) -> None:
        self.form = form
        self.shared: dict[tuple[int, ...], dict[str, int]] = {}

    def __len__(self) -> int:
        return len(self.form)

    @overload
    def __getitem__(self, i: int) -> DataCell: ...

    @overload
    def __getitem__(self, i: slice) -> list[DataCell]: ...

    def __getitem__(self, i: int | slice) -> DataCell | list[DataCell]:
        if isinstance(i, slice):
            return [self.form.cell(k, self.shared) for k in range(len(self.form))[i]]
        if i < 0:  # a place is never negative: no cell from the end
            raise IndexError(i)
        return self.form.cell(i, self.shared)

    def source_at(self, i: int) -> tuple[int, int]:
        """Cell ``i``'s ``source`` row and column, no cell made (the audit's order)."""
        return self.form.row[i], self.form.col[i]


def let_models_go(outputs: Iterable[Output], systems: Iterable[TableSystem]) -> None:
    """Each output's table model replaced by a ``TableStandIn`` once its audit ``systems``
    are built, its systems then reading its cells from its form (``FormCells``). Only where
    nothing else needs the model: a table with its form kept for it (``release_form.
    keep_form``: made after its per-output rules, its measures the model's own), every
    system of it naming its cells by place in the list the table holds, and no sidecar (its
    published numbers are checked again after the release rules, on the model:
    ``sidecar_bounds.bound_by_published``). Any other table keeps its model."""
    from sdc.exponent_bounds import exponent_cells
    from sdc.linking import Places
    from sdc.release_form import _FORM, keep_form
    from sdc.reports.table_view import ReportTable

    by_output: dict[int, list[TableSystem]] = {}
    for ts in systems:
        by_output.setdefault(id(ts.output), []).append(ts)
    for output in outputs:
        table = output.table
        if not isinstance(table, Table) or output.sidecar is not None:
            continue
        kept = output.__dict__.get(_FORM)
        if kept is None or kept[0] is not table or kept[1] is None:
            continue
        form = kept[1]
        own = by_output.get(id(output), [])
        if not all(isinstance(ts.cells, Places) and ts.cells.own is table.cells
                   for ts in own) or len(form) != len(table.cells) \
                or _measures_differ(form.measures, table.measures):
            continue
        try:
            stand_in = TableStandIn(table, form, ReportTable.of(table))
        except Exception:  # a bug making the view: the model is kept, as before
            continue
        cells = FormCells(form)
        for ts in own:
            if ts.exponents is None:  # read off the model's cells now, not remade from the form
                ts.exponents = exponent_cells(ts)
            ts.cells = Places(cells, ts.cells.at)  # type: ignore[attr-defined]
        output.table = stand_in  # type: ignore[assignment]
        keep_form(output, form)
        del table, kept


def _measures_differ(held: Sequence[Measure], model: Sequence[Measure]) -> bool:
    """Whether the form's measures are not the model's own objects (cells made from it would
    then compare their measures unlike the model's)."""
    return len(held) != len(model) or any(a is not b for a, b in zip(held, model, strict=True))


def first_cell(table: Any) -> DataCell | None:
    """``table``'s first cell (a model's or a stand-in's, made from its form), None when it
    has none."""
    if isinstance(table, TableStandIn):
        return table.form.cell(0) if len(table.form) else None
    return table.cells[0] if table.cells else None


def report_view(table: Any) -> Any:
    """What the reports read of ``table``: a stand-in's report view, else ``table``."""
    return table.view if isinstance(table, TableStandIn) else table
