"""A bar's data label: the number drawn at a bar's end, read as what that bar shows.

matplotlib's ``bar_label``, an ``ax.text`` over a bar, a label any tool draws: a reader takes
the number beside a bar as the bar's value, whatever the bar's length says, and where the
value axis has no scale the label is the only value there is. A label was read as a note
(numbers a person must read, SDC602) at best: a 3 drawn over a bar of 30, or over bars with
no value axis, was never checked as the count it is. Each lone number drawn inside a bar or
just past its end is tied to that bar (:func:`tie_labels`), and the chart's table gives it a
row of its own beside the bar's (``sdc.charts.chart_table``), so the count rules read it.
"""

from __future__ import annotations

import re
from collections import Counter

from sdc.charts.model import Mark, Panel, PlacedText

# a number alone, as a data label writes it: 3, 1,234, 3.5, (3), n=3, n = 3
_LONE = re.compile(r"^(?:[nN]\s*=\s*)?\(?(?P<num>[-+\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)"
                   r"(?:\.\d+)?)\)?$")
REACH = 2.5  # font sizes past a bar's end a label may stand, beside its own width


def lone_number(text: str) -> float | None:
    """The number a text that is only a number shows (``3``, ``1,234``, ``n=3``), else None;
    a percentage is a share, not a bar's count, and is left to the notes."""
    match = _LONE.match(text.strip())
    if match is None:
        return None
    return float(match.group("num").replace(",", "").replace("\u2212", "-"))


def _common(values: list[float]) -> tuple[float, int]:
    counts = Counter(round(v, 3) for v in values)
    key, n = counts.most_common(1)[0]
    return key, n


def _vertical(rects: list[Mark]) -> bool:
    """Bars standing on a shared bottom (or top) edge are vertical."""
    ys = [v for m in rects for v in (m.box.y0, m.box.y1)]
    xs = [v for m in rects for v in (m.box.x0, m.box.x1)]
    return _common(ys)[1] >= _common(xs)[1]


def tie_labels(panel: Panel, rects: list[Mark], vertical: bool | None = None,
               hidden: frozenset[str] = frozenset()) -> dict[int, list[PlacedText]]:
    """The lone numbers drawn over each bar (index into ``rects``): inside the bar, or past
    its far end by at most a few font sizes, within its width. A text over two bars (stacked
    segments) goes to the one it is inside, else the nearest end. Text drawn so that no one
    sees it (``hidden``) labels nothing: it is compared with the data as it is (SDC701)."""
    if not rects:
        return {}
    if vertical is None:
        vertical = _vertical(rects)
    base, _ = _common([v for m in rects for v in (
        (m.box.y0, m.box.y1) if vertical else (m.box.x0, m.box.x1))])
    tied: dict[int, list[PlacedText]] = {}
    for text in panel.texts:
        if lone_number(text.text) is None or text.text.strip() in hidden:
            continue
        along, across = (text.x, text.y) if vertical else (text.y, text.x)
        best: tuple[float, int] | None = None
        for i, mark in enumerate(rects):
            box = mark.box
            lo, hi = (box.x0, box.x1) if vertical else (box.y0, box.y1)
            if not lo - 1e-6 <= along <= hi + 1e-6:
                continue
            e0, e1 = (box.y0, box.y1) if vertical else (box.x0, box.x1)
            near, far = (e0, e1) if abs(e0 - base) <= abs(e1 - base) else (e1, e0)
            if min(e0, e1) <= across <= max(e0, e1):
                score = -1.0  # inside the bar
            else:
                past = (across - far) * (1.0 if far >= near else -1.0)
                reach = text.size * (REACH + (0 if vertical else 0.3 * len(text.text)))
                if not 0.0 <= past <= reach:
                    continue
                score = past
            if best is None or score < best[0]:
                best = (score, i)
        if best is not None:
            tied.setdefault(best[1], []).append(text)
    return tied


def label_values(shown: list[str], value: float) -> list[float]:
    """The numbers a bar's data labels (``shown``) show that are not its ``value`` (to the
    label's precision): what a reader takes the bar to be beside what its length says. An
    unmapped bar's (NaN) labels are all it shows."""
    found = []
    for text in shown:
        number = lone_number(text)
        if number is None:
            continue
        body = text.strip().rstrip(")")
        decimals = len(body.split(".")[1]) if "." in body else 0
        if value == value and abs(value - number) <= 0.5 * 10 ** -decimals + 1e-9:
            continue  # the bar's own value, rounded as the label writes it
        found.append(number)
    return found
