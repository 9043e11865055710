"""SDC604 asks each distinct text of a table once whether it is an identifier or a date, and
reads no cell when none is and no column holds dates (issue 14 §3, issue 12 channel 12): the
same findings, in the same order, as reading every cell, on random tables (the screen refused
by ``_distinct_texts`` giving None)."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc.context import CheckContext
from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.rules import REGISTRY, content

POLICY = build_policy({})
TEXTS = ["943 476 5919", "9434765919", "a@b.org", "SW1A 1AA", "1990-03-04", "04/03/1990",
         "2021-06-01", "North", "South East", "", " ", "12", "7", "[c]", "dob 1990-03-04",
         "2019", "0-17", "Female"]
HEADS = ["dob", "nhs_number", "region", "date", "age", "n", "email", "seen"]


def _findings(text: str, max_findings: int) -> list[tuple[str | None, str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(text, encoding="utf-8")
        outputs = read_output(path, "t.csv", POLICY)
    cls = REGISTRY["SDC604"]
    rule = cls(cls.Params(max_findings=max_findings))
    return [(f.location.cell, f.message) for f in rule.check(outputs[0], CheckContext(
        policy=POLICY))]


@settings(max_examples=125, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HEADS), min_size=3, max_size=3),
       st.lists(st.lists(st.sampled_from(TEXTS), min_size=3, max_size=3), min_size=1,
                max_size=30),
       st.sampled_from([50, 2]))
def test_the_screen_gives_every_finding_of_the_cell_loop(heads: list[str],
                                                         rows: list[list[str]],
                                                         max_findings: int) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([heads, *rows])
    screened = _findings(out.getvalue(), max_findings)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(content, "_distinct_texts", lambda table: None)
        assert screened == _findings(out.getvalue(), max_findings)


def test_a_long_table_without_identifiers_and_one_with_a_date_column() -> None:
    rows = [["region", "age", "year", "n"]] + [
        [r, a, str(y), str(n)] for n, (r, a, y) in enumerate(
            (r, a, y) for r in ("North", "South") for a in ("0-17", "18+")
            for y in range(2000, 2030))]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    assert _findings(out.getvalue(), 50) == []
    dates = [["seen", "n"]] + [[f"19{50 + i % 40}-0{1 + i % 9}-1{i % 10}", "5"]
                               for i in range(40)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(dates)
    found = _findings(out.getvalue(), 50)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(content, "_distinct_texts", lambda table: None)
        assert found == _findings(out.getvalue(), 50)
    assert found and all(cell.startswith("A") for cell, _ in found[:-1])
