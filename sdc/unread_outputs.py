"""The outputs of a release sdc read nothing from: what the linked audit could not see.

Why: a table that hides cells is audited with the release's other tables (SDC501), so a
margin printed elsewhere that gives a hidden cell back is found. A file sdc cannot read at all
(a CSV with a NUL byte, UTF-32, a gzipped CSV, a corrupt workbook, a format it has no reader
for, one over the size limits) is ``review`` or ``fail`` itself, but nothing of it reaches the
audit: the table beside it passed alone although the unread file may print the margins that
give its hidden cells back (hunt round 35). Such a file's own finding says what sdc could not
read; the table's says that its hidden cells were audited without it. Nothing here exempts
anything: it only adds a ``review``.

Not counted as unread: an empty file or a grid with no data row (a header alone, titles and
notes: nothing the audit would read were it a table; ``readers.layout.NO_DATA_ROWS``), a
symbolic link never followed (not in the release), and anything sdc read something from (a
table, a document's text, a chart's data, a large file screened column by column): those reach
the rules that read them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sdc.outputs import Output

NAMED = 5  # unread files a finding names one by one; the rest counted


def unread_outputs(outputs: Iterable[Output]) -> list[Output]:
    """The outputs nothing was read from although they hold something (in release order)."""
    from sdc.readers.layout import NO_CONTENT, NO_DATA_ROWS

    no_rows = (NO_DATA_ROWS, NO_CONTENT)
    return [o for o in outputs
            if o.table is None and o.size > 0 and o.outside_link is None
            and (o.unreadable is not None or o.too_large is not None or o.format == "unknown")
            and not (o.unreadable is not None and o.unreadable.endswith(no_rows))
            and not o.text and not o.text_checked and o.chart is None and o.screened is None
            and not o.listings]


def unchecked_documents(outputs: Iterable[Output]) -> list[Output]:
    """The outputs with no table whose numbers no rule checks (SDC602): those its reader
    listed in a document's text (prose, an HTML comment, a layout sdc did not read as a
    table), and a document whose content no rule reads (a ``.txt``), in release order.
    Those numbers never reached the audit either: ``South: 51 women`` in a note gave back
    the South a table hid, and the table passed (hunt round 36)."""
    return [o for o in outputs if o.table is None and o.size > 0 and (
        o.not_understood or (o.kind == "document" and not o.text_checked
                             and _may_hold_numbers(o)))]


def _may_hold_numbers(output: Output) -> bool:
    """A document no rule reads holds a digit in the text its reader kept, or kept none (a
    note that only names the tables, hunt35's twin, holds none)."""
    return not output.text or any(ch.isdigit() for part in output.text for ch in part.text)


def unread_names(unread: list[Output]) -> str:
    """``a.csv, b.xlsx and 3 more``: the unread files as a finding names them."""
    names = [o.path if o.sheet is None else f"{o.path} [{o.sheet}]" for o in unread[:NAMED]]
    more = len(unread) - len(names)
    return ", ".join(names) + (f" and {more} more" if more else "")
