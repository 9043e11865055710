"""Round 39 (mem39): an HTML page's tables read as the parser closes their rows, the plain
rows then dropped from the tree (``html_stream``), give the document the whole tree gave:
the same tables, text, hidden text and flags, on random pages of spans, footnote lines,
comments, styles, hidden or coloured ancestors and style sheets, and on a long page read in
many pieces. Pages the stream cannot read (a style sheet, a ``<style>`` in UTF-16) are read
whole. Memory is measured by ``benchmarks.bench_html_memory``, not here."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.documents import html, html_stream
from sdc.readers.documents.model import Document, DocumentError
from tests.test_mem36_html_rows import _random_table


def _whole(data: bytes, monkeypatch: pytest.MonkeyPatch) -> Document:
    """The page read from its whole tree (the stream declining every page)."""
    with monkeypatch.context() as patch:
        patch.setattr(html_stream, "read_streaming", lambda *args: None)
        return html.read_html(data)


def _dropped(data: bytes) -> int | None:
    """How many rows the stream dropped from the tree (None: it declined the page)."""
    reader = html_stream.Reader(html._Grid, html._rows_of, html._is_hidden,
                                html._other_attributes)
    streamed = html_stream.read_streaming(html._pieces_without_end_tags(data), None, reader)
    if streamed is None:
        return None
    return sum(len(grid.done) - len(html._rows_of(table))  # type: ignore[attr-defined]
               for table, grid in streamed.grids.items())


_ROWS = ["<tr><td>3</td><td>12</td></tr>", "<tr><th>West<sup>1</sup></th><td>4</td></tr>",
         '<tr style="text-align: right;"><th></th><th>n</th></tr>',
         '<tr><td style="text-align:right;">7</td><td><b>8</b></td></tr>',
         "<tr><td>5<!-- 9 --></td><td>6</td></tr>", '<tr><td class="x">13</td></tr>',
         '<tr><td style="color:#fff">&lt;</td><td>2</td></tr>', "<tr><td>1</td></tr>tail 5",
         '<tr><td title="14">15</td></tr>', '<tr><td><a href="#n">16</a></td></tr>',
         '<tr><th rowspan="2" valign="top">r</th><td id="c" class="k">20</td></tr>',
         '<tr><td class="data:text/csv,a%0A3">21</td></tr>']
_AROUND = [("", ""), ("<div>", "</div>"), ("<div hidden>", "</div>"),
           ("<details>", "</details>"), ('<div data-n="12">', "</div>"),
           ('<div style="color:white">', "</div>"), ('<div style="text-align:right">', "</div>"),
           ('<font color="white">', "</font>"), ("<p>6 people</p>", "<p>note 3</p>")]
_AFTER = ["", "<style>.x { display: none }</style>", "<style>td { color: #fff }</style>",
          "<p>17</p>", "<table><tr><td>18</td></tr></table>", "<!-- 19 -->"]


def _random_page(rng: random.Random) -> str:
    def table() -> str:
        rows = "".join(rng.choice(_ROWS) for _ in range(rng.randint(0, 6)))
        nested = rng.random() < 0.2
        inner = f"<tr><td>{_random_table(rng)}</td></tr>" if nested else ""
        return rng.choice([f"<table>{rows}{inner}</table>",
                           f"<table><caption>N = 3</caption><tbody>{rows}</tbody>{inner}"
                           f"<tfoot>{rng.choice(_ROWS)}</tfoot></table>",
                           f"<table><thead>{rng.choice(_ROWS)}</thead><tbody>{rows}</tbody>"
                           "</table>", _random_table(rng)])

    before, after = rng.choice(_AROUND)
    body = "".join(before + table() + after for _ in range(rng.randint(1, 3)))
    return f"<html><body>{body}{rng.choice(_AFTER)}</body></html>"


@pytest.mark.parametrize("seed", range(30))
def test_the_streamed_read_gives_the_whole_trees_document(seed: int,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    for _ in range(20):
        page = _random_page(rng).encode()
        assert html.read_html(page) == _whole(page, monkeypatch), page


def test_the_random_pages_drop_rows_and_are_declined_both() -> None:
    """The comparison above is of two reads only where the stream dropped rows: many pages
    of it do, and those with a style sheet are declined (read whole)."""
    rng = random.Random(0)
    dropped = [_dropped(_random_page(rng).encode()) for _ in range(200)]
    assert sum(1 for n in dropped if n) > 50
    assert sum(1 for n in dropped if n is None) > 20


def _area(i: int) -> str:
    """A label of letters only (``area bac``): no digit to be read as a number."""
    name = ""
    while True:
        i, r = divmod(i, 26)
        name += chr(97 + r)
        if not i:
            return f"area {name}"


def _long_page(small: int, row_of_small: int = 2500, after: str = "",
               small_cell: str = "<td>{}</td>") -> str:
    """A pandas ``to_html``-like page of 3,000 rows (~150 KiB: parsed in many pieces)."""
    body = "".join(f"<tr><th>{_area(i)}</th>"
                   + (small_cell.format(small) if i == row_of_small else f"<td>{20 + i % 50}</td>")
                   + f"<td>{30 + i % 7}</td></tr>\n" for i in range(3000))
    return ('<table border="1" class="dataframe"><thead><tr style="text-align: right;">'
            f"<th></th><th>men</th><th>women</th></tr></thead><tbody>{body}</tbody></table>"
            + after)


def _styler_page(small: int) -> str:
    """The long page as ``Styler.to_html`` writes it: an empty style sheet, an id and classes
    on every cell (names, handed over to "other attributes" for the rows dropped)."""
    rows = "".join(f'<tr><th id="T_a_level0_row{i}" class="row_heading level0 row{i}">'
                   f'{_area(i)}</th><td id="T_a_row{i}_col0" class="data row{i} col0">'
                   f'{small if i == 2500 else 20 + i % 50}</td><td id="T_a_row{i}_col1" '
                   f'class="data row{i} col1">{30 + i % 7}</td></tr>\n' for i in range(3000))
    return ('<style type="text/css">\n</style>\n<table id="T_a"><thead><tr><th class="blank '
            'level0">&nbsp;</th><th id="T_a_level0_col0" class="col_heading level0 col0">men'
            '</th><th id="T_a_level0_col1" class="col_heading level0 col1">women</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>")


def test_a_stylers_page_is_streamed_with_its_names(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _styler_page(4).encode()
    assert _dropped(data) == 3001
    read = html.read_html(data)
    names = [part.text for part in read.text if part.where == "other attributes"]
    assert names[0].split("\n")[:9] == [
        "text/css", "T_a", "blank level0", "T_a_level0_col0", "col_heading level0 col0",
        "T_a_level0_col1", "col_heading level0 col1", "T_a_level0_row0",
        "row_heading level0 row0"]
    assert len(names[0].split("\n")) == 7 + 6 * 3000
    assert read == _whole(data, monkeypatch)


@pytest.mark.parametrize(("small", "found"), [(4, _SMALL_STYLER := {
    ("SDC101", "fail", "B2502", "count 4 is below the threshold 10"),
    ("SDC103", "fail", "C2502", "group disclosure: the cell leaves only 4 of the total 35 "
     "across columns in other categories (fewer than 10)")}), (40, set())])
def test_a_small_count_in_a_stylers_long_page_is_found_its_twin_passes(
        tmp_path: Path, small: int, found: set[tuple[str, str, str, str]]) -> None:
    assert _findings(tmp_path, _styler_page(small)) == found


def _findings(tmp_path: Path, page: str) -> set[tuple[str, str, str | None, str]]:
    (tmp_path / "t.html").write_text(page)
    return {(f.rule, f.status.value, f.location.cell, f.message)
            for o in sdc.check(tmp_path, build_policy({})).outputs for f in o.findings}


_SMALL = {("SDC101", "fail", "B2502", "count 4 is below the threshold 10"),
          ("SDC103", "fail", "C2502", "group disclosure: the cell leaves only 4 of the total "
           "35 across columns in other categories (fewer than 10)")}


@pytest.mark.parametrize("after", ["", "<style>td { padding: 2px }</style>"])
def test_a_small_count_deep_in_a_long_page_is_found(tmp_path: Path, after: str) -> None:
    page = _long_page(4, after=after)
    assert _dropped(page.encode()) == (3001 if not after else None)  # streamed; whole
    assert _findings(tmp_path, page) == _SMALL


@pytest.mark.parametrize("after", ["", "<style>td { padding: 2px }</style>"])
def test_its_twin_with_the_count_at_the_threshold_passes(tmp_path: Path, after: str) -> None:
    assert _findings(tmp_path, _long_page(40, after=after)) == set()


def test_a_row_kept_in_the_tree_among_dropped_ones_is_read_once(tmp_path: Path) -> None:
    page = _long_page(4, small_cell="<td>{}<!----></td>")  # a comment: the row is kept
    assert _dropped(page.encode()) == 3000  # of 3,001 (the heading row too)
    assert _findings(tmp_path, page) == _SMALL


def test_a_style_sheet_the_bytes_do_not_show_sends_the_page_to_the_whole_read(
        tmp_path: Path) -> None:
    page = _long_page(4, after="<style>td { padding: 2px }</style>")
    data = page.encode("utf-16")  # with its byte-order mark: "<style" is not in the bytes
    assert html_stream.STYLE_SHEET.search(data) is None
    assert _dropped(data) is None
    (tmp_path / "t.html").write_bytes(data)
    found = {(f.rule, f.status.value, f.location.cell, f.message)
             for o in sdc.check(tmp_path, build_policy({})).outputs for f in o.findings}
    assert found == _SMALL


@pytest.mark.parametrize("before", [0, 49_416, 65_803])
def test_a_long_tables_page_past_the_parsers_depth_is_unreadable_as_read_whole(
        before: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """libxml2 leaves out what lies past its depth (256): the stream must see the error
    the whole read sees (the feed parser's own log), whatever piece it falls in, and the
    page is refused with the whole read's message, never read in part (no table: passed)."""
    page = ("<html><body>" + "<!--" + "y" * before + "-->" + "<div>" * 300
            + _long_page(4) + "</div>" * 300 + "</body></html>").encode()
    with pytest.raises(DocumentError) as streamed:
        html.read_html(page)
    with pytest.raises(DocumentError) as whole:
        _whole(page, monkeypatch)
    assert str(streamed.value) == str(whole.value)
    assert "Excessive depth in document: 256" in str(streamed.value)


def test_the_pages_pieces_are_its_bytes_without_end_tags_or_an_error() -> None:
    """``_pieces_without_end_tags`` joined is ``_END_TAGS.sub(b"", page)``; an end tag it
    would cut in two (longer than half a piece) raises ``ValueError`` (the page read whole)."""
    rng = random.Random(1)
    whole = cut = 0
    for _ in range(3000):
        bits = [b"<td>1</td>", b"</body>", b"</ HTML >", b"x" * rng.randint(0, 50), b"<",
                b"</bo", b"dy>", b"</" + b" " * rng.randint(0, 40) + b"html>"]
        page = b"".join(rng.choice(bits) for _ in range(rng.randint(0, 60)))
        try:
            joined = b"".join(html._pieces_without_end_tags(page, rng.randint(4, 64)))
        except ValueError:
            cut += 1
            continue
        whole += 1
        assert joined == html._END_TAGS.sub(b"", page), page
    assert whole > 1000 and cut > 100
