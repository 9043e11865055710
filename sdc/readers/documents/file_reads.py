"""The document readers' reads (``sdc.readers.documents.readers``, and the text document
reader of ``sdc.readers.registry``): each parses its file into a ``Document`` and hands it
to ``reading``. A file that cannot be parsed is one output saying why (SDC602), never a pass.
Each format's parser is imported by its own read only, so a Markdown file loads no Word or
HTML parser."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from functools import partial

from sdc.outputs import Output
from sdc.readers.base import ReadOptions, Source
from sdc.readers.csv_reader import decode
from sdc.readers.documents.model import Document, DocumentError, TooManyCells
from sdc.readers.documents.reading import attach_prose_lines, document_outputs

MODEL_TEXT = frozenset({"txt", "log"})  # a model summary's dof read from the text (SDC301)
PLAIN_TABLES = frozenset({"txt"})  # a table printed as text, read as a log reads it


def _failed(source: Source, why: str) -> Output:
    output = source.output()
    output.kind = "document"
    output.unreadable = why
    return output


def _read_text(source: Source, parse: Callable[[str], Document], options: ReadOptions
               ) -> list[Output]:
    try:
        data = source.file.read_bytes()
    except OSError as exc:
        return [_failed(source, f"cannot read the file: {exc.strerror or exc}")]
    decoded = decode(data)
    if decoded is None:
        return [_failed(source, "the file is not text in any known encoding")]
    try:
        return document_outputs(source, parse(decoded[0]), options)
    except TooManyCells as exc:  # Markdown's HTML blocks over max_cells
        return [_refused(source, exc)]
    except (DocumentError, RecursionError, ValueError) as exc:
        return [_failed(source, str(exc))]


def plain_text_tables(source: Source, options: ReadOptions) -> list[Output] | None:
    """A ``.txt`` read as a log without commands (``DataFrame.to_string()``, R's printed
    ``table()``, a Stata ``tabulate`` pasted without its log header): its aligned and framed
    tables are checked like any table, its other lines are text for the identifier and
    row-level checks, and every line holding a number no table accounts for is named for a
    person (SDC602). A model summary whose dof the text proves (stargazer's ``(df = 497)``)
    is read as in a log. None when neither is found: the text stays a document to read."""
    from sdc.readers.documents.logs import read_log

    try:
        decoded = decode(source.file.read_bytes())
    except OSError:
        return None
    if decoded is None:
        return None
    try:
        doc = read_log(decoded[0], plain=True)
    except (DocumentError, RecursionError, ValueError):
        return None
    return document_outputs(source, doc, options) if doc.tables or doc.model_dof else None


def _refused(source: Source, refusal: TooManyCells) -> Output:
    """A page over the policy's ``max_cells`` (``html.TooManyCells``): SDC602 says it was not
    read, SDC606 that it is too large; the rest of the release is checked."""
    output = _failed(source, f"{refusal.verb}: {refusal}")
    output.too_large = str(refusal)
    return output


def read_html_file(source: Source, options: ReadOptions) -> list[Output]:
    from sdc.heap_trim import trim
    from sdc.readers.documents.html import CellBudget, read_html, table_cells

    try:
        data = source.file.read_bytes()
    except OSError as exc:
        return [_failed(source, f"cannot read the file: {exc.strerror or exc}")]
    if (cells := table_cells(data)) > options.max_cells:
        # a page's cells are held as objects while it is read (~0.9 KiB each, twice a
        # CSV's): a 50 MB table of short numbers peaked at ~4 GiB (round 34, hunt34)
        return [_refused(source, TooManyCells(cells, options.max_cells, srcdocs=False))]
    try:
        doc = read_html(data, budget=CellBudget(options.max_cells, cells))
        trim()  # the page's tree is gone: its C heap given back before its tables are checked
        return document_outputs(source, doc, options)
    except TooManyCells as exc:  # its srcdoc pages' cells with its own: refused the same way
        return [_refused(source, exc)]
    except DocumentError as exc:
        return [_failed(source, str(exc))]


def read_markdown_file(source: Source, options: ReadOptions) -> list[Output]:
    """Markdown; its raw HTML ``<table>`` blocks are read as a page's tables, so their cells
    are bounded by ``max_cells`` as a page's are (round 36, mem36): over it, the file is
    refused with the findings the same blocks give as an HTML page."""
    from sdc.readers.documents.markdown import read_markdown

    return _read_text(source, partial(read_markdown, max_cells=options.max_cells), options)


def read_latex_file(source: Source, options: ReadOptions) -> list[Output]:
    from sdc.readers.documents.latex import read_latex

    return _read_text(source, read_latex, options)


def read_log_file(source: Source, options: ReadOptions) -> list[Output]:
    from sdc.readers.documents.logs import read_log

    return _read_text(source, read_log, options)


def read_json_file(source: Source, options: ReadOptions) -> list[Output]:
    from sdc.readers.documents.json_tables import read_json

    return _read_text(source, read_json, options)


def read_docx_file(source: Source, options: ReadOptions) -> list[Output]:
    from sdc.readers.documents.word import read_docx
    from sdc.readers.file_ends import zip_outside
    from sdc.readers.parts import part_outputs

    if source.size > options.max_bytes:
        return [_failed(source, "not parsed: over the size limit")]
    try:
        data = source.file.read_bytes()
    except OSError as exc:
        return [_failed(source, f"cannot read the file: {exc.strerror or exc}")]
    try:
        with zipfile.ZipFile(source.file) as package:
            unpacked = sum(i.file_size for i in package.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        return [_failed(source, f"the Word file could not be opened: {exc}")]
    if unpacked > options.max_unpacked_bytes or (
            source.size and unpacked / source.size > options.max_compression_ratio):
        return [_failed(source, f"not parsed: it would unpack to {unpacked:,} bytes")]
    try:
        outputs = document_outputs(source, read_docx(data), options)
    except DocumentError as exc:
        return [_failed(source, str(exc))]
    outside = zip_outside(source.file, "DOCX")  # bytes no member holds, the zip comment
    if not outputs:
        return outputs
    outputs[0].hidden.extend(outside.hidden)
    return [*outputs, *part_outputs(outputs[0], outside.parts, options, "package")]


def read_text_document(source: Source, options: ReadOptions) -> list[Output]:
    """Text and office documents: kept as documents a person must read (SDC602); a model
    summary in a ``.txt``/``.log`` gives its residual degrees of freedom (SDC301), and a
    ``.txt`` holding a printed table is read as a log without commands."""
    from sdc.readers.evidence import read_model_text

    output = source.output()
    output.kind = "document"
    outputs = (read_model_text(output, options) if source.extension in MODEL_TEXT
               else [output])
    if output.kind != "document":
        return outputs
    if source.extension in PLAIN_TABLES and (
            tables := plain_text_tables(source, options)) is not None:
        return tables  # a table printed as text, read as a log reads it
    attach_prose_lines(output)  # not a model summary nor a table: a person's to read
    return outputs
