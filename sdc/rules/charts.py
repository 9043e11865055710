"""Rules on figures: data behind images, values recoverable from vector charts, individual
points.

Vector charts (SVG, PDF) are read by ``sdc.charts``: the counts they show become the output's
table, so SDC101 and the other table rules apply to bar heights and histogram bins as they do
to a CSV; ``output.table.chart`` keeps everything else that was read (lines, points, notes).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from sdc.charts.declared import REJECTED_KEY
from sdc.charts.reader import VECTOR_EXTENSIONS, chart_of
from sdc.formatting import fmt_number
from sdc.results import Finding
from sdc.rules.base import Rule, RuleParams, StatusSetting

if TYPE_CHECKING:
    from sdc.charts.interpret import ChartData
    from sdc.context import CheckContext
    from sdc.outputs import Output

MAX_EVIDENCE_VALUES = 200


class ChartWithoutData(Rule["ChartWithoutData.Params"]):
    """Flags an image released without the data it plots, or with data that does not match
    what it draws.

    Why: a chart is a table drawn as a picture: bar heights, histogram bins and survival steps
    are counts. Without the underlying numbers (``name.csv`` or ``name.xlsx`` beside
    ``name.png``, or ``data = "..."`` for the output in request.toml) nobody can check them.
    When the data is present it is checked as a table like any other output. A vector chart
    (SVG/PDF drawn by matplotlib) whose values sdc could read back needs no data file: the
    values themselves are checked (see SDC702). When such a chart has a data file, every value
    it draws must be among the file's numbers (bars and points one to one, a line's heights);
    otherwise the data file is not the chart's data, and the chart is flagged as if it had none.

    A raster image (PNG, JPEG, GIF, TIFF, WebP, BMP) is pixels: sdc cannot tell whether it
    draws its data file's numbers or others, so with its data beside it it is still
    ``review`` ("not compared with its data"): a person looks at both. A TRE whose checkers
    always look at images may set ``raster_with_data = "pass"``; the data file is checked
    either way.

    Example: ``figures/age.png`` alone is ``review``; with ``figures/age.csv`` beside it the CSV
    is checked and the image is ``review`` until a person has compared them (``pass`` with
    ``raster_with_data = "pass"``). ``age.svg`` drawing bars of 12, 3 and 25 beside an
    ``age.csv`` of 12, 30 and 25 is ``review``: "1 of the 3 values it draws are not in age.csv".
    """

    code = "SDC701"
    name = "chart-without-data"
    summary = "an image with no underlying data file beside it, or one it does not draw"
    # a chart's data files are other outputs: compared once every output has been read
    scope = "release"

    class Params(RuleParams):
        status: StatusSetting = "review"
        raster_with_data: Literal["review", "pass"] = Field(
            "review", description="a raster image with its data file: 'review' (its pixels "
            "cannot be compared with the data) or 'pass' (the checkers always look at images)")

    def check_release(self, outputs: list[Output], ctx: CheckContext) -> Iterator[Finding]:
        for output in outputs:
            if output.kind != "chart" or output.unreadable:
                continue
            chart = chart_of(output)
            if chart is not None and chart.extracted:
                yield from self._disagreement(output, chart, outputs)
            else:
                yield from self._without_data(output)

    def _disagreement(self, output: Output, chart: ChartData, outputs: list[Output]
                      ) -> Iterator[Finding]:
        from sdc.charts.agreement import compare  # on first use (startup)

        agreement = compare(chart, output, outputs)
        if agreement is None or not agreement.problems:
            return
        public = ("what the chart draws does not match its data file: "
                  + "; ".join(agreement.problems))
        shown = ", ".join([f"{handle} = {fmt_number(value)}"
                           for handle, value in agreement.unmatched[:MAX_EVIDENCE_VALUES]]
                          + [f"{handle} at {x!r}"
                             for handle, x in agreement.unplaced[:MAX_EVIDENCE_VALUES]]
                          + [f"invisible text {t!r}"
                             for t in agreement.hidden_unexplained[:MAX_EVIDENCE_VALUES]])
        message = public + (f" ({shown})" if shown else "")
        yield self.finding(output, message, public=public, evidence={
            "data_files": agreement.data_files, "missing_files": agreement.missing_files,
            "drawn": agreement.drawn, "unmapped": agreement.unmapped,
            "not_in_data": [{"where": h, "value": v}
                            for h, v in agreement.unmatched[:MAX_EVIDENCE_VALUES]],
            "positions": agreement.positions,
            "placed_outside_data": [{"where": h, "at": x}
                                    for h, x in agreement.unplaced[:MAX_EVIDENCE_VALUES]],
            "invisible_numbers_not_in_data": agreement.hidden_unexplained[
                :MAX_EVIDENCE_VALUES]})

    def _without_data(self, output: Output) -> Iterator[Finding]:
        declared = output.request.get("data")  # only kept when it names a real data file
        if output.companions or declared:
            if output.format not in VECTOR_EXTENSIONS and self.params.raster_with_data == "review":
                data = ", ".join(output.companions) or str(declared)
                yield self.finding(
                    output, f"a .{output.extension} image is pixels: sdc cannot compare what "
                    f"it draws with its data ({data}); a person must check that it shows only "
                    "that data", public=f"a .{output.extension} image is pixels: not compared "
                    "with its data file; a person must check it",
                    evidence={"extension": output.extension, "data": data})
            return
        rejected = output.request.get(REJECTED_KEY)
        if output.format in VECTOR_EXTENSIONS:
            why = (f"sdc could not read the plotted values from this .{output.extension} "
                   "(only figures drawn by matplotlib are read)")
        else:
            why = f"a .{output.extension} image is pixels: its values cannot be read back"
        if rejected:
            why = f"{why}; in request.toml {rejected}"
        yield self.finding(output, f"an image with no underlying data: {why}; put the plotted "
                           "numbers beside it (same name, .csv or .xlsx) so they can be checked",
                           evidence={"extension": output.extension})


class RecoverableChartData(Rule["RecoverableChartData.Params"]):
    """Flags a vector chart (SVG or PDF) from which the plotted values can be read back.

    Why: a vector file stores every bar, bin edge, line vertex and point as numbers; together
    with the tick labels they give the plotted values exactly, to six decimals or more. A
    chart that looks coarse on screen may therefore publish exact counts, event times or
    individual coordinates. sdc reads them back and checks the counts like a table (a bar of
    height 3 is an SDC101 finding on the figure, at ``bar N`` with the bar's label), so this
    finding is a prompt to look at what else the figure gives away and to prefer a raster
    image (PNG) with its data beside it.

    Example: ``age.svg``, a matplotlib histogram of 12 bins, gives "the plotted values can be
    read back exactly: 12 bars extracted" (review), and any bin below the threshold fails
    SDC101 at its ``bar N``.
    """

    code = "SDC702"
    name = "recoverable-chart-data"
    summary = "a vector chart from which the plotted values can be read back"

    class Params(RuleParams):
        status: StatusSetting = "review"

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        chart = chart_of(output)
        if chart is None or not chart.extracted:
            return
        parts = []
        for n, what in ((chart.n_bars, "bars"), (chart.n_line_points, "line points"),
                        (chart.n_points, "points")):
            if n:
                parts.append(f"{n} {what}")
        message = ("the plotted values can be read back exactly: " + ", ".join(parts)
                   + " extracted")
        if chart.n_steps:
            message += f"; events at {chart.n_steps} survival steps inferred"
        if chart.notes:
            message += "; not read: " + "; ".join(chart.notes)
        values = [{"label": b.label, "series": b.series, "value": b.value}
                  for p in chart.panels for b in p.bars][:MAX_EVIDENCE_VALUES]
        evidence = {"format": chart.format, "bars": chart.n_bars,
                    "line_points": chart.n_line_points, "points": chart.n_points,
                    "survival_steps": chart.n_steps, "values": values}
        yield self.finding(output, message, evidence=evidence, public=message)


class IndividualPoints(Rule["IndividualPoints.Params"]):
    """Flags a chart that plots individual records: a scatter plot, or markers drawn without
    a line (such as the outliers, "fliers", of a box plot).

    Why: each point is one person's values. Their coordinates can be read off the image (and
    exactly from an SVG or PDF), and the extreme ones are easy to recognise: the oldest
    patient, the longest stay. Box plots should be drawn without outliers
    (``showfliers=False``, or ``sdc.boxplot``) and scatter plots replaced by binned plots
    (hexbin, 2-D histogram with counts checked). Dot plots of a few aggregate values can be
    allowed by raising ``min_points`` or with a waiver.

    Example: ``weight_vs_height.svg`` with 50 scatter points is a ``fail``; so is a box plot
    showing 3 outliers.
    """

    code = "SDC703"
    name = "individual-points"
    summary = "a scatter plot or plotted outliers show individual records"

    class Params(RuleParams):
        min_points: int = Field(1, ge=1, description="points in one set before it is flagged "
                                                     "(raise for dot plots)")

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        chart = chart_of(output)
        if chart is None:
            return
        minimum = self.params.min_points
        for p_index, panel in enumerate(chart.panels, 1):
            where = f" in '{panel.title}'" if panel.title else (
                f" in panel {p_index}" if len(chart.panels) > 1 else "")
            for points in panel.points:
                if points.count < minimum:
                    continue
                message = (f"{points.count} individual points plotted ({points.name}){where}: "
                           "each is one record")
                shown = [list(p) for p in points.points[:MAX_EVIDENCE_VALUES]]
                yield self.finding(output, message, public=message,
                                   evidence={"points": points.count, "set": points.name,
                                             "panel": p_index, "coordinates": shown})
