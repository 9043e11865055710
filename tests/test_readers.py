"""Reader corner cases: encodings, delimiters, junk, sizes, workbooks. Nothing crashes and
nothing unreadable passes; the rest of the folder is still checked."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.table import Role
from tests.conftest import findings_of, write_files


def _one(result: sdc.RunResult, path: str):
    return next(o for o in result.outputs if o.path == path)


def test_latin1_file_is_decoded(tmp_path: Path) -> None:
    text = "région,n\nÎle-de-France,3\nNord,45\nSud,40\n"
    (tmp_path / "t.csv").write_bytes(text.encode("cp1252"))
    result = sdc.check(tmp_path / "t.csv", build_policy({}))
    out = _one(result, "t.csv")
    assert findings_of(result, {"SDC101"}) == {("SDC101", "t.csv", "B2")}
    assert out.findings[0].location.row_label == "Île-de-France"


def test_utf8_bom_and_utf16(tmp_path: Path) -> None:
    text = "age,n\n18-24,3\n25-34,40\n35-44,45\n"
    (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (tmp_path / "u16.csv").write_bytes(text.encode("utf-16"))
    result = sdc.check(tmp_path, build_policy({}))
    assert findings_of(result, {"SDC101"}) == {("SDC101", "bom.csv", "B2"),
                                               ("SDC101", "u16.csv", "B2")}


def test_mixed_encodings_do_not_crash(tmp_path: Path) -> None:
    data = "grp,n\ncafé,12\n".encode() + "naïve,40\n".encode("cp1252") + b"x,45\n"
    (tmp_path / "t.csv").write_bytes(data)
    result = sdc.check(tmp_path, build_policy({}))
    assert _one(result, "t.csv").table is not None


def test_binary_junk_renamed_csv_is_review_and_rest_checked(tmp_path: Path) -> None:
    write_files(tmp_path, {"junk.csv": bytes(range(256)) * 40,
                           "ok.csv": "grp,n\na,12\nb,25\nc,30\n"})
    result = sdc.check(tmp_path, build_policy({}))
    junk = _one(result, "junk.csv")
    assert junk.status.value == "review"
    assert [f.rule for f in junk.findings] == ["SDC602"]
    assert "binary" in junk.findings[0].message
    assert _one(result, "ok.csv").status.value == "pass"


def test_huge_csv_is_refused_by_size_before_loading(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.write(b"grp,n\n")
        fh.truncate(200 * 1024 * 1024)  # a sparse 200 MB file
    result = sdc.check(tmp_path, build_policy({}))
    out = _one(result, "big.csv")
    assert {f.rule for f in out.findings} == {"SDC606", "SDC602"}
    assert out.status.value == "fail"
    assert out.table is None


def test_ten_thousand_columns(tmp_path: Path) -> None:
    header = "grp," + ",".join(f"c{i}" for i in range(10_000))
    row = "a," + ",".join("12" for _ in range(10_000))
    (tmp_path / "wide.csv").write_text(header + "\n" + row + "\n")
    result = sdc.check(tmp_path, build_policy({}))
    assert findings_of(result) >= {("SDC606", "wide.csv", None)}
    assert _one(result, "wide.csv").status.value == "fail"


def test_encrypted_workbook_is_review(tmp_path: Path) -> None:
    (tmp_path / "secret.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    result = sdc.check(tmp_path, build_policy({}))
    (finding,) = _one(result, "secret.xlsx").findings
    assert finding.rule == "SDC602" and "password-protected" in finding.message


def test_corrupt_workbook_is_review(tmp_path: Path) -> None:
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<not xml")
    (tmp_path / "bad2.xlsx").write_bytes(buf.getvalue())
    result = sdc.check(tmp_path, build_policy({}))
    for name in ("bad.xlsx", "bad2.xlsx"):
        out = _one(result, name)
        assert [f.rule for f in out.findings] == ["SDC602"], name
        assert out.status.value == "review"


def test_zip_bomb_renamed_xlsx_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * 30_000_000)
    (tmp_path / "bomb.xlsx").write_bytes(buf.getvalue())
    result = sdc.check(tmp_path, build_policy({}))
    out = _one(result, "bomb.xlsx")
    assert {f.rule for f in out.findings} == {"SDC606", "SDC602"}
    assert "zip bomb" in next(f.message for f in out.findings if f.rule == "SDC606")


def test_workbook_every_sheet_is_an_output_with_merged_headers_and_text_numbers(
    tmp_path: Path,
) -> None:
    write_files(tmp_path, {"book.xlsx": {"sheets": [
        {"title": "Admissions", "rows": [
            ["Admissions by age and sex"],
            ["age", "Sex", None, None],
            [None, "Female", "Male", "Total"],
            ["18-24", "3", 25, 28],
            ["25-34", 40, "1,204", 1244]],
         "merged": ["B2:D2"]},
        {"title": "Deaths", "rows": [["grp", "n"], ["a", 12], ["b", 30]]},
    ]}})
    result = sdc.check(tmp_path, build_policy({}))
    assert [(o.path, o.sheet) for o in result.outputs] == [
        ("book.xlsx", "Admissions"), ("book.xlsx", "Deaths")]
    admissions = result.outputs[0]
    table = admissions.table
    assert table.layout == "wide"
    assert {c.ref: c.value for c in table.cells} == {
        "B4": 3, "C4": 25, "D4": 28, "B5": 40, "C5": 1204, "D5": 1244}
    assert findings_of(result, {"SDC101"}) == {("SDC101", "book.xlsx[Admissions]", "B4")}
    assert result.outputs[1].status.value == "pass"


def test_formula_without_cached_value_is_not_trusted(tmp_path: Path) -> None:
    write_files(tmp_path, {"book.xlsx": {"sheets": [
        {"title": "T", "rows": [["grp", "a", "b", "total"], ["x", 12, 25, None],
                                ["y", 30, 40, 70]],
         "formulas": {"D2": "=B2+C2"}}]}})
    result = sdc.check(tmp_path, build_policy({}))
    assert findings_of(result, {"SDC602", "SDC605"}) == {
        ("SDC602", "book.xlsx[T]", "D2"), ("SDC605", "book.xlsx[T]", "D2")}


def test_long_and_wide_tables_have_the_same_cells(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "wide.csv": "age,F,M\n18-24,12,30\n25-34,14,3\n",
        "long.csv": "age,sex,n\n18-24,F,12\n18-24,M,30\n25-34,F,14\n25-34,M,3\n",
    })
    result = sdc.check(tmp_path, build_policy({}))
    wide, long = (_one(result, "wide.csv").table, _one(result, "long.csv").table)
    assert wide.layout == "wide" and long.layout == "long"
    as_set = {(tuple(sorted(c.coords.values())), c.value) for c in wide.cells}
    assert as_set == {(tuple(sorted(c.coords.values())), c.value) for c in long.cells}
    assert {f.location.cell for f in result.findings if f.rule == "SDC101"} == {"C3", "C5"}


def test_totals_are_recognised(tmp_path: Path) -> None:
    write_files(tmp_path, {"t.csv": "age,F,M,All\n18-24,12,30,42\nTotal,12,30,42\n"})
    table = sdc.check(tmp_path, build_policy({})).outputs[0].table
    margins = {c.ref for c in table.cells if c.is_margin}
    assert margins == {"D2", "B3", "C3", "D3"}


def test_kind_is_inferred_and_unknown_is_review(tmp_path: Path) -> None:
    write_files(tmp_path, {
        "counts.csv": "grp,n\na,12\nb,30\n",
        "means.csv": "grp,mean_bmi\na,27.1\nb,25.3\n",
        "odd.csv": "grp,score\na,0.71\nb,0.25\n",
    })
    result = sdc.check(tmp_path, build_policy({}))
    kinds = {o.path: o.kind for o in result.outputs}
    assert kinds == {"counts.csv": "frequency", "means.csv": "magnitude", "odd.csv": "unknown"}
    assert _one(result, "odd.csv").status.value == "review"
    roles = {m.name: m.role for m in _one(result, "means.csv").table.measures}
    assert roles == {"mean_bmi": Role.MAGNITUDE}


@pytest.mark.parametrize("marker", ["*", "<5", "[c]", "[x]", "[z]", "..", "-", "REDACTED", "",
                                    "<10", "≤5"])
def test_markers_are_suppressed_cells_not_numbers(tmp_path: Path, marker: str) -> None:
    write_files(tmp_path, {"t.csv": f"grp,n\na,{marker}\nb,30\nc,45\n"})
    table = sdc.check(tmp_path, build_policy({})).outputs[0].table
    cell = next(c for c in table.cells if c.ref == "B2")
    assert cell.suppressed and cell.value is None


def test_custom_marker_list(tmp_path: Path) -> None:
    write_files(tmp_path, {"t.csv": "grp,n\na,supp\nb,30\nc,45\n"})
    result = sdc.check(tmp_path, build_policy({"markers": ["supp"]}))
    cell = next(c for c in result.outputs[0].table.cells if c.ref == "B2")
    assert cell.suppressed
    plain = sdc.check(tmp_path, build_policy({}))
    assert findings_of(plain, {"SDC602"}) == {("SDC602", "t.csv", "B2")}


def test_a_reader_or_rule_bug_fails_closed(tmp_path: Path, monkeypatch) -> None:
    from sdc.rules.counts import SmallCount

    def broken(self, output, ctx):
        raise RuntimeError("boom")

    monkeypatch.setattr(SmallCount, "check", broken)
    write_files(tmp_path, {"t.csv": "grp,n\na,12\nb,30\n"})
    result = sdc.check(tmp_path, build_policy({}))
    (finding,) = result.findings
    assert finding.rule == "SDC602" and "SDC101 could not check" in finding.message
    assert result.status.value == "review"


def test_formula_cached_value_is_read(tmp_path: Path) -> None:
    import re

    write_files(tmp_path, {"plain.xlsx": {"sheets": [
        {"title": "T", "rows": [["grp", "a", "b", "total"], ["x", 12, 25, None],
                                ["y", 30, 40, 70]],
         "formulas": {"D2": "=B2+C2"}}]}})
    # Excel stores the last calculated value next to the formula; openpyxl cannot write it,
    # so put it into the sheet XML the way Excel does.
    src = tmp_path / "plain.xlsx"
    dst = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(r"<f>B2\+C2</f>(<v\s*/>|<v></v>)?", "<f>B2+C2</f><v>37</v>", text)
                data = text.encode()
            zout.writestr(item, data)
    src.unlink()
    result = sdc.check(tmp_path, build_policy({}))
    table = result.outputs[0].table
    assert next(c for c in table.cells if c.ref == "D2").value == 37
    assert findings_of(result, {"SDC602"}) == set()
    assert findings_of(result, {"SDC605"}) == {("SDC605", "cached.xlsx[T]", "D2")}
