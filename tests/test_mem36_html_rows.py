"""Round 36 (mem36): an HTML table's grid read a row at a time gives the grid the reading of
every position at once gave (``html._table``), on random tables of spans, gaps, empty rows,
footnote lines and spans past the last row.

The reference below is ``_table`` as it was up to round 35 (a dict of every grid position
and a list of every cell's element, ~100 MiB on a 5 MiB page), kept here only to compare."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

import sdc
from sdc.policy import build_policy
from sdc.readers.documents import html
from sdc.readers.documents.html import _RAISED, _rows_of, _span, _text


def _reference(table: object) -> list[list[str]]:
    grid: dict[tuple[int, int], tuple[str, int]] = {}
    cell_id = 0
    read = [(row.getparent() is not None and row.getparent().tag == "tfoot",
             [(cell, _text(cell)) for cell in row
              if isinstance(cell.tag, str) and cell.tag in ("td", "th")])
            for row in _rows_of(table)]  # type: ignore[arg-type]
    marks = {m for foot, cells in read if not foot for _, text in cells
             for m in re.findall(f"(?<=[^\\s{_RAISED}])[{_RAISED}]{{1,2}}", text)}
    for r, (foot, cells) in enumerate(read):
        c = 0
        for cell, text in cells:
            while (r, c) in grid:
                c += 1
            cell_id += 1
            if foot:
                opened = _text(cell, lead_mark=True)
                mark = re.match(f"[{_RAISED}]{{1,2}}", opened)
                text = opened if mark and mark.group(0) in marks else text
            for dr in range(_span(cell, "rowspan")):
                for dc in range(_span(cell, "colspan")):
                    grid.setdefault((r + dr, c + dc), (text, cell_id))
            c += _span(cell, "colspan")
    n_rows = max((r for r, _ in grid), default=-1) + 1
    n_cols = max((c for _, c in grid), default=-1) + 1
    rows = []
    for r in range(n_rows):
        placed = [grid.get((r, c), ("", 0)) for c in range(n_cols)]
        if n_cols > 1 and len({cid for _, cid in placed}) == 1 and placed[0][1]:
            rows.append([placed[0][0]] + [""] * (n_cols - 1))
        else:
            rows.append([text for text, _ in placed])
    return rows


_TEXTS = ["", "3", "12", "West<sup>1</sup>", "<sup>1</sup> n (%)", "<sup>2</sup> test", "N = 5¹",
          "a b", "<b>7</b>", "¹ note"]


def _random_table(rng: random.Random) -> str:
    def row() -> str:
        cells = []
        for _ in range(rng.randint(0, 5)):
            tag = rng.choice(["td", "th"])
            spans = ""
            if rng.random() < 0.3:
                spans += f' rowspan="{rng.choice(["0", "2", "3", "x", "5"])}"'
            if rng.random() < 0.3:
                spans += f' colspan="{rng.choice(["0", "2", "3", "-1", "4"])}"'
            cells.append(f"<{tag}{spans}>{rng.choice(_TEXTS)}</{tag}>")
        return "<tr>" + "".join(cells) + "</tr>"

    parts = []
    for _ in range(rng.randint(1, 6)):
        kind = rng.choice(["tr", "thead", "tbody", "tfoot"])
        rows = "".join(row() for _ in range(rng.randint(0, 4)))
        parts.append(rows if kind == "tr" else f"<{kind}>{rows}</{kind}>")
    return "<table>" + "".join(parts) + "</table>"


@pytest.mark.parametrize("seed", range(40))
def test_a_row_at_a_time_gives_the_grid_of_all_positions_at_once(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(25):
        page = _random_table(rng)
        root = lxml_html.document_fromstring(f"<html><body>{page}</body></html>")
        for table in root.iter("table"):
            assert html._table(table, 1).rows == _reference(table), page


def test_spans_past_the_last_row_and_a_whole_width_line() -> None:
    page = ('<table><tr><td rowspan="3">a</td><td>1</td></tr><tr><td colspan="2">note</td>'
            "</tr></table>")
    root = lxml_html.document_fromstring(f"<html><body>{page}</body></html>")
    table = next(root.iter("table"))
    assert html._table(table, 1).rows == [["a", "1", ""], ["a", "note", "note"], ["a", "", ""]]
    assert html._table(table, 1).rows == _reference(table)


def _title_page(title: str, rows: int = 600) -> str:
    """A page whose ``<title>`` is its only table's (no caption), the table over
    ``ENCODED_FROM`` cells: read as codes per column (``reading._grid``)."""
    body = "".join(f"<tr><td>area {i}</td><td>{20 + i % 50}</td></tr>" for i in range(rows))
    return (f"<html><head><title>{title}</title></head><body><table><tr><th>area</th>"
            f"<th>count</th></tr>{body}</table></body></html>")


def test_a_long_tables_base_printed_in_the_title_is_checked(tmp_path: Path) -> None:
    # a code grid with no "=" or ":" in any cell skipped the caption's bases (round 36)
    (tmp_path / "t.html").write_text(_title_page("Admissions (n=3 excluded)"))
    found = {(f.rule, f.status.value, f.location.cell, f.message)
             for o in sdc.check(tmp_path, build_policy({})).outputs for f in o.findings}
    assert found == {("SDC101", "fail", "A1", "the base n=3 printed in the caption "
                      "'Admissions (n=3 excluded)': a count below the threshold 10")}


def test_its_twin_with_a_base_at_the_threshold_passes(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text(_title_page("Admissions (n=30 excluded)"))
    result = sdc.check(tmp_path, build_policy({}))
    assert [f for o in result.outputs for f in o.findings] == []
