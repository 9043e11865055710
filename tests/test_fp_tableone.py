"""R tableone's "Table 1" written with write.csv (false positives, eighth round).
``print(CreateTableOne(...), printToggle = FALSE)`` puts the statistic in the row label
(``sex = Male (%)``, ``region (%)`` over its levels set in by spaces, ``age (mean (SD))``) and
``98 (24.5)`` in the cells, with no ``%`` there or in the header, under an ``n`` line. Before,
no cell was read (``98 (24.5)`` may be a mean and its sd): SDC602 review on every number. Now a
row whose label (or its variable's) says ``(%)`` holds ``n (%)`` cells, their counts checked,
and the ``n`` line above them is counts. The files are written as R writes them (every field
quoted, the row names under ``""``)."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(root: Path, text: str) -> tuple[set[tuple[str, str, str | None]], str]:
    (root / "table1.csv").write_text(text)
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def _tableone(west: tuple[int, int], n: tuple[int, int] = (197, 203)) -> str:
    """``CreateTableOne(vars = c("died", "region"), strata = "sex", test = FALSE)``."""
    regions = {"East": (48, 50), "North": (50, 54), "South": (97 - west[0] + 2, 97 - west[1] + 2),
               "West": west}
    lines = ['"","Female","Male"', f'"n","{n[0]}","{n[1]}"',
             f'"died = 1 (%)","41 ({100 * 41 / n[0]:.1f})","39 ({100 * 39 / n[1]:.1f})"',
             '"region (%)","",""']
    for name, (f, m) in regions.items():
        lines.append(f'"   {name}","{f} ({100 * f / n[0]:.1f})","{m} ({100 * m / n[1]:.1f})"')
    return "\n".join(lines) + "\n"


def test_tableone_of_categories_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, _tableone((12, 14))) == (set(), "pass")


def test_tableone_overall_passes(tmp_path: Path) -> None:
    text = ('"","Overall"\n"n","400"\n"sex = Male (%)","203 (50.7)"\n"region (%)",""\n'
            '"   East","98 (24.5)"\n"   North","104 (26.0)"\n"   South","101 (25.2)"\n'
            '"   West","97 (24.2)"\n')
    assert _check(tmp_path, text) == (set(), "pass")


def test_tableone_with_a_small_level_fails_at_it(tmp_path: Path) -> None:
    assert _check(tmp_path, _tableone((2, 3))) == (
        {("SDC101", "table1.csv", "B8"), ("SDC101", "table1.csv", "C8")}, "fail")


def test_tableone_of_a_small_group_fails_at_its_n(tmp_path: Path) -> None:
    text = '"","Overall"\n"n","8"\n"sex = Male (%)","5 (62.5)"\n'
    # two lines: read as a column of counts with a text among them (SDC602 at it)
    assert _check(tmp_path, text) == (
        {("SDC101", "table1.csv", "B2"), ("SDC101", "table1.csv", "B3"),
         ("SDC103", "table1.csv", "B3"), ("SDC602", "table1.csv", "B3")}, "fail")


def test_tableone_with_a_mean_stays_review(tmp_path: Path) -> None:
    # ``age (mean (SD))``: a mean with no contribution evidence, its cells not read
    text = ('"","Overall"\n"n","400"\n"age (mean (SD))","53.26 (20.51)"\n'
            '"sex = Male (%)","203 (50.7)"\n')
    assert _check(tmp_path, text) == ({("SDC602", "table1.csv", None)}, "review")


def test_cells_without_a_percent_label_are_not_read_as_counts(tmp_path: Path) -> None:
    # ``12 (3.4)`` under a label that does not say (%) may be a mean and its sd: named
    text = '"","Overall"\n"n","400"\n"los (days)","12 (3.4)"\n"sex = Male (%)","203 (50.7)"\n'
    assert _check(tmp_path, text) == ({("SDC602", "table1.csv", None)}, "review")
