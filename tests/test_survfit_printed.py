"""Hunt round 12: R's printed ``summary(survfit)`` read as the CSV of the same columns.

Its header names the confidence interval with its level (``lower 95% CI``), so the header
line was taken for the first line of numbers and the block for R's named vector: the
survival 0.947 failed SDC101 as "count 0.947" on a safe table, and the events were read
down the wrong column. The header is now read as names, the columns as R prints them (no row
labels), each stratum (``sex=1``) as a table of its own, and the findings are those of the
same table saved with ``write.csv``: events 1-9 fail SDC101 at their cells, a safe table is
``review`` (the times, SDC203, and the model statistics, SDC301, as in the CSV; since fp26
only where a censored count is small).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import check_one_file, findings_of, found_with_status

HEADER = " time n.risk n.event survival std.err lower 95% CI upper 95% CI"
CALL = "Call: survfit(formula = Surv(time, status) ~ 1, data = lung)\n\n"
SMALL = ["    5    228       1    0.996 0.00438        0.987        1.000",
         "   11    227       3    0.982 0.00869        0.966        1.000",
         "   12    224       1    0.978 0.00970        0.959        0.997"]
SAFE = ["   30    228      12    0.947  0.0148        0.919        0.977",
        "   90    204      20    0.855  0.0234        0.810        0.902",
        "  180    160      34    0.703  0.0309        0.645        0.766"]


def _printed(rows: list[str]) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def _csv(rows: list[str]) -> str:
    names = "time,n.risk,n.event,survival,std.err,lower 95% CI,upper 95% CI"
    return "\n".join([names, *(",".join(r.split()) for r in rows)]) + "\n"


def test_small_events_fail_at_their_cells(tmp_path: Path) -> None:
    result = check_one_file(tmp_path, "km.txt", CALL + _printed(SMALL))
    # the events 1, 3, 1 and, since the irregular times order the rows (handbook2), the
    # number at risk's falls 228 -> 227 -> 224: 1 and 3 people
    assert {(r, c, s) for r, c, s in found_with_status(result) if r == "SDC101"} == {
        ("SDC101", "C2", "fail"), ("SDC101", "C3", "fail"), ("SDC101", "C4", "fail"),
        ("SDC101", "B3", "fail"), ("SDC101", "B4", "fail")}


def test_a_safe_table_is_not_failed(tmp_path: Path) -> None:
    result = check_one_file(tmp_path, "km.txt", _printed(SAFE))
    # B3: the fall 228 -> 204 less the later row's 20 events is 4 censored, one reading of
    # R's two conventions (an alternative: review at most; decisions, survival round)
    # was also SDC203 (the times), SDC301 (the standard error) and SDC602 (the survival):
    # beside the number at risk and the events it prints, those are the Kaplan-Meier
    # estimates of checked counts and the time axis (fp26, sdc.readers.layout_survival)
    assert found_with_status(result) == {("SDC101", "B3", "review")}
    assert result.status.value == "review"


def test_the_print_reads_as_its_csv(tmp_path: Path) -> None:
    for i, rows in enumerate((SMALL, SAFE)):
        printed = check_one_file(tmp_path / f"t{i}", "km.txt", _printed(rows))
        saved = check_one_file(tmp_path / f"c{i}", "km.csv", _csv(rows))
        assert {(f.rule, f.location.cell, f.status.value, f.message) for f in printed.findings} \
            == {(f.rule, f.location.cell, f.status.value, f.message) for f in saved.findings}


def test_each_stratum_is_a_table(tmp_path: Path) -> None:
    text = (CALL.replace("~ 1", "~ sex") + "                sex=1 \n" + _printed(SMALL[1:])
            + "\n                sex=2 \n" + _printed(SAFE[:2]))
    result = check_one_file(tmp_path, "km.txt", text)
    assert findings_of(result, {"SDC101"}) == {("SDC101", "km.txt#table1", "C2"),
                                               ("SDC101", "km.txt#table1", "C3"),
                                               ("SDC101", "km.txt#table1", "B3"),  # 227-224
                                               ("SDC101", "km.txt#table2", "B3"),  # 4 censored
                                               # the stratum's first row (cut from SMALL) read
                                               # as the step from 1: 227 x 0.018 = 4 events,
                                               # not the 3 printed (fp26: a step is read beside
                                               # printed events when it says other ones)
                                               ("SDC101", "km.txt#table1", "D2")}
    assert result.status.value == "fail"


# every count and every fall less its events 10 or more
LARGE = ["    7   1010     130    0.892 0.00897        0.874        0.909",
         "   19    820     118    0.788 0.01205        0.764        0.812",
         "   38    640      96    0.695 0.01420        0.668        0.724"]


def test_the_call_line_of_an_intercept_only_fit_is_no_number(tmp_path: Path) -> None:
    """``Surv(time, status) ~ 1``: the formula's intercept (fp26: the printed safe table was
    ``review`` for its ``Call:`` line alone)."""
    result = check_one_file(tmp_path, "km.txt", CALL + _printed(LARGE))
    assert findings_of(result) == set()
    assert result.status.value == "pass"


@pytest.mark.parametrize("call", [
    "Call: survfit(formula = Surv(time, status) ~ 3, data = lung)",
    "Call: survfit(formula = Surv(time, status) ~ 1, data = West3)",
    "Call: survfit(formula = Surv(time, status) ~ 1, data = lung) 3 died"])
def test_any_other_number_on_the_call_line_is_named(tmp_path: Path, call: str) -> None:
    result = check_one_file(tmp_path, "km.txt", call + "\n\n" + _printed(LARGE))
    assert findings_of(result) == {("SDC602", "km.txt", None)}
