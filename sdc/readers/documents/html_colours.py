"""Which text of an HTML page is coloured like what lies behind it.

A page can hide a character by colour alone: ``<span class="w">&lt;</span>3`` with
``.w { color: #fff }`` read as the suppression marker ``<3`` (and passed) where the page shows a
disclosive 3. Colours and backgrounds come from inline styles, ``<font color>``, ``bgcolor``
and style sheet rules; a rule's selector is matched on its last compound (tag, classes, id),
which over-approximates where it applies, so each element gets the set of colours it *may*
have and the set of backgrounds it *may* stand on. Text whose every (colour, background) pair
has a contrast under :data:`MIN_CONTRAST` is hidden; text with some such pair, or a colour or
background that is not understood (an image, a gradient, an unknown name), may be hidden: a
person looks (flagged). CSS custom properties (``var(--x)``) take every value the page gives
them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sdc.readers.documents.word_look import BLACK, MIN_CONTRAST, RGB, WHITE, contrast

if TYPE_CHECKING:
    from lxml import etree

UNKNOWN = "unknown"  # a colour or background not understood
CLEAR = "clear"      # a transparent colour: text no one sees, a background that shows through
Paint = tuple[int, int, int] | str
_BLACK: frozenset[Paint] = frozenset({BLACK})
_WHITE: frozenset[Paint] = frozenset({WHITE})
# an element's colours, backgrounds and whether a style may hide its text
Look = tuple[frozenset[Paint], frozenset[Paint], bool]

# CSS named colours (the light ones a page could hide text with, and the common ones)
_NAMED = {
    "white": "ffffff", "snow": "fffafa", "ivory": "fffff0", "ghostwhite": "f8f8ff",
    "whitesmoke": "f5f5f5", "floralwhite": "fffaf0", "seashell": "fff5ee", "mintcream": "f5fffa",
    "azure": "f0ffff", "aliceblue": "f0f8ff", "honeydew": "f0fff0", "lavenderblush": "fff0f5",
    "linen": "faf0e6", "oldlace": "fdf5e6", "beige": "f5f5dc", "cornsilk": "fff8dc",
    "lightyellow": "ffffe0", "lightcyan": "e0ffff", "lemonchiffon": "fffacd",
    "gainsboro": "dcdcdc", "lightgray": "d3d3d3", "lightgrey": "d3d3d3", "silver": "c0c0c0",
    "darkgray": "a9a9a9", "darkgrey": "a9a9a9", "gray": "808080", "grey": "808080",
    "dimgray": "696969", "dimgrey": "696969", "black": "000000", "red": "ff0000",
    "darkred": "8b0000", "maroon": "800000", "green": "008000", "darkgreen": "006400",
    "lime": "00ff00", "blue": "0000ff", "navy": "000080", "darkblue": "00008b",
    "yellow": "ffff00", "orange": "ffa500", "purple": "800080", "teal": "008080",
    "olive": "808000", "aqua": "00ffff", "cyan": "00ffff", "fuchsia": "ff00ff",
    "magenta": "ff00ff", "steelblue": "4682b4", "darkslategray": "2f4f4f",
    "darkslategrey": "2f4f4f", "slategray": "708090", "lightblue": "add8e6",
    "lightsteelblue": "b0c4de", "lavender": "e6e6fa", "pink": "ffc0cb", "brown": "a52a2a",
}
_PASS_ON = {"inherit", "initial", "unset", "revert", "currentcolor", "auto"}
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_DECLARATION = re.compile(r"(?:^|;)\s*([\w-]+)\s*:\s*([^;]*)")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^)]*))?\)")
_FUNCTION = re.compile(r"(rgba?|hsla?)\(([^)]*)\)", re.I)
_HEX = re.compile(r"#([0-9a-f]{3,8})\b", re.I)
_STATE = re.compile(r":(?:hover|focus|active|visited|focus-within|focus-visible|target)\b|::?"
                    r"(?:before|after|selection|marker|placeholder|first-letter|first-line)\b",
                    re.I)
# styles that can take text off the page, shrink it to nothing, lay it over other text or
# reverse it: whether they do depends on layout this reader does not do, so a person looks
_MAY_HIDE = re.compile(
    r"(?<![\w-])clip\s*:\s*rect|clip-path\s*:\s*(?!none)|text-indent\s*:\s*-|"
    r"(?<![\w-])(?:left|top|right|bottom|margin(?:-left|-top|-right|-bottom)?|inset)\s*:"
    r"\s*-\s*\.?\d|(?<![\w-])(?:max-)?(?:width|height)\s*:\s*0+(?:\.0*)?[a-z%]*\s*(?:;|$|!)|"
    r"transform\s*:[^;]*scale[xy3d]*\(\s*0*(?:\.0*)?\s*[,)]|(?:letter|word)-spacing\s*:\s*-|"
    r"unicode-bidi\s*:\s*(?:bidi-override|isolate-override)", re.I)
_COMPOUND = re.compile(r"(\*|[A-Za-z][\w-]*)?((?:[.#][\w-]+|\[[^\]]*\]|:[\w-]+(?:\([^)]*\))?)*)")


def _number(text: str, scale: float) -> float | None:
    text = text.strip()
    try:
        return float(text[:-1]) * scale / 100 if text.endswith("%") else float(text)
    except ValueError:
        return None


def _hsl(h: float, s: float, lum: float) -> RGB:
    def f(n: int) -> int:
        k = (n + h / 30) % 12
        a = s * min(lum, 1 - lum)
        return round(255 * (lum - a * max(-1, min(k - 3, 9 - k, 1))))
    return (f(0), f(8), f(4))


def paint(value: str, variables: dict[str, list[str]], depth: int = 0) -> set[Paint]:
    """The colours a CSS value may mean: RGB triples, :data:`CLEAR`, :data:`UNKNOWN`; empty
    when the value passes the parent's on (``inherit``, ``currentColor``)."""
    value = value.strip().lower().replace("!important", "").strip()
    if not value or value in _PASS_ON:
        return set()
    var = _VAR.search(value)
    if var and depth < 5:
        options = variables.get(var.group(1), []) + ([var.group(2)] if var.group(2) else [])
        found: set[Paint] = set()
        for option in options or [""]:
            found |= paint(value.replace(var.group(0), option), variables, depth + 1) or {UNKNOWN}
        return found
    if value in ("transparent", "none"):
        return {CLEAR}
    m = _HEX.search(value)
    if m:
        h = m.group(1)
        if len(h) in (3, 4):
            h = "".join(c * 2 for c in h)
        if len(h) not in (6, 8):
            return {UNKNOWN}
        if len(h) == 8 and int(h[6:8], 16) < 26:
            return {CLEAR}
        return {(int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))}
    m = _FUNCTION.search(value)
    if m:
        parts = [p for p in re.split(r"[\s,/]+", m.group(2).strip()) if p]
        if len(parts) < 3:
            return {UNKNOWN}
        alpha = _number(parts[3], 1) if len(parts) > 3 else 1.0
        if alpha is not None and alpha < 0.1:
            return {CLEAR}
        if m.group(1).lower().startswith("rgb"):
            channels = [_number(p, 255) for p in parts[:3]]
            if any(c is None for c in channels):
                return {UNKNOWN}
            r, g, b = (max(0, min(255, round(c or 0))) for c in channels)
            return {(r, g, b)}
        hue = _number(parts[0].replace("deg", ""), 1)
        sat, light = _number(parts[1], 1), _number(parts[2], 1)
        if hue is None or sat is None or light is None:
            return {UNKNOWN}
        return {_hsl(hue, sat if sat <= 1 else sat / 100, light if light <= 1 else light / 100)}
    for word in re.findall(r"[a-z]+", value):
        if word in _NAMED:
            n = _NAMED[word]
            return {(int(n[0:2], 16), int(n[2:4], 16), int(n[4:6], 16))}
    if re.search(r"url\(|gradient\(|image", value):
        return {UNKNOWN}
    words = set(re.findall(r"[a-z]+", value))
    # a background shorthand without a colour (``background: no-repeat center``) paints none
    if words and words <= {"no", "repeat", "x", "y", "center", "top", "left", "right",
                           "bottom", "fixed", "scroll", "local", "cover", "contain", "px",
                           "em", "border", "box", "padding", "content", "space", "round"}:
        return set()
    return {UNKNOWN}


class _Rule:
    def __init__(self, selector: str, compound: re.Match[str], colour: str | None,
                 background: str | None, hides: bool = False) -> None:
        self.tag = (compound.group(1) or "*").lower()
        rest = compound.group(2) or ""
        self.classes = re.findall(r"\.([\w-]+)", rest)
        self.ids = re.findall(r"#([\w-]+)", rest)
        self.colour, self.background, self.hides = colour, background, hides
        # one compound of tag, classes and id: where it may match, it does
        self.definite = selector == compound.group(0) and not re.search(r"[\[:]", rest)

    @property
    def key(self) -> str:
        return ("#" + self.ids[0] if self.ids else "." + self.classes[0] if self.classes
                else self.tag)

    def may_match(self, el: etree._Element) -> bool:
        if self.tag != "*" and el.tag != self.tag:
            return False
        classes = (el.get("class") or "").split()
        return all(c in classes for c in self.classes) and all(el.get("id") == i
                                                                for i in self.ids)


def _declarations(css: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) for m in _DECLARATION.finditer(css)}


class Colours:
    """Colours and backgrounds of one page's elements, as sets of what they may be, worked
    out in document order (a parent before its children; no recursion).

    Nothing is held per element (round 37, mem37): an element's look is its parent's and its
    own, so :meth:`looks` walks the page keeping only the looks of the elements above the
    one it is at. Holding every element's look in dicts kept a Python proxy of every lxml
    element alive with three entries each: 69 MiB over the tree on a 5 MiB ``to_html`` page
    (its ``<tr style=...>`` makes the pass run), the peak of reading it."""

    def __init__(self, root: etree._Element) -> None:
        self.rules: dict[str, list[_Rule]] = {}
        self.variables: dict[str, list[str]] = {}
        for style in root.iter("style"):
            for rule in _CSS_RULE.finditer(_CSS_COMMENT.sub("", style.text or "")):
                decls = _declarations(rule.group(2))
                self._variables(decls)
                colour = decls.get("color")
                background = decls.get("background-color", decls.get("background"))
                hides = bool(_MAY_HIDE.search(rule.group(2)))
                if colour is None and background is None and not hides:
                    continue
                for selector in rule.group(1).split(","):
                    selector = selector.strip()
                    last = re.split(r"\s*[\s>+~]\s*", selector)[-1] if selector else ""
                    if not last or selector.startswith("@") or _STATE.search(last):
                        continue
                    m = _COMPOUND.fullmatch(last) or _COMPOUND.fullmatch("*")
                    assert m is not None  # not understood: it may match anything
                    made = _Rule(selector, m, colour, background, hides)
                    self.rules.setdefault(made.key, []).append(made)
        for el in root.iter():
            if isinstance(el.tag, str) and el.get("style"):
                self._variables(_declarations(el.get("style") or ""))
        self._painted: dict[str, frozenset[Paint]] = {}
        self._sets: dict[frozenset[Paint], frozenset[Paint]] = {}
        self._pairs: dict[tuple[int, int], str | None] = {}
        self._alike: dict[tuple[object, ...], Look] = {}

    def _variables(self, decls: dict[str, str]) -> None:
        for name, value in decls.items():
            if name.startswith("--") and value.strip() not in self.variables.get(name, []):
                self.variables.setdefault(name, []).append(value.strip())

    def _matching(self, el: etree._Element) -> list[_Rule]:
        if not self.rules:
            return []
        keys = ["*", el.tag, *("." + c for c in (el.get("class") or "").split())]
        if el.get("id"):
            keys.append("#" + (el.get("id") or ""))
        return [r for k in keys for r in self.rules.get(k, ()) if r.may_match(el)]

    def _paint(self, value: str) -> frozenset[Paint]:
        found = self._painted.get(value)
        if found is None:
            found = self._painted[value] = frozenset(paint(value, self.variables))
        return found

    def _one(self, found: set[Paint] | frozenset[Paint]) -> frozenset[Paint]:
        """One shared object per set of paints (so :meth:`faint` decides each pair once)."""
        frozen = frozenset(found)
        return self._sets.setdefault(frozen, frozen)

    def _from_sheet(self, rules: list[_Rule], which: str,
                    parent: frozenset[Paint]) -> frozenset[Paint]:
        """What the matching rules set (``which``: colour or background), with the parent's
        unless a rule surely applies; empty when none sets it."""
        found: set[Paint] = set()
        sure = False
        for rule in rules:
            value = rule.colour if which == "colour" else rule.background
            if value is not None:
                found |= self._paint(value) or parent
                sure = sure or rule.definite
        return frozenset(found | (set() if sure or not found else parent))

    def _resolve(self, el: etree._Element, up: Look | None) -> Look:
        """``el``'s look from its parent's (``up``; None at the root)."""
        inherited, behind, held = up if up is not None else (_BLACK, _WHITE, False)
        style = el.get("style")
        if not (style or self.rules or el.get("bgcolor") or el.tag in ("font", "bdo")):
            # nothing sets this element's look: its parent's (a page without style sheets)
            return (inherited, behind, held)
        # elements alike (a table's cells) under a parent of one look resolve alike: once
        key = (id(inherited), id(behind), held, el.tag, el.get("class"), el.get("id"), style,
               el.get("bgcolor"), el.get("color"))
        known = self._alike.get(key)
        if known is not None:
            return known
        decls = _declarations(style) if style else {}
        rules = self._matching(el)
        if "color" in decls:
            colour = self._paint(decls["color"])
        elif el.tag == "font" and el.get("color"):
            colour = self._paint(el.get("color") or "")
        else:
            colour = self._from_sheet(rules, "colour", inherited)
        own = decls.get("background-color", decls.get("background"))
        if own is not None:
            background = self._paint(own)
        elif el.get("bgcolor"):
            background = self._paint(el.get("bgcolor") or "")
        else:
            background = self._from_sheet(rules, "background", behind)
        if CLEAR in background:
            background = (background - {CLEAR}) | behind
        look = (self._one(colour) if colour else inherited,
                self._one(background) if background else behind,
                held or bool(style and _MAY_HIDE.search(style)) or el.tag == "bdo"
                or any(rule.hides for rule in rules))
        self._alike[key] = look
        return look

    def looks(self, top: etree._Element) -> Iterator[tuple[etree._Element, Look]]:
        """Each element of ``top`` (itself first) with its look, in document order; only
        the looks of the elements above the current one are held."""
        stack: list[tuple[etree._Element, Look]] = []
        up: Look | None = None
        for above in reversed(list(top.iterancestors())):
            up = self._resolve(above, up)
        for el in top.iter():
            if not isinstance(el.tag, str):
                continue
            parent = el.getparent()
            while stack and stack[-1][0] is not parent:
                stack.pop()
            look = self._resolve(el, stack[-1][1] if stack else up)
            stack.append((el, look))
            yield el, look

    def faint(self, el: etree._Element) -> str | None:
        """:meth:`verdict` of ``el``'s look, worked out from the root down (for one element;
        a pass over a page takes :meth:`looks`)."""
        up: Look | None = None
        for above in [*reversed(list(el.iterancestors())), el]:
            up = self._resolve(above, up)
        assert up is not None
        return self.verdict(up)

    def verdict(self, look: Look) -> str | None:
        """"hidden" when every colour the text may have is faint on every background it may
        stand on; "may" when some is, one is not understood, or a style that can take text
        off the page or reverse it (:data:`_MAY_HIDE`, ``<bdo>``) applies; else None."""
        colours, backgrounds, hiding = look
        key = (id(colours), id(backgrounds))
        if key not in self._pairs:
            self._pairs[key] = _faint(colours, backgrounds)
        verdict = self._pairs[key]
        return "may" if verdict is None and hiding else verdict


def _faint(colours: frozenset[Paint], backgrounds: frozenset[Paint]) -> str | None:
    pairs = [(c, b) for c in colours for b in backgrounds]
    low = [c == CLEAR or (isinstance(c, tuple) and isinstance(b, tuple)
                          and contrast(c, b) < MIN_CONTRAST) for c, b in pairs]
    if pairs and all(low):
        return "hidden"
    if any(low) or any(UNKNOWN in (c, b) for c, b in pairs):
        return "may"
    return None
