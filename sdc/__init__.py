"""sdc: statistical disclosure control checks for research outputs leaving a TRE."""

from sdc.engine import check
from sdc.policy import Policy, PolicyError, load_policy
from sdc.results import Finding, Location, OutputResult, RunResult, Status
from sdc.version import __version__

__all__ = [
    "Finding",
    "Location",
    "OutputResult",
    "Policy",
    "PolicyError",
    "RunResult",
    "Status",
    "__version__",
    "check",
    "load_policy",
]
