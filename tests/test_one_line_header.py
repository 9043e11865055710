"""A wide table of ONE line under a header of labels no vocabulary knows (round 22, flat3;
issue 12). ``region,Residents,Vaccinated`` / ``North,40,37`` (pandas ``to_csv(index=False)``,
R ``write.csv``, openpyxl) passed with 3 unvaccinated: one line orders every two numbers, so
round 22's evidence floor (``_one_order``, ``_beyond_chance``) never paired it. Nothing in the
numbers says categories either: fail closed, the labels are paired on their one line (SDC101
``review`` at the smaller cell), unless known categories (sexes, years, compass), a printed
sum column, or the API's own crosstab say otherwise. Oracles are computed from the numbers."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import sdc
from sdc import derived_counts
from sdc.policy import build_policy
from tests.conftest import findings_of

THRESHOLD = 10  # sdc's default small-count threshold
_WHERE = {"pandas": "t.csv", "pandas no label": "t.csv", "R": "t.csv",
          "R no row names": "t.csv", "openpyxl": "t.xlsx[t]"}


def _one_line(folder: Path, how: str, columns: dict[str, int], region: str = "North"
              ) -> sdc.RunResult:
    """One line under a header of one row, as the tool ``how`` writes it: pandas
    ``to_csv(index=False)`` with and without the region column, R ``write.csv`` (a blank
    first header, or the region column with ``row.names = FALSE``; quoted texts), openpyxl."""
    folder.mkdir(exist_ok=True)
    if how == "pandas":
        pd.DataFrame({"region": [region], **{k: [v] for k, v in columns.items()}}).to_csv(
            folder / "t.csv", index=False)
    elif how == "pandas no label":
        pd.DataFrame({k: [v] for k, v in columns.items()}).to_csv(folder / "t.csv", index=False)
    elif how in ("R", "R no row names"):
        first = '""' if how == "R" else '"region"'
        (folder / "t.csv").write_text(
            ",".join([first, *(f'"{c}"' for c in columns)]) + "\n"
            + ",".join([f'"{region}"', *(str(v) for v in columns.values())]) + "\n")
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "t"
        ws.append(["region", *columns])
        ws.append([region, *columns.values()])
        wb.save(folder / "t.xlsx")
    return sdc.check(folder, build_policy({}))


def _neighbours_left_over(how: str, columns: dict[str, int]) -> set[tuple[str, str, str]]:
    """The oracle: labels sorted by their one number, each next two apart by 1 to threshold-1,
    found at the smaller one's cell (row 2; column after the region label, if printed)."""
    first = 0 if how == "pandas no label" else 1
    ordered = sorted(columns, key=lambda label: -columns[label])
    return {("SDC101", _WHERE[how], f"{'ABCDEFGH'[list(columns).index(sub) + first]}2")
            for whole, sub in pairwise(ordered)
            if 0 < columns[whole] - columns[sub] < THRESHOLD}


@pytest.mark.parametrize("how", list(_WHERE))
def test_two_unknown_labels_on_one_line_are_paired(tmp_path: Path, how: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # 'Residents' 40 over 'Vaccinated' 37 on one line: 3 unvaccinated, reviewed at Vaccinated
    columns = {"Residents": 40, "Vaccinated": 37}
    expected = _neighbours_left_over(how, columns)
    assert len(expected) == 1
    result = _one_line(tmp_path / "after", how, columns)
    assert findings_of(result) == expected
    (finding,) = result.findings
    assert finding.status.value == "review"
    assert "if the second is a subgroup of the first" in finding.message
    # without the one-line reading (main before round 22 flat3) the file passed
    monkeypatch.setattr(derived_counts, "_one_data_line", lambda lines, labels: False)
    assert _one_line(tmp_path / "before", how, columns).status.value == "pass"


@pytest.mark.parametrize("how", ["pandas", "openpyxl"])
def test_three_unknown_labels_on_one_line_pair_their_neighbours(tmp_path: Path,
                                                                how: str) -> None:
    # Residents 40 > Vaccinated 37 > Boosted 30: 3 and 7 left over at the two smaller cells;
    # Residents less Boosted (10) is the sum of the two and not asked (chain neighbours)
    columns = {"Residents": 40, "Vaccinated": 37, "Boosted": 30}
    expected = _neighbours_left_over(how, columns)
    assert len(expected) == 2
    result = _one_line(tmp_path, how, columns)
    assert findings_of(result) == expected
    assert {f.status.value for f in result.findings} == {"review"}


@pytest.mark.parametrize(("columns", "region"), [
    ({"Female": 40, "Male": 37}, "North"),  # two sexes
    ({"2019": 40, "2020": 37}, "North"),  # two years
    ({"North": 40, "South": 37}, "Residents"),  # two points of the compass
    ({"a": 40, "b": 37, "Total": 77}, "North"),  # a column printing the others' sum
])
@pytest.mark.parametrize("how", ["pandas", "R", "openpyxl"])
def test_one_line_of_known_categories_passes(tmp_path: Path, how: str,
                                             columns: dict[str, int], region: str) -> None:
    # the numbers alone leave 3 (the labels, or the sum column, are what pass the file)
    parts = {k: v for k, v in columns.items() if k != "Total"}
    assert len(_neighbours_left_over(how, parts)) == 1
    assert _one_line(tmp_path, how, columns, region).status.value == "pass"


@pytest.mark.parametrize("columns", [{"Residents": 50, "Vaccinated": 37},  # 13 apart
                                     {"Residents": 40, "Vaccinated": 40},  # equal
                                     {"Residents": 40, "Vaccinated": 30}])  # threshold apart
@pytest.mark.parametrize("how", ["pandas", "R", "openpyxl"])
def test_one_line_of_unknown_labels_far_apart_passes(tmp_path: Path, how: str,
                                                     columns: dict[str, int]) -> None:
    assert _neighbours_left_over(how, columns) == set()
    assert _one_line(tmp_path, how, columns).status.value == "pass"


def test_a_total_that_is_not_the_sum_says_nothing(tmp_path: Path) -> None:
    # 'Total' 80 is not a + b (77): no sum column, so a and b are paired (C2), beside the
    # total's own findings (3 more than its parts: D2)
    columns = {"a": 40, "b": 37, "Total": 80}
    result = _one_line(tmp_path, "pandas", columns)
    pair = _neighbours_left_over("pandas", {"a": 40, "b": 37})
    assert pair == {("SDC101", "t.csv", "C2")}
    assert pair <= findings_of(result)
    paired = [f for f in result.findings if f.rule == "SDC101" and f.location.cell == "C2"]
    assert [f.status.value for f in paired] == ["review"]


def test_the_api_own_crosstab_of_one_line_passes(tmp_path: Path) -> None:
    # sdc.crosstab's columns are the values it grouped by (Table.columns_grouped): categories
    frame = pd.DataFrame({"region": ["North"] * 77,
                          "group": ["Residents"] * 40 + ["Vaccinated"] * 37})
    table = sdc.crosstab(frame.region, frame.group, policy=build_policy({}))
    assert table.df.loc["North"].tolist() == [40, 37]
    assert table.status.value == "pass"
    assert table.findings == []
