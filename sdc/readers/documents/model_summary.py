"""A statsmodels summary exported whole as a document (``summary().as_html()`` from a
notebook, ``as_latex()`` for a paper; ``summary2()`` likewise), read as the model it is.

The export is three tables: the model's named facts (``Df Residuals:`` beside the dof), the
coefficients, the diagnostics; and a ``Notes:`` paragraph. Read table by table, only the first
knew the dof: the coefficients were statistics with no dof source and the diagnostics numbers
not understood (SDC301 and SDC602 ``review`` on every safe summary). When every row of every
table is a line of a statsmodels summary (``sdc.readers.model_text``: known facts, the
coefficient header and rows, the diagnostics) and the facts give the dof, the document is one
model output checked through that dof (SDC301), its rows kept as text for the identifier
check. One row that is not leaves the tables to be read one by one, as before; a paragraph
that is not a note keeps its numbers named (SDC602).
"""

from __future__ import annotations

from dataclasses import replace

from sdc.readers.documents.model import Document, TextPart
from sdc.readers.model_text import ModelText, statsmodels_summary

_BLOCK = "=" * 20  # the rule between a text summary's blocks: a coefficient table ends there


def read_summary_tables(doc: Document) -> ModelText | None:
    """The model the document's tables are, with ``doc.text`` updated (the tables' rows as
    text for the identifier check, the notes' numbers accounted for), or None."""
    if not doc.tables:
        return None
    lines: list[str] = []
    for table in doc.tables:
        lines.append(_BLOCK)
        lines.extend("  ".join(cell.strip() for cell in row).strip() for row in table.rows)
    tables_end = len(lines)
    prose = [(k, part) for k, part in enumerate(doc.text) if not part.numbers_accounted]
    lines.extend(part.text.replace("\n", " ") for _, part in prose)
    parsed = statsmodels_summary(lines)
    residue = {n for n, line in parsed.residue if line.strip()}
    if not parsed.dofs or any(n <= tables_end for n in residue):
        return None
    for n, (k, part) in enumerate(prose, start=tables_end + 1):
        if n not in residue:
            doc.text[k] = TextPart(part.where, part.text, part.hidden, numbers_accounted=True)
    for table in doc.tables:
        doc.text.append(TextPart(f"table {table.index}",
                                 "\n".join("  ".join(row) for row in table.rows),
                                 numbers_accounted=True))
    doc.tables = []
    doc.model_dof.extend(parsed.dofs)
    doc.dof_disagreements.extend(parsed.disagreements)
    # the counts a model on one categorical predictor gives back: the lines here are the
    # tables' rows joined, no place in the document, so they are named by their term only
    doc.model_counts.extend(replace(count, line=0) for count in parsed.counts())
    return parsed
