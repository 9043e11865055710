"""Per-cell disclosure evidence computed from microdata, and the dominance maths that reads it.

The evidence of a table stays inside the TRE next to the table (the ``.sdc.json`` sidecar); the
checker reads it to apply threshold, dominance and class-disclosure rules to published cells.
"""

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
