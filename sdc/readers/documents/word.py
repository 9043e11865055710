"""Word ``.docx`` files: every table (nested ones too) becomes a text grid, merged cells
repeated over their span; paragraphs, headers, footers, footnotes, comments, tracked changes,
hidden text and document properties are located text, the hidden ones flagged.

Read with python-docx for the document model, and the package's XML for what python-docx does not
model (deleted text of tracked changes, hidden runs, footnotes, extra package parts). A ``.docx``
is a zip: every member is accounted for, and members a Word document does not need (embedded
objects, macros, stray files) are flagged.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Any

from sdc.readers.documents.edges import APART, resolve
from sdc.readers.documents.model import Document, DocumentError, Flag, TextPart, TextTable
from sdc.readers.documents.word_look import WordLook

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_EXPECTED_PART = re.compile(
    r"^(\[Content_Types\]\.xml|_rels/\.rels|docProps/(core|app|custom)\.xml|"
    r"word/(document|styles|stylesWithEffects|settings|webSettings|fontTable|numbering|"
    r"footnotes|endnotes|comments|commentsExtended|commentsIds|commentsExtensible|people|"
    r"theme/theme\d*|header\d*|footer\d*|glossary/.*|_rels/.*)\.xml(\.rels)?|"
    r"docProps/thumbnail\.(jpe?g|png|emf|wmf)|word/_rels/[^/]+\.rels|word/theme/_rels/.*|"
    r"word/media/[^/]+\.(png|jpe?g|gif|emf|wmf|svg)|"
    r"customXml/.*)$")
_SPACES = re.compile(r"\s+")
MAX_PART_BYTES = 2_000_000
# parts python-docx and the functions above read: only what they did not extract is searched
_READ_ABOVE = re.compile(r"^(word/(document|header\d*|footer\d*|comments|footnotes|endnotes)|"
                         r"docProps/core)\.xml$")
_HIDING_PARTS = [(re.compile(r"^customXml/item\d*\.xml$"), "custom XML"),
                 (re.compile(r"^word/glossary/document\.xml$"), "glossary")]
_PICTURE = re.compile(r"^(word/media/|docProps/thumbnail\.)", re.I)


def read_docx(data: bytes) -> Document:
    from docx import Document as open_docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        document = open_docx(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise DocumentError(f"the Word file could not be opened: {exc}") from exc
    doc = Document()
    look = _look(package, document)
    _tables(document, doc, look)
    _paragraphs(document, doc)
    _headers_footers(document, doc)
    _comments(document, doc)
    _package_text(package, doc, look)
    _properties(document, doc)
    _parts(package, doc)
    return doc


_SUPERSCRIPTS = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077"
                              "\u2078\u2079")
_SUBSCRIPTS = str.maketrans("0123456789", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087"
                            "\u2088\u2089")


def _look(package: zipfile.ZipFile, document: Any) -> WordLook:
    """The document's styles, theme and page background, to see runs as Word shows them (the
    styles and body python-docx has parsed already; the theme from the package)."""
    from sdc.readers.image_parts import parse_xml

    theme = next((n for n in sorted(package.namelist())
                  if re.match(r"^word/theme/theme\d*\.xml$", n)), None)
    try:
        theme_root = parse_xml(package.read(theme)) if theme else None
    except (KeyError, zipfile.BadZipFile, RuntimeError, EOFError, zlib.error):
        theme_root = None
    try:
        styles = document.styles.element
    except (AttributeError, KeyError, ValueError):
        styles = None
    return WordLook(styles, theme_root, document.element)


def _cell_text(cell: Any, look: WordLook) -> str:
    """The cell's text as the page shows it. Nothing joins the digits of a number that the page
    does not join: a footnote mark in a superscript run (``3`` then ``1``) read as 31 where
    the page shows 3¹, and struck text (``30`` struck, then ``3``) as 303; the mark's digits
    are superscripts (or subscripts) and struck, displaced or overlapping text stands apart
    (:mod:`edges`: a struck ``<`` before a 3 is not the marker ``<3``). A run no reader sees
    (hidden, under 2 points, coloured like its background, by its own formatting or its
    style's) is taken out, as the page shows the cell: ``3`` then a white ``0`` read as 30.
    Its text is the document's hidden text (``_package_text``).

    Every run the page shows is read, not only python-docx's (``cell.text`` reads a
    paragraph's own runs): a count inside a content control, a field's result, a smart tag,
    a bidi wrapper, a moved-to revision, a ruby base or an equation read as a blank cell and
    passed (hunt15). A ruby's annotation stands apart; text moved away (``w:moveFrom``), an
    alternative's fallback and text boxes are not the cell's (read as hidden and box text)."""
    paragraphs = list(_cell_paragraphs(cell._tc))
    looks = [(run, paragraph) for paragraph in paragraphs for run, _ in _shown_runs(paragraph)]
    seen = [(look.hidden(run, p) not in (None, "may"), *look.marked(run, p)) for run, p in looks]
    marks = dict(zip((id(run) for run, _ in looks), seen, strict=True))
    lines = []
    for paragraph in paragraphs:
        shown = ""
        for run, annotation in _shown_runs(paragraph):
            gone, where, struck = marks.get(id(run), (False, None, False))
            if gone:
                continue
            text = "".join(_run_text(run))
            if where in ("superscript", "subscript") and shown[-1:].isdigit():
                text = text.translate(_SUPERSCRIPTS if where == "superscript" else _SUBSCRIPTS)
            elif struck or annotation:
                text = f"{APART}{text}{APART}"
            shown += text
        lines.append(shown)
    return _SPACES.sub(" ", resolve("\n".join(lines))).strip()


# where a run's text is not the cell's text as the page shows it: moved away by a tracked
# change, an alternative Word shows only when it cannot show the choice, a text box
_NOT_THE_CELLS = frozenset({f"{W}moveFrom", f"{W}del", f"{W}txbxContent", f"{W}tbl",
                            f"{MC}Fallback"})


def _cell_paragraphs(tc: Any) -> Any:
    """The cell's paragraphs, in a content control too, not those of a nested table (read as
    a table of its own) or a text box."""
    for paragraph in tc.iter(f"{W}p"):
        if not _inside(paragraph, tc, _NOT_THE_CELLS):
            yield paragraph


def _shown_runs(paragraph: Any) -> Any:
    """The paragraph's runs (``w:r``, an equation's ``m:r``) the page shows in it, each with
    whether it annotates a ruby's base (``w:rt``)."""
    for run in paragraph.iter(f"{W}r", f"{M}r"):
        if not _inside(run, paragraph, _NOT_THE_CELLS | {f"{W}p"}):
            yield run, _inside(run, paragraph, frozenset({f"{W}rt"}))


def _inside(el: Any, stop: Any, tags: frozenset[str]) -> bool:
    """Whether an ancestor of ``el`` below ``stop`` is one of ``tags``."""
    for ancestor in el.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag in tags:
            return True
    return False


def _run_text(run: Any) -> list[str]:
    """A run's text as python-docx's ``cell.text`` gives it: tabs and line breaks are spaces
    (``3``, a break, ``0`` is no 30)."""
    out = []
    for child in run:
        if child.tag in (f"{W}t", f"{M}t"):
            out.append(child.text or "")
        elif child.tag in (f"{W}tab", f"{W}br", f"{W}cr", f"{W}ptab"):
            out.append(" ")
        elif child.tag == f"{W}noBreakHyphen":
            out.append("-")
    return out


def _tables(document: Any, doc: Document, look: WordLook) -> None:
    """All tables in document order, nested tables after their parent. A paragraph right above
    a top-level table that starts with "Table" is its caption."""
    def visit(tables: Any) -> list[TextTable]:
        found = []
        for table in tables:
            rows = [[_cell_text(c, look) for c in row.cells] for row in table.rows]
            width = max((len(r) for r in rows), default=0)
            found.append(TextTable(index=len(doc.tables) + 1,
                                   rows=[r + [""] * (width - len(r)) for r in rows]))
            doc.tables.append(found[-1])
            for row in table.rows:
                for cell in row.cells:
                    visit(cell.tables)
        return found

    top_level = iter(visit(document.tables))
    previous = None
    for el in document.element.body.iterchildren():
        if el.tag == f"{W}tbl":
            table = next(top_level, None)
            if table is not None and previous is not None and previous.tag == f"{W}p":
                text = "".join(t.text or "" for t in previous.iter(f"{W}t")).strip()
                if re.match(r"(?i)table\b", text):
                    table.caption = text
        previous = el


def _paragraphs(document: Any, doc: Document) -> None:
    """The body's paragraphs outside tables, from every run the page shows: python-docx's
    ``paragraph.text`` left out a field's result or a content control's text (``North had
    <3> deaths``), and ``document.paragraphs`` a paragraph inside a content control."""
    body = document.element.body
    paragraphs = (p for p in body.iter(f"{W}p") if not _inside(p, body, _NOT_THE_CELLS))
    for i, paragraph in enumerate(paragraphs, start=1):
        shown = "".join(" " + "".join(_run_text(run)) + " " if annotation
                        else "".join(_run_text(run))
                        for run, annotation in _shown_runs(paragraph))
        text = _SPACES.sub(" ", shown).strip()
        if text:
            doc.text.append(TextPart(f"paragraph {i}", text))


def _headers_footers(document: Any, doc: Document) -> None:
    for s, section in enumerate(document.sections, start=1):
        for kind in ("header", "footer", "first_page_header", "first_page_footer",
                     "even_page_header", "even_page_footer"):
            part = getattr(section, kind)
            if part.is_linked_to_previous and s > 1:
                continue
            text = _part_text(part._element)  # its tables' cells and content controls too
            if text.strip():
                doc.text.append(TextPart(f"section {s} {kind.replace('_', ' ')}",
                                         _SPACES.sub(" ", text).strip()))


def _part_text(root: Any) -> str:
    """A header's or footer's text from every run the page shows, its tables' too."""
    skip = _NOT_THE_CELLS - {f"{W}tbl"}
    return " ".join("".join("".join(_run_text(run)) for run, _ in _shown_runs(paragraph))
                    for paragraph in root.iter(f"{W}p")
                    if not _inside(paragraph, root, skip)).strip()


def _comments(document: Any, doc: Document) -> None:
    try:
        comments = list(document.comments)
    except (AttributeError, KeyError):
        comments = []
    for i, comment in enumerate(comments, start=1):
        text = _SPACES.sub(" ", comment.text).strip()
        if text:
            doc.text.append(TextPart(f"comment {i}", text, hidden=True))
    if comments:
        doc.flags.append(Flag("comment", f"{len(comments)} comment(s) in the document"))


def _xml_text(root: Any, tag: str) -> list[str]:
    return [t.text for t in root.iter(tag) if t.text]


def _package_text(package: zipfile.ZipFile, doc: Document, look: WordLook) -> None:
    """What python-docx does not show: deleted text of tracked changes, hidden runs (vanish,
    a font under 2 points, a colour like the background's, by the run's own formatting or its
    style's), footnotes and endnotes."""
    from lxml import etree

    def load(name: str) -> Any:
        try:
            data = package.read(name)
        except KeyError:
            return None  # the document has no such part
        try:
            return etree.fromstring(data)
        except etree.XMLSyntaxError as exc:
            # a part these functions read (and so ``_parts`` does not search) left unread was
            # a pass: footnotes nested past libxml2's 256 levels, or not XML at all, held a 3
            # no rule saw (round 32, hunt32). Unreadable, never read in part
            raise DocumentError(f"{name} could not be parsed ({exc}): its text was not "
                                "read") from exc

    body = load("word/document.xml")
    if body is not None:
        # text boxes are shown on the page but python-docx's paragraphs do not hold them
        for n, box in enumerate(body.iter(f"{W}txbxContent"), 1):
            boxed = _SPACES.sub(" ", " ".join(_xml_text(box, f"{W}t"))).strip()
            if boxed:
                doc.text.append(TextPart(f"text box {n}", boxed))
        _alt_texts(body, doc)
        _element_attributes(body, doc)
        _symbol_digits(body, doc)
        # the body's fields, and those of the headers, footers and notes (which a page shows)
        _field_codes([body, *(root for name in sorted(package.namelist())
                              if re.fullmatch(r"word/(header|footer)\d*\.xml|"
                                              r"word/(foot|end)notes\.xml", name)
                              and (root := load(name)) is not None)], doc)
        # text moved away by a tracked change (``w:moveFrom``) is gone from the page, as a
        # deletion is: a 3 moved out of North's cell passed unread
        deleted = " ".join([*_xml_text(body, f"{W}delText"),
                            *(t for moved in body.iter(f"{W}moveFrom")
                              for t in _xml_text(moved, f"{W}t"))])
        inserted = len(list(body.iter(f"{W}ins", f"{W}moveTo")))
        if deleted.strip():
            doc.text.append(TextPart("tracked deletions", deleted.strip(), hidden=True))
        if deleted.strip() or inserted:
            doc.flags.append(Flag("tracked changes", "the document has unaccepted tracked "
                                  "changes; deleted text is still in the file"))
        hidden: list[str] = []
        why: list[str] = []
        for run in body.iter(f"{W}r"):
            words = _xml_text(run, f"{W}t")
            if not "".join(words).strip():
                continue
            paragraph = next(run.iterancestors(f"{W}p"), None)
            reason = look.hidden(run, paragraph)
            if reason is not None:
                hidden.extend(words)
                reason = ("coloured like one of the backgrounds it may stand on, in a colour "
                          "or look its table style may give the cell (which of the style's "
                          "formats applies is not certain), or hidden in Web Layout view "
                          "(w:webHidden): a person must see it"
                          if reason == "may" else reason)
                if reason not in why:
                    why.append(reason)
        if hidden:
            doc.text.append(TextPart("hidden text", " ".join(hidden), hidden=True))
            doc.flags.append(Flag("hidden text", "runs " + "; ".join(why)))
    for name, label in (("word/footnotes.xml", "footnotes"), ("word/endnotes.xml", "endnotes")):
        root = load(name)
        if root is not None:
            text = " ".join(_xml_text(root, f"{W}t")).strip()
            if text:
                doc.text.append(TextPart(label, _SPACES.sub(" ", text)))
    if not any(part.where.startswith("comment ") for part in doc.text):
        _unlinked_comments(load("word/comments.xml"), doc)


def _unlinked_comments(root: Any, doc: Document) -> None:
    """The comments part read by its name when python-docx read no comment from it (no
    relationship names it): Word shows none of it, the file carries it, and ``_parts`` took
    it for read (a ``West 3`` there passed, hunt51)."""
    if root is None:
        return
    texts = [text for comment in root.iter(f"{W}comment")
             if (text := _SPACES.sub(" ", " ".join(_xml_text(comment, f"{W}t"))).strip())]
    for i, text in enumerate(texts, start=1):
        doc.text.append(TextPart(f"comment {i}", text, hidden=True))
    if texts:
        doc.flags.append(Flag("comment", f"{len(texts)} comment(s) in the document's comments "
                              "part, which no relationship names"))


def _symbol_digits(body: Any, doc: Document) -> None:
    """A symbol character (``<w:sym w:font=".." w:char="0033"/>``) is drawn from its font,
    not held as text: in a text font ``0033`` shows ``3``, which no cell or paragraph read
    held (``South`` then a symbol 3 passed, hunt51). Symbols whose code's low byte is a digit
    (``0030``-``0039``, the Symbol font's ``F030``-``F039``) are hidden text and flagged; the
    others (arrows, Greek letters) are left."""
    digits = []
    for el in body.iter(f"{W}sym"):
        try:
            code = int(el.get(f"{W}char") or "", 16)
        except ValueError:
            continue
        if 0x30 <= code & 0xFF <= 0x39 and code >> 8 in (0x00, 0xF0):
            digits.append(chr(code & 0xFF))
    if digits:
        doc.text.append(TextPart("symbol characters", " ".join(digits), hidden=True))
        doc.flags.append(Flag("symbol characters", f"{len(digits)} symbol character(s) that a "
                              "text font draws as digits, which no text of the document holds"))


# fields whose code's numbers do not make the text they show: page and section numbers, a
# table of contents' levels (``TOC \\o "1-3"``), references, dates, document facts, citation
# add-ins, index and form fields. Any other (``=``, ``IF``, ``QUOTE``, ``SET``, ``SYMBOL``,
# ``SEQ \\r``, one Word may add) computes its text from its code when the fields are updated
_PLAIN_FIELDS = frozenset(re.split(r"\s+", """
PAGE NUMPAGES SECTIONPAGES SECTION TOC TC REF PAGEREF NOTEREF HYPERLINK STYLEREF DATE TIME
CREATEDATE SAVEDATE PRINTDATE EDITTIME AUTHOR TITLE SUBJECT KEYWORDS COMMENTS FILENAME NUMWORDS
NUMCHARS INCLUDEPICTURE ADDIN MERGEFIELD BIBLIOGRAPHY CITATION XE INDEX FORMCHECKBOX FORMTEXT
FORMDROPDOWN MACROBUTTON GOTOBUTTON LISTNUM AUTONUM AUTONUMLGL AUTONUMOUT SEQ""".strip()))
# a field's format switches: a numeric picture (``\\# "0.0"``), a date picture, a case format
_FIELD_SWITCH = re.compile(r'\\[#@*]\s*(?:"[^"]*"|\S+)')


def _element_attributes(body: Any, doc: Document) -> None:
    """A smart tag's or an inline custom XML element's attributes (``<w:attr w:val="3"/>``)
    travel with the text they wrap and no page shows them (Word has not written either since
    2010): their values are hidden text, their numbers SDC602, and the document is flagged."""
    values = [el.get(f"{W}val", "") for el in body.iter(f"{W}attr")]
    values = [v for v in values if v.strip()]
    if values:
        doc.text.append(TextPart("smart tag and custom XML attributes", " ".join(values),
                                 hidden=True))
        doc.flags.append(Flag("hidden text", f"{len(values)} smart tag or custom XML "
                              "attribute value(s) the page does not show"))


def _field_codes(roots: list[Any], doc: Document) -> None:
    """A field shows the result Word cached, which sdc reads; updating the fields (F9, or on
    printing) shows what its code computes: ``{ = 3 }`` or ``{ QUOTE 3 }`` cached as 30 read
    as 30 and passed. The numbers of a field code that computes its text are hidden text
    (SDC602), and the document is flagged (SDC605)."""
    from sdc.readers.documents.reading import numbers_in_prose

    codes: list[str] = []
    for root in roots:
        codes += [el.get(f"{W}instr", "") for el in root.iter(f"{W}fldSimple")]
        open_fields: list[list[str]] = []
        for el in root.iter(f"{W}fldChar", f"{W}instrText"):
            if el.tag == f"{W}instrText":
                if open_fields:
                    open_fields[-1].append(el.text or "")
                else:  # a code outside any field's begin and end: no page shows it, the
                    codes.append(el.text or "")  # file holds it (``QUOTE 3`` passed, hunt51)
            elif el.get(f"{W}fldCharType") == "begin":
                open_fields.append([])
            elif el.get(f"{W}fldCharType") == "end" and open_fields:
                codes.append("".join(open_fields.pop()))
    computing = []
    for code in codes:
        words = code.strip().lstrip("=").split()
        keyword = words[0].upper() if words and not code.strip().startswith("=") else "="
        if keyword == "SEQ" and not re.search(r"\\[rc]\b", code, re.I):
            continue
        if keyword in _PLAIN_FIELDS and keyword != "SEQ":
            continue
        if numbers_in_prose(_FIELD_SWITCH.sub(" ", code)):
            computing.append(_SPACES.sub(" ", code).strip())
    for n, code in enumerate(computing, 1):
        doc.text.append(TextPart(f"field code {n}", code, hidden=True))
    if computing:
        doc.flags.append(Flag("field code", f"{len(computing)} field(s) compute what they "
                              "show from numbers in their code (=, IF, QUOTE, ...): updated, "
                              "they show that, not the cached text sdc read"))


def _alt_texts(body: Any, doc: Document) -> None:
    """A picture's or chart's alt text and title (``<wp:docPr descr="..." title="...">``):
    not on the page, read aloud by a screen reader and kept in the file, so free text like any
    other (``West had 3 deaths``)."""
    texts: list[str] = []
    for el in body.iter("{*}docPr", "{*}cNvPr"):
        for attr in ("descr", "title"):
            value = _SPACES.sub(" ", el.get(attr) or "").strip()
            if value and value not in texts:
                texts.append(value)
    for n, text in enumerate(texts, 1):
        doc.text.append(TextPart(f"alt text {n} of a picture or chart", text, hidden=True))


def _properties(document: Any, doc: Document) -> None:
    props = document.core_properties
    for name in ("title", "subject", "author", "keywords", "comments", "category",
                 "content_status", "identifier", "last_modified_by", "version", "language"):
        value = getattr(props, name, None)
        if value and str(value).strip():
            doc.text.append(TextPart(f"core property '{name}'", str(value).strip(), hidden=True))


def _custom_properties(name: str, data: bytes, doc: Document) -> None:
    """Custom properties, or the company and manager of ``app.xml``, saying a number no page
    shows (a count, or text a title would not explain; Office's own dates, flags, GUIDs and
    label bits say none): flagged for a person, never quoted (the part's words are searched
    for identifiers)."""
    from sdc.readers.xlsx_free_text import (
        APP_FREE_TEXT,
        core_fields_with_numbers,
        custom_properties_with_numbers,
    )

    if name == "docProps/app.xml":
        fields = core_fields_with_numbers(data, APP_FREE_TEXT)
        if fields:
            doc.flags.append(Flag("number outside the page", f"{name}: the document's "
                                  f"{', '.join(fields)} hold(s) a number no page shows: a "
                                  "person must read it"))
        return
    count = custom_properties_with_numbers(data)
    if count:
        doc.flags.append(Flag("number outside the page", f"docProps/custom.xml: {count} custom "
                              f"propert{'y' if count == 1 else 'ies'} of the document hold(s) "
                              "a number no page shows: a person must read it"))


def _parts(package: zipfile.ZipFile, doc: Document) -> None:
    """Every member of the package is read by something. Members a Word document does not
    need are flagged (embedded objects, macros, data) and their text read; custom XML, the
    glossary (building blocks no page shows) and document variables are flagged and read;
    every XML part (properties, settings, styles, and what the parts read above hold besides
    their text: field codes, content-control names) is searched for identifiers (its numbers
    are sizes and settings, not statistics)."""
    from sdc.readers.image_parts import binary_strings, xml_text

    for name in package.namelist():
        if name.endswith("/"):
            continue
        try:
            data = package.read(name)
        except (KeyError, zipfile.BadZipFile, RuntimeError, EOFError, zlib.error) as exc:
            doc.flags.append(Flag("unreadable package part", f"'{name}' inside the .docx "
                                  f"could not be read ({type(exc).__name__}); a person must "
                                  "check it"))
            continue
        if _PICTURE.match(name):
            _picture(name, data, doc)
            continue
        if _EXPECTED_PART.match(name):
            hiding = next((what for pattern, what in _HIDING_PARTS if pattern.match(name)), None)
            if name == "word/settings.xml" and b"docVar" in data:
                hiding = "document variables"
            # document variables are attribute values; other hiding parts need element text
            if hiding == "document variables" or (hiding is not None and _element_text(data)):
                shown = xml_text(data) or data.decode("utf-8", errors="replace")
                doc.flags.append(Flag(hiding, f"'{name}' inside the .docx holds text no page "
                                      "shows"))
                doc.text.append(TextPart(f"package part '{name}'", shown, hidden=True))
            elif name.endswith(".xml"):
                if name in ("docProps/custom.xml", "docProps/app.xml"):
                    _custom_properties(name, data, doc)
                words = xml_text(data)
                if words is None:  # not XML sdc parses (malformed, entities): its words
                    doc.flags.append(Flag(  # were searched by nothing (round 32, hunt32)
                        "unreadable package part", f"'{name}' inside the .docx is not XML "
                        "sdc can parse; a person must check it"))
                    words = data.decode("utf-8", errors="replace")
                if _READ_ABOVE.match(name):
                    _bookmark_names(name, data, doc)
                if words and _READ_ABOVE.match(name):  # what is not read above: field
                    words = _unread_lines(words, doc)  # codes, control names, bookmarks
                if words:
                    doc.text.append(TextPart(f"package part '{name}'", words, hidden=True,
                                             numbers_accounted=True))
            continue
        what = ("embedded object" if name.startswith("word/embeddings/") else
                "macro" if "vbaProject" in name else "extra package part")
        doc.flags.append(Flag(what, f"'{name}' inside the .docx"))
        text: str = data[:MAX_PART_BYTES].decode("utf-8", errors="replace")
        if "\x00" in text or text.count("\ufffd") > len(text) // 100:  # binary
            text = binary_strings(data[:MAX_PART_BYTES])
        if text.strip():
            doc.text.append(TextPart(f"package part '{name}'", text, hidden=True))


_BOOKMARK = re.compile(rb"<w:bookmarkStart\b[^>]*?\bw:name=\"([^\"]*)\"")


def _bookmark_names(name: str, data: bytes, doc: Document) -> None:
    """A bookmark's name read as a key is (``source_notes``): no page shows it, the file
    holds it (``North_deaths_3``: SDC602); Word's own (``_Toc123``, ``_GoBack``) pass."""
    from sdc.readers.documents.source_notes import (
        key_beside_label,
        key_not_understood,
        table_labels,
    )

    labels = table_labels([t.rows for t in doc.tables])
    for m in _BOOKMARK.finditer(data):
        key = m.group(1).decode("utf-8", errors="replace")
        words = key_not_understood(key)
        if words is None and not key.startswith("_"):  # Word's own: _Toc123, _Ref4
            words = key_beside_label(key, labels)
        if words is not None:
            doc.text.append(TextPart(f"bookmark name in '{name}'", words, hidden=True))


def _unread_lines(text: str, doc: Document) -> str:
    """The lines of a part's text holding a word the reader has not extracted already."""
    known = {w for part in doc.text for w in part.text.split()}
    known |= {w for table in doc.tables for row in table.rows for cell in row
              for w in cell.split()}
    return "\n".join(line for line in text.splitlines()
                     if any(w not in known for w in line.split()))


def _element_text(data: bytes) -> bool:
    """Whether an XML part has element text (not only attributes); unparsable XML has."""
    from sdc.readers.image_parts import parse_xml

    root = parse_xml(data)
    return root is None or bool("".join(root.itertext()).strip())


def _picture(name: str, data: bytes, doc: Document) -> None:
    """A picture in the document, read as an image file is (magic bytes, bytes after its end,
    private blocks, metadata text); its pixels are out of scope."""
    from sdc.readers.image_parts import embedded_picture
    from sdc.readers.parts import looks_tabular

    picture = embedded_picture(name, data)
    if picture.problem:
        doc.flags.append(Flag("embedded image", f"'{name}': {picture.problem}"))
    doc.flags.extend(Flag(item.what, item.detail) for item in picture.hidden)
    # metadata numbers (resolution, sizes) are no statistics: identifiers are looked for in
    # them; a table hidden in a picture is read for its numbers too
    doc.text.extend(TextPart(part.name, part.text, hidden=True,
                             numbers_accounted=not looks_tabular(part.text))
                    for part in picture.parts)
