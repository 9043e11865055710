"""broom's ``glance()`` beside ``tidy()``: the model's residual dof in the file beside its
coefficients (issue 11, false positives).

R users write a model as two files: ``write.csv(tidy(fit))`` (one row per term) and
``write.csv(glance(fit))`` (one row: ``r.squared``, ..., ``df.residual``, ``nobs``). Alone, the
coefficients have no dof source (SDC301 ``review``) and the glance row's numbers are not
understood (SDC602). They are linked only when both the names and the numbers match:

* the same folder, and file stems equal once ``tidy``/``glance`` is taken out
  (``fit1_tidy.csv`` and ``fit1_glance.csv``; ``tidy_fit1.csv`` and ``glance_fit1.csv``);
  or two sheets of one workbook (``writexl::write_xlsx(list(tidy(fit), glance(fit)))``),
  one a tidy table (``term``, ``estimate``, ``std.error``) and one a glance row, whatever
  the sheets' names (exactly one of each); or two tables stacked in one CSV, a blank line
  between (``write.csv`` of each appended to one file; ``sdc.readers.csv_blocks``), told
  apart the same way;
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
from dataclasses import replace
from pathlib import PurePosixPath

from sdc.model_counts import (
    GAUSSIAN,
    KINDS,
    Coefficient,
    ModelCount,
    recovered_counts,
    scale_from_sigma,
    scale_printed,
)
from sdc.outputs import DofBound, Output
from sdc.table import RawCell, Role, Table

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


def _tidy_counts(table: Table, values: dict[str, float]) -> list[ModelCount]:
    """The counts a model on one categorical predictor gives back (``sdc.model_counts``) from
    a tidy file's ``estimate`` and ``std.error``. A glance row with ``sigma`` is an ``lm``'s:
    read as a linear model with ``s^2 = sigma^2``. One with ``null.deviance`` is a glm's, but
    neither file names its family or link, so each of the binomial logit and probit, the
    Poisson log and the gaussian (its ``s^2`` the deviance over ``df.residual``) is tried and
    the first whose groups add up to ``nobs`` is read (the sum check is what makes a reading
    apply; a wrong family's numbers do not add up). A diverged row
    (``sdc.model_counts.diverged_rows``) is a zero whatever the family; a gaussian glm's
    coefficient of 10 or more with a standard error ten times that is reviewed too."""
    rows = tidy_coefficients(table)
    if not rows:
        return []
    if "sigma" in values:
        tries = [(GAUSSIAN, scale_from_sigma(f"{values['sigma']:.6g}"))]
    else:
        deviance = scale_printed(f"{values.get('deviance', 0.0):.6g}")
        dof = values["df.residual"]
        tries = [(kind, None if kind != GAUSSIAN or deviance is None or dof <= 0 else
                  (deviance[0] / dof, deviance[1] / dof)) for kind in KINDS]
    for kind, scale in tries:
        found = recovered_counts(kind, values["nobs"], [row for row, _ in rows], scale=scale)
        if found:
            # a diverged row is read alike by every family: which count is zero is unknown
            cols = {row.line: col for row, col in rows}
            return [replace(count, col=cols[count.line], name=(
                "cases, non-cases or events" if count.diverged else count.name))
                for count in found]
    return []


def tidy_coefficients(table: Table) -> list[tuple[Coefficient, int]] | None:
    """Each term row of a coefficient table headed ``term``, ``estimate``, ``std.error``
    (broom's ``tidy()``), as a coefficient and the term's column; None when it is not one."""
    if len(table.header_rows) != 1 or not table.data_rows or len(table.data_rows) > 200:
        return None
    by_row: dict[int, dict[str, RawCell]] = {}
    head = next((r for r in table.grid if r and r[0].row == table.header_rows[0]), None)
    if head is None:
        return None
    names = {c.col: c.raw.strip().lower() for c in head}
    cols = {name: col for col, name in names.items()}
    if not {"term", "estimate", "std.error"} <= set(cols):
        return None
    wanted = {cols["term"]: "term", cols["estimate"]: "estimate", cols["std.error"]: "se"}
    data = set(table.data_rows)
    for line in table.grid:
        for cell in line:
            if cell.row in data and cell.col in wanted:
                by_row.setdefault(cell.row, {})[wanted[cell.col]] = cell
    found = []
    for row in table.data_rows:
        cells = by_row.get(row, {})
        if set(cells) != {"term", "estimate", "se"} or not cells["term"].raw.strip():
            return None
        estimate, se = _converged(cells["estimate"]), _converged(cells["se"])
        if estimate is None or se is None:
            return None
        found.append((Coefficient(row, cells["term"].raw.strip(), estimate, se),
                      cells["term"].col))
    return found


def _converged(cell: RawCell) -> str | None:
    """A full-precision number (write.csv's 15 digits) as far as the fit is exact: IRLS stops
    at a relative change of about 1e-8, so the 15th digit is noise and a count worked out
    from it misses its whole number by 1e-8 (4.00000005). Six significant digits keep the
    intervals far tighter than a printed summary's four decimals, and hold the whole count."""
    if cell.value is None or cell.marker:
        return None
    mantissa = re.split(r"[eE]", cell.raw.strip())[0]
    digits = re.sub(r"\D", "", mantissa).lstrip("0")
    return cell.raw.strip() if len(digits) <= 6 else f"{cell.value:.6g}"


def link_glance_to_tidy(outputs: list[Output]) -> list[Output]:
    """Give each matched tidy/glance pair its residual dof; the outputs changed."""
    tidy: dict[tuple[str, str], list[Output]] = {}
    glance: dict[tuple[str, str], list[Output]] = {}
    for output in outputs:
        if output.table is None:
            continue
        stacked = (output.table_number is not None
                   and output.path.lower().endswith((".csv", ".tsv")))
        if output.sheet is not None or stacked:  # sheets, or tables stacked in one CSV:
            verb = ("glance" if _glance_values(output.table) is not None else  # by columns
                    "tidy" if tidy_coefficients(output.table) is not None else None)
            if verb is not None:
                (tidy if verb == "tidy" else glance).setdefault(
                    (output.path, "\0sheets"), []).append(output)
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
        if ("null.deviance" in values or "sigma" in values) and not model.model_counts:
            model.model_counts = _tidy_counts(model.table, values)
        for measure in summary.table.measures:
            measure.role = Role.MODEL
        changed += [model, summary]
    changed += _lone_glance_dof([o for o in outputs if o.table is not None
                                 and o not in changed])
    changed += _tidy_nobs_bounds([o for o in outputs if o.table is not None
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


# a tidy table's column of its model's observations (``mutate(nobs = nobs(fit))``,
# ``bind_cols(tidy(fit), glance(fit)["nobs"])``): the same whole number on every row
_NOBS_COLUMNS = frozenset({"nobs", "n.obs", "n_obs"})


def _tidy_nobs_bounds(outputs: list[Output]) -> list[Output]:
    """A tidy table (``term``, ``estimate``, ``std.error``) with a ``nobs`` column and no dof
    source caps its model's residual dof at ``nobs`` less the terms it shows, as an esttab
    table's ``N`` does (terms may be filtered out, never fewer estimated): SDC301 fails it
    below the minimum at the first ``nobs`` cell, and one at or above it stays ``review`` (no
    dof source). Read only where every term is named once (stacked models or a multinomial's
    equations repeat them: whose ``nobs``, how many terms each, is a guess) and every row's
    ``nobs`` is the same whole number; anything else is left as read (``review``)."""
    changed = []
    for output in outputs:
        table = output.table
        if table is None or output.model_dof or output.model_dof_at_most:
            continue
        rows = tidy_coefficients(table)
        if not rows or len({row.term for row, _ in rows}) != len(rows):
            continue
        head = next((r for r in table.grid if r and r[0].row == table.header_rows[0]), None)
        cols = [c.col for c in head or [] if c.raw.strip().lower() in _NOBS_COLUMNS]
        if len(cols) != 1:
            continue
        lines = {row.line for row, _ in rows}
        cells = [c for line in table.grid for c in line
                 if c.col == cols[0] and c.row in lines]
        values = {c.value for c in cells}
        if len(cells) != len(rows) or len(values) != 1:
            continue
        nobs = values.pop()
        if nobs is None or not float(nobs).is_integer() or nobs < len(rows):
            continue
        output.model_dof_at_most.append(DofBound(float(nobs) - len(rows), cells[0]))
        changed.append(output)
    return changed
