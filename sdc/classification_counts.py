"""The counts a scikit-learn classification report gives away without printing them.

A class's ``support`` is its number of units (a count the layout reads as one). Its recall is
``TP / support`` and its precision ``TP / (TP + FP)``, so with the support printed they give
the class's true positives, false negatives (``support - TP``) and false positives
(``TP * (1 - precision) / precision``). The report prints the shares rounded (``0.33``, or in
full when pandas writes ``output_dict=True``), so each count is known only to an interval of
whole numbers: every value the printed digits allow.

This module works the intervals out and nothing more; SDC101 compares them with the policy's
threshold (a report passes only when every interval lies at or above it, or is exactly 0
where zeros are safe). With two classes, one class's false negatives are the other's false
positives, so the two intervals are the same one (their intersection). A class whose numbers
cannot be read (a marker, a share outside 0..1, a support that is not a whole number, digits
that allow no whole count) gives no intervals: the report is then for a person.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sdc.table import DataCell, Table

REPORT = "a classification report"  # Measure.role_from of precision, recall, f1 and accuracy
_DIMENSION = "class"
_DECIMAL = re.compile(r"^\s*(\d+)(?:\.(\d*))?\s*$")
_EPS = 1e-9
_CODE = re.compile(r"^\s*\d{1,3}\s*$")


@dataclass(frozen=True)
class CountRange:
    """A count of one class the report gives away at ``cell``: a whole number in
    ``[lo, hi]`` (``hi`` may be infinite)."""

    cell: DataCell
    label: str
    name: str  # "true positives", "false negatives", "false positives"
    lo: int
    hi: float


def is_report(table: Table) -> bool:
    """Whether the layout read ``table`` as a classification report."""
    return any(m.role_from == REPORT for m in table.measures)


def class_codes(table: Table) -> set[int]:
    """Ids of the report's class labels that are whole numbers (``0``, ``1``: sklearn's
    classes are often coded so): names of classes, not counts."""
    rows = set(table.data_rows)
    return {id(cell) for row in table.grid for cell in row
            if cell.col in table.label_columns and cell.row in rows
            and _CODE.match(cell.raw) is not None}


def _share(cell: DataCell) -> tuple[float, float] | None:
    """The interval a printed share in 0..1 stands for (half a unit of its last digit)."""
    if cell.source.marker is not None or cell.value is None:
        return None
    found = _DECIMAL.match(cell.source.raw)
    if found is None:
        return None
    digits = len(found.group(2) or "")
    half = 0.5 * 10.0 ** -digits
    value = cell.value
    if not 0 <= value <= 1:
        return None
    return max(value - half, 0.0), min(value + half, 1.0)


def report_counts(table: Table) -> list[CountRange] | None:
    """Each class's true positives and false negatives (at its recall) and false positives
    (at its precision), or None when some class's cannot be worked out."""
    rows: dict[str, dict[str, DataCell]] = {}
    classes: list[str] = []
    for cell in table.cells:
        if cell.total_dims or _DIMENSION not in cell.coords:
            continue  # the averages and the accuracy: worked out from the classes
        label = cell.coords[_DIMENSION]
        if label not in rows:
            rows[label] = {}
            classes.append(label)
        rows[label][cell.measure.name] = cell
    if not classes:
        return None
    found: dict[str, dict[str, tuple[DataCell, int, float]]] = {}
    for label in classes:
        cells = rows[label]
        recall, precision, support = (cells.get(n) for n in ("recall", "precision", "support"))
        if recall is None or precision is None or support is None:
            return None
        s = support.value
        r, p = _share(recall), _share(precision)
        if s is None or s < 0 or s != int(s) or support.source.marker is not None \
                or r is None or p is None:
            return None
        tp_lo = max(math.ceil(s * r[0] - _EPS), 0)
        tp_hi = min(math.floor(s * r[1] + _EPS), int(s))
        if tp_lo > tp_hi:
            return None  # no whole count fits the printed recall
        if tp_hi == 0:
            fp: tuple[int, float] = (0, math.inf)  # precision of no positive: anything
        else:
            fp_hi = math.inf if p[0] <= 0 else math.floor(tp_hi * (1 - p[0]) / p[0] + _EPS)
            fp_lo = max(math.ceil(tp_lo * (1 - p[1]) / p[1] - _EPS), 0) if p[1] > 0 else 0
            if fp_lo > fp_hi:
                return None
            fp = (fp_lo, fp_hi)
        found[label] = {"true positives": (recall, tp_lo, tp_hi),
                        "false negatives": (recall, int(s) - tp_hi, int(s) - tp_lo),
                        "false positives": (precision, *fp)}
    if len(classes) == 2:  # one class's misses are the other's false alarms
        a, b = (found[label] for label in classes)
        for x, y in ((a, b), (b, a)):
            fn, other_fp = x["false negatives"], y["false positives"]
            lo, hi = max(fn[1], other_fp[1]), min(fn[2], other_fp[2])
            if lo > hi:
                return None  # the printed numbers contradict each other
            x["false negatives"] = (fn[0], lo, hi)
            y["false positives"] = (other_fp[0], lo, hi)
    return [CountRange(cell=cell, label=label, name=name, lo=lo, hi=hi)
            for label in classes for name, (cell, lo, hi) in found[label].items()]
