"""What every rule is: a code, a name, parameters validated by pydantic, and a check.

Rules never format output and never decide their own verdict: they yield findings, and the
engine sets each finding's status from the policy (``status = "fail" | "review" | "off"``).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from sdc.results import Finding, Location, Status
from sdc.table import DataCell, RawCell

if TYPE_CHECKING:
    from sdc.context import CheckContext
    from sdc.outputs import Output

StatusSetting = Literal["fail", "review", "off"]


class RuleParams(BaseModel):
    """Parameters common to every rule; each rule extends this with its own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    status: StatusSetting = "fail"


P = TypeVar("P", bound=RuleParams)


@dataclass(frozen=True)
class SharedParams:
    """Parameters several rules use, resolved once when the policy is built (so a rule never
    looks another rule's parameters up by name): the small-count threshold, the rounding base
    the policy requires (None: none) with how counts were rounded to it, and the p-percent
    rule's p."""

    threshold: int = 10
    rounding_base: int | None = None
    rounding_scheme: str = "any"
    p: float = 0.10


class Rule(Generic[P]):
    """Base class. Subclasses set ``code``, ``name``, ``summary``, ``Params`` and ``check``,
    and name their own ``Params`` as the type argument so ``self.params`` is typed::

        class SmallCount(Rule["SmallCount.Params"]):
            class Params(RuleParams):
                threshold: int = 10

    The class docstring is the rule's documentation (``sdc rules CODE`` prints it): what it
    checks, why it is a risk, an example.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    Params: ClassVar[type[RuleParams]] = RuleParams
    # Rules that look at the whole release (differencing) run once, after the per-output rules.
    scope: ClassVar[Literal["output", "release"]] = "output"
    # A release rule that reads only the outputs and the policy, shares no work with another
    # rule and changes nothing: under ``-j`` it runs in a process of its own while the others
    # run here (``sdc.engine``), and its findings come back with it.
    apart: ClassVar[bool] = False
    # Modules an ``apart`` rule imports when it first runs: imported before its process forks,
    # so that process does not import them again (this one imports them for its own rules).
    apart_imports: ClassVar[tuple[str, ...]] = ()

    def __init__(self, params: P) -> None:
        self.params: P = params

    def check(self, output: Output, ctx: CheckContext) -> Iterable[Finding]:
        """Findings for one output (``scope == "output"``)."""
        return ()

    def check_release(self, outputs: list[Output], ctx: CheckContext) -> Iterable[Finding]:
        """Findings across all outputs (``scope == "release"``)."""
        return ()

    # Helpers for subclasses -------------------------------------------------------------
    def finding(
        self,
        output: Output,
        message: str,
        *,
        cell: DataCell | RawCell | None = None,
        at: Location | None = None,
        evidence: dict[str, Any] | None = None,
        related: list[Location] | None = None,
        public: str | None = None,
        unassessable: bool = False,
    ) -> Finding:
        """A finding at ``cell``. ``public`` is the message without disclosive values; omit it
        only when ``message`` itself carries none. ``unassessable`` findings (the rule lacked
        what it needed to decide) are capped at ``review``. ``at``: the cell's location where
        the rule has it without the cell (``output.location(cell)``, made without it)."""
        return Finding(
            rule=self.code,
            name=self.name,
            message=message,
            location=at if at is not None else output.location(cell),
            evidence=evidence or {},
            related=related or (),  # the shared empty one (``Finding.related``)
            public_message=public,
            cap=Status.REVIEW if unassessable else None,
        )

    @classmethod
    def doc(cls) -> str:
        """The rule's documentation (``sdc rules CODE``), cleaned once per class: every
        result carries it for each rule, so a release of many small checks paid it each time."""
        return _cleaned_doc(cls.__doc__ or cls.summary)


@functools.cache
def _cleaned_doc(text: str) -> str:
    return inspect.cleandoc(text)
