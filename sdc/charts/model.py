"""What a vector chart is made of, once its file format is forgotten.

The SVG and PDF readers both reduce a figure to the same geometry: one ``Panel`` per axes with
its tick marks (position and label), and the data marks drawn inside it (rectangles, polylines,
markers), in the file's own coordinates. ``sdc.charts.interpret`` then maps that geometry back to
data values through the tick labels. Keeping the two steps apart means the value recovery (and
its precision) is the same for every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# An affine map [a b c d e f]: (x, y) -> (a x + c y + e, b x + d y + f), as PDF and SVG write
# it (``cm`` operands, ``matrix(...)``).
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def matrix_then(m: Matrix, n: Matrix) -> Matrix:
    """The map applying ``m`` first, then ``n``."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def apply_matrix(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in file coordinates (points)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, points: list[tuple[float, float]]) -> Box:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        return cls(min(xs), min(ys), max(xs), max(ys))

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


@dataclass
class Tick:
    """A tick mark: its position along the axis (file coordinates) and its label text."""

    pos: float
    label: str


@dataclass
class Mark:
    """A data mark drawn inside the axes.

    ``kind``: ``rect`` (a filled axis-aligned rectangle: a bar or a histogram bin), ``line``
    (a stroked polyline), ``points`` (markers: scatter points, or a line's markers when
    ``on_line``). ``group`` identifies the artist the mark came from (one scatter, one line),
    ``color`` its colour as ``#rrggbb`` when known.
    """

    kind: str
    points: list[tuple[float, float]]
    group: str = ""
    color: str | None = None
    on_line: bool = False  # markers drawn on the vertices of a line (not individual points)

    @property
    def box(self) -> Box:
        return Box.around(self.points)


@dataclass
class PlacedText:
    """A piece of text drawn inside or beside an axes: its text, the middle of its line (file
    coordinates, estimated from where its baseline starts and its length) and its font size."""

    text: str
    x: float
    y: float
    size: float


@dataclass
class Panel:
    """One axes of a figure: where it is, its ticks, labels, and data marks."""

    box: Box
    xticks: list[Tick] = field(default_factory=list)
    yticks: list[Tick] = field(default_factory=list)
    xlabel: str = ""
    ylabel: str = ""
    xoffset: str = ""  # matplotlib's offset/multiplier text ("1e6", "+1.5e3") if any
    yoffset: str = ""
    title: str = ""
    marks: list[Mark] = field(default_factory=list)
    legend: dict[str, str] = field(default_factory=dict)  # colour -> legend label
    # text drawn over the axes but no tick's, axis label's or legend's: a title, an
    # annotation, a bar's data label (sdc.charts.data_labels ties those to their bars)
    texts: list[PlacedText] = field(default_factory=list)
    y_down: bool = True  # SVG y grows downwards, PDF upwards


@dataclass
class Figure:
    """The geometry of a whole figure, as a reader found it."""

    format: str  # "svg" or "pdf"
    producer: str = ""
    panels: list[Panel] = field(default_factory=list)
    # text drawn so that no one sees it (sdc.charts.paint.UNSEEN_WAYS): numbers in it are
    # numbers the file publishes (sdc.charts.agreement)
    hidden_text: list[str] = field(default_factory=list)
    # every piece of text drawn but tick labels, in drawing order (titles, axis labels, legend
    # entries, annotations, a figure's own text): what is not read as a label is a note
    texts: list[str] = field(default_factory=list)
