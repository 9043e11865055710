"""The workbook reader's read (``sdc.readers.registry.XlsxReader``): one output per sheet,
and every other part of the package checked as text or flagged (SDC605)."""

from __future__ import annotations

from sdc.outputs import Output
from sdc.readers.base import ReadOptions, Source
from sdc.readers.table_outputs import cell_text_outputs, screened_text, with_evidence
from sdc.readers.xlsx_package import package_outputs
from sdc.readers.xlsx_reader import read_xlsx


def read_xlsx_file(source: Source, options: ReadOptions) -> list[Output]:
    base = source.output()
    outputs = read_xlsx(
        base, markers=options.markers, total_labels=list(options.total_labels),
        max_rows=options.max_rows, max_columns=options.max_columns,
        max_uncompressed=options.max_unpacked_bytes,
        max_ratio=options.max_compression_ratio, make_output=source.output,
        screen_rows=options.screen_rows, max_cells=options.max_cells,
        max_part_bytes=options.max_part_bytes)
    sheets = with_evidence(outputs)
    screened = [t for o in sheets if o.screened is not None
                for t in screened_text(o, options)]
    # every other part of the package: checked as text, or flagged (SDC605)
    return [*sheets, *screened, *cell_text_outputs(sheets, options),
            *package_outputs(base, sheets, options)]
