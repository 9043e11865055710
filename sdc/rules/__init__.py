"""The rule registry: every rule class, keyed by code, in catalogue order."""

from __future__ import annotations

from sdc.rules.base import Rule
from sdc.rules.charts import ChartWithoutData, IndividualPoints, RecoverableChartData
from sdc.rules.content import Identifier, RowLevelData
from sdc.rules.counts import GroupDisclosure, SmallCount, ZeroCount
from sdc.rules.differencing import Differencing
from sdc.rules.files import DisallowedFileType, FileTooLarge, HiddenContent, UnreadableOutput
from sdc.rules.magnitude import (
    DominanceUnassessable,
    NegativeContributions,
    NKDominance,
    PPercent,
)
from sdc.rules.prior_release import PriorReleaseDifferencing
from sdc.rules.rounding import UnroundedCount
from sdc.rules.statistics import ExtremeValue, ResidualDof, ThinStatistic
from sdc.rules.suppression import (
    InconsistentSuppression,
    NarrowSuppression,
    RecoverableSuppression,
)

_RULES: list[type[Rule]] = [
    SmallCount,
    ZeroCount,
    GroupDisclosure,
    NKDominance,
    PPercent,
    DominanceUnassessable,
    NegativeContributions,
    ResidualDof,
    ExtremeValue,
    ThinStatistic,
    UnroundedCount,
    InconsistentSuppression,
    RecoverableSuppression,
    NarrowSuppression,
    Differencing,
    PriorReleaseDifferencing,
    DisallowedFileType,
    UnreadableOutput,
    RowLevelData,
    Identifier,
    HiddenContent,
    FileTooLarge,
    ChartWithoutData,
    RecoverableChartData,
    IndividualPoints,
]

REGISTRY: dict[str, type[Rule]] = {rule.code: rule for rule in sorted(_RULES, key=lambda r: r.code)}
BY_NAME: dict[str, type[Rule]] = {rule.name: rule for rule in _RULES}


def find_rule(key: str) -> type[Rule] | None:
    """A rule by code (``SDC101``, case-insensitive) or name (``small-count``)."""
    return REGISTRY.get(key.strip().upper()) or BY_NAME.get(key.strip().lower())


__all__ = ["BY_NAME", "REGISTRY", "Rule", "find_rule"]
