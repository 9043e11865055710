"""How a Word run looks on the page: its properties as Word resolves them (the run's own, its
character style, its paragraph's style, the document's defaults) and whether its text can be
seen against what lies behind it.

A run's text may be hidden without ``w:vanish`` on the run itself: a character style that
vanishes, a font under 2 points, or a colour a reader cannot tell from the background (white
on the white page, the fill of the cell, the run's own shading or highlight). Read with the
package's XML only (no rendering). A table style's conditional formats are matched to the
cell (:mod:`word_table_style`); what cannot be decided (a table without ``w:tblLook``) is
"may be hidden", which a person reads.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from sdc.readers.documents.word_table_style import RANKS, TableShape, cell_types

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
# a contrast ratio (WCAG 2 relative luminance) under this is text no reader tells from its
# background: white on white is 1.0, yellow on white 1.07, #EEEEEE on white 1.16, the light
# grey #D9D9D9 Word offers for muted text 1.41 (read as shown)
MIN_CONTRAST = 1.25
HIGHLIGHTS = {"yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF", "magenta": "FF00FF",
              "blue": "0000FF", "red": "FF0000", "darkBlue": "000080", "darkCyan": "008080",
              "darkGreen": "008000", "darkMagenta": "800080", "darkRed": "800000",
              "darkYellow": "808000", "darkGray": "808080", "lightGray": "C0C0C0",
              "black": "000000", "white": "FFFFFF"}
_THEME_NAMES = {"dark1": "dk1", "light1": "lt1", "dark2": "dk2", "light2": "lt2",
                "text1": "dk1", "background1": "lt1", "text2": "dk2", "background2": "lt2",
                "hyperlink": "hlink", "followedHyperlink": "folHlink",
                **{f"accent{i}": f"accent{i}" for i in range(1, 7)}}
# Office's default theme, for a package without one
_DEFAULT_THEME = {"dk1": "000000", "lt1": "FFFFFF", "dk2": "44546A", "lt2": "E7E6E6"}
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")
RGB = tuple[int, int, int]


class TableLook(NamedTuple):
    """What a table style gives one cell under one possible match: run properties (highest
    rank first), the text colours, the fills and the paragraph shadings it may set (empty
    where it sets none)."""

    rprs: tuple[Any, ...]
    colours: tuple[RGB | None, ...]
    fills: tuple[RGB, ...]
    shades: tuple[RGB, ...] = ()


def _on(el: Any) -> bool:
    return el is not None and el.get(f"{W}val") not in ("0", "false", "off")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _hex(value: str | None) -> RGB | None:
    if value is None or not _HEX.match(value):
        return None
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _luminance(rgb: RGB) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _mix(front: RGB, back: RGB, share: float) -> RGB:
    return tuple(round(f * share + b * (1 - share)) for f, b in zip(front, back, strict=True))  # type: ignore[return-value]


class WordLook:
    """The styles, theme and page background of one document, to resolve its runs."""

    def __init__(self, styles: Any | None, theme: Any | None, body: Any | None) -> None:
        self.styles: dict[str, Any] = {}
        self.default_paragraph: str | None = None
        self.default_table: str | None = None
        self._cells: dict[Any, list[TableLook | None]] = {}
        self._shapes: dict[Any, tuple[str | None, list[Any], list[RGB],
                                      TableShape | None]] = {}
        self._looks: dict[tuple[Any, ...], TableLook] = {}
        self.defaults: Any = None
        if styles is not None:
            for style in styles.iter(f"{W}style"):
                sid = style.get(f"{W}styleId")
                if sid:
                    self.styles[sid] = style
                    if style.get(f"{W}default") in ("1", "true"):
                        if style.get(f"{W}type") == "paragraph":
                            self.default_paragraph = sid
                        elif style.get(f"{W}type") == "table":
                            self.default_table = sid
            self.defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.theme = dict(_DEFAULT_THEME)
        if theme is not None:
            scheme = next(theme.iter(f"{A}clrScheme"), None)
            for slot in scheme if scheme is not None else []:
                name = slot.tag.replace(A, "")
                colour = slot.find(f"{A}srgbClr")
                value = (colour.get("val") if colour is not None else
                         next((c.get("lastClr") for c in slot.iter(f"{A}sysClr")), None))
                if value:
                    self.theme[name] = value
        self.page: RGB | None = None
        if body is not None:
            background = body.find(f"{W}background")
            if background is not None:
                self.page = self.colour(background)

    def colour(self, el: Any) -> RGB | None:
        """A colour element's RGB (theme colour, tint and shade applied); None for ``auto``."""
        theme = el.get(f"{W}themeColor") or el.get(f"{W}themeFill")
        rgb = None
        if theme:
            rgb = _hex(self.theme.get(_THEME_NAMES.get(theme, theme)))
            tint = el.get(f"{W}themeTint") or el.get(f"{W}themeFillTint")
            shade = el.get(f"{W}themeShade") or el.get(f"{W}themeFillShade")
            if rgb is not None and tint and _HEX.match(tint + "0000"):
                rgb = _mix(rgb, WHITE, int(tint, 16) / 255)
            if rgb is not None and shade and _HEX.match(shade + "0000"):
                rgb = _mix(rgb, BLACK, int(shade, 16) / 255)
        if rgb is None:
            rgb = _hex(el.get(f"{W}val") if el.tag != f"{W}background" else el.get(f"{W}color"))
        return rgb

    def _chain(self, sid: str | None) -> list[Any]:
        """A style and the styles it is based on, nearest first."""
        out: list[Any] = []
        while sid and sid in self.styles and len(out) < 20:
            style = self.styles[sid]
            out.append(style)
            based = style.find(f"{W}basedOn")
            sid = based.get(f"{W}val") if based is not None else None
        return out

    def _own_properties(self, run: Any) -> list[Any]:
        """The run's own properties and its character style's, nearest first."""
        out = []
        own = run.find(f"{W}rPr")
        if own is not None:
            out.append(own)
            style = own.find(f"{W}rStyle")
            for s in self._chain(style.get(f"{W}val") if style is not None else None):
                out.extend(s.findall(f"{W}rPr"))
        return out

    def _paragraph_styles(self, paragraph: Any | None) -> list[Any]:
        """The paragraph's style (or the default one) and those it is based on, nearest first."""
        sid = self.default_paragraph
        if paragraph is not None:
            pstyle = paragraph.find(f"{W}pPr/{W}pStyle")
            if pstyle is not None:
                sid = pstyle.get(f"{W}val")
        return self._chain(sid)

    def _paragraph_properties(self, paragraph: Any | None) -> list[Any]:
        """The run properties the paragraph's style (or the default one) gives, nearest first."""
        return [r for s in self._paragraph_styles(paragraph) for r in s.findall(f"{W}rPr")]

    def _paragraph_shading(self, paragraph: Any, table: TableLook | None) -> list[RGB]:
        """What the paragraph's shading paints behind its text, in Word's order: its own
        ``w:shd``, its style's, then its table style's (the formats matched to its cell); it
        lies over the cell's fill."""
        own = self._shading(paragraph.find(f"{W}pPr/{W}shd"))
        if own is None:
            own = self._shading(next((shd for s in self._paragraph_styles(paragraph)
                                      for shd in s.findall(f"{W}pPr/{W}shd")), None))
        if own is not None:
            return [own]
        return list(table.shades) if table is not None else []

    def run_properties(self, run: Any, paragraph: Any | None) -> list[Any]:
        """The run's property elements Word consults, nearest first (a table style's are
        weighed in :meth:`hidden`)."""
        return [*self._own_properties(run), *self._paragraph_properties(paragraph),
                *([self.defaults] if self.defaults is not None else [])]

    def prop(self, chain: list[Any], tag: str) -> Any | None:
        return next((el for props in chain for el in props.findall(f"{W}{tag}")), None)

    def _shading(self, shd: Any | None) -> RGB | None:
        """What a ``w:shd`` paints behind the text: its fill, its pattern colour over it."""
        if shd is None or shd.get(f"{W}val") == "nil":
            return None
        fill = _hex(shd.get(f"{W}fill")) if shd.get(f"{W}themeFill") is None else None
        if shd.get(f"{W}themeFill"):
            fill = self.colour(shd)
        pattern = _hex(shd.get(f"{W}color")) or BLACK
        val = shd.get(f"{W}val") or "clear"
        if val == "clear":
            return fill
        if val == "solid":
            return pattern
        share = int(val[3:]) / 100 if re.fullmatch(r"pct\d{1,3}", val) else 0.5
        return _mix(pattern, fill or WHITE, min(share, 1.0))

    def backgrounds(self, chain: list[Any], paragraph: Any | None,
                    table: TableLook | None = None) -> list[RGB]:
        """What may lie behind the run, nearest set background first: the run's highlight or
        shading, its paragraph's shading, the cell's, the fills its table style gives the
        cell, the table's, else the page (white on paper, its background colour on screen)."""
        highlight = self.prop(chain, "highlight")
        if highlight is not None and highlight.get(f"{W}val") in HIGHLIGHTS:
            return [_hex(HIGHLIGHTS[highlight.get(f"{W}val")])]  # type: ignore[list-item]
        own = self._shading(self.prop(chain, "shd"))
        if own is not None:
            return [own]
        if paragraph is not None:
            shades = self._paragraph_shading(paragraph, table)
            if shades:
                return shades
            cell = next((a for a in paragraph.iterancestors(f"{W}tc")), None)
            if cell is not None:
                shade = self._shading(cell.find(f"{W}tcPr/{W}shd"))
                if shade is not None:
                    return [shade]
                if table is not None and table.fills:
                    return list(table.fills)
        return [WHITE] + ([self.page] if self.page is not None else [])

    def _table_looks(self, paragraph: Any | None) -> list[TableLook | None]:
        """What the table style gives the paragraph's cell, one look a possible match
        (:mod:`word_table_style`); [None] outside a table."""
        cell = next(paragraph.iterancestors(f"{W}tc"), None) if paragraph is not None else None
        if cell is None:
            return [None]
        found = self._cells.get(cell)
        if found is None:
            found = self._cells[cell] = self._resolve_cell(cell)
        return found

    def _resolve_cell(self, cell: Any) -> list[TableLook | None]:
        table = next(cell.iterancestors(f"{W}tbl"), None)
        if table is None:
            return [None]
        found = self._shapes.get(table)
        if found is None:
            found = self._shapes[table] = self._table(table)
        sid, chain, behind, shape = found
        if shape is None:
            return [TableLook((), (), tuple(behind))]
        looks: list[TableLook | None] = []
        for types in cell_types(shape, cell, shape.bands[0], shape.bands[1]):
            key = (sid, types, tuple(behind))
            look = self._looks.get(key)
            if look is None:
                look = self._looks[key] = self._style_look(chain, types, behind)
            if look not in looks:
                looks.append(look)
        return looks

    def _table(self, table: Any) -> tuple[str | None, list[Any], list[RGB], TableShape | None]:
        """A table's style, its chain, what lies behind its cells, and its shape (None when
        the style sets nothing for cells: no formats to match)."""
        style = table.find(f"{W}tblPr/{W}tblStyle")
        sid = style.get(f"{W}val") if style is not None else self.default_table
        chain = self._chain(sid)
        direct = self._shading(table.find(f"{W}tblPr/{W}shd"))
        behind = [direct] if direct is not None else [
            rgb for s in chain[:1] for shd in s.findall(f"{W}tblPr/{W}shd")
            if (rgb := self._shading(shd)) is not None]
        if not any(s.find(f"{W}tblStylePr") is not None or s.find(f"{W}rPr") is not None
                   or s.find(f"{W}tcPr/{W}shd") is not None
                   or s.find(f"{W}pPr/{W}shd") is not None for s in chain):
            return sid, chain, behind, None
        bands = (self._band(chain, "tblStyleRowBandSize"),
                 self._band(chain, "tblStyleColBandSize"))
        return sid, chain, behind, TableShape(table, bands)

    @staticmethod
    def _band(chain: list[Any], tag: str) -> int:
        el = next((e for s in chain for e in s.findall(f"{W}tblPr/{W}{tag}")), None)
        return _int(el.get(f"{W}val") if el is not None else None, 1)

    def _style_look(self, chain: list[Any], types: frozenset[str], behind: list[RGB]) -> TableLook:
        """The run properties, text colours and fills a table style gives a cell under the
        conditional formats ``types``: the highest rank that sets a colour (or a fill) wins;
        two formats of that rank are both possible."""
        def parts(kind: str) -> list[Any]:
            return [p for s in chain for p in s.findall(f"{W}tblStylePr")
                    if p.get(f"{W}type") == kind]

        def whole() -> list[Any]:
            return [*parts("wholeTable"), *chain]

        ranked = [[parts(t) for t in rank if t in types] for rank in reversed(RANKS)]
        ranked.append([whole()])
        rprs = tuple(r for rank in ranked for found in rank for p in found
                     for r in p.findall(f"{W}rPr"))
        colours: list[RGB | None] = []
        for rank in ranked:
            for found in rank:
                el = next((c for p in found for c in p.findall(f"{W}rPr/{W}color")), None)
                if el is not None and self.colour(el) not in colours:
                    colours.append(self.colour(el))
            if colours:
                break

        def shadings(path: str) -> tuple[RGB, ...]:
            """The shadings at ``path`` of the highest rank that sets one."""
            for rank in ranked:
                found_rgbs: list[RGB] = []
                for found in rank:
                    rgb = self._shading(next((c for p in found for c in p.findall(path)), None))
                    if rgb is not None and rgb not in found_rgbs:
                        found_rgbs.append(rgb)
                if found_rgbs:
                    return tuple(found_rgbs)
            return ()

        return TableLook(rprs, tuple(colours), shadings(f"{W}tcPr/{W}shd") or tuple(behind),
                         shadings(f"{W}pPr/{W}shd"))

    def hidden(self, run: Any, paragraph: Any | None) -> str | None:
        """Why the run's text is not seen ("hidden", "in a font under 2 points", "coloured
        like its background"), "may" when it is so under only some of the looks its table
        style may give it or against only some of the backgrounds it may stand on, or None."""
        own, styled = self._own_properties(run), self._paragraph_properties(paragraph)
        defaults = [self.defaults] if self.defaults is not None else []
        reasons = [self._hidden(own, styled, defaults, table, paragraph)
                   for table in self._table_looks(paragraph)]
        if all(r not in (None, "may") for r in reasons):
            return reasons[0]
        return "may" if any(r is not None for r in reasons) else None

    def _hidden(self, own: list[Any], styled: list[Any], defaults: list[Any],
                table: TableLook | None, paragraph: Any | None) -> str | None:
        """Why the run is not seen on the printed page, else "may" when Word hides it only in
        Web Layout view (``w:webHidden``: a reader of the document on screen, or of a copy
        saved as a web page, does not see it), else None."""
        reason = self._hidden_in_print(own, styled, defaults, table, paragraph)
        if reason is None and _on(self.prop(
                [*own, *styled, *(table.rprs if table is not None else ()), *defaults],
                "webHidden")):
            return "may"
        return reason

    def _hidden_in_print(self, own: list[Any], styled: list[Any], defaults: list[Any],
                         table: TableLook | None, paragraph: Any | None) -> str | None:
        rprs = table.rprs if table is not None else ()
        chain = [*own, *styled, *rprs, *defaults]
        shape = self._hidden_shape(chain)
        if shape is not None:
            return shape
        # Word lets a table style override the default paragraph style's look (as its colours
        # are weighed in ``_text_colours``): a size, vanish or scale the table style gives
        # under a paragraph style's is a possibility, for a person
        may = bool(rprs and styled) and self._hidden_shape([*own, *rprs, *styled, *defaults])
        texts = self._text_colours(own, styled, defaults, table)
        if not texts:  # automatic: Word picks black or white against the background
            return "may" if may else None
        backs = self.backgrounds(chain, paragraph, table)
        faint = [contrast(text, back) < MIN_CONTRAST for text in texts for back in backs]
        if all(faint):
            return "coloured like its background"
        return "may" if any(faint) or may else None

    def _hidden_shape(self, chain: list[Any]) -> str | None:
        """Why ``chain``'s first set vanish, size or scale hides the run, or None."""
        for tag in ("vanish", "specVanish"):
            el = self.prop(chain, tag)
            if el is not None and _on(el):
                return "formatted as hidden"
        size = self.prop(chain, "sz")
        try:
            if size is not None and int(size.get(f"{W}val", "24")) < 4:
                return "in a font under 2 points"
        except ValueError:
            pass
        scale = self.prop(chain, "w")
        if scale is not None and _int(scale.get(f"{W}val"), 100) < 20:
            return "squeezed under a fifth of its width"
        fit = self.prop(chain, "fitText")  # the run fitted into this many twentieths of a point
        if fit is not None and _int(fit.get(f"{W}val"), 40) < 40:
            return "fitted into under 2 points of width"
        return None

    def _text_colours(self, own: list[Any], styled: list[Any], defaults: list[Any],
                      table: TableLook | None) -> list[RGB]:
        """The run's possible colours: its own or its character style's when set; else its
        paragraph style's and its table style's, both (Word lets a table style override
        the default paragraph style's look), else the document default's."""
        set_own = self.prop(own, "color")
        if set_own is not None:
            found: list[RGB | None] = [self.colour(set_own)]
        else:
            para = self.prop(styled, "color")
            found = [self.colour(para)] if para is not None else []
            found += list(table.colours) if table is not None else []
            if not found:
                default = self.prop(defaults, "color")
                found = [self.colour(default)] if default is not None else []
        return [c for c in found if c is not None]

    def marked(self, run: Any, paragraph: Any | None) -> tuple[str | None, bool]:
        """The run's vertical alignment (superscript, subscript) and whether it stands apart
        from its neighbours: struck, raised or lowered 3 points or more (``w:position``), or
        condensed by 2 points or more so it lies over the next glyph (``w:spacing``)."""
        chain = self.run_properties(run, paragraph)
        align = self.prop(chain, "vertAlign")
        struck = any(_on(self.prop(chain, tag)) for tag in ("strike", "dstrike"))
        position, spacing = self.prop(chain, "position"), self.prop(chain, "spacing")
        moved = (position is not None and abs(_int(position.get(f"{W}val"), 0)) >= 6) or (
            spacing is not None and _int(spacing.get(f"{W}val"), 0) <= -40)
        return (align.get(f"{W}val") if align is not None else None), struck or moved
