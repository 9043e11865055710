"""Read the geometry of a matplotlib PDF: axes, ticks and data marks.

A PDF has no element ids, so the structure matplotlib gives its drawing order is used instead.
The content stream is interpreted with pypdf's parser (``ContentStream``) and a small state
machine (``q``/``Q``/``cm`` for the transformation, ``re W n`` for clipping, ``m``/``l``/``c``/
``re`` paths painted by ``f``/``S``/``B``, ``Do`` for markers, ``BT``...``ET`` for text):

- data artists (bars, lines, scatter markers) are drawn clipped to the axes rectangle, so each
  distinct clip rectangle is one axes, and what is drawn inside it is data;
- a tick is a short unclipped segment perpendicular to an axes edge, drawn immediately before
  its label;
- text is decoded by pypdf (``extract_text`` with visitors, which knows the fonts' encodings)
  and matched to the text blocks by their position.

Coordinates are PDF points with y upwards; values come back through the tick labels exactly as
for SVG.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sdc.charts.model import (
    IDENTITY,
    Box,
    Figure,
    Mark,
    Matrix,
    Panel,
    PlacedText,
    Tick,
    apply_matrix,
    matrix_then,
)
from sdc.charts.paint import RGB, Paint, text_points, unseen_by_paint
from sdc.charts.svg import ChartError, rect_corners

MAX_TICK_LENGTH = 12.0  # points; matplotlib's major ticks are 3.5
MARKER_SIZE = 25.0  # a small closed curved path inside the axes is a marker, not a shape
PAINT_OPS = {b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"n"}


def is_chart_pdf(path: Path) -> bool:
    """Whether a PDF was written by matplotlib's PDF backend (a figure, not a document).

    Reads only the file's start and end, where matplotlib writes its info dictionary.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 65536))
            tail = fh.read()
    except OSError:
        return False
    return head.startswith(b"%PDF") and (b"Matplotlib" in tail or b"Matplotlib" in head)


def _hex(values: list[Any]) -> str | None:
    try:
        nums = [float(v) for v in values]
    except (TypeError, ValueError):
        return None
    if len(nums) == 1:
        nums = nums * 3
    elif len(nums) == 4:  # CMYK
        c, m, y, k = nums
        nums = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    if len(nums) != 3:
        return None
    return "#" + "".join(f"{round(max(0.0, min(1.0, v)) * 255):02x}" for v in nums)


@dataclass
class _Event:
    """Something drawn, in stream order."""

    seq: int
    kind: str  # "fill", "stroke", "marker", "text"
    clip: Box | None
    subpaths: list[list[tuple[float, float]]] = field(default_factory=list)
    curved: bool = False
    colour: str | None = None
    name: str = ""  # the XObject of a marker
    key: tuple[float, float] = (0.0, 0.0)  # where a text block was placed (its CTM origin)
    text: str = ""
    unseen: str = ""  # why no one sees this text block ("" when drawn visibly)
    alpha: float = 1.0  # fill opacity it was painted with
    size: float = 0.0  # a text block's font size on the page (points)
    rotated: bool = False  # a text block drawn at an angle

    @property
    def points(self) -> list[tuple[float, float]]:
        return [p for s in self.subpaths for p in s]


def _round_key(x: float, y: float) -> tuple[float, float]:
    return (round(x, 2), round(y, 2))


@dataclass
class _Interpreter:
    """The PDF graphics state while a page's operators are read in stream order, and what has
    been painted so far. One method an operator (or family of operators)."""

    events: list[_Event] = field(default_factory=list)
    ctm: Matrix = IDENTITY
    clip: Box | None = None
    fill: str | None = "#000000"
    stroke: str | None = "#000000"
    saved: list[tuple[Matrix, Box | None, str | None, str | None]] = field(default_factory=list)
    subpaths: list[list[tuple[float, float]]] = field(default_factory=list)
    curved: bool = False
    pending_clip: bool = False
    text_key: tuple[float, float] | None = None
    # what makes text unseen: fill alpha (ExtGState /ca), render mode (Tr), size (Tf x CTM)
    states: dict[str, float] = field(default_factory=dict)  # ExtGState name -> fill alpha
    alpha: float = 1.0
    render_mode: int = 0
    font_size: float = 12.0
    text_unseen: str = ""
    style_saved: list[tuple[float, int, float]] = field(default_factory=list)
    # XObject name -> the corners it paints in its own space (an image: the unit square)
    xobjects: dict[str, list[tuple[float, float]]] = field(default_factory=dict)

    def _emit(self, kind: str, subpaths: list[list[tuple[float, float]]], curved: bool = False,
              colour: str | None = None, **extra: Any) -> None:
        self.events.append(_Event(len(self.events) + 1, kind, self.clip, subpaths, curved,
                                  colour, **extra))

    def save(self, operands: list[Any], op: bytes) -> None:  # q
        self.saved.append((self.ctm, self.clip, self.fill, self.stroke))
        self.style_saved.append((self.alpha, self.render_mode, self.font_size))

    def restore(self, operands: list[Any], op: bytes) -> None:  # Q
        if self.saved:
            self.ctm, self.clip, self.fill, self.stroke = self.saved.pop()
        if self.style_saved:
            self.alpha, self.render_mode, self.font_size = self.style_saved.pop()

    def graphics_state(self, operands: list[Any], op: bytes) -> None:  # gs
        if operands:
            self.alpha = self.states.get(str(operands[0]), self.alpha)

    def text_mode(self, operands: list[Any], op: bytes) -> None:  # Tr
        if operands:
            self.render_mode = int(float(operands[0]))

    def text_font(self, operands: list[Any], op: bytes) -> None:  # Tf
        if len(operands) == 2:
            self.font_size = abs(float(operands[1]))

    def show_text(self, operands: list[Any], op: bytes) -> None:  # Tj, TJ, ', "
        """Why the text shown now is unseen: invisible render mode, transparent, tiny."""
        if self.render_mode in (3, 7):
            self.text_unseen = self.text_unseen or "drawn in an invisible render mode"
        elif self.alpha < MIN_ALPHA:
            self.text_unseen = self.text_unseen or "transparent"
        elif self.font_size * math.hypot(self.ctm[0], self.ctm[1]) < MIN_FONT:
            self.text_unseen = self.text_unseen or "in a font under 2 pt"

    def transform(self, operands: list[Any], op: bytes) -> None:  # cm
        if len(operands) == 6:
            a, b, c, d, e, f = (float(v) for v in operands)
            self.ctm = matrix_then((a, b, c, d, e, f), self.ctm)

    def move(self, operands: list[Any], op: bytes) -> None:  # m
        if len(operands) == 2:
            self.subpaths.append([apply_matrix(self.ctm, float(operands[0]), float(operands[1]))])

    def line(self, operands: list[Any], op: bytes) -> None:  # l
        if len(operands) == 2 and self.subpaths:
            self.subpaths[-1].append(apply_matrix(self.ctm, float(operands[0]), float(operands[1])))

    def curve(self, operands: list[Any], op: bytes) -> None:  # c, v, y: the end point only
        if len(operands) >= 4 and self.subpaths:
            end = float(operands[-2]), float(operands[-1])
            self.subpaths[-1].append(apply_matrix(self.ctm, *end))
            self.curved = True

    def rectangle(self, operands: list[Any], op: bytes) -> None:  # re
        if len(operands) == 4:
            x, y, w, h = (float(v) for v in operands)
            corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            self.subpaths.append([apply_matrix(self.ctm, px, py) for px, py in corners])

    def close(self, operands: list[Any], op: bytes) -> None:  # h
        if self.subpaths and self.subpaths[-1]:
            self.subpaths[-1].append(self.subpaths[-1][0])

    def clip_next(self, operands: list[Any], op: bytes) -> None:  # W, W*
        self.pending_clip = True

    def paint(self, operands: list[Any], op: bytes) -> None:  # f, S, B... and n
        """A clipping path becomes the clip; any other path is a fill or a stroke."""
        if self.pending_clip and self.subpaths:
            self.clip = Box.around([p for s in self.subpaths for p in s])
        elif op != b"n" and self.subpaths:
            kind = "stroke" if op in (b"S", b"s") else "fill"
            colour = self.stroke if kind == "stroke" else self.fill
            self._emit(kind, self.subpaths, self.curved, colour, alpha=self.alpha)
        self.subpaths, self.curved, self.pending_clip = [], False, False

    def fill_colour(self, operands: list[Any], op: bytes) -> None:  # rg, g, k, sc, scn
        self.fill = _hex(operands) or self.fill

    def stroke_colour(self, operands: list[Any], op: bytes) -> None:  # RG, G, K, SC, SCN
        self.stroke = _hex(operands) or self.stroke

    def draw_object(self, operands: list[Any], op: bytes) -> None:  # Do: a marker, an image
        """An XObject: a marker (a form placed at a data point), and what it covers: an
        image its unit square, a form its bounding box (colours sdc does not read: opaque
        covers hide text under them)."""
        if not operands:
            return
        self._emit("marker", [[apply_matrix(self.ctm, 0.0, 0.0)]], False, self.fill,
                   name=str(operands[0]))
        corners = self.xobjects.get(str(operands[0]))
        if corners is not None:
            self._emit("cover", [[apply_matrix(self.ctm, x, y) for x, y in corners]],
                       alpha=self.alpha)

    def inline_image(self, operands: list[Any], op: bytes) -> None:  # BI ... EI
        self._emit("cover", [[apply_matrix(self.ctm, x, y) for x, y in _UNIT_SQUARE]],
                   alpha=self.alpha)

    def begin_text(self, operands: list[Any], op: bytes) -> None:  # BT
        self.text_key = _round_key(self.ctm[4], self.ctm[5])
        self.text_unseen = ""

    def end_text(self, operands: list[Any], op: bytes) -> None:  # ET
        if self.text_key is not None:
            self._emit("text", [], colour=self.fill, key=self.text_key,
                       unseen=self.text_unseen, alpha=self.alpha,
                       size=self.font_size * math.hypot(self.ctm[0], self.ctm[1]),
                       rotated=abs(self.ctm[1]) > 1e-9 or abs(self.ctm[2]) > 1e-9)
            self.text_key = None


_OPERATORS: dict[bytes, Callable[[_Interpreter, list[Any], bytes], None]] = {
    b"q": _Interpreter.save, b"Q": _Interpreter.restore, b"cm": _Interpreter.transform,
    b"m": _Interpreter.move, b"l": _Interpreter.line, b"re": _Interpreter.rectangle,
    b"h": _Interpreter.close, b"Do": _Interpreter.draw_object,
    b"INLINE IMAGE": _Interpreter.inline_image,
    b"BT": _Interpreter.begin_text, b"ET": _Interpreter.end_text,
    b"gs": _Interpreter.graphics_state, b"Tr": _Interpreter.text_mode,
    b"Tf": _Interpreter.text_font,
    **dict.fromkeys((b"Tj", b"TJ", b"'", b'"'), _Interpreter.show_text),
    **dict.fromkeys((b"c", b"v", b"y"), _Interpreter.curve),
    **dict.fromkeys((b"W", b"W*"), _Interpreter.clip_next),
    **dict.fromkeys(PAINT_OPS, _Interpreter.paint),
    **dict.fromkeys((b"rg", b"g", b"k", b"sc", b"scn"), _Interpreter.fill_colour),
    **dict.fromkeys((b"RG", b"G", b"K", b"SC", b"SCN"), _Interpreter.stroke_colour),
}


def _events(operations: list[tuple[list[Any], bytes]], states: dict[str, float] | None = None,
            xobjects: dict[str, list[tuple[float, float]]] | None = None) -> list[_Event]:
    """Interpret a page's drawing operators into painted events (unknown operators ignored);
    ``states`` gives the fill alpha of the page's named graphics states, ``xobjects`` the
    corners each named XObject paints."""
    state = _Interpreter(states=states or {}, xobjects=xobjects or {})
    for operands, op in operations:
        handler = _OPERATORS.get(op)
        if handler is not None:
            handler(state, operands, op)
    return state.events


def _texts(page: Any) -> dict[tuple[float, float], str]:
    """Decoded text per placement (the CTM origin of its text block), via pypdf."""
    found: dict[tuple[float, float], list[str]] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: Any) -> None:
        if text and text.strip():
            found.setdefault(_round_key(float(cm[4]), float(cm[5])), []).append(text)

    page.extract_text(visitor_text=visit)
    return {key: "".join(parts).replace("\n", " ").strip() for key, parts in found.items()}


def _tick(event: _Event, box: Box) -> tuple[str, float] | None:
    """("x", position) or ("y", position) when the event is a tick mark of this axes."""
    if event.kind == "text" or len(event.subpaths) != 1 or len(event.subpaths[0]) != 2:
        return None
    (x0, y0), (x1, y1) = event.subpaths[0]
    tol = 0.6
    if abs(x0 - x1) < 1e-6 and 0 < abs(y1 - y0) <= MAX_TICK_LENGTH:
        touches = (min(abs(y0 - box.y0), abs(y1 - box.y0)) < tol
                   or min(y0, y1) < box.y0 < max(y0, y1))
        if touches and box.x0 - tol <= x0 <= box.x1 + tol:
            return "x", x0
    if abs(y0 - y1) < 1e-6 and 0 < abs(x1 - x0) <= MAX_TICK_LENGTH:
        touches = (min(abs(x0 - box.x0), abs(x1 - box.x0)) < tol
                   or min(x0, x1) < box.x0 < max(x0, x1))
        if touches and box.y0 - tol <= y0 <= box.y1 + tol:
            return "y", y0
    return None


def _panel(box: Box, events: list[_Event]) -> Panel:
    panel = Panel(box=box, y_down=False)
    inside = [e for e in events if e.clip is not None and _same_box(e.clip, box)]
    _data_marks(inside, panel)
    seqs = _read_ticks(box, events, panel)
    free = [e for e in events if e.kind == "text" and e.name != "tick label" and e.text]
    _read_axis_labels(panel, events, free, seqs)
    above = [e.text for e in free if e.key[1] > box.y1 and e.text not in (panel.xoffset,
                                                                         panel.yoffset)]
    panel.title = above[-1] if above else ""
    axis_text = {panel.xlabel, panel.ylabel, panel.xoffset, panel.yoffset}
    panel.texts = [placed for e in free if e.text not in axis_text
                   and _over(placed := _placed(e), box)]
    return panel


def _placed(event: _Event) -> PlacedText:
    """A text block with the middle of its line (its origin when drawn at an angle)."""
    x, y = event.key
    size = event.size or 10.0
    if not event.rotated:
        x, y = text_points(x, y, size, len(event.text), up=1.0)[2]
    return PlacedText(event.text, x, y, size)


def _over(text: PlacedText, box: Box) -> bool:
    """Drawn over the axes, or within a few font sizes of them (a label past the last bar)."""
    pad = 3 * text.size
    return box.x0 - pad <= text.x <= box.x1 + pad and box.y0 - pad <= text.y <= box.y1 + pad


def _read_ticks(box: Box, events: list[_Event], panel: Panel) -> dict[str, list[int]]:
    """Ticks: a short mark on the bottom/left edge, then (next event) its label, which is
    marked as a tick label. Returns where each axis' ticks were drawn in the stream."""
    seqs: dict[str, list[int]] = {"x": [], "y": []}
    for i, event in enumerate(events):
        if event.clip is not None and _same_box(event.clip, box):
            continue
        tick = _tick(event, box)
        if tick is None:
            continue
        axis, pos = tick
        label = ""
        nxt = events[i + 1] if i + 1 < len(events) else None
        if nxt is not None and nxt.kind == "text":
            label = nxt.text
            nxt.name = "tick label"
        (panel.xticks if axis == "x" else panel.yticks).append(Tick(pos, label))
        seqs[axis].append(event.seq if nxt is None or nxt.kind != "text" else nxt.seq)
    return seqs


def _read_axis_labels(panel: Panel, events: list[_Event], free: list[_Event],
                      seqs: dict[str, list[int]]) -> None:
    """The axis titles (and offsets): free text drawn after the x ticks and before the y
    ticks, and the run of text right after the y ticks."""
    if seqs["x"]:
        end = min(seqs["y"]) if seqs["y"] else float("inf")
        # below the axes: a bar's data label drawn after the ticks is no axis title
        extras = [e.text for e in free if max(seqs["x"]) < e.seq < end
                  and e.key[1] < panel.box.y0 + 0.01]
        panel.xlabel, panel.xoffset = _split(extras)
    if seqs["y"]:
        after = max(seqs["y"])
        following = [e for e in events if e.seq > after]
        extras = []
        for e in following:
            if e.kind != "text":
                break
            if e in free:
                extras.append(e.text)
        panel.ylabel, panel.yoffset = _split(extras)


def _split(texts: list[str]) -> tuple[str, str]:
    from sdc.charts.svg import _label_and_offset

    return _label_and_offset(texts)


def _same_box(a: Box, b: Box) -> bool:
    return (abs(a.x0 - b.x0) < 0.01 and abs(a.y0 - b.y0) < 0.01 and abs(a.x1 - b.x1) < 0.01
            and abs(a.y1 - b.y1) < 0.01)


def _data_marks(inside: list[_Event], panel: Panel) -> None:
    markers: dict[tuple[str, str | None], list[tuple[float, float]]] = {}
    inline: dict[str | None, list[tuple[float, float]]] = {}
    for event in inside:
        if event.kind == "marker":
            markers.setdefault((event.name, event.colour), []).extend(event.points)
            continue
        if event.kind == "text":
            continue
        if event.kind == "fill" and len(event.subpaths) == 1 and not event.curved:
            corners = rect_corners(event.subpaths[0])
            if corners is not None:
                panel.marks.append(Mark("rect", corners, f"path_{event.seq}", event.colour))
                continue
        box = Box.around(event.points)
        small = box.width < MARKER_SIZE and box.height < MARKER_SIZE
        if event.kind == "fill" and event.curved and small:
            inline.setdefault(event.colour, []).append(box.center)
            continue
        if event.kind == "stroke":
            points = [p for s in event.subpaths for p in s]
            if len(points) >= 2:
                panel.marks.append(Mark("line", points, f"path_{event.seq}", event.colour))
            continue
        panel.marks.append(Mark("shape", event.points, f"path_{event.seq}", event.colour))
    vertices = {_round_key(*p) for m in panel.marks if m.kind == "line" for p in m.points}
    groups = [(f"markers {name}", colour, pts) for (name, colour), pts in markers.items()]
    groups += [("markers", colour, pts) for colour, pts in inline.items()]
    for group, colour, pts in groups:
        on_line = bool(vertices) and all(_round_key(*p) in vertices for p in pts)
        panel.marks.append(Mark("points", pts, group, colour, on_line=on_line))


MIN_ALPHA = 0.05
MIN_FONT = 2.0  # points


def _fill_alphas(page: Any) -> dict[str, float]:
    """The fill alpha (``/ca``) of each named graphics state of the page's resources."""
    found: dict[str, float] = {}
    try:
        states = page["/Resources"].get("/ExtGState") or {}
        for name, state in states.items():
            alpha = state.get_object().get("/ca")
            if alpha is not None:
                found[str(name)] = float(alpha)
    except (AttributeError, KeyError, TypeError, ValueError):
        pass
    return found


_UNIT_SQUARE = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]


def _xobject_corners(page: Any) -> dict[str, list[tuple[float, float]]]:
    """The corners each XObject of the page's resources paints, in its own space: an image
    the unit square, a form its ``/BBox`` through its ``/Matrix``."""
    found: dict[str, list[tuple[float, float]]] = {}
    try:
        xobjects = page["/Resources"].get("/XObject") or {}
        for name, ref in xobjects.items():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found[str(name)] = list(_UNIT_SQUARE)
            elif obj.get("/Subtype") == "/Form" and obj.get("/BBox") is not None:
                x0, y0, x1, y1 = (float(v) for v in obj["/BBox"])
                m = [float(v) for v in obj.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                matrix: Matrix = (m[0], m[1], m[2], m[3], m[4], m[5])
                found[str(name)] = [apply_matrix(matrix, x, y)
                                    for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        pass
    return found


def _unseen_texts(page: Any, events: list[_Event]) -> list[str]:
    """The text of every block drawn so that no one sees it: invisible render mode,
    transparent, a font under 2 pt, off the page, or too close in colour to what is painted
    under and over it (``sdc.charts.paint``)."""
    try:
        box = page.mediabox
        x0, y0, x1, y1 = (float(v) for v in (box.left, box.bottom, box.right, box.top))
    except (AttributeError, TypeError, ValueError):
        x0 = y0 = -math.inf
        x1 = y1 = math.inf
    paints = [Paint(e.seq, Box.around(e.points), _rgb(e.colour) if e.kind == "fill" else None,
                    e.alpha) for e in events if e.kind in ("fill", "cover") and e.points]
    found = []
    for event in events:
        if event.kind != "text" or not event.text:
            continue
        x, y = event.key
        off_page = not (x0 <= x <= x1 and y0 <= y <= y1)
        points = ([(x, y)] if event.rotated else
                  text_points(x, y, event.size or 10.0, len(event.text), up=1.0))
        if event.unseen or off_page or unseen_by_paint(
                points, event.seq, _rgb(event.colour), event.alpha, paints):
            found.append(event.text)
    return found


def _rgb(colour: str | None) -> RGB | None:
    """``#rrggbb`` as sRGB channels."""
    if colour is None or len(colour) != 7:
        return None
    return (int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255)


def read_pdf(data: bytes) -> Figure:
    """The figure's geometry, one panel per axes of every page. Raises ``ChartError`` when
    the file cannot be read as a PDF."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
        from pypdf.generic import ContentStream
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ChartError(f"reading PDF charts needs pypdf ({exc})") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ChartError("the PDF is encrypted")
        info: dict[str, Any] = reader.metadata or {}
        producer = str(info.get("/Producer", "") or "")
        figure = Figure(format="pdf", producer=producer)
        for page in reader.pages:
            contents = page.get_contents()
            if contents is None:
                continue
            operations = ContentStream(contents, reader).operations
            events = _events(operations, _fill_alphas(page), _xobject_corners(page))
            texts = _texts(page)
            for event in events:
                if event.kind == "text":
                    event.text = texts.get(event.key, "")
            figure.hidden_text.extend(_unseen_texts(page, events))
            boxes: list[Box] = []
            for event in events:
                if event.kind != "text" and event.clip is not None and not any(
                        _same_box(event.clip, b) for b in boxes):
                    boxes.append(event.clip)
            for box in boxes:
                panel = _panel(box, events)
                if panel.xticks or panel.yticks:
                    figure.panels.append(panel)
            # after the panels: they mark their tick labels
            figure.texts.extend(e.text for e in events
                                if e.kind == "text" and e.text and e.name != "tick label")
        return figure
    except ChartError:
        raise
    except (PdfReadError, ValueError, TypeError, KeyError, IndexError) as exc:
        raise ChartError(f"the PDF could not be parsed ({type(exc).__name__}: {exc})") from None
