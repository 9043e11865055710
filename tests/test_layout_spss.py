"""SPSS CROSSTABS exported to CSV and XLSX (sdc/readers/layout_spss.py; hunt round 12, issue
12): the ``Count`` lines are a count crosstab with its totals, the ``%`` lines percentages on
the same cells (SDC303 at the count they rest on), a statistic line not known keeps the output
``review``, and a share its count and total do not give is ``review``. Every file is written
as SPSS writes it (tests/corpus/spss_outputs.py) and checked alone in a folder of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers import read_output
from tests.conftest import findings_of
from tests.corpus.spss_outputs import (
    SAFE,
    SMALL,
    crosstab_lines,
    write_csv,
    write_xlsx,
)

POLICY = build_policy({})
CSV = "region_by_treat.csv"
XLSX = "region_by_treat.xlsx[Crosstabs]"

# North / Treated is 3 (E4); its three shares sit below it (E5-E7); North's other cell leaves
# 3 of the row's 15 (D4) and South / Treated 3 of Treated's 20 (E8)
SMALL_FINDINGS = {("SDC101", "E4"), ("SDC103", "D4"), ("SDC103", "E8"),
                  ("SDC303", "E5"), ("SDC303", "E6"), ("SDC303", "E7")}


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


@pytest.mark.parametrize("writer, path", [(write_csv, CSV), (write_xlsx, XLSX)])
def test_a_count_of_3_fails_and_its_shares_rest_on_it(tmp_path: Path, writer, path) -> None:
    writer(tmp_path / path.split("[")[0], crosstab_lines(SMALL))
    found, status = _check(tmp_path)
    assert (found, status) == ({(rule, path, cell) for rule, cell in SMALL_FINDINGS}, "fail")


@pytest.mark.parametrize("writer, path", [(write_csv, CSV), (write_xlsx, XLSX)])
def test_the_safe_twin_passes(tmp_path: Path, writer, path) -> None:
    writer(tmp_path / path.split("[")[0], crosstab_lines(SAFE))
    assert _check(tmp_path) == (set(), "pass")


def test_the_table_is_read_as_counts_by_two_variables(tmp_path: Path) -> None:
    write_csv(tmp_path / CSV, crosstab_lines(SAFE))
    outputs = read_output(tmp_path / CSV, CSV, POLICY)
    table = outputs[0].table
    assert table is not None and table.problems == []
    assert table.dimensions == ["region", "treat"]
    assert [(m.name, m.role.value, m.per) for m in table.measures] == [
        ("Count", "count", None), ("% within region", "percent", 100.0),
        ("% within treat", "percent", 100.0), ("% of Total", "percent", 100.0)]
    counts = {(c.coords["region"], c.coords["treat"]): (c.source.ref, c.value,
                                                         sorted(c.total_dims))
              for c in table.cells if c.measure.name == "Count"}
    assert counts == {
        ("North", "Control"): ("D4", 52, []), ("North", "Treated"): ("E4", 48, []),
        ("North", "Total"): ("F4", 100, ["treat"]), ("South", "Control"): ("D8", 40, []),
        ("South", "Treated"): ("E8", 60, []), ("South", "Total"): ("F8", 100, ["treat"]),
        ("Total", "Control"): ("D12", 92, ["region"]),
        ("Total", "Treated"): ("E12", 108, ["region"]),
        ("Total", "Total"): ("F12", 200, ["region", "treat"])}


def test_expected_counts_are_not_read_and_stay_review(tmp_path: Path) -> None:
    # the safe counts with Expected Count lines: counts and shares pass, the expected counts
    # are numbers no rule reads (review, the statistic named)
    write_csv(tmp_path / CSV, crosstab_lines(SAFE, ("Expected Count", "% within region")))
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "review"
    assert findings_of(result) == {("SDC602", CSV, None)}
    messages = " ".join(f.message for f in result.findings)
    assert "9 numbers not understood" in messages
    assert "'Expected Count' is not read" in messages
    for ref in ("D5", "E5", "F5", "D8", "E8", "F8", "D11", "E11", "F11"):
        assert ref in messages


def test_expected_counts_beside_a_small_count_still_fail(tmp_path: Path) -> None:
    write_csv(tmp_path / CSV, crosstab_lines(SMALL, ("Expected Count",)))
    found, status = _check(tmp_path)
    assert status == "fail"
    assert ("SDC101", CSV, "E4") in found and ("SDC602", CSV, None) in found


def test_a_share_its_count_does_not_give_is_review(tmp_path: Path) -> None:
    # North's row shares printed 92.0% / 8.0% over counts 52 / 48: the share (8% of 100 is
    # 8) may be the truth; never read as safe because the count beside it is
    lines = crosstab_lines(SAFE)
    lines[4] = [None, None, "% within region", 92.0, 8.0, 100.0]
    write_csv(tmp_path / CSV, lines)
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value != "pass"
    assert any(f.rule == "SDC602" and "'% within region' share(s) are not their count"
               in f.message for f in result.findings)


def test_a_hidden_count_its_shares_give_away_fails(tmp_path: Path) -> None:
    lines = crosstab_lines(SMALL)
    lines[3] = ["region", "North", "Count", 12, "*", 15]
    write_csv(tmp_path / CSV, lines)
    found, status = _check(tmp_path)
    assert status == "fail"
    assert {("SDC101", CSV, "E5"), ("SDC501", CSV, "E4")} <= found


def test_a_layer_variable_is_left_to_the_general_reading(tmp_path: Path) -> None:
    # a third variable left of the row variable (CROSSTABS region BY treat BY sex): not this
    # layout; the general reading leaves it review
    lines = crosstab_lines(SAFE)
    lines = [lines[0], [None, *lines[1]], [None, *lines[2]],
             *(["Female" if k == 0 else None, *line] for k, line in enumerate(lines[3:]))]
    write_csv(tmp_path / CSV, lines)
    found, status = _check(tmp_path)
    assert status == "review"
    assert ("SDC602", CSV, None) in found


def test_the_row_variable_repeated_on_every_line_is_read_the_same(tmp_path: Path) -> None:
    # an export that writes the row variable's name on each line of its categories (not only
    # the first): the labels are the group's own, so the same cells fail
    lines = crosstab_lines(SMALL)
    for line in lines[3:11]:  # North's and South's groups (Total's starts at 11)
        line[0] = "region"
    write_csv(tmp_path / CSV, lines)
    assert (tmp_path / CSV).read_text().splitlines()[7] == "region,South,Count,11,17,28"
    found, status = _check(tmp_path)
    assert (found, status) == ({(rule, CSV, cell) for rule, cell in SMALL_FINDINGS}, "fail")


def test_a_line_of_another_category_in_a_group_leaves_the_general_reading(
        tmp_path: Path) -> None:
    # a % line labelled South inside North's group: not this layout (review as before)
    lines = crosstab_lines(SAFE)
    lines[5] = [None, "South", *lines[5][2:]]
    write_csv(tmp_path / CSV, lines)
    found, status = _check(tmp_path)
    assert status == "review" and ("SDC602", CSV, None) in found
