"""R's ``write.csv(prop.table(table(area, sex), 1))`` writes the proportions long under
``Freq`` (``"","area","sex","Freq"`` / ``"1","East","F",0.496894409937888``): read as counts
of less than one unit, every cell of a safe output failed SDC101. A count-named measure whose
values lie between 0 and 1, are not all whole and add up to 1 in every line along one
dimension (or over the whole table) is read as proportions: SDC303 asks for their units
(``sdc/readers/layout_long_shares.py``; docs/reading.md). R is not installed here: the files
are written as R's ``write.csv`` writes them (quoted row numbers and labels, numbers to 15
significant digits)."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})
AREAS = ("East", "North", "South", "West")


def _counts(west: tuple[int, int] = (74, 76)) -> dict[tuple[str, str], float]:
    women = dict(zip(AREAS, (80, 70, 75, west[0]), strict=True))
    men = dict(zip(AREAS, (81, 71, 73, west[1]), strict=True))
    return {**{(a, "F"): women[a] for a in AREAS}, **{(a, "M"): men[a] for a in AREAS}}


def _write_csv(path: Path, values: dict[tuple[str, str], float]) -> None:
    """``write.csv(as.data.frame(x))``: row numbers, labels, ``Freq`` (15 significant
    digits, as R prints a double)."""
    lines = ['"","area","sex","Freq"']
    for i, ((area, sex), value) in enumerate(values.items(), 1):
        lines.append(f'"{i}","{area}","{sex}",{format(value, ".15g")}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _by_row(counts: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """``prop.table(t, 1)``: each area's shares of its people."""
    totals = {a: sum(v for (area, _), v in counts.items() if area == a) for a in AREAS}
    return {key: value / totals[key[0]] for key, value in counts.items()}


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def test_row_proportions_are_shares_not_counts(tmp_path: Path) -> None:
    _write_csv(tmp_path / "prop.csv", _by_row(_counts()))
    assert '"1","East","F",0.496894409937888' in (tmp_path / "prop.csv").read_text()
    # before: SDC101 fail at D2..D9 (0.497 read as a count below 10)
    assert _check(tmp_path) == ({("SDC303", "prop.csv", None)}, "review")


def test_whole_table_proportions_are_shares(tmp_path: Path) -> None:
    counts = _counts()
    total = sum(counts.values())
    _write_csv(tmp_path / "prop.csv", {k: v / total for k, v in counts.items()})
    assert _check(tmp_path) == ({("SDC303", "prop.csv", None)}, "review")


def test_small_area_beside_its_counts_fails_at_the_share(tmp_path: Path) -> None:
    # the twin: West of 2 women and 5 men; the counts published beside give the shares a base
    counts = _counts(west=(2, 5))
    _write_csv(tmp_path / "prop.csv", _by_row(counts))
    _write_csv(tmp_path / "xtabs.csv", counts)
    assert _check(tmp_path) == ({("SDC101", "prop.csv", "D5"), ("SDC101", "prop.csv", "D9"),
                                 ("SDC103", "prop.csv", "D5"), ("SDC103", "prop.csv", "D9"),
                                 ("SDC101", "xtabs.csv", "D5"), ("SDC101", "xtabs.csv", "D9"),
                                 ("SDC303", "prop.csv", None)}, "fail")


def test_small_area_alone_is_never_passed(tmp_path: Path) -> None:
    _write_csv(tmp_path / "prop.csv", _by_row(_counts(west=(2, 5))))
    assert _check(tmp_path) == ({("SDC303", "prop.csv", None)}, "review")


def test_fractions_that_do_not_add_up_stay_counts(tmp_path: Path) -> None:
    # values under 1 adding up to nothing (0.4 + 0.3 in each area): not proportions of a
    # line, so the count reading (the stricter) stays
    values = {key: (0.4 if key[1] == "F" else 0.3) for key in _counts()}
    _write_csv(tmp_path / "odd.csv", values)
    assert _check(tmp_path) == ({("SDC101", "odd.csv", f"D{r}") for r in range(2, 10)},
                                "fail")
