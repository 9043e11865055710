"""A CSV ``csv.reader`` must read (quoted fields, fields across lines, blank and ragged lines,
more lines than the row limit) is read into codes per column (``csv_columns.reader_columns``)
and checked as a code grid, with the cells, verdicts and whole reports of the cell-per-field
loop it replaced (``csv_reader._cells``, the oracle; issue 12 channel 12, issue 14 §3).

Each text is read both ways: as it is, and with ``reader_columns`` answering "too many
distinct texts" (so ``_parse`` takes the cell loop). The grids must be equal field by field
(a value's type and a zero's sign too), the code rows' lines and widths those of the rows,
the output's verdict (too large, malformed, refused) the same; and a whole check's report
(``to_dict(with_evidence=True)``, the file's sha256 and times aside) must be equal."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import sdc
from sdc.readers import csv_columns, csv_reader
from sdc.table import Grid
from tests.test_csv_columns import FIELDS, MARKERS
from tests.test_grid_packed import _rows


def _cells_only(*_: object, **__: object) -> csv_columns.Read:
    return csv_columns.Read(None)  # too many distinct texts: the cell loop reads it


def _parse(text: str, codes: bool, max_rows: int = 10**6, max_columns: int = 10**4
           ) -> tuple[Grid | None, SimpleNamespace]:
    out = SimpleNamespace(too_large=None, unreadable=None)
    dialect = csv_reader.sniff_dialect(text[:csv_reader.SNIFF_BYTES])
    with pytest.MonkeyPatch.context() as patch:
        if not codes:
            patch.setattr(csv_reader, "reader_columns", _cells_only)
        grid = csv_reader._parse(out, text, dialect, markers=MARKERS, max_rows=max_rows,
                                 max_columns=max_columns)
    return grid, out


def _same_both_ways(text: str, **limits: int) -> bool:
    """Both ways read ``text`` alike; whether it was read as code rows."""
    new, new_out = _parse(text, True, **limits)
    old, old_out = _parse(text, False, **limits)
    assert vars(new_out) == vars(old_out)
    assert (new is None) == (old is None)
    if new is None or old is None:
        return False
    code = new.code_rows()
    if code is not None:
        assert len(code) == len(old)
        assert [code.width(i) for i in range(len(code))] == [len(r) for r in old]
        assert [code.line(i) for i in range(len(code))] == [r[0].row if r else 0 for r in old]
        assert new.first_lines() == old.first_lines()
        assert new.widths_of_rows() == old.widths_of_rows()
        assert new.distinct_texts() == old.distinct_texts()
        assert new.texts_across() == old.texts_across()
    assert _rows(list(new)) == _rows(list(old))
    assert new.is_regular() == old.is_regular()
    return code is not None


@st.composite
def quoted_texts(draw: st.DrawFn) -> str:
    """Delimited texts ``csv.reader`` must read: fields quoted (some holding the delimiter, a
    line end, a doubled quote), blank lines, ragged lines, CR LF line ends, a title line."""
    delimiter = draw(st.sampled_from([",", ",", ";", "\t", "|"]))
    width = draw(st.integers(1, 6))
    plain = st.one_of(st.sampled_from([f for f in FIELDS if f not in ('"', '"q"', "\r")]),
                      st.integers(-50, 5000).map(str))
    inner = st.one_of(plain, st.sampled_from([
        f"a{delimiter}b", "two\nlines", "cr\r\nlf", 'say ""hi""', "", " 12 ", "1,234",
        "Total", "[c]", "North\nSouth"]))
    quoting = draw(st.sampled_from(["all", "strings", "some", "none"]))

    def field() -> str:
        text = draw(inner)
        needs = any(c in text for c in (delimiter, "\n", "\r", '"'))
        quote = (needs or quoting == "all"
                 or (quoting == "strings" and not text.strip().lstrip("-").isdigit())
                 or (quoting == "some" and draw(st.booleans())))
        if quote:
            return '"' + text.replace('""', '"').replace('"', '""') + '"'
        return text.replace('""', "x").replace('"', "x")

    lines = []
    if draw(st.integers(0, 3)) == 0:
        lines.append('"Table 1: counts by region"')
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(st.integers(0, 11))
        n = width if kind > 2 else 0 if kind == 0 else draw(st.integers(1, 8))
        lines.append(delimiter.join(field() for _ in range(n)))
    end = draw(st.sampled_from(["\n", "\n", "", "\r\n", "\n\n"]))
    sep = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return sep.join(lines) + end


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quoted_texts())
def test_both_ways_read_quoted_texts_alike(text: str) -> None:
    event("code rows" if _same_both_ways(text) else "refused or plain")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quoted_texts(), st.integers(1, 30), st.integers(1, 8))
def test_both_ways_hold_the_limits_alike(text: str, max_rows: int, max_columns: int) -> None:
    _same_both_ways(text, max_rows=max_rows, max_columns=max_columns)


def _report(text: str, codes: bool) -> dict[str, Any]:
    """A whole check's report of ``text`` as the only file of a folder of its own, without
    what differs run to run (the file's sha256, times)."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        if not codes:
            patch.setattr(csv_reader, "reader_columns", _cells_only)
        (Path(folder) / "t.csv").write_bytes(text.encode("utf-8"))
        report = sdc.check(folder).to_dict(with_evidence=True)
    return _steady(report)


def _steady(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _steady(v) for k, v in value.items()
                if k != "sha256" and "time" not in k and "elapsed" not in k}
    if isinstance(value, list):
        return [_steady(v) for v in value]
    return value


def _same_reports(text: str) -> dict[str, Any]:
    new, old = _report(text, True), _report(text, False)
    assert json.dumps(new, sort_keys=True) == json.dumps(old, sort_keys=True)
    return new


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quoted_texts())
def test_both_ways_report_quoted_texts_alike(text: str) -> None:
    grid, _ = _parse(text, True)
    event("code rows" if grid is not None and grid.code_rows() is not None else "other")
    _same_reports(text)


def _r_write_csv() -> str:
    """As R's ``write.csv(as.data.frame(table(region, sex)))`` writes it: every string and
    the header quoted, the row names in a first column headed ``""``."""
    rows = [("North", "F", 12), ("North", "M", 3), ("South", "F", 40), ("South", "M", 0),
            ("East", "F", 25), ("East", "M", 31)]
    lines = ['"","region","sex","Freq"']
    lines += [f'"{i}","{r}","{s}",{n}' for i, (r, s, n) in enumerate(rows, 1)]
    return "\n".join(lines) + "\n"


def _pandas_quote_all() -> str:
    """As pandas' ``to_csv(quoting=csv.QUOTE_ALL, index=False)`` writes a long table."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(["year", "region", "count"])
    for k, (year, region) in enumerate((y, r) for y in (2019, 2020) for r in ("A", "B", "C")):
        writer.writerow([year, region, [14, 22, 4, 30, 18, 2][k]])
    return out.getvalue()


def _findings(report: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return sorted((f["rule"], f["status"], (f.get("location") or {}).get("cell"))
                  for o in report["outputs"] for f in o["findings"])


def test_r_write_csv_is_read_as_codes_and_checked_as_before() -> None:
    text = _r_write_csv()
    grid, out = _parse(text, True)
    assert grid is not None and grid.code_rows() is not None and out.too_large is None
    assert _same_both_ways(text)
    report = _same_reports(text)
    # North, M: 3 under the threshold; South, M: a zero (the row names are no counts)
    assert _findings(report) == [("SDC101", "fail", "D3"), ("SDC102", "fail", "D5")]


def test_pandas_quote_all_is_read_as_codes_and_checked_as_before() -> None:
    text = _pandas_quote_all()
    grid, _ = _parse(text, True)
    assert grid is not None and grid.code_rows() is not None
    assert _same_both_ways(text)
    report = _same_reports(text)
    # 4 and 2 under the threshold (SDC101), and group disclosure on the same two (SDC103)
    assert _findings(report) == [("SDC101", "fail", "C4"), ("SDC101", "fail", "C7"),
                                 ("SDC103", "fail", "C4"), ("SDC103", "fail", "C7")]


QUOTED = '"region","sex","n"\n"North","F",12\n"North","M","[c]"\n"South","F",0\n'


@pytest.mark.parametrize(("text", "limits", "codes"), [
    (QUOTED, {}, True),
    (QUOTED.replace("\n", "\r\n"), {}, True),  # carriage returns
    (QUOTED.replace('"North","M"', '"North\nand more","M"'), {}, True),  # across lines
    (QUOTED.replace('"North","M"', '\n"North","M"'), {}, True),  # a blank line
    ('"Table 1"\n' + QUOTED + "\n\n", {}, True),  # a title, blank lines at the end
    (QUOTED.replace('"South","F",0', '"South","F"'), {}, True),  # ragged
    (QUOTED.replace('"South","F",0', '"South","F",0,1'), {}, True),
    (QUOTED, {"max_rows": 3}, True),  # more lines than the row limit: too large, 3 read
    (QUOTED, {"max_columns": 2}, False),  # more columns than the limit: refused
    ('a,b\n"x,' + "9" * (csv.field_size_limit() + 1) + '"\n', {}, False),  # field limit
    ('a,b\n"x\x00",1\n', {}, True),  # a NUL read by csv.reader as a character
])
def test_which_texts_are_read_as_code_rows(text: str, limits: dict[str, int],
                                           codes: bool) -> None:
    assert _same_both_ways(text, **limits) is codes


def test_the_row_limit_keeps_the_rows_read_as_code_rows() -> None:
    grid, out = _parse(QUOTED, True, max_rows=3)
    assert out.too_large == "more than 3 rows" and grid is not None
    code = grid.code_rows()
    assert code is not None and len(code) == 3
    assert [[c.raw for c in row] for row in grid] == [
        ["region", "sex", "n"], ["North", "F", "12"], ["North", "M", "[c]"]]


def test_fields_across_lines_keep_their_records_first_line() -> None:
    text = '"a","b"\n"x\ny",1\n\n"z",2\n'
    grid, _ = _parse(text, True)
    assert grid is not None and grid.code_rows() is not None
    assert [[(c.row, c.col, c.raw) for c in row] for row in grid] == [
        [(1, 1, "a"), (1, 2, "b")], [(2, 1, "x\ny"), (2, 2, "1")], [], [(5, 1, "z"),
                                                                         (5, 2, "2")]]


def test_too_many_distinct_texts_go_the_cells_way(monkeypatch: pytest.MonkeyPatch) -> None:
    text = '"id","n"\n' + "".join(f'"p{i}",{i % 7}\n' for i in range(300))
    assert _same_both_ways(text)
    monkeypatch.setattr(csv_columns, "MAX_MEANINGS", 200)
    assert not _same_both_ways(text)
    monkeypatch.setattr(csv_columns, "CHUNK", 50)  # found at a chunk's end, not the file's
    assert not _same_both_ways(text)


def test_malformed_text_says_where() -> None:
    text = 'a,b\n"x",1\n'
    dialect = type("Strict", (csv.excel,), {"strict": True})
    out = SimpleNamespace(too_large=None, unreadable=None)
    grid = csv_reader._parse(out, text + '"un"closed,2\n', dialect, markers=MARKERS,
                             max_rows=10**6, max_columns=10**4)
    assert grid is None
    assert out.unreadable.startswith("the CSV is malformed near line 3:")
