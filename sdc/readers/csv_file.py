"""The CSV reader's read (``sdc.readers.registry.CsvReader``): a delimited text file is a
regression table a package exported, or a table (or tables stacked in one file), or row-level
data read column by column."""

from __future__ import annotations

from sdc.outputs import Output
from sdc.readers.anova import read_anova
from sdc.readers.base import ReadOptions, Source
from sdc.readers.csv_reader import read_csv
from sdc.readers.esttab import read_esttab
from sdc.readers.model_csv import read_statsmodels_csv
from sdc.readers.table_outputs import cell_text_outputs, screened_text, with_evidence


def read_csv_file(source: Source, options: ReadOptions) -> list[Output]:
    output = source.output()
    if source.extension in ("csv", "txt") and (model := read_esttab(output, options)):
        return model  # a regression table esttab or outreg2 exported (sdc.readers.esttab)
    if source.extension == "csv" and (model := read_statsmodels_csv(output, options)):
        return model  # a statsmodels summary().as_csv() (sdc.readers.model_csv)
    if source.extension == "csv" and (model := read_anova(output, options)):
        return model  # statsmodels' anova_lm table, proven (sdc.readers.anova)
    stacked = read_csv(output, markers=options.markers,
                       total_labels=list(options.total_labels), max_rows=options.max_rows,
                       max_columns=options.max_columns, screen_rows=options.screen_rows,
                       more=source.output)
    if output.screened is not None:  # row-level data, read column by column
        return [output, *screened_text(output, options)]
    outputs = with_evidence([output, *stacked])
    return [*outputs, *cell_text_outputs(outputs, options)]
