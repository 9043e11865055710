"""The image readers' reads (``sdc.readers.registry``): a raster image, an SVG drawing or a
PDF is a chart whose data files beside it may back it (SDC701); the values of a vector chart
matplotlib drew are read back (SDC702), and every image's hidden text is checked."""

from __future__ import annotations

from sdc.outputs import Output
from sdc.readers.base import ReadOptions, Source
from sdc.readers.image_content import inspect_image_content
from sdc.readers.registry import DATA_FOR_CHART


def chart_output(source: Source) -> Output:
    """An image output, with the data files beside it that could back it (SDC701); never
    itself (an image renamed ``.csv`` is not its own data)."""
    output = source.output()
    output.kind = "chart"
    output.companions = [sibling.name for e in DATA_FOR_CHART
                         if (sibling := source.file.with_suffix(f".{e}")) != source.file
                         and sibling.is_file()]
    return output


def read_raster(source: Source, options: ReadOptions) -> list[Output]:
    # metadata text, bytes after the end, private blocks; a file reached by its extension
    # alone (its first bytes are not the signature) is unreadable
    output = chart_output(source)
    hidden_text = inspect_image_content(output, options)
    return [output, *hidden_text]


def read_svg(source: Source, options: ReadOptions) -> list[Output]:
    from sdc.charts.reader import read_chart

    output = chart_output(source)
    hidden_text = inspect_image_content(output, options)  # every text and attribute
    read_chart(output, format="svg")
    return [output, *hidden_text]


def read_pdf(source: Source, options: ReadOptions) -> list[Output]:
    """A chart when matplotlib drew it (its values are read back), else a document."""
    from sdc.charts.pdf import is_chart_pdf
    from sdc.charts.reader import read_chart

    if is_chart_pdf(source.file):
        output = chart_output(source)
        read_chart(output, format="pdf")
    else:
        output = source.output()
        output.kind = "document"
    return [output, *inspect_image_content(output, options)]  # bytes after %%EOF
