"""Turn a ``Document`` into outputs the rules check.

Each table of the document is an output of its own (``table_number`` set, so findings read
``report.docx#table2!C5``), inferred by the same layout code as a CSV: a table in a Word file
is checked exactly like the same table in a CSV. The document itself is one more output that
carries the text outside tables (checked for identifiers, SDC604), what was flagged (active,
hidden or embedded content, SDC605), and the places where prose holds numbers no rule can
check (SDC602, review): a number in a sentence can be a small count as easily as in a cell.
"""

from __future__ import annotations

import re

from sdc.code_rows import CodeRows
from sdc.outputs import HiddenItem, Output
from sdc.readers.base import ReadOptions, Source
from sdc.readers.csv_columns import MAX_MEANINGS, text_columns
from sdc.readers.csv_reader import decode, raw_cell
from sdc.readers.documents.data_uris import read_text_data_uris
from sdc.readers.documents.model import Document, Flag, TextPart, TextTable
from sdc.readers.documents.model_summary import read_summary_tables
from sdc.readers.documents.pandas_labels import Infer, read_as_csv, worth_a_look
from sdc.readers.esttab import ModelTable, model_table
from sdc.readers.evidence import attach_evidence_columns, attach_model_facts
from sdc.readers.footnote_marks import all_explained, explained_marks, note_lines, prose_marks
from sdc.readers.layout import LayoutError, LayoutOptions, infer_table
from sdc.readers.parts import INVISIBLE, without_invisible
from sdc.readers.sniffing import is_text
from sdc.table import ENCODED_FROM, Grid, RawCell, Table, column_letters

# Numbers in prose that are not statistics: years, dates, times, versions, and references to
# tables, figures, sections, pages, lines and steps.
_NOT_A_STATISTIC = re.compile(
    r"\b\d{1,4}[/-]\d{1,2}[/-]\d{1,4}\b|\b\d{1,2}:\d{2}(:\d{2})?\b"
    r"|\b(19|20)\d{2}\b(?!\s*(patients|people|cases|deaths|persons|individuals|%))"
    r"|\bv?\d+\.\d+\.\d+\b"
    r"|\b(table|figure|fig\.|section|page|line|step|chapter|appendix|model|panel|column|row|"
    r"supplementary table|item)\s+[A-Z]?\d+[a-z]?\b", re.I)
_NUMBER = re.compile(r"(?<![\w.])[-+]?\d[\d,]*(\.\d+)?%?")


def numbers_in_prose(text: str) -> int:
    """How many numbers in ``text`` could be statistics (not years, dates or references),
    written in digits or as a count in words (``North: three deaths``, as a CSV's note is read)."""
    from sdc.readers.roles import number_forms, word_counts
    from sdc.readers.roman_counts import roman_counts

    return (len(_NUMBER.findall(_NOT_A_STATISTIC.sub(" ", text))) + word_counts(text)
            + number_forms(text)  # ``North had ③ deaths`` (hunt51)
            + roman_counts(text))  # ``North had III deaths`` (hunt52)


def document_outputs(source: Source, doc: Document, options: ReadOptions) -> list[Output]:
    """One output per table, then one for the document's own text and flags."""
    read_text_data_uris(doc)  # data: URIs in its text or cells: decoded, read and flagged
    layout = LayoutOptions(markers=options.markers, total_labels=list(options.total_labels))
    outputs: list[Output] = []
    page_notes: list[str] | None = None  # the page's note lines, read for the first table
    if read_summary_tables(doc) is not None:  # a statsmodels summary: one model (its dof)
        whole = _document_itself(source, doc)
        whole.kind = "model"
        return [whole]
    for text_table in doc.tables:
        output = source.output()
        output.table_number = text_table.index
        output.kind = "unknown"
        _invisible_cells(text_table, doc)  # a model table's cells too
        if (model := model_table(text_table.rows)) is not None:
            _read_as_model(output, model, text_table, doc)
            outputs.append(output)
            continue
        # whether its labels may read otherwise (pandas_labels), asked before ``_grid``
        levels = worth_a_look(text_table.rows) if text_table.pandas_labels else 0
        grid = _grid(text_table, options)
        # SAS's title box: prose laid out in a table; not a line the format calls a header
        # (a pipe table's line above its dashes with no row under it: a survival table of no
        # event saved by to_markdown is a table with no data row, SDC602 as its CSV is)
        if not text_table.header_certain and _a_line_of_words(grid):
            doc.text.append(TextPart(f"table {text_table.index}",
                                     " ".join(c.raw.strip() for c in grid[0] if c.raw.strip())))
            continue
        try:
            table = infer_table(grid, source.path, None, layout, context=text_table.context,
                                header_known=text_table.header_certain,
                                label_columns=text_table.label_columns)
        except LayoutError as exc:
            output.unreadable = f"table {text_table.index} could not be understood: {exc}"
        else:
            if levels:
                table = read_as_csv(table, levels,
                                    _inferred(text_table, source, layout, options))
            if text_table.caption:
                table.title.insert(0, text_table.caption)
                if not any(text_table.caption in part.text for part in doc.text):
                    doc.text.extend(_caption_numbers(text_table.caption, text_table.index))
            table.header_certain = text_table.header_certain
            if page_notes is None:
                page_notes = note_lines(part.text for part in doc.text)
            table.page_notes = page_notes  # what a mark in a cell refers to (hunt52)
            table.statistic_names = dict(text_table.statistic_names)
            attach_evidence_columns(table)
            output.table = table
            output.kind = table.kind
            # a statsmodels summary exported whole (as_html, as_latex): its first table
            # holds ``Df Residuals:`` beside the dof, as ACRO's CSV of that block does
            attach_model_facts(output)
        outputs.append(output)
    outputs.append(_document_itself(source, doc))
    return outputs


def _invisible_cells(text_table: TextTable, doc: Document) -> None:
    """A table cell holding characters that render as nothing (``INVISIBLE``: zero-width,
    bidi, tag characters) is flagged and its text without them is read as hidden text, as a
    CSV's or a workbook's cell is (``cell_text``): ``South`` then TAG DIGIT THREE in a Word,
    HTML or Markdown table showed ``South`` and passed (hunt51)."""
    rows = text_table.rows
    if not any(INVISIBLE.search("\t".join(row)) for row in rows):  # most: none, in C
        return
    refs = []
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            if INVISIBLE.search(text):
                ref = f"{column_letters(c)}{r}"
                refs.append(ref)
                doc.text.append(TextPart(f"table {text_table.index} cell {ref} without "
                                         "invisible characters", without_invisible(text),
                                         hidden=True))
    doc.flags.append(Flag("invisible characters", f"table {text_table.index}: cell(s) "
                          f"{', '.join(refs[:5])}{' ...' if len(refs) > 5 else ''} hold "
                          "characters that render as nothing (zero-width or formatting "
                          "characters)"))


def _inferred(text_table: TextTable, source: Source, layout: LayoutOptions,
              options: ReadOptions) -> Infer:
    """What reads other rows as ``text_table`` was read (its context, its header known)."""

    def infer(rows: list[list[str]], label_columns: int) -> Table:
        copy = TextTable(index=text_table.index, rows=rows, context=text_table.context,
                         header_certain=text_table.header_certain,
                         label_columns=label_columns or text_table.label_columns)
        return infer_table(_grid(copy, options), source.path, None, layout,
                           context=copy.context, header_known=copy.header_certain,
                           label_columns=copy.label_columns)

    return infer


def _grid(text_table: TextTable, options: ReadOptions) -> list[list[RawCell]] | Grid:
    """The table's cells: as codes per column, read by the layout as a long CSV's are
    (``csv_columns.text_columns``: one code a cell, no cell object until one is asked for),
    or a ``RawCell`` per text when it is small (below ``ENCODED_FROM`` cells), its rows are
    ragged or more than a quarter of its texts are distinct. Its text rows are let go once
    coded (nothing reads them after this: issue 14 §3)."""
    markers = options.markers

    def meaning(raw: str) -> tuple[str, float | None, str | None]:
        cell = raw_cell(0, 0, raw, markers, False)
        return cell.raw, cell.value, cell.marker

    rows = text_table.rows
    cells = sum(map(len, rows))
    # a small table, or one whose texts barely repeat, as cells: codes cost more than they
    # save there (a page of hundreds of 40-row tables peaked 5 MiB higher as codes, five
    # tables of distinct counts 10 MiB), as a small grid is pickled as rows and a grid of
    # more than a quarter distinct texts is not packed (``Columns.of``)
    packed = text_columns(rows, meaning, min(MAX_MEANINGS, max(256, cells // 4))
                          ) if cells >= ENCODED_FROM else None
    if packed is None:
        return [[raw_cell(r, c, text, markers, False) for c, text in enumerate(row, start=1)]
                for r, row in enumerate(rows, start=1)]
    text_table.rows = []
    return Grid.of_code_rows(CodeRows(packed))


def _a_line_of_words(grid: list[list[RawCell]] | Grid) -> bool:
    """A table of one row whose cells are words (no digit, no suppression marker): a page's
    title laid out as a table (SAS's ODS HTML puts ``The SAS System`` in a one-cell
    ``systitleandfootercontainer``). It has no number to check and no data row, so it is
    read as the document's text (searched for identifiers as prose is), not as a table that
    cannot be understood."""
    return (len(grid) == 1 and any(c.raw.strip() for c in grid[0])
            and all(c.marker is None and not any(ch.isdigit() for ch in c.raw)
                    for c in grid[0]))


def _read_as_model(output: Output, model: ModelTable, text_table: TextTable, doc: Document
                   ) -> None:
    """A regression table (Stata ``etable``/``esttab``, R ``modelsummary``/``texreg``/
    ``stargazer``) read as the CSV reader reads esttab's CSV (``sdc.readers.esttab``): one
    model output checked through the dof its numbers prove, or failed by the ``N`` less the
    terms it shows (SDC301 at the ``N`` cell); its names, notes and caption are text of the
    document, searched for identifiers, each at its cell (a count in a name is named on the
    table)."""
    model.apply(output)
    doc.text.extend(TextPart(f"table {text_table.index} cell {ref}", name,
                             numbers_accounted=True) for ref, name in model.names)
    if text_table.caption and not any(text_table.caption in part.text for part in doc.text):
        doc.text.extend(_caption_numbers(text_table.caption, text_table.index))


def _caption_numbers(caption: str, index: int) -> list[TextPart]:
    """A table's caption as text of the document when it says a number a CSV's title line
    would not explain (``West: 3 excluded``; not ``Table 2``, a year or a printed base, which
    is checked as a count): the caption is the table's title, no cell, so no rule checks it
    and the document's text names it (SDC602), unless its text holds it already (a LaTeX or
    Markdown line; HTML's prose leaves tables, captions included, out)."""
    from sdc.derived_counts import without_printed_bases
    from sdc.readers.roles import prose_numbers_not_understood

    if not prose_numbers_not_understood(without_printed_bases(caption)):
        return []
    return [TextPart(f"caption of table {index}", caption)]


def _document_itself(source: Source, doc: Document) -> Output:
    output = source.output()
    output.kind = "document"
    output.text = [part for part in doc.text if part.text.strip()]
    output.text_checked = True
    output.model_dof.extend(doc.model_dof)
    output.dof_disagreements.extend(doc.dof_disagreements)
    output.model_counts = list(doc.model_counts)
    output.listings = list(doc.listings)
    for flag in doc.flags:
        output.hidden.append(HiddenItem(what=flag.what, detail=flag.detail))
    _invisible_text(output)
    marked = _unexplained_marks(output.text)
    output.not_understood = [
        *(_where(part) for part in output.text
          if not part.numbers_accounted and (numbers_in_prose(part.text) or id(part) in marked)),
        *(f"lines {a}-{b}" if a != b else f"line {a}" for a, b in doc.unaccounted)]
    return output


def _unexplained_marks(parts: list[TextPart]) -> set[int]:
    """The ids of the parts holding a footnote's mark (``West³``, ``deaths³``) that no line of
    the document opens with (``³ Includes X``): a number beside a word, not a mark, as a
    table's label's is (``sdc.coverage``, hunt52)."""
    marked = {id(part): marks for part in parts if (marks := prose_marks(part.text))}
    if not marked:
        return set()  # most documents: no raised digit
    explained = explained_marks(note_lines(part.text for part in parts))
    return {key for key, marks in marked.items() if not all_explained(marks, explained)}


def _invisible_text(output: Output) -> None:
    """A document's text holding characters that render as nothing (``INVISIBLE``) is
    flagged, and read without them (what tag characters spell read too): a Markdown, LaTeX,
    JSON or log line ``North`` then TAG DIGIT THREE showed ``North`` and passed (hunt51), as a
    table's cell is (``_invisible_cells``, ``cell_text``)."""
    if not any(INVISIBLE.search(part.text) for part in output.text):
        return
    found = [part for part in output.text if INVISIBLE.search(part.text)
             and not part.where.endswith("without invisible characters")]
    if not found:
        return
    output.hidden.append(HiddenItem(
        what="invisible characters",
        detail=f"{len(found)} piece(s) of text ({', '.join(p.where for p in found[:3])}"
        f"{' ...' if len(found) > 3 else ''}) hold characters that render as nothing "
        "(zero-width, formatting or tag characters)"))
    output.text.extend(TextPart(f"{part.where} without invisible characters",
                                without_invisible(part.text), hidden=True,
                                numbers_accounted=part.numbers_accounted) for part in found)


def _where(part: TextPart) -> str:
    return part.where + (" (hidden)" if part.hidden else "")


MAX_PROSE_CHARS = 2_000_000  # a longer text is searched up to here; the rest a person reads


def attach_prose_lines(output: Output) -> None:
    """A plain-text document (notes, a README) stays SDC602's to read as a whole, but its
    lines are searched for identifiers so an NHS number in prose is SDC604 ``fail`` at its
    line, not only the document's ``review``. Its numbers are not claimed as checked."""
    try:
        data = output.file.read_bytes()[:MAX_PROSE_CHARS]
    except OSError:
        return
    if not is_text(data[:4096]):
        return
    decoded = decode(data)
    if decoded is None:
        return
    output.text = [TextPart(f"line {n}", line.strip(), numbers_accounted=True)
                   for n, line in enumerate(decoded[0].splitlines(), start=1) if line.strip()]
