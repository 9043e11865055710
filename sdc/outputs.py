"""An output under check: one file (or one workbook sheet) and the facts readers found about it.

Readers record facts (the parsed table, why it could not be read, hidden content, size) and
rules turn facts into findings, so a reader never decides a verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdc.results import Location
from sdc.table import DataCell, Measure, RawCell, Role, Table
from sdc.textsafe import printable, printable_opt

if TYPE_CHECKING:
    from sdc.charts.interpret import ChartData
    from sdc.model_counts import ModelCount
    from sdc.readers.documents.model import TextPart
    from sdc.readers.row_screen import RowScreen


@dataclass
class HiddenItem:
    """Something in a workbook a reader of the visible sheet would not see."""

    what: str  # "hidden sheet", "hidden row", "comment", "formula", "external link", ...
    detail: str
    cell: str | None = None
    # the detail without what the researcher wrote (a number format's text may spell a count):
    # what machine formats show; None when the detail holds nothing of the file's content
    public: str | None = None


@dataclass
class RecordedRisk:
    """A risk the tool that wrote an output recorded from the microdata it alone saw (ACRO's
    ``results.json``: the cells its checks flagged). The rule for that risk reports it where its
    own reading of the file did not already: a record only ever adds findings, never removes one.

    ``kind``: ``threshold`` (too few records), ``zero`` (no record), ``nk``, ``p`` (dominance),
    ``negative`` (dominance undefined), ``dof`` (a statistic's degrees of freedom, table-wide),
    ``all_same``, ``extreme`` (a minimum or maximum, table-wide), ``model_dof`` (a model the tool
    failed on its own dof threshold, ``dof`` and ``min_dof``), ``missing`` (missing values
    behind some cells, table-wide). ``params`` holds the
    tool's parameters (``threshold``, ``n``/``k``, ``p``,
    ``dof``), so a rule can tell whether the tool's flag proves its own violation (the tool was
    at most as strict as the policy) or only calls for review."""

    kind: str
    cell: DataCell | None  # None: the output as a whole (a histogram's bins, a table's dof)
    params: dict[str, float]
    tool: str = "ACRO"
    places: int = 1  # how many places of the output the tool flagged (for cell None)
    # the tool found no record behind a cell the file shows blank in a table of counts it did
    # not suppress: the blank is the published zero (pandas leaves an empty group blank)
    shown_blank: bool = False


@dataclass
class SidecarUse:
    """What an evidence sidecar changed on an output as it was read, so the engine can check
    the same output on its published numbers alone (``revert``): a sidecar is the researcher's
    claim, and a verdict it alone settles is bounded by the published numbers'
    (``sdc.sidecar_bounds``)."""

    name: str  # the sidecar's file name, for the reports
    evidence: list[tuple[DataCell, dict[str, Any] | None]]  # each cell's evidence before
    roles: list[tuple[Measure, Role, Role | None]]  # each measure's role and read_as before
    kind: str
    dofs: int  # how many model dofs the output had before
    # columns of counts written as floats that the sidecar's ``count`` settled
    # (``floats_only_counts``): kept counts on the published numbers alone, since a wrong claim
    # buys nothing the same table written as integers does not have (sdc.sidecar_bounds)
    floated_counts: list[Measure] = field(default_factory=list)
    # columns read as counts only by a guess (whole numbers under headers that name no count)
    # that the sidecar declares sums or means: under ``sidecar_evidence = "trust"`` their
    # group-disclosure reading as counts is settled (sdc.sidecar_bounds)
    guessed_counts: list[Measure] = field(default_factory=list)

    def revert(self, output: Output) -> None:
        """Undo the sidecar on ``output`` (a copy made with this record, by ``deepcopy``)."""
        for cell, evidence in self.evidence:
            cell.evidence = evidence
        for measure, role, read_as in self.roles:
            measure.role, measure.read_as = role, read_as
            measure.declared = None  # only a sidecar declares a statistic
        for measure in self.floated_counts:
            measure.role, measure.read_as = Role.COUNT, None
        output.kind = self.kind
        del output.model_dof[self.dofs:]
        if output.table is not None:  # caches that may rest on roles
            for key in [k for k in output.table.__dict__ if k.startswith("_sdc_")]:
                del output.table.__dict__[key]
        output.sidecar = None


@dataclass(frozen=True)
class DofBound:
    """An upper bound on a model's residual dof (a regression table's ``N`` less the terms it
    shows) and the cell printing that ``N``, where SDC301 names it (None: no cell to name)."""

    dof: float
    cell: RawCell | None = None


@dataclass
class Output:
    path: str  # relative to the folder checked, or the file's name
    file: Path
    extension: str
    size: int
    sha256: str
    sheet: str | None = None
    kind: str = "unknown"
    table: Table | None = None
    unreadable: str | None = None  # why the content could not be parsed or understood
    too_large: str | None = None  # why it is over the policy's size limits
    hidden: list[HiddenItem] = field(default_factory=list)
    request: dict[str, Any] = field(default_factory=dict)  # its [[outputs]] entry, if any
    companions: list[str] = field(default_factory=list)  # data files beside an image
    encoding: str | None = None
    model_dof: list[float] = field(default_factory=list)  # residual dof of models in the output
    # residual dof only an ACRO record gives, which no released file of its model prints (the
    # record can be edited after ACRO wrote it): SDC301 fails one below the minimum, else review
    recorded_dof: list[float] = field(default_factory=list)
    # upper bounds on a model's residual dof where the dof themselves are not known (an
    # esttab table's N less the terms it shows): one below the minimum fails SDC301
    model_dof_at_most: list[DofBound] = field(default_factory=list)
    # where a model summary's printed counts contradict its residual dof (its observations,
    # model dof, coefficient rows: sdc.model_facts_agree): SDC301 ``review`` names each
    dof_disagreements: list[str] = field(default_factory=list)
    # the counts a model on one categorical predictor gives back (sdc.model_counts): SDC101's
    model_counts: list[ModelCount] = field(default_factory=list)
    text_checked: bool = False  # a document whose text sdc read word by word (sdc.readers.parts)
    format: str = "unknown"  # the reader its content was read by (csv, xlsx, png, svg, pdf...)
    type_mismatch: str | None = None  # its content is not what its extension claims (SDC601)
    chart: ChartData | None = None  # what was read from a vector chart (lines, bars, points)
    table_number: int | None = None  # which table of the file, for formats with several
    outside_link: str | None = None  # a symbolic link that must not be followed: why
    invalid_claims: list[str] = field(default_factory=list)  # request.toml claims rejected
    sidecar: SidecarUse | None = None  # what its evidence sidecar changed, if one was used
    recorded: list[RecordedRisk] = field(default_factory=list)  # risks its writer recorded
    # a large delimited file proved row-level data column by column, never made a table
    # (sdc.readers.row_screen): SDC603/SDC604 fail it, SDC602 says it was not read cell by cell
    screened: RowScreen | None = None

    # A document read by a document reader (HTML, Word, Markdown, LaTeX, logs): its text
    # outside tables (numbers in it that no rule can check are in ``not_understood``).
    text: list[TextPart] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)  # where a log prints records, one a line

    # Where the output holds a number that no enabled rule checks and no label explains, named
    # by SDC602: cell references of a table (sdc.coverage), or places in a document's text
    # (``paragraph 3``, ``line 12``, ``$.meta.count``) set by its reader. One notion, one finding.
    # (``sdc.table.CellRefs`` for a table's cells: made when read)
    not_understood: Sequence[str] = field(default_factory=list)

    def __post_init__(self) -> None:  # names are researcher strings: shown escaped everywhere
        self.path = printable(self.path)
        self.sheet = printable_opt(self.sheet)

    def fail_closed(self, doing: str, exc: Exception) -> None:
        """One of sdc's own steps broke on this output: it becomes unreadable (SDC602 review),
        keeping an earlier reason, instead of crashing or silently passing."""
        self.unreadable = self.unreadable or (
            f"sdc could not {doing} ({type(exc).__name__}: {exc}); a person must check it")

    def location(self, cell: DataCell | RawCell | None = None) -> Location:
        if cell is None:
            return Location(path=self.path, sheet=self.sheet, table=self.table_number)
        if isinstance(cell, DataCell):
            assert self.table is not None
            return Location(
                path=self.path,
                sheet=self.sheet,
                cell=cell.ref,
                row_label=self.table.row_label(cell),
                column_label=self.table.column_label(cell),
                table=self.table_number,
            )
        return Location(path=self.path, sheet=self.sheet, cell=cell.ref,
                        row_label=None, column_label=self.column_header(cell.col),
                        table=self.table_number)

    def column_header(self, col: int) -> str | None:
        if self.table is None:
            return self.screened.header(col) if self.screened is not None else None
        return self.table.column_headers.get(col) or None
