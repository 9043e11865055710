"""A workbook chart's cached series, read as the table Excel draws.

A chart part (``xl/charts/chart1.xml``) names the cells it plots (``c:f``) and keeps a copy
of their values (``c:numCache``, ``c:strCache``), or holds literal values with no cells at
all (``c:numLit``, ``c:strLit``). Excel draws the copy until it recalculates, so the copy is
what a reader sees, and anyone who edits the part can put counts in it that no cell holds.
The copy is read as a table (categories down, one column a series) for the table rules, and
a copy that differs from the cells it names is reported: both are then checked, the cells
by the sheet's rules and the copy here. A copy that is its cells point for point (names,
categories and values) shows nothing the checked cells do not and is not read again.

A chart part that does not parse, or a series whose cached values are not numbers, is
unreadable: the chart stays flagged for a person (it always is, SDC605).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from sdc.readers.image_parts import parse_xml
from sdc.tolerance import float_slack

# the elements a series keeps its data under: category (x) axis and value (y) axis, bubble size
_CATEGORY_TAGS = ("cat", "xVal")
_VALUE_TAGS = ("val", "yVal", "bubbleSize")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
MAX_POINTS = 100_000  # a chart with more cached points is not read point by point


@dataclass
class CachedValues:
    """One data reference of a series: the cells it names and the values it keeps."""

    formula: str | None  # the ``c:f`` reference, None for literal values
    points: dict[int, str] = field(default_factory=dict)  # pt idx -> cached text


@dataclass
class Series:
    """A chart series: its name, its categories and its values as cached in the part."""

    name: str
    name_ref: CachedValues | None
    categories: CachedValues | None
    values: list[tuple[str, CachedValues]]  # ("val" | "yVal" | "bubbleSize", values)


@dataclass
class ChartCache:
    """What a chart part caches; ``problem`` says why it could not be read (then review)."""

    series: list[Series] = field(default_factory=list)
    problem: str | None = None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(elem: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in elem if _local(c.tag) == name), None)


def _data(elem: ET.Element | None) -> CachedValues | None:
    """The values under a ``c:tx``, ``c:cat`` or ``c:val``: a reference with its cache, a
    multi-level category reference (levels joined) or literal values."""
    if elem is None:
        return None
    literal = _child(elem, "v")  # a series name written as text
    if literal is not None:
        return CachedValues(None, {0: literal.text or ""})
    for holder in elem:
        kind = _local(holder.tag)
        if kind in ("numLit", "strLit"):
            return CachedValues(None, _points(holder))
        if kind in ("numRef", "strRef", "multiLvlStrRef"):
            f = _child(holder, "f")
            cache = next((c for c in holder if _local(c.tag) in (
                "numCache", "strCache", "multiLvlStrCache")), None)
            points = {} if cache is None else _points(cache)
            return CachedValues((f.text or "").strip() if f is not None else None, points)
    return None


def _points(cache: ET.Element) -> dict[int, str]:
    """``pt idx -> text``; a multi-level cache's levels are joined, outermost first."""
    levels = [lvl for lvl in cache if _local(lvl.tag) == "lvl"] or [cache]
    points: dict[int, list[str]] = {}
    for level in reversed(levels):  # Excel writes the innermost level first
        for pt in (p for p in level if _local(p.tag) == "pt"):
            v = _child(pt, "v")
            try:
                idx = int(pt.get("idx", ""))
            except ValueError:
                idx = len(points)
            points.setdefault(idx, []).append((v.text or "") if v is not None else "")
    return {i: " / ".join(t for t in parts if t) for i, parts in points.items()}


def read_chart(data: bytes) -> ChartCache:
    """Every series of every plot in the chart part, with its cached data."""
    root = parse_xml(data)
    if root is None:
        return ChartCache(problem="the chart part does not parse")
    found = ChartCache()
    total = 0
    for ser in (e for e in root.iter() if _local(e.tag) == "ser"):
        tx = _child(ser, "tx")
        name_ref = _data(tx)
        values = [(tag, d) for tag in _VALUE_TAGS if (d := _data(_child(ser, tag))) is not None]
        categories = next((d for tag in _CATEGORY_TAGS
                           if (d := _data(_child(ser, tag))) is not None), None)
        name = (name_ref.points.get(0, "") if name_ref is not None else "") or \
            f"Series {len(found.series) + 1}"
        found.series.append(Series(name, name_ref, categories, values))
        total += sum(len(d.points) for _, d in values)
        bad = [v for _, d in values for v in d.points.values()
               if v.strip() and not _NUMBER.match(v.strip())]
        if bad:
            found.problem = f"series '{name}' caches values that are not numbers"
    if total > MAX_POINTS:  # not read at all: the chart stays for a person
        found.problem = f"{total:,} cached points; only charts of up to {MAX_POINTS:,} are read"
        found.series = []
    return found


def _column_name(series: Series, tag: str) -> str:
    return series.name if tag in ("val", "yVal") else f"{series.name} (bubble size)"


def cache_tables(chart: ChartCache) -> list[str]:
    """The cached values as CSV tables: series sharing their categories form one table,
    categories down the first column and a column for each series. Empty when nothing is
    cached (openpyxl writes only the references: the cells are the data)."""
    groups: dict[tuple[str, ...], list[tuple[str, dict[int, str]]]] = {}
    for series in chart.series:
        for tag, data in series.values:
            if not data.points:
                continue
            if series.categories is not None and series.categories.points:
                cats = series.categories.points
                width = max([*cats, *data.points]) + 1
                labels = tuple(cats.get(i, f"Point {i + 1}") for i in range(width))
            else:
                labels = tuple(f"Point {i + 1}" for i in range(max(data.points) + 1))
            groups.setdefault(labels, []).append((_column_name(series, tag), data.points))
    tables = []
    for labels, columns in groups.items():
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["Category", *(name for name, _ in columns)])
        for i, label in enumerate(labels):
            writer.writerow([label, *(points.get(i, "") for _, points in columns)])
        tables.append(out.getvalue())
    return tables


_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)"
                  r"(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def reference_cells(formula: str) -> tuple[str, list[tuple[int, int]]] | None:
    """``'Sheet'!$B$2:$B$4`` as (sheet name, cells in order); None when it is not one
    rectangle of one sheet (a union, a defined name, another workbook)."""
    m = _REF.match(formula.strip())
    if not m:
        return None
    sheet = (m.group(1) or "").replace("''", "'") or (m.group(2) or "")
    c1, r1 = _column_number(m.group(3)), int(m.group(4))
    c2, r2 = (_column_number(m.group(5)), int(m.group(6))) if m.group(5) else (c1, r1)
    if (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1) > MAX_POINTS:
        return None
    return sheet, [(r, c) for r in range(min(r1, r2), max(r1, r2) + 1)
                   for c in range(min(c1, c2), max(c1, c2) + 1)]


def _same(cached: str, cell: str | None) -> bool:
    if cell is None:
        return not cached.strip()
    if cached.strip() == cell.strip():
        return True
    try:
        return abs(float(cached) - float(cell)) <= float_slack(float(cell))
    except ValueError:
        return False


def _references(chart: ChartCache) -> list[CachedValues]:
    """Every cached reference of the chart: series names, categories and values."""
    found = []
    for series in chart.series:
        found += [d for d in (series.name_ref, series.categories) if d is not None]
        found += [d for _, d in series.values]
    return found


def referenced_sheets(chart: ChartCache) -> set[str]:
    """The sheets whose cells the chart's cached references name."""
    return {ref[0] for d in _references(chart) if d.formula and d.points
            and (ref := reference_cells(d.formula)) is not None}


def as_its_cells(chart: ChartCache, cells: dict[str, dict[tuple[int, int], str]]) -> bool:
    """Whether every cached point (names, categories, values) is the cell its reference
    names: then the cache shows nothing the checked cells do not, and need not be read
    again (Excel's own cache of an unchanged workbook). Literal values have no cells."""
    for data in _references(chart):
        if not data.points:
            continue
        ref = reference_cells(data.formula) if data.formula else None
        sheet = cells.get(ref[0]) if ref is not None else None
        if ref is None or sheet is None or len(ref[1]) < len(data.points):
            return False
        if any(idx >= len(ref[1]) or not _same(cached, sheet.get(ref[1][idx]))
               for idx, cached in data.points.items()):
            return False
    return True


def disagreements(chart: ChartCache,
                  cells: dict[str, dict[tuple[int, int], str]]) -> list[str]:
    """Each cached value that differs from the cell its reference names, as
    ``series 'Deaths', category 'North'`` (no value: the report may go to a CI log).
    ``cells``: each sheet's cell text by (row, column)."""
    found: list[str] = []
    for series in chart.series:
        cats = series.categories.points if series.categories is not None else {}
        for _, data in series.values:
            if data.formula is None or not data.points:
                continue
            ref = reference_cells(data.formula)
            sheet = cells.get(ref[0]) if ref is not None else None
            if ref is None or sheet is None:
                continue  # the cells cannot be found: the cache is checked as it stands
            for idx, cached in sorted(data.points.items()):
                if idx < len(ref[1]) and not _same(cached, sheet.get(ref[1][idx])):
                    where = cats.get(idx) or f"point {idx + 1}"
                    found.append(f"series '{series.name}', category '{where}'")
    return found
