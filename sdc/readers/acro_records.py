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

import ast
import csv
import io
import itertools
import json
import math
import re
from collections.abc import Callable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from sdc.identifiers import looks_like_date, value_identifier_kind
from sdc.model_facts_agree import grid_disagreement
from sdc.outputs import RecordedRisk
from sdc.readers.acro_input import ACRO_DEFAULTS, acro_config
from sdc.readers.evidence import printed_residual_dofs, residual_dofs_in
from sdc.readers.layout_magnitude import floats_only_counts, named_after_its_variable
from sdc.readers.roles import count_in_text
from sdc.table import DataCell, Measure, RawCell, Role, Table

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
    config = entry.get("config") or dict(ACRO_DEFAULTS)
    for record in records:
        if record.get("type") == "regression":
            printed, disagreement = _files_print_dof(output, record)
            _regression(output, record, printed)
            if disagreement is not None and output.kind == "model":
                output.dof_disagreements.append(disagreement)
        elif record.get("type") == "table":
            _table(output, record, config)
        elif record.get("type") in ("histogram", "pie chart", "survival plot"):
            _chart(output, record, config)


def _regression(output: Output, record: dict[str, Any],
                printed: Callable[[float], bool]) -> None:
    """A regression's files: the residual dof ACRO computed is the dof source of SDC301 where a
    released file of the model prints it (``printed``: the summary's ``Df Residuals``); values
    sdc could not place are model statistics (checked by SDC301 through that dof). A record's
    dof that no released file prints is only the record's word, which the researcher can
    change after ACRO wrote it (``results.json`` is a file in their folder): kept apart
    (``recorded_dof``), SDC301 fails it below the minimum and reviews it otherwise. Where ACRO
    failed the model on its own dof threshold (``MinimumDoFCheck: fail dof=16 < 20``: a TRE
    may set ``safe_dof_threshold`` above the policy's minimum), that record is kept for SDC301
    (``model_dof``): a record only ever adds a finding."""
    dof = record.get("dof")
    if isinstance(dof, int | float) and not isinstance(dof, bool) and math.isfinite(dof):
        (output.model_dof if printed(float(dof)) else output.recorded_dof).append(float(dof))
        output.kind = "model"
    failed = _MODEL_DOF_FAIL.search(record.get("summary") or "")
    if failed:
        output.recorded.append(RecordedRisk(
            "model_dof", None, {"dof": float(failed.group(1)),
                                "min_dof": float(failed.group(2))}))
    if output.table is None:
        return
    for measure in output.table.measures:
        if measure.role is Role.UNKNOWN:
            measure.read_as = Role.UNKNOWN
            measure.role = Role.MODEL


_MAX_SUMMARY_BYTES = 1_000_000  # a summary block ACRO writes is a few hundred bytes


def _files_print_dof(output: Output, record: dict[str, Any]
                     ) -> tuple[Callable[[float], bool], str | None]:
    """Whether a file of ``record`` in the output's folder (the model's summary blocks ACRO
    wrote as CSVs) prints a given residual dof beside ``Df Residuals:``, and what the blocks
    together (``No. Observations``, ``Df Model``, the coefficient rows: one summary, as a
    workbook's sheet holds it) say against it (``sdc.model_facts_agree``). Only plain files
    named by the record and directly in the folder are read, each at most 1 MB."""
    shown: set[float] = set()
    blocks: list[list[str]] = []
    folder = output.file.parent
    for entry in record.get("files") or ():
        name = entry.get("name") if isinstance(entry, dict) else entry
        if not isinstance(name, str) or not name.lower().endswith(".csv") \
                or name != PurePath(name).name or name in (".", ".."):
            continue
        path = folder / name
        try:
            if path.is_symlink() or not path.is_file() \
                    or path.stat().st_size > _MAX_SUMMARY_BYTES:
                continue
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        except (OSError, UnicodeDecodeError, csv.Error):
            continue
        blocks.extend(rows)
        for row in rows:
            for key, value in itertools.pairwise(row):
                if key.strip().lower() == "df residuals:":
                    try:
                        shown.add(float(value))
                    except ValueError:
                        continue
    return (lambda dof: dof in shown), grid_disagreement(blocks) if shown else None


# ACRO 1.0.2's analysis names (table_utils.AGGFUNC_TO_TYPE): the role of the values and the
# name pandas gives the statistic
_ANALYSES = {"FrequencyTable": (Role.COUNT, "count"), "Mean": (Role.MAGNITUDE, "mean"),
             "Sum": (Role.MAGNITUDE, "sum"), "StandardDeviation": (Role.STATISTIC, "std"),
             "Median": (Role.STATISTIC, "median"), "Mode": (Role.STATISTIC, "mode"),
             "ModeCalculation": (Role.STATISTIC, "mode"), "Maximum": (Role.EXTREME, "max"),
             "Minimum": (Role.EXTREME, "min")}
# an analysis starts a line, or follows its predecessor's dof line with no newline between
# ("MinimumDoFCheck: fail dof=2 < 10FrequencyTable : ")
_ANALYSIS_LINE = re.compile(r"(?:^|(?<=\d))([A-Z]\w*) : ", re.MULTILINE)
_CHECK_NAME = re.compile(r"[A-Z][A-Za-z]*Check")
_DOF = re.compile(r"MinimumDoFCheck: fail dof=(-?\d+(?:\.\d+)?)")
# a regression ACRO failed on its dof threshold: its residual dof and that threshold
_MODEL_DOF_FAIL = re.compile(
    r"MinimumDoFCheck: fail dof=(-?\d+(?:\.\d+)?) < (\d+(?:\.\d+)?)")
_DEFAULT_NAMES = ("count", "value")  # what the layout reader calls a measure it cannot name


def _analyses(record: dict[str, Any]) -> list[str]:
    """The analyses ACRO ran for the table, in order (``Mean : ...`` lines of its summary)."""
    return _ANALYSIS_LINE.findall(record.get("summary", ""))


def _table_role(record: dict[str, Any]) -> Role | None:
    """What ACRO's table holds: counts (its frequency checks) or magnitudes (dominance checks)."""
    analyses = _analyses(record)
    if len(analyses) == 1 and analyses[0] in _ANALYSES:
        return _ANALYSES[analyses[0]][0]
    checks = set(record.get("flagged", {}))
    summary = record.get("summary", "")
    if record.get("statbarn") == "Frequencies" or summary.startswith("FrequencyTable"):
        return Role.COUNT
    if record.get("statbarn") == "LinearAggregations" or checks & _MAGNITUDE_CHECKS:
        return Role.MAGNITUDE
    return None


def _set_role(table: Table, measure: Measure, role: Role, name: str | None,
              counted: set[str]) -> None:
    """Give ``measure`` the role ACRO computed. Counts read from the file keep being checked as
    counts (``read_as``); an extreme value is one whatever was guessed (SDC302 fails it). A
    frequency table pandas wrote as floats (a suppressed cell made the column float), or
    headed by the variable it counted (``values="income", aggfunc="count"``: ``counted``
    holds the columns ACRO's outcome names), is read as the counts it is when nothing else
    said otherwise. A record can so drop the magnitude reading of whole numbers, never the
    count reading of any."""
    if name and measure.name in _DEFAULT_NAMES:
        measure.name = name
    if role is Role.COUNT and (floats_only_counts(table, measure)
                               or named_after_its_variable(table, measure, counted)):
        measure.role, measure.read_as = Role.COUNT, None
    elif measure.role is Role.UNKNOWN:
        measure.read_as = Role.UNKNOWN
        measure.role = role
    elif measure.role is Role.COUNT and role is not Role.COUNT:
        measure.read_as = Role.COUNT  # SDC101 keeps checking it as counts too
        measure.role = role
    elif role is Role.EXTREME and measure.role is not Role.EXTREME:
        measure.read_as = measure.role
        measure.role = role


def _table(output: Output, record: dict[str, Any], config: dict[str, float],
           flagged: list[tuple[str, DataCell | None]] | None = None) -> None:
    table = output.table
    if table is None:  # nothing read (a survival table of no event: its header alone)
        _tableless_risks(output, record, config)
        return
    role = _table_role(record)
    analyses = _analyses(record)
    name = _ANALYSES[analyses[0]][1] if len(analyses) == 1 and analyses[0] in _ANALYSES else None
    if role is not None:
        counted = {str(key) for key in (record.get("outcome") or {})}
        for measure in table.measures:
            _set_role(table, measure, role, name, counted)
    places = _file_places(record.get("outcome") or {}, table)
    if places:
        # ACRO's outcome names every row and column as the file shows them (its header line
        # holds the outcome's column keys): the header is confirmed by a record written with
        # the table, as a matched sidecar confirms one (its codes, 0 and 1, are labels)
        table.header_certain = True
        _header_words_are_labels(table, places)
    _extreme_risk(output, analyses)
    missing = _record_risks(output, record, config, flagged)
    if missing:
        table.problems.append(
            f"ACRO flagged {missing} cell{'s' if missing != 1 else ''} that sdc could not "
            "find in the table as read: the layout may be misread, a person must check it")


def _tableless_risks(output: Output, record: dict[str, Any], config: dict[str, float]) -> None:
    """What ACRO found in a table sdc reads no cell of, on the output as a whole: each check's
    flags, and a failed dof check (ACRO fails a survival table with no event on ``dof=0``).
    The file's own reading (a header with no data) is for a person; ACRO's fail stays one."""
    counts: dict[str, int] = {}
    for check, _ in _outcome_flags(record):
        kind = _kind(check, record)
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + 1
    for kind, places in counts.items():
        output.recorded.append(RecordedRisk(kind, None, _params(kind, config), places=places))
    dof = _dof_risk(record, config)
    if dof is not None:
        output.recorded.append(dof)


def _outcome_flags(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(check, row key) for every check ACRO's per-cell outcome names, whatever the table."""
    outcome = record.get("outcome")
    flags: list[tuple[str, str]] = []
    for column in outcome.values() if isinstance(outcome, dict) else ():
        for row_key, text in column.items() if isinstance(column, dict) else ():
            flags += [(check, str(row_key)) for check in _CHECK_NAME.findall(str(text))]
    return flags


def _extreme_risk(output: Output, analyses: list[str]) -> None:
    """ACRO ran a minimum or maximum, and the table as read has no extreme cell to show for
    it (a max of dates is text to the layout reader; a multi-statistic table may name its
    columns otherwise): the table reports single records, a risk of the table as a whole."""
    table = output.table
    assert table is not None
    if not {"Minimum", "Maximum"} & set(analyses) or any(
            m.role is Role.EXTREME for m in table.measures):
        return
    rows = set(table.data_rows)
    places = sum(1 for line in table.grid for c in line
                 if c.row in rows and (c.value is not None or looks_like_date(c.raw)))
    output.recorded.append(RecordedRisk("extreme", None, {}, places=max(places, 1)))


def _grid(table: Table) -> tuple[list[int], list[int], dict[tuple[int, int], DataCell]]:
    """The table's data rows and value columns as ACRO numbers them: by their place in the data
    (row, column), headers and index excluded, as pandas wrote them."""
    by_place = {(c.source.row, c.source.col): c for c in table.cells}
    return sorted(set(table.data_rows)), sorted({col for _, col in by_place}), by_place


def _key_labels(key: str) -> tuple[str, ...]:
    """The labels of one of ACRO's outcome keys: ``West`` or ``('mean', 'F')`` (a MultiIndex
    level tuple, as pandas' to_json writes it)."""
    text = key.strip()
    if text.startswith("(") and text.endswith(")"):
        value = _tuple_key(text)
        if value is not None:
            return value
    return (_label(text),)


# how a missing category (NaN) reads in ACRO's outcome keys; pandas writes it blank in the file
_MISSING = frozenset({"nan", "NaN", "None", "NaT", "<NA>"})


def _tuple_key(text: str) -> tuple[str, ...] | None:
    """A MultiIndex key as ACRO records it (``('East', '65+')``), each level a label; a level
    with no category (ACRO keeps rows whose key is missing) is written bare (``('East',
    nan)``), and pandas writes it blank in the file: ``""``. None: not such a tuple."""
    try:
        tree = ast.parse(text, mode="eval")
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(tree.body, ast.Tuple):
        return None
    labels = []
    for element in tree.body.elts:
        if isinstance(element, ast.Name) and element.id in _MISSING:
            labels.append("")
            continue
        try:
            value = ast.literal_eval(element)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return None
        labels.append(_label(str(value)))
    return tuple(labels)


def _find(index: dict[tuple[str, ...], int], key: str) -> int | None:
    """Where ``index`` (labels -> file line or column) has one of ACRO's outcome keys; a lone
    key reading ``nan`` (no category) is also looked up blank, as pandas writes it, and a
    margin's key (``('All', '', '')``) without the blank levels the table as read leaves out."""
    labels = _key_labels(key)
    found = index.get(tuple(sorted(labels)))
    if found is None and any(label in _MISSING for label in labels):
        labels = tuple("" if label in _MISSING else label for label in labels)
        found = index.get(tuple(sorted(labels)))
    if found is None and "" in labels and any(labels):
        found = index.get(tuple(sorted(label for label in labels if label)))
    if found is None and "" in labels:  # a missing column key: pandas' header writes ``nan``
        named = _missing_as_nan(key, labels)
        if named != labels:
            found = index.get(tuple(sorted(named)))
    return found


def _missing_as_nan(key: str, labels: tuple[str, ...]) -> tuple[str, ...]:
    """``labels`` with each level ACRO's key gives no category (bare ``nan``) as ``nan``,
    the text pandas' ``to_csv`` writes for it in a header line (a row's is blank)."""
    try:
        tree = ast.parse(key, mode="eval")
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return labels
    if not isinstance(tree.body, ast.Tuple) or len(tree.body.elts) != len(labels):
        return labels
    return tuple("nan" if isinstance(e, ast.Name) and e.id in _MISSING else label
                 for e, label in zip(tree.body.elts, labels, strict=True))


def _label(text: str) -> str:
    """A label as text, ``2019`` and ``2019.0`` the same (pandas writes either)."""
    text = text.strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return repr(number) if math.isfinite(number) else text


def _by_labels(table: Table) -> tuple[dict[tuple[str, ...], int], dict[tuple[str, ...], int]]:
    """Each data row's labels -> its file row; each value column's labels (the column
    dimensions' categories, and the measure's name parts when there are several measures or no
    column dimension) -> its file column. Labels are
    compared as sorted tuples, so level order does not matter; an ambiguous key maps nowhere."""
    rows: dict[tuple[str, ...], set[int]] = {}
    cols: dict[tuple[str, ...], set[int]] = {}
    for cell in table.cells:
        row = tuple(sorted(_label(cell.coords[d]) for d in table.row_dimensions
                           if d in cell.coords))
        col = [_label(cell.coords[d]) for d in table.column_dimensions if d in cell.coords]
        if not col or len(table.measures) > 1:  # one measure: its name is no column label
            col += [_label(part) for part in cell.measure.name.split(" / ")]
        rows.setdefault(row, set()).add(cell.source.row)
        cols.setdefault(tuple(sorted(col)), set()).add(cell.source.col)
    return ({k: next(iter(v)) for k, v in rows.items() if len(v) == 1},
            {k: next(iter(v)) for k, v in cols.items() if len(v) == 1})


def _header_words_are_labels(table: Table, places: dict[tuple[int, int], tuple[int, int]]
                             ) -> None:
    """The header line's words over the outcome's columns are its column keys (a margin named
    ``Everyone`` after codes 0 and 1, which the reader took for a line of data): labels, not
    numbers sdc failed to read (``_file_places`` compared each with its key)."""
    first = min(row for row, _ in places.values())
    above = [line[0].row for line in _shown_lines(table) if line[0].row < first]
    columns = {col for _, col in places.values()}
    if above:
        table.unparsed = [c for c in table.unparsed
                          if not (c.row == above[-1] and c.col in columns)]


def _outcome_cells(record: dict[str, Any], table: Table) -> list[tuple[str, DataCell | None]]:
    """(check, the cell as read) for every check ACRO's per-cell ``outcome`` names: matched by
    its labels in the table as read, else where pandas wrote it in the file (below the header
    lines, right of the index columns) if the file's labels there are the outcome's; None when
    neither finds a cell sdc reads. Then the places ``files[].sdc.cells`` flags that the
    outcome does not, found the second way (unless they are of a shorter table:
    :func:`_places_elsewhere`)."""
    outcome = record.get("outcome") or {}
    rows, cols = _by_labels(table)
    by_place = {(c.source.row, c.source.col): c for c in table.cells}
    placed = _file_places(outcome, table)
    found: list[tuple[str, DataCell | None]] = []
    named: set[tuple[str, int, int]] = set()
    counted: dict[str, int] = {}  # how many cells the outcome flags with each check
    for c, (col_key, column) in enumerate(outcome.items()):
        col = _find(cols, str(col_key))
        for r, (row_key, text) in enumerate(column.items() if isinstance(column, dict) else ()):
            checks = _CHECK_NAME.findall(str(text))
            if not checks:
                continue
            row = _find(rows, str(row_key))
            cell = by_place.get((row, col)) if row is not None and col is not None else None
            if cell is None and (r, c) in placed:
                cell = by_place.get(placed[(r, c)])
            found += [(check, cell) for check in checks]
            named |= {(check, r, c) for check in checks}
            for check in checks:
                counted[check] = counted.get(check, 0) + 1
    # what files[].sdc.cells adds (places of the data, like the outcome's): a record's two
    # lists should agree; a flag only one of them has still counts
    for check, points in record.get("flagged", {}).items():
        if _places_elsewhere(check, points, named, counted):
            continue
        for point in points if isinstance(points, list) else []:
            if not (isinstance(point, list) and len(point) == 2 and all(
                    isinstance(i, int) and not isinstance(i, bool) for i in point)):
                found.append((check, None))
            elif (check, point[0], point[1]) not in named:
                where = placed.get((point[0], point[1]))
                found.append((check, by_place.get(where) if where else None))
    return found


def _places_elsewhere(check: str, points: Any, named: set[tuple[str, int, int]],
                      counted: dict[str, int]) -> bool:
    """Whether ``files[].sdc.cells``' places for ``check`` are of a shorter table than the
    outcome's, so that each is a cell the outcome already flags. ACRO 1.0.2 lists a check's
    places in its own mask (``np.where``); a ``pivot_table`` over several index variables
    computes the dominance masks on a table pandas made with ``dropna=True``, which leaves the
    groups with no records out (ACRO's own table keeps them), and the outcome aligns the same
    mask by labels. So the places are shifted (round 35's seed 35006: rows 1, 12, 17, 18 of
    the mask are rows 3, 20, 27, 28 of the table). Said only when the list is well formed and
    holds no more places than the outcome flags cells with the check: a place it adds beyond
    the outcome's count still counts, at its place or as a cell sdc cannot find."""
    if not isinstance(points, list) or not points or not all(
            isinstance(p, list) and len(p) == 2 and all(
                isinstance(i, int) and not isinstance(i, bool) for i in p) for p in points):
        return False
    unnamed = [p for p in points if (check, p[0], p[1]) not in named]
    return bool(unnamed) and len(points) <= counted.get(check, 0)


def _file_places(outcome: dict[str, Any], table: Table) -> dict[tuple[int, int], tuple[int, int]]:
    """Outcome (row, column) -> the file's (row, column), as pandas' to_csv/to_excel lays out
    ACRO's table: its data is the file's last rows and columns, the index labels to their left.
    Empty unless the file has exactly that shape and every row's index labels, and every
    column's innermost header label, are the outcome's keys (a guess that cannot be checked
    is not made)."""
    keys = _outcome_keys(outcome)
    if keys is None:
        return {}
    columns, row_keys = keys
    lines = _shown_lines(table)
    if len(lines) <= len(row_keys):
        return {}
    body = lines[len(lines) - len(row_keys):]
    left = _index_end(lines, row_keys, columns)
    if left is None or not _rows_labelled(body, row_keys, left) or not _columns_labelled(
            lines[len(lines) - len(row_keys) - 1], columns, left):
        return {}
    return {(r, c): (line[0].row, left + 1 + c)
            for r, line in enumerate(body) for c in range(len(columns))}


def _shown_lines(table: Table) -> list[list[RawCell]]:
    """The file's lines that show something, each with only the cells that do."""
    shown = ([c for c in line if c.raw and not c.raw.isspace()] for line in table.grid)
    return [line for line in shown if line]


def _outcome_keys(outcome: dict[str, Any]) -> tuple[list[str], list[str]] | None:
    """The outcome's column keys and row keys, when it is a rectangle (every column a dict
    with the same row keys in the same order); else None."""
    columns = [k for k, v in outcome.items() if isinstance(v, dict)]
    if not columns or len(columns) != len(outcome):
        return None
    row_keys = list(outcome[columns[0]])
    if any(list(outcome[k]) != row_keys for k in columns):
        return None
    return columns, row_keys


def _index_end(lines: list[list[RawCell]], row_keys: list[str], columns: list[str]
               ) -> int | None:
    """The file column where the index labels end, when the file is as wide as the outcome's
    index levels (all keys with as many) plus its columns; else None."""
    levels = {len(_key_labels(str(k))) for k in row_keys}
    first_col = min(c.col for row in lines for c in row)
    last_col = max(c.col for row in lines for c in row)
    if len(levels) != 1 or last_col - first_col + 1 != levels.pop() + len(columns):
        return None
    return last_col - len(columns)


def _rows_labelled(body: list[list[RawCell]], row_keys: list[str], left: int) -> bool:
    """Each data line's index labels are its outcome row key's, level by level: the label in
    the column ``k`` left of ``left`` is the key's ``k``-th level from its last. A blank is
    left out wherever it is (a repeated MultiIndex label ``to_excel`` merges, a missing key,
    the padded levels after a margin's name: ``Everyone,,`` is ``('Everyone', '', '')``);
    what is there is compared."""
    for key, line in zip(row_keys, body, strict=True):
        levels = _key_labels(str(key))
        for cell in line:
            at = len(levels) - 1 - (left - cell.col)
            if cell.col <= left and (at < 0 or _label(cell.raw) != levels[at]):
                return False
    return True


def _columns_labelled(header: list[RawCell], columns: list[str], left: int) -> bool:
    """The header line above the data shows each column's innermost outcome label (where it
    shows one)."""
    shown = {c.col: c.raw for c in header}
    for c, key in enumerate(columns):
        label = shown.get(left + 1 + c)
        if label is not None and _label(label) != _key_labels(str(key))[-1]:
            return False
    return True


def _flagged_cells(record: dict[str, Any], table: Table) -> list[tuple[str, DataCell | None]]:
    """(check, cell) for every cell ACRO flagged; None where the table as read has no such
    cell. ACRO's per-cell ``outcome`` names cells by their labels and covers every analysis of
    a multi-statistic table: it is used whenever the record has one (a cell it names that sdc
    cannot find by its labels is not guessed at by place: the layout may be misread there).
    Only a record without an outcome falls back on ``files[].sdc.cells``, places (row, column
    of the data) of the first analysis."""
    outcome = record.get("outcome")
    if isinstance(outcome, dict) and outcome:
        return _outcome_cells(record, table)
    rows, cols, by_place = _grid(table)
    found: list[tuple[str, DataCell | None]] = []
    for check, places in record.get("flagged", {}).items():
        for place in places if isinstance(places, list) else []:
            cell = None
            if (isinstance(place, list) and len(place) == 2
                    and all(isinstance(i, int) and not isinstance(i, bool) for i in place)):
                r, c = place
                if 0 <= r < len(rows) and 0 <= c < len(cols):
                    cell = by_place.get((rows[r], cols[c]))
            found.append((check, cell))
    return found


def _kind(check: str, record: dict[str, Any]) -> str | None:
    """The sdc risk an ACRO check's flag stands for. ACRO's dominance checks flag the cells with
    negative values instead (status ``review``) when the table has any."""
    if check == "MinimumThresholdCheck":
        return "threshold"
    if check == "PresenceOfZeroCheck":
        return "zero"
    if check == "AllSameValuesCheck":
        return "all_same"
    if check == "MissingCheck":  # ACRO's check_missing_values: a note for a person
        return "missing"
    if check in _MAGNITUDE_CHECKS:
        negative = record.get("check_status", {}).get(check) == "review" or \
            "negative value" in record.get("summary", "")
        return "negative" if negative else "nk" if check == "NKCheck" else "p"
    return None  # MinimumDoFCheck marks cells by a mask it never made (see _dof_risk)


def _params(kind: str, config: dict[str, float]) -> dict[str, float]:
    if kind == "nk":
        return {"n": config["safe_nk_n"], "k": config["safe_nk_k"]}
    if kind == "p":
        return {"p": config["safe_pratio_p"]}
    if kind == "threshold":
        return {"threshold": config["safe_threshold"]}
    return {}


def _record_risks(output: Output, record: dict[str, Any], config: dict[str, float],
                  flagged: list[tuple[str, DataCell | None]] | None = None) -> int:
    """Record on ``output`` each cell ACRO flagged (``flagged``, else from the record) as a risk
    its rule reports; return how many flagged cells the table as read does not have (the
    layout may be misread)."""
    table = output.table
    assert table is not None
    missing: dict[str, int] = {}
    seen: set[tuple[str, int]] = set()
    with_missing = 0
    for check, cell in flagged if flagged is not None else _flagged_cells(record, table):
        kind = _kind(check, record)
        if kind is None:
            continue
        if kind == "missing":  # one risk of the table, wherever the layout puts the cells
            with_missing += 1
            continue
        if cell is None:
            missing[kind] = missing.get(kind, 0) + 1
        elif (kind, id(cell)) not in seen:
            seen.add((kind, id(cell)))
            output.recorded.append(RecordedRisk(kind, cell, _params(kind, config),
                                                shown_blank=_blank_zero(kind, cell, record)))
    for kind, places in missing.items():  # still a finding, on the output as a whole
        output.recorded.append(RecordedRisk(kind, None, _params(kind, config), places=places))
    if with_missing:
        output.recorded.append(RecordedRisk("missing", None, {}, places=with_missing))
    dof = _dof_risk(record, config)
    if dof is not None:
        output.recorded.append(dof)
    return sum(missing.values())


def _blank_zero(kind: str, cell: DataCell, record: dict[str, Any]) -> bool:
    """ACRO found no record behind a cell of a frequency table that pandas left blank, and did
    not suppress the table (a ``pivot_table`` count leaves an empty group blank, not 0): the
    blank is how the zero is published, so it is a zero count (SDC102), not a withheld cell.
    A suppressed table's blanks are ACRO's own withholding (the margins are audited)."""
    measure = cell.measure
    counts = measure.role is Role.COUNT or (  # a list of aggfuncs: pandas heads it "count"
        measure.read_as is Role.COUNT and "FrequencyTable" in _analyses(record)
        and measure.name.split(" / ")[0] == "count")
    return kind == "zero" and cell.value is None and counts and \
        record.get("mitigation") != "suppress"


def _dof_risk(record: dict[str, Any], config: dict[str, float]) -> RecordedRisk | None:
    """A table statistic (a standard deviation) whose smallest count - 1 ACRO found below its
    dof threshold. ACRO 1.0.2 records that count - 1 table as if it were a mask, so which cells
    are thin is lost: the risk is table-wide, with the smallest dof from its summary."""
    if record.get("check_status", {}).get("MinimumDoFCheck") != "fail" and \
            "MinimumDoFCheck: fail" not in record.get("summary", ""):
        return None
    found = _DOF.search(record.get("summary", ""))
    dof = float(found.group(1)) if found else config["safe_dof_threshold"] - 1
    return RecordedRisk("dof", None, {"dof": max(dof, 0.0)})


def _chart(output: Output, record: dict[str, Any], config: dict[str, float]) -> None:
    """A histogram, pie chart or survival plot: ACRO counted the records in each bin or slice,
    and the dof behind a survival curve's steps."""
    flagged = record.get("flagged", {}).get("MinimumThresholdCheck")
    bins = flagged if isinstance(flagged, list) else []
    if bins:
        output.recorded.append(RecordedRisk("threshold", None, _params("threshold", config),
                                            places=len(bins)))
    dof = _dof_risk(record, config)  # a survival plot: its steps rest on few people
    if dof is not None:
        output.recorded.append(dof)


_SMALL_PLACES = re.compile(r"MinimumThresholdCheck: fail - (\d+) cells")
_ANY_DOF = re.compile(r"dof=(-?\d+(?:\.\d+)?)")


def sheet_residual_dofs(grid: list[list[RawCell]]) -> frozenset[float]:
    """The numbers a regression's sheet prints beside ``Df Residuals:`` (the summary's first
    block, which ACRO writes under its record): what confirms the record's dof."""
    return frozenset(residual_dofs_in(grid))


def acro_sheet_record(output: Output, summary: str, outcome: dict[tuple[int, int], str],
                      sheet_dofs: frozenset[float] = frozenset()) -> None:
    """Read a sheet of ACRO's results.xlsx with what ACRO wrote above its table: its summary
    and its per-cell outcome (``outcome``: the check text of each outcome cell, at the place of
    its twin in the table; ``sheet_dofs``: the residual dofs the sheet prints). ACRO's
    parameters come from the session's ``config.json`` beside
    the workbook, as for a JSON folder (ACRO's defaults when there is none): a flag raised
    under a stricter config than the policy's proves nothing it asks (review)."""
    config = acro_config(output.file.parent)
    record: dict[str, Any] = {"summary": summary, "flagged": {}, "outcome": {},
                              "check_status": {}, "statbarn": None}
    if not _analyses(record) and "MinimumDoFCheck" in summary:  # a regression
        found = _ANY_DOF.search(summary)
        shown = sheet_dofs.union(printed_residual_dofs(output.table)
                                 if output.table is not None else ())
        _regression(output, {"dof": float(found.group(1)) if found else None,
                             "summary": summary}, lambda dof: dof in shown)
        return
    if output.table is None:  # a chart: its image is not in the workbook, the sheet stands
        small = _SMALL_PLACES.search(summary)  # for it; or a table sdc reads no cell of
        if small and int(small.group(1)) > 0:
            output.recorded.append(RecordedRisk("threshold", None, _params("threshold", config),
                                                places=int(small.group(1))))
        dof = _dof_risk(record, config)  # a survival table or plot: its steps rest on few
        if dof is not None:
            output.recorded.append(dof)
        return
    at = {(cell.source.row, cell.source.col): cell for cell in output.table.cells}
    flagged: list[tuple[str, DataCell | None]] = [  # None: no cell sdc reads there (a date)
        (check, at.get(place)) for place, text in outcome.items()
        for check in _CHECK_NAME.findall(text)]
    _table(output, record, config, flagged)


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
