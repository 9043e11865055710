"""Read the geometry of a matplotlib SVG: axes, ticks and data marks.

matplotlib writes one ``<g id="axes_N">`` per axes. Inside it, ``matplotlib.axis_N`` groups hold
the ticks (``xtick_K``/``ytick_K``: a ``<use>`` at the tick position and a ``text_K`` group whose
first comment, or ``<text>`` element, is the label) and the axis label; the data artists are
``patch_N`` (bars: a closed four-corner path), ``line2d_N`` (a path, and ``<use>`` markers) and
``PathCollection_N`` (scatter: one ``<use>`` per point). Data artists are the ones clipped to the
axes (``clip-path``): spines, the background and legends are not, which is how they are told
apart. Coordinates are absolute (no group transforms on data), in points, y downwards.

Entity declarations are refused before parsing (no expansion bombs in a file under check).
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

from sdc.charts.data_labels import lone_number
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
from sdc.errors import InputError

SVG_NS = "{http://www.w3.org/2000/svg}"
_TOKEN = re.compile(r"[MLHVCSQTAZmlhvcsqtaz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_STYLE = re.compile(r"(?P<key>[a-z-]+)\s*:\s*(?P<value>[^;]+)")
_CLIP_URL = re.compile(r"url\(#([^)]+)\)")
_ARGS = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}


class ChartError(InputError, ValueError):
    """The file cannot be read as a chart (the message says why)."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse(data: bytes) -> ET.Element:
    if b"<!ENTITY" in data:
        raise ChartError("the SVG declares XML entities; it was not parsed")
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    try:
        parser.feed(data)
        return parser.close()
    except ET.ParseError as exc:
        raise ChartError(f"the SVG is not well-formed XML ({exc})") from None


def path_points(d: str, *, relative: bool = False
                ) -> tuple[list[list[tuple[float, float]]], bool] | None:
    """The vertices of each subpath of an SVG path (curve end points only), and whether any
    segment is a curve. None for a malformed path, and for relative commands unless
    ``relative`` (matplotlib writes absolute commands only: a chart's marks are read from
    those; a shape drawn over text may use either)."""
    tokens = _TOKEN.findall(d)
    subpaths: list[list[tuple[float, float]]] = []
    curved = False
    i = 0
    command, shift = "", False
    current = (0.0, 0.0)
    while i < len(tokens):
        tok = tokens[i]
        if tok.isalpha():
            if tok.islower() and tok != "z" and not relative:
                return None
            command, shift = tok.upper(), tok.islower()
            i += 1
            if command == "Z":
                if subpaths and subpaths[-1]:
                    current = subpaths[-1][0]
                continue
        n = _ARGS.get(command)
        if not n or i + n > len(tokens):
            return None
        try:
            args = [float(t) for t in tokens[i:i + n]]
        except ValueError:
            return None
        i += n
        if shift:  # relative: every coordinate pair (and H/V's one value) from the current point
            args = _absolute(command, args, current)
        if command == "M":
            current = (args[0], args[1])
            subpaths.append([current])
            command = "L"  # further pairs after M are lines
            continue
        if command == "H":
            current = (args[0], current[1])
        elif command == "V":
            current = (current[0], args[0])
        else:
            current = (args[-2], args[-1])
            curved = curved or command in ("C", "S", "Q", "T", "A")
        if not subpaths:
            subpaths.append([])
        subpaths[-1].append(current)
    return subpaths, curved


def _absolute(command: str, args: list[float], current: tuple[float, float]) -> list[float]:
    """A relative command's arguments made absolute (an arc's radii and flags stay)."""
    x, y = current
    if command == "H":
        return [args[0] + x]
    if command == "V":
        return [args[0] + y]
    if command == "A":
        return [*args[:5], args[5] + x, args[6] + y]
    return [v + (x if k % 2 == 0 else y) for k, v in enumerate(args)]


def rect_corners(points: list[tuple[float, float]]) -> list[tuple[float, float]] | None:
    """The four corners when a closed path is an axis-aligned rectangle (possibly of zero
    height: an empty histogram bin), else None."""
    pts: list[tuple[float, float]] = []
    for p in points:
        if not pts or abs(p[0] - pts[-1][0]) > 1e-9 or abs(p[1] - pts[-1][1]) > 1e-9:
            pts.append(p)
    if len(pts) == 5 and abs(pts[0][0] - pts[-1][0]) < 1e-9 and abs(pts[0][1] - pts[-1][1]) < 1e-9:
        pts = pts[:4]
    if len(pts) != 4:
        return None
    for a, b in zip(pts, pts[1:] + pts[:1], strict=True):
        if abs(a[0] - b[0]) > 1e-6 and abs(a[1] - b[1]) > 1e-6:
            return None
    xs = {round(p[0], 6) for p in pts}
    ys = {round(p[1], 6) for p in pts}
    if len(xs) > 2 or len(ys) > 2:
        return None
    return pts


def _style(elem: ET.Element) -> dict[str, str]:
    style = {m.group("key"): m.group("value").strip()
             for m in _STYLE.finditer(elem.get("style", ""))}
    for key in ("fill", "stroke"):
        if elem.get(key):
            style.setdefault(key, elem.get(key, ""))
    return style


def _color(value: str | None) -> str | None:
    if not value or value == "none" or not value.startswith("#"):
        return None
    value = value.lower()
    if len(value) == 4:
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value


def element_text(group: ET.Element) -> str:
    """The text a matplotlib text group shows: its comment (text drawn as glyph paths) or
    the content of its ``<text>`` elements (``svg.fonttype = "none"``)."""
    for node in group.iter():
        if node.tag is ET.Comment:
            return (node.text or "").strip()
    parts = ["".join(node.itertext()) for node in group.iter() if _local(node.tag) == "text"]
    return " ".join(p.strip() for p in parts if p.strip())


def _gid(elem: ET.Element) -> str:
    return elem.get("id", "") if _local(elem.tag) == "g" else ""


def _clipped(elem: ET.Element) -> bool:
    return any(node.get("clip-path") for node in elem.iter())


def _clip_rects(root: ET.Element) -> dict[str, Box]:
    rects: dict[str, Box] = {}
    for clip in root.iter(f"{SVG_NS}clipPath"):
        rect = clip.find(f"{SVG_NS}rect")
        if rect is None or not clip.get("id"):
            continue
        try:
            x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
            w, h = float(rect.get("width", 0)), float(rect.get("height", 0))
        except ValueError:
            continue
        rects[clip.get("id", "")] = Box(x, y, x + w, y + h)
    return rects


def _uses(elem: ET.Element) -> list[tuple[float, float]]:
    points = []
    for use in elem.iter(f"{SVG_NS}use"):
        try:
            points.append((float(use.get("x", "nan")), float(use.get("y", "nan"))))
        except ValueError:
            continue
    return [p for p in points if p[0] == p[0] and p[1] == p[1]]


def _read_axis(axis: ET.Element, panel: Panel) -> None:
    ticks: list[Tick] = []
    is_x = None
    texts: list[str] = []
    for child in axis:
        gid = _gid(child)
        if gid.startswith(("xtick_", "ytick_")):
            is_x = gid.startswith("xtick_")
            position = None
            label = ""
            for sub in child:
                sid = _gid(sub)
                if sid.startswith("line2d_") and position is None:
                    uses = _uses(sub)
                    if uses:
                        position = uses[0][0] if is_x else uses[0][1]
                elif sid.startswith("text_"):
                    label = element_text(sub)
            if position is not None:
                ticks.append(Tick(position, label))
        elif gid.startswith("text_"):
            texts.append(element_text(child))
    if is_x is None:
        return
    label, offset = _label_and_offset(texts)
    if is_x:
        panel.xticks, panel.xlabel, panel.xoffset = ticks, label, offset
    else:
        panel.yticks, panel.ylabel, panel.yoffset = ticks, label, offset


def _label_and_offset(texts: list[str]) -> tuple[str, str]:
    """matplotlib draws an axis's label, then its offset text; either may be absent."""
    if len(texts) >= 2:
        return texts[0], texts[1]
    if len(texts) == 1:
        text = texts[0]
        looks_offset = bool(re.fullmatch(r"[\s$]*(\\times|×|[-+\u2212]|1e).*", text))
        return ("", text) if looks_offset else (text, "")
    return "", ""


def _read_legend(legend: ET.Element) -> dict[str, str]:
    mapping: dict[str, str] = {}
    pending: str | None = None
    frame_seen = False
    for child in legend:
        gid = _gid(child)
        if gid.startswith("text_"):
            if pending is not None:
                mapping.setdefault(pending, element_text(child))
            pending = None
            continue
        if gid.startswith("patch_") and not frame_seen:
            frame_seen = True  # the legend box itself
            continue
        for node in child.iter():
            style = _style(node)
            colour = _color(style.get("fill")) or _color(style.get("stroke"))
            if colour is not None and _local(node.tag) in ("path", "use"):
                pending = colour
                break
    return mapping


def _read_data(child: ET.Element, gid: str, panel: Panel) -> None:
    if not _clipped(child):
        return
    if gid.startswith("patch_"):
        for path in child.iter(f"{SVG_NS}path"):
            parsed = path_points(path.get("d", ""))
            style = _style(path)
            if parsed is None or style.get("fill") == "none":
                continue
            subpaths, curved = parsed
            if len(subpaths) == 1 and not curved:
                corners = rect_corners(subpaths[0])
                if corners is not None:
                    panel.marks.append(Mark("rect", corners, gid, _color(style.get("fill"))))
                    continue
            panel.marks.append(Mark("shape", [p for s in subpaths for p in s], gid,
                                    _color(style.get("fill"))))
        return
    if gid.startswith("line2d_"):
        line_points: list[tuple[float, float]] = []
        colour = None
        for path in child.iter(f"{SVG_NS}path"):
            if not path.get("clip-path"):
                continue  # a marker definition
            parsed = path_points(path.get("d", ""))
            if parsed is None:
                continue
            line_points.extend(p for s in parsed[0] for p in s)
            colour = _color(_style(path).get("stroke"))
        if len(line_points) >= 2:
            panel.marks.append(Mark("line", line_points, gid, colour))
        markers = _uses(child)
        if markers:
            use = next(child.iter(f"{SVG_NS}use"))
            style = _style(use)
            panel.marks.append(Mark("points", markers, gid,
                                    _color(style.get("fill")) or _color(style.get("stroke")),
                                    on_line=len(line_points) >= 2))
        return
    if gid.startswith("PathCollection_"):
        points = _uses(child)
        if points:
            use = next(child.iter(f"{SVG_NS}use"))
            style = _style(use)
            panel.marks.append(Mark("points", points, gid,
                                    _color(style.get("fill")) or _color(style.get("stroke"))))


def read_svg(data: bytes) -> Figure:
    """The figure's geometry. Raises ``ChartError`` when the file is not readable SVG."""
    root = _parse(data)
    if _local(root.tag) != "svg":
        raise ChartError("the file is not an SVG image")
    producer = ""
    for node in root.iter():
        if _local(node.tag) == "title" and "matplotlib" in (node.text or "").lower():
            producer = (node.text or "").strip()
            break
    clips = _clip_rects(root)
    figure = Figure(format="svg", producer=producer)
    parents = {child: parent for parent in root.iter() for child in parent}
    for axes in root.iter(f"{SVG_NS}g"):
        if not axes.get("id", "").startswith("axes_"):
            continue
        panel = Panel(box=Box(0, 0, 0, 0), y_down=True)
        used_clips: dict[str, int] = {}
        for node in axes.iter():
            match = _CLIP_URL.match(node.get("clip-path", ""))
            if match and match.group(1) in clips:
                used_clips[match.group(1)] = used_clips.get(match.group(1), 0) + 1
        if used_clips:
            panel.box = clips[max(used_clips, key=lambda k: used_clips[k])]
        above = _ancestors(axes, parents)
        for child in axes:
            gid = _gid(child)
            if gid.startswith("matplotlib.axis_"):
                _read_axis(child, panel)
            elif gid.startswith("legend_"):
                panel.legend = _read_legend(child)
            elif gid.startswith("text_"):
                placed = _placed_text(child, [axes, *above])
                if placed is not None:
                    panel.texts.append(placed)
            else:
                _read_data(child, gid, panel)
        panel.title = _title(panel)
        figure.panels.append(panel)
    figure.hidden_text = hidden_texts(root, figure)
    figure.texts = _drawn_texts(root)
    return figure


def _ancestors(elem: ET.Element, parents: dict[ET.Element, ET.Element]) -> list[ET.Element]:
    chain = []
    while elem in parents:
        elem = parents[elem]
        chain.append(elem)
    return chain


def _placed_text(group: ET.Element, chain: list[ET.Element]) -> PlacedText | None:
    """A matplotlib text group of an axes with the middle of its line."""
    text = element_text(group)
    if not text:
        return None
    inside = [e for e in group.iter() if e.tag is not ET.Comment]
    x, y, scale = _placement(inside, chain)
    size = scale or 10.0
    if _rotated([*inside, *chain]):
        return PlacedText(text, x, y, size)
    middle = text_points(x, y, size, len(text), anchor=_anchor(inside))[2]
    return PlacedText(text, middle[0], middle[1], size)


def _title(panel: Panel) -> str:
    """The axes' title: the first text drawn above the axes (matplotlib draws a bar's data
    labels and annotations before it), else the first text that is not a lone number."""
    box = panel.box
    if box.height > 0:
        over = [t.text for t in panel.texts if t.y < box.y0 and box.x0 <= t.x <= box.x1]
        if over:
            return over[0]
    return next((t.text for t in panel.texts if not lone_number(t.text)), "")


def _drawn_texts(root: ET.Element) -> list[str]:
    """The text of every piece of drawn text but a tick's label (matplotlib's ``xtick_N``/
    ``ytick_N`` groups), in file order."""
    found = []
    for unit, chain in _text_units(root):
        if any(a.get("id", "").startswith(("xtick_", "ytick_")) for a in chain):
            continue
        text = element_text(unit)
        if text:
            found.append(text)
    return found


_TRANSLATE = re.compile(r"translate\(\s*([-\d.e+]+)[\s,]+([-\d.e+]+)\s*\)")
_SCALE = re.compile(r"scale\(\s*([-\d.e+]+)")
_FONT_PX = re.compile(r"([\d.]+)(?:px|pt)")
MIN_FONT = 2.0  # points: smaller text is not read by anyone looking at the chart
# elements whose content is drawn only where something refers to it, if at all
_NOT_DRAWN = {"defs", "symbol", "mask", "clipPath", "pattern", "marker", "metadata"}
MIN_OPACITY = 0.05


def _number(value: str | None, default: float) -> float:
    try:
        return float(str(value).strip().rstrip("pxt")) if value not in (None, "") else default
    except ValueError:
        return default


def _text_units(root: ET.Element) -> Iterator[tuple[ET.Element, list[ET.Element]]]:
    """Each piece of drawn text (a matplotlib ``text_N`` group, or a ``<text>`` outside one)
    with its ancestors, nearest first."""
    parents = {child: parent for parent in root.iter() for child in parent}

    def ancestors(elem: ET.Element) -> list[ET.Element]:
        chain = []
        while elem in parents:
            elem = parents[elem]
            chain.append(elem)
        return chain

    for elem in root.iter():
        if elem.tag is ET.Comment:
            continue
        tag, chain = _local(elem.tag), None
        if tag == "g" and elem.get("id", "").startswith("text_"):
            chain = ancestors(elem)
        elif tag == "text":
            chain = ancestors(elem)
            if any(_local(a.tag) == "g" and a.get("id", "").startswith("text_")
                   for a in chain):
                continue  # part of a matplotlib text group, seen with it
        if chain is not None:
            yield elem, chain


def _why_unseen(unit: ET.Element, chain: list[ET.Element], size: tuple[float, float],
                scene: _Scene) -> str | None:
    """Why no one sees this text, or None when it is drawn visibly: the first of its drawing
    (a definition, its style), its size, its place and what is painted around it that hides
    it."""
    if any(_local(a.tag) in _NOT_DRAWN for a in chain):
        return "not drawn (inside a definition)"
    inside = [e for e in unit.iter() if e.tag is not ET.Comment]
    why, fill = _style_unseen(inside, chain)
    if why is not None:
        return why
    x, y, scale = _placement(inside, chain)
    if scale is not None and scale < MIN_FONT:
        return "in a font under 2 pt"
    width, height = size
    if not (0 <= x <= width and 0 <= y <= height):
        return "off the canvas"
    points = ([(x, y)] if _rotated([*inside, *chain]) else
              text_points(x, y, scale or 10.0, len(element_text(unit)), anchor=_anchor(inside)))
    if (why := _clipped_away([*inside, *chain], points, scene.clips)) is not None:
        return why
    return unseen_by_paint(points, scene.order[unit], _rgb(fill or "black"),
                           _opacity([*inside, *chain]), scene.paints)


def _style_unseen(inside: list[ET.Element], chain: list[ET.Element]
                  ) -> tuple[str | None, str | None]:
    """Why the text's style hides it (not displayed, transparent, not filled), and its fill:
    the innermost one set, from the glyphs out to the root."""
    fill = None
    for elem in [*reversed(inside), *chain]:  # innermost fill wins
        style = _style(elem)
        if style.get("display") == "none" or style.get("visibility") == "hidden":
            return "not displayed", fill
        if min(_number(style.get(k, elem.get(k)), 1.0)
               for k in ("opacity", "fill-opacity")) < MIN_OPACITY:
            return "transparent", fill
        fill = fill or style.get("fill")
    return ("not filled" if fill == "none" else None), fill


def _placement(inside: list[ET.Element], chain: list[ET.Element]
               ) -> tuple[float, float, float | None]:
    """Where the text is drawn and its font size (None when not given): the first transform
    inside it (matplotlib's glyph group; those under it place glyphs within the text), and a
    ``<text>``'s own x, y and font size, through every transform above it (a group that
    scales its text down makes it small)."""
    x = y = 0.0
    scale = None
    placed = next((e for e in inside if e.get("transform")), None)
    if placed is not None:
        for match in _TRANSLATE.finditer(placed.get("transform", "")):
            x, y = x + float(match.group(1)), y + float(match.group(2))
        if found := _SCALE.search(placed.get("transform", "")):
            scale = abs(float(found.group(1))) * 100  # matplotlib: font size / 100
    for elem in inside:
        if _local(elem.tag) == "text":
            x += _number(elem.get("x"), 0.0)
            y += _number(elem.get("y"), 0.0)
            scale = _font_size(elem, scale)
    above = IDENTITY
    for elem in reversed(chain):  # from the root down
        above = matrix_then(_affine(elem.get("transform", "")), above)
    x, y = apply_matrix(above, x, y)
    factor = math.sqrt(abs(above[0] * above[3] - above[1] * above[2]))
    if abs(factor - 1.0) > 1e-9:
        scale = (scale if scale is not None else 10.0) * factor
    return x, y, scale


def _font_size(text: ET.Element, scale: float | None) -> float | None:
    """A ``<text>``'s font size (its ``font-size``, or matplotlib's ``font: 10px ...``
    shorthand), else ``scale``."""
    style = _style(text)
    font = style.get("font-size", text.get("font-size"))
    shorthand = _FONT_PX.search(style.get("font", ""))
    if font is not None:
        return _number(font, 10.0)
    if shorthand is not None:
        return float(shorthand.group(1))
    return scale


def hidden_texts(root: ET.Element, figure: Figure) -> list[str]:
    """The text of every piece of drawn text no one sees (see ``_why_unseen``)."""
    view = (root.get("viewBox") or "").replace(",", " ").split()
    if len(view) == 4:
        size = (_number(view[0], 0) + _number(view[2], 0), _number(view[1], 0)
                + _number(view[3], 0))
    else:
        size = (_number(root.get("width"), 1e9), _number(root.get("height"), 1e9))
    units = list(_text_units(root))
    scene = _scene(root, {unit for unit, _ in units})
    sheet = _sheet_styles_drawing(root)
    found = []
    for unit, chain in units:
        text = element_text(unit)
        if text and (sheet or _why_unseen(unit, chain, size, scene)):
            found.append(text)
    return found


# properties a style sheet can use to hide or move text; matplotlib's own sheet sets only
# stroke-linejoin and stroke-linecap
_SHEET_PROPERTIES = re.compile(
    r"(?:^|[;{\s])(fill|fill-opacity|opacity|color|display|visibility|font|font-size|"
    r"transform|clip-path|clip|mask|filter|content|stroke|paint-order)\s*:", re.I)


def _sheet_styles_drawing(root: ET.Element) -> bool:
    """Whether a ``<style>`` sheet sets how things are painted or placed: sdc does not apply
    CSS selectors, so it cannot tell which text such a sheet hides (every text is then taken
    as possibly unseen: review)."""
    for elem in root.iter(f"{SVG_NS}style"):
        css = re.sub(r"/\*.*?\*/", " ", "".join(elem.itertext()), flags=re.S)
        if _SHEET_PROPERTIES.search(css) or "@import" in css:
            return True
    return False


# -- what is painted around text --------------------------------------------------------

_SHAPES = {"rect", "path", "circle", "ellipse", "polygon", "polyline", "image"}
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate)\s*\(([^)]*)\)")
_ROTATE = re.compile(r"rotate\(\s*([-\d.e+]+)")
_ANCHOR = re.compile(r"text-anchor\s*:\s*(start|middle|end)")


@dataclass
class _Scene:
    """Every filled shape of an SVG in paint (document) order, each element's place in that
    order, and the rectangle of each clip path (None when it is not one rectangle)."""

    order: dict[ET.Element, int]
    paints: list[Paint]
    clips: dict[str, Box | None]


def _clipped_away(elems: list[ET.Element], points: list[tuple[float, float]],
                  clips: dict[str, Box | None]) -> str | None:
    """Why text is not seen through the clip paths or masks of it and its ancestors: a mask
    (sdc does not compute one), a clip path that is not one rectangle, or one that holds
    none of the text's points."""
    for elem in elems:
        style = _style(elem)
        if style.get("mask", elem.get("mask", "none")) != "none":
            return "masked"
        found = _CLIP_URL.search(style.get("clip-path", elem.get("clip-path", "")))
        if found is None:
            continue
        box = clips.get(found.group(1))
        if box is None:
            return "clipped by a clip path sdc cannot read"
        if not any(box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1 for x, y in points):
            return "clipped away"
    return None


_MAX_USE_DEPTH = 4


def _scene(root: ET.Element, units: set[ET.Element]) -> _Scene:
    """The shapes painted in ``root``: not inside a definition or a piece of text (glyphs
    are the text), not hidden; each with its box through every transform above it. A
    ``<use>`` paints the shape (or group, or symbol) it names, at its place in paint order,
    moved by its x and y."""
    order = {elem: i for i, elem in enumerate(root.iter())}
    by_id = {elem.get("id"): elem for elem in root.iter() if elem.get("id")}
    paints: list[Paint] = []

    def walk(elem: ET.Element, matrix: Matrix, chain: list[ET.Element], at: int | None,
             depth: int) -> None:
        tag = _local(elem.tag)
        if (tag in _NOT_DRAWN and at is None) or elem in units or tag == "text":
            return
        matrix = matrix_then(_affine(elem.get("transform", "")), matrix)
        place = order[elem] if at is None else at
        if tag == "use":
            target = by_id.get(_href(elem))
            if target is not None and depth < _MAX_USE_DEPTH:
                moved = (1.0, 0.0, 0.0, 1.0, _number(elem.get("x"), 0.0),
                         _number(elem.get("y"), 0.0))
                walk(target, matrix_then(moved, matrix), [elem, *chain], place, depth + 1)
            return
        if tag in _SHAPES and (paint := _paint(elem, [elem, *chain], matrix, place)):
            paints.append(paint)
        for child in elem:
            if child.tag is not ET.Comment:
                walk(child, matrix, [elem, *chain], at, depth)

    walk(root, IDENTITY, [], None, 0)
    rects = _clip_rects(root)
    clips: dict[str, Box | None] = {}
    for clip in root.iter(f"{SVG_NS}clipPath"):
        kids = [k for k in clip if k.tag is not ET.Comment]
        plain = (len(kids) == 1 and not clip.get("transform") and not kids[0].get("transform")
                 and clip.get("clipPathUnits", "userSpaceOnUse") == "userSpaceOnUse")
        clips[clip.get("id", "")] = rects.get(clip.get("id", "")) if plain else None
    return _Scene(order, paints, clips)


def _href(elem: ET.Element) -> str:
    """The id a ``<use>`` names (``href`` or ``xlink:href``, ``#id``)."""
    ref = elem.get("href") or elem.get("{http://www.w3.org/1999/xlink}href") or ""
    return ref[1:] if ref.startswith("#") else ""


def _paint(elem: ET.Element, chain: list[ET.Element], matrix: Matrix, order: int
           ) -> Paint | None:
    """The shape ``elem`` as painted (None when it paints nothing sdc can place)."""
    fill = "image" if _local(elem.tag) == "image" else None
    alpha = 1.0
    for node in chain:
        style = _style(node)
        if style.get("display") == "none" or style.get("visibility") == "hidden":
            return None
        alpha *= min(1.0, _number(style.get("opacity", node.get("opacity")), 1.0))
        fill = fill or style.get("fill")
    alpha *= min(1.0, _number(_style(elem).get("fill-opacity", elem.get("fill-opacity")), 1.0))
    if fill == "none" or alpha <= 0:
        return None
    corners = _corners(elem)
    if not corners:
        return None
    box = Box.around([apply_matrix(matrix, x, y) for x, y in corners])
    return Paint(order, box, None if fill == "image" else _rgb(fill or "black"), alpha)


def _corners(elem: ET.Element) -> list[tuple[float, float]]:
    """The points that bound a shape in its own coordinates (empty when sdc cannot tell)."""
    tag, get = _local(elem.tag), elem.get
    if tag in ("rect", "image"):
        x, y = _number(get("x"), 0.0), _number(get("y"), 0.0)
        return [(x, y), (x + _number(get("width"), 0.0), y + _number(get("height"), 0.0))]
    if tag in ("circle", "ellipse"):
        cx, cy = _number(get("cx"), 0.0), _number(get("cy"), 0.0)
        rx = _number(get("rx", get("r")), 0.0)
        ry = _number(get("ry", get("r")), 0.0)
        return [(cx - rx, cy - ry), (cx + rx, cy + ry)]
    if tag in ("polygon", "polyline"):
        numbers = [_number(v, 0.0) for v in re.split(r"[\s,]+", get("points", "").strip()) if v]
        return list(zip(numbers[::2], numbers[1::2], strict=False))
    parsed = path_points(get("d", ""), relative=True)
    return [p for sub in parsed[0] for p in sub] if parsed is not None else []


def _affine(transform: str) -> Matrix:
    """An SVG ``transform`` attribute as one matrix (skew is ignored)."""
    matrix = IDENTITY
    for kind, args in _TRANSFORM.findall(transform):
        v = [_number(a, 0.0) for a in re.split(r"[\s,]+", args.strip()) if a]
        if kind == "matrix" and len(v) == 6:
            step: Matrix = (v[0], v[1], v[2], v[3], v[4], v[5])
        elif kind == "translate" and v:
            step = (1.0, 0.0, 0.0, 1.0, v[0], v[1] if len(v) > 1 else 0.0)
        elif kind == "scale" and v:
            step = (v[0], 0.0, 0.0, v[1] if len(v) > 1 else v[0], 0.0, 0.0)
        elif kind == "rotate" and v:
            a = math.radians(v[0])
            cx, cy = (v[1], v[2]) if len(v) == 3 else (0.0, 0.0)
            c, s = math.cos(a), math.sin(a)
            step = (c, s, -s, c, cx - c * cx + s * cy, cy - s * cx - c * cy)
        else:
            continue
        matrix = matrix_then(step, matrix)
    return matrix


def _rgb(colour: str) -> RGB | None:
    """An SVG colour as sRGB channels (None for a gradient, a pattern or anything else sdc
    cannot read)."""
    from matplotlib.colors import to_rgb

    try:
        return to_rgb(colour.strip())
    except ValueError:
        return None


def _rotated(elems: list[ET.Element]) -> bool:
    return any(abs(float(m.group(1))) % 360 > 1e-6
               for e in elems for m in _ROTATE.finditer(e.get("transform", "")))


def _anchor(inside: list[ET.Element]) -> str:
    for elem in inside:
        found = _ANCHOR.search(elem.get("style", "")) or (
            _ANCHOR.search(f"text-anchor:{elem.get('text-anchor')}")
            if elem.get("text-anchor") else None)
        if found:
            return found.group(1)
    return "start"


def _opacity(elems: list[ET.Element]) -> float:
    alpha = 1.0
    for elem in elems:
        style = _style(elem)
        for key in ("opacity", "fill-opacity"):
            alpha *= min(1.0, _number(style.get(key, elem.get(key)), 1.0))
    return alpha
