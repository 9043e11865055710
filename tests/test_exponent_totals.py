"""A sum table whose total is printed in exponent notation (issue 12, wrong pass).

``2.17e+03`` is 2,170 to the nearest 10. Its every character after the point was read as a
decimal (six), so a line whose parts add to 2,168 did not fit, the turnover was taken as not a
sum and never audited, with no SDC402 either: North's hidden N1, given back exactly as 600 by
North's own line, passed (only SDC203 for the missing evidence; nothing at all with a sidecar).
Now an exponent-notation number counts half a unit of its own last digit, the line fits, and
the audit runs. Its exact equations do not hold with 2,170, so the total was rounded and the
audit reads it as [2,165, 2,175] (``sdc.exponent_bounds``): N1, given back by North's own line,
is SDC501 ``fail`` (it was SDC402 ``review``, the cell never reported). A total whose exact
reading fits (R writes 100,000 as ``1e+05``, exactly) stays exact: widened it would let N1 pass.
A total that does not add up at all (``2.3e+03``, or a planted ``9999.5``) made the same
measure unaudited; where another published line shows a sum the lines are still read as sums
(``linking.assumed_sum``, capped at review): SDC402 at the wrong total, SDC501 at N1."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.outputs import Output
from sdc.policy import build_policy
from sdc.printed_precision import last_digit_unit, sum_rounding_spread
from sdc.readers import read_output
from sdc.rules.suppression import _Audit
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
    # 1148 + 1020 = 2,168 is not 2,170: the total was rounded, N1 is 600 whatever it holds
    assert _check(tmp_path, "2.17e+03") == {NO_EVIDENCE, ("SDC501", "C2", "fail")}


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


# pandas' float_format="%.3g": every number of 1,000 or more in three significant digits
# (1151 -> 1.15e+03), the others as they are; N1 (603) hidden
TRUE = {("North", "N1"): 603.0, ("North", "N2"): 540.0, ("North", "N3"): 8.0,
        ("South", "S1"): 450.0, ("South", "S2"): 569.0}


def _three_digits(tmp_path: Path) -> list[Output]:
    import pandas as pd

    rows = []
    for region in ("North", "South"):
        parts = [(d, v) for (r, d), v in TRUE.items() if r == region]
        rows += [(region, d, v) for d, v in parts]
        rows.append((region, "Total", sum(v for _, v in parts)))
    rows.append(("Total", "Total", sum(TRUE.values())))
    frame = pd.DataFrame(rows, columns=["region", "district", "turnover"])
    frame.loc[0, "turnover"] = float("nan")  # N1, hidden: written as the marker
    folder = tmp_path / "r"
    folder.mkdir()
    frame.to_csv(folder / "t.csv", index=False, float_format="%.3g", na_rep="[c]")
    text = (folder / "t.csv").read_text()
    assert "North,Total,1.15e+03" in text and "Total,Total,2.17e+03" in text  # as pandas wrote
    return read_output(folder / "t.csv", "t.csv", build_policy({}))


def _oracle() -> tuple[float, float]:
    """N1's interval by linear programming: North's and South's lines and the grand total,
    each total within half a unit of its printed last digit, N1 >= 0.
    Variables: N1, North's total, South's total, the grand total."""
    from scipy.optimize import linprog

    a_eq = [[1, -1, 0, 0], [0, 0, 1, 0], [0, 1, 1, -1]]
    b_eq = [-(540 + 8), 450 + 569, 0]
    bounds = [(0, None), (1145, 1155), (1015, 1025), (2165, 2175)]
    ends = [linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs").fun
            for c in ([1, 0, 0, 0], [-1, 0, 0, 0])]
    return ends[0], -ends[1]


def test_a_rounded_total_gives_the_hidden_cell_its_printed_interval(tmp_path: Path) -> None:
    # 450 + 569 = 1,019 under 1.02e+03: exact, the table has no solution (it was SDC402
    # review, N1 never audited); read as printed, N1 lies in [598, 607] (true 603)
    outputs = _three_digits(tmp_path)
    audit = _Audit(outputs, None)
    assert audit.infeasible == []
    [cell] = audit.cells
    assert cell.cell.ref == "C2" and not cell.interval.exact
    lo, hi = _oracle()
    assert (lo, hi) == pytest.approx((598.0, 607.0))
    assert (cell.interval.lo, cell.interval.hi) == pytest.approx((lo, hi))
    assert found_with_status(sdc.check(tmp_path / "r", build_policy({}))) == {NO_EVIDENCE}


R_ROWS = ["region,district,turnover", "North,N1,[c]", "North,N2,40000", "North,N3,8000",
          "North,Total,1e+05", "South,S1,30000", "South,S2,70000", "South,Total,1e+05",
          "Total,Total,2e+05"]


def test_an_exponent_total_that_fits_exactly_stays_exact(tmp_path: Path) -> None:
    # R's write.csv prints 100,000 as 1e+05 and means it: N1 = 100,000 - 48,000 = 52,000.
    # Read as printed (50,000 to 150,000) N1 would lie in [2,000, 102,000] and pass
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "t.csv").write_text("\n".join(R_ROWS) + "\n")
    assert found_with_status(sdc.check(folder, build_policy({}))) == {
        NO_EVIDENCE, ("SDC501", "C2", "fail")}


def test_protect_reads_a_rounded_total_as_check_does(tmp_path: Path) -> None:
    # sdc protect took 2.17e+03 exactly and could complete no table from it (ProtectionError);
    # now it reads it as check does, hides a partner of N1 in North's line, and the written
    # file's check finds N1 no longer given back
    from sdc.protect import protect

    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "t.csv").write_text("\n".join(ROWS).format(n1="[c]", total="2.17e+03") + "\n")
    result = protect(folder / "t.csv")
    hidden = sorted(d.cell for d in result.decisions)
    assert hidden[0] == "C2" and set(hidden[1:]) <= {"C3", "C4"} and len(hidden) == 2
    (tmp_path / "out").mkdir()
    checked = result.write(tmp_path / "out" / "t.csv")
    assert found_with_status(checked) == {NO_EVIDENCE}
