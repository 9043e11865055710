"""Map file coordinates back to data values using an axis's tick labels.

matplotlib labels ticks with the exact values its locator chose (``0``, ``2.5``, ``10^{2}``),
so two labelled ticks fix a linear axis and the positions of everything drawn on it can be
read back to the precision the file stores coordinates with (six decimals of a point in SVG).
Axes whose labels are words are categorical: a mark takes the label of the tick it covers.
Axes whose labels are all dates (matplotlib's ``2024-01-08``, ``2024-02``, ``2024-01-08
12:00``) are date axes: the dates fix a linear scale in days, and positions come back as days
since 1970-01-01 (``date_text`` writes them as dates again).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sdc.charts.model import Tick

_POWER = re.compile(r"^(?:(?P<mant>[-+]?\d+(?:\.\d*)?)(?:\\times|×))?10\^(?P<exp>[-+]?\d+)$")
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$")
_EPOCH = datetime(1970, 1, 1)
# the date formats matplotlib's AutoDateFormatter writes with a year, and common others
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                "%Y-%m-%d %H", "%d/%m/%Y", "%b %Y", "%d %b %Y", "%B %Y", "%d %B %Y")
FIT_TOLERANCE = 1e-6  # relative misfit of tick labels allowed before an axis is not mapped


def _clean(label: str) -> str:
    """Tick text without mathtext markup, thin spaces or the typographic minus."""
    text = label.strip().strip("$").replace("\u2212", "-").replace("\u2009", "").replace(" ", "")
    text = text.replace("\\mathdefault", "")
    text = re.sub(r"\^\{([^{}]*)\}", r"^\1", text)
    return text.replace("{", "").replace("}", "")


def tick_number(label: str) -> float | None:
    """The number a tick label shows (``−0.5``, ``1,000``, ``$10^{2}$``, ``25%``), or None."""
    text = _clean(label)
    if not text:
        return None
    text = text.removesuffix("%")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    if _NUMBER.match(text):
        return float(text)
    power = _POWER.match(text)
    if power is not None:
        mant = float(power.group("mant")) if power.group("mant") else 1.0
        return mant * 10.0 ** int(power.group("exp"))
    return None


_OFFSET = re.compile(
    r"^(?P<mult>(?:\\times|×)?(?:\d+(?:\.\d*)?e[-+]?\d+|10\^\{?[-+]?\d+\}?))?"
    r"(?P<add>[-+]\d+(?:\.\d*)?(?:e[-+]?\d+)?)?$")


def offset_terms(text: str) -> tuple[float, float] | None:
    """matplotlib's axis offset text as (multiplier, offset): ``1e6`` -> (1e6, 0),
    ``+1.5e3`` -> (1, 1500), ``×10^{6}`` -> (1e6, 0). None when it cannot be read."""
    cleaned = _clean(text)
    if not cleaned:
        return 1.0, 0.0
    match = _OFFSET.match(cleaned)
    if match is None:
        return None
    mult, add = 1.0, 0.0
    if match.group("mult"):
        value = tick_number(match.group("mult").removeprefix("\\times").removeprefix("×"))
        if value is None:
            return None
        mult = value
    if match.group("add"):
        add = float(match.group("add"))
    return mult, add


def date_days(text: str) -> float | None:
    """Days since 1970-01-01 of a date written in one of ``DATE_FORMATS`` (None otherwise;
    a bare year is a number, not a date). Not locale-dependent: month names are English."""
    cleaned = " ".join(text.strip().strip("$").replace("\\mathdefault", "").split())
    cleaned = cleaned.replace("{", "").replace("}", "")
    if not cleaned or not cleaned[:1].isalnum() or len(cleaned) > 30:
        return None
    for fmt in DATE_FORMATS:
        try:
            moment = _strptime(cleaned, fmt)
        except ValueError:
            continue
        return (moment - _EPOCH) / timedelta(days=1)
    return None


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _strptime(text: str, fmt: str) -> datetime:
    """``datetime.strptime`` with English month names whatever the locale."""
    if "%b" in fmt or "%B" in fmt:
        words = text.split()
        month = next((i for i, w in enumerate(words) if w[:3].casefold() in _MONTHS), None)
        if month is None or (fmt.count("%b") + fmt.count("%B")) != 1:
            raise ValueError(text)
        word = words[month]
        if ("%b" in fmt and len(word) != 3) or ("%B" in fmt and len(word) == 3):
            raise ValueError(text)
        words[month] = f"{_MONTHS.index(word[:3].casefold()) + 1:02d}"
        return datetime.strptime(" ".join(words), fmt.replace("%b", "%m").replace("%B", "%m"))
    return datetime.strptime(text, fmt)


def date_text(days: float) -> str:
    """A position on a date axis as a date (with the time when it is not midnight)."""
    moment = _EPOCH + timedelta(days=round(days * 86400) / 86400)
    if moment.hour == moment.minute == moment.second == 0:
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class Scale:
    """One axis's mapping from file coordinates to data values.

    ``kind`` is ``linear``, ``log`` (base 10), ``date`` (linear in days since 1970-01-01),
    ``category`` (word labels) or ``none`` (too few labelled ticks, or labels that do not fit
    one scale: nothing is read from it).
    """

    kind: str
    a: float = 0.0  # value = a + b * pos  (log: log10(value) = a + b * pos)
    b: float = 0.0
    ticks: list[Tick] = field(default_factory=list)
    reason: str = ""

    @property
    def numeric(self) -> bool:
        return self.kind in ("linear", "log", "date")

    def value(self, pos: float) -> float:
        if self.kind in ("linear", "date"):
            return self.a + self.b * pos
        if self.kind == "log":
            return 10.0 ** (self.a + self.b * pos)
        raise ValueError(f"a {self.kind} axis has no values")

    def resolution(self, pos: float = 0.0) -> float:
        """How far apart in data units two marks 1e-5 of a point apart are: the precision
        to which values can be read back from a file that stores six decimals."""
        if self.kind in ("linear", "date"):
            return abs(self.b) * 1e-5
        if self.kind == "log":
            return abs(self.value(pos)) * math.log(10) * abs(self.b) * 1e-5
        return math.inf

    def span(self) -> float:
        """The range of values covered by the ticks (for tolerances)."""
        if not self.numeric or len(self.ticks) < 2:
            return 0.0
        values = [self.value(t.pos) for t in self.ticks]
        return max(values) - min(values)

    def label_at(self, lo: float, hi: float) -> str | None:
        """The label of the tick lying within [lo, hi] (closest to its centre), if any."""
        centre = (lo + hi) / 2
        inside = [t for t in self.ticks if min(lo, hi) - 1e-6 <= t.pos <= max(lo, hi) + 1e-6
                  and t.label.strip()]
        if not inside:
            return None
        return min(inside, key=lambda t: abs(t.pos - centre)).label.strip()

    def nearest_label(self, pos: float, within: float) -> str | None:
        labelled = [t for t in self.ticks if t.label.strip()]
        if not labelled:
            return None
        best = min(labelled, key=lambda t: abs(t.pos - pos))
        return best.label.strip() if abs(best.pos - pos) <= within else None


def _fit(positions: list[float], values: list[float]) -> tuple[float, float, float] | None:
    """Least-squares line value = a + b*pos and its largest misfit relative to the range."""
    n = len(positions)
    if n < 2 or max(positions) - min(positions) < 1e-9:
        return None
    mx = sum(positions) / n
    my = sum(values) / n
    sxx = sum((p - mx) ** 2 for p in positions)
    b = sum((p - mx) * (v - my) for p, v in zip(positions, values, strict=True)) / sxx
    a = my - b * mx
    spread = max(values) - min(values)
    if spread <= 0:
        return None
    misfit = max(abs(a + b * p - v) for p, v in zip(positions, values, strict=True)) / spread
    return a, b, misfit


def axis_scale(ticks: list[Tick], offset: str = "") -> Scale:
    """The scale an axis's ticks define (see ``Scale``)."""
    labelled = [t for t in ticks if t.label.strip()]
    if not labelled:
        return Scale("none", ticks=ticks, reason="the axis has no tick labels")
    numbers = [tick_number(t.label) for t in labelled]
    if any(v is None for v in numbers):
        days = [date_days(t.label) for t in labelled]
        if all(d is not None for d in days):
            return _date_scale(labelled, days)  # type: ignore[arg-type]
        if all(v is None for v in numbers):
            return Scale("category", ticks=labelled)
        return Scale("none", ticks=labelled, reason="the tick labels mix numbers and words")
    terms = offset_terms(offset)
    if terms is None:
        return Scale("none", ticks=labelled, reason=f"the axis offset '{offset}' is not understood")
    mult, add = terms
    values = [v * mult + add for v in numbers]  # type: ignore[operator]
    positions = [t.pos for t in labelled]
    fit = _fit(positions, values)
    if fit is not None and fit[2] <= FIT_TOLERANCE:
        return Scale("linear", fit[0], fit[1], ticks=labelled)
    if all(v > 0 for v in values):
        logs = [math.log10(v) for v in values]
        log_fit = _fit(positions, logs)
        if log_fit is not None and log_fit[2] <= FIT_TOLERANCE:
            return Scale("log", log_fit[0], log_fit[1], ticks=labelled)
    if fit is None:
        return Scale("none", ticks=labelled, reason="fewer than two distinct labelled ticks")
    return Scale("none", ticks=labelled, reason="the tick labels do not fit a linear or log scale")


def _date_scale(ticks: list[Tick], days: list[float]) -> Scale:
    """A date axis when the dates its ticks show lie on one line in days; otherwise the
    dates are categories (bars at date strings), compared with the data as labels."""
    fit = _fit([t.pos for t in ticks], days)
    if fit is not None and fit[2] <= FIT_TOLERANCE:
        return Scale("date", fit[0], fit[1], ticks=ticks)
    return Scale("category", ticks=ticks)  # dates as words (a categorical axis of dates)


def snap(value: float, tolerance: float) -> float:
    """``value`` rounded to a whole number when it is one within ``tolerance`` (a bar height
    of 2.9999999 read back from the file is the count 3); else a clean float."""
    nearest = round(value)
    if abs(value - nearest) <= tolerance:
        return float(nearest)
    return value


def fmt_value(value: float, resolution: float) -> str:
    """A recovered coordinate as text, to the precision it can be read back with."""
    if resolution <= 0 or not math.isfinite(resolution):
        return f"{value:g}"
    nearest = round(value)
    if abs(value - nearest) <= max(resolution * 10, 1e-9):
        return str(int(nearest))
    digits = max(0, min(12, -math.floor(math.log10(resolution * 10))))
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
