"""Per-cell disclosure evidence computed from microdata, and the dominance maths that reads it.

The evidence of a table stays inside the TRE next to the table (the ``.sdc.json`` sidecar); the
checker reads it to apply threshold, dominance and class-disclosure rules to published cells.

Names are imported on first use (``sdc.lazy``): reading a sidecar beside a CSV needs neither
pandas nor the evidence computation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdc.lazy import lazy_exports

_EXPORTS = {
    "COUNT_COLUMNS": "sdc.evidence.compute",
    "cell_evidence": "sdc.evidence.compute",
    "evidence_table": "sdc.evidence.compute",
    "top_columns": "sdc.evidence.compute",
    "nk_dominance": "sdc.evidence.dominance",
    "nk_protection": "sdc.evidence.dominance",
    "p_percent": "sdc.evidence.dominance",
    "p_percent_protection": "sdc.evidence.dominance",
    "pq_protection": "sdc.evidence.dominance",
    "pq_rule": "sdc.evidence.dominance",
    "protection_interval": "sdc.evidence.dominance",
    "SCHEMA": "sdc.evidence.sidecar",
    "SIDECAR_SUFFIX": "sdc.evidence.sidecar",
    "SidecarError": "sdc.evidence.sidecar",
    "read_sidecar": "sdc.evidence.sidecar",
    "sidecar_path": "sdc.evidence.sidecar",
    "write_sidecar": "sdc.evidence.sidecar",
}
__all__ = [
    "COUNT_COLUMNS",
    "SCHEMA",
    "SIDECAR_SUFFIX",
    "SidecarError",
    "cell_evidence",
    "evidence_table",
    "nk_dominance",
    "nk_protection",
    "p_percent",
    "p_percent_protection",
    "pq_protection",
    "pq_rule",
    "protection_interval",
    "read_sidecar",
    "sidecar_path",
    "top_columns",
    "write_sidecar",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from sdc.evidence.compute import COUNT_COLUMNS, cell_evidence, evidence_table, top_columns
    from sdc.evidence.dominance import (
        nk_dominance,
        nk_protection,
        p_percent,
        p_percent_protection,
        pq_protection,
        pq_rule,
        protection_interval,
    )
    from sdc.evidence.sidecar import (
        SCHEMA,
        SIDECAR_SUFFIX,
        SidecarError,
        read_sidecar,
        sidecar_path,
        write_sidecar,
    )
