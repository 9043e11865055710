"""A plain CSV read as codes per column (``sdc.readers.csv_columns``) gives the cells
``csv.reader`` gives, and every text it cannot read exactly so goes the ``csv.reader`` way
(issue 12 channel 12, issue 14 §3).

Each text is parsed twice by ``csv_reader._parse``: once as it is, once with the codes' way
switched off (the cells made by ``csv.reader`` one by one, as before); the grids must be
equal field by field (a value's type and a zero's sign too), with the same regularity and the
same verdict on the output (too large, malformed). Which way was taken is asserted too, both
ways, for each thing the codes' way refuses."""

from __future__ import annotations

import csv
import random
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc.table
from sdc.grid_columns import Columns
from sdc.readers import csv_columns, csv_reader
from sdc.readers.values import MarkerSet
from sdc.table import Grid
from tests.test_grid_packed import _built, _rows, _spec

MARKERS = MarkerSet(["[c]", "*", "<5", "-", "..", "x"])


def _parse(text: str, codes: bool, max_rows: int = 10**6, max_columns: int = 10**4
           ) -> tuple[Grid | None, SimpleNamespace, bool]:
    """``_parse``'s grid and output, and whether the codes' way read it."""
    out = SimpleNamespace(too_large=None, unreadable=None)
    dialect = csv_reader.sniff_dialect(text[:csv_reader.SNIFF_BYTES])
    used = []
    real = csv_columns.plain_columns

    def spy(*args: object, **kwargs: object) -> Columns | None:
        found = real(*args, **kwargs) if codes else None  # type: ignore[arg-type]
        used.append(found is not None)
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_reader, "plain_columns", spy)
        if not codes:  # csv.reader's records a cell per field, not coded either
            patch.setattr(csv_reader, "reader_columns", lambda *_, **__: csv_columns.Read(None))
        grid = csv_reader._parse(out, text, dialect, markers=MARKERS, max_rows=max_rows,
                                 max_columns=max_columns)
    return grid, out, any(used)


def _same_both_ways(text: str, **limits: int) -> bool:
    """The grids of both ways are equal; whether the codes' way read ``text``."""
    new, new_out, used = _parse(text, True, **limits)
    old, old_out, _ = _parse(text, False, **limits)
    assert vars(new_out) == vars(old_out)
    assert (new is None) == (old is None)
    if new is not None and old is not None:
        assert _rows(list(new)) == _rows(list(old))
        assert new.is_regular() == old.is_regular()
        assert not new.packed
    return used


FIELDS = ["1", "0", "-0", "0.0", "12.5", "1e3", "1,234", "007", "NaN", "inf", "", " ", "  3 ",
          "[c]", "*", "<5", "-", "..", "x", "X", "Total", "North", "é", "#", "# note",
          "18-24", "=1+1", "50%", "(12)", "\u00a0", "\x0c", "\x0b", "\x1c", "\u2028", "\x85",
          "a\tb", "a;b", "a|b", '"', '"q"', "\r", "\x00", "\ufeff", "\u00ff" * 3]


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Delimited texts, mostly plain (so both ways are compared) and some with one of the
    things the codes' way refuses: quotes, CR, NUL, BOM, blank or ragged lines."""
    delimiter = draw(st.sampled_from([",", ",", ";", "\t", "|"]))
    width = draw(st.integers(1, 6))
    fields = st.one_of(st.sampled_from(FIELDS), st.integers(-50, 5000).map(str),
                       st.text(max_size=4))
    lines = []
    for _ in range(draw(st.integers(1, 25))):
        n = width if draw(st.integers(0, 9)) else draw(st.integers(0, 7))  # some ragged
        lines.append(delimiter.join(draw(fields) for _ in range(n)))
    end = draw(st.sampled_from(["\n", "\n", "", "\r\n", "\n\n"]))
    return "\n".join(lines) + end


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_both_ways_read_any_text_alike(text: str) -> None:
    _same_both_ways(text)


@pytest.mark.parametrize("seed", range(40))
def test_both_ways_read_plain_texts_alike(seed: int) -> None:
    """Plain texts of repeating labels and numbers, large enough for several chunks: the
    codes' way reads every one."""
    rng = random.Random(seed)
    delimiter = rng.choice([",", ";", "\t", "|"])
    width = rng.randint(2, 8)
    plain = [f for f in FIELDS if not any(c in f for c in (*csv_columns.REFUSED, "\n",
                                                           *csv_reader.DELIMITERS))]
    rows = rng.choice([3, 50, csv_columns.CHUNK + 7])
    text = "\n".join(delimiter.join(rng.choice(plain) if rng.random() < 0.5 else
                                    str(rng.randint(0, 99)) for _ in range(width))
                     for _ in range(rows)) + rng.choice(["\n", ""])
    assert _same_both_ways(text)


PLAIN = "region,sex,n\nNorth,F,12\nNorth,M,[c]\nSouth,F,0\n"


@pytest.mark.parametrize(("text", "limits", "codes"), [
    (PLAIN, {}, True),
    (PLAIN.rstrip("\n"), {}, True),  # no newline after the last line
    ("# a note,,\n" + PLAIN, {}, True),  # csv.reader reads a comment-like line as fields
    (PLAIN.replace("North", "\x0cNorth\x85\u2028"), {}, True),  # not line ends for csv either
    (PLAIN.replace("North", '"North"'), {}, False),  # quotes
    (PLAIN.replace("North", 'No"rth'), {}, False),
    (PLAIN.replace("\n", "\r\n"), {}, False),  # carriage returns
    (PLAIN.replace("12", "1\r2"), {}, False),
    (PLAIN.replace("12", "1\x002"), {}, False),  # NUL
    ("\ufeff" + PLAIN, {}, False),  # a byte-order mark left in the text
    (PLAIN.replace("North,M", "\nNorth,M"), {}, False),  # a blank line
    (PLAIN + "\n", {}, False),  # a blank line at the end
    (PLAIN.replace("South,F,0", "South,F"), {}, False),  # ragged
    (PLAIN.replace("South,F,0", "South,F,0,1"), {}, False),
    ("n\n12\n3\n", {}, False),  # a single column
    (PLAIN, {"max_rows": 3}, False),  # more lines than the row limit: too large
    (PLAIN, {"max_rows": 4}, True),
    (PLAIN, {"max_columns": 2}, False),  # more columns than the limit: too large
    ("a,b\n" + "x," + "9" * (csv.field_size_limit() + 1) + "\n", {}, False),  # field limit
])
def test_which_way_reads_a_text(text: str, limits: dict[str, int], codes: bool) -> None:
    assert _same_both_ways(text, **limits) is codes


def test_too_many_distinct_texts_go_the_cells_way(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "id,n\n" + "".join(f"p{i},{i % 7}\n" for i in range(300))
    assert _same_both_ways(text)
    monkeypatch.setattr(csv_columns, "MAX_MEANINGS", 200)
    assert not _same_both_ways(text)


def test_a_plain_texts_codes_are_compact() -> None:
    text = "region,n\n" + "North,1\nSouth,2\n" * 200
    packed = csv_columns.plain_columns(text, ",", csv_reader._CellParser(MARKERS, False).meaning,
                                       max_rows=10**6, max_columns=100)
    assert packed is not None
    assert [m[0] for m in packed.meanings[2:]] == ["region", "North", "South", "n", "1", "2"]
    assert packed.codes[0].typecode == "B" and list(packed.lines) == list(range(1, 402))
    assert packed.regular and not packed.pins and not packed.plain


@pytest.mark.parametrize("seed", range(60))
def test_all_rows_is_rows_with_pinned_cells_kept(seed: int,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """``Columns.all_rows`` (a column at a time) == ``list(rows())`` (row by row), field by
    field, with every pinned cell the object that was pinned; on equal rows and ragged ones."""
    monkeypatch.setattr(sdc.table, "ENCODED_FROM", 0)
    rng = random.Random(seed)
    spec = _spec(rng, regular=seed % 3 != 0)
    if seed % 2:  # equal rows: the column-at-a-time way
        width = max(map(len, spec))
        spec = [row for row in spec if len(row) == width] or spec[:1]
    rows = _built(spec)
    cells = [c for row in rows for c in row]
    held = rng.sample(cells, k=min(len(cells), rng.randint(0, 12)))
    del cells
    packed = Columns.of(rows)
    del rows
    if packed is None:
        pytest.skip("not packed: the texts barely repeat")
    made = packed.all_rows()
    assert _rows(made) == _rows(list(packed.rows())) == _rows(_built(spec))
    ids = {id(c) for row in made for c in row}
    assert all(id(c) in ids for c in held)


def test_a_rows_cells_share_its_line_number() -> None:
    """One int a row, as the parser's cells (an int a cell is 28 more bytes each)."""
    text = "region,sex,n\n" + "North,F,12\n" * 1000
    grid, _, used = _parse(text, True)
    assert used and grid is not None
    assert all(c.row is row[0].row for row in grid for c in row)
