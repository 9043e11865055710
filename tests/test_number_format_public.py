"""A number format that writes digits of its own (``0" (West: 3)"``) is SDC605, and its message
quoted the format: the count it spells left in SARIF, JUnit, the GitHub annotations and the
JSON report without ``--show-values``. The machine form now names the format without its
text; the terminal/HTML message for the checker keeps it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from tests.test_xlsx_free_text_numbers import check_regions_workbook


def test_a_number_formats_text_stays_out_of_machine_formats(tmp_path: Path) -> None:
    def build(wb: openpyxl.Workbook, ws: Worksheet) -> None:
        ws["B2"].number_format = '0" (West: 3)"'
    result = check_regions_workbook(tmp_path, build)
    (finding,) = result.findings
    assert (finding.rule, finding.location.cell, finding.status.value) == ("SDC605", "B2",
                                                                           "review")
    assert "West: 3" in finding.text(show_values=True)
    shown = finding.text(show_values=False)
    # was: "number format: the number format '0\" (West: 3)\"' shows digits of its own: ..."
    assert shown == ("number format: the cell's number format shows digits of its own: Excel "
                     "does not show the value sdc reads")
    assert "West" not in str(finding.to_dict(with_evidence=False))
