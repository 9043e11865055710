"""A header R's quoting proves (``sdc/readers/csv_quoting.py``; issue 11, false positives):
``write.csv`` quotes every name and character field and never a number, so a quoted ``"0"``
over unquoted counts is a column's name. Written in R's documented format (quote = TRUE,
row names quoted under ``""``). Safe tables pass with no finding; twins fail at their cell;
files whose quoting proves nothing read as before."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from sdc.readers.csv_quoting import quoted_header
from sdc.readers.csv_reader import raw_cell
from sdc.readers.values import MarkerSet
from sdc.table import RawCell
from tests.conftest import findings_of
from tests.corpus.outputs import r_deaths_by_year

POLICY = build_policy({})


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def _r_matrix(table: pd.DataFrame) -> str:
    """``write.csv(tapply(id, list(year, died), length))``: a matrix, its row names quoted
    under ``""``, its column names quoted, its counts not."""
    head = ",".join(['""', *(f'"{c}"' for c in table.columns)])
    rows = [",".join([f'"{i}"', *(str(v) for v in row)]) for i, row in table.iterrows()]
    return "\n".join([head, *rows]) + "\n"


def _r_wide_no_row_names(table: pd.DataFrame) -> str:
    """``pivot_wider(names_from = died)`` then ``write.csv(row.names = FALSE)``: the year is a
    number (unquoted), the names are quoted."""
    head = ",".join(['"year"', *(f'"{c}"' for c in table.columns)])
    rows = [",".join([str(i), *(str(v) for v in row)]) for i, row in table.iterrows()]
    return "\n".join([head, *rows]) + "\n"


def _r_long(table: pd.DataFrame) -> str:
    """``write.csv(table(year, died))``: R writes as.data.frame(table), its factors quoted
    (``"1","2019","0",705``), the first variable varying fastest."""
    rows = [(year, died, count) for died in table.columns for year, count in
            table[died].items()]
    lines = ['"","Var1","Var2","Freq"'] + [f'"{i}","{y}","{d}",{c}'
                                            for i, (y, d, c) in enumerate(rows, 1)]
    return "\n".join(lines) + "\n"


def test_r_table_by_coded_factors_passes(tmp_path: Path) -> None:
    # before: Var2's 0 and 1 were read as counts (SDC101, SDC102, SDC103: fail)
    (tmp_path / "t.csv").write_text(_r_long(r_deaths_by_year()), encoding="utf-8")
    assert _check(tmp_path) == (set(), "pass")


def test_r_table_by_coded_factors_small_count_fails_at_it(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(_r_long(r_deaths_by_year(small=4)), encoding="utf-8")
    # 2021's 4 deaths (line 8); its 703 survivors stand in another line of a long table
    assert _check(tmp_path) == ({("SDC101", "t.csv", "D8")}, "fail")


def test_r_matrix_with_coded_column_names_passes(tmp_path: Path) -> None:
    # before: the 0/1 header was the first data row with a blank label (SDC101 on 1, SDC102)
    (tmp_path / "t.csv").write_text(_r_matrix(r_deaths_by_year()), encoding="utf-8")
    assert _check(tmp_path) == (set(), "pass")


def test_r_pivot_wider_with_coded_column_names_passes(tmp_path: Path) -> None:
    # before: B1 and C1 (0 and 1) were numbers not understood (review)
    (tmp_path / "t.csv").write_text(_r_wide_no_row_names(r_deaths_by_year()), encoding="utf-8")
    assert _check(tmp_path) == (set(), "pass")


def test_r_matrix_small_count_fails_at_it(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(_r_matrix(r_deaths_by_year(small=4)), encoding="utf-8")
    # 2021: 703 alive and 4 deaths (C4); the living are 99% of the year (B4)
    assert _check(tmp_path) == ({("SDC101", "t.csv", "C4"), ("SDC103", "t.csv", "B4")}, "fail")


def test_unquoted_first_line_with_a_blank_label_stays_data(tmp_path: Path) -> None:
    # "",3,5 over "North",120,140: unquoted numbers on the first line prove no header (a
    # first data row with a blank label): its 3 and 5 are still counts
    (tmp_path / "t.csv").write_text('"",3,5\n"North",120,140\n"South",130,150\n',
                                    encoding="utf-8")
    assert _check(tmp_path) == ({("SDC101", "t.csv", "B1"), ("SDC101", "t.csv", "C1"),
                                 ("SDC103", "t.csv", "B1"), ("SDC103", "t.csv", "C1")}, "fail")


def test_every_field_quoted_proves_nothing(tmp_path: Path) -> None:
    # pandas' QUOTE_ALL quotes the counts too: the quotes tell nothing, the 0/1 header stays
    # a guess and is named (review), as before
    (tmp_path / "t.csv").write_text('"year","0","1"\n"2019","881","389"\n"2020","890","364"\n'
                                    '"2021","802","385"\n', encoding="utf-8")
    assert _check(tmp_path) == ({("SDC602", "t.csv", None)}, "review")


def _grid(text: str) -> list[list[RawCell]]:
    return [[raw_cell(i, j, raw, MarkerSet([]), False) for j, raw in enumerate(line, 1)]
            for i, line in enumerate(csv.reader(text.splitlines()), 1)]


def test_quoted_header_limits() -> None:
    ok = '"","0","1"\n"2019",881,389\n"2020",890,364\n'  # row names that are no 1..n
    assert quoted_header(ok, ",", _grid(ok)) == (True, 0)
    named = '"year","0","1"\n2019,881,389\n2020,890,364\n'
    assert quoted_header(named, ",", _grid(named)) == (True, 0)
    na = '"","0","1"\n"2019",881,NA\n"2020",890,364\n'  # NA under "1": no proof for it
    assert quoted_header(na, ",", _grid(na)) is None
    spans = '"","0","1"\n"20\n19",881,389\n"2020",890,364\n'  # a field across lines
    assert quoted_header(spans, ",", _grid(spans)) is None
    words = '"","Female","Male"\n"North",881,389\n'  # a header over unquoted numbers
    assert quoted_header(words, ",", _grid(words)) == (True, 0)
    every = '"","0","1"\n"2019","881","389"\n'  # QUOTE_ALL: no unquoted number column
    assert quoted_header(every, ",", _grid(every)) is None
    long = _r_long(r_deaths_by_year())
    assert quoted_header(long, ",", _grid(long)) == (True, 3)
    gap = "\n".join(long.splitlines()[:-1]) + "\n"  # one combination missing: no crossing
    assert quoted_header(gap, ",", _grid(gap)) == (True, 1)
    codes = '"","stage","Freq"\n"1","1",120\n"2","2",130\n"3","3",140\n'  # one code column
    assert quoted_header(codes, ",", _grid(codes)) == (True, 1)
    years = '"","year","Freq"\n"1","2019",120\n"2","2020",130\n"3","2021",140\n'
    assert quoted_header(years, ",", _grid(years)) == (True, 2)
