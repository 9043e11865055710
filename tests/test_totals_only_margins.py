"""A totals-only table beside a table of some bands: their margins under one label (all women)
a few apart give the bands the first does not print (round 38, hunt38's complementary bands).

``a.csv`` prints bands 18-24 to 35-44 by sex with its own totals row (153 women); ``c.csv``
prints only the totals of everyone (156 women): if both count one population, 3 women are in
the bands ``a.csv`` leaves out. Main passed both. SDC503 compares their one-label margins as it
compares grand totals (``review``: nothing here proves one population)."""

from __future__ import annotations

from pathlib import Path

from tests import release_modes
from tests.release_modes import found

jobs = release_modes.jobs

BANDS = "age_band,F,M,Total\n18-24,40,38,78\n25-34,55,61,116\n35-44,58,49,107\nTotal,153,148,301\n"


def _release(root: Path, totals: str, other: str = BANDS) -> Path:
    (root / "a.csv").write_text(other)
    (root / "c.csv").write_text("age_band,F,M,Total\n" + totals + "\n")
    return root


def test_totals_only_table_a_few_women_apart_is_review(tmp_path: Path, jobs: int) -> None:
    status, statuses, findings = found(_release(tmp_path, "Total,156,160,316"), jobs)
    assert findings == {("c.csv", "SDC503", "review", "B2")}
    assert statuses == {"a.csv": "pass", "c.csv": "review"}
    assert status == "review"


def test_every_margin_a_few_apart_each_named(tmp_path: Path, jobs: int) -> None:
    _, _, findings = found(_release(tmp_path, "Total,156,150,306"), jobs)
    assert findings == {("c.csv", "SDC503", "review", "B2"), ("c.csv", "SDC503", "review", "C2"),
                        ("c.csv", "SDC503", "review", "D2")}


def test_same_totals_pass(tmp_path: Path, jobs: int) -> None:
    status, _, findings = found(_release(tmp_path, "Total,153,148,301"), jobs)
    assert (status, findings) == ("pass", set())


def test_totals_ten_or_more_apart_pass(tmp_path: Path, jobs: int) -> None:
    status, _, findings = found(_release(tmp_path, "Total,170,160,330"), jobs)
    assert (status, findings) == ("pass", set())


def test_two_tables_of_categories_not_compared_by_margins(tmp_path: Path, jobs: int) -> None:
    # two cuts that both print categories (bands; regions) with women's totals 3 apart but
    # grand totals 15 apart: any two cuts of a release meet so; only a totals-only table is a
    # whole beside its part here (the grand totals' comparison is unchanged)
    (tmp_path / "a.csv").write_text(BANDS)
    (tmp_path / "b.csv").write_text(
        "region,F,M,Total\nNorth,70,80,150\nSouth,86,80,166\nTotal,156,160,316\n")
    status, _, findings = found(tmp_path, jobs)
    assert (status, findings) == ("pass", set())
