"""What a table file's outputs get once read, CSV or workbook alike: their evidence (columns,
the sidecar, a model's facts), their kind, and the text hidden in their cells checked."""

from __future__ import annotations

from sdc.outputs import Output
from sdc.readers.base import ReadOptions
from sdc.readers.cell_text import cell_text, split_blobs
from sdc.readers.evidence import (
    attach_evidence_columns,
    attach_model_facts,
    attach_sidecar,
    attach_sidecar_to_one,
)
from sdc.readers.parts import part_outputs


def with_evidence(outputs: list[Output]) -> list[Output]:
    """Attach evidence columns and the sidecar (to a CSV or a one-sheet workbook, or to the
    one table of several it describes: stacked blocks, sheets); set kinds."""
    tables = [(o, o.table) for o in outputs if o.table is not None]
    for out, table in tables:
        attach_evidence_columns(table)
        out.kind = table.kind
    if len(outputs) == 1 and tables:
        out, table = tables[0]
        attach_sidecar(out)
        attach_model_facts(out)
        if table.kind != "model" and not out.model_dof:
            out.kind = table.kind
    elif len(tables) > 1:
        attach_sidecar_to_one(outputs)
    return outputs


def cell_text_outputs(outputs: list[Output], options: ReadOptions) -> list[Output]:
    """Long, multi-line and encoded cells: flagged on their table, their text checked."""
    extra: list[Output] = []
    for output in outputs:
        if output.table is not None:
            hidden, parts = cell_text(output.table)
            output.hidden.extend(hidden)
            extra.extend(part_outputs(output, parts, options, "cell text"))
    with_tables = [o for o in outputs if o.table is not None]
    for index, hidden, parts in split_blobs([o.table for o in with_tables]):  # type: ignore[misc]
        with_tables[index].hidden.extend(hidden)
        extra.extend(part_outputs(with_tables[index], parts, options, "cell text"))
    return extra


def screened_text(output: Output, options: ReadOptions) -> list[Output]:
    """A file the row-level screen read (``sdc.readers.row_screen``): its cells' hidden text
    flagged and checked, as ``cell_text_outputs`` does for a table."""
    assert output.screened is not None
    output.hidden.extend(output.screened.hidden)
    parts = list(output.screened.parts)
    for _, hidden, found in split_blobs([output.screened]):
        output.hidden.extend(hidden)
        parts += found
    return part_outputs(output, parts, options, "cell text")
