"""The reader seam: what a reader is, what it is given, and how sure it is of a file.

A reader turns one file into one or more ``Output`` objects (one per workbook sheet). Readers
are chosen by content first and extension second (``sdc.readers.registry``): each reader says
how sure it is that the file's first bytes are its format (``sniff``), so a CSV renamed
``.png`` is still read as a CSV and a PNG renamed ``.csv`` is not parsed as text.

Readers take ``ReadOptions`` (markers, total labels, limits), not the whole policy, and never
raise for a bad file: they record why it could not be read on the output.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Protocol

from sdc.outputs import Output
from sdc.readers.values import MarkerSet

HEAD_BYTES = 8192  # how much of a file readers sniff

# Confidence levels a reader's ``sniff`` returns. The registry adds ``EXTENSION_BONUS`` to the
# readers that claim the file's extension, so the extension only decides between readers the
# content fits equally well (or, when no content fits, picks the reader that explains why).
CERTAIN = 1.0  # magic bytes identify the format
LIKELY = 0.9  # structural evidence (an XML document whose root is <svg>, a DOCX package)
TEXT = 0.5  # text a delimited-table reader can parse
PLAIN_TEXT = 0.45  # any text (a document)
NOT_MINE = 0.0
EXTENSION_BONUS = 0.1


@dataclass(frozen=True)
class ReadOptions:
    """What readers need from the policy: suppression markers, total labels and limits."""

    markers: MarkerSet
    total_labels: tuple[str, ...]
    max_bytes: int = 50_000_000
    max_rows: int = 100_000
    max_columns: int = 1_000
    max_unpacked_bytes: int = 200_000_000
    max_compression_ratio: float = 100.0
    max_cells: int = 2_000_000  # an XLSX's (all sheets) or HTML page's cells, counted first
    max_part_bytes: int = 50_000_000  # an XLSX part read whole (shared strings, styles)
    # data rows from which a delimited file may be screened as row-level data without the
    # per-cell model (sdc.readers.row_screen); None: every file takes the full path
    screen_rows: int | None = None


@dataclass(frozen=True)
class Source:
    """A file about to be read: its identity, and what its content was found to be."""

    file: Path
    path: str  # as reported: relative to the folder checked, or the file's name
    extension: str  # lower case, no dot
    size: int
    sha256: str
    format: str = "unknown"  # the name of the reader chosen for the content
    type_mismatch: str | None = None  # the content is not what the extension claims

    def output(self, sheet: str | None = None) -> Output:
        """A fresh ``Output`` for this file (or one of its sheets)."""
        return Output(path=self.path, file=self.file, extension=self.extension,
                      size=self.size, sha256=self.sha256, sheet=sheet, format=self.format,
                      type_mismatch=self.type_mismatch)


class Reader(Protocol):
    """A reader of one file format.

    ``name`` is the format (``csv``, ``xlsx``, ``png``...), used in messages and as
    ``Output.format``; ``describes`` names it for a person ("a PNG image"); ``extensions``
    are the file extensions that claim it.
    """

    name: str
    describes: str
    extensions: frozenset[str]

    def sniff(self, path: Path, head: bytes) -> float:
        """How sure the reader is, from the first ``HEAD_BYTES`` of the file, that it is its
        format: one of the confidence levels above (0 when the content is not its format)."""
        ...

    def read(self, source: Source, options: ReadOptions) -> list[Output]:
        """The outputs of the file; problems are recorded on them, never raised."""
        ...


class ReadsLater:
    """A reader whose reading code is imported when a file of its format is read, not when
    the readers are listed: ``reads`` names it (``"module:function"``, called as
    ``function(source, options)``). Every reader sniffs every file, so the sniffs stay here
    and in the registry, light; a CSV-only check then never imports the workbook, document,
    PDF or image readers and their libraries. A reading module that cannot be imported
    raises in ``read``, and the engine makes that file unreadable (SDC602), never a pass."""

    reads: str

    def read(self, source: Source, options: ReadOptions) -> list[Output]:
        module, _, function = self.reads.partition(":")
        read: Callable[[Source, ReadOptions], list[Output]] = getattr(
            import_module(module), function)
        return read(source, options)
