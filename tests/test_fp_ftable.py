"""R's ``ftable`` printed in a log (false positives, eighth round). ``ftable(xtabs(~ region + sex
+ died))`` prints the column variable's name left of its levels (``died   0   1``) over the row
variables' names (``region sex``). The name was read as part of the first column's label
(``died 0``), leaving the other code (``1``) a number not understood: SDC602 review on a safe
table. Now the name is the table's caption and the codes its column labels; a small count
still fails at its cell."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _ftable(west_female_died: int, levels: tuple[str, str] = ("0", "1")) -> str:
    counts = {("East", "Female"): (38, 10), ("East", "Male"): (40, 10),
              ("North", "Female"): (39, 11), ("North", "Male"): (42, 12),
              ("West", "Female"): (12, west_female_died), ("West", "Male"): (13, 11)}
    width = max(len(a) for a in levels) + 2
    lines = ["> ftable(xtabs(~ region + sex + died, data = df))",
             f"{'died':>17}" + "".join(f"{a:>{width}}" for a in levels),
             "region sex" + " " * (7 + 2 * width)]
    previous = ""
    for (region, sex), (alive, died) in counts.items():
        shown = region if region != previous else ""
        previous = region
        lines.append(f"{shown:<7}{sex:<10}" + f"{alive:>{width}}{died:>{width}}")
    return "\n".join(lines) + "\n"


def _check(root: Path, text: str) -> tuple[set[tuple[str, str, str | None]], str]:
    (root / "t.log").write_text(text)
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def test_ftable_of_coded_columns_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, _ftable(10)) == (set(), "pass")


def test_ftable_with_a_small_count_fails_at_it(tmp_path: Path) -> None:
    # 3 West women died: a small count, and the 12 who lived (C6) and the 11 men who died
    # (D7) are all but 3 of their lines (SDC103)
    assert _check(tmp_path, _ftable(3)) == (
        {("SDC101", "t.log#table1", "D6"), ("SDC103", "t.log#table1", "C6"),
         ("SDC103", "t.log#table1", "D7")}, "fail")


def test_ftable_of_named_levels_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, _ftable(10, ("No", "Yes"))) == (set(), "pass")
