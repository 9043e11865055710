"""A sum table whose total is printed in exponent notation (issue 12, wrong pass).

``2.17e+03`` is 2,170 to the nearest 10. Its every character after the point was read as a
decimal (six), so a line whose parts add to 2,168 did not fit, the turnover was taken as not a
sum and never audited, with no SDC402 either: North's hidden N1, given back exactly as 600 by
North's own line, passed (only SDC203 for the missing evidence; nothing at all with a sidecar).
Now an exponent-notation number counts half a unit of its own last digit, the line fits, and
the audit runs: its exact equations do not hold with 2,170, so SDC402 ``review`` (the checker
looks); printed to the unit (``2.168e+03``) the audit gives N1 back: SDC501 ``fail``.
A total that does not add up at all (``2.3e+03``, or a planted ``9999.5``) made the same
measure unaudited; where another published line shows a sum the lines are still read as sums
(``linking.assumed_sum``, capped at review): SDC402 at the wrong total, SDC501 at N1."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.printed_precision import last_digit_unit, sum_rounding_spread
from tests.conftest import found_with_status

ROWS = ["region,district,turnover", "North,N1,{n1}", "North,N2,540", "North,N3,8",
        "North,Total,1148", "South,S1,450", "South,S2,570", "South,Total,1020",
        "Total,Total,{total}"]
NO_EVIDENCE = ("SDC203", None, "review")


def _check(tmp_path: Path, total: str, n1: str = "[c]") -> set[tuple[str, str | None, str]]:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "t.csv").write_text("\n".join(ROWS).format(n1=n1, total=total) + "\n")
    return found_with_status(sdc.check(folder, build_policy({})))


def test_a_hidden_cell_under_an_exponent_total_is_audited(tmp_path: Path) -> None:
    assert _check(tmp_path, "2.17e+03") == {NO_EVIDENCE, ("SDC402", None, "review")}


def test_an_exponent_total_printed_to_the_unit_gives_the_cell_back(tmp_path: Path) -> None:
    assert _check(tmp_path, "2.168e+03") == {NO_EVIDENCE, ("SDC501", "C2", "fail")}


def test_a_published_line_under_an_exponent_total_fits(tmp_path: Path) -> None:
    # safe twin: nothing hidden, 600 + 540 + 8 + 450 + 570 = 2,168 is 2.17e+03 to its digits
    assert _check(tmp_path, "2.17e+03", n1="600") == {NO_EVIDENCE}


@pytest.mark.parametrize("total", ["2.3e+03", "9999.5"])
def test_a_total_that_does_not_add_up_leaves_the_other_lines_audited(
        tmp_path: Path, total: str) -> None:
    # 2.3e+03 is 2,250 to 2,350, not 2,168; 9999.5 planted: the measure was taken as not a sum
    # and N1 (600 from North's own line) passed; South's published line shows a sum
    assert _check(tmp_path, total) == {NO_EVIDENCE, ("SDC402", "C9", "review"),
                                       ("SDC501", "C2", "review")}


def test_means_whose_lines_do_not_add_up_are_not_read_as_sums(tmp_path: Path) -> None:
    # safe twin: a column of means (no line adds up, the known parts exceed their margin)
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "t.csv").write_text(
        "region,district,cost\nNorth,N1,[c]\nNorth,N2,50\nNorth,N3,60\nNorth,Total,55\n"
        "South,S1,40\nSouth,S2,70\nSouth,Total,52\nTotal,Total,53.5\n")
    assert found_with_status(sdc.check(folder, build_policy({}))) == {NO_EVIDENCE}


@pytest.mark.parametrize(("raw", "unit"), [
    ("12.50", 0.01), ("1,148", 1.0), ("540", 1.0), ("2.17e+03", 10.0), ("1e+05", 1e5),
    ("2.5E-01", 0.01), ("-3.2e-1", 0.01)])
def test_the_unit_of_a_printed_number(raw: str, unit: float) -> None:
    assert last_digit_unit(raw) == pytest.approx(unit)


def test_a_lines_spread_is_unchanged_without_exponents() -> None:
    # the finest decimals for every number, as before: 3 numbers x half of 0.01
    assert sum_rounding_spread(["1.5", "2.25", "3.75"]) == pytest.approx(0.015)
    assert sum_rounding_spread(["1148", "1020", "2.17e+03"]) == pytest.approx(1.0 + 5.0)
