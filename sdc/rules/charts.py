"""Rules on figures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sdc.results import Finding
from sdc.rules.base import Rule, RuleParams, StatusSetting

if TYPE_CHECKING:
    from sdc.context import CheckContext
    from sdc.outputs import Output


class ChartWithoutData(Rule):
    """Flags an image released without the data it plots.

    Why: a chart is a table drawn as a picture: bar heights, histogram bins and survival steps
    are counts. Without the underlying numbers (``name.csv`` or ``name.xlsx`` beside
    ``name.png``, or ``data = "..."`` for the output in request.toml) nobody can check them.
    When the data is present it is checked as a table like any other output.

    Example: ``figures/age.png`` alone is ``review``; with ``figures/age.csv`` beside it, the
    image passes and the CSV is checked.
    """

    code = "SDC701"
    name = "chart-without-data"
    summary = "an image with no underlying data file beside it"

    class Params(RuleParams):
        status: StatusSetting = "review"

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        if output.kind != "chart" or output.table is not None or output.unreadable:
            return
        declared = output.request.get("data")
        if output.companions or declared:
            return
        yield self.finding(output, "an image with no underlying data: put the plotted numbers "
                           "beside it (same name, .csv or .xlsx) so they can be checked")
