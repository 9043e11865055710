"""The header guess is never the only reason a small number goes unchecked (issue 11, reading
leftovers 1): a headerless table whose first row is a word over numeric row labels, holding
small counts that look like a column variable's codes (``deaths,1,2``), never ends in
``pass`` -- whatever the word, the labels below, a second label column, or a total row (which,
for a headerless table, counts the first row too)."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})
WORDS = ["deaths", "yr", "year", "grp", "g", "baseline", "earlier", "age", "cohort", "wave",
         "arm", "x", "region", "sex", "visit", "Deaths", "period"]


@st.composite
def headerless_tables(draw: st.DrawFn) -> str:
    start = draw(st.sampled_from([0, 1]))
    width = draw(st.integers(2, 4))
    first_counts = [start + i for i in range(width)]  # 0,1 / 1,2 / 1,2,3 ... as counts
    years = draw(st.booleans())
    n_rows = draw(st.integers(2, 5))
    labels = ([2015 + i for i in range(n_rows)] if years
              else [start + width + i for i in range(n_rows)])
    second = draw(st.sampled_from([None, "text", "codes"]))
    rows: list[list[str]] = []
    first = [draw(st.sampled_from(WORDS))]
    if second is not None:
        first.append(draw(st.sampled_from(WORDS)))
    rows.append(first + [str(v) for v in first_counts])
    for label in labels:
        row = [str(label)]
        if second == "text":
            row.append(draw(st.sampled_from(["F", "M"])))
        elif second == "codes":
            row.append(str(draw(st.sampled_from([1, 2]))))
        row += [str(draw(st.integers(20, 900))) for _ in range(width)]
        rows.append(row)
    if draw(st.booleans()):  # a total row of a headerless table: it counts the first row too
        n_labels = 1 + (second is not None)
        totals = [sum(int(r[n_labels + j]) for r in rows) for j in range(width)]
        rows.append(["Total"] + [""] * (n_labels - 1) + [str(t) for t in totals])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headerless_tables())
def test_a_headerless_first_row_of_small_counts_never_passes(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(text, encoding="utf-8")
        result = sdc.check(path, POLICY)
    assert result.status.value != "pass", text
