"""Read an ACRO output with what ACRO recorded about it in ``results.json``.

ACRO knows what it wrote: a frequency table, an aggregation (mean, sum), a regression with its
residual degrees of freedom, and which cells its checks flagged. sdc uses that to *read* the
file (which role its values have, where a model's dof come from), never to exempt anything:

* a role is only ever given to values sdc could not place (``unknown``), or added on top of the
  count reading (a count column that ACRO says is a mean is checked as both);
* a cell ACRO flagged must be a cell sdc checks in the role ACRO checked it in; if the layout as
  read does not have it, the output is SDC602 ``review`` (the layout may be misread);
* ACRO's verdict (``status``) is never read: ACRO saying ``pass`` does not make sdc pass;
* ACRO's own bookkeeping (``session_summary.csv``/``.json``, ``config.json``) is listed as not
  for release (SDC602 ``review``) once its shape is checked against ``results.json``; a file
  that does not have that shape is read and checked like any other output.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import TYPE_CHECKING, Any

from sdc.identifiers import value_identifier_kind
from sdc.readers.roles import count_in_text
from sdc.table import Role

if TYPE_CHECKING:
    from sdc.outputs import Output

BOOKKEEPING = ("session_summary.csv", "session_summary.json", "config.json")
NOT_FOR_RELEASE = ("ACRO's own record of the session ({name}, which ACRO marks DONT_RELEASE): "
                   "not an output for release; its shape was checked against what ACRO writes. "
                   "Remove it from the release")
# ACRO 1.0.2's config.json keys (acro/default.yaml)
_CONFIG_KEYS = {"safe_threshold", "safe_dof_threshold", "safe_nk_n", "safe_nk_k",
                "safe_pratio_p", "check_missing_values", "survival_safe_threshold",
                "zeros_are_disclosive", "safe_round_base", "federated", "blocked_extensions",
                "suppress"}
_SUMMARY_COLUMNS = ["uid", "output_type", "analysis_name", "dependent_variables",
                    "independent_variables"]
# a threshold on a mean table is about its contributors: SDC201/SDC203 look at those
_COUNT_CHECKS = {"MinimumThresholdCheck", "PresenceOfZeroCheck", "RequiredZeroCheck"}
_MAGNITUDE_CHECKS = {"NKCheck", "PPercentCheck", "PRatioCheck"}
_MAX_BOOKKEEPING = 5_000_000


def apply_acro_record(output: Output, entry: dict[str, Any]) -> None:
    """Read ``output`` with what its ACRO record(s) say (``entry`` from
    :func:`sdc.readers.acro_input.load_acro_folder`)."""
    records = entry.get("records") or []
    uids = set(entry.get("session_uids") or ())
    name = output.path.rsplit("/", 1)[-1]
    if name in BOOKKEEPING and (name == "config.json" or all(
            str(r.get("uid", "")).endswith("DONT_RELEASE") for r in records)):
        _bookkeeping(output, name, uids)
        return
    for record in records:
        if record.get("type") == "regression":
            _regression(output, record)
        elif record.get("type") == "table":
            _table(output, record)


def _regression(output: Output, record: dict[str, Any]) -> None:
    """A regression's files: the residual dof ACRO computed is the dof source of SDC301; values
    sdc could not place are model statistics (checked by SDC301 through that dof)."""
    dof = record.get("dof")
    if isinstance(dof, int | float) and not isinstance(dof, bool) and math.isfinite(dof):
        output.model_dof.append(float(dof))
        output.kind = "model"
    if output.table is None:
        return
    for measure in output.table.measures:
        if measure.role is Role.UNKNOWN:
            measure.read_as = Role.UNKNOWN
            measure.role = Role.MODEL


def _table_role(record: dict[str, Any]) -> Role | None:
    """What ACRO's table holds: counts (its frequency checks) or magnitudes (dominance checks)."""
    checks = set(record.get("flagged", {}))
    summary = record.get("summary", "")
    if record.get("statbarn") == "Frequencies" or summary.startswith("FrequencyTable"):
        return Role.COUNT
    if record.get("statbarn") == "LinearAggregations" or checks & _MAGNITUDE_CHECKS:
        return Role.MAGNITUDE
    return None


def _table(output: Output, record: dict[str, Any]) -> None:
    table = output.table
    if table is None:
        return
    role = _table_role(record)
    if role is not None:
        for measure in table.measures:
            if measure.role is Role.UNKNOWN:
                measure.read_as = Role.UNKNOWN
                measure.role = role
            elif measure.role is Role.COUNT and role is Role.MAGNITUDE:
                measure.read_as = Role.COUNT  # SDC101 keeps checking it as counts too
                measure.role = role
    missing = _flagged_not_checked(output, record)
    if missing:
        table.problems.append(
            f"ACRO flagged {missing} cell{'s' if missing != 1 else ''} that sdc did not read "
            "as a cell checked for the same risk: the layout may be misread, a person must "
            "check it")


def _flagged_not_checked(output: Output, record: dict[str, Any]) -> int:
    """How many cells ACRO flagged have no cell in the table as read with a role checked for
    that risk. ACRO numbers cells by their place in the data (row, column), headers and
    index excluded, as pandas wrote them."""
    table = output.table
    assert table is not None
    rows = sorted(set(table.data_rows))
    by_place = {(c.source.row, c.source.col): c for c in table.cells}
    cols = sorted({col for _, col in by_place})
    missing = 0
    for check, places in record.get("flagged", {}).items():
        wanted = ({Role.COUNT, Role.MAGNITUDE} if check in _COUNT_CHECKS else
                  {Role.MAGNITUDE} if check in _MAGNITUDE_CHECKS else None)
        if wanted is None:
            continue
        for place in places:
            if not (isinstance(place, list) and len(place) == 2
                    and all(isinstance(i, int) for i in place)):
                missing += 1
                continue
            r, c = place
            cell = (by_place.get((rows[r], cols[c]))
                    if 0 <= r < len(rows) and 0 <= c < len(cols) else None)
            if cell is None or (cell.measure.role not in wanted
                                and cell.measure.read_as not in wanted):
                missing += 1
    return missing


# -- ACRO's bookkeeping ------------------------------------------------------------------------

def _bookkeeping(output: Output, name: str, uids: set[str]) -> None:
    try:
        if output.file.stat().st_size > _MAX_BOOKKEEPING:
            return
        text = output.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    shaped = (_summary_csv_shaped(text, uids) if name.endswith(".csv") else
              _summary_json_shaped(text, uids) if name == "session_summary.json" else
              _config_shaped(text))
    if not shaped:
        return  # read and checked like any other output
    output.table = None
    output.kind = "document"
    output.text_checked = True
    output.not_understood = []
    output.unreadable = NOT_FOR_RELEASE.format(name=name)


def _plain_word(text: str) -> bool:
    """A name ACRO copied from the data (a variable, a method): no identifier, no count."""
    return not value_identifier_kind(text) and not count_in_text(text) and len(text) < 200


def _summary_csv_shaped(text: str, uids: set[str]) -> bool:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0][:5] != _SUMMARY_COLUMNS:
        return False
    width = len(rows[0])
    for row in rows[1:]:
        if len(row) != width or row[0] not in uids:
            return False
        if not all(_plain_word(w) for w in row[1:5]) or any(v not in ("0", "1") for v in row[5:]):
            return False
    return all(_plain_word(w) for w in rows[0][5:])


def _summary_json_shaped(text: str, uids: set[str]) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False
    if not isinstance(data, dict) or set(data) != {"metadata", "outputs", "variable_matrix"}:
        return False
    matrix, outputs = data["variable_matrix"], data["outputs"]
    if not isinstance(matrix, dict) or not isinstance(outputs, list):
        return False
    if not set(matrix) <= uids or not all(
            isinstance(row, dict) and all(v in (0, 1) and not isinstance(v, bool)
                                          and _plain_word(k) for k, v in row.items())
            for row in matrix.values()):
        return False
    for item in outputs:
        if not isinstance(item, dict) or item.get("uid") not in uids:
            return False
        words = [w for v in item.values() for w in (v if isinstance(v, list) else [v])]
        if not all(isinstance(w, str) and _plain_word(w) for w in words):
            return False
    meta = data["metadata"]
    if not isinstance(meta, dict) or meta.get("total_outputs") != len(outputs):
        return False
    counts = [meta.get("status_counts"), meta.get("type_counts")]
    return all(isinstance(c, dict) and sum(c.values()) == len(outputs)
               and all(isinstance(v, int) for v in c.values()) for c in counts)


def _config_shaped(text: str) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False
    if not isinstance(data, dict) or not set(data) <= _CONFIG_KEYS:
        return False
    for value in data.values():
        if isinstance(value, list):
            if not all(isinstance(v, str) and len(v) < 20 and _plain_word(v) for v in value):
                return False
        elif not (value is None or isinstance(value, bool | int | float)):
            return False
    return True
