"""Does a vector chart draw what its data file says? (issue 12, channel 4)

A chart's data file (``fig.csv`` beside ``fig.svg``, or ``data = "..."`` in request.toml) is
what the checker reads instead of the picture. That only holds if the picture draws those
numbers: a bar of 3 drawn over a data file that says 30, or a third series the file does not
have, would pass the data file's checks and publish the drawing's numbers. So every value sdc
reads back from a vector chart (``sdc.charts.interpret``) must be found among the numbers of
its data file, within the precision of the drawing:

- bars and individual points are matched one to one (a data file of two bars does not back a
  chart of three, even of the same heights);
- a line's distinct heights must each be in the file (a step or a box's outline draws the same
  height several times);
- a value that could not be mapped through the axis ticks cannot be compared, and says so;
- where a value sits is compared too: every category a bar, line or point is drawn at must
  be a label of the file (or one of its numbers, for numeric categories such as years), and
  every numeric x position of a line or a point one of its numbers (labels holding numbers,
  such as ``10-19``, count), so a chart with a category its data lacks (a fourth bar at a
  height the file happens to show) is seen. On a date axis (weekly counts) positions are
  dates and must be dates of the file; a date bin's start, end or middle must be. Other
  histogram bins are compared by their heights only;
- every number in text the chart draws so that no one sees it (transparent, in the colour
  of what is under it, covered, off the canvas, a font under 2 pt:
  ``sdc.charts.svg.hidden_texts``) is a number it publishes, and must be in the file too
  (within its last written digit); a chart without a data file that draws such numbers has
  nothing to explain them.

The result is a list of reasons (empty when the chart agrees). SDC701 turns them into a
finding: a chart whose data does not match what it draws is a chart without its data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from sdc.charts.data_labels import label_values
from sdc.charts.paint import UNSEEN_WAYS
from sdc.charts.scale import date_days, date_text
from sdc.readers.values import parse_number

if TYPE_CHECKING:
    from sdc.charts.interpret import ChartData
    from sdc.outputs import Output
    from sdc.table import RawCell

RELATIVE_TOLERANCE = 1e-4  # of the chart's largest drawn value: far above vector precision
DATE_TOLERANCE = 1e-3  # days (under 90 s): matplotlib places dates exactly


@dataclass
class Agreement:
    """How a chart's drawn values compare with its data files' numbers."""

    data_files: list[str] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)  # named, but not among the outputs
    drawn: int = 0
    unmapped: int = 0  # drawn values that could not be read through the axis ticks
    unmatched: list[tuple[str, float]] = field(default_factory=list)  # (handle, value)
    positions: int = 0  # categories and x positions compared
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (handle, x) not in the data
    hidden_numbers: int = 0  # numbers in text drawn so that no one sees it
    hidden_unexplained: list[str] = field(default_factory=list)  # those not in the data

    @property
    def problems(self) -> list[str]:
        found = []
        if self.missing_files:
            found.append("its data file " + ", ".join(self.missing_files)
                         + " was not read with it, so what it draws cannot be compared")
        if self.unmapped:
            found.append(f"{self.unmapped} of the {self.drawn} values it draws could not be "
                         "read through its axis ticks, so they cannot be compared with the data")
        if self.unmatched:
            found.append(f"{len(self.unmatched)} of the {self.drawn} values it draws are not in "
                         + ", ".join(self.data_files))
        if self.unplaced:
            found.append(f"{len(self.unplaced)} of the {self.positions} categories or x "
                         "positions it draws values at are not in " + ", ".join(self.data_files))
        if self.hidden_unexplained:
            where = (" are not in " + ", ".join(self.data_files) if self.data_files
                     else ", and it has no data file that could explain them")
            found.append(f"{len(self.hidden_unexplained)} of the {self.hidden_numbers} "
                         f"numbers it draws as text no one sees ({UNSEEN_WAYS})" + where)
        return found


def data_outputs(chart_output: Output, outputs: list[Output]) -> tuple[list[Output], list[str]]:
    """The outputs read from a chart's data files (companions beside it, or declared), and
    the data files named but not read."""
    by_path: dict[str, list[Output]] = {}
    for o in outputs:
        by_path.setdefault(o.path, []).append(o)
    folder = PurePosixPath(chart_output.path).parent
    found: list[Output] = []
    missing: list[str] = []
    for name in chart_output.companions:
        candidates = [(folder / name).as_posix(), PurePosixPath(name).as_posix()]
        match = next((by_path[c] for c in candidates if c in by_path), None)
        if match is None:
            missing.append(name)
        else:
            found.extend(o for o in match if o not in found)
    return found, missing


def _grid_cells(data: list[Output]) -> Iterator[RawCell]:
    """Every cell of the data files' grids (values, labels and headers alike)."""
    for output in data:
        if output.table is not None:
            for row in output.table.grid:
                yield from row


def declared_numbers(data: list[Output]) -> list[float]:
    """Every number a data file shows: its cells, labels and headers that read as numbers."""
    numbers: list[float] = []
    for cell in _grid_cells(data):
        value = cell.value if cell.value is not None else parse_number(cell.raw)
        if value is not None and math.isfinite(value):
            numbers.append(float(value))
    return numbers


_NUMBER_IN_TEXT = re.compile(r"[-+]?\d+(?:[.,]\d+)*(?:\.\d+)?")


def _label_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def declared_positions(data: list[Output]) -> tuple[set[str], list[float]]:
    """The labels a data file shows (every text cell, headers too) and every number in it,
    numbers written inside labels (``10-19``, ``2019/20``) included."""
    labels: set[str] = set()
    numbers: list[float] = []
    for output in data:
        if output.table is None:
            continue
        for row in output.table.grid:
            for cell in row:
                value = cell.value if cell.value is not None else parse_number(cell.raw)
                if value is not None and math.isfinite(value):
                    numbers.append(float(value))
                elif cell.raw.strip():
                    labels.add(_label_key(cell.raw))
                    for found in _NUMBER_IN_TEXT.findall(cell.raw):
                        number = parse_number(found)
                        if number is not None and math.isfinite(number):
                            numbers.append(abs(float(number)))
                            numbers.append(float(number))
    return labels, sorted(numbers)


_Position = tuple[str, "float | str", bool]  # (handle, category or x, on a date axis)


def _positions(chart: ChartData) -> list[_Position]:
    """(handle, category or x, date axis) of everything drawn at a category or an x position;
    histogram bins (``lo``/``hi`` set) are left to their heights, except on a date axis,
    where a bin's start, end or middle must be a date of the file (weekly counts are labelled
    by the week's first or last day)."""
    found: list[_Position] = []
    n_bar = 0
    for p_index, panel in enumerate(chart.panels, 1):
        bar_dates = panel.x_dates or panel.y_dates
        for bar in panel.bars:
            n_bar += 1
            if bar.lo is None and bar.label.strip():
                found.append((f"bar {n_bar}", bar.label, bar_dates))
            elif bar_dates and bar.lo is not None and bar.hi is not None:
                found.append((f"bar {n_bar}", bar.lo, True))  # placed by _placed_bins
        for curve in panel.curves:
            seen: set[float | str] = set()
            for x, _y in curve.points:
                if x not in seen:
                    seen.add(x)
                    found.append((f"{curve.name} in panel {p_index}", x, panel.x_dates))
        for points in panel.points:
            for x, _y in points.points:
                found.append((f"{points.name} in panel {p_index}", x, panel.x_dates))
    return found


def _placed(x: float | str, labels: set[str], numbers: list[float], tolerance: float) -> bool:
    if isinstance(x, str):
        if _label_key(x) in labels:
            return True
        number = parse_number(x.strip())
        return number is not None and _present(float(number), numbers, tolerance)
    return math.isfinite(x) and _present(float(x), numbers, tolerance)


def _placed_date(x: float | str, dates: list[float]) -> bool:
    """A position on a date axis (days, or a bar's date label) is a date of the data file."""
    days = date_days(x) if isinstance(x, str) else x
    return days is not None and math.isfinite(days) and _present(days, dates, DATE_TOLERANCE)


def _drawn(chart: ChartData) -> tuple[list[tuple[str, float]], list[tuple[str, float]], int]:
    """(values to match one to one, line heights to find, values not mapped)."""
    one_to_one: list[tuple[str, float]] = []
    heights: list[tuple[str, float]] = []
    unmapped = 0
    n_bar = 0
    for p_index, panel in enumerate(chart.panels, 1):
        for bar in panel.bars:
            n_bar += 1
            if math.isfinite(bar.value):
                one_to_one.append((f"bar {n_bar}", bar.value))
            else:
                unmapped += 1
            one_to_one += [(f"bar {n_bar} data label", v)
                           for v in label_values(bar.shown, bar.value)]
        for curve in panel.curves:
            seen: set[float] = set()
            for _x, y in curve.points:
                if not (isinstance(y, float | int) and math.isfinite(y)):
                    unmapped += 1
                elif y not in seen:
                    seen.add(y)
                    heights.append((f"{curve.name} in panel {p_index}", float(y)))
        for points in panel.points:
            if len(points.points) < points.count:
                unmapped += points.count - len(points.points)
            for _x, y in points.points:
                if isinstance(y, float | int) and math.isfinite(y):
                    one_to_one.append((f"{points.name} in panel {p_index}", float(y)))
                else:
                    unmapped += 1
    return one_to_one, heights, unmapped


def compare(chart: ChartData, chart_output: Output, outputs: list[Output]) -> Agreement | None:
    """How ``chart`` agrees with its data files; None when it names none."""
    hidden = hidden_numbers(chart)
    if not chart_output.companions:
        return Agreement(hidden_numbers=len(hidden),
                         hidden_unexplained=[t for t, _, _ in hidden]) if hidden else None
    data, missing = data_outputs(chart_output, outputs)
    result = Agreement(data_files=[o.path for o in data if o.sheet is None]
                       + [f"{o.path} [{o.sheet}]" for o in data if o.sheet is not None],
                       missing_files=missing)
    if hidden:
        _, in_labels = declared_positions(data)
        known = sorted(declared_numbers(data) + in_labels)
        result.hidden_numbers = len(hidden)
        result.hidden_unexplained = [t for t, value, tolerance in hidden
                                     if not _present(value, known, tolerance)]
    one_to_one, heights, result.unmapped = _drawn(chart)
    result.drawn = len(one_to_one) + len(heights) + result.unmapped
    if not data:
        return result
    numbers = sorted(declared_numbers(data))
    largest = max((abs(v) for _, v in one_to_one + heights), default=0.0)
    tolerance = max(RELATIVE_TOLERANCE * largest, 1e-9)
    result.unmatched = _match_one_to_one(one_to_one, numbers, tolerance)
    result.unmatched += [(h, v) for h, v in heights if not _present(v, numbers, tolerance)]
    labels, x_numbers = declared_positions(data)
    placed = _positions(chart)
    widest = max((abs(x) for _, x, d in placed if isinstance(x, float | int) and not d),
                 default=0.0)
    x_tolerance = max(RELATIVE_TOLERANCE * widest, 1e-9)
    dates = declared_dates(data) if any(d for _, _, d in placed) else []
    result.positions = len({(h, x) for h, x, _ in placed})
    unplaced = {(h, x) for h, x, on_dates in placed
                if not (_placed_date(x, dates) if on_dates
                        else _placed(x, labels, x_numbers, x_tolerance))}
    if any(d for _, _, d in placed):  # a date bin is placed when its start, end or middle is
        unplaced -= _placed_bins(chart, dates)
    result.unplaced = [(h, date_text(x) if isinstance(x, float) and on_dates else str(x))
                       for h, x, on_dates in placed if (h, x) in unplaced]
    result.unplaced = list(dict.fromkeys(result.unplaced))
    return result


def hidden_numbers(chart: ChartData) -> list[tuple[str, float, float]]:
    """(as written, value, half its last written digit) of every number in the text a chart
    draws so that no one sees it: "12.3" matches a data value within 0.05."""
    found: list[tuple[str, float, float]] = []
    for text in chart.hidden_text:
        for written in _NUMBER_IN_TEXT.findall(text):
            value = parse_number(written)
            if value is None or not math.isfinite(value):
                continue
            decimals = len(written.rsplit(".", 1)[1]) if "." in written else 0
            found.append((written, float(value), 0.5 * 10 ** -decimals + 1e-9))
    return found


def declared_dates(data: list[Output]) -> list[float]:
    """Every date a data file shows (in days since 1970-01-01), sorted."""
    found: list[float] = []
    for cell in _grid_cells(data):
        days = date_days(cell.raw) if cell.raw.strip() else None
        if days is not None:
            found.append(days)
    return sorted(found)


def _placed_bins(chart: ChartData, dates: list[float]) -> set[tuple[str, float | str]]:
    """The (handle, start) of date-axis bins whose start, end or middle is a date of the
    data."""
    placed: set[tuple[str, float | str]] = set()
    n_bar = 0
    for panel in chart.panels:
        for bar in panel.bars:
            n_bar += 1
            if not (panel.x_dates or panel.y_dates) or bar.lo is None or bar.hi is None:
                continue
            if any(_placed_date(x, dates) for x in (bar.lo, bar.hi, (bar.lo + bar.hi) / 2)):
                placed.add((f"bar {n_bar}", bar.lo))
    return placed


def _match_one_to_one(drawn: list[tuple[str, float]], numbers: list[float], tolerance: float
                      ) -> list[tuple[str, float]]:
    """The drawn values left over when each is paired with a distinct number within
    ``tolerance`` (greedy over both sorted lists: optimal for windows of one width)."""
    left: list[tuple[str, float]] = []
    j = 0
    for handle, value in sorted(drawn, key=lambda d: d[1]):
        while j < len(numbers) and numbers[j] < value - tolerance:
            j += 1
        if j < len(numbers) and numbers[j] <= value + tolerance:
            j += 1
        else:
            left.append((handle, value))
    return left


def _present(value: float, numbers: list[float], tolerance: float) -> bool:
    from bisect import bisect_left

    i = bisect_left(numbers, value - tolerance)
    return i < len(numbers) and numbers[i] <= value + tolerance
