"""The evidence sidecar: per-cell evidence saved next to a table, inside the TRE.

A table ``out/t1.csv`` has its evidence in ``out/t1.csv.sdc.json``. The file never leaves the TRE
(it holds top contributions); the checker reads it to apply threshold and dominance rules to the
published cells. Layout (``schema`` ``sdc.evidence/1``)::

    {
      "schema": "sdc.evidence/1",
      "table": {
        "index": ["region"],            # row dimensions, in order
        "columns": ["sex"],             # column dimensions, in order
        "values": "income" | null,      # null for a frequency table
        "aggfunc": "mean" | null,
        "population": {...} | null,     # filter that defined the population, free-form
        "contributor": "firm_id" | null,
        "weighted": false,
        "margins_name": "All" | null,   # label of margin cells, if any
        "top_n": 3
      },
      "cells": [
        {"coords": {"region": "North", "sex": "F"},
         "n_records": 12, "n_units": 9, "n_values": 11, "n_missing": 1, "n_negative": 0,
         "total": 1234.5, "top": [400.0, 300.0, 100.0],
         "min": 2.0, "max": 250.0, "all_same": false,
         "weighted_count": null, "weighted_n_values": null, "dof": null},
        ...
      ]
    }

``file`` (``{"name": "t1.csv", "sha256": "…"}``) is the SHA-256 of the exact table file the
sidecar describes, written by :func:`write_sidecar` after the table: ``sdc check`` uses a
sidecar only when it matches its file (:func:`file_problem`), so a hand-written or stale
sidecar cannot change how a table is checked (issue 12, channel 6).

Required: ``schema``, ``table.index``, ``cells``, and in each cell ``coords``, the five counts,
``total`` and ``top`` (exactly ``table.top_n`` numbers, descending). ``top_ids`` (optional, at
most ``table.top_n`` strings or nulls) names who made each of ``top`` (``sdc.crosstab`` and
``sdc.pivot_table`` with ``contributor=`` write it; a TRE may export it from its contributions
file): SDC502 audits a respondent found in several hidden cells with all its own contributions
at once. Everything else may be absent
or null. Counts must be consistent (``n_values + n_missing == n_records``, units and negatives
within them). Field meanings are those of :func:`sdc.evidence.compute.cell_evidence`; ``dof`` is
reserved for model outputs: residual degrees of freedom per cell, or for the whole output in
``table.dof``. Extra ``table`` fields are kept.

Labels are written as text (``str(label)``), since that is what a published table shows; missing
or non-finite numbers are ``null`` so the file is strict JSON. Cells are keyed by the tuple of
labels in ``index + columns`` order. Malformed files raise :class:`SidecarError` naming the file
and the offending field.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdc.errors import InputError
from sdc.hashing import sha256_file
from sdc.printed_precision import half_unit, is_exponent_notation

if TYPE_CHECKING:  # pandas is for writing only: reading a sidecar beside a CSV needs none
    import pandas as pd

__all__ = [
    "SCHEMA",
    "SIDECAR_SUFFIX",
    "SidecarError",
    "file_problem",
    "read_sidecar",
    "sidecar_document",
    "sidecar_path",
    "stamp_file",
    "statistic_of",
    "value_problem",
    "write_sidecar",
]

SCHEMA = "sdc.evidence/1"
SIDECAR_SUFFIX = ".sdc.json"

_COUNTS = ("n_records", "n_units", "n_values", "n_missing", "n_negative")
_NUMBERS = ("total", "min", "max", "weighted_count", "weighted_n_values")
_TABLE_DEFAULTS: dict[str, Any] = {
    "columns": [],
    "values": None,
    "aggfunc": None,
    "population": None,
    "contributor": None,
    "weighted": False,
    "margins_name": None,
    "top_n": 0,
}


class SidecarError(InputError, ValueError):
    """An evidence sidecar that cannot be read or does not follow ``sdc.evidence/1``."""


def sidecar_path(table_path: str | os.PathLike[str]) -> Path:
    """Where the evidence of ``table_path`` lives: the same name plus ``.sdc.json``."""
    return Path(os.fspath(table_path) + SIDECAR_SUFFIX)


# --- writing -------------------------------------------------------------------------------


def _json_number(value: Any) -> float | int | None:
    """A JSON-safe number: NaN, infinities and missing become ``None``."""
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"expected a number, got {value!r}")
    if isinstance(value, (int, np.integer)):
        return int(value)
    number = float(value)
    return number if math.isfinite(number) else None


def _label(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _table_meta(meta: Mapping[str, Any], evidence: pd.DataFrame) -> dict[str, Any]:
    """The ``table`` object: the caller's metadata, completed from the evidence's own attrs."""
    attrs = evidence.attrs.get("sdc.evidence", {})
    table: dict[str, Any] = {"index": list(meta.get("index", []))}
    for key, default in _TABLE_DEFAULTS.items():
        table[key] = meta.get(key, default)
    if "values" not in meta:
        table["values"] = attrs.get("value")
    if "contributor" not in meta:
        table["contributor"] = attrs.get("contributor")
    if "weighted" not in meta:
        table["weighted"] = attrs.get("weights") is not None
    if "margins_name" not in meta:
        table["margins_name"] = attrs.get("margins_name")
    if "top_n" not in meta:
        table["top_n"] = len([c for c in evidence.columns if _is_top(c)])
    table["columns"] = list(table["columns"])
    for key, value in meta.items():  # keep anything else the caller recorded
        table.setdefault(key, value)
    return table


def _is_top(name: Any) -> bool:
    return isinstance(name, str) and name.startswith("top") and name[3:].isdigit()


def _cell_record(
    row: int,
    dims: list[str],
    position: list[int],
    level_labels: list[list[str]],
    columns: dict[str, list[Any]],
    tops: list[str],
    id_columns: Sequence[str] = (),
) -> dict[str, Any]:
    """One evidence row as a sidecar cell."""
    import pandas as pd

    cell: dict[str, Any] = {
        "coords": {str(d): level_labels[p][row] for d, p in zip(dims, position, strict=True)}
    }
    for c in _COUNTS:
        count = _json_number(columns[c][row])
        if count is None or count != int(count):
            raise ValueError(f"{c} must be a whole number, got {columns[c][row]!r}")
        cell[c] = int(count)
    cell["total"] = _json_number(columns["total"][row])
    cell["top"] = [_json_number(columns[t][row]) or 0.0 for t in tops]
    for c in ("min", "max"):
        cell[c] = _json_number(columns[c][row])
    same = columns["all_same"][row]
    cell["all_same"] = None if same is None or same is pd.NA else bool(same)
    for c in ("weighted_count", "weighted_n_values"):
        cell[c] = _json_number(columns[c][row])
    dof = _json_number(columns["dof"][row])
    cell["dof"] = None if dof is None else int(dof)
    ids = top_ids_of([columns[t][row] for t in id_columns])
    if ids is not None:
        cell["top_ids"] = ids
    return cell


def top_ids_of(values: list[Any]) -> list[str | None] | None:
    """A cell's ``top_ids`` from its ``top1_id..topN_id`` evidence: ``None`` (not written)
    when no id is known. Ids are text; anything else (a missing value, the 0 a reindexed empty
    cell is filled with) names nobody."""
    ids = [v if isinstance(v, str) else None for v in values]
    return ids if any(x is not None for x in ids) else None


def sidecar_document(
    meta: Mapping[str, Any], evidence: pd.DataFrame, path: str | os.PathLike[str] = "<memory>"
) -> dict[str, Any]:
    """The validated ``sdc.evidence/1`` document :func:`write_sidecar` writes, as a dict.

    The Python API checks tables in memory with exactly these cell records, so a table's
    findings and those of ``sdc check`` on the saved file rest on the same evidence.
    """
    table = _table_meta(meta, evidence)
    dims = [*table["index"], *table["columns"]]
    names = list(evidence.index.names)
    if sorted(map(str, dims)) != sorted(map(str, names)) or len(set(dims)) != len(dims):
        raise SidecarError(
            f"table index {table['index']} + columns {table['columns']} must name the evidence "
            f"dimensions {names} exactly once each"
        )
    top_n = int(table["top_n"])
    from sdc.evidence.compute import top_columns, top_id_columns

    tops = top_columns(top_n)
    id_columns = [c for c in top_id_columns(top_n) if c in evidence.columns]
    missing = [c for c in (*_COUNTS, "total", *tops) if c not in evidence.columns]
    if missing:
        raise SidecarError(f"evidence lacks columns {missing}")

    position = [names.index(d) for d in dims]
    n = len(evidence)
    level_labels = [
        [_label(x) for x in evidence.index.get_level_values(i)] for i in range(len(names))
    ]
    columns: dict[str, list[Any]] = {}
    for c in (*_COUNTS, *_NUMBERS, *tops, *id_columns, "all_same", "dof"):
        columns[c] = evidence[c].tolist() if c in evidence.columns else [None] * n

    try:
        cells = [_cell_record(row, dims, position, level_labels, columns, tops, id_columns)
                 for row in range(n)]
    except (TypeError, ValueError) as exc:
        raise SidecarError(f"{os.fspath(path)}: evidence has unusable values ({exc})") from exc

    document = {"schema": SCHEMA, "table": table, "cells": cells}
    _validate(document, str(path))  # never write what we would refuse to read
    return document


def write_sidecar(
    path: str | os.PathLike[str], meta: Mapping[str, Any], evidence: pd.DataFrame
) -> Path:
    """Write ``evidence`` (from :func:`~sdc.evidence.compute.cell_evidence`) to ``path``.

    ``meta`` holds the ``table`` fields; ``index`` is required, ``columns`` names the column
    dimensions, and together they must be exactly the evidence's index levels. Fields not given
    are taken from the evidence (value, contributor, weights, margins, top_n). The file is
    written atomically and validated as it would be read.
    """
    document = sidecar_document(meta, evidence, path)
    stamp = _file_stamp(described_file(path))
    if stamp is not None:
        document = {"schema": document["schema"], "file": stamp, "table": document["table"],
                    "cells": document["cells"]}
    try:
        text = _dumps(document)
    except (TypeError, ValueError) as exc:
        raise SidecarError(f"{os.fspath(path)}: table metadata is not JSON-safe ({exc})") from exc

    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def described_file(sidecar: str | os.PathLike[str]) -> Path:
    """The table file a sidecar describes: its own name without ``.sdc.json``."""
    text = os.fspath(sidecar)
    return Path(text[: -len(SIDECAR_SUFFIX)] if text.endswith(SIDECAR_SUFFIX) else text)



def _file_stamp(table: Path) -> dict[str, str] | None:
    return {"name": table.name, "sha256": sha256_file(table)} if table.is_file() else None


def stamp_file(sidecar: str | os.PathLike[str]) -> None:
    """Record the SHA-256 of the table a sidecar describes (after sdc rewrote the table, e.g.
    ``sdc protect``): the sidecar then vouches for exactly that file."""
    path = Path(sidecar)
    document = json.loads(path.read_text(encoding="utf-8"))
    stamp = _file_stamp(described_file(path))
    if stamp is None:
        raise SidecarError(f"{path}: no table file beside it to describe")
    document = {"schema": document.get("schema"), "file": stamp,
                **{k: v for k, v in document.items() if k not in ("schema", "file")}}
    path.write_text(_dumps(document), encoding="utf-8")


def file_problem(meta: Mapping[str, Any], table: Path) -> str | None:
    """Why a sidecar (``meta`` from :func:`read_sidecar`) does not vouch for ``table``: no
    recorded file hash (not written by sdc's API), or a hash of other bytes."""
    stamp = meta.get("file")
    if not isinstance(stamp, dict) or not isinstance(stamp.get("sha256"), str):
        return ("it records no SHA-256 of the file it describes, so it was not written by "
                "sdc's API with this file")
    if stamp.get("name") != table.name:
        return f"it describes {stamp.get('name')!r}, not {table.name!r}"
    try:
        actual = sha256_file(table)
    except OSError as exc:
        return f"the file cannot be read ({exc.strerror or exc})"
    if actual != stamp["sha256"].lower():
        return "the file has changed since the sidecar was written (its SHA-256 differs)"
    return None


_DECIMALS = re.compile(r"\.(\d+)")


def _shown_tolerance(raw: str, expected: float) -> float:
    """How far a published number may be from the evidence's: half a unit of the last digit
    the file shows (a mean printed as 12.3 is 12.25..12.35; ``2.6e-05`` is within 5e-07, not
    0.5: a sidecar's mean of 0.26 described it before), and float noise."""
    if raw and is_exponent_notation(raw):
        return half_unit(raw) + 1e-9 * abs(expected)
    found = _DECIMALS.search(raw or "")
    decimals = len(found.group(1)) if found and "e" not in raw.lower() else 0
    return 0.5 * 10.0 ** -decimals + 1e-9 * abs(expected)


def _near(value: float, expected: float | None, raw: str) -> bool:
    return expected is not None and abs(value - expected) <= _shown_tolerance(raw, expected)


def statistic_of(meta: Mapping[str, Any], measure: str) -> str | None:
    """The statistic a sidecar says a column publishes: the column's own name among
    ``sdc.aggregate``'s ``stats``, ``size`` for a frequency table, else ``aggfunc`` (None:
    not said)."""
    stats = meta.get("stats")
    if isinstance(stats, list) and measure in stats:
        return measure
    if meta.get("values") is None:
        return "size"
    aggfunc = meta.get("aggfunc")
    return aggfunc if isinstance(aggfunc, str) else None


def value_problem(meta: Mapping[str, Any], cell: Mapping[str, Any], value: float, raw: str,
                  aggfunc: str | None) -> str | None:
    """Why a published cell ``value`` (shown as ``raw``) is not the statistic its sidecar
    evidence ``cell`` describes, or None; the reason names no value (it is reported). The file
    hash binds the sidecar to the file's bytes; this binds it to the numbers the rules rely
    on: a sidecar whose evidence does not produce the cells it sits beside describes some
    other table."""
    by_contributor = meta.get("contributor") is not None
    problem = _evidence_problem(cell, by_contributor=by_contributor)
    if problem is not None or aggfunc is None:
        return problem  # the statistic not said: only the evidence's own consistency
    if aggfunc in ("count", "size"):
        counts = [cell["n_records"], cell["n_values"], cell.get("weighted_count")]
        if by_contributor and (aggfunc == "count" or meta.get("values") is None):
            counts.append(cell["n_units"])  # the API counts distinct contributors
        if any(_near(value, c, raw) for c in counts):
            return None
        return "the cell is not the number of records its evidence counts"
    if aggfunc == "sum":
        return None if _near(value, cell.get("total"), raw) else (
            "the cell is not its evidence's total")
    if aggfunc == "mean":
        return _mean_problem(meta, cell, value, raw)
    if aggfunc in ("std", "var"):
        return None if value >= 0 else f"the cell is a negative {aggfunc}"
    return _order_problem(cell, value, raw, aggfunc)


def _evidence_problem(cell: Mapping[str, Any], by_contributor: bool = False) -> str | None:
    """Evidence that contradicts itself: largest contributions beyond its total or maximum.

    ``max`` is the largest *record*; with a contributor (``by_contributor``) a contribution is
    the sum of a contributor's records (a firm's establishments, grouped first as the
    handbook asks), so it may exceed ``max`` but never ``n_records`` times it."""
    top, total, highest = cell.get("top") or [], cell.get("total"), cell.get("max")
    if top and total is not None and cell["n_negative"] == 0 and \
            sum(top) > total + _shown_tolerance("", total):
        return "its largest contributions add up to more than its total"
    if top and highest is not None:
        records = max(int(cell.get("n_records") or 1), 1) if by_contributor else 1
        bound = highest * records if highest > 0 else highest
        if top[0] > bound + _shown_tolerance("", bound):
            return "its largest contribution exceeds its maximum"
    return None


def _mean_problem(meta: Mapping[str, Any], cell: Mapping[str, Any], value: float,
                  raw: str) -> str | None:
    """A mean is the total over the values (or over the weighted values)."""
    total = cell.get("total")
    weighted_values = cell.get("weighted_n_values") if meta.get("weighted") else None
    means = [total / d for d in (cell["n_values"], weighted_values) if total is not None and d]
    return None if any(_near(value, m, raw) for m in means) else (
        "the cell is not the mean of its evidence (total / values)")


def _order_problem(cell: Mapping[str, Any], value: float, raw: str, aggfunc: str
                   ) -> str | None:
    """A minimum or maximum is the evidence's; a median, quantile or mode lies between them
    (a value of the cell's own records)."""
    lowest, highest = cell.get("min"), cell.get("max")
    if aggfunc in ("min", "max"):
        bound = lowest if aggfunc == "min" else highest
        return None if bound is None or _near(value, bound, raw) else (
            f"the cell is not its evidence's {aggfunc}")
    if lowest is not None and value < lowest - _shown_tolerance(raw, lowest):
        return "the cell is below its evidence's minimum"
    if highest is not None and value > highest + _shown_tolerance(raw, highest):
        return "the cell is above its evidence's maximum"
    return None


def _dumps(document: dict[str, Any]) -> str:
    """Strict JSON, one cell per line: readable, diffable, and small for big tables."""

    def dump(obj: Any) -> str:
        return json.dumps(obj, allow_nan=False, ensure_ascii=False)

    cells = ",\n  ".join(dump(cell) for cell in document["cells"])
    body = "\n  " + cells + "\n " if cells else ""
    schema, table = dump(document["schema"]), dump(document["table"])
    stamp = f'\n "file": {dump(document["file"])},' if "file" in document else ""
    return (f'{{\n "schema": {schema},{stamp}\n "table": {table},\n "cells": [{body}]\n}}'
            "\n")


# --- reading and validation ----------------------------------------------------------------


def _fail(where: str, message: str) -> SidecarError:
    return SidecarError(f"{where}: {message}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) and math.isfinite(
        value
    )


def _check_str_list(where: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, f"expected a list of strings, got {value!r}")
    return value


def _check_optional(where: str, value: Any, kind: type | tuple[type, ...], what: str) -> None:
    if value is not None and not isinstance(value, kind):
        raise _fail(where, f"expected {what} or null, got {value!r}")


def _validate_table(src: str, table: Any) -> list[str]:
    if not isinstance(table, dict):
        raise _fail(f"{src}: table", "expected an object")
    if "index" not in table:
        raise _fail(f"{src}: table", "missing field 'index'")
    index = _check_str_list(f"{src}: table.index", table["index"])
    columns = _check_str_list(f"{src}: table.columns", table.get("columns", []))
    dims = [*index, *columns]
    if not dims:
        raise _fail(f"{src}: table", "index and columns name no dimension")
    if len(set(dims)) != len(dims):
        raise _fail(f"{src}: table", f"a dimension is repeated in {dims}")
    for key in ("values", "aggfunc", "contributor", "margins_name"):
        _check_optional(f"{src}: table.{key}", table.get(key), str, "a string")
    _check_optional(f"{src}: table.population", table.get("population"), dict, "an object")
    if not isinstance(table.get("weighted", False), bool):
        raise _fail(f"{src}: table.weighted", f"expected true or false, got {table['weighted']!r}")
    dof = table.get("dof")
    if dof is not None and not _is_number(dof):
        raise _fail(f"{src}: table.dof", f"expected a number or null, got {dof!r}")
    top_n = table.get("top_n", 0)
    if not _is_int(top_n) or top_n < 0:
        raise _fail(f"{src}: table.top_n", f"expected a non-negative integer, got {top_n!r}")
    return dims


def _validate_cell(where: str, cell: Any, dims: list[str], top_n: int) -> tuple[str, ...]:
    """Check one cell of the sidecar (its labels, counts, statistics and top contributions,
    in that order: the first problem is the one reported); its labels in ``dims`` order."""
    if not isinstance(cell, dict):
        raise _fail(where, "expected an object")
    coords = _cell_coords(where, cell, dims)
    _check_cell_counts(where, cell)
    _check_cell_numbers(where, cell)
    _check_cell_top(where, cell.get("top"), top_n)
    _check_cell_top_ids(where, cell.get("top_ids"), top_n)
    _check_optional(f"{where}.all_same", cell.get("all_same"), bool, "true/false")
    dof = cell.get("dof")
    if dof is not None and not _is_int(dof):
        raise _fail(f"{where}.dof", f"expected an integer or null, got {dof!r}")
    return tuple(coords[d] for d in dims)


def _cell_coords(where: str, cell: dict[str, Any], dims: list[str]) -> dict[str, str]:
    """The cell's labels: an object naming exactly the table's dimensions, each a string."""
    coords = cell.get("coords")
    if not isinstance(coords, dict):
        raise _fail(f"{where}.coords", f"expected an object, got {coords!r}")
    if set(coords) != set(dims):
        raise _fail(f"{where}.coords", f"expected dimensions {dims}, got {sorted(coords)}")
    for dim, label in coords.items():
        if not isinstance(label, str):
            raise _fail(f"{where}.coords.{dim}", f"expected a string label, got {label!r}")
    return coords


def _check_cell_counts(where: str, cell: dict[str, Any]) -> None:
    """Every count present, a non-negative integer, and the counts consistent with each
    other (values and missing make the records; units and negatives within them)."""
    for key in _COUNTS:
        if key not in cell:
            raise _fail(where, f"missing field {key!r}")
        if not _is_int(cell[key]) or cell[key] < 0:
            raise _fail(f"{where}.{key}", f"expected a non-negative integer, got {cell[key]!r}")
    if cell["n_values"] + cell["n_missing"] != cell["n_records"]:
        raise _fail(where, "n_values + n_missing must equal n_records")
    if cell["n_units"] > cell["n_records"] or cell["n_negative"] > cell["n_values"]:
        raise _fail(where, "n_units and n_negative cannot exceed the records and values")


def _check_cell_numbers(where: str, cell: dict[str, Any]) -> None:
    """``total`` present; it and the other statistics numbers or null."""
    if "total" not in cell:
        raise _fail(where, "missing field 'total'")
    for key in _NUMBERS:
        value = cell.get(key)
        if value is not None and not _is_number(value):
            raise _fail(f"{where}.{key}", f"expected a number or null, got {value!r}")


def _check_cell_top(where: str, top: Any, top_n: int) -> None:
    """The largest contributions: ``table.top_n`` numbers in descending order."""
    if not isinstance(top, list) or not all(_is_number(x) for x in top):
        raise _fail(f"{where}.top", f"expected a list of numbers, got {top!r}")
    if len(top) != top_n:
        raise _fail(f"{where}.top", f"expected {top_n} contributions (table.top_n), got {len(top)}")
    if any(b > a for a, b in pairwise(top)):
        raise _fail(f"{where}.top", "contributions must be in descending order")


def _check_cell_top_ids(where: str, ids: Any, top_n: int) -> None:
    """Optional: who made each largest contribution (``top_ids[i]`` made ``top[i]``, null when
    not known), so a respondent found in several hidden cells is audited with all its own
    contributions at once (SDC502)."""
    if ids is None:
        return
    if not isinstance(ids, list) or not all(x is None or isinstance(x, str) for x in ids):
        raise _fail(f"{where}.top_ids", f"expected a list of strings or nulls, got {ids!r}")
    if len(ids) > top_n:
        raise _fail(f"{where}.top_ids", f"expected at most {top_n} contributors (table.top_n), "
                                        f"got {len(ids)}")


def _validate(document: Any, src: str) -> tuple[dict[str, Any], dict[tuple[str, ...], dict]]:
    if not isinstance(document, dict):
        raise _fail(src, "expected a JSON object at the top level")
    schema = document.get("schema")
    if schema != SCHEMA:
        raise _fail(src, f"unsupported schema {schema!r}; expected {SCHEMA!r}")
    table: Any = document.get("table")  # a dict once validated
    dims = _validate_table(src, table)
    cells = document.get("cells")
    if not isinstance(cells, list):
        raise _fail(f"{src}: cells", "expected a list")
    top_n = table.get("top_n", 0)
    by_coords: dict[tuple[str, ...], dict] = {}
    for i, cell in enumerate(cells):
        key = _validate_cell(f"{src}: cells[{i}]", cell, dims, top_n)
        if key in by_coords:
            raise _fail(
                f"{src}: cells[{i}]", f"duplicate coordinates {dict(zip(dims, key, strict=True))}"
            )
        by_coords[key] = cell
    stamp = document.get("file")
    if stamp is not None and not (isinstance(stamp, dict) and isinstance(stamp.get("name"), str)
                                  and isinstance(stamp.get("sha256"), str)):
        raise _fail(f"{src}: file", "expected {\"name\": ..., \"sha256\": ...}")
    meta = {"index": table["index"], **_TABLE_DEFAULTS, **table, "dimensions": dims,
            "file": stamp}
    return meta, by_coords


def read_sidecar(
    path: str | os.PathLike[str],
) -> tuple[dict[str, Any], dict[tuple[str, ...], dict[str, Any]]]:
    """Read and validate a sidecar: ``(table metadata, {coords tuple: cell})``.

    The coords tuple holds the labels in the order of ``meta["dimensions"]``, i.e. the index
    dimensions then the column dimensions. Any problem (unreadable file, invalid JSON, wrong
    schema, missing or mistyped field, inconsistent counts, duplicate cells) raises
    :class:`SidecarError`.
    """
    src = os.fspath(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SidecarError(f"{src}: cannot read evidence sidecar ({exc})") from exc
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SidecarError(
            f"{src}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    return _validate(document, src)
