"""Read a chart output: recover what a vector figure plots and attach it as a table.

``read_chart`` is called by the SVG reader and by the PDF reader for PDFs that matplotlib drew.
It extracts the plotted values (``sdc.charts.svg``/``sdc.charts.pdf`` -> ``sdc.charts.interpret``)
and sets ``output.table`` to the counts they show, with the whole ``ChartData`` as
``output.chart`` (read it with ``chart_of``). The output's kind stays ``chart``. Raster images
are left as they are: pixels cannot be read back reliably, so they rely on their data file
(SDC701).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sdc.charts.interpret import ChartData
    from sdc.outputs import Output
    from sdc.policy import Policy

VECTOR_EXTENSIONS = {"svg", "pdf"}


def chart_of(output: Output) -> ChartData | None:
    """What was read from a vector chart, or None (raster image, nothing recognised)."""
    return output.chart


def read_chart(output: Output, policy: Policy | None = None, *, format: str | None = None
               ) -> None:
    """Extract the values of a vector chart into ``output.table`` (see the module doc).

    A file that cannot be parsed gets ``output.unreadable`` (SDC602, review), and so does a
    vector file in which no axes were recognised (not drawn by matplotlib): a data file beside
    it does not say what the drawing shows. ``format`` is what the content is
    (``svg`` or ``pdf``), by default the file's extension.
    """
    fmt = format or output.extension
    if fmt not in VECTOR_EXTENSIONS or output.unreadable:
        return
    # imported here: the readers package imports this module, and these import the readers'
    # vocabulary (sdc.readers.roles)
    from sdc.charts.chart_table import chart_table
    from sdc.charts.interpret import interpret
    from sdc.charts.paint import UNSEEN_WAYS
    from sdc.charts.svg import ChartError, read_svg

    output.kind = "chart"
    try:
        data = output.file.read_bytes()
        if fmt == "svg":
            figure = read_svg(data)
        else:
            from sdc.charts.pdf import read_pdf

            figure = read_pdf(data)
    except ChartError as exc:
        output.unreadable = str(exc)
        return
    except OSError as exc:
        output.unreadable = f"cannot read the file: {exc.strerror or exc}"
        return
    if not figure.panels:  # fail closed: what it shows cannot be read, whatever is beside it
        output.unreadable = (f"sdc could not read what this .{output.extension} shows (it was "
                             "not drawn by matplotlib, or its layout is not recognised); a "
                             "person must check it")
        return
    chart = interpret(figure)
    output.table = chart_table(output.path, chart)
    output.chart = chart
    if chart.hidden_text:  # its numbers are compared with the data too (SDC701)
        from sdc.outputs import HiddenItem

        output.hidden.append(HiddenItem(
            what="invisible text",
            detail=f"{len(chart.hidden_text)} piece(s) of text drawn so that no one sees "
                   f"them ({UNSEEN_WAYS})"))
