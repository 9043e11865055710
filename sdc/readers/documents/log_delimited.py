"""A delimited table printed in a log or a text: R's ``write.csv(t)`` to the console, Stata's
``type t.csv``, a CSV pasted into a ``.txt`` under more lines of prose than a file's sniff
allows (round 34, hunt34). Read as the table it is, so that a table it links with (its
margins, a subgroup) is linked with it: as text its numbers were only named for a person
(SDC602), and the other table passed on its own."""

from __future__ import annotations

from sdc.readers.documents.log_text import Block
from sdc.readers.documents.model import TextTable
from sdc.readers.sniffing import delimited_rows


def delimited_table(block: Block) -> tuple[TextTable, Block | None, Block | None] | None:
    """The block's delimited table, with the lines of text above it and below it (each None
    when there are none): every line of the table split evenly by one delimiter, as
    ``sniffing.is_delimited_table`` asks of a whole file, any number of lines of one field
    above it and up to five below. None when the block is not one for certain."""
    if len(block.lines) < 2 or any(not line.strip() for line in block.lines):
        return None  # a framed table's blank lines: not a printed CSV
    found = delimited_rows(block.lines, titles=len(block.lines))
    if found is None:
        return None
    start, end, fields = found
    above = Block(block.first, block.lines[:start]) if start else None
    below = (Block(block.first + end, block.lines[end:]) if end < len(block.lines) else None)
    table = TextTable(index=0, rows=[[cell.strip() for cell in row] for row in fields],
                      first_line=block.first + start)
    return table, above, below
