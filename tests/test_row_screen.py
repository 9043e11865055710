"""The row-level screen (issue 12, channel 12; sdc.readers.row_screen): a large CSV with an
identifier column distinct on every row fails without the per-cell model; every other file,
and every policy that could let SDC603/SDC604 end below fail, takes the full path."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc.policy import PolicyError, build_policy
from sdc.readers import read_output, row_screen, xlsx_screen
from sdc.results import Status

# The screen's threshold and chunk size are a tenth of a real policy's scale (10,000 rows,
# chunks of 5,000), and so are the files: every file still streams over several chunks as
# at full scale, and the full path each test compares with reads a tenth of the cells.
LOW = {"rules": {"row-level-data": {"screen_rows": 1_000}}}
OFF = {"rules": {"row-level-data": {"screen_rows": 10_000_000}}}  # the full path always
CHUNK = 500


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of ``CHUNK`` rows (the screen's ``CHUNK_ROWS``, read at each call; the workbook
    screen imports its own name for it)."""
    monkeypatch.setattr(row_screen, "CHUNK_ROWS", CHUNK)
    monkeypatch.setattr(xlsx_screen, "CHUNK_ROWS", CHUNK)


def _cohort(path: Path, rows: int, seed: int = 1) -> Path:
    """The benchmark's row-level file (id, admission date, sex, age, length of stay;
    ``make_csv``), its admission dates over ``rows // 15`` days instead of 1,500: every day
    of the span is there, a daily series as in the benchmark's file at 11,000 rows and more
    (with gaps, SDC604 would rightly flag the column as dates of individuals)."""
    rng = np.random.default_rng(seed)
    pd.DataFrame({
        "patient_id": np.arange(rows) + 100_000,
        "admitted": pd.Timestamp("2020-01-01") + pd.to_timedelta(
            rng.integers(0, rows // 15, rows), unit="D"),
        "sex": rng.choice(["F", "M"], rows),
        "age": rng.integers(18, 95, rows),
        "los": rng.gamma(2.0, 2.0, rows).round(1),
    }).to_csv(path, index=False, date_format="%Y-%m-%d")
    return path


def _found(result: sdc.RunResult) -> list[tuple[str, str, str | None, str]]:
    return sorted((f.rule, f.status.value, f.location.cell, f.message) for f in result.findings)


def _screened(path: Path, policy: dict) -> bool:
    output, *_ = read_output(path, path.name, build_policy(policy))  # then any text found
    return output.screened is not None


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _cohort(tmp_path_factory.mktemp("screen") / "cohort.csv", 2_500)


def test_row_level_csv_is_screened_with_exact_findings(cohort: Path) -> None:
    assert _screened(cohort, LOW)
    result = sdc.check(cohort, build_policy(LOW))
    assert _found(result) == [
        ("SDC602", "review", None,
         "not read cell by cell: found to be row-level data from whole columns, so its "
         "12,500 values (7,500 of them numbers) in 2,500 rows of the columns 'patient_id', "
         "'admitted', 'sex', 'age', 'los' were not checked one by one; it must not leave as "
         "it is"),
        ("SDC603", "fail", None,
         "looks like row-level data: column 'patient_id' names a direct identifier (patient "
         "identifier) and has a distinct value on every one of the 2,500 rows (one row per "
         "person)"),
        ("SDC604", "fail", "A1",
         "column 'patient_id' looks like a direct identifier (patient identifier)"),
    ]
    assert result.status is Status.FAIL
    (a1,) = [f for f in result.findings if f.location.cell == "A1"]
    assert a1.location.column_label == "patient_id"


def test_the_full_path_fails_the_same_file(cohort: Path) -> None:
    """Where the screen fires, the full path fails too (the same SDC604 header finding)."""
    assert not _screened(cohort, OFF)
    full = sdc.check(cohort, build_policy(OFF))
    assert full.status is Status.FAIL
    assert ("SDC604", "fail", "A1",
            "column 'patient_id' looks like a direct identifier (patient identifier)") in \
        _found(full)
    assert any(f.rule == "SDC603" and f.status is Status.FAIL for f in full.findings)


def test_identifier_values_are_still_found(tmp_path: Path) -> None:
    """The identifier search runs on every field the screen streams past: an NHS number and
    an e-mail address in the sex column are named at their cells."""
    path = _cohort(tmp_path / "cohort.csv", 1_200)
    frame = pd.read_csv(path, dtype=str)
    frame.loc[5, "sex"] = "943 476 5919"
    frame.loc[1_100, "sex"] = "jo@example.org"  # in the third chunk
    frame.to_csv(path, index=False)
    assert _screened(path, LOW)
    result = sdc.check(path, build_policy(LOW))
    values = [(f.rule, f.status.value, f.location.cell, f.message) for f in result.findings
              if f.rule == "SDC604" and f.location.cell != "A1"]
    assert values == [("SDC604", "fail", "C7", "value looks like an identifier: NHS number"),
                      ("SDC604", "fail", "C1102",
                       "value looks like an identifier: e-mail address")]


def test_encoded_cell_text_is_still_read(tmp_path: Path) -> None:
    """cell_text's reading runs on the screened fields: base64 text in a cell is SDC605."""
    import base64

    path = _cohort(tmp_path / "cohort.csv", 1_200)
    frame = pd.read_csv(path, dtype=str)
    frame.loc[0, "sex"] = base64.b64encode(b"Jane Smith 12/03/1961 Leeds").decode()
    frame.to_csv(path, index=False)
    result = sdc.check(path, build_policy(LOW))
    assert [(f.rule, f.location.cell) for f in result.findings if f.rule == "SDC605"] == \
        [("SDC605", "C2")]


def test_aggregate_table_above_the_threshold_is_not_screened(tmp_path: Path) -> None:
    """A long table of counts by GP practice: its gp_id names an identifier but repeats (one
    row per practice and year), so it is not one row per person: the full path, unchanged."""
    rng = np.random.default_rng(4)
    practices, years = 260, range(2016, 2021)
    pd.DataFrame({
        "gp_id": np.repeat(np.arange(practices) + 81_000, len(years)),
        "year": np.tile(list(years), practices),
        "patients": rng.integers(800, 20_000, practices * len(years)),
    }).to_csv(path := tmp_path / "practices.csv", index=False)
    assert not _screened(path, LOW)
    assert _found(sdc.check(path, build_policy(LOW))) == \
        _found(sdc.check(path, build_policy(OFF)))


@pytest.mark.parametrize("policy", [
    {"rules": {"row-level-data": {"status": "off"}}},
    {"ignore": ["SDC603"]},
    {"rules": {"identifier": {"status": "review"}}},
    {"waivers": [{"rule": "SDC603", "path": "elsewhere.csv", "reason": "agreed"}]},
], ids=["sdc603-off", "sdc603-ignored", "sdc604-review", "policy-waiver"])
def test_a_policy_that_could_lower_the_rules_gets_the_full_path(cohort: Path,
                                                                policy: dict) -> None:
    merged = {**policy, "rules": {**policy.get("rules", {}),
                                  "row-level-data": {**policy.get("rules", {}).get(
                                      "row-level-data", {}), **LOW["rules"]["row-level-data"]}}}
    assert build_policy(merged).read_options().screen_rows is None
    assert not _screened(cohort, merged)


def test_sdc603_off_gets_the_full_paths_findings(tmp_path: Path) -> None:
    path = _cohort(tmp_path / "cohort.csv", 1_100)
    off = {"rules": {"row-level-data": {"status": "off", **LOW["rules"]["row-level-data"]}}}
    result = sdc.check(path, build_policy(off))
    assert {f.rule for f in result.findings} == {"SDC602", "SDC604"}
    assert ("SDC604", "fail", "A1",
            "column 'patient_id' looks like a direct identifier (patient identifier)") in \
        _found(result)
    assert not any("not read cell by cell" in f.message for f in result.findings)


def test_bad_threshold_is_named() -> None:
    with pytest.raises(PolicyError, match=r"rules\.row-level-data\.screen_rows: Input should be"):
        build_policy({"rules": {"row-level-data": {"screen_rows": 1}}})
    with pytest.raises(PolicyError, match=r"rules\.row-level-data\.screen_row: unknown key"):
        build_policy({"rules": {"row-level-data": {"screen_row": 100}}})


def test_request_toml_cannot_switch_the_screen_off_or_pass_it(tmp_path: Path) -> None:
    """A request.toml claiming the file is a model, with waivers of SDC603 and SDC604 and a
    hand-written sidecar: the screen still runs, the waivers lower fail to review exactly as
    on the full path (never to pass), and the file's verdict is never pass."""
    folder = tmp_path / "out"
    folder.mkdir()
    path = _cohort(folder / "cohort.csv", 1_100)
    (folder / "request.toml").write_text(
        '[[outputs]]\npath = "cohort.csv"\nkind = "model"\n'
        '[[waivers]]\nrule = "SDC603"\npath = "cohort.csv"\nreason = "synthetic data"\n'
        '[[waivers]]\nrule = "SDC604"\npath = "cohort.csv"\nreason = "pseudonymised"\n')
    (folder / "cohort.csv.sdc.json").write_text('{"columns": {"age": {"aggfunc": "median"}}}')
    assert _screened(path, LOW)
    screened = sdc.check(folder, build_policy(LOW))
    full = sdc.check(folder, build_policy(OFF))
    for result in (screened, full):
        statuses = {(f.rule, f.status.value) for f in result.findings
                    if f.location.path == "cohort.csv" and f.rule in ("SDC603", "SDC604")}
        assert statuses == {("SDC603", "review"), ("SDC604", "review")}
        assert result.status is not Status.PASS
    waived = [f for f in screened.findings if f.rule in ("SDC603", "SDC604")]
    assert all(f.declaration_kind == "waiver" and f.status_without_declaration is Status.FAIL
               for f in waived)
    # the policy refuses request waivers: the screen's fails stand
    strict = sdc.check(folder, build_policy({**LOW, "request_waivers": False}))
    assert {(f.rule, f.status.value) for f in strict.findings
            if f.rule in ("SDC603", "SDC604")} == {("SDC603", "fail"), ("SDC604", "fail")}


def test_row_limit_applies_while_streaming(tmp_path: Path) -> None:
    """Over the policy's row limit the screen stops streaming at the limit (the rows the full
    path reads: the header and 1,099) and the file is refused (SDC606) as on the full path."""
    path = _cohort(tmp_path / "cohort.csv", 1_200)
    policy = {**LOW, "rules": {**LOW["rules"], "file-too-large": {"max_rows": 1_100}}}
    output, *_ = read_output(path, path.name, build_policy(policy))
    assert output.screened is not None and output.screened.rows == 1_099
    result = sdc.check(path, build_policy(policy))
    assert _found(result) == [
        ("SDC602", "review", None,
         "not read cell by cell: found to be row-level data from whole columns, so its "
         "5,495 values (3,297 of them numbers) in 1,099 rows of the columns 'patient_id', "
         "'admitted', 'sex', 'age', 'los' were not checked one by one (only its first 1,100 "
         "rows were read: it is over the row limit); it must not leave as it is"),
        ("SDC603", "fail", None,
         "looks like row-level data: column 'patient_id' names a direct identifier (patient "
         "identifier) and has a distinct value on every one of the 1,099 rows (one row per "
         "person)"),
        ("SDC604", "fail", "A1",
         "column 'patient_id' looks like a direct identifier (patient identifier)"),
        ("SDC606", "fail", None, "too large: more than 1,100 rows"),
    ]
    full = sdc.check(path, build_policy({**policy, "rules": {
        **policy["rules"], "row-level-data": {"screen_rows": 10_000_000}}}))
    assert ("SDC606", "fail", None, "too large: more than 1,100 rows") in _found(full)
    # the limit at a chunk's end (CHUNK rows a chunk): the row past it is in the next chunk
    policy["rules"]["file-too-large"] = {"max_rows": 2 * CHUNK + 1}
    output, *_ = read_output(path, path.name, build_policy(policy))
    assert output.screened is not None and output.screened.rows == 2 * CHUNK
    assert output.too_large == "more than 1,001 rows"
    # exactly at the limit (the header and 1,099 rows): not too large, on both paths
    policy["rules"]["file-too-large"] = {"max_rows": 1_100}
    at_limit = _cohort(tmp_path / "at_limit.csv", 1_099)
    assert not any(f.rule == "SDC606" for f in sdc.check(at_limit, build_policy(policy)).findings)


# -- property: the screen fires only where the full path fails ------------------------------

_SHAPES = ["ids", "ids-repeat", "ids-blank", "no-id", "aggregate", "ids-title", "text-ids",
           "nhs"]
_FIRES = {"ids", "text-ids", "nhs"}


def _random_file(path: Path, shape: str, rows: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    if shape == "aggregate":  # one row per area and sex, counts
        areas = (rows + 1) // 2
        frame = pd.DataFrame({"area": np.repeat([f"E{9_000_000 + i}" for i in range(areas)], 2),
                              "sex": np.tile(["F", "M"], areas),
                              "n": rng.integers(0, 200, 2 * areas)})
        frame.iloc[:rows].to_csv(path, index=False)
        return
    if shape == "text-ids":  # no number at all: ids beside a diagnosis
        pd.DataFrame({"patient_id": [f"P{i:06d}" for i in rng.permutation(rows)],
                      "diagnosis": rng.choice(["Asthma", "COPD", "Stroke"], rows)}
                     ).to_csv(path, index=False)
        return
    if shape == "nhs":  # ten-digit numbers under an NHS-number header, one numeric column
        pd.DataFrame({"nhs_number": 9_000_000_000 + rng.permutation(rows),
                      "age": rng.integers(1, 90, rows)}).to_csv(path, index=False)
        return
    ids = [f"P{i:06d}" for i in rng.permutation(rows)]
    if shape == "ids-repeat":
        ids[-1] = ids[0]
    frame = pd.DataFrame({"patient_id": ids, "age": rng.integers(0, 100, rows),
                          "sex": rng.choice(["F", "M"], rows),
                          "sbp": rng.normal(130, 15, rows).round(1)})
    if shape == "no-id":
        frame = frame.drop(columns="patient_id")
    if shape == "ids-blank":
        frame.loc[rows // 2, "patient_id"] = ""
    text = frame.to_csv(index=False)
    if shape == "ids-title":
        text = "Table 1: cohort\n" + text
    path.write_text(text)


@pytest.mark.parametrize("shape", _SHAPES)
@settings(max_examples=5, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.sampled_from([20, 39, 40, 41, 70]), seed=st.integers(0, 999))
def test_screen_fires_only_where_the_full_path_fails(tmp_path: Path, shape: str, rows: int,
                                                     seed: int) -> None:
    path = tmp_path / f"f{seed}_{rows}.csv"
    _random_file(path, shape, rows, seed)
    low = {"rules": {"row-level-data": {"screen_rows": 40}}}
    fired = _screened(path, low)
    full = sdc.check(path, build_policy(OFF))
    if fired:
        assert shape in _FIRES and rows >= 40
        assert any(f.rule in ("SDC603", "SDC604") and f.status is Status.FAIL
                   for f in full.findings)
        assert sdc.check(path, build_policy(low)).status is full.status is Status.FAIL
    else:
        assert shape not in _FIRES or rows < 40
        assert _found(sdc.check(path, build_policy(low))) == _found(full)


# -- the split-blob and release-wide searches read a screened file's text ---------------------

def _pieces(width: int) -> list[str]:
    import base64

    from tests.test_smuggle_insider import PATIENTS

    b64 = base64.b64encode(PATIENTS.encode()).decode()
    return [b64[i:i + width] for i in range(0, len(b64), width)]


def _sdc605(result: sdc.RunResult) -> list[tuple[str, str | None, str]]:
    return sorted((f.location.path, f.location.cell, f.message) for f in result.findings
                  if f.rule == "SDC605")


def test_split_blob_in_a_screened_column_is_found_as_on_the_full_path(tmp_path: Path) -> None:
    """Base64 pieces down the age column (each too short for cell_text alone): the screened
    file's column text gives the same SDC605 finding, at the same cells, as its table."""
    path = _cohort(tmp_path / "cohort.csv", 1_100)
    frame = pd.read_csv(path, dtype=str)
    pieces = _pieces(20)
    frame.loc[100:100 + len(pieces) - 1, "age"] = pieces
    frame.to_csv(path, index=False)
    assert _screened(path, LOW)
    screened = _sdc605(sdc.check(path, build_policy(LOW)))
    assert screened == _sdc605(sdc.check(path, build_policy(OFF)))
    assert [(p, c) for p, c, _ in screened] == [("cohort.csv", "D102")]
    assert f"cells D102 to D{101 + len(pieces)} hold" in screened[0][2]


def test_pieces_over_a_screened_file_and_a_table_are_joined(tmp_path: Path) -> None:
    """Half the pieces down a screened file's column, half in a small table beside it: the
    release-wide search joins them across both files, as when both are tables."""
    folder = tmp_path / "out"
    folder.mkdir()
    pieces = _pieces(21)
    half = len(pieces) // 2
    path = _cohort(folder / "a.csv", 1_100)
    frame = pd.read_csv(path, dtype=str)
    frame["ref"] = ""
    frame.loc[frame.index[-half:], "ref"] = pieces[:half]
    frame.to_csv(path, index=False)
    pd.DataFrame({"ref": pieces[half:]}).to_csv(folder / "b.csv", index=False)
    assert _screened(path, LOW)
    screened = _sdc605(sdc.check(folder, build_policy(LOW)))
    assert screened == _sdc605(sdc.check(folder, build_policy(OFF)))
    assert any("over 2 files" in message for _, _, message in screened)


# -- files in other encodings: read as the full path decodes them -----------------------------

_WARDS = ["Sélune", "Ærø", "Zürich north", "Café", "Ward 3"]


def _encoded_cohort(path: Path, rows: int, encoding: str, seed: int = 1) -> Path:
    """The cohort with a ward column of accented names and an NHS number at C7, written by
    pandas in ``encoding``."""
    _cohort(path, rows, seed)
    frame = pd.read_csv(path, dtype=str)
    frame["ward"] = np.random.default_rng(seed).choice(_WARDS, rows)
    frame.loc[5, "sex"] = "943 476 5919"
    frame.to_csv(path, index=False, encoding=encoding)
    return path


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16"])
def test_a_file_in_another_encoding_is_screened(tmp_path: Path, encoding: str) -> None:
    """cp1252, latin-1 and UTF-16 (pandas' ``to_csv(encoding=...)``): decoded as the full path
    decodes them, then screened, with the same SDC604 findings as the full path."""
    path = _encoded_cohort(tmp_path / "cohort.csv", 1_100, encoding)
    output, *_ = read_output(path, path.name, build_policy(LOW))
    assert output.screened is not None and output.encoding not in ("utf-8", "utf-8-sig")
    assert "Zürich north" in output.screened.down[5].text  # decoded, not mangled
    result = sdc.check(path, build_policy(LOW))
    assert _found(result) == [
        ("SDC602", "review", None,
         "not read cell by cell: found to be row-level data from whole columns, so its "
         "6,600 values (3,300 of them numbers) in 1,100 rows of the columns 'patient_id', "
         "'admitted', 'sex', 'age', 'los', 'ward' were not checked one by one; it must not "
         "leave as it is"),
        ("SDC603", "fail", None,
         "looks like row-level data: column 'patient_id' names a direct identifier (patient "
         "identifier) and has a distinct value on every one of the 1,100 rows (one row per "
         "person)"),
        ("SDC604", "fail", "A1",
         "column 'patient_id' looks like a direct identifier (patient identifier)"),
        ("SDC604", "fail", "C7", "value looks like an identifier: NHS number"),
    ]
    full = sdc.check(path, build_policy(OFF))
    assert full.status is result.status is Status.FAIL
    assert _rows_rules(full) == _rows_rules(result)


def _rows_rules(result: sdc.RunResult) -> list[tuple[str, str, str | None, str]]:
    """SDC603's verdict and cell (its message names the signal, which differs), SDC604's and
    SDC605's findings whole."""
    return sorted((f.rule, f.status.value, f.location.cell,
                   "" if f.rule == "SDC603" else f.message)
                  for f in result.findings if f.rule in ("SDC603", "SDC604", "SDC605"))


@settings(max_examples=12, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(encoding=st.sampled_from(["cp1252", "latin-1", "utf-16", "utf-8-sig"]),
       shape=st.sampled_from(["ids", "ids-repeat", "no-id"]),
       rows=st.sampled_from([39, 40, 70]), seed=st.integers(0, 999))
def test_encoded_files_screen_only_where_the_full_path_fails(
        tmp_path: Path, encoding: str, shape: str, rows: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    ids = [f"P{i:06d}" for i in rng.permutation(rows)]
    if shape == "ids-repeat":
        ids[-1] = ids[0]
    frame = pd.DataFrame({"patient_id": ids, "ward": rng.choice(_WARDS, rows),
                          "age": rng.integers(0, 100, rows)})
    if shape == "no-id":
        frame = frame.drop(columns="patient_id")
    path = tmp_path / f"e{seed}_{rows}.csv"
    frame.to_csv(path, index=False, encoding=encoding)
    low = {"rules": {"row-level-data": {"screen_rows": 40}}}
    screened, full = sdc.check(path, build_policy(low)), sdc.check(path, build_policy(OFF))
    if _screened(path, low):
        assert shape == "ids" and rows >= 40
        assert screened.status is full.status is Status.FAIL
        assert _rows_rules(screened) == _rows_rules(full)
    else:
        assert shape != "ids" or rows < 40
        assert _found(screened) == _found(full)


def _late_dates(rows: int) -> pd.DataFrame:
    """Event dates over seventy years, blank in the first 521 rows (past the first chunk of
    ``CHUNK`` rows)."""
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({
        "patient_id": [f"P{i:06d}" for i in range(rows)],
        "event": (pd.Timestamp("1950-01-01") + pd.to_timedelta(rng.integers(0, 20_000, rows),
                                                                unit="D")).strftime("%d/%m/%Y"),
        "age": rng.integers(1, 90, rows)})
    frame.loc[:CHUNK + 20, "event"] = ""
    return frame


def _sdc604(result: sdc.RunResult) -> list[tuple[str | None, str]]:
    return sorted(((f.location.cell, f.message) for f in result.findings if f.rule == "SDC604"),
                  key=lambda found: (found[0] or "", found[1]))


def test_a_date_column_is_judged_on_all_its_rows(tmp_path: Path) -> None:
    """A column blank in the first chunk and dates after it: the screen judges it on all its
    text fields, as the full path does (it used to decide on the first chunk alone and miss
    it), so SDC604 lists the same dates of birth at the same cells."""
    _late_dates(1_200).to_csv(path := tmp_path / "late.csv", index=False)
    assert _screened(path, LOW)
    screened = _sdc604(sdc.check(path, build_policy(LOW)))
    assert screened == _sdc604(sdc.check(path, build_policy(OFF)))
    assert screened[:2] == [(None, "629 more identifier-like values"),
                            ("A1", "column 'patient_id' looks like a direct identifier "
                                   "(patient identifier)")]
    assert screened[2:] and all(m == "value looks like an identifier: date of birth"
                                and c is not None and c.startswith("B")
                                for c, m in screened[2:])
