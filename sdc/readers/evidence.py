"""Attach disclosure evidence to parsed tables: sidecars, evidence columns, model summaries.

Evidence (unit counts, largest contributions, negatives, degrees of freedom) lets the rules
judge magnitudes and statistics instead of sending them to review. It never leaves the TRE.
"""

from __future__ import annotations

import re

from sdc.evidence.sidecar import SidecarError, file_problem, read_sidecar, sidecar_path
from sdc.outputs import Output
from sdc.table import DataCell, Role, Table

_FREQ = re.compile(r"^(freq|frequency|n_?units|units|n_?contributors|contributors)$", re.I)
_NEGATIVE = re.compile(r"^(n_?negatives?|negatives)$", re.I)
_TOP = re.compile(r"^(top|max_?contribution|largest)_?(\d+)$", re.I)
_DF_RESID = re.compile(r"Df Residuals:\s+(\d+(?:\.\d+)?)")
_MODEL_TITLE = re.compile(r"(OLS|WLS|GLS|Logit|Probit|Poisson|GLM|Generalized Linear Model|"
                          r"QuantReg|NegativeBinomial|MNLogit)\s+Regression Results|"
                          r"Generalized Linear Model Regression Results")


def attach_sidecar(output: Output) -> None:
    """Read ``name.csv.sdc.json`` beside the output and put each cell's evidence on it."""
    path = sidecar_path(output.file)
    if not path.is_file() or output.table is None:
        return
    try:
        meta, cells = read_sidecar(path)
    except SidecarError as exc:
        output.table.problems.append(f"its evidence sidecar is unusable: {exc}")
        return
    mismatch = file_problem(meta, output.file)
    if mismatch is not None:  # a hand-written or stale sidecar changes nothing
        output.table.problems.append(f"its evidence sidecar was not used: {mismatch}")
        return
    table = output.table
    lookup = {tuple(_norm(label) for label in key): value for key, value in cells.items()}
    sidecar_dims = list(meta.get("dimensions", []))
    # Match by dimension name when the table's names are the sidecar's, else by position.
    dims = sidecar_dims if set(sidecar_dims) <= set(table.dimensions) else table.dimensions
    for cell in table.cells:
        key = tuple(_norm(cell.coords.get(d, "")) for d in dims)
        evidence = lookup.get(key)
        if evidence is not None:
            cell.evidence = evidence
            aggfunc = meta.get("aggfunc")
            if (meta.get("values") is not None and aggfunc not in (None, "count", "size")
                    and cell.measure.role in (Role.COUNT, Role.UNKNOWN)):
                # a sidecar only adds checks: a column read as counts keeps SDC101 on its values
                if cell.measure.read_as is None:
                    cell.measure.read_as = cell.measure.role
                cell.measure.role = _role_for_aggfunc(str(meta.get("aggfunc")))
    dofs = [c["dof"] for c in cells.values() if c.get("dof") is not None]
    if meta.get("dof") is not None:
        dofs.append(meta["dof"])
    output.model_dof.extend(float(d) for d in dofs)
    if dofs:
        output.kind = "model"


def _norm(label: str) -> str:
    """Labels as text, with ``1.0`` and ``1`` the same (a CSV may show either)."""
    text = str(label).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() else text


def _role_for_aggfunc(aggfunc: str) -> Role:
    if aggfunc in ("sum", "mean"):
        return Role.MAGNITUDE
    if aggfunc in ("min", "max"):
        return Role.EXTREME
    return Role.STATISTIC


def attach_evidence_columns(table: Table) -> None:
    """τ-ARGUS-style evidence columns (Freq, Top1, Top2...) in a long table become evidence for
    the other measures of the same row. The columns stay in the table: the top contributions
    are single contributors' values, so publishing them is itself flagged (SDC302)."""
    freq = next((m for m in table.measures if _FREQ.match(m.name.strip())), None)
    negative = next((m for m in table.measures if _NEGATIVE.match(m.name.strip())), None)
    tops = sorted(((int(mt.group(2)), m) for m in table.measures
                   if (mt := _TOP.match(m.name.strip()))), key=lambda t: t[0])
    if not tops:
        return
    for _, measure in tops:
        measure.role = Role.EXTREME
    evidence_measures = {id(m) for _, m in tops} | {id(m) for m in (freq, negative) if m}
    rows: dict[int, dict[int, DataCell]] = {}
    for cell in table.cells:
        rows.setdefault(cell.source.row, {})[id(cell.measure)] = cell
    for row in rows.values():
        top = [row[id(m)].value for _, m in tops if id(m) in row]
        units = row[id(freq)].value if freq is not None and id(freq) in row else None
        negatives = row[id(negative)].value if negative is not None and id(negative) in row else 0
        for key, cell in row.items():
            if key in evidence_measures or cell.value is None:
                continue
            if cell.measure.role in (Role.COUNT, Role.UNKNOWN):
                cell.measure.role = Role.MAGNITUDE
            cell.evidence = {"total": cell.value, "top": [t for t in top if t is not None],
                             "n_units": units, "n_negative": negatives}


def read_model_text(output: Output) -> bool:
    """A statsmodels summary saved as text: record its residual degrees of freedom."""
    try:
        text = output.file.read_text(encoding="utf-8", errors="replace")[:200_000]
    except OSError:
        return False
    if not _MODEL_TITLE.search(text):
        return False
    dofs = [float(m.group(1)) for m in _DF_RESID.finditer(text)]
    if not dofs:
        return False
    output.kind = "model"
    output.model_dof.extend(dofs)
    return True
