"""A number format that writes digits of its own (``0" (West: 3)"``) is SDC605, and its message
quoted the format: the count it spells left in SARIF, JUnit, the GitHub annotations and the
JSON report without ``--show-values``. The machine form now names the format without its
text; the terminal/HTML message for the checker keeps it."""

from __future__ import annotations

from pathlib import Path

import openpyxl

import sdc
from sdc.policy import build_policy


def test_a_number_formats_text_stays_out_of_machine_formats(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["region", "count"], ["North", 120], ["South", 105], ["East", 60]]:
        ws.append(row)
    ws["B2"].number_format = '0" (West: 3)"'
    wb.save(folder / "t.xlsx")
    result = sdc.check(folder, build_policy({}))
    (finding,) = result.findings
    assert (finding.rule, finding.location.cell, finding.status.value) == ("SDC605", "B2",
                                                                           "review")
    assert "West: 3" in finding.text(show_values=True)
    shown = finding.text(show_values=False)
    # was: "number format: the number format '0\" (West: 3)\"' shows digits of its own: ..."
    assert shown == ("number format: the cell's number format shows digits of its own: Excel "
                     "does not show the value sdc reads")
    assert "West" not in str(finding.to_dict(with_evidence=False))
