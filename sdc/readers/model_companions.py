"""broom's ``glance()`` beside ``tidy()``: the model's residual dof in the file beside its
coefficients (issue 11, false positives).

R users write a model as two files: ``write.csv(tidy(fit))`` (one row per term) and
``write.csv(glance(fit))`` (one row: ``r.squared``, ..., ``df.residual``, ``nobs``). Alone, the
coefficients have no dof source (SDC301 ``review``) and the glance row's numbers are not
understood (SDC602). They are linked only when both the names and the numbers match:

* the same folder, and file stems equal once ``tidy``/``glance`` is taken out
  (``fit1_tidy.csv`` and ``fit1_glance.csv``; ``tidy_fit1.csv`` and ``glance_fit1.csv``);
* the glance file is one row under broom's column names only (after write.csv's row name
  ``"1"`` under ``""``), ``df.residual`` and ``nobs`` among them, both whole;
* the model's structure agrees: ``nobs - df.residual`` is the number of terms in the tidy file
  (an ``lm`` estimates one coefficient per term), and ``df`` (when printed) is that less one.

Then ``df.residual`` is the dof of both outputs and the glance row's numbers are model
statistics (SDC301 checks them through it). Anything that does not match is left as read:
``review`` (docs/reading.md); a glance file's own ``df.residual`` is still its model's dof.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from sdc.outputs import Output
from sdc.table import Role, Table

# the columns broom's glance() writes for lm and glm fits
GLANCE_COLUMNS = {"r.squared", "adj.r.squared", "sigma", "statistic", "p.value", "df",
                  "loglik", "aic", "bic", "deviance", "df.residual", "nobs", "null.deviance",
                  "df.null"}
_ROLE_WORD = re.compile(r"(?<![a-z])(tidy|glance)(?![a-z])", re.I)


def _pair_key(path: str) -> tuple[str, str, str] | None:
    """(folder, stem without the broom verb, the verb) or None."""
    pure = PurePosixPath(path)
    found = _ROLE_WORD.findall(pure.stem)
    if len(found) != 1:
        return None
    stem = _ROLE_WORD.sub("", pure.stem).strip("_-. ").lower()
    return str(pure.parent), stem, found[0].lower()


def _glance_values(table: Table) -> dict[str, float] | None:
    """The one row of a glance file by column name, when every header is broom's."""
    if len(table.header_rows) != 1 or len(table.data_rows) != 1 or any(
            c != 1 for c in table.label_columns):
        return None  # (column A may be write.csv's row name, skipped below)
    head = next((r for r in table.grid if r and r[0].row == table.header_rows[0]), None)
    row = next((r for r in table.grid if r and r[0].row == table.data_rows[0]), None)
    if head is None or row is None or len(head) != len(row):
        return None
    values: dict[str, float] = {}
    if not head[0].raw.strip() and row[0].value == 1:  # write.csv's row name "1"
        head, row = head[1:], row[1:]
    for name, cell in zip(head, row, strict=True):
        key = name.raw.strip().lower()
        if key not in GLANCE_COLUMNS or cell.value is None or key in values:
            return None
        values[key] = float(cell.value)
    if not {"df.residual", "nobs"} <= set(values):
        return None
    if not (values["df.residual"].is_integer() and values["nobs"].is_integer()):
        return None
    return values


def _terms(table: Table) -> int | None:
    """The number of term rows of a coefficient table read as one (model statistics only)."""
    # the term column, and write.csv's row names "1".."k" left of it
    if table.layout != "long" or len(table.label_columns) not in (1, 2) or not table.measures:
        return None
    if any(m.role is not Role.MODEL for m in table.measures):
        return None
    return len(table.data_rows)


def link_glance_to_tidy(outputs: list[Output]) -> list[Output]:
    """Give each matched tidy/glance pair its residual dof; the outputs changed."""
    tidy: dict[tuple[str, str], list[Output]] = {}
    glance: dict[tuple[str, str], list[Output]] = {}
    for output in outputs:
        if output.table is None or output.sheet is not None:
            continue
        found_key = _pair_key(output.path)
        if found_key is not None:
            folder, stem, verb = found_key
            (tidy if verb == "tidy" else glance).setdefault((folder, stem), []).append(output)
    changed: list[Output] = []
    for pair, found in glance.items():
        coefficients = tidy.get(pair, [])
        if len(found) != 1 or len(coefficients) != 1:
            continue  # no pair, or more than one: which goes with which is a guess
        summary, model = found[0], coefficients[0]
        assert summary.table is not None and model.table is not None
        values = _glance_values(summary.table)
        terms = _terms(model.table)
        if values is None or terms is None or model.model_dof or summary.model_dof:
            continue
        if values["nobs"] - values["df.residual"] != terms:
            continue
        if "df" in values and values["df"] != terms - 1:
            continue
        dof = values["df.residual"]
        for output in (model, summary):
            output.model_dof.append(dof)
            output.kind = "model"
        for measure in summary.table.measures:
            measure.role = Role.MODEL
        changed += [model, summary]
    changed += _lone_glance_dof([o for o in outputs if o.table is not None
                                 and o not in changed])
    return changed


def _lone_glance_dof(outputs: list[Output]) -> list[Output]:
    """A glance row (whatever the file's name) with no tidy file of its model still prints
    the model's residual dof under broom's own name: it is the dof of that model (SDC301
    fails it below the minimum: ``nobs`` 7, ``df.residual`` 4 was SDC602 review only). Its
    other numbers stay not understood (SDC602), so a lone glance is never a pass by this."""
    changed = []
    for output in outputs:
        assert output.table is not None
        values = _glance_values(output.table)
        if values is not None and not output.model_dof:
            output.model_dof.append(values["df.residual"])
            changed.append(output)
    return changed
