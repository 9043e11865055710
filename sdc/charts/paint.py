"""Whether drawn text can be told from what lies around it, once everything is painted.

Text can be drawn so that no one sees it without being transparent or off the canvas: in a
colour one shade off its background (``#fefefe`` on white), or under a shape painted after it
(a bar drawn over the label). Both reduce to one question, asked at a few points of the text:
after every shape painted before the text (its background) and after it (what covers it) is
composited in paint order, do the text's pixels and the background's pixels still differ?

They differ when their WCAG 2 contrast ratio is at least ``MIN_CONTRAST``. WCAG asks 3:1 of
large text and 4.5:1 of body text for it to be *legible*; 1.25:1 is far below that (``#eeeeee``
on white is 1.16:1, ``#dddddd`` 1.36:1) and is taken as *not seen at all*. Text in light grey
remains seen; white labels on dark bars (21:1 on black, 14:1 on navy) too. The ratio compares
luminance only: red on a green of the same luminance counts as unseen (review, fail-closed).

A shape whose colour sdc cannot read (a gradient, a picture) hides what it covers when it is
opaque, and is ignored as a background (the text counts as seen on it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sdc.charts.model import Box

RGB = tuple[float, float, float]
WHITE: RGB = (1.0, 1.0, 1.0)
MIN_CONTRAST = 1.25
# how text can be drawn so that no one sees it, as reports name them
UNSEEN_WAYS = ("transparent, in the colour of what is under it, covered by a shape, off the "
               "canvas or in a font under 2 pt; or clipped, masked or styled by a style "
               "sheet sdc does not apply")
OPAQUE = 0.95  # a shape at least this opaque hides what is under it


@dataclass(frozen=True)
class Paint:
    """A filled shape: its place in paint order, its bounding box, its colour (None when sdc
    cannot read it) and its opacity."""

    order: int
    box: Box
    rgb: RGB | None
    alpha: float = 1.0

    def covers(self, x: float, y: float) -> bool:
        return self.box.x0 <= x <= self.box.x1 and self.box.y0 <= y <= self.box.y1


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance of an sRGB colour (channels 0..1)."""
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio (1 for equal colours, 21 for black on white)."""
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def _over(under: RGB, colour: RGB, alpha: float) -> RGB:
    return tuple(alpha * c + (1 - alpha) * u for c, u in zip(colour, under, strict=True))  # type: ignore[return-value]


def _unseen_at(x: float, y: float, order: int, text: RGB, text_alpha: float,
               paints: Sequence[Paint]) -> str | None:
    """Why the text's pixel at (x, y) is not seen, or None."""
    background, drawn, covered, unknown = WHITE, None, False, False
    for paint in paints:
        if not paint.covers(x, y):
            continue
        if paint.order < order:
            if paint.rgb is not None:
                background = _over(background, paint.rgb, paint.alpha)
                unknown = unknown and paint.alpha < OPAQUE
            else:  # a picture under the text: its colour is not read, the text is taken as seen
                unknown = unknown or paint.alpha >= OPAQUE
            continue
        if drawn is None:
            drawn = _over(background, text, text_alpha)
        if paint.rgb is None:
            if paint.alpha >= OPAQUE:
                return "covered by a shape drawn over it"
            continue
        background = _over(background, paint.rgb, paint.alpha)
        drawn = _over(drawn, paint.rgb, paint.alpha)
        covered = True
    if drawn is None:
        drawn = _over(background, text, text_alpha)
    if (unknown and not covered) or contrast(drawn, background) >= MIN_CONTRAST:
        return None
    return "covered by a shape drawn over it" if covered else "in the colour of its background"


def unseen_by_paint(points: Sequence[tuple[float, float]], order: int, text: RGB | None,
                    text_alpha: float, paints: Sequence[Paint]) -> str | None:
    """Why text drawn at ``order`` with its glyphs over ``points`` is not seen, or None when
    any of the points is seen. Text whose colour sdc cannot read is seen unless covered."""
    reasons = []
    for x, y in points:
        why = _unseen_at(x, y, order, text if text is not None else (0.0, 0.0, 0.0),
                         text_alpha, paints)
        if why is None or (text is None and why != "covered by a shape drawn over it"):
            return None
        reasons.append(why)
    return reasons[0] if reasons else None


def text_points(x: float, y: float, size: float, length: int, *, anchor: str = "start",
                up: float = -1.0) -> list[tuple[float, float]]:
    """Points inside a line of ``length`` characters at font ``size`` whose baseline starts
    at (x, y) (``anchor`` middle/end: centred on, ending at x); ``up`` is the direction of
    rising y (-1 in SVG, +1 in PDF). Glyphs are taken 0.6 em wide, at 0.35 em above the
    baseline."""
    width = 0.6 * size * max(length, 1)
    start = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    mid = y + up * 0.35 * size
    return [(start + f * width, mid) for f in (0.1, 0.3, 0.5, 0.7, 0.9)]
