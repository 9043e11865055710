"""A percentage whose base n is published in another output of the same release: its counts
are derived from that base and checked (issue 11 §4). The match is by labels, a guess, so it
only adds findings: without a base, or with a safe one, the percentage stays SDC303 review."""

from __future__ import annotations

PCT = "region,% smoking\nNorth,40.0\nSouth,50.0\n"


def test_small_count_through_a_base_in_another_output(check_files) -> None:
    result = check_files({"pct.csv": PCT, "n.csv": "region,n\nNorth,200\nSouth,12\n"})
    found = {(f.rule, f.location.path, f.location.cell) for f in result.findings}
    assert found == {
        ("SDC101", "pct.csv", "B3"),  # 50% of South's 12 is 6
        ("SDC103", "pct.csv", "B3"),
        ("SDC103", "n.csv", "B2"),  # North is 94% of the regions' total
        ("SDC303", "pct.csv", None)}  # the units of the percentages are still a guess
    (small,) = [f for f in result.findings if f.rule == "SDC101"]
    assert "published in n.csv" in small.message


def test_base_in_another_sheet_of_a_workbook(check_files) -> None:
    result = check_files({"t.xlsx": {"sheets": [
        {"title": "pct", "rows": [["region", "% smoking"], ["North", 40.0], ["South", 50.0]]},
        {"title": "n", "rows": [["region", "n"], ["North", 200], ["South", 12]]}]}})
    assert ("SDC101", "t.xlsx", "B3") in {(f.rule, f.location.path, f.location.cell)
                                          for f in result.findings if f.location.sheet == "pct"}


def test_safe_base_elsewhere_stays_review(check_files) -> None:
    # the other table may count another population: a found base never passes a percentage
    result = check_files({"pct.csv": PCT, "n.csv": "region,n\nNorth,200\nSouth,120\n"})
    assert {(f.rule, f.location.path) for f in result.findings} == {("SDC303", "pct.csv")}
    assert result.status.value == "review"


def test_two_different_bases_leave_the_percentage_to_review(check_files) -> None:
    result = check_files({"pct.csv": PCT, "n.csv": "region,n\nNorth,200\nSouth,12\n",
                          "m.csv": "region,n\nNorth,200\nSouth,120\n"})
    assert not any(f.rule == "SDC101" and f.location.path == "pct.csv"
                   for f in result.findings)
    assert any(f.rule == "SDC303" and f.location.path == "pct.csv" for f in result.findings)
    assert result.status.value != "pass"


def test_no_base_anywhere_is_review(check_files) -> None:
    result = check_files({"pct.csv": PCT})
    assert {(f.rule, f.location.path) for f in result.findings} == {("SDC303", "pct.csv")}
