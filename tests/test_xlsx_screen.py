"""The row-level screen for workbooks (issue 12, channel 12; sdc.readers.xlsx_screen): a large
one-sheet workbook of row-level data is failed from whole columns read by openpyxl's read-only
streaming; every workbook with something the full path reads cell by cell (formulas, merged
ranges, hidden rows or columns, comments, shown formats, several sheets) takes the full path,
and the package walk runs in full either way."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.workbook.defined_name import DefinedName

import sdc
from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.readers.values import MarkerSet
from sdc.readers.xlsx_reader import _raw_cell, value_text
from sdc.results import Status
from tests.test_row_screen import small_chunks  # noqa: F401 (autouse: its chunks here too)

# a tenth of a real policy's threshold, with the screen's chunks a tenth too (small_chunks,
# as in tests/test_row_screen.py): the large sheets below still stream over several chunks
LOW = {"rules": {"row-level-data": {"screen_rows": 1_000}}}
SMALL = {"rules": {"row-level-data": {"screen_rows": 40}}}
OFF = {"rules": {"row-level-data": {"screen_rows": 10_000_000}}}  # the full path always


def _found(result: sdc.RunResult) -> list[tuple[str, str, str | None, str | None, str]]:
    return sorted(((f.rule, f.status.value, f.location.sheet, f.location.cell, f.message)
                   for f in result.findings), key=_key)


def _key(found: tuple[str | None, ...]) -> tuple[str, ...]:
    return tuple(x or "" for x in found)


def _rows_rules(result: sdc.RunResult) -> list[tuple[str, str, str | None, str | None, str]]:
    """SDC604's and SDC605's findings whole (SDC603 is compared apart: the screen always
    fails the sheet with it, the full path may fail it through SDC604 alone)."""
    return sorted(((f.rule, f.status.value, f.location.sheet, f.location.cell, f.message)
                   for f in result.findings if f.rule in ("SDC604", "SDC605")), key=_key)


def _sdc603(result: sdc.RunResult) -> list[tuple[str, str | None]]:
    return [(f.status.value, f.location.sheet) for f in result.findings if f.rule == "SDC603"]


def _screened(path: Path, policy: dict) -> bool:
    output, *_ = read_output(path, path.name, build_policy(policy))
    return output.screened is not None


def _cohort(rows: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "patient_id": [f"P{i:06d}" for i in rng.permutation(rows)],
        "admitted": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 1500, rows),
                                                                  unit="D"),
        "sex": rng.choice(["F", "M"], rows),
        "age": rng.integers(18, 95, rows),
        "los": rng.gamma(2.0, 2.0, rows).round(1),
    })


def _rewrite(path: Path, member: str, old: bytes, new: bytes) -> None:
    """Replace bytes in one member of the package (what Excel writes and openpyxl cannot)."""
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            if info.filename == member:
                assert old in data
                data = data.replace(old, new, 1)
            zf.writestr(info, data)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.test_row_screen import _cohort as cohort_csv  # the benchmark's shape

    cohort_csv(csv := tmp_path_factory.mktemp("csv") / "cohort.csv", 1_100)
    frame = pd.read_csv(csv, parse_dates=["admitted"])
    frame["sex"] = frame["sex"].astype(object)
    frame.loc[5, "sex"] = "943 476 5919"
    frame.to_excel(path := tmp_path_factory.mktemp("xlsx") / "cohort.xlsx", index=False,
                   sheet_name="cohort")
    return path


def test_row_level_sheet_is_screened_with_exact_findings(cohort: Path) -> None:
    assert _screened(cohort, LOW)
    result = sdc.check(cohort, build_policy(LOW))
    assert _found(result) == [
        ("SDC602", "review", "cohort", None,
         "not read cell by cell: found to be row-level data from whole columns, so its "
         "5,500 values (3,300 of them numbers) in 1,100 rows of the columns 'patient_id', "
         "'admitted', 'sex', 'age', 'los' were not checked one by one; it must not leave as "
         "it is"),
        ("SDC603", "fail", "cohort", None,
         "looks like row-level data: column 'patient_id' names a direct identifier (patient "
         "identifier) and has a distinct value on every one of the 1,100 rows (one row per "
         "person)"),
        ("SDC604", "fail", "cohort", "A1",
         "column 'patient_id' looks like a direct identifier (patient identifier)"),
        ("SDC604", "fail", "cohort", "C7", "value looks like an identifier: NHS number"),
    ]
    full = sdc.check(cohort, build_policy(OFF))
    assert full.status is result.status is Status.FAIL
    assert _rows_rules(full) == _rows_rules(result)
    assert _sdc603(full) == _sdc603(result) == [("fail", "cohort")]


def test_value_text_is_the_full_paths_cell_text() -> None:
    import datetime as dt

    markers = MarkerSet(["*", "<5"])
    for value in [None, "x", " *", True, False, 0, 7, -3, 2**60 + 1, 1.5, 2.0, -0.0, 1e20,
                  1 / 3, float("nan"), float("inf"), float("-inf"), dt.date(2020, 1, 2),
                  dt.datetime(2020, 1, 2), dt.datetime(2020, 1, 2, 3, 4), dt.time(5, 6),
                  dt.timedelta(days=1, hours=2)]:
        assert value_text(value) == _raw_cell(1, 1, value, markers).raw, value


def test_the_package_is_still_walked(tmp_path: Path) -> None:
    """Document properties, a defined-name constant and an extra zip member of a screened
    workbook: the same SDC604 and SDC605 findings as on the full path."""
    _cohort(60).to_excel(path := tmp_path / "w.xlsx", index=False)
    wb = load_workbook(path)
    wb.properties.title = "Jane Smith 943 476 5919"
    wb.defined_names["kept"] = DefinedName("kept", attr_text='"943 476 5919"')
    wb.save(path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/patients.csv", "nhs,name\n9434765919,Jane Smith\n")
    assert _screened(path, SMALL)
    screened = sdc.check(path, build_policy(SMALL))
    full = sdc.check(path, build_policy(OFF))
    assert _rows_rules(screened) == _rows_rules(full)
    assert [(f.rule, f.location.sheet, f.location.cell, f.message) for f in screened.findings
            if f.rule == "SDC605"] == [
        ("SDC605", "Sheet1", None, "number outside the cells: docProps/core.xml: the "
         "document's title hold(s) a number no cell shows: a person must read it"),
        ("SDC605", "Sheet1", None, "defined name: the defined name 'kept' holds a constant, "
         "not a range: a value no cell shows"),
        ("SDC605", "Sheet1", None, "extra file: a file that is not part of a workbook "
         "(xl/patients.csv)")]
    # the title's NHS number (docProps/core.xml, read as the package's text) and the extra
    # member's header and value
    places = {(f.location.sheet, f.location.cell) for f in screened.findings
              if f.rule == "SDC604" and f.location.sheet != "Sheet1"}
    assert ("package", "D4") in places
    assert {p for p in places if p[0] != "package"} == {
        ("xl/patients.csv", "A1"), ("xl/patients.csv", "A2"), ("xl/patients.csv", "B1")}


def test_a_hidden_sheet_is_still_flagged(tmp_path: Path) -> None:
    """The only sheet hidden (Excel writes it; openpyxl refuses to): screened, and SDC605
    flags it as the full path does."""
    _cohort(60).to_excel(path := tmp_path / "w.xlsx", index=False)
    _rewrite(path, "xl/workbook.xml", b'state="visible"', b'state="hidden"')
    assert _screened(path, SMALL)
    screened = sdc.check(path, build_policy(SMALL))
    assert ("SDC605", "review", "Sheet1", None, "hidden sheet: the sheet is hidden") in \
        _found(screened)
    assert _rows_rules(screened) == _rows_rules(sdc.check(path, build_policy(OFF)))


def _formula(path: Path) -> None:
    wb = load_workbook(path)
    wb.active["D3"] = "=D2+1"
    wb.save(path)


def _merged(path: Path) -> None:
    wb = load_workbook(path)
    wb.active.merge_cells("C2:C3")
    wb.save(path)


def _hidden_row(path: Path) -> None:
    wb = load_workbook(path)
    wb.active.row_dimensions[9].hidden = True
    wb.save(path)


def _hidden_column(path: Path) -> None:
    wb = load_workbook(path)
    wb.active.column_dimensions["D"].hidden = True
    wb.save(path)


def _comment(path: Path) -> None:
    wb = load_workbook(path)
    wb.active["C5"].comment = Comment("born 12/03/1961", "me")
    wb.save(path)


def _comment_elsewhere(path: Path) -> None:
    """The comment and its drawing moved to names no comment part has: the sheet's
    relationships still lead openpyxl (and the full path) to them."""
    _comment(path)
    moves = {"xl/comments/comment1.xml": "xl/notes.xml",
             "xl/drawings/commentsDrawing1.vml": "xl/shapes.bin"}
    with zipfile.ZipFile(path) as zf:
        items = [(n, zf.read(n)) for n in zf.namelist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in items:
            for old, new in moves.items():
                data = data.replace(old.encode(), new.encode())
            zf.writestr(moves.get(name, name), data)
    assert load_workbook(path).active["C5"].comment is not None


def _percent(path: Path) -> None:
    wb = load_workbook(path)
    wb.active["E4"].number_format = "0%"
    wb.save(path)


def _indent(path: Path) -> None:
    wb = load_workbook(path)
    wb.active["C4"].alignment = Alignment(indent=2)
    wb.save(path)


def _literal_digits(path: Path) -> None:
    wb = load_workbook(path)
    wb.active["D4"].number_format = '"3"'
    wb.save(path)


def _second_sheet(path: Path) -> None:
    wb = load_workbook(path)
    wb.create_sheet("notes")["A1"] = "n = 3"
    wb.save(path)


def _beyond_header(path: Path) -> None:
    wb = load_workbook(path)
    wb.active["G30"] = "943 476 5919"
    wb.save(path)


def _empty_row(path: Path) -> None:
    wb = load_workbook(path)
    wb.active.delete_rows(20)
    wb.active.insert_rows(20)
    wb.save(path)


def _line_break(path: Path) -> None:
    wb = load_workbook(path)
    wb.active["C8"] = "F\nM"
    wb.save(path)


@pytest.mark.parametrize("change", [
    _formula, _merged, _hidden_row, _hidden_column, _comment, _comment_elsewhere, _percent,
    _indent,
    _literal_digits, _second_sheet, _beyond_header, _empty_row, _line_break,
], ids=lambda f: f.__name__.strip("_"))
def test_what_the_full_path_reads_cell_by_cell_takes_it(tmp_path: Path, change) -> None:
    _cohort(60).to_excel(path := tmp_path / "w.xlsx", index=False)
    assert _screened(path, SMALL)
    change(path)
    assert not _screened(path, SMALL)
    assert _found(sdc.check(path, build_policy(SMALL))) == \
        _found(sdc.check(path, build_policy(OFF)))


def test_over_the_row_limit_is_refused_before_loading(tmp_path: Path) -> None:
    _cohort(80).to_excel(path := tmp_path / "w.xlsx", index=False)
    limit = {"file-too-large": {"max_rows": 60}}
    small = {"rules": {**SMALL["rules"], **limit}}
    assert not _screened(path, small)
    result = sdc.check(path, build_policy(small))
    assert _found(result) == _found(sdc.check(path, build_policy({"rules": {
        **OFF["rules"], **limit}})))
    assert ("SDC606", "fail") in {(f.rule, f.status.value) for f in result.findings}


def test_request_toml_cannot_switch_the_screen_off_or_pass_it(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    _cohort(60).to_excel(path := folder / "cohort.xlsx", index=False)
    (folder / "request.toml").write_text(
        '[[outputs]]\npath = "cohort.xlsx"\nkind = "model"\n'
        '[[waivers]]\nrule = "SDC603"\npath = "cohort.xlsx"\nreason = "synthetic data"\n'
        '[[waivers]]\nrule = "SDC604"\npath = "cohort.xlsx"\nreason = "pseudonymised"\n')
    (folder / "cohort.xlsx.sdc.json").write_text('{"columns": {"age": {"aggfunc": "median"}}}')
    assert _screened(path, SMALL)
    screened = sdc.check(folder, build_policy(SMALL))
    assert {(f.rule, f.status.value) for f in screened.findings
            if f.rule in ("SDC603", "SDC604")} == {("SDC603", "review"), ("SDC604", "review")}
    assert screened.status is not Status.PASS
    strict = sdc.check(folder, build_policy({**SMALL, "request_waivers": False}))
    assert {(f.rule, f.status.value) for f in strict.findings
            if f.rule in ("SDC603", "SDC604")} == {("SDC603", "fail"), ("SDC604", "fail")}


# -- property: the screen fires only where the full path fails, with its SDC603-605 ---------

_SHAPES = ["ids", "ids-repeat", "ids-blank", "no-id", "aggregate", "ids-title", "text-ids",
           "nhs", "dob"]
_FIRES = {"ids", "text-ids", "nhs", "dob"}


def _random_sheet(path: Path, shape: str, rows: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    if shape == "aggregate":
        areas = (rows + 1) // 2
        frame = pd.DataFrame({"area": np.repeat([f"E{9_000_000 + i}" for i in range(areas)],
                                                2), "sex": np.tile(["F", "M"], areas),
                              "n": rng.integers(0, 200, 2 * areas)}).iloc[:rows]
    elif shape == "text-ids":
        frame = pd.DataFrame({"patient_id": [f"P{i:06d}" for i in rng.permutation(rows)],
                              "diagnosis": rng.choice(["Asthma", "COPD", "Stroke"], rows)})
    elif shape == "nhs":
        frame = pd.DataFrame({"nhs_number": 9_000_000_000 + rng.permutation(rows),
                              "age": rng.integers(1, 90, rows)})
    elif shape == "dob":
        frame = pd.DataFrame({"person_id": rng.permutation(rows) + 1,
                              "dob": pd.Timestamp("1940-01-01") + pd.to_timedelta(
                                  rng.integers(0, 25_000, rows), unit="D")})
    else:
        ids: list[object] = [f"P{i:06d}" for i in rng.permutation(rows)]
        if shape == "ids-repeat":
            ids[-1] = ids[0]
        if shape == "ids-blank":
            ids[rows // 2] = None
        frame = pd.DataFrame({"patient_id": ids, "age": rng.integers(0, 100, rows),
                              "sex": rng.choice(["F", "M"], rows),
                              "sbp": rng.normal(130, 15, rows).round(1)})
        if shape == "no-id":
            frame = frame.drop(columns="patient_id")
    frame.to_excel(path, index=False, startrow=1 if shape == "ids-title" else 0)
    if shape == "ids-title":
        wb = load_workbook(path)
        wb.active["A1"] = "Table 1: cohort"
        wb.save(path)


@pytest.mark.parametrize("shape", _SHAPES)
@settings(max_examples=4, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.sampled_from([20, 39, 40, 41, 70]), seed=st.integers(0, 999))
def test_screen_fires_only_where_the_full_path_fails(tmp_path: Path, shape: str, rows: int,
                                                     seed: int) -> None:
    path = tmp_path / f"w{seed}_{rows}.xlsx"
    _random_sheet(path, shape, rows, seed)
    screened, full = sdc.check(path, build_policy(SMALL)), sdc.check(path, build_policy(OFF))
    if _screened(path, SMALL):
        assert shape in _FIRES and rows >= 40
        assert screened.status is full.status is Status.FAIL
        assert _rows_rules(screened) == _rows_rules(full)
        assert _sdc603(screened) == [("fail", "Sheet1")]
        assert set(_sdc603(full)) <= {("fail", "Sheet1")}
    else:
        assert shape not in _FIRES or rows < 40
        assert _found(screened) == _found(full)


def test_a_date_column_is_judged_on_all_its_rows(tmp_path: Path) -> None:
    """As for the CSV (tests/test_row_screen.py): dates only past the first chunk."""
    from tests.test_row_screen import _late_dates, _sdc604

    _late_dates(1_200).to_excel(path := tmp_path / "late.xlsx", index=False)
    assert _screened(path, LOW)
    screened = _sdc604(sdc.check(path, build_policy(LOW)))
    assert screened == _sdc604(sdc.check(path, build_policy(OFF)))
    assert len(screened) == 52 and screened[0] == (None, "629 more identifier-like values")
