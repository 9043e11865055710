"""What a document reader extracts: tables as text grids, and every other piece of text.

Readers of documents never interpret numbers: they only say where each string sits, so the
same layout inference and the same rules apply to a table whatever file it came in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sdc.errors import InputError
from sdc.model_counts import ModelCount


@dataclass
class TextTable:
    """One table of a document: rows of cell strings (spans already repeated over the cells
    they cover), plus its caption and notes."""

    index: int  # 1-based position among the document's tables
    rows: list[list[str]]
    caption: str | None = None
    notes: list[str] = field(default_factory=list)
    first_line: int | None = None  # the source line of the first row, for line-based formats
    # what produced the table and says what its numbers are (a log's ``tapply(age, ward, max)``:
    # ``max``), read with its title when the roles are decided
    context: list[str] = field(default_factory=list)
    # its first row is the header by the document's structure (see ``Table.header_certain``)
    header_certain: bool = False
    label_columns: int = 0  # how many first columns are labels by the same structure
    # its labels may be pandas' ``to_markdown``'s (a tuple index, ``nan``): read as the CSV
    # writes them, cells kept in place (sdc.readers.documents.pandas_labels)
    pandas_labels: bool = False
    # labels the program that printed the table defines as pandas' describe() statistics
    # (Stata tabstat's ``N``: ``count``), see ``Table.statistic_names``
    statistic_names: dict[str, str] = field(default_factory=dict)


@dataclass
class TextPart:
    """Text outside tables: prose, captions, comments, headers, properties."""

    where: str  # "line 12", "paragraph 3", "comment 1", "core property 'title'"
    text: str
    hidden: bool = False  # a reader of the rendered document would not see it
    # Its numbers are accounted for elsewhere (a model's statistics, a log's line ranges), so
    # only identifiers are looked for in it.
    numbers_accounted: bool = False


@dataclass
class Flag:
    """Something in a document that must be looked at: active content, hidden text, an
    embedded object, a tracked change."""

    what: str
    detail: str


@dataclass
class Document:
    tables: list[TextTable] = field(default_factory=list)
    text: list[TextPart] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    # Statistical models recognised in the document (logs): their residual degrees of freedom.
    model_dof: list[float] = field(default_factory=list)
    # where their printed counts contradict those dof (``sdc.model_facts_agree``)
    dof_disagreements: list[str] = field(default_factory=list)
    # the counts a model on one categorical predictor gives back, at their lines (logs)
    model_counts: list[ModelCount] = field(default_factory=list)
    # Lines that no recognised block accounts for (logs): (first, last) line numbers.
    unaccounted: list[tuple[int, int]] = field(default_factory=list)
    # Printed listings of records (Stata ``list``, R ``head(df)``/``print(df)``): where.
    listings: list[str] = field(default_factory=list)


class DocumentError(InputError):
    """The document could not be parsed at all."""


class TooManyCells(DocumentError):
    """A page (or a Markdown file's HTML blocks) over the policy's ``max_cells`` table cells,
    refused whole (SDC602, SDC606). ``srcdocs``: its ``<iframe srcdoc>`` pages brought it
    over, found as it was read (``not read``); else its own bytes did, counted before any
    parse (``not parsed``)."""

    def __init__(self, cells: int, limit: int, srcdocs: bool = True) -> None:
        super().__init__(f"{cells:,} table cells with its <iframe srcdoc> pages' "
                         f"(limit {limit:,})" if srcdocs
                         else f"{cells:,} table cells (limit {limit:,})")
        self.cells = cells
        self.limit = limit
        self.verb = "not read" if srcdocs else "not parsed"
