"""Rules on rounding policies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from sdc.results import Finding
from sdc.rules.base import Rule, RuleParams
from sdc.table import Role

if TYPE_CHECKING:
    from sdc.context import CheckContext
    from sdc.outputs import Output


class UnroundedCount(Rule["UnroundedCount.Params"]):
    """Flags a count that is not a multiple of the policy's rounding base.

    Why: some TREs (OpenSAFELY: round to the nearest 5 after redacting counts of 7 or fewer)
    publish only rounded counts, so that differences between outputs cannot be pinned down to
    one person. An unrounded count breaks that protection for every table it can be compared
    with. The rule is inactive unless ``base`` is set.

    Example (base 5): a count of 23 is flagged; 25 and 0 are not.
    """

    code = "SDC401"
    name = "unrounded-count"
    summary = "the policy requires rounding to base b and a count is not a multiple of b"

    class Params(RuleParams):
        base: int | None = Field(None, ge=2, examples=[5],
                                 description="when set, every published count must be a "
                                             "multiple of base")
        scheme: Literal["any", "nearest"] = Field(
            "any", description="how the suppression audit reads a rounded count v: any (the "
            "count is within base-1 of v, whatever the rounding) or nearest (within base/2: "
            "conventional rounding, the tighter reading an intruder makes)")

    def check(self, output: Output, ctx: CheckContext) -> Iterator[Finding]:
        base = self.params.base
        if base is None or output.table is None:
            return
        for cell in output.table.cells_with_role(Role.COUNT):
            if cell.suppressed or cell.value is None:
                continue
            if cell.value % base != 0:
                yield self.finding(
                    output, f"count is not rounded to a multiple of {base}", cell=cell,
                    evidence={"count": cell.value, "base": base})
