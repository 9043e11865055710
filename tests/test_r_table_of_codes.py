"""R's ``write.csv`` of a table of two coded variables (round 24, rcodes): ``""`` over row names
``"1"``..``"k"`` and a quoted header of codes ``"1"``..``"m"`` (``as.data.frame.matrix(table(imd,
stage))``) was SDC603 ``fail``, read as k people's records. A data frame's columns are never
named ``1``, ``2`` (``data.frame``/``read.csv`` make them ``X1``): the row names are the first
variable's codes, and every cell is checked as a count. Row names over a header in words (the
shape of ``write.csv(head(df))``), numbers that are no counts, many rows and pandas' index of a
numpy array stay row-level data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy


def _found(folder: Path) -> set[tuple[str, str | None, str]]:
    result = sdc.check(folder, build_policy({}))
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings
            if f.status.value != "pass"}


def _r_table(folder: Path, rows: list[list[int | float]], header: list[str]) -> None:
    """``write.csv(as.data.frame.matrix(table(x, y)))``: R quotes the corner, the column
    names and the row names (1..k, the first variable's codes), never a number."""
    lines = [",".join(['""'] + [f'"{h}"' for h in header])]
    lines += [",".join([f'"{i}"'] + [str(v) for v in row]) for i, row in enumerate(rows, 1)]
    (folder / "t.csv").write_text("\n".join(lines) + "\n")


_IMD_BY_STAGE = [[123, 140, 88], [98, 110, 70], [77, 85, 60], [60, 71, 50], [41, 52, 30]]


def test_a_table_of_codes_by_codes_passes(tmp_path: Path) -> None:
    _r_table(tmp_path, _IMD_BY_STAGE, ["1", "2", "3"])
    assert (tmp_path / "t.csv").read_text().splitlines()[:2] == [
        '"","1","2","3"', '"1",123,140,88']
    assert _found(tmp_path) == set()


def test_a_table_of_codes_by_a_binary_code_passes(tmp_path: Path) -> None:
    _r_table(tmp_path, [row[:2] for row in _IMD_BY_STAGE], ["0", "1"])  # table(imd, died)
    assert _found(tmp_path) == set()


def test_every_cell_is_checked_as_a_count(tmp_path: Path) -> None:
    rows = [list(r) for r in _IMD_BY_STAGE]
    rows[4][2] = 3  # 3 people in the fifth quintile at stage 3
    _r_table(tmp_path, rows, ["1", "2", "3"])
    assert _found(tmp_path) == {("SDC101", "D6", "fail")}


def test_a_zero_cell_is_checked(tmp_path: Path) -> None:
    rows = [list(r) for r in _IMD_BY_STAGE]
    rows[0][1] = 0
    _r_table(tmp_path, rows, ["1", "2", "3"])
    assert ("SDC102", "C2", "fail") in _found(tmp_path)


def test_records_under_a_header_of_words_stay_row_level(tmp_path: Path) -> None:
    # write.csv(head(df)): the same bytes as a table of IMD by sex; no number tells them apart
    _r_table(tmp_path, [[45, 80], [67, 92], [38, 71], [52, 88], [61, 79]], ["age", "weight"])
    assert _found(tmp_path) == {("SDC603", None, "fail")}
    _r_table(tmp_path, [r[:2] for r in _IMD_BY_STAGE], ["Female", "Male"])
    assert _found(tmp_path) == {("SDC603", None, "fail")}


def test_measurements_under_a_header_of_codes_stay_row_level(tmp_path: Path) -> None:
    # tapply(weight, list(id, visit), mean): people 1..5's weights at visits 1..3
    _r_table(tmp_path, [[80.5, 81.0, 79.2], [92.1, 90.4, 91.0], [71.3, 70.0, 69.8],
                        [88.0, 87.2, 86.9], [79.4, 80.1, 78.8]], ["1", "2", "3"])
    assert ("SDC603", None, "fail") in _found(tmp_path)


def test_many_rows_under_a_header_of_codes_stay_row_level(tmp_path: Path) -> None:
    _r_table(tmp_path, [[40 + i, 50 + i, 60 + i] for i in range(31)], ["1", "2", "3"])
    assert ("SDC603", None, "fail") in _found(tmp_path)


def test_a_numpy_array_written_by_pandas_stays_row_level(tmp_path: Path) -> None:
    # pd.DataFrame(X).to_csv(): columns 0..m-1 over an index 0..n-1, nothing quoted
    pd.DataFrame([[123, 140, 88], [98, 110, 70], [77, 85, 60], [60, 71, 50],
                  [41, 52, 30]]).to_csv(tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text().splitlines()[0] == ",0,1,2"
    assert ("SDC603", None, "fail") in _found(tmp_path)


def test_a_header_of_codes_with_a_gap_stays_row_level(tmp_path: Path) -> None:
    _r_table(tmp_path, _IMD_BY_STAGE, ["1", "2", "4"])
    assert ("SDC603", None, "fail") in _found(tmp_path)


def test_an_id_column_beside_codes_stays_row_level(tmp_path: Path) -> None:
    # pivot_wider(names_from = visit) keeps its id column: people, whatever the other names
    _r_table(tmp_path, [[1001 + i, *row] for i, row in enumerate(_IMD_BY_STAGE)],
             ["id", "1", "2", "3"])
    assert ("SDC603", None, "fail") in _found(tmp_path)


# write.csv(as.data.frame.matrix(xtabs(~ imd_quintile + age_band))): the header is one number's
# bands in order, which no data frame of records is named by (round 25, acro6; ACRO 1.0.2 passes
# the same crosstab of seed 23's t008, benchmarks/acro_crosstab_costs.py)
_AGE_BANDS = ["0-15", "16-24", "25-44", "45-64", "65-74", "75+"]
_IMD_BY_AGE = [[272, 281, 263, 221, 142, 264], [446, 444, 336, 317, 184, 404],
               [227, 232, 226, 212, 100, 205], [243, 247, 195, 219, 100, 220],
               [232, 216, 198, 180, 109, 215]]


def test_a_table_of_codes_by_age_bands_passes(tmp_path: Path) -> None:
    _r_table(tmp_path, _IMD_BY_AGE, _AGE_BANDS)
    assert (tmp_path / "t.csv").read_text().splitlines()[:2] == [
        '"","0-15","16-24","25-44","45-64","65-74","75+"', '"1",272,281,263,221,142,264']
    assert _found(tmp_path) == set()
    _r_table(tmp_path, [row[:3] for row in _IMD_BY_AGE], ["<16", "16-24", "25+"])
    assert _found(tmp_path) == set()
    # R's cut(age, c(0, 15, 24, 44)) names its bands so: the commas inside the quotes are
    # text (csv_quoting split the header at them before, and it proved nothing: SDC603)
    _r_table(tmp_path, [row[:3] for row in _IMD_BY_AGE], ["(0,15]", "(15,24]", "(24,44]"])
    assert _found(tmp_path) == set()


def test_every_cell_under_age_bands_is_checked_as_a_count(tmp_path: Path) -> None:
    rows = [list(r) for r in _IMD_BY_AGE]
    rows[3][5] = 4  # 4 people aged 75+ in the fourth quintile
    _r_table(tmp_path, rows, _AGE_BANDS)
    assert _found(tmp_path) == {("SDC101", "G5", "fail")}


def test_bands_that_are_no_cutting_of_one_number_stay_row_level(tmp_path: Path) -> None:
    for header in (["0-15", "25-44", "45-64"],  # a band missing between them
                   ["16-24", "0-15", "25-44"]):  # out of order
        _r_table(tmp_path, [row[:3] for row in _IMD_BY_AGE], header)
        assert _found(tmp_path) == {("SDC603", None, "fail")}, header
    # overlapping, or a band beside a word: other pairings ask about these numbers as well
    for header in (["0-20", "16-24", "25-44"], ["0-15", "16-24", "weight"]):
        _r_table(tmp_path, [row[:3] for row in _IMD_BY_AGE], header)
        assert ("SDC603", None, "fail") in _found(tmp_path), header
