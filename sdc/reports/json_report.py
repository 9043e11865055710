"""``--format json``: the result exactly as DESIGN.md specifies (``sdc.result/1``)."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

from sdc.results import RunResult

if TYPE_CHECKING:
    from sdc.reports import ReportOptions


def write_json(result: RunResult, stream: IO[str], options: ReportOptions) -> None:
    # json stays in the TRE like the HTML/XLSX reports, so it carries evidence by design.
    json.dump(json_safe(result.to_dict(with_evidence=True)), stream, indent=2,
              default=_default, allow_nan=False)
    stream.write("\n")


def _default(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()  # numpy scalars
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def json_safe(value: object) -> object:
    """Replace NaN/inf (not valid JSON) with null, recursively."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value
